//! Dialogporten's CloudEvents and the Altinn Events API over them.
//!
//! Every non-silent write records its events in the same transaction as the
//! change ([`Outbox`]), so a change that rolls back leaves no event and one
//! that commits loses none. [`feed`] serves them as Altinn Events does,
//! [`subscriptions`] manages webhooks and [`delivery`] posts to them.

pub mod delivery;
pub mod feed;

use std::collections::HashSet;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde_json::{Map, Value, json};
use uuid::Uuid;

use crate::dialog::timestamp;
use crate::store::StoreError;

/// The event types for the dialog itself, as `dialogporten.dialog.{kind}.v1`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DialogEvent {
    /// A dialog was created.
    Created,
    /// A dialog was changed (PUT, PATCH, a new activity or transmission).
    Updated,
    /// A dialog was soft deleted or purged.
    Deleted,
    /// A soft-deleted dialog was restored.
    Restored,
    /// An end user saw the dialog for the first time since it last changed.
    Seen,
}

impl DialogEvent {
    fn kind(self) -> &'static str {
        match self {
            DialogEvent::Created => "created",
            DialogEvent::Updated => "updated",
            DialogEvent::Deleted => "deleted",
            DialogEvent::Restored => "restored",
            DialogEvent::Seen => "seen",
        }
    }
}

/// `dialogporten.dialog.activity.{kind}.v1` for an activity type: `DialogCreated`
/// and `DialogClosed` become `created` and `closed`, the rest kebab-case.
pub fn activity_event_type(activity_type: &str) -> String {
    let kind = match activity_type {
        "DialogCreated" => "created".to_owned(),
        "DialogClosed" => "closed".to_owned(),
        other => {
            let mut kebab = String::with_capacity(other.len() + 4);
            for (i, c) in other.chars().enumerate() {
                if c.is_ascii_uppercase() && i > 0 {
                    kebab.push('-');
                }
                kebab.push(c.to_ascii_lowercase());
            }
            kebab
        }
    };
    format!("dialogporten.dialog.activity.{kind}.v1")
}

/// Writes a dialog's events into the `events` table of the current transaction.
#[derive(Clone)]
pub struct Outbox {
    /// Where end users find dialogs: `{base}/api/v1/enduser/dialogs/{id}` is each event's `source`.
    base: Arc<str>,
}

impl Outbox {
    /// An outbox whose events point at `base` (`https://platform.altinn.no/dialogporten` upstream).
    pub fn new(base: &str) -> Self {
        Self { base: Arc::from(base.trim_end_matches('/')) }
    }

    /// A new dialog: `created`, then one event per activity, then one per transmission.
    pub fn created(&self, tx: &Connection, doc: &Value, at: DateTime<Utc>) -> Result<(), StoreError> {
        let mut events = vec![self.dialog_event(DialogEvent::Created, doc, at)];
        events.extend(self.children(doc, &HashSet::new(), &HashSet::new(), at));
        crate::store::events::append(tx, &owned_by(doc, events))
    }

    /// A changed dialog: `updated`, then one event per activity and per transmission
    /// that it did not have `before`.
    pub fn updated(
        &self,
        tx: &Connection,
        before: &Children,
        after: &Value,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut events = vec![self.dialog_event(DialogEvent::Updated, after, at)];
        events.extend(self.children(after, &before.activities, &before.transmissions, at));
        crate::store::events::append(tx, &owned_by(after, events))
    }

    /// One event about the dialog itself.
    pub fn dialog(
        &self,
        tx: &Connection,
        event: DialogEvent,
        doc: &Value,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        crate::store::events::append(tx, &owned_by(doc, vec![self.dialog_event(event, doc, at)]))
    }

    fn source(&self, doc: &Value) -> String {
        format!("{}/api/v1/enduser/dialogs/{}", self.base, doc["id"].as_str().unwrap_or_default())
    }

    fn dialog_event(&self, event: DialogEvent, doc: &Value, at: DateTime<Utc>) -> Value {
        envelope(format!("dialogporten.dialog.{}.v1", event.kind()), doc, self.source(doc), process_data(doc), at)
    }

    fn children(
        &self,
        doc: &Value,
        old_activities: &HashSet<String>,
        old_transmissions: &HashSet<String>,
        at: DateTime<Utc>,
    ) -> Vec<Value> {
        let mut events = Vec::new();
        for activity in doc["activities"].as_array().into_iter().flatten() {
            let id = activity["id"].as_str().unwrap_or_default();
            if old_activities.contains(id) {
                continue;
            }
            let mut data = Map::new();
            data.insert("activityId".into(), json!(id));
            if let Some(extended) = activity["extendedType"].as_str() {
                data.insert("extendedActivityType".into(), json!(extended));
            }
            data.extend(process_data(doc));
            let kind = activity_event_type(activity["type"].as_str().unwrap_or_default());
            events.push(envelope(kind, doc, format!("{}/activities/{id}", self.source(doc)), data, at));
        }
        for transmission in doc["transmissions"].as_array().into_iter().flatten() {
            let id = transmission["id"].as_str().unwrap_or_default();
            if old_transmissions.contains(id) {
                continue;
            }
            let source = format!("{}/transmissions/{id}", self.source(doc));
            events.push(envelope(
                "dialogporten.dialog.transmission.created.v1".into(),
                doc,
                source,
                process_data(doc),
                at,
            ));
        }
        events
    }
}

fn owned_by(doc: &Value, events: Vec<Value>) -> Vec<(String, Value)> {
    let org = doc["org"].as_str().unwrap_or_default();
    events.into_iter().map(|e| (org.to_owned(), e)).collect()
}

/// The activities and transmissions a dialog has, to tell which a write adds.
#[derive(Clone, Debug, Default)]
pub struct Children {
    activities: HashSet<String>,
    transmissions: HashSet<String>,
}

impl Children {
    /// The ids in `doc`.
    pub fn of(doc: &Value) -> Self {
        let ids = |list: &str| -> HashSet<String> {
            doc[list].as_array().into_iter().flatten().filter_map(|c| c["id"].as_str().map(str::to_owned)).collect()
        };
        Children { activities: ids("activities"), transmissions: ids("transmissions") }
    }
}

fn process_data(doc: &Value) -> Map<String, Value> {
    let mut data = Map::new();
    for key in ["process", "precedingProcess"] {
        if let Some(value) = doc[key].as_str() {
            data.insert(key.into(), json!(value));
        }
    }
    data
}

/// A CloudEvent as Dialogporten sends it: lower-case names, empty `data` left out.
fn envelope(kind: String, doc: &Value, source: String, data: Map<String, Value>, at: DateTime<Utc>) -> Value {
    let mut event = json!({
        "specversion": "1.0",
        "id": Uuid::now_v7().to_string(),
        "type": kind,
        "time": timestamp(at),
        "resource": doc["serviceResource"],
        "resourceinstance": doc["id"],
        "subject": doc["party"],
        "source": source,
    });
    if !data.is_empty() {
        event["data"] = Value::Object(data);
    }
    event
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn activity_types_map_to_upstreams_event_types() {
        assert_eq!(activity_event_type("DialogCreated"), "dialogporten.dialog.activity.created.v1");
        assert_eq!(activity_event_type("DialogClosed"), "dialogporten.dialog.activity.closed.v1");
        assert_eq!(activity_event_type("TransmissionOpened"), "dialogporten.dialog.activity.transmission-opened.v1");
        assert_eq!(activity_event_type("SentToSendIn"), "dialogporten.dialog.activity.sent-to-send-in.v1");
        assert_eq!(activity_event_type("Information"), "dialogporten.dialog.activity.information.v1");
    }
}
