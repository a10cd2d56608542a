//! The security probe of issue 30 as a table: every kind of token dp-server issues, and every
//! forgery of one, against the service-owner and the end-user API. Bearer tokens are checked as
//! the real issuers' are (reference: auth-events-migration.md §1.3–1.4 for Maskinporten,
//! enduser-tokens-limits.md §3 for ID-porten): the issuer is the configured one, never a
//! request's `Host`; `exp`, `iat` and `nbf` hold within 10 s; an access token is not an ID token
//! or a refresh token; a person's token is not a service owner's. Grants carry a `jti` and are
//! used once (Maskinporten's MP-012). What a `--dev` server issued is refused without `--dev`.
//!
//! Forgeries are signed with the server's own key, read from its database file as an attacker
//! with the file could: the checks must hold even for a token whose signature verifies.

use chrono::Utc;
use dialogporten::Environment;
use dialogporten::auth::rsa::RsaPrivateKey;
use dialogporten::auth::{ClientKey, MaskinportenConfig, MaskinportenProvider, TokenProvider, grant, jwt};
use dialogporten::reqwest::Method;
use dialogporten_server::auth::scopes;
use dialogporten_server::{Config, EndUser, MaskinportenClient};
use dp_integration_tests::conformance::{Dp, end_user_token};
use serde_json::{Value, json};
use uuid::Uuid;

const DIGDIR: &str = "991825827";
const PID: &str = "08844397713";
const SO: &str = "/api/v1/serviceowner/dialogs";
const EU: &str = "/api/v1/enduser/parties";

fn client(key: &ClientKey) -> MaskinportenClient {
    MaskinportenClient {
        client_id: "client-1".into(),
        org_number: DIGDIR.into(),
        scopes: vec![scopes::SERVICE_PROVIDER.into(), scopes::SEARCH.into()],
        keys: vec![key.public_jwk()],
        delegations: vec![],
        system_users: vec![],
    }
}

fn person() -> EndUser {
    EndUser { pid: PID.into(), name: Some("Ola Nordmann".into()), acts_for: vec![], denied_actions: vec![] }
}

/// The server's signing key, from its database file.
fn server_key(path: &std::path::Path) -> RsaPrivateKey {
    let db = rusqlite::Connection::open(path).unwrap();
    let pem: String = db.query_row("SELECT pem FROM signing_keys", [], |row| row.get(0)).unwrap();
    RsaPrivateKey::from_pem(&pem).unwrap()
}

/// `claims` signed with `key` as a token of `typ` would be.
fn forge(key: &RsaPrivateKey, typ: &str, claims: &Value) -> String {
    let header = json!({"typ": typ, "kid": key.public_key().thumbprint()});
    jwt::sign(&header, claims, key, jwt::Algorithm::RS256).unwrap()
}

/// Posts a grant to the server's `/token` (with extra headers) and returns the status and body.
async fn post_grant(base: &str, assertion: &str, headers: &[(&str, &str)]) -> (u16, Value) {
    let mut request = dialogporten::transport::http_client()
        .post(format!("{base}/token"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion={assertion}"));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.unwrap();
    (response.status().as_u16(), response.json().await.unwrap_or(Value::Null))
}

async fn status(dp: &Dp, path: &str, token: &str) -> u16 {
    dp.as_token(token).send(Method::GET, path, None).await.status
}

async fn maskinporten_token(dp: &Dp, key: &ClientKey) -> String {
    let config = MaskinportenConfig::new(&Environment::Local(dp.server.base_url.clone()), "client-1")
        .scopes([scopes::SERVICE_PROVIDER, scopes::SEARCH]);
    MaskinportenProvider::new(config, key.clone()).token().await.unwrap().expose().to_owned()
}

/// Logs the person in: their access, ID and refresh token.
async fn person_tokens(dp: &Dp) -> (String, String, String) {
    let answer = dp_integration_tests::conformance::end_user_tokens(dp, PID).await;
    let text = |k: &str| answer[k].as_str().unwrap().to_owned();
    (text("access_token"), text("id_token"), text("refresh_token"))
}

#[tokio::test]
async fn every_token_kind_and_forgery_is_answered_as_the_real_issuers_would() {
    let path = dp_integration_tests::sandbox::temp_db("token-checks");
    let key = ClientKey::generate(2048).unwrap().with_kid("key-1");
    let dp = Dp::with(Config::dev().with_database_file(&path).with_client(client(&key)).with_end_user(person())).await;
    let base = dp.server.base_url.clone();
    let signing = server_key(&path);
    let issued = maskinporten_token(&dp, &key).await;
    let (person_access, id_token, refresh_token) = person_tokens(&dp).await;
    let (_, so_claims) = jwt::decode_unverified(&issued).unwrap();
    let (_, person_claims) = jwt::decode_unverified(&person_access).unwrap();
    let now = Utc::now().timestamp();
    let so_with = |key: &str, value: Value| {
        let mut claims = so_claims.clone();
        match value {
            Value::Null => {
                claims.as_object_mut().map(|m| m.remove(key));
            }
            value => claims[key] = value,
        }
        forge(&signing, "at+jwt", &claims)
    };
    let mut person_as_service_owner = person_claims.clone();
    person_as_service_owner["consumer"] = so_claims["consumer"].clone();
    person_as_service_owner["scope"] = so_claims["scope"].clone();
    let mut suffix_only = person_claims.clone();
    suffix_only["iss"] = json!("http://evil.example/idporten/");
    let other_key = ClientKey::generate(2048).unwrap();

    // (what, token, the API it is sent to, the answer)
    let rows: Vec<(&str, String, &str, u16)> = vec![
        ("a Maskinporten token from /token", issued.clone(), SO, 200),
        ("the same token re-signed as it was", forge(&signing, "at+jwt", &so_claims), SO, 200),
        ("a Maskinporten token on the end-user API", issued.clone(), EU, 401),
        ("iss of another host", so_with("iss", json!("http://evil.example/")), SO, 401),
        ("no iss", so_with("iss", Value::Null), SO, 401),
        ("nbf an hour ahead", so_with("nbf", json!(now + 3600)), SO, 401),
        ("nbf within the leeway", so_with("nbf", json!(now + 5)), SO, 200),
        ("iat an hour ahead", so_with("iat", json!(now + 3600)), SO, 401),
        ("no iat", so_with("iat", Value::Null), SO, 401),
        ("expired an hour ago", so_with("exp", json!(now - 3600)), SO, 401),
        ("no exp", so_with("exp", Value::Null), SO, 401),
        ("not an access token (typ JWT)", forge(&signing, "JWT", &so_claims), SO, 401),
        (
            "signed with another key",
            jwt::sign(
                &json!({"typ": "at+jwt", "kid": signing.public_key().thumbprint()}),
                &so_claims,
                other_key.private_key(),
                jwt::Algorithm::RS256,
            )
            .unwrap(),
            SO,
            401,
        ),
        ("a person's access token", person_access.clone(), EU, 200),
        ("a person's access token on the service-owner API", person_access.clone(), SO, 401),
        (
            "a person's token carrying a service owner's consumer and scope",
            forge(&signing, "at+jwt", &person_as_service_owner),
            SO,
            401,
        ),
        ("a person's token whose issuer only ends in /idporten/", forge(&signing, "at+jwt", &suffix_only), EU, 401),
        ("an ID token", id_token, EU, 401),
        ("a refresh token", refresh_token, EU, 401),
    ];
    let mut wrong = Vec::new();
    for (what, token, api, expected) in rows {
        let got = status(&dp, api, &token).await;
        if got != expected {
            wrong.push(format!("{what} on {api}: {got}, expected {expected}"));
        }
    }
    assert!(wrong.is_empty(), "{} tokens answered wrongly:\n{}", wrong.len(), wrong.join("\n"));

    // The issuer is the configured one: a grant for the issuer a Host header names is refused,
    // and the well-known document does not follow Host.
    let config =
        MaskinportenConfig::new(&Environment::Local(base.clone()), "client-1").scopes([scopes::SERVICE_PROVIDER]);
    let mut claims = config.claims(Utc::now(), Uuid::new_v4());
    claims["aud"] = json!("http://evil.example/");
    let evil = jwt::sign(&json!({"kid": "key-1"}), &claims, key.private_key(), jwt::Algorithm::RS256).unwrap();
    let (refused, _) = post_grant(&base, &evil, &[("host", "evil.example")]).await;
    assert_eq!(refused, 400, "a grant for the Host's issuer");
    let http = dialogporten::transport::http_client();
    let well_known: Value = http
        .get(format!("{base}/.well-known/oauth-authorization-server"))
        .header("host", "evil.example")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(well_known["issuer"], format!("{base}/"));
    dp.server.shutdown().await.unwrap();
    let _ = std::fs::remove_file(&path);
}

/// Maskinporten refuses a grant it has seen (MP-012); a grant without `jti` could be replayed for
/// its whole lifetime, so dp-server requires one.
#[tokio::test]
async fn a_grant_needs_a_jti_and_is_used_once() {
    let key = ClientKey::generate(2048).unwrap().with_kid("key-1");
    let dp = Dp::with(Config::dev().with_client(client(&key))).await;
    let config = MaskinportenConfig::new(&Environment::Local(dp.server.base_url.clone()), "client-1")
        .scopes([scopes::SERVICE_PROVIDER]);
    let base = dp.server.base_url.clone();
    let post = |assertion: String| {
        let base = base.clone();
        async move { post_grant(&base, &assertion, &[]).await }
    };
    let mut claims = config.claims(Utc::now(), Uuid::new_v4());
    claims.as_object_mut().map(|m| m.remove("jti"));
    let without = jwt::sign(&json!({"kid": "key-1"}), &claims, key.private_key(), jwt::Algorithm::RS256).unwrap();
    let (status, body) = post(without.clone()).await;
    assert_eq!(status, 400);
    assert!(body["error_description"].as_str().unwrap().contains("jti is required"), "{body}");
    let once = grant(&config, &key, Utc::now()).unwrap();
    assert_eq!(post(once.clone()).await.0, 200);
    let (status, body) = post(once).await;
    assert_eq!(status, 400);
    assert!(body["error_description"].as_str().unwrap().contains("MP-012"), "{body}");
}

/// Development state belongs to development: a client registered through `/development/clients`
/// and a person's login at the development ID-porten work while the server runs with `--dev`,
/// and stop working when the same database is served without it.
#[tokio::test]
async fn what_a_dev_server_issued_ends_with_dev() {
    let path = dp_integration_tests::sandbox::temp_db("dev-state");
    let key = ClientKey::generate(2048).unwrap().with_kid("key-1");
    let dev = Dp::with(Config::dev().with_database_file(&path).with_end_user(person())).await;
    let registered = dialogporten::transport::http_client()
        .post(format!("{}/development/clients", dev.server.base_url))
        .json(&client(&key))
        .send()
        .await
        .unwrap();
    assert_eq!(registered.status().as_u16(), 204);
    let service_owner = maskinporten_token(&dev, &key).await;
    let person = end_user_token(&dev, PID).await;
    assert_eq!(status(&dev, SO, &service_owner).await, 200, "with --dev");
    assert_eq!(status(&dev, EU, &person).await, 200, "with --dev");
    let public_url = dev.server.base_url.clone();
    dev.server.shutdown().await.unwrap();

    // The same database and the same public URL (so the same issuers), without --dev.
    let mut config = Config::dev().with_database_file(&path).with_end_user(self::person());
    config.dev = false;
    config.tokens.clear();
    config.public_url = Some(public_url.clone());
    let plain = Dp::with(config).await;
    assert_eq!(status(&plain, SO, &service_owner).await, 401, "a dev client's token without --dev");
    assert_eq!(status(&plain, EU, &person).await, 401, "a development login without --dev");
    let mut claims = MaskinportenConfig::new(&Environment::Local(plain.server.base_url.clone()), "client-1")
        .scopes([scopes::SERVICE_PROVIDER])
        .claims(Utc::now(), Uuid::new_v4());
    claims["aud"] = json!(format!("{public_url}/"));
    let assertion = jwt::sign(&json!({"kid": "key-1"}), &claims, key.private_key(), jwt::Algorithm::RS256).unwrap();
    let (status_code, body) = post_grant(&plain.server.base_url, &assertion, &[]).await;
    assert_eq!(
        (status_code, body["error"].as_str()),
        (401, Some("invalid_client")),
        "the dev client gets no new token without --dev: {body}"
    );
    plain.server.shutdown().await.unwrap();
    let _ = std::fs::remove_file(&path);
}

/// The rest of the probe's matrix: two organisations and two people, each with a token of their
/// own kind, reach only what is theirs (another organisation's dialog does not exist for it: 404;
/// another person's is refused: 403, as upstream).
#[tokio::test]
async fn two_organisations_and_two_people_reach_only_their_own() {
    const OTHER_PID: &str = "15242005985";
    let key = ClientKey::generate(2048).unwrap().with_kid("key-1");
    let other_org = dialogporten_server::TokenGrant::service_owner("other-org-token", "ttd", "974760673");
    let other_person = EndUser { pid: OTHER_PID.into(), name: None, acts_for: vec![], denied_actions: vec![] };
    let dp = Dp::with(
        Config::dev()
            .with_client(client(&key))
            .with_token(other_org)
            .with_end_user(person())
            .with_end_user(other_person),
    )
    .await;
    let org_a = maskinporten_token(&dp, &key).await;
    let org_b = "other-org-token".to_owned();
    let person_a = end_user_token(&dp, PID).await;
    let person_b = end_user_token(&dp, OTHER_PID).await;
    let mut body = dp_integration_tests::conformance::dialog();
    body["party"] = json!(format!("urn:altinn:person:identifier-no:{PID}"));
    let of_a = dp.as_token(&org_a).send(Method::POST, SO, Some(&body)).await.id();
    body["party"] = json!(format!("urn:altinn:person:identifier-no:{OTHER_PID}"));
    let of_b = dp.as_token(&org_b).send(Method::POST, SO, Some(&body)).await.id();
    let so = |id: Uuid| format!("{SO}/{id}");
    let eu = |id: Uuid| format!("/api/v1/enduser/dialogs/{id}");
    let rows: Vec<(&str, &str, Method, String, u16)> = vec![
        ("organisation A reads its dialog", &org_a, Method::GET, so(of_a), 200),
        ("organisation A reads B's", &org_a, Method::GET, so(of_b), 404),
        ("organisation B reads A's", &org_b, Method::GET, so(of_a), 404),
        ("organisation B reads its dialog", &org_b, Method::GET, so(of_b), 200),
        ("organisation A deletes B's", &org_a, Method::DELETE, so(of_b), 404),
        ("organisation A lists B's activities", &org_a, Method::GET, format!("{}/activities", so(of_b)), 404),
        ("person A reads theirs", &person_a, Method::GET, eu(of_a), 200),
        ("person A reads B's", &person_a, Method::GET, eu(of_b), 403),
        ("person B reads A's", &person_b, Method::GET, eu(of_a), 403),
        ("person B reads theirs", &person_b, Method::GET, eu(of_b), 200),
        ("person A on the service-owner API", &person_a, Method::GET, so(of_a), 401),
        ("organisation A on the end-user API", &org_a, Method::GET, eu(of_a), 401),
    ];
    let mut wrong = Vec::new();
    for (what, token, method, path, expected) in rows {
        let got = dp.as_token(token).send(method, &path, None).await.status;
        if got != expected {
            wrong.push(format!("{what}: {got}, expected {expected}"));
        }
    }
    assert!(wrong.is_empty(), "{} requests answered wrongly:\n{}", wrong.len(), wrong.join("\n"));
    assert_eq!(dp.as_token(&org_b).send(Method::GET, &so(of_b), None).await.status, 200, "B's dialog is still there");
}
