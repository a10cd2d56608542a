//! `GET /events/api/v1/events`: the events a caller may read, oldest first, in pages.

use crate::auth::AltinnCaller;
use crate::domain_error::DomainError;
use crate::params::{Params, invalid};

/// Altinn's default page size.
pub const DEFAULT_SIZE: i64 = 50;
/// Altinn clamps larger sizes to this.
pub const MAX_SIZE: i64 = 1000;

/// What a caller asked the feed for.
#[derive(Clone, Debug)]
pub struct Query {
    /// `urn:altinn:resource:...`, required.
    pub resource: String,
    /// The id of the last event the caller has; `None` (or `0`) for the start.
    pub after: Option<String>,
    /// Exact party URN.
    pub subject: Option<String>,
    /// Event types, any of.
    pub types: Vec<String>,
    /// Page size, 1 to [`MAX_SIZE`].
    pub size: i64,
}

impl Query {
    pub(crate) fn parse(params: &Params) -> Result<Self, DomainError> {
        let resource = params.one("resource").filter(|r| !r.trim().is_empty()).ok_or_else(|| {
            DomainError::bad_request("resource", "'resource' is required, e.g. urn:altinn:resource:my-service.")
        })?;
        if !resource.starts_with("urn:altinn:resource:") {
            return Err(invalid("resource", resource, "a resource URN starting with urn:altinn:resource:"));
        }
        let size = match params.integer("size")? {
            None => DEFAULT_SIZE,
            Some(size) if size < 1 => return Err(invalid("size", &size.to_string(), "a page size of 1 or more")),
            Some(size) => size.min(MAX_SIZE),
        };
        Ok(Query {
            resource: resource.to_owned(),
            after: params.one("after").filter(|a| !a.is_empty() && *a != "0").map(str::to_owned),
            subject: params.one("subject").filter(|s| !s.is_empty()).map(str::to_owned),
            types: params.all("type").into_iter().filter(|t| !t.is_empty()).collect(),
            size,
        })
    }
}

/// Who may read which events: a service owner its own dialogs' events, any
/// other organisation those about itself.
#[derive(Clone, Debug)]
pub struct Reader {
    /// The service owner's org code.
    pub org: Option<String>,
    /// The reader's own party URN.
    pub party: String,
}

impl Reader {
    /// The reader a caller is.
    pub fn of(caller: &AltinnCaller) -> Self {
        Reader {
            org: caller.org.clone(),
            party: format!("urn:altinn:organization:identifier-no:{}", caller.org_number),
        }
    }
}
