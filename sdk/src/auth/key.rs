//! The keys a Maskinporten client signs its grants with: a PEM private key
//! (PKCS#1 or PKCS#8) with a `kid`, a private JWK, or an enterprise
//! certificate in a PKCS#12 file (sent as `x5c`).

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};

use super::jwt::Algorithm;
use super::rsa::{RsaKeyError, RsaPrivateKey, RsaPublicKey};

/// Why a key could not be used.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// The text is not a PEM RSA private key.
    #[error("not an RSA private key in PEM (PKCS#1 'RSA PRIVATE KEY' or PKCS#8 'PRIVATE KEY'): {0}")]
    Pem(RsaKeyError),
    /// The JWK is not a private RSA key.
    #[error("not a private RSA JWK: {0}")]
    Jwk(String),
    /// The PKCS#12 file could not be opened.
    #[error("cannot open the PKCS#12 file: {0}")]
    Pkcs12(String),
    /// The key is too small.
    #[error("the RSA key has {0} bits; Maskinporten needs 2048 or more")]
    TooSmall(usize),
    /// The system could not make a key.
    #[error("cannot generate the key: {0}")]
    Generate(RsaKeyError),
    /// The key could not sign.
    #[error("the key cannot sign: {0}")]
    Signing(String),
    /// The key file could not be read.
    #[error("cannot read the key file {0}")]
    File(String),
    /// A `kid` is needed and none was given.
    #[error("a key id (kid) is needed with a PEM key: the kid you registered the public key under in Maskinporten")]
    MissingKid,
}

/// How the grant tells Maskinporten which key signed it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyReference {
    /// A key registered on the client, by key id.
    Kid(String),
    /// An enterprise certificate chain (leaf first), base64 DER.
    X5c(Vec<String>),
}

/// An RSA private key and how to refer to it. `Debug` never shows the key.
#[derive(Clone)]
pub struct ClientKey {
    private: RsaPrivateKey,
    reference: KeyReference,
    algorithm: Algorithm,
}

impl fmt::Debug for ClientKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientKey")
            .field("reference", &self.reference)
            .field("algorithm", &self.algorithm)
            .field("bits", &self.private.public_key().bits())
            .finish_non_exhaustive()
    }
}

fn checked(private: RsaPrivateKey) -> Result<RsaPrivateKey, KeyError> {
    let bits = private.public_key().bits();
    if bits < 2048 { Err(KeyError::TooSmall(bits)) } else { Ok(private) }
}

impl ClientKey {
    /// A PEM key (PKCS#1 or PKCS#8) registered under `kid`.
    ///
    /// ```
    /// # let pem = dialogporten::auth::ClientKey::generate(2048).unwrap().private_pem();
    /// use dialogporten::auth::{ClientKey, KeyReference};
    /// let key = ClientKey::from_pem(&pem, "my-kid").unwrap();
    /// assert_eq!(key.reference(), &KeyReference::Kid("my-kid".into()));
    /// assert!(!format!("{key:?}").contains("PRIVATE"));
    /// ```
    pub fn from_pem(pem: &str, kid: &str) -> Result<Self, KeyError> {
        if kid.trim().is_empty() {
            return Err(KeyError::MissingKid);
        }
        let private = RsaPrivateKey::from_pem(pem).map_err(KeyError::Pem)?;
        Ok(Self {
            private: checked(private)?,
            reference: KeyReference::Kid(kid.trim().to_owned()),
            algorithm: Algorithm::RS256,
        })
    }

    /// A key given as text, as `DP_KEY` holds it: a private JWK (its own `kid`, or `kid`), or a
    /// PEM key with `kid`.
    pub fn from_text(text: &str, kid: Option<&str>) -> Result<Self, KeyError> {
        if text.trim_start().starts_with('{') {
            let key = Self::from_jwk(text)?;
            Ok(match kid {
                Some(kid) => key.with_kid(kid),
                None => key,
            })
        } else {
            Self::from_pem(text, kid.ok_or(KeyError::MissingKid)?)
        }
    }

    /// A key file, as `DP_KEY_FILE` names it: PEM or JWK text ([`from_text`](Self::from_text)), or
    /// PKCS#12 (`.p12`/`.pfx`) opened with `password`.
    pub fn from_file(path: &std::path::Path, kid: Option<&str>, password: Option<&str>) -> Result<Self, KeyError> {
        let unreadable = |e: std::io::Error| KeyError::File(format!("{}: {e}", path.display()));
        let is_pkcs12 =
            path.extension().is_some_and(|e| e.eq_ignore_ascii_case("p12") || e.eq_ignore_ascii_case("pfx"));
        if is_pkcs12 {
            let data = std::fs::read(path).map_err(unreadable)?;
            let password = password.ok_or_else(|| {
                KeyError::Pkcs12(format!("{} needs its password (DP_PKCS12_PASSWORD)", path.display()))
            })?;
            return Self::from_pkcs12(&data, password);
        }
        Self::from_text(&std::fs::read_to_string(path).map_err(unreadable)?, kid)
    }

    /// A private RSA JWK; its `kid` (required) and `alg` (RS256/384/512, default RS256) are used.
    pub fn from_jwk(jwk: &str) -> Result<Self, KeyError> {
        let value: Value = serde_json::from_str(jwk).map_err(|e| KeyError::Jwk(format!("not JSON: {e}")))?;
        if value["kty"] != "RSA" {
            return Err(KeyError::Jwk("'kty' must be \"RSA\"".into()));
        }
        let kid =
            value["kid"].as_str().filter(|k| !k.is_empty()).ok_or_else(|| KeyError::Jwk("'kid' is missing".into()))?;
        if value.get("d").is_none() {
            return Err(KeyError::Jwk(
                "it has no private part 'd' (this is the public key; use the private JWK)".into(),
            ));
        }
        let private = RsaPrivateKey::from_jwk(&value).map_err(|e| KeyError::Jwk(e.to_string()))?;
        let algorithm = match value["alg"].as_str() {
            None => Algorithm::RS256,
            Some(alg) => Algorithm::parse(alg)
                .ok_or_else(|| KeyError::Jwk(format!("'alg' {alg:?} is not RS256, RS384 or RS512")))?,
        };
        Ok(Self { private: checked(private)?, reference: KeyReference::Kid(kid.to_owned()), algorithm })
    }

    /// An enterprise certificate (virksomhetssertifikat) from a PKCS#12 file: the
    /// private key, and the leaf certificate for the `x5c` header.
    pub fn from_pkcs12(data: &[u8], password: &str) -> Result<Self, KeyError> {
        let store = p12_keystore::KeyStore::from_pkcs12(data, password, p12_keystore::Pkcs12ImportPolicy::Relaxed)
            .map_err(|e| KeyError::Pkcs12(format!("{e} (is the password right?)")))?;
        let (_, chain) = store.private_key_chain().ok_or_else(|| KeyError::Pkcs12("it holds no private key".into()))?;
        let private = RsaPrivateKey::from_pkcs8_der(chain.key().as_der())
            .map_err(|e| KeyError::Pkcs12(format!("the private key: {e}")))?;
        let leaf = chain.certs().first().ok_or_else(|| KeyError::Pkcs12("it holds no certificate".into()))?;
        let x5c = vec![STANDARD.encode(leaf.as_der())];
        Ok(Self { private: checked(private)?, reference: KeyReference::X5c(x5c), algorithm: Algorithm::RS256 })
    }

    /// A fresh RSA key of `bits` (2048, 3072, 4096 or 8192) with a kid derived from its public part.
    pub fn generate(bits: usize) -> Result<Self, KeyError> {
        if bits < 2048 {
            return Err(KeyError::TooSmall(bits));
        }
        let private = RsaPrivateKey::generate(bits).map_err(KeyError::Generate)?;
        let kid = private.public_key().thumbprint();
        Ok(Self { private, reference: KeyReference::Kid(kid), algorithm: Algorithm::RS256 })
    }

    /// The same key signing with another algorithm.
    pub fn with_algorithm(mut self, algorithm: Algorithm) -> Self {
        self.algorithm = algorithm;
        self
    }

    /// The same key under another kid.
    pub fn with_kid(mut self, kid: impl Into<String>) -> Self {
        self.reference = KeyReference::Kid(kid.into());
        self
    }

    /// How the grant refers to the key.
    pub fn reference(&self) -> &KeyReference {
        &self.reference
    }

    /// The signing algorithm.
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// The private key, for signing grants of one's own with [`jwt::sign`](super::jwt::sign). A secret.
    pub fn private_key(&self) -> &RsaPrivateKey {
        &self.private
    }

    /// The public key.
    pub fn public_key(&self) -> RsaPublicKey {
        self.private.public_key().clone()
    }

    /// The public JWK, in the form Maskinporten's self-service accepts (`kty`, `kid`, `alg`, `use`, `n`, `e`).
    pub fn public_jwk(&self) -> Value {
        let mut jwk = public_jwk(&self.public_key(), self.algorithm);
        if let KeyReference::Kid(kid) = &self.reference {
            jwk["kid"] = json!(kid);
        }
        jwk
    }

    /// The private JWK (with `kid` and `alg`). A secret: store it 0600 or in a keyring.
    pub fn private_jwk(&self) -> Value {
        let mut jwk = self.public_jwk();
        if let (Some(jwk), Value::Object(private)) = (jwk.as_object_mut(), self.private.private_jwk_members()) {
            jwk.extend(private);
        }
        jwk
    }

    /// The private key as PKCS#8 PEM. A secret.
    pub fn private_pem(&self) -> String {
        self.private.to_pkcs8_pem().map(|pem| pem.to_string()).unwrap_or_default()
    }

    /// The private key as PKCS#1 PEM (`RSA PRIVATE KEY`). A secret.
    pub fn private_pkcs1_pem(&self) -> String {
        self.private.to_pkcs1_pem().map(|pem| pem.to_string()).unwrap_or_default()
    }
}

/// The organisation number in an enterprise certificate's subject
/// (`serialNumber`, or `organizationIdentifier` as `NTRNO-<orgnr>`).
pub fn certificate_org_number(der: &[u8]) -> Option<String> {
    let (_, certificate) = x509_parser::parse_x509_certificate(der).ok()?;
    let subject = certificate.subject();
    let nine_digits = |text: &str| {
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        (digits.len() == 9).then_some(digits)
    };
    subject
        .iter_attributes()
        .filter(|a| {
            let oid = a.attr_type().to_id_string();
            oid == "2.5.4.5" || oid == "2.5.4.97"
        })
        .find_map(|a| a.as_str().ok().and_then(nine_digits))
}

/// The RSA public key in a certificate.
pub fn certificate_public_key(der: &[u8]) -> Option<RsaPublicKey> {
    let (_, certificate) = x509_parser::parse_x509_certificate(der).ok()?;
    RsaPublicKey::from_der(certificate.public_key().raw).ok()
}

/// A public RSA key as a JWK.
pub fn public_jwk(key: &RsaPublicKey, algorithm: Algorithm) -> Value {
    key.to_jwk(algorithm)
}

/// The public key in a JWK (`n`, `e`).
pub fn public_key_from_jwk(jwk: &Value) -> Result<RsaPublicKey, KeyError> {
    RsaPublicKey::from_jwk(jwk).map_err(|e| KeyError::Jwk(e.to_string()))
}

/// The RFC 7638 SHA-256 thumbprint of a public key, base64url: a stable kid.
pub fn thumbprint(key: &RsaPublicKey) -> String {
    key.thumbprint()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::jwt;

    #[test]
    fn pem_jwk_and_pkcs1_forms_load_the_same_key() {
        let key = ClientKey::generate(2048).unwrap();
        let from_pem = ClientKey::from_pem(&key.private_pem(), "kid-1").unwrap();
        let from_pkcs1 = ClientKey::from_pem(&key.private_pkcs1_pem(), "kid-1").unwrap();
        let from_jwk = ClientKey::from_jwk(&key.private_jwk().to_string()).unwrap();
        assert_eq!(from_pem.public_key(), key.public_key());
        assert_eq!(from_pkcs1.public_key(), key.public_key());
        assert_eq!(from_jwk.public_key(), key.public_key());
        assert_eq!(from_jwk.reference(), key.reference());
        let token =
            jwt::sign(&json!({"kid": "kid-1"}), &json!({"a": 1}), from_jwk.private_key(), Algorithm::RS512).unwrap();
        let (header, claims) = jwt::verify(&token, &public_key_from_jwk(&key.public_jwk()).unwrap()).unwrap();
        assert_eq!((header["alg"].as_str(), claims["a"].as_i64()), (Some("RS512"), Some(1)));
        let other = ClientKey::generate(2048).unwrap();
        assert_eq!(jwt::verify(&token, &other.public_key()), Err(jwt::JwtError::Signature));
    }

    #[test]
    fn jwks_without_crt_members_as_older_dp_wrote_them_still_load() {
        let key = ClientKey::generate(2048).unwrap();
        let mut jwk = key.private_jwk();
        for member in ["dp", "dq", "qi"] {
            assert!(jwk[member].is_string(), "{member} is written");
            jwk.as_object_mut().unwrap().remove(member);
        }
        let loaded = ClientKey::from_jwk(&jwk.to_string()).unwrap();
        assert_eq!(loaded.private_jwk(), key.private_jwk(), "the computed members are the key's own");
        jwk.as_object_mut().unwrap().remove("q");
        let refused = ClientKey::from_jwk(&jwk.to_string()).unwrap_err().to_string();
        assert!(refused.contains("'p' and 'q'"), "{refused}");
    }

    #[test]
    fn pem_that_is_not_a_plain_rsa_key_is_refused_with_what_to_do() {
        let encrypted = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMAA=\n-----END ENCRYPTED PRIVATE KEY-----\n";
        let refused = ClientKey::from_pem(encrypted, "kid").unwrap_err().to_string();
        assert!(refused.contains("decrypt it first"), "{refused}");
        let certificate = "-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n";
        let refused = ClientKey::from_pem(certificate, "kid").unwrap_err().to_string();
        assert!(refused.contains("is not a private key"), "{refused}");
    }

    #[test]
    fn enterprise_certificates_load_from_pkcs12_both_modern_and_legacy() {
        let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        for name in ["enterprise-test.p12", "enterprise-test-legacy.p12"] {
            let data = std::fs::read(fixtures.join(name)).unwrap();
            let key = ClientKey::from_pkcs12(&data, "test-password").unwrap_or_else(|e| panic!("{name}: {e}"));
            let KeyReference::X5c(chain) = key.reference() else { panic!("{name}: x5c expected") };
            assert_eq!(chain.len(), 1, "the leaf certificate only");
            let der = STANDARD.decode(&chain[0]).unwrap();
            assert_eq!(certificate_org_number(&der).as_deref(), Some("991825827"));
            assert_eq!(certificate_public_key(&der), Some(key.public_key()));
            assert!(matches!(ClientKey::from_pkcs12(&data, "wrong"), Err(KeyError::Pkcs12(_))));
        }
    }

    #[test]
    fn bad_keys_are_explained() {
        let key = ClientKey::generate(2048).unwrap();
        assert!(
            matches!(ClientKey::from_jwk(&key.public_jwk().to_string()), Err(KeyError::Jwk(m)) if m.contains("public key"))
        );
        assert!(matches!(ClientKey::from_pem("-----BEGIN NOTHING-----", "k"), Err(KeyError::Pem(_))));
        assert!(matches!(ClientKey::from_pem(&key.private_pem(), " "), Err(KeyError::MissingKid)));
        assert!(matches!(ClientKey::generate(1024), Err(KeyError::TooSmall(1024))));
        assert!(!format!("{:?}", key).contains(&key.private_jwk()["d"].as_str().unwrap()[..20]));
    }
}
