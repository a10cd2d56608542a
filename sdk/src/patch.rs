//! A typed builder for PatchDialog's RFC 6902 documents.
//!
//! Paths address the UpdateDialog (PUT) view of a dialog, the document the
//! service applies patches to. Setting a member uses `add`, which RFC 6902
//! defines to replace a member that exists and create one that does not, so a
//! patch applies whether or not the view spells out absent properties. Transmissions and activities in that view start
//! empty, so appending to them (`/transmissions/-`) adds new ones.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;
use serde_json::{Value, json};

use crate::enums::DialogStatusInput;
use crate::types::{
    Dialog, JsonPatchOperation, JsonPatchOperationOp, UpdateDialogActivity, UpdateDialogApiAction,
    UpdateDialogAttachment, UpdateDialogGuiAction, UpdateDialogTransmission,
};

/// A content field of a dialog.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ContentField {
    /// `title` (plain text, up to 255 characters).
    Title,
    /// `summary` (plain text, up to 255 characters).
    Summary,
    /// `nonSensitiveTitle`.
    NonSensitiveTitle,
    /// `nonSensitiveSummary`.
    NonSensitiveSummary,
    /// `senderName`.
    SenderName,
    /// `additionalInfo` (plain text or markdown, up to 1023 characters).
    AdditionalInfo,
    /// `extendedStatus` (up to 25 characters).
    ExtendedStatus,
    /// `mainContentReference` (an embeddable https URL).
    MainContentReference,
}

impl ContentField {
    /// Every content field.
    pub const ALL: [ContentField; 8] = [
        ContentField::Title,
        ContentField::Summary,
        ContentField::NonSensitiveTitle,
        ContentField::NonSensitiveSummary,
        ContentField::SenderName,
        ContentField::AdditionalInfo,
        ContentField::ExtendedStatus,
        ContentField::MainContentReference,
    ];

    /// The property name in `content`.
    pub fn json_name(self) -> &'static str {
        match self {
            ContentField::Title => "title",
            ContentField::Summary => "summary",
            ContentField::NonSensitiveTitle => "nonSensitiveTitle",
            ContentField::NonSensitiveSummary => "nonSensitiveSummary",
            ContentField::SenderName => "senderName",
            ContentField::AdditionalInfo => "additionalInfo",
            ContentField::ExtendedStatus => "extendedStatus",
            ContentField::MainContentReference => "mainContentReference",
        }
    }

    /// The media type the service assumes when none is given.
    pub fn default_media_type(self) -> &'static str {
        match self {
            ContentField::MainContentReference => {
                "application/vnd.dialogporten.frontchannelembed-url;type=text/markdown"
            }
            _ => "text/plain",
        }
    }
}

/// Builds a JSON Patch for PatchDialog.
///
/// ```
/// use dialogporten::{ContentField, JsonPatch};
/// use dialogporten::enums::DialogStatusInput;
/// let patch = JsonPatch::new()
///     .status(DialogStatusInput::Completed)
///     .progress(100)
///     .content(ContentField::Summary, [("nb", "Ferdig behandlet"), ("en", "Done")])
///     .add_search_tag("invoice-2026");
/// let json = serde_json::to_value(&patch).unwrap();
/// assert_eq!(json[0], serde_json::json!({"op": "add", "path": "/status", "value": "Completed"}));
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct JsonPatch {
    operations: Vec<JsonPatchOperation>,
}

impl JsonPatch {
    /// An empty patch.
    pub fn new() -> Self {
        Self::default()
    }

    /// The operations so far.
    pub fn operations(&self) -> &[JsonPatchOperation] {
        &self.operations
    }

    /// True when nothing would change.
    pub fn is_empty(&self) -> bool {
        self.operations.is_empty()
    }

    /// Adds any operation (the escape hatch for paths without a method here).
    pub fn push(mut self, op: JsonPatchOperationOp, path: impl Into<String>, value: Option<Value>) -> Self {
        self.operations.push(JsonPatchOperation { from: None, op, path: path.into(), value });
        self
    }

    fn replace(self, path: &str, value: Value) -> Self {
        self.push(JsonPatchOperationOp::Replace, path, Some(value))
    }

    fn set(self, path: &str, value: Value) -> Self {
        self.push(JsonPatchOperationOp::Add, path, Some(value))
    }

    fn remove(self, path: &str) -> Self {
        self.push(JsonPatchOperationOp::Remove, path, None)
    }

    fn add(self, path: &str, value: Value) -> Self {
        self.push(JsonPatchOperationOp::Add, path, Some(value))
    }

    fn set_or_remove(self, path: &str, value: Option<Value>) -> Self {
        match value {
            Some(value) => self.set(path, value),
            None => self.remove(path),
        }
    }

    /// Requires `path` to equal `value` for the patch to apply (RFC 6902 `test`).
    pub fn test(self, path: &str, value: Value) -> Self {
        self.push(JsonPatchOperationOp::Test, path, Some(value))
    }

    /// Sets the status.
    pub fn status(self, status: DialogStatusInput) -> Self {
        self.set("/status", json!(status.as_str()))
    }

    /// Sets the progress, 0 to 100.
    pub fn progress(self, percent: u8) -> Self {
        self.set("/progress", json!(percent))
    }

    /// Clears the progress.
    pub fn clear_progress(self) -> Self {
        self.remove("/progress")
    }

    /// Sets (`Some`) or clears (`None`) the service-specific extended status.
    pub fn extended_status(self, value: Option<&str>) -> Self {
        self.set_or_remove("/extendedStatus", value.map(Value::from))
    }

    /// Sets or clears the external reference.
    pub fn external_reference(self, value: Option<&str>) -> Self {
        self.set_or_remove("/externalReference", value.map(Value::from))
    }

    /// Sets or clears the due date.
    pub fn due_at(self, at: Option<DateTime<Utc>>) -> Self {
        self.set_or_remove("/dueAt", at.map(timestamp))
    }

    /// Sets or clears the expiry date.
    pub fn expires_at(self, at: Option<DateTime<Utc>>) -> Self {
        self.set_or_remove("/expiresAt", at.map(timestamp))
    }

    /// Sets or clears the process URI.
    pub fn process(self, uri: Option<&str>) -> Self {
        self.set_or_remove("/process", uri.map(Value::from))
    }

    /// Sets or clears the preceding process URI.
    pub fn preceding_process(self, uri: Option<&str>) -> Self {
        self.set_or_remove("/precedingProcess", uri.map(Value::from))
    }

    /// Replaces a content field with these `(language, text)` localizations,
    /// using the field's default media type.
    pub fn content<'a>(self, field: ContentField, localizations: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        self.content_with_media_type(field, field.default_media_type(), localizations)
    }

    /// Replaces a content field with these localizations and media type.
    pub fn content_with_media_type<'a>(
        self,
        field: ContentField,
        media_type: &str,
        localizations: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Self {
        let value: Vec<Value> =
            localizations.into_iter().map(|(lang, text)| json!({"languageCode": lang, "value": text})).collect();
        let path = format!("/content/{}", field.json_name());
        self.set(&path, json!({"mediaType": media_type, "value": value}))
    }

    /// Sets one language of a content field, keeping the other languages.
    ///
    /// Needs the current dialog to find the language's position: the service
    /// orders localizations by language code.
    pub fn localized_content(self, current: &Dialog, field: ContentField, language: &str, text: &str) -> Self {
        let existing = current
            .content
            .as_ref()
            .and_then(|content| serde_json::to_value(content).ok())
            .and_then(|content| content.get(field.json_name()).cloned());
        let Some(existing) = existing.filter(|v| !v.is_null()) else {
            return self.content(field, [(language, text)]);
        };
        let position = existing.get("value").and_then(Value::as_array).and_then(|values| {
            values.iter().position(|l| {
                l.get("languageCode").and_then(Value::as_str).is_some_and(|code| code.eq_ignore_ascii_case(language))
            })
        });
        let base = format!("/content/{}/value", field.json_name());
        match position {
            Some(index) => self.replace(&format!("{base}/{index}/value"), json!(text)),
            None => self.add(&format!("{base}/-"), json!({"languageCode": language, "value": text})),
        }
    }

    /// Removes a content field (title cannot be removed unless the dialog is API-only).
    pub fn remove_content(self, field: ContentField) -> Self {
        self.remove(&format!("/content/{}", field.json_name()))
    }

    /// Replaces all search tags.
    pub fn search_tags<'a>(self, tags: impl IntoIterator<Item = &'a str>) -> Self {
        let tags: Vec<Value> = tags.into_iter().map(|t| json!({"value": t})).collect();
        self.set("/searchTags", Value::Array(tags))
    }

    /// Adds one search tag.
    pub fn add_search_tag(self, tag: &str) -> Self {
        self.add("/searchTags/-", json!({"value": tag}))
    }

    /// Replaces all attachments (those left out are deleted).
    pub fn attachments(self, attachments: &[UpdateDialogAttachment]) -> Self {
        self.set("/attachments", to_json(attachments))
    }

    /// Adds one attachment.
    pub fn add_attachment(self, attachment: &UpdateDialogAttachment) -> Self {
        self.add("/attachments/-", to_json(attachment))
    }

    /// Replaces all GUI actions.
    pub fn gui_actions(self, actions: &[UpdateDialogGuiAction]) -> Self {
        self.set("/guiActions", to_json(actions))
    }

    /// Adds one GUI action.
    pub fn add_gui_action(self, action: &UpdateDialogGuiAction) -> Self {
        self.add("/guiActions/-", to_json(action))
    }

    /// Replaces all API actions.
    pub fn api_actions(self, actions: &[UpdateDialogApiAction]) -> Self {
        self.set("/apiActions", to_json(actions))
    }

    /// Adds one API action.
    pub fn add_api_action(self, action: &UpdateDialogApiAction) -> Self {
        self.add("/apiActions/-", to_json(action))
    }

    /// Appends a transmission.
    pub fn append_transmission(self, transmission: &UpdateDialogTransmission) -> Self {
        self.add("/transmissions/-", to_json(transmission))
    }

    /// Appends an activity.
    pub fn append_activity(self, activity: &UpdateDialogActivity) -> Self {
        self.add("/activities/-", to_json(activity))
    }
}

fn timestamp(at: DateTime<Utc>) -> Value {
    Value::String(at.to_rfc3339_opts(SecondsFormat::AutoSi, true))
}

fn to_json<T: Serialize + ?Sized>(value: &T) -> Value {
    // The generated types serialize infallibly: no maps with non-string keys.
    serde_json::to_value(value).unwrap_or(Value::Null)
}

impl Serialize for JsonPatch {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.operations.serialize(serializer)
    }
}

impl From<JsonPatch> for Vec<JsonPatchOperation> {
    fn from(patch: JsonPatch) -> Self {
        patch.operations
    }
}
