//! Chinese words: the only user of jieba-rs.

use std::io::BufReader;
use std::ops::Range;
use std::path::Path;
use std::sync::OnceLock;

use jieba_rs::Jieba;

use crate::config::{CutMode, Hmm};
use crate::error::Error;

/// Cuts Chinese text with jieba. The dictionary (about 0.1 s to load) is loaded on the
/// first Chinese span, once per segmenter, so English-only runs never pay for it.
pub(crate) struct Chinese {
    jieba: OnceLock<Jieba>,
    mode: CutMode,
    hmm: bool,
}

impl Chinese {
    pub(crate) fn new(mode: CutMode, hmm: Hmm, user_dict: Option<&Path>) -> Result<Self, Error> {
        let jieba = OnceLock::new();
        if let Some(path) = user_dict {
            // A user dictionary is loaded at once, so that a bad file is reported up front.
            let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
            let mut j = Jieba::new();
            j.load_dict(&mut BufReader::new(file))
                .map_err(|e| Error::Dictionary {
                    path: path.to_path_buf(),
                    reason: e.to_string(),
                })?;
            let _ = jieba.set(j);
        }
        Ok(Chinese {
            jieba,
            mode,
            hmm: hmm == Hmm::On,
        })
    }

    /// Appends the words of `span` (which starts at byte `base` of the text) to `out`.
    /// Whitespace is not a word.
    pub(crate) fn cut(&self, span: &str, base: usize, out: &mut Vec<Range<usize>>) {
        if self.mode == CutMode::Off {
            return;
        }
        let jieba = self.jieba.get_or_init(Jieba::new);
        let tokens = match self.mode {
            CutMode::Search => {
                let mut t = jieba.cut_for_search(span, self.hmm);
                t.sort_by_key(|t| (t.byte_start, t.byte_end));
                t
            }
            _ => jieba.cut(span, self.hmm),
        };
        out.extend(
            tokens
                .iter()
                .filter(|t| !t.word.trim().is_empty())
                .map(|t| base + t.byte_start..base + t.byte_end),
        );
    }
}
