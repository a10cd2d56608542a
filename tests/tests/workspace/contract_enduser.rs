//! `openapi.enduser.json`, dp's end-user contract, against upstream's published end-user spec
//! (`../shared/upstream/openapi.v1.enduser.verified.json`): the same operations at the same paths
//! with the same parameters, the same schemas with the same members and enum values, and every
//! member upstream never leaves out (not nullable there) required here.

use std::collections::BTreeSet;

use dp_integration_tests::{operations, read_json, repo_root, upstream_dir};
use serde_json::Value;

fn specs() -> Option<(Value, Value)> {
    let upstream = read_json(&upstream_dir()?.join("openapi.v1.enduser.verified.json"));
    Some((read_json(&repo_root().join("openapi.enduser.json")), upstream))
}

#[test]
fn the_same_sixteen_operations_with_the_same_parameters() {
    let Some((ours, upstream)) = specs() else { return };
    assert_eq!(operations(&ours), operations(&upstream));
    assert_eq!(operations(&ours).len(), 16);
    for (path, item) in upstream["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("operations") {
            let names = |op: &Value| -> BTreeSet<String> {
                op["parameters"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|p| p["name"].as_str().unwrap_or_default().to_lowercase())
                    .collect()
            };
            assert_eq!(names(&ours["paths"][path][method]), names(operation), "{method} {path}");
        }
    }
}

#[test]
fn the_same_members_and_enum_values_and_upstreams_always_present_members_required() {
    let Some((ours, upstream)) = specs() else { return };
    let ours = ours["components"]["schemas"].as_object().expect("schemas");
    let mut problems = Vec::new();
    for (name, schema) in upstream["components"]["schemas"].as_object().expect("schemas") {
        // One problem-details schema for both of dp's contracts, the service owners' (docs/openapi.md).
        if name.starts_with("ProblemDetails") {
            continue;
        }
        let Some(mine) = ours.get(name) else {
            // Request wrappers of upstream's code generator, and the language header's object: not bodies.
            let not_bodies = name.ends_with("Request") && name != "SetDialogSystemLabelRequest"
                || name.starts_with("AcceptedLanguage");
            if !not_bodies {
                problems.push(format!("{name} is missing"));
            }
            continue;
        };
        if let Some(values) = schema.get("enum") {
            if mine.get("enum") != Some(values) {
                problems.push(format!("{name}: enum values differ"));
            }
            continue;
        }
        let members = |s: &Value| -> BTreeSet<String> {
            s["properties"].as_object().into_iter().flatten().map(|(k, _)| k.clone()).collect()
        };
        if members(mine) != members(schema) {
            problems.push(format!("{name}: members differ: {:?} vs {:?}", members(mine), members(schema)));
        }
        let required: BTreeSet<&str> =
            mine["required"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        for (member, property) in schema["properties"].as_object().into_iter().flatten() {
            if property["nullable"] != true && !required.contains(member.as_str()) {
                problems.push(format!("{name}.{member} is never null upstream but not required here"));
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}
