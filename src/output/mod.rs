//! How documents are written: one writer per output format, and the run summary.

mod summary;

pub use summary::{FileError, RunSummary};

use std::io::{self, Write};

use serde::Serialize;
use serde_json::{Map, Value};

use crate::document::Document;
use crate::json::{JsonDocument, OffsetUnit};
use crate::lang::Lang;
use crate::source::Record;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Format {
    /// One JSON object per document (see [`JsonDocument`]); for JSON-lines input, the
    /// record with its text field cleaned and the annotations under `zhen`.
    #[default]
    Jsonl,
    /// The cleaned text, each document ending with a newline (`zhen clean --unit paragraph`
    /// also puts a blank line between paragraphs).
    Text,
    /// The cleaned text with Chinese words separated by single spaces (for word vectors).
    Segmented,
    /// One tab-separated line per span: id, lang, start, end, foreign, text.
    Spans,
    /// Dolma documents (`{"id", "text", ...}`) plus an attributes file with the spans.
    Dolma,
}

impl Format {
    /// The file extension for outputs in this format.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Jsonl | Format::Dolma => "jsonl",
            Format::Text => "txt",
            Format::Segmented => "seg.txt",
            Format::Spans => "spans.tsv",
        }
    }
}

/// Writes documents in one format.
///
/// ```
/// use zhen::output::{Format, Writer};
/// let pipeline = zhen::Pipeline::new(zhen::Config::default())?;
/// let record = zhen::source::Record {
///     id: "a".into(),
///     text: "我们用Kubernetes部署了服务".into(),
///     origin: Default::default(),
///     fields: None,
/// };
/// let doc = pipeline.process(&record.text);
/// let mut out = Vec::new();
/// Writer::new(Format::Segmented, zhen::OffsetUnit::Chars).document(&mut out, &doc, &record)?;
/// assert_eq!(String::from_utf8(out)?, "我们 用 Kubernetes 部署 了 服务\n");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Writer {
    format: Format,
    unit: OffsetUnit,
    text_field: String,
}

impl Writer {
    /// A writer for `format`, with offsets in `unit`.
    pub fn new(format: Format, unit: OffsetUnit) -> Self {
        Writer {
            format,
            unit,
            text_field: "text".into(),
        }
    }

    /// The field of JSON-lines records that holds the text (`text` by default).
    pub fn with_text_field(mut self, field: &str) -> Self {
        self.text_field = field.to_string();
        self
    }

    /// The format.
    pub fn format(&self) -> Format {
        self.format
    }

    /// Writes one document, read as `record`.
    pub fn document<W: Write>(&self, mut w: W, doc: &Document, record: &Record) -> io::Result<()> {
        let base = match self.unit {
            OffsetUnit::Bytes => record.origin.bytes,
            OffsetUnit::Chars => record.origin.chars,
        } as usize;
        let json = JsonDocument::new(doc, Some(&record.id), self.unit).with_source_base(base);
        match self.format {
            Format::Jsonl => match &record.fields {
                Some(fields) => write_record(
                    w,
                    fields,
                    &self.text_field,
                    doc.text(),
                    Some(&json.annotations()),
                ),
                None => json.write_line(w),
            },
            Format::Dolma => {
                // dolma reads `id` and `text` and joins documents and attributes by id: a
                // record without an id gets the one its attributes carry, and the cleaned
                // text goes to `text` (the attribute offsets index it).
                let mut m = Map::new();
                if !record.fields.as_ref().is_some_and(|f| f.contains_key("id")) {
                    m.insert("id".into(), record.id.clone());
                }
                if let Some(fields) = &record.fields {
                    m.extend(
                        fields
                            .iter()
                            .filter(|(k, _)| **k != self.text_field)
                            .map(|(k, v)| (k.clone(), v.clone())),
                    );
                }
                write_record(w, &m, "text", doc.text(), None::<&()>)
            }
            Format::Text => {
                w.write_all(doc.text().as_bytes())?;
                w.write_all(b"\n")
            }
            Format::Segmented => segmented(w, doc),
            Format::Spans => spans(w, doc, &record.id, self.unit, base),
        }
    }

    /// Writes the dolma attributes line of a document: per language `zhen__<lang>` and
    /// `zhen__foreign`, each a list of `[start, end, score]` in code points — the unit of
    /// dolma's mixer, which slices `text` by characters.
    pub fn attributes<W: Write>(
        &self,
        mut w: W,
        doc: &Document,
        record: &Record,
    ) -> io::Result<()> {
        let mut attrs: Map<String, Value> = Map::new();
        let text = doc.text();
        let (mut byte, mut char) = (0, 0);
        let mut at = |b: usize| {
            char += text[byte..b].chars().count();
            byte = b;
            char
        };
        for s in doc.spans() {
            let (start, end) = (at(s.range.start), at(s.range.end));
            let entry = serde_json::json!([start, end, s.confidence.unwrap_or(1.0)]);
            let mut push =
                |key: String| match attrs.entry(key).or_insert_with(|| Value::Array(Vec::new())) {
                    Value::Array(a) => a.push(entry.clone()),
                    _ => unreachable!("attribute values are arrays"),
                };
            push(format!("zhen__{}", s.lang.code()));
            if s.foreign {
                push("zhen__foreign".into());
            }
        }
        serde_json::to_writer(
            &mut w,
            &serde_json::json!({"id": record.id, "attributes": attrs}),
        )?;
        w.write_all(b"\n")
    }
}

/// A JSON-lines record with its text field replaced by `text` and, when given, the
/// annotations under `zhen` (an older `zhen` key is replaced). Field order is kept.
fn write_record<W: Write, A: Serialize + ?Sized>(
    mut w: W,
    fields: &Map<String, Value>,
    text_field: &str,
    text: &str,
    annotations: Option<&A>,
) -> io::Result<()> {
    use serde::ser::{SerializeMap, Serializer};
    let mut ser = serde_json::Serializer::new(&mut w);
    let mut m = ser.serialize_map(None)?;
    if !fields.contains_key(text_field) {
        m.serialize_entry(text_field, text)?;
    }
    for (k, v) in fields {
        if k == text_field {
            m.serialize_entry(k, text)?;
        } else if k != "zhen" || annotations.is_none() {
            m.serialize_entry(k, v)?;
        }
    }
    if let Some(a) = annotations {
        m.serialize_entry("zhen", a)?;
    }
    m.end()?;
    w.write_all(b"\n")
}

fn segmented<W: Write>(mut w: W, doc: &Document) -> io::Result<()> {
    let text = doc.text();
    let mut at = 0;
    for span in doc
        .spans()
        .iter()
        .filter(|s| s.lang == Lang::Zh && !s.words.is_empty())
    {
        w.write_all(&text.as_bytes()[at..span.range.start])?;
        for (i, word) in span.words.iter().enumerate() {
            if i > 0 {
                w.write_all(b" ")?;
            }
            w.write_all(&text.as_bytes()[word.range.clone()])?;
        }
        at = span.range.end;
    }
    w.write_all(&text.as_bytes()[at..])?;
    w.write_all(b"\n")
}

fn spans<W: Write>(
    mut w: W,
    doc: &Document,
    id: &Value,
    unit: OffsetUnit,
    _base: usize,
) -> io::Result<()> {
    let id = match id {
        Value::String(s) => escape(s),
        v => v.to_string(),
    };
    let text = doc.text();
    let (mut byte, mut char) = (0, 0);
    let mut at = |b: usize| match unit {
        OffsetUnit::Bytes => b,
        OffsetUnit::Chars => {
            char += text[byte..b].chars().count();
            byte = b;
            char
        }
    };
    for s in doc.spans() {
        let (start, end) = (at(s.range.start), at(s.range.end));
        let body = escape(&text[s.range.clone()]);
        writeln!(w, "{id}\t{}\t{start}\t{end}\t{}\t{body}", s.lang, s.foreign)?;
    }
    Ok(())
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('\t', "\\t")
        .replace('\n', "\\n")
}
