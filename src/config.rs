//! Pipeline configuration: one field per switch, enums rather than booleans.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// On or off, for cleaning steps that have no other setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Switch {
    /// The step runs.
    #[default]
    On,
    /// The step is skipped.
    Off,
}

impl Switch {
    /// True for [`Switch::On`].
    pub fn is_on(self) -> bool {
        self == Switch::On
    }
}

/// Unicode normalization form applied by the `normalize` stage.
///
/// Full-width ASCII letters and digits (`Ａ`, `３`) become half-width in every form
/// except [`Form::Off`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Form {
    /// Canonical composition (the default): changes no visible character.
    #[default]
    Nfc,
    /// Compatibility composition: also folds ligatures, circled digits, full-width
    /// punctuation and the like.
    Nfkc,
    /// No normalization and no width folding.
    Off,
}

/// How Chinese spans are cut into words by jieba.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum CutMode {
    /// jieba's `cut`: the most likely segmentation (the default).
    #[default]
    Default,
    /// jieba's `cut_for_search`: also the shorter words inside long ones (words may overlap).
    Search,
    /// jieba's `cut_all` (full mode): every dictionary word found in the text (words
    /// overlap; no HMM).
    All,
    /// No segmentation.
    Off,
}

/// Whether jieba uses its HMM to join characters that are not in the dictionary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Hmm {
    /// HMM on (jieba's default): finds unknown words such as names.
    #[default]
    On,
    /// Dictionary words only.
    Off,
}

/// Everything that changes what the pipeline does. `Config::default()` is what the
/// command line does without flags.
///
/// ```
/// let config = zhen::Config { embed_words: 5, ..zhen::Config::default() };
/// assert!(config.spacing.is_on());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    /// Line endings to `\n`; control, zero-width and soft-hyphen characters removed; other
    /// Unicode spaces to a plain space.
    pub characters: Switch,
    /// Unicode normalization form (NFC by default).
    pub normalization: Form,
    /// Collapse runs of spaces and tabs, trim lines, limit blank lines.
    pub whitespace: Switch,
    /// One space between Han and Latin letters or digits; join letter-spaced Han runs.
    pub spacing: Switch,
    /// Punctuation width by the language of the span.
    pub punctuation: Switch,
    /// The longest run of Latin words kept inside a Chinese span (the embedding rule); a run
    /// of names, every word capitalized, may be twice as long.
    pub embed_words: usize,
    /// How Chinese spans are segmented.
    pub cut: CutMode,
    /// jieba's HMM for unknown words.
    pub hmm: Hmm,
    /// A user dictionary in jieba's format (`word [freq] [tag]` per line).
    pub user_dict: Option<PathBuf>,
    /// Word tokens for Latin-script spans too (Unicode word boundaries).
    pub latin_words: Switch,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            characters: Switch::On,
            normalization: Form::Nfc,
            whitespace: Switch::On,
            spacing: Switch::On,
            punctuation: Switch::On,
            embed_words: 3,
            cut: CutMode::Default,
            hmm: Hmm::On,
            user_dict: None,
            latin_words: Switch::Off,
        }
    }
}
