//! Building a [`Client`], and what it does around every request: the bearer
//! token, retries, and readable error bodies.

use std::sync::Arc;
use std::time::Duration;

use progenitor_client::{ClientHooks, OperationInfo};

use crate::auth::{AuthError, StaticToken, TokenProvider};
use crate::error::{AUTH_FAILURE, AUTH_FAILURE_ID_END, BODY_TOO_LARGE, LOCAL_REFUSAL, TOKEN_UNREACHABLE};
use crate::retry::{self, RetryPolicy};
use crate::transport::{RequestLog, Transport, check_body_size};
use crate::{Client, Environment, Error};

/// The user agent every request carries.
pub const USER_AGENT: &str = concat!("dialogporten-rs/", env!("CARGO_PKG_VERSION"));

/// What the generated client carries besides its HTTP client: the
/// [`Transport`] every request goes through.
#[derive(Clone, Debug)]
pub struct ClientState {
    environment: Environment,
    transport: Transport,
    pub(crate) create_urls: Option<Arc<crate::prepared::CreateUrls>>,
    hook_failures: Arc<HookFailures>,
    local_checks: bool,
    /// The policy for creates, which repeat only when they carry their own id or key.
    create_retry: RetryPolicy,
}

/// Failures of the request hook (a token that could not be had, a body the local checks
/// refused) on their way to the operation's `send()`: the hook may only return text, `send()`
/// returns them typed.
#[derive(Debug, Default)]
struct HookFailures {
    next: std::sync::atomic::AtomicU64,
    waiting: std::sync::Mutex<std::collections::HashMap<u64, Error>>,
}

impl HookFailures {
    fn keep(&self, error: Error) -> u64 {
        let id = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.waiting.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert(id, error);
        id
    }

    fn take(&self, id: u64) -> Option<Error> {
        self.waiting.lock().unwrap_or_else(std::sync::PoisonError::into_inner).remove(&id)
    }
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
    retry: Option<RetryPolicy>,
    timeout: Duration,
    connect_timeout: Duration,
    user_agent: String,
    http: Option<reqwest::Client>,
    log: Option<Arc<dyn RequestLog>>,
    plain_http: bool,
    pace: Option<crate::pace::Pace>,
    local_checks: bool,
    credentials: Option<&'static str>,
}

impl ClientBuilder {
    fn new(environment: Environment) -> Self {
        Self {
            environment,
            tokens: None,
            retry: None,
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            user_agent: USER_AGENT.to_owned(),
            http: None,
            log: None,
            plain_http: false,
            pace: None,
            local_checks: true,
            credentials: None,
        }
    }

    pub(crate) fn credentials_from(mut self, source: &'static str) -> Self {
        self.credentials = Some(source);
        self
    }

    /// Where [`from_env`](Self::from_env) took the credentials from (`DP_TOKEN`, `DP_CLIENT_ID
    /// with DP_KEY_FILE`), and what it left unused when several were set; `None` for a builder
    /// not made from the environment.
    ///
    /// ```
    /// use dialogporten::ClientBuilder;
    /// let vars = [("DP_TOKEN", "ey…"), ("DP_CLIENT_ID", "my-client")];
    /// let builder = ClientBuilder::from_vars(|name| vars.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string()))?;
    /// assert!(builder.credentials().unwrap().starts_with("DP_TOKEN (DP_CLIENT_ID is set too and not used"));
    /// # Ok::<(), dialogporten::Error>(())
    /// ```
    pub fn credentials(&self) -> Option<&'static str> {
        self.credentials
    }

    /// Whether creates and updates are checked against the model's rules before they are sent
    /// (on by default, as `dp` checks them): a body the service would refuse with 400 is then
    /// refused without a request, as the same [`Error::Api`] with the same field errors
    /// ([`ApiError::is_local`](crate::ApiError::is_local) tells them apart). Rules that depend on
    /// the token's scopes or on the time are left to the service.
    ///
    /// ```no_run
    /// # async fn demo() -> Result<(), dialogporten::Error> {
    /// use dialogporten::{Client, ErrorKind, bodies::nb, types::CreateDialog};
    /// let client = Client::from_env()?;
    /// let titled = CreateDialog::new("urn:altinn:organization:identifier-no:991825827", "urn:altinn:resource:x", nb("Hei"));
    /// let untitled = CreateDialog { content: None, ..titled };
    /// let refused = client.create_dialog().body(untitled).send().await.unwrap_err();
    /// assert_eq!(refused.kind(), Some(ErrorKind::BadRequest));
    /// # Ok(()) }
    /// ```
    pub fn local_checks(mut self, on: bool) -> Self {
        self.local_checks = on;
        self
    }

    /// Paces every attempt of every request by `pace`: an adaptive concurrency limit (and rate),
    /// learned from latency, 429/503 and `Retry-After`/`X-RateLimit-*` answers (see [`crate::pace`]).
    /// Without one, as many requests are in flight as the caller sends.
    pub fn pace(mut self, pace: crate::pace::Pace) -> Self {
        self.pace = Some(pace);
        self
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

    /// Tokens from Maskinporten, for the client `client_id` registered there with `key`, in
    /// this builder's environment, with the service-owner scopes ([`DEFAULT_SCOPES`](crate::DEFAULT_SCOPES)).
    /// For other scopes, build a [`MaskinportenProvider`](crate::auth::MaskinportenProvider)
    /// and pass it to [`token_provider`](Self::token_provider).
    ///
    /// ```no_run
    /// # async fn demo() -> Result<(), dialogporten::Error> {
    /// use dialogporten::{Client, Environment, auth::ClientKey};
    /// let key = ClientKey::from_file(std::path::Path::new("key.json"), None, None)?;
    /// let client = Client::builder(Environment::Tt02).maskinporten("my-client-id", key).build()?;
    /// # Ok(()) }
    /// ```
    pub fn maskinporten(self, client_id: impl Into<String>, key: crate::auth::ClientKey) -> Self {
        let config = crate::auth::MaskinportenConfig::new(&self.environment, client_id).scopes(crate::DEFAULT_SCOPES);
        self.token_provider(crate::auth::MaskinportenProvider::new(config, key))
    }

    /// A fixed bearer token.
    pub fn bearer_token(self, token: impl Into<String>) -> Self {
        self.token_provider(StaticToken::new(token))
    }

    /// How to retry failed requests, all of them; [`RetryPolicy::none`] to turn retries off.
    /// Without it, creates retry by [`RetryPolicy::patient`] (a create is repeated only when
    /// it carries its own `id` or `idempotentKey`, so a repeat cannot make a second dialog, and
    /// an import should wait out trouble) and everything else by [`RetryPolicy::default`].
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
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

    /// Tells `log` about every attempt of every request (method, URL, status,
    /// time, retries; never headers or bodies).
    pub fn request_log(mut self, log: Arc<dyn RequestLog>) -> Self {
        self.log = Some(log);
        self
    }

    /// Allows sending the bearer token over plain `http://` to a host that is
    /// not a loopback address. Off by default: anyone on the path could take
    /// the token.
    pub fn allow_plain_http(mut self, allow: bool) -> Self {
        self.plain_http = allow;
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<Client, Error> {
        let (base, http, state) = self.parts()?;
        Ok(Client::new_with_client(&base, http, state))
    }

    /// The end-user API's client, with the same transport (a person's token, retries, log).
    ///
    /// ```no_run
    /// # async fn demo(person_token: String) -> Result<(), dialogporten::Error> {
    /// use dialogporten::{Client, Environment};
    /// let inbox = Client::builder(Environment::Tt02).bearer_token(person_token).build_end_user()?;
    /// let parties = inbox.get_parties().send().await?.into_inner();
    /// # Ok(()) }
    /// ```
    pub fn build_end_user(self) -> Result<crate::enduser::Client, Error> {
        let (base, http, state) = self.parts()?;
        Ok(crate::enduser::Client::new_with_client(&base, http, state))
    }

    fn parts(self) -> Result<(String, reqwest::Client, ClientState), Error> {
        let base_url = self.environment.base_url();
        let parsed =
            reqwest::Url::parse(base_url).ok().filter(|u| matches!(u.scheme(), "http" | "https") && u.has_host());
        if parsed.is_none() {
            return Err(Error::Config(format!(
                "the base URL {base_url:?} is not an http(s) URL with a host: write it like http://127.0.0.1:5280"
            )));
        }
        if self.tokens.is_some() && !self.plain_http && !is_safe_for_tokens(self.environment.base_url()) {
            return Err(Error::Config(format!(
                "{} is plain http to a host that is not loopback: a bearer token would travel unencrypted (use https, or allow it with ClientBuilder::allow_plain_http)",
                self.environment.base_url()
            )));
        }
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
        let create_retry = self.retry.clone().unwrap_or_else(RetryPolicy::patient);
        let mut transport = Transport::new(http.clone())
            .with_retry(self.retry.unwrap_or_default())
            .with_log(self.log)
            .with_pace(self.pace);
        if let Some(tokens) = self.tokens {
            transport = transport.with_tokens(tokens);
        }
        let state = ClientState {
            environment: self.environment,
            transport,
            create_urls: crate::prepared::CreateUrls::new(&base),
            hook_failures: Arc::default(),
            local_checks: self.local_checks,
            create_retry,
        };
        Ok((base, http, state))
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

/// The HTTP client of token endpoints and Altinn Events: the SDK's TLS setup,
/// 30 s per attempt, no redirects (a grant or token must not travel elsewhere).
pub(crate) fn default_http_client() -> reqwest::Client {
    http_client_builder()
        .timeout(Duration::from_secs(30))
        .connect_timeout(Duration::from_secs(10))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap_or_default()
}

/// rustls needs one process-wide crypto provider: aws-lc-rs, the one JWTs are signed with too.
pub(crate) fn install_crypto_provider() {
    // An error only means another part of the process installed one first.
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
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
        self.inner.transport.retry_policy()
    }

    /// The transport every request of this client goes through: for requests
    /// outside the contract with the same token, retries and log.
    pub fn transport(&self) -> &Transport {
        &self.inner.transport
    }

    /// How many requests this client (and its clones) has repeated after a
    /// retryable failure: for progress displays.
    pub fn retries(&self) -> u64 {
        self.inner.transport.retries()
    }

    /// The Altinn Events feed and subscriptions of this client's environment, through the same
    /// transport (token, retries, log). Altinn Events takes an Altinn token: give the client an
    /// [`AltinnTokenProvider`](crate::auth::AltinnTokenProvider) (dp-server's development token
    /// works as it is).
    pub fn events(&self) -> crate::events::EventsClient {
        crate::events::EventsClient::with_transport(self.environment().altinn_platform_url(), self.transport().clone())
    }

    /// The SDK's error for what a generated operation returned, with a token failure typed.
    /// Every operation's `send()` calls this (`cargo xtask generate` writes it so).
    pub(crate) fn error_from(&self, error: progenitor_client::Error<crate::types::ProblemDetails>) -> Error {
        self.inner.error_from(error)
    }
}

impl ClientState {
    pub(crate) fn environment(&self) -> &Environment {
        &self.environment
    }

    pub(crate) fn error_from(&self, error: progenitor_client::Error<crate::types::ProblemDetails>) -> Error {
        if let progenitor_client::Error::Custom(message) = &error
            && let Some(rest) = message.strip_prefix(AUTH_FAILURE).or_else(|| message.strip_prefix(LOCAL_REFUSAL))
            && let Some((id, _)) = rest.split_once(AUTH_FAILURE_ID_END)
            && let Some(typed) = id.parse().ok().and_then(|id| self.hook_failures.take(id))
        {
            return typed;
        }
        Error::from(error)
    }

    /// Before every request of either client: the body's size, then the bearer token.
    pub(crate) async fn before<E>(&self, request: &mut reqwest::Request) -> Result<(), progenitor_client::Error<E>> {
        Self::check_size(request).map_err(|message| progenitor_client::Error::<E>::Custom(message))?;
        self.transport.authorize(request).await.map_err(|error| {
            let message = match error {
                AuthError::Transport(reason) => format!("{TOKEN_UNREACHABLE}{reason}"),
                other => {
                    let text = other.to_string();
                    let id = self.hook_failures.keep(Error::Auth(other));
                    format!("{AUTH_FAILURE}{id}{AUTH_FAILURE_ID_END}{text}")
                }
            };
            progenitor_client::Error::Custom(message)
        })
    }

    /// The body's size, checked: refused, the hook's message for it.
    fn check_size(request: &reqwest::Request) -> Result<(), String> {
        match check_body_size(request) {
            Err(Error::BodyTooLarge { bytes }) => Err(format!("{BODY_TOO_LARGE}{bytes}")),
            _ => Ok(()),
        }
    }

    /// The local checks of a generated operation's body (see [`ClientBuilder::local_checks`]).
    /// Refused, the hook's message for it (the typed error kept for `send()`).
    fn check_locally(&self, request: &reqwest::Request, info: &OperationInfo) -> Result<(), String> {
        if !self.local_checks {
            return Ok(());
        }
        let local = matches!(self.environment, Environment::Local(_));
        crate::local_checks::check(info.operation_id, request, local).map_err(|errors| {
            let refused = Error::from(crate::ApiError::local(errors).at(request.url().path()));
            let text = refused.to_string();
            let id = self.hook_failures.keep(refused);
            format!("{LOCAL_REFUSAL}{id}{AUTH_FAILURE_ID_END}{text}")
        })
    }

    /// The policy creates retry by.
    pub(crate) fn create_retry(&self) -> &RetryPolicy {
        &self.create_retry
    }

    /// Whether the client talks to a local dp-server.
    pub(crate) fn is_local(&self) -> bool {
        matches!(self.environment, Environment::Local(_))
    }

    /// Whether bodies are checked locally before they are sent.
    pub(crate) fn checks_locally(&self) -> bool {
        self.local_checks
    }

    /// Sends a request of either client: retried when the operation is safe to repeat.
    pub(crate) async fn execute(
        &self,
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        self.execute_rebuilding(request, info, None).await
    }

    /// [`execute`](Self::execute), a repeat built by `rebuild` when one is due instead of a copy
    /// of each attempt kept.
    pub(crate) async fn execute_rebuilding(
        &self,
        request: reqwest::Request,
        info: &OperationInfo,
        rebuild: Option<crate::transport::Rebuild<'_>>,
    ) -> reqwest::Result<reqwest::Response> {
        let operation = info.operation_id;
        let safe = |next: &reqwest::Request| retry::is_safe_to_repeat(operation, next);
        let policy = match retry::RetryClass::for_operation(operation) {
            Some(retry::RetryClass::CreateWithClientKey) => &self.create_retry,
            _ => self.transport.retry_policy(),
        };
        // One call, not one per policy: each would be a future of its own in this one's.
        let result = self.transport.execute_with(request, &safe, policy, rebuild).await;
        crate::transport::readable_errors(result).await
    }
}

impl ClientHooks<ClientState> for Client {
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        info: &OperationInfo,
    ) -> Result<(), progenitor_client::Error<E>> {
        // A body too large to send is not worth checking, and one the checks refuse needs no token.
        ClientState::check_size(request).map_err(|message| progenitor_client::Error::<E>::Custom(message))?;
        self.inner.check_locally(request, info).map_err(|message| progenitor_client::Error::<E>::Custom(message))?;
        self.inner.before(request).await
    }

    async fn exec(&self, request: reqwest::Request, info: &OperationInfo) -> reqwest::Result<reqwest::Response> {
        self.inner.execute(request, info).await
    }
}

/// Whether a bearer token may go to `base_url`: https, or http to a loopback host.
pub fn is_safe_for_tokens(base_url: &str) -> bool {
    let Ok(url) = reqwest::Url::parse(base_url) else {
        return true;
    };
    if url.scheme() != "http" {
        return true;
    }
    let host = url.host_str().unwrap_or_default().trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost") || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}
