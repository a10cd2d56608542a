//! A dialog's life: create, read, change with If-Match, see a stale write refused, delete.
//!
//!   DP_BASE_URL=http://127.0.0.1:5280 DP_TOKEN=dev-token cargo run -p dialogporten --example dialog_lifecycle
//!
//! Configured as `dp` is (`DP_ENV` or `DP_BASE_URL`, `DP_TOKEN` or `DP_CLIENT_ID` with a key).

use dialogporten::enums::DialogStatusInput;
use dialogporten::prelude::*;
use dialogporten::types::{ContentValue, CreateDialog, CreateDialogContent, Localization};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::from_env()?;

    let mut body =
        CreateDialog::new("urn:altinn:organization:identifier-no:991825827", "urn:altinn:resource:my-service");
    body.content = Some(CreateDialogContent {
        title: Some(ContentValue::new(vec![Localization::nb("Søknad om byggetillatelse")])),
        summary: Some(ContentValue::new(vec![Localization::nb("Vi har mottatt søknaden din.")])),
        ..Default::default()
    });
    let created = client.create_dialog().body(body).created().await?;
    println!("created {}", created.id);

    let dialog = client.get_dialog().dialog_id(created.id).send().await?;
    println!("status {}, revision {}", dialog.status, dialog.revision);

    let patch = JsonPatch::new().status(DialogStatusInput::Completed).progress(100);
    let changed = client.patch_dialog().dialog_id(created.id).if_match(dialog.revision).body(patch).send().await?;
    println!("completed, revision {:?}", changed.revision());

    // The revision read before the change is stale now: the service refuses to write on it.
    let stale = JsonPatch::new().progress(1);
    match client.patch_dialog().dialog_id(created.id).if_match(dialog.revision).body(stale).send().await {
        Err(e) if e.kind() == Some(ErrorKind::PreconditionFailed) => println!("stale write refused"),
        other => println!("unexpected: {other:?}"),
    }

    client.delete_dialog().dialog_id(created.id).send().await?;
    println!("deleted");
    Ok(())
}
