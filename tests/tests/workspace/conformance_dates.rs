//! Conformance: dates that must lie ahead, and what silent updates and admins
//! may leave in the past (Altinn/dialogporten v1.119.1: CreateDialogTests,
//! UpdateDialogTests, UpdateDialogCommand.ValidateTimeFields).

use dialogporten::reqwest::Method;
use dp_integration_tests::conformance::{Answer, Dp, days_from_now as at, dialog, with_admin};
use serde_json::{Value, json};
use uuid::Uuid;

async fn put_silently(dp: &Dp, id: Uuid, view: &Value) -> Answer {
    dp.send(Method::PUT, &format!("/api/v1/serviceowner/dialogs/{id}?isSilentUpdate=true"), Some(view)).await
}

/// CreateDialogTests.Cannot_Create_Dialog_With_Past_Dates_Without_Silent_Update_Or_Admin_Scope (DueAt, ExpiresAt, VisibleFrom)
#[tokio::test]
async fn a_new_dialogs_dates_must_lie_ahead() {
    let dp = Dp::start().await;
    for (field, key) in [("dueAt", "DueAt"), ("expiresAt", "ExpiresAt"), ("visibleFrom", "VisibleFrom")] {
        let mut body = dialog();
        body[field] = json!(at(-1));
        let answer = dp.create(&body).await;
        answer.expect(422);
        assert_eq!(answer.errors(key), ["Must be in the future"], "{field}");
        assert!(answer.has_error_text("must be in the future"));
    }
}

/// UpdateDialogTests.Cannot_Update_Dialog_With_Past_Dates_Without_Silent_Update (DueAt and ExpiresAt scenarios)
#[tokio::test]
async fn an_update_may_not_move_due_or_expiry_into_the_past() {
    let dp = Dp::start().await;
    let id = dp.created(&dialog()).await;
    for field in ["dueAt", "expiresAt"] {
        let mut view = dp.put_view(id).await;
        view[field] = json!(at(-1));
        let answer = dp.put(id, &view).await;
        answer.expect(422);
        assert!(answer.has_error_text("must be in future"), "{field}: {}", answer.body);
    }
}

/// UpdateDialogTests.Can_Update_Dialog_With_Past_Dates_When_Silent_Update (DueAt and ExpiresAt scenarios)
#[tokio::test]
async fn a_silent_update_may_move_due_or_expiry_into_the_past() {
    let dp = Dp::start().await;
    let id = dp.created(&dialog()).await;
    for field in ["dueAt", "expiresAt"] {
        let mut view = dp.put_view(id).await;
        view[field] = json!(at(-1));
        put_silently(&dp, id, &view).await.expect(204);
    }
}

/// UpdateDialogTests.Can_Update_Dialog_With_Past_Dates_When_Admin_Scope (DueAt and ExpiresAt scenarios)
#[tokio::test]
async fn an_admin_may_move_due_or_expiry_into_the_past() {
    let dp = with_admin().await;
    let id = dp.created(&dialog()).await;
    for field in ["dueAt", "expiresAt"] {
        let mut view = dp.put_view(id).await;
        view[field] = json!(at(-1));
        dp.as_token("admin-token")
            .send(Method::PUT, &format!("/api/v1/serviceowner/dialogs/{id}"), Some(&view))
            .await
            .expect(204);
    }
}

/// UpdateDialogCommand.ValidateTimeFields: a changed ExpiresAt must lie ahead; clearing it is a change, and refused
#[tokio::test]
async fn clearing_expiry_is_refused_unless_silent() {
    let dp = Dp::start().await;
    let mut body = dialog();
    body["expiresAt"] = json!(at(30));
    let id = dp.created(&body).await;
    let mut view = dp.put_view(id).await;
    view.as_object_mut().unwrap().remove("expiresAt");
    let answer = dp.put(id, &view).await;
    answer.expect(422);
    assert_eq!(answer.errors("ExpiresAt"), ["Must be in future or current value."]);
    put_silently(&dp, id, &view).await.expect(204);
}

/// UpdateDialogCommand.ValidateTimeFields: clearing DueAt is allowed ("(Or null)")
#[tokio::test]
async fn clearing_due_is_allowed() {
    let dp = Dp::start().await;
    let mut body = dialog();
    body["dueAt"] = json!(at(30));
    let id = dp.created(&body).await;
    let mut view = dp.put_view(id).await;
    view.as_object_mut().unwrap().remove("dueAt");
    dp.put(id, &view).await.expect(204);
}

fn attachment(id: Uuid, expires: &str) -> Value {
    json!({
        "id": id,
        "expiresAt": expires,
        "displayName": [{"languageCode": "nb", "value": "Vedlegg"}],
        "urls": [{"url": "https://example.no/v.pdf", "consumerType": "Gui"}]
    })
}

/// UpdateDialogCommand.ValidateTimeFields(DialogAttachment): a stored attachment's expiry moved into the past is a domain error
#[tokio::test]
async fn an_attachments_expiry_moved_into_the_past_is_a_domain_error() {
    let dp = Dp::start().await;
    let a = Uuid::now_v7();
    let mut body = dialog();
    body["attachments"] = json!([attachment(a, &at(30))]);
    let id = dp.created(&body).await;
    let mut view = dp.put_view(id).await;
    view["attachments"][0]["expiresAt"] = json!(at(-1));
    let answer = dp.put(id, &view).await;
    answer.expect(422);
    assert_eq!(
        answer.errors("Attachments.ExpiresAt"),
        [format!("Must be in future, current value, or null. (Id: {a})")]
    );
    // Not relaxed for silent updates.
    put_silently(&dp, id, &view).await.expect(422);
}

/// UpdateDialogCommand.ValidateTimeFields(DialogAttachment): a new attachment expiring in the past is a domain error
#[tokio::test]
async fn a_new_attachment_expiring_in_the_past_is_a_domain_error() {
    let dp = Dp::start().await;
    let id = dp.created(&dialog()).await;
    let mut view = dp.put_view(id).await;
    let a = Uuid::now_v7();
    view["attachments"] = json!([attachment(a, &at(-1))]);
    let answer = dp.put(id, &view).await;
    answer.expect(422);
    assert!(answer.has_error_text("Must be in future or null"), "{}", answer.body);
    assert!(answer.has_error_text(&a.to_string()), "{}", answer.body);
}

/// UpdateDialogCommand.ValidateTimeFields(DialogAttachment): an expiry left as it is may stay in the
/// past. No request can store one (CreateDialogDialogAttachmentDtoValidator: `ExpiresAt` IsInFuture,
/// silent or not), so the test lets time pass the way a database does: it moves the stored expiry.
#[tokio::test]
async fn an_attachments_past_expiry_left_unchanged_is_accepted() {
    let path = dp_integration_tests::sandbox::temp_db("past-expiry");
    let dp = Dp::with(dialogporten_server::Config::dev().with_database_file(&path)).await;
    let a = Uuid::now_v7();
    let mut body = dialog();
    body["attachments"] = json!([attachment(a, &at(1))]);
    let id = dp.created(&body).await;
    let db = rusqlite::Connection::open(&path).unwrap();
    let moved = db
        .execute(
            "UPDATE dialogs SET doc = json_set(doc, '$.attachments[0].expiresAt', ?1) WHERE id = ?2",
            (at(-1), id.to_string()),
        )
        .unwrap();
    assert_eq!(moved, 1);
    let mut view = dp.put_view(id).await;
    view["progress"] = json!(10);
    dp.put(id, &view).await.expect(204);
    let mut body = dialog();
    body["attachments"] = json!([attachment(Uuid::now_v7(), &at(-1))]);
    let answer = dp.send(Method::POST, "/api/v1/serviceowner/dialogs?isSilentUpdate=true", Some(&body)).await;
    answer.expect(400);
    assert_eq!(answer.errors("dto.attachments[0].expiresAt"), ["'ExpiresAt' must be in the future."]);
}

/// CreateDialogDtoValidator: a new dialog's dates in order, in upstream's words (InFutureOfMessage)
#[tokio::test]
async fn a_new_dialogs_dates_must_come_in_order() {
    let dp = Dp::start().await;
    let mut body = dialog();
    body["dueAt"] = json!(at(20));
    body["expiresAt"] = json!(at(10));
    let answer = dp.create(&body).await;
    answer.expect(400);
    assert_eq!(answer.errors("dto.expiresAt"), ["'ExpiresAt' must be after 'DueAt'."]);
    let mut body = dialog();
    body["visibleFrom"] = json!(at(20));
    body["dueAt"] = json!(at(10));
    let answer = dp.create(&body).await;
    answer.expect(400);
    assert_eq!(answer.errors("dto.dueAt"), ["'DueAt' must be after 'VisibleFrom'."]);
}

/// CreateDialogDtoValidator: UpdatedAt needs CreatedAt
#[tokio::test]
async fn updated_at_needs_created_at() {
    let dp = Dp::start().await;
    let mut body = dialog();
    body["updatedAt"] = json!(at(-1));
    let answer = dp.create(&body).await;
    answer.expect(400);
    assert_eq!(answer.errors("dto.createdAt"), ["CreatedAt must not be empty when 'UpdatedAt is set."]);
}

/// UpdateDialogDtoValidator: `ExpiresAt` GreaterThanOrEqualTo `DueAt` (InFutureOfMessage), as on create
#[tokio::test]
async fn an_update_may_not_set_expiry_before_due() {
    let dp = Dp::start().await;
    let id = dp.created(&dialog()).await;
    let mut view = dp.put_view(id).await;
    view["dueAt"] = json!(at(20));
    view["expiresAt"] = json!(at(10));
    let answer = dp.put(id, &view).await;
    answer.expect(400);
    assert_eq!(answer.errors("dto.expiresAt"), ["'ExpiresAt' must be after 'DueAt'."]);
    view["expiresAt"] = json!(at(20));
    dp.put(id, &view).await.expect(204);
}
