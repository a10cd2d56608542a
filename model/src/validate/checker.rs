//! The checks every concept shares: empty, length, range, known enum value,
//! client-chosen id, unique ids. Messages are upstream's FluentValidation texts.

use std::collections::HashSet;

use uuid::Uuid;

use super::errors::{Path, ValidationErrors};
use super::rules::Rules;
use crate::ids;
use crate::limits::Limit;

/// Collects errors for one body under one set of [`Rules`].
pub(crate) struct Checker<'r> {
    pub(crate) errors: ValidationErrors,
    pub(crate) rules: &'r Rules,
}

impl<'r> Checker<'r> {
    pub(crate) fn new(rules: &'r Rules) -> Self {
        Self { errors: ValidationErrors::new(), rules }
    }

    pub(crate) fn add(&mut self, p: &Path, message: impl Into<String>) {
        self.errors.add(p.text(), message);
    }

    pub(crate) fn finish(self) -> Result<(), ValidationErrors> {
        self.errors.into_result()
    }

    pub(crate) fn not_empty(&mut self, p: &Path) {
        self.add(p, format!("'{}' must not be empty.", p.name()));
    }

    /// Upstream's `MaximumLength` message, for `limit.max_length`.
    pub(crate) fn max_length(&mut self, p: &Path, value: &str, limit: Limit) {
        self.at_most(p, value, limit.max_length);
    }

    /// The same message for a limit the contract does not state.
    pub(crate) fn at_most(&mut self, p: &Path, value: &str, max: Option<usize>) {
        let Some(max) = max else { return };
        let n = value.chars().count();
        if n > max {
            self.add(
                p,
                format!("The length of '{}' must be {max} characters or fewer. You entered {n} characters.", p.name()),
            );
        }
    }

    /// Upstream's `Length(min, max)` message, for both ends of `limit`.
    pub(crate) fn length_between(&mut self, p: &Path, value: &str, limit: Limit) {
        let n = value.chars().count();
        let min = limit.min_length.unwrap_or(0);
        let Some(max) = limit.max_length else { return };
        if n < min || n > max {
            self.add(
                p,
                format!(
                    "The length of '{}' must be between {min} and {max} characters. You entered {n} characters.",
                    p.name()
                ),
            );
        }
    }

    /// An open enum's value must be one this version knows (the service's own
    /// set); an empty one is reported as missing.
    pub(crate) fn known(&mut self, p: &Path, value: &str, is_known: bool) {
        if value.is_empty() {
            self.not_empty(p);
        } else if !is_known {
            self.add(p, format!("'{}' has a range of values which does not include '{value}'.", p.name()));
        }
    }

    /// A caller-chosen id must be a UUIDv7 whose time is not in the future.
    /// Returns the id when it is acceptable.
    pub(crate) fn client_id(&mut self, p: &Path, id: Option<Uuid>) -> Option<Uuid> {
        let id = id?;
        if ids::is_valid_client_id(id, self.rules.now) {
            Some(id)
        } else {
            // Upstream's two messages (FluentValidationUuiDv7Extensions): not a UUIDv7 at all, or one from the future.
            let message = match ids::v7_time(id) {
                None => format!("Invalid Id. Expected big endian UUIDv7 format. Got '{id}'."),
                Some(at) => format!(
                    "Invalid Id. Expected the unix timestamp portion of the UUIDv7 to be in the past. \
                     Extrapolated '{}' from '{id}'.",
                    at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
                ),
            };
            self.add(&p.key("id"), message);
            None
        }
    }

    /// Ids given for the items of one list must differ (upstream's `UniqueBy(x => x.Id)`).
    pub(crate) fn unique_ids(&mut self, p: &Path, ids: impl IntoIterator<Item = Option<Uuid>>) {
        let ids: Vec<Uuid> = ids.into_iter().flatten().collect();
        // Spelled out only when one repeats.
        if ids.iter().enumerate().any(|(i, id)| ids[..i].contains(id)) {
            self.unique_by(p, ids.iter().map(Uuid::to_string), false);
        }
    }

    /// Upstream's `UniqueBy`: one message naming every key given more than once
    /// (as first given; `ignore_case` compares without regard to case).
    pub(crate) fn unique_by<K: AsRef<str>>(&mut self, p: &Path, keys: impl IntoIterator<Item = K>, ignore_case: bool) {
        let keys: Vec<K> = keys.into_iter().collect();
        if keys.len() < 2 {
            return;
        }
        let mut seen: HashSet<String> = HashSet::new();
        let mut first: Vec<(String, &str)> = Vec::new();
        let mut duplicated: Vec<&str> = Vec::new();
        for key in &keys {
            let key = key.as_ref();
            let folded = if ignore_case { key.to_lowercase() } else { key.to_owned() };
            if seen.insert(folded.clone()) {
                first.push((folded, key));
            } else if let Some((_, original)) = first.iter().find(|(f, _)| *f == folded)
                && !duplicated.contains(original)
            {
                duplicated.push(original);
            }
        }
        if !duplicated.is_empty() {
            self.add(p, format!("Can not contain duplicate items: [{}].", duplicated.join(",")));
        }
    }
}

/// A limit the contract must state: compilation fails if openapi.json drops it.
pub(crate) const fn stated(value: Option<usize>) -> usize {
    match value {
        Some(n) => n,
        None => panic!("openapi.json no longer states a limit the rules depend on"),
    }
}
