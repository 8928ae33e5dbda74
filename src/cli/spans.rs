//! `zhen spans`: documents with their foreign spans highlighted, for human review.

use std::io::{self, BufWriter, IsTerminal, Write};
use std::process::ExitCode;

use zhen::Document;
use zhen::source::{Item, Reader, parts};

use super::{Setup, SpansArgs};

pub(super) fn run(args: &SpansArgs) -> ExitCode {
    let Setup {
        read,
        pipeline,
        files,
        walk_errors,
    } = match Setup::new(&args.input, &args.pipeline) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let mut failed = !walk_errors.is_empty();
    for e in walk_errors {
        eprintln!("zhen: {e}");
    }
    let color =
        io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for f in &files {
        let label = f.relative.to_string_lossy().into_owned();
        let reader = match Reader::new(&f.path, &label, &read) {
            Ok(r) => r,
            Err(e @ zhen::Error::Binary { .. }) => {
                eprintln!("zhen: warning: {e}");
                continue;
            }
            Err(e) => {
                eprintln!("zhen: {e}");
                failed = true;
                continue;
            }
        };
        // A file is shown whole, so its documents are kept until it is known to be mixed.
        let mut shown = Vec::new();
        let (mut docs, mut mixed, mut foreign) = (0, 0, 0);
        for item in reader {
            match item {
                Ok(Item::Document(record)) => {
                    // A long JSON text is cleaned and shown in parts, and counts as one
                    // document, mixed when one of its parts is.
                    docs += 1;
                    let mut is_mixed = false;
                    for part in parts(&record.text, read.max_document) {
                        let doc = pipeline.process(&record.text[part]);
                        is_mixed |= doc.summary().mixed;
                        foreign += doc.spans().iter().filter(|s| s.foreign).count();
                        shown.push(highlight(&doc, color));
                    }
                    mixed += usize::from(is_mixed);
                }
                Ok(Item::Skipped(e)) => eprintln!("zhen: {e}"),
                Err(e) => {
                    eprintln!("zhen: {e}");
                    failed = true;
                    break;
                }
            }
        }
        if args.only_mixed && foreign == 0 {
            continue;
        }
        let written = (|| -> io::Result<()> {
            for s in &shown {
                writeln!(out, "{s}")?;
            }
            writeln!(
                out,
                "== {label}: {docs} documents, {mixed} mixed, {foreign} foreign spans"
            )?;
            out.flush()
        })();
        if let Err(e) = written {
            if e.kind() == io::ErrorKind::BrokenPipe {
                return ExitCode::SUCCESS;
            }
            eprintln!("zhen: {e}");
            return ExitCode::FAILURE;
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// The cleaned text with foreign spans in reverse video (or `[[…]]` without colour),
/// each tagged with its language.
fn highlight(doc: &Document, color: bool) -> String {
    let text = doc.text();
    let mut s = String::with_capacity(text.len() + 64);
    let mut at = 0;
    for span in doc.spans().iter().filter(|s| s.foreign) {
        s.push_str(&text[at..span.range.start]);
        let body = &text[span.range.clone()];
        if color {
            s.push_str(&format!(
                "\x1b[1;33m{body}\x1b[0m\x1b[2m[{}]\x1b[0m",
                span.lang
            ));
        } else {
            s.push_str(&format!("[[{}: {body}]]", span.lang));
        }
        at = span.range.end;
    }
    s.push_str(&text[at..]);
    s
}
