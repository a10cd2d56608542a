//! `dp migrate import`: streams records, maps and checks each, sends them with
//! bounded concurrency and an optional rate cap, and journals what the server
//! confirmed.

use std::io::{BufRead, IsTerminal};
use std::num::NonZeroU32;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use anyhow::{Context as _, Result};
use clap::{Args, ValueEnum};
use dialogporten::Creation;
use dialogporten::types::{CreateDialog, UpdateDialog};
use dialogporten_model::validate;
use futures::StreamExt;
use serde_json::{Value, json};

use super::files::{InputCutShort, Line, Outputs, check_writable, into_text, open_input, read_failure, write_whole};
use super::formats::{self, Format};
use super::journal::InputId;
use super::mapping::Mapping;
use super::tally::{Counters, IgnoredMembers, Outcome, Progress, ShownFailures};
use crate::context::Context;
use crate::exit::{Interrupted, UsageError};
use crate::output::Output;

/// What to do with a dialog that already exists.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Existing {
    /// Leave it as it is (count it as already imported).
    Skip,
    /// Update it from the record (a silent PUT unless --no-silent).
    Update,
}

/// Import records as dialogs.
///
/// Each record gets a deterministic id from its source identity and created
/// time, so a re-run addresses the same dialogs: what exists already is
/// counted, not duplicated. A journal beside the first input lets --resume
/// continue after a crash. Updates are silent (no events) unless --no-silent.
///
/// Examples:
///   dp migrate sample --format a2-archive --count 1000 > archive.jsonl
///   dp migrate import archive.jsonl --format a2-archive --mapping mapping.toml --dry-run
///   dp migrate import archive.jsonl --format a2-archive --mapping mapping.toml --rate 200
///   dp migrate import archive.jsonl --format a2-archive --mapping mapping.toml --resume
///   dp migrate import part.jsonl.gz --format a2-archive --shard 3/8   # machine 3 of 8
#[derive(Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct ImportArgs {
    /// Input files (`.gz` read transparently), or - for stdin.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// The record format.
    #[arg(long, value_enum)]
    pub format: Format,
    /// The mapping file (TOML); see `dp migrate init-mapping` [default: built-in defaults].
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub mapping: Option<PathBuf>,
    /// Requests in flight at most. With --pace adaptive (the default) dp finds how many the service
    /// takes, up to this; with --pace fixed it keeps exactly this many.
    #[arg(long, default_value_t = 64, value_parser = clap::value_parser!(u16).range(1..=512))]
    pub concurrency: u16,
    /// At most this many dialogs per second, e.g. 200 or 200/s (a hard cap).
    #[arg(long, value_name = "N/s")]
    pub rate: Option<String>,
    /// adaptive: start with a few requests in flight, grow while latency stays low, back off on 429,
    /// 503 and rising latency, and let Retry-After and X-RateLimit-* pace the whole import.
    /// fixed: --concurrency requests in flight, always.
    #[arg(long, value_enum, default_value = "adaptive")]
    pub pace: PaceMode,
    /// What to do with dialogs that exist already.
    #[arg(long, value_enum, default_value = "skip")]
    pub existing: Existing,
    /// The journal [default: the first input with .dp-journal appended].
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub journal: Option<PathBuf>,
    /// Continue the run the journal records.
    #[arg(long, conflicts_with = "fresh")]
    pub resume: bool,
    /// Start over, replacing an existing journal.
    #[arg(long)]
    pub fresh: bool,
    /// Map and check everything, send nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Take part I of N of the input (0-based), e.g. 3/8: every record falls in exactly one part.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<String>,
    /// Emit events and bump timestamps (by default imports are silent updates).
    #[arg(long)]
    pub no_silent: bool,
    /// Where failed records go [default: beside the journal, .failures.jsonl].
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub failures: Option<PathBuf>,
    /// Also write the summary as JSON to this file.
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub report: Option<PathBuf>,
}

/// A mapped record on its way to a checked body.
enum Ready {
    /// Bound already, straight from the line. Boxed: a body is about a kilobyte, and an
    /// async block would copy it at each step it moves through.
    Bound(Box<CreateDialog>),
    /// A JSON tree for the binding rules.
    Tree(Value),
}

fn parse_shard(text: &str) -> Result<(u64, u64)> {
    let bad = || UsageError(format!("--shard {text:?}: write it as I/N with 0 <= I < N, e.g. 3/8"));
    let (i, n) = text.split_once('/').ok_or_else(bad)?;
    let (i, n): (u64, u64) = (i.trim().parse().map_err(|_| bad())?, n.trim().parse().map_err(|_| bad())?);
    if n == 0 || i >= n {
        return Err(bad().into());
    }
    Ok((i, n))
}

/// Which shard a source key falls in: a stable hash, the same on every machine.
pub fn shard_of(source_key: &str, shards: u64) -> u64 {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(source_key.as_bytes());
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(&digest[..8]);
    u64::from_be_bytes(bytes) % shards
}

/// How the importer decides how many requests to have in flight.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum PaceMode {
    /// Learn it from the service's answers, up to --concurrency.
    Adaptive,
    /// Always --concurrency.
    Fixed,
}

impl ImportArgs {
    /// The adaptive pace this import's requests go through (none with --pace fixed or a dry run).
    pub fn pace(&self) -> Option<dialogporten::pace::Pace> {
        if self.pace == PaceMode::Fixed || self.dry_run {
            return None;
        }
        let rate_cap = self.rate.as_deref().and_then(|r| parse_rate(r).ok()).map(|r| f64::from(r.get()));
        let ceiling = usize::from(self.concurrency);
        Some(dialogporten::pace::Pace::new(dialogporten::pace::PaceSettings {
            initial: 4.min(ceiling),
            ceiling,
            rate_cap,
            ..dialogporten::pace::PaceSettings::default()
        }))
    }
}

fn parse_rate(text: &str) -> Result<NonZeroU32> {
    let number = text.trim().trim_end_matches("/s").trim();
    number
        .parse::<u32>()
        .ok()
        .and_then(NonZeroU32::new)
        .ok_or_else(|| UsageError(format!("--rate {text:?}: give dialogs per second, e.g. 200 or 200/s")).into())
}

/// Where an import's dialogs go.
#[derive(Clone, Copy)]
pub enum Destination<'a> {
    /// Nowhere: map and check only.
    DryRun,
    /// The Dialogporten the context connects to.
    Server(&'a Context),
}

impl Destination<'_> {
    /// How many requests were repeated so far.
    fn retries(self) -> u64 {
        match self {
            Destination::DryRun => 0,
            Destination::Server(context) => context.client.retries(),
        }
    }
}

/// Imports `args.inputs` into `destination`: opens every file first (a refusal sends
/// nothing), sends the records, then says what came of them.
pub async fn run(args: ImportArgs, destination: Destination<'_>, output: &Output) -> Result<()> {
    let (importer, readers) = Importer::open(&args, destination)?;
    let interrupted = importer.drive(readers).await;
    importer.finish(interrupted, output)
}

/// One import under way: what every record in flight shares.
struct Importer<'a> {
    args: &'a ImportArgs,
    destination: Destination<'a>,
    mapping: Mapping,
    shard: Option<(u64, u64)>,
    rules: validate::Rules,
    silent: bool,
    /// A fixed cap on dialogs per second (with an adaptive pace the cap is the pace's).
    limiter: Option<governor::DefaultDirectRateLimiter>,
    pace: Option<dialogporten::pace::Pace>,
    outputs: Outputs,
    counters: Counters,
    shown_failures: Mutex<ShownFailures>,
    ignored_members: Mutex<IgnoredMembers>,
    progress: Progress,
    stop: Stop,
}

/// Why an import ends before its input does, and where it got to.
#[derive(Default)]
struct Stop {
    /// No further line is read: Ctrl-C, or a failure that stops the import.
    stopped: AtomicBool,
    /// Sends not yet answered are dropped too: every one would fail the same way.
    abandoned: AtomicBool,
    /// An input could not be read to its end.
    read_error: Mutex<Option<anyhow::Error>>,
    /// The first failure that stops the import: an output that cannot be written (its record
    /// would be lost), or a failure every record shares.
    error: Mutex<Option<anyhow::Error>>,
    /// The last line read: `(input, line number)`.
    reached: Mutex<Option<(usize, u64)>>,
}

impl Stop {
    fn with(&self, error: anyhow::Error) {
        let mut slot = self.error.lock().unwrap_or_else(PoisonError::into_inner);
        if slot.is_none() {
            *slot = Some(error);
        }
        self.stopped.store(true, Ordering::SeqCst);
    }
}

/// What becomes of a line before anything is sent.
enum Prepared {
    /// Another shard's record.
    OtherShard,
    /// It cannot be a dialog: its failure record.
    Invalid(Value),
    /// A bound and checked body, with the record's source key.
    Ready(Option<String>, Box<CreateDialog>),
}

impl<'a> Importer<'a> {
    /// Checks the arguments and opens every file (inputs first, then the report's path, the
    /// failures file and the journal) before anything is sent.
    fn open(args: &'a ImportArgs, destination: Destination<'a>) -> Result<(Self, Vec<Box<dyn BufRead>>)> {
        let mapping = match &args.mapping {
            Some(path) => Mapping::load(path)?,
            None => Mapping::default(),
        };
        let shard = args.shard.as_deref().map(parse_shard).transpose()?;
        let rate = args.rate.as_deref().map(parse_rate).transpose()?;
        let pace = match destination {
            Destination::Server(context) => context.client.transport().pace().cloned(),
            Destination::DryRun => None,
        };
        let limiter = rate
            .filter(|_| pace.is_none())
            .map(|per_second| governor::RateLimiter::direct(governor::Quota::per_second(per_second)));
        let consumed = Arc::new(AtomicU64::new(0));
        let readers = args.inputs.iter().map(|path| open_input(path, &consumed)).collect::<Result<Vec<_>>>()?;
        // Checked, not yet written: a run refused later (a journal in use) leaves no report, or an
        // earlier one as it was.
        if let Some(path) = &args.report {
            check_writable(path, "the report")?;
        }
        let identities: Vec<InputId> = args.inputs.iter().map(|p| InputId::of(p)).collect();
        let outputs = Outputs::open(args, &identities)?;
        let silent = !args.no_silent;
        let rules = match &destination {
            Destination::Server(context) => context.rules(silent),
            Destination::DryRun => validate::Rules::now().silent(silent),
        };
        let total: Option<u64> = identities.iter().map(|i| i.size).sum();
        let importer = Importer {
            args,
            destination,
            mapping,
            shard,
            rules,
            silent,
            limiter,
            pace,
            outputs,
            counters: Counters::default(),
            shown_failures: Mutex::default(),
            ignored_members: Mutex::default(),
            progress: Progress::new(std::io::stderr().is_terminal(), total, consumed),
            stop: Stop::default(),
        };
        Ok((importer, readers))
    }

    /// Sends every record with `--concurrency` in flight, writing the journal's batch at least
    /// every FLUSH_EVERY. Ctrl-C: no new records are read and the ones in flight finish (a
    /// second Ctrl-C stops at once). Says whether it was interrupted.
    async fn drive(&self, readers: Vec<Box<dyn BufRead>>) -> bool {
        // Lines are read lazily, so memory stays flat however long the input is.
        let lines = readers.into_iter().enumerate().flat_map(|(input, reader)| {
            // Split on bytes: a line that is not UTF-8 is a bad record, not the end of the input.
            reader.split(b'\n').enumerate().map(move |(index, bytes)| (input, index as u64 + 1, bytes.map(into_text)))
        });
        let lines = lines.map_while(|(input, number, read)| self.next_line(input, number, read));
        let concurrency = usize::from(self.args.concurrency);
        let mut work =
            std::pin::pin!(futures::stream::iter(lines).for_each_concurrent(concurrency, |line| self.handle(line)));
        let mut ticks = tokio::time::interval(super::journal::FLUSH_EVERY);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut ctrl_c = std::pin::pin!(tokio::signal::ctrl_c());
        let interrupted = loop {
            tokio::select! {
                () = &mut work => break false,
                _ = ticks.tick() => self.tick(),
                _ = &mut ctrl_c => break true,
            }
        };
        if interrupted {
            self.stop.stopped.store(true, Ordering::SeqCst);
            self.progress.say("dp: stopping: letting the requests in flight finish (Ctrl-C again to stop now)");
            let mut again = std::pin::pin!(tokio::signal::ctrl_c());
            loop {
                tokio::select! {
                    () = &mut work => break,
                    _ = ticks.tick() => self.tick(),
                    _ = &mut again => break,
                }
            }
        }
        interrupted
    }

    /// The next line to import, or `None` to read no further (a stop, or an input that could
    /// not be read).
    fn next_line(&self, input: usize, number: u64, read: std::io::Result<Result<String, String>>) -> Option<Line> {
        if self.stop.stopped.load(Ordering::SeqCst) {
            return None;
        }
        match read {
            Ok(text) => {
                *self.stop.reached.lock().unwrap_or_else(PoisonError::into_inner) = Some((input, number));
                let (text, utf8) = match text {
                    Ok(text) => (text, true),
                    Err(lossy) => (lossy, false),
                };
                Some(Line { input, number, text, utf8 })
            }
            Err(e) => {
                let error = read_failure(e, &self.args.inputs[input], self.progress.consumed());
                *self.stop.read_error.lock().unwrap_or_else(PoisonError::into_inner) = Some(error);
                None
            }
        }
    }

    /// One line, from its text to its journal entry.
    async fn handle(&self, line: Line) {
        if line.text.trim().is_empty() {
            return;
        }
        self.counters.read.fetch_add(1, Ordering::Relaxed);
        if self.outputs.done.contains(line.input, line.number) {
            self.counters.skipped_by_journal.fetch_add(1, Ordering::Relaxed);
            return;
        }
        self.progress.first_new_record();
        let outcome = match self.prepare(&line) {
            Prepared::OtherShard => {
                self.counters.other_shards.fetch_add(1, Ordering::Relaxed);
                return;
            }
            Prepared::Invalid(failure) => {
                self.write_failure(&failure);
                Outcome::Invalid
            }
            Prepared::Ready(key, body) => match self.destination {
                Destination::DryRun => Outcome::WouldCreate,
                Destination::Server(context) => match self.send_one(context, &line, key.as_deref(), body).await {
                    Some(outcome) => outcome,
                    None => {
                        // Not journaled: a resume sends it again (its id keeps that to once).
                        self.counters.abandoned.fetch_add(1, Ordering::Relaxed);
                        return;
                    }
                },
            },
        };
        self.confirm(&line, outcome);
    }

    /// Maps, binds and checks a line; another shard's record is left as soon as its key is known.
    fn prepare(&self, line: &Line) -> Prepared {
        let (key, mapped) = match self.map(line) {
            Ok((key, ready)) => (Some(key), Ok(ready)),
            Err(errors) => (None, Err(errors)),
        };
        if let Some((i, n)) = self.shard
            && shard_of(key.as_deref().unwrap_or(&line.text), n) != i
        {
            return Prepared::OtherShard;
        }
        let ready = match mapped {
            Ok(ready) => ready,
            Err(errors) => {
                let errors = errors.into_iter().map(|e| (e.field, json!([e.message]))).collect();
                return Prepared::Invalid(self.failure(
                    line,
                    None,
                    "the record cannot be mapped",
                    Value::Object(errors),
                ));
            }
        };
        match self.check(line, ready) {
            Ok(body) => Prepared::Ready(key, body),
            Err(errors) => Prepared::Invalid(self.failure(
                line,
                key.as_deref(),
                "the dialog breaks Dialogporten's rules",
                json!(errors.into_map()),
            )),
        }
    }

    /// The line as a source key and a body: bound straight from a ready dialog, or mapped from
    /// an Altinn 2 record.
    fn map(&self, line: &Line) -> Result<(String, Ready), Vec<formats::FieldError>> {
        let text = line.text.trim_start_matches('\u{feff}');
        if self.args.format == Format::DialogsJsonl
            && line.utf8
            && let Some((key, body)) = formats::bind_exact_dialog(text)
        {
            return Ok((key, Ready::Bound(Box::new(body))));
        }
        let record: Value = if line.utf8 {
            serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))
        } else {
            Err("not UTF-8 text: the line has bytes that are not UTF-8".into())
        }
        .map_err(|message| vec![formats::FieldError { field: "$".into(), message }])?;
        let mapped = formats::map(self.args.format, record, &line.text, &self.mapping)?;
        Ok((mapped.source_key, Ready::Tree(mapped.body)))
    }

    /// Binds the body (noting the members Dialogporten would ignore) and applies its rules.
    fn check(&self, line: &Line, ready: Ready) -> Result<Box<CreateDialog>, validate::ValidationErrors> {
        let (mut body, ignored) = match ready {
            Ready::Bound(body) => (body, Vec::new()),
            Ready::Tree(tree) => {
                let (body, ignored) = validate::bind_reporting::<CreateDialog>(tree)?;
                (Box::new(body), ignored)
            }
        };
        if !ignored.is_empty() {
            let place = format!("{}:{}", self.args.inputs[line.input].display(), line.number);
            self.ignored_members.lock().unwrap_or_else(PoisonError::into_inner).note(&ignored, &place);
        }
        validate::create_dialog(&mut body, &self.rules)?;
        Ok(body)
    }

    /// Sends a checked body, within the rate cap; `None` when the import was abandoned first.
    /// A failure every later record would share stops the import.
    async fn send_one(
        &self,
        context: &Context,
        line: &Line,
        key: Option<&str>,
        body: Box<CreateDialog>,
    ) -> Option<Outcome> {
        if let Some(limiter) = &self.limiter {
            limiter.until_ready().await;
        }
        let id = body.id;
        let sending = send(context, body, self.silent, self.args.existing);
        let error = match unless_abandoned(&self.stop.abandoned, sending).await? {
            Ok(outcome) => return Some(outcome),
            Err(error) => error,
        };
        let mut record = self.failure(line, key, &error.to_string(), Value::Null);
        if let Some(id) = id {
            record["dialogId"] = json!(id);
        }
        self.write_failure(&record);
        if let Some(why) = stops_the_import(&error) {
            let place = format!("{}:{}", self.args.inputs[line.input].display(), line.number);
            self.stop.with(error.context(format!("{why} at {place}: no further records are sent")));
            self.stop.abandoned.store(true, Ordering::Relaxed);
        }
        Some(Outcome::Failed)
    }

    /// Counts and journals what became of a line, and shows the progress when it is time.
    fn confirm(&self, line: &Line, outcome: Outcome) {
        self.counters.add(outcome);
        if let Err(error) = self.outputs.journal(line, outcome) {
            self.stop.with(error);
        }
        self.progress.show(&self.counters, self.destination.retries(), self.pace.as_ref());
    }

    /// What went wrong with a record, for the failures file.
    fn failure(&self, line: &Line, key: Option<&str>, reason: &str, errors: Value) -> Value {
        json!({
            "file": self.args.inputs[line.input].display().to_string(),
            "line": line.number,
            "sourceKey": key,
            "reason": reason,
            "errors": errors,
        })
    }

    /// Shows a failure (the first few) and writes it to the failures file; a failures file that
    /// cannot be written stops the import, as its record would be lost.
    fn write_failure(&self, failure: &Value) {
        let text = failure.to_string();
        self.shown_failures.lock().unwrap_or_else(PoisonError::into_inner).note(&text);
        if let Err(error) = self.outputs.write_failure(&text) {
            self.stop.with(error);
        }
    }

    /// The journal's batch, and the progress when it is time: also while no record ends (a
    /// service down, every send waiting out its back-off), so the retries and pauses show and a
    /// log gets a line every few seconds instead of falling silent.
    fn tick(&self) {
        self.flush_journal();
        self.progress.show(&self.counters, self.destination.retries(), self.pace.as_ref());
    }

    fn flush_journal(&self) {
        if let Err(error) = self.outputs.flush() {
            self.stop.with(error);
        }
    }

    /// Prints the summary (and writes the report), then says how the import ended: an error
    /// when it stopped early or any record was not imported.
    fn finish(self, interrupted: bool, output: &Output) -> Result<()> {
        self.flush_journal();
        let mut summary = self.counters.summary(self.progress.elapsed());
        self.progress.finish(self.pace.as_ref(), &mut summary);
        let ignored = self.ignored_members.into_inner().unwrap_or_else(PoisonError::into_inner);
        summary["ignored_members"] = ignored.counts();
        for line in ignored.warnings() {
            eprintln!("{}", crate::terminal::cell(&line));
        }
        self.shown_failures.into_inner().unwrap_or_else(PoisonError::into_inner).show();
        if output.format() == crate::output::Format::Table {
            output.detail(&for_people(&summary))?;
        } else {
            output.record(&summary)?;
        }
        if let Some(path) = &self.args.report {
            write_whole(path, serde_json::to_string_pretty(&summary)?.as_bytes())
                .with_context(|| format!("cannot write the report {}", path.display()))?;
        }
        let read_error = self.stop.read_error.into_inner().unwrap_or_else(PoisonError::into_inner);
        let stop_error = self.stop.error.into_inner().unwrap_or_else(PoisonError::into_inner);
        if interrupted || read_error.is_some() || stop_error.is_some() {
            let reached = self.stop.reached.into_inner().unwrap_or_else(PoisonError::into_inner);
            let cut_short = read_error.as_ref().is_some_and(|e| e.downcast_ref::<InputCutShort>().is_some());
            let resumable = self.outputs.journal_path.is_some() && !self.args.dry_run && !cut_short;
            say_where_it_stopped(&self.args.inputs, reached, resumable);
            return Err(match read_error.or(stop_error) {
                Some(error) => error.context("the import stopped before the end of the input"),
                None if interrupted => Interrupted("the import was interrupted").into(),
                None => anyhow::anyhow!("the import stopped"),
            });
        }
        let failed = self.counters.failed.load(Ordering::Relaxed) + self.counters.invalid.load(Ordering::Relaxed);
        if failed > 0 {
            let place = self
                .outputs
                .failures_path
                .as_ref()
                .map(|p| format!(": each one is in {}", p.display()))
                .unwrap_or_default();
            return Err(anyhow::anyhow!("{failed} records were not imported{place}"));
        }
        Ok(())
    }
}

/// The summary as a person reads it on a terminal: what came of the records (the counts that
/// are not zero, beyond created, already there and failed), the pace and the time. Piped, and
/// in `--report`, it stays the JSON whose keys docs/migration.md lists.
fn for_people(summary: &Value) -> Vec<(String, String)> {
    let count = |key: &str| summary[key].as_u64().unwrap_or(0);
    let mut pairs: Vec<(String, String)> = Vec::new();
    for (key, label, always) in [
        ("created", "created", true),
        ("already_there", "already there", true),
        ("updated", "updated", false),
        ("failed", "failed", true),
        ("invalid", "invalid", false),
        ("not_sent", "not sent", false),
        ("would_create", "would create", false),
        ("done_earlier", "done earlier", false),
        ("other_shards", "other shards", false),
    ] {
        if always || count(key) > 0 {
            pairs.push((label.to_owned(), count(key).to_string()));
        }
    }
    pairs.push(("rate".into(), format!("{:.0}/s", summary["per_second"].as_f64().unwrap_or(0.0))));
    if let (Some(p50), Some(p99)) = (summary["latency_p50_ms"].as_f64(), summary["latency_p99_ms"].as_f64()) {
        pairs.push(("latency".into(), format!("p50 {p50} ms, p99 {p99} ms")));
    }
    if count("throttled") + count("overloaded") > 0 {
        let pushed = format!("{} throttled (429), {} overloaded (503)", count("throttled"), count("overloaded"));
        pairs.push(("pushed back".into(), pushed));
    }
    pairs.push(("time".into(), format!("{:.1} s", summary["seconds"].as_f64().unwrap_or(0.0))));
    pairs
}

/// The line an import stopped at, and (when the journal allows) the command that resumes it.
fn say_where_it_stopped(inputs: &[PathBuf], reached: Option<(usize, u64)>, resumable: bool) {
    if let Some((input, number)) = reached {
        eprintln!("dp: stopped at {} line {number}", inputs[input].display());
    }
    if resumable {
        let command = resume_command();
        eprintln!("dp: what the server confirmed is in the journal; continue with:\n  {command}");
        if command.contains("$DP_TOKEN") {
            eprintln!("dp: (the token is not repeated here: put it in DP_TOKEN)");
        }
    }
}

/// This very command with --resume (and without --fresh), quoted for a POSIX shell. A token
/// given with --token is never repeated: the command reads it from DP_TOKEN instead.
fn resume_command() -> String {
    let arguments = std::env::args_os().map(|a| a.to_string_lossy().into_owned());
    let mut words: Vec<String> = Vec::new();
    let mut secret_next = false;
    for word in arguments {
        if secret_next {
            words.push("\"$DP_TOKEN\"".into());
            secret_next = false;
        } else if word == "--token" {
            secret_next = true;
            words.push(word);
        } else if word.starts_with("--token=") {
            words.push("--token=\"$DP_TOKEN\"".into());
        } else if word != "--fresh" {
            words.push(shell_word(&word));
        }
    }
    if !words.iter().any(|a| a == "--resume") {
        words.push("--resume".into());
    }
    words.join(" ")
}

/// `word` as one word for a POSIX shell.
fn shell_word(word: &str) -> String {
    let plain = !word.is_empty() && word.chars().all(|c| c.is_ascii_alphanumeric() || "-_./:=,@+%".contains(c));
    if plain { word.to_owned() } else { format!("'{}'", word.replace('\'', "'\\''")) }
}

/// Sends one create; an existing dialog is counted, or updated with `Existing::Update`.
/// The SDK tells the two apart (also after its own retry of a lost answer).
async fn send(
    context: &Context,
    body: Box<CreateDialog>,
    silent: bool,
    existing: Existing,
) -> Result<Outcome, anyhow::Error> {
    // The body is bound and checked already: it goes out as it is.
    let id = match context.client.create_dialog_idempotent(&body).silent_if(silent).await? {
        Creation::Created(_) => return Ok(Outcome::Created),
        Creation::AlreadyExisted { id } => id,
    };
    if existing == Existing::Skip {
        return Ok(Outcome::Existing);
    }
    let body = serde_json::to_value(body)?;
    let update: UpdateDialog = dialogporten_model::input::project(body).map_err(|e| anyhow::anyhow!(e.to_string()))?;
    // Boxed: rare (--existing update), and a whole request's future held inline would make every
    // record's larger.
    Box::pin(context.client.update_dialog().dialog_id(id).is_silent_update(silent).body(update).send()).await?;
    Ok(Outcome::Updated)
}

/// `sending`'s outcome, unless `abandon` is set: then a send not begun is not begun, and one under
/// way is dropped if it still waits when it next wakes (for a place, an answer or the end of a
/// back-off); an answer that has come is kept. A flag read at each wake-up costs the path of every
/// record nothing.
async fn unless_abandoned<T>(abandon: &std::sync::atomic::AtomicBool, sending: impl Future<Output = T>) -> Option<T> {
    let mut sending = std::pin::pin!(sending);
    let mut begun = false;
    std::future::poll_fn(|cx| {
        let abandoned = abandon.load(Ordering::Relaxed);
        if abandoned && !begun {
            return std::task::Poll::Ready(None);
        }
        begun = true;
        match sending.as_mut().poll(cx) {
            std::task::Poll::Ready(outcome) => std::task::Poll::Ready(Some(outcome)),
            std::task::Poll::Pending if abandoned => std::task::Poll::Ready(None),
            std::task::Poll::Pending => std::task::Poll::Pending,
        }
    })
    .await
}

/// Why every record after this one would fail the same way, if it would: the service refused the
/// token (401), no token could be had (Maskinporten refused the credentials, or could not be
/// reached), or the service could not be reached at all through every retry. Then the import stops
/// instead of sending, or trying to send, each of them.
fn stops_the_import(error: &anyhow::Error) -> Option<&'static str> {
    match error.downcast_ref::<dialogporten::Error>()? {
        dialogporten::Error::Api(api) if api.kind() == dialogporten::ErrorKind::Unauthorized => {
            Some("the service refused the token")
        }
        dialogporten::Error::Auth(_) | dialogporten::Error::TokenEndpoint(_) => Some("no token could be had"),
        dialogporten::Error::Transport(error) if error.is_connect() => Some("the service could not be reached"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_abandoned_import_begins_no_send_drops_a_waiting_one_and_keeps_an_answer_that_came() {
        use std::sync::atomic::AtomicBool;
        use std::task::{Context, Poll};
        let mut cx = Context::from_waker(std::task::Waker::noop());

        let abandon = AtomicBool::new(true);
        let never_begun = std::pin::pin!(unless_abandoned(&abandon, async { panic!("sent after the stop") }));
        assert_eq!(never_begun.poll(&mut cx), Poll::Ready(None::<()>));

        for answered in [true, false] {
            let abandon = AtomicBool::new(false);
            let (answer, answered_with) = tokio::sync::oneshot::channel::<&str>();
            let mut under_way = std::pin::pin!(unless_abandoned(&abandon, answered_with));
            assert!(under_way.as_mut().poll(&mut cx).is_pending(), "waiting for its answer");
            abandon.store(true, Ordering::Relaxed);
            if answered {
                answer.send("created").unwrap();
                assert_eq!(under_way.as_mut().poll(&mut cx), Poll::Ready(Some(Ok("created"))), "the answer counts");
            } else {
                assert_eq!(under_way.as_mut().poll(&mut cx), Poll::Ready(None), "dropped while it waits");
                drop(answer);
            }
        }
    }

    #[test]
    fn a_person_reads_the_counts_that_matter_the_pace_and_the_time() {
        let summary = json!({
            "created": 10, "already_there": 0, "updated": 0, "failed": 1, "invalid": 0, "not_sent": 3,
            "per_second": 398.0, "seconds": 4.4, "latency_p50_ms": 2.7, "latency_p99_ms": 18.9,
            "throttled": 2, "overloaded": 0, "limit_over_time": [[0.2, 10]], "ignored_members": {}
        });
        let shown: Vec<(String, String)> = for_people(&summary);
        let expected = [
            ("created", "10"),
            ("already there", "0"),
            ("failed", "1"),
            ("not sent", "3"),
            ("rate", "398/s"),
            ("latency", "p50 2.7 ms, p99 18.9 ms"),
            ("pushed back", "2 throttled (429), 0 overloaded (503)"),
            ("time", "4.4 s"),
        ];
        assert_eq!(shown, expected.map(|(k, v)| (k.to_owned(), v.to_owned())));
    }

    #[test]
    fn shards_cover_every_key_exactly_once() {
        let keys: Vec<String> = (0..2000).map(|n| format!("a2-archive:{n}")).collect();
        let mut counts = [0usize; 8];
        for key in &keys {
            counts[usize::try_from(shard_of(key, 8)).unwrap()] += 1;
        }
        assert_eq!(counts.iter().sum::<usize>(), keys.len());
        assert!(counts.iter().all(|&c| c > 150), "roughly even: {counts:?}");
        assert_eq!(parse_shard("3/8").unwrap(), (3, 8));
        assert!(parse_shard("8/8").is_err() && parse_shard("x").is_err());
        assert_eq!(parse_rate("200/s").unwrap().get(), 200);
    }
}
