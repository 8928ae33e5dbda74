//! Chinese words: the only user of jieba-rs.

use std::io::BufReader;
use std::ops::Range;
use std::path::Path;
use std::sync::OnceLock;

use jieba_rs::Jieba;

use crate::config::{CutMode, Hmm};
use crate::error::Error;
use crate::script::{Class, is_mark, quick_class};

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
            // Overlapping words, put in text order.
            CutMode::Search | CutMode::All => {
                let mut t = if self.mode == CutMode::All {
                    jieba.cut_all(span)
                } else {
                    jieba.cut_for_search(span, self.hmm)
                };
                t.sort_by_key(|t| (t.byte_start, t.byte_end));
                t
            }
            _ => jieba.cut(span, self.hmm),
        };
        let mut joined = false;
        for t in &tokens {
            let range = base + t.byte_start..base + t.byte_end;
            // Most words start with an ideograph or CJK punctuation, read from its bytes:
            // not blank, and not a character that extends the one before (ZWJ excepted).
            let plain = match quick_class(t.word.as_bytes(), 0) {
                Some(Class::Space) | None => false,
                // (ZWJ, U+200D, is general punctuation.)
                Some(Class::Punct) => !t.word.starts_with('\u{200D}'),
                Some(_) => true,
            };
            if !plain {
                // Blank: every character is whitespace (checked on the first one first).
                if t.word.chars().next().is_none_or(char::is_whitespace) && t.word.trim().is_empty()
                {
                    continue;
                }
                // A word never splits a grapheme: combining marks, variation selectors,
                // skin tones and ZWJ sequences (`👨‍👩‍👧`) stay with the character they
                // belong to.
                let extends = t.word.chars().next().is_some_and(|c| {
                    is_mark(c)
                        || matches!(c, '\u{200D}' | '\u{FE00}'..='\u{FE0F}' | '\u{1F3FB}'..='\u{1F3FF}')
                });
                joined |= extends;
            }
            match out.last_mut() {
                Some(prev) if joined && prev.end == range.start => prev.end = range.end,
                _ => out.push(range),
            }
            // Ends with ZWJ (U+200D: E2 80 8D).
            joined = t.word.as_bytes().last() == Some(&0x8D) && t.word.ends_with('\u{200D}');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words<'a>(c: &Chinese, s: &'a str) -> Vec<&'a str> {
        let mut out = Vec::new();
        c.cut(s, 0, &mut out);
        out.into_iter().map(|r| &s[r]).collect()
    }

    #[test]
    fn default_cut_drops_whitespace() {
        let c = Chinese::new(CutMode::Default, Hmm::On, None).unwrap();
        assert_eq!(
            words(&c, "用 Kubernetes 部署"),
            ["用", "Kubernetes", "部署"]
        );
    }

    #[test]
    fn graphemes_stay_whole() {
        let c = Chinese::new(CutMode::Default, Hmm::On, None).unwrap();
        assert_eq!(
            words(&c, "爱吃👨\u{200D}👩\u{200D}👧好"),
            ["爱", "吃", "👨\u{200D}👩\u{200D}👧", "好"]
        );
        assert_eq!(words(&c, "赞👍🏽"), ["赞", "👍🏽"]);
    }

    #[test]
    fn search_mode_adds_inner_words() {
        let c = Chinese::new(CutMode::Search, Hmm::On, None).unwrap();
        let w = words(&c, "中华人民共和国");
        assert!(
            w.contains(&"中华人民共和国") && w.contains(&"中华") && w.contains(&"共和国"),
            "{w:?}"
        );
    }

    #[test]
    fn full_mode_finds_every_dictionary_word() {
        let c = Chinese::new(CutMode::All, Hmm::On, None).unwrap();
        let w = words(&c, "中华人民共和国");
        for inner in ["中华", "华人", "人民", "共和国", "中华人民共和国"] {
            assert!(w.contains(&inner), "{inner} not in {w:?}");
        }
        let mut sorted = w.clone();
        sorted.sort_by_key(|s| s.as_ptr() as usize);
        assert_eq!(w, sorted, "words in text order");
    }

    #[test]
    fn user_dictionary() {
        let dir = std::env::temp_dir().join(format!("zhen-dict-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("dict.txt");
        let default = Chinese::new(CutMode::Default, Hmm::Off, None).unwrap();
        assert_ne!(words(&default, "云原生平台"), ["云原生平台"]);
        std::fs::write(&path, "云原生平台 1000 n\n").unwrap();
        let custom = Chinese::new(CutMode::Default, Hmm::Off, Some(&path)).unwrap();
        assert_eq!(words(&custom, "云原生平台"), ["云原生平台"]);
        let missing = Chinese::new(CutMode::Default, Hmm::On, Some(&dir.join("nope.txt")));
        assert!(matches!(missing, Err(Error::Io { .. })));
    }
}
