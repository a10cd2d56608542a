//! `dp migrate import`: streams records, maps and checks each, sends them with
//! bounded concurrency and an optional rate cap, and journals what the server
//! confirmed.

use std::fs::File;
use std::io::{BufRead, BufReader, IsTerminal, Read, Write};
use std::num::NonZeroU32;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use clap::{Args, ValueEnum};
use dialogporten::Creation;
use dialogporten::types::{CreateDialog, UpdateDialog};
use dialogporten_model::validate;
use futures::StreamExt;
use serde_json::{Value, json};

use super::formats::{self, Format};
use super::journal::{Done, InputId, Journal};
use super::mapping::Mapping;
use crate::context::Context;
use crate::exit::UsageError;
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
    #[arg(long, value_name = "FILE")]
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
    #[arg(long, value_name = "FILE")]
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
    #[arg(long, value_name = "FILE")]
    pub failures: Option<PathBuf>,
    /// Also write the summary as JSON to this file.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
}

/// A record's fate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    Created,
    Existing,
    Updated,
    Invalid,
    Failed,
    WouldCreate,
}

impl Outcome {
    fn name(self) -> &'static str {
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
struct Counters {
    read: AtomicU64,
    skipped_by_journal: AtomicU64,
    other_shards: AtomicU64,
    created: AtomicU64,
    existing: AtomicU64,
    updated: AtomicU64,
    invalid: AtomicU64,
    failed: AtomicU64,
    would_create: AtomicU64,
    /// Left without an answer when the import stopped at a failure every record shares.
    abandoned: AtomicU64,
}

impl Counters {
    fn add(&self, outcome: Outcome) {
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

    fn summary(&self, elapsed: Duration) -> Value {
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

/// A mapped record on its way to a checked body.
enum Ready {
    /// Bound already, straight from the line. Boxed: a body is about a kilobyte, and an
    /// async block would copy it at each step it moves through.
    Bound(Box<CreateDialog>),
    /// A JSON tree for the binding rules.
    Tree(Value),
}

/// One line of input.
struct Line {
    input: usize,
    number: u64,
    text: String,
    /// Whether the line was UTF-8 (if not, `text` is a lossy copy and the record is refused).
    utf8: bool,
}

/// A line's bytes as text, without its line ending; `Err` holds a lossy copy of a line that is not UTF-8.
fn into_text(mut bytes: Vec<u8>) -> Result<String, String> {
    if bytes.last() == Some(&b'\r') {
        bytes.pop();
    }
    String::from_utf8(bytes).map_err(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Counts the bytes read from an input (compressed bytes for `.gz`), for the progress bar.
struct Counting<R> {
    inner: R,
    bytes: std::sync::Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bytes.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

fn open_input(path: &Path, bytes: &std::sync::Arc<AtomicU64>) -> Result<Box<dyn BufRead>> {
    let reader: Box<dyn Read> = if path.as_os_str() == "-" {
        Box::new(std::io::stdin())
    } else {
        let unreadable = |why: String| UsageError(format!("cannot read the input {}: {why}", path.display()));
        let metadata = std::fs::metadata(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => unreadable("there is no such file; check the path".into()),
            _ => unreadable(e.to_string()),
        })?;
        if metadata.is_dir() {
            return Err(unreadable("it is a directory; give the JSON lines file (or .gz) itself".into()).into());
        }
        Box::new(File::open(path).map_err(|e| unreadable(e.to_string()))?)
    };
    let reader: Box<dyn Read> = Box::new(Counting { inner: reader, bytes: std::sync::Arc::clone(bytes) });
    let gz = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("gz"));
    Ok(if gz {
        Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(reader)))
    } else {
        Box::new(BufReader::new(reader))
    })
}

/// Refuses an output path that cannot be written, without creating or changing anything there.
fn check_writable(path: &Path, what: &str) -> Result<()> {
    let refuse =
        |why: String| -> anyhow::Error { UsageError(format!("cannot write {what} {}: {why}", path.display())).into() };
    match std::fs::metadata(path) {
        Ok(metadata) if metadata.is_dir() => Err(refuse("it is a directory".into())),
        Ok(_) => std::fs::OpenOptions::new().append(true).open(path).map(drop).map_err(|e| refuse(e.to_string())),
        Err(_) => {
            let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
            if parent.is_dir() { Ok(()) } else { Err(refuse(format!("there is no directory {}", parent.display()))) }
        }
    }
}

/// Writes `bytes` as the whole of `path`: a regular file is replaced at once (a temporary file
/// renamed over it), so a reader never sees half of it; a device or pipe is written as it is.
fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        return std::fs::OpenOptions::new().append(true).open(path)?.write_all(bytes);
    }
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temporary = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let written = std::fs::write(&temporary, bytes).and_then(|()| std::fs::rename(&temporary, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}

/// Why an input could not be read to its end. A gzip stream that ends before its end marker is a
/// file cut short (an interrupted copy or download): no resume reads past that, so it is said.
fn read_failure(error: std::io::Error, path: &Path, bytes_read: u64) -> anyhow::Error {
    let gz = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("gz"));
    let cut = error.kind() == std::io::ErrorKind::UnexpectedEof
        || error.to_string().contains("deflate")
        || error.to_string().contains("gzip");
    if gz && cut {
        return anyhow::Error::new(InputCutShort(format!(
            "{} is cut short: its gzip stream ends after {bytes_read} bytes without the end a whole file has ({error}); the records before the cut were sent; get a whole copy of the file (an interrupted copy or download is the usual cause), then run the same command with --fresh instead of --resume (a resume reads the same cut; the records sent already are found there and counted as already there, none made twice)",
            path.display()
        )));
    }
    anyhow::Error::new(error).context(format!("cannot read {}", path.display()))
}

/// An input file that ends early: a resume of the same file meets the same end.
#[derive(Debug)]
pub struct InputCutShort(String);

impl std::fmt::Display for InputCutShort {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for InputCutShort {}

/// Opens `path` for writing without emptying it (that waits until the run has begun), so
/// a path that cannot be written stops the run before anything is sent.
fn open_unemptied(path: &Path, what: &str) -> Result<File> {
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(|e| UsageError(format!("cannot write {what} {}: {e}", path.display())).into())
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

/// What went wrong with a record, for the failures file.
fn failure(line: &Line, inputs: &[PathBuf], key: Option<&str>, reason: &str, errors: Value) -> Value {
    json!({
        "file": inputs[line.input].display().to_string(),
        "line": line.number,
        "sourceKey": key,
        "reason": reason,
        "errors": errors,
    })
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

pub async fn run(args: ImportArgs, destination: Destination<'_>, output: &Output) -> Result<()> {
    let mapping = match &args.mapping {
        Some(path) => Mapping::load(path)?,
        None => Mapping::default(),
    };
    let shard = args.shard.as_deref().map(parse_shard).transpose()?;
    let rate = args.rate.as_deref().map(parse_rate).transpose()?;
    // With an adaptive pace the rate cap is the pace's; a fixed pace keeps its own limiter.
    let pace = match destination {
        Destination::Server(context) => context.client.transport().pace().cloned(),
        Destination::DryRun => None,
    };
    let limiter = rate
        .filter(|_| pace.is_none())
        .map(|per_second| governor::RateLimiter::direct(governor::Quota::per_second(per_second)));
    let limit_over_time: Mutex<Vec<(f64, usize)>> = Mutex::default();
    // Inputs and output files are checked before any state (journal, failures) is written.
    let consumed = std::sync::Arc::new(AtomicU64::new(0));
    let mut readers = Vec::new();
    for path in &args.inputs {
        readers.push(open_input(path, &consumed)?);
    }
    // Checked, not yet written: a run refused later (a journal in use) leaves no report, or an
    // earlier one as it was.
    if let Some(path) = &args.report {
        check_writable(path, "the report")?;
    }
    let first = &args.inputs[0];
    let journal_path = match (&args.journal, first.as_os_str() == "-") {
        (Some(path), _) => Some(path.clone()),
        (None, false) => Some(PathBuf::from(format!("{}.dp-journal", first.display()))),
        (None, true) if args.dry_run => None,
        (None, true) => {
            return Err(UsageError("reading stdin: give --journal FILE so the import can be resumed".into()).into());
        }
    };
    // A dry run has a failures file of its own, so it never empties the one a real run wrote.
    let failures_name = if args.dry_run { "dry-run-failures.jsonl" } else { "failures.jsonl" };
    let failures_path = args.failures.clone().or_else(|| {
        let base = match &journal_path {
            Some(journal) => journal.display().to_string().trim_end_matches(".dp-journal").to_owned(),
            None => return None,
        };
        Some(PathBuf::from(format!("{base}.{failures_name}")))
    });
    // Opened (not yet emptied) before the journal, so a path that cannot be written stops the run first.
    let failures = failures_path.as_deref().map(|path| open_unemptied(path, "the failures file")).transpose()?;
    let identities: Vec<InputId> = args.inputs.iter().map(|p| InputId::of(p)).collect();
    let (journal, done) = match (&journal_path, args.dry_run) {
        (Some(path), false) => {
            let (mut journal, done) = Journal::open(path, &identities, args.resume, args.fresh)?;
            // A read from a pipe blocks the whole import, the journal's clock too.
            if args.inputs.iter().any(|p| !std::fs::metadata(p).is_ok_and(|m| m.is_file())) {
                journal.write_each();
            }
            (Some(Mutex::new(journal)), done)
        }
        _ => (None, Done::default()),
    };
    if done.len() > 0 {
        eprintln!("dp: resuming: {} records were confirmed earlier", done.len());
    }
    // Emptied on every run, a resumed one too: each record that failed before is tried again,
    // so it is written again if it fails again, and only once.
    let failures = match (failures, &failures_path) {
        (Some(file), Some(path)) => {
            // A regular file is emptied; a device or pipe (/dev/stderr) is written to as it is.
            if file.metadata().is_ok_and(|m| m.is_file()) {
                file.set_len(0).with_context(|| format!("cannot empty the failures file {}", path.display()))?;
            }
            Some(Mutex::new(file))
        }
        _ => None,
    };
    let first_failures: Mutex<ShownFailures> = Mutex::new(ShownFailures::default());
    let ignored_members: Mutex<IgnoredMembers> = Mutex::new(IgnoredMembers::default());
    let silent = !args.no_silent;
    let rules = match &destination {
        Destination::Server(context) => context.rules(silent),
        Destination::DryRun => validate::Rules::now().silent(silent),
    };
    let counters = Counters::default();
    let started = Instant::now();

    // Lines are read lazily, so memory stays flat however long the input is.
    let total: Option<u64> = identities.iter().map(|i| i.size).sum();
    let bar = std::io::stderr().is_terminal().then(|| progress_bar(total));
    let lines = readers.into_iter().enumerate().flat_map(|(input, reader)| {
        // Split on bytes: a line that is not UTF-8 is a bad record, not the end of the input.
        reader.split(b'\n').enumerate().map(move |(index, bytes)| (input, index as u64 + 1, bytes.map(into_text)))
    });
    let read_error: Mutex<Option<anyhow::Error>> = Mutex::new(None);
    // A journal or failures file that cannot be written stops the import: its record would be lost.
    let write_error: Mutex<Option<anyhow::Error>> = Mutex::new(None);
    let stopped = std::sync::atomic::AtomicBool::new(false);
    let stop_with = |error: anyhow::Error| {
        let mut slot = write_error.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if slot.is_none() {
            *slot = Some(error);
        }
        stopped.store(true, Ordering::SeqCst);
    };
    // A failure every record shares (a refused token, a service out of reach) also drops the
    // requests still waiting or in flight: each would fail the same way, after its retries.
    let abandon = std::sync::atomic::AtomicBool::new(false);
    let reached: Mutex<Option<(usize, u64)>> = Mutex::new(None);
    let lines = lines.map_while(|(input, number, text)| match text {
        _ if stopped.load(Ordering::SeqCst) => None,
        Ok(text) => {
            *reached.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some((input, number));
            let (text, utf8) = match text {
                Ok(text) => (text, true),
                Err(lossy) => (lossy, false),
            };
            Some(Line { input, number, text, utf8 })
        }
        Err(e) => {
            *read_error.lock().unwrap_or_else(std::sync::PoisonError::into_inner) =
                Some(read_failure(e, &args.inputs[input], consumed.load(Ordering::Relaxed)));
            None
        }
    });
    let last_report = Mutex::new(Instant::now());
    let eta_from_here = std::sync::atomic::AtomicBool::new(false);
    let write_failure = |text: String| {
        note_failure(&first_failures, &text);
        if let Some(file) = &failures {
            let mut file = file.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            if let Err(e) = file.write_all(format!("{text}\n").as_bytes()) {
                let place = failures_path.as_ref().map(|p| p.display().to_string()).unwrap_or_default();
                stop_with(anyhow::Error::new(e).context(format!("cannot write the failures file {place}")));
            }
        }
    };

    let mut work = Box::pin(futures::stream::iter(lines).for_each_concurrent(usize::from(args.concurrency), |line| {
        let (counters, mapping, rules, done, journal, limiter) =
            (&counters, &mapping, &rules, &done, &journal, &limiter);
        let (write_failure, inputs, last_report) = (&write_failure, &args.inputs, &last_report);
        let (stop_with, ignored_members, abandon) = (&stop_with, &ignored_members, &abandon);
        let (pace, limit_over_time) = (&pace, &limit_over_time);
        let (bar, consumed, eta_from_here) = (&bar, &consumed, &eta_from_here);
        async move {
            if line.text.trim().is_empty() {
                return;
            }
            counters.read.fetch_add(1, Ordering::Relaxed);
            if done.contains(line.input, line.number) {
                counters.skipped_by_journal.fetch_add(1, Ordering::Relaxed);
                return;
            }
            // After a --resume the journal's records fly by: the ETA counts from here, on this run's pace.
            if let Some(bar) = bar
                && !eta_from_here.swap(true, Ordering::Relaxed)
            {
                bar.set_position(consumed.load(Ordering::Relaxed));
                bar.reset_eta();
            }
            let text = line.text.trim_start_matches('\u{feff}');
            let direct = match args.format {
                Format::DialogsJsonl if line.utf8 => formats::bind_exact_dialog(text),
                _ => None,
            };
            let mapped = match direct {
                Some((key, body)) => Ok((key, Ready::Bound(Box::new(body)))),
                None => {
                    let record: Result<Value, String> = if line.utf8 {
                        serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))
                    } else {
                        Err("not UTF-8 text: the line has bytes that are not UTF-8".into())
                    };
                    match record {
                        Ok(record) => formats::map(args.format, record, &line.text, mapping)
                            .map(|mapped| (mapped.source_key, Ready::Tree(mapped.body))),
                        Err(message) => Err(vec![formats::FieldError { field: "$".into(), message }]),
                    }
                }
            };
            let (key, mapped) = match mapped {
                Ok((key, ready)) => (Some(key), Ok(ready)),
                Err(errors) => (None, Err(errors)),
            };
            if let Some((i, n)) = shard {
                let shard_key = key.as_deref().unwrap_or(&line.text);
                if shard_of(shard_key, n) != i {
                    counters.other_shards.fetch_add(1, Ordering::Relaxed);
                    return;
                }
            }
            let outcome = match mapped {
                Err(errors) => {
                    let errors: serde_json::Map<String, Value> =
                        errors.into_iter().map(|e| (e.field, json!([e.message]))).collect();
                    write_failure(
                        failure(&line, inputs, None, "the record cannot be mapped", Value::Object(errors)).to_string(),
                    );
                    Outcome::Invalid
                }
                Ok(ready) => {
                    let bound = match ready {
                        Ready::Bound(body) => Ok((body, Vec::new())),
                        Ready::Tree(tree) => validate::bind_reporting::<CreateDialog>(tree)
                            .map(|(body, ignored)| (Box::new(body), ignored)),
                    };
                    let checked = bound.and_then(|(mut body, ignored)| {
                        if !ignored.is_empty() {
                            let mut tally = ignored_members.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                            tally.note(&ignored, &format!("{}:{}", inputs[line.input].display(), line.number));
                        }
                        validate::create_dialog(&mut body, rules).map(|()| body)
                    });
                    match checked {
                        Err(errors) => {
                            write_failure(
                                failure(
                                    &line,
                                    inputs,
                                    key.as_deref(),
                                    "the dialog breaks Dialogporten's rules",
                                    json!(errors.into_map()),
                                )
                                .to_string(),
                            );
                            Outcome::Invalid
                        }
                        Ok(body) => match destination {
                            Destination::DryRun => Outcome::WouldCreate,
                            Destination::Server(context) => {
                                if let Some(limiter) = limiter {
                                    limiter.until_ready().await;
                                }
                                let id = body.id;
                                let sending = send(context, body, silent, args.existing);
                                let Some(sent) = unless_abandoned(abandon, sending).await else {
                                    // Not journaled: a resume sends it again (its id keeps that to once).
                                    counters.abandoned.fetch_add(1, Ordering::Relaxed);
                                    return;
                                };
                                match sent {
                                    Ok(outcome) => outcome,
                                    Err(error) => {
                                        let reason = error.to_string();
                                        let mut record = failure(&line, inputs, key.as_deref(), &reason, Value::Null);
                                        if let Some(id) = id {
                                            record["dialogId"] = json!(id);
                                        }
                                        write_failure(record.to_string());
                                        // Every record after it would fail the same way.
                                        if let Some(why) = stops_the_import(&error) {
                                            let place = format!("{}:{}", inputs[line.input].display(), line.number);
                                            stop_with(
                                                error.context(format!("{why} at {place}: no further records are sent")),
                                            );
                                            abandon.store(true, Ordering::Relaxed);
                                        }
                                        Outcome::Failed
                                    }
                                }
                            }
                        },
                    }
                }
            };
            counters.add(outcome);
            if let Some(journal) = journal
                && matches!(outcome, Outcome::Created | Outcome::Existing | Outcome::Updated | Outcome::Failed)
            {
                let mut journal = journal.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                if let Err(error) = journal.record(line.input, line.number, outcome.name()) {
                    stop_with(error);
                }
            }
            let mut last = last_report.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            let every = if bar.is_some() { Duration::from_millis(200) } else { Duration::from_secs(3) };
            if last.elapsed() >= every {
                *last = Instant::now();
                let s = counters.summary(started.elapsed());
                let retries = destination.retries();
                let mut line = format!(
                    "{} created, {} already there, {} failed, {} invalid, {retries} retries, {}/s",
                    s["created"], s["already_there"], s["failed"], s["invalid"], s["per_second"]
                );
                if let Some(pace) = &pace {
                    let now = pace.snapshot();
                    line.push_str(&pace_text(&now));
                    let mut history = limit_over_time.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                    if history.last().is_none_or(|(_, limit)| *limit != now.limit) {
                        history.push(((started.elapsed().as_secs_f64() * 10.0).round() / 10.0, now.limit));
                    }
                }
                match bar {
                    Some(bar) => {
                        bar.set_position(consumed.load(Ordering::Relaxed));
                        bar.set_message(line);
                    }
                    None => eprintln!("dp: {} read, {line}", s["read"]),
                }
            }
        }
    }));
    // The journal's batch is written at least every FLUSH_EVERY, also while nothing is confirmed.
    let flush_journal = || {
        if let Some(journal) = &journal {
            let mut journal = journal.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            if let Err(error) = journal.flush() {
                stop_with(error);
            }
        }
    };
    let mut ticks = tokio::time::interval(super::journal::FLUSH_EVERY);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut ctrl_c = std::pin::pin!(tokio::signal::ctrl_c());
    // Ctrl-C: no new records are read, the ones in flight finish (a second Ctrl-C stops at once).
    let interrupted = loop {
        tokio::select! {
            () = &mut work => break false,
            _ = ticks.tick() => flush_journal(),
            _ = &mut ctrl_c => {
                stopped.store(true, Ordering::SeqCst);
                let say = "dp: stopping: letting the requests in flight finish (Ctrl-C again to stop now)";
                match &bar {
                    Some(bar) => bar.println(say),
                    None => eprintln!("{say}"),
                }
                let mut again = std::pin::pin!(tokio::signal::ctrl_c());
                loop {
                    tokio::select! {
                        () = &mut work => break,
                        _ = ticks.tick() => flush_journal(),
                        _ = &mut again => break,
                    }
                }
                break true;
            }
        }
    };
    drop(work);
    flush_journal();

    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let mut summary = counters.summary(started.elapsed());
    if let Some(pace) = &pace {
        let now = pace.snapshot();
        summary["throttled"] = json!(now.throttled);
        summary["overloaded"] = json!(now.overloaded);
        summary["limit"] = json!(now.limit);
        let milliseconds = |l: Option<Duration>| l.map(|l| (l.as_secs_f64() * 10_000.0).round() / 10.0);
        summary["latency_ms"] = json!(milliseconds(now.latency));
        summary["latency_p50_ms"] = json!(milliseconds(now.latency_median));
        summary["latency_p99_ms"] = json!(milliseconds(now.latency_p99));
        let mut history = limit_over_time.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
        if history.last().is_none_or(|(_, limit)| *limit != now.limit) {
            history.push(((started.elapsed().as_secs_f64() * 10.0).round() / 10.0, now.limit));
        }
        summary["limit_over_time"] = json!(history);
    }
    let ignored = ignored_members.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    summary["ignored_members"] = ignored.counts();
    for line in ignored.warnings() {
        eprintln!("{}", crate::terminal::cell(&line));
    }
    let shown = first_failures.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    for line in &shown.lines {
        eprintln!("{}", crate::terminal::cell(line));
    }
    if shown.records > shown.shown_records {
        eprintln!("... and {} more records", shown.records - shown.shown_records);
    }
    output.record(&summary)?;
    if let Some(path) = &args.report {
        write_whole(path, serde_json::to_string_pretty(&summary)?.as_bytes())
            .with_context(|| format!("cannot write the report {}", path.display()))?;
    }
    let read_error = read_error.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    let write_error = write_error.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    if interrupted || read_error.is_some() || write_error.is_some() {
        let position = reached.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((input, number)) = position {
            eprintln!("dp: stopped at {} line {number}", args.inputs[input].display());
        }
        let cut_short = read_error.as_ref().is_some_and(|e| e.downcast_ref::<InputCutShort>().is_some());
        if journal_path.is_some() && !args.dry_run && !cut_short {
            let command = resume_command();
            eprintln!("dp: what the server confirmed is in the journal; continue with:\n  {command}");
            if command.contains("$DP_TOKEN") {
                eprintln!("dp: (the token is not repeated here: put it in DP_TOKEN)");
            }
        }
        let why = if interrupted {
            anyhow::anyhow!("the import was interrupted")
        } else {
            anyhow::anyhow!("the import stopped")
        };
        return Err(match read_error.or(write_error) {
            Some(error) => error.context("the import stopped before the end of the input"),
            None => why,
        });
    }
    let failed = counters.failed.load(Ordering::Relaxed) + counters.invalid.load(Ordering::Relaxed);
    if failed > 0 {
        let place = failures_path.as_ref().map(|p| format!(": each one is in {}", p.display())).unwrap_or_default();
        return Err(anyhow::anyhow!("{failed} records were not imported{place}"));
    }
    Ok(())
}

/// The pace on the progress line: the limit, the latency and what the service pushed back with.
fn pace_text(now: &dialogporten::pace::PaceSnapshot) -> String {
    let mut text = format!(", limit {}", now.limit);
    if let Some(latency) = now.latency {
        text.push_str(&format!(", {:.0} ms", latency.as_secs_f64() * 1000.0));
    }
    if now.throttled > 0 {
        text.push_str(&format!(", {} throttled", now.throttled));
    }
    if let Some(wait) = now.paused_for {
        text.push_str(&format!(", paused {:.1} s", wait.as_secs_f64()));
    }
    text
}

/// Keeps the first few failures as `FILE:LINE: FIELD: message` for stderr, and counts them all.
fn note_failure(first: &Mutex<ShownFailures>, record: &str) {
    const SHOWN: usize = 5;
    let mut first = first.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    first.records += 1;
    if first.lines.len() >= SHOWN {
        return;
    }
    first.shown_records += 1;
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
    let room = SHOWN - first.lines.len();
    first.lines.extend(lines.into_iter().take(room));
}

/// Members of the input that a create-dialog body does not have: Dialogporten ignores them,
/// so they are imported without them. Counted by path (list positions left out), with the
/// first record that had each.
#[derive(Default)]
struct IgnoredMembers(std::collections::BTreeMap<String, (u64, String)>);

impl IgnoredMembers {
    fn note(&mut self, paths: &[String], place: &str) {
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
    fn counts(&self) -> Value {
        Value::Object(self.0.iter().map(|(path, (count, _))| (path.clone(), json!(count))).collect())
    }

    /// One warning per member, for stderr.
    fn warnings(&self) -> Vec<String> {
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
struct ShownFailures {
    lines: Vec<String>,
    shown_records: u64,
    records: u64,
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

/// A bar over the input's bytes (a spinner when the size is unknown), on stderr.
fn progress_bar(total: Option<u64>) -> indicatif::ProgressBar {
    let bar = match total {
        Some(total) => indicatif::ProgressBar::new(total).with_style(
            indicatif::ProgressStyle::with_template("{bar:30} {percent:>3}% ETA {eta}  {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        ),
        None => indicatif::ProgressBar::new_spinner(),
    };
    bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
    bar
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
    let id = match context.client.create_dialog_idempotent(&body, silent).await? {
        Creation::Created(_) => return Ok(Outcome::Created),
        Creation::AlreadyExisted { id } => id,
    };
    if existing == Existing::Skip {
        return Ok(Outcome::Existing);
    }
    let body = serde_json::to_value(body)?;
    let update: UpdateDialog = dialogporten_model::input::project(body).map_err(|e| anyhow::anyhow!(e.to_string()))?;
    context.client.update_dialog().dialog_id(id).is_silent_update(silent).body(update).send().await?;
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
