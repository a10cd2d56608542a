//! The event feed: every event the dialogs produced, in order of a sequence number.

use rusqlite::{Connection, OptionalExtension, params, params_from_iter};
use serde_json::Value;

use super::{StoreError, storage};
use crate::events::feed::Reader;

/// Appends `events`, each with the org whose dialog it is about.
pub fn append(tx: &Connection, events: &[(String, Value)]) -> Result<(), StoreError> {
    let mut insert = tx
        .prepare_cached(
            "INSERT INTO events (id, org, resource, subject, type, source, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )
        .map_err(storage)?;
    for (org, event) in events {
        let text = |key: &str| event[key].as_str().unwrap_or_default().to_owned();
        insert
            .execute(params![
                text("id"),
                org,
                text("resource"),
                text("subject"),
                text("type"),
                text("source"),
                event.to_string()
            ])
            .map_err(storage)?;
    }
    Ok(())
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
