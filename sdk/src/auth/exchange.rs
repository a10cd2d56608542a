//! Exchanging a Maskinporten token for an Altinn platform token
//! (`GET {platform}/authentication/api/v1/exchange/maskinporten`), which
//! Altinn Events and other Altinn APIs require.

use std::fmt;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use tokio::sync::Mutex;

use super::cache::TokenStore;
use super::{AccessToken, AuthError, BoxFuture, TokenProvider, jwt};
use crate::Environment;

/// The expiry in a JWT's `exp`, if it has one.
fn jwt_expiry(token: &str) -> Option<DateTime<Utc>> {
    let (_, claims) = jwt::decode_unverified(token).ok()?;
    DateTime::from_timestamp(claims["exp"].as_i64()?, 0)
}

/// Exchanges `maskinporten` for an Altinn token at `url`.
pub async fn exchange_for_altinn(
    http: &reqwest::Client,
    url: &str,
    maskinporten: &AccessToken,
) -> Result<AccessToken, AuthError> {
    let response = http
        .get(url)
        .bearer_auth(maskinporten.expose())
        .send()
        .await
        .map_err(|e| AuthError::Transport(format!("{url}: {e}")))?;
    let status = response.status();
    let body = response.text().await.map_err(|e| AuthError::Transport(e.to_string()))?;
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
    http: reqwest::Client,
    current: Mutex<Option<AccessToken>>,
    store: Option<(Arc<dyn TokenStore>, String)>,
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
        crate::client::install_crypto_provider();
        Self {
            inner,
            url: environment.token_exchange_url(),
            http: reqwest::Client::builder().user_agent(crate::USER_AGENT).build().unwrap_or_default(),
            current: Mutex::new(None),
            store: None,
        }
    }

    /// The same provider keeping exchanged tokens in `store` under `key`.
    pub fn with_store(mut self, store: Arc<dyn TokenStore>, key: impl Into<String>) -> Self {
        self.store = Some((store, key.into()));
        self
    }

    async fn current_or_exchange(&self) -> Result<AccessToken, AuthError> {
        let mut current = self.current.lock().await;
        let now = Utc::now();
        let fresh = |t: &AccessToken| t.expires_at().is_none_or(|at| at - chrono::TimeDelta::seconds(20) > now);
        if let Some(token) = current.as_ref().filter(|t| fresh(t)) {
            return Ok(token.clone());
        }
        if let Some((store, key)) = &self.store
            && let Some(token) = store.load(key).filter(|t| fresh(t))
        {
            *current = Some(token.clone());
            return Ok(token);
        }
        let maskinporten = self.inner.token().await?;
        let token = exchange_for_altinn(&self.http, &self.url, &maskinporten).await?;
        if let Some((store, key)) = &self.store {
            store.save(key, &token);
        }
        *current = Some(token.clone());
        Ok(token)
    }
}

impl TokenProvider for AltinnTokenProvider {
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, AuthError>> {
        Box::pin(self.current_or_exchange())
    }
}
