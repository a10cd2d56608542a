//! The end user's side end to end: a service owner creates a dialog; a person logs in through
//! ID-porten's authorization code flow with PKCE against dp-server (headless, its development
//! login), lists and gets the dialog with `dp inbox`; the dialog token verifies with the SDK and
//! with `dp dialog-token verify`; the service owner sees the seen-log entry and the seen event.

use crate::support::*;
use dialogporten::Environment;
use dialogporten::dialog_token::{DialogTokenVerifier, Requirements};
use dialogporten_server::{Config, EndUser, Running};
use serde_json::{Value, json};
use uuid::Uuid;

const PID: &str = "08844397713";
const PERSON: &str = "urn:altinn:person:identifier-no:08844397713";
const RESOURCE: &str = "urn:altinn:resource:dp-test";

async fn spawn() -> Running {
    let config = Config::dev().with_end_user(EndUser {
        pid: PID.into(),
        name: Some("Ola Nordmann".into()),
        denied_actions: vec!["write".into()],
        ..EndUser::default()
    });
    dp_integration_tests::spawn(config).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_logs_in_reads_a_dialog_and_the_service_owner_sees_it_was_read() {
    let server = spawn().await;
    let home = Home::new();
    let base = server.base_url.clone();
    let at = |args: &[&str]| {
        let mut command = home.dp();
        command.args(["--base-url", &base]).args(args);
        command
    };
    // The service owner.
    let body = json!({
        "serviceResource": RESOURCE,
        "party": PERSON,
        "content": {
            "title": {"value": [{"languageCode": "nb", "value": "Skattemelding"}, {"languageCode": "en", "value": "Tax return"}]},
            "summary": {"value": [{"languageCode": "nb", "value": "Klar til innsending"}]}
        },
        "guiActions": [
            {"action": "read", "url": "https://example.com/open", "priority": "Primary", "title": [{"languageCode": "nb", "value": "Åpne"}]},
            {"action": "write", "url": "https://example.com/send", "priority": "Secondary", "title": [{"languageCode": "nb", "value": "Send inn"}]}
        ]
    });
    let created = ok(at(&["--token", "dev-token", "dialog", "create", "-f", "-"]).write_stdin(body.to_string()));
    let id: Uuid = created.trim().parse().expect("the new dialog's id");

    // The person: PKCE login through the development ID-porten, kept as an end user's profile.
    let login = ok(&mut at(&["--profile", "me", "auth", "login", "--idporten", "--pid", PID, "-o", "json"]));
    let login: Value = serde_json::from_str(&login).expect("JSON");
    assert_eq!((login["person"].as_str(), login["profile"].as_str()), (Some(PID), Some("me")));
    let config = std::fs::read_to_string(home.dir.join("config/config.toml")).expect("the config");
    assert!(config.contains("kind = \"enduser\""), "{config}");
    assert!(!config.contains("eyJ"), "tokens are secrets, never in the config: {config}");

    // An end user's profile is not a service owner's.
    let refused = at(&["--profile", "me", "dialog", "list"]).output().expect("dp runs");
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused.stderr));
    assert!(text(&refused.stderr).contains("dp inbox"), "{}", text(&refused.stderr));

    let listed: Value =
        serde_json::from_str(&ok(&mut at(&["--profile", "me", "inbox", "list", "-o", "json"]))).expect("JSON");
    assert_eq!(listed[0]["id"], json!(id));
    assert_eq!(listed[0]["isContentSeen"], false, "not read yet");
    // The inbox goes through the SDK's transport as every command does: --debug shows each request,
    // and the person's token never appears in it.
    let debug = at(&["--profile", "me", "--debug", "inbox", "parties"]).output().expect("dp runs");
    let said = text(&debug.stderr);
    assert!(debug.status.success(), "{said}");
    assert!(said.contains(&format!("dp: GET {base}/api/v1/enduser/parties -> 200 in ")), "{said}");
    assert!(!said.contains("eyJ"), "{said}");
    let dialog: Value = serde_json::from_str(&ok(&mut at(&[
        "--profile",
        "me",
        "inbox",
        "get",
        &id.to_string(),
        "--lang",
        "en",
        "-o",
        "json",
    ])))
    .expect("JSON");
    assert_eq!(dialog["content"]["title"]["value"], json!([{"languageCode": "en", "value": "Tax return"}]));
    let authorised: Vec<(Value, Value)> = dialog["guiActions"]
        .as_array()
        .expect("actions")
        .iter()
        .map(|a| (a["action"].clone(), a["isAuthorized"].clone()))
        .collect();
    assert_eq!(authorised, [(json!("read"), json!(true)), (json!("write"), json!(false))]);
    let token = dialog["dialogToken"].as_str().expect("a dialog token").to_owned();

    // The service owner's backend verifies the token: with the SDK, and with dp.
    let verifier = DialogTokenVerifier::for_environment(&Environment::Local(base.clone()));
    let claims = verifier.verify(&token, &Requirements::for_dialog(id).action("read")).await.expect("valid");
    assert_eq!((claims.authenticated_party.as_str(), claims.dialog_id), (PERSON, id));
    let verify = |action: &str| {
        at(&["dialog-token", "verify", "-", "--dialog", &id.to_string(), "--action", action])
            .write_stdin(token.clone())
            .output()
            .expect("dp runs")
    };
    assert_eq!(verify("read").status.code(), Some(0), "{}", text(&verify("read").stderr));
    let write = verify("write");
    assert_eq!(write.status.code(), Some(4), "the person may not write: {}", text(&write.stderr));

    // What the service owner sees: the seen log and the seen event.
    let seen: Value = serde_json::from_str(&ok(&mut at(&[
        "--token",
        "dev-token",
        "dialog",
        "seenlog",
        "list",
        &id.to_string(),
        "-o",
        "json",
    ])))
    .expect("JSON");
    assert_eq!(seen.as_array().map(Vec::len), Some(1), "{seen}");
    assert_eq!(
        (seen[0]["seenBy"]["actorId"].as_str(), seen[0]["isViaServiceOwner"].as_bool()),
        (Some(PERSON), Some(false))
    );
    let events: Value =
        serde_json::from_str(&ok(&mut at(&["--token", "dev-token", "events", "list", "-r", RESOURCE, "-o", "json"])))
            .expect("JSON");
    let types: Vec<&str> = events.as_array().into_iter().flatten().filter_map(|e| e["type"].as_str()).collect();
    assert!(types.contains(&"dialogporten.dialog.seen.v1"), "{types:?}");
    let listed: Value =
        serde_json::from_str(&ok(&mut at(&["--profile", "me", "inbox", "list", "-o", "json"]))).expect("JSON");
    assert_eq!(listed[0]["isContentSeen"], true, "read now");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_inbox_without_a_login_says_how_to_log_in() {
    let server = spawn().await;
    let home = Home::new();
    let output = home.dp().args(["--base-url", &server.base_url, "inbox", "list"]).output().expect("dp runs");
    assert_eq!(output.status.code(), Some(4), "{}", text(&output.stderr));
    assert!(text(&output.stderr).contains("dp auth login --idporten"), "{}", text(&output.stderr));
    let not_local = home
        .dp()
        .args(["--env", "tt02", "auth", "login", "--idporten", "--pid", PID, "--client-id", "x"])
        .output()
        .expect("dp runs");
    assert_eq!(not_local.status.code(), Some(2), "{}", text(&not_local.stderr));
    assert!(text(&not_local.stderr).contains("development login"), "{}", text(&not_local.stderr));
}

/// A profile's files: config.toml's bytes, and every secret file of the profile.
fn snapshot(home: &Home, profile: &str) -> (Vec<u8>, Vec<String>) {
    let config = std::fs::read(home.dir.join("config/config.toml")).unwrap_or_default();
    (config, secret_files(home, profile))
}

fn secret_files(home: &Home, profile: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(home.dir.join("config/secrets"))
        .map(|dir| dir.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    names.retain(|name| name.ends_with(&format!("-{profile}")));
    names.sort();
    names
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    ServiceOwner,
    EndUser,
}

/// `dp auth login` of `kind` onto profile `p` at `base`.
fn login(home: &Home, base: &str, kind: Kind, extra: &[&str]) -> std::process::Output {
    let mut command = home.dp();
    command.args(["--base-url", base, "--profile", "p", "auth", "login"]);
    if kind == Kind::EndUser {
        command.args(["--idporten", "--pid", PID]);
    }
    command.args(extra).output().expect("dp runs")
}

// Seen before: `dp auth login --idporten` without --profile rewrote a working service owner's
// `default` profile as an end user's and orphaned its key; a failed login changed the profile.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_login_changes_a_profile_of_the_other_kind_and_a_failed_one_changes_nothing() {
    let server = spawn().await;
    for existing in [None, Some(Kind::ServiceOwner), Some(Kind::EndUser)] {
        for wanted in [Kind::ServiceOwner, Kind::EndUser] {
            let case = format!("{wanted:?} login onto {existing:?}");
            let home = Home::new();
            if let Some(kind) = existing {
                let made = login(&home, &server.base_url, kind, &[]);
                assert!(made.status.success(), "{case}: {}", text(&made.stderr));
            }
            let before = snapshot(&home, "p");
            let output = login(&home, &server.base_url, wanted, &[]);
            if existing.is_some_and(|kind| kind != wanted) {
                let stderr = text(&output.stderr);
                assert_eq!(output.status.code(), Some(2), "{case}: {stderr}");
                assert!(stderr.contains("--profile NAME") && stderr.contains("--force"), "{case}: {stderr}");
                assert!(before == snapshot(&home, "p"), "{case}: the refused login changed the profile");
                // --force replaces it, and the other kind's secrets go with it.
                let forced = login(&home, &server.base_url, wanted, &["--force"]);
                assert!(forced.status.success(), "{case} --force: {}", text(&forced.stderr));
                let kept = secret_files(&home, "p");
                let end_users = kept.iter().filter(|n| n.starts_with("idporten-tokens-")).count();
                let owners = kept.iter().filter(|n| n.starts_with("key-") || n.starts_with("token-")).count();
                match wanted {
                    Kind::EndUser => assert_eq!((end_users, owners), (1, 0), "{case}: {kept:?}"),
                    Kind::ServiceOwner => assert_eq!(end_users, 0, "{case}: {kept:?}"),
                }
            } else {
                assert!(output.status.success(), "{case}: {}", text(&output.stderr));
            }

            // A login that fails (nothing listens there) leaves the file byte-identical.
            let before = snapshot(&home, "p");
            let failed = login(&home, "http://127.0.0.1:9", wanted, &["--force"]);
            assert!(!failed.status.success(), "{case}: a login to a closed port succeeded");
            assert!(before == snapshot(&home, "p"), "{case}: the failed login changed the profile");

            // Logout leaves no file of the profile in secrets/.
            let out = home.dp().args(["--profile", "p", "auth", "logout"]).output().expect("dp runs");
            assert!(out.status.success(), "{case}: {}", text(&out.stderr));
            assert_eq!(secret_files(&home, "p"), Vec::<String>::new(), "{case}: logout left secrets");
        }
    }
}

// Seen before: after `dp auth login --profile ola --idporten`, ola was the default profile and
// service-owner commands refused to run; `auth status|token` refused end users' profiles.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_persons_login_keeps_the_service_owners_default_and_has_status_and_token() {
    let server = spawn().await;
    let home = Home::new();
    let at = |args: &[&str]| {
        let mut command = home.dp();
        command.args(["--base-url", &server.base_url]).args(args);
        command
    };
    ok(&mut at(&["auth", "login"]));
    let output = at(&["auth", "login", "--idporten", "--pid", PID]).output().expect("dp runs");
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(text(&output.stderr).contains("`dp inbox` now reads as profile \"me\""), "{}", text(&output.stderr));
    // The service owner's default still serves the API; the person's login serves the inbox.
    ok(&mut at(&["dialog", "list"]));
    ok(&mut at(&["inbox", "parties"]));
    let status: Value =
        serde_json::from_str(&ok(&mut at(&["--profile", "me", "auth", "status", "-o", "json"]))).expect("JSON");
    assert_eq!((status["person"].as_str(), status["token"].as_str()), (Some(PID), Some("usable")), "{status}");
    assert!(status["expires"].is_string() && status["level"].is_string(), "{status}");
    let token = ok(&mut at(&["--profile", "me", "auth", "token", "--decode"]));
    assert!(token.contains(PID), "{token}");

    // A service owner's token in DP_TOKEN is named as what the end-user API refused.
    let output = at(&["--debug", "inbox", "list"]).env("DP_TOKEN", "dev-token").output().expect("dp runs");
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(4), "{stderr}");
    assert!(stderr.contains("dp: credentials from DP_TOKEN"), "{stderr}");
    assert!(stderr.contains("refused the token from DP_TOKEN"), "{stderr}");
}

/// `dp inbox open`: the local arbeidsflate's page for a dialog, in the browser `BROWSER` names (or
/// printed with --no-browser); the page is the arbeidsflate's, behind its login.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inbox_open_opens_the_dialogs_page_of_the_local_arbeidsflate() {
    let server = spawn().await;
    let home = Home::new();
    let id = Uuid::now_v7();
    let page = format!("{}/arbeidsflate/dialogs/{id}", server.base_url);
    let printed = home
        .dp()
        .args(["--base-url", &server.base_url, "inbox", "open", &id.to_string(), "--no-browser"])
        .output()
        .expect("dp runs");
    assert!(printed.status.success(), "{}", text(&printed.stderr));
    assert_eq!(text(&printed.stdout).trim(), page);

    // A browser that notes the address it was given.
    let noted = home.path("opened.txt");
    let browser = home.path("browser.sh");
    // Written whole, then renamed: the test never reads a half-written note.
    let script = format!("#!/bin/sh\nprintf '%s' \"$1\" > '{0}.part' && mv '{0}.part' '{0}'\n", noted.display());
    std::fs::write(&browser, script).expect("the script");
    #[cfg(unix)]
    std::fs::set_permissions(&browser, std::os::unix::fs::PermissionsExt::from_mode(0o755)).expect("executable");
    let opened = home
        .dp()
        .env("BROWSER", &browser)
        .args(["--base-url", &server.base_url, "inbox", "open", &id.to_string()])
        .output()
        .expect("dp runs");
    assert!(opened.status.success(), "{}", text(&opened.stderr));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !noted.exists() && std::time::Instant::now() < deadline {
        tokio::task::yield_now().await;
    }
    assert_eq!(std::fs::read_to_string(&noted).expect("the browser was started").trim(), page);
    let answer = dialogporten::transport::http_client_builder()
        .redirect(dialogporten::reqwest::redirect::Policy::none())
        .build()
        .expect("http")
        .get(&page)
        .send()
        .await
        .expect("the page answers");
    assert_eq!(answer.status().as_u16(), 303, "the arbeidsflate asks for a login first");

    let elsewhere = home.dp().args(["--env", "tt02", "inbox", "open", "--no-browser"]).output().expect("dp runs");
    assert_eq!(elsewhere.status.code(), Some(2), "{}", text(&elsewhere.stderr));
    assert!(text(&elsewhere.stderr).contains("local dp-server"), "{}", text(&elsewhere.stderr));
}
