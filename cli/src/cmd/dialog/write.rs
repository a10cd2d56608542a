//! The arguments of every write to one dialog: which, at which revision, and whether silently.

use clap::Args;
use uuid::Uuid;

/// A write on one dialog.
#[derive(Args, Debug)]
pub struct WriteArgs {
    /// The dialog id.
    #[arg(value_parser = crate::cli::uuid)]
    pub id: Uuid,
    /// Only if the dialog is still at this revision (else exit 6).
    #[arg(long, value_name = "REVISION", value_parser = crate::cli::uuid)]
    pub if_match: Option<Uuid>,
    /// A silent update: no events, no timestamp bumps (for migrations and corrections).
    #[arg(long)]
    pub silent: bool,
}
