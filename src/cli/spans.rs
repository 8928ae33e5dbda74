//! `zhen spans`: documents with their foreign spans highlighted, for human review.

use std::io::{self, BufWriter, IsTerminal, Write};
use std::process::ExitCode;

use zhen::Document;
use zhen::source::{InputFile, Item, Reader};

use super::files::is_stdin;
use super::{Setup, Skips, SpansArgs};

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
        stderr!("zhen: {e}");
    }
    let color =
        io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let show = Show {
        read: &read,
        pipeline: &pipeline,
        color,
        skips: Skips::default(),
    };
    for f in &files {
        let label = f.id();
        let open = || match Reader::new(&f.path, &label, &read) {
            Ok(r) => Ok(Some(r)),
            Err(e @ zhen::Error::Binary { .. }) => {
                stderr!("zhen: warning: {e}");
                Ok(None)
            }
            Err(e) => Err(e),
        };
        let reader = match open() {
            Ok(Some(r)) => r,
            Ok(None) => continue,
            Err(e) => {
                stderr!("zhen: {e}");
                failed = true;
                continue;
            }
        };
        // Documents are written as they come. With `--only-mixed` those before the first
        // foreign span wait until it appears, up to `HELD` bytes; past that a file is
        // read a second time if it turns out mixed (standard input, which cannot be, is
        // held whole, and so is a pipe named as a file, `<(zcat a.gz)` or a FIFO).
        // (A document read from standard input is shown before the next is read.)
        let stdin = is_stdin(f) || !std::fs::metadata(&f.path).is_ok_and(|m| m.is_file());
        let mut held = Held::default();
        let cap = if stdin { usize::MAX } else { held_bytes() };
        let mut shown = show.file(f, reader, &mut |s: String, foreign: bool| {
            let mut write = |s: &str| {
                writeln!(out, "{s}")?;
                if stdin { out.flush() } else { Ok(()) }
            };
            if !args.only_mixed || held.streaming {
                return write(&s);
            }
            if foreign && !held.over {
                held.streaming = true;
                for h in held.docs.drain(..) {
                    write(&h)?;
                }
                return write(&s);
            }
            held.bytes += s.len();
            held.over |= held.bytes > cap;
            if held.over {
                held.docs = Vec::new();
            } else {
                held.docs.push(s);
            }
            Ok(())
        });
        if held.over && shown.foreign > 0 && shown.written.is_ok() {
            match open() {
                Ok(Some(r)) => shown = show.file(f, r, &mut |s, _| writeln!(out, "{s}")),
                Ok(None) => {}
                Err(e) => {
                    stderr!("zhen: {e}");
                    failed = true;
                    continue;
                }
            }
        }
        let Shown {
            docs,
            mixed,
            foreign,
            failed: read_failed,
            written,
        } = shown;
        failed |= read_failed;
        let written = written.and_then(|()| {
            if args.only_mixed && foreign == 0 {
                return Ok(());
            }
            // (A file's name may hold a line break: escaped, it stays on its line.)
            let label = label.escape_debug();
            if read_failed {
                writeln!(out, "== {label}: failed after {docs} documents")?;
            } else {
                writeln!(
                    out,
                    "== {label}: {docs} documents, {mixed} mixed, {foreign} foreign spans"
                )?;
            }
            out.flush()
        });
        if let Err(e) = written {
            if e.kind() == io::ErrorKind::BrokenPipe {
                return ExitCode::SUCCESS;
            }
            stderr!("zhen: standard output: {e}");
            return ExitCode::FAILURE;
        }
    }
    show.skips.finish();
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// How much of an `--only-mixed` file is held before its first foreign span (64 MiB).
const HELD: usize = 64 << 20;

/// [`HELD`], or the bytes the environment's `ZHEN_HELD` says (for tests of the second read).
fn held_bytes() -> usize {
    std::env::var("ZHEN_HELD")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(HELD)
}

/// The documents of a file held until it is known to be mixed.
#[derive(Default)]
struct Held {
    docs: Vec<String>,
    bytes: usize,
    /// More than the cap was held, and dropped.
    over: bool,
    /// A foreign span was met: the rest is written as it comes.
    streaming: bool,
}

/// What is needed to show a file's documents.
struct Show<'a> {
    read: &'a zhen::source::ReadOptions,
    pipeline: &'a zhen::Pipeline,
    color: bool,
    skips: Skips,
}

/// What showing a file did.
struct Shown {
    docs: usize,
    mixed: usize,
    foreign: usize,
    /// A read error ended the file early.
    failed: bool,
    written: io::Result<()>,
}

impl Show<'_> {
    /// Passes each highlighted document of `reader` to `emit`, with whether a foreign
    /// span has been met in the file so far, until `emit` fails.
    fn file(
        &self,
        f: &InputFile,
        reader: Reader,
        emit: &mut dyn FnMut(String, bool) -> io::Result<()>,
    ) -> Shown {
        let mut shown = Shown {
            docs: 0,
            mixed: 0,
            foreign: 0,
            failed: false,
            written: Ok(()),
        };
        let mut reader = reader;
        while let Some(item) = reader.next() {
            match item {
                Ok(Item::Document(record)) => {
                    // A long JSON text is cleaned and shown in parts, and counts as one
                    // document, mixed when one of its parts is.
                    shown.docs += 1;
                    let mut is_mixed = false;
                    let written = super::guarded(f, &reader, &record, || {
                        for (_, doc) in self.pipeline.process_parts_after(
                            &record.text,
                            self.read.max_document,
                            record.origin.fence,
                        ) {
                            is_mixed |= doc.summary().mixed;
                            shown.foreign += doc.spans().iter().filter(|s| s.foreign).count();
                            emit(highlight(&doc, self.color), shown.foreign > 0)?;
                        }
                        Ok(())
                    });
                    match written {
                        Ok(Ok(())) => {}
                        Ok(Err(e)) => {
                            shown.written = Err(e);
                            return shown;
                        }
                        Err(e) => {
                            stderr!("zhen: {e}");
                            shown.failed = true;
                            break;
                        }
                    }
                    shown.mixed += usize::from(is_mixed);
                }
                Ok(Item::Skipped(e)) => self.skips.report(&e),
                Err(e) => {
                    stderr!("zhen: {e}");
                    shown.failed = true;
                    break;
                }
            }
        }
        shown
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
