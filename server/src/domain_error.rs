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
    /// No such entity, or not the caller's (404).
    #[error("{entity} {key} was not found")]
    NotFound {
        /// The entity's name as the service names it (`DialogEntity`).
        entity: String,
        /// Its key.
        key: String,
    },
    /// The entity is deleted (410).
    #[error("{entity} {key} is removed")]
    Gone {
        /// The entity's name.
        entity: String,
        /// Its key.
        key: String,
    },
    /// The request conflicts with what is stored (409).
    #[error("{field}: {message}")]
    Conflict {
        /// The field or concept in conflict.
        field: String,
        /// Why.
        message: String,
    },
    /// `If-Match` names another revision (412).
    #[error("the revision does not match")]
    PreconditionFailed,
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

    /// No such entity.
    pub fn not_found(entity: &str, key: impl std::fmt::Display) -> Self {
        Self::NotFound { entity: entity.to_owned(), key: key.to_string() }
    }

    /// A deleted entity.
    pub fn gone(entity: &str, key: impl std::fmt::Display) -> Self {
        Self::Gone { entity: entity.to_owned(), key: key.to_string() }
    }

    /// A conflict with what is stored.
    pub fn conflict(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Conflict { field: field.into(), message: message.into() }
    }

    /// `If-Match` names another revision.
    pub fn precondition_failed() -> Self {
        Self::PreconditionFailed
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
