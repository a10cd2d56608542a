//! A dialog's life: create it with a button, an attachment and a transmission, read it, change it
//! with If-Match, see a stale write refused and a bad body's fields named, delete it.
//!
//!   DP_BASE_URL=http://127.0.0.1:5280 DP_TOKEN=dev-token cargo run -p dialogporten --example dialog_lifecycle
//!
//! Configured as `dp` is (`DP_ENV` or `DP_BASE_URL`, `DP_TOKEN` or `DP_CLIENT_ID` with a key).

use dialogporten::enums::DialogTransmissionType;
use dialogporten::enums::{AttachmentUrlConsumerType, DialogGuiActionPriority, DialogStatusInput};
use dialogporten::prelude::*;
use dialogporten::types::{Actor, CreateDialogAttachment, CreateDialogGuiAction, CreateDialogTransmission};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = Client::from_env()?;

    let body = CreateDialog::new(
        "urn:altinn:organization:identifier-no:991825827",
        "urn:altinn:resource:my-service",
        [nb("Søknad om byggetillatelse"), en("Building permit application")],
    )
    .summary(nb("Vi har mottatt søknaden din."))
    .gui_action(CreateDialogGuiAction::new(
        "read",
        DialogGuiActionPriority::Primary,
        nb("Se søknaden"),
        "https://example.no/s/1",
    ))
    .attachment(CreateDialogAttachment::link(
        nb("Søknad.pdf"),
        "https://example.no/s/1.pdf",
        AttachmentUrlConsumerType::Gui,
    ))
    .transmission(CreateDialogTransmission::new(
        DialogTransmissionType::Information,
        Actor::service_owner(),
        nb("Kvittering"),
    ));
    let created = client.create_dialog().body(body).created().await?;
    println!("created {}", created.id);

    let dialog = client.get_dialog().dialog_id(created.id).send().await?;
    println!("{:?}: {}, revision {}", dialog.title("en"), dialog.status, dialog.revision);

    let patch = JsonPatch::new().status(DialogStatusInput::Completed).progress(100);
    let changed = client.patch_dialog().dialog_id(created.id).if_match(dialog.revision).body(patch).send().await?;
    println!("completed, revision {:?}", changed.revision());

    // The revision read before the change is stale now: the service refuses to write on it.
    let stale = JsonPatch::new().progress(1);
    match client.patch_dialog().dialog_id(created.id).if_match(dialog.revision).body(stale).send().await {
        Err(e) if e.kind() == Some(ErrorKind::PreconditionFailed) => println!("stale write refused"),
        other => println!("unexpected: {other:?}"),
    }

    // A progress over 100 breaks a rule: the error names the field.
    let bad = JsonPatch::new().progress(101);
    if let Err(e) = client.patch_dialog().dialog_id(created.id).body(bad).send().await
        && let Some(api) = e.api()
    {
        for (field, message) in api.field_errors() {
            println!("refused: {field}: {message}");
        }
    }

    client.delete_dialog().dialog_id(created.id).send().await?;
    println!("deleted");
    Ok(())
}
