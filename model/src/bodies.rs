//! Shorthands for the values request bodies are made of, beside the `new(…)` constructors
//! and `Default`s that `cargo xtask generate` gives every type.
//!
//! ```
//! use dialogporten_model::types::{ContentValue, CreateDialog, CreateDialogContent, Localization};
//! let mut body = CreateDialog::new("urn:altinn:organization:identifier-no:991825827", "urn:altinn:resource:my-service");
//! body.content = Some(CreateDialogContent {
//!     title: Some(ContentValue::new(vec![Localization::nb("Søknad mottatt"), Localization::en("Application received")])),
//!     ..Default::default()
//! });
//! assert_eq!(body.content.unwrap().title.unwrap().value[0].language_code, "nb");
//! ```

use crate::enums::ActorType;
use crate::types::{Actor, Localization};

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
