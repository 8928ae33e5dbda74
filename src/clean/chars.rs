//! Stage `characters`: line endings, control and invisible characters, Unicode spaces.

use crate::align::Editor;
use crate::script::is_emoji_part;

/// What happens to one character.
enum Fix {
    Keep,
    Delete,
    Replace(&'static str),
}

/// `\r\n` and lone `\r` become `\n` (as do U+2028/U+2029); control characters other than
/// `\t` and `\n` are removed; zero-width characters (U+200B, U+2060, U+FEFF, the soft
/// hyphen) are removed, and ZWJ too unless it joins two emoji; NBSP and the other Unicode
/// space characters (Zs) become a plain space.
pub(crate) fn run(ed: &mut Editor) {
    let text = ed.input();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // ASCII fast path: printable, tab and newline are kept as they are.
        if (0x20..0x7F).contains(&b) || b == b'\t' || b == b'\n' {
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

fn fix(text: &str, at: usize, c: char) -> Fix {
    match c {
        '\r' | '\u{2028}' | '\u{2029}' => Fix::Replace("\n"),
        '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' | '\u{180E}' => Fix::Delete,
        '\u{200D}' => {
            let before = text[..at].chars().next_back();
            let after = text[at + c.len_utf8()..].chars().next();
            match (before, after) {
                (Some(b), Some(a)) if is_emoji_part(b) && is_emoji_part(a) => Fix::Keep,
                _ => Fix::Delete,
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
    }

    #[test]
    fn controls_and_invisibles() {
        assert_eq!(
            clean("\u{FEFF}a\u{0}b\u{7}c\u{200B}d\u{2060}e\u{AD}f\u{85}g\tx"),
            "abcdefg\tx"
        );
    }

    #[test]
    fn zwj_kept_only_between_emoji() {
        assert_eq!(clean("👨\u{200D}👩\u{200D}👧"), "👨\u{200D}👩\u{200D}👧");
        assert_eq!(clean("a\u{200D}b"), "ab");
        assert_eq!(clean("👍🏽\u{200D}"), "👍🏽");
    }

    #[test]
    fn unicode_spaces() {
        assert_eq!(clean("a\u{A0}b\u{3000}c\u{2009}d"), "a b c d");
    }
}
