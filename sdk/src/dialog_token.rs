//! Verifying the dialog tokens end users bring to a service owner's GUI and API actions.
//!
//! Dialogporten signs a dialog token (an Ed25519 compact JWS) for each end user who opens a
//! dialog. A service owner's backend that acts on such a request must check it as Digdir's guidance
//! says, in order: the signature by the key the header's `kid` names, `typ` is `JWT`, the issuer is
//! the environment's, `exp`/`nbf` with little clock skew, the dialog (`i`) is the one the request is
//! about, the action is in `a` (or the entity or `tokenRef` in `e`), the authentication level `l`
//! meets the service's minimum; anything missing fails. [`DialogTokenVerifier`] does all of it and
//! says which check failed ([`Rejection`]). Upstream's .NET validator skips `iss`, `typ` and `l`;
//! this one does not.
//!
//! ```no_run
//! # async fn demo(token: &str, dialog_id: uuid::Uuid) -> Result<(), Box<dyn std::error::Error>> {
//! use dialogporten::Environment;
//! use dialogporten::dialog_token::{DialogTokenVerifier, Requirements};
//! let verifier = DialogTokenVerifier::for_environment(&Environment::Tt02);
//! let claims = verifier.verify(token, &Requirements::for_dialog(dialog_id).action("write").min_level(3)).await?;
//! println!("{} acts for {}", claims.authenticated_party, claims.party);
//! # Ok(()) }
//! ```

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use jsonwebtoken::errors::ErrorKind as JwtErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::Deserialize;
use tokio::sync::RwLock;
use uuid::Uuid;

use crate::Environment;

/// The claims of a verified dialog token.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct DialogTokenClaims {
    /// The token's own id.
    pub jti: String,
    /// Who issued it: `{Dialogporten base URL}/api/v1`.
    pub iss: String,
    /// When it was issued (seconds since 1970).
    pub iat: i64,
    /// Not valid before (seconds since 1970).
    pub nbf: i64,
    /// Not valid after (seconds since 1970).
    pub exp: i64,
    /// The authenticated party: the person, or the organisation (a system user's owner).
    #[serde(rename = "c")]
    pub authenticated_party: String,
    /// The authentication level (0–4).
    #[serde(rename = "l")]
    pub level: u8,
    /// The dialog's party.
    #[serde(rename = "p")]
    pub party: String,
    /// The dialog's service resource.
    #[serde(rename = "s")]
    pub service_resource: String,
    /// The dialog's id.
    #[serde(rename = "i")]
    pub dialog_id: Uuid,
    /// The authorised actions, `;`-separated (`read;write;elementread,urn:altinn:subresource:x`).
    #[serde(rename = "a")]
    pub actions: String,
    /// The authorised entity ids or `tokenRef`s (newer upstream), when any.
    #[serde(rename = "e", default)]
    pub entities: Vec<String>,
    /// The supplier organisation, for a Maskinporten supplier delegation.
    #[serde(rename = "u", default)]
    pub supplier: Option<String>,
    /// The system user's id, for a system user.
    #[serde(rename = "y", default)]
    pub system_user: Option<String>,
    /// The system user's organisation, for a system user.
    #[serde(rename = "o", default)]
    pub system_user_org: Option<String>,
}

impl DialogTokenClaims {
    /// Whether `action` is authorised (for the dialog's own resource, or `action,resource` for
    /// another), compared without regard to case as upstream does.
    pub fn allows(&self, action: &str) -> bool {
        self.actions.split(';').map(str::trim).any(|granted| granted.eq_ignore_ascii_case(action))
    }
}

/// What the request the token came with is about: checked after the signature, issuer and lifetime.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Requirements {
    dialog: Option<Uuid>,
    actions: Vec<String>,
    entities: Vec<String>,
    min_level: u8,
}

impl Requirements {
    /// A token for `dialog` (its `i` claim must be this id).
    pub fn for_dialog(dialog: Uuid) -> Self {
        Self { dialog: Some(dialog), ..Self::default() }
    }

    /// Any dialog (the caller checks `dialog_id` itself). Prefer [`for_dialog`](Self::for_dialog).
    pub fn any_dialog() -> Self {
        Self::default()
    }

    /// `action` must be authorised (`write`, or `action,urn:altinn:resource:…` for another resource).
    pub fn action(mut self, action: impl Into<String>) -> Self {
        self.actions.push(action.into());
        self
    }

    /// `entity` (an id or a `tokenRef`) must be among the authorised entities `e`.
    pub fn entity(mut self, entity: impl Into<String>) -> Self {
        self.entities.push(entity.into());
        self
    }

    /// The authentication level must be at least `level`.
    pub fn min_level(mut self, level: u8) -> Self {
        self.min_level = level;
        self
    }
}

/// Why a dialog token was refused: the check that failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Rejection {
    /// Not a compact JWS with the claims a dialog token has.
    #[error("not a dialog token: {0}")]
    Malformed(String),
    /// Signed with another algorithm than EdDSA (Ed25519).
    #[error("signed with {0}, not EdDSA")]
    Algorithm(String),
    /// The header's `typ` is not `JWT`.
    #[error("typ is {0:?}, not JWT")]
    Type(Option<String>),
    /// No key with the header's `kid` is published (also after fetching the keys again).
    #[error("no published key has kid {0:?}")]
    UnknownKey(Option<String>),
    /// The signature does not verify with that key.
    #[error("the signature does not verify")]
    Signature,
    /// Issued by another Dialogporten (another environment).
    #[error("issued by {found}, not {expected}")]
    Issuer {
        /// This environment's issuer.
        expected: String,
        /// The token's.
        found: String,
    },
    /// Past its `exp`.
    #[error("expired")]
    Expired,
    /// Before its `nbf`.
    #[error("not valid yet")]
    NotYetValid,
    /// For another dialog.
    #[error("for dialog {found}, not {expected}")]
    Dialog {
        /// The dialog the request is about.
        expected: Uuid,
        /// The token's.
        found: Uuid,
    },
    /// An action the request needs is not authorised.
    #[error("the action {0:?} is not authorised")]
    Action(String),
    /// An entity the request needs is not among the authorised ones.
    #[error("the entity {0:?} is not authorised")]
    Entity(String),
    /// The end user logged in at too low a level.
    #[error("authentication level {found} is below {required}")]
    Level {
        /// The service's minimum.
        required: u8,
        /// The token's.
        found: u8,
    },
    /// The keys could not be had (and none were fetched before).
    #[error("the keys could not be fetched: {0}")]
    Keys(String),
}

/// How long fetched keys are trusted before they are fetched again (Digdir: at least daily).
const REFRESH_EVERY: Duration = Duration::from_secs(12 * 60 * 60);
/// The shortest time between two fetches caused by an unknown `kid`.
const REFETCH_AT_MOST_EVERY: Duration = Duration::from_secs(60);
/// Clock skew allowed on `exp` and `nbf`.
const LEEWAY_SECONDS: u64 = 10;

#[derive(Default)]
struct KeySet {
    keys: HashMap<String, DecodingKey>,
    fetched: Option<Instant>,
    refetched_for_unknown: Option<Instant>,
}

/// Verifies dialog tokens against the keys an environment publishes
/// (`{base}/api/v1/.well-known/jwks.json`), kept in memory: fetched on first use, again after
/// 12 hours, and once (at most every minute) when a token names a `kid` not seen yet, so a
/// rotated key is taken without a restart. A failed fetch keeps the keys already had. Clone it
/// freely: clones share the keys.
#[derive(Clone)]
pub struct DialogTokenVerifier {
    issuer: String,
    jwks_url: String,
    http: reqwest::Client,
    keys: Arc<RwLock<KeySet>>,
}

impl std::fmt::Debug for DialogTokenVerifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DialogTokenVerifier").field("issuer", &self.issuer).field("jwks_url", &self.jwks_url).finish()
    }
}

impl DialogTokenVerifier {
    /// For the environment's Dialogporten: issuer `{base}/api/v1` and its JWKS.
    pub fn for_environment(environment: &Environment) -> Self {
        let issuer = format!("{}/api/v1", environment.base_url());
        Self::new(&issuer, &format!("{issuer}/.well-known/jwks.json"))
    }

    /// For an issuer and a JWKS URL of your choosing.
    pub fn new(issuer: &str, jwks_url: &str) -> Self {
        Self {
            issuer: issuer.trim_end_matches('/').to_owned(),
            jwks_url: jwks_url.to_owned(),
            http: crate::client::http_client(),
            keys: Arc::default(),
        }
    }

    /// The issuer tokens must name.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// Verifies `token` and checks it against `required`; the claims, or the first check that failed.
    pub async fn verify(&self, token: &str, required: &Requirements) -> Result<DialogTokenClaims, Rejection> {
        let header = jsonwebtoken::decode_header(token.trim()).map_err(|e| Rejection::Malformed(e.to_string()))?;
        if header.alg != Algorithm::EdDSA {
            return Err(Rejection::Algorithm(format!("{:?}", header.alg)));
        }
        let kid = header.kid.clone().ok_or(Rejection::UnknownKey(None))?;
        let key = self.key(&kid).await?;
        let mut validation = Validation::new(Algorithm::EdDSA);
        validation.leeway = LEEWAY_SECONDS;
        validation.validate_nbf = true;
        validation.validate_aud = false;
        validation.set_required_spec_claims(&["exp", "nbf", "iss"]);
        let claims = match jsonwebtoken::decode::<DialogTokenClaims>(token.trim(), &key, &validation) {
            Ok(data) => data.claims,
            Err(error) => {
                return Err(match error.kind() {
                    JwtErrorKind::InvalidSignature => Rejection::Signature,
                    JwtErrorKind::ExpiredSignature => Rejection::Expired,
                    JwtErrorKind::ImmatureSignature => Rejection::NotYetValid,
                    JwtErrorKind::InvalidAlgorithm => Rejection::Algorithm(format!("{:?}", header.alg)),
                    _ => Rejection::Malformed(error.to_string()),
                });
            }
        };
        if !header.typ.as_deref().is_some_and(|t| t.eq_ignore_ascii_case("JWT")) {
            return Err(Rejection::Type(header.typ));
        }
        if claims.iss.trim_end_matches('/') != self.issuer {
            return Err(Rejection::Issuer { expected: self.issuer.clone(), found: claims.iss });
        }
        if let Some(expected) = required.dialog
            && claims.dialog_id != expected
        {
            return Err(Rejection::Dialog { expected, found: claims.dialog_id });
        }
        if let Some(missing) = required.actions.iter().find(|a| !claims.allows(a)) {
            return Err(Rejection::Action(missing.clone()));
        }
        if let Some(missing) = required.entities.iter().find(|e| !claims.entities.contains(e)) {
            return Err(Rejection::Entity(missing.clone()));
        }
        if claims.level < required.min_level {
            return Err(Rejection::Level { required: required.min_level, found: claims.level });
        }
        Ok(claims)
    }

    /// The key `kid` names, fetching the keys when they are old or `kid` is new to them.
    async fn key(&self, kid: &str) -> Result<DecodingKey, Rejection> {
        {
            let keys = self.keys.read().await;
            let fresh = keys.fetched.is_some_and(|at| at.elapsed() < REFRESH_EVERY);
            if fresh && let Some(key) = keys.keys.get(kid) {
                return Ok(key.clone());
            }
        }
        let mut keys = self.keys.write().await;
        let stale = keys.fetched.is_none_or(|at| at.elapsed() >= REFRESH_EVERY);
        let may_refetch = keys.refetched_for_unknown.is_none_or(|at| at.elapsed() >= REFETCH_AT_MOST_EVERY);
        if stale || (!keys.keys.contains_key(kid) && may_refetch) {
            if !stale {
                keys.refetched_for_unknown = Some(Instant::now());
            }
            match self.fetch().await {
                Ok(fetched) => {
                    keys.keys = fetched;
                    keys.fetched = Some(Instant::now());
                }
                // Keep what was had; without any, nothing can be verified.
                Err(reason) if keys.keys.is_empty() => return Err(Rejection::Keys(reason)),
                Err(_) => {}
            }
        }
        keys.keys.get(kid).cloned().ok_or_else(|| Rejection::UnknownKey(Some(kid.to_owned())))
    }

    /// The EdDSA keys of the JWKS, by `kid` (others are left out, as upstream's validator does).
    async fn fetch(&self) -> Result<HashMap<String, DecodingKey>, String> {
        #[derive(Deserialize)]
        struct Jwks {
            keys: Vec<serde_json::Value>,
        }
        // reqwest's own text repeats the URL: said once, with what happened.
        let response = self
            .http
            .get(&self.jwks_url)
            .send()
            .await
            .map_err(|e| format!("{}: {}", self.jwks_url, crate::transport::describe_failure(&e)))?;
        if !response.status().is_success() {
            return Err(format!("{}: HTTP {}", self.jwks_url, response.status()));
        }
        let jwks: Jwks = response.json().await.map_err(|e| {
            format!("{}: the answer is not a JWK set ({})", self.jwks_url, crate::transport::describe_failure(&e))
        })?;
        let mut keys = HashMap::new();
        for jwk in jwks.keys {
            let field = |name: &str| jwk.get(name).and_then(serde_json::Value::as_str);
            let (Some(kid), Some("OKP"), Some("Ed25519"), Some(x)) =
                (field("kid"), field("kty"), field("crv"), field("x"))
            else {
                continue;
            };
            if let Ok(key) = DecodingKey::from_ed_components(x) {
                keys.insert(kid.to_owned(), key);
            }
        }
        Ok(keys)
    }
}
