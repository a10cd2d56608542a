//! Conformance: service-owner labels, bulk system labels, caller-chosen ids
//! and times near "now", and what the correspondence scope lengthens
//! (Altinn/dialogporten v1.119.1). Each case names its upstream source.

use chrono::{Duration, Utc};
use dialogporten::ids::deterministic_v7;
use dialogporten::reqwest::Method;
use dialogporten_server::{Config, TokenGrant, auth::scopes};
use dp_integration_tests::conformance::{Dp, dialog};
use serde_json::{Value, json};
use uuid::Uuid;

fn labelled(labels: &[&str]) -> Value {
    let mut body = dialog();
    body["serviceOwnerContext"] =
        json!({"serviceOwnerLabels": labels.iter().map(|l| json!({"value": l})).collect::<Vec<_>>()});
    body
}

async fn add_label(dp: &Dp, id: Uuid, label: &str) -> dp_integration_tests::conformance::Answer {
    dp.send(Method::POST, &format!("/api/v1/serviceowner/dialogs/{id}/context/labels"), Some(&json!({"value": label})))
        .await
}

/// CreateDialogServiceOwnerLabelTests.Can_Create_Dialog_With_ServiceOwner_Labels
#[tokio::test]
async fn a_dialog_may_be_created_with_labels() {
    let dp = Dp::start().await;
    let id = dp.created(&labelled(&["label1", "label2", "label3"])).await;
    let got = dp.get(id).await;
    assert_eq!(got.body["serviceOwnerContext"]["serviceOwnerLabels"].as_array().unwrap().len(), 3);
}

/// CreateDialogServiceOwnerLabelTests.Cannot_Create_Dialog_With_Duplicate_ServiceOwner_Labels
#[tokio::test]
async fn labels_differing_only_in_case_are_duplicates() {
    let dp = Dp::start().await;
    let answer = dp.create(&labelled(&["sel", "SEL"])).await;
    answer.expect(400);
    assert_eq!(
        answer.errors("dto.serviceOwnerContext.serviceOwnerLabels"),
        ["Can not contain duplicate items: [sel]."]
    );
}

/// CreateDialogServiceOwnerLabelTests.Cannot_Create_Labels_With_Invalid_Length
#[tokio::test]
async fn labels_too_short_too_long_or_empty_are_refused_in_upstreams_words() {
    let dp = Dp::start().await;
    let long = "a".repeat(256);
    let answer = dp.create(&labelled(&["", "aa", &long])).await;
    answer.expect(400);
    assert!(answer.has_error_text("not be empty"), "{}", answer.body);
    assert!(answer.has_error_text("at least"), "{}", answer.body);
    assert!(answer.has_error_text("or fewer"), "{}", answer.body);
    assert_eq!(
        answer.errors("dto.serviceOwnerContext.serviceOwnerLabels[1].value"),
        ["The length of 'Value' must be at least 3 characters. You entered 2 characters."]
    );
}

/// CreateDialogServiceOwnerLabelTests.Cannot_Create_More_Than_Maximum_Allowed_ServiceOwner_Labels
#[tokio::test]
async fn more_than_20_labels_are_refused() {
    let dp = Dp::start().await;
    let labels: Vec<String> = (0..21).map(|i| format!("label{i}")).collect();
    let refs: Vec<&str> = labels.iter().map(String::as_str).collect();
    let answer = dp.create(&labelled(&refs)).await;
    answer.expect(400);
    assert_eq!(
        answer.errors("dto.serviceOwnerContext.serviceOwnerLabels"),
        ["Maximum 20 service owner labels are allowed."]
    );
}

/// UpdateDialogServiceOwnerLabelTests.Can_Add_ServiceOwnerLabel_To_Existing_Dialog
#[tokio::test]
async fn a_label_may_be_added() {
    let dp = Dp::start().await;
    let id = dp.created(&labelled(&["first"])).await;
    add_label(&dp, id, "Second").await.expect(204);
    let got = dp.get(id).await;
    let labels: Vec<&str> = got.body["serviceOwnerContext"]["serviceOwnerLabels"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|l| l["value"].as_str())
        .collect();
    assert_eq!(labels, ["first", "second"]);
}

/// CreateServiceOwnerLabelEndpoint + UpdateServiceOwnerContextDtoValidator: adding a label the dialog has (in any case) is a 400
#[tokio::test]
async fn adding_a_label_the_dialog_has_is_refused() {
    let dp = Dp::start().await;
    let id = dp.created(&labelled(&["case:1"])).await;
    let answer = add_label(&dp, id, "CASE:1").await;
    answer.expect(400);
    assert_eq!(answer.errors("dto.serviceOwnerLabels"), ["Can not contain duplicate items: [case:1]."]);
}

/// UpdateDialogServiceOwnerLabelTests.Cannot_Update_With_More_Than_Max_Allowed_ServiceOwner_Labels
#[tokio::test]
async fn a_21st_label_is_refused() {
    let dp = Dp::start().await;
    let labels: Vec<String> = (0..20).map(|i| format!("label{i}")).collect();
    let refs: Vec<&str> = labels.iter().map(String::as_str).collect();
    let id = dp.created(&labelled(&refs)).await;
    let answer = add_label(&dp, id, "one-too-many").await;
    answer.expect(400);
    assert_eq!(answer.errors("dto.serviceOwnerLabels"), ["Maximum 20 service owner labels are allowed."]);
}

/// UpdateDialogServiceOwnerLabelTests.Cannot_Update_ServiceOwnerLabels_With_Invalid_Length
#[tokio::test]
async fn an_added_label_that_is_too_short_is_refused_at_its_place_in_the_list() {
    let dp = Dp::start().await;
    let id = dp.created(&labelled(&["first"])).await;
    let answer = add_label(&dp, id, "ab").await;
    answer.expect(400);
    assert_eq!(
        answer.errors("dto.serviceOwnerLabels[1].value"),
        ["The length of 'Value' must be at least 3 characters. You entered 2 characters."]
    );
}

fn bulk(ids: &[Uuid]) -> Value {
    json!({"dialogs": ids.iter().map(|id| json!({"dialogId": id})).collect::<Vec<_>>(), "addLabels": ["Archive"]})
}

const BULK: &str = "/api/v1/serviceowner/dialogs/endusercontext/systemlabels/actions/bulkset?enduserId=urn:altinn:person:identifier-no:08844397713";

/// BulkSetSystemLabelCommandValidatorTests.Duplicate_DialogIds_Should_Return_Error
#[tokio::test]
async fn a_bulk_request_naming_a_dialog_twice_is_refused() {
    let dp = Dp::start().await;
    let mut body = dialog();
    body["party"] = json!("urn:altinn:person:identifier-no:08844397713");
    let id = dp.created(&body).await;
    let answer = dp.send(Method::POST, BULK, Some(&bulk(&[id, id]))).await;
    answer.expect(400);
    assert_eq!(answer.errors("dto.dialogs"), [format!("Can not contain duplicate items: [{id}].")]);
}

/// BulkSetSystemLabelDtoValidator: MaxDialogsPerRequest = 200
#[tokio::test]
async fn a_bulk_request_takes_up_to_200_dialogs() {
    let dp = Dp::start().await;
    let many: Vec<Uuid> = (0..201).map(|_| Uuid::now_v7()).collect();
    let answer = dp.send(Method::POST, BULK, Some(&bulk(&many))).await;
    answer.expect(400);
    assert_eq!(answer.errors("dto.dialogs"), ["Must supply between 1 and 200 dialogs to update"]);
    let answer = dp.send(Method::POST, BULK, Some(&bulk(&many[..200]))).await;
    assert_eq!(answer.status, 404, "200 is within the limit (the dialogs do not exist): {}", answer.body);
}

/// BulkSetSystemLabelCommandValidatorTests.Requires_EndUserId_When_PerformedBy_Is_Missing
#[tokio::test]
async fn a_bulk_request_needs_an_end_user() {
    let dp = Dp::start().await;
    let path = "/api/v1/serviceowner/dialogs/endusercontext/systemlabels/actions/bulkset";
    let answer = dp.send(Method::POST, path, Some(&bulk(&[Uuid::now_v7()]))).await;
    answer.expect(400);
    assert_eq!(answer.errors("endUserId"), ["EnduserId is required"]);
}

/// BulkSetSystemLabelCommandValidatorTests.Rejects_EndUserId_When_PerformedBy_Is_Present
#[tokio::test]
async fn a_bulk_request_may_not_name_both_an_end_user_and_a_performer() {
    let dp = Dp::start().await;
    let mut body = bulk(&[Uuid::now_v7()]);
    body["performedBy"] = json!({"actorType": "ServiceOwner"});
    let answer = dp.send(Method::POST, BULK, Some(&body)).await;
    answer.expect(400);
    assert_eq!(answer.errors("endUserId"), ["EnduserId must be omitted when performedBy is supplied."]);
}

/// CreateDialogTests.Create_Dialog_With_Specified_DialogId_Tests: "UUIDv7 future timestamp +14s should succeed", "+16s should fail validation"
#[tokio::test]
async fn a_caller_chosen_id_may_lie_up_to_15_seconds_ahead() {
    let dp = Dp::start().await;
    let mut body = dialog();
    body["id"] = json!(deterministic_v7("ahead", Utc::now() + Duration::seconds(14)));
    dp.create(&body).await.expect(201);
    body["id"] = json!(deterministic_v7("ahead", Utc::now() + Duration::seconds(16)));
    let answer = dp.create(&body).await;
    answer.expect(400);
    assert!(answer.has_error_key("dto.id"), "{}", answer.body);
}

/// CreateDialogTests.Create_Dialog_With_Specified_DialogId_Tests: "Validations for UUIDv4 format"
#[tokio::test]
async fn a_caller_chosen_id_must_be_a_uuid_v7() {
    let dp = Dp::start().await;
    let mut body = dialog();
    body["id"] = json!(Uuid::new_v4());
    dp.create(&body).await.expect(400);
}

/// CreateDialogTests.Create_Dialog_With_Specified_CreatedAt_Tests (14 s ahead succeeds, 16 s fails)
#[tokio::test]
async fn created_at_may_lie_up_to_15_seconds_ahead() {
    let dp = Dp::start().await;
    let mut body = dialog();
    body["createdAt"] = json!((Utc::now() + Duration::seconds(14)).to_rfc3339());
    dp.create(&body).await.expect(201);
    body["createdAt"] = json!((Utc::now() + Duration::seconds(16)).to_rfc3339());
    let answer = dp.create(&body).await;
    answer.expect(400);
    assert!(answer.has_error_key("dto.createdAt"), "{}", answer.body);
}

async fn with_scopes(extra: &[&str]) -> (Dp, String) {
    let mut config = Config::dev();
    let mut grant = TokenGrant::service_owner("typical-token", "digdir", "991825827");
    grant.scopes = [scopes::SERVICE_PROVIDER].iter().chain(extra).map(|s| (*s).to_owned()).collect();
    config.tokens.push(grant);
    (Dp::with(config).await, "typical-token".to_owned())
}

/// ContentValueDtoValidator: with the correspondence scope a dialog's 255-character texts take 512
#[tokio::test]
async fn the_correspondence_scope_lengthens_dialog_titles_too() {
    let mut body = dialog();
    body["content"]["title"]["value"][0]["value"] = json!("x".repeat(300));
    let (dp, token) = with_scopes(&[]).await;
    let answer = dp.as_token(&token).send(Method::POST, "/api/v1/serviceowner/dialogs", Some(&body)).await;
    answer.expect(400);
    assert!(answer.has_error_key("dto.content.title.value[0].value"), "{}", answer.body);
    let (dp, token) = with_scopes(&[scopes::CORRESPONDENCE]).await;
    dp.as_token(&token).send(Method::POST, "/api/v1/serviceowner/dialogs", Some(&body)).await.expect(201);
}
