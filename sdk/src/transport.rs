//! The one path every request takes: the bearer token, the size limit,
//! attempts under the [`RetryPolicy`], readable error bodies, and a
//! [`RequestLog`] that sees each attempt.
//!
//! The generated client's hooks, [`crate::events::EventsClient`], raw
//! requests ([`Transport::send`]) and the token endpoints all go through it,
//! so a retry rule or a log line is written once.

use std::fmt;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderValue};
use reqwest::{Method, StatusCode, Url};

use crate::Error;
use crate::auth::{AccessToken, AuthError, TokenProvider};
use crate::error::problem_for_status;
use crate::retry::{self, Attempts, RetryPolicy};

/// The largest request body Dialogporten accepts, in bytes.
pub use crate::client::{ClientState, http_client, http_client_builder, is_safe_for_tokens};
pub use crate::retry::retry_after;
pub use crate::validate::MAX_BODY_BYTES;

/// What one attempt of a request came to, for a [`RequestLog`].
#[derive(Debug)]
pub struct Attempt<'a> {
    /// The HTTP method.
    pub method: &'a Method,
    /// The URL as sent; log it with [`Attempt::url_for_log`].
    pub url: &'a Url,
    /// 1 for the first attempt.
    pub number: u32,
    /// The attempts the policy allows in all.
    pub allowed: u32,
    /// The status, or why no response came.
    pub outcome: Outcome<'a>,
    /// From sending to the response headers (or the failure).
    pub elapsed: Duration,
    /// When another attempt follows: the wait before it.
    pub retry_in: Option<Duration>,
}

/// The status of an attempt, or why there was none.
#[derive(Debug)]
pub enum Outcome<'a> {
    /// The server answered.
    Status(StatusCode),
    /// No answer: refused, reset, timed out, unreadable.
    Failed(&'a reqwest::Error),
}

impl Attempt<'_> {
    /// The URL with the values of secret-looking query parameters (token,
    /// code, key, signature, password) replaced and any user info left out.
    pub fn url_for_log(&self) -> String {
        url_for_log(self.url)
    }

    /// Whether the connection was refused or could not be made.
    pub fn is_connect_failure(&self) -> bool {
        matches!(self.outcome, Outcome::Failed(e) if e.is_connect())
    }

    /// A few words on the outcome: `HTTP 503`, `connection refused`, `timed out`.
    pub fn describe(&self) -> String {
        match &self.outcome {
            Outcome::Status(status) => format!("HTTP {}", status.as_u16()),
            Outcome::Failed(error) => describe_failure(error),
        }
    }
}

/// Words for a failure without an answer, without the URL (the caller names it).
pub fn describe_failure(error: &reqwest::Error) -> String {
    if error.is_timeout() {
        return "timed out".into();
    }
    let mut deepest = None;
    let mut source: Option<&dyn std::error::Error> = std::error::Error::source(error);
    while let Some(cause) = source {
        deepest = Some(cause);
        source = cause.source();
    }
    let detail = deepest.map(ToString::to_string).unwrap_or_else(|| error.to_string());
    if error.is_connect() {
        if detail.to_ascii_lowercase().contains("refused") {
            return "connection refused".into();
        }
        return format!("could not connect ({detail})");
    }
    if error.is_body() || error.is_request() {
        return format!("the connection failed ({detail})");
    }
    detail
}

/// The URL with secret-looking query values replaced and without user info.
pub fn url_for_log(url: &Url) -> String {
    let mut shown = url.clone();
    let _ = shown.set_username("");
    let _ = shown.set_password(None);
    if url.query().is_some() {
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(name, value)| {
                let lower = name.to_ascii_lowercase();
                let secret = ["token", "code", "key", "sig", "secret", "password", "assertion"]
                    .iter()
                    .any(|s| lower.contains(s));
                (name.into_owned(), if secret { "REDACTED".to_owned() } else { value.into_owned() })
            })
            .collect();
        shown.query_pairs_mut().clear().extend_pairs(pairs);
    }
    shown.to_string()
}

/// Sees every attempt of every request: a `--verbose` log, metrics, progress.
///
/// It never sees a header or a body, so it cannot leak a token.
///
/// ```
/// use dialogporten::transport::{Attempt, RequestLog};
/// #[derive(Debug)]
/// struct Stderr;
/// impl RequestLog for Stderr {
///     fn attempt(&self, attempt: &Attempt<'_>) {
///         eprintln!("{} {} -> {} in {:?}", attempt.method, attempt.url_for_log(), attempt.describe(), attempt.elapsed);
///     }
/// }
/// ```
pub trait RequestLog: Send + Sync + fmt::Debug {
    /// Called once per attempt, after its response headers or its failure.
    fn attempt(&self, attempt: &Attempt<'_>);
}

/// Whether a request may be sent again after a failure whose outcome is unknown.
pub(crate) type SafeToRepeat<'a> = &'a (dyn Fn(&reqwest::Request) -> bool + Send + Sync);

/// Builds a request again from parts its caller holds, for a repeat: instead of a copy of every
/// attempt (its URL, headers and body handle), made and dropped unused almost always, a repeat
/// is built only when one is due. The importer's create goes this way, millions of times.
pub(crate) type Rebuild<'a> = &'a (dyn Fn() -> reqwest::Request + Send + Sync);

/// An HTTP client with a token provider, a retry policy and a request log.
#[derive(Clone)]
pub struct Transport {
    http: reqwest::Client,
    tokens: Option<Arc<dyn TokenProvider>>,
    retry: RetryPolicy,
    log: Option<Arc<dyn RequestLog>>,
    retries: Arc<AtomicU64>,
    /// Whether a connection to the service was ever made (an answer, or a failure after
    /// connecting): a service never reached is more likely a wrong address or one not started
    /// than one restarting, is not waited for long, and can have applied nothing.
    reached: Arc<AtomicBool>,
    /// The last token and its `Authorization` value: one token serves many requests, and building
    /// the value checks every byte of a kilobyte JWT.
    bearer: Arc<Mutex<Option<(AccessToken, HeaderValue)>>>,
    pace: Option<crate::pace::Pace>,
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Transport")
            .field("tokens", &self.tokens)
            .field("retry", &self.retry)
            .field("log", &self.log)
            .finish_non_exhaustive()
    }
}

impl Transport {
    /// A transport over `http` (build it with [`http_client_builder`]).
    pub fn new(http: reqwest::Client) -> Self {
        Self {
            http,
            tokens: None,
            retry: RetryPolicy::default(),
            log: None,
            retries: Arc::default(),
            reached: Arc::default(),
            bearer: Arc::default(),
            pace: None,
        }
    }

    /// The same transport authenticating with `tokens`.
    pub fn with_tokens(mut self, tokens: Arc<dyn TokenProvider>) -> Self {
        self.tokens = Some(tokens);
        self
    }

    /// The same transport retrying by `policy`.
    pub fn with_retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The same transport telling `log` about each attempt.
    pub fn with_log(mut self, log: Option<Arc<dyn RequestLog>>) -> Self {
        self.log = log;
        self
    }

    /// The same transport pacing every attempt by `pace` (see [`crate::pace`]).
    pub fn with_pace(mut self, pace: Option<crate::pace::Pace>) -> Self {
        self.pace = pace;
        self
    }

    /// The pace every attempt goes through, if any.
    pub fn pace(&self) -> Option<&crate::pace::Pace> {
        self.pace.as_ref()
    }

    /// The HTTP client underneath.
    pub fn http(&self) -> &reqwest::Client {
        &self.http
    }

    /// The retry policy in force.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.retry
    }

    /// The request log, if any.
    pub fn log(&self) -> Option<&Arc<dyn RequestLog>> {
        self.log.as_ref()
    }

    /// How many requests were repeated after a retryable failure.
    pub fn retries(&self) -> u64 {
        self.retries.load(Ordering::Relaxed)
    }

    /// Whether any request of this transport ever connected to the service. While none has,
    /// none can have been applied.
    pub(crate) fn has_reached_service(&self) -> bool {
        self.reached.load(Ordering::Relaxed)
    }

    /// Puts the bearer token on `request`.
    pub(crate) async fn authorize(&self, request: &mut reqwest::Request) -> Result<(), AuthError> {
        let Some(provider) = &self.tokens else {
            return Ok(());
        };
        let token = provider.token().await?;
        let mut bearer = self.bearer.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let value = match &*bearer {
            Some((known, value)) if known.expose() == token.expose() => value.clone(),
            _ => {
                let mut value = HeaderValue::from_str(&format!("Bearer {}", token.expose())).map_err(|_| {
                    AuthError::Configuration("the token contains characters that cannot be sent in a header".into())
                })?;
                value.set_sensitive(true);
                *bearer = Some((token, value.clone()));
                value
            }
        };
        request.headers_mut().insert(AUTHORIZATION, value);
        Ok(())
    }

    /// Sends `request` once it is authorized and checked, repeating it while
    /// the policy allows and `safe` says a repeat cannot apply it twice.
    /// Every status comes back as the response the server sent.
    pub(crate) async fn execute(
        &self,
        request: reqwest::Request,
        safe: SafeToRepeat<'_>,
    ) -> reqwest::Result<reqwest::Response> {
        self.execute_with(request, safe, &self.retry, None).await
    }

    /// [`execute`](Self::execute) with `policy` instead of the transport's own.
    pub(crate) async fn execute_with(
        &self,
        request: reqwest::Request,
        safe: SafeToRepeat<'_>,
        policy: &RetryPolicy,
        rebuild: Option<Rebuild<'_>>,
    ) -> reqwest::Result<reqwest::Response> {
        let mut attempts = Attempts::new(policy);
        // Attempts answered 429 were refused before any work: they cannot have applied the request.
        let mut refused_before_work = 0;
        let mut server_errors = 0;
        let mut request = request;
        loop {
            // Cloning shares the body bytes; whether a repeat is safe (which may
            // mean reading the body) is decided only after a retryable failure.
            let may_retry = attempts.may_retry();
            let mut spare = if may_retry && rebuild.is_none() { request.try_clone() } else { None };
            // Kept for the log only: no copy per request when nothing listens (the importer's hot path).
            let target = self.log.as_ref().map(|_| (request.method().clone(), request.url().clone()));
            let permit = match &self.pace {
                Some(pace) => Some(pace.acquire().await),
                None => None,
            };
            // Timed for the log only: the pace times its own permits.
            let started = self.log.as_ref().map(|_| Instant::now());
            let result = self.http.execute(request).await;
            let elapsed = started.map(|at| at.elapsed()).unwrap_or_default();
            // Any failure but a failed connect came after connecting (a timeout, a reset): the
            // request may have reached the service.
            if !self.reached.load(Ordering::Relaxed)
                && result.as_ref().map_or_else(|error| !error.is_connect(), |_| true)
            {
                self.reached.store(true, Ordering::Relaxed);
            }
            match (permit, &result) {
                (Some(permit), Ok(response)) => permit.answered(response.status(), response.headers()),
                (Some(permit), Err(_)) => permit.failed(),
                (None, _) => {}
            }
            if let (true, Some(rebuild)) = (may_retry, rebuild) {
                let due = match &result {
                    Ok(response) => retry::is_retryable_status(response.status()),
                    Err(error) => retry::is_transient(error),
                };
                if due {
                    // With the last token's value, as a copy would have it, should a new token
                    // not be had when the repeat goes.
                    let mut next = rebuild();
                    let bearer = self.bearer.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                    if let Some((_, value)) = &*bearer {
                        next.headers_mut().insert(AUTHORIZATION, value.clone());
                    }
                    spare = Some(next);
                }
            }
            let retry_in = match (&spare, &result) {
                (None, _) => None,
                (Some(next), Ok(response)) if retry::is_retryable_status(response.status()) => {
                    // A 429 was refused before any work, so any request may be repeated.
                    let status = response.status();
                    let again = status != StatusCode::INTERNAL_SERVER_ERROR || {
                        server_errors += 1;
                        server_errors <= retry::MAX_SERVER_ERROR_REPEATS
                    };
                    let repeatable = status == StatusCode::TOO_MANY_REQUESTS || (again && safe(next));
                    if repeatable { attempts.next_delay(retry::retry_after(response.headers())) } else { None }
                }
                (Some(next), Err(error)) if retry::is_transient(error) && safe(next) => {
                    // A patient policy waits minutes for a service that went away, not for one
                    // that was never there: that gets the attempts of an ordinary request.
                    let never_reached = error.is_connect() && !self.reached.load(Ordering::Relaxed);
                    if never_reached && attempts.made() >= RetryPolicy::default().max_attempts {
                        None
                    } else {
                        attempts.next_delay(None)
                    }
                }
                _ => None,
            };
            if let (Some(log), Some((method, url))) = (&self.log, &target) {
                let outcome = match &result {
                    Ok(response) => Outcome::Status(response.status()),
                    Err(error) => Outcome::Failed(error),
                };
                let number = attempts.made() - u32::from(retry_in.is_some());
                log.attempt(&Attempt { method, url, number, allowed: policy.max_attempts, outcome, elapsed, retry_in });
            }
            if matches!(&result, Ok(response) if response.status() == StatusCode::TOO_MANY_REQUESTS) {
                refused_before_work += 1;
            }
            let (Some(wait), Some(mut next)) = (retry_in, spare) else {
                // An answer to a repeat says so, for `ApiError::attempt`: an "already exists"
                // may then be an earlier attempt's own work (a 429'd attempt did none).
                let made = attempts.made() - refused_before_work;
                return result.map(|mut response| {
                    if made > 1
                        && let Ok(value) = HeaderValue::from_str(&made.to_string())
                    {
                        response.headers_mut().insert(crate::error::ATTEMPT_HEADER, value);
                    }
                    response
                });
            };
            drop(result);
            self.retries.fetch_add(1, Ordering::Relaxed);
            tokio::time::sleep(wait).await;
            // A long wait may outlive the token; a failure here keeps the old one
            // and lets the server answer 401.
            let _ = self.authorize(&mut next).await;
            request = next;
        }
    }

    /// Sends any request with the token, the size check, the retry policy
    /// (by method: GET, HEAD, PUT and DELETE repeat; others only after a 429)
    /// and the log. Every status comes back as a response; only a request
    /// that got no answer is an error.
    ///
    /// ```no_run
    /// # async fn demo(client: &dialogporten::Client) -> Result<(), dialogporten::Error> {
    /// use dialogporten::reqwest::{Method, Request};
    /// let url = format!("{}/api/v1/metadata/limits", client.environment().base_url()).parse().unwrap();
    /// let response = client.transport().send(Request::new(Method::GET, url)).await?;
    /// println!("{}", response.status());
    /// # Ok(()) }
    /// ```
    pub async fn send(&self, mut request: reqwest::Request) -> Result<reqwest::Response, Error> {
        check_body_size(&request)?;
        self.authorize(&mut request).await?;
        let by_method = |request: &reqwest::Request| {
            matches!(*request.method(), Method::GET | Method::HEAD | Method::PUT | Method::DELETE)
        };
        self.execute(request, &by_method).await.map_err(Error::Transport)
    }

    /// Sends `request` once, without a token or retries, but logged: for
    /// token endpoints, where each attempt needs a fresh grant.
    pub async fn send_once(&self, request: reqwest::Request) -> reqwest::Result<reqwest::Response> {
        let never = |_: &reqwest::Request| false;
        // Token endpoints are not the API: their answers teach the API's pace nothing.
        let once = Self { retry: RetryPolicy::none(), pace: None, reached: Arc::default(), ..self.clone() };
        once.execute(request, &never).await
    }
}

/// Refuses a body larger than Dialogporten takes, before it is sent.
pub(crate) fn check_body_size(request: &reqwest::Request) -> Result<(), Error> {
    let size = request.body().and_then(|b| b.as_bytes()).map_or(0, <[u8]>::len);
    if size > MAX_BODY_BYTES {
        return Err(Error::BodyTooLarge { bytes: size as u64 });
    }
    Ok(())
}

/// Gives every error response a problem-details body (for the generated client, which parses them).
///
/// The real service answers some errors with an empty body (401, 403, 409)
/// or plain text (503). The generated code would then fail to parse the body
/// and lose the status; a minimal problem keeps it.
pub(crate) async fn readable_errors(result: reqwest::Result<reqwest::Response>) -> reqwest::Result<reqwest::Response> {
    match result {
        Ok(response) if response.status().is_client_error() || response.status().is_server_error() => {
            // Boxed: the body's read is rare, and held inline it would make the future of every
            // request (moved at each await) larger.
            Box::pin(readable_error(response)).await
        }
        other => other,
    }
}

/// [`readable_errors`] for an error status.
async fn readable_error(response: reqwest::Response) -> reqwest::Result<reqwest::Response> {
    let status = response.status();
    let is_json =
        response.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("json"));
    let mut headers = response.headers().clone();
    let body = if is_json {
        let bytes = response.bytes().await?;
        // A newer service names what a 409 conflicts with in `conflicts: [{key, value, reason}]`,
        // which problem details as the contract types them have no place for: carry it to
        // `ApiError::conflicts` in a header of the response the generated code reads.
        if status == reqwest::StatusCode::CONFLICT {
            let conflicts = serde_json::from_slice::<serde_json::Value>(&bytes)
                .ok()
                .and_then(|body| body.get("conflicts").filter(|c| c.is_array()).map(serde_json::Value::to_string));
            if let Some(value) = conflicts.and_then(|c| HeaderValue::from_str(&c).ok()) {
                headers.insert(crate::error::CONFLICTS_HEADER, value);
            }
        }
        bytes.to_vec()
    } else {
        let text = response.text().await?;
        let detail = Some(text.trim().to_owned()).filter(|t| !t.is_empty());
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
        headers.remove(reqwest::header::CONTENT_LENGTH);
        serde_json::to_vec(&problem_for_status(status, detail)).unwrap_or_default()
    };
    // The generated code reads the problem of a status the contract lists for the operation; for
    // any other it hands over the bare response, whose body can no longer be read where it is
    // turned into an `Error`: the problem goes along in a header (compact JSON, so one line).
    // The body as it came when it is one line (no parsing: an import re-run meets a 422 per
    // record), else compacted.
    if body.len() <= PROBLEM_HEADER_MAX
        && let Some(value) = HeaderValue::from_bytes(&body).ok().or_else(|| {
            let problem = serde_json::from_slice::<serde_json::Value>(&body).ok()?;
            HeaderValue::from_bytes(problem.to_string().as_bytes()).ok()
        })
    {
        headers.insert(crate::error::PROBLEM_HEADER, value);
    }
    let mut rebuilt = http::Response::new(body);
    *rebuilt.status_mut() = status;
    *rebuilt.headers_mut() = headers;
    Ok(reqwest::Response::from(rebuilt))
}

/// The largest problem carried in [`crate::error::PROBLEM_HEADER`].
const PROBLEM_HEADER_MAX: usize = 16 * 1024;

#[cfg(test)]
mod tests {
    use super::*;

    /// Hands out the tokens it holds, one per call, the last one from then on.
    #[derive(Debug)]
    struct Rotating(Mutex<Vec<&'static str>>);

    impl TokenProvider for Rotating {
        fn token(&self) -> futures::future::BoxFuture<'_, Result<AccessToken, AuthError>> {
            let mut tokens = self.0.lock().unwrap();
            let token = if tokens.len() > 1 { tokens.remove(0) } else { tokens[0] };
            Box::pin(async move { Ok(AccessToken::new(token, None)) })
        }
    }

    #[tokio::test]
    async fn each_request_carries_the_token_of_the_moment_though_its_header_is_kept() {
        let transport = Transport::new(crate::client::default_http_client())
            .with_tokens(Arc::new(Rotating(Mutex::new(vec!["first", "first", "renewed"]))));
        let mut sent = Vec::new();
        for _ in 0..4 {
            let mut request = reqwest::Request::new(Method::GET, Url::parse("https://example.com/").unwrap());
            transport.authorize(&mut request).await.unwrap();
            let value = &request.headers()[AUTHORIZATION];
            assert!(value.is_sensitive(), "kept out of logs and debug output");
            sent.push(value.to_str().unwrap().to_owned());
        }
        assert_eq!(sent, ["Bearer first", "Bearer first", "Bearer renewed", "Bearer renewed"]);
    }

    #[test]
    fn logged_urls_hide_secrets_but_keep_the_rest() {
        let url =
            Url::parse("https://user:pw@example.com/api/v1/x?party=urn%3Aa&access_token=abc&code=1&limit=5").unwrap();
        assert_eq!(
            url_for_log(&url),
            "https://example.com/api/v1/x?party=urn%3Aa&access_token=REDACTED&code=REDACTED&limit=5"
        );
        let plain = Url::parse("http://127.0.0.1:5280/api/v1/serviceowner/dialogs").unwrap();
        assert_eq!(url_for_log(&plain), "http://127.0.0.1:5280/api/v1/serviceowner/dialogs");
    }
}
