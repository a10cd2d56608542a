//! `dp help [TOPIC | COMMAND...]`: command help, plus the topics `exit-codes` and `environment`.

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

  0  success
  1  failure, including a body that breaks Dialogporten's rules (400, 422) and server errors
  2  usage: an unknown command, a bad flag or argument, unreadable input
  4  authentication or authorization: no credentials, 401, 403
  5  not found or gone: 404, 410
  6  conflict or precondition failed: 409 (the id or idempotent key exists), 412 (stale --if-match)

Scripts can branch on them:
  dp dialog get \"$ID\" -o json > d.json; case $? in 5) echo gone;; 4) echo login;; esac
";

pub const ENVIRONMENT: &str = "\
Environment

Where dp connects, strongest first:
  --base-url URL   DP_BASE_URL   any Dialogporten, e.g. http://127.0.0.1:5280 for dp-server
  --env NAME       DP_ENV        local, test, tt02, yt01 or prod
  (profile)                      the profile's env or base_url
  (none of them)                 local: the sandbox inside dp, data in $XDG_DATA_HOME/dialogporten/local.db

Credentials, strongest first (a flag wins over its variable, a variable over the profile):
  --token TOKEN    DP_TOKEN      a ready bearer token; overrides everything else
  DP_CLIENT_ID                   a Maskinporten client id, with
    DP_KEY                         the private key as text (PEM or JWK), or
    DP_KEY_FILE                    a key file (PEM, JWK, or .p12/.pfx with DP_PKCS12_PASSWORD)
    DP_KID                         the kid of a PEM key
    DP_SCOPES                      scopes, space- or comma-separated
                                   [default: digdir:dialogporten.serviceprovider and .search]
    DP_RESOURCE, DP_CONSUMER_ORG   audience restriction; the customer a supplier acts for
  --profile NAME   DP_PROFILE    a profile from `dp auth login` [default: the default profile]

Files:
  DP_CONFIG_DIR                  config.toml and secrets/ [default: $XDG_CONFIG_HOME/dialogporten]
  DP_SECRET_STORE=file           keep secrets in 0600 files, never the OS keyring
  DP_PKCS12_PASSWORD             the password of a PKCS#12 certificate
  $XDG_STATE_HOME/dialogporten/tail/  where `dp events tail` keeps its positions (or --state FILE)

Output:
  -o table|tsv|json|jsonl|yaml   default: table on a terminal, tsv when piped
  --jq EXPR                      filter the JSON output with jq (built in)
  --debug                        say on stderr where credentials come from (never the secrets)
  NO_COLOR                       set to anything: no colour on a terminal
";

pub fn run(args: &HelpArgs) -> Result<()> {
    let topic: Vec<&str> = args.topic.iter().map(String::as_str).collect();
    match topic.as_slice() {
        ["exit-codes"] => print!("{EXIT_CODES}"),
        ["environment"] => print!("{ENVIRONMENT}"),
        ["operations"] => {
            println!("API operation (openapi.json)  dp command");
            for (operation, command) in crate::cli::OPERATIONS {
                println!("{operation:<29} dp {command}");
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
            current.print_long_help()?;
        }
    }
    Ok(())
}
