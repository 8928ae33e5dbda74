//! Languages: the only user of whatlang.
//!
//! Scripts decide most spans (Han is Chinese, kana Japanese, Hangul Korean). Latin spans are
//! English unless they are long enough (40 letters) for whatlang to name another language
//! with confidence; English function words settle the common case without asking it.

use serde::{Serialize, Serializer};
use whatlang::{Detector, Lang as W, Script as WScript};

/// The language of a span.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Lang {
    /// Chinese (`zh`).
    Zh,
    /// English (`en`).
    En,
    /// Japanese (`ja`).
    Ja,
    /// Korean (`ko`).
    Ko,
    /// Another language named by whatlang, as its ISO 639-1 code where there is one
    /// (ISO 639-3 otherwise): `fr`, `de`, `ru` ...
    Other(&'static str),
    /// Undetermined: no letters (numbers, punctuation, emoji), or letters of an unknown language.
    Und,
}

impl Lang {
    /// The language code used in JSON: `zh`, `en`, `ja`, `ko`, `und`, or another ISO code.
    ///
    /// ```
    /// assert_eq!(zhen::Lang::Zh.code(), "zh");
    /// ```
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
            Lang::Ja => "ja",
            Lang::Ko => "ko",
            Lang::Other(code) => code,
            Lang::Und => "und",
        }
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for Lang {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

/// Latin text shorter than this (in letters) is too short for whatlang to be trusted.
const MIN_LETTERS: usize = 40;
/// Fewer Greek letters than this are not given a language.
const MIN_GREEK_LETTERS: usize = 8;
/// whatlang sees at most this many bytes of a span: enough for its trigrams, and bounded.
const SAMPLE_BYTES: usize = 400;

/// English function words: a cluster with one of them reads as English prose rather than a
/// name or term, and a span with many of them is English without asking whatlang.
pub(crate) fn is_english_function_word(word: &str) -> bool {
    // A typographic apostrophe reads as a straight one (`I’m`, `doesn’t`): asked only of a
    // word not found as it is, or too long to be.
    let curly = || word.contains('’') && is_english_function_word(&word.replacen('’', "'", 1));
    if word.is_empty() || word.len() > 8 {
        return (9..=10).contains(&word.len()) && curly();
    }
    // The key of the lowercased word, built in a register.
    let mut key = 0u64;
    for &b in word.as_bytes() {
        key = (key << 8) | u64::from(b.to_ascii_lowercase());
    }
    let pad = 8 * (8 - word.len());
    if pad > 0 {
        key = (key << pad) | ((1u64 << pad) - 1);
    }
    // Every key lies within `PROBES` slots of its hash: look at all of them, no branches.
    let slot = hash(key);
    let found = FUNCTION_TABLE[slot..slot + PROBES].contains(&key);
    // All-caps words are acronyms (IT, OR), not function words.
    (found && !(word.len() > 1 && word.bytes().all(|b| b.is_ascii_uppercase())))
        || (!found && has_byte(key, 0xE2) && curly())
}

/// Whether one of the eight bytes of `x` is `b` (the zero-byte test of `x ^ b…b`).
fn has_byte(x: u64, b: u8) -> bool {
    let y = x ^ (u64::from(b) * 0x0101_0101_0101_0101);
    y.wrapping_sub(0x0101_0101_0101_0101) & !y & 0x8080_8080_8080_8080 != 0
}

/// A word of at most eight bytes as a number: its bytes in order, padded with 0xFF (which
/// UTF-8 never uses, so no two words share a key, and no key is 0).
const fn key(w: &str) -> u64 {
    let b = w.as_bytes();
    let mut k = 0u64;
    let mut i = 0;
    while i < 8 {
        k = (k << 8) | if i < b.len() { b[i] as u64 } else { 0xFF };
        i += 1;
    }
    k
}

/// The slot of a key in [`FUNCTION_TABLE`] (multiplicative hashing).
const fn hash(key: u64) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - 10)) as usize
}

/// How far from its hash slot a key may lie in [`FUNCTION_TABLE`].
const PROBES: usize = 4;

/// [`FUNCTION_WORDS`] as keys in an open-addressing table (linear probing, 0 = empty),
/// filled to an eighth; the table has `PROBES - 1` slots past the last hash slot, so probes
/// never wrap, and building it fails if a key would lie further than `PROBES` slots from
/// its hash.
const FUNCTION_TABLE: [u64; 1024 + PROBES - 1] = {
    let mut table = [0u64; 1024 + PROBES - 1];
    let mut i = 0;
    while i < FUNCTION_WORDS.len() {
        let k = key(FUNCTION_WORDS[i]);
        let mut slot = hash(k);
        let home = slot;
        while table[slot] != 0 {
            slot += 1;
        }
        assert!(
            slot - home < PROBES,
            "function word table: too many collisions"
        );
        table[slot] = k;
        i += 1;
    }
    table
};

/// English pronouns, articles, auxiliaries, prepositions and conjunctions, and their
/// contractions (`I'm`, `don't`), sorted.
#[rustfmt::skip]
const FUNCTION_WORDS: &[&str] = &["a", "about", "after", "again", "against", "all", "also", "although", "am", "among", "an", "and", "any", "are", "aren't", "as", "at", "be", "because", "been", "before", "being", "between", "both", "but", "by", "can", "can't", "could", "couldn't", "did", "didn't", "do", "does", "doesn't", "don't", "down", "during", "each", "either", "even", "every", "for", "from", "had", "hadn't", "has", "hasn't", "have", "haven't", "he", "he'd", "he'll", "he's", "her", "here", "him", "his", "how", "however", "i", "i'd", "i'll", "i'm", "i've", "if", "in", "into", "is", "isn't", "it", "it'll", "it's", "its", "just", "let", "may", "me", "might", "mine", "more", "most", "must", "my", "neither", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "out", "over", "she", "she'd", "she'll", "she's", "should", "since", "so", "some", "still", "such", "than", "that", "that's", "the", "their", "them", "then", "there", "there's", "these", "they", "they'd", "they'll", "they're", "they've", "this", "those", "though", "through", "to", "too", "under", "until", "up", "upon", "us", "very", "was", "wasn't", "we", "we'd", "we'll", "we're", "we've", "were", "weren't", "what", "when", "where", "whether", "which", "while", "who", "whom", "whose", "why", "will", "with", "within", "without", "won't", "would", "wouldn't", "yet", "you", "you'd", "you'll", "you're", "you've", "your"];

/// The language of a Latin-script span, and whatlang's confidence when it was asked.
pub(crate) fn latin(text: &str, letters: usize) -> (Lang, Option<f64>) {
    // Both votes read the same bounded sample, so a long span costs no more than a short one.
    let sample = sample(text);
    if pinyin(sample) {
        return (Lang::Zh, None);
    }
    if letters < MIN_LETTERS {
        // Lowercase words without a vowel tell no language: the pinyin initials of Chinese
        // internet slang (`yyds`, `xswl`) as much as English abbreviations (`thx`, `btw`).
        if initials(sample) {
            return (Lang::Und, None);
        }
        return (Lang::En, None);
    }
    if reads_as_english(sample) {
        return (Lang::En, None);
    }
    let detector = Detector::with_allowlist(LATIN.to_vec());
    match detector.detect(sample) {
        Some(info)
            if info.is_reliable() && !mostly_names(sample) && own_words(info.lang(), sample) =>
        {
            (code(info.lang()), Some(info.confidence()))
        }
        _ => (Lang::En, None),
    }
}

/// Whether the words of `text` are all lowercase ASCII of two letters or more without a
/// vowel (`yyds`, `xswl`, `awsl` not: it has one).
fn initials(text: &str) -> bool {
    let mut words = text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .peekable();
    words.peek().is_some()
        && words.all(|w| {
            w.len() >= 2
                && w.bytes()
                    .all(|x| x.is_ascii_lowercase() && !b"aeiou".contains(&x))
        })
}

/// Whether `text` is Chinese written in pinyin with its tones (`mā má mǎ mà`, `Wǒ xiǎng qù
/// Běijīng.`): three words in five or more carry a tone mark, and one of them a macron or a
/// caron that no other language writes on these vowels (Czech writes `ě`, Latvian macrons
/// but on fewer words). Names in English text are too few (`Lǐ Bái was a poet`).
fn pinyin(text: &str) -> bool {
    // (Those all begin with the bytes C4, C5 or C7: most text is passed at once.)
    let pinyin_only = |c: char| "āǎēīǐōǒūǔǖǘǚǜĀǍĒĪǏŌǑŪǓ".contains(c);
    if memchr::memchr3(0xC4, 0xC5, 0xC7, text.as_bytes()).is_none()
        || !text.chars().any(pinyin_only)
    {
        return false;
    }
    let tone = |c: char| "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜĀÁǍÀĒÉĚÈĪÍǏÌŌÓǑÒŪÚǓÙ".contains(c);
    let (mut words, mut toned) = (0, 0);
    for w in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        // Every word is a run of pinyin syllables (not `met`, `Kyōto`, `Rāma`).
        if !pinyin_syllables(w) {
            return false;
        }
        words += 1;
        toned += usize::from(w.chars().any(tone));
    }
    toned >= 2 && toned * 5 >= words * 3
}

/// Whether `word` (letters only) reads as pinyin syllables, tones aside: an initial, or
/// none, and a final each (`Běijīng` is `bei` `jing`, `xiǎng` `xiang`).
fn pinyin_syllables(word: &str) -> bool {
    const INITIALS: [&str; 24] = [
        "zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x",
        "r", "z", "c", "s", "y", "w", "",
    ];
    const FINALS: [&str; 36] = [
        "iang", "iong", "uang", "ueng", "ang", "eng", "ing", "ong", "ian", "iao", "uai", "uan",
        "van", "ai", "ei", "ao", "ou", "an", "en", "er", "ia", "ie", "iu", "in", "ua", "uo", "ui",
        "un", "ue", "ve", "vn", "a", "o", "e", "i", "u",
    ];
    // Tones off, `ü` as `v`, lowercase: ASCII from here on.
    let mut plain = String::with_capacity(word.len());
    for c in word.chars().flat_map(char::to_lowercase) {
        plain.push(match c {
            'ā' | 'á' | 'ǎ' | 'à' => 'a',
            'ē' | 'é' | 'ě' | 'è' => 'e',
            'ī' | 'í' | 'ǐ' | 'ì' => 'i',
            'ō' | 'ó' | 'ǒ' | 'ò' => 'o',
            'ū' | 'ú' | 'ǔ' | 'ù' => 'u',
            'ü' | 'ǖ' | 'ǘ' | 'ǚ' | 'ǜ' | 'v' => 'v',
            c if c.is_ascii_lowercase() => c,
            _ => return false,
        });
    }
    let b = plain.as_bytes();
    // `ends[k]`: whether the first `k` bytes are whole syllables.
    let mut ends = vec![false; b.len() + 1];
    ends[0] = true;
    for k in 0..b.len() {
        if !ends[k] {
            continue;
        }
        for i in INITIALS {
            if !b[k..].starts_with(i.as_bytes()) {
                continue;
            }
            for f in FINALS {
                if b[k + i.len()..].starts_with(f.as_bytes()) {
                    ends[k + i.len() + f.len()] = true;
                }
            }
        }
    }
    ends[b.len()]
}

/// Whether `text` shows a sign of `lang` beyond its letters' statistics: a letter outside
/// ASCII or one of the language's function words. English with technical words and no
/// English function word to tell it (`Network error (code {0}). Please check`) reads to
/// whatlang as French or Catalan, which write neither, and a list of medical terms as Latin
/// (`type 2 diabetes mellitus; vitamin D`). (Asked of the languages whatlang confuses
/// English with; any other guess stands.)
fn own_words(lang: W, text: &str) -> bool {
    #[rustfmt::skip]
    let words: &[&str] = match lang {
        W::Fra => &["le", "la", "les", "des", "du", "un", "une", "et", "est", "que", "qui", "pour", "dans", "pas", "sur", "avec", "au", "aux", "ce", "il", "elle", "nous", "vous", "je", "ne", "sont", "mais"],
        W::Cat => &["el", "la", "els", "les", "del", "dels", "que", "per", "amb", "un", "una", "al", "es", "són", "pel"],
        W::Spa => &["el", "la", "los", "las", "del", "que", "un", "una", "es", "por", "con", "para", "se", "al", "lo", "y", "pero", "muy"],
        W::Por => &["os", "as", "do", "da", "dos", "das", "que", "em", "um", "uma", "para", "com", "na", "se", "mas", "ao"],
        W::Ita => &["il", "lo", "la", "gli", "le", "di", "del", "della", "che", "un", "una", "per", "con", "non", "da", "al", "sono"],
        W::Deu => &["der", "die", "das", "den", "dem", "des", "und", "ist", "ein", "eine", "nicht", "mit", "zu", "von", "auf", "für", "ich", "sie", "es", "im", "sind"],
        W::Nld => &["de", "het", "een", "en", "van", "dat", "niet", "met", "op", "te", "voor", "zijn", "ik", "ook", "maar"],
        // (Not `et`, `in`, `non`, `per`, `ad`, which English writes too: `et al.`,
        // `non-invasive`.) A list of medical terms reads to whatlang as Latin.
        W::Lat => &["est", "sunt", "esse", "erat", "sed", "ut", "cum", "quod", "qui", "quae", "quam", "atque", "enim", "nec", "neque", "autem", "ergo", "vel", "quia", "ubi", "tamen", "igitur", "tu", "te", "tibi", "mihi", "nos", "nobis", "eius", "hoc", "haec", "ac"],
        _ => return true,
    };
    text.split(|c: char| !c.is_alphabetic())
        .any(|w| !w.is_ascii() || words.iter().any(|f| w.eq_ignore_ascii_case(f)))
}

/// Whether most words of `text` are capitalized: names, titles and headings (`Senior Backend
/// Engineer · Shenzhen, China`), whose letters tell no language, unlike prose, which has
/// lowercase words in every Latin language (German's nouns aside).
fn mostly_names(text: &str) -> bool {
    // (Words between spaces and clause marks: an address or a path is none.)
    let words = text
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| c.is_ascii_punctuation()))
        .filter(|w| !w.is_empty() && w.chars().all(char::is_alphabetic));
    let (mut all, mut capitalized) = (0usize, 0usize);
    for w in words {
        all += 1;
        capitalized += usize::from(w.starts_with(char::is_uppercase));
    }
    capitalized * 5 > all * 3
}

/// Whether `text` reads as English prose, from a bounded sample of it: see
/// [`reads_as_english`].
pub(crate) fn is_english_prose(text: &str) -> bool {
    reads_as_english(sample(text))
}

/// English prose is 40-50% function words; other Latin languages share few of them.
/// Decided as soon as the words read so far settle it (prose settles it within a line).
fn reads_as_english(text: &str) -> bool {
    let mut settled = false;
    let (words, function) = count_words_until(text, is_english_function_word, |words, function| {
        settled = words >= 10 && function * 5 >= words * 2;
        settled
    });
    settled || (function >= 3 && function * 5 >= words)
}

/// Whether `text` holds at least `n` English function words of two letters or more: English
/// prose, not only names, codes and terms (`SF-A3-BLK`). Reads only as far as the `n`-th.
pub(crate) fn has_function_words(text: &str, n: usize) -> bool {
    let longer = |w: &str| w.len() > 1 && is_english_function_word(w);
    count_words_until(text, longer, |_, function| function >= n).1 >= n
}

/// Words (runs of letters and apostrophes) in `text`, and how many are function words.
#[cfg(test)]
fn count_words(text: &str) -> (usize, usize) {
    count_words_until(text, is_english_function_word, |_, _| false)
}

/// [`count_words`] up to the first word after which `stop(words, function)` holds, with
/// `is_function` telling function words.
fn count_words_until(
    text: &str,
    is_function: impl Fn(&str) -> bool,
    mut stop: impl FnMut(usize, usize) -> bool,
) -> (usize, usize) {
    let (mut words, mut function) = (0usize, 0usize);
    let b = text.as_bytes();
    // Whether the character at `i` belongs to a word, and its length.
    let letter = |i: usize| match b[i] {
        x if x < 0x80 => (x.is_ascii_alphabetic() || x == b'\'', 1),
        _ => text[i..].chars().next().map_or((false, 1), |c| {
            (c.is_alphabetic() || c == '’', c.len_utf8())
        }),
    };
    let mut i = 0;
    while i < b.len() {
        // Separators, then a word.
        loop {
            match b.get(i) {
                Some(&x) if x < 0x80 && !(x.is_ascii_alphabetic() || x == b'\'') => i += 1,
                Some(_) => match letter(i) {
                    (false, len) => i += len,
                    (true, _) => break,
                },
                None => return (words, function),
            }
        }
        let start = i;
        loop {
            match b.get(i) {
                Some(&x) if x.is_ascii_alphabetic() || x == b'\'' => i += 1,
                Some(&x) if x >= 0x80 => match letter(i) {
                    (true, len) => i += len,
                    (false, _) => break,
                },
                _ => break,
            }
        }
        words += 1;
        // (A word glued to an operator is a formula's symbol: `v=at`, `x+at`.)
        let operator = |x: Option<&u8>| matches!(x, Some(b'=' | b'+' | b'*' | b'^' | b'<' | b'>'));
        let symbol = operator(start.checked_sub(1).map(|k| &b[k])) || operator(b.get(i));
        function += usize::from(!symbol && is_function(&text[start..i]));
        if stop(words, function) {
            break;
        }
    }
    (words, function)
}

/// The language of a span of another script (Cyrillic, Arabic ...), if whatlang knows it.
/// Where it is unsure, as on a name or a word (`Владимир Путин`, `مرحبا`), a script that
/// several languages write stands for the most common of them: Russian, Arabic, Hindi,
/// Hebrew.
pub(crate) fn other_script(text: &str, letters: usize) -> (Lang, Option<f64>) {
    // One letter is no evidence of a language.
    if letters < 2 {
        return (Lang::Und, None);
    }
    let Some(info) = whatlang::detect(sample(text)) else {
        return (Lang::Und, None);
    };
    // Nor are a few Greek letters: they are the symbols of formulas (`α, β`), and so are
    // those that come with more Latin ones (`τ_dup`).
    match info.script() {
        WScript::Latin => return (Lang::Und, None),
        WScript::Greek if letters < MIN_GREEK_LETTERS => return (Lang::Und, None),
        _ => {}
    }
    if info.is_reliable() {
        return (code(info.lang()), Some(info.confidence()));
    }
    match info.script() {
        WScript::Cyrillic => (code(W::Rus), None),
        WScript::Arabic => (code(W::Ara), None),
        WScript::Devanagari => (code(W::Hin), None),
        WScript::Hebrew => (code(W::Heb), None),
        _ => (code(info.lang()), Some(info.confidence())),
    }
}

fn sample(text: &str) -> &str {
    if text.len() <= SAMPLE_BYTES {
        return text;
    }
    let mut end = SAMPLE_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The Latin-script languages whatlang knows.
const LATIN: [W; 30] = [
    W::Eng,
    W::Epo,
    W::Spa,
    W::Por,
    W::Ita,
    W::Fra,
    W::Deu,
    W::Pol,
    W::Jav,
    W::Nob,
    W::Dan,
    W::Swe,
    W::Fin,
    W::Tur,
    W::Nld,
    W::Hun,
    W::Ces,
    W::Ron,
    W::Slv,
    W::Hrv,
    W::Lit,
    W::Lav,
    W::Est,
    W::Vie,
    W::Ind,
    W::Afr,
    W::Lat,
    W::Slk,
    W::Cat,
    W::Tgl,
];

/// ISO 639-1 codes for whatlang's languages (639-3 where 639-1 has none).
fn code(lang: W) -> Lang {
    Lang::Other(match lang {
        W::Eng => return Lang::En,
        W::Cmn => return Lang::Zh,
        W::Jpn => return Lang::Ja,
        W::Kor => return Lang::Ko,
        W::Epo => "eo",
        W::Rus => "ru",
        W::Spa => "es",
        W::Por => "pt",
        W::Ita => "it",
        W::Ben => "bn",
        W::Fra => "fr",
        W::Deu => "de",
        W::Ukr => "uk",
        W::Kat => "ka",
        W::Ara => "ar",
        W::Hin => "hi",
        W::Heb => "he",
        W::Yid => "yi",
        W::Pol => "pl",
        W::Amh => "am",
        W::Jav => "jv",
        W::Nob => "nb",
        W::Dan => "da",
        W::Swe => "sv",
        W::Fin => "fi",
        W::Tur => "tr",
        W::Nld => "nl",
        W::Hun => "hu",
        W::Ces => "cs",
        W::Ell => "el",
        W::Bul => "bg",
        W::Bel => "be",
        W::Mar => "mr",
        W::Kan => "kn",
        W::Ron => "ro",
        W::Slv => "sl",
        W::Hrv => "hr",
        W::Srp => "sr",
        W::Mkd => "mk",
        W::Lit => "lt",
        W::Lav => "lv",
        W::Est => "et",
        W::Tam => "ta",
        W::Vie => "vi",
        W::Urd => "ur",
        W::Tha => "th",
        W::Guj => "gu",
        W::Uzb => "uz",
        W::Pan => "pa",
        W::Aze => "az",
        W::Ind => "id",
        W::Tel => "te",
        W::Pes => "fa",
        W::Mal => "ml",
        W::Ori => "or",
        W::Mya => "my",
        W::Nep => "ne",
        W::Sin => "si",
        W::Khm => "km",
        W::Tuk => "tk",
        W::Aka => "ak",
        W::Zul => "zu",
        W::Sna => "sn",
        W::Afr => "af",
        W::Lat => "la",
        W::Slk => "sk",
        W::Cat => "ca",
        W::Tgl => "tl",
        W::Hye => "hy",
        W::Cym => "cy",
        #[allow(unreachable_patterns)]
        other => other.code(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinyin_with_tones_is_chinese() {
        assert_eq!(latin("mā má mǎ mà", 8).0, Lang::Zh);
        assert_eq!(latin("Wǒ xiǎng qù Běijīng.", 16).0, Lang::Zh);
        // Names in English, and other languages' accents, are not.
        assert_eq!(latin("Lǐ Bái was a poet", 13).0, Lang::En);
        let czech = "Česká republika je stát ve střední Evropě, většina obyvatel mluví česky.";
        assert_ne!(latin(czech, 60).0, Lang::Zh);
        let latvian =
            "Latvija ir valsts Ziemeļeiropā, Baltijas jūras austrumu krastā, galvaspilsēta Rīga.";
        assert_ne!(latin(latvian, 70).0, Lang::Zh);
        for other in [
            "Tōkyō, Kyōto, Ōsaka",
            "Rāma and Sītā",
            "Xí Jìnpíng met Lǐ Qiáng in Běijīng.",
            "Mēs esam tālu.",
        ] {
            assert_ne!(latin(other, 10).0, Lang::Zh, "{other}");
        }
    }

    #[test]
    fn words_without_a_vowel_tell_no_language() {
        for initials in ["xswl", "yyds!!!", "nsdd", "thx", "xdm bdjw"] {
            assert_eq!(latin(initials, 4).0, Lang::Und, "{initials}");
        }
        // A vowel, a capital or a single letter is a word that may be English.
        for word in ["awsl", "ok", "lol", "HTML", "x", "why not"] {
            assert_eq!(latin(word, 4).0, Lang::En, "{word}");
        }
    }

    #[test]
    fn english_prose_without_whatlang() {
        let t = "It was the best of times, it was the worst of times, it was the age of wisdom";
        assert_eq!(latin(t, 60), (Lang::En, None));
    }

    /// Other scripts: whatlang where it is sure; else a script that several languages write
    /// stands for the most common of them; one letter, or a few Greek ones, have none.
    #[test]
    fn other_scripts() {
        let lang = |s: &str| other_script(s, s.chars().filter(|c| c.is_alphabetic()).count()).0;
        assert_eq!(lang("Владимир Путин"), Lang::Other("ru"));
        assert_eq!(
            lang(
                "Україна — держава у Східній та Центральній Європі, у південно-західній частині Східноєвропейської рівнини"
            ),
            Lang::Other("uk")
        );
        assert_eq!(lang("مرحبا"), Lang::Other("ar"));
        assert_eq!(lang("नमस्ते दुनिया"), Lang::Other("hi"));
        assert_eq!(lang("שלום"), Lang::Other("he"));
        assert_eq!(lang("กรุงเทพมหานคร"), Lang::Other("th"));
        assert_eq!(lang("Ж"), Lang::Und);
        assert_eq!(lang("α, β, γ"), Lang::Und);
        assert_eq!(lang("τ_dup"), Lang::Und);
        assert_eq!(lang("Η Ελλάδα είναι χώρα της Ευρώπης"), Lang::Other("el"));
    }

    #[test]
    fn other_latin_languages() {
        let fr = "La politique monétaire européenne reste prudente malgré une inflation persistante dans plusieurs pays membres";
        let (lang, conf) = latin(fr, 100);
        assert_eq!(lang, Lang::Other("fr"));
        assert!(conf.is_some());
        let de = "Wir haben das Problem gestern gemeinsam gelöst und danach gefeiert";
        assert_eq!(latin(de, 60).0, Lang::Other("de"));
        // English of technical words, which whatlang reads as French or Catalan, writes
        // neither their function words nor their accents.
        for en in [
            "sys.error.network = Network error (code {0}). Please check your connection.",
            "Participation 15% · Response papers (3 × 10%) 30% · Midterm essay 20% · Final paper 35%",
            // A list of medical terms reads to whatlang as Latin.
            "Key words: Vitamin D; Type 2 diabetes mellitus; Cognitive impairment; MoCA",
        ] {
            assert_eq!(latin(en, 60).0, Lang::En, "{en}");
        }
        for la in [
            "Gallia est omnis divisa in partes tres, quarum unam incolunt Belgae.",
            "Ave Maria gratia plena Dominus tecum benedicta tu in mulieribus et benedictus",
        ] {
            assert_eq!(latin(la, 55).0, Lang::Other("la"), "{la}");
        }
    }

    #[test]
    fn words_counted_like_split() {
        for t in [
            "It was the best of times, it was the worst of times, it was the age of wisdom",
            "  don't-stop the café's naïve 3rd. AND the IT of us ",
            "a",
            "",
            "中文 and the 日本 x",
            "'",
        ] {
            let w: Vec<&str> = t
                .split(|c: char| !c.is_alphabetic() && c != '\'')
                .filter(|w| !w.is_empty())
                .collect();
            let f = w.iter().filter(|w| is_english_function_word(w)).count();
            assert_eq!(count_words(t), (w.len(), f), "{t:?}");
        }
    }

    /// A word glued to an operator is a formula's symbol, no function word.
    #[test]
    fn formulas_hold_no_function_words() {
        assert_eq!(count_words("v=at, x=v+at^2, it is at 5 and a<b"), (11, 4));
        assert!(!has_function_words("x=at², 当a=0时, x=at².", 1));
    }

    #[test]
    fn english_prose_is_settled_by_its_first_words() {
        // Ten words, four of them function words: English, whatever follows.
        let prose = "It is the end of the story for an old man";
        assert!(reads_as_english(prose));
        let tail = "Kubernetes Docker Grafana Prometheus Terraform ".repeat(8);
        assert!(reads_as_english(&format!("{prose} {tail}")));
        assert!(!reads_as_english(&format!("{tail} {prose}")));
        let french = "Le président de la République a annoncé une nouvelle réforme des retraites pour les prochaines années";
        assert!(!reads_as_english(french));
        assert_eq!(
            latin(french, letters_of(french)).0,
            Lang::Other("fr"),
            "{french}"
        );
    }

    fn letters_of(s: &str) -> usize {
        s.chars().filter(|c| c.is_alphabetic()).count()
    }

    #[test]
    fn short_latin_is_english() {
        assert_eq!(latin("Kubernetes", 10), (Lang::En, None));
        // So is a line of names, whatever its trigrams.
        let names = "Senior Backend Engineer · Shenzhen, China · zhangwei.dev@gmail.com · +86 135";
        assert_eq!(latin(names, letters_of(names)), (Lang::En, None));
    }

    #[test]
    fn function_words() {
        assert!(is_english_function_word("The"));
        assert!(!is_english_function_word("IT"));
        assert!(!is_english_function_word("Anthropic"));
        assert!(is_english_function_word("since"));
        // Contractions, with either apostrophe.
        assert!(is_english_function_word("I'm"));
        assert!(is_english_function_word("I’m"));
        assert!(is_english_function_word("doesn’t"));
        assert!(!is_english_function_word("’"));
        assert!(
            FUNCTION_WORDS.windows(2).all(|w| w[0] < w[1]),
            "sorted for binary search"
        );
        assert!(FUNCTION_WORDS.iter().all(|w| w.len() <= 8));
        // The keys agree with a search of the word list, whatever the word.
        let reference = |word: &str| {
            if word.len() > 1 && word.bytes().all(|b| b.is_ascii_uppercase()) {
                return false;
            }
            let mut buf = [0u8; 8];
            let Some(lower) = buf.get_mut(..word.len()) else {
                return false;
            };
            lower.copy_from_slice(word.as_bytes());
            lower.make_ascii_lowercase();
            FUNCTION_WORDS
                .binary_search_by(|w| w.as_bytes().cmp(lower))
                .is_ok()
        };
        for w in FUNCTION_WORDS {
            for v in [
                w.to_string(),
                w.to_uppercase(),
                format!("{w}s"),
                format!("{w}\0"),
                w[1..].to_string(),
            ] {
                assert_eq!(is_english_function_word(&v), reference(&v), "{v:?}");
            }
        }
        for v in [
            "",
            "A",
            "I",
            "a",
            "ÿ",
            "thé",
            "The",
            "THE",
            "Although",
            "ALTHOUGH1",
            "whethers",
        ] {
            assert_eq!(is_english_function_word(v), reference(v), "{v:?}");
        }
    }
}
