//! openapi.json and the wire agree: every operation is driven through its
//! success and its usual refusals against a real dp-server, and each answer's
//! status must be declared for that operation, its media type must be the one
//! declared, and its body must match the declared schema member by member (no
//! member the contract does not declare, none it requires missing, formats and
//! enums as declared). Answers outside any operation (unknown path, a method a
//! path does not take, limits) must be problem details.

use dialogporten::reqwest::{Client, Method};
use dialogporten_server::{Config, DEV_TOKEN, Running, TokenGrant, auth::scopes};
use dp_integration_tests::contract_check::{find_operation, validate};
use dp_integration_tests::project_spec;
use serde_json::{Value, json};
use uuid::Uuid;

const ADMIN: &str = "admin-token";
/// Answers the framework gives before any operation is chosen, for any path:
/// docs/openapi.md lists them instead of every operation declaring them.
const FRAMEWORK_STATUSES: [u16; 3] = [405, 414, 431];
const OTHER_ORG: &str = "other-org-token";

/// One answer as it went over the wire.
struct Wire {
    status: u16,
    media_type: Option<String>,
    body: String,
    etag: Option<String>,
}

impl Wire {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or(Value::Null)
    }
}

struct Harness {
    server: Running,
    http: Client,
    spec: Value,
    /// (operationId, status) pairs seen.
    seen: Vec<(String, u16)>,
    problems: Vec<String>,
}

struct Call<'a> {
    method: Method,
    path: String,
    token: Option<&'a str>,
    body: Option<(&'a str, String)>,
    if_match: Option<String>,
}

impl<'a> Call<'a> {
    fn new(method: Method, path: impl Into<String>) -> Self {
        Self { method, path: path.into(), token: Some(DEV_TOKEN), body: None, if_match: None }
    }
    fn json(mut self, body: &Value) -> Self {
        self.body = Some(("application/json", body.to_string()));
        self
    }
    fn raw(mut self, content_type: &'a str, body: &str) -> Self {
        self.body = Some((content_type, body.to_owned()));
        self
    }
    fn token(mut self, token: Option<&'a str>) -> Self {
        self.token = token;
        self
    }
    fn if_match(mut self, revision: impl Into<String>) -> Self {
        self.if_match = Some(revision.into());
        self
    }
}

impl Harness {
    async fn start() -> Self {
        // The opt-in scopes too, so the notification check and transmission corrections answer.
        let mut config = Config::dev().with_dev_scopes(&[scopes::NOTIFICATIONS, scopes::CHANGE_TRANSMISSIONS]);
        config.listen = ([127, 0, 0, 1], 0).into();
        let mut admin = TokenGrant::service_owner(ADMIN, "digdir", "991825827");
        admin.scopes.push(scopes::ADMIN.into());
        config.tokens.push(admin);
        config.tokens.push(TokenGrant::service_owner(OTHER_ORG, "nav", "889640782"));
        let server = dp_integration_tests::spawn(config).await;
        Self {
            server,
            http: dialogporten::transport::http_client(),
            spec: project_spec(),
            seen: Vec::new(),
            problems: Vec::new(),
        }
    }

    /// Sends `call`, checks the answer against the contract, and returns it.
    async fn send(&mut self, call: Call<'_>) -> Wire {
        let mut request = self.http.request(call.method.clone(), format!("{}{}", self.server.base_url, call.path));
        if let Some(token) = call.token {
            request = request.bearer_auth(token);
        }
        if let Some((content_type, body)) = &call.body {
            if !content_type.is_empty() {
                request = request.header("content-type", *content_type);
            }
            request = request.body(body.clone());
        }
        if let Some(revision) = &call.if_match {
            request = request.header("if-match", revision.as_str());
        }
        let response = request.send().await.expect("the server answers");
        let status = response.status().as_u16();
        let media_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .map(|v| v.split(';').next().unwrap_or_default().trim().to_owned());
        let etag = response.headers().get("etag").and_then(|v| v.to_str().ok()).map(|e| e.trim_matches('"').to_owned());
        let body = response.text().await.expect("a body");
        let wire = Wire { status, media_type, body, etag };
        self.check(&call.method, &call.path, &wire);
        wire
    }

    fn check(&mut self, method: &Method, path: &str, wire: &Wire) {
        let path_only = path.split('?').next().unwrap_or(path);
        let what = format!("{method} {path_only} → {}", wire.status);
        let operation = find_operation(&self.spec, method, path_only);
        let Some((operation_id, operation)) = operation.filter(|_| !FRAMEWORK_STATUSES.contains(&wire.status)) else {
            // Outside any operation: problem details all the same.
            if wire.status >= 400 {
                self.expect_problem(&what, wire);
            }
            return;
        };
        self.seen.push((operation_id.clone(), wire.status));
        let Some(declared) = operation["responses"].get(wire.status.to_string()) else {
            self.problems.push(format!("{what}: status not declared for {operation_id} ({})", wire.body));
            return;
        };
        let Some(content) = declared.get("content").and_then(Value::as_object) else {
            if !wire.body.is_empty() {
                self.problems.push(format!("{what}: declared without a body, sent {:?}", wire.body));
            }
            return;
        };
        let Some(media_type) = &wire.media_type else {
            self.problems.push(format!("{what}: declared {:?}, sent no Content-Type", content.keys()));
            return;
        };
        let Some(media) = content.get(media_type) else {
            self.problems.push(format!("{what}: sent {media_type}, declared {:?}", content.keys().collect::<Vec<_>>()));
            return;
        };
        let Ok(body) = serde_json::from_str::<Value>(&wire.body) else {
            self.problems.push(format!("{what}: body is not JSON: {:?}", wire.body));
            return;
        };
        let mut errors = Vec::new();
        validate(&self.spec, &media["schema"], &body, "$", &mut errors);
        for error in errors {
            self.problems.push(format!("{what}: {error}"));
        }
    }

    fn expect_problem(&mut self, what: &str, wire: &Wire) {
        if wire.media_type.as_deref() != Some("application/problem+json") {
            self.problems.push(format!("{what}: not problem details ({:?}, {:?})", wire.media_type, wire.body));
            return;
        }
        let mut errors = Vec::new();
        validate(&self.spec, &json!({"$ref": "#/components/schemas/ProblemDetails"}), &wire.json(), "$", &mut errors);
        self.problems.extend(errors.into_iter().map(|e| format!("{what}: {e}")));
    }
}

fn dialog_body() -> Value {
    json!({
        "serviceResource": "urn:altinn:resource:dp-test",
        "party": "urn:altinn:organization:identifier-no:991825827",
        "content": {"title": {"value": [{"languageCode": "nb", "value": "Tittel"}]}},
        "attachments": [{
            "displayName": [{"languageCode": "nb", "value": "Vedlegg"}],
            "urls": [{"url": "https://example.com/a.pdf", "mediaType": "application/pdf", "consumerType": "Gui"}]
        }],
        "guiActions": [{
            "action": "read", "url": "https://example.com/open", "priority": "Primary",
            "title": [{"languageCode": "nb", "value": "Åpne"}]
        }],
        "apiActions": [{"action": "read", "endpoints": [{"url": "https://example.com/api", "httpMethod": "GET"}]}],
        "transmissions": [{
            "type": "Information", "sender": {"actorType": "ServiceOwner"},
            "content": {"title": {"value": [{"languageCode": "nb", "value": "Melding"}]}}
        }],
        "activities": [{"type": "DialogCreated", "performedBy": {"actorType": "ServiceOwner"}}],
        "serviceOwnerContext": {"serviceOwnerLabels": [{"value": "case:1"}]}
    })
}

const DIALOGS: &str = "/api/v1/serviceowner/dialogs";

#[tokio::test]
async fn every_operation_answers_as_the_contract_declares() {
    let mut h = Harness::start().await;
    let stale = Uuid::new_v4().to_string();
    let unknown = Uuid::now_v7();

    // Metadata, anonymous.
    h.send(Call::new(Method::GET, "/api/v1/metadata/limits").token(None)).await;
    h.send(Call::new(Method::GET, "/api/v1/metadata/serviceresources").token(None)).await;

    // Create: 201, 400, 401, 409, 415, 422.
    let created = h.send(Call::new(Method::POST, DIALOGS).json(&dialog_body())).await;
    assert_eq!(created.status, 201, "{}", created.body);
    let id: Uuid = created.json().as_str().and_then(|s| s.parse().ok()).expect("an id");
    let mut invalid = dialog_body();
    invalid["party"] = json!("nobody");
    h.send(Call::new(Method::POST, DIALOGS).json(&invalid)).await;
    h.send(Call::new(Method::POST, DIALOGS).json(&dialog_body()).token(None)).await;
    h.send(Call::new(Method::POST, DIALOGS).json(&dialog_body()).token(Some("not-a-token"))).await;
    let mut again = dialog_body();
    again["id"] = json!(id);
    h.send(Call::new(Method::POST, DIALOGS).json(&again)).await;
    h.send(Call::new(Method::POST, DIALOGS).raw("", &dialog_body().to_string())).await;
    h.send(Call::new(Method::POST, DIALOGS).raw("text/plain", "hello")).await;
    let mut unknown_related = dialog_body();
    unknown_related["transmissions"][0]["id"] = json!(Uuid::now_v7());
    unknown_related["transmissions"][0]["relatedTransmissionId"] = json!(Uuid::now_v7());
    h.send(Call::new(Method::POST, DIALOGS).json(&unknown_related)).await;

    // Read: 200, 400, 401, 404.
    let got = h.send(Call::new(Method::GET, format!("{DIALOGS}/{id}"))).await;
    assert_eq!(got.status, 200);
    let view = got.json();
    let revision = got.etag.clone().expect("an ETag");
    h.send(Call::new(Method::GET, format!("{DIALOGS}/not-a-uuid"))).await;
    h.send(Call::new(Method::GET, format!("{DIALOGS}/{unknown}"))).await;
    h.send(Call::new(Method::GET, format!("{DIALOGS}/{id}")).token(None)).await;
    h.send(Call::new(Method::GET, format!("{DIALOGS}/{id}")).token(Some(OTHER_ORG))).await;
    h.send(Call::new(Method::GET, format!("{DIALOGS}/{id}?endUserId=urn:altinn:person:identifier-no:08844397713")))
        .await;

    // Search: 200, 400, 401.
    h.send(Call::new(Method::GET, format!("{DIALOGS}?limit=2&orderBy=dueAt_desc,updatedAt_desc"))).await;
    h.send(Call::new(Method::GET, format!("{DIALOGS}?limit=0"))).await;
    h.send(Call::new(Method::GET, format!("{DIALOGS}?deleted=true"))).await;
    h.send(Call::new(Method::GET, DIALOGS).token(None)).await;
    h.send(Call::new(
        Method::GET,
        format!("{DIALOGS}/endusercontext?party=urn:altinn:organization:identifier-no:991825827"),
    ))
    .await;
    h.send(Call::new(Method::GET, format!("{DIALOGS}/endusercontext?limit=0"))).await;

    // Lookup: 200, 400, 403, 404.
    let lookup = "/api/v1/serviceowner/dialoglookup?instanceRef=";
    h.send(Call::new(Method::GET, format!("{lookup}urn:altinn:dialog-id:{id}"))).await;
    h.send(Call::new(Method::GET, format!("{lookup}nope"))).await;
    h.send(Call::new(Method::GET, format!("{lookup}urn:altinn:dialog-id:{id}")).token(Some(OTHER_ORG))).await;
    h.send(Call::new(Method::GET, format!("{lookup}urn:altinn:dialog-id:{unknown}"))).await;

    // Children: list and get, 200 and 404.
    let transmission = view["transmissions"][0]["id"].as_str().expect("a transmission").to_owned();
    let activity = view["activities"][0]["id"].as_str().expect("an activity").to_owned();
    for child in ["transmissions", "activities", "seenlog"] {
        h.send(Call::new(Method::GET, format!("{DIALOGS}/{id}/{child}"))).await;
        h.send(Call::new(Method::GET, format!("{DIALOGS}/{unknown}/{child}"))).await;
        h.send(Call::new(Method::GET, format!("{DIALOGS}/{id}/{child}/{unknown}"))).await;
    }
    h.send(Call::new(Method::GET, format!("{DIALOGS}/{id}/transmissions/{transmission}"))).await;
    h.send(Call::new(Method::GET, format!("{DIALOGS}/{id}/activities/{activity}"))).await;
    let seen = h.send(Call::new(Method::GET, format!("{DIALOGS}/{id}/seenlog"))).await.json();
    if let Some(entry) = seen[0]["id"].as_str() {
        h.send(Call::new(Method::GET, format!("{DIALOGS}/{id}/seenlog/{entry}"))).await;
    }

    // Notification check: 200, 400, 404.
    let check = format!("{DIALOGS}/{id}/actions/should-send-notification");
    h.send(Call::new(Method::GET, format!("{check}?conditionType=NotExists&activityType=Information"))).await;
    h.send(Call::new(Method::GET, format!("{check}?conditionType=Sometimes&activityType=Information"))).await;
    h.send(Call::new(
        Method::GET,
        format!(
            "{DIALOGS}/{unknown}/actions/should-send-notification?conditionType=NotExists&activityType=Information"
        ),
    ))
    .await;

    // Labels: 200, 204, 400, 404, 412.
    let labels = format!("{DIALOGS}/{id}/context/labels");
    let context = h.send(Call::new(Method::GET, labels.clone())).await;
    h.send(Call::new(Method::GET, format!("{DIALOGS}/{unknown}/context/labels"))).await;
    let context_revision = context.json()["revision"].as_str().unwrap_or_default().to_owned();
    h.send(Call::new(Method::POST, labels.clone()).json(&json!({"value": "case:2"}))).await;
    h.send(Call::new(Method::POST, labels.clone()).json(&json!({"value": "CASE:2"}))).await;
    h.send(Call::new(Method::POST, labels.clone()).json(&json!({"value": "case:3"})).if_match(stale.clone())).await;
    h.send(Call::new(Method::POST, labels.clone()).raw("", "{\"value\": \"case:4\"}")).await;
    h.send(Call::new(Method::DELETE, format!("{labels}/case:2"))).await;
    h.send(Call::new(Method::DELETE, format!("{labels}/case:99"))).await;
    let _ = context_revision;

    // System labels: 204, 400, 412; bulk: 204, 400.
    let system =
        format!("{DIALOGS}/{id}/endusercontext/systemlabels?enduserId=urn:altinn:person:identifier-no:08844397713");
    h.send(Call::new(Method::PUT, system.clone()).json(&json!({"addLabels": ["Bin"]}))).await;
    h.send(Call::new(Method::PUT, system.clone()).json(&json!({"addLabels": ["Nonsense"]}))).await;
    h.send(Call::new(Method::PUT, system.clone()).json(&json!({"addLabels": ["Bin"]})).if_match(stale.clone())).await;
    let bulk = format!(
        "{DIALOGS}/endusercontext/systemlabels/actions/bulkset?enduserId=urn:altinn:person:identifier-no:08844397713"
    );
    h.send(
        Call::new(Method::POST, bulk.clone()).json(&json!({"dialogs": [{"dialogId": id}], "addLabels": ["Archive"]})),
    )
    .await;
    h.send(Call::new(Method::POST, bulk.clone()).json(&json!({"dialogs": [], "addLabels": ["Archive"]}))).await;

    // Activities and transmissions: 201, 400, 404, 412, 415, 422; PUT transmission 204 and 400.
    let activities = format!("{DIALOGS}/{id}/activities");
    let information = json!({"type": "Information", "performedBy": {"actorType": "ServiceOwner"},
        "description": [{"languageCode": "nb", "value": "Info"}]});
    h.send(Call::new(Method::POST, activities.clone()).json(&information)).await;
    h.send(Call::new(Method::POST, activities.clone()).json(&json!({"type": "Nonsense"}))).await;
    h.send(Call::new(Method::POST, activities.clone()).json(&information).if_match(stale.clone())).await;
    h.send(Call::new(Method::POST, activities.clone()).raw("", &information.to_string())).await;
    h.send(Call::new(Method::POST, format!("{DIALOGS}/{unknown}/activities")).json(&information)).await;
    h.send(Call::new(Method::POST, activities.clone()).json(&json!({"type": "TransmissionOpened",
            "transmissionId": Uuid::now_v7(), "performedBy": {"actorType": "ServiceOwner"}})))
        .await;
    let transmissions = format!("{DIALOGS}/{id}/transmissions");
    let message = dialog_body()["transmissions"][0].clone();
    h.send(Call::new(Method::POST, transmissions.clone()).json(&message)).await;
    h.send(Call::new(Method::POST, transmissions.clone()).json(&json!({"type": "Nonsense"}))).await;
    let mut dangling = message.clone();
    dangling["relatedTransmissionId"] = json!(Uuid::now_v7());
    h.send(Call::new(Method::POST, transmissions.clone()).json(&dangling)).await;
    let one = format!("{transmissions}/{transmission}");
    h.send(Call::new(Method::PUT, format!("{one}?isSilentUpdate=true")).json(&message)).await;
    h.send(Call::new(Method::PUT, one.clone()).json(&message)).await;
    h.send(Call::new(Method::PUT, format!("{transmissions}/{unknown}?isSilentUpdate=true")).json(&message)).await;

    // PUT and PATCH: 204, 400, 412, 415.
    let current = h.send(Call::new(Method::GET, format!("{DIALOGS}/{id}"))).await;
    let mut put = json!({});
    for key in ["status", "content", "attachments", "guiActions", "apiActions", "searchTags", "progress"] {
        if !current.json()[key].is_null() {
            put[key] = current.json()[key].clone();
        }
    }
    let revision_now = current.etag.clone().unwrap_or(revision);
    h.send(Call::new(Method::PUT, format!("{DIALOGS}/{id}")).json(&put).if_match(revision_now)).await;
    h.send(Call::new(Method::PUT, format!("{DIALOGS}/{id}")).json(&put).if_match(stale.clone())).await;
    h.send(Call::new(Method::PUT, format!("{DIALOGS}/{id}")).json(&put).if_match("not-a-revision")).await;
    h.send(Call::new(Method::PUT, format!("{DIALOGS}/{id}")).json(&json!({"status": "Nonsense"}))).await;
    h.send(Call::new(Method::PUT, format!("{DIALOGS}/{id}")).raw("", &put.to_string())).await;
    let patch = json!([{"op": "replace", "path": "/progress", "value": 50}]);
    h.send(Call::new(Method::PATCH, format!("{DIALOGS}/{id}")).raw("application/json-patch+json", &patch.to_string()))
        .await;
    h.send(Call::new(Method::PATCH, format!("{DIALOGS}/{id}")).json(&json!([{"op": "explode"}]))).await;
    h.send(Call::new(Method::PATCH, format!("{DIALOGS}/{id}")).json(&patch).if_match(stale.clone())).await;
    h.send(Call::new(Method::PATCH, format!("{DIALOGS}/{unknown}")).json(&patch)).await;

    // Freeze (admin only), then the frozen dialog refuses a PUT.
    h.send(Call::new(Method::POST, format!("{DIALOGS}/{id}/actions/freeze"))).await;
    h.send(Call::new(Method::POST, format!("{DIALOGS}/{id}/actions/freeze")).token(Some(ADMIN))).await;
    h.send(Call::new(Method::POST, format!("{DIALOGS}/{unknown}/actions/freeze")).token(Some(ADMIN))).await;
    h.send(Call::new(Method::PUT, format!("{DIALOGS}/{id}")).json(&put)).await;

    // Delete, 410 after, restore, purge.
    let second = h
        .send(Call::new(Method::POST, DIALOGS).json(&json!({
            "serviceResource": "urn:altinn:resource:dp-test",
            "party": "urn:altinn:organization:identifier-no:991825827",
            "content": {"title": {"value": [{"languageCode": "nb", "value": "To"}]}}
        })))
        .await;
    let second: Uuid = second.json().as_str().and_then(|s| s.parse().ok()).expect("an id");
    h.send(Call::new(Method::DELETE, format!("{DIALOGS}/{second}")).if_match(stale.clone())).await;
    h.send(Call::new(Method::DELETE, format!("{DIALOGS}/{second}"))).await;
    h.send(Call::new(Method::DELETE, format!("{DIALOGS}/{second}"))).await;
    h.send(Call::new(Method::DELETE, format!("{DIALOGS}/{unknown}"))).await;
    h.send(Call::new(Method::PUT, format!("{DIALOGS}/{second}")).json(&json!({"content": put["content"]}))).await;
    h.send(Call::new(Method::POST, format!("{DIALOGS}/{second}/activities")).json(&information)).await;
    h.send(Call::new(Method::GET, format!("{DIALOGS}/{second}/transmissions"))).await;
    h.send(Call::new(Method::POST, format!("{DIALOGS}/{second}/actions/restore"))).await;
    h.send(Call::new(Method::POST, format!("{DIALOGS}/{unknown}/actions/restore"))).await;
    h.send(Call::new(Method::POST, format!("{DIALOGS}/{second}/actions/purge")).if_match(stale.clone())).await;
    h.send(Call::new(Method::POST, format!("{DIALOGS}/{second}/actions/purge"))).await;
    h.send(Call::new(Method::POST, format!("{DIALOGS}/{unknown}/actions/purge"))).await;

    // Outside any operation: unknown path, a method the path does not take, limits.
    h.send(Call::new(Method::GET, "/api/v1/serviceowner/nothing-here")).await;
    h.send(Call::new(Method::DELETE, DIALOGS)).await;
    h.send(Call::new(Method::GET, format!("{DIALOGS}?party={}", "x".repeat(9000)))).await;
    let mut crowded = h.http.get(format!("{}{DIALOGS}", h.server.base_url)).bearer_auth(DEV_TOKEN);
    for i in 0..120 {
        crowded = crowded.header(format!("x-filler-{i}"), "1");
    }
    let crowded = crowded.send().await.expect("the server answers");
    assert_eq!(crowded.status().as_u16(), 431);
    let media_type = crowded.headers().get("content-type").and_then(|v| v.to_str().ok()).map(str::to_owned);
    assert!(media_type.is_some_and(|m| m.starts_with("application/problem+json")), "431 as problem details");

    assert!(h.problems.is_empty(), "the wire and openapi.json disagree:\n{}", h.problems.join("\n"));

    // Every operation was driven, each through a success and a refusal.
    let operations: Vec<String> = h.spec["paths"]
        .as_object()
        .into_iter()
        .flatten()
        .flat_map(|(_, item)| item.as_object().into_iter().flatten())
        .filter_map(|(_, op)| op["operationId"].as_str().map(str::to_owned))
        .collect();
    let untried: Vec<&String> = operations
        .iter()
        .filter(|op| !["GetLimits", "GetServiceResourceMetadata", "UpdateFormSavedActivityTime"].contains(&op.as_str()))
        .filter(|op| {
            let statuses: Vec<u16> = h.seen.iter().filter(|(o, _)| o == *op).map(|(_, s)| *s).collect();
            !(statuses.iter().any(|s| *s < 300) && statuses.iter().any(|s| *s >= 400))
        })
        .collect();
    assert!(
        untried.is_empty(),
        "operations not driven through both a success and a refusal: {untried:?} (seen: {:?})",
        h.seen
    );
}

#[test]
fn framework_statuses_are_documented() {
    let doc =
        std::fs::read_to_string(dp_integration_tests::repo_root().join("docs/openapi.md")).expect("docs/openapi.md");
    for status in FRAMEWORK_STATUSES {
        assert!(doc.contains(&format!("| {status} ")), "docs/openapi.md does not list {status}");
    }
}

#[test]
fn the_validator_finds_what_differs() {
    let spec = project_spec();
    let schema = json!({"$ref": "#/components/schemas/ProblemDetails"});
    let mut errors = Vec::new();
    validate(
        &spec,
        &schema,
        &json!({"status": "400", "title": null, "extra": 1, "errors": {"a": [1]}}),
        "$",
        &mut errors,
    );
    assert_eq!(errors.len(), 3, "{errors:?}");
    let mut errors = Vec::new();
    let localization = json!({"$ref": "#/components/schemas/Localization"});
    validate(&spec, &localization, &json!({"languageCode": "nb"}), "$", &mut errors);
    assert!(errors.iter().any(|e| e.contains("value is required")), "{errors:?}");
}
