//! Maskinporten from Rust: sign grants with the client's key, get tokens, use the API.
//!
//! Against a real environment, with a client registered in Maskinporten:
//!   DP_ENV=tt02 DP_CLIENT_ID=… DP_KEY_FILE=key.json cargo run -p dialogporten --example maskinporten
//! Against `dp-server --dev`, which is its own Maskinporten, leave out the key: the example makes
//! one and registers it as a development client first.
//!   DP_BASE_URL=http://127.0.0.1:5280 cargo run -p dialogporten --example maskinporten

use std::sync::Arc;

use dialogporten::auth::{ClientKey, DevelopmentClient, MaskinportenConfig, MaskinportenProvider};
use dialogporten::prelude::*;
use dialogporten::types::{ContentValue, CreateDialog, CreateDialogContent, Localization};
use dialogporten::{DEFAULT_SCOPES, LOCAL_URL};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let environment: Environment = std::env::var("DP_BASE_URL")
        .or_else(|_| std::env::var("DP_ENV"))
        .unwrap_or_else(|_| LOCAL_URL.into())
        .parse()?;
    let (client_id, key) = match (std::env::var("DP_CLIENT_ID"), std::env::var("DP_KEY_FILE")) {
        (Ok(client_id), Ok(path)) => {
            let kid = std::env::var("DP_KID").ok();
            (client_id, ClientKey::from_file(std::path::Path::new(&path), kid.as_deref(), None)?)
        }
        _ => {
            let key = ClientKey::generate(2048)?.with_kid("example-key");
            DevelopmentClient::new("example-client", &key).register(environment.base_url()).await?;
            eprintln!("registered example-client with a new key at {}", environment.base_url());
            ("example-client".to_owned(), key)
        }
    };

    let config = MaskinportenConfig::new(&environment, client_id).scopes(DEFAULT_SCOPES);
    let client =
        Client::builder(environment).shared_token_provider(Arc::new(MaskinportenProvider::new(config, key))).build()?;

    let mut body =
        CreateDialog::new("urn:altinn:organization:identifier-no:991825827", "urn:altinn:resource:my-service");
    body.content = Some(CreateDialogContent {
        title: Some(ContentValue::new(vec![Localization::nb("Opprettet med Maskinporten")])),
        ..Default::default()
    });
    let created = client.create_dialog().body(body).created().await?;
    let dialog = client.get_dialog().dialog_id(created.id).send().await?;
    println!("created {} as {}", dialog.id, dialog.org);
    Ok(())
}
