//! `Accept-Language` as Dialogporten reads it, and the choice of one
//! localization from a list, as upstream's `PruneLocalizations` makes it.

/// One language and its weight (0–100).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AcceptedLanguage {
    /// The neutral language code (`en-US` → `en`).
    pub code: String,
    /// `q` × 100; 100 when the header gives none.
    pub weight: u8,
}

/// The languages of an `Accept-Language` header, each once with its highest weight.
///
/// ```
/// use dialogporten_model::accepted_languages::AcceptedLanguages;
/// let accepted = AcceptedLanguages::parse("en-US;q=0.5, nb").unwrap();
/// let titles = ["en", "nn", "nb"];
/// assert_eq!(accepted.preferred(titles.iter().copied()), Some(2));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AcceptedLanguages(Vec<AcceptedLanguage>);

impl AcceptedLanguages {
    /// Parses a header value; `None` when a weight is malformed (the service
    /// then prunes nothing). Empty entries are skipped.
    pub fn parse(header: &str) -> Option<Self> {
        let mut languages: Vec<AcceptedLanguage> = Vec::new();
        for entry in header.split(',') {
            let mut parts = entry.split(';');
            let code = parts.next().unwrap_or_default();
            let weight = match parts.next() {
                None => 100,
                Some(q) => {
                    let (name, value) = q.split_once('=')?;
                    if name.trim() != "q" {
                        return None;
                    }
                    let q: f32 = value.trim().parse().ok()?;
                    if !(0.0..=1.0).contains(&q) {
                        return None;
                    }
                    // Truncated as upstream casts it: 0.2 → 20.
                    (q * 100.0) as u8
                }
            };
            let code = code.trim().replace('_', "-").to_lowercase();
            let code = code.split('-').next().unwrap_or_default();
            if code.is_empty() {
                continue;
            }
            match languages.iter_mut().find(|l| l.code == code) {
                Some(known) => known.weight = known.weight.max(weight),
                None => languages.push(AcceptedLanguage { code: code.to_owned(), weight }),
            }
        }
        Some(Self(languages))
    }

    /// The languages, in header order.
    pub fn languages(&self) -> &[AcceptedLanguage] {
        &self.0
    }

    /// Which of `codes` to keep: the heaviest accepted language present, then
    /// English and Norwegian Bokmål (Bokmål first for Danish or Swedish
    /// readers). `None` when nothing is accepted or nothing matches: keep all.
    pub fn preferred<'a>(&self, codes: impl Iterator<Item = &'a str> + Clone) -> Option<usize> {
        if self.0.is_empty() {
            return None;
        }
        let mut ranked: Vec<&AcceptedLanguage> = self.0.iter().collect();
        ranked.sort_by_key(|l| std::cmp::Reverse(l.weight));
        let scandinavian = self.0.iter().any(|l| l.code == "sv" || l.code == "da");
        let fallback: [&str; 2] = if scandinavian { ["nb", "en"] } else { ["en", "nb"] };
        ranked
            .iter()
            .map(|l| l.code.as_str())
            .chain(fallback)
            .find_map(|wanted| codes.clone().position(|code| code == wanted))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// LocalizationExtensions.PruneLocalizations: the heaviest language present wins, then en, then nb.
    #[test]
    fn the_heaviest_present_language_is_kept() {
        let codes = ["nb", "nn", "en"];
        let pick = |header: &str| AcceptedLanguages::parse(header).and_then(|a| a.preferred(codes.iter().copied()));
        assert_eq!(pick("nn"), Some(1));
        assert_eq!(pick("en;q=0.3, nn;q=0.9"), Some(1));
        assert_eq!(pick("de"), Some(2), "English first for others");
        assert_eq!(pick("sv"), Some(0), "Bokmål first for Swedish readers");
        assert_eq!(pick("nn-NO, nn_NO;q=0.1"), Some(1));
        assert_eq!(pick(""), None);
        assert_eq!(pick("nb;x=1"), None, "a malformed weight prunes nothing");
        assert_eq!(AcceptedLanguages::parse("fr").unwrap().preferred(["de"].iter().copied()), None);
    }
}
