//! Compact JWS (RFC 7515) with RSA PKCS#1 v1.5 signatures: what Maskinporten grants and tokens use.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rsa::pkcs1v15::{Signature, SigningKey, VerifyingKey};
use rsa::signature::{SignatureEncoding, Signer, Verifier};
use rsa::{RsaPrivateKey, RsaPublicKey};
use serde_json::Value;
use sha2::{Sha256, Sha384, Sha512};

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
}

fn encode_part(value: &Value) -> String {
    URL_SAFE_NO_PAD.encode(value.to_string())
}

/// Signs `claims` under `header` (whose `alg` is set from `algorithm`).
pub fn sign(header: &Value, claims: &Value, key: &RsaPrivateKey, algorithm: Algorithm) -> String {
    let mut header = header.clone();
    header["alg"] = Value::from(algorithm.as_str());
    let input = format!("{}.{}", encode_part(&header), encode_part(claims));
    let signature = match algorithm {
        Algorithm::RS256 => SigningKey::<Sha256>::new(key.clone()).sign(input.as_bytes()).to_vec(),
        Algorithm::RS384 => SigningKey::<Sha384>::new(key.clone()).sign(input.as_bytes()).to_vec(),
        Algorithm::RS512 => SigningKey::<Sha512>::new(key.clone()).sign(input.as_bytes()).to_vec(),
    };
    format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature))
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

/// The header and claims of a token whose signature `key` verifies.
pub fn verify(token: &str, key: &RsaPublicKey) -> Result<(Value, Value), JwtError> {
    let (header, claims) = decode_unverified(token)?;
    let alg = header["alg"].as_str().unwrap_or_default();
    let algorithm = Algorithm::parse(alg).ok_or_else(|| JwtError::Algorithm(alg.to_owned()))?;
    let token = token.trim();
    let (input, signature) = token.rsplit_once('.').ok_or_else(|| JwtError::Malformed("no signature".into()))?;
    let signature = URL_SAFE_NO_PAD.decode(signature).map_err(|_| JwtError::Signature)?;
    let signature = Signature::try_from(signature.as_slice()).map_err(|_| JwtError::Signature)?;
    let verified = match algorithm {
        Algorithm::RS256 => VerifyingKey::<Sha256>::new(key.clone()).verify(input.as_bytes(), &signature),
        Algorithm::RS384 => VerifyingKey::<Sha384>::new(key.clone()).verify(input.as_bytes(), &signature),
        Algorithm::RS512 => VerifyingKey::<Sha512>::new(key.clone()).verify(input.as_bytes(), &signature),
    };
    verified.map_err(|_| JwtError::Signature)?;
    Ok((header, claims))
}
