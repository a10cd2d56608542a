//! `dp dialog ...`: create, get, list and template.

use std::io::Read;
use std::path::PathBuf;

use anyhow::{Context as _, Result};
use chrono::{DateTime, Utc};
use clap::{Args, Subcommand};
use dialogporten::types::{CreateDialog, Dialog, DialogListItem, Localization};
use dialogporten::validate::{self, Rules};
use dialogporten::{Created, input};
use futures::TryStreamExt;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::context::Context;
use crate::exit::{InvalidBody, UsageError};
use crate::output::{Format, Output};

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
    /// Print a valid starting body for `dp dialog create -f`.
    Template,
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
    #[arg(short = 'f', long, value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// Service resource, urn:altinn:resource:...
    #[arg(long, value_name = "URN")]
    pub resource: Option<String>,
    /// The party: urn:altinn:organization:identifier-no:... or urn:altinn:person:identifier-no:...
    #[arg(long, value_name = "URN")]
    pub party: Option<String>,
    /// Title in one language, LANG=TEXT; repeat for more languages.
    #[arg(long, value_name = "LANG=TEXT")]
    pub title: Vec<String>,
    /// Summary in one language, LANG=TEXT; repeat for more languages.
    #[arg(long, value_name = "LANG=TEXT")]
    pub summary: Vec<String>,
    /// NotApplicable, InProgress, Draft, Awaiting, RequiresAttention or Completed.
    #[arg(long)]
    pub status: Option<String>,
    /// Progress, 0 to 100.
    #[arg(long)]
    pub progress: Option<i32>,
    /// Your own reference for the dialog.
    #[arg(long, value_name = "TEXT")]
    pub external_reference: Option<String>,
    /// Due time, RFC 3339 (2030-01-31T12:00:00Z).
    #[arg(long, value_name = "TIME")]
    pub due: Option<DateTime<Utc>>,
    /// A service-owner label; repeat for more.
    #[arg(long, value_name = "LABEL")]
    pub label: Vec<String>,
    /// The dialog id (a UUIDv7 in the past); generated when left out.
    #[arg(long)]
    pub id: Option<Uuid>,
    /// A key that makes a repeated create answer "already exists" instead of creating twice.
    #[arg(long, value_name = "KEY")]
    pub idempotent_key: Option<String>,
    /// A silent update: no events, no timestamp bumps, past dates allowed (for migrations).
    #[arg(long)]
    pub silent: bool,
}

/// Show one dialog.
#[derive(Args, Debug)]
pub struct GetArgs {
    /// The dialog id.
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
    #[arg(long)]
    pub status: Vec<String>,
    /// Only dialogs with this service-owner label (a trailing * matches a prefix); repeat to require more.
    #[arg(long, value_name = "LABEL")]
    pub label: Vec<String>,
    /// Only dialogs with this external reference.
    #[arg(long, value_name = "TEXT")]
    pub external_reference: Option<String>,
    /// Sort order, e.g. createdAt_desc, dueAt_asc.
    #[arg(long, value_name = "FIELD_DIR")]
    pub order_by: Option<String>,
    /// How many dialogs to show.
    #[arg(long, default_value_t = 100, conflicts_with = "all")]
    pub limit: usize,
    /// Every matching dialog, however many.
    #[arg(long)]
    pub all: bool,
}

pub async fn run(command: DialogCommand, context: &Context, output: &Output) -> Result<()> {
    match command {
        DialogCommand::Create(create) => create_dialog(create, context, output).await,
        DialogCommand::Get(get) => get_dialog(get, context, output).await,
        DialogCommand::List(list) => list_dialogs(list, context, output).await,
        DialogCommand::Template => Ok(output.json(&template())?),
    }
}

/// Reads a JSON body from a file, or stdin for `-`.
pub fn read_body(path: &PathBuf) -> Result<Value> {
    let (text, name) = if path.as_os_str() == "-" {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text).context("cannot read the body from stdin")?;
        (text, "stdin".to_owned())
    } else {
        let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
        (text, path.display().to_string())
    };
    serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| {
        anyhow::Error::new(UsageError(format!(
            "{name} is not valid JSON at line {}, column {}: {e}",
            e.line(),
            e.column()
        )))
    })
}

/// `LANG=TEXT` flags as localizations.
fn localizations(flag: &str, values: &[String]) -> Result<Value> {
    let mut list = Vec::new();
    for value in values {
        let (language, text) = value.split_once('=').ok_or_else(|| {
            UsageError(format!("--{flag} {value:?}: write it as LANG=TEXT, for example --{flag} nb=\"Søknad mottatt\""))
        })?;
        list.push(json!({"languageCode": language.trim(), "value": text}));
    }
    Ok(json!({"value": list}))
}

fn set(body: &mut Value, key: &str, value: Option<Value>) {
    if let Some(value) = value {
        body[key] = value;
    }
}

/// The create body: the file, then each flag over it.
fn create_body(args: &CreateArgs) -> Result<Value> {
    let mut body = match &args.file {
        Some(path) => read_body(path)?,
        None => json!({}),
    };
    if !body.is_object() {
        return Err(UsageError("the body must be a JSON object (a CreateDialog)".into()).into());
    }
    set(&mut body, "serviceResource", args.resource.clone().map(Value::from));
    set(&mut body, "party", args.party.clone().map(Value::from));
    set(&mut body, "status", args.status.clone().map(Value::from));
    set(&mut body, "progress", args.progress.map(Value::from));
    set(&mut body, "externalReference", args.external_reference.clone().map(Value::from));
    set(&mut body, "dueAt", args.due.map(|d| Value::from(d.to_rfc3339())));
    set(&mut body, "id", args.id.map(|id| Value::from(id.to_string())));
    set(&mut body, "idempotentKey", args.idempotent_key.clone().map(Value::from));
    for (flag, key, values) in [("title", "title", &args.title), ("summary", "summary", &args.summary)] {
        if !values.is_empty() {
            if !body["content"].is_object() {
                body["content"] = json!({});
            }
            body["content"][key] = localizations(flag, values)?;
        }
    }
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

/// Checks a create body as the service would, and reads it as the request type.
pub fn checked_create(body: Value, silent: bool) -> Result<CreateDialog> {
    let rules = Rules::now().silent(silent);
    let mut bound = validate::bind::<CreateDialog>(body).map_err(InvalidBody)?;
    let mut errors = validate::create_dialog(&mut bound, &rules).err().unwrap_or_default();
    if let Err(dates) = validate::dialog_dates_in_future(&bound, &rules, None) {
        for (path, messages) in dates.iter() {
            for message in messages {
                errors.add(format!("dto.{path}"), message.clone());
            }
        }
    }
    if !errors.is_empty() {
        return Err(InvalidBody(errors).into());
    }
    Ok(input::from_value(bound)?)
}

async fn create_dialog(args: CreateArgs, context: &Context, output: &Output) -> Result<()> {
    let body = checked_create(create_body(&args)?, args.silent)?;
    let mut request = context.client.create_dialog().body(body);
    if args.silent {
        request = request.is_silent_update(true);
    }
    let created: Created = request.send().await.map_err(dialogporten::Error::from)?.into();
    match output.format() {
        Format::Json | Format::Jsonl => output.json(&json!({
            "id": created.id,
            "revision": created.revision,
            "location": created.location,
        }))?,
        Format::Table if output.is_terminal() => output.line(&format!(
            "created dialog {}{}",
            created.id,
            created.revision.map(|r| format!(" (revision {r})")).unwrap_or_default()
        ))?,
        Format::Table => output.line(&created.id.to_string())?,
    }
    Ok(())
}

async fn get_dialog(args: GetArgs, context: &Context, output: &Output) -> Result<()> {
    let dialog =
        context.client.get_dialog().dialog_id(args.id).send().await.map_err(dialogporten::Error::from)?.into_inner();
    match output.format() {
        Format::Json | Format::Jsonl => output.json(&serde_json::to_value(&dialog)?)?,
        Format::Table => output.line(&detail(&dialog))?,
    }
    Ok(())
}

fn texts(list: &[Localization]) -> String {
    list.iter().map(|l| format!("{}: {}", l.language_code, l.value)).collect::<Vec<_>>().join("  |  ")
}

fn time(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M:%S UTC").to_string()
}

/// The readable view of one dialog.
fn detail(dialog: &Dialog) -> String {
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
    let width = lines.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    let mut text: Vec<String> = lines.iter().map(|(k, v)| format!("{k:<width$}  {v}")).collect();
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
    if !timeline.is_empty() {
        timeline.sort_by_key(|(at, _)| *at);
        text.push(String::new());
        text.push("Timeline".to_owned());
        text.extend(timeline.into_iter().map(|(at, what)| format!("  {}  {what}", time(at))));
    }
    text.join("\n")
}

fn list_row(item: &DialogListItem) -> Vec<String> {
    let title = item.content.as_ref().map(|c| c.title.value.first().map(|l| l.value.clone()).unwrap_or_default());
    vec![
        item.id.to_string(),
        item.status.to_string(),
        time(item.updated_at),
        item.party.clone(),
        title.unwrap_or_default(),
    ]
}

async fn list_dialogs(args: ListArgs, context: &Context, output: &Output) -> Result<()> {
    let wanted = if args.all { usize::MAX } else { args.limit };
    let page_size = i32::try_from(wanted.clamp(1, 1000)).unwrap_or(1000);
    let statuses: Vec<dialogporten::enums::DialogStatus> = args.status.iter().map(|s| s.as_str().into()).collect();
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
        search
    });
    let mut stream = std::pin::pin!(stream);
    let mut rows = Vec::new();
    let mut count = 0;
    while count < wanted {
        let Some(item) = stream.try_next().await? else { break };
        count += 1;
        match output.format() {
            Format::Jsonl => output.json(&serde_json::to_value(&item)?)?,
            Format::Json => rows.push(serde_json::to_value(&item)?),
            Format::Table => {
                // Piped rows go out as they arrive, so `| head` stops early.
                if output.is_terminal() {
                    rows.push(Value::Array(list_row(&item).into_iter().map(Value::from).collect()));
                } else {
                    output.table(&[], &[list_row(&item)])?;
                }
            }
        }
    }
    match output.format() {
        Format::Json => output.json(&Value::Array(rows))?,
        Format::Table if output.is_terminal() => {
            let rows: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    r.as_array().into_iter().flatten().map(|c| c.as_str().unwrap_or_default().to_owned()).collect()
                })
                .collect();
            output.table(&["ID", "STATUS", "UPDATED", "PARTY", "TITLE"], &rows)?;
        }
        _ => {}
    }
    Ok(())
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
        checked_create(template(), false).expect("the template is valid");
    }

    #[test]
    fn language_flags_need_an_equals_sign() {
        let error = localizations("title", &["Søknad".into()]).unwrap_err();
        assert!(error.to_string().contains("LANG=TEXT"), "{error}");
    }
}
