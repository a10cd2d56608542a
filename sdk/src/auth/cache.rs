//! Reusing tokens: [`CachedToken`] in memory, and a [`TokenStore`] (such as
//! [`FileTokenStore`], one 0600 file per token) so they outlive a process.

use std::fmt;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use tokio::sync::Mutex;

use super::{AccessToken, AuthError};

/// Refresh this long before a token expires, so a request never leaves with one about to lapse.
const REFRESH_AHEAD: chrono::TimeDelta = chrono::TimeDelta::seconds(20);

/// Whether `token` is good for a request leaving now.
fn fresh(token: &AccessToken, now: DateTime<Utc>) -> bool {
    token.expires_at().is_none_or(|at| at - REFRESH_AHEAD > now)
}

/// A token reused until shortly before it expires, kept in memory and,
/// with a store, between processes. Concurrent callers share one refresh.
///
/// Every provider that fetches tokens (Maskinporten, the Altinn exchange)
/// keeps its token in one of these.
///
/// ```
/// # async fn demo() -> Result<(), dialogporten::auth::AuthError> {
/// use dialogporten::auth::{AccessToken, CachedToken};
/// let cache = CachedToken::new();
/// let first = cache.get_or_refresh(|| async { Ok(AccessToken::new("t1", None)) }).await?;
/// let again = cache.get_or_refresh(|| async { Ok(AccessToken::new("t2", None)) }).await?;
/// assert_eq!(first.expose(), again.expose());
/// # Ok(()) }
/// ```
#[derive(Default)]
pub struct CachedToken {
    current: Mutex<Option<AccessToken>>,
    store: Option<(Arc<dyn TokenStore>, String)>,
}

impl fmt::Debug for CachedToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CachedToken").field("store", &self.store.as_ref().map(|(s, k)| (s, k))).finish()
    }
}

impl CachedToken {
    /// An empty cache, in memory only.
    pub fn new() -> Self {
        Self::default()
    }

    /// The same cache also keeping its token in `store` under `key`.
    pub fn with_store(mut self, store: Arc<dyn TokenStore>, key: impl Into<String>) -> Self {
        self.store = Some((store, key.into()));
        self
    }

    /// The cached token while it is fresh, else the stored one, else what `fetch` gets (which is then kept).
    pub async fn get_or_refresh<F, Fut>(&self, fetch: F) -> Result<AccessToken, AuthError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<AccessToken, AuthError>>,
    {
        // One lock for the whole refresh: concurrent callers wait for it and reuse its token.
        let mut current = self.current.lock().await;
        let now = Utc::now();
        if let Some(token) = current.as_ref().filter(|t| fresh(t, now)) {
            return Ok(token.clone());
        }
        if let Some((store, key)) = &self.store
            && let Some(token) = store.load(key).filter(|t| fresh(t, now))
        {
            *current = Some(token.clone());
            return Ok(token);
        }
        let token = fetch().await?;
        if let Some((store, key)) = &self.store {
            store.save(key, &token);
        }
        *current = Some(token.clone());
        Ok(token)
    }
}

/// Keeps tokens between processes, by cache key.
pub trait TokenStore: Send + Sync + fmt::Debug {
    /// The token saved under `key`, if any (expired ones too; the caller checks).
    fn load(&self, key: &str) -> Option<AccessToken>;
    /// Saves `token` under `key`. Failing to save only costs a later fetch, so errors are not reported.
    fn save(&self, key: &str, token: &AccessToken);
    /// Forgets every token.
    fn clear(&self);
}

/// Tokens as files in a directory, each readable by the owner only.
#[derive(Clone, Debug)]
pub struct FileTokenStore {
    dir: PathBuf,
}

impl FileTokenStore {
    /// A store in `dir` (created on first save, 0700).
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    fn path(&self, key: &str) -> PathBuf {
        let safe: String = key.chars().filter(char::is_ascii_alphanumeric).take(64).collect();
        self.dir.join(format!("{safe}.json"))
    }
}

/// Writes `contents` to `path` readable by the owner only, replacing it atomically.
pub fn write_private(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path.parent().unwrap_or(Path::new("."));
    create_private_dir(dir)?;
    let temporary = dir.join(format!(
        ".{}.{}.tmp",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("secret"),
        std::process::id()
    ));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(&temporary)?;
    file.write_all(contents)?;
    file.sync_all()?;
    std::fs::rename(&temporary, path)
}

/// Creates `dir` (and parents) readable by the owner only; refuses an
/// existing one that others may write to (they could swap what is in it).
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    if dir.is_dir() {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir)?.permissions().mode() & 0o777;
            if mode & 0o022 != 0 {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::PermissionDenied,
                    format!("{} can be written by other users (mode {mode:03o}): run chmod 700 on it", dir.display()),
                ));
            }
        }
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

impl TokenStore for FileTokenStore {
    fn load(&self, key: &str) -> Option<AccessToken> {
        let text = std::fs::read_to_string(self.path(key)).ok()?;
        let value: Value = serde_json::from_str(&text).ok()?;
        let token = value["access_token"].as_str()?;
        let expires_at = value["expires_at"]
            .as_str()
            .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
            .map(|t| t.with_timezone(&Utc));
        Some(AccessToken::new(token, expires_at))
    }

    fn save(&self, key: &str, token: &AccessToken) {
        let value = json!({"access_token": token.expose(), "expires_at": token.expires_at().map(|t| t.to_rfc3339())});
        let _ = write_private(&self.path(key), value.to_string().as_bytes());
    }

    fn clear(&self) {
        if let Ok(entries) = std::fs::read_dir(&self.dir) {
            for entry in entries.flatten() {
                if entry.path().extension().is_some_and(|e| e == "json") {
                    let _ = std::fs::remove_file(entry.path());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_survive_in_owner_only_files() {
        let dir = std::env::temp_dir().join(format!("dp-token-store-{}", uuid::Uuid::new_v4()));
        let store = FileTokenStore::new(&dir);
        assert!(store.load("k").is_none());
        let expires = Utc::now() + chrono::TimeDelta::seconds(100);
        store.save("k", &AccessToken::new("secret-token", Some(expires)));
        let loaded = store.load("k").unwrap();
        assert_eq!(loaded.expose(), "secret-token");
        assert_eq!(loaded.expires_at().map(|t| t.timestamp()), Some(expires.timestamp()));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(store.path("k")).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
            let dir_mode = std::fs::metadata(&dir).unwrap().permissions().mode();
            assert_eq!(dir_mode & 0o777, 0o700);
        }
        store.clear();
        assert!(store.load("k").is_none());
        let _ = std::fs::remove_dir_all(dir);
    }
}
