//! Reading a raw body as a request type the way the service binds it.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::errors::{ValidationErrors, pascal};
use crate::input::{self, InputError};

/// Reads a raw body as request type `T` (names matched without case,
/// properties `T` does not have ignored, as the service binds), or returns the
/// binding error keyed like the service keys it: a wrong type or bad JSON
/// under `$.<path>`.
///
/// A missing required property is not a binding error: it is bound as empty
/// (`""`, `[]` or `{}`, whichever its type takes) so that the checks that
/// follow report it (`'Party' must not be empty.`) together with every other
/// mistake in the body, as the service does.
///
/// ```
/// use dialogporten_model::types::CreateDialog;
/// use dialogporten_model::validate;
/// let body: CreateDialog = validate::bind(serde_json::json!({"Party": "urn:altinn:person:identifier-no:08844397713"})).unwrap();
/// assert_eq!(body.service_resource, ""); // missing: reported by the checks, with the rest
/// let errors = validate::bind::<CreateDialog>(serde_json::json!({"progress": "half"})).unwrap_err();
/// assert!(errors.get("$.progress").is_some());
/// ```
pub fn bind<T: DeserializeOwned>(raw: Value) -> Result<T, ValidationErrors> {
    bind_reporting(raw).map(|(typed, _)| typed)
}

/// [`bind`], also returning the paths of the properties `T` does not have,
/// which the service ignores (`attachments[0].urls[0].colour`): worth a warning.
///
/// ```
/// use dialogporten_model::types::CreateServiceOwnerLabel;
/// use dialogporten_model::validate;
/// let (label, ignored) =
///     validate::bind_reporting::<CreateServiceOwnerLabel>(serde_json::json!({"value": "abc", "revision": "x"})).unwrap();
/// assert_eq!((label.value.as_str(), ignored.as_slice()), ("abc", ["revision".to_owned()].as_slice()));
/// ```
pub fn bind_reporting<T: DeserializeOwned>(raw: Value) -> Result<(T, Vec<String>), ValidationErrors> {
    let mut raw = raw;
    let mut filled: Vec<(String, usize)> = Vec::new();
    loop {
        let error = match input::from_ref_ignoring::<T>(&raw) {
            Ok(bound) => return Ok(bound),
            Err(error) => error,
        };
        let path = error.path().to_owned();
        let required = error.message() == "is required";
        let position = filled.iter().position(|(p, _)| *p == path);
        let attempt = match position {
            Some(i) if !required => {
                filled[i].1 += 1;
                filled[i].1
            }
            None if required && filled.len() < 64 => {
                filled.push((path.clone(), 0));
                0
            }
            _ => return Err(binding_error(error)),
        };
        const EMPTY: [fn() -> Value; 3] =
            [|| Value::String(String::new()), || Value::Array(Vec::new()), || Value::Object(Map::new())];
        match EMPTY.get(attempt) {
            Some(empty) if fill(&mut raw, &path, empty()) => {}
            _ => return Err(binding_error(error)),
        }
    }
}

/// Sets the member at `path` (`attachments[0].urls`, names matched without case) to `value`.
fn fill(root: &mut Value, path: &str, value: Value) -> bool {
    let mut steps: Vec<Result<String, usize>> = Vec::new();
    for part in path.split('.') {
        let (name, indexes) = part.split_once('[').map_or((part, ""), |(n, rest)| (n, rest));
        if !name.is_empty() {
            steps.push(Ok(name.to_owned()));
        }
        for index in indexes.split('[').filter(|i| !i.is_empty()) {
            match index.trim_end_matches(']').parse() {
                Ok(i) => steps.push(Err(i)),
                Err(_) => return false,
            }
        }
    }
    let Some((last, parents)) = steps.split_last() else { return false };
    let mut node = root;
    for step in parents {
        node = match (step, node) {
            (Ok(name), Value::Object(map)) => {
                let key = map.keys().find(|k| k.eq_ignore_ascii_case(name)).cloned();
                match key.and_then(|k| map.get_mut(&k)) {
                    Some(child) => child,
                    None => return false,
                }
            }
            (Err(i), Value::Array(items)) => match items.get_mut(*i) {
                Some(child) => child,
                None => return false,
            },
            _ => return false,
        };
    }
    match (last, node) {
        (Ok(name), Value::Object(map)) => {
            let key = map.keys().find(|k| k.eq_ignore_ascii_case(name)).cloned().unwrap_or_else(|| name.clone());
            map.insert(key, value);
            true
        }
        _ => false,
    }
}

fn binding_error(error: InputError) -> ValidationErrors {
    let mut errors = ValidationErrors::new();
    let path = error.path();
    if error.message() == "is required" {
        let name = path.rsplit('.').next().unwrap_or(path);
        errors.add(dto_path(path), format!("'{}' must not be empty.", pascal(name)));
    } else if path.is_empty() {
        errors.add("$", error.message());
    } else {
        let joiner = if path.starts_with('[') { "" } else { "." };
        errors.add(format!("${joiner}{path}"), error.message());
    }
    errors
}

fn dto_path(path: &str) -> String {
    if path.is_empty() {
        "dto".into()
    } else if path.starts_with('[') {
        format!("dto{path}")
    } else {
        format!("dto.{path}")
    }
}
