//! The stand-in identity providers beside the dialogs: Maskinporten (service
//! owners' tokens, and Altinn's exchange of them), ID-porten (people's logins)
//! and the dialog tokens Dialogporten gives the end user for a dialog.

pub mod dialog_tokens;
pub mod idporten;
pub mod maskinporten;
pub mod tokens;
