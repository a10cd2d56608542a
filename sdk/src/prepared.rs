//! Creating a dialog from a body that is checked already, for bulk imports.
//!
//! The typed builder (`client.create_dialog().body(..)`) converts the body
//! through its builder type, serializes it and parses the request URL on
//! every call. An importer that has checked its body already (with
//! [`crate::validate`]) can send it as it is: same hooks (token, retries,
//! readable errors), same errors, less work per dialog.

use std::sync::Arc;

use progenitor_client::{ClientHooks, ClientInfo, OperationInfo, ResponseValue};
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderName, HeaderValue};
use reqwest::{Method, Url};
use uuid::Uuid;

use crate::{Client, Error};

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
    /// names. Returns the id.
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
        let urls = self
            .inner
            .create_urls
            .as_ref()
            .ok_or_else(|| Error::Config(format!("the base URL {} is not a URL", self.baseurl)))?;
        let url = if silent { urls.silent.clone() } else { urls.plain.clone() };
        let bytes = serde_json::to_vec(body).map_err(|e| Error::InvalidRequest(e.to_string()))?;
        let mut request = reqwest::Request::new(Method::POST, url);
        let headers = request.headers_mut();
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        headers.insert(HeaderName::from_static("api-version"), HeaderValue::from_static(Client::api_version()));
        *request.body_mut() = Some(bytes.into());
        let info = OperationInfo { operation_id: "create_dialog" };
        let outcome: Result<ResponseValue<Uuid>, progenitor_client::Error<crate::types::ProblemDetails>> = async {
            self.pre(&mut request, &info).await?;
            let result = self.exec(request, &info).await;
            self.post(&result, &info).await?;
            let response = result?;
            match response.status().as_u16() {
                201 => ResponseValue::from_response(response).await,
                400 | 403 | 409 | 413 | 422 => {
                    Err(progenitor_client::Error::ErrorResponse(ResponseValue::from_response(response).await?))
                }
                _ => Err(progenitor_client::Error::UnexpectedResponse(response)),
            }
        }
        .await;
        outcome.map(ResponseValue::into_inner).map_err(Error::from)
    }
}
