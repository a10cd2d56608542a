//! Retries with exponential backoff and jitter, honouring `Retry-After`.
//!
//! Only requests that are safe to repeat are retried: a repeat must never
//! create a second dialog or append an activity twice. See [`RetryClass`].

use std::time::{Duration, Instant};

use backon::BackoffBuilder;
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, RETRY_AFTER};

/// How often and how long to retry.
///
/// A [`Client`](crate::Client) built without [`ClientBuilder::retry_policy`](crate::ClientBuilder::retry_policy)
/// retries creates by [`patient`](Self::patient) (12 attempts, 100 ms doubling to 10 s, 5
/// minutes in all) and everything else by [`default`](Self::default) (5 attempts, 200 ms
/// doubling to 10 s, 60 s in all). Waits have jitter, and a `Retry-After` the service sends is
/// honoured while it fits the budget. A service that has not answered once since the client was
/// built (a wrong address, a server not started) gets no more than the default's 5 attempts for a
/// connection that fails, whatever the policy. Only what is safe to repeat is repeated (see
/// [`RetryClass`]): a create only when it carries its own `id` or `idempotentKey`, and any
/// request after a 429, which the service refused before doing anything.
///
/// ```
/// use std::time::Duration;
/// use dialogporten::RetryPolicy;
/// let patient = RetryPolicy::default().max_attempts(8).max_elapsed(Duration::from_secs(300));
/// let never = RetryPolicy::none();
/// # let _ = (patient, never);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    pub(crate) max_attempts: u32,
    pub(crate) initial_delay: Duration,
    pub(crate) max_delay: Duration,
    pub(crate) max_elapsed: Duration,
}

impl Default for RetryPolicy {
    /// Up to 5 attempts, 200 ms doubling to at most 10 s, 60 s in all.
    fn default() -> Self {
        Self {
            max_attempts: 5,
            initial_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(10),
            max_elapsed: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// For long unattended runs (bulk imports): 12 attempts, 100 ms doubling to
    /// at most 10 s, 5 minutes in all.
    pub const fn patient() -> Self {
        Self {
            max_attempts: 12,
            initial_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(10),
            max_elapsed: Duration::from_secs(300),
        }
    }

    /// One attempt, no retries.
    pub fn none() -> Self {
        Self { max_attempts: 1, ..Self::default() }
    }

    /// Attempts in all, the first one included (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The first backoff delay; later ones double, with jitter.
    pub fn initial_delay(mut self, delay: Duration) -> Self {
        self.initial_delay = delay;
        self
    }

    /// The longest backoff delay (a longer `Retry-After` is still honoured
    /// while it fits in [`max_elapsed`](Self::max_elapsed)).
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// Time budget for all attempts of one request; no retry starts after it.
    pub fn max_elapsed(mut self, budget: Duration) -> Self {
        self.max_elapsed = budget;
        self
    }

    pub(crate) fn delays(&self) -> impl Iterator<Item = Duration> + use<> {
        backon::ExponentialBuilder::default()
            .with_min_delay(self.initial_delay)
            .with_max_delay(self.max_delay)
            .with_factor(2.0)
            .with_jitter()
            .without_max_times()
            .build()
    }
}

/// Whether an operation may be sent again after a failure whose outcome is unknown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetryClass {
    /// Reads, and writes whose repetition has no further effect (PUT, DELETE,
    /// restore, freeze, purge, setting system labels).
    Idempotent,
    /// Safe only when the request carries `If-Match` (a repeat after success
    /// then fails with 412 instead of applying twice).
    WithIfMatch,
    /// A create: safe only with `If-Match`, or a client-chosen `id` or
    /// `idempotentKey` in the body (a repeat then answers 409/422).
    CreateWithClientKey,
}

impl RetryClass {
    /// The class of every operation in the contract, by its operationId
    /// (`CreateDialog`) or the generated method's name (`create_dialog`).
    /// The table covers every operation of openapi.json (a test checks), so
    /// a new operation cannot be added without deciding how it retries.
    pub fn for_operation(operation_id: &str) -> Option<RetryClass> {
        let wanted = operation_id.bytes().filter(|b| *b != b'_');
        OPERATIONS
            .iter()
            .find(|(id, _)| {
                id.bytes().map(|b| b.to_ascii_lowercase()).eq(wanted.clone().map(|b| b.to_ascii_lowercase()))
            })
            .map(|(_, class)| *class)
    }
}

const OPERATIONS: &[(&str, RetryClass)] = {
    use RetryClass::*;
    &[
        ("GetLimits", Idempotent),
        ("GetServiceResourceMetadata", Idempotent),
        ("GetDialogLookup", Idempotent),
        ("SearchDialogs", Idempotent),
        ("GetDialog", Idempotent),
        ("SearchDialogActivities", Idempotent),
        ("GetDialogActivity", Idempotent),
        ("SearchDialogTransmissions", Idempotent),
        ("GetDialogTransmission", Idempotent),
        ("SearchDialogSeenLogs", Idempotent),
        ("GetDialogSeenLog", Idempotent),
        ("GetServiceOwnerLabels", Idempotent),
        ("SearchDialogEndUserContexts", Idempotent),
        ("CheckNotificationCondition", Idempotent),
        ("UpdateDialog", Idempotent),
        ("DeleteDialog", Idempotent),
        ("PurgeDialog", Idempotent),
        ("RestoreDialog", Idempotent),
        ("FreezeDialog", Idempotent),
        ("UpdateDialogTransmission", Idempotent),
        ("SetDialogSystemLabels", Idempotent),
        ("BulkSetDialogSystemLabels", Idempotent),
        ("DeleteServiceOwnerLabel", Idempotent),
        ("PatchDialog", WithIfMatch),
        ("CreateServiceOwnerLabel", WithIfMatch),
        ("CreateDialog", CreateWithClientKey),
        ("CreateDialogActivity", CreateWithClientKey),
        ("CreateDialogTransmission", CreateWithClientKey),
    ]
};

/// Decides from the request itself whether it may be repeated.
pub(crate) fn is_safe_to_repeat(operation_id: &str, request: &reqwest::Request) -> bool {
    let has_if_match = request.headers().contains_key(reqwest::header::IF_MATCH);
    match RetryClass::for_operation(operation_id) {
        Some(RetryClass::Idempotent) => true,
        Some(RetryClass::WithIfMatch) => has_if_match,
        Some(RetryClass::CreateWithClientKey) => has_if_match || body_has_client_key(request),
        // Unknown operations (raw requests through the generated client's
        // escape hatches) retry by HTTP method alone.
        None => matches!(
            *request.method(),
            reqwest::Method::GET | reqwest::Method::HEAD | reqwest::Method::PUT | reqwest::Method::DELETE
        ),
    }
}

fn body_has_client_key(request: &reqwest::Request) -> bool {
    let Some(bytes) = request.body().and_then(|b| b.as_bytes()) else {
        return false;
    };
    let Ok(serde_json::Value::Object(map)) = serde_json::from_slice::<serde_json::Value>(bytes) else {
        return false;
    };
    map.iter().any(|(key, value)| {
        (key.eq_ignore_ascii_case("id") || key.eq_ignore_ascii_case("idempotentKey"))
            && value.as_str().is_some_and(|s| !s.is_empty())
    })
}

/// Statuses worth another attempt: 429 (refused before any work, so any request may repeat), and
/// 500, 502, 503 and 504 for requests that are safe to repeat.
///
/// A 500 is retried too: the service may have failed after its work was done (then a repeat of a
/// create that carries its own id answers "already exists", which
/// [`Client::create_dialog_idempotent`](crate::Client::create_dialog_idempotent) tells apart), or
/// for a passing reason. As a 500 is also what a fault the same request meets every time answers,
/// it is repeated at most [`MAX_SERVER_ERROR_REPEATS`] times within the policy.
pub(crate) fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 500 | 502 | 503 | 504)
}

/// How often a request answered 500 is repeated at most, whatever the policy allows.
pub(crate) const MAX_SERVER_ERROR_REPEATS: u32 = 2;

/// Connection-level failures worth another attempt (refused, reset, timed out).
pub(crate) fn is_transient(error: &reqwest::Error) -> bool {
    !(error.is_builder() || error.is_redirect() || error.is_decode() || error.is_status())
}

/// `Retry-After` as seconds or an HTTP date.
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(std::time::SystemTime::now()).unwrap_or(Duration::ZERO))
}

/// Tracks one request's attempts against the policy.
pub(crate) struct Attempts {
    policy: RetryPolicy,
    /// Made at the first retry: most requests never need one.
    delays: Option<Box<dyn Iterator<Item = Duration> + Send>>,
    started: Instant,
    made: u32,
}

impl Attempts {
    pub(crate) fn new(policy: &RetryPolicy) -> Self {
        Self { policy: policy.clone(), delays: None, started: Instant::now(), made: 1 }
    }

    /// Attempts made so far, the current one included.
    pub(crate) fn made(&self) -> u32 {
        self.made
    }

    /// Whether another attempt is allowed at all.
    pub(crate) fn may_retry(&self) -> bool {
        self.made < self.policy.max_attempts
    }

    /// The wait before the next attempt, or `None` when the budget is spent.
    pub(crate) fn next_delay(&mut self, server_asked: Option<Duration>) -> Option<Duration> {
        if !self.may_retry() {
            return None;
        }
        let policy = &self.policy;
        let backoff = self.delays.get_or_insert_with(|| Box::new(policy.delays())).next()?;
        let wait = server_asked.map_or(backoff, |asked| asked.max(backoff));
        if self.started.elapsed() + wait > self.policy.max_elapsed {
            return None;
        }
        self.made += 1;
        Some(wait)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, "3".parse().unwrap());
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(3)));
        let later = std::time::SystemTime::now() + Duration::from_secs(120);
        headers.insert(RETRY_AFTER, httpdate::fmt_http_date(later).parse().unwrap());
        let wait = retry_after(&headers).unwrap();
        assert!(wait > Duration::from_secs(100) && wait <= Duration::from_secs(120), "{wait:?}");
    }

    #[test]
    fn attempts_stop_at_the_limit_and_the_budget() {
        let policy = RetryPolicy::default().max_attempts(3).initial_delay(Duration::from_millis(1));
        let mut attempts = Attempts::new(&policy);
        assert!(attempts.next_delay(None).is_some());
        assert!(attempts.next_delay(None).is_some());
        assert!(attempts.next_delay(None).is_none());

        let tight = RetryPolicy::default().max_elapsed(Duration::from_secs(1));
        let mut attempts = Attempts::new(&tight);
        assert!(attempts.next_delay(Some(Duration::from_secs(5))).is_none(), "Retry-After beyond the budget");
    }

    #[test]
    fn server_asked_delay_is_honoured() {
        let policy = RetryPolicy::default().initial_delay(Duration::from_millis(1));
        let mut attempts = Attempts::new(&policy);
        let wait = attempts.next_delay(Some(Duration::from_secs(2))).unwrap();
        assert!(wait >= Duration::from_secs(2), "{wait:?}");
    }
}

#[cfg(test)]
mod class_tests {
    use super::*;

    #[test]
    fn operations_resolve_by_contract_id_and_by_generated_method_name() {
        assert_eq!(RetryClass::for_operation("CreateDialog"), Some(RetryClass::CreateWithClientKey));
        assert_eq!(RetryClass::for_operation("create_dialog"), Some(RetryClass::CreateWithClientKey));
        assert_eq!(RetryClass::for_operation("patch_dialog"), Some(RetryClass::WithIfMatch));
        assert_eq!(RetryClass::for_operation("get_dialog_seen_log"), Some(RetryClass::Idempotent));
        assert_eq!(RetryClass::for_operation("create_dialogs"), None);
    }
}
