//! # dialogporten-model
//!
//! What Dialogporten's service-owner API exchanges and the rules it applies,
//! without any HTTP: the request and response [`types`] (generated from
//! `openapi.json`), [`enums`] that stay open to values from newer servers,
//! [`ids`], case-insensitive [`input`] binding as the service binds bodies,
//! the value constraints the contract states ([`limits`]) and the
//! [`validate`] rules with upstream's field paths and messages.
//!
//! The `dialogporten` SDK re-exports all of this; the reference server
//! (`dialogporten-server`) and `dp` use it directly.
#![forbid(unsafe_code)]

#[allow(missing_docs, clippy::all, clippy::pedantic)]
mod generated;
#[allow(missing_docs, clippy::all, clippy::pedantic)]
mod generated_enduser;

pub mod accepted_languages;
pub mod bodies;
pub mod enums;
pub mod ids;
pub mod input;
pub mod instance_ref;
#[allow(clippy::all)]
pub mod limits;
pub mod reading;
pub mod validate;

pub use generated::types;

/// What the end-user API exchanges (generated from `openapi.enduser.json`). The types it
/// shares with the service-owner API are the very same types, re-exported here under their names.
pub mod enduser {
    pub use crate::generated_enduser::types;
}
