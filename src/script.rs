//! Per-character classes: the one place that knows Unicode script ranges.

use serde::Serialize;

/// The writing system of a span (ISO 15924 codes in JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub enum Script {
    /// Han ideographs (Chinese characters), `Hani`.
    #[serde(rename = "Hani")]
    Han,
    /// Japanese: Han with kana, `Jpan`.
    #[serde(rename = "Jpan")]
    Japanese,
    /// Korean Hangul, `Hang`.
    #[serde(rename = "Hang")]
    Hangul,
    /// Latin alphabet, `Latn`.
    #[serde(rename = "Latn")]
    Latin,
    /// Cyrillic, `Cyrl`.
    #[serde(rename = "Cyrl")]
    Cyrillic,
    /// Greek, `Grek`.
    #[serde(rename = "Grek")]
    Greek,
    /// Arabic, `Arab`.
    #[serde(rename = "Arab")]
    Arabic,
    /// Hebrew, `Hebr`.
    #[serde(rename = "Hebr")]
    Hebrew,
    /// Devanagari, `Deva`.
    #[serde(rename = "Deva")]
    Devanagari,
    /// Thai, `Thai`.
    #[serde(rename = "Thai")]
    Thai,
    /// Letters of another script, `Zzzz`.
    #[serde(rename = "Zzzz")]
    Other,
    /// No letters: digits, punctuation, symbols, emoji, `Zyyy`.
    #[serde(rename = "Zyyy")]
    Common,
}

impl Script {
    /// The ISO 15924 code.
    pub fn code(self) -> &'static str {
        match self {
            Script::Han => "Hani",
            Script::Japanese => "Jpan",
            Script::Hangul => "Hang",
            Script::Latin => "Latn",
            Script::Cyrillic => "Cyrl",
            Script::Greek => "Grek",
            Script::Arabic => "Arab",
            Script::Hebrew => "Hebr",
            Script::Devanagari => "Deva",
            Script::Thai => "Thai",
            Script::Other => "Zzzz",
            Script::Common => "Zyyy",
        }
    }
}

/// What a character is, for cleaning and span detection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// Han ideograph (and 〇, 々).
    Han,
    /// Hiragana or katakana (with the prolonged sound mark).
    Kana,
    /// Hangul syllable or jamo.
    Hangul,
    /// A letter of the given script (Latin, Cyrillic, ...).
    Letter(Script),
    /// A decimal digit.
    Digit,
    /// Combining mark: belongs with the character before it.
    Mark,
    /// Full-width or CJK punctuation (`，。「」（）` ...).
    CjkPunct,
    /// Any other punctuation or symbol, including emoji.
    Punct,
    /// Horizontal whitespace.
    Space,
    /// `\n`.
    Newline,
}

impl Class {
    /// A letter or digit of any script, or a CJK character.
    pub(crate) fn is_alnum(self) -> bool {
        matches!(
            self,
            Class::Han | Class::Kana | Class::Hangul | Class::Letter(_) | Class::Digit
        )
    }
}

/// True for Han ideographs: the CJK Unified Ideographs blocks, their extensions,
/// the compatibility ideographs, and the ideographic number zero and iteration mark.
pub(crate) fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F
        | 0x30000..=0x3134F | 0x3005 | 0x3007 | 0x2E80..=0x2FDF)
}

/// Classes of the ASCII characters, indexed by byte.
const ASCII_CLASS: [Class; 128] = {
    let mut t = [Class::Punct; 128];
    let mut b = 0;
    while b < 128 {
        t[b] = match b as u8 {
            b'a'..=b'z' | b'A'..=b'Z' => Class::Letter(Script::Latin),
            b'0'..=b'9' => Class::Digit,
            b'\n' => Class::Newline,
            b' ' | b'\t' | b'\r' | 0x0B | 0x0C => Class::Space,
            _ => Class::Punct,
        };
        b += 1;
    }
    t
};

/// The class of an ASCII byte.
#[inline]
pub(crate) fn ascii_class(b: u8) -> Class {
    ASCII_CLASS[usize::from(b & 0x7F)]
}

/// The class of the character at `b[i]` when it is one of the three-byte characters that
/// make up the bulk of Chinese text, read from its bytes without decoding: ideographs
/// U+4E00..U+9FFF, general punctuation U+2000..U+203F, CJK punctuation U+3000..U+303F and
/// full-width forms U+FF01..U+FF3F. `None` for any other character.
#[inline]
pub(crate) fn quick_class(b: &[u8], i: usize) -> Option<Class> {
    let (&x, &y, &z) = (b.get(i)?, b.get(i + 1)?, b.get(i + 2)?);
    if x & 0xF0 != 0xE0 {
        return None;
    }
    // (Two look-ups, no branch on the character: text mixes these classes at random.)
    let row = usize::from(x & 0x0F) << 6 | usize::from(y & 0x3F);
    QUICK[usize::from(QUICK_ROW[row])][usize::from(z & 0x3F)]
}

/// [`quick_class`] by the lead and second bytes (their low bits): which of [`QUICK`]
/// classes the third byte.
static QUICK_ROW: [u8; 1024] = {
    let mut t = [0u8; 1024];
    let mut row = 0;
    while row < 1024 {
        let (x, y) = (0xE0 | (row >> 6) as u8, 0x80 | (row & 0x3F) as u8);
        t[row] = match (x, y) {
            (0xE5..=0xE9, _) | (0xE4, 0xB8..) => 1,
            (0xE2, 0x80) => 2,
            (0xE3, 0x80) => 3,
            (0xEF, 0xBC) => 4,
            _ => 0,
        };
        row += 1;
    }
    t
};

/// The classes of [`quick_class`] by a character's third byte (its low bits): none, Han,
/// general punctuation, CJK punctuation, full-width forms.
static QUICK: [[Option<Class>; 64]; 5] = {
    let mut t = [[None; 64]; 5];
    let mut z = 0;
    while z < 64 {
        let b = 0x80 | z as u8;
        t[1][z] = Some(Class::Han);
        // U+2000..U+200A, U+2028, U+2029 and U+202F are spaces.
        t[2][z] = Some(match b {
            0x80..=0x8A | 0xA8 | 0xA9 | 0xAF => Class::Space,
            _ => Class::Punct,
        });
        t[3][z] = Some(match b {
            0x80 => Class::Space,
            0x85 | 0x87 => Class::Han,
            _ => Class::CjkPunct,
        });
        t[4][z] = match b {
            0x90..=0x99 => Some(Class::Digit),
            0xA1..=0xBA => Some(Class::Letter(Script::Latin)),
            0x81.. => Some(Class::CjkPunct),
            _ => None,
        };
        z += 1;
    }
    t
};

/// Whether `b[i]` starts an ideograph U+4E00..U+9FFF, the bulk of Chinese text: read from
/// its first two bytes (`b` is UTF-8), so a run of them is skipped without decoding.
#[inline]
pub(crate) fn ideograph_at(b: &[u8], i: usize) -> bool {
    match b.get(i) {
        Some(0xE5..=0xE9) => true,
        Some(0xE4) => b.get(i + 1).is_some_and(|&y| y >= 0xB8),
        _ => false,
    }
}

/// Classifies one character.
#[inline]
pub(crate) fn class(c: char) -> Class {
    let u = c as u32;
    if u < 0x80 {
        return ASCII_CLASS[u as usize];
    }
    // The common CJK blocks first: ideographs, CJK punctuation, full-width forms and
    // general punctuation (quotes, dashes) are settled without a table lookup.
    match u {
        0x4E00..=0x9FFF => Class::Han,
        0x3000 => Class::Space,
        0x3005 | 0x3007 => Class::Han,
        0x3001..=0x303F => Class::CjkPunct,
        0xFF10..=0xFF19 => Class::Digit,
        0xFF21..=0xFF3A | 0xFF41..=0xFF5A => Class::Letter(Script::Latin),
        0xFF01..=0xFF65 => Class::CjkPunct,
        // General punctuation has no marks, letters or digits: only spaces and symbols.
        0x2000..=0x206F => {
            if c.is_whitespace() {
                Class::Space
            } else {
                Class::Punct
            }
        }
        _ => class_slow(c),
    }
}

/// The number a Roman numeral in one character stands for (`Ⅱ` 2, `ⅻ` 12), and whether
/// it is a capital.
pub(crate) fn roman_glyph(c: char) -> Option<(u32, bool)> {
    match c as u32 {
        u @ 0x2160..=0x216B => Some((u - 0x2160 + 1, true)),
        u @ 0x2170..=0x217B => Some((u - 0x2170 + 1, false)),
        _ => None,
    }
}

#[cold]
fn class_slow(c: char) -> Class {
    let u = c as u32;
    if is_han(c) {
        return Class::Han;
    }
    match u {
        0x3040..=0x309F | 0x30A0..=0x30FA | 0x30FC..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F => {
            if matches!(u, 0x3099..=0x309A) {
                Class::Mark
            } else {
                Class::Kana
            }
        }
        0xAC00..=0xD7AF | 0x1100..=0x11FF | 0x3130..=0x318F | 0xA960..=0xA97F | 0xD7B0..=0xD7FF => {
            Class::Hangul
        }
        0xFF10..=0xFF19 => Class::Digit,
        0xFF21..=0xFF3A | 0xFF41..=0xFF5A => Class::Letter(Script::Latin),
        0x3000 => Class::Space,
        0x3001..=0x303F | 0x30FB | 0xFF01..=0xFF65 | 0xFE10..=0xFE1F | 0xFE30..=0xFE4F => {
            Class::CjkPunct
        }
        // Superscript and subscript digits attach to what they follow, as a mark does: a
        // footnote call after Han (`面子¹`), an exponent after a unit (`m²`).
        0x00B2 | 0x00B3 | 0x00B9 | 0x2070 | 0x2074..=0x2079 | 0x2080..=0x2089 => Class::Mark,
        // Roman numerals in one character are a number's symbol, in Chinese text as in
        // English (`大学英语Ⅱ`, `第Ⅲ卷`, `Ⅱ型`, `Calculus Ⅰ`): no letters of a language.
        0x2160..=0x2188 => Class::Punct,
        _ if is_mark(c) => Class::Mark,
        _ if c.is_whitespace() => Class::Space,
        _ if c.is_alphabetic() => Class::Letter(letter_script(u)),
        _ if c.is_numeric() => Class::Digit,
        _ => Class::Punct,
    }
}

fn letter_script(u: u32) -> Script {
    match u {
        0x00C0..=0x024F
        | 0x1E00..=0x1EFF
        | 0x2C60..=0x2C7F
        | 0xA720..=0xA7FF
        | 0xAB30..=0xAB6F
        | 0x00AA
        | 0x00BA
        | 0x0250..=0x02AF
        // (IPA's stress and length marks and its superscript letters too, `/ˈæpl/`; not
        // the tone marks that bopomofo and kaomoji share, `ˊ ˋ ˇ ˙`, nor `ʼ`.)
        | 0x02B0..=0x02B8
        | 0x02C8
        | 0x02CC
        | 0x02D0
        | 0x02D1
        | 0xFB00..=0xFB06 => Script::Latin,
        0x0370..=0x03FF | 0x1F00..=0x1FFF => Script::Greek,
        0x0400..=0x052F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F => Script::Cyrillic,
        0x0590..=0x05FF | 0xFB1D..=0xFB4F => Script::Hebrew,
        0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => {
            Script::Arabic
        }
        0x0900..=0x097F | 0xA8E0..=0xA8FF => Script::Devanagari,
        0x0E00..=0x0E7F => Script::Thai,
        _ => Script::Other,
    }
}

/// A combining mark (General Category M), as `unicode_normalization` says, without its
/// table for the blocks that have none: Latin-1, general punctuation, CJK punctuation and
/// kana (but for the voiced sound marks), ideographs, full-width forms.
#[inline]
pub(crate) fn is_mark(c: char) -> bool {
    match c as u32 {
        0..0x300 | 0x2000..0x20D0 | 0x3000..0x302A | 0x3030..0x3099 | 0x309B..0x3100 => false,
        0x4E00..0xA000 | 0xFF00..0xFFF0 => false,
        _ => unicode_normalization::char::is_combining_mark(c),
    }
}

/// Eight bytes at `i` as a little-endian word (the caller checks `i + 8 <= b.len()`).
#[inline]
fn word_at(b: &[u8], i: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[i..i + 8]);
    u64::from_le_bytes(w)
}

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// The first index at or after `i` whose byte is not ASCII (`b.len()` if none).
#[inline]
pub(crate) fn skip_ascii(b: &[u8], mut i: usize) -> usize {
    while i + 8 <= b.len() && word_at(b, i) & HI == 0 {
        i += 8;
    }
    while i < b.len() && b[i] < 0x80 {
        i += 1;
    }
    i
}

/// The first index at or after `i` whose byte is not printable ASCII (a control character,
/// a line break, DEL or non-ASCII) or is a space after a space (both at or after `i`).
#[inline]
pub(crate) fn skip_printable(b: &[u8], mut i: usize) -> usize {
    let from = i;
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    // 0x80 in exactly the bytes of `w` equal to `x`.
    let eq = |w: u64, x: u8| {
        let v = w ^ (LO * u64::from(x));
        !(((v & LOW7) + LOW7) | v | LOW7)
    };
    while i + 9 <= b.len() {
        let w = word_at(b, i);
        let control = w.wrapping_sub(LO * 0x20) & !w & HI;
        let space = eq(w, b' ');
        // Two spaces in a row, in the word or across its end.
        let double = space & (space >> 8) != 0 || (b[i + 7] == b' ' && b[i + 8] == b' ');
        if (w & HI) | control | eq(w, 0x7F) != 0 || double {
            break;
        }
        i += 8;
    }
    while i < b.len()
        && matches!(b[i], 0x20..=0x7E)
        && !(b[i] == b' ' && i > from && b[i - 1] == b' ')
    {
        i += 1;
    }
    i
}

/// Whether `s` holds a Chinese character that Japanese never writes (its form there is
/// another: `这` for `這`, `说` and `說` for `説`, `东` for `東`): such text is Chinese even
/// in a Japanese document.
pub(crate) fn has_chinese_only(s: &str) -> bool {
    s.chars().any(is_chinese_only)
}

/// Whether a line with kana is Chinese all the same: outside quotes and titles it writes a
/// character as only Chinese does (`我买了任天堂Switch,店员说「ありがとう」`,
/// `他买了ポケモン的周边`), or two of them and one run of hiragana there, a name
/// (`我很喜欢さくら这个名字`), not the particles of a Japanese sentence (`中国語の吗と呢`).
pub(crate) fn chinese_with_kana(line: &str) -> bool {
    let mut depth = 0usize;
    let (mut simplified, mut runs, mut in_run) = (0, 0, false);
    // (A `の` alone between other characters is the Chinese internet's `的`, `我の日常`.)
    let mut prev = None;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        let no_alone = c == 'の'
            && !prev.is_some_and(is_hiragana)
            && !chars.peek().copied().is_some_and(is_hiragana);
        prev = Some(c);
        let hiragana = is_hiragana(c) && depth == 0 && !no_alone;
        runs += usize::from(hiragana && !in_run);
        in_run = hiragana;
        match c {
            '「' | '『' | '《' | '〈' | '“' => depth += 1,
            '」' | '』' | '》' | '〉' | '”' => depth = depth.saturating_sub(1),
            _ => simplified += usize::from(depth == 0 && is_chinese_only(c)),
        }
    }
    match runs {
        0 => simplified >= 1,
        1 => simplified >= 2,
        _ => false,
    }
}

fn is_hiragana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{309F}')
}

/// Whether `c` is a Chinese character that Japanese never writes: a hanzi of simplified
/// Chinese (GB2312) outside the kanji of Japanese text, those Shift_JIS encodes (JIS X 0208
/// and its vendor extensions), as nearly every simplified form is (`这`, `们`, `费`, `马`,
/// `红`; not an old form that Japanese writes beyond them, `森鷗外`, `剝離`), or a word of Chinese
/// only that is one of those kanji (`从`, `个`, `很`, the particles `呀`, `嘛`), or a
/// traditional form that Japanese writes otherwise (`們`, `說`, `對`, `點`) or a Cantonese
/// character (`佢`, `咗`, `嘅`, `唔`): Taiwanese and Hong Kong text is Chinese too. (Not the
/// old forms that Japanese names keep, `渡邊`, `國學院`, `讀賣`, `會津`, `與謝野`, nor those
/// Japanese writes too, `誰`, `幾`, `雖`, `這`, `随`, `黄`.)
pub(crate) fn is_chinese_only(c: char) -> bool {
    const SIMPLIFIED_ONLY: &str = "从网个怎很呀嘛哦";
    const TRADITIONAL_ONLY: &str = "們說麼嗎沒妳對發經樣讓關從實產歡應錢裡點體覺將灣歲號總價區圖戲聽變轉當處雙歐觀營寫兒喔囉佢咗嘅唔冇哋啲嘢嚟睇咩喺噉咁嗰搵俾諗";
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
        && ((in_gb2312(c) && !in_shift_jis(c))
            || SIMPLIFIED_ONLY.contains(c)
            || TRADITIONAL_ONLY.contains(c))
}

/// Whether Shift_JIS (as browsers read it, with the NEC and IBM extensions) encodes `c`.
fn in_shift_jis(c: char) -> bool {
    encode(encoding_rs::SHIFT_JIS, c).is_some()
}

/// Whether `c` is one of GB2312's hanzi, the simplified set, which GBK encodes in rows
/// B0..F7 (not a traditional form outside Shift_JIS that Japanese writes too, `剝`, `鷗`).
fn in_gb2312(c: char) -> bool {
    encode(encoding_rs::GBK, c)
        .is_some_and(|[lead, trail]| (0xB0..=0xF7).contains(&lead) && trail >= 0xA1)
}

/// The two bytes of `c` in a double-byte `encoding`, if it encodes it so.
fn encode(encoding: &'static encoding_rs::Encoding, c: char) -> Option<[u8; 2]> {
    let mut encoder = encoding.new_encoder();
    let (mut utf8, mut out) = ([0; 4], [0; 8]);
    let (result, _, written) =
        encoder.encode_from_utf8_without_replacement(c.encode_utf8(&mut utf8), &mut out, true);
    (result == encoding_rs::EncoderResult::InputEmpty && written == 2).then(|| [out[0], out[1]])
}

/// The bytes of `b` for which `f` holds, counted in byte lanes 255 bytes at a time, so
/// that the count vectorizes.
#[inline]
pub(crate) fn count_bytes(b: &[u8], f: fn(u8) -> bool) -> usize {
    b.chunks(255)
        .map(|c| usize::from(c.iter().fold(0u8, |n, &x| n + u8::from(f(x)))))
        .sum()
}

/// The first index at or after `i` whose byte is `x`, `y` or `z` (`b.len()` if none), by
/// memchr's vector search.
#[inline]
pub(crate) fn find_byte3(b: &[u8], i: usize, x: u8, y: u8, z: u8) -> usize {
    b.get(i..)
        .and_then(|rest| memchr::memchr3(x, y, z, rest))
        .map_or(b.len(), |p| i + p)
}

/// The first index at or after `i` whose byte is in `set`, or is not ASCII when
/// `non_ascii` is set (`b.len()` if none). Eight bytes at a time.
#[inline]
pub(crate) fn find_any<const N: usize>(
    b: &[u8],
    mut i: usize,
    set: [u8; N],
    non_ascii: bool,
) -> usize {
    let has_zero = |w: u64| w.wrapping_sub(LO) & !w & HI != 0;
    // A set of ASCII punctuation (U+0021..U+003F) is first looked for as that range: one
    // test for eight bytes, where a test for each member would take eight.
    let punct = !non_ascii && set.iter().all(|&x| (0x21..0x40).contains(&x));
    let in_punct_range = |w: u64| {
        let low = w & !HI;
        low.wrapping_add(LO * 0x5F) & !low.wrapping_add(LO * 0x40) & !w & HI != 0
    };
    while i + 8 <= b.len() {
        let w = word_at(b, i);
        if (!punct || in_punct_range(w))
            && ((non_ascii && w & HI != 0)
                || set.iter().any(|&x| has_zero(w ^ (LO * u64::from(x)))))
        {
            break;
        }
        i += 8;
    }
    while i < b.len() && !(set.contains(&b[i]) || (non_ascii && b[i] >= 0x80)) {
        i += 1;
    }
    i
}

/// Emoji that may be joined by ZWJ into one pictograph (Extended_Pictographic, roughly,
/// plus skin-tone modifiers and the emoji variation selector).
pub(crate) fn is_emoji_part(c: char) -> bool {
    matches!(c as u32,
        0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B00..=0x2BFF | 0x2190..=0x21FF
        | 0x2300..=0x23FF | 0xFE0F | 0x00A9 | 0x00AE | 0x203C | 0x2049 | 0x2122 | 0x2139
        | 0x24C2 | 0x25AA..=0x25FE | 0x3030 | 0x303D | 0x3297 | 0x3299 | 0xE0020..=0xE007F)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simplified_only_characters_are_not_japanese() {
        assert!(has_chinese_only("这是中文句子。"));
        assert!(has_chinese_only("我们开会讨论问题"));
        // Japanese writes these words with other forms, or with shared ones.
        let japanese = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/corpus/ja_en_rust_meetup_report.txt"
        ))
        .unwrap();
        assert!(!has_chinese_only(&japanese));
        // Traditional forms that Japanese writes otherwise, and Cantonese, are Chinese.
        for s in ["我們", "佢哋", "說話"] {
            assert!(has_chinese_only(s), "{s}");
        }
        // Simplified forms beyond a list of common words: no kanji of Japanese text.
        for c in "费伦莲确马鱼鸟龙红线级纸银铁间击设论计讲评试词译诗运达难变爱观规视购钱锁错闪队陆陈顺须领频颜风飞饭驾验鲜鸡齐龄".chars() {
            assert!(is_chinese_only(c), "{c}");
        }
        // (Every character of the list this rule replaced.)
        let listed = concat!(
            "这们说吗么呢吧还过时对为发经样让话问题现关开见长东车语从种务业动实进产电员门义书买卖",
            "欢边头给认识应该钱视频网页读谢请个怎哪很您她啊呀嘛哦啦咱們說麼嗎沒妳對發經樣讓關從實",
            "產歡應錢裡點體覺將灣歲號總價區圖戲聽變轉當處雙歐觀營寫兒喔囉佢咗嘅唔冇哋啲嘢嚟睇咩喺噉咁嗰搵俾諗"
        );
        for c in listed.chars() {
            assert!(is_chinese_only(c), "{c}");
        }
        // Nor an old form outside Shift_JIS that Japanese writes (`森鷗外`, `剝離`, `頰`).
        for c in "来国会学点体京都是的了在和也有人日本随黄气剝頰塡噓鷗蔣屛蟬醬".chars()
        {
            assert!(!is_chinese_only(c), "{c}");
        }
        for s in [
            "説明",
            "渡邊さん",
            "國學院大學",
            "讀賣ジャイアンツ",
            "誰の為",
            "這是",
            "東京都に住んでいます",
            "発表",
            "関係",
            "電車",
            "中国語",
        ] {
            assert!(!has_chinese_only(s), "{s}");
        }
    }

    #[test]
    fn find_any_agrees_with_a_plain_search() {
        fn check<const N: usize>(b: &[u8], set: [u8; N], non_ascii: bool) {
            for i in 0..=b.len() {
                let plain = b[i..]
                    .iter()
                    .position(|x| set.contains(x) || (non_ascii && *x >= 0x80))
                    .map_or(b.len(), |p| i + p);
                assert_eq!(find_any(b, i, set, non_ascii), plain, "{b:?} from {i}");
            }
        }
        // Every byte value at every place of a 16-byte word, among bytes that are not.
        for x in 0..=255u8 {
            for k in 0..16 {
                let mut b = "中文字符串，x".as_bytes()[..16].to_vec();
                b[k] = x;
                check(&b, [b',', b';', b':', b'?', b'!', b'.', b'(', b')'], false);
                check(&b, [b'.', b'!', b'?', 0xE3, 0xEF], false);
                check(&b, [b'/', b'~'], true);
            }
        }
    }

    #[test]
    fn quick_class_agrees_with_class() {
        let mut known = 0;
        for c in (0x80..0x10000).filter_map(char::from_u32) {
            let mut buf = [0; 4];
            let b = c.encode_utf8(&mut buf).as_bytes();
            if let Some(q) = quick_class(b, 0) {
                assert_eq!(q, class(c), "U+{:04X}", c as u32);
                known += 1;
            }
        }
        // Every character of the four ranges is read from its bytes.
        assert_eq!(known, 0x9FFF - 0x4E00 + 1 + 0x40 + 0x40 + 0x3F);
    }

    /// The classification as first written, kept to check the fast paths against.
    fn class_reference(c: char) -> Class {
        if c.is_ascii() {
            return match c {
                'a'..='z' | 'A'..='Z' => Class::Letter(Script::Latin),
                '0'..='9' => Class::Digit,
                '\n' => Class::Newline,
                ' ' | '\t' | '\r' | '\x0B' | '\x0C' => Class::Space,
                _ => Class::Punct,
            };
        }
        class_slow(c)
    }

    #[test]
    fn fast_paths_agree_with_reference_for_every_char() {
        for u in 0..=0x10FFFFu32 {
            if let Some(c) = char::from_u32(u) {
                assert_eq!(class(c), class_reference(c), "U+{u:04X}");
            }
        }
        for b in 0..128u8 {
            assert_eq!(ascii_class(b), class_reference(char::from(b)));
        }
    }

    #[test]
    fn marks_agree_with_tables() {
        for u in 0..=0x10FFFFu32 {
            if let Some(c) = char::from_u32(u) {
                assert_eq!(
                    is_mark(c),
                    unicode_normalization::char::is_combining_mark(c),
                    "U+{u:04X}"
                );
            }
        }
    }

    #[test]
    fn byte_scans() {
        let s = "abcdefghijklmnop中qrstuvwxyz\tABCDEFGHIJ\n0123456789 x";
        let b = s.as_bytes();
        for i in 0..b.len() {
            let naive = |f: &dyn Fn(u8) -> bool| (i..b.len()).find(|&j| f(b[j])).unwrap_or(b.len());
            assert_eq!(skip_ascii(b, i), naive(&|x| x >= 0x80), "{i}");
            assert_eq!(
                find_byte3(b, i, b' ', b'\t', b'\n'),
                naive(&|x| x == b' ' || x == b'\t' || x == b'\n'),
                "{i}"
            );
        }
        for x in 0..=255u8 {
            let b = [b'a', b'b', b'c', b'd', b'e', b'f', b'g', x, b'h'];
            let naive = |f: &dyn Fn(u8) -> bool| (0..b.len()).find(|&j| f(b[j])).unwrap_or(b.len());
            assert_eq!(skip_ascii(&b, 0), naive(&|x| x >= 0x80));
            assert_eq!(
                find_byte3(&b, 0, 1, 0x7F, 0xFF),
                naive(&|x| x == 1 || x == 0x7F || x == 0xFF)
            );
        }
    }

    #[test]
    fn classes() {
        assert_eq!(class('中'), Class::Han);
        assert_eq!(class('〇'), Class::Han);
        assert_eq!(class('の'), Class::Kana);
        assert_eq!(class('ー'), Class::Kana);
        assert_eq!(class('한'), Class::Hangul);
        assert_eq!(class('é'), Class::Letter(Script::Latin));
        assert_eq!(class('Я'), Class::Letter(Script::Cyrillic));
        assert_eq!(class('３'), Class::Digit);
        assert_eq!(class('，'), Class::CjkPunct);
        assert_eq!(class('。'), Class::CjkPunct);
        assert_eq!(class('\u{3000}'), Class::Space);
        assert_eq!(class('\u{0301}'), Class::Mark);
        assert_eq!(class('😀'), Class::Punct);
        assert_eq!(class('“'), Class::Punct);
        assert_eq!(class('Ⅱ'), Class::Punct);
        assert_eq!(class('ⅳ'), Class::Punct);
    }

    #[test]
    fn skip_printable_stops_at_a_second_space() {
        for k in 0..24 {
            let mut s = vec![b'a'; 32];
            s[k..k + 2].copy_from_slice(b"  ");
            assert_eq!(skip_printable(&s, 0), k + 1, "{k}");
            s[k + 1] = b'\n';
            assert_eq!(skip_printable(&s, 0), k + 1, "{k}");
        }
        assert_eq!(skip_printable(b"  a", 1), 3);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 2000, failure_persistence: None, ..Default::default() })]

        /// Eight bytes at a time or one, `skip_printable` stops at the same byte.
        #[test]
        fn skip_printable_is_bytewise(s in "([a b]{0,12}[\t\n\u{7F}\u{1F}é中]?){0,4}", from in 0usize..40) {
            let b = s.as_bytes();
            let from = from.min(b.len());
            let mut i = from;
            while i < b.len() && matches!(b[i], 0x20..=0x7E) && !(b[i] == b' ' && i > from && b[i - 1] == b' ') {
                i += 1;
            }
            proptest::prop_assert_eq!(skip_printable(b, from), i, "{:?} from {}", s, from);
        }
    }
}
