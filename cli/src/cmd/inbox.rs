//! `dp inbox parties|list|get`: dialogs as the end user sees them, through the end-user API with the
//! person's ID-porten login (`dp auth login --idporten`).

use anyhow::{Context as _, Result};
use clap::{Args, Subcommand};
use dialogporten::auth::jwt;
use std::sync::Arc;

use dialogporten::auth::StaticToken;
use dialogporten::reqwest::header::{ACCEPT_LANGUAGE, HeaderValue};
use dialogporten::reqwest::{Method, Request, StatusCode, Url};
use dialogporten::transport::{RequestLog, Transport};
use secrecy::{ExposeSecret, SecretString};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::cli::{GlobalArgs, Offering, known};
use crate::config::{ConfigFile, config_dir};
use crate::exit::{NoCredentials, UsageError};
use crate::idporten;
use crate::output::{Format, Output, cut, ids, keep, time};
use crate::sandbox::Sandbox;
use crate::secrets::Secrets;
use crate::wire::StderrLog;

#[derive(Args, Debug)]
pub struct InboxArgs {
    #[command(subcommand)]
    pub command: InboxCommand,
}

#[derive(Subcommand, Debug)]
pub enum InboxCommand {
    /// The parties you act for: yourself, and the organisations and persons you represent.
    Parties,
    /// Your dialogs, as Altinn's inbox lists them (every party you act for, unless --party).
    List(ListArgs),
    /// One dialog as you see it: texts in your language, each action and whether you may do it,
    /// what you have seen, and the dialog token the service's actions take.
    Get(GetArgs),
    /// Open the local arbeidsflate in your browser, at one dialog or the list: see and use your
    /// dialogs as the person does (a dp-server --dev, or the sandbox, served until Ctrl-C; you log
    /// in there with a national identity number).
    Open(OpenArgs),
}

/// Open the local arbeidsflate.
#[derive(Args, Debug)]
pub struct OpenArgs {
    /// The dialog to open [default: the list].
    #[arg(value_parser = crate::cli::uuid)]
    pub id: Option<Uuid>,
    /// Print the page's address instead of opening a browser.
    #[arg(long)]
    pub no_browser: bool,
}

/// List the end user's dialogs.
#[derive(Args, Debug)]
pub struct ListArgs {
    /// Only this party (URN); repeat for more [default: every party you act for].
    #[arg(long, value_name = "URN")]
    pub party: Vec<String>,
    /// Only this service resource; repeat for more.
    #[arg(long = "resource", value_name = "URN")]
    pub resources: Vec<String>,
    /// Text in the title, summary or sender (3 characters or more).
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    /// Only dialogs with this status; repeat for more.
    #[arg(long, value_name = "STATUS", value_parser = Offering::any(known!(dialogporten::enums::DialogStatus)))]
    pub status: Vec<String>,
    /// Only dialogs with this system label (Default, Bin, Archive, MarkedAsUnopened, Sent).
    #[arg(long, value_name = "LABEL", hide_possible_values = true,
          value_parser = Offering::any(known!(dialogporten::enums::SystemLabel)))]
    pub label: Vec<String>,
    /// How many at most.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub limit: u32,
    /// Texts in this language when the dialog has it (nb, nn, en) [default: from LANG, else nb].
    #[arg(long, value_name = "CODE", hide_possible_values = true, value_parser = Offering::any(|| vec!["nb", "nn", "en"]))]
    pub lang: Option<String>,
}

/// Get one dialog.
#[derive(Args, Debug)]
pub struct GetArgs {
    /// The dialog id.
    #[arg(value_parser = crate::cli::uuid)]
    pub id: Uuid,
    /// Texts in this language when the dialog has it (nb, nn, en) [default: from LANG, else nb].
    #[arg(long, value_name = "CODE", hide_possible_values = true, value_parser = Offering::any(|| vec!["nb", "nn", "en"]))]
    pub lang: Option<String>,
}

/// `dp inbox open`: the arbeidsflate's page for the dialog (or the list), printed and opened. Only a
/// local dp-server has one; the sandbox is served until Ctrl-C, so the page stays there.
async fn open(args: OpenArgs, global: &GlobalArgs, output: &Output) -> Result<()> {
    let config = ConfigFile::load()?;
    let name = global.profile.clone().or_else(|| config.end_user_profile());
    let profile = name.as_ref().and_then(|n| config.profile(n).map(|p| (n.clone(), p)));
    let target = crate::credentials::target(global, profile.as_ref().map(|(n, p)| (n.as_str(), p)), config.path())?;
    let page = |base: &str| match args.id {
        Some(id) => format!("{}/arbeidsflate/dialogs/{id}", base.trim_end_matches('/')),
        None => format!("{}/arbeidsflate/", base.trim_end_matches('/')),
    };
    let show = |url: &str| -> Result<()> {
        output.line(url)?;
        if !args.no_browser {
            idporten::open_browser(url)?;
        }
        Ok(())
    };
    match &target.environment {
        Some(environment @ dialogporten::Environment::Local(_)) => show(&page(environment.base_url())),
        Some(environment) => Err(UsageError(format!(
            "{} is Altinn's: dp opens the arbeidsflate of a local dp-server --dev or the sandbox; \
             see the dialog in Altinn's own inbox (or with `dp inbox get`)",
            environment.name()
        ))
        .into()),
        None => {
            let sandbox = crate::sandbox::start(false).await?;
            show(&page(sandbox.base_url()))?;
            eprintln!("dp: the sandbox serves the arbeidsflate until Ctrl-C");
            let stopped = tokio::signal::ctrl_c().await;
            sandbox.stop().await?;
            stopped.context("cannot wait for Ctrl-C")
        }
    }
}

/// The reader's language: --lang, else the locale's when Altinn has texts in it, else Norwegian
/// Bokmål, as Altinn's inbox shows by default.
fn language(lang: Option<String>) -> String {
    lang.or_else(|| {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|var| std::env::var(var).ok())
            .find(|v| !v.is_empty())
            .map(|v| v.split(['_', '.', '-']).next().unwrap_or_default().to_lowercase())
            .filter(|code| ["nb", "nn", "en", "se"].contains(&code.as_str()))
    })
    .unwrap_or_else(|| "nb".to_owned())
}

/// The end user's connection: where, and the SDK's transport with the person's token (retries,
/// `--debug`'s request log and its errors, as every other command has).
struct Session {
    base: String,
    transport: Transport,
    sandbox: Option<Sandbox>,
    /// Where the token came from: `--token`, `DP_TOKEN` or `profile NAME (ID-porten)`.
    source: String,
}

impl Session {
    async fn open(global: &GlobalArgs) -> Result<Self> {
        let config = ConfigFile::load()?;
        let name = global.profile.clone().or_else(|| config.end_user_profile());
        let profile = name.as_ref().and_then(|n| config.profile(n).map(|p| (n.clone(), p)));
        let target = crate::credentials::target(global, profile.as_ref().map(|(n, p)| (n.as_str(), p)), config.path())?;
        let (token, source) = match (&global.token, &profile) {
            (Some(token), _) => {
                let source = if global.sources.token_flag { "--token" } else { "DP_TOKEN" };
                (SecretString::from(token.clone()), source.to_owned())
            }
            (None, Some((name, profile))) if profile.is_end_user() => {
                let secrets = Secrets::open(&config_dir()?)?;
                let environment = target.environment.as_ref();
                let tokens = idporten::stored_tokens(&secrets, name, profile.client_id.as_deref(), environment).await?;
                (tokens.access, format!("profile {name} (ID-porten)"))
            }
            _ => {
                return Err(NoCredentials(
                    "dp inbox reads as a person: log in with `dp auth login --idporten` (against a local server: --pid 08844397713), or pass an end user's token with --token".into(),
                )
                .into());
            }
        };
        if global.debug {
            eprintln!("dp: {}", crate::terminal::cell(&target.describe()));
            eprintln!("dp: credentials from {source}");
        }
        let (base, sandbox) = match &target.environment {
            Some(environment) => (environment.base_url().to_owned(), None),
            None => {
                let sandbox = crate::sandbox::start(false).await?;
                (sandbox.base_url().to_owned(), Some(sandbox))
            }
        };
        if !global.allow_insecure_http && !dialogporten::transport::is_safe_for_tokens(&base) {
            return Err(UsageError(format!(
                "{base} is plain http to a host that is not loopback: the token would travel unencrypted; use https"
            ))
            .into());
        }
        let log = StderrLog::new(global.debug, false).map(|log| Arc::new(log) as Arc<dyn RequestLog>);
        let transport = Transport::new(dialogporten::transport::http_client())
            .with_tokens(Arc::new(StaticToken::new(token.expose_secret())))
            .with_log(log);
        Ok(Self { base, transport, sandbox, source })
    }

    async fn get(&self, path: &str, query: &[(&str, String)], lang: Option<&str>) -> Result<Value> {
        let mut url =
            Url::parse(&format!("{}{path}", self.base)).with_context(|| format!("{}{path} is not a URL", self.base))?;
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query.iter().map(|(k, v)| (*k, v.as_str())));
        }
        let mut request = Request::new(Method::GET, url);
        if let Some(lang) = lang.and_then(|lang| HeaderValue::from_str(lang).ok()) {
            request.headers_mut().insert(ACCEPT_LANGUAGE, lang);
        }
        let response = self.transport.send(request).await?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(dialogporten::Error::Transport)?;
        if status.is_success() {
            return serde_json::from_slice(&body).with_context(|| format!("GET {path}: the answer is not JSON"));
        }
        if status == StatusCode::UNAUTHORIZED {
            let advice = if self.source.starts_with("profile ") {
                "log in again with `dp auth login --idporten`".to_owned()
            } else {
                format!("it takes a person's ID-porten token; leave out {} to use the logged-in person's", self.source)
            };
            return Err(
                NoCredentials(format!("the end-user API refused the token from {}: {advice}", self.source)).into()
            );
        }
        let problem = serde_json::from_slice::<dialogporten::types::ProblemDetails>(&body).unwrap_or_default();
        Err(dialogporten::Error::Api(Box::new(dialogporten::ApiError::new(status, problem, &headers))).into())
    }

    async fn close(self) -> Result<()> {
        if let Some(sandbox) = self.sandbox {
            sandbox.stop().await?;
        }
        Ok(())
    }
}

pub async fn run(args: InboxArgs, global: &GlobalArgs, output: &Output) -> Result<()> {
    // The arbeidsflate logs the person in itself: no token here.
    if let InboxCommand::Open(open) = args.command {
        return self::open(open, global, output).await;
    }
    let session = Session::open(global).await?;
    let result = match args.command {
        InboxCommand::Parties => parties(&session, output).await,
        InboxCommand::List(list) => self::list(&session, list, output).await,
        InboxCommand::Get(get) => self::get(&session, get, output).await,
        InboxCommand::Open(_) => unreachable!("answered above"),
    };
    session.close().await?;
    result
}

const EU: &str = "/api/v1/enduser";

async fn parties(session: &Session, output: &Output) -> Result<()> {
    let body = session.get(&format!("{EU}/parties"), &[], None).await?;
    let items = body["authorizedParties"].as_array().cloned().unwrap_or_default();
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|p| {
            let you = if p["isCurrentEndUser"] == true { "you" } else { "" };
            vec![text(&p["party"]), text(&p["name"]), text(&p["partyType"]), you.to_owned()]
        })
        .collect();
    output.list("parties", &[keep("PARTY"), cut("NAME"), keep("TYPE"), keep("")], &rows, &items)?;
    Ok(())
}

fn text(value: &Value) -> String {
    value.as_str().map_or_else(String::new, str::to_owned)
}

/// The first localization's text (the server already chose the reader's language).
fn localized(value: &Value) -> String {
    let list = if value["value"].is_array() { &value["value"] } else { value };
    list.as_array().and_then(|l| l.first()).map(|l| text(&l["value"])).unwrap_or_default()
}

async fn list(session: &Session, args: ListArgs, output: &Output) -> Result<()> {
    let mut parties = args.party.clone();
    if parties.is_empty() && args.resources.is_empty() {
        let body = session.get(&format!("{EU}/parties"), &[], None).await?;
        parties = body["authorizedParties"].as_array().into_iter().flatten().map(|p| text(&p["party"])).collect();
    }
    let mut query: Vec<(&str, String)> = Vec::new();
    query.extend(parties.into_iter().map(|p| ("party", p)));
    query.extend(args.resources.iter().map(|r| ("serviceResource", r.clone())));
    query.extend(args.status.iter().map(|s| ("status", s.clone())));
    query.extend(args.label.iter().map(|l| ("systemLabel", l.clone())));
    if let Some(search) = &args.search {
        query.push(("search", search.clone()));
    }
    let lang = language(args.lang.clone());
    let mut items: Vec<Value> = Vec::new();
    let mut token: Option<String> = None;
    while items.len() < args.limit as usize {
        let mut page_query = query.clone();
        page_query.push(("limit", (args.limit as usize - items.len()).min(1000).to_string()));
        if let Some(token) = &token {
            page_query.push(("continuationToken", token.clone()));
        }
        let page = session.get(&format!("{EU}/dialogs"), &page_query, Some(&lang)).await?;
        items.extend(page["items"].as_array().cloned().unwrap_or_default());
        token = page["continuationToken"].as_str().map(str::to_owned);
        if page["hasNextPage"] != true || token.is_none() {
            break;
        }
    }
    // The party column only when the dialogs are for more than one party.
    let first_party = items.first().map(|d| text(&d["party"]));
    let several_parties = items.iter().any(|d| Some(text(&d["party"])) != first_party);
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|d| {
            let unread = if d["isContentSeen"] == true { "" } else { "new" };
            let mut row = vec![
                text(&d["id"]),
                unread.to_owned(),
                localized(&d["content"]["title"]),
                text(&d["status"]),
                text(&d["org"]),
                d["updatedAt"].as_str().and_then(|t| t.parse().ok()).map(time).unwrap_or_default(),
            ];
            if several_parties {
                row.push(text(&d["party"]));
            }
            row
        })
        .collect();
    let mut columns = vec![ids("ID"), keep(""), cut("TITLE"), keep("STATUS"), keep("FROM"), keep("UPDATED")];
    if several_parties {
        columns.push(cut("PARTY"));
    }
    output.list("dialogs", &columns, &rows, &items)?;
    Ok(())
}

async fn get(session: &Session, args: GetArgs, output: &Output) -> Result<()> {
    let lang = language(args.lang);
    let dialog = session.get(&format!("{EU}/dialogs/{}", args.id), &[], Some(&lang)).await?;
    // As `dp dialog get`: a view for people (key, value rows when piped), JSON or YAML as asked.
    if !matches!(output.format(), Format::Table | Format::Tsv) {
        return Ok(output.json(&dialog)?);
    }
    let mut pairs: Vec<(String, String)> = vec![
        ("Title".into(), localized(&dialog["content"]["title"])),
        ("Summary".into(), localized(&dialog["content"]["summary"])),
        ("From".into(), text(&dialog["org"])),
        ("Party".into(), text(&dialog["party"])),
        ("Status".into(), text(&dialog["status"])),
        ("Updated".into(), when(&dialog["updatedAt"])),
        ("Seen by you".into(), seen_state(&dialog)),
        ("Labels".into(), labels(&dialog)),
    ];
    for action in dialog["guiActions"].as_array().into_iter().flatten() {
        pairs.push((
            format!("Action {}", text(&action["action"])),
            format!("{} ({})", localized(&action["title"]), allowed(action)),
        ));
    }
    for action in dialog["apiActions"].as_array().into_iter().flatten() {
        pairs.push((format!("API action {}", text(&action["action"])), allowed(action)));
    }
    for transmission in dialog["transmissions"].as_array().into_iter().flatten() {
        pairs.push((
            format!("Transmission {}", text(&transmission["type"])),
            format!("{} ({})", localized(&transmission["content"]["title"]), allowed(transmission)),
        ));
    }
    if let Some(token) = dialog["dialogToken"].as_str()
        && let Ok((_, claims)) = jwt::decode_unverified(token)
    {
        pairs.push(("Dialog token".into(), token_summary(&claims)));
    }
    output.detail(&pairs)?;
    Ok(())
}

/// A time from the service as every human view shows it (`2026-11-21 11:04:18 UTC`); as sent
/// when it is not one.
fn when(value: &Value) -> String {
    let sent = text(value);
    chrono::DateTime::parse_from_rfc3339(&sent).map(|t| time(t.to_utc())).unwrap_or(sent)
}

fn allowed(item: &Value) -> String {
    if item["isAuthorized"] == true { "you may".into() } else { "not authorised".into() }
}

fn seen_state(dialog: &Value) -> String {
    let you = dialog["seenSinceLastUpdate"].as_array().into_iter().flatten().find(|s| s["isCurrentEndUser"] == true);
    match you {
        Some(entry) => format!("yes, {}", when(&entry["seenAt"])),
        None => "not since it last changed".into(),
    }
}

fn labels(dialog: &Value) -> String {
    let labels: Vec<String> =
        dialog["endUserContext"]["systemLabels"].as_array().into_iter().flatten().map(text).collect();
    if labels.is_empty() { "Default".into() } else { labels.join(", ") }
}

fn token_summary(claims: &Value) -> String {
    let expires =
        claims["exp"].as_i64().and_then(|t| chrono::DateTime::from_timestamp(t, 0)).map(time).unwrap_or_default();
    json!({
        "c": claims["c"], "l": claims["l"], "p": claims["p"], "s": claims["s"], "i": claims["i"], "a": claims["a"],
    })
    .as_object()
    .map(|m| {
        m.iter()
            .map(|(k, v)| format!("{k}={}", v.as_str().map_or_else(|| v.to_string(), str::to_owned)))
            .collect::<Vec<_>>()
            .join(" ")
    })
    .map(|s| format!("{s} (until {expires}; `dp dialog-token verify` checks it)"))
    .unwrap_or_default()
}
