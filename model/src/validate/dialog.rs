//! The dialog as a whole: a create or an update body, its own scalar fields,
//! and the order in which the concepts' rules run over it.

use std::collections::HashSet;

use super::actions::{ActionsIn, ApiActions, GuiActions};
use super::activities::check_activities;
use super::attachments::{AttachmentRules, UrlRule, check_attachments};
use super::checker::Checker;
use super::content::check_content;
use super::dates::{DialogDates, check_against_visible_from, check_created_updated, check_order};
use super::errors::{Path, ValidationErrors};
use super::labels::{SearchTags, check_initial_system_label, check_service_owner_context};
use super::party::check_party;
use super::rules::Rules;
use super::transmissions::{Within, check_transmissions};
use super::urls::{check_uri_text, is_uri};
use chrono::{DateTime, Utc};

use crate::enums::DialogStatusInput;
use crate::limits::create_dialog as limits;
use crate::types::{CreateDialog, UpdateDialog};

/// The scalar fields a create and an update share.
struct Scalars<'a> {
    status: Option<&'a DialogStatusInput>,
    progress: Option<i32>,
    extended_status: Option<&'a str>,
    external_reference: Option<&'a str>,
    process: Option<&'a str>,
    preceding_process: Option<&'a str>,
}

fn check_scalars(c: &mut Checker, p: &Path, s: Scalars<'_>) {
    if let Some(status) = s.status {
        c.known(&p.key("status"), status.as_str(), status.is_known());
    }
    if let Some(progress) = s.progress {
        let (min, max) = (limits::PROGRESS.minimum.unwrap_or(i64::MIN), limits::PROGRESS.maximum.unwrap_or(i64::MAX));
        if !(min..=max).contains(&i64::from(progress)) {
            c.add(&p.key("progress"), format!("'Progress' must be between {min} and {max}. You entered {progress}."));
        }
    }
    if let Some(value) = s.extended_status {
        c.max_length(&p.key("extendedStatus"), value, limits::EXTENDED_STATUS);
    }
    if let Some(value) = s.external_reference {
        c.max_length(&p.key("externalReference"), value, limits::EXTERNAL_REFERENCE);
    }
    check_uri_text(c, &p.key("process"), s.process, limits::PROCESS);
    if s.preceding_process.is_some() && s.process.is_none_or(str::is_empty) {
        c.add(&p.key("process"), "Process must not be empty when PrecedingProcess is set.");
    }
    check_uri_text(c, &p.key("precedingProcess"), s.preceding_process, limits::PRECEDING_PROCESS);
}

fn check_service_resource(c: &mut Checker, p: &Path, resource: &str) {
    // Upstream's chain, in its order: NotNull, IsValidUri, MaximumLength, the prefix. A member
    // left out binds as "", which is upstream's null.
    let p = p.key("serviceResource");
    if resource.is_empty() {
        c.not_empty(&p);
        return;
    }
    if !is_uri(resource) {
        c.add(&p, "'ServiceResource' is not a well-formatted URI.");
    }
    c.max_length(&p, resource, limits::SERVICE_RESOURCE);
    if !resource.starts_with("urn:altinn:resource:") {
        c.add(&p, "'ServiceResource' must start with 'urn:altinn:resource:'.");
    }
}

/// Checks and normalises a bound `CreateDialog` body: party URNs and labels
/// lower-cased, language codes neutral and ordered, media types defaulted.
pub fn create_dialog(body: &mut CreateDialog, rules: &Rules) -> Result<(), ValidationErrors> {
    let mut c = Checker::new(rules);
    let p = Path::root();
    c.client_id(&p, body.id);
    if let Some(key) = &body.idempotent_key {
        c.length_between(&p.key("idempotentKey"), key, limits::IDEMPOTENT_KEY);
    }
    check_service_resource(&mut c, &p, &body.service_resource);
    check_party(&mut c, &p.key("party"), &mut body.party, limits::PARTY);
    check_scalars(
        &mut c,
        &p,
        Scalars {
            status: body.status.as_ref(),
            progress: body.progress,
            extended_status: body.extended_status.as_deref(),
            external_reference: body.external_reference.as_deref(),
            process: body.process.as_deref(),
            preceding_process: body.preceding_process.as_deref(),
        },
    );
    check_initial_system_label(&mut c, &p, body.system_label.as_ref());
    check_created_updated(&mut c, &p, body.created_at, body.updated_at);
    check_order(&mut c, &p, DialogDates::from(&*body));
    if let Some(context) = &mut body.service_owner_context {
        check_service_owner_context(&mut c, &p, context);
    }
    let api_only = body.is_api_only.unwrap_or(false);
    check_content(&mut c, &p, body.content.as_mut(), !api_only);
    if let Some(tags) = &body.search_tags {
        tags.as_slice().check(&mut c, &p.key("searchTags"));
    }
    if let Some(attachments) = &mut body.attachments {
        let rules = AttachmentRules { expiry: true, urls: UrlRule::Https };
        check_attachments(&mut c, &p.key("attachments"), attachments, rules);
    }
    if let Some(actions) = &mut body.gui_actions {
        actions.as_mut_slice().check(&mut c, &p.key("guiActions"), ActionsIn::NewDialog);
    }
    if let Some(actions) = &mut body.api_actions {
        actions.as_mut_slice().check(&mut c, &p.key("apiActions"), ActionsIn::NewDialog);
    }
    let transmissions = match &mut body.transmissions {
        Some(items) => check_transmissions(&mut c, &p.key("transmissions"), items, api_only, Within::NewDialog),
        None => HashSet::new(),
    };
    if let Some(activities) = &mut body.activities {
        check_activities(&mut c, &p.key("activities"), activities, Some(&transmissions));
    }
    c.finish()
}

/// Checks and normalises a bound `UpdateDialog` body (PUT, or PATCH after the patch is applied).
///
/// `stored_visible_from` is the dialog's `visibleFrom`, which an update cannot
/// move and its `dueAt` and `expiresAt` must not precede (upstream:
/// `Cannot_Set_DueAt_Before_Saved_VisibleFrom`). What its transmissions and
/// activities refer to is checked against the stored dialog afterwards
/// (`transmission_hierarchy`, `activity_transmissions_exist`: 422).
pub fn update_dialog(
    body: &mut UpdateDialog,
    rules: &Rules,
    stored_visible_from: Option<DateTime<Utc>>,
) -> Result<(), ValidationErrors> {
    let mut c = Checker::new(rules);
    let p = Path::root();
    check_scalars(
        &mut c,
        &p,
        Scalars {
            status: Some(&body.status),
            progress: body.progress,
            extended_status: body.extended_status.as_deref(),
            external_reference: body.external_reference.as_deref(),
            process: body.process.as_deref(),
            preceding_process: body.preceding_process.as_deref(),
        },
    );
    check_against_visible_from(
        &mut c,
        &p,
        DialogDates { visible_from: stored_visible_from, ..DialogDates::from(&*body) },
    );
    let api_only = body.is_api_only.unwrap_or(false);
    check_content(&mut c, &p, body.content.as_mut(), !api_only);
    if let Some(tags) = &body.search_tags {
        tags.as_slice().check(&mut c, &p.key("searchTags"));
    }
    if let Some(attachments) = &mut body.attachments {
        // UpdateDialogDialogAttachmentDtoValidator has no IsInFuture: an attachment the update
        // changes is checked against the stored one (422, the handler's ValidateTimeFields).
        let rules = AttachmentRules { expiry: false, urls: UrlRule::Https };
        check_attachments(&mut c, &p.key("attachments"), attachments, rules);
    }
    if let Some(actions) = &mut body.gui_actions {
        actions.as_mut_slice().check(&mut c, &p.key("guiActions"), ActionsIn::Update);
    }
    if let Some(actions) = &mut body.api_actions {
        actions.as_mut_slice().check(&mut c, &p.key("apiActions"), ActionsIn::Update);
    }
    if let Some(items) = &mut body.transmissions {
        check_transmissions(&mut c, &p.key("transmissions"), items, api_only, Within::Update);
    }
    if let Some(activities) = &mut body.activities {
        check_activities(&mut c, &p.key("activities"), activities, None);
    }
    c.finish()
}
