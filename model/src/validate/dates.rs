//! Times: what must lie in the past or the future, and in which order a
//! dialog's dates must come.

use chrono::{DateTime, Duration, Utc};

use super::checker::Checker;
use super::errors::{Path, ValidationErrors, pascal};
use super::rules::Rules;
use super::unstated_limits::CLOCK_SKEW_SECONDS;
use crate::types::{CreateDialog, UpdateDialog};

type Time = Option<DateTime<Utc>>;

/// A caller-given `createdAt`/`updatedAt` must not lie in the future (beyond clock skew).
pub(crate) fn check_past(c: &mut Checker, p: &Path, at: Time) {
    if let Some(at) = at
        && at > c.rules.now + Duration::seconds(CLOCK_SKEW_SECONDS)
    {
        c.add(p, format!("'{}' must be in the past.", p.name()));
    }
}

/// An attachment's or a navigational action's `expiresAt` must not lie in the
/// past (upstream: `IsInFuture`, `GreaterThanOrEqualTo(now)`; not relaxed for
/// silent or admin requests).
pub(crate) fn check_future(c: &mut Checker, p: &Path, at: Time) {
    if let Some(at) = at
        && at < c.rules.now
    {
        c.add(p, format!("'{}' must be in the future.", p.name()));
    }
}

/// A created dialog's own `createdAt` and `updatedAt`.
pub(crate) fn check_created_updated(c: &mut Checker, p: &Path, created: Time, updated: Time) {
    check_past(c, &p.key("createdAt"), created);
    check_past(c, &p.key("updatedAt"), updated);
    if let Some(updated) = updated {
        match created {
            // Upstream's wording, its unbalanced quote included.
            None => c.add(&p.key("createdAt"), "CreatedAt must not be empty when 'UpdatedAt is set."),
            Some(created) if updated < created => {
                c.add(&p.key("updatedAt"), "'UpdatedAt' must be greater than or equal to 'CreatedAt'.")
            }
            Some(_) => {}
        }
    }
}

/// A dialog's `visibleFrom`, `dueAt` and `expiresAt`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DialogDates {
    /// `visibleFrom`
    pub visible_from: Time,
    /// `dueAt`
    pub due_at: Time,
    /// `expiresAt`
    pub expires_at: Time,
}

impl From<&CreateDialog> for DialogDates {
    fn from(body: &CreateDialog) -> Self {
        Self { visible_from: body.visible_from, due_at: body.due_at, expires_at: body.expires_at }
    }
}

impl From<&UpdateDialog> for DialogDates {
    fn from(body: &UpdateDialog) -> Self {
        // An update cannot move `visibleFrom`.
        Self { visible_from: None, due_at: body.due_at, expires_at: body.expires_at }
    }
}

impl DialogDates {
    fn named(&self) -> [(&'static str, Time); 3] {
        [("visibleFrom", self.visible_from), ("dueAt", self.due_at), ("expiresAt", self.expires_at)]
    }
}

/// A new dialog's dates in order: `expiresAt` after `dueAt` and `visibleFrom`, and
/// (but for admins) `dueAt` after `visibleFrom` (upstream: `CreateDialogDtoValidator`).
pub(crate) fn check_order(c: &mut Checker, p: &Path, dates: DialogDates) {
    let DialogDates { visible_from, due_at, expires_at } = dates;
    let admin = c.rules.admin;
    let mut order = |later: &str, earlier: &str, l: Time, e: Time| {
        if let (Some(l), Some(e)) = (l, e)
            && l < e
        {
            c.add(&p.key(later), format!("'{}' must be after '{}'.", pascal(later), pascal(earlier)));
        }
    };
    order("expiresAt", "dueAt", expires_at, due_at);
    order("expiresAt", "visibleFrom", expires_at, visible_from);
    if !admin {
        order("dueAt", "visibleFrom", due_at, visible_from);
    }
}

/// An update's `expiresAt` after its `dueAt`, and its `dueAt` (but for admins)
/// and `expiresAt` against the stored `visibleFrom` (upstream:
/// `UpdateDialogDtoValidator`).
pub(crate) fn check_against_visible_from(c: &mut Checker, p: &Path, dates: DialogDates) {
    let DialogDates { visible_from, due_at, expires_at } = dates;
    if let (Some(expires), Some(due)) = (expires_at, due_at)
        && expires < due
    {
        c.add(&p.key("expiresAt"), "'ExpiresAt' must be after 'DueAt'.");
    }
    let Some(visible) = visible_from else { return };
    if !c.rules.admin && due_at.is_some_and(|due| due < visible) {
        c.add(&p.key("dueAt"), "DueAt must be greater than or equal to VisibleFrom.");
    }
    if expires_at.is_some_and(|expires| expires < visible) {
        c.add(&p.key("expiresAt"), "ExpiresAt must be greater than or equal to VisibleFrom.");
    }
}

/// The time rules on a dialog's own dates that the service answers with `422`
/// rather than `400`, unless the request is silent or by an admin. A new
/// dialog's `visibleFrom`, `dueAt` and `expiresAt` must lie in the future. An
/// update (pass the stored dates) that changes `dueAt` must move it to the
/// future or clear it; one that changes `expiresAt` must move it to the
/// future, and may not clear it (upstream: `ValidateTimeFields` of the create
/// and update commands, with their keys and messages).
///
/// ```
/// use dialogporten_model::validate::{DialogDates, Rules, dialog_dates_in_future};
/// let past = "2001-01-01T00:00:00Z".parse().ok();
/// let dates = DialogDates { due_at: past, ..Default::default() };
/// assert!(dialog_dates_in_future(dates, &Rules::now(), None).is_err());
/// assert!(dialog_dates_in_future(dates, &Rules::now().silent(true), None).is_ok());
/// assert!(dialog_dates_in_future(dates, &Rules::now(), Some(dates)).is_ok()); // unchanged
/// ```
pub fn dialog_dates_in_future(
    dates: DialogDates,
    rules: &Rules,
    current: Option<DialogDates>,
) -> Result<(), ValidationErrors> {
    let mut errors = ValidationErrors::new();
    if rules.silent || rules.admin {
        return Ok(());
    }
    let ahead = |at: Time| at.is_some_and(|at| at > rules.now);
    match current {
        None => {
            for (field, at) in dates.named() {
                if at.is_some() && !ahead(at) {
                    errors.add(pascal(field), "Must be in the future");
                }
            }
        }
        Some(stored) => {
            if dates.due_at != stored.due_at && dates.due_at.is_some() && !ahead(dates.due_at) {
                errors.add("DueAt", "Must be in future or current value. (Or null)");
            }
            if dates.expires_at != stored.expires_at && !ahead(dates.expires_at) {
                errors.add("ExpiresAt", "Must be in future or current value.");
            }
        }
    }
    errors.into_result()
}
