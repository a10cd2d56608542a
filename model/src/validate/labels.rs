//! Labels: service-owner labels, search tags and the system label a dialog is created with.

use std::collections::HashSet;

use super::checker::{Checker, stated};
use super::errors::{Path, ValidationErrors};
use super::rules::Rules;
use crate::enums::SystemLabel;
use crate::limits::{
    create_dialog_service_owner_context as context_limits, create_dialog_service_owner_label as label_limits,
    create_dialog_tag as tag_limits, create_service_owner_label as single_label_limits,
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
/// assert!(service_owner_label("ab").unwrap_err().get("dto.value").is_some());
/// ```
pub fn service_owner_label(value: &str) -> Result<String, ValidationErrors> {
    let normalized = normalize_label(value);
    let rules = Rules::now();
    let mut c = Checker::new(&rules);
    c.length_between(&Path::root().key("value"), &normalized, single_label_limits::VALUE);
    c.finish().map(|()| normalized)
}

/// A created dialog's `serviceOwnerContext.serviceOwnerLabels`.
pub(crate) fn check_service_owner_context(c: &mut Checker, p: &Path, context: &mut CreateDialogServiceOwnerContext) {
    let Some(labels) = &mut context.service_owner_labels else { return };
    let lp = p.key("serviceOwnerContext").key("serviceOwnerLabels");
    if labels.len() > MAX_SERVICE_OWNER_LABELS {
        c.add(&lp, format!("'ServiceOwnerLabels' must not have more than {MAX_SERVICE_OWNER_LABELS} items."));
    }
    let mut seen = HashSet::new();
    for (i, label) in labels.iter_mut().enumerate() {
        label.value = normalize_label(&label.value);
        c.length_between(&lp.idx(i).key("value"), &label.value, label_limits::VALUE);
        if !seen.insert(label.value.clone()) {
            c.add(&lp, format!("Duplicate label '{}'.", label.value));
        }
    }
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
                let mut seen = HashSet::new();
                for (i, tag) in self.iter().enumerate() {
                    c.length_between(&p.idx(i).key("value"), &tag.value, tag_limits::VALUE);
                    if !seen.insert(tag.value.to_lowercase()) {
                        c.add(p, format!("Duplicate search tag '{}'.", tag.value));
                    }
                }
            }
        }
    )+};
}

search_tags!(CreateDialogTag, UpdateDialogTag);
