//! The plain-text reader with a tiny document limit, so that every input is cut: each
//! document is exactly the input bytes at its origin (minus trailing line breaks), the
//! documents are in order and together cover every non-blank byte, ids are unique, and
//! each starts on the line its origin names.
#![no_main]

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use zhen::source::{InputFormat, Item, OnInvalid, ReadOptions, Reader, Unit};

static PATH: LazyLock<PathBuf> = LazyLock::new(|| {
    let dir = if std::path::Path::new("/dev/shm").is_dir() {
        PathBuf::from("/dev/shm")
    } else {
        std::env::temp_dir()
    };
    dir.join(format!("zhen-fuzz-{}.txt", std::process::id()))
});

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    // gzip and zstd streams (recognized by their magic bytes) are the decompressors' job.
    if bytes.starts_with(&[0x1F, 0x8B]) || bytes.starts_with(&[0x28, 0xB5, 0x2F, 0xFD]) {
        return;
    }
    std::fs::write(&*PATH, bytes).expect("writing the input file");
    let unit = [Unit::File, Unit::Paragraph, Unit::Line][pick as usize % 3];
    let options = ReadOptions {
        format: Some(InputFormat::Text),
        unit,
        on_invalid: OnInvalid::Error,
        max_document: 1 + (pick as usize >> 2) % 48,
        // Files are cut at the same size, as lines and paragraphs are.
        max_file: 1 + (pick as usize >> 2) % 48,
        ..ReadOptions::default()
    };
    // UTF-16 (with a byte-order mark) is decoded whole when opened, and can fail there.
    let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    let reader = match Reader::new(&PATH, "fuzz.txt", &options) {
        Ok(r) => r,
        Err(zhen::Error::Binary { .. }) => return,
        Err(zhen::Error::Input { .. }) if utf16 => return,
        Err(e) => panic!("opening: {e}"),
    };
    let mut ids = HashSet::new();
    let mut end = 0;
    for item in reader {
        let record = match item {
            Ok(Item::Document(r)) => r,
            Ok(Item::Skipped(e)) => panic!("text has no skipped records: {e}"),
            Err(e) => {
                // Only invalid input fails, at a byte inside it, and that ends the input.
                assert!(
                    utf16 || std::str::from_utf8(bytes).is_err(),
                    "valid UTF-8 refused: {e}"
                );
                let zhen::Error::Input { location, .. } = &e else {
                    panic!("unexpected error kind: {e}");
                };
                assert!(
                    location.byte.expect("a byte offset") as usize <= bytes.len(),
                    "{e}"
                );
                break;
            }
        };
        assert!(
            ids.insert(record.id.to_string()),
            "duplicate id {}",
            record.id
        );
        if utf16 {
            continue; // offsets index the decoded text
        }
        let at = record.origin.bytes as usize;
        assert!(at >= end, "documents out of order");
        let body = &bytes[at..at + record.text.len()];
        assert_eq!(
            body,
            record.text.as_bytes(),
            "document is not the input at its origin"
        );
        let chars = String::from_utf8_lossy(&bytes[..at]).chars().count();
        assert_eq!(record.origin.chars as usize, chars, "code point origin");
        // Lines and paragraphs are named by the line they start on: `\n`, `\r\n` and a
        // lone `\r` each end one.
        let breaks = (0..at)
            .filter(|&i| {
                bytes[i] == b'\n' || (bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
            })
            .count();
        assert_eq!(record.origin.line as usize, breaks + 1, "line origin");
        end = at + record.text.len();
    }
});
