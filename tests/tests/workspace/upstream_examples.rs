//! The SDK reads the real service's payloads and writes them back without losing data.

use std::path::Path;

use chrono::DateTime;
use dialogporten::enums::{DialogActivityType, DialogStatus};
use dialogporten::input;
use dialogporten::types::{
    BulkSetSystemLabel, CreateDialog, CreateDialogActivityRequest, CreateTransmissionRequest, Dialog,
    DialogActivitySearchItem, DialogTransmissionDetails, JsonPatchOperation, ProblemDetails,
};
use dp_integration_tests::{read_json, upstream_dir};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

fn example(dir: &Path, name: &str) -> Value {
    read_json(&dir.join("examples").join(name))
}

/// The e2e snapshots scrub timestamps to `0000-00-00T…` and write end-user
/// system labels as numbers (an artefact of upstream's test client); the real
/// service sends valid times and label names.
fn as_the_real_service_sends_it(value: Value) -> Value {
    match value {
        Value::String(s) if s.starts_with("0000-00-00T") => Value::String(s.replacen("0000-00-00", "2025-01-01", 1)),
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(key, value)| {
                    let value =
                        if key == "systemLabels" { label_names(value) } else { as_the_real_service_sends_it(value) };
                    (key, value)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(as_the_real_service_sends_it).collect()),
        other => other,
    }
}

fn label_names(value: Value) -> Value {
    const NAMES: [&str; 5] = ["Default", "Bin", "Archive", "MarkedAsUnopened", "Sent"];
    match value {
        Value::Array(items) => Value::Array(
            items
                .into_iter()
                .map(|item| match item.as_u64() {
                    Some(n) => Value::from(NAMES[usize::try_from(n).unwrap_or(0).saturating_sub(1) % NAMES.len()]),
                    None => item,
                })
                .collect(),
        ),
        other => other,
    }
}

/// Properties whose values are enum names: the SDK writes the canonical spelling.
const ENUM_PROPERTIES: &[&str] =
    &["status", "type", "actorType", "consumerType", "priority", "httpMethod", "systemLabel", "systemLabels"];

/// Whether `actual` carries all of `expected`: keys match without case, nulls
/// in `expected` may be absent, enum names may differ in case, and times may
/// differ in notation but not in value.
fn carries(expected: &Value, actual: &Value, key: &str, path: &str) -> Result<(), String> {
    match (expected, actual) {
        (Value::Object(want), Value::Object(got)) => {
            for (k, v) in want {
                let found = got.iter().find(|(gk, _)| gk.eq_ignore_ascii_case(k));
                match found {
                    Some((_, gv)) => carries(v, gv, k, &format!("{path}.{k}"))?,
                    None if v.is_null() => {}
                    None => return Err(format!("{path}.{k} was lost")),
                }
            }
            if got.len() > want.len() {
                let extra: Vec<_> = got.keys().filter(|gk| !want.keys().any(|k| k.eq_ignore_ascii_case(gk))).collect();
                return Err(format!("{path} gained {extra:?}"));
            }
            Ok(())
        }
        (Value::Array(want), Value::Array(got)) => {
            if want.len() != got.len() {
                return Err(format!("{path}: {} items became {}", want.len(), got.len()));
            }
            want.iter().zip(got).enumerate().try_for_each(|(i, (w, g))| carries(w, g, key, &format!("{path}[{i}]")))
        }
        (Value::String(want), Value::String(got)) => {
            let same = want == got
                || (ENUM_PROPERTIES.contains(&key) && want.eq_ignore_ascii_case(got))
                || matches!((DateTime::parse_from_rfc3339(want), DateTime::parse_from_rfc3339(got)), (Ok(a), Ok(b)) if a == b);
            if same { Ok(()) } else { Err(format!("{path}: {want:?} became {got:?}")) }
        }
        (want, got) if want == got => Ok(()),
        (want, got) => Err(format!("{path}: {want} became {got}")),
    }
}

fn round_trip<T: DeserializeOwned + Serialize>(dir: &Path, name: &str) -> T {
    let original = as_the_real_service_sends_it(example(dir, name));
    let typed: T = input::from_value(original.clone()).unwrap_or_else(|e| panic!("{name}: {e}"));
    let written = serde_json::to_value(&typed).expect("serializes");
    if let Err(loss) = carries(&original, &written, "", "") {
        panic!("{name} lost data on the way through the SDK: {loss}");
    }
    typed
}

#[test]
fn responses_deserialize_into_typed_values() {
    let Some(dir) = upstream_dir() else { return };
    let simple: Dialog = round_trip(&dir, "so-get-dialog-simple.e2e-snapshot.json");
    assert_eq!(simple.status, DialogStatus::NotApplicable);
    assert_eq!(simple.org, "ttd");
    let complex: Dialog = round_trip(&dir, "so-get-dialog-complex.e2e-snapshot.json");
    assert!(complex.transmissions.as_ref().is_some_and(|t| !t.is_empty()));
    let _: Dialog = round_trip(&dir, "so-get-dialog-after-patch.e2e-snapshot.json");
    let transmission: DialogTransmissionDetails = round_trip(&dir, "so-get-transmission.e2e-snapshot.json");
    assert!(!transmission.content.title.value.is_empty());
    let activities: Vec<DialogActivitySearchItem> = round_trip(&dir, "so-search-activities.e2e-snapshot.json");
    assert_eq!(activities[0].type_, DialogActivityType::DialogOpened);
}

#[test]
fn error_examples_deserialize_into_problem_details() {
    let Some(dir) = upstream_dir() else { return };
    let mut seen = 0;
    for entry in std::fs::read_dir(dir.join("examples")).expect("examples dir") {
        let name = entry.expect("entry").file_name().to_string_lossy().into_owned();
        if !name.starts_with("error-") {
            continue;
        }
        let problem: ProblemDetails = round_trip(&dir, &name);
        let status: i32 = name[6..9].parse().expect("status in the file name");
        assert_eq!(problem.status, Some(status), "{name}");
        assert!(problem.title.is_some(), "{name}");
        seen += 1;
    }
    assert_eq!(seen, 10);
    let problem: ProblemDetails = round_trip(&dir, "error-400_For_Invalid_Dialog_Creation.e2e-snapshot.json");
    let errors = problem.errors.expect("field errors");
    assert!(errors.contains_key("dto.attachments[0].urls"));
}

#[test]
fn request_examples_serialize_without_losing_data() {
    let Some(dir) = upstream_dir() else { return };
    let created: CreateDialog = round_trip(&dir, "so-create-dialog.k6-testdata.json");
    assert!(created.content.as_ref().is_some_and(|c| c.title.is_some()), "`Title` binds to title");
    let _: CreateDialog = round_trip(&dir, "legacy-v1.55-so-create-dialog.k6-testdata.json");
    let _: CreateTransmissionRequest = round_trip(&dir, "so-create-transmission.k6-perftestdata.json");
    let opened: CreateDialogActivityRequest = round_trip(&dir, "so-create-activity-transmission-opened.k6.json");
    assert_eq!(opened.type_, DialogActivityType::TransmissionOpened);
    let _: CreateDialogActivityRequest = round_trip(&dir, "so-create-activity-dialog-opened.k6.json");
    let _: BulkSetSystemLabel = round_trip(&dir, "so-bulkset-systemlabels.k6.json");
    for patch in [
        "so-patch-dialog.docs-example.json",
        "so-patch-dialog-replace-apiaction-url.k6.json",
        "so-patch-dialog-remove-collections.k6.json",
        "so-patch-dialog-progress.k6-freeze.json",
    ] {
        let ops: Vec<JsonPatchOperation> = round_trip(&dir, patch);
        assert!(!ops.is_empty(), "{patch}");
    }
}
