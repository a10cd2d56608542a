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
        let result = client
            .patch_dialog()
            .dialog_id(id)
            .if_match(current.revision.to_string())
            .body(progress_patch(next))
            .send()
            .await;
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
