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
//! spacing and punctuation pass them over.

use std::borrow::Cow;

use serde::Serialize;

use crate::align::{Editor, OffsetMap, StageMap};

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

/// Text under cleaning: the current text, its alignment to the source, and what each stage did.
pub(crate) struct Tracked<'s> {
    pub(crate) text: Cow<'s, str>,
    pub(crate) map: OffsetMap,
    pub(crate) log: Vec<(Stage, usize)>,
}

impl<'s> Tracked<'s> {
    pub(crate) fn new(source: &'s str) -> Self {
        Tracked {
            text: Cow::Borrowed(source),
            map: OffsetMap::default(),
            log: Vec::new(),
        }
    }

    /// Runs one stage over the current text; returns the stage's own map when it changed
    /// anything (it is also appended to the document's map).
    pub(crate) fn apply(&mut self, stage: Stage, f: impl FnOnce(&mut Editor)) -> Option<&StageMap> {
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
