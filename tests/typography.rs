//! Typography cases collected from pangu, AutoCorrect and the Chinese copywriting
//! guidelines, in `tests/data/typography_cases.tsv`: for every row, the cleaned text of
//! `input` must be `expected`.
//!
//! The file has a header `source\tcategory\tinput\texpected\tnote`; inside fields a line
//! break is written `\n`, a tab `\t` and a backslash `\\`.

use std::fs;
use std::path::Path;

use zhen::{Config, Pipeline};

const COLUMNS: [&str; 5] = ["source", "category", "input", "expected", "note"];

/// Undoes the TSV escapes `\n`, `\t` and `\\`; any other backslash is kept as is.
fn unescape(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('\\') => out.push('\\'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// The inverse of [`unescape`], so that every failure prints on one line.
fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('\n', "\\n")
        .replace('\t', "\\t")
        .replace('\r', "\\r")
}

#[test]
fn unescape_round_trips() {
    assert_eq!(unescape(r"a\nb\tc\\d\x"), "a\nb\tc\\d\\x");
    assert_eq!(escape("a\nb\tc\\d"), r"a\nb\tc\\d");
}

#[test]
fn typography_cases() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/typography_cases.tsv");
    let data =
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut lines = data.lines().enumerate();
    let (_, header) = lines.next().expect("empty TSV");
    assert_eq!(
        header.split('\t').collect::<Vec<_>>(),
        COLUMNS,
        "TSV header"
    );

    let pipeline = Pipeline::new(Config::default()).unwrap();
    let mut rows = 0;
    let mut failures = Vec::new();
    for (i, line) in lines {
        let line_no = i + 1;
        if line.is_empty() {
            continue;
        }
        rows += 1;
        let fields: Vec<&str> = line.split('\t').collect();
        let [source, _category, input, expected, _note] = fields[..] else {
            failures.push(format!(
                "L{line_no} malformed row: {} fields instead of {}: {line}",
                fields.len(),
                COLUMNS.len()
            ));
            continue;
        };
        let input_text = unescape(input);
        let doc = pipeline.process(&input_text);
        let got = doc.text();
        if got != unescape(expected) {
            failures.push(format!(
                "L{line_no} {source} | {input} | {expected} | {}",
                escape(got)
            ));
        }
    }
    assert!(rows > 0, "no rows in {}", path.display());
    assert!(
        failures.is_empty(),
        "failing rows (line | source | input | expected | got):\n{}\n\n{} of {rows} rows failed",
        failures.join("\n"),
        failures.len()
    );
}
