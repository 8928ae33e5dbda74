//! The pipeline: clean, detect spans, fix punctuation, segment, summarize. Glue only.

use std::ops::Range;

use crate::clean::{Stage, Tracked, chars, normalize, punct, spacing, whitespace};
use crate::config::{Config, Form};
use crate::document::{Document, Embedded, Span, Summary, Word};
use crate::error::Error;
use crate::lang::{self, Lang};
use crate::script::{Class, Script, class};
use crate::segment::{chinese::Chinese, latin};
use crate::span::{Detector, Draft, Kind};

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
        let c = &self.config;
        let mut t = Tracked::new(source);
        if c.characters.is_on() {
            t.apply(Stage::Characters, chars::run);
        }
        if c.normalization != Form::Off {
            t.apply(Stage::Normalize, |ed| normalize::run(ed, c.normalization));
        }
        if c.whitespace.is_on() {
            t.apply(Stage::Whitespace, whitespace::run);
        }
        if c.spacing.is_on() {
            t.apply(Stage::Spacing, spacing::run);
        }
        let mut drafts = Vec::new();
        Detector::default().detect(&t.text, c.embed_words, &mut drafts);
        if c.punctuation.is_on()
            && let Some(m) = t.apply(Stage::Punctuation, |ed| punct::run(ed, &drafts))
        {
            for d in &mut drafts {
                d.range = m.forward(d.range.clone());
                for e in &mut d.embedded {
                    *e = m.forward(e.clone());
                }
            }
        }
        let Tracked { text, map, log } = t;
        let mut spans: Vec<Span> = drafts
            .into_iter()
            .map(|d| self.span(&text, &map, d))
            .collect();
        let summary = summarize(&text, &mut spans);
        Document {
            source,
            text,
            map,
            spans,
            summary,
            stages: log,
        }
    }

    fn span(&self, text: &str, map: &crate::OffsetMap, d: Draft) -> Span {
        let body = &text[d.range.clone()];
        let (lang, script, confidence) = match d.kind {
            Kind::Zh => (Lang::Zh, Script::Han, None),
            Kind::Ja => (Lang::Ja, Script::Japanese, None),
            Kind::Ko => (Lang::Ko, Script::Hangul, None),
            Kind::Latin => {
                let (l, conf) = lang::latin(body, letters(body));
                (l, Script::Latin, conf)
            }
            Kind::Letters(s) => {
                let (l, conf) = lang::other_script(body, letters(body));
                (l, s, conf)
            }
            Kind::Und => (Lang::Und, Script::Common, None),
        };
        let mut ranges: Vec<Range<usize>> = Vec::new();
        match d.kind {
            Kind::Zh => self.chinese.cut(body, d.range.start, &mut ranges),
            Kind::Latin if self.config.latin_words.is_on() => {
                latin::cut(body, d.range.start, &mut ranges)
            }
            _ => {}
        }
        let words = ranges
            .into_iter()
            .map(|r| Word {
                src_range: map.to_source(r.clone()),
                range: r,
            })
            .collect();
        let embedded = d
            .embedded
            .into_iter()
            .map(|r| Embedded {
                lang: Lang::En,
                src_range: map.to_source(r.clone()),
                range: r,
            })
            .collect();
        Span {
            lang,
            script,
            src_range: map.to_source(d.range.clone()),
            range: d.range,
            foreign: false,
            confidence,
            words,
            embedded,
        }
    }
}

/// Letter shares per language, the dominant language, and which spans are foreign to it.
fn summarize(text: &str, spans: &mut [Span]) -> Summary {
    let mut counts: Vec<(Lang, usize)> = Vec::new();
    let mut add = |lang: Lang, n: usize| {
        if n == 0 {
            return;
        }
        match counts.iter_mut().find(|(l, _)| *l == lang) {
            Some((_, c)) => *c += n,
            None => counts.push((lang, n)),
        }
    };
    // Embedded tokens count for the span around them: `说 Anthropic 对外` is Chinese text.
    for s in spans.iter() {
        add(s.lang, letters(&text[s.range.clone()]));
    }
    let total: usize = counts.iter().map(|(_, n)| n).sum();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let dominant = counts
        .iter()
        .find(|(l, _)| *l != Lang::Und)
        .map_or(Lang::Und, |(l, _)| *l);
    // In a Japanese document, lines of kanji without kana (`参加者：約 80 名`) are Japanese.
    if dominant == Lang::Ja {
        for s in spans.iter_mut().filter(|s| s.lang == Lang::Zh) {
            s.lang = Lang::Ja;
            s.script = Script::Japanese;
            s.words.clear();
        }
        let zh: usize = counts
            .iter()
            .filter(|(l, _)| *l == Lang::Zh)
            .map(|(_, n)| n)
            .sum();
        counts.retain(|(l, _)| *l != Lang::Zh);
        if let Some((_, n)) = counts.iter_mut().find(|(l, _)| *l == Lang::Ja) {
            *n += zh;
        }
    }
    let mut mixed = false;
    for s in spans.iter_mut() {
        s.foreign = dominant != Lang::Und && s.lang != Lang::Und && s.lang != dominant;
        mixed |= s.foreign;
    }
    Summary {
        lang: dominant,
        mixed,
        letters: total,
        shares: counts
            .into_iter()
            .map(|(l, n)| (l, n as f64 / total as f64))
            .collect(),
    }
}

/// Letters of any script, Han characters included.
fn letters(s: &str) -> usize {
    if s.is_ascii() {
        return s.bytes().filter(u8::is_ascii_alphabetic).count();
    }
    s.chars()
        .filter(|&c| {
            matches!(
                class(c),
                Class::Han | Class::Kana | Class::Hangul | Class::Letter(_)
            )
        })
        .count()
}

#[cfg(test)]
mod tests {
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
    fn summary_of_english_article_with_leftovers() {
        let doc = p().process("The market moved fast this quarter, and I am饭毕，贾母犹欲和那几个老管家的嬷嬷斗牌。 Yet, indeed, it held.");
        assert_eq!(doc.summary().lang, Lang::En);
        assert!(doc.summary().mixed);
        let foreign: Vec<&str> = doc
            .spans()
            .iter()
            .filter(|s| s.foreign)
            .map(|s| &doc.text()[s.range.clone()])
            .collect();
        assert_eq!(foreign, ["饭毕，贾母犹欲和那几个老管家的嬷嬷斗牌。"]);
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
