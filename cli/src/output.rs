//! Writing results: tables on a terminal, tab-separated rows when piped, JSON on request.

use std::io::{self, IsTerminal, Write};

use clap::ValueEnum;
use serde_json::Value;

/// What `-o` selects.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Aligned columns with a header on a terminal; tab-separated rows without one when piped.
    Table,
    /// One JSON document.
    Json,
    /// One JSON value per line.
    Jsonl,
}

/// Where results go, and how.
pub struct Output {
    format: Format,
    terminal: bool,
}

impl Output {
    /// Output as requested, or the default for where stdout goes.
    pub fn new(requested: Option<Format>) -> Self {
        Self { format: requested.unwrap_or(Format::Table), terminal: io::stdout().is_terminal() }
    }

    /// The selected format.
    pub fn format(&self) -> Format {
        self.format
    }

    /// Whether a person is reading stdout.
    pub fn is_terminal(&self) -> bool {
        self.terminal
    }

    /// One JSON value: pretty with `-o json`, one line with `-o jsonl`.
    pub fn json(&self, value: &Value) -> io::Result<()> {
        let mut out = io::stdout().lock();
        match self.format {
            Format::Jsonl => serde_json::to_writer(&mut out, value)?,
            _ => serde_json::to_writer_pretty(&mut out, value)?,
        }
        writeln!(out)
    }

    /// The result of a write: a sentence on a terminal, the new revision (or id) when piped,
    /// `{"id", "revision"}` as JSON.
    pub fn written(&self, what: &str, id: &str, revision: Option<String>) -> io::Result<()> {
        match self.format {
            Format::Json | Format::Jsonl => self.json(&serde_json::json!({"id": id, "revision": revision})),
            Format::Table if self.terminal => {
                let revision = revision.map(|r| format!(" (revision {r})")).unwrap_or_default();
                self.line(&format!("{what} {id}{revision}"))
            }
            Format::Table => self.line(revision.as_deref().unwrap_or(id)),
        }
    }

    /// The result of a create: like [`Output::written`], but the new id is what a pipe gets.
    pub fn created(&self, what: &str, id: &str, revision: Option<String>) -> io::Result<()> {
        if self.format == Format::Table && !self.terminal {
            return self.line(id);
        }
        self.written(what, id, revision)
    }

    /// One record: JSON as asked, else a `key  value` line per member.
    pub fn record(&self, value: &Value) -> io::Result<()> {
        if self.format != Format::Table {
            return self.json(value);
        }
        let Some(map) = value.as_object() else { return self.json(value) };
        let width = map.keys().map(String::len).max().unwrap_or(0);
        let mut out = io::stdout().lock();
        for (key, item) in map {
            let text = match item {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            writeln!(out, "{key:<width$}  {text}")?;
        }
        Ok(())
    }

    /// A line of text.
    pub fn line(&self, text: &str) -> io::Result<()> {
        writeln!(io::stdout().lock(), "{text}")
    }

    /// Rows under a header: aligned on a terminal, tab-separated without the header when piped.
    pub fn table(&self, header: &[&str], rows: &[Vec<String>]) -> io::Result<()> {
        let mut out = io::stdout().lock();
        if !self.terminal {
            for row in rows {
                let cells: Vec<String> = row.iter().map(|c| c.replace(['\t', '\n'], " ")).collect();
                writeln!(out, "{}", cells.join("\t"))?;
            }
            return Ok(());
        }
        let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
        for row in rows {
            for (i, cell) in row.iter().enumerate() {
                if let Some(width) = widths.get_mut(i) {
                    *width = (*width).max(cell.chars().count());
                }
            }
        }
        let render = |cells: Vec<&str>| -> String {
            let last = cells.len().saturating_sub(1);
            cells
                .iter()
                .enumerate()
                .map(|(i, c)| if i == last { (*c).to_owned() } else { format!("{c:<width$}", width = widths[i]) })
                .collect::<Vec<_>>()
                .join("  ")
        };
        writeln!(out, "{}", render(header.to_vec()))?;
        for row in rows {
            writeln!(out, "{}", render(row.iter().map(String::as_str).collect()))?;
        }
        Ok(())
    }
}
