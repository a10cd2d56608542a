//! Which credentials a command uses: a flag, then the environment, then a
//! profile. `--token`/`DP_TOKEN` wins over everything.

use std::path::Path;

use anyhow::{Context as _, Result};
use dialogporten::Environment;
use dialogporten::auth::{ClientKey, KeyError, MaskinportenConfig, SystemUser};
use std::str::FromStr;

use crate::cli::GlobalArgs;
use crate::config::{ConfigFile, Profile, config_dir};
use crate::exit::{NoCredentials, UsageError};
use crate::secrets::{Secrets, Store};

/// Scopes asked for when none are configured (the SDK's `from_env` asks for the same).
pub use dialogporten::DEFAULT_SCOPES;

/// Where a command connects, and what chose it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// `None` for the local sandbox.
    pub environment: Option<Environment>,
    /// What chose it: `--env`, `DP_BASE_URL`, `profile tt02's env`, or nothing (the sandbox).
    pub chosen_by: String,
    /// Lower-ranked settings it won over, with their values.
    pub overridden: Vec<String>,
}

impl Target {
    /// One line for `--debug`: where, chosen by what, over what.
    pub fn describe(&self) -> String {
        let place = match &self.environment {
            None => "the local sandbox".to_owned(),
            Some(Environment::Local(url)) => url.clone(),
            Some(named) => format!("{} ({})", named.base_url(), named.name()),
        };
        let mut text = format!("Dialogporten at {place}, chosen by {}", self.chosen_by);
        if !self.overridden.is_empty() {
            text.push_str(&format!(" over {}", self.overridden.join(", ")));
        }
        text
    }
}

enum Setting {
    BaseUrl(String),
    Env(String),
}

/// Where to connect: a flag wins over its variable, a variable over the
/// profile, and within one rank a base URL wins over an environment name.
pub fn target(global: &GlobalArgs, profile: Option<(&str, &Profile)>, config_path: &Path) -> Result<Target> {
    let sources = &global.sources;
    let mut candidates: Vec<(String, Setting)> = Vec::new();
    let flag_or_var = |is_flag: bool, flag: &str, var: &str| if is_flag { flag.to_owned() } else { var.to_owned() };
    let base_url = global.base_url.clone().map(|url| {
        (flag_or_var(sources.base_url_flag, "--base-url", "DP_BASE_URL"), Setting::BaseUrl(url), sources.base_url_flag)
    });
    let env = global
        .env
        .clone()
        .map(|name| (flag_or_var(sources.env_flag, "--env", "DP_ENV"), Setting::Env(name), sources.env_flag));
    for want_flag in [true, false] {
        for (label, setting, is_flag) in [&base_url, &env].into_iter().flatten() {
            if *is_flag == want_flag {
                let setting = match setting {
                    Setting::BaseUrl(url) => Setting::BaseUrl(url.clone()),
                    Setting::Env(name) => Setting::Env(name.clone()),
                };
                candidates.push((label.clone(), setting));
            }
        }
    }
    // A profile's values are checked only if they win: a flag or variable may stand in for a broken one.
    if let Some((name, profile)) = profile {
        if let Some(url) = &profile.base_url {
            candidates.push((format!("profile {name}'s base_url"), Setting::BaseUrl(url.clone())));
        }
        if let Some(env) = &profile.env {
            candidates.push((format!("profile {name}'s env"), Setting::Env(env.clone())));
        }
    }
    let mut candidates = candidates.into_iter();
    let Some((chosen_by, setting)) = candidates.next() else {
        return Ok(Target {
            environment: None,
            chosen_by: "default (no --env, --base-url or profile)".into(),
            overridden: Vec::new(),
        });
    };
    let overridden = candidates
        .map(|(label, setting)| match setting {
            Setting::BaseUrl(url) => format!("{label} {url}"),
            Setting::Env(name) => format!("{label} {name}"),
        })
        .collect();
    let invalid = |key: &str, why: String| {
        let name = profile.map(|(n, _)| n).unwrap_or_default();
        UsageError(format!("profile {name:?} in {} has a bad {key}: {why}", config_path.display()))
    };
    let from_profile = chosen_by.starts_with("profile ");
    let setting = match setting {
        Setting::BaseUrl(url) if from_profile => {
            Setting::BaseUrl(crate::cli::base_url(&url).map_err(|why| invalid("base_url", why))?)
        }
        Setting::Env(name) if from_profile => {
            Setting::Env(crate::cli::environment_name(&name).map_err(|why| invalid("env", why))?)
        }
        other => other,
    };
    let environment = match setting {
        Setting::BaseUrl(url) => Some(Environment::Local(url)),
        Setting::Env(name) if name == "local" => None,
        Setting::Env(name) => Some(Environment::from_str(&name).map_err(|e| {
            UsageError(format!("{e}: use {}, or --base-url for another server", crate::cli::ENVIRONMENT_NAMES))
        })?),
    };
    Ok(Target { environment, chosen_by, overridden })
}

/// The profile a command uses: `--profile`/`DP_PROFILE`, else the file's default, checked and loaded.
fn chosen_profile(global: &GlobalArgs, config: &ConfigFile) -> Result<Option<(String, Profile)>> {
    let name = match global.profile.clone() {
        Some(name) => name,
        None => match config.default_profile() {
            Some(name) => crate::cli::profile_name(&name)
                .map_err(|why| UsageError(format!("default_profile in {} is wrong: {why}", config.path().display())))?,
            None => return Ok(None),
        },
    };
    let profile = config.profile(&name).ok_or_else(|| {
        UsageError(format!("no profile named {name:?} in {}: see `dp profile list`", config.path().display()))
    })?;
    Ok(Some((name, profile)))
}

/// Where a command connects, and how it authenticates.
pub struct Resolved {
    /// `None` for the local sandbox.
    pub environment: Option<Environment>,
    /// What chose the environment, for `--debug` and `auth status`.
    pub target: Target,
    /// How requests authenticate.
    pub auth: Auth,
    /// Where the credentials came from, for `auth status` and `--debug`.
    pub source: String,
    /// The profile in use, if any.
    pub profile: Option<String>,
}

/// How requests authenticate.
pub enum Auth {
    /// The sandbox's development token.
    Sandbox,
    /// A ready bearer token.
    Token(String),
    /// Maskinporten with a client key.
    Maskinporten(Box<ClientCredentials>),
}

/// A Maskinporten client's credentials, before the token endpoint is known.
pub struct ClientCredentials {
    /// Client id.
    pub client_id: String,
    /// The signing key.
    pub key: ClientKey,
    /// Where the key came from (never the key itself).
    pub key_source: String,
    /// Scopes.
    pub scopes: Vec<String>,
    /// Audience restriction.
    pub resource: Option<String>,
    /// Customer for a supplier.
    pub consumer_org: Option<String>,
    /// System user.
    pub system_user: Option<SystemUser>,
}

impl ClientCredentials {
    /// The Maskinporten request for `environment`.
    pub fn config(&self, environment: &Environment) -> MaskinportenConfig {
        let mut config = MaskinportenConfig::new(environment, &self.client_id).scopes(self.scopes.iter().cloned());
        config.resource.clone_from(&self.resource);
        config.consumer_org.clone_from(&self.consumer_org);
        config.system_user.clone_from(&self.system_user);
        config
    }
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// A service owner's profile's Maskinporten request, with `key` (`None` without a client id).
pub fn profile_credentials(profile: &Profile, key: ClientKey, key_source: String) -> Option<ClientCredentials> {
    let scopes =
        if profile.scopes.is_empty() { DEFAULT_SCOPES.map(str::to_owned).to_vec() } else { profile.scopes.clone() };
    let system_user = profile
        .system_user_org
        .clone()
        .map(|org_number| SystemUser { org_number, external_ref: profile.system_user_ref.clone() });
    Some(ClientCredentials {
        client_id: profile.client_id.clone()?,
        key,
        key_source,
        scopes,
        resource: profile.resource.clone(),
        consumer_org: profile.consumer_org.clone(),
        system_user,
    })
}

/// The secret name of a profile's stored key.
pub fn key_secret(profile: &str) -> String {
    format!("key-{profile}")
}

/// The secret name of an end user's ID-porten tokens.
pub fn idporten_secret(profile: &str) -> String {
    format!("idporten-tokens-{profile}")
}

/// The secret name of a profile's PKCS#12 password.
pub fn password_secret(profile: &str) -> String {
    format!("pkcs12-password-{profile}")
}

/// A key from its text: a JWK (`{...}`) or PEM (which needs `kid`).
pub fn key_from_text(text: &str, kid: Option<&str>, what: &str) -> Result<ClientKey> {
    let form = if text.trim_start().starts_with('{') { "JWK" } else { "PEM key" };
    ClientKey::from_text(text, kid).map_err(|error| match error {
        KeyError::MissingKid => UsageError(format!("{what} is a PEM key: give its kid (--kid or DP_KID)")).into(),
        other => anyhow::Error::new(other).context(format!("{what} is not a usable {form}")),
    })
}

/// A key file: PEM, JWK, or PKCS#12 (`.p12`/`.pfx`, password from `password`).
pub fn key_from_file(path: &Path, kid: Option<&str>, password: Option<String>) -> Result<ClientKey> {
    warn_if_readable_by_others(path);
    let is_pkcs12 = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("p12") || e.eq_ignore_ascii_case("pfx"));
    if is_pkcs12 {
        let data = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        let password = password.ok_or_else(|| {
            UsageError(format!(
                "{} is a PKCS#12 file: give its password in DP_PKCS12_PASSWORD (or log in on a terminal)",
                path.display()
            ))
        })?;
        return ClientKey::from_pkcs12(&data, &password).with_context(|| format!("cannot use {}", path.display()));
    }
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    key_from_text(&text, kid, &path.display().to_string())
}

/// Warns when a private key file can be read by others, as ssh does (dp still uses it: the key may be needed now).
fn warn_if_readable_by_others(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(metadata) = std::fs::metadata(path) {
            let mode = metadata.permissions().mode() & 0o777;
            if mode & 0o077 != 0 {
                eprintln!(
                    "dp: warning: the private key {} can be read by other users (mode {mode:03o}); protect it: chmod 600 {}",
                    crate::terminal::cell(&path.display().to_string()),
                    crate::terminal::cell(&path.display().to_string())
                );
            }
        }
    }
}

pub fn profile_key(name: &str, profile: &Profile, secrets: &Secrets) -> Result<(ClientKey, String)> {
    let reference = profile.key.as_deref().ok_or_else(|| {
        NoCredentials(format!(
            "profile {name:?} has no key: run `dp auth login --profile {name}` or `dp auth keygen --profile {name}`"
        ))
    })?;
    let kid = profile.kid.as_deref();
    if reference == "stored" {
        let (text, store) = secrets.get(&key_secret(name)).ok_or_else(|| {
            NoCredentials(format!("profile {name:?}'s key is not in the keyring or the secrets directory: run `dp auth login --profile {name}` again"))
        })?;
        return Ok((
            key_from_text(&text, kid, &format!("the stored key of profile {name:?}"))?,
            format!("stored ({store})"),
        ));
    }
    if let Some(path) = reference.strip_prefix("pkcs12:").or_else(|| reference.strip_prefix("file:")) {
        let password = env("DP_PKCS12_PASSWORD").or_else(|| secrets.get(&password_secret(name)).map(|(p, _)| p));
        let key = key_from_file(Path::new(path), kid, password)?;
        return Ok((key, format!("file {path}")));
    }
    Err(UsageError(format!(
        "profile {name:?} has key = {reference:?}: use \"stored\", \"file:PATH\" or \"pkcs12:PATH\""
    ))
    .into())
}

/// Whether a command would run against the embedded sandbox.
pub fn uses_sandbox(global: &GlobalArgs) -> Result<bool> {
    let config = ConfigFile::load()?;
    let profile = chosen_profile(global, &config)?;
    let target = target(global, profile.as_ref().map(|(n, p)| (n.as_str(), p)), config.path())?;
    Ok(target.environment.is_none())
}

/// Where the command points, without credentials (`None`: the local sandbox).
pub fn environment(global: &GlobalArgs) -> Result<Option<Environment>> {
    let config = ConfigFile::load()?;
    let profile = chosen_profile(global, &config)?;
    Ok(target(global, profile.as_ref().map(|(n, p)| (n.as_str(), p)), config.path())?.environment)
}

/// Resolves the credentials for a command.
pub fn resolve(global: &GlobalArgs) -> Result<Resolved> {
    let config = ConfigFile::load()?;
    let chosen = chosen_profile(global, &config)?;
    let target = target(global, chosen.as_ref().map(|(n, p)| (n.as_str(), p)), config.path())?;
    let (profile_name, profile) = match chosen {
        Some((name, profile)) => (Some(name), Some(profile)),
        None => (None, None),
    };
    let environment = target.environment.clone();
    if let Some(token) = &global.token {
        let source = if global.sources.token_flag { "--token" } else { "DP_TOKEN" };
        return Ok(Resolved {
            environment,
            target,
            auth: Auth::Token(token.clone()),
            source: source.into(),
            profile: None,
        });
    }
    // The sandbox takes its own development token, or a client registered with it (`dp auth login
    // --env local`), through its own Maskinporten.
    let registered_locally =
        profile.as_ref().is_some_and(|p| !p.is_end_user() && p.client_id.is_some() && p.key.is_some());
    if environment.is_none() && !registered_locally {
        return Ok(Resolved {
            environment,
            target,
            auth: Auth::Sandbox,
            source: "the local sandbox".into(),
            profile: None,
        });
    }
    let secrets = Secrets::open(&config_dir()?)?;
    if environment.is_some()
        && let Some(client_id) = env("DP_CLIENT_ID")
    {
        let kid = env("DP_KID");
        let (key, key_source) = match (env("DP_KEY"), env("DP_KEY_FILE")) {
            (Some(text), _) => (key_from_text(&text, kid.as_deref(), "DP_KEY")?, "DP_KEY".to_owned()),
            (None, Some(path)) => (
                key_from_file(Path::new(&path), kid.as_deref(), env("DP_PKCS12_PASSWORD"))?,
                format!("DP_KEY_FILE {path}"),
            ),
            (None, None) => {
                return Err(
                    UsageError("DP_CLIENT_ID is set: also set DP_KEY (PEM or JWK text) or DP_KEY_FILE".into()).into()
                );
            }
        };
        let scopes = env("DP_SCOPES").map_or_else(
            || DEFAULT_SCOPES.map(str::to_owned).to_vec(),
            |s| s.split([' ', ',']).filter(|s| !s.is_empty()).map(str::to_owned).collect(),
        );
        let credentials = ClientCredentials {
            client_id,
            key,
            key_source,
            scopes,
            resource: env("DP_RESOURCE"),
            consumer_org: env("DP_CONSUMER_ORG"),
            system_user: None,
        };
        let source = "environment (DP_CLIENT_ID)".to_owned();
        return Ok(Resolved {
            environment,
            target,
            auth: Auth::Maskinporten(Box::new(credentials)),
            source,
            profile: None,
        });
    }
    if let (Some(name), Some(profile)) = (&profile_name, &profile)
        && profile.is_end_user()
    {
        let chosen = if global.profile.is_some() { "" } else { " (the default profile)" };
        return Err(UsageError(format!(
            "profile {name:?}{chosen} is an end user's (dp auth login --idporten): it serves `dp inbox`; for this command name a service owner's profile with --profile NAME (see `dp profile list`), use the local sandbox with --env local, or pass --token"
        ))
        .into());
    }
    if let (Some(name), Some(profile)) = (profile_name, profile)
        && profile.client_id.is_some()
    {
        let (key, key_source) = profile_key(&name, &profile, &secrets)?;
        let credentials = profile_credentials(&profile, key, key_source)
            .with_context(|| format!("profile {name:?} has no client id"))?;
        let source = format!("profile {name}");
        return Ok(Resolved {
            environment,
            target,
            auth: Auth::Maskinporten(Box::new(credentials)),
            source,
            profile: Some(name),
        });
    }
    let place = environment.as_ref().map_or("the local sandbox", Environment::base_url);
    Err(NoCredentials(format!(
        "no credentials for {place} (chosen by {}): run `dp auth login`, set DP_CLIENT_ID and DP_KEY, or pass --token / DP_TOKEN (or leave out --env and --base-url to use the local sandbox)",
        target.chosen_by
    ))
    .into())
}

/// The store a profile's stored secrets are in, for `auth status`.
pub fn key_store(secrets: &Secrets, profile: &str) -> Option<Store> {
    secrets.get(&key_secret(profile)).map(|(_, store)| store)
}
