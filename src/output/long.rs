//! A record whose text is longer than a document (a long JSON record, a whole file):
//! cleaned a part at a time, so that memory stays bounded, and written as one record, as if
//! it had been cleaned whole.

use std::cell::Cell;
use std::io::{self, Write};
use std::ops::Range;

use super::{Attributes, Format, Writer, Written, segmented, spans, tsv_id, write_record};
use crate::document::{Document, Summary};
use crate::json::{JsonDocument, OffsetUnit, push_str_body, push_summary};
use crate::lang::Lang;
use crate::pipeline::{Pipeline, add_count, dominant, is_foreign, mark_foreign};
use crate::source::{Record, Seam};

/// Writes `record`, whose text is longer than `limit`, in the writer's format (see
/// [`Writer::record`]).
pub(super) fn write(
    writer: &Writer,
    pipeline: &Pipeline,
    record: &Record,
    limit: usize,
    mut out: &mut dyn Write,
    attributes: Option<&mut dyn Write>,
) -> io::Result<Written> {
    let long = Long {
        pipeline,
        record,
        limit,
    };
    // Cleaned first, written with the text; what the spans need after it.
    let joined: Cell<Option<Joined>> = Cell::new(None);
    let text_field = |w: &mut &mut dyn Write| -> io::Result<()> {
        w.write_all(b"\"")?;
        let mut buf = Vec::new();
        let j = long.join(|glue, doc| {
            buf.clear();
            push_str_body(&mut buf, glue);
            push_str_body(&mut buf, doc.text());
            w.write_all(&buf)
        })?;
        joined.set(Some(j));
        w.write_all(b"\"")
    };
    let done = |joined: &Cell<Option<Joined>>| {
        joined
            .take()
            .ok_or_else(|| io::Error::other("the record's text was not written"))
    };
    let unit = writer.unit;
    // `"lang", "mixed", "shares", "spans"` after `open`, to the end of the spans' object.
    let annotations = |w: &mut &mut dyn Write, open: &[u8]| -> io::Result<()> {
        let j = done(&joined)?;
        let mut buf = open.to_vec();
        push_summary(&mut buf, &j.summary)?;
        buf.extend_from_slice(b",\"spans\":[");
        let mut first = true;
        long.again(&j, |doc, part| {
            let json = JsonDocument::new(doc, None, unit)
                .with_source_base(long.source_base(unit) + part.src(unit))
                .with_text_base(part.out(unit));
            json.write_spans(&mut buf, w, first)?;
            first &= doc.spans().is_empty();
            Ok(())
        })?;
        buf.extend_from_slice(b"]}");
        w.write_all(&buf)?;
        joined.set(Some(j));
        Ok(())
    };
    let j = match writer.format {
        Format::Jsonl => {
            match &record.fields {
                // A JSON record: its fields, the annotations under `zhen`.
                Some(fields) => write_record(
                    &mut out,
                    fields,
                    &writer.text_field,
                    text_field,
                    Some(|w: &mut &mut dyn Write| annotations(w, b"{")),
                )?,
                // A document of plain text: the shape of `JsonDocument`.
                None => {
                    out.write_all(b"{\"id\":")?;
                    serde_json::to_writer(&mut out, &record.id)?;
                    out.write_all(b",\"text\":")?;
                    text_field(&mut out)?;
                    annotations(&mut out, b",")?;
                    out.write_all(b"\n")?;
                }
            }
            done(&joined)?
        }
        Format::Dolma => {
            write_record(
                &mut out,
                &writer.dolma_fields(record),
                "text",
                text_field,
                None::<fn(&mut &mut dyn Write) -> io::Result<()>>,
            )?;
            let j = done(&joined)?;
            if let Some(a) = attributes {
                let mut attrs = Attributes::default();
                long.again(&j, |doc, part| {
                    attrs.add(doc, part.out_chars);
                    Ok(())
                })?;
                attrs.write(a, &super::dolma_id(record))?;
            }
            j
        }
        Format::Text | Format::Segmented => {
            let j = long.join(|glue, doc| {
                let mut text = writer.text_out(record, &mut out);
                text.write_all(glue.as_bytes())?;
                match writer.format {
                    Format::Segmented => segmented(&mut text, doc),
                    _ => text.write_all(doc.text().as_bytes()),
                }
            })?;
            out.write_all(b"\n")?;
            j
        }
        Format::Spans => {
            let j = long.join(|_, _| Ok(()))?;
            let id = tsv_id(&record.id);
            long.again(&j, |doc, part| {
                spans(&mut out, doc, &id, unit, part.out(unit))
            })?;
            j
        }
    };
    Ok(Written {
        foreign_spans: j.foreign_spans(),
        summary: j.summary,
    })
}

/// A long record being cleaned.
struct Long<'a> {
    pipeline: &'a Pipeline,
    record: &'a Record,
    limit: usize,
}

/// Where a part of the record's text starts: in the text (in bytes, `range`, and code
/// points) and in the cleaned text put together.
struct Part {
    range: Range<usize>,
    src_chars: usize,
    out_bytes: usize,
    out_chars: usize,
}

impl Part {
    fn src(&self, unit: OffsetUnit) -> usize {
        match unit {
            OffsetUnit::Bytes => self.range.start,
            OffsetUnit::Chars => self.src_chars,
        }
    }

    fn out(&self, unit: OffsetUnit) -> usize {
        match unit {
            OffsetUnit::Bytes => self.out_bytes,
            OffsetUnit::Chars => self.out_chars,
        }
    }
}

/// The parts of a record cleaned once: where each starts, and what the record is made of.
struct Joined {
    /// The parts with cleaned text.
    parts: Vec<Part>,
    summary: Summary,
    /// Spans per language.
    spans: Vec<(Lang, usize)>,
}

impl Joined {
    fn foreign_spans(&self) -> usize {
        self.spans
            .iter()
            .filter(|(l, _)| is_foreign(*l, self.summary.lang))
            .map(|(_, n)| n)
            .sum()
    }
}

impl Long<'_> {
    /// Where the record's text starts in its input, in `unit`.
    fn source_base(&self, unit: OffsetUnit) -> usize {
        (match unit {
            OffsetUnit::Bytes => self.record.origin.bytes,
            OffsetUnit::Chars => self.record.origin.chars,
        }) as usize
    }

    /// Cleans the parts in order, handing each to `emit` with the glue that goes before its
    /// text: what cleaning the whole text would have kept of the line breaks or spaces the
    /// part before was cut at (trimmed from the ends of both parts).
    fn join(&self, mut emit: impl FnMut(&str, &Document) -> io::Result<()>) -> io::Result<Joined> {
        let text = self.record.text.as_str();
        let mut parts = Vec::new();
        let mut letters: Vec<(Lang, usize)> = Vec::new();
        let mut spans: Vec<(Lang, usize)> = Vec::new();
        let (mut src_chars, mut out_bytes, mut out_chars) = (0, 0, 0);
        let mut seam = Seam::default();
        // The last character of the cleaned text so far.
        let mut last_out: Option<char> = None;
        for (range, doc) in
            self.pipeline
                .process_parts_after(text, self.limit, self.record.origin.fence)
        {
            let raw = &text[range.clone()];
            let cleaned = doc.text();
            let raw_chars = raw.chars().count();
            if cleaned.is_empty() {
                seam.add(raw);
                src_chars += raw_chars;
                continue;
            }
            // What cleaning dropped before the first character it kept, and after the last.
            let first = cleaned.chars().next().map_or(0, char::len_utf8);
            let last = cleaned.chars().next_back().map_or(0, char::len_utf8);
            let kept = doc.to_source(0..first).start
                ..doc.to_source(cleaned.len() - last..cleaned.len()).end;
            seam.add(raw.get(..kept.start).unwrap_or_default());
            let glue = seam.glue_between(last_out, cleaned);
            emit(glue, &doc)?;
            out_bytes += glue.len();
            out_chars += glue.len(); // (the glue is ASCII)
            parts.push(Part {
                range: range.clone(),
                src_chars,
                out_bytes,
                out_chars,
            });
            out_bytes += cleaned.len();
            out_chars += cleaned.chars().count();
            src_chars += raw_chars;
            seam = Seam::default();
            seam.add(raw.get(kept.end..).unwrap_or_default());
            last_out = cleaned.chars().next_back();
            for (lang, n) in doc.summary().counts() {
                add_count(&mut letters, lang, n);
            }
            for s in doc.spans().iter().filter(|s| !s.code) {
                add_count(&mut spans, s.lang, 1);
            }
        }
        let lang = dominant(&letters);
        let mixed = spans.iter().any(|(l, _)| is_foreign(*l, lang));
        Ok(Joined {
            parts,
            summary: Summary::new(lang, mixed, letters),
            spans,
        })
    }

    /// Cleans the parts of `joined` again, in order, for their spans: each is handed to
    /// `each` with its spans foreign to the record's language marked so.
    fn again(
        &self,
        joined: &Joined,
        mut each: impl FnMut(&Document, &Part) -> io::Result<()>,
    ) -> io::Result<()> {
        // (The same parts, but for those that cleaned to nothing.)
        let mut parts = joined.parts.iter().peekable();
        for (range, mut doc) in self.pipeline.process_parts_after(
            &self.record.text,
            self.limit,
            self.record.origin.fence,
        ) {
            let Some(part) = parts.next_if(|p| p.range == range) else {
                continue;
            };
            mark_foreign(&mut doc.spans, joined.summary.lang);
            each(&doc, part)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(text: &str) -> Record {
        let fields = crate::source::Fields::parse(r#"{"id":"r","text":""}"#).unwrap();
        Record {
            id: "r".into(),
            text: text.into(),
            origin: Default::default(),
            fields: Some(fields),
        }
    }

    /// Written with `limit`: the output, the attributes and what the run counts.
    fn written(format: Format, text: &str, limit: usize) -> (String, String, Written) {
        let pipeline = Pipeline::new(crate::Config::default()).unwrap();
        let writer = Writer::new(format, OffsetUnit::Chars);
        let (mut out, mut attrs) = (Vec::new(), Vec::new());
        let w = writer
            .record(&pipeline, &record(text), limit, &mut out, Some(&mut attrs))
            .unwrap();
        (
            String::from_utf8(out).unwrap(),
            String::from_utf8(attrs).unwrap(),
            w,
        )
    }

    /// A part in English, in a record that is Chinese: its spans are foreign to the record,
    /// though not to the part.
    #[test]
    fn foreign_is_judged_by_the_whole_record() {
        let text = "The market moved fast this quarter.\n\n\
                    我们在北京天安门广场看升旗，然后去吃饭。\n今天天气很好，我们去公园散步吧。\n";
        for format in [Format::Jsonl, Format::Dolma, Format::Spans] {
            let whole = written(format, text, usize::MAX);
            let parts = written(format, text, 64);
            assert_eq!(parts, whole, "{format:?}");
            assert_eq!(whole.2.summary.lang, Lang::Zh);
            assert_eq!(whole.2.foreign_spans, 1, "{format:?}");
        }
    }

    /// A fenced code block open at a cut goes on in the next part: its lines are written as
    /// when the record is cleaned whole, not cleaned as prose.
    #[test]
    fn code_goes_on_across_a_cut() {
        let code = "x  =  1 ,中文abc\n".repeat(8);
        let text = format!("说明:\n```\n{code}```\n之后abc中文,好.\n");
        // (The output is the same; the letters a part of code alone counts are not.)
        for format in [Format::Jsonl, Format::Text, Format::Spans] {
            let whole = written(format, &text, usize::MAX);
            let parts = written(format, &text, 64);
            assert_eq!((parts.0, parts.1), (whole.0, whole.1), "{format:?}");
        }
        let (out, _, _) = written(Format::Text, &text, 64);
        assert!(out.contains(&code), "{out}");
        assert!(out.ends_with("之后 abc 中文，好。\n"), "{out}");
    }

    /// What cleaning trimmed at a cut comes back as the line break, blank line or space it
    /// was; a part that cleans to nothing adds its breaks to the seam.
    #[test]
    fn seams() {
        for (text, expected) in [
            ("第一行。\n第二行。", "第一行。\n第二行。"),
            ("第一行。\n\n\n第二行。", "第一行。\n\n第二行。"),
            (
                "第一段。\n\u{200B}\u{200B}\n第二段。",
                "第一段。\n\n第二段。",
            ),
            ("aaaa bbbb cccc dddd", "aaaa bbbb cccc dddd"),
        ] {
            assert!(crate::source::parts(text, 16).count() > 1, "{text:?}");
            let (out, _, _) = written(Format::Text, text, 16);
            assert_eq!(out, format!("{expected}\n"), "{text:?}");
        }
    }
}
