//! The command line: global options and the command tree.

use clap::{Args, Parser, Subcommand};

use crate::cmd::api::ApiArgs;
use crate::cmd::completions::CompletionsArgs;
use crate::cmd::dialog::DialogArgs;
use crate::cmd::help::HelpArgs;
use crate::output::Format;

/// dp: create, update and inspect Dialogporten dialogs from a terminal or CI.
///
/// Dialogporten is the common API for digital dialogs between Norwegian public
/// agencies and citizens or businesses. dp speaks its service-owner API.
///
/// With nothing configured, dp works against a local sandbox: a reference
/// Dialogporten inside the dp process, with its data kept between runs.
///
/// Examples:
///   dp dialog template > dialog.json
///   dp dialog create -f dialog.json --title nb="Søknad mottatt"
///   dp dialog list
///   DP_ENV=tt02 DP_TOKEN=... dp dialog get 0194f7c2-...
#[derive(Parser, Debug)]
#[command(name = "dp", version = env!("DP_VERSION"), propagate_version = true, verbatim_doc_comment, disable_help_subcommand = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Args, Debug, Clone)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod.
    #[arg(long, global = true, env = "DP_ENV", value_name = "ENV", hide_possible_values = true,
          value_parser = Offering::parsed(environments, environment_name))]
    pub env: Option<String>,
    /// A Dialogporten base URL (wins over --env), e.g. http://127.0.0.1:5280 for dp-server.
    #[arg(long, global = true, env = "DP_BASE_URL", value_name = "URL", value_hint = clap::ValueHint::Url, value_parser = base_url)]
    pub base_url: Option<String>,
    /// A ready bearer token for --env or --base-url; overrides every other credential.
    #[arg(long, global = true, env = "DP_TOKEN", hide_env_values = true, value_name = "TOKEN", value_parser = bearer_token)]
    pub token: Option<String>,
    /// The profile to use (see `dp profile list`) [default: the default profile].
    #[arg(long, global = true, env = "DP_PROFILE", value_name = "NAME", value_parser = profile_name)]
    pub profile: Option<String>,
    /// Log each request on stderr (method, URL, status, time, retries) and where
    /// the target and credentials come from; never a token, key or password.
    #[arg(short = 'v', long, visible_alias = "verbose", global = true)]
    pub debug: bool,
    /// Seconds one attempt of a request may take, connecting included (retries get their own).
    #[arg(long, global = true, env = "DP_TIMEOUT", value_name = "SECONDS", default_value = "30", value_parser = seconds)]
    pub timeout: std::time::Duration,
    /// Send the bearer token over plain http to a host that is not loopback (anyone on the way can read it).
    #[arg(long, global = true, env = "DP_ALLOW_INSECURE_HTTP")]
    pub allow_insecure_http: bool,
    /// Where --env, --base-url, --token and --profile came from: a flag or a variable.
    #[arg(skip)]
    pub sources: Sources,
    /// Output format [default: table on a terminal, plain text when piped].
    #[arg(short = 'o', long, global = true, value_enum, value_name = "FORMAT")]
    pub output: Option<Format>,
    /// Filter the JSON output with a jq expression (built in; strings print raw), e.g. '.[].id'; -o json or none.
    #[arg(long, global = true, value_name = "EXPR")]
    pub jq: Option<String>,
}

/// Which global options were given as flags and which came from variables.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sources {
    /// `--env` (not `DP_ENV`).
    pub env_flag: bool,
    /// `--base-url` (not `DP_BASE_URL`).
    pub base_url_flag: bool,
    /// `--token` (not `DP_TOKEN`).
    pub token_flag: bool,
    /// `--profile` (not `DP_PROFILE`).
    pub profile_flag: bool,
}

impl Sources {
    /// Reads the sources from what clap matched.
    pub fn from_matches(matches: &clap::ArgMatches) -> Self {
        // Global options are matched on the subcommand they were written after; clap copies them up, sources included.
        let flag = |id: &str| {
            let mut current = Some(matches);
            let mut found = false;
            while let Some(m) = current {
                if m.value_source(id) == Some(clap::parser::ValueSource::CommandLine) {
                    found = true;
                }
                current = m.subcommand().map(|(_, sub)| sub);
            }
            found
        };
        Self {
            env_flag: flag("env"),
            base_url_flag: flag("base_url"),
            token_flag: flag("token"),
            profile_flag: flag("profile"),
        }
    }
}

/// The environment names dp knows, as written in help and errors.
pub const ENVIRONMENT_NAMES: &str = "local, test, tt02, yt01 or prod";

/// The flags a variable can give (`DP_ENV` for `--env`, ...), with their placeholders.
const FROM_ENVIRONMENT: [(&str, &str); 5] = [
    ("--env", " <ENV>"),
    ("--base-url", " <URL>"),
    ("--token", " <TOKEN>"),
    ("--profile", " <NAME>"),
    ("--timeout", " <SECONDS>"),
];

/// Ends dp for a command line clap refused (or `--help`, `--version`). clap counts a flag a
/// variable gave as given, so its usage line would present `--env <ENV> --token <TOKEN>` as
/// required: such flags are left out of it unless they are on the command line.
pub fn refuse(error: clap::Error) -> ! {
    use clap::error::ErrorKind;
    if matches!(error.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion)
        || !FROM_ENVIRONMENT.iter().any(|(flag, _)| std::env::var_os(variable_of(flag)).is_some())
    {
        error.exit()
    }
    let given: Vec<String> = std::env::args().skip(1).collect();
    let on_the_line = |flag: &str| given.iter().any(|a| a == flag || a.starts_with(&format!("{flag}=")));
    let text = error.render().to_string();
    let text: Vec<String> = text
        .lines()
        .map(|line| {
            if !line.starts_with("Usage: ") {
                return line.to_owned();
            }
            let mut line = line.to_owned();
            for (flag, placeholder) in FROM_ENVIRONMENT.iter().filter(|(flag, _)| !on_the_line(flag)) {
                line = line.replace(&format!(" {flag}{placeholder}"), "");
            }
            line
        })
        .collect();
    eprintln!("{}", text.join("\n"));
    std::process::exit(error.exit_code())
}

/// `--base-url` → `DP_BASE_URL`.
fn variable_of(flag: &str) -> String {
    format!("DP_{}", flag.trim_start_matches('-').replace('-', "_").to_ascii_uppercase())
}

/// A flag's value parser that also offers the values a shell should complete: what is typed is
/// parsed by `parse` as before, so casing, aliases and values newer than dp stay open.
#[derive(Clone)]
pub struct Offering {
    values: fn() -> Vec<&'static str>,
    parse: fn(&str) -> Result<String, String>,
}

impl Offering {
    /// Offers `values`; takes any text as written (the service has the last word).
    pub const fn any(values: fn() -> Vec<&'static str>) -> Self {
        Self { values, parse: as_written }
    }

    /// Offers `values`; parses with `parse`.
    pub const fn parsed(values: fn() -> Vec<&'static str>, parse: fn(&str) -> Result<String, String>) -> Self {
        Self { values, parse }
    }
}

fn as_written(text: &str) -> Result<String, String> {
    Ok(text.to_owned())
}

impl clap::builder::TypedValueParser for Offering {
    type Value = String;

    fn parse_ref(
        &self,
        command: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        self.parse.parse_ref(command, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new((self.values)().into_iter().map(clap::builder::PossibleValue::new)))
    }
}

/// What `--env` completes to.
pub fn environments() -> Vec<&'static str> {
    vec!["local", "test", "tt02", "yt01", "prod"]
}

/// The wire names of an open enum's known values.
macro_rules! known {
    ($enum:ty) => {
        || <$enum>::KNOWN.iter().map(|value| value.as_str()).collect()
    };
}
pub(crate) use known;

/// An environment name, in its short form: local, test, tt02, yt01 or prod.
pub fn environment_name(text: &str) -> Result<String, String> {
    let lower = text.trim().to_ascii_lowercase();
    match lower.as_str() {
        "local" => Ok(lower),
        "test" | "at23" => Ok("test".into()),
        "tt02" | "staging" => Ok("tt02".into()),
        "yt01" => Ok("yt01".into()),
        "prod" | "production" => Ok("prod".into()),
        _ if lower.starts_with("http://") || lower.starts_with("https://") => {
            Err(format!("{text:?} is a URL: give it with --base-url (DP_BASE_URL)"))
        }
        _ => {
            Err(format!("unknown environment {text:?}: use {ENVIRONMENT_NAMES}, or --base-url URL for another server"))
        }
    }
}

/// A Dialogporten base URL: http(s), with a host, without query or fragment; no trailing slash.
pub fn base_url(text: &str) -> Result<String, String> {
    let example = "for example http://127.0.0.1:5280 or https://platform.tt02.altinn.no/dialogporten";
    let url = dialogporten::reqwest::Url::parse(text.trim())
        .map_err(|e| format!("{text:?} is not a URL ({e}): {example}"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none_or(str::is_empty) {
        return Err(format!("{text:?} is not an http(s) URL with a host: {example}"));
    }
    if url.query().is_some() || url.fragment().is_some() || !url.username().is_empty() || url.password().is_some() {
        return Err(format!("{text:?}: a base URL has no query, fragment or user info: {example}"));
    }
    Ok(text.trim().trim_end_matches('/').to_owned())
}

/// A profile name: 1 to 64 letters, digits, `-` and `_`, starting with a letter or digit.
pub fn profile_name(text: &str) -> Result<String, String> {
    let valid = (1..=64).contains(&text.len())
        && text.starts_with(|c: char| c.is_ascii_alphanumeric())
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if valid {
        Ok(text.to_owned())
    } else {
        Err(format!(
            "{text:?} is not a profile name: use 1 to 64 letters, digits, - and _, starting with a letter or digit"
        ))
    }
}

/// A point in time: RFC 3339 (`2030-01-31T12:00:00Z`, `2030-01-31T13:00:00+01:00`) or a date (`2030-01-31`, midnight UTC).
pub fn time(text: &str) -> Result<chrono::DateTime<chrono::Utc>, String> {
    let trimmed = text.trim();
    if let Ok(at) = chrono::DateTime::parse_from_rfc3339(trimmed) {
        return Ok(at.with_timezone(&chrono::Utc));
    }
    if let Ok(day) = chrono::NaiveDate::parse_from_str(trimmed, "%Y-%m-%d")
        && let Some(midnight) = day.and_hms_opt(0, 0, 0)
    {
        return Ok(midnight.and_utc());
    }
    Err(format!(
        "{text:?} is not a time: write RFC 3339 with a zone, like 2030-01-31T12:00:00Z or 2030-01-31T13:00:00+01:00, or a date, like 2030-01-31 (midnight UTC)"
    ))
}

/// A bearer token as given: an empty one is a mistake to name, not a request to send (in CI, a
/// secret that is not available expands to nothing).
pub fn bearer_token(text: &str) -> Result<String, String> {
    if text.trim().is_empty() {
        return Err("the token is empty: give a bearer token, or leave out both --token and DP_TOKEN \
                    (in CI, a secret that is not available to the job expands to nothing)"
            .into());
    }
    Ok(text.to_owned())
}

/// A dialog id, revision or other UUID.
pub fn uuid(text: &str) -> Result<uuid::Uuid, String> {
    text.trim().parse().map_err(|_| {
        format!("{text:?} is not a UUID (such as 0190a0b1-2c3d-7e4f-8a9b-0c1d2e3f4a5b): `dp dialog get ID` shows ids and the revision")
    })
}

/// A positive count, for --limit and the like.
pub fn positive(text: &str) -> Result<u32, String> {
    match text.trim().parse::<u32>() {
        Ok(0) => Err("give 1 or more (0 would list nothing)".into()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("{text:?} is not a whole number: give 1 or more")),
    }
}

/// Seconds, whole or decimal, optionally with a unit: 30, 2.5, 30s, 500ms, 2m.
pub fn seconds(text: &str) -> Result<std::time::Duration, String> {
    let trimmed = text.trim();
    let (number, scale) = if let Some(n) = trimmed.strip_suffix("ms") {
        (n, 0.001)
    } else if let Some(n) = trimmed.strip_suffix('s') {
        (n, 1.0)
    } else if let Some(n) = trimmed.strip_suffix('m') {
        (n, 60.0)
    } else {
        (trimmed, 1.0)
    };
    let value: f64 = number
        .trim()
        .parse()
        .map_err(|_| format!("{text:?} is not a time: write seconds, e.g. 30, 2.5, 500ms or 2m"))?;
    let seconds = value * scale;
    if !(seconds > 0.0 && seconds <= 86_400.0) {
        return Err(format!("{text:?}: give a time above 0 and at most a day"));
    }
    Ok(std::time::Duration::from_secs_f64(seconds))
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Credentials: a service owner's Maskinporten client, or a person's ID-porten login.
    Auth(crate::cmd::auth::AuthArgs),
    /// Named profiles: list, use, show.
    Profile(crate::cmd::profile::ProfileArgs),
    /// Bulk import of Altinn 2 elements as dialogs.
    Migrate(crate::migrate::MigrateArgs),
    /// Create, read, list and change dialogs.
    Dialog(Box<DialogArgs>),
    /// The CloudEvents dialogs produce: list, tail, listen, subscribe, show.
    Events(crate::cmd::events::EventsArgs),
    /// Dialogs as the end user sees them: parties, list, get (after `dp auth login --idporten`).
    Inbox(crate::cmd::inbox::InboxArgs),
    /// The dialog tokens end users bring to a service's actions: decode, verify.
    DialogToken(crate::cmd::dialog_token::DialogTokenArgs),
    /// Send any request to the API with dp's credentials.
    Api(ApiArgs),
    /// Print a shell completion script.
    Completions(CompletionsArgs),
    /// Help on a command, or on a topic: exit-codes, environment, operations.
    Help(HelpArgs),
}

/// Where each operation of the contract is reached from the command line, by
/// operationId. A test fails when openapi.json has an operation missing here,
/// or when a path here is not a command.
pub const OPERATIONS: &[(&str, &str)] = &[
    ("GetLimits", "api"),
    ("GetServiceResourceMetadata", "api"),
    ("GetDialogLookup", "dialog lookup"),
    ("SearchDialogs", "dialog list"),
    ("CreateDialog", "dialog create"),
    ("SearchDialogEndUserContexts", "dialog system-label list"),
    ("BulkSetDialogSystemLabels", "dialog system-label bulk-set"),
    ("GetDialog", "dialog get"),
    ("UpdateDialog", "dialog update"),
    ("DeleteDialog", "dialog delete"),
    ("PatchDialog", "dialog patch"),
    ("FreezeDialog", "dialog freeze"),
    ("PurgeDialog", "dialog purge"),
    ("RestoreDialog", "dialog restore"),
    ("CheckNotificationCondition", "api"),
    ("SearchDialogActivities", "dialog activity list"),
    ("CreateDialogActivity", "dialog activity add"),
    ("GetDialogActivity", "dialog activity get"),
    ("GetServiceOwnerLabels", "dialog label list"),
    ("CreateServiceOwnerLabel", "dialog label add"),
    ("DeleteServiceOwnerLabel", "dialog label remove"),
    ("SetDialogSystemLabels", "dialog system-label set"),
    ("SearchDialogSeenLogs", "dialog seenlog list"),
    ("GetDialogSeenLog", "dialog seenlog get"),
    ("SearchDialogTransmissions", "dialog transmission list"),
    ("CreateDialogTransmission", "dialog transmission add"),
    ("GetDialogTransmission", "dialog transmission get"),
    ("UpdateDialogTransmission", "dialog transmission update"),
];

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn every_operation_in_the_contract_has_a_command() {
        let spec: serde_json::Value = serde_json::from_str(include_str!("../../openapi.json")).unwrap();
        let mut missing = Vec::new();
        for item in spec["paths"].as_object().unwrap().values() {
            for operation in item.as_object().unwrap().values() {
                let Some(id) = operation["operationId"].as_str() else { continue };
                if !OPERATIONS.iter().any(|(op, _)| *op == id) {
                    missing.push(id.to_owned());
                }
            }
        }
        assert!(missing.is_empty(), "operations without a dp command (add them to cli::OPERATIONS): {missing:?}");
        let root = Cli::command();
        for (op, path) in OPERATIONS {
            let mut command = &root;
            for name in path.split(' ') {
                command = command
                    .find_subcommand(name)
                    .unwrap_or_else(|| panic!("{op} maps to `dp {path}`, which is not a command"));
            }
        }
    }
}
