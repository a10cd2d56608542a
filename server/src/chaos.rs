//! `--chaos`: faults injected into API requests, for tests and rehearsals of
//! imports: throttling (429 with Retry-After), server errors (500, 503),
//! connections that drop before the request is handled (reset), responses
//! lost after the server did the work (lost), and added latency.

use std::sync::Mutex;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::App;

/// How often each fault happens, as shares of API requests.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Chaos {
    /// Share answered 429 with `Retry-After`.
    pub throttle: f64,
    /// Share answered 500.
    pub error: f64,
    /// Share answered 503 with `Retry-After`.
    pub unavailable: f64,
    /// Share whose connection drops before the request is handled.
    pub reset: f64,
    /// Share handled whose response is then lost.
    pub lost: f64,
    /// Latency added to every API request: the least.
    pub latency: Duration,
    /// The most latency added; each request's is drawn evenly between the two (`latency=40ms..120ms`).
    pub latency_max: Duration,
    /// The `Retry-After` seconds sent with 429 and 503.
    pub retry_after: u64,
    /// The random seed, so a run can be repeated.
    pub seed: u64,
}

/// Why a chaos spec is not valid.
#[derive(Debug, thiserror::Error)]
#[error(
    "invalid chaos spec {spec:?}: {why}; write e.g. 429=0.05,503=0.05,500=0.01,reset=0.02,lost=0.02,latency=40ms..120ms,retry-after=1"
)]
pub struct ChaosSpecError {
    spec: String,
    why: String,
}

impl Chaos {
    /// Parses `429=0.05,503=0.05,500=0.01,reset=0.02,lost=0.02,latency=40ms..120ms,retry-after=1`.
    pub fn parse(spec: &str, seed: u64) -> Result<Self, ChaosSpecError> {
        let fail = |why: String| ChaosSpecError { spec: spec.to_owned(), why };
        let mut chaos = Chaos { retry_after: 1, seed, ..Chaos::default() };
        for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (key, value) = part.split_once('=').ok_or_else(|| fail(format!("{part:?} has no '='")))?;
            if key == "latency" {
                let ms = |text: &str| {
                    text.trim()
                        .trim_end_matches("ms")
                        .parse::<u64>()
                        .map(Duration::from_millis)
                        .map_err(|_| fail(format!("latency {value:?} is not like 5ms or 40ms..120ms")))
                };
                let (least, most) = match value.split_once("..") {
                    Some((least, most)) => (ms(least)?, ms(most)?),
                    None => (ms(value)?, ms(value)?),
                };
                if most < least {
                    return Err(fail(format!("latency {value:?}: the most is less than the least")));
                }
                (chaos.latency, chaos.latency_max) = (least, most);
                continue;
            }
            if key == "retry-after" {
                chaos.retry_after = value.parse().map_err(|_| fail(format!("retry-after {value:?} is not seconds")))?;
                continue;
            }
            let share: f64 = value.parse().map_err(|_| fail(format!("{value:?} is not a number")))?;
            if !(0.0..=1.0).contains(&share) {
                return Err(fail(format!("{key}={value} is not a share between 0 and 1")));
            }
            match key {
                "429" => chaos.throttle = share,
                "500" => chaos.error = share,
                "503" => chaos.unavailable = share,
                "reset" => chaos.reset = share,
                "lost" => chaos.lost = share,
                other => return Err(fail(format!("unknown fault {other:?}"))),
            }
        }
        if chaos.throttle + chaos.error + chaos.unavailable + chaos.reset + chaos.lost > 1.0 {
            return Err(fail("the shares add up to more than 1".into()));
        }
        Ok(chaos)
    }
}

/// The random state behind the faults.
pub struct Dice(Mutex<u64>);

impl Dice {
    /// Dice seeded with `seed`.
    pub fn new(seed: u64) -> Self {
        Self(Mutex::new(seed))
    }

    /// The next number in [0, 1): the same sequence for the same seed, so a test can
    /// choose a seed whose faults fall where it needs them.
    pub fn roll(&self) -> f64 {
        let mut state = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = *state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A response that fails before its first byte: the client sees its connection close.
fn dropped() -> Response {
    let failing = futures::stream::once(async {
        Err::<axum::body::Bytes, std::io::Error>(std::io::Error::other("chaos: connection dropped"))
    });
    Response::new(Body::from_stream(failing))
}

/// The middleware.
pub async fn inject(State(app): State<App>, request: Request, next: Next) -> Response {
    let (Some(chaos), Some(dice)) = (&app.config.chaos, &app.dice) else { return next.run(request).await };
    if !request.uri().path().starts_with("/api/") {
        return next.run(request).await;
    }
    if !chaos.latency_max.is_zero() {
        let spread = chaos.latency_max - chaos.latency;
        tokio::time::sleep(chaos.latency + spread.mul_f64(dice.roll())).await;
    }
    let roll = dice.roll();
    let mut edge = 0.0;
    let mut hit = |share: f64| {
        edge += share;
        roll < edge
    };
    let retry_after = || HeaderValue::from_str(&chaos.retry_after.to_string()).unwrap_or(HeaderValue::from_static("1"));
    if hit(chaos.throttle) {
        let mut response = (StatusCode::TOO_MANY_REQUESTS, "chaos: slow down").into_response();
        response.headers_mut().insert(header::RETRY_AFTER, retry_after());
        return response;
    }
    if hit(chaos.unavailable) {
        let mut response = (StatusCode::SERVICE_UNAVAILABLE, "chaos: unavailable").into_response();
        response.headers_mut().insert(header::RETRY_AFTER, retry_after());
        return response;
    }
    if hit(chaos.error) {
        return crate::domain_error::DomainError::internal("chaos: a server error").into_response();
    }
    if hit(chaos.reset) {
        return dropped();
    }
    if hit(chaos.lost) {
        // The work is done and committed; only the answer is lost.
        let _ = next.run(request).await;
        return dropped();
    }
    next.run(request).await
}
