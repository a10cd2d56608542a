//! Adaptive pacing: how many requests to keep in flight and how fast to send them, learned from the
//! service's answers instead of guessed.
//!
//! A [`Pace`] is a concurrency limit that starts low and grows while latency stays near the lowest
//! seen or under a few milliseconds (doubling each round trip at first, then by one), and shrinks
//! when latency climbs past both (a queue is forming) or the service answers 429 or 503, as TCP
//! Vegas and Netflix's concurrency limiters do. A 429 or 503 with `Retry-After`, or
//! `X-RateLimit-Remaining: 0`, pauses every new request until then, not only the one that got it;
//! `X-RateLimit-*` on ordinary answers paces sends at the rate the bucket refills once it runs low,
//! so a known limit is not hit again and again. Neither the ceiling nor the rate cap is ever passed.
//!
//! Give a client one with [`ClientBuilder::pace`](crate::ClientBuilder::pace): every attempt of
//! every request goes through it.
//!
//! ```no_run
//! # async fn demo() -> Result<(), dialogporten::Error> {
//! use dialogporten::pace::{Pace, PaceSettings};
//! use dialogporten::{Client, Environment};
//! let pace = Pace::new(PaceSettings { ceiling: 64, ..PaceSettings::default() });
//! let client = Client::builder(Environment::Tt02).pace(pace.clone()).build()?;
//! // ... send many requests concurrently (up to the ceiling); then:
//! let now = pace.snapshot();
//! println!("limit {} in flight {} throttled {}", now.limit, now.in_flight, now.throttled);
//! # Ok(()) }
//! ```

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, HeaderName};

const RATE_LIMIT_LIMIT: HeaderName = HeaderName::from_static("x-ratelimit-limit");
const RATE_LIMIT_REMAINING: HeaderName = HeaderName::from_static("x-ratelimit-remaining");
const RATE_LIMIT_RESET: HeaderName = HeaderName::from_static("x-ratelimit-reset");

/// How a [`Pace`] starts and what it never passes.
#[derive(Clone, Debug, PartialEq)]
pub struct PaceSettings {
    /// Requests in flight at first.
    pub initial: usize,
    /// Requests in flight at most.
    pub ceiling: usize,
    /// Requests per second at most, if capped.
    pub rate_cap: Option<f64>,
    /// Latency this many times the lowest seen counts as a queue forming.
    pub queue_factor: f64,
}

impl Default for PaceSettings {
    fn default() -> Self {
        Self { initial: 4, ceiling: 64, rate_cap: None, queue_factor: 1.5 }
    }
}

/// What a [`Pace`] knows now: for progress displays and reports.
#[derive(Clone, Debug, PartialEq)]
pub struct PaceSnapshot {
    /// Requests allowed in flight.
    pub limit: usize,
    /// Requests in flight.
    pub in_flight: usize,
    /// Latency, smoothed.
    pub latency: Option<Duration>,
    /// The median latency of every answer so far (429 and 503 left out), to about 1 %.
    pub latency_median: Option<Duration>,
    /// The 99th percentile of the same.
    pub latency_p99: Option<Duration>,
    /// The lowest latency seen lately: the service's unloaded latency.
    pub latency_floor: Option<Duration>,
    /// Answers 429 (rate limited).
    pub throttled: u64,
    /// Answers 503 (overloaded or in maintenance).
    pub overloaded: u64,
    /// Attempts sent.
    pub sent: u64,
    /// The send rate learned from the service's rate-limit answers, per second.
    pub learned_rate: Option<f64>,
    /// When new requests may be sent again, while paused by `Retry-After` or a spent rate limit.
    pub paused_for: Option<Duration>,
}

/// Smoothing of the latency average: the weight of the newest sample.
const SMOOTHING: f64 = 0.2;
/// Latency this much above the floor is noise, not a queue (loopback's floor is well under a
/// millisecond, and its jitter a multiple of that).
const SLACK: Duration = Duration::from_millis(2);
/// Latency below this is never a queue worth giving up places for. A service a few milliseconds
/// away is on the same machine or network; what queues there is mostly the CPUs the client and the
/// service share, and more requests per wake-up cost the client less of it.
const NEGLIGIBLE: Duration = Duration::from_millis(5);
/// How long a lowest latency stands before a newer window's may replace it.
const FLOOR_WINDOW: Duration = Duration::from_secs(30);

#[derive(Debug)]
struct State {
    /// Every answer's latency in microseconds, for percentiles (a few kilobytes, however long the run).
    latencies: Option<hdrhistogram::Histogram<u64>>,
    limit: f64,
    in_flight: usize,
    slow_start: bool,
    floor: Option<Duration>,
    next_floor: Option<Duration>,
    floor_since: Instant,
    smoothed: Option<Duration>,
    last_decrease: Option<Instant>,
    paused_until: Option<Instant>,
    next_send: Instant,
    learned_rate: Option<f64>,
    /// Whether the service's bucket was running low at its last answer: then sends keep to the
    /// learned rate; otherwise they may take what the bucket holds.
    bucket_low: bool,
    throttled: u64,
    overloaded: u64,
    sent: u64,
}

#[derive(Debug)]
struct Shared {
    settings: PaceSettings,
    state: Mutex<State>,
    changed: tokio::sync::Notify,
}

/// An adaptive concurrency limit and pacer, shared by clones. See the [module](self).
#[derive(Clone, Debug)]
pub struct Pace(Arc<Shared>);

/// A place in flight, from [`Pace::acquire`]; give it back with [`Permit::answered`] or
/// [`Permit::failed`] (dropping it gives the place back and teaches nothing).
#[derive(Debug)]
pub struct Permit {
    pace: Pace,
    started: Instant,
    open: bool,
}

impl Pace {
    /// A pace with `settings` (a ceiling of at least one).
    pub fn new(settings: PaceSettings) -> Self {
        let ceiling = settings.ceiling.max(1);
        let settings = PaceSettings { ceiling, initial: settings.initial.clamp(1, ceiling), ..settings };
        let now = Instant::now();
        let state = State {
            // 1 µs to an hour at two significant digits.
            latencies: hdrhistogram::Histogram::new_with_bounds(1, 3_600_000_000, 2).ok(),
            limit: settings.initial as f64,
            in_flight: 0,
            slow_start: true,
            floor: None,
            next_floor: None,
            floor_since: now,
            smoothed: None,
            last_decrease: None,
            paused_until: None,
            next_send: now,
            learned_rate: None,
            bucket_low: false,
            throttled: 0,
            overloaded: 0,
            sent: 0,
        };
        Self(Arc::new(Shared { settings, state: Mutex::new(state), changed: tokio::sync::Notify::new() }))
    }

    /// The settings.
    pub fn settings(&self) -> &PaceSettings {
        &self.0.settings
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.0.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// What it knows now.
    pub fn snapshot(&self) -> PaceSnapshot {
        let state = self.state();
        let now = Instant::now();
        let percentile = |quantile: f64| {
            let latencies = state.latencies.as_ref().filter(|h| !h.is_empty())?;
            Some(Duration::from_micros(latencies.value_at_quantile(quantile)))
        };
        PaceSnapshot {
            limit: state.limit.floor() as usize,
            in_flight: state.in_flight,
            latency: state.smoothed,
            latency_median: percentile(0.5),
            latency_p99: percentile(0.99),
            latency_floor: state.floor,
            throttled: state.throttled,
            overloaded: state.overloaded,
            sent: state.sent,
            learned_rate: state.learned_rate,
            paused_for: state.paused_until.filter(|until| *until > now).map(|until| until - now),
        }
    }

    /// The seconds between sends the rate cap and the learned rate ask for.
    fn interval(&self, state: &State) -> Option<Duration> {
        let learned = state.learned_rate.filter(|_| state.bucket_low);
        let rate = match (self.0.settings.rate_cap, learned) {
            (Some(cap), Some(learned)) => cap.min(learned),
            (Some(rate), None) | (None, Some(rate)) => rate,
            (None, None) => return None,
        };
        (rate > 0.0).then(|| Duration::from_secs_f64(1.0 / rate))
    }

    /// Waits for a place in flight: until no pause holds, fewer than the limit are in flight, and
    /// the rate allows another send.
    pub async fn acquire(&self) -> Permit {
        enum Next {
            Go(Instant),
            Sleep(Duration),
            Wait,
        }
        loop {
            let notified = self.0.changed.notified();
            let now = Instant::now();
            let next = {
                let mut state = self.state();
                let limit = (state.limit.floor() as usize).max(1);
                match state.paused_until {
                    Some(until) if until > now => Next::Sleep(until - now),
                    _ if state.in_flight >= limit => Next::Wait,
                    _ => {
                        state.in_flight += 1;
                        state.sent += 1;
                        // A paced send takes the next slot now and waits for it: no two wait for the same.
                        Next::Go(match self.interval(&state) {
                            Some(interval) => {
                                let slot = state.next_send.max(now);
                                state.next_send = slot + interval;
                                slot
                            }
                            None => now,
                        })
                    }
                }
            };
            match next {
                Next::Go(slot) => {
                    let mut permit = Permit { pace: self.clone(), started: now, open: true };
                    if slot > now {
                        tokio::time::sleep_until(slot.into()).await;
                        permit.started = Instant::now();
                    }
                    return permit;
                }
                Next::Sleep(wait) => {
                    tokio::select! {
                        () = tokio::time::sleep(wait) => {}
                        () = notified => {}
                    }
                }
                Next::Wait => notified.await,
            }
        }
    }

    fn release(&self, now: Instant, learn: impl FnOnce(&mut State, Instant)) {
        let free = {
            let mut state = self.state();
            state.in_flight = state.in_flight.saturating_sub(1);
            learn(&mut state, now);
            (state.limit.floor() as usize).max(1).saturating_sub(state.in_flight)
        };
        // Wake as many as may go now, not every waiter.
        for _ in 0..free {
            self.0.changed.notify_one();
        }
    }

    /// Halves the limit, at most once a round trip (one burst of 429s is one signal).
    fn back_off(&self, state: &mut State, now: Instant, factor: f64) {
        let round_trip = state.smoothed.unwrap_or(Duration::from_millis(100));
        if state.last_decrease.is_some_and(|at| now.duration_since(at) < round_trip) {
            return;
        }
        state.limit = (state.limit * factor).max(1.0);
        state.slow_start = false;
        state.last_decrease = Some(now);
    }

    fn pause(state: &mut State, now: Instant, wait: Duration) {
        let until = now + wait;
        state.paused_until = Some(state.paused_until.map_or(until, |held| held.max(until)));
    }

    fn learn_latency(&self, state: &mut State, now: Instant, latency: Duration) {
        if let Some(latencies) = &mut state.latencies {
            latencies.saturating_record(u64::try_from(latency.as_micros()).unwrap_or(u64::MAX));
        }
        if now.duration_since(state.floor_since) >= FLOOR_WINDOW {
            // A floor from long ago may be one the service no longer reaches: take the last window's.
            state.floor = state.next_floor.or(state.floor);
            state.next_floor = None;
            state.floor_since = now;
        }
        state.floor = Some(state.floor.map_or(latency, |floor| floor.min(latency)));
        state.next_floor = Some(state.next_floor.map_or(latency, |floor| floor.min(latency)));
        let smoothed = match state.smoothed {
            Some(previous) => previous.mul_f64(1.0 - SMOOTHING) + latency.mul_f64(SMOOTHING),
            None => latency,
        };
        state.smoothed = Some(smoothed);
        let Some(floor) = state.floor else { return };
        let factor = self.0.settings.queue_factor;
        let queueing = smoothed > floor.mul_f64(factor).max(floor + SLACK).max(NEGLIGIBLE.mul_f64(1.2));
        if queueing {
            self.back_off(state, now, 0.9);
        } else if latency <= floor.mul_f64((1.0 + factor) / 2.0).max(floor + SLACK / 2).max(NEGLIGIBLE) {
            let step = if state.slow_start { 1.0 } else { 1.0 / state.limit };
            state.limit = (state.limit + step).min(self.0.settings.ceiling as f64);
        }
    }

    /// Paces sends to the rate the service's bucket refills at once it runs low
    /// (`X-RateLimit-Limit/Remaining/Reset`, as API Management sends them).
    fn learn_rate_limit(&self, state: &mut State, now: Instant, headers: &HeaderMap) {
        let number = |name: &HeaderName| headers.get(name)?.to_str().ok()?.trim().parse::<f64>().ok();
        let (Some(limit), Some(remaining), Some(reset)) =
            (number(&RATE_LIMIT_LIMIT), number(&RATE_LIMIT_REMAINING), number(&RATE_LIMIT_RESET))
        else {
            return;
        };
        if remaining <= 0.0 && reset > 0.0 {
            Self::pause(state, now, Duration::from_secs_f64(reset.min(3600.0) / limit.max(1.0)));
        }
        if remaining <= 2.0 * state.limit {
            // Doubling now would put more in flight than the bucket holds.
            state.slow_start = false;
        }
        let low = (limit / 10.0).max(state.limit);
        state.bucket_low = remaining <= low;
        if remaining <= low && reset > 0.0 {
            // The bucket refills what it lacks by the reset: that is the rate to keep to.
            let refill = (limit - remaining) / reset;
            if refill > 0.0 {
                state.learned_rate = Some(state.learned_rate.map_or(refill, |known| known.max(refill)));
            }
        }
    }
}

impl Permit {
    /// The service answered: learn from its status, headers and latency.
    pub fn answered(mut self, status: StatusCode, headers: &HeaderMap) {
        self.open = false;
        let now = Instant::now();
        let latency = now.duration_since(self.started);
        let pace = &self.pace;
        pace.release(now, |state, now| {
            match status {
                StatusCode::TOO_MANY_REQUESTS => {
                    state.throttled += 1;
                    pace.back_off(state, now, 0.5);
                    let wait = crate::retry::retry_after(headers);
                    Pace::pause(state, now, wait.unwrap_or(Duration::from_secs(1)));
                }
                StatusCode::SERVICE_UNAVAILABLE => {
                    state.overloaded += 1;
                    pace.back_off(state, now, 0.5);
                    if let Some(wait) = crate::retry::retry_after(headers) {
                        Pace::pause(state, now, wait);
                    }
                }
                _ => pace.learn_latency(state, now, latency),
            }
            // Most services send no rate-limit headers: one lookup says so.
            if headers.contains_key(&RATE_LIMIT_REMAINING) {
                pace.learn_rate_limit(state, now, headers);
            }
        });
    }

    /// No answer (a connection error or a timeout): give the place back; a failure is not a
    /// measure of the service's pace.
    pub fn failed(mut self) {
        self.open = false;
        self.pace.release(Instant::now(), |_, _| {});
    }
}

impl Drop for Permit {
    fn drop(&mut self) {
        if self.open {
            self.pace.release(Instant::now(), |_, _| {});
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok() -> (StatusCode, HeaderMap) {
        (StatusCode::OK, HeaderMap::new())
    }

    #[tokio::test]
    async fn it_grows_while_latency_stays_low_and_halves_on_a_429() {
        let pace = Pace::new(PaceSettings { initial: 2, ceiling: 40, ..PaceSettings::default() });
        for _ in 0..30 {
            let (status, headers) = ok();
            pace.acquire().await.answered(status, &headers);
        }
        let grown = pace.snapshot().limit;
        assert!(grown > 2, "grew from 2: {grown}");
        let mut throttled = HeaderMap::new();
        throttled.insert("retry-after", "0".parse().unwrap());
        pace.acquire().await.answered(StatusCode::TOO_MANY_REQUESTS, &throttled);
        let after = pace.snapshot();
        assert_eq!(after.limit, (grown / 2).max(1), "halved on a 429");
        assert_eq!(after.throttled, 1);
    }

    #[tokio::test]
    async fn latency_percentiles_count_answers_but_not_refusals() {
        let pace = Pace::new(PaceSettings::default());
        assert_eq!((pace.snapshot().latency_median, pace.snapshot().latency_p99), (None, None), "no answers yet");
        let mut throttled = HeaderMap::new();
        throttled.insert("retry-after", "0".parse().unwrap());
        pace.acquire().await.answered(StatusCode::TOO_MANY_REQUESTS, &throttled);
        assert_eq!(pace.snapshot().latency_median, None, "a 429 is not a measure of the service's latency");
        for _ in 0..100 {
            let (status, headers) = ok();
            pace.acquire().await.answered(status, &headers);
        }
        let now = pace.snapshot();
        let (median, p99) = (now.latency_median.unwrap(), now.latency_p99.unwrap());
        assert!(median <= p99 && p99 < Duration::from_secs(1), "{median:?} {p99:?}");
    }

    /// Feeds `answers` answers from a service whose latency at `limit` in flight is `latency(limit)`,
    /// a closed loop: each answer frees the place for the next request (Little's law sets the clock).
    fn serve(pace: &Pace, answers: usize, latency: impl Fn(f64) -> Duration) {
        let mut now = Instant::now();
        for _ in 0..answers {
            let limit = pace.state().limit;
            let took = latency(limit);
            now += took.div_f64(limit);
            pace.release(now, |state, now| pace.learn_latency(state, now, took));
        }
    }

    #[test]
    fn a_service_on_the_same_machine_gets_every_place_its_milliseconds_allow() {
        // Loopback: the floor is 0.1 ms and each request in flight adds 70 µs of the shared CPU's
        // queue; 64 in flight take 4.6 ms, which is no queue worth giving places up for.
        let pace = Pace::new(PaceSettings { ceiling: 64, ..PaceSettings::default() });
        serve(&pace, 20_000, |limit| Duration::from_micros(100) + Duration::from_micros(70).mul_f64(limit));
        assert_eq!(pace.snapshot().limit, 64);
    }

    #[test]
    fn a_queue_in_front_of_fixed_capacity_stops_the_growth_near_that_capacity() {
        // 8 workers of 5 ms each, the rest queue (`dp-server --capacity 8` with 5 ms of latency).
        let pace = Pace::new(PaceSettings { ceiling: 64, ..PaceSettings::default() });
        serve(&pace, 20_000, |limit| Duration::from_millis(5).mul_f64((limit / 8.0).max(1.0)));
        let now = pace.snapshot();
        assert!((8..=12).contains(&now.limit), "limit {}", now.limit);
        let median = now.latency_median.unwrap();
        assert!(median <= Duration::from_micros(7_500), "median latency {median:?} is within 1.5 × 5 ms");
    }

    #[tokio::test]
    async fn it_never_passes_the_ceiling() {
        let pace = Pace::new(PaceSettings { initial: 1, ceiling: 3, ..PaceSettings::default() });
        for _ in 0..50 {
            let (status, headers) = ok();
            pace.acquire().await.answered(status, &headers);
        }
        assert_eq!(pace.snapshot().limit, 3);
    }

    #[tokio::test]
    async fn a_dropped_permit_gives_its_place_back() {
        let pace = Pace::new(PaceSettings { initial: 1, ceiling: 1, ..PaceSettings::default() });
        drop(pace.acquire().await);
        assert_eq!(pace.snapshot().in_flight, 0);
        let permit = pace.acquire().await;
        assert_eq!(pace.snapshot().in_flight, 1);
        permit.failed();
        assert_eq!(pace.snapshot().in_flight, 0);
    }

    #[tokio::test]
    async fn a_bucket_running_low_ends_the_doubling() {
        let pace = Pace::new(PaceSettings { initial: 8, ceiling: 64, ..PaceSettings::default() });
        let mut headers = HeaderMap::new();
        headers.insert("x-ratelimit-limit", "100".parse().unwrap());
        headers.insert("x-ratelimit-remaining", "15".parse().unwrap());
        headers.insert("x-ratelimit-reset", "1".parse().unwrap());
        pace.acquire().await.answered(StatusCode::OK, &headers);
        let before = pace.snapshot().limit;
        for _ in 0..8 {
            let (status, headers) = ok();
            pace.acquire().await.answered(status, &headers);
        }
        // Doubling adds a place for each answer: 8 more, past what the bucket's 15 can take.
        assert!(pace.snapshot().limit <= before + 1, "from {before} to {}", pace.snapshot().limit);
    }

    #[tokio::test]
    async fn a_spent_rate_limit_teaches_the_refill_rate() {
        let pace = Pace::new(PaceSettings::default());
        let mut headers = HeaderMap::new();
        headers.insert("x-ratelimit-limit", "200".parse().unwrap());
        headers.insert("x-ratelimit-remaining", "10".parse().unwrap());
        headers.insert("x-ratelimit-reset", "1".parse().unwrap());
        pace.acquire().await.answered(StatusCode::OK, &headers);
        assert_eq!(pace.snapshot().learned_rate, Some(190.0));
    }
}
