//! Exit codes, and how an error is told to the user.
//!
//! | code | meaning |
//! |---|---|
//! | 0 | success |
//! | 1 | failure (including a body that breaks a rule) |
//! | 2 | usage: a flag or argument is wrong |
//! | 4 | authentication or authorization (401, 403, no credentials) |
//! | 5 | not found or gone (404, 410) |
//! | 6 | conflict or precondition failed (409, 412) |

use std::fmt;
use std::process::ExitCode;

use dialogporten::validate::ValidationErrors;

/// Success.
pub const OK: u8 = 0;
/// Anything else that failed.
pub const FAILURE: u8 = 1;
/// Wrong flags or arguments.
pub const USAGE: u8 = 2;
/// No usable credentials, or not allowed.
pub const AUTH: u8 = 4;
/// No such dialog, or it is deleted.
pub const NOT_FOUND: u8 = 5;
/// Already exists, or the revision moved on.
pub const CONFLICT: u8 = 6;

/// A mistake in how dp was called, found after clap parsed it.
#[derive(Debug)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// No credentials for a remote environment.
#[derive(Debug)]
pub struct NoCredentials(pub String);

impl fmt::Display for NoCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for NoCredentials {}

/// A body that breaks Dialogporten's rules, found before anything was sent.
#[derive(Debug)]
pub struct InvalidBody(pub ValidationErrors);

impl fmt::Display for InvalidBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "the body breaks Dialogporten's rules (checked locally; nothing was sent)")?;
        for (path, messages) in self.0.iter() {
            for message in messages {
                writeln!(f, "  {path}: {message}")?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for InvalidBody {}

/// A non-2xx status from `dp api`; the body is already on stdout.
#[derive(Debug)]
pub struct HttpStatus(pub u16);

impl fmt::Display for HttpStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let reason = dialogporten::reqwest::StatusCode::from_u16(self.0).ok().and_then(|s| s.canonical_reason());
        write!(f, "{} (HTTP {})", reason.unwrap_or("request failed"), self.0)
    }
}

impl std::error::Error for HttpStatus {}

fn code_for_status(status: u16) -> u8 {
    match status {
        401 | 403 => AUTH,
        404 | 410 => NOT_FOUND,
        409 | 412 => CONFLICT,
        _ => FAILURE,
    }
}

/// The exit code for an error.
pub fn code(error: &anyhow::Error) -> u8 {
    for cause in error.chain() {
        if cause.downcast_ref::<UsageError>().is_some() {
            return USAGE;
        }
        if cause.downcast_ref::<NoCredentials>().is_some() {
            return AUTH;
        }
        if let Some(HttpStatus(status)) = cause.downcast_ref::<HttpStatus>() {
            return code_for_status(*status);
        }
        if let Some(error) = cause.downcast_ref::<dialogporten::Error>() {
            return match (error.api(), error) {
                (Some(api), _) => code_for_status(api.status().as_u16()),
                (None, dialogporten::Error::Auth(_)) => AUTH,
                _ => FAILURE,
            };
        }
    }
    FAILURE
}

/// Whether the error is only that stdout was closed (`dp ... | head`).
fn is_closed_pipe(error: &anyhow::Error) -> bool {
    error
        .chain()
        .any(|c| c.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe))
}

/// Prints the error to stderr and gives the exit code.
pub fn report(error: &anyhow::Error) -> ExitCode {
    if is_closed_pipe(error) {
        return ExitCode::from(OK);
    }
    let mut text = format!("error: {error}");
    for cause in error.chain().skip(1) {
        text.push_str(&format!("\n  caused by: {cause}"));
    }
    eprintln!("{}", text.trim_end());
    ExitCode::from(code(error))
}
