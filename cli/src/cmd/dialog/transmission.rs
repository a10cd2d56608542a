//! `dp dialog transmission add|list|get|update`

use std::path::PathBuf;

use anyhow::Result;
use clap::{Args, Subcommand};
use dialogporten::types::{CreateTransmissionRequest, UpdateTransmissionRequest};
use dialogporten::{Created, Revision};
use dialogporten_model::validate;
use serde_json::{Value, json};
use uuid::Uuid;

use super::write::WriteArgs;
use crate::body::{localizations, read_json, set};
use crate::cli::{Offering, known};
use crate::context::Context;
use crate::exit::{InvalidBody, UsageError};
use crate::output::{Output, cut, ids, keep};
use crate::output::{texts, time};

#[derive(Args, Debug)]
pub struct TransmissionArgs {
    #[command(subcommand)]
    pub command: TransmissionCommand,
}

#[derive(Subcommand, Debug)]
pub enum TransmissionCommand {
    /// Append a transmission (a message from the service owner, or on the party's behalf).
    Add(AddArgs),
    /// A dialog's transmissions.
    List {
        /// The dialog id.
        #[arg(value_parser = crate::cli::uuid)]
        id: Uuid,
    },
    /// One transmission.
    Get {
        /// The dialog id.
        #[arg(value_parser = crate::cli::uuid)]
        id: Uuid,
        /// The transmission id.
        #[arg(value_parser = crate::cli::uuid)]
        transmission_id: Uuid,
    },
    /// Correct a transmission in place (always silent; needs the changetransmissions scope).
    Update(UpdateArgs),
}

/// Append a transmission.
///
/// Examples:
///   dp dialog transmission add ID --type Decision --title nb="Vedtak" --summary nb="Søknaden er innvilget"
///   dp dialog transmission add ID -f transmission.json --idempotent-key letter-42
#[derive(Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct AddArgs {
    #[command(flatten)]
    pub write: WriteArgs,
    /// JSON body (CreateTransmissionRequest); - reads stdin.
    #[arg(short = 'f', long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub file: Option<PathBuf>,
    /// Information, Acceptance, Rejection, Request, Alert, Decision, Submission or Correction [default: Information].
    #[arg(long = "type", value_name = "TYPE", hide_possible_values = true,
          value_parser = Offering::any(known!(dialogporten::enums::DialogTransmissionType)))]
    pub kind: Option<String>,
    /// Title in one language, LANG=TEXT; repeat for more.
    #[arg(long, value_name = "LANG=TEXT")]
    pub title: Vec<String>,
    /// Summary in one language, LANG=TEXT; repeat for more.
    #[arg(long, value_name = "LANG=TEXT")]
    pub summary: Vec<String>,
    /// A key that makes a repeated add answer "already exists" (exit 6).
    #[arg(long, value_name = "KEY")]
    pub idempotent_key: Option<String>,
    /// Your own reference for the transmission.
    #[arg(long, value_name = "TEXT")]
    pub external_reference: Option<String>,
}

/// Correct a transmission.
#[derive(Args, Debug)]
pub struct UpdateArgs {
    /// The dialog id.
    #[arg(value_parser = crate::cli::uuid)]
    pub id: Uuid,
    /// The transmission id.
    #[arg(value_parser = crate::cli::uuid)]
    pub transmission_id: Uuid,
    /// The whole corrected transmission (UpdateTransmissionRequest); - reads stdin.
    #[arg(short = 'f', long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub file: PathBuf,
    /// Only if the dialog is still at this revision (else exit 6).
    #[arg(long, value_name = "REVISION", value_parser = crate::cli::uuid)]
    pub if_match: Option<Uuid>,
}

fn body_from(args: &AddArgs) -> Result<Value> {
    let mut body = match &args.file {
        Some(path) => read_json(path)?,
        None => json!({}),
    };
    if !body.is_object() {
        return Err(UsageError("the transmission body must be a JSON object".into()).into());
    }
    set(&mut body, "type", args.kind.clone().map(Value::from));
    if body.get("type").is_none() {
        body["type"] = json!("Information");
    }
    set(&mut body, "idempotentKey", args.idempotent_key.clone().map(Value::from));
    set(&mut body, "externalReference", args.external_reference.clone().map(Value::from));
    if body.get("sender").is_none() {
        body["sender"] = json!({"actorType": "ServiceOwner"});
    }
    for (flag, values) in [("title", &args.title), ("summary", &args.summary)] {
        if !values.is_empty() {
            if !body["content"].is_object() {
                body["content"] = json!({});
            }
            body["content"][flag] = json!({"value": localizations(flag, values)?});
        }
    }
    Ok(body)
}

pub async fn run(args: TransmissionArgs, context: &Context, output: &Output) -> Result<()> {
    match args.command {
        TransmissionCommand::Add(add) => {
            let id = add.write.id;
            let rules = context.rules(add.write.silent);
            let mut body: CreateTransmissionRequest = crate::body::bind(body_from(&add)?)?;
            validate::create_transmission(&mut body, &rules).map_err(InvalidBody)?;
            let mut request =
                context.client.create_dialog_transmission().dialog_id(id).is_silent_update(add.write.silent).body(body);
            if let Some(revision) = add.write.if_match {
                request = request.if_match(revision);
            }
            let created: Created = request.send().await?.into();
            Ok(output.created(
                "added transmission",
                &created.id.to_string(),
                created.revision.map(|r| r.to_string()),
            )?)
        }
        TransmissionCommand::List { id } => {
            let items = context.client.search_dialog_transmissions().dialog_id(id).send().await?.into_inner();
            let rows: Vec<Vec<String>> = items
                .iter()
                .map(|t| vec![t.id.to_string(), t.type_.to_string(), time(t.created_at), texts(&t.content.title.value)])
                .collect();
            let values = items.iter().map(serde_json::to_value).collect::<Result<Vec<_>, _>>()?;
            output.list("transmissions", &[ids("ID"), keep("TYPE"), keep("CREATED"), cut("TITLE")], &rows, &values)?;
            Ok(())
        }
        TransmissionCommand::Get { id, transmission_id } => {
            let transmission =
                context.client.get_dialog_transmission().dialog_id(id).transmission_id(transmission_id).send().await?;
            Ok(output.record(&serde_json::to_value(transmission.into_inner())?)?)
        }
        TransmissionCommand::Update(update) => {
            let rules = context.rules(true);
            let mut body: UpdateTransmissionRequest = crate::body::bind(read_json(&update.file)?)?;
            validate::update_transmission(&mut body, &rules).map_err(InvalidBody)?;
            let mut request = context
                .client
                .update_dialog_transmission()
                .dialog_id(update.id)
                .transmission_id(update.transmission_id)
                .is_silent_update(true)
                .body(body);
            if let Some(revision) = update.if_match {
                request = request.if_match(revision);
            }
            let response = request.send().await?;
            Ok(output.written(
                "corrected transmission",
                &update.transmission_id.to_string(),
                response.revision().map(|r| r.to_string()),
            )?)
        }
    }
}
