//! A Maskinporten-compatible token endpoint, and checking the tokens it issues.
//!
//! `POST /token` takes a JWT grant and checks it the way Maskinporten does
//! (algorithm, a registered `kid` or an `x5c` certificate of the client's
//! organisation, `aud`, `iat` within 10 s, `exp - iat` at most 120 s, a `jti`
//! used once, no unknown claims, scopes, delegations, system users). Refusals
//! use Maskinporten's JSON form. Tokens are RS256 JWTs signed with the
//! server's own key, published at `/jwks`.

use std::sync::OnceLock;

use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use chrono::Utc;
use dialogporten::auth::rsa::{RsaPrivateKey, RsaPublicKey};
use dialogporten::auth::{self, jwt};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::App;
use crate::config::MaskinportenClient;
use crate::domain_error::DomainError;
use crate::idp::tokens::{self, Kind};
use crate::store::{Store, idp};

/// The key the server signs tokens with.
pub struct Issuer {
    key: RsaPrivateKey,
    kid: String,
}

impl Issuer {
    /// The kept key of a file database, or one key per process for in-memory ones
    /// (generating RSA keys takes a while, and tests start many servers).
    pub fn load(store: &Store) -> Result<Self, DomainError> {
        static PROCESS_KEY: OnceLock<RsaPrivateKey> = OnceLock::new();
        let generate = || RsaPrivateKey::generate(2048);
        if !store.is_persistent() {
            let key = match PROCESS_KEY.get() {
                Some(key) => key.clone(),
                None => {
                    let key = generate().map_err(|e| DomainError::internal(format!("key generation: {e}")))?;
                    PROCESS_KEY.get_or_init(|| key).clone()
                }
            };
            return Ok(Self::from_key(key));
        }
        store.write(|tx| {
            let key = match idp::signing_key(tx)? {
                Some(pem) => {
                    RsaPrivateKey::from_pem(&pem).map_err(|e| DomainError::internal(format!("kept key: {e}")))?
                }
                None => {
                    let key = generate().map_err(|e| DomainError::internal(format!("key generation: {e}")))?;
                    let pem = key.to_pkcs8_pem().map_err(|e| DomainError::internal(e.to_string()))?;
                    let issuer = Self::from_key(key.clone());
                    idp::keep_signing_key(tx, &issuer.kid, &pem)?;
                    key
                }
            };
            Ok(Self::from_key(key))
        })
    }

    fn from_key(key: RsaPrivateKey) -> Self {
        let kid = key.public_key().thumbprint();
        Self { key, kid }
    }

    pub(crate) fn public(&self) -> &RsaPublicKey {
        self.key.public_key()
    }

    /// The key's id, in every token's header.
    pub(crate) fn kid(&self) -> &str {
        &self.kid
    }

    /// `claims` as an RS256 JWT of type `typ` ([`tokens::ACCESS_TOKEN`] or [`tokens::PLAIN_JWT`])
    /// signed with this key (published at `/jwks`).
    pub(crate) fn sign(&self, typ: &str, claims: &Value) -> Result<String, DomainError> {
        let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256);
        header.typ = Some(typ.to_owned());
        header.kid = Some(self.kid.clone());
        jsonwebtoken::encode(&header, claims, &self.key.encoding_key())
            .map_err(|e| DomainError::internal(format!("signing a token: {e}")))
    }
}

/// `GET /.well-known/oauth-authorization-server`: the issuer is the configured public URL's,
/// whatever `Host` a request names.
pub async fn well_known(State(app): State<App>) -> Json<Value> {
    let issuer = Kind::Maskinporten.issuer(&app.public_url);
    Json(json!({
        "issuer": issuer,
        "token_endpoint": format!("{issuer}token"),
        "jwks_uri": format!("{issuer}jwks"),
        "token_endpoint_auth_methods_supported": ["private_key_jwt"],
        "grant_types_supported": ["urn:ietf:params:oauth:grant-type:jwt-bearer"],
        "token_endpoint_auth_signing_alg_values_supported": ["RS256", "RS384", "RS512"],
        "authorization_details_types_supported": ["urn:altinn:systemuser"],
    }))
}

/// `GET /jwks`: the key tokens are signed with.
pub async fn jwks(State(app): State<App>) -> Json<Value> {
    let mut jwk = app.issuer.public().to_jwk(jwt::Algorithm::RS256);
    jwk["kid"] = json!(app.issuer.kid);
    Json(json!({"keys": [jwk]}))
}

/// A refusal in Maskinporten's form.
struct Refusal {
    status: StatusCode,
    error: &'static str,
    description: String,
}

impl Refusal {
    fn server(error: impl std::fmt::Display) -> Self {
        Self { status: StatusCode::INTERNAL_SERVER_ERROR, error: "server_error", description: error.to_string() }
    }

    fn grant(description: impl Into<String>) -> Self {
        Self { status: StatusCode::BAD_REQUEST, error: "invalid_grant", description: description.into() }
    }

    fn request(description: impl Into<String>) -> Self {
        Self { status: StatusCode::BAD_REQUEST, error: "invalid_request", description: description.into() }
    }

    fn client(description: impl Into<String>) -> Self {
        Self { status: StatusCode::UNAUTHORIZED, error: "invalid_client", description: description.into() }
    }

    fn scope(description: impl Into<String>) -> Self {
        Self { status: StatusCode::BAD_REQUEST, error: "invalid_scope", description: description.into() }
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let correlation = Uuid::new_v4();
        let body = json!({"error": self.error, "error_description": format!("{} Correlation id: {correlation}", self.description)});
        (self.status, Json(body)).into_response()
    }
}

const GRANT_CLAIMS: [&str; 9] =
    ["aud", "iss", "iat", "exp", "jti", "scope", "resource", "consumer_org", "authorization_details"];

/// `POST /token`
pub async fn token(State(app): State<App>, body: String) -> Response {
    app.token_requests.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let form: Vec<(String, String)> = form_urlencoded::parse(body.as_bytes()).into_owned().collect();
    let field = |name: &str| form.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    if field("grant_type").as_deref() != Some("urn:ietf:params:oauth:grant-type:jwt-bearer") {
        let refusal = Refusal {
            status: StatusCode::BAD_REQUEST,
            error: "unsupported_grant_type",
            description: "grant_type must be urn:ietf:params:oauth:grant-type:jwt-bearer.".into(),
        };
        return refusal.into_response();
    }
    let Some(assertion) = field("assertion") else {
        return Refusal::request("Missing assertion.").into_response();
    };
    let issuer = Kind::Maskinporten.issuer(&app.public_url);
    let app2 = app.clone();
    let result = tokio::task::spawn_blocking(move || check_and_issue(&app2, &issuer, &assertion)).await;
    match result {
        Ok(Ok(body)) => (StatusCode::OK, Json(body)).into_response(),
        Ok(Err(refusal)) => refusal.into_response(),
        Err(e) => Refusal::server(e).into_response(),
    }
}

/// A client of the configuration, or (on a `--dev` server only) one registered through
/// `/development/clients`; the flag says which.
fn registered_client(app: &App, client_id: &str) -> Result<Option<(MaskinportenClient, bool)>, DomainError> {
    if let Some(client) = app.config.clients.iter().find(|c| c.client_id == client_id) {
        return Ok(Some((client.clone(), false)));
    }
    let doc = app.store.read(|tx| idp::registered_client(tx, client_id))?;
    let Some(doc) = doc else { return Ok(None) };
    if !app.config.dev {
        eprintln!(
            "dp-server: refused a grant of client {client_id:?}: it was registered by a --dev server, and this one runs without --dev"
        );
        return Ok(None);
    }
    let client = serde_json::from_str(&doc).map_err(|e| DomainError::internal(format!("registered client: {e}")))?;
    Ok(Some((client, true)))
}

fn check_and_issue(app: &App, issuer: &str, assertion: &str) -> Result<Value, Refusal> {
    let (header, claims) =
        jwt::decode_unverified(assertion).map_err(|e| Refusal::request(format!("Invalid assertion: {e}.")))?;
    let alg = header["alg"].as_str().unwrap_or_default();
    if jwt::Algorithm::parse(alg).is_none() {
        return Err(Refusal::grant(format!(
            "Invalid assertion. Unsupported algorithm {alg:?}: use RS256, RS384 or RS512."
        )));
    }
    let client_id = claims["iss"].as_str().unwrap_or_default();
    let (client, development) = registered_client(app, client_id)
        .map_err(|e| Refusal::grant(e.to_string()))?
        .ok_or_else(|| Refusal::client(format!("Invalid client: no client with id {client_id:?} is registered.")))?;

    let (public, client_amr) = match (header.get("kid"), header.get("x5c")) {
        (Some(_), Some(_)) => return Err(Refusal::grant("Invalid assertion. Give either kid or x5c, not both.")),
        (Some(kid), None) => {
            let kid = kid.as_str().unwrap_or_default();
            let jwk = client
                .keys
                .iter()
                .find(|k| k["kid"].as_str() == Some(kid))
                .ok_or_else(|| Refusal::grant(format!("Invalid assertion. Client authentication failed: no key with kid {kid:?} is registered on the client.")))?;
            let public = auth::public_key_from_jwk(jwk).map_err(|e| Refusal::grant(e.to_string()))?;
            (public, "private_key_jwt")
        }
        (None, Some(x5c)) => {
            let Some(chain) = x5c.as_array() else {
                return Err(Refusal::grant("Invalid assertion. x5c must be a JSON array of certificates (MP-123)."));
            };
            let der = chain
                .first()
                .and_then(Value::as_str)
                .and_then(|c| STANDARD.decode(c).ok())
                .ok_or_else(|| Refusal::grant("Invalid assertion. x5c holds no readable certificate."))?;
            let org = auth::certificate_org_number(&der);
            if org.as_deref() != Some(client.org_number.as_str()) {
                return Err(Refusal::grant(format!(
                    "Invalid assertion. The certificate belongs to {}, not to the client's organisation {}.",
                    org.unwrap_or_else(|| "no organisation".into()),
                    client.org_number
                )));
            }
            let public = auth::certificate_public_key(&der)
                .ok_or_else(|| Refusal::grant("Invalid assertion. The certificate has no RSA key."))?;
            (public, "virksomhetssertifikat")
        }
        (None, None) => return Err(Refusal::grant("Invalid assertion. The header needs kid or x5c.")),
    };
    jwt::verify(assertion, &public).map_err(|_| {
        Refusal::grant("Invalid assertion. Client authentication failed: the signature does not verify.")
    })?;

    if let Some(unknown) = claims.as_object().and_then(|m| m.keys().find(|k| !GRANT_CLAIMS.contains(&k.as_str()))) {
        return Err(Refusal::request(format!("Invalid assertion. Unknown claim {unknown:?}.")));
    }
    if claims["aud"].as_str() != Some(issuer) {
        return Err(Refusal::grant(format!("Invalid assertion. Invalid audience: aud must be {issuer:?} (MP-110).")));
    }
    let now = Utc::now().timestamp();
    let (Some(iat), Some(exp)) = (claims["iat"].as_i64(), claims["exp"].as_i64()) else {
        return Err(Refusal::grant("Invalid assertion. iat and exp are required."));
    };
    if iat > now + 10 {
        return Err(Refusal::grant("Invalid assertion. Issue time is after now: check the clock."));
    }
    if iat < now - 10 {
        return Err(Refusal::grant(
            "Invalid assertion. Issue time is too old: the grant must be made just before it is sent; check the clock.",
        ));
    }
    if exp - iat > 120 {
        return Err(Refusal::grant("Invalid assertion. exp - iat is more than 120 seconds."));
    }
    if exp <= now {
        return Err(Refusal::grant("Invalid assertion. The grant has expired."));
    }
    // Maskinporten calls jti "recommended" but refuses a grant it has seen (MP-012); without one a
    // grant could be replayed for its whole lifetime, so this stand-in requires it.
    let Some(jti) = claims["jti"].as_str().filter(|j| !j.is_empty()) else {
        return Err(Refusal::grant("Invalid assertion. jti is required: a grant is used once (MP-012)."));
    };
    let fresh =
        app.store.write(|tx| idp::use_jti(tx, jti, exp, now - 300)).map_err(|e| Refusal::grant(e.to_string()))?;
    if !fresh {
        return Err(Refusal::grant("Invalid assertion. Grant is used before (MP-012)."));
    }
    let scopes: Vec<&str> = claims["scope"].as_str().unwrap_or_default().split_whitespace().collect();
    if scopes.is_empty() {
        return Err(Refusal::scope("Invalid scope: at least one scope is needed."));
    }
    if let Some(missing) = scopes.iter().find(|s| !client.scopes.iter().any(|c| c == *s)) {
        return Err(Refusal::scope(format!(
            "Invalid scope {missing:?}: the client is not registered for it (MP-200)."
        )));
    }
    let mut consumer = client.org_number.clone();
    let mut token = json!({});
    if let Some(customer) = claims.get("consumer_org") {
        let customer = customer.as_str().unwrap_or_default();
        if customer == client.org_number {
            return Err(Refusal::grant("Invalid assertion. consumer_org is the client's own organisation."));
        }
        if !client.delegations.iter().any(|d| d == customer) {
            return Err(Refusal::grant(format!(
                "Invalid assertion. {customer} has not delegated the scopes to this client (MP-251)."
            )));
        }
        token["supplier"] = json!({"authority": "iso6523-actorid-upis", "ID": format!("0192:{}", client.org_number)});
        consumer = customer.to_owned();
    }
    if let Some(details) = claims.get("authorization_details") {
        let detail = details.as_array().and_then(|d| d.first()).cloned().unwrap_or(Value::Null);
        if detail["type"] != "urn:altinn:systemuser" {
            return Err(Refusal::grant(
                "Invalid assertion. authorization_details must be one urn:altinn:systemuser entry (MP-301).",
            ));
        }
        let org = detail["systemuser_org"]["ID"].as_str().unwrap_or_default().trim_start_matches("0192:").to_owned();
        let reference = detail["externalRef"].as_str();
        let registered =
            client.system_users.iter().find(|u| u.org_number == org && u.external_ref.as_deref() == reference);
        let Some(registered) = registered else {
            return Err(Refusal::grant(format!(
                "Invalid assertion. No system user for organisation {org} is registered on this client (MP-301)."
            )));
        };
        token["authorization_details"] = json!([{
            "type": "urn:altinn:systemuser",
            "systemuser_id": [system_user_id(client_id, &registered.org_number)],
            "systemuser_org": {"authority": "iso6523-actorid-upis", "ID": format!("0192:{org}")},
            "system_id": client_id,
        }]);
    }
    let lifetime = i64::try_from(app.config.token_lifetime.as_secs()).unwrap_or(120);
    token["iss"] = json!(issuer);
    token["client_id"] = json!(client_id);
    token["client_amr"] = json!(client_amr);
    token["consumer"] = json!({"authority": "iso6523-actorid-upis", "ID": format!("0192:{consumer}")});
    token["scope"] = json!(scopes.join(" "));
    token["iat"] = json!(now);
    token["exp"] = json!(now + lifetime);
    token["jti"] = json!(Uuid::new_v4().to_string());
    if let Some(resource) = claims["resource"].as_str() {
        token["aud"] = json!(resource);
    }
    if development {
        token[tokens::DEVELOPMENT_CLAIM] = json!(true);
    }
    let signed = app.issuer.sign(tokens::ACCESS_TOKEN, &token).map_err(Refusal::server)?;
    Ok(json!({"access_token": signed, "token_type": "Bearer", "expires_in": lifetime, "scope": scopes.join(" ")}))
}

/// A stable id for a system user registration.
fn system_user_id(client_id: &str, org_number: &str) -> Uuid {
    stable_uuid(&format!("{client_id}/{org_number}"))
}

/// A UUID that is the same for the same `seed`, where the real service has a registry's id.
pub(crate) fn stable_uuid(seed: &str) -> Uuid {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(seed.as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_random_bytes(bytes).into_uuid()
}

/// What a valid token of ours says about its holder.
pub struct TokenHolder {
    /// The organisation number in `consumer`.
    pub org_number: String,
    /// Granted scopes.
    pub scopes: Vec<String>,
    /// Issued to a client a `--dev` server registered.
    pub development: bool,
}

/// A Maskinporten access token this server issued ([`tokens::verify`]).
pub fn holder(app: &App, token: &str) -> Option<TokenHolder> {
    let claims = tokens::verify(app, token, Kind::Maskinporten).ok()?;
    let org_number = claims["consumer"]["ID"].as_str()?.trim_start_matches("0192:").to_owned();
    let scopes = claims["scope"].as_str().unwrap_or_default().split_whitespace().map(str::to_owned).collect();
    Some(TokenHolder { org_number, scopes, development: claims[tokens::DEVELOPMENT_CLAIM] == true })
}

/// An Altinn token this server issued by exchange ([`tokens::verify`]).
pub fn altinn_holder(app: &App, token: &str) -> Option<AltinnHolder> {
    let claims = tokens::verify(app, token, Kind::Altinn).ok()?;
    Some(AltinnHolder {
        org_number: claims["orgNumber"].as_str()?.to_owned(),
        org: claims["org"].as_str().map(str::to_owned),
        scopes: claims["scope"].as_str().unwrap_or_default().split_whitespace().map(str::to_owned).collect(),
    })
}

/// An ID-porten access token this server's development ID-porten issued ([`tokens::verify`]),
/// with a `pid`.
pub fn person(app: &App, token: &str) -> Option<Person> {
    let claims = tokens::verify(app, token, Kind::IdPorten).ok()?;
    let pid = claims["pid"].as_str().filter(|p| p.len() == 11 && p.bytes().all(|b| b.is_ascii_digit()))?;
    let level = if claims["acr"].as_str() == Some("idporten-loa-high") { 4 } else { 3 };
    Some(Person {
        pid: pid.to_owned(),
        level,
        scopes: claims["scope"].as_str().unwrap_or_default().split_whitespace().map(str::to_owned).collect(),
    })
}

/// What an ID-porten token says about the person holding it.
pub struct Person {
    /// The national identity number.
    pub pid: String,
    /// 3 (substantial) or 4 (high).
    pub level: u8,
    /// Granted scopes.
    pub scopes: Vec<String>,
}

/// What an exchanged Altinn token says about its holder.
pub struct AltinnHolder {
    /// `orgNumber`.
    pub org_number: String,
    /// `org`, for service owners.
    pub org: Option<String>,
    /// Granted scopes.
    pub scopes: Vec<String>,
}

/// `POST /development/clients` (dev mode, loopback callers only): registers a client so
/// `dp auth login --env local` works with no setup.
pub async fn register_client(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<std::net::SocketAddr>,
    Json(client): Json<MaskinportenClient>,
) -> Result<StatusCode, DomainError> {
    if !app.config.dev || !peer.ip().is_loopback() {
        return Err(DomainError::forbidden("Client registration is only open to loopback callers of a --dev server."));
    }
    if client.keys.iter().any(|k| auth::public_key_from_jwk(k).is_err() || k["kid"].as_str().is_none()) {
        return Err(DomainError::bad_request("keys", "Each key must be a public RSA JWK with a kid."));
    }
    let doc = serde_json::to_string(&client).map_err(|e| DomainError::internal(e.to_string()))?;
    app.run_write(move |tx| idp::register_client(tx, &client.client_id, &doc)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// How long exchanged Altinn tokens live, as Altinn's default.
const ALTINN_TOKEN_MINUTES: i64 = 30;

/// `GET /authentication/api/v1/exchange/maskinporten`: an Altinn token for a Maskinporten token of ours.
pub async fn exchange(State(app): State<App>, headers: HeaderMap) -> Response {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim().to_owned());
    let Some(holder) = bearer.as_deref().and_then(|t| holder(&app, t)) else {
        return (StatusCode::UNAUTHORIZED, "The Maskinporten token is missing, invalid or expired.").into_response();
    };
    let now = Utc::now().timestamp();
    let org = app.config.service_owners.iter().find(|o| o.org_number == holder.org_number).map(|o| o.org.clone());
    let mut claims = json!({
        "iss": Kind::Altinn.issuer(&app.public_url),
        "orgNumber": holder.org_number,
        "scope": holder.scopes.join(" "),
        "authenticatemethod": "maskinporten",
        "urn:altinn:authlevel": 3,
        "iat": now,
        "exp": now + ALTINN_TOKEN_MINUTES * 60,
        "jti": Uuid::new_v4().to_string(),
    });
    if let Some(org) = org.filter(|_| holder.scopes.iter().any(|s| s.starts_with("altinn:serviceowner"))) {
        claims["org"] = json!(org);
    }
    if holder.development {
        claims[tokens::DEVELOPMENT_CLAIM] = json!(true);
    }
    let token = match app.issuer.sign(tokens::ACCESS_TOKEN, &claims) {
        Ok(token) => token,
        Err(e) => return Refusal::server(e).into_response(),
    };
    let wants_json =
        headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("application/json"));
    if wants_json { Json(Value::String(token)).into_response() } else { token.into_response() }
}
