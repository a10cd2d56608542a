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
//! use dialogporten::{Client, Created, Environment, input};
//! use dialogporten::types::CreateDialog;
//!
//! # async fn demo() -> Result<(), dialogporten::Error> {
//! let client = Client::builder(Environment::Tt02)
//!     .bearer_token(std::env::var("DP_TOKEN").unwrap_or_default())
//!     .build()?;
//! let body: CreateDialog = input::from_value(serde_json::json!({
//!     "serviceResource": "urn:altinn:resource:super-simple-service",
//!     "party": "urn:altinn:organization:identifier-no:991825827",
//!     "content": {"title": {"value": [{"languageCode": "nb", "value": "Søknad mottatt"}]}}
//! }))?;
//! let created: Created = client.create_dialog().body(body).send().await?.into();
//! let dialog = client.get_dialog().dialog_id(created.id).send().await?;
//! println!("{} is {}", dialog.id, dialog.status);
//! # Ok(()) }
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

#[allow(missing_docs, unused_imports, clippy::all, clippy::pedantic)]
mod generated;

pub mod auth;
mod client;
mod environment;
mod error;
pub mod events;
pub mod pagination;
mod patch;
mod prepared;
mod retry;
#[cfg(feature = "server")]
pub mod serve;
pub mod transport;
mod writes;

/// Types, open enums, ids, binding and validation rules, from `dialogporten-model`.
pub use dialogporten_model::{accepted_languages, enums, ids, input, instance_ref, limits, validate};

pub use client::{ClientBuilder, ClientState, USER_AGENT, http_client, http_client_builder, is_safe_for_tokens};
pub use environment::{Environment, LOCAL_URL, Maskinporten, UnknownEnvironment};
pub use error::{ApiError, Conflict, Error, ErrorKind};
pub use generated::{ByteStream, Client, ClientInfo, ResponseValue, builder, types};
pub use patch::{ContentField, JsonPatch};
pub use retry::{RetryClass, RetryPolicy, retry_after};
pub use writes::{Created, Creation, Revision};

/// Re-exported so callers need not depend on the same versions themselves.
pub use {chrono, progenitor_client, reqwest, rsa, serde_json, uuid};
