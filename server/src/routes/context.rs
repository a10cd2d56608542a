//! Labels: the service owner's own labels and the end users' system labels.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use dialogporten_model::enums::SystemLabel;
use dialogporten_model::types::{BulkSetSystemLabel, CreateServiceOwnerLabel, SetDialogSystemLabelRequest};
use dialogporten_model::validate::{self, ValidationErrors, normalize_party};
use rusqlite::Connection;
use serde_json::{Value, json};
use uuid::Uuid;

use super::DialogId;
use super::Problem;
use super::{JsonBody, Transactions, check_revision, if_match, no_content, ok_json, owned, to_doc};
use crate::App;
use crate::auth::ServiceOwnerCaller;
use crate::auth::{Caller, scopes};
use crate::dialog;
use crate::params::{Params, invalid};
use crate::store;
use crate::store::search;

fn so_revision(doc: &Value) -> String {
    doc["serviceOwnerContext"]["revision"].as_str().unwrap_or_default().to_owned()
}

fn so_labels(doc: &Value) -> Vec<String> {
    doc["serviceOwnerContext"]["serviceOwnerLabels"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|l| l["value"].as_str().map(str::to_owned))
        .collect()
}

fn set_so_labels(doc: &mut Value, labels: Vec<String>) {
    let labels: Vec<Value> = labels.into_iter().map(|value| json!({"value": value})).collect();
    doc["serviceOwnerContext"] = json!({"revision": Uuid::new_v4().to_string(), "serviceOwnerLabels": labels});
}

/// `GET /dialogs/{id}/context/labels`
pub async fn labels(
    State(app): State<App>,
    ServiceOwnerCaller(caller): ServiceOwnerCaller,
    DialogId(id): DialogId,
) -> Result<Response, Problem> {
    let (labels, revision) = app
        .read(move |tx| {
            let dialog = owned(tx, &caller, id)?;
            Ok((so_labels(&dialog.doc), so_revision(&dialog.doc)))
        })
        .await?;
    let body: Vec<Value> = labels.into_iter().map(|value| json!({"value": value})).collect();
    Ok(ok_json(Value::Array(body), Some(&revision)))
}

/// `POST /dialogs/{id}/context/labels`; adding a label the dialog has is a no-op.
pub async fn add_label(
    State(app): State<App>,
    ServiceOwnerCaller(caller): ServiceOwnerCaller,
    DialogId(id): DialogId,
    headers: HeaderMap,
    body: JsonBody,
) -> Result<Response, Problem> {
    let expected = if_match(&headers)?;
    let dto: CreateServiceOwnerLabel = body.bind()?;
    let revision = app
        .write(move |tx| {
            let mut dialog = owned(tx, &caller, id)?;
            check_revision(expected, &so_revision(&dialog.doc))?;
            let mut labels = so_labels(&dialog.doc);
            // Upstream validates the whole new list: a label the dialog has (in any case) is a 400.
            let label = validate::add_service_owner_label(&labels, &dto.value)?;
            labels.push(label);
            set_so_labels(&mut dialog.doc, labels);
            store::save(tx, &dialog)?;
            Ok(so_revision(&dialog.doc))
        })
        .await?;
    Ok(no_content(Some(&revision)))
}

/// Deleting `/dialogs/{id}/context/labels/{label}`.
pub async fn remove_label(
    State(app): State<App>,
    ServiceOwnerCaller(caller): ServiceOwnerCaller,
    DialogId(id): DialogId,
    Path((_, label)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let expected = if_match(&headers)?;
    let label = label.trim().to_lowercase();
    let revision = app
        .write(move |tx| {
            let mut dialog = owned(tx, &caller, id)?;
            check_revision(expected, &so_revision(&dialog.doc))?;
            let mut labels = so_labels(&dialog.doc);
            let before = labels.len();
            labels.retain(|l| *l != label);
            if labels.len() == before {
                return Err(Problem::not_found("ServiceOwnerLabel", &label));
            }
            set_so_labels(&mut dialog.doc, labels);
            store::save(tx, &dialog)?;
            Ok(so_revision(&dialog.doc))
        })
        .await?;
    Ok(no_content(Some(&revision)))
}

/// The labels a request adds, removes, or (deprecated `systemLabels`) sets outright.
pub(super) struct LabelChanges {
    add: Vec<String>,
    remove: Vec<String>,
    set: Option<Vec<String>>,
}

/// The label changes a request asks for, checked.
pub(super) fn label_changes(dto: &Value) -> Result<LabelChanges, Problem> {
    let mut errors = ValidationErrors::new();
    let mut read = |key: &str| -> Option<Vec<String>> {
        let list = dto[key].as_array()?;
        let mut labels = Vec::new();
        for (i, item) in list.iter().enumerate() {
            let text = item.as_str().unwrap_or_default();
            match SystemLabel::parse_known(text) {
                Some(SystemLabel::Sent) => errors.add(
                    format!("dto.{key}[{i}]"),
                    "'Sent' is set by the system when the party sends a transmission; it cannot be changed.",
                ),
                Some(label) => labels.push(label.to_string()),
                None => errors.add(
                    format!("dto.{key}[{i}]"),
                    format!("'{text}' is not a system label (Default, Bin, Archive, MarkedAsUnopened)."),
                ),
            }
        }
        Some(labels)
    };
    let add = read("addLabels").unwrap_or_default();
    let remove = read("removeLabels").unwrap_or_default();
    let set = read("systemLabels");
    if errors.is_empty() { Ok(LabelChanges { add, remove, set }) } else { Err(Problem::validation(errors)) }
}

/// The dialog's system labels.
pub(super) fn system_labels(doc: &Value) -> Vec<String> {
    doc["endUserContext"]["systemLabels"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|l| l.as_str().map(str::to_owned))
        .collect()
}

pub(super) fn apply_labels(doc: &mut Value, changes: &LabelChanges) {
    let LabelChanges { add, remove, set } = changes;
    if let Some(set) = set {
        let current: Vec<String> = doc["endUserContext"]["systemLabels"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|l| l.as_str().map(str::to_owned))
            .filter(|l| l == "Sent")
            .collect();
        dialog::set_labels(doc, current.into_iter().chain(set.iter().cloned()).collect());
    }
    if !add.is_empty() || !remove.is_empty() {
        // When several of Default, Bin and Archive are added, the last one wins.
        dialog::change_labels(doc, add, remove);
    }
}

fn end_user(params: &Params, dto: &Value, caller: &Caller) -> Result<(), Problem> {
    // Upstream: BulkSetSystemLabelCommandValidator / SetDialogSystemLabelCommandValidator, then the admin check.
    let performed_by = dto.get("performedBy").is_some_and(|p| !p.is_null());
    let user = params.one("enduserId").filter(|u| !u.trim().is_empty());
    match (performed_by, user) {
        (true, Some(_)) => {
            Err(Problem::bad_request("endUserId", "EnduserId must be omitted when performedBy is supplied."))
        }
        (false, None) => Err(Problem::bad_request("endUserId", "EnduserId is required")),
        (true, None) if !caller.is_admin() => {
            Err(Problem::forbidden(format!("Setting 'PerformedBy' requires the scope {}.", scopes::ADMIN)))
        }
        (true, None) => Ok(()),
        (false, Some(user)) => {
            normalize_party(user).filter(|p| p.starts_with("urn:altinn:person:")).map(|_| ()).ok_or_else(|| {
                invalid("enduserId", user, "a person URN like urn:altinn:person:identifier-no:08844397713").into()
            })
        }
    }
}

fn end_user_revision(doc: &Value) -> String {
    doc["endUserContext"]["revision"].as_str().unwrap_or_default().to_owned()
}

/// `PUT /dialogs/{id}/endusercontext/systemlabels`
pub async fn set_system_labels(
    State(app): State<App>,
    ServiceOwnerCaller(caller): ServiceOwnerCaller,
    DialogId(id): DialogId,
    headers: HeaderMap,
    params: Params,
    body: JsonBody,
) -> Result<Response, Problem> {
    let expected = if_match(&headers)?;
    let dto = to_doc(&body.bind::<SetDialogSystemLabelRequest>()?)?;
    end_user(&params, &dto, &caller)?;
    let changes = label_changes(&dto)?;
    let revision = app
        .write(move |tx| {
            let mut dialog = owned(tx, &caller, id)?;
            if dialog.is_deleted() {
                return Err(Problem::gone("DialogEntity", id));
            }
            check_revision(expected, &end_user_revision(&dialog.doc))?;
            apply_labels(&mut dialog.doc, &changes);
            store::save(tx, &dialog)?;
            Ok(end_user_revision(&dialog.doc))
        })
        .await?;
    Ok(no_content(Some(&revision)))
}

/// `POST /dialogs/endusercontext/systemlabels/actions/bulkset`: all or nothing.
pub async fn bulk_set_system_labels(
    State(app): State<App>,
    ServiceOwnerCaller(caller): ServiceOwnerCaller,
    params: Params,
    body: JsonBody,
) -> Result<Response, Problem> {
    let dto = to_doc(&body.bind::<BulkSetSystemLabel>()?)?;
    end_user(&params, &dto, &caller)?;
    let changes = label_changes(&dto)?;
    let targets = dto["dialogs"].as_array().cloned().unwrap_or_default();
    validate::bulk_dialogs(
        targets.iter().map(|t| t["dialogId"].as_str().unwrap_or_default()),
        validate::BULK_DIALOGS_SERVICE_OWNER,
    )?;
    app.write(move |tx: &rusqlite::Transaction<'_>| {
        let conn: &Connection = tx;
        for target in &targets {
            let id: Uuid = target["dialogId"]
                .as_str()
                .and_then(|s| s.parse().ok())
                .ok_or_else(|| Problem::bad_request("dto.dialogs", "Each dialog needs a 'dialogId'."))?;
            let mut dialog = owned(conn, &caller, id)?;
            if dialog.is_deleted() {
                return Err(Problem::gone("DialogEntity", id));
            }
            let expected = target["endUserContextRevision"].as_str().and_then(|s| s.parse().ok());
            check_revision(expected, &end_user_revision(&dialog.doc))?;
            apply_labels(&mut dialog.doc, &changes);
            store::save(conn, &dialog)?;
        }
        Ok(())
    })
    .await?;
    Ok(no_content(None))
}

/// `GET /dialogs/endusercontext`
pub async fn search_end_user_contexts(
    State(app): State<App>,
    ServiceOwnerCaller(caller): ServiceOwnerCaller,
    params: Params,
) -> Result<Response, Problem> {
    caller.require(scopes::SEARCH)?;
    let org = (!caller.is_admin()).then(|| caller.org.clone());
    let query = search::end_user_contexts(&params, org.as_deref())?;
    let page = app.read(move |tx| Ok(query.run(tx)?)).await?;
    let items: Vec<Value> = page
        .docs
        .iter()
        .map(|doc| {
            json!({
                "dialogId": doc["id"],
                "endUserContextRevision": doc["endUserContext"]["revision"],
                "systemLabels": doc["endUserContext"]["systemLabels"],
            })
        })
        .collect();
    let mut body = json!({"items": items, "hasNextPage": page.has_next_page, "orderBy": page.order_by});
    if let Some(token) = page.continuation_token {
        body["continuationToken"] = json!(token);
    }
    Ok(ok_json(body, None))
}
