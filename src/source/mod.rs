//! Where documents come from: walking input paths and decoding bytes.

mod decode;
mod fields;
mod gzip;
mod read;
mod walk;

pub use decode::{Charset, Decoded, OnInvalid, decode, looks_binary, utf16_without_bom};
pub use fields::Fields;
pub use read::{
    InputFormat, Item, MAX_DOCUMENT, MAX_FILE, MAX_RECORD, Origin, ReadOptions, Reader, Record,
    Unit, open, parts,
};
pub(crate) use read::{Seam, record_id};
pub use walk::{InputFile, walk, walk_pruned};
