//! Dialogporten's validation rules, applied before a body is sent or stored.
//!
//! The real service rejects a bad body with `400` and problem details whose
//! `errors` are keyed by property path (`dto.attachments[0].urls`). These
//! rules are the same, with the same paths and messages, so a client can find
//! every mistake before it makes a request and the reference server answers
//! exactly as the real one would.
//!
//! A body goes through [`bind`] first: property names are matched without
//! regard to case, as the service binds them. The checks then run on the typed
//! body and also normalise it the way the service stores it: language codes
//! become neutral ISO 639 codes (`en-US` → `en`), party URNs and
//! service-owner labels are lower-cased, localizations are ordered by language
//! code and media types get their default.
//!
//! What the caller's token permits (admin, legacy HTML, correspondence) is an
//! input, [`Rules`], decided by the caller. Where each rule lives:
//!
//! | concept | module |
//! |---|---|
//! | binding a raw body | `bind.rs` |
//! | binding a body in the contract's exact names, straight from its text | `exact.rs` |
//! | parties and actors | `party.rs` |
//! | language codes, localized texts | `language.rs` |
//! | content fields, media types, HTML | `content.rs` |
//! | URIs, HTTPS URLs, authorization attributes | `urls.rs` |
//! | authorization contexts (experimental, newer upstream) | `authorization_context.rs` |
//! | past, future and ordered dates | `dates.rs` |
//! | GUI, API and navigational actions | `actions.rs` |
//! | attachments | `attachments.rs` |
//! | transmissions and references between them | `transmissions.rs` |
//! | activities | `activities.rs` |
//! | references checked against the stored dialog (422) | `references.rs` |
//! | labels, search tags | `labels.rs` |
//! | the dialog as a whole | `dialog.rs` |
//! | limits the contract does not state | `unstated_limits.rs` (the rest: [`crate::limits`]) |
//!
//! ```
//! use dialogporten_model::types::CreateDialog;
//! use dialogporten_model::validate::{self, Rules};
//! let raw = serde_json::json!({
//!     "serviceResource": "urn:altinn:resource:demo",
//!     "party": "urn:altinn:organization:identifier-no:991825828",
//!     "progress": 101,
//!     "content": {"title": {"value": [{"languageCode": "en_GB", "value": "Hello"}]}}
//! });
//! let mut body: CreateDialog = validate::bind(raw).unwrap();
//! let errors = validate::create_dialog(&mut body, &Rules::now()).unwrap_err();
//! assert!(errors.get("dto.party").is_some());
//! assert!(errors.get("dto.progress").is_some());
//! assert_eq!(body.content.unwrap().title.unwrap().value[0].language_code, "en");
//! ```

use crate::types::{CreateDialogActivityRequest, CreateTransmissionRequest, UpdateTransmissionRequest};

mod actions;
mod activities;
mod attachments;
mod authorization_context;
mod bind;
mod checker;
mod content;
mod dates;
mod dialog;
mod errors;
mod exact;
mod labels;
mod language;
mod party;
mod references;
mod rules;
mod transmissions;
mod unstated_limits;
mod urls;

#[cfg(test)]
mod tests;

pub use bind::{bind, bind_reporting};
pub use content::{DEFAULT_MEDIA_TYPE, EMBEDDED_MARKDOWN};
pub use dates::{DialogDates, dialog_dates_in_future};
pub use dialog::{create_dialog, update_dialog};
pub use errors::ValidationErrors;
pub use exact::bind_exact;
pub use labels::{MAX_SERVICE_OWNER_LABELS, add_service_owner_label, bulk_dialogs, service_owner_label};
pub use language::normalize_language_code;
pub use party::{is_national_identity_number, is_organization_number, normalize_party};
pub use references::{HierarchyOf, activity_transmission_exists, activity_transmissions_exist, transmission_hierarchy};
pub use rules::{Rules, SCOPE_ADMIN, SCOPE_CORRESPONDENCE, SCOPE_LEGACY_HTML};
pub use unstated_limits::{BULK_DIALOGS_END_USER, BULK_DIALOGS_SERVICE_OWNER, MAX_BODY_BYTES};
pub use urls::search_process;

use checker::Checker;
use errors::Path;

/// Checks and normalises a bound `CreateTransmissionRequest` (upstream:
/// `CreateTransmissionTransmissionDtoValidator`, which wants content even for
/// an API-only dialog). Its related transmission is checked against the stored
/// dialog afterwards ([`transmission_hierarchy`], 422).
pub fn create_transmission(body: &mut CreateTransmissionRequest, rules: &Rules) -> Result<(), ValidationErrors> {
    let mut c = Checker::new(rules);
    transmissions::check_transmission(&mut c, body, transmissions::Within::NewTransmission);
    c.finish()
}

/// Checks and normalises a bound `UpdateTransmissionRequest`, a silent
/// correction of a stored transmission (upstream:
/// `UpdateTransmissionTransmissionDtoValidator`).
pub fn update_transmission(body: &mut UpdateTransmissionRequest, rules: &Rules) -> Result<(), ValidationErrors> {
    let mut c = Checker::new(rules);
    transmissions::check_transmission(&mut c, body, transmissions::Within::Correction);
    c.finish()
}

/// Checks and normalises a bound `CreateDialogActivityRequest`. Its
/// transmission is checked against the stored dialog afterwards
/// ([`activity_transmission_exists`], 422).
pub fn activity(body: &mut CreateDialogActivityRequest, rules: &Rules) -> Result<(), ValidationErrors> {
    let mut c = Checker::new(rules);
    activities::check_activity(&mut c, &Path::root(), body);
    c.finish()
}
