//! Attachments of dialogs and transmissions, and their URLs.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::authorization_context::check_context;
use super::checker::Checker;
use super::dates::check_future;
use super::errors::Path;
use super::language::check_localizations;
use super::unstated_limits::LOCALIZATION;
use super::urls::{check_https_url, check_required_uri};
use crate::enums::AttachmentUrlConsumerType;
use crate::limits::{create_dialog_attachment as limits, create_dialog_attachment_url as url_limits};
use crate::types::{self, Localization};

/// One attachment of any of the six request types that carry them.
pub(crate) struct Attachment<'a> {
    id: Option<Uuid>,
    display_name: Option<&'a mut Vec<Localization>>,
    name: Option<&'a str>,
    expires_at: Option<DateTime<Utc>>,
    urls: Vec<Url<'a>>,
    authorization_context: Option<&'a mut types::AuthorizationContext>,
}

struct Url<'a> {
    id: Option<Uuid>,
    url: &'a str,
    media_type: Option<&'a str>,
    consumer_type: &'a AttachmentUrlConsumerType,
}

pub(crate) trait AsAttachment {
    fn view(&mut self) -> Attachment<'_>;
}

macro_rules! attachment {
    ($($attachment:ident / $url:ident: |$u:ident| $url_id:expr;)+) => {$(
        impl AsAttachment for types::$attachment {
            fn view(&mut self) -> Attachment<'_> {
                Attachment {
                    id: self.id,
                    display_name: self.display_name.as_mut(),
                    name: self.name.as_deref(),
                    expires_at: self.expires_at,
                    urls: self
                        .urls
                        .iter()
                        .map(|$u: &types::$url| Url {
                            id: $url_id,
                            url: &$u.url,
                            media_type: $u.media_type.as_deref(),
                            consumer_type: &$u.consumer_type,
                        })
                        .collect(),
                    authorization_context: self.authorization_context.as_mut(),
                }
            }
        }
    )+};
}

attachment! {
    CreateDialogAttachment / CreateDialogAttachmentUrl: |u| u.id;
    UpdateDialogAttachment / UpdateDialogAttachmentUrl: |u| u.id;
    CreateDialogTransmissionAttachment / CreateDialogTransmissionAttachmentUrl: |_u| None;
    UpdateDialogTransmissionAttachment / UpdateDialogTransmissionAttachmentUrl: |_u| None;
    CreateTransmissionAttachment / CreateTransmissionAttachmentUrl: |_u| None;
    UpdateTransmissionAttachment / UpdateTransmissionAttachmentUrl: |u| u.id;
}

/// A list of attachments at `p` (`dto.attachments`, `dto.transmissions[0].attachments`);
/// `expiry` when an `expiresAt` must lie ahead here (a new dialog's: an update's
/// are checked against the stored dialog, 422).
/// What an attachment's URL must be.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum UrlRule {
    /// An absolute `https://` URL within the contract's length (`IsValidHttpsUrl`, `MaximumLength`).
    Https,
    /// A well-formed URI, of any scheme and length (`CreateTransmissionTransmissionAttachmentUrlDtoValidator`).
    AnyUri,
}

/// How a command's validators check its attachments.
#[derive(Clone, Copy)]
pub(crate) struct AttachmentRules {
    /// `expiresAt` must lie in the future (upstream: the create commands' `IsInFuture`).
    pub(crate) expiry: bool,
    pub(crate) urls: UrlRule,
}

pub(crate) fn check_attachments<A: AsAttachment>(
    c: &mut Checker,
    p: &Path,
    attachments: &mut [A],
    rules: AttachmentRules,
) {
    let mut views: Vec<Attachment<'_>> = attachments.iter_mut().map(AsAttachment::view).collect();
    c.unique_ids(p, views.iter().map(|a| a.id));
    for (i, attachment) in views.iter_mut().enumerate() {
        let ip = p.idx(i);
        c.client_id(&ip, attachment.id);
        if let Some(names) = attachment.display_name.as_deref_mut() {
            check_localizations(c, &ip.key("displayName"), names, LOCALIZATION, false);
        }
        if let Some(name) = attachment.name {
            c.max_length(&ip.key("name"), name, limits::NAME);
        }
        if rules.expiry {
            check_future(c, &ip.key("expiresAt"), attachment.expires_at);
        }
        if let Some(context) = attachment.authorization_context.as_deref_mut() {
            check_context(c, &ip.key("authorizationContext"), context);
        }
        let up = ip.key("urls");
        if attachment.urls.is_empty() {
            c.not_empty(&up);
        }
        c.unique_ids(&up, attachment.urls.iter().map(|u| u.id));
        for (j, url) in attachment.urls.iter().enumerate() {
            let jp = up.idx(j);
            c.client_id(&jp, url.id);
            match rules.urls {
                UrlRule::Https => check_https_url(c, &jp.key("url"), url.url, url_limits::URL),
                UrlRule::AnyUri => check_required_uri(c, &jp.key("url"), url.url),
            }
            if let Some(media_type) = url.media_type {
                c.max_length(&jp.key("mediaType"), media_type, url_limits::MEDIA_TYPE);
            }
            c.known(&jp.key("consumerType"), url.consumer_type.as_str(), url.consumer_type.is_known());
        }
    }
}
