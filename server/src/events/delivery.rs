//! Webhook delivery: the validation handshake, then each matching event in
//! order, one per POST, retried with backoff until the endpoint takes it or
//! the attempts run out. At least once: the position is saved only after a
//! 2xx, so a restart repeats at most the event that was in flight.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use futures::stream::FuturesUnordered;
use serde_json::{Value, json};
use tokio::sync::{Notify, watch};
use tokio::time::Instant;
use uuid::Uuid;

use crate::App;
use crate::store::events::{Filter, select};
use crate::store::subscriptions::{self, Subscription};

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

/// The client deliveries go out with. rustls needs one process-wide crypto
/// provider: aws-lc-rs, as the rest of the workspace.
fn webhook_client() -> reqwest::Client {
    // An error only means another part of the process installed one first.
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
    reqwest::Client::builder()
        .user_agent(concat!("dp-server/", env!("CARGO_PKG_VERSION")))
        // A redirect would turn the POST into a GET that "succeeds" without the event: a 3xx is a failure.
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap_or_default()
}

/// Runs until `stop` changes. Each subscription has at most one delivery in
/// flight and is served independently, so a slow endpoint holds up no other.
/// It looks for work after every commit (when subscriptions exist), when a
/// delivery went through, and when a retry is due.
pub async fn run(app: App, wake: Arc<Notify>, mut stop: watch::Receiver<bool>) {
    let client = webhook_client();
    // Other processes may write to a shared database file without waking us: look now and then.
    let idle = Duration::from_secs(if matches!(app.config.database, crate::Database::File(_)) { 1 } else { 60 });
    let mut retries: HashMap<i64, Retry> = HashMap::new();
    let mut busy: HashSet<i64> = HashSet::new();
    // Subscriptions that were busy when a look was made: a wake must not be lost on them.
    let mut recheck: HashSet<i64> = HashSet::new();
    let mut in_flight = FuturesUnordered::new();
    let mut any_subscription = false;
    let mut look = true;
    let mut lease = Lease::new(&app);
    loop {
        if look {
            let subscriptions = if !lease.hold(&app).await {
                Vec::new()
            } else {
                match app.run_read(|tx| subscriptions::all(tx)).await {
                    Ok(all) => all,
                    Err(e) => {
                        log(&app, format!("webhook delivery cannot read subscriptions: {e}"));
                        Vec::new()
                    }
                }
            };
            any_subscription = !subscriptions.is_empty();
            retries.retain(|id, _| subscriptions.iter().any(|s| s.id == *id));
            for subscription in subscriptions {
                let due = retries.get(&subscription.id).is_none_or(|r| r.at <= Instant::now());
                if due && busy.contains(&subscription.id) {
                    // Its step in flight may have looked before this wake's commit: look again after it.
                    recheck.insert(subscription.id);
                } else if due && busy.insert(subscription.id) {
                    let (app, client) = (&app, &client);
                    in_flight.push(async move {
                        let outcome = step(app, client, &subscription).await;
                        (subscription.id, outcome)
                    });
                }
            }
        }
        // A retry in flight is not due again: only the others' times count.
        let next_retry = retries.iter().filter(|(id, _)| !busy.contains(id)).map(|(_, r)| r.at).min();
        let look_again = Instant::now() + idle;
        let until = next_retry.map_or(look_again, |retry| retry.min(look_again));
        // With no subscription, writes are no reason to look (a bulk import makes many).
        let woken = async { if any_subscription { wake.notified().await } else { app.subscribed.notified().await } };
        tokio::select! {
            Some((id, outcome)) = in_flight.next(), if !in_flight.is_empty() => {
                busy.remove(&id);
                let woken_meanwhile = recheck.remove(&id);
                look = settle(&app, &mut retries, id, outcome).await || woken_meanwhile;
            }
            () = woken => look = true,
            () = tokio::time::sleep_until(until) => look = true,
            _ = stop.changed() => break,
        }
    }
    // What is in flight finishes and is booked before the lease goes: a delivery sent and not
    // booked would reach its subscriber again from the process that takes over.
    while let Some((id, outcome)) = in_flight.next().await {
        settle(&app, &mut retries, id, outcome).await;
    }
    lease.release(&app).await;
}

/// The right to deliver a database's webhooks, which one process at a time holds: several
/// dp-server processes may serve one database file, and each event must reach a subscriber once.
/// An in-memory database has one process, which always delivers.
struct Lease {
    holder: Option<String>,
    /// Whether this process held it at the last look, to say so when that changes.
    held: Option<bool>,
}

impl Lease {
    fn new(app: &App) -> Self {
        let shared = matches!(app.config.database, crate::Database::File(_));
        Self { holder: shared.then(|| uuid::Uuid::new_v4().to_string()), held: None }
    }

    /// Takes or renews the lease; says whether this process delivers now. Not through
    /// `App::run_write`, whose wake-up of the deliverer would make this a busy loop.
    async fn hold(&mut self, app: &App) -> bool {
        let Some(holder) = self.holder.clone() else { return true };
        let store = std::sync::Arc::clone(&app.store);
        let now = chrono::Utc::now().timestamp_millis();
        let held =
            tokio::task::spawn_blocking(move || store.write(|tx| subscriptions::hold_delivery_lease(tx, &holder, now)))
                .await
                .map_err(|e| e.to_string())
                .and_then(|held| held.map_err(|e| e.to_string()));
        let held = match held {
            Ok(held) => held,
            Err(e) => {
                eprintln!("dp-server: webhook delivery cannot take its lease: {e}");
                false
            }
        };
        if self.held != Some(held) {
            if held && self.held.is_some() {
                eprintln!("dp-server: this process delivers the webhooks of its database now");
            } else if !held {
                eprintln!(
                    "dp-server: another dp-server process delivers the webhooks of this database; this one takes over if that one stops"
                );
            }
            self.held = Some(held);
        }
        held
    }

    async fn release(&self, app: &App) {
        let Some(holder) = self.holder.clone() else { return };
        let store = std::sync::Arc::clone(&app.store);
        let _ =
            tokio::task::spawn_blocking(move || store.write(|tx| subscriptions::release_delivery_lease(tx, &holder)))
                .await;
    }
}

/// Books a step's outcome; says whether to look for more work at once.
async fn settle(app: &App, retries: &mut HashMap<i64, Retry>, id: i64, outcome: Step) -> bool {
    match outcome {
        Step::Idle => {
            retries.remove(&id);
            false
        }
        Step::Done => {
            retries.remove(&id);
            true
        }
        Step::Failed { seq, reason } => {
            let retry = retries.entry(id).or_insert(Retry { attempts: 0, at: Instant::now() });
            retry.attempts += 1;
            let attempt = retry.attempts;
            match app.config.delivery_backoff.0.get(attempt - 1) {
                Some(wait) => {
                    log(app, format!("subscription {id}: {reason}; attempt {attempt} failed, retrying in {wait:?}"));
                    retry.at = Instant::now() + *wait;
                    false
                }
                None => {
                    log(app, format!("subscription {id}: {reason}; given up after {attempt} attempts"));
                    retries.remove(&id);
                    if let Some(seq) = seq {
                        let _ = app.run_write(move |tx| subscriptions::mark_delivered(tx, id, seq)).await;
                    }
                    true
                }
            }
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
            Ok(()) => match app.run_write(move |tx| subscriptions::mark_validated(tx, id)).await {
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
        .run_read(move |tx| {
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
        Ok(()) => match app.run_write(move |tx| subscriptions::mark_delivered(tx, id, seq)).await {
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
