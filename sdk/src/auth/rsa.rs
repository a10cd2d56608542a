//! RSA key material, in the forms Maskinporten clients hold it (PKCS#1 or PKCS#8 PEM, a private JWK,
//! the PKCS#8 inside a PKCS#12 file), with the arithmetic left to aws-lc-rs: key generation, signing
//! and verifying run in constant time there, never in this crate.

use std::fmt;

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rsa::{KeyPair, KeySize};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use num_bigint::BigUint;
use pkcs1::der::asn1::UintRef;
use pkcs1::der::pem::LineEnding;
use pkcs1::der::{Decode, SecretDocument};
use pkcs1::{EncodeRsaPrivateKey, RsaPrivateKeyRef};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::jwt::Algorithm;

/// Why key material is not a usable RSA key, or could not be made or written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RsaKeyError {
    /// A JWK member is missing.
    #[error("'{0}' is missing")]
    MissingMember(String),
    /// A JWK member is not base64url, or not a number.
    #[error("'{member}' {problem}")]
    BadMember {
        /// The member's name.
        member: String,
        /// What is wrong with it.
        problem: String,
    },
    /// A public JWK's `n` or `e` is empty.
    #[error("'n' and 'e' must not be empty")]
    EmptyPublic,
    /// A private JWK without its primes.
    #[error("it has no primes 'p' and 'q': export the key with all of its private members")]
    NoPrimes,
    /// The bytes or text are not in the form they were read as (PEM, PKCS#1, PKCS#8, DER).
    #[error("{0}")]
    Malformed(String),
    /// The key is encrypted.
    #[error("the key is encrypted: decrypt it first (openssl pkcs8 -in KEY -out PLAIN.pem), and keep the result 0600")]
    Encrypted,
    /// The key is of another algorithm, or its numbers do not make an RSA key.
    #[error("{0}")]
    NotRsa(String),
    /// A size that cannot be generated.
    #[error("{0} bits: choose 2048, 3072, 4096 or 8192")]
    UnsupportedSize(usize),
    /// The system could not generate or encode a key.
    #[error("{0}")]
    System(String),
}

/// The OID of `rsaEncryption`, the algorithm of an RSA key in PKCS#8.
const RSA_ENCRYPTION: &str = "1.2.840.113549.1.1.1";

/// An RSA public key: modulus and exponent, big-endian without leading zeros.
#[derive(Clone, PartialEq, Eq)]
pub struct RsaPublicKey {
    n: Vec<u8>,
    e: Vec<u8>,
}

impl fmt::Debug for RsaPublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RsaPublicKey").field("bits", &self.bits()).field("kid", &self.thumbprint()).finish()
    }
}

fn trimmed(bytes: &[u8]) -> Vec<u8> {
    let start = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    bytes[start..].to_vec()
}

impl RsaPublicKey {
    fn new(n: &[u8], e: &[u8]) -> Self {
        Self { n: trimmed(n), e: trimmed(e) }
    }

    /// The key's size in bits.
    pub fn bits(&self) -> usize {
        match self.n.first() {
            Some(first) => (self.n.len() - 1) * 8 + (8 - first.leading_zeros() as usize),
            None => 0,
        }
    }

    /// The modulus `n`, big-endian.
    pub fn modulus(&self) -> &[u8] {
        &self.n
    }

    /// The public exponent `e`, big-endian.
    pub fn exponent(&self) -> &[u8] {
        &self.e
    }

    /// The public key of a JWK (`n`, `e`).
    pub fn from_jwk(jwk: &Value) -> Result<Self, RsaKeyError> {
        let (n, e) = (b64_member(jwk, "n")?, b64_member(jwk, "e")?);
        if n.is_empty() || e.is_empty() {
            return Err(RsaKeyError::EmptyPublic);
        }
        Ok(Self::new(&n, &e))
    }

    /// The public key of an X.509 `SubjectPublicKeyInfo` (as in a certificate) or a PKCS#1 `RSAPublicKey`.
    pub fn from_der(der: &[u8]) -> Result<Self, RsaKeyError> {
        let key = aws_lc_rs::rsa::PublicKey::from_der(der)
            .map_err(|e| RsaKeyError::Malformed(format!("not an RSA public key: {e}")))?;
        Ok(Self::new(key.modulus().big_endian_without_leading_zero(), key.exponent().big_endian_without_leading_zero()))
    }

    /// As a JWK (`kty`, `use`, `alg`, `n`, `e`).
    pub fn to_jwk(&self, algorithm: Algorithm) -> Value {
        json!({
            "kty": "RSA",
            "use": "sig",
            "alg": algorithm.as_str(),
            "n": URL_SAFE_NO_PAD.encode(&self.n),
            "e": URL_SAFE_NO_PAD.encode(&self.e),
        })
    }

    /// The RFC 7638 SHA-256 thumbprint, base64url: a stable kid.
    pub fn thumbprint(&self) -> String {
        let e = URL_SAFE_NO_PAD.encode(&self.e);
        let n = URL_SAFE_NO_PAD.encode(&self.n);
        let canonical = format!(r#"{{"e":"{e}","kty":"RSA","n":"{n}"}}"#);
        URL_SAFE_NO_PAD.encode(Sha256::digest(canonical.as_bytes()))
    }

    /// The key for checking signatures with `jsonwebtoken`.
    pub fn decoding_key(&self) -> jsonwebtoken::DecodingKey {
        jsonwebtoken::DecodingKey::from_rsa_raw_components(&self.n, &self.e)
    }
}

/// An RSA private key, kept as PKCS#1 DER that is wiped when dropped. `Debug` shows only its size.
#[derive(Clone)]
pub struct RsaPrivateKey {
    pkcs1: Zeroizing<Vec<u8>>,
    public: RsaPublicKey,
}

impl fmt::Debug for RsaPrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RsaPrivateKey").field("bits", &self.public.bits()).finish_non_exhaustive()
    }
}

fn b64_member(value: &Value, name: &str) -> Result<Zeroizing<Vec<u8>>, RsaKeyError> {
    let text = value[name].as_str().ok_or_else(|| RsaKeyError::MissingMember(name.to_owned()))?;
    URL_SAFE_NO_PAD
        .decode(text.trim_end_matches('='))
        .map(Zeroizing::new)
        .map_err(|e| RsaKeyError::BadMember { member: name.to_owned(), problem: format!("is not base64url: {e}") })
}

impl RsaPrivateKey {
    /// A PKCS#1 `RSAPrivateKey`, checked by aws-lc-rs.
    pub fn from_pkcs1_der(der: &[u8]) -> Result<Self, RsaKeyError> {
        KeyPair::from_der(der).map_err(|e| RsaKeyError::NotRsa(format!("not a usable RSA private key: {e}")))?;
        let parsed = RsaPrivateKeyRef::from_der(der)
            .map_err(|e| RsaKeyError::Malformed(format!("not a PKCS#1 RSA private key: {e}")))?;
        let public = RsaPublicKey::new(parsed.modulus.as_bytes(), parsed.public_exponent.as_bytes());
        Ok(Self { pkcs1: Zeroizing::new(der.to_vec()), public })
    }

    /// A PKCS#8 `PrivateKeyInfo` holding an RSA key.
    pub fn from_pkcs8_der(der: &[u8]) -> Result<Self, RsaKeyError> {
        let info =
            pkcs8::PrivateKeyInfoRef::try_from(der).map_err(|e| RsaKeyError::Malformed(format!("not PKCS#8: {e}")))?;
        let oid = info.algorithm.oid.to_string();
        if oid != RSA_ENCRYPTION {
            return Err(RsaKeyError::NotRsa(format!("the key is not RSA (algorithm {oid})")));
        }
        Self::from_pkcs1_der(info.private_key.as_bytes())
    }

    /// A PEM key: PKCS#1 (`RSA PRIVATE KEY`) or PKCS#8 (`PRIVATE KEY`).
    pub fn from_pem(pem: &str) -> Result<Self, RsaKeyError> {
        let (label, document) =
            SecretDocument::from_pem(pem.trim()).map_err(|e| RsaKeyError::Malformed(format!("not PEM: {e}")))?;
        match label {
            "RSA PRIVATE KEY" => Self::from_pkcs1_der(document.as_bytes()),
            "PRIVATE KEY" => Self::from_pkcs8_der(document.as_bytes()),
            "ENCRYPTED PRIVATE KEY" => Err(RsaKeyError::Encrypted),
            other => Err(RsaKeyError::Malformed(format!("a PEM {other:?} is not a private key"))),
        }
    }

    /// A private JWK. `n`, `e`, `d`, `p` and `q` are required; `dp`, `dq` and `qi` are computed
    /// when absent.
    pub fn from_jwk(jwk: &Value) -> Result<Self, RsaKeyError> {
        let [n, e, d] = ["n", "e", "d"].map(|m| b64_member(jwk, m));
        let (n, e, d) = (n?, e?, d?);
        let (p, q) = match (b64_member(jwk, "p"), b64_member(jwk, "q")) {
            (Ok(p), Ok(q)) => (p, q),
            _ => {
                return Err(RsaKeyError::NoPrimes);
            }
        };
        let crt = match ["dp", "dq", "qi"].map(|m| b64_member(jwk, m)) {
            [Ok(dp), Ok(dq), Ok(qi)] => [dp, dq, qi],
            _ => crt_members(&d, &p, &q)?,
        };
        fn uint<'a>(bytes: &'a [u8], name: &str) -> Result<UintRef<'a>, RsaKeyError> {
            UintRef::new(bytes).map_err(|e| RsaKeyError::BadMember { member: name.to_owned(), problem: e.to_string() })
        }
        let key = RsaPrivateKeyRef {
            modulus: uint(&n, "n")?,
            public_exponent: uint(&e, "e")?,
            private_exponent: uint(&d, "d")?,
            prime1: uint(&p, "p")?,
            prime2: uint(&q, "q")?,
            exponent1: uint(&crt[0], "dp")?,
            exponent2: uint(&crt[1], "dq")?,
            coefficient: uint(&crt[2], "qi")?,
            other_prime_infos: None,
        };
        let der = key.to_pkcs1_der().map_err(|e| RsaKeyError::System(format!("cannot encode the key: {e}")))?;
        Self::from_pkcs1_der(der.as_bytes())
    }

    /// A fresh key of `bits`: 2048, 3072, 4096 or 8192.
    pub fn generate(bits: usize) -> Result<Self, RsaKeyError> {
        let size = match bits {
            2048 => KeySize::Rsa2048,
            3072 => KeySize::Rsa3072,
            4096 => KeySize::Rsa4096,
            8192 => KeySize::Rsa8192,
            _ => return Err(RsaKeyError::UnsupportedSize(bits)),
        };
        let pair =
            KeyPair::generate(size).map_err(|_| RsaKeyError::System("the system could not generate a key".into()))?;
        let pkcs8 = pair.as_der().map_err(|_| RsaKeyError::System("the new key could not be encoded".into()))?;
        Self::from_pkcs8_der(pkcs8.as_ref())
    }

    /// The public key.
    pub fn public_key(&self) -> &RsaPublicKey {
        &self.public
    }

    /// The private members of a JWK (`d`, `p`, `q`, `dp`, `dq`, `qi`), base64url. A secret.
    pub fn private_jwk_members(&self) -> Value {
        let Ok(key) = RsaPrivateKeyRef::from_der(&self.pkcs1) else { return json!({}) };
        let b64 = |n: UintRef<'_>| URL_SAFE_NO_PAD.encode(n.as_bytes());
        json!({
            "d": b64(key.private_exponent),
            "p": b64(key.prime1),
            "q": b64(key.prime2),
            "dp": b64(key.exponent1),
            "dq": b64(key.exponent2),
            "qi": b64(key.coefficient),
        })
    }

    /// As PKCS#8 PEM (`PRIVATE KEY`). A secret.
    pub fn to_pkcs8_pem(&self) -> Result<Zeroizing<String>, RsaKeyError> {
        let pair = KeyPair::from_der(&self.pkcs1).map_err(|e| RsaKeyError::System(e.to_string()))?;
        let der = pair.as_der().map_err(|_| RsaKeyError::System("the key could not be encoded".into()))?;
        let document = SecretDocument::try_from(der.as_ref()).map_err(|e| RsaKeyError::System(e.to_string()))?;
        document.to_pem("PRIVATE KEY", LineEnding::LF).map_err(|e| RsaKeyError::System(e.to_string()))
    }

    /// As PKCS#1 PEM (`RSA PRIVATE KEY`). A secret.
    pub fn to_pkcs1_pem(&self) -> Result<Zeroizing<String>, RsaKeyError> {
        let document =
            SecretDocument::try_from(self.pkcs1.as_slice()).map_err(|e| RsaKeyError::System(e.to_string()))?;
        document.to_pem("RSA PRIVATE KEY", LineEnding::LF).map_err(|e| RsaKeyError::System(e.to_string()))
    }

    /// The key for signing with `jsonwebtoken` (which signs through aws-lc-rs).
    pub fn encoding_key(&self) -> jsonwebtoken::EncodingKey {
        jsonwebtoken::EncodingKey::from_rsa_der(&self.pkcs1)
    }
}

/// `d mod (p-1)`, `d mod (q-1)` and `q⁻¹ mod p`, for JWKs written without them. Only at load, once.
fn crt_members(d: &[u8], p: &[u8], q: &[u8]) -> Result<[Zeroizing<Vec<u8>>; 3], RsaKeyError> {
    let (d, p, q) = (BigUint::from_bytes_be(d), BigUint::from_bytes_be(p), BigUint::from_bytes_be(q));
    let one = BigUint::from(1u8);
    if p <= one || q <= one {
        return Err(RsaKeyError::NotRsa("'p' and 'q' must be primes".into()));
    }
    let dp = &d % (&p - &one);
    let dq = &d % (&q - &one);
    let qi = q.modinv(&p).ok_or_else(|| RsaKeyError::NotRsa("'p' and 'q' are not coprime: not an RSA key".into()))?;
    Ok([dp, dq, qi].map(|n| Zeroizing::new(n.to_bytes_be())))
}
