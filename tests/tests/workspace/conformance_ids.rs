//! Conformance: ids and idempotent keys. Upstream's tables keep activity,
//! transmission, attachment (dialog and transmission attachments share one),
//! attachment URL, GUI action and API action ids unique service-wide, and a
//! taken id is a 422 with the database's or the domain's words; shared
//! idempotent keys are a 409 (Altinn/dialogporten v1.119.1).

use dp_integration_tests::conformance::{Dp, dialog, transmission};
use serde_json::{Value, json};
use uuid::Uuid;

fn attachment(id: Uuid) -> Value {
    json!({
        "id": id,
        "displayName": [{"languageCode": "nb", "value": "Vedlegg"}],
        "urls": [{"url": "https://example.no/vedlegg.pdf", "consumerType": "Gui"}]
    })
}

fn gui_action(id: Uuid) -> Value {
    json!({
        "id": id,
        "action": "read",
        "url": "https://example.no/les",
        "priority": "Primary",
        "title": [{"languageCode": "nb", "value": "Les"}]
    })
}

fn information(id: Uuid) -> Value {
    json!({
        "id": id,
        "type": "Information",
        "performedBy": {"actorType": "ServiceOwner"},
        "description": [{"languageCode": "nb", "value": "En beskrivelse"}]
    })
}

fn with(key: &str, items: Vec<Value>) -> Value {
    let mut body = dialog();
    body[key] = Value::Array(items);
    body
}

/// ErrorResponseSnapshotTests.Should_Return_422_For_Update_With_Duplicate_Activity_Id (snapshot)
#[tokio::test]
async fn an_update_repeating_a_stored_activity_id_names_the_entity() {
    let dp = Dp::start().await;
    let id = dp.created(&dialog()).await;
    let activity = Uuid::now_v7();
    dp.add_activity(id, &information(activity)).await.expect(201);
    let mut view = dp.put_view(id).await;
    view["activities"] = json!([information(activity)]);
    let answer = dp.put(id, &view).await;
    answer.expect(422);
    assert_eq!(answer.body["title"], "Unprocessable request.");
    assert_eq!(
        answer.errors("DialogActivity"),
        [format!("Entity 'DialogActivity' with the following key(s) already exists: ({activity}).")]
    );
}

/// ErrorResponseSnapshotTests.Should_Return_422_For_Duplicate_Activity (snapshot); CreateActivityTests (E2E) "Key ('Id')=(…) already exists."
#[tokio::test]
async fn appending_an_activity_with_a_taken_id_gives_the_unique_key_message() {
    let dp = Dp::start().await;
    let id = dp.created(&dialog()).await;
    let activity = Uuid::now_v7();
    dp.add_activity(id, &information(activity)).await.expect(201);
    let answer = dp.add_activity(id, &information(activity)).await;
    answer.expect(422);
    assert_eq!(answer.errors("DialogActivity"), [format!("Key ('Id')=({activity}) already exists.")]);
}

/// UpdateDialogTransmissionTests.Cannot_Include_Old_Transmissions_In_UpdateCommand
#[tokio::test]
async fn an_update_repeating_a_stored_transmission_is_refused() {
    let dp = Dp::start().await;
    let existing = Uuid::now_v7();
    let id = dp.created(&with("transmissions", vec![transmission(existing, None)])).await;
    let mut view = dp.put_view(id).await;
    view["transmissions"] = json!([transmission(existing, None)]);
    let answer = dp.put(id, &view).await;
    answer.expect(422);
    assert!(answer.has_error_text(&existing.to_string()), "{}", answer.body);
    assert!(answer.has_error_text("Entity 'DialogTransmission'"), "{}", answer.body);
}

/// ErrorResponseSnapshotTests.Should_Return_409_For_Update_With_Duplicate_Transmission_Idempotent_Key (snapshot)
#[tokio::test]
async fn an_update_repeating_a_stored_idempotent_key_is_a_conflict() {
    let dp = Dp::start().await;
    let mut first = transmission(Uuid::now_v7(), None);
    first["idempotentKey"] = json!("duplicate-transmission-key");
    let id = dp.created(&with("transmissions", vec![first])).await;
    let mut view = dp.put_view(id).await;
    let mut again = transmission(Uuid::now_v7(), None);
    again["idempotentKey"] = json!("duplicate-transmission-key");
    view["transmissions"] = json!([again]);
    let answer = dp.put(id, &view).await;
    answer.expect(409);
    assert_eq!(answer.body["title"], "Conflict.");
    assert_eq!(
        answer.errors("IdempotentKey"),
        ["Duplicate IdempotentKey detected in dialog transmissions. Conflicting keys: 'duplicate-transmission-key'."]
    );
}

/// CreateDialogCommand: duplicated transmission idempotent keys in one body are a Conflict (409), not a validation error
#[tokio::test]
async fn a_new_dialog_whose_transmissions_share_an_idempotent_key_is_a_conflict() {
    let dp = Dp::start().await;
    let mut a = transmission(Uuid::now_v7(), None);
    let mut b = transmission(Uuid::now_v7(), None);
    a["idempotentKey"] = json!("same-key");
    b["idempotentKey"] = json!("same-key");
    let answer = dp.create(&with("transmissions", vec![a, b])).await;
    answer.expect(409);
    assert_eq!(
        answer.errors("IdempotentKey"),
        ["Duplicate IdempotentKey detected in dialog transmissions. Conflicting keys: 'same-key'."]
    );
}

/// UpdateDialogCommand: duplicated idempotent keys among an update's new transmissions are a Conflict (409)
#[tokio::test]
async fn an_update_whose_new_transmissions_share_an_idempotent_key_is_a_conflict() {
    let dp = Dp::start().await;
    let id = dp.created(&dialog()).await;
    let mut view = dp.put_view(id).await;
    let mut a = transmission(Uuid::now_v7(), None);
    let mut b = transmission(Uuid::now_v7(), None);
    a["idempotentKey"] = json!("same-key");
    b["idempotentKey"] = json!("same-key");
    view["transmissions"] = json!([a, b]);
    dp.put(id, &view).await.expect(409);
}

/// UpdateDialogTransmissionTests.Cannot_Use_Existing_Attachment_Id_In_Update
#[tokio::test]
async fn a_new_transmission_reusing_a_stored_attachment_id_is_refused() {
    let dp = Dp::start().await;
    let attachment_id = Uuid::now_v7();
    let mut first = transmission(Uuid::now_v7(), None);
    first["attachments"] = json!([attachment(attachment_id)]);
    let id = dp.created(&with("transmissions", vec![first])).await;
    let mut view = dp.put_view(id).await;
    let mut second = transmission(Uuid::now_v7(), None);
    second["attachments"] = json!([attachment(attachment_id)]);
    view["transmissions"] = json!([second]);
    let answer = dp.put(id, &view).await;
    answer.expect(422);
    assert!(answer.has_error_text(&attachment_id.to_string()), "{}", answer.body);
}

/// Attachment ids are the primary key of upstream's `Attachment` table: unique across dialogs
#[tokio::test]
async fn an_attachment_id_of_another_dialog_is_refused() {
    let dp = Dp::start().await;
    let taken = Uuid::now_v7();
    dp.created(&with("attachments", vec![attachment(taken)])).await;
    let answer = dp.create(&with("attachments", vec![attachment(taken)])).await;
    answer.expect(422);
    assert_eq!(answer.errors("Attachment"), [format!("Key ('Id')=({taken}) already exists.")]);
}

/// Dialog and transmission attachments share upstream's `Attachment` table
#[tokio::test]
async fn a_transmission_attachment_may_not_take_a_dialog_attachments_id() {
    let dp = Dp::start().await;
    let taken = Uuid::now_v7();
    dp.created(&with("attachments", vec![attachment(taken)])).await;
    let mut t = transmission(Uuid::now_v7(), None);
    t["attachments"] = json!([attachment(taken)]);
    let answer = dp.create(&with("transmissions", vec![t])).await;
    answer.expect(422);
    assert!(answer.has_error_key("Attachment"), "{}", answer.body);
}

/// GUI action ids are the primary key of upstream's `DialogGuiAction` table: unique across dialogs
#[tokio::test]
async fn a_gui_action_id_of_another_dialog_is_refused() {
    let dp = Dp::start().await;
    let taken = Uuid::now_v7();
    dp.created(&with("guiActions", vec![gui_action(taken)])).await;
    let answer = dp.create(&with("guiActions", vec![gui_action(taken)])).await;
    answer.expect(422);
    assert_eq!(answer.errors("DialogGuiAction"), [format!("Key ('Id')=({taken}) already exists.")]);
}

/// An update keeps its own attachment and GUI action ids (they are matched, not inserted again)
#[tokio::test]
async fn an_update_may_keep_its_own_attachment_and_action_ids() {
    let dp = Dp::start().await;
    let (a, g) = (Uuid::now_v7(), Uuid::now_v7());
    let mut body = with("attachments", vec![attachment(a)]);
    body["guiActions"] = json!([gui_action(g)]);
    let id = dp.created(&body).await;
    let view = dp.put_view(id).await;
    dp.put(id, &view).await.expect(204);
    let got = dp.get(id).await;
    assert_eq!(got.body["attachments"][0]["id"], json!(a));
    assert_eq!(got.body["guiActions"][0]["id"], json!(g));
}

/// An attachment removed by an update frees its id (upstream deletes its row)
#[tokio::test]
async fn an_attachment_removed_by_an_update_frees_its_id() {
    let dp = Dp::start().await;
    let freed = Uuid::now_v7();
    let id = dp.created(&with("attachments", vec![attachment(freed)])).await;
    let mut view = dp.put_view(id).await;
    view.as_object_mut().unwrap().remove("attachments");
    dp.put(id, &view).await.expect(204);
    dp.create(&with("attachments", vec![attachment(freed)])).await.expect(201);
}

/// An activity and a transmission live in different upstream tables: one id may serve both
#[tokio::test]
async fn an_activity_may_share_its_id_with_a_transmission() {
    let dp = Dp::start().await;
    let shared = Uuid::now_v7();
    let mut body = with("transmissions", vec![transmission(shared, None)]);
    body["activities"] = json!([information(shared)]);
    dp.create(&body).await.expect(201);
}
