//! `dp dialog seenlog list|get`

use anyhow::Result;
use clap::{Args, Subcommand};
use uuid::Uuid;

use crate::context::Context;
use crate::output::time;
use crate::output::{Output, cut, ids, keep};

#[derive(Args, Debug)]
pub struct SeenlogArgs {
    #[command(subcommand)]
    pub command: SeenlogCommand,
}

#[derive(Subcommand, Debug)]
pub enum SeenlogCommand {
    /// Who has seen a dialog, and when.
    List {
        /// The dialog id.
        #[arg(value_parser = crate::cli::uuid)]
        id: Uuid,
    },
    /// One seen-log entry.
    Get {
        /// The dialog id.
        #[arg(value_parser = crate::cli::uuid)]
        id: Uuid,
        /// The entry id.
        #[arg(value_parser = crate::cli::uuid)]
        seen_log_id: Uuid,
    },
}

pub async fn run(args: SeenlogArgs, context: &Context, output: &Output) -> Result<()> {
    match args.command {
        SeenlogCommand::List { id } => {
            let items = context.client.search_dialog_seen_logs().dialog_id(id).send().await?.into_inner();
            let rows: Vec<Vec<String>> = items
                .iter()
                .map(|e| {
                    let who = e.seen_by.actor_id.clone().or(e.seen_by.actor_name.clone()).unwrap_or_default();
                    vec![e.id.to_string(), time(e.seen_at), who]
                })
                .collect();
            let values = items.iter().map(serde_json::to_value).collect::<Result<Vec<_>, _>>()?;
            output.list("seen-log entries", &[ids("ID"), keep("SEEN"), cut("BY")], &rows, &values)?;
            Ok(())
        }
        SeenlogCommand::Get { id, seen_log_id } => {
            let entry = context.client.get_dialog_seen_log().dialog_id(id).seen_log_id(seen_log_id).send().await?;
            Ok(output.record(&serde_json::to_value(entry.into_inner())?)?)
        }
    }
}
