//! Labels: service-owner labels, search tags and the system label a dialog is created with.

use super::checker::{Checker, stated};
use super::errors::{Path, ValidationErrors};
use super::rules::Rules;
use crate::enums::SystemLabel;
use crate::limits::{
    create_dialog_service_owner_context as context_limits, create_dialog_service_owner_label as label_limits,
    create_dialog_tag as tag_limits,
};
use crate::types::{self, CreateDialogServiceOwnerContext};

/// Most service-owner labels a dialog can carry.
pub const MAX_SERVICE_OWNER_LABELS: usize = stated(context_limits::SERVICE_OWNER_LABELS.max_items);

/// Trims and lower-cases a service-owner label, as the service stores it.
fn normalize_label(value: &str) -> String {
    value.trim().to_lowercase()
}

/// Checks and normalises (trims, lower-cases) one service-owner label value.
///
/// ```
/// use dialogporten_model::validate::service_owner_label;
/// assert_eq!(service_owner_label(" Case:123 ").unwrap(), "case:123");
/// assert!(service_owner_label("ab").unwrap_err().get("dto.serviceOwnerLabels[0].value").is_some());
/// ```
pub fn service_owner_label(value: &str) -> Result<String, ValidationErrors> {
    add_service_owner_label(&[], value)
}

/// Checks adding label `value` to a dialog's `existing` labels as upstream
/// does (the whole list is validated: duplicates without regard to case,
/// at most [`MAX_SERVICE_OWNER_LABELS`], each value's length), and returns the
/// new label normalised.
///
/// ```
/// use dialogporten_model::validate::add_service_owner_label;
/// let errors = add_service_owner_label(&["case:1".into()], "CASE:1").unwrap_err();
/// assert_eq!(errors.get("dto.serviceOwnerLabels").unwrap(), ["Can not contain duplicate items: [case:1]."]);
/// ```
pub fn add_service_owner_label(existing: &[String], value: &str) -> Result<String, ValidationErrors> {
    let normalized = normalize_label(value);
    let rules = Rules::now();
    let mut c = Checker::new(&rules);
    let root = Path::root();
    let lp = root.key("serviceOwnerLabels");
    let all: Vec<String> = existing.iter().cloned().chain([normalized.clone()]).collect();
    c.unique_by(&lp, all.iter().cloned(), true);
    if all.len() > MAX_SERVICE_OWNER_LABELS {
        c.add(&lp, format!("Maximum {MAX_SERVICE_OWNER_LABELS} service owner labels are allowed."));
    }
    check_label_value(&mut c, &lp.idx(existing.len()).key("value"), &normalized);
    c.finish().map(|()| normalized)
}

/// One label's value: present, and as long as the contract allows (upstream's
/// `NotEmpty`, `MinimumLength`, `MaximumLength`, each with its own message).
fn check_label_value(c: &mut Checker, p: &Path, value: &str) {
    let limit = label_limits::VALUE;
    let n = value.chars().count();
    if value.trim().is_empty() {
        c.not_empty(p);
    }
    if let Some(min) = limit.min_length
        && n < min
    {
        c.add(p, format!("The length of 'Value' must be at least {min} characters. You entered {n} characters."));
    }
    c.max_length(p, value, limit);
}

/// A created dialog's `serviceOwnerContext.serviceOwnerLabels`.
pub(crate) fn check_service_owner_context(c: &mut Checker, p: &Path, context: &mut CreateDialogServiceOwnerContext) {
    let Some(labels) = &mut context.service_owner_labels else { return };
    let context = p.key("serviceOwnerContext");
    let lp = context.key("serviceOwnerLabels");
    for label in labels.iter_mut() {
        label.value = normalize_label(&label.value);
    }
    c.unique_by(&lp, labels.iter().map(|l| l.value.as_str()), true);
    if labels.len() > MAX_SERVICE_OWNER_LABELS {
        c.add(&lp, format!("Maximum {MAX_SERVICE_OWNER_LABELS} service owner labels are allowed."));
    }
    for (i, label) in labels.iter().enumerate() {
        check_label_value(c, &lp.idx(i).key("value"), &label.value);
    }
}

/// The dialogs of one bulk system-label request, by id: 1 to `max`, each once
/// (upstream: the `BulkSetSystemLabelCommandValidator`s, [`BULK_DIALOGS_SERVICE_OWNER`]
/// and [`BULK_DIALOGS_END_USER`]).
///
/// ```
/// use dialogporten_model::validate::{BULK_DIALOGS_END_USER, bulk_dialogs};
/// assert!(bulk_dialogs(["a", "b"], BULK_DIALOGS_END_USER).is_ok());
/// assert_eq!(
///     bulk_dialogs(["a", "a"], BULK_DIALOGS_END_USER).unwrap_err().get("dto.dialogs").unwrap(),
///     ["Can not contain duplicate items: [a]."]
/// );
/// assert!(bulk_dialogs(Vec::<&str>::new(), BULK_DIALOGS_END_USER).is_err());
/// ```
pub fn bulk_dialogs<'a>(ids: impl IntoIterator<Item = &'a str>, max: usize) -> Result<(), ValidationErrors> {
    let ids: Vec<String> = ids.into_iter().map(str::to_ascii_lowercase).collect();
    let rules = Rules::now();
    let mut c = Checker::new(&rules);
    let root = Path::root();
    let p = root.key("dialogs");
    if ids.is_empty() || ids.len() > max {
        c.add(&p, format!("Must supply between 1 and {max} dialogs to update"));
    }
    c.unique_by(&p, ids, false);
    c.finish()
}

/// The system label a dialog is created with: only `Default`, `Bin` or `Archive`.
pub(crate) fn check_initial_system_label(c: &mut Checker, p: &Path, label: Option<&SystemLabel>) {
    let Some(label) = label else { return };
    if !matches!(label, SystemLabel::Default | SystemLabel::Bin | SystemLabel::Archive) {
        c.add(&p.key("systemLabel"), "'SystemLabel' must be one of 'Default', 'Bin' or 'Archive'.");
    }
}

/// A dialog's `searchTags` (the two request types are alike).
pub(crate) trait SearchTags {
    fn check(&self, c: &mut Checker, p: &Path);
}

macro_rules! search_tags {
    ($($t:ident),+) => {$(
        impl SearchTags for [types::$t] {
            fn check(&self, c: &mut Checker, p: &Path) {
                c.unique_by(p, self.iter().map(|t| t.value.as_str()), true);
                for (i, tag) in self.iter().enumerate() {
                    c.length_between(&p.idx(i).key("value"), &tag.value, tag_limits::VALUE);
                }
            }
        }
    )+};
}

search_tags!(CreateDialogTag, UpdateDialogTag);
