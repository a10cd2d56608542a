//! Writing request bodies: constructors that take what the service requires, setters that
//! chain, and shorthands for texts and actors, beside the `new(…)` constructors and
//! `Default`s that `cargo xtask generate` gives every other type.
//!
//! ```
//! use dialogporten_model::bodies::{en, nb};
//! use dialogporten_model::enums::{DialogGuiActionPriority, DialogTransmissionType};
//! use dialogporten_model::types::{Actor, CreateDialog, CreateDialogGuiAction, CreateDialogTransmission};
//! let body = CreateDialog::new(
//!     "urn:altinn:organization:identifier-no:991825827",
//!     "urn:altinn:resource:my-service",
//!     [nb("Søknad mottatt"), en("Application received")],
//! )
//! .summary(nb("Vi har mottatt søknaden din."))
//! .gui_action(CreateDialogGuiAction::new("read", DialogGuiActionPriority::Primary, nb("Åpne"), "https://example.no/a"))
//! .transmission(CreateDialogTransmission::new(DialogTransmissionType::Information, Actor::service_owner(), nb("Kvittering")));
//! assert_eq!(body.content.as_ref().and_then(|c| c.title.as_ref()).map(|t| t.value.len()), Some(2));
//! ```
//!
//! Without a title a dialog does not compile:
//!
//! ```compile_fail
//! let untitled = dialogporten_model::types::CreateDialog::new(
//!     "urn:altinn:organization:identifier-no:991825827",
//!     "urn:altinn:resource:my-service",
//! );
//! ```

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::enums::{ActorType, AttachmentUrlConsumerType, DialogStatusInput, DialogTransmissionType, HttpVerb};
use crate::types::{
    Actor, ContentValue, CreateDialog, CreateDialogActivity, CreateDialogApiAction, CreateDialogAttachment,
    CreateDialogAttachmentUrl, CreateDialogContent, CreateDialogGuiAction, CreateDialogServiceOwnerContext,
    CreateDialogServiceOwnerLabel, CreateDialogTag, CreateDialogTransmission, CreateDialogTransmissionAttachment,
    CreateDialogTransmissionContent, CreateTransmissionAttachment, CreateTransmissionContent,
    CreateTransmissionRequest, Localization,
};

/// A text in Norwegian Bokmål.
pub fn nb(text: impl Into<String>) -> Localization {
    Localization::nb(text)
}

/// A text in Norwegian Nynorsk.
pub fn nn(text: impl Into<String>) -> Localization {
    Localization::nn(text)
}

/// A text in English.
pub fn en(text: impl Into<String>) -> Localization {
    Localization::en(text)
}

impl Localization {
    /// A text in Norwegian Bokmål.
    pub fn nb(value: impl Into<String>) -> Self {
        Self::new("nb", value)
    }

    /// A text in Norwegian Nynorsk.
    pub fn nn(value: impl Into<String>) -> Self {
        Self::new("nn", value)
    }

    /// A text in English.
    pub fn en(value: impl Into<String>) -> Self {
        Self::new("en", value)
    }
}

impl From<Localization> for ContentValue {
    /// One text, as plain text.
    fn from(text: Localization) -> Self {
        ContentValue::new(vec![text])
    }
}

impl From<Vec<Localization>> for ContentValue {
    /// The same text in several languages, as plain text.
    fn from(texts: Vec<Localization>) -> Self {
        ContentValue::new(texts)
    }
}

impl<const N: usize> From<[Localization; N]> for ContentValue {
    /// The same text in several languages, as plain text.
    fn from(texts: [Localization; N]) -> Self {
        ContentValue::new(texts.to_vec())
    }
}

impl From<Localization> for Vec<Localization> {
    fn from(text: Localization) -> Self {
        vec![text]
    }
}

impl Actor {
    /// The service owner itself (no id or name: the service fills them in).
    pub fn service_owner() -> Self {
        Self::new(ActorType::ServiceOwner)
    }

    /// Someone acting for the party, by party URN (`urn:altinn:person:identifier-no:…`).
    pub fn party_representative(actor_id: impl Into<String>) -> Self {
        Self { actor_id: Some(actor_id.into()), ..Self::new(ActorType::PartyRepresentative) }
    }
}

/// Pushes `item` onto an optional list.
fn push<T>(list: &mut Option<Vec<T>>, item: T) {
    list.get_or_insert_with(Vec::new).push(item);
}

impl CreateDialog {
    /// A dialog with what the service requires: the party it is for (`urn:altinn:person:identifier-no:…`
    /// or `urn:altinn:organization:identifier-no:…`), the service resource
    /// (`urn:altinn:resource:…`) and a title. The rest is set with the methods below, or left out.
    pub fn new(party: impl Into<String>, service_resource: impl Into<String>, title: impl Into<ContentValue>) -> Self {
        Self {
            party: party.into(),
            service_resource: service_resource.into(),
            content: Some(CreateDialogContent { title: Some(title.into()), ..CreateDialogContent::default() }),
            activities: None,
            api_actions: None,
            attachments: None,
            created_at: None,
            due_at: None,
            expires_at: None,
            extended_status: None,
            external_reference: None,
            gui_actions: None,
            id: None,
            idempotent_key: None,
            is_api_only: None,
            preceding_process: None,
            process: None,
            progress: None,
            search_tags: None,
            service_owner_context: None,
            status: None,
            system_label: None,
            transmissions: None,
            updated_at: None,
            visible_from: None,
        }
    }

    fn content(&mut self) -> &mut CreateDialogContent {
        self.content.get_or_insert_with(CreateDialogContent::default)
    }

    /// Its id, chosen by the caller (a UUIDv7, say from [`crate::ids::deterministic_v7`]): a second
    /// create with it is refused, so an import can be run again.
    pub fn id(mut self, id: Uuid) -> Self {
        self.id = Some(id);
        self
    }

    /// A key of the caller's own that the service refuses to see twice (for this organisation).
    pub fn idempotent_key(mut self, key: impl Into<String>) -> Self {
        self.idempotent_key = Some(key.into());
        self
    }

    /// The summary under the title.
    pub fn summary(mut self, text: impl Into<ContentValue>) -> Self {
        self.content().summary = Some(text.into());
        self
    }

    /// Who sends it, when not the service owner's own name.
    pub fn sender_name(mut self, text: impl Into<ContentValue>) -> Self {
        self.content().sender_name = Some(text.into());
        self
    }

    /// More text, shown with the dialog.
    pub fn additional_info(mut self, text: impl Into<ContentValue>) -> Self {
        self.content().additional_info = Some(text.into());
        self
    }

    /// Its main content, a page of markdown the inbox fetches from `url` with the dialog token (a
    /// front-channel embed); the service owner's endpoint answers it and allows CORS.
    ///
    /// ```
    /// # use dialogporten_model::bodies::nb;
    /// # use dialogporten_model::types::CreateDialog;
    /// let body = CreateDialog::new("urn:altinn:person:identifier-no:08844397713", "urn:altinn:resource:my-service", nb("Søknad"))
    ///     .main_content_url("https://service.example.no/dialogs/1/content");
    /// let embed = body.content.unwrap().main_content_reference.unwrap();
    /// assert_eq!(embed.media_type.as_deref(), Some("application/vnd.dialogporten.frontchannelembed-url;type=text/markdown"));
    /// ```
    pub fn main_content_url(mut self, url: impl Into<String>) -> Self {
        let mut reference = ContentValue::new(vec![Localization::nb(url)]);
        reference.media_type = Some(crate::validate::EMBEDDED_MARKDOWN.to_owned());
        self.content().main_content_reference = Some(reference);
        self
    }

    /// Its status (`New` when left out).
    pub fn status(mut self, status: DialogStatusInput) -> Self {
        self.status = Some(status);
        self
    }

    /// How far along it is, 0 to 100.
    pub fn progress(mut self, percent: i32) -> Self {
        self.progress = Some(percent);
        self
    }

    /// A reference of the caller's own, to search by.
    pub fn external_reference(mut self, reference: impl Into<String>) -> Self {
        self.external_reference = Some(reference.into());
        self
    }

    /// The process it belongs to (a URI).
    pub fn process(mut self, process: impl Into<String>) -> Self {
        self.process = Some(process.into());
        self
    }

    /// When it is due.
    pub fn due_at(mut self, at: DateTime<Utc>) -> Self {
        self.due_at = Some(at);
        self
    }

    /// When it is no longer shown.
    pub fn expires_at(mut self, at: DateTime<Utc>) -> Self {
        self.expires_at = Some(at);
        self
    }

    /// When it is first shown.
    pub fn visible_from(mut self, at: DateTime<Utc>) -> Self {
        self.visible_from = Some(at);
        self
    }

    /// When it was created, for a migrated record (needs a silent create when in the past).
    pub fn created_at(mut self, at: DateTime<Utc>) -> Self {
        self.created_at = Some(at);
        self
    }

    /// Shown to machines only, not in the inbox.
    pub fn api_only(mut self) -> Self {
        self.is_api_only = Some(true);
        self
    }

    /// Adds a button the inbox shows.
    pub fn gui_action(mut self, action: CreateDialogGuiAction) -> Self {
        push(&mut self.gui_actions, action);
        self
    }

    /// Adds an action for machines.
    pub fn api_action(mut self, action: CreateDialogApiAction) -> Self {
        push(&mut self.api_actions, action);
        self
    }

    /// Adds an attachment.
    pub fn attachment(mut self, attachment: CreateDialogAttachment) -> Self {
        push(&mut self.attachments, attachment);
        self
    }

    /// Adds a transmission.
    pub fn transmission(mut self, transmission: CreateDialogTransmission) -> Self {
        push(&mut self.transmissions, transmission);
        self
    }

    /// Adds an activity to its history.
    pub fn activity(mut self, activity: CreateDialogActivity) -> Self {
        push(&mut self.activities, activity);
        self
    }

    /// Adds a search tag (3 to 63 characters).
    pub fn search_tag(mut self, tag: impl Into<String>) -> Self {
        push(&mut self.search_tags, CreateDialogTag::new(tag));
        self
    }

    /// Adds a label only the service owner sees and searches by.
    pub fn service_owner_label(mut self, label: impl Into<String>) -> Self {
        let context = self.service_owner_context.get_or_insert_with(CreateDialogServiceOwnerContext::default);
        push(&mut context.service_owner_labels, CreateDialogServiceOwnerLabel::new(label));
        self
    }
}

impl CreateDialogGuiAction {
    /// The method the inbox uses (GET, the default, sends the browser to the URL; any other is
    /// sent from the inbox with the dialog token).
    pub fn method(mut self, method: HttpVerb) -> Self {
        self.http_method = Some(method);
        self
    }

    /// The action that deletes the dialog: the inbox asks first and, when it succeeds, moves the
    /// dialog to the bin. Its method must not be GET.
    pub fn deletes_dialog(mut self) -> Self {
        self.is_delete_dialog_action = Some(true);
        self
    }

    /// Asks before the action is taken (the inbox shows `prompt` in a dialog box).
    pub fn prompt(mut self, text: impl Into<Vec<Localization>>) -> Self {
        self.prompt = Some(text.into());
        self
    }
}

impl CreateDialogAttachment {
    /// An attachment with one URL, shown under `display_name`, for `consumer` (`Gui` for the inbox,
    /// `Api` for machines).
    pub fn link(
        display_name: impl Into<Vec<Localization>>,
        url: impl Into<String>,
        consumer: AttachmentUrlConsumerType,
    ) -> Self {
        Self {
            display_name: Some(display_name.into()),
            ..Self::new(vec![CreateDialogAttachmentUrl::new(consumer, url)])
        }
    }
}

/// The constructor and setters of the two transmission types (in a dialog's create, and on
/// their own), which are alike.
macro_rules! transmission {
    ($transmission:ident, $content:ident, $attachment:ident) => {
        impl $transmission {
            /// A transmission with what the service requires: its type, its sender and a title.
            pub fn new(type_: DialogTransmissionType, sender: Actor, title: impl Into<ContentValue>) -> Self {
                Self {
                    type_,
                    sender,
                    content: Some($content { title: Some(title.into()), ..$content::default() }),
                    attachments: None,
                    authorization_attribute: None,
                    authorization_context: None,
                    created_at: None,
                    extended_type: None,
                    external_reference: None,
                    id: None,
                    idempotent_key: None,
                    navigational_actions: None,
                    related_transmission_id: None,
                }
            }

            /// Its id, chosen by the caller (a UUIDv7).
            pub fn id(mut self, id: Uuid) -> Self {
                self.id = Some(id);
                self
            }

            /// The summary under the title.
            pub fn summary(mut self, text: impl Into<ContentValue>) -> Self {
                self.content.get_or_insert_with($content::default).summary = Some(text.into());
                self
            }

            /// The transmission it answers or follows.
            pub fn related_to(mut self, transmission: Uuid) -> Self {
                self.related_transmission_id = Some(transmission);
                self
            }

            /// Adds an attachment.
            pub fn attachment(mut self, attachment: $attachment) -> Self {
                push(&mut self.attachments, attachment);
                self
            }
        }
    };
}

transmission!(CreateDialogTransmission, CreateDialogTransmissionContent, CreateDialogTransmissionAttachment);
transmission!(CreateTransmissionRequest, CreateTransmissionContent, CreateTransmissionAttachment);
