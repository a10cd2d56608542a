//! The Altinn Events API: the feed and webhook subscriptions.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures::Stream;
use reqwest::Method;
use reqwest::header::{ACCEPT, CONTENT_TYPE};
use serde::{Deserialize, Serialize};

use super::CloudEvent;
use crate::auth::TokenProvider;
use crate::error::{ApiError, Error, problem_for_status};
use crate::generated::types::ProblemDetails;
use crate::transport::Transport;
use crate::{Environment, RetryPolicy};

/// How often a followed feed read to its end is asked again, unless
/// [`EventQuery::poll_every`] says otherwise.
pub const DEFAULT_POLL_INTERVAL: Duration = Duration::from_secs(2);

/// What to read from the feed. Altinn Events reads one service resource at a time, so a query
/// names one; a query without (`EventQuery::default()`) is refused before anything is sent.
///
/// ```
/// use dialogporten::events::{EventQuery, EventType};
/// let query = EventQuery::new("urn:altinn:resource:my-service")
///     .event_type(EventType::DialogCreated)
///     .size(200);
/// assert_eq!(query.size, Some(200));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EventQuery {
    /// The service resource, `urn:altinn:resource:...` (required by Altinn Events).
    pub resource: String,
    /// Continue after this event id; `None` starts at the beginning.
    pub after: Option<String>,
    /// Only events about this party.
    pub subject: Option<String>,
    /// Only these types (any of them).
    pub types: Vec<String>,
    /// Page size (Altinn's default is 50, its maximum 1000).
    pub size: Option<u32>,
    /// How often a followed feed read to its end is asked again ([`DEFAULT_POLL_INTERVAL`]
    /// when `None`).
    pub poll_interval: Option<Duration>,
}

impl EventQuery {
    /// Every event of `resource`, from the start.
    pub fn new(resource: impl Into<String>) -> Self {
        Self { resource: resource.into(), ..Self::default() }
    }

    /// Continue after the event `id`.
    pub fn after(mut self, id: impl Into<String>) -> Self {
        self.after = Some(id.into());
        self
    }

    /// Only events about `subject`.
    pub fn subject(mut self, subject: impl Into<String>) -> Self {
        self.subject = Some(subject.into());
        self
    }

    /// Also accept events of type `kind` (a type this SDK does not know yet:
    /// `"dialogporten.dialog.archived.v2".parse::<EventType>()`).
    pub fn event_type(mut self, kind: super::EventType) -> Self {
        self.types.push(kind.as_str().to_owned());
        self
    }

    /// Ask a followed feed again every `interval` once it is read to its end (default
    /// [`DEFAULT_POLL_INTERVAL`]).
    pub fn poll_every(mut self, interval: Duration) -> Self {
        self.poll_interval = Some(interval);
        self
    }

    /// At most `size` events per page.
    pub fn size(mut self, size: u32) -> Self {
        self.size = Some(size);
        self
    }
}

/// One page of the feed.
#[derive(Clone, Debug, PartialEq)]
pub struct EventPage {
    /// The events, oldest first.
    pub events: Vec<CloudEvent>,
    /// The id to continue after: the last event's, or the query's own `after` when the page is empty.
    pub after: Option<String>,
}

/// A webhook subscription as Altinn Events keeps it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Subscription {
    /// Its number.
    pub id: i64,
    /// Where events are posted.
    pub end_point: String,
    /// Only events of this resource.
    #[serde(default)]
    pub resource_filter: Option<String>,
    /// Only events about this party.
    #[serde(default)]
    pub subject_filter: Option<String>,
    /// Only events of this type.
    #[serde(default)]
    pub type_filter: Option<String>,
    /// Only events from this source.
    #[serde(default)]
    pub source_filter: Option<String>,
    /// Who receives (`/org/digdir`).
    #[serde(default)]
    pub consumer: Option<String>,
    /// Who made it.
    #[serde(default)]
    pub created_by: Option<String>,
    /// When it was made.
    #[serde(default)]
    pub created: Option<DateTime<Utc>>,
    /// Whether the endpoint has answered the handshake; events flow only after that.
    #[serde(default)]
    pub validated: bool,
}

/// A new webhook subscription.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionRequest {
    /// Where to post events (HTTPS; Altinn wants a publicly trusted certificate).
    pub end_point: String,
    /// The service resource, `urn:altinn:resource:...`.
    pub resource_filter: String,
    /// Only events about this party (required unless you are a service owner).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject_filter: Option<String>,
    /// Only events of this one type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub type_filter: Option<String>,
    /// Only events from this source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_filter: Option<String>,
}

#[derive(Deserialize)]
struct SubscriptionList {
    #[serde(default)]
    subscriptions: Vec<Subscription>,
}

/// A client for Altinn Events (`{platform}/events/api/v1`).
///
/// Altinn Events wants an Altinn token with the scope `altinn:events.subscribe`:
/// wrap a Maskinporten provider in [`crate::auth::AltinnTokenProvider`].
///
/// ```no_run
/// # async fn demo(tokens: std::sync::Arc<dyn dialogporten::auth::TokenProvider>) -> Result<(), dialogporten::Error> {
/// use dialogporten::events::{EventQuery, EventsClient};
/// let events = EventsClient::for_environment(&"tt02".parse().unwrap(), tokens);
/// let page = events.page(&EventQuery::new("urn:altinn:resource:my-service")).await?;
/// for event in &page.events {
///     println!("{} {} {:?}", event.id, event.kind, event.resourceinstance);
/// }
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct EventsClient {
    base: String,
    transport: Transport,
}

impl EventsClient {
    /// A client for the Altinn platform at `platform_url` (`https://platform.tt02.altinn.no`,
    /// or a `dp-server` base URL).
    pub fn new(platform_url: &str, tokens: Arc<dyn TokenProvider>) -> Self {
        let transport = Transport::new(crate::client::default_http_client()).with_tokens(tokens);
        Self::with_transport(platform_url, transport)
    }

    /// A client sending through `transport`: its token provider (which must
    /// give Altinn tokens), retry policy and request log.
    pub fn with_transport(platform_url: &str, transport: Transport) -> Self {
        Self { base: platform_url.trim_end_matches('/').to_owned(), transport }
    }

    /// A client for `environment`'s Altinn Events.
    pub fn for_environment(environment: &Environment, tokens: Arc<dyn TokenProvider>) -> Self {
        Self::new(environment.altinn_platform_url(), tokens)
    }

    /// The same client retrying transient failures (connection errors, 429, 5xx) by `policy`.
    pub fn with_retry(mut self, policy: RetryPolicy) -> Self {
        self.transport = self.transport.with_retry(policy);
        self
    }

    /// One page of events.
    pub async fn page(&self, query: &EventQuery) -> Result<EventPage, Error> {
        if query.resource.trim().is_empty() {
            return Err(Error::InvalidRequest(
                "Altinn Events reads the events of one service resource at a time: name it with \
                 EventQuery::new(\"urn:altinn:resource:…\")"
                    .into(),
            ));
        }
        let mut pairs: Vec<(&str, String)> = vec![("resource", query.resource.clone())];
        pairs.push(("after", query.after.clone().unwrap_or_else(|| "0".into())));
        if let Some(subject) = &query.subject {
            pairs.push(("subject", subject.clone()));
        }
        for kind in &query.types {
            pairs.push(("type", kind.clone()));
        }
        if let Some(size) = query.size {
            pairs.push(("size", size.to_string()));
        }
        let response = self.send(Method::GET, "/events/api/v1/events", &pairs, None).await?;
        let events: Vec<CloudEvent> = read_json(response).await?;
        let after = events.last().map(|e| e.id.clone()).or_else(|| query.after.clone());
        Ok(EventPage { events, after })
    }

    /// Every event from `query.after` on, and then each new one as it arrives:
    /// the feed is asked again every [`poll_interval`](EventQuery::poll_every) once it is read
    /// to the end. Transient failures are retried; the stream ends after the first other error.
    pub fn follow(&self, query: EventQuery) -> impl Stream<Item = Result<CloudEvent, Error>> + use<> {
        let every = query.poll_interval.unwrap_or(DEFAULT_POLL_INTERVAL);
        struct State {
            client: EventsClient,
            query: EventQuery,
            buffered: VecDeque<CloudEvent>,
            failed: bool,
            every: Duration,
            fetch_now: bool,
        }
        let state =
            State { client: self.clone(), query, buffered: VecDeque::new(), failed: false, every, fetch_now: true };
        futures::stream::unfold(state, |mut state| async move {
            loop {
                if state.failed {
                    return None;
                }
                if let Some(event) = state.buffered.pop_front() {
                    return Some((Ok(event), state));
                }
                // Right after a page with events more may be waiting; after an empty one, wait.
                if !state.fetch_now {
                    tokio::time::sleep(state.every).await;
                }
                match state.client.page(&state.query).await {
                    Ok(page) => {
                        state.fetch_now = !page.events.is_empty();
                        state.query.after = page.after;
                        state.buffered.extend(page.events);
                    }
                    Err(error) => {
                        state.failed = true;
                        return Some((Err(error), state));
                    }
                }
            }
        })
    }

    /// The id of the newest event `query` matches now (`None` when there is none): read to the
    /// end of the feed in pages of 1000, keeping nothing. Altinn Events has no cheaper way to
    /// find the end.
    pub async fn latest(&self, query: &EventQuery) -> Result<Option<String>, Error> {
        let mut reading = query.clone().size(1000);
        loop {
            let page = self.page(&reading).await?;
            let full = page.events.len() >= 1000;
            let moved = page.after != reading.after;
            reading.after = page.after;
            if !full || !moved {
                return Ok(reading.after);
            }
        }
    }

    /// Like [`follow`](Self::follow), but only events that arrive from now on: the feed so
    /// far is skipped (see [`latest`](Self::latest)) before following starts.
    ///
    /// ```no_run
    /// # async fn demo(events: dialogporten::events::EventsClient) -> Result<(), dialogporten::Error> {
    /// use dialogporten::events::EventQuery;
    /// use futures::TryStreamExt;
    /// let query = EventQuery::new("urn:altinn:resource:my-service");
    /// let mut new = std::pin::pin!(events.follow_from_now(query).await?);
    /// while let Some(event) = new.try_next().await? {
    ///     println!("{} {}", event.kind, event.subject.unwrap_or_default());
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn follow_from_now(
        &self,
        query: EventQuery,
    ) -> Result<impl Stream<Item = Result<CloudEvent, Error>> + use<>, Error> {
        let after = self.latest(&query).await?;
        let mut query = query;
        query.after = after.or(query.after);
        Ok(self.follow(query))
    }

    /// Makes a webhook subscription. Altinn answers an identical existing one with that one.
    pub async fn subscribe(&self, request: &SubscriptionRequest) -> Result<Subscription, Error> {
        let body = serde_json::to_vec(request).map_err(|e| Error::InvalidRequest(e.to_string()))?;
        let response = self.send(Method::POST, "/events/api/v1/subscriptions", &[], Some(body)).await?;
        read_json(response).await
    }

    /// Your subscriptions.
    pub async fn subscriptions(&self) -> Result<Vec<Subscription>, Error> {
        let response = self.send(Method::GET, "/events/api/v1/subscriptions", &[], None).await?;
        Ok(read_json::<SubscriptionList>(response).await?.subscriptions)
    }

    /// One of your subscriptions.
    pub async fn subscription(&self, id: i64) -> Result<Subscription, Error> {
        let response = self.send(Method::GET, &format!("/events/api/v1/subscriptions/{id}"), &[], None).await?;
        read_json(response).await
    }

    /// Deletes one of your subscriptions.
    pub async fn unsubscribe(&self, id: i64) -> Result<(), Error> {
        self.send(Method::DELETE, &format!("/events/api/v1/subscriptions/{id}"), &[], None).await?;
        Ok(())
    }

    async fn send(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<Vec<u8>>,
    ) -> Result<reqwest::Response, Error> {
        let url = format!("{}{path}", self.base);
        let mut builder = self
            .transport
            .http()
            .request(method, &url)
            .query(query)
            .header(ACCEPT, "application/cloudevents+json, application/json");
        if let Some(body) = body {
            builder = builder.header(CONTENT_TYPE, "application/json").body(body);
        }
        let request =
            builder.build().map_err(|e| Error::Config(format!("{url} is not a usable Altinn Events URL: {e}")))?;
        let response = self.transport.send(request).await?;
        if response.status().is_success() {
            return Ok(response);
        }
        Err(api_error(response).await)
    }
}

async fn api_error(response: reqwest::Response) -> Error {
    let status = response.status();
    let headers = response.headers().clone();
    let text = response.text().await.unwrap_or_default();
    let problem: ProblemDetails = serde_json::from_str(&text)
        .unwrap_or_else(|_| problem_for_status(status, Some(text.trim().to_owned()).filter(|t| !t.is_empty())));
    Error::Api(Box::new(ApiError::new(status, problem, &headers)))
}

async fn read_json<T: serde::de::DeserializeOwned>(response: reqwest::Response) -> Result<T, Error> {
    let status = response.status();
    let bytes = response.bytes().await.map_err(Error::Transport)?;
    serde_json::from_slice(&bytes)
        .map_err(|e| Error::InvalidResponse { status: Some(status), message: format!("Altinn Events: {e}") })
}
