//! The SDK checks creates and updates against the model's rules before sending them (issue "SDK
//! v2", item 1): a body the service would refuse with 400 is refused without a request, as the
//! same error with the same field errors as the service's.

use dialogporten::bodies::nb;
use dialogporten::types::{CreateDialog, CreateTransmissionRequest};
use dialogporten::{Client, Environment, ErrorKind, RetryPolicy};
use dialogporten_server::{Config, DEV_TOKEN};
use dp_integration_tests::sandbox::typed;
use dp_integration_tests::spawn;
use serde_json::json;

const PARTY: &str = "urn:altinn:organization:identifier-no:991825827";
const RESOURCE: &str = "urn:altinn:resource:dp-test";

fn client(base_url: &str, local_checks: bool) -> Client {
    Client::builder(Environment::Local(base_url.to_owned()))
        .bearer_token(DEV_TOKEN)
        .retry_policy(RetryPolicy::none())
        .local_checks(local_checks)
        .build()
        .expect("a client")
}

/// Nothing listens on the discard port: a request that went out would fail to connect.
const NOWHERE: &str = "http://127.0.0.1:9";

fn field_errors(error: &dialogporten::Error) -> Vec<(String, String)> {
    let api = error.api().unwrap_or_else(|| panic!("an answer, not {error:?}"));
    api.field_errors().map(|(k, m)| (k.to_owned(), m.to_owned())).collect()
}

#[tokio::test]
async fn a_dialog_without_a_title_is_refused_before_sending_with_the_services_field_errors() {
    let server = spawn(Config::dev()).await;
    // The contract requires only the party and the resource; the service requires a title too.
    let untitled = CreateDialog { content: None, ..CreateDialog::new(PARTY, RESOURCE, nb("Tittel")) };

    let local = client(NOWHERE, true).create_dialog().body(untitled.clone()).send().await.unwrap_err();
    assert_eq!(local.kind(), Some(ErrorKind::BadRequest), "{local:?}");
    assert!(local.api().is_some_and(|api| api.is_local()), "nothing was sent");
    let served = client(&server.base_url, false).create_dialog().body(untitled.clone()).send().await.unwrap_err();
    assert!(served.api().is_some_and(|api| !api.is_local()), "the service answered");
    assert_eq!(field_errors(&local), field_errors(&served));
    assert!(!field_errors(&local).is_empty());

    let idempotent = client(NOWHERE, true).create_dialog_idempotent(&untitled).silent().await.unwrap_err();
    assert_eq!(field_errors(&idempotent), field_errors(&served), "the import path checks too");
}

#[tokio::test]
async fn a_transmission_without_content_is_refused_before_sending() {
    let server = spawn(Config::dev()).await;
    let checked = client(&server.base_url, true);
    let body = CreateDialog::new(PARTY, RESOURCE, nb("Sak"));
    let dialog = checked.create_dialog().body(body).send().await.expect("a titled dialog is sent").into_inner();
    let bare: CreateTransmissionRequest =
        typed(json!({"type": "Information", "sender": {"actorType": "ServiceOwner"}}));

    let local = client(NOWHERE, true)
        .create_dialog_transmission()
        .dialog_id(dialog)
        .body(bare.clone())
        .send()
        .await
        .unwrap_err();
    let served = client(&server.base_url, false)
        .create_dialog_transmission()
        .dialog_id(dialog)
        .body(bare)
        .send()
        .await
        .unwrap_err();
    assert!(local.api().is_some_and(|api| api.is_local()));
    assert_eq!(field_errors(&local), field_errors(&served));
}

#[tokio::test]
async fn a_refused_body_prints_as_a_sentence_from_main() {
    let untitled = CreateDialog { content: None, ..CreateDialog::new(PARTY, RESOURCE, nb("Tittel")) };
    let error = client(NOWHERE, true).create_dialog().body(untitled).send().await.unwrap_err();
    let printed = format!("{error:?}");
    assert!(printed.starts_with("One or more validation errors occurred (HTTP 400)\n  "), "{printed}");
    assert!(!printed.contains("ApiError {"), "no derived Debug: {printed}");
}
