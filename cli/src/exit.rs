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
//! | 130 | interrupted (Ctrl-C), after what was done is printed |

use std::fmt;
use std::process::ExitCode;

use dialogporten_model::validate::ValidationErrors;

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
/// Stopped by Ctrl-C (SIGINT), as a shell reports a process the signal ended: 128 + 2.
pub const INTERRUPTED: u8 = 130;

/// The command was stopped by Ctrl-C after it printed (and saved) what it had done.
#[derive(Debug)]
pub struct Interrupted(pub &'static str);

impl fmt::Display for Interrupted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for Interrupted {}

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

/// Something asked for does not exist (an event id, say), found without an HTTP 404.
#[derive(Debug)]
pub struct NotFound(pub String);

impl fmt::Display for NotFound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for NotFound {}

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

/// A non-2xx status from `dp api` (and whether the body says what was sent exists already); the body is already on stdout.
#[derive(Debug)]
pub struct HttpStatus(pub u16, pub bool);

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

/// The exit code for an error: the first cause in the chain that has one decides.
pub fn code(error: &anyhow::Error) -> u8 {
    for cause in error.chain() {
        if cause.downcast_ref::<Interrupted>().is_some() {
            return INTERRUPTED;
        }
        if cause.downcast_ref::<UsageError>().is_some() {
            return USAGE;
        }
        if cause.downcast_ref::<NoCredentials>().is_some() {
            return AUTH;
        }
        if cause.downcast_ref::<NotFound>().is_some() {
            return NOT_FOUND;
        }
        if let Some(HttpStatus(status, exists)) = cause.downcast_ref::<HttpStatus>() {
            return if *exists { CONFLICT } else { code_for_status(*status) };
        }
        if let Some(rejection) = cause.downcast_ref::<dialogporten::dialog_token::Rejection>() {
            return if crate::exit::is_refusal(rejection) { AUTH } else { FAILURE };
        }
        if let Some(error) = cause.downcast_ref::<dialogporten::Error>() {
            return match error {
                // A 422 naming an existing id is the same conflict as a 409 on an idempotent key.
                dialogporten::Error::Api(api) if api.is_already_exists() => CONFLICT,
                dialogporten::Error::Api(api) => code_for_status(api.status().as_u16()),
                dialogporten::Error::Auth(_) => AUTH,
                _ => FAILURE,
            };
        }
    }
    FAILURE
}

/// The error as told on stderr: each cause once, control characters shown, not obeyed.
pub fn message(error: &anyhow::Error) -> String {
    let mut text = format!("error: {error}");
    let mut last = error.to_string();
    let mut advice = None;
    for (depth, cause) in error.chain().enumerate() {
        if depth > 0 {
            let said = cause.to_string();
            // Libraries often repeat their source's text in their own; say it once.
            if !said.is_empty() && !last.contains(&said) {
                text.push_str(&format!("\n  caused by: {said}"));
                last = said;
            }
        }
        // The SDK's errors say all there is; what lies under them is the HTTP stack's detail.
        if let Some(sdk) = cause.downcast_ref::<dialogporten::Error>() {
            advice = what_to_do(sdk);
            break;
        }
    }
    if let Some(advice) = advice {
        text.push_str(&format!("\n  what to do: {advice}"));
    }
    crate::terminal::printable(text.trim_end()).into_owned()
}

/// Where this run's credentials came from (`--token`, `profile tt02`, ...), for advice on a 401.
static CREDENTIALS: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Remembers where the credentials came from, so a refusal can say which ones were refused.
pub fn set_credentials_source(source: &str) {
    let _ = CREDENTIALS.set(source.to_owned());
}

/// Advice for an error response.
fn what_to_do_about(api: &dialogporten::ApiError) -> Option<String> {
    // The scope a refusal names, wherever the server put it: "requires the scope x.", "lacks the scope 'x'".
    let scope = || {
        let problem = api.problem();
        let texts = problem.detail.iter().chain(problem.title.iter()).map(String::as_str);
        texts.chain(api.field_errors().map(|(_, m)| m)).find_map(|text| {
            // Upstream's admin-only refusals name no scope: "Only ServiceOwner admin can …", "Requires admin scope".
            if text.contains("ServiceOwner admin") || text.contains("Requires admin scope") {
                return Some(dialogporten::validate::SCOPE_ADMIN.to_owned());
            }
            let rest = text.split("scope ").nth(1)?;
            let scope = rest.split_whitespace().next()?.trim_matches(|c: char| c == '\'' || c == '"' || c == '.');
            (!scope.is_empty()).then(|| scope.to_owned())
        })
    };
    match api.status().as_u16() {
        401 => {
            let source = CREDENTIALS.get().map_or("your credentials", String::as_str);
            let fix = match source {
                "--token" | "DP_TOKEN" => {
                    "it is missing, expired or for another environment: get a fresh one (dp auth token) for this --env or --base-url"
                }
                "the local sandbox" => "the sandbox takes its own token: leave out --token and DP_TOKEN",
                s if s.starts_with("profile ") => {
                    "check it with `dp auth status`, then log in again with `dp auth login` for this environment"
                }
                _ => "check that DP_CLIENT_ID and the key are registered for this environment (dp auth status)",
            };
            Some(format!("the token from {source} was refused; {fix}"))
        }
        403 => Some(match scope() {
            Some(scope) => format!(
                "the token needs the scope {scope}: have it granted to your client (Maskinporten) and ask for it (DP_SCOPES, or the profile's scopes)"
            ),
            None => "the token may not do this: check its scopes (dp auth status) and that the service resource is your organisation's".to_owned(),
        }),
        412 => Some(
            "the dialog changed since the revision given with --if-match: read the current one (dp dialog get ID --jq .revision), check what changed, and try again with it".to_owned(),
        ),
        _ => None,
    }
}

/// Advice for errors whose fix is not in their words.
fn what_to_do(error: &dialogporten::Error) -> Option<String> {
    if let dialogporten::Error::Api(api) = error {
        return what_to_do_about(api);
    }
    let advice = match error {
        dialogporten::Error::Transport(e) if e.is_timeout() => Some(
            "the server did not answer in time: try again later, or give it longer with --timeout SECONDS (DP_TIMEOUT)",
        ),
        dialogporten::Error::Transport(e) if e.is_connect() => {
            Some("check that the server is running and that --env or --base-url (or the profile) point at it")
        }
        dialogporten::Error::Transport(_) => {
            Some("the connection broke before an answer came: check the network or proxy, then try again")
        }
        dialogporten::Error::TokenEndpoint(_) => {
            Some("check the network, and that the environment's Maskinporten (or --base-url's /token) is reachable")
        }
        _ => None,
    };
    advice.map(str::to_owned)
}

/// Prints the error to stderr and gives the exit code. Only a closed stdout
/// (`dp ... | head`) ends quietly, with 0.
pub fn report(error: &anyhow::Error) -> ExitCode {
    if crate::output::is_stdout_closed(error) {
        return ExitCode::from(OK);
    }
    eprintln!("{}", message(error));
    ExitCode::from(code(error))
}

/// A refused token is a refusal (exit 4); keys that cannot be had are a failure like any other.
pub fn is_refusal(rejection: &dialogporten::dialog_token::Rejection) -> bool {
    !matches!(rejection, dialogporten::dialog_token::Rejection::Keys(_))
}
