//! SQLite storage: one row per dialog holding its document, plus the columns
//! and side tables that search and uniqueness need.
//!
//! Every request runs in one transaction (`BEGIN IMMEDIATE` for writes), so a
//! failed request changes nothing and concurrent writers are serialised, also
//! across processes that share a database file.

use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};
use serde_json::Value;
use uuid::Uuid;

use crate::config::Database;
use crate::dialog::summary;

pub mod events;
pub mod idp;
pub mod search;
pub mod subscriptions;

/// The store failed: opening the database, a query, or reading what it holds.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A query failed.
    #[error("storage: {0}")]
    Sql(#[from] rusqlite::Error),
    /// A stored document cannot be read back.
    #[error("stored data: {0}")]
    Corrupt(String),
    /// An id is taken already: by another dialog, or twice in one (upstream's unique keys).
    #[error("{table} {id} already exists")]
    Duplicate {
        /// The kind of item, named as upstream's table (`Attachment`, `DialogGuiAction`).
        table: &'static str,
        /// The id.
        id: String,
    },
    /// The blocking task that ran the transaction failed.
    #[error("the storage task failed: {0}")]
    Task(String),
    /// The storage takes no writes now: the disk is full or the file read-only. Worth a retry
    /// later; nothing was written.
    #[error("the storage takes no writes now: {0}")]
    Unavailable(String),
    /// SQLite could not open or set up the file.
    #[error("cannot open the database {path}: {source}")]
    Open {
        /// The file (or `:memory:`).
        path: String,
        /// What SQLite said.
        #[source]
        source: rusqlite::Error,
    },
    /// The file was written by a newer dp-server (or dp) than this one.
    #[error(
        "the database {path} has schema version {found}, newer than this build knows ({known}): use the newer dp-server or dp that wrote it, or move the file away to start afresh"
    )]
    Newer {
        /// The file.
        path: String,
        /// Its schema version.
        found: i64,
        /// The newest this build knows.
        known: usize,
    },
}

/// The schema's history, oldest first: step N takes a database from version N-1
/// to N (`PRAGMA user_version`). A step that has shipped is never edited; a
/// change to the schema is a new step at the end.
const MIGRATIONS: &[Step] = &[
    // 1: the schema as it was before databases carried a version. Databases at
    // version 0 have these tables already, which IF NOT EXISTS leaves alone.
    Step::Sql(SCHEMA_V1),
    // 2: child ids are unique per kind, as upstream's tables make them, and
    // cover attachments, their URLs and actions too (unique service-wide).
    Step::Sql(SCHEMA_V2),
    // 3: the Ed25519 keys dialog tokens are signed with, kept across restarts.
    Step::Sql(
        "CREATE TABLE dialog_token_keys (
        kid TEXT PRIMARY KEY,
        pkcs8 BLOB NOT NULL,
        created_at TEXT NOT NULL
    );",
    ),
    // 4: who set or removed which system label, as the end-user API's label log shows it.
    Step::Sql(
        "CREATE TABLE label_assignment_log (
        id TEXT PRIMARY KEY,
        dialog_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        name TEXT NOT NULL,
        action TEXT NOT NULL,
        actor_type TEXT NOT NULL,
        actor_id TEXT
    );
    CREATE INDEX label_assignment_log_dialog ON label_assignment_log(dialog_id, created_at, id);",
    ),
    // 5: which process delivers the webhooks of a database several processes serve.
    Step::Sql(
        "CREATE TABLE delivery_lease (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        holder TEXT NOT NULL,
        expires_at INTEGER NOT NULL
    );",
    ),
    // 6: what search and lists read, apart from the document: a dialog's list item
    // source and expiry as columns, its search tags in a table of their own.
    Step::Rust(split_documents),
];

/// One step of [`MIGRATIONS`].
enum Step {
    Sql(&'static str),
    /// A step SQL cannot say (it needs the server's own reading of a document).
    Rust(fn(&Transaction<'_>) -> Result<(), StoreError>),
}

/// Schema 6: search tags leave the documents for `dialog_search_tags` (a dialog may carry
/// hundreds of thousands, and only the service owner's GET, PUT and PATCH show them), and
/// each dialog gets the `summary` its list item is made from and its `expires_at`. One
/// document in memory at a time.
fn split_documents(tx: &Transaction<'_>) -> Result<(), StoreError> {
    tx.execute_batch(
        "ALTER TABLE dialogs ADD COLUMN summary TEXT NOT NULL DEFAULT '{}';
         ALTER TABLE dialogs ADD COLUMN expires_at TEXT;
         CREATE TABLE dialog_search_tags (
             dialog_id TEXT NOT NULL,
             position INTEGER NOT NULL,
             value TEXT NOT NULL,
             folded TEXT NOT NULL,
             PRIMARY KEY (dialog_id, position)
         );
         DELETE FROM dialog_texts WHERE language = '';",
    )?;
    let ids: Vec<String> =
        tx.prepare("SELECT id FROM dialogs")?.query_map([], |row| row.get(0))?.collect::<Result<_, _>>()?;
    for id in ids {
        let text: String = tx.query_row("SELECT doc FROM dialogs WHERE id = ?1", [&id], |row| row.get(0))?;
        let mut doc: Value =
            serde_json::from_str(&text).map_err(|e| StoreError::Corrupt(format!("dialog {id}: {e}")))?;
        let tags = doc.as_object_mut().and_then(|members| members.remove("searchTags"));
        let values = tags.as_ref().and_then(Value::as_array).into_iter().flatten().filter_map(|t| t["value"].as_str());
        replace_search_tags(tx, &id, values)?;
        tx.execute(
            "UPDATE dialogs SET doc = ?2, summary = ?3, expires_at = ?4 WHERE id = ?1",
            params![id, doc.to_string(), summary(&doc).to_string(), doc["expiresAt"].as_str()],
        )?;
    }
    Ok(())
}

const SCHEMA_V2: &str = "
CREATE TABLE child_ids_v2 (
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    dialog_id TEXT NOT NULL,
    PRIMARY KEY (kind, id)
);
INSERT OR IGNORE INTO child_ids_v2 (kind, id, dialog_id)
    SELECT CASE kind WHEN 'activity' THEN 'DialogActivity' ELSE 'DialogTransmission' END, id, dialog_id FROM child_ids;
INSERT OR IGNORE INTO child_ids_v2 (kind, id, dialog_id)
    SELECT 'Attachment', json_extract(a.value, '$.id'), d.id
    FROM dialogs d, json_each(d.doc, '$.attachments') a WHERE json_extract(a.value, '$.id') IS NOT NULL;
INSERT OR IGNORE INTO child_ids_v2 (kind, id, dialog_id)
    SELECT 'Attachment', json_extract(a.value, '$.id'), d.id
    FROM dialogs d, json_each(d.doc, '$.transmissions') t, json_each(t.value, '$.attachments') a
    WHERE json_extract(a.value, '$.id') IS NOT NULL;
INSERT OR IGNORE INTO child_ids_v2 (kind, id, dialog_id)
    SELECT 'DialogGuiAction', json_extract(g.value, '$.id'), d.id
    FROM dialogs d, json_each(d.doc, '$.guiActions') g WHERE json_extract(g.value, '$.id') IS NOT NULL;
INSERT OR IGNORE INTO child_ids_v2 (kind, id, dialog_id)
    SELECT 'DialogApiAction', json_extract(g.value, '$.id'), d.id
    FROM dialogs d, json_each(d.doc, '$.apiActions') g WHERE json_extract(g.value, '$.id') IS NOT NULL;
DROP TABLE child_ids;
ALTER TABLE child_ids_v2 RENAME TO child_ids;
CREATE INDEX child_ids_dialog ON child_ids(dialog_id);
";

/// The newest schema version this build writes.
pub const SCHEMA_VERSION: usize = MIGRATIONS.len();

const SCHEMA_V1: &str = "
CREATE TABLE IF NOT EXISTS dialogs (
    id TEXT PRIMARY KEY,
    org TEXT NOT NULL,
    service_resource TEXT NOT NULL,
    party TEXT NOT NULL,
    idempotent_key TEXT,
    status TEXT NOT NULL,
    extended_status TEXT,
    external_reference TEXT,
    process TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    content_updated_at TEXT NOT NULL,
    due_at TEXT,
    visible_from TEXT,
    deleted_at TEXT,
    is_api_only INTEGER NOT NULL,
    is_content_seen INTEGER NOT NULL,
    system_labels TEXT NOT NULL,
    frozen INTEGER NOT NULL DEFAULT 0,
    revision TEXT NOT NULL,
    doc TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS dialogs_idempotent_key ON dialogs(org, idempotent_key) WHERE idempotent_key IS NOT NULL;
CREATE INDEX IF NOT EXISTS dialogs_org_content_updated ON dialogs(org, content_updated_at, id);
CREATE INDEX IF NOT EXISTS dialogs_org_created ON dialogs(org, created_at, id);
CREATE INDEX IF NOT EXISTS dialogs_org_updated ON dialogs(org, updated_at, id);
CREATE INDEX IF NOT EXISTS dialogs_party ON dialogs(party);
CREATE TABLE IF NOT EXISTS dialog_labels (
    dialog_id TEXT NOT NULL,
    label TEXT NOT NULL,
    PRIMARY KEY (dialog_id, label)
);
CREATE TABLE IF NOT EXISTS dialog_texts (
    dialog_id TEXT NOT NULL,
    language TEXT NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS dialog_texts_dialog ON dialog_texts(dialog_id);
CREATE TABLE IF NOT EXISTS child_ids (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    dialog_id TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS child_ids_dialog ON child_ids(dialog_id);
CREATE TABLE IF NOT EXISTS seen_log (
    id TEXT PRIMARY KEY,
    dialog_id TEXT NOT NULL,
    seen_at TEXT NOT NULL,
    end_user_id TEXT NOT NULL,
    via_service_owner INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS seen_log_dialog ON seen_log(dialog_id, seen_at);
CREATE TABLE IF NOT EXISTS signing_keys (
    kid TEXT PRIMARY KEY,
    pem TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS used_jtis (
    jti TEXT PRIMARY KEY,
    expires_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    org TEXT NOT NULL,
    resource TEXT NOT NULL,
    subject TEXT NOT NULL,
    type TEXT NOT NULL,
    source TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_resource ON events(resource, seq);
CREATE TABLE IF NOT EXISTS subscriptions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    doc TEXT NOT NULL,
    created_by TEXT NOT NULL,
    reader_org TEXT,
    reader_party TEXT NOT NULL,
    validated INTEGER NOT NULL DEFAULT 0,
    delivered_seq INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS registered_clients (
    client_id TEXT PRIMARY KEY,
    doc TEXT NOT NULL
);
";

/// The database behind one server.
pub struct Store {
    conn: Mutex<Connection>,
    persistent: bool,
}

impl Store {
    /// Opens (and if need be creates) the database.
    pub fn open(database: &Database) -> Result<Self, StoreError> {
        let (conn, path) = match database {
            Database::Memory => (Connection::open_in_memory(), ":memory:".to_owned()),
            Database::File(path) => (Connection::open(path), path.display().to_string()),
        };
        let fail = |source| StoreError::Open { path: path.clone(), source };
        let mut conn = conn.map_err(fail)?;
        conn.busy_timeout(Duration::from_secs(30)).map_err(fail)?;
        if matches!(database, Database::File(_)) {
            conn.pragma_update(None, "journal_mode", "WAL").map_err(fail)?;
            conn.pragma_update(None, "synchronous", "NORMAL").map_err(fail)?;
        }
        migrate(&mut conn, &path)?;
        Ok(Self { conn: Mutex::new(conn), persistent: matches!(database, Database::File(_)) })
    }

    /// Lets the database grow to `pages` pages and no further, as a full disk would (for tests of
    /// what the server answers then).
    pub fn limit_pages(&self, pages: u32) -> Result<(), StoreError> {
        self.lock().pragma_update(None, "max_page_count", pages).map_err(storage)
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        // A panic inside a transaction rolled it back, so the connection is still sound.
        self.conn.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Whether the database outlives the process.
    pub fn is_persistent(&self) -> bool {
        self.persistent
    }

    /// Runs `work` in a write transaction, committed only if it succeeds.
    pub fn write<T, E: From<StoreError>>(&self, work: impl FnOnce(&Transaction<'_>) -> Result<T, E>) -> Result<T, E> {
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(storage)?;
        let value = work(&tx)?;
        tx.commit().map_err(storage)?;
        Ok(value)
    }

    /// Runs `work` in a read transaction (one consistent snapshot).
    pub fn read<T, E: From<StoreError>>(&self, work: impl FnOnce(&Transaction<'_>) -> Result<T, E>) -> Result<T, E> {
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Deferred).map_err(storage)?;
        work(&tx)
    }
}

/// Brings the database to [`SCHEMA_VERSION`], one step per version, in one
/// write transaction (so two processes opening one file migrate it once).
fn migrate(conn: &mut Connection, path: &str) -> Result<(), StoreError> {
    let fail = |source| StoreError::Open { path: path.to_owned(), source };
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(fail)?;
    let found: i64 = tx.pragma_query_value(None, "user_version", |row| row.get(0)).map_err(fail)?;
    let from = usize::try_from(found).unwrap_or(usize::MAX);
    if from > SCHEMA_VERSION {
        return Err(StoreError::Newer { path: path.to_owned(), found, known: SCHEMA_VERSION });
    }
    for (index, step) in MIGRATIONS.iter().enumerate().skip(from) {
        match step {
            Step::Sql(sql) => tx.execute_batch(sql).map_err(fail)?,
            Step::Rust(run) => run(&tx)?,
        }
        let version = i64::try_from(index + 1).unwrap_or(i64::MAX);
        tx.pragma_update(None, "user_version", version).map_err(fail)?;
    }
    tx.commit().map_err(fail)
}

/// A failed query as the store's error.
pub fn storage(error: rusqlite::Error) -> StoreError {
    use rusqlite::ErrorCode;
    match error.sqlite_error_code() {
        Some(ErrorCode::DiskFull) => StoreError::Unavailable("the disk is full".into()),
        Some(ErrorCode::ReadOnly) => StoreError::Unavailable("the database file is read-only".into()),
        _ => StoreError::Sql(error),
    }
}

/// A dialog as stored: its document (the `Dialog` the API returns, minus what
/// is computed on read) and what only the server knows.
#[derive(Clone, Debug)]
pub struct StoredDialog {
    /// The document.
    pub doc: Value,
    /// Owning org.
    pub org: String,
    /// Frozen by an admin.
    pub frozen: bool,
    /// Whether `doc` holds the dialog's search tags (`searchTags`, none when absent). They
    /// live in a table of their own and are read only where they are shown or replaced
    /// ([`load_search_tags`]); a save writes them only when the document holds them.
    pub has_search_tags: bool,
}

impl StoredDialog {
    /// The dialog's id.
    pub fn id(&self) -> &str {
        self.doc["id"].as_str().unwrap_or_default()
    }

    /// The current revision.
    pub fn revision(&self) -> &str {
        self.doc["revision"].as_str().unwrap_or_default()
    }

    /// Soft-deleted.
    pub fn is_deleted(&self) -> bool {
        self.doc.get("deletedAt").is_some_and(|v| !v.is_null())
    }
}

/// The ids of the dialogs (deleted ones too) carrying service-owner label `label`, at most `limit`.
pub fn dialogs_labelled(conn: &Connection, label: &str, limit: usize) -> Result<Vec<String>, StoreError> {
    let mut statement = conn
        .prepare("SELECT dialog_id FROM dialog_labels WHERE label = ?1 ORDER BY dialog_id LIMIT ?2")
        .map_err(storage)?;
    let rows = statement
        .query_map(params![label, i64::try_from(limit).unwrap_or(i64::MAX)], |row| row.get::<_, String>(0))
        .map_err(storage)?;
    rows.collect::<Result<_, _>>().map_err(storage)
}

/// The dialog with this id, whoever owns it.
pub fn load(conn: &Connection, id: Uuid) -> Result<Option<StoredDialog>, StoreError> {
    conn.query_row("SELECT doc, org, frozen FROM dialogs WHERE id = ?1", params![id.to_string()], |row| {
        Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?, row.get::<_, bool>(2)?))
    })
    .optional()
    .map_err(storage)?
    .map(|(doc, org, frozen)| {
        let doc = serde_json::from_str(&doc).map_err(|e| StoreError::Corrupt(format!("dialog {id}: {e}")))?;
        Ok(StoredDialog { doc, org, frozen, has_search_tags: false })
    })
    .transpose()
}

/// Parses a stored document.
pub fn parse_doc(text: &str) -> Result<Value, StoreError> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt(format!("dialog: {e}")))
}

/// Inserts or replaces a dialog with its search columns, list item source and side tables;
/// its search tags too when the document holds them ([`StoredDialog::has_search_tags`]).
pub fn save(conn: &Connection, dialog: &StoredDialog) -> Result<(), StoreError> {
    let doc = &dialog.doc;
    let text = |key: &str| doc.get(key).and_then(Value::as_str).map(str::to_owned);
    let labels: Vec<&str> =
        doc["endUserContext"]["systemLabels"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
    let system_labels = format!("|{}|", labels.join("|"));
    let id = dialog.id().to_owned();
    let document = serde_json::to_string(&WithoutSearchTags(doc)).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    conn.execute(
        "INSERT OR REPLACE INTO dialogs (id, org, service_resource, party, idempotent_key, status, extended_status,
            external_reference, process, created_at, updated_at, content_updated_at, due_at, visible_from, deleted_at,
            is_api_only, is_content_seen, system_labels, frozen, revision, doc, summary, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)",
        params![
            id,
            dialog.org,
            text("serviceResource").unwrap_or_default().to_lowercase(),
            text("party"),
            text("idempotentKey"),
            text("status"),
            text("extendedStatus"),
            text("externalReference"),
            text("process"),
            text("createdAt"),
            text("updatedAt"),
            text("contentUpdatedAt"),
            text("dueAt"),
            text("visibleFrom"),
            text("deletedAt"),
            doc["isApiOnly"].as_bool().unwrap_or(false),
            doc["isContentSeen"].as_bool().unwrap_or(false),
            system_labels,
            dialog.frozen,
            dialog.revision(),
            document,
            summary(doc).to_string(),
            text("expiresAt"),
        ],
    )
    .map_err(storage)?;
    conn.execute("DELETE FROM dialog_labels WHERE dialog_id = ?1", params![id]).map_err(storage)?;
    let mut insert_label = conn
        .prepare_cached("INSERT OR IGNORE INTO dialog_labels (dialog_id, label) VALUES (?1, ?2)")
        .map_err(storage)?;
    for label in doc["serviceOwnerContext"]["serviceOwnerLabels"].as_array().into_iter().flatten() {
        if let Some(value) = label["value"].as_str() {
            insert_label.execute(params![id, value]).map_err(storage)?;
        }
    }
    conn.execute("DELETE FROM dialog_texts WHERE dialog_id = ?1", params![id]).map_err(storage)?;
    let mut insert_text = conn
        .prepare_cached("INSERT INTO dialog_texts (dialog_id, language, text) VALUES (?1, ?2, ?3)")
        .map_err(storage)?;
    for field in ["title", "summary", "senderName", "additionalInfo", "nonSensitiveTitle", "nonSensitiveSummary"] {
        for localization in doc["content"][field]["value"].as_array().into_iter().flatten() {
            if let (Some(language), Some(value)) =
                (localization["languageCode"].as_str(), localization["value"].as_str())
            {
                insert_text.execute(params![id, language, value.to_lowercase()]).map_err(storage)?;
            }
        }
    }
    if dialog.has_search_tags {
        let tags = doc["searchTags"].as_array().into_iter().flatten().filter_map(|tag| tag["value"].as_str());
        replace_search_tags(conn, &id, tags)?;
    }
    save_child_ids(conn, &id, doc)
}

/// A dialog document as stored: without its search tags, which have a table of their own.
struct WithoutSearchTags<'a>(&'a Value);

impl serde::Serialize for WithoutSearchTags<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0.as_object() {
            Some(members) => serializer.collect_map(members.iter().filter(|(key, _)| *key != "searchTags")),
            None => self.0.serialize(serializer),
        }
    }
}

/// Sets a dialog's search tags to `values`, in order. Each is kept as given (what the
/// service owner reads back) and folded to lower case (what `search` matches).
pub fn replace_search_tags<'a>(
    conn: &Connection,
    dialog_id: &str,
    values: impl IntoIterator<Item = &'a str>,
) -> Result<(), StoreError> {
    conn.execute("DELETE FROM dialog_search_tags WHERE dialog_id = ?1", params![dialog_id]).map_err(storage)?;
    let mut insert = conn
        .prepare_cached("INSERT INTO dialog_search_tags (dialog_id, position, value, folded) VALUES (?1, ?2, ?3, ?4)")
        .map_err(storage)?;
    for (position, value) in values.into_iter().enumerate() {
        let position = i64::try_from(position).unwrap_or(i64::MAX);
        insert.execute(params![dialog_id, position, value, value.to_lowercase()]).map_err(storage)?;
    }
    Ok(())
}

/// Puts the dialog's search tags into its document (`searchTags`), for what shows or
/// replaces them; a later save writes them back.
pub fn load_search_tags(conn: &Connection, dialog: &mut StoredDialog) -> Result<(), StoreError> {
    dialog.doc["searchTags"] = search_tags(conn, dialog.id())?;
    dialog.has_search_tags = true;
    Ok(())
}

/// A dialog's search tags as its `searchTags` (`[{"value": …}]`), in order.
pub fn search_tags(conn: &Connection, dialog_id: &str) -> Result<Value, StoreError> {
    let mut statement = conn
        .prepare_cached("SELECT value FROM dialog_search_tags WHERE dialog_id = ?1 ORDER BY position")
        .map_err(storage)?;
    let tags = statement
        .query_map(params![dialog_id], |row| Ok(serde_json::json!({"value": row.get::<_, String>(0)?})))
        .map_err(storage)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(storage)?;
    Ok(Value::Array(tags))
}

/// The ids of a dialog's items that upstream keeps unique service-wide, each
/// with the name of upstream's table.
fn child_ids(doc: &Value) -> Vec<(&'static str, &str)> {
    fn add<'a>(out: &mut Vec<(&'static str, &'a str)>, table: &'static str, items: &'a Value) {
        for id in items.as_array().into_iter().flatten().filter_map(|item| item["id"].as_str()) {
            out.push((table, id));
        }
    }
    let mut out = Vec::new();
    add(&mut out, "DialogActivity", &doc["activities"]);
    add(&mut out, "DialogTransmission", &doc["transmissions"]);
    add(&mut out, "Attachment", &doc["attachments"]);
    for attachment in doc["attachments"].as_array().into_iter().flatten() {
        add(&mut out, "AttachmentUrl", &attachment["urls"]);
    }
    for transmission in doc["transmissions"].as_array().into_iter().flatten() {
        add(&mut out, "Attachment", &transmission["attachments"]);
        for attachment in transmission["attachments"].as_array().into_iter().flatten() {
            add(&mut out, "AttachmentUrl", &attachment["urls"]);
        }
    }
    add(&mut out, "DialogGuiAction", &doc["guiActions"]);
    add(&mut out, "DialogApiAction", &doc["apiActions"]);
    for action in doc["apiActions"].as_array().into_iter().flatten() {
        add(&mut out, "DialogApiActionEndpoint", &action["endpoints"]);
    }
    out
}

/// Records the dialog's item ids, refusing one that another dialog holds or
/// that the dialog holds twice ([`StoreError::Duplicate`]).
fn save_child_ids(conn: &Connection, dialog_id: &str, doc: &Value) -> Result<(), StoreError> {
    let children = child_ids(doc);
    let mut seen = std::collections::HashSet::with_capacity(children.len());
    let mut owner =
        conn.prepare_cached("SELECT dialog_id FROM child_ids WHERE kind = ?1 AND id = ?2").map_err(storage)?;
    for (table, id) in &children {
        let id = id.to_ascii_lowercase();
        let taken_elsewhere = owner
            .query_row(params![table, id], |row| row.get::<_, String>(0))
            .optional()
            .map_err(storage)?
            .is_some_and(|other| other != dialog_id);
        if !seen.insert((*table, id.clone())) || taken_elsewhere {
            return Err(StoreError::Duplicate { table, id });
        }
    }
    conn.execute("DELETE FROM child_ids WHERE dialog_id = ?1", params![dialog_id]).map_err(storage)?;
    let mut insert =
        conn.prepare_cached("INSERT INTO child_ids (kind, id, dialog_id) VALUES (?1, ?2, ?3)").map_err(storage)?;
    for (table, id) in seen {
        insert.execute(params![table, id, dialog_id]).map_err(storage)?;
    }
    Ok(())
}

/// Removes a dialog and everything that hangs off it.
pub fn purge(conn: &Connection, id: &str) -> Result<(), StoreError> {
    for table in ["dialog_labels", "dialog_texts", "dialog_search_tags", "child_ids", "seen_log"] {
        conn.execute(&format!("DELETE FROM {table} WHERE dialog_id = ?1"), params![id]).map_err(storage)?;
    }
    conn.execute("DELETE FROM dialogs WHERE id = ?1", params![id]).map_err(storage)?;
    Ok(())
}

/// The dialog `org` created with `key`, if any.
pub fn dialog_with_idempotent_key(conn: &Connection, org: &str, key: &str) -> Result<Option<String>, StoreError> {
    conn.query_row("SELECT id FROM dialogs WHERE org = ?1 AND idempotent_key = ?2", params![org, key], |row| row.get(0))
        .optional()
        .map_err(storage)
}

/// Whether a dialog with this id exists.
pub fn dialog_exists(conn: &Connection, id: Uuid) -> Result<bool, StoreError> {
    conn.query_row("SELECT 1 FROM dialogs WHERE id = ?1", params![id.to_string()], |_| Ok(()))
        .optional()
        .map(|found| found.is_some())
        .map_err(storage)
}

/// Whether an item of `table` (`DialogActivity`, `DialogTransmission`) anywhere already has this id.
pub fn child_id_taken(conn: &Connection, table: &str, id: &str) -> Result<bool, StoreError> {
    conn.query_row("SELECT 1 FROM child_ids WHERE kind = ?1 AND id = ?2", params![table, id], |_| Ok(()))
        .optional()
        .map(|found| found.is_some())
        .map_err(storage)
}

/// One seen-log entry.
#[derive(Clone, Debug)]
pub struct SeenEntry {
    /// Entry id.
    pub id: String,
    /// When.
    pub seen_at: String,
    /// Who (an end-user URN).
    pub end_user_id: String,
    /// Recorded through the service-owner API.
    pub via_service_owner: bool,
}

/// Records that an end user saw a dialog.
pub fn insert_seen(conn: &Connection, dialog_id: &str, entry: &SeenEntry) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO seen_log (id, dialog_id, seen_at, end_user_id, via_service_owner) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![entry.id, dialog_id, entry.seen_at, entry.end_user_id, entry.via_service_owner],
    )
    .map(|_| ())
    .map_err(storage)
}

/// A dialog's seen log, oldest first.
pub fn seen_log(conn: &Connection, dialog_id: &str) -> Result<Vec<SeenEntry>, StoreError> {
    let mut statement = conn
        .prepare_cached(
            "SELECT id, seen_at, end_user_id, via_service_owner FROM seen_log WHERE dialog_id = ?1 ORDER BY seen_at, id",
        )
        .map_err(storage)?;
    let rows = statement
        .query_map(params![dialog_id], |row| {
            Ok(SeenEntry {
                id: row.get(0)?,
                seen_at: row.get(1)?,
                end_user_id: row.get(2)?,
                via_service_owner: row.get(3)?,
            })
        })
        .map_err(storage)?;
    rows.collect::<Result<_, _>>().map_err(storage)
}

/// One system label set or removed on a dialog.
#[derive(Clone, Debug)]
pub struct LabelAssignment {
    /// When.
    pub created_at: String,
    /// `systemlabel:{Label}`.
    pub name: String,
    /// `set` or `remove`.
    pub action: String,
    /// `PartyRepresentative` or `ServiceOwner`.
    pub actor_type: String,
    /// The end user's URN, for party representatives.
    pub actor_id: Option<String>,
}

/// Logs label changes: what `before` lacked and `after` has is `set`, the reverse `remove`
/// (Default is never logged, as upstream's `DialogEndUserContext` skips it).
pub fn log_label_changes(
    conn: &Connection,
    dialog_id: &str,
    before: &[String],
    after: &[String],
    actor: (&str, Option<&str>),
    at: &str,
) -> Result<(), StoreError> {
    let set = after.iter().filter(|l| !before.contains(l)).map(|l| (l, "set"));
    let removed = before.iter().filter(|l| !after.contains(l)).map(|l| (l, "remove"));
    for (label, action) in set.chain(removed).filter(|(l, _)| l.as_str() != "Default") {
        conn.execute(
            "INSERT INTO label_assignment_log (id, dialog_id, created_at, name, action, actor_type, actor_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                Uuid::now_v7().to_string(),
                dialog_id,
                at,
                format!("systemlabel:{label}"),
                action,
                actor.0,
                actor.1
            ],
        )
        .map_err(storage)?;
    }
    Ok(())
}

/// A dialog's label log, oldest first.
pub fn label_log(conn: &Connection, dialog_id: &str) -> Result<Vec<LabelAssignment>, StoreError> {
    let mut statement = conn
        .prepare_cached(
            "SELECT created_at, name, action, actor_type, actor_id FROM label_assignment_log
             WHERE dialog_id = ?1 ORDER BY created_at, id",
        )
        .map_err(storage)?;
    let rows = statement
        .query_map(params![dialog_id], |row| {
            Ok(LabelAssignment {
                created_at: row.get(0)?,
                name: row.get(1)?,
                action: row.get(2)?,
                actor_type: row.get(3)?,
                actor_id: row.get(4)?,
            })
        })
        .map_err(storage)?;
    rows.collect::<Result<_, _>>().map_err(storage)
}

/// The `(service resource, org)` pairs of every dialog, deleted ones too, in order.
pub fn resources_in_use(conn: &Connection) -> Result<Vec<(String, String)>, StoreError> {
    let mut statement =
        conn.prepare("SELECT DISTINCT service_resource, org FROM dialogs ORDER BY 1").map_err(storage)?;
    let rows =
        statement.query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))).map_err(storage)?;
    rows.collect::<Result<Vec<_>, _>>().map_err(storage)
}

/// The `(service resource, org)` pairs of the live dialogs of any of `parties`, in order.
pub fn resources_of_parties(conn: &Connection, parties: &[String]) -> Result<Vec<(String, String)>, StoreError> {
    let mut found = Vec::new();
    let mut statement = conn
        .prepare("SELECT DISTINCT service_resource, org FROM dialogs WHERE party = ?1 AND deleted_at IS NULL")
        .map_err(storage)?;
    for party in parties {
        let rows = statement
            .query_map([party], |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)))
            .map_err(storage)?;
        for row in rows {
            let row = row.map_err(storage)?;
            if !found.contains(&row) {
                found.push(row);
            }
        }
    }
    found.sort();
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A database written at schema 5 holds search tags inside documents and no summaries.
    fn database_at_schema_5(doc: &Value) -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        let tx = conn.transaction().unwrap();
        for step in &MIGRATIONS[..5] {
            match step {
                Step::Sql(sql) => tx.execute_batch(sql).unwrap(),
                Step::Rust(run) => run(&tx).unwrap(),
            }
        }
        tx.pragma_update(None, "user_version", 5).unwrap();
        tx.execute(
            "INSERT INTO dialogs (id, org, service_resource, party, status, created_at, updated_at, content_updated_at,
                is_api_only, is_content_seen, system_labels, revision, doc)
             VALUES (?1, 'digdir', 'urn:altinn:resource:x', 'urn:altinn:person:identifier-no:08844397713', 'New',
                '2026-01-01T00:00:00.000000Z', '2026-01-01T00:00:00.000000Z', '2026-01-01T00:00:00.000000Z',
                0, 0, '|Default|', 'r1', ?2)",
            params![doc["id"].as_str(), doc.to_string()],
        )
        .unwrap();
        tx.execute(
            "INSERT INTO dialog_texts (dialog_id, language, text) VALUES (?1, '', 'alfa')",
            params![doc["id"].as_str()],
        )
        .unwrap();
        tx.commit().unwrap();
        conn
    }

    #[test]
    fn schema_6_moves_search_tags_out_of_documents_and_writes_summaries() {
        let id = "0190a0b1-2c3d-7e4f-8a9b-0c1d2e3f0009";
        let transmission = "0190a0b1-2c3d-7e4f-8a9b-0c1d2e3f0010";
        let doc = serde_json::json!({
            "id": id, "createdAt": "2026-01-01T00:00:00.000000Z", "expiresAt": "2027-01-01T00:00:00.000000Z",
            "searchTags": [{"value": "Alfa"}, {"value": "Ærlig"}],
            "transmissions": [{"id": transmission, "type": "Information"}, {"id": "x", "type": "Submission"}],
            "activities": [
                {"id": "a1", "type": "DialogCreated", "createdAt": "2026-01-01T00:00:00.000000Z"},
                {"id": "a2", "type": "Information", "createdAt": "2026-01-02T00:00:00.000000Z"}
            ],
            "attachments": [{"urls": [{"consumerType": "Gui"}]}, {"urls": [{"consumerType": "Api"}]}]
        });
        let mut conn = database_at_schema_5(&doc);
        migrate(&mut conn, ":memory:").unwrap();

        let tags: Vec<(i64, String, String)> = conn
            .prepare("SELECT position, value, folded FROM dialog_search_tags WHERE dialog_id = ?1 ORDER BY position")
            .unwrap()
            .query_map([id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(tags, [(0, "Alfa".into(), "alfa".into()), (1, "Ærlig".into(), "ærlig".into())]);
        let (stored, summary, expires, tag_texts): (String, String, Option<String>, i64) = conn
            .query_row(
                "SELECT doc, summary, expires_at, (SELECT count(*) FROM dialog_texts WHERE language = '') FROM dialogs",
                [],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
            )
            .unwrap();
        let stored: Value = serde_json::from_str(&stored).unwrap();
        assert!(stored.get("searchTags").is_none(), "the tags left the document");
        assert_eq!(stored["transmissions"], doc["transmissions"], "the rest of it stays");
        assert_eq!(expires.as_deref(), Some("2027-01-01T00:00:00.000000Z"));
        assert_eq!(tag_texts, 0, "search tags are matched in their own table");
        let summary: Value = serde_json::from_str(&summary).unwrap();
        for collection in ["transmissions", "activities", "attachments", "searchTags"] {
            assert!(summary.get(collection).is_none(), "{collection} is not in the summary");
        }
        assert_eq!(summary["fromServiceOwnerTransmissionsCount"], 1);
        assert_eq!(summary["fromPartyTransmissionsCount"], 1);
        assert_eq!(summary["hasUnopenedContent"], true);
        assert_eq!(summary["guiAttachmentCount"], 1);
        assert_eq!(summary["latestActivity"]["id"], "a2");
        assert_eq!(summary["expiresAt"], doc["expiresAt"]);
    }

    #[test]
    fn a_save_writes_search_tags_only_from_a_document_that_holds_them() {
        let id = "0190a0b1-2c3d-7e4f-8a9b-0c1d2e3f0011";
        let at = "2026-01-01T00:00:00.000000Z";
        let doc = serde_json::json!({"id": id, "revision": "r1", "searchTags": [{"value": "Alfa"}],
            "serviceResource": "urn:altinn:resource:x", "party": "urn:altinn:person:identifier-no:08844397713",
            "status": "New", "createdAt": at, "updatedAt": at, "contentUpdatedAt": at});
        let mut conn = database_at_schema_5(&doc);
        migrate(&mut conn, ":memory:").unwrap();
        let mut dialog = load(&conn, id.parse().unwrap()).unwrap().unwrap();
        assert!(dialog.doc.get("searchTags").is_none() && !dialog.has_search_tags);
        save(&conn, &dialog).unwrap();
        assert_eq!(
            search_tags(&conn, id).unwrap(),
            serde_json::json!([{"value": "Alfa"}]),
            "a save without them keeps them"
        );
        load_search_tags(&conn, &mut dialog).unwrap();
        dialog.doc.as_object_mut().unwrap().remove("searchTags");
        save(&conn, &dialog).unwrap();
        assert_eq!(search_tags(&conn, id).unwrap(), serde_json::json!([]), "a document that dropped them removes them");
    }
}
