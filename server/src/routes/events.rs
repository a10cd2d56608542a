//! The Altinn Events API: the feed and webhook subscriptions.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use rusqlite::Connection;
use serde_json::{Value, json};

use super::{JsonBody, Problem, Transactions};
use crate::App;
use crate::auth::{AltinnCaller, scopes};
use crate::dialog::timestamp;
use crate::events::feed::{Query, Reader};
use crate::params::{Params, invalid};
use crate::store::events::{self, Filter};
use crate::store::subscriptions;

/// `GET /events/api/v1/events`
pub async fn feed(State(app): State<App>, caller: AltinnCaller, params: Params) -> Result<Response, Problem> {
    caller.require(scopes::EVENTS_SUBSCRIBE)?;
    let query = Query::parse(&params)?;
    let reader = Reader::of(&caller);
    let page = {
        let query = query.clone();
        app.read(move |tx| {
            let after = match &query.after {
                None => 0,
                Some(id) => events::sequence_of(tx, id)?
                    .ok_or_else(|| invalid("after", id, "the id of an event from this feed, or 0 for the start"))?,
            };
            let filter = Filter {
                reader: Some(&reader),
                resource: Some(&query.resource),
                subject: query.subject.as_deref(),
                types: &query.types,
                source_prefix: None,
            };
            Ok(events::select(tx, &filter, after, query.size)?)
        })
        .await?
    };
    let events: Vec<Value> = page.into_iter().map(|(_, event)| event).collect();
    let last = events.last().and_then(|e| e["id"].as_str()).map(str::to_owned);
    let mut response = (
        [(header::CONTENT_TYPE, HeaderValue::from_static("application/cloudevents+json"))],
        Value::Array(events).to_string(),
    )
        .into_response();
    if let Some(last) = last {
        let mut next = form_urlencoded::Serializer::new(String::new());
        next.append_pair("after", &last).append_pair("resource", &query.resource);
        if let Some(subject) = &query.subject {
            next.append_pair("subject", subject);
        }
        for kind in &query.types {
            next.append_pair("type", kind);
        }
        next.append_pair("size", &query.size.to_string());
        let url = format!("{}/events/api/v1/events?{}", app.public_url, next.finish());
        if let Ok(value) = HeaderValue::from_str(&url) {
            response.headers_mut().insert("next", value);
        }
    }
    Ok(response)
}

fn text_field(body: &Value, name: &str) -> Result<Option<String>, Problem> {
    let found = body.as_object().and_then(|m| m.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v));
    match found {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.trim().to_owned())),
        Some(other) => Err(Problem::bad_request(name, format!("'{name}' must be a string, not {other}."))),
    }
}

/// Altinn wants a publicly trusted HTTPS endpoint; plain HTTP is accepted on loopback for local development.
fn check_endpoint(endpoint: &str) -> Result<(), Problem> {
    let url = reqwest::Url::parse(endpoint)
        .map_err(|e| Problem::bad_request("endPoint", format!("'endPoint' is not a URL ({e}): {endpoint}")))?;
    let host = url.host_str().unwrap_or_default().trim_start_matches('[').trim_end_matches(']');
    let loopback =
        host.eq_ignore_ascii_case("localhost") || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback());
    match url.scheme() {
        "https" => Ok(()),
        "http" if loopback => Ok(()),
        _ => Err(Problem::bad_request(
            "endPoint",
            format!("'endPoint' must be an https URL (http is accepted only on loopback): {endpoint}"),
        )),
    }
}

/// `POST /events/api/v1/subscriptions`
pub async fn subscribe(State(app): State<App>, caller: AltinnCaller, body: JsonBody) -> Result<Response, Problem> {
    caller.require(scopes::EVENTS_SUBSCRIBE)?;
    let body = body.json()?;
    let endpoint = text_field(&body, "endPoint")?
        .filter(|e| !e.is_empty())
        .ok_or_else(|| Problem::bad_request("endPoint", "'endPoint' is required: the URL events are posted to."))?;
    check_endpoint(&endpoint)?;
    let resource = text_field(&body, "resourceFilter")?.filter(|r| !r.is_empty()).ok_or_else(|| {
        Problem::bad_request("resourceFilter", "'resourceFilter' is required, e.g. urn:altinn:resource:my-service.")
    })?;
    if !resource.starts_with("urn:altinn:resource:") {
        return Err(Problem::bad_request(
            "resourceFilter",
            format!("'resourceFilter' must start with urn:altinn:resource: (got '{resource}')."),
        ));
    }
    let subject = text_field(&body, "subjectFilter")?.filter(|s| !s.is_empty());
    let own_party = format!("urn:altinn:organization:identifier-no:{}", caller.org_number);
    if caller.org.is_none() {
        match &subject {
            None => {
                return Err(Problem::bad_request(
                    "subjectFilter",
                    format!("'subjectFilter' is required unless the subscriber is a service owner: give {own_party}."),
                ));
            }
            Some(subject) if *subject != own_party => {
                return Err(Problem::forbidden(format!(
                    "'subjectFilter' may only be your own party, {own_party}, unless you are a service owner."
                )));
            }
            Some(_) => {}
        }
    }
    let kind = match text_field(&body, "typeFilter")? {
        Some(kind) if kind.is_empty() => {
            return Err(Problem::bad_request(
                "typeFilter",
                "'typeFilter' is empty, which Altinn Events matches with nothing: leave it out for every type.",
            ));
        }
        kind => kind,
    };
    let source = text_field(&body, "sourceFilter")?.filter(|s| !s.is_empty());
    let consumer = match &caller.org {
        Some(org) => format!("/org/{org}"),
        None => format!("/organisation/{}", caller.org_number),
    };
    let reader = Reader::of(&caller);
    let created_by = caller.org_number.clone();
    let subscribed = Arc::clone(&app.subscribed);
    let (doc, fresh) = app
        .write(move |tx| {
            let mut doc = json!({
                "endPoint": endpoint,
                "resourceFilter": resource,
                "subjectFilter": subject,
                "typeFilter": kind,
                "sourceFilter": source,
                "alternativeSubjectFilter": null,
                "includeSubunits": false,
                "consumer": consumer,
                "createdBy": consumer,
            });
            for existing in subscriptions::all(tx)?.into_iter().filter(|s| s.created_by == created_by) {
                let same = ["endPoint", "resourceFilter", "subjectFilter", "typeFilter", "sourceFilter", "consumer"]
                    .iter()
                    .all(|k| existing.doc[*k] == doc[*k]);
                if same {
                    return Ok((existing.doc, false));
                }
            }
            doc["created"] = json!(timestamp(Utc::now()));
            let delivered = events::last_sequence(tx)?;
            subscriptions::insert(tx, &mut doc, &created_by, &reader, delivered)?;
            subscribed.notify_one();
            doc["validated"] = json!(false);
            Ok((doc, true))
        })
        .await?;
    let status = if fresh { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, Json(doc)).into_response())
}

fn own(conn: &Connection, caller: &AltinnCaller, id: i64) -> Result<Value, Problem> {
    match subscriptions::find(conn, id)? {
        Some((doc, created_by)) if created_by == caller.org_number => Ok(doc),
        _ => Err(Problem::not_found("Subscription", id)),
    }
}

fn parse_number(text: &str) -> Result<i64, Problem> {
    text.parse().map_err(|_| Problem::bad_request("id", format!("'{text}' is not a subscription number.")))
}

/// `GET /events/api/v1/subscriptions`: the caller's subscriptions.
pub async fn subscriptions(State(app): State<App>, caller: AltinnCaller) -> Result<Response, Problem> {
    caller.require(scopes::EVENTS_SUBSCRIBE)?;
    let mine = app
        .read(move |tx| {
            Ok(subscriptions::all(tx)?
                .into_iter()
                .filter(|s| s.created_by == caller.org_number)
                .map(|s| s.doc)
                .collect::<Vec<_>>())
        })
        .await?;
    Ok(Json(json!({"count": mine.len(), "subscriptions": mine})).into_response())
}

/// `GET /events/api/v1/subscriptions/{id}`
pub async fn subscription(
    State(app): State<App>,
    caller: AltinnCaller,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    caller.require(scopes::EVENTS_SUBSCRIBE)?;
    let id = parse_number(&id)?;
    let doc = app.read(move |tx| own(tx, &caller, id)).await?;
    Ok(Json(doc).into_response())
}

/// Deleting `/events/api/v1/subscriptions/{id}`: only its creator may.
pub async fn unsubscribe(
    State(app): State<App>,
    caller: AltinnCaller,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    caller.require(scopes::EVENTS_SUBSCRIBE)?;
    let id = parse_number(&id)?;
    app.write(move |tx| {
        own(tx, &caller, id)?;
        subscriptions::delete(tx, id)?;
        Ok(())
    })
    .await?;
    Ok(StatusCode::OK.into_response())
}
