//! Which Dialogporten a command talks to, and the client for it.
//!
//! `--base-url` wins over `--env`; with neither (or `--env local`), dp starts
//! the reference server inside its own process on loopback, with its data in
//! `$XDG_DATA_HOME/dialogporten/local.db`, so there is nothing to set up.

use std::path::PathBuf;
use std::str::FromStr;

use anyhow::{Context as _, Result};
use dialogporten::{Client, Environment};
use dialogporten_server::{Config, DEV_TOKEN, Running};
use etcetera::BaseStrategy;

use crate::cli::GlobalArgs;
use crate::exit::{NoCredentials, UsageError};

/// A connected client, and the sandbox behind it when there is one.
pub struct Context {
    /// The SDK client.
    pub client: Client,
    /// The bearer token, for `dp api`'s raw requests; never printed.
    bearer: String,
    sandbox: Option<Running>,
}

impl Context {
    /// Connects as the global options say.
    pub async fn connect(global: &GlobalArgs) -> Result<Self> {
        let environment = match (&global.base_url, global.env.as_deref()) {
            (Some(url), _) => Some(Environment::Local(url.trim_end_matches('/').to_owned())),
            (None, None | Some("local")) => None,
            (None, Some(name)) => Some(Environment::from_str(name).map_err(|e| {
                UsageError(format!("{e}: use local, test, tt02, yt01 or prod, or --base-url for another server"))
            })?),
        };
        match environment {
            Some(environment) => {
                let token = global.token.clone().ok_or_else(|| {
                    NoCredentials(format!(
                        "no credentials for {}: pass --token or set DP_TOKEN (or leave out --env and --base-url to use the local sandbox)",
                        environment.base_url()
                    ))
                })?;
                let client = Client::builder(environment).bearer_token(token.clone()).build()?;
                Ok(Self { client, bearer: token, sandbox: None })
            }
            None => Self::sandbox().await,
        }
    }

    async fn sandbox() -> Result<Self> {
        let path = sandbox_database()?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }
        let server = dialogporten_server::spawn(Config::dev().with_database_file(&path))
            .await
            .with_context(|| format!("cannot start the local sandbox on {}", path.display()))?;
        eprintln!("dp: using the local sandbox ({}); pass --env or --base-url for a real Dialogporten", path.display());
        let client = Client::builder(Environment::Local(server.base_url.clone())).bearer_token(DEV_TOKEN).build()?;
        Ok(Self { client, bearer: DEV_TOKEN.to_owned(), sandbox: Some(server) })
    }

    /// The bearer token the client sends.
    pub fn bearer(&self) -> &str {
        &self.bearer
    }

    /// Stops the sandbox, if one was started, after its last request.
    pub async fn close(self) -> Result<()> {
        if let Some(server) = self.sandbox {
            server.shutdown().await.context("the local sandbox did not stop cleanly")?;
        }
        Ok(())
    }
}

/// `$XDG_DATA_HOME/dialogporten/local.db` (or the platform's data directory).
pub fn sandbox_database() -> Result<PathBuf> {
    let strategy = etcetera::choose_base_strategy().context("cannot find the home directory for the sandbox's data")?;
    Ok(strategy.data_dir().join("dialogporten").join("local.db"))
}
