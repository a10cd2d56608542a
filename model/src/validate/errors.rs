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

    /// `Ok` when there are no errors, else `Err(self)`.
    ///
    /// ```
    /// use dialogporten_model::validate::ValidationErrors;
    /// let mut errors = ValidationErrors::new();
    /// assert!(errors.clone().into_result().is_ok());
    /// errors.add("dto.progress", "'Progress' must be between 0 and 100. You entered 101.");
    /// assert!(errors.into_result().is_err());
    /// ```
    pub fn into_result(self) -> Result<(), Self> {
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
///
/// A chain of borrowed steps on the stack: the text is spelled out only when a
/// rule is broken, so checking a valid body formats no paths.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Path<'a> {
    /// The request body (`dto`), or a path of its own outside a body (a query parameter).
    Root(&'a str),
    /// A property of the path before it.
    Key(&'a Path<'a>, &'a str),
    /// An item of the list at the path before it.
    Index(&'a Path<'a>, usize),
}

impl<'a> Path<'a> {
    /// The request body itself.
    pub(crate) fn root() -> Self {
        Path::Root("dto")
    }

    /// A path of its own, outside a body (a query parameter).
    pub(crate) fn bare(name: &'a str) -> Self {
        Path::Root(name)
    }

    pub(crate) fn key<'b>(&'b self, key: &'b str) -> Path<'b> {
        Path::Key(self, key)
    }

    pub(crate) fn idx(&self, index: usize) -> Path<'_> {
        Path::Index(self, index)
    }

    /// The path as text: `dto.attachments[0].urls`.
    pub(crate) fn text(&self) -> String {
        let mut text = String::new();
        self.write(&mut text);
        text
    }

    fn write(&self, out: &mut String) {
        match self {
            Path::Root(name) => out.push_str(name),
            Path::Key(parent, key) => {
                parent.write(out);
                out.push('.');
                out.push_str(key);
            }
            Path::Index(parent, index) => {
                parent.write(out);
                out.push('[');
                out.push_str(&index.to_string());
                out.push(']');
            }
        }
    }

    /// The last property's name as upstream's messages print it: `'Urls'`.
    pub(crate) fn name(&self) -> String {
        match self {
            Path::Root(name) | Path::Key(_, name) => pascal(name),
            Path::Index(parent, _) => parent.name(),
        }
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
