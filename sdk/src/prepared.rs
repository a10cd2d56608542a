//! Creating a dialog from a body that is checked already, for bulk imports.
//!
//! The typed builder (`client.create_dialog().body(..)`) converts the body
//! through its builder type, serializes it and parses the request URL on
//! every call. An importer that has checked its body already (with
//! [`crate::validate`]) can send it as it is: same hooks (token, retries,
//! readable errors), same errors, less work per dialog.

use std::sync::Arc;

use progenitor_client::{ClientInfo, OperationInfo, ResponseValue};
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderName, HeaderValue};
use reqwest::{Method, Url};
use uuid::Uuid;

use crate::{Client, Error};

/// An idempotent create, made by [`Client::create_dialog_idempotent`]; awaiting it sends it.
#[must_use = "nothing is created until it is awaited"]
pub struct CreateIdempotently<'a> {
    client: &'a Client,
    body: &'a crate::types::CreateDialog,
    silent: bool,
}

impl CreateIdempotently<'_> {
    /// Creates it silently (`isSilentUpdate`): no events, no alerts to end users, and times in the
    /// past allowed: what a migration of historic records wants.
    pub fn silent(self) -> Self {
        self.silent_if(true)
    }

    /// Silently when `silent` says so (a migration's setting).
    pub fn silent_if(mut self, silent: bool) -> Self {
        self.silent = silent;
        self
    }
}

impl<'a> std::future::IntoFuture for CreateIdempotently<'a> {
    type Output = Result<crate::Creation, Error>;
    type IntoFuture = std::pin::Pin<Box<dyn std::future::Future<Output = Self::Output> + Send + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.client.create_idempotently(self.body, self.silent))
    }
}

/// The create URL with and without `isSilentUpdate=true`, parsed once per client.
#[derive(Debug)]
pub(crate) struct CreateUrls {
    plain: Url,
    silent: Url,
}

impl CreateUrls {
    pub(crate) fn new(base: &str) -> Option<Arc<Self>> {
        let plain = Url::parse(&format!("{}/api/v1/serviceowner/dialogs", base.trim_end_matches('/'))).ok()?;
        let mut silent = plain.clone();
        silent.set_query(Some("isSilentUpdate=true"));
        Some(Arc::new(Self { plain, silent }))
    }
}

impl Client {
    /// `POST /dialogs` with `body` serialized as it is: a checked
    /// [`CreateDialog`](crate::types::CreateDialog), or JSON in the contract's
    /// names. Returns the id. The client's local checks are not run (the body is checked
    /// already, as below); every other create runs them.
    ///
    /// ```no_run
    /// # async fn demo(client: &dialogporten::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// use dialogporten::validate::{self, Rules};
    /// use dialogporten::types::CreateDialog;
    /// let raw = serde_json::json!({
    ///     "serviceResource": "urn:altinn:resource:super-simple-service",
    ///     "party": "urn:altinn:organization:identifier-no:991825827",
    ///     "content": {"title": {"value": [{"languageCode": "nb", "value": "Arkivert skjema"}]}}
    /// });
    /// let mut body: CreateDialog = validate::bind(raw)?;
    /// validate::create_dialog(&mut body, &Rules::now().silent(true))?;
    /// let id = client.create_dialog_json(&body, true).await?;
    /// # Ok(()) }
    /// ```
    pub async fn create_dialog_json<B: serde::Serialize + ?Sized>(
        &self,
        body: &B,
        silent: bool,
    ) -> Result<Uuid, Error> {
        self.create_dialog_response(body, silent).await.map(ResponseValue::into_inner)
    }

    /// Creates a dialog whose body carries a client-chosen `id` (say from
    /// [`ids::deterministic_v7`](crate::ids::deterministic_v7)) or an `idempotentKey`, and says
    /// whether this call created it or it was there already: the way to import idempotently.
    ///
    /// The service refuses a repeated id with 422 and a repeated `idempotentKey` with 409 (newer
    /// versions name the dialog in `conflicts`); each becomes [`Creation::AlreadyExisted`](crate::Creation::AlreadyExisted). When the
    /// SDK had to repeat the request (the first answer was lost) and the repeat finds this body's
    /// own id or key taken, either the first attempt made it or it was there before: the dialog's
    /// `createdAt` (one GET, only then) tells which, as the service stamps its own time when the body
    /// gives none (created after this call began: by it). A body that sets `createdAt` itself (a migration's historic time) leaves nothing to
    /// tell by, and counts as [`Creation::Created`](crate::Creation::Created): a lost answer in this run is far likelier than one
    /// from a run that stopped before it could note its success. Every other refusal is an error, as
    /// from [`create_dialog_json`](Self::create_dialog_json). The body is checked locally first
    /// (see [`ClientBuilder::local_checks`](crate::ClientBuilder::local_checks)).
    ///
    /// ```no_run
    /// # async fn demo(client: &dialogporten::Client) -> Result<(), Box<dyn std::error::Error>> {
    /// use chrono::Utc;
    /// use dialogporten::{ids::deterministic_v7, types::CreateDialog, validate};
    /// let mut body: CreateDialog = validate::bind(serde_json::json!({
    ///     "serviceResource": "urn:altinn:resource:super-simple-service",
    ///     "party": "urn:altinn:organization:identifier-no:991825827",
    ///     "content": {"title": {"value": [{"languageCode": "nb", "value": "Arkivert skjema"}]}}
    /// }))?;
    /// body.id = Some(deterministic_v7("a2-archive:123456", Utc::now()));
    /// let outcome = client.create_dialog_idempotent(&body).silent().await?;
    /// println!("{} ({})", outcome.id(), if outcome.is_created() { "new" } else { "there already" });
    /// # Ok(()) }
    /// ```
    pub fn create_dialog_idempotent<'a>(&'a self, body: &'a crate::types::CreateDialog) -> CreateIdempotently<'a> {
        CreateIdempotently { client: self, body, silent: false }
    }

    /// What [`create_dialog_idempotent`](Self::create_dialog_idempotent) does when awaited.
    pub(crate) async fn create_idempotently(
        &self,
        body: &crate::types::CreateDialog,
        silent: bool,
    ) -> Result<crate::Creation, Error> {
        if self.inner.checks_locally() {
            let mut checked = body.clone();
            crate::validate::create_dialog(&mut checked, &crate::local_checks::rules(silent, self.inner.is_local()))
                .map_err(|errors| Error::from(crate::ApiError::local(errors)))?;
        }
        let started = chrono::Utc::now();
        let error = match self.create_dialog_response(body, silent).await {
            Ok(response) => return Ok(crate::Creation::Created(response.into())),
            Err(error) => error,
        };
        if let Some(id) = body.id
            && may_have_applied(&error)
            && self.transport().has_reached_service()
        {
            // Boxed, as the look-ups below: rare, and each a whole GET, which would otherwise make
            // every create's future (moved at each await of an import's millions) that much larger.
            return Box::pin(self.settle(id, body, started, error)).await;
        }
        let Some(api) = error.api() else { return Err(error) };
        let Some(existing) = api.existing_dialog_id() else { return Err(error) };
        let own =
            body.id == Some(existing) || (body.idempotent_key.is_some() && api.kind() == crate::ErrorKind::Conflict);
        if api.attempt() == 1 || !own {
            return Ok(crate::Creation::AlreadyExisted { id: existing });
        }
        // A repeat after a lost answer found this body's own id or key taken: by this call's
        // first attempt, or before it (when the lost answer was itself an "already exists").
        // Without a `createdAt` in the body the service stamps its own time, which tells.
        if body.created_at.is_some() {
            return Ok(crate::Creation::Created(crate::Created { id: existing, revision: None, location: None }));
        }
        let stored = Box::pin(self.get_dialog_patiently(existing)).await?;
        Ok(made_by_this_call(existing, &stored, started))
    }

    /// The last attempt of a create failed in a way that leaves open whether an attempt made the
    /// dialog (an answer lost, a connection reset after sending, a timeout, a 5xx): the service is
    /// asked for the body's own id. There: created by this call, or already there (by `createdAt`,
    /// as after a repeat that found the id taken). Absent: the create failed, and `error` says why.
    /// When the service cannot say either, `error` stands, so a failure is never counted as done.
    async fn settle(
        &self,
        id: Uuid,
        body: &crate::types::CreateDialog,
        started: chrono::DateTime<chrono::Utc>,
        error: Error,
    ) -> Result<crate::Creation, Error> {
        match self.get_dialog_patiently(id).await {
            Ok(stored) if body.created_at.is_some() => {
                // A historic createdAt tells nothing; an attempt of this call is far likelier to
                // have made it than a run that stopped before it could note its success.
                let revision = crate::Revision::revision(&stored);
                Ok(crate::Creation::Created(crate::Created { id, revision, location: None }))
            }
            Ok(stored) => Ok(made_by_this_call(id, &stored, started)),
            // Made, and deleted since: there, not this call's work.
            Err(found) if found.kind() == Some(crate::ErrorKind::Gone) => Ok(crate::Creation::AlreadyExisted { id }),
            Err(_) => Err(error),
        }
    }

    /// The dialog an idempotent create asks about, retried as creates are (patiently, by default):
    /// whether the create came to anything must not hang on one unlucky read.
    async fn get_dialog_patiently(&self, id: Uuid) -> Result<ResponseValue<crate::types::Dialog>, Error> {
        let mut attempts = crate::retry::Attempts::new(self.inner.create_retry());
        loop {
            match self.get_dialog().dialog_id(id).send().await {
                Err(error) if error.is_retryable() => {
                    let asked = error.api().and_then(crate::ApiError::retry_after);
                    let Some(wait) = attempts.next_delay(asked) else { return Err(error) };
                    tokio::time::sleep(wait).await;
                }
                answer => return answer,
            }
        }
    }

    /// [`create_dialog_json`](Self::create_dialog_json), keeping the response's headers.
    pub(crate) async fn create_dialog_response<B: serde::Serialize + ?Sized>(
        &self,
        body: &B,
        silent: bool,
    ) -> Result<ResponseValue<Uuid>, Error> {
        let urls = self
            .inner
            .create_urls
            .as_ref()
            .ok_or_else(|| Error::Config(format!("the base URL {} is not a URL", self.baseurl)))?;
        let url = if silent { &urls.silent } else { &urls.plain };
        // Room for a typical body up front: growing from serde_json's default copies it several times.
        let mut bytes = Vec::with_capacity(1024);
        serde_json::to_writer(&mut bytes, body).map_err(|e| Error::InvalidRequest(e.to_string()))?;
        let body = bytes::Bytes::from(bytes);
        // Built again only for a repeat, from the same URL and the same bytes: no copy of each
        // attempt kept aside (see `transport::Rebuild`).
        let build = || {
            let mut request = reqwest::Request::new(Method::POST, url.clone());
            let headers = request.headers_mut();
            headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
            headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
            headers.insert(HeaderName::from_static("api-version"), HeaderValue::from_static(Client::api_version()));
            *request.body_mut() = Some(body.clone().into());
            request
        };
        let mut request = build();
        let info = OperationInfo { operation_id: "create_dialog" };
        // Straight through, not in an inner block or the hooks `exec` and `post` (progenitor's does
        // nothing): each would be a future of its own, moved into this one for each of an import's
        // millions of creates.
        let fail = |error: progenitor_client::Error<crate::types::ProblemDetails>| self.error_from(error);
        self.inner.before(&mut request).await.map_err(fail)?;
        let response = self.inner.execute_rebuilding(request, &info, Some(&build)).await.map_err(|e| fail(e.into()))?;
        match response.status().as_u16() {
            201 => created(response).await.map_err(fail),
            400 | 401 | 403 | 409 | 413 | 415 | 422 => match Box::pin(ResponseValue::from_response(response)).await {
                Ok(problem) => Err(fail(progenitor_client::Error::ErrorResponse(problem))),
                Err(error) => Err(fail(error)),
            },
            _ => Err(fail(progenitor_client::Error::UnexpectedResponse(response))),
        }
    }
}

/// Made after this call began (by the service's clock, which runs with ours to well within a round
/// trip): this call's work. Made before: an earlier run's, however recent.
fn made_by_this_call(
    id: Uuid,
    stored: &ResponseValue<crate::types::Dialog>,
    started: chrono::DateTime<chrono::Utc>,
) -> crate::Creation {
    if stored.created_at >= started {
        crate::Creation::Created(crate::Created { id, revision: crate::Revision::revision(stored), location: None })
    } else {
        crate::Creation::AlreadyExisted { id }
    }
}

/// Whether a create that failed so may still have been applied by one of its attempts: no answer
/// (reset, lost, timed out) or a server error. A 4xx is the service's decision on the body.
fn may_have_applied(error: &Error) -> bool {
    match error {
        Error::Transport(_) => true,
        Error::Api(api) => api.status().is_server_error(),
        Error::InvalidResponse { .. } => true,
        _ => false,
    }
}

/// A 201's id, keeping the headers without copying them (an import reads a million of these).
async fn created<E>(mut response: reqwest::Response) -> Result<ResponseValue<Uuid>, progenitor_client::Error<E>> {
    let status = response.status();
    let headers = std::mem::take(response.headers_mut());
    let body = response.bytes().await.map_err(progenitor_client::Error::ResponseBodyError)?;
    let id = serde_json::from_slice(&body).map_err(|e| progenitor_client::Error::InvalidResponsePayload(body, e))?;
    Ok(ResponseValue::new(id, status, headers))
}
