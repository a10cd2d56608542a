//! Project automation: `cargo xtask generate [--check]`.
//!
//! The SDK's `generated.rs` is produced from `openapi.json` with progenitor and
//! checked in, so that reviews show how the generated client changed and
//! rustdoc links land on real code.
#![forbid(unsafe_code)]

mod generate;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "xtask", about = "dp project automation")]
struct Xtask {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write sdk/src/generated.rs from openapi.json.
    Generate {
        /// Do not write; exit non-zero if the checked-in file is stale.
        #[arg(long)]
        check: bool,
        /// With --check: print a unified diff of what would change.
        #[arg(short, long)]
        verbose: bool,
    },
}

fn main() -> std::process::ExitCode {
    let args = Xtask::parse();
    let result = match args.command {
        Command::Generate { check, verbose } => generate::run(check, verbose),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
