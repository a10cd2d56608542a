//! The real `dp` binary against a reference server on loopback.

use std::path::PathBuf;

use crate::support::*;
use serde_json::Value;

const PARTY: &str = "urn:altinn:organization:identifier-no:991825827";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_get_and_list_through_the_binary() {
    let server = dp_integration_tests::spawn(Config::dev()).await;
    let created = dp_at(&server)
        .args(["dialog", "create", "--resource", "urn:altinn:resource:demo", "--party", PARTY])
        .args(["--title", "nb=Søknad mottatt", "--title", "en=Application received", "--label", "case-7"])
        .output()
        .unwrap();
    assert!(created.status.success(), "{}", stderr(&created));
    let id = stdout(&created).trim().to_owned();
    assert_eq!(id.len(), 36, "piped, create prints only the id: {id:?}");

    let got = dp_at(&server).args(["dialog", "get", &id, "-o", "json"]).output().unwrap();
    assert!(got.status.success());
    let dialog: Value = serde_json::from_str(&stdout(&got)).unwrap();
    assert_eq!(dialog["content"]["title"]["value"][1]["value"], "Søknad mottatt");
    assert_eq!(dialog["serviceOwnerContext"]["serviceOwnerLabels"][0]["value"], "case-7");

    let detail = dp_at(&server).args(["dialog", "get", &id]).output().unwrap();
    let text = stdout(&detail);
    assert!(text.contains("Title") && text.contains("nb: Søknad mottatt"), "{text}");

    let second = dp_at(&server).args(["dialog", "template"]).output().unwrap();
    dp_at(&server).args(["dialog", "create", "-f", "-"]).write_stdin(second.stdout).assert().success();
    let listed = dp_at(&server).args(["dialog", "list"]).output().unwrap();
    let rows: Vec<Vec<String>> = stdout(&listed).lines().map(|l| l.split('\t').map(str::to_owned).collect()).collect();
    assert_eq!(rows.len(), 2, "piped, list prints tab-separated rows without a header");
    assert!(rows.iter().any(|r| r[0] == id && r[1] == "NotApplicable" && r[4] == "Søknad mottatt"));
    let limited = dp_at(&server).args(["dialog", "list", "--limit", "1", "-o", "jsonl"]).output().unwrap();
    assert_eq!(stdout(&limited).lines().count(), 1);
    let filtered = dp_at(&server).args(["dialog", "list", "--label", "case-*", "-o", "json"]).output().unwrap();
    let items: Value = serde_json::from_str(&stdout(&filtered)).unwrap();
    assert_eq!(items.as_array().unwrap().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mistakes_get_field_errors_and_documented_exit_codes() {
    let server = dp_integration_tests::spawn(Config::dev()).await;
    let invalid =
        dp_at(&server).args(["dialog", "create", "--party", "urn:nope", "--progress", "101"]).output().unwrap();
    assert_eq!(invalid.status.code(), Some(1));
    let text = stderr(&invalid);
    assert!(text.contains("checked locally; nothing was sent"), "{text}");
    for field in ["dto.party", "dto.progress", "dto.serviceResource", "dto.content"] {
        assert!(text.contains(field), "{field} is named: {text}");
    }
    let missing = dp_at(&server).args(["dialog", "get", "0194f7c2-0000-7000-8000-000000000000"]).output().unwrap();
    assert_eq!(missing.status.code(), Some(5));
    assert!(stderr(&missing).contains("Resource not found (HTTP 404)"));
    let bad_title = dp_at(&server).args(["dialog", "create", "--title", "Søknad"]).output().unwrap();
    assert_eq!(bad_title.status.code(), Some(2));
    assert!(stderr(&bad_title).contains("LANG=TEXT"));
    let no_token = dp().args(["--env", "tt02", "dialog", "list"]).output().unwrap();
    assert_eq!(no_token.status.code(), Some(4));
    assert!(stderr(&no_token).contains("DP_TOKEN"));
    let wrong_token =
        dp().args(["--base-url", &server.base_url, "--token", "wrong", "dialog", "list"]).output().unwrap();
    assert_eq!(wrong_token.status.code(), Some(4));
    let mut key = dp_at(&server);
    key.args(["dialog", "create", "-f", "-", "--idempotent-key", "once-only"]);
    let template = dp().args(["dialog", "template"]).output().unwrap().stdout;
    key.write_stdin(template.clone()).assert().success();
    let again = dp_at(&server)
        .args(["dialog", "create", "-f", "-", "--idempotent-key", "once-only"])
        .write_stdin(template)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(6), "409 is a conflict: {}", stderr(&again));
    let usage = dp().args(["dialog", "frobnicate"]).output().unwrap();
    assert_eq!(usage.status.code(), Some(2));
}

#[test]
fn with_nothing_configured_dp_uses_a_persistent_local_sandbox() {
    let data = std::env::temp_dir().join(format!("dp-cli-sandbox-{}", std::process::id()));
    let sandboxed = || {
        let mut command = dp();
        command.env("XDG_DATA_HOME", &data);
        command
    };
    let created = sandboxed()
        .args(["dialog", "create", "--resource", "urn:altinn:resource:demo", "--party", PARTY, "--title", "nb=Lokal"])
        .output()
        .unwrap();
    assert!(created.status.success(), "{}", stderr(&created));
    assert!(stderr(&created).contains("using the local sandbox"), "dp says where it works: {}", stderr(&created));
    let id = stdout(&created).trim().to_owned();
    let listed = sandboxed().args(["dialog", "list"]).output().unwrap();
    assert!(stdout(&listed).contains(&id), "state persists between runs");
    assert!(!stderr(&listed).contains("local sandbox"), "the notice comes on first use only: {}", stderr(&listed));
    assert!(PathBuf::from(&data).join("dialogporten/local.db").exists());

    // Two dp processes at once share the sandbox's database.
    let spawn = |title: &str| {
        dp_in(None)
            .env("XDG_DATA_HOME", &data)
            .args(["dialog", "create", "--resource", "urn:altinn:resource:demo", "--party", PARTY, "--title"])
            .arg(format!("nb={title}"))
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (first, second) = (spawn("Samtidig 1"), spawn("Samtidig 2"));
    for child in [first, second] {
        let output = child.wait_with_output().unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
    }
    let listed = sandboxed().args(["dialog", "list", "-o", "jsonl"]).output().unwrap();
    assert_eq!(stdout(&listed).lines().count(), 3, "both concurrent creates landed");
    let _ = std::fs::remove_dir_all(&data);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_upstream_create_example_goes_through_dp() {
    let Some(dir) = upstream_dir() else { return };
    let server = dp_integration_tests::spawn(Config::dev()).await;
    let example = dir.join("examples/so-create-dialog.k6-testdata.json");
    let created = dp_at(&server).args(["dialog", "create", "-f"]).arg(&example).output().unwrap();
    assert!(created.status.success(), "{}", stderr(&created));
    let id = stdout(&created).trim().to_owned();
    let got = dp_at(&server).args(["dialog", "get", &id, "-o", "json"]).output().unwrap();
    let dialog: Value = serde_json::from_str(&stdout(&got)).unwrap();
    assert_eq!(dialog["content"]["title"]["value"][0]["value"], "Skjema for rapportering av et eller annet");
}

fn run_ok(command: &mut Command) -> String {
    let output = command.output().unwrap();
    assert!(output.status.success(), "{:?} failed: {}", command, stderr(&output));
    stdout(&output).trim().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_dialog_command_end_to_end() {
    let server = dp_integration_tests::spawn(
        Config::dev().with_dev_scopes(&[dialogporten_server::auth::scopes::CHANGE_TRANSMISSIONS]),
    )
    .await;
    let person = "urn:altinn:person:identifier-no:08844397713";
    let id = run_ok(dp_at(&server).args([
        "dialog",
        "create",
        "--resource",
        "urn:altinn:resource:demo",
        "--party",
        person,
        "--title",
        "nb=Hei",
    ]));
    let revision = run_ok(dp_at(&server).args(["dialog", "update", &id, "--status", "InProgress", "--progress", "10"]));
    let stale = dp_at(&server)
        .args(["dialog", "update", &id, "--status", "Completed"])
        .args(["--if-match", &id])
        .output()
        .unwrap();
    assert_eq!(stale.status.code(), Some(6), "a stale --if-match is a precondition failure");
    let patched =
        run_ok(dp_at(&server).args(["dialog", "patch", &id, "--set", "/progress=50", "--if-match", &revision]));
    assert_ne!(patched, revision, "piped, a write prints the new revision");
    let tx = run_ok(dp_at(&server).args([
        "dialog",
        "transmission",
        "add",
        &id,
        "--type",
        "Decision",
        "--title",
        "nb=Vedtak",
    ]));
    run_ok(dp_at(&server).args([
        "dialog",
        "activity",
        "add",
        &id,
        "--type",
        "TransmissionOpened",
        "--transmission",
        &tx,
        "--performed-by",
        person,
    ]));
    let bad_activity =
        dp_at(&server).args(["dialog", "activity", "add", &id, "--type", "Information"]).output().unwrap();
    assert_eq!(bad_activity.status.code(), Some(1));
    assert!(stderr(&bad_activity).contains("dto.description"));
    let activities = run_ok(dp_at(&server).args(["dialog", "activity", "list", &id]));
    assert!(activities.contains("TransmissionOpened") && activities.contains(&tx));
    let activity_id = activities.split('\t').next().unwrap().to_owned();
    let activity = run_ok(dp_at(&server).args(["dialog", "activity", "get", &id, &activity_id, "-o", "json"]));
    assert_eq!(serde_json::from_str::<Value>(&activity).unwrap()["transmissionId"], tx.as_str());
    assert!(run_ok(dp_at(&server).args(["dialog", "transmission", "list", &id])).contains("Vedtak"));
    std::fs::write(
        std::env::temp_dir().join(format!("dp-fix-{}.json", std::process::id())),
        r#"{"type": "Decision", "sender": {"actorType": "ServiceOwner"}, "content": {"title": {"value": [{"languageCode": "nb", "value": "Rettet vedtak"}]}}}"#,
    )
    .unwrap();
    let fix_path = std::env::temp_dir().join(format!("dp-fix-{}.json", std::process::id()));
    run_ok(dp_at(&server).args(["dialog", "transmission", "update", &id, &tx, "-f"]).arg(&fix_path));
    let transmission = run_ok(dp_at(&server).args(["dialog", "transmission", "get", &id, &tx, "-o", "json"]));
    assert!(transmission.contains("Rettet vedtak"));
    let _ = std::fs::remove_file(&fix_path);

    run_ok(dp_at(&server).args(["dialog", "label", "add", &id, "Batch-1"]));
    assert_eq!(run_ok(dp_at(&server).args(["dialog", "label", "list", &id])), "batch-1");
    run_ok(dp_at(&server).args(["dialog", "label", "remove", &id, "batch-1"]));
    let gone = dp_at(&server).args(["dialog", "label", "remove", &id, "batch-1"]).output().unwrap();
    assert_eq!(gone.status.code(), Some(5));
    run_ok(dp_at(&server).args(["dialog", "system-label", "set", &id, "--end-user", person, "--add", "Archive"]));
    run_ok(dp_at(&server).args(["dialog", "system-label", "bulk-set", "--end-user", person, "--add", "Bin", &id]));
    let contexts = run_ok(dp_at(&server).args(["dialog", "system-label", "list", "--party", person]));
    assert!(contexts.contains(&id) && contexts.contains("Bin"), "{contexts}");

    run_ok(dp_at(&server).args(["api", "GET", &format!("/api/v1/serviceowner/dialogs/{id}?endUserId={person}")]));
    let seen = run_ok(dp_at(&server).args(["dialog", "seenlog", "list", &id]));
    assert!(seen.contains(person));
    let seen_id = seen.split('\t').next().unwrap().to_owned();
    assert!(run_ok(dp_at(&server).args(["dialog", "seenlog", "get", &id, &seen_id])).contains(person));
    let found = run_ok(dp_at(&server).args(["dialog", "lookup", &format!("urn:altinn:dialog-id:{id}")]));
    assert_eq!(found, id);
    let missing = dp_at(&server)
        .args(["api", "GET", "/api/v1/serviceowner/dialogs/0194f7c2-0000-7000-8000-000000000000"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(5));
    assert!(stdout(&missing).contains("DialogEntity"), "the error body goes to stdout");

    let freeze = dp_at(&server).args(["dialog", "freeze", &id]).output().unwrap();
    assert_eq!(freeze.status.code(), Some(4), "freezing needs the admin scope");
    run_ok(dp_at(&server).args(["dialog", "delete", &id]));
    let deleted = dp_at(&server).args(["dialog", "update", &id, "--status", "Completed"]).output().unwrap();
    assert_eq!(deleted.status.code(), Some(5), "a deleted dialog is gone: {}", stderr(&deleted));
    run_ok(dp_at(&server).args(["dialog", "restore", &id]));
    run_ok(dp_at(&server).args(["dialog", "purge", &id]));
    let purged = dp_at(&server).args(["dialog", "get", &id]).output().unwrap();
    assert_eq!(purged.status.code(), Some(5));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_upstream_patch_examples_go_through_dp() {
    let Some(dir) = upstream_dir() else { return };
    let server = dp_integration_tests::spawn(Config::dev()).await;
    let example = |name: &str| dir.join("examples").join(name);
    let id = run_ok(
        dp_at(&server).args(["dialog", "create", "-f"]).arg(example("so-create-dialog.k6-testdata.json")).args([
            "--summary",
            "nb=Sammendrag",
            "--summary",
            "en=Summary",
        ]),
    );
    for name in [
        "so-patch-dialog-replace-apiaction-url.k6.json",
        "so-patch-dialog-progress.k6-freeze.json",
        "so-patch-dialog.docs-example.json",
        "so-patch-dialog-remove-collections.k6.json",
    ] {
        run_ok(dp_at(&server).args(["dialog", "patch", &id, "-f"]).arg(example(name)));
    }
    let dialog: Value =
        serde_json::from_str(&run_ok(dp_at(&server).args(["dialog", "get", &id, "-o", "json"]))).unwrap();
    assert_eq!(dialog["status"], "Completed");
    assert_eq!(dialog["progress"], 98);
    assert_eq!(dialog["content"]["summary"]["value"][1]["value"], "Din innsending er mottatt og godkjent.");
}

#[test]
fn help_topics_and_command_help() {
    let codes = dp().args(["help", "exit-codes"]).output().unwrap();
    assert!(stdout(&codes).contains("6  conflict or precondition failed"));
    let environment = dp().args(["help", "environment"]).output().unwrap();
    assert!(stdout(&environment).contains("DP_TOKEN"));
    let operations = dp().args(["help", "operations"]).output().unwrap();
    assert!(stdout(&operations).contains("PatchDialog"));
    let patch = dp().args(["help", "dialog", "patch"]).output().unwrap();
    assert!(stdout(&patch).contains("--set <PATH=VALUE>"));
    let unknown = dp().args(["help", "nothing"]).output().unwrap();
    assert_eq!(unknown.status.code(), Some(2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_filters_reach_the_server() {
    let server = dp_integration_tests::spawn(Config::dev()).await;
    let person = "urn:altinn:person:identifier-no:08844397713";
    let old = run_ok(
        dp_at(&server).args(["dialog", "create", "--silent", "-f", "-"]).write_stdin(
            serde_json::json!({
                "serviceResource": "urn:altinn:resource:demo", "party": person, "createdAt": "2019-05-01T00:00:00Z",
                "content": {"title": {"value": [{"languageCode": "nb", "value": "Gammel byggesak"}]}}
            })
            .to_string(),
        ),
    );
    let new = run_ok(dp_at(&server).args([
        "dialog",
        "create",
        "--resource",
        "urn:altinn:resource:demo",
        "--party",
        PARTY,
        "--title",
        "nb=Ny",
    ]));
    let ids = |args: &[&str]| -> Vec<String> {
        let output = dp_at(&server).args(["dialog", "list"]).args(args).output().unwrap();
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
        stdout(&output).lines().map(|l| l.split('\t').next().unwrap_or_default().to_owned()).collect()
    };
    assert_eq!(ids(&["--created-before", "2020-01-01T00:00:00Z"]), vec![old.clone()]);
    assert_eq!(ids(&["--party", PARTY]), vec![new.clone()]);
    assert_eq!(ids(&["--end-user", person, "--party", person, "--search", "byggesak"]), vec![old.clone()]);
    run_ok(dp_at(&server).args(["dialog", "system-label", "set", &old, "--end-user", person, "--add", "Archive"]));
    assert_eq!(ids(&["--system-label", "Archive"]), vec![old.clone()]);
    run_ok(dp_at(&server).args(["dialog", "delete", &new]));
    assert_eq!(ids(&["--deleted", "Only"]), vec![new]);
    let bad = dp_at(&server).args(["dialog", "list", "--search", "byggesak"]).output().unwrap();
    assert_eq!(bad.status.code(), Some(1), "the server's 400 is a failure");
    assert!(stderr(&bad).contains("EndUserId"), "{}", stderr(&bad));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jq_filters_any_command_output() {
    let server = dp_integration_tests::spawn(Config::dev()).await;
    let id = run_ok(dp_at(&server).args([
        "dialog",
        "create",
        "--resource",
        "urn:altinn:resource:demo",
        "--party",
        PARTY,
        "--title",
        "nb=Filtrert",
    ]));
    assert_eq!(run_ok(dp_at(&server).args(["dialog", "list", "--jq", ".[].id"])), id);
    assert_eq!(
        run_ok(dp_at(&server).args(["dialog", "get", &id, "--jq", ".content.title.value[0].value"])),
        "Filtrert"
    );
    let bad = dp_at(&server).args(["dialog", "list", "--jq", ".[ | nope"]).output().unwrap();
    assert_eq!(bad.status.code(), Some(2), "a bad expression is a usage error, found before any request");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_token_freezes() {
    let mut admin = dialogporten_server::TokenGrant::service_owner("admin-token", "digdir", "991825827");
    admin.scopes.push(dialogporten_server::auth::scopes::ADMIN.to_owned());
    let server = dp_integration_tests::spawn(Config::dev().with_token(admin)).await;
    let id = run_ok(dp_at(&server).args([
        "dialog",
        "create",
        "--resource",
        "urn:altinn:resource:demo",
        "--party",
        PARTY,
        "--title",
        "nb=Frys",
    ]));
    let revision =
        run_ok(dp().args(["--base-url", &server.base_url, "--token", "admin-token", "dialog", "freeze", &id]));
    assert_eq!(revision.len(), 36, "piped, freeze prints the new revision");
    let frozen = dp_at(&server).args(["dialog", "patch", &id, "--set", "/progress=5"]).output().unwrap();
    assert_eq!(frozen.status.code(), Some(4), "a frozen dialog refuses other writers: {}", stderr(&frozen));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closed_pipe_ends_dp_quietly() {
    use std::io::{BufRead, BufReader};
    let server = dp_integration_tests::spawn(Config::dev()).await;
    let client = dialogporten::Client::builder(dialogporten::Environment::Local(server.base_url.clone()))
        .bearer_token(DEV_TOKEN)
        .build()
        .unwrap();
    for n in 0..300 {
        let body: dialogporten::types::CreateDialog = dialogporten::input::from_value(serde_json::json!({
            "serviceResource": "urn:altinn:resource:demo", "party": PARTY,
            "content": {"title": {"value": [{"languageCode": "nb", "value": format!("Dialog {n}")}]}}
        }))
        .unwrap();
        client.create_dialog().body(body).send().await.unwrap();
    }
    let mut child = dp_in(None)
        .args(["--base-url", &server.base_url, "--token", DEV_TOKEN, "dialog", "list", "--all", "-o", "jsonl"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    assert!(first.starts_with('{'));
    // The reader is gone: dp's next writes hit a closed pipe.
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).is_empty(), "nothing on stderr: {}", stderr(&output));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn purge_asks_on_a_terminal_and_not_in_scripts() {
    let server = dp_integration_tests::spawn(Config::dev()).await;
    let template = dp().args(["dialog", "template"]).output().unwrap().stdout;
    let create = |server: &Running| {
        let output =
            dp_at(server).args(["dialog", "create", "-f", "-"]).write_stdin(template.clone()).output().unwrap();
        stdout(&output).trim().to_owned()
    };
    let id = create(&server);
    let at = ["--base-url", server.base_url.as_str(), "--token", DEV_TOKEN];
    let declined = on_a_terminal(&[&at[..], &["dialog", "purge", &id]].concat(), "n\n");
    let shown = stdout(&declined);
    assert!(shown.contains("for good? It cannot be restored. [y/N]") && shown.contains("not purged"), "{shown}");
    assert_ne!(declined.status.code(), Some(0));
    assert!(dp_at(&server).args(["dialog", "get", &id]).output().unwrap().status.success(), "still there");
    let confirmed = on_a_terminal(&[&at[..], &["dialog", "purge", &id]].concat(), "y\n");
    assert!(confirmed.status.success(), "{}", stdout(&confirmed));
    assert_eq!(dp_at(&server).args(["dialog", "get", &id]).output().unwrap().status.code(), Some(5), "purged");
    // Piped (a script, CI) or with --yes, nothing is asked.
    let id = create(&server);
    assert!(dp_at(&server).args(["dialog", "purge", &id]).output().unwrap().status.success());
    let id = create(&server);
    let yes = on_a_terminal(&[&at[..], &["dialog", "purge", &id, "--yes"]].concat(), "");
    assert!(yes.status.success() && !stdout(&yes).contains("[y/N]"), "{}", stdout(&yes));
}

#[test]
fn the_sandbox_notice_comes_once_per_terminal_session() {
    let home = std::env::temp_dir().join(format!("dp-notice-{}", uuid::Uuid::new_v4()));
    let dp = dp_binary().display().to_string();
    let session = || {
        // One shell on one terminal running dp three times, in a subshell too: one session.
        let script = format!("'{dp}' dialog list; ('{dp}' dialog list); sh -c '{dp} dialog list'");
        let output = without_dp_settings(&mut std::process::Command::new("script"))
            .args(["-qec", &format!("sh -c \"{script}\""), "/dev/null"])
            .env("DP_CONFIG_DIR", home.join("config"))
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_STATE_HOME", home.join("state"))
            .stdin(std::process::Stdio::null())
            .output()
            .expect("script (util-linux) runs");
        String::from_utf8_lossy(&output.stdout).matches("using the local sandbox").count()
    };
    assert_eq!(session(), 1, "first use, then quiet in the same session");
    assert_eq!(session(), 1, "a new session is told once");
    let _ = std::fs::remove_dir_all(home);
}

/// The service ignores properties an operation does not have (as upstream's binding does); dp
/// sends the body anyway and says which, since a misspelt property would otherwise be lost.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_warns_about_properties_the_service_ignores() {
    let server = dp_integration_tests::spawn(Config::dev()).await;
    let body = serde_json::json!({
        "serviceResource": "urn:altinn:resource:demo",
        "party": PARTY,
        "accepts": ["application/json"],
        "content": {"title": {"value": [{"languageCode": "nb", "value": "Hei"}], "colour": "red"}}
    });
    let created = dp_at(&server).args(["dialog", "create", "-f", "-"]).write_stdin(body.to_string()).output().unwrap();
    assert!(created.status.success(), "{}", stderr(&created));
    assert_eq!(
        stderr(&created).trim(),
        "warning: Dialogporten ignores these properties, which the operation does not have: accepts, content.title.colour"
    );
    assert_eq!(stdout(&created).trim().len(), 36);
}
