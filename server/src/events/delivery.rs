//! Webhook delivery: the validation handshake, then each matching event in
//! order, one per POST, retried with backoff until the endpoint takes it or
//! the attempts run out. At least once: the position is saved only after a
//! 2xx, so a restart repeats at most the event that was in flight.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};
use tokio::sync::{Notify, watch};
use tokio::time::Instant;
use uuid::Uuid;

use super::feed::{Filter, select};
use super::subscriptions::{self, Subscription};
use crate::App;

/// The CloudEvent type of the handshake.
pub const VALIDATION_TYPE: &str = "platform.events.validatesubscription";

/// How long to wait before each retry of a failed POST; one attempt more than
/// there are entries, then the event is given up (and logged).
#[derive(Clone, Debug)]
pub struct Backoff(pub Vec<Duration>);

impl Default for Backoff {
    /// Altinn's schedule (10 s, 30 s, 1 min ... 12 h) made quicker at the start for local work.
    fn default() -> Self {
        let seconds = [1, 2, 5, 10, 30, 60, 300, 600, 1800, 3600, 10800, 21600, 43200];
        Backoff(seconds.into_iter().map(Duration::from_secs).collect())
    }
}

struct Retry {
    attempts: usize,
    at: Instant,
}

/// Runs until `stop` changes: wakes on every committed write and when a retry is due.
pub async fn run(app: App, wake: Arc<Notify>, mut stop: watch::Receiver<bool>) {
    // A redirect would turn the POST into a GET that "succeeds" without the event: a 3xx is a failure.
    let client = dialogporten::http_client_builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap_or_else(|_| dialogporten::http_client());
    let mut retries: HashMap<i64, Retry> = HashMap::new();
    loop {
        let subscriptions = match app.read(|tx| subscriptions::all(tx)).await {
            Ok(all) => all,
            Err(e) => {
                log(&app, format!("webhook delivery cannot read subscriptions: {e}"));
                Vec::new()
            }
        };
        retries.retain(|id, _| subscriptions.iter().any(|s| s.id == *id));
        let mut progressed = false;
        for subscription in &subscriptions {
            if retries.get(&subscription.id).is_some_and(|r| r.at > Instant::now()) {
                continue;
            }
            let outcome = tokio::select! {
                outcome = step(&app, &client, subscription) => outcome,
                _ = stop.changed() => return,
            };
            match outcome {
                Step::Idle => {
                    retries.remove(&subscription.id);
                }
                Step::Done => {
                    retries.remove(&subscription.id);
                    progressed = true;
                }
                Step::Failed { seq, reason } => {
                    let retry = retries.entry(subscription.id).or_insert(Retry { attempts: 0, at: Instant::now() });
                    retry.attempts += 1;
                    match app.config.delivery_backoff.0.get(retry.attempts - 1) {
                        Some(wait) => {
                            let attempt = retry.attempts;
                            log(
                                &app,
                                format!(
                                    "subscription {}: {reason}; attempt {attempt} failed, retrying in {wait:?}",
                                    subscription.id
                                ),
                            );
                            retry.at = Instant::now() + *wait;
                        }
                        None => {
                            let attempts = retry.attempts;
                            log(
                                &app,
                                format!(
                                    "subscription {}: {reason}; given up after {attempts} attempts",
                                    subscription.id
                                ),
                            );
                            retries.remove(&subscription.id);
                            if let Some(seq) = seq {
                                let id = subscription.id;
                                let _ = app.write(move |tx| subscriptions::mark_delivered(tx, id, seq)).await;
                            }
                            progressed = true;
                        }
                    }
                }
            }
        }
        if progressed {
            continue;
        }
        let next_retry = retries.values().map(|r| r.at).min();
        // Other processes may write to a shared database file without waking us: look now and then.
        let idle = if matches!(app.config.database, crate::Database::File(_)) { 1 } else { 60 };
        let look_again = Instant::now() + Duration::from_secs(idle);
        let until = next_retry.map_or(look_again, |retry| retry.min(look_again));
        // With no subscription, writes are no reason to look (a bulk import makes many).
        let woken =
            async { if subscriptions.is_empty() { app.subscribed.notified().await } else { wake.notified().await } };
        tokio::select! {
            () = woken => {}
            () = tokio::time::sleep_until(until) => {}
            _ = stop.changed() => return,
        }
    }
}

/// Delivery problems go to stderr when the server was asked to log them (`dp-server` does).
fn log(app: &App, message: String) {
    if app.config.log_deliveries {
        eprintln!("dp-server: {message}");
    }
}

enum Step {
    /// Nothing to send.
    Idle,
    /// Something was handed over.
    Done,
    /// The endpoint did not take it (`seq` is the event's, for a handshake `None`).
    Failed { seq: Option<i64>, reason: String },
}

async fn step(app: &App, client: &reqwest::Client, subscription: &Subscription) -> Step {
    let id = subscription.id;
    if !subscription.validated {
        let handshake = json!({
            "id": Uuid::new_v4().to_string(),
            "source": format!("{}/events/api/v1/subscriptions/{id}", app.public_url),
            "type": VALIDATION_TYPE,
            "specversion": "1.0",
        });
        return match post(client, subscription, &handshake).await {
            Ok(()) => match app.write(move |tx| subscriptions::mark_validated(tx, id)).await {
                Ok(()) => Step::Done,
                Err(e) => Step::Failed { seq: None, reason: e.to_string() },
            },
            Err(reason) => Step::Failed { seq: None, reason: format!("handshake: {reason}") },
        };
    }
    let text = |key: &str| subscription.doc[key].as_str().map(str::to_owned);
    let (resource, subject, kind, source) =
        (text("resourceFilter"), text("subjectFilter"), text("typeFilter"), text("sourceFilter"));
    let reader = subscription.reader.clone();
    let after = subscription.delivered_seq;
    let next = app
        .read(move |tx| {
            let types: Vec<String> = kind.into_iter().collect();
            let filter = Filter {
                reader: Some(&reader),
                resource: resource.as_deref(),
                subject: subject.as_deref(),
                types: &types,
                source_prefix: source.as_deref(),
            };
            select(tx, &filter, after, 1)
        })
        .await;
    let (seq, event) = match next {
        Ok(mut events) if !events.is_empty() => events.remove(0),
        Ok(_) => return Step::Idle,
        Err(e) => return Step::Failed { seq: None, reason: e.to_string() },
    };
    match post(client, subscription, &event).await {
        Ok(()) => match app.write(move |tx| subscriptions::mark_delivered(tx, id, seq)).await {
            Ok(()) => Step::Done,
            Err(e) => Step::Failed { seq: None, reason: e.to_string() },
        },
        Err(reason) => Step::Failed { seq: Some(seq), reason },
    }
}

async fn post(client: &reqwest::Client, subscription: &Subscription, event: &Value) -> Result<(), String> {
    let endpoint = subscription.doc["endPoint"].as_str().unwrap_or_default();
    let shown = without_secrets(endpoint);
    let response = client
        .post(endpoint)
        .timeout(Duration::from_secs(10))
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(event.to_string())
        .send()
        .await
        .map_err(|e| format!("POST {shown}: {}", e.without_url()))?;
    if response.status().is_success() { Ok(()) } else { Err(format!("POST {shown}: {}", response.status())) }
}

/// An endpoint as it may be logged: a query or user info often holds the webhook's secret.
fn without_secrets(endpoint: &str) -> String {
    match reqwest::Url::parse(endpoint) {
        Ok(url) => format!("{}://{}{}", url.scheme(), url.host_str().unwrap_or_default(), url.path()),
        Err(_) => "(the endpoint)".to_owned(),
    }
}
