//! What service owners' CI relies on, through the real binary: every failure
//! is loud with the documented exit code, the target is the one asked for
//! (flag > variable > profile), control characters from data never reach a
//! terminal, requests are visible with --debug, and secrets stay private.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use crate::support::*;
use dialogporten_server::{Config, DEV_TOKEN};
use dp_integration_tests::ClosedPort;
use serde_json::{Value, json};

const PARTY: &str = "urn:altinn:organization:identifier-no:991825827";
const RESOURCE: &str = "urn:altinn:resource:dp-trust";
const TT02: &str = "https://platform.tt02.altinn.no/dialogporten";

/// A server that takes the first megabyte of each request and hangs up: an
/// upload dies mid-way, and the client's next writes meet a broken pipe.
fn hanging_up_server() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for mut stream in listener.incoming().map_while(Result::ok) {
            let mut buffer = [0_u8; 65536];
            let mut taken = 0;
            while taken < 1_000_000 {
                match stream.read(&mut buffer) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => taken += n,
                }
            }
            drop(stream);
        }
    });
    url
}

/// A server that accepts connections and never answers.
fn silent_server() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().map_while(Result::ok) {
            held.push(stream);
        }
    });
    url
}

fn created_id(output: &std::process::Output) -> String {
    assert!(output.status.success(), "{}", text(&output.stderr));
    text(&output.stdout).trim().to_owned()
}

struct Case {
    name: &'static str,
    args: Vec<String>,
    stdin: Option<Vec<u8>>,
    env: Vec<(&'static str, String)>,
    code: i32,
    says: &'static str,
}

fn case(name: &'static str, args: &[&str], code: i32, says: &'static str) -> Case {
    Case { name, args: args.iter().map(|a| (*a).to_owned()).collect(), stdin: None, env: Vec::new(), code, says }
}

impl Case {
    fn stdin(mut self, bytes: Vec<u8>) -> Self {
        self.stdin = Some(bytes);
        self
    }

    fn env(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.env.push((name, value.into()));
        self
    }
}

// Each row is one kind of error as `dp help exit-codes` lists it. Before the
// "Trust" changes, the rows marked (was N) exited N or 0 with nothing said.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exit_codes_are_exactly_as_documented() {
    let closed = ClosedPort::new();
    let closed_url = closed.url();
    let home = Home::new();
    let server = dp_integration_tests::spawn(Config::dev()).await;
    let base = server.base_url.clone();
    let template = home.dp().args(["dialog", "template"]).output().unwrap().stdout;
    let mut body: Value = serde_json::from_slice(&template).unwrap();
    body["serviceResource"] = json!(RESOURCE);
    let body = body.to_string().into_bytes();
    let keyed = home
        .dp_at(&server)
        .args(["dialog", "create", "-f", "-", "--idempotent-key", "trust-1"])
        .write_stdin(body.clone())
        .output()
        .unwrap();
    let existing = created_id(&keyed);
    let deleted = created_id(
        &home.dp_at(&server).args(["dialog", "create", "-f", "-"]).write_stdin(body.clone()).output().unwrap(),
    );
    assert!(home.dp_at(&server).args(["dialog", "delete", &deleted]).output().unwrap().status.success());

    let mut again: Value = serde_json::from_slice(&body).unwrap();
    again["id"] = json!(existing);
    let existing_body = home.write("existing.json", again.to_string().as_bytes()).display().to_string();
    let directory = home.dir.display().to_string();
    let binary = home.write("binary.json", [0xff, 0xfe, 0x00, 0x7b, 0x80]).display().to_string();
    let huge = home.dir.join("huge.json");
    // Sparse: 20,000,001 bytes on paper, nothing on disk, and dp must not read it.
    std::fs::File::create(&huge).unwrap().set_len(20_000_001).unwrap();
    let huge = huge.display().to_string();
    let big = home.write("big.json", format!("[\"{}\"]", "x".repeat(5_000_000)).as_bytes()).display().to_string();
    let p12 =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../sdk/tests/fixtures/enterprise-test.p12").display().to_string();
    let random = "0194f7c2-0000-7000-8000-000000000000";
    let at = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["--base-url".to_owned(), base.clone(), "--token".to_owned(), DEV_TOKEN.to_owned()];
        all.extend(args.iter().map(|a| (*a).to_owned()));
        all
    };
    let cases = vec![
        case("success", &at(&["dialog", "get", &existing]).iter().map(String::as_str).collect::<Vec<_>>(), 0, ""),
        case("an unknown command", &["dialog", "frobnicate"], 2, "unrecognized subcommand"),
        case(
            "a missing -f file (was 1)",
            &["dialog", "create", "-f", "/nonexistent/body.json"],
            2,
            "there is no such file",
        ),
        case("a directory as -f (was 1)", &["dialog", "create", "-f", &directory], 2, "is a directory"),
        case("a binary -f file (was 1)", &["dialog", "create", "-f", &binary], 2, "is not UTF-8 text"),
        case(
            "--base-url not-a-url (was 1, \"builder error\")",
            &["--base-url", "not-a-url", "dialog", "list"],
            2,
            "is not a URL",
        ),
        case(
            "--env nonsense (was 0)",
            &["--env", "nonsense", "dialog", "list"],
            2,
            "use local, test, tt02, yt01 or prod",
        ),
        case("DP_ENV=nonsense", &["dialog", "list"], 2, "use local, test, tt02, yt01 or prod")
            .env("DP_ENV", "nonsense"),
        case("an empty profile name", &["--profile", "", "dialog", "list"], 2, "is not a profile name"),
        case("a profile name with a slash", &["--profile", "a/b", "dialog", "list"], 2, "is not a profile name"),
        case("--limit that is not a number", &["dialog", "list", "--limit", "many"], 2, "invalid value"),
        case("--timeout 0", &["--timeout", "0", "dialog", "list"], 2, "above 0"),
        case(
            "a bearer token over plain http to another host",
            &["--base-url", "http://dialogporten.example.com", "--token", "t", "dialog", "list"],
            2,
            "--allow-insecure-http",
        ),
        case(
            "a body that breaks a rule",
            &at(&["dialog", "create", "--party", "urn:nope"]).iter().map(String::as_str).collect::<Vec<_>>(),
            1,
            "dto.party",
        ),
        case(
            "a body over 20,000,000 bytes (was 0, silent)",
            &at(&["dialog", "create", "-f", &huge]).iter().map(String::as_str).collect::<Vec<_>>(),
            1,
            "nothing was sent",
        ),
        case(
            "a body over the limit on stdin",
            &at(&["dialog", "create", "-f", "-"]).iter().map(String::as_str).collect::<Vec<_>>(),
            1,
            "at most 20000000",
        )
        .stdin(vec![b' '; 20_000_100]),
        case(
            "dp api: the server hangs up during a 5 MB upload (was 0, silent)",
            &[
                "--base-url",
                &hanging_up_server(),
                "--token",
                "t",
                "api",
                "POST",
                "/api/v1/serviceowner/dialogs",
                "--input",
                &big,
            ],
            1,
            "the connection failed",
        ),
        case(
            "nothing listens at the base URL",
            &["--base-url", &closed_url, "--token", "t", "dialog", "list"],
            1,
            "connection refused",
        ),
        case(
            "no answer within --timeout",
            &["--base-url", &silent_server(), "--token", "t", "--timeout", "300ms", "dialog", "list"],
            1,
            "timed out",
        ),
        case(
            "the token endpoint cannot be reached (was 4)",
            &["--base-url", &closed_url, "dialog", "list"],
            1,
            "could not get a token",
        )
        .env("DP_CLIENT_ID", "trust-client")
        .env("DP_KEY_FILE", p12.clone())
        .env("DP_PKCS12_PASSWORD", "test-password"),
        case("no credentials for a remote environment", &["--env", "tt02", "dialog", "list"], 4, "no credentials"),
        case("credentials the token endpoint refuses", &["--base-url", &base, "dialog", "list"], 4, "refused")
            .env("DP_CLIENT_ID", "nobody-registered-this-client")
            .env("DP_KEY_FILE", p12.clone())
            .env("DP_PKCS12_PASSWORD", "test-password"),
        case("401: a wrong token", &["--base-url", &base, "--token", "wrong", "dialog", "list"], 4, "HTTP 401"),
        case(
            "403: freezing without the admin scope",
            &at(&["dialog", "freeze", &existing]).iter().map(String::as_str).collect::<Vec<_>>(),
            4,
            "HTTP 403",
        ),
        case(
            "404: no such dialog",
            &at(&["dialog", "get", random]).iter().map(String::as_str).collect::<Vec<_>>(),
            5,
            "HTTP 404",
        ),
        case(
            "410: changing a deleted dialog",
            &at(&["dialog", "patch", &deleted, "--set", "/progress=5"]).iter().map(String::as_str).collect::<Vec<_>>(),
            5,
            "HTTP 410",
        ),
        case(
            "an unknown event (was 1)",
            &at(&["events", "show", random, "-r", RESOURCE]).iter().map(String::as_str).collect::<Vec<_>>(),
            5,
            "no event",
        ),
        case(
            "409: the idempotent key exists",
            &at(&["dialog", "create", "-f", "-", "--idempotent-key", "trust-1"])
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>(),
            6,
            "HTTP 409",
        )
        .stdin(body.clone()),
        case(
            "422: create --id of an existing id (was 1)",
            &at(&["dialog", "create", "-f", "-", "--id", &existing]).iter().map(String::as_str).collect::<Vec<_>>(),
            6,
            "already exists",
        )
        .stdin(body.clone()),
        case(
            "dp api: 422 naming an existing id",
            &at(&["api", "POST", "/api/v1/serviceowner/dialogs", "--input", &existing_body])
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>(),
            6,
            "HTTP 422",
        ),
        case(
            "412: a stale --if-match",
            &at(&["dialog", "delete", &existing, "--if-match", random]).iter().map(String::as_str).collect::<Vec<_>>(),
            6,
            "HTTP 412",
        ),
    ];
    let mut wrong = Vec::new();
    for case in cases {
        let mut command = home.dp();
        command.args(&case.args);
        for (name, value) in &case.env {
            command.env(name, value);
        }
        command.write_stdin(case.stdin.clone().unwrap_or_default());
        let output = command.timeout(PATIENCE).output().unwrap();
        let stderr = text(&output.stderr);
        if output.status.code() != Some(case.code) || !stderr.contains(case.says) {
            wrong.push(format!(
                "{}: exit {:?} (want {}), stderr {stderr:?} (want it to say {:?})",
                case.name,
                output.status.code(),
                case.code,
                case.says
            ));
        }
        if case.code != 0 {
            assert!(
                stderr.lines().any(|l| l.starts_with("error: ")),
                "{}: every failure says so: {stderr:?}",
                case.name
            );
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

#[test]
fn a_full_stdout_is_an_error_and_a_closed_one_is_not() {
    let home = Home::new();
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
    let output = home.command().args(["dialog", "template"]).stdout(full).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    assert!(text(&output.stderr).contains("stdout"), "{}", text(&output.stderr));

    // `dp ... | head -0`: stdout closed before dp writes is the one quiet ending.
    // The read end is gone before dp starts, so its first write meets a broken pipe.
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let mut child = home.command().args(["help", "environment"]).stdout(writer).stderr(Stdio::piped()).spawn().unwrap();
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    assert_eq!((status.code(), stderr.as_str()), (Some(0), ""));
}

/// `dp auth status -o json` says where dp would connect without sending a request (a static token).
fn status(home: &Home, args: &[&str], env: &[(&str, &str)]) -> (Option<i32>, Value, String) {
    let mut command = home.dp();
    command.args(["auth", "status", "-o", "json"]).args(args);
    for (name, value) in env {
        command.env(name, value);
    }
    let output = command.timeout(PATIENCE).output().unwrap();
    let json = serde_json::from_slice(&output.stdout).unwrap_or(Value::Null);
    (output.status.code(), json, text(&output.stderr))
}

/// Flags, variables, the base URL reached, and what chose it.
type Row<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)], &'a str, &'a str);

// Seen before: after `dp auth login --base-url http://127.0.0.1:5280`,
// `DP_ENV=tt02` and `--env local` both still went to 127.0.0.1:5280.
#[test]
fn the_target_is_the_one_asked_for_flag_over_variable_over_profile() {
    let home = Home::new();
    home.config(
        "default_profile = \"p\"\n\n[profiles.p]\nbase_url = \"http://127.0.0.1:9\"\n\n[profiles.q]\nenv = \"yt01\"\n\n[profiles.bad]\nenv = \"tt2\"\n",
    );
    let sandbox = "sandbox";
    #[rustfmt::skip]
    let rows: &[Row] = &[
        (&[], &[], "http://127.0.0.1:9", "profile p's base_url"),
        (&[], &[("DP_ENV", "tt02")], TT02, "DP_ENV"),
        (&[], &[("DP_BASE_URL", "http://127.0.0.1:7")], "http://127.0.0.1:7", "DP_BASE_URL"),
        (&[], &[("DP_ENV", "tt02"), ("DP_BASE_URL", "http://127.0.0.1:7")], "http://127.0.0.1:7", "DP_BASE_URL"),
        (&["--env", "tt02"], &[("DP_BASE_URL", "http://127.0.0.1:7")], TT02, "--env"),
        (&["--env", "prod"], &[("DP_ENV", "tt02")], "https://platform.altinn.no/dialogporten", "--env"),
        (&["--base-url", "http://127.0.0.1:8", "--env", "prod"], &[], "http://127.0.0.1:8", "--base-url"),
        (&["--env", "local"], &[], sandbox, "--env"),
        (&[], &[("DP_ENV", "local")], sandbox, "DP_ENV"),
        (&["--profile", "q"], &[], "https://platform.yt01.altinn.cloud/dialogporten", "profile q's env"),
        (&[], &[("DP_PROFILE", "q"), ("DP_ENV", "test")], "https://platform.at23.altinn.cloud/dialogporten", "DP_ENV"),
        // A broken profile setting that loses does not stand in the way.
        (&["--profile", "bad", "--env", "tt02"], &[], TT02, "--env"),
    ];
    for (args, env, url, chosen_by) in rows {
        let mut all = vec!["--token", "static-token"];
        all.extend_from_slice(args);
        let (code, report, stderr) = status(&home, &all, env);
        let what = format!("{args:?} {env:?}");
        assert_eq!(code, Some(0), "{what}: {stderr}");
        let reached = report["dialogporten"].as_str().unwrap_or_default();
        if *url == sandbox {
            assert!(reached.starts_with("http://127.0.0.1:"), "{what}: {report}");
            assert_eq!(report["credentials"], "--token", "{what}: {report}");
        } else {
            assert_eq!(reached, *url, "{what}: {report}");
        }
        assert_eq!(report["chosen by"], *chosen_by, "{what}: {report}");
    }

    // Nothing anywhere: the sandbox.
    let empty = Home::new();
    let (code, report, _) = status(&empty, &[], &[]);
    assert_eq!(code, Some(0));
    assert_eq!(report["chosen by"], "default (no --env, --base-url or profile)");

    // --debug says which one won and over what.
    let (_, _, stderr) = status(&home, &["--token", "t", "--debug"], &[("DP_ENV", "tt02")]);
    assert!(
        stderr.contains(&format!(
            "Dialogporten at {TT02} (tt02), chosen by DP_ENV over profile p's base_url http://127.0.0.1:9"
        )),
        "{stderr}"
    );
    // Mistakes are usage errors that say what is wrong and where.
    let (code, _, stderr) = status(&home, &["--profile", "bad", "--token", "t"], &[]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("profile \"bad\"") && stderr.contains("config.toml") && stderr.contains("tt2"), "{stderr}");
    let (code, _, stderr) = status(&home, &["--profile", "nobody"], &[]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("no profile named \"nobody\""), "{stderr}");
}

const ESCAPED_ID: &str = "0190a0b1-2c3d-7e4f-8a9b-0c1d2e3f4a60";
/// A title that retitles the terminal, clears it, moves the cursor back and reverses the text.
const HOSTILE_TITLE: &str = "\u{1b}]0;pwned\u{7}Søknad\u{1b}[2J\r\u{202e}mottatt\u{9b}31m";

/// `dp events listen` on a free port printing `-o format` at 160 columns: the process, its stdout
/// lines, and the address it announced.
fn listening(home: &Home, base_url: &str, format: &str) -> (Child, mpsc::Receiver<String>, String) {
    let mut listen = home
        .command()
        .args(["--base-url", base_url, "--token", DEV_TOKEN, "events", "listen", "--port", "0", "-o", format])
        .env("COLUMNS", "160")
        .env_remove("NO_COLOR")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = lines(listen.stdout.take().unwrap());
    let err = lines(listen.stderr.take().unwrap());
    let announced = line_containing(&err, "listening on ");
    let address = announced.split("http://").nth(1).and_then(|r| r.split('/').next()).unwrap().to_owned();
    (listen, out, address)
}

fn has_controls(text: &str) -> bool {
    text.chars().any(|c| (c.is_control() && c != '\n') || ('\u{202a}'..='\u{202e}').contains(&c))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn control_characters_from_data_never_reach_a_terminal() {
    let home = Home::new();
    let server = dp_integration_tests::spawn(Config::dev()).await;
    let body = json!({
        "id": ESCAPED_ID,
        "serviceResource": RESOURCE,
        "party": PARTY,
        "status": "InProgress",
        "createdAt": "2024-07-01T08:00:00Z",
        "updatedAt": "2024-07-02T09:30:00Z",
        "externalReference": "ref\u{1b}[1A",
        "content": {"title": {"value": [{"languageCode": "nb", "value": HOSTILE_TITLE}]}}
    });
    let created = home
        .dp_at(&server)
        .args(["dialog", "create", "--silent", "-f", "-"])
        .write_stdin(body.to_string())
        .output()
        .unwrap();
    assert!(created.status.success(), "{}", text(&created.stderr));

    let table = home.dp_at(&server).args(["dialog", "list", "-o", "table"]).output().unwrap();
    let table = text(&table.stdout);
    assert!(!has_controls(&table), "{table:?}");
    golden("dialog-list.escapes.table.txt", &table);

    let detail = home.dp_at(&server).args(["dialog", "get", ESCAPED_ID, "-o", "table"]).output().unwrap();
    let detail = text(&detail.stdout);
    assert!(!has_controls(&detail), "{detail:?}");
    // The revision is new each run.
    let detail: String = detail
        .lines()
        .map(|line| {
            if line.starts_with("Revision") { "Revision  [each run its own]\n".to_owned() } else { format!("{line}\n") }
        })
        .collect();
    golden("dialog-get.escapes.detail.txt", &detail);

    // Programs get the data byte for byte.
    let json_out = home.dp_at(&server).args(["dialog", "get", ESCAPED_ID, "-o", "json"]).output().unwrap();
    let dialog: Value = serde_json::from_slice(&json_out.stdout).unwrap();
    assert_eq!(dialog["content"]["title"]["value"][0]["value"], HOSTILE_TITLE);
    let tsv = home.dp_at(&server).args(["dialog", "list", "-o", "tsv"]).output().unwrap();
    assert!(text(&tsv.stdout).contains(HOSTILE_TITLE), "TSV is byte-exact");
    // Asked for on a terminal, TSV shows the escapes as the table does: the terminal obeys none.
    let at = ["--base-url", &server.base_url, "--token", DEV_TOKEN];
    let on_screen = on_a_terminal(&[&at[..], &["dialog", "list", "-o", "tsv"]].concat(), "");
    let on_screen = text(&on_screen.stdout);
    assert!(!on_screen.contains('\u{1b}') && on_screen.contains("^["), "{on_screen:?}");

    // An error quoting what was given shows the escapes too.
    let error = home.dp_at(&server).args(["events", "show", "\u{1b}]0;x\u{7}", "-r", RESOURCE]).output().unwrap();
    let stderr = text(&error.stderr);
    assert_eq!(error.status.code(), Some(5), "{stderr}");
    assert!(!has_controls(&stderr) && stderr.contains("^[]0;x^G"), "{stderr:?}");

    // Webhook deliveries: any local process can post to `dp events listen`.
    let (mut listen, out, address) = listening(&home, &server.base_url, "table");
    let event = json!({
        "specversion": "1.0",
        "id": "0190a0b1-2c3d-7e4f-8a9b-0c1d2e3f4a61",
        "type": "dialogporten.dialog.created.v1\u{1b}[2J",
        "time": "2024-07-01T08:00:00Z",
        "resource": RESOURCE,
        "resourceinstance": ESCAPED_ID,
        "subject": "urn:altinn:person:identifier-no:\u{1b}]0;pwned\u{7}08844397713",
        "source": format!("https://example.com/api/v1/enduser/dialogs/{ESCAPED_ID}")
    });
    let mut socket = std::net::TcpStream::connect(&address).unwrap();
    let payload = event.to_string();
    write!(
        socket,
        "POST / HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/cloudevents+json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{payload}",
        payload.len()
    )
    .unwrap();
    let mut answer = String::new();
    socket.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let header = out.recv_timeout(PATIENCE).unwrap();
    let row = out.recv_timeout(PATIENCE).unwrap();
    listen.kill().unwrap();
    listen.wait().unwrap();
    let shown = format!("{header}\n{row}\n");
    assert!(!has_controls(&shown), "{shown:?}");
    golden("events-listen.escapes.table.txt", &shown);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn debug_shows_each_request_and_never_a_secret() {
    let home = Home::new();
    let server = dp_integration_tests::spawn(Config::dev()).await;
    let output = home.dp_at(&server).args(["--debug", "dialog", "list", "--limit", "1"]).output().unwrap();
    let stderr = text(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let request = format!("dp: GET {}/api/v1/serviceowner/dialogs", server.base_url);
    assert!(
        stderr.contains(&request) && stderr.contains("-> 200 in ") && stderr.contains("(attempt 1 of 5)"),
        "{stderr}"
    );
    assert!(stderr.contains("chosen by --base-url") && stderr.contains("credentials from --token"), "{stderr}");
    assert!(!stderr.contains(DEV_TOKEN), "the token never shows: {stderr}");

    // -v is the same; a refused connection is retried and each attempt is told.
    let closed = ClosedPort::new();
    let output = home
        .dp()
        .args(["-v", "--base-url", &closed.url(), "--token", "secret-xyz", "dialog", "list"])
        .output()
        .unwrap();
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.matches("connection refused").count() >= 5, "{stderr}");
    assert!(stderr.contains("(attempt 5 of 5)") && stderr.contains("retrying in"), "{stderr}");
    assert!(!stderr.contains("secret-xyz"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn secrets_are_kept_private() {
    use std::os::unix::fs::PermissionsExt;
    let closed = ClosedPort::new();
    let home = Home::new();
    // keygen creates the secrets directory 0700 and the key 0600.
    let made = home.dp().args(["auth", "keygen", "--profile", "a_b"]).output().unwrap();
    assert!(made.status.success(), "{}", text(&made.stderr));
    let secrets = home.config_dir().join("secrets");
    assert_eq!(std::fs::metadata(&secrets).unwrap().permissions().mode() & 0o777, 0o700);
    for entry in std::fs::read_dir(&secrets).unwrap() {
        assert_eq!(entry.unwrap().metadata().unwrap().permissions().mode() & 0o777, 0o600);
    }
    // a-b and a_b are two profiles with two keys: one keygen never overwrites the other's.
    let other = home.dp().args(["auth", "keygen", "--profile", "a-b"]).output().unwrap();
    assert!(other.status.success(), "{}", text(&other.stderr));
    let files: Vec<String> = std::fs::read_dir(&secrets)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("key-"))
        .collect();
    assert_eq!(files.len(), 2, "{files:?}");
    let refused = home.dp().args(["auth", "keygen", "--profile", "a/b"]).output().unwrap();
    assert_eq!(refused.status.code(), Some(2));

    // A secrets directory others may write to is refused, with what to do.
    std::fs::set_permissions(&secrets, std::fs::Permissions::from_mode(0o777)).unwrap();
    let output = home.dp().args(["--profile", "a_b", "--env", "tt02", "dialog", "list"]).output().unwrap();
    let stderr = text(&output.stderr);
    assert_ne!(output.status.code(), Some(0));
    assert!(stderr.contains("can be written by other users") && stderr.contains("chmod 700"), "{stderr}");
    std::fs::set_permissions(&secrets, std::fs::Permissions::from_mode(0o700)).unwrap();

    // A key file others can read gets a warning naming the fix.
    let key = home.dir.join("client.p12");
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("../sdk/tests/fixtures/enterprise-test.p12"), &key)
        .unwrap();
    let with_key_mode = |mode: u32| {
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(mode)).unwrap();
        let output = home
            .dp()
            .args(["--base-url", &closed.url(), "dialog", "list"])
            .env("DP_CLIENT_ID", "c")
            .env("DP_KEY_FILE", &key)
            .env("DP_PKCS12_PASSWORD", "test-password")
            .output()
            .unwrap();
        text(&output.stderr)
    };
    let stderr = with_key_mode(0o644);
    assert!(stderr.contains("can be read by other users (mode 644)") && stderr.contains("chmod 600"), "{stderr}");
    assert!(!with_key_mode(0o600).contains("can be read by other users"));
}

// `dp events listen` is a server on the user's machine: a local process that
// opens sockets and never finishes a request must not pin it.
#[test]
fn listen_drops_half_open_sockets_and_keeps_answering() {
    let home = Home::new();
    let (mut listen, out, address) = listening(&home, "http://127.0.0.1:9", "jsonl");
    let mut held: Vec<std::net::TcpStream> = (0..50)
        .map(|i| {
            let mut socket = std::net::TcpStream::connect(&address).unwrap();
            if i % 2 == 0 {
                socket.write_all(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Le").unwrap();
            }
            socket
        })
        .collect();
    // A delivery while they are held is answered and printed.
    let event = json!({"specversion": "1.0", "id": "e-1", "type": "dialogporten.dialog.created.v1",
        "time": "2024-07-01T08:00:00Z", "resource": RESOURCE, "resourceinstance": ESCAPED_ID,
        "subject": "urn:altinn:person:identifier-no:08844397713", "source": "https://example.com/x"})
    .to_string();
    let mut socket = std::net::TcpStream::connect(&address).unwrap();
    write!(socket, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{event}", event.len())
        .unwrap();
    let mut answer = String::new();
    socket.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(out.recv_timeout(PATIENCE).unwrap().contains("\"id\":\"e-1\""));
    // Each held socket is closed by dp after its header timeout (10 s).
    for socket in &mut held {
        socket.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        let mut buffer = [0_u8; 256];
        let closed = loop {
            match socket.read(&mut buffer) {
                Ok(0) => break true,
                Ok(_) => continue,
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock || e.kind() == std::io::ErrorKind::TimedOut => {
                    break false;
                }
                Err(_) => break true,
            }
        };
        assert!(closed, "a half-open socket was held for more than 30 s");
    }
    listen.kill().unwrap();
    listen.wait().unwrap();
}

/// A flag that a variable gives (`DP_ENV`, `DP_TOKEN`) is not presented as required in the usage
/// line of a refused command line (clap counts it as given).
#[test]
fn the_usage_line_leaves_out_flags_that_variables_give() {
    let refused = dp().env("DP_ENV", "tt02").env("DP_TOKEN", "x").args(["dialog", "get"]).output().unwrap();
    assert_eq!(refused.status.code(), Some(2));
    let said = text(&refused.stderr);
    assert!(said.contains("Usage: dp dialog get <ID>\n"), "{said}");
    let refused = dp().env("DP_TOKEN", "x").args(["--env", "tt02", "dialog", "get"]).output().unwrap();
    let said = text(&refused.stderr);
    assert!(said.contains("Usage: dp dialog get <ID>\n"), "{said}");
}

/// An empty token (`--token ""`, or `DP_TOKEN` set to nothing, as a CI secret the job cannot see)
/// is a usage error that says so, not a request the service answers 401.
#[test]
fn an_empty_token_is_named_before_anything_is_sent() {
    for refused in [dp().env("DP_TOKEN", "").args(["dialog", "list"]).output().unwrap(), {
        dp().args(["--base-url", "http://127.0.0.1:9", "--token", "", "dialog", "list"]).output().unwrap()
    }] {
        let said = text(&refused.stderr);
        assert_eq!(refused.status.code(), Some(2), "{said}");
        assert!(said.contains("the token is empty") && said.contains("DP_TOKEN"), "{said}");
    }
}
