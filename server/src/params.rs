//! Query parameters as ASP.NET binds them: names without regard to case,
//! repeated names for arrays.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::domain_error::DomainError;

/// The decoded query string.
#[derive(Clone, Debug, Default)]
pub struct Params(Vec<(String, String)>);

impl Params {
    /// Parses a raw query string.
    pub fn parse(query: &str) -> Self {
        Self(form_urlencoded::parse(query.as_bytes()).into_owned().collect())
    }

    /// Every non-empty value given for `name` (arrays repeat the name), in order.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0.iter().filter(|(k, v)| k.eq_ignore_ascii_case(name) && !v.is_empty()).map(|(_, v)| v.clone()).collect()
    }

    /// Every value given for `name`, empty ones too: for a filter whose blank value must be refused
    /// rather than read as no filter.
    pub fn given(&self, name: &str) -> Vec<String> {
        self.0.iter().filter(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.clone()).collect()
    }

    /// The last value given for `name`.
    pub fn one(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    }

    /// A boolean; absent is `None`.
    pub fn flag(&self, name: &str) -> Result<Option<bool>, DomainError> {
        match self.one(name) {
            None => Ok(None),
            Some(v) if v.eq_ignore_ascii_case("true") => Ok(Some(true)),
            Some(v) if v.eq_ignore_ascii_case("false") => Ok(Some(false)),
            Some(v) => Err(invalid(name, v, "true or false")),
        }
    }

    /// `isSilentUpdate`.
    pub fn silent(&self) -> Result<bool, DomainError> {
        Ok(self.flag("isSilentUpdate")?.unwrap_or(false))
    }

    /// A time with an explicit offset.
    pub fn time(&self, name: &str) -> Result<Option<DateTime<Utc>>, DomainError> {
        self.one(name)
            .map(|v| {
                DateTime::parse_from_rfc3339(v)
                    .map(|t| t.with_timezone(&Utc))
                    .map_err(|_| invalid(name, v, "a date-time with an offset, like 2025-01-31T12:00:00Z"))
            })
            .transpose()
    }

    /// An integer.
    pub fn integer(&self, name: &str) -> Result<Option<i64>, DomainError> {
        self.one(name).map(|v| v.parse().map_err(|_| invalid(name, v, "an integer"))).transpose()
    }

    /// A UUID.
    pub fn uuid(&self, name: &str) -> Result<Option<Uuid>, DomainError> {
        self.one(name).map(|v| v.parse().map_err(|_| invalid(name, v, "a UUID"))).transpose()
    }
}

/// 400 for a query value that does not parse.
pub fn invalid(name: &str, value: &str, expected: &str) -> DomainError {
    DomainError::bad_request(name, format!("The value '{value}' is not valid for '{name}': expected {expected}."))
}

impl<S: Send + Sync> FromRequestParts<S> for Params {
    type Rejection = DomainError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, DomainError> {
        Ok(Params::parse(parts.uri.query().unwrap_or_default()))
    }
}
