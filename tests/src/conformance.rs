//! The harness of the upstream-derived conformance suite (`tests/tests/workspace/conformance_*.rs`):
//! raw HTTP against a spawned dp-server, so a case can send what the SDK's
//! types would refuse, and read the status and problem details as they went
//! over the wire.
//!
//! Each case names its upstream source (Altinn/dialogporten v1.119.1: a test
//! file and test, or a validator and rule) in its doc comment, or, in a table
//! test, in its row's first column. A case is a test, or a row of a table test
//! (an upstream theory's `InlineData`, a validator rule): 440 in all, of which
//! 193 validator rules (`conformance_validators.rs`), 87 notification-condition
//! rows, 43 search, seen-log and lookup cases and 19 `authorizationContext`
//! cases. `tests/tests/workspace/contract_wire.rs` checks every answer against the contract.

use base64::Engine;
use dialogporten::reqwest::{Client, Method, Url, redirect::Policy};
use dialogporten_server::{Config, DEV_TOKEN, Running};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// A dp-server on loopback and a client with the development token.
pub struct Dp {
    /// The server.
    pub server: Running,
    http: Client,
    token: String,
}

/// What the server answered.
#[derive(Debug)]
pub struct Answer {
    /// The HTTP status.
    pub status: u16,
    /// The `ETag`, if any.
    pub etag: Option<String>,
    /// The body properties the server ignored (`x-ignored-properties`), if any.
    pub ignored: Option<String>,
    /// The body as JSON (`Null` when empty or not JSON).
    pub body: Value,
}

impl Answer {
    /// The messages under `key` in a problem's `errors`.
    pub fn errors(&self, key: &str) -> Vec<String> {
        self.body["errors"][key]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|m| m.as_str().map(str::to_owned))
            .collect()
    }

    /// Whether any error message contains `text`, ignoring case (as upstream's `ShouldHaveErrorWithText`).
    pub fn has_error_text(&self, text: &str) -> bool {
        let text = text.to_lowercase();
        self.body["errors"]
            .as_object()
            .into_iter()
            .flatten()
            .flat_map(|(_, messages)| messages.as_array().into_iter().flatten())
            .any(|m| m.as_str().is_some_and(|m| m.to_lowercase().contains(&text)))
    }

    /// Whether any error key contains `text`, ignoring case (as upstream's `ShouldHaveErrorWithPropertyNameText`).
    pub fn has_error_key(&self, text: &str) -> bool {
        let text = text.to_lowercase();
        self.body["errors"].as_object().into_iter().flatten().any(|(key, _)| key.to_lowercase().contains(&text))
    }

    /// The id a create answered with.
    pub fn id(&self) -> Uuid {
        self.body.as_str().and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("no id in {self:?}"))
    }

    /// Panics unless the status is `expected`, showing the body.
    #[track_caller]
    pub fn expect(&self, expected: u16) -> &Self {
        assert_eq!(self.status, expected, "unexpected answer: {}", self.body);
        self
    }
}

impl Dp {
    /// A development server with an in-memory database.
    pub async fn start() -> Self {
        Self::with(Config::dev()).await
    }

    /// A server with `config` on loopback port 0.
    pub async fn with(config: Config) -> Self {
        let server = crate::spawn(config).await;
        Self { server, http: dialogporten::transport::http_client(), token: DEV_TOKEN.to_owned() }
    }

    /// The same server seen with another token.
    pub fn as_token(&self, token: &str) -> DpAs<'_> {
        DpAs { dp: self, token: token.to_owned() }
    }

    /// Sends `method path` with a JSON body (or none) and the bearer token.
    pub async fn send(&self, method: Method, path: &str, body: Option<&Value>) -> Answer {
        send(&self.http, &self.server.base_url, &self.token, method, path, body, &[]).await
    }

    /// `GET path` with extra request headers.
    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Answer {
        send(&self.http, &self.server.base_url, &self.token, Method::GET, path, None, headers).await
    }

    /// `GET /dialogs/{id}?endUserId=`: the dialog as a service owner shows it to an end user (logs them as seen).
    pub async fn get_as_end_user(&self, id: Uuid, end_user: &str) -> Answer {
        self.send(Method::GET, &format!("/api/v1/serviceowner/dialogs/{id}?endUserId={end_user}"), None).await
    }

    /// `POST /dialogs`.
    pub async fn create(&self, body: &Value) -> Answer {
        self.send(Method::POST, "/api/v1/serviceowner/dialogs", Some(body)).await
    }

    /// Creates `body` and returns the new id; panics unless it is created.
    pub async fn created(&self, body: &Value) -> Uuid {
        self.create(body).await.expect(201).id()
    }

    /// `GET /dialogs/{id}`.
    pub async fn get(&self, id: Uuid) -> Answer {
        self.send(Method::GET, &format!("/api/v1/serviceowner/dialogs/{id}"), None).await
    }

    /// `PUT /dialogs/{id}`.
    pub async fn put(&self, id: Uuid, body: &Value) -> Answer {
        self.send(Method::PUT, &format!("/api/v1/serviceowner/dialogs/{id}"), Some(body)).await
    }

    /// The dialog as a PUT body: `GET`, keeping the members `UpdateDialog` has.
    pub async fn put_view(&self, id: Uuid) -> Value {
        let dialog = self.get(id).await.expect(200).body.clone();
        let keep = [
            "status",
            "progress",
            "extendedStatus",
            "externalReference",
            "dueAt",
            "expiresAt",
            "process",
            "precedingProcess",
            "isApiOnly",
            "content",
            "searchTags",
            "attachments",
            "guiActions",
            "apiActions",
        ];
        let mut view = json!({});
        for key in keep {
            if !dialog[key].is_null() {
                view[key] = dialog[key].clone();
            }
        }
        view
    }

    /// `POST /dialogs/{id}/transmissions`.
    pub async fn add_transmission(&self, id: Uuid, body: &Value) -> Answer {
        self.send(Method::POST, &format!("/api/v1/serviceowner/dialogs/{id}/transmissions"), Some(body)).await
    }

    /// `POST /dialogs/{id}/activities`.
    pub async fn add_activity(&self, id: Uuid, body: &Value) -> Answer {
        self.send(Method::POST, &format!("/api/v1/serviceowner/dialogs/{id}/activities"), Some(body)).await
    }
}

/// The server with another token.
pub struct DpAs<'a> {
    dp: &'a Dp,
    token: String,
}

impl DpAs<'_> {
    /// Sends `method path` with a JSON body (or none) and this token.
    pub async fn send(&self, method: Method, path: &str, body: Option<&Value>) -> Answer {
        send(&self.dp.http, &self.dp.server.base_url, &self.token, method, path, body, &[]).await
    }

    /// Sends `method path` with this token, a JSON body (or none) and extra request headers.
    pub async fn send_with(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        headers: &[(&str, &str)],
    ) -> Answer {
        send(&self.dp.http, &self.dp.server.base_url, &self.token, method, path, body, headers).await
    }
}

async fn send(
    http: &Client,
    base: &str,
    token: &str,
    method: Method,
    path: &str,
    body: Option<&Value>,
    headers: &[(&str, &str)],
) -> Answer {
    let mut request = http.request(method, format!("{base}{path}")).bearer_auth(token);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    if let Some(body) = body {
        request = request.header("content-type", "application/json").body(body.to_string());
    }
    let response = request.send().await.expect("the server answers");
    let status = response.status().as_u16();
    let etag = response.headers().get("etag").and_then(|v| v.to_str().ok()).map(str::to_owned);
    let ignored = response.headers().get("x-ignored-properties").and_then(|v| v.to_str().ok()).map(str::to_owned);
    let text = response.text().await.expect("a body");
    Answer { status, etag, ignored, body: serde_json::from_str(&text).unwrap_or(Value::Null) }
}

/// A minimal valid create body.
pub fn dialog() -> Value {
    crate::sandbox::dialog("Tittel")
}

/// A minimal transmission with `id` (a fresh UUIDv7) and, if given, a related transmission.
pub fn transmission(id: Uuid, related: Option<Uuid>) -> Value {
    let mut t = json!({
        "id": id,
        "type": "Information",
        "sender": {"actorType": "ServiceOwner"},
        "content": {"title": {"value": [{"languageCode": "nb", "value": "Melding"}]}}
    });
    if let Some(related) = related {
        t["relatedTransmissionId"] = json!(related);
    }
    t
}

/// `count` transmissions, each related to the one before (upstream's `CreateLinkedTransmissions`).
pub fn linked_transmissions(count: usize) -> Vec<Value> {
    let ids: Vec<Uuid> = (0..count).map(|_| Uuid::now_v7()).collect();
    ids.iter().enumerate().map(|(i, id)| transmission(*id, i.checked_sub(1).map(|p| ids[p]))).collect()
}

/// A `TransmissionOpened` activity for `transmission`.
pub fn opened(transmission: Uuid) -> Value {
    json!({
        "type": "TransmissionOpened",
        "transmissionId": transmission,
        "performedBy": {"actorType": "PartyRepresentative", "actorId": "urn:altinn:person:identifier-no:08844397713"}
    })
}

/// A server that also takes `admin-token`, a token of Digdir's with the admin scope.
pub async fn with_admin() -> Dp {
    let mut grant = dialogporten_server::TokenGrant::service_owner(ADMIN_TOKEN, "digdir", "991825827");
    grant.scopes.push(dialogporten_server::auth::scopes::ADMIN.into());
    Dp::with(Config::dev().with_token(grant)).await
}

/// The token [`with_admin`]'s server takes with the admin scope.
pub const ADMIN_TOKEN: &str = "admin-token";

/// Now moved by `days`, as a JSON date-time with seconds.
pub fn days_from_now(days: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::days(days)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// An end user's access token, through the authorization code flow with PKCE (headless: the
/// development login takes the person's id).
pub async fn end_user_token(dp: &Dp, pid: &str) -> String {
    end_user_tokens(dp, pid).await["access_token"].as_str().expect("an access token").to_owned()
}

/// The development ID-porten's whole token answer for `pid` (access, ID and refresh token).
pub async fn end_user_tokens(dp: &Dp, pid: &str) -> Value {
    let http = dialogporten::transport::http_client_builder().redirect(Policy::none()).build().expect("a client");
    let verifier = format!("verifier-{}-{}", Uuid::new_v4(), Uuid::new_v4());
    let challenge = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
    let redirect = "http://127.0.0.1:49200/callback";
    let mut url = Url::parse(&format!("{}/idporten/authorize", dp.server.base_url)).expect("a URL");
    url.query_pairs_mut().extend_pairs([
        ("response_type", "code"),
        ("client_id", "dp-cli"),
        ("redirect_uri", redirect),
        ("scope", "openid digdir:dialogporten"),
        ("state", "s"),
        ("code_challenge", &challenge),
        ("code_challenge_method", "S256"),
        ("pid", pid),
    ]);
    let answer = http.get(url).send().await.expect("answered");
    let location = answer.headers()["location"].to_str().expect("a redirect").to_owned();
    let code = Url::parse(&location)
        .expect("a URL")
        .query_pairs()
        .find(|(k, _)| k == "code")
        .map(|(_, v)| v.into_owned())
        .expect("a code");
    let form = Url::parse_with_params(
        "http://x/",
        [
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", redirect),
            ("client_id", "dp-cli"),
            ("code_verifier", &verifier),
        ],
    )
    .expect("encoded");
    http.post(format!("{}/idporten/token", dp.server.base_url))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form.query().unwrap_or_default().to_owned())
        .send()
        .await
        .expect("answered")
        .json()
        .await
        .expect("JSON")
}
