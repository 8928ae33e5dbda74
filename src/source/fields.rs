//! The fields of a JSON record, each kept as written: zhen reads a record's text and id and
//! passes every other field through byte for byte (numbers, escapes, nested objects), without
//! parsing it into values it would have to write again.

use std::fmt;

use indexmap::IndexMap;
use serde::de::{DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::{Serialize, Serializer};
use serde_json::Value;
use serde_json::value::RawValue;

/// The fields of a JSON object in their order, each value as its JSON text. A key given twice
/// keeps its first place and its last value, as `serde_json::Map` does.
///
/// ```
/// use zhen::source::Fields;
/// let fields = Fields::parse(r#"{"id": 7, "score": 1e5, "meta": {"a": [1, 2]}}"#)?;
/// assert_eq!(fields.get("score").unwrap().get(), "1e5");
/// assert_eq!(fields.get("meta").unwrap().get(), r#"{"a": [1, 2]}"#);
/// assert_eq!(serde_json::to_string(&fields)?, r#"{"id":7,"score":1e5,"meta":{"a": [1, 2]}}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Fields(IndexMap<String, Box<RawValue>>);

impl Fields {
    /// The fields of a JSON object.
    pub fn parse(json: &str) -> Result<Fields, serde_json::Error> {
        Ok(read(json, None)?.0)
    }

    /// The value of `key`, as written.
    pub fn get(&self, key: &str) -> Option<&RawValue> {
        self.0.get(key).map(AsRef::as_ref)
    }

    /// Whether the record has `key`.
    pub fn contains_key(&self, key: &str) -> bool {
        self.0.contains_key(key)
    }

    /// Sets `key` to `value`: in its place when the record has it, else last.
    pub fn insert(&mut self, key: String, value: Box<RawValue>) {
        self.0.insert(key, value);
    }

    /// The fields in their order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &RawValue)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_ref()))
    }
}

impl PartialEq for Fields {
    fn eq(&self, other: &Fields) -> bool {
        self.0.len() == other.0.len()
            && self
                .iter()
                .zip(other.iter())
                .all(|((k, v), (l, w))| k == l && v.get() == w.get())
    }
}

impl Serialize for Fields {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.iter())
    }
}

/// Reads a JSON object, taking out the value of `text` (its field left as `""`), so that the
/// text, the one large field, is parsed once and not also copied as raw JSON.
pub(crate) fn read(
    json: &str,
    text: Option<&str>,
) -> Result<(Fields, Option<Value>), serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(json);
    let read = Object { text }.deserialize(&mut de)?;
    de.end()?;
    Ok(read)
}

struct Object<'a> {
    text: Option<&'a str>,
}

impl<'de> DeserializeSeed<'de> for Object<'_> {
    type Value = (Fields, Option<Value>);

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Object<'_> {
    type Value = (Fields, Option<Value>);

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut fields = IndexMap::new();
        let mut text = None;
        while let Some(key) = map.next_key::<String>()? {
            if Some(key.as_str()) == self.text {
                text = Some(map.next_value::<Value>()?);
                let empty = RawValue::from_string("\"\"".into()).expect("valid JSON");
                fields.insert(key, empty);
            } else {
                fields.insert(key, map.next_value::<Box<RawValue>>()?);
            }
        }
        Ok((Fields(fields), text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_is_taken_out_and_the_rest_kept_as_written() {
        let json = r#"{"id":"a\u00e9", "n": 1E+05 ,"text":"说\nRust","m":{"x": [1,  2]}}"#;
        let (fields, text) = read(json, Some("text")).unwrap();
        assert_eq!(text, Some(Value::String("说\nRust".into())));
        let kept: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k, v.get())).collect();
        assert_eq!(
            kept,
            [
                ("id", r#""a\u00e9""#),
                ("n", "1E+05"),
                ("text", r#""""#),
                ("m", r#"{"x": [1,  2]}"#)
            ]
        );
    }

    /// A key given twice keeps its first place and its last value, as serde_json's map does.
    #[test]
    fn a_repeated_key_keeps_its_place_and_its_last_value() {
        let (fields, text) = read(r#"{"text":"a","u":1,"text":"b","u":2}"#, Some("text")).unwrap();
        assert_eq!(text, Some(Value::String("b".into())));
        assert_eq!(
            serde_json::to_string(&fields).unwrap(),
            r#"{"text":"","u":2}"#
        );
    }

    #[test]
    fn only_an_object_is_a_record() {
        for json in ["5", "[1]", r#""text""#, "null"] {
            let e = read(json, Some("text")).unwrap_err();
            assert_eq!(e.classify(), serde_json::error::Category::Data, "{json}");
        }
        for json in ["{", r#"{"a":1}x"#, r#"{"a":}"#, ""] {
            let e = read(json, Some("text")).unwrap_err();
            assert_ne!(e.classify(), serde_json::error::Category::Data, "{json}");
        }
    }
}
