//! Which Dialogporten a command talks to, and the client for it.
//!
//! Credentials come from [`crate::credentials`]. Without an environment (or
//! with `--env local`), dp starts the reference server inside its own process
//! on loopback, with its data in `$XDG_DATA_HOME/dialogporten/local.db`, so
//! there is nothing to set up.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context as _, Result};
use dialogporten::auth::{MaskinportenProvider, StaticToken, TokenProvider};
use dialogporten::transport::RequestLog;
use dialogporten::{Client, Environment};
use dialogporten_server::{Config, DEV_TOKEN, Running};
use etcetera::BaseStrategy;

use crate::cli::GlobalArgs;
use crate::config::config_dir;
use crate::credentials::{Auth, resolve};
use crate::exit::UsageError;
use crate::secrets::{SecretTokenStore, Secrets};
use crate::wire::StderrLog;

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
    sandbox: Option<Running>,
    log: Option<Arc<dyn RequestLog>>,
    timeout: std::time::Duration,
}

impl Context {
    /// Connects as the global options say.
    pub async fn connect(global: &GlobalArgs) -> Result<Self> {
        Self::connect_with(global, None).await
    }

    /// Connects, retrying failed requests as `retry` says (the SDK's default otherwise).
    pub async fn connect_with(global: &GlobalArgs, retry: Option<dialogporten::RetryPolicy>) -> Result<Self> {
        Self::connect_inner(global, retry, false).await
    }

    /// Connects for `dp events listen`: a sandbox started here delivers its webhooks
    /// (those of other dp processes do not, so each event is posted once).
    pub async fn connect_delivering(global: &GlobalArgs) -> Result<Self> {
        Self::connect_inner(global, None, true).await
    }

    async fn connect_inner(
        global: &GlobalArgs,
        retry: Option<dialogporten::RetryPolicy>,
        delivers: bool,
    ) -> Result<Self> {
        let resolved = resolve(global)?;
        if global.debug {
            eprintln!("dp: {}", crate::terminal::cell(&resolved.target.describe()));
        }
        if let Some(environment) = &resolved.environment
            && !global.allow_insecure_http
            && !dialogporten::is_safe_for_tokens(environment.base_url())
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
                let server = start_sandbox(delivers).await?;
                (Environment::Local(server.base_url.clone()), Some(server))
            }
        };
        // The importer shows retries on its progress bar.
        let log: Option<Arc<dyn RequestLog>> =
            StderrLog::new(global.debug, retry.is_some()).map(|log| Arc::new(log) as Arc<dyn RequestLog>);
        let mut maskinporten = None;
        let tokens: Arc<dyn TokenProvider> = match resolved.auth {
            Auth::Sandbox => Arc::new(StaticToken::new(DEV_TOKEN)),
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
            .user_agent_product(concat!("dp/", env!("CARGO_PKG_VERSION")));
        if let Some(log) = &log {
            builder = builder.request_log(Arc::clone(log));
        }
        if let Some(retry) = retry {
            builder = builder.retry_policy(retry);
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

    /// Whether this is the embedded sandbox (its port changes from run to run).
    pub fn is_sandbox(&self) -> bool {
        self.sandbox.is_some()
    }

    /// Stops the sandbox, if one was started, after its last request.
    pub async fn close(self) -> Result<()> {
        if let Some(server) = self.sandbox {
            server.shutdown().await.context("the local sandbox did not stop cleanly")?;
        }
        Ok(())
    }
}

/// The HTTP client of token endpoints: `--timeout` per attempt, no redirects (a grant must not travel).
pub fn token_http_client(timeout: std::time::Duration) -> Result<dialogporten::reqwest::Client> {
    dialogporten::http_client_builder()
        .timeout(timeout)
        .connect_timeout(timeout.min(std::time::Duration::from_secs(10)))
        .redirect(dialogporten::reqwest::redirect::Policy::none())
        .build()
        .context("cannot build the HTTP client for the token endpoint")
}

/// Starts the embedded reference server on the sandbox database; it delivers
/// webhooks only if `delivers`.
pub async fn start_sandbox(delivers: bool) -> Result<Running> {
    let path = sandbox_database()?;
    let first_use = !path.exists();
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let mut config = Config::dev().with_database_file(&path);
    config.deliver_webhooks = delivers;
    config.log_deliveries = delivers;
    let server = dialogporten_server::spawn(config)
        .await
        .with_context(|| format!("cannot start the local sandbox on {}", path.display()))?;
    // Both are asked, so the first use also counts as this terminal's telling.
    let new_terminal = first_time_in_this_terminal();
    if first_use || new_terminal {
        eprintln!("dp: using the local sandbox ({}); pass --env or --base-url for a real Dialogporten", path.display());
    }
    Ok(server)
}

/// Whether this terminal session has not been told about the sandbox yet. A
/// session is the terminal and the shell dp runs under; scripts and CI (no
/// terminal on stderr) are told only when the sandbox is first made.
fn first_time_in_this_terminal() -> bool {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() {
        return false;
    }
    let terminal = std::fs::read_link("/proc/self/fd/2").map(|p| p.display().to_string()).unwrap_or_default();
    #[cfg(unix)]
    let shell = std::os::unix::process::parent_id();
    #[cfg(not(unix))]
    let shell = 0;
    let session = format!("{terminal} {shell}");
    let Ok(strategy) = etcetera::choose_base_strategy() else { return true };
    let marker =
        strategy.state_dir().unwrap_or_else(|| strategy.data_dir()).join("dialogporten").join("sandbox-notice");
    if std::fs::read_to_string(&marker).is_ok_and(|seen| seen == session) {
        return false;
    }
    if let Some(dir) = marker.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    // A marker that cannot be written only means the notice shows again next time.
    let _ = std::fs::write(&marker, session);
    true
}

/// `$XDG_DATA_HOME/dialogporten/local.db` (or the platform's data directory).
pub fn sandbox_database() -> Result<PathBuf> {
    let strategy = etcetera::choose_base_strategy().context("cannot find the home directory for the sandbox's data")?;
    Ok(strategy.data_dir().join("dialogporten").join("local.db"))
}
