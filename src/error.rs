//! The crate's one error type. Text transforms cannot fail; only I/O, parsing and
//! configuration can.

use std::path::PathBuf;

/// Where in an input something went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file, or `-` for standard input.
    pub path: PathBuf,
    /// 1-based line, when known.
    pub line: Option<u64>,
    /// Byte offset from the start of the input, when known.
    pub byte: Option<u64>,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.path.display())?;
        match (self.line, self.byte) {
            (Some(l), Some(b)) => write!(f, ": line {l}, byte {b}"),
            (Some(l), None) => write!(f, ": line {l}"),
            (None, Some(b)) => write!(f, ": byte {b}"),
            (None, None) => Ok(()),
        }
    }
}

/// Everything that can go wrong in zhen.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading or writing a file failed.
    #[error("{path}: {source}", path = .path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// An input could not be decoded or parsed.
    #[error("{location}: {reason}")]
    Input {
        /// Where.
        location: Location,
        /// What is wrong there.
        reason: String,
    },
    /// The input looks binary (a NUL byte near its start) and was not read.
    #[error("{location}: binary file (NUL byte), skipped{}", utf16_hint(*.utf16))]
    Binary {
        /// The file and the offset of the first NUL byte.
        location: Location,
        /// The UTF-16 encoding it looks like, when its NUL bytes fall in one byte lane.
        utf16: Option<&'static str>,
    },
    /// The user dictionary could not be loaded.
    #[error("user dictionary {path}: {reason}", path = .path.display())]
    Dictionary {
        /// The dictionary file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
}

impl Error {
    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

fn utf16_hint(utf16: Option<&str>) -> String {
    utf16.map_or_else(String::new, |e| {
        format!("; it looks like {e} without a byte-order mark: read it with --encoding auto")
    })
}
