//! `dp dialog label add|remove|list` (the service owner's labels) and
//! `dp dialog system-label set|bulk-set` (end users' labels).

use anyhow::Result;
use clap::{Args, Subcommand};
use dialogporten::Revision;
use dialogporten::types::{BulkSetSystemLabel, CreateServiceOwnerLabel, SetDialogSystemLabelRequest};
use dialogporten_model::validate;
use serde_json::json;
use uuid::Uuid;

use crate::cli::{Offering, known};
use crate::context::Context;
use crate::exit::{InvalidBody, UsageError};
use crate::output::{Format, Output, cut, ids};

#[derive(Args, Debug)]
pub struct LabelArgs {
    #[command(subcommand)]
    pub command: LabelCommand,
}

#[derive(Subcommand, Debug)]
pub enum LabelCommand {
    /// Add a label (3 to 255 characters, stored in lower case).
    Add(LabelChange),
    /// Remove a label.
    Remove(LabelChange),
    /// A dialog's labels.
    List {
        /// The dialog id.
        #[arg(value_parser = crate::cli::uuid)]
        id: Uuid,
    },
}

/// One label on one dialog.
#[derive(Args, Debug)]
pub struct LabelChange {
    /// The dialog id.
    #[arg(value_parser = crate::cli::uuid)]
    pub id: Uuid,
    /// The label.
    pub label: String,
    /// Only if the labels are still at this revision (from `label list -o json` or a previous change).
    #[arg(long, value_name = "REVISION", value_parser = crate::cli::uuid)]
    pub if_match: Option<Uuid>,
}

#[derive(Args, Debug)]
pub struct SystemLabelArgs {
    #[command(subcommand)]
    pub command: SystemLabelCommand,
}

#[derive(Subcommand, Debug)]
pub enum SystemLabelCommand {
    /// Change one dialog's labels on behalf of an end user.
    Set(SetArgs),
    /// Change up to 100 dialogs' labels at once, all or nothing.
    BulkSet(BulkSetArgs),
    /// Every dialog's labels for some parties (for syncing an inbox).
    List(ListArgs),
}

/// List end-user contexts.
#[derive(Args, Debug)]
pub struct ListArgs {
    /// The party; repeat for more.
    #[arg(long, value_name = "URN", required = true)]
    pub party: Vec<String>,
    /// Only dialogs with this label; repeat for any of several.
    #[arg(long, value_name = "LABEL")]
    pub label: Vec<String>,
}

/// Labels to add and remove.
#[derive(Args, Debug)]
pub struct LabelEdits {
    /// The end user, urn:altinn:person:identifier-no:...
    #[arg(long, value_name = "URN")]
    pub end_user: String,
    /// Add a label: Default, Bin, Archive or MarkedAsUnopened; repeat for more.
    #[arg(long, value_name = "LABEL", hide_possible_values = true,
          value_parser = Offering::any(known!(dialogporten::enums::SystemLabel)))]
    pub add: Vec<String>,
    /// Remove a label; repeat for more.
    #[arg(long, value_name = "LABEL", value_parser = Offering::any(known!(dialogporten::enums::SystemLabel)))]
    pub remove: Vec<String>,
}

/// Change one dialog's system labels.
///
/// Example:
///   dp dialog system-label set ID --end-user urn:altinn:person:identifier-no:08844397713 --add Archive
#[derive(Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct SetArgs {
    /// The dialog id.
    #[arg(value_parser = crate::cli::uuid)]
    pub id: Uuid,
    #[command(flatten)]
    pub edits: LabelEdits,
    /// Only if the end-user context is still at this revision.
    #[arg(long, value_name = "REVISION", value_parser = crate::cli::uuid)]
    pub if_match: Option<Uuid>,
}

/// Change many dialogs' system labels.
///
/// Example:
///   dp dialog system-label bulk-set --end-user urn:altinn:person:identifier-no:08844397713 --add Bin ID1 ID2@REVISION
#[derive(Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct BulkSetArgs {
    #[command(flatten)]
    pub edits: LabelEdits,
    /// Dialog ids, each optionally ID@REVISION to require that end-user-context revision.
    #[arg(required = true, value_name = "ID[@REVISION]")]
    pub dialogs: Vec<String>,
}

pub async fn run_labels(args: LabelArgs, context: &Context, output: &Output) -> Result<()> {
    match args.command {
        LabelCommand::Add(change) => {
            let label = validate::service_owner_label(&change.label).map_err(InvalidBody)?;
            let body: CreateServiceOwnerLabel = dialogporten::input::from_value(json!({"value": label}))?;
            let mut request = context.client.create_service_owner_label().dialog_id(change.id).body(body);
            if let Some(revision) = change.if_match {
                request = request.if_match(revision);
            }
            let response = request.send().await?;
            Ok(output.written("labelled dialog", &change.id.to_string(), response.revision().map(|r| r.to_string()))?)
        }
        LabelCommand::Remove(change) => {
            let mut request = context
                .client
                .delete_service_owner_label()
                .dialog_id(change.id)
                .label(change.label.trim().to_lowercase());
            if let Some(revision) = change.if_match {
                request = request.if_match(revision);
            }
            let response = request.send().await?;
            Ok(output.written(
                "unlabelled dialog",
                &change.id.to_string(),
                response.revision().map(|r| r.to_string()),
            )?)
        }
        LabelCommand::List { id } => {
            let response = context.client.get_service_owner_labels().dialog_id(id).send().await?;
            let revision = response.revision();
            let labels: Vec<String> = response.into_inner().into_iter().map(|l| l.value).collect();
            match output.format() {
                Format::Table => {
                    for label in &labels {
                        output.text(&crate::terminal::cell(label))?;
                    }
                }
                Format::Tsv => {
                    for label in &labels {
                        output.line(label)?;
                    }
                }
                _ => output.json(&json!({"revision": revision, "labels": labels}))?,
            }
            Ok(())
        }
    }
}

fn edits_body(edits: &LabelEdits) -> Result<serde_json::Value> {
    if edits.add.is_empty() && edits.remove.is_empty() {
        return Err(UsageError("nothing to change: give --add and/or --remove".into()).into());
    }
    Ok(json!({"addLabels": edits.add, "removeLabels": edits.remove}))
}

pub async fn run_system_labels(args: SystemLabelArgs, context: &Context, output: &Output) -> Result<()> {
    match args.command {
        SystemLabelCommand::Set(set) => {
            let body: SetDialogSystemLabelRequest = dialogporten::input::from_value(edits_body(&set.edits)?)?;
            let mut request =
                context.client.set_dialog_system_labels().dialog_id(set.id).enduser_id(set.edits.end_user).body(body);
            if let Some(revision) = set.if_match {
                request = request.if_match(revision);
            }
            let response = request.send().await?;
            Ok(output.written(
                "set labels on dialog",
                &set.id.to_string(),
                response.revision().map(|r| r.to_string()),
            )?)
        }
        SystemLabelCommand::BulkSet(bulk) => {
            let mut dialogs = Vec::new();
            for target in &bulk.dialogs {
                let (id, revision) = target.split_once('@').map_or((target.as_str(), None), |(i, r)| (i, Some(r)));
                let id: Uuid =
                    id.parse().map_err(|_| UsageError(format!("{target:?} is not a dialog id (ID or ID@REVISION)")))?;
                let mut entry = json!({"dialogId": id});
                if let Some(revision) = revision {
                    let revision: Uuid =
                        revision.parse().map_err(|_| UsageError(format!("{target:?}: the revision is not a UUID")))?;
                    entry["endUserContextRevision"] = json!(revision);
                }
                dialogs.push(entry);
            }
            let mut body = edits_body(&bulk.edits)?;
            body["dialogs"] = json!(dialogs);
            let body: BulkSetSystemLabel = dialogporten::input::from_value(body)?;

            context.client.bulk_set_dialog_system_labels().enduser_id(bulk.edits.end_user).body(body).send().await?;
            Ok(output.written("set labels on dialogs", &format!("{} dialogs", dialogs.len()), None)?)
        }
        SystemLabelCommand::List(list) => {
            use futures::TryStreamExt;
            let labels: Vec<dialogporten::enums::SystemLabel> = list.label.iter().map(|l| l.as_str().into()).collect();
            let stream = context.client.end_user_contexts_stream(|search| {
                let search = search.party(list.party.clone()).limit(1000);
                if labels.is_empty() { search } else { search.label(labels.clone()) }
            });
            let items: Vec<_> = stream.try_collect().await?;
            let rows: Vec<Vec<String>> = items
                .iter()
                .map(|c| {
                    let labels: Vec<String> = c.system_labels.iter().flatten().map(ToString::to_string).collect();
                    vec![c.dialog_id.to_string(), labels.join(","), c.end_user_context_revision.to_string()]
                })
                .collect();
            let values = items.iter().map(serde_json::to_value).collect::<Result<Vec<_>, _>>()?;
            output.list("dialogs", &[ids("DIALOG"), cut("LABELS"), ids("REVISION")], &rows, &values)?;
            Ok(())
        }
    }
}
