//! Golden tests: every document in `corpus/` is processed with the default configuration
//! and its JSON (pretty-printed, offsets in chars) is compared with
//! `tests/golden/<stem>.json`. A few documents also have a `<stem>.bytes.json` with
//! offsets in UTF-8 bytes.
//!
//! After an intended change of output, regenerate the files and review the diff:
//!
//! ```sh
//! BLESS=1 cargo test --test golden
//! git diff tests/golden/
//! ```

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;
use zhen::{Config, Document, JsonDocument, OffsetUnit, Pipeline};

/// Corpus files (by stem) that also get a golden file with byte offsets. The subtitle
/// transcript has a BOM and CRLF line endings (source and text offsets drift apart); the
/// listing has full-width letters and digits (their UTF-8 length changes when cleaned).
const BYTES_STEMS: &[&str] = &["zh_en_subtitle_interview", "zh_ecommerce_listing_earbuds"];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn golden_dir() -> PathBuf {
    root().join("tests").join("golden")
}

fn bless() -> bool {
    std::env::var_os("BLESS").is_some_and(|v| v == "1")
}

/// One corpus document: its file name, stem and contents.
struct Input {
    name: String,
    stem: String,
    source: String,
}

/// Every file in `corpus/`, sorted by name, read as UTF-8.
fn corpus() -> Vec<Input> {
    let dir = root().join("corpus");
    let mut paths: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no files in {}", dir.display());
    let inputs: Vec<Input> = paths
        .iter()
        .map(|p| Input {
            name: p.file_name().unwrap().to_str().unwrap().to_owned(),
            stem: p.file_stem().unwrap().to_str().unwrap().to_owned(),
            source: fs::read_to_string(p)
                .unwrap_or_else(|e| panic!("cannot read {} as UTF-8: {e}", p.display())),
        })
        .collect();
    let stems: BTreeSet<&str> = inputs.iter().map(|i| i.stem.as_str()).collect();
    assert_eq!(
        stems.len(),
        inputs.len(),
        "two corpus files share a stem; golden file names would collide"
    );
    inputs
}

fn pipeline() -> Pipeline {
    Pipeline::new(Config::default()).unwrap()
}

fn to_value(doc: &Document, name: &str, unit: OffsetUnit) -> Value {
    let id = Value::String(name.to_owned());
    serde_json::to_value(JsonDocument::new(doc, Some(&id), unit)).unwrap()
}

/// The golden rendering of one document: pretty JSON plus a trailing newline.
fn render(pipeline: &Pipeline, input: &Input, unit: OffsetUnit) -> String {
    let doc = pipeline.process(&input.source);
    let mut out = serde_json::to_string_pretty(&to_value(&doc, &input.name, unit)).unwrap();
    out.push('\n');
    out
}

/// The golden files the corpus should produce: (file name in `tests/golden/`, corpus
/// file name, offset unit).
fn expected_goldens(inputs: &[Input]) -> Vec<(String, &Input, OffsetUnit)> {
    let mut out = Vec::new();
    for input in inputs {
        out.push((format!("{}.json", input.stem), input, OffsetUnit::Chars));
        if BYTES_STEMS.contains(&input.stem.as_str()) {
            out.push((
                format!("{}.bytes.json", input.stem),
                input,
                OffsetUnit::Bytes,
            ));
        }
    }
    out
}

/// Where `expected` and `actual` first differ, line by line, for a failure message.
fn first_difference(expected: &str, actual: &str) -> String {
    let mut exp = expected.lines();
    let mut act = actual.lines();
    let mut line = 1;
    loop {
        match (exp.next(), act.next()) {
            (Some(e), Some(a)) if e == a => line += 1,
            (None, None) => {
                return "the files differ only in line endings or a trailing newline".into();
            }
            (e, a) => {
                let (e, a, at) = excerpts(e, a);
                return format!(
                    "first difference at line {line}{at}:\n    golden: {e}\n    actual: {a}"
                );
            }
        }
    }
}

/// The two differing lines, cut around their first differing character when long (the
/// document text is a single JSON line), and where that character is.
fn excerpts(expected: Option<&str>, actual: Option<&str>) -> (String, String, String) {
    const CONTEXT: usize = 40;
    let (Some(e), Some(a)) = (expected, actual) else {
        let show = |l: Option<&str>| l.map_or("<end of file>".to_owned(), |l| format!("{l:?}"));
        return (show(expected), show(actual), String::new());
    };
    let e: Vec<char> = e.chars().collect();
    let a: Vec<char> = a.chars().collect();
    if e.len().max(a.len()) <= 3 * CONTEXT {
        let show = |l: &[char]| format!("{:?}", l.iter().collect::<String>());
        return (show(&e), show(&a), String::new());
    }
    let col = e.iter().zip(&a).take_while(|(x, y)| x == y).count();
    let cut = |l: &[char]| {
        let to = (col + CONTEXT).min(l.len());
        let from = col.saturating_sub(CONTEXT).min(to);
        let s: String = l[from..to].iter().collect();
        let before = if from > 0 { "…" } else { "" };
        let after = if to < l.len() { "…" } else { "" };
        format!("{before}{s:?}{after}")
    };
    (cut(&e), cut(&a), format!(", column {}", col + 1))
}

#[test]
fn corpus_matches_golden_files() {
    let inputs = corpus();
    let pipeline = pipeline();
    let dir = golden_dir();
    if bless() {
        fs::create_dir_all(&dir).unwrap();
    }
    let mut failures = Vec::new();
    for (golden, input, unit) in expected_goldens(&inputs) {
        let actual = render(&pipeline, input, unit);
        let path = dir.join(&golden);
        if bless() {
            if fs::read_to_string(&path).ok().as_deref() != Some(actual.as_str()) {
                fs::write(&path, &actual)
                    .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
                eprintln!("blessed tests/golden/{golden}");
            }
            continue;
        }
        match fs::read_to_string(&path) {
            Err(e) => failures.push(format!(
                "corpus/{} ({unit:?} offsets): cannot read tests/golden/{golden}: {e}",
                input.name
            )),
            Ok(expected) if expected != actual => failures.push(format!(
                "corpus/{} ({unit:?} offsets) differs from tests/golden/{golden}; {}",
                input.name,
                first_difference(&expected, &actual)
            )),
            Ok(_) => {}
        }
    }
    assert!(
        failures.is_empty(),
        "{} golden file(s) out of date (if the change is intended, rerun with BLESS=1 and \
         review `git diff tests/golden/`):\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn no_golden_file_without_corpus_file() {
    let inputs = corpus();
    let wanted: BTreeSet<String> = expected_goldens(&inputs)
        .into_iter()
        .map(|(golden, _, _)| golden)
        .collect();
    let dir = golden_dir();
    let Ok(entries) = fs::read_dir(&dir) else {
        // No directory at all: the golden test itself reports the missing files.
        return;
    };
    let mut stale: Vec<String> = entries
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".json") && !wanted.contains(name))
        .collect();
    stale.sort();
    if bless() {
        for name in &stale {
            fs::remove_file(dir.join(name)).unwrap();
            eprintln!("removed stale tests/golden/{name}");
        }
        return;
    }
    assert!(
        stale.is_empty(),
        "golden file(s) with no corpus file producing them (delete them, or rerun with \
         BLESS=1): {stale:?}"
    );
}

/// A JSON offset as `usize`.
fn offset(v: &Value, key: &str) -> usize {
    let n = v[key]
        .as_u64()
        .unwrap_or_else(|| panic!("{key} is not an offset in {v}"));
    usize::try_from(n).unwrap()
}

/// `chars[start..end]` as a string, or a description of why it does not exist.
fn slice(chars: &[char], start: usize, end: usize) -> String {
    match chars.get(start..end) {
        Some(s) => s.iter().collect(),
        None => format!("<no such range {start}..{end} in {} chars>", chars.len()),
    }
}

/// Char offsets in the JSON select the same text as the library's byte ranges; byte
/// offsets in the JSON are the library's byte ranges.
#[test]
fn json_offsets_select_the_library_ranges() {
    let pipeline = pipeline();
    let mut failures = Vec::new();
    for input in corpus() {
        let doc = pipeline.process(&input.source);
        let name = &input.name;
        let json = to_value(&doc, name, OffsetUnit::Chars);
        assert_eq!(json["text"].as_str(), Some(doc.text()), "{name}: text");
        let text: Vec<char> = doc.text().chars().collect();
        let source: Vec<char> = doc.source().chars().collect();
        let spans = json["spans"].as_array().unwrap();
        assert_eq!(spans.len(), doc.spans().len(), "{name}: number of spans");
        let mut check = |what: String, got: String, want: &str| {
            if got != want {
                failures.push(format!(
                    "{name} {what}: JSON selects {got:?}, library {want:?}"
                ));
            }
        };
        for (i, (js, span)) in spans.iter().zip(doc.spans()).enumerate() {
            check(
                format!("span {i} start..end"),
                slice(&text, offset(js, "start"), offset(js, "end")),
                &doc.text()[span.range.clone()],
            );
            check(
                format!("span {i} src_start..src_end"),
                slice(&source, offset(js, "src_start"), offset(js, "src_end")),
                &doc.source()[span.src_range.clone()],
            );
            let words = js["words"].as_array().unwrap();
            assert_eq!(words.len(), span.words.len(), "{name} span {i}: words");
            for (k, (jw, w)) in words.iter().zip(&span.words).enumerate() {
                let [start, end] =
                    [0, 1].map(|j| usize::try_from(jw[j].as_u64().unwrap()).unwrap());
                check(
                    format!("span {i} word {k}"),
                    slice(&text, start, end),
                    &doc.text()[w.range.clone()],
                );
            }
            let embedded = js["embedded"].as_array().unwrap();
            assert_eq!(
                embedded.len(),
                span.embedded.len(),
                "{name} span {i}: embedded"
            );
            for (k, (je, e)) in embedded.iter().zip(&span.embedded).enumerate() {
                check(
                    format!("span {i} embedded {k}"),
                    slice(&text, offset(je, "start"), offset(je, "end")),
                    &doc.text()[e.range.clone()],
                );
            }
        }

        let json = to_value(&doc, name, OffsetUnit::Bytes);
        for (i, (js, span)) in json["spans"]
            .as_array()
            .unwrap()
            .iter()
            .zip(doc.spans())
            .enumerate()
        {
            let got = [offset(js, "start"), offset(js, "end")];
            let src = [offset(js, "src_start"), offset(js, "src_end")];
            let mut words = String::new();
            for w in &span.words {
                write!(words, "[{},{}]", w.range.start, w.range.end).unwrap();
            }
            let mut jwords = String::new();
            for w in js["words"].as_array().unwrap() {
                write!(jwords, "[{},{}]", w[0], w[1]).unwrap();
            }
            if got != [span.range.start, span.range.end]
                || src != [span.src_range.start, span.src_range.end]
                || words != jwords
            {
                failures.push(format!(
                    "{name} span {i}: byte offsets in JSON {got:?} src {src:?} words {jwords}, \
                     library {:?} src {:?} words {words}",
                    span.range, span.src_range
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} offset mismatch(es):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The Chinese spans found in `../shared/benchdata/en_dominant.txt` (every fourth line)
/// against the benchmark's own gold (`en_dominant.gold.jsonl`: untranslated clauses and
/// quoted Chinese words, byte offsets into each line). Skipped when the benchdata is absent.
#[test]
fn benchdata_chinese_spans_match_gold() {
    let dir = root().join("../shared/benchdata");
    let (Ok(text), Ok(gold)) = (
        fs::read_to_string(dir.join("en_dominant.txt")),
        fs::read_to_string(dir.join("en_dominant.gold.jsonl")),
    ) else {
        eprintln!(
            "skipped: no en_dominant.txt and its gold in {}",
            dir.display()
        );
        return;
    };
    let mut expected: Vec<BTreeSet<(u64, u64)>> = vec![BTreeSet::new(); text.lines().count()];
    for line in gold.lines() {
        let g: Value = serde_json::from_str(line).expect("gold line");
        let n = g["line"].as_u64().expect("line") as usize;
        for s in g["spans"].as_array().expect("spans") {
            let at = |k: &str| s[k].as_u64().expect("offset");
            expected[n].insert((at("byte_start"), at("byte_end")));
        }
    }
    let pipeline = Pipeline::new(Config::default()).expect("pipeline");
    let (mut found, mut right, mut wanted) = (0, 0, 0);
    for (n, line) in text.lines().enumerate().step_by(4) {
        let doc = pipeline.process(line);
        let spans: BTreeSet<(u64, u64)> = doc
            .spans()
            .iter()
            .filter(|s| s.lang == zhen::Lang::Zh)
            .map(|s| (s.src_range.start as u64, s.src_range.end as u64))
            .collect();
        found += spans.len();
        wanted += expected[n].len();
        right += spans.intersection(&expected[n]).count();
    }
    let precision = right as f64 / found as f64;
    let recall = right as f64 / wanted as f64;
    eprintln!("{right} of {wanted} gold spans found exactly, {found} found in all");
    assert!(wanted > 1000, "too few gold spans read: {wanted}");
    assert!(
        precision >= 0.995 && recall >= 0.995,
        "precision {precision:.3}, recall {recall:.3}"
    );
}
