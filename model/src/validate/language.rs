//! Language codes and localized texts: neutral ISO 639 codes, one text per
//! language, ordered by code as the service stores them.

use super::checker::Checker;
use super::errors::Path;
use crate::types::Localization;

/// Normalises a language code to the neutral ISO 639 code the service stores
/// (`en-US`, `en_GB` → `en`; `nob` → `nb`), or explains why it is not accepted.
///
/// ```
/// use dialogporten_model::validate::normalize_language_code;
/// assert_eq!(normalize_language_code(" nb_NO ").unwrap(), "nb");
/// assert!(normalize_language_code("no").unwrap_err().contains("Use 'nb' or 'nn'"));
/// ```
pub fn normalize_language_code(code: &str) -> Result<String, String> {
    let cleaned = code.trim().replace('_', "-").to_ascii_lowercase();
    let neutral = cleaned.split('-').next().unwrap_or_default();
    let mapped = THREE_LETTER.iter().find(|(three, _)| *three == neutral).map_or(neutral, |(_, two)| *two);
    if mapped == "no" {
        return Err(format!(
            "'LanguageCode' '{code}' is not a valid language code. Use 'nb' or 'nn' for Norwegian. {NORMALIZED}"
        ));
    }
    let known = is_iso_639_1(mapped) || SAMI.contains(&mapped);
    if known {
        Ok(mapped.to_owned())
    } else {
        Err(format!("'LanguageCode' '{code}' is not a valid language code. {NORMALIZED}"))
    }
}

/// A list of localized texts: each text present and at most `max` long, each
/// language once; codes normalised and the list ordered by code.
pub(crate) fn check_localizations(c: &mut Checker, p: &Path, items: &mut [Localization], max: usize, required: bool) {
    if items.is_empty() {
        if required {
            c.not_empty(p);
        }
        return;
    }
    for (i, item) in items.iter_mut().enumerate() {
        let ip = p.idx(i);
        if item.value.trim().is_empty() {
            c.not_empty(&ip.key("value"));
        } else {
            c.at_most(&ip.key("value"), &item.value, Some(max));
        }
        if is_normalized(&item.language_code) {
            continue;
        }
        match normalize_language_code(&item.language_code) {
            Ok(normalized) => item.language_code = normalized,
            Err(message) => c.add(&ip.key("languageCode"), message),
        }
    }
    c.unique_by(p, items.iter().map(|item| item.language_code.as_str()), false);
    items.sort_by(|a, b| a.language_code.cmp(&b.language_code));
}

/// Whether `code` is a code [`normalize_language_code`] keeps as it is, as most are.
fn is_normalized(code: &str) -> bool {
    is_iso_639_1(code) || SAMI.contains(&code)
}

/// Whether `code` is in [`ISO_639_1`], whose codes are sorted, two letters each, one space apart.
fn is_iso_639_1(code: &str) -> bool {
    let (table, code) = (ISO_639_1.as_bytes(), code.as_bytes());
    if code.len() != 2 {
        return false;
    }
    let (mut low, mut high) = (0, table.len().div_ceil(3));
    while low < high {
        let middle = (low + high) / 2;
        match table[middle * 3..middle * 3 + 2].cmp(code) {
            std::cmp::Ordering::Less => low = middle + 1,
            std::cmp::Ordering::Greater => high = middle,
            std::cmp::Ordering::Equal => return true,
        }
    }
    false
}

const NORMALIZED: &str = "Culture specific codes like 'en_GB' and 'en-US' are normalized to 'en' (ISO 639).";

const ISO_639_1: &str = "aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu";

/// Sámi languages without a two-letter code keep their three-letter one.
const SAMI: &[&str] = &["sma", "smj", "smn", "sms"];

/// Three-letter codes (ISO 639-2/T and /B) of the languages the service sees, to their two-letter code.
const THREE_LETTER: &[(&str, &str)] = &[
    ("nob", "nb"),
    ("nno", "nn"),
    ("nor", "no"),
    ("eng", "en"),
    ("swe", "sv"),
    ("dan", "da"),
    ("fin", "fi"),
    ("sme", "se"),
    ("isl", "is"),
    ("ice", "is"),
    ("fao", "fo"),
    ("kal", "kl"),
    ("deu", "de"),
    ("ger", "de"),
    ("fra", "fr"),
    ("fre", "fr"),
    ("spa", "es"),
    ("ita", "it"),
    ("nld", "nl"),
    ("dut", "nl"),
    ("por", "pt"),
    ("pol", "pl"),
    ("rus", "ru"),
    ("ukr", "uk"),
    ("est", "et"),
    ("lit", "lt"),
    ("lav", "lv"),
    ("ces", "cs"),
    ("cze", "cs"),
    ("slk", "sk"),
    ("slo", "sk"),
    ("hun", "hu"),
    ("ron", "ro"),
    ("rum", "ro"),
    ("bul", "bg"),
    ("hrv", "hr"),
    ("srp", "sr"),
    ("slv", "sl"),
    ("bos", "bs"),
    ("sqi", "sq"),
    ("alb", "sq"),
    ("ell", "el"),
    ("gre", "el"),
    ("tur", "tr"),
    ("ara", "ar"),
    ("som", "so"),
    ("tir", "ti"),
    ("amh", "am"),
    ("fas", "fa"),
    ("per", "fa"),
    ("urd", "ur"),
    ("hin", "hi"),
    ("tha", "th"),
    ("vie", "vi"),
    ("zho", "zh"),
    ("chi", "zh"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_iso_639_1_table_is_sorted_and_every_code_is_found() {
        let codes: Vec<&str> = ISO_639_1.split(' ').collect();
        assert!(codes.windows(2).all(|w| w[0] < w[1]), "ISO_639_1 must stay sorted for the binary search");
        assert!(codes.iter().all(|c| is_iso_639_1(c)));
        assert!(!is_iso_639_1("xx") && !is_iso_639_1("a") && !is_iso_639_1("zz") && !is_iso_639_1("aaa"));
    }
}
