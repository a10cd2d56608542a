//! Reading request bodies the way Dialogporten binds them.
//!
//! The real service matches property names without regard to case (the
//! upstream k6 payloads send `Title` and `endPoints`), and enum values too
//! (the open enums in [`crate::enums`] handle those). The generated types
//! expect exact camelCase and reject unknown properties, so [`from_value`]
//! renames each property to the field it matches before the types see it, and
//! reports any error with the path of the offending field
//! (`attachments[0].urls`).
//!
//! ```
//! use dialogporten_model::input;
//! use dialogporten_model::types::CreateDialog;
//! let body = serde_json::json!({
//!     "ServiceResource": "urn:altinn:resource:demo",
//!     "party": "urn:altinn:organization:identifier-no:991825827",
//!     "content": {"Title": {"value": [{"languageCode": "nb", "value": "Hei"}]}},
//!     "status": "notApplicable"
//! });
//! let dialog: CreateDialog = input::from_value(body).unwrap();
//! assert_eq!(dialog.service_resource, "urn:altinn:resource:demo");
//!
//! let bad = serde_json::json!({"serviceResource": "x", "party": "y", "attachments": [{"urls": "nope"}]});
//! let err = input::from_value::<CreateDialog>(bad).unwrap_err();
//! assert_eq!(err.path(), "attachments[0].urls");
//! ```

use std::cell::RefCell;
use std::fmt;

use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// A body that does not fit the contract, with where and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    path: String,
    message: String,
}

impl InputError {
    /// The property path (`content.title.value[0].languageCode`); empty for the whole body.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What is wrong there.
    pub fn message(&self) -> &str {
        &self.message
    }

    fn under(mut self, parent: &str) -> Self {
        if self.path.is_empty() {
            self.path = parent.to_owned();
        } else if !parent.is_empty() {
            let joiner = if self.path.starts_with('[') { "" } else { "." };
            self.path = format!("{parent}{joiner}{}", self.path);
        }
        self
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() { f.write_str(&self.message) } else { write!(f, "{}: {}", self.path, self.message) }
    }
}

impl std::error::Error for InputError {}

impl de::Error for InputError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        InputError { path: String::new(), message: message.to_string() }
    }

    fn missing_field(field: &'static str) -> Self {
        InputError { path: field.to_owned(), message: "is required".into() }
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        InputError {
            path: field.to_owned(),
            message: format!("is not a known property (known: {})", expected.join(", ")),
        }
    }

    fn invalid_type(unexpected: de::Unexpected<'_>, expected: &dyn de::Expected) -> Self {
        InputError {
            path: String::new(),
            message: format!("expected {}, found {}", expected_in_json(expected), found(unexpected)),
        }
    }

    fn invalid_value(unexpected: de::Unexpected<'_>, expected: &dyn de::Expected) -> Self {
        InputError {
            path: String::new(),
            message: format!("expected {}, found {}", expected_in_json(expected), found(unexpected)),
        }
    }

    fn invalid_length(length: usize, expected: &dyn de::Expected) -> Self {
        InputError {
            path: String::new(),
            message: format!("expected {}, found {length} items", expected_in_json(expected)),
        }
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        InputError { path: String::new(), message: format!("'{variant}' is not one of: {}", expected.join(", ")) }
    }

    fn duplicate_field(field: &'static str) -> Self {
        InputError { path: field.to_owned(), message: "is given twice".into() }
    }
}

/// Reads `value` into `T`, matching property names without regard to case.
pub fn from_value<T: DeserializeOwned>(value: Value) -> Result<T, InputError> {
    from_ref(&value)
}

/// Reads `T` out of a borrowed `value` like [`from_value`], leaving `value` as it was.
pub fn from_ref<T: DeserializeOwned>(value: &Value) -> Result<T, InputError> {
    T::deserialize(Node::root(value, Unknown::Reject))
}

/// Reads `value` into `T` like [`from_value`], but drops properties `T` does
/// not have instead of rejecting them: for projecting a richer document (a
/// `Dialog`) onto a narrower shape (the `UpdateDialog` it can be edited as).
pub fn project<T: DeserializeOwned>(value: Value) -> Result<T, InputError> {
    T::deserialize(Node::root(&value, Unknown::Drop))
}

/// Reads `T` out of `value` as the service binds a request body: names
/// matched without regard to case, and properties `T` does not have ignored
/// (as ASP.NET Core's JSON binding does). Returns the paths of the ignored
/// ones too (`attachments[0].urls[0].colour`), for a warning.
///
/// ```
/// use dialogporten_model::input;
/// use dialogporten_model::types::CreateServiceOwnerLabel;
/// let (label, ignored) =
///     input::from_ref_ignoring::<CreateServiceOwnerLabel>(&serde_json::json!({"Value": "x", "colour": "red"})).unwrap();
/// assert_eq!(label.value, "x");
/// assert_eq!(ignored, ["colour"]);
/// ```
pub fn from_ref_ignoring<T: DeserializeOwned>(value: &Value) -> Result<(T, Vec<String>), InputError> {
    let ignored = RefCell::new(Vec::new());
    let typed = T::deserialize(Node::root(value, Unknown::Report(&ignored)))?;
    Ok((typed, ignored.into_inner()))
}

/// Parses JSON text into `T` like [`from_value`]; syntax errors name the line and column.
pub fn from_slice<T: DeserializeOwned>(json: &[u8]) -> Result<T, InputError> {
    let value: Value = serde_json::from_slice(json)
        .map_err(|e| InputError { path: String::new(), message: format!("not valid JSON: {e}") })?;
    from_value(value)
}

/// What to do with a property the target type does not have.
#[derive(Clone, Copy)]
enum Unknown<'a> {
    Reject,
    Drop,
    /// Leave it out and note its path.
    Report(&'a RefCell<Vec<String>>),
}

/// One step of the path to a node: a property or an item.
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// Where a node is, as a chain of steps on the stack: the path is spelled
/// out only when an ignored property needs it.
struct Frame<'a> {
    parent: Option<&'a Frame<'a>>,
    step: Step<'a>,
}

fn path_of(frame: Option<&Frame<'_>>, key: &str) -> String {
    let mut steps = Vec::new();
    let mut current = frame;
    while let Some(frame) = current {
        steps.push(&frame.step);
        current = frame.parent;
    }
    let mut path = String::new();
    for step in steps.into_iter().rev() {
        match step {
            Step::Key(k) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
            }
            Step::Index(i) => path.push_str(&format!("[{i}]")),
        }
    }
    if !path.is_empty() {
        path.push('.');
    }
    path.push_str(key);
    path
}

/// A borrowed JSON node: reading a body into its type copies only the strings the type keeps.
struct Node<'a> {
    value: &'a Value,
    unknown: Unknown<'a>,
    at: Option<&'a Frame<'a>>,
}

impl<'a> Node<'a> {
    fn root(value: &'a Value, unknown: Unknown<'a>) -> Self {
        Node { value, unknown, at: None }
    }

    fn with(&self, value: &'a Value) -> Self {
        Node { value, unknown: self.unknown, at: self.at }
    }
}

impl<'de> de::Deserializer<'de> for Node<'_> {
    type Error = InputError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, InputError> {
        match self.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => {
                if let Some(u) = n.as_u64() {
                    visitor.visit_u64(u)
                } else if let Some(i) = n.as_i64() {
                    visitor.visit_i64(i)
                } else {
                    visitor.visit_f64(n.as_f64().unwrap_or(f64::NAN))
                }
            }
            Value::String(s) => visitor.visit_str(s),
            Value::Array(items) => {
                visitor.visit_seq(Items { items: items.iter(), index: 0, unknown: self.unknown, at: self.at })
            }
            Value::Object(map) => visitor.visit_map(Fields::new(map, None, self.unknown, self.at)),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, InputError> {
        match self.value {
            Value::Null => visitor.visit_none(),
            other => visitor.visit_some(self.with(other)),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, InputError> {
        match self.value {
            Value::Object(map) => {
                // The contract's request schemas do not forbid other members (the service ignores
                // them), so the types do not either: rejecting one is this reader's choice.
                if matches!(self.unknown, Unknown::Reject)
                    && let Some(key) = map.keys().find(|key| !fields.iter().any(|f| f.eq_ignore_ascii_case(key)))
                {
                    return Err(<InputError as de::Error>::unknown_field(key, fields));
                }
                visitor.visit_map(Fields::new(map, Some(fields), self.unknown, self.at))
            }
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, InputError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, InputError> {
        // Enum values are short strings: cloning one is cheaper than a second code path.
        self.value.clone().deserialize_enum(name, variants, visitor).map_err(de::Error::custom)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map identifier ignored_any
    }
}

struct Items<'a> {
    items: std::slice::Iter<'a, Value>,
    index: usize,
    unknown: Unknown<'a>,
    at: Option<&'a Frame<'a>>,
}

impl<'de> SeqAccess<'de> for Items<'_> {
    type Error = InputError;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, InputError> {
        let Some(item) = self.items.next() else {
            return Ok(None);
        };
        let index = self.index;
        self.index += 1;
        let frame = Frame { parent: self.at, step: Step::Index(index) };
        seed.deserialize(Node { value: item, unknown: self.unknown, at: Some(&frame) })
            .map(Some)
            .map_err(|e| e.under(&format!("[{index}]")))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

/// An object's members. For a struct, each key that matches a field without
/// regard to case is given the field's spelling (when two keys spell one field,
/// the later wins, as it would in a map); with `Unknown::Drop`, keys that match
/// no field are left out.
struct Fields<'a> {
    entries: std::vec::IntoIter<(&'a str, &'a Value)>,
    pending: Option<(&'a str, &'a Value)>,
    unknown: Unknown<'a>,
    at: Option<&'a Frame<'a>>,
}

impl<'a> Fields<'a> {
    fn new(
        map: &'a Map<String, Value>,
        fields: Option<&'static [&'static str]>,
        unknown: Unknown<'a>,
        at: Option<&'a Frame<'a>>,
    ) -> Self {
        let mut entries: Vec<(&'a str, &'a Value)> = Vec::with_capacity(map.len());
        for (key, value) in map {
            let name: &'a str = match fields.and_then(|fields| fields.iter().find(|f| f.eq_ignore_ascii_case(key))) {
                Some(field) => field,
                None if fields.is_some() && matches!(unknown, Unknown::Drop) => continue,
                None if fields.is_some() && matches!(unknown, Unknown::Report(_)) => {
                    if let Unknown::Report(ignored) = unknown {
                        ignored.borrow_mut().push(path_of(at, key));
                    }
                    continue;
                }
                None => key,
            };
            match entries.iter_mut().find(|(seen, _)| *seen == name) {
                Some(entry) => entry.1 = value,
                None => entries.push((name, value)),
            }
        }
        Self { entries: entries.into_iter(), pending: None, unknown, at }
    }
}

impl<'de> MapAccess<'de> for Fields<'_> {
    type Error = InputError;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, InputError> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        let parsed = seed.deserialize(key.into_deserializer()).map_err(|e: InputError| e.under(""))?;
        self.pending = Some((key, value));
        Ok(Some(parsed))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, InputError> {
        let Some((key, value)) = self.pending.take() else {
            return Err(de::Error::custom("a value was asked for before its key"));
        };
        let frame = Frame { parent: self.at, step: Step::Key(key) };
        seed.deserialize(Node { value, unknown: self.unknown, at: Some(&frame) }).map_err(|e| e.under(key))
    }
}

/// What a value should have been, in JSON's terms, not Rust's: "an object", not "struct CreateDialog".
fn expected_in_json(expected: &dyn de::Expected) -> String {
    let expected = expected.to_string();
    match expected.as_str() {
        e if e.starts_with("struct ") || e == "a map" => "an object".to_owned(),
        "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" => "a whole number".to_owned(),
        "f32" | "f64" => "a number".to_owned(),
        "a sequence" => "a list".to_owned(),
        e if e.starts_with("tuple") || e.starts_with("an array of length") => "a list".to_owned(),
        "a boolean" | "a string" | "a character" => expected,
        e if e.starts_with("a ") || e.starts_with("an ") || e.starts_with("one of") => expected.replace('`', "'"),
        _ => "a value of another type".to_owned(),
    }
}

/// What was sent, in JSON's terms: "null", "a list", "the number 42", "the text \"x\"".
fn found(unexpected: de::Unexpected<'_>) -> String {
    match unexpected {
        de::Unexpected::Unit => "null".to_owned(),
        de::Unexpected::Map => "an object".to_owned(),
        de::Unexpected::Seq => "a list".to_owned(),
        de::Unexpected::Str(text) => format!("the text \"{text}\""),
        de::Unexpected::Char(c) => format!("the text \"{c}\""),
        de::Unexpected::Bool(b) => b.to_string(),
        de::Unexpected::Unsigned(n) => format!("the number {n}"),
        de::Unexpected::Signed(n) => format!("the number {n}"),
        de::Unexpected::Float(n) => format!("the number {n}"),
        _ => "a value of another type".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{CreateDialog, JsonPatchOperation};
    use serde_json::json;

    fn minimal() -> Value {
        json!({"serviceResource": "urn:altinn:resource:r", "party": "urn:altinn:person:identifier-no:08844397713"})
    }

    #[test]
    fn missing_required_fields_are_named() {
        let err = from_value::<CreateDialog>(json!({"party": "p"})).unwrap_err();
        assert_eq!(err.path(), "serviceResource");
        assert_eq!(err.message(), "is required");
    }

    #[test]
    fn unknown_properties_are_named_with_their_path() {
        let mut body = minimal();
        body["attachments"] =
            json!([{"urls": [{"url": "https://a.no/x.pdf", "consumerType": "Gui", "colour": "red"}]}]);
        let err = from_value::<CreateDialog>(body).unwrap_err();
        assert_eq!(err.path(), "attachments[0].urls[0].colour");
        assert!(err.message().starts_with("is not a known property"), "{err}");
    }

    #[test]
    fn wrong_types_are_named_with_their_path() {
        let mut body = minimal();
        body["progress"] = json!("half");
        let err = from_value::<CreateDialog>(body).unwrap_err();
        assert_eq!(err.to_string(), "progress: expected a whole number, found the text \"half\"");
        let err = from_value::<Vec<JsonPatchOperation>>(
            json!([{"op": "replace", "path": "/x"}, {"op": "frobnicate", "path": "/y"}]),
        )
        .unwrap_err();
        assert_eq!(err.path(), "[1].op");
    }

    #[test]
    fn projection_drops_what_the_target_lacks() {
        let doc = json!({"value": "x", "isAuthorized": true, "extra": {"deep": 1}});
        let label: crate::types::CreateServiceOwnerLabel = project(doc.clone()).unwrap();
        assert_eq!(label.value, "x");
        assert!(from_value::<crate::types::CreateServiceOwnerLabel>(doc).is_err());
    }

    #[test]
    fn ignored_properties_are_reported_with_their_path() {
        let mut body = minimal();
        body["accepts"] = json!(["x"]);
        body["attachments"] =
            json!([{"urls": [{"url": "https://a.no/x.pdf", "consumerType": "Gui", "colour": "red"}], "Id": null}]);
        let (dialog, ignored) = from_ref_ignoring::<CreateDialog>(&body).unwrap();
        assert_eq!(dialog.attachments.unwrap()[0].urls[0].url, "https://a.no/x.pdf");
        assert_eq!(ignored, ["accepts", "attachments[0].urls[0].colour"]);
    }

    #[test]
    fn property_names_match_without_case() {
        let mut body = minimal();
        body["GUIACTIONS"] = json!([{"Action": "read", "URL": "https://example.no", "priority": "primary", "title": [{"languageCode": "nb", "value": "Les"}]}]);
        let dialog = from_value::<CreateDialog>(body).unwrap();
        let actions = dialog.gui_actions.unwrap();
        assert_eq!(actions[0].url, "https://example.no");
        assert_eq!(actions[0].priority, crate::enums::DialogGuiActionPriority::Primary);
    }

    #[test]
    fn two_spellings_of_one_property_bind_as_the_later_one() {
        let mut body = minimal();
        body["ExternalReference"] = json!("first");
        body["externalReference"] = json!("second");
        let dialog = from_value::<CreateDialog>(body).unwrap();
        assert_eq!(dialog.external_reference.as_deref(), Some("second"));
    }
}
