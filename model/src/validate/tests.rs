use std::collections::HashSet;

use serde_json::{Value, json};

use super::*;
use crate::types::{CreateDialog, UpdateDialog};

fn minimal() -> Value {
    json!({
        "serviceResource": "urn:altinn:resource:demo",
        "party": "urn:altinn:person:identifier-no:08844397713",
        "content": {"title": {"value": [{"languageCode": "nb", "value": "Tittel"}]}}
    })
}

fn create(raw: Value) -> (Value, Result<(), ValidationErrors>) {
    let mut body = bind::<CreateDialog>(raw).expect("binds");
    let result = create_dialog(&mut body, &Rules::now());
    (serde_json::to_value(body).expect("serialises"), result)
}

fn paths(errors: &ValidationErrors) -> Vec<&str> {
    errors.iter().map(|(p, _)| p).collect()
}

#[test]
fn a_minimal_dialog_passes_and_is_normalised() {
    let mut raw = minimal();
    raw["party"] = json!("URN:ALTINN:PERSON:IDENTIFIER-NO:08844397713");
    raw["content"]["title"]["value"] =
        json!([{"languageCode": "en-US", "value": "Title"}, {"languageCode": "nob", "value": "Tittel"}]);
    let (body, result) = create(raw);
    result.unwrap();
    assert_eq!(body["party"], "urn:altinn:person:identifier-no:08844397713");
    assert_eq!(body["content"]["title"]["mediaType"], "text/plain");
    assert_eq!(body["content"]["title"]["value"][0]["languageCode"], "en");
    assert_eq!(body["content"]["title"]["value"][1]["languageCode"], "nb");
}

/// Upstream: `CreateDialogCommandValidator` and the `dto.`-keyed errors its integration tests assert on.
#[test]
fn the_upstream_invalid_create_is_reported_with_upstream_paths() {
    let raw = json!({
        "serviceResource": "foo:bar",
        "party": "urn:altinn:organization:identifier-no:991825828",
        "progress": 101,
        "process": format!("urn:{}", "x".repeat(1020)),
        "attachments": [{
            "displayName": [{"languageCode": "no", "value": "x"}, {"languageCode": "en", "value": ""}],
            "name": "n".repeat(256),
            "urls": []
        }]
    });
    let (_, result) = create(raw);
    let errors = result.unwrap_err();
    assert_eq!(
        paths(&errors),
        [
            "dto.attachments[0].displayName[0].languageCode",
            "dto.attachments[0].displayName[1].value",
            "dto.attachments[0].name",
            "dto.attachments[0].urls",
            "dto.content",
            "dto.party",
            "dto.process",
            "dto.progress",
            "dto.serviceResource",
        ]
    );
    assert_eq!(errors.get("dto.progress").unwrap(), ["'Progress' must be between 0 and 100. You entered 101."]);
    assert_eq!(
        errors.get("dto.attachments[0].name").unwrap(),
        ["The length of 'Name' must be 255 characters or fewer. You entered 256 characters."]
    );
    assert_eq!(errors.get("dto.attachments[0].urls").unwrap(), ["'Urls' must not be empty."]);
}

#[test]
fn gui_action_priorities_are_counted() {
    let mut raw = minimal();
    let action = |priority: &str| {
        json!({"action": "read", "url": "https://example.no", "priority": priority,
               "title": [{"languageCode": "nb", "value": "Gå"}]})
    };
    raw["guiActions"] = json!([action("Primary"), action("primary"), action("Secondary")]);
    let (_, result) = create(raw);
    let errors = result.unwrap_err();
    assert_eq!(errors.iter().count(), 1, "{errors}");
    assert_eq!(errors.get("dto.guiActions").unwrap(), ["Only one primary GUI action is allowed."]);
}

#[test]
fn activity_and_transmission_rules() {
    let mut raw = minimal();
    let transmission = "0198c3a2-7f00-7000-8000-000000000001";
    raw["transmissions"] = json!([{
        "id": transmission, "type": "Information", "sender": {"actorType": "ServiceOwner"},
        "content": {"title": {"value": [{"languageCode": "nb", "value": "T"}]}}
    }]);
    raw["activities"] = json!([
        {"type": "Information", "performedBy": {"actorType": "ServiceOwner"}},
        {"type": "TransmissionOpened", "transmissionId": transmission, "performedBy": {"actorType": "PartyRepresentative", "actorId": "urn:altinn:person:identifier-no:08844397713"}},
        {"type": "DialogOpened", "performedBy": {"actorType": "ServiceOwner", "actorName": "X"}},
        {"type": "TransmissionOpened", "transmissionId": "0198c3a2-7f00-7000-8000-000000000009", "performedBy": {"actorType": "ServiceOwner"}}
    ]);
    let (_, result) = create(raw);
    let errors = result.unwrap_err();
    assert_eq!(
        paths(&errors),
        ["dto.activities[0].description", "dto.activities[2].performedBy", "dto.activities[3].transmissionId"]
    );
}

#[test]
fn missing_required_members_are_reported_with_every_other_mistake() {
    let mut body = bind::<CreateDialog>(json!({
        "party": "p",
        "progress": 101,
        "Attachments": [{"displayName": [{"languageCode": "nb", "value": "x"}]}],
        "activities": [{"type": "DialogOpened"}],
        "guiActions": [{"priority": "Primary", "url": "https://x.no"}]
    }))
    .unwrap();
    let errors = create_dialog(&mut body, &Rules::now()).unwrap_err();
    assert_eq!(
        paths(&errors),
        [
            "dto.activities[0].performedBy.actorType",
            "dto.attachments[0].urls",
            "dto.content",
            "dto.guiActions[0].action",
            "dto.guiActions[0].title",
            "dto.party",
            "dto.progress",
            "dto.serviceResource",
        ]
    );
    assert_eq!(errors.get("dto.serviceResource").unwrap(), ["'ServiceResource' must not be empty."]);
    assert_eq!(errors.get("dto.activities[0].performedBy.actorType").unwrap(), ["'ActorType' must not be empty."]);
}

#[test]
fn binding_errors_use_dollar_paths() {
    let mut raw = minimal();
    raw["progress"] = json!("half");
    let errors = bind::<CreateDialog>(raw).unwrap_err();
    assert!(errors.get("$.progress").is_some(), "{errors}");
}

/// Upstream 1.119.1 UpdateDialogDtoValidator: `ExpiresAt` GreaterThanOrEqualTo `DueAt`, and both
/// against the stored `VisibleFrom`; CreateDialogDtoValidator orders a new dialog's the same way.
#[test]
fn update_requires_status_and_checks_dates_against_each_other_and_the_stored_visible_from() {
    let mut body = bind::<UpdateDialog>(json!({
        "status": "InProgress",
        "dueAt": "2030-01-02T00:00:00Z",
        "expiresAt": "2030-01-01T00:00:00Z",
        "content": {"title": {"value": [{"languageCode": "nb", "value": "T"}]}}
    }))
    .unwrap();
    let errors = update_dialog(&mut body, &Rules::now(), None).unwrap_err();
    assert_eq!(errors.get("dto.expiresAt").unwrap(), ["'ExpiresAt' must be after 'DueAt'."]);
    body.expires_at = "2030-01-04T00:00:00Z".parse().ok();
    update_dialog(&mut body, &Rules::now(), None).unwrap();
    let visible = "2030-01-03T00:00:00Z".parse().ok();
    body.expires_at = "2030-01-02T12:00:00Z".parse().ok();
    let errors = update_dialog(&mut body, &Rules::now(), visible).unwrap_err();
    assert_eq!(errors.get("dto.dueAt").unwrap(), ["DueAt must be greater than or equal to VisibleFrom."]);
    assert_eq!(errors.get("dto.expiresAt").unwrap(), ["ExpiresAt must be greater than or equal to VisibleFrom."]);
    let mut new = bind::<CreateDialog>(json!({
        "serviceResource": "urn:altinn:resource:demo",
        "party": "urn:altinn:person:identifier-no:08844397713",
        "dueAt": "2030-01-02T00:00:00Z",
        "expiresAt": "2030-01-01T00:00:00Z",
        "content": {"title": {"value": [{"languageCode": "nb", "value": "T"}]}}
    }))
    .unwrap();
    let errors = create_dialog(&mut new, &Rules::now()).unwrap_err();
    assert_eq!(errors.get("dto.expiresAt").unwrap(), ["'ExpiresAt' must be after 'DueAt'."]);
    let mut empty = bind::<UpdateDialog>(json!({})).unwrap();
    let errors = update_dialog(&mut empty, &Rules::now(), None).unwrap_err();
    assert_eq!(errors.get("dto.status").unwrap(), ["'Status' must not be empty."]);
}

/// Upstream: ContentValueDtoValidator (255-character texts become 512 with the correspondence scope).
#[test]
fn the_correspondence_scope_lengthens_dialog_and_transmission_texts() {
    let text = "x".repeat(300);
    let mut raw = minimal();
    raw["content"]["summary"] = json!({"value": [{"languageCode": "nb", "value": text}]});
    raw["content"]["extendedStatus"] = json!({"value": [{"languageCode": "nb", "value": "y".repeat(30)}]});
    raw["transmissions"] = json!([{
        "type": "Information", "sender": {"actorType": "ServiceOwner"},
        "content": {"title": {"value": [{"languageCode": "nb", "value": text}]}}
    }]);
    let rules = Rules { correspondence: true, ..Rules::now() };
    let mut body = bind::<CreateDialog>(raw.clone()).unwrap();
    let errors = create_dialog(&mut body, &rules).unwrap_err();
    assert_eq!(paths(&errors), ["dto.content.extendedStatus.value[0].value"], "only the shorter limit stays");
    let mut body = bind::<CreateDialog>(raw).unwrap();
    let errors = create_dialog(&mut body, &Rules::now()).unwrap_err();
    assert_eq!(
        paths(&errors),
        [
            "dto.content.extendedStatus.value[0].value",
            "dto.content.summary.value[0].value",
            "dto.transmissions[0].content.title.value[0].value"
        ]
    );
}

/// The contract states each limit once, and the rules read them from
/// `crate::limits`: no rule restates one as a literal. (Limits the contract
/// does not state live in `unstated_limits.rs`.)
#[test]
fn no_rule_restates_a_limit_of_the_contract() {
    let stated: HashSet<i64> = crate::limits::TABLE
        .iter()
        .flat_map(|(_, _, l)| {
            [l.max_length.map(|n| n as i64), l.max_items.map(|n| n as i64), l.maximum, l.min_length.map(|n| n as i64)]
        })
        .flatten()
        .filter(|n| *n >= 10)
        .collect();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/validate");
    let mut offenders = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name == "unstated_limits.rs" || name == "tests.rs" {
            continue;
        }
        let source = std::fs::read_to_string(&path).unwrap();
        // A module's own tests may use the numbers a limit has.
        let rules = source.split("#[cfg(test)]").next().unwrap_or_default();
        for (number, line) in rules.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            let code = strip_strings(code);
            for token in code.split(|c: char| !c.is_ascii_alphanumeric() && c != '_') {
                let digits = token.trim_end_matches("usize").trim_end_matches("i64").replace('_', "");
                if let Ok(value) = digits.parse::<i64>()
                    && stated.contains(&value)
                {
                    offenders.push(format!("{name}:{}: {}", number + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "limits of openapi.json written again (read them from crate::limits):\n{}",
        offenders.join("\n")
    );
}

/// Text inside string literals is message text, not a limit.
fn strip_strings(code: &str) -> String {
    let mut out = String::new();
    let mut in_string = false;
    let mut escaped = false;
    for c in code.chars() {
        match (in_string, c) {
            (true, '\\') if !escaped => escaped = true,
            (true, '"') if !escaped => in_string = false,
            (true, _) => escaped = false,
            (false, '"') => in_string = true,
            (false, c) => out.push(c),
        }
    }
    out
}

/// Shared rules read one schema's limits (`CreateDialog...`) for every request type that
/// has the property; this holds only while the contract gives them all the same limits.
#[test]
fn request_types_that_share_rules_share_limits() {
    let family = |schema: &str| {
        let mut name = schema.strip_prefix("Create").or_else(|| schema.strip_prefix("Update")).unwrap_or(schema);
        name = name.strip_suffix("Request").unwrap_or(name);
        for prefix in ["Dialog", "Transmission"] {
            name = name.strip_prefix(prefix).filter(|rest| !rest.is_empty()).unwrap_or(name);
        }
        name.to_owned()
    };
    let mut seen: std::collections::HashMap<(String, &str), (&str, crate::limits::Limit)> = Default::default();
    for (schema, property, limit) in crate::limits::TABLE {
        let key = (family(schema), *property);
        if let Some((other, earlier)) = seen.get(&key) {
            assert_eq!(earlier, limit, "{other}.{property} and {schema}.{property} differ; give the rules both limits");
        } else {
            seen.insert(key, (schema, *limit));
        }
    }
}

#[test]
fn loopback_http_urls_pass_only_where_a_local_server_takes_them() {
    let with_url = |url: &str| {
        let mut raw = minimal();
        raw["guiActions"] = json!([{"action": "read", "priority": "Primary", "title": [{"languageCode": "nb", "value": "Åpne"}], "url": url}]);
        bind::<CreateDialog>(raw).expect("binds")
    };
    let local = Rules::now().loopback_http(true);
    for url in ["http://127.0.0.1:8080/skjema", "http://localhost/a?b=c", "http://[::1]:9/x", "HTTP://LOCALHOST:1"] {
        assert!(create_dialog(&mut with_url(url), &local).is_ok(), "{url} on a local server");
        let refused = create_dialog(&mut with_url(url), &Rules::now()).expect_err("the service takes HTTPS only");
        assert_eq!(
            refused.get("dto.guiActions[0].url"),
            Some(&["'Url' is not a well-formatted HTTPS URL.".to_owned()][..])
        );
    }
    for url in ["http://example.no/a", "http://127.0.0.1.example.no/", "http://localhost.evil/", "ftp://localhost/"] {
        assert!(create_dialog(&mut with_url(url), &local).is_err(), "{url} is not loopback http");
    }
    // A front-channel embed from a service on the same machine, too.
    let embedded = |url: &str| {
        let mut raw = minimal();
        raw["content"]["mainContentReference"] = json!({
            "mediaType": "application/vnd.dialogporten.frontchannelembed-url;type=text/markdown",
            "value": [{"languageCode": "nb", "value": url}]
        });
        bind::<CreateDialog>(raw).expect("binds")
    };
    assert!(create_dialog(&mut embedded("http://127.0.0.1:8090/dialogs/1/content"), &local).is_ok());
    let refused =
        create_dialog(&mut embedded("http://127.0.0.1:8090/dialogs/1/content"), &Rules::now()).expect_err("https");
    assert_eq!(
        refused.get("dto.content.mainContentReference.value[0].value"),
        Some(&["'Value' must be an HTTPS URL for embeddable content.".to_owned()][..])
    );
    assert!(create_dialog(&mut embedded("http://example.no/content"), &local).is_err(), "not loopback");
}
