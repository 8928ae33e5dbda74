//! The JSON shape of a document, one object per document (a JSON line):
//!
//! `{"id", "text", "lang", "mixed", "shares", "spans": [{"lang", "script", "start", "end",
//! "src_start", "src_end", "foreign", "confidence"?, "words": [[start, end], ...],
//! "embedded": [{"lang", "start", "end"}]}]}`
//!
//! Offsets are Unicode code points by default, so that Python's `text[start:end]` works;
//! UTF-8 bytes on request. `start`/`end` index the cleaned `text`; `src_start`/`src_end`
//! index the source.

use std::cell::RefCell;
use std::io::Write;
use std::ops::Range;

use serde::ser::{SerializeMap, SerializeSeq, SerializeStruct};
use serde::{Deserialize, Serialize, Serializer};

use crate::document::{Document, Span};

/// The unit of offsets in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OffsetUnit {
    /// Unicode code points (Python `str` indices).
    #[default]
    Chars,
    /// UTF-8 bytes.
    Bytes,
}

/// Converts byte offsets of one text to code-point offsets. Offsets are usually asked in
/// increasing order, so a cursor makes each conversion cost only the bytes in between.
struct CharOffsets<'t> {
    text: &'t str,
    ascii: bool,
    cursor: RefCell<(usize, usize)>,
}

impl<'t> CharOffsets<'t> {
    fn new(text: &'t str, unit: OffsetUnit) -> Self {
        CharOffsets {
            text,
            ascii: unit == OffsetUnit::Bytes || text.is_ascii(),
            cursor: RefCell::new((0, 0)),
        }
    }

    fn at(&self, byte: usize) -> usize {
        if self.ascii {
            return byte;
        }
        let byte = byte.min(self.text.len());
        let mut cur = self.cursor.borrow_mut();
        let (b, c) = *cur;
        let count = |s: &[u8]| s.iter().filter(|&&x| (x as i8) >= -0x40).count();
        let chars = if byte >= b {
            c + count(&self.text.as_bytes()[b..byte])
        } else {
            c - count(&self.text.as_bytes()[byte..b])
        };
        *cur = (byte, chars);
        chars
    }
}

/// A document ready to serialize, with its id and offset unit.
///
/// ```
/// let pipeline = zhen::Pipeline::new(zhen::Config::default())?;
/// let doc = pipeline.process("你好,世界");
/// let id = serde_json::json!("doc-1");
/// let json = serde_json::to_value(zhen::JsonDocument::new(&doc, Some(&id), zhen::OffsetUnit::Chars))?;
/// assert_eq!(json["text"], "你好，世界");
/// assert_eq!(json["spans"][0]["end"], 5);
/// assert_eq!(json["spans"][0]["src_end"], 5);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct JsonDocument<'d> {
    doc: &'d Document<'d>,
    id: Option<&'d serde_json::Value>,
    out: CharOffsets<'d>,
    src: CharOffsets<'d>,
    /// Added to source offsets: where the document starts in its file.
    src_base: usize,
}

impl<'d> JsonDocument<'d> {
    /// Wraps `doc` for serialization; `id` is written as given (`null` when absent).
    pub fn new(doc: &'d Document<'d>, id: Option<&'d serde_json::Value>, unit: OffsetUnit) -> Self {
        JsonDocument {
            doc,
            id,
            out: CharOffsets::new(doc.text(), unit),
            src: CharOffsets::new(doc.source(), unit),
            src_base: 0,
        }
    }

    /// Source offsets relative to a larger input: `base` (in the offset unit) is where the
    /// document starts in it, as when a file is read paragraph by paragraph.
    pub fn with_source_base(mut self, base: usize) -> Self {
        self.src_base = base;
        self
    }

    /// Only the annotations, `{"lang", "mixed", "shares", "spans"}`: what goes under the
    /// `zhen` key of a JSON-lines record, whose text field holds the cleaned text.
    pub fn annotations(&self) -> impl Serialize + '_ {
        Annotations(self)
    }

    /// Writes the document as one line of JSON (with the trailing newline).
    pub fn write_line<W: Write>(&self, mut w: W) -> std::io::Result<()> {
        serde_json::to_writer(&mut w, self)?;
        w.write_all(b"\n")
    }
}

struct Shares<'a>(&'a [(crate::Lang, f64)]);

impl Serialize for Shares<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (lang, share) in self.0 {
            // Rounded: shares are for reading and filtering, not arithmetic.
            m.serialize_entry(lang.code(), &((share * 1e4).round() / 1e4))?;
        }
        m.end()
    }
}

struct Spans<'a>(&'a JsonDocument<'a>);

impl Serialize for Spans<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let spans = self.0.doc.spans();
        let mut seq = s.serialize_seq(Some(spans.len()))?;
        for span in spans {
            seq.serialize_element(&SpanJson { j: self.0, span })?;
        }
        seq.end()
    }
}

struct SpanJson<'a> {
    j: &'a JsonDocument<'a>,
    span: &'a Span,
}

impl Serialize for SpanJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (j, span) = (self.j, self.span);
        let n = 9 + usize::from(span.confidence.is_some());
        let mut st = s.serialize_struct("Span", n)?;
        st.serialize_field("lang", &span.lang)?;
        st.serialize_field("script", &span.script)?;
        st.serialize_field("start", &j.out.at(span.range.start))?;
        st.serialize_field("end", &j.out.at(span.range.end))?;
        st.serialize_field("src_start", &(j.src_base + j.src.at(span.src_range.start)))?;
        st.serialize_field("src_end", &(j.src_base + j.src.at(span.src_range.end)))?;
        st.serialize_field("foreign", &span.foreign)?;
        if let Some(c) = span.confidence {
            st.serialize_field("confidence", &((c * 1e4).round() / 1e4))?;
        }
        st.serialize_field("words", &Words { j, span })?;
        st.serialize_field("embedded", &EmbeddedJson { j, span })?;
        st.end()
    }
}

struct Words<'a> {
    j: &'a JsonDocument<'a>,
    span: &'a Span,
}

impl Serialize for Words<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.span.words.len()))?;
        for w in &self.span.words {
            seq.serialize_element(&self.j.pair(&w.range))?;
        }
        seq.end()
    }
}

struct EmbeddedJson<'a> {
    j: &'a JsonDocument<'a>,
    span: &'a Span,
}

impl Serialize for EmbeddedJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct E {
            lang: crate::Lang,
            start: usize,
            end: usize,
        }
        let mut seq = s.serialize_seq(Some(self.span.embedded.len()))?;
        for e in &self.span.embedded {
            let [start, end] = self.j.pair(&e.range);
            seq.serialize_element(&E {
                lang: e.lang,
                start,
                end,
            })?;
        }
        seq.end()
    }
}

impl JsonDocument<'_> {
    fn pair(&self, r: &Range<usize>) -> [usize; 2] {
        [self.out.at(r.start), self.out.at(r.end)]
    }
}

impl Serialize for JsonDocument<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let summary = self.doc.summary();
        let mut st = s.serialize_struct("Document", 6)?;
        st.serialize_field("id", &self.id)?;
        st.serialize_field("text", self.doc.text())?;
        st.serialize_field("lang", &summary.lang)?;
        st.serialize_field("mixed", &summary.mixed)?;
        st.serialize_field("shares", &Shares(&summary.shares))?;
        st.serialize_field("spans", &Spans(self))?;
        st.end()
    }
}

struct Annotations<'a>(&'a JsonDocument<'a>);

impl Serialize for Annotations<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let summary = self.0.doc.summary();
        let mut st = s.serialize_struct("Annotations", 4)?;
        st.serialize_field("lang", &summary.lang)?;
        st.serialize_field("mixed", &summary.mixed)?;
        st.serialize_field("shares", &Shares(&summary.shares))?;
        st.serialize_field("spans", &Spans(self.0))?;
        st.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets_both_directions() {
        let t = "a中b文c";
        let c = CharOffsets::new(t, OffsetUnit::Chars);
        assert_eq!(c.at(4), 2);
        assert_eq!(c.at(8), 4);
        assert_eq!(c.at(1), 1);
        assert_eq!(c.at(9), 5);
        let b = CharOffsets::new(t, OffsetUnit::Bytes);
        assert_eq!(b.at(4), 4);
    }
}
