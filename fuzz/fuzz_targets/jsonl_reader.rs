//! The JSON-lines reader (through its public entry, `zhen::source::Reader`, on a file) on
//! arbitrary bytes: never panics, every line is a document or a located error, records are
//! written back as one JSON line that parses, also when cleaned in parts (a small limit).
#![no_main]

use std::path::PathBuf;
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use zhen::output::{Format, Writer};
use zhen::source::{InputFormat, Item, OnInvalid, ReadOptions, Reader};

/// One file per fuzzing process, rewritten for every input (tmpfs when there is one).
static PATH: LazyLock<PathBuf> = LazyLock::new(|| {
    let dir = if std::path::Path::new("/dev/shm").is_dir() {
        PathBuf::from("/dev/shm")
    } else {
        std::env::temp_dir()
    };
    dir.join(format!("zhen-fuzz-{}.jsonl", std::process::id()))
});

static PIPELINE: LazyLock<zhen::Pipeline> =
    LazyLock::new(|| zhen::Pipeline::new(zhen::Config::default()).expect("default pipeline"));

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    // gzip and zstd streams (recognized by their magic bytes) are the decompressors' job.
    if bytes.starts_with(&[0x1F, 0x8B]) || bytes.starts_with(&[0x28, 0xB5, 0x2F, 0xFD]) {
        return;
    }
    std::fs::write(&*PATH, bytes).expect("writing the input file");
    let options = ReadOptions {
        format: Some(InputFormat::Jsonl),
        on_invalid: if pick & 1 == 0 {
            OnInvalid::Error
        } else {
            OnInvalid::Replace
        },
        ..ReadOptions::default()
    };
    let lines = bytes.iter().filter(|&&b| b == b'\n').count() + 1;
    // UTF-16 (with a byte-order mark) is decoded whole when opened, and can fail there;
    // then offsets count the decoded text.
    let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    let mut reader = match Reader::new(&PATH, "fuzz.jsonl", &options) {
        Ok(r) => r,
        Err(zhen::Error::Binary { .. }) => return,
        Err(zhen::Error::Input { .. }) if utf16 => return,
        Err(e) => panic!("opening: {e}"),
    };
    let writer = Writer::new(Format::Jsonl, zhen::OffsetUnit::Chars);
    let mut items = 0;
    for item in reader.by_ref() {
        items += 1;
        match item.expect("JSON lines fail records, never the file") {
            Item::Document(record) => {
                let limit = 4 + usize::from(pick >> 1) % 64;
                let mut out = Vec::new();
                writer
                    .record(&PIPELINE, &record, limit, &mut out, None)
                    .expect("writing to a Vec");
                assert_eq!(out.iter().filter(|&&b| b == b'\n').count(), 1);
                let v: serde_json::Value =
                    serde_json::from_slice(&out).expect("the output record parses");
                let text = v["text"].as_str().expect("a text");
                if record.text.len() <= limit {
                    assert_eq!(text, PIPELINE.process(&record.text).text());
                }
                // Every span slices the cleaned text and the record's text.
                let chars: Vec<char> = text.chars().collect();
                let source: Vec<char> = record.text.chars().collect();
                for s in v["zhen"]["spans"].as_array().expect("spans") {
                    let at = |k: &str| s[k].as_u64().expect("an offset") as usize;
                    assert!(at("start") <= at("end") && at("end") <= chars.len(), "{s}");
                    assert!(at("src_start") <= at("src_end") && at("src_end") <= source.len(), "{s}");
                }
            }
            Item::Skipped(e) => {
                let zhen::Error::Input { location, .. } = &e else {
                    panic!("unexpected error kind: {e}");
                };
                let line = location.line.expect("a line number") as usize;
                let byte = location.byte.expect("a byte offset") as usize;
                if !utf16 {
                    assert!((1..=lines).contains(&line), "{e}");
                    assert!(byte <= bytes.len(), "{e}");
                }
            }
        }
    }
    if !utf16 {
        assert!(items <= lines);
        assert_eq!(reader.bytes_read() as usize, bytes.len());
    }
});
