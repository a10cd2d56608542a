//! The SDK configured as `dp` is (`ClientBuilder::from_vars`, `Client::from_env`), and an events
//! follower that starts from now, against a real dp-server.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use dialogporten::auth::{ClientKey, StaticToken};
use dialogporten::events::{EventQuery, EventsClient};
use dialogporten::prelude::*;
use dialogporten::{ClientBuilder, validate};
use dialogporten_server::{Config, DEV_TOKEN, MaskinportenClient, auth::scopes};
use dp_integration_tests::spawn;
use serde_json::json;

fn vars(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + use<> {
    let map: HashMap<String, String> = pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    move |name| map.get(name).cloned()
}

async fn create(client: &Client, title: &str) -> uuid::Uuid {
    let body: types::CreateDialog = validate::bind(json!({
        "serviceResource": "urn:altinn:resource:dp-test",
        "party": "urn:altinn:organization:identifier-no:991825827",
        "content": {"title": {"value": [{"languageCode": "nb", "value": title}]}}
    }))
    .expect("a body");
    client.create_dialog().body(body).send().await.expect("created").into_inner()
}

#[tokio::test]
async fn a_token_and_a_base_url_from_the_environment() {
    let server = spawn(Config::dev()).await;
    let client = ClientBuilder::from_vars(vars(&[("DP_BASE_URL", &server.base_url), ("DP_TOKEN", DEV_TOKEN)]))
        .expect("configured")
        .build()
        .expect("built");
    assert_eq!(client.environment().base_url(), server.base_url);
    create(&client, "Fra miljøet").await;
}

#[tokio::test]
async fn a_maskinporten_client_and_key_from_the_environment() {
    let key = ClientKey::generate(2048).expect("a key").with_kid("key-1");
    let registered = MaskinportenClient {
        client_id: "env-client".into(),
        org_number: "991825827".into(),
        scopes: vec![scopes::SERVICE_PROVIDER.into(), scopes::SEARCH.into()],
        keys: vec![key.public_jwk()],
        delegations: Vec::new(),
        system_users: Vec::new(),
    };
    let server = spawn(Config::dev().with_client(registered)).await;
    let jwk = key.private_jwk().to_string();
    let client = ClientBuilder::from_vars(vars(&[
        ("DP_ENV", &server.base_url),
        ("DP_CLIENT_ID", "env-client"),
        ("DP_KEY", &jwk),
    ]))
    .expect("configured")
    .build()
    .expect("built");
    create(&client, "Med Maskinporten").await;
}

#[test]
fn what_is_missing_or_wrong_is_named() {
    let message = |pairs: &[(&str, &str)]| ClientBuilder::from_vars(vars(pairs)).err().map(|e| e.to_string());
    assert!(message(&[]).is_some_and(|m| m.contains("DP_TOKEN")), "no credentials");
    assert!(message(&[("DP_CLIENT_ID", "x")]).is_some_and(|m| m.contains("DP_KEY")), "a client id needs a key");
    assert!(message(&[("DP_ENV", "staging2"), ("DP_TOKEN", "t")]).is_some_and(|m| m.contains("DP_ENV")));
    assert!(message(&[("DP_TIMEOUT", "soon"), ("DP_TOKEN", "t")]).is_some_and(|m| m.contains("DP_TIMEOUT")));
    assert!(
        message(&[("DP_CLIENT_ID", "x"), ("DP_KEY", "-----BEGIN PRIVATE KEY-----")]).is_some_and(|m| m.contains("kid")),
        "a PEM key needs its kid"
    );
    let local = ClientBuilder::from_vars(vars(&[("DP_TOKEN", "t")])).expect("local by default").build().expect("built");
    assert_eq!(local.environment().base_url(), dialogporten::LOCAL_URL);
}

#[test]
fn which_credentials_won_is_said() {
    let said = |pairs: &[(&str, &str)]| ClientBuilder::from_vars(vars(pairs)).expect("configured").credentials();
    assert_eq!(said(&[("DP_TOKEN", "t")]), Some("DP_TOKEN"));
    let both = said(&[("DP_TOKEN", "t"), ("DP_CLIENT_ID", "x")]).expect("said");
    assert!(both.starts_with("DP_TOKEN") && both.contains("DP_CLIENT_ID is set too and not used"), "{both}");
    assert_eq!(Client::builder(Environment::Tt02).credentials(), None, "not from the environment");
}

#[tokio::test]
async fn an_events_query_without_a_resource_is_refused_before_sending() {
    // Nothing listens here: a request that went out would fail to connect instead.
    let events = EventsClient::new("http://127.0.0.1:9", Arc::new(StaticToken::new(DEV_TOKEN)));
    let error = events.page(&EventQuery::default()).await.expect_err("refused");
    assert!(matches!(error, dialogporten::Error::InvalidRequest(_)), "{error:?}");
    assert!(error.to_string().contains("EventQuery::new"), "says what to do: {error}");
}

#[tokio::test]
async fn following_from_now_skips_what_happened_before() {
    let server = spawn(Config::dev()).await;
    let client = ClientBuilder::from_vars(vars(&[("DP_BASE_URL", &server.base_url), ("DP_TOKEN", DEV_TOKEN)]))
        .expect("configured")
        .build()
        .expect("built");
    for n in 0..3 {
        create(&client, &format!("Før {n}")).await;
    }
    let events = EventsClient::new(&server.base_url, Arc::new(StaticToken::new(DEV_TOKEN)));
    let query = EventQuery::new("urn:altinn:resource:dp-test");
    let mut follower =
        std::pin::pin!(events.follow_from_now(query.poll_every(Duration::from_millis(20))).await.expect("the end"));
    let after = create(&client, "Etter").await;
    let first = follower.try_next().await.expect("an event").expect("one");
    assert_eq!(first.dialog_id(), Some(after), "the first event followed is the new dialog's");
}
