//! Request bodies from files, stdin and flags.

use std::io::Read;
use std::path::Path;

use anyhow::Result;
use serde_json::{Value, json};

use crate::exit::UsageError;

/// Reads a request body from a file, or stdin for `-`, refusing one larger
/// than Dialogporten takes before reading it whole. Returns the bytes and a
/// name for messages.
pub fn read_body(path: &Path) -> Result<(Vec<u8>, String)> {
    let limit = dialogporten::transport::MAX_BODY_BYTES as u64;
    if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| UsageError(format!("cannot read the body from stdin: {e}")))?;
        if bytes.len() as u64 > limit {
            return Err(anyhow::Error::new(dialogporten::Error::BodyTooLarge { bytes: bytes.len() as u64 })
                .context("the body on stdin is too large (more than this was not read)"));
        }
        return Ok((bytes, "stdin".to_owned()));
    }
    let name = path.display().to_string();
    let unreadable = |e: std::io::Error| {
        let why = match e.kind() {
            std::io::ErrorKind::NotFound => "there is no such file; check the path".to_owned(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
            _ => e.to_string(),
        };
        UsageError(format!("cannot read {name}: {why}"))
    };
    let metadata = std::fs::metadata(path).map_err(unreadable)?;
    if metadata.is_dir() {
        return Err(UsageError(format!("{name} is a directory: give the path of a JSON file (or - for stdin)")).into());
    }
    if metadata.len() > limit {
        return Err(anyhow::Error::new(dialogporten::Error::BodyTooLarge { bytes: metadata.len() })
            .context(format!("{name} is too large to send")));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    std::fs::File::open(path).and_then(|f| f.take(limit + 1).read_to_end(&mut bytes)).map_err(unreadable)?;
    if bytes.len() as u64 > limit {
        return Err(anyhow::Error::new(dialogporten::Error::BodyTooLarge { bytes: bytes.len() as u64 })
            .context(format!("{name} is too large to send")));
    }
    Ok((bytes, name))
}

/// Reads a JSON body from a file, or stdin for `-`; a mistake names the file, line and column.
pub fn read_json(path: &Path) -> Result<Value> {
    let (bytes, name) = read_body(path)?;
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        UsageError(format!(
            "{name} is not UTF-8 text (a bad byte at offset {}): a JSON body must be UTF-8",
            e.valid_up_to()
        ))
    })?;
    let text = text.trim_start_matches('\u{feff}');
    if text.trim().is_empty() {
        return Err(
            UsageError(format!("{name} is empty: give the JSON body there (dp dialog template prints one)")).into()
        );
    }
    serde_json::from_str(text).map_err(|e| {
        UsageError(format!("{name} is not valid JSON at line {}, column {}: {e}", e.line(), e.column())).into()
    })
}

/// `LANG=TEXT` flags as a list of localizations.
pub fn localizations(flag: &str, values: &[String]) -> Result<Value> {
    let mut list = Vec::new();
    for value in values {
        let (language, text) = value.split_once('=').ok_or_else(|| {
            UsageError(format!("--{flag} {value:?}: write it as LANG=TEXT, for example --{flag} nb=\"Søknad mottatt\""))
        })?;
        list.push(json!({"languageCode": language.trim(), "value": text}));
    }
    Ok(Value::Array(list))
}

/// A flag value as JSON when it parses as JSON (`42`, `true`, `{"a":1}`), else as a string.
pub fn flag_value(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_owned()))
}

/// Sets `key` when the flag was given.
pub fn set(body: &mut Value, key: &str, value: Option<Value>) {
    if let Some(value) = value {
        body[key] = value;
    }
}

/// Binds a request body as the service will (see `validate::bind`), warning
/// on stderr about properties the operation does not have: the service
/// ignores them, so a misspelt one would be lost without a word.
pub fn bind<T: serde::de::DeserializeOwned>(value: Value) -> Result<T> {
    let (typed, ignored) =
        dialogporten_model::validate::bind_reporting::<T>(value).map_err(crate::exit::InvalidBody)?;
    if !ignored.is_empty() {
        eprintln!(
            "warning: Dialogporten ignores these properties, which the operation does not have: {}",
            crate::terminal::printable(&ignored.join(", "))
        );
    }
    Ok(typed)
}
