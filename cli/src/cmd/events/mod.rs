//! `dp events list|tail|listen|subscribe|subscriptions|show`: the CloudEvents
//! dialogs produce, read from Altinn Events or received on a local webhook.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context as _, Result};
use clap::{Args, Subcommand};
use dialogporten::ErrorKind;
use dialogporten::auth::{AltinnTokenProvider, TokenProvider};
use dialogporten::events::{CloudEvent, EventQuery, EventType, EventsClient, SubscriptionRequest};
use etcetera::BaseStrategy;
use futures::StreamExt;
use serde_json::{Value, json};

use crate::cli::Offering;
use crate::context::Context;
use crate::exit::{Interrupted, NotFound, UsageError};
use crate::fit::Give;
use crate::output::{Format, short_party, time};
use crate::output::{Output, StreamColumn, cut, ids, keep};

#[derive(Args, Debug)]
pub struct EventsArgs {
    #[command(subcommand)]
    pub command: EventsCommand,
}

/// Which events to read.
#[derive(Args, Debug, Clone)]
pub struct Filter {
    /// The service resource: urn:altinn:resource:NAME, or just NAME.
    #[arg(long, short = 'r', value_name = "RESOURCE")]
    pub resource: String,
    /// Only this type (repeatable): a full type, or short like created, activity.form-submitted.
    #[arg(long = "type", short = 't', value_name = "TYPE", value_parser = Offering::any(short_types))]
    pub types: Vec<String>,
    /// Only events about this party (a URN, or an organisation or national identity number).
    #[arg(long, value_name = "PARTY")]
    pub subject: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum EventsCommand {
    /// One page of events, oldest first.
    ///
    /// Examples:
    ///   dp events list --resource my-service
    ///   dp events list -r my-service --type created --type updated --size 200
    ///   dp events list -r my-service --after 0194f7c2-... --all -o jsonl
    #[command(verbatim_doc_comment)]
    List {
        #[command(flatten)]
        filter: Filter,
        /// Start after this event id [default: the beginning].
        #[arg(long, value_name = "ID")]
        after: Option<String>,
        /// Events per page (Altinn Events allows 1 to 1000).
        #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..=1000))]
        size: u32,
        /// Every page to the end, not just one.
        #[arg(long)]
        all: bool,
    },
    /// Events since the last one this tail printed; with --follow, new ones as they come.
    ///
    /// The last printed id is saved after each event (per environment, resource
    /// and filter, or in --state), so a restarted tail neither repeats nor skips.
    /// The first run starts at the beginning of the feed, or after --after.
    ///
    /// Examples:
    ///   dp events tail -r my-service --follow
    ///   dp events tail -r my-service --follow --type activity.form-submitted -o jsonl
    #[command(verbatim_doc_comment)]
    Tail {
        #[command(flatten)]
        filter: Filter,
        /// Keep polling for new events until interrupted.
        #[arg(long, short = 'f')]
        follow: bool,
        /// How often to poll with --follow, e.g. 2s or 500ms.
        #[arg(long, default_value = "2s", value_parser = parse_duration, value_name = "DURATION")]
        interval: Duration,
        /// Start after this event id, ignoring the saved position.
        #[arg(long, value_name = "ID")]
        after: Option<String>,
        /// Where the position is kept [default: dp's state directory].
        #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
        state: Option<PathBuf>,
    },
    /// A local webhook receiver: answers the handshake, prints each event, can forward it.
    ///
    /// Point a subscription at it (dp events subscribe --endpoint URL). Each
    /// delivery is printed as one row (or one JSON line with -o jsonl). With
    /// --forward-to, the original body and headers are posted on to your app,
    /// and its status is what Altinn Events gets back: a failing app makes
    /// Altinn Events retry, as it would in production. With the local
    /// sandbox, this process also does the sandbox's webhook deliveries.
    ///
    /// Examples:
    ///   dp events listen
    ///   dp events listen --port 9000 --forward-to http://localhost:3000/events --type created
    #[command(verbatim_doc_comment)]
    Listen {
        /// The port on 127.0.0.1 (0 picks a free one).
        #[arg(long, short = 'p', default_value_t = 5281)]
        port: u16,
        /// Post each event on to this URL.
        #[arg(long, value_name = "URL", value_hint = clap::ValueHint::Url)]
        forward_to: Option<String>,
        /// Only print and forward these types (others are acknowledged and dropped).
        #[arg(long = "type", short = 't', value_name = "TYPE", value_parser = Offering::any(short_types))]
        types: Vec<String>,
    },
    /// Subscribe a webhook to a resource's events.
    ///
    /// Altinn Events first posts a handshake (platform.events.validatesubscription)
    /// to the endpoint; events flow once it has answered 2xx.
    ///
    /// Examples:
    ///   dp events subscribe --endpoint https://example.no/hooks/dialogs --resource my-service
    ///   dp events subscribe --endpoint http://127.0.0.1:5281/ -r my-service --type created
    #[command(verbatim_doc_comment)]
    Subscribe {
        /// Where events are posted (https; plain http only on loopback for a local server).
        #[arg(long, value_name = "URL", value_hint = clap::ValueHint::Url)]
        endpoint: String,
        /// The service resource: urn:altinn:resource:NAME, or just NAME.
        #[arg(long, short = 'r', value_name = "RESOURCE")]
        resource: String,
        /// Only this one type (Altinn Events takes one).
        #[arg(long = "type", short = 't', value_name = "TYPE", value_parser = Offering::any(short_types))]
        kind: Option<String>,
        /// Only events about this party.
        #[arg(long, value_name = "PARTY")]
        subject: Option<String>,
        /// Only events whose source starts with this (one dialog: its end-user URL).
        #[arg(long, value_name = "URL", value_hint = clap::ValueHint::Url)]
        source: Option<String>,
    },
    /// Your webhook subscriptions: list, get, delete.
    Subscriptions {
        #[command(subcommand)]
        command: SubscriptionsCommand,
    },
    /// An event (by id, or from a file or - for stdin) and the dialog, activity or transmission it points to.
    ///
    /// Examples:
    ///   dp events show 0194f7c2-... --resource my-service
    ///   dp events list -r my-service -o jsonl | tail -1 | dp events show -
    #[command(verbatim_doc_comment)]
    Show {
        /// The event id, or a file holding the event (- for stdin).
        event: String,
        /// The resource to look the id up in (not needed for a file).
        #[arg(long, short = 'r', value_name = "RESOURCE")]
        resource: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum SubscriptionsCommand {
    /// Every subscription you made.
    List,
    /// One subscription.
    Get {
        /// The subscription number.
        id: i64,
    },
    /// Deletes a subscription.
    Delete {
        /// The subscription number.
        id: i64,
    },
}

fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let (number, unit) = text.split_at(text.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(text.len()));
    let value: f64 = number.parse().map_err(|_| format!("{text:?}: give a duration like 2s, 500ms or 1m"))?;
    let seconds = match unit {
        "ms" => value / 1000.0,
        "" | "s" => value,
        "m" => value * 60.0,
        _ => return Err(format!("{text:?}: the unit must be ms, s or m")),
    };
    if seconds <= 0.0 {
        return Err(format!("{text:?}: the interval must be more than zero"));
    }
    Duration::try_from_secs_f64(seconds).map_err(|_| format!("{text:?}: too long; give something like 2s or 1m"))
}

/// `my-service` → `urn:altinn:resource:my-service`.
pub fn resource_urn(resource: &str) -> String {
    let resource = resource.trim();
    if resource.starts_with("urn:") { resource.to_owned() } else { format!("urn:altinn:resource:{resource}") }
}

/// `created` → `dialogporten.dialog.created.v1`, `activity.form-submitted` → `...activity.form-submitted.v1`.
pub fn event_type(text: &str) -> String {
    let text = text.trim();
    if text.contains(':') || text.starts_with("dialogporten.") || text.starts_with("platform.") {
        return text.to_owned();
    }
    let short = text.trim_end_matches(".v1");
    format!("dialogporten.dialog.{short}.v1")
}

/// A party as a URN: 9 digits are an organisation, 11 a person.
fn party_urn(text: &str) -> String {
    let text = text.trim();
    match text.len() {
        9 if text.bytes().all(|b| b.is_ascii_digit()) => format!("urn:altinn:organization:identifier-no:{text}"),
        11 if text.bytes().all(|b| b.is_ascii_digit()) => format!("urn:altinn:person:identifier-no:{text}"),
        _ => text.to_owned(),
    }
}

fn query(filter: &Filter) -> EventQuery {
    EventQuery {
        resource: resource_urn(&filter.resource),
        after: None,
        subject: filter.subject.as_deref().map(party_urn),
        types: filter.types.iter().map(|t| event_type(t)).collect(),
        size: None,
        poll_interval: None,
    }
}

/// Events need an Altinn token: Maskinporten credentials are exchanged for one.
fn events_client(context: &Context) -> Result<EventsClient> {
    let tokens: Arc<dyn TokenProvider> = match &context.maskinporten {
        Some(maskinporten) => {
            let inner: Arc<dyn TokenProvider> = maskinporten.clone();
            let exchange = AltinnTokenProvider::new(&context.environment, inner)
                .with_http_client(crate::context::token_http_client(context.timeout())?)
                .with_request_log(context.request_log());
            Arc::new(exchange)
        }
        None => Arc::clone(&context.tokens),
    };
    // The API client's transport (timeout, retries, request log) with the Altinn token.
    let transport = context.client.transport().clone().with_tokens(tokens);
    Ok(EventsClient::with_transport(context.environment.altinn_platform_url(), transport))
}

/// The short types `--type` completes to: `created`, `activity.form-submitted`, ...
fn short_types() -> Vec<&'static str> {
    EventType::KNOWN.iter().map(|kind| kind.as_str()).map(short_name).collect()
}

/// `dialogporten.dialog.activity.form-submitted.v1` → `activity.form-submitted`; others as they are.
fn short_name(name: &str) -> &str {
    let short = name.strip_prefix("dialogporten.dialog.").unwrap_or(name);
    short.strip_suffix(".v1").unwrap_or(short)
}

/// The short name of an event's type, as the tables show it.
fn short_type(kind: &EventType) -> String {
    short_name(kind.as_str()).to_owned()
}

/// Times, types and subjects are never cut (a subject longer than `person:NNNNNNNNNNN` is); ids give
/// way first, then whole columns from the right.
const COLUMNS: [StreamColumn; 5] = [
    StreamColumn { header: "TIME", width: 23, give: Give::Never },
    StreamColumn { header: "TYPE", width: 28, give: Give::Never },
    StreamColumn { header: "DIALOG", width: 36, give: Give::Middle },
    StreamColumn { header: "SUBJECT", width: 18, give: Give::Never },
    StreamColumn { header: "ID", width: 36, give: Give::Middle },
];

/// An event's row: for people (a table) the subject as `person:…`/`org:…`, whole when piped.
fn cells(event: &CloudEvent, for_people: bool) -> Vec<String> {
    let subject = event.subject.clone().unwrap_or_default();
    vec![
        event.time.map(time).unwrap_or_default(),
        short_type(&event.kind),
        event.resourceinstance.clone().unwrap_or_default(),
        if for_people { short_party(&subject) } else { subject },
        event.id.clone(),
    ]
}

/// `dp events listen`, which needs no Dialogporten.
/// What `dp events ...` needs: `listen` runs on its own (hosting the sandbox's deliveries when that
/// is the target), the rest need a client.
pub fn plan(args: EventsArgs) -> crate::plan::Plan {
    use crate::plan::Plan;
    match args.command {
        EventsCommand::Listen { port, forward_to, types } => Plan::HostingSandbox(Box::new(move |output| {
            Box::pin(async move { listen(output, port, forward_to, &types).await })
        })),
        command => Plan::with_client(move |context, output| Box::pin(run(command, context, output))),
    }
}

mod listen;
use listen::listen;

async fn run(command: EventsCommand, context: &Context, output: &Output) -> Result<()> {
    match command {
        EventsCommand::List { filter, after, size, all } => list(context, output, &filter, after, size, all).await,
        EventsCommand::Tail { filter, follow, interval, after, state } => {
            tail(context, output, &filter, follow, interval, after, state).await
        }
        EventsCommand::Listen { port, forward_to, types } => listen(output, port, forward_to, &types).await,
        EventsCommand::Subscribe { endpoint, resource, kind, subject, source } => {
            let request = SubscriptionRequest {
                end_point: endpoint,
                resource_filter: resource_urn(&resource),
                subject_filter: subject.as_deref().map(party_urn),
                type_filter: kind.as_deref().map(event_type),
                source_filter: source,
            };
            let subscription = events_client(context)?.subscribe(&request).await?;
            if !subscription.validated {
                eprintln!(
                    "dp: subscription {} made; Altinn Events now sends the handshake to {}, and events once it answers 2xx",
                    subscription.id,
                    crate::terminal::cell(&subscription.end_point)
                );
            }
            if output.format() == crate::output::Format::Tsv {
                return Ok(output.line(&subscription.id.to_string())?);
            }
            Ok(output.record(&serde_json::to_value(subscription)?)?)
        }
        EventsCommand::Subscriptions { command } => {
            let events = events_client(context)?;
            match command {
                SubscriptionsCommand::List => {
                    let all = events.subscriptions().await?;
                    let rows: Vec<Vec<String>> = all
                        .iter()
                        .map(|s| {
                            vec![
                                s.id.to_string(),
                                if s.validated { "yes" } else { "no" }.to_owned(),
                                s.end_point.clone(),
                                s.resource_filter.clone().unwrap_or_default(),
                                s.type_filter.clone().unwrap_or_default(),
                                s.subject_filter.clone().unwrap_or_default(),
                            ]
                        })
                        .collect();
                    let values = all.iter().map(serde_json::to_value).collect::<Result<Vec<_>, _>>()?;
                    Ok(output.list(
                        "subscriptions",
                        &[keep("ID"), keep("VALIDATED"), cut("ENDPOINT"), cut("RESOURCE"), cut("TYPE"), cut("SUBJECT")],
                        &rows,
                        &values,
                    )?)
                }
                SubscriptionsCommand::Get { id } => {
                    Ok(output.record(&serde_json::to_value(events.subscription(id).await?)?)?)
                }
                SubscriptionsCommand::Delete { id } => {
                    events.unsubscribe(id).await?;
                    Ok(output.written("Deleted subscription", &id.to_string(), None)?)
                }
            }
        }
        EventsCommand::Show { event, resource } => show(context, output, &event, resource.as_deref()).await,
    }
}

async fn list(
    context: &Context,
    output: &Output,
    filter: &Filter,
    after: Option<String>,
    size: u32,
    all: bool,
) -> Result<()> {
    let events = events_client(context)?;
    let mut query = query(filter).size(size);
    query.after = after;
    let mut collected: Vec<CloudEvent> = Vec::new();
    loop {
        let page = events.page(&query).await?;
        let full = page.events.len() as u64 >= u64::from(size);
        query.after = page.after;
        collected.extend(page.events);
        if !all || !full {
            if full && let Some(last) = &query.after {
                eprintln!("dp: there may be more: add --after {} (or --all)", crate::terminal::cell(last));
            }
            break;
        }
    }
    let rows: Vec<Vec<String>> = collected.iter().map(|event| cells(event, output.format() == Format::Table)).collect();
    let values = collected.iter().map(serde_json::to_value).collect::<Result<Vec<_>, _>>()?;
    let header = [keep("TIME"), keep("TYPE"), ids("DIALOG"), keep("SUBJECT"), ids("ID")];
    Ok(output.list("events", &header, &rows, &values)?)
}

/// Where a tail keeps its position: one file per environment, resource and filter.
fn state_file(context: &Context, query: &EventQuery) -> Result<PathBuf> {
    use sha2::Digest;
    let place = if context.is_sandbox() { "sandbox" } else { context.environment.altinn_platform_url() };
    let key = format!(
        "{}\n{}\n{}\n{}",
        place,
        query.resource,
        query.subject.clone().unwrap_or_default(),
        query.types.join(",")
    );
    let digest = sha2::Sha256::digest(key.as_bytes());
    let name: String = digest.iter().take(12).map(|b| format!("{b:02x}")).collect();
    let strategy = etcetera::choose_base_strategy().context("cannot find the home directory for dp's state")?;
    let base = strategy.state_dir().unwrap_or_else(|| strategy.data_dir());
    Ok(base.join("dialogporten").join("tail").join(format!("{name}.json")))
}

fn read_position(path: &Path) -> Result<Option<String>> {
    match std::fs::read_to_string(path) {
        Ok(text) => {
            let state: Value = serde_json::from_str(&text).with_context(|| {
                format!("the tail position {} is not JSON: delete it, or pass --after ID", path.display())
            })?;
            Ok(state["after"].as_str().map(str::to_owned))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("cannot read the tail position {}", path.display())),
    }
}

/// Saves the position whole or not at all: a new file renamed over the old.
fn save_position(path: &Path, query: &EventQuery, after: &str) -> Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let state = json!({"resource": query.resource, "subject": query.subject, "types": query.types, "after": after});
    let partial = path.with_extension("json.partial");
    std::fs::write(&partial, state.to_string()).with_context(|| format!("cannot write {}", partial.display()))?;
    std::fs::rename(&partial, path).with_context(|| format!("cannot write {}", path.display()))
}

async fn tail(
    context: &Context,
    output: &Output,
    filter: &Filter,
    follow: bool,
    interval: Duration,
    after: Option<String>,
    state: Option<PathBuf>,
) -> Result<()> {
    let events = events_client(context)?;
    let mut query = query(filter).size(200);
    let state = match state {
        Some(path) => path,
        None => state_file(context, &query)?,
    };
    query.after = match after {
        Some(after) => Some(after),
        None => read_position(&state)?,
    };
    match &query.after {
        Some(after) => eprintln!("dp: continuing after event {after} ({})", state.display()),
        None => eprintln!("dp: reading {} from the beginning", query.resource),
    }
    if follow {
        eprintln!("dp: following (every {interval:?}; Ctrl-C to stop)");
    }
    let mut first = true;
    let mut print = |event: &CloudEvent| -> Result<()> {
        output.stream_row(
            &COLUMNS,
            &cells(event, output.format() == Format::Table),
            &serde_json::to_value(event)?,
            first,
        )?;
        first = false;
        // Saved after each event: a tail stopped at any point continues right after what it printed.
        save_position(&state, &query, &event.id)
    };
    if !follow {
        let mut query = query.clone();
        loop {
            let page = events.page(&query).await?;
            if page.events.is_empty() {
                return Ok(());
            }
            page.events.iter().try_for_each(&mut print)?;
            query.after = page.after;
        }
    }
    let stream = events.follow(query.clone().poll_every(interval));
    futures::pin_mut!(stream);
    // Ctrl-C is heard only between events, so every printed event has its position saved.
    let interrupted = tokio::signal::ctrl_c();
    futures::pin_mut!(interrupted);
    loop {
        tokio::select! {
            event = stream.next() => match event {
                Some(event) => print(&event?)?,
                None => return Ok(()),
            },
            _ = &mut interrupted => return Err(Interrupted("stopped; the next `dp events tail` goes on from here").into()),
        }
    }
}

async fn show(context: &Context, output: &Output, event: &str, resource: Option<&str>) -> Result<()> {
    let from_file = event == "-" || Path::new(event).is_file();
    let event: CloudEvent = if from_file {
        let text = if event == "-" {
            std::io::read_to_string(std::io::stdin()).context("cannot read the event from stdin")?
        } else {
            std::fs::read_to_string(event).with_context(|| format!("cannot read {event}"))?
        };
        serde_json::from_str(text.trim_start_matches('\u{feff}'))
            .with_context(|| format!("{event}: not a CloudEvent (a JSON object with specversion, id, type, source)"))?
    } else {
        let Some(resource) = resource else {
            return Err(UsageError(format!(
                "{event:?} is not a file: to find an event by id, give its --resource (Altinn Events has no lookup by id)"
            ))
            .into());
        };
        find_event(&events_client(context)?, &resource_urn(resource), event).await?
    };
    let mut shown = json!({"event": event});
    if let Some(dialog_id) = event.dialog_id() {
        let dialog = context.client.get_dialog().dialog_id(dialog_id).send().await;
        match dialog {
            Ok(dialog) => {
                let dialog = dialog.into_inner();
                if let Some(activity) = event.activity_id() {
                    shown["activity"] = json!(
                        dialog
                            .activities
                            .iter()
                            .flatten()
                            .find(|a| a.id == activity)
                            .map(serde_json::to_value)
                            .transpose()?
                    );
                }
                if let Some(transmission) = event.transmission_id() {
                    shown["transmission"] = json!(
                        dialog
                            .transmissions
                            .iter()
                            .flatten()
                            .find(|t| t.id == transmission)
                            .map(serde_json::to_value)
                            .transpose()?
                    );
                }
                shown["dialog"] = serde_json::to_value(dialog)?;
            }
            Err(error) if matches!(error.kind(), Some(ErrorKind::NotFound | ErrorKind::Gone)) => {
                shown["dialog"] = json!(null);
                shown["note"] = json!(format!("the dialog is gone now: {error}"));
            }
            Err(error) => return Err(error.into()),
        }
    }
    if matches!(output.format(), crate::output::Format::Table | crate::output::Format::Tsv) {
        return show_readably(output, &shown);
    }
    Ok(output.json(&shown)?)
}

fn show_readably(output: &Output, shown: &Value) -> Result<()> {
    let event = &shown["event"];
    let mut lines = Vec::new();
    for key in ["id", "type", "time", "resource", "subject", "source"] {
        lines.push(format!("{:<20} {}", key, event[key].as_str().unwrap_or_default()));
    }
    if let Some(data) = event["data"].as_object() {
        for (key, value) in data {
            lines.push(format!(
                "{:<20} {}",
                format!("data.{key}"),
                value.as_str().map_or_else(|| value.to_string(), str::to_owned)
            ));
        }
    }
    let dialog = &shown["dialog"];
    if dialog.is_object() {
        let titles = dialog["content"]["title"]["value"].as_array().cloned().unwrap_or_default();
        let in_language =
            |code: &str| titles.iter().find(|t| t["languageCode"] == code).and_then(|t| t["value"].as_str());
        let title = ["nb", "nn", "en"]
            .into_iter()
            .find_map(in_language)
            .or_else(|| titles.first().and_then(|t| t["value"].as_str()))
            .unwrap_or_default();
        lines.push(String::new());
        lines.push(format!("{:<20} {}", "dialog", dialog["id"].as_str().unwrap_or_default()));
        lines.push(format!("{:<20} {}", "status", dialog["status"].as_str().unwrap_or_default()));
        lines.push(format!("{:<20} {title}", "title"));
        lines.push(format!("{:<20} {}", "updated", dialog["updatedAt"].as_str().unwrap_or_default()));
        lines.push(format!("{:<20} {}", "revision", dialog["revision"].as_str().unwrap_or_default()));
    } else if let Some(note) = shown["note"].as_str() {
        lines.push(String::new());
        lines.push(note.to_owned());
    }
    for child in ["activity", "transmission"] {
        let value = &shown[child];
        if value.is_object() {
            lines.push(String::new());
            lines.push(format!("{:<20} {}", child, value["id"].as_str().unwrap_or_default()));
            lines.push(format!("{:<20} {}", "type", value["type"].as_str().unwrap_or_default()));
            lines.push(format!("{:<20} {}", "created", value["createdAt"].as_str().unwrap_or_default()));
        }
    }
    for line in lines {
        output.text(&line)?;
    }
    Ok(())
}

async fn find_event(events: &EventsClient, resource: &str, id: &str) -> Result<CloudEvent> {
    let mut query = EventQuery::new(resource).size(1000);
    loop {
        let page = events.page(&query).await?;
        if let Some(event) = page.events.iter().find(|e| e.id == id) {
            return Ok(event.clone());
        }
        if page.events.is_empty() {
            return Err(NotFound(format!("no event {id} in the events of {resource}")).into());
        }
        query.after = page.after;
    }
}
