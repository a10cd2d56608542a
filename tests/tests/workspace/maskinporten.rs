//! Maskinporten end to end: the SDK's provider builds and signs grants, the
//! reference server's token endpoint checks them as Maskinporten does, and the
//! API accepts the tokens it issues.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use dialogporten::auth::{
    AuthError, ClientKey, FileTokenStore, MaskinportenConfig, MaskinportenProvider, SystemUser, TokenProvider, grant,
    jwt,
};
use dialogporten::{Client, Environment};
use dialogporten_server::{Config, MaskinportenClient, Running, SystemUserRegistration, auth::scopes};
use dp_integration_tests::sandbox::{dialog, typed};
use serde_json::{Value, json};

const DIGDIR: &str = "991825827";
const CUSTOMER: &str = "310000001";

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(dp_integration_tests::repo_root().join("sdk/tests/fixtures").join(name)).unwrap()
}

fn registered(client_id: &str, keys: Vec<Value>) -> MaskinportenClient {
    MaskinportenClient {
        client_id: client_id.into(),
        org_number: DIGDIR.into(),
        scopes: vec![scopes::SERVICE_PROVIDER.into(), scopes::SEARCH.into()],
        keys,
        delegations: vec![CUSTOMER.into()],
        system_users: vec![SystemUserRegistration { org_number: CUSTOMER.into(), external_ref: Some("ref-1".into()) }],
    }
}

struct Setup {
    server: Running,
    key: ClientKey,
}

async fn start(configure: impl FnOnce(Config) -> Config) -> Setup {
    let key = ClientKey::generate(2048).unwrap().with_kid("key-1");
    let config =
        Config::dev().with_client(registered("client-1", vec![key.public_jwk()])).with_service_owner("kunde", CUSTOMER);
    let server = dp_integration_tests::spawn(configure(config)).await;
    Setup { server, key }
}

fn config_for(server: &Running, client_id: &str) -> MaskinportenConfig {
    MaskinportenConfig::new(&Environment::Local(server.base_url.clone()), client_id)
        .scopes([scopes::SERVICE_PROVIDER, scopes::SEARCH])
}

fn client_with(server: &Running, provider: Arc<dyn TokenProvider>) -> Client {
    Client::builder(Environment::Local(server.base_url.clone()))
        .shared_token_provider(provider)
        .retry_policy(dialogporten::RetryPolicy::none())
        .build()
        .unwrap()
}

async fn create_and_read(client: &Client) -> dialogporten::types::Dialog {
    let created: dialogporten::Created = client
        .create_dialog()
        .body(typed::<dialogporten::types::CreateDialog>(dialog("Maskinporten")))
        .send()
        .await
        .unwrap()
        .into();
    client.get_dialog().dialog_id(created.id).send().await.unwrap().into_inner()
}

#[tokio::test]
async fn each_key_type_gets_a_token_the_api_accepts() {
    let setup = start(|config| config).await;
    let jwk_key =
        ClientKey::from_jwk(&setup.key.private_jwk().to_string()).unwrap().with_algorithm(jwt::Algorithm::RS384);
    let pem_key = ClientKey::from_pem(&setup.key.private_pkcs1_pem(), "key-1").unwrap();
    let p12_key = ClientKey::from_pkcs12(&fixture("enterprise-test.p12"), "test-password").unwrap();
    for (name, key) in [("pem", pem_key), ("jwk", jwk_key), ("pkcs12", p12_key)] {
        let provider = Arc::new(MaskinportenProvider::new(config_for(&setup.server, "client-1"), key));
        let client = client_with(&setup.server, provider);
        let dialog = create_and_read(&client).await;
        assert_eq!(dialog.org, "digdir", "{name}: the org comes from the token's consumer");
    }
}

#[tokio::test]
async fn one_fetch_serves_many_requests_and_concurrent_callers_share_it() {
    let setup = start(|config| config).await;
    let provider = Arc::new(MaskinportenProvider::new(config_for(&setup.server, "client-1"), setup.key.clone()));
    let client = client_with(&setup.server, provider.clone());
    let mut tasks = Vec::new();
    for _ in 0..10 {
        let client = client.clone();
        tasks.push(tokio::spawn(async move { client.search_dialogs().send().await.map(|_| ()) }));
    }
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    assert_eq!(setup.server.token_requests(), 1, "ten concurrent requests, one token request");
    create_and_read(&client).await;
    assert_eq!(setup.server.token_requests(), 1);
}

#[tokio::test]
async fn an_expiring_token_is_refreshed() {
    let setup = start(|mut config| {
        config.token_lifetime = Duration::from_secs(5);
        config
    })
    .await;
    let provider = Arc::new(MaskinportenProvider::new(config_for(&setup.server, "client-1"), setup.key.clone()));
    let first = provider.token().await.unwrap();
    let second = provider.token().await.unwrap();
    assert_eq!(setup.server.token_requests(), 2, "a token this close to expiry is not reused");
    assert_ne!(first.expose(), second.expose());
    create_and_read(&client_with(&setup.server, provider)).await;
}

#[tokio::test]
async fn a_token_store_shares_tokens_between_providers() {
    let setup = start(|config| config).await;
    let dir = std::env::temp_dir().join(format!("dp-mp-store-{}", uuid::Uuid::new_v4()));
    let store = Arc::new(FileTokenStore::new(&dir));
    for _ in 0..2 {
        // Each provider stands for a separate process: nothing is shared but the store.
        let provider = MaskinportenProvider::new(config_for(&setup.server, "client-1"), setup.key.clone())
            .with_store(store.clone());
        provider.token().await.unwrap();
    }
    assert_eq!(setup.server.token_requests(), 1);
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn supplier_and_system_user_grants() {
    let setup = start(|config| config).await;
    let mut supplier = config_for(&setup.server, "client-1");
    supplier.consumer_org = Some(CUSTOMER.into());
    let client = client_with(&setup.server, Arc::new(MaskinportenProvider::new(supplier, setup.key.clone())));
    assert_eq!(create_and_read(&client).await.org, "kunde", "a supplier acts as its customer");

    let mut undelegated = config_for(&setup.server, "client-1");
    undelegated.consumer_org = Some("310000002".into());
    let refused = MaskinportenProvider::new(undelegated, setup.key.clone()).token().await.unwrap_err();
    let AuthError::Maskinporten(error) = refused else { panic!("a Maskinporten refusal expected") };
    assert_eq!(error.code.as_deref(), Some("MP-251"));
    assert!(error.to_string().contains("must delegate"));

    let mut system_user = config_for(&setup.server, "client-1");
    system_user.system_user = Some(SystemUser { org_number: CUSTOMER.into(), external_ref: Some("ref-1".into()) });
    let token = MaskinportenProvider::new(system_user.clone(), setup.key.clone()).token().await.unwrap();
    let (_, claims) = jwt::decode_unverified(token.expose()).unwrap();
    assert_eq!(claims["authorization_details"][0]["systemuser_org"]["ID"], format!("0192:{CUSTOMER}"));
    system_user.system_user = Some(SystemUser { org_number: CUSTOMER.into(), external_ref: None });
    let refused = MaskinportenProvider::new(system_user, setup.key.clone()).token().await.unwrap_err();
    assert!(matches!(refused, AuthError::Maskinporten(e) if e.code.as_deref() == Some("MP-301")));
}

/// Posts a raw assertion and returns the status and body.
async fn post_grant(server: &Running, assertion: &str) -> (u16, Value) {
    let body = format!("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion={assertion}");
    let response = dialogporten::reqwest::Client::new()
        .post(format!("{}/token", server.base_url))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

#[tokio::test]
async fn every_kind_of_bad_grant_is_refused_in_maskinportens_words() {
    let setup = start(|config| config).await;
    let server = &setup.server;
    let config = config_for(server, "client-1");
    let now = Utc::now();
    let sign = |header: Value, claims: Value| {
        jwt::sign(&header, &claims, setup.key.private_key(), jwt::Algorithm::RS256).unwrap()
    };
    let claims = config.claims(now, uuid::Uuid::new_v4());
    let kid = json!({"kid": "key-1"});
    let with = |key: &str, value: Value| {
        let mut c = claims.clone();
        c[key] = value;
        c["jti"] = json!(uuid::Uuid::new_v4().to_string());
        c
    };
    let cases: Vec<(&str, String, &str)> = vec![
        ("unknown client", sign(kid.clone(), with("iss", json!("nobody"))), "invalid_client"),
        ("unknown kid", sign(json!({"kid": "other"}), with("jti", json!("j1"))), "no key with kid"),
        ("wrong audience", sign(kid.clone(), with("aud", json!("https://test.maskinporten.no/token"))), "MP-110"),
        ("clock ahead", sign(kid.clone(), with("iat", json!(now.timestamp() + 60))), "Issue time is after now"),
        ("too long", sign(kid.clone(), with("exp", json!(now.timestamp() + 600))), "more than 120"),
        ("unknown claim", sign(kid.clone(), with("pid", json!("12345678901"))), "Unknown claim"),
        ("scope", sign(kid.clone(), with("scope", json!("digdir:dialogporten.serviceprovider.admin"))), "MP-200"),
        ("x5c string", sign(json!({"x5c": "abc"}), with("jti", json!("j2"))), "MP-123"),
        (
            "other key",
            jwt::sign(
                &kid,
                &with("jti", json!("j3")),
                ClientKey::generate(2048).unwrap().private_key(),
                jwt::Algorithm::RS256,
            )
            .unwrap(),
            "signature",
        ),
    ];
    for (name, assertion, expected) in cases {
        let (status, body) = post_grant(server, &assertion).await;
        assert!(status == 400 || status == 401, "{name}: {status}");
        let text = format!("{} {}", body["error"], body["error_description"]);
        assert!(text.contains(expected), "{name}: {text}");
        assert!(body["error_description"].as_str().unwrap().contains("Correlation id"), "{name}");
    }
    let once = grant(&config, &setup.key, Utc::now()).unwrap();
    assert_eq!(post_grant(server, &once).await.0, 200);
    let (status, body) = post_grant(server, &once).await;
    assert_eq!(status, 400);
    assert!(body["error_description"].as_str().unwrap().contains("MP-012"), "a grant works once");
    let (status, body) = post_grant(server, "not-a-jwt").await;
    assert_eq!((status, body["error"].as_str()), (400, Some("invalid_request")));
}

#[tokio::test]
async fn tokens_are_checked_on_every_request() {
    let setup = start(|config| config).await;
    let provider = MaskinportenProvider::new(config_for(&setup.server, "client-1"), setup.key.clone());
    let token = provider.token().await.unwrap();
    let forged = {
        let (header, mut claims) = jwt::decode_unverified(token.expose()).unwrap();
        claims["scope"] = json!(format!("{} {}", claims["scope"].as_str().unwrap(), scopes::ADMIN));
        jwt::sign(&header, &claims, setup.key.private_key(), jwt::Algorithm::RS256).unwrap()
    };
    let forged_client = dp_integration_tests::sandbox::client_for(&setup.server.base_url, &forged);
    assert_eq!(dp_integration_tests::sandbox::status(forged_client.search_dialogs().send().await), 401);
    let mut no_search = config_for(&setup.server, "client-1");
    no_search.scopes = vec![scopes::SERVICE_PROVIDER.into()];
    let limited = client_with(&setup.server, Arc::new(MaskinportenProvider::new(no_search, setup.key.clone())));
    assert_eq!(
        dp_integration_tests::sandbox::status(limited.search_dialogs().send().await),
        403,
        "search needs .search"
    );
    let well_known: Value =
        dialogporten::reqwest::get(format!("{}/.well-known/oauth-authorization-server", setup.server.base_url))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
    assert_eq!(well_known["issuer"], format!("{}/", setup.server.base_url));
    assert_eq!(well_known["token_endpoint"], format!("{}/token", setup.server.base_url));
    let jwks: Value =
        dialogporten::reqwest::get(format!("{}/jwks", setup.server.base_url)).await.unwrap().json().await.unwrap();
    let server_key = dialogporten::auth::public_key_from_jwk(&jwks["keys"][0]).unwrap();
    jwt::verify(token.expose(), &server_key).expect("tokens verify against the published JWKS");
}

#[tokio::test]
async fn altinn_events_take_the_exchanged_token_and_refuse_the_maskinporten_one() {
    use dialogporten::auth::AltinnTokenProvider;
    use dialogporten::events::{EventQuery, EventsClient, SubscriptionRequest};
    let key = ClientKey::generate(2048).unwrap().with_kid("key-1");
    let mut client = registered("events-client", vec![key.public_jwk()]);
    client.scopes.push(scopes::EVENTS_SUBSCRIBE.into());
    let server = dp_integration_tests::spawn(Config::dev().with_client(client)).await;
    let environment = Environment::Local(server.base_url.clone());
    let config = config_for(&server, "events-client").scopes([scopes::SERVICE_PROVIDER, scopes::EVENTS_SUBSCRIBE]);
    let maskinporten: Arc<dyn TokenProvider> = Arc::new(MaskinportenProvider::new(config, key));
    create_and_read(&client_with(&server, Arc::clone(&maskinporten))).await;
    let query = EventQuery::new("urn:altinn:resource:dp-test");

    let raw =
        EventsClient::new(&server.base_url, Arc::clone(&maskinporten)).with_retry(dialogporten::RetryPolicy::none());
    let refused = raw.page(&query).await.unwrap_err();
    assert_eq!(refused.kind(), Some(dialogporten::ErrorKind::Unauthorized));
    assert!(refused.to_string().contains("exchange"), "says what to do: {refused}");

    let altinn = Arc::new(AltinnTokenProvider::new(&environment, maskinporten));
    let events = EventsClient::for_environment(&environment, altinn).with_retry(dialogporten::RetryPolicy::none());
    // Without altinn:serviceowner the token names no org: Digdir reads only events about itself, as a party.
    let page = events.page(&query).await.unwrap();
    assert_eq!(page.events.len(), 1, "the dialog's party is Digdir itself");
    let other = SubscriptionRequest {
        end_point: "https://example.no/hook".into(),
        resource_filter: "urn:altinn:resource:dp-test".into(),
        subject_filter: Some(format!("urn:altinn:organization:identifier-no:{CUSTOMER}")),
        ..SubscriptionRequest::default()
    };
    let forbidden = events.subscribe(&other).await.unwrap_err();
    assert_eq!(forbidden.kind(), Some(dialogporten::ErrorKind::Forbidden));
    let own = SubscriptionRequest {
        subject_filter: Some(format!("urn:altinn:organization:identifier-no:{DIGDIR}")),
        ..other
    };
    assert!(!events.subscribe(&own).await.unwrap().validated);
}

/// A refused grant reaches the caller of any operation as `Error::Auth` with Maskinporten's
/// own error (status, OAuth error, description), not flattened to text.
#[tokio::test]
async fn a_refused_grant_is_a_typed_auth_error_from_any_operation() {
    let setup = start(|config| config).await;
    let stranger = ClientKey::generate(2048).unwrap().with_kid("key-1");
    let provider = MaskinportenProvider::new(config_for(&setup.server, "client-1"), stranger);
    let client = client_with(&setup.server, Arc::new(provider));
    let error = client.get_dialog().dialog_id(uuid::Uuid::now_v7()).send().await.expect_err("refused");
    let dialogporten::Error::Auth(AuthError::Maskinporten(refusal)) = &error else {
        panic!("not a typed Maskinporten refusal: {error:?}");
    };
    assert_eq!(refusal.status, 400);
    assert_eq!(refusal.error, "invalid_grant");
    assert!(refusal.description.contains("signature"), "{refusal:?}");
    assert!(std::error::Error::source(&error).is_some(), "the auth error is the source");
}
