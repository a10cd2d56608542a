//! Adaptive pacing: how many requests to keep in flight and how fast to send them, learned from the
//! service's answers instead of guessed.
//!
//! A [`Pace`] is a concurrency limit that starts low and grows while latency stays near the lowest
//! seen or under a few milliseconds (doubling each round trip at first, then by one), and shrinks
//! when latency climbs past both (a queue is forming) or the service answers 429 or 503, as TCP
//! Vegas and Netflix's concurrency limiters do. A rise in latency does not take away places that
//! still bring answers: the pace measures the latency at each number of places in flight, so the
//! answers per second each gets, and keeps a place that adds its part. A 429 or 503 with
//! `Retry-After`, or `X-RateLimit-Remaining: 0`, pauses every new request until then, not only the
//! one that got it; `X-RateLimit-*` on ordinary answers paces sends at the rate the bucket refills
//! once it runs low, so a known limit is not hit again and again. Neither the ceiling nor the rate cap is ever passed.
//!
//! Several processes with one client (shards of a migration) draw from one bucket. A pace sees
//! that in the headers alone: `X-RateLimit-Remaining` falls faster than its own sends and the
//! refill explain. It then keeps to its share, the refill rate times its part of the bucket's recent
//! draws (evened out a little: kept to the part as measured, one shard came to take nearly all), and steers
//! the bucket's level towards a small reserve, so the shards together keep to the limit without
//! waiting for 429s, whatever their number and with no coordination.
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

use std::collections::VecDeque;
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
    /// The send rate learned from the service's rate-limit answers, per second: the bucket's
    /// refill rate.
    pub learned_rate: Option<f64>,
    /// This client's part of the bucket's recent draws (1 when it draws alone); when the bucket
    /// runs low it keeps to `learned_rate` times this.
    pub bucket_share: f64,
    /// When new requests may be sent again, while paused by `Retry-After` or a spent rate limit.
    pub paused_for: Option<Duration>,
}

/// Smoothing of the latency average: the weight of the newest sample.
const SMOOTHING: f64 = 0.2;
/// Latency below this is never a queue worth giving up places for. A service a few milliseconds
/// away is on the same machine or network; what queues there is mostly the CPUs the client and the
/// service share, and more requests per wake-up cost the client less of it.
const NEGLIGIBLE: Duration = Duration::from_millis(5);
/// How long a lowest latency stands before a newer window's may replace it.
const FLOOR_WINDOW: Duration = Duration::from_secs(30);
/// The weight of the newest answer in the latency measured for each count of places in flight.
const PLACES_SMOOTHING: f64 = 1.0 / 32.0;
/// The fewest answers at a count of places in flight worth comparing with the next count.
const PLACES_MIN_ANSWERS: u32 = 32;
/// The part of an average place's answers a further place must bring to be kept through a rise
/// in latency: a queue adds latency and no answers, a place short of the service's capacity adds
/// its share; the CPU a service shares with its callers blurs the edge between the two.
const PLACE_PAYS: f64 = 0.25;
/// How many paced sends may wait for their slot at once.
const BOOKED_AHEAD: u32 = 4;
/// How far back the bucket's readings go when measuring this client's part of its draws.
const SHARE_WINDOW: Duration = Duration::from_secs(1);
/// The fewest of its own requests worth measuring a share over, unless the readings span
/// [`SHARE_MIN_SPAN`] (the headers count whole requests).
const SHARE_MIN_DRAWS: f64 = 16.0;
/// A span of readings worth measuring a share over, however few its own requests.
const SHARE_MIN_SPAN: Duration = Duration::from_millis(100);
/// The weight of the newest measurement of the share.
const SHARE_SMOOTHING: f64 = 0.3;
/// A pace keeps to the refill times its share to this power: a part below the others' gets a
/// little more than it measured, a part above a little less, so the parts move towards equal.
/// Kept to the share itself, any split would stand, and the measurement's lag let one shard take
/// nearly all (in the model below, 1 of 16 shards started together kept 174 of 200/s). The level's
/// correction takes up the sum: N shards ask for N^0.1 of the refill, 1.5 × at 64.
const SHARE_EVENING: f64 = 0.9;

/// What one count of places in flight has measured.
#[derive(Clone, Copy, Debug, Default)]
struct AtPlaces {
    /// The latency of answers sent with this many in flight, in seconds, smoothed.
    latency: f64,
    answers: u32,
    at: Option<Instant>,
}

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
    /// Indexed by the places in flight an answer's request was sent with, as far as any was
    /// sent with (not sized to the ceiling, which may be any number): by Little's law those
    /// places over that latency are the answers per second they get.
    by_places: Vec<AtPlaces>,
    last_decrease: Option<Instant>,
    paused_until: Option<Instant>,
    next_send: Instant,
    learned_rate: Option<f64>,
    /// Whether the service's bucket was running low at its last answer: then sends keep to the
    /// learned rate; otherwise they may take what the bucket holds.
    bucket_low: bool,
    /// The bucket's readings of the last [`SHARE_WINDOW`]: when, how much had been drawn from it
    /// (by anyone) by then, and how many of those were this client's own requests.
    readings: VecDeque<(Instant, f64, u64)>,
    /// The bucket's last reading: when, and what remained.
    last_reading: Option<(Instant, f64)>,
    /// What has been drawn from the bucket since the first reading, by every client with the limit.
    drawn: f64,
    /// This client's requests the bucket counted (answers with its headers, 429s left out).
    own_draws: u64,
    /// This client's part of the bucket's recent draws, smoothed.
    share: f64,
    /// Whether `share` has been measured (until then it is 1: no others seen).
    share_measured: bool,
    /// The bucket's level relative to the reserve it is steered to (1 at the reserve), for the
    /// rate's correction.
    level: f64,
    throttled: u64,
    overloaded: u64,
    sent: u64,
}

#[derive(Debug)]
struct Shared {
    settings: PaceSettings,
    state: Mutex<State>,
    changed: tokio::sync::Notify,
    /// The turn to wait for a slot too far ahead to book: one waiter at a time sleeps on the clock,
    /// the rest queue here (tokio's mutex is first come, first served) instead of all waking for
    /// each slot.
    booking: tokio::sync::Mutex<()>,
    /// A booked send's slot came: the waiter with the turn looks again then, in the same wake-up
    /// as that send, rather than on a clock of its own (each wake-up of the process costs more
    /// than the look).
    slot_passed: tokio::sync::Notify,
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
    /// The places in flight, this one with them, when it was taken.
    places: usize,
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
            by_places: Vec::new(),
            last_decrease: None,
            paused_until: None,
            next_send: now,
            learned_rate: None,
            bucket_low: false,
            readings: VecDeque::new(),
            last_reading: None,
            drawn: 0.0,
            own_draws: 0,
            share: 1.0,
            share_measured: false,
            level: 1.0,
            throttled: 0,
            overloaded: 0,
            sent: 0,
        };
        Self(Arc::new(Shared {
            settings,
            state: Mutex::new(state),
            changed: tokio::sync::Notify::new(),
            booking: tokio::sync::Mutex::new(()),
            slot_passed: tokio::sync::Notify::new(),
        }))
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
            bucket_share: state.share,
            paused_for: state.paused_until.filter(|until| *until > now).map(|until| until - now),
        }
    }

    /// The seconds between sends the rate cap and the learned rate ask for.
    fn interval(&self, state: &State) -> Option<Duration> {
        // Its share of the refill; more while the bucket holds more than the reserve, less below
        // it, so that the shards' errors in measuring their shares cancel out in the bucket.
        let correction = (0.5 + 0.5 * state.level).clamp(0.5, 1.25);
        let learned = state
            .learned_rate
            .filter(|_| state.bucket_low)
            .map(|rate| rate * state.share.powf(SHARE_EVENING) * correction);
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
            BookLater(Duration),
            Wait,
        }
        let mut turn = None;
        let mut places = 0;
        loop {
            let notified = self.0.changed.notified();
            let now = Instant::now();
            let next = {
                let mut state = self.state();
                let limit = (state.limit.floor() as usize).max(1);
                let interval = self.interval(&state);
                let slot = state.next_send.max(now);
                // Slots are booked a few sends ahead at most: the rate may rise meanwhile (another
                // shard ends), and sends booked at the old rate would keep to it.
                // Half a slot of leeway, so that a booked send waking at its slot finds the next
                // one bookable though the clock has moved on a little; the wait ends at the nearest
                // booked slot, in the same wake-up.
                let booked_far = interval
                    .filter(|interval| slot > now + interval.mul_f64(f64::from(BOOKED_AHEAD) + 0.5))
                    .map(|interval| (slot - now).saturating_sub(interval * BOOKED_AHEAD));
                if let Some(until) = state.paused_until.filter(|until| *until > now) {
                    Next::Sleep(until - now)
                } else if state.in_flight >= limit {
                    Next::Wait
                } else if let Some(wait) = booked_far {
                    Next::BookLater(wait)
                } else {
                    state.in_flight += 1;
                    state.sent += 1;
                    places = state.in_flight;
                    // A paced send takes the next slot now and waits for it: no two wait for the same.
                    Next::Go(match interval {
                        Some(interval) => {
                            state.next_send = slot + interval;
                            slot
                        }
                        None => now,
                    })
                }
            };
            match next {
                Next::Go(slot) => {
                    drop(turn.take());
                    let mut permit = Permit { pace: self.clone(), started: now, places, open: true };
                    if slot > now {
                        tokio::time::sleep_until(slot.into()).await;
                        permit.started = Instant::now();
                        self.0.slot_passed.notify_one();
                    }
                    return permit;
                }
                Next::BookLater(_) if turn.is_none() => turn = Some(self.0.booking.lock().await),
                Next::BookLater(wait) => {
                    tokio::select! {
                        () = self.0.slot_passed.notified() => {}
                        () = tokio::time::sleep(wait) => {}
                        () = notified => {}
                    }
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

    /// The places in flight that are paying their way: `n` (the limit's whole places) when the
    /// answers measured with `n` in flight come faster than with `n - 1` by at least
    /// [`PLACE_PAYS`] of an average place's part. A rise in latency that comes with more answers
    /// is the service's capacity being used, not a queue; where a service's latency includes the
    /// CPU it shares with its callers, its edge is where answers stop rising, not where latency
    /// starts to.
    fn places_that_pay(state: &State, now: Instant) -> Option<usize> {
        let n = state.limit.floor() as usize;
        let measured = |places: usize| {
            let at = state.by_places.get(places)?;
            let fresh = at.at.is_some_and(|at| now.duration_since(at) < FLOOR_WINDOW);
            (fresh && at.answers >= PLACES_MIN_ANSWERS && at.latency > 0.0).then(|| places as f64 / at.latency)
        };
        let (with, without) = (measured(n)?, measured(n.checked_sub(1).filter(|&below| below > 0)?)?);
        (with >= without * (1.0 + PLACE_PAYS / (n - 1) as f64)).then_some(n)
    }

    fn learn_latency(&self, state: &mut State, now: Instant, latency: Duration, places: usize) {
        if state.by_places.len() <= places {
            state.by_places.resize(places + 1, AtPlaces::default());
        }
        if let Some(at) = state.by_places.get_mut(places) {
            let seconds = latency.as_secs_f64();
            if at.at.is_none_or(|at| now.duration_since(at) >= FLOOR_WINDOW) {
                *at = AtPlaces::default();
            }
            at.latency += (seconds - at.latency) * PLACES_SMOOTHING.max(1.0 / f64::from(at.answers.saturating_add(1)));
            at.answers = at.answers.saturating_add(1);
            at.at = Some(now);
        }
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
        let queueing = smoothed > floor.mul_f64(factor).max(NEGLIGIBLE.mul_f64(1.2));
        if queueing {
            let paying = Self::places_that_pay(state, now);
            self.back_off(state, now, 0.9);
            if let Some(places) = paying {
                state.limit = state.limit.max(places as f64);
            }
        } else if latency <= floor.mul_f64((1.0 + factor) / 2.0).max(NEGLIGIBLE) {
            let step = if state.slow_start { 1.0 } else { 1.0 / state.limit };
            state.limit = (state.limit + step).min(self.0.settings.ceiling as f64);
        }
    }

    /// What one answer teaches: its status, its rate-limit headers and its latency.
    fn learn_answer(
        &self,
        state: &mut State,
        now: Instant,
        status: StatusCode,
        headers: &HeaderMap,
        latency: Duration,
        places: usize,
    ) {
        match status {
            StatusCode::TOO_MANY_REQUESTS => {
                state.throttled += 1;
                self.back_off(state, now, 0.5);
                let wait = crate::retry::retry_after(headers);
                Pace::pause(state, now, wait.unwrap_or(Duration::from_secs(1)));
            }
            StatusCode::SERVICE_UNAVAILABLE => {
                state.overloaded += 1;
                self.back_off(state, now, 0.5);
                if let Some(wait) = crate::retry::retry_after(headers) {
                    Pace::pause(state, now, wait);
                }
            }
            _ => self.learn_latency(state, now, latency, places),
        }
        // Most services send no rate-limit headers: one lookup says so.
        if headers.contains_key(&RATE_LIMIT_REMAINING) {
            self.learn_rate_limit(state, now, headers, status != StatusCode::TOO_MANY_REQUESTS);
        }
    }

    /// Measures this client's part of the bucket's draws over the last [`SHARE_WINDOW`]. Between
    /// two readings the bucket lost what its level fell plus what refilled meanwhile (never past
    /// its size: a full bucket refills nothing), and this client drew its own counted requests of
    /// that; the rest are other clients with the same limit.
    fn learn_share(state: &mut State, now: Instant, limit: f64, remaining: f64) {
        if let Some((at, before)) = state.last_reading {
            // Before the bucket has run low its refill is not known yet: a draw the refill made up
            // is then left out, which counts others' part as smaller than it is, for a moment.
            let refilled = state.learned_rate.unwrap_or(0.0) * now.duration_since(at).as_secs_f64();
            state.drawn += ((before + refilled).min(limit) - remaining).max(0.0);
        }
        state.last_reading = Some((now, remaining));
        state.readings.push_back((now, state.drawn, state.own_draws));
        while state.readings.len() > 2
            && state.readings.front().is_some_and(|(at, ..)| now.duration_since(*at) > SHARE_WINDOW)
        {
            state.readings.pop_front();
        }
        let Some(&(first_at, first_drawn, first_own)) = state.readings.front() else { return };
        let own = (state.own_draws - first_own) as f64;
        if now.duration_since(first_at) < SHARE_MIN_SPAN && own < SHARE_MIN_DRAWS {
            return;
        }
        let drawn = state.drawn - first_drawn;
        let measured = if drawn > own && drawn > 0.0 { (own / drawn).clamp(0.01, 1.0) } else { 1.0 };
        // The first measurement stands on its own: smoothed from the guess of 1, shards starting
        // together would each take most of the bucket for their first few sends.
        state.share = if state.share_measured {
            state.share * (1.0 - SHARE_SMOOTHING) + measured * SHARE_SMOOTHING
        } else {
            measured
        };
        state.share_measured = true;
    }

    /// Paces sends to the rate the service's bucket refills at once it runs low
    /// (`X-RateLimit-Limit/Remaining/Reset`, as API Management sends them).
    fn learn_rate_limit(&self, state: &mut State, now: Instant, headers: &HeaderMap, counted: bool) {
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
        // The reserve the bucket is steered to: an eighth of it, the same for every client of
        // the bucket. A reserve of each one's own (it was its places in flight over its share)
        // let the one wanting least take the others' parts (shards of equal work ended 8 to 39 s
        // after the start). Sends are paced from twice the reserve down, or from higher where
        // this client's places in flight, drawing at once, would otherwise reach into the reserve
        // (a small bucket); at the level the bucket settles at, every client keeps to its part.
        let reserve = limit / 8.0;
        state.bucket_low = remaining <= (2.0 * reserve).max(reserve + state.limit).min(limit / 2.0);
        if state.bucket_low && reset > 0.0 {
            // The bucket refills what it lacks by the reset: that is the rate to keep to (at
            // least: the reset counts whole seconds, so the deepest reading tells the most).
            let refill = (limit - remaining) / reset;
            if refill > 0.0 {
                state.learned_rate = Some(state.learned_rate.map_or(refill, |known| known.max(refill)));
            }
        }
        state.level = remaining / reserve.max(1.0);
        if counted {
            state.own_draws += 1;
        }
        Self::learn_share(state, now, limit, remaining);
    }
}

impl Permit {
    /// The service answered: learn from its status, headers and latency.
    pub fn answered(mut self, status: StatusCode, headers: &HeaderMap) {
        self.open = false;
        let now = Instant::now();
        let latency = now.duration_since(self.started);
        let (pace, places) = (&self.pace, self.places);
        pace.release(now, |state, now| pace.learn_answer(state, now, status, headers, latency, places));
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
    /// Gives the answers per second it came to.
    fn serve(pace: &Pace, answers: usize, mut latency: impl FnMut(f64) -> Duration) -> f64 {
        let started = Instant::now();
        let mut now = started;
        for _ in 0..answers {
            let places = pace.state().limit.floor().max(1.0);
            let took = latency(places);
            now += took.div_f64(places);
            pace.release(now, |state, now| pace.learn_latency(state, now, took, places as usize));
        }
        answers as f64 / now.duration_since(started).as_secs_f64()
    }

    /// A number from 0 to 1, the same sequence every run (xorshift).
    fn uniform(seed: &mut u64) -> f64 {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        (*seed >> 11) as f64 / (1_u64 << 53) as f64
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

    #[test]
    fn places_that_bring_answers_are_kept_through_a_rise_in_latency() {
        // `dp-server --capacity 8` with 5 ms of latency, on a host whose CPU (shared by server
        // and client) and timer make an answer take 7.2 ms at the median unloaded, as little as
        // 5.3 now and then, and up to 1.7 × the median: measured there, 959 answers/s with 7 in
        // flight, 1044 to 1110 with 8, 1144 to 1164 with 9 and 10. At 9 the smoothed latency
        // crosses 1.5 × the lowest often, though the ninth place still brings answers.
        let pace = Pace::new(PaceSettings { ceiling: 64, ..PaceSettings::default() });
        let mut seed = 0x2545_f491_4f6c_dd1d;
        let knee = 8.3;
        let rate = serve(&pace, 60_000, |places| {
            let jitter = 0.74 + 0.78 * uniform(&mut seed).powi(2);
            Duration::from_micros(7_200).mul_f64((places / knee).max(1.0) * jitter)
        });
        let best = knee / 0.0072;
        assert!(rate >= 0.97 * best, "{rate:.0} answers/s of the service's {best:.0}");
        let now = pace.snapshot();
        assert!((9..=11).contains(&now.limit), "limit {}", now.limit);
    }

    #[tokio::test]
    async fn a_ceiling_of_any_size_costs_nothing_up_front() {
        let pace = Pace::new(PaceSettings { ceiling: usize::MAX, ..PaceSettings::default() });
        for _ in 0..20 {
            let (status, headers) = ok();
            pace.acquire().await.answered(status, &headers);
        }
        assert!(pace.snapshot().limit > PaceSettings::default().initial, "it grows as ever");
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
    async fn paced_waiters_book_only_the_next_few_slots_and_go_in_turn() {
        let pace =
            Pace::new(PaceSettings { initial: 64, ceiling: 64, rate_cap: Some(50.0), ..PaceSettings::default() });
        let (went, mut sends) = tokio::sync::mpsc::unbounded_channel();
        for n in 0..12 {
            let (pace, went) = (pace.clone(), went.clone());
            tokio::spawn(async move {
                let permit = pace.acquire().await;
                let _ = went.send((n, Instant::now()));
                let (status, headers) = ok();
                permit.answered(status, &headers);
            });
        }
        drop(went);
        for _ in 0..4 {
            tokio::task::yield_now().await;
        }
        // Booked are the first slot and the few after it; the rest queue for their turn instead
        // of each holding a slot at today's rate (or all waking for every slot).
        let booked = pace.snapshot().sent;
        assert!((1..=u64::from(BOOKED_AHEAD) + 1).contains(&booked), "{booked} booked");
        let mut order = Vec::new();
        let mut times = Vec::new();
        while let Some((n, at)) = sends.recv().await {
            order.push(n);
            times.push(at);
        }
        assert_eq!(order, (0..12).collect::<Vec<_>>(), "first come, first served");
        // 50/s: a slot every 20 ms (a millisecond's leeway for the timer).
        let spread = *times.last().unwrap() - times[0];
        assert!(spread >= Duration::from_millis(11 * 20 - 11), "12 sends in {spread:?}");
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

    /// A token bucket of `per_second` that refills continuously and answers with API Management's
    /// headers (`X-RateLimit-Reset` in whole seconds, rounded up), as `dp-server --rate-limit` does.
    struct Bucket {
        per_second: f64,
        tokens: f64,
        at: Instant,
    }

    impl Bucket {
        fn take(&mut self, now: Instant) -> (StatusCode, HeaderMap) {
            self.tokens =
                (self.tokens + now.duration_since(self.at).as_secs_f64() * self.per_second).min(self.per_second);
            self.at = now;
            let allowed = self.tokens >= 1.0;
            if allowed {
                self.tokens -= 1.0;
            }
            let mut headers = HeaderMap::new();
            let whole = |seconds: f64| (seconds.ceil() as u64).to_string().parse().unwrap();
            headers.insert("x-ratelimit-limit", (self.per_second as u64).to_string().parse().unwrap());
            headers.insert("x-ratelimit-remaining", (self.tokens.floor() as u64).to_string().parse().unwrap());
            headers.insert("x-ratelimit-reset", whole((self.per_second - self.tokens) / self.per_second));
            if allowed {
                (StatusCode::OK, headers)
            } else {
                headers.insert("retry-after", whole((1.0 - self.tokens) / self.per_second));
                (StatusCode::TOO_MANY_REQUESTS, headers)
            }
        }
    }

    /// Paces with one bucket of 200/s between them, each sending whenever its pace lets it (1 ms
    /// answers) until its stop (seconds, simulated): the answers per second from `from` to `to`
    /// seconds, and the share of all requests answered 429.
    fn share_one_bucket(stops: &[u64], from: u64, to: u64) -> (f64, f64) {
        let spans: Vec<_> = stops.iter().map(|stop| (0, *stop)).collect();
        let (rate, refused, _) = share_one_bucket_between(&spans, from, to);
        (rate, refused)
    }

    /// As [`share_one_bucket`], each pace from its start to its stop; also each one's answers per
    /// second from `from` to `to`.
    fn share_one_bucket_between(spans: &[(u64, u64)], from: u64, to: u64) -> (f64, f64, Vec<f64>) {
        share_one_bucket_with(spans, &vec![PaceSettings::default().ceiling; spans.len()], from, to)
    }

    /// As [`share_one_bucket_between`], each pace with its own ceiling of places in flight.
    fn share_one_bucket_with(spans: &[(u64, u64)], ceilings: &[usize], from: u64, to: u64) -> (f64, f64, Vec<f64>) {
        let start = Instant::now();
        let at = |seconds: u64| start + Duration::from_secs(seconds);
        let mut bucket = Bucket { per_second: 200.0, tokens: 200.0, at: start };
        let paces: Vec<Pace> = ceilings
            .iter()
            .map(|ceiling| Pace::new(PaceSettings { ceiling: *ceiling, ..PaceSettings::default() }))
            .collect();
        let mut next: Vec<_> = spans.iter().map(|(begin, _)| at(*begin)).collect();
        let latency = Duration::from_millis(1);
        let (mut sent, mut throttled, mut counted) = (0_u64, 0_u64, 0_u64);
        let mut each = vec![0_u64; spans.len()];
        loop {
            let running = next.iter().enumerate().filter(|(i, now)| **now < at(spans[*i].1));
            let Some((i, &now)) = running.min_by_key(|(_, now)| **now) else { break };
            let (status, headers) = bucket.take(now);
            sent += 1;
            if status == StatusCode::TOO_MANY_REQUESTS {
                throttled += 1;
            } else if now >= at(from) && now < at(to) {
                counted += 1;
                each[i] += 1;
            }
            let pace = &paces[i];
            let mut state = pace.state();
            let places = state.limit.floor() as usize;
            pace.learn_answer(&mut state, now + latency, status, &headers, latency, places);
            // As fast as its places allow, unless the rate or a pause holds it back.
            let gap = pace.interval(&state).unwrap_or(latency.div_f64(state.limit.max(1.0)));
            let paused = state.paused_until.unwrap_or(now);
            next[i] = (now + gap).max(paused);
        }
        let seconds = (to - from) as f64;
        (counted as f64 / seconds, throttled as f64 / sent as f64, each.iter().map(|n| *n as f64 / seconds).collect())
    }

    #[test]
    fn shards_sharing_one_bucket_keep_to_its_rate_without_429s() {
        for shards in [1, 4, 8] {
            let (rate, refused) = share_one_bucket(&vec![30; shards], 5, 30);
            // At most the refill and what the bucket held at the warm-up's end (200 over 25 s).
            assert!((0.95 * 200.0..=208.0).contains(&rate), "{shards} shards: {rate:.1}/s");
            assert!(refused <= 0.005, "{shards} shards: {:.2} % answered 429", refused * 100.0);
        }
    }

    #[test]
    fn shards_left_alone_take_up_the_rate_of_those_that_finished() {
        // Four shards; two finish early, and the two left take the whole rate between them.
        let (rate, refused) = share_one_bucket(&[8, 12, 40, 40], 17, 40);
        assert!(rate >= 0.95 * 200.0, "the two left: {rate:.1}/s");
        assert!(refused <= 0.005, "{:.2} % answered 429", refused * 100.0);
    }

    #[test]
    fn shards_with_fewer_places_in_flight_take_no_more_than_their_part() {
        // Each shard once steered the bucket to a reserve of its own, from its places in flight
        // over its share: the ones with few places wanted the least, drew freely above it and
        // took the others' parts (in real processes, shards of equal work ended 8 to 39 s apart).
        let (rate, refused, each) = share_one_bucket_with(&[(0, 60); 4], &[64, 64, 8, 2], 40, 60);
        assert!(rate >= 0.95 * 200.0, "together {rate:.1}/s");
        assert!(refused <= 0.005, "{:.2} % answered 429", refused * 100.0);
        for (shard, own) in each.iter().enumerate() {
            assert!((0.6 * 50.0..=1.4 * 50.0).contains(own), "shard {shard}: {own:.1}/s of {each:.1?}");
        }
    }

    #[test]
    fn a_shard_that_starts_late_comes_to_an_equal_part() {
        // One shard has the bucket to itself for 10 s and three more join; or 16 start together,
        // or 64. Each comes to about an equal part, whoever came first.
        let late = [(0, 60), (10, 60), (10, 60), (12, 60)];
        for (spans, refusals) in [(&late[..], 0.005), (&[(0, 60); 16][..], 0.005), (&[(0, 60); 64][..], 0.01)] {
            let (rate, refused, each) = share_one_bucket_between(spans, 40, 60);
            let shards = spans.len();
            assert!(rate >= 0.95 * 200.0, "{shards} shards: together {rate:.1}/s");
            assert!(refused <= refusals, "{shards} shards: {:.2} % answered 429", refused * 100.0);
            let equal = 200.0 / shards as f64;
            for (shard, own) in each.iter().enumerate() {
                assert!((0.6 * equal..=1.4 * equal).contains(own), "shard {shard}: {own:.1}/s of {each:.1?}");
            }
        }
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
