//! The mapping file: how Altinn 2 elements become dialogs.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context as _, Result};
use serde::Deserialize;

use crate::exit::UsageError;

/// The whole mapping.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// What applies when nothing more specific does.
    #[serde(default)]
    pub defaults: Defaults,
    /// Altinn 2 service code (and edition) → service resource.
    #[serde(default)]
    pub services: Vec<Service>,
    /// Altinn 2 status → dialog status and system label.
    #[serde(default = "default_statuses")]
    pub statuses: BTreeMap<String, StatusMapping>,
    /// Altinn 2 language code → language.
    #[serde(default = "default_languages")]
    pub languages: BTreeMap<String, String>,
    /// URL templates.
    #[serde(default)]
    pub urls: Urls,
    /// Where titles and summaries come from.
    #[serde(default)]
    pub content: ContentSources,
}

/// Defaults.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Defaults {
    /// The service resource for elements whose service code is not listed.
    pub service_resource: Option<String>,
    /// Dialog status for statuses not listed.
    #[serde(default = "default_status")]
    pub status: String,
    /// The offset of Altinn 2 times that have none (Altinn 2 stored Norwegian local time).
    #[serde(default = "default_offset")]
    pub assume_offset: String,
    /// Prefix of the service-owner label that names the source element.
    #[serde(default = "default_label_prefix")]
    pub label_prefix: String,
    /// Extra service-owner labels on every dialog.
    #[serde(default)]
    pub labels: Vec<String>,
    /// Language when the element has none.
    #[serde(default = "default_language")]
    pub language: String,
}

impl Default for Defaults {
    fn default() -> Self {
        Self {
            service_resource: None,
            status: default_status(),
            assume_offset: default_offset(),
            label_prefix: default_label_prefix(),
            labels: Vec::new(),
            language: default_language(),
        }
    }
}

/// One service.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// Altinn 2 service code.
    pub code: String,
    /// Service edition; any edition when absent.
    pub edition: Option<i64>,
    /// `urn:altinn:resource:...`
    pub resource: String,
}

/// What one Altinn 2 status becomes.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusMapping {
    /// Dialog status.
    pub status: String,
    /// System label: Default, Bin or Archive.
    pub label: Option<String>,
}

/// URL templates: `{Field}` is replaced by the element's field.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Urls {
    /// A primary GUI action opening the element, if set.
    pub gui_action: Option<String>,
    /// Each attachment's URL, if set (attachments are left out otherwise).
    pub attachment: Option<String>,
}

/// Title and summary templates.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContentSources {
    /// Title template.
    #[serde(default = "default_title")]
    pub title: String,
    /// Summary template; no summary when it renders empty.
    #[serde(default = "default_summary")]
    pub summary: String,
}

impl Default for ContentSources {
    fn default() -> Self {
        Self { title: default_title(), summary: default_summary() }
    }
}

fn default_status() -> String {
    "NotApplicable".into()
}
fn default_offset() -> String {
    "+01:00".into()
}
fn default_label_prefix() -> String {
    "a2".into()
}
fn default_language() -> String {
    "nb".into()
}
fn default_title() -> String {
    "{Subject}{MessageTitle}".into()
}
fn default_summary() -> String {
    "{MessageSummary}".into()
}

fn default_statuses() -> BTreeMap<String, StatusMapping> {
    let entry =
        |status: &str, label: Option<&str>| StatusMapping { status: status.into(), label: label.map(Into::into) };
    BTreeMap::from([
        ("Archived".into(), entry("Completed", Some("Archive"))),
        ("Archive".into(), entry("Completed", Some("Archive"))),
        ("Active".into(), entry("InProgress", None)),
        ("FillIn".into(), entry("InProgress", None)),
        ("SignIn".into(), entry("Awaiting", None)),
        ("SendIn".into(), entry("Awaiting", None)),
        ("Read".into(), entry("NotApplicable", None)),
        ("Unread".into(), entry("RequiresAttention", None)),
        ("Confirmed".into(), entry("Completed", None)),
        ("Deleted".into(), entry("Completed", Some("Bin"))),
    ])
}

fn default_languages() -> BTreeMap<String, String> {
    BTreeMap::from([("1044".into(), "nb".into()), ("2068".into(), "nn".into()), ("1033".into(), "en".into())])
}

impl Default for Mapping {
    fn default() -> Self {
        Self {
            defaults: Defaults::default(),
            services: Vec::new(),
            statuses: default_statuses(),
            languages: default_languages(),
            urls: Urls::default(),
            content: ContentSources::default(),
        }
    }
}

impl Mapping {
    /// Reads a mapping file; errors name the file and line.
    pub fn load(path: &Path) -> Result<Self> {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("cannot read the mapping {}", path.display()))?;
        toml::from_str(&text).map_err(|e| {
            let line = e.span().map(|span| text[..span.start].lines().count().max(1));
            let at = line.map(|l| format!(" at line {l}")).unwrap_or_default();
            UsageError(format!("the mapping {}{at} is not valid: {}", path.display(), e.message())).into()
        })
    }

    /// The service resource for a service code and edition.
    pub fn resource(&self, code: &str, edition: Option<i64>) -> Option<&str> {
        self.services
            .iter()
            .filter(|s| s.code == code)
            .find(|s| s.edition.is_none() || s.edition == edition)
            .map(|s| s.resource.as_str())
            .or(self.defaults.service_resource.as_deref())
    }
}

/// The commented starting file `dp migrate init-mapping` writes.
pub const STARTER: &str = r#"# dp migrate: how Altinn 2 elements become dialogs.
# Every section is optional; what is left out takes the default shown.

[defaults]
# The service resource for elements whose service code is not listed under [[services]].
# Without it, such elements fail with a message naming the service code.
# service_resource = "urn:altinn:resource:my-migrated-service"
status = "NotApplicable"          # dialog status for Altinn 2 statuses not listed under [statuses]
assume_offset = "+01:00"          # Altinn 2 times without an offset are Norwegian local time
label_prefix = "a2"               # each dialog gets the label "<prefix>-<archive|correspondence>-<element id>"
labels = []                       # extra service-owner labels on every dialog, e.g. ["migrated-2012"]
language = "nb"                   # when an element has no LanguageCode

# Service code (and optionally edition) → service resource.
# [[services]]
# code = "4223"
# edition = 1
# resource = "urn:altinn:resource:skjema-4223"

# Altinn 2 status → dialog status and system label (Default, Bin or Archive).
[statuses]
Archived = { status = "Completed", label = "Archive" }
Archive = { status = "Completed", label = "Archive" }
Active = { status = "InProgress" }
FillIn = { status = "InProgress" }
SignIn = { status = "Awaiting" }
SendIn = { status = "Awaiting" }
Read = { status = "NotApplicable" }
Unread = { status = "RequiresAttention" }
Confirmed = { status = "Completed" }
Deleted = { status = "Completed", label = "Bin" }

# Altinn 2 LanguageCode → language.
[languages]
1044 = "nb"
2068 = "nn"
1033 = "en"

# URL templates; {Field} is the element's field. Leave out to add no GUI action / no attachments.
[urls]
# gui_action = "https://www.altinn.no/a2/archive/{ReporteeElementId}"
# attachment = "https://files.example.no/a2/{ReporteeElementId}/{AttachmentId}"

# Title and summary, as templates over the element's fields.
[content]
title = "{Subject}{MessageTitle}"
summary = "{MessageSummary}"
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_starter_file_is_a_valid_mapping_with_the_defaults() {
        let mapping: Mapping = toml::from_str(STARTER).unwrap();
        assert_eq!(mapping.statuses["Archived"].label.as_deref(), Some("Archive"));
        assert_eq!(mapping.languages["2068"], "nn");
        assert_eq!(mapping.defaults.assume_offset, "+01:00");
        let defaults = Mapping::default();
        assert_eq!(defaults.statuses.len(), mapping.statuses.len());
    }
}
