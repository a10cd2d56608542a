//! Bearer tokens for every request.
//!
//! A [`TokenProvider`] is asked for a token before each request (and again
//! before a retry, so a long backoff never sends an expired token). Tokens are
//! held in [`secrecy::SecretString`] so they never show up in `Debug` output.

mod cache;
mod development;
mod exchange;
pub mod jwt;
mod key;
mod maskinporten;
pub mod rsa;

pub use cache::{CachedToken, FileTokenStore, TokenStore, create_private_dir, write_private};
pub use development::DevelopmentClient;
pub use exchange::{AltinnTokenProvider, exchange_for_altinn};
pub use key::{
    ClientKey, KeyError, KeyReference, certificate_org_number, certificate_public_key, public_jwk, public_key_from_jwk,
    thumbprint,
};
pub use maskinporten::{
    MAX_GRANT_LIFETIME, MaskinportenConfig, MaskinportenError, MaskinportenProvider, SystemUser, grant,
};

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use chrono::{DateTime, Utc};
use secrecy::{ExposeSecret, SecretString};

/// A boxed future, as returned by [`TokenProvider::token`].
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// An access token and, when known, when it stops working.
#[derive(Clone)]
pub struct AccessToken {
    secret: SecretString,
    expires_at: Option<DateTime<Utc>>,
}

impl AccessToken {
    /// Wraps a token that is valid until `expires_at` (or of unknown lifetime).
    pub fn new(token: impl Into<String>, expires_at: Option<DateTime<Utc>>) -> Self {
        Self { secret: SecretString::from(token.into()), expires_at }
    }

    /// The token itself. Handle with care: never log it.
    pub fn expose(&self) -> &str {
        self.secret.expose_secret()
    }

    /// When the token expires, if known.
    pub fn expires_at(&self) -> Option<DateTime<Utc>> {
        self.expires_at
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessToken").field("token", &"[redacted]").field("expires_at", &self.expires_at).finish()
    }
}

/// Why no token could be had.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    /// The credentials are missing or incomplete; the message says what to set.
    #[error("{0}")]
    Configuration(String),
    /// The token endpoint refused the grant.
    #[error("{0}")]
    Rejected(String),
    /// Maskinporten refused the grant; the error says why and what to do.
    #[error(transparent)]
    Maskinporten(MaskinportenError),
    /// The key could not be used.
    #[error(transparent)]
    Key(#[from] KeyError),
    /// The token endpoint could not be reached.
    #[error("token endpoint unreachable: {0}")]
    Transport(String),
}

/// Supplies the bearer token for each request.
///
/// Implementations cache and refresh as they see fit; the client calls
/// [`token`](TokenProvider::token) before every attempt.
pub trait TokenProvider: Send + Sync + fmt::Debug {
    /// Returns a token that is valid now.
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, AuthError>>;
}

/// A fixed token, for tests, scripts and `DP_TOKEN`.
///
/// ```
/// use dialogporten::auth::{StaticToken, TokenProvider};
/// let provider = StaticToken::new("eyJ...");
/// assert!(!format!("{provider:?}").contains("eyJ"));
/// ```
#[derive(Clone)]
pub struct StaticToken(AccessToken);

impl StaticToken {
    /// A provider that always answers `token`.
    pub fn new(token: impl Into<String>) -> Self {
        Self(AccessToken::new(token, None))
    }
}

impl fmt::Debug for StaticToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("StaticToken([redacted])")
    }
}

impl TokenProvider for StaticToken {
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, AuthError>> {
        let token = self.0.clone();
        Box::pin(async move { Ok(token) })
    }
}
