//! `dp dialog ...`: create, get, list and template.

use std::path::PathBuf;

use anyhow::Result;
use chrono::{DateTime, Utc};
use clap::{Args, Subcommand};
use dialogporten::types::{CreateDialog, Dialog, DialogListItem, JsonPatchOperation, Localization, UpdateDialog};
use dialogporten::{Created, Revision, input};
use dialogporten_model::validate::{self, DialogDates, Rules};
use futures::TryStreamExt;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::body::{flag_value, localizations, read_json, set};
use crate::cli::{Offering, known};
use crate::context::Context;
use crate::exit::{InvalidBody, UsageError};
use crate::output::{Format, Output, cut, ids, keep};
use crate::output::{short_party, texts, time};

mod activity;
mod label;
mod seenlog;
mod transmission;
mod write;

pub use write::WriteArgs;

#[derive(Args, Debug)]
pub struct DialogArgs {
    #[command(subcommand)]
    pub command: DialogCommand,
}

#[derive(Subcommand, Debug)]
pub enum DialogCommand {
    /// Create a dialog from a JSON body and/or flags; prints its id.
    Create(CreateArgs),
    /// Show one dialog: a readable view on a terminal, the whole dialog with -o json.
    Get(GetArgs),
    /// List dialogs, newest content first, following pages as far as asked.
    List(ListArgs),
    /// Replace a dialog's updatable parts (PUT); without -f, starts from the dialog as it is.
    Update(UpdateArgs),
    /// Change a dialog with JSON Patch (RFC 6902) from a file or --set/--add/--remove.
    Patch(PatchArgs),
    /// Soft-delete a dialog (end users see it as deleted; restore brings it back).
    Delete(WriteArgs),
    /// Undo a soft delete.
    Restore(WriteArgs),
    /// Delete a dialog for good (asks first on a terminal; --yes does not).
    Purge(PurgeArgs),
    /// Freeze a dialog so only admins can change it (needs the admin scope).
    Freeze(WriteArgs),
    /// Find the dialog for an Altinn instance, correspondence or dialog URN.
    Lookup(LookupArgs),
    /// Print a valid starting body for `dp dialog create -f`.
    Template,
    /// Activities: the dialog's history.
    Activity(activity::ActivityArgs),
    /// Transmissions: messages in the dialog.
    Transmission(transmission::TransmissionArgs),
    /// Your own labels on a dialog (never shown to end users).
    Label(label::LabelArgs),
    /// End users' system labels (Default, Bin, Archive, MarkedAsUnopened).
    SystemLabel(label::SystemLabelArgs),
    /// Who has seen a dialog.
    Seenlog(seenlog::SeenlogArgs),
}

/// Delete a dialog for good: no restore, no trace for end users.
#[derive(Args, Debug)]
pub struct PurgeArgs {
    #[command(flatten)]
    pub write: WriteArgs,
    /// Do not ask (a terminal is asked before purging; scripts are not).
    #[arg(short, long)]
    pub yes: bool,
}

/// Replace a dialog's updatable parts.
///
/// Without -f, dp reads the dialog, applies the flags and writes it back with
/// If-Match, so a concurrent change is never overwritten.
///
/// Examples:
///   dp dialog update ID --status Completed --progress 100
///   dp dialog get ID -o json > d.json; edit d.json; dp dialog update ID -f d.json
#[derive(Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct UpdateArgs {
    #[command(flatten)]
    pub write: WriteArgs,
    /// JSON body (UpdateDialog); - reads stdin.
    #[arg(short = 'f', long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub file: Option<PathBuf>,
    #[command(flatten)]
    pub fields: DialogFields,
}

/// Change a dialog with JSON Patch.
///
/// Paths are those of the update body: /status, /progress, /content/title/value/0/value,
/// /attachments/-, /transmissions/- (appends). A VALUE that parses as JSON is used as
/// JSON, anything else as a string.
///
/// Examples:
///   dp dialog patch ID --set /status=Completed --set /progress=100
///   dp dialog patch ID -f patch.json --if-match REVISION
#[derive(Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct PatchArgs {
    #[command(flatten)]
    pub write: WriteArgs,
    /// RFC 6902 operations as a JSON array; - reads stdin.
    #[arg(short = 'f', long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub file: Option<PathBuf>,
    /// Replace the value at PATH.
    #[arg(long, value_name = "PATH=VALUE")]
    pub set: Vec<String>,
    /// Add a value at PATH (PATH/- appends to a list).
    #[arg(long, value_name = "PATH=VALUE")]
    pub add: Vec<String>,
    /// Remove the value at PATH.
    #[arg(long, value_name = "PATH")]
    pub remove: Vec<String>,
}

/// Find a dialog by reference.
#[derive(Args, Debug)]
pub struct LookupArgs {
    /// urn:altinn:instance-id:{party}/{uuid}, urn:altinn:correspondence-id:{uuid} or urn:altinn:dialog-id:{uuid}.
    pub instance_ref: String,
}

/// Create a dialog.
///
/// The body comes from -f (a file, or - for stdin) and the flags, which win
/// over the file. It is checked against Dialogporten's rules before it is sent.
///
/// Examples:
///   dp dialog create --resource urn:altinn:resource:my-service \
///     --party urn:altinn:organization:identifier-no:991825827 --title nb="Søknad mottatt"
///   dp dialog template | dp dialog create -f - --status InProgress
#[derive(Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct CreateArgs {
    /// JSON body (CreateDialog); - reads stdin.
    #[arg(short = 'f', long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub file: Option<PathBuf>,
    /// Service resource, urn:altinn:resource:...
    #[arg(long, value_name = "URN")]
    pub resource: Option<String>,
    /// The party: urn:altinn:organization:identifier-no:... or urn:altinn:person:identifier-no:...
    #[arg(long, value_name = "URN")]
    pub party: Option<String>,
    #[command(flatten)]
    pub fields: DialogFields,
    /// A service-owner label; repeat for more.
    #[arg(long, value_name = "LABEL")]
    pub label: Vec<String>,
    /// The dialog id (a UUIDv7 in the past); generated when left out.
    #[arg(long, value_parser = crate::cli::uuid)]
    pub id: Option<Uuid>,
    /// A key that makes a repeated create answer "already exists" instead of creating twice.
    #[arg(long, value_name = "KEY")]
    pub idempotent_key: Option<String>,
    /// A silent update: no events, no timestamp bumps, past dates allowed (for migrations).
    #[arg(long)]
    pub silent: bool,
}

/// The fields both create and update take as flags; they win over the body file.
#[derive(Args, Debug)]
pub struct DialogFields {
    /// Title in one language, LANG=TEXT; repeat for more languages.
    #[arg(long, value_name = "LANG=TEXT")]
    pub title: Vec<String>,
    /// Summary in one language, LANG=TEXT; repeat for more languages.
    #[arg(long, value_name = "LANG=TEXT")]
    pub summary: Vec<String>,
    /// NotApplicable, InProgress, Draft, Awaiting, RequiresAttention or Completed.
    #[arg(long, hide_possible_values = true, value_parser = Offering::any(known!(dialogporten::enums::DialogStatus)))]
    pub status: Option<String>,
    /// Progress, 0 to 100.
    #[arg(long)]
    pub progress: Option<i32>,
    /// Your own reference for the dialog.
    #[arg(long, value_name = "TEXT")]
    pub external_reference: Option<String>,
    /// Due time, RFC 3339 (2030-01-31T12:00:00Z).
    #[arg(long, value_name = "TIME", value_parser = crate::cli::time)]
    pub due: Option<DateTime<Utc>>,
}

impl DialogFields {
    /// Sets the given fields on `body`.
    fn apply(&self, body: &mut Value) -> Result<()> {
        set(body, "status", self.status.clone().map(Value::from));
        set(body, "progress", self.progress.map(Value::from));
        set(body, "externalReference", self.external_reference.clone().map(Value::from));
        set(body, "dueAt", self.due.map(|d| Value::from(d.to_rfc3339())));
        for (flag, values) in [("title", &self.title), ("summary", &self.summary)] {
            if !values.is_empty() {
                if !body["content"].is_object() {
                    body["content"] = json!({});
                }
                body["content"][flag] = json!({"value": localizations(flag, values)?});
            }
        }
        Ok(())
    }
}

/// Show one dialog.
#[derive(Args, Debug)]
pub struct GetArgs {
    /// The dialog id.
    #[arg(value_parser = crate::cli::uuid)]
    pub id: Uuid,
}

/// List dialogs.
///
/// Examples:
///   dp dialog list --status InProgress --limit 50
///   dp dialog list --all -o jsonl > dialogs.jsonl
#[derive(Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct ListArgs {
    /// Only this party; repeat for more.
    #[arg(long, value_name = "URN")]
    pub party: Vec<String>,
    /// Only this service resource; repeat for more.
    #[arg(long, value_name = "URN")]
    pub resource: Vec<String>,
    /// Only this status; repeat for more.
    #[arg(long, value_parser = Offering::any(known!(dialogporten::enums::DialogStatus)))]
    pub status: Vec<String>,
    /// Only dialogs with this service-owner label (a trailing * matches a prefix); repeat to require more.
    #[arg(long, value_name = "LABEL")]
    pub label: Vec<String>,
    /// Only dialogs with this external reference.
    #[arg(long, value_name = "TEXT")]
    pub external_reference: Option<String>,
    /// Only this extended status; repeat for more.
    #[arg(long, value_name = "TEXT")]
    pub extended_status: Vec<String>,
    /// Only dialogs with this end-user system label (Default, Bin, Archive, ...); repeat for any of several.
    #[arg(long, value_name = "LABEL", hide_possible_values = true,
          value_parser = Offering::any(known!(dialogporten::enums::SystemLabel)))]
    pub system_label: Vec<String>,
    /// Only dialogs in this process.
    #[arg(long, value_name = "URI")]
    pub process: Option<String>,
    /// Only dialogs this end user can see (needs --party or --resource).
    #[arg(long, value_name = "URN")]
    pub end_user: Option<String>,
    /// Free text in titles, summaries and search tags, at least 3 characters (needs --end-user).
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    /// Search texts in this language only.
    #[arg(long, value_name = "LANG")]
    pub search_language: Option<String>,
    /// Exclude, Include or Only soft-deleted dialogs [default: Exclude].
    #[arg(long, value_name = "WHICH", hide_possible_values = true,
          value_parser = Offering::any(known!(dialogporten::enums::DeletedFilter)))]
    pub deleted: Option<String>,
    /// Only dialogs whose content the end user has (true) or has not (false) seen.
    #[arg(long, value_name = "BOOL")]
    pub content_seen: Option<bool>,
    /// Leave out API-only dialogs.
    #[arg(long)]
    pub exclude_api_only: bool,
    /// Created at or after this time (RFC 3339).
    #[arg(long, value_name = "TIME", value_parser = crate::cli::time)]
    pub created_after: Option<DateTime<Utc>>,
    /// Created at or before this time.
    #[arg(long, value_name = "TIME", value_parser = crate::cli::time)]
    pub created_before: Option<DateTime<Utc>>,
    /// Updated at or after this time.
    #[arg(long, value_name = "TIME", value_parser = crate::cli::time)]
    pub updated_after: Option<DateTime<Utc>>,
    /// Updated at or before this time.
    #[arg(long, value_name = "TIME", value_parser = crate::cli::time)]
    pub updated_before: Option<DateTime<Utc>>,
    /// Content updated at or after this time.
    #[arg(long, value_name = "TIME", value_parser = crate::cli::time)]
    pub content_updated_after: Option<DateTime<Utc>>,
    /// Content updated at or before this time.
    #[arg(long, value_name = "TIME", value_parser = crate::cli::time)]
    pub content_updated_before: Option<DateTime<Utc>>,
    /// Due at or after this time.
    #[arg(long, value_name = "TIME", value_parser = crate::cli::time)]
    pub due_after: Option<DateTime<Utc>>,
    /// Due at or before this time.
    #[arg(long, value_name = "TIME", value_parser = crate::cli::time)]
    pub due_before: Option<DateTime<Utc>>,
    /// Visible from at or after this time.
    #[arg(long, value_name = "TIME", value_parser = crate::cli::time)]
    pub visible_after: Option<DateTime<Utc>>,
    /// Visible from at or before this time.
    #[arg(long, value_name = "TIME", value_parser = crate::cli::time)]
    pub visible_before: Option<DateTime<Utc>>,
    /// Sort order, e.g. createdAt_desc, dueAt_asc.
    #[arg(long, value_name = "FIELD_DIR", hide_possible_values = true, value_parser = Offering::any(orders))]
    pub order_by: Option<String>,
    /// How many dialogs to show.
    #[arg(long, default_value = "100", conflicts_with = "all", value_parser = crate::cli::positive)]
    pub limit: u32,
    /// Every matching dialog, however many.
    #[arg(long)]
    pub all: bool,
}

/// What `dp dialog ...` needs: nothing for `template`, a client for the rest.
pub fn plan(args: DialogArgs) -> crate::plan::Plan {
    use crate::plan::Plan;
    match args.command {
        DialogCommand::Template => Plan::alone(|output| Box::pin(async move { Ok(output.json(&template())?) })),
        command => Plan::with_client(move |context, output| Box::pin(run(command, context, output))),
    }
}

pub async fn run(command: DialogCommand, context: &Context, output: &Output) -> Result<()> {
    match command {
        DialogCommand::Create(create) => create_dialog(create, context, output).await,
        DialogCommand::Get(get) => get_dialog(get, context, output).await,
        DialogCommand::List(list) => list_dialogs(list, context, output).await,
        DialogCommand::Update(update) => update_dialog(update, context, output).await,
        DialogCommand::Patch(patch) => patch_dialog(patch, context, output).await,
        DialogCommand::Delete(w) => {
            let mut request = context.client.delete_dialog().dialog_id(w.id).is_silent_update(w.silent);
            if let Some(revision) = w.if_match {
                request = request.if_match(revision);
            }
            let response = request.send().await?;
            Ok(output.written("deleted dialog", &w.id.to_string(), response.revision().map(|r| r.to_string()))?)
        }
        DialogCommand::Restore(w) => {
            let mut request = context.client.restore_dialog().dialog_id(w.id).is_silent_update(w.silent);
            if let Some(revision) = w.if_match {
                request = request.if_match(revision);
            }
            let response = request.send().await?;
            Ok(output.written("restored dialog", &w.id.to_string(), response.revision().map(|r| r.to_string()))?)
        }
        DialogCommand::Purge(args) => {
            let w = args.write;
            if !args.yes && !confirm(&format!("Purge dialog {} for good? It cannot be restored.", w.id))? {
                anyhow::bail!("not purged: answer y to purge it, or pass --yes");
            }
            let mut request = context.client.purge_dialog().dialog_id(w.id).is_silent_update(w.silent);
            if let Some(revision) = w.if_match {
                request = request.if_match(revision);
            }
            request.send().await?;
            Ok(output.written("purged dialog", &w.id.to_string(), None)?)
        }
        DialogCommand::Freeze(w) => {
            let mut request = context.client.freeze_dialog().dialog_id(w.id);
            if let Some(revision) = w.if_match {
                request = request.if_match(revision);
            }
            let response = request.send().await?;
            Ok(output.written("froze dialog", &w.id.to_string(), response.revision().map(|r| r.to_string()))?)
        }
        DialogCommand::Lookup(lookup) => {
            let found = context.client.get_dialog_lookup().instance_ref(lookup.instance_ref).send().await?.into_inner();
            match output.format() {
                Format::Table => output.table(
                    "dialogs",
                    &[ids("DIALOG"), cut("PARTY"), cut("RESOURCE"), cut("TITLE")],
                    &[vec![
                        found.dialog_id.to_string(),
                        found.party.clone(),
                        found.service_resource.id.clone(),
                        found.title.as_deref().map(texts).unwrap_or_default(),
                    ]],
                )?,
                Format::Tsv => output.line(&found.dialog_id.to_string())?,
                _ => output.json(&serde_json::to_value(&found)?)?,
            }
            Ok(())
        }
        DialogCommand::Template => Ok(output.json(&template())?),
        DialogCommand::Activity(args) => activity::run(args, context, output).await,
        DialogCommand::Transmission(args) => transmission::run(args, context, output).await,
        DialogCommand::Label(args) => label::run_labels(args, context, output).await,
        DialogCommand::SystemLabel(args) => label::run_system_labels(args, context, output).await,
        DialogCommand::Seenlog(args) => seenlog::run(args, context, output).await,
    }
}

/// Checks an update body as the service would, against the dialog's transmissions.
fn checked_update(body: Value, rules: &Rules, current: &Dialog) -> Result<UpdateDialog> {
    let mut bound: UpdateDialog = crate::body::bind(body)?;
    let mut errors = validate::update_dialog(&mut bound, rules, current.visible_from).err().unwrap_or_default();
    let stored =
        DialogDates { visible_from: current.visible_from, due_at: current.due_at, expires_at: current.expires_at };
    fold_dates(&mut errors, validate::dialog_dates_in_future(DialogDates::from(&bound), rules, Some(stored)));
    if !errors.is_empty() {
        return Err(InvalidBody(errors).into());
    }
    Ok(bound)
}

async fn update_dialog(args: UpdateArgs, context: &Context, output: &Output) -> Result<()> {
    let id = args.write.id;
    let current = context.client.get_dialog().dialog_id(id).send().await?.into_inner();
    let (mut body, if_match) = match &args.file {
        Some(path) => (read_json(path)?, args.write.if_match),
        None => {
            // Start from the dialog as it is, and write back only over that revision.
            let view: UpdateDialog = input::project(serde_json::to_value(&current)?)?;
            let mut view = serde_json::to_value(view)?;
            view["transmissions"] = json!([]);
            view["activities"] = json!([]);
            (view, Some(args.write.if_match.unwrap_or(current.revision)))
        }
    };
    args.fields.apply(&mut body)?;
    let body = checked_update(body, &context.rules(args.write.silent), &current)?;
    let mut request = context.client.update_dialog().dialog_id(id).is_silent_update(args.write.silent).body(body);
    if let Some(revision) = if_match {
        request = request.if_match(revision);
    }
    let response = request.send().await?;
    Ok(output.written("updated dialog", &id.to_string(), response.revision().map(|r| r.to_string()))?)
}

fn path_value(flag: &str, text: &str) -> Result<(String, Value)> {
    let (path, value) = text.split_once('=').ok_or_else(|| {
        UsageError(format!("--{flag} {text:?}: write it as PATH=VALUE, for example --{flag} /status=Completed"))
    })?;
    if !path.starts_with('/') {
        return Err(UsageError(format!("--{flag} {text:?}: a path starts with /, for example /status")).into());
    }
    Ok((path.to_owned(), flag_value(value)))
}

async fn patch_dialog(args: PatchArgs, context: &Context, output: &Output) -> Result<()> {
    let mut ops = match &args.file {
        Some(path) => match read_json(path)? {
            Value::Array(ops) => ops,
            _ => return Err(UsageError(format!("{}: a JSON Patch is an array of operations", path.display())).into()),
        },
        None => Vec::new(),
    };
    for text in &args.set {
        let (path, value) = path_value("set", text)?;
        ops.push(json!({"op": "replace", "path": path, "value": value}));
    }
    for text in &args.add {
        let (path, value) = path_value("add", text)?;
        ops.push(json!({"op": "add", "path": path, "value": value}));
    }
    for path in &args.remove {
        ops.push(json!({"op": "remove", "path": path}));
    }
    if ops.is_empty() {
        return Err(UsageError("nothing to patch: give -f FILE or --set/--add/--remove".into()).into());
    }
    let ops: Vec<JsonPatchOperation> = input::from_value(Value::Array(ops))
        .map_err(|e| UsageError(format!("the patch is not valid JSON Patch: {e}")))?;
    let mut request =
        context.client.patch_dialog().dialog_id(args.write.id).is_silent_update(args.write.silent).body(ops);
    if let Some(revision) = args.write.if_match {
        request = request.if_match(revision);
    }
    let response = request.send().await?;
    Ok(output.written("patched dialog", &args.write.id.to_string(), response.revision().map(|r| r.to_string()))?)
}

/// The create body: the file, then each flag over it.
fn create_body(args: &CreateArgs) -> Result<Value> {
    let mut body = match &args.file {
        Some(path) => read_json(path)?,
        None => json!({}),
    };
    if !body.is_object() {
        return Err(UsageError("the body must be a JSON object (a CreateDialog)".into()).into());
    }
    set(&mut body, "serviceResource", args.resource.clone().map(Value::from));
    set(&mut body, "party", args.party.clone().map(Value::from));
    set(&mut body, "id", args.id.map(|id| Value::from(id.to_string())));
    set(&mut body, "idempotentKey", args.idempotent_key.clone().map(Value::from));
    args.fields.apply(&mut body)?;
    if !args.label.is_empty() {
        if !body["serviceOwnerContext"].is_object() {
            body["serviceOwnerContext"] = json!({"serviceOwnerLabels": []});
        }
        let labels = body["serviceOwnerContext"]["serviceOwnerLabels"].as_array().cloned().unwrap_or_default();
        let added = args.label.iter().map(|l| json!({"value": l}));
        body["serviceOwnerContext"]["serviceOwnerLabels"] = Value::Array(labels.into_iter().chain(added).collect());
    }
    Ok(body)
}

/// Adds the future-date errors (which the service answers with 422) to the others, under `dto.`.
fn fold_dates(errors: &mut validate::ValidationErrors, dates: Result<(), validate::ValidationErrors>) {
    if let Err(dates) = dates {
        for (path, messages) in dates.iter() {
            for message in messages {
                errors.add(format!("dto.{path}"), message.clone());
            }
        }
    }
}

/// Checks a create body as the service would, and reads it as the request type.
pub fn checked_create(body: Value, rules: &Rules) -> Result<CreateDialog> {
    let mut bound: CreateDialog = crate::body::bind(body)?;
    let mut errors = validate::create_dialog(&mut bound, rules).err().unwrap_or_default();
    fold_dates(&mut errors, validate::dialog_dates_in_future(DialogDates::from(&bound), rules, None));
    if !errors.is_empty() {
        return Err(InvalidBody(errors).into());
    }
    Ok(bound)
}

async fn create_dialog(args: CreateArgs, context: &Context, output: &Output) -> Result<()> {
    let body = checked_create(create_body(&args)?, &context.rules(args.silent))?;
    let mut request = context.client.create_dialog().body(body);
    if args.silent {
        request = request.is_silent_update(true);
    }
    let created: Created = request.send().await?.into();
    Ok(output.created("created dialog", &created.id.to_string(), created.revision.map(|r| r.to_string()))?)
}

async fn get_dialog(args: GetArgs, context: &Context, output: &Output) -> Result<()> {
    let dialog = context.client.get_dialog().dialog_id(args.id).send().await?.into_inner();
    match output.format() {
        Format::Tsv if output.tsv_asked() => {
            let (fields, timeline) = detail(&dialog);
            let rows: Vec<Vec<String>> =
                fields.into_iter().chain(timeline).map(|(k, v)| vec![k.trim().to_owned(), v]).collect();
            output.table("fields", &[], &rows)?;
        }
        Format::Table | Format::Tsv => {
            let (fields, timeline) = detail(&dialog);
            output.detail(&fields)?;
            if !timeline.is_empty() {
                output.line("\nTimeline")?;
                output.detail(&timeline)?;
            }
        }
        _ => output.json(&serde_json::to_value(&dialog)?)?,
    }
    Ok(())
}

/// Asks `question` on the terminal; without one (scripts, CI) the answer is yes.
fn confirm(question: &str) -> Result<bool> {
    use std::io::{BufRead, IsTerminal, Write};
    if !std::io::stdin().is_terminal() || !std::io::stderr().is_terminal() {
        return Ok(true);
    }
    eprint!("{question} [y/N] ");
    std::io::stderr().flush()?;
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    Ok(matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes"))
}

/// Labels and their values, in the order shown.
type Fields = Vec<(String, String)>;

/// The detail view: labelled fields, then the timeline of transmissions and activities.
fn detail(dialog: &Dialog) -> (Fields, Fields) {
    let mut lines: Vec<(String, String)> = Vec::new();
    let mut add = |k: &str, v: String| lines.push((k.to_owned(), v));
    add("Dialog", dialog.id.to_string());
    if let Some(content) = &dialog.content {
        add("Title", texts(&content.title.value));
        if let Some(summary) = &content.summary {
            add("Summary", texts(&summary.value));
        }
        if let Some(sender) = &content.sender_name {
            add("Sender", texts(&sender.value));
        }
    }
    let progress = dialog.progress.map(|p| format!(" ({p}%)")).unwrap_or_default();
    add("Status", format!("{}{progress}", dialog.status));
    add("Party", dialog.party.clone());
    add("Resource", dialog.service_resource.clone());
    add("Created", time(dialog.created_at));
    add("Updated", time(dialog.updated_at));
    if let Some(due) = dialog.due_at {
        add("Due", time(due));
    }
    if let Some(deleted) = dialog.deleted_at {
        add("Deleted", time(deleted));
    }
    let so_labels: Vec<String> =
        dialog.service_owner_context.service_owner_labels.iter().flatten().map(|l| l.value.clone()).collect();
    let mut labels = dialog.system_label.to_string();
    if !so_labels.is_empty() {
        labels.push_str(&format!("; yours: {}", so_labels.join(", ")));
    }
    add("Labels", labels);
    add("Revision", dialog.revision.to_string());
    for attachment in dialog.attachments.iter().flatten() {
        let name = attachment.display_name.as_deref().map(texts).unwrap_or_default();
        let urls: Vec<&str> = attachment.urls.iter().flatten().map(|u| u.url.as_str()).collect();
        add("Attachment", format!("{name} {}", urls.join(" ")).trim().to_owned());
    }
    for action in dialog.gui_actions.iter().flatten() {
        add("Action", format!("{} {} ({}) {}", action.priority, action.action, action.http_method, action.url));
    }
    let mut timeline: Vec<(DateTime<Utc>, String)> = Vec::new();
    for t in dialog.transmissions.iter().flatten() {
        let title = texts(&t.content.title.value);
        timeline.push((t.created_at, format!("transmission {} {title}", t.type_)));
    }
    for a in dialog.activities.iter().flatten() {
        let by = a.performed_by.actor_name.clone().or(a.performed_by.actor_id.clone());
        let by = by.unwrap_or_else(|| a.performed_by.actor_type.to_string());
        let at = a.created_at.unwrap_or(dialog.created_at);
        timeline.push((at, format!("activity {} by {by}", a.type_)));
    }
    timeline.sort_by_key(|(at, _)| *at);
    (lines, timeline.into_iter().map(|(at, what)| (format!("  {}", time(at)), what)).collect())
}

/// The text a Norwegian reader would pick: Bokmål, then Nynorsk, then English, then whatever there is.
pub fn preferred(list: &[Localization]) -> String {
    ["nb", "nn", "en"]
        .iter()
        .find_map(|code| list.iter().find(|l| l.language_code == *code))
        .or(list.first())
        .map(|l| l.value.clone())
        .unwrap_or_default()
}

/// The orders `--order-by` completes to: each field the search sorts by, either way.
fn orders() -> Vec<&'static str> {
    vec![
        "createdAt_desc",
        "createdAt_asc",
        "updatedAt_desc",
        "updatedAt_asc",
        "dueAt_desc",
        "dueAt_asc",
        "contentUpdatedAt_desc",
        "contentUpdatedAt_asc",
    ]
}

fn list_row(item: &DialogListItem, for_people: bool) -> Vec<String> {
    let title = item.content.as_ref().map(|c| preferred(&c.title.value));
    vec![
        item.id.to_string(),
        item.status.to_string(),
        time(item.updated_at),
        if for_people { short_party(&item.party) } else { item.party.clone() },
        title.unwrap_or_default(),
    ]
}

async fn list_dialogs(args: ListArgs, context: &Context, output: &Output) -> Result<()> {
    let wanted = if args.all { usize::MAX } else { args.limit as usize };
    let page_size = i32::try_from(wanted.clamp(1, 1000)).unwrap_or(1000);
    let statuses: Vec<dialogporten::enums::DialogStatus> = args.status.iter().map(|s| s.as_str().into()).collect();
    let system_labels: Vec<dialogporten::enums::SystemLabel> =
        args.system_label.iter().map(|s| s.as_str().into()).collect();
    let deleted: Option<dialogporten::enums::DeletedFilter> = args.deleted.as_deref().map(Into::into);
    let stream = context.client.search_dialogs_stream(|search| {
        let mut search = search.limit(page_size);
        if !args.party.is_empty() {
            search = search.party(args.party.clone());
        }
        if !args.resource.is_empty() {
            search = search.service_resource(args.resource.clone());
        }
        if !statuses.is_empty() {
            search = search.status(statuses.clone());
        }
        if !args.label.is_empty() {
            search = search.service_owner_labels(args.label.clone());
        }
        if let Some(reference) = &args.external_reference {
            search = search.external_reference(reference.clone());
        }
        if let Some(order) = &args.order_by {
            search = search.order_by(order.clone());
        }
        if !args.extended_status.is_empty() {
            search = search.extended_status(args.extended_status.clone());
        }
        if !system_labels.is_empty() {
            search = search.system_label(system_labels.clone());
        }
        if let Some(process) = &args.process {
            search = search.process(process.clone());
        }
        if let Some(user) = &args.end_user {
            search = search.end_user_id(user.clone());
        }
        if let Some(text) = &args.search {
            search = search.search(text.clone());
        }
        if let Some(language) = &args.search_language {
            search = search.search_language_code(language.clone());
        }
        if let Some(deleted) = &deleted {
            search = search.deleted(deleted.clone());
        }
        if let Some(seen) = args.content_seen {
            search = search.is_content_seen(seen);
        }
        if args.exclude_api_only {
            search = search.exclude_api_only(true);
        }
        let ranges = [
            (args.created_after, args.created_before),
            (args.updated_after, args.updated_before),
            (args.content_updated_after, args.content_updated_before),
            (args.due_after, args.due_before),
            (args.visible_after, args.visible_before),
        ];
        search = within(search, ranges);
        search
    });
    let mut stream = std::pin::pin!(stream);
    let mut rows = Vec::new();
    let mut items = Vec::new();
    let mut count = 0;
    while count < wanted {
        let Some(item) = stream.try_next().await? else { break };
        count += 1;
        // Streamable formats go out as items arrive, so `| head` stops early.
        match output.format() {
            Format::Jsonl => output.json(&serde_json::to_value(&item)?)?,
            Format::Tsv => output.table("dialogs", &[], &[list_row(&item, false)])?,
            Format::Table => rows.push(list_row(&item, true)),
            Format::Json | Format::Yaml => items.push(serde_json::to_value(&item)?),
        }
    }
    match output.format() {
        Format::Table => {
            output.table("dialogs", &[ids("ID"), keep("STATUS"), keep("UPDATED"), cut("PARTY"), cut("TITLE")], &rows)?
        }
        Format::Json | Format::Yaml => output.json(&Value::Array(items))?,
        Format::Jsonl | Format::Tsv => {}
    }
    Ok(())
}

type Range = (Option<DateTime<Utc>>, Option<DateTime<Utc>>);

/// Applies the created, updated, content-updated, due and visible ranges, in that order.
fn within<'a>(
    search: dialogporten::builder::SearchDialogsBuilder<'a>,
    [created, updated, content, due, visible]: [Range; 5],
) -> dialogporten::builder::SearchDialogsBuilder<'a> {
    let mut search = search;
    if let Some(at) = created.0 {
        search = search.created_after(at);
    }
    if let Some(at) = created.1 {
        search = search.created_before(at);
    }
    if let Some(at) = updated.0 {
        search = search.updated_after(at);
    }
    if let Some(at) = updated.1 {
        search = search.updated_before(at);
    }
    if let Some(at) = content.0 {
        search = search.content_updated_after(at);
    }
    if let Some(at) = content.1 {
        search = search.content_updated_before(at);
    }
    if let Some(at) = due.0 {
        search = search.due_after(at);
    }
    if let Some(at) = due.1 {
        search = search.due_before(at);
    }
    if let Some(at) = visible.0 {
        search = search.visible_after(at);
    }
    if let Some(at) = visible.1 {
        search = search.visible_before(at);
    }
    search
}

/// A body that passes every rule, to start from.
pub fn template() -> Value {
    json!({
        "serviceResource": "urn:altinn:resource:super-simple-service",
        "party": "urn:altinn:organization:identifier-no:991825827",
        "status": "NotApplicable",
        "externalReference": "case-123",
        "content": {
            "title": {"value": [{"languageCode": "nb", "value": "Søknaden din er mottatt"}, {"languageCode": "en", "value": "Your application has been received"}]},
            "summary": {"value": [{"languageCode": "nb", "value": "Vi behandler søknaden og gir beskjed når vi har svar."}]}
        },
        "guiActions": [{
            "action": "read",
            "url": "https://example.com/cases/123",
            "priority": "Primary",
            "title": [{"languageCode": "nb", "value": "Se søknaden"}]
        }],
        "attachments": [{
            "displayName": [{"languageCode": "nb", "value": "Kvittering"}],
            "urls": [{"url": "https://example.com/cases/123/receipt.pdf", "mediaType": "application/pdf", "consumerType": "Gui"}]
        }]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_passes_every_rule() {
        checked_create(template(), &Rules::now()).expect("the template is valid");
    }

    #[test]
    fn language_flags_need_an_equals_sign() {
        let error = localizations("title", &["Søknad".into()]).unwrap_err();
        assert!(error.to_string().contains("LANG=TEXT"), "{error}");
    }
}
