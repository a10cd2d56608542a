//! Conformance: what admins may do, frozen dialogs, purge and the
//! adapter-internal form-saved-time action (Altinn/dialogporten v1.119.1).
//! Each case names its upstream source.

use chrono::{Duration, Utc};
use dialogporten::reqwest::Method;
use dp_integration_tests::conformance::{Answer, Dp, dialog, with_admin};
use serde_json::{Value, json};
use uuid::Uuid;

const ADMIN: &str = dp_integration_tests::conformance::ADMIN_TOKEN;

async fn admin(dp: &Dp, method: Method, path: &str, body: Option<&Value>) -> Answer {
    dp.as_token(ADMIN).send(method, path, body).await
}

fn path(id: Uuid, rest: &str) -> String {
    format!("/api/v1/serviceowner/dialogs/{id}{rest}")
}

fn form_saved(id: Uuid, at: &str) -> Value {
    json!({"id": id, "type": "FormSaved", "createdAt": at, "performedBy": {"actorType": "ServiceOwner"}})
}

/// FreezeDialogTests.Cannot_Update_Frozen_Dialog
#[tokio::test]
async fn a_frozen_dialog_refuses_ordinary_updates() {
    let dp = with_admin().await;
    let id = dp.created(&dialog()).await;
    admin(&dp, Method::POST, &path(id, "/actions/freeze"), None).await.expect(204);
    let view = dp.put_view(id).await;
    dp.put(id, &view).await.expect(403);
}

/// FreezeDialogTests.FreezeDialogCommand_Should_Return_New_Revision; FreezeDialogCommand: a frozen dialog keeps its revision
#[tokio::test]
async fn freezing_gives_a_new_revision_once() {
    let dp = with_admin().await;
    let id = dp.created(&dialog()).await;
    let before = dp.get(id).await.body["revision"].clone();
    let first = admin(&dp, Method::POST, &path(id, "/actions/freeze"), None).await;
    first.expect(204);
    let frozen = dp.get(id).await.body["revision"].clone();
    assert_ne!(before, frozen);
    let again = admin(&dp, Method::POST, &path(id, "/actions/freeze"), None).await;
    again.expect(204);
    assert_eq!(dp.get(id).await.body["revision"], frozen, "freezing a frozen dialog changes nothing");
    assert_eq!(again.etag.as_deref().map(|e| e.trim_matches('"')), frozen.as_str());
}

/// FreezeDialogCommand: "Only ServiceOwner admin can freeze dialogs."
#[tokio::test]
async fn only_an_admin_may_freeze() {
    let dp = with_admin().await;
    let id = dp.created(&dialog()).await;
    let answer = dp.send(Method::POST, &path(id, "/actions/freeze"), None).await;
    answer.expect(403);
    assert!(answer.has_error_text("Only ServiceOwner admin can freeze dialogs."), "{}", answer.body);
}

/// PurgeDialogTests.Purge_RemovesDialog_FromDatabase; PurgeDialogCommand has no frozen check
#[tokio::test]
async fn a_frozen_dialog_may_be_purged_by_its_owner() {
    let dp = with_admin().await;
    let id = dp.created(&dialog()).await;
    admin(&dp, Method::POST, &path(id, "/actions/freeze"), None).await.expect(204);
    dp.send(Method::POST, &path(id, "/actions/purge"), None).await.expect(204);
    dp.get(id).await.expect(404);
}

/// PurgeDialogTests.Purge_Returns_ConcurrencyError_On_IfMatchDialogRevision_Mismatch
#[tokio::test]
async fn purge_with_another_revision_is_a_precondition_failure() {
    let dp = Dp::start().await;
    let id = dp.created(&dialog()).await;
    let response = dialogporten::transport::http_client()
        .post(format!("{}{}", dp.server.base_url, path(id, "/actions/purge")))
        .bearer_auth(dialogporten_server::DEV_TOKEN)
        .header("if-match", Uuid::new_v4().to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 412);
    dp.get(id).await.expect(200);
}

/// PurgeDialogTests.Purge_ReturnsNotFound_OnNonExistingDialog
#[tokio::test]
async fn purging_an_unknown_dialog_is_not_found() {
    let dp = Dp::start().await;
    dp.send(Method::POST, &path(Uuid::now_v7(), "/actions/purge"), None).await.expect(404);
}

/// PurgeDialogCommandValidator: DialogId must not be the empty GUID
#[tokio::test]
async fn purging_the_empty_guid_is_a_validation_error() {
    let dp = Dp::start().await;
    let answer = dp.send(Method::POST, &path(Uuid::nil(), "/actions/purge"), None).await;
    answer.expect(400);
    assert_eq!(
        answer.errors("dialogId"),
        ["DialogId was either badly formatted or 00000000-0000-0000-0000-000000000000"]
    );
}

/// CreateDialogActivityTests.Can_Create_Activity_On_Deleted_Dialog_When_Admin (and 410 for others)
#[tokio::test]
async fn an_admin_may_add_an_activity_to_a_deleted_dialog() {
    let dp = with_admin().await;
    let id = dp.created(&dialog()).await;
    dp.send(Method::DELETE, &path(id, ""), None).await.expect(204);
    let activity = json!({"type": "DialogOpened", "performedBy": {"actorType": "ServiceOwner"}});
    dp.add_activity(id, &activity).await.expect(410);
    admin(&dp, Method::POST, &path(id, "/activities"), Some(&activity)).await.expect(201);
}

/// BumpFormSavedAtTests.Updating_Activity_CreatedAt_Will_Update_Dialog_UpdatedAt_When_GreaterThan and Updating_Activity_CreatedAt_Will_Update_Dialog_Revision
#[tokio::test]
async fn an_admin_may_move_a_form_saved_activity_later() {
    let dp = with_admin().await;
    let activity = Uuid::now_v7();
    let mut body = dialog();
    body["createdAt"] = json!("2020-01-01T00:00:00Z");
    body["updatedAt"] = json!("2020-01-02T00:00:00Z");
    body["activities"] = json!([form_saved(activity, "2020-01-01T12:00:00Z")]);
    let id = dp.created(&body).await;
    let before = dp.get(id).await.body["revision"].clone();
    let later = (Utc::now() - Duration::hours(1)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    admin(
        &dp,
        Method::POST,
        &path(id, &format!("/activities/{activity}/actions/updateFormSavedActivityTime")),
        Some(&json!(later)),
    )
    .await
    .expect(204);
    let got = dp.get(id).await.body;
    assert_ne!(got["revision"], before);
    let moved = got["activities"][0]["createdAt"].as_str().unwrap().parse::<chrono::DateTime<Utc>>().unwrap();
    let updated = got["updatedAt"].as_str().unwrap().parse::<chrono::DateTime<Utc>>().unwrap();
    assert_eq!(moved, later.parse::<chrono::DateTime<Utc>>().unwrap());
    assert_eq!(updated, moved, "updatedAt follows a later activity");
}

/// BumpFormSavedAtTests.Updating_Activity_CreatedAt_Will_Not_Update_Dialog_UpdatedAt_When_LessThan
#[tokio::test]
async fn moving_a_form_saved_activity_earlier_keeps_updated_at() {
    let dp = with_admin().await;
    let activity = Uuid::now_v7();
    let mut body = dialog();
    body["createdAt"] = json!("2020-01-01T00:00:00Z");
    body["updatedAt"] = json!("2021-01-01T00:00:00Z");
    body["activities"] = json!([form_saved(activity, "2020-06-01T00:00:00Z")]);
    let id = dp.created(&body).await;
    let updated_before = dp.get(id).await.body["updatedAt"].clone();
    admin(
        &dp,
        Method::POST,
        &path(id, &format!("/activities/{activity}/actions/updateFormSavedActivityTime")),
        Some(&json!("2020-02-01T00:00:00Z")),
    )
    .await
    .expect(204);
    assert_eq!(dp.get(id).await.body["updatedAt"], updated_before);
}

/// BumpFormSavedAtTests.Cannot_Update_Activity_CreatedAt_When_Activity_Not_Of_Type_FormSaved
#[tokio::test]
async fn only_form_saved_activities_may_be_moved() {
    let dp = with_admin().await;
    let activity = Uuid::now_v7();
    let mut body = dialog();
    body["activities"] =
        json!([{"id": activity, "type": "DialogOpened", "performedBy": {"actorType": "ServiceOwner"}}]);
    let id = dp.created(&body).await;
    let answer = admin(
        &dp,
        Method::POST,
        &path(id, &format!("/activities/{activity}/actions/updateFormSavedActivityTime")),
        Some(&json!("2020-02-01T00:00:00Z")),
    )
    .await;
    answer.expect(422);
    assert_eq!(answer.errors("Type"), ["Only FormSaved activities is allowed to be updated using admin scope."]);
}

/// BumpFormSavedAtTests.Cannot_Update_Activity_CreatedAt_When_Not_Admin
#[tokio::test]
async fn only_an_admin_may_move_a_form_saved_activity() {
    let dp = with_admin().await;
    let activity = Uuid::now_v7();
    let mut body = dialog();
    body["activities"] = json!([form_saved(activity, "2020-01-01T00:00:00Z")]);
    let id = dp.created(&body).await;
    let answer = dp
        .send(
            Method::POST,
            &path(id, &format!("/activities/{activity}/actions/updateFormSavedActivityTime")),
            Some(&json!("2020-02-01T00:00:00Z")),
        )
        .await;
    answer.expect(403);
}
