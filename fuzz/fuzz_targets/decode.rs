//! The decoder and encoding detector (`zhen::source::decode`, `looks_binary`) on arbitrary
//! bytes in every mode: never panics; errors name the file and a byte inside the input;
//! replacing never fails; decoding as UTF-8 agrees with `std::str::from_utf8`.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use zhen::source::{Charset, OnInvalid, decode, looks_binary};

const LABELS: [&str; 8] = [
    "utf-8",
    "auto",
    "gb18030",
    "big5",
    "shift_jis",
    "utf-16le",
    "utf-16be",
    "euc-kr",
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let _ = looks_binary(bytes);
    let charset = Charset::parse(LABELS[pick as usize % LABELS.len()]).expect("known label");
    let path = Path::new("fuzz.txt");
    match decode(bytes, charset, OnInvalid::Error, path) {
        Ok(d) => {
            assert_eq!(d.replaced, 0);
            if charset == Charset::Utf8 && !utf16_bom(bytes) {
                assert_eq!(Some(d.text.as_str()), std::str::from_utf8(bytes).ok());
            }
        }
        Err(e) => {
            if charset == Charset::Utf8 && !utf16_bom(bytes) {
                assert!(
                    std::str::from_utf8(bytes).is_err(),
                    "valid UTF-8 refused: {e}"
                );
            }
            let zhen::Error::Input { location, .. } = &e else {
                panic!("unexpected error kind: {e}");
            };
            assert_eq!(location.path, path);
            assert!(
                location.byte.expect("a byte offset") as usize <= bytes.len(),
                "{e}"
            );
            assert!(e.to_string().starts_with("fuzz.txt: byte "), "{e}");
        }
    }
    let d = decode(bytes, charset, OnInvalid::Replace, path).expect("replacing never fails");
    assert!(d.replaced <= bytes.len());
});

/// A UTF-16 byte-order mark, which is honoured even when UTF-8 is asked for.
fn utf16_bom(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF])
}
