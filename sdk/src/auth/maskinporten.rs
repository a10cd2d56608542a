//! Maskinporten tokens: the JWT grant, the token request, caching, and what
//! Maskinporten's refusals mean.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use dialogporten::auth::{ClientKey, MaskinportenConfig, MaskinportenProvider};
//! use dialogporten::{Client, Environment};
//! let key = ClientKey::from_jwk(&std::fs::read_to_string("client.jwk")?)?;
//! let config = MaskinportenConfig::new(&Environment::Tt02, "my-client-id")
//!     .scopes(["digdir:dialogporten.serviceprovider", "digdir:dialogporten.serviceprovider.search"]);
//! let client = Client::builder(Environment::Tt02)
//!     .token_provider(MaskinportenProvider::new(config, key))
//!     .build()?;
//! # Ok(()) }
//! ```

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::cache::{CachedToken, TokenStore};
use super::key::{ClientKey, KeyError, KeyReference};
use super::{AccessToken, AuthError, BoxFuture, TokenProvider};
use crate::Environment;
use crate::transport::{RequestLog, Transport};

/// The longest a grant may live (`exp - iat`), as Maskinporten allows.
pub const MAX_GRANT_LIFETIME: Duration = Duration::from_secs(120);

/// A system user (systembruker) the token acts as.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SystemUser {
    /// The system user's organisation number (9 digits).
    pub org_number: String,
    /// The external reference given when the system user was requested, if any.
    pub external_ref: Option<String>,
}

/// What to ask Maskinporten for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MaskinportenConfig {
    /// The issuer, which is the grant's `aud` (`https://test.maskinporten.no/`).
    pub issuer: String,
    /// Where to POST the grant.
    pub token_endpoint: String,
    /// The client id (integration id), the grant's `iss`.
    pub client_id: String,
    /// Scopes, sent space-separated.
    pub scopes: Vec<String>,
    /// An audience restriction for the token (`resource`).
    pub resource: Option<String>,
    /// The customer a supplier acts for (`consumer_org`, 9 digits).
    pub consumer_org: Option<String>,
    /// A system user to act as (`authorization_details`).
    pub system_user: Option<SystemUser>,
    /// `exp - iat` of the grant; at most 120 s.
    pub grant_lifetime: Duration,
}

impl MaskinportenConfig {
    /// Maskinporten of `environment` (test for everything but prod; the server's own for a local URL).
    pub fn new(environment: &Environment, client_id: impl Into<String>) -> Self {
        let maskinporten = environment.maskinporten();
        Self {
            issuer: maskinporten.issuer,
            token_endpoint: maskinporten.token_endpoint,
            client_id: client_id.into(),
            scopes: Vec::new(),
            resource: None,
            consumer_org: None,
            system_user: None,
            grant_lifetime: Duration::from_secs(60),
        }
    }

    /// The same config with these scopes.
    pub fn scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.scopes = scopes.into_iter().map(Into::into).collect();
        self
    }

    /// What identifies the token this config gets: the same key means the same token may be reused.
    pub fn cache_key(&self) -> String {
        let mut scopes = self.scopes.clone();
        scopes.sort();
        let identity = json!({
            "token_endpoint": self.token_endpoint,
            "client_id": self.client_id,
            "scopes": scopes,
            "resource": self.resource,
            "consumer_org": self.consumer_org,
            "system_user": self.system_user.as_ref().map(|s| json!([s.org_number, s.external_ref])),
        });
        let digest = Sha256::digest(identity.to_string().as_bytes());
        digest.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// The grant's claims, exactly those Maskinporten documents.
    pub fn claims(&self, now: DateTime<Utc>, jti: Uuid) -> Value {
        let lifetime = self.grant_lifetime.min(MAX_GRANT_LIFETIME).as_secs();
        let iat = now.timestamp();
        let mut claims = json!({
            "aud": self.issuer,
            "iss": self.client_id,
            "iat": iat,
            "exp": iat + i64::try_from(lifetime).unwrap_or(120),
            "jti": jti.to_string(),
            "scope": self.scopes.join(" "),
        });
        if let Some(resource) = &self.resource {
            claims["resource"] = json!(resource);
        }
        if let Some(consumer) = &self.consumer_org {
            claims["consumer_org"] = json!(consumer);
        }
        if let Some(user) = &self.system_user {
            let mut details = json!({
                "type": "urn:altinn:systemuser",
                "systemuser_org": {"authority": "iso6523-actorid-upis", "ID": format!("0192:{}", user.org_number)},
            });
            if let Some(reference) = &user.external_ref {
                details["externalRef"] = json!(reference);
            }
            claims["authorization_details"] = json!([details]);
        }
        claims
    }
}

/// The signed grant for `config`, with a fresh `jti`.
pub fn grant(config: &MaskinportenConfig, key: &ClientKey, now: DateTime<Utc>) -> Result<String, KeyError> {
    let mut header = jsonwebtoken::Header::new(key.algorithm().into());
    // Maskinporten's own examples carry no `typ`; a grant is told apart by its claims.
    header.typ = None;
    match key.reference() {
        KeyReference::Kid(kid) => header.kid = Some(kid.clone()),
        KeyReference::X5c(chain) => header.x5c = Some(chain.clone()),
    }
    jsonwebtoken::encode(&header, &config.claims(now, Uuid::new_v4()), &key.private_key().encoding_key())
        .map_err(|e| KeyError::Signing(e.to_string()))
}

/// Maskinporten's refusal, decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MaskinportenError {
    /// The HTTP status.
    pub status: u16,
    /// The OAuth `error`.
    pub error: String,
    /// The `error_description` as sent.
    pub description: String,
    /// The `MP-nnn` code in it, if any.
    pub code: Option<String>,
    /// Whether the refusal came from a token endpoint other than Maskinporten's own
    /// (a `dp-server`), where clients are registered locally, not in self-service.
    pub local: bool,
}

impl MaskinportenError {
    fn from_response(status: u16, body: &str, endpoint: &str) -> Self {
        let value: Value = serde_json::from_str(body).unwrap_or(Value::Null);
        let error = value["error"].as_str().unwrap_or("unknown_error").to_owned();
        let description = value["error_description"].as_str().map_or_else(|| body.trim().to_owned(), str::to_owned);
        let code = description.find("MP-").map(|at| {
            description[at..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-').collect::<String>()
        });
        let local = !(endpoint.starts_with("https://maskinporten.no/")
            || endpoint.starts_with("https://test.maskinporten.no/"));
        Self { status, error, description, code, local }
    }

    /// What the refusal means and what to do about it.
    pub fn advice(&self) -> &'static str {
        let lower = self.description.to_ascii_lowercase();
        match self.code.as_deref() {
            Some("MP-012") => {
                "the grant was used before: each grant needs a fresh jti (dp makes one each time; is a proxy replaying requests?)"
            }
            Some("MP-110") => {
                "the grant's aud is wrong: it must be Maskinporten's issuer (https://test.maskinporten.no/ for test, https://maskinporten.no/ for prod), not the token URL"
            }
            Some("MP-120" | "MP-124") => {
                "the certificate is for the other environment: use a test certificate with test Maskinporten and a production certificate with prod"
            }
            Some("MP-121") => {
                "the key has expired (registered keys live at most a year): make a new one with `dp auth keygen` and register it"
            }
            Some("MP-123") => "x5c must be a JSON array of base64 DER certificates",
            Some("MP-200") if self.local => {
                "the client is not registered on this server for a requested scope: run `dp auth login` against it again (a dp-server --dev registers every scope dp asks for), or list the scope for the client in dp-server --config"
            }
            Some("MP-200") => {
                "the client is not registered for a requested scope: add the scope to the client in Maskinporten self-service"
            }
            Some("MP-250") => {
                "your organisation has not been granted a requested scope: ask the API owner (Digdir for Dialogporten) for access"
            }
            Some("MP-251") => {
                "no delegation for consumer_org: the customer must delegate the API to you in Altinn (delegations in prod do not apply in tt02)"
            }
            Some("MP-301" | "MP-302" | "MP-303") => {
                "the system user request was refused: check the system user's org number, externalRef, and that the system user is approved for this system"
            }
            _ if lower.contains("issue time") || lower.contains("iat") => {
                "the grant's iat is off: your clock is more than 10 s off Maskinporten's; sync it (NTP)"
            }
            _ if lower.contains("kid") || lower.contains("key") => {
                "the key is not one registered on the client: check the kid and that the public key is uploaded for this client and environment"
            }
            _ if lower.contains("signature") => {
                "the signature does not verify: the private key does not match the registered public key"
            }
            // A dp-server says why in its description and its log; Maskinporten's pages are not about it.
            _ if self.local => {
                "this is a local dp-server's Maskinporten: its description above says why; docs/server.md (\"What it cannot know\", Tokens) says what it checks; `dp auth login` against it registers a fresh key"
            }
            _ => "see Maskinporten's troubleshooting page (docs.digdir.no, Maskinporten feilsøking) for this code",
        }
    }
}

impl fmt::Display for MaskinportenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Maskinporten refused the grant (HTTP {}, {}): {}", self.status, self.error, self.description)?;
        write!(f, "\n  what to do: {}", self.advice())
    }
}

impl std::error::Error for MaskinportenError {}

/// A [`TokenProvider`] that gets tokens from Maskinporten and reuses them until shortly before they expire.
///
/// Concurrent callers share one request. With a [`TokenStore`], tokens also
/// outlive the process, so separate runs share them.
pub struct MaskinportenProvider {
    config: MaskinportenConfig,
    key: ClientKey,
    transport: Transport,
    cache: CachedToken,
}

impl fmt::Debug for MaskinportenProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MaskinportenProvider")
            .field("config", &self.config)
            .field("key", &self.key)
            .finish_non_exhaustive()
    }
}

impl MaskinportenProvider {
    /// A provider for `config`, signing with `key`.
    pub fn new(config: MaskinportenConfig, key: ClientKey) -> Self {
        let transport = Transport::new(crate::client::default_http_client());
        Self { config, key, transport, cache: CachedToken::new() }
    }

    /// The same provider keeping tokens in `store` between processes.
    pub fn with_store(mut self, store: Arc<dyn TokenStore>) -> Self {
        self.cache = CachedToken::new().with_store(store, self.config.cache_key());
        self
    }

    /// The same provider using this HTTP client for the token endpoint.
    pub fn with_http_client(mut self, http: reqwest::Client) -> Self {
        self.transport = Transport::new(http).with_log(self.transport.log().cloned());
        self
    }

    /// The same provider telling `log` about its token requests.
    pub fn with_request_log(mut self, log: Option<Arc<dyn RequestLog>>) -> Self {
        self.transport = self.transport.with_log(log);
        self
    }

    /// The configuration.
    pub fn config(&self) -> &MaskinportenConfig {
        &self.config
    }

    /// Asks Maskinporten for a new token, whatever is cached.
    pub async fn fetch(&self) -> Result<AccessToken, AuthError> {
        let endpoint = &self.config.token_endpoint;
        let assertion =
            grant(&self.config, &self.key, Utc::now()).map_err(|e| AuthError::Configuration(e.to_string()))?;
        let body: String = form_urlencoded::Serializer::new(String::new())
            .append_pair("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer")
            .append_pair("assertion", &assertion)
            .finish();
        let request = self
            .transport
            .http()
            .post(endpoint)
            .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(body)
            .build()
            .map_err(|e| AuthError::Configuration(format!("{endpoint} is not a usable token endpoint: {e}")))?;
        let response = self
            .transport
            .send_once(request)
            .await
            .map_err(|e| AuthError::Transport(format!("{endpoint}: {}", crate::transport::describe_failure(&e))))?;
        let status = response.status();
        let text = response.text().await.map_err(|e| AuthError::Transport(format!("{endpoint}: {e}")))?;
        // Busy or failing (429, 5xx) is not a verdict on the credentials: try again later.
        if status.as_u16() == 429 || status.is_server_error() {
            return Err(AuthError::Transport(format!("{endpoint} answered HTTP {status}; try again later")));
        }
        if !status.is_success() {
            return Err(AuthError::Maskinporten(MaskinportenError::from_response(status.as_u16(), &text, endpoint)));
        }
        let value: Value = serde_json::from_str(&text)
            .map_err(|e| AuthError::Rejected(format!("the token response is not JSON: {e}")))?;
        let token = value["access_token"]
            .as_str()
            .ok_or_else(|| AuthError::Rejected("the token response has no access_token".into()))?;
        let expires_at = value["expires_in"].as_i64().map(|s| Utc::now() + chrono::TimeDelta::seconds(s));
        Ok(AccessToken::new(token, expires_at))
    }

    async fn current_or_fetch(&self) -> Result<AccessToken, AuthError> {
        self.cache.get_or_refresh(|| self.fetch()).await
    }
}

impl TokenProvider for MaskinportenProvider {
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, AuthError>> {
        Box::pin(self.current_or_fetch())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> MaskinportenConfig {
        MaskinportenConfig::new(&Environment::Tt02, "client-1").scopes(["b", "a"])
    }

    #[test]
    fn claims_are_exactly_maskinportens() {
        let mut config = config();
        config.consumer_org = Some("991825827".into());
        config.system_user = Some(SystemUser { org_number: "310000001".into(), external_ref: Some("ref".into()) });
        config.resource = Some("https://dialogporten".into());
        config.grant_lifetime = Duration::from_secs(600);
        let now = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        let claims = config.claims(now, Uuid::nil());
        let mut keys: Vec<&str> = claims.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            ["aud", "authorization_details", "consumer_org", "exp", "iat", "iss", "jti", "resource", "scope"]
        );
        assert_eq!(claims["aud"], "https://test.maskinporten.no/");
        assert_eq!(claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(), 120, "capped at 120 s");
        assert_eq!(claims["scope"], "b a");
        assert_eq!(claims["authorization_details"][0]["systemuser_org"]["ID"], "0192:310000001");
        assert_eq!(claims["authorization_details"][0]["externalRef"], "ref");
    }

    #[test]
    fn cache_keys_change_with_what_changes_the_token() {
        let base = config();
        let mut same = config().scopes(["a", "b"]);
        same.grant_lifetime = Duration::from_secs(10);
        assert_eq!(base.cache_key(), same.cache_key(), "scope order and grant lifetime do not matter");
        let mut other = config();
        other.consumer_org = Some("991825827".into());
        assert_ne!(base.cache_key(), other.cache_key());
        let mut other = config();
        other.system_user = Some(SystemUser { org_number: "1".into(), external_ref: None });
        assert_ne!(base.cache_key(), other.cache_key());
    }

    #[test]
    fn refusals_are_decoded_with_advice() {
        let error = MaskinportenError::from_response(
            400,
            r#"{"error":"invalid_grant","error_description":"Invalid assertion. Client authentication failed. Invalid audience. (MP-110) Correlation id: x"}"#,
            "https://test.maskinporten.no/token",
        );
        assert_eq!(error.code.as_deref(), Some("MP-110"));
        assert!(error.to_string().contains("must be Maskinporten's issuer"));
        let skew = MaskinportenError::from_response(
            400,
            r#"{"error":"invalid_grant","error_description":"Issue time is after now"}"#,
            "https://maskinporten.no/token",
        );
        assert!(skew.advice().contains("clock"));
        let scope = r#"{"error":"invalid_scope","error_description":"Not allowed scope (MP-200)"}"#;
        let remote = MaskinportenError::from_response(400, scope, "https://test.maskinporten.no/token");
        assert!(remote.advice().contains("self-service"));
        let local = MaskinportenError::from_response(400, scope, "http://127.0.0.1:5280/token");
        assert!(local.advice().contains("dp auth login") && !local.advice().contains("self-service"));
        let unknown_local = MaskinportenError { code: Some("MP-999".into()), ..local.clone() };
        assert!(!unknown_local.advice().contains("troubleshooting"), "{}", unknown_local.advice());
        assert!(unknown_local.advice().contains("dp-server"), "{}", unknown_local.advice());
    }
}
