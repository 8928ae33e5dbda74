//! The pipeline on arbitrary bytes, decoded lossily as `--lossy` does: never panics, and
//! every document passes the structural checks, in each of four configurations.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let (pipeline, form) = &common::PIPELINES[pick as usize % common::PIPELINES.len()];
    let source = String::from_utf8_lossy(bytes);
    let doc = pipeline.process(&source);
    common::check(&doc, &source, *form);
});
