//! Conformance: the notification condition check Altinn Notifications calls
//! (Altinn/dialogporten v1.119.1: NotificationConditionTests,
//! NotificationConditionQueryValidator, NotificationConditionQuery). Theory
//! rows are run as upstream runs them: every activity type, both condition
//! types, both outcomes (68 rows), and every type but TransmissionOpened with
//! a transmission id (16 rows).

use dialogporten::enums::DialogActivityType;
use dialogporten::reqwest::Method;
use dialogporten_server::{Config, auth::scopes};
use dp_integration_tests::conformance::{Dp, dialog, transmission};
use serde_json::{Value, json};
use uuid::Uuid;

async fn notifier() -> Dp {
    Dp::with(Config::dev().with_dev_scopes(&[scopes::NOTIFICATIONS, scopes::CORRESPONDENCE])).await
}

fn check_path(id: Uuid, activity: &str, condition: &str, transmission: Option<Uuid>) -> String {
    let mut path = format!(
        "/api/v1/serviceowner/dialogs/{id}/actions/should-send-notification?conditionType={condition}&activityType={activity}"
    );
    if let Some(t) = transmission {
        path.push_str(&format!("&transmissionId={t}"));
    }
    path
}

/// A dialog with (or without) an activity of `kind`, and the transmission TransmissionOpened needs.
fn dialog_with(kind: &DialogActivityType, with_activity: bool, transmission_id: Uuid) -> Value {
    let mut body = dialog();
    body["transmissions"] = json!([transmission(transmission_id, None)]);
    if with_activity {
        let mut activity = json!({"type": kind.as_str(), "performedBy": {"actorType": "ServiceOwner"}});
        match kind {
            DialogActivityType::Information => {
                activity["description"] = json!([{"languageCode": "nb", "value": "Info"}]);
            }
            DialogActivityType::TransmissionOpened => activity["transmissionId"] = json!(transmission_id),
            _ => {}
        }
        body["activities"] = json!([activity]);
    }
    body
}

/// NotificationConditionTests.SendNotification_Should_Be_True_When_Conditions_Are_Met (all 68 rows)
#[tokio::test]
async fn send_notification_follows_the_condition_for_every_activity_type() {
    let dp = notifier().await;
    let mut rows = 0;
    for kind in DialogActivityType::KNOWN {
        for condition in ["NotExists", "Exists"] {
            for expected in [true, false] {
                let with_activity = (condition == "Exists") == expected;
                let transmission_id = Uuid::now_v7();
                let id = dp.created(&dialog_with(kind, with_activity, transmission_id)).await;
                let opened = matches!(kind, DialogActivityType::TransmissionOpened);
                let answer = dp
                    .send(
                        Method::GET,
                        &check_path(id, kind.as_str(), condition, opened.then_some(transmission_id)),
                        None,
                    )
                    .await;
                answer.expect(200);
                assert_eq!(answer.body["sendNotification"], expected, "{kind} {condition}");
                rows += 1;
            }
        }
    }
    assert_eq!(rows, 68);
}

/// NotificationConditionTests.Bad_Request_On_TransmissionId_When_ActivityType_Is_Not_TransmissionOpened (16 rows)
#[tokio::test]
async fn a_transmission_id_with_another_activity_type_is_a_bad_request() {
    let dp = notifier().await;
    let id = dp.created(&dialog()).await;
    let mut rows = 0;
    for kind in DialogActivityType::KNOWN.iter().filter(|k| !matches!(k, DialogActivityType::TransmissionOpened)) {
        let answer = dp.send(Method::GET, &check_path(id, kind.as_str(), "Exists", Some(Uuid::now_v7())), None).await;
        answer.expect(400);
        assert!(answer.has_error_text("TransmissionOpened"), "{kind}: {}", answer.body);
        rows += 1;
    }
    assert_eq!(rows, 16);
}

/// NotificationConditionQueryValidator: TransmissionOpened needs a transmission id
#[tokio::test]
async fn transmission_opened_needs_a_transmission_id() {
    let dp = notifier().await;
    let id = dp.created(&dialog()).await;
    let answer = dp.send(Method::GET, &check_path(id, "TransmissionOpened", "Exists", None), None).await;
    answer.expect(400);
    assert!(answer.has_error_text("must not be empty"), "{}", answer.body);
}

/// NotificationConditionTests.NotFound_Should_Be_Returned_When_Dialog_Does_Not_Exist
#[tokio::test]
async fn an_unknown_dialog_is_not_found() {
    let dp = notifier().await;
    dp.send(Method::GET, &check_path(Uuid::now_v7(), "Information", "Exists", None), None).await.expect(404);
}

/// NotificationConditionQuery: the query ignores the delete filter, so a deleted dialog is evaluated as any other
#[tokio::test]
async fn a_deleted_dialog_is_evaluated_normally() {
    let dp = notifier().await;
    let id = dp.created(&dialog_with(&DialogActivityType::DialogOpened, true, Uuid::now_v7())).await;
    dp.send(Method::DELETE, &format!("/api/v1/serviceowner/dialogs/{id}"), None).await.expect(204);
    let answer = dp.send(Method::GET, &check_path(id, "DialogOpened", "Exists", None), None).await;
    answer.expect(200);
    assert_eq!(answer.body["sendNotification"], true);
}
