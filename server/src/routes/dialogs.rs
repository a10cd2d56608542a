//! The dialog itself: search, create, get, update, patch, delete, restore,
//! purge, freeze, and the notification condition check.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use chrono::Utc;
use dialogporten_model::enums::{DialogActivityType, NotificationConditionType};
use dialogporten_model::types::{CreateDialog, UpdateDialog};
use dialogporten_model::validate::{self, DialogDates, HierarchyOf, Rules, normalize_party};
use rusqlite::{Connection, Transaction};
use serde_json::{Value, json};
use uuid::Uuid;

use super::DialogId;
use super::Problem;
use super::{
    JsonBody, Transactions, changeable, check_activity_scopes, check_revision, created, if_match, no_content, ok_json,
    owned, rules, stored_dates, to_doc, writable,
};
use crate::App;
use crate::auth::ServiceOwnerCaller;
use crate::auth::{Caller, scopes};
use crate::dialog::{self, WriteContext, timestamp};
use crate::events::{Children, DialogEvent};
use crate::params::{Params, invalid};
use crate::store::search;
use crate::store::{self, SeenEntry, StoredDialog};

/// `GET /dialogs`
pub async fn search(
    State(app): State<App>,
    ServiceOwnerCaller(caller): ServiceOwnerCaller,
    params: Params,
) -> Result<Response, Problem> {
    caller.require(scopes::SEARCH)?;
    let org = (!caller.is_admin()).then(|| caller.org.clone());
    let query = search::dialogs(&params, org.as_deref())?;
    let page = app
        .read(move |tx| {
            let page = query.run(tx)?;
            let mut items = Vec::with_capacity(page.docs.len());
            for doc in &page.docs {
                let seen = store::seen_log(tx, doc["id"].as_str().unwrap_or_default())?;
                items.push(dialog::list_item_view(doc, &seen)?);
            }
            Ok(json!({
                "items": items,
                "hasNextPage": page.has_next_page,
                "continuationToken": page.continuation_token,
                "orderBy": page.order_by,
            }))
        })
        .await?;
    Ok(ok_json(without_nulls(page), None))
}

fn without_nulls(mut value: Value) -> Value {
    if let Some(map) = value.as_object_mut() {
        map.retain(|_, v| !v.is_null());
    }
    value
}

/// `POST /dialogs`
pub async fn create(
    State(app): State<App>,
    ServiceOwnerCaller(caller): ServiceOwnerCaller,
    params: Params,
    body: JsonBody,
) -> Result<Response, Problem> {
    let now = Utc::now();
    let rules = rules(&app, &caller, now, params.silent()?);
    let mut dto: CreateDialog = body.bind()?;
    validate::create_dialog(&mut dto, &rules)?;
    validate::dialog_dates_in_future(DialogDates::from(&dto), &rules, None).map_err(dates_problem)?;
    check_activity_scopes(&caller, dto.activities.iter().flatten().map(|a| &a.type_))?;
    let resource = dto.service_resource.clone();
    let resource_type = app.resource_type(&caller, &resource)?;
    // The search tags go to the store as bound, never into the document: a body may carry
    // hundreds of thousands, and a JSON tree of them costs many times the body.
    let search_tags = dto.search_tags.take().unwrap_or_default();
    let (idempotent_key, dialog_id) = (dto.idempotent_key.clone(), dto.id);
    let doc = to_doc(&dto)?;
    drop(dto);
    app.check_context_resources(&caller, &doc)?;
    let org = caller.org.clone();
    let outbox = app.outbox.clone();
    let (id, revision) = app
        .write(move |tx| {
            if let Some(key) = idempotent_key.as_deref()
                && let Some(existing) = store::dialog_with_idempotent_key(tx, &org, key)?
            {
                return Err(Problem::conflict(
                    "IdempotentKey",
                    format!("'{key}' already exists with DialogId '{existing}'"),
                ));
            }
            if let Some(id) = dialog_id
                && store::dialog_exists(tx, id)?
            {
                return Err(Problem::duplicate_key("Dialog", id));
            }
            let ctx = WriteContext { org: &org, now, silent: rules.silent };
            let doc = dialog::create(doc, &ctx, &resource_type)?;
            dialog::check_idempotent_keys(&doc)?;
            dialog::check_references(&doc, HierarchyOf::Dialog)?;
            for key in ["activities", "transmissions"] {
                let entity = if key == "activities" { "DialogActivity" } else { "DialogTransmission" };
                for child in doc[key].as_array().into_iter().flatten() {
                    let child_id = child["id"].as_str().unwrap_or_default();
                    if store::child_id_taken(tx, entity, child_id)? {
                        return Err(Problem::duplicate_key(entity, child_id));
                    }
                }
            }
            let stored = StoredDialog { doc, org: org.clone(), frozen: false, has_search_tags: false };
            store::save(tx, &stored)?;
            store::replace_search_tags(tx, stored.id(), search_tags.iter().map(|tag| tag.value.as_str()))?;
            if !rules.silent {
                outbox.created(tx, &stored.doc, now)?;
            }
            Ok((stored.id().to_owned(), stored.revision().to_owned()))
        })
        .await?;
    Ok(created(format!("/api/v1/serviceowner/dialogs/{id}"), &id, &revision))
}

/// Future-date violations are domain errors: 422.
pub fn dates_problem(errors: validate::ValidationErrors) -> Problem {
    let mut problem: Option<Problem> = None;
    for (key, messages) in errors.iter() {
        for message in messages {
            problem = Some(match problem {
                None => Problem::unprocessable(key, message),
                Some(p) => p.with(key, message),
            });
        }
    }
    problem.unwrap_or_else(|| Problem::unprocessable("dto", "Invalid dates."))
}

/// `GET /dialogs/{id}`; with `endUserId`, also records that the end user saw it.
pub async fn get(
    State(app): State<App>,
    ServiceOwnerCaller(caller): ServiceOwnerCaller,
    DialogId(id): DialogId,
    params: Params,
) -> Result<Response, Problem> {
    let end_user = params
        .one("endUserId")
        .map(|u| {
            normalize_party(u)
                .filter(|p| p.starts_with("urn:altinn:person:"))
                .ok_or_else(|| invalid("endUserId", u, "a person URN like urn:altinn:person:identifier-no:08844397713"))
        })
        .transpose()?;
    let outbox = app.outbox.clone();
    // `record`: log the end user's sighting (a write). A read must not fail for its side write: when
    // the storage takes no writes, the dialog is read without it and the lost entry logged.
    let work = move |record: bool| {
        let (caller, end_user, outbox) = (caller.clone(), end_user.clone(), outbox.clone());
        move |tx: &Transaction<'_>| {
            let mut dialog = owned(tx, &caller, id)?;
            if let Some(user) = end_user.as_deref().filter(|_| record)
                && record_seen(tx, &mut dialog, user)?
            {
                outbox.dialog(tx, DialogEvent::Seen, &dialog.doc, Utc::now())?;
            }
            let seen = store::seen_log(tx, dialog.id())?;
            let mut view = dialog::dialog_view(&dialog.doc, &seen, end_user.as_deref());
            view["searchTags"] = store::search_tags(tx, dialog.id())?;
            Ok((view, dialog.revision().to_owned()))
        }
    };
    let (view, revision) = if params.one("endUserId").is_some() {
        match app.write(work(true)).await {
            Err(problem) if problem.is_storage_unavailable() => {
                eprintln!("dp-server: the sighting of dialog {id} was not logged: the storage takes no writes now");
                app.read(work(false)).await?
            }
            answer => answer?,
        }
    } else {
        app.read(work(false)).await?
    };
    Ok(ok_json(view, Some(&revision)))
}

/// Logs that `user` saw the dialog, unless they saw it since it last changed; says whether it logged.
fn record_seen(tx: &Connection, dialog: &mut StoredDialog, user: &str) -> Result<bool, Problem> {
    let updated = dialog.doc["updatedAt"].as_str().unwrap_or_default().to_owned();
    let seen = store::seen_log(tx, dialog.id())?;
    if seen.iter().any(|e| e.end_user_id == user && e.seen_at >= updated) {
        return Ok(false);
    }
    let entry = SeenEntry {
        id: Uuid::now_v7().to_string(),
        seen_at: timestamp(Utc::now()),
        end_user_id: user.to_owned(),
        via_service_owner: true,
    };
    store::insert_seen(tx, dialog.id(), &entry)?;
    dialog.doc["isContentSeen"] = Value::Bool(true);
    store::save(tx, dialog)?;
    Ok(true)
}

/// UpdateDialogCommand on a dialog the caller owns, in upstream's order
/// (1.119.1): its validators with the dialog preloaded (400), then its
/// handler: deleted (410), frozen (403), `If-Match` (412), the time rules
/// (422), activity scopes (403), then the change itself (409, 422). Saves it
/// and records its events unless nothing changed. Returns the revision.
fn apply_update(
    tx: &Connection,
    caller: &Caller,
    dialog: &mut StoredDialog,
    mut dto: UpdateDialog,
    rules: &Rules,
    outbox: &crate::events::Outbox,
    expected: Option<Uuid>,
) -> Result<String, Problem> {
    let before = (!rules.silent).then(|| Children::of(&dialog.doc));
    let stored_visible_from = stored_dates(&dialog.doc).visible_from;
    let mut errors = validate::update_dialog(&mut dto, rules, stored_visible_from).err().unwrap_or_default();
    if let Err(locked) = dialog::check_api_only_lock(&dialog.doc, dto.is_api_only.unwrap_or(false)) {
        errors.extend(locked);
    }
    errors.into_result()?;
    changeable(dialog, caller)?;
    check_revision(expected, dialog.revision())?;
    validate::dialog_dates_in_future(DialogDates::from(&dto), rules, Some(stored_dates(&dialog.doc)))
        .map_err(dates_problem)?;
    check_activity_scopes(caller, dto.activities.iter().flatten().map(|a| &a.type_))?;
    let org = dialog.org.clone();
    let ctx = WriteContext { org: &org, now: rules.now, silent: rules.silent };
    let changed = dialog::update(&mut dialog.doc, to_doc(&dto)?, &ctx, &mut |table, child| {
        store::child_id_taken(tx, table, child)
    })?;
    dialog::check_references(&dialog.doc, HierarchyOf::Dialog)?;
    if changed {
        store::save(tx, dialog)?;
        if let Some(before) = &before {
            outbox.updated(tx, before, &dialog.doc, rules.now)?;
        }
    }
    Ok(dialog.revision().to_owned())
}

/// `PUT /dialogs/{id}`
pub async fn update(
    State(app): State<App>,
    ServiceOwnerCaller(caller): ServiceOwnerCaller,
    DialogId(id): DialogId,
    headers: HeaderMap,
    params: Params,
    body: JsonBody,
) -> Result<Response, Problem> {
    let expected = if_match(&headers)?;
    let rules = rules(&app, &caller, Utc::now(), params.silent()?);
    let dto: UpdateDialog = body.bind()?;
    app.check_context_resources(&caller, &to_doc(&dto)?)?;
    let outbox = app.outbox.clone();
    let revision = app
        .write(move |tx| {
            // Upstream's UpdateDialogCommandValidator runs the body's rules only on a preloaded
            // dialog: for one the caller cannot see, the answer is 404 whatever the body says.
            let mut dialog = owned(tx, &caller, id)?;
            store::load_search_tags(tx, &mut dialog)?;
            apply_update(tx, &caller, &mut dialog, dto, &rules, &outbox, expected)
        })
        .await?;
    Ok(no_content(Some(&revision)))
}

/// One RFC 6902 operation as sent.
struct PatchOp {
    op: String,
    path: String,
    from: Option<String>,
    value: Option<Value>,
}

fn parse_patch(body: Value) -> Result<Vec<PatchOp>, Problem> {
    let Value::Array(items) = body else {
        return Err(Problem::bad_request("dto", "A JSON Patch document must be an array of operations."));
    };
    let mut ops = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        let Value::Object(map) = item else {
            return Err(Problem::bad_request(format!("dto[{i}]"), "Each operation must be an object."));
        };
        let field = |name: &str| map.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.clone());
        let text = |name: &str| field(name).and_then(|v| v.as_str().map(str::to_owned));
        let op = text("op").map(|o| o.to_ascii_lowercase());
        let Some(op) = op.filter(|o| ["add", "remove", "replace", "move", "copy", "test"].contains(&o.as_str())) else {
            return Err(Problem::bad_request(
                format!("dto[{i}].op"),
                "'op' must be one of add, remove, replace, move, copy, test.",
            ));
        };
        let Some(path) = text("path") else {
            return Err(Problem::bad_request(format!("dto[{i}].path"), "'path' must not be empty."));
        };
        ops.push(PatchOp { op, path, from: text("from"), value: field("value") });
    }
    Ok(ops)
}

/// Rewrites a JSON pointer so each member name has the spelling it has in `doc`.
fn resolve_pointer(doc: &Value, pointer: &str) -> String {
    if pointer.is_empty() {
        return String::new();
    }
    let mut current = Some(doc);
    let mut resolved = String::new();
    for raw in pointer.trim_start_matches('/').split('/') {
        let segment = raw.replace("~1", "/").replace("~0", "~");
        let name = match current {
            Some(Value::Object(map)) => {
                map.keys().find(|k| k.eq_ignore_ascii_case(&segment)).cloned().unwrap_or(segment.clone())
            }
            _ => segment.clone(),
        };
        current = match current {
            Some(Value::Object(map)) => map.get(&name),
            Some(Value::Array(items)) => name.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        };
        resolved.push('/');
        resolved.push_str(&name.replace('~', "~0").replace('/', "~1"));
    }
    resolved
}

fn apply_patch(view: &mut Value, ops: Vec<PatchOp>) -> Result<(), Problem> {
    for (i, op) in ops.into_iter().enumerate() {
        let needs = match op.op.as_str() {
            "add" | "replace" | "test" => op.value.is_none().then_some("value"),
            "move" | "copy" => op.from.is_none().then_some("from"),
            "remove" => None,
            other => {
                return Err(Problem::bad_request(
                    format!("dto[{i}].op"),
                    format!("'{other}' is not an operation: use add, remove, replace, move, copy or test."),
                ));
            }
        };
        if let Some(member) = needs {
            return Err(Problem::bad_request(
                format!("dto[{i}].{member}"),
                format!("The operation '{} {}' needs a '{member}'.", op.op, op.path),
            ));
        }
        let path = resolve_pointer(view, &op.path);
        let mut operation = json!({"op": op.op, "path": path});
        if let Some(from) = &op.from {
            operation["from"] = json!(resolve_pointer(view, from));
        }
        if let Some(value) = op.value {
            operation["value"] = value;
        }
        let parsed: json_patch::PatchOperation = serde_json::from_value(operation).map_err(|_| {
            Problem::bad_request(format!("dto[{i}]"), format!("The operation '{} {}' is not valid.", op.op, op.path))
        })?;
        json_patch::patch(view, &[parsed]).map_err(|e| {
            Problem::bad_request(format!("dto[{i}]"), format!("The operation '{} {}' failed: {e}.", op.op, op.path))
        })?;
    }
    Ok(())
}

/// `PATCH /dialogs/{id}`: RFC 6902 applied to the dialog as its PUT body.
pub async fn patch(
    State(app): State<App>,
    ServiceOwnerCaller(caller): ServiceOwnerCaller,
    DialogId(id): DialogId,
    headers: HeaderMap,
    params: Params,
    body: JsonBody,
) -> Result<Response, Problem> {
    let expected = if_match(&headers)?;
    let rules = rules(&app, &caller, Utc::now(), params.silent()?);
    let patch = body.json_or(&["application/json-patch+json"])?;
    app.check_context_resources(&caller, &patch)?;
    let ops = parse_patch(patch)?;
    let outbox = app.outbox.clone();
    let revision = app
        .write(move |tx| {
            // Upstream's PatchDialogsController gets the dialog (404), applies the patch (400),
            // then sends the UpdateDialogCommand.
            let mut dialog = owned(tx, &caller, id)?;
            store::load_search_tags(tx, &mut dialog)?;
            let mut view = dialog::put_view(&dialog.doc)?;
            apply_patch(&mut view, ops)?;
            let dto: UpdateDialog = validate::bind(view)?;
            apply_update(tx, &caller, &mut dialog, dto, &rules, &outbox, expected)
        })
        .await?;
    Ok(no_content(Some(&revision)))
}

/// Deleting `/dialogs/{id}`: a soft delete.
pub async fn delete(
    State(app): State<App>,
    ServiceOwnerCaller(caller): ServiceOwnerCaller,
    DialogId(id): DialogId,
    headers: HeaderMap,
    params: Params,
) -> Result<Response, Problem> {
    let expected = if_match(&headers)?;
    let silent = params.silent()?;
    let outbox = app.outbox.clone();
    let revision = app
        .write(move |tx| {
            let mut dialog = writable(tx, &caller, id, expected)?;
            let at = Utc::now();
            let now = timestamp(at);
            dialog.doc["deletedAt"] = json!(now);
            // A soft delete keeps `updatedAt`, as upstream's does.
            dialog::new_revision(&mut dialog.doc);
            store::save(tx, &dialog)?;
            if !silent {
                outbox.dialog(tx, DialogEvent::Deleted, &dialog.doc, at)?;
            }
            Ok(dialog.revision().to_owned())
        })
        .await?;
    Ok(no_content(Some(&revision)))
}

/// `POST /dialogs/{id}/actions/restore`: undoes a soft delete (a no-op if not deleted).
pub async fn restore(
    State(app): State<App>,
    ServiceOwnerCaller(caller): ServiceOwnerCaller,
    DialogId(id): DialogId,
    headers: HeaderMap,
    params: Params,
) -> Result<Response, Problem> {
    let expected = if_match(&headers)?;
    let silent = params.silent()?;
    let outbox = app.outbox.clone();
    let revision = app
        .write(move |tx| {
            let mut dialog = owned(tx, &caller, id)?;
            check_revision(expected, dialog.revision())?;
            if dialog.is_deleted() {
                if let Some(map) = dialog.doc.as_object_mut() {
                    map.remove("deletedAt");
                }
                // A restore keeps `updatedAt`, as upstream's does.
                dialog::new_revision(&mut dialog.doc);
                let at = Utc::now();
                store::save(tx, &dialog)?;
                if !silent {
                    outbox.dialog(tx, DialogEvent::Restored, &dialog.doc, at)?;
                }
            }
            Ok(dialog.revision().to_owned())
        })
        .await?;
    Ok(no_content(Some(&revision)))
}

/// `POST /dialogs/{id}/actions/purge`: hard delete.
pub async fn purge(
    State(app): State<App>,
    ServiceOwnerCaller(caller): ServiceOwnerCaller,
    DialogId(id): DialogId,
    headers: HeaderMap,
    params: Params,
) -> Result<Response, Problem> {
    // Upstream: PurgeDialogCommandValidator.
    if id.is_nil() {
        return Err(Problem::bad_request("dialogId", format!("DialogId was either badly formatted or {id}")));
    }
    let expected = if_match(&headers)?;
    let silent = params.silent()?;
    let outbox = app.outbox.clone();
    app.write(move |tx| {
        // Upstream's purge has no frozen check: it removes what an admin froze, too.
        let dialog = owned(tx, &caller, id)?;
        check_revision(expected, dialog.revision())?;
        store::purge(tx, dialog.id())?;
        if silent {
            return Ok(());
        }
        Ok(outbox.dialog(tx, DialogEvent::Deleted, &dialog.doc, Utc::now())?)
    })
    .await?;
    Ok(no_content(None))
}

/// `POST /dialogs/{id}/actions/freeze`: admins only.
pub async fn freeze(
    State(app): State<App>,
    ServiceOwnerCaller(caller): ServiceOwnerCaller,
    DialogId(id): DialogId,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let expected = if_match(&headers)?;
    if !caller.is_admin() {
        return Err(Problem::forbidden("Only ServiceOwner admin can freeze dialogs."));
    }
    let revision = app
        .write(move |tx| {
            let mut dialog = writable(tx, &caller, id, expected)?;
            // Upstream: freezing a frozen dialog changes nothing, its revision included.
            if dialog.frozen {
                return Ok(dialog.revision().to_owned());
            }
            dialog.frozen = true;
            dialog::new_revision(&mut dialog.doc);
            store::save(tx, &dialog)?;
            Ok(dialog.revision().to_owned())
        })
        .await?;
    Ok(no_content(Some(&revision)))
}

/// `GET /dialogs/{id}/actions/should-send-notification`, for Altinn Notifications.
pub async fn should_send_notification(
    State(app): State<App>,
    caller: Caller,
    DialogId(id): DialogId,
    params: Params,
) -> Result<Response, Problem> {
    caller.require(scopes::NOTIFICATIONS)?;
    let condition = params
        .one("conditionType")
        .ok_or_else(|| Problem::bad_request("conditionType", "'ConditionType' must not be empty."))?;
    let condition = NotificationConditionType::parse_known(condition)
        .ok_or_else(|| invalid("conditionType", condition, "NotExists or Exists"))?;
    let activity = params
        .one("activityType")
        .ok_or_else(|| Problem::bad_request("activityType", "'ActivityType' must not be empty."))?;
    let activity = DialogActivityType::parse_known(activity)
        .ok_or_else(|| invalid("activityType", activity, "an activity type"))?;
    let transmission = params.uuid("transmissionId")?;
    // Upstream: NotificationConditionQueryValidator (its messages, '$' signs included).
    let opened = activity == DialogActivityType::TransmissionOpened;
    if opened && transmission.is_none_or(|t| t.is_nil()) {
        return Err(Problem::bad_request(
            "transmissionId",
            "TransmissionId must not be empty when $ActivityType is $TransmissionOpened",
        ));
    }
    if !opened && transmission.is_some() {
        return Err(Problem::bad_request(
            "transmissionId",
            "TransmissionId must be empty when ActivityType is not TransmissionOpened.",
        ));
    }
    let send = app
        .read(move |tx| {
            // A deleted dialog is evaluated as any other (upstream's query ignores the delete filter).
            let dialog = store::load(tx, id)?.ok_or_else(|| Problem::not_found("DialogEntity", id))?;
            let exists = dialog.doc["activities"].as_array().into_iter().flatten().any(|a| {
                a["type"].as_str() == Some(activity.as_str())
                    && transmission.is_none_or(|t| a["transmissionId"].as_str() == Some(t.to_string().as_str()))
            });
            Ok(match condition {
                NotificationConditionType::Exists => exists,
                _ => !exists,
            })
        })
        .await?;
    Ok(ok_json(json!({"sendNotification": send}), None))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_take_the_documents_spelling() {
        let doc = json!({"attachments": [{"displayName": []}], "content": {"summary": null}});
        assert_eq!(resolve_pointer(&doc, "/Attachments"), "/attachments");
        assert_eq!(resolve_pointer(&doc, "/ATTACHMENTS/0/DisplayName/-"), "/attachments/0/displayName/-");
        assert_eq!(resolve_pointer(&doc, "/Content/Summary"), "/content/summary");
        assert_eq!(resolve_pointer(&doc, "/newThing"), "/newThing");
    }
}
