//! README.md is a promise: what it shows, dp prints.
//!
//! Every `console` block of README.md runs, in order, in one shell on a terminal (a pseudo-terminal
//! of 110 columns, as the README's output was taken), in a fresh HOME, against the local sandbox and
//! a dp-server --dev started here with the README's own `server.json`. What each `$ command` prints
//! is compared with the lines the README shows under it, through snapbox (`[..]` and a line of `...`
//! stand for what the README leaves out). Ids, revisions, times, loopback ports and the HOME path
//! differ from run to run and are compared as placeholders on both sides.
//!
//! trycmd's own markdown runner would be the first choice, but it runs each command without a
//! shell: the README's readers use pipes, `$(…)`, variables and heredocs, so the commands run in
//! bash (under util-linux `script` for the terminal) and only the comparison is snapbox's.
//!
//! `sh` blocks are what dp cannot run here (tt02's Maskinporten, cargo itself, a second terminal);
//! each is listed in [`NOT_RUN`] with the reason, and a new one fails this test until it is made a
//! `console` block or listed.

use std::path::Path;
use std::process::Command;

use dialogporten_server::{Config, EndUser};

use crate::support::dp_binary;

/// The `sh` blocks the test does not run, by their first line, and why.
const NOT_RUN: &[(&str, &str)] = &[
    (
        "# terminal 1: a webhook receiver",
        "two terminals and a receiver that runs until Ctrl-C: cli/tests/cli/events.rs runs this loop",
    ),
    (
        "dp events tail -r super-simple-service --follow",
        "follows until Ctrl-C: cli/tests/cli/events.rs follows and resumes",
    ),
    (
        "# 1. Make a key pair.",
        "needs a Maskinporten client in tt02: cli/tests/cli/auth.rs logs in with each kind of key against dp-server",
    ),
    ("cargo install --path cli", "installs and builds: what it makes is the dp this test runs"),
    ("cargo test --workspace", "this test is part of it"),
    (
        "dp-server --dev --config server.json",
        "a server that runs until stopped: this test starts one with the README's server.json",
    ),
    (
        "cargo run --release -p dialogporten-server -- --dev",
        "a server that runs until stopped: this test starts one with the same settings",
    ),
    (
        "B=http://127.0.0.1:5280/api/v1/serviceowner",
        "curl, not dp: tests/tests/workspace/server_operations.rs sends each of these requests",
    ),
    (
        "dp-server --dev --listen 127.0.0.1:5280 &",
        "a server and a service that run until stopped, in a browser: tests/tests/workspace/arbeidsflate_browser.rs walks them",
    ),
    (
        "DP_BASE_URL=http://127.0.0.1:5280 DP_TOKEN=dev-token cargo run",
        "cargo: tests/tests/workspace/sdk_examples.rs runs every example against dp-server",
    ),
    (
        "export DP_BASE_URL=http://127.0.0.1:5280 DP_TOKEN=dev-token     # a dp-server --dev",
        "cargo: tests/tests/workspace/sdk_examples.rs runs every example against dp-server",
    ),
    ("cargo xtask generate", "cargo: .ci/run runs `cargo xtask generate --check`"),
    ("cargo xtask audit --db ../shared/advisory-db", "cargo: .ci/run audits Cargo.lock with it"),
];

/// One `$ command` of a console block and what the README shows under it.
struct Step {
    line: usize,
    command: String,
    expected: String,
}

/// The README's console blocks as steps, the `sh` blocks' first lines, and the JSON block that
/// follows a mention of `server.json` (dp-server's configuration for the end-user section).
fn parse(readme: &str) -> (Vec<Step>, Vec<(usize, String)>, Option<String>) {
    let mut steps: Vec<Step> = Vec::new();
    let mut shell_blocks = Vec::new();
    let mut server_json = None;
    let mut lines = readme.lines().enumerate().peekable();
    let mut mentions_server_json = false;
    while let Some((index, line)) = lines.next() {
        let fence = line.trim_start();
        if !fence.starts_with("```") {
            if line.contains("server.json") {
                mentions_server_json = true;
            }
            continue;
        }
        let info = fence.trim_start_matches('`').trim();
        let mut block = Vec::new();
        for (number, text) in lines.by_ref() {
            if text.trim_start().starts_with("```") {
                break;
            }
            block.push((number + 1, text));
        }
        match info {
            "console" => {
                let mut block = block.into_iter().peekable();
                while let Some((number, text)) = block.next() {
                    if let Some(command) = text.strip_prefix("$ ") {
                        let mut command = command.to_owned();
                        // A line ending in `\` goes on; a heredoc goes on to its end marker.
                        while command.ends_with('\\') {
                            let Some((_, next)) = block.next() else { break };
                            command.push('\n');
                            command.push_str(next);
                        }
                        if let Some(marker) = heredoc_marker(&command) {
                            for (_, next) in block.by_ref() {
                                command.push('\n');
                                command.push_str(next);
                                if next == marker {
                                    break;
                                }
                            }
                        }
                        steps.push(Step { line: number, command, expected: String::new() });
                    } else if let Some(step) = steps.last_mut() {
                        step.expected.push_str(text);
                        step.expected.push('\n');
                    } else {
                        panic!("README.md:{number}: a console block starts with output, not a `$ ` command");
                    }
                }
            }
            "sh" | "bash" | "shell" => {
                let first = block.first().map(|(_, text)| text.to_string()).unwrap_or_default();
                shell_blocks.push((index + 1, first));
            }
            "json" if mentions_server_json && server_json.is_none() => {
                server_json = Some(block.iter().map(|(_, text)| *text).collect::<Vec<_>>().join("\n"));
            }
            _ => {}
        }
        mentions_server_json = false;
    }
    (steps, shell_blocks, server_json)
}

fn heredoc_marker(command: &str) -> Option<String> {
    let rest = command.split_once("<<")?.1.trim_start_matches('-').trim_start();
    let marker: String = rest.trim_start_matches(['\'', '"']).chars().take_while(|c| c.is_alphanumeric()).collect();
    (!marker.is_empty()).then_some(marker)
}

/// What changes from run to run, the same on both sides.
struct Placeholders {
    rules: Vec<(regex::Regex, &'static str)>,
}

impl Placeholders {
    fn new() -> Self {
        let rules = [
            (r"http://127\.0\.0\.1:[0-9]+", "http://127.0.0.1:[PORT]"),
            (r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "[UUID]"),
            // An id cut in a table, at its end or in its middle: the same width each run.
            (r"[0-9a-f]{8}-[0-9a-f-]{0,27}…[0-9a-f-]{1,27}", "[ID…ID]"),
            (r"[0-9a-f]{8}-[0-9a-f-]{1,27}…", "[ID…]"),
            (r"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2} UTC", "[TIME]"),
            (r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})", "[TIME]"),
            (r"dp-local-[0-9a-f]{12}", "dp-local-[ID]"),
        ];
        Self { rules: rules.into_iter().map(|(pattern, with)| (regex::Regex::new(pattern).unwrap(), with)).collect() }
    }

    fn apply(&self, text: &str) -> String {
        let mut text = text.to_owned();
        for (pattern, with) in &self.rules {
            text = pattern.replace_all(&text, *with).into_owned();
        }
        // Blank lines after a command's output only separate it from the next in the README.
        text.trim_end()
            .lines()
            .map(|line| if line.trim() == "..." { "..." } else { line.trim_end() })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// A terminal's text as a person reads it: each line as its last carriage return left it.
/// Control sequences (bold headers, a progress bar's redraws) are how it looks, not text.
fn as_seen(raw: &str) -> String {
    let controls = regex::Regex::new(r"\x1b\[[0-9;?]*[A-Za-z]").unwrap();
    controls
        .replace_all(raw, "")
        .replace("\r\n", "\n")
        .lines()
        .map(|line| line.rsplit('\r').next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
}

const MARK: char = '\u{1e}';

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_console_block_of_the_readme_prints_what_it_shows() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    let (steps, shell_blocks, server_json) = parse(&readme);
    assert!(steps.len() > 20, "README.md has {} console commands: the parser missed the blocks", steps.len());
    for (line, first) in &shell_blocks {
        assert!(
            NOT_RUN.iter().any(|(start, _)| first.starts_with(start)),
            "README.md:{line}: an `sh` block this test does not run (`{first}`): make it a `console` block with the output dp prints, or list in NOT_RUN why it cannot run here"
        );
    }

    // The dp-server of the end-user section, configured as the README says.
    let server_json = server_json.expect("README.md shows server.json in a json block after mentioning it");
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct ServerFile {
        end_users: Vec<EndUser>,
    }
    let file: ServerFile = serde_json::from_str(&server_json).expect("README.md's server.json");
    let mut config = Config::dev();
    config.end_users = file.end_users;
    let server = dp_integration_tests::spawn(config).await;
    let address = server.base_url.trim_start_matches("http://").to_owned();

    let work = std::env::temp_dir().join(format!("dp-readme-{}", uuid::Uuid::new_v4()));
    let home = work.join("home");
    std::fs::create_dir_all(&home).expect("a fresh HOME");
    let dp = dp_binary().to_path_buf();
    let bin = dp.parent().expect("dp's directory").to_path_buf();

    let mut script = String::from(
        "stty cols 110 rows 50 2>/dev/null\n\
         cd \"$HOME\"\n\
         # `cargo run -q -p dialogporten-cli -- ARGS` builds and runs dp: here, the dp under test.\n\
         cargo() { if [ \"$1 $2 $3 $4 $5\" = 'run -q -p dialogporten-cli --' ]; then shift 5; dp \"$@\"; else echo \"the README test runs no other cargo command: cargo $*\" >&2; return 127; fi; }\n",
    );
    for (index, step) in steps.iter().enumerate() {
        script.push_str(&format!("printf '\\036{index}\\n'\n"));
        script.push_str(&step.command.replace("127.0.0.1:5280", &address));
        script.push('\n');
    }
    script.push_str(&format!("printf '\\036{}\\n'\n", steps.len()));
    let script_path = work.join("readme.sh");
    std::fs::write(&script_path, &script).expect("the script");

    let output = Command::new("script")
        .args(["-qefc", &format!("bash --noprofile --norc {}", script_path.display()), "/dev/null"])
        .env_clear()
        .env("PATH", format!("{}:/usr/local/bin:/usr/bin:/bin", bin.display()))
        .env("HOME", &home)
        .env("TERM", "xterm-256color")
        .env("LANG", "C.UTF-8")
        .env("DP_SECRET_STORE", "file")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("util-linux `script` runs the README on a pseudo-terminal (Debian: bsdutils)");
    let seen = as_seen(&String::from_utf8_lossy(&output.stdout))
        .replace(&address, "127.0.0.1:5280")
        .replace(&home.display().to_string(), "/home/you");

    let mut printed: Vec<String> = vec![String::new(); steps.len()];
    let mut current: Option<usize> = None;
    for line in seen.lines() {
        if let Some(index) = line.strip_prefix(MARK).and_then(|n| n.trim().parse::<usize>().ok()) {
            current = (index < steps.len()).then_some(index);
            continue;
        }
        if let Some(index) = current {
            printed[index].push_str(line);
            printed[index].push('\n');
        }
    }

    let placeholders = Placeholders::new();
    let mut failures = Vec::new();
    for (step, printed) in steps.iter().zip(&printed) {
        let actual = placeholders.apply(printed);
        let expected = placeholders.apply(&step.expected);
        let compared =
            snapbox::Assert::new().try_eq(Some(&"dp"), snapbox::Data::text(actual), snapbox::Data::text(expected));
        if compared.is_err() {
            failures.push(format!(
                "README.md:{}: `$ {}`\n--- the README shows ---\n{}\n--- dp printed (paste this) ---\n{}",
                step.line,
                step.command.lines().next().unwrap_or_default(),
                step.expected.trim_end(),
                printed.trim_end()
            ));
        }
    }
    server.shutdown().await.expect("dp-server stops");
    let _ = std::fs::remove_dir_all(&work);
    assert!(
        failures.is_empty(),
        "{} of {} README commands print something else than README.md shows:\n\n{}",
        failures.len(),
        steps.len(),
        failures.join("\n\n")
    );
}
