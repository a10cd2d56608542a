//! Anonymous metadata, dialog lookup, health and the served contract.

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use dialogporten_model::accepted_languages::AcceptedLanguages;
use dialogporten_model::instance_ref::{InstanceKind, InstanceRef, UNSUPPORTED};
use serde_json::{Value, json};

use super::Problem;
use super::{AcceptsJson, Transactions, ok_json};
use crate::App;
use crate::auth::{Caller, ServiceOwnerCaller, scopes};
use crate::params::Params;
use crate::store;
use crate::store::search::MAX_FILTER_VALUES;

/// The contract this server implements.
const CONTRACT: &str = include_str!("../../openapi.json");

/// `GET /health`
pub async fn health() -> &'static str {
    "Healthy"
}

/// `GET /swagger/v1/swagger.json`
pub async fn contract() -> Response {
    let mut response = (StatusCode::OK, CONTRACT).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

/// `GET /api/v1/exception`: upstream's test endpoint (`Endpoints/V1/Testing/ExceptionEndpoint`,
/// scope `digdir:dialogporten.developer.test`), which throws so that a deployment's handling of an
/// unexpected failure can be seen: 500 with the problem details upstream's `GlobalExceptionHandler`
/// writes for it. The exception type it is asked for (`exceptionType`) changes nothing here: the
/// types a client can name are all answered 500.
pub async fn exception(caller: Caller) -> Result<Response, Problem> {
    caller.require(scopes::TESTING)?;
    Err(Problem::unexpected())
}

/// `GET /api/v1/metadata/limits`
pub async fn limits(_json: AcceptsJson) -> Response {
    let n = MAX_FILTER_VALUES;
    ok_json(
        json!({
            "endUserSearch": {
                "maxPartyFilterValues": n,
                "maxServiceResourceFilterValues": n,
                "maxOrgFilterValues": n,
                "maxExtendedStatusFilterValues": n,
            },
            "serviceOwnerSearch": {
                "maxPartyFilterValues": n,
                "maxServiceResourceFilterValues": n,
                "maxExtendedStatusFilterValues": n,
            }
        }),
        None,
    )
}

/// `GET /api/v1/metadata/serviceresources`: the registry, plus every resource dialogs use.
pub async fn service_resources(_json: AcceptsJson, State(app): State<App>) -> Result<Response, Problem> {
    let used = app.read(|tx| Ok(store::resources_in_use(tx)?)).await?;
    let mut items = Vec::new();
    let mut listed = Vec::new();
    for resource in &app.config.resources {
        listed.push(resource.id.to_lowercase());
        items.push(resource_metadata(
            &resource.id,
            &resource.resource_type,
            &resource.org,
            resource.org_number.as_deref().unwrap_or_default(),
            resource.title.as_deref(),
        ));
    }
    for (id, org) in used {
        if !listed.contains(&id) {
            let number = app.config.tokens.iter().find(|t| t.org == org).map(|t| t.org_number.as_str());
            items.push(resource_metadata(&id, "GenericAccessResource", &org, number.unwrap_or_default(), None));
            listed.push(id);
        }
    }
    Ok(ok_json(json!({"items": items}), None))
}

pub(super) fn resource_metadata(id: &str, kind: &str, org: &str, org_number: &str, title: Option<&str>) -> Value {
    let name: Vec<Value> = title.map(|t| json!({"languageCode": "nb", "value": t})).into_iter().collect();
    let identifier = id.strip_prefix("urn:altinn:resource:").unwrap_or(id);
    json!({
        "serviceResource": {
            "id": id,
            "isDelegable": true,
            "minimumAuthenticationLevel": 3,
            "name": name,
            "resourceType": kind,
            "status": "Completed",
            "links": {"metadata": format!("https://platform.altinn.no/resourceregistry/api/v1/resource/{identifier}")}
        },
        "serviceOwner": {"code": org, "orgNumber": org_number, "name": []},
        "roles": [],
        "accessPackages": []
    })
}

/// `GET /dialoglookup?instanceRef=`: the dialog an Altinn instance, correspondence or dialog URN refers to,
/// as upstream's `GetDialogLookupQuery` resolves it: a dialog id directly, the others through the
/// service-owner label that carries them; deleted dialogs included; titles pruned by `Accept-Language`.
pub async fn lookup(
    State(app): State<App>,
    ServiceOwnerCaller(caller): ServiceOwnerCaller,
    params: Params,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let given = params.one("instanceRef").unwrap_or_default().to_owned();
    let instance_ref = InstanceRef::parse(&given).ok_or_else(|| Problem::bad_request("InstanceRef", UNSUPPORTED))?;
    let accepted = super::accepted(&headers);
    let org_number = caller.org_number.clone();
    let body = app
        .read(move |tx| {
            let not_found = || Problem::not_found("InstanceRef", &given);
            let id = match instance_ref.kind {
                InstanceKind::Dialog => instance_ref.id,
                _ => {
                    let label = instance_ref.lookup_label();
                    match store::dialogs_labelled(tx, &label, 2)?.as_slice() {
                        [] => return Err(not_found()),
                        [one] => one.parse().map_err(|_| Problem::internal("A stored dialog id is not a UUID."))?,
                        _ => {
                            return Err(Problem::internal(format!(
                                "Multiple dialogs found with service owner label '{label}'. \
                                 Label values must be unique across dialogs."
                            )));
                        }
                    }
                }
            };
            let dialog = store::load(tx, id)?.ok_or_else(not_found)?;
            if !caller.owns(&dialog.org) {
                return Err(Problem::forbidden("The authenticated service owner does not own the resolved dialog."));
            }
            let doc = &dialog.doc;
            let answered = match instance_ref.kind {
                InstanceKind::Dialog => {
                    let labels = doc["serviceOwnerContext"]["serviceOwnerLabels"].as_array();
                    let labels = labels.into_iter().flatten().filter_map(|l| l["value"].as_str());
                    InstanceRef::for_dialog(id, labels).value
                }
                _ => instance_ref.value.clone(),
            };
            let mut body = json!({
                "dialogId": doc["id"],
                "instanceRef": answered,
                "party": doc["party"],
                "serviceResource": {
                    "id": doc["serviceResource"],
                    "isDelegable": true,
                    "minimumAuthenticationLevel": 3,
                    "name": []
                },
                "serviceOwner": {"code": dialog.org, "orgNumber": org_number, "name": []},
            });
            for key in ["title", "nonSensitiveTitle"] {
                if let Some(title) = doc["content"][key]["value"].as_array() {
                    body[key] = Value::Array(pruned(title, &accepted));
                }
            }
            Ok(body)
        })
        .await?;
    Ok(ok_json(body, None))
}

/// The localization the reader prefers, or all when none matches (upstream's `PruneLocalizations`).
fn pruned(localizations: &[Value], accepted: &AcceptedLanguages) -> Vec<Value> {
    let codes = localizations.iter().map(|l| l["languageCode"].as_str().unwrap_or_default());
    match accepted.preferred(codes) {
        Some(i) => vec![localizations[i].clone()],
        None => localizations.to_vec(),
    }
}
