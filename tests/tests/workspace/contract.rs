//! openapi.json stays compatible with the real published service-owner spec.

use std::collections::BTreeSet;

use dp_integration_tests::{operations, project_spec, read_json, repo_root, upstream_dir};
use serde_json::Value;

fn upstream_spec() -> Option<Value> {
    upstream_dir().map(|dir| read_json(&dir.join("openapi.v1.serviceowner.verified.json")))
}

/// Backticked names in the "Schema and property differences" table of docs/openapi.md.
fn listed_differences() -> BTreeSet<String> {
    let doc = std::fs::read_to_string(repo_root().join("docs/openapi.md")).expect("docs/openapi.md exists");
    let section = doc
        .split("## Schema and property differences")
        .nth(1)
        .expect("docs/openapi.md has a 'Schema and property differences' section");
    let section = section.split("\n## ").next().unwrap_or(section);
    section
        .lines()
        .filter(|line| line.starts_with('|'))
        .filter_map(|line| line.split('|').nth(1))
        .filter_map(|cell| cell.trim().strip_prefix('`').and_then(|c| c.strip_suffix('`')).map(str::to_owned))
        .collect()
}

#[test]
fn contract_is_openapi_3_0_3() {
    assert_eq!(project_spec()["openapi"], "3.0.3");
}

#[test]
fn every_upstream_operation_is_in_the_contract() {
    let Some(upstream) = upstream_spec() else { return };
    let ours: BTreeSet<_> = operations(&project_spec()).into_iter().collect();
    let theirs = operations(&upstream);
    assert_eq!(theirs.len(), 28, "upstream 1.119.1 has 26 service-owner and 2 metadata operations");
    let missing: Vec<_> = theirs.iter().filter(|op| !ours.contains(*op)).collect();
    assert!(missing.is_empty(), "operations missing from openapi.json (method, path, operationId): {missing:#?}");
}

#[test]
fn every_upstream_property_and_enum_value_is_in_the_contract_or_listed() {
    let Some(upstream) = upstream_spec() else { return };
    let ours = project_spec();
    let listed = listed_differences();
    assert!(!listed.is_empty(), "the differences table in docs/openapi.md could not be read");
    let mut problems = Vec::new();
    let their_schemas = upstream["components"]["schemas"].as_object().expect("upstream schemas");
    for (name, schema) in their_schemas {
        let Some(our_schema) = ours["components"]["schemas"].get(name) else {
            if !listed.contains(name) {
                problems.push(format!("schema {name} is missing"));
            }
            continue;
        };
        for property in schema["properties"].as_object().into_iter().flatten().map(|(k, _)| k) {
            let qualified = format!("{name}.{property}");
            if our_schema["properties"].get(property).is_none() && !listed.contains(&qualified) {
                problems.push(format!("property {qualified} is missing"));
            }
        }
        if let Some(values) = schema["enum"].as_array()
            && our_schema["enum"].as_array() != Some(values)
        {
            problems.push(format!("enum {name} differs: upstream {values:?}, ours {}", our_schema["enum"]));
        }
    }
    for entry in &listed {
        let schema = entry.split('.').next().unwrap_or(entry);
        assert!(their_schemas.contains_key(schema), "docs/openapi.md lists {entry}, which upstream does not have");
    }
    assert!(
        problems.is_empty(),
        "openapi.json differs from upstream without docs/openapi.md saying why:\n{}",
        problems.join("\n")
    );
}

#[test]
fn writes_that_upstream_honours_silently_take_is_silent_update() {
    let spec = project_spec();
    let silent: BTreeSet<String> = operations(&spec)
        .into_iter()
        .filter(|(method, path, _)| {
            spec["paths"][path][method.to_lowercase()]["parameters"]
                .as_array()
                .is_some_and(|ps| ps.iter().any(|p| p["name"] == "isSilentUpdate" && p["in"] == "query"))
        })
        .map(|(_, _, id)| id)
        .collect();
    let expected: BTreeSet<String> = [
        "CreateDialog",
        "UpdateDialog",
        "PatchDialog",
        "DeleteDialog",
        "PurgeDialog",
        "RestoreDialog",
        "CreateDialogActivity",
        "CreateDialogTransmission",
        "UpdateDialogTransmission",
    ]
    .map(String::from)
    .into();
    assert_eq!(silent, expected);
}

#[test]
fn every_operation_has_one_success_schema_and_one_error_schema() {
    let spec = project_spec();
    for (method, path, id) in operations(&spec) {
        let responses = spec["paths"][&path][method.to_lowercase()]["responses"].as_object().expect("responses");
        let successes: Vec<_> = responses.keys().filter(|code| code.starts_with('2')).collect();
        assert_eq!(successes.len(), 1, "{id}: exactly one success response");
        assert!(!responses.contains_key("default"), "{id}: no default response");
        for (code, response) in responses.iter().filter(|(code, _)| !code.starts_with('2')) {
            let content = response["content"].as_object().expect("error responses have a body");
            assert_eq!(content.keys().collect::<Vec<_>>(), ["application/problem+json"], "{id} {code}");
            assert_eq!(
                content["application/problem+json"]["schema"]["$ref"], "#/components/schemas/ProblemDetails",
                "{id} {code}"
            );
        }
    }
}

#[test]
fn every_operation_has_a_retry_class() {
    for (_, _, id) in operations(&project_spec()) {
        assert!(
            dialogporten::RetryClass::for_operation(&id).is_some(),
            "{id} has no RetryClass: decide how it retries"
        );
    }
}
