//! Transmissions: their own fields, references between them, and what they carry.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::actions::{AsNavigationalAction, check_navigational_actions};
use super::attachments::{AsAttachment, AttachmentRules, UrlRule, check_attachments};
use super::authorization_context::check_authorization;
use super::checker::Checker;
use super::content::{Content, check_content};
use super::dates::check_past;
use super::errors::Path;
use super::party::check_actor;
use super::urls::check_uri;
use crate::enums::DialogTransmissionType;
use crate::limits::create_dialog_transmission as limits;
use crate::types::{self, Actor};

/// One transmission of any of the four request types that carry one.
pub(crate) struct Transmission<'a, C, A, N> {
    pub(crate) id: Option<Uuid>,
    idempotent_key: Option<&'a str>,
    created_at: Option<DateTime<Utc>>,
    authorization_attribute: Option<&'a str>,
    authorization_context: Option<&'a mut types::AuthorizationContext>,
    extended_type: Option<&'a str>,
    external_reference: Option<&'a str>,
    type_: &'a DialogTransmissionType,
    related_transmission_id: Option<Uuid>,
    sender: &'a mut Actor,
    content: Option<&'a mut C>,
    attachments: Option<&'a mut Vec<A>>,
    navigational_actions: Option<&'a mut Vec<N>>,
}

pub(crate) trait AsTransmission {
    type Content: Content;
    type Attachment: AsAttachment;
    type NavigationalAction: AsNavigationalAction;
    fn view(&mut self) -> Transmission<'_, Self::Content, Self::Attachment, Self::NavigationalAction>;
}

macro_rules! transmission {
    ($($t:ident { content: $c:ident, attachment: $a:ident, navigation: $n:ident, id: |$s:ident| $id:expr });+ $(;)?) => {$(
        impl AsTransmission for types::$t {
            type Content = types::$c;
            type Attachment = types::$a;
            type NavigationalAction = types::$n;
            fn view(&mut self) -> Transmission<'_, types::$c, types::$a, types::$n> {
                let $s = &*self;
                let id = $id;
                Transmission {
                    id,
                    idempotent_key: self.idempotent_key.as_deref(),
                    created_at: self.created_at,
                    authorization_attribute: self.authorization_attribute.as_deref(),
                    authorization_context: self.authorization_context.as_mut(),
                    extended_type: self.extended_type.as_deref(),
                    external_reference: self.external_reference.as_deref(),
                    type_: &self.type_,
                    related_transmission_id: self.related_transmission_id,
                    sender: &mut self.sender,
                    content: self.content.as_mut(),
                    attachments: self.attachments.as_mut(),
                    navigational_actions: self.navigational_actions.as_mut(),
                }
            }
        }
    )+};
}

transmission! {
    CreateDialogTransmission {
        content: CreateDialogTransmissionContent, attachment: CreateDialogTransmissionAttachment,
        navigation: CreateDialogTransmissionNavigationalAction, id: |t| t.id
    };
    UpdateDialogTransmission {
        content: UpdateDialogTransmissionContent, attachment: UpdateDialogTransmissionAttachment,
        navigation: UpdateDialogTransmissionNavigationalAction, id: |t| t.id
    };
    CreateTransmissionRequest {
        content: CreateTransmissionContent, attachment: CreateTransmissionAttachment,
        navigation: CreateTransmissionNavigationalAction, id: |t| t.id
    };
    UpdateTransmissionRequest {
        content: UpdateTransmissionContent, attachment: UpdateTransmissionAttachment,
        navigation: UpdateTransmissionNavigationalAction, id: |_t| None
    };
}

/// Where transmissions are checked: upstream's validators differ by command
/// (1.119.1, `Features/V1/ServiceOwner/Dialogs/Commands/*/Validators`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Within {
    /// A new dialog (`CreateDialogDialogTransmissionDtoValidator`): a related
    /// transmission must be in the same body (400); attachments must expire in
    /// the future.
    NewDialog,
    /// An update of a dialog (`UpdateDialogDialogTransmissionDtoValidator`):
    /// references are checked against the stored dialog (422), attachments'
    /// expiry is not checked.
    Update,
    /// `POST .../transmissions` (`CreateTransmissionTransmissionDtoValidator`):
    /// content always; an attachment's URL need only be a well-formed URI.
    NewTransmission,
    /// `PUT .../transmissions/{id}` (`UpdateTransmissionTransmissionDtoValidator`):
    /// content always; `createdAt` may lie in the future (the dialog's
    /// `visibleFrom` may have set it).
    Correction,
}

impl Within {
    fn content_required(self, api_only: bool) -> bool {
        matches!(self, Within::NewTransmission | Within::Correction) || !api_only
    }
}

/// A body's `transmissions` at `p`. Returns the ids of the transmissions in the body.
pub(crate) fn check_transmissions<T: AsTransmission>(
    c: &mut Checker,
    p: &Path,
    items: &mut [T],
    api_only: bool,
    within: Within,
) -> HashSet<Uuid> {
    let mut views: Vec<_> = items.iter_mut().map(AsTransmission::view).collect();
    c.unique_ids(p, views.iter().map(|t| t.id));
    // Idempotent keys shared within a body are a conflict with the dialog (409), not a rule here.
    let in_request: HashSet<Uuid> = views.iter().filter_map(|t| t.id).collect();
    let known = (within == Within::NewDialog).then_some(&in_request);
    for (i, t) in views.iter_mut().enumerate() {
        check_view(c, &p.idx(i), t, api_only, known, within);
    }
    in_request
}

/// One transmission sent to a transmission endpoint (`within` is
/// [`Within::NewTransmission`] or [`Within::Correction`]), at the root; its
/// related transmission is checked against the stored dialog.
pub(crate) fn check_transmission<T: AsTransmission>(c: &mut Checker, item: &mut T, within: Within) {
    check_view(c, &Path::root(), &mut item.view(), false, None, within);
}

fn check_view<C: Content, A: AsAttachment, N: AsNavigationalAction>(
    c: &mut Checker,
    p: &Path,
    t: &mut Transmission<'_, C, A, N>,
    api_only: bool,
    known: Option<&HashSet<Uuid>>,
    within: Within,
) {
    let own = c.client_id(p, t.id);
    if let Some(key) = t.idempotent_key {
        c.length_between(&p.key("idempotentKey"), key, limits::IDEMPOTENT_KEY);
    }
    if within != Within::Correction {
        check_past(c, &p.key("createdAt"), t.created_at);
    }
    check_authorization(
        c,
        p,
        t.authorization_attribute,
        limits::AUTHORIZATION_ATTRIBUTE,
        t.authorization_context.as_deref_mut(),
    );
    check_uri(c, &p.key("extendedType"), t.extended_type, limits::EXTENDED_TYPE);
    if let Some(reference) = t.external_reference {
        c.max_length(&p.key("externalReference"), reference, limits::EXTERNAL_REFERENCE);
    }
    c.known(&p.key("type"), t.type_.as_str(), t.type_.is_known());
    if let Some(related) = t.related_transmission_id {
        if Some(related) == own {
            c.add(
                &p.key("relatedTransmissionId"),
                format!(
                    "A transmission cannot reference itself (RelatedTransmissionId is equal to Id, '{}').",
                    related
                ),
            );
        } else if known.is_some_and(|known| !known.contains(&related)) {
            c.add(
                &p.key("relatedTransmissionId"),
                "'RelatedTransmissionId' must refer to a transmission in the same request or in the dialog.",
            );
        }
    }
    check_actor(c, &p.key("sender"), t.sender);
    check_content(c, p, t.content.as_deref_mut(), within.content_required(api_only));
    if let Some(attachments) = t.attachments.as_deref_mut() {
        let rules = AttachmentRules {
            expiry: within == Within::NewDialog,
            urls: if within == Within::NewTransmission { UrlRule::AnyUri } else { UrlRule::Https },
        };
        check_attachments(c, &p.key("attachments"), attachments, rules);
    }
    if let Some(actions) = t.navigational_actions.as_deref_mut() {
        check_navigational_actions(c, &p.key("navigationalActions"), actions);
    }
}
