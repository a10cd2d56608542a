//! `dp help [TOPIC | COMMAND...]`: command help, plus the topics `exit-codes` and `environment`.

use std::io::Write;

use anyhow::Result;
use clap::{Args, CommandFactory};

use crate::cli::Cli;
use crate::exit::UsageError;

/// Help on a command, or on a topic: exit-codes, environment, operations.
#[derive(Args, Debug)]
pub struct HelpArgs {
    /// A topic (exit-codes, environment, operations) or a command path (dialog create).
    pub topic: Vec<String>,
}

pub const EXIT_CODES: &str = "\
Exit codes

  0  success; also when stdout is closed early (dp ... | head), the one failure dp keeps quiet about
  1  failure: a body that breaks Dialogporten's rules (400, 422) or is over its 20,000,000-byte limit
     (refused before sending), server errors (5xx), no answer (connection refused, reset, --timeout),
     a token endpoint that cannot be reached, stdout that cannot be written (a full disk)
  2  usage: an unknown command, a bad flag or argument, an unknown --env or profile, a base URL that is
     not an http(s) URL, a -f file that is missing, a directory, not UTF-8 or not JSON, a bearer token
     over plain http to a host that is not loopback (without --allow-insecure-http)
  4  authentication or authorization: no credentials, refused credentials, 401, 403,
     a dialog token that fails a check (dp dialog-token verify)
  5  not found or gone: 404, 410, an event id that is not in the feed
  6  conflict or precondition failed: 409 (the idempotent key exists), 422 naming an id that exists,
     412 (stale --if-match)
130  interrupted by Ctrl-C, after what was done is printed and saved (an import's summary and
     journal, the position of events tail -f, the events listen received)

Every failure prints a line starting with \"error: \" on stderr; data goes to stdout only.

Scripts can branch on them:
  dp dialog get \"$ID\" -o json > d.json; case $? in 5) echo gone;; 4) echo login;; esac
";

pub const ENVIRONMENT: &str = "\
Environment

Where dp connects. A flag wins over its variable, a variable over the profile,
and at the same rank a base URL wins over an environment name:
  --base-url URL   then --env NAME          (flags)
  DP_BASE_URL      then DP_ENV              (variables)
  base_url         then env                 (the profile's settings)
  none of them     the sandbox inside dp, data in $XDG_DATA_HOME/dialogporten/local.db
NAME is local (the sandbox), test, tt02, yt01 or prod; anything else is a usage error (exit 2).
`dp --debug ...` and `dp auth status` say which one was chosen and what it won over.

Credentials, strongest first:
  --token TOKEN    DP_TOKEN      a ready bearer token; overrides everything else
  DP_CLIENT_ID                   a Maskinporten client id, with
    DP_KEY                         the private key as text (PEM or JWK), or
    DP_KEY_FILE                    a key file (PEM, JWK, or .p12/.pfx with DP_PKCS12_PASSWORD)
    DP_KID                         the kid of a PEM key
    DP_SCOPES                      scopes, space- or comma-separated
                                   [default: digdir:dialogporten.serviceprovider and .search]
    DP_RESOURCE, DP_CONSUMER_ORG   audience restriction; the customer a supplier acts for
  --profile NAME   DP_PROFILE    a profile from `dp auth login` [default: the default profile]
                                 names: 1-64 letters, digits, - and _, starting with a letter or digit
The sandbox always takes its own development token (or --token/DP_TOKEN if given).
Bearer tokens go over plain http only to loopback (127.0.0.0/8, ::1, localhost); for another
host dp refuses unless --allow-insecure-http (DP_ALLOW_INSECURE_HTTP=true).

Requests:
  --timeout SECONDS  DP_TIMEOUT  one attempt's limit, connecting included [default: 30]; 2.5, 500ms, 2m
  -v, --debug                    each request on stderr: method, URL (secret query values hidden),
                                 status, time, attempt, and why it is retried; never a token or key
  Failed reads and safe writes are retried (up to 5 attempts, 60 s in all, honouring Retry-After);
  on a terminal dp says so each time it tries again.

Files:
  DP_CONFIG_DIR                  config.toml and secrets/ [default: $XDG_CONFIG_HOME/dialogporten]
  DP_SECRET_STORE=file           keep secrets in 0600 files, never the OS keyring
  DP_PKCS12_PASSWORD             the password of a PKCS#12 certificate
  secrets/ is created 0700; dp refuses one that other users can write to. A key file that others
  can read gets a warning.
  $XDG_STATE_HOME/dialogporten/tail/  where `dp events tail` keeps its positions (or --state FILE)

Output:
  -o table|tsv|json|jsonl|yaml   default: table on a terminal, tsv when piped
  --jq EXPR                      filter the JSON output with jq (built in)
  NO_COLOR                       set to anything: no colour on a terminal
  Tables, detail views, event rows and error messages show control characters from data as ^[
  or \\u{9b} instead of sending them to the terminal; json, jsonl and tsv are byte-exact.
";

pub fn run(args: &HelpArgs) -> Result<()> {
    let topic: Vec<&str> = args.topic.iter().map(String::as_str).collect();
    match topic.as_slice() {
        ["exit-codes"] => write!(crate::output::stdout(), "{EXIT_CODES}")?,
        ["environment"] => write!(crate::output::stdout(), "{ENVIRONMENT}")?,
        ["operations"] => {
            let mut out = crate::output::stdout();
            writeln!(out, "API operation (openapi.json)  dp command")?;
            for (operation, command) in crate::cli::OPERATIONS {
                writeln!(out, "{operation:<29} dp {command}")?;
            }
        }
        path => {
            let mut command = Cli::command();
            command.build();
            let mut current = &mut command;
            for name in path {
                current = current.find_subcommand_mut(name).ok_or_else(|| {
                    UsageError(format!("no help for {:?}: try a command (dp help dialog create) or a topic (exit-codes, environment, operations)", path.join(" ")))
                })?;
            }
            write!(crate::output::stdout(), "{}", current.render_long_help())?;
        }
    }
    Ok(())
}
