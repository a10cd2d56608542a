//! Parties and actors: the four URN forms the service accepts, with their
//! check digits, stored lower-cased.

use super::checker::Checker;
use super::errors::Path;
use crate::enums::ActorType;
use crate::types::Actor;

/// Normalises a party URN as the service stores it (lower case), or `None` if
/// it is not one of the four accepted forms with a valid number.
///
/// ```
/// use dialogporten_model::validate::normalize_party;
/// assert_eq!(
///     normalize_party("urn:altinn:organization:identifier-no:991825827").as_deref(),
///     Some("urn:altinn:organization:identifier-no:991825827")
/// );
/// assert!(normalize_party("urn:altinn:organization:identifier-no:991825828").is_none()); // check digit
/// assert!(normalize_party("urn:altinn:person:identifier-no:08844397713").is_some());
/// ```
pub fn normalize_party(party: &str) -> Option<String> {
    let lower = party.trim().to_ascii_lowercase();
    let valid = if let Some(number) = lower.strip_prefix("urn:altinn:person:identifier-no:") {
        is_national_identity_number(number)
    } else if let Some(number) = lower.strip_prefix("urn:altinn:organization:identifier-no:") {
        is_organization_number(number)
    } else if let Some(user) = lower.strip_prefix("urn:altinn:person:legacy-selfidentified:") {
        !user.is_empty() && !user.chars().any(char::is_whitespace)
    } else if let Some(email) = lower.strip_prefix("urn:altinn:person:idporten-email:") {
        is_email(email)
    } else {
        false
    };
    valid.then_some(lower)
}

pub(crate) const PARTY_FORMAT: &str = "'Party' must be on format 'urn:altinn:organization:identifier-no:{norwegian org-nr}', 'urn:altinn:person:identifier-no:{norwegian f-nr/d-nr}', 'urn:altinn:person:legacy-selfidentified:{username}' or 'urn:altinn:person:idporten-email:{e-mail}' with valid values, respectively.";

/// A Norwegian organisation number: 9 digits with a modulus-11 check digit.
pub fn is_organization_number(number: &str) -> bool {
    mod11(number, &[3, 2, 7, 6, 5, 4, 3, 2])
}

/// A Norwegian national identity number (f-nr or d-nr): 11 digits with two
/// modulus-11 check digits.
pub fn is_national_identity_number(number: &str) -> bool {
    number.len() == 11
        && mod11(&number[..10], &[3, 7, 6, 1, 8, 9, 4, 5, 2])
        && mod11(number, &[5, 4, 3, 2, 7, 6, 5, 4, 3, 2])
}

fn mod11(digits: &str, weights: &[u32]) -> bool {
    if digits.len() != weights.len() + 1 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let values: Vec<u32> = digits.bytes().map(|b| u32::from(b - b'0')).collect();
    let sum: u32 = weights.iter().zip(&values).map(|(w, d)| w * d).sum();
    let check = match 11 - sum % 11 {
        11 => 0,
        10 => return false,
        c => c,
    };
    values.last() == Some(&check)
}

fn is_email(email: &str) -> bool {
    match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !email.contains(char::is_whitespace)
        }
        None => false,
    }
}

/// A dialog's `party`: required, within the contract's length, one of the
/// accepted forms; stored lower-cased.
pub(crate) fn check_party(c: &mut Checker, p: &Path, party: &mut String, max: crate::limits::Limit) {
    if party.is_empty() {
        c.not_empty(p);
        return;
    }
    c.max_length(p, party, max);
    match normalize_party(party) {
        Some(normalized) => *party = normalized,
        None => c.add(p, PARTY_FORMAT),
    }
}

/// Who performed an activity or sent a transmission.
pub(crate) fn check_actor(c: &mut Checker, p: &Path, actor: &mut Actor) {
    let has = |value: &Option<String>| value.as_deref().is_some_and(|s| !s.is_empty());
    let (has_id, has_name) = (has(&actor.actor_id), has(&actor.actor_name));
    match &actor.actor_type {
        ActorType::ServiceOwner if has_id || has_name => {
            c.add(p, "If 'ActorType' is 'ServiceOwner', 'ActorId' and 'ActorName' must not be set.")
        }
        ActorType::PartyRepresentative if has_id == has_name => {
            c.add(p, "If 'ActorType' is 'PartyRepresentative', exactly one of 'ActorId' and 'ActorName' must be set.")
        }
        ActorType::Unknown(value) => c.known(&p.key("actorType"), value, false),
        _ => {}
    }
    c.at_most(
        &p.key("actorName"),
        actor.actor_name.as_deref().unwrap_or_default(),
        Some(super::unstated_limits::ACTOR_NAME),
    );
    if let Some(id) = &mut actor.actor_id {
        match normalize_party(id) {
            Some(normalized) => *id = normalized,
            None => c.add(
                &p.key("actorId"),
                "'ActorId' must be a party URN ('urn:altinn:person:identifier-no:…' or 'urn:altinn:organization:identifier-no:…') with a valid number.",
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_digits_are_checked() {
        assert!(is_organization_number("991825827"));
        assert!(!is_organization_number("991825828"));
        assert!(!is_organization_number("99182582"));
        assert!(is_national_identity_number("08844397713"));
        assert!(!is_national_identity_number("08844397714"));
        assert!(normalize_party("urn:altinn:person:idporten-email:kari@example.no").is_some());
        assert!(normalize_party("urn:altinn:person:legacy-selfidentified:kari").is_some());
        assert!(normalize_party("urn:altinn:person:idporten-email:kari").is_none());
    }
}
