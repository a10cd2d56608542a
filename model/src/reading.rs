//! Reading what the service returns: a text in the reader's language, with a fallback.
//!
//! ```
//! use dialogporten_model::bodies::{en, nb};
//! use dialogporten_model::types::ContentValue;
//! let title = ContentValue::from([nb("Søknad mottatt"), en("Application received")]);
//! assert_eq!(title.text("en"), Some("Application received"));
//! assert_eq!(title.text("nn"), Some("Søknad mottatt"), "Nynorsk readers get Bokmål");
//! assert_eq!(title.text("de"), Some("Application received"), "others get English");
//! ```

use crate::types::{ContentValue, Dialog, DialogListItem, DialogTransmission, Localization};

/// The languages tried after the one asked for: Norwegian readers get the other written
/// Norwegian first, everyone else English; then whatever there is.
fn fallbacks(language: &str) -> [&'static str; 3] {
    match language {
        "nb" | "no" => ["nn", "en", "se"],
        "nn" => ["nb", "en", "se"],
        "se" => ["nb", "nn", "en"],
        _ => ["en", "nb", "nn"],
    }
}

/// The text of `texts` in `language` (`nb`, `nn`, `en`, without regard to case); else the
/// closest there is (Bokmål and Nynorsk for each other, then English; English for other
/// languages), else the first. `None` only when there is no text at all.
pub fn pick<'a>(texts: &'a [Localization], language: &str) -> Option<&'a str> {
    let language = language.trim().to_ascii_lowercase();
    let find = |code: &str| texts.iter().find(|l| l.language_code.eq_ignore_ascii_case(code));
    find(&language)
        .or_else(|| fallbacks(&language).into_iter().find_map(find))
        .or_else(|| texts.first())
        .map(|l| l.value.as_str())
}

impl ContentValue {
    /// The text in `language`, or the closest there is (see [`pick`]).
    pub fn text(&self, language: &str) -> Option<&str> {
        pick(&self.value, language)
    }
}

impl Dialog {
    /// Its title in `language`, or the closest there is (see [`ContentValue::text`]).
    pub fn title(&self, language: &str) -> Option<&str> {
        self.content.as_ref()?.title.text(language)
    }

    /// Its summary in `language`, or the closest there is.
    pub fn summary(&self, language: &str) -> Option<&str> {
        self.content.as_ref()?.summary.as_ref()?.text(language)
    }
}

impl DialogListItem {
    /// Its title in `language`, or the closest there is (see [`ContentValue::text`]).
    pub fn title(&self, language: &str) -> Option<&str> {
        self.content.as_ref()?.title.text(language)
    }

    /// Its summary in `language`, or the closest there is.
    pub fn summary(&self, language: &str) -> Option<&str> {
        self.content.as_ref()?.summary.as_ref()?.text(language)
    }
}

impl DialogTransmission {
    /// Its title in `language`, or the closest there is (see [`ContentValue::text`]).
    pub fn title(&self, language: &str) -> Option<&str> {
        self.content.title.text(language)
    }
}
