//! Every upstream request example is accepted by dp-server, and what the
//! server answers deserializes into the SDK's types.

use std::path::Path;

use dialogporten::Created;
use dialogporten::types::{
    BulkSetSystemLabel, CreateDialog, CreateDialogActivityRequest, CreateTransmissionRequest, JsonPatchOperation,
};
use dp_integration_tests::sandbox::{Sandbox, typed};
use dp_integration_tests::{read_json, upstream_dir};
use serde_json::{Value, json};
use uuid::Uuid;

fn example(dir: &Path, name: &str) -> Value {
    read_json(&dir.join("examples").join(name))
}

async fn create(sandbox: &Sandbox, body: Value) -> Created {
    sandbox
        .client
        .create_dialog()
        .body(typed::<CreateDialog>(body))
        .send()
        .await
        .expect("the example is accepted")
        .into()
}

async fn patch(sandbox: &Sandbox, id: Uuid, ops: Value) {
    let ops: Vec<JsonPatchOperation> = typed(ops);
    sandbox.client.patch_dialog().dialog_id(id).body(ops).send().await.expect("the patch example applies");
}

/// Reads everything back through the SDK's typed operations.
async fn read_back(sandbox: &Sandbox, id: Uuid) {
    let dialog = sandbox.client.get_dialog().dialog_id(id).send().await.expect("Dialog deserializes").into_inner();
    sandbox.client.search_dialogs().send().await.expect("the search page deserializes");
    sandbox.client.search_dialog_activities().dialog_id(id).send().await.expect("activities deserialize");
    sandbox.client.search_dialog_transmissions().dialog_id(id).send().await.expect("transmissions deserialize");
    for transmission in dialog.transmissions.unwrap_or_default() {
        sandbox.client.get_dialog_transmission().dialog_id(id).transmission_id(transmission.id).send().await.unwrap();
    }
    for activity in dialog.activities.unwrap_or_default() {
        sandbox.client.get_dialog_activity().dialog_id(id).activity_id(activity.id).send().await.unwrap();
    }
}

#[tokio::test]
async fn the_k6_create_payloads_are_accepted_with_their_odd_casing() {
    let Some(dir) = upstream_dir() else { return };
    let sandbox = Sandbox::start().await;
    for name in ["so-create-dialog.k6-testdata.json", "legacy-v1.55-so-create-dialog.k6-testdata.json"] {
        let body = example(&dir, name);
        let created = create(&sandbox, body.clone()).await;
        let dialog = sandbox.client.get_dialog().dialog_id(created.id).send().await.unwrap().into_inner();
        let title = &body["content"]["Title"]["value"][0]["value"];
        assert_eq!(json!(dialog.content.unwrap().title.value[0].value), *title, "{name}: `Title` binds to title");
        assert_eq!(dialog.status.as_str(), "NotApplicable", "{name}: notApplicable/new bind to NotApplicable");
        read_back(&sandbox, created.id).await;
    }
}

#[tokio::test]
async fn the_patch_examples_apply_to_a_k6_dialog() {
    let Some(dir) = upstream_dir() else { return };
    let sandbox = Sandbox::start().await;
    let mut body = example(&dir, "so-create-dialog.k6-testdata.json");
    body["content"]["Summary"]["value"]
        .as_array_mut()
        .unwrap()
        .push(json!({"languageCode": "en", "value": "A summary"}));
    let created = create(&sandbox, body).await;
    for name in [
        "so-patch-dialog-replace-apiaction-url.k6.json",
        "so-patch-dialog-progress.k6-freeze.json",
        "so-patch-dialog.docs-example.json",
        "so-patch-dialog-remove-collections.k6.json",
    ] {
        patch(&sandbox, created.id, example(&dir, name)).await;
    }
    let dialog = sandbox.client.get_dialog().dialog_id(created.id).send().await.unwrap().into_inner();
    assert_eq!(dialog.progress, Some(98));
    assert_eq!(dialog.status.as_str(), "Completed");
    assert_eq!(dialog.content.unwrap().summary.unwrap().value[1].value, "Din innsending er mottatt og godkjent.");
    assert!(dialog.gui_actions.unwrap_or_default().is_empty());
    assert!(dialog.attachments.unwrap_or_default().is_empty(), "the last example removes /Attachments");
    read_back(&sandbox, created.id).await;
}

#[tokio::test]
async fn the_transmission_and_activity_examples_are_accepted() {
    let Some(dir) = upstream_dir() else { return };
    let sandbox = Sandbox::start().await;
    let created = create(&sandbox, example(&dir, "so-create-dialog.k6-testdata.json")).await;
    let transmission: CreateTransmissionRequest = typed(example(&dir, "so-create-transmission.k6-perftestdata.json"));
    let sent: Created = sandbox
        .client
        .create_dialog_transmission()
        .dialog_id(created.id)
        .body(transmission)
        .send()
        .await
        .unwrap()
        .into();
    assert_eq!(sent.id.to_string(), "0198c3a2-7f00-7000-8000-000000000001");
    for name in ["so-create-activity-transmission-opened.k6.json", "so-create-activity-dialog-opened.k6.json"] {
        let activity: CreateDialogActivityRequest = typed(example(&dir, name));
        sandbox.client.create_dialog_activity().dialog_id(created.id).body(activity).send().await.unwrap();
    }
    let got = sandbox.client.get_dialog_transmission().dialog_id(created.id).transmission_id(sent.id).send().await;
    assert_eq!(got.unwrap().into_inner().id, sent.id);
    read_back(&sandbox, created.id).await;
}

#[tokio::test]
async fn the_bulk_system_label_example_is_accepted() {
    let Some(dir) = upstream_dir() else { return };
    let sandbox = Sandbox::start().await;
    let bulk = example(&dir, "so-bulkset-systemlabels.k6.json");
    for target in bulk["dialogs"].as_array().unwrap() {
        let mut body = example(&dir, "so-create-dialog.k6-testdata.json");
        body["id"] = target["dialogId"].clone();
        create(&sandbox, body).await;
    }
    let request: BulkSetSystemLabel = typed(bulk.clone());
    sandbox
        .client
        .bulk_set_dialog_system_labels()
        .enduser_id("urn:altinn:person:identifier-no:08844397713")
        .body(request)
        .send()
        .await
        .unwrap();
    for target in bulk["dialogs"].as_array().unwrap() {
        let id: Uuid = target["dialogId"].as_str().unwrap().parse().unwrap();
        let dialog = sandbox.client.get_dialog().dialog_id(id).send().await.unwrap().into_inner();
        assert_eq!(dialog.system_label.as_str(), "Archive");
    }
}
