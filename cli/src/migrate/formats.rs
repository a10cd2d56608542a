//! Input formats and how a record becomes a create-dialog body.
//! `docs/migration.md` describes each format field by field.

use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone, Utc};
use clap::ValueEnum;
use dialogporten::ids::deterministic_v7;
use dialogporten::types::CreateDialog;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::mapping::Mapping;

/// What the input lines are.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// One create-dialog body (the API's JSON) per line.
    DialogsJsonl,
    /// Altinn 2 archived form tasks, with Altinn 2's field names.
    A2Archive,
    /// Altinn 2 correspondences, with Altinn 2's field names.
    A2Correspondence,
}

impl Format {
    /// The name used in labels and source keys.
    pub fn name(self) -> &'static str {
        match self {
            Format::DialogsJsonl => "dialogs-jsonl",
            Format::A2Archive => "a2-archive",
            Format::A2Correspondence => "a2-correspondence",
        }
    }
}

/// A record made ready to send.
#[derive(Clone, Debug)]
pub struct Mapped {
    /// What identifies the source record (`a2-archive:123456`).
    pub source_key: String,
    /// The create-dialog body, before local checks.
    pub body: Value,
}

/// A field of the source record that could not be mapped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// The source field.
    pub field: String,
    /// What is wrong.
    pub message: String,
}

fn error(field: &str, message: impl Into<String>) -> FieldError {
    FieldError { field: field.to_owned(), message: message.into() }
}

/// A field as text (numbers too).
fn text(record: &Value, field: &str) -> Option<String> {
    match record.get(field)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Parses an Altinn 2 time; times without an offset get `offset`.
pub fn parse_time(textual: &str, offset: FixedOffset) -> Option<DateTime<Utc>> {
    if let Ok(at) = DateTime::parse_from_rfc3339(textual) {
        return Some(at.with_timezone(&Utc));
    }
    ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M", "%Y-%m-%d"]
        .iter()
        .find_map(|format| {
            NaiveDateTime::parse_from_str(textual, format).ok().or_else(|| {
                chrono::NaiveDate::parse_from_str(textual, format).ok().and_then(|d| d.and_hms_opt(0, 0, 0))
            })
        })
        .and_then(|naive| offset.from_local_datetime(&naive).single())
        .map(|at| at.with_timezone(&Utc))
}

/// Replaces each `{Field}` in `template` with the record's field.
pub fn render(template: &str, record: &Value) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        match rest[start + 1..].find('}') {
            Some(end) => {
                let field = &rest[start + 1..start + 1 + end];
                out.push_str(&text(record, field).unwrap_or_default());
                rest = &rest[start + end + 2..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

fn party(record: &Value) -> Result<String, FieldError> {
    let number = ["OrganizationNumber", "SocialSecurityNumber", "Reportee", "SSNOrOrganizationNumber"]
        .iter()
        .find_map(|f| text(record, f))
        .ok_or_else(|| error("Reportee", "no reportee: give OrganizationNumber, SocialSecurityNumber or Reportee"))?;
    match number.len() {
        9 => Ok(format!("urn:altinn:organization:identifier-no:{number}")),
        11 => Ok(format!("urn:altinn:person:identifier-no:{number}")),
        _ => Err(error(
            "Reportee",
            format!("{number:?} is neither a 9-digit organisation number nor an 11-digit national identity number"),
        )),
    }
}

/// Maps one record (taken whole: a dialogs-jsonl record becomes the body as it is).
pub fn map(format: Format, record: Value, raw_line: &str, mapping: &Mapping) -> Result<Mapped, Vec<FieldError>> {
    if !record.is_object() {
        return Err(vec![error("$", "the line is not a JSON object")]);
    }
    match format {
        Format::DialogsJsonl => Ok(map_dialog(record, raw_line)),
        Format::A2Archive | Format::A2Correspondence => map_a2(format, &record, mapping),
    }
}

/// A dialogs-jsonl line that is a create-dialog body in the contract's exact names, with nothing
/// else in it and an `id`, bound in one pass without a JSON tree; `None` for any other line, which
/// [`map`] and the binding rules then take (names in any case, members to ignore and report,
/// required members missing, an id to derive).
pub fn bind_exact_dialog(line: &str) -> Option<(String, CreateDialog)> {
    // Some nested types (texts, actors, authorization contexts) would drop a member they do not
    // know, or one in another case, where the binder matches or reports it: any such member, at
    // any depth, sends the line the slow way.
    let body: CreateDialog = dialogporten_model::validate::bind_exact(line)?;
    let id = body.id?;
    Some((format!("dialog:{id}"), body))
}

fn map_dialog(record: Value, raw_line: &str) -> Mapped {
    let mut body = record;
    let key_field = |name: &str| {
        body.as_object()
            .and_then(|m| m.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)))
            .and_then(|(_, v)| v.as_str())
            .map(str::to_owned)
    };
    let source_key = match (key_field("id"), key_field("idempotentKey")) {
        // As `bind_exact_dialog` spells it: the same record has the same key either way.
        (Some(id), _) => match uuid::Uuid::parse_str(&id) {
            Ok(id) => format!("dialog:{id}"),
            Err(_) => format!("dialog:{}", id.to_lowercase()),
        },
        (None, Some(key)) => format!("idempotent-key:{key}"),
        (None, None) => {
            let digest = Sha256::digest(raw_line.trim().as_bytes());
            format!("line:{}", digest.iter().take(16).map(|b| format!("{b:02x}")).collect::<String>())
        }
    };
    if key_field("id").is_none() {
        let created =
            key_field("createdAt").and_then(|t| DateTime::parse_from_rfc3339(&t).ok()).map(|t| t.with_timezone(&Utc));
        let at = created.unwrap_or_else(|| Utc.with_ymd_and_hms(2000, 1, 1, 0, 0, 0).single().unwrap_or_default());
        body["id"] = json!(deterministic_v7(&source_key, at));
    }
    Mapped { source_key, body }
}

/// An Altinn 2 element as read from its record, checked.
struct Element {
    element_id: String,
    created: DateTime<Utc>,
    /// The latest of its created, last changed and archived times.
    updated: DateTime<Utc>,
    due: Option<DateTime<Utc>>,
    resource: Option<String>,
    party: Option<String>,
    language: String,
    status: String,
    label: Option<String>,
    title: String,
}

fn map_a2(format: Format, record: &Value, mapping: &Mapping) -> Result<Mapped, Vec<FieldError>> {
    let element = read_element(format, record, mapping)?;
    Ok(dialog_of(format, element, record, mapping))
}

/// Reads what a dialog is made of from an element's record, with an error for each field that
/// is missing or cannot be read.
fn read_element(format: Format, record: &Value, mapping: &Mapping) -> Result<Element, Vec<FieldError>> {
    let mut errors = Vec::new();
    let offset: FixedOffset = mapping
        .defaults
        .assume_offset
        .parse()
        .unwrap_or_else(|_| FixedOffset::east_opt(3600).unwrap_or(FixedOffset::east_opt(0).expect("zero offset")));
    let (id_field, code_field, edition_field) = match format {
        Format::A2Archive => ("ReporteeElementId", "ExternalServiceCode", "ExternalServiceEditionCode"),
        _ => ("CorrespondenceId", "ServiceCode", "ServiceEdition"),
    };
    let element_id = text(record, id_field);
    if element_id.is_none() {
        errors.push(error(id_field, "is required: it identifies the element, so a re-run maps it to the same dialog"));
    }
    let time = |field: &str| text(record, field).map(|t| (parse_time(&t, offset), t));
    let created = match time("CreatedDate") {
        Some((Some(at), _)) => Some(at),
        Some((None, raw)) => {
            errors.push(error("CreatedDate", format!("{raw:?} is not a date-time")));
            None
        }
        None => {
            errors.push(error("CreatedDate", "is required"));
            None
        }
    };
    let mut later = Vec::new();
    for field in ["LastChangedDate", "ArchivedDateTime"] {
        match time(field) {
            Some((Some(at), _)) => later.push(at),
            Some((None, raw)) => errors.push(error(field, format!("{raw:?} is not a date-time"))),
            None => {}
        }
    }
    let due = match time(if format == Format::A2Archive { "DueDate" } else { "DueDateTime" }) {
        Some((Some(at), _)) => Some(at),
        Some((None, raw)) => {
            errors.push(error("DueDate", format!("{raw:?} is not a date-time")));
            None
        }
        None => None,
    };
    let code = text(record, code_field);
    let edition =
        record.get(edition_field).and_then(|v| v.as_i64().or_else(|| v.as_str().and_then(|s| s.parse().ok())));
    let resource = match mapping.resource(code.as_deref().unwrap_or_default(), edition) {
        Some(resource) => Some(resource.to_owned()),
        None => {
            errors.push(error(
                code_field,
                format!(
                    "service {} (edition {}) has no service resource in the mapping: add a [[services]] entry or defaults.service_resource",
                    code.as_deref().unwrap_or("(none)"),
                    edition.map_or_else(|| "any".to_owned(), |e| e.to_string())
                ),
            ));
            None
        }
    };
    let party = party(record).map_err(|e| errors.push(e)).ok();
    let language = text(record, "LanguageCode")
        .map(|code| mapping.languages.get(&code).cloned().unwrap_or(code))
        .unwrap_or_else(|| mapping.defaults.language.clone());
    let status_text = text(record, "Status").unwrap_or_default();
    let status = mapping.statuses.get(&status_text);
    let mut label = status.and_then(|s| s.label.clone());
    if label.is_none() && format == Format::A2Archive && text(record, "ArchivedDateTime").is_some() {
        label = Some("Archive".into());
    }
    let title = render(&mapping.content.title, record);
    if title.trim().is_empty() {
        errors.push(error(
            "Subject",
            format!("the title template {:?} renders empty for this element", mapping.content.title),
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Element {
        element_id: element_id.unwrap_or_default(),
        created: created.unwrap_or_default(),
        updated: later.into_iter().chain(created).max().unwrap_or_default(),
        due,
        resource,
        party,
        language,
        status: status.map_or(mapping.defaults.status.as_str(), |s| s.status.as_str()).to_owned(),
        label,
        title,
    })
}

/// The create-dialog body of a checked element.
fn dialog_of(format: Format, element: Element, record: &Value, mapping: &Mapping) -> Mapped {
    let Element { element_id, created, updated, due, resource, party, language, status, label, title } = element;
    let kind = if format == Format::A2Archive { "archive" } else { "correspondence" };
    let source_key = format!("{}:{element_id}", format.name());
    let mut labels = vec![json!({"value": format!("{}-{kind}-{element_id}", mapping.defaults.label_prefix)})];
    labels.extend(mapping.defaults.labels.iter().map(|l| json!({"value": l})));
    let localized = |text: &str| json!({"value": [{"languageCode": language, "value": text}]});
    let mut body = json!({
        "id": deterministic_v7(&source_key, created),
        "serviceResource": resource,
        "party": party,
        "status": status,
        "createdAt": created.to_rfc3339(),
        "updatedAt": updated.to_rfc3339(),
        "content": {"title": localized(title.chars().take(255).collect::<String>().as_str())},
        "serviceOwnerContext": {"serviceOwnerLabels": labels},
    });
    let summary = render(&mapping.content.summary, record);
    if !summary.trim().is_empty() {
        body["content"]["summary"] = localized(summary.chars().take(255).collect::<String>().as_str());
    }
    if let Some(label) = label {
        body["systemLabel"] = json!(label);
    }
    if let Some(due) = due {
        body["dueAt"] = json!(due.to_rfc3339());
    }
    if let Some(reference) = text(record, "ArchiveReference").or_else(|| text(record, "SendersReference")) {
        body["externalReference"] = json!(reference.chars().take(255).collect::<String>());
    }
    if let Some(template) = &mapping.urls.gui_action {
        body["guiActions"] = json!([{
            "action": "read",
            "url": render(template, record),
            "priority": "Primary",
            "title": [{"languageCode": language, "value": if language == "en" { "Open" } else { "Åpne" }}]
        }]);
    }
    if let Some(template) = &mapping.urls.attachment {
        let attachments = attachments(template, record, &language);
        if !attachments.is_empty() {
            body["attachments"] = Value::Array(attachments);
        }
    }
    Mapped { source_key, body }
}

/// The element's attachments, each with a URL from `template` (filled from the record and the
/// attachment's own fields).
fn attachments(template: &str, record: &Value, language: &str) -> Vec<Value> {
    record["Attachments"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|attachment| {
            let name = text(attachment, "AttachmentName")
                .or_else(|| text(attachment, "Name"))
                .or_else(|| text(attachment, "FileName"))
                .unwrap_or_else(|| "Vedlegg".into());
            let mut merged = record.clone();
            if let (Some(target), Some(fields)) = (merged.as_object_mut(), attachment.as_object()) {
                target.extend(fields.clone());
            }
            let mut url = json!({"url": render(template, &merged), "consumerType": "Gui"});
            if let Some(media) = text(attachment, "MimeType") {
                url["mediaType"] = json!(media);
            }
            json!({"displayName": [{"languageCode": language, "value": name}], "urls": [url]})
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapping() -> Mapping {
        let mut mapping = Mapping::default();
        mapping.defaults.service_resource = Some("urn:altinn:resource:a2-migrated".into());
        mapping.urls.attachment = Some("https://files.example.no/{ReporteeElementId}/{AttachmentId}".into());
        mapping
    }

    fn archive() -> Value {
        json!({
            "ReporteeElementId": 123456, "ExternalServiceCode": "4223", "ExternalServiceEditionCode": 1,
            "OrganizationNumber": "991825827", "Subject": "Skattemelding 2011", "MessageSummary": "Levert",
            "CreatedDate": "2012-06-01T12:00:00", "ArchivedDateTime": "2012-06-02T08:30:00", "Status": "Archived",
            "ArchiveReference": "AR123456", "LanguageCode": 1044,
            "Attachments": [{"AttachmentId": 7, "AttachmentName": "Kvittering", "MimeType": "application/pdf"}]
        })
    }

    #[test]
    fn an_archive_element_maps_to_a_silent_ready_dialog_with_a_stable_id() {
        let mapped = map(Format::A2Archive, archive(), "", &mapping()).unwrap();
        let body = &mapped.body;
        assert_eq!(mapped.source_key, "a2-archive:123456");
        assert_eq!(body["createdAt"], "2012-06-01T11:00:00+00:00", "Norwegian local time by default");
        assert_eq!(body["updatedAt"], "2012-06-02T07:30:00+00:00");
        assert_eq!(body["status"], "Completed");
        assert_eq!(body["systemLabel"], "Archive");
        assert_eq!(body["party"], "urn:altinn:organization:identifier-no:991825827");
        assert_eq!(body["serviceOwnerContext"]["serviceOwnerLabels"][0]["value"], "a2-archive-123456");
        assert_eq!(body["attachments"][0]["urls"][0]["url"], "https://files.example.no/123456/7");
        let again = map(Format::A2Archive, archive(), "", &mapping()).unwrap();
        assert_eq!(again.body["id"], body["id"], "the same element always maps to the same id");
    }

    #[test]
    fn unmappable_fields_are_named() {
        let mut record = archive();
        record["CreatedDate"] = json!("yesterday");
        record["OrganizationNumber"] = json!("123");
        let errors = map(Format::A2Archive, record, "", &Mapping::default()).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["CreatedDate", "ExternalServiceCode", "Reportee"]);
    }

    #[test]
    fn dialogs_without_ids_get_stable_ones() {
        let record = json!({"serviceResource": "urn:altinn:resource:x", "party": "p", "idempotentKey": "k-1"});
        let a = map(Format::DialogsJsonl, record.clone(), "", &Mapping::default()).unwrap();
        let b = map(Format::DialogsJsonl, record, "", &Mapping::default()).unwrap();
        assert_eq!(a.body["id"], b.body["id"]);
        assert_eq!(a.source_key, "idempotent-key:k-1");
    }

    #[test]
    fn a_line_bound_in_one_pass_is_the_body_and_key_the_tree_gives() {
        let id = "01700000-0000-7000-8000-00000000002a";
        let exact = format!(
            r#"{{"id":"{id}","serviceResource":"urn:altinn:resource:x","party":"urn:altinn:organization:identifier-no:991825827","createdAt":"2015-01-01T00:00:00Z","content":{{"title":{{"value":[{{"languageCode":"nb","value":"T"}}]}}}}}}"#
        );
        let through_tree = |line: &str| {
            let mapped =
                map(Format::DialogsJsonl, serde_json::from_str(line).unwrap(), line, &Mapping::default()).unwrap();
            let body: CreateDialog = dialogporten::validate::bind(mapped.body).unwrap();
            (mapped.source_key, body)
        };
        let direct = bind_exact_dialog(&exact).expect("exact names and an id bind directly");
        assert_eq!(direct, through_tree(&exact));
        assert_eq!(direct.0, format!("dialog:{id}"));
        // The id spelled otherwise is the same dialog, and the same source key (its shard) either way.
        let simple = exact.replace(id, &id.replace('-', "").to_uppercase());
        assert_eq!(bind_exact_dialog(&simple).unwrap(), through_tree(&simple));
        assert_eq!(through_tree(&simple).0, direct.0);
        // Names in another case, members to ignore, or no id: left to the tree and the binding rules.
        assert!(bind_exact_dialog(&exact.replace("\"party\"", "\"Party\"")).is_none());
        assert!(bind_exact_dialog(&exact.replace("\"createdAt\"", "\"colour\":1,\"createdAt\"")).is_none());
        assert!(bind_exact_dialog(&exact.replace(&format!("\"id\":\"{id}\","), "")).is_none());
        // Nested too: texts and their values keep members they do not know, so those go the slow way
        // as well, where "MediaType" is the media type and "colour" is reported as ignored.
        let nested = exact
            .replace("{\"value\":[{\"languageCode\"", "{\"MediaType\":\"text/plain\",\"value\":[{\"languageCode\"");
        assert_ne!(nested, exact);
        assert!(bind_exact_dialog(&nested).is_none());
        assert!(bind_exact_dialog(&exact.replace("\"value\":\"T\"", "\"value\":\"T\",\"colour\":1")).is_none());
        assert!(bind_exact_dialog(&format!("{exact} x")).is_none(), "trailing text is not JSON");
    }

    #[test]
    fn templates_fill_fields() {
        assert_eq!(render("{A}-{B}/{Missing}", &json!({"A": 1, "B": "x"})), "1-x/");
        assert_eq!(render("no fields", &json!({})), "no fields");
    }
}
