//! Both contracts are as strict as the wire (issue 29): for every query and header parameter of
//! every operation, each constraint the contract declares (length, bounds, pattern, number of
//! values, format, enum, type) is tried from both sides. A value outside the declared schema must
//! be refused (400), and a value just inside it must not be refused (whatever else the answer is).
//! Each request is the operation's own example (`contract_examples`) with one parameter changed.
//! Request bodies are held to the same standard by the validators, which read their limits from
//! the contract (`model/src/limits.rs`), and by `conformance_validators`.

use dialogporten_server::DEV_TOKEN;
use dp_integration_tests::conformance::{Dp, end_user_token};
use serde_json::Value;
use uuid::Uuid;

use crate::contract_examples::{Example, PID, examples, prepare, resolve, seeded, text};

const PERSON: &str = "urn:altinn:person:identifier-no:08844397713";

/// One value to send for a parameter (several for an array; none leaves it out), and whether the
/// contract allows it.
struct Trial {
    values: Vec<String>,
    allowed: bool,
    why: String,
}

fn trial(values: Vec<String>, allowed: bool, why: impl Into<String>) -> Trial {
    Trial { values, allowed, why: why.into() }
}

/// A value the schema allows, before any bound is tried.
fn sample(spec: &Value, schema: &Value, example: Option<&Value>) -> String {
    let schema = resolve(spec, schema);
    if let Some(example) = example {
        return text(example);
    }
    if let Some(first) = schema["enum"].as_array().and_then(|e| e.first()) {
        return text(first);
    }
    match (schema["type"].as_str(), schema["format"].as_str()) {
        (Some("string"), Some("uuid")) => Uuid::now_v7().to_string(),
        (Some("string"), Some("date-time")) => "2024-01-01T00:00:00Z".to_owned(),
        (Some("string"), _) if schema.get("pattern").is_some() => text(&Value::String(PERSON.to_owned())),
        (Some("string"), _) => "abc".to_owned(),
        (Some("integer"), _) => schema["minimum"].as_i64().unwrap_or(1).to_string(),
        (Some("boolean"), _) => "true".to_owned(),
        _ => "abc".to_owned(),
    }
}

/// What to try for one value of `schema`: each declared constraint, from both sides.
fn scalar_trials(spec: &Value, schema: &Value, example: Option<&Value>) -> Vec<Trial> {
    let schema = resolve(spec, schema);
    let ok = sample(spec, schema, example);
    let mut out = Vec::new();
    let one = |v: String| vec![v];
    if schema.get("enum").is_some() {
        out.push(trial(one(ok.clone()), true, "a value of the enum"));
        out.push(trial(one("NotAValueOfThisEnum".into()), false, "a value outside the enum"));
    }
    match (schema["type"].as_str(), schema["format"].as_str()) {
        (Some("string"), Some("uuid")) => {
            out.push(trial(one(ok.clone()), true, "a UUID"));
            out.push(trial(one("not-a-uuid".into()), false, "not a UUID"));
        }
        (Some("string"), Some("date-time")) => {
            out.push(trial(one(ok.clone()), true, "a date-time"));
            out.push(trial(one("yesterday".into()), false, "not a date-time"));
        }
        (Some("integer"), _) => {
            out.push(trial(one("twelve".into()), false, "not an integer"));
            if let Some(min) = schema["minimum"].as_i64() {
                out.push(trial(one(min.to_string()), true, "the minimum"));
                out.push(trial(one((min - 1).to_string()), false, "below the minimum"));
            }
            if let Some(max) = schema["maximum"].as_i64() {
                out.push(trial(one(max.to_string()), true, "the maximum"));
                out.push(trial(one((max + 1).to_string()), false, "above the maximum"));
            }
        }
        (Some("boolean"), _) => {
            out.push(trial(one("true".into()), true, "a boolean"));
            out.push(trial(one("maybe".into()), false, "not a boolean"));
        }
        (Some("string"), _) => {
            if let Some(min) = schema["minLength"].as_u64().map(|n| n as usize) {
                out.push(trial(one("a".repeat(min)), true, format!("{min} characters, the minimum")));
                if min > 1 {
                    out.push(trial(one("a".repeat(min - 1)), false, "shorter than minLength"));
                }
            }
            if let Some(max) = schema["maxLength"].as_u64().map(|n| n as usize) {
                out.push(trial(one("a".repeat(max)), true, format!("{max} characters, the maximum")));
                out.push(trial(one("a".repeat(max + 1)), false, "longer than maxLength"));
            }
            if schema.get("pattern").is_some() {
                out.push(trial(one(ok.clone()), true, "a value that fits the pattern"));
                out.push(trial(one("not-what-the-pattern-takes".into()), false, "outside the pattern"));
            }
        }
        _ => {}
    }
    out
}

/// What to try for a parameter: its scalar constraints, or an array's number of values and its
/// items' constraints.
fn trials(spec: &Value, parameter: &Value) -> Vec<Trial> {
    let schema = resolve(spec, &parameter["schema"]);
    let example = parameter.get("example");
    if schema["type"] != "array" {
        return scalar_trials(spec, schema, example);
    }
    let items = &schema["items"];
    let item_example = example.and_then(Value::as_array).and_then(|e| e.first());
    let item = sample(spec, items, item_example);
    let mut out: Vec<Trial> = scalar_trials(spec, items, item_example)
        .into_iter()
        .map(|t| Trial { why: format!("one value: {}", t.why), ..t })
        .collect();
    if let Some(max) = schema["maxItems"].as_u64().map(|n| n as usize) {
        out.push(trial(vec![item.clone(); max], true, format!("{max} values, the most")));
        out.push(trial(vec![item.clone(); max + 1], false, "more values than maxItems"));
    }
    if let Some(min) = schema["minItems"].as_u64().map(|n| n as usize) {
        out.push(trial(vec![item.clone(); min], true, format!("{min} values, the fewest")));
        out.push(trial(vec![item; min.saturating_sub(1)], false, "fewer values than minItems"));
    }
    out
}

/// Parameters a request needs beside the one tried, where another's rule ties them (upstream's
/// SearchDialogQueryValidator: `search` only with `endUserId`, `endUserId` only with a party or
/// service resource).
fn companions(example: &Example, name: &str) -> Vec<(String, String)> {
    let person = text(&Value::String(PERSON.to_owned()));
    match (example.path.as_str(), name) {
        ("/api/v1/serviceowner/dialogs", "search") => {
            vec![("endUserId".into(), person.clone()), ("party".into(), person)]
        }
        ("/api/v1/serviceowner/dialogs", "endUserId") => vec![("party".into(), person)],
        _ => Vec::new(),
    }
}

#[tokio::test]
async fn every_parameter_constraint_is_the_wires() {
    let root = dp_integration_tests::repo_root();
    let service_owner = dp_integration_tests::read_json(&root.join("openapi.json"));
    let end_user = dp_integration_tests::read_json(&root.join("openapi.enduser.json"));
    let mut failures = Vec::new();
    let mut tried = 0;
    for (spec, person) in [(&service_owner, false), (&end_user, true)] {
        for example in examples(spec, &mut Vec::new()) {
            let parameters: Vec<&Value> = example.operation["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|p| resolve(spec, p))
                .filter(|p| matches!(p["in"].as_str(), Some("query" | "header")))
                .collect();
            if parameters.is_empty() {
                continue;
            }
            let dp: Dp = seeded(&service_owner).await;
            prepare(&dp, &example, &service_owner).await;
            let token = if person { end_user_token(&dp, PID).await } else { DEV_TOKEN.to_owned() };
            for parameter in parameters {
                let name = parameter["name"].as_str().unwrap_or_default();
                for trial in trials(spec, parameter) {
                    let mut request = example.clone();
                    let mut headers = Vec::new();
                    request.query.retain(|(k, _)| k != name);
                    if parameter["in"] == "header" {
                        headers.extend(trial.values.iter().map(|v| (name, v.as_str())));
                    } else {
                        request.query.extend(trial.values.iter().map(|v| (name.to_owned(), v.clone())));
                        for (key, value) in companions(&example, name) {
                            if !request.query.iter().any(|(k, _)| *k == key) {
                                request.query.push((key, value));
                            }
                        }
                    }
                    let answer = dp
                        .as_token(&token)
                        .send_with(request.method.clone(), &request.target(), request.body.as_ref(), &headers)
                        .await;
                    tried += 1;
                    let refused = answer.status == 400;
                    if refused == trial.allowed || answer.status >= 500 {
                        failures.push(format!(
                            "{} {name}: {} ({}) is {} by the contract, answered {} {}",
                            example.name,
                            trial.why,
                            short(&trial.values),
                            if trial.allowed { "allowed" } else { "refused" },
                            answer.status,
                            answer.body
                        ));
                    }
                }
            }
        }
    }
    eprintln!("TRIED {tried}");
    assert!(tried > 100, "constraints were tried ({tried})");
    assert!(
        failures.is_empty(),
        "{} parameter values are answered against the contract:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn short(values: &[String]) -> String {
    let joined = values.join(",");
    if joined.chars().count() > 60 {
        format!("{}… ({} values)", joined.chars().take(60).collect::<String>(), values.len())
    } else {
        joined
    }
}

/// What a parameter's values must be, leaving out how many and whether it is required: the
/// constraints of a scalar, or of an array's items.
fn shape(spec: &Value, parameter: &Value) -> Value {
    let schema = resolve(spec, &parameter["schema"]);
    let scalar = if schema["type"] == "array" { resolve(spec, &schema["items"]) } else { schema };
    let keys = ["type", "format", "pattern", "minLength", "maxLength", "minimum", "maximum", "enum"];
    let mut shape = serde_json::Map::new();
    for key in keys {
        if let Some(value) = scalar.get(key) {
            shape.insert(key.to_owned(), value.clone());
        }
    }
    if let Some(max) = schema.get("maxItems") {
        shape.insert("maxItems".to_owned(), max.clone());
    }
    Value::Object(shape)
}

/// Parameters whose rule differs by operation upstream, and why.
const DIFFER_ON_PURPOSE: [(&str, &str); 1] = [(
    "enduserid",
    "the dialog search takes a person or a system user (SearchDialogQueryValidator); reading one \
     dialog and setting system labels take a person only (GetDialogQueryValidator, the handlers)",
)];

/// A parameter that means the same wherever it appears is constrained the same in both contracts
/// (the service validates `limit`, `search`, `party`, `If-Match`, `process` … with one rule): a
/// contract that states a rule in one place and not in another is looser than the wire there.
#[test]
fn a_parameter_is_constrained_alike_wherever_it_appears() {
    let root = dp_integration_tests::repo_root();
    let mut seen: std::collections::BTreeMap<String, Vec<(String, Value)>> = Default::default();
    for file in ["openapi.json", "openapi.enduser.json"] {
        let spec = dp_integration_tests::read_json(&root.join(file));
        for (path, item) in spec["paths"].as_object().into_iter().flatten() {
            for (method, operation) in item.as_object().into_iter().flatten() {
                for parameter in operation["parameters"].as_array().into_iter().flatten() {
                    let parameter = resolve(&spec, parameter);
                    if !matches!(parameter["in"].as_str(), Some("query" | "header")) {
                        continue;
                    }
                    let name = parameter["name"].as_str().unwrap_or_default().to_lowercase();
                    seen.entry(name).or_default().push((format!("{file} {method} {path}"), shape(&spec, parameter)));
                }
            }
        }
    }
    let mut failures = Vec::new();
    for (name, places) in &seen {
        if DIFFER_ON_PURPOSE.iter().any(|(n, _)| n == name) {
            continue;
        }
        let (first_place, first) = &places[0];
        for (place, shape) in &places[1..] {
            if shape != first {
                failures.push(format!("{name}: {first_place} says {first}, {place} says {shape}"));
            }
        }
    }
    assert!(failures.is_empty(), "{} parameters differ:\n{}", failures.len(), failures.join("\n"));
}
