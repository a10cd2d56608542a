//! The end-user API v1 (`/api/v1/enduser/...`), the 16 operations of upstream's end-user contract
//! (the two metadata ones are shared with the service owners' routes): what a citizen's inbox reads.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use chrono::Utc;
use dialogporten_model::accepted_languages::AcceptedLanguages;
use dialogporten_model::instance_ref::{InstanceKind, InstanceRef, UNSUPPORTED};
use dialogporten_model::types::{BulkSetSystemLabel, SetDialogSystemLabelRequest};
use rusqlite::Connection;
use serde_json::{Value, json};
use uuid::Uuid;

use super::context::{LabelChanges, apply_labels, label_changes, system_labels};
use super::metadata::resource_metadata;
use super::{AcceptsJson, DialogId};
use super::{JsonBody, Problem, Transactions, accepted, check_revision, if_match, no_content, ok_json, parse_id};
use crate::App;
use crate::dialog::{self, timestamp};
use crate::enduser::{self, EndUserCaller, Unseen};
use crate::events::DialogEvent;
use crate::idp::dialog_tokens::DialogTokenGrant;
use crate::params::Params;
use crate::store::search;
use crate::store::{self, SeenEntry, StoredDialog};

/// The dialog `id` if `caller` may see it now: 404 when missing, hidden or expired, 403 when not
/// theirs, 410 when deleted (upstream's end-user queries, in that order).
fn visible(conn: &Connection, caller: &EndUserCaller, id: Uuid) -> Result<StoredDialog, Problem> {
    let dialog = store::load(conn, id)?.ok_or_else(|| Problem::not_found("DialogEntity", id))?;
    match enduser::check_visible(&dialog.doc, dialog.is_deleted(), caller, Utc::now()) {
        Ok(()) => Ok(dialog),
        Err(Unseen::Forbidden) => Err(Problem::forbidden("Forbidden")),
        Err(Unseen::Deleted) => Err(Problem::gone("DialogEntity", id)),
        Err(Unseen::Hidden) => Err(Problem::not_found("DialogEntity", id)),
    }
}

fn party_type(urn: &str) -> &'static str {
    if urn.starts_with("urn:altinn:person:") { "Person" } else { "Organization" }
}

/// `GET /api/v1/enduser/parties`
pub async fn parties(caller: EndUserCaller, _json: AcceptsJson) -> Result<Response, Problem> {
    let parties: Vec<Value> = caller
        .parties
        .iter()
        .map(|party| {
            // Altinn's party registry has an id for each party; the sandbox derives one.
            let id = crate::idp::maskinporten::stable_uuid(&party.urn);
            json!({
                "party": party.urn,
                "partyUuid": id,
                "partyId": u32::from_be_bytes([id.as_bytes()[0] & 0x7f, id.as_bytes()[1], id.as_bytes()[2], id.as_bytes()[3]]),
                "name": party.name.clone().unwrap_or_default(),
                "partyType": party_type(&party.urn),
                "isDeleted": false,
                "hasKeyRole": party.urn != caller.person,
                "isCurrentEndUser": party.urn == caller.person,
                "isMainAdministrator": false,
                "isAccessManager": party.urn == caller.person,
                "hasOnlyAccessToSubParties": false,
                "subParties": [],
            })
        })
        .collect();
    Ok(ok_json(json!({"authorizedParties": parties}), None))
}

/// `GET /api/v1/enduser/serviceresources?party=`: the resources of the dialogs of the caller's
/// parties (all of them, or those asked for), and those the registry lists.
pub async fn service_resources(
    State(app): State<App>,
    caller: EndUserCaller,
    params: Params,
) -> Result<Response, Problem> {
    // Upstream's SearchAuthorizedServiceResourcesQueryValidator: 1 to 20 parties, each a valid
    // party identifier (a blank or malformed one is refused, not read as "no filter").
    let asked = params.given("party");
    if asked.len() > search::MAX_FILTER_VALUES {
        return Err(Problem::bad_request(
            "party",
            format!("'party' takes at most {} values; {} were given.", search::MAX_FILTER_VALUES, asked.len()),
        ));
    }
    let mut normalized = Vec::with_capacity(asked.len());
    for party in &asked {
        let valid = dialogporten_model::validate::normalize_party(party)
            .ok_or_else(|| crate::params::invalid("party", party, "a party URN with a valid number"))?;
        normalized.push(valid);
    }
    let parties: Vec<String> = if asked.is_empty() {
        caller.party_urns()
    } else {
        normalized.into_iter().filter(|p| caller.acts_for(p)).collect()
    };
    let used = app.read(move |tx| Ok(store::resources_of_parties(tx, &parties)?)).await?;
    let items: Vec<Value> = used
        .iter()
        .map(|(id, org)| {
            let registered = app.config.resources.iter().find(|r| r.id.eq_ignore_ascii_case(id));
            let org_number = registered
                .and_then(|r| r.org_number.clone())
                .or_else(|| app.config.service_owners.iter().find(|o| &o.org == org).map(|o| o.org_number.clone()))
                .unwrap_or_default();
            let kind = registered.map_or("GenericAccessResource", |r| r.resource_type.as_str());
            resource_metadata(id, kind, org, &org_number, registered.and_then(|r| r.title.as_deref()))
        })
        .collect();
    Ok(ok_json(json!({"items": items, "isFullCatalogueFallback": false}), None))
}

/// `GET /api/v1/enduser/dialogs`
pub async fn search(
    State(app): State<App>,
    caller: EndUserCaller,
    params: Params,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let query = search::end_user_dialogs(&params, &caller.party_urns(), &timestamp(Utc::now()))?;
    let accepted = accepted(&headers);
    let body = app
        .read(move |tx| {
            let page = query.run(tx)?;
            let mut items = Vec::new();
            for doc in &page.docs {
                let seen = store::seen_log(tx, doc["id"].as_str().unwrap_or_default())?;
                items.push(enduser::list_item_view(doc, &seen, &caller, &accepted));
            }
            let mut body = json!({"items": items, "hasNextPage": page.has_next_page, "orderBy": page.order_by});
            body["continuationToken"] = page.continuation_token.map_or(Value::Null, Value::String);
            Ok(body)
        })
        .await?;
    Ok(ok_json(body, None))
}

/// Logs that `caller` saw the dialog, unless they saw it since it last changed (upstream's
/// `DialogSeenLogWriter.OnSeen`); also drops `MarkedAsUnopened`. Says whether it logged.
fn record_seen(
    tx: &Connection,
    dialog: &mut StoredDialog,
    caller: &EndUserCaller,
) -> Result<Option<SeenEntry>, Problem> {
    let updated = dialog.doc["updatedAt"].as_str().unwrap_or_default().to_owned();
    let seen = store::seen_log(tx, dialog.id())?;
    let before = system_labels(&dialog.doc);
    let marked = before.iter().any(|l| l == "MarkedAsUnopened");
    let seen_already = seen.iter().any(|e| e.end_user_id == caller.person && e.seen_at >= updated);
    if seen_already && !marked && dialog.doc["isContentSeen"] == true {
        return Ok(None);
    }
    let now = timestamp(Utc::now());
    let entry = (!seen_already).then(|| SeenEntry {
        id: Uuid::now_v7().to_string(),
        seen_at: now.clone(),
        end_user_id: caller.person.clone(),
        via_service_owner: false,
    });
    if let Some(entry) = &entry {
        store::insert_seen(tx, dialog.id(), entry)?;
    }
    if marked {
        dialog::change_labels(&mut dialog.doc, &[], &["MarkedAsUnopened".to_owned()]);
        let after = system_labels(&dialog.doc);
        store::log_label_changes(
            tx,
            dialog.id(),
            &before,
            &after,
            ("PartyRepresentative", Some(&caller.person)),
            &now,
        )?;
    }
    dialog.doc["isContentSeen"] = Value::Bool(true);
    store::save(tx, dialog)?;
    Ok(entry)
}

/// `GET /api/v1/enduser/dialogs/{dialogId}`: the dialog as the caller sees it, with a fresh dialog
/// token; logs the sighting (and emits `dialogporten.dialog.seen.v1`) when it changed since they
/// last saw it.
pub async fn get(
    State(app): State<App>,
    caller: EndUserCaller,
    DialogId(id): DialogId,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let accepted = accepted(&headers);
    let outbox = app.outbox.clone();
    let keys = app.dialog_tokens.clone();
    let issuer = app.dialog_token_issuer();
    // `record`: log the sighting (a write). A read must not fail for its side write: when the
    // storage takes no writes, the dialog is read without it and the lost entry logged.
    let work = move |record: bool| {
        let (caller, accepted, outbox, keys, issuer) =
            (caller.clone(), accepted.clone(), outbox.clone(), keys.clone(), issuer.clone());
        move |tx: &rusqlite::Transaction<'_>| {
            let mut dialog = visible(tx, &caller, id)?;
            let now = Utc::now();
            if record && record_seen(tx, &mut dialog, &caller)?.is_some() {
                outbox.dialog(tx, DialogEvent::Seen, &dialog.doc, now)?;
            }
            let grant = DialogTokenGrant {
                authenticated_party: caller.person.clone(),
                level: caller.level,
                party: dialog.doc["party"].as_str().unwrap_or_default().to_owned(),
                service_resource: dialog.doc["serviceResource"].as_str().unwrap_or_default().to_owned(),
                dialog_id: id,
                actions: caller.authorised_actions(&dialog.doc),
                entities: Vec::new(),
            };
            let token = keys.issue(&grant, &issuer, now)?;
            let seen = store::seen_log(tx, dialog.id())?;
            Ok(enduser::dialog_view(&dialog.doc, &seen, &caller, &accepted, now, Some(token)))
        }
    };
    let view = match app.write(work(true)).await {
        Err(problem) if problem.is_storage_unavailable() => {
            eprintln!("dp-server: the sighting of dialog {id} was not logged: the storage takes no writes now");
            app.read(work(false)).await?
        }
        answer => answer?,
    };
    Ok(ok_json(view, None))
}

fn find(doc: &Value, list: &str, id: Uuid) -> Option<Value> {
    let id = id.to_string();
    doc[list].as_array().into_iter().flatten().find(|item| item["id"].as_str() == Some(id.as_str())).cloned()
}

fn activity_view(activity: &Value, details: bool, accepted: &AcceptedLanguages) -> Value {
    let mut view = activity.clone();
    if !details {
        view.as_object_mut().map(|m| m.remove("performedBy"));
    }
    enduser::prune_localizations(&mut view, accepted);
    view
}

/// `GET /api/v1/enduser/dialogs/{dialogId}/activities`
pub async fn list_activities(
    State(app): State<App>,
    caller: EndUserCaller,
    DialogId(id): DialogId,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let accepted = accepted(&headers);
    let items = app
        .read(move |tx| {
            let dialog = visible(tx, &caller, id)?;
            Ok(dialog.doc["activities"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|a| activity_view(a, false, &accepted))
                .collect::<Vec<_>>())
        })
        .await?;
    Ok(ok_json(Value::Array(items), None))
}

/// `GET /api/v1/enduser/dialogs/{dialogId}/activities/{activityId}`
pub async fn get_activity(
    State(app): State<App>,
    caller: EndUserCaller,
    DialogId(id): DialogId,
    Path((_, activity_id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let activity_id = parse_id(&activity_id, "DialogActivity")?;
    let accepted = accepted(&headers);
    let activity = app
        .read(move |tx| {
            let dialog = visible(tx, &caller, id)?;
            let activity = find(&dialog.doc, "activities", activity_id)
                .ok_or_else(|| Problem::not_found("DialogActivity", activity_id))?;
            Ok(activity_view(&activity, true, &accepted))
        })
        .await?;
    Ok(ok_json(activity, None))
}

fn transmission_view(doc: &Value, transmission: &Value, caller: &EndUserCaller, accepted: &AcceptedLanguages) -> Value {
    let mut view = enduser::transmission_view(doc, transmission, caller, &timestamp(Utc::now()));
    view.as_object_mut().map(|m| m.remove("isOpened"));
    enduser::prune_localizations(&mut view, accepted);
    view
}

/// `GET /api/v1/enduser/dialogs/{dialogId}/transmissions`
pub async fn list_transmissions(
    State(app): State<App>,
    caller: EndUserCaller,
    DialogId(id): DialogId,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let accepted = accepted(&headers);
    let items = app
        .read(move |tx| {
            let dialog = visible(tx, &caller, id)?;
            Ok(dialog.doc["transmissions"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|t| transmission_view(&dialog.doc, t, &caller, &accepted))
                .collect::<Vec<_>>())
        })
        .await?;
    Ok(ok_json(Value::Array(items), None))
}

/// `GET /api/v1/enduser/dialogs/{dialogId}/transmissions/{transmissionId}`
pub async fn get_transmission(
    State(app): State<App>,
    caller: EndUserCaller,
    DialogId(id): DialogId,
    Path((_, transmission_id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let transmission_id = parse_id(&transmission_id, "DialogTransmission")?;
    let accepted = accepted(&headers);
    let transmission = app
        .read(move |tx| {
            let dialog = visible(tx, &caller, id)?;
            let transmission = find(&dialog.doc, "transmissions", transmission_id)
                .ok_or_else(|| Problem::not_found("DialogTransmission", transmission_id))?;
            Ok(transmission_view(&dialog.doc, &transmission, &caller, &accepted))
        })
        .await?;
    Ok(ok_json(transmission, None))
}

/// `GET /api/v1/enduser/dialogs/{dialogId}/seenlog`
pub async fn list_seen_log(
    State(app): State<App>,
    caller: EndUserCaller,
    DialogId(id): DialogId,
) -> Result<Response, Problem> {
    let items = app
        .read(move |tx| {
            let dialog = visible(tx, &caller, id)?;
            Ok(store::seen_log(tx, dialog.id())?
                .iter()
                .map(|e| dialog::seen_view(e, Some(&caller.person)))
                .collect::<Vec<_>>())
        })
        .await?;
    Ok(ok_json(Value::Array(items), None))
}

/// `GET /api/v1/enduser/dialogs/{dialogId}/seenlog/{seenLogId}`
pub async fn get_seen_log(
    State(app): State<App>,
    caller: EndUserCaller,
    DialogId(id): DialogId,
    Path((_, seen_log_id)): Path<(String, String)>,
) -> Result<Response, Problem> {
    let seen_log_id = parse_id(&seen_log_id, "DialogSeenLog")?;
    let entry = app
        .read(move |tx| {
            let dialog = visible(tx, &caller, id)?;
            let wanted = seen_log_id.to_string();
            let entry = store::seen_log(tx, dialog.id())?
                .into_iter()
                .find(|e| e.id == wanted)
                .ok_or_else(|| Problem::not_found("DialogSeenLog", seen_log_id))?;
            Ok(dialog::seen_view(&entry, Some(&caller.person)))
        })
        .await?;
    Ok(ok_json(entry, None))
}

fn end_user_revision(doc: &Value) -> String {
    doc["endUserContext"]["revision"].as_str().unwrap_or_default().to_owned()
}

/// Applies `changes` to one dialog the caller may see, logging each label set or removed.
fn relabel(
    tx: &Connection,
    caller: &EndUserCaller,
    id: Uuid,
    expected: Option<Uuid>,
    changes: &LabelChanges,
) -> Result<String, Problem> {
    let mut dialog = visible(tx, caller, id)?;
    check_revision(expected, &end_user_revision(&dialog.doc))?;
    let before = system_labels(&dialog.doc);
    apply_labels(&mut dialog.doc, changes);
    let after = system_labels(&dialog.doc);
    if before != after {
        let now = timestamp(Utc::now());
        store::log_label_changes(
            tx,
            dialog.id(),
            &before,
            &after,
            ("PartyRepresentative", Some(&caller.person)),
            &now,
        )?;
    }
    store::save(tx, &dialog)?;
    Ok(end_user_revision(&dialog.doc))
}

/// `PUT /api/v1/enduser/dialogs/{dialogId}/context/systemlabels`
pub async fn set_system_labels(
    State(app): State<App>,
    caller: EndUserCaller,
    DialogId(id): DialogId,
    headers: HeaderMap,
    body: JsonBody,
) -> Result<Response, Problem> {
    let expected = if_match(&headers)?;
    let changes = label_changes(&super::to_doc(&body.bind::<SetDialogSystemLabelRequest>()?)?)?;
    let revision = app.write(move |tx| relabel(tx, &caller, id, expected, &changes)).await?;
    Ok(no_content(Some(&revision)))
}

/// `POST /api/v1/enduser/dialogs/context/systemlabels/actions/bulkset`: all or nothing.
pub async fn bulk_set_system_labels(
    State(app): State<App>,
    caller: EndUserCaller,
    body: JsonBody,
) -> Result<Response, Problem> {
    let dto = super::to_doc(&body.bind::<BulkSetSystemLabel>()?)?;
    let changes = label_changes(&dto)?;
    let targets = dto["dialogs"].as_array().cloned().unwrap_or_default();
    dialogporten_model::validate::bulk_dialogs(
        targets.iter().map(|t| t["dialogId"].as_str().unwrap_or_default()),
        dialogporten_model::validate::BULK_DIALOGS_END_USER,
    )?;
    app.write(move |tx: &rusqlite::Transaction<'_>| {
        for target in &targets {
            let id: Uuid = target["dialogId"]
                .as_str()
                .and_then(|s| s.parse().ok())
                .ok_or_else(|| Problem::bad_request("dto.dialogs", "Each dialog needs a 'dialogId'."))?;
            let expected = target["endUserContextRevision"].as_str().and_then(|s| s.parse().ok());
            relabel(tx, &caller, id, expected, &changes)?;
        }
        Ok(())
    })
    .await?;
    Ok(no_content(None))
}

/// `GET /api/v1/enduser/dialogs/{dialogId}/context/labellog`
pub async fn label_log(
    State(app): State<App>,
    caller: EndUserCaller,
    DialogId(id): DialogId,
) -> Result<Response, Problem> {
    let items = app
        .read(move |tx| {
            let dialog = visible(tx, &caller, id)?;
            Ok(store::label_log(tx, dialog.id())?
                .into_iter()
                .map(|entry| {
                    json!({
                        "createdAt": entry.created_at,
                        "name": entry.name,
                        "action": entry.action,
                        "performedBy": {"actorType": entry.actor_type, "actorId": entry.actor_id},
                    })
                })
                .collect::<Vec<_>>())
        })
        .await?;
    Ok(ok_json(Value::Array(items), None))
}

/// `GET /api/v1/enduser/dialoglookup?instanceRef=`: as the service owners' lookup, for a dialog
/// the caller may see, with the evidence of their access.
pub async fn lookup(
    State(app): State<App>,
    caller: EndUserCaller,
    params: Params,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let given = params.one("instanceRef").unwrap_or_default().to_owned();
    let instance_ref = InstanceRef::parse(&given).ok_or_else(|| Problem::bad_request("InstanceRef", UNSUPPORTED))?;
    let accepted = accepted(&headers);
    let owners = app.config.service_owners.clone();
    let body = app
        .read(move |tx| {
            let not_found = || Problem::not_found("InstanceRef", &given);
            let id = match instance_ref.kind {
                InstanceKind::Dialog => instance_ref.id,
                _ => match store::dialogs_labelled(tx, &instance_ref.lookup_label(), 2)?.as_slice() {
                    [one] => one.parse().map_err(|_| Problem::internal("A stored dialog id is not a UUID."))?,
                    _ => return Err(not_found()),
                },
            };
            let dialog = visible(tx, &caller, id).map_err(|problem| match problem.status().as_u16() {
                410 => problem,
                _ => not_found(),
            })?;
            let doc = &dialog.doc;
            let org_number = owners.iter().find(|o| o.org == dialog.org).map(|o| o.org_number.clone()).unwrap_or_default();
            let mut title = doc["content"]["title"]["value"].clone();
            enduser::prune_localizations(&mut title, &accepted);
            let answered = match instance_ref.kind {
                InstanceKind::Dialog => {
                    let labels = doc["serviceOwnerContext"]["serviceOwnerLabels"].as_array();
                    InstanceRef::for_dialog(id, labels.into_iter().flatten().filter_map(|l| l["value"].as_str())).value
                }
                _ => instance_ref.value.clone(),
            };
            let own = doc["party"].as_str() == Some(caller.person.as_str());
            Ok(json!({
                "dialogId": doc["id"],
                "instanceRef": answered,
                "party": doc["party"],
                "title": title,
                "serviceResource": {"id": doc["serviceResource"], "isDelegable": true, "minimumAuthenticationLevel": 3, "name": []},
                "serviceOwner": {"code": dialog.org, "orgNumber": org_number, "name": []},
                "authorizationEvidence": {
                    "currentAuthenticationLevel": caller.level,
                    "viaRole": !own,
                    "viaAccessPackage": false,
                    "viaResourceDelegation": false,
                    "viaInstanceDelegation": false,
                    "evidence": [],
                },
            }))
        })
        .await?;
    Ok(ok_json(body, None))
}
