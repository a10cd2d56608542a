//! Which Dialogporten a command talks to, and the client for it.
//!
//! Credentials come from [`crate::credentials`]. Without an environment (or
//! with `--env local`), dp starts the reference server inside its own process
//! on loopback, with its data in `$XDG_DATA_HOME/dialogporten/local.db`, so
//! there is nothing to set up.

use std::sync::Arc;

use anyhow::{Context as _, Result};
use dialogporten::auth::{MaskinportenProvider, StaticToken, TokenProvider};
use dialogporten::transport::RequestLog;
use dialogporten::{Client, Environment};
use dialogporten_model::validate::Rules;

use crate::cli::GlobalArgs;
use crate::config::config_dir;
use crate::credentials::{Auth, resolve};
use crate::exit::UsageError;
use crate::sandbox::Sandbox;
use crate::secrets::{SecretTokenStore, Secrets};
use crate::wire::StderrLog;

/// How a long-running command's client retries and paces its requests.
pub struct Tuning {
    /// The retry policy.
    pub retry: dialogporten::RetryPolicy,
    /// The adaptive pace every attempt goes through, if any.
    pub pace: Option<dialogporten::pace::Pace>,
}

/// A connected client, and the sandbox behind it when there is one.
pub struct Context {
    /// The SDK client.
    pub client: Client,
    /// Where the client connects.
    pub environment: Environment,
    /// Where the credentials came from.
    pub source: String,
    /// The Maskinporten provider, when credentials are a client key.
    pub maskinporten: Option<Arc<MaskinportenProvider>>,
    /// Supplies the bearer token of every request.
    pub tokens: Arc<dyn TokenProvider>,
    /// The profile in use, if any.
    pub profile: Option<String>,
    /// What chose the environment.
    pub target: crate::credentials::Target,
    sandbox: Option<Sandbox>,
    log: Option<Arc<dyn RequestLog>>,
    timeout: std::time::Duration,
}

impl Context {
    /// Connects as the global options say.
    pub async fn connect(global: &GlobalArgs) -> Result<Self> {
        Self::connect_with(global, None).await
    }

    /// Connects, retrying failed requests as `tuning` says (the SDK's default otherwise) and pacing
    /// them by its pace, if any.
    pub async fn connect_with(global: &GlobalArgs, tuning: Option<Tuning>) -> Result<Self> {
        Self::connect_inner(global, tuning, false).await
    }

    /// Connects for `dp events listen`: a sandbox started here delivers its webhooks
    /// (those of other dp processes do not, so each event is posted once).
    pub async fn connect_delivering(global: &GlobalArgs) -> Result<Self> {
        Self::connect_inner(global, None, true).await
    }

    async fn connect_inner(global: &GlobalArgs, tuning: Option<Tuning>, delivers: bool) -> Result<Self> {
        let resolved = resolve(global)?;
        if global.debug {
            eprintln!("dp: {}", crate::terminal::cell(&resolved.target.describe()));
        }
        if let Some(environment) = &resolved.environment
            && !global.allow_insecure_http
            && !dialogporten::transport::is_safe_for_tokens(environment.base_url())
        {
            return Err(UsageError(format!(
                "{} is plain http to a host that is not loopback: the bearer token would travel unencrypted. Use https, or pass --allow-insecure-http (DP_ALLOW_INSECURE_HTTP=1) if the network is yours",
                environment.base_url()
            ))
            .into());
        }
        let (environment, sandbox) = match resolved.environment {
            Some(environment) => (environment, None),
            None => {
                let server = Sandbox::start(delivers).await?;
                (Environment::Local(server.base_url().to_owned()), Some(server))
            }
        };
        // The importer shows retries on its progress bar.
        let log: Option<Arc<dyn RequestLog>> =
            StderrLog::new(global.debug, tuning.is_some()).map(|log| Arc::new(log) as Arc<dyn RequestLog>);
        let mut maskinporten = None;
        let tokens: Arc<dyn TokenProvider> = match resolved.auth {
            Auth::Sandbox => Arc::new(StaticToken::new(crate::sandbox::TOKEN)),
            Auth::Token(token) => Arc::new(StaticToken::new(token)),
            Auth::Maskinporten(credentials) => {
                let secrets = Secrets::open(&config_dir()?)?;
                let store =
                    SecretTokenStore::new(secrets, "token", resolved.profile.as_deref().unwrap_or("environment"));
                let config = credentials.config(&environment);
                if global.debug {
                    eprintln!(
                        "dp: client {} with key {} ({}), scopes {:?}, token endpoint {}",
                        config.client_id,
                        credentials.key_source,
                        credentials.key.algorithm().as_str(),
                        config.scopes,
                        config.token_endpoint
                    );
                }
                let provider = Arc::new(
                    MaskinportenProvider::new(config, credentials.key)
                        .with_store(Arc::new(store))
                        .with_http_client(token_http_client(global.timeout)?)
                        .with_request_log(log.clone()),
                );
                maskinporten = Some(Arc::clone(&provider));
                provider
            }
        };
        if global.debug {
            eprintln!("dp: credentials from {}", resolved.source);
        }
        crate::exit::set_credentials_source(&resolved.source);
        let mut builder = Client::builder(environment.clone())
            .shared_token_provider(Arc::clone(&tokens))
            .timeout(global.timeout)
            .connect_timeout(global.timeout.min(std::time::Duration::from_secs(10)))
            .allow_plain_http(global.allow_insecure_http)
            // dp checks every body itself, by the rules its token's scopes permit, before it sends.
            .local_checks(false)
            .user_agent_product(concat!("dp/", env!("CARGO_PKG_VERSION")));
        if let Some(log) = &log {
            builder = builder.request_log(Arc::clone(log));
        }
        if let Some(tuning) = tuning {
            builder = builder.retry_policy(tuning.retry);
            if let Some(pace) = tuning.pace {
                builder = builder.pace(pace);
            }
        }
        let client = builder.build()?;
        Ok(Self {
            client,
            environment,
            source: resolved.source,
            target: resolved.target,
            maskinporten,
            tokens,
            profile: resolved.profile,
            sandbox,
            log,
            timeout: global.timeout,
        })
    }

    /// `--timeout`, for clients made later (the Altinn exchange).
    pub fn timeout(&self) -> std::time::Duration {
        self.timeout
    }

    /// The request log requests should report to (`--debug`, retries on a terminal).
    pub fn request_log(&self) -> Option<Arc<dyn RequestLog>> {
        self.log.clone()
    }

    /// The rules dp checks a body by before sending it: an ordinary caller's,
    /// plus what the scopes dp asks Maskinporten for permit (admin, legacy
    /// HTML, correspondence). A given token's scopes are unknown to dp, so it
    /// assumes none; the service's answer decides in the end. A local dp-server (the sandbox,
    /// `--env local`) also takes `http://` URLs to loopback hosts, as `dp-server --dev` does.
    pub fn rules(&self, silent: bool) -> Rules {
        let scopes = self.maskinporten.as_ref().map(|m| m.config().scopes.clone()).unwrap_or_default();
        Rules::now()
            .silent(silent)
            .permitted_by(scopes.iter().map(String::as_str))
            .loopback_http(matches!(self.environment, Environment::Local(_)))
    }

    /// Whether this is the embedded sandbox (its port changes from run to run).
    pub fn is_sandbox(&self) -> bool {
        self.sandbox.is_some()
    }

    /// Stops the sandbox, if one was started, after its last request.
    pub async fn close(self) -> Result<()> {
        if let Some(server) = self.sandbox {
            server.stop().await?;
        }
        Ok(())
    }
}

/// The HTTP client of token endpoints: `--timeout` per attempt, no redirects (a grant must not travel).
pub fn token_http_client(timeout: std::time::Duration) -> Result<dialogporten::reqwest::Client> {
    dialogporten::transport::http_client_builder()
        .timeout(timeout)
        .connect_timeout(timeout.min(std::time::Duration::from_secs(10)))
        .redirect(dialogporten::reqwest::redirect::Policy::none())
        .build()
        .context("cannot build the HTTP client for the token endpoint")
}
