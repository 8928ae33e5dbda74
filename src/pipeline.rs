//! The pipeline: clean, detect spans, fix punctuation, segment, summarize. Glue only.

use std::cell::RefCell;
use std::ops::Range;

use crate::align::StageMap;
use crate::clean::{Stage, Tracked, chars, code, normalize, protect, punct, spacing, whitespace};
use crate::config::{Config, Form};
use crate::document::{Document, Embedded, Span, Summary, Word};
use crate::error::Error;
use crate::lang::{self, Lang};
use crate::script::{
    Class, Script, class, count_bytes, has_chinese_only, ideograph_at, quick_class,
};
use crate::segment::{chinese::Chinese, latin};
use crate::span::{Detector, Draft, Kind};

thread_local! {
    /// Span detection's buffers, kept between documents.
    static DETECTOR: RefCell<Detector> = RefCell::default();
}

/// Turns documents into cleaned, span-annotated, segmented [`Document`]s.
///
/// Create one and share it: it is `Send + Sync`, and jieba's dictionary is loaded once,
/// on the first Chinese span.
///
/// ```
/// let pipeline = zhen::Pipeline::new(zhen::Config::default())?;
/// let doc = pipeline.process("The deal, we have底气 to close it.");
/// let spans: Vec<(&str, &str)> = doc
///     .spans()
///     .iter()
///     .map(|s| (s.lang.code(), &doc.text()[s.range.clone()]))
///     .collect();
/// assert_eq!(spans, [("en", "The deal, we have"), ("zh", "底气"), ("en", "to close it.")]);
/// assert!(doc.spans()[1].foreign);
/// // The Chinese span's source range holds exactly the source text it came from.
/// assert_eq!(&doc.source()[doc.spans()[1].src_range.clone()], "底气");
/// # Ok::<(), zhen::Error>(())
/// ```
pub struct Pipeline {
    config: Config,
    chinese: Chinese,
}

impl Pipeline {
    /// A pipeline for `config`. Fails only when the user dictionary cannot be read.
    pub fn new(config: Config) -> Result<Self, Error> {
        let chinese = Chinese::new(config.cut, config.hmm, config.user_dict.as_deref())?;
        Ok(Pipeline { config, chinese })
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Processes one document. Never fails and never panics: any `&str` is valid input.
    pub fn process<'s>(&self, source: &'s str) -> Document<'s> {
        self.process_in(source, None)
    }

    /// Processes a long document a part of at most `limit` bytes at a time
    /// ([`source::parts`](crate::source::parts)), in bounded memory: each part's range and
    /// document, in order. A fenced code block left open at a cut goes on in the next part.
    ///
    /// ```
    /// use zhen::{Config, Pipeline};
    /// let pipeline = Pipeline::new(Config::default())?;
    /// let text = "说明:\n```\nx  =  1\ny  =  2\n```\n之后abc";
    /// let parts: Vec<String> = pipeline
    ///     .process_parts(text, 16)
    ///     .map(|(_, doc)| doc.text().to_string())
    ///     .collect();
    /// // The second part begins in the code, and keeps its spaces.
    /// assert_eq!(parts, ["说明：\n```", "x  =  1\ny  =  2", "```\n之后 abc"]);
    /// # Ok::<(), zhen::Error>(())
    /// ```
    pub fn process_parts<'s>(
        &'s self,
        text: &'s str,
        limit: usize,
    ) -> impl Iterator<Item = (Range<usize>, Document<'s>)> + 's {
        self.process_parts_after(text, limit, None)
    }

    /// As [`Pipeline::process_parts`], for a text that begins inside a fenced code block of
    /// `fence` backticks: a document that continues one cut there (see
    /// [`Origin::fence`](crate::source::Origin::fence)).
    pub fn process_parts_after<'s>(
        &'s self,
        text: &'s str,
        limit: usize,
        mut fence: Option<usize>,
    ) -> impl Iterator<Item = (Range<usize>, Document<'s>)> + 's {
        crate::source::parts(text, limit).map(move |r| {
            let part = &text[r.clone()];
            let doc = self.process_in(part, fence);
            fence = code::open_fence_after(part, fence);
            (r, doc)
        })
    }

    /// Processes a document, or a part of one that begins in the code of a fence of
    /// `fence` backticks that the part before left open.
    pub(crate) fn process_in<'s>(&self, source: &'s str, fence: Option<usize>) -> Document<'s> {
        let c = &self.config;
        let mut t = Tracked::new(source, c.normalization);
        if c.characters.is_on() {
            t.apply(Stage::Characters, chars::run);
        }
        if c.normalization != Form::Off {
            t.apply(Stage::Normalize, |ed| normalize::run(ed, c.normalization));
        }
        // Plain Chinese prose, found by one scan of the source: no stage edits it, and each
        // line is a Chinese span with nothing in it to protect.
        let plain = t.plain_chinese().filter(|_| fence.is_none());
        // Fenced code blocks, which the stages from here on pass over: found once, then
        // carried through each stage's edits.
        let mut code = if plain.is_some() {
            Vec::new()
        } else {
            code::blocks(&t.text, fence)
        };
        if c.whitespace.is_on() {
            let m = t.apply(Stage::Whitespace, |ed| whitespace::run(ed, &code));
            forward(&mut code, m);
            // (A block of blank lines only, which ended the text, is gone with them.)
            code.retain(|r| !r.is_empty());
        }
        if c.spacing.is_on() {
            let m = t.apply(Stage::Spacing, |ed| spacing::run(ed, &code));
            forward(&mut code, m);
        }
        debug_assert_eq!(code, code::blocks(&t.text, fence), "{:?}", t.text);
        // URLs, e-mail addresses and paths: one word each for span detection, left alone
        // by punctuation (which runs on the same text).
        let mut protected = if plain.is_some() {
            Vec::new()
        } else {
            protect::find(&t.text)
        };
        let mut drafts = Vec::new();
        if let Some(han) = plain {
            crate::span::plain_chinese(&t.text, han, &mut drafts);
        } else {
            with_detector(|d| d.detect_with(&t.text, &protected, c.embed_words, &mut drafts));
        }
        if c.punctuation.is_on() {
            punctuate(
                &mut t,
                &mut drafts,
                &mut protected,
                &mut code,
                fence,
                c.embed_words,
            );
        }
        let Tracked { text, map, log, .. } = t;
        if !map.is_identity() {
            apart_in_source(&text, &map, &mut drafts);
        }
        let mut ranges = Vec::new();
        let mut letter_counts = Vec::with_capacity(drafts.len());
        let mut spans: Vec<Span> = drafts
            .into_iter()
            .map(|d| {
                let in_code = !code.is_empty()
                    && (code::covers(&code, d.range.start) || fence_line(&text, d.range.start));
                let (mut span, n) = self.span(&text, &map, d, plain.is_some(), &mut ranges);
                span.code = in_code;
                letter_counts.push(n);
                span
            })
            .collect();
        let summary = summarize(&text, &mut spans, &letter_counts);
        // (Plain text holds ideographs and CJK marks, three bytes each, and line breaks.)
        let three_byte = plain.is_some() && memchr::memchr(b'\n', text.as_bytes()).is_none();
        Document {
            three_byte,
            source,
            text,
            map,
            spans,
            summary,
            stages: log,
        }
    }

    /// The span of a draft (of plain Chinese text, if `plain`), and its number of letters.
    fn span(
        &self,
        text: &str,
        map: &crate::OffsetMap,
        d: Draft,
        plain: bool,
        ranges: &mut Vec<Range<usize>>,
    ) -> (Span, usize) {
        let body = &text[d.range.clone()];
        let n = d.letters.unwrap_or_else(|| letters(body));
        debug_assert_eq!(n, letters(body), "{body:?}");
        let (lang, script, confidence) = match d.kind {
            Kind::Zh => (Lang::Zh, Script::Han, None),
            Kind::Ja => (Lang::Ja, Script::Japanese, None),
            Kind::Ko => (Lang::Ko, Script::Hangul, None),
            Kind::Latin => {
                let (l, conf) = lang::latin(body, n);
                (l, Script::Latin, conf)
            }
            Kind::Letters(s) => {
                let (l, conf) = lang::other_script(body, n);
                (l, s, conf)
            }
            Kind::Und => (Lang::Und, Script::Common, None),
        };
        ranges.clear();
        match d.kind {
            Kind::Zh if plain => self.chinese.cut_plain(body, d.range.start, ranges),
            Kind::Zh => {
                self.chinese
                    .cut_around(body, d.range.start, &d.embedded, ranges);
                crate::span::join_embedded_words(text, &d.embedded, ranges);
                crate::segment::chinese::join_numbers(text, ranges);
            }
            Kind::Latin if self.config.latin_words.is_on() => {
                latin::cut(body, d.range.start, ranges)
            }
            _ => {}
        }
        let words = if map.is_identity() {
            ranges
                .iter()
                .map(|r| Word {
                    src_range: r.clone(),
                    range: r.clone(),
                })
                .collect()
        } else {
            let mut cursor = map.cursor();
            ranges
                .iter()
                .map(|r| Word {
                    src_range: cursor.source_range(r.clone()),
                    range: r.clone(),
                })
                .collect()
        };
        let mut embedded = d.embedded;
        widen_to_words(text, &mut embedded, ranges);
        let embedded = embedded
            .into_iter()
            .map(|r| Embedded {
                lang: Lang::En,
                src_range: map.to_source(r.clone()),
                range: r,
            })
            .collect();
        let span = Span {
            lang,
            script,
            src_range: map.to_source(d.range.clone()),
            range: d.range,
            foreign: false,
            confidence,
            code: false,
            words,
            embedded,
        };
        (span, n)
    }
}

/// Widens each embedded token (sorted, disjoint) to the words (sorted, disjoint) its ends
/// lie in, by ASCII text, joining those that then meet: a number glued to it is its word's,
/// and so its own (`pending=5,000`, not `pending=5`; but `A股` is a Chinese word).
fn widen_to_words(text: &str, embedded: &mut Vec<Range<usize>>, words: &[Range<usize>]) {
    if embedded.is_empty() || words.is_empty() {
        return;
    }
    let word_at = |p: usize| {
        let k = words.partition_point(|w| w.start <= p).checked_sub(1)?;
        (words[k].end > p).then(|| words[k].clone())
    };
    for r in embedded.iter_mut() {
        if let Some(w) = word_at(r.start).filter(|w| text[w.start..r.start].is_ascii()) {
            r.start = r.start.min(w.start);
        }
        if let Some(w) = r
            .end
            .checked_sub(1)
            .and_then(word_at)
            .filter(|w| w.end <= r.end || text[r.end..w.end].is_ascii())
        {
            r.end = r.end.max(w.end);
        }
    }
    embedded.dedup_by(|next, prev| {
        let meets = next.start <= prev.end;
        if meets {
            prev.end = prev.end.max(next.end);
        }
        meets
    });
}

/// Whether byte `pos` of `text` is on the fence line of a code block (` ```python `).
fn fence_line(text: &str, pos: usize) -> bool {
    let b = text.as_bytes();
    let start = memchr::memrchr(b'\n', &b[..pos]).map_or(0, |i| i + 1);
    let end = memchr::memchr(b'\n', &b[pos..]).map_or(b.len(), |i| pos + i);
    code::fence(&text[start..end]).is_some()
}

/// Moves the edge between two spans that would share source text out of the edited run it
/// falls in, to the run's end: a run maps back only whole (NFKC's `½` → `1⁄2`, cut between
/// `1⁄` and `2`, would give both spans the `½`), so the spans' source ranges stay disjoint.
/// A span left empty goes.
fn apart_in_source(text: &str, map: &crate::OffsetMap, drafts: &mut Vec<Draft>) {
    // (Read at the last character of one span and the first of the next, in order.)
    let mut cursor = map.cursor();
    let last = |r: &Range<usize>| {
        r.end
            - text[r.clone()]
                .chars()
                .next_back()
                .map_or(0, char::len_utf8)
    };
    let first =
        |r: &Range<usize>| r.start + text[r.clone()].chars().next().map_or(0, char::len_utf8);
    let mut k = 1;
    while k < drafts.len() {
        let (a, b) = (&drafts[k - 1].range, &drafts[k].range);
        let a_end = cursor.source_range(last(a)..a.end).end;
        if a_end <= cursor.source_range(b.start..first(b)).start {
            k += 1;
            continue;
        }
        // The end of the run: the next place where the characters on either side map to
        // source text of their own.
        let apart = |q: usize| {
            let before = text[..q].chars().next_back().map_or(0, char::len_utf8);
            let after = text[q..].chars().next().map_or(0, char::len_utf8);
            map.to_source(q - before..q).end <= map.to_source(q..q + after).start
        };
        let p = b.start;
        let end = (p + 1..=(p + 64).min(text.len()))
            .filter(|&q| text.is_char_boundary(q))
            .find(|&q| apart(q));
        let Some(q) = end else {
            k += 1;
            continue;
        };
        drafts[k - 1].range.end = q.min(drafts[k].range.end);
        drafts[k - 1].letters = None;
        let b = &mut drafts[k];
        // (Past the whitespace after the run: no span starts with it.)
        let blank = text[q.min(b.range.end)..b.range.end]
            .find(|c: char| !c.is_whitespace())
            .unwrap_or(b.range.end - q.min(b.range.end));
        b.range.start = (q + blank).min(b.range.end);
        b.letters = None;
        b.embedded.retain_mut(|e| {
            e.start = e.start.max(q);
            e.start < e.end
        });
        if b.range.is_empty() {
            drafts.remove(k);
        } else {
            k += 1;
        }
    }
}

/// Moves ranges of a stage's input to its output, when the stage edited anything. (Code
/// blocks can be moved so: the stages after normalization neither make nor unmake a fence,
/// nor edit inside a block.)
fn forward(ranges: &mut [Range<usize>], stage: Option<&StageMap>) {
    if let Some(m) = stage {
        for r in ranges.iter_mut() {
            *r = m.forward(r.clone());
        }
    }
}

/// Most rounds of punctuation per document. Prose settles in one or two; each round reads
/// only the lines the one before edited, and a chain of marks whose readings depend on
/// each other in turn (`檢!)得)i檢!)得)i檢!…`, found by fuzzing) settles one mark a round.
const PUNCTUATION_ROUNDS: usize = 16;

/// Runs span detection with the thread's buffers.
fn with_detector(f: impl FnOnce(&mut Detector)) {
    DETECTOR.with(|cell| match cell.try_borrow_mut() {
        Ok(mut d) => {
            f(&mut d);
            d.release_if_huge();
        }
        Err(_) => f(&mut Detector::default()),
    });
}

/// Converts punctuation until it is stable, keeping `drafts` and `protected` those of the
/// converted text. A converted mark can change how its line reads (a sentence end, a bracket
/// pair), and so what the next pass would convert: cleaning must be idempotent, so each line
/// with an edit is read again and converted again, for a few rounds at most.
fn punctuate(
    t: &mut Tracked,
    drafts: &mut Vec<Draft>,
    protected: &mut Vec<Range<usize>>,
    code: &mut [Range<usize>],
    fence: Option<usize>,
    max_embed: usize,
) {
    // The drafts to convert in this round: all of them at first, then those of lines read again.
    let mut fresh: Option<Vec<Draft>> = None;
    let mut edited: Vec<Range<usize>> = Vec::new();
    for _ in 0..PUNCTUATION_ROUNDS {
        let round = fresh.as_deref().unwrap_or(drafts);
        let Some(m) = t.apply(Stage::Punctuation, |ed| {
            punct::run_with(ed, round, protected, code)
        }) else {
            return;
        };
        forward(code, Some(m));
        for d in drafts.iter_mut() {
            d.range = m.forward(d.range.clone());
            for e in &mut d.embedded {
                *e = m.forward(e.clone());
            }
        }
        forward(protected, Some(m));
        edited.clear();
        edited.extend(m.changed());
        let text: &str = &t.text;
        debug_assert_eq!(code, code::blocks(text, fence), "{text:?}");
        let lines = lines_of(text, &edited);
        let inside = |r: &Range<usize>| {
            let k = lines.partition_point(|l| l.end < r.start);
            lines
                .get(k)
                .is_some_and(|l| l.start <= r.start && r.end <= l.end)
        };
        // URLs do not cross lines: those of the lines read again are found again.
        protected.retain(|r| !inside(r));
        for l in &lines {
            protected.extend(
                protect::find(&text[l.clone()])
                    .into_iter()
                    .map(|r| l.start + r.start..l.start + r.end),
            );
        }
        protected.sort_by_key(|r| r.start);
        let mut again = Vec::new();
        with_detector(|d| d.detect_lines(text, &lines, protected, max_embed, &mut again));
        drafts.retain(|d| !inside(&d.range));
        drafts.extend(again.iter().cloned());
        drafts.sort_by_key(|d| d.range.start);
        fresh = Some(again);
    }
}

/// The whole lines (without their `\n`) holding the ranges `edited` of `text`, in order.
fn lines_of(text: &str, edited: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut lines: Vec<Range<usize>> = Vec::new();
    for r in edited {
        if lines.last().is_some_and(|l| r.end <= l.end) {
            continue;
        }
        let mut start = text[..r.start].rfind('\n').map_or(0, |i| i + 1);
        loop {
            let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
            if lines.last().is_none_or(|l| l.start != start) {
                lines.push(start..end);
            }
            if end >= r.end || end == text.len() {
                break;
            }
            start = end + 1;
        }
    }
    lines
}

/// Letter shares per language, the dominant language, and which spans are foreign to it.
/// `letters` holds the number of letters in each span.
fn summarize(text: &str, spans: &mut [Span], letters: &[usize]) -> Summary {
    let mut counts: Vec<(Lang, usize)> = Vec::new();
    // Embedded tokens count for the span around them: `说 Anthropic 对外` is Chinese text.
    // Code counts only in a document of code alone: a Chinese answer with a code block is
    // Chinese.
    let prose = spans.iter().zip(letters).any(|(s, &n)| !s.code && n > 0);
    let counted = |s: &Span| !(prose && s.code);
    for (s, &n) in spans.iter().zip(letters) {
        if counted(s) {
            add_count(&mut counts, s.lang, n);
        }
    }
    let dominant = dominant(&counts);
    // In a Japanese document, lines of kanji without kana (`参加者：約 80 名`) are Japanese,
    // unless they write a character the Chinese way only (`这是中文句子。`).
    if dominant == Lang::Ja {
        let mut moved = 0;
        for (s, &n) in spans.iter_mut().zip(letters) {
            if s.lang == Lang::Zh
                && s.script == Script::Han
                && !has_chinese_only(&text[s.range.clone()])
            {
                s.lang = Lang::Ja;
                s.script = Script::Japanese;
                s.words.clear();
                if counted(s) {
                    moved += n;
                }
            }
        }
        for (l, n) in counts.iter_mut() {
            match l {
                Lang::Zh => *n -= moved,
                Lang::Ja => *n += moved,
                _ => {}
            }
        }
        counts.retain(|&(_, n)| n > 0);
    }
    let mixed = mark_foreign(spans, dominant);
    Summary::new(dominant, mixed, counts)
}

/// The language with the most text, a CJK character weighing two letters: a Chinese word
/// has 1.5 characters and an English one 4.7 letters, so by letters alone
/// `我们用的是Spring Boot + MySQL的技术栈` would be English; the full three would make an
/// English sentence with a long untranslated clause Chinese.
pub(crate) fn dominant(counts: &[(Lang, usize)]) -> Lang {
    let weight = |(l, n): &(Lang, usize)| match l {
        Lang::Zh | Lang::Ja | Lang::Ko => n * 2,
        _ => *n,
    };
    counts
        .iter()
        .filter(|(l, _)| *l != Lang::Und)
        .max_by(|a, b| weight(a).cmp(&weight(b)).then(b.0.cmp(&a.0)))
        .map_or(Lang::Und, |(l, _)| *l)
}

/// Adds `n` to the count of `lang` (kept in first-seen order; zero adds no entry).
pub(crate) fn add_count(counts: &mut Vec<(Lang, usize)>, lang: Lang, n: usize) {
    if n == 0 {
        return;
    }
    match counts.iter_mut().find(|(l, _)| *l == lang) {
        Some((_, c)) => *c += n,
        None => counts.push((lang, n)),
    }
}

/// Whether a span in `lang` is foreign to a document in `dominant`.
pub(crate) fn is_foreign(lang: Lang, dominant: Lang) -> bool {
    dominant != Lang::Und && lang != Lang::Und && lang != dominant
}

/// Marks the spans in another language than `dominant` foreign; true if there are any.
pub(crate) fn mark_foreign(spans: &mut [Span], dominant: Lang) -> bool {
    let mut mixed = false;
    for s in spans {
        s.foreign = !s.code && is_foreign(s.lang, dominant);
        mixed |= s.foreign;
    }
    mixed
}

/// Letters of any script, Han characters included.
fn letters(s: &str) -> usize {
    // (Short runs, between other characters, are counted byte by byte.)
    let ascii = |b: &[u8]| {
        b.iter()
            .map(|&x| usize::from(ascii_letter(x)))
            .sum::<usize>()
    };
    let b = s.as_bytes();
    if s.is_ascii() {
        return count_bytes(b, ascii_letter);
    }
    if let Some(n) = common_letters(b) {
        return n;
    }
    let mut n = 0;
    let mut i = 0;
    while let Some(&x) = b.get(i) {
        if x < 0x80 {
            let run = b[i..]
                .iter()
                .position(|&y| y >= 0x80)
                .unwrap_or(b.len() - i);
            n += ascii(&b[i..i + run]);
            i += run;
        } else if ideograph_at(b, i) {
            let run = i;
            while ideograph_at(b, i) {
                i += 3;
            }
            n += (i - run) / 3;
        } else if let Some(cl) = quick_class(b, i) {
            n += usize::from(matches!(cl, Class::Han | Class::Letter(_)));
            i += 3;
        } else {
            let Some(c) = s[i..].chars().next() else {
                break;
            };
            n += usize::from(matches!(
                class(c),
                Class::Han | Class::Kana | Class::Hangul | Class::Letter(_)
            ));
            i += c.len_utf8();
        }
    }
    n
}

/// Whether `x` is an ASCII letter, without a branch.
#[inline]
fn ascii_letter(x: u8) -> bool {
    (x | 0x20).wrapping_sub(b'a') < 26
}

/// [`letters`] of text whose characters are ASCII, ideographs U+4E00..U+9FFF, CJK marks
/// U+3000..U+303F, general punctuation U+2000..U+203F and full-width forms U+FF01..U+FF3F,
/// as most Chinese text with English in it is: read three bytes at every byte, without a
/// branch (mixed text would mispredict one at every change of script). `None` for text
/// with any other character.
fn common_letters(b: &[u8]) -> Option<usize> {
    let (mut letters, mut others) = (0, 0);
    // (Counted in byte lanes, 255 positions at a time, so that the count vectorizes.)
    let n = b.len().saturating_sub(2);
    for k in (0..n).step_by(255) {
        let end = (k + 255).min(n);
        let (mut l, mut o) = (0u8, 0u8);
        for ((&x, &y), &z) in b[k..end].iter().zip(&b[k + 1..]).zip(&b[k + 2..]) {
            let ascii = ascii_letter(x);
            let ideograph = x.wrapping_sub(0xE5) < 5 || (x == 0xE4 && y >= 0xB8);
            // `々` and `〇` (U+3005, U+3007) are Han; full-width A to Z are letters.
            let han_mark = x == 0xE3 && y == 0x80 && z | 2 == 0x87;
            let wide = x == 0xEF && y == 0xBC && z.wrapping_sub(0xA1) < 26;
            let known = ideograph
                || (y == 0x80 && (x == 0xE3 || x == 0xE2))
                || (x == 0xEF && y == 0xBC && z != 0x80);
            l += u8::from(ascii | ideograph | han_mark | wide);
            o += u8::from(x >= 0xC0 && !known);
        }
        letters += usize::from(l);
        others += usize::from(o);
    }
    // The last two bytes begin no character of three.
    for &x in &b[n..] {
        letters += usize::from(ascii_letter(x));
        others += usize::from(x >= 0xC0);
    }
    (others == 0).then_some(letters)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn p() -> Pipeline {
        Pipeline::new(Config::default()).unwrap()
    }

    #[test]
    fn pure_chinese_words_are_jiebas() {
        let text = "我们在北京天安门广场看升旗。";
        let doc = p().process(text);
        let words: Vec<&str> = doc.spans()[0]
            .words
            .iter()
            .map(|w| &doc.text()[w.range.clone()])
            .collect();
        let jieba = jieba_rs::Jieba::new();
        let expected: Vec<&str> = jieba.cut(text, true).iter().map(|t| t.word).collect();
        assert_eq!(words, expected);
    }

    #[test]
    fn kanji_lines_of_a_japanese_document_are_japanese_unless_simplified() {
        let doc = p().process("東京オリンピックは開催されました。\n参加者：約80名\n这是中文句子。");
        let langs: Vec<(Lang, bool)> = doc
            .spans()
            .iter()
            .map(|s| (s.lang, s.words.is_empty()))
            .collect();
        assert_eq!(
            langs,
            [(Lang::Ja, true), (Lang::Ja, true), (Lang::Zh, false)]
        );
        assert_eq!(doc.summary().lang, Lang::Ja);
        let shares = &doc.summary().shares;
        assert!(shares.iter().any(|(l, _)| *l == Lang::Zh), "{shares:?}");
        // Shares are largest first, also after the kanji lines moved: Japanese had fewer
        // letters than English before, and more after.
        let doc = p().process("東京オリンピック開催\nThe weather is sunny\n参加者約八十名出席");
        let shares: Vec<Lang> = doc.summary().shares.iter().map(|s| s.0).collect();
        assert_eq!(shares, [Lang::Ja, Lang::En], "{:?}", doc.summary());
    }

    #[test]
    fn embedded_tokens_stay_whole_words() {
        let doc = p().process(
            "支持R&D和TCP/IP协议，见deploy/helm/values.yaml，安装node@18和foo==2.3.1。don't",
        );
        let words = first_span_words(&doc);
        for token in [
            "R&D",
            "TCP/IP",
            "deploy/helm/values.yaml",
            "node@18",
            "foo==2.3.1",
        ] {
            assert!(words.contains(&token), "{token} not a word in {words:?}");
        }
        // Outside embedded tokens jieba's words are kept as they are.
        assert!(
            words.contains(&"，") && words.contains(&"协议"),
            "{words:?}"
        );
        // An embedded token is its whole word, with the number glued to it; not the Han
        // of a Chinese word it begins.
        let doc = p().process("任务队列积压:pending=5,000,建议扩容A股");
        let text = doc.text();
        let embedded: Vec<&str> = doc.spans()[0]
            .embedded
            .iter()
            .map(|e| &text[e.range.clone()])
            .collect();
        assert_eq!(embedded, ["pending=5,000", "A"]);
        // A full-width bracket between two of them is a word of its own.
        let doc = p().process("澎湃OS（HyperOS）和Max（256GB）");
        let words = first_span_words(&doc);
        assert_eq!(
            words,
            [
                "澎湃", "OS", "（", "HyperOS", "）", "和", "Max", "（", "256GB", "）"
            ]
        );
        // A range's tilde is no symbol of the term after it.
        let doc = p().process("按20~40mg/kg给药");
        let words = first_span_words(&doc);
        assert_eq!(words[1..4], ["20", "~", "40mg/kg"]);
    }

    /// The words of a document's first span, as text.
    fn first_span_words<'d>(doc: &'d Document) -> Vec<&'d str> {
        doc.spans()[0]
            .words
            .iter()
            .map(|w| &doc.text()[w.range.clone()])
            .collect()
    }

    #[test]
    fn chinese_sentence_with_long_english_names_is_chinese() {
        // (Seven names, too many to embed.)
        let stack = "Go + Vue + Gin + Redis + Kafka + MySQL + Nginx";
        let text = format!("我们公司用的是{stack}的技术栈，部署在阿里云上。");
        let doc = p().process(&text);
        assert_eq!(doc.summary().lang, Lang::Zh);
        assert_eq!(foreign(&doc), [stack]);
        // Shares stay shares of letters.
        assert_eq!(doc.summary().shares[0].0, Lang::En);
    }

    /// The text of the spans marked foreign.
    fn foreign<'d>(doc: &'d Document) -> Vec<&'d str> {
        doc.spans()
            .iter()
            .filter(|s| s.foreign)
            .map(|s| &doc.text()[s.range.clone()])
            .collect()
    }

    #[test]
    fn summary_of_english_article_with_leftovers() {
        let doc = p().process("The market moved fast this quarter, and I am饭毕，贾母犹欲和那几个老管家的嬷嬷斗牌。 Yet, indeed, it held.");
        assert_eq!(doc.summary().lang, Lang::En);
        assert!(doc.summary().mixed);
        assert_eq!(foreign(&doc), ["饭毕，贾母犹欲和那几个老管家的嬷嬷斗牌。"]);
    }

    #[test]
    #[allow(clippy::single_range_in_vec_init)] // (ranges of edits, not of numbers)
    fn lines_of_edits() {
        let text = "ab\ncd\n\nef";
        assert_eq!(lines_of(text, &[]), Vec::<Range<usize>>::new());
        // Two edits in one line, an insertion at a line's end, one in the last line.
        assert_eq!(
            lines_of(text, &[0..1, 1..2, 5..5, 8..9]),
            [0..2, 3..5, 7..9]
        );
        // An edit across lines holds each of them.
        assert_eq!(lines_of(text, &[1..4]), [0..2, 3..5]);
        assert_eq!(lines_of(text, &[6..6]), [6..6]);
    }

    #[test]
    fn punctuation_is_stable_after_one_document() {
        // `?` becomes `？` after Han; the `；` after it is judged again once it is a Chinese
        // sentence end (found by a random harness; see tests/properties.rs).
        let p = p();
        let once = p.process(",e.g？（；，-）e.g~中文１");
        assert_eq!(p.process(once.text()).text(), once.text());
        // The stage log has one entry for punctuation however many rounds it took.
        let stages: Vec<Stage> = once.stages().iter().map(|&(s, _)| s).collect();
        assert_eq!(
            stages.iter().filter(|&&s| s == Stage::Punctuation).count(),
            1
        );
    }

    #[test]
    fn code_blocks_are_left_as_they_are() {
        let fenced =
            "```python\ndef f(x):\n    if x,y:\n\n\n        print(\"完成!\")  # 注释,说明\n```";
        // Markdown's indented code, after a blank line.
        let indented = "    def f(x):\n        print(\"完成!\")  # 注释,说明\n\n\tf(1,2)";
        for block in [fenced, indented] {
            let source = format!("运行以下命令:\n\n{block}\n\n然后调用Python即可.");
            let doc = p().process(&source);
            assert_eq!(
                doc.text(),
                format!("运行以下命令：\n\n{block}\n\n然后调用 Python 即可。")
            );
            // The Chinese comment is still a Chinese span, cut into words.
            let zh: Vec<&str> = doc
                .spans()
                .iter()
                .filter(|s| s.lang == Lang::Zh)
                .map(|s| &doc.text()[s.range.clone()])
                .collect();
            assert!(zh.iter().any(|s| s.contains("注释")), "{zh:?}");
            assert_eq!(p().process(doc.text()).text(), doc.text());
            // The block's spans are code, fence lines too: never foreign, and not counted
            // in the languages of a document with prose.
            for s in doc.spans() {
                let line = &doc.text()[s.range.clone()];
                let prose = line.starts_with("运行") || line.starts_with("然后");
                assert_eq!(s.code, !prose, "{line:?}");
                assert!(!s.foreign, "{line:?}");
            }
            assert_eq!(doc.summary().lang, Lang::Zh);
            assert!(!doc.summary().mixed);
            assert_eq!(doc.summary().shares, [(Lang::Zh, 1.0)]);
        }
        // Kanji in the code of a Japanese document are relabelled, not counted twice over.
        let doc = p().process(
            "東京オリンピックは開催されました。\n参加者約八十名\n```\n// 東京大会\nx = 1\n```",
        );
        assert_eq!(doc.summary().lang, Lang::Ja);
        assert_eq!(doc.summary().shares, [(Lang::Ja, 1.0)]);
        // (16 letters and 7 kanji; not the code's 4.)
        assert_eq!(doc.summary().counts().collect::<Vec<_>>(), [(Lang::Ja, 23)]);
        // A document of code alone is in the language of its code.
        let doc = p().process("```python\ndef area(width, height):\n    return width\n```");
        assert!(doc.spans().iter().all(|s| s.code));
        assert_eq!(doc.summary().lang, Lang::En);
    }

    #[test]
    fn punctuation_chains_settle() {
        // Each `!` is read as a Chinese sentence end only once the one before is `！`.
        let p = p();
        let source = format!("檢!)到)y?)倐)i{}檢!", "檢!)得)i".repeat(8));
        let once = p.process(&source);
        assert_eq!(p.process(once.text()).text(), once.text());
        assert!(!once.text().contains('!'), "{}", once.text());
    }

    #[test]
    fn a_mark_made_ascii_before_a_closing_tag_is_spaced_from_chinese() {
        // As the ASCII mark is by spacing, so cleaning the output changes nothing.
        let p = p();
        for (source, want) in [
            ("I am Tom。</i>说", "I am Tom.</i> 说"),
            ("I am Tom.</i>说", "I am Tom.</i> 说"),
            ("Wait！</font></i>好的", "Wait!</font></i> 好的"),
            ("我们;the。</i>我们", "我们；the.</i> 我们"),
        ] {
            let once = p.process(source);
            assert_eq!(once.text(), want);
            assert_eq!(p.process(once.text()).text(), want);
        }
    }

    #[test]
    fn letters_counts_every_script() {
        for s in [
            "",
            "abc XYZ @[`{ 123",
            "说Anthropic对外 Ωμέγα, カタカナ 한국어 é\u{301}",
        ] {
            assert_eq!(letters(s), letters_by_class(s), "{s:?}");
        }
    }

    fn letters_by_class(s: &str) -> usize {
        s.chars()
            .filter(|&c| {
                matches!(
                    class(c),
                    Class::Han | Class::Kana | Class::Hangul | Class::Letter(_)
                )
            })
            .count()
    }

    proptest! {
        /// The count of common characters is the count of their classes, and is given for
        /// all text of them.
        #[test]
        fn common_letters_are_counted_by_class(
            s in "[a-zA-Z0-9 .,@\\[`{\u{4DFE}-\u{4E02}\u{9FFE}\u{9FFF}\u{3000}-\u{3008}\u{FF00}-\u{FF3F}\u{2000}-\u{2030}\u{E0}\u{30A2}]{0,300}"
        ) {
            let common = !s.contains(['\u{4DFE}', '\u{4DFF}', '\u{FF00}', '\u{E0}', '\u{30A2}']);
            prop_assert_eq!(common_letters(s.as_bytes()).is_some(), common, "{:?}", s);
            prop_assert_eq!(letters(&s), letters_by_class(&s), "{:?}", s);
        }
    }

    #[test]
    fn tab_separated_columns_stay_apart() {
        let p = p();
        for (line, want) in [
            ("谢谢!\tThank you!", "谢谢！\tThank you!"),
            (
                "你好,世界。 \t Hello, world.",
                "你好，世界。\tHello, world.",
            ),
            ("谢谢。\t你好", "谢谢。\t你好"),
            ("中\t文\t文\t本", "中\t文\t文\t本"),
            // An English label's colon before a tab.
            ("Name:\t张三", "Name:\t张三"),
            // No rule joins across a tab, once punctuation is converted either.
            ("是 说\t,", "是 说\t，"),
            // Each column is detected alone: a short label and its translation.
            ("Save changes\t保存更改", "Save changes\t保存更改"),
        ] {
            let once = p.process(line).into_text();
            assert_eq!(once, want, "{line:?}");
            assert_eq!(p.process(&once).text(), once, "{line:?}");
        }
        // A line of two columns, a text and its translation, is read a column at a time;
        // the row of a table, whose units are the Chinese text's, whole.
        let spans = |line: &str| {
            let doc = p.process(line);
            doc.spans()
                .iter()
                .map(|s| (s.lang, doc.text()[s.range.clone()].to_string()))
                .collect::<Vec<_>>()
        };
        let pair = [
            (Lang::En, "File not found: {0}"),
            (Lang::Zh, "找不到文件：{0}"),
        ];
        assert_eq!(
            spans("File not found: {0}\t找不到文件：{0}"),
            pair.map(|(l, s)| (l, s.to_string()))
        );
        assert_eq!(spans("Save changes\t保存更改").len(), 2);
        assert_eq!(spans("血红蛋白(HGB)\t145\tg/L\t130-175").len(), 1);
    }

    #[test]
    fn empty_and_blank() {
        let doc = p().process("");
        assert_eq!(doc.text(), "");
        assert!(doc.spans().is_empty());
        assert_eq!(doc.summary().lang, Lang::Und);
        let doc = p().process(" \n\u{FEFF}\t ");
        assert_eq!(doc.text(), "");
    }
}

#[cfg(test)]
mod code_blocks {
    use std::sync::LazyLock;

    use proptest::prelude::*;

    use super::*;

    /// Pieces of Markdown with fences, indented and not, open and closed, and indented code,
    /// among prose that every stage edits.
    fn markdown() -> impl Strategy<Value = String> {
        let piece = prop::sample::select(vec![
            "```",
            "````",
            "```py",
            "``` ",
            "  ```",
            "    ```",
            "\t```",
            "`",
            "``",
            "\n",
            "\n",
            "\n\n",
            "\n\n\n",
            " ",
            "  ",
            "\t",
            "中文",
            "用Rust",
            "x  =  1",
            "a,",
            "，",
            "。",
            ".",
            "(",
            "）",
            "ｘ",
            "\u{200B}",
            "\r\n",
            "中 文 文 本",
            "\n\n    ",
            "\n    ",
            "x,y  # 注释,说明!",
        ]);
        prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
    }

    /// (CI found a line that was code once its full-width comma was ASCII.)
    #[test]
    fn regression_a_line_of_code_once_its_mark_is_ascii() {
        let p = Pipeline::new(Config::default()).unwrap();
        for s in ["(\n\t```\t```，", "(\n\t``````py\t```，\n\nx = 1\n\n```py"] {
            let once = p.process(s);
            assert_eq!(p.process(once.text()).text(), once.text(), "{s:?}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

        /// The code blocks found once, before the whitespace stage, and carried through
        /// the edits of each stage after it are those of each stage's text: `process`
        /// checks it with `debug_assert` (on in `cargo test`) after spacing and after each
        /// round of punctuation. Cleaning such text again changes nothing.
        #[test]
        fn code_blocks_follow_the_edits(s in markdown()) {
            static P: LazyLock<Pipeline> = LazyLock::new(|| Pipeline::new(Config::default()).unwrap());
            let p = &*P;
            let once = p.process(&s);
            let twice = p.process(once.text());
            prop_assert_eq!(once.text(), twice.text(), "{:?}", s);
        }
    }
}
