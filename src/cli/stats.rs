//! `zhen stats`: a corpus profile without writing outputs.

use std::collections::HashMap;
use std::io::{self, Write};
use std::process::ExitCode;
use std::time::Instant;

use rayon::prelude::*;
use serde::Serialize;
use zhen::Pipeline;
use zhen::output::RunSummary;
use zhen::source::{Item, Reader};

use super::{Setup, StatsArgs, files};

/// Distinct foreign spans counted at most; past it only known spans are counted, which keeps
/// memory bounded on huge corpora.
const MAX_DISTINCT: usize = 200_000;

#[derive(Default)]
struct Tally {
    summary: RunSummary,
    foreign: HashMap<String, u64>,
}

impl Tally {
    fn merge(mut self, other: Tally) -> Tally {
        self.summary.merge(other.summary);
        for (k, v) in other.foreign {
            let room = self.foreign.len() < MAX_DISTINCT;
            if let Some(n) = self.foreign.get_mut(&k) {
                *n += v;
            } else if room {
                self.foreign.insert(k, v);
            }
        }
        self
    }
}

#[derive(Serialize)]
struct Report<'a> {
    #[serde(flatten)]
    summary: &'a RunSummary,
    top_foreign: Vec<(&'a str, u64)>,
}

pub(super) fn run(args: &StatsArgs) -> ExitCode {
    let Setup {
        read,
        pipeline,
        files,
        walk_errors,
    } = match Setup::new(&args.input, &args.pipeline) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let started = Instant::now();
    let bar = files::progress(&files, args.input.quiet);
    let tally = files::pool(args.input.jobs, files.len()).install(|| {
        files
            .par_iter()
            .map(|f| {
                let t = profile(&pipeline, &read, f);
                bar.inc(files::size(&f.path));
                t
            })
            .reduce(Tally::default, Tally::merge)
    });
    bar.finish_and_clear();
    let mut summary = tally.summary;
    for e in &walk_errors {
        summary.add_failed_input(e);
    }
    summary.finish(started.elapsed().as_secs_f64());
    let mut top: Vec<(&str, u64)> = tally
        .foreign
        .iter()
        .map(|(k, &v)| (k.as_str(), v))
        .collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    top.truncate(args.top);
    super::report_errors(&summary);
    if args.json {
        let report = Report {
            summary: &summary,
            top_foreign: top,
        };
        match serde_json::to_string_pretty(&report) {
            Ok(s) if super::report(|out| writeln!(out, "{s}")) => {}
            Ok(_) => return ExitCode::FAILURE,
            Err(e) => {
                stderr!("zhen: {e}");
                return ExitCode::FAILURE;
            }
        }
    } else if !super::report(|out| print_table(out, &summary, &top)) {
        return ExitCode::FAILURE;
    }
    if summary.failed_files > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn profile(
    pipeline: &Pipeline,
    read: &zhen::source::ReadOptions,
    f: &zhen::source::InputFile,
) -> Tally {
    let mut t = Tally::default();
    t.summary.files = 1;
    let label = f.id();
    let fail = |t: &mut Tally, e: &zhen::Error| {
        t.summary
            .add_failure(f.path.display().to_string(), e.to_string());
    };
    // A file that fails counts as failed alone, as `zhen clean` counts it: none of its
    // documents are profiled (the errors met before are kept).
    let failed = |t: Tally, e: &zhen::Error, bytes_in: u64| {
        let mut only = Tally::default();
        only.summary.files = 1;
        only.summary.bytes_in = bytes_in;
        only.summary.skipped_records = t.summary.skipped_records;
        only.summary.errors = t.summary.errors;
        only.summary.errors_omitted = t.summary.errors_omitted;
        fail(&mut only, e);
        only
    };
    let reader = match Reader::new(&f.path, &label, read) {
        Ok(r) => r,
        Err(e @ zhen::Error::Binary { .. }) => {
            stderr!("zhen: warning: {e}");
            t.summary.skipped_files += 1;
            return t;
        }
        Err(e) => {
            fail(&mut t, &e);
            return t;
        }
    };
    let mut reader = reader;
    while let Some(item) = reader.next() {
        match item {
            Ok(Item::Document(record)) => {
                // A long JSON text is cleaned in parts, and counts as one document.
                let text = &record.text;
                let (summary, foreign) = (&mut t.summary, &mut t.foreign);
                let profiled = super::guarded(f, &reader, &record, || {
                    let docs = pipeline
                        .process_parts_after(text, read.max_document, record.origin.fence)
                        .map(|(_, doc)| doc);
                    summary.add_parts(docs, |doc| {
                        for s in doc.spans().iter().filter(|s| s.foreign) {
                            let key = &doc.text()[s.range.clone()];
                            if let Some(n) = foreign.get_mut(key) {
                                *n += 1;
                            } else if foreign.len() < MAX_DISTINCT {
                                foreign.insert(key.to_string(), 1);
                            }
                        }
                    });
                });
                if let Err(e) = profiled {
                    return failed(t, &e, reader.bytes_read());
                }
            }
            Ok(Item::Skipped(e)) => {
                t.summary.skipped_records += 1;
                t.summary
                    .add_error(f.path.display().to_string(), e.to_string());
            }
            Err(e) => return failed(t, &e, reader.bytes_read()),
        }
    }
    t.summary.replaced_chars += reader.replaced as u64;
    t.summary.bytes_in += reader.bytes_read();
    t
}

fn print_table(out: &mut impl Write, s: &RunSummary, top: &[(&str, u64)]) -> io::Result<()> {
    writeln!(
        out,
        "files            {} ({} failed)",
        s.files, s.failed_files
    )?;
    writeln!(out, "documents        {}", s.documents)?;
    writeln!(out, "bytes            {}", s.bytes_in)?;
    writeln!(out, "mixed documents  {}", s.mixed_documents)?;
    writeln!(out, "foreign spans    {}", s.foreign_spans)?;
    let mut shares: Vec<(&String, &f64)> = s.shares.iter().collect();
    shares.sort_by(|a, b| b.1.total_cmp(a.1));
    let shares: Vec<String> = shares
        .iter()
        .map(|(k, v)| format!("{k} {:.1}%", *v * 100.0))
        .collect();
    writeln!(out, "language shares  {}", shares.join(", "))?;
    writeln!(out, "throughput       {:.1} MB/s", s.mb_per_s)?;
    if !top.is_empty() {
        writeln!(out, "top foreign spans:")?;
        for (text, n) in top {
            let shown: String = text.chars().take(60).collect();
            writeln!(out, "  {n:>6}  {shown}")?;
        }
    }
    Ok(())
}
