//! Problem details (RFC 9457) as the real service writes them.
//!
//! Handlers return a [`Problem`]; a middleware renders it with the request
//! path as `instance`, since only the request knows its path. The domain code
//! and the store say what went wrong without HTTP ([`DomainError`],
//! [`StoreError`]); here each becomes the status the real service answers with.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use dialogporten_model::validate::ValidationErrors;
use serde_json::json;
use uuid::Uuid;

use crate::domain_error::DomainError;
use crate::store::StoreError;

/// A failed request: its status and the `errors` map the service sends.
#[derive(Clone, Debug, thiserror::Error)]
#[error("{status}: {title}")]
pub struct Problem {
    status: StatusCode,
    title: String,
    detail: Option<String>,
    errors: BTreeMap<String, Vec<String>>,
}

impl Problem {
    fn new(status: StatusCode, title: &str) -> Self {
        Self { status, title: title.to_owned(), detail: None, errors: BTreeMap::new() }
    }

    /// Adds a message under `key`.
    pub fn with(mut self, key: impl Into<String>, message: impl Into<String>) -> Self {
        self.errors.entry(key.into()).or_default().push(message.into());
        self
    }

    /// The status this problem is answered with.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// 400 with the validator's errors.
    pub fn validation(errors: ValidationErrors) -> Self {
        let mut problem = Self::new(StatusCode::BAD_REQUEST, "One or more validation errors occurred.");
        problem.errors = errors.into_map();
        problem
    }

    /// 400: the path is not UTF-8 once decoded (the framework's own text names internal variables).
    pub fn unreadable_path() -> Self {
        Self::bad_request("Path", "The request path cannot be read: it must be valid UTF-8 once decoded.")
    }

    /// 400 with one error.
    pub fn bad_request(key: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "One or more validation errors occurred.").with(key, message)
    }

    /// 401: no usable bearer token (with problem details, as every error here).
    pub fn unauthorized() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "Unauthorized.")
    }

    /// 401 with a reason, for a token of the wrong kind.
    pub fn unauthorized_because(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "Unauthorized.").with("Authorization", message)
    }

    /// 403 with a reason.
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "Forbidden.").with("Forbidden", message)
    }

    /// 404 for an entity that does not exist (or belongs to someone else).
    pub fn not_found(entity: &str, key: impl std::fmt::Display) -> Self {
        Self::new(StatusCode::NOT_FOUND, "Resource not found.")
            .with(entity, format!("Entity '{entity}' with the following key(s) was not found: ({key})."))
    }

    /// 410 for a soft-deleted dialog.
    pub fn gone(entity: &str, key: impl std::fmt::Display) -> Self {
        Self::new(StatusCode::GONE, "Resource no longer available.")
            .with(entity, format!("Entity '{entity}' with the following key(s) is removed: ({key})."))
    }

    /// 409 with one error.
    pub fn conflict(key: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, "Conflict.").with(key, message)
    }

    /// 412: `If-Match` names another revision. The real service sends no `errors`.
    pub fn precondition_failed() -> Self {
        Self::new(StatusCode::PRECONDITION_FAILED, "Precondition failed.")
    }

    /// 406: the `Accept` header allows no JSON (upstream's `RequireJsonAcceptPreProcessor`, with
    /// the title and detail of its `ErrorResponseBuilderExtensions`).
    pub fn not_acceptable() -> Self {
        let mut problem = Self::new(StatusCode::NOT_ACCEPTABLE, "Requested content type is not acceptable.")
            .with("Accept", "The request must accept application/json responses.");
        problem.detail = Some("The Accept header must allow JSON responses.".to_owned());
        problem
    }

    /// 413 above the body limit.
    pub fn too_large() -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            &format!(
                "Payload too large. The maximum allowed size is {} bytes.",
                dialogporten_model::validate::MAX_BODY_BYTES
            ),
        )
    }

    /// 415 for a body in a media type the operation does not take, or with none.
    pub fn unsupported_media_type(media_type: &str) -> Self {
        let message = if media_type.is_empty() {
            "The request has no Content-Type: send the body as application/json.".to_owned()
        } else {
            format!("'{media_type}' is not supported here; send application/json.")
        };
        Self::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, "Unsupported Media Type").with("Content-Type", message)
    }

    /// 422 with one error.
    pub fn unprocessable(key: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, "Unprocessable request.").with(key, message)
    }

    /// 422 for an id that is already taken.
    pub fn duplicate_key(entity: &str, id: impl std::fmt::Display) -> Self {
        Self::unprocessable(entity, format!("Key ('Id')=({id}) already exists."))
    }

    /// 503 with `Retry-After`: the storage takes no writes now (disk full, read-only); nothing was
    /// written, and the same request may succeed later.
    pub fn storage_unavailable(why: &str) -> Self {
        let mut problem = Self::new(StatusCode::SERVICE_UNAVAILABLE, "The storage is unavailable.");
        problem.detail = Some(format!("Nothing was written: {why}. Try again later."));
        problem
    }

    /// Whether this is [`Problem::storage_unavailable`].
    pub fn is_storage_unavailable(&self) -> bool {
        self.status == StatusCode::SERVICE_UNAVAILABLE
    }

    /// 500 as upstream's `GlobalExceptionHandler` answers an unexpected exception (its
    /// `DefaultResponse`: no `errors`).
    pub fn unexpected() -> Self {
        let mut problem =
            Self::new(StatusCode::INTERNAL_SERVER_ERROR, "An error occurred while processing the request.");
        problem.detail = Some("Something went wrong during the request.".to_owned());
        problem
    }

    /// 500: the server failed; the message says where.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "An error occurred while processing your request.")
            .with("Server", message)
    }

    fn type_uri(&self) -> &'static str {
        match self.status.as_u16() {
            400 => "https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.1",
            401 => "https://datatracker.ietf.org/doc/html/rfc7235#section-3.1",
            403 => "https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.3",
            404 => "https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.4",
            405 => "https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.5",
            406 => "https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.6",
            409 => "https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.8",
            410 => "https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.9",
            412 => "https://datatracker.ietf.org/doc/html/rfc7232#section-4.2",
            413 => "https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.11",
            415 => "https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.13",
            422 => "https://datatracker.ietf.org/doc/html/rfc4918#section-11.2",
            _ => "https://datatracker.ietf.org/doc/html/rfc7231#section-6.6.1",
        }
    }

    fn render(&self, instance: &str) -> Response {
        let trace = Uuid::new_v4().simple().to_string();
        let mut body = json!({
            "type": self.type_uri(),
            "title": self.title,
            "status": self.status.as_u16(),
            "instance": instance,
            "traceId": format!("00-{trace}-{}-00", &trace[..16]),
        });
        if let Some(detail) = &self.detail {
            body["detail"] = json!(detail);
        }
        if !self.errors.is_empty() {
            body["errors"] = json!(self.errors);
        }
        let mut response = (self.status, Json(body)).into_response();
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json; charset=utf-8"));
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static(STORAGE_RETRY_AFTER));
        }
        response
    }
}

/// How long a client waits before trying a write the storage refused (seconds).
const STORAGE_RETRY_AFTER: &str = "30";

impl From<ValidationErrors> for Problem {
    fn from(errors: ValidationErrors) -> Self {
        Self::validation(errors)
    }
}

impl From<DomainError> for Problem {
    fn from(error: DomainError) -> Self {
        match error {
            DomainError::Invalid(errors) => Self::validation(errors),
            DomainError::Unprocessable(errors) => {
                let mut problem = Self::new(StatusCode::UNPROCESSABLE_ENTITY, "Unprocessable request.");
                problem.errors = errors.into_map();
                problem
            }
            DomainError::Unauthorized(None) => Self::unauthorized(),
            DomainError::Unauthorized(Some(why)) => Self::unauthorized_because(why),
            DomainError::Forbidden(why) => Self::forbidden(why),
            DomainError::Conflict { field, message } => Self::conflict(field, message),
            DomainError::Internal(message) => Self::internal(message),
            DomainError::Store(error) => error.into(),
        }
    }
}

impl From<StoreError> for Problem {
    fn from(error: StoreError) -> Self {
        match error {
            // A unique key of upstream's database, answered as upstream answers its violation.
            StoreError::Duplicate { table, id } => Self::duplicate_key(table, id),
            StoreError::Unavailable(why) => Self::storage_unavailable(&why),
            other => Self::internal(other.to_string()),
        }
    }
}

impl IntoResponse for DomainError {
    fn into_response(self) -> Response {
        Problem::from(self).into_response()
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let mut response = self.status.into_response();
        response.extensions_mut().insert(self);
        response
    }
}

/// Kestrel's defaults, which upstream runs on: a request target of at most 8 KiB.
pub const MAX_REQUEST_TARGET: usize = 8 * 1024;
/// Kestrel's defaults: request headers of at most 32 KiB in all.
pub const MAX_HEADER_BYTES: usize = 32 * 1024;
/// Kestrel's defaults: at most 100 request headers.
pub const MAX_HEADERS: usize = 100;

/// Refuses, as problem details, a request target or headers beyond upstream's limits
/// (hyper's own, which answer without a body, lie well beyond these).
pub async fn request_limits(request: Request, next: Next) -> Response {
    let target = request.uri().path_and_query().map_or(0, |p| p.as_str().len());
    if target > MAX_REQUEST_TARGET {
        return Problem::new(StatusCode::URI_TOO_LONG, "URI Too Long.")
            .with(
                "Uri",
                format!(
                    "The request target is {target} bytes; at most {MAX_REQUEST_TARGET} are taken. \
                     Send fewer or shorter query values."
                ),
            )
            .into_response();
    }
    let headers = request.headers();
    let bytes: usize = headers.iter().map(|(name, value)| name.as_str().len() + value.len()).sum();
    if headers.len() > MAX_HEADERS || bytes > MAX_HEADER_BYTES {
        return Problem::new(StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE, "Request Header Fields Too Large.")
            .with(
                "Headers",
                format!(
                    "The request has {} headers of {bytes} bytes; at most {MAX_HEADERS} headers of \
                     {MAX_HEADER_BYTES} bytes in all are taken.",
                    headers.len()
                ),
            )
            .into_response();
    }
    next.run(request).await
}

/// Renders every [`Problem`] a handler returned, with the request path as
/// `instance`; the framework's own refusals (a method the path does not take,
/// a path that cannot be read) become problem details too, without its wording.
pub async fn render_problems(request: Request, next: Next) -> Response {
    // The path as the caller sent it (upstream's `Request.Path`), not as routing lowered it.
    let instance = match request.extensions().get::<super::SentPath>() {
        Some(super::SentPath(sent)) => sent.clone(),
        None => request.uri().path().to_owned(),
    };
    let mut response = next.run(request).await;
    if let Some(problem) = response.extensions_mut().remove::<Problem>() {
        return problem.render(&instance);
    }
    // Only the framework's refusals: no body, or its plain text. A handler's own JSON (the token
    // endpoint answers in Maskinporten's form) stays as it is.
    let from_framework = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|v| v.starts_with("text/plain"));
    let status = response.status();
    if !from_framework || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    if status == StatusCode::REQUEST_TIMEOUT {
        return response;
    }
    let allow = response.headers().get(header::ALLOW).cloned();
    let text = axum::body::to_bytes(response.into_body(), 4096)
        .await
        .map(|bytes| String::from_utf8_lossy(&bytes).trim().to_owned())
        .unwrap_or_default();
    let problem = match status {
        StatusCode::METHOD_NOT_ALLOWED => Problem::new(StatusCode::METHOD_NOT_ALLOWED, "Method Not Allowed")
            .with("Method", "The operation at this path does not take this HTTP method."),
        // The extractors' own texts name internal variables: say what is wrong instead.
        StatusCode::BAD_REQUEST => Problem::unreadable_path(),
        other => {
            let problem = Problem::new(other, other.canonical_reason().unwrap_or("Error"));
            if text.is_empty() { problem } else { problem.with("Error", text) }
        }
    };
    let mut rendered = problem.render(&instance);
    if let Some(allow) = allow {
        rendered.headers_mut().insert(header::ALLOW, allow);
    }
    rendered
}
