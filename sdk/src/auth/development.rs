//! Registering a Maskinporten client with a `dp-server --dev`, so a program can sign its own
//! grants against the reference server as it would against Maskinporten.
//!
//! The same registration with curl:
//!
//! ```sh
//! curl -X POST http://127.0.0.1:5280/development/clients -H 'content-type: application/json' \
//!   -d '{"clientId": "my-client", "orgNumber": "991825827",
//!        "scopes": ["digdir:dialogporten.serviceprovider"], "keys": [PUBLIC_JWK_WITH_KID]}'
//! ```

use serde_json::{Value, json};

use super::ClientKey;
use crate::Error;

/// A client to register with a `dp-server --dev` (which takes registrations from loopback only).
///
/// ```no_run
/// # async fn demo() -> Result<(), dialogporten::Error> {
/// use dialogporten::auth::{ClientKey, DevelopmentClient};
/// let key = ClientKey::generate(2048)?.with_kid("key-1");
/// DevelopmentClient::new("my-client", &key).register(&dialogporten::Environment::Local("http://127.0.0.1:5280".into())).await?;
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct DevelopmentClient {
    /// The client id grants will name.
    pub client_id: String,
    /// The organisation it belongs to (the one `dp-server --dev` acts for: Digdir, 991825827).
    pub org_number: String,
    /// The scopes it may ask for.
    pub scopes: Vec<String>,
    /// Its public keys, as JWKs with a `kid`.
    pub keys: Vec<Value>,
}

impl DevelopmentClient {
    /// The organisation `dp-server --dev` acts for.
    pub const DEV_ORG_NUMBER: &'static str = "991825827";

    /// What [`new`](Self::new) allows: the API's scopes and Altinn Events'.
    pub const SCOPES: [&'static str; 5] = [
        "digdir:dialogporten.serviceprovider",
        "digdir:dialogporten.serviceprovider.search",
        "digdir:dialogporten.serviceprovider.changetransmissions",
        "altinn:serviceowner",
        "altinn:events.subscribe",
    ];

    /// A client of the development organisation with `key`, allowed what a service owner needs
    /// of the API and Altinn Events.
    pub fn new(client_id: impl Into<String>, key: &ClientKey) -> Self {
        Self {
            client_id: client_id.into(),
            org_number: Self::DEV_ORG_NUMBER.to_owned(),
            scopes: Self::SCOPES.map(str::to_owned).to_vec(),
            keys: vec![key.public_jwk()],
        }
    }

    /// Registers the client with the dp-server `environment` names (`POST /development/clients`).
    pub async fn register(&self, environment: &crate::Environment) -> Result<(), Error> {
        let base_url = environment.base_url();
        let body = json!({
            "clientId": self.client_id,
            "orgNumber": self.org_number,
            "scopes": self.scopes,
            "keys": self.keys,
        });
        let url = format!("{}/development/clients", base_url.trim_end_matches('/'));
        let response = crate::client::http_client().post(&url).json(&body).send().await.map_err(Error::Transport)?;
        if response.status().is_success() {
            return Ok(());
        }
        let status = response.status();
        if status.is_server_error() || status.as_u16() == 429 {
            // The server is there and cannot now: a failure to retry, not a refusal.
            return Err(Error::TokenEndpoint(format!("{url} answered HTTP {status}; try again later")));
        }
        Err(Error::Config(format!(
            "{base_url} did not register the client (HTTP {status}): is it a dp-server started with --dev, on loopback?"
        )))
    }
}
