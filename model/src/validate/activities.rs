//! Activities: their type decides which of description and transmission they carry.

use std::collections::HashSet;

use uuid::Uuid;

use super::checker::Checker;
use super::dates::check_past;
use super::errors::Path;
use super::language::check_localizations;
use super::party::check_actor;
use super::unstated_limits::{CORRESPONDENCE_DESCRIPTION, LOCALIZATION};
use super::urls::check_uri;
use crate::enums::DialogActivityType;
use crate::limits::create_dialog_activity as limits;
use crate::types::{self, Actor, Localization};

/// One activity of any of the three request types that carry one.
pub(crate) struct Activity<'a> {
    id: Option<Uuid>,
    created_at: Option<chrono::DateTime<chrono::Utc>>,
    extended_type: Option<&'a str>,
    type_: &'a DialogActivityType,
    performed_by: &'a mut Actor,
    description: Option<&'a mut Vec<Localization>>,
    transmission_id: Option<Uuid>,
}

pub(crate) trait AsActivity {
    fn view(&mut self) -> Activity<'_>;
}

macro_rules! activity {
    ($($t:ident),+) => {$(
        impl AsActivity for types::$t {
            fn view(&mut self) -> Activity<'_> {
                Activity {
                    id: self.id,
                    created_at: self.created_at,
                    extended_type: self.extended_type.as_deref(),
                    type_: &self.type_,
                    performed_by: &mut self.performed_by,
                    description: self.description.as_mut(),
                    transmission_id: self.transmission_id,
                }
            }
        }
    )+};
}

activity!(CreateDialogActivity, UpdateDialogActivity, CreateDialogActivityRequest);

/// A body's `activities` at `p`; `transmissions` are the ids they may refer to
/// when the body is a new dialog (`None`: checked against the stored dialog, 422).
pub(crate) fn check_activities<A: AsActivity>(
    c: &mut Checker,
    p: &Path,
    items: &mut [A],
    transmissions: Option<&HashSet<Uuid>>,
) {
    let mut views: Vec<Activity<'_>> = items.iter_mut().map(AsActivity::view).collect();
    c.unique_ids(p, views.iter().map(|a| a.id));
    for (i, a) in views.iter_mut().enumerate() {
        check_view(c, &p.idx(i), a, transmissions);
    }
}

/// One activity at `p` (the root for the activity endpoint); its transmission
/// is checked against the stored dialog.
pub(crate) fn check_activity<A: AsActivity>(c: &mut Checker, p: &Path, item: &mut A) {
    check_view(c, p, &mut item.view(), None);
}

fn check_view(c: &mut Checker, p: &Path, a: &mut Activity<'_>, transmissions: Option<&HashSet<Uuid>>) {
    c.client_id(p, a.id);
    check_past(c, &p.key("createdAt"), a.created_at);
    check_uri(c, &p.key("extendedType"), a.extended_type, limits::EXTENDED_TYPE);
    let kind = a.type_.is_known().then_some(a.type_);
    if kind.is_none() {
        c.known(&p.key("type"), a.type_.as_str(), false);
    }
    check_actor(c, &p.key("performedBy"), a.performed_by);
    let has_description = a.description.as_ref().is_some_and(|d| !d.is_empty());
    let is_information = kind == Some(&DialogActivityType::Information);
    if is_information && !has_description {
        c.add(&p.key("description"), "'Description' is required when 'Type' is 'Information'.");
    } else if !is_information && has_description && kind.is_some() {
        c.add(&p.key("description"), "'Description' is only allowed when 'Type' is 'Information'.");
    }
    if let Some(description) = a.description.as_deref_mut() {
        let max = if c.rules.correspondence { CORRESPONDENCE_DESCRIPTION } else { LOCALIZATION };
        check_localizations(c, &p.key("description"), description, max, false);
    }
    let is_opened = kind == Some(&DialogActivityType::TransmissionOpened);
    match a.transmission_id {
        None if is_opened => {
            c.add(&p.key("transmissionId"), "'TransmissionId' is required when 'Type' is 'TransmissionOpened'.")
        }
        Some(_) if !is_opened && kind.is_some() => {
            c.add(&p.key("transmissionId"), "'TransmissionId' is only allowed when 'Type' is 'TransmissionOpened'.")
        }
        Some(id) if is_opened && transmissions.is_some_and(|t| !t.contains(&id)) => c.add(
            &p.key("transmissionId"),
            format!("'TransmissionId' '{id}' does not refer to a transmission of the dialog."),
        ),
        _ => {}
    }
}
