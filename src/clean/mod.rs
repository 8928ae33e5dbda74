//! Cleaning stages. Each stage reads the text left by the one before and writes its edits
//! through an [`Editor`], so the alignment is recorded as the text changes.
//!
//! Order (each stage can be switched off in [`Config`](crate::Config)):
//! 1. *(reserved)* repair of mis-decoded text, which needs the raw characters as evidence;
//! 2. [`Stage::Characters`]: line endings, control and invisible characters, Unicode spaces;
//! 3. [`Stage::Normalize`]: NFC or NFKC, full-width letters and digits to half-width;
//! 4. [`Stage::Whitespace`]: collapse spaces, trim lines, limit blank lines;
//! 5. [`Stage::Spacing`]: one space between Han and Latin text, join letter-spaced Han;
//! 6. *(language spans are detected here)*;
//! 7. [`Stage::Punctuation`]: punctuation width by the language of the span; the lines it
//!    edited are read and converted again until nothing changes, so cleaning is idempotent.
//!
//! The lines of fenced code blocks ([`code`]) are left to stages 2 and 3: whitespace,
//! spacing and punctuation pass them over. The stages that [`settled`] finds nothing for
//! (in plain Chinese prose all of them, in plain mixed or English prose 2 to 4) are
//! logged, not run.

use std::borrow::Cow;

use serde::Serialize;

use crate::align::{Editor, OffsetMap, StageMap};
use crate::config::Form;
use crate::script::{ideograph_at, skip_printable};

pub(crate) mod chars;
pub(crate) mod code;
pub(crate) mod normalize;
pub(crate) mod protect;
pub(crate) mod punct;
pub(crate) mod spacing;
pub(crate) mod whitespace;

/// A cleaning stage, in the order the pipeline runs them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Stage {
    /// Line endings, control and invisible characters, Unicode spaces.
    Characters,
    /// Unicode normalization and width folding.
    Normalize,
    /// Collapsing and trimming whitespace.
    Whitespace,
    /// Spaces between Han and Latin text.
    Spacing,
    /// Punctuation width by language.
    Punctuation,
}

/// How much of cleaning a text is known to leave alone, from one scan of its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Settled {
    /// Nothing is known: every stage runs.
    No,
    /// Printable ASCII, ideographs and the common CJK marks, with single spaces between
    /// the words and single line breaks between the lines, as most lines of prose are: the
    /// characters, normalize and whitespace stages have nothing to change.
    Whitespace,
    /// The same without ASCII, as almost every line and paragraph of Chinese prose is: the
    /// spacing stage has nothing to change either, and each line is one Chinese span
    /// ([`span::plain_chinese`](crate::span::plain_chinese)) without a mark for punctuation
    /// to convert.
    Spacing,
}

impl Settled {
    /// Whether `stage` has nothing to change.
    fn skips(self, stage: Stage) -> bool {
        match self {
            Settled::No => false,
            Settled::Whitespace => {
                matches!(
                    stage,
                    Stage::Characters | Stage::Normalize | Stage::Whitespace
                )
            }
            Settled::Spacing => true,
        }
    }
}

/// How far cleaning leaves `text` alone (see [`Settled`]): ideographs (U+4E00..U+9FFF) and
/// the marks that the normalize stage keeps in `form`, then printable ASCII, spaces and line
/// breaks as the whitespace stage leaves them; and how many Han characters it passed over
/// (ideographs, `々`, `〇`), the letters of plain Chinese text. One scan saves up to five.
pub(crate) fn settled(text: &str, form: Form) -> (Settled, usize) {
    // With normalization off, what NFC keeps is kept.
    let form = if form == Form::Nfkc { form } else { Form::Nfc };
    let b = text.as_bytes();
    if b.first() == Some(&b' ') || b.last() == Some(&b' ') {
        return (Settled::No, 0);
    }
    let mut level = Settled::Spacing;
    let mut han = 0;
    let mut i = 0;
    while i < b.len() {
        // Ideographs and plain marks, most of Chinese text, at one look-up each; what
        // follows ASCII is read below, where a mark may belong to a number or a URL.
        if i == 0 || b[i - 1] >= 0x80 {
            let (end, n) = normalize::plain_run(b, i);
            han += n;
            i = end;
            if i == b.len() {
                break;
            }
        }
        match b[i] {
            // A line break inside the text, not before another nor beside a space.
            b'\n'
                if i > 0
                    && b[i - 1] != b' '
                    && b.get(i + 1).is_some_and(|&x| x != b'\n' && x != b' ') =>
            {
                i += 1;
                continue;
            }
            // Printable ASCII, with single spaces.
            0x20..=0x7E => {
                level = Settled::Whitespace;
                i = skip_printable(b, i);
                if b.get(i) == Some(&b' ') {
                    return (Settled::No, 0);
                }
                continue;
            }
            // A run of ideographs, counted as it is skipped.
            0xE4..=0xE9 => {
                let run = i;
                while ideograph_at(b, i) {
                    i += 3;
                }
                if i == run {
                    return (Settled::No, 0);
                }
                han += (i - run) / 3;
                continue;
            }
            0xE2 | 0xE3 | 0xEF if normalize::plain_mark(b, i, form) => {
                han += usize::from(b[i] == 0xE3 && b[i + 1] == 0x80 && b[i + 2] | 2 == 0x87);
            }
            _ => return (Settled::No, 0),
        }
        i += 3;
    }
    (level, han)
}

/// Text under cleaning: the current text, its alignment to the source, and what each stage did.
pub(crate) struct Tracked<'s> {
    pub(crate) text: Cow<'s, str>,
    pub(crate) map: OffsetMap,
    pub(crate) log: Vec<(Stage, usize)>,
    /// What [`settled`] found of the source: the stages it skips are logged without running.
    settled: Settled,
    /// The source's Han characters, when it is plain Chinese text.
    han: usize,
}

impl<'s> Tracked<'s> {
    pub(crate) fn new(source: &'s str, form: Form) -> Self {
        let (settled, han) = settled(source, form);
        Tracked {
            text: Cow::Borrowed(source),
            map: OffsetMap::default(),
            // (One entry a stage.)
            log: Vec::with_capacity(5),
            settled,
            han,
        }
    }

    /// When the text is plain Chinese prose, which no stage changes (see [`Settled`]): its
    /// number of Han characters.
    pub(crate) fn plain_chinese(&self) -> Option<usize> {
        (self.settled == Settled::Spacing).then_some(self.han)
    }

    /// Runs one stage over the current text; returns the stage's own map when it changed
    /// anything (it is also appended to the document's map).
    pub(crate) fn apply(&mut self, stage: Stage, f: impl FnOnce(&mut Editor)) -> Option<&StageMap> {
        if self.settled.skips(stage) {
            self.note(stage, 0);
            return None;
        }
        let mut ed = Editor::new(&self.text);
        f(&mut ed);
        let Some((out, stage_map)) = ed.finish() else {
            self.note(stage, 0);
            return None;
        };
        self.note(stage, stage_map.len());
        self.text = Cow::Owned(out);
        self.map.push(stage_map);
        self.map.last_stage()
    }

    /// Logs a stage's edits; a stage run again in a row (punctuation, until stable) adds to
    /// its entry.
    fn note(&mut self, stage: Stage, edits: usize) {
        match self.log.last_mut() {
            Some((s, n)) if *s == stage => *n += edits,
            _ => self.log.push((stage, edits)),
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::span::Detector;

    fn level_of(s: &str, form: Form) -> Settled {
        settled(s, form).0
    }

    /// The first stage that `level` skips and that edits `s`.
    fn edited(s: &str, form: Form, level: Settled) -> Option<Stage> {
        let stage = [
            Stage::Characters,
            Stage::Normalize,
            Stage::Whitespace,
            Stage::Spacing,
            Stage::Punctuation,
        ];
        stage
            .into_iter()
            .filter(|&st| level.skips(st))
            .find(|&stage| {
                let mut ed = Editor::new(s);
                match stage {
                    Stage::Characters => chars::run(&mut ed),
                    Stage::Normalize => normalize::run(&mut ed, form),
                    Stage::Whitespace => whitespace::run(&mut ed, &code::blocks(s, None)),
                    Stage::Spacing => spacing::run(&mut ed, &code::blocks(s, None)),
                    Stage::Punctuation => {
                        let mut drafts = Vec::new();
                        Detector::default().detect(s, 3, &mut drafts);
                        punct::run(&mut ed, &drafts)
                    }
                }
                ed.finish().is_some()
            })
    }

    /// Every non-ASCII character `settled` accepts on its own (ideographs sampled, all
    /// marks), printable ASCII, and a few characters it does not accept.
    fn alphabet(form: Form) -> Vec<char> {
        (0x2000..=0xFFFFu32)
            .filter(|u| !(0x4E10..0x9FF0).contains(u) || u % 97 == 0)
            .filter_map(char::from_u32)
            .filter(|c| level_of(c.encode_utf8(&mut [0; 4]), form) == Settled::Spacing)
            .chain('!'..='~')
            .chain(['\t', '\u{3000}', 'é', '\u{301}', '１', '\r', '\u{200B}'])
            .collect()
    }

    #[test]
    fn settled_takes_plain_prose_only() {
        let nfc = Form::Nfc;
        let level = |s| level_of(s, nfc);
        for s in [
            "",
            "却说猪八戒在那林内，正思量行者：“悟能兄弟！”",
            "《红楼梦》、「引文」……——",
            "第一行。\n第二行。",
        ] {
            assert_eq!(level(s), Settled::Spacing, "{s:?}");
        }
        for s in [
            "2023年",
            "用Rust写的",
            "The deal, we have底气 to close it.",
            "a b\nc",
            "“Yes,” he said.",
            "中 文",
        ] {
            assert_eq!(level(s), Settled::Whitespace, "{s:?}");
        }
        for s in [
            "中文\n",
            "\n中文",
            "中\n\n文",
            "a  b",
            " a",
            "a ",
            "a \nb",
            "a\n b",
            "a\tb",
            "ＡＢ",
            "共1，000个",
            "中\u{3000}文",
            "中\u{200B}文",
            "丈\u{301}",
            "café",
        ] {
            assert_eq!(level(s), Settled::No, "{s:?}");
        }
        // NFKC folds the ellipsis; full-width clause marks it leaves to punctuation.
        assert_eq!(level_of("中文。", Form::Nfkc), Settled::Spacing);
        assert_eq!(level_of("中文，", Form::Nfkc), Settled::Spacing);
        assert_eq!(level_of("中文…", Form::Nfkc), Settled::No);
        let marks = alphabet(nfc).into_iter().filter(|&c| {
            !c.is_ascii()
                && !('\u{4E00}'..='\u{9FFF}').contains(&c)
                && level_of(c.encode_utf8(&mut [0; 4]), nfc) == Settled::Spacing
        });
        assert_eq!(
            marks.count(),
            7 + 27 + 7,
            "the marks `plain_mark` passes over"
        );
    }

    #[test]
    fn pipeline_logs_the_stages_it_skips() {
        let p = crate::Pipeline::new(crate::Config::default()).unwrap();
        let settled = p.process("中文，句子。");
        let other = p.process("中文, 句子.");
        let names = |d: &crate::Document| d.stages().iter().map(|s| s.0).collect::<Vec<_>>();
        assert_eq!(names(&settled), names(&other));
        assert!(settled.stages().iter().all(|s| s.1 == 0));
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, failure_persistence: None, ..ProptestConfig::default() })]

        /// No stage that `settled` skips would have edited the text: words of characters
        /// it takes (and of a few it does not) between spaces and line breaks.
        #[test]
        fn settled_text_is_left_alone(
            words in prop::collection::vec(
                (
                    prop::collection::vec(any::<prop::sample::Index>(), 0..5),
                    prop::sample::select(vec![" ", " ", " ", "\n", "\n", "", "  ", "\n\n", " \n"]),
                ),
                0..8,
            ),
            nfkc: bool,
        ) {
            let form = if nfkc { Form::Nfkc } else { Form::Nfc };
            let alphabet = alphabet(form);
            let mut s = String::new();
            for (word, sep) in &words {
                s.extend(word.iter().map(|i| *i.get(&alphabet)));
                s.push_str(sep);
            }
            let level = level_of(&s, form);
            prop_assert_eq!(edited(&s, form, level), None, "{:?} {:?}", s, level);
        }

        /// Plain Chinese prose is read as the detector reads it, one Chinese span a line,
        /// with nothing to protect and no code; and no stage edits it.
        #[test]
        fn plain_chinese_reads_as_the_detector_does(
            lines in prop::collection::vec(
                prop::collection::vec(any::<prop::sample::Index>(), 1..12),
                1..4,
            ),
            nfkc: bool,
        ) {
            let form = if nfkc { Form::Nfkc } else { Form::Nfc };
            let plain: Vec<char> = alphabet(form)
                .into_iter()
                .filter(|c| !c.is_ascii() && level_of(c.encode_utf8(&mut [0; 4]), form) == Settled::Spacing)
                .collect();
            let lines: Vec<String> = lines
                .iter()
                .map(|l| l.iter().map(|i| *i.get(&plain)).collect())
                .collect();
            let s = lines.join("\n");
            // (A full-width comma or colon after a full-width digit is not plain.)
            prop_assume!(level_of(&s, form) == Settled::Spacing);
            let (mut fast, mut read) = (Vec::new(), Vec::new());
            let han = s.chars().filter(|&c| crate::script::is_han(c)).count();
            prop_assert_eq!(settled(&s, form).1, han, "{:?}", s);
            crate::span::plain_chinese(&s, han, &mut fast);
            Detector::default().detect(&s, 3, &mut read);
            prop_assert_eq!(fast, read, "{:?}", s);
            prop_assert!(protect::find(&s).is_empty(), "{:?}", s);
            prop_assert!(code::blocks(&s, None).is_empty(), "{:?}", s);
            prop_assert_eq!(edited(&s, form, Settled::Spacing), None, "{:?}", s);
        }
    }
}
