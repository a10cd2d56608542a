//! Binding a body straight from its text when every member in it, at any depth, is one the type
//! has under that exact name: the fast path of a bulk import, where most bodies are written by a
//! program in the contract's own names. Anything else (a member in another case, one the type
//! does not have) is left to [`super::bind`], which matches, fills and reports.
//!
//! The derived `Deserialize` of a struct skips a member it does not know by asking for it as
//! [`serde::de::IgnoredAny`]; the wrapper below sees that request at any depth and remembers it.
//! It keeps no path and no key (serde_ignored captures every key as a `String` to name the
//! member; this path only needs to know *whether*), so a body costs what serde_json alone costs.
//! Like any wrapper of a deserializer it cannot see into untagged or flattened parts, which
//! serde buffers first; the contract's types have none (a test in this module keeps it so).

use std::cell::Cell;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor,
};

/// `T` bound from `text` if the text is one JSON value whose members `T` all has, under the
/// exact names; `None` if anything would be dropped, or the text does not bind.
///
/// ```
/// use dialogporten_model::types::CreateServiceOwnerLabel;
/// use dialogporten_model::validate::bind_exact;
/// assert!(bind_exact::<CreateServiceOwnerLabel>(r#"{"value": "abc"}"#).is_some());
/// assert!(bind_exact::<CreateServiceOwnerLabel>(r#"{"Value": "abc"}"#).is_none()); // another case
/// assert!(bind_exact::<CreateServiceOwnerLabel>(r#"{"value": "abc", "colour": 1}"#).is_none());
/// ```
pub fn bind_exact<T: DeserializeOwned>(text: &str) -> Option<T> {
    let dropped = Cell::new(false);
    let mut json = serde_json::Deserializer::from_str(text);
    let bound = T::deserialize(Strict { inner: &mut json, dropped: &dropped }).ok()?;
    json.end().ok()?;
    (!dropped.get()).then_some(bound)
}

/// A deserializer that notes a member skipped anywhere below it.
struct Strict<'f, D> {
    inner: D,
    dropped: &'f Cell<bool>,
}

/// A seed, visitor or access whose deserializers are [`Strict`].
struct Watch<'f, X> {
    inner: X,
    dropped: &'f Cell<bool>,
}

impl<'f, D> Strict<'f, D> {
    fn watch<X>(&self, inner: X) -> Watch<'f, X> {
        Watch { inner, dropped: self.dropped }
    }
}

impl<'f, X> Watch<'f, X> {
    fn strict<D>(&self, inner: D) -> Strict<'f, D> {
        Strict { inner, dropped: self.dropped }
    }

    fn watch<Y>(&self, inner: Y) -> Watch<'f, Y> {
        Watch { inner, dropped: self.dropped }
    }
}

/// Forwards `deserialize_*` methods that take only a visitor.
macro_rules! forward_deserialize {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
            let visitor = self.watch(visitor);
            self.inner.$method(visitor)
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Strict<'_, D> {
    type Error = D::Error;

    forward_deserialize! {
        deserialize_any deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128
        deserialize_f32 deserialize_f64 deserialize_char deserialize_str deserialize_string
        deserialize_bytes deserialize_byte_buf deserialize_option deserialize_unit deserialize_seq
        deserialize_map deserialize_identifier
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.dropped.set(true);
        self.inner.deserialize_ignored_any(visitor)
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value, D::Error> {
        let visitor = self.watch(visitor);
        self.inner.deserialize_unit_struct(name, visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value, D::Error> {
        let visitor = self.watch(visitor);
        self.inner.deserialize_newtype_struct(name, visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, D::Error> {
        let visitor = self.watch(visitor);
        self.inner.deserialize_tuple(len, visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let visitor = self.watch(visitor);
        self.inner.deserialize_tuple_struct(name, len, visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let visitor = self.watch(visitor);
        self.inner.deserialize_struct(name, fields, visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let visitor = self.watch(visitor);
        self.inner.deserialize_enum(name, variants, visitor)
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Watch<'_, S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<S::Value, D::Error> {
        let deserializer = self.strict(deserializer);
        self.inner.deserialize(deserializer)
    }
}

/// Forwards `visit_*` methods that take a plain value.
macro_rules! forward_visit {
    ($($method:ident($ty:ty))*) => {$(
        fn $method<E: de::Error>(self, value: $ty) -> Result<V::Value, E> {
            self.inner.$method(value)
        }
    )*};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Watch<'_, V> {
    type Value = V::Value;

    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        self.inner.expecting(formatter)
    }

    forward_visit! {
        visit_bool(bool) visit_i8(i8) visit_i16(i16) visit_i32(i32) visit_i64(i64) visit_i128(i128)
        visit_u8(u8) visit_u16(u16) visit_u32(u32) visit_u64(u64) visit_u128(u128) visit_f32(f32)
        visit_f64(f64) visit_char(char) visit_str(&str) visit_borrowed_str(&'de str) visit_string(String)
        visit_bytes(&[u8]) visit_borrowed_bytes(&'de [u8]) visit_byte_buf(Vec<u8>)
    }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.inner.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.inner.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<V::Value, D::Error> {
        let deserializer = self.strict(deserializer);
        self.inner.visit_some(deserializer)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<V::Value, D::Error> {
        let deserializer = self.strict(deserializer);
        self.inner.visit_newtype_struct(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        let seq = self.watch(seq);
        self.inner.visit_seq(seq)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        let map = self.watch(map);
        self.inner.visit_map(map)
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        let data = self.watch(data);
        self.inner.visit_enum(data)
    }
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Watch<'_, A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, A::Error> {
        let seed = self.watch(seed);
        self.inner.next_element_seed(seed)
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Watch<'_, A> {
    type Error = A::Error;

    // A key is a name, and a name the type does not have shows as its value being skipped.
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        self.inner.next_key_seed(seed)
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, A::Error> {
        let seed = self.watch(seed);
        self.inner.next_value_seed(seed)
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

impl<'de, 'f, A: EnumAccess<'de>> EnumAccess<'de> for Watch<'f, A> {
    type Error = A::Error;
    type Variant = Watch<'f, A::Variant>;

    fn variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<(T::Value, Self::Variant), A::Error> {
        let dropped = self.dropped;
        let (value, variant) = self.inner.variant_seed(seed)?;
        Ok((value, Watch { inner: variant, dropped }))
    }
}

impl<'de, A: VariantAccess<'de>> VariantAccess<'de> for Watch<'_, A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        self.inner.unit_variant()
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, A::Error> {
        let seed = self.watch(seed);
        self.inner.newtype_variant_seed(seed)
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        let visitor = self.watch(visitor);
        self.inner.tuple_variant(len, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        let visitor = self.watch(visitor);
        self.inner.struct_variant(fields, visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::bind_exact;
    use crate::types::CreateDialog;

    #[test]
    fn the_contract_has_no_part_serde_buffers_out_of_sight() {
        // Untagged enums and flattened members are read from a buffer, where a member they do not
        // know would be dropped unseen: bind_exact would then call a lossy body exact.
        let generated = include_str!("../generated.rs");
        for attribute in ["untagged", "flatten"] {
            assert!(
                !generated.contains(attribute),
                "generated.rs has #[serde({attribute})]: bind_exact cannot see into it"
            );
        }
    }

    #[test]
    fn a_member_the_type_lacks_is_seen_at_any_depth() {
        let body = r#"{"id":"01936e5d-8b40-7000-8000-000000000001","serviceResource":"urn:altinn:resource:a","party":"urn:altinn:organization:identifier-no:991825827","status":"New","content":{"title":{"value":[{"languageCode":"nb","value":"T"}]}},"attachments":[{"displayName":[{"languageCode":"nb","value":"A"}],"urls":[{"url":"https://a.example/x","consumerType":"Gui"}]}],"searchTags":[{"value":"tag"}]}"#;
        let exact: CreateDialog = bind_exact(body).expect("every member is the contract's");
        assert_eq!(exact.attachments.as_deref().map(|a| a[0].urls[0].url.as_str()), Some("https://a.example/x"));
        for (at, with) in [
            (r#""status":"New""#, r#""status":"New","colour":1"#),
            (r#""languageCode":"nb","value":"T""#, r#""languageCode":"nb","value":"T","colour":1"#),
            (r#""consumerType":"Gui""#, r#""consumerType":"Gui","colour":{"a":[1]}"#),
            (r#"{"value":"tag"}"#, r#"{"value":"tag","Colour":null}"#),
            (r#""party""#, r#""Party""#),
        ] {
            assert!(body.contains(at), "{at}");
            let changed = body.replacen(at, with, 1);
            assert!(bind_exact::<CreateDialog>(&changed).is_none(), "{with} was dropped unseen");
        }
        assert!(bind_exact::<CreateDialog>(&format!("{body} {{}}")).is_none(), "two values are not one body");
        assert!(bind_exact::<CreateDialog>(r#"{"status":"Sideways"}"#).is_none(), "an unknown status does not bind");
    }
}
