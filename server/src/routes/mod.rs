//! HTTP: the router, and what every handler shares (body reading, ids,
//! `If-Match`, loading a dialog the caller may see or change).
//!
//! The order of checks is upstream's pipeline (1.119.1), so that two faults in
//! one request get the answer production gives:
//! 1. authentication and scope (401, 403): the caller extractors, first among a
//!    handler's arguments;
//! 2. what the request may be answered in (406, [`AcceptsJson`]) and the body's
//!    media type and size (415, 413, [`JsonBody`]);
//! 3. binding (400): the body, the query, `If-Match` ([`if_match`]);
//! 4. the body's rules (400, MediatR's ValidationBehaviour): before the dialog
//!    is looked up, but for a PUT, whose validator runs only on a dialog the
//!    caller can see (`When(DialogIsPreloaded)`: 404 first) and with it
//!    preloaded (its stored `visibleFrom`, the API-only lock: still 400);
//! 5. the handler: the dialog missing (404), deleted (410), frozen (403), the
//!    revision (412, `If-Match`; an activity and a transmission correction
//!    compare it last, at SaveChanges), then the rules that need the dialog as
//!    stored (422, 409). A transmission correction checks its scope (403) here,
//!    after the body's rules.

mod children;
mod context;
mod dialogs;
mod enduser;
mod events;
mod metadata;
mod problem;

use std::collections::HashSet;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, FailedToBufferBody};
use axum::extract::{DefaultBodyLimit, FromRequest, FromRequestParts, RawPathParams, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post, put};
use chrono::{DateTime, Utc};
use dialogporten_model::enums::DialogActivityType;
use dialogporten_model::validate::DialogDates;
use dialogporten_model::validate::{MAX_BODY_BYTES, Rules};
use rusqlite::{Connection, Transaction};
use serde::Serialize;
use serde_json::Value;
use tower_service::Service;
use uuid::Uuid;

use crate::App;
use crate::auth::{Caller, scopes};
use crate::store::{self, StoredDialog};
pub use problem::Problem;
use problem::{render_problems, request_limits};

/// Every route of the contract, plus `/health` and the served contract.
pub fn router(app: App) -> Router {
    let operations = operations(app);
    // Routing as upstream's ASP.NET Core does it: path segments match without regard to case and a
    // trailing slash reaches the same operation. The path is normalised before the operations'
    // router sees it (a layer on that router would run after its routing).
    Router::new().fallback(move |request: Request| {
        let mut operations = operations.clone();
        // A Router is always ready: `call` needs no `poll_ready` first.
        async move { operations.call(normalize_path(request)).await }
    })
}

/// Lower-cases the path (ids, labels and operation names all compare without regard to case)
/// and drops a trailing slash. The query is kept as sent.
fn normalize_path(mut request: Request) -> Request {
    let sent = SentPath(request.uri().path().to_owned());
    request.extensions_mut().insert(sent);
    let uri = request.uri();
    let path = uri.path();
    let trimmed = if path.len() > 1 { path.strip_suffix('/').unwrap_or(path) } else { path };
    if trimmed.bytes().any(|b| b.is_ascii_uppercase()) || trimmed.len() != path.len() {
        let path_and_query = match uri.query() {
            Some(query) => format!("{}?{query}", trimmed.to_ascii_lowercase()),
            None => trimmed.to_ascii_lowercase(),
        };
        let mut parts = uri.clone().into_parts();
        if let Ok(normalized) = path_and_query.parse() {
            parts.path_and_query = Some(normalized);
            if let Ok(uri) = axum::http::Uri::from_parts(parts) {
                *request.uri_mut() = uri;
            }
        }
    }
    request
}

/// The request's path as sent, before [`normalize_path`]: problem details name it as `instance`.
#[derive(Clone)]
pub struct SentPath(pub String);

/// Upstream's `RequireJsonAcceptPreProcessor` (WebApi/Endpoints/V1/Common/PreProcessors): the
/// operations that only answer JSON (limits, service resources, the end user's parties, the
/// dialog-token well-known endpoints) refuse an `Accept` header that allows no JSON with 406.
/// It runs after authentication, as a preprocessor does.
pub struct AcceptsJson;

impl<S: Send + Sync> FromRequestParts<S> for AcceptsJson {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Problem> {
        let values: Vec<&str> =
            parts.headers.get_all(header::ACCEPT).iter().filter_map(|value| value.to_str().ok()).collect();
        if allows_json(&values.join(",")) { Ok(AcceptsJson) } else { Err(Problem::not_acceptable()) }
    }
}

/// Upstream's `AcceptHeaderHelper.AllowsJson`: no header, or one that cannot be read, allows
/// anything; else one range with a quality above 0 must be `*/*`, `application/*`,
/// `application/json` or `application/…+json`.
fn allows_json(accept: &str) -> bool {
    let mut ranges = Vec::new();
    for item in accept.split(',').map(str::trim).filter(|item| !item.is_empty()) {
        let mut parts = item.split(';');
        let Some((kind, subtype)) = parts.next().and_then(|range| range.trim().split_once('/')) else { return true };
        let (kind, subtype) = (kind.trim().to_ascii_lowercase(), subtype.trim().to_ascii_lowercase());
        if kind.is_empty() || subtype.is_empty() {
            return true;
        }
        let mut quality = 1.0_f64;
        for parameter in parts {
            if let Some((name, value)) = parameter.split_once('=')
                && name.trim().eq_ignore_ascii_case("q")
            {
                let Ok(q) = value.trim().parse::<f64>() else { return true };
                quality = q;
            }
        }
        ranges.push((kind, subtype, quality));
    }
    if ranges.is_empty() {
        return true;
    }
    ranges.iter().filter(|(_, _, quality)| *quality > 0.0).any(|(kind, subtype, _)| {
        (kind == "*" && subtype == "*")
            || (kind == "application" && (subtype == "*" || subtype == "json" || subtype.ends_with("+json")))
    })
}

/// Every operation, at its path in lower case.
fn operations(app: App) -> Router {
    const SO: &str = "/api/v1/serviceowner";
    const EU: &str = "/api/v1/enduser";
    let dialog = |suffix: &str| format!("{SO}/dialogs/{{dialog_id}}{suffix}");
    Router::new()
        .route("/health", get(metadata::health))
        .route("/token", post(crate::idp::maskinporten::token))
        .route("/jwks", get(crate::idp::maskinporten::jwks))
        .route("/.well-known/oauth-authorization-server", get(crate::idp::maskinporten::well_known))
        .route("/development/clients", post(crate::idp::maskinporten::register_client))
        .route("/idporten/authorize", get(crate::idp::idporten::authorize))
        .route("/idporten/token", post(crate::idp::idporten::token))
        .route("/idporten/jwks.json", get(crate::idp::maskinporten::jwks))
        .route("/idporten/.well-known/openid-configuration", get(crate::idp::idporten::configuration))
        .route("/api/v1/.well-known/jwks.json", get(crate::idp::dialog_tokens::jwks))
        .route("/api/v1/.well-known/oauth-authorization-server", get(crate::idp::dialog_tokens::metadata))
        .route("/authentication/api/v1/exchange/maskinporten", get(crate::idp::maskinporten::exchange))
        .route("/swagger/v1/swagger.json", get(metadata::contract))
        .route("/events/api/v1/events", get(events::feed))
        .route("/events/api/v1/subscriptions", get(events::subscriptions).post(events::subscribe))
        .route("/events/api/v1/subscriptions/{id}", get(events::subscription).delete(events::unsubscribe))
        .route("/api/v1/exception", get(metadata::exception))
        .route("/api/v1/metadata/limits", get(metadata::limits))
        .route("/api/v1/metadata/serviceresources", get(metadata::service_resources))
        .route(&format!("{SO}/dialoglookup"), get(metadata::lookup))
        .route(&format!("{EU}/parties"), get(enduser::parties))
        .route(&format!("{EU}/serviceresources"), get(enduser::service_resources))
        .route(&format!("{EU}/dialoglookup"), get(enduser::lookup))
        .route(&format!("{EU}/dialogs"), get(enduser::search))
        .route(&format!("{EU}/dialogs/context/systemlabels/actions/bulkset"), post(enduser::bulk_set_system_labels))
        .route(&format!("{EU}/dialogs/{{dialog_id}}"), get(enduser::get))
        .route(&format!("{EU}/dialogs/{{dialog_id}}/activities"), get(enduser::list_activities))
        .route(&format!("{EU}/dialogs/{{dialog_id}}/activities/{{activity_id}}"), get(enduser::get_activity))
        .route(&format!("{EU}/dialogs/{{dialog_id}}/transmissions"), get(enduser::list_transmissions))
        .route(&format!("{EU}/dialogs/{{dialog_id}}/transmissions/{{transmission_id}}"), get(enduser::get_transmission))
        .route(&format!("{EU}/dialogs/{{dialog_id}}/seenlog"), get(enduser::list_seen_log))
        .route(&format!("{EU}/dialogs/{{dialog_id}}/seenlog/{{seen_log_id}}"), get(enduser::get_seen_log))
        .route(&format!("{EU}/dialogs/{{dialog_id}}/context/systemlabels"), put(enduser::set_system_labels))
        .route(&format!("{EU}/dialogs/{{dialog_id}}/context/labellog"), get(enduser::label_log))
        .route(&format!("{SO}/dialogs"), get(dialogs::search).post(dialogs::create))
        .route(&format!("{SO}/dialogs/endusercontext"), get(context::search_end_user_contexts))
        .route(
            &format!("{SO}/dialogs/endusercontext/systemlabels/actions/bulkset"),
            post(context::bulk_set_system_labels),
        )
        .route(&dialog(""), get(dialogs::get).put(dialogs::update).patch(dialogs::patch).delete(dialogs::delete))
        .route(&dialog("/actions/freeze"), post(dialogs::freeze))
        .route(&dialog("/actions/purge"), post(dialogs::purge))
        .route(&dialog("/actions/restore"), post(dialogs::restore))
        .route(&dialog("/actions/should-send-notification"), get(dialogs::should_send_notification))
        .route(&dialog("/activities"), get(children::list_activities).post(children::create_activity))
        .route(&dialog("/activities/{activity_id}"), get(children::get_activity))
        .route(
            &dialog("/activities/{activity_id}/actions/updateformsavedactivitytime"),
            post(children::update_form_saved_time),
        )
        .route(&dialog("/transmissions"), get(children::list_transmissions).post(children::create_transmission))
        .route(
            &dialog("/transmissions/{transmission_id}"),
            get(children::get_transmission).put(children::update_transmission),
        )
        .route(&dialog("/seenlog"), get(children::list_seen_log))
        .route(&dialog("/seenlog/{seen_log_id}"), get(children::get_seen_log))
        .route(&dialog("/context/labels"), get(context::labels).post(context::add_label))
        .route(&dialog("/context/labels/{label}"), delete(context::remove_label))
        .route(&dialog("/endusercontext/systemlabels"), put(context::set_system_labels))
        .merge(crate::arbeidsflate::routes())
        .fallback(|| async { Problem::not_found("Route", "no such operation") })
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn(request_limits))
        .layer(middleware::from_fn(render_problems))
        .layer(middleware::from_fn_with_state(app.clone(), report_ignored))
        .layer(middleware::from_fn_with_state(app.clone(), crate::chaos::inject))
        .layer(middleware::from_fn_with_state(app.clone(), crate::load::shape))
        .with_state(app)
}

/// A JSON request body, read up to the service's size limit.
pub struct JsonBody {
    bytes: Bytes,
    media_type: Option<String>,
    ignored: Option<IgnoredProperties>,
}

/// The properties of this request's body that its type does not have: the
/// service ignores them, as upstream's binding does; [`report_ignored`] tells
/// the caller (a response header) and the log.
#[derive(Clone, Default)]
pub struct IgnoredProperties(std::sync::Arc<std::sync::Mutex<Vec<String>>>);

/// The response header that names the body properties the server ignored.
pub const IGNORED_PROPERTIES_HEADER: &str = "x-ignored-properties";

/// Gives each request a place to note ignored body properties, and reports
/// them once the handler has answered.
async fn report_ignored(
    axum::extract::State(app): axum::extract::State<App>,
    mut request: Request,
    next: middleware::Next,
) -> Response {
    let ignored = IgnoredProperties::default();
    request.extensions_mut().insert(ignored.clone());
    let (method, path) = (request.method().clone(), request.uri().path().to_owned());
    let mut response = next.run(request).await;
    let names = ignored.0.lock().map(|names| names.join(", ")).unwrap_or_default();
    if !names.is_empty() {
        let printable: String = names.chars().map(|c| if c.is_ascii_graphic() || c == ' ' { c } else { '?' }).collect();
        if let Ok(value) = HeaderValue::from_str(&printable) {
            response.headers_mut().insert(IGNORED_PROPERTIES_HEADER, value);
        }
        if app.config.log_deliveries {
            eprintln!("dp-server: {method} {path}: ignored body properties the operation does not have: {printable}");
        }
    }
    response
}

impl FromRequest<App> for JsonBody {
    type Rejection = Problem;

    async fn from_request(request: Request, app: &App) -> Result<Self, Problem> {
        let ignored = request.extensions().get::<IgnoredProperties>().cloned();
        let headers = request.headers();
        let declared = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
        if declared.is_some_and(|n| n > MAX_BODY_BYTES) {
            return Err(Problem::too_large());
        }
        let media_type = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.split(';').next().unwrap_or_default().trim().to_ascii_lowercase());
        let bytes = Bytes::from_request(request, app).await.map_err(|rejection| match rejection {
            BytesRejection::FailedToBufferBody(FailedToBufferBody::LengthLimitError(_)) => Problem::too_large(),
            other => Problem::bad_request("$", format!("The request body could not be read: {}", other.body_text())),
        })?;
        Ok(JsonBody { bytes, media_type, ignored })
    }
}

impl JsonBody {
    /// The body bound as request type `T`, as the service binds it (see
    /// `validate::bind`); properties `T` does not have are noted as ignored.
    pub fn bind<T: serde::de::DeserializeOwned>(self) -> Result<T, Problem> {
        let ignored = self.ignored.clone();
        let (typed, names) = dialogporten_model::validate::bind_reporting::<T>(self.json()?)?;
        if let Some(IgnoredProperties(list)) = ignored
            && let Ok(mut list) = list.lock()
        {
            list.extend(names);
        }
        Ok(typed)
    }

    /// The body, if it was sent as JSON (or without a media type).
    pub fn json(self) -> Result<Value, Problem> {
        self.json_or(&[])
    }

    /// The body, if it was sent as JSON or one of `also`. The media type is
    /// checked before the body is read, as upstream does: none at all is 415.
    pub fn json_or(self, also: &[&str]) -> Result<Value, Problem> {
        match self.media_type.as_deref() {
            Some("application/json" | "text/json" | "application/*+json") => {}
            Some(other) if also.contains(&other) => {}
            Some(other) => return Err(Problem::unsupported_media_type(other)),
            None => return Err(Problem::unsupported_media_type("")),
        }
        if self.bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(Problem::bad_request("dto", "A non-empty request body is required."));
        }
        serde_json::from_slice(&self.bytes)
            .map_err(|e| Problem::bad_request("$", format!("The body is not valid JSON: {e}.")))
    }
}

/// A path id; anything that is not a UUID names nothing, so 404.
/// The reader's languages from `Accept-Language` (none: every localization is kept).
pub fn accepted(headers: &HeaderMap) -> dialogporten_model::accepted_languages::AcceptedLanguages {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|h| h.to_str().ok())
        .and_then(dialogporten_model::accepted_languages::AcceptedLanguages::parse)
        .unwrap_or_default()
}

pub fn parse_id(text: &str, entity: &str) -> Result<Uuid, Problem> {
    text.parse().map_err(|_| Problem::not_found(entity, text))
}

/// The dialog a route's `{dialog_id}` names; 404 (as upstream) when it is not a UUID.
pub struct DialogId(pub Uuid);

impl<S: Send + Sync> FromRequestParts<S> for DialogId {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Problem> {
        // The one way it is refused is a path that is not UTF-8 once decoded.
        let params = RawPathParams::from_request_parts(parts, state).await.map_err(|_| Problem::unreadable_path())?;
        let text = params
            .iter()
            .find_map(|(name, value)| (name == "dialog_id").then_some(value))
            .ok_or_else(|| Problem::internal("the route names no {dialog_id}"))?;
        parse_id(text, "DialogEntity").map(DialogId)
    }
}

/// The revision in `If-Match`, bound as upstream binds it: to a `Guid?`
/// through .NET's `Guid.TryParse` ([`dotnet_guid`]). An entity tag in quotes,
/// `W/` or `*` is not a `Guid`: 400, as upstream.
pub fn if_match(headers: &HeaderMap) -> Result<Option<Uuid>, Problem> {
    let Some(value) = headers.get(header::IF_MATCH) else { return Ok(None) };
    let text = String::from_utf8_lossy(value.as_bytes());
    dotnet_guid(&text).map(Some).ok_or_else(|| {
        Problem::bad_request(
            "If-Match",
            format!("'{}' is not a revision: send the dialog's revision as a bare UUID, without quotes.", text.trim()),
        )
    })
}

/// A UUID in any of the spellings .NET's `Guid.TryParse` takes, with white
/// space around it: 32 hex digits (`N`), 8-4-4-4-12 with hyphens (`D`), `D` in
/// braces (`B`) or parentheses (`P`), and `{0x…,0x…,0x…,{0x…,…}}` (`X`).
pub fn dotnet_guid(text: &str) -> Option<Uuid> {
    let text = text.trim();
    let hex = |s: &str, max: usize| !s.is_empty() && s.len() <= max && s.bytes().all(|b| b.is_ascii_hexdigit());
    let hyphenated = |s: &str| {
        let groups: Vec<&str> = s.split('-').collect();
        let lengths = [8, 4, 4, 4, 12];
        (groups.len() == 5 && groups.iter().zip(lengths).all(|(g, n)| g.len() == n && hex(g, n)))
            .then(|| groups.concat())
    };
    let digits = match text.len() {
        32 if hex(text, 32) => Some(text.to_owned()),
        36 => hyphenated(text),
        38 if (text.starts_with('{') && text.ends_with('}')) || (text.starts_with('(') && text.ends_with(')')) => {
            hyphenated(&text[1..37])
        }
        _ => hex_form(text, &hex),
    }?;
    Uuid::try_parse(&digits).ok()
}

/// .NET's `X` form: `{0xAAAAAAAA,0xBBBB,0xCCCC,{0xDD,0xDD,0xDD,0xDD,0xDD,0xDD,0xDD,0xDD}}`,
/// each field up to its width; returns its 32 digits.
fn hex_form(text: &str, hex: &dyn Fn(&str, usize) -> bool) -> Option<String> {
    let inner = text.strip_prefix('{')?.strip_suffix("}}")?;
    let (head, bytes) = inner.split_once(",{")?;
    let field = |s: &str, width: usize| {
        let digits = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X"))?;
        hex(digits, width).then(|| format!("{digits:0>width$}"))
    };
    let head: Vec<&str> = head.split(',').collect();
    let bytes: Vec<&str> = bytes.split(',').collect();
    if head.len() != 3 || bytes.len() != 8 {
        return None;
    }
    let mut digits = String::with_capacity(32);
    for (s, width) in head.iter().zip([8, 4, 4]) {
        digits.push_str(&field(s, width)?);
    }
    for s in bytes {
        digits.push_str(&field(s, 2)?);
    }
    Some(digits)
}

/// 412 unless `expected` is absent or equals `actual`.
pub fn check_revision(expected: Option<Uuid>, actual: &str) -> Result<(), Problem> {
    match expected {
        Some(expected) if !actual.eq_ignore_ascii_case(&expected.to_string()) => Err(Problem::precondition_failed()),
        _ => Ok(()),
    }
}

/// The dialog, if the caller may see it (others' dialogs do not exist for them).
pub fn owned(conn: &Connection, caller: &Caller, id: Uuid) -> Result<StoredDialog, Problem> {
    match store::load(conn, id)? {
        Some(dialog) if caller.owns(&dialog.org) => Ok(dialog),
        _ => Err(Problem::not_found("DialogEntity", id)),
    }
}

/// The dialog, if the caller may change it now: not deleted, not frozen
/// (unless admin), and at the revision `If-Match` names. A write whose body has
/// rules passes `None` and checks the revision itself after them.
pub fn writable(conn: &Connection, caller: &Caller, id: Uuid, expected: Option<Uuid>) -> Result<StoredDialog, Problem> {
    let dialog = owned(conn, caller, id)?;
    changeable(&dialog, caller)?;
    check_revision(expected, dialog.revision())?;
    Ok(dialog)
}

/// 410 for a deleted dialog, 403 for a frozen one (but for admins): the
/// handlers' first checks after the dialog is found.
pub fn changeable(dialog: &StoredDialog, caller: &Caller) -> Result<(), Problem> {
    if dialog.is_deleted() {
        return Err(Problem::gone("DialogEntity", dialog.id()));
    }
    if dialog.frozen && !caller.is_admin() {
        return Err(Problem::forbidden("User cannot modify frozen dialog"));
    }
    Ok(())
}

/// The rules that apply to this caller's request. A `--dev` server also takes `http://` URLs to
/// loopback hosts where the service takes only HTTPS, so a service on the same laptop can be
/// reached from the local arbeidsflate.
pub fn rules(app: &App, caller: &Caller, now: DateTime<Utc>, silent: bool) -> Rules {
    Rules::at(now).silent(silent).permitted_by(caller.scopes()).loopback_http(app.config.dev)
}

/// The ids of a dialog's transmissions.
pub fn transmission_ids(doc: &Value) -> HashSet<Uuid> {
    doc["transmissions"].as_array().into_iter().flatten().filter_map(|t| t["id"].as_str()?.parse().ok()).collect()
}

/// 403 for correspondence activity types without the correspondence scope.
pub fn check_activity_scopes<'a>(
    caller: &Caller,
    kinds: impl IntoIterator<Item = &'a DialogActivityType>,
) -> Result<(), Problem> {
    let correspondence = kinds.into_iter().any(|kind| {
        matches!(kind, DialogActivityType::CorrespondenceOpened | DialogActivityType::CorrespondenceConfirmed)
    });
    if correspondence && !caller.has(scopes::CORRESPONDENCE) {
        return Err(Problem::forbidden(format!(
            "Use of CorrespondenceConfirmed or CorrespondenceOpened activity types requires the scope {}.",
            scopes::CORRESPONDENCE
        )));
    }
    Ok(())
}

/// The store's transactions for handlers: whatever fails is answered as problem details.
pub trait Transactions {
    /// Runs `work` in one write transaction, committed only if it succeeds.
    fn write<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Transaction<'_>) -> Result<T, Problem> + Send + 'static,
    ) -> impl Future<Output = Result<T, Problem>> + Send;

    /// Runs `work` in one read transaction (one consistent snapshot).
    fn read<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Transaction<'_>) -> Result<T, Problem> + Send + 'static,
    ) -> impl Future<Output = Result<T, Problem>> + Send;
}

impl Transactions for App {
    fn write<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Transaction<'_>) -> Result<T, Problem> + Send + 'static,
    ) -> impl Future<Output = Result<T, Problem>> + Send {
        self.run_write(work)
    }

    fn read<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Transaction<'_>) -> Result<T, Problem> + Send + 'static,
    ) -> impl Future<Output = Result<T, Problem>> + Send {
        self.run_read(work)
    }
}

/// A checked request body as the JSON the domain code stores.
pub fn to_doc<T: Serialize>(dto: &T) -> Result<Value, Problem> {
    serde_json::to_value(dto).map_err(|e| Problem::internal(format!("request body as JSON: {e}")))
}

/// A stored dialog's `visibleFrom`, `dueAt` and `expiresAt`.
pub fn stored_dates(doc: &Value) -> DialogDates {
    let at = |key: &str| doc[key].as_str().and_then(crate::dialog::parse_time);
    DialogDates { visible_from: at("visibleFrom"), due_at: at("dueAt"), expires_at: at("expiresAt") }
}

fn etag(response: &mut Response, revision: &str) {
    if let Ok(value) = HeaderValue::from_str(revision) {
        response.headers_mut().insert(header::ETAG, value);
    }
}

/// 201 with the new id as a JSON string, `Location` and `Etag`.
pub fn created(location: String, id: &str, revision: &str) -> Response {
    let mut response = (StatusCode::CREATED, axum::Json(id)).into_response();
    if let Ok(value) = HeaderValue::from_str(&location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    etag(&mut response, revision);
    response
}

/// 204, with `Etag` when there is a revision to report.
pub fn no_content(revision: Option<&str>) -> Response {
    let mut response = StatusCode::NO_CONTENT.into_response();
    if let Some(revision) = revision {
        etag(&mut response, revision);
    }
    response
}

/// 200 with a JSON body, and `Etag` when given.
pub fn ok_json(body: Value, revision: Option<&str>) -> Response {
    let mut response = (StatusCode::OK, axum::Json(body)).into_response();
    if let Some(revision) = revision {
        etag(&mut response, revision);
    }
    response
}
