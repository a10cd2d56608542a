//! `dp dialog activity add|list|get`

use std::path::PathBuf;

use anyhow::Result;
use clap::{Args, Subcommand};
use dialogporten::Created;
use dialogporten::types::CreateDialogActivityRequest;
use dialogporten_model::validate;
use serde_json::{Value, json};
use uuid::Uuid;

use super::write::WriteArgs;
use crate::body::{localizations, read_json, set};
use crate::cli::{Offering, known};
use crate::context::Context;
use crate::exit::InvalidBody;
use crate::output::time;
use crate::output::{Output, ids, keep};

#[derive(Args, Debug)]
pub struct ActivityArgs {
    #[command(subcommand)]
    pub command: ActivityCommand,
}

#[derive(Subcommand, Debug)]
pub enum ActivityCommand {
    /// Append an activity to a dialog's history.
    Add(AddArgs),
    /// A dialog's activities, oldest first.
    List {
        /// The dialog id.
        #[arg(value_parser = crate::cli::uuid)]
        id: Uuid,
    },
    /// One activity.
    Get {
        /// The dialog id.
        #[arg(value_parser = crate::cli::uuid)]
        id: Uuid,
        /// The activity id.
        #[arg(value_parser = crate::cli::uuid)]
        activity_id: Uuid,
    },
}

/// Append an activity.
///
/// Examples:
///   dp dialog activity add ID --type Information --description nb="Saken er behandlet"
///   dp dialog activity add ID --type TransmissionOpened --transmission TID \
///     --performed-by urn:altinn:person:identifier-no:08844397713
#[derive(Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct AddArgs {
    #[command(flatten)]
    pub write: WriteArgs,
    /// JSON body (CreateDialogActivityRequest); - reads stdin.
    #[arg(short = 'f', long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub file: Option<PathBuf>,
    /// The activity type, e.g. Information, DialogOpened, FormSubmitted.
    #[arg(long = "type", value_name = "TYPE", hide_possible_values = true,
          value_parser = Offering::any(known!(dialogporten::enums::DialogActivityType)))]
    pub kind: Option<String>,
    /// Description in one language (Information only), LANG=TEXT; repeat for more.
    #[arg(long, value_name = "LANG=TEXT")]
    pub description: Vec<String>,
    /// The transmission a TransmissionOpened activity refers to.
    #[arg(long, value_name = "ID", value_parser = crate::cli::uuid)]
    pub transmission: Option<Uuid>,
    /// Who did it, as a party URN [default: the service owner].
    #[arg(long, value_name = "URN")]
    pub performed_by: Option<String>,
}

pub async fn run(args: ActivityArgs, context: &Context, output: &Output) -> Result<()> {
    match args.command {
        ActivityCommand::Add(add) => add_activity(add, context, output).await,
        ActivityCommand::List { id } => {
            let items = context.client.search_dialog_activities().dialog_id(id).send().await?.into_inner();
            let rows: Vec<Vec<String>> = items
                .iter()
                .map(|a| {
                    vec![
                        a.id.to_string(),
                        a.type_.to_string(),
                        time(a.created_at),
                        a.transmission_id.map(|t| t.to_string()).unwrap_or_default(),
                    ]
                })
                .collect();
            let values = items.iter().map(serde_json::to_value).collect::<Result<Vec<_>, _>>()?;
            output.list(
                "activities",
                &[ids("ID"), keep("TYPE"), keep("CREATED"), ids("TRANSMISSION")],
                &rows,
                &values,
            )?;
            Ok(())
        }
        ActivityCommand::Get { id, activity_id } => {
            let activity = context.client.get_dialog_activity().dialog_id(id).activity_id(activity_id).send().await?;
            Ok(output.record(&serde_json::to_value(activity.into_inner())?)?)
        }
    }
}

async fn add_activity(args: AddArgs, context: &Context, output: &Output) -> Result<()> {
    let id = args.write.id;
    let mut body = match &args.file {
        Some(path) => read_json(path)?,
        None => json!({}),
    };
    set(&mut body, "type", args.kind.clone().map(Value::from));
    set(&mut body, "transmissionId", args.transmission.map(|t| Value::from(t.to_string())));
    if !args.description.is_empty() {
        body["description"] = localizations("description", &args.description)?;
    }
    match &args.performed_by {
        Some(party) => body["performedBy"] = json!({"actorType": "PartyRepresentative", "actorId": party}),
        None if body.get("performedBy").is_none() => body["performedBy"] = json!({"actorType": "ServiceOwner"}),
        None => {}
    }
    let rules = context.rules(args.write.silent);
    let mut body: CreateDialogActivityRequest = crate::body::bind(body)?;
    validate::activity(&mut body, &rules).map_err(InvalidBody)?;
    let mut request =
        context.client.create_dialog_activity().dialog_id(id).is_silent_update(args.write.silent).body(body);
    if let Some(revision) = args.write.if_match {
        request = request.if_match(revision);
    }
    let created: Created = request.send().await?.into();
    Ok(output.created("added activity", &created.id.to_string(), created.revision.map(|r| r.to_string()))?)
}
