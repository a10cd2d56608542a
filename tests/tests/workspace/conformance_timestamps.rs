//! Conformance: how writes stamp a dialog's times, and the dates an update
//! checks against the stored dialog (Altinn/dialogporten v1.119.1,
//! UpdateDialogTests, CreateTransmissionTests, UpdateDialogTransmissionTests,
//! DeleteDialogTests). Each case names its upstream source.

use chrono::{DateTime, Utc};
use dialogporten::reqwest::Method;
use dialogporten_server::{Config, TokenGrant, auth::scopes};
use dp_integration_tests::conformance::{Dp, days_from_now as at, dialog, transmission};
use serde_json::{Value, json};
use uuid::Uuid;

fn time(value: &Value) -> DateTime<Utc> {
    value.as_str().and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("not a time: {value}"))
}

fn close(a: DateTime<Utc>, b: DateTime<Utc>) -> bool {
    (a - b).num_milliseconds().abs() < 1000
}

/// UpdateDialogTests.Empty_Update_Should_Not_Set_UpdatedAt
#[tokio::test]
async fn an_update_that_changes_nothing_keeps_updated_at_and_revision() {
    let dp = Dp::start().await;
    let mut body = dialog();
    let year_ago = at(-365);
    body["createdAt"] = json!(year_ago);
    body["updatedAt"] = json!(year_ago);
    let id = dp.created(&body).await;
    let before = dp.get(id).await.body;
    let view = dp.put_view(id).await;
    let answer = dp.put(id, &view).await;
    answer.expect(204);
    let after = dp.get(id).await.body;
    assert!(close(time(&after["updatedAt"]), time(&json!(year_ago))), "{}", after["updatedAt"]);
    assert_eq!(after["revision"], before["revision"]);
    assert_eq!(answer.etag.as_deref().map(|e| e.trim_matches('"')), before["revision"].as_str());
}

/// UpdateDialogTests.Future_VisibleFrom_Should_Control_Timestamps_On_Update
#[tokio::test]
async fn a_future_visible_from_stamps_an_update() {
    let dp = Dp::start().await;
    let visible = at(7);
    let mut body = dialog();
    body["visibleFrom"] = json!(visible);
    body["progress"] = json!(36);
    let id = dp.created(&body).await;
    let mut view = dp.put_view(id).await;
    view["progress"] = json!(37);
    dp.put(id, &view).await.expect(204);
    let got = dp.get(id).await.body;
    let visible = time(&json!(visible));
    assert!(close(time(&got["visibleFrom"]), visible));
    for field in ["createdAt", "updatedAt", "contentUpdatedAt"] {
        assert_eq!(time(&got[field]), time(&got["visibleFrom"]), "{field}: {got}");
    }
}

/// CreateTransmissionTests.VisibleFrom_Should_Control_Timestamps_On_Create
#[tokio::test]
async fn a_future_visible_from_stamps_an_added_transmission() {
    let dp = Dp::start().await;
    let visible = at(3);
    let mut body = dialog();
    body["visibleFrom"] = json!(visible);
    let id = dp.created(&body).await;
    let added = Uuid::now_v7();
    let mut t = transmission(added, None);
    t.as_object_mut().unwrap().remove("createdAt");
    dp.add_transmission(id, &t).await.expect(201);
    let got = dp.send(Method::GET, &format!("/api/v1/serviceowner/dialogs/{id}/transmissions/{added}"), None).await;
    assert!(close(time(&got.body["createdAt"]), time(&json!(visible))), "{}", got.body);
}

/// UpdateDialogTransmissionTests.VisibleFrom_Should_Control_Timestamps_On_Create
#[tokio::test]
async fn a_future_visible_from_stamps_a_transmission_an_update_adds() {
    let dp = Dp::start().await;
    let visible = at(3);
    let mut body = dialog();
    body["visibleFrom"] = json!(visible);
    let id = dp.created(&body).await;
    let added = Uuid::now_v7();
    let mut view = dp.put_view(id).await;
    view["transmissions"] = json!([transmission(added, None)]);
    dp.put(id, &view).await.expect(204);
    let got = dp.send(Method::GET, &format!("/api/v1/serviceowner/dialogs/{id}/transmissions/{added}"), None).await;
    assert!(close(time(&got.body["createdAt"]), time(&json!(visible))), "{}", got.body);
}

fn scheduled() -> (Value, i64) {
    let mut body = dialog();
    body["visibleFrom"] = json!(at(10));
    body["dueAt"] = json!(at(11));
    body["expiresAt"] = json!(at(12));
    (body, 10)
}

/// UpdateDialogTests.Cannot_Set_DueAt_Before_Saved_VisibleFrom
#[tokio::test]
async fn due_at_may_not_precede_the_stored_visible_from() {
    let dp = Dp::start().await;
    let (body, visible_in) = scheduled();
    let id = dp.created(&body).await;
    let mut view = dp.put_view(id).await;
    view["dueAt"] = json!(at(visible_in - 1));
    let answer = dp.put(id, &view).await;
    answer.expect(400);
    assert!(answer.has_error_text("DueAt"), "{}", answer.body);
}

/// UpdateDialogTests.Cannot_Set_DueAt_Before_Saved_VisibleFrom_When_Silent_Update_Without_Admin_Scope
#[tokio::test]
async fn due_at_may_not_precede_the_stored_visible_from_silently_either() {
    let dp = Dp::start().await;
    let (body, visible_in) = scheduled();
    let id = dp.created(&body).await;
    let mut view = dp.put_view(id).await;
    view["dueAt"] = json!(at(visible_in - 1));
    let answer =
        dp.send(Method::PUT, &format!("/api/v1/serviceowner/dialogs/{id}?isSilentUpdate=true"), Some(&view)).await;
    answer.expect(400);
    assert!(answer.has_error_text("DueAt"), "{}", answer.body);
}

/// UpdateDialogTests.Can_Set_DueAt_Before_Saved_VisibleFrom_When_Admin_Scope
#[tokio::test]
async fn an_admin_may_set_due_at_before_the_stored_visible_from() {
    let mut grant = TokenGrant::service_owner("admin-token", "digdir", "991825827");
    grant.scopes.push(scopes::ADMIN.into());
    let dp = Dp::with(Config::dev().with_token(grant)).await;
    let (body, visible_in) = scheduled();
    let id = dp.created(&body).await;
    let mut view = dp.put_view(id).await;
    view["dueAt"] = json!(at(visible_in - 1));
    dp.as_token("admin-token")
        .send(Method::PUT, &format!("/api/v1/serviceowner/dialogs/{id}"), Some(&view))
        .await
        .expect(204);
}

/// UpdateDialogTests.Cannot_Set_ExpiresAt_Before_Saved_VisibleFrom
#[tokio::test]
async fn expires_at_may_not_precede_the_stored_visible_from() {
    let dp = Dp::start().await;
    let (body, visible_in) = scheduled();
    let id = dp.created(&body).await;
    let mut view = dp.put_view(id).await;
    view.as_object_mut().unwrap().remove("dueAt");
    view["expiresAt"] = json!(at(visible_in - 1));
    let answer = dp.put(id, &view).await;
    answer.expect(400);
    assert!(answer.has_error_text("ExpiresAt"), "{}", answer.body);
}

/// DeleteDialogTests.DeleteDialogCommand_Should_Return_New_Revision; a soft delete and a restore keep `updatedAt`
#[tokio::test]
async fn delete_and_restore_give_new_revisions_and_keep_updated_at() {
    let dp = Dp::start().await;
    let mut body = dialog();
    body["createdAt"] = json!(at(-30));
    body["updatedAt"] = json!(at(-30));
    let id = dp.created(&body).await;
    let before = dp.get(id).await.body;
    dp.send(Method::DELETE, &format!("/api/v1/serviceowner/dialogs/{id}"), None).await.expect(204);
    let deleted = dp.get(id).await.body;
    assert_ne!(deleted["revision"], before["revision"]);
    assert_eq!(deleted["updatedAt"], before["updatedAt"]);
    dp.send(Method::POST, &format!("/api/v1/serviceowner/dialogs/{id}/actions/restore"), None).await.expect(204);
    let restored = dp.get(id).await.body;
    assert_ne!(restored["revision"], deleted["revision"]);
    assert_eq!(restored["updatedAt"], before["updatedAt"]);
}

/// DeleteDialogCommand: "User cannot modify frozen dialog"
#[tokio::test]
async fn a_frozen_dialog_refuses_a_delete_in_upstreams_words() {
    let mut grant = TokenGrant::service_owner("admin-token", "digdir", "991825827");
    grant.scopes.push(scopes::ADMIN.into());
    let dp = Dp::with(Config::dev().with_token(grant)).await;
    let id = dp.created(&dialog()).await;
    dp.as_token("admin-token")
        .send(Method::POST, &format!("/api/v1/serviceowner/dialogs/{id}/actions/freeze"), None)
        .await
        .expect(204);
    let answer = dp.send(Method::DELETE, &format!("/api/v1/serviceowner/dialogs/{id}"), None).await;
    answer.expect(403);
    assert!(answer.has_error_text("User cannot modify frozen dialog"), "{}", answer.body);
}
