//! Writing results: tables on a terminal, tab-separated rows when piped, JSON or YAML on request.

use std::io::{self, IsTerminal, Write};

use clap::ValueEnum;
use serde_json::Value;

use unicode_width::UnicodeWidthStr;

use crate::fit::{self, Give};
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
    width: Option<u16>,
    asked: Option<Format>,
}

impl Output {
    /// Output as requested, or the default for where stdout goes. A jq filter implies JSON.
    pub fn new(requested: Option<Format>, jq: Option<Jq>) -> Self {
        let terminal = io::stdout().is_terminal();
        let default = if terminal { Format::Table } else { Format::Tsv };
        let colour = terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        // COLUMNS wins (as in shells and tests); else the terminal's own width.
        let columns = std::env::var("COLUMNS").ok().and_then(|c| c.trim().parse::<u16>().ok()).filter(|w| *w > 0);
        let width = columns.or_else(|| terminal.then(terminal_size::terminal_size).flatten().map(|(w, _)| w.0));
        let format = if jq.is_some() { Format::Json } else { requested.unwrap_or(default) };
        Self { format, jq, terminal, colour, width, asked: requested }
    }

    /// The selected format.
    pub fn format(&self) -> Format {
        self.format
    }

    /// A `--jq` result: raw strings go to programs as they are, and to a terminal shown, not obeyed.
    fn jq_line<'a>(&self, line: &'a str) -> std::borrow::Cow<'a, str> {
        if self.terminal { terminal::printable(line) } else { std::borrow::Cow::Borrowed(line) }
    }

    /// Whether `-o tsv` was asked for (rather than being the default for a pipe).
    pub fn tsv_asked(&self) -> bool {
        self.asked == Some(Format::Tsv)
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
                writeln!(out, "{}", self.jq_line(&line))?;
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

    /// Text for people (a detail view): on a table, control characters from data are shown, never obeyed;
    /// otherwise it goes out byte for byte.
    pub fn text(&self, text: &str) -> io::Result<()> {
        if self.format == Format::Table {
            writeln!(stdout(), "{}", terminal::printable(text))
        } else {
            writeln!(stdout(), "{text}")
        }
    }

    /// A list of `what` ("dialogs"): rows for table and tsv, the items as JSON, JSON lines or YAML otherwise.
    pub fn list(&self, what: &str, header: &[Column], rows: &[Vec<String>], items: &[Value]) -> io::Result<()> {
        match self.format {
            Format::Table | Format::Tsv => self.table(what, header, rows),
            Format::Jsonl => items.iter().try_for_each(|item| self.json(item)),
            _ => self.json(&Value::Array(items.to_vec())),
        }
    }

    /// Rows of `what` under a header (table), or tab-separated rows without one (tsv).
    /// An empty table on a terminal is said in words on stderr; piped, it is no output.
    pub fn table(&self, what: &str, header: &[Column], rows: &[Vec<String>]) -> io::Result<()> {
        let mut out = stdout();
        if self.format != Format::Table {
            for row in rows {
                let cells: Vec<String> = row.iter().map(|c| self.tsv_cell(c)).collect();
                writeln!(out, "{}", cells.join("\t"))?;
            }
            return Ok(());
        }
        if rows.is_empty() {
            eprintln!("dp: no {what}");
            return Ok(());
        }
        let cells: Vec<Vec<String>> =
            rows.iter().map(|row| row.iter().map(|c| terminal::cell(c).into_owned()).collect()).collect();
        let gives: Vec<Give> = header.iter().map(|c| c.give).collect();
        let natural: Vec<usize> = header
            .iter()
            .enumerate()
            .map(|(i, column)| {
                let widest = cells.iter().filter_map(|row| row.get(i)).map(|c| c.width()).max().unwrap_or(0);
                widest.max(column.header.width())
            })
            .collect();
        let widths = match self.width {
            Some(width) => fit::widths(&natural, &gives, usize::from(width)),
            None => natural.iter().map(|&n| Some(n)).collect(),
        };
        let names: Vec<&str> = header.iter().map(|c| c.header).collect();
        self.write_fitted(&mut out, Some(&names), &cells, &widths, &gives)
    }

    /// A cell of a tab-separated row: tabs and newlines as spaces; on a terminal, control
    /// characters from data shown as the table shows them, never obeyed (piped, byte-exact).
    fn tsv_cell(&self, text: &str) -> String {
        let flat = text.replace(['\t', '\n'], " ");
        if self.terminal { terminal::cell(&flat).into_owned() } else { flat }
    }

    /// One row of a stream (events as they arrive): the header before the first
    /// row and cells fitted to the columns' shares of the width on a terminal,
    /// tab-separated when piped, and one JSON line per item otherwise.
    pub fn stream_row(&self, columns: &[StreamColumn], cells: &[String], item: &Value, first: bool) -> io::Result<()> {
        if !matches!(self.format, Format::Table | Format::Tsv) || self.jq.is_some() {
            let mut out = stdout();
            if let Some(jq) = &self.jq {
                for line in jq.apply(item).map_err(io::Error::other)? {
                    writeln!(out, "{}", self.jq_line(&line))?;
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
            let cells: Vec<String> = cells.iter().map(|c| self.tsv_cell(c)).collect();
            writeln!(out, "{}", cells.join("\t"))?;
            return out.flush();
        }
        // Rows come one at a time: the columns are laid out for their declared widths, so
        // every row is laid out alike and they stay aligned.
        let natural: Vec<usize> = columns.iter().map(|c| c.width.max(c.header.width())).collect();
        let gives: Vec<Give> = columns.iter().map(|c| c.give).collect();
        let widths = fit::widths(&natural, &gives, usize::from(self.width.unwrap_or(STREAM_WIDTH)));
        let cells = vec![cells.iter().map(|c| terminal::cell(c).into_owned()).collect::<Vec<_>>()];
        let header: Vec<&str> = columns.iter().map(|c| c.header).collect();
        self.write_fitted(&mut out, first.then_some(header.as_slice()), &cells, &widths, &gives)?;
        out.flush()
    }

    /// Rows (and a header) cut to `widths` (a column of `None` left out), two spaces between
    /// columns, through comfy-table.
    fn write_fitted(
        &self,
        out: &mut impl Write,
        header: Option<&[&str]>,
        rows: &[Vec<String>],
        widths: &[Option<usize>],
        gives: &[Give],
    ) -> io::Result<()> {
        let fitted = |cells: &[String], give_of: &dyn Fn(usize) -> Give| -> Vec<String> {
            cells
                .iter()
                .enumerate()
                .filter_map(|(i, cell)| widths.get(i).copied().flatten().map(|w| fit::to_width(cell, w, give_of(i))))
                .collect()
        };
        let mut table = self.new_table();
        if let Some(header) = header {
            let names: Vec<String> = header.iter().map(|h| (*h).to_owned()).collect();
            let cut: Vec<String> = fitted(&names, &|_| Give::End).iter().map(|h| h.trim_end().to_owned()).collect();
            table.set_header(self.header_row(&cut.iter().map(String::as_str).collect::<Vec<_>>()));
        }
        for row in rows {
            let mut row = comfy_table::Row::from(fitted(row, &|i| gives[i]));
            row.max_height(1);
            table.add_row(row);
        }
        for column in table.column_iter_mut() {
            column.set_constraint(comfy_table::ColumnConstraint::ContentWidth);
        }
        write_lines(out, &mut table)
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
        // A member with no value is left out for people; piped, every key stays for scripts.
        let pairs: Vec<(String, String)> = map
            .iter()
            .filter(|(_, item)| !(self.format == Format::Table && item.is_null()))
            .map(|(key, item)| {
                let text = match item {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                (key.clone(), text)
            })
            .collect();
        self.detail(&pairs)
    }

    /// A detail view: one `key  value` row per pair; long values wrap within their column on a terminal.
    pub fn detail(&self, pairs: &[(String, String)]) -> io::Result<()> {
        if self.format != Format::Table {
            // Piped: `key<TAB>value` rows, as -o tsv gives them.
            let rows: Vec<Vec<String>> = pairs.iter().map(|(k, v)| vec![k.trim().to_owned(), v.clone()]).collect();
            return self.table("fields", &[], &rows);
        }
        let mut table = self.new_table();
        if let Some(width) = self.width {
            // Long values wrap within their column, under the value they continue.
            table.set_content_arrangement(comfy_table::ContentArrangement::Dynamic).set_width(width);
        }
        for (key, value) in pairs {
            table.add_row([terminal::cell(key).into_owned(), terminal::printable(value).into_owned()]);
        }
        if let Some(keys) = table.column_mut(0) {
            keys.set_constraint(comfy_table::ColumnConstraint::ContentWidth);
        }
        write_lines(&mut stdout(), &mut table)
    }

    /// A borderless table, two spaces between columns.
    fn new_table(&self) -> comfy_table::Table {
        let mut table = comfy_table::Table::new();
        table.load_style(comfy_table::presets::NOTHING).set_truncation_indicator("…");
        // dp decides about the terminal (stdout, COLUMNS, NO_COLOR); comfy-table must not look itself.
        table.force_no_tty();
        if self.colour {
            table.enforce_styling();
        }
        // The widths are decided before (crate::fit): comfy-table lays the cells out as they are.
        table.set_content_arrangement(comfy_table::ContentArrangement::Disabled);
        table
    }

    /// The header cells, bold on a colour terminal.
    fn header_row(&self, header: &[&str]) -> comfy_table::Row {
        let mut row = comfy_table::Row::from(header.iter().map(|h| {
            let cell = comfy_table::Cell::new(h);
            if self.colour { cell.add_attribute(comfy_table::Attribute::Bold) } else { cell }
        }));
        // A header cut short beats one standing on end, a letter a line.
        row.max_height(1);
        row
    }
}

/// A streamed table's column: its header, the width of its values, and whether they may be cut.
#[derive(Clone, Copy, Debug)]
pub struct StreamColumn {
    /// The header.
    pub header: &'static str,
    /// How wide its values are (a time 23, a UUID 36); longer ones are cut to it.
    pub width: usize,
    /// How it gives way when the row does not fit.
    pub give: Give,
}

/// A table column: its header, and how its cells give way on a narrow terminal.
#[derive(Clone, Copy, Debug)]
pub struct Column {
    /// The header.
    pub header: &'static str,
    /// How long cells are cut (with …) when the table is wider than the terminal.
    pub give: Give,
}

/// A column that is never cut (it may be left out on a very narrow terminal): times, statuses.
pub const fn keep(header: &'static str) -> Column {
    Column { header, give: Give::Never }
}

/// A column of ids, cut in the middle on a narrow terminal (`-o json` has them whole).
pub const fn ids(header: &'static str) -> Column {
    Column { header, give: Give::Middle }
}

/// A column of free text that gives way first on a narrow terminal.
pub const fn cut(header: &'static str) -> Column {
    Column { header, give: Give::End }
}

/// The width streamed rows are laid out for when there is no terminal to measure.
const STREAM_WIDTH: u16 = 160;

/// The sequence that ends a style on a terminal.
const RESET: &str = "\u{1b}[0m";

/// The table's lines, two spaces between columns, without the padding comfy-table leaves at their ends.
fn write_lines(out: &mut impl Write, table: &mut comfy_table::Table) -> io::Result<()> {
    let columns = table.column_count();
    for (index, column) in table.column_iter_mut().enumerate() {
        column.set_padding((0, if index + 1 == columns { 0 } else { 2 }));
    }
    for line in table.lines() {
        let line = line.trim_end();
        // A styled (bold) last header keeps its padding inside the style: end the line at the text.
        match line.strip_suffix(RESET) {
            Some(styled) => writeln!(out, "{}{RESET}", styled.trim_end())?,
            None => writeln!(out, "{line}")?,
        }
    }
    Ok(())
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
    if plain {
        return s.to_owned();
    }
    // JSON escapes are valid YAML; DEL, C1 controls and bidi overrides (which JSON leaves raw) are escaped too.
    let mut quoted = String::with_capacity(s.len() + 2);
    for c in serde_json::to_string(s).unwrap_or_default().chars() {
        if c == '\u{7f}' || ('\u{80}'..='\u{9f}').contains(&c) || terminal::is_unsafe(c) && !c.is_ascii_control() {
            quoted.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            quoted.push(c);
        }
    }
    quoted
}

/// Texts in each language, as the detail views show them: `nb: Søknad  |  en: Application`.
pub fn texts(list: &[dialogporten::types::Localization]) -> String {
    list.iter().map(|l| format!("{}: {}", l.language_code, l.value)).collect::<Vec<_>>().join("  |  ")
}

/// A party URN as a person reads it in a table: `person:08844397713`, `org:991825827`.
pub fn short_party(party: &str) -> String {
    let short = party
        .strip_prefix("urn:altinn:person:identifier-no:")
        .map(|n| format!("person:{n}"))
        .or_else(|| party.strip_prefix("urn:altinn:organization:identifier-no:").map(|n| format!("org:{n}")));
    short.unwrap_or_else(|| party.to_owned())
}

/// A time as every human view shows it: `2026-11-21 11:04:18 UTC`.
pub fn time(at: chrono::DateTime<chrono::Utc>) -> String {
    at.format("%Y-%m-%d %H:%M:%S UTC").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn stream_cells_take_their_width_in_terminal_columns() {
        use crate::fit::{Give, to_width};
        assert_eq!(to_width("abc", 5, Give::End), "abc  ");
        assert_eq!(to_width("abcdef", 4, Give::End), "abc…");
        assert_eq!(to_width("日本語テキスト", 6, Give::End), "日本… ");
    }

    #[test]
    fn yaml_escapes_what_a_terminal_would_obey() {
        assert_eq!(yaml(&json!("a\u{9b}2J\u{202e}b\u{7f}")), "\"a\\u009b2J\\u202eb\\u007f\"\n");
        assert_eq!(yaml(&json!("\u{1b}]0;x\u{7}")), "\"\\u001b]0;x\\u0007\"\n");
    }

    #[test]
    fn yaml_is_block_style_and_quotes_what_would_misread() {
        let value =
            json!({"id": "0194", "n": 5, "flag": "true", "list": [{"a": 1, "b": "x: y"}, "plain"], "empty": []});
        assert_eq!(
            yaml(&value),
            "empty: []\nflag: \"true\"\nid: \"0194\"\nlist:\n- a: 1\n  b: \"x: y\"\n- plain\nn: 5\n"
        );
    }
}
