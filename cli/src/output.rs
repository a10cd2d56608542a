//! Writing results: tables on a terminal, tab-separated rows when piped, JSON or YAML on request.

use std::io::{self, IsTerminal, Write};

use clap::ValueEnum;
use serde_json::Value;

use crate::jq::Jq;
use crate::terminal;

/// Marks a write that failed because stdout was closed (`dp ... | head`): the
/// only failure dp ends quietly on.
#[derive(Debug)]
pub struct StdoutClosed;

impl std::fmt::Display for StdoutClosed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("stdout was closed")
    }
}

impl std::error::Error for StdoutClosed {}

/// Whether `error` is only that stdout was closed.
pub fn is_stdout_closed(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause.downcast_ref::<io::Error>().and_then(io::Error::get_ref).is_some_and(|inner| inner.is::<StdoutClosed>())
    })
}

/// Standard output, whose broken-pipe errors are told apart from every other broken pipe (a server's socket).
pub struct Stdout(io::StdoutLock<'static>);

/// Standard output, locked; write every result through it.
pub fn stdout() -> Stdout {
    Stdout(io::stdout().lock())
}

fn mark_closed(error: io::Error) -> io::Error {
    if error.kind() == io::ErrorKind::BrokenPipe {
        io::Error::new(io::ErrorKind::BrokenPipe, StdoutClosed)
    } else {
        io::Error::new(error.kind(), format!("cannot write to stdout: {error}"))
    }
}

impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf).map_err(mark_closed)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.0.write_all(buf).map_err(mark_closed)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush().map_err(mark_closed)
    }
}

/// Writes what is still buffered; a failure (a full disk) is an error.
pub fn flush_stdout() -> anyhow::Result<()> {
    use anyhow::Context as _;
    stdout().flush().context("cannot write the output to stdout")
}

/// What `-o` selects.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Aligned columns under a header, fitted to the terminal [default on a terminal].
    Table,
    /// Tab-separated rows without a header, nothing cut [default when piped].
    Tsv,
    /// One JSON document.
    Json,
    /// One JSON value per line.
    Jsonl,
    /// YAML.
    Yaml,
}

/// Where results go, and how.
#[derive(Clone)]
pub struct Output {
    format: Format,
    jq: Option<Jq>,
    terminal: bool,
    colour: bool,
    width: Option<usize>,
}

impl Output {
    /// Output as requested, or the default for where stdout goes. A jq filter implies JSON.
    pub fn new(requested: Option<Format>, jq: Option<Jq>) -> Self {
        let terminal = io::stdout().is_terminal();
        let default = if terminal { Format::Table } else { Format::Tsv };
        let colour = terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        let width = if terminal {
            std::env::var("COLUMNS")
                .ok()
                .and_then(|c| c.parse().ok())
                .or_else(|| terminal_size::terminal_size().map(|(w, _)| usize::from(w.0)))
        } else {
            None
        };
        let format = if jq.is_some() { Format::Json } else { requested.unwrap_or(default) };
        Self { format, jq, terminal, colour, width }
    }

    /// The selected format.
    pub fn format(&self) -> Format {
        self.format
    }

    /// Whether a person is reading stdout.
    pub fn is_terminal(&self) -> bool {
        self.terminal
    }

    /// One value as JSON (pretty, or one line with jsonl) or YAML, or what `--jq` makes of it.
    pub fn json(&self, value: &Value) -> io::Result<()> {
        let mut out = stdout();
        if let Some(jq) = &self.jq {
            for line in jq.apply(value).map_err(io::Error::other)? {
                writeln!(out, "{line}")?;
            }
            return Ok(());
        }
        match self.format {
            Format::Jsonl => serde_json::to_writer(&mut out, value)?,
            Format::Yaml => return out.write_all(yaml(value).as_bytes()),
            _ => serde_json::to_writer_pretty(&mut out, value)?,
        }
        writeln!(out)
    }

    /// A line of text, as it is (ids, revisions: values programs read).
    pub fn line(&self, text: &str) -> io::Result<()> {
        writeln!(stdout(), "{text}")
    }

    /// Text for people (a detail view): control characters from data are shown, never obeyed.
    pub fn text(&self, text: &str) -> io::Result<()> {
        writeln!(stdout(), "{}", terminal::printable(text))
    }

    /// A list: rows for table and tsv, the items as JSON, JSON lines or YAML otherwise.
    pub fn list(&self, header: &[&str], rows: &[Vec<String>], items: &[Value]) -> io::Result<()> {
        match self.format {
            Format::Table | Format::Tsv => self.table(header, rows),
            Format::Jsonl => items.iter().try_for_each(|item| self.json(item)),
            _ => self.json(&Value::Array(items.to_vec())),
        }
    }

    /// Rows under a header (table), or tab-separated rows without one (tsv).
    pub fn table(&self, header: &[&str], rows: &[Vec<String>]) -> io::Result<()> {
        let mut out = stdout();
        if self.format != Format::Table {
            for row in rows {
                let cells: Vec<String> = row.iter().map(|c| c.replace(['\t', '\n'], " ")).collect();
                writeln!(out, "{}", cells.join("\t"))?;
            }
            return Ok(());
        }
        let rows: Vec<Vec<String>> =
            rows.iter().map(|row| row.iter().map(|c| terminal::cell(c).into_owned()).collect()).collect();
        let rows = &rows;
        let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
        for row in rows {
            for (i, cell) in row.iter().enumerate() {
                if let Some(width) = widths.get_mut(i) {
                    *width = (*width).max(cell.chars().count());
                }
            }
        }
        // On a terminal the widest columns give way (never the first, which holds ids), so rows never wrap.
        if let Some(room) = self.width {
            const GAP: usize = 2;
            const NARROWEST: usize = 12;
            loop {
                let total: usize = widths.iter().sum::<usize>() + GAP * widths.len().saturating_sub(1);
                if total <= room {
                    break;
                }
                let widest = (1..widths.len()).max_by_key(|&i| widths[i]).filter(|&i| widths[i] > NARROWEST);
                match widest {
                    Some(i) => widths[i] -= 1,
                    None => break,
                }
            }
        }
        let head: Vec<String> = header.iter().map(|h| (*h).to_owned()).collect();
        self.header(&mut out, &aligned(&head, &widths, true))?;
        for row in rows {
            writeln!(out, "{}", aligned(row, &widths, true))?;
        }
        Ok(())
    }

    /// One row of a stream (events as they arrive): the header before the first
    /// row and cells cut to fixed widths on a terminal, tab-separated when piped,
    /// and one JSON line per item otherwise.
    pub fn stream_row(&self, columns: &[(&str, usize)], cells: &[String], item: &Value, first: bool) -> io::Result<()> {
        if !matches!(self.format, Format::Table | Format::Tsv) || self.jq.is_some() {
            let mut out = stdout();
            if let Some(jq) = &self.jq {
                for line in jq.apply(item).map_err(io::Error::other)? {
                    writeln!(out, "{line}")?;
                }
            } else if self.format == Format::Yaml {
                writeln!(out, "---\n{}", yaml(item).trim_end())?;
            } else {
                serde_json::to_writer(&mut out, item)?;
                writeln!(out)?;
            }
            return out.flush();
        }
        let mut out = stdout();
        if self.format == Format::Tsv {
            let cells: Vec<String> = cells.iter().map(|c| c.replace(['\t', '\n'], " ")).collect();
            writeln!(out, "{}", cells.join("\t"))?;
            return out.flush();
        }
        // Rows come one at a time, so the widths are fixed; the last column is never cut.
        let widths: Vec<usize> = columns.iter().map(|(_, w)| *w).collect();
        let cells: Vec<String> = cells.iter().map(|c| terminal::cell(c).into_owned()).collect();
        if first {
            let head: Vec<String> = columns.iter().map(|(h, _)| (*h).to_owned()).collect();
            self.header(&mut out, &aligned(&head, &widths, false))?;
        }
        writeln!(out, "{}", aligned(&cells, &widths, false))?;
        out.flush()
    }

    /// The result of a write: a sentence (table), the new revision or id (tsv), `{"id", "revision"}` otherwise.
    pub fn written(&self, what: &str, id: &str, revision: Option<String>) -> io::Result<()> {
        match self.format {
            Format::Table => {
                let revision = revision.map(|r| format!(" (revision {r})")).unwrap_or_default();
                self.line(&format!("{what} {id}{revision}"))
            }
            Format::Tsv => self.line(revision.as_deref().unwrap_or(id)),
            _ => self.json(&serde_json::json!({"id": id, "revision": revision})),
        }
    }

    /// The result of a create: like [`Output::written`], but tsv gets the new id.
    pub fn created(&self, what: &str, id: &str, revision: Option<String>) -> io::Result<()> {
        if self.format == Format::Tsv {
            return self.line(id);
        }
        self.written(what, id, revision)
    }

    /// One record: a `key  value` line per member for table and tsv, else as asked.
    pub fn record(&self, value: &Value) -> io::Result<()> {
        let Some(map) = value.as_object().filter(|_| matches!(self.format, Format::Table | Format::Tsv)) else {
            return self.json(value);
        };
        let width = map.keys().map(String::len).max().unwrap_or(0);
        let mut out = stdout();
        for (key, item) in map {
            let text = match item {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            writeln!(out, "{:<width$}  {}", terminal::cell(key), terminal::cell(&text))?;
        }
        Ok(())
    }
}

impl Output {
    /// A header line, bold on a colour terminal.
    fn header(&self, out: &mut impl Write, head: &str) -> io::Result<()> {
        if self.colour { writeln!(out, "\x1b[1m{head}\x1b[0m") } else { writeln!(out, "{head}") }
    }
}

/// Cells padded to `widths` (cut to them, the last one only if `cut_last`), two spaces apart.
fn aligned(cells: &[String], widths: &[usize], cut_last: bool) -> String {
    let last = cells.len().saturating_sub(1);
    cells
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let width = widths.get(i).copied().unwrap_or(12);
            match (i == last, cut_last) {
                (true, true) => fit(c, width),
                (true, false) => c.clone(),
                _ => format!("{:<width$}", fit(c, width)),
            }
        })
        .collect::<Vec<_>>()
        .join("  ")
}

/// `text` cut to `room` characters, marked with an ellipsis.
fn fit(text: &str, room: usize) -> String {
    if text.chars().count() <= room {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(room.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// YAML for a JSON value: block style, strings quoted when they would read as something else.
pub fn yaml(value: &Value) -> String {
    let mut out = String::new();
    write_yaml(value, 0, &mut out);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

fn write_yaml(value: &Value, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (key, item) in map {
                out.push_str(&format!("{pad}{}:", scalar_text(key)));
                match item {
                    Value::Object(m) if !m.is_empty() => {
                        out.push('\n');
                        write_yaml(item, indent + 2, out);
                    }
                    Value::Array(a) if !a.is_empty() => {
                        out.push('\n');
                        write_yaml(item, indent, out);
                    }
                    _ => out.push_str(&format!(" {}\n", inline(item))),
                }
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for item in items {
                match item {
                    Value::Object(m) if !m.is_empty() => {
                        let mut nested = String::new();
                        write_yaml(item, indent + 2, &mut nested);
                        out.push_str(&format!("{pad}- {}", nested.trim_start()));
                    }
                    Value::Array(a) if !a.is_empty() => {
                        out.push_str(&format!("{pad}-\n"));
                        write_yaml(item, indent + 2, out);
                    }
                    _ => out.push_str(&format!("{pad}- {}\n", inline(item))),
                }
            }
        }
        other => out.push_str(&format!("{pad}{}\n", inline(other))),
    }
}

fn inline(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => scalar_text(s),
        Value::Array(_) => "[]".into(),
        Value::Object(_) => "{}".into(),
    }
}

/// A string as a YAML scalar: plain when unambiguous, else double-quoted (JSON escapes are valid YAML).
fn scalar_text(s: &str) -> String {
    let reserved = ["true", "false", "null", "yes", "no", "on", "off", "~", ""];
    let plain = !reserved.contains(&s.to_ascii_lowercase().as_str())
        && s.parse::<f64>().is_err()
        && !s.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@` ".contains(c))
        && !s.ends_with(' ')
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.contains('\n')
        && !s.chars().any(char::is_control);
    if plain { s.to_owned() } else { serde_json::to_string(s).unwrap_or_default() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn yaml_is_block_style_and_quotes_what_would_misread() {
        let value =
            json!({"id": "0194", "n": 5, "flag": "true", "list": [{"a": 1, "b": "x: y"}, "plain"], "empty": []});
        assert_eq!(
            yaml(&value),
            "empty: []\nflag: \"true\"\nid: \"0194\"\nlist:\n- a: 1\n  b: \"x: y\"\n- plain\nn: 5\n"
        );
    }

    #[test]
    fn cells_are_cut_with_an_ellipsis() {
        assert_eq!(fit("Søknad mottatt", 7), "Søknad…");
        assert_eq!(fit("kort", 7), "kort");
    }
}
