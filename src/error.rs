//! The crate's one error type. Text transforms cannot fail; only I/O, parsing and
//! configuration can.

use std::path::{Path, PathBuf};

/// A path as messages show it: its control characters escaped (`bad\nname.txt`), so that a
/// name can neither split a message's line nor drive the terminal.
pub(crate) fn shown(path: &Path) -> String {
    let name = path.display().to_string();
    if !name.contains(char::is_control) {
        return name;
    }
    let mut out = String::with_capacity(name.len() + 8);
    for c in name.chars() {
        if c.is_control() {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    out
}

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
        write!(f, "{}", shown(&self.path))?;
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
    #[error("{path}: {source}", path = shown(.path))]
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
    #[error("user dictionary {path}: {reason}", path = shown(.path))]
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A file's name cannot split its message's line nor reach the terminal as a control
    /// sequence.
    #[test]
    fn messages_escape_control_characters_in_names() {
        let at = Location {
            path: PathBuf::from("dir/bad\nname\u{1b}[31m.txt"),
            line: Some(1),
            byte: Some(2),
        };
        let e = Error::Input {
            location: at,
            reason: "invalid UTF-8".into(),
        };
        assert_eq!(
            e.to_string(),
            "dir/bad\\nname\\u{1b}[31m.txt: line 1, byte 2: invalid UTF-8"
        );
        let e = Error::io("a\rb", std::io::Error::other("oops"));
        assert_eq!(e.to_string(), "a\\rb: oops");
        assert_eq!(shown(Path::new("plain/名字.txt")), "plain/名字.txt");
    }
}
