//! Where secrets live: the OS keyring when one answers, else 0600 files under
//! `secrets/` in the config directory (headless Linux, CI).
//!
//! Every keyring call runs on its own thread and is abandoned after a short
//! timeout, so a keyring that hangs (a locked Secret Service prompt on a
//! server) costs seconds, not the command. `DP_SECRET_STORE=file` skips the
//! keyring altogether.

use std::fmt;
use std::path::PathBuf;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::{Context as _, Result};
use dialogporten::auth::{AccessToken, TokenStore, write_private};

/// The keyring service name entries are filed under.
const SERVICE: &str = "dialogporten-dp";
const KEYRING_TIMEOUT: Duration = Duration::from_secs(3);

/// Which store holds a secret.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Store {
    /// The OS keyring (Keychain, Credential Manager, Secret Service).
    Keyring,
    /// A 0600 file under the config directory.
    File,
}

impl fmt::Display for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Store::Keyring => "OS keyring",
            Store::File => "0600 file",
        })
    }
}

/// Tests install keyring-core's mock store instead of the platform's.
static MOCK_KEYRING: AtomicBool = AtomicBool::new(false);

/// Uses keyring-core's in-memory mock store as the keyring (for tests).
#[cfg(test)]
pub fn use_mock_keyring() {
    if let Ok(store) = keyring_core::mock::Store::new() {
        keyring_core::set_default_store(store);
        MOCK_KEYRING.store(true, Ordering::SeqCst);
    }
}

fn keyring_available() -> bool {
    static AVAILABLE: OnceLock<bool> = OnceLock::new();
    if MOCK_KEYRING.load(Ordering::SeqCst) {
        return true;
    }
    if std::env::var("DP_SECRET_STORE").is_ok_and(|v| v.eq_ignore_ascii_case("file")) {
        return false;
    }
    *AVAILABLE.get_or_init(|| with_timeout(|| keyring::Entry::store_status().is_ok()).unwrap_or(false))
}

/// Runs a keyring call on a thread; `None` if it did not answer in time.
fn with_timeout<T: Send + 'static>(call: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = sender.send(call());
    });
    receiver.recv_timeout(KEYRING_TIMEOUT).ok()
}

fn keyring_set(name: &str, secret: &str) -> bool {
    let (name, secret) = (name.to_owned(), secret.to_owned());
    with_timeout(move || keyring_core::Entry::new(SERVICE, &name).and_then(|e| e.set_password(&secret)))
        .is_some_and(|r| r.is_ok())
}

fn keyring_get(name: &str) -> Option<String> {
    let name = name.to_owned();
    with_timeout(move || keyring_core::Entry::new(SERVICE, &name).and_then(|e| e.get_password())).and_then(Result::ok)
}

fn keyring_delete(name: &str) {
    let name = name.to_owned();
    let _ = with_timeout(move || keyring_core::Entry::new(SERVICE, &name).and_then(|e| e.delete_credential()));
}

/// Secrets by name, in the keyring or in files.
#[derive(Clone, Debug)]
pub struct Secrets {
    dir: PathBuf,
}

impl Secrets {
    /// Secrets for the config directory `config_dir`.
    fn new(config_dir: &std::path::Path) -> Self {
        Self { dir: config_dir.join("secrets") }
    }

    /// Secrets for the config directory `config_dir`, refusing a secrets
    /// directory that others may write to (they could plant or swap a key).
    pub fn open(config_dir: &std::path::Path) -> Result<Self> {
        let secrets = Self::new(config_dir);
        check_private_dir(&secrets.dir)?;
        Ok(secrets)
    }

    fn file(&self, name: &str) -> PathBuf {
        // Escaping (rather than replacing) keeps two names from ever sharing a file.
        let mut safe = String::with_capacity(name.len());
        for byte in name.bytes() {
            if byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_' {
                safe.push(char::from(byte));
            } else {
                safe.push_str(&format!("%{byte:02X}"));
            }
        }
        self.dir.join(safe)
    }

    /// Keeps `secret` under `name`: in the keyring if it answers, else in a 0600 file.
    pub fn set(&self, name: &str, secret: &str) -> Result<Store> {
        if keyring_available() && keyring_set(name, secret) {
            let _ = std::fs::remove_file(self.file(name));
            return Ok(Store::Keyring);
        }
        let path = self.file(name);
        write_private(&path, secret.as_bytes()).with_context(|| format!("cannot write {}", path.display()))?;
        Ok(Store::File)
    }

    /// The secret under `name`, and where it was.
    pub fn get(&self, name: &str) -> Option<(String, Store)> {
        if let Ok(text) = std::fs::read_to_string(self.file(name)) {
            return Some((text, Store::File));
        }
        if keyring_available() {
            return keyring_get(name).map(|s| (s, Store::Keyring));
        }
        None
    }

    /// Forgets `name` in both stores; true if it was anywhere.
    pub fn delete(&self, name: &str) -> bool {
        let had = self.get(name).is_some();
        let _ = std::fs::remove_file(self.file(name));
        if keyring_available() {
            keyring_delete(name);
        }
        had
    }
}

/// Refuses `dir` when it exists and is not the owner's alone to write.
pub fn check_private_dir(dir: &std::path::Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let metadata = match std::fs::symlink_metadata(dir) {
            Ok(metadata) => metadata,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(e).with_context(|| format!("cannot look at {}", dir.display())),
        };
        if !metadata.is_dir() {
            anyhow::bail!(
                "{} is not a directory (a link or a file): dp keeps secrets only in a real directory; move it away and try again",
                dir.display()
            );
        }
        let mode = metadata.permissions().mode() & 0o777;
        if mode & 0o022 != 0 {
            anyhow::bail!(
                "{} can be written by other users (mode {mode:03o}), so a key or token there cannot be trusted: run `chmod 700 {}` and check what is in it",
                dir.display(),
                dir.display()
            );
        }
    }
    Ok(())
}

/// Cached tokens kept as secrets, so separate dp runs share them: one slot
/// per profile and kind, holding the token and the cache key it is for.
#[derive(Clone, Debug)]
pub struct SecretTokenStore {
    secrets: Secrets,
    name: String,
}

impl SecretTokenStore {
    /// The Maskinporten token slot of a profile (`kind` "token"), or the Altinn one ("altinn").
    pub fn new(secrets: Secrets, kind: &str, profile: &str) -> Self {
        Self { secrets, name: format!("{kind}-{profile}") }
    }

    /// Forgets the cached token; true if there was one.
    pub fn forget(&self) -> bool {
        self.secrets.delete(&self.name)
    }
}

impl TokenStore for SecretTokenStore {
    fn load(&self, key: &str) -> Option<AccessToken> {
        let (text, _) = self.secrets.get(&self.name)?;
        let value: serde_json::Value = serde_json::from_str(&text).ok()?;
        if value["key"].as_str() != Some(key) {
            return None;
        }
        let expires_at = value["expires_at"]
            .as_str()
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
            .map(|t| t.with_timezone(&chrono::Utc));
        Some(AccessToken::new(value["access_token"].as_str()?, expires_at))
    }

    fn save(&self, key: &str, token: &AccessToken) {
        let value = serde_json::json!({
            "key": key,
            "access_token": token.expose(),
            "expires_at": token.expires_at().map(|t| t.to_rfc3339()),
        });
        let _ = self.secrets.set(&self.name, &value.to_string());
    }

    fn clear(&self) {
        self.secrets.delete(&self.name);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir() -> PathBuf {
        std::env::temp_dir().join(format!("dp-secrets-{}", uuid::Uuid::new_v4()))
    }

    #[test]
    fn secrets_go_to_the_keyring_when_it_answers_and_files_otherwise() {
        // One test owns the process-wide keyring switch, so the two halves run in order.
        let dir = temp_dir();
        let secrets = Secrets::new(&dir);
        MOCK_KEYRING.store(false, Ordering::SeqCst);
        let forced_file = std::env::var("DP_SECRET_STORE").is_ok_and(|v| v == "file") || !keyring_available();
        if forced_file {
            assert_eq!(secrets.set("key-a", "private").unwrap(), Store::File);
            let path = secrets.file("key-a");
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
            }
            assert_eq!(secrets.get("key-a"), Some(("private".into(), Store::File)));
            assert!(secrets.delete("key-a"));
            assert!(secrets.get("key-a").is_none());
        }

        use_mock_keyring();
        assert_eq!(secrets.set("key-b", "private-b").unwrap(), Store::Keyring);
        assert!(!secrets.file("key-b").exists(), "nothing on disk when the keyring took it");
        assert_eq!(secrets.get("key-b"), Some(("private-b".into(), Store::Keyring)));
        assert!(secrets.delete("key-b"));
        assert!(secrets.get("key-b").is_none());

        let tokens = SecretTokenStore::new(secrets.clone(), "token", "p");
        let token = AccessToken::new("tok", Some(chrono::Utc::now()));
        tokens.save("cache-key-1", &token);
        assert_eq!(tokens.load("cache-key-1").unwrap().expose(), "tok");
        assert!(tokens.load("cache-key-2").is_none(), "a token for another identity is not handed out");
        assert!(tokens.forget());
        let _ = std::fs::remove_dir_all(dir);
    }
}
