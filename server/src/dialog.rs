//! The dialog aggregate: building it from a create body, applying an update,
//! and the views the API returns. Documents are the JSON of the contract's
//! `Dialog`; what is derived from other parts (opened transmissions, counts,
//! the seen log) is computed when a view is made, so it cannot go stale.

use chrono::{DateTime, SecondsFormat, Utc};
use dialogporten_model::enums::{DialogStatusInput, DialogTransmissionType};
use dialogporten_model::types::DialogListItem;
use dialogporten_model::validate::{self, HierarchyOf, ValidationErrors};
use serde_json::{Map, Value, json};
use uuid::Uuid;

use crate::domain_error::DomainError;
use crate::store::{SeenEntry, StoreError};

/// A time as stored and sent: UTC, fixed width, so text order is time order.
pub fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// Parses a stored or sent time.
pub fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text).ok().map(|t| t.with_timezone(&Utc))
}

/// Rewrites every time in a document to [`timestamp`] form.
pub fn normalize_times(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, item) in map.iter_mut() {
                let is_time = key.ends_with("At") || key == "visibleFrom";
                match item {
                    Value::String(text) if is_time => {
                        if let Some(at) = parse_time(text) {
                            *text = timestamp(at);
                        }
                    }
                    other => normalize_times(other),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(normalize_times),
        _ => {}
    }
}

/// Who writes, when, and how.
pub struct WriteContext<'a> {
    /// The caller's org code.
    pub org: &'a str,
    /// The time of the request.
    pub now: DateTime<Utc>,
    /// `isSilentUpdate=true`.
    pub silent: bool,
}

impl WriteContext<'_> {
    fn now(&self) -> String {
        timestamp(self.now)
    }
}

/// The time a write to `doc` is stamped with: now, or the dialog's
/// `visibleFrom` while that lies ahead, so nothing about a dialog looks newer
/// than the moment end users first see it (upstream: the entity rules behind
/// `Future_VisibleFrom_Should_Control_Timestamps_On_Update`).
pub fn stamp(doc: &Value, now: DateTime<Utc>) -> String {
    let now = timestamp(now);
    match doc["visibleFrom"].as_str() {
        Some(visible) if visible > now.as_str() => visible.to_owned(),
        _ => now,
    }
}

fn new_id() -> String {
    Uuid::now_v7().to_string()
}

fn ensure_id(item: &mut Map<String, Value>) {
    if item.get("id").is_none_or(Value::is_null) {
        item.insert("id".into(), Value::String(new_id()));
    }
}

fn each_object(list: Option<&mut Value>, mut f: impl FnMut(&mut Map<String, Value>)) {
    if let Some(Value::Array(items)) = list {
        items.iter_mut().filter_map(Value::as_object_mut).for_each(&mut f);
    }
}

fn prepare_attachments(list: Option<&mut Value>) {
    each_object(list, |attachment| {
        ensure_id(attachment);
        each_object(attachment.get_mut("urls"), ensure_id);
    });
}

fn prepare_gui_actions(list: Option<&mut Value>) {
    each_object(list, |action| {
        ensure_id(action);
        action.entry("httpMethod").or_insert_with(|| json!("GET"));
        action.entry("isDeleteDialogAction").or_insert(Value::Bool(false));
    });
}

fn prepare_api_actions(list: Option<&mut Value>) {
    each_object(list, |action| {
        ensure_id(action);
        each_object(action.get_mut("endpoints"), |endpoint| {
            ensure_id(endpoint);
            endpoint.entry("deprecated").or_insert(Value::Bool(false));
        });
    });
}

/// Gives a new transmission its id and time, and ids to its attachments.
pub fn prepare_transmission(transmission: &mut Value, now: &str) {
    if let Some(t) = transmission.as_object_mut() {
        ensure_id(t);
        t.entry("createdAt").or_insert_with(|| json!(now));
        prepare_attachments(t.get_mut("attachments"));
        t.remove("isSilentUpdate");
    }
}

/// Gives a new activity its id and time.
pub fn prepare_activity(activity: &mut Value, now: &str) {
    if let Some(a) = activity.as_object_mut() {
        ensure_id(a);
        a.entry("createdAt").or_insert_with(|| json!(now));
    }
}

/// Whether a transmission was sent by the party (it gives the dialog the `Sent` label).
pub fn is_from_party(transmission: &Value) -> bool {
    let kind = transmission["type"].as_str().and_then(DialogTransmissionType::parse_known);
    matches!(kind, Some(DialogTransmissionType::Submission | DialogTransmissionType::Correction))
}

fn output_status(status: Option<&Value>) -> Value {
    let input = status.and_then(Value::as_str).map_or(DialogStatusInput::NotApplicable, DialogStatusInput::from);
    Value::String(input.normalized().to_string())
}

const PRIMARY_LABELS: [&str; 3] = ["Default", "Bin", "Archive"];

/// The end-user labels, in a fixed order.
fn labels(doc: &Value) -> Vec<String> {
    doc["endUserContext"]["systemLabels"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect()
}

/// Sets the end-user labels and the legacy single `systemLabel`, with a new end-user-context revision.
pub fn set_labels(doc: &mut Value, mut new: Vec<String>) {
    let order = |l: &String| ["Default", "Bin", "Archive", "MarkedAsUnopened", "Sent"].iter().position(|k| k == l);
    new.sort_by_key(order);
    new.dedup();
    let primary =
        new.iter().find(|l| PRIMARY_LABELS.contains(&l.as_str())).cloned().unwrap_or_else(|| "Default".into());
    if !new.contains(&primary) {
        new.insert(0, primary.clone());
    }
    doc["systemLabel"] = json!(primary);
    doc["endUserContext"] = json!({"revision": Uuid::new_v4().to_string(), "systemLabels": new});
}

/// Applies `add` and `remove` with the rule that Default, Bin and Archive exclude each other.
pub fn change_labels(doc: &mut Value, add: &[String], remove: &[String]) {
    let mut current = labels(doc);
    current.retain(|l| !remove.contains(l));
    let removed_primary = remove.iter().any(|l| l == "Bin" || l == "Archive");
    for label in add {
        if PRIMARY_LABELS.contains(&label.as_str()) {
            current.retain(|l| !PRIMARY_LABELS.contains(&l.as_str()));
        }
        current.push(label.clone());
    }
    if removed_primary && !current.iter().any(|l| PRIMARY_LABELS.contains(&l.as_str())) {
        current.push("Default".into());
    }
    set_labels(doc, current);
}

/// A non-silent change moves the dialog out of the bin or archive.
fn reset_labels(doc: &mut Value) {
    let current = labels(doc);
    if current.iter().any(|l| l == "Bin" || l == "Archive") {
        change_labels(doc, &["Default".to_owned()], &[]);
    }
}

fn add_label(doc: &mut Value, label: &str) {
    let mut current = labels(doc);
    if !current.iter().any(|l| l == label) {
        current.push(label.to_owned());
        set_labels(doc, current);
    }
}

/// The references within a written dialog that are checked against the
/// dialog as a whole (422): its transmissions' hierarchy and its activities'
/// transmissions. The rules are the model's (`validate/references.rs`).
pub fn check_references(doc: &Value, of: HierarchyOf) -> Result<(), DomainError> {
    let id = |value: &Value| value.as_str().and_then(|s| s.parse::<Uuid>().ok());
    let transmissions = doc["transmissions"].as_array().map(Vec::as_slice).unwrap_or_default();
    let links: Vec<(Uuid, Option<Uuid>)> =
        transmissions.iter().filter_map(|t| Some((id(&t["id"])?, id(&t["relatedTransmissionId"])))).collect();
    validate::transmission_hierarchy(&links, of).map_err(DomainError::Unprocessable)?;
    let known = links.iter().map(|(id, _)| *id).collect();
    let referenced = doc["activities"].as_array().into_iter().flatten().filter_map(|a| id(&a["transmissionId"]));
    validate::activity_transmissions_exist(referenced, &known).map_err(DomainError::Unprocessable)
}

/// Builds a new dialog from a validated, normalised `CreateDialog` body.
pub fn create(body: Value, ctx: &WriteContext<'_>, resource_type: &str) -> Result<Value, DomainError> {
    let Value::Object(mut doc) = body else {
        return Err(DomainError::bad_request("dto", "The body must be an object."));
    };
    let now = ctx.now();
    let id = doc.remove("id").and_then(|v| v.as_str().map(str::to_lowercase)).unwrap_or_else(new_id);
    let visible_from = doc.get("visibleFrom").and_then(Value::as_str).map(str::to_owned);
    let future_visible = visible_from.filter(|v| v.as_str() > now.as_str());
    let created = doc
        .remove("createdAt")
        .and_then(|v| v.as_str().map(str::to_owned))
        .or_else(|| future_visible.clone())
        .unwrap_or_else(|| now.clone());
    let updated =
        doc.remove("updatedAt").and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_else(|| created.clone());
    let status = output_status(doc.get("status"));
    let label =
        doc.remove("systemLabel").and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_else(|| "Default".into());
    let so_labels = doc
        .remove("serviceOwnerContext")
        .and_then(|mut c| c.get_mut("serviceOwnerLabels").map(Value::take))
        .unwrap_or_else(|| json!([]));
    let resource = doc.get("serviceResource").and_then(Value::as_str).unwrap_or_default().to_owned();
    let migrated =
        created.as_str() < "2025-12-01" || resource.starts_with(&format!("urn:altinn:resource:app_{}_a2", ctx.org));

    doc.insert("id".into(), json!(id));
    doc.insert("revision".into(), json!(Uuid::new_v4().to_string()));
    doc.insert("org".into(), json!(ctx.org));
    doc.insert("serviceResourceType".into(), json!(resource_type));
    doc.insert("status".into(), status);
    doc.insert("createdAt".into(), json!(created));
    doc.insert("updatedAt".into(), json!(updated));
    doc.insert("contentUpdatedAt".into(), json!(updated));
    doc.entry("isApiOnly").or_insert(Value::Bool(false));
    doc.insert("isContentSeen".into(), Value::Bool(migrated));
    doc.insert(
        "serviceOwnerContext".into(),
        json!({"revision": Uuid::new_v4().to_string(), "serviceOwnerLabels": so_labels}),
    );
    prepare_attachments(doc.get_mut("attachments"));
    prepare_gui_actions(doc.get_mut("guiActions"));
    prepare_api_actions(doc.get_mut("apiActions"));
    each_object(doc.get_mut("transmissions"), |t| {
        let mut value = Value::Object(std::mem::take(t));
        prepare_transmission(&mut value, &now);
        if let Value::Object(map) = value {
            *t = map;
        }
    });
    each_object(doc.get_mut("activities"), |a| {
        let mut value = Value::Object(std::mem::take(a));
        prepare_activity(&mut value, &now);
        if let Value::Object(map) = value {
            *a = map;
        }
    });
    let mut doc = Value::Object(doc);
    set_labels(&mut doc, vec![label]);
    let from_party = doc["transmissions"].as_array().is_some_and(|ts| ts.iter().any(is_from_party));
    if from_party {
        add_label(&mut doc, "Sent");
    }
    normalize_times(&mut doc);
    Ok(doc)
}

const UPDATABLE_SCALARS: [&str; 7] =
    ["progress", "extendedStatus", "externalReference", "dueAt", "expiresAt", "process", "precedingProcess"];
const CONTENT_PARTS: [&str; 6] = ["status", "extendedStatus", "content", "attachments", "guiActions", "apiActions"];

/// Whether two stored values say the same, a member set to null counting as absent
/// (a GET view sent back as a PUT spells out what the stored dialog leaves out).
fn same_ignoring_nulls(a: Option<&Value>, b: Option<&Value>) -> bool {
    fn strip(v: &Value) -> Value {
        match v {
            Value::Object(m) => {
                Value::Object(m.iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k.clone(), strip(v))).collect())
            }
            Value::Array(items) => Value::Array(items.iter().map(strip).collect()),
            other => other.clone(),
        }
    }
    let a = a.map(strip).unwrap_or(Value::Null);
    let b = b.map(strip).unwrap_or(Value::Null);
    a == b || (a.is_null() && b == Value::Array(vec![])) || (b.is_null() && a == Value::Array(vec![]))
}

/// Applies a validated, normalised `UpdateDialog` body (PUT semantics):
/// scalars and collections are replaced (collection items keep their ids),
/// transmissions and activities are appended.
///
/// `child_taken` says whether an activity or transmission id is already used anywhere.
/// Returns whether anything changed: an update that changes nothing keeps
/// the dialog's revision and `updatedAt`, as upstream's (nothing is saved).
pub fn update(
    doc: &mut Value,
    body: Value,
    ctx: &WriteContext<'_>,
    child_taken: ChildTaken<'_>,
) -> Result<bool, DomainError> {
    let Value::Object(mut body) = body else {
        return Err(DomainError::bad_request("dto", "The body must be an object."));
    };
    let now = stamp(doc, ctx.now);
    let before = doc.clone();
    let Some(map) = doc.as_object_mut() else { return Err(DomainError::internal("stored dialog is not an object")) };
    for key in UPDATABLE_SCALARS.into_iter().chain(["content", "searchTags", "attachments", "guiActions", "apiActions"])
    {
        match body.remove(key) {
            Some(value) if !value.is_null() => {
                map.insert(key.into(), value);
            }
            _ => {
                map.remove(key);
            }
        }
    }
    map.insert("isApiOnly".into(), body.remove("isApiOnly").filter(|v| !v.is_null()).unwrap_or(Value::Bool(false)));
    map.insert("status".into(), output_status(body.get("status")));
    prepare_attachments(map.get_mut("attachments"));
    prepare_gui_actions(map.get_mut("guiActions"));
    prepare_api_actions(map.get_mut("apiActions"));
    check_attachment_expiry(&before, doc, ctx.now)?;

    let new_transmissions = take_list(&mut body, "transmissions");
    let new_activities = take_list(&mut body, "activities");
    append_transmissions(doc, new_transmissions.clone(), &now, child_taken, Duplicate::InUpdate)?;
    append_activities(doc, new_activities, &now, child_taken, Duplicate::InUpdate)?;
    let content_changed = CONTENT_PARTS.iter().any(|k| !same_ignoring_nulls(before.get(*k), doc.get(*k)))
        || !new_transmissions.is_empty();
    normalize_times(doc);
    if same_dialog(doc, &before) {
        *doc = before;
        return Ok(false);
    }
    touch(doc, ctx, content_changed);
    normalize_times(doc);
    Ok(true)
}

/// Stored transmissions without content lock a dialog to API-only: an update
/// that is not API-only is refused (upstream: `UpdateDialogDtoValidator`, a
/// validation error with the dialog preloaded).
pub fn check_api_only_lock(stored: &Value, api_only: bool) -> Result<(), ValidationErrors> {
    let without_content = stored["transmissions"]
        .as_array()
        .is_some_and(|ts| ts.iter().any(|t| t.get("content").is_none_or(Value::is_null)));
    let mut errors = ValidationErrors::new();
    if !api_only && without_content {
        errors.add(
            "dto.transmissions",
            "This dialog is locked to IsApiOnly=true, as one or more of the existing immutable transmissions do not have content.",
        );
    }
    errors.into_result()
}

/// An attachment an update changes must expire in the future, keep its time,
/// or not expire; a new one must expire in the future or not at all (upstream:
/// `UpdateDialogCommand.ValidateTimeFields(DialogAttachment)`, not relaxed for
/// silent or admin updates).
fn check_attachment_expiry(before: &Value, after: &Value, now: DateTime<Utc>) -> Result<(), DomainError> {
    let expiry = |a: &Value| a["expiresAt"].as_str().and_then(parse_time);
    let stored: Vec<(&str, Option<DateTime<Utc>>)> = before["attachments"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| Some((a["id"].as_str()?, expiry(a))))
        .collect();
    let mut errors = ValidationErrors::new();
    for attachment in after["attachments"].as_array().into_iter().flatten() {
        let id = attachment["id"].as_str().unwrap_or_default();
        let expires = expiry(attachment);
        let acceptable = expires.is_none_or(|at| at > now);
        match stored.iter().find(|(stored_id, _)| stored_id.eq_ignore_ascii_case(id)) {
            Some((_, old)) if *old != expires && !acceptable => {
                errors.add("Attachments.ExpiresAt", format!("Must be in future, current value, or null. (Id: {id})"))
            }
            None if !acceptable => errors.add(
                "Attachments.ExpiresAt",
                format!(
                    "Must be in future or null, got '{}'. (Id: {id})",
                    attachment["expiresAt"].as_str().unwrap_or_default()
                ),
            ),
            _ => {}
        }
    }
    if errors.is_empty() { Ok(()) } else { Err(DomainError::Unprocessable(errors)) }
}

/// Whether two versions of a dialog say the same, an empty list counting as none.
fn same_dialog(a: &Value, b: &Value) -> bool {
    let (Some(a), Some(b)) = (a.as_object(), b.as_object()) else { return a == b };
    let said = |value: &Value| !(value.is_null() || value.as_array().is_some_and(Vec::is_empty));
    let keys = a.iter().chain(b.iter()).filter(|(_, v)| said(v)).map(|(k, _)| k);
    keys.into_iter().all(|k| a.get(k).filter(|v| said(v)) == b.get(k).filter(|v| said(v)))
}

fn take_list(body: &mut Map<String, Value>, key: &str) -> Vec<Value> {
    match body.remove(key) {
        Some(Value::Array(items)) => items,
        _ => Vec::new(),
    }
}

/// Whether an id of `table` (`DialogActivity`, `DialogTransmission`) is used anywhere already.
pub type ChildTaken<'a> = &'a mut dyn FnMut(&str, &str) -> Result<bool, StoreError>;

/// How a taken child id is reported: upstream's update names the entity
/// ("Entity 'DialogActivity' with the following key(s) already exists"), its
/// appending endpoints pass on the database's unique-key message.
#[derive(Clone, Copy)]
pub enum Duplicate {
    /// `PUT`/`PATCH` of the dialog.
    InUpdate,
    /// `POST` of an activity or transmission.
    Appended,
}

impl Duplicate {
    fn error(self, entity: &str, id: &str) -> DomainError {
        match self {
            Duplicate::InUpdate => DomainError::unprocessable(
                entity,
                format!("Entity '{entity}' with the following key(s) already exists: ({id})."),
            ),
            Duplicate::Appended => DomainError::duplicate_key(entity, id),
        }
    }
}

/// Transmissions may not share an idempotent key (409, as upstream's create).
pub fn check_idempotent_keys(doc: &Value) -> Result<(), DomainError> {
    let keys: Vec<&str> =
        doc["transmissions"].as_array().into_iter().flatten().filter_map(|t| t["idempotentKey"].as_str()).collect();
    let mut duplicated: Vec<&str> = Vec::new();
    for (i, key) in keys.iter().enumerate() {
        if keys[..i].contains(key) && !duplicated.contains(key) {
            duplicated.push(key);
        }
    }
    if duplicated.is_empty() {
        return Ok(());
    }
    let conflicting: Vec<String> = duplicated.iter().map(|k| format!("'{k}'")).collect();
    Err(DomainError::conflict(
        "IdempotentKey",
        format!(
            "Duplicate IdempotentKey detected in dialog transmissions. Conflicting keys: {}.",
            conflicting.join(", ")
        ),
    ))
}

/// Appends transmissions, enforcing unique ids and idempotent keys.
pub fn append_transmissions(
    doc: &mut Value,
    mut transmissions: Vec<Value>,
    now: &str,
    child_taken: ChildTaken<'_>,
    duplicate: Duplicate,
) -> Result<Vec<String>, DomainError> {
    let mut keys: Vec<String> = doc["transmissions"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| t["idempotentKey"].as_str().map(str::to_owned))
        .collect();
    let mut duplicates = Vec::new();
    let mut ids = Vec::new();
    for transmission in &mut transmissions {
        prepare_transmission(transmission, now);
        let id = transmission["id"].as_str().unwrap_or_default().to_lowercase();
        if child_taken("DialogTransmission", &id)? || ids.contains(&id) {
            return Err(duplicate.error("DialogTransmission", &id));
        }
        if let Some(key) = transmission["idempotentKey"].as_str() {
            if keys.iter().any(|k| k == key) {
                duplicates.push(format!("'{key}'"));
            }
            keys.push(key.to_owned());
        }
        ids.push(id);
    }
    if !duplicates.is_empty() {
        return Err(DomainError::conflict(
            "IdempotentKey",
            format!(
                "Duplicate IdempotentKey detected in dialog transmissions. Conflicting keys: {}.",
                duplicates.join(", ")
            ),
        ));
    }
    let from_party = transmissions.iter().any(is_from_party);
    list_mut(doc, "transmissions").extend(transmissions);
    if from_party {
        add_label(doc, "Sent");
    }
    Ok(ids)
}

/// Appends activities, enforcing unique ids.
pub fn append_activities(
    doc: &mut Value,
    mut activities: Vec<Value>,
    now: &str,
    child_taken: ChildTaken<'_>,
    duplicate: Duplicate,
) -> Result<Vec<String>, DomainError> {
    let mut ids = Vec::new();
    for activity in &mut activities {
        prepare_activity(activity, now);
        let id = activity["id"].as_str().unwrap_or_default().to_lowercase();
        if child_taken("DialogActivity", &id)? || ids.contains(&id) {
            return Err(duplicate.error("DialogActivity", &id));
        }
        ids.push(id);
    }
    list_mut(doc, "activities").extend(activities);
    Ok(ids)
}

fn list_mut<'a>(doc: &'a mut Value, key: &str) -> &'a mut Vec<Value> {
    if !doc[key].is_array() {
        doc[key] = json!([]);
    }
    match &mut doc[key] {
        Value::Array(items) => items,
        _ => unreachable!("set to an array just above"),
    }
}

/// Gives the dialog a new revision: every write that changes it does this once.
pub fn new_revision(doc: &mut Value) {
    doc["revision"] = json!(Uuid::new_v4().to_string());
}

/// Records a change: a new revision, and unless silent, a new `updatedAt`
/// (and `contentUpdatedAt` when content changed) and the labels reset.
pub fn touch(doc: &mut Value, ctx: &WriteContext<'_>, content_changed: bool) {
    new_revision(doc);
    if ctx.silent {
        return;
    }
    let now = stamp(doc, ctx.now);
    doc["updatedAt"] = json!(now);
    if content_changed {
        doc["contentUpdatedAt"] = json!(now);
        doc["isContentSeen"] = Value::Bool(false);
    }
    reset_labels(doc);
}

/// The `UpdateDialog` a PATCH applies to: the dialog as its PUT body, every
/// optional member present (null or empty) so `replace` works on it, and no
/// transmissions or activities (a patch appends with `/transmissions/-`).
pub fn put_view(doc: &Value) -> Result<Value, DomainError> {
    let typed: dialogporten_model::types::UpdateDialog = dialogporten_model::input::project(doc.clone())
        .map_err(|e| DomainError::internal(format!("dialog as PUT body: {e}")))?;
    let mut view = serde_json::to_value(typed).map_err(|e| DomainError::internal(e.to_string()))?;
    for key in UPDATABLE_SCALARS.into_iter().chain(["content"]) {
        view.as_object_mut().map(|m| m.entry(key).or_insert(Value::Null));
    }
    for key in ["searchTags", "attachments", "guiActions", "apiActions", "transmissions", "activities"] {
        view[key] = view
            .get(key)
            .filter(|v| key != "transmissions" && key != "activities" && v.is_array())
            .cloned()
            .unwrap_or_else(|| json!([]));
    }
    if let Some(content) = view["content"].as_object_mut() {
        for key in [
            "title",
            "summary",
            "nonSensitiveTitle",
            "nonSensitiveSummary",
            "senderName",
            "additionalInfo",
            "extendedStatus",
            "mainContentReference",
        ] {
            content.entry(key).or_insert(Value::Null);
        }
    }
    Ok(view)
}

/// A seen-log entry as the API shows it.
pub fn seen_view(entry: &SeenEntry, end_user: Option<&str>) -> Value {
    json!({
        "id": entry.id,
        "seenAt": entry.seen_at,
        "seenBy": {"actorType": "PartyRepresentative", "actorId": entry.end_user_id},
        "isViaServiceOwner": entry.via_service_owner,
        "isCurrentEndUser": end_user == Some(entry.end_user_id.as_str()),
    })
}

fn is_opened(doc: &Value, transmission_id: &str) -> bool {
    doc["activities"].as_array().into_iter().flatten().any(|a| {
        a["type"].as_str() == Some("TransmissionOpened") && a["transmissionId"].as_str() == Some(transmission_id)
    })
}

/// A transmission as the API shows it.
pub fn transmission_view(doc: &Value, transmission: &Value) -> Value {
    let mut view = transmission.clone();
    let id = transmission["id"].as_str().unwrap_or_default();
    view["isOpened"] = Value::Bool(is_opened(doc, id));
    view
}

/// The `Dialog` the API returns.
pub fn dialog_view(doc: &Value, seen: &[SeenEntry], end_user: Option<&str>) -> Value {
    let mut view = doc.clone();
    for key in ["activities", "transmissions", "attachments", "guiActions", "apiActions", "searchTags"] {
        if !view[key].is_array() {
            view[key] = json!([]);
        }
    }
    let transmissions: Vec<Value> =
        doc["transmissions"].as_array().into_iter().flatten().map(|t| transmission_view(doc, t)).collect();
    view["transmissions"] = Value::Array(transmissions);
    add_transmission_counts(doc, &mut view);
    for (key, value) in seen_members(doc, seen, end_user) {
        view[key] = value;
    }
    view
}

/// The sightings since the dialog's `key` time: one per actor, their latest, as upstream's
/// GetDialogQuery groups them.
fn seen_since(doc: &Value, key: &str, seen: &[SeenEntry], end_user: Option<&str>) -> Vec<Value> {
    let from = doc[key].as_str().unwrap_or_default();
    let mut latest: Vec<&SeenEntry> = Vec::new();
    for entry in seen.iter().filter(|e| e.seen_at.as_str() >= from) {
        match latest.iter_mut().find(|l| l.end_user_id.eq_ignore_ascii_case(&entry.end_user_id)) {
            Some(slot) if slot.seen_at <= entry.seen_at => *slot = entry,
            Some(_) => {}
            None => latest.push(entry),
        }
    }
    latest.into_iter().map(|e| seen_view(e, end_user)).collect()
}

/// The members of a dialog's document its list items are made from, stored beside it
/// (`store::save`), so that search and lists never read whole documents: the dialog's own
/// members without its collections, and what list items say of them (the latest activity,
/// transmission counts, unopened content, GUI attachments). Its size does not grow with the
/// dialog's collections.
pub fn summary(doc: &Value) -> Value {
    const COLLECTIONS: [&str; 6] =
        ["activities", "transmissions", "attachments", "guiActions", "apiActions", "searchTags"];
    let summary: serde_json::Map<String, Value> = doc
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(key, _)| !COLLECTIONS.contains(&key.as_str()))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect();
    let mut summary = Value::Object(summary);
    add_transmission_counts(doc, &mut summary);
    let gui_attachments = doc["attachments"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|a| a["urls"].as_array().into_iter().flatten().any(|u| u["consumerType"] == "Gui"))
        .count();
    summary["guiAttachmentCount"] = json!(gui_attachments);
    let latest = doc["activities"]
        .as_array()
        .into_iter()
        .flatten()
        .max_by(|a, b| a["createdAt"].as_str().cmp(&b["createdAt"].as_str()));
    if let Some(activity) = latest {
        summary["latestActivity"] = activity.clone();
    }
    summary
}

/// What a dialog's views say of its transmissions: how many each side sent, and whether the
/// service owner's include one not yet opened.
fn add_transmission_counts(doc: &Value, view: &mut Value) {
    let transmissions = doc["transmissions"].as_array().map(Vec::as_slice).unwrap_or_default();
    let from_party = transmissions.iter().filter(|t| is_from_party(t)).count();
    let unopened =
        transmissions.iter().any(|t| !is_from_party(t) && !is_opened(doc, t["id"].as_str().unwrap_or_default()));
    view["fromPartyTransmissionsCount"] = json!(from_party);
    view["fromServiceOwnerTransmissionsCount"] = json!(transmissions.len() - from_party);
    view["hasUnopenedContent"] = Value::Bool(unopened);
}

/// A view's `seenSinceLastUpdate` and `seenSinceLastContentUpdate`, as `end_user` sees them.
pub fn seen_members(summary: &Value, seen: &[SeenEntry], end_user: Option<&str>) -> [(&'static str, Value); 2] {
    [
        ("seenSinceLastUpdate", Value::Array(seen_since(summary, "updatedAt", seen, end_user))),
        ("seenSinceLastContentUpdate", Value::Array(seen_since(summary, "contentUpdatedAt", seen, end_user))),
    ]
}

/// The `DialogListItem` search returns, from the dialog's [`summary`].
pub fn list_item_view(summary: &Value, seen: &[SeenEntry]) -> Result<Value, DomainError> {
    let mut view = summary.clone();
    for (key, value) in seen_members(summary, seen, None) {
        view[key] = value;
    }
    let typed: DialogListItem =
        serde_json::from_value(view).map_err(|e| DomainError::internal(format!("dialog as list item: {e}")))?;
    serde_json::to_value(typed).map_err(|e| DomainError::internal(e.to_string()))
}
