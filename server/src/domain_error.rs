//! Why the domain code refused a request or failed, said without HTTP.
//!
//! Dialogs, search, events, parameters and the token issuer return a
//! [`DomainError`]; the handlers in `routes/` turn it into problem details
//! with the status the real service answers with.

use dialogporten_model::validate::ValidationErrors;

use crate::store::StoreError;

/// A refusal or failure of the domain code.
#[derive(Debug, thiserror::Error)]
pub enum DomainError {
    /// The input breaks the contract's rules (the service answers 400).
    #[error("{0}")]
    Invalid(ValidationErrors),
    /// The input is well formed, but what it asks cannot be done (422).
    #[error("{0}")]
    Unprocessable(ValidationErrors),
    /// No usable credentials; with why, for a token of the wrong kind (401).
    #[error("unauthorized{}", .0.as_deref().map(|why| format!(": {why}")).unwrap_or_default())]
    Unauthorized(Option<String>),
    /// The caller may not do this (403).
    #[error("{0}")]
    Forbidden(String),
    /// The request conflicts with what is stored (409).
    #[error("{field}: {message}")]
    Conflict {
        /// The field or concept in conflict.
        field: String,
        /// Why.
        message: String,
    },
    /// The server itself failed (500).
    #[error("{0}")]
    Internal(String),
    /// The store failed (500).
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl DomainError {
    /// One rule broken by the input.
    pub fn bad_request(field: impl Into<String>, message: impl Into<String>) -> Self {
        let mut errors = ValidationErrors::new();
        errors.add(field, message);
        Self::Invalid(errors)
    }

    /// One thing that cannot be done.
    pub fn unprocessable(field: impl Into<String>, message: impl Into<String>) -> Self {
        let mut errors = ValidationErrors::new();
        errors.add(field, message);
        Self::Unprocessable(errors)
    }

    /// An id that is taken already, in upstream's words.
    pub fn duplicate_key(entity: &str, id: impl std::fmt::Display) -> Self {
        Self::unprocessable(entity, format!("Key ('Id')=({id}) already exists."))
    }

    /// No usable bearer token.
    pub fn unauthorized() -> Self {
        Self::Unauthorized(None)
    }

    /// A token of the wrong kind, and why.
    pub fn unauthorized_because(message: impl Into<String>) -> Self {
        Self::Unauthorized(Some(message.into()))
    }

    /// The caller may not do this.
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::Forbidden(message.into())
    }

    /// A conflict with what is stored.
    pub fn conflict(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Conflict { field: field.into(), message: message.into() }
    }

    /// The server failed; the message says where.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::Internal(message.into())
    }
}

impl From<ValidationErrors> for DomainError {
    fn from(errors: ValidationErrors) -> Self {
        Self::Invalid(errors)
    }
}
