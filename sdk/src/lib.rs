//! # dialogporten
//!
//! A Rust SDK for the [Dialogporten](https://docs.altinn.studio/en/dialogporten/)
//! service-owner API: create, update and search the dialogs that end users
//! see in Altinn's inbox.
//!
//! Every operation of the contract (`openapi.json`) is a method on [`Client`]
//! with a builder for its parameters. Around it, this crate adds what a
//! program needs against the real service: [`Environment`]s, bearer tokens
//! ([`auth`]), retries with backoff ([`RetryPolicy`]), typed [`Error`]s with
//! the server's problem details, streams over pages ([`pagination`]), a typed
//! JSON Patch builder ([`JsonPatch`]), deterministic UUIDv7 ids ([`ids`]), and
//! open enums that survive values from newer servers ([`enums`]).
//!
//! ```no_run
//! use dialogporten::prelude::*;
//!
//! # async fn demo() -> Result<(), dialogporten::Error> {
//! // DP_ENV or DP_BASE_URL, and DP_TOKEN or DP_CLIENT_ID with a key, as `dp` reads them.
//! let client = Client::from_env()?;
//! let body = CreateDialog::new(
//!     "urn:altinn:organization:identifier-no:991825827",
//!     "urn:altinn:resource:super-simple-service",
//!     [nb("Søknad mottatt"), en("Application received")],
//! );
//! let created = client.create_dialog().body(body).created().await?;
//! let dialog = client.get_dialog().dialog_id(created.id).send().await?;
//! println!("{} is {}", dialog.title("en").unwrap_or_default(), dialog.status);
//! # Ok(()) }
//! ```
//!
//! A [`Client`] is cheap to clone, and clones share its connection pool, token cache and pace:
//! clone it into tasks rather than building one per task. Bodies are checked before they are sent
//! ([`ClientBuilder::local_checks`]), creates retry patiently ([`RetryPolicy`]), and
//! [`Client::create_dialogs`] runs an import and returns its [`Tally`].
//!
//! Parameters take what a program has at hand: ids are [`uuid::Uuid`]s and lists of strings
//! take any iterator of things that become strings.
//!
//! ```no_run
//! # async fn demo(client: &dialogporten::Client, id: uuid::Uuid) -> Result<(), dialogporten::Error> {
//! let dialog = client.get_dialog().dialog_id(id).send().await?;
//! let page = client.search_dialogs().party(["urn:altinn:organization:identifier-no:991825827"]).send().await?;
//! # Ok(()) }
//! ```
//!
//! A string where an id belongs does not compile:
//!
//! ```compile_fail
//! # async fn demo(client: &dialogporten::Client) {
//! let _ = client.get_dialog().dialog_id("not-a-uuid").send().await;
//! # }
//! ```
//!
//! ## The client's operations, by resource
//!
//! Each is a builder: set its parameters, then `send()` (a `Result<ResponseValue<T>, Error>`).
//!
//! | resource | operations |
//! |---|---|
//! | dialogs | [`create_dialog`](Client::create_dialog) (and [`created`](builder::CreateDialogBuilder::created)), [`get_dialog`](Client::get_dialog), [`update_dialog`](Client::update_dialog), [`patch_dialog`](Client::patch_dialog) with [`JsonPatch`], [`delete_dialog`](Client::delete_dialog), [`restore_dialog`](Client::restore_dialog), [`purge_dialog`](Client::purge_dialog), [`freeze_dialog`](Client::freeze_dialog) |
//! | imports | [`create_dialogs`](Client::create_dialogs) (many, with a [`Tally`]), [`create_dialog_idempotent`](Client::create_dialog_idempotent), [`create_dialog_json`](Client::create_dialog_json) |
//! | search | [`search_dialogs`](Client::search_dialogs), [`search_dialogs_stream`](Client::search_dialogs_stream), [`search_dialogs_pages`](Client::search_dialogs_pages), [`get_dialog_lookup`](Client::get_dialog_lookup) |
//! | transmissions | [`create_dialog_transmission`](Client::create_dialog_transmission), [`get_dialog_transmission`](Client::get_dialog_transmission), [`search_dialog_transmissions`](Client::search_dialog_transmissions), [`update_dialog_transmission`](Client::update_dialog_transmission) |
//! | activities | [`create_dialog_activity`](Client::create_dialog_activity), [`get_dialog_activity`](Client::get_dialog_activity), [`search_dialog_activities`](Client::search_dialog_activities) |
//! | seen log | [`search_dialog_seen_logs`](Client::search_dialog_seen_logs), [`get_dialog_seen_log`](Client::get_dialog_seen_log) |
//! | labels | [`get_service_owner_labels`](Client::get_service_owner_labels), [`create_service_owner_label`](Client::create_service_owner_label), [`delete_service_owner_label`](Client::delete_service_owner_label), [`set_dialog_system_labels`](Client::set_dialog_system_labels), [`bulk_set_dialog_system_labels`](Client::bulk_set_dialog_system_labels) |
//! | end users | [`search_dialog_end_user_contexts`](Client::search_dialog_end_user_contexts), [`check_notification_condition`](Client::check_notification_condition) |
//! | metadata | [`get_limits`](Client::get_limits), [`get_service_resource_metadata`](Client::get_service_resource_metadata) |
//! | events | [`events`](Client::events) ([`events::EventsClient`]) |
#![forbid(unsafe_code)]

#[allow(missing_docs, unused_imports, clippy::all, clippy::pedantic)]
mod generated;

pub mod auth;
pub mod bulk;
mod client;
pub mod dialog_token;
pub mod enduser;
mod environment;
mod error;
pub mod events;
mod from_env;
mod local_checks;
pub mod pace;
pub mod pagination;
mod patch;
mod prepared;
mod retry;
pub mod transport;
mod writes;

// From `dialogporten-model`, each with its own summary on this crate's page.
pub use dialogporten_model::{accepted_languages, bodies, enums, ids, input, instance_ref, limits, reading, validate};

pub use bulk::Tally;
pub use client::{ClientBuilder, USER_AGENT};
pub use environment::{Environment, IdPorten, LOCAL_URL, Maskinporten, UnknownEnvironment};
pub use error::{ApiError, Conflict, Error, ErrorKind};
pub use from_env::DEFAULT_SCOPES;
pub use generated::{ByteStream, Client, ClientInfo, ResponseValue, builder, types};
pub use patch::{ContentField, JsonPatch};
pub use prepared::CreateIdempotently;
pub use retry::{RetryClass, RetryPolicy};
pub use writes::{Created, Creation, Revision};

/// What most programs need in scope: the client, its errors, the outcome of writes, and the
/// stream and revision traits the SDK's methods return.
///
/// ```no_run
/// use dialogporten::prelude::*;
/// # async fn demo() -> Result<(), Error> {
/// let client = Client::from_env()?;
/// let mut dialogs = std::pin::pin!(client.search_dialogs_stream(|s| s.limit(100)));
/// while let Some(dialog) = dialogs.try_next().await? {
///     println!("{} {}", dialog.id, dialog.status);
/// }
/// # Ok(()) }
/// ```
pub mod prelude {
    pub use crate::bodies::{en, nb, nn};
    pub use crate::types::CreateDialog;
    pub use crate::{
        Client, Created, Creation, Environment, Error, ErrorKind, JsonPatch, RetryPolicy, Revision, Tally, types,
    };
    pub use futures::{Stream, StreamExt, TryStreamExt};
}

/// Re-exported so callers need not depend on the same versions themselves.
pub use {chrono, jsonwebtoken, progenitor_client, reqwest, serde_json, uuid};
