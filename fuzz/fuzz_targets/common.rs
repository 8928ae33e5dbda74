//! Checks shared by the pipeline targets: what `tests/properties.rs` asserts on every
//! document (tiling, words, alignment), plus the JSON writer round trip.

#![allow(dead_code)]

use std::ops::Range;
use std::sync::LazyLock;

use zhen::{Config, CutMode, Document, Form, OffsetUnit, Pipeline, Switch};

/// The configurations the targets pick from (one input byte chooses).
pub static PIPELINES: LazyLock<Vec<(Pipeline, Form)>> = LazyLock::new(|| {
    let configs = [
        Config::default(),
        Config {
            normalization: Form::Nfkc,
            ..Config::default()
        },
        Config {
            spacing: Switch::Off,
            punctuation: Switch::Off,
            embed_words: 0,
            ..Config::default()
        },
        Config {
            normalization: Form::Off,
            cut: CutMode::Search,
            latin_words: Switch::On,
            whitespace: Switch::Off,
            ..Config::default()
        },
    ];
    configs
        .into_iter()
        .map(|c| {
            let form = c.normalization;
            (Pipeline::new(c).expect("built-in configuration"), form)
        })
        .collect()
});

fn on_boundaries(s: &str, r: &Range<usize>) -> bool {
    r.start <= r.end && r.end <= s.len() && s.is_char_boundary(r.start) && s.is_char_boundary(r.end)
}

fn fold_width(c: char) -> char {
    if matches!(c, '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ') {
        char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
    } else {
        c
    }
}

/// Letters and digits of a source slice as cleaning leaves them (as in tests/properties.rs):
/// control and zero-width characters dropped, width folded, normalized.
fn source_alnum(s: &str, form: Form) -> String {
    use unicode_normalization::UnicodeNormalization;
    let kept = s.chars().filter(|&c| {
        !((c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
            || matches!(
                c,
                '\u{200B}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{AD}' | '\u{180E}'
            ))
    });
    let folded = kept.map(fold_width);
    match form {
        Form::Nfkc => folded.nfkc().filter(|c| c.is_alphanumeric()).collect(),
        _ => folded.nfc().filter(|c| c.is_alphanumeric()).collect(),
    }
}

/// The structural checks of tests/properties.rs on one document of `source`.
pub fn check(doc: &Document, source: &str, form: Form) {
    let text = doc.text();
    assert_eq!(doc.source(), source);
    let mut covered = vec![false; text.len()];
    let (mut prev_end, mut prev_src_end) = (0, 0);
    for s in doc.spans() {
        let r = &s.range;
        assert!(on_boundaries(text, r), "span {r:?} not on char boundaries");
        assert!(!r.is_empty(), "empty span {r:?}");
        assert!(r.start >= prev_end, "span {r:?} overlaps {prev_end}");
        prev_end = r.end;
        let body = &text[r.clone()];
        assert!(
            !body.starts_with(char::is_whitespace) && !body.ends_with(char::is_whitespace),
            "span {r:?} {body:?} has whitespace at an edge"
        );
        assert!(!body.contains('\n'), "span {r:?} {body:?} crosses a line");
        covered[r.clone()].iter_mut().for_each(|b| *b = true);
        // Under NFKC one source character can expand across two spans (`½` → `1⁄2`), and
        // each maps to the whole character.
        assert!(
            s.src_range.start >= prev_src_end || form == Form::Nfkc,
            "span src {:?} overlaps",
            s.src_range
        );
        prev_src_end = s.src_range.end;
        let mut prev_word = 0;
        for w in &s.words {
            assert!(!w.range.is_empty(), "empty word {:?}", w.range);
            assert!(
                w.range.start >= prev_word,
                "word {:?} out of order",
                w.range
            );
            prev_word = w.range.start;
        }
        let ranges = std::iter::once((&s.range, &s.src_range))
            .chain(s.words.iter().map(|w| (&w.range, &w.src_range)))
            .chain(s.embedded.iter().map(|e| (&e.range, &e.src_range)));
        for (range, src_range) in ranges {
            assert!(on_boundaries(text, range), "range {range:?}");
            assert!(
                r.start <= range.start && range.end <= r.end,
                "{range:?} outside {r:?}"
            );
            assert_eq!(src_range, &doc.to_source(range.clone()));
            assert!(on_boundaries(source, src_range), "src {src_range:?}");
            let cleaned = source_alnum(&text[range.clone()], form);
            let original = source_alnum(&source[src_range.clone()], form);
            // A range ending inside the expansion of one source character (NFKC's `¼` →
            // `1⁄4`) maps to the whole character, so the source may hold more.
            assert!(
                original.contains(&cleaned),
                "{range:?} = {cleaned:?} maps to {src_range:?} = {original:?}"
            );
        }
    }
    for (i, c) in text.char_indices() {
        if !c.is_whitespace() {
            assert!(covered[i], "char {c:?} at {i} is in no span");
        }
    }
    check_json(doc);
}

/// The hand-written JSON writer yields JSON that serde_json reads back to the same text, with
/// code-point offsets that slice it.
pub fn check_json(doc: &Document) {
    let id = serde_json::Value::from("fuzz");
    let mut line = Vec::new();
    zhen::JsonDocument::new(doc, Some(&id), OffsetUnit::Chars)
        .write_line(&mut line)
        .expect("writing to a Vec");
    assert_eq!(line.last(), Some(&b'\n'));
    let v: serde_json::Value = serde_json::from_slice(&line).expect("the writer's JSON parses");
    assert_eq!(v["text"].as_str(), Some(doc.text()));
    let spans = v["spans"].as_array().expect("spans");
    assert_eq!(spans.len(), doc.spans().len());
    let chars = |b: usize| doc.text()[..b].chars().count() as u64;
    for (j, s) in spans.iter().zip(doc.spans()) {
        assert_eq!(j["start"].as_u64(), Some(chars(s.range.start)));
        assert_eq!(j["end"].as_u64(), Some(chars(s.range.end)));
    }
}
