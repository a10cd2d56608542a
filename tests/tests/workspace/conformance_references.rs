//! Conformance: references between transmissions and from activities, which
//! upstream checks against the dialog as a whole and refuses with 422
//! (Altinn/dialogporten v1.119.1). Each case names its upstream source.

use dialogporten::reqwest::Method;
use dialogporten_server::{Config, auth::scopes};
use dp_integration_tests::conformance::{Dp, dialog, linked_transmissions, opened, transmission};
use serde_json::{Value, json};
use uuid::Uuid;

fn with_transmissions(transmissions: Vec<Value>) -> Value {
    let mut body = dialog();
    body["transmissions"] = Value::Array(transmissions);
    body
}

fn update_with(view: &mut Value, transmissions: Vec<Value>) {
    view["transmissions"] = Value::Array(transmissions);
}

/// CreateTransmissionTests.Can_Create_Transmission_Related_To_Existing_Transmission
#[tokio::test]
async fn a_transmission_may_relate_to_a_stored_one() {
    let dp = Dp::start().await;
    let parent = Uuid::now_v7();
    let id = dp.created(&with_transmissions(vec![transmission(parent, None)])).await;
    let child = Uuid::now_v7();
    dp.add_transmission(id, &transmission(child, Some(parent))).await.expect(201);
    let got = dp.get(id).await;
    let transmissions = got.body["transmissions"].as_array().unwrap();
    assert_eq!(transmissions.len(), 2);
    let stored = transmissions.iter().find(|t| t["id"] == json!(child)).unwrap();
    assert_eq!(stored["relatedTransmissionId"], json!(parent));
}

/// CreateDialogTests (Create_Dialog_With_100_Linked_Transmissions) and CreateTransmissionTests.Can_Create_100_Linked_Transmissions
#[tokio::test]
async fn a_chain_of_100_related_transmissions_is_accepted() {
    let dp = Dp::start().await;
    let id = dp.created(&with_transmissions(linked_transmissions(100))).await;
    assert_eq!(dp.get(id).await.body["transmissions"].as_array().unwrap().len(), 100);
}

/// CreateDialogTests.Cannot_Create_Dialog_With_101_Linked_Transmissions
#[tokio::test]
async fn a_dialog_with_a_chain_of_101_is_refused_as_too_deep() {
    let dp = Dp::start().await;
    let answer = dp.create(&with_transmissions(linked_transmissions(101))).await;
    answer.expect(422);
    assert!(answer.has_error_text("depth violation"), "{}", answer.body);
    assert_eq!(answer.errors("Transmissions").len(), 1);
}

/// CreateTransmissionTests.Cannot_Create_Transmission_That_Extends_Existing_100_Linked_Chain
#[tokio::test]
async fn a_transmission_extending_a_chain_of_100_is_refused() {
    let dp = Dp::start().await;
    let chain = linked_transmissions(100);
    let tail: Uuid = serde_json::from_value(chain[99]["id"].clone()).unwrap();
    let id = dp.created(&with_transmissions(chain)).await;
    let answer = dp.add_transmission(id, &transmission(Uuid::now_v7(), Some(tail))).await;
    answer.expect(422);
    assert!(answer.has_error_text("depth violation"), "{}", answer.body);
    assert!(answer.has_error_text("TransmissionHierarchyNode"), "{}", answer.body);
    assert_eq!(dp.get(id).await.body["transmissions"].as_array().unwrap().len(), 100, "nothing was added");
}

/// UpdateDialogTransmissionTests.Can_Add_100_Linked_Transmissions_In_Update / Cannot_Add_101_Linked_Transmissions_In_Update
#[tokio::test]
async fn an_update_may_add_a_chain_of_100_but_not_101() {
    let dp = Dp::start().await;
    let id = dp.created(&dialog()).await;
    let mut view = dp.put_view(id).await;
    update_with(&mut view, linked_transmissions(101));
    let answer = dp.put(id, &view).await;
    answer.expect(422);
    assert!(answer.has_error_text("depth violation"), "{}", answer.body);
    update_with(&mut view, linked_transmissions(100));
    dp.put(id, &view).await.expect(204);
    assert_eq!(dp.get(id).await.body["transmissions"].as_array().unwrap().len(), 100);
}

/// ValidateReferenceHierarchyTests (width): at most 100 transmissions relate to one
#[tokio::test]
async fn more_than_100_replies_to_one_transmission_are_refused() {
    let dp = Dp::start().await;
    let root = Uuid::now_v7();
    let mut transmissions = vec![transmission(root, None)];
    transmissions.extend((0..101).map(|_| transmission(Uuid::now_v7(), Some(root))));
    let answer = dp.create(&with_transmissions(transmissions.clone())).await;
    answer.expect(422);
    assert!(answer.has_error_text("width violation"), "{}", answer.body);
    assert!(answer.has_error_text(&root.to_string()), "{}", answer.body);
    transmissions.pop();
    dp.create(&with_transmissions(transmissions)).await.expect(201);
}

/// ValidateReferenceHierarchyTests (cycles): two transmissions of one body that relate to each other
#[tokio::test]
async fn a_cycle_in_a_new_dialog_is_refused() {
    let dp = Dp::start().await;
    let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
    let answer = dp.create(&with_transmissions(vec![transmission(a, Some(b)), transmission(b, Some(a))])).await;
    answer.expect(422);
    assert!(answer.has_error_text("cyclic reference"), "{}", answer.body);
}

/// UpdateTransmissionTests.UpdateTransmission_Returns_DomainError_When_RelatedTransmissionId_Is_Cyclic
#[tokio::test]
async fn correcting_a_transmission_into_a_cycle_is_refused() {
    let dp = Dp::with(Config::dev().with_dev_scopes(&[scopes::CHANGE_TRANSMISSIONS])).await;
    let (first, second) = (Uuid::now_v7(), Uuid::now_v7());
    let id = dp.created(&with_transmissions(vec![transmission(first, None), transmission(second, Some(first))])).await;
    let mut correction = transmission(first, Some(second));
    correction.as_object_mut().unwrap().remove("id");
    let path = format!("/api/v1/serviceowner/dialogs/{id}/transmissions/{first}?isSilentUpdate=true");
    let answer = dp.send(Method::PUT, &path, Some(&correction)).await;
    answer.expect(422);
    assert!(answer.has_error_text("cyclic"), "{}", answer.body);
}

/// UpdateTransmissionTests.UpdateTransmission_Returns_Error_When_RelatedTransmissionId_Does_Not_Exist
#[tokio::test]
async fn correcting_a_transmission_to_relate_to_nothing_is_refused() {
    let dp = Dp::with(Config::dev().with_dev_scopes(&[scopes::CHANGE_TRANSMISSIONS])).await;
    let first = Uuid::now_v7();
    let id = dp.created(&with_transmissions(vec![transmission(first, None)])).await;
    let missing = Uuid::now_v7();
    let mut correction = transmission(first, Some(missing));
    correction.as_object_mut().unwrap().remove("id");
    let path = format!("/api/v1/serviceowner/dialogs/{id}/transmissions/{first}?isSilentUpdate=true");
    let answer = dp.send(Method::PUT, &path, Some(&correction)).await;
    answer.expect(422);
    assert!(answer.has_error_text(&missing.to_string()), "{}", answer.body);
}

/// UpdateTransmissionTests.UpdateTransmission_Should_Allow_Changing_Related_Transmission_Id
#[tokio::test]
async fn correcting_a_transmission_to_relate_to_another_is_accepted() {
    let dp = Dp::with(Config::dev().with_dev_scopes(&[scopes::CHANGE_TRANSMISSIONS])).await;
    let (first, second) = (Uuid::now_v7(), Uuid::now_v7());
    let id = dp.created(&with_transmissions(vec![transmission(first, None), transmission(second, None)])).await;
    let mut correction = transmission(second, Some(first));
    correction.as_object_mut().unwrap().remove("id");
    let path = format!("/api/v1/serviceowner/dialogs/{id}/transmissions/{second}?isSilentUpdate=true");
    dp.send(Method::PUT, &path, Some(&correction)).await.expect(204);
    let got = dp.get(id).await;
    let stored = got.body["transmissions"].as_array().unwrap().iter().find(|t| t["id"] == json!(second)).cloned();
    assert_eq!(stored.unwrap()["relatedTransmissionId"], json!(first));
}

/// TransmissionHierarchyValidator.ValidateNewTransmissionsAsync: a related transmission of another dialog does not exist in this one
#[tokio::test]
async fn a_new_transmission_relating_to_another_dialogs_is_refused() {
    let dp = Dp::start().await;
    let elsewhere = Uuid::now_v7();
    dp.created(&with_transmissions(vec![transmission(elsewhere, None)])).await;
    let id = dp.created(&dialog()).await;
    let answer = dp.add_transmission(id, &transmission(Uuid::now_v7(), Some(elsewhere))).await;
    answer.expect(422);
    assert!(answer.has_error_text("reference violation"), "{}", answer.body);
    assert!(answer.has_error_text(&elsewhere.to_string()), "{}", answer.body);
}

/// UpdateDialogDtoValidator has no IsIn for transmissions: an update relating to nothing is a domain error (422), not 400
#[tokio::test]
async fn an_update_relating_to_nothing_is_a_domain_error() {
    let dp = Dp::start().await;
    let id = dp.created(&dialog()).await;
    let mut view = dp.put_view(id).await;
    let missing = Uuid::now_v7();
    update_with(&mut view, vec![transmission(Uuid::now_v7(), Some(missing))]);
    let answer = dp.put(id, &view).await;
    answer.expect(422);
    assert!(answer.has_error_text("reference violation"), "{}", answer.body);
}

/// UpdateDialogTransmissionTests.Can_Update_Related_Transmission_With_Null_Id
#[tokio::test]
async fn an_update_may_add_a_transmission_without_id_relating_to_another_new_one() {
    let dp = Dp::start().await;
    let id = dp.created(&dialog()).await;
    let mut view = dp.put_view(id).await;
    let related = Uuid::now_v7();
    let mut without_id = transmission(Uuid::now_v7(), Some(related));
    without_id.as_object_mut().unwrap().remove("id");
    update_with(&mut view, vec![without_id, transmission(related, None)]);
    dp.put(id, &view).await.expect(204);
    assert_eq!(dp.get(id).await.body["transmissions"].as_array().unwrap().len(), 2);
}

/// CreateDialogDialogTransmissionDtoValidator: a transmission cannot reference itself (400)
#[tokio::test]
async fn a_transmission_relating_to_itself_is_a_validation_error() {
    let dp = Dp::start().await;
    let own = Uuid::now_v7();
    let answer = dp.create(&with_transmissions(vec![transmission(own, Some(own))])).await;
    answer.expect(400);
    assert!(answer.has_error_key("relatedTransmissionId"), "{}", answer.body);
}

/// CreateDialogDtoValidator: IsIn(Transmissions) for a new dialog's transmissions (400)
#[tokio::test]
async fn a_new_dialogs_transmission_relating_outside_the_body_is_a_validation_error() {
    let dp = Dp::start().await;
    let answer = dp.create(&with_transmissions(vec![transmission(Uuid::now_v7(), Some(Uuid::now_v7()))])).await;
    answer.expect(400);
    assert!(answer.has_error_key("relatedTransmissionId"), "{}", answer.body);
}

/// CreateDialogActivityTests.Can_Not_Create_Activity_On_Unknown_TransmissionId
#[tokio::test]
async fn an_activity_for_an_unknown_transmission_is_a_domain_error() {
    let dp = Dp::start().await;
    let id = dp.created(&dialog()).await;
    let unknown = Uuid::now_v7();
    let answer = dp.add_activity(id, &opened(unknown)).await;
    answer.expect(422);
    assert!(answer.has_error_key("TransmissionId"), "{}", answer.body);
    assert!(answer.has_error_text("does not exist"), "{}", answer.body);
    assert!(answer.has_error_text(&unknown.to_string()), "{}", answer.body);
}

/// CreateDialogActivityTests.Can_Not_Create_Activity_On_TransmissionId_Belonging_To_Another_Dialog
#[tokio::test]
async fn an_activity_for_another_dialogs_transmission_is_a_domain_error() {
    let dp = Dp::start().await;
    let elsewhere = Uuid::now_v7();
    dp.created(&with_transmissions(vec![transmission(elsewhere, None)])).await;
    let id = dp.created(&dialog()).await;
    let answer = dp.add_activity(id, &opened(elsewhere)).await;
    answer.expect(422);
    assert!(answer.has_error_key("TransmissionId"), "{}", answer.body);
    assert!(answer.has_error_text(&elsewhere.to_string()), "{}", answer.body);
}

/// CreateDialogActivityTests (Can_Create_Activity_With_TransmissionId): an activity for the dialog's own transmission
#[tokio::test]
async fn an_activity_for_the_dialogs_own_transmission_is_accepted() {
    let dp = Dp::start().await;
    let own = Uuid::now_v7();
    let id = dp.created(&with_transmissions(vec![transmission(own, None)])).await;
    dp.add_activity(id, &opened(own)).await.expect(201);
}

/// UpdateDialogCommand.ValidateActivityTransmissionIds: an update's activity for an unknown transmission (422, key Activities)
#[tokio::test]
async fn an_updates_activity_for_an_unknown_transmission_is_a_domain_error() {
    let dp = Dp::start().await;
    let id = dp.created(&dialog()).await;
    let mut view = dp.put_view(id).await;
    let unknown = Uuid::now_v7();
    view["activities"] = json!([opened(unknown)]);
    let answer = dp.put(id, &view).await;
    answer.expect(422);
    assert_eq!(answer.errors("Activities").len(), 1, "{}", answer.body);
    assert!(answer.has_error_text(&unknown.to_string()), "{}", answer.body);
}

/// CreateDialogDtoValidator: IsIn(Transmissions) for a new dialog's activities (400)
#[tokio::test]
async fn a_new_dialogs_activity_for_a_transmission_outside_the_body_is_a_validation_error() {
    let dp = Dp::start().await;
    let mut body = dialog();
    body["activities"] = json!([opened(Uuid::now_v7())]);
    dp.create(&body).await.expect(400);
}

/// CreateTransmissionTransmissionDtoValidator: `Content` NotEmpty, even when the dialog is API-only
#[tokio::test]
async fn the_transmission_endpoint_wants_content_even_for_an_api_only_dialog() {
    let dp = Dp::start().await;
    let mut body = dialog();
    body["isApiOnly"] = json!(true);
    let id = dp.created(&body).await;
    let mut t = transmission(Uuid::now_v7(), None);
    t.as_object_mut().unwrap().remove("content");
    let answer = dp.add_transmission(id, &t).await;
    answer.expect(400);
    assert_eq!(answer.errors("dto.content"), ["'Content' must not be empty."]);
}

fn api_only_with(t: Value) -> Value {
    let mut body = dialog();
    body["isApiOnly"] = json!(true);
    body["transmissions"] = json!([t]);
    body
}

/// UpdateDialogTests.Cannot_Update_IsApiOnly_To_False_If_Transmission_Content_Is_Null (a validation error naming Transmissions)
#[tokio::test]
async fn a_dialog_with_contentless_transmissions_stays_api_only() {
    let dp = Dp::start().await;
    let mut t = transmission(Uuid::now_v7(), None);
    t.as_object_mut().unwrap().remove("content");
    let id = dp.created(&api_only_with(t)).await;
    let mut view = dp.put_view(id).await;
    view["isApiOnly"] = json!(false);
    let answer = dp.put(id, &view).await;
    answer.expect(400);
    assert!(answer.has_error_text("Transmissions"), "{}", answer.body);
}

/// UpdateDialogTests.Can_Update_IsApiOnly_To_False_If_Transmission_Content_Is_Not_Null
#[tokio::test]
async fn a_dialog_whose_transmissions_have_content_may_leave_api_only() {
    let dp = Dp::start().await;
    let id = dp.created(&api_only_with(transmission(Uuid::now_v7(), None))).await;
    let mut view = dp.put_view(id).await;
    view["isApiOnly"] = json!(false);
    dp.put(id, &view).await.expect(204);
}
