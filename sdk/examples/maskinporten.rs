//! Maskinporten from Rust: sign grants with the client's key, get tokens, list dialogs.
//!
//! Against a real environment, with a client registered in Maskinporten:
//!   DP_ENV=tt02 DP_CLIENT_ID=… DP_KEY_FILE=key.json cargo run -p dialogporten --example maskinporten
//! Against `dp-server --dev`, which is its own Maskinporten, leave out the key: the example makes
//! one and registers it as a development client first.
//!   DP_ENV=http://127.0.0.1:5280 cargo run -p dialogporten --example maskinporten

use dialogporten::auth::{ClientKey, DevelopmentClient};
use dialogporten::prelude::*;

#[tokio::main]
async fn main() -> Result<(), Error> {
    let environment: Environment =
        std::env::var("DP_ENV").unwrap_or_else(|_| dialogporten::LOCAL_URL.into()).parse()?;
    let client_id = std::env::var("DP_CLIENT_ID").unwrap_or_else(|_| "example-client".into());
    let key = match std::env::var("DP_KEY_FILE") {
        Ok(path) => ClientKey::from_file(path.as_ref(), None, None)?,
        Err(_) => {
            let key = ClientKey::generate(2048)?.with_kid("example-key");
            DevelopmentClient::new(client_id.clone(), &key).register(&environment).await.map(|()| key)?
        }
    };
    let client = Client::builder(environment).maskinporten(client_id, key).build()?;

    for dialog in client.search_dialogs().limit(10).send().await?.into_inner().items {
        println!("{} {} {}", dialog.id, dialog.org, dialog.title("nb").unwrap_or_default());
    }
    Ok(())
}
