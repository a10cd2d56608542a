//! `dp`: the Dialogporten command line for service owners.
#![forbid(unsafe_code)]

mod body;
mod cli;
mod cmd;
mod config;
mod context;
mod credentials;
mod exit;
mod fit;
mod idporten;
mod jq;
mod migrate;
mod output;
mod plan;
mod sandbox;
mod secrets;
mod terminal;
mod wire;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, ValueEnum};

use crate::cli::{Cli, Command};
use crate::plan::Plan;

// dp allocates many small, short-lived JSON nodes per imported record; mimalloc
// takes about a tenth off the importer's CPU per dialog (docs/benchmarks.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use crate::output::Output;

fn main() -> ExitCode {
    let matches = match Cli::command().try_get_matches() {
        Ok(matches) => matches,
        Err(error) => cli::refuse(error),
    };
    let mut cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(error) => error.exit(),
    };
    cli.global.sources = cli::Sources::from_matches(&matches);
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(exit::FAILURE);
        }
    };
    // stdout is line-buffered: what is left in the buffer is written here, and a failure to write it is a failure.
    let result = runtime.block_on(run(cli)).and_then(|()| output::flush_stdout());
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => exit::report(&error),
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    if let (Some(_), Some(format)) = (&cli.global.jq, cli.global.output)
        && !matches!(format, output::Format::Json | output::Format::Jsonl)
    {
        let format = format.to_possible_value().map(|v| v.get_name().to_owned()).unwrap_or_default();
        return Err(exit::UsageError(format!(
            "--jq filters JSON and prints its results, so -o {format} cannot apply: leave out -o (or use -o json)"
        ))
        .into());
    }
    let jq = cli.global.jq.as_deref().map(jq::Jq::new).transpose()?;
    let output = Output::new(cli.global.output, jq);
    let global = cli.global;
    let plan = match cli.command {
        Command::Completions(args) => Plan::alone(move |_| Box::pin(async move { cmd::completions::run(&args) })),
        Command::Help(args) => Plan::alone(move |_| Box::pin(async move { cmd::help::run(&args) })),
        // Credentials commands decide themselves whether to fetch a token.
        Command::Auth(args) => {
            let global = global.clone();
            Plan::alone(move |output| Box::pin(async move { cmd::auth::run(args, &global, output).await }))
        }
        Command::Profile(args) => {
            let profile = global.profile.clone();
            Plan::alone(move |output| Box::pin(async move { cmd::profile::run(args, profile, output) }))
        }
        Command::DialogToken(args) => {
            let global = global.clone();
            Plan::alone(move |output| Box::pin(async move { cmd::dialog_token::run(args, &global, output).await }))
        }
        // The end user's commands bring their own login (ID-porten), not a service owner's client.
        Command::Inbox(args) => {
            let global = global.clone();
            Plan::alone(move |output| Box::pin(async move { cmd::inbox::run(args, &global, output).await }))
        }
        Command::Migrate(args) => migrate::plan(args),
        Command::Api(args) => Plan::with_client(move |context, output| Box::pin(cmd::api::run(args, context, output))),
        Command::Events(args) => cmd::events::plan(args),
        Command::Dialog(args) => cmd::dialog::plan(*args),
    };
    plan.execute(&global, &output).await
}
