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
/// Fewer letters of another script than this are not given a language.
const MIN_OTHER_LETTERS: usize = 8;
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
    let Some(lower) = buf.get_mut(..word.len()) else {
        return false;
    };
    lower.copy_from_slice(word.as_bytes());
    lower.make_ascii_lowercase();
    FUNCTION_WORDS
        .binary_search_by(|w| w.as_bytes().cmp(lower))
        .is_ok()
}

/// English pronouns, articles, auxiliaries, prepositions and conjunctions, sorted.
#[rustfmt::skip]
const FUNCTION_WORDS: &[&str] = &["a", "about", "after", "again", "against", "all", "also", "although", "am", "among", "an", "and", "any", "are", "as", "at", "be", "because", "been", "before", "being", "between", "both", "but", "by", "can", "could", "did", "do", "does", "down", "during", "each", "either", "even", "every", "for", "from", "had", "has", "have", "he", "her", "here", "him", "his", "how", "however", "i", "if", "in", "into", "is", "it", "its", "just", "let", "may", "me", "might", "mine", "more", "most", "must", "my", "neither", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "out", "over", "she", "should", "since", "so", "some", "still", "such", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "though", "through", "to", "too", "under", "until", "up", "upon", "us", "very", "was", "we", "were", "what", "when", "where", "whether", "which", "while", "who", "whom", "whose", "why", "will", "with", "within", "without", "would", "yet", "you", "your"];

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
pub(crate) fn other_script(text: &str, letters: usize) -> (Lang, Option<f64>) {
    // A few letters (`τ_dup`, a Greek symbol in a formula) are no evidence of a language.
    if letters < MIN_OTHER_LETTERS {
        return (Lang::Und, None);
    }
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
        assert!(is_english_function_word("since"));
        assert!(
            FUNCTION_WORDS.windows(2).all(|w| w[0] < w[1]),
            "sorted for binary search"
        );
    }
}
