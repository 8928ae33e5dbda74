//! Stage `normalize`: NFC or NFKC, and full-width ASCII letters and digits to half-width.
//!
//! Text is cut into segments that start at a *stable* character (canonical combining class 0
//! and quick-check `Yes`): nothing before such a character can compose or reorder with
//! anything after it, so each segment normalizes on its own and its edit stays local.
//! Segments made of one stable character, which is almost all text, are skipped without
//! allocating.

use std::ops::Range;

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick, is_nfkc_quick};

use crate::align::Editor;
use crate::config::Form;

pub(crate) fn run(ed: &mut Editor, form: Form) {
    if form == Form::Off {
        return;
    }
    let text = ed.input();
    let mut seg_start = 0;
    let mut dirty = false;
    for (i, c) in text.char_indices() {
        if let Some(ascii) = token_symbol(text, i, c) {
            if dirty {
                normalize_segment(ed, seg_start..i, form);
            }
            ed.replace(i..i + c.len_utf8(), ascii.encode_utf8(&mut [0; 4]));
            seg_start = i + c.len_utf8();
            dirty = false;
            continue;
        }
        let stable = is_stable(c, form);
        if stable && i > seg_start {
            if dirty {
                normalize_segment(ed, seg_start..i, form);
            }
            seg_start = i;
            dirty = false;
        }
        if !stable || is_fullwidth_alnum(c) {
            dirty = true;
        }
    }
    if dirty {
        normalize_segment(ed, seg_start..text.len(), form);
    }
}

/// True when `c` starts a segment and is already normalized.
fn is_stable(c: char, form: Form) -> bool {
    let u = c as u32;
    // ASCII is stable in every form; below U+0300 everything is NFC-stable; CJK ideographs
    // are stable in both forms. These cover nearly all input without a table lookup.
    if u < 0x80 || (form == Form::Nfc && u < 0x300) || (0x4E00..=0x9FFF).contains(&u) {
        return true;
    }
    if canonical_combining_class(c) != 0 {
        return false;
    }
    let once = std::iter::once(c);
    let quick = match form {
        Form::Nfkc => is_nfkc_quick(once),
        _ => is_nfc_quick(once),
    };
    quick == IsNormalized::Yes
}

/// A full-width symbol inside a word or number is part of it, not punctuation, and folds
/// with it: `ＴＹＰＥ－Ｃ` → `TYPE-C`, `２．１` → `2.1`, `９８％` → `98%`.
fn token_symbol(text: &str, i: usize, c: char) -> Option<char> {
    let alnum =
        |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || is_fullwidth_alnum(c));
    let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit() || matches!(c, '０'..='９'));
    let prev = text[..i].chars().next_back();
    let next = text[i + c.len_utf8()..].chars().next();
    let inside = match c {
        '．' | '－' | '＿' | '／' | '＋' => alnum(prev) && alnum(next),
        '，' | '：' => digit(prev) && digit(next),
        '％' => digit(prev),
        _ => false,
    };
    // U+FF01..U+FF5E are ASCII shifted by 0xFEE0.
    inside.then(|| char::from_u32(c as u32 - 0xFEE0)).flatten()
}

fn is_fullwidth_alnum(c: char) -> bool {
    matches!(c, '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ')
}

/// Full-width ASCII letters and digits (U+FF10..U+FF5A) to ASCII: the same code points
/// shifted by 0xFEE0.
fn fold_width(c: char) -> char {
    if is_fullwidth_alnum(c) {
        char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
    } else {
        c
    }
}

fn normalized(seg: &str, form: Form) -> String {
    // Fold first: `ａ` + U+0300 must compose to `à` after folding.
    let folded = seg.chars().map(fold_width);
    match form {
        Form::Nfkc => folded.nfkc().collect(),
        _ => folded.nfc().collect(),
    }
}

/// Normalizes one segment, as several edits where its parts normalize independently
/// (`Ｂ` + U+F900 are two edits, so `B` maps back to `Ｂ` alone).
fn normalize_segment(ed: &mut Editor, range: Range<usize>, form: Form) {
    let input = ed.input();
    let mut start = range.start;
    loop {
        let seg = &input[start..range.end];
        let whole = normalized(seg, form);
        let split = seg.char_indices().skip(1).find_map(|(k, c)| {
            if canonical_combining_class(c) != 0 {
                return None;
            }
            let head = normalized(&seg[..k], form);
            (whole.starts_with(&head) && normalized(&seg[k..], form) == whole[head.len()..])
                .then_some((k, head))
        });
        match split {
            Some((k, head)) => {
                replace_changed(ed, start..start + k, &head);
                start += k;
            }
            None => {
                replace_changed(ed, start..range.end, &whole);
                return;
            }
        }
    }
}

/// Replaces `range` by `new`, leaving out the characters both share at either end, so only
/// what changed is an edit.
fn replace_changed(ed: &mut Editor, range: Range<usize>, new: &str) {
    let old = &ed.input()[range.clone()];
    let prefix: usize = old
        .chars()
        .zip(new.chars())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    let suffix: usize = old[prefix..]
        .chars()
        .rev()
        .zip(new[prefix..].chars().rev())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    ed.replace(
        range.start + prefix..range.end - suffix,
        &new[prefix..new.len() - suffix],
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str, form: Form) -> String {
        let mut ed = Editor::new(s);
        run(&mut ed, form);
        ed.finish().map(|(s, _)| s).unwrap_or_else(|| s.to_string())
    }

    #[test]
    fn nfc_composes() {
        assert_eq!(norm("e\u{301}t\u{E9}", Form::Nfc), "\u{E9}t\u{E9}");
        assert_eq!(norm("\u{1100}\u{1161}", Form::Nfc), "\u{AC00}");
    }

    #[test]
    fn width_folds_in_every_form() {
        assert_eq!(norm("ＡＰＩ３０％，", Form::Nfc), "API30%，");
        assert_eq!(norm("ＡＰＩ３０％，", Form::Nfkc), "API30%,");
    }

    #[test]
    fn symbols_inside_tokens_fold() {
        assert_eq!(
            norm("ＴＹＰＥ－Ｃ 接口，２．１％，共３：０", Form::Nfc),
            "TYPE-C 接口，2.1%，共3:0"
        );
        assert_eq!(norm("你好，世界－", Form::Nfc), "你好，世界－");
    }

    #[test]
    fn edits_are_minimal() {
        let mut ed = Editor::new("们\u{F900}");
        run(&mut ed, Form::Nfc);
        let (out, map) = ed.finish().unwrap();
        let mut offsets = crate::align::OffsetMap::default();
        offsets.push(map);
        assert_eq!(out, "们\u{8C48}");
        assert_eq!(offsets.to_source(0..3), 0..3);

        let mut ed = Editor::new("ＡＢ\u{F900}");
        run(&mut ed, Form::Nfc);
        let (_, map) = ed.finish().unwrap();
        let mut offsets = crate::align::OffsetMap::default();
        offsets.push(map);
        assert_eq!(offsets.to_source(0..2), 0..6);
    }

    #[test]
    fn nfkc_folds_compatibility() {
        assert_eq!(norm("ﬁ①", Form::Nfkc), "fi1");
        assert_eq!(norm("ﬁ①", Form::Nfc), "ﬁ①");
    }

    #[test]
    fn cjk_compat_ideograph_is_canonical() {
        // U+F900 has a canonical decomposition to U+8C48.
        assert_eq!(norm("\u{F900}", Form::Nfc), "\u{8C48}");
    }

    #[test]
    fn matches_whole_text_normalization() {
        let s = "Ame\u{301}lie 中文 \u{1E0B}\u{323} ａ\u{300} 한\u{11A8} ｶﾞ";
        let whole: String = s.nfkc().collect();
        assert_eq!(norm(s, Form::Nfkc), whole);
        let nfc: String = s.chars().map(fold_width).nfc().collect();
        assert_eq!(norm(s, Form::Nfc), nfc);
    }
}
