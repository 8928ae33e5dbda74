//! How documents are written: one writer per output format, and the run summary.

mod long;
mod summary;

pub use summary::{FileError, MAX_ERRORS, RunSummary};

use std::io::{self, Write};

use serde_json::Value;
use serde_json::value::RawValue;

use crate::document::{Document, Summary};
use crate::json::{JsonDocument, OffsetUnit};
use crate::lang::Lang;
use crate::pipeline::Pipeline;
use crate::source::{Fields, Record};

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
    one_line: bool,
}

impl Writer {
    /// A writer for `format`, with offsets in `unit`.
    pub fn new(format: Format, unit: OffsetUnit) -> Self {
        Writer {
            format,
            unit,
            text_field: "text".into(),
            one_line: false,
        }
    }

    /// Keeps each document of plain text on one line in the text and segmented formats:
    /// the line breaks its cleaning made of other line separators (U+2028, a form feed)
    /// are written as spaces, so that with `--unit line` line N out is line N in.
    pub fn with_one_line(mut self, on: bool) -> Self {
        self.one_line = on;
        self
    }

    /// Where the text of `record` goes in the text formats: `w`, or `w` with its line
    /// breaks made spaces.
    fn text_out<'w, W: Write>(&self, record: &Record, w: &'w mut W) -> OneLine<&'w mut W> {
        OneLine {
            out: w,
            on: self.one_line && record.fields.is_none(),
            broken: false,
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
                    &mut w,
                    fields,
                    &self.text_field,
                    |w| serde_json::to_writer(w, doc.text()).map_err(io::Error::from),
                    Some(|w: &mut W| {
                        serde_json::to_writer(w, &json.annotations()).map_err(io::Error::from)
                    }),
                ),
                None => json.write_line(w),
            },
            Format::Dolma => {
                // dolma reads `id` and `text` and joins documents and attributes by id: a
                // record without an id gets the one its attributes carry, and the cleaned
                // text goes to `text` (the attribute offsets index it).
                write_record(
                    &mut w,
                    &self.dolma_fields(record),
                    "text",
                    |w| serde_json::to_writer(w, doc.text()).map_err(io::Error::from),
                    None::<fn(&mut W) -> io::Result<()>>,
                )
            }
            Format::Text => {
                self.text_out(record, &mut w)
                    .write_all(doc.text().as_bytes())?;
                w.write_all(b"\n")
            }
            Format::Segmented => {
                segmented(self.text_out(record, &mut w), doc)?;
                w.write_all(b"\n")
            }
            Format::Spans => spans(w, doc, &tsv_id(&record.id), self.unit, 0),
        }
    }

    /// Cleans `record` with `pipeline` and writes it to `out`, as [`Writer::document`] does,
    /// and for dolma its attributes line to `attributes`, when given, as
    /// [`Writer::attributes`] does. A record whose text is longer than `limit` bytes (a
    /// long JSON record, a whole file) is cleaned a part at a time (cut as
    /// [`crate::source::parts`] cuts), so that memory stays bounded, and written as one
    /// record, its offsets counted in its whole text: the text is cleaned twice where spans
    /// are written after it (JSON lines, spans).
    ///
    /// ```
    /// use zhen::output::{Format, Writer};
    /// let pipeline = zhen::Pipeline::new(zhen::Config::default())?;
    /// let text = "第一行有Rust。\n第二行也有Go。";
    /// let fields = zhen::source::Fields::parse(r#"{"id":"doc7","text":""}"#)?;
    /// let record = zhen::source::Record {
    ///     id: "doc7".into(),
    ///     text: text.into(),
    ///     origin: Default::default(),
    ///     fields: Some(fields),
    /// };
    /// let writer = Writer::new(Format::Jsonl, zhen::OffsetUnit::Chars);
    /// let mut out = Vec::new();
    /// // 24 bytes: the text is cleaned in two parts, and written as one record.
    /// writer.record(&pipeline, &record, 24, &mut out, None)?;
    /// let json: serde_json::Value = serde_json::from_slice(&out)?;
    /// assert_eq!(json["id"], "doc7");
    /// assert_eq!(json["text"], "第一行有 Rust。\n第二行也有 Go。");
    /// assert_eq!(json["zhen"]["spans"][1]["start"], 11);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn record(
        &self,
        pipeline: &Pipeline,
        record: &Record,
        limit: usize,
        out: &mut dyn Write,
        attributes: Option<&mut dyn Write>,
    ) -> io::Result<Written> {
        if record.text.len() > limit.max(4) {
            return long::write(self, pipeline, record, limit, out, attributes);
        }
        let doc = pipeline.process_in(&record.text, record.origin.fence);
        self.document(&mut *out, &doc, record)?;
        if let Some(a) = attributes.filter(|_| self.format == Format::Dolma) {
            self.attributes(a, &doc, record)?;
        }
        Ok(Written::of(&doc))
    }

    /// The fields of a dolma document: the record's but its text field, and its id
    /// ([`dolma_id`]).
    fn dolma_fields(&self, record: &Record) -> Fields {
        let mut m = Fields::default();
        if !record.fields.as_ref().is_some_and(|f| f.contains_key("id")) {
            m.insert("id".into(), dolma_id(record));
        }
        for (k, v) in record.fields.iter().flat_map(Fields::iter) {
            if k == "id" {
                m.insert(k.to_string(), dolma_id(record));
            } else if k != self.text_field {
                m.insert(k.to_string(), v.to_owned());
            }
        }
        m
    }

    /// Writes the dolma attributes line of a document: per language `zhen__<lang>` and
    /// `zhen__foreign`, each a list of `[start, end, score]` in code points — the unit of
    /// dolma's mixer, which slices `text` by characters.
    pub fn attributes<W: Write>(&self, w: W, doc: &Document, record: &Record) -> io::Result<()> {
        let mut attrs = Attributes::default();
        attrs.add(doc, 0);
        attrs.write(w, &dolma_id(record))
    }
}

/// The id of a dolma document, which its attributes repeat byte for byte (dolma joins them
/// on it), a string as dolma has it: the record's `id` field as written if it is a string,
/// else its JSON text as a string (`5` → `"5"`, `true` → `"true"`, `{"a":1}` →
/// `"{\"a\":1}"`), else the record's id (`--id-field`, the line number as a string, or
/// `path:line`).
fn dolma_id(record: &Record) -> Box<RawValue> {
    let id = if let Some(raw) = record.fields.as_ref().and_then(|f| f.get("id")) {
        let text = raw.get();
        if !text.starts_with('"') {
            // (A string's JSON is always valid JSON.)
            let quoted = serde_json::to_string(text.trim()).unwrap_or_default();
            return RawValue::from_string(quoted).unwrap_or_else(|_| raw.to_owned());
        }
        // (A string with a lone surrogate, which strict readers reject, has U+FFFD for it.)
        if serde_json::from_str::<String>(text).is_ok() {
            return raw.to_owned();
        }
        &crate::source::record_id(raw)
    } else {
        &record.id
    };
    let id = match id {
        id @ Value::String(_) => id.clone(),
        id => Value::String(id.to_string()),
    };
    // A `Value` always serializes to valid JSON.
    RawValue::from_string(id.to_string()).unwrap_or_else(|_| Box::<RawValue>::default())
}

/// What a record added to a run: its summary and how many foreign spans it has.
#[derive(Debug, Clone, PartialEq)]
pub struct Written {
    /// The record's summary (of all its parts, for a record cleaned in parts).
    pub summary: Summary,
    /// Its spans in another language than the dominant one.
    pub foreign_spans: usize,
}

impl Written {
    fn of(doc: &Document) -> Written {
        Written {
            summary: doc.summary().clone(),
            foreign_spans: doc.spans().iter().filter(|s| s.foreign).count(),
        }
    }
}

/// The dolma attributes of a record, gathered a document (or part) at a time: per key,
/// its entries written as JSON (`[start,end,score],`), a dozen bytes each, as a long
/// record of many spans must hold them all until its line is written.
#[derive(Default)]
struct Attributes {
    /// (A few keys, `zhen__` and a language code, `foreign` or `code`: looked up in order.)
    keys: Vec<(&'static str, Vec<u8>)>,
}

impl Attributes {
    /// Adds the spans of `doc`, whose text starts `base` code points into the record's.
    fn add(&mut self, doc: &Document, base: usize) {
        let text = doc.text();
        let (mut byte, mut char) = (0, base);
        let mut at = |b: usize| {
            char += text[byte..b].chars().count();
            byte = b;
            char
        };
        for s in doc.spans() {
            let (start, end) = (at(s.range.start), at(s.range.end));
            let mut entry = Vec::with_capacity(24);
            let _ = write!(entry, "[{start},{end},");
            let _ = serde_json::to_writer(&mut entry, &s.confidence.unwrap_or(1.0));
            entry.extend_from_slice(b"],");
            let mut push = |key: &'static str| match self.keys.iter_mut().find(|(k, _)| *k == key) {
                Some((_, v)) => v.extend_from_slice(&entry),
                None => self.keys.push((key, entry.clone())),
            };
            push(s.lang.code());
            if s.foreign {
                push("foreign");
            }
            if s.code {
                push("code");
            }
        }
    }

    fn write<W: Write>(self, mut w: W, id: &RawValue) -> io::Result<()> {
        w.write_all(b"{\"id\":")?;
        w.write_all(id.get().as_bytes())?;
        w.write_all(b",\"attributes\":{")?;
        for (k, (key, entries)) in self.keys.iter().enumerate() {
            if k > 0 {
                w.write_all(b",")?;
            }
            write!(w, "\"zhen__{key}\":[")?;
            // (Without the comma after the last entry.)
            w.write_all(&entries[..entries.len() - 1])?;
            w.write_all(b"]")?;
        }
        w.write_all(b"}}\n")
    }
}

/// A JSON-lines record with its text field written by `text` (a JSON string) and, when
/// given, the annotations under `zhen`, written by `annotations` (an older `zhen` key is
/// replaced). Field order is kept.
fn write_record<W: Write>(
    w: &mut W,
    fields: &Fields,
    text_field: &str,
    text: impl FnOnce(&mut W) -> io::Result<()>,
    annotations: Option<impl FnOnce(&mut W) -> io::Result<()>>,
) -> io::Result<()> {
    let mut text = Some(text);
    let mut first = true;
    let mut key = |w: &mut W, k: &str| -> io::Result<()> {
        w.write_all(if std::mem::take(&mut first) {
            b"{"
        } else {
            b","
        })?;
        serde_json::to_writer(&mut *w, k)?;
        w.write_all(b":")
    };
    let mut put_text = |w: &mut W| text.take().map_or(Ok(()), |t| t(w));
    if !fields.contains_key(text_field) {
        key(w, text_field)?;
        put_text(w)?;
    }
    for (k, v) in fields.iter() {
        if k == text_field {
            key(w, k)?;
            put_text(w)?;
        } else if k != "zhen" || annotations.is_none() {
            key(w, k)?;
            w.write_all(v.get().as_bytes())?;
        }
    }
    if let Some(a) = annotations {
        key(w, "zhen")?;
        a(w)?;
    }
    w.write_all(b"}\n")
}

/// The cleaned text with Chinese words separated by single spaces, without a line end.
/// A writer that writes line breaks as spaces when `on` (see [`Writer::with_one_line`]).
struct OneLine<W> {
    out: W,
    on: bool,
    /// Line breaks met since the last text written: one space before the next text.
    /// (A run of them is one space, so that the line reads as cleaning again leaves it:
    /// `中文\u{2028}\u{2029}English` → `中文 English`.)
    broken: bool,
}

impl<W: Write> Write for OneLine<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if !self.on {
            return self.out.write(buf);
        }
        for (k, piece) in buf.split(|&x| x == b'\n').enumerate() {
            self.broken |= k > 0;
            if !piece.is_empty() {
                if std::mem::take(&mut self.broken) {
                    self.out.write_all(b" ")?;
                }
                self.out.write_all(piece)?;
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

fn segmented<W: Write>(mut w: W, doc: &Document) -> io::Result<()> {
    let text = doc.text();
    let mut at = 0;
    for span in doc
        .spans()
        .iter()
        .filter(|s| s.lang == Lang::Zh && !s.words.is_empty())
    {
        let before = &text[at..span.range.start];
        w.write_all(before.as_bytes())?;
        // A span's words are apart from the text on either side too (`made.我` -> `made. 我`).
        if !before.is_empty() && !before.ends_with(char::is_whitespace) {
            w.write_all(b" ")?;
        }
        for (i, word) in span.words.iter().enumerate() {
            if i > 0 {
                w.write_all(b" ")?;
            }
            w.write_all(&text.as_bytes()[word.range.clone()])?;
        }
        let after = &text[span.range.end..];
        if !after.is_empty() && !after.starts_with(char::is_whitespace) {
            w.write_all(b" ")?;
        }
        at = span.range.end;
    }
    w.write_all(&text.as_bytes()[at..])
}

/// The id column of the spans format.
fn tsv_id(id: &Value) -> String {
    match id {
        Value::String(s) => escape(s),
        v => v.to_string(),
    }
}

/// The spans of `doc` in the spans format, its text starting `base` (in `unit`) into the
/// record's.
fn spans<W: Write>(
    mut w: W,
    doc: &Document,
    id: &str,
    unit: OffsetUnit,
    base: usize,
) -> io::Result<()> {
    let text = doc.text();
    let (mut byte, mut char) = (0, 0);
    let mut at = |b: usize| {
        base + match unit {
            OffsetUnit::Bytes => b,
            OffsetUnit::Chars => {
                char += text[byte..b].chars().count();
                byte = b;
                char
            }
        }
    };
    for s in doc.spans() {
        let (start, end) = (at(s.range.start), at(s.range.end));
        let body = escape(&text[s.range.clone()]);
        writeln!(w, "{id}\t{}\t{start}\t{end}\t{}\t{body}", s.lang, s.foreign)?;
    }
    Ok(())
}

/// A field of the spans format on one line: a backslash, a tab and every character that a
/// reader may take for a line break (`\r`, NEL, U+2028, U+2029, as Python's `splitlines`
/// does) escaped.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            // (Control characters, NUL among them, and the separators some readers end a
            // line at.)
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') => {
                out.push_str(&format!("\\u{{{:x}}}", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::{Config, Pipeline};

    fn segmented(s: &str) -> String {
        let doc = Pipeline::new(Config::default()).unwrap().process(s);
        let mut out = Vec::new();
        super::segmented(&mut out, &doc).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_spans_field_holds_no_line_break() {
        let id = "a\\b\tc\rd\u{85}e\u{2028}f\u{2029}g\u{B}h\ni\0j\u{7F}";
        assert_eq!(
            super::escape(id),
            "a\\\\b\\tc\\rd\\u{85}e\\u{2028}f\\u{2029}g\\u{b}h\\ni\\u{0}j\\u{7f}"
        );
    }

    #[test]
    fn segmented_words_are_apart_from_the_text_beside_them() {
        let out = segmented("他说:This is the best movie ever made.我深表赞同。");
        assert_eq!(
            out,
            "他 说 ： This is the best movie ever made. 我 深表 赞同 。"
        );
        // Only spaces are added.
        let out = segmented("a我们b");
        assert_eq!(out.replace(' ', ""), "a我们b");
    }
}
