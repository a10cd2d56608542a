//! The journal: what an import has confirmed, so `--resume` after a crash,
//! Ctrl-C or SIGKILL sends nothing twice that was confirmed and loses nothing.
//!
//! A header line names the inputs (path and size); then one line per record
//! the server confirmed (`<input> <line> <outcome>`). Lines are appended in
//! batches (a write per [`FLUSH_EVERY`] or [`FLUSH_BYTES`], whichever comes
//! first), so a killed process leaves at most one torn last line, which is
//! ignored, and loses at most the confirmations of its last moments: those
//! records are sent again on resume and answered "already there".

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use serde_json::{Value, json};

use crate::exit::UsageError;

/// One input as the journal remembers it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputId {
    /// The path as given (`-` for stdin).
    pub path: String,
    /// Its size in bytes, when it is a file.
    pub size: Option<u64>,
}

impl InputId {
    /// Identifies `path`.
    pub fn of(path: &Path) -> Self {
        let size = (path.as_os_str() != "-").then(|| std::fs::metadata(path).map(|m| m.len()).ok()).flatten();
        Self { path: path.display().to_string(), size }
    }
}

/// Lines confirmed by the server, per input, as a bitset over line numbers.
#[derive(Clone, Debug, Default)]
pub struct Done {
    inputs: Vec<Vec<u64>>,
    count: u64,
}

impl Done {
    fn insert(&mut self, input: usize, line: u64) {
        if self.inputs.len() <= input {
            self.inputs.resize(input + 1, Vec::new());
        }
        let bits = &mut self.inputs[input];
        let (word, bit) = (usize::try_from(line / 64).unwrap_or(usize::MAX), line % 64);
        if bits.len() <= word {
            bits.resize(word + 1, 0);
        }
        if bits[word] & (1 << bit) == 0 {
            bits[word] |= 1 << bit;
            self.count += 1;
        }
    }

    /// Whether the line was confirmed.
    pub fn contains(&self, input: usize, line: u64) -> bool {
        let word = usize::try_from(line / 64).unwrap_or(usize::MAX);
        self.inputs.get(input).and_then(|bits| bits.get(word)).is_some_and(|w| w & (1 << (line % 64)) != 0)
    }

    /// How many lines were confirmed.
    pub fn len(&self) -> u64 {
        self.count
    }
}

/// The longest a confirmation waits in memory before it is written.
pub const FLUSH_EVERY: Duration = Duration::from_millis(100);

/// Confirmations are written at the latest when this many bytes of them wait.
const FLUSH_BYTES: usize = 8 * 1024;

/// An open journal, locked for this process.
pub struct Journal {
    file: File,
    path: PathBuf,
    /// Confirmations not yet written: one write per batch instead of one per record.
    pending: Vec<u8>,
    flushed_at: Instant,
    flush_every: Duration,
    /// Held while the journal is open: a second import on the same journal is refused.
    _lock: File,
}

/// Takes `{journal}.lock`, which holds the process id of its holder; another holder is named.
fn lock(path: &Path) -> Result<File> {
    let lock_path = PathBuf::from(format!("{}.lock", path.display()));
    let mut file = OpenOptions::new()
        .create(true)
        .read(true)
        .write(true)
        .truncate(false)
        .open(&lock_path)
        .with_context(|| format!("cannot create the journal's lock {}", lock_path.display()))?;
    match file.try_lock() {
        Ok(()) => {
            file.set_len(0)?;
            file.write_all(std::process::id().to_string().as_bytes())?;
            Ok(file)
        }
        Err(std::fs::TryLockError::WouldBlock) => {
            let holder = std::fs::read_to_string(&lock_path).unwrap_or_default();
            let holder =
                if holder.trim().is_empty() { "another dp".to_owned() } else { format!("dp (pid {})", holder.trim()) };
            anyhow::bail!(
                "{holder} is importing with the journal {} right now: wait for it to finish (or stop it) and run again with --resume; two imports on one journal would send every record twice",
                path.display()
            )
        }
        Err(std::fs::TryLockError::Error(e)) => {
            Err(e).with_context(|| format!("cannot lock the journal {}", lock_path.display()))
        }
    }
}

/// Outcomes that count as done (failed and invalid records are tried again on resume).
const DONE: [&str; 3] = ["created", "existing", "updated"];

impl Journal {
    /// Opens (resume) or creates (fresh) the journal for `inputs`.
    pub fn open(path: &Path, inputs: &[InputId], resume: bool, fresh: bool) -> Result<(Self, Done)> {
        let lock = lock(path)?;
        let exists = path.exists();
        let mut done = Done::default();
        if exists && !resume && !fresh {
            return Err(UsageError(format!(
                "the journal {} exists from an earlier run: add --resume to continue it, or --fresh to start over",
                path.display()
            ))
            .into());
        }
        if exists && resume {
            let reader = BufReader::new(File::open(path).with_context(|| format!("cannot read {}", path.display()))?);
            let mut lines = reader.lines();
            let header: Value = lines
                .next()
                .transpose()?
                .and_then(|h| serde_json::from_str(&h).ok())
                .ok_or_else(|| UsageError(format!("{} is not a dp migrate journal", path.display())))?;
            let recorded: Vec<InputId> = header["inputs"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|i| InputId { path: i["path"].as_str().unwrap_or_default().to_owned(), size: i["size"].as_u64() })
                .collect();
            if recorded != inputs {
                return Err(UsageError(format!(
                    "{} is the journal of other inputs ({}): resume with the same files, or start over with --fresh",
                    path.display(),
                    recorded.iter().map(|i| i.path.as_str()).collect::<Vec<_>>().join(", ")
                ))
                .into());
            }
            for line in lines {
                let line = line?;
                let mut parts = line.split(' ');
                if let (Some(input), Some(number), Some(outcome)) = (parts.next(), parts.next(), parts.next())
                    && DONE.contains(&outcome)
                    && let (Ok(input), Ok(number)) = (input.parse::<usize>(), number.parse::<u64>())
                {
                    done.insert(input, number);
                }
            }
            let file = OpenOptions::new().append(true).open(path)?;
            return Ok((Self::new(file, path, lock), done));
        }
        let mut file = OpenOptions::new()
            .create(true)
            .write(true)
            .truncate(true)
            .open(path)
            .with_context(|| format!("cannot create the journal {}", path.display()))?;
        let header = json!({
            "dp-migrate-journal": 1,
            "inputs": inputs.iter().map(|i| json!({"path": i.path, "size": i.size})).collect::<Vec<_>>(),
        });
        file.write_all(format!("{header}\n").as_bytes())?;
        Ok((Self::new(file, path, lock), done))
    }

    fn new(file: File, path: &Path, lock: File) -> Self {
        Self {
            file,
            path: path.to_owned(),
            pending: Vec::with_capacity(FLUSH_BYTES),
            flushed_at: Instant::now(),
            flush_every: FLUSH_EVERY,
            _lock: lock,
        }
    }

    /// Writes each confirmation at once: for an input that may stall (a pipe), where a batch
    /// would wait for as long as the input does.
    pub fn write_each(&mut self) {
        self.flush_every = Duration::ZERO;
    }

    /// Records one outcome; it is written with the next batch (at most [`FLUSH_EVERY`] later).
    pub fn record(&mut self, input: usize, line: u64, outcome: &str) -> Result<()> {
        // Writing to a Vec cannot fail.
        let _ = writeln!(self.pending, "{input} {line} {outcome}");
        if self.pending.len() >= FLUSH_BYTES || self.flushed_at.elapsed() >= self.flush_every {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes the confirmations waiting, in a single write.
    pub fn flush(&mut self) -> Result<()> {
        self.flushed_at = Instant::now();
        if self.pending.is_empty() {
            return Ok(());
        }
        let written = self.file.write_all(&self.pending);
        self.pending.clear();
        written.with_context(|| format!("cannot write the journal {}", self.path.display()))
    }
}

impl Drop for Journal {
    fn drop(&mut self) {
        // An error here was already reported, or the run is ending on another error.
        let _ = self.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resuming_reads_back_what_was_confirmed_and_ignores_a_torn_line() {
        let dir = std::env::temp_dir().join(format!("dp-journal-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("j");
        let inputs = [InputId { path: "in.jsonl".into(), size: Some(10) }];
        let (mut journal, done) = Journal::open(&path, &inputs, false, false).unwrap();
        assert_eq!(done.len(), 0);
        journal.record(0, 1, "created").unwrap();
        journal.record(0, 2, "failed").unwrap();
        journal.record(0, 130, "existing").unwrap();
        drop(journal);
        std::fs::OpenOptions::new().append(true).open(&path).unwrap().write_all(b"0 3 crea").unwrap();
        assert!(Journal::open(&path, &inputs, false, false).is_err(), "an existing journal needs --resume or --fresh");
        let (_, done) = Journal::open(&path, &inputs, true, false).unwrap();
        assert!(done.contains(0, 1) && done.contains(0, 130));
        assert!(!done.contains(0, 2), "failed records are tried again");
        assert!(!done.contains(0, 3), "a torn line is not a confirmation");
        let other = [InputId { path: "in.jsonl".into(), size: Some(11) }];
        assert!(Journal::open(&path, &other, true, false).is_err(), "a changed input is noticed");
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn confirmations_are_written_in_batches_and_none_is_left_behind() {
        let dir = std::env::temp_dir().join(format!("dp-journal-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("j");
        let lines = || std::fs::read_to_string(&path).unwrap().lines().count();
        let inputs = [InputId { path: "in.jsonl".into(), size: Some(10) }];
        let (mut journal, _) = Journal::open(&path, &inputs, false, false).unwrap();
        // No batch falls due by the clock here, however slow the machine.
        journal.flush_every = Duration::from_secs(3600);
        journal.record(0, 1, "created").unwrap();
        journal.record(0, 2, "created").unwrap();
        assert_eq!(lines(), 1, "the header only: the two wait for their batch");
        journal.flush().unwrap();
        assert_eq!(lines(), 3);
        // A full batch is written without waiting for the clock.
        for line in 3..2000 {
            journal.record(0, line, "existing").unwrap();
        }
        assert!(lines() > 3 + 1000, "{} lines", lines());
        journal.record(0, 2000, "created").unwrap();
        drop(journal);
        assert_eq!(lines(), 2001, "closing writes what waits");
        let _ = std::fs::remove_dir_all(dir);
    }
}
