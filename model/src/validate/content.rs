//! Content fields: which media types each takes, how long its texts may be,
//! and the legacy-HTML subset.

use super::checker::Checker;
use super::errors::Path;
use super::language::check_localizations;
use super::unstated_limits::{
    CONTENT_EXTENDED_STATUS, CONTENT_REFERENCE, CONTENT_RICH_TEXT, CONTENT_TEXT, CORRESPONDENCE_TEXT,
};
use super::urls::{is_https_url, is_loopback_http_url};
use crate::types::{
    ContentValue, CreateDialogContent, CreateDialogTransmissionContent, CreateTransmissionContent, UpdateDialogContent,
    UpdateDialogTransmissionContent, UpdateTransmissionContent,
};

/// The media type a content value gets when none is given.
pub const DEFAULT_MEDIA_TYPE: &str = "text/plain";

/// Media type for an embedded markdown front-channel reference.
pub const EMBEDDED_MARKDOWN: &str = "application/vnd.dialogporten.frontchannelembed-url;type=text/markdown";
const EMBEDDED_MARKDOWN_DEPRECATED: &str = "application/vnd.dialogporten.frontchannelembed+json;type=markdown";
const EMBEDDED_HTML_LEGACY: &str = "application/vnd.dialogporten.frontchannelembed-url;type=text/html";

const HTML_TAGS: &[&str] =
    &["p", "a", "br", "em", "strong", "ul", "ol", "li", "table", "thead", "tbody", "tr", "td", "th"];

/// Which media types a content field takes.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Media {
    Plain,
    Rich,
    Embedded,
}

/// One content field of a body: its name, media, text limit and value.
pub(crate) struct Field<'a> {
    name: &'static str,
    media: Media,
    max: usize,
    value: &'a mut Option<ContentValue>,
}

const fn field<'a>(name: &'static str, media: Media, max: usize, value: &'a mut Option<ContentValue>) -> Field<'a> {
    Field { name, media, max, value }
}

/// A body's `content`, as the list of its fields.
pub(crate) trait Content {
    fn fields(&mut self, correspondence: bool) -> Vec<Field<'_>>;
    fn has_title(&self) -> bool;
}

macro_rules! dialog_content {
    ($($t:ty),+) => {$(
        impl Content for $t {
            fn fields(&mut self, correspondence: bool) -> Vec<Field<'_>> {
                let text = if correspondence { CORRESPONDENCE_TEXT } else { CONTENT_TEXT };
                vec![
                    field("title", Media::Plain, text, &mut self.title),
                    field("summary", Media::Plain, text, &mut self.summary),
                    field("nonSensitiveTitle", Media::Plain, text, &mut self.non_sensitive_title),
                    field("nonSensitiveSummary", Media::Plain, text, &mut self.non_sensitive_summary),
                    field("senderName", Media::Plain, text, &mut self.sender_name),
                    field("additionalInfo", Media::Rich, CONTENT_RICH_TEXT, &mut self.additional_info),
                    field("extendedStatus", Media::Plain, CONTENT_EXTENDED_STATUS, &mut self.extended_status),
                    field("mainContentReference", Media::Embedded, CONTENT_REFERENCE, &mut self.main_content_reference),
                ]
            }
            fn has_title(&self) -> bool {
                self.title.is_some()
            }
        }
    )+};
}

macro_rules! transmission_content {
    ($($t:ty),+) => {$(
        impl Content for $t {
            fn fields(&mut self, correspondence: bool) -> Vec<Field<'_>> {
                let text = if correspondence { CORRESPONDENCE_TEXT } else { CONTENT_TEXT };
                vec![
                    field("title", Media::Plain, text, &mut self.title),
                    field("summary", Media::Plain, text, &mut self.summary),
                    field("contentReference", Media::Embedded, CONTENT_REFERENCE, &mut self.content_reference),
                ]
            }
            fn has_title(&self) -> bool {
                self.title.is_some()
            }
        }
    )+};
}

dialog_content!(CreateDialogContent, UpdateDialogContent);
transmission_content!(
    CreateDialogTransmissionContent,
    UpdateDialogTransmissionContent,
    CreateTransmissionContent,
    UpdateTransmissionContent
);

/// The `content` of a dialog or a transmission (`p` is its owner's path).
///
/// `required`: the content must be there (upstream: `Content` NotEmpty, unless
/// the dialog is API-only; always on the transmission endpoints). Content that
/// is there must have a title, API-only or not (upstream: the content
/// validators' `Title` NotNull, "Title must not be empty.").
pub(crate) fn check_content<C: Content>(c: &mut Checker, p: &Path, content: Option<&mut C>, required: bool) {
    let cp = p.key("content");
    let Some(content) = content else {
        if required {
            c.not_empty(&cp);
        }
        return;
    };
    if !content.has_title() {
        c.add(&cp, "Title must not be empty.");
    }
    let correspondence = c.rules.correspondence;
    for field in content.fields(correspondence) {
        if let Some(value) = field.value {
            check_value(c, &cp.key(field.name), value, field.media, field.max);
        }
    }
}

fn check_value(c: &mut Checker, p: &Path, value: &mut ContentValue, media: Media, max: usize) {
    let given = value.media_type.as_deref().unwrap_or(DEFAULT_MEDIA_TYPE).to_owned();
    let legacy_html = c.rules.legacy_html;
    let allowed: &[&str] = match media {
        Media::Plain => &[DEFAULT_MEDIA_TYPE],
        Media::Rich if legacy_html => &[DEFAULT_MEDIA_TYPE, "text/markdown", "text/html"],
        Media::Rich => &[DEFAULT_MEDIA_TYPE, "text/markdown"],
        Media::Embedded if legacy_html => &[EMBEDDED_MARKDOWN, EMBEDDED_MARKDOWN_DEPRECATED, EMBEDDED_HTML_LEGACY],
        Media::Embedded => &[EMBEDDED_MARKDOWN, EMBEDDED_MARKDOWN_DEPRECATED],
    };
    if !allowed.iter().any(|a| a.eq_ignore_ascii_case(&given)) {
        c.add(
            &p.key("mediaType"),
            format!(
                "MediaType '{given}' is not allowed for content type {}. Allowed media types are {}",
                p.name(),
                allowed
                    .iter()
                    // Upstream leaves the deprecated ones out of the message.
                    .filter(|a| **a != EMBEDDED_MARKDOWN_DEPRECATED && **a != EMBEDDED_HTML_LEGACY)
                    .map(|a| format!("'{a}'"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
    }
    let pv = p.key("value");
    check_localizations(c, &pv, &mut value.value, max, true);
    for (i, item) in value.value.iter().enumerate() {
        let local = c.rules.loopback_http && is_loopback_http_url(&item.value);
        if media == Media::Embedded && !is_https_url(&item.value) && !local {
            c.add(&pv.idx(i).key("value"), "'Value' must be an HTTPS URL for embeddable content.");
        }
        if given.eq_ignore_ascii_case("text/html")
            && let Some(problem) = html_problem(&item.value)
        {
            c.add(&pv.idx(i).key("value"), problem);
        }
    }
    value.media_type = Some(given);
}

/// The first HTML construct the legacy-HTML rule forbids, if any.
fn html_problem(html: &str) -> Option<String> {
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        rest = &rest[start + 1..];
        let end = rest.find('>')?;
        let tag = rest[..end].trim().trim_start_matches('/').trim_end_matches('/');
        rest = &rest[end + 1..];
        let mut parts = tag.split_whitespace();
        let name = parts.next().unwrap_or_default().to_ascii_lowercase();
        if !HTML_TAGS.contains(&name.as_str()) {
            return Some(format!("HTML tag '<{name}>' is not allowed."));
        }
        for attribute in parts {
            let (key, value) = attribute.split_once('=').unwrap_or((attribute, ""));
            let value = value.trim_matches(|c| c == '"' || c == '\'');
            if !(name == "a" && key.eq_ignore_ascii_case("href") && is_https_url(value)) {
                return Some(format!("HTML attribute '{key}' on '<{name}>' is not allowed (only https href on <a>)."));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::html_problem;

    #[test]
    fn html_is_limited_to_the_allowed_tags() {
        assert!(html_problem("<p>Hei <a href=\"https://altinn.no\">lenke</a></p>").is_none());
        assert!(html_problem("<script>alert(1)</script>").is_some());
        assert!(html_problem("<a href=\"http://x.no\">x</a>").is_some());
    }
}
