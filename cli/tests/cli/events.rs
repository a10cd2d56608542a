//! `dp events` against a reference server on loopback: tail follows and
//! resumes, listen answers the handshake, prints and forwards deliveries.

use std::sync::Arc;
use std::time::Duration;

use crate::support::*;
use dialogporten::auth::StaticToken;
use dialogporten::events::{EventsClient, SubscriptionRequest};
use dialogporten_server::{Config, DEV_TOKEN, Running};
use serde_json::{Value, json};

const PARTY: &str = "urn:altinn:organization:identifier-no:991825827";
const RESOURCE: &str = "urn:altinn:resource:dp-test";
fn client(server: &Running) -> dialogporten::Client {
    dialogporten::Client::builder(dialogporten::Environment::Local(server.base_url.clone()))
        .bearer_token(DEV_TOKEN)
        .build()
        .unwrap()
}

async fn create(server: &Running, title: &str) -> String {
    let body = json!({
        "serviceResource": RESOURCE, "party": PARTY,
        "content": {"title": {"value": [{"languageCode": "nb", "value": title}]}}
    });
    let body: dialogporten::types::CreateDialog = dialogporten::input::from_value(body).unwrap();
    client(server).create_dialog().body(body).send().await.unwrap().into_inner().to_string()
}

fn event_of(line: &str) -> Value {
    serde_json::from_str(line).unwrap_or_else(|e| panic!("not a JSON line ({e}): {line}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tail_follow_prints_changes_as_they_come_and_a_restarted_tail_continues_after_the_last_printed() {
    let server = dp_integration_tests::spawn(Config::dev()).await;
    let state = std::env::temp_dir().join(format!("dp-tail-{}.json", uuid::Uuid::new_v4()));
    let state_arg = state.display().to_string();
    let first = create(&server, "Før halen").await;

    let args =
        ["events", "tail", "-r", "dp-test", "--follow", "--interval", "50ms", "--state", &state_arg, "-o", "jsonl"];
    let mut tail = dp_process(&server, &args);
    let out = lines(tail.stdout.take().unwrap());
    let _err = lines(tail.stderr.take().unwrap());
    let printed = event_of(&next_line(&out, "the first dialog's event"));
    assert_eq!(
        (printed["type"].as_str(), printed["resourceinstance"].as_str()),
        (Some("dialogporten.dialog.created.v1"), Some(first.as_str()))
    );

    // The tail is running (it printed); a change made now appears.
    let second = create(&server, "Mens halen går").await;
    let printed = event_of(&next_line(&out, "the second dialog's event"));
    assert_eq!(printed["resourceinstance"].as_str(), Some(second.as_str()));
    // Ctrl-C, as a person stops it: the tail ends with its position saved, and exit code 130.
    assert_eq!(interrupt(&mut tail).code(), Some(130), "Ctrl-C ends a tail as every command: 130");

    let third = create(&server, "Etter halen").await;
    let patch: Vec<dialogporten::types::JsonPatchOperation> =
        dialogporten::input::from_value(json!([{"op": "replace", "path": "/progress", "value": 50}])).unwrap();
    client(&server).patch_dialog().dialog_id(third.parse::<uuid::Uuid>().unwrap()).body(patch).send().await.unwrap();

    let resumed = dp()
        .args(["--base-url", &server.base_url, "--token", DEV_TOKEN])
        .args(["events", "tail", "-r", "dp-test", "--state", &state_arg, "-o", "jsonl"])
        .output()
        .unwrap();
    assert!(resumed.status.success(), "{}", String::from_utf8_lossy(&resumed.stderr));
    let events: Vec<Value> = String::from_utf8_lossy(&resumed.stdout).lines().map(event_of).collect();
    let seen: Vec<(&str, &str)> =
        events.iter().map(|e| (e["type"].as_str().unwrap(), e["resourceinstance"].as_str().unwrap())).collect();
    assert_eq!(
        seen,
        [("dialogporten.dialog.created.v1", third.as_str()), ("dialogporten.dialog.updated.v1", third.as_str())],
        "nothing repeated, nothing skipped"
    );
    let again = dp()
        .args(["--base-url", &server.base_url, "--token", DEV_TOKEN])
        .args(["events", "tail", "-r", "dp-test", "--state", &state_arg])
        .output()
        .unwrap();
    assert!(again.status.success() && again.stdout.is_empty(), "a third run has nothing new");
    let _ = std::fs::remove_file(state);
}

/// An app behind `dp events listen --forward-to` that fails its first `failures` requests.
async fn app(failures: usize) -> (String, tokio::sync::mpsc::UnboundedReceiver<(u16, String, Vec<u8>)>) {
    let (sender, received) = tokio::sync::mpsc::unbounded_channel();
    let remaining = Arc::new(std::sync::atomic::AtomicUsize::new(failures));
    let router = axum::Router::new().route(
        "/app",
        axum::routing::post(move |headers: axum::http::HeaderMap, body: axum::body::Bytes| {
            let (sender, remaining) = (sender.clone(), Arc::clone(&remaining));
            async move {
                use std::sync::atomic::Ordering::SeqCst;
                let fail = remaining.fetch_update(SeqCst, SeqCst, |n| n.checked_sub(1)).is_ok();
                let status = if fail { 500 } else { 200 };
                let content_type = headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default();
                let _ = sender.send((status, content_type.to_owned(), body.to_vec()));
                axum::http::StatusCode::from_u16(status).unwrap()
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/app", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await });
    (url, received)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn listen_answers_the_handshake_prints_and_forwards_and_a_twice_failed_delivery_arrives() {
    let backoff = [Duration::from_millis(20), Duration::from_millis(40), Duration::from_millis(80)];
    let server = dp_integration_tests::spawn(Config::dev().with_delivery_backoff(&backoff)).await;
    let (app_url, mut app_received) = app(2).await;
    let mut listen = dp_process(&server, &["events", "listen", "--port", "0", "--forward-to", &app_url, "-o", "jsonl"]);
    let out = lines(listen.stdout.take().unwrap());
    let err = lines(listen.stderr.take().unwrap());
    let announced = line_containing(&err, "listening on ");
    let endpoint = announced.split_whitespace().find(|w| w.starts_with("http://")).unwrap().to_owned();

    let events = EventsClient::new(&server.base_url, Arc::new(StaticToken::new(DEV_TOKEN)));
    let request = SubscriptionRequest { end_point: endpoint, resource_filter: RESOURCE.into(), ..Default::default() };
    let subscription = events.subscribe(&request).await.unwrap();
    let handshake = line_containing(&err, "handshake");
    assert!(handshake.contains(&format!("subscription {}", subscription.id)), "{handshake}");

    let id = create(&server, "Til lytteren").await;
    let mut attempts = Vec::new();
    for _ in 0..3 {
        let received = tokio::time::timeout(PATIENCE, app_received.recv()).await.expect("the app gets the delivery");
        attempts.push(received.unwrap());
    }
    assert_eq!(attempts.iter().map(|(status, _, _)| *status).collect::<Vec<_>>(), [500, 500, 200]);
    let body: Value = serde_json::from_slice(&attempts[2].2).unwrap();
    assert_eq!(body["type"], "dialogporten.dialog.created.v1");
    assert_eq!(body["resourceinstance"], id.as_str());
    assert!(
        attempts.iter().all(|(_, content_type, bytes)| content_type == "application/json" && *bytes == attempts[2].2),
        "the original body and headers, each time"
    );
    for _ in 0..3 {
        let printed = event_of(&next_line(&out, "a printed delivery"));
        assert_eq!(printed["id"], body["id"], "each delivery is printed as one JSON line");
    }
    line_containing(&err, "500 Internal Server Error");
    line_containing(&err, "200 OK");
    assert!(events.subscription(subscription.id).await.unwrap().validated);
    // Ctrl-C after what it received is printed: 130, as every command.
    assert_eq!(interrupt(&mut listen).code(), Some(130));
    listen.wait().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_show_and_subscriptions_through_the_binary() {
    let server = dp_integration_tests::spawn(Config::dev()).await;
    let id = create(&server, "Vis meg").await;
    let at = |args: &[&str]| {
        let output = dp().args(["--base-url", &server.base_url, "--token", DEV_TOKEN]).args(args).output().unwrap();
        assert!(output.status.success(), "dp {args:?}: {}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let listed: Value = serde_json::from_str(&at(&["events", "list", "-r", "dp-test", "-o", "json"])).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 1);
    let event_id = listed[0]["id"].as_str().unwrap().to_owned();
    let rows = at(&["events", "list", "-r", RESOURCE, "--type", "created"]);
    assert_eq!(rows.lines().next().unwrap().split('\t').nth(1), Some("created"), "piped rows: {rows}");
    assert!(at(&["events", "list", "-r", "dp-test", "--type", "deleted"]).is_empty());

    let shown: Value =
        serde_json::from_str(&at(&["events", "show", &event_id, "-r", "dp-test", "-o", "json"])).unwrap();
    assert_eq!(shown["event"]["id"], event_id.as_str());
    assert_eq!(shown["dialog"]["id"], id.as_str());
    let readable = at(&["events", "show", &event_id, "-r", "dp-test"]);
    assert!(readable.contains("dialogporten.dialog.created.v1") && readable.contains("Vis meg"), "{readable}");

    let without_resource = dp()
        .args(["--base-url", &server.base_url, "--token", DEV_TOKEN, "events", "show", &event_id])
        .output()
        .unwrap();
    assert_eq!(without_resource.status.code(), Some(2), "a usage error");
    assert!(String::from_utf8_lossy(&without_resource.stderr).contains("--resource"));

    let number =
        at(&["events", "subscribe", "--endpoint", "https://example.no/hook", "-r", "dp-test", "--type", "created"]);
    let listed = at(&["events", "subscriptions", "list"]);
    let row: Vec<&str> = listed.lines().next().unwrap().split('\t').collect();
    assert_eq!(row[..5], [number.trim(), "no", "https://example.no/hook", RESOURCE, "dialogporten.dialog.created.v1"]);
    at(&["events", "subscriptions", "delete", number.trim()]);
    assert!(at(&["events", "subscriptions", "list"]).is_empty());
    let missing = dp()
        .args(["--base-url", &server.base_url, "--token", DEV_TOKEN, "events", "subscriptions", "get", number.trim()])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(5), "not found");
    let refused = dp()
        .args(["--base-url", &server.base_url, "--token", "wrong", "events", "list", "-r", "dp-test"])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(4), "unauthorised");
}

// Seen before: a forward to a closed port said the URL twice ("URL: error sending request for url (URL)").
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forward_that_fails_says_the_url_once_and_why() {
    let backoff = [Duration::from_millis(20)];
    let server = dp_integration_tests::spawn(Config::dev().with_delivery_backoff(&backoff)).await;
    let closed = "http://127.0.0.1:9/app";
    let mut listen = dp_process(&server, &["events", "listen", "--port", "0", "--forward-to", closed, "-o", "jsonl"]);
    let err = lines(listen.stderr.take().unwrap());
    let announced = line_containing(&err, "listening on ");
    let endpoint = announced.split_whitespace().find(|w| w.starts_with("http://")).unwrap().to_owned();
    let events = EventsClient::new(&server.base_url, Arc::new(StaticToken::new(DEV_TOKEN)));
    let request = SubscriptionRequest { end_point: endpoint, resource_filter: RESOURCE.into(), ..Default::default() };
    events.subscribe(&request).await.unwrap();
    line_containing(&err, "handshake");
    create(&server, "Til en lukket port").await;
    let failed = line_containing(&err, "could not forward");
    assert_eq!(failed.matches(closed).count(), 1, "{failed}");
    assert!(failed.ends_with("connection refused"), "{failed}");
    listen.kill().unwrap();
    listen.wait().unwrap();
}
