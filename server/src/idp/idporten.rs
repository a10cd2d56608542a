//! `--dev`: an ID-porten for end users in tests and the sandbox, at `/idporten/…`: the authorization
//! code flow with PKCE (S256) and `state` (reference: enduser-tokens-limits.md §3), redirecting only
//! to loopback (RFC 8252 §7.3), with a development login that takes the person's national identity
//! number instead of a password. Tokens carry ID-porten's claims (`pid`, `acr`, `scope`,
//! `client_id`) and are signed with the server's key (`/jwks`).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use base64::Engine;
use chrono::Utc;
use dialogporten_model::validate::is_national_identity_number;
use serde::Deserialize;
use serde_json::json;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::App;
use crate::idp::tokens::{self, Kind};

/// How long an authorization code may wait for its exchange.
const CODE_LIFETIME: Duration = Duration::from_secs(60);
/// How long an access token lives.
const TOKEN_SECONDS: i64 = 3600;
/// How long a refresh token lives.
const REFRESH_SECONDS: i64 = 24 * 3600;
/// The level a development login stands for.
const DEV_ACR: &str = "idporten-loa-substantial";

/// Codes handed out and not yet exchanged.
#[derive(Default)]
pub struct PendingCodes(Mutex<HashMap<String, Pending>>);

struct Pending {
    client_id: String,
    redirect_uri: String,
    challenge: String,
    pid: String,
    scope: String,
    nonce: Option<String>,
    issued: Instant,
}

/// The authorization request, as a native client sends it.
#[derive(Deserialize)]
pub struct Authorize {
    response_type: Option<String>,
    client_id: Option<String>,
    redirect_uri: Option<String>,
    scope: Option<String>,
    state: Option<String>,
    nonce: Option<String>,
    code_challenge: Option<String>,
    code_challenge_method: Option<String>,
    /// The development login: the person's national identity number.
    pid: Option<String>,
}

fn is_loopback_redirect(uri: &str) -> bool {
    reqwest::Url::parse(uri)
        .is_ok_and(|url| url.scheme() == "http" && matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]")))
}

fn refuse(status: StatusCode, error: &str, description: &str) -> Response {
    (status, Json(json!({"error": error, "error_description": description}))).into_response()
}

fn redirect(to: &str, pairs: &[(&str, &str)]) -> Response {
    let mut url = match reqwest::Url::parse(to) {
        Ok(url) => url,
        Err(_) => return refuse(StatusCode::BAD_REQUEST, "invalid_request", "redirect_uri is not a URL"),
    };
    url.query_pairs_mut().extend_pairs(pairs.iter().filter(|(_, v)| !v.is_empty()));
    let mut response = StatusCode::FOUND.into_response();
    if let Ok(location) = HeaderValue::from_str(url.as_str()) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    response
}

/// `GET /idporten/authorize`: with `pid`, a code back to the loopback redirect; without, the
/// development login form.
pub async fn authorize(State(app): State<App>, Query(request): Query<Authorize>) -> Response {
    if !app.config.dev {
        return refuse(StatusCode::NOT_FOUND, "not_found", "ID-porten is served only by a --dev server");
    }
    let Some(redirect_uri) = request.redirect_uri.clone().filter(|u| is_loopback_redirect(u)) else {
        return refuse(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "redirect_uri must be a loopback http URL (http://127.0.0.1:PORT/…), as for a native client",
        );
    };
    let state = request.state.clone().unwrap_or_default();
    let fail = |error: &str, description: &str| {
        redirect(&redirect_uri, &[("error", error), ("error_description", description), ("state", &state)])
    };
    let Some(client_id) = request.client_id.clone().filter(|c| !c.is_empty()) else {
        return fail("invalid_request", "client_id is missing");
    };
    if request.response_type.as_deref() != Some("code") {
        return fail("unsupported_response_type", "response_type must be code");
    }
    if request.code_challenge_method.as_deref() != Some("S256") {
        return fail("invalid_request", "PKCE is required: code_challenge_method=S256");
    }
    let Some(challenge) = request.code_challenge.clone().filter(|c| (43..=128).contains(&c.len())) else {
        return fail("invalid_request", "code_challenge must be the base64url SHA-256 of the code_verifier");
    };
    let Some(pid) = request.pid.clone() else {
        return login_form(&request);
    };
    if !is_national_identity_number(&pid) {
        return fail("access_denied", "the development login needs a valid national identity number (11 digits)");
    }
    let code = Uuid::new_v4().simple().to_string();
    let pending = Pending {
        client_id,
        redirect_uri: redirect_uri.clone(),
        challenge,
        pid,
        scope: request.scope.clone().unwrap_or_else(|| "openid digdir:dialogporten".into()),
        nonce: request.nonce.clone(),
        issued: Instant::now(),
    };
    if let Ok(mut codes) = app.idporten_codes.0.lock() {
        codes.retain(|_, p| p.issued.elapsed() < CODE_LIFETIME);
        codes.insert(code.clone(), pending);
    }
    redirect(&redirect_uri, &[("code", &code), ("state", &state)])
}

/// The development login: one field, the person's national identity number.
fn login_form(request: &Authorize) -> Response {
    let hidden: String = [
        ("response_type", &request.response_type),
        ("client_id", &request.client_id),
        ("redirect_uri", &request.redirect_uri),
        ("scope", &request.scope),
        ("state", &request.state),
        ("nonce", &request.nonce),
        ("code_challenge", &request.code_challenge),
        ("code_challenge_method", &request.code_challenge_method),
    ]
    .iter()
    .filter_map(|(name, value)| value.as_ref().map(|v| (name, v)))
    .map(|(name, value)| format!("<input type=\"hidden\" name=\"{name}\" value=\"{}\">", html_escape(value)))
    .collect();
    Html(format!(
        "<!doctype html><title>dp-server: development login</title><h1>Development login</h1>\
         <p>dp-server --dev stands in for ID-porten. Log in as a person by their national identity number.</p>\
         <form method=\"get\" action=\"/idporten/authorize\">{hidden}\
         <label>National identity number <input name=\"pid\" inputmode=\"numeric\" autofocus></label>\
         <button>Log in</button></form>"
    ))
    .into_response()
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The token request of the authorization code grant (an `application/x-www-form-urlencoded` body).
struct TokenRequest {
    grant_type: Option<String>,
    code: Option<String>,
    redirect_uri: Option<String>,
    client_id: Option<String>,
    code_verifier: Option<String>,
    refresh_token: Option<String>,
}

impl TokenRequest {
    fn parse(body: &[u8]) -> Self {
        let fields: HashMap<String, String> = form_urlencoded::parse(body).into_owned().collect();
        let field = |name: &str| fields.get(name).cloned();
        Self {
            grant_type: field("grant_type"),
            code: field("code"),
            redirect_uri: field("redirect_uri"),
            client_id: field("client_id"),
            code_verifier: field("code_verifier"),
            refresh_token: field("refresh_token"),
        }
    }
}

/// `POST /idporten/token`: the code for tokens, when the verifier matches the challenge.
pub async fn token(State(app): State<App>, body: Bytes) -> Response {
    let request = TokenRequest::parse(&body);
    if !app.config.dev {
        return refuse(StatusCode::NOT_FOUND, "not_found", "ID-porten is served only by a --dev server");
    }
    match request.grant_type.as_deref() {
        Some("authorization_code") => {}
        Some("refresh_token") => return refresh(&app, &request),
        _ => {
            return refuse(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                "grant_type must be authorization_code or refresh_token",
            );
        }
    }
    let pending = request
        .code
        .as_deref()
        .and_then(|code| app.idporten_codes.0.lock().ok().and_then(|mut codes| codes.remove(code)));
    let invalid = |why: &str| refuse(StatusCode::BAD_REQUEST, "invalid_grant", why);
    let Some(pending) = pending.filter(|p| p.issued.elapsed() < CODE_LIFETIME) else {
        return invalid("the code is unknown, used already or expired");
    };
    if request.client_id.as_deref() != Some(pending.client_id.as_str()) {
        return invalid("the code was issued to another client_id");
    }
    if request.redirect_uri.as_deref() != Some(pending.redirect_uri.as_str()) {
        return invalid("redirect_uri differs from the authorization request's");
    }
    let verifier = request.code_verifier.unwrap_or_default();
    let computed = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
    if verifier.len() < 43 || computed != pending.challenge {
        return invalid("the code_verifier does not match the code_challenge (PKCE)");
    }
    issue(&app, &Login { pid: pending.pid, client_id: pending.client_id, scope: pending.scope, nonce: pending.nonce })
}

/// Who logged in, for which client: what every token issued from that login says.
struct Login {
    pid: String,
    client_id: String,
    scope: String,
    nonce: Option<String>,
}

/// Access, ID and refresh tokens for `login`. The refresh token is signed like the others (so it
/// outlives a restart of the sandbox) and names its use; each refresh returns a new one.
fn issue(app: &App, login: &Login) -> Response {
    let issuer = Kind::IdPorten.issuer(&app.public_url);
    let now = Utc::now().timestamp();
    let access = json!({
        "iss": issuer, "sub": login.pid, "pid": login.pid, "acr": DEV_ACR,
        "scope": login.scope, "client_id": login.client_id,
        "iat": now, "exp": now + TOKEN_SECONDS, "jti": Uuid::new_v4(),
    });
    let mut id_claims = json!({
        "iss": issuer, "sub": login.pid, "pid": login.pid, "acr": DEV_ACR, "aud": login.client_id,
        "iat": now, "exp": now + TOKEN_SECONDS,
    });
    if let Some(nonce) = &login.nonce {
        id_claims["nonce"] = json!(nonce);
    }
    let refresh = json!({
        "iss": issuer, "sub": login.pid, "client_id": login.client_id, "scope": login.scope,
        "token_use": "refresh", "iat": now, "exp": now + REFRESH_SECONDS, "jti": Uuid::new_v4(),
    });
    let (access_token, id_token, refresh_token) = (
        app.issuer.sign(tokens::ACCESS_TOKEN, &access),
        app.issuer.sign(tokens::PLAIN_JWT, &id_claims),
        app.issuer.sign(tokens::PLAIN_JWT, &refresh),
    );
    let (Ok(access_token), Ok(id_token), Ok(refresh_token)) = (access_token, id_token, refresh_token) else {
        return refuse(StatusCode::INTERNAL_SERVER_ERROR, "server_error", "the token could not be signed");
    };
    let body = json!({
        "access_token": access_token,
        "id_token": id_token,
        "refresh_token": refresh_token,
        "token_type": "Bearer",
        "expires_in": TOKEN_SECONDS,
        "scope": login.scope,
    });
    let mut response = Json(body).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// `grant_type=refresh_token`: new tokens for a refresh token this server issued to the same client.
fn refresh(app: &App, request: &TokenRequest) -> Response {
    let invalid = |why: &str| refuse(StatusCode::BAD_REQUEST, "invalid_grant", why);
    let Some(claims) = request
        .refresh_token
        .as_deref()
        .and_then(|t| tokens::verify_signed(app, t, Kind::IdPorten, tokens::PLAIN_JWT).ok())
    else {
        return invalid("the refresh token is unknown or expired");
    };
    if claims["token_use"] != "refresh" {
        return invalid("not a refresh token");
    }
    if request.client_id.as_deref() != claims["client_id"].as_str() {
        return invalid("the refresh token was issued to another client_id");
    }
    let text = |key: &str| claims[key].as_str().unwrap_or_default().to_owned();
    issue(app, &Login { pid: text("sub"), client_id: text("client_id"), scope: text("scope"), nonce: None })
}

/// `GET /idporten/.well-known/openid-configuration`: where a client finds the endpoints (`--dev`).
pub async fn configuration(State(app): State<App>) -> Response {
    if !app.config.dev {
        return refuse(StatusCode::NOT_FOUND, "not_found", "ID-porten is served only by a --dev server");
    }
    let base = format!("{}/idporten", app.public_url);
    Json(json!({
        "issuer": format!("{base}/"),
        "authorization_endpoint": format!("{base}/authorize"),
        "token_endpoint": format!("{base}/token"),
        "jwks_uri": format!("{base}/jwks.json"),
        "response_types_supported": ["code"],
        "grant_types_supported": ["authorization_code", "refresh_token"],
        "code_challenge_methods_supported": ["S256"],
        "token_endpoint_auth_methods_supported": ["none"],
        "scopes_supported": ["openid", "digdir:dialogporten", "digdir:dialogporten.noconsent"],
        "acr_values_supported": [DEV_ACR],
    }))
    .into_response()
}
