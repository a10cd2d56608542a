//! `dp`: the Dialogporten command line for service owners.
#![forbid(unsafe_code)]

use clap::Parser;

/// dp: create, update and inspect Dialogporten dialogs from a terminal or CI.
///
/// Dialogporten is the common API for digital dialogs between Norwegian public
/// agencies and citizens or businesses. dp speaks its service-owner API.
#[derive(Parser, Debug)]
#[command(name = "dp", version, about, long_about)]
struct Cli {}

fn main() {
    let _cli = Cli::parse();
}
