//! What the stand-in identity providers keep: their signing keys, the clients
//! registered with the development Maskinporten, and the grant ids (`jti`) it has seen.

use rusqlite::{Connection, OptionalExtension, params};

use super::{StoreError, storage};

/// The PEM of the key Maskinporten tokens are signed with, once one is kept.
pub fn signing_key(conn: &Connection) -> Result<Option<String>, StoreError> {
    conn.query_row("SELECT pem FROM signing_keys LIMIT 1", [], |row| row.get(0)).optional().map_err(storage)
}

/// Keeps the key Maskinporten tokens are signed with.
pub fn keep_signing_key(conn: &Connection, kid: &str, pem: &str) -> Result<(), StoreError> {
    conn.execute("INSERT INTO signing_keys (kid, pem) VALUES (?1, ?2)", params![kid, pem]).map_err(storage)?;
    Ok(())
}

/// The keys dialog tokens are signed with, as `(kid, pkcs8)`, oldest first.
pub fn dialog_token_keys(conn: &Connection) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
    let mut statement =
        conn.prepare("SELECT kid, pkcs8 FROM dialog_token_keys ORDER BY created_at, kid").map_err(storage)?;
    let kept = statement
        .query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, Vec<u8>>(1)?)))
        .map_err(storage)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(storage)?;
    Ok(kept)
}

/// Keeps a key dialog tokens are signed with.
pub fn keep_dialog_token_key(conn: &Connection, kid: &str, pkcs8: &[u8], created_at: &str) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO dialog_token_keys (kid, pkcs8, created_at) VALUES (?1, ?2, ?3)",
        params![kid, pkcs8, created_at],
    )
    .map_err(storage)?;
    Ok(())
}

/// The JSON of a client registered at run time.
pub fn registered_client(conn: &Connection, client_id: &str) -> Result<Option<String>, StoreError> {
    conn.query_row("SELECT doc FROM registered_clients WHERE client_id = ?1", params![client_id], |row| row.get(0))
        .optional()
        .map_err(storage)
}

/// Registers (or replaces) a client.
pub fn register_client(conn: &Connection, client_id: &str, doc: &str) -> Result<(), StoreError> {
    conn.execute("INSERT OR REPLACE INTO registered_clients (client_id, doc) VALUES (?1, ?2)", params![client_id, doc])
        .map_err(storage)?;
    Ok(())
}

/// Records grant id `jti` (valid until `expires_at`) and says whether it was new;
/// ids that expired before `forget_before` are forgotten first.
pub fn use_jti(conn: &Connection, jti: &str, expires_at: i64, forget_before: i64) -> Result<bool, StoreError> {
    conn.execute("DELETE FROM used_jtis WHERE expires_at < ?1", params![forget_before]).map_err(storage)?;
    let inserted = conn
        .execute("INSERT OR IGNORE INTO used_jtis (jti, expires_at) VALUES (?1, ?2)", params![jti, expires_at])
        .map_err(storage)?;
    Ok(inserted == 1)
}
