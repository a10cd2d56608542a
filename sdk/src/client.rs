//! Building a [`Client`], and what it does around every request: the bearer
//! token, retries, and readable error bodies.

use std::sync::Arc;
use std::time::Duration;

use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderValue};

use crate::auth::{StaticToken, TokenProvider};
use crate::error::{AUTH_FAILURE, problem_for_status};
use crate::retry::{self, Attempts, RetryPolicy};
use crate::{Client, Environment, Error};

/// The user agent every request carries.
pub const USER_AGENT: &str = concat!("dialogporten-rs/", env!("CARGO_PKG_VERSION"));

/// What the generated client carries besides its HTTP client.
#[derive(Clone, Debug)]
pub struct ClientState {
    environment: Environment,
    tokens: Option<Arc<dyn TokenProvider>>,
    retry: RetryPolicy,
    retries: Arc<std::sync::atomic::AtomicU64>,
    pub(crate) create_urls: Option<Arc<crate::prepared::CreateUrls>>,
}

/// Configures and builds a [`Client`].
///
/// ```no_run
/// use std::time::Duration;
/// use dialogporten::{Client, Environment, RetryPolicy};
/// let client = Client::builder(Environment::Tt02)
///     .bearer_token(std::env::var("DP_TOKEN").unwrap_or_default())
///     .timeout(Duration::from_secs(30))
///     .retry_policy(RetryPolicy::default().max_attempts(8))
///     .build()?;
/// # Ok::<(), dialogporten::Error>(())
/// ```
#[derive(Debug)]
pub struct ClientBuilder {
    environment: Environment,
    tokens: Option<Arc<dyn TokenProvider>>,
    retry: RetryPolicy,
    timeout: Duration,
    connect_timeout: Duration,
    user_agent: String,
    http: Option<reqwest::Client>,
}

impl ClientBuilder {
    fn new(environment: Environment) -> Self {
        Self {
            environment,
            tokens: None,
            retry: RetryPolicy::default(),
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            user_agent: USER_AGENT.to_owned(),
            http: None,
        }
    }

    /// Where every request's bearer token comes from.
    pub fn token_provider(mut self, provider: impl TokenProvider + 'static) -> Self {
        self.tokens = Some(Arc::new(provider));
        self
    }

    /// A shared token provider (for several clients with one cache).
    pub fn shared_token_provider(mut self, provider: Arc<dyn TokenProvider>) -> Self {
        self.tokens = Some(provider);
        self
    }

    /// A fixed bearer token.
    pub fn bearer_token(self, token: impl Into<String>) -> Self {
        self.token_provider(StaticToken::new(token))
    }

    /// How to retry failed requests; [`RetryPolicy::none`] to turn retries off.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The time one attempt may take, from connect to the end of the body (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The time to establish a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Adds a product token (such as `dp/0.1.0`) in front of the SDK's user agent.
    pub fn user_agent_product(mut self, product: &str) -> Self {
        self.user_agent = format!("{product} {USER_AGENT}");
        self
    }

    /// Uses this HTTP client as it is (proxies, certificates); the timeouts
    /// and user agent of this builder are then not applied.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<Client, Error> {
        let http = match self.http {
            Some(http) => http,
            None => {
                install_crypto_provider();
                // The API answers where it is asked and never redirects; not following
                // keeps a bearer token from travelling elsewhere (and spares a URL parse per request).
                reqwest::Client::builder()
                    .redirect(reqwest::redirect::Policy::none())
                    .user_agent(self.user_agent)
                    .timeout(self.timeout)
                    .connect_timeout(self.connect_timeout)
                    .build()
                    .map_err(|e| Error::Config(format!("could not build the HTTP client: {e}")))?
            }
        };
        let base = self.environment.base_url().to_owned();
        let state = ClientState {
            environment: self.environment,
            tokens: self.tokens,
            retry: self.retry,
            retries: Arc::default(),
            create_urls: crate::prepared::CreateUrls::new(&base),
        };
        Ok(Client::new_with_client(&base, http, state))
    }
}

/// A plain HTTP client with the SDK's TLS setup, for requests outside the
/// contract (token endpoints, raw API calls).
pub fn http_client() -> reqwest::Client {
    http_client_builder().build().unwrap_or_default()
}

/// The builder behind [`http_client`], for a client with other settings
/// (a webhook sender that must not follow redirects, say).
pub fn http_client_builder() -> reqwest::ClientBuilder {
    install_crypto_provider();
    reqwest::Client::builder().user_agent(USER_AGENT)
}

/// rustls needs one process-wide crypto provider; ring keeps the build small.
pub(crate) fn install_crypto_provider() {
    // An error only means another part of the process installed one first.
    let _ = rustls::crypto::ring::default_provider().install_default();
}

impl Client {
    /// Starts configuring a client for `environment`.
    pub fn builder(environment: Environment) -> ClientBuilder {
        ClientBuilder::new(environment)
    }

    /// The environment this client talks to.
    pub fn environment(&self) -> &Environment {
        &self.inner.environment
    }

    /// The retry policy in force.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// How many requests this client (and its clones) has repeated after a
    /// retryable failure: for progress displays.
    pub fn retries(&self) -> u64 {
        self.inner.retries.load(std::sync::atomic::Ordering::Relaxed)
    }

    async fn authorize(&self, request: &mut reqwest::Request) -> Result<(), String> {
        let Some(provider) = &self.inner.tokens else {
            return Ok(());
        };
        let token = provider.token().await.map_err(|e| e.to_string())?;
        let mut value = HeaderValue::from_str(&format!("Bearer {}", token.expose()))
            .map_err(|_| "the token contains characters that cannot be sent in a header".to_owned())?;
        value.set_sensitive(true);
        request.headers_mut().insert(AUTHORIZATION, value);
        Ok(())
    }
}

impl ClientHooks<ClientState> for Client {
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        _info: &OperationInfo,
    ) -> Result<(), progenitor_client::Error<E>> {
        self.authorize(request)
            .await
            .map_err(|reason| progenitor_client::Error::Custom(format!("{AUTH_FAILURE}{reason}")))
    }

    async fn exec(&self, request: reqwest::Request, info: &OperationInfo) -> reqwest::Result<reqwest::Response> {
        let mut attempts = Attempts::new(&self.inner.retry);
        let mut request = request;
        loop {
            // Cloning shares the body bytes; whether a repeat is safe (which may
            // mean reading the body) is decided only after a retryable failure.
            let spare = if attempts.may_retry() { request.try_clone() } else { None };
            let result = self.client().execute(request).await;
            let Some(mut next) = spare else {
                return readable_errors(result).await;
            };
            let server_asked = match &result {
                Ok(response) if retry::is_retryable_status(response.status()) => retry::retry_after(response.headers()),
                Err(error) if retry::is_transient(error) => None,
                _ => return readable_errors(result).await,
            };
            if !retry::is_safe_to_repeat(info.operation_id, &next) {
                return readable_errors(result).await;
            }
            let Some(wait) = attempts.next_delay(server_asked) else {
                return readable_errors(result).await;
            };
            drop(result);
            self.inner.retries.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            tokio::time::sleep(wait).await;
            // A long wait may outlive the token; a failure here keeps the old one
            // and lets the server answer 401.
            let _ = self.authorize(&mut next).await;
            request = next;
        }
    }
}

/// Gives every error response a problem-details body.
///
/// The real service answers some errors with an empty body (401, 403, 409)
/// or plain text (503). The generated code would then fail to parse the body
/// and lose the status; a minimal problem keeps it.
async fn readable_errors(result: reqwest::Result<reqwest::Response>) -> reqwest::Result<reqwest::Response> {
    let response = result?;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return Ok(response);
    }
    let is_json =
        response.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("json"));
    if is_json {
        return Ok(response);
    }
    let mut headers = response.headers().clone();
    let text = response.text().await?;
    let detail = Some(text.trim().to_owned()).filter(|t| !t.is_empty());
    let problem = problem_for_status(status, detail);
    let body = serde_json::to_vec(&problem).unwrap_or_default();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
    headers.remove(reqwest::header::CONTENT_LENGTH);
    let mut rebuilt = http::Response::new(body);
    *rebuilt.status_mut() = status;
    *rebuilt.headers_mut() = headers;
    Ok(reqwest::Response::from(rebuilt))
}
