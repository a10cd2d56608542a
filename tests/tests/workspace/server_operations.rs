//! Every operation of the contract against a spawned dp-server, through the
//! SDK: the happy path and each error status the operation can give.

use chrono::{Duration, Utc};
use dialogporten::enums::{DialogActivityType, DialogStatus, NotificationConditionType, SystemLabel};
use dialogporten::types::{
    BulkSetSystemLabel, CreateDialog, CreateDialogActivityRequest, CreateServiceOwnerLabel, CreateTransmissionRequest,
    JsonPatchOperation, SetDialogSystemLabelRequest, UpdateDialog, UpdateTransmissionRequest,
};
use dialogporten::{Created, Revision};
use dialogporten_server::{Config, ServiceResource, TokenGrant, auth::scopes};
use dp_integration_tests::sandbox::{Sandbox, dialog, error_keys, problem, status, typed};
use serde_json::{Value, json};
use uuid::Uuid;

const PERSON: &str = "urn:altinn:person:identifier-no:08844397713";

fn put_body(status: &str) -> UpdateDialog {
    typed(json!({
        "status": status,
        "content": {"title": {"value": [{"languageCode": "nb", "value": "Oppdatert"}]}}
    }))
}

fn transmission(kind: &str) -> Value {
    json!({
        "type": kind,
        "sender": {"actorType": "ServiceOwner"},
        "content": {"title": {"value": [{"languageCode": "nb", "value": "Melding"}]}}
    })
}

fn other_org() -> TokenGrant {
    TokenGrant::service_owner("other-token", "ttd", "991825827")
}

/// The development server with the scopes production grants to few (changing transmissions,
/// the notification check, …): the operations that need them are tested here too.
fn with_rare_scopes() -> Config {
    Config::dev().with_dev_scopes(&[
        scopes::CHANGE_TRANSMISSIONS,
        scopes::NOTIFICATIONS,
        scopes::LEGACY_HTML,
        scopes::CORRESPONDENCE,
    ])
}

fn admin() -> TokenGrant {
    let mut grant = TokenGrant::service_owner("admin-token", "digdir", "991825827");
    grant.scopes.push(scopes::ADMIN.into());
    grant
}

#[tokio::test]
async fn create_then_get_returns_the_stored_dialog() {
    let sandbox = Sandbox::start().await;
    let mut body = dialog("Søknad");
    body["party"] = json!("URN:ALTINN:ORGANIZATION:IDENTIFIER-NO:991825827");
    body["status"] = json!("sent");
    body["dueAt"] = json!((Utc::now() + Duration::days(30)).to_rfc3339());
    let created = sandbox.create(body).await;
    assert_eq!(created.location.as_deref(), Some(format!("/api/v1/serviceowner/dialogs/{}", created.id).as_str()));
    let response = sandbox.client.get_dialog().dialog_id(created.id).send().await.unwrap();
    assert_eq!(response.revision(), created.revision);
    let got = response.into_inner();
    assert_eq!(got.id, created.id);
    assert_eq!(Some(got.revision), created.revision);
    assert_eq!(got.party, "urn:altinn:organization:identifier-no:991825827");
    assert_eq!(got.status, DialogStatus::Awaiting);
    assert_eq!(got.org, "digdir");
    assert_eq!(got.system_label, SystemLabel::Default);
    assert_eq!(got.content.as_ref().unwrap().title.value[0].value, "Søknad");
    assert_eq!(got.content.unwrap().title.media_type.as_deref(), Some("text/plain"));
    assert!(got.created_at <= Utc::now() && got.created_at == got.updated_at);
}

#[tokio::test]
async fn the_upstream_invalid_create_gets_the_upstream_error_paths() {
    let sandbox = Sandbox::start().await;
    let body = json!({
        "serviceResource": "foo:bar",
        "party": "urn:altinn:organization:identifier-no:123",
        "progress": 101,
        "process": format!("urn:{}", "p".repeat(1020)),
        "attachments": [{
            "name": "n".repeat(256),
            "displayName": [{"languageCode": "no", "value": "Vedlegg"}, {"languageCode": "en", "value": ""}],
            "urls": []
        }]
    });
    let problem = problem(sandbox.client.create_dialog().body(typed::<CreateDialog>(body)).send().await);
    assert_eq!(problem.status().as_u16(), 400);
    // The same mistakes as upstream's own snapshot test, so the same error keys.
    let Some(dir) = dp_integration_tests::upstream_dir() else { return };
    let snapshot =
        dp_integration_tests::read_json(&dir.join("examples/error-400_For_Invalid_Dialog_Creation.e2e-snapshot.json"));
    let mut upstream: Vec<String> = snapshot["errors"].as_object().unwrap().keys().cloned().collect();
    upstream.sort();
    assert_eq!(error_keys(&problem), upstream);
    assert_eq!(problem.problem().title.as_deref(), Some("One or more validation errors occurred."));
    assert_eq!(problem.problem().instance.as_deref(), Some("/api/v1/serviceowner/dialogs"));
    let errors = problem.problem().errors.clone().unwrap();
    assert_eq!(errors["dto.progress"], ["'Progress' must be between 0 and 100. You entered 101."]);
}

#[tokio::test]
async fn requests_without_a_valid_token_get_401() {
    let sandbox = Sandbox::start().await;
    let stranger = sandbox.client_with_token("not-a-token");
    assert_eq!(status(stranger.search_dialogs().send().await), 401);
    assert_eq!(status(stranger.create_dialog().body(typed::<CreateDialog>(dialog("x"))).send().await), 401);
    let raw = dialogporten::reqwest::get(sandbox.url("/api/v1/serviceowner/dialogs")).await.unwrap();
    assert_eq!(raw.status(), 401);
    assert_eq!(raw.headers()["www-authenticate"], "Bearer");
}

#[tokio::test]
async fn another_orgs_dialog_does_not_exist_for_you() {
    let sandbox = Sandbox::with(Config::dev().with_token(other_org())).await;
    let created = sandbox.create(dialog("Privat")).await;
    let other = sandbox.client_with_token("other-token");
    let problem = problem(other.get_dialog().dialog_id(created.id).send().await);
    assert_eq!(problem.status().as_u16(), 404);
    assert_eq!(error_keys(&problem), ["DialogEntity"]);
    assert_eq!(status(other.delete_dialog().dialog_id(created.id).send().await), 404);
    assert!(other.search_dialogs().send().await.unwrap().into_inner().items.clone().is_empty());
    let missing = Uuid::now_v7();
    assert_eq!(status(sandbox.client.get_dialog().dialog_id(missing).send().await), 404);
}

#[tokio::test]
async fn a_repeated_idempotent_key_gets_409_naming_the_first_dialog() {
    let sandbox = Sandbox::start().await;
    let mut body = dialog("Én gang");
    body["idempotentKey"] = json!("import-0001");
    let first = sandbox.create(body.clone()).await;
    let problem = problem(sandbox.client.create_dialog().body(typed::<CreateDialog>(body)).send().await);
    assert_eq!(problem.status().as_u16(), 409);
    assert_eq!(problem.existing_dialog_id(), Some(first.id));
    let mut short = dialog("x");
    short["idempotentKey"] = json!("ab");
    let problem = self::problem(sandbox.client.create_dialog().body(typed::<CreateDialog>(short)).send().await);
    assert_eq!(error_keys(&problem), ["dto.idempotentKey"]);
}

#[tokio::test]
async fn caller_chosen_ids_must_be_past_uuidv7_and_unique() {
    let sandbox = Sandbox::start().await;
    let id = dialogporten::ids::deterministic_v7("a2:1", Utc::now() - Duration::days(400));
    let mut body = dialog("Fast id");
    body["id"] = json!(id);
    let created = sandbox.create(body.clone()).await;
    assert_eq!(created.id, id);
    let duplicate = problem(sandbox.client.create_dialog().body(typed::<CreateDialog>(body.clone())).send().await);
    assert_eq!(duplicate.status().as_u16(), 422);
    assert_eq!(error_keys(&duplicate), ["Dialog"]);
    body["id"] = json!(Uuid::new_v4());
    assert_eq!(
        error_keys(&problem(sandbox.client.create_dialog().body(typed::<CreateDialog>(body.clone())).send().await)),
        ["dto.id"]
    );
    body["id"] = json!(dialogporten::ids::deterministic_v7("future", Utc::now() + Duration::days(1)));
    assert_eq!(status(sandbox.client.create_dialog().body(typed::<CreateDialog>(body)).send().await), 400);
}

#[tokio::test]
async fn put_merges_collections_by_id_and_appends_transmissions() {
    let sandbox = Sandbox::start().await;
    let mut body = dialog("Vedlegg");
    let url = |name: &str| json!([{"url": format!("https://example.no/{name}.pdf"), "consumerType": "Gui"}]);
    body["attachments"] = json!([{"urls": url("a")}, {"urls": url("b")}]);
    body["transmissions"] = json!([transmission("Information")]);
    let created = sandbox.create(body).await;
    let before = sandbox.client.get_dialog().dialog_id(created.id).send().await.unwrap().into_inner();
    let kept = before.attachments.clone().unwrap_or_default()[0].id;
    let update = json!({
        "status": "InProgress",
        "progress": 50,
        "content": {"title": {"value": [{"languageCode": "nb", "value": "Vedlegg"}]}},
        "attachments": [{"id": kept, "urls": url("a2")}, {"urls": url("c")}],
        "transmissions": [transmission("Alert")]
    });
    let response = sandbox
        .client
        .update_dialog()
        .dialog_id(created.id)
        .if_match(created.revision.unwrap())
        .body(typed::<UpdateDialog>(update.clone()))
        .send()
        .await
        .unwrap();
    let after = sandbox.client.get_dialog().dialog_id(created.id).send().await.unwrap().into_inner();
    assert_eq!(response.revision(), Some(after.revision));
    assert_eq!(after.progress, Some(50));
    assert_eq!(after.status, DialogStatus::InProgress);
    assert_eq!(after.attachments.clone().unwrap_or_default().len(), 2);
    assert_eq!(after.attachments.clone().unwrap_or_default()[0].id, kept, "a matching id is updated in place");
    assert_eq!(
        after.attachments.clone().unwrap_or_default()[0].urls.clone().unwrap_or_default()[0].url,
        "https://example.no/a2.pdf"
    );
    assert!(
        !after
            .attachments
            .clone()
            .unwrap_or_default()
            .iter()
            .any(|a| a.id == before.attachments.clone().unwrap_or_default()[1].id),
        "a missing item is deleted"
    );
    assert_eq!(after.transmissions.clone().unwrap_or_default().len(), 2, "transmissions are appended");
    assert!(after.content_updated_at > before.content_updated_at);

    let reused = json!({
        "status": "InProgress",
        "content": update["content"],
        "transmissions": [{"id": after.transmissions.clone().unwrap_or_default()[0].id, "type": "Information", "sender": {"actorType": "ServiceOwner"},
            "content": update["content"]}]
    });
    let problem =
        problem(sandbox.client.update_dialog().dialog_id(created.id).body(typed::<UpdateDialog>(reused)).send().await);
    assert_eq!(problem.status().as_u16(), 422);
    assert_eq!(error_keys(&problem), ["DialogTransmission"]);
}

#[tokio::test]
async fn a_stale_if_match_gets_412_and_changes_nothing() {
    let sandbox = Sandbox::start().await;
    let created = sandbox.create(dialog("Revisjon")).await;
    let revision = created.revision.unwrap();
    sandbox
        .client
        .update_dialog()
        .dialog_id(created.id)
        .if_match(revision)
        .body(put_body("InProgress"))
        .send()
        .await
        .unwrap();
    let stale = problem(
        sandbox
            .client
            .update_dialog()
            .dialog_id(created.id)
            .if_match(revision)
            .body(put_body("Completed"))
            .send()
            .await,
    );
    assert_eq!(stale.status().as_u16(), 412);
    assert_eq!(stale.problem().title.as_deref(), Some("Precondition failed."));
    assert!(stale.problem().errors.is_none());
    let got = sandbox.client.get_dialog().dialog_id(created.id).send().await.unwrap().into_inner();
    assert_eq!(got.status, DialogStatus::InProgress);
    for result in [
        status(sandbox.client.delete_dialog().dialog_id(created.id).if_match(revision).send().await),
        status(sandbox.client.purge_dialog().dialog_id(created.id).if_match(revision).send().await),
        status(sandbox.client.restore_dialog().dialog_id(created.id).if_match(revision).send().await),
        status(
            sandbox
                .client
                .create_dialog_activity()
                .dialog_id(created.id)
                .if_match(revision)
                .body(typed::<CreateDialogActivityRequest>(
                    json!({"type": "DialogOpened", "performedBy": {"actorType": "ServiceOwner"}}),
                ))
                .send()
                .await,
        ),
    ] {
        assert_eq!(result, 412);
    }
}

#[tokio::test]
async fn soft_delete_gives_410_until_restored_and_purge_removes_for_good() {
    let sandbox = Sandbox::start().await;
    let created = sandbox.create(dialog("Slettes")).await;
    let deleted = sandbox.client.delete_dialog().dialog_id(created.id).send().await.unwrap();
    assert!(deleted.revision().is_some());
    let got = sandbox.client.get_dialog().dialog_id(created.id).send().await.unwrap().into_inner();
    assert!(got.deleted_at.is_some(), "a deleted dialog is still readable, with deletedAt");
    let gone = problem(sandbox.client.update_dialog().dialog_id(created.id).body(put_body("Completed")).send().await);
    assert_eq!(gone.status().as_u16(), 410);
    assert_eq!(error_keys(&gone), ["DialogEntity"]);
    assert_eq!(status(sandbox.client.delete_dialog().dialog_id(created.id).send().await), 410);
    assert_eq!(status(sandbox.client.search_dialog_transmissions().dialog_id(created.id).send().await), 410);
    let hidden = sandbox.client.search_dialogs().send().await.unwrap().into_inner();
    assert!(hidden.items.clone().is_empty(), "search excludes deleted dialogs by default");
    let only = sandbox.client.search_dialogs().deleted(dialogporten::enums::DeletedFilter::Only).send().await.unwrap();
    assert_eq!(only.into_inner().items.clone().len(), 1);

    sandbox.client.restore_dialog().dialog_id(created.id).send().await.unwrap();
    sandbox.client.restore_dialog().dialog_id(created.id).send().await.expect("restore is idempotent");
    sandbox.client.update_dialog().dialog_id(created.id).body(put_body("Completed")).send().await.unwrap();
    sandbox.client.purge_dialog().dialog_id(created.id).send().await.unwrap();
    assert_eq!(status(sandbox.client.get_dialog().dialog_id(created.id).send().await), 404);
    assert_eq!(status(sandbox.client.purge_dialog().dialog_id(created.id).send().await), 404);
}

#[tokio::test]
async fn freezing_needs_admin_and_stops_other_writers() {
    let sandbox = Sandbox::with(Config::dev().with_token(admin())).await;
    let created = sandbox.create(dialog("Frys")).await;
    let problem = problem(sandbox.client.freeze_dialog().dialog_id(created.id).send().await);
    assert_eq!(problem.status().as_u16(), 403);
    assert_eq!(error_keys(&problem), ["Forbidden"]);
    let admin = sandbox.client_with_token("admin-token");
    let frozen = admin.freeze_dialog().dialog_id(created.id).send().await.unwrap();
    assert!(frozen.revision().is_some());
    let patch: Vec<JsonPatchOperation> = typed(json!([{"op": "replace", "path": "/progress", "value": 10}]));
    assert_eq!(status(sandbox.client.patch_dialog().dialog_id(created.id).body(patch.clone()).send().await), 403);
    assert_eq!(status(sandbox.client.delete_dialog().dialog_id(created.id).send().await), 403);
    admin.patch_dialog().dialog_id(created.id).body(patch).send().await.expect("admins may change a frozen dialog");
}

#[tokio::test]
async fn service_resources_follow_the_registry() {
    let mut config = Config::dev().with_token(other_org()).with_resource(ServiceResource {
        id: "urn:altinn:resource:owned-by-ttd".into(),
        org: "ttd".into(),
        org_number: None,
        resource_type: "GenericAccessResource".into(),
        title: Some("TTD".into()),
    });
    config.dev = false;
    let sandbox = Sandbox::with(config).await;
    let problem = problem(sandbox.client.create_dialog().body(typed::<CreateDialog>(dialog("Ukjent"))).send().await);
    assert_eq!(problem.status().as_u16(), 403, "a resource outside the registry is refused without --dev");
    let mut body = dialog("TTD");
    body["serviceResource"] = json!("urn:altinn:resource:owned-by-ttd");
    assert_eq!(status(sandbox.client.create_dialog().body(typed::<CreateDialog>(body.clone())).send().await), 403);
    let ttd = sandbox.client_with_token("other-token");
    ttd.create_dialog().body(typed::<CreateDialog>(body)).send().await.expect("the owner may use its resource");
    let listed = sandbox.client.get_service_resource_metadata().send().await.unwrap().into_inner();
    assert_eq!(listed.items.clone().unwrap_or_default()[0].service_resource.id, "urn:altinn:resource:owned-by-ttd");
}

#[tokio::test]
async fn patch_applies_rfc6902_to_the_put_view_case_insensitively() {
    let sandbox = Sandbox::start().await;
    let mut body = dialog("Patch");
    body["content"]["summary"] =
        json!({"value": [{"languageCode": "nb", "value": "Før"}, {"languageCode": "en", "value": "Before"}]});
    body["searchTags"] = json!([{"value": "tag-one"}]);
    let created = sandbox.create(body).await;
    let patch = json!([
        {"op": "replace", "path": "/Status", "value": "completed"},
        {"op": "replace", "path": "/content/summary/value/1/value", "value": "Etter"},
        {"op": "add", "path": "/attachments/-", "value": {"urls": [{"url": "https://example.no/v.pdf", "consumerType": "gui"}]}},
        {"op": "remove", "path": "/SearchTags"},
        {"op": "add", "path": "/transmissions/-", "value": transmission("Decision")}
    ]);
    let response = dialogporten::reqwest::Client::new()
        .patch(sandbox.url(&format!("/api/v1/serviceowner/dialogs/{}", created.id)))
        .bearer_auth(dialogporten_server::DEV_TOKEN)
        .header("content-type", "application/json-patch+json")
        .body(patch.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    let got = sandbox.client.get_dialog().dialog_id(created.id).send().await.unwrap().into_inner();
    assert_eq!(got.status, DialogStatus::Completed);
    assert_eq!(got.content.unwrap().summary.unwrap().value[1].value, "Etter", "localizations are ordered by code");
    assert_eq!(got.attachments.clone().unwrap_or_default().len(), 1);
    assert!(got.search_tags.clone().unwrap_or_default().is_empty());
    assert_eq!(got.transmissions.clone().unwrap_or_default().len(), 1);

    let bad: Vec<JsonPatchOperation> = typed(json!([{"op": "replace", "path": "/progress", "value": 101}]));
    let problem = problem(sandbox.client.patch_dialog().dialog_id(created.id).body(bad).send().await);
    assert_eq!(error_keys(&problem), ["dto.progress"], "the patched body is validated like a PUT");
    let missing: Vec<JsonPatchOperation> = typed(json!([{"op": "replace", "path": "/nothing/here", "value": 1}]));
    assert_eq!(status(sandbox.client.patch_dialog().dialog_id(created.id).body(missing).send().await), 400);
    let wrong_type = dialogporten::reqwest::Client::new()
        .patch(sandbox.url(&format!("/api/v1/serviceowner/dialogs/{}", created.id)))
        .bearer_auth(dialogporten_server::DEV_TOKEN)
        .header("content-type", "text/plain")
        .body("[]")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_type.status(), 415);
}

#[tokio::test]
async fn silent_updates_keep_timestamps_labels_and_allow_past_dates() {
    let sandbox = Sandbox::start().await;
    let mut body = dialog("Stille");
    body["systemLabel"] = json!("Archive");
    let created = sandbox.create(body).await;
    let before = sandbox.client.get_dialog().dialog_id(created.id).send().await.unwrap().into_inner();
    let mut past = json!({"status": "Completed", "dueAt": "2012-06-01T12:00:00Z",
        "content": {"title": {"value": [{"languageCode": "nb", "value": "Stille"}]}}});
    let problem = problem(
        sandbox.client.update_dialog().dialog_id(created.id).body(typed::<UpdateDialog>(past.clone())).send().await,
    );
    assert_eq!(problem.status().as_u16(), 422, "a past due date is refused unless silent");
    sandbox
        .client
        .update_dialog()
        .dialog_id(created.id)
        .is_silent_update(true)
        .body(typed::<UpdateDialog>(past.clone()))
        .send()
        .await
        .unwrap();
    let silent = sandbox.client.get_dialog().dialog_id(created.id).send().await.unwrap().into_inner();
    assert_eq!(silent.updated_at, before.updated_at);
    assert_eq!(silent.content_updated_at, before.content_updated_at);
    assert_eq!(silent.system_label, SystemLabel::Archive);
    assert_ne!(silent.revision, before.revision);
    past["dueAt"] = json!(silent.due_at);
    past["status"] = json!("InProgress");
    sandbox.client.update_dialog().dialog_id(created.id).body(typed::<UpdateDialog>(past)).send().await.unwrap();
    let loud = sandbox.client.get_dialog().dialog_id(created.id).send().await.unwrap().into_inner();
    assert!(loud.updated_at > before.updated_at, "an unchanged past due date may stay");
    assert_eq!(loud.system_label, SystemLabel::Default, "a non-silent update takes the dialog out of the archive");
}

#[tokio::test]
async fn activities_are_appended_listed_and_read() {
    let sandbox = Sandbox::start().await;
    let created = sandbox.create(dialog("Aktivitet")).await;
    let body: CreateDialogActivityRequest = typed(json!({
        "type": "information", "performedBy": {"actorType": "ServiceOwner"},
        "description": [{"languageCode": "nb", "value": "Noe skjedde"}]
    }));
    let response =
        sandbox.client.create_dialog_activity().dialog_id(created.id).body(body.clone()).send().await.unwrap();
    let activity: Created = response.into();
    assert!(activity.location.unwrap().ends_with(&format!("/activities/{}", activity.id)));
    let listed = sandbox.client.search_dialog_activities().dialog_id(created.id).send().await.unwrap().into_inner();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].type_, DialogActivityType::Information);
    let got = sandbox.client.get_dialog_activity().dialog_id(created.id).activity_id(activity.id).send().await.unwrap();
    assert_eq!(got.into_inner().description.unwrap()[0].value, "Noe skjedde");
    assert_eq!(
        status(sandbox.client.get_dialog_activity().dialog_id(created.id).activity_id(Uuid::now_v7()).send().await),
        404
    );
    let no_description: CreateDialogActivityRequest =
        typed(json!({"type": "Information", "performedBy": {"actorType": "ServiceOwner"}}));
    let problem =
        problem(sandbox.client.create_dialog_activity().dialog_id(created.id).body(no_description).send().await);
    assert_eq!(error_keys(&problem), ["dto.description"]);
    let mut duplicate = serde_json::to_value(&body).unwrap();
    duplicate["id"] = json!(activity.id);
    let problem = self::problem(
        sandbox
            .client
            .create_dialog_activity()
            .dialog_id(created.id)
            .body(typed::<CreateDialogActivityRequest>(duplicate))
            .send()
            .await,
    );
    assert_eq!(problem.status().as_u16(), 422);
    assert_eq!(error_keys(&problem), ["DialogActivity"]);
    let correspondence: CreateDialogActivityRequest =
        typed(json!({"type": "CorrespondenceOpened", "performedBy": {"actorType": "ServiceOwner"}}));
    let limited = TokenGrant::service_owner("limited", "digdir", "991825827").with_scopes(&[scopes::SERVICE_PROVIDER]);
    let sandbox = Sandbox::with(Config::dev().with_token(limited)).await;
    let created = sandbox.create(dialog("x")).await;
    let problem = self::problem(
        sandbox
            .client_with_token("limited")
            .create_dialog_activity()
            .dialog_id(created.id)
            .body(correspondence)
            .send()
            .await,
    );
    assert_eq!(problem.status().as_u16(), 403);
    assert!(problem.problem().errors.as_ref().unwrap()["Forbidden"][0].contains("digdir:dialogporten.correspondence"));
}

#[tokio::test]
async fn transmissions_are_appended_opened_and_corrected_silently() {
    let limited = TokenGrant::service_owner("limited", "digdir", "991825827").with_scopes(&[scopes::SERVICE_PROVIDER]);
    let sandbox = Sandbox::with(with_rare_scopes().with_token(limited)).await;
    let created = sandbox.create(dialog("Forsendelse")).await;
    let mut body = transmission("Request");
    body["idempotentKey"] = json!("tx-1");
    let sent: Created = sandbox
        .client
        .create_dialog_transmission()
        .dialog_id(created.id)
        .body(typed::<CreateTransmissionRequest>(body.clone()))
        .send()
        .await
        .unwrap()
        .into();
    let conflict = problem(
        sandbox
            .client
            .create_dialog_transmission()
            .dialog_id(created.id)
            .body(typed::<CreateTransmissionRequest>(body))
            .send()
            .await,
    );
    assert_eq!(conflict.status().as_u16(), 409);
    assert_eq!(error_keys(&conflict), ["IdempotentKey"]);
    let got =
        sandbox.client.get_dialog_transmission().dialog_id(created.id).transmission_id(sent.id).send().await.unwrap();
    assert_eq!(got.into_inner().id, sent.id);
    let dialog_view = sandbox.client.get_dialog().dialog_id(created.id).send().await.unwrap().into_inner();
    assert!(dialog_view.has_unopened_content);
    assert!(!dialog_view.transmissions.clone().unwrap_or_default()[0].is_opened);
    sandbox
        .client
        .create_dialog_activity()
        .dialog_id(created.id)
        .body(typed::<CreateDialogActivityRequest>(json!({"type": "TransmissionOpened", "transmissionId": sent.id,
            "performedBy": {"actorType": "PartyRepresentative", "actorId": PERSON}})))
        .send()
        .await
        .unwrap();
    let listed = sandbox.client.search_dialog_transmissions().dialog_id(created.id).send().await.unwrap().into_inner();
    assert_eq!(listed.len(), 1);
    let dialog_view = sandbox.client.get_dialog().dialog_id(created.id).send().await.unwrap().into_inner();
    assert!(dialog_view.transmissions.clone().unwrap_or_default()[0].is_opened);
    assert!(!dialog_view.has_unopened_content);

    let mut fix = transmission("Request");
    fix["content"]["title"]["value"][0]["value"] = json!("Rettet");
    let fix: UpdateTransmissionRequest = typed(fix);
    let put = |silent: bool, client: dialogporten::Client| {
        let fix = fix.clone();
        async move {
            client
                .update_dialog_transmission()
                .dialog_id(created.id)
                .transmission_id(sent.id)
                .is_silent_update(silent)
                .body(fix)
                .send()
                .await
        }
    };
    assert_eq!(error_keys(&problem(put(false, sandbox.client.clone()).await)), ["isSilentUpdate"]);
    assert_eq!(status(put(true, sandbox.client_with_token("limited")).await), 403);
    put(true, sandbox.client.clone()).await.unwrap();
    let got =
        sandbox.client.get_dialog_transmission().dialog_id(created.id).transmission_id(sent.id).send().await.unwrap();
    assert_eq!(got.into_inner().content.title.value[0].value, "Rettet");
    assert_eq!(
        status(
            sandbox.client.get_dialog_transmission().dialog_id(created.id).transmission_id(Uuid::now_v7()).send().await
        ),
        404
    );
}

#[tokio::test]
async fn service_owner_labels_have_their_own_revision() {
    let sandbox = Sandbox::start().await;
    let created = sandbox.create(dialog("Merker")).await;
    let label = |value: &str| typed::<CreateServiceOwnerLabel>(json!({"value": value}));
    let added = sandbox
        .client
        .create_service_owner_label()
        .dialog_id(created.id)
        .body(label("  Batch-7 "))
        .send()
        .await
        .unwrap();
    let revision = added.revision().unwrap();
    let listed = sandbox.client.get_service_owner_labels().dialog_id(created.id).send().await.unwrap();
    assert_eq!(listed.revision(), Some(revision));
    assert_eq!(listed.into_inner()[0].value, "batch-7");
    let stale = Uuid::new_v4();
    assert_eq!(
        status(
            sandbox
                .client
                .create_service_owner_label()
                .dialog_id(created.id)
                .if_match(stale)
                .body(label("other"))
                .send()
                .await
        ),
        412
    );
    // Upstream validates the dialog's whole new list (UpdateServiceOwnerContextDtoValidator): the
    // added label is item 1 of it.
    assert_eq!(
        error_keys(&problem(
            sandbox.client.create_service_owner_label().dialog_id(created.id).body(label("ab")).send().await
        )),
        ["dto.serviceOwnerLabels[1].value"]
    );
    sandbox
        .client
        .delete_service_owner_label()
        .dialog_id(created.id)
        .label("batch-7")
        .if_match(revision)
        .send()
        .await
        .unwrap();
    assert_eq!(
        status(sandbox.client.delete_service_owner_label().dialog_id(created.id).label("batch-7").send().await),
        404
    );
}

#[tokio::test]
async fn system_labels_one_at_a_time_and_in_bulk() {
    let sandbox = Sandbox::start().await;
    let mut body = dialog("Etiketter");
    body["party"] = json!(PERSON);
    let first = sandbox.create(body.clone()).await;
    let second = sandbox.create(body).await;
    let set: SetDialogSystemLabelRequest = typed(json!({"addLabels": ["bin"]}));
    let response = sandbox
        .client
        .set_dialog_system_labels()
        .dialog_id(first.id)
        .enduser_id(PERSON)
        .body(set.clone())
        .send()
        .await
        .unwrap();
    let revision = response.revision().unwrap();
    let got = sandbox.client.get_dialog().dialog_id(first.id).send().await.unwrap().into_inner();
    assert_eq!(got.system_label, SystemLabel::Bin);
    assert_eq!(got.end_user_context.revision, revision);
    assert_eq!(
        status(sandbox.client.set_dialog_system_labels().dialog_id(first.id).body(set.clone()).send().await),
        400
    );
    let stale = Uuid::new_v4();
    assert_eq!(
        status(
            sandbox
                .client
                .set_dialog_system_labels()
                .dialog_id(first.id)
                .enduser_id(PERSON)
                .if_match(stale)
                .body(set.clone())
                .send()
                .await
        ),
        412
    );
    let sent: SetDialogSystemLabelRequest = typed(json!({"addLabels": ["Sent"]}));
    assert_eq!(
        status(
            sandbox.client.set_dialog_system_labels().dialog_id(first.id).enduser_id(PERSON).body(sent).send().await
        ),
        400
    );

    let bulk: BulkSetSystemLabel =
        typed(json!({"dialogs": [{"dialogId": first.id}, {"dialogId": second.id}], "addLabels": ["Archive"]}));
    sandbox.client.bulk_set_dialog_system_labels().enduser_id(PERSON).body(bulk).send().await.unwrap();
    let contexts = sandbox
        .client
        .search_dialog_end_user_contexts()
        .party(vec![PERSON.to_owned()])
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(contexts.items.clone().len(), 2);
    assert!(contexts.items.clone().iter().all(|c| c.system_labels == Some(vec![SystemLabel::Archive])));
    let filtered =
        sandbox.client.search_dialogs().system_label(vec![SystemLabel::Archive]).send().await.unwrap().into_inner();
    assert_eq!(filtered.items.clone().len(), 2);
    let missing: BulkSetSystemLabel =
        typed(json!({"dialogs": [{"dialogId": first.id}, {"dialogId": Uuid::now_v7()}], "addLabels": ["Default"]}));
    assert_eq!(
        status(sandbox.client.bulk_set_dialog_system_labels().enduser_id(PERSON).body(missing).send().await),
        404
    );
    let unchanged = sandbox.client.get_dialog().dialog_id(first.id).send().await.unwrap().into_inner();
    assert_eq!(unchanged.system_label, SystemLabel::Archive, "a failed bulk request changes nothing");
    sandbox.client.delete_dialog().dialog_id(second.id).send().await.unwrap();
    assert_eq!(
        status(
            sandbox.client.set_dialog_system_labels().dialog_id(second.id).enduser_id(PERSON).body(set).send().await
        ),
        410
    );
}

#[tokio::test]
async fn reading_as_an_end_user_writes_the_seen_log() {
    let sandbox = Sandbox::start().await;
    let mut body = dialog("Sett");
    body["party"] = json!(PERSON);
    let created = sandbox.create(body).await;
    let as_user =
        sandbox.client.get_dialog().dialog_id(created.id).end_user_id(PERSON).send().await.unwrap().into_inner();
    assert_eq!(as_user.seen_since_last_update.clone().unwrap_or_default().len(), 1);
    assert!(as_user.seen_since_last_update.clone().unwrap_or_default()[0].is_current_end_user);
    assert!(as_user.is_content_seen);
    sandbox.client.get_dialog().dialog_id(created.id).end_user_id(PERSON).send().await.unwrap();
    let log = sandbox.client.search_dialog_seen_logs().dialog_id(created.id).send().await.unwrap().into_inner();
    assert_eq!(log.len(), 1, "seeing the same revision again adds no entry");
    assert_eq!(log[0].seen_by.actor_id.as_deref(), Some(PERSON));
    let entry = sandbox.client.get_dialog_seen_log().dialog_id(created.id).seen_log_id(log[0].id).send().await.unwrap();
    assert_eq!(entry.into_inner().id, log[0].id);
    assert_eq!(
        status(sandbox.client.get_dialog_seen_log().dialog_id(created.id).seen_log_id(Uuid::now_v7()).send().await),
        404
    );
}

#[tokio::test]
async fn lookup_metadata_notification_check_health_and_contract() {
    let sandbox = Sandbox::with(with_rare_scopes()).await;
    let created = sandbox.create(dialog("Oppslag")).await;
    let found = sandbox
        .client
        .get_dialog_lookup()
        .instance_ref(format!("urn:altinn:dialog-id:{}", created.id))
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(found.dialog_id, created.id);
    assert_eq!(found.title.unwrap()[0].value, "Oppslag");
    assert_eq!(status(sandbox.client.get_dialog_lookup().instance_ref("urn:nope").send().await), 400);
    let unknown = format!("urn:altinn:correspondence-id:{}", Uuid::now_v7());
    assert_eq!(status(sandbox.client.get_dialog_lookup().instance_ref(unknown).send().await), 404);

    let limits = sandbox.client.get_limits().send().await.unwrap().into_inner();
    assert_eq!(limits.service_owner_search.max_party_filter_values, 20);
    let resources = sandbox.client.get_service_resource_metadata().send().await.unwrap().into_inner();
    assert!(
        resources
            .items
            .clone()
            .unwrap_or_default()
            .iter()
            .any(|r| r.service_resource.id == "urn:altinn:resource:dp-test")
    );

    let check = |condition: NotificationConditionType| {
        sandbox
            .client
            .check_notification_condition()
            .dialog_id(created.id)
            .condition_type(condition)
            .activity_type(DialogActivityType::DialogOpened)
            .send()
    };
    assert!(check(NotificationConditionType::NotExists).await.unwrap().into_inner().send_notification);
    assert!(!check(NotificationConditionType::Exists).await.unwrap().into_inner().send_notification);

    let health = dialogporten::reqwest::get(sandbox.url("/health")).await.unwrap();
    assert_eq!(health.status(), 200);
    let served: Value =
        dialogporten::reqwest::get(sandbox.url("/swagger/v1/swagger.json")).await.unwrap().json().await.unwrap();
    assert_eq!(served, dp_integration_tests::project_spec());
}

#[tokio::test]
async fn bodies_over_the_limit_get_413() {
    let sandbox = Sandbox::start().await;
    let mut body = dialog("Stor");
    body["externalReference"] = json!("x".repeat(dialogporten::validate::MAX_BODY_BYTES));
    // The SDK refuses it before sending a byte...
    let refused = sandbox.client.create_dialog().body(typed::<CreateDialog>(body.clone())).send().await;
    let refused = refused.expect_err("too large");
    assert!(matches!(refused, dialogporten::Error::BodyTooLarge { bytes } if bytes > 20_000_000), "{refused:?}");
    // ...and the server answers 413 to anyone who sends it anyway.
    let response = dialogporten::reqwest::Client::new()
        .post(format!("{}/api/v1/serviceowner/dialogs", sandbox.server.base_url))
        .bearer_auth(dialogporten_server::DEV_TOKEN)
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 413);
    let problem: Value = response.json().await.unwrap();
    assert_eq!(problem["title"], "Payload too large. The maximum allowed size is 20000000 bytes.");
    assert!(sandbox.client.search_dialogs().send().await.unwrap().into_inner().items.clone().is_empty());
}

#[tokio::test]
async fn a_failed_write_changes_nothing() {
    let sandbox = Sandbox::start().await;
    let taken = Uuid::now_v7();
    let mut elsewhere = dialog("Annen");
    elsewhere["activities"] =
        json!([{"id": taken, "type": "DialogOpened", "performedBy": {"actorType": "ServiceOwner"}}]);
    sandbox.create(elsewhere).await;
    let created = sandbox.create(dialog("Atomisk")).await;
    let before = sandbox.client.get_dialog().dialog_id(created.id).send().await.unwrap().into_inner();
    let transmission_id = Uuid::now_v7();
    let update = json!({
        "status": "Completed",
        "content": {"title": {"value": [{"languageCode": "nb", "value": "Endret"}]}},
        "transmissions": [{"id": transmission_id, "type": "Information", "sender": {"actorType": "ServiceOwner"},
            "content": {"title": {"value": [{"languageCode": "nb", "value": "T"}]}}}],
        "activities": [
            {"type": "DialogOpened", "performedBy": {"actorType": "ServiceOwner"}, "id": taken}
        ]
    });
    let problem =
        problem(sandbox.client.update_dialog().dialog_id(created.id).body(typed::<UpdateDialog>(update)).send().await);
    assert_eq!(problem.status().as_u16(), 422);
    let after = sandbox.client.get_dialog().dialog_id(created.id).send().await.unwrap().into_inner();
    assert_eq!(after, before);
    let search = sandbox.client.search_dialogs().send().await.unwrap().into_inner();
    assert!(search.items.clone().iter().all(|d| d.status == DialogStatus::NotApplicable));
}

fn opened_activity() -> CreateDialogActivityRequest {
    typed(json!({"type": "DialogOpened", "performedBy": {"actorType": "ServiceOwner"}}))
}

fn labels(add: &str) -> SetDialogSystemLabelRequest {
    typed(json!({"addLabels": [add]}))
}

#[tokio::test]
async fn every_write_on_a_deleted_dialog_gets_410() {
    let sandbox = Sandbox::with(with_rare_scopes().with_token(admin())).await;
    let mut body = dialog("Borte");
    body["transmissions"] = json!([transmission("Information")]);
    let created = sandbox.create(body).await;
    let tx =
        sandbox.client.get_dialog().dialog_id(created.id).send().await.unwrap().into_inner().transmissions.unwrap()[0]
            .id;
    sandbox.client.delete_dialog().dialog_id(created.id).send().await.unwrap();
    let c = &sandbox.client;
    let id = created.id;
    let patch: Vec<JsonPatchOperation> = typed(json!([{"op": "replace", "path": "/progress", "value": 1}]));
    let statuses = [
        status(c.update_dialog().dialog_id(id).body(put_body("Completed")).send().await),
        status(c.patch_dialog().dialog_id(id).body(patch).send().await),
        status(c.delete_dialog().dialog_id(id).send().await),
        status(sandbox.client_with_token("admin-token").freeze_dialog().dialog_id(id).send().await),
        status(c.create_dialog_activity().dialog_id(id).body(opened_activity()).send().await),
        status(
            c.create_dialog_transmission()
                .dialog_id(id)
                .body(typed::<CreateTransmissionRequest>(transmission("Alert")))
                .send()
                .await,
        ),
        status(
            c.update_dialog_transmission()
                .dialog_id(id)
                .transmission_id(tx)
                .is_silent_update(true)
                .body(typed::<UpdateTransmissionRequest>(transmission("Alert")))
                .send()
                .await,
        ),
        status(c.set_dialog_system_labels().dialog_id(id).enduser_id(PERSON).body(labels("Bin")).send().await),
        status(c.get_dialog_transmission().dialog_id(id).transmission_id(tx).send().await),
        status(c.search_dialog_seen_logs().dialog_id(id).send().await),
    ];
    assert_eq!(statuses, [410; 10]);
}

#[tokio::test]
async fn every_write_with_a_stale_if_match_gets_412() {
    let sandbox = Sandbox::with(with_rare_scopes().with_token(admin())).await;
    let mut body = dialog("Gammel");
    body["party"] = json!(PERSON);
    body["transmissions"] = json!([transmission("Information")]);
    let created = sandbox.create(body).await;
    let tx =
        sandbox.client.get_dialog().dialog_id(created.id).send().await.unwrap().into_inner().transmissions.unwrap()[0]
            .id;
    let stale = Uuid::new_v4();
    let c = &sandbox.client;
    let id = created.id;
    let patch: Vec<JsonPatchOperation> = typed(json!([{"op": "replace", "path": "/progress", "value": 1}]));
    let bulk: BulkSetSystemLabel =
        typed(json!({"dialogs": [{"dialogId": id, "endUserContextRevision": stale}], "addLabels": ["Bin"]}));
    let statuses = [
        status(c.patch_dialog().dialog_id(id).if_match(stale).body(patch).send().await),
        status(sandbox.client_with_token("admin-token").freeze_dialog().dialog_id(id).if_match(stale).send().await),
        status(
            c.create_dialog_transmission()
                .dialog_id(id)
                .if_match(stale)
                .body(typed::<CreateTransmissionRequest>(transmission("Alert")))
                .send()
                .await,
        ),
        status(
            c.update_dialog_transmission()
                .dialog_id(id)
                .transmission_id(tx)
                .if_match(stale)
                .is_silent_update(true)
                .body(typed::<UpdateTransmissionRequest>(transmission("Alert")))
                .send()
                .await,
        ),
        status(c.delete_service_owner_label().dialog_id(id).label("nope").if_match(stale).send().await),
        status(
            c.set_dialog_system_labels()
                .dialog_id(id)
                .enduser_id(PERSON)
                .if_match(stale)
                .body(labels("Bin"))
                .send()
                .await,
        ),
        status(c.bulk_set_dialog_system_labels().enduser_id(PERSON).body(bulk).send().await),
    ];
    assert_eq!(statuses, [412; 7]);
    // The contract types If-Match as a UUID: the SDK takes nothing else (a string does not
    // compile); the server's own 400 for one is checked over raw HTTP in contract_wire.rs.
}

#[tokio::test]
async fn scope_and_parameter_errors_on_the_remaining_operations() {
    let limited = TokenGrant::service_owner("limited", "digdir", "991825827").with_scopes(&[scopes::SERVICE_PROVIDER]);
    let sandbox = Sandbox::with(with_rare_scopes().with_token(limited)).await;
    let created = sandbox.create(dialog("Rest")).await;
    let limited = sandbox.client_with_token("limited");
    assert_eq!(status(limited.search_dialogs().send().await), 403, "search needs the search scope");
    assert_eq!(status(limited.search_dialog_end_user_contexts().party([PERSON]).send().await), 403);
    let check = limited
        .check_notification_condition()
        .dialog_id(created.id)
        .condition_type(NotificationConditionType::Exists)
        .activity_type(DialogActivityType::DialogOpened)
        .send()
        .await;
    assert_eq!(status(check), 403, "the notification check needs Altinn Notifications' scope");
    let no_transmission = sandbox
        .client
        .check_notification_condition()
        .dialog_id(created.id)
        .condition_type(NotificationConditionType::Exists)
        .activity_type(DialogActivityType::TransmissionOpened)
        .send()
        .await;
    assert_eq!(error_keys(&problem(no_transmission)), ["transmissionId"]);
    let unknown = sandbox
        .client
        .check_notification_condition()
        .dialog_id(Uuid::now_v7())
        .condition_type(NotificationConditionType::Exists)
        .activity_type(DialogActivityType::DialogOpened)
        .send()
        .await;
    assert_eq!(status(unknown), 404);
    assert_eq!(status(sandbox.client.search_dialog_end_user_contexts().party(Vec::<String>::new()).send().await), 400);
    let performed_by: SetDialogSystemLabelRequest =
        typed(json!({"addLabels": ["Bin"], "performedBy": {"actorType": "ServiceOwner"}}));
    assert_eq!(
        status(sandbox.client.set_dialog_system_labels().dialog_id(created.id).body(performed_by).send().await),
        403,
        "performedBy is for admins"
    );
    assert_eq!(status(sandbox.client.search_dialog_activities().dialog_id(Uuid::now_v7()).send().await), 404);
    assert_eq!(status(sandbox.client.get_service_owner_labels().dialog_id(Uuid::now_v7()).send().await), 404);
}

#[tokio::test]
async fn missing_members_are_reported_together_with_other_mistakes() {
    let sandbox = Sandbox::start().await;
    let raw = json!({"serviceResource": "urn:altinn:resource:x", "progress": -1, "content": {"title": {"value": []}}});
    let response = dialogporten::reqwest::Client::new()
        .post(sandbox.url("/api/v1/serviceowner/dialogs"))
        .bearer_auth(dialogporten_server::DEV_TOKEN)
        .json(&raw)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    assert_eq!(response.headers()["content-type"], "application/problem+json; charset=utf-8");
    let body: Value = response.json().await.unwrap();
    let keys: Vec<&String> = body["errors"].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["dto.content.title.value", "dto.party", "dto.progress"]);
    assert_eq!(body["errors"]["dto.party"], json!(["'Party' must not be empty."]));
}

#[tokio::test]
async fn a_chunked_body_over_the_limit_gets_413_too() {
    let sandbox = Sandbox::start().await;
    let chunk = vec![b' '; 1_000_000];
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = (0..21).map(|_| Ok(chunk.clone())).collect();
    let response = dialogporten::reqwest::Client::new()
        .post(sandbox.url("/api/v1/serviceowner/dialogs"))
        .bearer_auth(dialogporten_server::DEV_TOKEN)
        .header("content-type", "application/json")
        .body(dialogporten::reqwest::Body::wrap_stream(futures::stream::iter(chunks)))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413, "no Content-Length: the limit applies while reading");
}

#[tokio::test]
async fn a_checked_json_body_creates_through_the_same_hooks_and_errors() {
    use dialogporten::validate::{self, Rules};
    let sandbox = dp_integration_tests::sandbox::Sandbox::start().await;
    let id = uuid::Uuid::now_v7();
    let mut raw = dp_integration_tests::sandbox::dialog("Fra JSON");
    raw["ID"] = serde_json::json!(id);
    let mut body = validate::bind::<dialogporten::types::CreateDialog>(raw).unwrap();
    validate::create_dialog(&mut body, &Rules::now().silent(true)).unwrap();
    assert_eq!(sandbox.client.create_dialog_json(&body, true).await.unwrap(), id);
    let stored = sandbox.client.get_dialog().dialog_id(id).send().await.unwrap().into_inner();
    assert_eq!(stored.content.unwrap().title.value[0].value, "Fra JSON");

    let again = sandbox.client.create_dialog_json(&body, true).await.unwrap_err();
    assert_eq!(again.kind(), Some(dialogporten::ErrorKind::Unprocessable));
    assert!(again.api().unwrap().field_errors().any(|(field, _)| field == "Dialog"), "{again}");
    let invalid =
        serde_json::json!({"serviceResource": "nope", "party": "urn:altinn:organization:identifier-no:991825827"});
    let refused = sandbox.client.create_dialog_json(&invalid, false).await.unwrap_err();
    assert_eq!(refused.kind(), Some(dialogporten::ErrorKind::BadRequest));
    let unauthorised = sandbox.client_with_token("wrong").create_dialog_json(&body, true).await.unwrap_err();
    assert_eq!(unauthorised.kind(), Some(dialogporten::ErrorKind::Unauthorized));
}
