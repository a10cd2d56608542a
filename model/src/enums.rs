//! Open enums for every enum in the contract.
//!
//! Dialogporten adds enum values over time (a new activity type, a new system
//! label). A closed Rust enum would make a whole response fail to parse when a
//! newer server sends one, so each enum here keeps the values this crate knows as
//! variants and anything else verbatim in `Unknown`. Input is matched without
//! regard to case, as the real service does (`notApplicable` is
//! `NotApplicable`); output always uses the canonical spelling.

use std::fmt;
use std::str::FromStr;

macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $name:ident { $($(#[$vmeta:meta])* $variant:ident = $wire:literal),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $(
                #[doc = concat!("`", $wire, "`")]
                $(#[$vmeta])*
                $variant,
            )+
            /// A value this version of the crate does not know, kept as sent.
            Unknown(String),
        }

        impl $name {
            /// Every value this version of the crate knows, in the contract's order.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),+];

            /// The canonical wire spelling of this value.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $wire,)+
                    $name::Unknown(other) => other,
                }
            }

            /// False for a value a newer server sent that this crate does not know.
            pub fn is_known(&self) -> bool {
                !matches!(self, $name::Unknown(_))
            }

            /// Parses a known value, ignoring case; `None` for anything else.
            pub fn parse_known(value: &str) -> Option<Self> {
                $(if value.eq_ignore_ascii_case($wire) {
                    return Some($name::$variant);
                })+
                None
            }
        }

        impl FromStr for $name {
            type Err = std::convert::Infallible;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::parse_known(value).unwrap_or_else(|| $name::Unknown(value.to_owned())))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_str(OpenEnumVisitor::<$name>::new(stringify!($name)))
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                Self::parse_known(value).unwrap_or_else(|| $name::Unknown(value.to_owned()))
            }
        }

        impl OpenEnum for $name {
            fn from_wire(value: &str) -> Self {
                Self::from(value)
            }
        }
    };
}

/// What every open enum can do; used by the shared deserializer.
trait OpenEnum: Sized {
    fn from_wire(value: &str) -> Self;
}

struct OpenEnumVisitor<T> {
    name: &'static str,
    marker: std::marker::PhantomData<T>,
}

impl<T> OpenEnumVisitor<T> {
    fn new(name: &'static str) -> Self {
        Self { name, marker: std::marker::PhantomData }
    }
}

impl<T: OpenEnum> serde::de::Visitor<'_> for OpenEnumVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a {} name", self.name)
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
        Ok(T::from_wire(value))
    }
}

open_enum! {
    /// Who performed an action: the service owner or someone on the party's behalf.
    ActorType { PartyRepresentative = "PartyRepresentative", ServiceOwner = "ServiceOwner" }
}

open_enum! {
    /// How an entity is shown to an end user who fails its authorization context
    /// (experimental, newer upstream): masked, or left out.
    AuthorizationContextUnauthorizedPresentation { Disabled = "Disabled", Excluded = "Excluded" }
}

open_enum! {
    /// Who an attachment URL is meant for.
    AttachmentUrlConsumerType { Gui = "Gui", Api = "Api" }
}

open_enum! {
    /// Whether a search includes soft-deleted dialogs.
    DeletedFilter { Exclude = "Exclude", Include = "Include", Only = "Only" }
}

open_enum! {
    /// The kind of an activity in a dialog's history.
    DialogActivityType {
        DialogCreated = "DialogCreated",
        DialogClosed = "DialogClosed",
        Information = "Information",
        TransmissionOpened = "TransmissionOpened",
        PaymentMade = "PaymentMade",
        SignatureProvided = "SignatureProvided",
        DialogOpened = "DialogOpened",
        DialogDeleted = "DialogDeleted",
        DialogRestored = "DialogRestored",
        SentToSigning = "SentToSigning",
        SentToFormFill = "SentToFormFill",
        SentToSendIn = "SentToSendIn",
        SentToPayment = "SentToPayment",
        FormSubmitted = "FormSubmitted",
        FormSaved = "FormSaved",
        /// Requires the scope `digdir:dialogporten.correspondence`.
        CorrespondenceOpened = "CorrespondenceOpened",
        /// Requires the scope `digdir:dialogporten.correspondence`.
        CorrespondenceConfirmed = "CorrespondenceConfirmed",
    }
}

open_enum! {
    /// How prominently a GUI action is shown (at most one Primary, one Secondary, five Tertiary).
    DialogGuiActionPriority { Primary = "Primary", Secondary = "Secondary", Tertiary = "Tertiary" }
}

open_enum! {
    /// A dialog's status, as the service reports it.
    DialogStatus {
        InProgress = "InProgress",
        Draft = "Draft",
        RequiresAttention = "RequiresAttention",
        Completed = "Completed",
        NotApplicable = "NotApplicable",
        Awaiting = "Awaiting",
    }
}

open_enum! {
    /// A dialog's status as a client may send it; `New` and `Sent` are deprecated
    /// spellings of `NotApplicable` and `Awaiting`.
    DialogStatusInput {
        New = "New",
        InProgress = "InProgress",
        Draft = "Draft",
        Sent = "Sent",
        RequiresAttention = "RequiresAttention",
        Completed = "Completed",
        NotApplicable = "NotApplicable",
        Awaiting = "Awaiting",
    }
}

open_enum! {
    /// The kind of a transmission. Submission and Correction are sent by the party.
    DialogTransmissionType {
        Information = "Information",
        Acceptance = "Acceptance",
        Rejection = "Rejection",
        Request = "Request",
        Alert = "Alert",
        Decision = "Decision",
        Submission = "Submission",
        Correction = "Correction",
    }
}

open_enum! {
    /// An HTTP method of an action endpoint.
    HttpVerb {
        Get = "GET",
        Post = "POST",
        Put = "PUT",
        Patch = "PATCH",
        Delete = "DELETE",
        Head = "HEAD",
        Options = "OPTIONS",
        Trace = "TRACE",
        Connect = "CONNECT",
    }
}

open_enum! {
    /// How an end user's access to a looked-up dialog was granted (end-user `GetDialogLookup`).
    IdentifierLookupGrantType {
        Role = "Role",
        AccessPackage = "AccessPackage",
        ResourceDelegation = "ResourceDelegation",
        InstanceDelegation = "InstanceDelegation",
    }
}

open_enum! {
    /// The condition Altinn Notifications checks before sending a notification.
    NotificationConditionType { NotExists = "NotExists", Exists = "Exists" }
}

open_enum! {
    /// An end-user system label. Default, Bin and Archive exclude each other;
    /// MarkedAsUnopened and Sent are managed by the system.
    SystemLabel {
        Default = "Default",
        Bin = "Bin",
        Archive = "Archive",
        MarkedAsUnopened = "MarkedAsUnopened",
        Sent = "Sent",
    }
}

impl DialogStatusInput {
    /// The status the service stores for this input (deprecated names mapped).
    pub fn normalized(&self) -> DialogStatus {
        match self {
            DialogStatusInput::New | DialogStatusInput::NotApplicable => DialogStatus::NotApplicable,
            DialogStatusInput::Sent | DialogStatusInput::Awaiting => DialogStatus::Awaiting,
            DialogStatusInput::InProgress => DialogStatus::InProgress,
            DialogStatusInput::Draft => DialogStatus::Draft,
            DialogStatusInput::RequiresAttention => DialogStatus::RequiresAttention,
            DialogStatusInput::Completed => DialogStatus::Completed,
            DialogStatusInput::Unknown(other) => DialogStatus::Unknown(other.clone()),
        }
    }
}

impl From<DialogStatus> for DialogStatusInput {
    fn from(status: DialogStatus) -> Self {
        DialogStatusInput::from(status.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values_parse_without_regard_to_case() {
        let parsed: DialogStatus = serde_json::from_str("\"inProgress\"").unwrap();
        assert_eq!(parsed, DialogStatus::InProgress);
        assert_eq!(serde_json::to_string(&parsed).unwrap(), "\"InProgress\"");
        assert_eq!(HttpVerb::from("get"), HttpVerb::Get);
    }

    #[test]
    fn unknown_values_are_kept_verbatim() {
        let parsed: DialogActivityType = serde_json::from_str("\"DialogArchived\"").unwrap();
        assert_eq!(parsed, DialogActivityType::Unknown("DialogArchived".into()));
        assert!(!parsed.is_known());
        assert_eq!(serde_json::to_string(&parsed).unwrap(), "\"DialogArchived\"");
    }

    #[test]
    fn numbers_are_rejected_with_the_enum_named() {
        // .NET's numeric values are not part of the published contract.
        let err = serde_json::from_str::<SystemLabel>("2").unwrap_err();
        assert!(err.to_string().contains("a SystemLabel name"), "{err}");
    }

    #[test]
    fn deprecated_statuses_normalize() {
        assert_eq!(DialogStatusInput::from("new").normalized(), DialogStatus::NotApplicable);
        assert_eq!(DialogStatusInput::Sent.normalized(), DialogStatus::Awaiting);
    }
}
