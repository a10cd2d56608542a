//! `GET /events/api/v1/events`: the events a caller may read, oldest first, in pages.

use rusqlite::{Connection, OptionalExtension, params_from_iter};
use serde_json::Value;

use crate::auth::AltinnCaller;
use crate::domain_error::DomainError;
use crate::params::{Params, invalid};
use crate::store::{StoreError, storage};

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

/// The sequence number of event `id`, if there is one.
pub fn sequence_of(conn: &Connection, id: &str) -> Result<Option<i64>, StoreError> {
    conn.query_row("SELECT seq FROM events WHERE id = ?1", [id], |row| row.get(0)).optional().map_err(storage)
}

/// The highest sequence number so far (0 when there is none).
pub fn last_sequence(conn: &Connection) -> Result<i64, StoreError> {
    conn.query_row("SELECT COALESCE(MAX(seq), 0) FROM events", [], |row| row.get(0)).map_err(storage)
}

/// Which events to select; `None` and empty match everything.
#[derive(Default)]
pub struct Filter<'a> {
    /// Only what this reader may read.
    pub reader: Option<&'a Reader>,
    /// Exact resource.
    pub resource: Option<&'a str>,
    /// Exact subject.
    pub subject: Option<&'a str>,
    /// Any of these types.
    pub types: &'a [String],
    /// Sources starting with this.
    pub source_prefix: Option<&'a str>,
}

/// Events after sequence number `after` that match, oldest first, with their sequence numbers.
pub fn select(conn: &Connection, filter: &Filter<'_>, after: i64, limit: i64) -> Result<Vec<(i64, Value)>, StoreError> {
    let Filter { reader, resource, subject, types, source_prefix } = *filter;
    let mut sql = String::from("SELECT seq, body FROM events WHERE seq > ?");
    let mut args: Vec<String> = vec![after.to_string()];
    if let Some(reader) = reader {
        sql.push_str(" AND (org = ? OR subject = ?)");
        args.push(reader.org.clone().unwrap_or_default());
        args.push(reader.party.clone());
    }
    if let Some(resource) = resource {
        sql.push_str(" AND resource = ?");
        args.push(resource.to_owned());
    }
    if let Some(subject) = subject {
        sql.push_str(" AND subject = ?");
        args.push(subject.to_owned());
    }
    if !types.is_empty() {
        sql.push_str(&format!(" AND type IN ({})", vec!["?"; types.len()].join(", ")));
        args.extend(types.iter().cloned());
    }
    if let Some(prefix) = source_prefix {
        sql.push_str(" AND substr(source, 1, length(?)) = ?");
        args.push(prefix.to_owned());
        args.push(prefix.to_owned());
    }
    sql.push_str(" ORDER BY seq LIMIT ?");
    args.push(limit.to_string());
    let mut statement = conn.prepare_cached(&sql).map_err(storage)?;
    let rows = statement
        .query_map(params_from_iter(args.iter()), |row| Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?)))
        .map_err(storage)?;
    let mut events = Vec::new();
    for row in rows {
        let (seq, body) = row.map_err(storage)?;
        let body: Value = serde_json::from_str(&body).map_err(|e| StoreError::Corrupt(format!("event: {e}")))?;
        events.push((seq, body));
    }
    Ok(events)
}
