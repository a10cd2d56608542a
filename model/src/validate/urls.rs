//! URIs, HTTPS URLs and authorization attributes.

use super::checker::Checker;
use super::errors::Path;
use crate::limits::Limit;

/// A URI as .NET's `Uri.IsWellFormedUriString` would take it: nothing a URI cannot hold unescaped.
pub(crate) fn is_uri(value: &str) -> bool {
    !value.is_empty() && !value.chars().any(|c| c.is_whitespace() || c.is_control() || "<>\"{}|\\^`".contains(c))
}

/// The `process` filter of a dialog search: a well-formed URI within the
/// length a dialog's `process` may have (upstream: `SearchDialogQueryValidator`).
///
/// ```
/// use dialogporten_model::validate::search_process;
/// assert!(search_process("urn:altinn:process:42").is_ok());
/// assert!(search_process("not a uri").unwrap_err().get("process").is_some());
/// ```
pub fn search_process(value: &str) -> Result<(), super::ValidationErrors> {
    let rules = super::Rules::now();
    let mut c = Checker::new(&rules);
    check_uri_text(&mut c, &Path::bare("process"), Some(value), crate::limits::create_dialog::PROCESS);
    c.finish()
}

/// An absolute `https://` URL with a host.
pub(crate) fn is_https_url(value: &str) -> bool {
    let lower = value.get(..8).map(str::to_ascii_lowercase);
    lower.as_deref() == Some("https://")
        && value[8..].chars().next().is_some_and(|c| c.is_alphanumeric() || c == '[')
        && is_uri(value)
}

/// An optional URI member upstream types as `Uri` (`extendedType`,
/// `documentationUrl`, the schemas): within its limit and well formed
/// (`FluentValidationUriExtensions.IsValidUri`, "well formatted").
pub(crate) fn check_uri(c: &mut Checker, p: &Path, value: Option<&str>, limit: Limit) {
    let Some(value) = value else { return };
    c.max_length(p, value, limit);
    if !is_uri(value) {
        c.add(p, format!("'{}' is not a well formatted URI.", p.name()));
    }
}

/// An optional URI member upstream types as `string` (`process`,
/// `precedingProcess`): within its limit and well formed
/// (`FluentValidationStringExtensions.IsValidUri`, "well-formatted").
pub(crate) fn check_uri_text(c: &mut Checker, p: &Path, value: Option<&str>, limit: Limit) {
    let Some(value) = value else { return };
    c.max_length(p, value, limit);
    if !is_uri(value) {
        c.add(p, format!("'{}' is not a well-formatted URI.", p.name()));
    }
}

/// A required `Uri` member of any scheme and length (`NotEmpty`, `IsValidUri`).
pub(crate) fn check_required_uri(c: &mut Checker, p: &Path, value: &str) {
    if value.is_empty() {
        c.not_empty(p);
    } else if !is_uri(value) {
        c.add(p, format!("'{}' is not a well formatted URI.", p.name()));
    }
}

/// A required HTTPS URL (`url` of actions, attachments and endpoints; `IsValidHttpsUrl`).
pub(crate) fn check_https_url(c: &mut Checker, p: &Path, value: &str, limit: Limit) {
    if value.is_empty() {
        c.not_empty(p);
        return;
    }
    c.max_length(p, value, limit);
    let local = c.rules.loopback_http && is_loopback_http_url(value);
    if !(is_https_url(value) || local) {
        c.add(p, format!("'{}' is not a well-formatted HTTPS URL.", p.name()));
    }
}

/// An `http://` URL to a loopback host: a service on the same machine.
pub(crate) fn is_loopback_http_url(value: &str) -> bool {
    let Some(rest) = value.get(..7).filter(|s| s.eq_ignore_ascii_case("http://")).map(|_| &value[7..]) else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = host
        .rsplit_once(':')
        .filter(|(h, port)| !h.is_empty() && port.bytes().all(|b| b.is_ascii_digit()))
        .map_or(host, |(h, _)| h);
    matches!(host.to_ascii_lowercase().as_str(), "127.0.0.1" | "localhost" | "[::1]") && is_uri(value)
}

/// `[a-z][a-z0-9_-]*`, optionally behind `urn:altinn:{segment}:`, case-insensitive
/// (the contract's `authorizationAttribute` pattern).
pub(crate) fn is_authorization_attribute(value: &str) -> bool {
    fn ident(s: &str) -> bool {
        let mut chars = s.chars();
        chars.next().is_some_and(|c| c.is_ascii_lowercase())
            && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
    }
    let lower = value.to_ascii_lowercase();
    match lower.strip_prefix("urn:altinn:") {
        Some(rest) => rest.split_once(':').is_some_and(|(segment, name)| ident(segment) && ident(name)),
        None => ident(&lower),
    }
}

/// An `authorizationAttribute` at `p` (the attribute's own path).
pub(crate) fn check_authorization_attribute_at(c: &mut Checker, p: &Path, value: &str, limit: Limit) {
    c.max_length(p, value, limit);
    if !is_authorization_attribute(value) {
        c.add(
            p,
            "'AuthorizationAttribute' must be a name like 'element1' or a URN like 'urn:altinn:resource:some-resource'.",
        );
    }
}
