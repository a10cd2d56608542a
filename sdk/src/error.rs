//! Typed errors: what went wrong, with the server's problem details.

use std::fmt;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use uuid::Uuid;

use crate::types::ProblemDetails;

/// The prefix the client's pre-request hook puts on token failures, so they
/// can be told apart from other hook errors when converting.
pub(crate) const AUTH_FAILURE: &str = "authentication failed: ";
/// Ends the number a stashed [`crate::auth::AuthError`] is kept under, in an [`AUTH_FAILURE`] message.
pub(crate) const AUTH_FAILURE_ID_END: char = '|';
/// The prefix the client's pre-request hook puts on a body its local checks refused.
pub(crate) const LOCAL_REFUSAL: &str = "refused before sending: ";
/// The prefix for a token endpoint that could not be reached.
pub(crate) const TOKEN_UNREACHABLE: &str = "token endpoint unreachable: ";
/// The prefix for a body over [`crate::transport::MAX_BODY_BYTES`], followed by its size.
pub(crate) const BODY_TOO_LARGE: &str = "body too large: ";

/// Everything an SDK call can fail with.
///
/// Every operation's `send()` returns it, as do the SDK's own calls (streams, events,
/// tokens). Its `Debug` is its `Display` with the causes under it (as anyhow's and eyre's
/// are), so `fn main() -> Result<(), dialogporten::Error>` prints a sentence:
///
/// ```
/// use dialogporten::{ApiError, Error};
/// use dialogporten::reqwest::StatusCode;
/// let problem = serde_json::from_value(serde_json::json!({
///     "title": "One or more validation errors occurred.", "status": 400,
///     "errors": {"Content.Title": ["Title must not be empty."]}
/// })).unwrap();
/// let error: Error = ApiError::new(StatusCode::BAD_REQUEST, problem, &Default::default()).into();
/// // What `main` prints after "Error: ":
/// assert_eq!(
///     format!("{error:?}"),
///     "One or more validation errors occurred (HTTP 400)\n  Content.Title: Title must not be empty."
/// );
/// ```
///
/// Matching on what went wrong:
///
/// ```
/// # async fn demo(client: &dialogporten::Client, id: uuid::Uuid) -> Result<(), dialogporten::Error> {
/// use dialogporten::ErrorKind;
/// match client.get_dialog().dialog_id(id).send().await {
///     Ok(dialog) => println!("{}", dialog.status),
///     Err(e) if e.kind() == Some(ErrorKind::NotFound) => println!("no such dialog"),
///     Err(e) => return Err(e),
/// }
/// # Ok(()) }
/// ```
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Dialogporten answered with an error status.
    #[error(transparent)]
    Api(Box<ApiError>),
    /// Dialogporten could not be reached, or the connection failed.
    #[error("{}", transport_message(.0))]
    Transport(#[source] reqwest::Error),
    /// No token could be had for the request: the credentials were refused or are unusable.
    /// The [`AuthError`](crate::auth::AuthError) says which (a Maskinporten refusal keeps its
    /// status, code and advice: [`AuthError::Maskinporten`](crate::auth::AuthError::Maskinporten)).
    #[error("{AUTH_FAILURE}{0}")]
    Auth(#[source] crate::auth::AuthError),
    /// The token endpoint (Maskinporten, the Altinn exchange) could not be reached.
    #[error("could not get a token: {0}")]
    TokenEndpoint(String),
    /// The request body is larger than Dialogporten takes; nothing was sent.
    #[error(
        "the request body is {bytes} bytes; Dialogporten takes at most {} (nothing was sent)",
        crate::transport::MAX_BODY_BYTES
    )]
    BodyTooLarge {
        /// The body's size.
        bytes: u64,
    },
    /// The request could not be built (for example a required parameter is missing).
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// Dialogporten answered something this SDK cannot read.
    #[error("unexpected response from Dialogporten{}: {message}", status.map(|s| format!(" ({s})")).unwrap_or_default())]
    InvalidResponse {
        /// The status, when the response had one.
        status: Option<StatusCode>,
        /// What could not be read.
        message: String,
    },
    /// The client is misconfigured.
    #[error("{0}")]
    Config(String),
}

impl fmt::Debug for Error {
    /// The message, then what it came from at the root when that adds something (`Connection
    /// refused (os error 111)`), as `main` should print an error: a sentence, not a struct.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = self.to_string();
        write!(f, "{message}")?;
        let root = std::iter::successors(std::error::Error::source(self), |e| e.source()).last();
        if let Some(root) = root.map(|e| e.to_string())
            && !message.to_lowercase().contains(&root.to_lowercase())
        {
            write!(f, "\n\nCaused by: {root}")?;
        }
        Ok(())
    }
}

/// "no answer from URL: connection refused": the URL without secrets, then what happened.
fn transport_message(error: &reqwest::Error) -> String {
    let what = crate::transport::describe_failure(error);
    match error.url() {
        Some(url) => format!("no answer from {}: {what}", crate::transport::url_for_log(url)),
        None => format!("no answer from Dialogporten: {what}"),
    }
}

/// The broad kind of an error response, for matching.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// 400: the request breaks a validation rule; see [`ApiError::field_errors`].
    BadRequest,
    /// 401: missing, expired or invalid token.
    Unauthorized,
    /// 403: the token lacks a scope, or the resource belongs to someone else.
    Forbidden,
    /// 404: no such dialog (or not yours).
    NotFound,
    /// 409: the `idempotentKey` was used already (the service names the dialog:
    /// [`ApiError::existing_dialog_id`]), transmissions in one body share a key, or a
    /// concurrent write won.
    Conflict,
    /// 410: the dialog is deleted.
    Gone,
    /// 412: the `If-Match` revision is stale.
    PreconditionFailed,
    /// 413: the body is larger than 20,000,000 bytes.
    PayloadTooLarge,
    /// 422: the request breaks a domain rule: a date no longer in the future, a reference
    /// that does not resolve, or an id already taken (a dialog's: `Key ('Id')=(…) already
    /// exists.` under `Dialog`, which [`ApiError::existing_dialog_id`] reads).
    Unprocessable,
    /// 429: slow down; see [`ApiError::retry_after`].
    RateLimited,
    /// 503: maintenance or overload; see [`ApiError::retry_after`].
    Unavailable,
    /// Any other 5xx.
    Server,
    /// Any other status.
    Other,
}

impl ErrorKind {
    /// The kind of an HTTP status.
    pub fn from_status(status: StatusCode) -> ErrorKind {
        match status.as_u16() {
            400 => ErrorKind::BadRequest,
            401 => ErrorKind::Unauthorized,
            403 => ErrorKind::Forbidden,
            404 => ErrorKind::NotFound,
            409 => ErrorKind::Conflict,
            410 => ErrorKind::Gone,
            412 => ErrorKind::PreconditionFailed,
            413 => ErrorKind::PayloadTooLarge,
            422 => ErrorKind::Unprocessable,
            429 => ErrorKind::RateLimited,
            503 => ErrorKind::Unavailable,
            500..=599 => ErrorKind::Server,
            _ => ErrorKind::Other,
        }
    }
}

/// An error response from Dialogporten.
#[derive(Clone, Debug)]
pub struct ApiError {
    status: StatusCode,
    problem: ProblemDetails,
    retry_after: Option<Duration>,
    conflicts: Vec<Conflict>,
    attempt: u32,
}

/// What a 409 conflicts with, as newer versions of the service name it
/// (`conflicts: [{key, value, reason}]`): the existing dialog's id, an
/// idempotent key already used.
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
#[non_exhaustive]
pub struct Conflict {
    /// What is in conflict (`DialogId`, `IdempotentKey`).
    #[serde(default)]
    pub key: String,
    /// Its value (the existing dialog's id, the key).
    #[serde(default)]
    pub value: String,
    /// Why, in the service's words.
    #[serde(default)]
    pub reason: String,
}

/// The response header `readable_errors` carries a 409's `conflicts` in (internal).
pub(crate) const CONFLICTS_HEADER: &str = "x-dialogporten-sdk-conflicts";
/// The response header `readable_errors` carries an error's problem in, for statuses the
/// operation's contract does not list (internal).
pub(crate) const PROBLEM_HEADER: &str = "x-dialogporten-sdk-problem";
/// The response header the transport marks an answer to a repeated request with (internal).
pub(crate) const ATTEMPT_HEADER: &str = "x-dialogporten-sdk-attempt";

impl ApiError {
    /// Builds an error from a status and problem details.
    pub fn new(status: StatusCode, problem: ProblemDetails, headers: &HeaderMap) -> Self {
        let conflicts = headers
            .get(CONFLICTS_HEADER)
            .and_then(|v| v.to_str().ok())
            .and_then(|text| serde_json::from_str(text).ok())
            .unwrap_or_default();
        let attempt = headers.get(ATTEMPT_HEADER).and_then(|v| v.to_str().ok()?.parse().ok()).unwrap_or(1);
        Self { status, problem, retry_after: crate::retry::retry_after(headers), conflicts, attempt }
    }

    /// A 400 from the SDK's own checks of a body (see
    /// [`ClientBuilder::local_checks`](crate::ClientBuilder::local_checks)): the problem the
    /// service would have answered, with its field errors. Nothing was sent.
    pub fn local(errors: crate::validate::ValidationErrors) -> Self {
        let problem = ProblemDetails {
            type_: Some("https://tools.ietf.org/html/rfc9110#section-15.5.1".into()),
            title: Some("One or more validation errors occurred.".into()),
            status: Some(400),
            detail: None,
            instance: None,
            trace_id: None,
            errors: Some(errors.into_map().into_iter().collect()),
        };
        Self { status: StatusCode::BAD_REQUEST, problem, retry_after: None, conflicts: Vec::new(), attempt: 0 }
    }

    /// The problem's `instance`: the path of the request it answers.
    pub(crate) fn at(mut self, path: &str) -> Self {
        self.problem.instance = Some(path.to_owned());
        self
    }

    /// Whether the SDK refused the request itself (its local checks) and sent nothing.
    pub fn is_local(&self) -> bool {
        self.attempt == 0
    }

    /// Which attempt of the request this answer came from: 0 when nothing was sent
    /// ([`is_local`](Self::is_local)), 1, or more when the SDK repeated
    /// the request after a lost answer or a retryable failure. An "already exists" on a later
    /// attempt may be the work of an earlier attempt of the same call; see
    /// [`Client::create_dialog_idempotent`](crate::Client::create_dialog_idempotent).
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// What a 409 conflicts with, when the service names it in `conflicts`
    /// (newer versions do; older ones say it in a sentence, which
    /// [`existing_dialog_id`](Self::existing_dialog_id) reads too).
    pub fn conflicts(&self) -> &[Conflict] {
        &self.conflicts
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The broad kind, for matching.
    pub fn kind(&self) -> ErrorKind {
        ErrorKind::from_status(self.status)
    }

    /// The problem details as the server sent them.
    pub fn problem(&self) -> &ProblemDetails {
        &self.problem
    }

    /// Each field (or entity) with its messages, in the server's order of keys.
    pub fn field_errors(&self) -> impl Iterator<Item = (&str, &str)> {
        self.problem
            .errors
            .iter()
            .flat_map(|map| map.iter())
            .flat_map(|(field, messages)| messages.iter().map(move |m| (field.as_str(), m.as_str())))
    }

    /// How long the server asked the client to wait (429, 503).
    pub fn retry_after(&self) -> Option<Duration> {
        self.retry_after
    }

    /// Whether the server refused because what was sent exists already: a
    /// 409 (idempotent key) or a 422 naming an existing id (`Key ('Id')=(…) already exists.`).
    pub fn is_already_exists(&self) -> bool {
        match self.kind() {
            ErrorKind::Conflict => true,
            ErrorKind::Unprocessable => self.field_errors().any(|(_, m)| m.contains("already exists")),
            _ => false,
        }
    }

    /// For a 409 or 422 about an existing dialog: the dialog's id, in every form the service
    /// names it: the newer `conflicts` array, a 409 for a repeated idempotentKey (`'key' already
    /// exists with DialogId '…'`), and a 422 for a repeated dialog id (`Key ('Id')=(…) already
    /// exists.` under `Dialog`).
    pub fn existing_dialog_id(&self) -> Option<Uuid> {
        if !matches!(self.kind(), ErrorKind::Conflict | ErrorKind::Unprocessable) {
            return None;
        }
        let named = self.conflicts.iter().find_map(|c| {
            c.key.to_ascii_lowercase().ends_with("id").then(|| Uuid::parse_str(c.value.trim()).ok()).flatten()
        });
        named.or_else(|| self.field_errors().find_map(|(_, message)| dialog_id_in(message))).or_else(|| {
            self.field_errors()
                .filter(|(key, _)| key.eq_ignore_ascii_case("Dialog") || key.eq_ignore_ascii_case("DialogEntity"))
                .find_map(|(_, message)| duplicate_key_in(message))
        })
    }
}

/// The id in a unique-key refusal (`Key ('Id')=(0194…) already exists.`).
fn duplicate_key_in(message: &str) -> Option<Uuid> {
    let rest = message.split_once("=(")?.1;
    Uuid::parse_str(rest.split(')').next()?.trim()).ok()
}

fn dialog_id_in(message: &str) -> Option<Uuid> {
    let at = message.find("DialogId")?;
    message[at..]
        .split(|c: char| !(c.is_ascii_hexdigit() || c == '-'))
        .find_map(|token| if token.len() == 36 { Uuid::parse_str(token).ok() } else { None })
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let title = self
            .problem
            .title
            .as_deref()
            .or(self.status.canonical_reason())
            .unwrap_or("Request failed")
            .trim_end_matches('.');
        write!(f, "{title} (HTTP {})", self.status.as_u16())?;
        if let Some(detail) = self.problem.detail.as_deref().filter(|d| !d.is_empty()) {
            write!(f, ": {detail}")?;
        }
        for (field, message) in self.field_errors() {
            write!(f, "\n  {field}: {message}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

impl From<crate::auth::AuthError> for Error {
    fn from(error: crate::auth::AuthError) -> Self {
        match error {
            crate::auth::AuthError::Transport(reason) => Error::TokenEndpoint(reason),
            other => Error::Auth(other),
        }
    }
}

impl From<crate::auth::KeyError> for Error {
    /// A key that cannot be used is an authentication failure waiting to happen: say so now.
    fn from(error: crate::auth::KeyError) -> Self {
        Error::Auth(crate::auth::AuthError::Key(error))
    }
}

impl From<crate::UnknownEnvironment> for Error {
    fn from(error: crate::UnknownEnvironment) -> Self {
        Error::Config(error.to_string())
    }
}

impl From<ApiError> for Error {
    fn from(error: ApiError) -> Self {
        Error::Api(Box::new(error))
    }
}

impl Error {
    /// The kind of an error response; `None` for transport and local errors.
    pub fn kind(&self) -> Option<ErrorKind> {
        match self {
            Error::Api(api) => Some(api.kind()),
            _ => None,
        }
    }

    /// The error response, if the server answered.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(api) => Some(api),
            _ => None,
        }
    }

    /// Whether trying the same request later may succeed.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api(api) => crate::retry::is_retryable_status(api.status()),
            Error::Transport(e) => crate::retry::is_transient(e),
            _ => false,
        }
    }
}

/// A minimal problem for an error response without a readable body.
pub(crate) fn problem_for_status(status: StatusCode, detail: Option<String>) -> ProblemDetails {
    ProblemDetails {
        type_: None,
        title: status.canonical_reason().map(|r| format!("{r}.")),
        status: Some(i32::from(status.as_u16())),
        detail,
        instance: None,
        trace_id: None,
        errors: None,
    }
}

impl From<progenitor_client::Error<ProblemDetails>> for Error {
    fn from(error: progenitor_client::Error<ProblemDetails>) -> Self {
        use progenitor_client::Error as P;
        match error {
            P::ErrorResponse(response) => {
                let status = response.status();
                let headers = response.headers().clone();
                ApiError::new(status, response.into_inner(), &headers).into()
            }
            P::UnexpectedResponse(response) => {
                let status = response.status();
                if status.is_client_error() || status.is_server_error() {
                    let problem = response
                        .headers()
                        .get(PROBLEM_HEADER)
                        .and_then(|value| serde_json::from_slice::<ProblemDetails>(value.as_bytes()).ok())
                        .unwrap_or_else(|| problem_for_status(status, None));
                    ApiError::new(status, problem, response.headers()).into()
                } else {
                    Error::InvalidResponse { status: Some(status), message: "status not in the contract".into() }
                }
            }
            P::CommunicationError(e) | P::InvalidUpgrade(e) => Error::Transport(e),
            P::ResponseBodyError(e) => Error::Transport(e),
            P::InvalidResponsePayload(bytes, e) => Error::InvalidResponse {
                status: None,
                message: format!("{e} in {}", String::from_utf8_lossy(&bytes[..bytes.len().min(512)])),
            },
            P::InvalidRequest(message) => Error::InvalidRequest(message),
            P::Custom(message) => {
                if let Some(reason) = message.strip_prefix(AUTH_FAILURE) {
                    // Without the client that stashed the typed error (see `Client::error_from`).
                    let reason = reason.split_once(AUTH_FAILURE_ID_END).map_or(reason, |(_, text)| text);
                    Error::Auth(crate::auth::AuthError::Rejected(reason.to_owned()))
                } else if let Some(reason) = message.strip_prefix(TOKEN_UNREACHABLE) {
                    Error::TokenEndpoint(reason.to_owned())
                } else if let Some(bytes) = message.strip_prefix(BODY_TOO_LARGE).and_then(|b| b.parse().ok()) {
                    Error::BodyTooLarge { bytes }
                } else {
                    Error::InvalidRequest(message)
                }
            }
        }
    }
}

impl From<crate::input::InputError> for Error {
    fn from(error: crate::input::InputError) -> Self {
        Error::InvalidRequest(error.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_existing_dialog_id_in_a_conflict() {
        let problem: ProblemDetails = serde_json::from_value(serde_json::json!({
            "title": "Conflict.", "status": 409,
            "errors": {"IdempotentKey": ["'k-1' already exists with DialogId '0195a3c2-0000-7000-8000-000000000001'"]}
        }))
        .unwrap();
        let error = ApiError::new(StatusCode::CONFLICT, problem, &HeaderMap::new());
        assert_eq!(error.kind(), ErrorKind::Conflict);
        assert_eq!(error.existing_dialog_id(), Some(Uuid::parse_str("0195a3c2-0000-7000-8000-000000000001").unwrap()));
        assert_eq!(
            error.to_string(),
            "Conflict (HTTP 409)\n  IdempotentKey: 'k-1' already exists with DialogId '0195a3c2-0000-7000-8000-000000000001'"
        );
    }
}
