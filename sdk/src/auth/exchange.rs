//! Exchanging a Maskinporten token for an Altinn platform token
//! (`GET {platform}/authentication/api/v1/exchange/maskinporten`), which
//! Altinn Events and other Altinn APIs require.

use std::fmt;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::cache::{CachedToken, TokenStore};
use super::{AccessToken, AuthError, BoxFuture, TokenProvider, jwt};
use crate::Environment;
use crate::transport::{RequestLog, Transport};

/// The expiry in a JWT's `exp`, if it has one.
fn jwt_expiry(token: &str) -> Option<DateTime<Utc>> {
    let (_, claims) = jwt::decode_unverified(token).ok()?;
    DateTime::from_timestamp(claims["exp"].as_i64()?, 0)
}

/// Exchanges `maskinporten` for an Altinn token at `url`, through `transport`
/// (which logs the request; the exchange is sent once).
pub async fn exchange_for_altinn(
    transport: &Transport,
    url: &str,
    maskinporten: &AccessToken,
) -> Result<AccessToken, AuthError> {
    let request = transport
        .http()
        .get(url)
        .bearer_auth(maskinporten.expose())
        .build()
        .map_err(|e| AuthError::Configuration(format!("{url} is not a usable token exchange URL: {e}")))?;
    let response = transport
        .send_once(request)
        .await
        .map_err(|e| AuthError::Transport(format!("{url}: {}", crate::transport::describe_failure(&e))))?;
    let status = response.status();
    let body = response.text().await.map_err(|e| AuthError::Transport(format!("{url}: {e}")))?;
    if status.as_u16() == 429 || status.is_server_error() {
        return Err(AuthError::Transport(format!("{url} answered HTTP {status}; try again later")));
    }
    if !status.is_success() {
        return Err(AuthError::Rejected(format!(
            "the Altinn token exchange refused the Maskinporten token (HTTP {status}): {}",
            body.trim()
        )));
    }
    // A bare token, or (with Accept: application/json) a JSON string.
    let token = serde_json::from_str::<String>(&body).unwrap_or_else(|_| body.trim().to_owned());
    let expires_at = jwt_expiry(&token);
    Ok(AccessToken::new(token, expires_at))
}

/// Altinn tokens exchanged from another provider's Maskinporten tokens, reused until shortly before they expire.
pub struct AltinnTokenProvider {
    inner: Arc<dyn TokenProvider>,
    url: String,
    transport: Transport,
    cache: CachedToken,
}

impl fmt::Debug for AltinnTokenProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AltinnTokenProvider")
            .field("inner", &self.inner)
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

impl AltinnTokenProvider {
    /// Exchanges `inner`'s tokens at `environment`'s Altinn platform.
    pub fn new(environment: &Environment, inner: Arc<dyn TokenProvider>) -> Self {
        Self {
            inner,
            url: environment.token_exchange_url(),
            transport: Transport::new(crate::client::default_http_client()),
            cache: CachedToken::new(),
        }
    }

    /// The same provider keeping exchanged tokens in `store` under `key`.
    pub fn with_store(mut self, store: Arc<dyn TokenStore>, key: impl Into<String>) -> Self {
        self.cache = CachedToken::new().with_store(store, key);
        self
    }

    /// The same provider using this HTTP client for the exchange (a timeout, a proxy).
    pub fn with_http_client(mut self, http: reqwest::Client) -> Self {
        self.transport = Transport::new(http).with_log(self.transport.log().cloned());
        self
    }

    /// The same provider telling `log` about its requests.
    pub fn with_request_log(mut self, log: Option<Arc<dyn RequestLog>>) -> Self {
        self.transport = self.transport.with_log(log);
        self
    }

    async fn current_or_exchange(&self) -> Result<AccessToken, AuthError> {
        self.cache
            .get_or_refresh(|| async {
                let maskinporten = self.inner.token().await?;
                exchange_for_altinn(&self.transport, &self.url, &maskinporten).await
            })
            .await
    }
}

impl TokenProvider for AltinnTokenProvider {
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, AuthError>> {
        Box::pin(self.current_or_exchange())
    }
}
