//! What a body got wrong, keyed by property path as the service keys it.

use std::collections::BTreeMap;
use std::fmt;

/// Every rule a body breaks, keyed by property path as the service keys them
/// (`dto.attachments[0].urls`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ValidationErrors {
    errors: BTreeMap<String, Vec<String>>,
}

impl ValidationErrors {
    /// No errors yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records `message` for `path`.
    pub fn add(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.errors.entry(path.into()).or_default().push(message.into());
    }

    /// True when the body broke no rule.
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// The messages for one path.
    pub fn get(&self, path: &str) -> Option<&[String]> {
        self.errors.get(path).map(Vec::as_slice)
    }

    /// Every path with its messages, ordered by path.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[String])> {
        self.errors.iter().map(|(k, v)| (k.as_str(), v.as_slice()))
    }

    /// The map the service sends as `errors`.
    pub fn into_map(self) -> BTreeMap<String, Vec<String>> {
        self.errors
    }

    /// Adds every error of `other`.
    pub fn extend(&mut self, other: ValidationErrors) {
        for (path, messages) in other.errors {
            self.errors.entry(path).or_default().extend(messages);
        }
    }

    pub(crate) fn into_result(self) -> Result<(), Self> {
        if self.is_empty() { Ok(()) } else { Err(self) }
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for (path, messages) in &self.errors {
            for message in messages {
                if !first {
                    f.write_str("\n")?;
                }
                first = false;
                write!(f, "{path}: {message}")?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for ValidationErrors {}

/// A property path as the service prints it: `dto.attachments[0].urls`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Path(String);

impl Path {
    /// The request body itself.
    pub(crate) fn root() -> Self {
        Path("dto".into())
    }

    /// A path of its own, outside a body (a query parameter).
    pub(crate) fn bare(name: &str) -> Self {
        Path(name.to_owned())
    }

    pub(crate) fn key(&self, key: &str) -> Path {
        Path(format!("{}.{key}", self.0))
    }

    pub(crate) fn idx(&self, index: usize) -> Path {
        Path(format!("{}[{index}]", self.0))
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    /// The last property's name as upstream's messages print it: `'Urls'`.
    pub(crate) fn name(&self) -> String {
        pascal(self.0.rsplit('.').next().unwrap_or(&self.0))
    }
}

/// `dueAt` → `DueAt`, as upstream's messages name a property.
pub(crate) fn pascal(name: &str) -> String {
    let name = name.split('[').next().unwrap_or(name);
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
