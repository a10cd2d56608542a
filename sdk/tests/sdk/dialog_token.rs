//! The SDK's dialog-token verifier against a JWKS served over loopback: every check of Digdir's
//! guidance refuses with its own reason, and a rotated key is taken without a restart.
//! Tokens are made here as Dialogporten makes them (reference: enduser-tokens-limits.md §2;
//! upstream `IDialogTokenGenerator.cs`, `DialogTokenValidatorTests.cs`).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use aws_lc_rs::signature::{Ed25519KeyPair, KeyPair};
use axum::Json;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use base64::Engine;
use chrono::Utc;
use dialogporten::dialog_token::{DialogTokenVerifier, Rejection, Requirements};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};
use uuid::Uuid;

struct SigningKey {
    kid: String,
    pkcs8: Vec<u8>,
    x: String,
}

fn signing_key(kid: &str) -> SigningKey {
    let pkcs8 = Ed25519KeyPair::generate_pkcs8(&aws_lc_rs::rand::SystemRandom::new()).expect("a key").as_ref().to_vec();
    let pair = Ed25519KeyPair::from_pkcs8(&pkcs8).expect("the key reads back");
    let x = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(pair.public_key().as_ref());
    SigningKey { kid: kid.to_owned(), pkcs8, x }
}

impl SigningKey {
    fn jwk(&self) -> Value {
        json!({"kty": "OKP", "crv": "Ed25519", "use": "sig", "alg": "EdDSA", "kid": self.kid, "x": self.x})
    }

    fn sign(&self, header: Header, claims: &Value) -> String {
        jsonwebtoken::encode(&header, claims, &EncodingKey::from_ed_der(&self.pkcs8)).expect("signed")
    }

    fn token(&self, claims: &Value) -> String {
        let mut header = Header::new(Algorithm::EdDSA);
        header.kid = Some(self.kid.clone());
        self.sign(header, claims)
    }
}

/// A JWKS endpoint whose keys the test changes, counting fetches; `failing` answers 500.
#[derive(Clone, Default)]
struct Published {
    jwks: Arc<Mutex<Value>>,
    fetches: Arc<AtomicUsize>,
    failing: Arc<std::sync::atomic::AtomicBool>,
}

async fn serve(published: Published) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let base = format!("http://{}", listener.local_addr().expect("an address"));
    let app = axum::Router::new().route(
        "/api/v1/.well-known/jwks.json",
        get(move || {
            let published = published.clone();
            async move {
                published.fetches.fetch_add(1, Ordering::SeqCst);
                if published.failing.load(Ordering::SeqCst) {
                    return StatusCode::INTERNAL_SERVER_ERROR.into_response();
                }
                let jwks = published.jwks.lock().map(|j| j.clone()).unwrap_or_default();
                Json(jwks).into_response()
            }
        }),
    );
    tokio::spawn(async move { axum::serve(listener, app).await });
    base
}

struct Setup {
    issuer: String,
    primary: SigningKey,
    published: Published,
    verifier: DialogTokenVerifier,
    dialog: Uuid,
}

async fn setup() -> Setup {
    let primary = signing_key("primary");
    let secondary = signing_key("secondary");
    let published = Published::default();
    *published.jwks.lock().expect("unlocked") = json!({"keys": [primary.jwk(), secondary.jwk()]});
    let base = serve(published.clone()).await;
    let verifier = DialogTokenVerifier::for_environment(&dialogporten::Environment::Local(base.clone()));
    Setup { issuer: format!("{base}/api/v1"), primary, published, verifier, dialog: Uuid::now_v7() }
}

impl Setup {
    /// Claims as Dialogporten issues them, valid now for ten minutes.
    fn claims(&self) -> Value {
        let now = Utc::now().timestamp();
        json!({
            "jti": Uuid::new_v4(), "iss": self.issuer, "iat": now, "nbf": now, "exp": now + 600,
            "c": "urn:altinn:person:identifier-no:08844397713", "l": 3,
            "p": "urn:altinn:person:identifier-no:08844397713", "s": "urn:altinn:resource:my-service",
            "i": self.dialog, "a": "read;write;elementread,urn:altinn:subresource:x", "e": ["ref-1"]
        })
    }

    fn required(&self) -> Requirements {
        Requirements::for_dialog(self.dialog).action("write").min_level(3)
    }

    async fn verdict(&self, token: &str) -> Result<(), Rejection> {
        self.verifier.verify(token, &self.required()).await.map(|_| ())
    }
}

#[tokio::test]
async fn a_token_as_dialogporten_issues_it_verifies_with_its_claims() {
    let s = setup().await;
    let claims = s.verifier.verify(&s.primary.token(&s.claims()), &s.required()).await.expect("valid");
    assert_eq!(claims.dialog_id, s.dialog);
    assert_eq!(claims.level, 3);
    assert!(claims.allows("READ") && claims.allows("elementread,urn:altinn:subresource:x"));
    assert!(!claims.allows("sign"));
    assert_eq!(claims.entities, ["ref-1"]);
    let with_entity = Requirements::for_dialog(s.dialog).entity("ref-1");
    assert!(s.verifier.verify(&s.primary.token(&s.claims()), &with_entity).await.is_ok());
}

#[tokio::test]
async fn each_check_refuses_with_its_own_reason() {
    let s = setup().await;
    let with = |change: &dyn Fn(&mut Value)| {
        let mut claims = s.claims();
        change(&mut claims);
        s.primary.token(&claims)
    };
    let now = Utc::now().timestamp();

    // One signature byte changed: its first character, whose six bits all count.
    let token = s.primary.token(&s.claims());
    let at = token.rfind('.').expect("a signature") + 1;
    let first = token[at..].chars().next().expect("a signature");
    let tampered = format!("{}{}{}", &token[..at], if first == 'A' { 'B' } else { 'A' }, &token[at + 1..]);
    assert_eq!(s.verdict(&tampered).await, Err(Rejection::Signature), "a changed signature");

    let stranger = signing_key("stranger");
    assert_eq!(
        s.verdict(&stranger.token(&s.claims())).await,
        Err(Rejection::UnknownKey(Some("stranger".into()))),
        "an unknown kid"
    );
    let other = with(&|c| c["iss"] = json!("https://platform.altinn.no/dialogporten/api/v1"));
    assert!(matches!(s.verdict(&other).await, Err(Rejection::Issuer { .. })), "another issuer");
    let expired = with(&|c| {
        c["iat"] = json!(now - 700);
        c["nbf"] = json!(now - 700);
        c["exp"] = json!(now - 100);
    });
    assert_eq!(s.verdict(&expired).await, Err(Rejection::Expired), "an expired token");
    let early = with(&|c| c["nbf"] = json!(now + 300));
    assert_eq!(s.verdict(&early).await, Err(Rejection::NotYetValid), "a token not valid yet");
    let elsewhere = with(&|c| c["i"] = json!(Uuid::now_v7()));
    assert!(matches!(s.verdict(&elsewhere).await, Err(Rejection::Dialog { .. })), "another dialog");
    let read_only = with(&|c| c["a"] = json!("read"));
    assert_eq!(s.verdict(&read_only).await, Err(Rejection::Action("write".into())), "a missing action");
    let weak = with(&|c| c["l"] = json!(2));
    assert_eq!(s.verdict(&weak).await, Err(Rejection::Level { required: 3, found: 2 }), "a low level");
    let other_entity = Requirements::for_dialog(s.dialog).entity("ref-2");
    assert_eq!(
        s.verifier.verify(&s.primary.token(&s.claims()), &other_entity).await.map(|_| ()),
        Err(Rejection::Entity("ref-2".into()))
    );

    let mut hmac = Header::new(Algorithm::HS256);
    hmac.kid = Some("primary".into());
    let hs256 =
        jsonwebtoken::encode(&hmac, &s.claims(), &EncodingKey::from_secret(s.primary.x.as_bytes()).expect("a key"))
            .expect("signed");
    assert_eq!(s.verdict(&hs256).await, Err(Rejection::Algorithm("HS256".into())), "alg other than EdDSA");
    let mut typed = Header::new(Algorithm::EdDSA);
    typed.kid = Some("primary".into());
    typed.typ = Some("at+jwt".into());
    assert_eq!(
        s.verdict(&s.primary.sign(typed, &s.claims())).await,
        Err(Rejection::Type(Some("at+jwt".into()))),
        "typ other than JWT"
    );
    let mut missing = s.claims();
    missing.as_object_mut().map(|m| m.remove("l"));
    assert!(matches!(s.verdict(&s.primary.token(&missing)).await, Err(Rejection::Malformed(_))), "a claim missing");
    assert!(matches!(s.verdict("not.a.token").await, Err(Rejection::Malformed(_))));
}

#[tokio::test]
async fn a_rotated_key_is_taken_without_a_restart_and_a_failed_fetch_keeps_the_keys() {
    let s = setup().await;
    assert!(s.verdict(&s.primary.token(&s.claims())).await.is_ok());
    assert_eq!(s.published.fetches.load(Ordering::SeqCst), 1, "fetched once, on first use");
    assert!(s.verdict(&s.primary.token(&s.claims())).await.is_ok());
    assert_eq!(s.published.fetches.load(Ordering::SeqCst), 1, "then from memory");

    // Rotation: a new key is published and signs; the verifier fetches again for its kid.
    let next = signing_key("next");
    *s.published.jwks.lock().expect("unlocked") = json!({"keys": [s.primary.jwk(), next.jwk()]});
    assert!(s.verdict(&next.token(&s.claims())).await.is_ok(), "the new key's token verifies");
    assert_eq!(s.published.fetches.load(Ordering::SeqCst), 2);

    // An unknown kid does not make it fetch on every request.
    let stranger = signing_key("stranger");
    for _ in 0..3 {
        assert!(matches!(s.verdict(&stranger.token(&s.claims())).await, Err(Rejection::UnknownKey(_))));
    }
    assert_eq!(s.published.fetches.load(Ordering::SeqCst), 2, "at most one refetch a minute");

    // The endpoint failing takes nothing away.
    s.published.failing.store(true, Ordering::SeqCst);
    assert!(s.verdict(&next.token(&s.claims())).await.is_ok(), "the keys it has still verify");
}

#[tokio::test]
async fn without_any_keys_nothing_verifies() {
    let published = Published::default();
    published.failing.store(true, Ordering::SeqCst);
    let base = serve(published).await;
    let verifier = DialogTokenVerifier::for_environment(&dialogporten::Environment::Local(base.clone()));
    let key = signing_key("primary");
    let now = Utc::now().timestamp();
    let token = key.token(&json!({"iss": format!("{base}/api/v1"), "iat": now, "nbf": now, "exp": now + 600}));
    let refused = verifier.verify(&token, &Requirements::any_dialog()).await;
    assert!(matches!(refused, Err(Rejection::Keys(_))), "fail closed: {refused:?}");
}
