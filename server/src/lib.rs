//! dialogporten-server: a reference Dialogporten on SQLite.
//!
//! It implements every operation of the service-owner contract
//! (`openapi.json`) with the real service's validation and semantics, so that
//! service owners, the `dp` CLI and the SDK's tests have a faithful
//! Dialogporten on loopback. Start one inside a program with [`spawn`]:
//!
//! ```no_run
//! # async fn demo() -> Result<(), dialogporten_server::ServerError> {
//! use dialogporten_server::{Config, DEV_TOKEN};
//! let server = dialogporten_server::spawn(Config::dev()).await?;
//! println!("{} accepts Bearer {DEV_TOKEN}", server.base_url);
//! server.shutdown().await?;
//! # Ok(()) }
//! ```
#![forbid(unsafe_code)]

mod arbeidsflate;
pub mod auth;
pub mod chaos;
mod config;
mod dialog;
mod domain_error;
pub mod enduser;
pub mod events;
mod idp;
pub mod load;
mod params;
mod routes;
pub mod serve;
mod store;

use std::net::SocketAddr;
use std::sync::Arc;

use rusqlite::Transaction;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use config::{
    ActsFor, Config, DEV_ORG, DEV_ORG_NUMBER, DEV_TOKEN, Database, EndUser, MaskinportenClient, OPT_IN_SCOPES,
    ServiceOwner, ServiceResource, SystemUserRegistration, TYPICAL_SCOPES, TokenGrant,
};
pub use domain_error::DomainError;
pub use idp::dialog_tokens::DialogTokenGrant;
pub use routes::Problem;
pub use store::{SCHEMA_VERSION, StoreError};

use auth::{Caller, scopes};
use store::Store;

/// Starting or stopping a server failed.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The database could not be opened.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The server stopped with an error.
    #[error("the server failed: {0}")]
    Serve(std::io::Error),
}

/// Shared state of one server.
#[derive(Clone)]
pub struct App {
    store: Arc<Store>,
    config: Arc<Config>,
    issuer: Arc<idp::maskinporten::Issuer>,
    dialog_tokens: Arc<idp::dialog_tokens::DialogTokenKeys>,
    idporten_codes: Arc<idp::idporten::PendingCodes>,
    /// The arbeidsflate's sessions (`--dev`).
    arbeidsflate: Arc<arbeidsflate::Sessions>,
    token_requests: Arc<std::sync::atomic::AtomicU64>,
    dice: Option<Arc<chaos::Dice>>,
    load: Arc<load::Load>,
    /// Where end users reach this server.
    public_url: Arc<str>,
    /// Records CloudEvents in the writing transaction.
    outbox: events::Outbox,
    /// Woken after every committed write, so webhook delivery looks for new events.
    committed: Arc<tokio::sync::Notify>,
    /// Woken when a subscription is made, so delivery starts looking at all.
    subscribed: Arc<tokio::sync::Notify>,
}

impl App {
    /// The issuer dialog tokens name: `{public url}/api/v1`, as upstream's.
    fn dialog_token_issuer(&self) -> String {
        format!("{}/api/v1", self.public_url)
    }

    /// Runs `work` in a write transaction on the blocking pool; handlers use
    /// `routes::Transactions::write`, which answers failures as problem details.
    async fn run_write<T: Send + 'static, E: From<StoreError> + Send + 'static>(
        &self,
        work: impl FnOnce(&Transaction<'_>) -> Result<T, E> + Send + 'static,
    ) -> Result<T, E> {
        let (store, committed) = (Arc::clone(&self.store), Arc::clone(&self.committed));
        // Notified from the blocking task: a write commits even if its request is dropped meanwhile.
        tokio::task::spawn_blocking(move || {
            let result = store.write(work);
            if result.is_ok() {
                committed.notify_one();
            }
            result
        })
        .await
        .map_err(|e| StoreError::Task(format!("write: {e}")))?
    }

    /// Runs `work` in a read transaction on the blocking pool.
    async fn run_read<T: Send + 'static, E: From<StoreError> + Send + 'static>(
        &self,
        work: impl FnOnce(&Transaction<'_>) -> Result<T, E> + Send + 'static,
    ) -> Result<T, E> {
        let store = Arc::clone(&self.store);
        tokio::task::spawn_blocking(move || store.read(work))
            .await
            .map_err(|e| StoreError::Task(format!("read: {e}")))?
    }

    /// Every `authorizationContext.serviceResource` in a body (or a JSON Patch) must be a
    /// resource the caller may use, as the dialog's own (reference §4: "owned by the caller").
    fn check_context_resources(&self, caller: &Caller, body: &serde_json::Value) -> Result<(), DomainError> {
        let mut resources = Vec::new();
        context_resources(body, &mut resources);
        for resource in resources {
            self.resource_type(caller, &resource)?;
        }
        Ok(())
    }

    /// The type of `resource` if the caller may create dialogs for it.
    fn resource_type(&self, caller: &Caller, resource: &str) -> Result<String, DomainError> {
        let registered = self.config.resources.iter().find(|r| r.id.eq_ignore_ascii_case(resource));
        match registered {
            Some(entry) if !caller.owns(&entry.org) => Err(DomainError::forbidden(format!(
                "Not allowed to use the service resource '{resource}': it belongs to '{}'.",
                entry.org
            ))),
            Some(entry) if entry.resource_type == "CorrespondenceService" && !caller.has(scopes::CORRESPONDENCE) => {
                Err(DomainError::forbidden(format!(
                    "The service resource '{resource}' is a CorrespondenceService: that needs the scope {}.",
                    scopes::CORRESPONDENCE
                )))
            }
            Some(entry) => Ok(entry.resource_type.clone()),
            // So that the 403 production gives for another organisation's resource is reachable
            // without a registry file.
            None if self.config.dev
                && resource.to_ascii_lowercase().starts_with(OTHER_ORGANISATIONS_RESOURCES)
                && !caller.owns(OTHER_ORGANISATION) =>
            {
                Err(DomainError::forbidden(format!(
                    "Not allowed to use the service resource '{resource}': it belongs to '{OTHER_ORGANISATION}'."
                )))
            }
            None if self.config.dev => Ok("GenericAccessResource".into()),
            None => Err(DomainError::forbidden(format!(
                "The service resource '{resource}' is not in the resource registry: register it (dp-server --registry) or start dp-server with --dev."
            ))),
        }
    }
}

/// In development (`--dev`), a service resource that starts with this belongs to another
/// organisation ([`OTHER_ORGANISATION`]) unless the registry says otherwise: using it is a 403.
pub const OTHER_ORGANISATIONS_RESOURCES: &str = "urn:altinn:resource:other-";

/// The organisation development's [`OTHER_ORGANISATIONS_RESOURCES`] belong to.
pub const OTHER_ORGANISATION: &str = "other";

/// A running server.
pub struct Running {
    /// Where it listens, like `http://127.0.0.1:5280`.
    pub base_url: String,
    addr: SocketAddr,
    token_requests: Arc<std::sync::atomic::AtomicU64>,
    dialog_tokens: Arc<idp::dialog_tokens::DialogTokenKeys>,
    dialog_token_issuer: String,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

impl Running {
    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// A dialog token for `grant`, signed and issued as this server's end-user API issues them on
    /// a get (issuer `{public url}/api/v1`, ten minutes): for tools and tests that verify tokens.
    pub fn dialog_token(&self, grant: &DialogTokenGrant) -> Result<String, ServerError> {
        self.dialog_tokens
            .issue(grant, &self.dialog_token_issuer, chrono::Utc::now())
            .map_err(|e| ServerError::Serve(std::io::Error::other(e.to_string())))
    }

    /// How many requests the token endpoint has had.
    pub fn token_requests(&self) -> u64 {
        self.token_requests.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Stops accepting requests, lets those in flight finish, and closes the database.
    pub async fn shutdown(mut self) -> Result<(), ServerError> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match self.task.take() {
            Some(task) => match task.await {
                Ok(result) => result.map_err(ServerError::Serve),
                Err(e) => Err(ServerError::Serve(std::io::Error::other(e))),
            },
            None => Ok(()),
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Opens the database, binds `config.listen` and serves until [`Running::shutdown`].
pub async fn spawn(config: Config) -> Result<Running, ServerError> {
    let store = Arc::new(Store::open(&config.database)?);
    if let Some(pages) = config.max_pages {
        store.limit_pages(pages)?;
    }
    let issuer = {
        let store = Arc::clone(&store);
        tokio::task::spawn_blocking(move || idp::maskinporten::Issuer::load(&store))
            .await
            .map_err(|e| ServerError::Serve(std::io::Error::other(e)))?
            .map_err(|e| ServerError::Serve(std::io::Error::other(e.to_string())))?
    };
    let dialog_tokens = {
        let store = Arc::clone(&store);
        tokio::task::spawn_blocking(move || idp::dialog_tokens::DialogTokenKeys::load(&store))
            .await
            .map_err(|e| ServerError::Serve(std::io::Error::other(e)))?
            .map_err(|e| ServerError::Serve(std::io::Error::other(e.to_string())))?
    };
    let listener =
        TcpListener::bind(config.listen).await.map_err(|source| ServerError::Bind { addr: config.listen, source })?;
    let addr = listener.local_addr().map_err(|source| ServerError::Bind { addr: config.listen, source })?;
    let token_requests = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let dice = config.chaos.as_ref().map(|c| Arc::new(chaos::Dice::new(c.seed)));
    let load = Arc::new(load::Load::new(config.rate_limit, config.capacity));
    let public_url: Arc<str> =
        Arc::from(config.public_url.clone().unwrap_or_else(|| format!("http://{addr}")).trim_end_matches('/'));
    let committed = Arc::new(tokio::sync::Notify::new());
    let app = App {
        store,
        config: Arc::new(config),
        issuer: Arc::new(issuer),
        dialog_tokens: Arc::new(dialog_tokens),
        idporten_codes: Arc::default(),
        arbeidsflate: Arc::default(),
        token_requests: Arc::clone(&token_requests),
        dice,
        load,
        outbox: events::Outbox::new(&public_url),
        public_url,
        committed: Arc::clone(&committed),
        subscribed: Arc::new(tokio::sync::Notify::new()),
    };
    let (stop_delivery, delivery_stopped) = tokio::sync::watch::channel(false);
    let delivery = app
        .config
        .deliver_webhooks
        .then(|| tokio::spawn(events::delivery::run(app.clone(), committed, delivery_stopped)));
    let timeouts = app.config.timeouts;
    let (dialog_tokens, dialog_token_issuer) = (Arc::clone(&app.dialog_tokens), app.dialog_token_issuer());
    let router = routes::router(app);
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let served = serve::serve(listener, router, timeouts, async move {
            let _ = stopped.await;
        })
        .await;
        let _ = stop_delivery.send(true);
        if let Some(delivery) = delivery {
            let _ = delivery.await;
        }
        served
    });
    Ok(Running {
        base_url: format!("http://{addr}"),
        addr,
        token_requests,
        dialog_tokens,
        dialog_token_issuer,
        stop: Some(stop),
        task: Some(task),
    })
}

/// The `serviceResource` of each `authorizationContext` in `value`, also where a JSON Patch
/// operation sets a context or its resource.
fn context_resources(value: &serde_json::Value, found: &mut Vec<String>) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            if let (Some(Value::String(path)), Some(set)) = (map.get("path"), map.get("value")) {
                let path = path.to_ascii_lowercase();
                if path.ends_with("/authorizationcontext/serviceresource") {
                    found.extend(set.as_str().map(str::to_owned));
                } else if path.ends_with("/authorizationcontext") {
                    found.extend(set.get("serviceResource").and_then(Value::as_str).map(str::to_owned));
                }
            }
            for (key, member) in map {
                if key.eq_ignore_ascii_case("authorizationContext") {
                    found.extend(member.get("serviceResource").and_then(Value::as_str).map(str::to_owned));
                }
                context_resources(member, found);
            }
        }
        Value::Array(items) => items.iter().for_each(|item| context_resources(item, found)),
        _ => {}
    }
}
