//! What every module of dp's tests shares: one way to run dp (one list of the variables a test must
//! not inherit from the person running it), one home of its own, one golden-file check, and lines
//! read from a running dp with a bound on the wait.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

pub use assert_cmd::Command;
pub use dialogporten_server::{Config, DEV_TOKEN, Running};
pub use dp_integration_tests::upstream_dir;

/// The variables that would change what dp does, from the environment of whoever runs the tests.
pub const CLEARED: &[&str] = &[
    "DP_ENV",
    "DP_BASE_URL",
    "DP_TOKEN",
    "DP_PROFILE",
    "DP_CLIENT_ID",
    "DP_KEY",
    "DP_KEY_FILE",
    "DP_KID",
    "DP_SCOPES",
    "DP_RESOURCE",
    "DP_CONSUMER_ORG",
    "DP_PKCS12_PASSWORD",
    "DP_TIMEOUT",
    "DP_ALLOW_INSECURE_HTTP",
    "DP_CONFIG_DIR",
    "NO_COLOR",
    "BROWSER",
];

/// How long a test waits for a line from dp before it fails (a bound on a hang, not a synchronisation).
pub const PATIENCE: Duration = Duration::from_secs(60);

/// dp with the settings every dp a test runs gets: none of [`CLEARED`], config, data and state
/// under `home` (an empty directory of its own when `None`, so no profile of the person running
/// the tests leaks in; dp also runs in `home`), secrets in 0600 files (tests never touch a real
/// keyring) and 100 columns.
pub fn dp_in(home: Option<&Path>) -> std::process::Command {
    let mut command = std::process::Command::new(dp_binary());
    without_dp_settings(&mut command);
    let without = std::env::temp_dir().join("dp-tests-without-config");
    let config = home.map_or(without, |home| home.join("config"));
    command.env("DP_CONFIG_DIR", config).env("DP_SECRET_STORE", "file").env("COLUMNS", "100");
    if let Some(home) = home {
        command.env("XDG_DATA_HOME", home.join("data")).env("XDG_STATE_HOME", home.join("state")).current_dir(home);
    }
    command
}

/// The dp under test, for a program that runs it (`script`, a shell).
pub fn dp_binary() -> &'static Path {
    assert_cmd::cargo::cargo_bin!("dp")
}

/// `command` (dp, or a program that runs dp) without any of [`CLEARED`].
pub fn without_dp_settings(command: &mut std::process::Command) -> &mut std::process::Command {
    for var in CLEARED {
        command.env_remove(var);
    }
    command
}

/// Runs `dp ARGS` on a real terminal (util-linux `script` gives it a pty), typing `input`.
pub fn on_a_terminal(args: &[&str], input: &str) -> std::process::Output {
    let quoted: Vec<String> = std::iter::once(dp_binary().display().to_string())
        .chain(args.iter().map(|a| (*a).to_owned()))
        .map(|word| format!("'{}'", word.replace('\'', "'\\''")))
        .collect();
    let mut child = without_dp_settings(&mut std::process::Command::new("script"))
        .args(["-qec", &quoted.join(" "), "/dev/null"])
        .env("DP_CONFIG_DIR", std::env::temp_dir().join("dp-tests-without-config"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("script (util-linux) runs");
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), input.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

/// `command` started in the background with piped output, for commands that run until stopped.
fn spawn(mut command: std::process::Command) -> std::process::Child {
    command
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("dp starts")
}

/// dp, with no profile and nothing inherited.
pub fn dp() -> Command {
    Command::from_std(dp_in(None))
}

/// dp pointed at `server` with the development token.
pub fn dp_at(server: &Running) -> Command {
    let mut command = dp();
    command.args(["--base-url", &server.base_url, "--token", DEV_TOKEN]);
    command
}

/// dp at `server` started in the background with piped output.
pub fn dp_process(server: &Running, args: &[&str]) -> std::process::Child {
    let mut command = dp_in(None);
    command.args(["--base-url", &server.base_url, "--token", DEV_TOKEN]).args(args);
    spawn(command)
}

/// A home of its own: config, data, state and secrets under one temporary directory, which dp
/// also runs in; removed when dropped.
pub struct Home {
    pub dir: PathBuf,
}

impl Home {
    pub fn new() -> Self {
        let dir = std::env::temp_dir().join(format!("dp-test-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).expect("a temporary directory");
        Self { dir }
    }

    /// A path in the home.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// dp's configuration directory here.
    pub fn config_dir(&self) -> PathBuf {
        self.dir.join("config")
    }

    /// Writes dp's config.toml here.
    pub fn config(&self, text: &str) {
        std::fs::create_dir_all(self.config_dir()).expect("the config directory");
        std::fs::write(self.config_dir().join("config.toml"), text).expect("config.toml");
    }

    /// dp living in this home.
    pub fn dp(&self) -> Command {
        Command::from_std(dp_in(Some(&self.dir)))
    }

    /// dp living in this home, pointed at `server` with the development token.
    pub fn dp_at(&self, server: &Running) -> Command {
        let mut command = self.dp();
        command.args(["--base-url", &server.base_url, "--token", DEV_TOKEN]);
        command
    }

    /// dp living in this home, as a std command (for its own stdio).
    pub fn command(&self) -> std::process::Command {
        dp_in(Some(&self.dir))
    }

    /// dp living in this home, started in the background with piped output.
    pub fn dp_process(&self, args: &[String]) -> std::process::Child {
        let mut command = dp_in(Some(&self.dir));
        command.args(args);
        spawn(command)
    }

    /// Writes a file in the home and returns its path.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.dir.join(name);
        std::fs::write(&path, contents).expect("a file in the home");
        path
    }
}

impl Drop for Home {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Bytes as text, for messages and comparisons.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// What a run wrote on stdout.
pub fn stdout(output: &std::process::Output) -> String {
    text(&output.stdout)
}

/// What a run wrote on stderr.
pub fn stderr(output: &std::process::Output) -> String {
    text(&output.stderr)
}

/// Runs `command` to its end.
pub fn run(command: &mut Command) -> std::process::Output {
    command.output().expect("dp runs")
}

/// Runs `command`, which must succeed; returns its stdout.
pub fn ok(command: &mut Command) -> String {
    let output = run(command);
    assert!(output.status.success(), "{command:?}: {}", stderr(&output));
    stdout(&output)
}

/// Compares `actual` with `tests/golden/{name}` (`SNAPSHOTS=overwrite` rewrites it).
pub fn golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(name);
    snapbox::assert_data_eq!(actual.to_owned(), snapbox::Data::read_from(&path, None).raw());
}

/// Sends Ctrl-C's signal (SIGINT) to a dp started in the background, and waits for it to end.
pub fn interrupt(child: &mut std::process::Child) -> std::process::ExitStatus {
    let sent = std::process::Command::new("kill").args(["-INT", &child.id().to_string()]).status().expect("kill runs");
    assert!(sent.success(), "SIGINT could not be sent");
    child.wait().expect("dp ends")
}

/// Lines from a pipe, read on a thread, so a test can wait with a bound.
pub fn lines(pipe: impl Read + Send + 'static) -> mpsc::Receiver<String> {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        // Read to the end even when nobody listens any more, so dp never blocks on a full pipe.
        for line in BufReader::new(pipe).lines().map_while(Result::ok) {
            let _ = sender.send(line);
        }
    });
    receiver
}

/// The next line, waiting at most [`PATIENCE`].
pub fn next_line(lines: &mpsc::Receiver<String>, what: &str) -> String {
    lines.recv_timeout(PATIENCE).unwrap_or_else(|_| panic!("no line from dp while waiting for {what}"))
}

/// The first line that contains `needle`, waiting at most [`PATIENCE`] for each.
pub fn line_containing(lines: &mpsc::Receiver<String>, needle: &str) -> String {
    loop {
        let line = next_line(lines, needle);
        if line.contains(needle) {
            return line;
        }
    }
}
