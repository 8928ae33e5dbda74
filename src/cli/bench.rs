//! `zhen bench`: throughput per stage and end to end, against jieba-rs `cut` alone.
//!
//! Stages are timed as cumulative configurations of the same pipeline over the same
//! documents (spans only; cleaning + spans; + words; + JSON), and each stage's cost is the
//! difference between neighbours. jieba-rs `cut(line, true)` over the same documents is the
//! baseline: the ratio end-to-end ÷ jieba is what the pipeline costs beyond segmentation.

use std::fs;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use rayon::prelude::*;
use serde::Serialize;
use zhen::output::{Format, Writer};
use zhen::source::{Item, ReadOptions, Reader, Record, Unit, parts};
use zhen::{Config, CutMode, Form, OffsetUnit, Pipeline, Switch};

use super::clean::OUTPUT_BUFFER;
use super::{BenchArgs, InputArgs, Skips, files, usage};

#[derive(Serialize, Clone, Copy)]
struct Rate {
    median_mbps: f64,
    min_mbps: f64,
    max_mbps: f64,
}

#[derive(Serialize)]
struct InputReport {
    input: String,
    /// The text measured (every rate counts it): JSON lines hold more than their text.
    bytes: u64,
    /// The files read, as stored (compressed, with the JSON around the text).
    file_bytes: u64,
    documents: usize,
    /// Whether the input was cut at [`HELD`] bytes held in memory: the rest is not measured.
    cut: bool,
    /// Cumulative configurations, each measured.
    measured: Vec<(&'static str, Rate)>,
    /// Per stage, from the differences of the medians (`null` when within the noise).
    stages: Vec<(&'static str, Option<f64>)>,
    jieba_cut_mbps: Rate,
    /// End to end ÷ jieba-rs cut alone: the median over runs timed in turn.
    ratio_vs_jieba: f64,
    jobs: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    parallel_mbps: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    scaling_vs_one_job: Option<f64>,
}

#[derive(Serialize)]
struct Report {
    machine: Machine,
    runs: usize,
    inputs: Vec<InputReport>,
    peak_rss_mb: Option<f64>,
}

#[derive(Serialize)]
struct Machine {
    cores: usize,
    cpu: String,
}

pub(super) fn run(args: &BenchArgs) -> ExitCode {
    let read = match args.input.read_options_with(Unit::Line) {
        Ok(r) => r,
        Err(e) => return usage(e),
    };
    let config = args.pipeline.config();
    let pipelines = match Pipelines::new(&config) {
        Ok(p) => p,
        Err(e) => return usage(e),
    };
    let jieba = jieba_rs::Jieba::new();
    let inputs: Vec<PathBuf> = if args.input.inputs.is_empty() {
        vec![PathBuf::from("corpus")]
    } else {
        args.input.inputs.clone()
    };
    let runs = args.runs.max(1);
    let jobs = args.input.jobs.unwrap_or(1);
    let mut reports = Vec::new();
    let mut failed = false;
    for input in &inputs {
        let one = InputArgs {
            inputs: vec![input.clone()],
            ..args.input.clone()
        };
        let (files, errors) = match files::collect(&one) {
            Ok(f) => f,
            Err(e) => return usage(e),
        };
        // A file that cannot be read is reported and left out, as `zhen clean` does; the
        // others are measured, and the exit code says that one failed.
        for e in &errors {
            stderr!("zhen: {e}");
        }
        failed |= !errors.is_empty();
        let (readable, skipped, docs, cut_short) = readable(&files, &read);
        failed |= readable.len() + skipped < files.len();
        let decode = || {
            let mut left = held_bytes();
            read_all(&readable, &read, None, &mut left, &mut |r| {
                std::hint::black_box(r);
            })
        };
        let bytes: u64 = docs.iter().map(|d| d.text.len() as u64).sum();
        let file_bytes: u64 = readable
            .iter()
            .filter_map(|f| fs::metadata(&f.path).ok())
            .map(|m| m.len())
            .sum();
        if bytes == 0 {
            stderr!("zhen: {}: no text to measure", input.display());
            continue;
        }
        let mbps = |secs: f64| bytes as f64 / 1e6 / secs.max(1e-9);
        let secs_of = |f: &dyn Fn()| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64()
        };
        let rate = |mut secs: Vec<f64>| {
            secs.sort_by(f64::total_cmp);
            Rate {
                median_mbps: mbps(secs[secs.len() / 2]),
                min_mbps: mbps(secs[secs.len() - 1]),
                max_mbps: mbps(secs[0]),
            }
        };
        let time = |f: &dyn Fn()| -> Rate {
            f(); // warm-up
            rate((0..runs).map(|_| secs_of(f)).collect())
        };
        let writer = Writer::new(Format::Jsonl, OffsetUnit::Chars);
        let decode_rate = time(&|| {
            let _ = std::hint::black_box(decode());
        });
        let spans_only = time(&|| process_all(&pipelines.spans_only, &docs));
        let clean = time(&|| process_all(&pipelines.no_words, &docs));
        let words = time(&|| process_all(&pipelines.full, &docs));
        // End to end and jieba alone are timed in turn, and the ratio is the median of the
        // pairs: a shared machine's speed drifts between runs, less within a pair.
        let full = || end_to_end(&pipelines.full, &writer, &docs);
        let cut = || {
            for d in &docs {
                std::hint::black_box(jieba.cut(&d.text, true));
            }
        };
        full();
        cut();
        let pairs: Vec<(f64, f64)> = (0..runs).map(|_| (secs_of(&full), secs_of(&cut))).collect();
        let end_to_end = rate(pairs.iter().map(|p| p.0).collect());
        let jieba_rate = rate(pairs.iter().map(|p| p.1).collect());
        let mut ratios: Vec<f64> = pairs.iter().map(|(e, j)| j / e.max(1e-9)).collect();
        ratios.sort_by(f64::total_cmp);
        let ratio = ratios[ratios.len() / 2];
        let secs = |r: Rate| bytes as f64 / 1e6 / r.median_mbps;
        // A difference within the noise (zero or negative) has no meaningful rate.
        let stage = |t: f64| (t > 0.0).then(|| (bytes as f64 / 1e6 / t * 10.0).round() / 10.0);
        let stages = vec![
            ("decode", stage(secs(decode_rate))),
            ("detect spans", stage(secs(spans_only))),
            ("clean", stage(secs(clean) - secs(spans_only))),
            ("segment", stage(secs(words) - secs(clean))),
            ("serialize JSON", stage(secs(end_to_end) - secs(words))),
        ];
        let (parallel_mbps, scaling) = if jobs > 1 {
            let pool = files::pool(Some(jobs), docs.len());
            let par = time(&|| pool.install(|| parallel(&pipelines.full, &writer, &docs)));
            (
                Some(par.median_mbps),
                Some(par.median_mbps / end_to_end.median_mbps),
            )
        } else {
            (None, None)
        };
        reports.push(InputReport {
            input: input.display().to_string(),
            bytes,
            file_bytes,
            documents: docs.len(),
            cut: cut_short,
            measured: vec![
                ("decode", decode_rate),
                ("spans only", spans_only),
                ("clean + spans", clean),
                ("clean + spans + words", words),
                ("end to end (with JSON)", end_to_end),
            ],
            stages,
            jieba_cut_mbps: jieba_rate,
            ratio_vs_jieba: ratio,
            jobs,
            parallel_mbps,
            scaling_vs_one_job: scaling,
        });
    }
    let report = Report {
        machine: Machine {
            cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
            cpu: cpu_model(),
        },
        runs,
        inputs: reports,
        peak_rss_mb: peak_rss_mb(),
    };
    if args.json {
        match serde_json::to_string_pretty(&report) {
            Ok(s) if super::report(|out| writeln!(out, "{s}")) => {}
            Ok(_) => return ExitCode::FAILURE,
            Err(e) => {
                stderr!("zhen: {e}");
                return ExitCode::FAILURE;
            }
        }
    } else if !super::report(|out| print_report(out, &report)) {
        return ExitCode::FAILURE;
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// The full pipeline and the reduced ones whose differences give each stage's cost.
struct Pipelines {
    full: Pipeline,
    no_words: Pipeline,
    spans_only: Pipeline,
}

impl Pipelines {
    fn new(config: &Config) -> Result<Pipelines, zhen::Error> {
        let no_words = Config {
            cut: CutMode::Off,
            ..config.clone()
        };
        let spans_only = Config {
            characters: Switch::Off,
            normalization: Form::Off,
            whitespace: Switch::Off,
            spacing: Switch::Off,
            punctuation: Switch::Off,
            ..no_words.clone()
        };
        Ok(Pipelines {
            full: Pipeline::new(config.clone())?,
            no_words: Pipeline::new(no_words)?,
            spans_only: Pipeline::new(spans_only)?,
        })
    }
}

/// Bytes the documents held for measuring may take (their text and their records): past
/// them an input's other documents are left out, so that memory stays bounded whatever the
/// input (25 million short lines took 10 GB held whole).
const HELD: usize = 512 << 20;

/// [`HELD`], or the bytes the environment's `ZHEN_BENCH_HELD` says (for tests of the cut).
fn held_bytes() -> usize {
    std::env::var("ZHEN_BENCH_HELD")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(HELD)
}

/// The files that can be read (the others reported), how many were skipped as binary (as
/// `zhen clean` skips them, with a warning and no failure), the documents read, and whether
/// they were cut at [`HELD`] bytes.
fn readable(
    files: &[zhen::source::InputFile],
    read: &ReadOptions,
) -> (Vec<zhen::source::InputFile>, usize, Vec<Record>, bool) {
    let mut ok = Vec::new();
    let mut skipped = 0;
    let mut docs = Vec::new();
    let mut left = held_bytes();
    let skips = Skips::default();
    for f in files {
        if left == 0 {
            break;
        }
        let (before, left_before) = (docs.len(), left);
        let read = read_all(
            std::slice::from_ref(f),
            read,
            Some(&skips),
            &mut left,
            &mut |r| docs.push(r),
        );
        if read.is_err() {
            docs.truncate(before);
            left = left_before;
        }
        match read {
            Ok(()) => ok.push(f.clone()),
            Err(e @ zhen::Error::Binary { .. }) => {
                stderr!("zhen: warning: {e}");
                skipped += 1;
            }
            Err(e) => stderr!("zhen: {e}"),
        }
    }
    skips.finish();
    (ok, skipped, docs, left == 0)
}

/// Passes the documents of `files` to `each`, cut as `zhen clean` cuts them, until they
/// take `left` bytes; the records skipped are reported to `report` when given (once, not at
/// every timed run).
fn read_all(
    files: &[zhen::source::InputFile],
    read: &ReadOptions,
    report: Option<&Skips>,
    left: &mut usize,
    each: &mut dyn FnMut(Record),
) -> Result<(), zhen::Error> {
    fn take(r: Record, left: &mut usize, each: &mut dyn FnMut(Record)) {
        // (A record's slot, twice over as its vector grows, its text and its id, each
        // allocation with the allocator's own bytes.)
        let id = r.id.as_str().map_or(0, str::len);
        let size = 2 * std::mem::size_of::<Record>() + r.text.len() + id + 64;
        if *left >= size {
            *left -= size;
            each(r);
        } else {
            *left = 0;
        }
    }
    for f in files {
        for item in Reader::new(&f.path, &f.id(), read)? {
            if *left == 0 {
                return Ok(());
            }
            let r = match item? {
                Item::Document(r) => r,
                Item::Skipped(e) => {
                    if let Some(skips) = report {
                        skips.report(&e);
                    }
                    continue;
                }
            };
            // A long JSON text is cleaned in parts, as `zhen clean` does.
            if r.text.len() <= read.max_document {
                take(r, left, each);
                continue;
            }
            for part in parts(&r.text, read.max_document) {
                take(
                    Record {
                        id: r.id.clone(),
                        text: r.text[part].to_string(),
                        origin: r.origin,
                        fields: r.fields.clone(),
                    },
                    left,
                    each,
                );
            }
        }
    }
    Ok(())
}

fn process_all(p: &Pipeline, docs: &[Record]) {
    for d in docs {
        std::hint::black_box(p.process(&d.text));
    }
}

fn end_to_end(p: &Pipeline, writer: &Writer, docs: &[Record]) {
    // Output goes through a buffer of the size `zhen clean` writes its files with.
    let mut sink = Vec::with_capacity(2 * OUTPUT_BUFFER);
    for d in docs {
        let doc = p.process(&d.text);
        // Writing into memory cannot fail.
        let _ = writer.document(&mut sink, &doc, d);
        if sink.len() > OUTPUT_BUFFER {
            std::hint::black_box(&sink);
            sink.clear();
        }
    }
    let _ = std::io::sink().write_all(&sink);
}

fn parallel(p: &Pipeline, writer: &Writer, docs: &[Record]) {
    docs.par_chunks(64)
        .for_each(|chunk| end_to_end(p, writer, chunk));
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_string())
        })
        .unwrap_or_else(|| "unknown".into())
}

/// Peak resident set size of this process, from /proc/self/status (Linux).
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: f64 = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()?;
    Some((kb / 1024.0 * 10.0).round() / 10.0)
}

fn print_report(out: &mut impl Write, r: &Report) -> std::io::Result<()> {
    writeln!(
        out,
        "machine: {} cores, {}; {} runs after a warm-up",
        r.machine.cores, r.machine.cpu, r.runs
    )?;
    for i in &r.inputs {
        writeln!(out)?;
        let mb = |b: u64| b as f64 / 1e6;
        if i.file_bytes.abs_diff(i.bytes) * 10 > i.bytes {
            writeln!(
                out,
                "{}: {:.2} MB of text ({:.2} MB of files; rates count the text), {} documents",
                i.input,
                mb(i.bytes),
                mb(i.file_bytes),
                i.documents
            )?;
        } else {
            writeln!(
                out,
                "{}: {:.2} MB, {} documents",
                i.input,
                mb(i.bytes),
                i.documents
            )?;
        }
        if i.cut {
            writeln!(
                out,
                "  (cut at {} MB held in memory: the rest of the input is not measured)",
                held_bytes() >> 20
            )?;
        }
        writeln!(out, "  {:<26} {:>9}  {:>19}", "measured", "MB/s", "min–max")?;
        for (name, rate) in &i.measured {
            writeln!(
                out,
                "  {:<26} {:>9.1}  {:>8.1} – {:<8.1}",
                name, rate.median_mbps, rate.min_mbps, rate.max_mbps
            )?;
        }
        let j = i.jieba_cut_mbps;
        writeln!(
            out,
            "  {:<26} {:>9.1}  {:>8.1} – {:<8.1}",
            "jieba-rs cut alone", j.median_mbps, j.min_mbps, j.max_mbps
        )?;
        let stages: Vec<String> = i
            .stages
            .iter()
            .map(|(n, v)| match v {
                Some(v) => format!("{n} {v:.1}"),
                None => format!("{n} (within noise)"),
            })
            .collect();
        writeln!(out, "  per stage MB/s: {}", stages.join(", "))?;
        writeln!(out, "  pipeline ÷ jieba-only: {:.2}", i.ratio_vs_jieba)?;
        if let (Some(p), Some(s)) = (i.parallel_mbps, i.scaling_vs_one_job) {
            writeln!(
                out,
                "  --jobs {}: {:.1} MB/s, {:.2} × one job",
                i.jobs, p, s
            )?;
        }
    }
    if let Some(rss) = r.peak_rss_mb {
        writeln!(out)?;
        writeln!(out, "peak RSS: {rss:.1} MB")?;
    }
    Ok(())
}
