//! dp-server --dev as ID-porten for end users: the authorization code flow with PKCE (S256) and
//! `state`, headless through the development login (reference: enduser-tokens-limits.md §3).

use base64::Engine;
use dialogporten::reqwest::{Client, StatusCode, Url, redirect::Policy};
use dialogporten_server::{Config, Running};
use serde_json::Value;
use sha2::{Digest, Sha256};

const PID: &str = "08844397713";
const REDIRECT: &str = "http://127.0.0.1:49152/callback";

async fn spawn() -> Running {
    dp_integration_tests::spawn(Config::dev()).await
}

fn http() -> Client {
    dialogporten::transport::http_client_builder().redirect(Policy::none()).build().expect("a client")
}

async fn get_json(url: &str) -> Value {
    http().get(url).send().await.expect("answered").json().await.expect("JSON")
}

fn challenge(verifier: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

fn authorize_url(server: &Running, pairs: &[(&str, &str)]) -> String {
    let mut url = Url::parse(&format!("{}/idporten/authorize", server.base_url)).expect("a URL");
    url.query_pairs_mut().extend_pairs(pairs);
    url.to_string()
}

/// The redirect's query, as the loopback listener of a native client would read it.
fn redirected(response: &dialogporten::reqwest::Response) -> Vec<(String, String)> {
    let location = response.headers().get("location").and_then(|l| l.to_str().ok()).expect("a redirect");
    assert!(location.starts_with(REDIRECT), "back to the loopback redirect: {location}");
    Url::parse(location).expect("a URL").query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

fn get<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

fn claims(jwt: &str) -> Value {
    let payload = jwt.split('.').nth(1).expect("a JWT");
    serde_json::from_slice(&base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload).expect("base64url"))
        .expect("JSON")
}

async fn exchange(server: &Running, code: &str, verifier: &str) -> (StatusCode, Value) {
    let form = [
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", REDIRECT),
        ("client_id", "dp-cli"),
        ("code_verifier", verifier),
    ];
    let body: String = dialogporten::reqwest::Url::parse_with_params("http://x/", &form)
        .expect("encoded")
        .query()
        .unwrap_or_default()
        .to_owned();
    let response = http()
        .post(format!("{}/idporten/token", server.base_url))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .expect("answered");
    (response.status(), response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_person_logs_in_with_pkce_and_gets_id_porten_tokens() {
    let server = spawn().await;
    let verifier = "dp-test-verifier-0123456789-0123456789-0123456789";
    let pairs = [
        ("response_type", "code"),
        ("client_id", "dp-cli"),
        ("redirect_uri", REDIRECT),
        ("scope", "openid digdir:dialogporten"),
        ("state", "state-1"),
        ("nonce", "nonce-1"),
        ("code_challenge", &challenge(verifier)),
        ("code_challenge_method", "S256"),
    ];
    // Without a person: the development login form, carrying the request along.
    let form = http().get(authorize_url(&server, &pairs)).send().await.expect("answered");
    assert_eq!(form.status(), StatusCode::OK);
    let page = form.text().await.expect("a page");
    assert!(page.contains("name=\"pid\"") && page.contains("state-1"), "{page}");
    // With one: a code back to the loopback redirect, with the state.
    let mut with_pid = pairs.to_vec();
    with_pid.push(("pid", PID));
    let answer = http().get(authorize_url(&server, &with_pid)).send().await.expect("answered");
    assert_eq!(answer.status(), StatusCode::FOUND);
    let back = redirected(&answer);
    assert_eq!(get(&back, "state"), Some("state-1"));
    let code = get(&back, "code").expect("a code").to_owned();

    let (status, tokens) = exchange(&server, &code, verifier).await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    assert_eq!(tokens["token_type"], "Bearer");
    let access = claims(tokens["access_token"].as_str().expect("an access token"));
    assert_eq!(access["pid"], PID);
    assert_eq!(access["acr"], "idporten-loa-substantial");
    assert_eq!(access["scope"], "openid digdir:dialogporten");
    assert_eq!(access["iss"], format!("{}/idporten/", server.base_url));
    assert_eq!(claims(tokens["id_token"].as_str().expect("an id token"))["nonce"], "nonce-1");
    // Signed with the key the configuration points at.
    let jwks = get_json(&format!("{}/idporten/jwks.json", server.base_url)).await;
    let key = &jwks["keys"][0];
    let decoding =
        jsonwebtoken::DecodingKey::from_rsa_components(key["n"].as_str().expect("n"), key["e"].as_str().expect("e"))
            .expect("an RSA key");
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::RS256);
    validation.validate_aud = false;
    validation.set_issuer(&[format!("{}/idporten/", server.base_url)]);
    let verified =
        jsonwebtoken::decode::<Value>(tokens["access_token"].as_str().expect("a token"), &decoding, &validation);
    assert_eq!(verified.expect("the signature and issuer verify").claims["pid"], PID);

    let (again, refused) = exchange(&server, &code, verifier).await;
    assert_eq!(
        (again, refused["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_grant")),
        "a code is used once"
    );
}

#[tokio::test]
async fn the_verifier_the_redirect_and_the_person_are_checked() {
    let server = spawn().await;
    let verifier = "dp-test-verifier-0123456789-0123456789-0123456789";
    let base = |pid: &str, redirect: &str, method: &str| {
        vec![
            ("response_type", "code".to_owned()),
            ("client_id", "dp-cli".to_owned()),
            ("redirect_uri", redirect.to_owned()),
            ("state", "s".to_owned()),
            ("code_challenge", challenge(verifier)),
            ("code_challenge_method", method.to_owned()),
            ("pid", pid.to_owned()),
        ]
    };
    let url = |pairs: Vec<(&str, String)>| {
        let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        authorize_url(&server, &pairs)
    };
    // A code whose verifier does not match.
    let answer = http().get(url(base(PID, REDIRECT, "S256"))).send().await.expect("answered");
    let code = get(&redirected(&answer), "code").expect("a code").to_owned();
    let (status, refused) = exchange(&server, &code, "another-verifier-0123456789-0123456789-012345").await;
    assert_eq!((status, refused["error"].as_str()), (StatusCode::BAD_REQUEST, Some("invalid_grant")));
    assert!(refused["error_description"].as_str().is_some_and(|d| d.contains("PKCE")));

    // Only loopback redirects, and they are refused without redirecting anywhere.
    let elsewhere = http().get(url(base(PID, "https://example.com/callback", "S256"))).send().await.expect("answered");
    assert_eq!(elsewhere.status(), StatusCode::BAD_REQUEST);
    // Plain PKCE and an invalid person come back to the client as OAuth errors, with the state.
    for (pairs, error) in
        [(base(PID, REDIRECT, "plain"), "invalid_request"), (base("12345678901", REDIRECT, "S256"), "access_denied")]
    {
        let answer = http().get(url(pairs)).send().await.expect("answered");
        assert_eq!(answer.status(), StatusCode::FOUND);
        let back = redirected(&answer);
        assert_eq!((get(&back, "error"), get(&back, "state")), (Some(error), Some("s")));
    }
}

/// The endpoints a client discovers are where the SDK says an environment's ID-porten is.
#[tokio::test]
async fn the_configuration_names_the_endpoints_the_sdk_expects() {
    let server = spawn().await;
    let configuration = get_json(&format!("{}/idporten/.well-known/openid-configuration", server.base_url)).await;
    let expected = dialogporten::Environment::Local(server.base_url.clone()).idporten();
    assert_eq!(configuration["issuer"], expected.issuer);
    assert_eq!(configuration["authorization_endpoint"], expected.authorization_endpoint);
    assert_eq!(configuration["token_endpoint"], expected.token_endpoint);
    assert_eq!(configuration["jwks_uri"], expected.jwks_uri);
    assert_eq!(configuration["code_challenge_methods_supported"], serde_json::json!(["S256"]));
    let jwks = get_json(&expected.jwks_uri).await;
    assert_eq!(jwks["keys"][0]["kty"], "RSA", "the key its tokens are signed with");
}
