//! Checking answers against an OpenAPI 3.0 contract: which operation a request is, and whether a
//! body matches the operation's schema member by member.

use dialogporten::reqwest::Method;
use serde_json::Value;
use uuid::Uuid;

/// The operation whose path template matches `path` (case-insensitively, as the server routes).
pub fn find_operation<'s>(spec: &'s Value, method: &Method, path: &str) -> Option<(String, &'s Value)> {
    let wanted: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    let method = method.as_str().to_lowercase();
    let mut best: Option<(usize, String, &Value)> = None;
    for (template, item) in spec["paths"].as_object()? {
        let parts: Vec<&str> = template.split('/').collect();
        if parts.len() != wanted.len() {
            continue;
        }
        let mut literal = 0;
        let matches = parts.iter().zip(&wanted).all(|(t, w)| {
            if t.starts_with('{') {
                true
            } else {
                literal += 1;
                t.eq_ignore_ascii_case(w)
            }
        });
        if matches
            && let Some(operation) = item.get(&method)
            && best.as_ref().is_none_or(|(l, _, _)| literal > *l)
        {
            best = Some((literal, operation["operationId"].as_str().unwrap_or_default().to_owned(), operation));
        }
    }
    best.map(|(_, id, op)| (id, op))
}

/// `schema` itself, or the schema its `$ref` names (followed to the end).
pub fn resolve<'s>(spec: &'s Value, schema: &'s Value) -> &'s Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            let name = reference.rsplit('/').next().unwrap_or_default();
            resolve(spec, &spec["components"]["schemas"][name])
        }
        None => schema,
    }
}

/// Checks `value` against an OpenAPI 3.0 schema: types, nullability, required and undeclared
/// members, array items, enums and the uuid and date-time formats.
pub fn validate(spec: &Value, schema: &Value, value: &Value, at: &str, errors: &mut Vec<String>) {
    let schema = resolve(spec, schema);
    if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
        for part in all {
            validate(spec, part, value, at, errors);
        }
        return;
    }
    if value.is_null() {
        if schema["nullable"] != true && schema.get("type").is_some() {
            errors.push(format!("{at} is null, which the contract does not allow"));
        }
        return;
    }
    if let Some(allowed) = schema.get("enum").and_then(Value::as_array)
        && !allowed.contains(value)
    {
        errors.push(format!("{at} = {value} is not one of {allowed:?}"));
    }
    match schema["type"].as_str() {
        Some("object") => {
            let Some(members) = value.as_object() else {
                errors.push(format!("{at} should be an object, is {value}"));
                return;
            };
            let properties = schema["properties"].as_object();
            for required in schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str) {
                if !members.contains_key(required) {
                    errors.push(format!("{at}.{required} is required but missing"));
                }
            }
            for (name, member) in members {
                let here = format!("{at}.{name}");
                match (properties.and_then(|p| p.get(name)), schema.get("additionalProperties")) {
                    (Some(property), _) => validate(spec, property, member, &here, errors),
                    (None, Some(extra)) if extra.is_object() => validate(spec, extra, member, &here, errors),
                    (None, Some(Value::Bool(true))) => {}
                    _ => errors.push(format!("{here} is not declared")),
                }
            }
        }
        Some("array") => match value.as_array() {
            Some(items) => {
                for (i, item) in items.iter().enumerate() {
                    validate(spec, &schema["items"], item, &format!("{at}[{i}]"), errors);
                }
            }
            None => errors.push(format!("{at} should be an array, is {value}")),
        },
        Some("string") => match value.as_str() {
            Some(text) => match schema["format"].as_str() {
                Some("uuid") if Uuid::parse_str(text).is_err() => errors.push(format!("{at} = {text:?} is not a uuid")),
                Some("date-time") if chrono::DateTime::parse_from_rfc3339(text).is_err() => {
                    errors.push(format!("{at} = {text:?} is not a date-time"));
                }
                _ => {}
            },
            None => errors.push(format!("{at} should be a string, is {value}")),
        },
        Some("integer") if !value.is_i64() && !value.is_u64() => {
            errors.push(format!("{at} should be an integer, is {value}"))
        }
        Some("number") if !value.is_number() => errors.push(format!("{at} should be a number, is {value}")),
        Some("boolean") if !value.is_boolean() => errors.push(format!("{at} should be a boolean, is {value}")),
        _ => {}
    }
}
