//! Latin words by Unicode word boundaries (UAX #29), with unicode-segmentation.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

/// Appends the words of `span` (which starts at byte `base`) to `out`: UAX #29 word
/// segments that contain a letter or digit.
pub(crate) fn cut(span: &str, base: usize, out: &mut Vec<Range<usize>>) {
    out.extend(
        span.unicode_word_indices()
            .map(|(i, w)| base + i..base + i + w.len()),
    );
}
