//! A dp-server on a database file keeps everything across a restart, and
//! concurrent writers to one dialog never lose an update.

use dialogporten::types::{CreateDialogActivityRequest, JsonPatchOperation, UpdateDialog};
use dialogporten::{Client, Revision};
use dialogporten_server::Config;
use dp_integration_tests::sandbox::{Sandbox, dialog, status, temp_db, typed};
use serde_json::json;

#[tokio::test]
async fn a_restarted_server_finds_every_dialog_revision_and_activity() {
    let path = temp_db("restart");
    let sandbox = Sandbox::with(Config::dev().with_database_file(&path)).await;
    let mut before = Vec::new();
    for n in 0..5 {
        let mut body = dialog(&format!("Dialog {n}"));
        body["activities"] = json!([{"type": "DialogCreated", "performedBy": {"actorType": "ServiceOwner"}}]);
        body["serviceOwnerContext"] = json!({"serviceOwnerLabels": [{"value": format!("batch-{n}")}]});
        let created = sandbox.create(body).await;
        let activity: CreateDialogActivityRequest =
            typed(json!({"type": "DialogOpened", "performedBy": {"actorType": "ServiceOwner"}}));
        sandbox.client.create_dialog_activity().dialog_id(created.id).body(activity).send().await.unwrap();
        before.push(sandbox.client.get_dialog().dialog_id(created.id).send().await.unwrap().into_inner());
    }
    sandbox.client.delete_dialog().dialog_id(before[4].id).send().await.unwrap();
    let deleted = sandbox.client.get_dialog().dialog_id(before[4].id).send().await.unwrap().into_inner();
    before[4] = deleted;
    sandbox.server.shutdown().await.unwrap();

    let restarted = Sandbox::with(Config::dev().with_database_file(&path)).await;
    for dialog in &before {
        let after = restarted.client.get_dialog().dialog_id(dialog.id).send().await.unwrap().into_inner();
        assert_eq!(&after, dialog, "dialog {} came back unchanged", dialog.id);
        assert_eq!(after.activities.as_ref().map(Vec::len), Some(2));
    }
    let labelled = restarted.client.search_dialogs().service_owner_labels(vec!["batch-2".to_owned()]).send().await;
    assert_eq!(labelled.unwrap().into_inner().items.len(), 1, "search tables survive too");
    restarted.server.shutdown().await.unwrap();
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

fn progress_patch(progress: i32) -> Vec<JsonPatchOperation> {
    typed(json!([{"op": "replace", "path": "/progress", "value": progress}]))
}

/// Reads the revision, then writes with If-Match; on 412, reads again and retries.
async fn increment(client: Client, id: uuid::Uuid) -> (u32, u32) {
    let mut conflicts = 0;
    loop {
        let current = client.get_dialog().dialog_id(id).send().await.unwrap().into_inner();
        let next = current.progress.unwrap_or(0) + 1;
        let result =
            client.patch_dialog().dialog_id(id).if_match(current.revision).body(progress_patch(next)).send().await;
        match result {
            Ok(_) => return (1, conflicts),
            Err(e) => {
                assert_eq!(status::<()>(Err(e)), 412, "a losing writer gets 412");
                conflicts += 1;
            }
        }
    }
}

#[tokio::test]
async fn concurrent_writers_with_if_match_lose_no_update() {
    let sandbox = Sandbox::start().await;
    let created = sandbox.create(dialog("Teller")).await;
    let writers = 8;
    let rounds = 5;
    let mut tasks = Vec::new();
    for _ in 0..writers {
        let client = sandbox.client.clone();
        tasks.push(tokio::spawn(async move {
            let mut totals = (0, 0);
            for _ in 0..rounds {
                let (done, conflicts) = increment(client.clone(), created.id).await;
                totals.0 += done;
                totals.1 += conflicts;
            }
            totals
        }));
    }
    let mut conflicts = 0;
    for task in tasks {
        conflicts += task.await.unwrap().1;
    }
    let dialog = sandbox.client.get_dialog().dialog_id(created.id).send().await.unwrap().into_inner();
    assert_eq!(dialog.progress, Some(writers * rounds), "every increment landed exactly once");
    eprintln!("{conflicts} writes lost the race and were retried after 412");
}

#[tokio::test]
async fn concurrent_writers_without_if_match_leave_one_consistent_winner() {
    let sandbox = Sandbox::start().await;
    let created = sandbox.create(dialog("Siste vinner")).await;
    let mut tasks = Vec::new();
    for n in 0..10 {
        let client = sandbox.client.clone();
        tasks.push(tokio::spawn(async move {
            let body: UpdateDialog = typed(json!({
                "status": "InProgress",
                "progress": n,
                "externalReference": format!("writer-{n}"),
                "content": {"title": {"value": [{"languageCode": "nb", "value": format!("Skriver {n}")}]}}
            }));
            client.update_dialog().dialog_id(created.id).body(body).send().await.unwrap().revision().unwrap()
        }));
    }
    let mut revisions = Vec::new();
    for task in tasks {
        revisions.push(task.await.unwrap());
    }
    let dialog = sandbox.client.get_dialog().dialog_id(created.id).send().await.unwrap().into_inner();
    let n = dialog.progress.unwrap();
    assert_eq!(dialog.external_reference.as_deref(), Some(format!("writer-{n}").as_str()), "no torn write");
    assert_eq!(dialog.content.unwrap().title.value[0].value, format!("Skriver {n}"));
    assert!(revisions.contains(&dialog.revision), "the final state is one writer's whole write");
    revisions.sort();
    revisions.dedup();
    assert_eq!(revisions.len(), 10, "every write made its own revision");
}

/// When the storage takes no writes (here: a database held to a few pages, as a full disk holds
/// it), a write is answered 503 with `Retry-After` and a problem saying so, and leaves nothing;
/// reads go on, the ones that also log a sighting too (issue 30: on main at e56ffee, 500s, and the
/// end user's GET failed with them).
#[tokio::test]
async fn a_full_disk_refuses_writes_with_503_and_reads_go_on() {
    use dialogporten::reqwest::Method;
    use dp_integration_tests::conformance::{Dp, end_user_token};
    const PID: &str = "08844397713";
    let mut config = Config::dev().with_end_user(dialogporten_server::EndUser {
        pid: PID.into(),
        name: None,
        acts_for: vec![],
        denied_actions: vec![],
    });
    config.max_pages = Some(120);
    let dp = Dp::with(config).await;
    let mut body = dp_integration_tests::conformance::dialog();
    body["party"] = json!(format!("urn:altinn:person:identifier-no:{PID}"));
    let first = dp.created(&body).await;
    let person = end_user_token(&dp, PID).await;
    let padding = "x".repeat(250);
    body["searchTags"] =
        json!((0..60).map(|i| json!({"value": format!("{i}{padding}")[..63].to_owned()})).collect::<Vec<_>>());
    let mut refused = None;
    for _ in 0..200 {
        let answer = dp.create(&body).await;
        if answer.status != 201 {
            refused = Some(answer);
            break;
        }
    }
    let refused = refused.expect("the database fills up");
    assert_eq!(refused.status, 503, "{:?}", refused.body);
    assert_eq!(refused.body["title"], "The storage is unavailable.");
    assert!(refused.body["detail"].as_str().unwrap().contains("Nothing was written"), "{:?}", refused.body);
    let retry = dialogporten::transport::http_client()
        .post(format!("{}/api/v1/serviceowner/dialogs", dp.server.base_url))
        .bearer_auth(dialogporten_server::DEV_TOKEN)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(retry.status().as_u16(), 503);
    assert_eq!(retry.headers()["retry-after"], "30");

    assert_eq!(dp.get(first).await.status, 200, "a plain read");
    let path = format!("/api/v1/serviceowner/dialogs/{first}?endUserId=urn:altinn:person:identifier-no:{PID}");
    assert_eq!(dp.send(Method::GET, &path, None).await.status, 200, "a read that also logs a sighting");
    let answer = dp.as_token(&person).send(Method::GET, &format!("/api/v1/enduser/dialogs/{first}"), None).await;
    assert_eq!(answer.status, 200, "the end user's read: {:?}", answer.body);
    assert!(answer.body["dialogToken"].is_string(), "with its dialog token");
}
