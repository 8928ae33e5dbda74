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
//! spacing and punctuation pass them over. Text that [`settled`] accepts (plain Chinese
//! prose) goes straight to punctuation: stages 2 to 5 are logged, not run.

use std::borrow::Cow;

use serde::Serialize;

use crate::align::{Editor, OffsetMap, StageMap};
use crate::config::Form;

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

/// Whether `text` is ideographs (U+4E00..U+9FFF) and the common CJK marks only, with single
/// line breaks between its lines, as almost every line and paragraph of Chinese prose is.
/// Such text has nothing the characters, normalize (in `form`), whitespace and spacing
/// stages change, so one scan here saves their four.
pub(crate) fn settled(text: &str, form: Form) -> bool {
    // With normalization off, what NFC keeps is kept.
    let form = if form == Form::Nfkc { form } else { Form::Nfc };
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            // A line break inside the text, not before another.
            b'\n' if i > 0 && b.get(i + 1).is_some_and(|&x| x != b'\n') => {
                i += 1;
                continue;
            }
            0xE5..=0xE9 => {}
            0xE4 if b[i + 1] >= 0xB8 => {}
            0xE2 | 0xE3 | 0xEF if normalize::plain_mark(b, i, form) => {}
            _ => return false,
        }
        i += 3;
    }
    true
}

/// Text under cleaning: the current text, its alignment to the source, and what each stage did.
pub(crate) struct Tracked<'s> {
    pub(crate) text: Cow<'s, str>,
    pub(crate) map: OffsetMap,
    pub(crate) log: Vec<(Stage, usize)>,
    /// The source is text that [`settled`] accepts: the stages before punctuation are
    /// logged without running.
    settled: bool,
}

impl<'s> Tracked<'s> {
    pub(crate) fn new(source: &'s str, form: Form) -> Self {
        Tracked {
            text: Cow::Borrowed(source),
            map: OffsetMap::default(),
            log: Vec::new(),
            settled: settled(source, form),
        }
    }

    /// Runs one stage over the current text; returns the stage's own map when it changed
    /// anything (it is also appended to the document's map).
    pub(crate) fn apply(&mut self, stage: Stage, f: impl FnOnce(&mut Editor)) -> Option<&StageMap> {
        if self.settled && stage != Stage::Punctuation {
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

    /// Whether any of the four stages `settled` stands for edits `s`.
    fn edited(s: &str, form: Form) -> Option<Stage> {
        let stage = [
            Stage::Characters,
            Stage::Normalize,
            Stage::Whitespace,
            Stage::Spacing,
        ];
        stage.into_iter().find(|&stage| {
            let mut ed = Editor::new(s);
            match stage {
                Stage::Characters => chars::run(&mut ed),
                Stage::Normalize => normalize::run(&mut ed, form),
                Stage::Whitespace => whitespace::run(&mut ed, &code::blocks(s)),
                _ => spacing::run(&mut ed, &code::blocks(s)),
            }
            ed.finish().is_some()
        })
    }

    /// Every character `settled` accepts on its own (ideographs sampled, all marks).
    fn alphabet(form: Form) -> Vec<char> {
        (0x2000..=0xFFFFu32)
            .filter(|u| !(0x4E10..0x9FF0).contains(u) || u % 97 == 0)
            .filter_map(char::from_u32)
            .filter(|c| settled(c.encode_utf8(&mut [0; 4]), form))
            .collect()
    }

    #[test]
    fn settled_takes_chinese_prose_only() {
        let nfc = Form::Nfc;
        assert!(settled("", nfc));
        assert!(settled("却说猪八戒在那林内，正思量行者：“悟能兄弟！”", nfc));
        assert!(settled("《红楼梦》、「引文」……——", nfc));
        assert!(settled("第一行。\n第二行。", nfc));
        for s in [
            "中 文",
            "中文\n",
            "\n中文",
            "中\n\n文",
            "2023年",
            "ＡＢ",
            "中\u{3000}文",
            "中\u{200B}文",
            "丈\u{301}",
        ] {
            assert!(!settled(s, nfc), "{s:?}");
        }
        // NFKC folds full-width marks and the ellipsis.
        assert!(settled("中文。", Form::Nfkc));
        assert!(!settled("中文，", Form::Nfkc));
        assert!(!settled("中文…", Form::Nfkc));
        let marks = alphabet(nfc)
            .into_iter()
            .filter(|c| !('\u{4E00}'..='\u{9FFF}').contains(c));
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

        /// What `settled` accepts, no stage it skips would have edited.
        #[test]
        fn settled_text_is_left_alone(picks in prop::collection::vec(any::<prop::sample::Index>(), 0..24), nfkc: bool) {
            let form = if nfkc { Form::Nfkc } else { Form::Nfc };
            let mut alphabet = alphabet(form);
            alphabet.extend(['\n'; 8]);
            let s: String = picks.iter().map(|i| *i.get(&alphabet)).collect();
            prop_assume!(settled(&s, form));
            prop_assert_eq!(edited(&s, form), None, "{:?}", s);
        }
    }
}
