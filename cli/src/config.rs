//! `config.toml`: named profiles and the default one, edited in place so
//! comments and ordering the user wrote survive.

use std::path::PathBuf;

use anyhow::{Context as _, Result};
use etcetera::BaseStrategy;
use toml_edit::{Array, DocumentMut, Item, Table, value};

/// Where dp keeps its configuration: `DP_CONFIG_DIR`, else `$XDG_CONFIG_HOME/dialogporten`.
pub fn config_dir() -> Result<PathBuf> {
    if let Some(dir) = std::env::var_os("DP_CONFIG_DIR").filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    let strategy = etcetera::choose_base_strategy().context("cannot find the home directory for dp's configuration")?;
    Ok(strategy.config_dir().join("dialogporten"))
}

/// One profile: where and as whom.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Profile {
    /// local, test, tt02, yt01 or prod.
    pub env: Option<String>,
    /// A base URL instead of `env`.
    pub base_url: Option<String>,
    /// The Maskinporten client id.
    pub client_id: Option<String>,
    /// The key id the public key is registered under.
    pub kid: Option<String>,
    /// Where the key is: `stored` (in the secret store), `file:PATH` (PEM or JWK) or `pkcs12:PATH`.
    pub key: Option<String>,
    /// Scopes to ask for.
    pub scopes: Vec<String>,
    /// Audience restriction.
    pub resource: Option<String>,
    /// The customer a supplier acts for.
    pub consumer_org: Option<String>,
    /// A system user's organisation number.
    pub system_user_org: Option<String>,
    /// The system user's external reference.
    pub system_user_ref: Option<String>,
    /// `enduser` for a person's profile (`dp auth login --idporten`): `client_id` is then the
    /// ID-porten client, and the profile serves `dp inbox`, not the service-owner commands.
    pub kind: Option<String>,
}

/// The `kind` of an end user's profile.
pub const END_USER: &str = "enduser";

impl Profile {
    /// Whether this is an end user's profile.
    pub fn is_end_user(&self) -> bool {
        self.kind.as_deref() == Some(END_USER)
    }
}

const KEYS: [&str; 11] = [
    "env",
    "base_url",
    "client_id",
    "kid",
    "key",
    "scopes",
    "resource",
    "consumer_org",
    "system_user_org",
    "system_user_ref",
    "kind",
];

/// The configuration file.
pub struct ConfigFile {
    path: PathBuf,
    doc: DocumentMut,
    new: bool,
}

const HEADER: &str = "\
# dp configuration. Edit freely: dp keeps your comments.
# Secrets (private keys, certificate passwords, tokens) are not kept here:
# they go to the OS keyring, or to 0600 files under secrets/ beside this file.
";

impl ConfigFile {
    /// Reads `config.toml` in [`config_dir`] (an empty one if it is missing).
    pub fn load() -> Result<Self> {
        let path = config_dir()?.join("config.toml");
        let (text, new) = match std::fs::read_to_string(&path) {
            Ok(text) => (text, false),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (String::new(), true),
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
        };
        let doc = text
            .parse::<DocumentMut>()
            .map_err(|e| crate::exit::UsageError(format!("{} is not valid TOML: {e}", path.display())))?;
        Ok(Self { path, doc, new })
    }

    /// Where it lives.
    pub fn path(&self) -> &PathBuf {
        &self.path
    }

    /// Writes it back whole or not at all: to a temporary file beside it, then renamed over it, so
    /// a failure or a crash midway leaves the file as it was.
    pub fn save(&self) -> Result<()> {
        use std::io::Write as _;
        let dir = self.path.parent().map(std::path::Path::to_path_buf).unwrap_or_default();
        std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let text = if self.new { format!("{HEADER}\n{}", self.doc) } else { self.doc.to_string() };
        let temporary = dir.join(format!(".config.toml.{}.tmp", std::process::id()));
        let written = std::fs::File::create(&temporary)
            .and_then(|mut file| {
                file.write_all(text.as_bytes())?;
                file.sync_all()
            })
            .and_then(|()| std::fs::rename(&temporary, &self.path));
        if written.is_err() {
            let _ = std::fs::remove_file(&temporary);
        }
        written.with_context(|| format!("cannot write {}", self.path.display()))
    }

    /// The profile used when none is named: a service owner's (older versions of dp may have
    /// made an end user's the default; commands say so when they meet one).
    pub fn default_profile(&self) -> Option<String> {
        self.doc.get("default_profile").and_then(Item::as_str).map(str::to_owned)
    }

    /// Makes `name` the default.
    pub fn set_default_profile(&mut self, name: &str) {
        self.doc["default_profile"] = value(name);
    }

    /// Leaves no profile the default.
    pub fn clear_default_profile(&mut self) {
        self.doc.remove("default_profile");
    }

    /// The end user's profile `dp inbox` uses when none is named.
    pub fn default_end_user_profile(&self) -> Option<String> {
        self.doc.get("default_end_user_profile").and_then(Item::as_str).map(str::to_owned)
    }

    /// Makes `name` the profile `dp inbox` uses when none is named.
    pub fn set_default_end_user_profile(&mut self, name: &str) {
        self.doc["default_end_user_profile"] = value(name);
    }

    /// The end user's profile `dp inbox` uses when none is named: the one the last end-user login
    /// chose, else a default profile that is an end user's (as older versions of dp set it).
    pub fn end_user_profile(&self) -> Option<String> {
        self.default_end_user_profile()
            .filter(|name| self.profile(name).is_some_and(|p| p.is_end_user()))
            .or_else(|| self.default_profile().filter(|name| self.profile(name).is_some_and(|p| p.is_end_user())))
    }

    fn profiles_table(&self) -> Option<&Table> {
        self.doc.get("profiles").and_then(Item::as_table)
    }

    /// Every profile, in file order.
    pub fn profiles(&self) -> Vec<(String, Profile)> {
        let Some(table) = self.profiles_table() else { return Vec::new() };
        table.iter().filter_map(|(name, item)| item.as_table().map(|t| (name.to_owned(), read_profile(t)))).collect()
    }

    /// One profile.
    pub fn profile(&self, name: &str) -> Option<Profile> {
        self.profiles_table()?.get(name)?.as_table().map(read_profile)
    }

    /// Creates or updates a profile; keys it does not set are removed, other lines are kept.
    pub fn set_profile(&mut self, name: &str, profile: &Profile) {
        if !self.doc.contains_table("profiles") {
            let mut profiles = Table::new();
            profiles.set_implicit(true);
            self.doc["profiles"] = Item::Table(profiles);
        }
        let profiles = self.doc["profiles"].as_table_mut().expect("profiles was made a table above");
        if !profiles.contains_table(name) {
            profiles.insert(name, Item::Table(Table::new()));
        }
        let table = profiles[name].as_table_mut().expect("the profile was made a table above");
        let text = |v: &Option<String>| v.as_ref().map(|s| value(s.as_str()));
        let scopes = (!profile.scopes.is_empty()).then(|| {
            let mut array = Array::new();
            profile.scopes.iter().for_each(|s| array.push(s.as_str()));
            value(array)
        });
        let values = [
            text(&profile.env),
            text(&profile.base_url),
            text(&profile.client_id),
            text(&profile.kid),
            text(&profile.key),
            scopes,
            text(&profile.resource),
            text(&profile.consumer_org),
            text(&profile.system_user_org),
            text(&profile.system_user_ref),
            text(&profile.kind),
        ];
        for (key, item) in KEYS.iter().zip(values) {
            match item {
                Some(item) => {
                    // Keep the decoration (comments) of an existing value.
                    match table.get_mut(key).and_then(Item::as_value_mut) {
                        Some(existing) => {
                            let decor = existing.decor().clone();
                            if let Ok(new) = item.into_value() {
                                *existing = new;
                                *existing.decor_mut() = decor;
                            }
                        }
                        None => {
                            table.insert(key, item);
                        }
                    }
                }
                None => {
                    table.remove(key);
                }
            }
        }
    }
}

fn read_profile(table: &Table) -> Profile {
    let text = |key: &str| table.get(key).and_then(Item::as_str).map(str::to_owned);
    let scopes = table
        .get("scopes")
        .and_then(Item::as_array)
        .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect())
        .or_else(|| text("scopes").map(|s| s.split_whitespace().map(str::to_owned).collect()))
        .unwrap_or_default();
    Profile {
        env: text("env"),
        base_url: text("base_url"),
        client_id: text("client_id"),
        kid: text("kid"),
        key: text("key"),
        scopes,
        resource: text("resource"),
        consumer_org: text("consumer_org"),
        system_user_org: text("system_user_org"),
        system_user_ref: text("system_user_ref"),
        kind: text("kind"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editing_a_profile_keeps_comments_and_other_profiles() {
        let text = "# mine\ndefault_profile = \"tt02\"\n\n[profiles.tt02]\n# the test client\nclient_id = \"old\" # inline\nenv = \"tt02\"\n\n[profiles.prod]\nenv = \"prod\"\n";
        let mut file = ConfigFile { path: PathBuf::from("config.toml"), doc: text.parse().unwrap(), new: false };
        let mut profile = file.profile("tt02").unwrap();
        assert_eq!(profile.client_id.as_deref(), Some("old"));
        profile.client_id = Some("new".into());
        profile.scopes = vec!["a".into(), "b".into()];
        file.set_profile("tt02", &profile);
        let out = file.doc.to_string();
        assert!(out.contains("# mine") && out.contains("# the test client") && out.contains("# inline"), "{out}");
        assert!(out.contains("client_id = \"new\""), "{out}");
        assert!(out.contains("[profiles.prod]"));
        assert_eq!(file.profile("tt02").unwrap().scopes, ["a", "b"]);
        assert_eq!(file.profiles().len(), 2);
    }
}
