//! Where documents come from: walking input paths and decoding bytes.

mod decode;
mod fields;
mod gzip;
mod read;
mod walk;
mod zst;

pub use decode::{Charset, Decoded, OnInvalid, decode, looks_binary, utf16_without_bom};
pub use fields::Fields;
pub use read::{
    InputFormat, Item, MAX_DOCUMENT, MAX_FILE, MAX_RECORD, Origin, ReadOptions, Reader, Record,
    Unit, open, parts,
};
pub(crate) use read::{Seam, record_id};
pub use walk::{InputFile, walk, walk_pruned};

/// The text of UTF-8 `bytes`, or how many of them start it validly. (Validated with SIMD:
/// most of Chinese text is multibyte, where the standard library checks a byte at a time.)
pub(crate) fn utf8(bytes: &[u8]) -> Result<&str, usize> {
    simdutf8::basic::from_utf8(bytes).map_err(|_| match std::str::from_utf8(bytes) {
        Ok(_) => bytes.len(),
        Err(e) => e.valid_up_to(),
    })
}
