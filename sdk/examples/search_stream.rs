//! Every dialog of a party, page after page, as one stream, with its title in the reader's language.
//!
//!   DP_BASE_URL=http://127.0.0.1:5280 DP_TOKEN=dev-token cargo run -p dialogporten --example search_stream
//!
//! `DP_PARTY` picks the party (default Digdir's organisation), `DP_LANGUAGE` the language (default nb).

use dialogporten::prelude::*;

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::from_env()?;
    let party = std::env::var("DP_PARTY").unwrap_or_else(|_| "urn:altinn:organization:identifier-no:991825827".into());
    let language = std::env::var("DP_LANGUAGE").unwrap_or_else(|_| "nb".into());

    let mut dialogs =
        std::pin::pin!(client.search_dialogs_stream(|search| search.party(vec![party.clone()]).limit(100)));
    while let Some(dialog) = dialogs.try_next().await? {
        println!("{}\t{}\t{}", dialog.id, dialog.status, dialog.title(&language).unwrap_or_default());
    }
    Ok(())
}
