//! End-to-end tests of the `zhen` command: the real binary is run on temporary directories
//! and its outputs (files, stdout, stderr, exit codes, `zhen-summary.json`) are checked.

use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, SystemTime};

mod common;
use common::{parse_lines, put, read_jsonl, summary};
use serde_json::{Value, json};
use tempfile::TempDir;

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

/// What one run of the binary produced.
#[derive(Debug)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn zhen() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_zhen"));
    c.env("NO_COLOR", "1");
    c
}

/// Runs `zhen ARGS` with standard input closed (or fed `stdin`).
fn run_with<I, S>(args: I, stdin: Option<&[u8]>) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    run_in(None, args, stdin)
}

/// Runs `zhen ARGS` in `cwd` (the test's directory when `None`).
fn run_in<I, S>(cwd: Option<&Path>, args: I, stdin: Option<&[u8]>) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut cmd = zhen();
    if let Some(dir) = cwd {
        cmd.current_dir(dir);
    }
    cmd.args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        });
    let mut child = cmd.spawn().expect("zhen runs");
    if let Some(input) = stdin {
        let mut w = child.stdin.take().unwrap();
        let input = input.to_vec();
        // A writer thread, so a large input cannot deadlock against a full stdout pipe.
        std::thread::spawn(move || {
            let _ = w.write_all(&input);
        });
    }
    let out = child.wait_with_output().unwrap();
    Run {
        code: out
            .status
            .code()
            .expect("zhen exited normally, not by a signal"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn run<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    run_with(args, None)
}

/// Runs `zhen clean INPUT -o OUT ARGS`.
fn clean_into(input: &Path, out: &Path, args: &[&str]) -> Run {
    let mut all = vec![
        OsStr::new("clean"),
        input.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ];
    all.extend(args.iter().map(OsStr::new));
    run(all)
}

/// Asserts the exit code, showing the whole run when it differs.
#[track_caller]
fn expect_code(r: &Run, code: i32) {
    assert_eq!(r.code, code, "unexpected exit code; run: {r:#?}");
}

/// All files under `dir`, as `/`-separated relative paths (on Unix `clean -o` leaves no
/// lock file in its output directory; elsewhere `OUT/.zhen.lock`, left out).
fn files_under(dir: &Path) -> BTreeSet<String> {
    fn walk(root: &Path, dir: &Path, acc: &mut BTreeSet<String>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for e in entries {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, acc);
            } else {
                let rel = p.strip_prefix(root).unwrap();
                let parts: Vec<_> = rel.iter().map(|c| c.to_string_lossy()).collect();
                acc.insert(parts.join("/"));
            }
        }
    }
    let mut acc = BTreeSet::new();
    walk(dir, dir, &mut acc);
    if cfg!(not(unix)) {
        acc.remove(".zhen.lock");
    }
    acc
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// Python's `s[start:end]` for code-point offsets.
#[track_caller]
fn slice_chars(s: &str, start: u64, end: u64) -> String {
    assert!(start <= end, "span {start}..{end} is reversed");
    let n = s.chars().count() as u64;
    assert!(
        end <= n,
        "span {start}..{end} past the end ({n} chars) of {s:?}"
    );
    s.chars()
        .skip(start as usize)
        .take((end - start) as usize)
        .collect()
}

/// `s[start..end]` for UTF-8 byte offsets, which must fall on character boundaries.
#[track_caller]
fn slice_bytes(s: &str, start: u64, end: u64) -> String {
    s.get(start as usize..end as usize)
        .unwrap_or_else(|| panic!("bytes {start}..{end} do not slice {s:?} at char boundaries"))
        .to_string()
}

fn slice(s: &str, start: u64, end: u64, bytes: bool) -> String {
    if bytes {
        slice_bytes(s, start, end)
    } else {
        slice_chars(s, start, end)
    }
}

/// Letters and digits only: what cleaning must never change (for these inputs).
fn letters(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).collect()
}

fn u(v: &Value) -> u64 {
    v.as_u64()
        .unwrap_or_else(|| panic!("not an unsigned integer: {v}"))
}

/// Checks every offset of one JSON document (`text` + `spans`) against its text and, when
/// given, its source (the whole input the `src_*` offsets index). Returns the span texts.
#[track_caller]
fn check_spans(text: &str, spans: &Value, source: Option<&str>, bytes: bool) -> Vec<String> {
    let mut out = Vec::new();
    for span in spans.as_array().expect("spans is an array") {
        let (start, end) = (u(&span["start"]), u(&span["end"]));
        let body = slice(text, start, end, bytes);
        assert!(!body.is_empty(), "empty span {span}");
        assert_eq!(
            body.trim(),
            body,
            "span {span} starts or ends with whitespace"
        );
        for w in span["words"].as_array().unwrap() {
            let (ws, we) = (u(&w[0]), u(&w[1]));
            assert!(start <= ws && we <= end, "word {w} outside its span {span}");
            assert!(!slice(text, ws, we, bytes).is_empty());
        }
        for e in span["embedded"].as_array().unwrap() {
            let (es, ee) = (u(&e["start"]), u(&e["end"]));
            assert!(
                start <= es && ee <= end,
                "embedded {e} outside its span {span}"
            );
        }
        if let Some(src) = source {
            let original = slice(src, u(&span["src_start"]), u(&span["src_end"]), bytes);
            assert_eq!(
                letters(&original),
                letters(&body),
                "src offsets of {span} do not point at its source text"
            );
        }
        out.push(body);
    }
    out
}

/// `(lang, text)` of every span of a JSON document.
fn lang_texts(doc: &Value, text: &str, bytes: bool) -> Vec<(String, String)> {
    doc["spans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["lang"].as_str().unwrap().to_string(),
                slice(text, u(&s["start"]), u(&s["end"]), bytes),
            )
        })
        .collect()
}

const ZH: &str = "我们用Kubernetes部署了服务。\n";
const ZH_CLEAN: &str = "我们用 Kubernetes 部署了服务。";
const MIXED: &str = "The report says 这个方案很好 and we agree.\n";
const MIXED_CLEAN: &str = "The report says 这个方案很好 and we agree.";

// ---------------------------------------------------------------------------------------
// Directory trees, summary, filters
// ---------------------------------------------------------------------------------------

#[test]
fn mirrored_tree_with_cleaned_documents_and_summary() {
    let tmp = TempDir::new().unwrap();
    let input = tmp.path().join("in");
    let out = tmp.path().join("out");
    put(&input, "a/b/c.txt", ZH);
    put(&input, "top.txt", MIXED);

    let r = clean_into(&input, &out, &[]);
    expect_code(&r, 0);
    assert_eq!(r.stdout, "", "nothing on stdout with -o");
    // Only the outputs and the summary: no temporary files left behind.
    assert_eq!(
        files_under(&out),
        set(&["a/b/c.txt.jsonl", "top.txt.jsonl", "zhen-summary.json"])
    );

    let c = read_jsonl(&out.join("a/b/c.txt.jsonl"));
    assert_eq!(c.len(), 1);
    assert_eq!(c[0]["id"], "a/b/c.txt");
    assert_eq!(c[0]["text"], ZH_CLEAN);
    assert_eq!(c[0]["lang"], "zh");
    assert_eq!(c[0]["mixed"], false);
    assert_eq!(c[0]["shares"], json!({"zh": 1.0}));
    let spans = check_spans(ZH_CLEAN, &c[0]["spans"], Some(ZH), false);
    assert_eq!(spans, [ZH_CLEAN]);
    assert_eq!(
        c[0]["spans"][0]["embedded"],
        json!([{"lang": "en", "start": 4, "end": 14, "src_start": 3, "src_end": 13}])
    );

    let top = read_jsonl(&out.join("top.txt.jsonl"));
    assert_eq!(top.len(), 1);
    assert_eq!(top[0]["id"], "top.txt");
    assert_eq!(top[0]["text"], MIXED_CLEAN);
    assert_eq!(top[0]["lang"], "en");
    assert_eq!(top[0]["mixed"], true);
    check_spans(MIXED_CLEAN, &top[0]["spans"], Some(MIXED), false);
    assert_eq!(
        lang_texts(&top[0], MIXED_CLEAN, false),
        [
            ("en".to_string(), "The report says".to_string()),
            ("zh".to_string(), "这个方案很好".to_string()),
            ("en".to_string(), "and we agree.".to_string()),
        ]
    );
    let foreign: Vec<bool> = top[0]["spans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["foreign"].as_bool().unwrap())
        .collect();
    assert_eq!(foreign, [false, true, false]);

    let s = summary(&out);
    assert_eq!(s["files"], 2);
    assert_eq!(s["failed_files"], 0);
    assert_eq!(s["skipped_files"], 0);
    assert_eq!(s["documents"], 2);
    assert_eq!(s["skipped_records"], 0);
    assert_eq!(s["mixed_documents"], 1);
    assert_eq!(s["foreign_spans"], 1);
    assert_eq!(s["replaced_chars"], 0);
    assert_eq!(s["errors"], json!([]));
    let shares = s["shares"].as_object().unwrap();
    assert_eq!(
        shares.keys().cloned().collect::<BTreeSet<_>>(),
        set(&["en", "zh"])
    );
    let total: f64 = shares.values().map(|v| v.as_f64().unwrap()).sum();
    assert!((total - 1.0).abs() < 1e-3, "shares sum to {total}");
    assert_eq!(
        s["letters"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect::<BTreeSet<_>>(),
        set(&["en", "zh"])
    );
    let written: u64 = ["a/b/c.txt.jsonl", "top.txt.jsonl"]
        .iter()
        .map(|f| fs::metadata(out.join(f)).unwrap().len())
        .sum();
    assert_eq!(
        u(&s["bytes_out"]),
        written,
        "bytes_out is the size of the outputs"
    );
    assert!(u(&s["bytes_in"]) > 0);
    assert!(s["elapsed_s"].is_number() && s["mb_per_s"].is_number());
    // The summary line on stderr.
    assert!(
        r.stderr
            .contains("2 files (0 failed, 0 skipped), 2 documents"),
        "{}",
        r.stderr
    );
}

/// `-j` far beyond the files starts no more threads than there are files: a run of three
/// small files with `-j 100000` finishes, as with `-j 1`.
#[test]
fn jobs_beyond_the_files_start_no_more_threads() {
    let tmp = TempDir::new().unwrap();
    let input = tmp.path().join("in");
    for name in ["a.txt", "b.txt", "c.txt"] {
        put(&input, name, ZH);
    }
    // (A hundred thousand threads took minutes, or hung.)
    let r = clean_into(&input, &tmp.path().join("out"), &["-j", "100000", "-q"]);
    expect_code(&r, 0);
    assert_eq!(u(&summary(&tmp.path().join("out"))["files"]), 3);
}

/// An output past the file size limit (`ulimit -f`) is that file's error, `File too
/// large`: the run goes on with the other files and writes its summary, instead of being
/// killed by SIGXFSZ.
#[cfg(unix)]
#[test]
fn an_output_past_the_file_size_limit_fails_that_file_alone() {
    let tmp = TempDir::new().unwrap();
    let input = tmp.path().join("in");
    put(&input, "big.txt", ZH.repeat(2000));
    put(&input, "small.txt", "你好");
    let out = tmp.path().join("out");
    // (`ulimit -f 8`: 8 blocks of 512 bytes, 4 KiB.)
    let status = Command::new("sh")
        .arg("-c")
        .arg("ulimit -f 8; exec \"$0\" clean \"$1\" -o \"$2\" -q")
        .arg(env!("CARGO_BIN_EXE_zhen"))
        .arg(&input)
        .arg(&out)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&status.stderr);
    assert_eq!(status.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("big.txt.jsonl: File too large"), "{stderr}");
    let s = summary(&out);
    assert_eq!(u(&s["failed_files"]), 1, "{s}");
    assert!(out.join("small.txt.jsonl").is_file());
}

/// A panic while cleaning a document (a bug; injected here, in a debug build) fails that
/// file alone, named with the line, and leaves no output of it; the run goes on, in each
/// command that cleans.
/// (The fault is injected only in a debug build, as `cargo test` builds the binary.)
#[cfg(debug_assertions)]
#[test]
fn a_panic_in_one_document_fails_that_file_alone() {
    let tmp = TempDir::new().unwrap();
    let input = tmp.path().join("in");
    put(&input, "a.txt", "第一行\n坏掉的一行\n");
    put(&input, "b.txt", "你好");
    let out = tmp.path().join("out");
    let faulty = |args: &[&OsStr]| {
        zhen()
            .env("ZHEN_TEST_PANIC_ON", "坏掉")
            .args(args)
            .args(["--unit", "line", "-j", "1"])
            .stdin(Stdio::null())
            .output()
            .unwrap()
    };
    let r = faulty(&[
        OsStr::new("clean"),
        input.as_os_str(),
        OsStr::new("-o"),
        out.as_os_str(),
    ]);
    let stderr = String::from_utf8_lossy(&r.stderr);
    assert_eq!(r.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("a.txt: line 2") && stderr.contains("internal error"),
        "{stderr}"
    );
    assert_eq!(
        files_under(&out),
        set(&["b.txt.jsonl", "zhen-summary.json"])
    );
    // To standard output, the documents before it are written, and the next file.
    let r = faulty(&[
        OsStr::new("clean"),
        input.as_os_str(),
        OsStr::new("--format"),
        OsStr::new("text"),
    ]);
    let stderr = String::from_utf8_lossy(&r.stderr);
    assert_eq!(r.status.code(), Some(1), "{stderr}");
    assert_eq!(String::from_utf8_lossy(&r.stdout), "第一行\n你好\n");
    assert!(stderr.contains("a.txt: line 2"), "{stderr}");
    // `zhen stats` and `zhen spans` fail the file the same way and go on.
    let r = faulty(&[OsStr::new("stats"), input.as_os_str(), OsStr::new("--json")]);
    let stderr = String::from_utf8_lossy(&r.stderr);
    assert_eq!(r.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("a.txt: line 2"), "{stderr}");
    let report: Value = serde_json::from_slice(&r.stdout).unwrap();
    assert_eq!(report["failed_files"], 1, "{report}");
    assert_eq!(report["files"], 2, "{report}");
    let r = faulty(&[OsStr::new("spans"), input.as_os_str()]);
    let stderr = String::from_utf8_lossy(&r.stderr);
    assert_eq!(r.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("a.txt: line 2"), "{stderr}");
    assert!(String::from_utf8_lossy(&r.stdout).contains("你好"));
}

/// An input whose output name is near the 255-byte limit is written: the temporary file
/// beside it, whose name is longer, must not fail with "File name too long".
#[cfg(unix)]
#[test]
fn an_output_name_near_the_length_limit_is_written() {
    let tmp = TempDir::new().unwrap();
    let input = tmp.path().join("in");
    let name = format!("{}a.txt", "长".repeat(77)); // 236 bytes; its output, 242
    put(&input, &name, ZH);
    let out = tmp.path().join("out");
    let r = clean_into(&input, &out, &["-q"]);
    expect_code(&r, 0);
    let docs = read_jsonl(&out.join(format!("{name}.jsonl")));
    assert_eq!(docs[0]["text"], ZH_CLEAN);
}

/// `bytes_in` is documented as the bytes of text read, and drives `mb_per_s`: for plain
/// UTF-8 files it must be the size of the input files.
#[test]
fn summary_bytes_in_is_the_input_size() {
    let tmp = TempDir::new().unwrap();
    let input = tmp.path().join("in");
    let out = tmp.path().join("out");
    let a = put(&input, "a.txt", ZH);
    let b = put(&input, "sub/b.txt", "第一段\n\n第二段 with words.\n\n");
    let r = clean_into(&input, &out, &[]);
    expect_code(&r, 0);
    let size = fs::metadata(a).unwrap().len() + fs::metadata(b).unwrap().len();
    assert_eq!(
        u(&summary(&out)["bytes_in"]),
        size,
        "bytes_in should equal the total input size"
    );
}

#[test]
fn hidden_files_are_skipped_and_glob_exclude_filter() {
    let tmp = TempDir::new().unwrap();
    let input = tmp.path().join("in");
    put(&input, "keep.txt", ZH);
    put(&input, "notes.md", MIXED);
    put(&input, "sub/also.txt", ZH);
    put(&input, "sub/drop_me.txt", ZH);
    put(&input, ".hidden.txt", ZH);
    put(&input, ".git/config.txt", ZH);
    put(&input, "sub/.cache/x.txt", ZH);

    let out = tmp.path().join("all");
    let r = clean_into(&input, &out, &[]);
    expect_code(&r, 0);
    assert_eq!(
        files_under(&out),
        set(&[
            "keep.txt.jsonl",
            "notes.md.jsonl",
            "sub/also.txt.jsonl",
            "sub/drop_me.txt.jsonl",
            "zhen-summary.json"
        ])
    );
    assert_eq!(summary(&out)["files"], 4);

    let out = tmp.path().join("filtered");
    let r = clean_into(&input, &out, &["--glob", "*.txt", "--exclude", "drop_*"]);
    expect_code(&r, 0);
    assert_eq!(
        files_under(&out),
        set(&["keep.txt.jsonl", "sub/also.txt.jsonl", "zhen-summary.json"])
    );
    let s = summary(&out);
    assert_eq!(s["files"], 2);
    assert_eq!(s["documents"], 2);

    // A pattern with a slash matches the relative path.
    let out = tmp.path().join("sub_only");
    let r = clean_into(&input, &out, &["--glob", "sub/*"]);
    expect_code(&r, 0);
    assert_eq!(
        files_under(&out),
        set(&[
            "sub/also.txt.jsonl",
            "sub/drop_me.txt.jsonl",
            "zhen-summary.json"
        ])
    );

    // A star matches within a name (`s*` is no `sub/also.txt`), and a directory that
    // `--exclude` names is left out whole, by its name or as `dir/**`, as ripgrep leaves it.
    let kept = |args: &[&str]| {
        let out = tmp
            .path()
            .join(format!("kept{}", args.join("_").replace(['*', '/'], "-")));
        expect_code(&clean_into(&input, &out, args), 0);
        files_under(&out)
    };
    assert_eq!(kept(&["--glob", "s*"]), set(&["zhen-summary.json"]));
    for exclude in ["sub", "sub/", "sub/**", "s*"] {
        assert_eq!(
            kept(&["--exclude", exclude]),
            set(&["keep.txt.jsonl", "notes.md.jsonl", "zhen-summary.json"]),
            "{exclude}"
        );
    }

    // A file named on the command line is read whatever the globs say, as in ripgrep.
    let out = tmp.path().join("named");
    let r = clean_into(
        &input.join("notes.md"),
        &out,
        &["--glob", "*.txt", "--exclude", "notes*"],
    );
    expect_code(&r, 0);
    assert_eq!(
        files_under(&out),
        set(&["notes.md.jsonl", "zhen-summary.json"])
    );
}

// ---------------------------------------------------------------------------------------
// Output formats and offsets
// ---------------------------------------------------------------------------------------

#[test]
fn text_segmented_and_spans_formats() {
    let tmp = TempDir::new().unwrap();
    let zh = put(tmp.path(), "zh.txt", ZH);
    let mixed = put(tmp.path(), "mixed.txt", MIXED);
    let args = |format: &str, extra: &[&str]| {
        let mut v: Vec<PathBuf> = vec!["clean".into(), zh.clone(), mixed.clone()];
        v.push("--format".into());
        v.push(format.into());
        v.extend(extra.iter().map(PathBuf::from));
        v
    };

    let r = run(args("text", &[]));
    expect_code(&r, 0);
    assert_eq!(r.stdout, format!("{ZH_CLEAN}\n{MIXED_CLEAN}\n"));

    let r = run(args("segmented", &[]));
    expect_code(&r, 0);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{:?}", r.stdout);
    assert_eq!(lines[0], "我们 用 Kubernetes 部署 了 服务 。");
    // Segmenting only inserts spaces into the Chinese spans.
    assert!(lines[1].starts_with("The report says ") && lines[1].ends_with(" and we agree."));
    assert_eq!(lines[1].replace(' ', ""), MIXED_CLEAN.replace(' ', ""));
    assert!(lines[1].contains("这个 方案"), "{}", lines[1]);

    for (extra, bytes) in [(&[][..], false), (&["--offsets", "bytes"][..], true)] {
        let r = run(args("spans", extra));
        expect_code(&r, 0);
        let mut rows = Vec::new();
        for line in r.stdout.lines() {
            let cols: Vec<&str> = line.split('\t').collect();
            assert_eq!(cols.len(), 6, "id lang start end foreign text: {line:?}");
            let (start, end) = (cols[2].parse().unwrap(), cols[3].parse().unwrap());
            // The id names the file: its name, or a path ending in it.
            let is = |name: &str| cols[0] == name || cols[0].ends_with(&format!("/{name}"));
            let (name, text) = if is("zh.txt") {
                ("zh.txt", ZH_CLEAN)
            } else if is("mixed.txt") {
                ("mixed.txt", MIXED_CLEAN)
            } else {
                panic!("unexpected id {:?} in {line:?}", cols[0]);
            };
            assert_eq!(slice(text, start, end, bytes), cols[5], "{line:?}");
            rows.push(format!("{name}\t{}", cols[1..].join("\t")));
        }
        let expected = if bytes {
            [
                "zh.txt\tzh\t0\t39\tfalse\t我们用 Kubernetes 部署了服务。",
                "mixed.txt\ten\t0\t15\tfalse\tThe report says",
                "mixed.txt\tzh\t16\t34\ttrue\t这个方案很好",
                "mixed.txt\ten\t35\t48\tfalse\tand we agree.",
            ]
        } else {
            [
                "zh.txt\tzh\t0\t21\tfalse\t我们用 Kubernetes 部署了服务。",
                "mixed.txt\ten\t0\t15\tfalse\tThe report says",
                "mixed.txt\tzh\t16\t22\ttrue\t这个方案很好",
                "mixed.txt\ten\t23\t36\tfalse\tand we agree.",
            ]
        };
        assert_eq!(rows, expected);
    }
}

#[test]
fn offsets_in_chars_and_bytes_slice_the_same_text() {
    let tmp = TempDir::new().unwrap();
    let source = "说Anthropic对外宣称的$300亿,we have底气 to say so.\n\n第二段：用Ｒｕｓｔ写的ＣＬＩ工具 is fast.\n";
    let f = put(tmp.path(), "doc.txt", source);

    let chars = run([OsStr::new("clean"), f.as_os_str()]);
    let bytes = run([
        OsStr::new("clean"),
        f.as_os_str(),
        "--offsets".as_ref(),
        "bytes".as_ref(),
    ]);
    expect_code(&chars, 0);
    expect_code(&bytes, 0);
    let (c, b) = (parse_lines(&chars.stdout), parse_lines(&bytes.stdout));
    assert_eq!((c.len(), b.len()), (1, 1));
    let text = c[0]["text"].as_str().unwrap();
    assert_eq!(
        b[0]["text"], text,
        "the offset unit does not change the text"
    );

    let in_chars = check_spans(text, &c[0]["spans"], None, false);
    let in_bytes = check_spans(text, &b[0]["spans"], None, true);
    assert_eq!(in_chars, in_bytes);
    assert_ne!(
        c[0]["spans"], b[0]["spans"],
        "offsets differ for non-ASCII text"
    );

    // Source offsets, in each unit, slice the source to the same characters. Full-width
    // letters are folded by cleaning, so compare after folding them.
    let fold = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .map(|c| match c {
                'Ａ'..='Ｚ' | 'ａ'..='ｚ' => char::from_u32(c as u32 - 0xFEE0).unwrap(),
                c => c,
            })
            .collect()
    };
    for (doc, unit_bytes) in [(&c[0], false), (&b[0], true)] {
        for span in doc["spans"].as_array().unwrap() {
            let body = slice(text, u(&span["start"]), u(&span["end"]), unit_bytes);
            let src = slice(
                source,
                u(&span["src_start"]),
                u(&span["src_end"]),
                unit_bytes,
            );
            assert_eq!(fold(&src), fold(&body), "span {span}");
            for w in span["words"].as_array().unwrap() {
                slice(text, u(&w[0]), u(&w[1]), unit_bytes);
            }
        }
    }
    assert!(text.contains("说 Anthropic 对外"), "{text}");
    assert!(text.contains("Rust"), "full-width letters folded: {text}");
}

// ---------------------------------------------------------------------------------------
// JSON-lines input
// ---------------------------------------------------------------------------------------

#[test]
fn jsonl_records_pass_through_with_text_cleaned_and_annotations() {
    let tmp = TempDir::new().unwrap();
    let input = tmp.path().join("in");
    let out = tmp.path().join("out");
    put(
        &input,
        "d.jsonl",
        concat!(
            r#"{"url":"http://x.org/a?b=1","id":"d1","text":"用Kubernetes部署","meta":{"n":1,"tags":["b","a"],"f":1.5,"z":null},"zhen":"old"}"#,
            "\n",
            r#"{"text":"The report says 这个方案很好 and we agree.","score":0.25,"id":7}"#,
            "\n\n",
            r#"{"z_last":true,"a_first":false,"text":"纯中文","id":"d3"}"#,
            "\n",
        ),
    );
    let r = clean_into(&input, &out, &[]);
    expect_code(&r, 0);
    let recs = read_jsonl(&out.join("d.jsonl.jsonl"));
    assert_eq!(recs.len(), 3);

    let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&recs[0]), ["url", "id", "text", "meta", "zhen"]);
    assert_eq!(recs[0]["url"], "http://x.org/a?b=1");
    assert_eq!(recs[0]["id"], "d1");
    assert_eq!(recs[0]["text"], "用 Kubernetes 部署");
    assert_eq!(
        recs[0]["meta"],
        json!({"n": 1, "tags": ["b", "a"], "f": 1.5, "z": null})
    );
    assert_eq!(keys(&recs[0]["meta"]), ["n", "tags", "f", "z"]);
    // The old `zhen` value is replaced by the annotations.
    let z = &recs[0]["zhen"];
    assert_eq!(keys(z), ["lang", "mixed", "shares", "spans"]);
    assert_eq!(z["lang"], "zh");
    assert_eq!(z["mixed"], false);
    let spans = check_spans(
        "用 Kubernetes 部署",
        &z["spans"],
        Some("用Kubernetes部署"),
        false,
    );
    assert_eq!(spans, ["用 Kubernetes 部署"]);

    assert_eq!(keys(&recs[1]), ["text", "score", "id", "zhen"]);
    assert_eq!(recs[1]["score"], 0.25);
    assert_eq!(recs[1]["id"], 7);
    assert_eq!(recs[1]["text"], MIXED_CLEAN);
    assert_eq!(recs[1]["zhen"]["lang"], "en");
    assert_eq!(recs[1]["zhen"]["mixed"], true);
    let spans = check_spans(MIXED_CLEAN, &recs[1]["zhen"]["spans"], Some(MIXED), false);
    assert_eq!(spans, ["The report says", "这个方案很好", "and we agree."]);

    assert_eq!(keys(&recs[2]), ["z_last", "a_first", "text", "id", "zhen"]);
    assert_eq!(recs[2]["text"], "纯中文");

    // The raw line keeps the input's field order and values byte for byte up to `text`.
    let raw = fs::read_to_string(out.join("d.jsonl.jsonl")).unwrap();
    assert!(
        raw.starts_with(r#"{"url":"http://x.org/a?b=1","id":"d1","text":"用 Kubernetes 部署","meta":{"n":1,"tags":["b","a"],"f":1.5,"z":null},"zhen":{"#),
        "{raw}"
    );
    let s = summary(&out);
    assert_eq!(s["documents"], 3);
    assert_eq!(s["skipped_records"], 0);
}

/// A `.json` file that is one pretty-printed array of records is cleaned as JSON lines
/// are: one record a line out, its fields compacted, a record without an id numbered by its
/// place, and a record that is not one reported where it starts and skipped.
#[test]
fn a_json_array_of_records_is_cleaned_record_by_record() {
    let tmp = TempDir::new().unwrap();
    let input = tmp.path().join("in");
    let out = tmp.path().join("out");
    let records = json!([
        {"instruction": "翻译成英文", "text": "用Kubernetes部署", "meta": {"tags": ["a", "b]"]}},
        "not a record",
        {"id": "x9", "text": "The report says 这个方案很好 and we agree."}
    ]);
    put(
        &input,
        "data.json",
        serde_json::to_string_pretty(&records).unwrap(),
    );
    let r = clean_into(&input, &out, &[]);
    expect_code(&r, 0);
    assert!(
        r.stderr
            .contains("data.json: line 12, byte 156: not a JSON object"),
        "{}",
        r.stderr
    );
    let raw = fs::read_to_string(out.join("data.json.jsonl")).unwrap();
    assert!(
        raw.starts_with(r#"{"instruction":"翻译成英文","text":"用 Kubernetes 部署","meta":{"tags":["a","b]"]},"zhen":{"#),
        "{raw}"
    );
    let recs = read_jsonl(&out.join("data.json.jsonl"));
    assert_eq!(recs.len(), 2);
    assert_eq!(recs[1]["id"], "x9");
    assert_eq!(recs[1]["text"], MIXED_CLEAN);
    let spans = check_spans(MIXED_CLEAN, &recs[1]["zhen"]["spans"], Some(MIXED), false);
    assert_eq!(spans, ["The report says", "这个方案很好", "and we agree."]);
    let s = summary(&out);
    assert_eq!(s["documents"], 2);
    assert_eq!(s["skipped_records"], 1);
    // `zhen spans` reads the array alike.
    let r = run(["spans".as_ref(), input.join("data.json").as_os_str()]);
    expect_code(&r, 0);
    assert!(r.stdout.contains("2 documents"), "{}", r.stdout);
}

/// A single pretty-printed record (`json.dump(record, f, indent=2)`) and pretty-printed
/// records one after another (`jq .`) are cleaned record by record, not line by line.
#[test]
fn pretty_printed_records_are_cleaned_as_records() {
    let tmp = TempDir::new().unwrap();
    let input = tmp.path().join("in");
    let out = tmp.path().join("out");
    let one = json!({"id": "x9", "text": MIXED, "meta": {"n": [1, 2]}});
    put(
        &input,
        "one.json",
        serde_json::to_string_pretty(&one).unwrap(),
    );
    let jq: String = [json!({"text": "用Kubernetes部署"}), one]
        .iter()
        .map(|r| serde_json::to_string_pretty(r).unwrap() + "\n")
        .collect();
    put(&input, "jq.json", jq);
    let r = clean_into(&input, &out, &[]);
    expect_code(&r, 0);
    assert!(!r.stderr.contains("line "), "{}", r.stderr);
    let single = read_jsonl(&out.join("one.json.jsonl"));
    assert_eq!(single.len(), 1);
    assert_eq!(single[0]["text"], MIXED_CLEAN);
    assert_eq!(single[0]["meta"], json!({"n": [1, 2]}));
    let stream = read_jsonl(&out.join("jq.json.jsonl"));
    assert_eq!(stream.len(), 2);
    assert_eq!(stream[0]["text"], "用 Kubernetes 部署");
    assert_eq!(stream[1]["id"], "x9");
    assert_eq!(summary(&out)["documents"], 3);
}

/// The fields other than the text pass through as written: numbers keep their digits and
/// their form, escapes and the spacing inside nested values stay; the id is read from them.
#[test]
fn jsonl_fields_pass_through_as_written() {
    let tmp = TempDir::new().unwrap();
    let input = tmp.path().join("in");
    let out = tmp.path().join("out");
    let fields = concat!(
        r#"{"id":12345678901234567890123,"f":0.1000000000000000055511151231257827,"n":-0,"#,
        r#""e":1E5,"s":"caf\u00e9 \ud800","m":{"a": [1, 2.50]},"#
    );
    put(
        &input,
        "n.jsonl",
        format!("{fields}\"text\":\"用Rust写\"}}\n"),
    );
    let dolma = tmp.path().join("dolma");
    let r = clean_into(&input, &dolma, &["--format", "dolma"]);
    expect_code(&r, 0);
    // (dolma's id is a string: a number's digits become one.)
    let raw = fs::read_to_string(dolma.join("documents/n.jsonl.jsonl")).unwrap();
    let inner = fields[1..fields.len() - 1]
        .replace("12345678901234567890123", r#""12345678901234567890123""#);
    assert!(raw.ends_with(&format!("{inner}}}\n")), "{raw}");
    let attributes = fs::read_to_string(dolma.join("attributes/zhen/n.jsonl.jsonl")).unwrap();
    assert!(
        attributes.starts_with(r#"{"id":"12345678901234567890123","#),
        "{attributes}"
    );
    let r = clean_into(&input, &out, &[]);
    expect_code(&r, 0);
    let raw = fs::read_to_string(out.join("n.jsonl.jsonl")).unwrap();
    assert!(raw.starts_with(fields), "{raw}");
    assert!(raw.contains(r#""text":"用 Rust 写","zhen":{"#), "{raw}");
}

/// A dolma document and its attributes carry the same id, byte for byte, which dolma joins
/// them on: the record's `id` as written (a number as a string, which dolma asks for), else
/// its `--id-field` or line number as a string.
#[test]
fn dolma_attributes_carry_the_documents_id() {
    let tmp = TempDir::new().unwrap();
    let input = tmp.path().join("in");
    put(
        &input,
        "r.jsonl",
        concat!(
            r#"{"id":"A","doc_id":"B","text":"x"}"#,
            "\n",
            r#"{"id":"\uD800","text":"y"}"#,
            "\n",
            r#"{"id":1e400,"text":"z"}"#,
            "\n",
            r#"{"text":"w"}"#,
            "\n",
            r#"{"doc_id":{"k":1},"text":"v"}"#,
            "\n",
            r#"{"doc_id":null,"text":"u"}"#,
            "\n",
        ),
    );
    let out = tmp.path().join("out");
    let r = clean_into(&input, &out, &["--format", "dolma", "--id-field", "doc_id"]);
    expect_code(&r, 0);
    let docs = fs::read_to_string(out.join("documents/r.jsonl.jsonl")).unwrap();
    let attrs = fs::read_to_string(out.join("attributes/zhen/r.jsonl.jsonl")).unwrap();
    // (An `--id-field` that is no string is written as its JSON text in a string too; a
    // lone surrogate, which strict readers reject, is U+FFFD.)
    let ids: Vec<&str> = [
        r#""A""#,
        "\"\u{FFFD}\"",
        r#""1e400""#,
        r#""4""#,
        r#""{\"k\":1}""#,
        r#""null""#,
    ]
    .to_vec();
    for ((doc, attr), id) in docs.lines().zip(attrs.lines()).zip(&ids) {
        assert!(doc.contains(&format!(r#""id":{id}"#)), "{doc}");
        assert!(attr.starts_with(&format!(r#"{{"id":{id},"#)), "{attr}");
    }
    assert_eq!(attrs.lines().count(), ids.len());
}

#[test]
fn jsonl_text_field_and_id_field() {
    let tmp = TempDir::new().unwrap();
    let f = put(
        tmp.path(),
        "c.jsonl",
        concat!(
            r#"{"doc_id":"x1","content":"说Anthropic对外","text":"keep 原样Text"}"#,
            "\n",
            r#"{"content":"中文"}"#,
            "\n",
        ),
    );
    let base = [
        OsStr::new("clean"),
        f.as_os_str(),
        "--text-field".as_ref(),
        "content".as_ref(),
        "--id-field".as_ref(),
        "doc_id".as_ref(),
    ];
    let r = run(base);
    expect_code(&r, 0);
    let recs = parse_lines(&r.stdout);
    assert_eq!(recs.len(), 2);
    assert_eq!(recs[0]["content"], "说 Anthropic 对外");
    assert_eq!(
        recs[0]["text"], "keep 原样Text",
        "other fields are not cleaned"
    );
    assert_eq!(recs[0]["doc_id"], "x1");
    assert_eq!(recs[0]["zhen"]["lang"], "zh");
    check_spans(
        "说 Anthropic 对外",
        &recs[0]["zhen"]["spans"],
        Some("说Anthropic对外"),
        false,
    );
    assert_eq!(recs[1]["content"], "中文");

    // The id field names the documents (the line number when absent).
    let r = run(base
        .iter()
        .chain(&[OsStr::new("--format"), "spans".as_ref()]));
    expect_code(&r, 0);
    assert_eq!(
        r.stdout,
        "x1\tzh\t0\t14\tfalse\t说 Anthropic 对外\n2\tzh\t0\t2\tfalse\t中文\n"
    );
    // The text field is no id.
    let r = run([
        "clean".as_ref(),
        f.as_os_str(),
        "--id-field".as_ref(),
        "text".as_ref(),
    ]);
    expect_code(&r, 2);
    assert!(r.stderr.contains("--id-field both name `text`"), "{r:#?}");
}

/// A malformed line is reported (file and line number) and skipped; the other records are
/// written. The code counts it in `skipped_records` and does not fail the file, so the
/// exit code is 0.
#[test]
fn malformed_json_line_is_reported_and_skipped() {
    let tmp = TempDir::new().unwrap();
    let input = tmp.path().join("in");
    let out = tmp.path().join("out");
    let content = concat!(
        r#"{"id":"d1","text":"第一条"}"#,
        "\n",
        "{not json\n",
        r#"{"id":"d3","text":"第三条 third"}"#,
        "\n",
    );
    put(&input, "bad.jsonl", content);
    let r = clean_into(&input, &out, &[]);
    expect_code(&r, 0);
    assert!(
        r.stderr.contains("bad.jsonl: line 2") && r.stderr.contains("malformed JSON"),
        "stderr: {}",
        r.stderr
    );
    let recs = read_jsonl(&out.join("bad.jsonl.jsonl"));
    let ids: Vec<&str> = recs.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["d1", "d3"]);
    assert_eq!(recs[1]["text"], "第三条 third");
    let s = summary(&out);
    assert_eq!(s["documents"], 2);
    assert_eq!(s["skipped_records"], 1);
    assert_eq!(s["failed_files"], 0);
    let errors = s["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0]["file"].as_str().unwrap().ends_with("bad.jsonl"));
    assert!(errors[0]["reason"].as_str().unwrap().contains("line 2"));

    // The same to standard output.
    let r = run([OsStr::new("clean"), input.join("bad.jsonl").as_os_str()]);
    expect_code(&r, 0);
    assert_eq!(parse_lines(&r.stdout).len(), 2);
    assert!(r.stderr.contains("bad.jsonl: line 2"), "{}", r.stderr);
}

/// A JSON-lines file none of whose records can be read (here its lines end with lone
/// `\r`s, so it is one malformed line) fails, with a message that says so, while the other
/// files of the run are written.
#[test]
fn a_json_lines_file_with_no_readable_record_fails() {
    let tmp = TempDir::new().unwrap();
    let input = tmp.path().join("in");
    let out = tmp.path().join("out");
    put(
        &input,
        "cr.jsonl",
        "{\"text\":\"中文a\"}\r{\"text\":\"b英文\"}\r",
    );
    put(&input, "ok.jsonl", "{\"text\":\"中文\"}\n");
    let r = clean_into(&input, &out, &[]);
    expect_code(&r, 1);
    assert!(r.stderr.contains("none of its 1 records"), "{}", r.stderr);
    assert!(!out.join("cr.jsonl.jsonl").exists());
    assert_eq!(read_jsonl(&out.join("ok.jsonl.jsonl")).len(), 1);
    let s = summary(&out);
    assert_eq!(s["failed_files"], 1);
    let r = run([OsStr::new("clean"), input.join("cr.jsonl").as_os_str()]);
    expect_code(&r, 1);
    assert!(r.stdout.is_empty());
    // The other subcommands read it as `clean` does: it fails there too.
    let r = run([OsStr::new("stats"), input.as_os_str(), "--json".as_ref()]);
    expect_code(&r, 1);
    let report: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        (
            report["failed_files"].as_u64(),
            report["documents"].as_u64()
        ),
        (Some(1), Some(1))
    );
    let spans = run([OsStr::new("spans"), input.as_os_str()]);
    let bench = run([
        OsStr::new("bench"),
        input.as_os_str(),
        "--runs".as_ref(),
        "1".as_ref(),
    ]);
    for r in [spans, bench] {
        expect_code(&r, 1);
        assert!(r.stderr.contains("none of its 1 records"), "{}", r.stderr);
    }
}

/// `stats` counts the invalid bytes it replaced under `--lossy`, as `clean` does.
#[test]
fn stats_counts_replaced_characters() {
    let tmp = TempDir::new().unwrap();
    let f = put(tmp.path(), "a.txt", b"ok \xFF\xFE bad \xFF\n");
    let r = run([
        OsStr::new("stats"),
        f.as_os_str(),
        "--lossy".as_ref(),
        "--json".as_ref(),
    ]);
    expect_code(&r, 0);
    let report: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(report["replaced_chars"], 3, "{report}");
}

/// `stats` counts a file that fails as `clean` counts it: failed, none of its documents.
#[test]
fn stats_counts_a_failed_file_as_clean_does() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("in");
    put(&dir, "a.txt", b"\xE4\xB8\x80\nok\nok\nbad \xFF\n");
    put(&dir, "b.txt", "中文");
    let counts = |json: &str| {
        let v: Value = serde_json::from_str(json).unwrap();
        (
            v["files"].clone(),
            v["failed_files"].clone(),
            v["documents"].clone(),
        )
    };
    let r = run([
        OsStr::new("stats"),
        dir.as_os_str(),
        "--unit".as_ref(),
        "line".as_ref(),
        "--json".as_ref(),
    ]);
    expect_code(&r, 1);
    assert_eq!(
        counts(&r.stdout),
        (json!(2), json!(1), json!(1)),
        "{}",
        r.stdout
    );
    let out = tmp.path().join("out");
    expect_code(&clean_into(&dir, &out, &["--unit", "line"]), 1);
    let summary = fs::read_to_string(out.join("zhen-summary.json")).unwrap();
    assert_eq!(counts(&summary), (json!(2), json!(1), json!(1)));
    // And an input that is not there, named in its error.
    let missing = tmp.path().join("missing.txt");
    let r = run([
        OsStr::new("stats"),
        dir.join("b.txt").as_os_str(),
        missing.as_os_str(),
        "--json".as_ref(),
    ]);
    expect_code(&r, 1);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        (&v["files"], &v["failed_files"]),
        (&json!(2), &json!(1)),
        "{v}"
    );
    assert_eq!(v["errors"][0]["file"], json!(missing.display().to_string()));
    // And a JSON lines file none of whose records could be read: its skipped records.
    put(&dir, "c.jsonl", "{bad}\n{worse}\n");
    let c = dir.join("c.jsonl");
    let r = run([OsStr::new("stats"), c.as_os_str(), "--json".as_ref()]);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    let out = tmp.path().join("out_c");
    clean_into(&c, &out, &[]);
    let s = common::summary(&out);
    assert_eq!(
        (&v["skipped_records"], &v["failed_files"]),
        (&s["skipped_records"], &s["failed_files"])
    );
    assert_eq!(v["skipped_records"], 2, "{v}");
}

#[test]
fn lone_surrogate_escape_becomes_replacement_character() {
    let tmp = TempDir::new().unwrap();
    let f = put(
        tmp.path(),
        "s.jsonl",
        concat!(
            r#"{"id":"s1","text":"中文\ud800文本 ok"}"#,
            "\n",
            r#"{"id":"s2","text":"表情\ud83d\ude00和 \\ud800 字面"}"#,
            "\n",
        ),
    );
    let r = run([OsStr::new("clean"), f.as_os_str()]);
    expect_code(&r, 0);
    // Not an error: only counted.
    assert_eq!(
        r.stderr,
        "zhen: 2 documents, 0 records skipped, 1 invalid characters replaced\n"
    );
    let recs = parse_lines(&r.stdout);
    assert_eq!(recs.len(), 2);
    assert_eq!(recs[0]["text"], "中文\u{FFFD}文本 ok");
    // A valid pair stays a character; an escaped backslash stays literal text.
    assert_eq!(recs[1]["text"], "表情😀和 \\ud800 字面");
    // A dolma id, which strict readers must take, has U+FFFD for its lone surrogate.
    let input = tmp.path().join("d");
    put(&input, "d.jsonl", r#"{"id":"a\ud800b","text":"中文"}"#);
    let out = tmp.path().join("dolma");
    let r = clean_into(&input, &out, &["--format", "dolma"]);
    expect_code(&r, 0);
    for file in ["documents/d.jsonl.jsonl", "attributes/zhen/d.jsonl.jsonl"] {
        for line in fs::read_to_string(out.join(file)).unwrap().lines() {
            assert!(line.contains("\"id\":\"a\u{FFFD}b\""), "{line}");
        }
    }
    // Documents and attributes go to two files: to one stream they are neither.
    let r = run([
        OsStr::new("clean"),
        input.join("d.jsonl").as_os_str(),
        "--format".as_ref(),
        "dolma".as_ref(),
    ]);
    expect_code(&r, 2);
    assert!(r.stderr.contains("--format dolma needs -o"), "{}", r.stderr);
}

// ---------------------------------------------------------------------------------------
// Encodings
// ---------------------------------------------------------------------------------------

#[test]
fn invalid_utf8_fails_that_file_only_and_lossy_replaces() {
    let tmp = TempDir::new().unwrap();
    let input = tmp.path().join("in");
    put(&input, "a.txt", "good 中文\n");
    put(
        &input,
        "b.txt",
        b"ok \xe4\xb8\xad\xe6\x96\x87\n\xff\xfe bad\nmore\n",
    );
    put(&input, "c.txt", ZH);

    let out = tmp.path().join("strict");
    let r = clean_into(&input, &out, &[]);
    expect_code(&r, 1);
    assert!(
        r.stderr.contains("b.txt: line 2, byte 10: invalid UTF-8"),
        "stderr: {}",
        r.stderr
    );
    assert_eq!(
        files_under(&out),
        set(&["a.txt.jsonl", "c.txt.jsonl", "zhen-summary.json"]),
        "no output (and no temporary file) for the failed file"
    );
    assert_eq!(read_jsonl(&out.join("c.txt.jsonl"))[0]["text"], ZH_CLEAN);
    let s = summary(&out);
    assert_eq!(s["files"], 3);
    assert_eq!(s["failed_files"], 1);
    assert_eq!(s["documents"], 2);
    let errors = s["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1);
    assert!(errors[0]["file"].as_str().unwrap().ends_with("b.txt"));
    assert!(errors[0]["reason"].as_str().unwrap().contains("byte 10"));

    let out = tmp.path().join("lossy");
    let r = clean_into(&input, &out, &["--lossy"]);
    expect_code(&r, 0);
    let b = read_jsonl(&out.join("b.txt.jsonl"));
    assert_eq!(b[0]["text"], "ok 中文\n\u{FFFD}\u{FFFD} bad\nmore");
    let s = summary(&out);
    assert_eq!(s["failed_files"], 0);
    assert_eq!(s["documents"], 3);
    assert_eq!(s["replaced_chars"], 2);
    assert_eq!(s["errors"], json!([]));
}

const GB18030_SENTENCE: &str = "机器翻译的文章里常常留下没有翻译的中文句子，我们需要把它们找出来。";
/// `GB18030_SENTENCE.encode('gb18030')`.
const GB18030_BYTES: &[u8] = b"\xbb\xfa\xc6\xf7\xb7\xad\xd2\xeb\xb5\xc4\xce\xc4\xd5\xc2\xc0\xef\xb3\xa3\xb3\xa3\xc1\xf4\xcf\xc2\xc3\xbb\xd3\xd0\xb7\xad\xd2\xeb\xb5\xc4\xd6\xd0\xce\xc4\xbe\xe4\xd7\xd3\xa3\xac\xce\xd2\xc3\xc7\xd0\xe8\xd2\xaa\xb0\xd1\xcb\xfc\xc3\xc7\xd5\xd2\xb3\xf6\xc0\xb4\xa1\xa3";
const BIG5_SENTENCE: &str = "機器翻譯的文章裡常常留下沒有翻譯的中文句子，我們需要把它們找出來。";
/// `BIG5_SENTENCE.encode('big5')`.
const BIG5_BYTES: &[u8] = b"\xbe\xf7\xbe\xb9\xc2\xbd\xc4\xb6\xaa\xba\xa4\xe5\xb3\xb9\xb8\xcc\xb1\x60\xb1\x60\xaf\x64\xa4\x55\xa8\x53\xa6\xb3\xc2\xbd\xc4\xb6\xaa\xba\xa4\xa4\xa4\xe5\xa5\x79\xa4\x6c\xa1\x41\xa7\xda\xad\xcc\xbb\xdd\xad\x6e\xa7\xe2\xa5\xa6\xad\xcc\xa7\xe4\xa5\x58\xa8\xd3\xa1\x43";

/// A UTF-8 file with a stray bad byte is UTF-8 to `--encoding auto` too, whatever its size
/// (the first MiB is read for detection, the rest streamed): the byte is reported where it
/// is, or replaced with `--lossy`, never read as windows-1252 mojibake.
#[test]
fn encoding_auto_reads_utf8_with_a_bad_byte_as_utf8() {
    let tmp = TempDir::new().unwrap();
    let line = "机器学习模型的 accuracy 达到了 95%。\n";
    for (name, lines) in [("small.txt", 2), ("big.txt", 40_000)] {
        let mut bytes = line.repeat(lines).into_bytes();
        let at = bytes.len() / 2 / line.len() * line.len();
        bytes.insert(at, 0xFF);
        let path = put(tmp.path(), name, &bytes);
        let args = |lossy: bool| {
            let mut a = vec![
                OsStr::new("clean"),
                path.as_os_str(),
                "--encoding".as_ref(),
                "auto".as_ref(),
                "--format".as_ref(),
                "text".as_ref(),
            ];
            if lossy {
                a.push("--lossy".as_ref());
            }
            a
        };
        let r = run(args(false));
        expect_code(&r, 1);
        let want = format!("line {}, byte {at}: invalid UTF-8", at / line.len() + 1);
        assert!(r.stderr.contains(&want), "{name}: {}", r.stderr);
        let r = run(args(true));
        expect_code(&r, 0);
        assert_eq!(r.stdout.matches('\u{FFFD}').count(), 1, "{name}");
        assert_eq!(r.stdout.matches("机器学习").count(), lines, "{name}");
    }
}

#[test]
fn gb18030_and_big5_are_detected_with_encoding_auto() {
    let tmp = TempDir::new().unwrap();
    let gb = put(tmp.path(), "gb.txt", [GB18030_BYTES, b"\n"].concat());
    let big5 = put(tmp.path(), "big5.txt", [BIG5_BYTES, b"\n"].concat());

    let r = run([
        OsStr::new("clean"),
        gb.as_os_str(),
        big5.as_os_str(),
        "--encoding".as_ref(),
        "auto".as_ref(),
        "--format".as_ref(),
        "text".as_ref(),
    ]);
    expect_code(&r, 0);
    assert_eq!(r.stdout, format!("{GB18030_SENTENCE}\n{BIG5_SENTENCE}\n"));

    // A named encoding works too, and the JSON spans index the decoded text.
    let r = run([
        OsStr::new("clean"),
        big5.as_os_str(),
        "--encoding".as_ref(),
        "big5".as_ref(),
    ]);
    expect_code(&r, 0);
    let d = parse_lines(&r.stdout);
    assert_eq!(d[0]["text"], BIG5_SENTENCE);
    check_spans(BIG5_SENTENCE, &d[0]["spans"], Some(BIG5_SENTENCE), false);

    // Without --encoding, GB18030 bytes are invalid UTF-8.
    let r = run([OsStr::new("clean"), gb.as_os_str()]);
    expect_code(&r, 1);
    assert!(
        r.stderr.contains("gb.txt") && r.stderr.contains("invalid UTF-8"),
        "{}",
        r.stderr
    );
}

#[test]
fn utf16le_with_bom_is_decoded_without_encoding_option() {
    let tmp = TempDir::new().unwrap();
    let mut bytes = vec![0xFF, 0xFE];
    for unit in "UTF16 文本用Rust写\n第二行".encode_utf16() {
        bytes.extend(unit.to_le_bytes());
    }
    let f = put(tmp.path(), "u16.txt", &bytes);
    let r = run([
        OsStr::new("clean"),
        f.as_os_str(),
        "--format".as_ref(),
        "text".as_ref(),
    ]);
    expect_code(&r, 0);
    assert_eq!(r.stdout, "UTF16 文本用 Rust 写\n第二行\n");

    let out = tmp.path().join("out");
    let r = clean_into(&f, &out, &[]);
    expect_code(&r, 0);
    assert_eq!(
        read_jsonl(&out.join("u16.txt.jsonl"))[0]["text"],
        "UTF16 文本用 Rust 写\n第二行"
    );
    assert_eq!(summary(&out)["skipped_files"], 0);
}

#[test]
fn binary_file_is_skipped_with_a_warning() {
    let tmp = TempDir::new().unwrap();
    let input = tmp.path().join("in");
    put(&input, "a.txt", ZH);
    put(
        &input,
        "blob.bin",
        b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00",
    );
    let out = tmp.path().join("out");
    let r = clean_into(&input, &out, &[]);
    expect_code(&r, 0);
    assert!(
        r.stderr.contains("warning") && r.stderr.contains("blob.bin"),
        "stderr: {}",
        r.stderr
    );
    assert_eq!(
        files_under(&out),
        set(&["a.txt.jsonl", "zhen-summary.json"])
    );
    let s = summary(&out);
    assert_eq!(s["files"], 2);
    assert_eq!(s["skipped_files"], 1);
    assert_eq!(s["failed_files"], 0);
    assert_eq!(s["documents"], 1);

    // To standard output as well.
    let r = run([
        OsStr::new("clean"),
        input.as_os_str(),
        "--format".as_ref(),
        "text".as_ref(),
    ]);
    expect_code(&r, 0);
    assert_eq!(r.stdout, format!("{ZH_CLEAN}\n"));
    assert!(r.stderr.contains("blob.bin"), "{}", r.stderr);
}

/// `spans` and `stats` read inputs like `clean`: a binary file in a corpus is skipped with a
/// warning there too, rather than failing the run.
#[test]
fn stats_and_spans_skip_binary_files_too() {
    let tmp = TempDir::new().unwrap();
    let input = tmp.path().join("in");
    put(&input, "a.txt", MIXED);
    put(&input, "blob.bin", b"\x00\x01\x02binary");
    let r = run([OsStr::new("stats"), input.as_os_str(), "--json".as_ref()]);
    let report: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(report["documents"], 1);
    assert_eq!(report["failed_files"], 0, "stats: {r:#?}");
    expect_code(&r, 0);
    let r = run([OsStr::new("spans"), input.as_os_str()]);
    assert!(r.stdout.contains("[[zh: 这个方案很好]]"), "{}", r.stdout);
    expect_code(&r, 0);
}

// ---------------------------------------------------------------------------------------
// Compression
// ---------------------------------------------------------------------------------------

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(bytes)
        .read_to_end(&mut out)
        .unwrap();
    out
}

/// gzip input is read as `gzip -d` reads it: NUL padding after the stream is no error;
/// other bytes after it are, with where they start.
#[test]
fn gzip_padding_is_read_and_trailing_data_named() {
    let tmp = TempDir::new().unwrap();
    let input = tmp.path().join("in");
    let gz = gzip("第一行 one\n第二行 two\n".as_bytes());
    put(&input, "padded.txt.gz", [gz.clone(), vec![0; 512]].concat());
    put(
        &input,
        "trailing.txt.gz",
        [gz.clone(), b"GARBAGE".to_vec()].concat(),
    );
    let out = tmp.path().join("out");
    let r = clean_into(&input, &out, &["-q", "--unit", "line"]);
    expect_code(&r, 1);
    assert_eq!(read_jsonl(&out.join("padded.txt.gz.jsonl")).len(), 2);
    let at = format!(
        "trailing.txt.gz: gzip data, byte {}: trailing data after the compressed stream",
        gz.len()
    );
    assert!(r.stderr.contains(&at), "{r:#?}");
    assert!(!out.join("trailing.txt.gz.jsonl").exists());
}

/// A compressed input whose stream is corrupt fails, even when what it decompresses to
/// before the damage looks binary: a skipped "binary file" (exit 0) would hide it.
#[test]
fn a_corrupt_compressed_input_fails_even_when_it_looks_binary() {
    let tmp = TempDir::new().unwrap();
    let input = tmp.path().join("in");
    let mut gz = gzip(&b"ab\0cd".repeat(1000));
    let crc = gz.len() - 8;
    gz[crc] ^= 0xFF;
    put(&input, "bad.bin.gz", gz);
    put(&input, "good.bin.gz", gzip(&b"ab\0cd".repeat(1000)));
    let out = tmp.path().join("out");
    let r = clean_into(&input, &out, &["-q"]);
    expect_code(&r, 1);
    // (With where in the compressed data reading stopped.)
    assert!(
        r.stderr.contains("bad.bin.gz: gzip data, byte ")
            && r.stderr.contains(": corrupt gzip stream"),
        "{r:#?}"
    );
    let s = summary(&out);
    assert_eq!(
        (u(&s["failed_files"]), u(&s["skipped_files"])),
        (1, 1),
        "{s}"
    );
}

#[test]
fn gz_and_zst_inputs_are_read_transparently() {
    let tmp = TempDir::new().unwrap();
    let input = tmp.path().join("in");
    let record = r#"{"id":"r1","text":"说Anthropic对外","keep":[1,2]}"#.to_string() + "\n";
    put(&input, "plain.txt", ZH);
    put(&input, "t.txt.gz", gzip(ZH.as_bytes()));
    put(
        &input,
        "t.txt.zst",
        zstd::encode_all(ZH.as_bytes(), 3).unwrap(),
    );
    // A skippable frame first, as `pzstd` writes, and no name to tell it.
    let mut skippable = vec![0x50, 0x2A, 0x4D, 0x18, 4, 0, 0, 0, 1, 2, 3, 4];
    skippable.extend(zstd::encode_all(ZH.as_bytes(), 3).unwrap());
    put(&input, "pzstd", skippable);
    put(&input, "r.jsonl.gz", gzip(record.as_bytes()));
    put(
        &input,
        "r.jsonl.zst",
        zstd::encode_all(record.as_bytes(), 3).unwrap(),
    );

    let out = tmp.path().join("out");
    let r = clean_into(&input, &out, &[]);
    expect_code(&r, 0);
    for name in ["plain.txt", "t.txt.gz", "t.txt.zst", "pzstd"] {
        let d = read_jsonl(&out.join(format!("{name}.jsonl")));
        assert_eq!(d.len(), 1, "{name}");
        assert_eq!(d[0]["text"], ZH_CLEAN, "{name}");
        assert_eq!(d[0]["id"], name);
        check_spans(ZH_CLEAN, &d[0]["spans"], Some(ZH), false);
    }
    for name in ["r.jsonl.gz", "r.jsonl.zst"] {
        let d = read_jsonl(&out.join(format!("{name}.jsonl")));
        assert_eq!(d.len(), 1, "{name}");
        assert_eq!(d[0]["id"], "r1");
        assert_eq!(
            d[0]["text"], "说 Anthropic 对外",
            "{name} is read as JSON lines"
        );
        assert_eq!(d[0]["keep"], json!([1, 2]));
        assert_eq!(d[0]["zhen"]["lang"], "zh");
    }
    assert_eq!(summary(&out)["documents"], 6);
}

/// The data says what it is: gzip named `.zst` is read, and so is zstd named `.gz`; text
/// named either fails with the format its name says.
#[test]
fn compressed_inputs_are_told_by_their_header() {
    let tmp = TempDir::new().unwrap();
    let input = tmp.path().join("in");
    put(&input, "g.txt.zst", gzip(ZH.as_bytes()));
    put(
        &input,
        "z.txt.gz",
        zstd::encode_all(ZH.as_bytes(), 3).unwrap(),
    );
    put(&input, "p.txt.zst", ZH);
    put(&input, "q.txt.gz", ZH);
    let out = tmp.path().join("out");
    let r = clean_into(&input, &out, &[]);
    expect_code(&r, 1);
    for name in ["g.txt.zst", "z.txt.gz"] {
        let d = read_jsonl(&out.join(format!("{name}.jsonl")));
        assert_eq!(d[0]["text"], ZH_CLEAN, "{name}");
    }
    assert!(
        r.stderr.contains("p.txt.zst: byte 0: not zstd data"),
        "{r:#?}"
    );
    assert!(
        r.stderr.contains("q.txt.gz: byte 0: not gzip data"),
        "{r:#?}"
    );
}

#[test]
fn compressed_outputs_decompress_to_the_plain_output() {
    let tmp = TempDir::new().unwrap();
    let input = tmp.path().join("in");
    put(&input, "a.txt", ZH);
    put(&input, "d/b.txt", MIXED);
    put(
        &input,
        "d/c.jsonl",
        r#"{"id":"c","text":"用Kubernetes部署"}"#.to_string() + "\n",
    );
    let outs: Vec<PathBuf> = ["plain", "gz", "zst"]
        .iter()
        .map(|n| tmp.path().join(n))
        .collect();
    for (out, compress) in outs.iter().zip([None, Some("gz"), Some("zst")]) {
        let mut args: Vec<&OsStr> = vec!["clean".as_ref(), input.as_os_str(), "-o".as_ref()];
        args.push(out.as_os_str());
        if let Some(c) = compress {
            args.extend([OsStr::new("--compress"), c.as_ref()]);
        }
        expect_code(&run(args), 0);
    }
    let plain = files_under(&outs[0]);
    assert_eq!(
        plain,
        set(&[
            "a.txt.jsonl",
            "d/b.txt.jsonl",
            "d/c.jsonl.jsonl",
            "zhen-summary.json"
        ])
    );
    for (out, ext) in [(&outs[1], "gz"), (&outs[2], "zst")] {
        let expected: BTreeSet<String> = plain
            .iter()
            .map(|f| {
                if f == "zhen-summary.json" {
                    f.clone()
                } else {
                    format!("{f}.{ext}")
                }
            })
            .collect();
        assert_eq!(files_under(out), expected);
        for f in plain.iter().filter(|f| f.ends_with(".jsonl")) {
            let want = fs::read(outs[0].join(f)).unwrap();
            let raw = fs::read(out.join(format!("{f}.{ext}"))).unwrap();
            let got = match ext {
                "gz" => gunzip(&raw),
                _ => zstd::decode_all(&raw[..]).unwrap(),
            };
            assert_eq!(
                String::from_utf8(got).unwrap(),
                String::from_utf8(want).unwrap(),
                "{f}.{ext}"
            );
        }
        let s = summary(out);
        assert_eq!(s["documents"], 3);
        let written: u64 = files_under(out)
            .iter()
            .filter(|f| *f != "zhen-summary.json")
            .map(|f| fs::metadata(out.join(f)).unwrap().len())
            .sum();
        assert_eq!(
            u(&s["bytes_out"]),
            written,
            "bytes_out counts compressed bytes"
        );
    }

    // --compress needs -o.
    let r = run([
        OsStr::new("clean"),
        input.join("a.txt").as_os_str(),
        "--compress".as_ref(),
        "gz".as_ref(),
    ]);
    expect_code(&r, 2);
    assert!(r.stderr.contains("--compress needs -o"), "{}", r.stderr);
}

/// `-o -` is standard output, as `-` is standard input: the same lines as without `-o`, and
/// no directory named `-`.
#[test]
fn dash_output_is_standard_output() {
    let tmp = TempDir::new().unwrap();
    put(
        tmp.path(),
        "a.txt",
        "说Anthropic对外宣称的$300亿,we have底气.",
    );
    let plain = run_in(Some(tmp.path()), ["clean", "a.txt"], None);
    let dash = run_in(Some(tmp.path()), ["clean", "a.txt", "-o", "-"], None);
    expect_code(&dash, 0);
    assert!(plain.stdout.contains("Anthropic"), "{plain:#?}");
    assert_eq!(dash.stdout, plain.stdout);
    assert!(
        !tmp.path().join("-").exists(),
        "a directory named `-` was made"
    );
}

// ---------------------------------------------------------------------------------------
// Resume, refusal, usage errors
// ---------------------------------------------------------------------------------------

/// A file that fails, or turns out binary, leaves no output of an earlier run behind: it
/// would no longer say what the file holds.
#[test]
fn a_failed_file_leaves_no_earlier_output() {
    let tmp = TempDir::new().unwrap();
    let input = tmp.path().join("in");
    let out = tmp.path().join("out");
    put(&input, "a.txt", "version one 中");
    put(&input, "b.txt", "stays 中");
    put(&input, "c.txt", "text for now");
    expect_code(&clean_into(&input, &out, &[]), 0);
    assert!(out.join("a.txt.jsonl").exists() && out.join("c.txt.jsonl").exists());
    // (In whatever format and compression the earlier run wrote it.)
    expect_code(&clean_into(&input, &out, &["--compress", "gz"]), 0);
    expect_code(&clean_into(&input, &out, &["--format", "text"]), 0);
    assert!(out.join("a.txt.jsonl.gz").exists() && out.join("c.txt.txt").exists());
    put(&input, "a.txt", b"version two \xff".as_slice());
    put(&input, "c.txt", b"\x7fELF\0\0\0\0binary".as_slice());
    let r = clean_into(&input, &out, &[]);
    expect_code(&r, 1);
    for old in ["a.txt.jsonl", "a.txt.jsonl.gz", "a.txt.txt"] {
        assert!(!out.join(old).exists(), "failed: {old} {}", r.stderr);
    }
    for old in ["c.txt.jsonl", "c.txt.jsonl.gz", "c.txt.txt"] {
        assert!(!out.join(old).exists(), "binary: {old} {}", r.stderr);
    }
    assert!(out.join("b.txt.jsonl").exists() && out.join("b.txt.jsonl.gz").exists());
}

/// An output whose name is too long fails its file once: no second message as a warning
/// when its old output is looked for.
#[test]
fn a_name_too_long_for_its_output_is_reported_once() {
    let tmp = TempDir::new().unwrap();
    let input = tmp.path().join("in");
    let out = tmp.path().join("out");
    put(&input, format!("{}.txt", "a".repeat(250)), "好 ok");
    put(&input, "ok.txt", "好 ok");
    let r = clean_into(&input, &out, &["-q"]);
    expect_code(&r, 1);
    assert_eq!(r.stderr.matches("too long").count(), 1, "{}", r.stderr);
    assert!(!r.stderr.contains("warning"), "{}", r.stderr);
    assert!(out.join("ok.txt.jsonl").exists());
}

/// Puts `a.jsonl` in `dir`: one good record and 1,005 malformed lines.
fn noisy_jsonl(dir: &Path) {
    let mut lines = String::from("{\"text\":\"好的 ok\"}\n");
    for _ in 0..1005 {
        lines.push_str("{bad}\n");
    }
    put(dir, "a.jsonl", lines.as_str());
}

/// A file of many broken records keeps memory and the summary bounded: the first 1,000
/// errors are listed, the rest counted; `skipped_records` stays exact.
#[test]
fn errors_past_a_thousand_are_counted_not_listed() {
    let tmp = TempDir::new().unwrap();
    let input = tmp.path().join("in");
    let out = tmp.path().join("out");
    noisy_jsonl(&input);
    let r = clean_into(&input, &out, &[]);
    expect_code(&r, 0);
    let s = summary(&out);
    assert_eq!(s["skipped_records"], 1005);
    assert_eq!(s["errors"].as_array().unwrap().len(), 1000);
    assert_eq!(s["errors_omitted"], 5);
    assert!(r.stderr.contains("and 5 more errors"), "{}", r.stderr);
    assert_eq!(read_jsonl(&out.join("a.jsonl.jsonl")).len(), 1);
}

/// Inputs that hold no file to read are said so, and the run succeeds.
#[test]
fn inputs_with_nothing_to_read_are_said_so() {
    let tmp = TempDir::new().unwrap();
    let input = tmp.path().join("in");
    put(&input, ".hidden.txt", ZH);
    let r = run(["clean".as_ref(), input.as_os_str()]);
    expect_code(&r, 0);
    assert!(
        r.stderr
            .contains("zhen: no input files to read (hidden files"),
        "{}",
        r.stderr
    );
    put(&input, "a.md", ZH);
    let r = run([
        "stats".as_ref(),
        input.as_os_str(),
        "--glob".as_ref(),
        "*.txt".as_ref(),
    ]);
    expect_code(&r, 0);
    assert!(
        r.stderr.contains("(--glob and --exclude leave none)"),
        "{}",
        r.stderr
    );
}

/// To standard output, what was lost is counted on stderr, as no summary file is written,
/// `--quiet` or not; nothing is said when nothing was.
#[test]
fn a_run_to_stdout_counts_what_it_lost() {
    let tmp = TempDir::new().unwrap();
    let f = put(
        tmp.path(),
        "s.jsonl",
        "{\"text\":\"好的ok\"}\n{bad}\n{\"text\":\"a\\ud800\"}\n",
    );
    for quiet in [None, Some("-q")] {
        let r = run(["clean", f.to_str().unwrap()].into_iter().chain(quiet));
        expect_code(&r, 0);
        assert!(
            r.stderr
                .contains("zhen: 2 documents, 1 records skipped, 1 invalid characters replaced"),
            "{}",
            r.stderr
        );
    }
    let ok = put(tmp.path(), "ok.jsonl", "{\"text\":\"好的ok\"}\n");
    let r = run(["clean".as_ref(), ok.as_os_str()]);
    assert_eq!(r.stderr, "");
}

/// An output directory cleaned again: its records are annotated afresh, and zhen's own
/// summary in it is no input (named on the command line, it is one); a dataset's file of
/// the same name is.
#[test]
fn an_output_directory_cleaned_again_leaves_out_its_summary() {
    let tmp = TempDir::new().unwrap();
    let input = tmp.path().join("in");
    let (first, second) = (tmp.path().join("first"), tmp.path().join("second"));
    put(&input, "a.txt", ZH);
    expect_code(&clean_into(&input, &first, &[]), 0);
    let r = clean_into(&first, &second, &[]);
    expect_code(&r, 0);
    assert_eq!(
        files_under(&second),
        set(&["a.txt.jsonl.jsonl", "zhen-summary.json"])
    );
    assert_eq!(summary(&second)["files"], 1);
    let named = clean_into(
        &first.join("zhen-summary.json"),
        &tmp.path().join("third"),
        &[],
    );
    expect_code(&named, 1);
    // A dataset's file of that name is no summary of zhen's: it is read.
    let data = tmp.path().join("data");
    put(
        &data,
        "zhen-summary.json",
        r#"[{"id": 1, "text": "用户数据"}]"#.as_bytes(),
    );
    put(
        &data,
        "sub/zhen-summary.json",
        r#"[{"id": 2, "text": "子目录"}]"#.as_bytes(),
    );
    let r = clean_into(&data, &tmp.path().join("fourth"), &[]);
    expect_code(&r, 0);
    assert_eq!(
        files_under(&tmp.path().join("fourth")),
        set(&[
            "sub/zhen-summary.json.jsonl",
            "zhen-summary.json",
            "zhen-summary.json.jsonl"
        ])
    );
}

/// A file that fails is listed whatever the errors listed before it, by `clean` and
/// `stats`; `spans` and `bench` print the first 1,000 skipped records as `clean` does, and
/// `spans` says which file failed.
#[test]
fn a_failed_file_is_listed_past_a_thousand_errors() {
    let tmp = TempDir::new().unwrap();
    let input = tmp.path().join("in");
    let out = tmp.path().join("out");
    noisy_jsonl(&input);
    put(&input, "b.txt", b"\xE5\xA5\xBD\xFF ok\n");
    let r = clean_into(&input, &out, &[]);
    expect_code(&r, 1);
    let s = summary(&out);
    assert_eq!(s["failed_files"], 1);
    let errors = s["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1001);
    let failed: Vec<_> = errors.iter().filter(|e| e["failed"] == true).collect();
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert!(failed[0]["file"].as_str().unwrap().ends_with("b.txt"));
    assert!(r.stderr.contains("b.txt: line 1"), "{}", r.stderr);
    let stats = run(["stats".as_ref(), input.as_os_str(), "--json".as_ref()]);
    let stats: Value = serde_json::from_str(&stats.stdout).unwrap();
    assert!(
        stats["errors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["failed"] == true && e["file"].as_str().unwrap().ends_with("b.txt"))
    );
    let spans = run(["spans".as_ref(), input.as_os_str()]);
    assert_eq!(spans.stderr.lines().count(), 1002, "{}", spans.stderr);
    assert!(
        spans.stderr.contains("and 5 more errors"),
        "{}",
        spans.stderr
    );
    assert!(
        spans.stdout.contains("== b.txt: failed after 0 documents"),
        "{}",
        spans.stdout
    );
    let bench = run([
        "bench".as_ref(),
        input.as_os_str(),
        "--runs".as_ref(),
        "1".as_ref(),
    ]);
    assert!(
        bench.stderr.contains("and 5 more errors"),
        "{}",
        bench.stderr
    );
    assert!(!bench.stderr.contains("warning: "), "{}", bench.stderr);
}

/// A diagnostic that cannot be written (standard error on a full disk) is dropped: no
/// panic, and the run still ends with its summary and exit code.
#[test]
fn an_unwritable_standard_error_is_no_panic() {
    let Ok(full) = fs::File::create("/dev/full") else {
        eprintln!("skipped: no /dev/full");
        return;
    };
    let tmp = TempDir::new().unwrap();
    let input = tmp.path().join("in");
    let out = tmp.path().join("out");
    put(&input, "a.txt", ZH);
    put(&input, "b.txt", b"bad \xff".as_slice());
    for sub in ["clean", "stats", "spans"] {
        let mut cmd = zhen();
        cmd.arg(sub).arg(&input);
        if sub == "clean" {
            cmd.arg("-o").arg(&out);
        }
        let status = cmd
            .stdout(Stdio::null())
            .stderr(full.try_clone().unwrap())
            .status()
            .unwrap();
        assert_eq!(status.code(), Some(1), "{sub}");
    }
    assert!(out.join("a.txt.jsonl").exists());
    assert_eq!(summary(&out)["failed_files"], 1);
}

#[test]
fn resume_skips_up_to_date_outputs_and_redoes_touched_inputs() {
    let tmp = TempDir::new().unwrap();
    let input = tmp.path().join("in");
    let out = tmp.path().join("out");
    let a = put(&input, "a.txt", ZH);
    put(&input, "sub/b.txt", MIXED);
    let args = [
        OsStr::new("clean"),
        input.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        "--resume".as_ref(),
    ];

    expect_code(&run(args), 0);
    let s = summary(&out);
    assert_eq!(
        (s["files"].clone(), s["skipped_files"].clone()),
        (json!(2), json!(0))
    );
    assert_eq!(s["documents"], 2);
    let before = fs::read(out.join("a.txt.jsonl")).unwrap();

    // Nothing to resume after a finished run: its summary stands, not one of a run that
    // skipped every file.
    let written = fs::read(out.join("zhen-summary.json")).unwrap();
    let r = run(args);
    expect_code(&r, 0);
    assert!(r.stderr.contains("nothing to resume"), "{}", r.stderr);
    assert_eq!(fs::read(out.join("zhen-summary.json")).unwrap(), written);
    assert_eq!(fs::read(out.join("a.txt.jsonl")).unwrap(), before);

    // Change and touch one input (an explicit future mtime: no sleeping, no clock races).
    fs::write(&a, "第二版用Rust写\n").unwrap();
    fs::File::options()
        .write(true)
        .open(&a)
        .unwrap()
        .set_modified(SystemTime::now() + Duration::from_secs(60))
        .unwrap();
    expect_code(&run(args), 0);
    let s = summary(&out);
    assert_eq!(s["files"], 2);
    assert_eq!(s["skipped_files"], 1);
    assert_eq!(s["documents"], 1);
    assert_eq!(
        read_jsonl(&out.join("a.txt.jsonl"))[0]["text"],
        "第二版用 Rust 写"
    );
    assert_eq!(
        read_jsonl(&out.join("sub/b.txt.jsonl"))[0]["text"],
        MIXED_CLEAN
    );
}

/// Outputs made with other options are not up to date, whatever their times: `--resume`
/// refuses to finish them, and writes nothing. The summary records the options.
#[test]
fn resume_refuses_outputs_made_with_other_options() {
    let tmp = TempDir::new().unwrap();
    let input = tmp.path().join("in");
    let out = tmp.path().join("out");
    put(&input, "a.txt", MIXED);
    let with = |extra: &[&str]| {
        let mut args: Vec<&OsStr> = vec!["clean".as_ref(), input.as_os_str(), "-o".as_ref()];
        args.push(out.as_os_str());
        args.extend(extra.iter().map(OsStr::new));
        run(args)
    };
    expect_code(&with(&["--unit", "line", "--nfkc"]), 0);
    assert_eq!(summary(&out)["options"], "--unit line --nfkc");
    let made = fs::read(out.join("a.txt.jsonl")).unwrap();
    let written = fs::read(out.join("zhen-summary.json")).unwrap();
    for other in [
        &["--resume", "--unit", "line"][..],
        &["--resume", "--nfkc"],
        &["--resume", "--unit", "line", "--nfkc", "--offsets", "bytes"],
    ] {
        let r = with(other);
        expect_code(&r, 2);
        assert!(
            r.stderr.contains("were made with `--unit line --nfkc`"),
            "{other:?}: {}",
            r.stderr
        );
        assert_eq!(fs::read(out.join("a.txt.jsonl")).unwrap(), made);
        assert_eq!(fs::read(out.join("zhen-summary.json")).unwrap(), written);
    }
    // The same options, in any order, finish it.
    let r = with(&["--nfkc", "--resume", "--unit", "line"]);
    expect_code(&r, 0);
    assert!(r.stderr.contains("nothing to resume"), "{}", r.stderr);
    // Without --resume, everything is cleaned again with the new options.
    expect_code(&with(&["--unit", "file"]), 0);
    assert_eq!(summary(&out)["options"], "");
    expect_code(&with(&["--resume"]), 0);
    // An encoding is compared by what its label names, not by its spelling.
    expect_code(&with(&["--resume", "--encoding", "UTF8"]), 0);
    expect_code(&with(&["--encoding", "GB18030"]), 0);
    assert_eq!(summary(&out)["options"], "--encoding gb18030");
    expect_code(&with(&["--resume", "--encoding", "gb18030"]), 0);
    // A user dictionary by what it holds, not by how its path is written.
    let dict = tmp.path().join("words.txt");
    fs::write(&dict, "中文 5\n").unwrap();
    let named = |d: &str| with(&["--dict", d, "--resume"]);
    expect_code(&with(&["--dict", dict.to_str().unwrap()]), 0);
    let recorded = summary(&out)["options"].as_str().unwrap().to_string();
    assert!(
        recorded.starts_with("--dict words.txt crc32:"),
        "{recorded}"
    );
    let dotted = tmp.path().join(".").join("words.txt");
    expect_code(&named(dotted.to_str().unwrap()), 0);
    fs::write(&dict, "中文 500\n").unwrap();
    expect_code(&named(dict.to_str().unwrap()), 2);
}

/// The temporary outputs that killed runs leave (`<output>.zhen-tmp-<pid>-<n>`, SIGKILL
/// gives a run no chance to remove them) are removed by the next run into the directory,
/// at any depth, when their process is gone. Those of a live process (a run writing into a
/// directory below, under its own lock), files only named alike, and files behind a
/// symbolic link stay.
#[cfg(target_os = "linux")]
#[test]
fn stale_temporary_outputs_are_removed_by_the_next_run() {
    let tmp = TempDir::new().unwrap();
    let input = tmp.path().join("in");
    put(&input, "a.txt", ZH);
    let out = tmp.path().join("out");
    // A pid no process has: that of a child that has ended.
    let mut child = Command::new("true").spawn().unwrap();
    let dead = child.id();
    child.wait().unwrap();
    let live = std::process::id();
    let stale = [
        format!("a.txt.jsonl.zhen-tmp-{dead}-0"),
        format!("sub/deeper/b.txt.jsonl.zst.zhen-tmp-{dead}-17"),
        format!("zhen-summary.json.zhen-tmp-{dead}-3"),
    ];
    let kept = [
        format!("sub/c.txt.jsonl.zhen-tmp-{live}-0"),
        "notes.zhen-tmp-x-1".to_string(),
        format!("d.txt.jsonl.zhen-tmp-{dead}"),
        format!("e.txt.jsonl.zhen-tmp-{dead}-1.bak"),
        format!(".zhen-tmp-{dead}-1"),
        "zhen-summary.json.zhen-tmp".to_string(),
    ];
    for name in stale.iter().chain(&kept) {
        put(&out, name, "partial");
    }
    let elsewhere = tmp.path().join("elsewhere");
    let behind_link = put(&elsewhere, format!("f.jsonl.zhen-tmp-{dead}-0"), "partial");
    std::os::unix::fs::symlink(&elsewhere, out.join("link")).unwrap();

    let r = clean_into(&input, &out, &[]);
    expect_code(&r, 0);
    assert!(
        r.stderr.contains(&format!(
            "zhen: removed 3 temporary files left in {} by a run that was killed",
            out.display()
        )),
        "{}",
        r.stderr
    );
    let mut expected: BTreeSet<String> = kept.iter().cloned().collect();
    expected.extend(["a.txt.jsonl", "zhen-summary.json"].map(String::from));
    expected.insert(format!("link/f.jsonl.zhen-tmp-{dead}-0"));
    assert_eq!(files_under(&out), expected);
    assert!(behind_link.exists());
    assert_eq!(read_jsonl(&out.join("a.txt.jsonl"))[0]["text"], ZH_CLEAN);

    // Nothing stale left: nothing removed, nothing said (and `-q` would say nothing anyway).
    let r = clean_into(&input, &out, &["--resume"]);
    expect_code(&r, 0);
    assert!(!r.stderr.contains("temporary files"), "{}", r.stderr);
    assert_eq!(files_under(&out), expected);
}

#[test]
fn refuses_to_write_into_the_input_tree() {
    let tmp = TempDir::new().unwrap();
    let input = tmp.path().join("in");
    put(&input, "a.txt", ZH);

    let inside = input.join("out");
    let r = clean_into(&input, &inside, &[]);
    expect_code(&r, 2);
    assert!(
        r.stderr.contains("refusing to write into the input"),
        "{}",
        r.stderr
    );
    assert!(!inside.exists(), "nothing written");
    // Also by way of a directory not made yet and `..`.
    let around = tmp.path().join("nx/../in/out");
    let r = clean_into(&input, &around, &[]);
    expect_code(&r, 2);
    assert!(
        !inside.exists() && !tmp.path().join("nx").exists(),
        "nothing written"
    );

    // An output directory that contains the input is refused as well.
    let r = clean_into(&input, tmp.path(), &[]);
    expect_code(&r, 2);
    assert!(
        r.stderr.contains("refusing to write into the input"),
        "{}",
        r.stderr
    );
    assert_eq!(files_under(&input), set(&["a.txt"]));
    assert!(!tmp.path().join("zhen-summary.json").exists());

    // So is an output reached through a symlink in the input tree, once it holds outputs
    // that the walk would read back as inputs.
    #[cfg(unix)]
    {
        let out = tmp.path().join("out");
        std::os::unix::fs::symlink(&out, input.join("link")).unwrap();
        fs::create_dir(&out).unwrap();
        expect_code(&clean_into(&input, &out, &[]), 0);
        let before = files_under(&out);
        let r = clean_into(&input, &out, &[]);
        expect_code(&r, 2);
        assert!(r.stderr.contains("lies in the output"), "{}", r.stderr);
        assert_eq!(files_under(&out), before, "nothing written");
    }
}

/// An output directory that is a link to nothing, and a dictionary that is a directory,
/// are named for what they are.
#[test]
fn messages_name_a_dangling_output_link_and_a_bad_dictionary() {
    let tmp = TempDir::new().unwrap();
    let f = put(tmp.path(), "a.txt", ZH);
    #[cfg(unix)]
    {
        let link = tmp.path().join("out");
        std::os::unix::fs::symlink(tmp.path().join("nowhere"), &link).unwrap();
        let r = run([
            OsStr::new("clean"),
            f.as_os_str(),
            "-o".as_ref(),
            link.as_os_str(),
        ]);
        assert_ne!(r.code, 0);
        assert!(r.stderr.contains("symbolic link"), "{}", r.stderr);
    }
    let r = run([
        OsStr::new("clean"),
        f.as_os_str(),
        "--dict".as_ref(),
        tmp.path().as_os_str(),
    ]);
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("user dictionary"), "{}", r.stderr);
    // A dictionary without an end is refused at its bound, not read into memory whole.
    #[cfg(target_os = "linux")]
    {
        let r = run([
            OsStr::new("clean"),
            f.as_os_str(),
            "--dict".as_ref(),
            "/dev/zero".as_ref(),
        ]);
        assert_eq!(r.code, 2);
        assert!(
            r.stderr.contains("/dev/zero: larger than 256 MiB"),
            "{}",
            r.stderr
        );
    }
}

/// Outputs of which one would be the directory of another, or of the summary, are refused
/// before anything is written.
#[test]
fn outputs_that_would_hold_one_another_are_refused() {
    for (dir, file) in [("x.jsonl", "x"), ("zhen-summary.json", "w.txt")] {
        let tmp = TempDir::new().unwrap();
        let input = tmp.path().join("in");
        put(&input, format!("{dir}/y.txt"), ZH);
        put(&input, file, ZH);
        let out = tmp.path().join("out");
        let r = clean_into(&input, &out, &[]);
        expect_code(&r, 2);
        assert!(r.stderr.contains("two outputs clash"), "{}", r.stderr);
        assert!(!out.exists(), "nothing written");
    }
}

/// Standard output redirected into an input directory is not read back as input (it would
/// grow as it is read, without end): it is skipped with a warning.
#[test]
fn standard_output_redirected_into_the_input_is_skipped() {
    let tmp = TempDir::new().unwrap();
    let input = tmp.path().join("in");
    put(&input, "a.txt", ZH);
    let out = input.join("out.jsonl");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_zhen"))
        .args(["clean", "--unit", "line", "-q"])
        .arg(&input)
        .stdout(fs::File::create(&out).unwrap())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert!(status.status.success());
    let stderr = String::from_utf8_lossy(&status.stderr);
    assert!(stderr.contains("it is the standard output"), "{stderr}");
    let docs = read_jsonl(&out);
    assert!(!docs.is_empty());
    assert!(
        docs.iter()
            .all(|d| d["id"].as_str().unwrap().starts_with("a.txt")),
        "only a.txt was read"
    );
}

/// `-o` naming a file that is not a directory says so, and leaves the file alone.
#[test]
fn an_output_that_is_a_file_is_refused() {
    let tmp = TempDir::new().unwrap();
    let input = put(tmp.path(), "a.txt", ZH);
    let out = put(tmp.path(), "out", "keep");
    let r = clean_into(&input, &out, &[]);
    expect_code(&r, 2);
    assert!(r.stderr.contains("is not a directory"), "{}", r.stderr);
    assert_eq!(fs::read_to_string(&out).unwrap(), "keep");
}

/// A directory where an output would go fails its file, reported once, and the rest of the
/// run goes on.
#[test]
fn a_directory_in_the_way_of_an_output_is_reported_once() {
    let tmp = TempDir::new().unwrap();
    let input = tmp.path().join("in");
    put(&input, "a.txt", "用Rust写\n");
    put(&input, "b.txt", "中文\n");
    let out = tmp.path().join("out");
    fs::create_dir_all(out.join("a.txt.jsonl")).unwrap();
    let r = clean_into(&input, &out, &[]);
    expect_code(&r, 1);
    assert_eq!(
        r.stderr.matches("Is a directory").count(),
        1,
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("warning"), "{}", r.stderr);
    assert_eq!(read_jsonl(&out.join("b.txt.jsonl")).len(), 1);
}

/// A file named twice is cleaned twice to standard output, as `cat a a` would print it; into
/// a directory its second output would overwrite the first, or be a duplicate, so the run
/// is refused.
#[test]
fn a_file_named_twice() {
    let tmp = TempDir::new().unwrap();
    let f = put(tmp.path(), "a.txt", "用Rust写\n");
    let r = run([
        OsStr::new("clean"),
        f.as_os_str(),
        f.as_os_str(),
        "--format".as_ref(),
        "text".as_ref(),
    ]);
    expect_code(&r, 0);
    assert_eq!(r.stdout, "用 Rust 写\n用 Rust 写\n");
    let out = tmp.path().join("out");
    let r = run([
        OsStr::new("clean"),
        f.as_os_str(),
        f.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    expect_code(&r, 2);
    assert!(
        r.stderr.contains("two inputs would write the same output"),
        "{}",
        r.stderr
    );
    assert!(!out.exists());
    // So is a directory named with a directory in it, or with a link to it: each of their
    // files would be written twice, a duplicate in the corpus.
    let dir = tmp.path().join("d");
    put(&dir, "sub/b.txt", "中文b\n");
    let link = tmp.path().join("link");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&dir, &link).unwrap();
    #[cfg(not(unix))]
    let link = dir.join(".");
    for (other, message) in [(dir.join("sub"), "is inside"), (link, "is the same as")] {
        let r = run([
            OsStr::new("clean"),
            dir.as_os_str(),
            other.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
        ]);
        expect_code(&r, 2);
        assert!(r.stderr.contains(message), "{}", r.stderr);
        assert!(!out.exists());
    }
}

#[test]
fn usage_errors_exit_2() {
    let tmp = TempDir::new().unwrap();
    let f = put(tmp.path(), "a.txt", ZH);
    let out = tmp.path().join("out");
    let cases: [(&[&str], &str); 13] = [
        (&["--bogus"], "--bogus"),
        // An empty pattern or field name names nothing.
        (&["--glob", ""], "--glob"),
        (&["--exclude", ""], "--exclude"),
        (&["--text-field", ""], "--text-field"),
        (&["--id-field", ""], "--id-field"),
        (&["--jobs", "0"], "--jobs"),
        (
            &["--encoding", "klingon"],
            "unknown or unsupported encoding `klingon`",
        ),
        // Labels that the Encoding Standard decodes as one replacement character.
        (
            &["--encoding", "hz-gb-2312"],
            "unsupported encoding `hz-gb-2312`",
        ),
        (
            &["--encoding", "iso-2022-kr"],
            "unsupported encoding `iso-2022-kr`",
        ),
        (&["--format", "xml"], "xml"),
        (&["--unit", "sentence"], "sentence"),
        // The annotations' key holds no text.
        (
            &["--text-field", "zhen"],
            "annotations are written under `zhen`",
        ),
        // The id field's default named as the text field.
        (
            &["--text-field", "id"],
            "--text-field and --id-field both name `id`",
        ),
    ];
    for (extra, message) in cases {
        let mut args: Vec<&OsStr> = vec!["clean".as_ref(), f.as_os_str(), "-o".as_ref()];
        args.push(out.as_os_str());
        args.extend(extra.iter().map(OsStr::new));
        let r = run(&args);
        expect_code(&r, 2);
        assert!(r.stderr.contains(message), "{extra:?}: {}", r.stderr);
        assert_eq!(r.stdout, "");
        assert!(!out.exists(), "{extra:?} wrote output");
    }
    expect_code(&run(["frobnicate"]), 2);
    // `--resume` resumes outputs under -o: standard output keeps none.
    for extra in [&[][..], &["-o", "-"]] {
        let mut args: Vec<&OsStr> = vec!["clean".as_ref(), f.as_os_str(), "--resume".as_ref()];
        args.extend(extra.iter().map(OsStr::new));
        let r = run(&args);
        expect_code(&r, 2);
        assert_eq!(r.stdout, "");
    }
    // The help lists the exit codes; only that of a command with -o names its summary.
    for args in [
        &["--help"][..],
        &["clean", "--help"],
        &["spans", "--help"],
        &["stats", "--help"],
        &["bench", "--help"],
    ] {
        let r = run(args);
        expect_code(&r, 0);
        assert!(
            r.stdout.contains("Exit codes: 0 success; 1 "),
            "{}",
            r.stdout
        );
        if args.len() > 1 {
            assert_eq!(
                r.stdout.contains("under -o"),
                r.stdout.contains("--output"),
                "{args:?}"
            );
        }
    }
    let r = run(["stats", "--encoding", "nope", "x"]);
    expect_code(&r, 2);
    assert!(
        r.stderr.contains("unknown or unsupported encoding"),
        "{}",
        r.stderr
    );
    // A count of runs that could not be held is refused before any is made.
    let r = run(["bench", "x", "--runs", "18446744073709551615"]);
    expect_code(&r, 2);
    assert!(r.stderr.contains("--runs"), "{}", r.stderr);
    // Standard input alone may go to a directory, as `stdin.jsonl`.
    let r = run_with(
        ["clean", "-o", out.to_str().unwrap()],
        Some("用Rust写\n".as_bytes()),
    );
    expect_code(&r, 0);
    let docs = read_jsonl(&out.join("stdin.jsonl"));
    assert_eq!(docs[0]["text"], "用 Rust 写");
    // No timed run is no measurement.
    let r = run([
        OsStr::new("bench"),
        f.as_os_str(),
        "--runs".as_ref(),
        "0".as_ref(),
    ]);
    expect_code(&r, 2);
    assert!(r.stderr.contains("--runs"), "{}", r.stderr);
}

// ---------------------------------------------------------------------------------------
// Standard input, units
// ---------------------------------------------------------------------------------------

#[test]
fn stdin_by_line_with_offsets_into_the_whole_input() {
    let input = "第一行用Rust写\n\n  \nsecond line 中文\n第三行 English words";
    for (extra, bytes) in [(&[][..], false), (&["--offsets", "bytes"][..], true)] {
        let args = ["clean", "--unit", "line"].iter().chain(extra);
        let r = run_with(args, Some(input.as_bytes()));
        expect_code(&r, 0);
        let docs = parse_lines(&r.stdout);
        let ids: Vec<&str> = docs.iter().map(|d| d["id"].as_str().unwrap()).collect();
        assert_eq!(ids, ["stdin:1", "stdin:4", "stdin:5"]);
        let texts: Vec<&str> = docs.iter().map(|d| d["text"].as_str().unwrap()).collect();
        assert_eq!(
            texts,
            [
                "第一行用 Rust 写",
                "second line 中文",
                "第三行 English words"
            ]
        );
        for d in &docs {
            check_spans(d["text"].as_str().unwrap(), &d["spans"], Some(input), bytes);
        }
        let first_src = |d: &Value| u(&d["spans"][0]["src_start"]);
        let expected = if bytes { [0, 24, 43] } else { [0, 14, 29] };
        assert_eq!(
            docs.iter().map(first_src).collect::<Vec<_>>(),
            expected,
            "src_start of each line's first span (bytes: {bytes})"
        );
    }
}

/// With `--unit line`, the text formats write one line for each line in: the line
/// separators cleaning turns into line breaks inside a line (U+2028, U+2029, form feed)
/// are written as spaces there, while JSON keeps them; blank lines (of spaces, or
/// invisible characters), which are no documents, are written as empty lines, and so is a
/// line that cleans to nothing, so that the lines of a parallel corpus stay aligned.
#[test]
fn line_unit_text_keeps_one_line_per_line() {
    let input = "\n\na\n\nb\n\u{200B}\nc\n\u{1}\r\n  \nd\n\n";
    let tmp = TempDir::new().unwrap();
    let f = put(tmp.path(), "p.txt", input);
    let out = tmp.path().join("out");
    for format in ["text", "segmented"] {
        let r = run_with(
            ["clean", "--unit", "line", "--format", format],
            Some(input.as_bytes()),
        );
        expect_code(&r, 0);
        assert_eq!(r.stdout, "\n\na\n\nb\n\nc\n\n\nd\n\n", "{format}");
        let mut args: Vec<&OsStr> = vec!["clean".as_ref(), f.as_os_str(), "-o".as_ref()];
        args.push(out.as_os_str());
        args.extend(["--unit", "line", "--format", format].map(OsStr::new));
        expect_code(&run(args), 0);
        let ext = if format == "text" { "txt" } else { "seg.txt" };
        let written = fs::read_to_string(out.join(format!("p.txt.{ext}"))).unwrap_or_else(|e| {
            panic!(
                "{format}: {e}: {:?}",
                fs::read_dir(&out).unwrap().collect::<Vec<_>>()
            )
        });
        assert_eq!(written, r.stdout, "{format}");
        // A file of blank lines alone too.
        let r = run_with(
            ["clean", "--unit", "line", "--format", format],
            Some(" \n\n\u{3000}\n".as_bytes()),
        );
        assert_eq!(r.stdout, "\n\n\n", "{format}");
        // And a last blank line without its line break, a line as an editor counts it.
        for (input, want) in [("a\n   ", "a\n\n"), ("  ", "\n"), ("a\nb", "a\nb\n")] {
            let r = run_with(
                ["clean", "--unit", "line", "--format", format],
                Some(input.as_bytes()),
            );
            assert_eq!(r.stdout, want, "{format}: {input:?}");
        }
    }
    let input = "a\u{2028}b 中文\n第二行\u{C}c\n三";
    for format in ["text", "segmented"] {
        let r = run_with(
            ["clean", "--unit", "line", "--format", format],
            Some(input.as_bytes()),
        );
        expect_code(&r, 0);
        let lines: Vec<&str> = r.stdout.lines().collect();
        assert_eq!(lines.len(), 3, "{format}: {:?}", r.stdout);
        assert!(lines[0].starts_with("a b"), "{format}: {lines:?}");
    }
    let r = run_with(["clean", "--unit", "line"], Some(input.as_bytes()));
    let docs = parse_lines(&r.stdout);
    assert_eq!(docs[0]["text"].as_str().unwrap(), "a\nb 中文");
    // A run of separators is one space, as cleaning the line again leaves it.
    let r = run_with(
        ["clean", "--unit", "line", "--format", "text"],
        Some("中文\u{2028}\u{2029}English line\n".as_bytes()),
    );
    assert_eq!(r.stdout, "中文 English line\n");
}

/// The commands stream: a line written to standard input is cleaned (or shown with its
/// foreign spans) and printed before standard input is closed.
#[test]
fn stdin_streams_one_line_at_a_time() {
    for (args, first_out, second_out) in [
        (
            &["clean", "--unit", "line", "--format", "text"][..],
            "用 Rust 写\n",
            "第二行 with English\n",
        ),
        (
            &["spans", "--unit", "line", "-"][..],
            "用 Rust 写\n",
            "[[zh: 第二行]] with English\n",
        ),
    ] {
        streams(
            args,
            ("用Rust写\n", first_out),
            ("第二行 with English\n", second_out),
        );
    }
}

fn streams(args: &[&str], first: (&str, &str), second: (&str, &str)) {
    let mut child = zhen()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut lines = BufReader::new(stdout);
        loop {
            let mut line = String::new();
            match lines.read_line(&mut line) {
                Ok(0) | Err(_) => break,
                Ok(_) => {
                    if tx.send(line).is_err() {
                        break;
                    }
                }
            }
        }
    });
    let mut expect_line = |(send, want): (&str, &str)| {
        stdin.write_all(send.as_bytes()).unwrap();
        stdin.flush().unwrap();
        rx.recv_timeout(Duration::from_secs(10)).map(|got| {
            assert_eq!(got, want, "{args:?}");
        })
    };
    let first = expect_line(first);
    let second = first.as_ref().ok().map(|()| expect_line(second));
    if first.is_err() || !matches!(second, Some(Ok(()))) {
        let _ = child.kill();
        let _ = child.wait();
        let _ = reader.join();
        panic!(
            "{args:?}: no output within 10 s for the {} line written to stdin (stdin still open)",
            if first.is_err() { "first" } else { "second" }
        );
    }
    drop(stdin);
    let status = child.wait().unwrap();
    reader.join().unwrap();
    assert!(status.success(), "{args:?}");
}

#[test]
fn paragraph_unit_src_offsets_point_into_the_file() {
    let tmp = TempDir::new().unwrap();
    let source = "\n\n第一段用Kubernetes部署，\n还是第一段 with English words here.\n\n\n  Second paragraph 混合中文 text.\n";
    let f = put(tmp.path(), "p.txt", source);
    for (extra, bytes) in [(&[][..], false), (&["--offsets", "bytes"][..], true)] {
        let mut args: Vec<&OsStr> = vec!["clean".as_ref(), f.as_os_str()];
        args.extend(["--unit", "paragraph"].iter().chain(extra).map(OsStr::new));
        let r = run(&args);
        expect_code(&r, 0);
        let docs = parse_lines(&r.stdout);
        let ids: Vec<&str> = docs.iter().map(|d| d["id"].as_str().unwrap()).collect();
        assert_eq!(ids, ["p.txt:3", "p.txt:7"]);
        assert_eq!(
            docs[0]["text"],
            "第一段用 Kubernetes 部署，\n还是第一段 with English words here."
        );
        assert_eq!(docs[1]["text"], "Second paragraph 混合中文 text.");
        let mut all = String::new();
        for d in &docs {
            let spans = check_spans(
                d["text"].as_str().unwrap(),
                &d["spans"],
                Some(source),
                bytes,
            );
            all.extend(spans.iter().map(|s| letters(s)));
        }
        // Together the spans cover every letter of the file, in order.
        assert_eq!(all, letters(source));
        let src_start = u(&docs[1]["spans"][0]["src_start"]);
        assert_eq!(src_start, if bytes { 79 } else { 55 });
    }
}

/// Text written paragraph by paragraph keeps its paragraphs: one blank line between them
/// (however many the source had), in text and segmented output, to standard output and to
/// files, and between the files of one stream; with `--unit line`, one line each.
#[test]
fn paragraph_unit_text_output_keeps_paragraphs_apart() {
    let tmp = TempDir::new().unwrap();
    let a = put(
        tmp.path(),
        "a.txt",
        "\n第一段,有English.\n还是第一段\n\n\n\n第二段  text\n",
    );
    let b = put(tmp.path(), "b.txt", "第三段\n");
    let out = tmp.path().join("out");
    // What `zhen clean FILES... OPTIONS` writes to standard output.
    let stdout = |files: &[&Path], options: &str| {
        let mut args: Vec<&OsStr> = vec!["clean".as_ref()];
        args.extend(files.iter().map(|f| f.as_os_str()));
        args.extend(options.split(' ').map(OsStr::new));
        let r = run(&args);
        expect_code(&r, 0);
        r.stdout
    };
    let (a, b) = (a.as_path(), b.as_path());
    assert_eq!(
        stdout(&[a, b], "--unit paragraph --format text"),
        "第一段，有 English。\n还是第一段\n\n第二段 text\n\n第三段\n"
    );
    assert_eq!(
        stdout(&[a], "--unit paragraph --format segmented"),
        "第一段 ， 有 English 。\n还是 第一段\n\n第二段 text\n"
    );
    let r = run([
        "clean".as_ref(),
        a.as_os_str(),
        OsStr::new("--unit=paragraph"),
        OsStr::new("--format=text"),
        OsStr::new("-o"),
        out.as_os_str(),
    ]);
    expect_code(&r, 0);
    assert_eq!(
        fs::read_to_string(out.join("a.txt.txt")).unwrap(),
        "第一段，有 English。\n还是第一段\n\n第二段 text\n"
    );
    // Line by line, each line in is one line out, blank lines too.
    assert_eq!(
        stdout(&[a], "--unit line --format text"),
        "\n第一段，有 English。\n还是第一段\n\n\n\n第二段 text\n"
    );
}

// ---------------------------------------------------------------------------------------
// spans, stats
// ---------------------------------------------------------------------------------------

#[test]
fn spans_only_mixed_past_the_held_bytes() {
    // Past what `--only-mixed` holds, a file is read again once it turns out mixed, and a
    // pipe named as a file, which cannot be, is held whole.
    let tmp = TempDir::new().unwrap();
    let text = format!("{}{MIXED}\n", format!("{ZH}\n").repeat(200));
    let file = put(tmp.path(), "late.txt", &text);
    let mut inputs = vec![file];
    #[cfg(unix)]
    {
        let fifo = tmp.path().join("fifo");
        let made = Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            inputs.push(fifo);
        }
    }
    for input in inputs {
        let writer = (input.file_name().unwrap() == "fifo").then(|| {
            let (fifo, text) = (input.clone(), text.clone());
            std::thread::spawn(move || fs::write(fifo, text).unwrap())
        });
        let out = zhen()
            .env("ZHEN_HELD", "1024")
            .args(["spans", "--only-mixed", "--unit", "line"])
            .arg(&input)
            .output()
            .unwrap();
        if let Some(w) = writer {
            w.join().unwrap();
        }
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "{input:?}");
        assert_eq!(stdout.lines().count(), 202, "{input:?}: {stdout}");
        assert!(
            stdout.contains("[[zh: 这个方案很好]]") && stdout.contains("201 documents, 1 mixed"),
            "{input:?}: {stdout}"
        );
    }
}

/// A file name's line break is escaped in the summary line, which stays one line.
#[cfg(unix)]
#[test]
fn spans_summary_escapes_a_line_break_in_a_name() {
    let tmp = TempDir::new().unwrap();
    let input = tmp.path().join("in");
    put(&input, "a\nb.txt", MIXED);
    let r = run([OsStr::new("spans"), input.as_os_str()]);
    expect_code(&r, 0);
    assert!(
        r.stdout
            .ends_with("== a\\nb.txt: 1 documents, 1 mixed, 1 foreign spans\n"),
        "{}",
        r.stdout
    );
}

#[test]
fn spans_only_mixed_and_stats_json() {
    let tmp = TempDir::new().unwrap();
    let input = tmp.path().join("in");
    put(&input, "pure.txt", ZH);
    put(&input, "mixed.txt", MIXED);

    let r = run([
        OsStr::new("spans"),
        input.as_os_str(),
        "--only-mixed".as_ref(),
    ]);
    expect_code(&r, 0);
    assert_eq!(
        r.stdout,
        "The report says [[zh: 这个方案很好]] and we agree.\n\
         == mixed.txt: 1 documents, 1 mixed, 1 foreign spans\n"
    );
    assert!(!r.stdout.contains('\x1b'), "NO_COLOR: no escape sequences");
    // Documents before the first foreign span are held, then shown in order.
    let late = put(tmp.path(), "late.txt", format!("{ZH}\n{MIXED}\n{ZH}\n"));
    let r = run([
        OsStr::new("spans"),
        late.as_os_str(),
        "--only-mixed".as_ref(),
        "--unit".as_ref(),
        "line".as_ref(),
    ]);
    expect_code(&r, 0);
    assert_eq!(
        r.stdout,
        format!(
            "{ZH_CLEAN}\nThe report says [[zh: 这个方案很好]] and we agree.\n{ZH_CLEAN}\n\
             == late.txt: 3 documents, 1 mixed, 1 foreign spans\n"
        )
    );

    let r = run([OsStr::new("spans"), input.as_os_str()]);
    expect_code(&r, 0);
    assert!(
        r.stdout
            .contains("== pure.txt: 1 documents, 0 mixed, 0 foreign spans")
    );
    assert!(r.stdout.contains(&format!("{ZH_CLEAN}\n")));

    let r = run([OsStr::new("stats"), input.as_os_str(), "--json".as_ref()]);
    expect_code(&r, 0);
    let s: Value = serde_json::from_str(&r.stdout).expect("stats --json is one JSON object");
    assert_eq!(s["files"], 2);
    assert_eq!(s["documents"], 2);
    assert_eq!(s["mixed_documents"], 1);
    assert_eq!(s["foreign_spans"], 1);
    assert_eq!(s["bytes_out"], 0);
    assert_eq!(s["top_foreign"], json!([["这个方案很好", 1]]));
    assert_eq!(
        s["shares"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect::<BTreeSet<_>>(),
        set(&["en", "zh"])
    );

    let r = run([OsStr::new("stats"), input.as_os_str()]);
    expect_code(&r, 0);
    assert!(r.stdout.contains("documents        2"), "{}", r.stdout);
    assert!(r.stdout.contains("这个方案很好"), "{}", r.stdout);
}

/// A JSON record longer than the document limit is cleaned in parts but is one record to
/// every command: `clean` writes it as one line with its id and counts one document, as do
/// `stats` and `spans`; its English opening part (longer than a part) is foreign to the
/// Chinese record.
#[test]
fn a_long_record_is_one_document_to_every_command() {
    let tmp = TempDir::new().unwrap();
    let english = "The market moved fast this quarter, analysts said.\n".repeat(11_000);
    let chinese = "我们用Kubernetes部署了API服务，成本降低了百分之三十。\n".repeat(12_000);
    let text = format!("{english}\n{chinese}");
    assert!(text.len() > zhen::source::MAX_DOCUMENT);
    let input = put(
        tmp.path(),
        "long.jsonl",
        format!(
            "{}\n{}\n",
            json!({"id": "long", "text": text, "url": "u"}),
            json!({"id": "short", "text": "短 text"})
        ),
    );
    let out = tmp.path().join("out");
    let r = clean_into(&input, &out, &["-q"]);
    expect_code(&r, 0);
    let records = read_jsonl(&out.join("long.jsonl.jsonl"));
    let ids: Vec<&Value> = records.iter().map(|r| &r["id"]).collect();
    assert_eq!(ids, [&json!("long"), &json!("short")]);
    assert_eq!(records[0]["url"], "u");
    let spans = records[0]["zhen"]["spans"].as_array().unwrap();
    assert_eq!(records[0]["zhen"]["lang"], "zh");
    assert_eq!(spans[0]["lang"], "en");
    assert_eq!(spans[0]["foreign"], true);
    let s = summary(&out);
    assert_eq!(s["documents"], 2);
    assert_eq!(s["mixed_documents"], 1);

    let r = run([OsStr::new("stats"), input.as_os_str(), "--json".as_ref()]);
    expect_code(&r, 0);
    let stats: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(stats["documents"], 2);
    assert_eq!(stats["mixed_documents"], 1);

    let r = run([OsStr::new("spans"), input.as_os_str()]);
    expect_code(&r, 0);
    assert!(
        r.stdout.contains("== long.jsonl: 2 documents, 1 mixed"),
        "{}",
        r.stdout.lines().last().unwrap_or_default()
    );
}

// ---------------------------------------------------------------------------------------
// dolma
// ---------------------------------------------------------------------------------------

#[test]
fn dolma_documents_and_attributes_line_up() {
    let tmp = TempDir::new().unwrap();
    let input = tmp.path().join("in");
    put(&input, "mixed.txt", MIXED);
    put(&input, "sub/zh.txt", ZH);
    put(
        &input,
        "sub/recs.jsonl",
        concat!(
            r#"{"id":"r1","text":"说Anthropic对外宣称的$300亿,we have底气 to say so.","source":"web"}"#,
            "\n",
            r#"{"id":"r2","text":"The 报告 was 用Rust写的 in 2024 and it is fast.","source":"web"}"#,
            "\n",
        ),
    );
    let out = tmp.path().join("out");
    let r = clean_into(&input, &out, &["--format", "dolma"]);
    expect_code(&r, 0);
    let rels = ["mixed.txt", "sub/recs.jsonl", "sub/zh.txt"];
    let mut expected = vec!["zhen-summary.json".to_string()];
    for rel in rels {
        expected.push(format!("documents/{rel}.jsonl"));
        expected.push(format!("attributes/zhen/{rel}.jsonl"));
    }
    assert_eq!(files_under(&out), expected.into_iter().collect());

    // The JSON-lines output of the same input, to compare the spans with.
    let plain = tmp.path().join("plain");
    expect_code(&clean_into(&input, &plain, &[]), 0);

    for rel in rels {
        let docs = read_jsonl(&out.join(format!("documents/{rel}.jsonl")));
        let attrs = read_jsonl(&out.join(format!("attributes/zhen/{rel}.jsonl")));
        let json_docs = read_jsonl(&plain.join(format!("{rel}.jsonl")));
        assert_eq!(docs.len(), attrs.len(), "{rel}");
        assert_eq!(docs.len(), json_docs.len(), "{rel}");
        for ((d, a), j) in docs.iter().zip(&attrs).zip(&json_docs) {
            assert!(d["id"].is_string(), "{rel}: document without id: {d}");
            assert_eq!(d["id"], a["id"], "{rel}: ids in the same order");
            assert_eq!(d["id"], j["id"]);
            let text = d["text"].as_str().unwrap();
            assert_eq!(text, j["text"].as_str().unwrap());
            assert!(d.get("zhen").is_none(), "no annotations in dolma documents");
            if rel.ends_with(".jsonl") {
                assert_eq!(d["source"], "web", "other fields pass through");
            }
            let jspans = j.get("spans").unwrap_or_else(|| &j["zhen"]["spans"]);
            let mut from_json: Vec<(String, String)> = Vec::new();
            let mut foreign_json: Vec<String> = Vec::new();
            for s in jspans.as_array().unwrap() {
                let body = slice_chars(text, u(&s["start"]), u(&s["end"]));
                from_json.push((s["lang"].as_str().unwrap().to_string(), body.clone()));
                if s["foreign"] == true {
                    foreign_json.push(body);
                }
            }
            let mut from_attrs: Vec<(String, String)> = Vec::new();
            let mut foreign_attrs: Vec<String> = Vec::new();
            for (key, spans) in a["attributes"].as_object().unwrap() {
                let lang = key
                    .strip_prefix("zhen__")
                    .unwrap_or_else(|| panic!("attribute {key} without the zhen__ prefix"));
                for s in spans.as_array().unwrap() {
                    let triple = s.as_array().unwrap();
                    assert_eq!(triple.len(), 3, "[start, end, score]: {s}");
                    let score = triple[2].as_f64().unwrap();
                    assert!((0.0..=1.0).contains(&score), "{s}");
                    let body = slice_chars(text, u(&triple[0]), u(&triple[1]));
                    assert!(
                        !body.is_empty() && body.trim() == body,
                        "{rel} {key} {s}: {body:?}"
                    );
                    if lang == "foreign" {
                        foreign_attrs.push(body);
                    } else {
                        from_attrs.push((lang.to_string(), body));
                    }
                }
            }
            from_json.sort();
            from_attrs.sort();
            foreign_json.sort();
            foreign_attrs.sort();
            assert_eq!(from_attrs, from_json, "{rel}: attribute spans = JSON spans");
            assert_eq!(foreign_attrs, foreign_json, "{rel}: foreign spans");
        }
    }
    let mixed = read_jsonl(&out.join("attributes/zhen/mixed.txt.jsonl"));
    assert_eq!(mixed[0]["attributes"]["zhen__zh"], json!([[16, 22, 1.0]]));
    assert_eq!(
        mixed[0]["attributes"]["zhen__foreign"],
        json!([[16, 22, 1.0]])
    );
    assert_eq!(summary(&out)["documents"], 4);
}

/// dolma's mixer joins attributes to documents by `id`: a JSON-lines record without an id
/// field gets its line number as id in the attributes file, and its document must carry
/// the same id.
#[test]
fn dolma_ids_match_for_records_without_id() {
    let tmp = TempDir::new().unwrap();
    let input = tmp.path().join("in");
    put(
        &input,
        "noid.jsonl",
        concat!(
            r#"{"text":"没有编号的记录 with English"}"#,
            "\n",
            r#"{"id":"b","text":"有编号"}"#,
            "\n",
            r#"{"id":7,"text":"数字"}"#,
            "\n",
            r#"{"id":true,"text":"真"}"#,
            "\n",
            r#"{"id":{"a": 1},"text":"对象"}"#,
            "\n",
            r#"{"id":null,"text":"空"}"#,
            "\n"
        ),
    );
    let out = tmp.path().join("out");
    let r = clean_into(&input, &out, &["--format", "dolma"]);
    expect_code(&r, 0);
    let docs = read_jsonl(&out.join("documents/noid.jsonl.jsonl"));
    let attrs = read_jsonl(&out.join("attributes/zhen/noid.jsonl.jsonl"));
    assert_eq!(docs.len(), 6);
    assert_eq!(attrs.len(), 6);
    // Ids are strings, as dolma has them: any other JSON as its text.
    let ids = ["b", "7", "true", r#"{"a": 1}"#, "null"];
    for (k, id) in ids.iter().enumerate() {
        assert_eq!(docs[k + 1]["id"], *id);
        assert_eq!(attrs[k + 1]["id"], *id);
    }
    assert_eq!(
        docs[0].get("id"),
        attrs[0].get("id"),
        "document {} and attributes {} must share an id",
        docs[0],
        attrs[0]
    );
}

// ---------------------------------------------------------------------------------------
// Output collisions
// ---------------------------------------------------------------------------------------

/// Two inputs whose relative paths are the same (two files named `a.txt` given directly,
/// two directories with the same layout, or `../a/f.txt` next to `a/f.txt`) map to the
/// same output unless the command tells them apart. Either that is refused up front as a
/// usage error, or both documents must survive; silently losing one (`--jobs 1`), or failing
/// on a race between two writers of one temporary file (`--jobs 2`), is a bug.
#[test]
fn colliding_relative_paths_do_not_lose_documents() {
    let tmp = TempDir::new().unwrap();
    let root = tmp.path();
    put(root, "x/a.txt", "第一份文件\n");
    put(root, "y/a.txt", "第二份文件\n");
    put(root, "d/a/f.txt", "第一份文件\n");
    put(root, "d/sub/a/f.txt", "第二份文件\n");
    let x = root.join("x/a.txt");
    let y = root.join("y/a.txt");
    let (dx, dy) = (root.join("x"), root.join("y"));
    let sub = root.join("d/sub");
    let cases: [(Option<&Path>, [&Path; 2]); 3] = [
        (None, [&x, &y]),
        (None, [&dx, &dy]),
        (Some(&sub), [Path::new("../a/f.txt"), Path::new("a/f.txt")]),
    ];
    let out = root.join("out");
    for (cwd, inputs) in cases {
        for jobs in ["1", "2"] {
            let _ = fs::remove_dir_all(&out);
            let args = [
                OsStr::new("clean"),
                inputs[0].as_os_str(),
                inputs[1].as_os_str(),
                "-o".as_ref(),
                out.as_os_str(),
                "--jobs".as_ref(),
                jobs.as_ref(),
            ];
            let r = run_in(cwd, args, None);
            if r.code == 2 {
                assert!(!r.stderr.is_empty());
                continue;
            }
            let mut texts = BTreeSet::new();
            for f in files_under(&out) {
                if f.ends_with(".jsonl") {
                    for d in read_jsonl(&out.join(&f)) {
                        texts.insert(d["text"].as_str().unwrap().to_string());
                    }
                }
            }
            assert_eq!(
                texts,
                set(&["第一份文件", "第二份文件"]),
                "inputs {inputs:?} (in {cwd:?}), --jobs {jobs}: outputs {:?}; run {r:#?}",
                files_under(&out)
            );
            expect_code(&r, 0);
        }
    }
}

/// A `..` in an input's path takes back the name before it: `in/d/../d/x.txt` is
/// `in/d/x.txt`, whose id it gets, not `in/d/d/x.txt`, another file.
#[test]
fn parent_directories_in_input_paths_are_resolved() {
    let tmp = TempDir::new().unwrap();
    let root = tmp.path();
    put(root, "in/d/x.txt", "中文\n");
    put(root, "in/d/d/x.txt", "英文\n");
    let r = run_in(
        Some(root),
        [
            "clean",
            "in/d/../d/x.txt",
            "in/d/d/x.txt",
            "--format",
            "spans",
        ],
        None,
    );
    expect_code(&r, 0);
    assert_eq!(
        r.stdout,
        "in/d/x.txt\tzh\t0\t2\tfalse\t中文\nin/d/d/x.txt\tzh\t0\t2\tfalse\t英文\n"
    );
}

/// `zhen bench` reports a file it cannot read and measures the others, as `zhen clean`
/// cleans them; the exit code says that one failed.
#[test]
fn bench_leaves_out_a_bad_file() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("in");
    put(&dir, "a.txt", "我们用Kubernetes部署了API服务。\n");
    put(&dir, "b.txt", b"ok \xFF bad\n");
    let r = run([
        OsStr::new("bench"),
        dir.as_os_str(),
        "--runs".as_ref(),
        "1".as_ref(),
        "--json".as_ref(),
    ]);
    expect_code(&r, 1);
    assert!(
        r.stderr.contains("b.txt") && r.stderr.contains("invalid UTF-8"),
        "{}",
        r.stderr
    );
    let report: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(report["inputs"][0]["documents"], 1, "{report}");
    assert!(report["inputs"][0]["ratio_vs_jieba"].as_f64().unwrap() > 0.0);
    // A binary file is skipped with a warning, as `zhen clean` skips it: no failure.
    fs::remove_file(dir.join("b.txt")).unwrap();
    put(&dir, "c.bin", b"abc\0def\n");
    let r = run([
        OsStr::new("bench"),
        dir.as_os_str(),
        "--runs".as_ref(),
        "1".as_ref(),
    ]);
    expect_code(&r, 0);
    assert!(
        r.stderr.contains("c.bin") && r.stderr.contains("binary"),
        "{}",
        r.stderr
    );
}

/// `zhen bench` on JSON lines measures their text, says how much of the files it is, and
/// reports the records it skips.
#[test]
fn bench_on_json_lines_counts_the_text_and_reports_skipped_records() {
    let tmp = TempDir::new().unwrap();
    let meta: Vec<u32> = (0..500).collect();
    let mut lines = String::new();
    for i in 0..20 {
        lines.push_str(
            &json!({"id": i, "meta": meta, "text": "我们用Kubernetes部署。"}).to_string(),
        );
        lines.push('\n');
    }
    lines.push_str("not json\n");
    let f = put(tmp.path(), "a.jsonl", &lines);
    let r = run([
        OsStr::new("bench"),
        f.as_os_str(),
        "--runs".as_ref(),
        "1".as_ref(),
        "--json".as_ref(),
    ]);
    expect_code(&r, 0);
    assert!(r.stderr.contains("line 21"), "{}", r.stderr);
    let report: Value = serde_json::from_str(&r.stdout).unwrap();
    let input = &report["inputs"][0];
    assert_eq!(input["documents"], 20);
    assert_eq!(input["bytes"], 20 * "我们用Kubernetes部署。".len());
    assert_eq!(input["file_bytes"], lines.len());
}

/// `zhen bench` holds the documents it measures up to a bound (512 MB; less here), and
/// says that it cut the input there: memory does not grow with the input.
#[test]
fn bench_cuts_an_input_past_the_memory_it_may_hold() {
    let tmp = TempDir::new().unwrap();
    let f = put(tmp.path(), "a.txt", "我们用Kubernetes部署。\n".repeat(100));
    let bench = |held: &str| {
        let r = zhen()
            .env("ZHEN_BENCH_HELD", held)
            .args([OsStr::new("bench"), f.as_os_str()])
            .args(["--runs", "1", "--json"])
            .output()
            .unwrap();
        assert_eq!(r.status.code(), Some(0));
        let report: Value = serde_json::from_slice(&r.stdout).unwrap();
        report["inputs"][0].clone()
    };
    let whole = bench("100000000");
    assert_eq!(
        (whole["documents"].as_u64(), whole["cut"].as_bool()),
        (Some(100), Some(false))
    );
    let cut = bench("20000");
    let n = cut["documents"].as_u64().unwrap();
    assert!(
        cut["cut"].as_bool().unwrap() && (1..100).contains(&n),
        "{cut}"
    );
    assert_eq!(cut["bytes"], n * "我们用Kubernetes部署。".len() as u64);
}

/// A report that cannot be written is an error, not a panic; a closed pipe ends it quietly.
#[test]
fn reports_survive_an_unwritable_stdout() {
    let tmp = TempDir::new().unwrap();
    let f = put(tmp.path(), "a.txt", "中文 text\n");
    let full = Path::new("/dev/full");
    if !full.exists() {
        eprintln!("skipped: no /dev/full");
        return;
    }
    for args in [
        &["stats", "--json", "-q"][..],
        &["stats", "-q"],
        &["bench", "--runs", "1"],
        &["spans"],
    ] {
        let out = zhen()
            .args(args)
            .arg(&f)
            .stdout(fs::File::create(full).unwrap())
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains("standard output"), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
    // A reader that stops at once: the pipe closes before the report is written.
    let mut child = zhen()
        .args(["stats", "-q"])
        .arg(&f)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

/// File names that are not UTF-8 give ids of their own: their other bytes are escaped,
/// not all replaced by U+FFFD.
#[cfg(unix)]
#[test]
fn non_utf8_file_names_keep_distinct_ids() {
    use std::os::unix::ffi::OsStrExt;
    let tmp = TempDir::new().unwrap();
    let input = tmp.path().join("in");
    fs::create_dir_all(&input).unwrap();
    for name in [&b"a\xff.txt"[..], b"a\xfe.txt"] {
        let path = input.join(OsStr::from_bytes(name));
        if fs::write(&path, "用Rust写\n").is_err() {
            // (A file system that takes UTF-8 names only.)
            return;
        }
    }
    let r = run([
        OsStr::new("clean"),
        input.as_os_str(),
        "-o".as_ref(),
        "-".as_ref(),
    ]);
    expect_code(&r, 0);
    let ids: BTreeSet<String> = parse_lines(&r.stdout)
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, set(&["a\\xFE.txt", "a\\xFF.txt"]));
}
