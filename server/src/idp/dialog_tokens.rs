//! Dialog tokens as Dialogporten issues them to end users: Ed25519 compact JWS with upstream's
//! header and claims (reference: enduser-tokens-limits.md §2, upstream `IDialogTokenGenerator.cs`),
//! the keys published at `/api/v1/.well-known/jwks.json`.
//!
//! Two keys are kept (in the database, so tokens verify across restarts): the older signs, the
//! newer is published ahead of the day it takes over, as upstream's rotation rules ask.

use std::sync::OnceLock;

use aws_lc_rs::signature::{Ed25519KeyPair, KeyPair};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::App;
use crate::domain_error::DomainError;
use crate::routes::AcceptsJson;
use crate::store::{Store, idp};

/// How long a dialog token is valid.
pub const LIFETIME_MINUTES: i64 = 10;
/// How many keys are published.
const KEYS: usize = 2;

struct SigningKey {
    kid: String,
    pkcs8: Vec<u8>,
    x: String,
}

impl SigningKey {
    fn generate() -> Result<Self, DomainError> {
        let pkcs8 = Ed25519KeyPair::generate_pkcs8(&aws_lc_rs::rand::SystemRandom::new())
            .map_err(|_| DomainError::internal("cannot generate an Ed25519 key"))?;
        let pkcs8 = pkcs8.as_ref().to_vec();
        let pair = Ed25519KeyPair::from_pkcs8(&pkcs8).map_err(|_| DomainError::internal("a new key is not Ed25519"))?;
        // Named by its public key (as an RFC 7638 thumbprint names one), so two keys never share a kid.
        let digest = <sha2::Sha256 as sha2::Digest>::digest(pair.public_key().as_ref());
        let kid = format!("dp-{}", &base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest)[..22]);
        Self::from_pkcs8(kid, pkcs8)
    }

    fn from_pkcs8(kid: String, pkcs8: Vec<u8>) -> Result<Self, DomainError> {
        let pair =
            Ed25519KeyPair::from_pkcs8(&pkcs8).map_err(|_| DomainError::internal("a kept key is not Ed25519"))?;
        let x = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(pair.public_key().as_ref());
        Ok(Self { kid, pkcs8, x })
    }

    fn jwk(&self) -> Value {
        json!({"kty": "OKP", "crv": "Ed25519", "use": "sig", "alg": "EdDSA", "kid": self.kid, "x": self.x})
    }
}

/// The keys dialog tokens are signed with: the first signs, all are published.
pub struct DialogTokenKeys {
    keys: Vec<SigningKey>,
}

/// What a dialog token says: who, about which dialog, allowed what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DialogTokenGrant {
    /// The authenticated party (`c`): the person, or a system user's organisation.
    pub authenticated_party: String,
    /// The authentication level (`l`).
    pub level: u8,
    /// The dialog's party (`p`).
    pub party: String,
    /// The dialog's service resource (`s`).
    pub service_resource: String,
    /// The dialog (`i`).
    pub dialog_id: Uuid,
    /// The authorised actions (`a`), `action` or `action,resource`.
    pub actions: Vec<String>,
    /// The authorised entities or `tokenRef`s (`e`), left out when empty.
    pub entities: Vec<String>,
}

impl DialogTokenKeys {
    /// The kept keys of a file database (made the first time), or one set per process for
    /// in-memory ones.
    pub fn load(store: &Store) -> Result<Self, DomainError> {
        static PROCESS_KEYS: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
        if !store.is_persistent() {
            let kept = match PROCESS_KEYS.get() {
                Some(kept) => kept.clone(),
                None => {
                    let made = (0..KEYS).map(|_| SigningKey::generate()).collect::<Result<Vec<_>, _>>()?;
                    PROCESS_KEYS.get_or_init(|| made.into_iter().map(|k| (k.kid, k.pkcs8)).collect()).clone()
                }
            };
            let keys =
                kept.into_iter().map(|(kid, pkcs8)| SigningKey::from_pkcs8(kid, pkcs8)).collect::<Result<_, _>>()?;
            return Ok(Self { keys });
        }
        store.write(|tx| {
            let mut keys = idp::dialog_token_keys(tx)?
                .into_iter()
                .map(|(kid, pkcs8)| SigningKey::from_pkcs8(kid, pkcs8))
                .collect::<Result<Vec<_>, _>>()?;
            while keys.len() < KEYS {
                let key = SigningKey::generate()?;
                idp::keep_dialog_token_key(tx, &key.kid, &key.pkcs8, &crate::dialog::timestamp(Utc::now()))?;
                keys.push(key);
            }
            Ok(Self { keys })
        })
    }

    /// The published keys as a JWKS.
    pub fn jwks(&self) -> Value {
        json!({"keys": self.keys.iter().map(SigningKey::jwk).collect::<Vec<_>>()})
    }

    /// A token for `grant` from `issuer` (`{public url}/api/v1`), valid from `now` for ten minutes.
    pub fn issue(&self, grant: &DialogTokenGrant, issuer: &str, now: DateTime<Utc>) -> Result<String, DomainError> {
        let key = self.keys.first().ok_or_else(|| DomainError::internal("no dialog token key"))?;
        let at = now.timestamp();
        let mut claims = json!({
            "jti": Uuid::new_v4(),
            "iss": issuer,
            "iat": at,
            "nbf": at,
            "exp": at + LIFETIME_MINUTES * 60,
            "c": grant.authenticated_party,
            "l": grant.level,
            "p": grant.party,
            "s": grant.service_resource,
            "i": grant.dialog_id,
            "a": grant.actions.join(";"),
        });
        if !grant.entities.is_empty() {
            claims["e"] = json!(grant.entities);
        }
        let mut header = Header::new(Algorithm::EdDSA);
        header.kid = Some(key.kid.clone());
        jsonwebtoken::encode(&header, &claims, &EncodingKey::from_ed_der(&key.pkcs8))
            .map_err(|e| DomainError::internal(format!("signing a dialog token: {e}")))
    }
}

/// `GET /api/v1/.well-known/jwks.json` (anonymous), cached a day as upstream serves it.
pub async fn jwks(_json: AcceptsJson, State(app): State<App>) -> Response {
    let mut response = Json(app.dialog_tokens.jwks()).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=86400"));
    response
}

/// `GET /api/v1/.well-known/oauth-authorization-server`: the dialog-token issuer and its keys.
pub async fn metadata(_json: AcceptsJson, State(app): State<App>) -> Json<Value> {
    let issuer = app.dialog_token_issuer();
    Json(json!({"issuer": issuer, "jwks_uri": format!("{issuer}/.well-known/jwks.json")}))
}
