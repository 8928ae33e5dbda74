//! Latin words by Unicode word boundaries (UAX #29), with unicode-segmentation.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

/// Appends the words of `span` (which starts at byte `base`) to `out`: UAX #29 word
/// segments that contain a letter or digit, without the whitespace that a combining mark
/// after it joins to its segment (`a ั` → `ั`).
pub(crate) fn cut(span: &str, base: usize, out: &mut Vec<Range<usize>>) {
    out.extend(span.unicode_word_indices().filter_map(|(i, w)| {
        let word = w.trim_start();
        let start = base + i + (w.len() - word.len());
        (!word.is_empty()).then(|| start..start + word.len())
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_start_with_no_whitespace() {
        let mut out = Vec::new();
        let text = "a \u{E31}b café";
        cut(text, 10, &mut out);
        let words: Vec<&str> = out
            .iter()
            .map(|r| &text[r.start - 10..r.end - 10])
            .collect();
        assert_eq!(words, ["a", "\u{E31}", "b", "café"]);
    }
}
