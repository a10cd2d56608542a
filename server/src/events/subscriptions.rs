//! `POST/GET/DELETE /events/api/v1/subscriptions`: webhooks, as Altinn Events keeps them.

use rusqlite::{Connection, params};
use serde_json::{Value, json};

use super::feed::Reader;
use crate::store::{StoreError, storage};

/// A subscription as the dispatcher needs it.
#[derive(Clone, Debug)]
pub struct Subscription {
    /// Its number.
    pub id: i64,
    /// As shown to its owner.
    pub doc: Value,
    /// Whether the endpoint answered the handshake.
    pub validated: bool,
    /// The sequence number of the last event handed over (or given up on).
    pub delivered_seq: i64,
    /// Whose events it may receive.
    pub reader: Reader,
    /// The organisation number that made it.
    pub created_by: String,
}

/// Every subscription, for the dispatcher.
pub fn all(conn: &Connection) -> Result<Vec<Subscription>, StoreError> {
    let mut statement = conn
        .prepare_cached("SELECT id, doc, validated, delivered_seq, reader_org, reader_party, created_by FROM subscriptions ORDER BY id")
        .map_err(storage)?;
    let rows = statement
        .query_map([], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, bool>(2)?,
                row.get::<_, i64>(3)?,
                row.get::<_, Option<String>>(4)?,
                row.get::<_, String>(5)?,
                row.get::<_, String>(6)?,
            ))
        })
        .map_err(storage)?;
    let mut subscriptions = Vec::new();
    for row in rows {
        let (id, doc, validated, delivered_seq, org, party, created_by) = row.map_err(storage)?;
        let mut doc: Value =
            serde_json::from_str(&doc).map_err(|e| StoreError::Corrupt(format!("subscription: {e}")))?;
        doc["validated"] = json!(validated);
        subscriptions.push(Subscription {
            id,
            doc,
            validated,
            delivered_seq,
            reader: Reader { org, party },
            created_by,
        });
    }
    Ok(subscriptions)
}

/// Marks a subscription validated.
pub fn mark_validated(conn: &Connection, id: i64) -> Result<(), StoreError> {
    conn.execute("UPDATE subscriptions SET validated = 1 WHERE id = ?1", [id]).map_err(storage)?;
    Ok(())
}

/// Records that the events up to `seq` are handed over.
pub fn mark_delivered(conn: &Connection, id: i64, seq: i64) -> Result<(), StoreError> {
    conn.execute("UPDATE subscriptions SET delivered_seq = ?2 WHERE id = ?1 AND delivered_seq < ?2", params![id, seq])
        .map_err(storage)?;
    Ok(())
}
