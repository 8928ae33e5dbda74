//! The result of processing one document: cleaned text, spans, words and alignment.

use std::borrow::Cow;
use std::ops::Range;

use crate::align::OffsetMap;
use crate::clean::Stage;
use crate::lang::Lang;
use crate::script::Script;

/// A word: a byte range of the cleaned text and the source range it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Word {
    /// Bytes of the cleaned text.
    pub range: Range<usize>,
    /// Bytes of the source text.
    pub src_range: Range<usize>,
}

/// A short foreign run kept inside a span (`Anthropic` in `说 Anthropic 对外`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Embedded {
    /// Its language (`en` for Latin script).
    pub lang: Lang,
    /// Bytes of the cleaned text.
    pub range: Range<usize>,
    /// Bytes of the source text.
    pub src_range: Range<usize>,
}

/// A run of text in one language.
///
/// Spans tile each line: every non-whitespace character of the cleaned text is in exactly
/// one span, spans are in order, never overlap, never cross a line break and never start
/// or end with whitespace.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Span {
    /// The language.
    pub lang: Lang,
    /// The writing system.
    pub script: Script,
    /// Bytes of the cleaned text.
    pub range: Range<usize>,
    /// Bytes of the source text.
    pub src_range: Range<usize>,
    /// Not the document's dominant language: in a machine-translated English article these
    /// are the untranslated leftovers.
    pub foreign: bool,
    /// whatlang's confidence, where whatlang was asked.
    pub confidence: Option<f64>,
    /// On a line of a code block (Markdown's fenced or indented code, YAML front matter):
    /// program text, not prose, so never foreign, and counted in the document's languages
    /// only when it has no prose.
    pub code: bool,
    /// Words (Chinese spans always, Latin spans when asked), in order of their start.
    pub words: Vec<Word>,
    /// Foreign runs kept inside this span.
    pub embedded: Vec<Embedded>,
}

/// What the document is made of.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Summary {
    /// The language with the most text, a CJK character weighing two letters (`und`
    /// without letters).
    pub lang: Lang,
    /// Some span is in another language than the dominant one.
    pub mixed: bool,
    /// Share of letters in each language (Han characters count as letters), largest first.
    pub shares: Vec<(Lang, f64)>,
    /// Letters in the document.
    pub letters: usize,
}

impl Summary {
    /// The summary of `counts`, letters per language.
    pub(crate) fn new(lang: Lang, mixed: bool, mut counts: Vec<(Lang, usize)>) -> Summary {
        let total: usize = counts.iter().map(|(_, n)| n).sum();
        counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        Summary {
            lang,
            mixed,
            letters: total,
            shares: counts
                .into_iter()
                .map(|(l, n)| (l, n as f64 / total as f64))
                .collect(),
        }
    }

    /// Letters per language, in the order of `shares`.
    pub fn counts(&self) -> impl Iterator<Item = (Lang, usize)> + '_ {
        self.shares
            .iter()
            .map(|&(l, share)| (l, (share * self.letters as f64).round() as usize))
    }
}

/// One processed document: the cleaned text, its spans, and the alignment to the source.
///
/// ```
/// let pipeline = zhen::Pipeline::new(zhen::Config::default())?;
/// let doc = pipeline.process("说Anthropic对外宣称的$300亿");
/// assert_eq!(doc.text(), "说 Anthropic 对外宣称的 $300 亿");
/// let span = &doc.spans()[0];
/// assert_eq!(span.lang, zhen::Lang::Zh);
/// assert_eq!(&doc.text()[span.embedded[0].range.clone()], "Anthropic");
/// # Ok::<(), zhen::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Document<'s> {
    pub(crate) source: &'s str,
    pub(crate) text: Cow<'s, str>,
    pub(crate) map: OffsetMap,
    pub(crate) spans: Vec<Span>,
    pub(crate) summary: Summary,
    pub(crate) stages: Vec<(Stage, usize)>,
    /// Every character of the text takes three bytes (plain Chinese prose on one line), so
    /// its code-point offsets are its byte offsets divided by three.
    pub(crate) three_byte: bool,
}

impl<'s> Document<'s> {
    /// The cleaned text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The source text the document was made from.
    pub fn source(&self) -> &'s str {
        self.source
    }

    /// The language spans, in order.
    pub fn spans(&self) -> &[Span] {
        &self.spans
    }

    /// Dominant language, mixedness and language shares.
    pub fn summary(&self) -> &Summary {
        &self.summary
    }

    /// The alignment between cleaned text and source.
    pub fn offsets(&self) -> &OffsetMap {
        &self.map
    }

    /// Maps a byte range of the cleaned text to the byte range of the source it came from.
    pub fn to_source(&self, range: Range<usize>) -> Range<usize> {
        self.map.to_source(range)
    }

    /// The cleaning stages that ran, in order, with the number of edits each made.
    pub fn stages(&self) -> &[(Stage, usize)] {
        &self.stages
    }

    /// Takes ownership of the cleaned text.
    pub fn into_text(self) -> String {
        self.text.into_owned()
    }
}
