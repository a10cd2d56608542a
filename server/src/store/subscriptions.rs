//! Webhook subscriptions, as Altinn Events keeps them.

use rusqlite::{Connection, OptionalExtension, params};
use serde_json::{Value, json};

use super::{StoreError, storage};
use crate::events::feed::Reader;

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

/// How long the process delivering a database's webhooks holds that right without renewing it.
pub const DELIVERY_LEASE_MS: i64 = 5_000;

/// Takes, renews or keeps out of the lease on delivering this database's webhooks: `holder` holds it
/// afterwards if it held it already or nobody's lease is current. Says whether `holder` holds it.
pub fn hold_delivery_lease(conn: &Connection, holder: &str, now_ms: i64) -> Result<bool, StoreError> {
    conn.execute(
        "INSERT INTO delivery_lease (id, holder, expires_at) VALUES (1, ?1, ?2)
         ON CONFLICT(id) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
         WHERE delivery_lease.holder = excluded.holder OR delivery_lease.expires_at < ?3",
        params![holder, now_ms + DELIVERY_LEASE_MS, now_ms],
    )
    .map_err(storage)?;
    let current: Option<String> = conn
        .query_row("SELECT holder FROM delivery_lease WHERE id = 1", [], |row| row.get(0))
        .optional()
        .map_err(storage)?;
    Ok(current.as_deref() == Some(holder))
}

/// Gives the lease up, so another process takes over at once.
pub fn release_delivery_lease(conn: &Connection, holder: &str) -> Result<(), StoreError> {
    conn.execute("DELETE FROM delivery_lease WHERE id = 1 AND holder = ?1", params![holder]).map_err(storage)?;
    Ok(())
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

/// Keeps a new subscription (not yet validated, with nothing delivered before
/// event `delivered`); `doc` gets its number. Returns the number.
pub fn insert(
    conn: &Connection,
    doc: &mut Value,
    created_by: &str,
    reader: &Reader,
    delivered: i64,
) -> Result<i64, StoreError> {
    conn.execute(
        "INSERT INTO subscriptions (doc, created_by, reader_org, reader_party, validated, delivered_seq) \
         VALUES (?1, ?2, ?3, ?4, 0, ?5)",
        params![doc.to_string(), created_by, reader.org, reader.party, delivered],
    )
    .map_err(storage)?;
    let id = conn.last_insert_rowid();
    doc["id"] = json!(id);
    conn.execute("UPDATE subscriptions SET doc = ?2 WHERE id = ?1", params![id, doc.to_string()]).map_err(storage)?;
    Ok(id)
}

/// Subscription `id` as `(doc, created_by)`, its `validated` filled in.
pub fn find(conn: &Connection, id: i64) -> Result<Option<(Value, String)>, StoreError> {
    let row: Option<(String, String, bool)> = conn
        .query_row("SELECT doc, created_by, validated FROM subscriptions WHERE id = ?1", [id], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?))
        })
        .optional()
        .map_err(storage)?;
    let Some((doc, created_by, validated)) = row else { return Ok(None) };
    let mut doc: Value = serde_json::from_str(&doc).map_err(|e| StoreError::Corrupt(format!("subscription: {e}")))?;
    doc["validated"] = json!(validated);
    Ok(Some((doc, created_by)))
}

/// Forgets subscription `id`.
pub fn delete(conn: &Connection, id: i64) -> Result<(), StoreError> {
    conn.execute("DELETE FROM subscriptions WHERE id = ?1", [id]).map_err(storage)?;
    Ok(())
}
