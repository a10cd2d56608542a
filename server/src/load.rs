//! `--rate-limit` and `--capacity`: dp-server under load as the real service behaves behind Azure
//! API Management (reference: enduser-tokens-limits.md §5). A per-client token bucket answers 429
//! with `Retry-After` and `X-RateLimit-Limit/Remaining/Reset`; a capacity lets at most K requests
//! work at once and queues the rest, so latency rises with load. The capacity is also what bounds
//! the server's memory: a request's working memory grows with its body, so a body takes a share of
//! the K as large as its share of the largest body taken, and the largest are worked on alone.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use serde_json::json;
use tokio::sync::Semaphore;

use crate::App;
use crate::routes::Problem;
use axum::body::Body;
use dialogporten_model::validate::MAX_BODY_BYTES;

/// At most `requests` per `period` for each client, as a token bucket that holds `requests`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RateLimit {
    /// Requests per period, and the bucket's size.
    pub requests: u32,
    /// The period.
    pub period: Duration,
}

/// Why a rate limit is not valid.
#[derive(Debug, thiserror::Error)]
#[error("invalid rate limit {0:?}: write requests per period, e.g. 200/s, 120/60s or 1000/m")]
pub struct RateLimitError(String);

impl RateLimit {
    /// Parses `200/s`, `120/60s`, `1000/m`, `50/500ms`.
    pub fn parse(text: &str) -> Result<Self, RateLimitError> {
        let fail = || RateLimitError(text.to_owned());
        let (count, period) = text.trim().split_once('/').ok_or_else(fail)?;
        let requests: u32 = count.trim().parse().ok().filter(|n| *n > 0).ok_or_else(fail)?;
        let period = period.trim();
        let (number, unit) = match period.find(|c: char| !c.is_ascii_digit()) {
            Some(0) => ("1", period),
            Some(i) => (&period[..i], &period[i..]),
            None => return Err(fail()),
        };
        let number: u64 = number.parse().ok().filter(|n| *n > 0).ok_or_else(fail)?;
        let period = match unit {
            "ms" => Duration::from_millis(number),
            "s" => Duration::from_secs(number),
            "m" => Duration::from_secs(number * 60),
            "h" => Duration::from_secs(number * 3600),
            _ => return Err(fail()),
        };
        Ok(Self { requests, period })
    }

    fn per_second(self) -> f64 {
        f64::from(self.requests) / self.period.as_secs_f64()
    }
}

struct Bucket {
    tokens: f64,
    updated: Instant,
}

/// The requests in work at once when none is configured (`--capacity`): enough to keep a laptop's
/// cores busy (the store works on one request at a time anyway), few enough that the largest bodies
/// cannot pile up in memory.
pub const DEFAULT_CAPACITY: usize = 8;

/// The load shaping of one server.
pub struct Load {
    limit: Option<RateLimit>,
    buckets: Mutex<HashMap<String, Bucket>>,
    capacity: Semaphore,
    places: u32,
}

/// What the bucket said about one request.
struct Verdict {
    allowed: bool,
    remaining: u32,
    reset: Duration,
    retry_after: Duration,
}

impl Load {
    /// Load shaping with an optional rate limit per client and a capacity of `capacity` places (at
    /// least one).
    pub fn new(limit: Option<RateLimit>, capacity: usize) -> Self {
        let places = u32::try_from(capacity.max(1)).unwrap_or(u32::MAX).min(Semaphore::MAX_PERMITS as u32);
        Self { limit, buckets: Mutex::default(), capacity: Semaphore::new(places as usize), places }
    }

    /// The places a request takes: one, and for a body its share of all of them as its size is of
    /// the largest body taken.
    fn places_for(&self, body_bytes: usize) -> u32 {
        let share = (body_bytes.min(MAX_BODY_BYTES) as u64 * u64::from(self.places)).div_ceil(MAX_BODY_BYTES as u64);
        u32::try_from(share).unwrap_or(self.places).clamp(1, self.places)
    }

    fn take(&self, limit: RateLimit, client: &str, now: Instant) -> Verdict {
        let rate = limit.per_second();
        let size = f64::from(limit.requests);
        let mut buckets = self.buckets.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let bucket = buckets.entry(client.to_owned()).or_insert(Bucket { tokens: size, updated: now });
        bucket.tokens = (bucket.tokens + now.duration_since(bucket.updated).as_secs_f64() * rate).min(size);
        bucket.updated = now;
        let allowed = bucket.tokens >= 1.0;
        if allowed {
            bucket.tokens -= 1.0;
        }
        Verdict {
            allowed,
            remaining: bucket.tokens.floor() as u32,
            reset: Duration::from_secs_f64((size - bucket.tokens) / rate),
            retry_after: Duration::from_secs_f64(((1.0 - bucket.tokens) / rate).max(0.0)),
        }
    }
}

/// Whole seconds, rounded up, as the headers carry them.
fn seconds(duration: Duration) -> HeaderValue {
    let whole = duration.as_secs() + u64::from(duration.subsec_nanos() > 0);
    HeaderValue::from(whole)
}

/// Who a request counts against: the token's `client_id` (as API Management keys its limits), else
/// the token itself, else the caller's address.
fn client_of(headers: &HeaderMap) -> String {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .map(|(_, token)| token.trim())
        .unwrap_or_default();
    let client_id = token.split('.').nth(1).and_then(|claims| {
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(claims).ok()?;
        let claims: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
        claims["client_id"].as_str().map(str::to_owned)
    });
    client_id.unwrap_or_else(|| token.to_owned())
}

/// The middleware: the rate limit first (a refused request costs no capacity), then a place among
/// the K requests in work, held while the request (and `--chaos` latency) runs.
pub async fn shape(State(app): State<App>, request: Request, next: Next) -> Response {
    if !request.uri().path().starts_with("/api/") {
        return next.run(request).await;
    }
    let load = &app.load;
    let mut limit_headers = None;
    if let Some(limit) = load.limit {
        let verdict = load.take(limit, &client_of(request.headers()), Instant::now());
        let headers = [
            ("x-ratelimit-limit", HeaderValue::from(limit.requests)),
            ("x-ratelimit-remaining", HeaderValue::from(verdict.remaining)),
            ("x-ratelimit-reset", seconds(verdict.reset)),
        ];
        if !verdict.allowed {
            let wait = seconds(verdict.retry_after);
            let message = format!("Rate limit is exceeded. Try again in {} seconds.", wait.to_str().unwrap_or("1"));
            let mut response =
                (StatusCode::TOO_MANY_REQUESTS, axum::Json(json!({"statusCode": 429, "message": message})))
                    .into_response();
            response.headers_mut().insert(header::RETRY_AFTER, wait);
            for (name, value) in headers {
                response.headers_mut().insert(name, value);
            }
            return response;
        }
        limit_headers = Some(headers);
    }
    // The body is read before a place is taken: a client that sends slowly holds none, and the
    // places a request takes follow from what it sent.
    let (request, body_bytes) = match read_body(request).await {
        Ok(read) => read,
        Err(refused) => return refused,
    };
    let _places = load.capacity.acquire_many(load.places_for(body_bytes)).await.ok();
    let mut response = next.run(request).await;
    for (name, value) in limit_headers.into_iter().flatten() {
        response.headers_mut().insert(name, value);
    }
    response
}

/// The request with its body read into memory, and the body's size. A body declared larger than the
/// limit is left unread, for the operation to refuse (413) after its own first checks.
async fn read_body(request: Request) -> Result<(Request, usize), Response> {
    let declared = request.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
    if declared.is_some_and(|length| length > MAX_BODY_BYTES) {
        return Ok((request, MAX_BODY_BYTES));
    }
    let (parts, body) = request.into_parts();
    match axum::body::to_bytes(body, MAX_BODY_BYTES).await {
        Ok(bytes) => {
            let length = bytes.len();
            Ok((Request::from_parts(parts, Body::from(bytes)), length))
        }
        Err(error) => {
            let too_large =
                std::error::Error::source(&error).is_some_and(|source| source.is::<http_body_util::LengthLimitError>());
            let problem = if too_large {
                Problem::too_large()
            } else {
                Problem::bad_request("$", format!("The request body could not be read: {error}"))
            };
            Err(problem.into_response())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_parse_as_requests_per_period() {
        let parsed = |text: &str| RateLimit::parse(text).map(|l| (l.requests, l.period)).ok();
        assert_eq!(parsed("200/s"), Some((200, Duration::from_secs(1))));
        assert_eq!(parsed("120/60s"), Some((120, Duration::from_secs(60))));
        assert_eq!(parsed("1000/m"), Some((1000, Duration::from_secs(60))));
        assert_eq!(parsed("50/500ms"), Some((50, Duration::from_millis(500))));
        for bad in ["", "200", "0/s", "200/0s", "200/x", "-1/s", "a/s"] {
            assert!(RateLimit::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_body_takes_places_as_its_share_of_the_largest_body() {
        let load = Load::new(None, 8);
        assert_eq!(load.places_for(0), 1, "a request without a body");
        assert_eq!(load.places_for(2000), 1);
        assert_eq!(load.places_for(MAX_BODY_BYTES / 8 + 1), 2);
        assert_eq!(load.places_for(MAX_BODY_BYTES / 2), 4);
        assert_eq!(load.places_for(MAX_BODY_BYTES), 8, "the largest is worked on alone");
        assert_eq!(load.places_for(usize::MAX), 8);
        assert_eq!(Load::new(None, 0).places, 1, "there is always a place");
    }

    #[test]
    fn the_bucket_empties_refills_at_the_rate_and_says_when() {
        let load = Load::new(None, 1);
        let limit = RateLimit::parse("2/s").unwrap();
        let start = Instant::now();
        assert!(load.take(limit, "a", start).allowed);
        let second = load.take(limit, "a", start);
        assert!(second.allowed);
        assert_eq!(second.remaining, 0);
        let refused = load.take(limit, "a", start);
        assert!(!refused.allowed);
        assert_eq!(refused.retry_after, Duration::from_millis(500), "one token comes back in half a second");
        assert!(load.take(limit, "b", start).allowed, "each client has its own bucket");
        assert!(load.take(limit, "a", start + Duration::from_millis(500)).allowed);
    }
}
