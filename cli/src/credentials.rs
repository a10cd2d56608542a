//! Which credentials a command uses: a flag, then the environment, then a
//! profile. `--token`/`DP_TOKEN` wins over everything.

use std::path::Path;

use anyhow::{Context as _, Result};
use dialogporten::Environment;
use dialogporten::auth::{ClientKey, MaskinportenConfig, SystemUser};
use std::str::FromStr;

use crate::cli::GlobalArgs;
use crate::config::{ConfigFile, Profile, config_dir};
use crate::exit::{NoCredentials, UsageError};
use crate::secrets::{Secrets, Store};

/// Scopes asked for when none are configured.
pub const DEFAULT_SCOPES: [&str; 2] =
    ["digdir:dialogporten.serviceprovider", "digdir:dialogporten.serviceprovider.search"];

/// Where a command connects, and how it authenticates.
pub struct Resolved {
    /// `None` for the local sandbox.
    pub environment: Option<Environment>,
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

/// The secret name of a profile's stored key.
pub fn key_secret(profile: &str) -> String {
    format!("key-{profile}")
}

/// The secret name of a profile's PKCS#12 password.
pub fn password_secret(profile: &str) -> String {
    format!("pkcs12-password-{profile}")
}

/// A key from its text: a JWK (`{...}`) or PEM (which needs `kid`).
pub fn key_from_text(text: &str, kid: Option<&str>, what: &str) -> Result<ClientKey> {
    let key = if text.trim_start().starts_with('{') {
        let key = ClientKey::from_jwk(text).with_context(|| format!("{what} is not a usable JWK"))?;
        match kid {
            Some(kid) => key.with_kid(kid),
            None => key,
        }
    } else {
        let kid = kid.ok_or_else(|| UsageError(format!("{what} is a PEM key: give its kid (--kid or DP_KID)")))?;
        ClientKey::from_pem(text, kid).with_context(|| format!("{what} is not a usable PEM key"))?
    };
    Ok(key)
}

/// A key file: PEM, JWK, or PKCS#12 (`.p12`/`.pfx`, password from `password`).
pub fn key_from_file(path: &Path, kid: Option<&str>, password: Option<String>) -> Result<ClientKey> {
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

fn profile_key(name: &str, profile: &Profile, secrets: &Secrets) -> Result<(ClientKey, String)> {
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

/// Whether a command would run against the embedded sandbox (no --env, --base-url or profile saying otherwise).
pub fn uses_sandbox(global: &GlobalArgs) -> Result<bool> {
    let config = ConfigFile::load()?;
    let profile = global.profile.clone().or_else(|| config.default_profile()).and_then(|name| config.profile(&name));
    let base_url = global.base_url.is_some() || profile.as_ref().is_some_and(|p| p.base_url.is_some());
    let env_name = global.env.clone().or_else(|| profile.and_then(|p| p.env.clone()));
    Ok(!base_url && matches!(env_name.as_deref(), None | Some("local")))
}

/// Resolves the credentials for a command.
pub fn resolve(global: &GlobalArgs) -> Result<Resolved> {
    let config = ConfigFile::load()?;
    let profile_name = global.profile.clone().or_else(|| config.default_profile());
    let profile = match &profile_name {
        Some(name) => Some(config.profile(name).ok_or_else(|| {
            UsageError(format!("no profile named {name:?} in {}: see `dp profile list`", config.path().display()))
        })?),
        None => None,
    };
    // Environment: flag or its variable (clap reads DP_ENV/DP_BASE_URL into the flags), then the profile.
    let base_url = global.base_url.clone().or_else(|| profile.as_ref().and_then(|p| p.base_url.clone()));
    let env_name = global.env.clone().or_else(|| profile.as_ref().and_then(|p| p.env.clone()));
    let environment = match (base_url, env_name.as_deref()) {
        (Some(url), _) => Some(Environment::Local(url.trim_end_matches('/').to_owned())),
        (None, None | Some("local")) => None,
        (None, Some(name)) => Some(Environment::from_str(name).map_err(|e| {
            UsageError(format!("{e}: use local, test, tt02, yt01 or prod, or --base-url for another server"))
        })?),
    };
    if let Some(token) = &global.token {
        let source = if env("DP_TOKEN").as_deref() == Some(token.as_str()) { "DP_TOKEN" } else { "--token" };
        return Ok(Resolved { environment, auth: Auth::Token(token.clone()), source: source.into(), profile: None });
    }
    let secrets = Secrets::new(&config_dir()?);
    if let Some(client_id) = env("DP_CLIENT_ID") {
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
        return Ok(Resolved { environment, auth: Auth::Maskinporten(Box::new(credentials)), source, profile: None });
    }
    if let (Some(name), Some(profile)) = (profile_name, profile)
        && let Some(client_id) = profile.client_id.clone()
    {
        let (key, key_source) = profile_key(&name, &profile, &secrets)?;
        let scopes =
            if profile.scopes.is_empty() { DEFAULT_SCOPES.map(str::to_owned).to_vec() } else { profile.scopes.clone() };
        let system_user = profile
            .system_user_org
            .clone()
            .map(|org_number| SystemUser { org_number, external_ref: profile.system_user_ref.clone() });
        let credentials = ClientCredentials {
            client_id,
            key,
            key_source,
            scopes,
            resource: profile.resource.clone(),
            consumer_org: profile.consumer_org.clone(),
            system_user,
        };
        let source = format!("profile {name}");
        return Ok(Resolved {
            environment,
            auth: Auth::Maskinporten(Box::new(credentials)),
            source,
            profile: Some(name),
        });
    }
    match &environment {
        None => Ok(Resolved { environment: None, auth: Auth::Sandbox, source: "the local sandbox".into(), profile: None }),
        Some(environment) => Err(NoCredentials(format!(
            "no credentials for {}: run `dp auth login`, set DP_CLIENT_ID and DP_KEY, or pass --token / DP_TOKEN (or leave out --env and --base-url to use the local sandbox)",
            environment.base_url()
        ))
        .into()),
    }
}

/// The store a profile's stored secrets are in, for `auth status`.
pub fn key_store(secrets: &Secrets, profile: &str) -> Option<Store> {
    secrets.get(&key_secret(profile)).map(|(_, store)| store)
}
