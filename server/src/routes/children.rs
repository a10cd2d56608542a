//! What hangs off a dialog: activities, transmissions and the seen log.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use chrono::Utc;
use dialogporten_model::types::{
    CreateDialogActivityRequest, CreateTransmissionRequest, DialogActivityDetails, DialogActivitySearchItem,
    DialogSeenLogDetails, DialogSeenLogSearchItem, DialogTransmissionDetails, DialogTransmissionSearchItem,
    UpdateTransmissionRequest,
};
use dialogporten_model::validate::{self, HierarchyOf};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::DialogId;
use super::Problem;
use super::{
    JsonBody, Transactions, check_activity_scopes, check_revision, created, if_match, no_content, ok_json, owned,
    parse_id, rules, to_doc, transmission_ids, writable,
};
use crate::App;
use crate::auth::ServiceOwnerCaller;
use crate::auth::scopes;
use crate::dialog::{self, Duplicate, WriteContext, timestamp};
use crate::domain_error::DomainError;
use crate::events::Children;
use crate::params::Params;
use crate::store::{self, StoredDialog};

/// Re-shapes a document part as one of the contract's response types, dropping what that type lacks.
fn shaped<T: DeserializeOwned + Serialize>(value: Value) -> Result<Value, Problem> {
    let typed: T = serde_json::from_value(value)
        .map_err(|e| Problem::internal(format!("response as {}: {e}", std::any::type_name::<T>())))?;
    serde_json::to_value(typed).map_err(|e| Problem::internal(e.to_string()))
}

fn readable(dialog: StoredDialog, id: uuid::Uuid) -> Result<StoredDialog, Problem> {
    if dialog.is_deleted() { Err(Problem::gone("DialogEntity", id)) } else { Ok(dialog) }
}

fn find<'a>(doc: &'a Value, list: &str, id: uuid::Uuid) -> Option<&'a Value> {
    let id = id.to_string();
    doc[list].as_array().into_iter().flatten().find(|item| item["id"].as_str() == Some(id.as_str()))
}

/// `GET /dialogs/{id}/activities`
pub async fn list_activities(
    State(app): State<App>,
    ServiceOwnerCaller(caller): ServiceOwnerCaller,
    DialogId(id): DialogId,
) -> Result<Response, Problem> {
    let items = app
        .read(move |tx| {
            let dialog = owned(tx, &caller, id)?;
            dialog.doc["activities"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|a| shaped::<DialogActivitySearchItem>(a.clone()))
                .collect::<Result<Vec<_>, _>>()
        })
        .await?;
    Ok(ok_json(Value::Array(items), None))
}

/// `GET /dialogs/{id}/activities/{activityId}`
pub async fn get_activity(
    State(app): State<App>,
    ServiceOwnerCaller(caller): ServiceOwnerCaller,
    DialogId(id): DialogId,
    Path((_, activity_id)): Path<(String, String)>,
) -> Result<Response, Problem> {
    let activity_id = parse_id(&activity_id, "DialogActivity")?;
    let activity = app
        .read(move |tx| {
            let dialog = readable(owned(tx, &caller, id)?, id)?;
            let activity = find(&dialog.doc, "activities", activity_id)
                .ok_or_else(|| Problem::not_found("DialogActivity", activity_id))?;
            shaped::<DialogActivityDetails>(activity.clone())
        })
        .await?;
    Ok(ok_json(activity, None))
}

/// `POST /dialogs/{id}/activities`
pub async fn create_activity(
    State(app): State<App>,
    ServiceOwnerCaller(caller): ServiceOwnerCaller,
    DialogId(id): DialogId,
    headers: HeaderMap,
    params: Params,
    body: JsonBody,
) -> Result<Response, Problem> {
    let expected = if_match(&headers)?;
    let rules = rules(&app, &caller, Utc::now(), params.silent()?);
    let mut dto: CreateDialogActivityRequest = body.bind()?;
    check_activity_scopes(&caller, [&dto.type_])?;
    // Upstream validates the body before its handler looks the dialog up: 400 before 404 and 412.
    validate::activity(&mut dto, &rules)?;
    let outbox = app.outbox.clone();
    let (activity_id, revision) = app
        .write(move |tx| {
            // Upstream's CreateActivityCommand lets an admin add activities to a deleted dialog.
            let mut dialog = if caller.is_admin() { owned(tx, &caller, id)? } else { writable(tx, &caller, id, None)? };
            let before = (!rules.silent).then(|| Children::of(&dialog.doc));
            if let Some(transmission) = dto.transmission_id {
                validate::activity_transmission_exists(transmission, &transmission_ids(&dialog.doc))
                    .map_err(DomainError::Unprocessable)?;
            }
            // Last, as upstream's concurrency check at SaveChanges.
            check_revision(expected, dialog.revision())?;
            let ctx = WriteContext { org: &caller.org, now: rules.now, silent: rules.silent };
            let ids = dialog::append_activities(
                &mut dialog.doc,
                vec![to_doc(&dto)?],
                &timestamp(rules.now),
                &mut |table, child| store::child_id_taken(tx, table, child),
                Duplicate::Appended,
            )?;
            dialog::touch(&mut dialog.doc, &ctx, false);
            store::save(tx, &dialog)?;
            if let Some(before) = &before {
                outbox.updated(tx, before, &dialog.doc, rules.now)?;
            }
            Ok((ids.into_iter().next().unwrap_or_default(), dialog.revision().to_owned()))
        })
        .await?;
    Ok(created(format!("/api/v1/serviceowner/dialogs/{id}/activities/{activity_id}"), &activity_id, &revision))
}

/// `GET /dialogs/{id}/transmissions`
pub async fn list_transmissions(
    State(app): State<App>,
    ServiceOwnerCaller(caller): ServiceOwnerCaller,
    DialogId(id): DialogId,
) -> Result<Response, Problem> {
    let items = app
        .read(move |tx| {
            let dialog = readable(owned(tx, &caller, id)?, id)?;
            dialog.doc["transmissions"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|t| shaped::<DialogTransmissionSearchItem>(dialog::transmission_view(&dialog.doc, t)))
                .collect::<Result<Vec<_>, _>>()
        })
        .await?;
    Ok(ok_json(Value::Array(items), None))
}

/// `GET /dialogs/{id}/transmissions/{transmissionId}`
pub async fn get_transmission(
    State(app): State<App>,
    ServiceOwnerCaller(caller): ServiceOwnerCaller,
    DialogId(id): DialogId,
    Path((_, transmission_id)): Path<(String, String)>,
) -> Result<Response, Problem> {
    let transmission_id = parse_id(&transmission_id, "DialogTransmission")?;
    let transmission = app
        .read(move |tx| {
            let dialog = readable(owned(tx, &caller, id)?, id)?;
            let transmission = find(&dialog.doc, "transmissions", transmission_id)
                .ok_or_else(|| Problem::not_found("DialogTransmission", transmission_id))?;
            shaped::<DialogTransmissionDetails>(dialog::transmission_view(&dialog.doc, transmission))
        })
        .await?;
    Ok(ok_json(transmission, None))
}

/// `POST /dialogs/{id}/transmissions`
pub async fn create_transmission(
    State(app): State<App>,
    ServiceOwnerCaller(caller): ServiceOwnerCaller,
    DialogId(id): DialogId,
    headers: HeaderMap,
    params: Params,
    body: JsonBody,
) -> Result<Response, Problem> {
    let expected = if_match(&headers)?;
    let rules = rules(&app, &caller, Utc::now(), params.silent()?);
    let mut dto: CreateTransmissionRequest = body.bind()?;
    // CreateTransmissionCommandValidator runs before the handler: 400 before 404. Its handler then
    // checks deleted (410), frozen (403) and If-Match (412) before the idempotent key (409) and
    // the related transmission (422).
    validate::create_transmission(&mut dto, &rules)?;
    app.check_context_resources(&caller, &to_doc(&dto)?)?;
    let outbox = app.outbox.clone();
    let (transmission_id, revision) = app
        .write(move |tx| {
            let mut dialog = writable(tx, &caller, id, expected)?;
            let before = (!rules.silent).then(|| Children::of(&dialog.doc));
            let ctx = WriteContext { org: &caller.org, now: rules.now, silent: rules.silent };
            let now = dialog::stamp(&dialog.doc, rules.now);
            let ids = dialog::append_transmissions(
                &mut dialog.doc,
                vec![to_doc(&dto)?],
                &now,
                &mut |table, child| store::child_id_taken(tx, table, child),
                Duplicate::Appended,
            )?;
            dialog::check_references(&dialog.doc, HierarchyOf::AddedTransmissions)?;
            dialog::touch(&mut dialog.doc, &ctx, true);
            dialog::normalize_times(&mut dialog.doc);
            store::save(tx, &dialog)?;
            if let Some(before) = &before {
                outbox.updated(tx, before, &dialog.doc, rules.now)?;
            }
            Ok((ids.into_iter().next().unwrap_or_default(), dialog.revision().to_owned()))
        })
        .await?;
    Ok(created(
        format!("/api/v1/serviceowner/dialogs/{id}/transmissions/{transmission_id}"),
        &transmission_id,
        &revision,
    ))
}

/// `PUT /dialogs/{id}/transmissions/{transmissionId}`: a silent, scope-gated correction.
pub async fn update_transmission(
    State(app): State<App>,
    ServiceOwnerCaller(caller): ServiceOwnerCaller,
    DialogId(id): DialogId,
    Path((_, transmission_id)): Path<(String, String)>,
    headers: HeaderMap,
    params: Params,
    body: JsonBody,
) -> Result<Response, Problem> {
    let transmission_id = parse_id(&transmission_id, "DialogTransmission")?;
    let expected = if_match(&headers)?;
    let mut dto: UpdateTransmissionRequest = body.bind()?;
    // UpdateTransmissionCommandValidator, before the handler: the body's rules and a silent update.
    let rules = rules(&app, &caller, Utc::now(), true);
    let mut errors = validate::update_transmission(&mut dto, &rules).err().unwrap_or_default();
    if !(params.silent()? || dto.is_silent_update == Some(true)) {
        errors.add("isSilentUpdate", "IsSilentUpdate must be true when updating transmissions.");
    }
    errors.into_result()?;
    // The handler: the scope, then the dialog (404, 410, 403), then the transmission (404); the
    // revision is compared at SaveChanges, last.
    caller.require(scopes::CHANGE_TRANSMISSIONS)?;
    app.check_context_resources(&caller, &to_doc(&dto)?)?;
    let revision = app
        .write(move |tx| {
            let mut dialog = writable(tx, &caller, id, None)?;
            let target = transmission_id.to_string();
            let list = dialog.doc["transmissions"].as_array_mut();
            let Some(existing) = list.into_iter().flatten().find(|t| t["id"].as_str() == Some(target.as_str())) else {
                return Err(Problem::not_found("DialogTransmission", transmission_id));
            };
            let created_at = existing["createdAt"].clone();
            let mut replacement = to_doc(&dto)?;
            replacement["id"] = json!(target);
            if replacement.get("createdAt").is_none_or(Value::is_null) {
                replacement["createdAt"] = created_at;
            }
            dialog::prepare_transmission(&mut replacement, &timestamp(rules.now));
            *existing = replacement;
            let keys: Vec<&str> = dialog.doc["transmissions"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|t| t["idempotentKey"].as_str())
                .collect();
            if let Some(key) = keys.iter().enumerate().find(|(i, k)| keys[..*i].contains(k)).map(|(_, k)| *k) {
                return Err(Problem::conflict(
                    "IdempotentKey",
                    format!("Duplicate IdempotentKey detected in dialog transmissions. Conflicting keys: '{key}'."),
                ));
            }
            dialog::check_references(&dialog.doc, HierarchyOf::Dialog)?;
            check_revision(expected, dialog.revision())?;
            let ctx = WriteContext { org: &caller.org, now: rules.now, silent: true };
            dialog::touch(&mut dialog.doc, &ctx, true);
            dialog::normalize_times(&mut dialog.doc);
            store::save(tx, &dialog)?;
            Ok(dialog.revision().to_owned())
        })
        .await?;
    Ok(no_content(Some(&revision)))
}

/// `GET /dialogs/{id}/seenlog`
pub async fn list_seen_log(
    State(app): State<App>,
    ServiceOwnerCaller(caller): ServiceOwnerCaller,
    DialogId(id): DialogId,
) -> Result<Response, Problem> {
    let items = app
        .read(move |tx| {
            let dialog = readable(owned(tx, &caller, id)?, id)?;
            store::seen_log(tx, dialog.id())?
                .iter()
                .map(|e| shaped::<DialogSeenLogSearchItem>(dialog::seen_view(e, None)))
                .collect::<Result<Vec<_>, _>>()
        })
        .await?;
    Ok(ok_json(Value::Array(items), None))
}

/// `GET /dialogs/{id}/seenlog/{seenLogId}`
pub async fn get_seen_log(
    State(app): State<App>,
    ServiceOwnerCaller(caller): ServiceOwnerCaller,
    DialogId(id): DialogId,
    Path((_, seen_log_id)): Path<(String, String)>,
) -> Result<Response, Problem> {
    let seen_log_id = parse_id(&seen_log_id, "DialogSeenLog")?;
    let entry = app
        .read(move |tx| {
            let dialog = readable(owned(tx, &caller, id)?, id)?;
            let wanted = seen_log_id.to_string();
            let entry = store::seen_log(tx, dialog.id())?
                .into_iter()
                .find(|e| e.id == wanted)
                .ok_or_else(|| Problem::not_found("DialogSeenLog", seen_log_id))?;
            shaped::<DialogSeenLogDetails>(dialog::seen_view(&entry, None))
        })
        .await?;
    Ok(ok_json(entry, None))
}

/// `POST /dialogs/{id}/activities/{activityId}/actions/updateFormSavedActivityTime`: an admin
/// moves a `FormSaved` activity's time (upstream's adapter-internal action, not in the contract;
/// `UpdateFormSavedActivityTimeCommand`). Silent: no events, no `updatedAt` bump unless the
/// activity moves past it.
pub async fn update_form_saved_time(
    State(app): State<App>,
    ServiceOwnerCaller(caller): ServiceOwnerCaller,
    DialogId(id): DialogId,
    Path((_, activity_id)): Path<(String, String)>,
    headers: HeaderMap,
    body: JsonBody,
) -> Result<Response, Problem> {
    if !caller.is_admin() {
        return Err(Problem::forbidden("Requires admin scope"));
    }
    let activity_id = parse_id(&activity_id, "DialogActivity")?;
    let expected = if_match(&headers)?;
    let new_created_at = body
        .json()?
        .as_str()
        .and_then(dialog::parse_time)
        .ok_or_else(|| Problem::bad_request("newCreatedAt", "The body must be a date and time (a JSON string)."))?;
    let mut checked = validate::ValidationErrors::new();
    if new_created_at > Utc::now() + chrono::Duration::seconds(dialogporten_model::ids::CLOCK_SKEW_SECONDS) {
        checked.add("newCreatedAt", "'NewCreatedAt' must be in the past.");
    }
    if !checked.is_empty() {
        return Err(checked.into());
    }
    let revision = app
        .write(move |tx| {
            let mut dialog = owned(tx, &caller, id)?;
            let current_revision = dialog.revision().to_owned();
            let activity_key = activity_id.to_string();
            let activities = dialog.doc["activities"].as_array_mut();
            let Some(activity) = activities.into_iter().flatten().find(|a| a["id"].as_str() == Some(&activity_key))
            else {
                return Err(Problem::not_found("DialogActivity", activity_id));
            };
            if activity["type"].as_str() != Some("FormSaved") {
                return Err(Problem::unprocessable(
                    "Type",
                    "Only FormSaved activities is allowed to be updated using admin scope.",
                ));
            }
            check_revision(expected, &current_revision)?;
            let at = timestamp(new_created_at);
            activity["createdAt"] = json!(at);
            if dialog.doc["updatedAt"].as_str().is_none_or(|updated| updated < at.as_str()) {
                dialog.doc["updatedAt"] = json!(at);
            }
            dialog::new_revision(&mut dialog.doc);
            dialog::normalize_times(&mut dialog.doc);
            store::save(tx, &dialog)?;
            Ok(dialog.revision().to_owned())
        })
        .await?;
    Ok(no_content(Some(&revision)))
}
