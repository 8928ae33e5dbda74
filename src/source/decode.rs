//! Bytes to text: UTF-8 by default, other encodings on request (encoding_rs, chardetng).

use std::path::Path;

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

use crate::error::{Error, Location};

/// Which encoding inputs are in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Charset {
    /// UTF-8 (the default); a UTF-16 byte-order mark is honoured too.
    #[default]
    Utf8,
    /// Detected per file: byte-order marks, then chardetng (GB18030/GBK, Big5, Shift_JIS, ...).
    Auto,
    /// A named encoding (any WHATWG label: `gb18030`, `big5`, `utf-16le`, ...).
    Named(&'static Encoding),
}

impl Charset {
    /// Parses `utf-8`, `auto`, or a WHATWG encoding label.
    ///
    /// ```
    /// use zhen::source::Charset;
    /// assert_eq!(Charset::parse("auto"), Some(Charset::Auto));
    /// assert!(matches!(Charset::parse("GBK"), Some(Charset::Named(_))));
    /// assert_eq!(Charset::parse("klingon"), None);
    /// // Decoded by the Encoding Standard as one U+FFFD: not supported.
    /// assert_eq!(Charset::parse("hz-gb-2312"), None);
    /// ```
    pub fn parse(label: &str) -> Option<Charset> {
        match label.to_ascii_lowercase().as_str() {
            "auto" => Some(Charset::Auto),
            "utf-8" | "utf8" => Some(Charset::Utf8),
            // (Labels of the encodings that the Encoding Standard maps to its replacement
            // decoder, HZ-GB-2312 and ISO-2022-KR among them, would decode a file as one
            // U+FFFD.)
            other => Encoding::for_label(other.as_bytes())
                .filter(|&e| e != encoding_rs::REPLACEMENT)
                .map(Charset::Named),
        }
    }
}

/// What to do with bytes that are not valid in the encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OnInvalid {
    /// Fail with the file and byte offset (the default).
    #[default]
    Error,
    /// Replace them with U+FFFD and count them.
    Replace,
}

/// Decoded text and what decoding did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text.
    pub text: String,
    /// The encoding used (its WHATWG name).
    pub encoding: &'static str,
    /// Invalid sequences replaced by U+FFFD.
    pub replaced: usize,
}

/// True when the bytes look binary: a NUL byte in the first 8 KiB of something that is not
/// UTF-16 (which has NULs in every ASCII character).
pub fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    let utf16 = head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]);
    !utf16 && head.contains(&0)
}

/// UTF-16 without a byte-order mark, told by where its NUL bytes fall: the high byte of
/// every ASCII character is NUL, so text with some ASCII (spaces, digits, line breaks) has
/// NULs in one byte lane and almost none in the other. `None` for anything else.
///
/// ```
/// use zhen::source::utf16_without_bom;
/// let le: Vec<u8> = "Hi 你好\n".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
/// assert_eq!(utf16_without_bom(&le), Some(encoding_rs::UTF_16LE));
/// assert_eq!(utf16_without_bom(b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0"), None);
/// ```
pub fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(8192) & !1];
    let units = head.len() / 2;
    if units < 2 {
        return None;
    }
    let (mut even, mut odd) = (0, 0);
    for pair in head.chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    // One lane NUL for a fifth of the characters at least (the ASCII ones), the other
    // seldom: only code units like U+4E00 `一`, a common character, have a NUL low byte.
    // (And four of them, or all: one stray NUL in a few bytes of UTF-8, `甲\n\0\n乙`, is
    // no lane.)
    let (lane, other) = (even.max(odd), even.min(odd));
    if lane * 5 < units || other * 4 > lane || lane < units.min(4) {
        return None;
    }
    Some(if odd > even { UTF_16LE } else { UTF_16BE })
}

/// Decodes a whole input.
///
/// ```
/// use zhen::source::{Charset, OnInvalid, decode};
/// let gbk = [0xC4, 0xE3, 0xBA, 0xC3]; // 你好 in GBK
/// let d = decode(&gbk, Charset::parse("gbk").unwrap(), OnInvalid::Error, "a.txt".as_ref())?;
/// assert_eq!(d.text, "你好");
/// let err = decode(b"ok\xFF", Charset::Utf8, OnInvalid::Error, "b.txt".as_ref()).unwrap_err();
/// assert_eq!(err.to_string(), "b.txt: byte 2: invalid UTF-8");
/// let lossy = decode(b"ok\xFF", Charset::Utf8, OnInvalid::Replace, "b.txt".as_ref())?;
/// assert_eq!((lossy.text.as_str(), lossy.replaced), ("ok\u{FFFD}", 1));
/// # Ok::<(), zhen::Error>(())
/// ```
pub fn decode(
    bytes: &[u8],
    charset: Charset,
    on_invalid: OnInvalid,
    path: &Path,
) -> Result<Decoded, Error> {
    refuse_utf32(bytes, path)?;
    let bom = Encoding::for_bom(bytes).map(|(e, _)| e);
    // A byte-order mark says what the bytes are, whatever was named (as encoding_rs and
    // browsers read it): an FF FE file read as UTF-16BE would be nothing but mojibake.
    let encoding = match (charset, bom) {
        (_, Some(e)) => e,
        (Charset::Named(e), None) => e,
        (Charset::Utf8, None) => UTF_8,
        (Charset::Auto, None) => detect(bytes),
    };
    if encoding == UTF_8 && on_invalid == OnInvalid::Error {
        // Keep the BOM in the text: cleaning removes it and the offsets stay exact.
        return match super::utf8(bytes) {
            Ok(s) => Ok(Decoded {
                text: s.to_owned(),
                encoding: UTF_8.name(),
                replaced: 0,
            }),
            Err(valid) => Err(invalid(path, valid, "invalid UTF-8")),
        };
    }
    let (text, had_errors) = encoding.decode_without_bom_handling(strip_bom(bytes, encoding));
    if had_errors && on_invalid == OnInvalid::Error {
        let at = first_invalid(bytes, encoding);
        return Err(invalid(path, at, &format!("invalid {}", encoding.name())));
    }
    let replaced = if had_errors {
        text.matches('\u{FFFD}').count() - count_replacement_chars_in_source(bytes, encoding)
    } else {
        0
    };
    Ok(Decoded {
        text: text.into_owned(),
        encoding: encoding.name(),
        replaced,
    })
}

/// Guesses the encoding of BOM-less bytes with chardetng (the detector Firefox uses).
fn detect(bytes: &[u8]) -> &'static Encoding {
    // (Before the UTF-8 check: UTF-16 of ASCII text is valid UTF-8.)
    if let Some(e) = utf16_without_bom(bytes) {
        return e;
    }
    if mostly_utf8(bytes) {
        return UTF_8;
    }
    let mut det = chardetng::EncodingDetector::new();
    det.feed(bytes, true);
    det.guess(None, true)
}

/// Whether `bytes` are UTF-8 but for stray invalid bytes, at most one for every ten bytes of
/// its multi-byte characters: one bad byte in a UTF-8 file is an error to report (or to
/// replace), not a sign of another encoding, whose text would come out as mojibake. (Text in
/// GBK, Big5, Shift_JIS or EUC-KR forms valid UTF-8 sequences only by chance, and has more
/// invalid bytes than valid multi-byte ones; Latin-1 has no valid ones.)
pub(crate) fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut multibyte, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().len() - chunk.valid().bytes().filter(u8::is_ascii).count();
        invalid += chunk.invalid().len();
    }
    // (A truncated character at the end of a prefix is no invalid byte.)
    invalid == 0 || (multibyte > 0 && invalid * 10 <= multibyte)
}

fn strip_bom<'b>(bytes: &'b [u8], encoding: &'static Encoding) -> &'b [u8] {
    let bom: &[u8] = if encoding == UTF_8 {
        &[0xEF, 0xBB, 0xBF]
    } else if encoding == UTF_16LE {
        &[0xFF, 0xFE]
    } else if encoding == UTF_16BE {
        &[0xFE, 0xFF]
    } else {
        &[]
    };
    // The UTF-8 BOM stays (cleaning removes it, keeping offsets exact); UTF-16 BOMs are
    // part of the encoding.
    if encoding != UTF_8 {
        bytes.strip_prefix(bom).unwrap_or(bytes)
    } else {
        bytes
    }
}

/// U+FFFD characters that were already in the source, so that only replacements count.
fn count_replacement_chars_in_source(bytes: &[u8], encoding: &'static Encoding) -> usize {
    if encoding == UTF_8 {
        bytes
            .windows(3)
            .filter(|w| *w == [0xEF, 0xBF, 0xBD])
            .count()
    } else {
        0
    }
}

/// Byte offset of the first sequence the encoding cannot decode.
fn first_invalid(bytes: &[u8], encoding: &'static Encoding) -> usize {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(4096);
    let mut read = 0;
    loop {
        out.clear();
        let (result, n) =
            decoder.decode_to_string_without_replacement(&bytes[read..], &mut out, true);
        match result {
            encoding_rs::DecoderResult::Malformed(bad, _) => {
                return (read + n).saturating_sub(bad as usize);
            }
            encoding_rs::DecoderResult::InputEmpty => return bytes.len(),
            encoding_rs::DecoderResult::OutputFull => read += n,
        }
    }
}

/// Refuses UTF-32, which no decoder here reads: its byte-order mark `FF FE 00 00` would
/// otherwise pass for UTF-16's and the text would decode to the wrong characters.
pub(super) fn refuse_utf32(head: &[u8], path: &Path) -> Result<(), Error> {
    if head.starts_with(&[0xFF, 0xFE, 0, 0]) || head.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return Err(invalid(
            path,
            0,
            "UTF-32 is not supported: convert it to UTF-8 first (iconv -f UTF-32 -t UTF-8)",
        ));
    }
    Ok(())
}

fn invalid(path: &Path, byte: usize, reason: &str) -> Error {
    Error::Input {
        location: Location {
            path: path.to_path_buf(),
            line: None,
            byte: Some(byte as u64),
        },
        reason: reason.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_with_bom_in_every_mode() {
        let mut le = vec![0xFF, 0xFE];
        for u in "中文 ok".encode_utf16() {
            le.extend(u.to_le_bytes());
        }
        let d = decode(&le, Charset::Utf8, OnInvalid::Error, Path::new("x")).unwrap();
        assert_eq!(d.text, "中文 ok");
        assert_eq!(d.encoding, "UTF-16LE");
        // (Whatever was named.)
        for named in [encoding_rs::UTF_16BE, encoding_rs::GBK] {
            let d = decode(&le, Charset::Named(named), OnInvalid::Error, Path::new("x")).unwrap();
            assert_eq!(d.text, "中文 ok");
        }
        assert!(!looks_binary(&le));
    }

    #[test]
    fn utf32_is_refused_not_read_as_utf16() {
        let mut le = vec![0xFF, 0xFE, 0, 0];
        for c in "中文 ok".chars() {
            le.extend((c as u32).to_le_bytes());
        }
        let be: Vec<u8> = [0, 0, 0xFE, 0xFF, 0, 0, 0x4E, 0x2D].to_vec();
        for bytes in [le, be] {
            for charset in [Charset::Utf8, Charset::Auto] {
                let err = decode(&bytes, charset, OnInvalid::Replace, Path::new("x")).unwrap_err();
                assert_eq!(
                    err.to_string(),
                    "x: byte 0: UTF-32 is not supported: convert it to UTF-8 first \
                     (iconv -f UTF-32 -t UTF-8)"
                );
            }
        }
    }

    #[test]
    fn utf16_without_bom_by_its_nul_lane() {
        // Mostly Chinese, a fifth ASCII, and U+4E00 and U+5000 (NUL low bytes) in it.
        let text = "一个中文段落里有 GPT 和 2024，倅一二三四五六七八九十。\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(utf16_without_bom(&le), Some(UTF_16LE));
        assert_eq!(utf16_without_bom(&be), Some(UTF_16BE));
        for (bytes, name) in [(&le, "UTF-16LE"), (&be, "UTF-16BE")] {
            let d = decode(bytes, Charset::Auto, OnInvalid::Error, Path::new("x")).unwrap();
            assert_eq!((d.text.as_str(), d.encoding), (text, name));
        }
        // Not text: NULs in both lanes, or too few; UTF-8 has none.
        assert_eq!(utf16_without_bom(&[0; 64]), None);
        assert_eq!(utf16_without_bom(b"abcdefgh\0ijklmnopqrstuvwxyz"), None);
        assert_eq!(utf16_without_bom(text.as_bytes()), None);
        assert_eq!(utf16_without_bom(b"a\0"), None);
        assert_eq!(utf16_without_bom("甲\n\0\n乙\n".as_bytes()), None);
        assert_eq!(utf16_without_bom(b"ab\0cd"), None);
        assert_eq!(utf16_without_bom(b"H\0i\0"), Some(UTF_16LE));
    }

    #[test]
    fn mostly_utf8_tells_a_stray_byte_from_another_encoding() {
        let text = "机器翻译的文章里常常留下没有翻译的中文句子，我们需要把它们找出来。";
        assert!(mostly_utf8(text.as_bytes()));
        assert!(mostly_utf8(&[b"\xFF", text.as_bytes()].concat()));
        assert!(mostly_utf8(b"plain ASCII"));
        for e in [
            encoding_rs::GB18030,
            encoding_rs::BIG5,
            encoding_rs::SHIFT_JIS,
        ] {
            assert!(!mostly_utf8(&e.encode(text).0), "{}", e.name());
        }
        assert!(!mostly_utf8(
            &encoding_rs::WINDOWS_1252.encode("Le café, très bon").0
        ));
        // Detection reads it as UTF-8, so the byte is reported where it is.
        let bad = [text.as_bytes(), b"\xFF"].concat();
        let err = decode(&bad, Charset::Auto, OnInvalid::Error, Path::new("x")).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("x: byte {}: invalid UTF-8", text.len())
        );
    }

    #[test]
    fn auto_detects_gb18030_and_big5() {
        let text = "机器翻译的文章里常常留下没有翻译的中文句子，我们需要把它们找出来。";
        let (gb, _, _) = encoding_rs::GB18030.encode(text);
        let d = decode(&gb, Charset::Auto, OnInvalid::Error, Path::new("x")).unwrap();
        assert_eq!(d.text, text);
        let trad = "機器翻譯的文章裡常常留下沒有翻譯的中文句子，我們需要把它們找出來。";
        let (big5, _, _) = encoding_rs::BIG5.encode(trad);
        let d = decode(&big5, Charset::Auto, OnInvalid::Error, Path::new("x")).unwrap();
        assert_eq!(d.text, trad);
    }

    #[test]
    fn invalid_bytes_are_located() {
        let err = decode(b"abc\xC3(", Charset::Utf8, OnInvalid::Error, Path::new("f")).unwrap_err();
        assert_eq!(err.to_string(), "f: byte 3: invalid UTF-8");
        let gbk = Charset::parse("gbk").unwrap();
        let err = decode(b"ab\x81", gbk, OnInvalid::Error, Path::new("g")).unwrap_err();
        assert!(
            err.to_string().starts_with("g: byte 2: invalid GBK"),
            "{err}"
        );
    }

    #[test]
    fn binary() {
        assert!(looks_binary(b"\x7fELF\0\0\0"));
        assert!(!looks_binary("纯文本".as_bytes()));
    }
}
