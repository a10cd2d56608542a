//! The command line: global options and the command tree.

use clap::{Args, Parser, Subcommand};

use crate::cmd_completions::CompletionsArgs;
use crate::cmd_dialog::DialogArgs;
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
#[command(name = "dp", version, propagate_version = true, verbatim_doc_comment)]
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
    /// A ready bearer token for --env or --base-url.
    #[arg(long, global = true, env = "DP_TOKEN", hide_env_values = true, value_name = "TOKEN")]
    pub token: Option<String>,
    /// Output format [default: table on a terminal, plain text when piped].
    #[arg(short = 'o', long, global = true, value_enum, value_name = "FORMAT")]
    pub output: Option<Format>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create, read, list and change dialogs.
    Dialog(Box<DialogArgs>),
    /// Print a shell completion script.
    Completions(CompletionsArgs),
}
