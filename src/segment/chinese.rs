//! Chinese words: the only user of jieba-rs.

use std::io::Read;
use std::ops::Range;
use std::path::Path;
use std::sync::OnceLock;

use jieba_rs::Jieba;

use crate::config::{CutMode, Hmm};
use crate::error::Error;
use crate::script::{Class, is_mark, quick_class};

/// The largest user dictionary read, in bytes.
const MAX_DICT: u64 = 256 << 20;

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
            let failed = |reason: String| Error::Dictionary {
                path: path.to_path_buf(),
                reason,
            };
            // (Read up to a bound: jieba-rs takes no dictionary of more than some 16 million
            // characters, and a device such as `/dev/zero` has no end.)
            let mut bytes = Vec::new();
            std::fs::File::open(path)
                .and_then(|f| f.take(MAX_DICT + 1).read_to_end(&mut bytes))
                .map_err(|e| failed(e.to_string()))?;
            if bytes.len() as u64 > MAX_DICT {
                return Err(failed(format!("larger than {} MiB", MAX_DICT >> 20)));
            }
            // (A byte-order mark, as Windows editors write, is no part of the first word.)
            let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
            let text = std::str::from_utf8(bytes).map_err(|e| {
                let at = e.valid_up_to();
                let line = 1 + memchr::memchr_iter(b'\n', &bytes[..at]).count();
                failed(format!("line {line}, byte {at}: invalid UTF-8"))
            })?;
            let mut j = Jieba::new();
            // (jieba quotes the bad line with its line break. It panics past 2^24 distinct
            // prefixes, a dictionary of some 16 million characters: reported as the file's.)
            // (Its panic is reported as an error, not printed as well.)
            let hook = std::panic::take_hook();
            std::panic::set_hook(Box::new(|_| {}));
            let loaded = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                j.load_dict(&mut text.as_bytes())
            }));
            std::panic::set_hook(hook);
            let loaded = loaded.map_err(|panic| {
                let what = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                failed(format!("too large for jieba-rs ({what})"))
            })?;
            loaded.map_err(|e| failed(e.to_string().replace(['\r', '\n'], "")))?;
            // A word given without a frequency is one, as Python jieba reads it: it gets the
            // frequency that keeps it whole (jieba-rs would give it 0, which never wins).
            for line in text.lines() {
                let mut fields = line.split_whitespace();
                if let (Some(word), None) = (fields.next(), fields.next()) {
                    j.add_word(word, None, None);
                }
            }
            let _ = jieba.set(j);
        }
        Ok(Chinese {
            jieba,
            mode,
            hmm: hmm == Hmm::On,
        })
    }

    /// [`Chinese::cut`] for a span holding embedded runs of English (`runs`: sorted byte
    /// ranges of the text, inside the span). Span detection joins whatever jieba cuts
    /// inside such a run again, except at whitespace and punctuation, so a run of ASCII
    /// that jieba would read as a block of its own is not given to jieba: it is cut at
    /// whitespace and around each character outside jieba's word class instead, which
    /// leaves the same words once joined, for less work.
    pub(crate) fn cut_around(
        &self,
        span: &str,
        base: usize,
        runs: &[Range<usize>],
        out: &mut Vec<Range<usize>>,
    ) {
        if self.mode != CutMode::Default {
            return self.cut(span, base, out);
        }
        let mut pos = 0;
        for r in runs {
            let (Some(s), Some(e)) = (r.start.checked_sub(base), r.end.checked_sub(base)) else {
                continue;
            };
            if s < pos || !stands_alone(span, s, e) {
                continue;
            }
            if pos < s {
                self.cut(&span[pos..s], base + pos, out);
            }
            cut_ascii(&span.as_bytes()[s..e], base + s, out);
            pos = e;
        }
        if pos < span.len() {
            self.cut(&span[pos..], base + pos, out);
        }
    }

    /// Appends the words of `span` (which starts at byte `base` of the text) to `out`.
    /// Whitespace is not a word.
    pub(crate) fn cut(&self, span: &str, base: usize, out: &mut Vec<Range<usize>>) {
        self.cut_in_pieces(span, base, PIECE, false, out);
    }

    /// [`Chinese::cut`] of plain Chinese text, ideographs and CJK marks only (see
    /// [`crate::clean::settled`]): each of jieba's tokens is a word as it is.
    pub(crate) fn cut_plain(&self, span: &str, base: usize, out: &mut Vec<Range<usize>>) {
        self.cut_in_pieces(span, base, PIECE, true, out);
    }

    /// [`Chinese::cut`], giving jieba's default cut a long span a piece of about `piece`
    /// bytes at a time, so that its list of tokens (48 bytes each, one per character of a
    /// run of punctuation) stays small. A piece ends before a character that jieba cuts as
    /// a token of its own and that joins nothing, so the words are the same.
    fn cut_in_pieces(
        &self,
        span: &str,
        base: usize,
        piece: usize,
        plain: bool,
        out: &mut Vec<Range<usize>>,
    ) {
        let mut at = 0;
        if self.mode == CutMode::Default {
            while span.len() - at > piece {
                let Some(end) = piece_end(&span[at..], piece) else {
                    break;
                };
                self.cut_whole(&span[at..at + end], base + at, plain, out);
                at += end;
            }
        }
        self.cut_whole(&span[at..], base + at, plain, out);
    }

    fn cut_whole(&self, span: &str, base: usize, plain: bool, out: &mut Vec<Range<usize>>) {
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
        if plain {
            // No blank token, and none that extends the one before.
            out.extend(
                tokens
                    .iter()
                    .map(|t| base + t.byte_start..base + t.byte_end),
            );
            return;
        }
        let mut joined = false;
        // Whether the token before ends in kana: jieba knows no kana and cuts a run of it
        // one character at a time, but it is one word of a Chinese sentence (`ポカリスエット`).
        let mut kana_before = false;
        out.reserve(tokens.len());
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
                joined |= t.word.chars().next().is_some_and(extends);
                // (Kana is U+3041..U+30FF, E3 81..83 xx: read from the bytes.)
                let w = t.word.as_bytes();
                let kana = w[0] == 0xE3 && matches!(w.get(1), Some(0x81..=0x83));
                joined |= kana_before && kana;
                let n = w.len();
                kana_before = kana && w[n - 3] == 0xE3 && matches!(w[n - 2], 0x81..=0x83);
            } else {
                kana_before = false;
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

/// Joins the numbers jieba cuts at their separators (`18 , 000` → `18,000`, `14 : 30` →
/// `14:30`, `2024 / 05 / 20` → `2024/05/20`) in the words (sorted, of `text`) of a Chinese
/// span: a thousands separator before a group of three digits, a time's colon before two,
/// a slash between digits.
pub(crate) fn join_numbers(text: &str, words: &mut Vec<Range<usize>>) {
    let b = text.as_bytes();
    // Most spans hold no ASCII separator at all.
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return;
    };
    let Some(from) = memchr::memchr3(b',', b':', b'/', &b[first.start..last.end]) else {
        return;
    };
    let digits_before = |end: usize| {
        b[..end]
            .iter()
            .rev()
            .take_while(|x| x.is_ascii_digit())
            .count()
    };
    let digits_after = |start: usize| b[start..].iter().take_while(|x| x.is_ascii_digit()).count();
    // Words before the first separator stay as they are.
    let from = first.start + from;
    let mut out = words.partition_point(|w| w.end <= from);
    let mut k = out;
    while k < words.len() {
        let w = words[k].clone();
        let joins = out > 0
            && w.len() == 1
            && matches!(b[w.start], b',' | b':' | b'/')
            && words[out - 1].end == w.start
            && words.get(k + 1).is_some_and(|n| n.start == w.end)
            && {
                let (before, after) = (digits_before(w.start), digits_after(w.end));
                match b[w.start] {
                    b',' => (1..=3).contains(&before) && after == 3,
                    b':' => (1..=2).contains(&before) && after == 2,
                    _ => before > 0 && after > 0,
                }
            };
        if joins {
            words[out - 1].end = words[k + 1].end;
            k += 2;
        } else {
            words[out] = w;
            out += 1;
            k += 1;
        }
    }
    words.truncate(out);
}

/// Whether `c` extends the character before it into one grapheme: a combining mark, a
/// variation selector, a skin tone, or ZWJ (`👨‍👩‍👧`).
fn extends(c: char) -> bool {
    is_mark(c) || matches!(c, '\u{200D}' | '\u{FE00}'..='\u{FE0F}' | '\u{1F3FB}'..='\u{1F3FF}')
}

/// The longest piece of a span given to jieba at once (64 KiB).
const PIECE: usize = 1 << 16;

/// Where a piece of `s` of at most `max` bytes can end: before its last character in the
/// second half of those bytes that jieba's default cut makes a token of its own (outside
/// its word blocks) and that joins nothing (not a mark, ZWJ or variation selector, not
/// after a ZWJ, not the `\n` of `\r\n`). `None` when there is none.
fn piece_end(s: &str, max: usize) -> Option<usize> {
    let mut end = max.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    let mut chars = s[..end].char_indices().rev().peekable();
    while let Some((i, c)) = chars.next() {
        if i < max / 2 {
            return None;
        }
        let before = chars.peek().map(|&(_, b)| b);
        let joins =
            extends(c) || before.is_none_or(|b| b == '\u{200D}' || (b == '\r' && c == '\n'));
        if !in_word_block(c) && !joins {
            return Some(i);
        }
    }
    None
}

/// Whether jieba's default cut reads `c` as part of a word block (its `RE_HAN_DEFAULT`
/// class): CJK ideographs and ASCII alphanumerics with `+#&._%-`. Every other character
/// is a token of its own.
fn in_word_block(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || matches!(c, '+' | '#' | '&' | '.' | '_' | '%' | '-')
    } else {
        matches!(c,
            '\u{4E00}'..='\u{9FFF}'
            | '\u{3400}'..='\u{4DBF}'
            | '\u{F900}'..='\u{FAFF}'
            | '\u{20000}'..='\u{2A6DF}'
            | '\u{2A700}'..='\u{2EBEF}'
            | '\u{2F800}'..='\u{2FA1F}')
    }
}

/// Whether bytes `s..e` of `span` are ASCII that jieba's cut of the whole span would cut
/// on its own: a block boundary on each side, and no ZWJ before it (which joins the next
/// token to the one before).
fn stands_alone(span: &str, s: usize, e: usize) -> bool {
    let Some(run) = span.get(s..e).filter(|r| !r.is_empty() && r.is_ascii()) else {
        return false;
    };
    let (first, last) = (
        char::from(run.as_bytes()[0]),
        char::from(run.as_bytes()[run.len() - 1]),
    );
    let before = span[..s].chars().next_back();
    let after = span[e..].chars().next();
    before.is_none_or(|b| b != '\u{200D}' && !(in_word_block(b) && in_word_block(first)))
        && after.is_none_or(|a| !(in_word_block(a) && in_word_block(last)))
}

/// Tokens of an ASCII run (at byte `base` of the text) as jieba's blocks bound them: each
/// run of word-block characters is one token, every other character but whitespace one.
fn cut_ascii(run: &[u8], base: usize, out: &mut Vec<Range<usize>>) {
    let mut i = 0;
    while i < run.len() {
        let c = char::from(run[i]);
        let mut j = i + 1;
        if in_word_block(c) {
            while run.get(j).is_some_and(|&b| in_word_block(char::from(b))) {
                j += 1;
            }
        }
        if !c.is_whitespace() {
            out.push(base + i..base + j);
        }
        i = j;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

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
    fn a_run_of_kana_is_one_word() {
        let c = Chinese::new(CutMode::Default, Hmm::On, None).unwrap();
        assert_eq!(
            words(&c, "日本的ポカリスエット在国内卖"),
            ["日本", "的", "ポカリスエット", "在", "国内", "卖"]
        );
        assert_eq!(words(&c, "ドラえもん，好"), ["ドラえもん", "，", "好"]);
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
        // A word alone keeps whole too, as Python jieba's user dictionaries are read.
        std::fs::write(&path, "测试数据\n").unwrap();
        let custom = Chinese::new(CutMode::Default, Hmm::Off, Some(&path)).unwrap();
        assert_eq!(
            words(&custom, "中文测试数据很好"),
            ["中文", "测试数据", "很", "好"]
        );
        // Saved with a byte-order mark, its first entry is read too.
        std::fs::write(&path, "\u{feff}云原生平台 1000 n\n").unwrap();
        let custom = Chinese::new(CutMode::Default, Hmm::Off, Some(&path)).unwrap();
        assert_eq!(words(&custom, "云原生平台"), ["云原生平台"]);
        // A bad entry or byte is reported with its line, on one line.
        std::fs::write(&path, "云原生 abc\n").unwrap();
        let bad = Chinese::new(CutMode::Default, Hmm::Off, Some(&path))
            .err()
            .unwrap();
        assert!(
            bad.to_string().contains("line 1 `云原生 abc` frequency"),
            "{bad}"
        );
        std::fs::write(&path, b"ok 1\n\xe4\xb8").unwrap();
        let bad = Chinese::new(CutMode::Default, Hmm::Off, Some(&path))
            .err()
            .unwrap();
        assert!(
            bad.to_string().contains("line 2, byte 5: invalid UTF-8"),
            "{bad}"
        );
        let missing = Chinese::new(CutMode::Default, Hmm::On, Some(&dir.join("nope.txt")));
        assert!(matches!(missing, Err(Error::Dictionary { .. })));
        // A directory is no dictionary, and the error says which option it came from.
        let dir_given = Chinese::new(CutMode::Default, Hmm::On, Some(&dir));
        assert!(
            dir_given
                .as_ref()
                .is_err_and(|e| e.to_string().starts_with("user dictionary")),
            "{:?}",
            dir_given.err()
        );
    }

    #[test]
    fn numbers_stay_whole() {
        let c = Chinese::new(CutMode::Default, Hmm::On, None).unwrap();
        let joined = |s: &'static str| {
            let mut out = Vec::new();
            c.cut(s, 0, &mut out);
            join_numbers(s, &mut out);
            out.into_iter().map(|r| &s[r]).collect::<Vec<_>>()
        };
        assert_eq!(
            joined("价格是¥18,000元"),
            ["价格", "是", "¥", "18,000", "元"]
        );
        assert_eq!(joined("共1,280,000.00元"), ["共", "1,280,000.00", "元"]);
        assert_eq!(joined("会议在14:30开始"), ["会议", "在", "14:30", "开始"]);
        assert_eq!(joined("于14:22:31登录"), ["于", "14:22:31", "登录"]);
        assert_eq!(joined("日期2024/05/20"), ["日期", "2024/05/20"]);
        // Not a list of numbers, a score, or a separator before a word.
        assert_eq!(
            joined("分别为12,34和56"),
            ["分别", "为", "12", ",", "34", "和", "56"]
        );
        assert_eq!(joined("比分3:1"), ["比分", "3", ":", "1"]);
        assert_eq!(joined("第3,共"), ["第", "3", ",", "共"]);
    }

    /// A piece never ends after a ZWJ: the character after it joins the word before.
    #[test]
    fn pieces_do_not_end_after_zwj() {
        let c = Chinese::new(CutMode::Default, Hmm::On, None).unwrap();
        let span = "a\u{200D}(b";
        let (mut whole, mut cut) = (Vec::new(), Vec::new());
        c.cut_whole(span, 0, false, &mut whole);
        c.cut_in_pieces(span, 0, 5, false, &mut cut);
        assert_eq!(whole, [0..5, 5..6]);
        assert_eq!(cut, whole);
        assert_eq!(piece_end("中文（中文", 9), Some(6));
        assert_eq!(piece_end("中文中文中", 9), None);
    }

    /// Characters that make jieba's blocks and span detection's joins differ.
    fn piece() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "我们",
            "部署",
            "卡拉",
            "T",
            "OK",
            "恤",
            "Kubernetes",
            "v2.0",
            "30%",
            "C++",
            "C#",
            "R&D",
            "a_b",
            "-",
            ".",
            " ",
            "  ",
            "\t",
            "\r\n",
            "\n",
            "\u{B}",
            "(",
            ")",
            "\"",
            "'",
            "“",
            "”",
            "/",
            ":",
            "@",
            ",",
            "，",
            "。",
            "（",
            "）",
            "é",
            "\u{301}",
            "\u{200D}",
            "👍",
            "\u{1F3FD}",
            "\u{7}",
            "㐀",
            "𠀀",
            "ｋ",
        ])
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, failure_persistence: None, ..ProptestConfig::default() })]
        /// Leaving stand-alone ASCII runs to `cut_ascii` gives the words jieba gives, once
        /// span detection's joins are applied, whatever the runs and the text around them.
        #[test]
        fn cut_around_gives_jiebas_words(
            pieces in prop::collection::vec(piece(), 0..30),
            cuts in prop::collection::vec(0usize..64, 0..12),
            hmm in any::<bool>(),
        ) {
            // One segmenter each, loaded once: a dictionary load per case would take minutes.
            static SEGMENTERS: OnceLock<[Chinese; 2]> = OnceLock::new();
            let [on, off] = SEGMENTERS.get_or_init(|| {
                [Hmm::On, Hmm::Off].map(|h| Chinese::new(CutMode::Default, h, None).unwrap())
            });
            let c = if hmm { on } else { off };
            let prefix = "前 ";
            let text = format!("{prefix}{}", pieces.concat());
            let base = prefix.len();
            // Runs: pairs of sorted character boundaries of the span.
            let bounds: Vec<usize> = text[base..].char_indices().map(|(i, _)| base + i).chain([text.len()]).collect();
            let mut at: Vec<usize> = cuts.iter().map(|k| bounds[k % bounds.len()]).collect();
            at.sort_unstable();
            at.dedup();
            let runs: Vec<Range<usize>> = at.chunks_exact(2).map(|p| p[0]..p[1]).collect();
            let span = &text[base..];
            let (mut full, mut fast) = (Vec::new(), Vec::new());
            c.cut(span, base, &mut full);
            c.cut_around(span, base, &runs, &mut fast);
            crate::span::join_embedded_words(&text, &runs, &mut full);
            crate::span::join_embedded_words(&text, &runs, &mut fast);
            prop_assert_eq!(fast, full, "{:?} runs {:?}", text, runs);
        }

        /// Plain Chinese text has the same words by the shortcut as read token by token.
        #[test]
        fn plain_text_is_cut_alike(
            s in "[\u{4E00}-\u{9FFF}\u{3001}-\u{301B}，：！（）；？“”‘’—–…]{0,80}",
        ) {
            use crate::clean::{Settled, settled};
            prop_assume!(settled(&s, crate::config::Form::Nfc).0 == Settled::Spacing);
            static SEGMENTER: OnceLock<Chinese> = OnceLock::new();
            let c = SEGMENTER.get_or_init(|| Chinese::new(CutMode::Default, Hmm::On, None).unwrap());
            let (mut plain, mut read) = (Vec::new(), Vec::new());
            c.cut_plain(&s, 5, &mut plain);
            c.cut(&s, 5, &mut read);
            prop_assert_eq!(plain, read, "{:?}", s);
        }

        /// A span given to jieba in pieces has the words it has given whole, whatever the
        /// size of the pieces.
        #[test]
        fn pieces_give_the_words_of_the_whole(
            pieces in prop::collection::vec(piece(), 0..40),
            size in 1usize..48,
            hmm in any::<bool>(),
        ) {
            static SEGMENTERS: OnceLock<[Chinese; 2]> = OnceLock::new();
            let [on, off] = SEGMENTERS.get_or_init(|| {
                [Hmm::On, Hmm::Off].map(|h| Chinese::new(CutMode::Default, h, None).unwrap())
            });
            let c = if hmm { on } else { off };
            let span = pieces.concat();
            let (mut whole, mut cut) = (Vec::new(), Vec::new());
            c.cut_whole(&span, 3, false, &mut whole);
            c.cut_in_pieces(&span, 3, size, false, &mut cut);
            prop_assert_eq!(cut, whole, "{:?} in pieces of {}", span, size);
        }
    }
}
