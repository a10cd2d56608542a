//! JsonPatch produces RFC 6902 documents that do what they say on a PUT view.

use chrono::{TimeZone, Utc};
use dialogporten::enums::DialogStatusInput;
use dialogporten::types::{Dialog, UpdateDialogActivity};
use dialogporten::{ContentField, JsonPatch, input};
use serde_json::{Value, json};

fn put_view() -> Value {
    json!({
        "status": "InProgress",
        "progress": 10,
        "extendedStatus": "step-1",
        "content": {
            "title": {"mediaType": "text/plain", "value": [{"languageCode": "en", "value": "Title"}, {"languageCode": "nb", "value": "Tittel"}]}
        },
        "searchTags": [{"value": "old-tag"}],
        "attachments": [],
        "guiActions": [],
        "apiActions": [],
        "transmissions": [],
        "activities": []
    })
}

fn apply(patch: &JsonPatch, doc: &mut Value) {
    let rfc6902: json_patch::Patch =
        serde_json::from_value(serde_json::to_value(patch).expect("serializes")).expect("valid RFC 6902");
    json_patch::patch(doc, &rfc6902).expect("applies to the PUT view");
}

fn current_dialog(view: &Value) -> Dialog {
    let now = "2025-01-01T00:00:00Z";
    let mut dialog = json!({
        "id": "01941821-ffca-73a1-9335-435a882be014", "revision": "01941821-ffca-73a1-9335-435a882be015",
        "org": "digdir", "serviceResource": "urn:altinn:resource:r", "serviceResourceType": "GenericAccessResource",
        "party": "urn:altinn:organization:identifier-no:991825827", "createdAt": now, "updatedAt": now,
        "contentUpdatedAt": now, "status": "InProgress", "systemLabel": "Default", "isApiOnly": false,
        "hasUnopenedContent": false, "isContentSeen": false, "fromServiceOwnerTransmissionsCount": 0,
        "fromPartyTransmissionsCount": 0,
        "endUserContext": {"revision": "01941821-ffca-73a1-9335-435a882be016"},
        "serviceOwnerContext": {"revision": "01941821-ffca-73a1-9335-435a882be017"}
    });
    dialog["content"] = view["content"].clone();
    input::from_value(dialog).expect("a dialog")
}

#[test]
fn scalar_fields_are_replaced_and_cleared() {
    let due = Utc.with_ymd_and_hms(2030, 5, 17, 12, 0, 0).unwrap();
    let patch = JsonPatch::new()
        .status(DialogStatusInput::Completed)
        .progress(100)
        .extended_status(None)
        .external_reference(Some("case-42"))
        .due_at(Some(due));
    let mut doc = put_view();
    apply(&patch, &mut doc);
    assert_eq!(doc["status"], "Completed");
    assert_eq!(doc["progress"], 100);
    assert!(doc.get("extendedStatus").is_none());
    assert_eq!(doc["externalReference"], "case-42");
    assert_eq!(doc["dueAt"], "2030-05-17T12:00:00Z");
}

#[test]
fn content_is_set_per_language_keeping_the_others() {
    let view = put_view();
    let current = current_dialog(&view);
    let patch = JsonPatch::new()
        .localized_content(&current, ContentField::Title, "nb", "Ny tittel")
        .localized_content(&current, ContentField::Title, "nn", "Ny tittel (nynorsk)")
        .localized_content(&current, ContentField::Summary, "en", "A summary");
    let mut doc = view;
    apply(&patch, &mut doc);
    assert_eq!(
        doc["content"]["title"]["value"],
        json!([
            {"languageCode": "en", "value": "Title"},
            {"languageCode": "nb", "value": "Ny tittel"},
            {"languageCode": "nn", "value": "Ny tittel (nynorsk)"}
        ])
    );
    assert_eq!(
        doc["content"]["summary"],
        json!({"mediaType": "text/plain", "value": [{"languageCode": "en", "value": "A summary"}]})
    );
    assert_eq!(serde_json::to_value(&patch).unwrap()[0]["path"], "/content/title/value/1/value");
}

#[test]
fn collections_are_replaced_or_appended() {
    let activity: UpdateDialogActivity = input::from_value(json!({
        "type": "Information", "performedBy": {"actorType": "ServiceOwner"},
        "description": [{"languageCode": "nb", "value": "Saken er behandlet"}]
    }))
    .unwrap();
    let patch = JsonPatch::new()
        .search_tags(["alpha", "beta"])
        .add_search_tag("gamma")
        .append_activity(&activity)
        .content(ContentField::AdditionalInfo, [("nb", "Mer informasjon")]);
    let mut doc = put_view();
    apply(&patch, &mut doc);
    assert_eq!(doc["searchTags"], json!([{"value": "alpha"}, {"value": "beta"}, {"value": "gamma"}]));
    assert_eq!(doc["activities"][0]["type"], "Information");
    assert_eq!(doc["activities"][0]["performedBy"], json!({"actorType": "ServiceOwner"}));
    assert_eq!(doc["content"]["additionalInfo"]["value"][0]["value"], "Mer informasjon");
}

#[test]
fn a_failed_test_operation_rejects_the_whole_patch() {
    let patch = JsonPatch::new().test("/status", json!("Draft")).progress(99);
    let mut doc = put_view();
    let rfc6902: json_patch::Patch = serde_json::from_value(serde_json::to_value(&patch).unwrap()).unwrap();
    assert!(json_patch::patch(&mut doc, &rfc6902).is_err());
    assert_eq!(doc["progress"], 10, "nothing applied");
}
