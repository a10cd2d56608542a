//! `dp profile list|use|show`

use anyhow::Result;
use clap::{Args, Subcommand};
use serde_json::json;

use crate::config::{ConfigFile, config_dir};
use crate::credentials::{key_store, password_secret};
use crate::exit::UsageError;
use crate::output::{Output, cut, keep};
use crate::secrets::Secrets;

#[derive(Args, Debug)]
pub struct ProfileArgs {
    #[command(subcommand)]
    pub command: ProfileCommand,
}

#[derive(Subcommand, Debug)]
pub enum ProfileCommand {
    /// Every profile; * marks the default (a service owner's) and the one `dp inbox` reads as (a person's).
    List,
    /// Make a profile the default.
    Use {
        /// The profile.
        #[arg(value_parser = crate::cli::profile_name)]
        name: String,
    },
    /// One profile's settings and where its secrets are (never the secrets).
    Show {
        /// The profile [default: the default one].
        #[arg(value_parser = crate::cli::profile_name)]
        name: Option<String>,
    },
}

pub fn run(args: ProfileArgs, global_profile: Option<String>, output: &Output) -> Result<()> {
    let mut config = ConfigFile::load()?;
    match args.command {
        ProfileCommand::List => {
            let default = config.default_profile();
            let inbox = config.end_user_profile();
            let rows: Vec<Vec<String>> = config
                .profiles()
                .into_iter()
                .map(|(name, p)| {
                    let chosen = [&default, &inbox].iter().any(|d| d.as_deref() == Some(name.as_str()));
                    let marker = if chosen { "*" } else { "" };
                    vec![
                        format!("{name}{marker}"),
                        p.base_url.or(p.env).unwrap_or_default(),
                        p.client_id.unwrap_or_default(),
                    ]
                })
                .collect();
            let items: Vec<_> = config
                .profiles()
                .into_iter()
                .map(|(name, p)| {
                    let is = |d: &Option<String>| d.as_deref() == Some(name.as_str());
                    json!({"name": name, "default": is(&default) || is(&inbox), "kind": if p.is_end_user() { "enduser" } else { "serviceowner" }, "env": p.env, "baseUrl": p.base_url, "clientId": p.client_id})
                })
                .collect();
            output.list("profiles", &[keep("PROFILE"), cut("WHERE"), cut("CLIENT")], &rows, &items)?;
        }
        ProfileCommand::Use { name } => {
            if config.profile(&name).is_none() {
                return Err(UsageError(format!("no profile named {name:?}: see `dp profile list`")).into());
            }
            // Each kind has its default: a service owner's for the API, an end user's for `dp inbox`.
            if config.profile(&name).is_some_and(|p| p.is_end_user()) {
                config.set_default_end_user_profile(&name);
                config.save()?;
                output.line(&format!("dp inbox reads as: {name}"))?;
            } else {
                config.set_default_profile(&name);
                config.save()?;
                output.line(&format!("default profile: {name}"))?;
            }
        }
        ProfileCommand::Show { name } => {
            // The name given here, else --profile/DP_PROFILE, else the default, as every other command picks it.
            let name =
                name.or_else(|| global_profile.clone()).or_else(|| config.default_profile()).ok_or_else(|| {
                    UsageError("no profile to show: name one, or set a default with `dp profile use NAME`".into())
                })?;
            let profile = config.profile(&name).ok_or_else(|| UsageError(format!("no profile named {name:?}")))?;
            let secrets = Secrets::open(&config_dir()?)?;
            let store = key_store(&secrets, &name).or_else(|| secrets.get(&password_secret(&name)).map(|(_, s)| s));
            let mut shown = json!({
                "profile": name,
                "env": profile.env,
                "base url": profile.base_url,
                "client id": profile.client_id,
                "kid": profile.kid,
                "key": profile.key,
                "secret store": store.map(|s| s.to_string()),
                "scopes": (!profile.scopes.is_empty()).then(|| profile.scopes.join(" ")),
                "resource": profile.resource,
                "consumer org": profile.consumer_org,
                "system user org": profile.system_user_org,
                "system user ref": profile.system_user_ref,
            });
            // What is not set is left out, not shown as null.
            if let Some(map) = shown.as_object_mut() {
                map.retain(|_, value| !value.is_null());
            }
            output.record(&shown)?;
        }
    }
    Ok(())
}
