//! Inputs to documents: plain text by file, paragraph or line, and JSON-lines corpora, read
//! as a stream so that memory stays bounded by the largest document, not the input.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde_json::Value;
use serde_json::value::RawValue;

use super::decode::{
    Charset, OnInvalid, decode, looks_binary, mostly_utf8, refuse_utf32, utf16_without_bom,
};
use super::fields::{self, Fields};
use crate::clean::code;
use crate::error::{Error, Location};

/// What counts as one document in a plain-text input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Unit {
    /// The whole file (the default).
    #[default]
    File,
    /// Text between blank lines.
    Paragraph,
    /// Each non-blank line.
    Line,
}

/// How an input is structured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// Plain text, cut into documents by [`Unit`].
    Text,
    /// One JSON object per line (datatrove, dolma), the text in one field; or one JSON array
    /// of such objects, read one at a time.
    Jsonl,
}

impl InputFormat {
    /// JSON lines for `.jsonl`/`.ndjson`/`.json` files (also compressed), text otherwise.
    pub fn from_path(path: &Path) -> InputFormat {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        let name = name.trim_end_matches(".gz").trim_end_matches(".zst");
        if name.ends_with(".jsonl") || name.ends_with(".ndjson") || name.ends_with(".json") {
            InputFormat::Jsonl
        } else {
            InputFormat::Text
        }
    }
}

/// How to read inputs.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Input structure; `None` decides by file extension.
    pub format: Option<InputFormat>,
    /// Documents in plain text.
    pub unit: Unit,
    /// Text encoding.
    pub charset: Charset,
    /// Invalid bytes: error or U+FFFD.
    pub on_invalid: OnInvalid,
    /// JSON field holding the text.
    pub text_field: String,
    /// JSON field holding the id (when absent: the line number, or the place in a JSON array).
    pub id_field: String,
    /// Longest document of plain text in bytes (at least 4, one character); a longer one is
    /// cut at a line or space boundary into several documents (`id#2`, `id#3`, ...). A JSON
    /// record is read whole: [`parts`] cuts a long text the same way, for cleaning.
    pub max_document: usize,
    /// With [`Unit::File`], the longest file read as one document (at least
    /// `max_document`): it is cleaned in [`parts`] of `max_document`, and written whole. A
    /// longer file is cut into documents of this size.
    pub max_file: usize,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            format: None,
            unit: Unit::File,
            charset: Charset::Utf8,
            on_invalid: OnInvalid::Error,
            text_field: "text".into(),
            id_field: "id".into(),
            max_document: MAX_DOCUMENT,
            max_file: MAX_FILE,
        }
    }
}

/// The default longest document (512 KiB). Cleaning one takes tens of times its size (its
/// words, spans and offset maps, the span detector's tokens): 30 to 60 MB for a megabyte of
/// dense mixed text, about 100 MB when every character is a word, an edit and a span
/// (`中a中a…`). Half a megabyte keeps even that within a run's 128 MB budget.
pub const MAX_DOCUMENT: usize = 512 << 10;
/// The default longest file read as one document with [`Unit::File`] (4 MiB): it is held
/// whole, and cleaned a [`MAX_DOCUMENT`] at a time.
pub const MAX_FILE: usize = 4 << 20;

/// What `--encoding auto` reads to tell UTF-8, streamed, from other encodings, decoded whole.
const AUTO_PREFIX: u64 = 1 << 20;
/// The longest JSON line (256 MiB): longer records are reported and skipped. A line is held
/// whole while it is parsed, so reading one costs a few times its size (the line, serde's
/// buffer for an escaped string, the parsed text); its text is then cleaned in [`parts`] of
/// at most [`MAX_DOCUMENT`].
pub const MAX_RECORD: usize = 256 << 20;

/// Where a document starts in its input, in bytes and in code points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Origin {
    /// UTF-8 bytes before the document (of the decoded text for non-UTF-8 inputs).
    pub bytes: u64,
    /// Code points before the document.
    pub chars: u64,
    /// 1-based line where the document starts.
    pub line: u64,
    /// The backtick count of a fenced code block that the document begins inside: one the
    /// document before left open, when this one continues it after a cut at the size
    /// limit. Its lines up to the closing fence are code.
    pub fence: Option<usize>,
}

/// One document read from an input.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// Its id: the JSON id field, or `path:line` for text.
    pub id: Value,
    /// Its text.
    pub text: String,
    /// Where it starts in the input. For JSON records, whose offsets are relative to their
    /// text field: zero, with `line` zero.
    pub origin: Origin,
    /// For JSON records, the object (its text field, emptied, is replaced on output).
    pub fields: Option<Fields>,
}

/// What reading produced next.
#[derive(Debug)]
pub enum Item {
    /// A document.
    Document(Record),
    /// A record that could not be read and was skipped (a malformed JSON line).
    Skipped(Error),
}

/// Opens a file (or `-` for standard input), decompressing `.gz` and `.zst` transparently.
pub fn open(path: &Path) -> Result<Box<dyn BufRead + Send>, Error> {
    let err = |e| Error::io(path, e);
    let raw: Box<dyn Read + Send> = if path.as_os_str() == "-" {
        Box::new(io::stdin())
    } else {
        Box::new(File::open(path).map_err(err)?)
    };
    let mut buffered = BufReader::with_capacity(1 << 16, raw);
    let head = buffered.fill_buf().map_err(err)?;
    let name = path.to_string_lossy();
    if let Some(format) = unread_compression(head) {
        return Err(Error::Input {
            location: Location {
                path: path.to_path_buf(),
                line: None,
                byte: None,
            },
            reason: format!(
                "{format}-compressed input is not supported (gzip and zstd are): decompress it first"
            ),
        });
    }
    // The data says what it is, whatever its name; a name that says otherwise is an error
    // that names the format (`a.zst: not zstd data`), not the decoder's own words.
    let gzip = head.starts_with(&[0x1F, 0x8B]);
    // (A zstd stream may begin with a skippable frame, magic 0x184D2A50..5F, as `pzstd`
    // writes one.)
    let zstd = head.starts_with(&[0x28, 0xB5, 0x2F, 0xFD])
        || (head.len() >= 4 && head[0] & 0xF0 == 0x50 && head[1..4] == [0x2A, 0x4D, 0x18]);
    for (ext, format) in [(".gz", "gzip"), (".zst", "zstd")] {
        if name.ends_with(ext) && !gzip && !zstd && !head.is_empty() {
            return Err(Error::Input {
                location: Location {
                    path: path.to_path_buf(),
                    line: None,
                    byte: Some(0),
                },
                reason: format!("not {format} data, as its name says (no {format} header)"),
            });
        }
    }
    Ok(if gzip {
        Box::new(BufReader::new(super::gzip::Members::new(buffered)))
    } else if zstd {
        Box::new(BufReader::new(
            super::zst::Zstd::new(buffered).map_err(err)?,
        ))
    } else {
        Box::new(buffered)
    })
}

/// The compression format that `head` begins with, of those not read (they would
/// otherwise be refused as binary, which hides what the file is).
fn unread_compression(head: &[u8]) -> Option<&'static str> {
    // bzip2: `BZh`, the block size, then the magic of a block or of the stream's end.
    let bzip2 = head.len() >= 10
        && head.starts_with(b"BZh")
        && (b'1'..=b'9').contains(&head[3])
        && matches!(&head[4..10], b"1AY&SY" | b"\x17\x72\x45\x38\x50\x90");
    let magic: [(&[u8], &str); 3] = [
        (b"\xFD7zXZ\0", "xz"),
        (b"\x04\x22\x4D\x18", "lz4"),
        (b"7z\xBC\xAF\x27\x1C", "7z"),
    ];
    if bzip2 {
        return Some("bzip2");
    }
    magic
        .iter()
        .find(|(m, _)| head.starts_with(m))
        .map(|(_, f)| *f)
}

/// Reads the documents of one input.
pub struct Reader {
    input: Box<dyn BufRead + Send>,
    path: PathBuf,
    label: String,
    format: InputFormat,
    options: ReadOptions,
    origin: Origin,
    pending: Vec<u8>,
    line: Vec<u8>,
    /// Bytes put back in front of the input, read before it.
    carry: Vec<u8>,
    carry_at: usize,
    part: u32,
    /// A line or paragraph being cut at the size limit: the line it starts on and the
    /// parts emitted so far, so that each part gets its own id (`a.txt:3#2`).
    split: Option<(u64, u32)>,
    /// The backtick count of the fenced code block the last line left open: a blank line
    /// inside one does not end a paragraph.
    fence: Option<usize>,
    /// The document last read is a later part of one cut at the size limit.
    continues: bool,
    /// The fence the document last read left open at its cut, which the next one begins in.
    open_at_cut: Option<usize>,
    /// The whitespace that ends the document last read, and what cleaning keeps of the
    /// whitespace between it and the one before (see [`Reader::seam`]).
    tail: Seam,
    glue: &'static str,
    /// The document last read was cut at the size limit: the next one continues it.
    cut: bool,
    /// The input ended in a blank line with no line break: a line all the same.
    blank_tail: bool,
    /// Where a JSON input is in the array of records it may be.
    array: Array,
    /// Reading past the rest of an array's record that a line break cut inside a string.
    lost: Lost,
    done: bool,
    /// Documents read and records skipped so far.
    documents: usize,
    skipped: usize,
    /// Invalid sequences replaced so far.
    pub replaced: usize,
}

impl Reader {
    /// Opens `path` for reading documents. Binary files (a NUL byte near the start) are
    /// refused with an error that says so.
    pub fn new(path: &Path, label: &str, options: &ReadOptions) -> Result<Reader, Error> {
        let mut input = open(path)?;
        let head = input.fill_buf().map_err(|e| Error::io(path, e))?;
        refuse_utf32(head, path)?;
        // UTF-16 named on the command line needs no byte-order mark, and has NUL bytes.
        // Detection recognizes it without one.
        let utf16_named = matches!(options.charset, Charset::Named(e)
            if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE);
        let utf16_guess = utf16_without_bom(head);
        let utf16_detected = options.charset == Charset::Auto && utf16_guess.is_some();
        let format = options
            .format
            .unwrap_or_else(|| InputFormat::from_path(path));
        // A JSON-lines file that begins with a record is text: a NUL byte is a malformed
        // line, reported and skipped alone.
        let records = format == InputFormat::Jsonl
            && matches!(
                head.strip_prefix(b"\xEF\xBB\xBF")
                    .unwrap_or(head)
                    .trim_ascii_start()
                    .first(),
                Some(b'{' | b'[')
            );
        if !utf16_named && !utf16_detected && !records && looks_binary(head) {
            // (A corrupt compressed stream may decompress to NUL bytes before its error
            // shows: read it to the end, and report the error rather than a binary file.)
            let nul = head.iter().position(|&b| b == 0).map(|p| p as u64);
            let name = path.to_string_lossy();
            if name.ends_with(".gz") || name.ends_with(".zst") {
                io::copy(&mut input, &mut io::sink()).map_err(|e| Error::io(path, e))?;
            }
            return Err(Error::Binary {
                location: Location {
                    path: path.to_path_buf(),
                    line: None,
                    byte: nul,
                },
                utf16: utf16_guess.map(|e| e.name()),
            });
        }
        let utf16 = head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]);
        let mut replaced = 0;
        let mut charset = options.charset;
        // Detection reads the first MiB: text that is UTF-8 there (but for a stray invalid
        // byte, reported or replaced as in UTF-8 mode) is streamed as UTF-8.
        if charset == Charset::Auto && !utf16 && !utf16_detected {
            let mut prefix = Vec::new();
            (&mut input)
                .take(AUTO_PREFIX)
                .read_to_end(&mut prefix)
                .map_err(|e| Error::io(path, e))?;
            if mostly_utf8(&prefix) {
                charset = Charset::Utf8;
            }
            input = Box::new(BufReader::new(Cursor::new(prefix).chain(input)));
        }
        // Other encodings are decoded whole; UTF-8 is streamed.
        if charset != Charset::Utf8 || utf16 {
            let mut bytes = Vec::new();
            input
                .read_to_end(&mut bytes)
                .map_err(|e| Error::io(path, e))?;
            let decoded = decode(&bytes, charset, options.on_invalid, path)?;
            replaced = decoded.replaced;
            input = Box::new(Cursor::new(decoded.text.into_bytes()));
        }
        Ok(Reader {
            input,
            path: path.to_path_buf(),
            label: label.to_string(),
            format,
            options: options.clone(),
            origin: Origin {
                line: 1,
                ..Origin::default()
            },
            pending: Vec::new(),
            line: Vec::new(),
            carry: Vec::new(),
            carry_at: 0,
            part: 0,
            split: None,
            fence: None,
            continues: false,
            open_at_cut: None,
            tail: Seam::default(),
            glue: "",
            cut: false,
            blank_tail: false,
            array: Array::Unknown,
            lost: Lost::No,
            done: false,
            documents: 0,
            skipped: 0,
            replaced,
        })
    }

    /// Whether the document last read continues the one before it: the second or a later
    /// part of a line, paragraph or file cut at the size limit. Writers of plain
    /// text put no paragraph break between the two.
    ///
    /// ```
    /// use zhen::source::{Item, ReadOptions, Reader, Unit};
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("a.txt");
    /// std::fs::write(&path, "第一段。\n\n第二段很长很长。第二段的后半。\n")?;
    /// let options = ReadOptions {
    ///     unit: Unit::Paragraph,
    ///     max_document: 32, // bytes: the second paragraph is cut after its first sentence
    ///     ..ReadOptions::default()
    /// };
    /// let mut reader = Reader::new(&path, "a.txt", &options)?;
    /// let mut documents = Vec::new();
    /// while let Some(item) = reader.next() {
    ///     if let Item::Document(record) = item? {
    ///         documents.push((record.text, reader.continues()));
    ///     }
    /// }
    /// let expected = [("第一段。", false), ("第二段很长很长。", false), ("第二段的后半。", true)];
    /// assert_eq!(documents, expected.map(|(t, c)| (t.to_string(), c)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn continues(&self) -> bool {
        self.continues
    }

    /// For a document that [continues](Reader::continues) the one before it, what cleaning
    /// keeps of the whitespace the cut fell in: `""` (a cut after a sentence end), `" "`, a
    /// line break or a paragraph break. A writer of plain text puts it between the two parts
    /// instead of its own line break, so that cutting shows nowhere in the text.
    ///
    /// ```
    /// use zhen::source::{Item, ReadOptions, Reader, Unit};
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("a.txt");
    /// std::fs::write(&path, "one two three four five six\n")?;
    /// let options = ReadOptions {
    ///     unit: Unit::Line,
    ///     max_document: 16, // bytes: the line is cut at a space
    ///     ..ReadOptions::default()
    /// };
    /// let mut reader = Reader::new(&path, "a.txt", &options)?;
    /// let mut text = String::new();
    /// while let Some(item) = reader.next() {
    ///     if let Item::Document(record) = item? {
    ///         text += reader.seam().unwrap_or("\n");
    ///         text += record.text.trim();
    ///     }
    /// }
    /// assert_eq!(text, "\none two three four five six");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn seam(&self) -> Option<&'static str> {
        self.continues.then_some(self.glue)
    }

    /// Whether the document last read was cut at the size limit, so that the next one
    /// [continues](Reader::continues) it.
    pub fn is_cut(&self) -> bool {
        self.cut
    }

    /// Whether the input is read as plain text or as JSON lines.
    pub fn format(&self) -> InputFormat {
        self.format
    }

    /// Lines read so far, up to the last line break.
    pub fn lines_read(&self) -> u64 {
        self.origin.line - 1
    }

    /// Lines read so far, a last one without its line break too when it is blank (and so
    /// no document), as an editor counts them: `a\n   ` has two.
    pub fn lines_seen(&self) -> u64 {
        self.lines_read() + u64::from(self.blank_tail)
    }

    /// Bytes read so far (after decompression; of the decoded text for other encodings).
    pub fn bytes_read(&self) -> u64 {
        self.origin.bytes
    }

    fn location(&self, line: u64, byte: u64) -> Location {
        Location {
            path: self.path.clone(),
            line: Some(line),
            byte: Some(byte),
        }
    }

    /// Reads one line (with its line break) into `self.line`, at most `cap` bytes; false at
    /// the end. In plain text a lone `\r` (old Mac files) ends a line as `\n` and `\r\n` do;
    /// JSON lines end at `\n` only.
    fn read_line(&mut self, cap: usize) -> Result<bool, Error> {
        self.line.clear();
        let cr_ends = self.format == InputFormat::Text;
        // The line ended in `\r` at the end of a buffer: a `\n` first in the next belongs to it.
        let mut after_cr = false;
        loop {
            let from_carry = self.carry_at < self.carry.len();
            let buf = if from_carry {
                &self.carry[self.carry_at..]
            } else {
                fill(&mut *self.input, &self.path)?
            };
            if buf.is_empty() {
                return Ok(!self.line.is_empty());
            }
            let (n, end) = if after_cr {
                (usize::from(buf[0] == b'\n'), true)
            } else {
                let room = cap.saturating_sub(self.line.len()).max(1);
                let window = &buf[..buf.len().min(room)];
                let found = if cr_ends {
                    memchr::memchr2(b'\n', b'\r', window)
                } else {
                    memchr::memchr(b'\n', window)
                };
                match found {
                    Some(p) if buf[p] == b'\r' => match buf.get(p + 1) {
                        Some(b'\n') => (p + 2, true),
                        Some(_) => (p + 1, true),
                        None => {
                            after_cr = true;
                            (p + 1, false)
                        }
                    },
                    Some(p) => (p + 1, true),
                    None => (window.len(), false),
                }
            };
            self.line.extend_from_slice(&buf[..n]);
            if from_carry {
                self.carry_at += n;
            } else {
                self.input.consume(n);
            }
            if end || (!after_cr && self.line.len() >= cap) {
                return Ok(true);
            }
        }
    }

    /// UTF-8 text of `bytes`, which start at `origin` in the input.
    fn text(&mut self, bytes: &[u8], origin: Origin) -> Result<String, Error> {
        match super::utf8(bytes) {
            Ok(s) => Ok(s.to_owned()),
            Err(_) if self.options.on_invalid == OnInvalid::Replace => {
                let s = String::from_utf8_lossy(bytes).into_owned();
                self.replaced += replacements(bytes, &s);
                Ok(s)
            }
            Err(valid) => {
                let line = origin.line + line_breaks(&bytes[..valid]);
                Err(Error::Input {
                    location: self.location(line, origin.bytes + valid as u64),
                    reason: "invalid UTF-8".into(),
                })
            }
        }
    }

    /// The UTF-8 bytes and code points of `bytes` in the text read: with `--lossy`, each
    /// invalid sequence is one U+FFFD (three bytes), as [`String::from_utf8_lossy`] makes
    /// it, so that the origins of documents count the text their offsets are in.
    fn decoded_size(&self, bytes: &[u8]) -> (u64, u64) {
        if self.options.on_invalid != OnInvalid::Replace {
            return (bytes.len() as u64, count_chars(bytes) as u64);
        }
        bytes.utf8_chunks().fold((0, 0), |(b, c), chunk| {
            let valid = chunk.valid().as_bytes();
            let bad = u64::from(!chunk.invalid().is_empty());
            (
                b + valid.len() as u64 + 3 * bad,
                c + count_chars(valid) as u64 + bad,
            )
        })
    }

    fn next_text(&mut self) -> Result<Option<Item>, Error> {
        let cap = match self.options.unit {
            Unit::File => self.options.max_file.max(self.document_limit()),
            _ => self.document_limit(),
        };
        let mut start = self.origin;
        self.pending.clear();
        // The document ends at the size limit, not at the end of its line or paragraph.
        let mut limited = false;
        loop {
            if !self.read_line(cap.saturating_sub(self.pending.len()).max(1))? {
                break;
            }
            let blank = blank_line(&self.line);
            let full_line = self.line.ends_with(b"\n") || self.line.ends_with(b"\r");
            let line = std::mem::take(&mut self.line);
            let (bytes, chars) = self.decoded_size(&line);
            self.origin.bytes += bytes;
            self.origin.chars += chars;
            self.origin.line += u64::from(full_line);
            self.blank_tail = blank && !full_line && !line.is_empty();
            let in_code = self.fence.is_some();
            // (A fence starts with backticks after its indentation, and after what cleaning
            // removes or makes a space before them, as cleaning reads it: a BOM, a zero-width
            // or a Unicode space, `\u{FEFF}```python`.)
            let fence_like = || {
                line.iter()
                    .find(|&&x| !matches!(x, b' ' | b'\t'))
                    .is_some_and(|&x| x == b'`' || !(0x20..0x80).contains(&x))
            };
            if self.options.unit == Unit::Paragraph && fence_like() {
                // (Fences are ASCII: a line that is not UTF-8 is read as far as it is.)
                let text = valid_prefix(&line)
                    .trim_end_matches(['\n', '\r'])
                    .trim_start_matches(|c: char| {
                        c.is_whitespace()
                            || c.is_control()
                            || matches!(
                                c,
                                '\u{200B}'..='\u{200F}'
                                    | '\u{202A}'..='\u{202E}'
                                    | '\u{2060}'
                                    | '\u{2066}'..='\u{2069}'
                                    | '\u{FEFF}'
                                    | '\u{00AD}'
                                    | '\u{180E}'
                            )
                    });
                if text.starts_with('`') {
                    self.fence = code::after_line(self.fence, text);
                }
            }
            let boundary = match self.options.unit {
                Unit::File => false,
                Unit::Line => full_line,
                Unit::Paragraph => blank && !in_code,
            };
            if self.pending.is_empty() && blank && self.options.unit != Unit::File {
                // Leading blank lines belong to no document; a whole one ends a cut one.
                start = self.origin;
                if full_line {
                    self.split = None;
                }
                self.line = line;
                continue;
            }
            self.pending.extend_from_slice(&line);
            self.line = line;
            if boundary || self.pending.len() >= cap {
                limited = !boundary;
                break;
            }
        }
        if self.pending.is_empty() {
            return Ok(None);
        }
        // A document cut at the size limit ends at the last line break or space, so no word
        // or character is split; the rest starts the next document.
        // (One that ends with a line break needs no cut: a `\r` last is a whole line break
        // here, though `safe_cut` does not cut after it, not knowing what follows.)
        if self.pending.len() >= cap
            && !self.pending.ends_with(b"\n")
            && !self.pending.ends_with(b"\r")
        {
            let cut = safe_cut(&self.pending);
            let rest = self.pending.split_off(cut);
            self.rewind(rest);
        }
        let bytes = std::mem::take(&mut self.pending);
        let text = self.text(&bytes, start)?;
        // (A part of whitespace only is all seam before it.)
        let kept = text.trim_start();
        let mut seam = std::mem::take(&mut self.tail);
        seam.add(&text[..text.len() - kept.len()]);
        self.glue = seam.glue();
        self.tail.add(&kept[kept.trim_end().len()..]);
        self.cut = limited;
        let trimmed = text.trim_end_matches(['\n', '\r']).len();
        let mut text = text;
        text.truncate(trimmed);
        self.part += 1;
        // (Only asked for whole files: peeking at more input would block a stream.)
        let whole = self.options.unit == Unit::File && self.part == 1 && self.done_after_this();
        self.continues = self.part > 1;
        let id = match self.options.unit {
            Unit::File if whole => Value::String(self.label.clone()),
            Unit::File => Value::String(format!("{}#{}", self.label, self.part)),
            _ => {
                let split = match self.split {
                    Some((line, n)) => Some((line, n + 1)),
                    None if limited => Some((start.line, 1)),
                    None => None,
                };
                self.split = split.filter(|_| limited);
                self.continues = split.is_some_and(|(_, n)| n > 1);
                Value::String(match split {
                    Some((line, n)) => format!("{}:{line}#{n}", self.label),
                    None => format!("{}:{}", self.label, start.line),
                })
            }
        };
        // (A fence open at the cut goes on in the next part: its code stays code.)
        start.fence = self.open_at_cut.take().filter(|_| self.continues);
        if limited {
            self.open_at_cut = code::open_fence_after(&text, start.fence);
        }
        // Keep the buffer for the next document, but not a whole file's: it would stay
        // alive, beside the text, while the file is cleaned.
        if bytes.capacity() <= KEEP_LINE_BUFFER.min(2 * self.document_limit()) {
            self.pending = bytes;
        }
        Ok(Some(Item::Document(Record {
            id,
            text,
            origin: start,
            fields: None,
        })))
    }

    /// Puts bytes back in front of the input (the rest of a document cut at the limit).
    fn rewind(&mut self, rest: Vec<u8>) {
        let (bytes, chars) = self.decoded_size(&rest);
        self.origin.bytes -= bytes;
        self.origin.chars -= chars;
        self.origin.line -= line_breaks(&rest);
        let mut carry = rest;
        carry.extend_from_slice(&self.carry[self.carry_at..]);
        self.carry = carry;
        self.carry_at = 0;
    }

    fn done_after_this(&mut self) -> bool {
        self.carry_at >= self.carry.len()
            && self.input.fill_buf().map(|b| b.is_empty()).unwrap_or(true)
    }

    fn next_json(&mut self) -> Result<Option<Item>, Error> {
        if self.array == Array::Unknown {
            self.array = self.starts_array()?;
        }
        if self.array != Array::No {
            return self.next_element();
        }
        loop {
            if !self.read_line(MAX_RECORD)? {
                return Ok(None);
            }
            let line_no = self.origin.line;
            let at = self.origin.bytes;
            let full = self.line.ends_with(b"\n");
            self.origin.bytes += self.line.len() as u64;
            self.origin.line += 1;
            if !full && self.line.len() >= MAX_RECORD {
                // Skip the rest of an over-long record, counting its bytes so that the
                // offsets reported after it stay exact.
                while self.read_line(MAX_RECORD)? {
                    self.origin.bytes += self.line.len() as u64;
                    if self.line.ends_with(b"\n") {
                        break;
                    }
                }
                return Ok(Some(Item::Skipped(Error::Input {
                    location: self.location(line_no, at),
                    reason: format!("JSON record longer than {} MiB, skipped", MAX_RECORD >> 20),
                })));
            }
            let line = std::mem::take(&mut self.line);
            // A UTF-8 byte-order mark before a record is not part of the JSON: before a
            // later one it is where files that each began with one were joined (`cat`).
            let (skip, body) = match line.strip_prefix(b"\xEF\xBB\xBF") {
                Some(rest) => (3, rest),
                None => (0, &line[..]),
            };
            // The error and where in the line it is.
            let parsed = if body.iter().all(u8::is_ascii_whitespace) {
                None
            } else {
                Some(self.parse(body).map_err(|(at, r)| (skip + at, r)))
            };
            // Keep the line's buffer for the next line, but not a huge one: it would stay
            // alive while the record is cleaned.
            if line.capacity() <= KEEP_LINE_BUFFER {
                self.line = line;
            }
            let Some(parsed) = parsed else {
                continue;
            };
            let place = |offset| (line_no, at + offset as u64);
            return Ok(Some(self.record(parsed, Value::from(line_no), place)));
        }
    }

    /// Parses the bytes of one JSON record: what it holds, or where in `body` reading
    /// stopped and why.
    fn parse(&mut self, body: &[u8]) -> Result<Parsed, (usize, String)> {
        let text_field = self.options.text_field.as_str();
        match super::utf8(body) {
            Ok(body) => parse_record(body, text_field),
            Err(_) if self.options.on_invalid == OnInvalid::Replace => {
                let text = String::from_utf8_lossy(body);
                self.replaced += replacements(body, &text);
                // (Offsets in the repaired line are not the file's: the record's start.)
                parse_record(&text, text_field).map_err(|(_, reason)| (0, reason))
            }
            Err(valid) => Err((valid, "invalid UTF-8".to_string())),
        }
    }

    /// The document of a parsed record (its id `line` when it has none), or the record
    /// skipped with the reason, at the line and byte `place` gives for a byte of the record.
    fn record(
        &mut self,
        parsed: Result<Parsed, (usize, String)>,
        line: Value,
        place: impl Fn(usize) -> (u64, u64),
    ) -> Item {
        let location = |offset| {
            let (line, byte) = place(offset);
            self.location(line, byte)
        };
        let Parsed {
            fields,
            text,
            replaced,
        } = match parsed {
            Ok(read) => read,
            Err((offset, reason)) => {
                return Item::Skipped(Error::Input {
                    location: location(offset),
                    reason,
                });
            }
        };
        let Some(Value::String(text)) = text else {
            return Item::Skipped(Error::Input {
                location: location(0),
                reason: format!("no string field `{}`", self.options.text_field),
            });
        };
        let id = match fields.get(&self.options.id_field) {
            Some(raw) => record_id(raw),
            None => line,
        };
        self.replaced += replaced;
        self.continues = false;
        Item::Document(Record {
            id,
            text,
            origin: Origin::default(),
            fields: Some(fields),
        })
    }

    /// Whether the input is one JSON array of records (a `.json` file as many datasets are
    /// published): its first character, after a byte-order mark and whitespace, is `[`;
    /// or pretty-printed records one after another (a single object as `json.dump` writes
    /// it, or `jq .` output): its first line is `{` alone, which no JSON line can be.
    /// What comes before the first record is read past.
    fn starts_array(&mut self) -> Result<Array, Error> {
        let mut first = true;
        loop {
            let buf = fill(&mut *self.input, &self.path)?;
            let bom = if first && buf.starts_with(b"\xEF\xBB\xBF") {
                3
            } else {
                0
            };
            first = false;
            let n = bom
                + buf[bom..]
                    .iter()
                    .take_while(|b| b.is_ascii_whitespace())
                    .count();
            let next = buf.get(n).copied();
            // (`{` alone on its line.)
            let rest = &buf[n..];
            let line = memchr::memchr(b'\n', rest).map(|e| &rest[..e]);
            let alone = line.is_some_and(|l| l[1..].trim_ascii().is_empty());
            self.origin.line += memchr::memchr_iter(b'\n', &buf[..n]).count() as u64;
            self.origin.bytes += n as u64;
            self.input.consume(n);
            match next {
                Some(b'[') => {
                    self.input.consume(1);
                    self.origin.bytes += 1;
                    return Ok(Array::Open(0));
                }
                Some(b'{') if alone => return Ok(Array::Stream(0)),
                Some(_) => return Ok(Array::No),
                None if n == 0 => return Ok(Array::No),
                None => {}
            }
        }
    }

    /// The next record of a JSON array, each read whole (up to [`MAX_RECORD`]) but never
    /// the array: memory stays bounded by the largest record, as for JSON lines. A record
    /// that is not read is reported at the line and byte where it starts; the default id
    /// is its number in the array, from 1.
    fn next_element(&mut self) -> Result<Option<Item>, Error> {
        let (Array::Open(count) | Array::Stream(count)) = self.array else {
            return Ok(None);
        };
        let (line_no, at, too_long) = match self.scan_element()? {
            Scanned::Element { line, at, too_long } => (line, at, too_long),
            Scanned::End => return Ok(None),
            Scanned::Unclosed => {
                return Ok(Some(Item::Skipped(Error::Input {
                    location: self.location(self.origin.line, self.origin.bytes),
                    reason: "the JSON array is not closed".to_string(),
                })));
            }
            Scanned::Trailing { line, at, array } => {
                let reason = if array {
                    "text after the JSON array, not read"
                } else {
                    "`]` outside a JSON array, the rest not read"
                };
                return Ok(Some(Item::Skipped(Error::Input {
                    location: self.location(line, at),
                    reason: reason.to_string(),
                })));
            }
        };
        match self.array {
            Array::Open(n) if n == count => self.array = Array::Open(count + 1),
            Array::Stream(n) if n == count => self.array = Array::Stream(count + 1),
            _ => {}
        }
        if too_long {
            let reason = format!("JSON record longer than {} MiB, skipped", MAX_RECORD >> 20);
            return Ok(Some(Item::Skipped(Error::Input {
                location: self.location(line_no, at),
                reason,
            })));
        }
        let line = std::mem::take(&mut self.line);
        let parsed = self.parse(&line);
        if line.capacity() <= KEEP_LINE_BUFFER {
            self.line = line;
        }
        Ok(Some(
            self.record(parsed, Value::from(count + 1), |_| (line_no, at)),
        ))
    }

    /// Reads the next element of a JSON array into `self.line`, without the whitespace
    /// between its tokens (a pretty-printed record becomes one line, as JSON lines are
    /// written), up to [`MAX_RECORD`] bytes; the rest of a longer one is read past.
    fn scan_element(&mut self) -> Result<Scanned, Error> {
        self.line.clear();
        // Between two elements, inside one (how deep, in a string, after a backslash).
        let mut start: Option<(u64, u64)> = None;
        let (mut depth, mut string, mut escape) = (0usize, false, false);
        let mut too_long = false;
        // (Whether the byte before was a line break.)
        let mut line_start = false;
        loop {
            let buf = fill(&mut *self.input, &self.path)?;
            if buf.is_empty() {
                // (A stream of records ends with the input.)
                let open = matches!(self.array, Array::Open(_));
                self.array = Array::Closed;
                return Ok(match start {
                    // (A record cut short by the end of the input is reported as malformed.)
                    Some((line, at)) => Scanned::Element { line, at, too_long },
                    None if open => Scanned::Unclosed,
                    None => Scanned::End,
                });
            }
            let mut n = 0;
            let mut ended = false;
            while n < buf.len() {
                let b = buf[n];
                if start.is_none() && self.lost != Lost::No {
                    // The next record begins a line, as records are written one to a line
                    // or pretty-printed (the array's end may too).
                    self.lost = match b {
                        b'\n' => Lost::AtLineStart,
                        _ if b.is_ascii_whitespace() => self.lost,
                        b'{' | b']' if self.lost == Lost::AtLineStart => {
                            self.lost = Lost::No;
                            continue;
                        }
                        _ => Lost::InLine,
                    };
                } else if start.is_none() {
                    match b {
                        _ if b.is_ascii_whitespace() => {}
                        b',' if self.array != Array::Closed => {}
                        b']' if matches!(self.array, Array::Open(_)) => {
                            self.array = Array::Closed;
                        }
                        // (`]` would end the record it began at once.)
                        _ if self.array == Array::Closed
                            || (b == b']' && matches!(self.array, Array::Stream(_))) =>
                        {
                            let array = self.array == Array::Closed;
                            self.array = Array::Closed;
                            let at = (self.origin.line, self.origin.bytes);
                            // The rest is not read: the input ends here.
                            return Ok(Scanned::Trailing {
                                line: at.0,
                                at: at.1,
                                array,
                            });
                        }
                        _ => {
                            start = Some((self.origin.line, self.origin.bytes));
                            continue;
                        }
                    }
                } else if string {
                    if b == b'\n' && runaway(&self.line) {
                        // JSON writes no line break in a string, and this one ran away: a
                        // backslash meant as text escaped its closing quote, `"C:\"},`. The
                        // record ends here, reported as malformed, and reading goes on at
                        // the next record, not inside the rest of this one. (A line break
                        // typed in a string that closes after it leaves its record alone
                        // malformed.)
                        self.lost = Lost::AtLineStart;
                        // (Kept, for the reason: the string is not closed at the line end.)
                        if !too_long {
                            self.line.push(b);
                        }
                        self.origin.bytes += 1;
                        self.origin.line += 1;
                        n += 1;
                        ended = true;
                        break;
                    } else if escape {
                        escape = false;
                    } else if b == b'\\' {
                        escape = true;
                    } else if b == b'"' {
                        string = false;
                    }
                } else {
                    // Pretty-printed records indent what they nest: a `{` that begins a line
                    // begins the next record, and the one before, not closed, is malformed.
                    if b == b'{'
                        && line_start
                        && depth > 0
                        && matches!(self.array, Array::Stream(_))
                    {
                        ended = true;
                        break;
                    }
                    match b {
                        b'"' => string = true,
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' if depth > 0 => depth -= 1,
                        // The array's end or the next element's comma, read next time.
                        b',' | b']' if depth == 0 => {
                            ended = true;
                            break;
                        }
                        _ => {}
                    }
                    if depth == 0 && matches!(b, b'}' | b']') {
                        ended = true;
                    }
                }
                let keep = string || !b.is_ascii_whitespace();
                if start.is_some() && keep && !too_long {
                    self.line.push(b);
                    too_long = self.line.len() > MAX_RECORD;
                }
                self.origin.bytes += 1;
                self.origin.line += u64::from(b == b'\n');
                line_start = b == b'\n';
                n += 1;
                if ended {
                    break;
                }
            }
            self.input.consume(n);
            if ended {
                let (line, at) = start.unwrap_or_default();
                return Ok(Scanned::Element { line, at, too_long });
            }
        }
    }

    /// The longest document, at least one character of UTF-8.
    fn document_limit(&self) -> usize {
        self.options.max_document.max(4)
    }
}

/// The bytes `input` holds next (none at its end), a read that a signal interrupted tried
/// again.
fn fill<'a>(input: &'a mut (dyn BufRead + Send), path: &Path) -> Result<&'a [u8], Error> {
    while let Err(e) = input.fill_buf() {
        if e.kind() != io::ErrorKind::Interrupted {
            return Err(Error::io(path, e));
        }
    }
    // (Filled: this returns the buffer without reading.)
    input.fill_buf().map_err(|e| Error::io(path, e))
}

/// Where a JSON input is in the array of records it may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Array {
    /// Not known before the first record is read.
    Unknown,
    /// The input is JSON lines.
    No,
    /// Inside the array, after this many records.
    Open(u64),
    /// Pretty-printed records one after another, after this many.
    Stream(u64),
    /// After the array's end.
    Closed,
}

/// Whether the record read so far, in a string at a line break, ends in a quote that a
/// backslash escaped and nothing but the brackets and commas of JSON after it: the string
/// was meant to close there (`"C:\"},`).
fn runaway(record: &[u8]) -> bool {
    let body = record.trim_ascii_end();
    let structure = body
        .iter()
        .rev()
        .take_while(|x| matches!(x, b'}' | b']' | b','))
        .count();
    structure > 0 && body[..body.len() - structure].ends_with(b"\\\"")
}

/// Whether [`Reader::scan_element`] is reading past the rest of a record that a line break
/// cut inside a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lost {
    No,
    /// Inside a line of it.
    InLine,
    /// At the start of a line, past its whitespace.
    AtLineStart,
}

/// What [`Reader::scan_element`] found next in a JSON array.
enum Scanned {
    /// A record, read into the line buffer, from this line and byte of the input.
    Element { line: u64, at: u64, too_long: bool },
    /// The array ended, and the input after it.
    End,
    /// The input ended inside the array, between records.
    Unclosed,
    /// Something other than whitespace follows the array (`array`) or a `]` comes between
    /// pretty-printed records, at this line and byte.
    Trailing { line: u64, at: u64, array: bool },
}

/// The largest line buffer kept for the next JSON line (16 MiB).
const KEEP_LINE_BUFFER: usize = 16 << 20;

impl Iterator for Reader {
    type Item = Result<Item, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let next = match self.format {
            InputFormat::Text => self.next_text(),
            InputFormat::Jsonl => self.next_json(),
        };
        match next {
            Ok(Some(item)) => {
                match item {
                    Item::Document(_) => self.documents += 1,
                    Item::Skipped(_) => self.skipped += 1,
                }
                Some(Ok(item))
            }
            // An input of which every record was skipped (a file that is not JSON lines, or
            // has lone `\r` line endings) fails: a run that read nothing of it must not look
            // successful.
            Ok(None) if self.documents == 0 && self.skipped > 0 => {
                self.done = true;
                Some(Err(Error::Input {
                    location: Location {
                        path: self.path.clone(),
                        line: None,
                        byte: None,
                    },
                    reason: format!(
                        "none of its {} records could be read (is it JSON lines?)",
                        self.skipped
                    ),
                }))
            }
            Ok(None) => {
                self.done = true;
                None
            }
            Err(e) => {
                // A read or decoding error ends the input.
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

/// U+FFFD in `text` (`bytes` decoded lossily) that replaced invalid bytes, not counting
/// those already in `bytes`.
fn replacements(bytes: &[u8], text: &str) -> usize {
    text.matches('\u{FFFD}').count()
        - bytes
            .windows(3)
            .filter(|w| *w == [0xEF, 0xBF, 0xBD])
            .count()
}

/// The line breaks in `bytes` of plain text: `\n`, `\r\n` and a lone `\r`.
fn line_breaks(bytes: &[u8]) -> u64 {
    let lone_cr = |i: usize| bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n');
    (0..bytes.len())
        .filter(|&i| bytes[i] == b'\n' || lone_cr(i))
        .count() as u64
}

fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// Where to cut an over-long document, in the second half of `bytes`: after its last line
/// break, else after its last sentence end (`。！？`, or `.!?` before a space), else after
/// its last space, else at a character boundary.
fn safe_cut(bytes: &[u8]) -> usize {
    if bytes.len() < 2 {
        return bytes.len();
    }
    let half = bytes.len() / 2;
    // (A `\r` last may be followed by the `\n` of `\r\n`.)
    let last = bytes.len() - 1;
    if let Some(p) = memchr::memrchr(b'\n', &bytes[half..])
        .or_else(|| memchr::memrchr(b'\r', &bytes[half..last]))
    {
        return half + p + 1;
    }
    if let Some(end) = last_sentence_end(bytes, half) {
        return end;
    }
    if let Some(p) = bytes[half..].iter().rposition(|&b| b == b' ' || b == b'\t') {
        return half + p + 1;
    }
    // Back over the continuation bytes of the last character: at most 3 in UTF-8, so a longer
    // run is invalid anyway, and stepping back further (once over a whole run of them, a
    // byte per document: quadratic) gains nothing.
    let mut cut = bytes.len();
    let floor = bytes.len().saturating_sub(4);
    while cut > floor && (bytes[cut - 1] as i8) < -0x40 {
        cut -= 1;
    }
    // `lead` is now the lead byte (or ASCII) of the last character: cut before it unless the
    // sequence is whole (a limit of one character must keep that character).
    let lead = cut.saturating_sub(1);
    let width = match bytes[lead] {
        0xF0.. => 4,
        0xE0.. => 3,
        0xC0.. => 2,
        _ => 1,
    };
    let cut = if lead + width == bytes.len() {
        bytes.len()
    } else {
        lead.max(1)
    };
    before_last_letter(bytes, cut)
}

/// `cut`, moved back before the last character that nothing before it composes with and
/// that begins a grapheme cluster, within the 64 bytes before it: the characters that may
/// compose with it, here or in the next part, then stay with it (`e` + U+0301, the jamo of
/// a Hangul syllable, `ｶ` + `ﾞ` under NFKC compose as a whole only), and so do the parts of
/// an emoji sequence (`👨‍👩‍👧`: cleaning removes a joiner that joins nothing). Unmoved where
/// there is none.
fn before_last_letter(bytes: &[u8], cut: usize) -> usize {
    use unicode_segmentation::GraphemeCursor;
    let mut from = cut.saturating_sub(64);
    while from < cut && (bytes[from] as i8) < -0x40 {
        from += 1;
    }
    // (What follows the cut, to tell whether a cluster goes on past it.)
    let window = valid_prefix(&bytes[from..bytes.len().min(cut + 32)]);
    let starts_cluster = |i: usize| {
        GraphemeCursor::new(i, window.len(), true)
            .is_boundary(window, 0)
            .unwrap_or(false)
    };
    // (Invalid bytes end the text read: lossy reading replaces them.)
    let mut upto = (cut - from).min(window.len());
    while !window.is_char_boundary(upto) {
        upto -= 1;
    }
    window[..upto]
        .char_indices()
        .rev()
        .find(|&(i, c)| composes_alone(c) && starts_cluster(i))
        .map(|(i, _)| from + i)
        .filter(|&p| p > 0)
        .unwrap_or(cut)
}

/// Whether no character before `c` composes with it, in NFC or NFKC: it is no combining
/// mark, nor a Hangul vowel or final jamo (which NFC may join to what is before it), and
/// neither is the first character of its compatibility decomposition (`ﾞ` is U+3099).
fn composes_alone(c: char) -> bool {
    use unicode_normalization::char::{decompose_compatible, is_combining_mark};
    use unicode_normalization::{IsNormalized, is_nfc_quick};
    let mut first = None;
    decompose_compatible(c, |d| {
        first.get_or_insert(d);
    });
    let d = first.unwrap_or(c);
    !is_combining_mark(d) && is_nfc_quick(std::iter::once(d)) == IsNormalized::Yes
}

/// Whether a line holds only whitespace, Unicode's too (NBSP, U+3000, U+2028), and
/// invisible characters that cleaning removes (U+200B, joiners, direction marks, soft
/// hyphens, control characters: [`crate::clean::chars::invisible`]): it separates
/// paragraphs, and is no line of text. (Read up to its first other character.)
fn blank_line(line: &[u8]) -> bool {
    match line
        .iter()
        .position(|x| !(x.is_ascii_whitespace() || x.is_ascii_control()))
    {
        None => true,
        Some(p) if line[p].is_ascii() => false,
        Some(p) => {
            // A character at a time, each decoded from its own bytes: a line of text is
            // known at its first letter, without validating the rest of it.
            let mut rest = &line[p..];
            while !rest.is_empty() {
                let head = &rest[..rest.len().min(4)];
                let Some(c) = head
                    .utf8_chunks()
                    .next()
                    .and_then(|h| h.valid().chars().next())
                else {
                    return false;
                };
                if !(c.is_whitespace() || crate::clean::chars::invisible(c)) {
                    return false;
                }
                rest = &rest[c.len_utf8()..];
            }
            true
        }
    }
}

/// The longest start of `bytes` that is UTF-8.
fn valid_prefix(bytes: &[u8]) -> &str {
    match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default(),
    }
}

/// Where the last sentence in `bytes[from..]` ends: after a full-width `。！？` (whose
/// last byte closes a whole character), or after the space that follows `.!?`.
fn last_sentence_end(bytes: &[u8], from: usize) -> Option<usize> {
    (from.max(2)..bytes.len()).rev().find_map(|i| {
        let end = matches!(
            (&bytes[i - 2..i], bytes[i]),
            ([0xE3, 0x80], 0x82)
                | ([0xEF, 0xBC], 0x81 | 0x9F)
                | ([_, b'.' | b'!' | b'?'], b' ' | b'\t')
        );
        end.then_some(i + 1)
    })
}

/// The whitespace at a cut between two parts of a text, counted as it is read.
#[derive(Debug, Default)]
pub(crate) struct Seam {
    breaks: usize,
    space: bool,
}

impl Seam {
    pub(crate) fn add(&mut self, s: &str) {
        let b = s.as_bytes();
        for (i, &c) in b.iter().enumerate() {
            // `\r\n` is one line break; a lone `\r` is one too.
            if c == b'\n' || c == b'\r' && b.get(i + 1) != Some(&b'\n') {
                self.breaks += 1;
            }
        }
        self.space |= s.contains(char::is_whitespace);
    }

    /// What goes between the cleaned text before the seam, ending in `before` (`None`: no
    /// text yet), and the cleaned text `after` it: its line breaks unless a line break is
    /// there already, a space only between two characters that are not spaces.
    pub(crate) fn glue_between(&self, before: Option<char>, after: &str) -> &'static str {
        let Some(before) = before else {
            return "";
        };
        match self.glue() {
            " " if !before.is_whitespace() && !after.starts_with(char::is_whitespace) => " ",
            " " | "" => "",
            breaks if before != '\n' && !after.starts_with('\n') => breaks,
            _ => "",
        }
    }

    /// What cleaning keeps of it: a paragraph break, a line break, a space or nothing.
    pub(crate) fn glue(&self) -> &'static str {
        match self.breaks {
            0 if self.space => " ",
            0 => "",
            1 => "\n",
            _ => "\n\n",
        }
    }
}

/// The byte ranges of `text` cut into parts of at most `limit` bytes (at least 4, one
/// character), as a plain-text document is cut at the size limit: after a line break, else a
/// sentence end, else a space in the second half of the limit (and not before an indented
/// line, when a line that is not indented begins in that half). A JSON record's text longer
/// than [`MAX_DOCUMENT`] is cleaned a part at a time, in bounded memory.
///
/// ```
/// let text = "第一行 has words\n第二行 more words";
/// let parts: Vec<&str> = zhen::source::parts(text, 24).map(|r| &text[r]).collect();
/// assert_eq!(parts, ["第一行 has words\n", "第二行 more words"]);
/// ```
pub fn parts(text: &str, limit: usize) -> impl Iterator<Item = Range<usize>> + '_ {
    let limit = limit.max(4);
    let mut at = 0;
    std::iter::from_fn(move || {
        let rest = text.get(at..).filter(|r| !r.is_empty())?;
        let start = at;
        at += part_len(rest, limit);
        Some(start..at)
    })
}

/// The length of the next part of `rest`, a text cut into parts of at most `cap` bytes:
/// all of it when it fits, else where [`safe_cut`] cuts its first `cap` bytes, never inside
/// a character (at least one character, so that cutting always makes progress).
fn part_len(rest: &str, cap: usize) -> usize {
    if rest.len() <= cap {
        return rest.len();
    }
    let mut cut = safe_cut(&rest.as_bytes()[..cap]);
    // On valid UTF-8 `safe_cut` cuts between characters already; slicing inside one would
    // panic, so make sure.
    while !rest.is_char_boundary(cut) {
        cut -= 1;
    }
    if cut == 0 {
        cut = rest.chars().next().map_or(rest.len(), char::len_utf8);
    }
    // Not before an indented line: it may be indented code, which follows a blank line
    // in the part before, where cleaning the part alone would not see it. The part ends
    // before the paragraph that holds that line instead, when one does in the first half.
    let b = rest.as_bytes();
    let indented = |p: usize| matches!(b.get(p), Some(b' ' | b'\t'));
    if cut < rest.len() && b[cut - 1] == b'\n' && indented(cut) {
        let mut p = cut - 1;
        while let Some(k) = memchr::memrchr(b'\n', &b[..p]) {
            if k + 1 < cap / 2 {
                break;
            }
            if !indented(k + 1) && b[k + 1] != b'\n' {
                return k + 1;
            }
            p = k;
        }
    }
    cut
}

/// Parses one JSON object, taking out its text field; a record's lone surrogates replaced
/// (see [`replace_lone_surrogates`]) and the reason it was not read (with the byte of the line
/// where reading stopped) otherwise.
fn parse_record(line: &str, text_field: &str) -> Result<Parsed, (usize, String)> {
    let reason = |e: serde_json::Error| match e.classify() {
        // The only data error a well-formed line gives: it is not an object.
        serde_json::error::Category::Data => (0, "not a JSON object".to_string()),
        _ => {
            // serde_json counts the line's bytes; its own "at line 1 column 14" would read
            // as a second position.
            let message = e.to_string();
            let message = message
                .rsplit_once(" at line ")
                .map_or(&*message, |(m, _)| m);
            // (Past the line's break, serde_json is on its next line: it stopped at the break.)
            let at = match e.line() {
                1 => e.column().saturating_sub(1),
                _ => line.find('\n').unwrap_or(0),
            };
            // (A string still open at the line's end meets its break as a control character.)
            let message = match line.as_bytes().get(at) {
                Some(b'\n' | b'\r') if message.starts_with("control character") => {
                    "string not closed at the end of the line"
                }
                _ => message,
            };
            (at, format!("malformed JSON: {message}"))
        }
    };
    let e = match fields::read(line, Some(text_field)) {
        Ok((fields, text)) => {
            return Ok(Parsed {
                fields,
                text,
                replaced: 0,
            });
        }
        Err(e) if line.contains("\\u") => e,
        Err(e) => return Err(reason(e)),
    };
    // Lone UTF-16 surrogates in `\u` escapes, common in scraped corpora, are rejected by
    // strict parsers. In the text they become U+FFFD; the other fields keep them as
    // written, unless a key holds one, which the record is read with U+FFFD in place of.
    if let Ok((mut fields, _)) = fields::read(line, None) {
        let raw = fields
            .get(text_field)
            .map(|raw| replace_lone_surrogates(raw.get()));
        if let Some(Ok(text)) = raw.as_deref().map(serde_json::from_str::<Value>) {
            let replaced = raw.as_deref().map_or(0, |r| r.matches("\\ufffd").count())
                - fields
                    .get(text_field)
                    .map_or(0, |r| r.get().matches("\\ufffd").count());
            fields.insert(text_field.to_string(), empty_string());
            return Ok(Parsed {
                fields,
                text: Some(text),
                replaced,
            });
        }
    }
    let replaced = replace_lone_surrogates(line);
    match fields::read(&replaced, Some(text_field)) {
        Ok((fields, text)) => Ok(Parsed {
            replaced: replaced.matches("\\ufffd").count() - line.matches("\\ufffd").count(),
            fields,
            text,
        }),
        // (What else is wrong, where it is: each escape replaced has its length.)
        Err(other) if e.classify() == serde_json::error::Category::Syntax => Err(reason(other)),
        Err(_) => Err(reason(e)),
    }
}

/// A JSON record read: its fields, its text field's value, and how many lone surrogates
/// were replaced to read it.
#[derive(Debug)]
struct Parsed {
    fields: Fields,
    text: Option<Value>,
    replaced: usize,
}

fn empty_string() -> Box<RawValue> {
    RawValue::from_string("\"\"".into()).unwrap_or_default()
}

/// A record's id, from its JSON (lone surrogates in it, which the raw field keeps, read as
/// U+FFFD).
pub(crate) fn record_id(raw: &RawValue) -> Value {
    serde_json::from_str(raw.get())
        .or_else(|_| serde_json::from_str(&replace_lone_surrogates(raw.get())))
        .unwrap_or_else(|_| Value::String(raw.get().to_string()))
}

fn replace_lone_surrogates(text: &str) -> String {
    let line = text.as_bytes();
    let hex = |s: &[u8]| {
        std::str::from_utf8(s)
            .ok()
            .and_then(|h| u16::from_str_radix(h, 16).ok())
    };
    let escape_at = |i: usize| -> Option<u16> {
        (line.get(i) == Some(&b'\\') && line.get(i + 1) == Some(&b'u'))
            .then(|| line.get(i + 2..i + 6).and_then(hex))
            .flatten()
    };
    let mut out = Vec::with_capacity(line.len());
    let mut i = 0;
    while i < line.len() {
        if line[i] == b'\\' && line.get(i + 1) == Some(&b'\\') {
            out.extend_from_slice(b"\\\\");
            i += 2;
            continue;
        }
        match escape_at(i) {
            Some(hi @ 0xD800..=0xDBFF) if matches!(escape_at(i + 6), Some(0xDC00..=0xDFFF)) => {
                out.extend_from_slice(&line[i..i + 12]);
                let _ = hi;
                i += 12;
            }
            Some(0xD800..=0xDFFF) => {
                out.extend_from_slice(b"\\ufffd");
                i += 6;
            }
            _ => {
                out.push(line[i]);
                i += 1;
            }
        }
    }
    // Only ASCII escapes were replaced: the bytes are still UTF-8.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs(input: &str, unit: Unit, max: usize) -> Vec<(String, String, Origin)> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, input).unwrap();
        let options = ReadOptions {
            unit,
            max_document: max,
            max_file: max,
            ..ReadOptions::default()
        };
        Reader::new(&path, "a.txt", &options)
            .unwrap()
            .map(|i| match i.unwrap() {
                Item::Document(r) => (r.id.as_str().unwrap().to_string(), r.text, r.origin),
                Item::Skipped(e) => panic!("{e}"),
            })
            .collect()
    }

    /// The line break of a seam survives a part that ends in a kept space (found by
    /// `long_records_are_written_as_if_cleaned_whole`: `很好\t ` then `Pull Request`).
    #[test]
    fn seams_keep_their_line_breaks() {
        let seam = |s: &str| {
            let mut seam = Seam::default();
            seam.add(s);
            seam
        };
        assert_eq!(seam("\n").glue_between(Some(' '), "Pull"), "\n");
        assert_eq!(seam("\n\n").glue_between(Some('a'), "b"), "\n\n");
        assert_eq!(seam("\n").glue_between(Some('\n'), "b"), "");
        assert_eq!(seam("\n").glue_between(Some('a'), "\nb"), "");
        assert_eq!(seam(" ").glue_between(Some('a'), "b"), " ");
        assert_eq!(seam(" ").glue_between(Some(' '), "b"), "");
        assert_eq!(seam(" ").glue_between(Some('a'), " b"), "");
        assert_eq!(seam("").glue_between(Some('a'), "b"), "");
        assert_eq!(seam("\n").glue_between(None, "b"), "");
    }

    /// A blank line inside a fenced code block does not end a paragraph, so the block is
    /// one document and cleaning recognizes it whole.
    #[test]
    fn paragraphs_keep_code_blocks_whole() {
        let text =
            "示例：\n\n```python\ndef f():\n\n    return 1\n```\n\n之后\n\n````\n```\n\nx\n````\n";
        let paras = docs(text, Unit::Paragraph, MAX_DOCUMENT);
        assert_eq!(
            paras.iter().map(|d| d.1.as_str()).collect::<Vec<_>>(),
            [
                "示例：",
                "```python\ndef f():\n\n    return 1\n```",
                "之后",
                "````\n```\n\nx\n````"
            ]
        );
        // Lines are lines, fenced or not.
        assert_eq!(docs(text, Unit::Line, MAX_DOCUMENT).len(), 10);
        // A fence after what cleaning removes or makes a space is one, as cleaning reads it.
        for lead in ["\u{FEFF}", "\u{A0}", "\u{3000}", "\u{200B}", "\u{1F}"] {
            let text = format!("前文\n\n{lead}```python\ndef f():\n\n    return 1\n```\n\n之后\n");
            let paras = docs(&text, Unit::Paragraph, MAX_DOCUMENT);
            assert_eq!(paras.len(), 3, "{lead:?}");
            assert_eq!(paras[2].1, "之后", "{lead:?}");
        }
    }

    /// A fenced code block open at the cut of a long file (or paragraph, or line) goes on in
    /// the documents after it: their code stays code, and the prose after the closing fence
    /// is cleaned.
    #[test]
    fn a_fence_open_at_a_cut_goes_on_in_the_next_documents() {
        let text = format!(
            "说明abc：\n```\n{}```\n之后abc中文\n",
            "x  =  中文a\n".repeat(40)
        );
        let pipeline = crate::Pipeline::new(crate::Config::default()).unwrap();
        for unit in [Unit::File, Unit::Paragraph] {
            let found = docs(&text, unit, 64);
            assert!(found.len() > 4, "{unit:?}");
            assert_eq!(found[0].2.fence, None);
            assert!(
                found[1..found.len() - 1]
                    .iter()
                    .all(|d| d.2.fence == Some(3))
            );
            let cleaned: Vec<String> = found
                .iter()
                .map(|(_, t, o)| pipeline.process_in(t, o.fence).text().to_owned())
                .collect();
            let all = cleaned.join("\n");
            assert_eq!(all.matches("x  =  中文a").count(), 40, "{unit:?}: {all}");
            assert!(all.ends_with("```\n之后 abc 中文"), "{unit:?}: {all}");
        }
    }

    /// A line of Unicode spaces or invisible characters is blank: no document of its own,
    /// and the end of a paragraph.
    #[test]
    fn unicode_blank_lines_are_blank() {
        let text = "a\n\u{A0}\n\u{3000} \u{200B}\nb\n\u{2028}\nc\n\u{A0}d\n";
        let lines = docs(text, Unit::Line, MAX_DOCUMENT);
        assert_eq!(
            lines.iter().map(|d| d.1.as_str()).collect::<Vec<_>>(),
            ["a", "b", "c", "\u{A0}d"]
        );
        // (A paragraph keeps the blank line that ends it, as with ASCII spaces.)
        let paras = docs(text, Unit::Paragraph, MAX_DOCUMENT);
        assert_eq!(
            paras.iter().map(|d| d.1.as_str()).collect::<Vec<_>>(),
            ["a\n\u{A0}", "b\n\u{2028}", "c\n\u{A0}d"]
        );
        let ascii = docs("a\n \nb", Unit::Paragraph, MAX_DOCUMENT);
        assert_eq!(ascii[0].1, "a\n ");
        // So is a line of any character that cleaning removes there: joiners, direction
        // marks, a soft hyphen, control characters.
        for invisible in [
            "\u{200D}",
            "\u{200C}\u{200E}",
            "\u{AD}",
            "\u{B}",
            "\u{1}",
            "\u{2066}",
        ] {
            let text = format!("甲\n{invisible}\n乙\n");
            let lines = docs(&text, Unit::Line, MAX_DOCUMENT);
            assert_eq!(lines.len(), 2, "{invisible:?}");
            let paras = docs(&text, Unit::Paragraph, MAX_DOCUMENT);
            assert_eq!(paras.len(), 2, "{invisible:?}");
        }
    }

    #[test]
    fn units() {
        let text = "第一段\n还是第一段\n\n\nSecond 段\n";
        let files = docs(text, Unit::File, MAX_DOCUMENT);
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].1, "第一段\n还是第一段\n\n\nSecond 段");
        let paras = docs(text, Unit::Paragraph, MAX_DOCUMENT);
        assert_eq!(
            paras.iter().map(|d| d.1.as_str()).collect::<Vec<_>>(),
            ["第一段\n还是第一段", "Second 段"]
        );
        assert_eq!(
            paras[1].2,
            Origin {
                bytes: 28,
                chars: 12,
                line: 5,
                fence: None
            }
        );
        assert_eq!(paras[1].0, "a.txt:5");
        let lines = docs(text, Unit::Line, MAX_DOCUMENT);
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[1].2.line, 2);
    }

    #[test]
    fn lossy_origins_count_the_text_read() {
        // Each invalid sequence is one U+FFFD in the text, and in the origins after it.
        let input = b"a\x80b\ncd \xE4\xB8x\n\xFF\xFEyz alpha beta gamma\n";
        let whole = String::from_utf8_lossy(input);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, input).unwrap();
        for (unit, max) in [(Unit::Line, MAX_DOCUMENT), (Unit::Line, 8), (Unit::File, 8)] {
            let options = ReadOptions {
                unit,
                max_document: max,
                max_file: max,
                on_invalid: OnInvalid::Replace,
                ..ReadOptions::default()
            };
            let mut n = 0;
            for item in Reader::new(&path, "a.txt", &options).unwrap() {
                let Item::Document(r) = item.unwrap() else {
                    panic!("skipped")
                };
                let at = r.origin.bytes as usize;
                assert!(whole[at..].starts_with(&r.text), "{unit:?} {max} {r:?}");
                assert_eq!(whole[..at].chars().count() as u64, r.origin.chars, "{r:?}");
                n += 1;
            }
            assert!(n >= 3, "{unit:?} {max}");
        }
    }

    #[test]
    fn long_documents_are_cut_at_spaces() {
        let text = "alpha beta gamma delta epsilon";
        let parts = docs(text, Unit::Line, 12);
        let joined: String = parts.iter().map(|d| d.1.as_str()).collect();
        assert_eq!(joined, text);
        assert!(parts.iter().all(|d| d.1.len() <= 12), "{parts:?}");
        for d in &parts {
            assert_eq!(
                &text[d.2.bytes as usize..d.2.bytes as usize + d.1.len()],
                d.1
            );
        }
    }

    /// A line without line breaks is cut after a sentence end rather than at a space or
    /// inside a sentence: `。！？`, or `.!?` before a space.
    #[test]
    fn long_documents_are_cut_after_sentences() {
        let cut = |text: &str, max: usize| -> Vec<String> {
            docs(text, Unit::Line, max)
                .into_iter()
                .map(|d| d.1)
                .collect()
        };
        assert_eq!(
            cut("这是第一句话。第二句 has words 和更多", 36),
            ["这是第一句话。", "第二句 has words 和更多"]
        );
        assert_eq!(
            cut("是吗？真的！那么 we go on and on", 30),
            ["是吗？真的！", "那么 we go on and on"]
        );
        assert_eq!(
            cut("Some words one. Two and more", 24),
            ["Some words one. ", "Two and more"]
        );
        // Without a sentence end in the second half: at the last space.
        assert_eq!(
            cut("一句话。 然后 no end here", 30),
            ["一句话。 然后 no end ", "here"]
        );
    }

    /// `continues` tells the later parts of a document cut at the limit from new documents.
    #[test]
    fn later_parts_continue_the_document_before() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "第一段很长很长很长\n\n短\n\n第三段也很长很长").unwrap();
        for unit in [Unit::Paragraph, Unit::Line, Unit::File] {
            let options = ReadOptions {
                unit,
                max_document: 16,
                max_file: 16,
                ..ReadOptions::default()
            };
            let mut reader = Reader::new(&path, "a.txt", &options).unwrap();
            let mut seen = Vec::new();
            while let Some(item) = reader.next() {
                let Item::Document(r) = item.unwrap() else {
                    panic!("skipped")
                };
                let id = r.id.as_str().unwrap().to_string();
                // The first part of each document has `#1` or no number.
                assert_eq!(
                    reader.continues(),
                    id.contains('#') && !id.ends_with("#1"),
                    "{unit:?} {id}"
                );
                seen.push(id);
            }
            assert!(seen.len() > 3, "{unit:?}: {seen:?}");
        }
        let json = dir.path().join("a.jsonl");
        std::fs::write(
            &json,
            "{\"text\":\"一二三四五六七八\"}\n{\"text\":\"短\"}\n",
        )
        .unwrap();
        let options = ReadOptions {
            max_document: 9,
            ..ReadOptions::default()
        };
        let mut reader = Reader::new(&json, "a.jsonl", &options).unwrap();
        let mut continues = Vec::new();
        while let Some(item) = reader.next() {
            item.unwrap();
            continues.push(reader.continues());
        }
        // JSON records are read whole.
        assert_eq!(continues, [false, false]);
    }

    /// Found by fuzz/text_reader: a limit of one character split a 4-byte character, and a
    /// part that ended at a space restarted the part count (`a:1#1` twice).
    #[test]
    fn tiny_limits_keep_characters_whole_and_ids_unique() {
        let text = "中\u{301}文 👨\u{200d}👩\u{200d}👧 🇨🇳 ab  cd\nnext line";
        let visible = |s: &str| s.split_whitespace().collect::<String>();
        for max in 1..16 {
            for unit in [Unit::File, Unit::Paragraph, Unit::Line] {
                let parts = docs(text, unit, max);
                let joined: String = parts.iter().map(|d| d.1.as_str()).collect();
                assert_eq!(visible(&joined), visible(text), "{unit:?} {max}");
                let ids: std::collections::HashSet<_> = parts.iter().map(|d| &d.0).collect();
                assert_eq!(ids.len(), parts.len(), "{unit:?} {max}: {parts:?}");
            }
        }
    }

    /// The documents of a JSON-lines input read with a document limit of `max` bytes.
    fn records(input: &str, max: usize) -> Vec<Record> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.jsonl");
        std::fs::write(&path, input).unwrap();
        let options = ReadOptions {
            max_document: max,
            ..ReadOptions::default()
        };
        Reader::new(&path, "a.jsonl", &options)
            .unwrap()
            .map(|i| match i.unwrap() {
                Item::Document(r) => r,
                Item::Skipped(e) => panic!("{e}"),
            })
            .collect()
    }

    /// What a JSON input gives: each document's id, text and fields as JSON, or the error.
    fn json_items(input: &[u8]) -> Vec<Result<(Value, String, String), String>> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        std::fs::write(&path, input).unwrap();
        Reader::new(&path, "a.json", &ReadOptions::default())
            .unwrap()
            .map(|i| match i.unwrap() {
                Item::Document(r) => {
                    let fields = serde_json::to_string(&r.fields).unwrap();
                    Ok((r.id, r.text, fields))
                }
                Item::Skipped(e) => Err(e.to_string()),
            })
            .collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 64, failure_persistence: None, ..Default::default()
        })]

        /// A JSON array of records, pretty-printed or on one line, or the records
        /// pretty-printed one after another, give the documents and fields that the same
        /// records give as JSON lines; records longer than the read buffer included.
        #[test]
        fn json_arrays_read_as_json_lines(
            texts in proptest::collection::vec("[\"\\\\,\\[\\]{}: \n\ta中\u{1F600}]{0,12}", 1..5),
            long in 0usize..3,
        ) {
            let records: Vec<Value> = texts
                .iter()
                .enumerate()
                .map(|(k, t)| {
                    let text = if k == 0 { t.repeat(long * 3000 + 1) } else { t.clone() };
                    serde_json::json!({"id": k, "text": text, "meta": {"tags": [t, k], "n": null}})
                })
                .collect();
            let lines: String = records.iter().map(|r| format!("{r}\n")).collect();
            let expected = json_items(lines.as_bytes());
            proptest::prop_assert_eq!(expected.len(), records.len());
            let pretty = serde_json::to_string_pretty(&records).unwrap();
            proptest::prop_assert_eq!(&json_items(pretty.as_bytes()), &expected);
            let compact = format!("\u{FEFF}{}\r\n", serde_json::to_string(&records).unwrap());
            proptest::prop_assert_eq!(&json_items(compact.as_bytes()), &expected);
            // (As `jq .` writes them: pretty-printed, one after another.)
            let stream: String = records
                .iter()
                .map(|r| serde_json::to_string_pretty(r).unwrap() + "\n")
                .collect();
            proptest::prop_assert_eq!(&json_items(stream.as_bytes()), &expected);
        }

        /// A line is blank when all of it is valid UTF-8 of whitespace and invisible
        /// characters, whatever bytes follow its first letter or its first invalid byte.
        #[test]
        fn blank_lines_are_read_by_their_characters(
            chars in proptest::collection::vec(
                proptest::sample::select(vec![
                    " ", "\t", "\r", "\u{1}", "\u{A0}", "\u{3000}", "\u{200B}", "\u{2028}",
                    "\u{FEFF}", "a", "中", "\u{1F600}",
                ]),
                0..12,
            ),
            bad in proptest::option::of((0usize..12, proptest::sample::select(vec![
                0x80u8, 0xE3, 0xF0, 0xFF,
            ]))),
        ) {
            let mut line = chars.concat().into_bytes();
            if let Some((at, byte)) = bad {
                line.insert(at.min(line.len()), byte);
            }
            let expected = std::str::from_utf8(&line).is_ok_and(|t| {
                t.chars().all(|c| c.is_whitespace() || crate::clean::chars::invisible(c))
            });
            proptest::prop_assert_eq!(blank_line(&line), expected, "{:?}", line);
        }
    }

    /// A record of an array that is not read is reported where it starts, and the others
    /// are read, numbered by their place in the array when they have no id.
    #[test]
    fn json_array_errors_name_the_record() {
        let input = "[\n  {\"text\": \"一\"},\n  5,\n  {\"text\": 3},\n  {\"text\": \"四\"}\n]\n";
        let got = json_items(input.as_bytes());
        let ok = |id: u64, text: &str| Ok((Value::from(id), text.to_string(), String::new()));
        let strip = |r: &Result<(Value, String, String), String>| match r {
            Ok((id, text, _)) => Ok((id.clone(), text.clone(), String::new())),
            // (After the temporary directory's path.)
            Err(e) => Err(e.rsplit_once("a.json: ").unwrap().1.to_string()),
        };
        let got: Vec<_> = got.iter().map(strip).collect();
        assert_eq!(
            got,
            [
                ok(1, "一"),
                Err("line 3, byte 23: not a JSON object".to_string()),
                Err("line 4, byte 28: no string field `text`".to_string()),
                ok(4, "四"),
            ]
        );
        let tail = |input: &str| {
            let e = json_items(input.as_bytes()).pop().unwrap().unwrap_err();
            e.rsplit_once("a.json: ").unwrap().1.to_string()
        };
        let after = tail("[{\"text\":\"一\"}]\n x");
        assert_eq!(
            after,
            "line 2, byte 18: text after the JSON array, not read"
        );
        let open = tail("[{\"text\":\"一\"}, ");
        assert_eq!(open, "line 1, byte 17: the JSON array is not closed");
        let cut = tail("[{\"text\":\"一\"},\n{\"text\":\"二");
        assert!(
            cut.starts_with("line 2, byte 17: malformed JSON: EOF"),
            "{cut}"
        );
        assert!(json_items(b" [ ] ").is_empty());
    }

    /// Pretty-printed records one after another, as `json.dump(record, indent=2)` or `jq .`
    /// write them, are read as JSON lines are, one record each, numbered from 1.
    #[test]
    fn pretty_printed_records_are_records() {
        let texts = |input: &str| -> Vec<Result<(Value, String), String>> {
            json_items(input.as_bytes())
                .into_iter()
                .map(|r| {
                    r.map(|(id, text, _)| (id, text))
                        .map_err(|e| e.rsplit_once("a.json: ").unwrap().1.to_string())
                })
                .collect()
        };
        let one = "\u{FEFF}\n{\n  \"text\": \"一 {\\\"a\\\": [1]}\",\n  \"n\": {\"m\": [2]}\n}\n";
        assert_eq!(
            texts(one),
            [Ok((Value::from(1), "一 {\"a\": [1]}".to_string()))]
        );
        let jq = "{\n  \"id\": \"a\",\n  \"text\": \"一\"\n}\n{\n  \"text\": 2\n}\r\n{\n\"text\": \"三\"}";
        assert_eq!(
            texts(jq),
            [
                Ok((Value::from("a"), "一".to_string())),
                Err("line 5, byte 33: no string field `text`".to_string()),
                Ok((Value::from(3), "三".to_string())),
            ]
        );
        // A stray bracket ends reading, reported; one that closes a record is its error.
        let stray = texts("{\n\"text\": \"一\"\n}\n]\n{\"text\": \"二\"}\n");
        assert_eq!(
            stray[1],
            Err("line 4, byte 18: `]` outside a JSON array, the rest not read".to_string())
        );
        assert_eq!(stray.len(), 2);
        let unopened = texts("{\n\"text\": \"一\"\n}\n}\n{\"text\": \"二\"}\n");
        assert_eq!(unopened.len(), 3, "{unopened:?}");
        assert!(unopened[2].is_ok(), "{unopened:?}");
        // A first line that is a record, or begins one, is read as JSON lines.
        assert_eq!(texts("{\"text\": \"一\"}\n{\"text\": \"二\"}").len(), 2);
        // A record left open ends where the next begins its line.
        let open = texts("{\n{\"text\": \"一\"}\n{\n  \"text\": \"二\"\n}\n");
        assert_eq!(open.len(), 3, "{open:?}");
        assert!(
            open[0]
                .as_ref()
                .is_err_and(|e| e.starts_with("line 1, byte 0: malformed JSON"))
        );
        assert_eq!(open[1], Ok((Value::from(2), "一".to_string())));
        assert_eq!(open[2], Ok((Value::from(3), "二".to_string())));
        let begun = texts("{\"text\":\n\"一\"}\n{\"text\": \"二\"}\n");
        assert_eq!(begun.len(), 3, "{begun:?}");
        assert!(begun[0].is_err() && begun[2].is_ok(), "{begun:?}");
    }

    /// A string that a line break cuts (a path's backslash left unescaped, `"C:\"`) ends its
    /// record, reported; the records after it are read, pretty-printed or not.
    #[test]
    fn json_array_goes_on_past_a_string_not_closed() {
        let texts = |input: &str| -> Vec<Result<String, String>> {
            json_items(input.as_bytes())
                .into_iter()
                .map(|r| {
                    r.map(|(_, text, _)| text)
                        .map_err(|e| e.rsplit_once("a.json: ").unwrap().1.to_string())
                })
                .collect()
        };
        let lost = "malformed JSON: string not closed at the end of the line";
        assert_eq!(
            texts("[\n{\"text\":\"一\"},\n{\"text\":\"C:\\\"},\n{\"text\":\"三\"}\n]\n"),
            [
                Ok("一".to_string()),
                Err(format!("line 3, byte 18: {lost}")),
                Ok("三".to_string()),
            ]
        );
        let pretty = "[\n  {\n    \"text\": \"C:\\\",\n    \"n\": 1\n  },\n  {\n    \"text\": \"二\"\n  }\n]\n";
        assert_eq!(
            texts(pretty),
            [Err(format!("line 2, byte 4: {lost}")), Ok("二".to_string())]
        );
        // On one line the rest of the array is the string's: reported as not closed.
        assert_eq!(
            texts("[{\"text\":\"一\"},{\"text\":\"\\\"}]\n").last(),
            Some(&Err(
                "line 2, byte 30: the JSON array is not closed".to_string()
            ))
        );
    }

    /// bzip2, xz, lz4 and 7z inputs are named for what they are, not called binary; text
    /// that begins like one of them is text.
    #[test]
    fn unread_compression_formats_are_named() {
        let dir = tempfile::tempdir().unwrap();
        for (head, format) in [
            (&b"BZh91AY&SY\x01\x02"[..], "bzip2"),
            (b"BZh9\x17\x72\x45\x38\x50\x90", "bzip2"),
            (b"\xFD7zXZ\0\0\x04", "xz"),
            (b"\x04\x22\x4D\x18\x64", "lz4"),
            (b"7z\xBC\xAF\x27\x1C\0\x04", "7z"),
        ] {
            let path = dir.path().join("a");
            std::fs::write(&path, head).unwrap();
            let e = Reader::new(&path, "a", &ReadOptions::default())
                .err()
                .unwrap();
            let expected = format!("{format}-compressed input is not supported");
            assert!(e.to_string().contains(&expected), "{e}");
        }
        for text in ["BZh9 is a text", "BZh91AY&S", "7z archives"] {
            assert_eq!(unread_compression(text.as_bytes()), None, "{text}");
        }
    }

    /// Files that each begin with a byte-order mark, joined with `cat`, give a mark before
    /// a later record too: it is skipped there as before the first.
    #[test]
    fn a_byte_order_mark_before_any_record_is_skipped() {
        let got = records(
            "\u{FEFF}{\"text\":\"一\"}\n\u{FEFF}{\"text\":\"二\"}\n",
            MAX_DOCUMENT,
        );
        let texts: Vec<_> = got.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(texts, ["一", "二"]);
    }

    /// A JSON record is read whole, however long its text: its id and fields are the
    /// record's, for the writer to keep it one record.
    #[test]
    fn long_json_texts_are_read_whole() {
        let text = "第一行 has words\n第二行 more words here\nlast";
        let input: String = [
            serde_json::json!({"id": "doc7", "text": text, "url": "u"}),
            serde_json::json!({"text": "短 text"}),
        ]
        .iter()
        .map(|v| format!("{v}\n"))
        .collect();
        let docs = records(&input, 16);
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].id, "doc7");
        assert_eq!(docs[0].text, text);
        assert_eq!(docs[0].origin, Origin::default());
        assert_eq!(
            serde_json::to_string(docs[0].fields.as_ref().unwrap()).unwrap(),
            r#"{"id":"doc7","text":"","url":"u"}"#
        );
        assert_eq!(docs[1].id, 2);
    }

    /// A cut with no space or line break before it leaves a letter with the combining marks
    /// that follow it, here or in the next part.
    #[test]
    fn a_cut_keeps_a_letter_with_its_marks() {
        let text = format!("{}e\u{301}\u{323} end", "a".repeat(20));
        for len in 21..=25 {
            assert_eq!(safe_cut(&text.as_bytes()[..len]), 20, "{len}");
        }
        // Marks alone are cut as before, at a character's boundary.
        let marks = "\u{301}".repeat(40);
        assert_eq!(safe_cut(&marks.as_bytes()[..41]), 40);
        // So are the jamo of a Hangul syllable, and a half-width katakana with its voiced
        // mark (which NFKC composes).
        let jamo = format!("{}\u{1100}\u{1161}\u{11A8} end", "a".repeat(20));
        for len in 23..=29 {
            assert_eq!(safe_cut(&jamo.as_bytes()[..len]), 20, "{len}");
        }
        let kana = "ｶﾞ".repeat(10);
        for len in (6..=30).step_by(3) {
            assert_eq!(safe_cut(&kana.as_bytes()[..len]) % 6, 0, "{len}");
        }
        // And the emoji of a sequence joined by ZWJ, with its modifiers and selectors.
        for family in ["👨\u{200D}👩\u{200D}👧\u{200D}👦", "👍🏽", "❤\u{FE0F}"] {
            let text = family.repeat(30);
            for len in 2 * family.len()..=text.len() {
                if text.is_char_boundary(len) {
                    let cut = safe_cut(&text.as_bytes()[..len]);
                    assert_eq!(cut % family.len(), 0, "{family} {len}");
                }
            }
        }
    }

    /// `parts` cuts like plain text: after a line break in the second half of the limit,
    /// else after a space; the parts put together are the text.
    #[test]
    fn parts_cut_like_plain_text() {
        let text = "第一行 has words\n第二行 more words here\nlast";
        let got: Vec<&str> = parts(text, 16).map(|r| &text[r]).collect();
        assert_eq!(
            got,
            ["第一行 has ", "words\n第二行 ", "more words here\n", "last"]
        );
        assert_eq!(parts("", 16).count(), 0);
        assert_eq!(parts("short", 16).collect::<Vec<_>>(), vec![0..5]);
        // Not before an indented line, which may be code after a blank line: before the
        // paragraph that holds it.
        let text = "first paragraph\n\nsecond one\n\n     3.5we have?!\nend";
        let got: Vec<&str> = parts(text, 30).map(|r| &text[r]).collect();
        assert_eq!(
            got,
            [
                "first paragraph\n\n",
                "second one\n\n     3.5we have?!\n",
                "end"
            ]
        );
    }

    #[test]
    fn parts_keep_characters_whole_at_any_limit() {
        let text = "中\u{301}文 👨\u{200d}👩\u{200d}👧 🇨🇳 ab  cd\nnext line";
        for max in 0..64 {
            let ranges: Vec<Range<usize>> = parts(text, max).collect();
            let joined: String = ranges.iter().map(|r| &text[r.clone()]).collect();
            assert_eq!(joined, text, "{max}");
            assert!(ranges.iter().all(|r| !r.is_empty()), "{max}: {ranges:?}");
            if text.len() <= max {
                assert_eq!(ranges.len(), 1);
            } else {
                assert!(ranges.iter().all(|r| r.len() <= max.max(4)), "{max}");
            }
        }
    }

    /// In the text and the id a lone surrogate reads as U+FFFD; other fields pass through.
    #[test]
    fn lone_surrogates_become_replacement() {
        let p = parse_record(r#"{"text": "a\ud800b\ud83d\ude00"}"#, "text").unwrap();
        assert_eq!((p.text.unwrap(), p.replaced), ("a\u{FFFD}b😀".into(), 1));
        let p = parse_record(r#"{"id":"x\udc00","u":"\ud800","text":"t"}"#, "text").unwrap();
        assert_eq!((p.text.unwrap(), p.replaced), ("t".into(), 0));
        assert_eq!(p.fields.get("u").unwrap().get(), r#""\ud800""#);
        assert_eq!(record_id(p.fields.get("id").unwrap()), "x\u{FFFD}");
        // One in the text leaves the other fields' as written.
        let p = parse_record(
            r#"{"id":"\ud800","m":{"c":"x\udfff"},"text":"t\ud800"}"#,
            "text",
        )
        .unwrap();
        assert_eq!((p.text.unwrap(), p.replaced), ("t\u{FFFD}".into(), 1));
        assert_eq!(
            serde_json::to_string(&p.fields).unwrap(),
            r#"{"id":"\ud800","m":{"c":"x\udfff"},"text":""}"#
        );
        // One in a key: the record is read with U+FFFD in its place.
        let p = parse_record(r#"{"\ud800":1,"text":"t"}"#, "text").unwrap();
        assert_eq!(p.fields.iter().next().unwrap().0, "\u{FFFD}");
        let (at, reason) = parse_record("{oops", "text").unwrap_err();
        assert!(
            reason.starts_with("malformed JSON") && at == 1,
            "{at} {reason}"
        );
        assert_eq!(
            parse_record("[1]", "text").unwrap_err().1,
            "not a JSON object"
        );
        // Where reading stopped, in the line's bytes, and no second position.
        let (at, reason) = parse_record(r#"{"text":"b"} x"#, "text").unwrap_err();
        assert_eq!(
            (at, reason.as_str()),
            (13, "malformed JSON: trailing characters")
        );
        // A string the line ends in: said so, not "control character".
        let (at, reason) = parse_record("{\"text\":\"abc\n", "text").unwrap_err();
        assert_eq!(
            (at, reason.as_str()),
            (
                12,
                "malformed JSON: string not closed at the end of the line"
            )
        );
        // A control character inside a string is still one.
        let (_, reason) = parse_record("{\"text\":\"a\tb\"}\n", "text").unwrap_err();
        assert!(reason.contains("control character"), "{reason}");
        // A record with a lone surrogate and another error: that error, where it is.
        let (at, reason) = parse_record(r#"{"text":"a \udc00 b "oops" c"}"#, "text").unwrap_err();
        assert_eq!(
            (at, reason.as_str()),
            (21, "malformed JSON: expected `,` or `}`")
        );
    }

    /// A lone `\r` (old Mac files) ends a line in plain text, as `\n` and `\r\n` do, also
    /// when `\r\n` straddles two reads of the 64 KiB input buffer.
    #[test]
    fn lone_carriage_returns_end_lines() {
        let text = "one\rtwo\r\nthree\n\rfour\r";
        let lines = docs(text, Unit::Line, MAX_DOCUMENT);
        let got: Vec<_> = lines.iter().map(|d| (d.0.as_str(), d.1.as_str())).collect();
        assert_eq!(
            got,
            [
                ("a.txt:1", "one"),
                ("a.txt:2", "two"),
                ("a.txt:3", "three"),
                ("a.txt:5", "four")
            ]
        );
        let paras = docs("a\r\rb\rc\r\r\rd", Unit::Paragraph, MAX_DOCUMENT);
        let got: Vec<_> = paras.iter().map(|d| (d.0.as_str(), d.1.as_str())).collect();
        assert_eq!(
            got,
            [("a.txt:1", "a"), ("a.txt:3", "b\rc"), ("a.txt:7", "d")]
        );
        for head in [(1 << 16) - 1, (1 << 16) - 2] {
            let text = format!("{}\r\nnext\r", "x".repeat(head));
            let lines = docs(&text, Unit::Line, MAX_DOCUMENT);
            let got: Vec<_> = lines
                .iter()
                .map(|d| (d.1.len(), d.2.bytes, d.2.line))
                .collect();
            assert_eq!(got, [(head, 0, 1), (4, head as u64 + 2, 2)], "{head}");
        }
        // A line that fills the size limit with its `\r` is whole (found by fuzz/text_reader:
        // it was cut at its last space, and both parts took its id).
        let lines = docs("aaaaaaa b\rc", Unit::Line, 10);
        let got: Vec<_> = lines.iter().map(|d| (d.0.as_str(), d.1.as_str())).collect();
        assert_eq!(got, [("a.txt:1", "aaaaaaa b"), ("a.txt:2", "c")]);
        // A document cut at the size limit ends after a lone `\r` too.
        let parts = docs("aaaa bbbb\rcccc", Unit::File, 12);
        assert_eq!(parts[0].1, "aaaa bbbb");
    }
}
