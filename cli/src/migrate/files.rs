//! An import's files: the inputs it reads (plain or gzip, counted for the progress
//! bar), and what it writes as it goes (the journal of what the server confirmed,
//! the failures file) and at the end (the report), each checked before anything is sent.

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use anyhow::{Context as _, Result};

use super::import::ImportArgs;
use super::journal::{Done, InputId, Journal};
use super::tally::Outcome;
use crate::exit::UsageError;

/// One line of input.
pub(super) struct Line {
    pub(super) input: usize,
    pub(super) number: u64,
    pub(super) text: String,
    /// Whether the line was UTF-8 (if not, `text` is a lossy copy and the record is refused).
    pub(super) utf8: bool,
}

/// A line's bytes as text, without its line ending; `Err` holds a lossy copy of a line that is not UTF-8.
pub(super) fn into_text(mut bytes: Vec<u8>) -> Result<String, String> {
    if bytes.last() == Some(&b'\r') {
        bytes.pop();
    }
    String::from_utf8(bytes).map_err(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Counts the bytes read from an input (compressed bytes for `.gz`), for the progress bar.
struct Counting<R> {
    inner: R,
    bytes: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bytes.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

pub(super) fn open_input(path: &Path, bytes: &Arc<AtomicU64>) -> Result<Box<dyn BufRead>> {
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
    let reader: Box<dyn Read> = Box::new(Counting { inner: reader, bytes: Arc::clone(bytes) });
    let gz = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("gz"));
    Ok(if gz {
        Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(reader)))
    } else {
        Box::new(BufReader::new(reader))
    })
}

/// Refuses an output path that cannot be written, without creating or changing anything there.
pub(super) fn check_writable(path: &Path, what: &str) -> Result<()> {
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
pub(super) fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
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
pub(super) fn read_failure(error: std::io::Error, path: &Path, bytes_read: u64) -> anyhow::Error {
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

/// Where an import writes as it goes: the journal of what the server confirmed (none in a
/// dry run, or from stdin without --journal) and the failures file.
pub(super) struct Outputs {
    pub(super) journal_path: Option<PathBuf>,
    journal: Option<Mutex<Journal>>,
    /// The records an earlier run confirmed.
    pub(super) done: Done,
    pub(super) failures_path: Option<PathBuf>,
    failures: Option<Mutex<File>>,
}

impl Outputs {
    /// Opens the journal (resumed, or begun afresh) and the failures file (emptied). A path
    /// that cannot be written stops the run here, before anything is sent.
    pub(super) fn open(args: &ImportArgs, identities: &[InputId]) -> Result<Self> {
        let journal_path = journal_path(args)?;
        // A dry run has a failures file of its own, so it never empties the one a real run wrote.
        let failures_name = if args.dry_run { "dry-run-failures.jsonl" } else { "failures.jsonl" };
        let failures_path = args.failures.clone().or_else(|| {
            let base = journal_path.as_ref()?.display().to_string();
            Some(PathBuf::from(format!("{}.{failures_name}", base.trim_end_matches(".dp-journal"))))
        });
        // Opened (not yet emptied) before the journal, so a path that cannot be written stops the run first.
        let failures = failures_path.as_deref().map(|path| open_unemptied(path, "the failures file")).transpose()?;
        let (journal, done) = match (&journal_path, args.dry_run) {
            (Some(path), false) => {
                let (mut journal, done) = Journal::open(path, identities, args.resume, args.fresh)?;
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
        Ok(Outputs { journal_path, journal, done, failures_path, failures })
    }

    /// Adds a record to the failures file (when there is one).
    pub(super) fn write_failure(&self, record: &str) -> Result<()> {
        let Some(file) = &self.failures else { return Ok(()) };
        let mut file = file.lock().unwrap_or_else(PoisonError::into_inner);
        file.write_all(format!("{record}\n").as_bytes()).with_context(|| {
            let place = self.failures_path.as_ref().map(|p| p.display().to_string()).unwrap_or_default();
            format!("cannot write the failures file {place}")
        })
    }

    /// Journals what the server answered for `line` (a record it never saw is not journaled).
    pub(super) fn journal(&self, line: &Line, outcome: Outcome) -> Result<()> {
        let Some(journal) = &self.journal else { return Ok(()) };
        if !matches!(outcome, Outcome::Created | Outcome::Existing | Outcome::Updated | Outcome::Failed) {
            return Ok(());
        }
        journal.lock().unwrap_or_else(PoisonError::into_inner).record(line.input, line.number, outcome.name())
    }

    /// Writes the journal's batch.
    pub(super) fn flush(&self) -> Result<()> {
        let Some(journal) = &self.journal else { return Ok(()) };
        journal.lock().unwrap_or_else(PoisonError::into_inner).flush()
    }
}

/// `--journal`, else beside the first input; stdin needs --journal unless nothing is sent.
fn journal_path(args: &ImportArgs) -> Result<Option<PathBuf>> {
    let first = &args.inputs[0];
    Ok(match (&args.journal, first.as_os_str() == "-") {
        (Some(path), _) => Some(path.clone()),
        (None, false) => Some(PathBuf::from(format!("{}.dp-journal", first.display()))),
        (None, true) if args.dry_run => None,
        (None, true) => {
            return Err(UsageError("reading stdin: give --journal FILE so the import can be resumed".into()).into());
        }
    })
}
