//! Anonymous metadata, dialog lookup, health and the served contract.

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use uuid::Uuid;

use super::Problem;
use super::{Transactions, ok_json, owned};
use crate::App;
use crate::auth::{Caller, scopes};
use crate::params::Params;
use crate::search::MAX_FILTER_VALUES;
use crate::store::storage;

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

/// `GET /api/v1/metadata/limits`
pub async fn limits() -> Response {
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
pub async fn service_resources(State(app): State<App>) -> Result<Response, Problem> {
    let used = app
        .read(|tx| {
            let mut statement =
                tx.prepare("SELECT DISTINCT service_resource, org FROM dialogs ORDER BY 1").map_err(storage)?;
            let rows = statement
                .query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)))
                .map_err(storage)?;
            Ok(rows.collect::<Result<Vec<_>, _>>().map_err(storage)?)
        })
        .await?;
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

fn resource_metadata(id: &str, kind: &str, org: &str, org_number: &str, title: Option<&str>) -> Value {
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

/// The dialog id an instance reference names, if it has that form.
fn referenced_id(instance_ref: &str) -> Option<Uuid> {
    let lower = instance_ref.trim().to_ascii_lowercase();
    let tail = if let Some(rest) = lower.strip_prefix("urn:altinn:instance-id:") {
        rest.split_once('/').filter(|(party, _)| party.bytes().all(|b| b.is_ascii_digit()))?.1
    } else if let Some(rest) = lower.strip_prefix("urn:altinn:correspondence-id:") {
        rest
    } else {
        lower.strip_prefix("urn:altinn:dialog-id:")?
    };
    tail.parse().ok()
}

/// `GET /dialoglookup?instanceRef=`: the dialog an Altinn instance, correspondence or dialog URN refers to.
pub async fn lookup(State(app): State<App>, caller: Caller, params: Params) -> Result<Response, Problem> {
    caller.require(scopes::SERVICE_PROVIDER)?;
    let instance_ref = params
        .one("instanceRef")
        .ok_or_else(|| Problem::bad_request("instanceRef", "'InstanceRef' must not be empty."))?
        .to_owned();
    let id = referenced_id(&instance_ref).ok_or_else(|| {
        Problem::bad_request(
            "instanceRef",
            "'InstanceRef' must be urn:altinn:instance-id:{partyId}/{uuid}, urn:altinn:correspondence-id:{uuid} or urn:altinn:dialog-id:{uuid}.",
        )
    })?;
    let org_number = caller.org_number.clone();
    let body = app
        .read(move |tx| {
            let dialog = owned(tx, &caller, id)?;
            let doc = &dialog.doc;
            let mut body = json!({
                "dialogId": doc["id"],
                "instanceRef": instance_ref,
                "party": doc["party"],
                "serviceResource": {
                    "id": doc["serviceResource"],
                    "isDelegable": true,
                    "minimumAuthenticationLevel": 3,
                    "name": []
                },
                "serviceOwner": {"code": dialog.org, "orgNumber": org_number, "name": []},
            });
            if let Some(title) = doc["content"]["title"]["value"].as_array() {
                body["title"] = Value::Array(title.clone());
            }
            if let Some(title) = doc["content"]["nonSensitiveTitle"]["value"].as_array() {
                body["nonSensitiveTitle"] = Value::Array(title.clone());
            }
            Ok(body)
        })
        .await?;
    Ok(ok_json(body, None))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instance_references_name_a_dialog_id() {
        let id = "0194a7f0-0000-7000-8000-000000000001";
        assert!(referenced_id(&format!("urn:altinn:instance-id:50001337/{id}")).is_some());
        assert!(referenced_id(&format!("urn:altinn:correspondence-id:{id}")).is_some());
        assert!(referenced_id(&format!("URN:ALTINN:DIALOG-ID:{id}")).is_some());
        assert!(referenced_id(&format!("urn:altinn:instance-id:abc/{id}")).is_none());
        assert!(referenced_id("urn:altinn:dialog-id:nope").is_none());
    }
}
