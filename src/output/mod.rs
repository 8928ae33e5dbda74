//! How documents are written: one writer per output format.

use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use crate::document::Document;
use crate::json::{JsonDocument, OffsetUnit};
use crate::lang::Lang;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Format {
    /// One JSON object per document (see [`JsonDocument`]).
    #[default]
    Jsonl,
    /// The cleaned text, documents separated by a newline.
    Text,
    /// The cleaned text with Chinese words separated by single spaces (for word vectors).
    Segmented,
    /// One tab-separated line per span: id, lang, start, end, foreign, text.
    Spans,
}

impl Format {
    /// The file extension for outputs in this format.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Jsonl => "jsonl",
            Format::Text => "txt",
            Format::Segmented => "seg.txt",
            Format::Spans => "spans.tsv",
        }
    }
}

/// Writes `doc` in `format`. `id` names the document in JSON and span lines.
///
/// ```
/// let pipeline = zhen::Pipeline::new(zhen::Config::default())?;
/// let doc = pipeline.process("我们用Kubernetes部署了服务");
/// let mut out = Vec::new();
/// zhen::output::write(&mut out, &doc, None, zhen::output::Format::Segmented, zhen::OffsetUnit::Chars)?;
/// assert_eq!(String::from_utf8(out)?, "我们 用 Kubernetes 部署 了 服务\n");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write<W: Write>(
    mut w: W,
    doc: &Document,
    id: Option<&serde_json::Value>,
    format: Format,
    unit: OffsetUnit,
) -> io::Result<()> {
    match format {
        Format::Jsonl => JsonDocument::new(doc, id, unit).write_line(w),
        Format::Text => {
            w.write_all(doc.text().as_bytes())?;
            w.write_all(b"\n")
        }
        Format::Segmented => segmented(w, doc),
        Format::Spans => spans(w, doc, id, unit),
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
        w.write_all(&text.as_bytes()[at..span.range.start])?;
        for (i, word) in span.words.iter().enumerate() {
            if i > 0 {
                w.write_all(b" ")?;
            }
            w.write_all(text[word.range.clone()].as_bytes())?;
        }
        at = span.range.end;
    }
    w.write_all(&text.as_bytes()[at..])?;
    w.write_all(b"\n")
}

fn spans<W: Write>(
    mut w: W,
    doc: &Document,
    id: Option<&serde_json::Value>,
    unit: OffsetUnit,
) -> io::Result<()> {
    let id = match id {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
        None => String::new(),
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
        let body = text[s.range.clone()]
            .replace('\\', "\\\\")
            .replace('\t', "\\t");
        writeln!(
            w,
            "{}\t{}\t{start}\t{end}\t{}\t{body}",
            escape(&id),
            s.lang,
            s.foreign
        )?;
    }
    Ok(())
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('\t', "\\t")
        .replace('\n', "\\n")
}
