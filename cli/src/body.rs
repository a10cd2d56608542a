//! Request bodies from files, stdin and flags.

use std::io::Read;
use std::path::Path;

use anyhow::{Context as _, Result};
use dialogporten::ResponseValue;
use dialogporten::progenitor_client;
use dialogporten::types::ProblemDetails;
use serde_json::{Value, json};

use crate::exit::UsageError;

/// Reads a JSON body from a file, or stdin for `-`; a syntax error names the file, line and column.
pub fn read_json(path: &Path) -> Result<Value> {
    let (text, name) = if path.as_os_str() == "-" {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text).context("cannot read the body from stdin")?;
        (text, "stdin".to_owned())
    } else {
        let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
        (text, path.display().to_string())
    };
    serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| {
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

/// The SDK's error for a failed request, so exit codes and messages come from it.
pub fn sent<T>(
    result: Result<ResponseValue<T>, progenitor_client::Error<ProblemDetails>>,
) -> Result<ResponseValue<T>, dialogporten::Error> {
    result.map_err(dialogporten::Error::from)
}
