//! Stage `characters`: line endings, control and invisible characters, Unicode spaces.

use crate::align::Editor;
use crate::script::{Class, Script, class, is_emoji_part};
use unicode_normalization::char::is_combining_mark;

/// What happens to one character.
enum Fix {
    Keep,
    Delete,
    Replace(&'static str),
}

/// `\r\n` and lone `\r` become `\n` (as do U+2028/U+2029, vertical tab, form feed, NEL and
/// U+001C..U+001E; U+001F becomes a space); other control characters but `\t` are removed; zero-width characters (U+200B, U+2060, U+FEFF, the soft
/// hyphen) are removed, and ZWJ too unless it joins two emoji; NBSP and the other Unicode
/// space characters (Zs) become a plain space.
pub(crate) fn run(ed: &mut Editor) {
    let text = ed.input();
    let bytes = text.as_bytes();
    let mut i = 0;
    loop {
        // Everything up to a byte that may start a character `fix` changes is kept.
        i = next_candidate(bytes, i);
        let Some(&b) = bytes.get(i) else {
            break;
        };
        if b == b'\t' || b == b'\n' || !may_fix(&bytes[i..]) {
            i += 1;
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let len = c.len_utf8();
        match fix(text, i, c) {
            Fix::Keep => {}
            Fix::Delete => ed.delete(i..i + len),
            Fix::Replace(with) => {
                if c == '\r' && bytes.get(i + 1) == Some(&b'\n') {
                    ed.delete(i..i + 1);
                } else {
                    ed.replace(i..i + len, with);
                }
            }
        }
        i += len;
    }
}

/// The first index at or after `i` of a byte below 0x20, DEL, or 0xC2, 0xE0..=0xE3 or
/// 0xEF: the bytes that may start a character that `fix` changes (and a few more).
fn next_candidate(b: &[u8], mut i: usize) -> usize {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let less = |w: u64, n: u64| w.wrapping_sub(LO * n) & !w & HI != 0;
    let has = |w: u64, x: u64| less(w ^ (LO * x), 1);
    while i + 8 <= b.len() {
        let mut a = [0u8; 8];
        a.copy_from_slice(&b[i..i + 8]);
        let w = u64::from_le_bytes(a);
        if less(w, 0x20) || has(w, 0x7F) {
            break;
        }
        // (Eight ASCII bytes need no look for lead bytes.)
        if w & HI != 0 && (has(w, 0xC2) || less(w ^ (LO * 0xE0), 4) || has(w, 0xEF)) {
            break;
        }
        i += 8;
    }
    while i < b.len() && !matches!(b[i], 0..0x20 | 0x7F | 0xC2 | 0xE0..=0xE3 | 0xEF) {
        i += 1;
    }
    i
}

/// Whether the character at the start of `s` may be changed by `fix`: control characters,
/// NBSP, the soft hyphen, U+1680, U+180E, U+2000..U+200F, U+2028..U+202F, U+205F, U+2060,
/// U+2066..U+2069, U+3000 and U+FEFF.
fn may_fix(s: &[u8]) -> bool {
    let at = |k: usize| s.get(k).copied();
    match s.first() {
        Some(0..0x20 | 0x7F) => true,
        Some(0xC2) => at(1).is_some_and(|x| x <= 0xA0 || x == 0xAD),
        Some(0xE1) => matches!(
            (at(1), at(2)),
            (Some(0x9A), Some(0x80)) | (Some(0xA0), Some(0x8E))
        ),
        Some(0xE2) => match at(1) {
            Some(0x80) => at(2).is_some_and(|x| x <= 0x8F || matches!(x, 0xA8..=0xAF)),
            Some(0x81) => matches!(at(2), Some(0x9F | 0xA0 | 0xA6..=0xA9)),
            _ => false,
        },
        Some(0xE3) => at(1) == Some(0x80) && at(2) == Some(0x80),
        Some(0xEF) => at(1) == Some(0xBB) && at(2) == Some(0xBF),
        _ => false,
    }
}

fn fix(text: &str, at: usize, c: char) -> Fix {
    match c {
        // (Vertical tab, form feed, NEL and the file, group and record separators end a
        // line, as Unicode and Python's `splitlines` have it; the unit separator parts
        // words.)
        '\r' | '\u{2028}' | '\u{2029}' | '\u{B}' | '\u{C}' | '\u{85}' | '\u{1C}'..='\u{1E}' => {
            Fix::Replace("\n")
        }
        '\u{1F}' => Fix::Replace(" "),
        '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' | '\u{180E}' => Fix::Delete,
        '\u{200D}' => {
            let before = text[..at].chars().next_back();
            let after = text[at + c.len_utf8()..].chars().next();
            match (before, after) {
                (Some(b), Some(a)) if is_emoji_part(b) && is_emoji_part(a) => Fix::Keep,
                _ => Fix::Delete,
            }
        }
        // ZWNJ and the direction marks, embeddings and isolates shape and order Arabic,
        // Hebrew or Indic text; beside Chinese, Latin or nothing they are debris.
        '\u{200C}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}' => {
            // (Read past the combining marks of a letter before: NFC may fold them into
            // it, `e\u{301}` into `é`, and the answer must not change when it does.)
            let mut back = text[..at].chars().rev().take(32);
            let first = back.clone().next();
            let before = back.find(|&b| !is_combining_mark(b)).or(first);
            let after = text[at + c.len_utf8()..].chars().next();
            if before.is_some_and(shaped) || after.is_some_and(shaped) {
                Fix::Keep
            } else {
                Fix::Delete
            }
        }
        '\u{00A0}'
        | '\u{1680}'
        | '\u{2000}'..='\u{200A}'
        | '\u{202F}'
        | '\u{205F}'
        | '\u{3000}' => Fix::Replace(" "),
        _ if c.is_control() => Fix::Delete,
        _ => Fix::Keep,
    }
}

/// Whether this stage removes `c` from a line of such characters and whitespace alone
/// (nothing there for a joiner or a direction mark to serve): such a line is blank.
pub(crate) fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}'
            | '\u{2060}'
            | '\u{FEFF}'
            | '\u{00AD}'
            | '\u{180E}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
    ) || c.is_control()
}

/// Whether `c` is a letter or mark of a script that ZWNJ and the direction marks serve:
/// neither Latin nor CJK.
fn shaped(c: char) -> bool {
    match class(c) {
        Class::Letter(s) => !matches!(s, Script::Latin),
        Class::Mark => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(s: &str) -> String {
        let mut ed = Editor::new(s);
        run(&mut ed);
        ed.finish().map(|(s, _)| s).unwrap_or_else(|| s.to_string())
    }

    #[test]
    fn line_endings() {
        assert_eq!(clean("a\r\nb\rc\u{2028}d"), "a\nb\nc\nd");
        // Page and record breaks end lines: no words glued.
        assert_eq!(
            clean("abc\u{C}def ghi\u{B}jkl mno\u{85}pqr x\u{1C}y\u{1F}z"),
            "abc\ndef ghi\njkl mno\npqr x\ny z"
        );
    }

    #[test]
    fn controls_and_invisibles() {
        assert_eq!(
            clean("\u{FEFF}a\u{0}b\u{7}c\u{200B}d\u{2060}e\u{AD}f\u{9F}g\tx"),
            "abcdefg\tx"
        );
    }

    #[test]
    fn zwj_kept_only_between_emoji() {
        assert_eq!(clean("👨\u{200D}👩\u{200D}👧"), "👨\u{200D}👩\u{200D}👧");
        assert_eq!(clean("a\u{200D}b"), "ab");
        // ZWNJ and direction marks go beside Chinese and Latin text, not in Persian or
        // Hebrew.
        assert_eq!(
            clean("中\u{200C}文 ok\u{200C}ok 中\u{200E}文\u{200F}"),
            "中文 okok 中文"
        );
        assert_eq!(clean("\u{202B}abc\u{202C} x\u{2067}y\u{2069}"), "abc xy");
        assert_eq!(clean("می\u{200C}خواهم"), "می\u{200C}خواهم");
        assert_eq!(clean("שלום\u{200F} ok"), "שלום\u{200F} ok");
        // A Latin letter's accent is Latin; an Arabic letter's vowel mark is not.
        assert_eq!(clean("cafe\u{301}\u{200F} ok"), "cafe\u{301} ok");
        assert_eq!(clean("مَ\u{200F}x"), "مَ\u{200F}x");
        assert_eq!(clean("👍🏽\u{200D}"), "👍🏽");
    }

    #[test]
    fn only_characters_may_fix_admits_change() {
        for u in 0..=0x10FFFFu32 {
            let Some(c) = char::from_u32(u) else { continue };
            let s = c.to_string();
            if !matches!(fix(&s, 0, c), Fix::Keep) {
                assert!(may_fix(s.as_bytes()), "U+{u:04X}");
                assert_eq!(next_candidate(s.as_bytes(), 0), 0, "U+{u:04X}");
                let long = format!("abcdefgh{s}");
                assert_eq!(next_candidate(long.as_bytes(), 0), 8, "U+{u:04X}");
                // Inside an eight-byte word read at once.
                let inside = format!("abcd{s}efghijklmnop");
                assert_eq!(next_candidate(inside.as_bytes(), 0), 4, "U+{u:04X}");
            }
        }
    }

    #[test]
    fn unicode_spaces() {
        assert_eq!(clean("a\u{A0}b\u{3000}c\u{2009}d"), "a b c d");
    }
}
