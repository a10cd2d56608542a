//! A sandbox database lives in the user's data directory and outlives dp
//! upgrades: every later version must open what an earlier one wrote, serve
//! it and write to it. `tests/fixtures/store-v0.db` was written by dp-server
//! before the schema had a version (see tests/fixtures/README.md).

use std::path::{Path, PathBuf};

use dialogporten::Client;
use dialogporten::events::{EventQuery, EventsClient};
use dialogporten_server::{Config, DEV_TOKEN};
use dp_integration_tests::sandbox::{dialog, typed};
use serde_json::json;
use uuid::Uuid;

const RESOURCE: &str = "urn:altinn:resource:dp-test";
const KEPT: &str = "0190a0b1-2c3d-7e4f-8a9b-0c1d2e3f0001";
const DELETED: &str = "0190a0b1-2c3d-7e4f-8a9b-0c1d2e3f0002";

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/store-v0.db")
}

fn client_at(base: &str) -> Client {
    Client::builder(dialogporten::Environment::Local(base.to_owned())).bearer_token(DEV_TOKEN).build().unwrap()
}

/// Writes the fixture with the code as it is (run once, on the release whose database it should hold):
/// `DP_WRITE_STORE_FIXTURE=1 cargo test -p dp-integration-tests --test store_upgrade`.
async fn write_fixture(path: &Path) {
    let _ = std::fs::remove_file(path);
    let server = dp_integration_tests::spawn(Config::dev().with_database_file(path)).await;
    let client = client_at(&server.base_url);
    let mut kept = dialog("Beholdt");
    kept["id"] = json!(KEPT);
    kept["serviceOwnerContext"] = json!({"serviceOwnerLabels": [{"value": "batch-7"}]});
    kept["activities"] = json!([{"type": "DialogCreated", "performedBy": {"actorType": "ServiceOwner"}}]);
    kept["transmissions"] = json!([{"type": "Information", "sender": {"actorType": "ServiceOwner"},
        "content": {"title": {"value": [{"languageCode": "nb", "value": "Kvittering"}]}}}]);
    client.create_dialog().body(typed::<dialogporten::types::CreateDialog>(kept)).send().await.unwrap();
    let mut deleted = dialog("Slettet");
    deleted["id"] = json!(DELETED);
    client.create_dialog().body(typed::<dialogporten::types::CreateDialog>(deleted)).send().await.unwrap();
    client.delete_dialog().dialog_id(Uuid::parse_str(DELETED).unwrap()).send().await.unwrap();
    server.shutdown().await.unwrap();
    // The server's shutdown folds the WAL into the file: the fixture is that one file.
    let wal = PathBuf::from(format!("{}-wal", path.display()));
    assert!(!wal.exists() || std::fs::metadata(&wal).is_ok_and(|m| m.len() == 0), "one file, nothing left in a WAL");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_from_before_schema_versions_opens_serves_and_takes_writes() {
    if std::env::var_os("DP_WRITE_STORE_FIXTURE").is_some() {
        write_fixture(&fixture()).await;
        return;
    }
    let dir = std::env::temp_dir().join(format!("dp-store-upgrade-{}", Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let copy = dir.join("local.db");
    std::fs::copy(fixture(), &copy).unwrap();
    let server = dp_integration_tests::spawn(Config::dev().with_database_file(&copy)).await;
    let client = client_at(&server.base_url);

    // Serves what was there: the dialog with its label, activity and transmission; the deleted one as deleted.
    let kept = client.get_dialog().dialog_id(Uuid::parse_str(KEPT).unwrap()).send().await.unwrap().into_inner();
    assert_eq!(kept.content.as_ref().unwrap().title.value[0].value, "Beholdt");
    assert_eq!(kept.activities.as_ref().map(Vec::len), Some(1));
    assert_eq!(kept.transmissions.as_ref().map(Vec::len), Some(1));
    let labels = kept.service_owner_context.service_owner_labels.clone().unwrap_or_default();
    assert_eq!(labels.iter().map(|l| l.value.as_str()).collect::<Vec<_>>(), ["batch-7"]);
    let deleted = client.get_dialog().dialog_id(Uuid::parse_str(DELETED).unwrap()).send().await.unwrap().into_inner();
    assert!(deleted.deleted_at.is_some());
    let found =
        client.search_dialogs().service_owner_labels(vec!["batch-7".to_owned()]).send().await.unwrap().into_inner();
    assert_eq!(found.items.len(), 1, "the search tables came along");
    let events =
        EventsClient::new(&server.base_url, std::sync::Arc::new(dialogporten::auth::StaticToken::new(DEV_TOKEN)));
    let page = events.page(&EventQuery::new(RESOURCE)).await.unwrap();
    assert!(page.events.len() >= 4, "created, activity, transmission, created, deleted: {}", page.events.len());

    // And takes writes: a new dialog, a change to an old one, events after the old ones.
    let created = client
        .create_dialog()
        .body(typed::<dialogporten::types::CreateDialog>(dialog("Ny")))
        .send()
        .await
        .unwrap()
        .into_inner();
    let patch = json!([{"op": "replace", "path": "/progress", "value": 50}]);
    client
        .patch_dialog()
        .dialog_id(Uuid::parse_str(KEPT).unwrap())
        .body(typed::<Vec<dialogporten::types::JsonPatchOperation>>(patch))
        .send()
        .await
        .unwrap();
    let later = events.page(&EventQuery::new(RESOURCE).after(page.after.clone().unwrap())).await.unwrap();
    assert_eq!(later.events.len(), 2, "a created and an updated event, after the old ones");
    assert_eq!(later.events[0].dialog_id(), Some(created));
    server.shutdown().await.unwrap();

    // A restart on the upgraded file finds it all again.
    let server = dp_integration_tests::spawn(Config::dev().with_database_file(&copy)).await;
    let again = client_at(&server.base_url).get_dialog().dialog_id(created).send().await.unwrap().into_inner();
    assert_eq!(again.id, created);
    server.shutdown().await.unwrap();
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upgraded_database_carries_the_version_and_a_newer_one_is_refused() {
    let dir = std::env::temp_dir().join(format!("dp-store-version-{}", Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let copy = dir.join("local.db");
    std::fs::copy(fixture(), &copy).unwrap();
    assert_eq!(user_version(&copy), 0, "the fixture predates versions");
    let server = dp_integration_tests::spawn(Config::dev().with_database_file(&copy)).await;
    server.shutdown().await.unwrap();
    assert_eq!(user_version(&copy), dialogporten_server::SCHEMA_VERSION as i64);

    // A file from a newer build is not touched: the error says what to do.
    set_user_version(&copy, 999);
    let error = dialogporten_server::spawn(Config::dev().with_database_file(&copy)).await.err().expect("refused");
    let text = error.to_string();
    assert!(text.contains("schema version 999") && text.contains("newer"), "{text}");
    assert_eq!(user_version(&copy), 999, "left as it was");
    let _ = std::fs::remove_dir_all(dir);
}

fn user_version(path: &Path) -> i64 {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.pragma_query_value(None, "user_version", |row| row.get(0)).unwrap()
}

fn set_user_version(path: &Path, version: i64) {
    rusqlite::Connection::open(path).unwrap().pragma_update(None, "user_version", version).unwrap();
}
