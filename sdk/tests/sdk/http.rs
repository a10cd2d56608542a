//! The SDK against a real local HTTP server that fails on purpose: retries,
//! Retry-After, what is (not) repeated, error mapping, and the bearer token.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use dialogporten::{Client, Environment, ErrorKind, RetryPolicy, Revision};
use serde_json::{Value, json};
use uuid::Uuid;

#[derive(Clone)]
struct Reply {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Option<Value>,
}

fn reply(status: u16) -> Reply {
    Reply { status, headers: Vec::new(), body: None }
}

impl Reply {
    fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }
    fn json(mut self, body: Value) -> Self {
        self.body = Some(body);
        self
    }
}

#[derive(Debug, Clone)]
struct Seen {
    method: Method,
    path: String,
    query: Option<String>,
    authorization: Option<String>,
    content_type: Option<String>,
    api_version: Option<String>,
    if_match: Option<String>,
    body: Bytes,
}

#[derive(Default)]
struct Script {
    replies: VecDeque<Reply>,
    seen: Vec<Seen>,
}

/// A server that answers each request with the next scripted reply.
struct FlakyServer {
    base: String,
    script: Arc<Mutex<Script>>,
}

impl FlakyServer {
    async fn start(replies: Vec<Reply>) -> Self {
        let script = Arc::new(Mutex::new(Script { replies: replies.into(), seen: Vec::new() }));
        let state = script.clone();
        let app = axum::Router::new().fallback(move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
            let state = state.clone();
            async move {
                let mut script = state.lock().expect("script lock");
                let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
                script.seen.push(Seen {
                    method,
                    path: uri.path().to_owned(),
                    query: uri.query().map(str::to_owned),
                    authorization: header("authorization"),
                    content_type: header("content-type"),
                    api_version: header("api-version"),
                    if_match: header("if-match"),
                    body,
                });
                let next = script.replies.pop_front().unwrap_or_else(|| reply(599));
                let mut response: Response = match next.body {
                    Some(body) => axum::Json(body).into_response(),
                    None => ().into_response(),
                };
                *response.status_mut() = StatusCode::from_u16(next.status).expect("status");
                for (name, value) in next.headers {
                    response.headers_mut().insert(name, value.parse().expect("header value"));
                }
                response
            }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
        Self { base, script }
    }

    /// A client of the scripted server. Its answers are scripted, whatever the body: these tests
    /// are of the transport, so bodies go out unchecked.
    fn client(&self, policy: RetryPolicy) -> Client {
        Client::builder(Environment::Local(self.base.clone()))
            .bearer_token("test-token-123")
            .retry_policy(policy)
            .local_checks(false)
            .build()
            .expect("client")
    }

    fn seen(&self) -> Vec<Seen> {
        self.script.lock().expect("script lock").seen.clone()
    }
}

fn fast() -> RetryPolicy {
    RetryPolicy::default().initial_delay(Duration::from_millis(5)).max_delay(Duration::from_millis(20))
}

fn dialog_json(id: Uuid) -> Value {
    let now = "2025-03-01T10:00:00.0000000+00:00";
    json!({
        "id": id, "revision": Uuid::new_v4(), "org": "digdir",
        "serviceResource": "urn:altinn:resource:demo", "serviceResourceType": "GenericAccessResource",
        "party": "urn:altinn:organization:identifier-no:991825827",
        "createdAt": now, "updatedAt": now, "contentUpdatedAt": now,
        "status": "InProgress", "systemLabel": "Default", "isApiOnly": false, "hasUnopenedContent": false,
        "isContentSeen": false, "fromServiceOwnerTransmissionsCount": 0, "fromPartyTransmissionsCount": 0,
        "endUserContext": {"revision": Uuid::new_v4(), "systemLabels": ["Default"]},
        "serviceOwnerContext": {"revision": Uuid::new_v4(), "serviceOwnerLabels": []},
        "someFieldFromTheFuture": {"x": 1}
    })
}

fn create_body(id: Option<Uuid>) -> dialogporten::types::CreateDialog {
    let mut body = json!({
        "serviceResource": "urn:altinn:resource:demo",
        "party": "urn:altinn:organization:identifier-no:991825827",
        "content": {"title": {"value": [{"languageCode": "nb", "value": "Hei"}]}}
    });
    if let Some(id) = id {
        body["id"] = json!(id);
    }
    dialogporten::input::from_value(body).expect("valid body")
}

#[tokio::test]
async fn reads_are_retried_through_503s_and_the_token_is_sent_each_time() {
    let id = Uuid::now_v7();
    let server =
        FlakyServer::start(vec![reply(503).header("retry-after", "0"), reply(502), reply(200).json(dialog_json(id))])
            .await;
    let dialog = server.client(fast()).get_dialog().dialog_id(id).send().await.expect("third attempt succeeds");
    assert_eq!(dialog.id, id);
    let seen = server.seen();
    assert_eq!(seen.len(), 3);
    for request in &seen {
        assert_eq!(request.method, Method::GET);
        assert_eq!(request.path, format!("/api/v1/serviceowner/dialogs/{id}"));
        assert_eq!(request.authorization.as_deref(), Some("Bearer test-token-123"));
    }
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let id = Uuid::now_v7();
    let server =
        FlakyServer::start(vec![reply(429).header("retry-after", "1"), reply(200).json(dialog_json(id))]).await;
    let started = Instant::now();
    server.client(fast()).get_dialog().dialog_id(id).send().await.expect("second attempt succeeds");
    assert!(started.elapsed() >= Duration::from_secs(1), "waited only {:?}", started.elapsed());
    assert_eq!(server.seen().len(), 2);
}

#[tokio::test]
async fn a_create_without_a_client_key_is_never_repeated() {
    let server = FlakyServer::start(vec![reply(503), reply(201).json(json!(Uuid::now_v7()))]).await;
    let error = server.client(fast()).create_dialog().body(create_body(None)).send().await.expect_err("503 stands");
    assert_eq!(error.kind(), Some(ErrorKind::Unavailable));
    assert!(error.is_retryable());
    assert_eq!(server.seen().len(), 1, "a create without id or idempotentKey could duplicate the dialog");
}

#[tokio::test]
async fn a_create_with_a_client_chosen_id_is_repeated_and_returns_id_and_revision() {
    let id = dialogporten::ids::new_v7();
    let revision = Uuid::new_v4();
    let server = FlakyServer::start(vec![
        reply(504),
        reply(201)
            .header("etag", revision.to_string())
            .header("location", format!("/api/v1/serviceowner/dialogs/{id}"))
            .json(json!(id)),
    ])
    .await;
    let response = server.client(fast()).create_dialog().body(create_body(Some(id))).send().await.expect("created");
    let created = dialogporten::Created::from(response);
    assert_eq!(created.id, id);
    assert_eq!(created.revision, Some(revision));
    assert_eq!(created.location.as_deref(), Some(format!("/api/v1/serviceowner/dialogs/{id}").as_str()));
    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].body, seen[1].body, "the same body is sent again");
}

#[tokio::test]
async fn an_idempotent_create_is_repeated_as_the_same_request() {
    // The importer's create builds a repeat from its parts when one is due instead of keeping a
    // copy of every attempt: each repeat must be the first request again, token and all.
    let id = dialogporten::ids::new_v7();
    let server = FlakyServer::start(vec![reply(503), reply(502), reply(201).json(json!(id))]).await;
    let body = create_body(Some(id));
    let creation = server.client(fast()).create_dialog_idempotent(&body).silent_if(true).await.expect("created");
    assert!(matches!(creation, dialogporten::Creation::Created(ref created) if created.id == id), "{creation:?}");
    let seen = server.seen();
    assert_eq!(seen.len(), 3);
    assert!(seen[0].api_version.is_some() && !seen[0].body.is_empty());
    for request in &seen {
        assert_eq!(request.method, Method::POST);
        assert_eq!(
            (request.path.as_str(), request.query.as_deref()),
            ("/api/v1/serviceowner/dialogs", Some("isSilentUpdate=true"))
        );
        assert_eq!(request.authorization.as_deref(), Some("Bearer test-token-123"));
        assert_eq!(request.content_type.as_deref(), Some("application/json"));
        assert_eq!(request.api_version, seen[0].api_version);
        assert_eq!(request.body, seen[0].body);
    }
}

#[tokio::test]
async fn a_patch_is_repeated_only_with_if_match() {
    let id = Uuid::now_v7();
    let patch = dialogporten::JsonPatch::new().progress(40);

    let server = FlakyServer::start(vec![reply(503), reply(204)]).await;
    let err = server.client(fast()).patch_dialog().dialog_id(id).body(patch.clone()).send().await;
    assert!(err.is_err());
    assert_eq!(server.seen().len(), 1);

    let revision = Uuid::new_v4();
    let next = Uuid::new_v4();
    let server = FlakyServer::start(vec![reply(503), reply(204).header("etag", next.to_string())]).await;
    let response = server
        .client(fast())
        .patch_dialog()
        .dialog_id(id)
        .if_match(revision)
        .body(patch)
        .send()
        .await
        .expect("second attempt");
    assert_eq!(response.revision(), Some(next));
    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[1].if_match.as_deref(), Some(revision.to_string().as_str()));
    let body: Value = serde_json::from_slice(&seen[1].body).expect("json patch");
    assert_eq!(body, json!([{"op": "add", "path": "/progress", "value": 40}]));
}

#[tokio::test]
async fn attempts_are_bounded() {
    let id = Uuid::now_v7();
    let server = FlakyServer::start(vec![reply(502); 10]).await;
    let error = server.client(fast().max_attempts(3)).get_dialog().dialog_id(id).send().await.expect_err("gives up");
    assert_eq!(error.kind(), Some(ErrorKind::Server));
    assert_eq!(server.seen().len(), 3);

    let server = FlakyServer::start(vec![reply(503); 10]).await;
    let error = server.client(RetryPolicy::none()).get_dialog().dialog_id(id).send().await.expect_err("no retries");
    assert_eq!(error.kind(), Some(ErrorKind::Unavailable));
    assert_eq!(server.seen().len(), 1);
}

#[tokio::test]
async fn connection_failures_are_retried_then_reported_as_transport_errors() {
    // Bound, not listening, without SO_REUSEADDR: refused, and given to no other test's server.
    let held = tokio::net::TcpSocket::new_v4().expect("a socket");
    held.set_reuseaddr(false).expect("SO_REUSEADDR off");
    held.bind(([127, 0, 0, 1], 0).into()).expect("bind");
    let base = format!("http://{}", held.local_addr().expect("addr"));
    let client =
        Client::builder(Environment::Local(base)).retry_policy(fast().max_attempts(2)).build().expect("client");
    let error = client.get_dialog().dialog_id(Uuid::now_v7()).send().await.expect_err("nothing listens");
    assert!(matches!(error, dialogporten::Error::Transport(_)), "{error:?}");
    assert!(error.is_retryable());
}

#[tokio::test]
async fn error_statuses_map_to_kinds_with_problem_details() {
    let id = Uuid::now_v7();
    let existing = Uuid::now_v7();
    let cases = vec![
        (reply(400).json(json!({"title": "One or more validation errors occurred.", "status": 400,
            "errors": {"dto.party": ["'Party' must be on format …"], "dto.progress": ["'Progress' must be between 0 and 100."]}})),
            ErrorKind::BadRequest),
        (reply(401), ErrorKind::Unauthorized),
        (reply(403), ErrorKind::Forbidden),
        (reply(404).json(json!({"title": "Resource not found.", "status": 404})), ErrorKind::NotFound),
        (reply(409).json(json!({"title": "Conflict.", "status": 409,
            "errors": {"IdempotentKey": [format!("'k' already exists with DialogId '{existing}'")]}})), ErrorKind::Conflict),
        (reply(410), ErrorKind::Gone),
        (reply(412).json(json!({"title": "Precondition failed.", "status": 412})), ErrorKind::PreconditionFailed),
        (reply(413).json(json!({"title": "Payload too large.", "status": 413})), ErrorKind::PayloadTooLarge),
        (reply(422).json(json!({"title": "Unprocessable request.", "status": 422})), ErrorKind::Unprocessable),
    ];
    for (answer, kind) in cases {
        let status = answer.status;
        let server = FlakyServer::start(vec![answer]).await;
        let error = server
            .client(fast())
            .update_dialog()
            .dialog_id(id)
            .body(
                dialogporten::input::from_value::<dialogporten::types::UpdateDialog>(json!({"status": "InProgress"}))
                    .expect("body"),
            )
            .send()
            .await
            .expect_err("error status");
        assert_eq!(error.kind(), Some(kind), "HTTP {status}");
        let api = error.api().expect("an API error");
        assert_eq!(api.status().as_u16(), status);
        match kind {
            ErrorKind::BadRequest => {
                let fields: Vec<_> = api.field_errors().map(|(f, _)| f).collect();
                assert_eq!(fields, ["dto.party", "dto.progress"]);
            }
            ErrorKind::Conflict => assert_eq!(api.existing_dialog_id(), Some(existing)),
            ErrorKind::Unauthorized | ErrorKind::Forbidden | ErrorKind::Gone => {
                assert!(api.problem().title.is_some(), "an empty body still gets a title")
            }
            _ => {}
        }
    }
}

#[tokio::test]
async fn unknown_enum_values_and_properties_from_a_newer_server_are_kept() {
    let id = Uuid::now_v7();
    let mut dialog = dialog_json(id);
    dialog["status"] = json!("Archived");
    dialog["systemLabel"] = json!("pinned");
    let server = FlakyServer::start(vec![reply(200).json(dialog)]).await;
    let dialog = server.client(fast()).get_dialog().dialog_id(id).send().await.expect("parses");
    assert_eq!(dialog.status, dialogporten::enums::DialogStatus::Unknown("Archived".into()));
    assert_eq!(dialog.system_label.as_str(), "pinned");
}

#[tokio::test]
async fn search_pages_are_followed_to_the_end() {
    let item = |n: u8| {
        let mut d = dialog_json(Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0000 + u128::from(n)));
        d.as_object_mut().expect("object").remove("someFieldFromTheFuture");
        d
    };
    let server = FlakyServer::start(vec![
        reply(200).json(json!({"items": [item(1), item(2)], "hasNextPage": true, "continuationToken": "t1", "orderBy": "createdAt_desc"})),
        reply(503),
        reply(200).json(json!({"items": [item(3)], "hasNextPage": false, "orderBy": "createdAt_desc"})),
    ])
    .await;
    let client = server.client(fast());
    let ids: Vec<u128> = futures::TryStreamExt::try_collect::<Vec<_>>(client.search_dialogs_stream(|s| s.limit(2)))
        .await
        .expect("all pages")
        .into_iter()
        .map(|d| d.id.as_u128() & 0xff)
        .collect();
    assert_eq!(ids, [1, 2, 3]);
    let seen = server.seen();
    assert_eq!(seen.len(), 3);
    assert_eq!(seen[2].path, "/api/v1/serviceowner/dialogs");
}

/// One attempt as the transport reported it: method, path, outcome, and the wait before a retry.
type Logged = (String, String, String, Option<Duration>);

/// Every attempt the transport reports.
#[derive(Debug, Default)]
struct Recorded(Mutex<Vec<Logged>>);

impl dialogporten::transport::RequestLog for Recorded {
    fn attempt(&self, attempt: &dialogporten::transport::Attempt<'_>) {
        self.0.lock().expect("log lock").push((
            attempt.method.to_string(),
            attempt.url.path().to_owned(),
            attempt.describe(),
            attempt.retry_in,
        ));
    }
}

fn events_at(server: &FlakyServer, policy: RetryPolicy) -> dialogporten::events::EventsClient {
    let tokens = Arc::new(dialogporten::auth::StaticToken::new("events-token"));
    dialogporten::events::EventsClient::new(&server.base, tokens).with_retry(policy)
}

// Before the shared transport, the events client drew delays from an endless
// iterator: a server answering 503 for ever kept it retrying for ever.
#[tokio::test]
async fn the_events_client_stops_at_the_attempt_limit_and_the_time_budget() {
    let query = dialogporten::events::EventQuery::new("urn:altinn:resource:demo");
    let server = FlakyServer::start(vec![reply(503); 50]).await;
    let error = events_at(&server, fast().max_attempts(4)).page(&query).await.expect_err("always 503");
    assert_eq!(error.kind(), Some(ErrorKind::Unavailable));
    assert_eq!(server.seen().len(), 4, "four attempts, then the 503 is reported");
    assert!(server.seen().iter().all(|s| s.authorization.as_deref() == Some("Bearer events-token")));

    // Retry-After: 1 on every answer, a 1.5 s budget: two attempts fit, a third would start after it.
    let server = FlakyServer::start(vec![reply(503).header("retry-after", "1"); 50]).await;
    let budget = fast().max_attempts(50).max_elapsed(Duration::from_millis(1500));
    let started = Instant::now();
    let error = events_at(&server, budget).page(&query).await.expect_err("always 503");
    assert_eq!(error.kind(), Some(ErrorKind::Unavailable));
    assert_eq!(server.seen().len(), 2);
    assert!(started.elapsed() < Duration::from_secs(5), "ended within the budget: {:?}", started.elapsed());

    let server = FlakyServer::start(vec![reply(503); 50]).await;
    let error = events_at(&server, RetryPolicy::none()).page(&query).await.expect_err("no retries");
    assert_eq!(error.kind(), Some(ErrorKind::Unavailable));
    assert_eq!(server.seen().len(), 1, "RetryPolicy::none() sends once");

    // A subscription (POST) is not repeated after a 503, whose outcome is unknown, but is after a 429.
    let request = dialogporten::events::SubscriptionRequest {
        end_point: "https://example.com/hook".into(),
        resource_filter: "urn:altinn:resource:demo".into(),
        ..Default::default()
    };
    let server = FlakyServer::start(vec![reply(503); 5]).await;
    events_at(&server, fast()).subscribe(&request).await.expect_err("503");
    assert_eq!(server.seen().len(), 1);
    let subscription = json!({"id": 7, "endPoint": "https://example.com/hook", "validated": false});
    let server = FlakyServer::start(vec![reply(429), reply(201).json(subscription)]).await;
    let made = events_at(&server, fast()).subscribe(&request).await.expect("429, then made");
    assert_eq!((made.id, server.seen().len()), (7, 2));
}

#[tokio::test]
async fn every_attempt_reaches_the_request_log_without_secrets() {
    let id = Uuid::now_v7();
    let server = FlakyServer::start(vec![reply(503), reply(200).json(dialog_json(id))]).await;
    let log = Arc::new(Recorded::default());
    let client = Client::builder(Environment::Local(server.base.clone()))
        .bearer_token("secret-token-xyz")
        .retry_policy(fast())
        .request_log(log.clone())
        .build()
        .expect("client");
    client.get_dialog().dialog_id(id).send().await.expect("second attempt answers");
    let attempts = log.0.lock().expect("log lock").clone();
    assert_eq!(attempts.len(), 2, "{attempts:?}");
    let path = format!("/api/v1/serviceowner/dialogs/{id}");
    assert_eq!(
        (attempts[0].0.as_str(), attempts[0].1.as_str(), attempts[0].2.as_str()),
        ("GET", path.as_str(), "HTTP 503")
    );
    assert!(attempts[0].3.is_some(), "the first attempt says a retry follows");
    assert_eq!((attempts[1].2.as_str(), attempts[1].3), ("HTTP 200", None));
    assert!(!format!("{attempts:?}").contains("secret-token-xyz"));

    // Raw requests take the same path: token, retries, log.
    let server = FlakyServer::start(vec![reply(502), reply(200).json(json!({"ok": true}))]).await;
    let log = Arc::new(Recorded::default());
    let client = Client::builder(Environment::Local(server.base.clone()))
        .bearer_token("raw-token")
        .retry_policy(fast())
        .request_log(log.clone())
        .build()
        .expect("client");
    let url = format!("{}/api/v1/metadata/limits", server.base).parse().expect("url");
    let response = client
        .transport()
        .send(dialogporten::reqwest::Request::new(dialogporten::reqwest::Method::GET, url))
        .await
        .expect("answered");
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(log.0.lock().expect("log lock").len(), 2);
    assert!(server.seen().iter().all(|s| s.authorization.as_deref() == Some("Bearer raw-token")));
}

#[tokio::test]
async fn bodies_over_the_limit_and_plain_http_tokens_are_refused_before_sending() {
    let server = FlakyServer::start(vec![reply(201); 2]).await;
    let client = server.client(fast());
    let mut body = json!({
        "serviceResource": "urn:altinn:resource:demo",
        "party": "urn:altinn:organization:identifier-no:991825827",
        "content": {"title": {"value": [{"languageCode": "nb", "value": "Hei"}]}},
    });
    body["externalReference"] = json!("x".repeat(dialogporten::transport::MAX_BODY_BYTES));
    let error = client.create_dialog_json(&body, false).await.expect_err("too large");
    assert!(matches!(error, dialogporten::Error::BodyTooLarge { .. }), "{error:?}");
    assert!(error.to_string().contains("nothing was sent"), "{error}");
    assert!(server.seen().is_empty(), "not a byte reached the server");

    let remote =
        Client::builder(Environment::Local("http://dialogporten.example.com".into())).bearer_token("t").build();
    let error = remote.expect_err("a token over plain http to a remote host");
    assert!(error.to_string().contains("plain http"), "{error}");
    for allowed in ["http://127.0.0.1:1", "http://localhost:1", "http://[::1]:1", "https://example.com"] {
        assert!(Client::builder(Environment::Local(allowed.into())).bearer_token("t").build().is_ok(), "{allowed}");
    }
    let opted_in = Client::builder(Environment::Local("http://dialogporten.example.com".into()))
        .bearer_token("t")
        .allow_plain_http(true)
        .build();
    assert!(opted_in.is_ok());
}

/// A newer service names what a 409 conflicts with in `conflicts: [{key, value, reason}]`
/// (enduser-tokens-limits.md §4); the SDK reads it, and finds the existing dialog's id there.
#[tokio::test]
async fn a_409s_conflicts_are_read() {
    let existing = Uuid::now_v7();
    let server = FlakyServer::start(vec![reply(409).json(json!({
        "title": "Conflict.", "status": 409,
        "conflicts": [{"key": "DialogId", "value": existing, "reason": "An existing dialog has this idempotentKey."}]
    }))])
    .await;
    let error = server.client(fast()).create_dialog().body(create_body(None)).send().await.expect_err("409");
    assert_eq!(error.kind(), Some(ErrorKind::Conflict));
    let api = error.api().expect("an API error");
    assert_eq!(api.conflicts().len(), 1);
    assert_eq!(api.conflicts()[0].key, "DialogId");
    assert_eq!(api.conflicts()[0].reason, "An existing dialog has this idempotentKey.");
    assert_eq!(api.existing_dialog_id(), Some(existing));
}

#[test]
fn a_base_url_without_a_scheme_is_refused_when_the_client_is_built() {
    let error = Client::builder(Environment::Local("127.0.0.1:5391".into())).build().expect_err("no scheme");
    assert!(error.to_string().contains("http://127.0.0.1:5280"), "{error}");
    let local: Environment = "local".parse().expect("local is a name");
    assert!(Client::builder(local).build().is_ok());
}
