//! The SDK's examples (`sdk/examples/`), run as a user runs them, against a dp-server.
//! `cargo test --workspace` builds them beside the tests; run that (or
//! `cargo build -p dialogporten --examples`) before this file alone.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use dialogporten_server::chaos::Chaos;
use dialogporten_server::{Config, DEV_TOKEN, Running};
use dp_integration_tests::spawn;

fn example(name: &str) -> PathBuf {
    let debug = std::env::current_exe().ok().and_then(|exe| exe.parent()?.parent().map(PathBuf::from));
    let path = debug.map(|d| d.join("examples").join(name)).unwrap_or_default();
    assert!(path.is_file(), "{} is not built: run `cargo build -p dialogporten --examples`", path.display());
    let modified = |p: &std::path::Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let source = dp_integration_tests::repo_root().join("sdk/examples").join(format!("{name}.rs"));
    assert!(
        modified(&source) <= modified(&path),
        "{} is older than its source: run `cargo build -p dialogporten --examples` (cargo test --workspace does)",
        path.display()
    );
    path
}

fn run(name: &str, server: &Running, vars: &[(&str, &str)]) -> Output {
    let mut command = Command::new(example(name));
    for var in ["DP_ENV", "DP_CLIENT_ID", "DP_KEY", "DP_KEY_FILE", "DP_TOKEN", "DP_PROFILE"] {
        command.env_remove(var);
    }
    command.env("DP_BASE_URL", &server.base_url).envs(vars.iter().copied());
    command.output().expect("the example runs")
}

fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_lifecycle_example_creates_changes_and_deletes() {
    let server = spawn(Config::dev()).await;
    let output = run("dialog_lifecycle", &server, &[("DP_TOKEN", DEV_TOKEN)]);
    let said = text(&output);
    assert!(output.status.success(), "{said}");
    for step in ["created ", "status NotApplicable", "completed, revision Some(", "stale write refused", "deleted"] {
        assert!(said.contains(step), "{step:?} missing from {said}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_search_example_streams_every_page() {
    let server = spawn(Config::dev()).await;
    let imported = run("idempotent_import", &server, &[("DP_TOKEN", DEV_TOKEN), ("DP_COUNT", "230")]);
    assert!(imported.status.success(), "{}", text(&imported));
    let output = run("search_stream", &server, &[("DP_TOKEN", DEV_TOKEN)]);
    assert!(output.status.success(), "{}", text(&output));
    assert_eq!(String::from_utf8_lossy(&output.stdout).lines().count(), 230, "three pages of up to 100, one stream");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_import_example_reruns_as_already_there_also_under_chaos() {
    let mut config = Config::dev();
    config.chaos = Some(Chaos::parse("429=0.05,503=0.05,reset=0.03,lost=0.05,retry-after=0", 11).expect("a spec"));
    let server = spawn(config).await;
    let vars = [("DP_TOKEN", DEV_TOKEN), ("DP_COUNT", "150")];
    let first = run("idempotent_import", &server, &vars);
    assert!(first.status.success(), "{}", text(&first));
    assert!(text(&first).contains("created 150, already there 0, failed 0"), "{}", text(&first));
    let again = run("idempotent_import", &server, &vars);
    assert!(again.status.success(), "{}", text(&again));
    assert!(text(&again).contains("created 0, already there 150, failed 0"), "{}", text(&again));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_maskinporten_example_registers_a_key_and_uses_its_tokens() {
    let server = spawn(Config::dev()).await;
    let output = run("maskinporten", &server, &[]);
    let said = text(&output);
    assert!(output.status.success(), "{said}");
    assert!(said.contains("registered example-client"), "{said}");
    assert!(said.contains("as digdir"), "the token's organisation owns the dialog: {said}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_events_example_follows_from_now() {
    let server = spawn(Config::dev()).await;
    let before = run("idempotent_import", &server, &[("DP_TOKEN", DEV_TOKEN), ("DP_COUNT", "3")]);
    assert!(before.status.success(), "{}", text(&before));
    let mut child = Command::new(example("follow_events"))
        .env("DP_BASE_URL", &server.base_url)
        .env("DP_TOKEN", DEV_TOKEN)
        .env("DP_MAX_EVENTS", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the example starts");
    // It says when it has reached the end of what happened before.
    let mut stderr = BufReader::new(child.stderr.take().expect("stderr"));
    let mut line = String::new();
    while !line.contains("following from now") {
        line.clear();
        assert!(stderr.read_line(&mut line).expect("stderr") > 0, "the example ended before following");
    }
    let client = dialogporten::Client::builder(dialogporten::Environment::Local(server.base_url.clone()))
        .bearer_token(DEV_TOKEN)
        .build()
        .expect("a client");
    let mut body = dialogporten::types::CreateDialog::new(
        "urn:altinn:organization:identifier-no:991825827",
        "urn:altinn:resource:my-service",
    );
    body.content = Some(dialogporten::types::CreateDialogContent {
        title: Some(dialogporten::types::ContentValue::new(vec![dialogporten::types::Localization::nb("Ny")])),
        ..Default::default()
    });
    let id = client.create_dialog().body(body).created().await.expect("created").id;
    let output = tokio::task::spawn_blocking(move || child.wait_with_output()).await.expect("joined").expect("ended");
    assert!(output.status.success());
    let printed = String::from_utf8_lossy(&output.stdout).to_string();
    assert_eq!(printed.trim(), format!("dialogporten.dialog.created.v1 {id}"), "only the new dialog's event");
}
