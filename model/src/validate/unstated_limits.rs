//! The limits the rules apply that openapi.json does not state: upstream's
//! validators and entity configuration have them, the contract does not.
//! Every limit the contract states is read from [`crate::limits`] instead, and
//! a test fails if one of those is written here or in a rule.

/// Largest request body the service accepts, in bytes.
pub const MAX_BODY_BYTES: usize = 20_000_000;

/// A localized text: a GUI action's title and prompt, an attachment's display name, an activity's description.
pub(crate) const LOCALIZATION: usize = 255;

/// An activity's description with the correspondence scope.
pub(crate) const CORRESPONDENCE_DESCRIPTION: usize = 4095;

/// A content text of 255 characters (dialog or transmission) with the correspondence scope
/// (upstream: `ContentValueDtoValidator`, `Constants.CorrespondenceMaxStringLength`).
pub(crate) const CORRESPONDENCE_TEXT: usize = 512;

/// An actor's name.
pub(crate) const ACTOR_NAME: usize = 255;

/// The texts of a content field: plain (title, summary, ...), rich (additional info) and references.
pub(crate) const CONTENT_TEXT: usize = 255;
pub(crate) const CONTENT_RICH_TEXT: usize = 1023;
pub(crate) const CONTENT_REFERENCE: usize = 1023;
/// A dialog's `content.extendedStatus` texts.
pub(crate) const CONTENT_EXTENDED_STATUS: usize = 25;

/// GUI actions per priority (primary, secondary, tertiary), with upstream's message.
pub(crate) const GUI_ACTIONS_PER_PRIORITY: [(usize, &str); 3] = [
    (1, "Only one primary GUI action is allowed."),
    (1, "Only one secondary GUI action is allowed."),
    (5, "Only five tertiary GUI actions are allowed."),
];

/// How far in the future a "past" time may lie, for clock skew between caller and service, in seconds.
pub(crate) const CLOCK_SKEW_SECONDS: i64 = crate::ids::CLOCK_SKEW_SECONDS;

/// Most dialogs in one service owner's bulk system-label request (upstream:
/// `ServiceOwner/EndUserContext/Commands/BulkSetSystemLabels`, `MaxDialogsPerRequest`).
pub const BULK_DIALOGS_SERVICE_OWNER: usize = 200;

/// Most dialogs in one end user's bulk system-label request (upstream:
/// `EndUser/EndUserContext/Commands/BulkSetSystemLabels`, `MaxDialogsPerRequest`).
pub const BULK_DIALOGS_END_USER: usize = 100;

/// How deep a chain of related transmissions may go, and how many transmissions may relate to one.
pub(crate) const TRANSMISSION_HIERARCHY_DEPTH: usize = 100;
pub(crate) const TRANSMISSION_HIERARCHY_WIDTH: usize = 100;
