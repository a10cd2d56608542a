//! dp-server: a reference Dialogporten on SQLite.
#![forbid(unsafe_code)]

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use dialogporten_server::{Config, Database, ServiceResource, TokenGrant};

/// A reference Dialogporten: the service-owner API on SQLite, for local development and tests.
///
/// Examples:
///   dp-server --dev
///   dp-server --dev --db dialogs.db --listen 0.0.0.0:5280
///   curl -H 'Authorization: Bearer dev-token' http://127.0.0.1:5280/api/v1/serviceowner/dialogs
#[derive(Parser)]
#[command(name = "dp-server", version = env!("DP_VERSION"), verbatim_doc_comment)]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:5280", env = "DP_SERVER_LISTEN")]
    listen: SocketAddr,
    /// SQLite file to keep dialogs in (created if missing). Without it, data lives in memory.
    #[arg(long, env = "DP_SERVER_DB")]
    db: Option<PathBuf>,
    /// Development mode: accept the --dev-token bearer token, and any service resource. The token
    /// carries what a typical service owner holds: digdir:dialogporten.serviceprovider,
    /// digdir:dialogporten.serviceprovider.search and altinn:events.subscribe. End users log in at
    /// the development ID-porten under /idporten (PKCE, loopback redirects, a person's id for a password).
    #[arg(long)]
    dev: bool,
    /// A scope the --dev token carries too, as few service owners' tokens do (repeatable):
    /// admin, legacyhtml, correspondence, changetransmissions, notifications or test, or the scope itself.
    #[arg(long, value_name = "SCOPE", value_parser = opt_in_scope, requires = "dev")]
    dev_scope: Vec<String>,
    /// The bearer token --dev accepts.
    #[arg(long, env = "DP_SERVER_DEV_TOKEN", default_value = dialogporten_server::DEV_TOKEN, hide_env_values = true)]
    dev_token: String,
    /// The org the --dev token acts as.
    #[arg(long, default_value = dialogporten_server::DEV_ORG)]
    dev_org: String,
    /// That org's organisation number.
    #[arg(long, default_value = dialogporten_server::DEV_ORG_NUMBER)]
    dev_org_number: String,
    /// JSON file with the service resource registry: [{"id": "urn:altinn:resource:x", "org": "digdir"}, ...].
    #[arg(long, env = "DP_SERVER_REGISTRY")]
    registry: Option<PathBuf>,
    /// JSON file with service owners, Maskinporten clients and resources (see README, "dp-server").
    #[arg(long, env = "DP_SERVER_CONFIG")]
    config: Option<PathBuf>,
    /// The base URL clients reach this server at: the issuer of its tokens (Maskinporten `URL/`,
    /// ID-porten `URL/idporten/`), dialog tokens and events' `source` [default: http://LISTEN].
    #[arg(long, value_name = "URL")]
    public_url: Option<String>,
    /// Inject faults into API requests, e.g. 429=0.05,503=0.05,500=0.01,reset=0.02,lost=0.02,latency=40ms..120ms.
    #[arg(long, value_name = "SPEC")]
    chaos: Option<String>,
    /// The seed of --chaos, so a run can be repeated.
    #[arg(long, value_name = "N", default_value_t = 1)]
    chaos_seed: u64,
    /// At most N requests per period for each client, as API Management limits them: 429 with
    /// Retry-After and X-RateLimit-* beyond, e.g. 200/s or 120/60s.
    #[arg(long, value_name = "N/PERIOD", value_parser = rate_limit)]
    rate_limit: Option<dialogporten_server::load::RateLimit>,
    /// At most K API requests in work at once; the rest queue, so latency rises with load. A
    /// request with a body takes a share of the K as large as its body's share of the 20 MB
    /// limit, so the largest bodies are worked on one at a time and memory stays bounded
    #[arg(long, value_name = "K", value_parser = clap::value_parser!(u16).range(1..),
          default_value_t = dialogporten_server::load::DEFAULT_CAPACITY as u16)]
    capacity: u16,
}

fn rate_limit(text: &str) -> Result<dialogporten_server::load::RateLimit, String> {
    dialogporten_server::load::RateLimit::parse(text).map_err(|e| e.to_string())
}

/// `--dev-scope`: a short name or the scope, one of the opt-in ones.
fn opt_in_scope(text: &str) -> Result<String, String> {
    let wanted = text.trim().to_ascii_lowercase();
    let names: Vec<&str> = dialogporten_server::OPT_IN_SCOPES.iter().map(|(name, _)| *name).collect();
    dialogporten_server::OPT_IN_SCOPES
        .iter()
        .find(|(name, scope)| *name == wanted || *scope == wanted)
        .map(|(_, scope)| (*scope).to_owned())
        .ok_or_else(|| format!("'{text}' is not an opt-in scope: use {}", names.join(", ")))
}

/// What `--config` holds.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct FileConfig {
    #[serde(default)]
    service_owners: Vec<dialogporten_server::ServiceOwner>,
    #[serde(default)]
    clients: Vec<dialogporten_server::MaskinportenClient>,
    #[serde(default)]
    resources: Vec<ServiceResource>,
    #[serde(default)]
    end_users: Vec<dialogporten_server::EndUser>,
    #[serde(default)]
    token_lifetime_seconds: Option<u64>,
}

fn read_json<T: serde::de::DeserializeOwned>(path: &PathBuf, what: &str, example: &str) -> Result<T, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read the {what} {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| {
        format!(
            "the {what} {} is not valid (line {}, column {}): {e}; expected {example}",
            path.display(),
            e.line(),
            e.column()
        )
    })
}

fn read_registry(path: &PathBuf) -> Result<Vec<ServiceResource>, String> {
    let text =
        std::fs::read_to_string(path).map_err(|e| format!("cannot read the registry {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| {
        format!(
            "the registry {} is not valid (line {}, column {}): {e}; expected [{{\"id\": \"urn:altinn:resource:...\", \"org\": \"...\"}}]",
            path.display(),
            e.line(),
            e.column()
        )
    })
}

/// Ctrl-C, or SIGTERM (what container runtimes send).
async fn stop_requested() {
    let interrupt = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            eprintln!("error: cannot wait for Ctrl-C: {e}");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let resources = match args.registry.as_ref().map(read_registry).transpose() {
        Ok(resources) => resources.unwrap_or_default(),
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let file = match args.config.as_ref().map(|p| {
        read_json::<FileConfig>(
            p,
            "config",
            r#"{"serviceOwners": [...], "clients": [...], "resources": [...], "endUsers": [...]}"#,
        )
    }) {
        Some(Ok(file)) => Some(file),
        Some(Err(message)) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
        None => None,
    };
    let chaos = match args.chaos.as_deref().map(|spec| dialogporten_server::chaos::Chaos::parse(spec, args.chaos_seed))
    {
        Some(Ok(chaos)) => Some(chaos),
        Some(Err(e)) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
        None => None,
    };
    let mut tokens = Vec::new();
    if args.dev {
        let scopes: Vec<&str> = args.dev_scope.iter().map(String::as_str).collect();
        tokens.push(
            TokenGrant::service_owner(args.dev_token, args.dev_org.clone(), args.dev_org_number)
                .with_more_scopes(&scopes),
        );
    }
    let database = args.db.clone().map_or(Database::Memory, Database::File);
    let mut config = Config::dev();
    config.listen = args.listen;
    config.database = database;
    config.tokens = tokens;
    config.resources = resources;
    config.dev = args.dev;
    config.chaos = chaos;
    config.rate_limit = args.rate_limit;
    config.capacity = usize::from(args.capacity);
    config.log_deliveries = true;
    config.public_url = args.public_url;
    if let Some(file) = file {
        config.service_owners.extend(file.service_owners);
        config.clients = file.clients;
        config.resources.extend(file.resources);
        config.end_users = file.end_users;
        if let Some(seconds) = file.token_lifetime_seconds {
            config.token_lifetime = std::time::Duration::from_secs(seconds);
        }
    }
    let server = match dialogporten_server::spawn(config).await {
        Ok(server) => server,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let storage = args.db.map_or_else(|| "in memory (gone on exit)".to_owned(), |p| p.display().to_string());
    eprintln!("dp-server listening on {} (data: {storage})", server.base_url);
    if args.dev {
        eprintln!("development mode: bearer token accepted for org '{}'; any service resource accepted", args.dev_org);
        let extra = if args.dev_scope.is_empty() {
            "none (--dev-scope adds one)".to_owned()
        } else {
            args.dev_scope.join(", ")
        };
        eprintln!("the token carries what a typical service owner holds; extra scopes: {extra}");
    } else {
        eprintln!("tokens come from the token endpoint ({}/token) for the clients in --config", server.base_url);
    }
    stop_requested().await;
    eprintln!("shutting down");
    match server.shutdown().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
