//! Where documents come from: walking input paths and decoding bytes.

mod walk;

pub use walk::{InputFile, walk};

use std::path::Path;

use crate::error::{Error, Location};

/// Decodes UTF-8, or names the file and the byte offset of the first invalid sequence.
///
/// ```
/// let err = zhen::source::decode_utf8(b"ok\xFFno".to_vec(), std::path::Path::new("a.txt")).unwrap_err();
/// assert_eq!(err.to_string(), "a.txt: byte 2: invalid UTF-8");
/// ```
pub fn decode_utf8(bytes: Vec<u8>, path: &Path) -> Result<String, Error> {
    String::from_utf8(bytes).map_err(|e| Error::Input {
        location: Location {
            path: path.to_path_buf(),
            line: None,
            byte: Some(e.utf8_error().valid_up_to() as u64),
        },
        reason: "invalid UTF-8".to_string(),
    })
}
