//! The reference server's outbox and Altinn Events API: each write emits
//! upstream's CloudEvents, in upstream's order, inside the write's
//! transaction; silent writes emit none; webhooks get each event in order,
//! retried until taken.

use std::sync::Arc;
use std::time::Duration;

use dialogporten::Client;
use dialogporten::auth::StaticToken;
use dialogporten::events::{CloudEvent, EventQuery, EventType, EventsClient, SubscriptionRequest, webhook::Delivery};
use dialogporten::types::{CreateDialogActivityRequest, CreateTransmissionRequest, JsonPatchOperation, UpdateDialog};
use dialogporten_server::{Config, DEV_TOKEN};
use dp_integration_tests::sandbox::{Sandbox, dialog, status, temp_db, typed};
use serde_json::{Value, json};
use uuid::Uuid;

const RESOURCE: &str = "urn:altinn:resource:dp-test";
const PARTY: &str = "urn:altinn:organization:identifier-no:991825827";

fn events_client(sandbox: &Sandbox) -> EventsClient {
    EventsClient::new(&sandbox.server.base_url, Arc::new(StaticToken::new(DEV_TOKEN)))
        .with_retry(dialogporten::RetryPolicy::none())
}

/// Reads the feed from `after` to its end, moving `after` along.
async fn new_events(events: &EventsClient, after: &mut Option<String>) -> Vec<CloudEvent> {
    let mut all = Vec::new();
    loop {
        let mut query = EventQuery::new(RESOURCE).size(2);
        query.after = after.clone();
        let page = events.page(&query).await.expect("the feed answers");
        *after = page.after;
        if page.events.is_empty() {
            return all;
        }
        all.extend(page.events);
    }
}

fn kinds(events: &[CloudEvent]) -> Vec<&str> {
    events.iter().map(|e| e.kind.as_str()).collect()
}

/// Every field of one event.
fn assert_event(event: &CloudEvent, base: &str, kind: EventType, dialog: Uuid, child: Option<&str>, data: Value) {
    assert_eq!(event.specversion, "1.0");
    assert!(event.id.parse::<Uuid>().is_ok(), "id {} is a UUID", event.id);
    assert_eq!(event.kind, kind);
    let age = chrono::Utc::now() - event.time.expect("time");
    assert!(age.num_seconds() < 60 && age.num_seconds() >= 0, "time is the write's time: {:?}", event.time);
    assert_eq!(event.resource.as_deref(), Some(RESOURCE));
    assert_eq!(event.resourceinstance.as_deref(), Some(dialog.to_string().as_str()));
    assert_eq!(event.subject.as_deref(), Some(PARTY));
    let source = format!("{base}/api/v1/enduser/dialogs/{dialog}{}", child.unwrap_or_default());
    assert_eq!(event.source, source);
    let actual = serde_json::to_value(&event.data).unwrap();
    assert_eq!(actual, data, "data of {kind}");
    assert!(event.extensions.is_empty(), "no other attributes: {:?}", event.extensions);
}

fn activity(kind: &str, extended: Option<&str>) -> CreateDialogActivityRequest {
    let mut body = json!({"id": Uuid::now_v7(), "type": kind, "performedBy": {"actorType": "ServiceOwner"}});
    if let Some(extended) = extended {
        body["extendedType"] = json!(extended);
    }
    if kind == "Information" {
        body["description"] = json!([{"languageCode": "nb", "value": "Påminnelse"}]);
    }
    typed(body)
}

fn transmission() -> CreateTransmissionRequest {
    typed(json!({
        "id": Uuid::now_v7(),
        "type": "Information",
        "sender": {"actorType": "ServiceOwner"},
        "content": {"title": {"value": [{"languageCode": "nb", "value": "Melding"}]}}
    }))
}

fn update_body(progress: i32, new_activity: Option<Value>) -> UpdateDialog {
    let mut body = json!({
        "status": "InProgress",
        "progress": progress,
        "process": "urn:altinn:process:tax-2025",
        "content": {"title": {"value": [{"languageCode": "nb", "value": "Oppdatert"}]}}
    });
    if let Some(activity) = new_activity {
        body["activities"] = json!([activity]);
    }
    typed(body)
}

#[tokio::test]
async fn every_write_emits_upstreams_events_in_order_and_silent_writes_none() {
    let sandbox = Sandbox::start().await;
    let base = sandbox.server.base_url.clone();
    let events = events_client(&sandbox);
    let client: &Client = &sandbox.client;
    let mut after = None;
    let process = json!({"process": "urn:altinn:process:tax-2025", "precedingProcess": "urn:altinn:process:tax-2024"});

    // Create: created, then each activity, then each transmission.
    let (activity_id, transmission_id) = (Uuid::now_v7(), Uuid::now_v7());
    let mut body = dialog("Med hendelser");
    body["process"] = process["process"].clone();
    body["precedingProcess"] = process["precedingProcess"].clone();
    body["activities"] =
        json!([{"id": activity_id, "type": "DialogCreated", "performedBy": {"actorType": "ServiceOwner"}}]);
    body["transmissions"] = json!([{
        "id": transmission_id, "type": "Information", "sender": {"actorType": "ServiceOwner"},
        "content": {"title": {"value": [{"languageCode": "nb", "value": "Første"}]}}
    }]);
    let id = sandbox.create(body).await.id;
    let created = new_events(&events, &mut after).await;
    assert_eq!(
        kinds(&created),
        [
            "dialogporten.dialog.created.v1",
            "dialogporten.dialog.activity.created.v1",
            "dialogporten.dialog.transmission.created.v1"
        ]
    );
    assert_event(&created[0], &base, EventType::DialogCreated, id, None, process.clone());
    let mut activity_data = json!({"activityId": activity_id.to_string()});
    activity_data.as_object_mut().unwrap().extend(process.as_object().unwrap().clone());
    let child = format!("/activities/{activity_id}");
    assert_event(&created[1], &base, EventType::ActivityCreated, id, Some(&child), activity_data);
    let child = format!("/transmissions/{transmission_id}");
    assert_event(&created[2], &base, EventType::TransmissionCreated, id, Some(&child), process.clone());
    assert_eq!(created[1].activity_id(), Some(activity_id));
    assert_eq!(created[2].transmission_id(), Some(transmission_id));
    assert!(created.iter().all(|e| e.time == created[0].time), "one transaction, one time");

    // A silent create emits nothing.
    let silent = client
        .create_dialog()
        .is_silent_update(true)
        .body(typed::<dialogporten::types::CreateDialog>(dialog("Stille")))
        .send()
        .await
        .unwrap();
    assert!(new_events(&events, &mut after).await.is_empty(), "silent create");
    let silent_id: Uuid = silent.into_inner();
    let plain = json!({"process": "urn:altinn:process:tax-2025"});

    // PUT: updated, then the activity it adds; silent PUT: nothing.
    let put_activity = Uuid::now_v7();
    let activity_json =
        json!({"id": put_activity, "type": "FormSubmitted", "performedBy": {"actorType": "ServiceOwner"}});
    client.update_dialog().dialog_id(silent_id).body(update_body(10, Some(activity_json))).send().await.unwrap();
    let put = new_events(&events, &mut after).await;
    assert_eq!(kinds(&put), ["dialogporten.dialog.updated.v1", "dialogporten.dialog.activity.form-submitted.v1"]);
    assert_event(&put[0], &base, EventType::DialogUpdated, silent_id, None, plain.clone());
    let data = json!({"activityId": put_activity.to_string(), "process": "urn:altinn:process:tax-2025"});
    let child = format!("/activities/{put_activity}");
    assert_event(&put[1], &base, EventType::ActivityFormSubmitted, silent_id, Some(&child), data);
    client
        .update_dialog()
        .dialog_id(silent_id)
        .is_silent_update(true)
        .body(update_body(20, None))
        .send()
        .await
        .unwrap();
    assert!(new_events(&events, &mut after).await.is_empty(), "silent PUT");

    // PATCH: updated; silent PATCH: nothing.
    let patch: Vec<JsonPatchOperation> = typed(json!([{"op": "replace", "path": "/progress", "value": 30}]));
    client.patch_dialog().dialog_id(silent_id).body(patch.clone()).send().await.unwrap();
    let patched = new_events(&events, &mut after).await;
    assert_eq!(kinds(&patched), ["dialogporten.dialog.updated.v1"]);
    assert_event(&patched[0], &base, EventType::DialogUpdated, silent_id, None, plain.clone());
    client.patch_dialog().dialog_id(silent_id).is_silent_update(true).body(patch).send().await.unwrap();
    assert!(new_events(&events, &mut after).await.is_empty(), "silent PATCH");

    // A new activity: updated, then the activity (with its extended type).
    let posted = activity("Information", Some("urn:altinn:activity:reminder"));
    let posted_id = posted.id.unwrap();
    client.create_dialog_activity().dialog_id(id).body(posted).send().await.unwrap();
    let added = new_events(&events, &mut after).await;
    assert_eq!(kinds(&added), ["dialogporten.dialog.updated.v1", "dialogporten.dialog.activity.information.v1"]);
    assert_event(&added[0], &base, EventType::DialogUpdated, id, None, process.clone());
    let mut data = json!({"activityId": posted_id.to_string(), "extendedActivityType": "urn:altinn:activity:reminder"});
    data.as_object_mut().unwrap().extend(process.as_object().unwrap().clone());
    assert_event(&added[1], &base, EventType::ActivityInformation, id, Some(&format!("/activities/{posted_id}")), data);
    client
        .create_dialog_activity()
        .dialog_id(id)
        .is_silent_update(true)
        .body(activity("Information", None))
        .send()
        .await
        .unwrap();
    assert!(new_events(&events, &mut after).await.is_empty(), "silent activity");

    // A new transmission: updated, then transmission.created.
    let sent = transmission();
    let sent_id = sent.id.unwrap();
    client.create_dialog_transmission().dialog_id(id).body(sent).send().await.unwrap();
    let added = new_events(&events, &mut after).await;
    assert_eq!(kinds(&added), ["dialogporten.dialog.updated.v1", "dialogporten.dialog.transmission.created.v1"]);
    let child = format!("/transmissions/{sent_id}");
    assert_event(&added[1], &base, EventType::TransmissionCreated, id, Some(&child), process.clone());
    client.create_dialog_transmission().dialog_id(id).is_silent_update(true).body(transmission()).send().await.unwrap();
    assert!(new_events(&events, &mut after).await.is_empty(), "silent transmission");

    // Seen: once per end user until the dialog changes.
    let end_user = "urn:altinn:person:identifier-no:08844397713";
    client.get_dialog().dialog_id(id).end_user_id(end_user).send().await.unwrap();
    let seen = new_events(&events, &mut after).await;
    assert_eq!(kinds(&seen), ["dialogporten.dialog.seen.v1"]);
    assert_event(&seen[0], &base, EventType::DialogSeen, id, None, process.clone());
    client.get_dialog().dialog_id(id).end_user_id(end_user).send().await.unwrap();
    client.get_dialog().dialog_id(id).send().await.unwrap();
    assert!(new_events(&events, &mut after).await.is_empty(), "seen again, or without an end user");

    // Delete, restore, purge; and their silent forms.
    client.delete_dialog().dialog_id(id).send().await.unwrap();
    client.restore_dialog().dialog_id(id).send().await.unwrap();
    client.restore_dialog().dialog_id(id).send().await.unwrap();
    let lifecycle = new_events(&events, &mut after).await;
    assert_eq!(kinds(&lifecycle), ["dialogporten.dialog.deleted.v1", "dialogporten.dialog.restored.v1"]);
    assert_event(&lifecycle[0], &base, EventType::DialogDeleted, id, None, process.clone());
    assert_event(&lifecycle[1], &base, EventType::DialogRestored, id, None, process.clone());
    client.delete_dialog().dialog_id(id).is_silent_update(true).send().await.unwrap();
    client.restore_dialog().dialog_id(id).is_silent_update(true).send().await.unwrap();
    client.purge_dialog().dialog_id(silent_id).is_silent_update(true).send().await.unwrap();
    assert!(new_events(&events, &mut after).await.is_empty(), "silent delete, restore and purge");
    client.purge_dialog().dialog_id(id).send().await.unwrap();
    let purged = new_events(&events, &mut after).await;
    assert_eq!(kinds(&purged), ["dialogporten.dialog.deleted.v1"]);
    assert_event(&purged[0], &base, EventType::DialogDeleted, id, None, process.clone());

    // Every id is distinct, and the feed filters by type and subject.
    let mut everything = new_events(&events, &mut None).await;
    let count = everything.len();
    everything.sort_by(|a, b| a.id.cmp(&b.id));
    everything.dedup_by(|a, b| a.id == b.id);
    assert_eq!(everything.len(), count, "event ids are unique");
    let only = events.page(&EventQuery::new(RESOURCE).event_type(EventType::DialogDeleted).size(100)).await.unwrap();
    assert_eq!(only.events.len(), 2);
    let nobody = events.page(&EventQuery::new(RESOURCE).subject("urn:altinn:person:identifier-no:08844397713")).await;
    assert!(nobody.unwrap().events.is_empty());
}

#[tokio::test]
async fn a_failed_write_leaves_no_event_and_a_restart_loses_and_repeats_none() {
    let path = temp_db("events");
    let sandbox = Sandbox::with(Config::dev().with_database_file(&path)).await;
    let mut after = None;
    let id = sandbox.create(dialog("Før omstart")).await.id;
    // A duplicate activity id fails inside the write transaction: no event.
    let repeated = activity("Information", None);
    sandbox.client.create_dialog_activity().dialog_id(id).body(repeated.clone()).send().await.unwrap();
    let again = sandbox.client.create_dialog_activity().dialog_id(id).body(repeated).send().await;
    assert_eq!(status(again), 422);
    // A stale If-Match fails too.
    let stale = sandbox.client.delete_dialog().dialog_id(id).if_match(Uuid::new_v4()).send().await;
    assert_eq!(status(stale), 412);
    let before = new_events(&events_client(&sandbox), &mut after).await;
    assert_eq!(
        kinds(&before),
        [
            "dialogporten.dialog.created.v1",
            "dialogporten.dialog.updated.v1",
            "dialogporten.dialog.activity.information.v1"
        ]
    );
    let base = sandbox.server.base_url.clone();
    sandbox.server.shutdown().await.unwrap();

    let restarted = Sandbox::with(Config::dev().with_database_file(&path)).await;
    let events = events_client(&restarted);
    let all = new_events(&events, &mut None).await;
    assert_eq!(all, before, "the same events, field for field, after a restart");
    assert!(all[0].source.starts_with(&base));
    assert!(new_events(&events, &mut after).await.is_empty(), "reading on after the restart repeats nothing");
    restarted.client.delete_dialog().dialog_id(id).send().await.unwrap();
    assert_eq!(kinds(&new_events(&events, &mut after).await), ["dialogporten.dialog.deleted.v1"]);
    restarted.server.shutdown().await.unwrap();
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

#[tokio::test]
async fn the_feed_checks_its_parameters_and_its_token() {
    let sandbox = Sandbox::start().await;
    let http = dialogporten::transport::http_client();
    let get = |query: &str, token: &str| {
        http.get(sandbox.url(&format!("/events/api/v1/events?{query}"))).bearer_auth(token).send()
    };
    let missing = get("after=0", DEV_TOKEN).await.unwrap();
    assert_eq!(missing.status(), 400);
    let problem: Value = missing.json().await.unwrap();
    assert!(problem["errors"]["resource"][0].as_str().unwrap().contains("required"), "{problem}");
    assert_eq!(get("resource=dp-test", DEV_TOKEN).await.unwrap().status(), 400);
    assert_eq!(get(&format!("resource={RESOURCE}&after=nope"), DEV_TOKEN).await.unwrap().status(), 400);
    assert_eq!(get(&format!("resource={RESOURCE}&size=0"), DEV_TOKEN).await.unwrap().status(), 400);
    assert_eq!(get(&format!("resource={RESOURCE}"), "wrong").await.unwrap().status(), 401);
    let grant = dialogporten_server::TokenGrant::service_owner("no-events", "digdir", "991825827")
        .with_scopes(&["digdir:dialogporten.serviceprovider"]);
    let limited = Sandbox::with(Config::dev().with_token(grant)).await;
    let url = limited.url(&format!("/events/api/v1/events?resource={RESOURCE}"));
    assert_eq!(http.get(url).bearer_auth("no-events").send().await.unwrap().status(), 403);

    for n in 0..3 {
        sandbox.create(dialog(&format!("Side {n}"))).await;
    }
    let first = get(&format!("resource={RESOURCE}&size=2"), DEV_TOKEN).await.unwrap();
    assert_eq!(first.headers()["content-type"], "application/cloudevents+json");
    let next = first.headers()["next"].to_str().unwrap().to_owned();
    let page: Vec<CloudEvent> = first.json().await.unwrap();
    assert_eq!(page.len(), 2);
    assert!(next.contains(&format!("after={}", page[1].id)) && next.contains("size=2"), "{next}");
    let rest: Vec<CloudEvent> = http.get(&next).bearer_auth(DEV_TOKEN).send().await.unwrap().json().await.unwrap();
    assert_eq!(rest.len(), 1);
    let end = http.get(format!(
        "{}&after={}",
        sandbox.url(&format!("/events/api/v1/events?resource={RESOURCE}")),
        rest[0].id
    ));
    let end = end.bearer_auth(DEV_TOKEN).send().await.unwrap();
    assert!(end.headers().get("next").is_none(), "no next header on an empty page");
}

/// A webhook receiver on loopback that fails the first `failures` event deliveries.
async fn receiver(failures: usize) -> (String, tokio::sync::mpsc::UnboundedReceiver<(u16, Delivery)>) {
    use axum::http::StatusCode;
    let (sender, received) = tokio::sync::mpsc::unbounded_channel();
    let remaining = Arc::new(std::sync::atomic::AtomicUsize::new(failures));
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |body: axum::body::Bytes| {
            let (sender, remaining) = (sender.clone(), Arc::clone(&remaining));
            async move {
                let delivery = Delivery::parse(&body).expect("a CloudEvent");
                let fail = matches!(delivery, Delivery::Event(_))
                    && remaining
                        .fetch_update(std::sync::atomic::Ordering::SeqCst, std::sync::atomic::Ordering::SeqCst, |n| {
                            n.checked_sub(1)
                        })
                        .is_ok();
                let status = if fail { StatusCode::SERVICE_UNAVAILABLE } else { StatusCode::OK };
                let _ = sender.send((status.as_u16(), delivery));
                status
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, received)
}

#[tokio::test]
async fn a_webhook_is_validated_then_gets_each_event_in_order_retried_until_taken() {
    let config = Config::dev().with_delivery_backoff(&[Duration::from_millis(20), Duration::from_millis(40)]);
    let sandbox = Sandbox::with(config).await;
    let events = events_client(&sandbox);
    let (endpoint, mut received) = receiver(2).await;
    let early = sandbox.create(dialog("Før abonnementet")).await.id;
    let request = SubscriptionRequest {
        end_point: endpoint.clone(),
        resource_filter: RESOURCE.into(),
        type_filter: Some(EventType::DialogCreated.to_string()),
        ..SubscriptionRequest::default()
    };
    let subscription = events.subscribe(&request).await.unwrap();
    assert!(!subscription.validated);
    assert_eq!(events.subscribe(&request).await.unwrap().id, subscription.id, "an identical subscription is the same");
    let (code, handshake) = received.recv().await.unwrap();
    assert_eq!(code, 200);
    let Delivery::Handshake { subscription: validated, event } = handshake else { panic!("the handshake comes first") };
    assert_eq!(validated, Some(subscription.id));
    assert_eq!(event.kind, EventType::ValidateSubscription);

    let first = sandbox.create(dialog("Første")).await.id;
    let patch: Vec<JsonPatchOperation> = typed(json!([{"op": "replace", "path": "/progress", "value": 5}]));
    sandbox.client.patch_dialog().dialog_id(first).body(patch).send().await.unwrap();
    let second = sandbox.create(dialog("Andre")).await.id;
    let mut attempts = Vec::new();
    while attempts.iter().filter(|(code, _)| *code == 200).count() < 2 {
        let (code, delivery) = received.recv().await.unwrap();
        let Delivery::Event(event) = delivery else { panic!("only events after the handshake") };
        attempts.push((code, event.dialog_id().unwrap()));
    }
    assert_eq!(
        attempts,
        [(503, first), (503, first), (200, first), (200, second)],
        "the first event is retried until taken, then the next follows; only created events, none from before"
    );
    assert!(!attempts.iter().any(|(_, id)| *id == early));
    assert!(events.subscription(subscription.id).await.unwrap().validated);
    assert_eq!(events.subscriptions().await.unwrap().len(), 1);
    events.unsubscribe(subscription.id).await.unwrap();
    assert!(events.subscriptions().await.unwrap().is_empty());
    let gone = events.subscription(subscription.id).await.unwrap_err();
    assert_eq!(gone.kind(), Some(dialogporten::ErrorKind::NotFound));

    let bad = SubscriptionRequest { end_point: "http://example.com/hook".into(), ..request };
    let refused = events.subscribe(&bad).await.unwrap_err();
    assert!(refused.to_string().contains("https"), "{refused}");
}

#[tokio::test]
async fn upstreams_example_events_read_as_typed_events_with_the_attributes_ours_have() {
    let Some(dir) = dp_integration_tests::upstream_dir() else { return };
    let sandbox = Sandbox::start().await;
    let mut body = dialog("Som upstream");
    body["process"] = json!("urn:some:process:id");
    body["precedingProcess"] = json!("urn:some:preceding:process:id");
    body["activities"] = json!([{
        "type": "SignatureProvided", "extendedType": "additional-info-received",
        "performedBy": {"actorType": "ServiceOwner"}
    }]);
    sandbox.create(body).await;
    let ours: Value = dialogporten::transport::http_client()
        .get(sandbox.url(&format!("/events/api/v1/events?resource={RESOURCE}")))
        .bearer_auth(DEV_TOKEN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for (file, index) in [
        ("cloudevent-dialog-created.docs-example.json", 0),
        ("cloudevent-activity-signature-provided.docs-example.json", 1),
    ] {
        let upstream = dp_integration_tests::read_json(&dir.join("examples").join(file));
        let typed: CloudEvent = serde_json::from_value(upstream.clone()).expect("upstream's event reads");
        let mut round_trip = serde_json::to_value(&typed).unwrap();
        let mut expected = upstream.clone();
        let time = expected.as_object_mut().unwrap().remove("time").unwrap();
        round_trip.as_object_mut().unwrap().remove("time");
        assert_eq!(round_trip, expected, "{file} survives a round trip");
        assert_eq!(typed.time, time.as_str().unwrap().parse().ok(), "{file}: the time reads");
        assert!(!matches!(typed.kind, EventType::Other(_)), "{file}: a known type");
        let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
        assert_eq!(keys(&ours[index]), keys(&upstream), "{file}: the same attributes");
        assert_eq!(keys(&ours[index]["data"]), keys(&upstream["data"]), "{file}: the same data members");
        assert_eq!(ours[index]["type"], upstream["type"]);
    }
}

#[tokio::test]
async fn a_hanging_webhook_holds_up_no_other_subscription() {
    use std::sync::atomic::{AtomicBool, Ordering};
    struct Dropped(Arc<AtomicBool>);
    impl Drop for Dropped {
        fn drop(&mut self) {
            self.0.store(true, Ordering::SeqCst);
        }
    }
    let sandbox = Sandbox::start().await;
    let events = events_client(&sandbox);
    // Answers the handshake, then holds every event delivery open without answering.
    let (hanging_started, mut started) = tokio::sync::mpsc::unbounded_channel::<()>();
    let released = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&released);
    let hanging = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |body: axum::body::Bytes| {
            let (hanging_started, flag) = (hanging_started.clone(), Arc::clone(&flag));
            async move {
                if matches!(Delivery::parse(&body), Ok(Delivery::Handshake { .. })) {
                    return axum::http::StatusCode::OK;
                }
                let _guard = Dropped(flag);
                let _ = hanging_started.send(());
                std::future::pending::<()>().await;
                axum::http::StatusCode::OK
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let hanging_url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, hanging).await });
    let (healthy_url, mut healthy) = receiver(0).await;
    for endpoint in [hanging_url, healthy_url] {
        let request = SubscriptionRequest {
            end_point: endpoint,
            resource_filter: RESOURCE.into(),
            ..SubscriptionRequest::default()
        };
        events.subscribe(&request).await.unwrap();
    }
    assert!(matches!(healthy.recv().await.unwrap().1, Delivery::Handshake { .. }));
    let id = sandbox.create(dialog("Begge")).await.id;
    let (_, delivery) = healthy.recv().await.unwrap();
    let Delivery::Event(event) = delivery else { panic!("an event") };
    assert_eq!(event.dialog_id(), Some(id));
    started.recv().await.unwrap();
    assert!(!released.load(Ordering::SeqCst), "the hanging delivery is still open while the other one arrived");
}

/// Two dp-server processes serving one database file deliver each event to a webhook once: one
/// of them holds the database's delivery lease (issue 30; on main at e56ffee, 37 deliveries for
/// 20 events). When the holder stops, the other takes over.
#[tokio::test]
async fn two_servers_on_one_database_deliver_each_event_once() {
    let path = temp_db("one-deliverer");
    let first = Sandbox::with(Config::dev().with_database_file(&path)).await;
    let second = Sandbox::with(Config::dev().with_database_file(&path)).await;
    let (endpoint, mut received) = receiver(0).await;
    let request = SubscriptionRequest {
        end_point: endpoint,
        resource_filter: RESOURCE.into(),
        type_filter: Some(EventType::DialogCreated.to_string()),
        ..SubscriptionRequest::default()
    };
    events_client(&first).subscribe(&request).await.unwrap();
    let mut created = Vec::new();
    for n in 0..20 {
        let sandbox = if n % 2 == 0 { &first } else { &second };
        created.push(sandbox.create(dialog(&format!("Delt {n}"))).await.id);
    }
    let mut delivered = Vec::new();
    while delivered.len() < created.len() {
        if let (_, Delivery::Event(event)) = received.recv().await.unwrap() {
            delivered.push(event.dialog_id().unwrap());
        }
    }
    // Whatever either process still had in hand is delivered by the time it has stopped.
    first.server.shutdown().await.unwrap();
    let after_stop = second.create(dialog("Etter")).await.id;
    loop {
        match received.recv().await.unwrap() {
            (_, Delivery::Event(event)) if event.dialog_id() == Some(after_stop) => break,
            (_, Delivery::Event(event)) => delivered.push(event.dialog_id().unwrap()),
            _ => {}
        }
    }
    second.server.shutdown().await.unwrap();
    while let Ok((_, delivery)) = received.try_recv() {
        if let Delivery::Event(event) = delivery {
            delivered.push(event.dialog_id().unwrap());
        }
    }
    assert_eq!(delivered, created, "each event once, in order");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}
