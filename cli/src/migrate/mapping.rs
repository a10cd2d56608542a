//! The mapping file: how Altinn 2 elements become dialogs.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Result;
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
        let text = std::fs::read_to_string(path).map_err(|e| -> anyhow::Error {
            // A mapping that is not there, or not a file, is a mistake in the command, as for -f.
            let usage = match e.kind() {
                std::io::ErrorKind::NotFound => Some("there is no such file"),
                std::io::ErrorKind::IsADirectory => Some("it is a directory"),
                std::io::ErrorKind::InvalidData => Some("it is not UTF-8 text"),
                _ => None,
            };
            match usage {
                Some(why) => UsageError(format!(
                    "--mapping {}: {why}; write one with `dp migrate init-mapping FILE`",
                    path.display()
                ))
                .into(),
                None => anyhow::Error::new(e).context(format!("cannot read the mapping {}", path.display())),
            }
        })?;
        let mapping: Mapping = toml::from_str(&text).map_err(|e| {
            let line = e.span().map(|span| text[..span.start].lines().count().max(1));
            let at = line.map(|l| format!(" at line {l}")).unwrap_or_default();
            UsageError(format!("the mapping {}{at} is not valid: {}", path.display(), e.message()))
        })?;
        let mistakes = mapping.mistakes();
        if mistakes.is_empty() {
            return Ok(mapping);
        }
        let document = toml_edit::Document::parse(text.as_str()).ok();
        let mut located: Vec<(Option<usize>, String, String)> = mistakes
            .into_iter()
            .map(|(key, why)| (document.as_ref().and_then(|d| line_of(d, &text, &key)), key.join("."), why))
            .collect();
        located.sort_by_key(|(line, _, _)| line.unwrap_or(usize::MAX));
        let mut message = format!("the mapping {} has mistakes (nothing was imported):", path.display());
        for (line, key, why) in located {
            let at = line.map(|l| format!(":{l}")).unwrap_or_default();
            message.push_str(&format!("\n  {}{at}: {key}: {why}", path.display()));
        }
        Err(UsageError(message).into())
    }

    /// What in the mapping cannot work, by key: templates, the offset, language codes, statuses, resources.
    fn mistakes(&self) -> Vec<(Vec<String>, String)> {
        let mut found = Vec::new();
        let key = |parts: &[&str]| parts.iter().map(|p| (*p).to_owned()).collect::<Vec<_>>();
        let templates = [
            (key(&["content", "title"]), Some(&self.content.title)),
            (key(&["content", "summary"]), Some(&self.content.summary)),
            (key(&["urls", "gui_action"]), self.urls.gui_action.as_ref()),
            (key(&["urls", "attachment"]), self.urls.attachment.as_ref()),
        ];
        for (at, template) in templates {
            if let Some(problem) = template.and_then(|t| template_problem(t)) {
                found.push((at, problem));
            }
        }
        if let Err(why) = parse_offset(&self.defaults.assume_offset) {
            found.push((key(&["defaults", "assume_offset"]), why));
        }
        if let Err(why) = dialogporten_model::validate::normalize_language_code(&self.defaults.language) {
            found.push((key(&["defaults", "language"]), why));
        }
        for (code, language) in &self.languages {
            if let Err(why) = dialogporten_model::validate::normalize_language_code(language) {
                found.push((key(&["languages", code]), why));
            }
        }
        use dialogporten::enums::{DialogStatus, DialogStatusInput, SystemLabel};
        let statuses = || DialogStatus::KNOWN.iter().map(DialogStatus::as_str).collect::<Vec<_>>().join(", ");
        let status_problem = |status: &str| {
            DialogStatusInput::parse_known(status)
                .is_none()
                .then(|| format!("{status:?} is not a dialog status: use one of {}", statuses()))
        };
        if let Some(why) = status_problem(&self.defaults.status) {
            found.push((key(&["defaults", "status"]), why));
        }
        // Only the labels that exclude each other can be set; the system manages the rest.
        let settable = [SystemLabel::Default, SystemLabel::Bin, SystemLabel::Archive];
        for (name, mapped) in &self.statuses {
            if let Some(why) = status_problem(&mapped.status) {
                found.push((key(&["statuses", name, "status"]), why));
            }
            if let Some(label) = &mapped.label
                && !SystemLabel::parse_known(label).is_some_and(|l| settable.contains(&l))
            {
                found.push((
                    key(&["statuses", name, "label"]),
                    format!("{label:?} is not a system label: use Default, Bin or Archive"),
                ));
            }
        }
        let resource_problem = |resource: &str| {
            (!resource.starts_with("urn:altinn:resource:") || resource.len() <= "urn:altinn:resource:".len())
                .then(|| format!("{resource:?} is not a service resource: write urn:altinn:resource:NAME"))
        };
        if let Some(why) = self.defaults.service_resource.as_deref().and_then(resource_problem) {
            found.push((key(&["defaults", "service_resource"]), why));
        }
        for (index, service) in self.services.iter().enumerate() {
            if let Some(why) = resource_problem(&service.resource) {
                found.push((vec!["services".into(), index.to_string(), "resource".into()], why));
            }
        }
        found
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

/// Why a `{Field}` template cannot work, if it cannot: an unclosed or empty brace.
fn template_problem(template: &str) -> Option<String> {
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        let Some(end) = after.find(['}', '{']).filter(|&end| after.as_bytes()[end] == b'}') else {
            return Some(format!(
                "{template:?} opens {{ without closing it: write {{Field}} for a field, as in \"{{Subject}}\""
            ));
        };
        if after[..end].trim().is_empty() {
            return Some(format!("{template:?} has an empty {{}}: name a field inside, as in {{Subject}}"));
        }
        rest = &after[end + 1..];
    }
    None
}

/// An offset from UTC between -14:00 and +14:00, as `+01:00`.
pub fn parse_offset(text: &str) -> std::result::Result<chrono::FixedOffset, String> {
    let offset: chrono::FixedOffset =
        text.parse().map_err(|_| format!("{text:?} is not an offset: write it as +01:00 or -05:30"))?;
    if offset.local_minus_utc().abs() > 14 * 3600 {
        return Err(format!("{text:?} is not an offset on Earth: use -14:00 to +14:00"));
    }
    Ok(offset)
}

/// The line a key is on, from the parsed document's spans.
fn line_of(document: &toml_edit::Document<&str>, text: &str, key: &[String]) -> Option<usize> {
    let (first, rest) = key.split_first()?;
    let mut item = document.get(first)?;
    let mut span = item.span();
    let mut parts = rest.iter();
    while let Some(part) = parts.next() {
        item = match item {
            // `[[services]]`: the index picks the table, and the next part a key in it.
            toml_edit::Item::ArrayOfTables(tables) => {
                let table = tables.get(part.parse().ok()?)?;
                span = table.span().or(span);
                match parts.next() {
                    Some(key) => table.get(key)?,
                    None => break,
                }
            }
            _ => item.get(part.as_str())?,
        };
        span = item.span().or(span);
    }
    let start = span?.start;
    Some(text[..start].lines().count().max(1) + usize::from(text[..start].ends_with('\n')))
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
    fn statuses_and_labels_are_checked_against_the_contracts_enums() {
        let text = "[statuses]\nA = { status = \"sent\", label = \"bin\" }\nB = { status = \"Closed\" }\nC = { status = \"Completed\", label = \"MarkedAsUnopened\" }\n";
        let mapping: Mapping = toml::from_str(text).unwrap();
        let keys: Vec<String> = mapping.mistakes().into_iter().map(|(key, _)| key.join(".")).collect();
        assert_eq!(keys, ["statuses.B.status", "statuses.C.label"], "deprecated Sent and any case pass");
        assert!(
            STARTER.parse::<toml::Table>().is_ok() && toml::from_str::<Mapping>(STARTER).unwrap().mistakes().is_empty()
        );
    }

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
