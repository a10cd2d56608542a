//! `dp migrate`: bulk import of Altinn 2 elements (or ready dialogs) as dialogs.

mod files;
mod formats;
mod import;
mod journal;
mod mapping;
mod sample;
mod tally;

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context as _, Result};
use clap::{Args, Subcommand};

use crate::exit::UsageError;
use crate::output::Output;
pub use formats::Format;

/// Imports run for hours against a service that may throttle and hiccup:
/// more attempts and a longer budget than one-off commands, so a record
/// fails only when the service is really down.
pub const RETRY: dialogporten::RetryPolicy = dialogporten::RetryPolicy::patient();
pub use import::ImportArgs;

#[derive(Args, Debug)]
pub struct MigrateArgs {
    #[command(subcommand)]
    pub command: MigrateCommand,
}

#[derive(Subcommand, Debug)]
pub enum MigrateCommand {
    /// Import records as dialogs: streaming, idempotent, resumable, silent by default.
    Import(ImportArgs),
    /// Write a commented starting mapping file.
    InitMapping {
        /// Where to write it [default: stdout].
        #[arg(value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
        file: Option<PathBuf>,
    },
    /// Write realistic synthetic Altinn 2 records (JSON lines), the same for the same seed.
    Sample {
        /// a2-archive or a2-correspondence.
        #[arg(long, value_enum)]
        format: Format,
        /// How many records.
        #[arg(long, default_value_t = 100)]
        count: u64,
        /// The seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

/// What `dp migrate ...` needs: a patient client for an import that sends, nothing for the rest.
pub fn plan(args: MigrateArgs) -> crate::plan::Plan {
    use crate::plan::Plan;
    match args.command {
        MigrateCommand::Import(import) if import.dry_run => {
            Plan::alone(move |output| Box::pin(import::run(import, import::Destination::DryRun, output)))
        }
        MigrateCommand::Import(import) => {
            let tuning = crate::context::Tuning { retry: RETRY, pace: import.pace() };
            Plan::with_patient_client(tuning, move |context, output| {
                Box::pin(import::run(import, import::Destination::Server(context), output))
            })
        }
        MigrateCommand::InitMapping { file } => {
            Plan::alone(move |output| Box::pin(async move { init_mapping(file, output) }))
        }
        MigrateCommand::Sample { format, count, seed } => {
            Plan::alone(move |_| Box::pin(async move { write_sample(format, count, seed) }))
        }
    }
}

/// Writes the commented starting mapping to `file`, or stdout; never over an existing file.
fn init_mapping(file: Option<std::path::PathBuf>, output: &Output) -> Result<()> {
    match file {
        Some(path) => {
            if path.exists() {
                return Err(UsageError(format!("{} exists; dp will not overwrite it", path.display())).into());
            }
            std::fs::write(&path, mapping::STARTER).with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!("dp: wrote {}", path.display());
            Ok(())
        }
        None => Ok(output.line(mapping::STARTER.trim_end())?),
    }
}

/// Synthetic Altinn 2 records on stdout, one JSON line each.
fn write_sample(format: Format, count: u64, seed: u64) -> Result<()> {
    if format == Format::DialogsJsonl {
        return Err(
            UsageError("samples are Altinn 2 records: use --format a2-archive or a2-correspondence".into()).into()
        );
    }
    let mut out = std::io::BufWriter::new(crate::output::stdout());
    for record in sample::records(format, count, seed) {
        writeln!(out, "{record}")?;
    }
    out.flush()?;
    Ok(())
}
