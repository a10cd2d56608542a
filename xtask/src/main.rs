//! Project automation: `cargo xtask generate [--check]`, `cargo xtask audit` and `cargo xtask bench import`.
//!
//! The SDK's `generated.rs` is produced from `openapi.json` with progenitor and
//! checked in, so that reviews show how the generated client changed and
//! rustdoc links land on real code.
#![forbid(unsafe_code)]

mod audit;
mod bench;
mod generate;
mod limits;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "xtask", about = "dp project automation")]
struct Xtask {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write sdk/src/generated.rs, model/src/generated.rs and model/src/limits.rs from openapi.json.
    Generate {
        /// Do not write; exit non-zero if the checked-in file is stale.
        #[arg(long)]
        check: bool,
        /// With --check: print a unified diff of what would change.
        #[arg(short, long)]
        verbose: bool,
    },
    /// Check Cargo.lock against a RustSec advisory database on disk; fails on any advisory,
    /// warnings (unmaintained, unsound, notices) included.
    Audit {
        /// The advisory database: a copy of github.com/rustsec/advisory-db.
        #[arg(long, default_value = "../shared/advisory-db")]
        db: std::path::PathBuf,
        /// The lock file to audit.
        #[arg(long, default_value = "Cargo.lock")]
        lock_file: std::path::PathBuf,
    },
    /// Benchmarks (release builds; figures go to docs/benchmarks.md).
    Bench {
        #[command(subcommand)]
        which: Bench,
    },
}

#[derive(Subcommand)]
enum Bench {
    /// dp migrate import against a minimal reqwest loop, both against dp-server set up for a scenario.
    Import {
        /// What the server is like: loopback, latency, ratelimit, capacity, chaos or shared-limit.
        #[arg(long, value_enum, default_value = "loopback")]
        scenario: bench::Scenario,
        /// How many dialogs [default: the scenario's].
        #[arg(long)]
        count: Option<u64>,
        /// Runs of dp and of the baseline, taken in turn; the figures are the medians [default:
        /// 3 for loopback, where the two processes share the CPU with the server, else 1].
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=15))]
        runs: Option<u32>,
        /// shared-limit: importers at once, each one shard of the input, with one token.
        #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=64))]
        shards: u32,
    },
    /// What a record costs dp before it is sent (binding, checks, serializing), step by step, in one process.
    Record {
        /// How many of the import bench's lines.
        #[arg(long, default_value_t = 100_000, value_parser = clap::value_parser!(u64).range(1..))]
        count: u64,
    },
}

fn main() -> std::process::ExitCode {
    let args = Xtask::parse();
    let result = match args.command {
        Command::Generate { check, verbose } => generate::run(check, verbose),
        Command::Audit { db, lock_file } => audit::run(&db, &lock_file),
        Command::Bench { which: Bench::Import { scenario, count, runs, shards } } => {
            bench::run(scenario, count, runs, shards)
        }
        Command::Bench { which: Bench::Record { count } } => bench::run_record(count),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
