//! Stage `normalize`: NFC or NFKC, and full-width ASCII letters and digits to half-width.
//!
//! Text is cut into segments that start at a *stable* character (canonical combining class 0
//! and quick-check `Yes`): nothing before such a character can compose or reorder with
//! anything after it, so each segment normalizes on its own and its edit stays local.
//! Segments made of one stable character, which is almost all text, are skipped without
//! allocating.

use std::ops::Range;

use unicode_normalization::char::{canonical_combining_class, decompose_compatible};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick, is_nfkc_quick};

use crate::align::Editor;
use crate::config::Form;
use crate::script::{Class, class, ideograph_at, skip_ascii};

pub(crate) fn run(ed: &mut Editor, form: Form) {
    if form == Form::Off {
        return;
    }
    let text = ed.input();
    let b = text.as_bytes();
    let mut seg_start = 0;
    let mut dirty = false;
    let mut i = 0;
    while i < b.len() {
        // A run of plain characters (ASCII, and ideographs U+5000..U+9FFF, whose leading
        // bytes are 0xE5..0xE9): each is stable, neither full-width nor a token symbol, so
        // the first ends a dirty segment and each starts a new one; only the last matters.
        let mut j = i;
        let mut last = i;
        loop {
            match b.get(j) {
                Some(&x) if x < 0x80 => {
                    last = j;
                    j = skip_ascii(b, j + 1);
                    last = last.max(j - 1);
                }
                _ if ideograph_at(b, j) => {
                    last = j;
                    j += 3;
                }
                Some(0xE2 | 0xE3 | 0xEF) if plain_mark(b, j, form) => {
                    last = j;
                    j += 3;
                }
                _ => break,
            }
        }
        if j > i {
            if dirty {
                normalize_segment(ed, seg_start..i, form);
                dirty = false;
            }
            seg_start = last;
            i = j;
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        if let Some(ascii) = token_symbol(text, i, c) {
            if dirty {
                normalize_segment(ed, seg_start..i, form);
            }
            ed.replace(i..i + c.len_utf8(), ascii.encode_utf8(&mut [0; 4]));
            seg_start = i + c.len_utf8();
            dirty = false;
            i += c.len_utf8();
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
        i += c.len_utf8();
    }
    if dirty {
        normalize_segment(ed, seg_start..text.len(), form);
    }
}

/// Whether the character at `b[i]` is one of the common CJK marks that, like an ideograph,
/// is stable in `form`, not a full-width letter or digit, and not a symbol inside a token
/// (`，` and `：` are one only after a digit). Read from its bytes, without decoding.
/// (Always inlined: the scan that proves a line plain asks it of every CJK mark.)
#[inline(always)]
pub(crate) fn plain_mark(b: &[u8], i: usize, form: Form) -> bool {
    let (Some(&y), Some(&z)) = (b.get(i + 1), b.get(i + 2)) else {
        return false;
    };
    let after_digit = || {
        i.checked_sub(1).is_some_and(|p| b[p].is_ascii_digit())
            || (i >= 3 && b[i - 3] == 0xEF && b[i - 2] == 0xBC && matches!(b[i - 1], 0x90..=0x99))
    };
    match (b[i], y) {
        // – — ‘ ’ “ ”, and in NFC … (which NFKC expands to three dots).
        (0xE2, 0x80) => {
            matches!(z, 0x93 | 0x94 | 0x98 | 0x99 | 0x9C | 0x9D) || (z == 0xA6 && form == Form::Nfc)
        }
        // 、。〃〄々〆〇〈〉《》「」『』【】〒〓〔〕〖〗〘〙〚〛
        (0xE3, 0x80) => matches!(z, 0x81..=0x9B),
        // ！（）；？ and ，：, which NFKC leaves to punctuation too (see
        // [`left_to_punctuation`]).
        (0xEF, 0xBC) => {
            matches!(z, 0x81 | 0x88 | 0x89 | 0x9B)
                // (`？` after a full-width letter or digit may be a wide URL's query.)
                || (z == 0x9F && !after_wide_alnum(b, i))
                || (matches!(z, 0x8C | 0x9A)
                    && !after_digit()
                    && !(z == 0x9A && after_scheme(b, i)))
        }
        _ => false,
    }
}

/// Passes over ideographs and the marks that [`plain_mark`] keeps whatever comes before
/// them, from byte `i` of `b`, which must not follow ASCII (after a digit or a scheme's
/// letter a mark may belong to a number or a URL); returns where they end and how many Han
/// characters (ideographs, `々`, `〇`) they hold. The bulk of Chinese prose, read with a
/// table look-up a character and no branch to mispredict at each mark. (`…`, which NFKC
/// expands, is left to [`plain_mark`].)
#[inline]
pub(crate) fn plain_run(b: &[u8], mut i: usize) -> (usize, usize) {
    let mut han = 0;
    while let Some(&[x, y, z]) = b.get(i..i + 3) {
        if x & 0xF0 != 0xE0 {
            break;
        }
        let (row, bit) = (usize::from(x & 0x0F) << 6 | usize::from(y & 0x3F), z & 0x3F);
        if PLAIN[row] >> bit & 1 == 0 {
            break;
        }
        han += (PLAIN_HAN[row] >> bit & 1) as usize;
        i += 3;
    }
    (i, han)
}

/// For [`plain_run`], a row for each three-byte lead and second byte (their low bits), with
/// a bit for each third byte: the characters it passes over, and those of them that are Han.
static PLAIN: [u64; 1024] = plain_table(false);
static PLAIN_HAN: [u64; 1024] = plain_table(true);

const fn plain_table(han_only: bool) -> [u64; 1024] {
    let mut t = [0u64; 1024];
    let mut row = 0;
    while row < 1024 {
        let (x, y) = (0xE0 | (row >> 6) as u8, 0x80 | (row & 0x3F) as u8);
        let ideograph = matches!(x, 0xE5..=0xE9) || (x == 0xE4 && y >= 0xB8);
        let mut z = 0x80u8;
        while z <= 0xBF {
            let han = ideograph || (x == 0xE3 && y == 0x80 && z | 2 == 0x87);
            let mark = match (x, y) {
                (0xE2, 0x80) => matches!(z, 0x93 | 0x94 | 0x98 | 0x99 | 0x9C | 0x9D),
                (0xE3, 0x80) => matches!(z, 0x81..=0x9B),
                (0xEF, 0xBC) => matches!(z, 0x81 | 0x88 | 0x89 | 0x8C | 0x9A | 0x9B | 0x9F),
                _ => false,
            };
            if han || (mark && !han_only) {
                t[row] |= 1 << (z & 0x3F);
            }
            z += 1;
        }
        row += 1;
    }
    t
}

/// Whether the character at byte `i` of `b` follows a full-width letter or digit. (Out of
/// line, as [`after_scheme`].)
#[inline(never)]
fn after_wide_alnum(b: &[u8], i: usize) -> bool {
    i >= 3
        && b[i - 3] == 0xEF
        && matches!(
            (b[i - 2], b[i - 1]),
            (0xBC, 0x90..=0x99 | 0xA1..=0xBA) | (0xBD, 0x81..=0x9A)
        )
}

/// Whether the `：` at byte `i` of `b` follows a `p` or an `s` of either width: it may end a
/// URL's scheme (see [`in_wide_url`]). (Out of line: the scan of plain marks is hot.)
#[inline(never)]
fn after_scheme(b: &[u8], i: usize) -> bool {
    i.checked_sub(1)
        .is_some_and(|p| matches!(b[p], b'p' | b's' | b'P' | b'S'))
        || (i >= 3
            && b[i - 3] == 0xEF
            && matches!(
                (b[i - 2], b[i - 1]),
                (0xBD, 0x90 | 0x93) | (0xBC, 0xB0 | 0xB3)
            ))
}

/// True when `c` starts a segment and is already normalized.
fn is_stable(c: char, form: Form) -> bool {
    let u = c as u32;
    // ASCII is stable in every form; below U+0300 everything is NFC-stable; CJK ideographs
    // are stable in both forms; CJK punctuation and full-width forms are NFC-stable. These
    // cover nearly all input without a table lookup.
    if u < 0x80 || (0x4E00..=0x9FFF).contains(&u) {
        return true;
    }
    if form == Form::Nfc
        && (u < 0x300
            || matches!(u, 0x3001..=0x3029 | 0x3030..=0x303F | 0xFF01..=0xFF5E | 0x2010..=0x2027))
    {
        return true;
    }
    left_to_punctuation(c) || is_stable_slow(c, form)
}

/// The full-width marks that the punctuation stage makes of ASCII ones in Chinese text and
/// back in English text: NFKC leaves them to it. Folded here, they would be widened again
/// there on every cleaning, and whether they are depends on the text around them, so
/// cleaning cleaned text would change it.
fn left_to_punctuation(c: char) -> bool {
    matches!(c, '！' | '（' | '）' | '，' | '：' | '；' | '？')
}

fn is_stable_slow(c: char, form: Form) -> bool {
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
/// with it: `ＴＹＰＥ－Ｃ` → `TYPE-C`, `２．１` → `2.1`, `９８％` → `98%`, `ａ＠ｂ．ｃｏｍ` →
/// `a@b.com`, `１＋１＝２` → `1+1=2`, `＄１９９` → `$199`, `－２．３％` → `-2.3%`.
fn token_symbol(text: &str, i: usize, c: char) -> Option<char> {
    if !matches!(
        c,
        '．' | '－'
            | '＿'
            | '／'
            | '＋'
            | '，'
            | '：'
            | '％'
            | '＠'
            | '＝'
            | '＆'
            | '＄'
            | '？'
            | '＃'
    ) {
        return None;
    }
    // Letters of any script but CJK: `y\u{301}` is `ý` once composed, and `\u{212A}`
    // (Kelvin) `K`, and cleaning the result again must read them the same.
    let alnum = |c: Option<char>| {
        c.is_some_and(|c| {
            c.is_ascii_alphanumeric()
                || is_fullwidth_alnum(c)
                || matches!(class(c), Class::Letter(_) | Class::Digit)
        })
    };
    let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit() || matches!(c, '０'..='９'));
    // The base of a letter with combining marks, as it reads once composed.
    let prev = text[..i].chars().rev().find(|&c| class(c) != Class::Mark);
    let next = text[i + c.len_utf8()..].chars().next();
    // A separator between digits joins two numbers, not a number and a name that starts
    // with digits (`Llama 3：8B 和 70B`).
    let number_after = || {
        let mut rest = text[i + c.len_utf8()..]
            .chars()
            .skip_while(|&c| digit(Some(c)));
        !rest.next().is_some_and(|c| alnum(Some(c)))
    };
    // A thousands separator is followed by a group of three digits (`１，０００`; not
    // `January 1，2025` nor the list `1，2，3`). Between half-width digits a full-width comma
    // was typed as one, and may part a list as well (`房间号101，102，103`): it stays.
    let group_after = || {
        let digits = text[i + c.len_utf8()..]
            .chars()
            .take_while(|&c| digit(Some(c)))
            .take(4)
            .count();
        digits == 3
    };
    // A full stop between a word and a capitalized one ends a sentence typed on without a
    // space (`ｔｅｓｔ．Ｈｅｌｌｏ`, `clear．I recommend`): punctuation converts it, and spaces
    // it. (Not a name's dot, `ｂａｉｄｕ．ｃｏｍ`, `ＡＳＰ．ＮＥＴ`.)
    let sentence_end = || {
        let mut after = text[i + c.len_utf8()..].chars();
        // (In English text: no Chinese before it on its line, read a bounded way.)
        let english = || {
            text[..i]
                .chars()
                .rev()
                .take(64)
                .take_while(|&c| c != '\n')
                .all(|c| !matches!(class(c), Class::Han | Class::CjkPunct))
        };
        // (Or the one-letter words `I` and `A` after a lowercase word: `clear．I recommend`;
        // not a label's letter, `Figure 2．A`, `World War I．A new era`.)
        let capital = after.next();
        let second = after.next();
        capital.is_some_and(char::is_uppercase)
            && (second.is_some_and(char::is_lowercase)
                || (matches!(capital, Some('I' | 'A'))
                    && second == Some(' ')
                    && prev.is_some_and(char::is_lowercase)))
            && english()
    };
    let inside = match c {
        '．' if sentence_end() => false,
        // (An equation's sign after a call's bracket too: `ＲＳＩ（１４）＝７２．３`.)
        '＝' if matches!(prev, Some(')' | '）')) && alnum(next) => true,
        '．' | '－' | '＿' | '／' | '＋' | '＠' | '＝' | '＆' if alnum(prev) && alnum(next) => {
            true
        }
        '：' if digit(prev) && digit(next) && number_after() => true,
        // A URL typed full-width (to get past link filters): its scheme's `：／／` and the
        // slash that ends it, `ｈｔｔｐ：／／ｂａｉｄｕ．ｃｏｍ／`.
        '：' | '／' => in_wide_url(text, i),
        // (And its query and fragment: `ｓ？ｑ＝１`, `ａ＃ｂ`.)
        '？' => alnum(next) && in_wide_url(text, i),
        // (Or a single capital's, a name as spacing reads it: `用Ｃ＃开发` → `用 C# 开发`.)
        '＃' => (alnum(next) && in_wide_url(text, i)) || capital_alone(&text[..i]),
        // A number's sign: `同比－２．３％`, `温度：－２０℃`, `＋８６` (not the last of a
        // run of signs, `Ｃ＋＋１７`, which would fold alone).
        '＄' => digit(next),
        '－' | '＋' => digit(next) && !matches!(prev, Some('＋' | '－' | '+' | '-')),
        '，' => {
            let wide = |c: Option<char>| c.is_some_and(|c| matches!(c, '０'..='９'));
            wide(prev) && wide(next) && group_after() && number_after()
        }
        '％' => digit(prev),
        _ => false,
    };
    // U+FF01..U+FF5E are ASCII shifted by 0xFEE0.
    inside.then(|| char::from_u32(c as u32 - 0xFEE0)).flatten()
}

/// Whether `before` ends in a capital letter (ASCII or full-width) with no letter or digit
/// before it: a name such as `C#` once a `#` follows.
fn capital_alone(before: &str) -> bool {
    let mut back = before.chars().rev();
    back.next()
        .is_some_and(|c| c.is_ascii_uppercase() || matches!(c, 'Ａ'..='Ｚ'))
        && back
            .next()
            .is_none_or(|c| !(c.is_ascii_alphanumeric() || is_fullwidth_alnum(c)))
}

/// Whether byte `i` of `text` (a `：`, `／`, `？` or `＃`) is in a URL whose scheme is `http`, `https` or
/// `ftp` and `：／／` (the scheme in either width), the URL's characters all ASCII or
/// full-width forms of ASCII from its scheme on (read at most 128 characters back).
fn in_wide_url(text: &str, i: usize) -> bool {
    // (A colon before a slash, a slash of `：／／` or one after a letter or digit: a long run
    // of colons or slashes is read in linear time.)
    let mut before = text[..i].chars().rev();
    let colon = |c: Option<char>| matches!(c, Some('：' | ':'));
    if let Some(rest) = text[i..].strip_prefix('：')
        && !rest.starts_with(['／', '/'])
    {
        return false;
    }
    if text[i..].starts_with('／') {
        let (p, pp) = (before.next(), before.next());
        let slash = matches!(p, Some('／' | '/'));
        if !(colon(p) || (slash && colon(pp)) || p.is_some_and(|c| class(c).is_alnum())) {
            return false;
        }
    }
    // (A full-width comma parts the URL from what follows it.)
    let ascii = |c: char| match c {
        '，' => None,
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0),
        c if c.is_ascii_graphic() => Some(c),
        _ => None,
    };
    // The URL's characters up to and including the one at `i`, as ASCII, last first.
    let mut back = String::new();
    for c in text[..i].chars().rev().take(128) {
        match ascii(c) {
            Some(a) => back.push(a.to_ascii_lowercase()),
            None => break,
        }
    }
    let after: String = text[i..].chars().take(3).filter_map(ascii).collect();
    let url: String = back.chars().rev().chain(after.chars()).collect();
    let at = back.len();
    ["http://", "https://", "ftp://"].iter().any(|scheme| {
        url.match_indices(*scheme)
            .any(|(s, _)| s + scheme.len() - 3 <= at)
    })
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
    // (Big5 text writes its colon `︰`, the vertical two-dot leader, which NFKC would make
    // `..`: it is the full-width colon, left to punctuation as that is.)
    if form == Form::Nfkc && seg.contains('︰') {
        return normalized(&seg.replace('︰', "："), form);
    }
    // (These marks compose with nothing: the text between them normalizes apart.)
    if form == Form::Nfkc && seg.contains(left_to_punctuation) {
        let mut out = String::with_capacity(seg.len());
        let mut from = 0;
        for (i, mark) in seg.match_indices(left_to_punctuation) {
            out.push_str(&normalized(&seg[from..i], form));
            out.push_str(mark);
            from = i + mark.len();
        }
        out.push_str(&normalized(&seg[from..], form));
        return out;
    }
    // Fold first: `ａ` + U+0300 must compose to `à` after folding.
    let folded = seg.chars().map(fold_width);
    match form {
        Form::Nfkc => folded.nfkc().collect(),
        _ => folded.nfc().collect(),
    }
}

/// Normalizes one segment, as several edits where its parts normalize independently
/// (`Ｂ` + U+F900 are two edits, so `B` maps back to `Ｂ` alone).
///
/// A part ends before a starter (combining class 0, and so the start of its decomposition)
/// when the text up to the next starter
/// normalizes as the part and the rest apart. Nothing beyond that next starter can reach
/// back across it: a starter blocks composition with what precedes it, and reordering
/// stops at starters. So each split is tested on the part and one more, and a long run
/// of characters to normalize (`ΩΩΩ…`, `ａａａ…` under NFKC) costs linear time.
fn normalize_segment(ed: &mut Editor, range: Range<usize>, form: Form) {
    let input = ed.input();
    let seg = &input[range.clone()];
    // (A starter whose decomposition begins with a combining mark, as `ﾞ`'s does under
    // NFKC, is a mark to normalization: it may reach back, so no part ends before it.)
    let starter = |c: char| {
        let mut first = None;
        decompose_compatible(c, |d| {
            first.get_or_insert(d);
        });
        first.is_some_and(|d| canonical_combining_class(d) == 0)
    };
    // The starts of the part being grown and of the candidate part after it.
    let mut start = 0;
    let mut k = match seg.char_indices().skip(1).find(|&(_, c)| starter(c)) {
        Some((k, _)) => k,
        None => seg.len(),
    };
    while k < seg.len() {
        let next = seg[k..]
            .char_indices()
            .skip(1)
            .find(|&(_, c)| starter(c))
            .map_or(seg.len(), |(j, _)| k + j);
        let head = normalized(&seg[start..k], form);
        let joined = normalized(&seg[start..next], form);
        if joined.strip_prefix(&head) == Some(&normalized(&seg[k..next], form)) {
            replace_changed(ed, range.start + start..range.start + k, &head);
            start = k;
        }
        k = next;
    }
    let last = normalized(&seg[start..], form);
    replace_changed(ed, range.start + start..range.end, &last);
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
    use proptest::prelude::*;

    use super::*;

    fn norm(s: &str, form: Form) -> String {
        let mut ed = Editor::new(s);
        run(&mut ed, form);
        ed.finish().map(|(s, _)| s).unwrap_or_else(|| s.to_string())
    }

    #[test]
    fn stable_fast_path_agrees_with_tables() {
        for u in 0..=0x10FFFFu32 {
            let Some(c) = char::from_u32(u) else { continue };
            for form in [Form::Nfc, Form::Nfkc] {
                let reference = u < 0x80
                    || (form == Form::Nfc && u < 0x300)
                    || (0x4E00..=0x9FFF).contains(&u)
                    || left_to_punctuation(c)
                    || is_stable_slow(c, form);
                assert_eq!(is_stable(c, form), reference, "U+{u:04X} {form:?}");
            }
        }
    }

    /// Every mark the byte shortcut passes over is stable, not folded, and not a token
    /// symbol where it stands.
    #[test]
    fn plain_run_passes_over_what_plain_mark_keeps_after_han() {
        for u in 0x800..=0xFFFFu32 {
            let Some(c) = char::from_u32(u) else { continue };
            let s = format!("中{c}");
            let b = s.as_bytes();
            let kept = crate::script::ideograph_at(b, 3)
                || (plain_mark(b, 3, Form::Nfc) && plain_mark(b, 3, Form::Nfkc));
            let han = usize::from(crate::script::is_han(c) && kept);
            let want = if kept { (b.len(), 1 + han) } else { (3, 1) };
            assert_eq!(plain_run(b, 0), want, "U+{u:04X}");
        }
    }

    #[test]
    fn plain_marks_are_stable() {
        for u in 0x2000..=0xFFFFu32 {
            let Some(c) = char::from_u32(u) else { continue };
            for form in [Form::Nfc, Form::Nfkc] {
                for prev in ["中", "1", "１", "a", ""] {
                    let s = format!("{prev}{c}2");
                    if plain_mark(s.as_bytes(), prev.len(), form) {
                        assert!(is_stable(c, form), "U+{u:04X} {form:?}");
                        assert!(!is_fullwidth_alnum(c), "U+{u:04X}");
                        assert_eq!(token_symbol(&s, prev.len(), c), None, "{s:?}");
                        assert_eq!(norm(&s, form), normalized(&s, form), "{s:?} {form:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn plain_runs_match_char_by_char() {
        // Segments around plain runs: ASCII and ideographs between marks and width forms.
        for s in [
            "ａ\u{300}中文ＡＢ abc e\u{301}x 丈\u{301}ｶﾞ",
            "Ａ中",
            "中Ａ",
            "e\u{301}",
            "，\u{301}“e\u{301}”：《Ａ》，…\u{301}",
        ] {
            let whole: String = s.chars().map(fold_width).nfc().collect();
            assert_eq!(norm(s, Form::Nfc), whole);
        }
    }

    #[test]
    fn nfc_composes() {
        assert_eq!(norm("e\u{301}t\u{E9}", Form::Nfc), "\u{E9}t\u{E9}");
        assert_eq!(norm("\u{1100}\u{1161}", Form::Nfc), "\u{AC00}");
    }

    #[test]
    fn width_folds_in_every_form() {
        assert_eq!(norm("ＡＰＩ３０％，", Form::Nfc), "API30%，");
        // (The comma is punctuation's to decide, in NFKC too.)
        assert_eq!(norm("ＡＰＩ３０％，", Form::Nfkc), "API30%，");
        assert_eq!(norm("ｆｉ！ﬁ①", Form::Nfkc), "fi！fi1");
    }

    #[test]
    fn symbols_inside_tokens_fold() {
        assert_eq!(
            norm("ＴＹＰＥ－Ｃ 接口，２．１％，共３：０", Form::Nfc),
            "TYPE-C 接口，2.1%，共3:0"
        );
        // A number's sign folds with it; a dash between words of Han does not.
        assert_eq!(
            norm("同比－２．３％，温度：－２０℃，＋８６，上－下", Form::Nfc),
            "同比-2.3%，温度：-20℃，+86，上－下"
        );
        assert_eq!(
            norm("Ｃ＋＋１７，减去－－５", Form::Nfc),
            "C＋＋17，减去－－5"
        );
        assert_eq!(norm("你好，世界－", Form::Nfc), "你好，世界－");
        // An equation's sign after a call's bracket (the brackets are punctuation's).
        assert_eq!(
            norm("ＲＳＩ（１４）＝７２．３", Form::Nfc),
            "RSI（14）=72.3"
        );
        assert_eq!(norm("（注）＝说明", Form::Nfc), "（注）＝说明");
        // Between a number and a name that starts with digits, the mark is punctuation.
        assert_eq!(
            norm("Llama 3：8B和70B，共１，０００个，比分３：２", Form::Nfc),
            "Llama 3：8B和70B，共1,000个，比分3:2"
        );
        // Letters are read as they are once composed (found by fuzzing: `2ý` was a number
        // and `2y\u{301}` not) and in any script but CJK.
        for s in ["2：2y\u{301}", "2：2ý", "3：8Б"] {
            assert_eq!(norm(s, Form::Nfc).chars().nth(1), Some('：'), "{s}");
        }
        assert_eq!(norm("\u{212A}．2", Form::Nfc), "K.2");
        // Between a word and a capitalized one in English text it ends a sentence, left
        // to punctuation; not a name's dot, nor in a line of Chinese.
        assert_eq!(norm("ａ ｔｅｓｔ．Ｈｅｌｌｏ", Form::Nfc), "a test．Hello");
        assert_eq!(
            norm("ｗｗｗ．ｂａｉｄｕ．ｃｏｍ", Form::Nfc),
            "www.baidu.com"
        );
        assert_eq!(norm("ＡＳＰ．ＮＥＴ", Form::Nfc), "ASP.NET");
        // (Also before the words `I` and `A`; not before an initial, `Ｊ．Ｋ． Rowling`.)
        assert_eq!(
            norm("is clear．I like it", Form::Nfc),
            "is clear．I like it"
        );
        assert_eq!(
            norm("a good day．A new day", Form::Nfc),
            "a good day．A new day"
        );
        assert_eq!(
            norm("See Figure 2．A shows", Form::Nfc),
            "See Figure 2.A shows"
        );
        assert_eq!(
            norm("World War I．A new era", Form::Nfc),
            "World War I.A new era"
        );
        assert_eq!(norm("Ｊ．Ｋ． Rowling", Form::Nfc), "J.K． Rowling");
        assert_eq!(
            norm("中文ｔｅｓｔ．Ｈｅｌｌｏ", Form::Nfc),
            "中文test.Hello"
        );
        assert_eq!(norm("is\u{301}．the", Form::Nfc), "iś.the");
        // A comma is a thousands separator only before a group of three digits, and
        // between full-width digits: between half-width ones it was typed full-width.
        assert_eq!(
            norm(
                "选项1，2，3；１，０００，０００；１２，３４５．６",
                Form::Nfc
            ),
            "选项1，2，3；1,000,000；12,345.6"
        );
        assert_eq!(
            norm("房间号为101，102，103，共12，345元", Form::Nfc),
            "房间号为101，102，103，共12，345元"
        );
        assert_eq!(norm("January 1，2025", Form::Nfc), "January 1，2025");
        // A URL typed full-width folds whole, its scheme's `：／／` and its last `／` too.
        assert_eq!(
            norm(
                "访问ｈｔｔｐ：／／ｂａｉｄｕ．ｃｏｍ／了解，ｈｔｔｐｓ：／／ａ．ｃｏｍ／ｂ",
                Form::Nfc
            ),
            "访问http://baidu.com/了解，https://a.com/b"
        );
        // Its query and fragment too; not a question after a word.
        assert_eq!(
            norm(
                "ｈｔｔｐｓ：／／ａ．ｃｏｍ／ｓ？ｑ＝１＃ｔｏｐ，ＯＫ？ＯＫ",
                Form::Nfc
            ),
            "https://a.com/s?q=1#top，OK？OK"
        );
        assert_eq!(
            norm("时间：／／测试，ｐ：", Form::Nfc),
            "时间：／／测试，p："
        );
        // A single capital's `＃` is a name's, `C#`, as spacing reads it; not a number's or
        // a word's.
        assert_eq!(
            norm("用Ｃ＃开发，Ａ＃，３＃楼，ＡＢ＃中", Form::Nfc),
            "用C#开发，A#，3＃楼，AB＃中"
        );
        // An address, a sum, an amount.
        assert_eq!(
            norm(
                "邮箱ｔｅｓｔ＠ｅｘａｍｐｌｅ．ｃｏｍ，１＋１＝２，Ｒ＆Ｄ，售价＄１９９",
                Form::Nfc
            ),
            "邮箱test@example.com，1+1=2，R&D，售价$199"
        );
        assert_eq!(
            norm("他说＠我，价格＜１００，＄", Form::Nfc),
            "他说＠我，价格＜100，＄"
        );
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
        // Big5's colon is a colon, not the two dots NFKC would make of it.
        assert_eq!(
            norm("注意事項︰請準時出席", Form::Nfkc),
            "注意事項：請準時出席"
        );
        assert_eq!(
            norm("注意事項︰請準時出席", Form::Nfc),
            "注意事項︰請準時出席"
        );
        assert_eq!(norm("ﬁ①", Form::Nfc), "ﬁ①");
    }

    #[test]
    fn cjk_compat_ideograph_is_canonical() {
        // U+F900 has a canonical decomposition to U+8C48.
        assert_eq!(norm("\u{F900}", Form::Nfc), "\u{8C48}");
    }

    /// Characters that compose, decompose, reorder or fold, and starters that block them.
    const TRICKY: &[char] = &[
        'a', 'e', 'A', '中', ' ', 'か', 'ｶ', 'ﾞ', 'ﾟ', '\u{3099}', '\u{301}', '\u{323}', '\u{307}',
        '\u{344}', '\u{1100}', '\u{1161}', '\u{11A8}', '한', '\u{2126}', '\u{212B}', '\u{F900}',
        'ａ', 'Ａ', '１', '①', '½', 'ﬁ', '…', '¹', '\u{B47}', '\u{B3E}', '\u{F73}', '\u{958}',
        '\u{37E}', '\u{1FEF}', '\u{9C7}', '\u{9BE}',
    ];

    proptest! {
        /// However a segment is parted, the parts normalize as the whole text does.
        #[test]
        fn parts_normalize_as_the_whole(
            s in prop::collection::vec(prop::sample::select(TRICKY), 0..40)
                .prop_map(|v| v.into_iter().collect::<String>())
        ) {
            let folded = || s.chars().map(fold_width);
            prop_assert_eq!(norm(&s, Form::Nfc), folded().nfc().collect::<String>());
            prop_assert_eq!(norm(&s, Form::Nfkc), folded().nfkc().collect::<String>());
        }
    }

    #[test]
    fn long_runs_to_normalize_take_linear_time() {
        // Each of these was split off one character at a time, the rest normalized again
        // for each: 64 KB of Ohm signs took 9 s. Now the parts are found in one pass;
        // the outputs show it is done, and the time limit of the suite would show a relapse.
        let ohms = "\u{2126}".repeat(100_000);
        assert_eq!(norm(&ohms, Form::Nfc), "\u{3A9}".repeat(100_000));
        let wide = "ＡＢＣ１２３".repeat(20_000);
        assert_eq!(norm(&wide, Form::Nfkc), "ABC123".repeat(20_000));
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
