//! Compact JWS (RFC 7515) with RSA PKCS#1 v1.5 signatures, what Maskinporten grants and tokens use,
//! signed and verified by `jsonwebtoken` on aws-lc-rs.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;

use super::rsa::{RsaPrivateKey, RsaPublicKey};
/// The RSA signature algorithms Maskinporten accepts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Algorithm {
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    #[default]
    RS256,
    /// RSASSA-PKCS1-v1_5 with SHA-384.
    RS384,
    /// RSASSA-PKCS1-v1_5 with SHA-512.
    RS512,
}

impl Algorithm {
    /// The `alg` header value.
    pub fn as_str(self) -> &'static str {
        match self {
            Algorithm::RS256 => "RS256",
            Algorithm::RS384 => "RS384",
            Algorithm::RS512 => "RS512",
        }
    }

    /// Parses an `alg` value; only RS256, RS384 and RS512.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "RS256" => Some(Algorithm::RS256),
            "RS384" => Some(Algorithm::RS384),
            "RS512" => Some(Algorithm::RS512),
            _ => None,
        }
    }
}

impl From<Algorithm> for jsonwebtoken::Algorithm {
    fn from(algorithm: Algorithm) -> Self {
        match algorithm {
            Algorithm::RS256 => jsonwebtoken::Algorithm::RS256,
            Algorithm::RS384 => jsonwebtoken::Algorithm::RS384,
            Algorithm::RS512 => jsonwebtoken::Algorithm::RS512,
        }
    }
}

/// A token that is not a well-formed JWS, or whose signature does not verify.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum JwtError {
    /// Not three base64url parts of JSON.
    #[error("not a JWT: {0}")]
    Malformed(String),
    /// `alg` is not RS256, RS384 or RS512.
    #[error("unsupported algorithm {0:?}: only RS256, RS384 and RS512 are accepted")]
    Algorithm(String),
    /// The signature does not match the key.
    #[error("the signature does not verify")]
    Signature,
    /// The key could not sign.
    #[error("cannot sign: {0}")]
    Signing(String),
}

/// Signs `claims` under `header`, whatever else the header holds (its `alg` is set from `algorithm`).
/// For the usual headers, `jsonwebtoken::encode` with [`RsaPrivateKey::encoding_key`] does the same.
pub fn sign(header: &Value, claims: &Value, key: &RsaPrivateKey, algorithm: Algorithm) -> Result<String, JwtError> {
    let mut header = header.clone();
    header["alg"] = Value::from(algorithm.as_str());
    let input =
        format!("{}.{}", URL_SAFE_NO_PAD.encode(header.to_string()), URL_SAFE_NO_PAD.encode(claims.to_string()));
    let signature = jsonwebtoken::crypto::sign(input.as_bytes(), &key.encoding_key(), algorithm.into())
        .map_err(|e| JwtError::Signing(e.to_string()))?;
    Ok(format!("{input}.{signature}"))
}

/// The header and claims of a token, without checking its signature: for showing a token, never for trusting it.
pub fn decode_unverified(token: &str) -> Result<(Value, Value), JwtError> {
    let mut parts = token.trim().split('.');
    let (Some(header), Some(claims), Some(_), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return Err(JwtError::Malformed("expected three dot-separated parts".into()));
    };
    let json = |part: &str, what: &str| -> Result<Value, JwtError> {
        let bytes = URL_SAFE_NO_PAD
            .decode(part.trim_end_matches('='))
            .map_err(|e| JwtError::Malformed(format!("the {what} is not base64url: {e}")))?;
        serde_json::from_slice(&bytes).map_err(|e| JwtError::Malformed(format!("the {what} is not JSON: {e}")))
    };
    Ok((json(header, "header")?, json(claims, "claims")?))
}

/// The header and claims of a token whose signature `key` verifies (claims are not judged here).
pub fn verify(token: &str, key: &RsaPublicKey) -> Result<(Value, Value), JwtError> {
    let (header, claims) = decode_unverified(token)?;
    let alg = header["alg"].as_str().unwrap_or_default();
    let algorithm = Algorithm::parse(alg).ok_or_else(|| JwtError::Algorithm(alg.to_owned()))?;
    let (input, signature) = token.trim().rsplit_once('.').ok_or_else(|| JwtError::Malformed("no signature".into()))?;
    match jsonwebtoken::crypto::verify(signature, input.as_bytes(), &key.decoding_key(), algorithm.into()) {
        Ok(true) => Ok((header, claims)),
        _ => Err(JwtError::Signature),
    }
}
