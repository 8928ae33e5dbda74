//! Languages: the only user of whatlang.
//!
//! Scripts decide most spans (Han is Chinese, kana Japanese, Hangul Korean). Latin spans are
//! English unless they are long enough (40 letters) for whatlang to name another language
//! with confidence; English function words settle the common case without asking it.

use serde::{Serialize, Serializer};
use whatlang::{Detector, Lang as W};

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
/// whatlang sees at most this many bytes of a span: enough for its trigrams, and bounded.
const SAMPLE_BYTES: usize = 400;

/// English function words: a cluster with one of them reads as English prose rather than a
/// name or term, and a span with many of them is English without asking whatlang.
pub(crate) fn is_english_function_word(word: &str) -> bool {
    // All-caps words are acronyms (IT, OR), not function words.
    if word.len() > 1 && word.bytes().all(|b| b.is_ascii_uppercase()) {
        return false;
    }
    let mut buf = [0u8; 8];
    if word.len() > buf.len() || !word.is_ascii() {
        return false;
    }
    let lower = &mut buf[..word.len()];
    lower.copy_from_slice(word.as_bytes());
    lower.make_ascii_lowercase();
    matches!(
        &*lower,
        b"a" | b"an"
            | b"the"
            | b"and"
            | b"or"
            | b"but"
            | b"if"
            | b"of"
            | b"to"
            | b"in"
            | b"on"
            | b"at"
            | b"by"
            | b"for"
            | b"with"
            | b"from"
            | b"as"
            | b"is"
            | b"are"
            | b"was"
            | b"were"
            | b"be"
            | b"been"
            | b"it"
            | b"its"
            | b"this"
            | b"that"
            | b"these"
            | b"those"
            | b"we"
            | b"you"
            | b"he"
            | b"she"
            | b"they"
            | b"i"
            | b"me"
            | b"my"
            | b"our"
            | b"your"
            | b"his"
            | b"her"
            | b"their"
            | b"not"
            | b"no"
            | b"so"
            | b"than"
            | b"then"
            | b"there"
            | b"here"
            | b"what"
            | b"which"
            | b"who"
            | b"when"
            | b"where"
            | b"how"
            | b"have"
            | b"has"
            | b"had"
            | b"do"
            | b"does"
            | b"did"
            | b"will"
            | b"would"
            | b"can"
            | b"could"
            | b"should"
            | b"may"
            | b"might"
            | b"must"
            | b"about"
            | b"into"
            | b"over"
            | b"after"
            | b"before"
            | b"just"
            | b"also"
            | b"very"
            | b"more"
            | b"most"
            | b"some"
            | b"any"
            | b"all"
            | b"him"
            | b"them"
            | b"us"
            | b"am"
            | b"being"
            | b"because"
            | b"while"
            | b"until"
            | b"such"
    )
}

/// The language of a Latin-script span, and whatlang's confidence when it was asked.
pub(crate) fn latin(text: &str, letters: usize) -> (Lang, Option<f64>) {
    if letters < MIN_LETTERS {
        return (Lang::En, None);
    }
    let (mut words, mut function) = (0usize, 0usize);
    for w in text
        .split(|c: char| !c.is_alphabetic() && c != '\'')
        .filter(|w| !w.is_empty())
    {
        words += 1;
        function += usize::from(is_english_function_word(w));
    }
    // English prose is 40-50% function words; other Latin languages share few of them.
    if function >= 3 && function * 5 >= words {
        return (Lang::En, None);
    }
    let detector = Detector::with_allowlist(LATIN.to_vec());
    match detector.detect(sample(text)) {
        Some(info) if info.is_reliable() => (code(info.lang()), Some(info.confidence())),
        _ => (Lang::En, None),
    }
}

/// The language of a span of another script (Cyrillic, Arabic ...), if whatlang knows it.
pub(crate) fn other_script(text: &str) -> (Lang, Option<f64>) {
    match whatlang::detect(sample(text)) {
        Some(info) => (code(info.lang()), Some(info.confidence())),
        None => (Lang::Und, None),
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
    fn english_prose_without_whatlang() {
        let t = "It was the best of times, it was the worst of times, it was the age of wisdom";
        assert_eq!(latin(t, 60), (Lang::En, None));
    }

    #[test]
    fn other_latin_languages() {
        let fr = "La politique monétaire européenne reste prudente malgré une inflation persistante dans plusieurs pays membres";
        let (lang, conf) = latin(fr, 100);
        assert_eq!(lang, Lang::Other("fr"));
        assert!(conf.is_some());
    }

    #[test]
    fn short_latin_is_english() {
        assert_eq!(latin("Kubernetes", 10), (Lang::En, None));
    }

    #[test]
    fn function_words() {
        assert!(is_english_function_word("The"));
        assert!(!is_english_function_word("IT"));
        assert!(!is_english_function_word("Anthropic"));
    }
}
