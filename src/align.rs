//! Edit-tracked text: the only code that records how cleaned text maps back to its source.
//!
//! Each cleaning stage reads its input text and writes an output through an [`Editor`], which
//! records the *runs* that differ (replacements, insertions, deletions); the text between
//! them is an identity run and costs nothing. The per-stage maps are chained in an
//! [`OffsetMap`], built as the stages run, never by diffing afterwards.

use std::ops::Range;

/// One run where a stage's output differs from its input.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Edit {
    /// Bytes of the stage's output (empty for a deletion).
    out: Range<usize>,
    /// Bytes of the stage's input (empty for an insertion).
    src: Range<usize>,
}

/// The alignment of one stage: its edits, sorted by position (both coordinates increase).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct StageMap {
    edits: Vec<Edit>,
}

/// Which coordinate space a position lookup starts from.
#[derive(Clone, Copy)]
enum Dir {
    /// Output position to input position.
    Back,
    /// Input position to output position.
    Forward,
}

impl StageMap {
    fn from_to(e: &Edit, dir: Dir) -> (&Range<usize>, &Range<usize>) {
        match dir {
            Dir::Back => (&e.out, &e.src),
            Dir::Forward => (&e.src, &e.out),
        }
    }

    /// Where a range starting at `p` starts on the other side: after any deletion at `p`,
    /// at the start of an edited run that contains `p`.
    fn start(&self, p: usize, dir: Dir) -> usize {
        let k = self.edits.partition_point(|e| {
            let (from, _) = Self::from_to(e, dir);
            from.start < p || (from.start == p && from.is_empty())
        });
        self.resolve(k, p, dir, |to| to.start)
    }

    /// Where a range ending at `p` ends on the other side: before any deletion at `p`,
    /// at the end of an edited run that contains `p`.
    fn end(&self, p: usize, dir: Dir) -> usize {
        let k = self
            .edits
            .partition_point(|e| Self::from_to(e, dir).0.start < p);
        self.resolve(k, p, dir, |to| to.end)
    }

    fn resolve(&self, k: usize, p: usize, dir: Dir, inside: fn(&Range<usize>) -> usize) -> usize {
        let Some(e) = k.checked_sub(1).map(|i| &self.edits[i]) else {
            return p; // before the first edit: identity
        };
        let (from, to) = Self::from_to(e, dir);
        if from.start < p && p < from.end {
            inside(to)
        } else {
            // Identity run after the edit.
            to.end + (p - from.end)
        }
    }

    /// [`StageMap::start`] and [`StageMap::end`] for a position at or after the one of the
    /// previous call with the same `hint` (`(position, edit index)`): the edit index then
    /// only grows, so it is found by galloping forward from the last one. A position
    /// before the previous one is searched from scratch.
    fn lookup(&self, p: usize, dir: Dir, end: bool, hint: &mut (usize, usize)) -> usize {
        let before = |e: &Edit| {
            let (from, _) = Self::from_to(e, dir);
            from.start < p || (!end && from.start == p && from.is_empty())
        };
        let edits = &self.edits;
        // Most positions lie in the same identity run as the one before (the next word):
        // before the edit the last search stopped at, and past the end of the one before it.
        if p >= hint.0 && hint.1 <= edits.len() {
            let k = hint.1;
            let next_after = edits
                .get(k)
                .is_none_or(|e| Self::from_to(e, dir).0.start > p);
            if next_after {
                let Some(e) = k.checked_sub(1).map(|i| &edits[i]) else {
                    hint.0 = p;
                    return p;
                };
                let (from, to) = Self::from_to(e, dir);
                if p >= from.end {
                    hint.0 = p;
                    return to.end + (p - from.end);
                }
            }
        }
        let k = if p >= hint.0 && hint.1 <= edits.len() {
            // Every edit before `hint.1` is before `p` too.
            let (mut lo, mut step) = (hint.1, 1);
            while lo + step <= edits.len() && before(&edits[lo + step - 1]) {
                lo += step;
                step *= 2;
            }
            let hi = (lo + step).min(edits.len());
            lo + edits[lo..hi].partition_point(before)
        } else {
            edits.partition_point(before)
        };
        *hint = (p, k);
        let inside = if end {
            |to: &Range<usize>| to.end
        } else {
            |to: &Range<usize>| to.start
        };
        self.resolve(k, p, dir, inside)
    }

    fn map(&self, r: Range<usize>, dir: Dir) -> Range<usize> {
        let start = self.start(r.start, dir);
        if r.is_empty() {
            return start..start;
        }
        let end = self.end(r.end, dir).max(start);
        start..end
    }
}

/// Maps byte ranges of cleaned text back to the source text that produced them.
///
/// Built stage by stage while cleaning. An inserted character (a space added between Han and
/// Latin text) maps to an empty source range at the place of insertion; a deleted character
/// (a zero-width space) belongs to the source range of any cleaned range that spans it.
///
/// ```
/// let pipeline = zhen::Pipeline::new(zhen::Config::default())?;
/// let source = "用Kubernetes部署";
/// let doc = pipeline.process(source);
/// assert_eq!(doc.text(), "用 Kubernetes 部署");
/// // "Kubernetes" is at bytes 4..14 of the cleaned text and 3..13 of the source.
/// assert_eq!(doc.to_source(4..14), 3..13);
/// // The inserted space maps to an empty range just after "用".
/// assert_eq!(doc.to_source(3..4), 3..3);
/// # Ok::<(), zhen::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OffsetMap {
    /// Stage maps in the order the stages ran (source side first); stages without edits
    /// are not stored.
    stages: Vec<StageMap>,
}

impl OffsetMap {
    /// Appends the map of a stage that ran after all stages already recorded.
    pub(crate) fn push(&mut self, stage: StageMap) {
        if !stage.edits.is_empty() {
            self.stages.push(stage);
        }
    }

    /// The map of the most recently pushed stage that made edits.
    pub(crate) fn last_stage(&self) -> Option<&StageMap> {
        self.stages.last()
    }

    /// Maps a byte range of the cleaned text to the byte range of the source it came from.
    ///
    /// Ranges that fall inside one edited run (a normalized character sequence) widen to the
    /// whole run, so the result always lies on character boundaries of the source.
    pub fn to_source(&self, range: Range<usize>) -> Range<usize> {
        self.stages
            .iter()
            .rev()
            .fold(range, |r, stage| stage.map(r, Dir::Back))
    }

    /// [`OffsetMap::to_source`] for many ranges, fastest when they come in increasing order
    /// (the words of a document).
    pub(crate) fn cursor(&self) -> SourceCursor<'_> {
        SourceCursor {
            map: self,
            hints: vec![[(0, 0); 2]; self.stages.len()],
            window: 0..0,
            shift: 0,
        }
    }

    /// True when the cleaned text is byte-for-byte the source.
    pub fn is_identity(&self) -> bool {
        self.stages.is_empty()
    }

    /// Number of edited runs recorded over all stages.
    pub fn edit_count(&self) -> usize {
        self.stages.iter().map(|s| s.edits.len()).sum()
    }
}

/// Maps ranges of the cleaned text to the source like [`OffsetMap::to_source`], remembering
/// where the last range was found in each stage so that ranges in increasing order cost
/// little more than a step each.
pub(crate) struct SourceCursor<'m> {
    map: &'m OffsetMap,
    /// For each stage, where the last range start and end were found.
    hints: Vec<[(usize, usize); 2]>,
    /// Cleaned text that is an identity run in every stage, around the start of the last
    /// range looked up stage by stage: a range that starts in it and ends by its end maps
    /// to the source by adding `shift`.
    window: Range<usize>,
    shift: isize,
}

impl SourceCursor<'_> {
    /// The source range of `range`, exactly as [`OffsetMap::to_source`] gives it.
    #[inline]
    pub(crate) fn source_range(&mut self, range: Range<usize>) -> Range<usize> {
        match self.in_window(&range) {
            Some(r) => r,
            None => self.look_up(range),
        }
    }

    /// The source range of `range` when it starts in the window and ends by its end.
    #[inline]
    fn in_window(&self, range: &Range<usize>) -> Option<Range<usize>> {
        let w = &self.window;
        let at = |p: usize| p.wrapping_add_signed(self.shift);
        (w.start <= range.start && range.start < w.end && range.end <= w.end)
            .then(|| at(range.start)..at(range.end.max(range.start)))
    }

    /// [`SourceCursor::source_range`] stage by stage, which then finds the next window.
    #[inline(never)]
    fn look_up(&mut self, range: Range<usize>) -> Range<usize> {
        let start = range.start;
        #[cfg(debug_assertions)]
        let asked = range.clone();
        let mut r = range;
        for (stage, [hs, he]) in self.map.stages.iter().zip(&mut self.hints).rev() {
            let start = stage.lookup(r.start, Dir::Back, false, hs);
            r = if r.is_empty() {
                start..start
            } else {
                start..stage.lookup(r.end, Dir::Back, true, he).max(start)
            };
        }
        self.find_window(start);
        // The window holds the range just looked up whenever it holds its ends.
        #[cfg(debug_assertions)]
        debug_assert!(self.in_window(&asked).is_none_or(|w| w == r));
        r
    }

    /// Sets the window to the identity run of every stage around cleaned position `p`
    /// (empty when `p` is in or at an edit of some stage).
    fn find_window(&mut self, p: usize) {
        let (mut lo, mut hi, mut shift) = (0isize, isize::MAX, 0isize);
        let mut q = p;
        for stage in self.map.stages.iter().rev() {
            let Some((l, h, s)) = stage.identity_run(q) else {
                self.window = 0..0;
                return;
            };
            // Stage coordinates are cleaned positions plus the shift so far.
            lo = lo.max(l as isize - shift);
            hi = hi.min((h as isize).saturating_sub(shift));
            q = q.wrapping_add_signed(s);
            shift += s;
        }
        self.window = lo.max(0) as usize..hi.max(0) as usize;
        self.shift = shift;
    }
}

impl StageMap {
    /// The identity run of this stage's output around `p`, as `(lo, hi, shift)`: a range
    /// starting in `lo..hi` and ending by `hi` maps to the input by adding `shift` (a range
    /// end at `lo`, which a deletion there would move, belongs to an empty range only).
    /// `None` when `p` is inside an edit or at its start.
    fn identity_run(&self, p: usize) -> Option<(usize, usize, isize)> {
        let k = self.edits.partition_point(|e| e.out.start < p);
        let (lo, shift) = match k.checked_sub(1).map(|i| &self.edits[i]) {
            None => (0, 0),
            Some(e) if e.out.end > p => return None,
            Some(e) => (e.out.end, e.src.end as isize - e.out.end as isize),
        };
        let hi = self
            .edits
            .get(k)
            .map_or(isize::MAX as usize, |e| e.out.start);
        (lo <= p && p < hi).then_some((lo, hi, shift))
    }
}

impl StageMap {
    /// Maps a range of this stage's input to the range of its output.
    pub(crate) fn forward(&self, range: Range<usize>) -> Range<usize> {
        self.map(range, Dir::Forward)
    }

    /// The edited runs, as ranges of this stage's output.
    pub(crate) fn changed(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        self.edits.iter().map(|e| e.out.clone())
    }

    /// Number of edits.
    pub(crate) fn len(&self) -> usize {
        self.edits.len()
    }
}

/// Writes a stage's output while recording its edits.
///
/// Nothing is copied until the first edit: a stage that changes nothing allocates nothing.
/// Edits must be made in increasing input order.
pub(crate) struct Editor<'a> {
    input: &'a str,
    out: String,
    /// Input bytes up to here are accounted for (copied or edited).
    done: usize,
    edits: Vec<Edit>,
}

impl<'a> Editor<'a> {
    pub(crate) fn new(input: &'a str) -> Self {
        Editor {
            input,
            out: String::new(),
            done: 0,
            edits: Vec::new(),
        }
    }

    /// The text being edited.
    pub(crate) fn input(&self) -> &'a str {
        self.input
    }

    /// Replaces `range` of the input by `with`. A no-op replacement records nothing.
    ///
    /// Ranges must not overlap earlier edits; one that does is ignored rather than
    /// corrupting the alignment (a stage bug must never become a wrong offset).
    pub(crate) fn replace(&mut self, range: Range<usize>, with: &str) {
        debug_assert!(range.start >= self.done, "edits out of order");
        if range.start < self.done || range.end > self.input.len() || range.start > range.end {
            return;
        }
        if &self.input[range.clone()] == with {
            return;
        }
        if self.edits.is_empty() {
            self.out.reserve(self.input.len() + 16);
        }
        self.out.push_str(&self.input[self.done..range.start]);
        let out_start = self.out.len();
        self.out.push_str(with);
        self.edits.push(Edit {
            out: out_start..self.out.len(),
            src: range.clone(),
        });
        self.done = range.end;
    }

    pub(crate) fn delete(&mut self, range: Range<usize>) {
        self.replace(range, "");
    }

    pub(crate) fn insert(&mut self, at: usize, text: &str) {
        self.replace(at..at, text);
    }

    /// The output and its map; `None` when nothing was edited (the output is the input).
    pub(crate) fn finish(mut self) -> Option<(String, StageMap)> {
        if self.edits.is_empty() {
            return None;
        }
        self.out.push_str(&self.input[self.done..]);
        Some((self.out, StageMap { edits: self.edits }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(input: &str, f: impl FnOnce(&mut Editor)) -> (String, OffsetMap) {
        let mut ed = Editor::new(input);
        f(&mut ed);
        let mut map = OffsetMap::default();
        match ed.finish() {
            Some((s, m)) => {
                map.push(m);
                (s, map)
            }
            None => (input.to_string(), map),
        }
    }

    #[test]
    fn no_edits_is_identity() {
        let (out, map) = edit("abc", |_| {});
        assert_eq!(out, "abc");
        assert!(map.is_identity());
        assert_eq!(map.to_source(1..2), 1..2);
    }

    #[test]
    fn replacement_widens_to_whole_run() {
        // "ＡB" -> "AB": Ａ is 3 bytes.
        let (out, map) = edit("ＡB", |e| e.replace(0..3, "A"));
        assert_eq!(out, "AB");
        assert_eq!(map.to_source(0..1), 0..3);
        assert_eq!(map.to_source(1..2), 3..4);
        assert_eq!(map.to_source(0..2), 0..4);
    }

    #[test]
    fn insertion_maps_to_empty_range() {
        let (out, map) = edit("中A", |e| e.insert(3, " "));
        assert_eq!(out, "中 A");
        assert_eq!(map.to_source(3..4), 3..3);
        assert_eq!(map.to_source(4..5), 3..4);
        assert_eq!(map.to_source(0..3), 0..3);
        assert_eq!(map.to_source(0..5), 0..4);
    }

    #[test]
    fn deletion_belongs_to_ranges_spanning_it() {
        // "a\u{200B}b" -> "ab"
        let (out, map) = edit("a\u{200B}b", |e| e.delete(1..4));
        assert_eq!(out, "ab");
        assert_eq!(map.to_source(0..1), 0..1);
        assert_eq!(map.to_source(1..2), 4..5);
        assert_eq!(map.to_source(0..2), 0..5);
        assert_eq!(map.to_source(1..1), 4..4);
    }

    #[test]
    fn stages_chain() {
        let mut map = OffsetMap::default();
        let mut e1 = Editor::new("\u{FEFF}中A");
        e1.delete(0..3);
        let (s1, m1) = e1.finish().unwrap();
        map.push(m1);
        let mut e2 = Editor::new(&s1);
        e2.insert(3, " ");
        let (s2, m2) = e2.finish().unwrap();
        map.push(m2);
        assert_eq!(s2, "中 A");
        assert_eq!(map.to_source(0..3), 3..6);
        assert_eq!(map.to_source(4..5), 6..7);
        assert_eq!(map.to_source(3..4), 6..6);
    }

    #[test]
    fn cursor_agrees_with_to_source() {
        // Dense edits, and sparse ones with identity runs between them.
        for spread in [5, 23] {
            cursor_agrees_with_to_source_for(spread);
        }
    }

    fn cursor_agrees_with_to_source_for(spread: usize) {
        // Three stages of scattered edits: deletions, insertions, replacements.
        let mut map = OffsetMap::default();
        let mut text = "ab\u{200B}c de　fＧh ij".repeat(20);
        for round in 0..3 {
            let mut ed = Editor::new(&text);
            let idx: Vec<(usize, char)> = text.char_indices().collect();
            for (k, &(i, c)) in idx.iter().enumerate() {
                match (k + round) % spread {
                    0 if c != ' ' => ed.insert(i, " "),
                    1 => ed.replace(i..i + c.len_utf8(), "xy"),
                    2 => ed.delete(i..i + c.len_utf8()),
                    _ => {}
                }
            }
            let (out, m) = ed.finish().unwrap();
            map.push(m);
            text = out;
        }
        let n = text.len();
        let mut ranges = Vec::new();
        for a in 0..=n {
            for b in a..=(a + 7).min(n) {
                ranges.push(a..b);
            }
        }
        // In order, out of order, and overlapping (search-mode words).
        let mut cursor = map.cursor();
        for r in &ranges {
            assert_eq!(
                cursor.source_range(r.clone()),
                map.to_source(r.clone()),
                "{r:?}"
            );
        }
        let mut cursor = map.cursor();
        for r in ranges.iter().rev().step_by(3) {
            assert_eq!(
                cursor.source_range(r.clone()),
                map.to_source(r.clone()),
                "{r:?}"
            );
        }
        let mut cursor = map.cursor();
        for (k, r) in ranges.iter().enumerate() {
            let r = if k % 4 == 0 { 0..r.end } else { r.clone() };
            assert_eq!(
                cursor.source_range(r.clone()),
                map.to_source(r.clone()),
                "{r:?}"
            );
        }
    }

    #[test]
    fn cursor_window_spans_identity_runs() {
        // Two stages: `Ａ` folded at 0, a space inserted at 4 (after `中`).
        let mut map = OffsetMap::default();
        let mut e1 = Editor::new("Ａ中文ab cd");
        e1.replace(0..3, "A");
        let (s1, m1) = e1.finish().unwrap();
        map.push(m1);
        let mut e2 = Editor::new(&s1);
        e2.insert(4, " ");
        let (s2, m2) = e2.finish().unwrap();
        map.push(m2);
        assert_eq!(s2, "A中 文ab cd");
        let mut cursor = map.cursor();
        assert_eq!(cursor.source_range(5..8), 6..9);
        // The run from the insertion to the end of the text is one window, shifted by 1.
        assert_eq!(
            (cursor.window.clone(), cursor.shift),
            (5..isize::MAX as usize, 1)
        );
        assert_eq!(cursor.source_range(8..10), 9..11);
        assert_eq!(cursor.source_range(1..4), 3..6);
        assert_eq!((cursor.window.clone(), cursor.shift), (1..4, 2));
    }

    #[test]
    fn forward_maps_input_to_output() {
        let mut e = Editor::new("a,b");
        e.replace(1..2, "，");
        let (_, m) = e.finish().unwrap();
        assert_eq!(m.forward(0..1), 0..1);
        assert_eq!(m.forward(0..3), 0..5);
        assert_eq!(m.forward(2..3), 4..5);
    }
}
