//! Single-core throughput of the pipeline, next to jieba-rs alone.
//!
//! Every line of an input is one document. For each input (the three files of
//! `../shared/benchdata/` next to the crate, and `corpus/` with all its files' lines) a group
//! measures, in bytes of input per second:
//!
//! - `jieba_cut`: `jieba.cut(line, true)` on every line, the baseline;
//! - `end_to_end`: `pipeline.process(line)` and the document's JSON line written to a
//!   reused `Vec` (what `zhen clean` does per document);
//! - `process`: `pipeline.process(line)` alone (clean + spans + words);
//! - `clean_spans`: the same without segmentation (`CutMode::Off`);
//! - `spans`: span detection alone (every cleaning stage off, no segmentation);
//! - `json`: the JSON lines of documents processed beforehand.
//!
//! Each stage's cost is the difference of neighbours: cleaning = `clean_spans` − `spans`,
//! segmentation = `process` − `clean_spans`.
//!
//! ```sh
//! cargo bench --bench pipeline                 # everything (a few minutes)
//! cargo bench --bench pipeline -- zh_pure      # one input
//! cargo run --release -- bench ../shared/benchdata/zh_pure.txt  # a quicker table (zhen bench)
//! ```
//!
//! Jieba's dictionaries are loaded before measuring. A missing benchmark file is reported
//! and skipped.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};

/// The lines of a file, or `None` (with a message) when it cannot be read.
fn lines_of(path: &Path) -> Option<Vec<String>> {
    match std::fs::read_to_string(path) {
        Ok(text) => Some(text.lines().map(str::to_owned).collect()),
        Err(e) => {
            eprintln!("skipping {}: {e}", path.display());
            None
        }
    }
}

/// The lines of every file in `dir`, files in name order.
fn corpus_lines(dir: &Path) -> Option<Vec<String>> {
    let mut paths: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .collect(),
        Err(e) => {
            eprintln!("skipping {}: {e}", dir.display());
            return None;
        }
    };
    paths.sort();
    let mut lines = Vec::new();
    for p in paths {
        lines.extend(lines_of(&p)?);
    }
    Some(lines)
}

fn inputs() -> Vec<(String, Vec<String>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bench = root.join("../shared/benchdata");
    let mut out = Vec::new();
    for name in ["zh_pure", "zh_dominant", "en_dominant"] {
        if let Some(lines) = lines_of(&bench.join(format!("{name}.txt"))) {
            out.push((name.to_owned(), lines));
        }
    }
    if let Some(lines) = corpus_lines(&root.join("corpus")) {
        out.push(("corpus".to_owned(), lines));
    }
    out
}

fn pipeline(c: &mut Criterion) {
    use zhen::{Config, CutMode, Form, Switch};
    let pipeline = zhen::Pipeline::new(Config::default()).expect("default pipeline");
    let no_cut = Config {
        cut: CutMode::Off,
        ..Config::default()
    };
    let spans_only = Config {
        characters: Switch::Off,
        normalization: Form::Off,
        whitespace: Switch::Off,
        spacing: Switch::Off,
        punctuation: Switch::Off,
        ..no_cut.clone()
    };
    let clean_spans = zhen::Pipeline::new(no_cut).expect("pipeline");
    let spans = zhen::Pipeline::new(spans_only).expect("pipeline");
    let jieba = jieba_rs::Jieba::new();
    // Load the pipeline's dictionary (on the first Chinese span) outside the measurements.
    black_box(pipeline.process("预热"));

    for (name, lines) in inputs() {
        let bytes: usize = lines.iter().map(String::len).sum();
        let ids: Vec<serde_json::Value> = (0..lines.len()).map(serde_json::Value::from).collect();
        let mut group = c.benchmark_group(&name);
        group
            .throughput(Throughput::Bytes(bytes as u64))
            .sampling_mode(SamplingMode::Flat)
            .sample_size(10)
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(3));

        group.bench_function("jieba_cut", |b| {
            b.iter(|| {
                for line in &lines {
                    black_box(jieba.cut(black_box(line), true));
                }
            })
        });

        let mut sink: Vec<u8> = Vec::with_capacity(bytes * 4);
        group.bench_function("end_to_end", |b| {
            b.iter(|| {
                sink.clear();
                for (line, id) in lines.iter().zip(&ids) {
                    let doc = pipeline.process(black_box(line));
                    zhen::JsonDocument::new(&doc, Some(id), zhen::OffsetUnit::Chars)
                        .write_line(&mut sink)
                        .expect("writing to a Vec");
                }
                black_box(&sink);
            })
        });

        group.bench_function("process", |b| {
            b.iter(|| {
                for line in &lines {
                    black_box(pipeline.process(black_box(line)));
                }
            })
        });

        for (stage, p) in [("clean_spans", &clean_spans), ("spans", &spans)] {
            group.bench_function(stage, |b| {
                b.iter(|| {
                    for line in &lines {
                        black_box(p.process(black_box(line)));
                    }
                })
            });
        }

        let docs: Vec<zhen::Document> = lines.iter().map(|l| pipeline.process(l)).collect();
        group.bench_function("json", |b| {
            b.iter(|| {
                sink.clear();
                for (doc, id) in black_box(&docs).iter().zip(&ids) {
                    zhen::JsonDocument::new(doc, Some(id), zhen::OffsetUnit::Chars)
                        .write_line(&mut sink)
                        .expect("writing to a Vec");
                }
                black_box(&sink);
            })
        });
        group.finish();
    }
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
