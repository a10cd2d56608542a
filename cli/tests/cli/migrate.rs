//! `dp migrate` against a spawned server: idempotent re-runs, resuming after
//! SIGKILL, bad lines, shards, and dry runs.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use crate::support::*;
use dialogporten_server::{Config, DEV_TOKEN, Running};
use futures::TryStreamExt;
use serde_json::Value;

/// Writes `count` sample records and a mapping in `work`; returns the input path.
fn sample(work: &Home, count: u64) -> PathBuf {
    let output = work
        .dp()
        .args(["migrate", "sample", "--format", "a2-archive", "--count", &count.to_string(), "--seed", "42"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let input = work.path("archive.jsonl");
    std::fs::write(&input, &output.stdout).unwrap();
    std::fs::write(work.path("mapping.toml"), "[defaults]\nservice_resource = \"urn:altinn:resource:a2-migrated\"\n")
        .unwrap();
    input
}

fn import_args<'a>(server: &'a Running, input: &'a Path) -> Vec<String> {
    vec![
        "--base-url".into(),
        server.base_url.clone(),
        "--token".into(),
        DEV_TOKEN.into(),
        "migrate".into(),
        "import".into(),
        input.display().to_string(),
        "--format".into(),
        "a2-archive".into(),
        "--mapping".into(),
        "mapping.toml".into(),
        "-o".into(),
        "json".into(),
    ]
}

/// `dp ARGS` started in the background, returned once its journal holds `entries` lines
/// (a condition, not a guess at timing); it fails if dp ends before.
fn importing(work: &Home, args: &[String], journal: &Path, entries: usize) -> std::process::Child {
    let mut child = work.dp_process(args);
    let lines = |path: &Path| std::fs::read_to_string(path).map(|t| t.lines().count()).unwrap_or(0);
    while lines(journal) < entries {
        assert!(child.try_wait().unwrap().is_none(), "dp ended before its journal had {entries} lines");
        std::thread::yield_now();
    }
    child
}

fn summary(output: &std::process::Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!("{e}: {} / {}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
    })
}

/// Every dialog id on the server, and how many dialogs there are.
async fn server_ids(server: &Running) -> (usize, HashSet<uuid::Uuid>) {
    let client = dp_client(server);
    let items: Vec<_> = client.search_dialogs_stream(|s| s.limit(1000)).try_collect().await.unwrap();
    let ids: HashSet<_> = items.iter().map(|d| d.id).collect();
    (items.len(), ids)
}

fn dp_client(server: &Running) -> dialogporten::Client {
    dialogporten::Client::builder(dialogporten::Environment::Local(server.base_url.clone()))
        .bearer_token(DEV_TOKEN)
        .build()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rerun_creates_nothing_new() {
    let server = dp_integration_tests::spawn(Config::dev()).await;
    let work = Home::new();
    let input = sample(&work, 300);
    let first = work.dp().args(import_args(&server, &input)).output().unwrap();
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    assert_eq!(summary(&first)["created"], 300);
    let again = work.dp().args(import_args(&server, &input)).arg("--fresh").output().unwrap();
    assert!(again.status.success());
    assert_eq!((summary(&again)["created"].as_u64(), summary(&again)["already_there"].as_u64()), (Some(0), Some(300)));
    let (count, ids) = server_ids(&server).await;
    assert_eq!((count, ids.len()), (300, 300));
    let updated =
        work.dp().args(import_args(&server, &input)).args(["--fresh", "--existing", "update"]).output().unwrap();
    assert_eq!(summary(&updated)["updated"], 300);
    assert_eq!(server_ids(&server).await.0, 300);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_import_killed_with_sigkill_resumes_to_exactly_once() {
    let server = dp_integration_tests::spawn(Config::dev()).await;
    let work = Home::new();
    let input = sample(&work, 400);
    let journal = PathBuf::from(format!("{}.dp-journal", input.display()));
    let lines = |path: &Path| std::fs::read_to_string(path).map(|t| t.lines().count()).unwrap_or(0);
    for (round, kill_after) in [50usize, 150, 250].into_iter().enumerate() {
        let mut args = import_args(&server, &input);
        args.extend(["--rate".into(), "400".into(), "--concurrency".into(), "8".into()]);
        if round > 0 {
            args.push("--resume".into());
        }
        let mut child = work.command().args(&args).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
        // Wait for the journal to show progress (a condition, not a guess at timing), then kill -9.
        while lines(&journal) < kill_after + 1 {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::yield_now();
        }
        child.kill().unwrap();
        child.wait().unwrap();
    }
    let resumed = work.dp().args(import_args(&server, &input)).arg("--resume").output().unwrap();
    assert!(resumed.status.success(), "{}", String::from_utf8_lossy(&resumed.stderr));
    let s = summary(&resumed);
    assert!(s["done_earlier"].as_u64().unwrap() >= 250, "{s}");
    let (count, ids) = server_ids(&server).await;
    assert_eq!((count, ids.len()), (400, 400), "every record exactly once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_lines_are_reported_by_line_and_the_rest_import() {
    let server = dp_integration_tests::spawn(Config::dev()).await;
    let work = Home::new();
    let input = sample(&work, 20);
    let mut text = std::fs::read_to_string(&input).unwrap();
    text.push_str("this is not json\n");
    text.push_str("{\"ReporteeElementId\": 9, \"ExternalServiceCode\": \"1\", \"OrganizationNumber\": \"991825827\", \"Subject\": \"x\", \"CreatedDate\": \"tomorrow\"}\n");
    text.push_str("{\"ReporteeElementId\": 10, \"ExternalServiceCode\": \"1\", \"OrganizationNumber\": \"991825828\", \"Subject\": \"x\", \"CreatedDate\": \"2010-01-01T00:00:00\"}\n");
    std::fs::write(&input, text).unwrap();
    let output = work.dp().args(import_args(&server, &input)).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "exit 0 only when nothing failed");
    assert_eq!(summary(&output)["created"], 20);
    assert_eq!(summary(&output)["invalid"], 3);
    let failures = std::fs::read_to_string(work.path("archive.jsonl.failures.jsonl")).unwrap();
    let failures: Vec<Value> = failures.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let mut lines: Vec<u64> = failures.iter().map(|f| f["line"].as_u64().unwrap()).collect();
    lines.sort_unstable();
    assert_eq!(lines, [21, 22, 23]);
    let by_line = |n: u64| failures.iter().find(|f| f["line"] == n).unwrap().clone();
    assert!(by_line(21)["errors"]["$"][0].as_str().unwrap().contains("not JSON"));
    assert!(by_line(22)["errors"]["CreatedDate"].is_array());
    assert!(by_line(23)["errors"]["dto.party"].is_array(), "the local check names the dialog field");
    assert!(String::from_utf8_lossy(&output.stderr).contains("failures.jsonl"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shards_are_disjoint_and_cover_the_input() {
    let server = dp_integration_tests::spawn(Config::dev()).await;
    let work = Home::new();
    let input = sample(&work, 300);
    let mut created = 0;
    for shard in 0..3 {
        let journal = work.path(&format!("shard-{shard}.journal"));
        let output = work
            .dp()
            .args(import_args(&server, &input))
            .args(["--shard", &format!("{shard}/3"), "--journal"])
            .arg(&journal)
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        let s = summary(&output);
        assert_eq!(s["already_there"], 0, "no record in two shards");
        assert_eq!(s["created"].as_u64().unwrap() + s["other_shards"].as_u64().unwrap(), 300);
        created += s["created"].as_u64().unwrap();
    }
    assert_eq!(created, 300, "every record in one shard");
    assert_eq!(server_ids(&server).await.0, 300);
}

#[test]
fn a_dry_run_sends_nothing() {
    let work = Home::new();
    let input = sample(&work, 50);
    // Nothing listens on this address: a single request would fail the run.
    let output = work
        .dp()
        .args(["--base-url", "http://127.0.0.1:9", "--token", "x", "migrate", "import"])
        .arg(&input)
        .args(["--format", "a2-archive", "--mapping", "mapping.toml", "--dry-run", "-o", "json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(summary(&output)["would_create"], 50);
    assert!(!work.path("archive.jsonl.dp-journal").exists(), "a dry run keeps no journal");
}

// Seen before: under 500s and lost answers a record whose first attempt was applied and whose
// retry got a 500 was reported failed although the service had it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn under_chaos_every_record_ends_up_exactly_once_and_no_failure_exists() {
    let mut config = Config::dev();
    let spec = "429=0.05,503=0.05,500=0.02,reset=0.03,lost=0.05,retry-after=0";
    config.chaos = Some(dialogporten_server::chaos::Chaos::parse(spec, 7).unwrap());
    let server = dp_integration_tests::spawn(config).await;
    let work = Home::new();
    let input = sample(&work, 5000);
    let output = work.dp().args(import_args(&server, &input)).args(["--failures", "failures.jsonl"]).output().unwrap();
    let s = summary(&output);

    let verify = dialogporten::Client::builder(dialogporten::Environment::Local(server.base_url.clone()))
        .bearer_token(DEV_TOKEN)
        .retry_policy(dialogporten::RetryPolicy::patient())
        .build()
        .unwrap();
    let items: Vec<_> = verify.search_dialogs_stream(|s| s.limit(1000)).try_collect().await.unwrap();
    let ids: HashSet<_> = items.iter().map(|d| d.id).collect();
    assert_eq!(items.len(), ids.len(), "no dialog twice");
    let counted = s["created"].as_u64().unwrap() + s["already_there"].as_u64().unwrap();
    assert_eq!(counted, ids.len() as u64, "what dp counts is what the server holds: {s}");
    // Answers lost after the write are this run's creations, not dialogs that were there already.
    assert_eq!(s["already_there"], 0, "{s}");
    let failures = std::fs::read_to_string(work.path("failures.jsonl")).unwrap();
    for failure in failures.lines() {
        let failure: Value = serde_json::from_str(failure).unwrap();
        let id: uuid::Uuid = failure["dialogId"].as_str().and_then(|id| id.parse().ok()).expect("a sent record's id");
        assert!(!ids.contains(&id), "reported failed, yet the server has it: {failure}");
    }
    assert_eq!(s["failed"].as_u64().unwrap(), failures.lines().count() as u64, "{s}");
    if s["failed"] == 0 {
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        assert_eq!(ids.len(), 5000, "every record exactly once");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_token_stops_the_import_and_a_resume_with_a_good_one_finishes_it() {
    let server = dp_integration_tests::spawn(Config::dev()).await;
    let work = Home::new();
    let input = sample(&work, 1000);
    let mut args = import_args(&server, &input);
    let token = args.iter().position(|a| a == DEV_TOKEN).unwrap();
    args[token] = "not-the-token".into();
    let refused = work.dp().args(&args).args(["--journal", "j", "--failures", "failures.jsonl"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(4), "an authentication failure: {stderr}");
    assert!(stderr.contains("the service refused the token at ") && stderr.contains("--resume"), "{stderr}");
    assert!(stderr.contains("what to do: the token from --token was refused"), "{stderr}");
    // Only what was in flight when the first 401 came back was sent, not the other 900-odd records;
    // those waiting for a place then were dropped, not sent.
    let failures = std::fs::read_to_string(work.path("failures.jsonl")).unwrap().lines().count();
    assert!((1..=64).contains(&failures), "{failures} records were sent with the refused token");
    let told = summary(&refused);
    assert_eq!(told["failed"], failures);
    assert!(told["not_sent"].as_u64().unwrap() >= 1, "{told}");
    assert_eq!(told["failed"].as_u64().unwrap() + told["not_sent"].as_u64().unwrap(), told["read"].as_u64().unwrap());
    assert_eq!(server_ids(&server).await.0, 0);

    args[token] = DEV_TOKEN.into();
    let resumed = work.dp().args(&args).args(["--journal", "j", "--resume"]).output().unwrap();
    assert!(resumed.status.success(), "{}", String::from_utf8_lossy(&resumed.stderr));
    assert_eq!(summary(&resumed)["created"], 1000);
    assert_eq!(server_ids(&server).await.0, 1000);
}

// A failures file that cannot be written would lose the record of what failed: the import stops and says so.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failures_file_that_cannot_be_written_stops_the_import_loudly() {
    let server = dp_integration_tests::spawn(Config::dev()).await;
    let work = Home::new();
    let input = sample(&work, 3);
    let mut text = std::fs::read_to_string(&input).unwrap();
    text.push_str("this is not json\n");
    std::fs::write(&input, text).unwrap();
    let output = work.dp().args(import_args(&server, &input)).args(["--failures", "/dev/full"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("cannot write the failures file /dev/full") && stderr.contains("--resume"), "{stderr}");
}

// Seen before: a mistyped path left `/nonexistent.jsonl.dp-journal` behind and the next run talked about resuming.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_inputs_and_output_paths_are_refused_before_anything_is_written_or_sent() {
    let server = dp_integration_tests::spawn(Config::dev()).await;
    let work = Home::new();
    let input = sample(&work, 5);
    let missing = work.path("typo.jsonl");
    let cases: [(Vec<String>, &str); 4] = [
        (import_args(&server, &missing), "there is no such file"),
        (import_args(&server, &work.dir), "is a directory"),
        (
            [import_args(&server, &input), vec!["--report".into(), "/nonexistent/dir/report.json".into()]].concat(),
            "cannot write the report",
        ),
        (
            [import_args(&server, &input), vec!["--failures".into(), "/nonexistent/dir/f.jsonl".into()]].concat(),
            "cannot write the failures file",
        ),
    ];
    for (args, says) in cases {
        let output = work.dp().args(&args).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    }
    assert!(!work.path("typo.jsonl.dp-journal").exists() && !work.path("typo.jsonl.failures.jsonl").exists());
    assert!(!work.path("typo.jsonl.dp-journal.lock").exists());
    let dir_journal = PathBuf::from(format!("{}.dp-journal", work.dir.display()));
    assert!(!dir_journal.exists() && !PathBuf::from(format!("{}.lock", dir_journal.display())).exists());
    assert_eq!(server_ids(&server).await.0, 0, "nothing was sent");

    // A mapping that cannot work names the key and the line, and nothing is imported.
    std::fs::write(
        work.path("bad.toml"),
        "[defaults]\nassume_offset = \"+15:00\"\n\n[content]\ntitle = \"{Subject\"\n\n[languages]\n1044 = \"norsk\"\n",
    )
    .unwrap();
    let mut args = import_args(&server, &input);
    let at = args.iter().position(|a| a == "mapping.toml").unwrap();
    args[at] = "bad.toml".into();
    let output = work.dp().args(&args).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    for (line, key) in [(2, "defaults.assume_offset"), (5, "content.title"), (8, "languages.1044")] {
        assert!(stderr.contains(&format!("bad.toml:{line}: {key}: ")), "{key} at line {line}: {stderr}");
    }
    assert!(!work.path("archive.jsonl.dp-journal").exists());

    // Seen before: a missing mapping exited 1 with "No such file or directory (os error 2)".
    args[at] = "missing.toml".into();
    let output = work.dp().args(&args).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("--mapping missing.toml: there is no such file"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failures_show_file_line_and_field_and_a_resume_does_not_repeat_them() {
    let server = dp_integration_tests::spawn(Config::dev()).await;
    let work = Home::new();
    let input = sample(&work, 10);
    let mut text = std::fs::read_to_string(&input).unwrap();
    text.push_str("{\"ReporteeElementId\": 10, \"ExternalServiceCode\": \"1\", \"OrganizationNumber\": \"991825828\", \"Subject\": \"x\", \"CreatedDate\": \"2010-01-01T00:00:00\"}\n");
    text.push_str("not json\n");
    std::fs::write(&input, text).unwrap();
    let mut bytes = std::fs::read(&input).unwrap();
    bytes.extend_from_slice(b"{\"Subject\": \"caf\xe9\"}\n");
    std::fs::write(&input, bytes).unwrap();
    let failures = work.path("archive.jsonl.failures.jsonl");

    // A dry run writes the failures file it names (its own, so it never empties a real run's).
    let dry = work.dp().args(import_args(&server, &input)).arg("--dry-run").output().unwrap();
    let stderr = String::from_utf8_lossy(&dry.stderr);
    assert!(stderr.contains("archive.jsonl:11: dto.party: "), "{stderr}");
    assert!(stderr.contains("archive.jsonl:12: $: not JSON"), "{stderr}");
    assert!(stderr.contains("archive.jsonl:13: $: not UTF-8 text"), "a bad line is a bad record: {stderr}");
    assert!(stderr.contains("archive.jsonl.dry-run-failures.jsonl"), "{stderr}");
    let dry_failures = std::fs::read_to_string(work.path("archive.jsonl.dry-run-failures.jsonl")).unwrap();
    assert_eq!(dry_failures.lines().count(), 3);

    let first = work.dp().args(import_args(&server, &input)).output().unwrap();
    assert_eq!(first.status.code(), Some(1));
    let resumed = work.dp().args(import_args(&server, &input)).arg("--resume").output().unwrap();
    assert_eq!(resumed.status.code(), Some(1));
    let lines: Vec<String> = std::fs::read_to_string(&failures).unwrap().lines().map(str::to_owned).collect();
    assert_eq!(lines.len(), 3, "each failed record once, not once per run: {lines:?}");
    assert_eq!(server_ids(&server).await.0, 10);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_imports_on_one_journal_never_both_run() {
    let server = dp_integration_tests::spawn(Config::dev()).await;
    let work = Home::new();
    let input = sample(&work, 300);
    let journal = PathBuf::from(format!("{}.dp-journal", input.display()));
    let mut args = import_args(&server, &input);
    args.extend(["--rate".into(), "200".into(), "--concurrency".into(), "4".into()]);
    // The first is importing (the journal grows) when the second starts on the same journal.
    let first = importing(&work, &args, &journal, 20);
    // Seen before: the refused run left an empty --report behind, which a CI step then failed to parse.
    let second = work.dp().args(&args).args(["--resume", "--report", "second.json"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert_eq!(second.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(&format!("dp (pid {})", first.id())) && stderr.contains("is importing"), "{stderr}");
    assert!(!work.path("second.json").exists(), "a refused run writes no report");
    let first = first.wait_with_output().unwrap();
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let recorded = std::fs::read_to_string(&journal).unwrap();
    let entries: Vec<&str> = recorded.lines().skip(1).collect();
    let distinct: HashSet<(&str, &str)> = entries
        .iter()
        .map(|l| {
            let mut p = l.split(' ');
            (p.next().unwrap(), p.next().unwrap())
        })
        .collect();
    assert_eq!((entries.len(), distinct.len()), (300, 300), "one journal entry per record");
    assert_eq!(server_ids(&server).await.0, 300);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_interrupted_import_says_where_it_stopped_and_how_to_go_on() {
    let server = dp_integration_tests::spawn(Config::dev()).await;
    let work = Home::new();
    let input = sample(&work, 400);
    let journal = PathBuf::from(format!("{}.dp-journal", input.display()));
    let mut args = import_args(&server, &input);
    args.extend(["--rate".into(), "200".into(), "--concurrency".into(), "4".into()]);
    let child = importing(&work, &args, &journal, 30);
    let signalled = std::process::Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    assert!(signalled.success());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(130), "Ctrl-C ends an import as every command: {stderr}");
    let s = summary(&output);
    let created = s["created"].as_u64().unwrap();
    assert!(created > 0 && created < 400, "{s}");
    assert!(stderr.contains("dp: stopped at ") && stderr.contains("archive.jsonl line "), "{stderr}");
    assert!(stderr.contains("--resume") && stderr.contains("the import was interrupted"), "{stderr}");
    // The command it prints finishes the job, exactly once; it never repeats the token.
    assert!(!stderr.contains(DEV_TOKEN), "{stderr}");
    let command = stderr.lines().skip_while(|l| !l.contains("continue with:")).nth(1).unwrap().trim().to_owned();
    assert!(command.ends_with("--resume") && command.contains("--token \"$DP_TOKEN\""), "{command}");
    let resumed = without_dp_settings(&mut std::process::Command::new("sh"))
        .args(["-c", &command])
        .env("DP_TOKEN", DEV_TOKEN)
        .env("DP_CONFIG_DIR", work.path("config"))
        .current_dir(&work.dir)
        .output()
        .unwrap();
    assert!(resumed.status.success(), "{command}: {}", String::from_utf8_lossy(&resumed.stderr));
    assert_eq!(server_ids(&server).await.0, 400);

    // A truncated .gz also ends with the summary and the position; it is named as a file cut short,
    // and no --resume is offered: a resume would read the same cut (seen before: it was).
    let gz = work.path("cut.jsonl.gz");
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut encoder, &std::fs::read(&input).unwrap()).unwrap();
    let bytes = encoder.finish().unwrap();
    std::fs::write(&gz, &bytes[..bytes.len() * 2 / 3]).unwrap();
    let output = work.dp().args(import_args(&server, &gz)).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(summary(&output)["already_there"].as_u64().unwrap() > 0, "the records before the cut were seen");
    assert!(stderr.contains("dp: stopped at ") && stderr.contains("cut.jsonl.gz is cut short"), "{stderr}");
    assert!(stderr.contains("get a whole copy of the file") && stderr.contains("--fresh"), "{stderr}");
    assert!(!stderr.contains("continue with:"), "{stderr}");
}

/// Members a create-dialog body does not have are imported without, as Dialogporten ignores them,
/// and each is named once on stderr and counted in the summary (upstream binding ignores them too).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn members_dialogporten_ignores_are_named_once_and_counted() {
    let server = dp_integration_tests::spawn(Config::dev()).await;
    let work = Home::new();
    let input = work.path("dialogs.jsonl");
    let record = |n: u32, extra: &str| {
        format!(
            "{{\"serviceResource\": \"urn:altinn:resource:dp-test\", \"party\": \"urn:altinn:organization:identifier-no:991825827\", \
             \"idempotentKey\": \"rec-{n}\", \"content\": {{\"title\": {{\"value\": [{{\"languageCode\": \"nb\", \"value\": \"T{n}\"}}]}}}}{extra}}}\n"
        )
    };
    let mut text = record(1, ", \"accepts\": [\"x\"]");
    text.push_str(&record(2, ", \"accepts\": []"));
    text.push_str(&record(3, ", \"searchTags\": [{\"value\": \"skatt\", \"weight\": 2}]"));
    text.push_str(&record(4, ""));
    std::fs::write(&input, text).unwrap();
    let args = [
        "--base-url",
        &server.base_url,
        "--token",
        DEV_TOKEN,
        "migrate",
        "import",
        "dialogs.jsonl",
        "--format",
        "dialogs-jsonl",
        "-o",
        "json",
    ];
    let output = work.dp().args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let summary = summary(&output);
    assert_eq!(summary["created"], 4);
    assert_eq!(summary["ignored_members"], serde_json::json!({"accepts": 2, "searchTags[].weight": 1}));
    assert_eq!(stderr.matches("'accepts' is not a member").count(), 1, "{stderr}");
    assert!(stderr.contains("2 records, first dialogs.jsonl:1"), "{stderr}");
    assert!(stderr.contains("'searchTags[].weight'"), "{stderr}");
}

// No flags: the pace learns the service's rate limit from its answers and keeps to it, and the
// summary says how it went.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn under_a_rate_limit_the_import_keeps_to_it_and_reports_its_pace() {
    let mut config = Config::dev();
    config.rate_limit = Some(dialogporten_server::load::RateLimit::parse("100/s").unwrap());
    let server = dp_integration_tests::spawn(config).await;
    let work = Home::new();
    let input = sample(&work, 300);
    let output = work.dp().args(import_args(&server, &input)).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let s = summary(&output);
    assert_eq!(s["created"], 300, "{s}");
    assert!(s["throttled"].as_u64().is_some_and(|t| t <= 3), "a known limit is not hit again and again: {s}");
    assert!(s["limit"].as_u64().is_some_and(|l| (1..=64).contains(&l)), "{s}");
    assert!(s["limit_over_time"].as_array().is_some_and(|h| !h.is_empty()), "{s}");
    let (p50, p99) = (s["latency_p50_ms"].as_f64(), s["latency_p99_ms"].as_f64());
    assert!(p50.zip(p99).is_some_and(|(p50, p99)| p50 <= p99), "the latency's percentiles: {s}");
    let fixed = work.path("fixed.jsonl");
    std::fs::copy(&input, &fixed).unwrap();
    let mut args = import_args(&server, &fixed);
    args.extend(["--pace".into(), "fixed".into(), "--concurrency".into(), "4".into(), "--fresh".into()]);
    let output = work.dp().args(&args).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let s = summary(&output);
    assert_eq!((s["already_there"].as_u64(), s.get("throttled")), (Some(300), None), "a fixed pace reports none: {s}");
}

/// A service never reached (a wrong address, a server not started) cannot have applied a create:
/// each record gets an ordinary request's attempts, is not looked up afterwards as a lost answer
/// would be, and the import stops at once, saying what to check. (It used to wait minutes.)
#[test]
fn an_import_to_a_service_never_reached_stops_after_a_few_attempts() {
    let home = Home::new();
    let input = sample(&home, 3);
    let closed = dp_integration_tests::ClosedPort::new();
    let base = closed.url();
    let output = home
        .dp()
        .args(["-v", "--base-url", &base, "--token", DEV_TOKEN, "migrate", "import"])
        .arg(&input)
        .args(["--format", "a2-archive", "--mapping", "mapping.toml"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("the service could not be reached"), "{stderr}");
    assert!(stderr.contains("check that the server is running"), "{stderr}");
    let creates = stderr.matches("dp: POST ").count();
    assert!((5..=15).contains(&creates), "five attempts for each record in flight, not more: {creates}\n{stderr}");
    assert!(!stderr.contains("dp: GET "), "nothing to look up: no attempt connected\n{stderr}");
}

// Seen before: with a service answering nothing but 503, no record ended, and the progress (on a
// terminal and in a log) stood still for minutes while dp retried: it looked hung.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn while_no_record_ends_the_log_still_says_what_dp_is_doing() {
    use std::io::BufRead;
    let mut config = Config::dev();
    config.chaos = Some(dialogporten_server::chaos::Chaos::parse("503=1,retry-after=0", 1).unwrap());
    let server = dp_integration_tests::spawn(config).await;
    let work = Home::new();
    let input = sample(&work, 20);
    let mut child = work.dp_process(&import_args(&server, &input));
    let stderr = child.stderr.take().expect("stderr is piped");
    let (lines, seen) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = lines.send(line);
        }
    });
    // The first progress line: every 3 s in a log, whether or not a record has ended. Without it
    // dp says nothing until its sends give up, minutes later.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let line =
        std::iter::from_fn(|| seen.recv_timeout(deadline.saturating_duration_since(std::time::Instant::now())).ok())
            .find(|line| line.contains(" retries"));
    child.kill().unwrap();
    child.wait().unwrap();
    let line = line.expect("a progress line within 30 s while every send waits out its back-off");
    assert!(line.contains("0 created, 0 already there, 0 failed"), "{line}");
    let retries: u64 = line.split(", ").find_map(|part| part.strip_suffix(" retries")?.parse().ok()).unwrap();
    assert!(retries > 0, "the retries show: {line}");
}
