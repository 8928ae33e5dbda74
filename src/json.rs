//! The JSON shape of a document, one object per document (a JSON line):
//!
//! `{"id", "text", "lang", "mixed", "shares", "spans": [{"lang", "script", "start", "end",
//! "src_start", "src_end", "foreign", "confidence"?, "code"?, "words": [[start, end], ...],
//! "src_words": [[src_start, src_end], ...], "embedded": [{"lang", "start", "end",
//! "src_start", "src_end"}]}]}`
//!
//! Offsets are Unicode code points by default, so that Python's `text[start:end]` works;
//! UTF-8 bytes on request. `start`/`end` (and `words`) index the cleaned `text`;
//! `src_start`/`src_end` (and `src_words`, the same words in the same order) index the
//! source.

use std::cell::{Cell, OnceCell, RefCell};
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

/// Converts byte offsets of one text to code-point offsets: by a division where every
/// character takes the same bytes, from a table of 8-byte blocks in a text with many words,
/// else with a cursor (offsets are usually asked in increasing order, so each conversion
/// costs only the bytes in between).
struct CharOffsets<'t> {
    text: &'t str,
    /// Bytes per code point when they are the same for every character: 1 (ASCII text, or
    /// offsets in bytes) or 3 (plain Chinese text on one line); 0 when they vary.
    width: usize,
    cursor: Cell<(usize, usize)>,
    /// The code points before each 8-byte block of the text, counted once for its words:
    /// `None` where the text has too few words to pay for it.
    blocks: Option<OnceCell<Vec<u32>>>,
}

/// The longest text whose words are placed by [`CharOffsets::blocks`] (their table takes
/// half its size); longer ones go through the cursor.
const BLOCKS_MAX: usize = 1 << 24;

impl<'t> CharOffsets<'t> {
    /// Offsets in `text`, which has `words` words, and whose characters all take three
    /// bytes if `three_byte`.
    fn new(text: &'t str, unit: OffsetUnit, words: usize, three_byte: bool) -> Self {
        let width = if unit == OffsetUnit::Bytes {
            1
        } else if three_byte {
            3
        } else if text.is_ascii() {
            1
        } else {
            0
        };
        // Counting the blocks reads the text once, as the cursor does for a few offsets.
        let dense = width == 0 && words * 32 >= text.len() && text.len() <= BLOCKS_MAX;
        CharOffsets {
            text,
            width,
            cursor: Cell::new((0, 0)),
            blocks: dense.then(OnceCell::new),
        }
    }

    /// The code points before each 8-byte block (and the text's end, if it ends one), for
    /// placing many words of a text that is not ASCII: each in constant time, wherever it
    /// lies.
    fn blocks(&self) -> Option<&[u32]> {
        let blocks = self.blocks.as_ref()?.get_or_init(|| {
            let b = self.text.as_bytes();
            let mut blocks = vec![0; b.len() / 8 + 1];
            let mut chars = 0;
            for (n, c) in blocks[1..].iter_mut().zip(b.chunks_exact(8)) {
                let mut a = [0u8; 8];
                a.copy_from_slice(c);
                chars += 8 - lane_sum(continuation(u64::from_le_bytes(a))) as u32;
                *n = chars;
            }
            blocks
        });
        Some(blocks)
    }

    /// [`CharOffsets::at`] from the [`CharOffsets::blocks`].
    #[inline]
    fn at_block(&self, blocks: &[u32], byte: usize) -> usize {
        let b = self.text.as_bytes();
        let byte = byte.min(b.len());
        let (k, r) = (byte / 8, byte % 8);
        let before = blocks[k] as usize;
        if r == 0 {
            return before;
        }
        match b.get(8 * k..8 * k + 8) {
            Some(block) => {
                let mut a = [0u8; 8];
                a.copy_from_slice(block);
                let w = u64::from_le_bytes(a) & (u64::MAX >> (64 - 8 * r));
                before + r - lane_sum(continuation(w))
            }
            // (In the last, partial block.)
            None => before + count_chars(&b[8 * k..byte]),
        }
    }

    fn at(&self, byte: usize) -> usize {
        match self.width {
            1 => return byte,
            3 => return byte.min(self.text.len()) / 3,
            _ => {}
        }
        if let Some(blocks) = self.blocks() {
            return self.at_block(blocks, byte);
        }
        let byte = byte.min(self.text.len());
        let (b, c) = self.cursor.get();
        let chars = if byte >= b {
            c + count_chars(&self.text.as_bytes()[b..byte])
        } else {
            c - count_chars(&self.text.as_bytes()[byte..b])
        };
        self.cursor.set((byte, chars));
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
    /// The text is the source itself (no stage edited it).
    unedited: bool,
    /// Added to source offsets: where the document starts in its file.
    src_base: usize,
    /// Added to offsets in the cleaned text: where the document starts in a longer one.
    out_base: usize,
}

impl<'d> JsonDocument<'d> {
    /// Wraps `doc` for serialization; `id` is written as given (`null` when absent).
    pub fn new(doc: &'d Document<'d>, id: Option<&'d serde_json::Value>, unit: OffsetUnit) -> Self {
        let unedited = std::ptr::eq(doc.text(), doc.source());
        let words = doc.spans().iter().map(|s| s.words.len()).sum();
        JsonDocument {
            doc,
            id,
            out: CharOffsets::new(doc.text(), unit, words, doc.three_byte),
            // (Unedited, the source is the text, and its words are placed in the text.)
            src: CharOffsets::new(
                doc.source(),
                unit,
                if unedited { 0 } else { words },
                doc.three_byte && unedited,
            ),
            unedited,
            src_base: 0,
            out_base: 0,
        }
    }

    /// Source offsets relative to a larger input: `base` (in the offset unit) is where the
    /// document starts in it, as when a file is read paragraph by paragraph.
    pub fn with_source_base(mut self, base: usize) -> Self {
        self.src_base = base;
        self
    }

    /// Offsets in the cleaned text relative to a longer text: `base` (in the offset unit) is
    /// where the document's text starts in it, as for a part of a long record.
    pub(crate) fn with_text_base(mut self, base: usize) -> Self {
        self.out_base = base;
        self
    }

    /// Only the annotations, `{"lang", "mixed", "shares", "spans"}`: what goes under the
    /// `zhen` key of a JSON-lines record, whose text field holds the cleaned text.
    pub fn annotations(&self) -> impl Serialize + '_ {
        Annotations(self)
    }

    /// Writes the document as one line of JSON (with the trailing newline), in pieces of
    /// about 64 KiB: the line of a long document with many spans can be tens of times its
    /// size, and is never held whole.
    ///
    /// The bytes are exactly what `serde_json::to_writer` writes for this document (its
    /// [`Serialize`] implementation), followed by `\n`; they are produced directly, without
    /// going through serde, which is several times faster for the many small arrays of
    /// word offsets.
    pub fn write_line<W: Write>(&self, mut w: W) -> std::io::Result<()> {
        thread_local! {
            static BUF: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
        }
        BUF.with(|cell| {
            let mut fresh = Vec::new();
            let mut guard = cell.try_borrow_mut();
            let buf = match &mut guard {
                Ok(b) => &mut **b,
                Err(_) => &mut fresh,
            };
            buf.clear();
            let result = self.write_json(buf, &mut w).and_then(|()| {
                buf.push(b'\n');
                w.write_all(buf)
            });
            buf.clear();
            // Keep a buffer for the next document, but not a long text's.
            if buf.capacity() > 1 << 22 {
                *buf = Vec::new();
            }
            result
        })
    }

    /// Writes the compact JSON of the document through `out`, which is handed on to `w`
    /// whenever it holds [`SPILL`] bytes or more (and left with the rest).
    fn write_json<W: Write>(&self, out: &mut Vec<u8>, w: &mut W) -> std::io::Result<()> {
        let doc = self.doc;
        let summary = doc.summary();
        out.reserve(doc.text().len().min(SPILL) + 64);
        out.extend_from_slice(b"{\"id\":");
        serde_json::to_writer(&mut *out, &self.id)?;
        out.extend_from_slice(b",\"text\":");
        push_str(out, doc.text());
        spill(out, w)?;
        out.push(b',');
        push_summary(out, summary)?;
        out.extend_from_slice(b",\"spans\":[");
        self.write_spans(out, w, true)?;
        out.extend_from_slice(b"]}");
        Ok(())
    }

    /// The spans, comma-separated (after a comma unless `first`), without brackets.
    pub(crate) fn write_spans<W: Write>(
        &self,
        out: &mut Vec<u8>,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        for (k, span) in self.doc.spans().iter().enumerate() {
            if k > 0 || !first {
                out.push(b',');
            }
            out.extend_from_slice(b"{\"lang\":");
            push_str(out, span.lang.code());
            out.extend_from_slice(b",\"script\":");
            push_str(out, span.script.code());
            let (start, end) = (self.out.at(span.range.start), self.out.at(span.range.end));
            // Text that no stage edited is its source: its offsets are counted once.
            let (src_start, src_end) = if self.unedited && span.src_range == span.range {
                (start, end)
            } else {
                (
                    self.src.at(span.src_range.start),
                    self.src.at(span.src_range.end),
                )
            };
            out.extend_from_slice(b",\"start\":");
            push_usize(out, self.out_base + start);
            out.extend_from_slice(b",\"end\":");
            push_usize(out, self.out_base + end);
            out.extend_from_slice(b",\"src_start\":");
            push_usize(out, self.src_base + src_start);
            out.extend_from_slice(b",\"src_end\":");
            push_usize(out, self.src_base + src_end);
            out.extend_from_slice(b",\"foreign\":");
            push_bool(out, span.foreign);
            if let Some(c) = span.confidence {
                out.extend_from_slice(b",\"confidence\":");
                serde_json::to_writer(&mut *out, &((c * 1e4).round() / 1e4))?;
            }
            if span.code {
                out.extend_from_slice(b",\"code\":true");
            }
            out.extend_from_slice(b",\"words\":[");
            let written = self.write_words(out, w, &span.words, Side::Text)?;
            out.extend_from_slice(b"],\"src_words\":[");
            match written {
                // Unedited and counted from the same base, the source's offsets are the
                // text's: the array just written is copied rather than computed again.
                Some(array) if self.unedited && self.src_base == self.out_base => {
                    out.extend_from_within(array);
                    spill(out, w)?;
                }
                _ => {
                    self.write_words(out, w, &span.words, Side::Source)?;
                }
            }
            out.extend_from_slice(b"],\"embedded\":[");
            for (m, e) in span.embedded.iter().enumerate() {
                if m > 0 {
                    out.push(b',');
                }
                let [a, b] = self.pair(&e.range);
                let [c, d] = self.src_pair(&e.src_range);
                out.extend_from_slice(b"{\"lang\":");
                push_str(out, e.lang.code());
                out.extend_from_slice(b",\"start\":");
                push_usize(out, a);
                out.extend_from_slice(b",\"end\":");
                push_usize(out, b);
                out.extend_from_slice(b",\"src_start\":");
                push_usize(out, c);
                out.extend_from_slice(b",\"src_end\":");
                push_usize(out, d);
                out.push(b'}');
                spill(out, w)?;
            }
            out.extend_from_slice(b"]}");
            spill(out, w)?;
        }
        Ok(())
    }
}

impl JsonDocument<'_> {
    /// `[[start, end], ...]` of the words in the text or in the source (without the opening
    /// bracket). Words are many and short: a batch of them is converted to offsets in one
    /// loop, formatted in a stack buffer in a second, and appended at once. Gives where the
    /// array lies in `out`, unless part of it was handed on to `sink` already.
    fn write_words<W: Write>(
        &self,
        out: &mut Vec<u8>,
        sink: &mut W,
        words: &[crate::Word],
        side: Side,
    ) -> std::io::Result<Option<Range<usize>>> {
        const BATCH: usize = 32;
        let mut start = Some(out.len());
        let mut offsets = [(0, 0); BATCH];
        // `,[a,b]` with 20-digit numbers takes 45 bytes; `put_digits` stores 8 at a time.
        let mut buf = [0u8; BATCH * 45 + 8];
        // The last word's end and its digits: the next word usually starts there.
        let mut last = (usize::MAX, (0, 0));
        // The thousands of the last number and their digits: offsets in a long text or far
        // into a file share them from word to word.
        let mut thousands = (usize::MAX, (0, 0));
        for (k, batch) in words.chunks(BATCH).enumerate() {
            let offsets = &mut offsets[..batch.len()];
            match side {
                Side::Text => self.word_offsets(batch, offsets),
                Side::Source => self.src_word_offsets(batch, offsets),
            }
            let mut len = 0;
            for &(a, b) in offsets.iter() {
                buf[len] = b',';
                buf[len + 1] = b'[';
                len = if a == last.0 {
                    put_digits(&mut buf, len + 2, last.1)
                } else {
                    put_usize(&mut buf, len + 2, a)
                };
                buf[len] = b',';
                if b < 100_000_000 {
                    let digits = if b < 1000 {
                        small_digits(b)
                    } else {
                        let (high, low) = (b / 1000, b % 1000);
                        if high != thousands.0 {
                            thousands = (high, small_digits(high));
                        }
                        let (w, n) = thousands.1;
                        (w | u64::from(PADDED[low]) << (8 * n), n + 3)
                    };
                    len = put_digits(&mut buf, len + 1, digits);
                    last = (b, digits);
                } else {
                    len = put_usize(&mut buf, len + 1, b);
                    last.0 = usize::MAX;
                }
                buf[len] = b']';
                len += 1;
            }
            // (No comma before the first word.)
            out.extend_from_slice(&buf[usize::from(k == 0)..len]);
            if spill(out, sink)? {
                start = None;
            }
        }
        Ok(start.map(|s| s..out.len()))
    }

    /// The offsets of `words` in the source, in the document's unit, into `offsets`.
    fn src_word_offsets(&self, words: &[crate::Word], offsets: &mut [(usize, usize)]) {
        // (Unedited, the source is the text, whose offsets may be the faster ones.)
        if self.unedited {
            self.word_offsets(words, offsets);
            for o in offsets.iter_mut() {
                *o = (
                    o.0 - self.out_base + self.src_base,
                    o.1 - self.out_base + self.src_base,
                );
            }
            return;
        }
        offsets_in(&self.src, self.src_base, words, |w| &w.src_range, offsets);
    }

    /// The offsets of `words` in the text, in the document's unit, into `offsets`.
    fn word_offsets(&self, words: &[crate::Word], offsets: &mut [(usize, usize)]) {
        offsets_in(&self.out, self.out_base, words, |w| &w.range, offsets);
    }
}

/// The offsets in `cursor`'s text of the ranges `range` gives of `words`, in its unit and
/// after `base`, into `offsets`.
fn offsets_in(
    cursor: &CharOffsets,
    base: usize,
    words: &[crate::Word],
    range: impl Fn(&crate::Word) -> &Range<usize>,
    offsets: &mut [(usize, usize)],
) {
    let n = cursor.text.len();
    match cursor.width {
        1 => {
            for (o, w) in offsets.iter_mut().zip(words) {
                let r = range(w);
                *o = (base + r.start, base + r.end);
            }
            return;
        }
        3 => {
            for (o, w) in offsets.iter_mut().zip(words) {
                let r = range(w);
                *o = (base + r.start.min(n) / 3, base + r.end.min(n) / 3);
            }
            return;
        }
        _ => {}
    }
    if let Some(blocks) = cursor.blocks() {
        // A word usually starts where the one before ended.
        let mut last = (usize::MAX, 0);
        for (o, w) in offsets.iter_mut().zip(words) {
            let r = range(w);
            let a = if r.start == last.0 {
                last.1
            } else {
                cursor.at_block(blocks, r.start)
            };
            last = (r.end, cursor.at_block(blocks, r.end));
            *o = (base + a, base + last.1);
        }
        return;
    }
    let bytes = cursor.text.as_bytes();
    let (mut cb, mut cc) = cursor.cursor.get();
    for (o, w) in offsets.iter_mut().zip(words) {
        let r = range(w);
        let (s, e) = (r.start.min(n), r.end.min(n));
        // A word usually starts where the one before ended.
        if s != cb {
            cc = if s > cb {
                cc + count_chars(&bytes[cb..s])
            } else {
                cc - count_chars(&bytes[s..cb])
            };
        }
        let a = cc;
        cc = if e >= s {
            cc + count_short(bytes, s, e)
        } else {
            cc - count_chars(&bytes[e..s])
        };
        cb = e;
        *o = (base + a, base + cc);
    }
    cursor.cursor.set((cb, cc));
}

/// `"lang":…,"mixed":…,"shares":{…}` of a document or record.
pub(crate) fn push_summary(out: &mut Vec<u8>, summary: &crate::Summary) -> std::io::Result<()> {
    out.extend_from_slice(b"\"lang\":");
    push_str(out, summary.lang.code());
    out.extend_from_slice(b",\"mixed\":");
    push_bool(out, summary.mixed);
    out.extend_from_slice(b",\"shares\":{");
    for (k, (lang, share)) in summary.shares.iter().enumerate() {
        if k > 0 {
            out.push(b',');
        }
        push_str(out, lang.code());
        out.push(b':');
        // Rounded: shares are for reading and filtering, not arithmetic.
        serde_json::to_writer(&mut *out, &((share * 1e4).round() / 1e4))?;
    }
    out.push(b'}');
    Ok(())
}

/// How much JSON is gathered before it is written on.
const SPILL: usize = 1 << 16;

/// Hands `out` on to `w` once it holds [`SPILL`] bytes; says whether it did.
#[inline]
fn spill<W: Write>(out: &mut Vec<u8>, w: &mut W) -> std::io::Result<bool> {
    if out.len() < SPILL {
        return Ok(false);
    }
    w.write_all(out)?;
    out.clear();
    Ok(true)
}

/// Code points in `bytes[s..e]`, for a short range: one word read from the text.
#[inline]
fn count_short(bytes: &[u8], s: usize, e: usize) -> usize {
    let len = e - s;
    let Some(chunk) = bytes.get(s..s + 8).filter(|_| len <= 8) else {
        return count_chars(&bytes[s..e]);
    };
    let mut a = [0u8; 8];
    a.copy_from_slice(chunk);
    let keep = if len == 8 {
        u64::MAX
    } else {
        (1u64 << (8 * len)) - 1
    };
    len - lane_sum(continuation(u64::from_le_bytes(a) & keep))
}

fn push_bool(out: &mut Vec<u8>, b: bool) {
    out.extend_from_slice(if b { b"true" } else { b"false" });
}

/// The two ASCII digits of each number below 100, the first in the low byte.
const PAIRS: [u16; 100] = {
    let mut t = [0u16; 100];
    let mut i = 0;
    while i < 100 {
        t[i] = (b'0' + (i / 10) as u8) as u16 | (((b'0' + (i % 10) as u8) as u16) << 8);
        i += 1;
    }
    t
};

/// The digits of each number below 1000, the first in the low byte, and their count in the
/// high byte.
static DIGITS: [u32; 1000] = {
    let mut t = [0u32; 1000];
    let mut n = 0;
    while n < 1000 {
        let (a, b, c) = ((n / 100) as u32, (n / 10 % 10) as u32, (n % 10) as u32);
        t[n] = if n >= 100 {
            (3 << 24) | (0x30 + a) | ((0x30 + b) << 8) | ((0x30 + c) << 16)
        } else if n >= 10 {
            (2 << 24) | (0x30 + b) | ((0x30 + c) << 8)
        } else {
            (1 << 24) | (0x30 + c)
        };
        n += 1;
    }
    t
};

/// The three digits of each number below 1000, with leading zeros, the first in the low
/// byte.
static PADDED: [u32; 1000] = {
    let mut t = [0u32; 1000];
    let mut n = 0;
    while n < 1000 {
        let (a, b, c) = ((n / 100) as u32, (n / 10 % 10) as u32, (n % 10) as u32);
        t[n] = (0x30 + a) | ((0x30 + b) << 8) | ((0x30 + c) << 16);
        n += 1;
    }
    t
};

fn push_usize(out: &mut Vec<u8>, n: usize) {
    let mut buf = [0u8; 24];
    let len = put_usize(&mut buf, 0, n);
    out.extend_from_slice(&buf[..len]);
}

/// Writes the digits of `n` into `buf` at `at` (which has room for 24 bytes) and returns
/// where they end.
#[inline]
fn put_usize(buf: &mut [u8], at: usize, n: usize) -> usize {
    if n >= 100_000_000 {
        return put_large(buf, at, n);
    }
    put_digits(buf, at, small_digits(n))
}

/// Stores digits from [`small_digits`] into `buf` at `at` (which has room for 8 bytes) and
/// returns where they end.
#[inline]
fn put_digits(buf: &mut [u8], at: usize, (w, digits): (u64, usize)) -> usize {
    buf[at..at + 8].copy_from_slice(&w.to_le_bytes());
    at + digits
}

/// The digits of `n` (below 10^8) gathered in a register, the first digit in the low byte,
/// and how many there are: stored at once, no byte-wise stores read back as a word.
#[inline]
fn small_digits(n: usize) -> (u64, usize) {
    // Offsets inside a line or paragraph: one look-up.
    if let Some(&d) = DIGITS.get(n) {
        return (u64::from(d & 0xFF_FFFF), (d >> 24) as usize);
    }
    let mut n = n as u64;
    let mut w = 0u64;
    let mut digits = 0;
    while n >= 100 {
        w = (w << 16) | u64::from(PAIRS[(n % 100) as usize]);
        n /= 100;
        digits += 2;
    }
    if n >= 10 {
        w = (w << 16) | u64::from(PAIRS[n as usize]);
        digits += 2;
    } else {
        w = (w << 8) | (u64::from(b'0') + n);
        digits += 1;
    }
    (w, digits)
}

#[cold]
fn put_large(buf: &mut [u8], at: usize, mut n: usize) -> usize {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    while n > 0 {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
    }
    let len = digits.len() - i;
    buf[at..at + len].copy_from_slice(&digits[i..]);
    at + len
}

/// Code points in `s`: the bytes that do not continue a character (`10xxxxxx`), counted
/// eight at a time.
#[inline]
fn count_chars(s: &[u8]) -> usize {
    const LANES: u64 = 0x00FF_00FF_00FF_00FF;
    // The sum of the byte lanes of `acc` (each at most 255).
    let lanes = |acc: u64| {
        let pairs = (acc & LANES) + ((acc >> 8) & LANES);
        (pairs.wrapping_mul(0x0001_0001_0001_0001) >> 48) as usize
    };
    let mut cont = 0;
    let mut chunks = s.chunks_exact(8);
    loop {
        let mut acc = 0u64;
        let mut k = 0;
        for c in chunks.by_ref().take(255) {
            let mut a = [0u8; 8];
            a.copy_from_slice(c);
            acc += continuation(u64::from_le_bytes(a));
            k += 1;
        }
        cont += lanes(acc);
        if k < 255 {
            break;
        }
    }
    let mut w = 0u64;
    for (k, &x) in chunks.remainder().iter().enumerate() {
        w |= u64::from(x) << (8 * k);
    }
    cont += lanes(continuation(w));
    s.len() - cont
}

/// One in each byte lane of `w` that holds a continuation byte (`10xxxxxx`).
#[inline]
fn continuation(w: u64) -> u64 {
    (w & !(w << 1) & 0x8080_8080_8080_8080) >> 7
}

/// The sum of the byte lanes of `w` (a sum below 256).
#[inline]
fn lane_sum(w: u64) -> usize {
    (w.wrapping_mul(0x0101_0101_0101_0101) >> 56) as usize
}

/// A JSON string, escaped as serde_json escapes it: `"` and `\\` with a backslash, the
/// control characters below U+0020 as `\b \t \n \f \r` or `\u00xx`; everything else
/// (DEL and all non-ASCII text included) as it is.
fn push_str(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    push_str_body(out, s);
    out.push(b'"');
}

/// `s` escaped as in a JSON string, without the quotes.
pub(crate) fn push_str_body(out: &mut Vec<u8>, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let b = s.as_bytes();
    let mut done = 0;
    let mut i = 0;
    while i < b.len() {
        i = next_escape(b, i);
        let Some(&x) = b.get(i) else {
            break;
        };
        out.extend_from_slice(&b[done..i]);
        match x {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            0x08 => out.extend_from_slice(b"\\b"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            0x0C => out.extend_from_slice(b"\\f"),
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => out.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(x >> 4)],
                HEX[usize::from(x & 0xF)],
            ]),
        }
        i += 1;
        done = i;
    }
    out.extend_from_slice(&b[done..]);
}

/// The first index at or after `i` of a byte that JSON strings escape.
fn next_escape(b: &[u8], mut i: usize) -> usize {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let has_zero = |w: u64| w.wrapping_sub(LO) & !w & HI != 0;
    while i + 8 <= b.len() {
        let mut a = [0u8; 8];
        a.copy_from_slice(&b[i..i + 8]);
        let w = u64::from_le_bytes(a);
        // Eight bytes of non-ASCII text (most of Chinese text) need no look.
        if w & HI == HI {
            i += 8;
            continue;
        }
        let control = w.wrapping_sub(LO * 0x20) & !w & HI != 0;
        if control || has_zero(w ^ (LO * u64::from(b'"'))) || has_zero(w ^ (LO * u64::from(b'\\')))
        {
            break;
        }
        i += 8;
    }
    while i < b.len() && b[i] >= 0x20 && b[i] != b'"' && b[i] != b'\\' {
        i += 1;
    }
    i
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
        let n = 10 + usize::from(span.confidence.is_some()) + usize::from(span.code);
        let mut st = s.serialize_struct("Span", n)?;
        st.serialize_field("lang", &span.lang)?;
        st.serialize_field("script", &span.script)?;
        st.serialize_field("start", &(j.out_base + j.out.at(span.range.start)))?;
        st.serialize_field("end", &(j.out_base + j.out.at(span.range.end)))?;
        st.serialize_field("src_start", &(j.src_base + j.src.at(span.src_range.start)))?;
        st.serialize_field("src_end", &(j.src_base + j.src.at(span.src_range.end)))?;
        st.serialize_field("foreign", &span.foreign)?;
        if let Some(c) = span.confidence {
            st.serialize_field("confidence", &((c * 1e4).round() / 1e4))?;
        }
        if span.code {
            st.serialize_field("code", &true)?;
        }
        st.serialize_field(
            "words",
            &Words {
                j,
                span,
                side: Side::Text,
            },
        )?;
        st.serialize_field(
            "src_words",
            &Words {
                j,
                span,
                side: Side::Source,
            },
        )?;
        st.serialize_field("embedded", &EmbeddedJson { j, span })?;
        st.end()
    }
}

struct Words<'a> {
    j: &'a JsonDocument<'a>,
    span: &'a Span,
    side: Side,
}

impl Serialize for Words<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.span.words.len()))?;
        for w in &self.span.words {
            seq.serialize_element(&match self.side {
                Side::Text => self.j.pair(&w.range),
                Side::Source => self.j.src_pair(&w.src_range),
            })?;
        }
        seq.end()
    }
}

/// Which text offsets are in: the cleaned text or the source.
#[derive(Clone, Copy)]
enum Side {
    Text,
    Source,
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
            src_start: usize,
            src_end: usize,
        }
        let mut seq = s.serialize_seq(Some(self.span.embedded.len()))?;
        for e in &self.span.embedded {
            let [start, end] = self.j.pair(&e.range);
            let [src_start, src_end] = self.j.src_pair(&e.src_range);
            seq.serialize_element(&E {
                lang: e.lang,
                start,
                end,
                src_start,
                src_end,
            })?;
        }
        seq.end()
    }
}

impl JsonDocument<'_> {
    fn pair(&self, r: &Range<usize>) -> [usize; 2] {
        [
            self.out_base + self.out.at(r.start),
            self.out_base + self.out.at(r.end),
        ]
    }

    /// A range of the source in the offset unit.
    fn src_pair(&self, r: &Range<usize>) -> [usize; 2] {
        [
            self.src_base + self.src.at(r.start),
            self.src_base + self.src.at(r.end),
        ]
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
    fn write_line_is_serde_json() {
        let p = crate::Pipeline::new(crate::Config {
            characters: crate::Switch::Off,
            ..crate::Config::default()
        })
        .unwrap();
        let id = serde_json::json!({"file": "a\"b", "n": [1, 2.5]});
        for text in [
            "",
            "说Anthropic对外宣称的$300亿,we have底气 to say so.",
            "a\"b\\c\u{7}\u{1F}\u{7F}\t\r\u{8}\u{C}\u{0} 中文 x\ny",
            "La politique monétaire européenne reste prudente malgré une inflation persistante",
            "Привет мир как дела у тебя сегодня хорошо",
            "\u{FEFF}用Kubernetes部署\r\n\r\n中 文 文 本",
            // More words than one batch of the word writer holds, in both offset units.
            &"我们用 Kubernetes 部署了服务，成本降低了 30%。".repeat(40),
            &"we deploy it with Kubernetes and cut costs by 30 %. ".repeat(40),
            // A line of many spans, longer than what is gathered before it is written on.
            &"说Anthropic对外宣称的$300亿,we have底气 to say so. ".repeat(600),
        ] {
            let doc = p.process(text);
            for unit in [OffsetUnit::Chars, OffsetUnit::Bytes] {
                // (Source offsets past a thousand, and past 10^8, are written another way.)
                for (id, base) in [
                    (None, 0),
                    (Some(&id), 7),
                    (None, 998_990),
                    (None, 99_999_000),
                ] {
                    let j = JsonDocument::new(&doc, id, unit).with_source_base(base);
                    let mut fast = Vec::new();
                    j.write_line(&mut fast).unwrap();
                    assert!(
                        text.len() < 30_000 || fast.len() > 2 * SPILL,
                        "{}",
                        fast.len()
                    );
                    let slow = JsonDocument::new(&doc, id, unit).with_source_base(base);
                    let mut slow = serde_json::to_vec(&slow).unwrap();
                    slow.push(b'\n');
                    assert_eq!(
                        String::from_utf8(fast).unwrap(),
                        String::from_utf8(slow).unwrap()
                    );
                }
            }
        }
    }

    #[test]
    fn counting_chars() {
        let s = "a中b文c😀é".repeat(700);
        for (i, _) in s.char_indices().step_by(7) {
            for (j, _) in s[i..].char_indices().step_by(13) {
                let t = &s[i..i + j];
                assert_eq!(count_chars(t.as_bytes()), t.chars().count());
            }
        }
    }

    #[test]
    fn numbers() {
        for n in [
            0,
            9,
            10,
            99,
            100,
            101,
            999,
            1000,
            12345,
            1_000_000,
            12_345_678,
            99_999_999,
            100_000_000,
            123_456_789_012,
            usize::MAX,
        ] {
            let mut v = Vec::new();
            push_usize(&mut v, n);
            assert_eq!(String::from_utf8(v).unwrap(), n.to_string());
        }
    }

    #[test]
    fn block_offsets_are_code_points() {
        let texts = [
            "a中b文c",
            "😀é中\u{301}文文文文文文文abcdefgh中",
            "中文中文中文中文",
        ];
        for t in texts.iter().map(|t| t.repeat(3)) {
            let blocks = CharOffsets::new(&t, OffsetUnit::Chars, t.len(), false);
            assert!(blocks.blocks().is_some(), "{t:?}");
            for p in (0..=t.len() + 9)
                .rev()
                .filter(|&p| p > t.len() || t.is_char_boundary(p))
            {
                let want = t[..p.min(t.len())].chars().count();
                assert_eq!(blocks.at(p), want, "{t:?} {p}");
            }
        }
    }

    #[test]
    fn strings_are_escaped_as_serde_json_does() {
        for mark in ["\"", "\\", "\n", "\u{1}", "\u{1f}", "\u{7f}", " ", "é"] {
            for before in 0..20 {
                for text in ["中文", "ab"] {
                    let s = format!("{}{mark}{}", text.repeat(before), text.repeat(5));
                    let mut out = Vec::new();
                    push_str(&mut out, &s);
                    assert_eq!(
                        String::from_utf8(out).unwrap(),
                        serde_json::to_string(&s).unwrap()
                    );
                }
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 2000, failure_persistence: None, ..Default::default() })]

        /// Plain Chinese text is marked as three bytes a character only when it is, and
        /// its offsets are those counted character by character.
        #[test]
        fn three_byte_text_is_placed_as_counted(
            s in "[\u{4E00}-\u{9FFF}\u{3001}-\u{301B}，：！（）；？“”—…\n aé1😀]{0,40}",
        ) {
            static PIPELINE: std::sync::OnceLock<crate::Pipeline> = std::sync::OnceLock::new();
            let p = PIPELINE.get_or_init(|| crate::Pipeline::new(crate::Config::default()).unwrap());
            let doc = p.process(&s);
            proptest::prop_assert!(!doc.three_byte || doc.text().chars().all(|c| c.len_utf8() == 3), "{:?}", s);
            let counted = Document { three_byte: false, ..doc.clone() };
            let (mut a, mut b) = (Vec::new(), Vec::new());
            JsonDocument::new(&doc, None, OffsetUnit::Chars).write_line(&mut a).unwrap();
            JsonDocument::new(&counted, None, OffsetUnit::Chars).write_line(&mut b).unwrap();
            proptest::prop_assert_eq!(a, b, "{:?}", s);
        }
    }

    #[test]
    fn char_offsets_both_directions() {
        let t = "a中b文c";
        let c = CharOffsets::new(t, OffsetUnit::Chars, 0, false);
        assert_eq!(c.at(4), 2);
        assert_eq!(c.at(8), 4);
        assert_eq!(c.at(1), 1);
        assert_eq!(c.at(9), 5);
        let b = CharOffsets::new(t, OffsetUnit::Bytes, 0, false);
        assert_eq!(b.at(4), 4);
    }
}
