//! Page through every dialog of a party, following continuation tokens.
//!
//!   DP_BASE_URL=http://127.0.0.1:5280 DP_TOKEN=dev-token cargo run -p dialogporten --example search_pages

use dialogporten::{Client, Environment, Error};
use futures::TryStreamExt;

#[tokio::main]
async fn main() -> Result<(), Error> {
    let environment: Environment = std::env::var("DP_BASE_URL")
        .unwrap_or_else(|_| "http://127.0.0.1:5280".into())
        .parse()
        .map_err(|e| Error::Config(format!("DP_BASE_URL: {e}")))?;
    let token = std::env::var("DP_TOKEN").map_err(|_| Error::Config("set DP_TOKEN to a bearer token".into()))?;
    let party = std::env::var("DP_PARTY").unwrap_or_else(|_| "urn:altinn:organization:identifier-no:991825827".into());
    let client = Client::builder(environment).bearer_token(token).build()?;

    let mut pages = std::pin::pin!(client.search_dialogs_pages(|search| search.party(vec![party.clone()]).limit(100)));
    let mut total = 0;
    while let Some(page) = pages.try_next().await? {
        for dialog in page.items.iter().flatten() {
            println!("{}\t{}\t{}", dialog.id, dialog.status, dialog.updated_at);
        }
        total += page.items.as_ref().map_or(0, Vec::len);
        eprintln!("page done ({total} so far, more: {})", page.has_next_page);
    }
    eprintln!("{total} dialogs");
    Ok(())
}
