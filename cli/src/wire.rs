//! What dp says on stderr about its requests: with `--debug`, every attempt;
//! on a terminal, a line whenever a request is tried again, so a server that
//! is down or slow is never met with silence.

use std::io::IsTerminal;
use std::time::Duration;

use dialogporten::transport::{Attempt, Outcome, RequestLog};

use crate::terminal;

/// The request log dp gives the SDK.
#[derive(Debug)]
pub struct StderrLog {
    every_attempt: bool,
    retries: bool,
}

impl StderrLog {
    /// Every attempt when `debug`; otherwise only retries, and only on a terminal
    /// unless `quiet_retries` (a progress bar already shows them).
    pub fn new(debug: bool, quiet_retries: bool) -> Option<Self> {
        let retries = !quiet_retries && std::io::stderr().is_terminal();
        (debug || retries).then_some(Self { every_attempt: debug, retries })
    }
}

fn millis(duration: Duration) -> String {
    if duration < Duration::from_secs(1) {
        format!("{} ms", duration.as_millis())
    } else {
        format!("{:.1} s", duration.as_secs_f64())
    }
}

impl RequestLog for StderrLog {
    fn attempt(&self, attempt: &Attempt<'_>) {
        let url = attempt.url_for_log();
        if self.every_attempt {
            let status = match &attempt.outcome {
                Outcome::Status(status) => status.as_u16().to_string(),
                Outcome::Failed(_) => attempt.describe(),
            };
            let mut line = format!(
                "dp: {} {url} -> {status} in {} (attempt {} of {})",
                attempt.method,
                millis(attempt.elapsed),
                attempt.number,
                attempt.allowed
            );
            if let Some(wait) = attempt.retry_in {
                line.push_str(&format!("; retrying in {} ({})", millis(wait), attempt.describe()));
            }
            eprintln!("{}", terminal::cell(&line));
        } else if self.retries
            && let Some(wait) = attempt.retry_in
        {
            let host = attempt.url.host_str().unwrap_or_default();
            let port = attempt.url.port().map(|p| format!(":{p}")).unwrap_or_default();
            eprintln!(
                "{}",
                terminal::cell(&format!(
                    "dp: {host}{port}: {}; trying again in {} (attempt {} of {})",
                    attempt.describe(),
                    millis(wait),
                    attempt.number + 1,
                    attempt.allowed
                ))
            );
        }
    }
}
