//! `dp dialog-token` against dp-server's published dialog-token keys, and those keys themselves:
//! two Ed25519 keys at `/api/v1/.well-known/jwks.json`, kept across restarts.

use crate::support::*;
use dialogporten_server::{Config, DialogTokenGrant, Running};
use serde_json::Value;
use uuid::Uuid;

fn grant(dialog: Uuid) -> DialogTokenGrant {
    DialogTokenGrant {
        authenticated_party: "urn:altinn:person:identifier-no:08844397713".into(),
        level: 3,
        party: "urn:altinn:person:identifier-no:08844397713".into(),
        service_resource: "urn:altinn:resource:my-service".into(),
        dialog_id: dialog,
        actions: vec!["read".into(), "write".into()],
        entities: Vec::new(),
    }
}

async fn spawn(config: Config) -> Running {
    let mut config = config;
    config.listen = ([127, 0, 0, 1], 0).into();
    dp_integration_tests::spawn(config).await
}

async fn get_json(server: &Running, path: &str) -> Value {
    let response = dialogporten::transport::http_client()
        .get(format!("{}{path}", server.base_url))
        .send()
        .await
        .expect("answered");
    response.json().await.expect("JSON")
}

fn kids(jwks: &Value) -> Vec<String> {
    jwks["keys"].as_array().expect("keys").iter().map(|k| k["kid"].as_str().unwrap_or_default().to_owned()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verify_exits_zero_only_for_a_valid_token_and_names_the_failed_check() {
    let server = spawn(Config::dev()).await;
    let dialog = Uuid::now_v7();
    let token = server.dialog_token(&grant(dialog)).expect("issued");
    let verify = |token: &str, dialog: Uuid, extra: &[&str]| {
        dp().args(["--base-url", &server.base_url, "dialog-token", "verify", "-", "--dialog", &dialog.to_string()])
            .args(extra)
            .write_stdin(token.to_owned())
            .output()
            .expect("dp runs")
    };

    let valid = verify(&token, dialog, &["--action", "write", "--min-level", "3"]);
    assert!(valid.status.success(), "{}", text(&valid.stderr));
    let shown: Value = serde_json::from_slice(&valid.stdout).expect("JSON");
    assert_eq!(shown["verified"], true);
    assert_eq!(shown["claims"]["i"], dialog.to_string());
    assert_eq!(shown["claims"]["iss"], format!("{}/api/v1", server.base_url));

    let at = token.rfind('.').expect("a signature") + 1;
    let first = token[at..].chars().next().expect("a signature");
    let tampered = format!("{}{}{}", &token[..at], if first == 'A' { 'B' } else { 'A' }, &token[at + 1..]);
    for (token, dialog, extra, reason) in [
        (tampered.as_str(), dialog, &[][..], "signature"),
        (token.as_str(), Uuid::now_v7(), &[][..], "for dialog"),
        (token.as_str(), dialog, &["--action", "sign"][..], "\"sign\" is not authorised"),
        (token.as_str(), dialog, &["--min-level", "4"][..], "level 3 is below 4"),
    ] {
        let refused = verify(token, dialog, extra);
        assert_eq!(refused.status.code(), Some(4), "{reason}: {}", text(&refused.stderr));
        assert!(text(&refused.stderr).contains(reason), "{reason}: {}", text(&refused.stderr));
        assert!(refused.stdout.is_empty(), "nothing on stdout for a refused token");
    }

    let decoded = dp().args(["dialog-token", "decode", &token]).output().expect("dp runs");
    assert!(decoded.status.success(), "{}", text(&decoded.stderr));
    let decoded: Value = serde_json::from_slice(&decoded.stdout).expect("JSON");
    assert_eq!((decoded["verified"].clone(), decoded["header"]["alg"].clone()), (Value::Bool(false), "EdDSA".into()));

    let nowhere = dp().args(["dialog-token", "verify", &token]).output().expect("dp runs");
    assert_eq!(nowhere.status.code(), Some(2), "verify needs to know whose tokens to trust");
    let garbage = dp().args(["dialog-token", "decode", "not-a-token"]).output().expect("dp runs");
    assert_eq!(garbage.status.code(), Some(2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_keys_are_published_and_kept_across_restarts() {
    let dir = std::env::temp_dir().join(format!("dp-dialog-token-keys-{}", Uuid::new_v4()));
    std::fs::create_dir_all(&dir).expect("a directory");
    let mut config = Config::dev();
    config.database = dialogporten_server::Database::File(dir.join("dp.db"));
    let http = dialogporten::transport::http_client();

    let server = spawn(config.clone()).await;
    let response =
        http.get(format!("{}/api/v1/.well-known/jwks.json", server.base_url)).send().await.expect("answered");
    assert_eq!(response.headers()["cache-control"], "public, max-age=86400");
    let jwks: Value = response.json().await.expect("JSON");
    let published = kids(&jwks);
    assert_eq!(published.len(), 2, "a primary and a secondary key: {jwks}");
    assert!(jwks["keys"].as_array().expect("keys").iter().all(|k| k["kty"] == "OKP" && k["crv"] == "Ed25519"));
    let metadata = get_json(&server, "/api/v1/.well-known/oauth-authorization-server").await;
    assert_eq!(metadata["issuer"], format!("{}/api/v1", server.base_url));
    let dialog = Uuid::now_v7();
    let token = server.dialog_token(&grant(dialog)).expect("issued");
    server.shutdown().await.expect("stopped");

    let restarted = spawn(config).await;
    let kept = kids(&get_json(&restarted, "/api/v1/.well-known/jwks.json").await);
    assert_eq!(kept, published, "the keys outlive a restart");
    let issuer = format!("{}/api/v1", restarted.base_url);
    let verifier =
        dialogporten::dialog_token::DialogTokenVerifier::new(&issuer, &format!("{issuer}/.well-known/jwks.json"));
    let before = verifier.verify(&token, &dialogporten::dialog_token::Requirements::for_dialog(dialog)).await;
    // Signed before the restart by a key still published: only the issuer (the port) differs.
    assert!(
        matches!(before, Err(dialogporten::dialog_token::Rejection::Issuer { .. })),
        "the signature still verifies with the kept key: {before:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

// Seen before: keys that could not be fetched were reported as "the dialog token is not valid", with
// the URL said twice ("URL: error sending request for url (URL)").
#[test]
fn keys_out_of_reach_are_not_a_verdict_on_the_token() {
    let output = dp()
        .args(["--base-url", "http://127.0.0.1:9", "dialog-token", "verify", "-", "--dialog"])
        .arg(Uuid::now_v7().to_string())
        // A header with a kid and EdDSA, as a dialog token has; the keys are asked for first.
        .write_stdin("eyJhbGciOiJFZERTQSIsInR5cCI6IkpXVCIsImtpZCI6ImsxIn0.e30.c2ln")
        .output()
        .expect("dp runs");
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "a failure to check, not a refusal (4): {stderr}");
    assert!(stderr.contains("the dialog token could not be checked"), "{stderr}");
    assert!(!stderr.contains("is not valid"), "{stderr}");
    assert!(stderr.contains("the keys could not be fetched"), "{stderr}");
    assert_eq!(stderr.matches("127.0.0.1:9").count(), 1, "the URL once: {stderr}");
}
