//! `dp`: the Dialogporten command line for service owners.
#![forbid(unsafe_code)]

mod body;
mod cli;
mod cmd_activity;
mod cmd_api;
mod cmd_auth;
mod cmd_completions;
mod cmd_dialog;
mod cmd_events;
mod cmd_help;
mod cmd_label;
mod cmd_profile;
mod cmd_seenlog;
mod cmd_transmission;
mod config;
mod context;
mod credentials;
mod exit;
mod jq;
mod migrate;
mod output;
mod secrets;
mod terminal;
mod wire;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

use crate::cli::{Cli, Command};
use crate::context::Context;

// dp allocates many small, short-lived JSON nodes per imported record; mimalloc
// takes about a tenth off the importer's CPU per dialog (docs/benchmarks.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use crate::output::Output;

fn main() -> ExitCode {
    let matches = Cli::command().get_matches();
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
    let jq = cli.global.jq.as_deref().map(jq::Jq::new).transpose()?;
    let output = Output::new(cli.global.output, jq);
    match cli.command {
        Command::Completions(args) => cmd_completions::run(&args),
        Command::Help(args) => cmd_help::run(&args),
        Command::Auth(args) => cmd_auth::run(args, &cli.global, &output).await,
        Command::Profile(args) => cmd_profile::run(args, cli.global.profile.clone(), &output),
        Command::Migrate(args) => {
            if !args.needs_connection() {
                return migrate::run(args, None, &output).await;
            }
            let context = Context::connect_with(&cli.global, Some(migrate::RETRY)).await?;
            let result = migrate::run(args, Some(&context), &output).await;
            context.close().await?;
            result
        }
        Command::Api(args) => {
            let context = Context::connect(&cli.global).await?;
            let result = cmd_api::run(args, &context, &output).await;
            context.close().await?;
            result
        }
        Command::Events(args) if args.is_listen() => {
            // Listening needs no connection, but with the sandbox this process does its deliveries.
            let sandbox = if credentials::uses_sandbox(&cli.global)? {
                Some(Context::connect_delivering(&cli.global).await?)
            } else {
                None
            };
            let result = cmd_events::listen_command(args, &output).await;
            if let Some(sandbox) = sandbox {
                sandbox.close().await?;
            }
            result
        }
        Command::Events(args) => {
            let context = Context::connect(&cli.global).await?;
            let result = cmd_events::run(args, &context, &output).await;
            context.close().await?;
            result
        }
        Command::Dialog(args) => match args.command {
            cmd_dialog::DialogCommand::Template => Ok(output.json(&cmd_dialog::template())?),
            command => {
                let context = Context::connect(&cli.global).await?;
                let result = cmd_dialog::run(command, &context, &output).await;
                context.close().await?;
                result
            }
        },
    }
}
