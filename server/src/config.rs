//! What a server is started with: where it listens, where it stores, who may call it.

use std::net::SocketAddr;
use std::path::PathBuf;

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use crate::auth::scopes;

/// Where dialogs are kept.
#[derive(Clone, Debug, Default)]
pub enum Database {
    /// Gone when the server stops: for tests and throwaway sessions.
    #[default]
    Memory,
    /// A SQLite file; data survives restarts and several processes may share it.
    File(PathBuf),
}

/// A bearer token the server accepts, and who presents it.
#[derive(Clone, Debug)]
pub struct TokenGrant {
    /// The token itself.
    pub token: SecretString,
    /// The service owner's org code (`digdir`).
    pub org: String,
    /// The service owner's organisation number.
    pub org_number: String,
    /// Scopes the token carries.
    pub scopes: Vec<String>,
}

/// What a typical service owner's token carries in production: the
/// service-provider and search scopes, and Altinn Events for the local loop.
/// Admin, legacy HTML, correspondence, changing transmissions and the
/// notification check are granted to few and are opt-in ([`OPT_IN_SCOPES`]).
pub const TYPICAL_SCOPES: [&str; 3] = [scopes::SERVICE_PROVIDER, scopes::SEARCH, scopes::EVENTS_SUBSCRIBE];

/// The scopes a development token carries only when asked (`dp-server --dev-scope NAME`), by short name.
pub const OPT_IN_SCOPES: [(&str, &str); 6] = [
    ("admin", scopes::ADMIN),
    ("legacyhtml", scopes::LEGACY_HTML),
    ("correspondence", scopes::CORRESPONDENCE),
    ("changetransmissions", scopes::CHANGE_TRANSMISSIONS),
    ("notifications", scopes::NOTIFICATIONS),
    ("test", scopes::TESTING),
];

impl TokenGrant {
    /// A token for `org` with what a typical service owner holds ([`TYPICAL_SCOPES`]).
    pub fn service_owner(token: impl Into<String>, org: impl Into<String>, org_number: impl Into<String>) -> Self {
        Self {
            token: SecretString::from(token.into()),
            org: org.into(),
            org_number: org_number.into(),
            scopes: TYPICAL_SCOPES.map(str::to_owned).to_vec(),
        }
    }

    /// The same token with exactly these scopes.
    pub fn with_scopes(mut self, scopes: &[&str]) -> Self {
        self.scopes = scopes.iter().map(|s| (*s).to_owned()).collect();
        self
    }

    /// The same token with these scopes too.
    pub fn with_more_scopes(mut self, more: &[&str]) -> Self {
        for scope in more {
            if !self.scopes.iter().any(|s| s == scope) {
                self.scopes.push((*scope).to_owned());
            }
        }
        self
    }
}

/// One entry of the service resource registry: which org owns a resource.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ServiceResource {
    /// `urn:altinn:resource:...`
    pub id: String,
    /// Owner org code.
    pub org: String,
    /// Owner organisation number, when known.
    #[serde(default)]
    pub org_number: Option<String>,
    /// `GenericAccessResource`, `AltinnApp`, `MigratedApp` or `CorrespondenceService`.
    #[serde(default = "default_resource_type")]
    pub resource_type: String,
    /// A display name.
    #[serde(default)]
    pub title: Option<String>,
}

fn default_resource_type() -> String {
    "GenericAccessResource".into()
}

/// A service owner: its org code and organisation number (`consumer` in tokens carries the number).
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ServiceOwner {
    /// Org code, like `digdir`.
    pub org: String,
    /// Organisation number, 9 digits.
    pub org_number: String,
}

/// A system user registered for a client.
#[derive(Clone, Debug, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SystemUserRegistration {
    /// The system user's organisation number.
    pub org_number: String,
    /// The external reference it was requested with, if any.
    #[serde(default)]
    pub external_ref: Option<String>,
}

/// A Maskinporten client (integration) the token endpoint knows.
#[derive(Clone, Debug, Deserialize, serde::Serialize, PartialEq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MaskinportenClient {
    /// The client id (the grant's `iss`).
    pub client_id: String,
    /// The client's own organisation number.
    pub org_number: String,
    /// Scopes the client may ask for.
    pub scopes: Vec<String>,
    /// Registered public keys (JWKs with `kid`).
    #[serde(default)]
    pub keys: Vec<serde_json::Value>,
    /// Customers who delegated to this client (`consumer_org` values allowed).
    #[serde(default)]
    pub delegations: Vec<String>,
    /// System users the client may act as.
    #[serde(default)]
    pub system_users: Vec<SystemUserRegistration>,
}

/// What an end user may see: the parties they act for besides themselves, and actions refused them.
/// A person not listed acts for themselves only and may do every action, as a citizen does in their
/// own inbox.
#[derive(Clone, Debug, Default, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EndUser {
    /// The national identity number (ID-porten's `pid`).
    pub pid: String,
    /// The person's name, as `parties` shows it.
    #[serde(default)]
    pub name: Option<String>,
    /// Organisations (or other persons) they act for.
    #[serde(default)]
    pub acts_for: Vec<ActsFor>,
    /// Actions refused on every party (`read`, `write`, or `action,attribute`).
    #[serde(default)]
    pub denied_actions: Vec<String>,
}

/// A party an end user acts for.
#[derive(Clone, Debug, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ActsFor {
    /// A party URN (`urn:altinn:organization:identifier-no:…` or `urn:altinn:person:identifier-no:…`).
    pub party: String,
    /// Its name.
    #[serde(default)]
    pub name: Option<String>,
}

/// Everything [`crate::spawn`] needs.
#[derive(Clone, Debug)]
pub struct Config {
    /// Address to bind; port 0 picks a free one.
    pub listen: SocketAddr,
    /// Storage.
    pub database: Database,
    /// Accepted tokens.
    pub tokens: Vec<TokenGrant>,
    /// The service resource registry.
    pub resources: Vec<ServiceResource>,
    /// Development mode: resources missing from the registry are accepted (owned by the caller),
    /// and loopback callers may register Maskinporten clients at `POST /development/clients`.
    pub dev: bool,
    /// Maskinporten clients the token endpoint knows.
    pub clients: Vec<MaskinportenClient>,
    /// End users' parties and refused actions (persons not listed act for themselves only).
    pub end_users: Vec<EndUser>,
    /// Service owners, to map a token's `consumer` organisation number to an org code.
    pub service_owners: Vec<ServiceOwner>,
    /// How long issued tokens live.
    pub token_lifetime: std::time::Duration,
    /// Faults to inject into API requests (`--chaos`), if any.
    pub chaos: Option<crate::chaos::Chaos>,
    /// At most this many requests per period for each client (429 with `Retry-After` beyond).
    pub rate_limit: Option<crate::load::RateLimit>,
    /// At most this many API requests in work at once; the rest wait their turn. A request with
    /// a body takes more places the larger its body (see `load`).
    pub capacity: usize,
    /// The base URL end users reach this Dialogporten at, for events' `source`
    /// [default: the address it listens on, `http://127.0.0.1:5280`].
    pub public_url: Option<String>,
    /// Waits between webhook delivery attempts.
    pub delivery_backoff: crate::events::delivery::Backoff,
    /// Report on stderr: failed webhook deliveries, and body properties the server ignored.
    pub log_deliveries: bool,
    /// Deliver events to webhook subscriptions. Processes that share one
    /// database file (dp's sandbox) leave this to one of them.
    pub deliver_webhooks: bool,
    /// How long a client may take to send a request and its body.
    pub timeouts: crate::serve::Timeouts,
    /// Lets the database grow to this many pages (4 KiB each) and no further, as a full disk would:
    /// for trying what the server answers then. `None`: as large as the disk allows.
    pub max_pages: Option<u32>,
}

/// The token `Config::dev` accepts.
pub const DEV_TOKEN: &str = "dev-token";
/// The org `Config::dev`'s token acts as.
pub const DEV_ORG: &str = "digdir";
/// Digdir's organisation number.
pub const DEV_ORG_NUMBER: &str = "991825827";

impl Config {
    /// Development settings on loopback port 0 with an in-memory database and
    /// one token, [`DEV_TOKEN`], acting as [`DEV_ORG`].
    pub fn dev() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            database: Database::Memory,
            tokens: vec![TokenGrant::service_owner(DEV_TOKEN, DEV_ORG, DEV_ORG_NUMBER)],
            resources: Vec::new(),
            dev: true,
            clients: Vec::new(),
            end_users: Vec::new(),
            service_owners: vec![ServiceOwner { org: DEV_ORG.into(), org_number: DEV_ORG_NUMBER.into() }],
            token_lifetime: std::time::Duration::from_secs(120),
            chaos: None,
            rate_limit: None,
            capacity: crate::load::DEFAULT_CAPACITY,
            public_url: None,
            delivery_backoff: crate::events::delivery::Backoff::default(),
            log_deliveries: false,
            deliver_webhooks: true,
            timeouts: crate::serve::Timeouts::default(),
            max_pages: None,
        }
    }

    /// The same settings with the development token carrying these scopes too
    /// (say, [`scopes::CHANGE_TRANSMISSIONS`]): production grants them to few.
    pub fn with_dev_scopes(mut self, more: &[&str]) -> Self {
        self.tokens = self
            .tokens
            .into_iter()
            .map(|grant| if grant.token.expose_secret() == DEV_TOKEN { grant.with_more_scopes(more) } else { grant })
            .collect();
        self
    }

    /// The same settings with these waits between webhook delivery attempts.
    pub fn with_delivery_backoff(mut self, waits: &[std::time::Duration]) -> Self {
        self.delivery_backoff = crate::events::delivery::Backoff(waits.to_vec());
        self
    }

    /// The same settings knowing one more Maskinporten client.
    pub fn with_client(mut self, client: MaskinportenClient) -> Self {
        self.clients.push(client);
        self
    }

    /// The same settings with one more end user's parties and refused actions.
    pub fn with_end_user(mut self, end_user: EndUser) -> Self {
        self.end_users.push(end_user);
        self
    }

    /// The same settings knowing one more service owner.
    pub fn with_service_owner(mut self, org: impl Into<String>, org_number: impl Into<String>) -> Self {
        self.service_owners.push(ServiceOwner { org: org.into(), org_number: org_number.into() });
        self
    }

    /// The same settings with these limits on slow clients.
    pub fn with_timeouts(mut self, timeouts: crate::serve::Timeouts) -> Self {
        self.timeouts = timeouts;
        self
    }

    /// The same settings with data kept in `path`.
    pub fn with_database_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.database = Database::File(path.into());
        self
    }

    /// The same settings accepting one more token.
    pub fn with_token(mut self, grant: TokenGrant) -> Self {
        self.tokens.push(grant);
        self
    }

    /// The same settings with one more registry entry.
    pub fn with_resource(mut self, resource: ServiceResource) -> Self {
        self.resources.push(resource);
        self
    }
}
