//! Create a dialog, read it back, and patch it with If-Match.
//!
//! Runs against dp-server or any Dialogporten:
//!   DP_BASE_URL=http://127.0.0.1:5280 DP_TOKEN=dev-token cargo run -p dialogporten --example dialog_lifecycle
//! DP_BASE_URL also takes an environment name (tt02, test, yt01, prod).

use dialogporten::enums::DialogStatusInput;
use dialogporten::types::CreateDialog;
use dialogporten::{Client, ContentField, Created, Environment, Error, JsonPatch, Revision, input};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let environment: Environment = std::env::var("DP_BASE_URL")
        .unwrap_or_else(|_| "http://127.0.0.1:5280".into())
        .parse()
        .map_err(|e| Error::Config(format!("DP_BASE_URL: {e}")))?;
    let token = std::env::var("DP_TOKEN").map_err(|_| Error::Config("set DP_TOKEN to a bearer token".into()))?;
    let client = Client::builder(environment).bearer_token(token).build()?;

    let body: CreateDialog = input::from_value(serde_json::json!({
        "id": dialogporten::ids::new_v7(),
        "serviceResource": "urn:altinn:resource:super-simple-service",
        "party": "urn:altinn:organization:identifier-no:991825827",
        "status": "InProgress",
        "content": {
            "title": {"value": [{"languageCode": "nb", "value": "Søknad om byggetillatelse"}]},
            "summary": {"value": [{"languageCode": "nb", "value": "Vi har mottatt søknaden din."}]}
        }
    }))?;
    let created: Created = client.create_dialog().body(body).send().await?.into();
    println!("created {} (revision {:?})", created.id, created.revision);

    let dialog = client.get_dialog().dialog_id(created.id).send().await?;
    println!("status {}, revision {}", dialog.status, dialog.revision);

    let patch = JsonPatch::new().status(DialogStatusInput::Completed).progress(100).localized_content(
        &dialog,
        ContentField::Summary,
        "en",
        "Your application was approved.",
    );
    let response =
        client.patch_dialog().dialog_id(created.id).if_match(dialog.revision.to_string()).body(patch).send().await?;
    println!("patched; new revision {:?}", response.revision());

    // The old revision is stale now: the service refuses a second write with it.
    let stale = client
        .patch_dialog()
        .dialog_id(created.id)
        .if_match(dialog.revision)
        .body(JsonPatch::new().progress(1))
        .send()
        .await;
    match stale {
        Err(e) if e.kind() == Some(dialogporten::ErrorKind::PreconditionFailed) => println!("stale write refused: {e}"),
        other => println!("unexpected: {other:?}"),
    }
    Ok(())
}
