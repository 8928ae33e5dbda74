//! Language spans: which stretch of each line is Chinese, English, Japanese, ...
//!
//! A line is read as a sequence of items (Han runs, Latin words, numbers, punctuation).
//! Latin words that follow each other form *clusters*. A short cluster attached to Chinese
//! text joins the Chinese span (the *matrix language* rule of code-switching research):
//! - between Han text of one sentence (`说Anthropic对外`), always;
//! - between Han text and a sentence edge (line edge, sentence-final or Chinese
//!   punctuation) when it reads as a name or term rather than English prose (it has no
//!   English function word such as *the*, *it*, *is*) and the Chinese text on its other
//!   side does not lead back into English of the same sentence (`请提交 Pull Request。`),
//!   or leads only into another such term (`Apple 推出了 iPhone`).
//!
//! A Chinese island inside an English sentence (`we have底气 to`) therefore absorbs
//! nothing and becomes a span of its own. Neutral characters (spaces, digits, punctuation)
//! join the span of their clause; see [`split_gap`].

use std::ops::Range;
use std::sync::LazyLock;

use memchr::memmem::Finder;

use crate::clean::protect;
use crate::lang::{has_function_words, is_english_function_word};
use crate::script::{
    Class, Script, ascii_class, chinese_with_kana, class, count_bytes, find_any, ideograph_at,
    is_han, quick_class, roman_glyph, skip_ascii,
};

/// The language family of a span, as far as scripts and the embedding rule decide it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Zh,
    Ja,
    Ko,
    /// Latin script: English unless [`crate::lang`] finds another language.
    Latin,
    /// Letters of another script.
    Letters(Script),
    /// No letters.
    Und,
}

/// A span as detected, before words and source offsets are attached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Draft {
    pub(crate) kind: Kind,
    pub(crate) range: Range<usize>,
    /// Latin clusters kept inside a Chinese span.
    pub(crate) embedded: Vec<Range<usize>>,
    /// The span continues a sentence begun in another language (`than the欧美市场.`):
    /// an island, whose edge punctuation is left as it is.
    pub(crate) island: bool,
    /// Its number of letters, when a whole-line reading has already counted them.
    pub(crate) letters: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Final,
    Clause,
    Open,
    Close,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
    Cjk { kana: bool },
    Hangul,
    Word(Script),
    Number,
    CjkPunct(Role),
    Punct(Role),
    Space,
}

#[derive(Debug, Clone, Copy)]
struct Item {
    start: usize,
    end: usize,
    tok: Tok,
}

impl Item {
    fn is_neutral(&self) -> bool {
        matches!(
            self.tok,
            Tok::Space
                | Tok::Number
                | Tok::Punct(Role::Clause | Role::Open | Role::Close | Role::Other)
                | Tok::CjkPunct(Role::Other)
        )
    }

    /// Text a Latin cluster can be embedded in: Chinese, Japanese or Korean.
    fn is_host(&self) -> bool {
        matches!(self.tok, Tok::Cjk { .. } | Tok::Hangul)
    }

    /// The kind of a span of host text.
    fn host_kind(&self) -> Kind {
        match self.tok {
            Tok::Cjk { kana: true } => Kind::Ja,
            Tok::Hangul => Kind::Ko,
            _ => Kind::Zh,
        }
    }

    fn is_latin(&self) -> bool {
        self.tok == Tok::Word(Script::Latin)
    }
}

/// What a cluster touches on one side, skipping neutral characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    /// CJK text (Han, kana or Hangul) in the same clause, at this item.
    Cjk(usize),
    /// CJK text beyond clause punctuation (`，`, `、`, `,` ...): a CJK clause edge.
    ZhPunct,
    /// Another Latin cluster beyond clause punctuation, at this item (`GPT-5、Claude`):
    /// Chinese if that cluster is absorbed.
    List(usize),
    /// CJK text in quotes or brackets at the sentence's edge, at this item, after a name: its
    /// gloss or a title's disambiguation (`Rust（编程语言）`), Chinese unless the line is
    /// English prose (`Day 1 – Kunming (昆明)` in an English document).
    Gloss(usize),
    /// A line edge, sentence-final punctuation, or text of another script.
    Edge,
}

#[derive(Debug, Clone)]
struct Cluster {
    /// Item indices of the first and last Latin word.
    first: usize,
    last: usize,
    words: usize,
    /// Few enough words to embed: `embed_words`, twice that for a run of names.
    fits: bool,
    /// No English function word: reads as a name or term, not as English prose.
    term_like: bool,
    /// English whatever is beside it: an attribution (`, Li said.`) or a footer (`All
    /// rights reserved.`).
    english: bool,
    /// Its last word is a plain lowercase word (`watched`), not a name, code or number.
    plain_end: bool,
    /// It fills a pair of quotes or title marks: a quotation or a title, which tells
    /// nothing of the language of the sentence around it.
    quotation: bool,
    /// It fills a pair of brackets glued to the Chinese text before it: that text's gloss.
    gloss: bool,
    /// A single word beside Han, glued or spaced as spacing leaves it: in a Chinese line a
    /// word named, whatever it is (`since后面接时间点`, `have的第三人称单数是has`).
    named: bool,
    left: Side,
    right: Side,
    /// Joins the Chinese span around it.
    absorbed: bool,
}

impl Cluster {
    /// Between Han text of one clause.
    fn internal(&self) -> bool {
        matches!((self.left, self.right), (Side::Cjk(_), Side::Cjk(_)))
    }
}

/// Reusable buffers for span detection.
#[derive(Default)]
pub(crate) struct Detector {
    items: Vec<Item>,
    clusters: Vec<Cluster>,
    cluster_of: Vec<usize>,
    brackets: Brackets,
    absorbed: Vec<bool>,
    pending: Vec<usize>,
    /// The quotation each item of a sentence is in, numbered from 1, or 0 (see
    /// [`Detector::mark_japanese`]).
    quoted: Vec<usize>,
    units: Vec<(Kind, Range<usize>, bool)>,
    scratch: Vec<(Kind, Range<usize>, bool)>,
    /// The sentences of a line, and whether each is read word by word.
    sentences: Vec<(Range<usize>, bool)>,
    ends: SentenceEnds,
    /// The line being read, and whether it is English prose (see [`is_latin_line`]), once
    /// asked.
    line: Range<usize>,
    latin_line: Option<bool>,
    /// Whether the text being read is an English document, once asked (see
    /// [`is_english_document`]).
    english: Option<bool>,
    /// Read every line word by word: the reference [`Detector::line_units`] must agree with.
    #[cfg(test)]
    whole_lines: bool,
}

const NONE: usize = usize::MAX;

/// Scratch buffers larger than this (1 MiB) are freed after a document rather than kept for
/// the next one.
pub(crate) const HUGE_SCRATCH: usize = 1 << 20;

impl Detector {
    /// Drops the buffers a very long line grew, so that they do not stay allocated next to
    /// the next stages' (one line of a huge document can hold tens of megabytes of them).
    pub(crate) fn release_if_huge(&mut self) {
        let bytes = self.items.capacity() * size_of::<Item>()
            + self.clusters.capacity() * size_of::<Cluster>()
            + (self.cluster_of.capacity() + self.pending.capacity()) * size_of::<usize>()
            + self.brackets.capacity() * size_of::<usize>()
            + self.absorbed.capacity()
            + (self.units.capacity() + self.scratch.capacity())
                * size_of::<(Kind, Range<usize>, bool)>()
            + self.sentences.capacity() * size_of::<(Range<usize>, bool)>();
        if bytes > HUGE_SCRATCH {
            *self = Detector::default();
        }
    }

    /// Appends the spans of `text` to `out`, in order.
    #[cfg(test)]
    pub(crate) fn detect(&mut self, text: &str, max_embed: usize, out: &mut Vec<Draft>) {
        let protected = protect::find(text);
        self.detect_with(text, &protected, max_embed, out);
    }

    /// [`Detector::detect`] with the URLs, e-mail addresses and paths of `text` already
    /// found by [`protect::find`].
    pub(crate) fn detect_with(
        &mut self,
        text: &str,
        protected: &[Range<usize>],
        max_embed: usize,
        out: &mut Vec<Draft>,
    ) {
        (self.ends, self.english) = (SentenceEnds::default(), None);
        let mut start = 0;
        for line in text.split('\n') {
            self.columns(text, start, line.len(), protected, max_embed, out);
            start += line.len() + 1;
        }
    }

    /// [`Detector::line`] for each column of a line of two that a tab separates, a text
    /// and its translation, as a translation memory holds them (`Save changes<TAB>保存更改`):
    /// no span crosses the tab. (Not the row of a table, whose cells of numbers and units
    /// belong to the Chinese text: `白细胞计数<TAB>6.35<TAB>10^9/L`.)
    fn columns(
        &mut self,
        text: &str,
        start: usize,
        len: usize,
        protected: &[Range<usize>],
        max_embed: usize,
        out: &mut Vec<Draft>,
    ) {
        let line = &text[start..start + len];
        // (A subtitle event's line breaks, `\N`, part its lines as line breaks do: a
        // bilingual event holds one line of each language. Each break ends its line.)
        if line.starts_with(['D', 'C']) && memchr::memchr(b'\\', line.as_bytes()).is_some() {
            let from = protected.partition_point(|r| r.end <= start);
            let mut at = start;
            for r in protected[from..]
                .iter()
                .take_while(|r| r.end <= start + len)
            {
                if protect::subtitle_break(text, protected, r.clone(), false) {
                    self.line(text, at, r.end - at, protected, max_embed, out);
                    at = r.end;
                }
            }
            if at > start {
                return self.line(text, at, start + len - at, protected, max_embed, out);
            }
        }
        if memchr::memchr(b'\t', line.as_bytes()).is_none() || !translation_pair(line) {
            return self.line(text, start, len, protected, max_embed, out);
        }
        let mut at = start;
        for column in line.split('\t') {
            self.line(text, at, column.len(), protected, max_embed, out);
            at += column.len() + 1;
        }
    }

    /// [`Detector::detect_with`] over some lines of `text` only (ranges of whole lines, in
    /// order, without their `\n`).
    pub(crate) fn detect_lines(
        &mut self,
        text: &str,
        lines: &[Range<usize>],
        protected: &[Range<usize>],
        max_embed: usize,
        out: &mut Vec<Draft>,
    ) {
        (self.ends, self.english) = (SentenceEnds::default(), None);
        for l in lines {
            self.columns(text, l.start, l.len(), protected, max_embed, out);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn line(
        &mut self,
        text: &str,
        start: usize,
        len: usize,
        protected: &[Range<usize>],
        max_embed: usize,
        out: &mut Vec<Draft>,
    ) {
        let line = &text[start..start + len];
        let Some(first) = line.find(|c: char| !c.is_whitespace()) else {
            return;
        };
        let last = line.trim_end().len();
        let content = start + first..start + last;
        // The tokens of this line.
        let from = protected.partition_point(|r| r.end <= start);
        let to = protected.partition_point(|r| r.start < start + len);
        let protected = &protected[from..to.max(from)];
        // The reference reading of the tests applies the general rule to every line.
        #[cfg(test)]
        let single = if self.whole_lines {
            None
        } else {
            single_span(line, !protected.is_empty())
        };
        #[cfg(not(test))]
        let single = single_span(line, !protected.is_empty());
        if let Some((kind, letters)) = single {
            out.push(Draft {
                kind,
                range: content,
                embedded: Vec::new(),
                island: false,
                letters: Some(letters),
            });
            return;
        }
        // Whether the line is English prose is asked only by clusters before a Chinese
        // clause, found afterwards.
        (self.line, self.latin_line) = (start..start + len, None);
        let mut units = std::mem::take(&mut self.units);
        units.clear();
        // Reading sentence by sentence pays off in Latin text with a few CJK clauses; a line
        // of mostly CJK text is read whole (both find the same units).
        #[cfg(test)]
        let whole = self.whole_lines;
        #[cfg(not(test))]
        let whole = count_bytes(line.as_bytes(), |x| x >= 0x80) * 4 >= len;
        if whole {
            self.units_of(text, start..start + len, protected, max_embed, &mut units);
        } else {
            self.line_units(text, start..start + len, protected, max_embed, &mut units);
        }
        let from = out.len();
        self.merge_units(text, content, &units, out);
        self.units = units;
        quoted_term_to_island(text, &mut out[from..]);
        link(text, &mut out[from..]);
        trim_islands(text, out, from);
        join_post_tag(text, out, from);
    }

    /// The units of a line, in order. Only sentences with CJK text or letters of another
    /// script are read word by word: nothing crosses a sentence end (clusters, their
    /// sides, Japanese sentences), and a run of Latin-only sentences is one Latin unit from
    /// its first word to its last, so only the text around those two words is read.
    fn line_units(
        &mut self,
        text: &str,
        line: Range<usize>,
        protected: &[Range<usize>],
        max_embed: usize,
        units: &mut Vec<(Kind, Range<usize>, bool)>,
    ) {
        let mut sentences = std::mem::take(&mut self.sentences);
        sentences.clear();
        self.sentences_of(text, line.clone(), protected, &mut sentences);
        let mut k = 0;
        while k < sentences.len() {
            let hot = sentences[k].1;
            let mut e = k + 1;
            while e < sentences.len() && sentences[e].1 == hot {
                e += 1;
            }
            let range = sentences[k].0.start..sentences[e - 1].0.end;
            if hot {
                self.units_of(text, range, protected, max_embed, units);
            } else {
                self.latin_unit(text, range, protected, max_embed, units);
            }
            k = e;
        }
        self.sentences = sentences;
    }

    /// Splits `line` after each sentence-final mark, marking the sentences that hold CJK
    /// text or letters of a script other than Latin. Consecutive sentences without such
    /// text may come as one: they make one unit anyway, so their ends are judged only
    /// where one of them borders a sentence that has it.
    fn sentences_of(
        &mut self,
        text: &str,
        line: Range<usize>,
        protected: &[Range<usize>],
        out: &mut Vec<(Range<usize>, bool)>,
    ) {
        let b = &text.as_bytes()[..line.end];
        let (mut from, mut hot) = (line.start, false);
        // In Latin text: where the last full-width sentence end seen ends (`．`, `｡`).
        let mut cold_end = from;
        let mut i = line.start;
        while i < line.end {
            // Straight to the next non-ASCII character, or while in a sentence read word by
            // word, to its end (`。！？｡．` start with 0xE3 or 0xEF).
            i = if hot {
                find_any(b, i, [b'.', b'!', b'?', 0xE3, 0xEF], false)
            } else {
                skip_ascii(b, i)
            };
            let Some(&x) = b.get(i) else {
                break;
            };
            let (len, end) = if x < 0x80 {
                let end = self.window_end(text, protected, i);
                (1, end)
            } else {
                let Some(c) = text[i..].chars().next() else {
                    break;
                };
                let cjk = match class(c) {
                    Class::Han | Class::Kana | Class::Hangul | Class::CjkPunct => true,
                    Class::Letter(s) => s != Script::Latin,
                    _ => false,
                };
                if cjk && !hot {
                    // This sentence starts after the last sentence end before it.
                    let start = self.last_end(text, cold_end.max(from)..i, protected);
                    if start > from {
                        out.push((from..start, false));
                    }
                    (from, hot) = (start, true);
                }
                // (Not one inside inline code: `用`。`表示`.)
                let end = cjk_role(c) == Role::Final && !protect::covers(protected, i);
                if end && !hot {
                    cold_end = i + c.len_utf8();
                }
                (c.len_utf8(), end && hot)
            };
            i += len;
            if end {
                out.push((from..i, hot));
                (from, hot) = (i, false);
                cold_end = i;
            }
        }
        if from < line.end {
            out.push((from..line.end, hot));
        }
    }

    /// Whether the `.`, `!` or `?` at byte `p` ends a window of sentences: a sentence end
    /// outside protected tokens, and not right after closed inline code, which the text
    /// after it may take into its clause (`` `x`?底气 ``).
    fn window_end(&mut self, text: &str, protected: &[Range<usize>], p: usize) -> bool {
        let after_code = p > 0
            && text.as_bytes()[p - 1] == b'`'
            && protected.binary_search_by_key(&p, |r| r.end).is_ok();
        !protect::covers(protected, p) && !after_code && self.ends.at(text, p)
    }

    /// Where the last sentence in `range` (Latin text up to a CJK character) ends: after
    /// its last `.`, `!` or `?` that ends a sentence, or at the start of `range`.
    fn last_end(&mut self, text: &str, range: Range<usize>, protected: &[Range<usize>]) -> usize {
        let b = text.as_bytes();
        let mut j = range.end;
        while let Some(p) = memchr::memrchr3(b'.', b'!', b'?', &b[range.start..j]) {
            let p = range.start + p;
            if self.window_end(text, protected, p) {
                return p + 1;
            }
            j = p;
        }
        range.start
    }

    /// Appends the units of `range`, read word by word.
    fn units_of(
        &mut self,
        text: &str,
        range: Range<usize>,
        protected: &[Range<usize>],
        max_embed: usize,
        units: &mut Vec<(Kind, Range<usize>, bool)>,
    ) {
        self.tokenize(text, range.start, range.len(), protected);
        self.mark_japanese(text);
        self.find_clusters(text, protected, max_embed);
        self.build_units(text, units);
    }

    /// Appends the one Latin unit of Latin-only text, if it holds a word: from the word
    /// with its first letter (or URL or path) to the word with its last. Whitespace bounds
    /// every word, so only the text around those two letters is read.
    fn latin_unit(
        &mut self,
        text: &str,
        range: Range<usize>,
        protected: &[Range<usize>],
        max_embed: usize,
        units: &mut Vec<(Kind, Range<usize>, bool)>,
    ) {
        let body = &text[range.clone()];
        // (The letters of a tag are none: text with tags is read word by word; and so is
        // text with backticks, whose inline code may hold the spaces that part the first and
        // last words, `` ` to ` ``.)
        if memchr::memchr(b'`', body.as_bytes()).is_some()
            || memchr::memchr_iter(b'<', body.as_bytes()).any(|p| tag_len(&body[p..]).is_some())
        {
            return self.units_of(text, range, protected, max_embed, units);
        }
        let is_letter = |(_, c): &(usize, char)| {
            c.is_ascii_alphabetic() || (!c.is_ascii() && class(*c) == Class::Letter(Script::Latin))
        };
        // URLs and paths are words too: the first and last that lie inside the range.
        let first_token = protected
            .get(protected.partition_point(|r| r.start < range.start))
            .filter(|r| r.end <= range.end)
            .map(|r| r.start);
        let last_token = protected
            .partition_point(|r| r.end <= range.end)
            .checked_sub(1)
            .map(|k| &protected[k])
            .filter(|r| r.start >= range.start)
            .map(|r| r.end - 1);
        let first_letter = body
            .char_indices()
            .find(is_letter)
            .map(|(i, _)| range.start + i);
        let last_letter = body
            .char_indices()
            .rev()
            .find(is_letter)
            .map(|(i, _)| range.start + i);
        let (Some(first), Some(last)) = (
            first_letter.into_iter().chain(first_token).min(),
            last_letter.into_iter().chain(last_token).max(),
        ) else {
            return;
        };
        let is_space = |b: &u8| matches!(b, b' ' | b'\t');
        let head_end = text.as_bytes()[first..range.end]
            .iter()
            .position(is_space)
            .map_or(range.end, |p| first + p);
        let tail_start = text.as_bytes()[range.start..last]
            .iter()
            .rposition(is_space)
            .map_or(range.start, |p| range.start + p + 1);
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.clear();
        self.units_of(
            text,
            range.start..head_end,
            protected,
            max_embed,
            &mut scratch,
        );
        let start = scratch.first().map(|u| u.1.start);
        scratch.clear();
        self.units_of(
            text,
            tail_start..range.end,
            protected,
            max_embed,
            &mut scratch,
        );
        let end = scratch.last().map(|u| u.1.end);
        if let (Some(start), Some(end)) = (start, end) {
            units.push((Kind::Latin, start..end, false));
        }
        self.scratch = scratch;
    }

    fn tokenize(&mut self, text: &str, start: usize, len: usize, protected: &[Range<usize>]) {
        let line = &text[start..start + len];
        let b = line.as_bytes();
        self.items.clear();
        let at = |p: usize| char_at(line, p);
        // (Formulas are looked for only on a line with a relation's sign.)
        // (`≤ ≥ ≠ ≈ ∈` begin with E2 88 or E2 89, the CJK text's `“ ” — …` with E2 80.)
        let relations = memchr::memchr3(b'=', b'<', b'>', b).is_some()
            || memchr::memchr_iter(0xE2, b).any(|k| {
                matches!(b.get(k + 1), Some(0x88 | 0x89)) && line[k..].starts_with(RELATIONS)
            });
        // URLs, e-mail addresses and paths are one word each.
        let mut next_protected = protected.iter().peekable();
        let mut i = 0;
        while let Some((c, cl)) = at(i) {
            let pos = start + i;
            let mut j = i + c.len_utf8();
            while next_protected.peek().is_some_and(|r| r.end <= pos) {
                next_protected.next();
            }
            if let Some(r) = next_protected.peek().filter(|r| r.start == pos) {
                j = j.max(r.end - start).min(len);
                // (A subtitle's override block is markup, as a tag is: `{\i1}`; and so are
                // its line breaks and hard spaces, `\N`, `\h`.)
                let markup = line[i..].starts_with("{\\")
                    || (j - i == 2 && matches!(&line[i..j], "\\N" | "\\n" | "\\h"));
                self.items.push(Item {
                    start: pos,
                    end: start + j,
                    tok: if markup {
                        Tok::Punct(Role::Other)
                    } else {
                        Tok::Word(Script::Latin)
                    },
                });
                i = j;
                continue;
            }
            let tok = match cl {
                _ if kaomoji_arm(line, i, c, cl) => Tok::Punct(Role::Other),
                Class::Han | Class::Kana => {
                    let mut kana = cl == Class::Kana;
                    loop {
                        if ideograph_at(b, j) {
                            j += 3;
                            continue;
                        }
                        match at(j) {
                            Some((c, Class::Kana)) if kaomoji_arm(line, j, c, Class::Kana) => break,
                            Some((c, cl @ (Class::Han | Class::Kana | Class::Mark))) => {
                                kana |= cl == Class::Kana;
                                j += c.len_utf8();
                            }
                            _ => break,
                        }
                    }
                    Tok::Cjk { kana }
                }
                Class::Hangul => {
                    while let Some((c, Class::Hangul | Class::Mark)) = at(j) {
                        j += c.len_utf8();
                    }
                    Tok::Hangul
                }
                // A formula written without spaces is one term (`已知f(x)=x²-x,求`,
                // `c=4.2J/(kg·K)`), not a run of one-letter English words.
                Class::Letter(_) | Class::Digit
                    if relations && let Some(n) = formula_len(line, i) =>
                {
                    j = i + n;
                    Tok::Word(Script::Latin)
                }
                Class::Letter(_) | Class::Digit => {
                    let mut script = match cl {
                        Class::Letter(s) => Some(s),
                        _ => None,
                    };
                    // The class of the last character taken.
                    let mut last = cl;
                    loop {
                        // ASCII letters and digits, without classifying each.
                        let run = j;
                        while b.get(j).is_some_and(u8::is_ascii_alphanumeric) {
                            j += 1;
                        }
                        if j > run {
                            if script.is_none() && b[run..j].iter().any(u8::is_ascii_alphabetic) {
                                script = Some(Script::Latin);
                            }
                            last = ascii_class(b[j - 1]);
                        }
                        match at(j) {
                            Some((c, cl @ (Class::Letter(_) | Class::Digit | Class::Mark))) => {
                                if let (None, Class::Letter(s)) = (script, cl) {
                                    script = Some(s);
                                }
                                last = cl;
                                j += c.len_utf8();
                            }
                            // (Not a full stop that ends a sentence typed on without a
                            // space: `请升级到v2.3.1.Thanks for reporting!`.)
                            Some((c, cl))
                                if at(j + c.len_utf8())
                                    .is_some_and(|(_, after)| is_connector(last, c, after))
                                    && (c != '·' || unit_dot(b, run, j))
                                    && !(c == '.'
                                        && b.get(j + 1).is_some_and(u8::is_ascii_uppercase)
                                        && self.ends.at(text, start + j)) =>
                            {
                                last = cl;
                                j += c.len_utf8();
                            }
                            _ => break,
                        }
                    }
                    match script {
                        // A Greek letter or two beside Han or in a word with ASCII is a
                        // symbol or a unit of the text around it (`100μg`, `β受体`), not Greek.
                        // (Read on the whole line, as the reading of every sentence is.)
                        Some(Script::Greek)
                            if greek_symbol(
                                &text[self.line.clone()],
                                pos - self.line.start,
                                start + j - self.line.start,
                            ) =>
                        {
                            Tok::Word(Script::Latin)
                        }
                        _ => script.map_or(Tok::Number, Tok::Word),
                    }
                }
                Class::Space => {
                    while let Some((c, Class::Space)) = at(j) {
                        j += c.len_utf8();
                    }
                    Tok::Space
                }
                // Full-width brackets are ASCII brackets to punctuation, which converts
                // one into the other: they must read alike.
                Class::CjkPunct if matches!(c, '（' | '）' | '［' | '］' | '｛' | '｝') => {
                    Tok::Punct(cjk_role(c))
                }
                // An option's full-width stop ends no sentence (`A．北京　B．南京`), as its
                // ASCII one ends none.
                Class::CjkPunct if c == '．' && option_stop(text, pos, '．') => {
                    Tok::CjkPunct(Role::Other)
                }
                Class::CjkPunct => Tok::CjkPunct(cjk_role(c)),
                Class::Punct | Class::Mark | Class::Newline => {
                    // A tag of markup is one neutral token (`<i>`, `</font>`); not a type's
                    // brackets glued to its name (`Option<b>`).
                    if c == '<' && !(i > 0 && b[i - 1].is_ascii_alphanumeric()) {
                        j += tag_len(&line[i..]).map_or(0, |n| n - 1);
                    }
                    Tok::Punct(Role::Other)
                }
            };
            self.items.push(Item {
                start: pos,
                end: start + j,
                tok,
            });
            i = j;
        }
        // Punctuation roles need both neighbours.
        for k in 0..self.items.len() {
            if self.items[k].tok == Tok::Punct(Role::Other) {
                let role = ascii_role(text, &self.items, k, &mut self.ends);
                self.items[k].tok = Tok::Punct(role);
            }
        }
    }

    /// In a sentence with kana, Han is Japanese too; but a Chinese sentence may name a
    /// Japanese word in katakana (`他在东京买了ポケモン的周边`): with characters only Chinese
    /// writes (`买`, `边`, `这`, `们`…; two of them beside hiragana, `我很喜欢さくら这个名字`),
    /// the sentence is Chinese, kana and all.
    fn mark_japanese(&mut self, text: &str) {
        let items = &mut self.items;
        let quoted = &mut self.quoted;
        if !items.iter().any(|it| it.tok == Tok::Cjk { kana: true }) {
            return;
        }
        let mut s = 0;
        while s < items.len() {
            let e = (s..items.len())
                .find(|&k| {
                    matches!(
                        items[k].tok,
                        Tok::Punct(Role::Final) | Tok::CjkPunct(Role::Final)
                    )
                })
                .map_or(items.len(), |k| k + 1);
            if items[s..e]
                .iter()
                .any(|it| it.tok == Tok::Cjk { kana: true })
            {
                // Which quotation each item is in (`「進撃の巨人」`): a quoted Japanese
                // title is no sign of a Japanese sentence.
                let (mut depth, mut count) = (0usize, 0);
                quoted.clear();
                for it in &items[s..e] {
                    match text[it.start..].chars().next() {
                        Some('「' | '『' | '《' | '〈' | '“') => {
                            count += usize::from(depth == 0);
                            depth += 1;
                        }
                        Some('」' | '』' | '》' | '〉' | '”') => {
                            depth = depth.saturating_sub(1)
                        }
                        _ => {}
                    }
                    quoted.push(if depth > 0 { count } else { 0 });
                }
                let chinese = chinese_with_kana(&text[items[s].start..items[e - 1].end]);
                // In a Chinese sentence, a quotation with kana is Japanese, and the others
                // Chinese (`《进击的巨人》和《葬送のフリーレン》`).
                let mut kana_in = vec![false; count + 1];
                for (it, &q) in items[s..e].iter().zip(&*quoted) {
                    kana_in[q] |= q > 0 && it.tok == Tok::Cjk { kana: true };
                }
                for (it, &q) in items[s..e].iter_mut().zip(&*quoted) {
                    if let Tok::Cjk { kana } = &mut it.tok {
                        *kana = !chinese || kana_in[q];
                    }
                }
            }
            s = e;
        }
    }

    fn find_clusters(&mut self, text: &str, protected: &[Range<usize>], max_embed: usize) {
        let items = &self.items;
        self.clusters.clear();
        if !items.iter().any(Item::is_latin) {
            return;
        }
        self.cluster_of.clear();
        self.cluster_of.resize(items.len(), NONE);
        // (Paired when first asked: most lines ask nothing of their brackets.)
        self.brackets.ready = false;
        let brackets = &mut self.brackets;
        let mut k = 0;
        while k < items.len() {
            if !items[k].is_latin() {
                k += 1;
                continue;
            }
            let (first, mut last) = (k, k);
            let mut m = k + 1;
            let no_bracket =
                |r: Range<usize>| items[r].iter().all(|it| bracket(text, it).is_none());
            let left = side(text, items, brackets, first, -1);
            // Words after CJK text in a parenthesis (`（约合 USD 98.6 billion）in 2023`).
            let in_parenthesis = matches!(left, Side::Cjk(j) if no_bracket(j..first));
            let mut depth = 0usize;
            // Clause punctuation ends a cluster, ASCII or full-width alike, so converting
            // one into the other never changes the clusters. So does the bracket closing a
            // parenthesis the cluster is in: the words beyond are outside it. (Not a
            // Markdown link's text, which its target goes on: `详见[官方README](https://…)`.)
            let link_text_ends = |m: usize| {
                text.as_bytes()[items[m].start] == b']' && text[items[m].end..].starts_with('(')
            };
            while m < items.len()
                && (items[m].is_latin() || items[m].is_neutral())
                && items[m].tok != Tok::Punct(Role::Clause)
            {
                match bracket(text, &items[m]) {
                    Some(Role::Open) => depth += 1,
                    Some(_) if depth == 0 && in_parenthesis && !link_text_ends(m) => break,
                    Some(_) => depth = depth.saturating_sub(1),
                    None => {}
                }
                if items[m].is_latin() {
                    last = m;
                }
                m += 1;
            }
            let latin = || (first..=last).filter(|&j| items[j].is_latin());
            // A command-line option (`-r`, `--force`) is not a word of the run.
            // (Read in the text, not the items: a sentence read alone starts where the line
            // does not.)
            let option = |j: usize| {
                let before = &text[..items[j].start];
                let name = before.trim_end_matches('-');
                (1..=2).contains(&(before.len() - name.len()))
                    && name.chars().next_back().is_none_or(char::is_whitespace)
            };
            // Full-width brackets are typed by someone writing Chinese: the words of an
            // expansion in them are counted apart from those before (`LLM（Large Language
            // Model）是…` is a term and its gloss, not a run of four English words).
            // The target of a Markdown link (`[The Rust Book](https://…)`) is no word of
            // the run: the link's text is.
            // (Nor is an e-mail address: a contact's, `请联系HRBP Lisa
            // Wang(lisa.wang@example.com,分机8021)`.)
            let target = |j: usize| {
                text[..items[j].start].ends_with("](")
                    || (protect::covers(protected, items[j].start)
                        && text[items[j].start..items[j].end].contains('@'))
            };
            // Nor is the `x` between the numbers of a dimension (`159.9mm x 76.7mm x 8.25mm`).
            let times = |j: usize| {
                let digit_at = |k: usize| {
                    items
                        .get(k)
                        .is_some_and(|it| text.as_bytes()[it.start].is_ascii_digit())
                };
                &text[items[j].start..items[j].end] == "x"
                    && j >= 2
                    && items[j - 1].tok == Tok::Space
                    && items.get(j + 1).is_some_and(|it| it.tok == Tok::Space)
                    && digit_at(j - 2)
                    && digit_at(j + 2)
            };
            // Nor is an author-year citation in brackets (`Transformer(Vaswani et al.,
            // 2017)提出了`): a reference, as a link's target is.
            // (Looked for only where its year follows the run: `…et al., 2017)`.)
            let after = text[items[last].end..].trim_start_matches('.');
            let cited = if after.starts_with(", 1") || after.starts_with(", 2") {
                text[items[first].start..items[last].end]
                    .find('(')
                    .map(|i| items[first].start + i)
                    .and_then(|at| Some(at..at + citation_len(&text[at..])?))
                    .unwrap_or(0..0)
            } else {
                0..0
            };
            let citation = |j: usize| cited.contains(&items[j].start);
            // Nor are the arguments of a call, a bracket glued to a name that holds no
            // words apart (`len(a)`, `foo(a, b)`), or to a letter, a function of math
            // (`O(n log n)`): code, whatever their words; not an aside (`Sorry(my bad)`).
            // (Most runs hold no bracket at all.)
            let bracketed =
                memchr::memchr(b'(', &text.as_bytes()[items[first].start..items[last].end])
                    .is_some();
            let argument = |j: usize| {
                if !bracketed {
                    return false;
                }
                let b = text.as_bytes();
                let (start, end) = (items[j].start, items[j].end);
                let from = items[first].start.max(start.saturating_sub(64));
                let Some(open) = b[from..start]
                    .iter()
                    .rposition(|&x| matches!(x, b'(' | b')'))
                    .map(|i| from + i)
                    .filter(|&o| b[o] == b'(' && o > 0 && b[o - 1].is_ascii_alphanumeric())
                else {
                    return false;
                };
                let Some(close) = b[end..b.len().min(end + 64)]
                    .iter()
                    .position(|&x| matches!(x, b'(' | b')'))
                    .map(|i| end + i)
                    .filter(|&c| b[c] == b')')
                else {
                    return false;
                };
                let args = &b[open + 1..close];
                let letter_name = open < 2 || !b[open - 2].is_ascii_alphanumeric();
                letter_name
                    || !args.contains(&b' ')
                    || args
                        .split(|&x| x == b',')
                        .all(|a| !a.trim_ascii().contains(&b' '))
            };
            let mut words = 0;
            let mut part = 0;
            for j in first..=last {
                if items[j].is_latin()
                    && !option(j)
                    && !target(j)
                    && !times(j)
                    && !citation(j)
                    && !argument(j)
                {
                    part += 1;
                    words = words.max(part);
                } else if matches!(text[items[j].start..].chars().next(), Some('（' | '）')) {
                    part = 0;
                }
            }
            // Words that fill a pair of quotes or brackets are a title, a quotation or a
            // gloss: one name, whatever its words (`《The Economist》`, `英文名是“The
            // Wandering Earth”`, `「Let It Be」`).
            // (A quotation may end in its sentence's mark: `"Towards … to meter."`; read in the
            // text, as the sentence may end a window of the items.)
            let quote_after_marks = || {
                let end = items[last].end;
                let marks = text.as_bytes()[end..]
                    .iter()
                    .take(4)
                    .take_while(|x| matches!(x, b'.' | b'!' | b'?'))
                    .count();
                let close = end + marks;
                (1..=3).contains(&marks)
                    && matches!(text[close..].chars().next(), Some('"' | '”' | '」' | '』'))
                    && is_pair(text, items[first - 1].start, close)
            };
            // (Numbers after its words are inside too, in brackets glued to the Han they
            // explain, the Chinese sentence going on after them: `去年(in 2020),公司`.)
            let mut inner = last;
            let glued_to_han = first >= 1
                && text[..items[first - 1].start]
                    .chars()
                    .next_back()
                    .is_some_and(is_han);
            let goes_on = |close: &Item| {
                let rest = text[close.end..].trim_start_matches([',', '，', ' ']);
                rest.starts_with(is_han)
            };
            while glued_to_han
                && items
                    .get(inner + 1)
                    .is_some_and(|it| it.tok == Tok::Number || it.tok == Tok::Space)
                && inner - last < 4
            {
                inner += 1;
            }
            if inner > last && !items.get(inner + 1).is_some_and(goes_on) {
                inner = last;
            }
            let wrapped = first >= 1
                && items[first - 1].end == items[first].start
                && (items.get(inner + 1).is_some_and(|after| {
                    let before = &items[first - 1];
                    items[inner].end == after.start
                        && (is_pair(text, before.start, after.start)
                            || (target(last) && text[..items[first].start].ends_with('[')))
                }) || quote_after_marks());
            // Whether it reads as a term matters only for a cluster short enough to embed.
            // A capital letter before `:`, `)`, `.` or `,` (or their full-width forms, which
            // punctuation may make of them) is a label (`Q:`, `A)`, `Plan B.`, `维生素A,`),
            // not the article `A`.
            // So is one before Han, which no English word follows (`A 股`, `I 人`, `C 位`).
            // So is a lowercase one before a clause mark or a bracket, a variable (`设 a，b
            // 为`, `将 i，j 初始化`), and a capital before a bracket, a point (`点 A（1，2）`).
            let label = |j: usize| {
                let after = &text[items[j].end..];
                // (And a list's letter or Roman numeral, `a. 打开电源`, `ii. 政府行为`.)
                if after.starts_with('.')
                    && items[j].end - items[j].start <= 4
                    && is_list_marker(text, items[j].end)
                {
                    return true;
                }
                // (And a list's lowercase letter closed by a bracket, its item Chinese:
                // `a) 顺序栈 b) 链栈`; not the article, nor a letter in brackets.)
                let lone = |c: Option<char>| {
                    c.is_none_or(|c| {
                        c.is_whitespace() || matches!(c, ':' | '：' | '，' | '；' | '。')
                    })
                };
                if items[j].end - items[j].start == 1
                    && text.as_bytes()[items[j].start].is_ascii_lowercase()
                    && lone(text[..items[j].start].chars().next_back())
                    && after
                        .strip_prefix(')')
                        .is_some_and(|r| r.trim_start_matches(' ').starts_with(is_han))
                {
                    return true;
                }
                // (And a number's sign, `(No. 62276123)`, as a grant's number is written.)
                let number = after
                    .strip_prefix(". ")
                    .or_else(|| after.strip_prefix('.'))
                    .is_some_and(|n| n.starts_with(|c: char| c.is_ascii_digit()));
                if number && matches!(&text[items[j].start..items[j].end], "No" | "NO" | "no") {
                    return true;
                }
                let capital = text.as_bytes()[items[j].start].is_ascii_uppercase();
                items[j].end - items[j].start == 1
                    && text.as_bytes()[items[j].start].is_ascii_alphabetic()
                    && match after.chars().next() {
                        // (Or at the line end, a value: `文献标志码：A`.)
                        None
                        | Some(
                            ':' | ')' | '.' | ',' | '：' | '）' | '。' | '．' | '、' | '，' | '\n'
                            | '\r',
                        ) if capital => true,
                        Some(',' | '：' | '，' | '、' | ';' | '；' | '(' | '（') => true,
                        _ => {
                            capital && after.strip_prefix(' ').unwrap_or(after).starts_with(is_han)
                        }
                    }
            };
            // A run of names, every word capitalized but the small words of a title
            // between them (`OpenAI CEO Sam Altman`, `Massachusetts Institute of
            // Technology`), is one name or title, not prose: it may be twice as long, and
            // its small words are no sign of English prose. (So is a brand in mixed case,
            // `iPhone 15 Pro Max`, `macOS Sequoia`.)
            let capitalized = |j: usize| {
                let word = &text[items[j].start..items[j].end];
                word.starts_with(|c: char| c.is_ascii_digit())
                    || word.chars().any(char::is_uppercase)
            };
            let small = |j: usize| {
                j != first
                    && j != last
                    && matches!(
                        &text[items[j].start..items[j].end],
                        "of" | "the"
                            | "and"
                            | "for"
                            | "on"
                            | "at"
                            | "to"
                            | "in"
                            | "with"
                            | "vs"
                            | "a"
                            | "an"
                            | "de"
                            | "du"
                            | "von"
                            | "van"
                    )
            };
            let names = latin()
                .all(|j| option(j) || target(j) || citation(j) || capitalized(j) || small(j));
            // The article that begins a title (`The Wandering Earth`, `A Song of Ice and Fire`).
            let article = |j: usize| {
                j == first
                    && last > first
                    && matches!(&text[items[j].start..items[j].end], "The" | "A" | "An")
            };
            // So may a gloss in brackets glued to the Chinese text it explains
            // (`迷失在中间(lost in the middle)现象`, also past its quotes, `"迷失在中间"(lost
            // in the middle)问题`), and an expansion before its acronym in such brackets
            // (`慢性阻塞性肺疾病(chronic obstructive pulmonary disease, COPD)`).
            let after_han = first >= 1
                && items[first - 1].end == items[first].start
                && matches!(
                    text[items[first - 1].start..].chars().next(),
                    Some('(' | '（')
                )
                && text[..items[first - 1].start]
                    .strip_suffix(['"', '”', '」', '』', '》'])
                    .unwrap_or(&text[..items[first - 1].start])
                    .chars()
                    .next_back()
                    .is_some_and(is_han);
            let acronym_after = || {
                let rest = text[items[last].end..]
                    .trim_start_matches([',', '，'])
                    .trim_start_matches(' ');
                let acronym = rest
                    .bytes()
                    .take_while(|x| x.is_ascii_uppercase() || x.is_ascii_digit())
                    .count();
                acronym >= 2
                    && rest.len() < text.len() - items[last].end
                    && rest[acronym..].starts_with([')', '）'])
            };
            let gloss = after_han && (wrapped || acronym_after());
            // And an acronym's expansion in the brackets after it
            // (`RAG(retrieval augmented generation)技术`), a gloss whatever its words.
            let expansion = {
                let head = &text.as_bytes()[items[first].start..items[first].end];
                head.iter().filter(|x| x.is_ascii_uppercase()).count() >= 2
                    && head
                        .iter()
                        .all(|x| x.is_ascii_uppercase() || x.is_ascii_digit())
                    && text[items[last].end..].starts_with(')')
                    // (Its first word begins with the acronym's letter: not `HR(she said no)`.)
                    && text[items[first].end..]
                        .trim_start_matches([' ', '('])
                        .bytes()
                        .next()
                        .is_some_and(|x| x.eq_ignore_ascii_case(&head[0]))
                    && {
                        // (Glued, or after one space.)
                        let after = &text[items[first].end..];
                        let open = items[first].end + usize::from(after.starts_with(' '));
                        text[open..].starts_with('(') && is_pair(text, open, items[last].end)
                    }
            };
            // And a command with its options (`执行git push origin main --force.`), or one
            // that begins with a command-line program's name and takes a URL or a path
            // (`你试试 npm config set registry https://…`; not an English sentence that
            // begins with the name, `git pull keeps failing 怎么办`, `curl up on the sofa`).
            let command = latin().any(option)
                || (PROGRAMS.contains(&&text[items[first].start..items[first].end])
                    && latin().any(|j| protect::covers(protected, items[j].start)));
            // And a formula: an equation of symbols and calls, not of words (`f(x) = ax +
            // b`, `y = softmax(Wx + b)`).
            let formula = || {
                (first..=last).any(|j| text[items[j].start..].starts_with('='))
                    && latin().all(|j| {
                        items[j].end - items[j].start <= 2 || text[items[j].end..].starts_with('(')
                    })
            };
            // A quotation, not a parenthesis, may be as long as a name (`仍存在"lost in the
            // middle"问题`), unless it is speech: after a verb of saying or a colon, or before
            // its speaker (`他说"I love you so much"`, `推特："so proud of the team"`, `"we
            // will win"，他说`), an English sentence as a quoted sentence is.
            let quotation = wrapped
                && !matches!(
                    text[items[first - 1].start..].chars().next(),
                    Some('(' | '[' | '（' | '［' | '【')
                );
            let speech = || {
                const SAYS: [char; 13] = [
                    '说', '道', '问', '答', '喊', '称', '示', '写', '言', '曰', '唱', '：', ':',
                ];
                let after = text[items[last].end..].trim_start_matches(['.', '!', '?']);
                let after = after.strip_prefix(['"', '”', '」', '』']).unwrap_or(after);
                let attributed = after.strip_prefix(['，', ',']).is_some_and(|rest| {
                    let clause = rest.split(['。', '！', '？', '，']).next().unwrap_or("");
                    clause.chars().count() <= 12 && clause.contains(['说', '道'])
                });
                text[..items[first - 1].start].trim_end().ends_with(SAYS) || attributed
            };
            let phrase = quotation && !speech();
            let fits = words
                <= if names || gloss || command || expansion || phrase || formula() {
                    2 * max_embed
                } else {
                    max_embed
                };
            // (A verb of saying after a quotation is English prose too: `"…," said Li Qiang.`;
            // not a word named in Chinese, `said和told的区别`. So is one that ends an
            // attribution after a comma, at the sentence's end: `…同比增长, analysts said.`,
            // `…很多, customs data showed.`)
            let after_quote = text[..items[first].start]
                .trim_end()
                .ends_with(['"', '”', '’', '\'', '」', '』']);
            let lead = &text[..items[first].start];
            let attribution = (lead.ends_with(", ") || lead.ends_with('，')) && {
                let rest = &text[items[last].end..];
                match rest.strip_prefix('.') {
                    Some(r) => r.is_empty() || r.starts_with([' ', '\n', '\r']),
                    None => rest.is_empty() || rest.starts_with(['\n', '\r']),
                }
            };
            // (So is a speaker and the verb of saying before the colon that quotes them: `Wang
            // Yi said: “中美关系…”`, `Beijing warned: 坚决反对…`.)
            // (It begins its line or follows an English sentence's end: in a Chinese
            // sentence it is a lead-in, `据新华社报道，Wang Yi said：`.)
            let quotes_next = text[items[last].end..]
                .trim_start_matches(' ')
                .starts_with([':', '：'])
                && {
                    let before = &text[..items[first].start];
                    let mut from = before.len().saturating_sub(256);
                    while !before.is_char_boundary(from) {
                        from += 1;
                    }
                    let near = &before[from..];
                    let line = &near[near.rfind('\n').map_or(0, |i| i + 1)..];
                    let t = line.trim_end();
                    t.trim_start_matches(['-', '*', '>', ' ']).is_empty()
                        || t.ends_with(['.', '!', '?'])
                };
            let said = |j: usize| {
                let word = &text[items[j].start..items[j].end];
                (quotes_next
                    && j == last
                    && j > first
                    && matches!(
                        word,
                        "said"
                            | "says"
                            | "added"
                            | "noted"
                            | "wrote"
                            | "stated"
                            | "warned"
                            | "asked"
                            | "replied"
                            | "explained"
                            | "stressed"
                            | "declared"
                            | "announced"
                            | "tweeted"
                    ))
                    || (after_quote
                        && matches!(
                            word,
                            "said"
                                | "says"
                                | "asked"
                                | "added"
                                | "told"
                                | "noted"
                                | "replied"
                                | "wrote"
                                | "explained"
                                | "stated"
                        ))
                    || (attribution
                        && j == last
                        && j > first
                        && matches!(
                            word,
                            "said"
                                | "says"
                                | "added"
                                | "noted"
                                | "wrote"
                                | "stated"
                                | "explained"
                                | "showed"
                                | "found"
                                | "warned"
                                | "reported"
                                | "argued"
                                | "claimed"
                                | "estimated"
                        ))
            };
            // (And so is a site's footer: `某某科技 All rights reserved.`)
            let reserved = |j: usize| {
                j == last
                    && j >= 2
                    && text[items[j].start..items[j].end].eq_ignore_ascii_case("reserved")
                    && text[items[j - 2].start..items[j - 2].end].eq_ignore_ascii_case("rights")
            };
            let term_like = fits
                && (wrapped
                    || expansion
                    || !latin().any(|j| {
                        !(label(j)
                            || citation(j)
                            || argument(j)
                            || (names && (small(j) || article(j))))
                            && (is_english_function_word(&text[items[j].start..items[j].end])
                                || said(j)
                                || reserved(j))
                    }));
            // (So is one that a possessive's `s` begins after a Chinese name, English grammar,
            // and two words or more go on: `比亚迪's shares rose 3%.`; not `张三's idea很好`.)
            let possessive = || {
                &text[items[first].start..items[first].end] == "s"
                    && latin().nth(2).is_some()
                    && text[..items[first].start]
                        .strip_suffix(['\'', '’'])
                        .is_some_and(|h| h.ends_with(is_han))
            };
            let english = !wrapped
                && (reserved(last)
                    || ((after_quote || attribution || quotes_next) && latin().any(said))
                    || possessive());
            let idx = self.clusters.len();
            for slot in &mut self.cluster_of[first..=last] {
                *slot = idx;
            }
            let plain_end = plain_word(&text[items[last].start..items[last].end]);
            let named = first == last && {
                let before = &text[..items[first].start];
                let after = &text[items[last].end..];
                before.strip_suffix(' ').unwrap_or(before).ends_with(is_han)
                    || after.strip_prefix(' ').unwrap_or(after).starts_with(is_han)
            };
            // Beyond the bracket that ends the parenthesis the text is outside it, not a
            // side of the cluster (`billion（约合 USD 98.6 billion）in 2023`).
            let right = if in_parenthesis && bracket_beside(text, items, last, 1) {
                Side::Edge
            } else {
                side(text, items, brackets, last, 1)
            };
            self.clusters.push(Cluster {
                first,
                last,
                words,
                fits,
                term_like,
                english,
                plain_end,
                quotation,
                gloss,
                named,
                left,
                right,
                absorbed: false,
            });
            k = last + 1;
        }
        self.mark_quoted_sentences(text);
        // Whether the line is English prose decides for clusters beside Chinese text only.
        // (Asked for every such cluster, so that a sentence read alone asks as its line
        // does.)
        let beside_chinese = |s: Side| matches!(s, Side::Cjk(_) | Side::ZhPunct | Side::Gloss(_));
        if self.latin_line.is_none()
            && self
                .clusters
                .iter()
                .any(|c| beside_chinese(c.left) || beside_chinese(c.right))
        {
            let english = &mut self.english;
            let english = || *english.get_or_insert_with(|| is_english_document(text));
            self.latin_line = Some(is_latin_line(text, self.line.clone(), protected, english));
        }
        // Clusters in a list (`GPT-5、Claude、Gemini`) are absorbed when their neighbours
        // are. Absorption only grows as more clusters are absorbed, so the clusters absorbed
        // in the end are the least fixed point, however the rule is applied: a cluster is
        // asked again only when a neighbour (the only clusters a list side can name) joins.
        let n = self.clusters.len();
        let mut absorbed = std::mem::take(&mut self.absorbed);
        let mut pending = std::mem::take(&mut self.pending);
        absorbed.clear();
        absorbed.resize(n, false);
        pending.clear();
        pending.extend((0..n).rev());
        while let Some(c) = pending.pop() {
            if absorbed[c] || !self.absorbs(text, c, &absorbed) {
                continue;
            }
            absorbed[c] = true;
            if c + 1 < n && !absorbed[c + 1] {
                pending.push(c + 1);
            }
            if c > 0 && !absorbed[c - 1] {
                pending.push(c - 1);
            }
        }
        for (c, &a) in self.clusters.iter_mut().zip(&absorbed) {
            c.absorbed = a;
        }
        self.absorbed = absorbed;
        self.pending = pending;
    }

    /// Clusters that fill a pair of quotes, apart only by clause punctuation, with a
    /// sentence mark before the closing quote, are an English sentence quoted whole
    /// (`说："Stay hungry, stay foolish."`), not terms, whatever their words.
    fn mark_quoted_sentences(&mut self, text: &str) {
        let items = &self.items;
        let before = |k: usize| text[..items[k].start].chars().next_back();
        let mut c = 0;
        while c < self.clusters.len() {
            let first = self.clusters[c].first;
            let mut e = c;
            // The next cluster follows after clause marks and spaces only.
            while e + 1 < self.clusters.len()
                && text[items[self.clusters[e].last].end..items[self.clusters[e + 1].first].start]
                    .chars()
                    .all(|ch| matches!(ch, ',' | ';' | ' '))
            {
                e += 1;
            }
            let last = self.clusters[e].last;
            let after = &text[items[last].end..];
            let marks = after.len() - after.trim_start_matches(['.', '!', '?']).len();
            let quoted = matches!(before(first), Some('"' | '“'))
                && marks > 0
                && after[marks..].starts_with(['"', '”']);
            let words: usize = self.clusters[c..=e].iter().map(|cl| cl.words).sum();
            if quoted && words >= 2 {
                for cl in &mut self.clusters[c..=e] {
                    cl.term_like = false;
                }
            }
            c = e + 1;
        }
    }

    /// The embedding rule: does cluster `c` join the Chinese span around it?
    fn absorbs(&self, text: &str, c: usize, absorbed: &[bool]) -> bool {
        let cl = &self.clusters[c];
        if !cl.fits || cl.english {
            return false;
        }
        if cl.internal() {
            return self.joins_between(cl);
        }
        // In English prose, words glued to no CJK text that run from Chinese text to the
        // sentence's end, begun with a plain lowercase word (after a gloss in full-width
        // brackets, if any), go on the English sentence that the Chinese is a name in: `In
        // 2023, 腾讯 posted record revenue.`, `腾讯（Tencent） posted…`, `The phrase 躺平 means
        // lying flat.`
        if self.latin_line == Some(true)
            && cl.right == Side::Edge
            && matches!(cl.left, Side::Cjk(j) if self.name_in_english(text, j, cl))
            && self.continues_english(text, cl)
        {
            return false;
        }
        // Words listed with the enumeration comma, which only Chinese writes, are items of a
        // Chinese list: with Han or an item taken in on one side and the list or Han on the
        // other, they are as words between Han (`包括cost of living、quality of life等`).
        let items = &self.items;
        // The text between the cluster and the cluster at item `m` beyond clause punctuation.
        let gap = |m: usize| {
            if m < cl.first {
                &text[items[m].end..items[cl.first].start]
            } else {
                &text[items[cl.last].end..items[m].start]
            }
        };
        let listed = |s: Side| match s {
            Side::List(m) => gap(m).contains('、'),
            _ => false,
        };
        let begins_in_chinese = || {
            let b = &text.as_bytes()[self.line.clone()];
            b.iter()
                .find(|&&x| is_letter_byte(x) || is_ideograph_lead(x))
                .is_some_and(|&x| x >= 0x80)
        };
        let bracket_between =
            |m: usize| gap(m).contains(['(', ')', '（', '）', '[', ']', '【', '】']);
        let held = |s: Side| match s {
            Side::Cjk(_) => true,
            Side::List(m) => listed(s) && absorbed[self.cluster_of[m]],
            _ => false,
        };
        if (held(cl.left) || held(cl.right))
            && (held(cl.left) || listed(cl.left))
            && (held(cl.right) || listed(cl.right))
        {
            return self.joins_between(cl);
        }
        // In a line begun in Chinese, a few lowercase words that open a clause and go on
        // into its Chinese are a term of it, as between Han (`涨了，all in了`, `好的，by the
        // way明天见`).
        if cl.left == Side::ZhPunct
            && matches!(cl.right, Side::Cjk(_))
            && cl.words <= 3
            && self.latin_line != Some(true)
            && text.as_bytes()[items[cl.first].start].is_ascii_lowercase()
            && begins_in_chinese()
        {
            return true;
        }
        let chinese = |s: Side| match s {
            Side::Cjk(_) => true,
            // A Chinese clause beyond clause punctuation in an English line is one of its
            // leftovers, and the cluster ends the English clause before it (`Poor Reynolds,
            // 宝琴一掷…`); in a Chinese line it is a term of the Chinese sentence.
            Side::ZhPunct | Side::Gloss(_) => self.latin_line != Some(true),
            // (Not one across a bracket in a line begun in English, whose words are a
            // name's gloss, before the English sentence's lowercase words: `The firm,
            // 阿里巴巴 (Alibaba), reported strong results.`; names go on a list, `AI 三巨头是
            // 谷歌（Google）, OpenAI`.)
            Side::List(m) => {
                absorbed[self.cluster_of[m]]
                    && (!bracket_between(m)
                        || begins_in_chinese()
                        || !text.as_bytes()[items[cl.first].start].is_ascii_lowercase())
            }
            Side::Edge => false,
        };
        // At a clause or sentence edge, English prose (`The door closed, 再看时…`) is not
        // absorbed, only names and terms; nor is a term in a clause after English prose
        // (`he said: Tom lifted 春燕…`), which continues an English sentence.
        // (A gloss is its name's, whatever the clause after it: a quotation its colon
        // introduces is the speaker's, `黄仁勋（Jensen Huang）：“The more you buy…”`.)
        // (And so is a name glued after Chinese text, the speaker in a Chinese lead-in:
        // `赛后Klopp:"It was a proper fight."`.)
        // (Not a label of a log, a message or a key: `错误信息Error:"File not found."`.)
        let speaker = || {
            cl.gloss
                || (matches!(cl.left, Side::Cjk(_)) && {
                    let name = &text[items[cl.first].start..items[cl.last].end];
                    !LABEL_WORDS.iter().any(|w| w.eq_ignore_ascii_case(name))
                })
        };
        let prose = |s: Side| {
            matches!(s, Side::List(m) if {
                let d = &self.clusters[self.cluster_of[m]];
                let quoted = || {
                    let gap = &text[items[cl.last].end..items[m].start];
                    gap.contains(['：', ':']) && gap.ends_with(['“', '"', '「', '『'])
                };
                !(self.reads_as_term(d) || (m > cl.last && quoted() && speaker()))
            })
        };
        // (In a Chinese line a cluster that ends a Chinese clause begun right before it, at
        // clause punctuation or a sentence end, is the clause's, whatever its words:
        // `出现404 Not Found,怎么办`, `点击Sign in,然后`; not one in quotes or brackets,
        // which may be a sentence quoted whole.)
        // (A line begun in English may go on in it: `See section 三.实验结果 for details.`)
        // (Or begun in a term that the Chinese clause takes in: `PyTorch训练时报CUDA out of
        // memory，怎么办`.)
        // (A term of one or two words, glued or spaced, is such a beginning, read from the
        // line's text alone, as a sentence read alone reads it.)
        let begins_in_term = || {
            let line = text[self.line.clone()].trim_start();
            let run = &line[..line.bytes().take(64).take_while(u8::is_ascii).count()];
            let term = run.trim_end();
            run.len() < line.len()
                && line[run.len()..].starts_with(is_han)
                && term.starts_with(|c: char| c.is_ascii_alphabetic())
                && term.bytes().all(|x| x.is_ascii_alphanumeric() || x == b' ')
                && term.matches(' ').count() <= 1
                && !has_function_words(term, 1)
        };
        let ends_chinese_clause =
            self.closes_chinese_clause(text, cl) && (begins_in_chinese() || begins_in_term());
        // (A term after a Chinese clause, not a word, ends that clause whatever English
        // follows its mark: `公司计划明年完成IPO, though…`.)
        // (Not a plain word, which English text goes on in: `营收达到 $5.2 billion, up 18%`;
        // nor after a verb of saying or being, which may quote the English sentence that the
        // word begins: `这句话的意思是Listen, this is important.`)
        // (And the English after its mark goes on a sentence, not one the term begins, with
        // a word that joins a clause: `IPO, though…`, `Kubernetes, adding that…`; not
        // `工作 Apple, however, disagreed`.)
        let continued = || {
            let rest = text[items[cl.last].end..].trim_start_matches([',', '，', ' ']);
            let word = &rest[..rest.bytes().take_while(u8::is_ascii_lowercase).count()];
            matches!(
                word,
                "though"
                    | "although"
                    | "while"
                    | "whereas"
                    | "which"
                    | "but"
                    | "and"
                    | "so"
                    | "adding"
                    | "saying"
                    | "noting"
                    | "citing"
                    | "according"
                    | "as"
                    | "despite"
                    | "because"
                    | "since"
                    | "after"
                    | "before"
                    | "when"
                    | "where"
                    | "even"
                    | "if"
                    | "unless"
                    | "with"
            )
        };
        let after_clause = || {
            !cl.plain_end
                && continued()
                && matches!(cl.left, Side::Cjk(j) if {
                    let run = &text[items[j].start..items[j].end];
                    run.chars().filter(|&c| is_han(c)).count() > WORD_HAN
                        && !run.ends_with(['说', '问', '道', '答', '是', '曰'])
                })
        };
        // (A word after the Chinese before it (spaced from it by cleaning) and glued to its
        // clause mark is that clause's last word, the English after the mark a clause of
        // its own, as code-switching chat types it: `今天跑了5km,not bad`, `这周要ship,no
        // excuses`; a number with its unit also before a space, `跑了5km, not bad`. Not a word quoted after a verb of saying or
        // being, which may begin the English sentence: `意思是Listen, this is…`.)
        // (Not a capitalized word, which may begin what is said, `回复Thanks,will do`, or a
        // name its apposition follows, `北京Beijing,capital of China`; nor the first item of
        // an English list, `安装numpy,pandas and matplotlib`.)
        let glued_word = || {
            let (start, end) = (items[cl.first].start, items[cl.last].end);
            let after = text[end..].chars().next();
            let word = &text.as_bytes()[start..end];
            let number = word[0].is_ascii_digit();
            let list = || {
                let rest = text[end..].trim_start_matches([',', '，', ';', '；', ' ']);
                let mut words = rest.split([' ', ',']).filter(|w| !w.is_empty()).take(3);
                words.any(|w| matches!(w, "and" | "or" | "&"))
                    || rest
                        .trim_start_matches(|c: char| c.is_ascii_alphanumeric() || c == '-')
                        .starts_with(',')
            };
            cl.words == 1
                && !capitalized(word)
                && !list()
                && matches!(cl.left, Side::Cjk(j) if matches!(&text[items[j].end..start], "" | " ") && {
                    let han = &text[items[j].start..items[j].end];
                    han.ends_with(is_han)
                        && (number
                            || !han.ends_with(['说', '问', '道', '答', '是', '曰', '为', '叫']))
                })
                && after.is_some_and(|c| {
                    matches!(c, ',' | '，' | ';' | '；')
                        && (number
                            || text[end + c.len_utf8()..]
                                .starts_with(|c: char| c.is_ascii_alphabetic()))
                })
        };
        if !(self.reads_as_term(cl) || ends_chinese_clause)
            || !(chinese(cl.left) || chinese(cl.right))
            || prose(cl.left)
            || (prose(cl.right) && !after_clause() && !glued_word())
        {
            return false;
        }
        // In English prose, words before a Chinese clause (and after no Chinese) that end
        // in a plain lowercase word end the English sentence (`Lord Henry watched 于是入门…`,
        // `gold使人…`); a name or a number begins the Chinese one (`iOS 26.2 更新之后`).
        if self.latin_line == Some(true)
            && matches!(cl.right, Side::Cjk(_))
            && !chinese(cl.left)
            && cl.plain_end
        {
            return false;
        }
        // Nor do words that begin a sentence of a line begun in English, parted from the
        // Chinese clause after them by a comma and a space as English is typed, when they
        // follow English text or begin a sentence of it, capitalized and ending in a plain
        // lowercase word (`August. According to Reuters, 海关…`, `Analysts said, 海关…`):
        // an English lead-in, not a term of the Chinese clause (`iPhone, 好开心`, `deep
        // learning, 即深度学习`).
        // (A number after its verb is the clause's too: `Profit rose 8%, 主要得益于…`.)
        // (A verb's: `rose`, `grew`, `jumped`; not a label's, `Exit code 137, 内存不够`,
        // `Batch size 32, 学习率…`.)
        let verb = || {
            let w = &text[items[cl.last].start..items[cl.last].end];
            (w.len() >= 4 && w.ends_with("ed")) || LEAD_VERBS.contains(&w)
        };
        let after_number = || {
            let rest = &text[items[cl.last].end..];
            let Some(n) = rest.strip_prefix(' ').filter(|_| verb()) else {
                return rest;
            };
            let n = n.strip_prefix('$').unwrap_or(n);
            let number = &n[..n
                .bytes()
                .take(32)
                .take_while(|x| x.is_ascii_digit() || matches!(x, b'.' | b','))
                .count()];
            let tail = &n[number.trim_end_matches([',', '.']).len()..];
            match n.as_bytes().first() {
                Some(x)
                    if x.is_ascii_digit() && !tail.starts_with(|c: char| c.is_alphanumeric()) =>
                {
                    tail.strip_prefix('%').unwrap_or(tail)
                }
                _ => rest,
            }
        };
        if cl.left == Side::Edge
            && cl.right == Side::ZhPunct
            // (Or a verb and a full-width comma, as machine translation types it: `Analysts
            // said，海关…`; a term's is Chinese, `Deep learning，即深度学习`.)
            && (after_number().starts_with(", ")
                || (verb() && after_number().starts_with('，')))
            && !begins_in_chinese()
            && ((cl.words >= 2
                && cl.plain_end
                && text.as_bytes()[items[cl.first].start].is_ascii_uppercase())
                || text.as_bytes()[self.line.start..items[cl.first].start]
                    .iter()
                    .any(u8::is_ascii_alphabetic))
        {
            return false;
        }
        self.no_way_back(text, cl.first, cl.left, -1)
            && self.no_way_back(text, cl.last, cl.right, 1)
    }

    /// Whether a cluster ends a Chinese clause begun right before it, at clause punctuation
    /// or a sentence end, in a line that is not English prose (`出现404 Not Found,怎么办`).
    /// (Not an English sentence spaced after it, capitalized, with a function word, that
    /// ends the sentence: its translation, as bilingual subtitles write it, `我不知道 I
    /// don't know.`)
    fn closes_chinese_clause(&self, text: &str, cl: &Cluster) -> bool {
        let items = &self.items;
        let translation = |gap: &str| {
            let words = &text[items[cl.first].start..items[cl.last].end];
            let first = &words[..words.find(' ').unwrap_or(words.len())];
            // (A title is a name, its words capitalized but the small ones: `返回 HTTP 429
            // Too Many Requests。`, `唱了 I Will Survive.`, `We Are the Champions.`.)
            // (Two words are a title, as a button or a status is named, `点击Sign In.`,
            // `Not Found.`, `Contact Us.`; not what is said, begun by its subject or a
            // question's word, `I'm Fine.`, `What Happened?`, or a greeting or a reply,
            // `谢谢 Thank You.`, `Got It.`, `No Problem.`.)
            let count = words.split(' ').filter(|w| !w.is_empty()).count();
            let said = || {
                let lower = words
                    .trim_end_matches(|c: char| !c.is_ascii_alphabetic())
                    .to_ascii_lowercase()
                    .replace('’', "'");
                let first = lower.split(' ').next().unwrap_or("");
                matches!(
                    first.split('\'').next().unwrap_or(first),
                    "i" | "we" | "he" | "she" | "they" | "what" | "how" | "why" | "who" | "yes"
                ) || matches!(
                    lower.as_str(),
                    "thank you"
                        | "thanks all"
                        | "see you"
                        | "got it"
                        | "miss you"
                        | "love you"
                        | "me too"
                        | "no problem"
                        | "no way"
                        | "good job"
                        | "well done"
                )
            };
            let lowercase = count < 2
                || (count == 2 && said())
                || words.split(' ').any(|w| {
                    w.starts_with(|c: char| c.is_ascii_lowercase())
                        && !matches!(
                            w,
                            "a" | "an"
                                | "the"
                                | "of"
                                | "in"
                                | "on"
                                | "at"
                                | "to"
                                | "for"
                                | "by"
                                | "and"
                                | "or"
                                | "with"
                                | "from"
                        )
                });
            gap.starts_with(' ')
                && cl.right == Side::Edge
                && !text[items[cl.last].end..].starts_with(['。', '！', '？'])
                && words.starts_with(|c: char| c.is_ascii_uppercase())
                && lowercase
                && (first == "I" || first.contains(['\'', '’']) || has_function_words(words, 1))
        };
        self.latin_line != Some(true)
            && matches!(cl.left, Side::Cjk(j) if {
                let gap = &text[items[j].end..items[cl.first].start];
                gap.is_ascii() && !gap.contains(['"', '\'', '(', '[', '<', '`']) && !translation(gap)
            })
            && match cl.right {
                Side::ZhPunct => true,
                // (A sentence end, not the line's: `第二行 with English` may go on in it.)
                Side::Edge => text[items[cl.last].end..]
                    .trim_start_matches(' ')
                    .starts_with(['。', '！', '？', '.', '!', '?']),
                _ => false,
            }
    }

    /// Whether a cluster reads as a name or term, not as English prose: by its words, or as
    /// a single word named in a Chinese line.
    fn reads_as_term(&self, cl: &Cluster) -> bool {
        cl.term_like || (cl.named && self.latin_line != Some(true))
    }

    /// Whether the Han item `j` before a cluster, apart from it, is a name standing in
    /// English text: a word's length of ideographs, right after no number, with no CJK
    /// text before it in its sentence (`先 commit 再 push.` is Chinese), and no
    /// CJK mark ending the sentence after the cluster (`对应 1-2 个 token。` is a
    /// Chinese sentence's end).
    fn name_in_english(&self, text: &str, j: usize, cl: &Cluster) -> bool {
        let items = &self.items;
        let mut before = items[..j]
            .iter()
            .rev()
            .filter(|it| it.tok != Tok::Space)
            .take_while(|it| {
                !matches!(it.tok, Tok::Punct(Role::Final) | Tok::CjkPunct(Role::Final))
            });
        items[j].end < items[cl.first].start
            && text[items[j].start..items[j].end].chars().count() <= WORD_HAN
            && before
                .next()
                .is_none_or(|it| it.tok != Tok::Number && !it.is_host())
            && before.all(|it| !it.is_host())
            && !text[items[cl.last].end..]
                .trim_start_matches(' ')
                .starts_with(['。', '！', '？'])
    }

    /// Whether a cluster's words, past a gloss in full-width brackets that begins it
    /// (`Tencent） posted record revenue`), begin with a plain lowercase word: English
    /// grammar going on, not a name or a term.
    fn continues_english(&self, text: &str, cl: &Cluster) -> bool {
        let items = &self.items;
        let run = &text[items[cl.first].start..items[cl.last].end];
        let rest = run.rfind('）').map_or(run, |k| &run[k + '）'.len_utf8()..]);
        let word = rest.trim_start_matches(' ');
        let word = &word[..word.find(' ').unwrap_or(word.len())];
        !word.is_empty() && plain_word(word)
    }

    /// Whether a cluster between CJK text of one clause joins it. In English prose the
    /// Chinese text is islands, and English words between two of them are the sentence's
    /// own (`He bought 3 本书 and 2 支笔`), unless they read as a term.
    fn joins_between(&self, cl: &Cluster) -> bool {
        cl.term_like || self.latin_line != Some(true)
    }

    /// Walking away from a cluster across the Chinese text on one side: true when that text
    /// reaches a clause or sentence edge before any English prose of the sentence.
    /// The walk starts at the cluster's item `from`.
    fn no_way_back(&self, text: &str, from: usize, side: Side, step: isize) -> bool {
        if !matches!(side, Side::Cjk(_)) {
            return true;
        }
        let items = &self.items;
        let outward = if step > 0 { Role::Close } else { Role::Open };
        // Brackets entered on the way, not yet left, and whether CJK text was passed.
        let mut depth = 0usize;
        let mut host = false;
        let mut m = from;
        loop {
            let Some(next) = m.checked_add_signed(step).filter(|&n| n < items.len()) else {
                return true;
            };
            m = next;
            let it = &items[m];
            // Clause punctuation is an edge, and so is the bracket of a parenthesis the
            // cluster is in: what lies beyond is outside it.
            match bracket(text, it) {
                Some(r) if r == outward => match depth.checked_sub(1) {
                    Some(d) => depth = d,
                    None if host => return true,
                    // A gloss in brackets beside the CJK text (`内卷 (involution)`).
                    None => {}
                },
                Some(_) => depth += 1,
                // (The marks of a parenthesis passed on the way are its own:
                // `Registration (hukou, 户口) System`.)
                None if depth > 0
                    && matches!(it.tok, Tok::Punct(r) | Tok::CjkPunct(r) if r != Role::Final) =>
                {
                    continue;
                }
                // In English prose, English words after the clause mark continue the
                // sentence (`Tencent 腾讯, the gaming giant, reported`); before it they
                // end a clause that the Chinese one follows (`on the website, 媒体垂询请联系
                // press@…`).
                None if it.tok == Tok::Punct(Role::Clause) => {
                    return step < 0
                        || self.latin_line != Some(true)
                        || !self.prose_beyond(text, m, step);
                }
                None => host |= it.is_host(),
            }
            if it.is_host() || it.is_neutral() {
                continue;
            }
            if !it.is_latin() {
                return true;
            }
            let d = &self.clusters[self.cluster_of[m]];
            // Quoted speech or a title is passed over: `Tim Cook说"This is the best iPhone
            // ever"。` is a Chinese sentence whatever it quotes.
            if d.quotation {
                m = if step > 0 { d.last } else { d.first };
                continue;
            }
            if d.internal() {
                if !d.fits || !self.joins_between(d) {
                    return false;
                }
                m = if step > 0 { d.last } else { d.first };
                continue;
            }
            // Another cluster between Chinese text and an edge: the sentence is Chinese
            // only if that one does not read as English prose either, and in a line of
            // English prose it is English, the Chinese text between them its island
            // (`Shares of Tencent 腾讯 rose 3%`).
            // (Not one inside a parenthesis: `Twitter（现在叫 X）上`.) One that ends the
            // Chinese clause is the clause's, whatever its words (`PyTorch训练时报CUDA out of
            // memory，怎么办`).
            return (d.fits
                && self.reads_as_term(d)
                && (depth > 0 || self.latin_line != Some(true)))
                || (step > 0 && self.closes_chinese_clause(text, d));
        }
    }

    /// Whether the first word past item `from` in direction `step` (spaces and other neutral
    /// characters aside) belongs to a cluster that reads as English prose.
    fn prose_beyond(&self, text: &str, from: usize, step: isize) -> bool {
        let mut m = from;
        while let Some(n) = m.checked_add_signed(step).filter(|&n| n < self.items.len()) {
            m = n;
            let it = &self.items[m];
            if it.is_latin() {
                // (A quotation after a colon is what the Chinese clause quotes: `Sam Altman
                // 在X上表示:"Towards …"`.)
                let d = &self.clusters[self.cluster_of[m]];
                let colon = step > 0 && &text[self.items[from].start..self.items[from].end] == ":";
                return !(d.term_like || (d.quotation && colon));
            }
            if !it.is_neutral() {
                return false;
            }
        }
        false
    }

    /// The kind of the text an absorbed cluster is embedded in (Chinese, Japanese, Korean):
    /// that of the text its left side found, else its right side (beyond clause marks for
    /// [`Side::ZhPunct`]).
    fn host_of(&self, cl: &Cluster) -> Kind {
        let items = &self.items;
        let host = |j: &usize| items[*j].is_host();
        let left = match cl.left {
            Side::Cjk(j) | Side::Gloss(j) => Some(j),
            Side::ZhPunct => (0..cl.first).rev().find(host),
            _ => None,
        };
        let right = || match cl.right {
            Side::Cjk(j) | Side::Gloss(j) => Some(j),
            Side::ZhPunct => (cl.last + 1..items.len()).find(host),
            _ => None,
        };
        left.or_else(right)
            .map_or(Kind::Zh, |j| items[j].host_kind())
    }

    /// The runs of one language in the line, in order, with whether each is embedded.
    fn build_units(&self, text: &str, units: &mut Vec<(Kind, Range<usize>, bool)>) {
        let items = &self.items;
        let mut k = 0;
        while k < items.len() {
            let it = &items[k];
            let kind = match it.tok {
                Tok::Cjk { kana: false } => Kind::Zh,
                Tok::Cjk { kana: true } => Kind::Ja,
                Tok::Hangul => Kind::Ko,
                Tok::Word(Script::Latin) => {
                    let cl = &self.clusters[self.cluster_of[k]];
                    // Symbols glued to the words belong to them: `C++`, `%d`, `US$`; not a
                    // dash or an ellipsis, which parts them from the text around
                    // (`架构——Transformer`, `…Python…`).
                    let glued = |it: &Item| {
                        it.tok == Tok::Punct(Role::Other)
                            && !matches!(
                                text[it.start..].chars().next(),
                                Some('\u{2012}'..='\u{2015}' | '\u{2026}')
                            )
                    };
                    // (A tilde after a number joins a range to it: `20~40mg`.)
                    let range_sign = |j: usize| {
                        text[items[j].start..].starts_with(['~', '～'])
                            && j > 0
                            && items[j - 1].tok == Tok::Number
                            && items[j - 1].end == items[j].start
                    };
                    let mut first = cl.first;
                    while first > 0
                        && glued(&items[first - 1])
                        && items[first - 1].end == items[first].start
                        && !range_sign(first - 1)
                    {
                        first -= 1;
                    }
                    // And a number glued after such a symbol: `node@18`, `foo==2.3.1`.
                    // (Not a separator that ends the run, a slash, a tilde or a times sign
                    // before Chinese text: `iPad Pro/华为`, `nice~推荐`, `长20cm×宽`.)
                    let separator = |j: usize| {
                        matches!(
                            text[items[j].start..].chars().next(),
                            Some('/' | '~' | '～' | '×')
                        ) && items.get(j + 1).is_none_or(|next| {
                            next.start > items[j].end
                                || !matches!(next.tok, Tok::Number | Tok::Word(_))
                        })
                    };
                    let mut last = cl.last;
                    while last + 1 < items.len()
                        && (glued(&items[last + 1])
                            || (items[last + 1].tok == Tok::Number && glued(&items[last])))
                        && items[last].end == items[last + 1].start
                        && !separator(last + 1)
                    {
                        last += 1;
                    }
                    let range = items[first].start..items[last].end;
                    let embedded = cl.absorbed;
                    let kind = if embedded {
                        self.host_of(cl)
                    } else {
                        Kind::Latin
                    };
                    units.push((kind, range, embedded));
                    k = last + 1;
                    continue;
                }
                Tok::Word(s) => Kind::Letters(s),
                _ => {
                    k += 1;
                    continue;
                }
            };
            units.push((kind, it.start..it.end, false));
            k += 1;
        }
    }

    /// Spans from units: neighbouring units of one kind join, and the neutral text between
    /// units of different kinds is split by [`split_gap`].
    fn merge_units(
        &self,
        text: &str,
        content: Range<usize>,
        units: &[(Kind, Range<usize>, bool)],
        out: &mut Vec<Draft>,
    ) {
        let Some(first) = units.first() else {
            out.push(Draft {
                kind: Kind::Und,
                range: content,
                embedded: Vec::new(),
                island: false,
                letters: None,
            });
            return;
        };
        let mut cur = Draft {
            kind: first.0,
            range: content.start..first.1.end,
            embedded: Vec::new(),
            island: false,
            letters: None,
        };
        if first.2 {
            cur.embedded
                .push(closed(text, first.1.clone(), cur.range.start));
        }
        // Whether the span before `cur` on the line is Latin.
        let mut after_latin = false;
        for (kind, range, embedded) in units.iter().skip(1).cloned() {
            // Two Chinese islands of an English sentence apart only by its ASCII mark are
            // two: the mark is the English text's (`Li Qiang（李强）. "我们相信…"`, `(校训): "博学
            // 笃志"`).
            if kind == Kind::Zh
                && cur.kind == Kind::Zh
                && after_latin
                && let Some((mark, next_start)) =
                    english_mark_between(text, cur.range.end..range.start)
                        .or_else(|| self.english_list_comma(text, cur.range.clone(), range.clone()))
            {
                cur.range.end = mark.start;
                let latin = Draft {
                    kind: Kind::Latin,
                    range: mark,
                    embedded: Vec::new(),
                    island: false,
                    letters: None,
                };
                out.push(std::mem::replace(&mut cur, latin));
                let next = Draft {
                    kind,
                    range: next_start..range.end,
                    embedded: Vec::new(),
                    island: false,
                    letters: None,
                };
                out.push(std::mem::replace(&mut cur, next));
                after_latin = true;
            } else if kind != cur.kind {
                after_latin = cur.kind == Kind::Latin;
                let (a_end, b_start) =
                    split_gap(text, cur.range.end..range.start, kind == Kind::Zh);
                cur.range.end = a_end;
                let next = Draft {
                    kind,
                    range: b_start..range.end,
                    embedded: Vec::new(),
                    island: false,
                    letters: None,
                };
                out.push(std::mem::replace(&mut cur, next));
            }
            cur.range.end = range.end;
            if embedded {
                cur.embedded.push(closed(text, range, cur.range.start));
            }
        }
        cur.range.end = content.end;
        out.push(cur);
    }

    /// Between two Chinese words of a line of English prose, an ASCII `,` or `;` and a
    /// space: the English sentence's list (`dishes include 火锅, 烤鸭, and 小笼包`), whose
    /// marks are its own. Chinese typed so is rare, and a clause of it (`我觉得很好, 但是
    /// 太贵了`) has more than a word's ideographs on a side. Returns the range of the mark
    /// and where the next word starts.
    fn english_list_comma(
        &self,
        text: &str,
        before: Range<usize>,
        next: Range<usize>,
    ) -> Option<(Range<usize>, usize)> {
        let gap = &text[before.end..next.start];
        let spaces = gap.len().checked_sub(1)?;
        let word = |r: Range<usize>| text[r].chars().filter(|&c| is_han(c)).count() <= LIST_WORD;
        (self.latin_line == Some(true)
            && gap.starts_with([',', ';'])
            && spaces > 0
            && gap[1..].bytes().all(|x| x == b' ')
            && word(before.clone())
            && word(next.clone()))
        .then(|| (before.end..before.end + 1, next.start))
    }
}

/// Whether the columns of `line` that are not blank are two, one with CJK text and the
/// other with Latin letters and none.
fn translation_pair(line: &str) -> bool {
    let mut columns = line.split('\t').filter(|c| !c.trim().is_empty());
    let (Some(a), Some(b), None) = (columns.next(), columns.next(), columns.next()) else {
        return false;
    };
    let cjk = |s: &str| {
        s.chars()
            .any(|c| matches!(class(c), Class::Han | Class::Kana | Class::Hangul))
    };
    let latin = |s: &str| !cjk(s) && s.bytes().any(|x| x.is_ascii_alphabetic());
    (cjk(a) && latin(b)) || (latin(a) && cjk(b))
}

/// The most ideographs of a word in an English list of Chinese words.
const LIST_WORD: usize = 4;

/// In the gap between two Chinese units: a closing bracket or quote, an ASCII `.`, `:`,
/// `,` or `;` after it and a space, then an opening one (`）. "`): the range of the mark
/// and where the text after the space starts.
fn english_mark_between(text: &str, gap: Range<usize>) -> Option<(Range<usize>, usize)> {
    let g = &text[gap.clone()];
    let closing = g.len()
        - g.trim_start_matches([')', '）', '"', '”', '’', '》', '」', '』', '】', ']'])
            .len();
    let rest = &g[closing..];
    if closing == 0 || !rest.starts_with(['.', ':', ',', ';']) {
        return None;
    }
    let after = &rest[1..];
    let spaces = after.len() - after.trim_start_matches(' ').len();
    let opening = after[spaces..].starts_with(['"', '“', '「', '《', '(', '（']);
    (spaces > 0 && opening).then(|| {
        let mark = gap.start + closing;
        (mark..mark + 1, mark + 1 + spaces)
    })
}

/// An embedded token with the brackets it opens closed and those it closes opened: the `)`
/// glued after `A(Acceptance Criteria` is the token's, not the Chinese text's, and so is
/// the `(` glued before `Logitech)MX Master` (`罗技(Logitech)MX Master`), inside the span
/// that starts at byte `from`.
fn closed(text: &str, mut range: Range<usize>, from: usize) -> Range<usize> {
    let b = &text.as_bytes()[range.clone()];
    if memchr::memchr3(b'(', b'[', b')', b).is_none() && memchr::memchr(b']', b).is_none() {
        return range;
    }
    for (open, close) in [(b'(', b')'), (b'[', b']')] {
        // Closers before their openers, and openers left open.
        let (mut unopened, mut unclosed) = (0, 0usize);
        for &x in b {
            if x == open {
                unclosed += 1;
            } else if x == close {
                match unclosed.checked_sub(1) {
                    Some(n) => unclosed = n,
                    None => unopened += 1,
                }
            }
        }
        while unclosed > 0 && text.as_bytes().get(range.end) == Some(&close) {
            range.end += 1;
            unclosed -= 1;
        }
        while unopened > 0 && range.start > from && text.as_bytes()[range.start - 1] == open {
            range.start -= 1;
            unopened -= 1;
        }
    }
    range
}

/// The character at byte `p` of `line` and its class.
#[inline(always)]
fn char_at(line: &str, p: usize) -> Option<(char, Class)> {
    let &x = line.as_bytes().get(p)?;
    if x < 0x80 {
        return Some((char::from(x), ascii_class(x)));
    }
    let c = line[p..].chars().next()?;
    Some((c, class(c)))
}

/// Whether `c`, of class `cl` at byte `p` of `line`, is part of a kaomoji: one kana or
/// letter of a script other than Latin or Greek glued to a bracket, no letter on its other
/// side (`ヽ(✿゚▽゚)ノ`, `(*´∀｀*)ノ好的`, `(ง •̀_•́)ง`, `(ツ)`), or a letter of a script other
/// than Latin between two symbols (`(｡･ω･｡)`). It is a symbol, not a Japanese or Thai
/// word that would make the sentence around it Japanese or Thai.
#[inline]
fn kaomoji_arm(line: &str, p: usize, c: char, cl: Class) -> bool {
    let letter = matches!(cl, Class::Letter(s) if s != Script::Latin);
    ((cl == Class::Kana || letter) && kaomoji_context(line, p, c, cl, letter))
        || (cl == Class::Hangul && ('\u{3131}'..='\u{318E}').contains(&c) && jamo_mouth(line, p, c))
}

/// Whether the Hangul letter `c` at byte `p` of `line`, alone (no syllable), is a
/// kaomoji's mouth between its eyes: `(๑•̀ㅂ•́)و`; not a letter quoted or named, `“ㅂ”`,
/// `(ㄱ)`.
#[cold]
fn jamo_mouth(line: &str, p: usize, c: char) -> bool {
    let eye = |c: Option<char>| {
        matches!(
            c,
            Some(
                '•' | '･'
                    | '・'
                    | '´'
                    | '`'
                    | '^'
                    | '˘'
                    | '◕'
                    | '๑'
                    | '°'
                    | '゜'
                    | '＾'
                    | '＞'
                    | '＜'
                    | '>'
                    | '<'
                    | '-'
                    | '≧'
                    | '≦'
                    | '｀'
            )
        )
    };
    let before = line[..p].chars().rev().find(|&c| class(c) != Class::Mark);
    let after = line[p + c.len_utf8()..].chars().next();
    eye(before) && eye(after)
}

/// [`kaomoji_arm`] of a kana or a letter: what surrounds it. (Out of line: few characters
/// are asked.)
#[cold]
fn kaomoji_context(line: &str, p: usize, c: char, cl: Class, letter: bool) -> bool {
    let before = line[..p].chars().next_back();
    let after = line[p + c.len_utf8()..].chars().next();
    let word = |c: Option<char>| {
        c.is_some_and(|c| matches!(class(c), Class::Kana | Class::Letter(_) | Class::Digit))
    };
    let bracket = |c: Option<char>| matches!(c, Some('(' | ')' | '（' | '）'));
    let symbol = |c: Option<char>| {
        c.is_some_and(|c| {
            !c.is_ascii() && matches!(class(c), Class::Punct | Class::CjkPunct) && !bracket(Some(c))
        })
    };
    // (A Greek letter beside a bracket is a formula's symbol: `(μ=0.2)`.)
    let greek = cl == Class::Letter(Script::Greek);
    (!greek && ((bracket(before) && !word(after)) || (bracket(after) && !word(before))))
        || (letter && symbol(before) && symbol(after))
}

/// Command-line programs whose name begins a command typed in a Chinese sentence: with a URL
/// or a path, their commands may take twice as many words as other English runs do, options
/// or not. (Not those that are English words too, `make`, `go`.)
const PROGRAMS: [&str; 20] = [
    "apt", "apt-get", "brew", "cargo", "conda", "curl", "docker", "git", "gradle", "helm",
    "kubectl", "mvn", "npm", "npx", "pip", "pip3", "pnpm", "sudo", "wget", "yarn",
];

/// The signs of a relation, which make a formula of a run of letters, digits and operators.
const RELATIONS: [char; 8] = ['=', '<', '>', '≤', '≥', '≠', '≈', '∈'];

/// The length of the formula at byte `i` of `line`: a run without spaces, 128 bytes at most,
/// of ASCII letters and digits, Greek letters, superscripts, subscripts and the signs of
/// arithmetic, that holds a letter and a relation (`f(x)=x²-x`, `c=4.2J/(kg·K)`,
/// `timeout=30`, `a>0`; a comma ends the run outside brackets, so `a>0,b>0` is read in two,
/// `α∈(π/2,π)` in one), without a full stop or closing brackets it did not open at its end.
fn formula_len(line: &str, i: usize) -> Option<usize> {
    let mut end = i;
    let mut relation = false;
    let mut depth = 0usize;
    for (k, c) in line[i..].char_indices().take(128) {
        match c {
            // (A tag is markup, not a relation: `C++<i>`.)
            '<' if tag_len(&line[i + k..]).is_some() => break,
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            ',' if depth > 0 => {
                end = i + k + 1;
                continue;
            }
            _ => {}
        }
        let sign = matches!(
            c,
            '+' | '-'
                | '*'
                | '/'
                | '^'
                | '_'
                | '('
                | ')'
                | '['
                | ']'
                | '{'
                | '}'
                | '.'
                | '\''
                | '|'
                | '%'
                | '·'
                | '×'
                | '÷'
                | '±'
                | '∞'
                | '′'
                | '°'
        ) || RELATIONS.contains(&c);
        let letter = c.is_ascii_alphanumeric()
            || ('\u{3B1}'..='\u{3C9}').contains(&c)
            || ('\u{391}'..='\u{3A9}').contains(&c)
            || matches!(c, '\u{B2}' | '\u{B3}' | '\u{B9}' | '\u{2070}'..='\u{2089}');
        if !(sign || letter) {
            break;
        }
        relation |= RELATIONS.contains(&c);
        end = i + k + c.len_utf8();
    }
    if !relation {
        return None;
    }
    let mut s = &line[i..end];
    // Closing brackets beyond the opening ones, of each kind.
    let pairs = [(b'(', b')'), (b'[', b']'), (b'{', b'}')];
    let mut excess = pairs.map(|(o, c)| {
        let n = |x: u8| s.bytes().filter(|&y| y == x).count() as isize;
        n(c) - n(o)
    });
    while let Some(&last) = s.as_bytes().last() {
        let k = pairs.iter().position(|&(_, c)| c == last);
        match k {
            _ if matches!(last, b'.' | b'\'') => {}
            Some(k) if excess[k] > 0 => excess[k] -= 1,
            _ => break,
        }
        s = &s[..s.len() - 1];
    }
    // (Numbers alone are a number: `1+1=2`.)
    let letters =
        s.contains(|c: char| c.is_ascii_alphabetic() || ('\u{391}'..='\u{3C9}').contains(&c));
    (relation && letters && !s.ends_with(RELATIONS) && s.contains(|c: char| RELATIONS.contains(&c)))
        .then_some(s.len())
}

/// `.`, `-`, `_`, `'`, `’`, `&`, `/` and `+` join letters or digits into one word
/// (`Node.js`, `GPT-4`, `don't`, `R&D`, `TCP/IP`, a relative path `deploy/helm/values.yaml`,
/// a date `2026/01/01`, a key combination `Ctrl+Shift+S`); `.`, `,` and `:` join digits into one number (`3.5`, `1,000`, `12:30`).
fn is_connector(before: Class, c: char, after: Class) -> bool {
    let alnum = |cl: Class| matches!(cl, Class::Letter(_) | Class::Digit);
    match c {
        '.' | '-' | '_' | '\'' | '’' | '&' | '/' | '+' => alnum(before) && alnum(after),
        // (A unit's product and its powers: `J·mol⁻¹·K⁻¹`, `N·m`.)
        // (Superscript digits are marks to the classes.)
        '·' => (alnum(before) || before == Class::Mark) && alnum(after),
        '⁻' | '⁺' => alnum(before) && after == Class::Mark,
        ',' | ':' => before == Class::Digit && after == Class::Digit,
        _ => false,
    }
}

/// Whether the middle dot at `b[dot]`, after an ASCII run from `run` (empty after a
/// superscript), joins the symbols of a unit (`J·mol⁻¹·K⁻¹`, `kW·h`, `N·m`), not words set
/// apart by it (`Shape·of·You`, `Home·About`).
fn unit_dot(b: &[u8], run: usize, dot: usize) -> bool {
    #[rustfmt::skip]
    const SYMBOLS: [&[u8]; 24] = [
        b"J", b"kJ", b"mol", b"K", b"N", b"kN", b"m", b"kg", b"g", b"s", b"W", b"kW", b"h",
        b"A", b"V", b"Pa", b"Hz", b"L", b"C", b"cm", b"mm", b"km", b"min", b"T",
    ];
    let from = dot + '·'.len_utf8();
    let after = &b[from..from
        + b[from..]
            .iter()
            .take(4)
            .take_while(|x| x.is_ascii_alphabetic())
            .count()];
    let unit = |w: &[u8]| SYMBOLS.contains(&w);
    (run == dot || unit(&b[run..dot])) && unit(after)
}

/// Joins the words (sorted by start) that jieba split inside one embedded token, so that
/// a token span detection read as one word stays one (`R & D` → `R&D`, `TCP / IP`,
/// `https : / / github.com/x`, `invoice @ shop.example.com`): inside an embedded run, words
/// are split only at whitespace, around quotes and brackets (`` ` ``, `"`, `(` ...) and
/// around CJK and full-width marks (`（`, `，`).
pub(crate) fn join_embedded_words(
    text: &str,
    embedded: &[Range<usize>],
    words: &mut Vec<Range<usize>>,
) {
    if embedded.is_empty() || words.len() < 2 {
        return;
    }
    // Whether the character at byte `p` separates words inside a token.
    let separates = |p: usize| {
        let Some(c) = text.get(p..).and_then(|t| t.chars().next()) else {
            return true;
        };
        let joins = || {
            let before = text[..p].chars().next_back().map(class);
            let after = text[p + c.len_utf8()..].chars().next().map(class);
            matches!((before, after), (Some(b), Some(a)) if is_connector(b, c, a))
        };
        c.is_whitespace()
            || (matches!(
                c,
                '`' | '"'
                    | '\''
                    | '“'
                    | '”'
                    | '‘'
                    | '’'
                    | '('
                    | ')'
                    | '['
                    | ']'
                    | '{'
                    | '}'
                    | '<'
                    | '>'
                    | '«'
                    | '»'
            ) && !joins())
            // (CJK marks and full-width ones: `OS（HyperOS）`, `Max【256GB】`.)
            || matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF01}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF20}' | '\u{FF3B}'..='\u{FF40}' | '\u{FF5B}'..='\u{FF65}')
    };
    // Embedded runs are sorted and disjoint, and words start in order: the run that may
    // hold a word's start is found by walking forward.
    let mut e = 0;
    let mut out = 0;
    for k in 1..words.len() {
        let (prev, next) = (&words[out], &words[k]);
        let at = next.start;
        while embedded.get(e).is_some_and(|r| r.end <= at) {
            e += 1;
        }
        if e == embedded.len() && out + 1 == k {
            // Past the last run with nothing joined: the rest stays as it is.
            return;
        }
        let inside = embedded.get(e).is_some_and(|r| r.start < at);
        let joined = prev.end == at && prev.start < at && inside && {
            let last_char = text[..at].chars().next_back().map_or(0, char::len_utf8);
            !separates(at) && !separates(at - last_char)
        };
        if joined {
            words[out].end = words[k].end;
        } else {
            out += 1;
            words[out] = words[k].clone();
        }
    }
    words.truncate(out + 1);
}

/// Whether the marks at `open` and `close` are a pair of quotes or brackets, an ASCII
/// bracket pairing as its full-width form (punctuation converts one into the other).
fn is_pair(text: &str, open: usize, close: usize) -> bool {
    let mark = |p: usize| match text[p..].chars().next() {
        Some('（') => Some('('),
        Some('）') => Some(')'),
        Some('［') => Some('['),
        Some('］') => Some(']'),
        c => c,
    };
    matches!(
        (mark(open), mark(close)),
        (Some('('), Some(')'))
            | (Some('['), Some(']'))
            | (Some('"'), Some('"'))
            | (Some('“'), Some('”'))
            | (Some('‘'), Some('’'))
            | (Some('《'), Some('》'))
            | (Some('〈'), Some('〉'))
            | (Some('「'), Some('」'))
            | (Some('『'), Some('』'))
            | (Some('【'), Some('】'))
    )
}

fn cjk_role(c: char) -> Role {
    match c {
        '。' | '！' | '？' | '｡' | '．' => Role::Final,
        '，' | '、' | '；' | '：' | '､' => Role::Clause,
        '「' | '『' | '（' | '《' | '〈' | '【' | '〔' | '［' | '｛' | '〖' | '〘' | '｢' | '〝' => {
            Role::Open
        }
        '」' | '』' | '）' | '》' | '〉' | '】' | '〕' | '］' | '｝' | '〗' | '〙' | '｣' | '〞'
        | '〟' => Role::Close,
        _ => Role::Other,
    }
}

/// Abbreviations whose period does not end a sentence.
/// Words that label a value (a log's, a message's, a key's) rather than name a speaker
/// before a quotation.
#[rustfmt::skip]
const LABEL_WORDS: &[&str] = &[
    "error", "warning", "warn", "exception", "message", "msg", "detail", "details", "note",
    "info", "debug", "hint", "tip", "fix", "feat", "output", "input", "result", "response",
    "request", "reason", "status", "title", "subject", "example", "usage", "greeting", "key",
    "value", "name", "type", "description", "text", "label", "prompt", "answer", "question",
    "slogan", "motto", "tagline", "translation", "summary", "caption", "abstract", "lyrics",
    "comment", "headline", "feedback", "quote", "review", "original", "subtitle",
];

pub(crate) fn is_abbreviation(word: &str) -> bool {
    // Letters joined by periods, one or two and a single one among them: e.g, i.e, U.S,
    // Ph.D
    if word.contains('.')
        && word.split('.').all(|p| p.chars().count() <= 2)
        && word.split('.').any(|p| p.chars().count() == 1)
    {
        return true;
    }
    #[rustfmt::skip]
    const ANY_CASE: &[&str] = &[
        "mr", "mrs", "ms", "dr", "prof", "st", "vs", "etc", "inc", "ltd", "pte", "corp", "co",
        "jr", "sr", "no", "fig", "al", "approx", "dept", "est", "vol", "esq", "univ",
        // A version's, of an album's edition too (`Weverse ver.和Bunny ver.`).
        "ver",
        // A featured artist's credit (`周杰伦 feat. 蔡依林`).
        "feat", "ft",
    ];
    // Capitalized only: lowercase, most are words that end sentences (`modern art.`). Legal
    // and academic citations (`GDPR Art. 44`, `Sec. 230`, `Eq. 3`, `Cal. Civ. Code`) and
    // months (`Jan. 5`).
    #[rustfmt::skip]
    const CAPITALIZED: &[&str] = &[
        "Art", "Sec", "Ch", "Eq", "Eqs", "Tab", "Figs", "Nos", "Vols", "Para", "Gen", "Sen",
        "Rep", "Rev", "Gov", "Col", "Capt", "Lt", "Sgt", "Hon", "Pres", "Ave", "Blvd", "Cal",
        "Civ", "Stat", "Supp", "Ct", "Cir", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug",
        "Sep", "Sept", "Oct", "Nov", "Dec",
        // Numbered works and episodes (`贝多芬 Op. 27`, `Ep. 3`).
        "Op", "Ep",
        // Authors of botanical names (`Crataegus pinnatifida Bge.的干燥成熟果实`).
        "Bge", "Thunb", "Maxim", "Benth", "Hemsl", "Rehd", "Miq", "Turcz", "Ledeb", "Willd",
        "Franch", "Fisch", "Zucc", "Sieb", "Lour", "Roxb", "Mey",
    ];
    // Lowercase only: `Apple Inc. v. Samsung`, `cf.`, `ibid.`, `pp. 3-5`, `2nd ed.`.
    #[rustfmt::skip]
    const LOWERCASE: &[&str] = &["v", "p", "pp", "cf", "ibid", "viz", "ca", "ed", "eds"];
    word.len() <= 6
        && (ANY_CASE.iter().any(|a| a.eq_ignore_ascii_case(word))
            || CAPITALIZED.contains(&word)
            || LOWERCASE.contains(&word))
}

/// Whether an ASCII word is capitalized, a capital then a lowercase letter among the rest
/// (`Thanks`, `Vaswani`, `iPhone` is not; nor an acronym, `ETF`).
pub(crate) fn capitalized(word: &[u8]) -> bool {
    word.first().is_some_and(u8::is_ascii_uppercase) && word[1..].iter().any(u8::is_ascii_lowercase)
}

/// Names written after a dot in capitals, glued to Chinese text: file extensions, `.NET`
/// and the markets of stock tickers (`下载报告.PDF文件`, `请使用.NET框架`, `阿里巴巴.US`).
const DOTTED_NAMES: [&str; 37] = [
    "NET", "US", "HK", "SH", "SZ", "PDF", "DOC", "DOCX", "XLS", "XLSX", "PPT", "PPTX", "TXT",
    "CSV", "JSON", "XML", "HTML", "HTM", "JPG", "JPEG", "PNG", "GIF", "BMP", "SVG", "ZIP", "RAR",
    "EXE", "APK", "ISO", "DMG", "MP3", "MP4", "AVI", "MOV", "MKV", "WAV", "DLL",
];

/// Whether the `.`, `!` or `?` at byte `pos` ends a sentence. The same rule serves span
/// detection and punctuation conversion, so converting a mark never changes the spans.
///
/// A run of such marks (`?!`, `...`) is judged by its first mark and what follows the run
/// (past closing quotes): after Han, `?` and `!` always end a sentence and `.` does unless a
/// letter or digit follows (`设定档.env`); elsewhere a mark ends a sentence when whitespace,
/// the end of the line, or CJK text follows, and a `.` not after an abbreviation (`e.g.`).
pub(crate) fn is_sentence_end(text: &str, pos: usize) -> bool {
    let is_mark = |c: char| matches!(c, '.' | '!' | '?');
    let head = text[..pos].trim_end_matches(is_mark);
    let Some(first) = text[head.len()..].chars().next() else {
        return false;
    };
    // A period before a clause mark is an abbreviation's, known or not: no sentence goes on
    // after a comma (`住在Jianguo Rd.,很好找`, `Acme Ltd.;`, `他说...,然后`).
    if first == '.'
        && trim_start_bounded(&text[pos..], is_mark).starts_with([',', '，', ';', '；', '、'])
    {
        return false;
    }
    // (Markdown's emphasis closes after the mark too: `**为什么显示 Bad Gateway?**`.)
    // (Read a bounded way, as a word below: a line may be a long run of marks or of
    // dotted letters, and every mark in it is asked about.)
    let rest = trim_start_bounded(&text[pos..], |c: char| {
        is_mark(c)
            || matches!(
                c,
                '"' | '\''
                    | ')'
                    | '）'
                    | '”'
                    | '’'
                    | ','
                    | ';'
                    | ':'
                    | '，'
                    | '；'
                    | '：'
                    | '*'
                    | '_'
            )
    });
    // (So do closing tags of markup, a few of them: `我是Tom.</i>`.)
    let mut rest = rest;
    for _ in 0..4 {
        match tag_len(rest).filter(|_| rest.as_bytes().get(1) == Some(&b'/')) {
            Some(n) => rest = &rest[n..],
            None => break,
        }
    }
    let next = rest.chars().next();
    // (A citation's numbers after the Chinese text are the sentence's: `进展[2][3].Devlin`.)
    let prev = without_citations(head).chars().next_back();
    // A mark right after an opening bracket ends no sentence: it is shown, `(.)`, `（?）`.
    if matches!(prev, Some('(' | '（' | '[' | '［')) {
        return false;
    }
    // (Full-width brackets count as the ASCII ones punctuation makes of them and back.)
    let cjk = |c: char| {
        matches!(
            class(c),
            Class::Han | Class::Kana | Class::Hangul | Class::CjkPunct
        ) && !matches!(c, '（' | '）' | '［' | '］' | '｛' | '｝')
    };
    // (`中文.txt` is a file name; `产品.It is` two sentences typed without a space, and so
    // are `范式.Brown 等人` and `影响.2024 财年`: a capitalized word of four letters or more,
    // or a number, is no file extension.)
    // (Nor is a word in mixed case that Chinese text follows: `音质非常好.iPhone的话`,
    // `一半.ViT 模型`, while `.NET框架`, `.json文件` and `中文.Txt 文件` are names; nor an
    // acronym that does, `会议已结束.AI将`, but for the names written after a dot.)
    let next_sentence = || {
        let word = rest.trim_start_matches(|c: char| c.is_ascii_alphabetic());
        let letters = rest.len() - word.len();
        let name = &rest.as_bytes()[..letters];
        let han_after = word.strip_prefix(' ').unwrap_or(word).starts_with(is_han);
        let mixed_case = name.iter().skip(1).any(u8::is_ascii_uppercase)
            && name.iter().any(u8::is_ascii_lowercase)
            && han_after;
        let acronym = letters >= 2
            && name.iter().all(u8::is_ascii_uppercase)
            && han_after
            && !DOTTED_NAMES.contains(&&rest[..letters]);
        // (So is a quarter, `收到.Q3的数据`, or a name of capitals and its number after a
        // hyphen, which no file's extension has, `看完了.GPT-4的表现`; not `.MP4`, `.H5`,
        // `.P12`, `.EP01`.)
        let numbered = || {
            let hyphen = word.starts_with('-');
            let tail = word.strip_prefix('-').unwrap_or(word);
            let digits = tail.bytes().take_while(u8::is_ascii_digit).count();
            let after = &tail[digits..];
            let quarter =
                name == b"Q" && digits == 1 && (b'1'..=b'4').contains(&tail.as_bytes()[0]);
            letters >= 1
                && digits > 0
                && (quarter || hyphen)
                && name.iter().all(u8::is_ascii_uppercase)
                && after.strip_prefix(' ').unwrap_or(after).starts_with(is_han)
        };
        // A capitalized word joined by a hyphen (`Wi-Fi已恢复`), or a label's
        // (`.Tel:010…`, `.E-mail:…`), is no extension either.
        let capital = rest.starts_with(|c: char| c.is_ascii_uppercase());
        let hyphenated = word
            .strip_prefix('-')
            .is_some_and(|w| w.starts_with(|c: char| c.is_ascii_alphabetic()));
        let label = word
            .trim_start_matches(|c: char| c == '-' || c.is_ascii_alphabetic())
            .starts_with([':', '：']);
        // (Or a capitalized word of pinyin, toned, as a textbook spells its Chinese out:
        // `我叫李明.Wǒ jiào Lǐ Míng.`; no extension has a tone mark.)
        let pinyin = || {
            let mut first = rest.chars().take_while(|c| c.is_alphabetic());
            first.next().is_some_and(|c| c.is_uppercase())
                && first.any(|c| "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ".contains(c))
        };
        mixed_case
            || acronym
            || numbered()
            || (capital && (hyphenated || label) && !DOTTED_NAMES.contains(&&rest[..letters]))
            || pinyin()
            || (rest.starts_with(|c: char| c.is_ascii_uppercase())
                && letters >= 2
                && rest[1..letters].bytes().all(|x| x.is_ascii_lowercase())
                && (letters >= 4
                    || (word.starts_with(' ')
                        && word[1..].starts_with(|c: char| c.is_ascii_alphabetic()))))
    };
    // (So is a CJK quote or title closing on Han text, or a bracket: `“猫态”.2023年`,
    // `(2009年测量数据).[4]`.)
    let quoted_han = || {
        matches!(prev, Some('”' | '」' | '』' | '》' | ')' | '）'))
            && without_citations(head)
                .chars()
                .rev()
                .nth(1)
                .is_some_and(is_han)
    };
    if prev.is_some_and(is_han) || quoted_han() {
        return first != '.'
            || !next.is_some_and(|n| n.is_ascii_alphanumeric())
            || next.is_some_and(|n| n.is_ascii_digit())
            || next_sentence();
    }
    // A percentage is no name before a dot either: `同比增长112%.GAAP每股收益`; nor a
    // number after Han, `评分为2130.API定价为1美元`.
    // (The word after the dot glued to Han, a Chinese sentence's: not `底气2014.The deal
    // closed.`, which an English sentence may take in.)
    let number_after_han = || {
        let h = trim_end_bounded(head, |c: char| c.is_ascii_digit());
        let word = rest.trim_start_matches(|c: char| c.is_ascii_alphabetic());
        h.len() < head.len()
            && h.strip_suffix(' ').unwrap_or(h).ends_with(is_han)
            && word.strip_prefix(' ').unwrap_or(word).starts_with(is_han)
    };
    // (Nor a version after Han, `v` and a number or three numbers, an English sentence
    // glued after it that ends in its mark before any Han: `请升级到v2.3.1.Thanks for
    // reporting!`, `v1.2.3.Thanks!`; not a section's number before its title, `在5.2.Results
    // on ImageNet中`, nor a version's name, `v2.0.Beta for Windows`, `v2.3.1.Final版本`.)
    let version_after_han = || {
        const QUALIFIERS: [&str; 8] = [
            "Alpha", "Beta", "Final", "Release", "Stable", "Preview", "Snapshot", "Build",
        ];
        let h = trim_end_bounded(head, |c: char| c.is_ascii_digit() || c == '.');
        let version = &head[h.len()..];
        let v = h.strip_suffix(['v', 'V']);
        let h = v.unwrap_or(h);
        let letters = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
        let sentence = || {
            rest.chars()
                .take(2 * REACH)
                .take_while(|&c| c != '\n' && !is_han(c))
                .any(|c| matches!(c, '.' | '!' | '?'))
        };
        version.starts_with(|c: char| c.is_ascii_digit())
            && (v.is_some() || version.matches('.').count() >= 2)
            && h.strip_suffix(' ').unwrap_or(h).ends_with(is_han)
            && !QUALIFIERS
                .iter()
                .any(|q| q.eq_ignore_ascii_case(&rest[..letters]))
            && sentence()
    };
    if first == '.'
        && ((prev == Some('%')
            && head
                .strip_suffix('%')
                .is_some_and(|h| h.ends_with(|c: char| c.is_ascii_digit())))
            || (prev.is_some_and(|c| c.is_ascii_digit())
                && (number_after_han() || version_after_han())))
        && next.is_some_and(|n| n.is_ascii_alphabetic())
        && next_sentence()
    {
        return true;
    }
    // (A `?` or `!` glued to a number that Chinese text follows, or after a number to a
    // capitalized word, ends its sentence too, typed without a space: `fan meeting?8月`,
    // `2-1!Anfield沸腾了`; a URL's query is protected before.)
    // (And one glued between two words, a capitalized one after it, as a sentence typed on:
    // `Here we go!Fabrizio Romano在X上…`.)
    let prev_word = || {
        let w = &head[trim_end_bounded(head, |c: char| c.is_ascii_alphabetic()).len()..];
        w.len() >= 2 && w.bytes().all(|x| x.is_ascii_lowercase())
    };
    let next_word = || {
        let n = rest
            .bytes()
            .skip(1)
            .take_while(u8::is_ascii_alphabetic)
            .count();
        n >= 1 && !rest[1 + n..].starts_with(|c: char| c.is_ascii_alphanumeric())
    };
    // (Or one glued between two terms of a Chinese sentence, Han before the first and
    // after the second, as a question typed on: `选PostgreSQL还是SQLite?Litestream这套`,
    // `yyds!!IMAX的音效`.)
    // (A `?` after a question the clause asks, not between the two sides of a choice,
    // `Java?Python哪个`, `Yes?No`; a `!` doubled at least, not a name's own, `Yahoo!Japan`,
    // nor code's, `xs!!0`.)
    let between_terms = || {
        let term = trim_end_bounded(head, |c: char| c.is_ascii_alphanumeric());
        let after = rest.trim_start_matches(|c: char| c.is_ascii_alphanumeric());
        let marks = &text[head.len()..text.len() - rest.len()];
        let fits = if first == '?' {
            asks_before(term) && !choice_after(after)
        } else {
            marks.starts_with("!!") && next.is_some_and(|n| n.is_ascii_alphabetic())
        };
        term.len() < head.len()
            && fits
            && term.strip_suffix(' ').unwrap_or(term).ends_with(is_han)
            && after.strip_prefix(' ').unwrap_or(after).starts_with(is_han)
    };
    let glued_end = || {
        first != '.'
            && match next {
                Some(n) if n.is_ascii_digit() => rest
                    .trim_start_matches(|c: char| c.is_ascii_digit())
                    .trim_start_matches(' ')
                    .starts_with(is_han),
                Some(n) if n.is_ascii_uppercase() => {
                    prev.is_some_and(|p| p.is_ascii_digit())
                        || (prev_word() && next_word())
                        || between_terms()
                }
                _ => false,
            }
    };
    if !next.is_none_or(|n| n.is_whitespace() || cjk(n)) && !glued_end() {
        return false;
    }
    // (An item's text is on its line.)
    if first == '.'
        && next.is_some_and(|n| n != '\n')
        && is_list_number(head, next.is_some_and(cjk), rest, '.', |r| {
            r.trim_start_matches(' ').starts_with(cjk)
        })
    {
        return false;
    }
    let before_word = trim_end_bounded(head, |c: char| c.is_ascii_alphabetic() || c == '.');
    let word = &head[before_word.len()..];
    // An abbreviation's period ends none; a unit after a number is none (`降到了 120ms.`,
    // spaced and lowercase, `120 ms.`).
    let unit = before_word.ends_with(|c: char| c.is_ascii_digit())
        || crate::clean::punct::unit_after_number(head);
    // (Nor is the last word of a name an acronym begins: `方法CL-Aug.在`; but `Oct-Dec.`,
    // `Maj-Gen.`, `Sub-Fig. 3` are abbreviations.)
    let hyphenated = before_word.strip_suffix('-').is_some_and(|b| {
        let acronym = b.len() - b.trim_end_matches(|c: char| c.is_ascii_uppercase()).len();
        acronym >= 2 && !b[..b.len() - acronym].ends_with(|c: char| c.is_ascii_alphanumeric())
    });
    let abbreviation = !word.is_empty() && is_abbreviation(word) && !unit && !hyphenated;
    // Nor does a middle initial's, between the names around it (`John A. Smith`).
    // Or an initial in a chain of them (`J. K. Rowling`, `George R. R. Martin`, `U. S. A.`).
    let initial = || {
        let after = rest.trim_start_matches(' ').as_bytes();
        let before = before_word.strip_suffix(' ');
        let name = || {
            before.is_some_and(|n| {
                let name = &n[n.trim_end_matches(|c: char| c.is_ascii_alphabetic()).len()..];
                name.len() >= 2
                    && name.as_bytes()[0].is_ascii_uppercase()
                    && name.as_bytes()[1..].iter().all(u8::is_ascii_lowercase)
            })
        };
        let initial_before = || {
            before.is_some_and(|n| {
                let b = n.as_bytes();
                b.len() >= 2
                    && b[b.len() - 1] == b'.'
                    && b[b.len() - 2].is_ascii_uppercase()
                    && (b.len() == 2 || !b[b.len() - 3].is_ascii_alphanumeric())
            })
        };
        let initial_after = after.len() >= 2 && after[1] == b'.';
        let capital_after = after.first().is_some_and(u8::is_ascii_uppercase);
        // (Or an author's after the name, in the bracket it closes: `(Ginkgo biloba L.)`,
        // `(Zhang S.)`.)
        let closes_name = || {
            text[head.len() + 1..].starts_with([')', '）'])
                && before.is_some_and(|n| {
                    n.len() - n.trim_end_matches(|c: char| c.is_ascii_alphabetic()).len() >= 2
                })
        };
        // (Or a genus's, before its species: `E. coli`, `大肠杆菌(S. aureus)`; no sentence
        // begins in lower case.)
        let species_after = rest.starts_with(' ') && {
            let word = &after[..after.iter().take_while(|x| x.is_ascii_lowercase()).count()];
            word.len() >= 4
                && !is_english_function_word(std::str::from_utf8(word).unwrap_or_default())
        };
        word.len() == 1
            && word.as_bytes()[0].is_ascii_uppercase()
            && ((capital_after && (initial_after || name()))
                || species_after
                || initial_before()
                || closes_name())
    };
    // Nor does a part of speech's, before the Chinese gloss of a vocabulary list's entry
    // (`light adj. 轻的 n. 光`).
    // (In a vocabulary entry: after its headword, which begins the line, and its
    // pronunciation, or after another part of speech on the line; not `改成 int. 然后`.)
    let part_of_speech = || {
        if !(PARTS_OF_SPEECH.contains(&word)
            && rest.starts_with(' ')
            && rest.trim_start_matches(' ').starts_with(is_han))
        {
            return false;
        }
        // (The line read within 256 bytes: an entry is short.)
        let mut from = before_word.len().saturating_sub(256);
        while !before_word.is_char_boundary(from) {
            from += 1;
        }
        let window = &before_word[from..];
        let line = match window.rfind('\n') {
            Some(i) => &window[i + 1..],
            None if from == 0 => window,
            None => return false,
        };
        let tokens: Vec<&str> = line.split_whitespace().collect();
        let pos = |t: &str| {
            t.strip_suffix('.')
                .is_some_and(|t| PARTS_OF_SPEECH.contains(&t))
        };
        let headword = tokens.first().is_some_and(|w| {
            w.chars()
                .all(|c| c.is_ascii_alphabetic() || matches!(c, '-' | '\''))
        }) && tokens[1..]
            .iter()
            .all(|t| t.starts_with(['/', '[']) || t.ends_with(['/', ']']));
        headword || tokens.iter().any(|t| pos(t))
    };
    // Nor a date's letter, after a clause mark or a bracket and before its year: born,
    // died, circa, reigned (`(屠呦呦, b. 1930)`, `(c. 551–479 BC)`), as a page's (`p. 12`).
    let dated = || {
        word.len() == 1
            && word.as_bytes()[0].is_ascii_lowercase()
            && before_word.ends_with([' ', '(', '（'])
            && before_word
                .trim_end_matches(' ')
                .ends_with([',', ';', '(', '，', '；', '（'])
            && rest
                .strip_prefix(' ')
                .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
    };
    first != '.' || !(abbreviation || initial() || part_of_speech() || dated())
}

/// Whether the Chinese clause that `head` ends in asks a question: a question word in it,
/// read back to its clause mark or 48 characters at most (`到底选…还是SQLite`).
pub(crate) fn asks_before(head: &str) -> bool {
    let from = head
        .char_indices()
        .rev()
        .take(48)
        .take_while(|&(_, c)| !matches!(c, '，' | '。' | '；' | '！' | '？' | '\n'))
        .last()
        .map_or(head.len(), |(i, _)| i);
    let clause = &head[from..];
    [
        "还是",
        "吗",
        "呢",
        "什么",
        "怎么",
        "为什么",
        "哪",
        "是不是",
        "要不要",
        "能不能",
        "会不会",
        "有没有",
        "多少",
        "如何",
        "谁",
        "是否",
    ]
    .iter()
    .any(|q| clause.contains(q))
}

/// Whether the text after a term, `after`, names the two sides of a choice it closes
/// (`Java?Python哪个`, `404?500都要`, `A?B之间`, `A?B的区别`).
fn choice_after(after: &str) -> bool {
    let a = after.strip_prefix(' ').unwrap_or(after);
    ["哪", "都", "之间", "的区别", "还是", "或"]
        .iter()
        .any(|w| a.starts_with(w))
}

/// Parts of speech as dictionaries abbreviate them.
#[rustfmt::skip]
const PARTS_OF_SPEECH: [&str; 15] = [
    "n", "v", "vt", "vi", "adj", "adv", "prep", "conj", "pron", "num", "art", "int",
    "interj", "aux", "pl",
];

/// `head` without the citation calls that end it (`[2]`, `[3, 5]`, `[4-6]`), a few of them
/// at most.
fn without_citations(head: &str) -> &str {
    let mut h = head;
    for _ in 0..4 {
        let Some(inner) = h.strip_suffix(']') else {
            break;
        };
        let body = inner
            .trim_end_matches(|c: char| c.is_ascii_digit() || matches!(c, ',' | '-' | '–' | ' '));
        match body.strip_suffix('[') {
            Some(rest) if body.len() < inner.len() => h = rest,
            _ => break,
        }
    }
    h
}

/// How many characters [`is_sentence_end`] reads past a mark in either direction: more
/// than any run of closing marks or abbreviation it asks about.
const REACH: usize = 64;

/// `s` without the characters at its start that `f` accepts, [`REACH`] of them at most.
pub(crate) fn trim_start_bounded(s: &str, f: impl Fn(char) -> bool) -> &str {
    let mut end = 0;
    for (i, c) in s.char_indices().take(REACH) {
        if !f(c) {
            return &s[i..];
        }
        end = i + c.len_utf8();
    }
    &s[end..]
}

/// Tags of HTML and of subtitles that appear inline in text.
/// (With those of localization files: Android's `<string>` and `<item>`, XLIFF's `<source>`
/// and `<target>`.)
const TAGS: [&str; 38] = [
    "a", "b", "i", "u", "s", "em", "strong", "br", "p", "font", "span", "div", "sup", "sub",
    "small", "big", "del", "ins", "mark", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th",
    "title", "string", "item", "source", "target",
    // WebVTT's voice, class, ruby and language spans (`<v 吴老师>`, `<c.yellow>`).
    "v", "c", "ruby", "rt", "lang",
];

/// The length of the tag of HTML or subtitles that `s` begins with (`<i>`, `</i>`,
/// `<br/>`, `<font color="red">`): markup, not words of any language.
pub(crate) fn tag_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    if b.first() != Some(&b'<') {
        return None;
    }
    let from = 1 + usize::from(b.get(1) == Some(&b'/'));
    let name = b[from..]
        .iter()
        .take_while(|x| x.is_ascii_alphanumeric())
        .count();
    let to = from + name;
    if !TAGS
        .iter()
        .any(|t| t.as_bytes().eq_ignore_ascii_case(&b[from..to]))
    {
        return None;
    }
    // Attributes after a space, on the line and not too long.
    let close = b[to..]
        .iter()
        .take(128)
        .position(|&x| matches!(x, b'>' | b'<' | b'\n'))?;
    let inside = &b[to..to + close];
    // (A WebVTT tag's classes follow its name after dots: `<c.yellow.bg_blue>`.)
    let attributes = |x: u8| x == b' ' || (x == b'.' && name <= 4);
    (b[to + close] == b'>' && (inside.is_empty() || inside == b"/" || attributes(inside[0])))
        .then_some(to + close + 1)
}

/// `s` without the characters at its end that `f` accepts, [`REACH`] of them at most.
pub(crate) fn trim_end_bounded(s: &str, f: impl Fn(char) -> bool) -> &str {
    let mut start = s.len();
    for (i, c) in s.char_indices().rev().take(REACH) {
        if !f(c) {
            return &s[..i + c.len_utf8()];
        }
        start = i;
    }
    &s[..start]
}

/// The length of the author-year citation in brackets that `s` begins with (`(Vaswani et
/// al., 2017)`, `(Devlin and Chang, 2019a)`, `(Smith 2020)`): a capitalized name, ASCII,
/// ending in a year.
fn citation_len(s: &str) -> Option<usize> {
    let inner = s.strip_prefix('(')?;
    let close = inner.bytes().take(80).position(|x| x == b')')?;
    let inner = &inner[..close];
    if !inner.is_ascii() || inner.contains('(') {
        return None;
    }
    let body = inner.trim_end_matches(|c: char| c.is_ascii_lowercase());
    let year = &body[body.len().saturating_sub(4)..];
    let before = body[..body.len() - year.len()].trim_end_matches(' ');
    (inner.starts_with(|c: char| c.is_ascii_uppercase())
        && inner.len() - body.len() <= 1
        && year.len() == 4
        && (year.starts_with("19") || year.starts_with("20"))
        && year.bytes().all(|x| x.is_ascii_digit())
        && (before.ends_with(',') || before.len() < body.len() - 4))
        .then_some(close + 2)
}

/// Whether the `.` at byte `dot` of `text` follows the letter or Roman numeral of an
/// item of a list (`a. 打开电源`, `ii. 政府行为`): no sentence ends there.
fn is_list_marker(text: &str, dot: usize) -> bool {
    let word = &text[text[..dot]
        .trim_end_matches(|c: char| c.is_ascii_alphabetic())
        .len()..dot];
    (word.len() == 1 || Marker::roman(word).is_some()) && !is_sentence_end(text, dot)
}

/// Whether the full stop `stop` (`.` or `．`) at byte `pos` of `text` is that of a list's
/// letter or Roman numeral, with Han after it (`A．北京　B．南京`, `（　）A．对`, `？A.北京`;
/// not `Plan B．我们`), as [`is_list_number`] reads it.
pub(crate) fn option_stop(text: &str, pos: usize, stop: char) -> bool {
    let (head, rest) = (&text[..pos], &text[pos + stop.len_utf8()..]);
    let cjk_after = |r: &str| r.trim_start_matches([' ', '\u{3000}']).starts_with(is_han);
    head.ends_with(|c: char| c.is_ascii_alphabetic())
        && is_list_number(head, rest.starts_with(is_han), rest, stop, cjk_after)
}

/// What numbers the items of a list.
#[derive(Clone, Copy)]
enum Marker {
    Number,
    /// A letter, counted from this one (`A` or `a`).
    Letter(u8),
    /// A Roman numeral, capital or not.
    Roman(bool),
    /// A Roman numeral in one character (`Ⅱ`, `ⅱ`), capital or not.
    Glyph(bool),
}

impl Marker {
    const ROMAN: [&str; 10] = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"];

    /// The number a Roman numeral of one case stands for (one to ten).
    fn roman(word: &str) -> Option<(u32, Marker)> {
        let upper = word.bytes().all(|x| x.is_ascii_uppercase());
        if !upper && !word.bytes().all(|x| x.is_ascii_lowercase()) {
            return None;
        }
        let k = Self::ROMAN
            .iter()
            .position(|r| r.eq_ignore_ascii_case(word))?;
        Some((k as u32 + 1, Marker::Roman(upper)))
    }

    /// Item `k`'s marker with its full stop `stop` (`3.`, `C.`, `iii.`, `B．`).
    fn mark(self, k: u32, stop: char) -> Option<String> {
        match self {
            Marker::Number => Some(format!("{k}{stop}")),
            Marker::Letter(base) => Some(format!("{}{stop}", char::from(base + (k - 1) as u8))),
            Marker::Roman(upper) => {
                let r = Self::ROMAN.get(k.checked_sub(1)? as usize)?;
                let r = if upper {
                    r.to_ascii_uppercase()
                } else {
                    r.to_string()
                };
                Some(format!("{r}{stop}"))
            }
            Marker::Glyph(upper) => {
                let first = if upper { 0x2160 } else { 0x2170 };
                let c = char::from_u32(first + k.checked_sub(1).filter(|&k| k < 12)?)?;
                Some(format!("{c}{stop}"))
            }
        }
    }
}

/// Whether `head` ends in the number of an item of a list run into a line (`步骤：1. 安装
/// 2. 运行`, `；2.讨论`, `身份证。2.请提前到场`, `【禁忌】1.对本品`): one or two digits at the
/// line start or after a clause mark, a Chinese sentence's end, a heading's `】` or a `）` (and a
/// space; also `.` after Han), or after a space when the item before it is on the line, in
/// the KiB before it (`1.` before `2.`). With the item's text `glued` after the mark, also
/// a first item glued after Han (`步骤1.切菜`) and a later one whose item before is on the
/// line (`切菜2.炒菜`); with CJK text after the mark (`cjk_after`, glued or spaced), an
/// option's capital letter in the same places, the first or one whose option before is on
/// the line (`选项：A.正确B.错误`, `A. 北京 B. 上海`; not `维生素A.然后` nor
/// `答案:C.解析`).
/// `排名第 1. 大家` ends a sentence.
/// Whether `before` ends in the label of a numbered example, exercise or theorem (`例`,
/// `习题`, `定理`) that begins its line or its sentence.
fn numbered_label(before: &str) -> bool {
    const LABELS: [&str; 10] = [
        "例题", "例", "习题", "练习", "题", "定理", "引理", "定义", "推论", "步骤",
    ];
    LABELS.iter().any(|label| {
        before.strip_suffix(label).is_some_and(|head| {
            head.chars().next_back().is_none_or(|c| {
                c.is_whitespace() || matches!(c, '。' | '！' | '？' | '.' | '!' | '?' | '：' | ':')
            })
        })
    })
}

fn is_list_number(
    head: &str,
    glued: bool,
    rest: &str,
    stop: char,
    cjk_after: impl Fn(&str) -> bool,
) -> bool {
    let number = head.trim_end_matches(|c: char| c.is_ascii_digit());
    let digits = &head[number.len()..];
    let glyph = head.chars().next_back().and_then(roman_glyph);
    let (number, k, marker) = match (digits.parse::<u32>(), glyph) {
        (Ok(k), _) if digits.len() <= 2 => (number, k, Marker::Number),
        // A Roman numeral in one character, `Ⅰ.引言 Ⅱ.方法`.
        (_, Some((k, upper))) => (&head[..head.len() - 3], k, Marker::Glyph(upper)),
        // An option's letter: `A.` is the first, `B.` the second, and so with lowercase
        // letters and Roman numerals (`a.`, `ii.`, `IV.`); not one after a word
        // (`Vitamin A.`, `Plan A.`).
        (_, None) if cjk_after(rest) => {
            let word = &head[head
                .trim_end_matches(|c: char| c.is_ascii_alphabetic())
                .len()..];
            let before = &head[..head.len() - word.len()];
            if before
                .trim_end_matches(' ')
                .ends_with(|c: char| c.is_ascii_alphanumeric())
            {
                return false;
            }
            match (Marker::roman(word), word.as_bytes()) {
                (Some((k, marker)), _) => (before, k, marker),
                (None, &[x @ (b'A'..=b'H' | b'a'..=b'h')]) => {
                    let base = if x.is_ascii_uppercase() { b'A' } else { b'a' };
                    (before, u32::from(x - base) + 1, Marker::Letter(base))
                }
                _ => return false,
            }
        }
        _ => return false,
    };
    let mark = |k: u32| marker.mark(k, stop);
    // A first option spaced from its text has the next on its line, in the KiB after it
    // (`A. 北京 B. 上海`; not an answer's, `答案：A. 因为`).
    let option_after = || {
        let mut to = rest.len().min(1024);
        while !rest.is_char_boundary(to) {
            to -= 1;
        }
        let line = rest[..to].split('\n').next().unwrap_or("");
        let Some(item) = mark(k + 1) else {
            return false;
        };
        line.match_indices(&item)
            .any(|(i, _)| !line[..i].ends_with(|c: char| c.is_ascii_alphanumeric()))
    };
    let first_option = || glued || !digits.is_empty() || option_after();
    let clause_mark = |c: char| {
        matches!(
            c,
            '：' | ':'
                | '；'
                | ';'
                | '，'
                | ','
                | '、'
                | '('
                | '（'
                | '。'
                | '！'
                | '？'
                | '】'
                | '）'
        )
    };
    let before = number.strip_suffix([' ', '\t']).unwrap_or(number);
    // (Not the minutes of a time, nor the group of a number: `15:00.`, `3,14.`.)
    let in_number = |c: char| {
        matches!(c, ':' | ',') && number[..number.len() - 1].ends_with(|c: char| c.is_ascii_digit())
    };
    // (A Chinese sentence typed with an ASCII mark ends there too: `身份证.2.请`,
    // `哪个是直辖市?A.北京`.)
    // (After `?` and `!` an option's letter only: `你几岁了?18.你呢` answers.)
    let han_full_stop = |c: char| {
        (c == '.' || (matches!(c, '?' | '!') && digits.is_empty()))
            && before[..before.len() - 1].ends_with(is_han)
    };
    // The item before it on the line, in the KiB before it (a long line of such numbers
    // costs linear time).
    let item_before = || {
        let Some(k) = k.checked_sub(1).filter(|&k| k >= 1) else {
            return false;
        };
        let mut from = before.len().saturating_sub(1024);
        while !before.is_char_boundary(from) {
            from -= 1;
        }
        let window = &before[from..];
        let line = &window[window.rfind('\n').map_or(0, |i| i + 1)..];
        let Some(item) = mark(k) else {
            return false;
        };
        // (Not the end of a number or a word: `1.5`, `v1.`, `DNA.`; nor an option's letter
        // after a word, `Vitamin A.`.)
        let same = |c: char| match digits.is_empty() {
            true => c.is_ascii_alphanumeric(),
            false => c.is_ascii_digit(),
        };
        line.match_indices(&item).any(|(i, _)| {
            let before = &line[..i];
            let before = match digits.is_empty() {
                true => before.trim_end_matches(' '),
                false => before,
            };
            !before.ends_with(same) && !line[i + item.len()..].starts_with(same)
        })
    };
    match before.chars().next_back() {
        None | Some('\n') => k > 1 || first_option(),
        // (An option's letter there is the first or follows the one before: `答案:C.解析` is
        // an answer's.)
        Some(c) if clause_mark(c) && !(before.len() == number.len() && in_number(c)) => {
            !digits.is_empty() || (k == 1 && first_option()) || item_before()
        }
        Some(c) if han_full_stop(c) => true,
        // Glued after Han (spaced from it or not): a first item, or one whose item before
        // is on the line.
        // (Not an ordinal: `排名第1.大家`.)
        // (Or the number of an example or an exercise that begins its line or sentence:
        // `例2.求n.`, `习题3.证明`; not one referred to, `方法同例2.`.)
        Some(c) if glued && is_han(c) => {
            (k == 1 && !digits.is_empty() && c != '第')
                || item_before()
                || (!digits.is_empty() && numbered_label(before))
        }
        // Spaced from the text before it: one whose item before is on the line, or a
        // first whose next is (`第一部分 I. 总则 II. 定义`).
        _ if before.len() < number.len() => item_before() || (k == 1 && option_after()),
        _ => false,
    }
}

/// [`is_sentence_end`] for the marks of one text, asked in any order: every mark of a run
/// (`?!`, `...`) has the answer of the run, so each run is judged once and a long run of
/// marks costs linear time.
#[derive(Default)]
pub(crate) struct SentenceEnds {
    /// The run last judged (empty at first) and its answer.
    run: Range<usize>,
    answer: bool,
}

impl SentenceEnds {
    /// Whether the mark at byte `pos` of `text` ends a sentence.
    pub(crate) fn at(&mut self, text: &str, pos: usize) -> bool {
        if self.run.contains(&pos) {
            return self.answer;
        }
        let is_mark = |c: char| matches!(c, '.' | '!' | '?');
        let answer = is_sentence_end(text, pos);
        if text[pos..].starts_with(is_mark) {
            let start = text[..pos].trim_end_matches(is_mark).len();
            let end = text.len() - text[pos..].trim_start_matches(is_mark).len();
            self.run = start..end;
            self.answer = answer;
        }
        answer
    }
}

/// Whether the line is one span as the general rule would find, and of which kind: only
/// Latin letters besides neutral characters (English, or `und` without letters or tokens),
/// or only Han characters besides them (Chinese: nothing to embed, nothing to split off);
/// with its number of letters, as the pipeline counts them.
fn single_span(line: &str, has_protected: bool) -> Option<(Kind, usize)> {
    let b = line.as_bytes();
    let ascii_letters = |run: &[u8]| count_bytes(run, |x| (x | 0x20).wrapping_sub(b'a') < 26);
    let (mut latin, mut han) = (has_protected, false);
    // Letters of any script, as the pipeline counts them: Han characters and Latin letters
    // are the only ones a single span can hold.
    let mut letters = 0;
    // (Most lines hold no tag at all.)
    let angle = memchr::memchr(b'<', b).is_some();
    let mut i = 0;
    while let Some(&x) = b.get(i) {
        if x < 0x80 {
            let run = i;
            i = skip_ascii(b, i);
            // (The letters of a tag are no words: see [`Detector::tokenize`].)
            if angle
                && memchr::memchr_iter(b'<', &b[run..i]).any(|p| {
                    let at = run + p;
                    !(at > 0 && b[at - 1].is_ascii_alphanumeric()) && tag_len(&line[at..]).is_some()
                })
            {
                return None;
            }
            let n = ascii_letters(&b[run..i]);
            letters += n;
            latin = latin || n > 0;
        } else if ideograph_at(b, i) {
            let run = i;
            while ideograph_at(b, i) {
                i += 3;
            }
            letters += (i - run) / 3;
            han = true;
        } else {
            let (cl, len) = match quick_class(b, i) {
                Some(cl) => (cl, 3),
                None => match line[i..].chars().next() {
                    Some(c) => (class(c), c.len_utf8()),
                    None => break,
                },
            };
            match cl {
                Class::Han => han = true,
                Class::Kana | Class::Hangul => return None,
                Class::Letter(Script::Latin) => latin = true,
                Class::Letter(_) => return None,
                _ => {}
            }
            letters += usize::from(matches!(cl, Class::Han | Class::Letter(_)));
            i += len;
        }
        // Mixed: no need to read on.
        if han && latin {
            return None;
        }
    }
    let kind = match (han, latin) {
        (true, true) => return None,
        (true, false) => Kind::Zh,
        (false, true) => Kind::Latin,
        (false, false) => Kind::Und,
    };
    Some((kind, letters))
}

/// The spans of text that [`settled`](crate::clean::settled) finds plain Chinese prose
/// (ideographs, common CJK marks, single line breaks), as [`single_span`] reads each line:
/// one span per line, Chinese when it holds a Han character. `han` is the number of Han
/// characters in `text`, which `settled` counted.
pub(crate) fn plain_chinese(text: &str, han: usize, out: &mut Vec<Draft>) {
    let line = |range: Range<usize>, han: usize| Draft {
        kind: if han > 0 { Kind::Zh } else { Kind::Und },
        range,
        embedded: Vec::new(),
        island: false,
        letters: Some(han),
    };
    if memchr::memchr(b'\n', text.as_bytes()).is_none() {
        if !text.is_empty() {
            out.push(line(0..text.len(), han));
        }
        return;
    }
    let mut start = 0;
    for l in text.split('\n') {
        if !l.is_empty() {
            let han = l.chars().filter(|&c| is_han(c)).count();
            out.push(line(start..start + l.len(), han));
        }
        start += l.len() + 1;
    }
}

/// The role of a non-CJK punctuation item, from its neighbours.
fn ascii_role(text: &str, items: &[Item], k: usize, ends: &mut SentenceEnds) -> Role {
    let it = &items[k];
    let s = &text[it.start..it.end];
    let prev = k.checked_sub(1).map(|p| &items[p]);
    let next = items.get(k + 1);
    match s {
        // The `;` of an HTML character reference is part of it (`&nbsp;`).
        ";" if crate::clean::punct::ends_entity(&text[..it.start]) => Role::Other,
        "," | ";" | ":" => Role::Clause,
        "(" | "[" | "{" | "“" | "‘" | "«" | "¿" | "¡" => Role::Open,
        ")" | "]" | "}" | "”" | "’" | "»" => Role::Close,
        "\"" | "'" => {
            let opens = prev.is_none_or(|p| {
                p.tok == Tok::Space
                    || matches!(p.tok, Tok::Punct(Role::Open) | Tok::CjkPunct(Role::Open))
            }) && next.is_some_and(|n| n.tok != Tok::Space);
            if opens { Role::Open } else { Role::Close }
        }
        "." | "!" | "?" if ends.at(text, it.start) => Role::Final,
        _ => Role::Other,
    }
}

/// What a cluster touches in direction `step` from item `from`.
fn side(text: &str, items: &[Item], brackets: &mut Brackets, from: usize, step: isize) -> Side {
    let plain = |k: usize| plain_word(&text[items[k].start..items[k].end]);
    let mut via_punct = false;
    let mut j = from;
    while let Some(n) = j.checked_add_signed(step).filter(|&n| n < items.len()) {
        j = n;
        let it = &items[j];
        if bracket(text, it) == Some(if step > 0 { Role::Open } else { Role::Close })
            && aside(text, items, brackets, j, step)
        {
            return Side::Edge;
        }
        match it.tok {
            Tok::Punct(Role::Clause) => via_punct = true,
            _ if it.is_neutral() => {}
            // A quoted word in a sentence of another language is not Chinese text the
            // cluster could belong to (`Good-afternoon (“麻烦”), Miss Stoner.`).
            Tok::Cjk { .. } | Tok::Hangul => {
                // (A heading in lenticular brackets before it is its line's label, no quoted
                // word: `【答案】B`, `【规格】0.3g`.)
                let heading = step < 0 && j >= 1 && text[items[j - 1].start..].starts_with('【');
                match quoted_word(text, items, j, step) {
                    _ if heading => {}
                    Some(true) => return Side::Edge,
                    // After a plain word it is a word in a sentence (`Real estate (房地产):`).
                    None if via_punct || plain(from) => return Side::Edge,
                    None => return Side::Gloss(j),
                    Some(false) => {}
                }
                return if via_punct {
                    Side::ZhPunct
                } else {
                    Side::Cjk(j)
                };
            }
            Tok::CjkPunct(r) if r != Role::Final => via_punct = true,
            Tok::Word(Script::Latin) if via_punct => return Side::List(j),
            _ => return Side::Edge,
        }
    }
    Side::Edge
}

/// Whether the bracket at item `open`, entered going `step`, holds CJK text between Latin
/// words: an aside of an English sentence (`Previous studies (李实, 2020) document …`),
/// which hosts neither the words before it nor those after.
fn aside(text: &str, items: &[Item], brackets: &mut Brackets, open: usize, step: isize) -> bool {
    let Some(close) = brackets.partner(text, items, open) else {
        return false;
    };
    let cjk = brackets.hosts_between(open, close);
    // (An ASCII bracket glued after a word is its gloss or its call, not an aside of the
    // sentence, `236B(MoE,21B激活) | 128K`; full-width ones are never spaced.)
    let first = open.min(close);
    if first > 0
        && text.as_bytes()[items[first].start] == b'('
        && items[first - 1].end == items[first].start
        && matches!(items[first - 1].tok, Tok::Number | Tok::Word(Script::Latin))
    {
        return false;
    }
    let mut j = close;
    loop {
        let Some(n) = j.checked_add_signed(step).filter(|&n| n < items.len()) else {
            return false;
        };
        j = n;
        if !matches!(items[j].tok, Tok::Space | Tok::Number) {
            return cjk && items[j].is_latin();
        }
    }
}

/// The brackets of a line's items paired once, so that asking for a bracket's partner
/// costs nothing however many unclosed brackets a long sentence holds.
#[derive(Debug, Default)]
struct Brackets {
    /// Whether the items of the line being read are paired.
    ready: bool,
    /// For each item, the bracket that pairs with it, or [`NONE`]. Brackets of any shape
    /// pair with each other, nested, within a sentence: a parenthesis ends with its
    /// sentence.
    partner: Vec<usize>,
    /// For each item, the number of CJK items before it (and one more entry for the end).
    hosts: Vec<usize>,
    open: Vec<usize>,
}

impl Brackets {
    fn pair(&mut self, text: &str, items: &[Item]) {
        self.partner.clear();
        self.partner.resize(items.len(), NONE);
        self.hosts.clear();
        self.open.clear();
        let mut hosts = 0;
        let b = text.as_bytes();
        for (j, it) in items.iter().enumerate() {
            self.hosts.push(hosts);
            // (Brackets start with these bytes: most items are told by their first.)
            let maybe = matches!(b[it.start], b'(' | b')' | b'[' | b']' | 0xE3 | 0xEF);
            match maybe.then(|| bracket(text, it)).flatten() {
                Some(Role::Open) => self.open.push(j),
                Some(_) => {
                    if let Some(o) = self.open.pop() {
                        self.partner[o] = j;
                        self.partner[j] = o;
                    }
                }
                None if matches!(it.tok, Tok::Punct(Role::Final) | Tok::CjkPunct(Role::Final)) => {
                    self.open.clear();
                }
                None => hosts += usize::from(it.is_host()),
            }
        }
        self.hosts.push(hosts);
    }

    /// The bracket paired with item `j` of `items`, the line's items.
    fn partner(&mut self, text: &str, items: &[Item], j: usize) -> Option<usize> {
        if !self.ready {
            self.pair(text, items);
            self.ready = true;
        }
        Some(self.partner[j]).filter(|&p| p != NONE)
    }

    /// Whether CJK text lies between items `a` and `b`, in either order.
    fn hosts_between(&self, a: usize, b: usize) -> bool {
        self.hosts[a.max(b)] > self.hosts[a.min(b) + 1]
    }

    fn capacity(&self) -> usize {
        self.partner.capacity() + self.hosts.capacity() + self.open.capacity()
    }
}

/// Whether item `it` is a bracket, and which way it faces (`Role::Open` or `Role::Close`).
/// Quotes are not brackets: a straight quote faces either way.
fn bracket(text: &str, it: &Item) -> Option<Role> {
    // (Brackets are punctuation that opens or closes: most items are told by their token.)
    match it.tok {
        Tok::Punct(Role::Open | Role::Close) | Tok::CjkPunct(Role::Open | Role::Close) => {
            bracket_char(text[it.start..].chars().next()?)
        }
        _ => None,
    }
}

/// Whether `c` is a bracket, and which way it faces.
fn bracket_char(c: char) -> Option<Role> {
    match c {
        '(' | '[' | '（' | '［' | '【' | '〔' | '〈' | '《' => Some(Role::Open),
        ')' | ']' | '）' | '］' | '】' | '〕' | '〉' | '》' => Some(Role::Close),
        _ => None,
    }
}

/// Whether the first item past item `from` in direction `step`, spaces aside, is a bracket
/// that closes (going right) or opens (going left).
fn bracket_beside(text: &str, items: &[Item], from: usize, step: isize) -> bool {
    let mut j = from;
    while let Some(n) = j.checked_add_signed(step).filter(|&n| n < items.len()) {
        j = n;
        if items[j].tok != Tok::Space {
            let facing = if step > 0 { Role::Close } else { Role::Open };
            return bracket(text, &items[j]) == Some(facing);
        }
    }
    false
}

/// Whether `line` of `text` is English prose: more than three Latin letters (outside URLs,
/// e-mail addresses and paths) for each ideograph, and English function words, not only
/// names and codes (`型号：SF-A3-BLK / SF-A3-WHT`): two, or one where there are more than
/// eight letters for each ideograph, or four on a line that begins in Latin letters
/// (`Popular apps include 微信 and 支付宝.`, while `乙方账户：Bank of China，账号：` is
/// Chinese). In an English document (`english`)
/// more letters than ideographs are enough on a line that begins in Latin letters: a short
/// line of a label or a name and its Chinese leftover (`Source: 新华社, 2024-10-09.`) is
/// the document's language, a line begun in Chinese (`体温正常,BP 142/88mmHg.`) is not.
/// Nor is a line that lists English words with the enumeration comma (`、`). Letters
/// and ideographs (lead bytes 0xE4..0xE9, U+4000..U+9FFF) are what cleaning never changes,
/// so the answer does not change as punctuation is converted.
fn is_latin_line(
    text: &str,
    line: Range<usize>,
    protected: &[Range<usize>],
    english: impl FnOnce() -> bool,
) -> bool {
    let b = &text.as_bytes()[line.clone()];
    // English words listed with the enumeration comma, which only Chinese writes, are the
    // items of a Chinese sentence (`包括cost of living、quality of life等话题`).
    static COMMA: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("、".as_bytes()));
    if COMMA.find_iter(b).any(|k| {
        let before = b[..k].iter().rev().find(|&&x| x != b' ');
        let after = b[k + 3..].iter().find(|&&x| x != b' ');
        before
            .zip(after)
            .is_some_and(|(x, y)| is_letter_byte(*x) && is_letter_byte(*y))
    }) {
        return false;
    }
    let ideographs = count_bytes(b, is_ideograph_lead);
    let mut outside = count_bytes(b, is_letter_byte);
    for r in protected {
        outside -= count_bytes(
            &text.as_bytes()[r.start.max(line.start)..r.end.min(line.end)],
            is_letter_byte,
        );
    }
    // Letters in title marks, which only Chinese writes, name a work in a Chinese sentence
    // (`我在读《The Psychology of Money》这本书`).
    // (`《` is E3 80 8A and `》` E3 80 8B: found by their last byte, which fewer characters
    // of a line hold than their first.)
    let mut title = None;
    for k in memchr::memchr2_iter(0x8A, 0x8B, b) {
        if k < 2 || b[k - 2..k] != [0xE3, 0x80] {
            continue;
        }
        if b[k] == 0x8A {
            title = Some(k + 1);
        } else if let Some(open) = title.take() {
            outside = outside.saturating_sub(count_bytes(&b[open..k - 2], is_letter_byte));
        }
    }
    // (A short tag in brackets that begins the line is no beginning: `(图) Photo: 新华社`,
    // `（一）Background`.)
    let head = text[line.clone()].trim_start();
    let head = [('(', ')'), ('（', '）'), ('[', ']'), ('【', '】')]
        .into_iter()
        .find_map(|(open, close)| {
            let inner = head.strip_prefix(open)?;
            let (end, _) = inner.char_indices().take(8).find(|&(_, c)| c == close)?;
            Some(&inner[end + close.len_utf8()..])
        })
        .unwrap_or(head);
    let begins_latin = head
        .bytes()
        .find(|&x| is_letter_byte(x) || is_ideograph_lead(x))
        .is_some_and(|x| x < 0x80);
    // (A Chinese lead-in, a term and Chinese words with no English one, before the colon
    // that quotes the rest, glued to it as Chinese is typed: `Spring Boot启动报错:Field
    // userMapper … could not be found.`, `Git push时报错:fatal: …`; not `We call it 叠加态:
    // the state…`, nor a bilingual label, `Dosage 剂量: take 1 tablet`.)
    // (Its colon, ASCII or the last byte of `：`, EF BC 9A, in the first 144 bytes.)
    // (Or before the comma and the quotation after it, as Chinese news quotes English
    // speech: `Tim Cook在采访中表示,"China is…"`.)
    let chinese_lead_in = |head: &str| {
        let near = &head.as_bytes()[..head.len().min(144)];
        // (Or an error's name after it, whose message the colon quotes, spaced as English
        // is: `Python读取文件报错FileNotFoundError: [Errno 2] No such file…`.)
        let named = |k: usize| {
            let lead = &head[..k];
            let bare = lead.trim_end_matches(|c: char| c.is_ascii_alphanumeric() || c == '_');
            let han = bare.strip_suffix(' ').unwrap_or(bare);
            // (A name in camel case, as errors are named; not a bilingual label's word,
            // `Warning 警告 Note: do not…`.)
            let camel = lead[bare.len()..]
                .bytes()
                .filter(u8::is_ascii_uppercase)
                .nth(1)
                .is_some();
            // (Nor a label and its translation before it, `Error 错误 FileNotFoundError:`:
            // a clause of three ideographs at least.)
            let clause = han.chars().filter(|&c| is_han(c)).nth(2).is_some();
            (camel && clause).then_some(han)
        };
        let chinese_end = |k: usize| {
            let lead = named(k).unwrap_or(&head[..k]);
            lead.ends_with(is_han) && !has_function_words(lead, 1)
        };
        let lead_in =
            |k: usize| chinese_end(k) && head[..k].chars().filter(|&c| is_han(c)).nth(1).is_some();
        let colon = memchr::memchr2_iter(b':', 0x9A, near).find_map(|k| match near[k] {
            b':' => Some((k, false)),
            _ if k >= 2 && near[k - 2..k] == [0xEF, 0xBC] => Some((k - 2, true)),
            _ => None,
        });
        let quoting = |k: usize, wide: bool| {
            let rest = &head[k + if wide { 3 } else { 1 }..];
            rest.trim_start_matches(' ').starts_with(['"', '“', '「'])
        };
        let comma = || {
            memchr::memchr2_iter(b',', 0x8C, near).find_map(|k| match near[k] {
                b',' if quoting(k, false) => Some(k),
                0x8C if k >= 2 && near[k - 2..k] == [0xEF, 0xBC] && quoting(k - 2, true) => {
                    Some(k - 2)
                }
                _ => None,
            })
        };
        // (Before a comma, a verb of saying ends it, one ideograph or more: `表示`, `说`,
        // `指出`, `认为`; not `Words like 加油,"add oil," are…`.)
        let says = |k: usize| {
            head[..k].ends_with([
                '说', '道', '称', '示', '出', '为', '言', '调', '应', '露', '问', '答',
            ])
        };
        // (Or before English that a Chinese clause mark closes, Chinese after it, as a
        // question about an error message is typed: `PyTorch训练时报CUDA out of memory，
        // 怎么办`; no English sentence closes its words with one.)
        // (The term is a word or two at the line's start, and the Chinese after it short:
        // read within 64 and 144 bytes, not to the first Han of a line of English.)
        let closed_wide = || {
            let b = head.as_bytes();
            let Some(first_han) = b.iter().take(64).position(|x| !x.is_ascii()) else {
                return false;
            };
            if !head[first_han..].starts_with(is_han) {
                return false;
            }
            let Some(k) = b[first_han..]
                .iter()
                .take(144)
                .position(u8::is_ascii_alphabetic)
                .map(|k| first_han + k)
            else {
                return false;
            };
            // (The English run is ASCII: read up to 256 bytes of it.)
            let Some(m) = head.as_bytes()[k..]
                .iter()
                .take(256)
                .position(|x| !x.is_ascii())
            else {
                return false;
            };
            let after = &head[k + m..];
            lead_in(head[..k].trim_end().len())
                && head[k..k + m]
                    .trim_end()
                    .ends_with(|c: char| c.is_ascii_alphanumeric())
                && ['，', '？', '；', '！']
                    .iter()
                    .any(|&w| after.strip_prefix(w).is_some_and(|a| a.starts_with(is_han)))
        };
        colon.is_some_and(|(k, wide)| {
            (wide || !head[k + 1..].starts_with([' ', '\t']) || named(k).is_some()) && lead_in(k)
        }) || comma().is_some_and(|k| says(k) && chinese_end(k))
            || closed_wide()
    };
    // (Or after a Chinese sentence, the lead-in beginning the next: `持续发酵。Meta首席科学家
    // 评论称:"To people who see…"`.)
    let next_sentence = || {
        let mut n = head.len().min(144);
        while !head.is_char_boundary(n) {
            n -= 1;
        }
        let near = &head[..n];
        let end = near.rfind(['。', '！', '？'])?;
        let rest = &head[end + 3..];
        rest.starts_with(|c: char| c.is_ascii_alphabetic())
            .then_some(rest)
    };
    if (begins_latin && chinese_lead_in(head))
        || (!begins_latin && next_sentence().is_some_and(chinese_lead_in))
    {
        return false;
    }
    // (Or a sentence of English words that names Chinese ones, words and not clauses (runs
    // of four ideographs at most), with no CJK mark, and ends in English: `Li Bai wrote 静夜思
    // in 726.`, `Please pay via 支付宝 or 微信支付.`; not `Apple 推出了 Vision Pro 头显`, with
    // no English word, nor `Python 中的 for 循环和 while 循环`, which ends in Chinese.)
    let names_words = || {
        let mut run = 0;
        let l = &text[line.clone()];
        l.trim_end().ends_with(|c: char| c.is_ascii())
            && l.chars().all(|c| {
                run = if is_han(c) { run + 1 } else { 0 };
                run <= 4 && class(c) != Class::CjkPunct
            })
    };
    // (Or a headline's or a short sentence's words around a Chinese name, with no function
    // word, begun with a capitalized word and a lowercase one, its subject and verb:
    // `Regulators probe 拼多多 pricing practices`, `Analysts praised 比亚迪's strategy.`.)
    let subject_verb = || {
        let mut words = head.split(' ');
        let (Some(a), Some(b)) = (words.next(), words.next()) else {
            return false;
        };
        a.len() >= 2
            && a.starts_with(|c: char| c.is_ascii_uppercase())
            && a[1..].bytes().all(|x| x.is_ascii_lowercase())
            && b.len() >= 2
            && b.bytes().all(|x| x.is_ascii_lowercase())
    };
    // (Or an English label's line, three words or more after its colon and more than three
    // letters for each ideograph, its Chinese a leftover: `Diagnosis: Type 2 diabetes
    // mellitus; 高血压3级`, `Pros: great food, friendly staff, 价格实惠`; not `Note: 这个功能
    // 需要Python 3.10以上`.)
    let label_name = |name: &str| {
        name.len() >= 2
            && name.starts_with(|c: char| c.is_ascii_uppercase())
            && name.bytes().all(|x| x.is_ascii_alphabetic() || x == b' ')
    };
    let label = || {
        let Some((name, rest)) = head.split_once(": ") else {
            return false;
        };
        // (One label: not a bilingual line's two, `EN: Good morning. CN: 早上好。`.)
        label_name(name)
            && name.matches(' ').count() <= 1
            && !rest.contains([':', '：'])
            && rest
                .split(' ')
                .take(3)
                .filter(|w| w.starts_with(|c: char| c.is_ascii_alphanumeric()))
                .count()
                == 3
    };
    // (Or an English label's line with its Chinese label's after it, as bilingual abstracts
    // give their keywords: `Keywords: deep learning; attention 关键词：深度学习；注意力`.)
    let label_pair = || {
        let Some((name, rest)) = head.split_once(": ") else {
            return false;
        };
        let Some(cn) = rest.find(is_han) else {
            return false;
        };
        let (en, zh) = rest.split_at(cn);
        let Some((zh_name, zh_rest)) = zh.split_once(['：', ':']) else {
            return false;
        };
        label_name(name)
            && en.ends_with(' ')
            && !en.contains([':', '：'])
            && en.split(' ').filter(|w| !w.is_empty()).count() >= 2
            && (1..=6).contains(&zh_name.chars().count())
            && zh_name.chars().all(is_han)
            && !zh_rest.bytes().any(|x| x.is_ascii_alphabetic())
    };
    (outside > 3 * ideographs && has_function_words(&text[line.clone()], 2))
        || (begins_latin && outside > 3 * ideographs && label())
        || (begins_latin && label_pair())
        || (begins_latin && outside > 6 * ideographs && subject_verb() && names_words())
        || (begins_latin
            && outside > ideographs
            && has_function_words(&text[line.clone()], 1)
            && names_words())
        || (outside > 4 * ideographs && begins_latin && has_function_words(&text[line.clone()], 1))
        || (outside > 8 * ideographs && has_function_words(&text[line], 1))
        || (outside > ideographs && begins_latin && english())
}

/// Whether `text` (a document, or a part of one) is English: more than five Latin letters
/// for each ideograph, and enough of them (some forty words) to tell. Chinese text with
/// English terms and code has two or fewer; a Chinese sentence says with one ideograph
/// about what an English word says with five letters.
fn is_english_document(text: &str) -> bool {
    let b = text.as_bytes();
    let letters = count_bytes(b, is_letter_byte);
    letters >= 200 && letters > 5 * count_bytes(b, is_ideograph_lead)
}

fn is_letter_byte(x: u8) -> bool {
    (x | 0x20).wrapping_sub(b'a') < 26
}

/// Whether byte `x` of UTF-8 begins an ideograph of U+4000..U+9FFF (lead bytes E4..E9).
pub(crate) fn is_ideograph_lead(x: u8) -> bool {
    x.wrapping_sub(0xE4) < 6
}

/// Whether `word` is a plain lowercase word (`watched`), not a name, code or number.
pub(crate) fn plain_word(word: &str) -> bool {
    word.bytes().all(|x| x.is_ascii_lowercase() || x == b'\'')
}

/// Whether the Han item `j`, reached going `step` from a cluster, is a quoted word: a quote
/// or bracket on each side of it (`(“麻烦”)`, `"胡同"`, `《红楼梦》`), and no CJK text beyond.
/// `None`: quoted, with nothing beyond it in its sentence (`Rust（编程语言）`), where it may
/// be a name's gloss rather than a word in a sentence.
fn quoted_word(text: &str, items: &[Item], j: usize, step: isize) -> Option<bool> {
    let bracket = |it: &Item| {
        matches!(
            it.tok,
            Tok::Punct(Role::Open | Role::Close) | Tok::CjkPunct(Role::Open | Role::Close)
        )
    };
    // Enclosed: an opening mark before it and a closing one after (not `）和（`). A straight
    // quote is either, as the sentence around reads it.
    let role = |it: &Item, r: Role| {
        it.tok == Tok::Punct(r)
            || it.tok == Tok::CjkPunct(r)
            || (bracket(it) && matches!(text.as_bytes()[it.start], b'"' | b'\''))
    };
    let at = |d: isize| j.checked_add_signed(d).and_then(|k| items.get(k));
    if !at(-1).is_some_and(|it| role(it, Role::Open))
        || !at(1).is_some_and(|it| role(it, Role::Close))
    {
        return Some(false);
    }
    // In a sentence begun in Chinese, a bracket glued after the word it explains, as
    // Chinese is typed, is a gloss however the sentence goes on (`我会Go(精通), Python(熟练),
    // Java(了解)`); English spaces it (`Good-afternoon (“麻烦”), Miss Stoner.`).
    let gloss = step > 0
        && text[items[j - 1].start..].starts_with(['(', '[', '（'])
        && at(-2).is_some_and(|w| w.is_latin() && w.end == items[j - 1].start)
        && items[..j - 2]
            .iter()
            .rev()
            .take_while(|it| {
                !matches!(it.tok, Tok::Punct(Role::Final) | Tok::CjkPunct(Role::Final))
            })
            .any(|it| matches!(it.tok, Tok::Cjk { .. }));
    // CJK punctuation beyond is passed over as ASCII punctuation is: punctuation converts
    // one into the other, and the answer must not change when it does (a chain of
    // `X(造',` read one link a round otherwise).
    let mut k = j;
    while let Some(n) = k.checked_add_signed(step).filter(|&n| n < items.len()) {
        k = n;
        let it = &items[k];
        if matches!(it.tok, Tok::Punct(Role::Final) | Tok::CjkPunct(Role::Final)) {
            break;
        }
        if bracket(it) || it.is_neutral() || matches!(it.tok, Tok::CjkPunct(_)) {
            continue;
        }
        let cjk = matches!(it.tok, Tok::Cjk { .. } | Tok::Hangul);
        return (cjk || !gloss).then_some(!cjk);
    }
    None
}

fn is_closing(c: char) -> bool {
    matches!(
        c,
        '.' | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | ')'
            | ']'
            | '}'
            | '"'
            | '\''
            | '”'
            | '’'
            | '»'
            | '%'
            | '‰'
            | '…'
    ) || matches!(cjk_role(c), Role::Final | Role::Clause | Role::Close)
}

fn is_opening(c: char) -> bool {
    matches!(
        c,
        '(' | '[' | '{' | '"' | '\'' | '“' | '‘' | '«' | '$' | '¥' | '€' | '£' | '₩' | '#' | '@'
    ) || cjk_role(c) == Role::Open
}

fn ends_sentence(tok: &str) -> bool {
    trim_closing(tok).ends_with(['.', '!', '?', '。', '！', '？', '．', '｡', '…'])
}

/// `tok` without the blanks and closing quotes and brackets at its end.
fn trim_closing(tok: &str) -> &str {
    tok.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '"' | '\'' | ')' | '”' | '’' | '」' | '』' | '）')
    })
}

/// Whether the span at `range` of `text` ends a sentence: [`ends_sentence`], and an ASCII
/// mark is a sentence end by [`is_sentence_end`] (not `Huaxin Ltd.`).
fn ends_with_sentence(text: &str, range: Range<usize>) -> bool {
    let s = &text[range.clone()];
    if !ends_sentence(s) {
        return false;
    }
    let body = trim_closing(s);
    let mark = body.len() - 1;
    !body.ends_with(['.', '!', '?']) || is_sentence_end(text, range.start + mark)
}

/// Splits the neutral characters between two spans of different languages: returns where
/// the left span ends and the right span begins.
///
/// Closing punctuation stays with the text on its left and opening punctuation goes to the
/// text on its right; a number goes with the Chinese text it is glued to (`$300 亿`) or
/// that follows it (`in 2014 年`), and otherwise with its clause on the left (`in 2014. 这`,
/// `In 2023, 中国`, `in 2023，而`).
fn split_gap(text: &str, gap: Range<usize>, right_is_zh: bool) -> (usize, usize) {
    let g = &text[gap.clone()];
    if g.is_empty() {
        return (gap.start, gap.start);
    }
    let mut toks: Vec<Range<usize>> = Vec::new();
    let mut tok_start = None;
    for (i, c) in g.char_indices() {
        match (c.is_whitespace(), tok_start) {
            (false, None) => tok_start = Some(i),
            (true, Some(s)) => {
                toks.push(gap.start + s..gap.start + i);
                tok_start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = tok_start {
        toks.push(gap.start + s..gap.end);
    }
    if toks.is_empty() {
        return (gap.start, gap.end);
    }
    let glued_left = toks[0].start == gap.start;
    let glued_right = toks[toks.len() - 1].end == gap.end;
    // An item's number alone between them, `①`, `⑵`, `㈠`, opens the item on its right:
    // `bank n. ① 银行 ② 河岸`.
    let enumerator = |t: &Range<usize>| {
        let mut cs = text[t.clone()].chars();
        cs.next().is_some_and(|c| {
            matches!(c, '\u{2460}'..='\u{24FF}' | '\u{2776}'..='\u{2793}' | '\u{3220}'..='\u{3229}' | '\u{3280}'..='\u{3289}')
        }) && cs.next().is_none()
    };
    let item = &toks[toks.len() - 1];
    if enumerator(item) && (toks.len() > 1 || !glued_left) {
        let left = if toks.len() > 1 {
            toks[toks.len() - 2].end
        } else {
            gap.start
        };
        return (left, item.start);
    }
    // (A straight quote that closes the line's quotation is the text's on its left, English
    // glued after it: `"我们不怕竞争，"Wang said.`.)
    if toks.len() == 1 && glued_left && glued_right && !right_is_zh && g.ends_with('"') {
        let from = gap.end.saturating_sub(512);
        let before = &text.as_bytes()[from..gap.end - 1];
        let line = &before[memchr::memrchr(b'\n', before).map_or(0, |p| p + 1)..];
        if memchr::memchr_iter(b'"', line).count() % 2 == 1 {
            return (gap.end, gap.end);
        }
    }
    // (A possessive's apostrophe is the English `s`'s: `比亚迪's shares`.)
    let possessive = || {
        let after = &text.as_bytes()[gap.end..];
        after.first() == Some(&b's') && after.get(1).is_none_or(|x| !x.is_ascii_alphanumeric())
    };
    if matches!(g, "'" | "’") && !right_is_zh && possessive() {
        return (gap.start, gap.start);
    }
    if toks.len() == 1 && glued_left && glued_right {
        let p = split_glued(g, right_is_zh, true, true, || {
            opened_in_prose(text, gap.start)
        }) + gap.start;
        return (p, p);
    }
    // A number after a clause mark or an opening bracket glued to the Chinese on its left,
    // apart from the English words after it, begins them: `很久，2 hours later`,
    // `押一付三(1 month deposit`.
    if toks.len() == 1 && glued_left && !glued_right && !right_is_zh {
        let t = &text[toks[0].clone()];
        let number = t.trim_start_matches(|c: char| {
            matches!(c, ',' | ';' | '，' | '；' | '、')
                || (is_opening(c) && !matches!(c, '"' | '\''))
        });
        let mark = &t[..t.len() - number.len()];
        if !mark.is_empty()
            && number.starts_with(|c: char| c.is_ascii_digit())
            && number
                .bytes()
                .all(|x| x.is_ascii_digit() || x == b'.' || x == b'%')
            && text[gap.end..].starts_with(|c: char| c.is_ascii_alphabetic())
        {
            // (The clause mark stays with the clause it ends; the bracket opens the words.)
            let keep = mark.trim_end_matches(|c: char| is_opening(c)).len();
            let p = toks[0].start + keep;
            return (p, p);
        }
    }
    let last = toks.len() - 1;
    // A number after a clause mark opens the next clause (`（翠湖宾馆）, 6 Cuihu South Rd.`),
    // unless a bracket closes after it (`(李实, 2020)`).
    let after_clause = |i: usize| {
        i > 0
            && text[toks[i - 1].clone()].ends_with([',', '，', ';', '；', '、'])
            && !text[toks[i].clone()].ends_with(is_closing)
    };
    let mut a_end = gap.start;
    for (i, t) in toks.iter().enumerate() {
        let whole = &text[t.clone()];
        let mut left_glued = i == 0 && glued_left;
        // What follows the end of a sentence is not glued to it (`。3.5` reads as `。 3.5`,
        // which punctuation may make of it).
        let mut off = 0;
        if left_glued {
            let lead = whole.len() - whole.trim_start_matches(is_closing).len();
            if lead < whole.len() && ends_sentence(&whole[..lead]) {
                (off, left_glued) = (lead, false);
            }
        }
        let s = &whole[off..];
        // A token glued to a span splits like glued text: `123，we` keeps `123，` on the left.
        let glued = left_glued || (i == last && glued_right);
        // A number glued only to the span on its left is that span's (`US$25,000). 该…`),
        // unless a bracket opens before it (`in March（3 月）`).
        let only_left = left_glued && !(i == last && glued_right) && !s.starts_with(is_opening);
        let b_from = off
            + if glued {
                split_glued(
                    s,
                    right_is_zh && !only_left,
                    left_glued,
                    i == last && glued_right,
                    || left_glued && opened_in_prose(text, t.start + off),
                )
            } else if ends_sentence(s) || s.chars().all(is_closing) {
                s.len()
            } else if let Some(p) = number_then_bracket(s).filter(|_| i == last && right_is_zh) {
                p
            } else if s.chars().all(is_opening)
                || (i == last
                    && (right_is_zh || magnitude(&text[gap.end..]) || after_clause(i))
                    && s.chars().any(|c| c.is_ascii_digit())
                    && !s.ends_with([',', ';', ':']))
                || (i == last
                    && !right_is_zh
                    && number_before_words(
                        s,
                        &text[gap.end..],
                        i > 0 && text[toks[i - 1].clone()].ends_with([',', '，']),
                    ))
            {
                0
            } else {
                // Trailing opening marks go right (`:《`, `¢?‘`), as they would if the
                // token were glued to the span on its left.
                s.trim_end_matches(|c| is_opening(c) && !matches!(c, '"' | '\''))
                    .len()
            };
        let s = whole;
        if b_from < s.len() {
            let b_start = t.start + b_from;
            return (if b_from == 0 { a_end } else { b_start }, b_start);
        }
        a_end = t.end;
    }
    (a_end, gap.end)
}

/// Where the opening bracket after a number is in a token that the Chinese after it takes:
/// only the number inside the bracket is the Chinese text's, the one before it is the text's
/// on the left (`costs 300（40美元）`), as before a bracket that opens the Chinese. `None`
/// when the bracket closes in the token.
fn number_then_bracket(s: &str) -> Option<usize> {
    let p = s.rfind(['(', '（', '[', '【'])?;
    // (Open at the token's end: a bracket closed before the Chinese is the number's own,
    // `in 2020(3), 但`.)
    (s[..p].contains(|c: char| c.is_ascii_digit()) && !s[p..].contains([')', '）', ']', '】']))
        .then_some(p)
}

/// Whether a token standing apart is a number that the English words after it go on from:
/// its quantity before a unit (`苹果 3 kg and left`, `茅台酒 1,200 tonnes`), an apposition's
/// number between commas (`王某, 34, had been`), a year in brackets (`英雄 (2002) was a
/// hit`); not a number the Chinese word before it takes, `图 3 for details`, `小米 14
/// launched`, `北京 2008 was`.
fn number_before_words(token: &str, after: &str, apposition: bool) -> bool {
    let number = |n: &str| {
        n.starts_with(|c: char| c.is_ascii_digit())
            && n.bytes()
                .all(|x| x.is_ascii_digit() || x == b',' || x == b'.')
    };
    if !after.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return false;
    }
    if let Some(n) = token.strip_suffix(',') {
        return apposition && number(n);
    }
    if let Some(year) = token.strip_prefix('(').and_then(|n| n.strip_suffix(')')) {
        return year.len() == 4
            && (year.starts_with('1') || year.starts_with("20"))
            && number(year);
    }
    let unit = &after[..after
        .bytes()
        .take(16)
        .take_while(u8::is_ascii_alphabetic)
        .count()];
    number(token) && (UNITS.contains(&unit) || magnitude(unit))
}

/// Units and counted nouns a number before English words measures.
#[rustfmt::skip]
const UNITS: &[&str] = &[
    "kg", "g", "mg", "t", "lb", "lbs", "oz", "km", "m", "cm", "mm", "mi", "ft", "ml", "l",
    "kilograms", "grams", "tonnes", "tons", "pounds", "ounces", "kilometres", "kilometers",
    "metres", "meters", "miles", "feet", "inches", "litres", "liters", "hectares", "acres",
    "years", "months", "weeks", "days", "hours", "minutes", "seconds", "times", "people",
    "yuan", "dollars", "percent", "pieces", "units", "copies", "episodes", "pages", "degrees",
];

/// Whether the quotation or bracket that the mark at `close` (if it is one) closes opened
/// after an English word or clause mark in an English sentence (`was "largely symbolic"`,
/// `was (in part)`), not in a Chinese sentence or at the line's start (`口号是"Think
/// different."`).
fn opened_in_prose(text: &str, close: usize) -> bool {
    let Some(c) = text[close..].chars().next() else {
        return false;
    };
    let open = match c {
        '"' | '\'' => c,
        '”' => '“',
        '’' => '‘',
        ')' => '(',
        '）' => '（',
        _ => return false,
    };
    // (A quotation is short, and on one line.)
    let mut from = close.saturating_sub(256);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let line = &text[from..close];
    let line = line.rfind('\n').map_or(line, |n| &line[n + 1..]);
    let Some(o) = line.rfind(open) else {
        return false;
    };
    // (An English sentence, not a run of English in a Chinese one: `报错 Error: Cannot find
    // module 'webpack'，说明…` quotes in a Chinese sentence.)
    let sentence = line[..o].rfind(['。', '！', '？']).map_or(0, |e| e + 3);
    let before = &line[sentence..o];
    !before.contains(is_han)
        && before
            .trim_end_matches(' ')
            .chars()
            .next_back()
            .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, ',' | ':' | ';'))
}

/// Whether `s` begins with a word that scales the number before it: that number is the
/// English text's (`达到 $5.2 billion`), not the Chinese clause's.
fn magnitude(s: &str) -> bool {
    let word = s
        .split(|c: char| !c.is_ascii_alphabetic())
        .next()
        .unwrap_or("");
    matches!(
        word,
        "thousand" | "million" | "billion" | "trillion" | "percent" | "bn" | "mn"
    )
}

/// Where the right span begins in neutral text without whitespace: leading closing marks
/// stay left, trailing opening marks go right, and the rest goes right only when it holds a
/// number glued to Chinese (`$300亿`), not one that clause punctuation ends (`2023，而`) or
/// a bracket follows (`12（第十二页）`). `opens_right`: `g` is glued to the text on its
/// right; `in_prose`: the quotation or bracket `g` may close opened after an English word.
fn split_glued(
    g: &str,
    right_is_zh: bool,
    quotes_close: bool,
    opens_right: bool,
    in_prose: impl Fn() -> bool,
) -> usize {
    // Chinese clause marks glued only to the Chinese text on their right open it (a
    // leftover clause `of ，即变做…`).
    if right_is_zh && !quotes_close && g.chars().all(|c| matches!(c, '，' | '、' | '；' | '：'))
    {
        return 0;
    }
    // `"` and `'` close what is on their left unless the text is glued only to the right.
    let closing = |c: char| is_closing(c) && (quotes_close || !matches!(c, '"' | '\''));
    let mut lead = g
        .char_indices()
        .find(|&(_, c)| !closing(c))
        .map_or(g.len(), |(i, _)| i);
    // A clause mark after a closed quotation, bracket or sentence, glued to the Chinese
    // after it, goes on with that Chinese (`口号"Think different."，很有名`, `烤肉(삼겹살),气氛`):
    // the quotation ended before it. (Before a space it ends the English clause: `"…forever",
    // 也就是…`; and so it does after a quotation in English prose: `the move was "largely
    // symbolic",并指出…`.)
    if right_is_zh && quotes_close && opens_right {
        let mut before = None;
        for (i, c) in g[..lead].char_indices() {
            let after_end = matches!(
                before,
                Some('"' | '\'' | '”' | '’' | '.' | '!' | '?' | ')' | '）' | '」' | '』' | '》')
            );
            if after_end && matches!(c, '，' | '、' | '；' | '：' | ',' | ';' | ':') {
                if in_prose() {
                    break;
                }
                return i;
            }
            before = Some(c);
        }
    }
    // A straight quote glued to the Latin text after it opens that text when CJK
    // punctuation or nothing but the text on the left comes before it (`表示："We`,
    // `口号是"Think`; not `释放。" said`).
    if !right_is_zh && opens_right && lead == g.len() {
        let mut back = g.chars().rev();
        let quote = back.next();
        let opens = match back.next() {
            Some(c) => matches!(quote, Some('"' | '\'')) && cjk_role(c) != Role::Other,
            None => quote == Some('"'),
        };
        if opens {
            lead -= 1;
        }
    }
    // (A straight quote right after a sentence end closes its quotation: `by 2029."大家`.)
    let closes_sentence = |i: usize| {
        g[..i].ends_with(['.', '!', '?']) && matches!(g[i..].chars().next(), Some('"' | '\''))
    };
    let trail = g[lead..]
        .char_indices()
        .rev()
        .take_while(|&(i, c)| is_opening(c) && !closes_sentence(lead + i))
        .last()
        .map_or(g.len(), |(i, _)| lead + i);
    let middle = &g[lead..trail];
    // A number before clause punctuation ends the clause on its left, with the mark
    // (`in 2023，而`, as `PM，地点`), and so does one before a sentence end (`grew
    // 8.5%.据报道`), also inside a quotation (`by 2029.”大家`).
    let ends_clause = middle
        .trim_end_matches(['"', '\'', '”', '’', ')', '）'])
        .ends_with([',', ';', ':', '，', '；', '：', '、', '.', '!', '?']);
    // (Before an opening bracket a number is not glued to the Chinese: `page 12（第十二页）`.)
    let glued_to_zh = trail == g.len() && middle.chars().any(|c| c.is_ascii_digit());
    if right_is_zh && !ends_clause && glued_to_zh {
        lead + number_then_bracket(middle).unwrap_or(0)
    } else {
        trail
    }
}

/// Whether `c` may be an edge mark of an island that belongs to the sentence around it:
/// whitespace, ASCII quotes, brackets and sentence punctuation, dashes and general
/// quotation marks (U+2010..U+2027), guillemets, Markdown emphasis. CJK punctuation is the
/// island's own.
fn sentence_mark(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '"' | '\''
                | '*'
                | '('
                | ')'
                | '['
                | ']'
                | '{'
                | '}'
                | ','
                | '.'
                | ';'
                | ':'
                | '!'
                | '?'
                | '-'
                | '«'
                | '»'
                | '\u{2010}'..='\u{2027}'
        )
}

/// Whether the word `line[i..j]`, whose first letter is Greek, holds at most two Greek
/// letters and either ASCII letters or digits or Han text beside it (spaces aside), or other
/// letters than Greek on either side and none Greek (a symbol in a formula or in prose:
/// `(κ = 0.87), and`, `Cronbach's α was`): a symbol or unit (`100μg`, `10kΩ`,
/// `如β-内酰胺酶`, `α 粒子`), not a Greek word.
fn greek_symbol(line: &str, i: usize, j: usize) -> bool {
    let word = &line[i..j];
    let is_greek = |c: char| class(c) == Class::Letter(Script::Greek);
    let greek = word.chars().filter(|&c| is_greek(c)).count();
    // The nearest letters before and after it, within a few characters.
    let before = line[..i].chars().rev().take(16).find(|c| c.is_alphabetic());
    let after = line[j..].chars().take(16).find(|c| c.is_alphabetic());
    greek <= 2
        && (word.bytes().any(|b| b.is_ascii_alphanumeric())
            || line[..i].trim_end().ends_with(is_han)
            || line[j..].trim_start_matches([' ', '-']).starts_with(is_han)
            || ((before.is_some() || after.is_some())
                && !before.is_some_and(is_greek)
                && !after.is_some_and(is_greek)))
}

/// A handle or hashtag that ends a line of Chinese after its last sentence is the post's
/// (`求助！！@AppleSupport`, `太好看了！#MovieNight`): its span joins the Chinese one before
/// it. `spans[from..]` are the spans of one line.
fn join_post_tag(text: &str, spans: &mut Vec<Draft>, from: usize) {
    let n = spans.len();
    if n < from + 2 {
        return;
    }
    let (zh, tag) = (&spans[n - 2], &spans[n - 1]);
    // (Or several, spaced: `#Bitcoin #Web3`.)
    let is_tag = |t: &str| {
        t.strip_prefix(['@', '#'])
            .map(|w| w.strip_suffix('#').unwrap_or(w))
            .is_some_and(|w| !w.is_empty() && w.chars().all(|c| c.is_alphanumeric() || c == '_'))
    };
    if zh.kind == Kind::Zh
        && tag.kind == Kind::Latin
        && text[zh.range.clone()].ends_with(['。', '！', '？'])
        && text[zh.range.end..tag.range.start].trim().is_empty()
        && text[tag.range.clone()].split(' ').all(is_tag)
        && text[spans[from].range.start..].starts_with(|c: char| !c.is_ascii())
    {
        let tag = spans.pop().map_or(0..0, |t| t.range);
        let zh = &mut spans[n - 2];
        zh.embedded.push(tag.clone());
        zh.range.end = tag.end;
        zh.letters = None;
    }
}

/// At most this many ideographs make a word or name rather than a clause.
pub(crate) const WORD_HAN: usize = 6;

/// Gives the quotes, brackets and other marks at the edges of a CJK island in Latin text to
/// the Latin text around it: they are that sentence's, not the island's (`call "饺子". The`
/// → `饺子`; `(“天下”)?"` → `天下`); at the end of the line, the marks after it are a Latin
/// span of their own (`call "饺子".` → `call "`, `饺子`, `".`). CJK punctuation stays
/// (`…斗牌。`). `spans[from..]` are the spans of one line.
fn trim_islands(text: &str, spans: &mut Vec<Draft>, from: usize) {
    let latin = |d: Option<&Draft>| d.is_some_and(|d| d.kind == Kind::Latin);
    for k in from + 1..spans.len() {
        let d = &spans[k];
        let island = d.island && matches!(d.kind, Kind::Zh | Kind::Ja | Kind::Ko);
        if !island || !latin(spans.get(k - 1)) {
            continue;
        }
        // A clause mark after a word or phrase, English going on after it, is the English
        // sentence's, whatever its width (`call it “躺平”，or lying flat`); so is the
        // sentence end after a word, there or at the line end (`is called 叠加态。`), where
        // a clause left untranslated keeps its own (`it更像是一次…对外信号释放。`).
        let body = text[d.range.clone()].trim_end();
        let last = k + 1 == spans.len();
        // (A word: short, and the object of the English word before it, not quoted speech:
        // `said: "但它们不怕。 They`.)
        // (A number after a word of two ideographs or more makes a clause of them, `净利润为
        // 3 亿元。`; not one after a unit or before it, `5 月 1 日`, `3000 元/月`.)
        // (Han on both sides of a term is a clause, `之后CI会自动跑。`; numbers between are a
        // date's or a quantity's, `5 月 1 日`.)
        // (Or a quotation the English sentence makes, however long: `emphasized "进一步全面深化
        // 改革"。` → `".`.)
        let quoted = |m: &str| {
            let m = m.trim_end();
            m.starts_with(['"', '“', '「'])
                && m.ends_with(['"', '”', '」'])
                && m.chars().count() > 2
                && paired(m)
        };
        let short = |m: &str| {
            (m.chars().filter(|&c| is_han(c)).count() <= WORD_HAN || quoted(m))
                && !m
                    .trim_matches(|c: char| !is_han(c))
                    .contains(|c: char| c.is_ascii_alphabetic())
                && !word_then_number(m)
                && text[..d.range.start]
                    .trim_end()
                    .ends_with(|c: char| class(c).is_alnum())
        };
        let clause_mark = body
            .strip_suffix(['，', '；', '：'])
            .filter(|&m| latin(spans.get(k + 1)) || (last && short(m)));
        let end_mark = body
            .strip_suffix(['。', '！', '？'])
            .filter(|&m| (last || latin(spans.get(k + 1))) && short(m));
        if let Some(mark) = clause_mark.or(end_mark)
            && !mark.contains([
                '，', '、', '；', '：', '。', '！', '？', ',', ';', ':', '!', '?',
            ])
            && mark.chars().any(|c| class(c).is_alnum())
        {
            let (start, len, trimmed) = (d.range.start, mark.len(), mark.trim_end().len());
            if last {
                spans.push(Draft {
                    kind: Kind::Latin,
                    range: start + len..start + body.len(),
                    embedded: Vec::new(),
                    island: false,
                    letters: None,
                });
            } else {
                spans[k + 1].range.start = start + len;
            }
            spans[k].range.end = start + trimmed;
        }
        let d = &spans[k];
        let r = d.range.clone();
        let body = &text[r.clone()];
        let core_start = r.start + (body.len() - body.trim_start_matches(sentence_mark).len());
        let mut core_end = r.start + body.trim_end_matches(sentence_mark).len();

        // A parenthesis opened in the Latin text closes there too, with what follows it
        // in the line if that holds no CJK text or punctuation (`Real estate (房地产):
        // 1.1%` → `房地产`).
        let cjk = |c: char| {
            matches!(
                class(c),
                Class::Han | Class::Kana | Class::Hangul | Class::CjkPunct
            )
        };
        if text[r.start..core_start].ends_with('(')
            && let Some(close) = matching_close(&text[core_start..core_end.max(core_start)])
            && !text[core_start + close..r.end].chars().any(cjk)
        {
            core_end = core_start + text[core_start..core_start + close].trim_end().len();
        }
        // An island that holds a sentence end is a sentence of its own (`in 北京. 我们有信心.`,
        // `“我们走吧。”`): its marks are its own.
        // One with quotes or brackets inside may pair them with its edge marks
        // (`常说的"试点地狱".`, `不要辣 (bú yào là)`): its marks stay too.
        let keeps_marks = text[core_start..core_end].char_indices().any(|(i, c)| {
            matches!(
                c,
                '。' | '！' | '？' | '"' | '“' | '”' | '‘' | '’' | '(' | ')' | '[' | ']'
            ) || (matches!(c, '.' | '!' | '?') && is_sentence_end(text, core_start + i))
        });
        let last = k + 1 == spans.len();
        if core_start >= core_end || keeps_marks || !(last || latin(spans.get(k + 1))) {
            continue;
        }
        // The sentence end after a clause left untranslated is that clause's, as its `。`
        // is (`it更像是…释放.`): punctuation makes it full-width (see [`owns_mark`]).
        if let Some(mark) = text[core_end..r.end].chars().next()
            && owns_mark(text, core_start..core_end, mark)
            && !text[core_end + 1..r.end].starts_with(['.', '!', '?'])
        {
            core_end += 1;
        }
        // Leading marks: the end of the Latin span before.
        let lead = text[r.start..core_start].trim_end();
        if !lead.is_empty() {
            spans[k - 1].range.end = r.start + lead.len();
        }
        // Trailing marks: the start of the Latin span after.
        let tail = &text[core_end..r.end];
        let tail_start = core_end + (tail.len() - tail.trim_start().len());
        if tail_start < r.end && last {
            spans.push(Draft {
                kind: Kind::Latin,
                range: tail_start..r.end,
                embedded: Vec::new(),
                island: false,
                letters: None,
            });
        } else if tail_start < r.end {
            spans[k + 1].range.start = tail_start;
        }
        spans[k].range = core_start..core_end;
        spans[k]
            .embedded
            .retain(|e| core_start <= e.start && e.end <= core_end);
    }
}

/// Whether a run of two ideographs or more is followed in `s` by a number, spaced or not
/// (`净利润为 3 亿元`, `全长55公里`).
fn word_then_number(s: &str) -> bool {
    let mut run = 0;
    let mut after_run = 0;
    for c in s.chars() {
        if is_han(c) {
            run += 1;
            continue;
        }
        if run > 0 {
            after_run = run;
            run = 0;
        }
        match c {
            ' ' => {}
            _ if c.is_ascii_digit() && after_run >= 2 => return true,
            _ => after_run = 0,
        }
    }
    false
}

/// Whether the ASCII `mark` right after the island `core` (a range of `text`, the island
/// without its edge marks) is the island's own: a sentence end after a clause left
/// untranslated (`it更像是…释放.`), or one that ends the line after a clause that follows an
/// English clause and its mark, whatever its length, and so does a colon (`Press Space to
/// jump, 按空格键跳跃!`, `as follows:双方同意如下:`). Span detection and punctuation ask alike.
pub(crate) fn owns_mark(text: &str, core: Range<usize>, mark: char) -> bool {
    let body = &text[core.clone()];
    // (An English clause before the mark, two words at least since the line's start or its
    // last CJK text: not the comma between two Chinese examples, `e.g. 很 emo, 太 social 了.`)
    let after_clause_mark = || {
        // (Or the bar, slash or arrow between the halves of a parallel pair: `How are you? |
        // 你好吗?`, `I am a student. → 我是学生.`, `Keep dry. / 保持干燥.`.)
        let head = text[..core.start].trim_end();
        let Some(before) = head
            .strip_suffix([
                ',', ':', ';', '，', '：', '；', '|', '/', '→', '⇒', '｜', '／',
            ])
            .or_else(|| head.strip_suffix("->"))
            .or_else(|| head.strip_suffix("=>"))
        else {
            return false;
        };
        let clause = before
            .chars()
            .rev()
            .take(256)
            .take_while(|&c| {
                c != '\n'
                    && !matches!(
                        class(c),
                        Class::Han | Class::Kana | Class::Hangul | Class::CjkPunct
                    )
            })
            .collect::<String>();
        let words = clause
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| !w.is_empty())
            .count();
        // (The clause may end in a number or a term after its Han text: `, 出口增长了10.2%.`,
        // `; 风电装机达到了79GW.`, or in the quotation or title it closes: `; 有人称其为"少林寺股份有限公司".`; quotes or
        // brackets left open could pair with marks after it.)
        // (A quotation the English sentence makes of Chinese is its own: `He said: "我们
        // 走吧".`)
        let closed = body.trim_end_matches(['"', '”', '」', '』', '》', ')', '）']);
        words >= 2
            && ends_in_han_or_term(closed, mark)
            && (closed.len() == body.len() || body.starts_with(is_han))
            && paired(body)
    };
    let line_ends = || {
        let rest = &text[core.end + mark.len_utf8()..];
        rest[..rest.find('\n').unwrap_or(rest.len())]
            .trim()
            .is_empty()
    };
    // (Or after the label of a question, an answer or a speaker that begins the line, a
    // capital and its number: `Q1:如何重置密码? How do I…` is a question and its
    // translation.)
    let after_label = || {
        let line = &text[text[..core.start].rfind('\n').map_or(0, |i| i + 1)..core.start];
        let label = line.trim_end().strip_suffix([':', '：']).unwrap_or("");
        (1..=3).contains(&label.len())
            && label.as_bytes()[0].is_ascii_uppercase()
            && label.bytes().skip(1).all(|x| x.is_ascii_digit())
            && body.ends_with(is_han)
            && text[core.end + mark.len_utf8()..]
                .chars()
                .next()
                .is_none_or(char::is_whitespace)
    };
    // (A name or a place after an article or a preposition is a noun of the English
    // sentence, however long: `funded by the 国家自然科学基金委员会.`, `born in 湖南省长沙市.`;
    // so is a name ([`names_thing`]) after a verb of being or naming or a word that begins an
    // example: `The winner was 深圳市大疆创新科技有限公司.`, `rivals include 比亚迪股份有限公司.`.)
    let noun_slot = || {
        let head = text[..core.start].trim_end_matches(' ');
        let word = &head[head
            .trim_end_matches(|c: char| c.is_ascii_alphabetic())
            .len()..];
        let is = |list: &[&str]| list.iter().any(|w| w.eq_ignore_ascii_case(word));
        (is(NOUN_SLOT) || (is(NAMING) && names_thing(body)))
            && !head[..head.len() - word.len()].ends_with(|c: char| c.is_alphanumeric())
            && !body.contains(['，', '；', '：', ','])
    };
    // (A name after a name and its comma is an appositive, not a clause: `The CEO is Pony
    // Ma, 马化腾.`, `Baidu's ERNIE, 文心一言?`: the name after `is`, `was` or `about`; not a
    // translation or a reply, `Thank you, 谢谢!`, `See You Tomorrow, 明天见!`, `Thanks to
    // Pony Ma, 谢谢.`.)
    let appositive = || {
        let name = text[..core.start]
            .trim_end()
            .strip_suffix(',')
            .unwrap_or("");
        // (The name's capitalized words, a possessive's too, and the word before them.)
        let words: Vec<&str> = name.rsplit(' ').take(5).collect();
        let capitals = words
            .iter()
            .take_while(|w| w.starts_with(|c: char| c.is_ascii_uppercase()))
            .count();
        let before = words.get(capitals).copied().unwrap_or("");
        capitals > 0
            && ["is", "was", "about"].contains(&before)
            && body.chars().count() <= WORD_HAN - 2
            && body.chars().all(|c| is_han(c) && !grammar_word(c))
    };
    // (A clause that ends in a quotation it makes, its quotes paired: `, 但同时强调中方将"坚决
    // 维护自身正当权益". The statement…`; not a quotation the English sentence makes, which
    // the island begins with.)
    let quoting_clause = || {
        body.starts_with(is_han)
            && body.ends_with(['"', '”', '」'])
            && paired(body)
            && is_clause_island(&body.replace(['"', '“', '”', '「', '」'], ""))
    };
    match mark {
        '.' | '!' | '?' => {
            ((is_clause_island(body) || quoting_clause()) && !noun_slot())
                || (after_clause_mark() && line_ends() && !appositive())
                || after_label()
        }
        ':' | ';' => after_clause_mark() && line_ends(),
        _ => false,
    }
}

/// Verbs that end an English lead-in before its number or its comma, besides those in
/// `-ed` (`Profit rose 8%, 主要…`, `Analysts said，海关…`).
#[rustfmt::skip]
const LEAD_VERBS: &[&str] = &[
    "rose", "fell", "grew", "hit", "won", "lost", "sank", "slid", "stood", "was", "were", "is",
    "are", "made", "took", "saw", "paid", "cut", "shed", "rises", "falls", "grows", "said",
    "says", "say", "told", "wrote", "thinks", "thought", "believe", "believes",
];

/// The words after which a Chinese island is a noun of the English sentence: articles,
/// possessives and prepositions (not `that`, which may begin a clause).
#[rustfmt::skip]
const NOUN_SLOT: &[&str] = &[
    "the", "a", "an", "this", "these", "those", "its", "their", "his", "her", "our",
    "by", "at", "in", "of", "from", "for", "with", "on", "into", "near", "under", "via",
];

/// The words after which a Chinese island that names a thing ([`names_thing`]) is a noun of
/// the English sentence: verbs of being and naming, and the words that begin an example.
#[rustfmt::skip]
const NAMING: &[&str] = &[
    "is", "was", "are", "were", "be", "been", "include", "includes", "included", "including",
    "like", "especially", "called", "named",
];

/// Whether every quote and bracket in `s` closes in it, none nested in its own kind.
fn paired(s: &str) -> bool {
    let (mut straight, mut curly, mut corner) = (false, 0i32, 0i32);
    let mut depth = 0i32;
    for c in s.chars() {
        match c {
            '"' => straight = !straight,
            '“' => curly += 1,
            '”' => curly -= 1,
            '「' | '『' => corner += 1,
            '」' | '』' => corner -= 1,
            _ => match bracket_char(c) {
                Some(Role::Open) => depth += 1,
                Some(_) => depth -= 1,
                None => continue,
            },
        }
        if curly < 0 || corner < 0 || depth < 0 {
            return false;
        }
    }
    !straight && curly == 0 && corner == 0 && depth == 0
}

/// Whether `body` ends in Han text, or in a term after it, as a Chinese clause may: a
/// number (`增长了 10.2%`), a unit, a name or a version, glued or spaced (`达到了 79GW`,
/// `选择了 BERT`, `搭载 NVIDIA Orin X`, `升级到 v2.4.1`), or a bracket (`华为(Huawei`,
/// its closing bracket trimmed): up to four tokens, no clause of their own, and no plain
/// lowercase word, which English text goes on in (`了 marks completion`, `两个人 (two
/// people`).
fn ends_in_han_or_term(body: &str, mark: char) -> bool {
    let cjk = |c: char| {
        matches!(
            class(c),
            Class::Han | Class::Kana | Class::Hangul | Class::CjkPunct
        )
    };
    let head = body.trim_end_matches(|c: char| !cjk(c));
    let term = &body[head.len()..];
    // (Past a term only a full stop, after a clause of five ideographs or more: a word and
    // its gloss end an English sentence, `two words today, 谢谢 Thanks.`, and so may a name
    // that ends in its own `!`, `改名为 Yahoo!`.)
    let clause = || {
        mark == '.'
            && head
                .chars()
                .rev()
                .take_while(|&c| is_han(c))
                .nth(4)
                .is_some()
    };
    head.ends_with(is_han)
        && (term.is_empty() || without_number(term).is_empty() || clause())
        && term.split(' ').filter(|w| !w.is_empty()).count() <= 4
        && !term.contains([',', ';', '!', '?', '"', '\'', '\n'])
        // (A period inside it is an abbreviation's or an initial's: `Fig. 3`, `J.K. Rowling`.)
        && term.match_indices(". ").all(|(i, _)| {
            let word = term[..i].rsplit(' ').next().unwrap_or_default();
            is_abbreviation(word)
        })
        && !term
            .split([' ', '(', ')', '（', '）'])
            .any(|w| w.len() >= 3 && w.bytes().all(|x| x.is_ascii_lowercase()))
}

/// `term` without the number that is all of it (`10.2%`, ` 67%`): empty for a number.
fn without_number(term: &str) -> &str {
    term.trim_matches(|c: char| c.is_ascii_digit() || matches!(c, '.' | ',' | '%' | '‰' | ' '))
}

/// Whether the text of an island is a clause rather than a word, a name or a list of them:
/// it ends in Han, holds a run of more than [`WORD_HAN`] ideographs (or as many in clauses
/// parted by a Chinese comma or semicolon, with a word of grammar, `他不会来了，算了吧`), and
/// no quotes or brackets that the marks after it could pair with.
pub(crate) fn is_clause_island(core: &str) -> bool {
    let (mut run, mut longest, mut han) = (0, 0, 0);
    let (mut clauses, mut grammar, mut latin) = (false, false, false);
    let mut prev = ' ';
    for c in core.chars() {
        if matches!(c, '"' | '“' | '”' | '「' | '」') || bracket_char(c).is_some() {
            return false;
        }
        run = if is_han(c) { run + 1 } else { 0 };
        han += usize::from(run > 0);
        longest = longest.max(run);
        // (Not a list, whose items English may join: `智能手机，平板电脑, and 可穿戴设备`.)
        latin |= c.is_ascii_alphabetic();
        clauses |= run == 1 && matches!(prev, '，' | '；');
        // (Clauses, not a list of nouns or an address: a particle, a pronoun, a negation
        // or a verb of being, `他不会来了，算了吧`; not `苹果，香蕉，橘子，西瓜`, `广东省，深圳市`.)
        grammar |= grammar_word(c);
        prev = c;
    }
    run > 0 && (longest > WORD_HAN || (clauses && grammar && !latin && han > WORD_HAN))
}

/// Whether a run of ideographs names a thing rather than says something: no word of
/// grammar, no question word, and the head noun of a name at its end, an organization's,
/// a place's or a title's (`…有限公司`, `…管理总局`, `…董事长`, `…电网`); a clause ends in
/// its verb or its object (`…导致项目停工`, `…开设三家门店`).
fn names_thing(body: &str) -> bool {
    #[rustfmt::skip]
    const HEADS: &[&str] = &[
        "公司", "集团", "控股", "银行", "大学", "学院", "中学", "小学", "研究院", "研究所",
        "委员会", "协会", "学会", "中心", "总局", "总署", "政府", "医院", "电网", "机场",
        "联盟", "基金", "法院", "大厦", "广场", "公园", "博物馆", "图书馆", "董事长", "总经理",
        "总裁", "主席", "部长", "局长", "市长", "省长", "院长", "校长", "主任", "书记", "教授",
        "工程师", "实验室", "出版社", "电视台", "日报", "事务所", "交易所", "管理局",
    ];
    !body.chars().any(grammar_word)
        && !["为什么", "如何", "怎么", "什么", "哪", "谁", "是否"]
            .iter()
            .any(|q| body.contains(q))
        && HEADS.iter().any(|h| body.ends_with(h))
}

/// Whether `c` is a word of Chinese grammar that clauses have and names do not: a
/// particle, a pronoun, a negation, a verb of being or saying, an adverb.
fn grammar_word(c: char) -> bool {
    matches!(
        c,
        '了' | '吧'
            | '吗'
            | '呢'
            | '的'
            | '是'
            | '不'
            | '没'
            | '我'
            | '你'
            | '他'
            | '她'
            | '们'
            | '这'
            | '那'
            | '就'
            | '也'
            | '都'
            | '要'
            | '会'
            | '能'
            | '说'
            | '很'
    )
}

/// The byte offset in `s` of the `)` closing a parenthesis opened just before `s`.
fn matching_close(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => return Some(i),
            ')' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// Gives a term that opens a quotation, glued to the Chinese text of the quotation after it,
/// to that text's span: the quotation is Chinese with a term in it (`He said “AI将改变一切”.`
/// → `zh` `AI将改变一切`, `AI` embedded; `expect “V型反弹” in Q3`), not an English word and a
/// Chinese island.
fn quoted_term_to_island(text: &str, spans: &mut [Draft]) {
    for k in 1..spans.len() {
        let (a, b) = (&spans[k - 1], &spans[k]);
        // (Glued, or spaced as spacing spaces a term from Han.)
        let gap = &text[a.range.end..b.range.start];
        if a.kind != Kind::Latin || b.kind != Kind::Zh || !(gap.is_empty() || gap == " ") {
            continue;
        }
        let head = &text[a.range.clone()];
        let term = head.len()
            - head
                .trim_end_matches(|c: char| c.is_ascii_alphanumeric())
                .len();
        let closes = |s: &str| s.starts_with(['"', '”', '」', '』']);
        let body = &text[b.range.clone()];
        if !(1..=8).contains(&term)
            || !head[..head.len() - term].ends_with(['"', '“', '「', '『'])
            || !body.trim_start_matches(' ').starts_with(is_han)
            || !(closes(&text[b.range.end..]) || body.contains(['"', '”', '」', '』']))
        {
            continue;
        }
        let at = a.range.end - term;
        spans[k - 1].range.end = at;
        spans[k].range.start = at;
        spans[k].embedded.insert(0, at..at + term);
        spans[k].letters = None;
    }
}

/// Marks spans that continue a sentence begun in another language. A span back in the
/// language its sentence began in is not one: in `我们用的是Spring Boot的技术栈.` only
/// `Spring Boot` is, and in `…不在话下。请先把文件上传到SQLite，然后运行docker compose up -d。`
/// the command is, its sentence having begun inside the Chinese span before it.
fn link(text: &str, spans: &mut [Draft]) {
    // The span the current sentence began in.
    let mut opener = 0;
    for k in 1..spans.len() {
        let (a, b) = (&spans[k - 1], &spans[k]);
        if a.kind == Kind::Und || b.kind == Kind::Und || ends_with_sentence(text, a.range.clone()) {
            opener = k;
            continue;
        }
        if opener < k - 1 && ends_inside(text, a.range.clone()) {
            opener = k - 1;
        }
        // A quotation that opens the sentence is what someone said; the sentence is the
        // frame's (`“我们不会让步，” said a spokesperson`).
        if opener == k - 1 && is_quotation(&text[a.range.clone()]) {
            opener = k;
        }
        // So is a Chinese word that opens it, an English appositive after its comma: a term
        // the English sentence names, the comma the English sentence's (`红包, or red
        // envelopes, are given…`, `内卷, as it is called, has…`).
        if opener == k - 1
            && a.kind == Kind::Zh
            && b.kind == Kind::Latin
            && let Some(mark) = named_word_mark(&text[a.range.clone()])
            && has_function_words(&text[b.range.clone()], 1)
            && appositive(&text[b.range.clone()])
            // (The comma typed as English is, ASCII and a space after: a full-width one is
            // the Chinese lead-in's, `据报道，the two firms…`; nor a frame of quoted speech,
            // `他表示, "We are…"`.)
            && text[..a.range.end].ends_with(',')
            && text[a.range.end..].starts_with(' ')
            && !text[b.range.clone()].starts_with(['"', '“', '\'', '‘', '「', '『', '(', '（'])
            // (And the English sentence goes on to its end: `前面:I have no idea後面` does not.)
            && (k + 1 == spans.len() || ends_with_sentence(text, b.range.clone()))
        {
            let at = a.range.start + mark;
            spans[k - 1].range.end = at;
            spans[k].range.start = at;
            opener = k;
            continue;
        }
        if spans[opener].kind != b.kind {
            spans[k].island = true;
        }
    }
}

/// Whether `s` begins with an appositive and the predicate of the sentence it is in, after
/// the comma that closes it (`or red envelopes, are given…`, `known as RedNote, gained…`),
/// not a clause of its own (`the two firms, Alibaba and Tencent, have…`, `I will check it,
/// thanks`).
fn appositive(s: &str) -> bool {
    let Some((_, rest)) = s.split_once(", ") else {
        return false;
    };
    let verb = rest
        .split(|c: char| !c.is_ascii_alphabetic())
        .next()
        .unwrap_or("");
    matches!(
        verb,
        "is" | "are"
            | "was"
            | "were"
            | "has"
            | "have"
            | "had"
            | "will"
            | "would"
            | "can"
            | "could"
            | "may"
            | "might"
            | "must"
            | "should"
            | "does"
            | "did"
            | "remains"
            | "becomes"
            | "became"
            | "falls"
            | "means"
            | "refers"
            | "comes"
            | "stands"
            | "seems"
            | "gets"
            | "goes"
            | "makes"
            | "takes"
            | "gives"
            | "shows"
    ) || (verb.len() > 4 && verb.ends_with("ed") && verb.bytes().all(|x| x.is_ascii_lowercase()))
}

/// Where the comma after the Chinese word that is all of `s` starts (a list item's
/// number before it aside: `3. 微信读书,`), if it is a word, one run of at most
/// [`WORD_HAN`] ideographs.
fn named_word_mark(s: &str) -> Option<usize> {
    // (Not a colon: a word before one is a label, `原文: Nowadays…`, `报错: error[E0382]`.)
    let body = s.strip_suffix([',', '，'])?;
    let word =
        body.trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, '.' | '-' | '*' | ' '));
    (!word.is_empty() && word.chars().all(is_han) && word.chars().count() <= WORD_HAN)
        .then_some(body.len())
}

/// Whether `s` is one quotation, with at most a comma after it.
fn is_quotation(s: &str) -> bool {
    let s = s.trim_end().trim_end_matches([',', '，']);
    let mut cs = s.chars();
    let close = match (cs.next(), cs.next_back()) {
        (Some('“'), Some('”')) => '”',
        (Some('"'), Some('"')) => '"',
        (Some('「'), Some('」')) => '」',
        (Some('『'), Some('』')) => '』',
        _ => return false,
    };
    // Something quoted, and closed only at the end.
    let inner = cs.as_str();
    !inner.is_empty() && !inner.contains(close)
}

/// Whether a sentence ends inside `range` of `text`.
fn ends_inside(text: &str, range: Range<usize>) -> bool {
    let b = &text.as_bytes()[range.clone()];
    static MARKS: LazyLock<[Finder<'static>; 3]> =
        LazyLock::new(|| ["。", "！", "？"].map(|m| Finder::new(m.as_bytes())));
    MARKS.iter().any(|m| m.find(b).is_some())
        || memchr::memchr3_iter(b'.', b'!', b'?', b).any(|i| is_sentence_end(text, range.start + i))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn regression_formula_before_a_full_stop_and_a_bracket() {
        windows_agree("カタカナ.https://example.com/a.b?x=1.)").unwrap();
    }
    #[test]
    fn regression_greek_before_a_sentence_end() {
        windows_agree("Ό . º").unwrap();
    }
    #[test]
    fn regression_option_at_a_sentence_start() {
        windows_agree("说??-rPull Request?Pull Request亿说").unwrap();
    }
    #[test]
    fn regression_quoted_word_before_a_full_width_sentence_end() {
        windows_agree("C++\"カタカナ\"。C++?说").unwrap();
        windows_agree("?《カタカナ\"3.5The deal closed. ").unwrap();
    }
    #[test]
    fn regression_number_after_han_before_a_sentence() {
        windows_agree("底气2014.The deal closed. ").unwrap();
    }

    #[test]
    fn version_before_a_glued_english_sentence() {
        let text = "请升级到v2.3.1.Thanks for reporting!";
        assert_eq!(
            spans(text),
            [zh("请升级到[v2.3.1]."), en("Thanks for reporting!")]
        );
        windows_agree(text).unwrap();
        assert_eq!(
            spans("升级到v1.2.3.Thanks!"),
            [zh("升级到[v1.2.3]."), en("Thanks!")]
        );
        // (Not a version's name, nor a section's number before its title.)
        assert_eq!(
            spans("请升级到v2.3.1.Final版本"),
            [zh("请升级到[v2.3.1.Final]版本")]
        );
        assert_eq!(
            spans("下载v2.0.Beta for Windows."),
            [zh("下载[v2.0.Beta for Windows].")]
        );
        assert_eq!(
            spans("在5.2.Results on ImageNet中可以看到"),
            [zh("在[5.2.Results on ImageNet]中可以看到")]
        );
    }

    #[test]
    fn regression_path_with_han_after_a_sentence_end() {
        windows_agree("底气。The deal closed. /wiki/北京（カタカナ\"3.5/wiki/北京底气").unwrap();
        windows_agree("-r<i>(.))カタカナ").unwrap();
    }

    #[test]
    fn regression_backquoted_full_stop() {
        windows_agree("𮯰`。`").unwrap();
        windows_agree("`The deal closed. `?底气").unwrap();
    }

    /// Reading only the sentences with CJK text word by word finds the spans that reading
    /// every sentence finds.
    /// Inline code in a sentence without CJK text, its spaces inside it: read word by word.
    #[test]
    fn a_sentence_with_inline_code_is_read_as_its_line_is() {
        windows_agree("底气。` to `").unwrap();
    }

    fn windows_agree(text: &str) -> Result<(), TestCaseError> {
        let (mut fast, mut slow) = (Vec::new(), Vec::new());
        Detector::default().detect(text, 3, &mut fast);
        let mut reference = Detector {
            whole_lines: true,
            ..Detector::default()
        };
        reference.detect(text, 3, &mut slow);
        // (The letter count is a cache, which the reference reading does not fill.)
        for d in fast.iter_mut() {
            d.letters = None;
        }
        prop_assert_eq!(fast, slow, "{:?}", text);
        Ok(())
    }

    fn mixed() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "The deal closed. ",
            "we have",
            "底气",
            " to ",
            "it.",
            "说",
            "Anthropic",
            "对外",
            "。",
            "！",
            "?",
            "!",
            ".",
            "...",
            "e.g.",
            " Mr. Smith",
            "\"",
            "'",
            "“",
            "”",
            "`",
            "「",
            "」",
            "(",
            ")",
            "（",
            "）",
            "《",
            "》",
            "，",
            ",",
            ";",
            ":",
            " ",
            "  ",
            "\n",
            "3.5",
            "2014",
            "$300",
            "亿",
            "https://example.com/a.b?x=1.",
            "/wiki/北京",
            "カタカナ",
            "한국어",
            "Ωμέγα",
            "C++",
            "<i>",
            "</b>",
            "-r",
            "Q:",
            "A)",
            "GPT-5、Claude",
            "iPhone",
            "é",
            "\u{301}",
            "I am",
            "the",
            "Pull Request",
        ]);
        prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]
        #[test]
        fn sentence_windows_agree_mixed(s in mixed()) {
            windows_agree(&s)?;
        }

        #[test]
        fn sentence_windows_agree_any(s in "\\PC{0,120}") {
            windows_agree(&s)?;
        }
    }

    /// The byte shortcuts of [`single_span`] agree with [`class`], character by character.
    #[test]
    fn single_span_shortcuts_agree_with_class() {
        let by_class = |line: &str| {
            let (mut latin, mut han) = (false, false);
            for c in line.chars() {
                match class(c) {
                    Class::Han => han = true,
                    Class::Kana | Class::Hangul => return None,
                    Class::Letter(Script::Latin) => latin = true,
                    Class::Letter(_) => return None,
                    _ => {}
                }
            }
            Some(match (han, latin) {
                (true, true) => return None,
                (true, false) => Kind::Zh,
                (false, true) => Kind::Latin,
                (false, false) => Kind::Und,
            })
        };
        let ranges = [
            0x2000..0x2080,
            0x3000..0x3100,
            0x4D00..0x5000,
            0xFF00..0xFFA0,
        ];
        for c in ranges.into_iter().flatten().filter_map(char::from_u32) {
            for line in [
                c.to_string(),
                format!("说{c}"),
                format!("{c}。"),
                format!("1{c}"),
            ] {
                assert_eq!(
                    single_span(&line, false).map(|s| s.0),
                    by_class(&line),
                    "{line:?}"
                );
            }
        }
    }

    #[test]
    fn sentence_windows_agree_on_benchdata() {
        let dir = std::path::Path::new("../shared/benchdata");
        for name in ["en_dominant.txt", "zh_dominant.txt", "zh_pure.txt"] {
            let Ok(text) = std::fs::read_to_string(dir.join(name)) else {
                eprintln!("skipped: no {name} in {}", dir.display());
                continue;
            };
            for line in text.lines().step_by(7) {
                windows_agree(line).unwrap();
            }
        }
    }

    /// (kind, text) of each span, with embedded clusters in brackets.
    fn spans(text: &str) -> Vec<(Kind, String)> {
        let mut out = Vec::new();
        Detector::default().detect(text, 3, &mut out);
        out.into_iter()
            .map(|d| {
                let mut s = String::new();
                let mut at = d.range.start;
                for e in &d.embedded {
                    s.push_str(&text[at..e.start]);
                    s.push('[');
                    s.push_str(&text[e.clone()]);
                    s.push(']');
                    at = e.end;
                }
                s.push_str(&text[at..d.range.end]);
                (d.kind, s)
            })
            .collect()
    }

    fn zh(s: &str) -> (Kind, String) {
        (Kind::Zh, s.to_string())
    }
    fn en(s: &str) -> (Kind, String) {
        (Kind::Latin, s.to_string())
    }

    #[test]
    fn a_subtitle_events_line_breaks_part_its_lines() {
        // A bilingual event: a line of each language, the break ending the first.
        let event = "Dialogue: 0,0:00:01.00,0:00:03.00,Default,,0,0,0,,";
        let text = format!("{event}Where are you going?\\N你要去哪里?");
        assert_eq!(
            spans(&text),
            [
                en(&format!("{event}Where are you going?\\N")),
                zh("你要去哪里?")
            ]
        );
        let text = format!("{event}我们走吧.\\nLet's go, Jack.");
        assert_eq!(spans(&text)[1], en("Let's go, Jack."));
        // (Outside an event, `\N` is text.)
        assert_eq!(spans("Where are you going?\\N你要去哪里?").len(), 3);
    }

    #[test]
    fn letter_labels_are_not_articles() {
        assert_eq!(
            spans("Q: 这个怎么用? A: 参见第3.2节."),
            [(Kind::Zh, "[Q]: 这个怎么用? [A]: 参见第3.2节.".to_owned())]
        );
        assert_eq!(spans("A 股今天大涨."), [zh("[A] 股今天大涨.")]);
        assert_eq!(
            spans("I人比较内向,E人不是."),
            [zh("[I]人比较内向,[E]人不是.")]
        );
        assert_eq!(spans("A word反复强调 in the memo")[0].0, Kind::Latin);
        assert_eq!(spans("分为A、B、C三档."), [zh("分为[A]、[B]、[C]三档.")]);
        // A list's lowercase letter before its bracket is a label too, not the article.
        assert_eq!(spans("a) 顺序栈 b) 链栈"), [zh("[a]) 顺序栈 [b]) 链栈")]);
        // An item's number between English and Chinese opens the Chinese item.
        assert_eq!(
            spans("bank n. ① 银行 ② 河岸"),
            [en("bank n."), zh("① 银行 ② 河岸")]
        );
        // An option's full-width stop ends no sentence, as its ASCII one ends none.
        assert_eq!(spans("A．北京"), [zh("[A]．北京")]);
        assert_eq!(
            spans("正确的是。A．甲 B．乙"),
            [zh("正确的是。[A]．甲 [B]．乙")]
        );
        assert_eq!(spans("B．北京"), [zh("[B]．北京")]);
        // WebVTT's voice tag is markup, no word.
        assert_eq!(
            spans("<v 吴老师>如果 loss 不降反升,对吧?</v>"),
            [zh("<v 吴老师>如果 [loss] 不降反升,对吧?</v>")]
        );
        // A URL or an e-mail address is no word of a run: a contact's name and address.
        assert_eq!(
            spans("如有疑问,请联系HRBP Lisa Wang(lisa.wang@example.com,分机8021)."),
            [zh(
                "如有疑问,请联系[HRBP Lisa Wang(lisa.wang@example.com],分机8021)."
            )]
        );
        // A Roman numeral in one character is a number's symbol, no Latin letters.
        assert_eq!(spans("大学英语Ⅱ:期中考试"), [zh("大学英语Ⅱ:期中考试")]);
        assert_eq!(spans("高等数学Ⅰ和Ⅱ"), [zh("高等数学Ⅰ和Ⅱ")]);
        assert_eq!(
            spans("维生素A,维生素C都要补充."),
            [zh("维生素[A],维生素[C]都要补充.")]
        );
        // A handle or hashtag that ends a Chinese post.
        assert_eq!(
            spans("求助！！@AppleSupport"),
            [zh("求助！！[@AppleSupport]")]
        );
        assert_eq!(
            spans("太好看了！#MovieNight"),
            [zh("太好看了！[#MovieNight]")]
        );
        assert_eq!(
            spans("牛市真的来了吗？ #Bitcoin #Web3"),
            [zh("牛市真的来了吗？ [#Bitcoin #Web3]")]
        );
        // A value at the line end.
        assert_eq!(spans("文献标志码:A\n"), [zh("文献标志码:[A]")]);
        assert_eq!(
            spans("插座是Type A,电压100V."),
            [zh("插座是[Type A],电压[100V].")]
        );
        // A variable before a clause mark, a point before its bracket.
        assert_eq!(spans("设 a，b 为两个正数"), [zh("设 [a]，[b] 为两个正数")]);
        assert_eq!(spans("将 i，j 初始化"), [zh("将 [i]，[j] 初始化")]);
        assert_eq!(
            spans("A（1，2）和 B（3，4）。"),
            [zh("[A]（1，2）和 [B]（3，4）。")]
        );
    }

    #[test]
    fn titles_and_commands_in_chinese_sentences() {
        assert_eq!(
            spans("第3441期《The Economist》的封面文章"),
            [(Kind::Zh, "第3441期《[The Economist]》的封面文章".to_owned())]
        );
        assert_eq!(
            spans("然后运行pip install -r requirements.txt。"),
            [(
                Kind::Zh,
                "然后运行[pip install -r requirements.txt]。".to_owned()
            )]
        );
        // The letters in title marks do not make the line English prose, however many.
        for (line, title) in [
            (
                "他读了《The Picture of Dorian Gray》。",
                "《[The Picture of Dorian Gray]》",
            ),
            (
                "推荐《The Psychology of Money》",
                "《[The Psychology of Money]》",
            ),
            (
                "《The Wandering Earth》票房破10亿",
                "《[The Wandering Earth]》",
            ),
        ] {
            assert_one_chinese_span_holding(line, title);
        }
    }

    /// Asserts that `line` is one Chinese span whose text (with `[` `]` around its embedded
    /// spans) holds `part`.
    #[track_caller]
    fn assert_one_chinese_span_holding(line: &str, part: &str) {
        let found = spans(line);
        assert!(
            found.len() == 1 && found[0].0 == Kind::Zh && found[0].1.contains(part),
            "{line}: {found:?}"
        );
    }

    #[test]
    fn an_acronym_and_its_expansion_are_one_term() {
        for (line, term) in [
            (
                "本文采用RAG(retrieval augmented generation)技术构建问答系统.",
                "[RAG(retrieval augmented generation)]技术",
            ),
            (
                "我们使用了RLHF (reinforcement learning from human feedback)进行对齐.",
                "[RLHF (reinforcement learning from human feedback)]进行",
            ),
        ] {
            assert_one_chinese_span_holding(line, term);
        }
        // (Not words that do not expand it.)
        assert_eq!(spans("HR(she said no)很尴尬")[0], en("HR(she said no)"));
        // (No bracket after the acronym: read at a character's boundary, `——`.)
        assert_eq!(spans("中API——feat(x)中").len(), 1);
        // (In English prose it stays English.)
        assert_eq!(
            spans("We use RAG (retrieval augmented generation) in the system."),
            [en(
                "We use RAG (retrieval augmented generation) in the system."
            )]
        );
    }

    #[test]
    fn words_filling_quotes_or_brackets_are_one_name() {
        for (line, embedded) in [
            (
                "这部电影的英文名是“The Wandering Earth”。",
                "“[The Wandering Earth]”。",
            ),
            (
                "她最喜欢的歌是「Let It Be」，每天都听。",
                "「[Let It Be]」，",
            ),
            // A gloss in ASCII brackets reads as one in full-width ones.
            (
                "《三体》(The Three-Body Problem)的作者",
                "([The Three-Body Problem])的",
            ),
            (
                "《三体》（The Three-Body Problem）的作者",
                "（[The Three-Body Problem]）的",
            ),
            // A gloss in brackets glued to the Chinese it explains may be as long as a name.
            (
                "这就是所谓的迷失在中间(lost in the middle)现象。",
                "中间([lost in the middle])现象",
            ),
            // With its number too, the Chinese sentence going on after it.
            ("去年(in 2020),公司营收增长了10%.", "去年([in] 2020),公司"),
            // Also past the quotes around it.
            (
                "针对\"迷失在中间\"(lost in the middle)问题,本文提出",
                "\"([lost in the middle])问题",
            ),
            // The text of a Markdown link; its target is no word of it. (The token closes
            // the brackets it opens.)
            (
                "详见文档[The Rust Book](https://doc.rust-lang.org/book/)和我的文章。",
                "文档[[The Rust Book](https://doc.rust-lang.org/book/)]和",
            ),
            (
                "步骤详见[the setup guide](https://a.com/x)。",
                "详见[[the setup guide](https://a.com/x)]。",
            ),
            // Also when the link's text begins in Chinese.
            (
                "详见[官方README](https://a.com/x).",
                "官方[README](https://a.com/x)].",
            ),
            // A quotation with no sentence mark of its own is a phrase of the Chinese
            // sentence, as long as a name.
            (
                "现有方法仍存在\"lost in the middle\"问题。",
                "存在\"[lost in the middle]\"问题",
            ),
            (
                "则译为“a source of pleasure”。",
                "为“[a source of pleasure]”。",
            ),
        ] {
            let got = spans(line);
            assert_eq!(got.len(), 1, "{line:?}: {got:?}");
            assert_eq!(got[0].0, Kind::Zh, "{line:?}");
            assert!(got[0].1.contains(embedded), "{line:?}: {got:?}");
        }
        // Not a pair, or not filled by the words: English prose as before.
        for line in [
            "这部电影的英文名是“The wandering earth。",
            "她最喜欢的歌是「Let it be』，每天都听。",
            "这部电影的英文名是(The wandering earth”。",
            "这部电影的英文名是“The wandering earth, right”。",
            // (Nor a quotation longer than a name, nor speech: after a verb of saying or a
            // colon, or before its speaker.)
            "他说“we went to the old town by bus”。",
            "他说\"I love you so much\"然后走了。",
            "他发了条推特：\"so proud of the team\"，配了一张合照。",
            "\"we will win this war\"，他在演讲中说。",
        ] {
            assert!(spans(line).iter().any(|s| s.0 == Kind::Latin), "{line:?}");
        }
    }

    #[test]
    fn latin_terms_embed_in_japanese_and_korean_too() {
        assert_eq!(
            spans("彼女のチームではtokioベースのAPIゲートウェイを運用している。"),
            [(
                Kind::Ja,
                "彼女のチームでは[tokio]ベースの[API]ゲートウェイを運用している。".to_owned()
            )]
        );
        assert_eq!(
            spans("한국어와English가 섞인 문장입니다."),
            [(Kind::Ko, "한국어와[English]가 섞인 문장입니다.".to_owned())]
        );
        // The kind is that of the text the term is embedded in, not of the line's first.
        let got = spans("カタカナです。The deal closed. ? Mr. Smith3.5亿");
        assert_eq!(got.last().map(|s| s.0), Some(Kind::Zh), "{got:?}");
        assert!(got.last().unwrap().1.starts_with("[Mr. Smith"), "{got:?}");
    }

    #[test]
    fn words_listed_with_the_enumeration_comma_are_chinese_list_items() {
        assert_eq!(
            spans("包括 cost of living、quality of life 等话题。"),
            [zh("包括 [cost of living]、[quality of life] 等话题。")]
        );
        // Not without Chinese text around the list, nor too long a phrase to embed.
        assert_eq!(spans("GPT-5、Claude"), [en("GPT-5、Claude")]);
        let long = spans("包括 the cost of living、the quality of life 等话题。");
        assert_eq!(long.len(), 3, "{long:?}");
    }

    #[test]
    fn a_few_words_opening_a_chinese_clause_are_its_own() {
        assert_eq!(spans("涨了,all in了"), [zh("涨了,[all in]了")]);
        assert_eq!(
            spans("好的，by the way明天见"),
            [zh("好的，[by the way]明天见")]
        );
        // (Not in a line begun in English, where they go on its sentence.)
        assert_eq!(
            spans("The door closed，we all 再看时")[0],
            en("The door closed，we all")
        );
    }

    #[test]
    fn options_of_a_question_are_its_text() {
        // Spaced or glued, an option's letter and point are the Chinese line's.
        for line in [
            "A. 北京 B. 上海 C. 广州 D. 深圳",
            "A.北京 B.上海",
            "步骤：a. 打开电源 b. 按下按钮",
            "i. 不可抗力事件；ii. 政府行为",
            // (And the value after a heading in lenticular brackets.)
            "【答案】B",
            "【规格】0.3g",
        ] {
            let got = spans(line);
            assert_eq!(got.len(), 1, "{got:?}");
            assert_eq!(got[0].0, Kind::Zh, "{got:?}");
        }
        // An English sentence's letter is not an option.
        assert_eq!(
            spans("I got an A. 然后回家"),
            [en("I got an A."), zh("然后回家")]
        );
    }

    #[test]
    fn short_lines_of_an_english_document_are_english() {
        let article = "China's central bank cut the reserve requirement ratio on Friday, \
            the second cut this year, as policymakers try to support a slowing economy. \
            The move will release about one trillion yuan in long-term liquidity, \
            according to the People's Bank of China.\n";
        // A label and its Chinese leftover, read in the English document and alone.
        let line = "Source: 新华社, 2024-10-09.";
        let doc = format!("{article}{line}");
        let in_doc = spans(&doc);
        assert_eq!(
            in_doc[1..],
            [en("Source:"), zh("新华社, 2024-10-09"), en(".")]
        );
        assert_eq!(spans(line), [zh("[Source]: 新华社, 2024-10-09.")]);
        // A Chinese sentence of the document keeps its terms.
        let doc = format!("{article}我们用 Docker 部署，效果很好。");
        assert_eq!(spans(&doc)[1..], [zh("我们用 [Docker] 部署，效果很好。")]);
        // A tag in brackets before it does not begin it.
        assert_eq!(
            spans(&format!("{article}(图) Photo: 新华社, 2024."))[1..],
            [zh("(图)"), en("Photo:"), zh("新华社, 2024.")]
        );
        // So does one begun in Chinese with more letters (units, acronyms) than ideographs,
        // as it does alone.
        let line = "体温正常,BP 142/88mmHg,BMI 27.3.";
        let alone = spans(line);
        assert_eq!(alone, [zh("体温正常,[BP 142/88mmHg],[BMI] 27.3.")]);
        assert_eq!(spans(&format!("{article}{line}"))[1..], alone);
    }

    /// In a Chinese line, a few English words that end a Chinese clause begun right before
    /// them are the clause's, function words or not; quoted, they may be a sentence.
    #[test]
    fn english_words_ending_a_chinese_clause_are_its_own() {
        for (line, embedded) in [
            ("出现404 Not Found,怎么办", "404 [Not Found],怎么办"),
            ("点击Sign in,然后输入密码", "点击[Sign in],然后"),
            ("他却总说道No！——这是洋话", "说道[No]！"),
            ("答案选a,因为最合理", "选[a],因为"),
            (
                "然后运行docker compose up -d。",
                "运行[docker compose up -d]。",
            ),
            // (A command with its options may take twice as many words.)
            (
                "执行git push origin main --force.",
                "执行[git push origin main --force].",
            ),
            // (And so may one that begins with its program's name and takes a URL or path.)
            (
                "你试试 npm config set registry https://registry.npmmirror.com",
                "试试 [npm config set registry https://registry.npmmirror.com]",
            ),
        ] {
            let got = spans(line);
            assert_eq!(got.len(), 1, "{line:?}: {got:?}");
            assert!(got[0].1.contains(embedded), "{line:?}: {got:?}");
        }
        assert_eq!(spans("口号是\"Just do it!\",很经典").len(), 3);
        // Not in English prose, nor more words than embed, nor at the line's end, nor in a
        // line begun in English.
        let got = spans("See section 三.实验结果 for details.");
        assert_eq!(got.last(), Some(&en("for details.")), "{got:?}");
        assert_eq!(spans("他说 we can run it again, 然后走了").len(), 3);
        assert_eq!(spans("第二行 with English").len(), 2);
        // (Nor an English sentence that begins with a program's name.)
        assert_eq!(spans("git pull keeps failing 怎么办").len(), 2);
        assert_eq!(spans("她很喜欢 curl up on the sofa 这种感觉").len(), 3);
    }

    /// A short line that begins in English, with four letters for each ideograph and one
    /// function word, is English prose; one that begins in Chinese is not.
    /// A single English word beside Han in a Chinese line is a word named, whatever it is:
    /// a grammar note's (`since后面接时间点`), not English prose.
    #[test]
    fn a_single_word_named_in_a_chinese_line_is_its_own() {
        for (line, part) in [
            ("since后面接时间点,for后面接时间段.", "[since]后面"),
            ("have的第三人称单数形式是has,不是haves.", "[has],不是"),
            ("根据上下文可知，it 指代前文提到的笔记本。", "[it] 指代"),
        ] {
            assert_one_chinese_span_holding(line, part);
        }
        // In an English line it is the sentence's.
        assert_eq!(
            spans("It is a 中文 word in English, he said."),
            [en("It is a"), zh("中文"), en("word in English, he said.")]
        );
    }

    #[test]
    fn a_short_english_line_with_chinese_words_is_english() {
        assert_eq!(
            spans("Popular apps include 微信 and 支付宝."),
            [
                en("Popular apps include"),
                zh("微信"),
                en("and"),
                zh("支付宝"),
                en(".")
            ]
        );
        let chinese =
            "3.3 乙方账户信息：Bank of China (Singapore Branch)，SWIFT Code:BKCHSGSG，账号：1";
        assert_eq!(spans(chinese).len(), 1);
        // However few its letters, when it names Chinese words, not clauses, and ends in
        // English.
        assert_eq!(
            spans("Li Bai wrote 静夜思 in 726."),
            [en("Li Bai wrote"), zh("静夜思"), en("in 726.")]
        );
        for chinese in [
            "Python 中的 for 循环和 while 循环",
            "Apple 推出了 Vision Pro 头显和 iPhone",
            "The Economist 的封面文章很有意思.",
        ] {
            assert_eq!(spans(chinese).len(), 1, "{chinese}");
        }
    }

    #[test]
    fn a_number_before_a_sentence_end_ends_the_english_sentence() {
        assert_eq!(
            spans("Sales grew 8.5%.据报道，苹果将发布新品。"),
            [en("Sales grew 8.5%."), zh("据报道，苹果将发布新品。")]
        );
    }

    #[test]
    fn a_term_may_begin_a_chinese_question_about_an_english_message() {
        assert_eq!(
            spans("PyTorch训练时报CUDA out of memory，怎么办"),
            [
                zh("[PyTorch]训练时报"),
                en("CUDA out of memory，"),
                zh("怎么办")
            ]
        );
        // Not an English sentence with a gloss.
        assert_eq!(
            spans("Tencent 腾讯 rose 3% and fell again."),
            [en("Tencent"), zh("腾讯"), en("rose 3% and fell again.")]
        );
    }

    #[test]
    fn a_mark_glued_before_a_name_ends_the_english_sentence() {
        assert_eq!(
            spans("Here we go!Fabrizio Romano在X上宣布了。"),
            [en("Here we go!"), zh("[Fabrizio Romano]在[X]上宣布了。")]
        );
        assert_eq!(
            spans("Is it true?Zhang San说这个方案不错。"),
            [en("Is it true?"), zh("[Zhang San]说这个方案不错。")]
        );
        // A name's own mark ends nothing.
        assert_eq!(
            spans("我买了Yahoo!Japan的股票"),
            [zh("我买了[Yahoo!Japan]的股票")]
        );
        // A mark glued between two terms of a Chinese sentence ends its clause.
        assert_eq!(
            spans("到底用Vue还是React?Svelte也不错"),
            [zh("到底用[Vue]还是[React]?[Svelte]也不错")]
        );
    }

    #[test]
    fn an_english_mark_parts_two_chinese_islands() {
        assert_eq!(
            spans("said Chairman Li Qiang（李强）. \"我们相信，中国制造正在走向世界。\""),
            [
                en("said Chairman Li Qiang"),
                zh("（李强）"),
                en("."),
                zh("\"我们相信，中国制造正在走向世界。\"")
            ]
        );
        assert_eq!(
            spans("The motto (校训): \"博学笃志\" is on the gate.")[1..4],
            [zh("校训"), en("): \""), zh("博学笃志")]
        );
        // Not in a Chinese line.
        assert_eq!(spans("他（张三）: \"你好\""), [zh("他（张三）: \"你好\"")]);
    }

    #[test]
    fn an_english_list_of_chinese_words_keeps_its_commas() {
        assert_eq!(
            spans("We visited 北京, 上海 and 广州 last year."),
            [
                en("We visited"),
                zh("北京"),
                en(","),
                zh("上海"),
                en("and"),
                zh("广州"),
                en("last year.")
            ]
        );
        // Not a clause, nor a comma glued to the next word, nor in a Chinese line.
        let clause = "We all said 这个方案很好, 但是太贵了 and then left for home.";
        assert_eq!(spans(clause)[1], zh("这个方案很好, 但是太贵了"));
        let glued = "We visited 北京,上海 and 广州 last year.";
        assert_eq!(spans(glued)[1], zh("北京,上海"));
        assert_eq!(spans("我们去了北京, 上海"), [zh("我们去了北京, 上海")]);
    }

    #[test]
    fn symbols_glued_to_a_term_are_its_own_but_dashes_and_ellipses() {
        assert_eq!(spans("我用C++写的"), [zh("我用[C++]写的")]);
        // Not a separator that ends the run before Chinese text.
        assert_eq!(spans("买了iPad Pro/华为"), [zh("买了[iPad Pro]/华为")]);
        assert_eq!(spans("真的nice~推荐"), [zh("真的[nice]~推荐")]);
        assert_eq!(spans("用TCP/IP协议"), [zh("用[TCP/IP]协议")]);
        assert_eq!(
            spans("网络架构——Transformer，它很强"),
            [zh("网络架构——[Transformer]，它很强")]
        );
        assert_eq!(spans("原因是…Python…太慢"), [zh("原因是…[Python]…太慢")]);
    }

    #[test]
    fn a_bracketed_gloss_ending_a_line_hosts_the_name_before_it() {
        // A title's disambiguation or a name's Chinese form: the name is its term.
        assert_eq!(spans("Rust（编程语言）"), [zh("[Rust]（编程语言）")]);
        assert_eq!(spans("iPhone 16（黑色）。"), [zh("[iPhone] 16（黑色）。")]);
        // Not after a plain word, nor in a sentence that goes on in English.
        assert_eq!(
            spans("Real estate (房地产): 1.1%"),
            [en("Real estate ("), zh("房地产"), en("): 1.1%")]
        );
        assert_eq!(
            spans("Rust（编程语言）is fast."),
            [en("Rust"), zh("（编程语言）"), en("is fast.")]
        );
        // Nor in an English document, where the line is English with a gloss.
        let article = "China's central bank cut the reserve requirement ratio on Friday, \
            the second cut this year, as policymakers try to support a slowing economy. \
            The move will release about one trillion yuan in long-term liquidity, \
            according to the People's Bank of China.\n";
        assert_eq!(
            spans(&format!("{article}Day 1 – Kunming (昆明)"))[1..],
            [en("Day 1 – Kunming ("), zh("昆明"), en(")")]
        );
    }

    #[test]
    fn a_chinese_lead_in_after_a_chinese_sentence_quotes_english() {
        // The name begins the Chinese lead-in, whose colon quotes the English sentence.
        let line = "持续发酵。Meta首席科学家评论称:\"To people who see the performance of \
            DeepSeek, you are reading this wrong.\"";
        let got = spans(line);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(
            got[0].1.starts_with("持续发酵。[Meta]首席科学家评论称:"),
            "{got:?}"
        );
        assert_eq!(got[1].0, Kind::Latin, "{got:?}");
    }

    #[test]
    fn a_number_sign_is_no_english_word() {
        // A grant's number in a Chinese funding line: `No.` is its sign, not the word `no`.
        assert_eq!(
            spans("国家自然科学基金(No. 62276123);北京市科技计划项目"),
            [zh("国家自然科学基金([No.] 62276123);北京市科技计划项目")]
        );
    }

    #[test]
    fn a_headline_around_a_chinese_name_is_english() {
        // No function word, but a subject and its verb before the name.
        assert_eq!(
            spans("Regulators probe 拼多多 pricing practices"),
            [
                en("Regulators probe"),
                zh("拼多多"),
                en("pricing practices")
            ]
        );
        assert_eq!(
            spans("Analysts praised 比亚迪's pricing strategy.")[0],
            en("Analysts praised")
        );
        // A name's possessive is English grammar, its apostrophe the English `s`'s.
        assert_eq!(
            spans("比亚迪's shares rose 3% on Tuesday."),
            [zh("比亚迪"), en("'s shares rose 3% on Tuesday.")]
        );
        assert_eq!(
            spans("In Tuesday trading, 比亚迪's shares rose 3%.")[2],
            en("'s shares rose 3%.")
        );
        // Not a Chinese line's term before its words.
        assert_eq!(spans("Apple 推出了 Vision Pro 头显").len(), 1);
    }

    #[test]
    fn an_english_label_line_is_english_with_its_leftover() {
        assert_eq!(
            spans("Pros: great food, friendly staff, 价格实惠"),
            [en("Pros: great food, friendly staff,"), zh("价格实惠")]
        );
        assert_eq!(
            spans("Diagnosis: Type 2 diabetes mellitus; 高血压3级")[1],
            zh("高血压3级")
        );
        // Not a label before Chinese text, nor a bilingual line's two labels.
        assert_eq!(spans("Note: 这个功能需要Python 3.10以上").len(), 1);
        assert_eq!(
            spans("EN: Good morning. CN: 早上好。")[1],
            zh("[CN]: 早上好。")
        );
        // And so is one with its Chinese label's line after it.
        assert_eq!(
            spans("Keywords: deep learning; attention 关键词：深度学习；注意力"),
            [
                en("Keywords: deep learning; attention"),
                zh("关键词：深度学习；注意力")
            ]
        );
    }

    #[test]
    fn ipa_is_latin_text() {
        // A vocabulary entry: the transcription's stress mark is no other script's letter.
        assert_eq!(spans("apple /ˈæpl/ n. 苹果").len(), 1);
        assert_eq!(spans("ˈæpl"), [en("ˈæpl")]);
    }

    #[test]
    fn lowercase_words_after_a_chinese_name_go_on_the_english_sentence() {
        assert_eq!(
            spans("In 2023, 腾讯 posted record revenue."),
            [en("In 2023,"), zh("腾讯"), en("posted record revenue.")]
        );
        assert_eq!(
            spans("The phrase 躺平 means lying flat.")[2],
            en("means lying flat.")
        );
        // Past the name's gloss in full-width brackets too.
        assert_eq!(
            spans("In 2023, 腾讯（Tencent） posted record revenue.")[1],
            zh("腾讯")
        );
        // Not the end of a Chinese sentence, nor words after Chinese text that a number
        // or other Chinese text comes before.
        assert_eq!(
            spans("Token (词元): the basic unit of text. 一个汉字大约对应 1-2 个 token。").last(),
            Some(&zh("一个汉字大约对应 1-2 个 [token]。"))
        );
        assert_eq!(
            spans("先 commit 再 push. Then open a PR.")[0],
            zh("先 [commit] 再 [push].")
        );
    }

    #[test]
    fn an_english_sentence_after_a_chinese_one_is_its_translation() {
        // A bilingual subtitle's line: the English sentence is its own, with its full stop.
        assert_eq!(
            spans("我不知道 I don't know."),
            [zh("我不知道"), en("I don't know.")]
        );
        assert_eq!(spans("我明白了 I see.")[1], en("I see."));
        assert_eq!(
            spans("提示 No such file or directory.")[1],
            en("No such file or directory.")
        );
        // Not a term that ends the Chinese clause, a title, nor words before a clause mark.
        assert_eq!(
            spans("报错 Permission denied."),
            [zh("报错 [Permission denied].")]
        );
        assert_eq!(
            spans("超过会返回 HTTP 429 Too Many Requests。"),
            [zh("超过会返回 [HTTP 429 Too Many Requests]。")]
        );
        assert_eq!(
            spans("点击 Sign in，然后登录"),
            [zh("点击 [Sign in]，然后登录")]
        );
        assert_eq!(
            spans("我最喜欢的歌是 I Want It That Way."),
            [zh("我最喜欢的歌是 [I Want It That Way].")]
        );
        assert_eq!(
            spans("运动会上放了 We Are the Champions."),
            [zh("运动会上放了 [We Are the Champions].")]
        );
        // A title of two words too (a button's, a status's).
        assert_eq!(
            spans("状态码404表示Not Found."),
            [zh("状态码404表示[Not Found].")]
        );
        assert_eq!(spans("点击 Sign In."), [zh("点击 [Sign In].")]);
        assert_eq!(spans("点击Contact Us."), [zh("点击[Contact Us].")]);
        // (Not what is said, begun by its subject, or a greeting.)
        assert_eq!(spans("我很好 I'm Fine.")[1], en("I'm Fine."));
        assert_eq!(spans("谢谢 Thank You.")[1], en("Thank You."));
    }

    #[test]
    fn a_chinese_gloss_in_english_prose_hosts_no_name() {
        // A name and its Chinese form, the English sentence going on beyond a clause mark.
        assert_eq!(
            spans("Tencent 腾讯, the gaming giant, reported strong results."),
            [
                en("Tencent"),
                zh("腾讯"),
                en(", the gaming giant, reported strong results.")
            ]
        );
        assert_eq!(
            spans("Zhou Hui 周辉: Thank you, operator.")[..2],
            [en("Zhou Hui"), zh("周辉")]
        );
        // Or on the other side of the Chinese text, in a line of English prose.
        assert_eq!(
            spans("Shares of Tencent 腾讯 rose 3% on Monday."),
            [
                en("Shares of Tencent"),
                zh("腾讯"),
                en("rose 3% on Monday.")
            ]
        );
        // Nor do the words after a gloss in brackets, however term-like.
        assert_eq!(
            spans("The firm, 阿里巴巴（Alibaba）, reported strong results."),
            [
                en("The firm,"),
                zh("阿里巴巴（[Alibaba]）"),
                en(", reported strong results.")
            ]
        );
        assert_eq!(
            spans("The firm, 阿里巴巴 (Alibaba), reported strong results.")[2],
            en("reported strong results.")
        );
        // (Names after it go on a Chinese list.)
        assert_eq!(
            spans("AI 三巨头是谷歌（Google）, OpenAI, Anthropic").len(),
            1
        );
        // In a Chinese line the name is the Chinese sentence's.
        assert_eq!(
            spans("Tencent 腾讯, 一家游戏公司。"),
            [zh("[Tencent] 腾讯, 一家游戏公司。")]
        );
    }

    #[test]
    fn a_number_after_a_clause_mark_opens_the_next_clause() {
        // The street number is the address's, not the Chinese name's before the comma.
        assert_eq!(
            spans("Check in at Green Lake Hotel（翠湖宾馆）, 6 Cuihu South Rd."),
            [
                en("Check in at Green Lake Hotel"),
                zh("（翠湖宾馆）"),
                en(", 6 Cuihu South Rd.")
            ]
        );
        // Glued to the Chinese, it is the Chinese clause's.
        assert_eq!(
            spans("Stay at 翠湖宾馆 6 号楼 today.")[1],
            zh("翠湖宾馆 6 号楼")
        );
    }

    #[test]
    fn a_number_before_english_words_is_theirs() {
        // A quantity, an apposition's age, a year in brackets: the English words go on
        // from the number, not the Chinese name before it.
        assert_eq!(
            spans("He bought 苹果 3 kg and left."),
            [en("He bought"), zh("苹果"), en("3 kg and left.")]
        );
        assert_eq!(
            spans("The suspect, 王某, 34, had been arrested.")[2],
            en(", 34, had been arrested.")
        );
        assert_eq!(
            spans("The company sold 茅台酒 1,200 tonnes in the first half.")[2],
            en("1,200 tonnes in the first half.")
        );
        assert_eq!(spans("The film 英雄 (2002) was a hit.")[1], zh("英雄"));
        // Not a number the Chinese word before it takes, an index, a model, a year.
        assert_eq!(spans("See 图 3 for details.")[1], zh("图 3"));
        assert_eq!(spans("小米 14 launched in October.")[0], zh("小米 14"));
        assert_eq!(spans("北京 2008 was a great Olympics.")[0], zh("北京 2008"));
        // Not a citation's year, nor one before Chinese text.
        assert_eq!(
            spans("Previous studies (李实, 2020) document this.")[1],
            zh("李实, 2020")
        );
        assert_eq!(spans("我买了苹果 3 kg。").len(), 1);
        assert_eq!(spans("图 1 shows the architecture.")[0], zh("图 1"));
        // After a clause mark or in a bracket glued to the Chinese, a number begins the
        // English words it stands apart before; the mark stays with its clause.
        assert_eq!(
            spans("我们等了很久，2 hours later the bus finally arrived at the station."),
            [
                zh("我们等了很久，"),
                en("2 hours later the bus finally arrived at the station.")
            ]
        );
        assert_eq!(
            spans("付款方式:押一付三(1 month deposit + 3 months rent),可开发票")[1],
            en("(1 month deposit + 3 months rent)")
        );
    }

    #[test]
    fn english_words_between_islands_are_english() {
        let got = spans("He bought 3 本书 and 2 支笔 yesterday.");
        let kinds: Vec<Kind> = got.iter().map(|s| s.0).collect();
        assert_eq!(
            kinds,
            [Kind::Latin, Kind::Zh, Kind::Latin, Kind::Zh, Kind::Latin],
            "{got:?}"
        );
        assert_eq!(got[2].1.trim(), "and");
        // A term between them joins them, as in Chinese text.
        assert_eq!(
            spans("We use 阿里云 ECS 服务器 for hosting.")[1],
            (Kind::Zh, "阿里云 [ECS] 服务器".to_owned())
        );
        assert_eq!(spans("我买了3本书and 2支笔。").len(), 1);
    }

    #[test]
    fn a_chinese_word_opening_an_english_sentence_is_named_by_it() {
        assert_eq!(
            spans("红包, or red envelopes, are given at the Spring Festival."),
            [
                zh("红包"),
                en(", or red envelopes, are given at the Spring Festival.")
            ]
        );
        assert_eq!(
            spans("The race is fierce. 内卷, as it is called, is a buzzword."),
            [
                en("The race is fierce."),
                zh("内卷"),
                en(", as it is called, is a buzzword.")
            ]
        );
        // (A word before a colon is a label: `原文: Nowadays…`.)
        assert_eq!(
            spans("原文: Nowadays, more people live in cities."),
            [zh("原文:"), en("Nowadays, more people live in cities.")]
        );
        // Not a clause, nor the frame of quoted speech, nor before Chinese.
        assert_eq!(spans("红包,你收到了吗?"), [zh("红包,你收到了吗?")]);
        assert_eq!(
            spans("他表示: \"We are at an inflection point.\""),
            [zh("他表示:"), en("\"We are at an inflection point.\"")]
        );
    }

    #[test]
    fn a_verb_of_saying_after_a_quotation_is_english() {
        assert_eq!(
            spans("\"开源是我们的长期战略,\" said Zhou Jingren."),
            [zh("\"开源是我们的长期战略,\""), en("said Zhou Jingren.")]
        );
        assert_eq!(
            spans("\"我们对结果很满意,\" Li said."),
            [zh("\"我们对结果很满意,\""), en("Li said.")]
        );
        // An attribution after a comma that ends the sentence is English too.
        assert_eq!(
            spans("今年交付量预计突破100万辆, Li said."),
            [zh("今年交付量预计突破100万辆,"), en("Li said.")]
        );
        assert_eq!(
            spans("出口增长了很多，customs data showed. 然后呢"),
            [
                zh("出口增长了很多，"),
                en("customs data showed."),
                zh("然后呢")
            ]
        );
        // So is a site's footer.
        assert_eq!(
            spans("某某科技 版权所有 All Rights Reserved."),
            [zh("某某科技 版权所有"), en("All Rights Reserved.")]
        );
        // (Not a verb alone, nor a word the Chinese sentence goes on with.)
        assert_eq!(
            spans("单词的过去式:say, said."),
            [zh("单词的过去式:[say], [said].")]
        );
        assert_eq!(
            spans("他们说, said是过去式."),
            [zh("他们说, [said]是过去式.")]
        );
        // (Names after it are still a run of names: `said` is no name.)
        assert_eq!(spans("他叫Li Qiang。"), [zh("他叫[Li Qiang]。")]);
        // (Nor is it English prose but after a quotation.)
        assert_eq!(
            spans("said和told的区别是什么?"),
            [zh("[said]和[told]的区别是什么?")]
        );
    }

    #[test]
    fn term_after_english_clause_is_not_absorbed() {
        assert_eq!(
            spans("At last he said: Tom lifted 春燕又叫两个小丫头进来。"),
            [
                (Kind::Latin, "At last he said: Tom lifted".to_owned()),
                (Kind::Zh, "春燕又叫两个小丫头进来。".to_owned())
            ]
        );
        // A list of terms is still one.
        assert_eq!(
            spans("支持Windows, macOS, Linux三个平台"),
            [(
                Kind::Zh,
                "支持[Windows], [macOS], [Linux]三个平台".to_owned()
            )]
        );
    }

    #[test]
    fn a_clause_island_with_a_term_keeps_its_full_stop() {
        assert_eq!(
            spans("we push origin main 之后CI会自动跑。"),
            [en("we push origin main"), zh("之后[CI]会自动跑。")]
        );
        // (As is a command without a URL or a path, its program's name first or not.)
        assert_eq!(
            spans("git push origin main 之后CI会自动跑。"),
            [en("git push origin main"), zh("之后[CI]会自动跑。")]
        );
        // A word the English sentence names gives it back.
        assert_eq!(
            spans("This state is called 叠加态。"),
            [en("This state is called"), zh("叠加态"), en("。")]
        );
        // Clauses parted by a Chinese comma are one, however short each.
        assert_eq!(
            spans("I think 他不会来了，算了吧."),
            [en("I think"), zh("他不会来了，算了吧.")]
        );
        // Not a list of nouns, nor an address, with no word of grammar.
        assert_eq!(
            spans("We sell 苹果，香蕉，橘子，西瓜，葡萄.").last(),
            Some(&en("."))
        );
        assert_eq!(
            spans("Shipping to 广东省，深圳市，南山区.").last(),
            Some(&en("."))
        );
        // Not a list that English joins.
        assert_eq!(
            spans("Its products include 智能手机，平板电脑, and 可穿戴设备.").last(),
            Some(&en("."))
        );
    }

    /// A long Chinese name is a noun of the English sentence after a verb of being or
    /// naming, or after a name and its comma; a quotation the sentence makes ends in its
    /// mark; a clause keeps its own.
    #[test]
    fn a_long_name_or_a_quotation_ends_in_the_english_mark() {
        for (text, island) in [
            (
                "The winner was 深圳市大疆创新科技有限公司.",
                "深圳市大疆创新科技有限公司",
            ),
            (
                "Approval came from regulators including 国家市场监督管理总局.",
                "国家市场监督管理总局",
            ),
            (
                "They sell to clients like 国家电网和南方电网.",
                "国家电网和南方电网",
            ),
            ("The CEO is Pony Ma, 马化腾.", "马化腾"),
            (
                "The communique emphasized \"进一步全面深化改革\"。",
                "进一步全面深化改革",
            ),
        ] {
            let got = spans(text);
            assert_eq!(got[1], zh(island), "{text}");
            assert!(got[2].1.ends_with(['.', '。']), "{text}: {got:?}");
        }
        // A clause has a word of grammar, whatever the word before it; a translation
        // after a comma is no name.
        assert_eq!(
            spans("The problem is 我们没有足够的资金."),
            [en("The problem is"), zh("我们没有足够的资金.")]
        );
        assert_eq!(spans("Thank you, 谢谢!"), [en("Thank you,"), zh("谢谢!")]);
        assert_eq!(
            spans("See You Tomorrow, 明天见!"),
            [en("See You Tomorrow,"), zh("明天见!")]
        );
        assert_eq!(
            spans("Thanks to Pony Ma, 谢谢."),
            [en("Thanks to Pony Ma,"), zh("谢谢.")]
        );
        // A clause ends in its verb or object, whatever the word before it.
        for text in [
            "The problem was 资金链断裂导致项目停工.",
            "The plan is 明年在上海开设三家门店.",
            "Prices rose and 消费者信心指数持续下降.",
        ] {
            assert_eq!(spans(text).len(), 2, "{text}");
        }
    }

    /// A term that opens a Chinese quotation in an English sentence is the quotation's.
    #[test]
    fn a_term_opening_a_chinese_quotation_is_its() {
        assert_eq!(
            spans("He said “AI将改变一切”."),
            [en("He said “"), zh("[AI]将改变一切"), en("”.")]
        );
        assert_eq!(
            spans("Analysts expect \"V型反弹\" in Q3."),
            [en("Analysts expect \""), zh("[V]型反弹"), en("\" in Q3.")]
        );
    }

    /// A speaker and a verb of saying before the colon that quotes them are English.
    #[test]
    fn a_speaker_before_the_colon_of_a_quotation_is_english() {
        assert_eq!(
            spans("Wang Yi said: “中美关系正处在关键当口。”"),
            [en("Wang Yi said:"), zh("“中美关系正处在关键当口。”")]
        );
        assert_eq!(
            spans("Beijing warned: 坚决反对任何形式的分裂活动。"),
            [en("Beijing warned:"), zh("坚决反对任何形式的分裂活动。")]
        );
        // Not a word the Chinese sentence names, nor a lead-in inside a Chinese line.
        assert_eq!(spans("张三 said：好的"), [zh("张三 [said]：好的")]);
        let got = spans("Mom said: 快点走吧，Dad said: 别着急。");
        assert_eq!(got[0], en("Mom said:"));
        assert!(got[1].1.starts_with("快点走吧，"), "{got:?}");
    }

    #[test]
    fn a_speaker_glued_after_chinese_text_is_its_before_a_quotation() {
        assert_eq!(
            spans("赛后Klopp：\"It was a proper fight.\""),
            [zh("赛后[Klopp]："), en("\"It was a proper fight.\"")]
        );
        assert_eq!(
            spans("错误信息Error：\"File not found.\""),
            [zh("错误信息"), en("Error：\"File not found.\"")]
        );
        assert_eq!(
            spans("He told Klopp:\"Well done.\""),
            [en("He told Klopp:\"Well done.\"")]
        );
    }

    #[test]
    fn a_call_is_one_term_whatever_its_arguments() {
        assert_eq!(
            spans("但是len(a)返回的是3。"),
            [zh("但是[len(a)]返回的是3。")]
        );
        assert_eq!(
            spans("时间复杂度是O(n log n),空间复杂度是O(1)。"),
            [zh("时间复杂度是[O(n log n)],空间复杂度是[O](1)。")]
        );
        // Nor an aside of English words.
        assert_eq!(
            spans("她说：Sorry(my bad)."),
            [zh("她说："), en("Sorry(my bad).")]
        );
        // Not words in a bracket spaced from the word before.
        assert_eq!(
            spans("他说 the man (a friend of mine) 来了"),
            [zh("他说"), en("the man (a friend of mine)"), zh("来了")]
        );
    }

    #[test]
    fn number_glued_only_to_english_stays_english() {
        assert_eq!(
            spans("fees of US$25,000–35,000). 该费用已列入预算。"),
            [
                (Kind::Latin, "fees of US$25,000–35,000).".to_owned()),
                (Kind::Zh, "该费用已列入预算。".to_owned())
            ]
        );
    }

    #[test]
    fn a_bracket_parts_a_number_from_the_chinese_after_it() {
        // A bracket opened after the English word starts the Chinese aside, number and all.
        assert_eq!(
            spans("Prices rose in March（3 月）and April."),
            [
                (Kind::Latin, "Prices rose in March".to_owned()),
                (Kind::Zh, "（3 月）".to_owned()),
                (Kind::Latin, "and April.".to_owned())
            ]
        );
        // A number before a bracket is not glued to the Chinese inside it.
        assert_eq!(
            spans("See page 12（第十二页）for details."),
            [
                (Kind::Latin, "See page 12".to_owned()),
                (Kind::Zh, "（第十二页）".to_owned()),
                (Kind::Latin, "for details.".to_owned())
            ]
        );
        // A bracket closed before the Chinese is the number's own.
        assert_eq!(
            spans("It was reported in 2020(3), 但后来被推翻."),
            [
                (Kind::Latin, "It was reported in 2020(3),".to_owned()),
                (Kind::Zh, "但后来被推翻.".to_owned())
            ]
        );
        // Nor is it when the number inside the bracket is, glued or spaced.
        for s in [
            "Rooms cost 300（40美元左右）per night.",
            "Rooms cost 300（40 美元左右）per night.",
        ] {
            assert_eq!(
                spans(s),
                [
                    (Kind::Latin, "Rooms cost 300".to_owned()),
                    (
                        Kind::Zh,
                        s[s.find('（').unwrap()..s.find('p').unwrap()].to_owned()
                    ),
                    (Kind::Latin, "per night.".to_owned())
                ],
                "{s}"
            );
        }
    }

    #[test]
    fn a_chinese_parenthesis_in_english_holds_its_terms() {
        // Terms after Chinese text in a parenthesis are the aside's; the bracket that
        // closes it ends them.
        assert_eq!(
            spans("Revenue reached USD 700 billion（约合 USD 98.6 billion）in 2023, up 5%."),
            [
                en("Revenue reached USD 700 billion"),
                zh("（约合 [USD 98.6 billion]）"),
                en("in 2023, up 5%.")
            ]
        );
        // English prose after the parenthesis is not the aside's.
        assert_eq!(
            spans("The model (基于 GPT-4 的版本) performed well."),
            [
                en("The model ("),
                zh("基于 [GPT-4] 的版本"),
                en(") performed well.")
            ]
        );
        // Nor are the words after a parenthesis the Chinese text in it is in.
        assert_eq!(
            spans("Evidence from the Household Registration (hukou, 户口) System")[1],
            zh("户口")
        );
        // A parenthesis between English words is an aside of the English sentence: the
        // words on either side are not embedded in it, however few, whether the brackets
        // are ASCII or full-width.
        assert_eq!(
            spans("Previous studies (李实, 2020) document high inequality."),
            [
                en("Previous studies ("),
                zh("李实, 2020"),
                en(") document high inequality.")
            ]
        );
        assert_eq!(
            spans("Previous studies（李实，2020）document high inequality."),
            [
                en("Previous studies"),
                zh("（李实，2020）"),
                en("document high inequality.")
            ]
        );
        // Not an ASCII one glued after a word, its gloss: a cell of a Chinese table row.
        assert_eq!(
            spans("| 深度求索 | 236B(MoE,21B激活) | 128K |"),
            [zh("| 深度求索 | [236B(MoE],[21B]激活) | [128K] |")]
        );
        // The bracket closing such a parenthesis at the end of a line, and what follows
        // it there, are the English text's.
        // An abbreviation's period ends no sentence the aside could begin.
        assert_eq!(
            spans("We signed with Huaxin Ltd. (华鑫)."),
            [en("We signed with Huaxin Ltd. ("), zh("华鑫"), en(").")]
        );
        // Nor does a number make the aside the host of the words after it.
        assert_eq!(
            spans("Rooms cost 300（约 40 美元）per night."),
            [en("Rooms cost 300"), zh("（约 40 美元）"), en("per night.")]
        );
        assert_eq!(
            spans("Real estate (房地产): 1.1%"),
            [en("Real estate ("), zh("房地产"), en("): 1.1%")]
        );
        // (Without the blank before the mark: a fuzzed input.)
        assert_eq!(
            spans("They call it 躺平 ， or lying flat."),
            [en("They call it"), zh("躺平"), en("， or lying flat.")]
        );
        // A parenthesis with Chinese text beyond it still hosts the term before it.
        assert_eq!(
            spans("这是 Transformer（变换器）architecture 的核心。"),
            [zh("这是 [Transformer]（变换器）[architecture] 的核心。")]
        );
        // A number before a word that scales it is the English text's.
        assert_eq!(
            spans("In 2023, 该公司营收达到 $5.2 billion, up 18%."),
            [
                en("In 2023,"),
                zh("该公司营收达到"),
                en("$5.2 billion, up 18%.")
            ]
        );
        // A gloss in brackets after Chinese text is English.
        assert_eq!(
            spans("He used the term 内卷 (involution) to describe it."),
            [
                en("He used the term"),
                zh("内卷"),
                en("(involution) to describe it.")
            ]
        );
    }

    #[test]
    fn embedded_between_han() {
        assert_eq!(
            spans("说 Anthropic 对外宣称的 $300 亿"),
            [zh("说 [Anthropic] 对外宣称的 $300 亿")]
        );
    }

    #[test]
    fn formulas_are_terms() {
        // Written without spaces, a formula is one term, not a run of one-letter words.
        assert_eq!(
            spans("已知 f(x)=x²-x,求最小值."),
            [zh("已知 [f(x)=x²-x],求最小值.")]
        );
        assert_eq!(
            spans("比热容 c=4.2J/(kg·K),很大."),
            [zh("比热容 [c=4.2J/(kg·K)],很大.")]
        );
        // A unit's product and powers after a number are one word: the formula and its
        // unit are a term of the Chinese clause.
        assert_eq!(
            spans("其中Ea为活化能,R=8.314 J·mol⁻¹·K⁻¹."),
            [zh("其中[Ea]为活化能,[R=8.314 J·mol⁻¹·K⁻¹].")]
        );
        // (Words a dot sets apart are not a unit's symbols.)
        assert_eq!(
            spans("他唱了Shape·of·You·by·Ed·Sheeran")[1],
            en("Shape·of·You·by·Ed·Sheeran")
        );
        // (A bracket it did not open is the text's; a full stop ends the sentence.)
        assert_eq!(spans("(其中 x=1)是条件."), [zh("(其中 [x=1])是条件.")]);
        assert_eq!(spans("我们有 a=b."), [zh("我们有 [a=b].")]);
        // Inequalities too; a comma inside a bracket is the formula's.
        assert_eq!(spans("若a>0,b>0,且x<1."), [zh("若[a>0],[b>0],且[x<1].")]);
        assert_eq!(
            spans("已知sinα=3/5,α∈(π/2,π),求值."),
            [zh("已知[sinα=3/5],[α∈(π/2,π)],求值.")]
        );
        // Spaced, an equation of symbols and calls embeds as a name does, however many
        // symbols; one of words is prose.
        assert_eq!(
            spans("定义f(x) = ax + b,其中a是斜率."),
            [zh("定义[f(x) = ax + b],其中[a]是斜率.")]
        );
        assert_eq!(
            spans("其中y = softmax(Wx + b)表示输出."),
            [zh("其中[y = softmax(Wx + b)]表示输出.")]
        );
        assert!(
            spans("我们写作total = price times quantity plus tax,然后")
                .iter()
                .any(|s| s.0 == Kind::Latin)
        );
        // English with formulas is English.
        assert_eq!(
            spans("If x=1 then y=2, which is true."),
            [en("If x=1 then y=2, which is true.")]
        );
        assert_eq!(
            spans("In the paper, we set x = a + b + c and 然后 we solve.")[0],
            en("In the paper, we set x = a + b + c and")
        );
    }

    #[test]
    fn embedded_at_sentence_edge() {
        assert_eq!(
            spans("Kubernetes 为你提供：服务发现"),
            [zh("[Kubernetes] 为你提供：服务发现")]
        );
        assert_eq!(
            spans("请提交 Pull Request。"),
            [zh("请提交 [Pull Request]。")]
        );
        assert_eq!(spans("ISort 的伪代码"), [zh("[ISort] 的伪代码")]);
        assert_eq!(spans("iPhone,好开心"), [zh("[iPhone],好开心")]);
        assert_eq!(spans("iPhone，好开心"), [zh("[iPhone]，好开心")]);
        assert_eq!(spans("iPhone, 好开心"), [zh("[iPhone], 好开心")]);
        // An English lead-in, typed with a comma and a space, is English.
        assert_eq!(
            spans("Analysts said, 海关总署将公布数据."),
            [en("Analysts said,"), zh("海关总署将公布数据.")]
        );
        // Also with a number after its verb; a name's number is the name's.
        assert_eq!(
            spans("Profit rose 8%, 主要得益于成本下降."),
            [en("Profit rose 8%,"), zh("主要得益于成本下降.")]
        );
        assert_eq!(spans("iPhone 15, 好开心"), [zh("[iPhone] 15, 好开心")]);
        // (A verb with a full-width comma too, as machine translation types it.)
        assert_eq!(
            spans("Analysts said，海关总署将公布数据."),
            [en("Analysts said，"), zh("海关总署将公布数据.")]
        );
        assert_eq!(
            spans("Deep learning，即深度学习"),
            [zh("[Deep learning]，即深度学习")]
        );
        // (A label's number is no verb's: `Exit code 137, 内存不够`.)
        assert_eq!(
            spans("Exit code 137, 内存不够"),
            [zh("[Exit code] 137, 内存不够")]
        );
        // The Chinese half of a parallel pair keeps its final mark.
        assert_eq!(
            spans("How are you? | 你好吗?"),
            [en("How are you? |"), zh("你好吗?")]
        );
        // After a slash or an arrow too; not after a dash, which may part an aside.
        assert_eq!(
            spans("I am a student. → 我是学生."),
            [en("I am a student. →"), zh("我是学生.")]
        );
        assert_eq!(
            spans("Keep away from walls. / 与墙壁保持距离."),
            [en("Keep away from walls. /"), zh("与墙壁保持距离.")]
        );
        assert_eq!(
            spans("I am a student -> 我是学生."),
            [en("I am a student ->"), zh("我是学生.")]
        );
        assert_eq!(
            spans("It was cheap - 便宜."),
            [en("It was cheap -"), zh("便宜"), en(".")]
        );
        // And a question or an answer after its label, its translation after it.
        assert_eq!(
            spans("Q1:如何重置密码? How do I reset my password?"),
            [
                en("Q1:"),
                zh("如何重置密码?"),
                en("How do I reset my password?")
            ]
        );
        assert_eq!(
            spans("Note: 北京. The city"),
            [en("Note:"), zh("北京"), en(". The city")]
        );
        // A clause left untranslated may end in a number, and keeps its mark.
        assert_eq!(
            spans("Exports rose 8.7% year on year, 其中对东盟出口增长了10.2%."),
            [
                en("Exports rose 8.7% year on year,"),
                zh("其中对东盟出口增长了10.2%.")
            ]
        );
        // Or in a term, a unit, a version or a bracket after its Han text; not in English
        // words, which the English text goes on in.
        for (line, island) in [
            (
                "Capacity grew fast in 2024; 风电新增装机也达到了79GW.",
                "风电新增装机也达到了[79GW].",
            ),
            (
                "After the review, 最终我们选择了BERT.",
                "最终我们选择了[BERT].",
            ),
            (
                "The update is out; 请尽快升级到v2.4.1.",
                "请尽快升级到[v2.4.1].",
            ),
            (
                "In the new model, 新车将搭载NVIDIA Orin X.",
                "新车将搭载[NVIDIA Orin X].",
            ),
            (
                "The product ships soon, 这款新手机的型号为iPhone 16 Pro Max.",
                "这款新手机的型号为[iPhone 16 Pro Max].",
            ),
            (
                "The reference is given, 详细的数据请参见Fig. 3.",
                "详细的数据请参见[Fig.] 3.",
            ),
        ] {
            let found = spans(line);
            assert_eq!(found.last(), Some(&zh(island)), "{line}");
        }
        assert_eq!(
            spans("The short answer: 过 marks experience.").last(),
            Some(&en("marks experience."))
        );
        // Nor a word and its gloss, nor a name's own `!`.
        for line in [
            "I learned two words today, 谢谢 Thanks.",
            "He ordered the dish, 宫保鸡丁 Kung Pao Chicken.",
            "The company was renamed, 公司改名为 Yahoo!",
        ] {
            let found = spans(line);
            assert_eq!(
                found.last().map(|s| s.0),
                Some(Kind::Latin),
                "{line}: {found:?}"
            );
        }
        // Not a term that begins a Chinese sentence.
        assert_eq!(
            spans("deep learning, 即深度学习."),
            [zh("[deep learning], 即深度学习.")]
        );
        assert_eq!(
            spans("Exports rose. According to Reuters, 海关总署将公布数据."),
            [
                en("Exports rose. According to Reuters,"),
                zh("海关总署将公布数据.")
            ]
        );
        assert_eq!(
            spans("Apple 推出了 Vision Pro 头显和 iPhone"),
            [zh("[Apple] 推出了 [Vision Pro] 头显和 [iPhone]")]
        );
    }

    #[test]
    fn author_year_citations_are_no_words() {
        assert_eq!(
            spans("Transformer(Vaswani et al., 2017)提出了自注意力机制。"),
            [zh(
                "[Transformer(Vaswani et al.], 2017)提出了自注意力机制。"
            )]
        );
        assert_one_chinese_span_holding("BERT (Devlin and Chang, 2019a) 很好。", "很好");
        assert_eq!(citation_len("(Vaswani et al., 2017)提出"), Some(22));
        // (Not a bracket of other text, ASCII or not.)
        for s in ["(kg·°C)", "(see 2017)x", "(Smith, 17)", "(2019)"] {
            assert_eq!(citation_len(s), None, "{s}");
        }
    }

    #[test]
    fn expansion_in_full_width_brackets_is_counted_apart() {
        // So is an expansion before its acronym in brackets glued after the Chinese term.
        for line in [
            "慢性阻塞性肺疾病(chronic obstructive pulmonary disease,COPD)是全球第三大死因。",
            "慢性阻塞性肺疾病（chronic obstructive pulmonary disease，COPD）是全球第三大死因。",
        ] {
            assert_one_chinese_span_holding(line, "[chronic obstructive pulmonary disease]");
        }
        assert_eq!(
            spans("LLM（Large Language Model，大语言模型）是一种模型."),
            [zh("[LLM（Large Language Model]，大语言模型）是一种模型.")]
        );
        assert_eq!(
            spans("LLM（Large Language Model）是一种模型。"),
            [zh("[LLM（Large Language Model]）是一种模型。")]
        );
        // In ASCII brackets an acronym's expansion is a gloss too, whatever its words.
        assert_eq!(
            spans("LLM (large language model) 是一种模型。"),
            [zh("[LLM (large language model)] 是一种模型。")]
        );
        // Each part still counts: a gloss glued to the Chinese it explains may have as
        // many words as a name, not more.
        assert_eq!(
            spans("大模型（large language model inference）是一种模型。"),
            [zh("大模型（[large language model inference]）是一种模型。")]
        );
        assert_eq!(
            spans("大模型（serving large language models on one small GPU）是一种模型。"),
            [
                zh("大模型"),
                en("（serving large language models on one small GPU）"),
                zh("是一种模型。")
            ]
        );
    }

    /// An HTML character reference is one token: its `;` is no clause mark.
    #[test]
    fn html_character_references_stay_whole() {
        assert_eq!(
            spans("欢迎来到我们的网站&nbsp;|&nbsp;Welcome to our website"),
            [
                zh("欢迎来到我们的网站"),
                en("&nbsp;|&nbsp;Welcome to our website")
            ]
        );
    }

    /// Tags of markup are neutral, not English words.
    #[test]
    fn tags_are_no_words() {
        assert_eq!(
            spans("<i>等一下,你说什么?</i>"),
            [zh("<i>等一下,你说什么?</i>")]
        );
        assert_eq!(
            spans("<font color=\"red\">我们走吧.</font>"),
            [zh("<font color=\"red\">我们走吧.</font>")]
        );
        assert_eq!(
            spans("<string name=\"low\">电量低于20%,请及时充电.</string>"),
            [zh("<string name=\"low\">电量低于20%,请及时充电.</string>")]
        );
        assert_eq!(tag_len("<br/>好"), Some(5));
        assert_eq!(tag_len("<T>"), None);
        assert_eq!(tag_len("<i"), None);
    }

    /// A run of capitalized words is a name or title: it embeds up to twice `embed_words`.
    #[test]
    fn runs_of_names_embed_up_to_twice_the_words() {
        assert_eq!(
            spans("据报道，OpenAI CEO Sam Altman 周二表示"),
            [zh("据报道，[OpenAI CEO Sam Altman] 周二表示")]
        );
        assert_eq!(
            spans("他毕业于Massachusetts Institute of Technology（麻省理工学院）"),
            [zh(
                "他毕业于[Massachusetts Institute of Technology]（麻省理工学院）"
            )]
        );
        // So is a title that begins with its article, or names set against each other.
        assert_eq!(
            spans("英文名是The Wandering Earth,票房超过46亿."),
            [zh("英文名是[The Wandering Earth],票房超过46亿.")]
        );
        assert_eq!(
            spans("Cursor vs GitHub Copilot:谁才是最强AI编程助手?"),
            [zh("[Cursor vs GitHub Copilot]:谁才是最强[AI]编程助手?")]
        );
        assert_eq!(
            spans("尺寸:159.9mm x 76.7mm x 8.25mm,重量约221g"),
            [zh("尺寸:[159.9mm x 76.7mm x 8.25mm],重量约[221g]")]
        );
        assert_eq!(
            spans("我买了iPad Pro 11 M4 WLAN,很好用."),
            [zh("我买了[iPad Pro 11 M4 WLAN],很好用.")]
        );
        assert_eq!(
            spans("赠品:USB-C to Lightning数据线"),
            [zh("赠品:[USB-C to Lightning]数据线")]
        );
        // A small word at an end is no part of a name.
        assert_eq!(
            spans("他说 the Bank of China 宣布了"),
            [zh("他说"), en("the Bank of China"), zh("宣布了")]
        );
        assert_eq!(
            spans("据报道，Émile Zola Prize Committee 周二表示"),
            [zh("据报道，[Émile Zola Prize Committee] 周二表示")]
        );
        assert_eq!(
            spans("我们用的是 Spring Boot + MyBatis + MySQL 的技术栈"),
            [zh("我们用的是 [Spring Boot + MyBatis + MySQL] 的技术栈")]
        );
        assert_eq!(
            spans("LLM (Large Language Model) 是一种模型。"),
            [zh("[LLM (Large Language Model)] 是一种模型。")]
        );
        // An initial's or a company form's period ends no sentence.
        assert_eq!(
            spans("授权代表:John A. Smith"),
            [zh("授权代表:[John A. Smith]")]
        );
        assert_eq!(
            spans("乙方:Bright Code Solutions Pte. Ltd."),
            [zh("乙方:[Bright Code Solutions Pte. Ltd.]")]
        );
        // Nor a date's letter before its year: born, circa, reigned.
        assert_eq!(
            spans("Tu Youyou (屠呦呦, b. 1930) is a Chinese chemist who discovered it."),
            [
                en("Tu Youyou ("),
                zh("屠呦呦"),
                en(", b. 1930) is a Chinese chemist who discovered it.")
            ]
        );
        assert_eq!(
            spans("Confucius (孔子, c. 551–479 BC) was a teacher."),
            [
                en("Confucius ("),
                zh("孔子"),
                en(", c. 551–479 BC) was a teacher.")
            ]
        );
        // A chain of initials before a name.
        assert_eq!(
            spans("这本书的作者是George R. R. Martin。"),
            [zh("这本书的作者是[George R. R. Martin]。")]
        );
        assert_eq!(
            spans("作者是J. K. Rowling。"),
            [zh("作者是[J. K. Rowling]。")]
        );
        assert!(is_sentence_end("We chose plan B. Then", 15));
        assert!(!is_sentence_end("by John F. Kennedy", 9));
        assert_eq!(
            spans("按照附件A(Acceptance Criteria)所列标准测试."),
            [zh("按照附件[A(Acceptance Criteria)]所列标准测试.")]
        );
        // And the bracket it closes is opened: `罗技(Logitech)MX Master`, `[doge][doge]`.
        assert_eq!(
            spans("罗技(Logitech)MX Master 3S鼠标"),
            [zh("罗技[(Logitech)MX Master 3S]鼠标")]
        );
        assert_eq!(spans("笑死[doge][doge]了"), [zh("笑死[[doge][doge]]了")]);
        // Seven names are too many; so are four words not all capitalized.
        assert_eq!(
            spans("据报道，Federal Reserve Bank Of New York President Williams 周二表示"),
            [
                zh("据报道，"),
                en("Federal Reserve Bank Of New York President Williams"),
                zh("周二表示")
            ]
        );
        assert_eq!(
            spans("据报道，OpenAI chief executive Altman 周二表示"),
            [
                zh("据报道，"),
                en("OpenAI chief executive Altman"),
                zh("周二表示")
            ]
        );
    }

    #[test]
    fn chinese_island_in_english_absorbs_nothing() {
        assert_eq!(
            spans("A word 反复强调 in the memo"),
            [en("A word"), zh("反复强调"), en("in the memo")]
        );
        assert_eq!(
            spans("a deployment engine 专门负责帮企业落地 AI. This is it."),
            [
                en("a deployment engine"),
                zh("专门负责帮企业落地"),
                en("AI. This is it.")
            ]
        );
        assert_eq!(
            spans("if Anthropic 推进 IPO later"),
            [en("if Anthropic"), zh("推进"), en("IPO later")]
        );
        assert_eq!(
            spans("we have 底气 to spare"),
            [en("we have"), zh("底气"), en("to spare")]
        );
        assert_eq!(
            spans("the order; it 更像是一次经过精心设计的对外信号释放。"),
            [
                en("the order; it"),
                zh("更像是一次经过精心设计的对外信号释放。")
            ]
        );
        assert_eq!(
            spans("The door closed, 再看时，只见黛玉在床上伸懒腰。")[1],
            zh("再看时，只见黛玉在床上伸懒腰。")
        );
    }

    #[test]
    fn quoted_word_in_english_embeds_no_english() {
        // The names and terms around a quoted Chinese word are the English sentence's.
        assert_eq!(
            spans("It may stop his gossip. Good-afternoon (“麻烦”), Miss Stoner. You see"),
            [
                en("It may stop his gossip. Good-afternoon (“"),
                zh("麻烦"),
                en("”), Miss Stoner. You see")
            ]
        );
        assert_eq!(
            spans("Yours, what people there call \"胡同\", etc., and so on"),
            [
                en("Yours, what people there call \""),
                zh("胡同"),
                en("\", etc., and so on")
            ]
        );
        // Inside a Chinese clause a quoted word is that clause's, and so is a term next to it.
        assert_eq!(
            spans("我们称之为“服务网格”Service Mesh。"),
            [zh("我们称之为“服务网格”[Service Mesh]。")]
        );
        assert_eq!(
            spans("他读了《红楼梦》Chapter 3，很喜欢。"),
            [zh("他读了《红楼梦》[Chapter] 3，很喜欢。")]
        );
        // Between two bracketed terms, a Chinese word is not quoted.
        assert_eq!(
            spans("支持（Python）和（Java）"),
            [zh("支持（[Python]）和（[Java]）")]
        );
        assert_eq!(
            spans("支持《Go》和《Rust》"),
            [zh("支持《[Go]》和《[Rust]》")]
        );
    }

    #[test]
    fn contractions_are_function_words() {
        // `I'm` and `we’re` make a clause English prose, not a name before Chinese text.
        assert_eq!(
            spans("I'm making 红烧肉."),
            [en("I'm making"), zh("红烧肉"), en(".")]
        );
        assert_eq!(
            spans("Today we’re making 红烧肉 (braised pork belly)."),
            [
                en("Today we’re making"),
                zh("红烧肉"),
                en("(braised pork belly).")
            ]
        );
        // So do `'d`, `'ll`, `'ve` and `n't` after a pronoun or an auxiliary.
        assert_eq!(
            spans("我们已经到了 We'd arrived."),
            [zh("我们已经到了"), en("We'd arrived.")]
        );
    }

    #[test]
    fn english_clause_before_a_leftover_in_an_english_line() {
        // In English prose, a name or term that ends a clause before a Chinese leftover is
        // the English text's.
        assert_eq!(
            spans(
                "I suppose so, and she said the same. Poor Reynolds, 宝琴一掷，是个三。 But of course not."
            ),
            [
                en("I suppose so, and she said the same. Poor Reynolds,"),
                zh("宝琴一掷，是个三。"),
                en("But of course not.")
            ]
        );
        assert_eq!(
            spans(
                "It was all bowed down, dejected, oppressed, 三藏只得依从，牵马下山。 Then the rest."
            ),
            [
                en("It was all bowed down, dejected, oppressed,"),
                zh("三藏只得依从，牵马下山。"),
                en("Then the rest.")
            ]
        );
        // A Chinese clause mark glued only to the leftover opens it.
        assert_eq!(
            spans(
                "It was so callous and violent; of ，即变做三二百个小猴。 From the time he left."
            ),
            [
                en("It was so callous and violent; of"),
                zh("，即变做三二百个小猴。"),
                en("From the time he left.")
            ]
        );
        // Words that end in a plain lowercase word before a leftover end the English
        // sentence; a name or a version begins the Chinese one.
        assert_eq!(
            spans("You asked him to go away? Lord Henry smiled那呆子见他来抢白着羞。 Am I to go?"),
            [
                en("You asked him to go away? Lord Henry smiled"),
                zh("那呆子见他来抢白着羞。"),
                en("Am I to go?")
            ]
        );
        assert_eq!(
            spans(
                "My phone drained fast in the first week, then it became normal. iOS 26.2 更新之后好很多了"
            ),
            [
                en("My phone drained fast in the first week, then it became normal."),
                zh("[iOS] 26.2 更新之后好很多了")
            ]
        );
        // In a Chinese line (or one of codes and names) it is a term of the Chinese sentence.
        assert_eq!(
            spans("Kubernetes, 一个容器编排平台。"),
            [zh("[Kubernetes], 一个容器编排平台。")]
        );
        assert_eq!(
            spans("型号：SF-A3-BLK / SF-A3-WHT"),
            [zh("型号：[SF-A3-BLK / SF-A3-WHT]")]
        );
    }

    #[test]
    fn long_english_quote_in_chinese() {
        assert_eq!(
            spans("他说：“I love you so much”。"),
            [zh("他说："), en("“I love you so much”。")]
        );
    }

    /// A straight quote between CJK punctuation and the English it is glued to opens the
    /// English; one that a space follows closes the Chinese before it.
    #[test]
    fn straight_quote_after_cjk_punctuation() {
        // (One that closes the line's quotation closes the Chinese, English glued after it.)
        assert_eq!(
            spans("\"我们不怕竞争，\"Wang said."),
            [zh("\"我们不怕竞争，\""), en("Wang said.")]
        );
        assert_eq!(
            spans("他表示：\"We will remain data-dependent.\" 市场反应平淡。"),
            [
                zh("他表示："),
                en("\"We will remain data-dependent.\""),
                zh("市场反应平淡。")
            ]
        );
        assert_eq!(
            spans("他说，'Hello there, my old friend.'然后走了。"),
            [
                zh("他说，"),
                en("'Hello there, my old friend.'"),
                zh("然后走了。")
            ]
        );
        assert_eq!(
            spans("\"It is not an order; it更像是一次信号释放。\" said Li Wei."),
            [
                en("\"It is not an order; it"),
                zh("更像是一次信号释放。\""),
                en("said Li Wei.")
            ]
        );
    }

    /// An English sentence quoted whole in Chinese text is English, though commas cut it
    /// into runs short enough to embed; a quoted list of terms, or one word, is not. The
    /// clause mark after the closing quote goes on with the Chinese.
    #[test]
    fn quoted_english_sentence_in_chinese() {
        assert_eq!(
            spans("他引用了一句话：“Stay hungry, stay foolish.”然后离开了。"),
            [
                zh("他引用了一句话："),
                en("“Stay hungry, stay foolish.”"),
                zh("然后离开了。")
            ]
        );
        assert_eq!(
            spans("口号是\"Think different.\"，很有名。"),
            [zh("口号是"), en("\"Think different.\""), zh("，很有名。")]
        );
        // A quotation ending in a number keeps its sentence end and closing quote.
        assert_eq!(
            spans("Elon Musk说，\"We will land on Mars by 2029.\"大家都不太信。"),
            [
                zh("[Elon Musk]说，"),
                en("\"We will land on Mars by 2029.\""),
                zh("大家都不太信。")
            ]
        );
        assert_eq!(
            spans("他说：“We land by 2029!”大家都不信。"),
            [zh("他说："), en("“We land by 2029!”"), zh("大家都不信。")]
        );
        // A clause mark after the closed quotation is the Chinese sentence's.
        assert_eq!(
            spans("他说：“I have a dream.”，然后离开了。"),
            [zh("他说："), en("“I have a dream.”"), zh("，然后离开了。")]
        );
        // Before a space it ends the English clause.
        assert_eq!(
            spans("It will \"stay in the PoC stage forever\", 也就是业内常说的试点地狱"),
            [
                en("It will \"stay in the PoC stage forever\","),
                zh("也就是业内常说的试点地狱")
            ]
        );
        // And so it does glued to the Chinese, after a quotation or bracket in an English
        // sentence; not after one in a Chinese sentence.
        assert_eq!(
            spans("Analysts said it was \"largely symbolic\",并指出考验在明年。"),
            [
                en("Analysts said it was \"largely symbolic\","),
                zh("并指出考验在明年。")
            ]
        );
        assert_eq!(
            spans("The plan was (in part) delayed,但进展顺利。"),
            [en("The plan was (in part) delayed,"), zh("但进展顺利。")]
        );
        assert_eq!(
            spans("The fund rose (by 3%),创下新高。"),
            [en("The fund rose (by 3%),"), zh("创下新高。")]
        );
        assert_eq!(
            spans("报错 Error: Cannot find module 'webpack',说明没有安装。"),
            [
                zh("报错"),
                en("Error: Cannot find module 'webpack'"),
                zh(",说明没有安装。")
            ]
        );
        assert_eq!(
            spans("支持\"Python, Java, Go, Rust\"等语言。"),
            [zh("支持\"[Python], [Java], [Go], [Rust]\"等语言。")]
        );
        assert_eq!(
            spans("他说了一句\"OK.\"就走了。"),
            [zh("他说了一句\"[OK].\"就走了。")]
        );
        // A Chinese lead-in before the colon glued to what it quotes is Chinese, a term
        // first in it, though English fills the line.
        assert_eq!(
            spans(
                "Spring Boot启动报错:Field userMapper in UserService required a bean that could not be found."
            ),
            [
                zh("[Spring Boot]启动报错:"),
                en("Field userMapper in UserService required a bean that could not be found.")
            ]
        );
        // And so is one before an error's name and the colon of its message.
        assert_eq!(
            spans("Python读取文件报错FileNotFoundError: [Errno 2] No such file or directory")[0],
            zh("[Python]读取文件报错")
        );
        // Not a bilingual label's word, nor a label and its translation before the name.
        assert_eq!(
            spans("Warning 警告 Note: do not use this product near water.")[0],
            en("Warning")
        );
        assert_eq!(
            spans("Error 错误 FileNotFoundError: [Errno 2] No such file")[0],
            en("Error")
        );
        // A term after a Chinese clause ends it, whatever English follows the mark.
        assert_eq!(
            spans("According to the filing, 公司计划明年完成 IPO, though the timeline may slip."),
            [
                en("According to the filing,"),
                zh("公司计划明年完成 [IPO]"),
                en(", though the timeline may slip.")
            ]
        );
        // Not a name that begins the English sentence after the clause.
        assert_eq!(
            spans("这个项目已经完成了大部分工作 Apple, however, disagreed with the plan."),
            [
                zh("这个项目已经完成了大部分工作"),
                en("Apple, however, disagreed with the plan.")
            ]
        );
        // Or before the comma and the quotation after it.
        assert_eq!(
            spans("Tim Cook在采访中表示，\"China is a very important market for us.\""),
            [
                zh("[Tim Cook]在采访中表示，"),
                en("\"China is a very important market for us.\"")
            ]
        );
        assert_eq!(
            spans("Elon Musk说， \"We will go to Mars.\""),
            [zh("[Elon Musk]说，"), en("\"We will go to Mars.\"")]
        );
        assert_eq!(
            spans("Words like 加油,\"add oil,\" are now in the dictionary."),
            [
                en("Words like"),
                zh("加油"),
                en(",\"add oil,\" are now in the dictionary.")
            ]
        );
        assert_eq!(
            spans("We call it 叠加态, \"the state of being in two places at once\"."),
            [
                en("We call it"),
                zh("叠加态"),
                en(", \"the state of being in two places at once\".")
            ]
        );
        assert_eq!(
            spans("We call it 叠加态: the state in which it is in two places at once."),
            [
                en("We call it"),
                zh("叠加态"),
                en(": the state in which it is in two places at once.")
            ]
        );
        // The name that begins the sentence is its subject, whatever the sentence quotes.
        assert_eq!(
            spans("Tim Cook在发布会上说\"This is the best iPhone ever\"。"),
            [
                zh("[Tim Cook]在发布会上说"),
                en("\"This is the best iPhone ever\"。")
            ]
        );
        assert_eq!(
            spans("Apple宣布“Vision Pro will ship in February”，售价3499美元。"),
            [
                zh("[Apple]宣布"),
                en("“Vision Pro will ship in February”"),
                zh("，售价3499美元。")
            ]
        );
        // A speaker's name glossed in brackets, then the colon that introduces the quote:
        // both are the speaker's.
        assert_eq!(
            spans("黄仁勋（Jensen Huang）：“The more you buy, the more you save.”"),
            [
                zh("黄仁勋（[Jensen Huang]）："),
                en("“The more you buy, the more you save.”")
            ]
        );
        assert_eq!(
            spans("马斯克(Elon Musk)：\"We will go to Mars.\""),
            [zh("马斯克([Elon Musk])："), en("\"We will go to Mars.\"")]
        );
    }

    /// A word after Chinese text and glued to its clause mark ends the Chinese clause, the
    /// English after the mark a clause of its own, as code-switching chat types it.
    #[test]
    fn a_word_glued_to_its_clause_mark_ends_the_chinese_clause() {
        assert_eq!(
            spans("今天跑了 5km,not bad"),
            [zh("今天跑了 [5km],"), en("not bad")]
        );
        assert_eq!(
            spans("今天跑了 5km, not bad"),
            [zh("今天跑了 [5km],"), en("not bad")]
        );
        assert_eq!(
            spans("老板说这周要 ship,no excuses."),
            [zh("老板说这周要 [ship],"), en("no excuses.")]
        );
        // Not a word spaced from its mark, which may go on in English, nor one after a verb
        // of saying or being.
        assert_eq!(
            spans("老板说这周要 ship, no excuses."),
            [zh("老板说这周要"), en("ship, no excuses.")]
        );
        assert_eq!(spans("他说 Yes,I do."), [zh("他说"), en("Yes,I do.")]);
        // Nor a capitalized word, which may begin what is said, nor a list's first item.
        assert_eq!(
            spans("他回复 Thanks,will do."),
            [zh("他回复"), en("Thanks,will do.")]
        );
        assert_eq!(
            spans("需要安装 numpy,pandas and matplotlib."),
            [zh("需要安装"), en("numpy,pandas and matplotlib.")]
        );
        assert_eq!(
            spans("可选的有 8GB,16GB or 32GB."),
            [zh("可选的有"), en("8GB,16GB or 32GB.")]
        );
    }

    #[test]
    fn numbers_join_their_clause() {
        assert_eq!(spans("in 2014. 这是"), [en("in 2014."), zh("这是")]);
        assert_eq!(
            spans("The price is $300 亿元"),
            [en("The price is"), zh("$300 亿元")]
        );
        assert_eq!(spans("增长 3%。"), [zh("增长 3%。")]);
        assert_eq!(spans("  42  "), [(Kind::Und, "42".to_string())]);
        assert_eq!(spans("2026 年"), [zh("2026 年")]);
        // Clause punctuation after a number closes the English clause it ends.
        assert_eq!(
            spans("In 2023, 中国的经济增长了"),
            [en("In 2023,"), zh("中国的经济增长了")]
        );
        assert_eq!(
            spans("its revenue rose in 2023，而利润下降了"),
            [en("its revenue rose in 2023，"), zh("而利润下降了")]
        );
        assert_eq!(
            spans("its revenue rose to 2023亿，而"),
            [en("its revenue rose to"), zh("2023亿，而")]
        );
        assert_eq!(
            spans("we sold 2014 台 machines"),
            [en("we sold"), zh("2014 台"), en("machines")]
        );
    }

    #[test]
    fn quotes_and_brackets() {
        assert_eq!(
            spans("another (the so-called \"热闹\"), not to you."),
            [
                en("another (the so-called \""),
                zh("热闹"),
                en("\"), not to you.")
            ]
        );
        // The marks of the English sentence around a Chinese word are that sentence's.
        assert_eq!(
            spans("nor (“天下”)?\" he said"),
            [en("nor (“"), zh("天下"), en("”)?\" he said")]
        );
        assert_eq!(
            spans("it — \"气功\" —?\" he"),
            [en("it — \""), zh("气功"), en("\" —?\" he")]
        );
        // At the end of the line, the marks after it are the sentence's too.
        assert_eq!(
            spans("call it \"饺子\"."),
            [en("call it \""), zh("饺子"), en("\".")]
        );
        // The sentence end after a clause left untranslated is that clause's; not after a
        // word, or a list of words.
        assert_eq!(
            spans("It was no reversal; it更像是一次经过精心设计的信号释放. Markets rose."),
            [
                en("It was no reversal; it"),
                zh("更像是一次经过精心设计的信号释放."),
                en("Markets rose.")
            ]
        );
        assert_eq!(
            spans("A classic: 南京市/长江大桥 vs 南京/市长/江大桥. Add it."),
            [
                en("A classic:"),
                zh("南京市/长江大桥 [vs] 南京/市长/江大桥"),
                en(". Add it.")
            ]
        );
        // Glued glosses in a Chinese sentence are glosses, whatever follows them.
        assert_eq!(
            spans("我会Go(精通), Python(熟练), Java(了解)"),
            [zh("我会[Go](精通), [Python](熟练), [Java](了解)")]
        );
        // Markdown emphasis around a gloss is the English line's too.
        assert_eq!(
            spans("**ByteDance（字节跳动）** — Senior Engineer"),
            [
                en("**ByteDance"),
                zh("（字节跳动）"),
                en("** — Senior Engineer")
            ]
        );
        // Not when its marks may pair with its own.
        assert_eq!(
            spans("also called 常说的\"试点地狱\". The note"),
            [en("also called"), zh("常说的\"试点地狱\"."), en("The note")]
        );
        // CJK punctuation is the Chinese clause's own, and so are the marks of a clause
        // that holds a sentence end.
        assert_eq!(
            spans("and I am 饭毕，贾母斗牌。 Yet"),
            [en("and I am"), zh("饭毕，贾母斗牌。"), en("Yet")]
        );
        assert_eq!(
            spans("He said: “我们走吧。” Then"),
            [en("He said:"), zh("“我们走吧。”"), en("Then")]
        );
    }

    #[test]
    fn other_scripts() {
        assert_eq!(spans("東京は日本の首都です。")[0].0, Kind::Ja);
        // The kana and letters of a kaomoji are symbols, not Japanese or Thai words.
        for s in [
            "我们一起去公园散步吧ヽ(✿゚▽゚)ノ",
            "太可爱了(*´∀｀*)ノ好的",
            "好累啊¯\\_(ツ)_/¯算了",
            "(ง •̀_•́)ง 冲鸭",
            "谢谢大家(｡･ω･｡)ﾉ♡",
            "机箱随便挑了个海景房(๑•̀ㅂ•́)و✧",
        ] {
            assert_eq!(spans(s), [zh(s)], "{s}");
        }
        // (A Hangul letter alone is Korean beside Korean words, `ㅋㅋ 진짜`, and when it is
        // quoted or named: no kaomoji's mouth.)
        assert_eq!(spans("ㅋㅋㅋ 진짜 웃기다")[0].0, Kind::Ko);
        for s in [
            "“ㅂ”是韩语的一个辅音",
            "韩文字母表：ㄱ(g) ㄴ(n)",
            "字母(ㅎ)在词尾不发音",
        ] {
            assert!(spans(s).iter().any(|sp| sp.0 == Kind::Ko), "{s}");
        }
        assert_eq!(spans("そう(笑)と言った")[0].0, Kind::Ja);
        // Katakana in a Chinese sentence, or a quoted Japanese title, is no Japanese
        // sentence: that needs hiragana, or no character only Chinese writes.
        assert_eq!(
            spans("他在东京买了ポケモン的周边,花了不少钱."),
            [zh("他在东京买了ポケモン的周边,花了不少钱.")]
        );
        // A name in hiragana takes two such characters (`欢`, `这`).
        assert_eq!(
            spans("我很喜欢さくら这个名字,她是日本人."),
            [zh("我很喜欢さくら这个名字,她是日本人.")]
        );
        assert_eq!(spans("哪个是さくら的?"), [zh("哪个是さくら的?")]);
        // (Not `叫` or `吃`, which Japanese writes too.)
        assert_eq!(spans("絶叫マシン")[0].0, Kind::Ja);
        assert_eq!(spans("それは这个です。")[0].0, Kind::Ja);
        // A `の` alone is the Chinese internet's `的`; `很` is a word of Chinese only.
        assert_eq!(
            spans("今天分享一下我の日常生活，希望大家喜欢。"),
            [zh("今天分享一下我の日常生活，希望大家喜欢。")]
        );
        assert_eq!(
            spans("我在東京タワー拍了很多照片，非常漂亮。"),
            [zh("我在東京タワー拍了很多照片，非常漂亮。")]
        );
        // So does a traditional form that Japanese writes otherwise, or Cantonese.
        assert_eq!(
            spans("我們去秋葉原買グッズ，好開心！"),
            [zh("我們去秋葉原買グッズ，好開心！")]
        );
        assert_eq!(spans("佢哋話個ゲーム好好玩"), [zh("佢哋話個ゲーム好好玩")]);
        assert_eq!(spans("日本の首相が来日した。")[0].0, Kind::Ja);
        assert_eq!(spans("日本の首相官邸")[0].0, Kind::Ja);
        // Not the particles of a Japanese sentence, nor `写`, which Japanese writes too.
        assert_eq!(spans("中国語の吗と呢の使い方。")[0].0, Kind::Ja);
        assert_eq!(spans("この写真は描写が美しい。")[0].0, Kind::Ja);
        assert_eq!(spans("アニメの最終回を見た.")[0].0, Kind::Ja);
        assert_eq!(spans("東京でカメラを買いました。")[0].0, Kind::Ja);
        let got = spans("我最喜欢的动画是「進撃の巨人」,你呢?");
        assert_eq!(got[0], zh("我最喜欢的动画是"));
        assert_eq!(got[1].0, Kind::Ja);
        // Only the quotation with kana: not a Chinese title beside it.
        let got = spans("我最喜欢的动画是《进击的巨人》和《葬送のフリーレン》.");
        assert_eq!(got[0], zh("我最喜欢的动画是《进击的巨人》和"));
        assert_eq!(got[1].0, Kind::Ja);
        // Any simplified form that Japanese does not write is Chinese: `费`, `伦`.
        assert_eq!(
            spans("费伦的CV是市ノ瀬加那."),
            [zh("费伦的[CV]是市ノ瀬加那.")]
        );
        assert_eq!(spans("한국어 문장")[0].0, Kind::Ko);
        assert_eq!(spans("Привет мир")[0].0, Kind::Letters(Script::Cyrillic));
        // A Greek letter or two in Chinese text is a symbol or a unit, embedded as a term;
        // Greek words are Greek, short ones too.
        assert_eq!(
            spans("剂量为100μg,每日一次."),
            [zh("剂量为[100μg],每日一次.")]
        );
        assert_eq!(
            spans("β受体阻滞剂常用于高血压.它很有效."),
            [zh("[β]受体阻滞剂常用于高血压.它很有效.")]
        );
        // So is one between letters of another script, in a formula or in prose.
        assert_eq!(
            spans("Agreement was high (κ = 0.87), and Cronbach's α was 0.82."),
            [en(
                "Agreement was high (κ = 0.87), and Cronbach's α was 0.82."
            )]
        );
        assert_eq!(spans("已知α=30°,sin α=0.5,求加速度(μ=0.2).").len(), 1);
        assert_eq!(
            spans("Καλημέρα, τι κάνεις σήμερα;")[0],
            (
                Kind::Letters(Script::Greek),
                "Καλημέρα, τι κάνεις σήμερα;".to_string()
            )
        );
    }

    #[test]
    fn lines_are_separate() {
        let s = spans("中文\nEnglish\n\n123");
        assert_eq!(
            s,
            [zh("中文"), en("English"), (Kind::Und, "123".to_string())]
        );
    }

    #[test]
    fn islands_are_linked() {
        let mut out = Vec::new();
        Detector::default().detect("than the 欧美市场. Transmitting", 3, &mut out);
        assert!(out[1].island);
        assert!(!out[0].island);
        out.clear();
        Detector::default().detect("This is good. 这是中文。", 3, &mut out);
        assert!(!out[1].island);
    }

    /// Whether each span continues a sentence begun in another language.
    fn islands(text: &str) -> Vec<(&str, bool)> {
        let mut out = Vec::new();
        Detector::default().detect(text, 3, &mut out);
        out.iter()
            .map(|d| (&text[d.range.clone()], d.island))
            .collect()
    }

    #[test]
    fn a_span_back_in_its_sentences_language_is_no_island() {
        let t = "我们公司用的是spring boot + mybatis + mysql的技术栈，部署在阿里云ECS上.";
        assert_eq!(
            islands(t),
            [
                ("我们公司用的是", false),
                ("spring boot + mybatis + mysql", true),
                ("的技术栈，部署在阿里云ECS上.", false),
            ]
        );
        // English around a Chinese clause: the clause is the island.
        assert_eq!(
            islands("The deal, we have底气 to close it, said Mr Smith and his team."),
            [
                ("The deal, we have", false),
                ("底气", true),
                ("to close it, said Mr Smith and his team.", false),
            ]
        );
        assert!(is_quotation("“我们不会让步，”"));
        assert!(is_quotation("\"好\"， "));
        assert!(!is_quotation("“甲”和“乙”"));
        assert!(!is_quotation("“”"));
        // A quotation that opens a sentence does not set its language.
        assert_eq!(
            islands("“我们不会让步，” said the Ministry of Commerce (商务部)， adding more."),
            [
                ("“我们不会让步，”", false),
                ("said the Ministry of Commerce (", false),
                ("商务部", true),
                (")， adding more.", false),
            ]
        );
        // A sentence that begins inside a span begins in that span's language.
        // (A title too long to embed.)
        let t = "《The Strange Case of Dr Jekyll and Mr Hyde and Other Tales》的新译本已经出版了。请先把文件上传到服务器，然后 we can run it again。";
        let spans = islands(t);
        assert_eq!(spans.len(), 3, "{spans:?}");
        assert!(spans[1].1 && spans[2].1, "{spans:?}");
    }
}
