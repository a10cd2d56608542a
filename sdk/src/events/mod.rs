//! Dialogporten's CloudEvents, read from Altinn Events.
//!
//! Every change to a dialog produces CloudEvents (`dialogporten.dialog.created.v1`,
//! `...activity.form-submitted.v1`, ...). Altinn Events keeps them: read them in
//! pages or follow the feed with [`EventsClient`], manage webhooks with its
//! subscription methods, and recognise what a webhook receives with
//! [`webhook::Delivery`].
//!
//! ```
//! use dialogporten::events::{CloudEvent, EventType};
//! let event: CloudEvent = serde_json::from_str(r#"{
//!     "specversion": "1.0", "id": "0195a9c4-8f4e-7cc1-a3c4-1d5b2f6e9a10",
//!     "type": "dialogporten.dialog.activity.form-submitted.v1",
//!     "time": "2025-02-19T08:00:06.4014168Z",
//!     "resource": "urn:altinn:resource:super-simple-service",
//!     "resourceinstance": "f4e6df3c-7434-44c3-875e-8dca1cdf0b20",
//!     "subject": "urn:altinn:organization:identifier-no:991825827",
//!     "source": "https://platform.altinn.no/dialogporten/api/v1/enduser/dialogs/f4e6df3c-7434-44c3-875e-8dca1cdf0b20/activities/21241c7e-819f-462b-b8a4-d5d32352311a",
//!     "data": {"activityId": "21241c7e-819f-462b-b8a4-d5d32352311a"}
//! }"#).unwrap();
//! assert_eq!(event.kind, EventType::ActivityFormSubmitted);
//! assert_eq!(event.activity_id().unwrap().to_string(), "21241c7e-819f-462b-b8a4-d5d32352311a");
//!
//! // Types this SDK does not know yet are kept, not rejected.
//! let future: EventType = "dialogporten.dialog.archived.v2".parse().unwrap();
//! assert_eq!(future.as_str(), "dialogporten.dialog.archived.v2");
//! ```

mod client;
pub mod webhook;

use std::convert::Infallible;
use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};
use uuid::Uuid;

pub use client::{DEFAULT_POLL_INTERVAL, EventPage, EventQuery, EventsClient, Subscription, SubscriptionRequest};

macro_rules! event_types {
    ($($variant:ident => $name:literal, $doc:literal;)*) => {
        /// A CloudEvent `type`. Types this SDK does not know are kept in [`EventType::Other`].
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum EventType {
            $(#[doc = $doc] $variant,)*
            /// A type this SDK does not know (a newer Dialogporten, or another producer).
            Other(String),
        }

        impl EventType {
            /// Every type this SDK knows, in upstream's order.
            pub const KNOWN: &'static [EventType] = &[$(EventType::$variant,)*];

            /// The type as it appears in the event.
            pub fn as_str(&self) -> &str {
                match self {
                    $(EventType::$variant => $name,)*
                    EventType::Other(name) => name,
                }
            }
        }

        impl FromStr for EventType {
            type Err = Infallible;

            fn from_str(name: &str) -> Result<Self, Infallible> {
                Ok(match name {
                    $($name => EventType::$variant,)*
                    other => EventType::Other(other.to_owned()),
                })
            }
        }
    };
}

event_types! {
    DialogCreated => "dialogporten.dialog.created.v1", "A dialog was created.";
    DialogUpdated => "dialogporten.dialog.updated.v1", "A dialog was changed.";
    DialogDeleted => "dialogporten.dialog.deleted.v1", "A dialog was deleted (soft or purged).";
    DialogRestored => "dialogporten.dialog.restored.v1", "A soft-deleted dialog was restored.";
    DialogSeen => "dialogporten.dialog.seen.v1", "An end user saw the dialog since it last changed.";
    TransmissionCreated => "dialogporten.dialog.transmission.created.v1", "A transmission was added.";
    ActivityCreated => "dialogporten.dialog.activity.created.v1", "A `DialogCreated` activity.";
    ActivityClosed => "dialogporten.dialog.activity.closed.v1", "A `DialogClosed` activity.";
    ActivityInformation => "dialogporten.dialog.activity.information.v1", "An `Information` activity.";
    ActivityTransmissionOpened => "dialogporten.dialog.activity.transmission-opened.v1", "A `TransmissionOpened` activity.";
    ActivityPaymentMade => "dialogporten.dialog.activity.payment-made.v1", "A `PaymentMade` activity.";
    ActivitySignatureProvided => "dialogporten.dialog.activity.signature-provided.v1", "A `SignatureProvided` activity.";
    ActivityDialogOpened => "dialogporten.dialog.activity.dialog-opened.v1", "A `DialogOpened` activity.";
    ActivityDialogDeleted => "dialogporten.dialog.activity.dialog-deleted.v1", "A `DialogDeleted` activity.";
    ActivityDialogRestored => "dialogporten.dialog.activity.dialog-restored.v1", "A `DialogRestored` activity.";
    ActivitySentToSigning => "dialogporten.dialog.activity.sent-to-signing.v1", "A `SentToSigning` activity.";
    ActivitySentToFormFill => "dialogporten.dialog.activity.sent-to-form-fill.v1", "A `SentToFormFill` activity.";
    ActivitySentToSendIn => "dialogporten.dialog.activity.sent-to-send-in.v1", "A `SentToSendIn` activity.";
    ActivitySentToPayment => "dialogporten.dialog.activity.sent-to-payment.v1", "A `SentToPayment` activity.";
    ActivityFormSubmitted => "dialogporten.dialog.activity.form-submitted.v1", "A `FormSubmitted` activity.";
    ActivityFormSaved => "dialogporten.dialog.activity.form-saved.v1", "A `FormSaved` activity.";
    ActivityCorrespondenceOpened => "dialogporten.dialog.activity.correspondence-opened.v1", "A `CorrespondenceOpened` activity.";
    ActivityCorrespondenceConfirmed => "dialogporten.dialog.activity.correspondence-confirmed.v1", "A `CorrespondenceConfirmed` activity.";
    ValidateSubscription => "platform.events.validatesubscription", "Altinn Events' webhook handshake.";
}

impl EventType {
    /// Whether this is one of the `dialogporten.dialog.activity.*` types.
    pub fn is_activity(&self) -> bool {
        self.as_str().starts_with("dialogporten.dialog.activity.")
    }
}

impl fmt::Display for EventType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for EventType {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for EventType {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        Ok(name.parse().unwrap_or_else(|never: Infallible| match never {}))
    }
}

/// A CloudEvent (spec 1.0) as Dialogporten produces it. Attributes it does not
/// name are kept in [`CloudEvent::extensions`], so an event survives a round trip.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CloudEvent {
    /// `1.0`.
    pub specversion: String,
    /// Unique per event; Altinn Events pages continue `after` it.
    pub id: String,
    /// What happened.
    #[serde(rename = "type")]
    pub kind: EventType,
    /// When the change was committed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<DateTime<Utc>>,
    /// The dialog's service resource (`urn:altinn:resource:...`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    /// The dialog id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resourceinstance: Option<String>,
    /// The party the dialog is with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The end-user URL of the dialog, activity or transmission.
    pub source: String,
    /// `process`, `precedingProcess`, and for activities `activityId` and `extendedActivityType`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<EventData>,
    /// Any other attribute.
    #[serde(flatten)]
    pub extensions: Map<String, Value>,
}

/// The `data` of a Dialogporten event.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EventData {
    /// The activity, for activity events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity_id: Option<String>,
    /// The activity's `extendedType`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extended_activity_type: Option<String>,
    /// The dialog's `process`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub process: Option<String>,
    /// The dialog's `precedingProcess`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preceding_process: Option<String>,
    /// Anything else.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

impl CloudEvent {
    /// The dialog the event is about.
    pub fn dialog_id(&self) -> Option<Uuid> {
        self.resourceinstance.as_deref()?.parse().ok()
    }

    /// The activity, for activity events.
    pub fn activity_id(&self) -> Option<Uuid> {
        let in_data = self.data.as_ref().and_then(|d| d.activity_id.as_deref()).and_then(|id| id.parse().ok());
        in_data.or_else(|| self.source_child("activities"))
    }

    /// The transmission, for `transmission.created`.
    pub fn transmission_id(&self) -> Option<Uuid> {
        self.source_child("transmissions")
    }

    fn source_child(&self, list: &str) -> Option<Uuid> {
        let (_, rest) = self.source.rsplit_once(&format!("/{list}/"))?;
        rest.split(['/', '?']).next()?.parse().ok()
    }
}
