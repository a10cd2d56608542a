//! The end-user API v1 (`/api/v1/enduser/...`): what a person's inbox reads and sets, with the
//! person's ID-porten token. The client is generated from `openapi.enduser.json` (upstream's 16
//! end-user operations) and goes through the same transport as the service owners' client: the
//! token before every request, retries, the request log, and [`crate::Error`] from every
//! `send()`. Build one with [`ClientBuilder::build_end_user`](crate::ClientBuilder::build_end_user).
//!
//! ```no_run
//! # async fn demo(person_token: String) -> Result<(), dialogporten::Error> {
//! use dialogporten::{Client, Environment};
//! let inbox = Client::builder(Environment::Tt02).bearer_token(person_token).build_end_user()?;
//! let parties = inbox.get_parties().send().await?.into_inner().authorized_parties.unwrap_or_default();
//! let mine: Vec<String> = parties.into_iter().map(|p| p.party).collect();
//! let page = inbox.search_dialogs().party(mine).send().await?.into_inner();
//! for dialog in page.items.unwrap_or_default() {
//!     // Logs the sighting, as opening it in the inbox does, and brings a fresh dialog token.
//!     let seen = inbox.get_dialog().dialog_id(dialog.id).accept_language("nb").send().await?;
//!     println!("{}: token {:?}", dialog.id, seen.dialog_token);
//! }
//! # Ok(()) }
//! ```

#[allow(missing_docs, unused_imports, clippy::all, clippy::pedantic)]
mod generated;

use progenitor_client::{ClientHooks, OperationInfo};

pub use generated::{Client, builder, types};

use crate::transport::ClientState;
use crate::{Environment, Error};

impl Client {
    /// The environment this client talks to.
    pub fn environment(&self) -> &Environment {
        self.inner.environment()
    }

    /// The SDK's error for what a generated operation returned (`send()` calls this).
    pub(crate) fn error_from(&self, error: progenitor_client::Error<crate::types::ProblemDetails>) -> Error {
        self.inner.error_from(error)
    }
}

impl ClientHooks<ClientState> for Client {
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        _info: &OperationInfo,
    ) -> Result<(), progenitor_client::Error<E>> {
        self.inner.before(request).await
    }

    async fn exec(&self, request: reqwest::Request, info: &OperationInfo) -> reqwest::Result<reqwest::Response> {
        self.inner.execute(request, info).await
    }
}
