//! The command line: global options and the command tree.

use clap::{Args, Parser, Subcommand};

use crate::cmd_api::ApiArgs;
use crate::cmd_completions::CompletionsArgs;
use crate::cmd_dialog::DialogArgs;
use crate::cmd_help::HelpArgs;
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
#[command(name = "dp", version, propagate_version = true, verbatim_doc_comment, disable_help_subcommand = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Args, Debug, Clone)]
pub struct GlobalArgs {
    /// Which Dialogporten: local (the embedded sandbox), test, tt02, yt01 or prod.
    #[arg(long, global = true, env = "DP_ENV", value_name = "ENV")]
    pub env: Option<String>,
    /// A Dialogporten base URL (overrides --env), e.g. http://127.0.0.1:5280 for dp-server.
    #[arg(long, global = true, env = "DP_BASE_URL", value_name = "URL")]
    pub base_url: Option<String>,
    /// A ready bearer token for --env or --base-url; overrides every other credential.
    #[arg(long, global = true, env = "DP_TOKEN", hide_env_values = true, value_name = "TOKEN")]
    pub token: Option<String>,
    /// The profile to use (see `dp profile list`) [default: the default profile].
    #[arg(long, global = true, env = "DP_PROFILE", value_name = "NAME")]
    pub profile: Option<String>,
    /// Say on stderr where credentials come from and what dp asks for (never secrets).
    #[arg(long, global = true)]
    pub debug: bool,
    /// Output format [default: table on a terminal, plain text when piped].
    #[arg(short = 'o', long, global = true, value_enum, value_name = "FORMAT")]
    pub output: Option<Format>,
    /// Filter the JSON output with a jq expression (built in; strings print raw), e.g. '.[].id'.
    #[arg(long, global = true, value_name = "EXPR")]
    pub jq: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Maskinporten credentials: login, status, token, logout, keygen.
    Auth(crate::cmd_auth::AuthArgs),
    /// Named profiles: list, use, show.
    Profile(crate::cmd_profile::ProfileArgs),
    /// Bulk import of Altinn 2 elements as dialogs.
    Migrate(crate::migrate::MigrateArgs),
    /// Create, read, list and change dialogs.
    Dialog(Box<DialogArgs>),
    /// The CloudEvents dialogs produce: list, tail, listen, subscribe, show.
    Events(crate::cmd_events::EventsArgs),
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
