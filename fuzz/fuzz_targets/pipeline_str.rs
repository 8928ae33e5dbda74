//! The pipeline on arbitrary text with the default configuration: never panics, every
//! document passes the structural checks, and cleaning is idempotent.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|source: &str| {
    let (pipeline, form) = &common::PIPELINES[0];
    let doc = pipeline.process(source);
    common::check(&doc, source, *form);
    // ZHEN_FUZZ_IDEMPOTENCE=0 skips this check, to look for other failures past a known one.
    if std::env::var_os("ZHEN_FUZZ_IDEMPOTENCE").is_none_or(|v| v != "0") {
        let again = pipeline.process(doc.text());
        assert_eq!(
            again.text(),
            doc.text(),
            "cleaning twice changes {source:?}"
        );
    }
});
