//! What an import counts and shows while it runs: each record's outcome, the
//! failures shown on stderr, the members Dialogporten would ignore, and the
//! progress (a bar on a terminal, a line every few seconds in a log).

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use dialogporten::pace::{Pace, PaceSnapshot};
use serde_json::{Value, json};

/// A record's fate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Outcome {
    Created,
    Existing,
    Updated,
    Invalid,
    Failed,
    WouldCreate,
}

impl Outcome {
    pub(super) fn name(self) -> &'static str {
        match self {
            Outcome::Created => "created",
            Outcome::Existing => "existing",
            Outcome::Updated => "updated",
            Outcome::Invalid => "invalid",
            Outcome::Failed => "failed",
            Outcome::WouldCreate => "would-create",
        }
    }
}

#[derive(Default)]
pub(super) struct Counters {
    pub(super) read: AtomicU64,
    pub(super) skipped_by_journal: AtomicU64,
    pub(super) other_shards: AtomicU64,
    pub(super) created: AtomicU64,
    pub(super) existing: AtomicU64,
    pub(super) updated: AtomicU64,
    pub(super) invalid: AtomicU64,
    pub(super) failed: AtomicU64,
    pub(super) would_create: AtomicU64,
    /// Left without an answer when the import stopped at a failure every record shares.
    pub(super) abandoned: AtomicU64,
}

impl Counters {
    pub(super) fn add(&self, outcome: Outcome) {
        let counter = match outcome {
            Outcome::Created => &self.created,
            Outcome::Existing => &self.existing,
            Outcome::Updated => &self.updated,
            Outcome::Invalid => &self.invalid,
            Outcome::Failed => &self.failed,
            Outcome::WouldCreate => &self.would_create,
        };
        counter.fetch_add(1, Ordering::Relaxed);
    }

    pub(super) fn summary(&self, elapsed: Duration) -> Value {
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
        let sent = get(&self.created) + get(&self.existing) + get(&self.updated) + get(&self.failed);
        // Stable snake_case keys: scripts read them (docs/migration.md lists each).
        json!({
            "read": get(&self.read),
            "created": get(&self.created),
            "already_there": get(&self.existing),
            "updated": get(&self.updated),
            "invalid": get(&self.invalid),
            "failed": get(&self.failed),
            "would_create": get(&self.would_create),
            "not_sent": get(&self.abandoned),
            "done_earlier": get(&self.skipped_by_journal),
            "other_shards": get(&self.other_shards),
            "seconds": (elapsed.as_secs_f64() * 10.0).round() / 10.0,
            "per_second": if elapsed.as_secs_f64() > 0.0 { (sent as f64 / elapsed.as_secs_f64()).round() } else { 0.0 },
        })
    }
}

/// Members of the input that a create-dialog body does not have: Dialogporten ignores them,
/// so they are imported without them. Counted by path (list positions left out), with the
/// first record that had each.
#[derive(Default)]
pub(super) struct IgnoredMembers(std::collections::BTreeMap<String, (u64, String)>);

impl IgnoredMembers {
    pub(super) fn note(&mut self, paths: &[String], place: &str) {
        for path in paths {
            let general: String = path
                .split('[')
                .enumerate()
                .map(|(i, part)| {
                    if i == 0 {
                        part.to_owned()
                    } else {
                        format!("[]{}", part.split_once(']').map_or("", |(_, rest)| rest))
                    }
                })
                .collect();
            let entry = self.0.entry(general).or_insert_with(|| (0, place.to_owned()));
            entry.0 += 1;
        }
    }

    /// `{path: records}` for the summary.
    pub(super) fn counts(&self) -> Value {
        Value::Object(self.0.iter().map(|(path, (count, _))| (path.clone(), json!(count))).collect())
    }

    /// One warning per member, for stderr.
    pub(super) fn warnings(&self) -> Vec<String> {
        self.0
            .iter()
            .map(|(path, (count, first))| {
                format!(
                    "dp: warning: '{path}' is not a member of a create-dialog body; Dialogporten ignores it \
                     ({count} records, first {first}): check its spelling or leave it out"
                )
            })
            .collect()
    }
}

/// The failures shown on stderr, and how many records failed in all.
#[derive(Default)]
pub(super) struct ShownFailures {
    lines: Vec<String>,
    shown_records: u64,
    records: u64,
}

impl ShownFailures {
    /// Keeps the first few failures as `FILE:LINE: FIELD: message` for stderr, and counts them all.
    pub(super) fn note(&mut self, record: &str) {
        const SHOWN: usize = 5;
        self.records += 1;
        if self.lines.len() >= SHOWN {
            return;
        }
        self.shown_records += 1;
        let Ok(failure) = serde_json::from_str::<Value>(record) else { return };
        let place = format!("{}:{}", failure["file"].as_str().unwrap_or("?"), failure["line"]);
        let mut lines: Vec<String> = failure["errors"]
            .as_object()
            .into_iter()
            .flatten()
            .flat_map(|(field, messages)| {
                let place = place.clone();
                messages
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(move |m| format!("{place}: {field}: {}", m.as_str().unwrap_or_default()))
            })
            .collect();
        if lines.is_empty() {
            lines.push(format!("{place}: {}", failure["reason"].as_str().unwrap_or("failed")));
        }
        let room = SHOWN - self.lines.len();
        self.lines.extend(lines.into_iter().take(room));
    }

    /// Writes them to stderr, with how many more there are.
    pub(super) fn show(&self) {
        for line in &self.lines {
            eprintln!("{}", crate::terminal::cell(line));
        }
        if self.records > self.shown_records {
            eprintln!("... and {} more records", self.records - self.shown_records);
        }
    }
}

/// What a terminal (a bar) or a log (a line every 3 s) shows while records go.
pub(super) struct Progress {
    started: Instant,
    bar: Option<indicatif::ProgressBar>,
    /// Input bytes read so far (compressed ones for `.gz`).
    consumed: Arc<AtomicU64>,
    last_shown: Mutex<Instant>,
    /// Set at this run's first record that was not done earlier.
    counting_from_here: AtomicBool,
    /// The pace's limit each time it changed: `(seconds into the run, limit)`.
    limit_over_time: Mutex<Vec<(f64, usize)>>,
}

impl Progress {
    /// A bar over `total` input bytes when stderr is a terminal; lines otherwise.
    pub(super) fn new(on_terminal: bool, total: Option<u64>, consumed: Arc<AtomicU64>) -> Self {
        Progress {
            started: Instant::now(),
            bar: on_terminal.then(|| progress_bar(total)),
            consumed,
            last_shown: Mutex::new(Instant::now()),
            counting_from_here: AtomicBool::new(false),
            limit_over_time: Mutex::default(),
        }
    }

    /// Input bytes read so far.
    pub(super) fn consumed(&self) -> u64 {
        self.consumed.load(Ordering::Relaxed)
    }

    /// Time since the import began.
    pub(super) fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }

    /// After a --resume the journal's records fly by: the ETA counts from this run's first
    /// record that was not done earlier, on this run's pace.
    pub(super) fn first_new_record(&self) {
        if let Some(bar) = &self.bar
            && !self.counting_from_here.swap(true, Ordering::Relaxed)
        {
            bar.set_position(self.consumed.load(Ordering::Relaxed));
            bar.reset_eta();
        }
    }

    /// Shows the counts when it is time: every 200 ms on a bar, every 3 s in a log.
    pub(super) fn show(&self, counters: &Counters, retries: u64, pace: Option<&Pace>) {
        let mut last = self.last_shown.lock().unwrap_or_else(PoisonError::into_inner);
        let every = if self.bar.is_some() { Duration::from_millis(200) } else { Duration::from_secs(3) };
        if last.elapsed() < every {
            return;
        }
        *last = Instant::now();
        let s = counters.summary(self.elapsed());
        let mut line = format!(
            "{} created, {} already there, {} failed, {} invalid, {retries} retries, {}/s",
            s["created"], s["already_there"], s["failed"], s["invalid"], s["per_second"]
        );
        if let Some(pace) = pace {
            let now = pace.snapshot();
            line.push_str(&pace_text(&now));
            self.note_limit(now.limit);
        }
        match &self.bar {
            Some(bar) => {
                bar.set_position(self.consumed.load(Ordering::Relaxed));
                bar.set_message(line);
            }
            None => eprintln!("dp: {} read, {line}", s["read"]),
        }
    }

    /// A line on stderr that the bar does not draw over.
    pub(super) fn say(&self, text: &str) {
        match &self.bar {
            Some(bar) => bar.println(text),
            None => eprintln!("{text}"),
        }
    }

    fn note_limit(&self, limit: usize) {
        let mut history = self.limit_over_time.lock().unwrap_or_else(PoisonError::into_inner);
        if history.last().is_none_or(|(_, last)| *last != limit) {
            history.push(((self.elapsed().as_secs_f64() * 10.0).round() / 10.0, limit));
        }
    }

    /// Clears the bar and adds the pace's figures (with the limit over time) to `summary`.
    pub(super) fn finish(self, pace: Option<&Pace>, summary: &mut Value) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        let Some(pace) = pace else { return };
        let now = pace.snapshot();
        self.note_limit(now.limit);
        summary["throttled"] = json!(now.throttled);
        summary["overloaded"] = json!(now.overloaded);
        summary["limit"] = json!(now.limit);
        let milliseconds = |l: Option<Duration>| l.map(|l| (l.as_secs_f64() * 10_000.0).round() / 10.0);
        summary["latency_ms"] = json!(milliseconds(now.latency));
        summary["latency_p50_ms"] = json!(milliseconds(now.latency_median));
        summary["latency_p99_ms"] = json!(milliseconds(now.latency_p99));
        let history = self.limit_over_time.into_inner().unwrap_or_else(PoisonError::into_inner);
        summary["limit_over_time"] = json!(history);
    }
}

/// The pace on the progress line: the limit, the latency and what the service pushed back with.
fn pace_text(now: &PaceSnapshot) -> String {
    let mut text = format!(", limit {}", now.limit);
    if let Some(latency) = now.latency {
        text.push_str(&format!(", {:.0} ms", latency.as_secs_f64() * 1000.0));
    }
    if now.throttled > 0 {
        text.push_str(&format!(", {} throttled", now.throttled));
    }
    // Other clients draw from the same rate limit (shards with one client): this one's part.
    if let Some(rate) = now.learned_rate
        && now.bucket_share < 0.95
    {
        text.push_str(&format!(", {:.0} % of {rate:.0}/s shared", now.bucket_share * 100.0));
    }
    if let Some(wait) = now.paused_for {
        text.push_str(&format!(", paused {:.1} s", wait.as_secs_f64()));
    }
    text
}

/// A bar over the input's bytes (a spinner when the size is unknown), on stderr.
fn progress_bar(total: Option<u64>) -> indicatif::ProgressBar {
    // `wide_msg`: the counts are cut at the terminal's edge, not wrapped onto a second line that
    // each redraw would leave behind.
    let bar = match total {
        Some(total) => indicatif::ProgressBar::new(total).with_style(
            indicatif::ProgressStyle::with_template("{bar:30} {percent:>3}% ETA {eta}  {wide_msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        ),
        None => indicatif::ProgressBar::new_spinner().with_style(
            indicatif::ProgressStyle::with_template("{spinner} {wide_msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        ),
    };
    bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
    bar
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot() -> PaceSnapshot {
        PaceSnapshot {
            limit: 12,
            in_flight: 3,
            latency: Some(Duration::from_millis(41)),
            latency_median: None,
            latency_p99: None,
            latency_floor: None,
            throttled: 0,
            overloaded: 0,
            sent: 100,
            learned_rate: None,
            bucket_share: 1.0,
            paused_for: None,
        }
    }

    #[test]
    fn the_progress_line_names_a_shared_rate_limit_and_this_shards_part() {
        assert_eq!(pace_text(&snapshot()), ", limit 12, 41 ms");
        let alone = PaceSnapshot { learned_rate: Some(200.0), ..snapshot() };
        assert_eq!(pace_text(&alone), ", limit 12, 41 ms", "drawing alone: nothing shared to tell");
        let shard = PaceSnapshot { learned_rate: Some(200.0), bucket_share: 0.23, throttled: 2, ..snapshot() };
        assert_eq!(pace_text(&shard), ", limit 12, 41 ms, 2 throttled, 23 % of 200/s shared");
    }
}
