//! `dp auth` and profiles against a spawned server's token endpoint: each key
//! type, supplier and system-user grants, refusals, token reuse across
//! processes, and that no secret ever shows in output.

use std::path::{Path, PathBuf};

use crate::support::*;
use dialogporten::auth::{ClientKey, jwt};
use dialogporten_server::{Config, MaskinportenClient, Running, SystemUserRegistration, auth::scopes};
use serde_json::Value;

const DIGDIR: &str = "991825827";
const CUSTOMER: &str = "310000001";
const P12_PASSWORD: &str = "test-password";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../sdk/tests/fixtures").join(name)
}

struct Keys {
    jwk: ClientKey,
    pem: ClientKey,
}

async fn server() -> (Running, Keys) {
    let jwk = ClientKey::generate(2048).unwrap().with_kid("jwk-key");
    let pem = ClientKey::generate(2048).unwrap().with_kid("pem-key");
    let client = |id: &str, keys: Vec<Value>| MaskinportenClient {
        client_id: id.into(),
        org_number: DIGDIR.into(),
        scopes: vec![scopes::SERVICE_PROVIDER.into(), scopes::SEARCH.into()],
        keys,
        delegations: vec![CUSTOMER.into()],
        system_users: vec![SystemUserRegistration { org_number: CUSTOMER.into(), external_ref: None }],
    };
    let config = Config::dev()
        .with_client(client("jwk-client", vec![jwk.public_jwk()]))
        .with_client(client("pem-client", vec![pem.public_jwk()]))
        .with_client(client("cert-client", vec![]))
        .with_service_owner("kunde", CUSTOMER);
    (dp_integration_tests::spawn(config).await, Keys { jwk, pem })
}

fn create_dialog(home: &Home, server: &Running, profile: &str) -> String {
    ok(home.dp().args(["--base-url", &server.base_url, "--profile", profile, "dialog", "create"]).args([
        "--resource",
        "urn:altinn:resource:demo",
        "--party",
        "urn:altinn:organization:identifier-no:991825827",
        "--title",
        "nb=Innlogget",
    ]))
    .trim()
    .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_with_each_key_type_then_call_the_api() {
    let (server, keys) = server().await;
    let home = Home::new();
    let jwk_file = home.write("client.jwk", keys.jwk.private_jwk().to_string());
    let pem_file = home.write("client.pem", keys.pem.private_pkcs1_pem());
    let base = server.base_url.clone();
    ok(home
        .dp()
        .args(["--base-url", &base, "--profile", "jwk", "auth", "login", "--client-id", "jwk-client", "--key-file"])
        .arg(&jwk_file));
    ok(home
        .dp()
        .args([
            "--base-url",
            &base,
            "--profile",
            "pem",
            "auth",
            "login",
            "--client-id",
            "pem-client",
            "--kid",
            "pem-key",
            "--key-file",
        ])
        .arg(&pem_file));
    ok(home
        .dp()
        .env("DP_PKCS12_PASSWORD", P12_PASSWORD)
        .args(["--base-url", &base, "--profile", "cert", "auth", "login", "--client-id", "cert-client", "--pkcs12"])
        .arg(fixture("enterprise-test.p12")));
    // The imported keys are no longer needed where they were.
    std::fs::remove_file(&jwk_file).unwrap();
    std::fs::remove_file(&pem_file).unwrap();
    for profile in ["jwk", "pem", "cert"] {
        let id = create_dialog(&home, &server, profile);
        assert_eq!(id.len(), 36, "{profile}");
    }
    let listed = ok(home.dp().args(["profile", "list"]));
    assert!(listed.contains("jwk*") && listed.contains("cert-client"), "{listed}");
    let status = ok(home.dp().args(["--base-url", &base, "--profile", "cert", "auth", "status", "-o", "json"]));
    let status: Value = serde_json::from_str(&status).unwrap();
    assert_eq!(status["token"], "usable");
    assert_eq!(status["secret store"], "0600 file");
    let secrets = home.dir.join("config/secrets");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&secrets).unwrap().permissions().mode() & 0o777, 0o700);
        for entry in std::fs::read_dir(&secrets).unwrap() {
            let path = entry.unwrap().path();
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600, "{}", path.display());
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn separate_processes_share_one_token() {
    let (server, keys) = server().await;
    let home = Home::new();
    let jwk_file = home.write("client.jwk", keys.jwk.private_jwk().to_string());
    ok(home
        .dp()
        .args(["--base-url", &server.base_url, "auth", "login", "--client-id", "jwk-client", "--key-file"])
        .arg(&jwk_file));
    assert_eq!(server.token_requests(), 1, "login checks with one token");
    ok(home.dp().args(["--base-url", &server.base_url, "dialog", "list"]));
    ok(home.dp().args(["--base-url", &server.base_url, "dialog", "list"]));
    assert_eq!(server.token_requests(), 1, "later processes reuse the cached token");
    ok(home.dp().args(["auth", "logout"]));
    let after = run(home.dp().args(["--base-url", &server.base_url, "dialog", "list"]));
    assert_eq!(after.status.code(), Some(4), "after logout the key is gone");
    assert!(String::from_utf8_lossy(&after.stderr).contains("dp auth login"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn supplier_and_system_user_logins() {
    let (server, keys) = server().await;
    let home = Home::new();
    let jwk_file = home.write("client.jwk", keys.jwk.private_jwk().to_string());
    let base = server.base_url.clone();
    ok(home
        .dp()
        .args([
            "--base-url",
            &base,
            "--profile",
            "supplier",
            "auth",
            "login",
            "--client-id",
            "jwk-client",
            "--consumer-org",
            CUSTOMER,
            "--key-file",
        ])
        .arg(&jwk_file));
    let dialog = create_dialog(&home, &server, "supplier");
    let got: Value = serde_json::from_str(&ok(home.dp().args([
        "--base-url",
        &base,
        "--profile",
        "supplier",
        "dialog",
        "get",
        &dialog,
        "-o",
        "json",
    ])))
    .unwrap();
    assert_eq!(got["org"], "kunde", "the supplier acts for its customer");
    ok(home
        .dp()
        .args([
            "--base-url",
            &base,
            "--profile",
            "sysuser",
            "auth",
            "login",
            "--client-id",
            "jwk-client",
            "--system-user-org",
            CUSTOMER,
            "--key-file",
        ])
        .arg(&jwk_file));
    let decoded: Value = serde_json::from_str(&ok(home.dp().args([
        "--base-url",
        &base,
        "--profile",
        "sysuser",
        "auth",
        "token",
        "--decode",
    ])))
    .unwrap();
    assert_eq!(decoded["claims"]["authorization_details"][0]["systemuser_org"]["ID"], format!("0192:{CUSTOMER}"));
    let altinn: Value = serde_json::from_str(&ok(home.dp().args([
        "--base-url",
        &base,
        "--profile",
        "sysuser",
        "auth",
        "token",
        "--altinn",
        "--decode",
    ])))
    .unwrap();
    assert_eq!(altinn["claims"]["authenticatemethod"], "maskinporten");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refusals_are_explained_with_what_to_do() {
    let (server, keys) = server().await;
    let home = Home::new();
    let base = server.base_url.clone();
    let jwk_file = home.write("client.jwk", keys.jwk.private_jwk().to_string());
    let cases: [(&[&str], &str); 3] = [
        (
            &["--scope", "digdir:dialogporten.serviceprovider.admin"],
            "not registered on this server for a requested scope",
        ),
        (&["--consumer-org", "310000002"], "must delegate"),
        (&["--system-user-org", "310000009"], "system user"),
    ];
    for (i, (extra, advice)) in cases.into_iter().enumerate() {
        let profile = format!("case{i}");
        let output = run(home
            .dp()
            .args(["--base-url", &base, "--profile", &profile, "auth", "login", "--client-id", "jwk-client"])
            .args(extra)
            .arg("--key-file")
            .arg(&jwk_file));
        assert_eq!(output.status.code(), Some(4), "{extra:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("what to do") && stderr.contains(advice), "{extra:?}: {stderr}");
    }
    let other = ClientKey::generate(2048).unwrap().with_kid("jwk-key");
    let wrong = home.write("wrong.jwk", other.private_jwk().to_string());
    let output = run(home
        .dp()
        .args(["--base-url", &base, "auth", "login", "--client-id", "jwk-client", "--key-file"])
        .arg(&wrong));
    assert_eq!(output.status.code(), Some(4));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("private key does not match"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let missing =
        run(home.dp().args(["--base-url", &base, "--profile", "fresh", "auth", "login", "--key-file"]).arg(&jwk_file));
    assert_eq!(missing.status.code(), Some(2), "no terminal to ask for the client id on");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn environment_credentials_and_precedence() {
    let (server, keys) = server().await;
    let home = Home::new();
    let base = server.base_url.clone();
    let jwk = keys.jwk.private_jwk().to_string();
    ok(home.dp().env("DP_CLIENT_ID", "jwk-client").env("DP_KEY", &jwk).args(["--base-url", &base, "dialog", "list"]));
    let pem = home.write("client.pem", keys.pem.private_pem());
    ok(home.dp().env("DP_CLIENT_ID", "pem-client").env("DP_KID", "pem-key").env("DP_KEY_FILE", &pem).args([
        "--base-url",
        &base,
        "dialog",
        "list",
    ]));
    let status = ok(home
        .dp()
        .env("DP_CLIENT_ID", "jwk-client")
        .env("DP_KEY", &jwk)
        .env("DP_TOKEN", "dev-token")
        .args(["--base-url", &base, "auth", "status"]));
    assert!(status.contains("DP_TOKEN"), "a ready token wins over everything: {status}");
    let no_kid = run(home.dp().env("DP_CLIENT_ID", "pem-client").env("DP_KEY_FILE", &pem).args([
        "--base-url",
        &base,
        "dialog",
        "list",
    ]));
    assert_eq!(no_kid.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&no_kid.stderr).contains("DP_KID"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn debug_output_never_shows_a_secret() {
    let (server, keys) = server().await;
    let home = Home::new();
    let base = server.base_url.clone();
    let private = keys.jwk.private_jwk();
    let jwk_file = home.write("client.jwk", private.to_string());
    let mut outputs = Vec::new();
    let mut capture = |command: &mut Command| {
        let output = run(command);
        outputs.push(format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr)));
    };
    capture(
        home.dp()
            .args(["--debug", "--base-url", &base, "auth", "login", "--client-id", "jwk-client", "--key-file"])
            .arg(&jwk_file),
    );
    capture(
        home.dp()
            .env("DP_PKCS12_PASSWORD", P12_PASSWORD)
            .args([
                "--debug",
                "--base-url",
                &base,
                "--profile",
                "cert",
                "auth",
                "login",
                "--client-id",
                "cert-client",
                "--pkcs12",
            ])
            .arg(fixture("enterprise-test.p12")),
    );
    capture(home.dp().args(["--debug", "--base-url", &base, "auth", "status"]));
    capture(home.dp().args(["--debug", "--base-url", &base, "dialog", "list"]));
    capture(home.dp().args(["--debug", "--base-url", &base, "api", "GET", "/api/v1/serviceowner/dialogs"]));
    capture(home.dp().args(["--debug", "--base-url", &base, "--profile", "cert", "auth", "status"]));
    capture(home.dp().args(["--debug", "profile", "show"]));
    let token = ok(home.dp().args(["--base-url", &base, "auth", "token"])).trim().to_owned();
    assert!(jwt::decode_unverified(&token).is_ok(), "auth token prints the token itself, on purpose");
    let d = private["d"].as_str().unwrap();
    let secrets = [&d[..24], &token[token.len() - 40..], P12_PASSWORD];
    for (i, text) in outputs.iter().enumerate() {
        if i < 6 {
            assert!(text.contains("dp:"), "command {i} ran with --debug: {text}");
        }
        for secret in secrets {
            assert!(!text.contains(secret), "command {i} leaked a secret: {text}");
        }
        assert!(!text.contains("PRIVATE KEY"), "command {i}: {text}");
    }
}

// Seen before: the README's local login could not use `dp events` at all (no altinn:events.subscribe).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_local_login_can_read_and_subscribe_to_events() {
    let home = Home::new();
    let server = dp_integration_tests::spawn(Config::dev()).await;
    let base = server.base_url.clone();
    ok(home.dp().args(["--base-url", &base, "auth", "login"]));
    let id = create_dialog(&home, &server, "default");
    let listed = ok(home.dp().args(["--base-url", &base, "events", "list", "-r", "demo", "-o", "json"]));
    let events: Value = serde_json::from_str(&listed).unwrap();
    assert!(events.as_array().unwrap().iter().any(|e| e["resourceinstance"] == id.as_str()), "{listed}");
    let status = ok(home.dp().args(["--base-url", &base, "profile", "show", "-o", "json"]));
    assert!(status.contains("altinn:events.subscribe"), "{status}");
}

// Seen before: `dp dialog list` said only "Forbidden (HTTP 403)" where `get` and `create` show the
// service's reason: the contract lists no 403 for search, and the problem was dropped with it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refusal_the_contract_does_not_list_keeps_the_services_reason() {
    let server = dp_integration_tests::spawn(Config::dev()).await;
    let home = Home::new();
    ok(home.dp().args(["--base-url", &server.base_url, "auth", "login", "--scope", scopes::SERVICE_PROVIDER]));
    let output = run(home.dp().args(["--base-url", &server.base_url, "dialog", "list"]));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(4), "{stderr}");
    assert!(stderr.contains("Forbidden (HTTP 403)") && stderr.contains("lacks the scope"), "{stderr}");
}

// Seen before: `dp auth login --env local` printed "client null / expires null / organisation null"
// (it checked the sandbox's development token), and later commands kept using that token.
#[test]
fn a_sandbox_login_shows_what_it_got_and_is_used_afterwards() {
    let home = Home::new();
    let login: Value =
        serde_json::from_str(&ok(home.dp().args(["auth", "login", "--env", "local", "-o", "json"]))).unwrap();
    assert!(login["client"].as_str().is_some_and(|c| c.starts_with("dp-local-")), "{login}");
    assert_eq!(login["organisation"], "0192:991825827", "{login}");
    assert!(login["expires"].is_string() && login["scopes"].is_string(), "{login}");
    let output = run(home.dp().args(["--debug", "dialog", "list"]));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("credentials from profile default") && stderr.contains("/token -> 200"), "{stderr}");
}

// A login that only meant to try the sandbox must not give up a client registered by hand for a
// real environment: `dp auth login --env local` on a tt02 default profile is refused without --force.
#[test]
fn a_login_elsewhere_does_not_take_a_real_environments_profile() {
    let home = Home::new();
    home.config(
        "default_profile = \"default\"\n\n[profiles.default]\nenv = \"tt02\"\nclient_id = \"my-tt02-client\"\nkey = \"stored\"\n",
    );
    let before = std::fs::read(home.config_dir().join("config.toml")).unwrap();
    let output = run(home.dp().args(["auth", "login", "--env", "local"]));
    let stderr = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("my-tt02-client") && stderr.contains("--profile NAME") && stderr.contains("--force"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(home.config_dir().join("config.toml")).unwrap(), before, "nothing changed");
    ok(home.dp().args(["auth", "login", "--env", "local", "--profile", "sandbox"]));
    ok(home.dp().args(["auth", "login", "--env", "local", "--force"]));
}

/// A development server that cannot register a client now (503) is a failure to try again (exit 1,
/// as a 5xx from any token endpoint), not refused credentials (exit 4); nothing is kept.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_local_login_answered_503_is_a_failure_not_a_refusal() {
    let busy = axum::Router::new()
        .route("/development/clients", axum::routing::post(|| async { axum::http::StatusCode::SERVICE_UNAVAILABLE }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, busy).await });
    let home = Home::new();
    let output = home.dp().args(["--base-url", &base, "auth", "login"]).output().unwrap();
    let said = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{said}");
    assert!(said.contains("503"), "{said}");
    assert!(!home.config_dir().join("config.toml").exists(), "a failed login keeps nothing");
}
