//! What a webhook endpoint receives from Altinn Events: first a handshake,
//! then one CloudEvent per POST. Answer both with a 2xx.
//!
//! ```
//! use dialogporten::events::webhook::Delivery;
//! let body = br#"{"id":"1f0a","source":"https://platform.tt02.altinn.no/events/api/v1/subscriptions/42",
//!                 "type":"platform.events.validatesubscription","specversion":"1.0"}"#;
//! match Delivery::parse(body).unwrap() {
//!     Delivery::Handshake { subscription, .. } => assert_eq!(subscription, Some(42)),
//!     Delivery::Event(event) => panic!("not an event: {}", event.id),
//! }
//! ```

use super::{CloudEvent, EventType};

/// One POST to a webhook.
#[derive(Clone, Debug, PartialEq)]
pub enum Delivery {
    /// Altinn Events checks that the endpoint answers before it sends events.
    Handshake {
        /// The subscription being validated, from the event's `source`.
        subscription: Option<i64>,
        /// The handshake event itself.
        event: CloudEvent,
    },
    /// An event.
    Event(CloudEvent),
}

/// A body that is not a CloudEvent.
#[derive(Debug, thiserror::Error)]
#[error("not a CloudEvent: {0}")]
pub struct NotAnEvent(#[from] serde_json::Error);

impl Delivery {
    /// Reads a delivery's body.
    pub fn parse(body: &[u8]) -> Result<Self, NotAnEvent> {
        let event: CloudEvent = serde_json::from_slice(body)?;
        Ok(if event.kind == EventType::ValidateSubscription {
            let subscription = event.source.rsplit('/').next().and_then(|n| n.parse().ok());
            Delivery::Handshake { subscription, event }
        } else {
            Delivery::Event(event)
        })
    }
}
