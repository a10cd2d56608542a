//! `dp completions SHELL`

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use crate::cli::Cli;

/// Print a completion script for SHELL to stdout.
///
/// Examples:
///   dp completions bash > ~/.local/share/bash-completion/completions/dp
///   dp completions zsh > "${fpath[1]}/_dp"
///   dp completions fish > ~/.config/fish/completions/dp.fish
#[derive(Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct CompletionsArgs {
    /// bash, zsh, fish, powershell or elvish.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// The completion script for `shell`.
pub fn script(shell: Shell) -> Vec<u8> {
    let mut command = Cli::command();
    let mut buffer = Vec::new();
    clap_complete::generate(shell, &mut command, "dp", &mut buffer);
    buffer
}

pub fn run(args: &CompletionsArgs) -> anyhow::Result<()> {
    use std::io::Write;
    crate::output::stdout().write_all(&script(args.shell))?;
    Ok(())
}
