//! Stage `normalize`: NFC or NFKC, and full-width ASCII letters and digits to half-width.
//!
//! Text is cut into segments that start at a *stable* character (canonical combining class 0
//! and quick-check `Yes`): nothing before such a character can compose or reorder with
//! anything after it, so each segment normalizes on its own and its edit stays local.
//! Segments made of one stable character, which is almost all text, are skipped without
//! allocating.

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
    let mut buf = String::new();
    for (i, c) in text.char_indices() {
        let stable = is_stable(c, form);
        if stable && i > seg_start {
            if dirty {
                normalize_segment(ed, seg_start..i, form, &mut buf);
            }
            seg_start = i;
            dirty = false;
        }
        if !stable || is_fullwidth_alnum(c) {
            dirty = true;
        }
    }
    if dirty {
        normalize_segment(ed, seg_start..text.len(), form, &mut buf);
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

fn normalize_segment(ed: &mut Editor, range: std::ops::Range<usize>, form: Form, buf: &mut String) {
    let seg = &ed.input()[range.clone()];
    buf.clear();
    // Fold first: `ａ` + U+0300 must compose to `à` after folding.
    let folded = seg.chars().map(fold_width);
    match form {
        Form::Nfkc => buf.extend(folded.nfkc()),
        _ => buf.extend(folded.nfc()),
    }
    ed.replace(range, buf);
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
        assert_eq!(norm("ＡＰＩ３０％，", Form::Nfc), "API30％，");
        assert_eq!(norm("ＡＰＩ３０％，", Form::Nfkc), "API30%,");
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
