//! Hostile inputs, faults and limits (issue 5): the real `zhen` binary never panics, never
//! hangs, never loses text silently, names the file and position of every error, leaves only
//! complete outputs under their final names, and stops cleanly when interrupted.
//!
//! Small hostile files are checked in under `tests/torture/` (written by `make.py` there, with
//! Python's codecs as an encoder independent of zhen's decoder); large ones are generated here
//! at run time in temporary directories. Every run has a time limit: a hang fails the test.

#![cfg(unix)]

use std::collections::BTreeSet;
use std::ffi::{OsStr, OsString};
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use serde::Deserialize;
mod common;
use common::{parse_lines, put, read_jsonl, summary};
use serde_json::{Value, json};
use tempfile::TempDir;
use unicode_normalization::UnicodeNormalization;

// ---------------------------------------------------------------------------------------
// Helpers (after tests/cli.rs, plus a time limit on every run)
// ---------------------------------------------------------------------------------------

/// What one run of the binary produced.
#[derive(Debug)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// `zhen` arguments from paths and strings alike.
macro_rules! args {
    ($($a:expr),* $(,)?) => { [$(OsString::from($a)),*] };
}

/// Long enough for the largest input in a debug build on a busy machine; a run that takes
/// longer is a hang.
const LIMIT: Duration = Duration::from_secs(180);

fn command(args: &[OsString]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_zhen"));
    c.env("NO_COLOR", "1").args(args);
    c
}

/// Runs `zhen ARGS` with standard input closed, within [`LIMIT`].
fn zhen(args: &[OsString]) -> Run {
    zhen_within(args, LIMIT)
}

/// Runs `zhen ARGS`, killing it and failing the test when it takes longer than `limit`.
#[track_caller]
fn zhen_within(args: &[OsString], limit: Duration) -> Run {
    let child = command(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("zhen runs");
    finish(child, limit, &format!("zhen {args:?}"))
}

/// Waits for a spawned run (stdout and stderr piped) within `limit` and collects its output.
/// A panic in zhen (exit 101, "panicked" on stderr) or death by a signal fails the test.
#[track_caller]
fn finish(mut child: Child, limit: Duration, what: &str) -> Run {
    let drain = |r: Option<Box<dyn Read + Send>>| {
        thread::spawn(move || {
            let mut v = Vec::new();
            if let Some(mut r) = r {
                let _ = r.read_to_end(&mut v);
            }
            v
        })
    };
    let out = drain(
        child
            .stdout
            .take()
            .map(|r| Box::new(r) as Box<dyn Read + Send>),
    );
    let err = drain(
        child
            .stderr
            .take()
            .map(|r| Box::new(r) as Box<dyn Read + Send>),
    );
    let started = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what} did not finish within {limit:?}: a hang");
        }
        thread::sleep(Duration::from_millis(10));
    };
    let stdout = String::from_utf8(out.join().unwrap()).expect("stdout is UTF-8");
    let stderr = String::from_utf8_lossy(&err.join().unwrap()).into_owned();
    let code = status
        .code()
        .unwrap_or_else(|| panic!("{what} was killed by a signal ({status}); stderr: {stderr}"));
    assert!(
        code != 101 && !stderr.contains("panicked"),
        "{what} panicked: {stderr}"
    );
    Run {
        code,
        stdout,
        stderr,
    }
}

/// Asserts the exit code, showing the whole run when it differs.
#[track_caller]
fn expect_code(r: &Run, code: i32) {
    assert_eq!(r.code, code, "unexpected exit code; run: {r:#?}");
}

/// Asserts that stderr contains `needle`.
#[track_caller]
fn expect_err(r: &Run, needle: &str) {
    assert!(
        r.stderr.contains(needle),
        "stderr lacks {needle:?}; stderr: {}",
        r.stderr
    );
}

/// A checked-in hostile file.
fn torture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/torture")
        .join(name)
}

/// All files under `dir`, as relative paths (but for the run lock `OUT/.zhen.lock` that
/// `clean -o` leaves on systems other than Unix).
fn files_under(dir: &Path) -> BTreeSet<PathBuf> {
    fn walk(root: &Path, dir: &Path, acc: &mut BTreeSet<PathBuf>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for e in entries {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, acc);
            } else {
                acc.insert(p.strip_prefix(root).unwrap().to_path_buf());
            }
        }
    }
    let mut acc = BTreeSet::new();
    walk(dir, dir, &mut acc);
    if cfg!(not(unix)) {
        acc.remove(Path::new(".zhen.lock"));
    }
    acc
}

fn set(items: &[&str]) -> BTreeSet<PathBuf> {
    items.iter().map(PathBuf::from).collect()
}

/// Letters and digits only, in NFKC (zhen composes, and folds full-width forms in every
/// normalization form): what cleaning never changes otherwise.
fn letters(s: &str) -> String {
    s.nfkc().filter(|c| c.is_alphanumeric()).collect()
}

fn u(v: &Value) -> usize {
    v.as_u64()
        .unwrap_or_else(|| panic!("not an unsigned integer: {v}")) as usize
}

/// `s[start..end]` in code points (`bytes == false`) or UTF-8 bytes.
#[track_caller]
fn slice(s: &str, start: usize, end: usize, bytes: bool) -> &str {
    assert!(start <= end, "range {start}..{end} is reversed");
    let (a, b) = if bytes {
        (start, end)
    } else {
        let mut at = s.char_indices().map(|(i, _)| i).chain([s.len()]);
        let a = at.nth(start);
        let b = if end == start {
            a
        } else {
            at.nth(end - start - 1)
        };
        (
            a.unwrap_or_else(|| panic!("{start} past the end of {s:?}")),
            b.unwrap_or_else(|| panic!("{end} past the end of {s:?}")),
        )
    };
    s.get(a..b)
        .unwrap_or_else(|| panic!("{start}..{end} does not slice {s:?} at char boundaries"))
}

/// Checks the spans of one JSON document against its text and, when given, the source
/// its `src_*` offsets index; returns the text of every span.
#[track_caller]
fn check_doc(doc: &Value, source: Option<&str>, bytes: bool) -> Vec<String> {
    let text = doc["text"].as_str().expect("text is a string");
    let mut out = Vec::new();
    for span in doc["spans"].as_array().expect("spans is an array") {
        let body = slice(text, u(&span["start"]), u(&span["end"]), bytes);
        assert!(!body.is_empty(), "empty span {span}");
        if let Some(src) = source {
            let original = slice(src, u(&span["src_start"]), u(&span["src_end"]), bytes);
            assert_eq!(
                letters(original),
                letters(body),
                "src offsets of {span} do not point at its source text"
            );
        }
        out.push(body.to_string());
    }
    out
}

/// The `reason` of every error in a summary.
fn reasons(s: &Value) -> Vec<String> {
    s["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["reason"].as_str().unwrap().to_string())
        .collect()
}

/// True when this process can read `path` anyway (root ignores permissions).
fn can_read(path: &Path) -> bool {
    if path.is_dir() {
        fs::read_dir(path).is_ok()
    } else {
        fs::File::open(path).is_ok()
    }
}

/// True when this process can create a file in `dir` anyway (root ignores permissions).
fn can_write_in(dir: &Path) -> bool {
    let probe = dir.join(".probe");
    let ok = fs::write(&probe, b"").is_ok();
    let _ = fs::remove_file(probe);
    ok
}

/// Clauses of the kinds zhen meets, for generated inputs.
const CLAUSES: &[&str] = &[
    "我们用Kubernetes部署了API服务,",
    "成本降低了30%.",
    "The report says ",
    "这个方案很好 and we agree. ",
    "数据库集合(MongoDB)里有",
    "emoji 👨\u{200d}👩\u{200d}👧 和 👍🏽 ",
    "混合text测试，",
    "机器翻译的文章里常常留下没有翻译的中文句子",
    "Ａ３全角字母 ",
];

/// About `bytes` bytes of mixed text, the same for the same `seed`; a line break after
/// every `line` clauses (never when `None`).
fn mixed_text(bytes: usize, seed: u64, line: Option<usize>) -> String {
    let mut s = String::with_capacity(bytes + 64);
    let mut state = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
    let mut n = 0;
    while s.len() < bytes {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        s.push_str(CLAUSES[(state >> 33) as usize % CLAUSES.len()]);
        n += 1;
        if line.is_some_and(|l| n % l == 0) {
            s.push('\n');
        }
    }
    s
}

// ---------------------------------------------------------------------------------------
// Empty, blank and BOM-only files
// ---------------------------------------------------------------------------------------

/// An empty file has no document (its output is an empty file); a file of only whitespace
/// (ASCII, U+3000, NBSP) or only a byte-order mark is one document with empty text.
#[test]
fn empty_whitespace_and_bom_only_files() {
    let tmp = TempDir::new().unwrap();
    let out = tmp.path().join("out");
    let r = zhen(&args![
        "clean",
        torture("empty.txt"),
        torture("whitespace.txt"),
        torture("bom.txt"),
        "-o",
        &out
    ]);
    expect_code(&r, 0);
    assert_eq!(
        files_under(&out),
        set(&[
            "bom.txt.jsonl",
            "empty.txt.jsonl",
            "whitespace.txt.jsonl",
            "zhen-summary.json"
        ])
    );
    assert_eq!(fs::read(out.join("empty.txt.jsonl")).unwrap(), b"");
    for name in ["whitespace.txt.jsonl", "bom.txt.jsonl"] {
        let docs = read_jsonl(&out.join(name));
        assert_eq!(docs.len(), 1, "{name}");
        assert_eq!(docs[0]["text"], "", "{name}");
        assert_eq!(docs[0]["spans"], json!([]), "{name}");
        assert_eq!(docs[0]["lang"], "und", "{name}");
    }
    let s = summary(&out);
    assert_eq!(
        (&s["files"], &s["documents"], &s["failed_files"]),
        (&json!(3), &json!(2), &json!(0))
    );

    // By line, blank lines are no documents, a line of U+3000 and NBSP neither; plain text
    // still writes a line out for each line in (empty), so that parallel files stay aligned.
    let r = zhen(&args![
        "clean",
        torture("empty.txt"),
        torture("whitespace.txt"),
        "--unit",
        "line",
        "--format",
        "text"
    ]);
    expect_code(&r, 0);
    assert_eq!(r.stdout, "\n\n\n\n");
    let r = zhen(&args![
        "clean",
        torture("empty.txt"),
        torture("whitespace.txt"),
        "--unit",
        "line"
    ]);
    expect_code(&r, 0);
    assert_eq!(r.stdout, "");
}

// ---------------------------------------------------------------------------------------
// Encodings
// ---------------------------------------------------------------------------------------

const MIXED16: &str = "UTF16 文本用Rust写\n第二行 😀 end\n";
const MIXED16_CLEAN: &str = "UTF16 文本用 Rust 写\n第二行 😀 end";

/// UTF-16 with a byte-order mark is decoded in both byte orders, without `--encoding`, and
/// the offsets index the decoded text. Without a BOM, UTF-16 is skipped as binary (NUL
/// bytes) with a warning that names it, unless `--encoding auto` (from where its NUL bytes
/// fall) or `--encoding utf-16le` reads it; a broken code unit is an error at its file byte.
#[test]
fn utf16_le_and_be_with_bom() {
    for name in ["utf16le.txt", "utf16be.txt"] {
        for encoding in ["utf-8", "auto"] {
            let r = zhen(&args!["clean", torture(name), "--encoding", encoding]);
            expect_code(&r, 0);
            let docs = parse_lines(&r.stdout);
            assert_eq!(docs.len(), 1, "{name}");
            assert_eq!(docs[0]["text"], MIXED16_CLEAN, "{name} {encoding}");
            let spans = check_doc(&docs[0], Some(MIXED16), false);
            assert!(spans.iter().any(|s| s.contains("😀")), "{spans:?}");
        }
    }

    let r = zhen(&args!["clean", torture("utf16le_nobom.txt")]);
    expect_code(&r, 0);
    expect_err(
        &r,
        &format!(
            "warning: {}: byte 1: binary file (NUL byte), skipped; it looks like UTF-16LE \
             without a byte-order mark: read it with --encoding auto",
            torture("utf16le_nobom.txt").display()
        ),
    );
    assert_eq!(r.stdout, "");
    // Named, it is read (it was once refused as binary all the same), and so it is when
    // detected.
    for encoding in ["utf-16le", "auto"] {
        let r = zhen(&args![
            "clean",
            torture("utf16le_nobom.txt"),
            "--encoding",
            encoding,
            "--format",
            "text"
        ]);
        expect_code(&r, 0);
        assert_eq!(r.stdout, format!("{MIXED16_CLEAN}\n"), "{encoding}");
    }
    // A binary file is still one with `auto`.
    let tmp = TempDir::new().unwrap();
    let elf = tmp.path().join("a.out");
    std::fs::write(
        &elf,
        b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0\x3e\0\x01\0\0\0",
    )
    .unwrap();
    let r = zhen(&args!["clean", &elf, "--encoding", "auto"]);
    expect_code(&r, 0);
    expect_err(&r, "binary file (NUL byte), skipped");

    // BOM (2 bytes) + 26 code units (one a surrogate pair) = byte 54 is the odd byte.
    let r = zhen(&args!["clean", torture("utf16le_odd.txt")]);
    expect_code(&r, 1);
    expect_err(&r, "utf16le_odd.txt: byte 54: invalid UTF-16LE");
    let r = zhen(&args![
        "clean",
        torture("utf16le_odd.txt"),
        "--lossy",
        "--format",
        "text"
    ]);
    expect_code(&r, 0);
    assert_eq!(r.stdout, format!("{MIXED16_CLEAN}\n\u{FFFD}\n"));
}

#[test]
fn gb18030_and_big5_with_encoding_auto() {
    let gb = "机器翻译的文章里常常留下没有翻译的中文句子，我们需要把它们找出来。生僻字𠀀也要保留。";
    let big5 = "機器翻譯的文章裡常常留下沒有翻譯的中文句子，我們需要把它們找出來。";
    let r = zhen(&args![
        "clean",
        torture("gb18030.txt"),
        torture("big5.txt"),
        "--encoding",
        "auto"
    ]);
    expect_code(&r, 0);
    let docs = parse_lines(&r.stdout);
    assert_eq!(docs[0]["text"], gb, "a four-byte GB18030 sequence included");
    assert_eq!(docs[1]["text"], big5);
    check_doc(&docs[0], Some(gb), false);
    check_doc(&docs[1], Some(big5), false);

    // Read as UTF-8 they fail at their first byte, each on its own.
    let r = zhen(&args!["clean", torture("gb18030.txt"), torture("big5.txt")]);
    expect_code(&r, 1);
    expect_err(&r, "gb18030.txt: line 1, byte 0: invalid UTF-8");
    expect_err(&r, "big5.txt: line 1, byte 0: invalid UTF-8");
}

/// An invalid byte 5 MiB into a file (past the first documents of its lines, cut at 512 KiB)
/// is reported with its exact line and byte; the file fails alone (no output, no temporary file); `--lossy`
/// replaces and counts it.
#[test]
fn invalid_utf8_deep_in_a_large_file() {
    let tmp = TempDir::new().unwrap();
    let input = tmp.path().join("in");
    put(&input, "a.txt", "前面的文件 fine\n");
    put(&input, "c.txt", "后面的文件 fine\n");
    let text = mixed_text(6 << 20, 7, Some(40));
    // At the start of a line, so that the invalid byte is where decoding fails.
    let at = text.as_bytes()[5 << 20..]
        .iter()
        .position(|&b| b == b'\n')
        .unwrap()
        + (5 << 20)
        + 1;
    let mut bytes = text.as_bytes().to_vec();
    bytes.insert(at, 0xFF);
    let line = text[..at].matches('\n').count() + 1;
    put(&input, "bad.txt", &bytes);

    for unit in ["file", "line"] {
        let out = tmp.path().join(format!("strict-{unit}"));
        let r = zhen(&args!["clean", &input, "-o", &out, "--unit", unit]);
        expect_code(&r, 1);
        let expected = format!("bad.txt: line {line}, byte {at}: invalid UTF-8");
        expect_err(&r, &expected);
        assert_eq!(
            files_under(&out),
            set(&["a.txt.jsonl", "c.txt.jsonl", "zhen-summary.json"]),
            "no output and no temporary file for the failed file ({unit})"
        );
        let s = summary(&out);
        assert_eq!(s["failed_files"], 1);
        assert!(reasons(&s)[0].ends_with(&expected), "{s}");
    }

    // With --lossy the file (longer than the 4 MiB read whole) is documents of up to 4 MiB.
    let out = tmp.path().join("lossy");
    let r = zhen(&args!["clean", &input, "-o", &out, "--lossy"]);
    expect_code(&r, 0);
    let docs = read_jsonl(&out.join("bad.txt.jsonl"));
    let ids: Vec<&str> = docs.iter().map(|d| d["id"].as_str().unwrap()).collect();
    let parts: Vec<String> = (1..=ids.len()).map(|k| format!("bad.txt#{k}")).collect();
    assert_eq!(ids, parts, "numbered in order");
    let cap = zhen::source::MAX_FILE;
    assert!(
        (6 * (1 << 20) / cap..=12 * (1 << 20) / cap + 1).contains(&ids.len()),
        "{ids:?}"
    );
    let replaced: usize = docs
        .iter()
        .map(|d| d["text"].as_str().unwrap().matches('\u{FFFD}').count())
        .sum();
    assert_eq!(replaced, 1);
    assert_eq!(summary(&out)["replaced_chars"], 1);
}

/// A file of NUL bytes is skipped with a warning; a NUL past the 8 KiB that are sniffed is
/// a control character, removed by cleaning, and the text around it is kept.
#[test]
fn nul_filled_binary_is_skipped_with_a_warning() {
    let tmp = TempDir::new().unwrap();
    let input = tmp.path().join("in");
    put(&input, "zeros.bin", vec![0u8; 1 << 20]);
    let head = "前面的文本 ".repeat(1000);
    put(&input, "late_nul.txt", format!("{head}\0后面的文本"));
    let out = tmp.path().join("out");
    let r = zhen(&args!["clean", &input, "-o", &out]);
    expect_code(&r, 0);
    expect_err(
        &r,
        &format!(
            "warning: {}: byte 0: binary file (NUL byte), skipped",
            input.join("zeros.bin").display()
        ),
    );
    assert_eq!(
        files_under(&out),
        set(&["late_nul.txt.jsonl", "zhen-summary.json"])
    );
    let text = read_jsonl(&out.join("late_nul.txt.jsonl"))[0]["text"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(!text.contains('\0'));
    assert!(
        text.ends_with("前面的文本 后面的文本"),
        "{}",
        &text[text.len() - 60..]
    );
    let s = summary(&out);
    assert_eq!(
        (&s["files"], &s["skipped_files"], &s["documents"]),
        (&json!(2), &json!(1), &json!(1))
    );
}

// ---------------------------------------------------------------------------------------
// Huge lines and documents
// ---------------------------------------------------------------------------------------

/// The fields of a JSON document that the checks below read (typed: a 30 MB document as a
/// `serde_json::Value` would be slow to build in a debug test).
#[derive(Deserialize)]
struct Doc {
    id: String,
    text: String,
    spans: Vec<SpanOffsets>,
}

/// A JSON-lines record as written back: its fields, the annotations under `zhen`.
#[derive(Deserialize)]
struct Rec {
    id: String,
    text: String,
    #[serde(default)]
    url: Option<String>,
    zhen: Annotations,
}

#[derive(Deserialize)]
struct Annotations {
    spans: Vec<SpanOffsets>,
}

#[derive(Deserialize)]
struct SpanOffsets {
    start: usize,
    end: usize,
    src_start: usize,
    src_end: usize,
}

/// A 50 MB line of mixed text completes: it is cut into documents of at most 512 KiB, each
/// with its own id, whose byte offsets slice both the cleaned text and the source (the
/// whole file) at character boundaries, in order, without losing a letter. Memory stays
/// within the 128 MB budget: only one part is held at a time.
#[test]
fn fifty_mb_single_line() {
    // 50 MB takes about 10 s in a debug build, checks included.
    let size = 50_000_000;
    let tmp = TempDir::new().unwrap();
    let source = mixed_text(size, 50, None);
    let f = put(tmp.path(), "big.txt", &source);
    let out = tmp.path().join("out");
    let child = spawn(&args![
        "clean",
        &f,
        "-o",
        &out,
        "--unit",
        "paragraph",
        "--offsets",
        "bytes",
        "-q"
    ]);
    let peak = watch_peak_rss(child.id());
    let r = finish(child, LIMIT, "zhen on a 50 MB line");
    expect_code(&r, 0);
    if let Some(peak) = peak.join().unwrap() {
        assert!(peak < 128 << 20, "peak memory {} MB", peak >> 20);
    }

    let cap = zhen::source::MAX_DOCUMENT;
    let file = fs::File::open(out.join("big.txt.jsonl")).unwrap();
    let mut ids = BTreeSet::new();
    let (mut parts, mut text_bytes, mut src_at) = (0, 0, 0);
    let mut source_letters = 0;
    for line in BufReader::new(file).lines() {
        let doc: Doc = serde_json::from_str(&line.unwrap()).unwrap();
        parts += 1;
        assert!(ids.insert(doc.id.clone()), "duplicate id {}", doc.id);
        assert!(
            doc.text.len() <= cap + cap / 4,
            "part {parts}: {} bytes",
            doc.text.len()
        );
        text_bytes += doc.text.len();
        for s in &doc.spans {
            let body = doc
                .text
                .get(s.start..s.end)
                .expect("span on char boundaries");
            assert!(s.src_start >= src_at, "part {parts}: spans go backwards");
            let original = source
                .get(s.src_start..s.src_end)
                .expect("src range on char boundaries, inside the file");
            let l = letters(original);
            assert_eq!(l, letters(body));
            source_letters += l.chars().count();
            src_at = s.src_end;
        }
    }
    assert!(
        (size / cap..=2 * size / cap + 1).contains(&parts),
        "{parts} parts"
    );
    assert!(
        (size * 9 / 10..=size * 6 / 5).contains(&text_bytes),
        "{text_bytes} bytes of text for {size} bytes of input"
    );
    assert_eq!(
        source_letters,
        letters(&source).chars().count(),
        "every letter is in a span"
    );
    let s = summary(&out);
    assert_eq!(s["documents"], parts);
    assert_eq!(s["bytes_in"], source.len());
}

/// A line of backtick runs of every length from 2 to 1,000 (none with a partner; about
/// 500 KB, one document) and of inline code: each run is read once, and the code is left as
/// typed.
#[test]
fn backtick_runs_of_every_length() {
    let tmp = TempDir::new().unwrap();
    let mut source = String::new();
    for n in 2..1000 {
        source.push_str(&"`".repeat(n));
        source.push_str("中文");
    }
    source.push_str("用`a,b`和`x  中 文 文`");
    assert!(source.len() < zhen::source::MAX_DOCUMENT);
    let f = put(tmp.path(), "ticks.txt", &source);
    let r = zhen(&args!["clean", &f, "--format", "text"]);
    expect_code(&r, 0);
    assert_eq!(r.stdout.trim_end(), source);
}

/// The parts of a line or paragraph cut at 512 KiB are told apart by `#n`, so that a
/// consumer keyed on ids (dolma joins documents and attributes by id) keeps them all; the
/// parts of pure Han text, cut at character boundaries, put together are the source. A
/// file under 8 MiB is one document, cleaned in parts and written whole.
#[test]
fn cut_parts_have_distinct_ids() {
    let tmp = TempDir::new().unwrap();
    // Two and a quarter parts.
    let han = "中文字符测试".repeat(9 * zhen::source::MAX_DOCUMENT / 4 / 18);
    let f = put(tmp.path(), "han.txt", format!("{han}\n\n第三行\n"));
    for (unit, ids) in [
        ("file", &["han.txt"][..]),
        (
            "paragraph",
            &["han.txt:1#1", "han.txt:1#2", "han.txt:1#3", "han.txt:3"],
        ),
        (
            "line",
            &["han.txt:1#1", "han.txt:1#2", "han.txt:1#3", "han.txt:3"],
        ),
    ] {
        let r = zhen(&args!["clean", &f, "--unit", unit, "-q"]);
        expect_code(&r, 0);
        let docs: Vec<Doc> = r
            .stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let got: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(got, ids, "{unit}");
        let joined: String = docs.iter().map(|d| d.text.as_str()).collect();
        let expected = match unit {
            "file" => format!("{han}\n\n第三行"),
            _ => format!("{han}第三行"),
        };
        assert!(
            joined == expected,
            "{unit}: parts put together differ from the input"
        );
    }
}

/// In plain text the cut parts of a long line go on after the whitespace the cut fell in,
/// not on a line of their own: the output has the source's lines, and cleaning it again
/// changes nothing.
#[test]
fn cut_parts_stay_on_their_line_in_plain_text() {
    let tmp = TempDir::new().unwrap();
    // A line of two and a half parts, cut at spaces, then a short one.
    let n = 5 * zhen::source::MAX_DOCUMENT / 2 / "中文English ".len();
    let f = put(
        tmp.path(),
        "long.txt",
        format!("{}\n第二行\n", "中文English ".repeat(n)),
    );
    let expected = format!("{}\n第二行\n", "中文 English ".repeat(n).trim_end());
    for (unit, format) in [
        ("line", "text"),
        ("paragraph", "text"),
        ("line", "segmented"),
    ] {
        let r = zhen(&args![
            "clean", &f, "--unit", unit, "--format", format, "-q"
        ]);
        expect_code(&r, 0);
        assert!(r.stdout == expected, "{unit} {format}: lines differ");
        let again = put(tmp.path(), "again.txt", &r.stdout);
        let r2 = zhen(&args![
            "clean", &again, "--unit", unit, "--format", format, "-q"
        ]);
        assert!(r2.stdout == r.stdout, "{unit} {format}: not idempotent");
    }
}

/// A run of UTF-8 continuation bytes longer than the 512 KiB cut, read with `--lossy`: each
/// byte becomes U+FFFD, and the cut must still make progress (it once stepped back over the
/// whole run and cut one byte per document, quadratic: hours for 5 MiB).
#[test]
fn lossy_continuation_bytes_past_the_cut_do_not_hang() {
    let tmp = TempDir::new().unwrap();
    let n = zhen::source::MAX_DOCUMENT + (256 << 10);
    let f = put(tmp.path(), "cont.txt", vec![0x80u8; n]);
    let out = tmp.path().join("out");
    let r = zhen_within(
        &args!["clean", &f, "-o", &out, "--lossy", "--format", "text"],
        Duration::from_secs(60),
    );
    expect_code(&r, 0);
    let s = summary(&out);
    assert_eq!(s["replaced_chars"], n);
    assert!(s["documents"].as_u64().unwrap() <= 3, "{s}");
    let text = fs::read_to_string(out.join("cont.txt.txt")).unwrap();
    assert_eq!(text.matches('\u{FFFD}').count(), n);
}

/// A long line of list numbers (` 5. 好的`: each asks whether the item before it is on
/// the line) and one of English between Chinese islands with a stray space before `!` (each
/// span reads its line for English prose) are cleaned in linear time: both read a bounded
/// window (they were quadratic in each 512 KiB part: 30 s for these two megabytes of list
/// numbers in a test build; now well under a second).
#[test]
fn long_lines_of_list_numbers_and_spaced_marks_take_linear_time() {
    let tmp = TempDir::new().unwrap();
    let list = format!("中文{}", " 5. 好的".repeat(200_000));
    let marks = format!(
        "This is the test of it{}",
        " and the word is here ! Then 中文".repeat(80_000)
    );
    for (name, text, want, n) in [
        ("list.txt", list, "好的", 200_000),
        ("marks.txt", marks, "here! Then", 80_000),
    ] {
        let f = put(tmp.path(), name, &text);
        let r = zhen_within(
            &args!["clean", &f, "--format", "text"],
            Duration::from_secs(10),
        );
        expect_code(&r, 0);
        assert_eq!(r.stdout.matches(want).count(), n, "{name}");
    }
}

/// One long sentence of a repeated pattern is read in linear time: each question a mark
/// or word asks reads a bounded way or once per line, not to the line's start or end from
/// every mark. These took from 10 s to three minutes at a few hundred kilobytes: brackets
/// that never close (or close what never opened, as a `:)` does), dotted words after
/// Chinese text (each `.` asked whether the sentence is Chinese prose), calls (each mark
/// looked through every call for one it is in), terms glued by commas (each looked back
/// for a parenthesis), a run of commas (each read the run as a citation), runs of
/// alternating sentence and closing marks, and a run of numbers typed with full-width commas
/// in English (each read the whole run for a number grouped in thousands).
#[test]
fn one_long_sentence_of_a_repeated_pattern_takes_linear_time() {
    let tmp = TempDir::new().unwrap();
    let n = 40_000;
    for (name, head, unit, want) in [
        ("open.txt", "", "(中 a", "中"),
        ("smiley.txt", "", "中 :) a", ":)"),
        ("close.txt", "", "The 中 cat ) ", "cat"),
        ("dots.txt", "", "中 a.b.c ", "a.b.c"),
        ("letters.txt", "中 ", "a.", "a."),
        ("calls.txt", "", "中f(),", "f()"),
        ("terms.txt", "", "中 A,B ", "A"),
        ("commas.txt", "中文", "1, ", "1"),
        ("ends.txt", "中文字符", ".\"", "\""),
        ("closing.txt", "Hello world ok", "。\"", "\""),
        // (Each comma of a number typed full-width read its run of digits and commas.)
        ("thousands.txt", "Sales hit ", "1，", "1,"),
    ] {
        let f = put(tmp.path(), name, format!("{head}{}", unit.repeat(n)));
        let r = zhen_within(
            &args!["clean", &f, "--format", "text"],
            Duration::from_secs(20),
        );
        expect_code(&r, 0);
        assert_eq!(r.stdout.matches(want).count(), n, "{name}");
    }
}

/// The two inputs `fuzz/text_reader` failed on, through the library with the limits it
/// chose: a paragraph cut where a part ended exactly at a space restarted the part count
/// (`fuzz.txt:1#1` twice), and a 4-byte limit split a 4-byte emoji ("invalid UTF-8" on valid
/// text). Every document must be the input at its origin, with a unique id.
#[test]
fn fuzz_text_reader_regressions() {
    use zhen::source::{InputFormat, Item, ReadOptions, Reader, Unit};
    let cases = [
        (torture("marks_emoji.txt"), Unit::Paragraph, 6),
        (
            Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/zh_forum_post_iphone_battery.txt"),
            Unit::File,
            4,
        ),
    ];
    for (path, unit, max_document) in cases {
        let bytes = fs::read(&path).unwrap();
        let options = ReadOptions {
            format: Some(InputFormat::Text),
            unit,
            max_document,
            ..ReadOptions::default()
        };
        let mut ids = BTreeSet::new();
        for item in Reader::new(&path, "fuzz.txt", &options).unwrap() {
            let Item::Document(record) = item.unwrap() else {
                panic!("no skipped records in text");
            };
            assert!(
                ids.insert(record.id.to_string()),
                "duplicate id {}",
                record.id
            );
            let at = record.origin.bytes as usize;
            assert_eq!(&bytes[at..at + record.text.len()], record.text.as_bytes());
        }
    }
}

// ---------------------------------------------------------------------------------------
// Line endings, combining marks, emoji
// ---------------------------------------------------------------------------------------

/// `\r\n`, a lone `\r` and `\r\r\n` all become line breaks; the offsets still point into the
/// source with its carriage returns. By line, a lone `\r` ends a line as `\n` does (classic
/// Mac files), and no text is lost.
#[test]
fn crlf_and_lone_cr() {
    let source = "第一行\r\n第二行用Rust\rthird line\r\r\n最后";
    for bytes in [false, true] {
        let offsets = if bytes { "bytes" } else { "chars" };
        let r = zhen(&args![
            "clean",
            torture("crlf_cr.txt"),
            "--offsets",
            offsets
        ]);
        expect_code(&r, 0);
        let docs = parse_lines(&r.stdout);
        assert_eq!(docs[0]["text"], "第一行\n第二行用 Rust\nthird line\n\n最后");
        check_doc(&docs[0], Some(source), bytes);
    }
    let r = zhen(&args![
        "clean",
        torture("crlf_cr.txt"),
        "--unit",
        "line",
        "--offsets",
        "bytes"
    ]);
    expect_code(&r, 0);
    let docs = parse_lines(&r.stdout);
    let texts: Vec<&str> = docs.iter().map(|d| d["text"].as_str().unwrap()).collect();
    assert_eq!(texts, ["第一行", "第二行用 Rust", "third line", "最后"]);
    let ids: Vec<&str> = docs.iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "crlf_cr.txt:1",
            "crlf_cr.txt:2",
            "crlf_cr.txt:3",
            "crlf_cr.txt:5"
        ]
    );
    let mut all = String::new();
    for d in &docs {
        all.extend(check_doc(d, Some(source), true).iter().map(|s| letters(s)));
    }
    assert_eq!(all, letters(source));
}

/// Combining marks on Han characters are kept (NFC puts U+0323 before U+0308, and composes
/// `e` + U+0301); emoji ZWJ sequences, skin tones, a flag and a keycap come out intact.
#[test]
fn combining_marks_and_emoji_sequences_survive() {
    let source = fs::read_to_string(torture("marks_emoji.txt")).unwrap();
    let r = zhen(&args![
        "clean",
        torture("marks_emoji.txt"),
        "--offsets",
        "bytes"
    ]);
    expect_code(&r, 0);
    let docs = parse_lines(&r.stdout);
    let text = docs[0]["text"].as_str().unwrap();
    assert_eq!(
        text,
        "中\u{301}文\u{323}\u{308}字 \u{e9} 👨\u{200d}👩\u{200d}👧\u{200d}👦 👍🏽 🏳\u{fe0f}\u{200d}🌈 \
         👩🏿\u{200d}💻用 Rust 写 1\u{fe0f}\u{20e3} 🇨🇳"
    );
    check_doc(&docs[0], Some(&source), true);
}

// ---------------------------------------------------------------------------------------
// JSON lines
// ---------------------------------------------------------------------------------------

#[test]
fn jsonl_lone_surrogates_become_replacement_characters() {
    let r = zhen(&args!["clean", torture("surrogates.jsonl")]);
    expect_code(&r, 0);
    // (Counted, not an error.)
    assert_eq!(
        r.stderr,
        "zhen: 5 documents, 0 records skipped, 4 invalid characters replaced\n"
    );
    let texts: Vec<(String, String)> = parse_lines(&r.stdout)
        .iter()
        .map(|d| {
            (
                d["id"].as_str().unwrap().into(),
                d["text"].as_str().unwrap().into(),
            )
        })
        .collect();
    let expected = [
        ("lone_hi", "\u{FFFD}中文"),
        ("lone_lo", "a\u{FFFD}b"),
        ("reversed", "\u{FFFD}\u{FFFD}"),
        ("pair", "😀表情"),
        ("literal", "\\ud800 字面"),
    ];
    assert_eq!(texts, expected.map(|(a, b)| (a.to_string(), b.to_string())));
}

/// Broken, non-object and text-less lines are reported with file, line and byte, counted,
/// and skipped; the good lines around them (CRLF, no final newline) are kept.
#[test]
fn jsonl_invalid_lines_are_reported_and_the_rest_kept() {
    let tmp = TempDir::new().unwrap();
    let out = tmp.path().join("out");
    let r = zhen(&args!["clean", torture("invalid_lines.jsonl"), "-o", &out]);
    expect_code(&r, 0);
    for (line, byte, reason) in [
        // (A malformed line at the byte where reading stopped.)
        (2, 39, "malformed JSON: key must be a string"),
        (4, 49, "not a JSON object"),
        (5, 59, "no string field `text`"),
        (6, 76, "no string field `text`"),
        (
            7,
            123,
            "malformed JSON: string not closed at the end of the line",
        ),
    ] {
        expect_err(
            &r,
            &format!("invalid_lines.jsonl: line {line}, byte {byte}: {reason}"),
        );
    }
    let docs = read_jsonl(&out.join("invalid_lines.jsonl.jsonl"));
    let kept: Vec<(&str, &str)> = docs
        .iter()
        .map(|d| (d["id"].as_str().unwrap(), d["text"].as_str().unwrap()))
        .collect();
    assert_eq!(
        kept,
        [
            ("ok1", "第一条 first"),
            ("ok2", "第二条 second"),
            ("ok3", "最后 no newline")
        ]
    );
    let s = summary(&out);
    assert_eq!(
        (&s["documents"], &s["skipped_records"], &s["failed_files"]),
        (&json!(3), &json!(5), &json!(0))
    );
}

/// A raw NUL byte in one record of a JSON-lines file makes that line malformed JSON, not the
/// file binary: the other records are kept (the whole file was skipped as binary before).
/// A `.jsonl` that does not begin with a record is still binary.
#[test]
fn jsonl_with_a_nul_byte_loses_only_that_record() {
    let tmp = TempDir::new().unwrap();
    let f = put(
        tmp.path(),
        "nul.jsonl",
        "{\"text\":\"好的\"}\n{\"text\":\"a\0b\"}\n{\"text\":\"用Rust写\"}\n",
    );
    let r = zhen(&args!["clean", &f, "--format", "text"]);
    expect_code(&r, 0);
    // (At the NUL, 10 bytes into the record at byte 18.)
    expect_err(&r, "nul.jsonl: line 2, byte 28: malformed JSON");
    assert_eq!(r.stdout, "好的\n用 Rust 写\n");
    let bin = put(tmp.path(), "bin.jsonl", b"\x7fELF\0\0{\"text\":\"x\"}\n");
    let r = zhen(&args!["clean", &bin, "--format", "text"]);
    expect_err(&r, "bin.jsonl: byte 4: binary file (NUL byte), skipped");
    assert_eq!(r.stdout, "");
}

/// A UTF-8 byte-order mark before the first record is not part of the JSON (it once made the
/// first record "malformed" and dropped it).
#[test]
fn jsonl_with_utf8_bom_keeps_its_first_record() {
    let r = zhen(&args!["clean", torture("bom.jsonl"), "--format", "text"]);
    expect_code(&r, 0);
    assert_eq!(r.stderr, "");
    assert_eq!(r.stdout, "第一条\nsecond\n");
}

/// Invalid UTF-8 inside a JSON line: the record is reported as invalid UTF-8 at its byte
/// and skipped; with `--lossy` it is kept with U+FFFD and counted, like plain text.
#[test]
fn jsonl_invalid_utf8_is_located_and_lossy_keeps_the_record() {
    let tmp = TempDir::new().unwrap();
    let out = tmp.path().join("strict");
    let r = zhen(&args!["clean", torture("invalid_utf8.jsonl"), "-o", &out]);
    expect_code(&r, 0);
    expect_err(&r, "invalid_utf8.jsonl: line 2, byte 44: invalid UTF-8");
    let ids: Vec<Value> = read_jsonl(&out.join("invalid_utf8.jsonl.jsonl"))
        .iter()
        .map(|d| d["id"].clone())
        .collect();
    assert_eq!(ids, ["a", "c"]);
    assert_eq!(summary(&out)["skipped_records"], 1);

    let out = tmp.path().join("lossy");
    let r = zhen(&args![
        "clean",
        torture("invalid_utf8.jsonl"),
        "-o",
        &out,
        "--lossy"
    ]);
    expect_code(&r, 0);
    assert_eq!(r.stderr.matches("invalid").count(), 0, "{}", r.stderr);
    let texts: Vec<Value> = read_jsonl(&out.join("invalid_utf8.jsonl.jsonl"))
        .iter()
        .map(|d| d["text"].clone())
        .collect();
    assert_eq!(texts, ["ok", "坏\u{FFFD}的", "fine"]);
    let s = summary(&out);
    assert_eq!(
        (&s["skipped_records"], &s["replaced_chars"]),
        (&json!(0), &json!(1))
    );
}

/// The peak resident memory (`VmHWM`) of a running process, polled from
/// `/proc/PID/status` until the process ends: a lower bound of the true peak by at most
/// what it grows in the last few milliseconds. `None` without `/proc` (not Linux).
fn watch_peak_rss(pid: u32) -> thread::JoinHandle<Option<u64>> {
    thread::spawn(move || {
        let mut peak = None;
        while let Ok(status) = fs::read_to_string(format!("/proc/{pid}/status")) {
            // A process that has ended (a zombie) has no memory lines.
            let Some(kb) = status
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            else {
                break;
            };
            peak = peak.max(Some(kb * 1024));
            thread::sleep(Duration::from_millis(5));
        }
        peak
    })
}

/// A JSON record of 100 MB (under the 256 MiB record limit) is cleaned in parts of at most
/// 512 KiB, cut as plain text is, so memory stays bounded (cleaned whole, a 58 MB record took
/// 2 GB), and written as one record: its id and other fields kept, its span offsets
/// slicing the whole cleaned text and the record's whole text, in order, no letter lost. A
/// record of 9 MB is written exactly as when cleaned whole. The records around them
/// survive, as they were.
#[test]
fn jsonl_record_of_100_mb_is_one_record() {
    let size = 100_000_000;
    let tmp = TempDir::new().unwrap();
    let text = mixed_text(size, 100, Some(50));
    let mid = mixed_text(9_000_000, 101, Some(40));
    let record = |id: &str, text: &str| {
        serde_json::to_string(&json!({"id": id, "text": text, "url": format!("https://{id}")}))
            .unwrap()
    };
    let f = put(
        tmp.path(),
        "huge.jsonl",
        format!(
            "{}\n{}\n{}\n{}\n",
            r#"{"id":"before","text":"前面的记录"}"#,
            record("huge", &text),
            record("mid", &mid),
            r#"{"id":"after","text":"后面的record"}"#
        ),
    );
    let out = tmp.path().join("out");
    let child = spawn(&args!["clean", &f, "-o", &out, "-q", "--offsets", "bytes"]);
    let peak = watch_peak_rss(child.id());
    let r = finish(child, LIMIT, "zhen on a 100 MB record");
    expect_code(&r, 0);
    if let Some(peak) = peak.join().unwrap() {
        // The line (100 MB), its parsed text (100 MB), serde's buffer while parsing, and
        // one 512 KiB part being cleaned (tens of times its size).
        assert!(peak < 1 << 30, "peak memory {} MB", peak >> 20);
    }

    let lines: Vec<String> = BufReader::new(fs::File::open(out.join("huge.jsonl.jsonl")).unwrap())
        .lines()
        .map(Result::unwrap)
        .collect();
    let docs: Vec<Rec> = lines
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["before", "huge", "mid", "after"]);
    assert_eq!(docs[0].text, "前面的记录");
    assert_eq!(docs[3].text, "后面的 record");
    assert_eq!(docs[0].url, None);

    let huge = &docs[1];
    assert_eq!(huge.url.as_deref(), Some("https://huge"));
    assert!(
        (size * 9 / 10..=size * 6 / 5).contains(&huge.text.len()),
        "{} bytes of text",
        huge.text.len()
    );
    let (mut covered, mut at, mut src_at) = (0, 0, 0);
    for s in &huge.zhen.spans {
        let body = huge
            .text
            .get(s.start..s.end)
            .expect("span on char boundaries of the whole cleaned text");
        assert!(s.start >= at && s.src_start >= src_at, "spans go backwards");
        let original = text
            .get(s.src_start..s.src_end)
            .expect("src range on char boundaries, inside the record's text");
        let l = letters(original);
        assert_eq!(l, letters(body), "{}..{}", s.start, s.end);
        covered += l.chars().count();
        (at, src_at) = (s.end, s.src_end);
    }
    assert_eq!(
        covered,
        letters(&text).chars().count(),
        "every letter is in a span"
    );

    let pipeline = zhen::Pipeline::new(zhen::Config::default()).unwrap();
    let whole = pipeline.process(&mid);
    let mut expected = Vec::new();
    let fields =
        zhen::source::Fields::parse(r#"{"id":"mid","text":"","url":"https://mid"}"#).unwrap();
    zhen::output::Writer::new(zhen::output::Format::Jsonl, zhen::OffsetUnit::Bytes)
        .document(
            &mut expected,
            &whole,
            &zhen::source::Record {
                id: "mid".into(),
                text: mid.clone(),
                origin: Default::default(),
                fields: Some(fields),
            },
        )
        .unwrap();
    assert!(
        lines[2].as_bytes() == expected.strip_suffix(b"\n").unwrap(),
        "`mid` cleaned in parts differs from `mid` cleaned whole"
    );
    let s = summary(&out);
    assert_eq!(s["documents"], 4);
    assert_eq!(s["skipped_records"], 0);
}

/// A JSON line longer than 256 MiB is reported with its line and skipped without parsing;
/// the records after it are kept, and the byte offsets reported after it stay exact.
#[test]
fn jsonl_record_past_256_mib_is_skipped() {
    let tmp = TempDir::new().unwrap();
    let max = zhen::source::MAX_RECORD;
    let mut bytes = Vec::with_capacity(max + (2 << 20));
    bytes.extend_from_slice(b"{\"id\":\"first\",\"text\":\"\xe7\xac\xac\xe4\xb8\x80\"}\n");
    let long_at = bytes.len();
    bytes.extend_from_slice(b"{\"id\":\"long\",\"text\":\"");
    bytes.resize(long_at + max + (1 << 20), b'a');
    bytes.extend_from_slice(b"\"}\n");
    let bad_at = bytes.len();
    bytes.extend_from_slice(b"{broken\n");
    bytes.extend_from_slice(b"{\"id\":\"last\",\"text\":\"last \xe8\xae\xb0\xe5\xbd\x95\"}\n");
    let f = put(tmp.path(), "long.jsonl", &bytes);
    let out = tmp.path().join("out");
    let r = zhen(&args!["clean", &f, "-o", &out, "-q"]);
    expect_code(&r, 0);
    expect_err(
        &r,
        &format!("long.jsonl: line 2, byte {long_at}: JSON record longer than 256 MiB, skipped"),
    );
    expect_err(
        &r,
        &format!("long.jsonl: line 3, byte {}: malformed JSON", bad_at + 1),
    );
    let ids: Vec<Value> = read_jsonl(&out.join("long.jsonl.jsonl"))
        .iter()
        .map(|d| d["id"].clone())
        .collect();
    assert_eq!(ids, ["first", "last"]);
    let s = summary(&out);
    assert_eq!(s["skipped_records"], 2);
    assert_eq!(s["bytes_in"], bytes.len());
}

// ---------------------------------------------------------------------------------------
// Trees: many files, deep directories, links, permissions, names
// ---------------------------------------------------------------------------------------

#[test]
fn ten_thousand_tiny_files_in_one_directory() {
    let tmp = TempDir::new().unwrap();
    let input = tmp.path().join("in");
    fs::create_dir(&input).unwrap();
    for i in 0..10_000 {
        fs::write(input.join(format!("f{i:05}.txt")), format!("第{i}个file\n")).unwrap();
    }
    let out = tmp.path().join("out");
    let r = zhen(&args!["clean", &input, "-o", &out, "-j", "2"]);
    expect_code(&r, 0);
    let outputs = fs::read_dir(&out)
        .unwrap()
        .filter(|e| {
            let name = e.as_ref().unwrap().file_name();
            name.as_bytes().ends_with(b".txt.jsonl")
        })
        .count();
    assert_eq!(outputs, 10_000);
    let s = summary(&out);
    assert_eq!(
        (&s["files"], &s["documents"], &s["failed_files"]),
        (&json!(10_000), &json!(10_000), &json!(0))
    );
    assert_eq!(
        read_jsonl(&out.join("f09999.txt.jsonl"))[0]["text"],
        "第 9999 个 file"
    );
}

/// 200 nested directories are mirrored; a tree deeper than PATH_MAX (4096 bytes of path)
/// is reported ("File name too long") and the rest of the input is processed.
#[test]
fn deep_directories() {
    let tmp = TempDir::new().unwrap();
    let input = tmp.path().join("in");
    let deep: PathBuf = std::iter::repeat_n("d", 200).collect();
    put(&input, deep.join("deep.txt"), "深处的text\n");
    put(&input, "top.txt", "顶层\n");
    let out = tmp.path().join("out");
    let r = zhen(&args!["clean", &input, "-o", &out]);
    expect_code(&r, 0);
    assert_eq!(
        read_jsonl(&out.join(&deep).join("deep.txt.jsonl"))[0]["text"],
        "深处的 text"
    );

    // Past PATH_MAX: two chains of directories, each short enough to create, one moved into
    // the other (1501 levels, about 4500 bytes of path).
    let far = tmp.path().join("far");
    put(&far, "top.txt", "顶层\n");
    let upper: PathBuf = std::iter::repeat_n("dd", 1000).collect();
    let lower: PathBuf = std::iter::repeat_n("dd", 500).collect();
    fs::create_dir_all(far.join(&upper)).unwrap();
    put(&tmp.path().join("b"), lower.join("deep.txt"), "deep text\n");
    fs::rename(tmp.path().join("b"), far.join(&upper).join("b")).unwrap();
    let out = tmp.path().join("far-out");
    let r = zhen(&args!["clean", &far, "-o", &out]);
    expect_code(&r, 1);
    expect_err(&r, "File name too long");
    assert_eq!(read_jsonl(&out.join("top.txt.jsonl"))[0]["text"], "顶层");
    let s = summary(&out);
    assert_eq!(s["failed_files"], 1);
    assert!(
        s["errors"][0]["file"]
            .as_str()
            .unwrap()
            .contains("far/dd/dd"),
        "the error names the path: {}",
        s["errors"][0]
    );
}

/// A FIFO in a walked directory is skipped: opening it would wait for a writer forever.
#[cfg(unix)]
#[test]
fn fifos_in_a_directory_are_skipped() {
    let tmp = TempDir::new().unwrap();
    let input = tmp.path().join("in");
    put(&input, "a.txt", "真的文件\n");
    let fifo = input.join("pipe.txt");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    let out = tmp.path().join("out");
    let r = zhen_within(&args!["clean", &input, "-o", &out], Duration::from_secs(20));
    expect_code(&r, 0);
    assert_eq!(
        files_under(&out),
        set(&["a.txt.jsonl", "zhen-summary.json"])
    );
}

/// A pipe named as an input is never up to date for `--resume`: its next writer sends new
/// text, which is cleaned (not skipped for its time, which would leave the writer blocked).
#[test]
fn resume_cleans_a_named_pipe_again() {
    let tmp = TempDir::new().unwrap();
    let fifo = tmp.path().join("pipe.txt");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    let out = tmp.path().join("out");
    for (text, resume) in [("第一次\n", false), ("第二次\n", true)] {
        let writer = {
            let fifo = fifo.clone();
            thread::spawn(move || fs::write(&fifo, text))
        };
        let mut args = args!["clean", &fifo, "-o", &out, "--format", "text"].to_vec();
        if resume {
            args.push("--resume".into());
        }
        let r = zhen_within(&args, Duration::from_secs(20));
        expect_code(&r, 0);
        // (A writer that zhen left waiting is let go, so that a failure does not hang.)
        let waited = Instant::now();
        while !writer.is_finished() && waited.elapsed() < Duration::from_secs(5) {
            thread::sleep(Duration::from_millis(20));
        }
        if !writer.is_finished() {
            let _ = fs::read(&fifo);
        }
        writer.join().unwrap().unwrap();
        assert_eq!(
            fs::read_to_string(out.join("pipe.txt.txt")).unwrap(),
            text,
            "resume: {resume}"
        );
    }
}

/// Symbolic links are followed; loops (to an ancestor, to itself) and dangling links are
/// each reported once, with their path, without hanging; the real files are processed.
#[test]
fn symlink_loops_and_dangling_links() {
    use std::os::unix::fs::symlink;
    let tmp = TempDir::new().unwrap();
    let input = tmp.path().join("in");
    put(&input, "sub/a.txt", "真的文件\n");
    let outside = put(tmp.path(), "outside.txt", "外面的文件\n");
    symlink("..", input.join("sub/up")).unwrap();
    symlink("../sub", input.join("sub/self")).unwrap();
    symlink("nowhere", input.join("dangling")).unwrap();
    symlink(&outside, input.join("link.txt")).unwrap();
    let out = tmp.path().join("out");
    let r = zhen_within(&args!["clean", &input, "-o", &out], Duration::from_secs(60));
    expect_code(&r, 1);
    for (path, reason) in [
        ("sub/up", "symlink loop"),
        ("sub/self", "symlink loop"),
        ("dangling", "No such file or directory"),
    ] {
        let line = format!("{}: {reason}", input.join(path).display());
        assert_eq!(
            r.stderr.matches(&line).count(),
            1,
            "{line:?} once; stderr: {}",
            r.stderr
        );
    }
    assert_eq!(
        files_under(&out),
        set(&["link.txt.jsonl", "sub/a.txt.jsonl", "zhen-summary.json"])
    );
    let s = summary(&out);
    assert_eq!(s["failed_files"], 3);
    assert_eq!(s["documents"], 2);
    for e in s["errors"].as_array().unwrap() {
        assert!(
            e["file"]
                .as_str()
                .unwrap()
                .starts_with(input.to_str().unwrap()),
            "each error names its file: {e}"
        );
    }
    // What `--exclude` leaves out is not read: its loops and dangling links are no errors.
    let out = tmp.path().join("out2");
    let r = zhen_within(
        &args![
            "clean",
            &input,
            "-o",
            &out,
            "--exclude",
            "up",
            "--exclude",
            "self",
            "--exclude",
            "dangling"
        ],
        Duration::from_secs(60),
    );
    expect_code(&r, 0);
    assert_eq!(summary(&out)["failed_files"], 0);
}

/// An unreadable file or directory fails alone (exit 1, named); the rest is processed.
/// Skipped when this process reads them anyway (root).
#[test]
fn unreadable_file_and_directory() {
    let tmp = TempDir::new().unwrap();
    let input = tmp.path().join("in");
    put(&input, "a.txt", "可读的\n");
    let locked = put(&input, "locked.txt", "锁住的\n");
    put(&input, "closed/b.txt", "关闭的目录\n");
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    fs::set_permissions(input.join("closed"), fs::Permissions::from_mode(0o000)).unwrap();
    let unreadable = !can_read(&locked) && !can_read(&input.join("closed"));
    if !unreadable {
        eprintln!("unreadable_file_and_directory: skipped, this process reads anything (root)");
    } else {
        let out = tmp.path().join("out");
        let r = zhen(&args!["clean", &input, "-o", &out]);
        expect_code(&r, 1);
        expect_err(&r, "locked.txt: Permission denied");
        expect_err(&r, "closed: Permission denied");
        assert_eq!(
            files_under(&out),
            set(&["a.txt.jsonl", "zhen-summary.json"])
        );
        assert_eq!(summary(&out)["failed_files"], 2);
    }
    fs::set_permissions(input.join("closed"), fs::Permissions::from_mode(0o755)).unwrap();
}

/// File names with spaces, a newline, a tab, a leading dash and bytes that are not UTF-8
/// are mirrored byte for byte; ids escape the bytes that are not UTF-8 (`\xFF`), so that
/// two such names keep ids of their own.
#[test]
fn file_names_with_spaces_newlines_and_invalid_utf8() {
    let tmp = TempDir::new().unwrap();
    let input = tmp.path().join("in");
    let names: [&[u8]; 6] = [
        b"a b.txt",
        b"new\nline.txt",
        b"tab\there.txt",
        b"-dash.txt",
        b"bad\xff\xfename.txt",
        b"dir with space/\xe4\xb8\xad\xe6\x96\x87 \xc3.txt",
    ];
    for n in names {
        put(&input, OsStr::from_bytes(n), "名字用Rust写\n");
    }
    let out = tmp.path().join("out");
    let r = zhen(&args!["clean", &input, "-o", &out]);
    expect_code(&r, 0);
    let mut ids = BTreeSet::new();
    for n in names {
        let mut o = n.to_vec();
        o.extend_from_slice(b".jsonl");
        let docs = read_jsonl(&out.join(OsStr::from_bytes(&o)));
        assert_eq!(docs[0]["text"], "名字用 Rust 写");
        ids.insert(docs[0]["id"].as_str().unwrap().to_string());
    }
    let expected: BTreeSet<String> = names
        .iter()
        .map(|n| {
            n.utf8_chunks()
                .map(|c| {
                    let bad: String = c.invalid().iter().map(|b| format!("\\x{b:02X}")).collect();
                    format!("{}{bad}", c.valid())
                })
                .collect()
        })
        .collect();
    assert_eq!(ids, expected);
    assert_eq!(summary(&out)["files"], 6);

    // An error in such a file names it too.
    let bad = put(&input, OsStr::from_bytes(b"x\ny \xff.txt"), b"ok\xff");
    let r = zhen(&args!["clean", &bad]);
    expect_code(&r, 1);
    expect_err(&r, "x\\ny \u{FFFD}.txt: line 1, byte 2: invalid UTF-8");
}

// ---------------------------------------------------------------------------------------
// Faults: interruption, kill, lock, vanishing inputs, full disk, unwritable outputs
// ---------------------------------------------------------------------------------------

/// A corpus that takes a few seconds: `files` files of about 150 KB of mixed text.
fn slow_corpus(dir: &Path, files: usize) {
    for i in 0..files {
        put(
            dir,
            format!("f{i:03}.txt"),
            mixed_text(150_000, i as u64, Some(30)),
        );
    }
}

fn spawn(args: &[OsString]) -> Child {
    command(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("zhen runs")
}

/// Waits until `dir` holds at least `n` outputs (`*.jsonl`), at most 60 s.
#[track_caller]
fn wait_for_outputs(dir: &Path, n: usize) {
    let started = Instant::now();
    loop {
        let count = fs::read_dir(dir)
            .map(|d| {
                d.filter(|e| {
                    e.as_ref()
                        .is_ok_and(|e| e.file_name().as_bytes().ends_with(b".jsonl"))
                })
                .count()
            })
            .unwrap_or(0);
        if count >= n {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no {n} outputs in {} after 60 s",
            dir.display()
        );
        thread::sleep(Duration::from_millis(5));
    }
}

fn kill(child: &Child, signal: &str) {
    let status = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

/// Asserts that every output under `out` is complete (byte-identical to the one of an
/// uninterrupted run in `reference`) and that anything else is a temporary file not named
/// like an output; returns how many outputs are complete.
#[track_caller]
fn only_complete_outputs(out: &Path, reference: &Path) -> usize {
    let mut complete = 0;
    for rel in files_under(out) {
        let name = rel.to_string_lossy();
        if name == "zhen-summary.json" {
            continue;
        }
        if name.ends_with(".jsonl") {
            assert!(
                fs::read(out.join(&rel)).unwrap() == fs::read(reference.join(&rel)).unwrap(),
                "{name} is under its final name but incomplete"
            );
            complete += 1;
        } else {
            assert!(name.contains(".zhen-tmp-"), "unexpected file {name}");
        }
    }
    complete
}

/// SIGTERM stops a run between documents within a second: the outputs under their final
/// names are complete, the summary records them (`interrupted`), the exit code is 130, and
/// `--resume` finishes with outputs byte-identical to an uninterrupted run. SIGKILL (no
/// handler) leaves only complete outputs under final names as well.
#[test]
fn sigterm_and_sigkill_then_resume() {
    let tmp = TempDir::new().unwrap();
    let input = tmp.path().join("in");
    slow_corpus(&input, 120);
    let reference = tmp.path().join("reference");
    let r = zhen(&args!["clean", &input, "-o", &reference, "-q", "-j", "2"]);
    expect_code(&r, 0);

    let out = tmp.path().join("out");
    let child = spawn(&args!["clean", &input, "-o", &out, "-q", "-j", "1"]);
    wait_for_outputs(&out, 3);
    kill(&child, "-TERM");
    let killed = Instant::now();
    let r = finish(child, Duration::from_secs(10), "interrupted zhen");
    let stopped = killed.elapsed();
    assert!(
        stopped < Duration::from_secs(2),
        "stopped {stopped:?} after SIGTERM"
    );
    expect_code(&r, 130);
    expect_err(&r, "interrupted; rerun with --resume to finish");
    let complete = only_complete_outputs(&out, &reference);
    assert!((3..120).contains(&complete), "{complete} outputs complete");
    let s = summary(&out);
    assert_eq!(s["interrupted"], true);
    assert_eq!(s["files"], complete);
    assert_eq!(s["documents"], complete);
    // It lists the files it completed, for `--resume` to count.
    let listed = s["completed"].as_object().expect("completed files listed");
    assert_eq!(listed.len(), complete);
    assert_eq!(listed["f000.txt"]["documents"], 1);

    // A completed input changed since is cleaned (and counted) again, once.
    let touched = input.join("f000.txt");
    fs::write(&touched, fs::read(&touched).unwrap()).unwrap();
    let r = zhen(&args![
        "clean", &input, "-o", &out, "-q", "-j", "2", "--resume"
    ]);
    expect_code(&r, 0);
    assert_eq!(only_complete_outputs(&out, &reference), 120);
    // The summary counts the whole corpus, as the uninterrupted run's does.
    let s = summary(&out);
    assert_eq!(s["interrupted"], false);
    assert!(s.get("completed").is_none(), "{s}");
    same_counts(&out, &reference);
    assert_eq!(s["skipped_files"], 0);

    // SIGKILL: no summary, possibly temporary files, never a partial output; the next run
    // removes the temporary files of dead processes (the killed run's, and one planted in
    // case the kill came between two outputs), not those of a live one.
    let out = tmp.path().join("killed");
    let child = spawn(&args!["clean", &input, "-o", &out, "-q", "-j", "1"]);
    wait_for_outputs(&out, 3);
    kill(&child, "-KILL");
    let mut child = child;
    let _ = child.wait();
    let complete = only_complete_outputs(&out, &reference);
    assert!(complete < 120);
    let temporary = |out: &Path| -> BTreeSet<PathBuf> {
        files_under(out)
            .into_iter()
            .filter(|p| p.to_string_lossy().contains(".zhen-tmp-"))
            .collect()
    };
    put(
        &out,
        format!("f000.txt.jsonl.zhen-tmp-{}-99", child.id()),
        "partial",
    );
    let live = format!("f001.txt.jsonl.zhen-tmp-{}-0", std::process::id());
    put(&out, &live, "partial");
    assert!(temporary(&out).len() >= 2);
    let r = zhen(&args![
        "clean", &input, "-o", &out, "-q", "-j", "2", "--resume"
    ]);
    expect_code(&r, 0);
    assert_eq!(only_complete_outputs(&out, &reference), 120);
    if cfg!(target_os = "linux") {
        assert_eq!(temporary(&out), set(&[&live]), "stale temporary files left");
    }
}

/// A run interrupted twice, the second time before it reached every file the first
/// completed (`-j 2`, then `-j 1`), still lists those files, so the last `--resume` counts
/// the whole corpus.
#[test]
fn resumed_twice_counts_every_file() {
    let tmp = TempDir::new().unwrap();
    let input = tmp.path().join("in");
    slow_corpus(&input, 120);
    let reference = tmp.path().join("reference");
    expect_code(
        &zhen(&args!["clean", &input, "-o", &reference, "-q", "-j", "2"]),
        0,
    );

    let out = tmp.path().join("out");
    let child = spawn(&args!["clean", &input, "-o", &out, "-q", "-j", "2"]);
    wait_for_outputs(&out, 6);
    kill(&child, "-TERM");
    expect_code(&finish(child, Duration::from_secs(10), "first run"), 130);
    let first = only_complete_outputs(&out, &reference);

    let child = spawn(&args![
        "clean", &input, "-o", &out, "-q", "-j", "1", "--resume"
    ]);
    wait_for_outputs(&out, first + 1);
    kill(&child, "-TERM");
    let r = finish(child, Duration::from_secs(10), "second run");
    if r.code == 130 {
        let listed = summary(&out)["completed"]
            .as_object()
            .map_or(0, |m| m.len());
        assert!(
            listed >= first,
            "{listed} files listed, {first} were complete"
        );
    }

    let r = zhen(&args![
        "clean", &input, "-o", &out, "-q", "-j", "2", "--resume"
    ]);
    expect_code(&r, 0);
    assert_eq!(only_complete_outputs(&out, &reference), 120);
    same_counts(&out, &reference);
}

/// The summaries in `out` and `reference` count the same corpus.
#[track_caller]
fn same_counts(out: &Path, reference: &Path) {
    let (s, whole) = (summary(out), summary(reference));
    for key in [
        "files",
        "skipped_files",
        "documents",
        "bytes_in",
        "bytes_out",
        "letters",
        "shares",
        "mixed_documents",
        "foreign_spans",
    ] {
        assert_eq!(s[key], whole[key], "{key}");
    }
}

/// The lines a child writes to standard output, as they come (the child's stdout is taken).
fn stdout_lines(child: &mut Child) -> mpsc::Receiver<String> {
    let out = BufReader::new(child.stdout.take().expect("stdout piped"));
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        for line in out.lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

fn spawn_with_stdin(args: &[OsString]) -> Child {
    command(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("zhen runs")
}

/// `stats`, `spans` and `bench`, which write no files, end at an interrupt with the exit
/// code `--help` promises, 130, not killed by the signal (here while reading an input that
/// stays open).
#[test]
fn reports_end_at_an_interrupt_with_130() {
    for command in ["stats", "spans", "bench"] {
        let mut child = spawn_with_stdin(&args![command, "-", "--unit", "line"]);
        let stdin = child.stdin.take();
        // (Started, its handler installed.)
        thread::sleep(Duration::from_millis(500));
        kill(&child, "-TERM");
        let r = finish(child, Duration::from_secs(10), command);
        drop(stdin);
        expect_code(&r, 130);
        expect_err(&r, "zhen: interrupted");
    }
}

/// A JSON record of tens of megabytes, cleaned in parts, stops between them: SIGTERM ends
/// the run within a second, its unfinished output dropped and the summary written (it once
/// went on to the five seconds' forced end, which leaves both behind).
#[test]
fn sigterm_stops_a_long_record_between_its_parts() {
    let tmp = TempDir::new().unwrap();
    let text = mixed_text(40 << 20, 11, None);
    let record = serde_json::json!({ "id": "big", "text": text }).to_string() + "\n";
    let f = put(tmp.path(), "big.jsonl", &record);
    let out = tmp.path().join("out");
    let child = spawn(&args!["clean", &f, "-o", &out, "-q"]);
    // (Its output begun: a temporary file grows.)
    let started = Instant::now();
    while !fs::read_dir(&out).is_ok_and(|d| {
        d.flatten().any(|e| {
            e.file_name().to_string_lossy().contains(".zhen-tmp-")
                && e.metadata().is_ok_and(|m| m.len() > 0)
        })
    }) {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no output begun"
        );
        thread::sleep(Duration::from_millis(5));
    }
    kill(&child, "-TERM");
    let killed = Instant::now();
    let r = finish(child, Duration::from_secs(10), "zhen in a long record");
    let stopped = killed.elapsed();
    expect_code(&r, 130);
    assert!(
        stopped < Duration::from_secs(2),
        "stopped {stopped:?} after SIGTERM"
    );
    let left: Vec<String> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["zhen-summary.json"]);
    assert_eq!(summary(&out)["interrupted"], true);
}

/// To standard output, SIGTERM stops between documents too (it once went on to the end of
/// the input, which for an open standard input meant never): a file stops within a second
/// with whole documents only, a line read after the signal is not processed, and a second
/// signal ends a run blocked on an open standard input at once.
#[test]
fn sigterm_stops_a_stream_to_stdout() {
    let tmp = TempDir::new().unwrap();
    let text = mixed_text(20 << 20, 9, Some(20));
    let f = put(tmp.path(), "big.txt", &text);
    let mut child = spawn(&args!["clean", &f, "--unit", "line"]);
    let lines = stdout_lines(&mut child);
    lines
        .recv_timeout(Duration::from_secs(60))
        .expect("a first document");
    kill(&child, "-TERM");
    let killed = Instant::now();
    let r = finish(child, Duration::from_secs(10), "zhen to stdout");
    let stopped = killed.elapsed();
    expect_code(&r, 130);
    assert!(
        stopped < Duration::from_secs(2),
        "stopped {stopped:?} after SIGTERM"
    );
    let rest: Vec<String> = lines.iter().collect();
    for l in &rest {
        serde_json::from_str::<Value>(l).expect("whole documents only");
    }
    let total = text.lines().count();
    assert!(
        rest.len() + 1 < total,
        "all {total} documents: the file went on"
    );

    // Standard input: the line written after the signal is not processed.
    let mut child = spawn_with_stdin(&args!["clean", "--unit", "line", "--format", "text"]);
    let mut stdin = child.stdin.take().unwrap();
    let lines = stdout_lines(&mut child);
    stdin.write_all("第一行用Rust\n".as_bytes()).unwrap();
    stdin.flush().unwrap();
    let first = lines.recv_timeout(Duration::from_secs(30));
    kill(&child, "-TERM");
    thread::sleep(Duration::from_millis(300));
    let _ = stdin.write_all("第二行\n".as_bytes());
    let _ = stdin.flush();
    let r = finish(child, Duration::from_secs(10), "zhen reading stdin");
    drop(stdin);
    expect_code(&r, 130);
    assert_eq!(first.as_deref(), Ok("第一行用 Rust"));
    assert_eq!(
        lines.iter().count(),
        0,
        "a line read after SIGTERM was processed"
    );

    // Standard input left open: a second signal ends the run.
    let mut child = spawn_with_stdin(&args!["clean", "--unit", "line"]);
    let mut stdin = child.stdin.take().unwrap();
    let lines = stdout_lines(&mut child);
    stdin.write_all(b"first\n").unwrap();
    stdin.flush().unwrap();
    lines
        .recv_timeout(Duration::from_secs(30))
        .expect("a first document");
    kill(&child, "-TERM");
    thread::sleep(Duration::from_millis(300));
    kill(&child, "-TERM");
    let r = finish(child, Duration::from_secs(10), "zhen blocked on stdin");
    drop(stdin);
    expect_code(&r, 130);

    // Or one signal, as a supervisor sends it: the run ends five seconds after it, though
    // it waits for a writer of a named pipe that never comes.
    let tmp = TempDir::new().unwrap();
    let fifo = tmp.path().join("p");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let child = spawn(&args!["clean", &fifo, "-o", tmp.path().join("out")]);
    // (Time to install its handler and block: a signal before it would end it otherwise.)
    thread::sleep(Duration::from_secs(1));
    kill(&child, "-TERM");
    let r = finish(
        child,
        Duration::from_secs(20),
        "zhen blocked opening a named pipe",
    );
    expect_code(&r, 130);
}

/// A second run into an output directory that a run is writing into is refused (exit 2)
/// and writes nothing; the first run completes intact.
#[test]
fn second_run_into_a_locked_output_is_refused() {
    let tmp = TempDir::new().unwrap();
    let input = tmp.path().join("in");
    slow_corpus(&input, 60);
    let other = tmp.path().join("other");
    put(&other, "x.txt", "另一个输入\n");
    let out = tmp.path().join("out");
    let first = spawn(&args!["clean", &input, "-o", &out, "-q", "-j", "1"]);
    wait_for_outputs(&out, 1);
    let r = zhen(&args!["clean", &other, "-o", &out, "-q"]);
    let first = finish(first, LIMIT, "first zhen");
    expect_code(&r, 2);
    expect_err(
        &r,
        &format!("another zhen run is writing into {}", out.display()),
    );
    expect_code(&first, 0);
    assert!(!out.join("x.txt.jsonl").exists(), "the refused run wrote");
    let s = summary(&out);
    assert_eq!((&s["files"], &s["documents"]), (&json!(60), &json!(60)));
    for i in 0..60 {
        let docs = read_jsonl(&out.join(format!("f{i:03}.txt.jsonl")));
        assert_eq!(docs.len(), 1);
    }
}

/// An input deleted after the walk listed it and before it is read fails alone, named;
/// the other files are processed. (A file already open when deleted is read to its end:
/// Unix keeps its data until it is closed.)
#[test]
fn input_deleted_during_the_run() {
    let tmp = TempDir::new().unwrap();
    let input = tmp.path().join("in");
    slow_corpus(&input, 40);
    let last = put(&input, "zz_last.txt", "最后的文件\n");
    let out = tmp.path().join("out");
    let child = spawn(&args!["clean", &input, "-o", &out, "-q", "-j", "1"]);
    wait_for_outputs(&out, 1);
    fs::remove_file(&last).unwrap();
    let r = finish(child, LIMIT, "zhen");
    expect_code(&r, 1);
    expect_err(&r, "zz_last.txt: No such file or directory");
    let s = summary(&out);
    assert_eq!(
        (&s["files"], &s["failed_files"], &s["documents"]),
        (&json!(41), &json!(1), &json!(40))
    );
    assert!(!out.join("zz_last.txt.jsonl").exists());
}

/// A file-size limit (`ulimit -f`, the way to fill a disk without filling the disk) fails
/// the file whose output outgrows it, with the output named and nothing left of it; the
/// other files and the summary are written. To standard output, the run fails (exit 1).
#[test]
fn full_disk_fails_that_file_only() {
    let tmp = TempDir::new().unwrap();
    let input = tmp.path().join("in");
    put(&input, "a.txt", "小文件text\n");
    put(&input, "big.txt", mixed_text(2 << 20, 3, Some(20)));
    put(&input, "z.txt", "另一个小文件\n");
    let out = tmp.path().join("out");
    // `ulimit -f` counts 512-byte blocks in dash, 1024 in bash: 200 blocks is at most 200 KB,
    // far below the 15 MB of big.txt's output, far above the small ones and the summary.
    let sh = |script: &str| {
        let child = Command::new("sh")
            .args(["-c", script, "sh"])
            .arg(env!("CARGO_BIN_EXE_zhen"))
            .arg(&input)
            .arg(&out)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        finish(child, LIMIT, script)
    };
    let r = sh("ulimit -f 200; trap '' XFSZ; exec \"$1\" clean \"$2\" -o \"$3\"");
    expect_code(&r, 1);
    expect_err(
        &r,
        &format!("{}: File too large", out.join("big.txt.jsonl").display()),
    );
    assert_eq!(
        files_under(&out),
        set(&["a.txt.jsonl", "z.txt.jsonl", "zhen-summary.json"])
    );
    let s = summary(&out);
    assert_eq!(
        (&s["files"], &s["failed_files"], &s["documents"]),
        (&json!(3), &json!(1), &json!(2))
    );
    assert!(
        s["errors"][0]["file"]
            .as_str()
            .unwrap()
            .ends_with("big.txt")
    );

    let r = sh("ulimit -f 200; trap '' XFSZ; exec \"$1\" clean \"$2\" > \"$3/stdout.txt\"");
    expect_code(&r, 1);
    expect_err(&r, "writing output: File too large");

    // An output that fits its write buffer (64 KiB) meets the limit only when it is
    // finished: its temporary file goes too (it was left behind).
    let mid = tmp.path().join("mid");
    put(
        &mid,
        "mid.txt",
        "用Rust写的服务，成本降低了30%。\n".repeat(150),
    );
    let out = tmp.path().join("out_mid");
    let r = sh(&format!(
        "ulimit -f 40; trap '' XFSZ; exec \"$1\" clean '{}' -o '{}'",
        mid.display(),
        out.display()
    ));
    expect_code(&r, 1);
    expect_err(
        &r,
        &format!("{}: File too large", out.join("mid.txt.jsonl").display()),
    );
    assert_eq!(files_under(&out), set(&["zhen-summary.json"]));
}

/// Outputs that cannot be written: an output directory under a regular file or without
/// write permission is refused before anything is read (exit 2); a directory in the way
/// of one output, or a regular file in the way of an output subdirectory, fails that input
/// alone (exit 1), with no temporary file left.
#[test]
fn unwritable_outputs() {
    let tmp = TempDir::new().unwrap();
    let input = tmp.path().join("in");
    put(&input, "a.txt", "第一个\n");
    put(&input, "b.txt", "第二个\n");
    put(&input, "sub/c.txt", "第三个\n");

    let file = put(tmp.path(), "plain", "not a directory");
    let r = zhen(&args!["clean", &input, "-o", file.join("out")]);
    expect_code(&r, 2);
    expect_err(
        &r,
        &format!("{}: Not a directory", file.join("out").display()),
    );

    let ro = tmp.path().join("ro");
    fs::create_dir(&ro).unwrap();
    fs::set_permissions(&ro, fs::Permissions::from_mode(0o555)).unwrap();
    if can_write_in(&ro) {
        eprintln!("unwritable_outputs: read-only directory case skipped (root writes anyway)");
    } else {
        let r = zhen(&args!["clean", &input, "-o", &ro]);
        expect_code(&r, 2);
        expect_err(&r, "Permission denied");
    }
    fs::set_permissions(&ro, fs::Permissions::from_mode(0o755)).unwrap();

    let out = tmp.path().join("out");
    put(&out, "a.txt.jsonl/keep", "a directory where an output goes");
    put(&out, "sub", "a file where a directory goes");
    let r = zhen(&args!["clean", &input, "-o", &out]);
    expect_code(&r, 1);
    expect_err(&r, &out.join("a.txt.jsonl").display().to_string());
    expect_err(&r, &out.join("sub/c.txt.jsonl").display().to_string());
    assert_eq!(
        files_under(&out),
        set(&[
            "a.txt.jsonl/keep",
            "b.txt.jsonl",
            "sub",
            "zhen-summary.json"
        ])
    );
    let s = summary(&out);
    assert_eq!(
        (&s["failed_files"], &s["documents"]),
        (&json!(2), &json!(1))
    );
}

// ---------------------------------------------------------------------------------------
// Limits
// ---------------------------------------------------------------------------------------

/// The limits the README documents are the constants in the code: a document is cut at
/// 512 KiB (`fifty_mb_single_line`, `cut_parts_have_distinct_ids`), a file read whole up to
/// 4 MiB (`cut_parts_have_distinct_ids`), a JSON line over 256 MiB
/// is skipped (`jsonl_record_past_256_mib_is_skipped`), a path over PATH_MAX fails
/// (`deep_directories`).
#[test]
fn documented_limits() {
    assert_eq!(zhen::source::MAX_DOCUMENT, 512 << 10);
    assert_eq!(zhen::source::MAX_FILE, 4 << 20);
    assert_eq!(zhen::source::MAX_RECORD, 256 << 20);
    assert_eq!(
        zhen::source::ReadOptions::default().max_document,
        zhen::source::MAX_DOCUMENT
    );
    let readme =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    assert!(readme.contains("512 KiB") && readme.contains("4 MiB") && readme.contains("256 MiB"));
}
