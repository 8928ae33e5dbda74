//! `zhen clean`: inputs to cleaned outputs, mirrored under `-o` or streamed to stdout.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;
use zhen::Pipeline;
use zhen::output::{Format, RunSummary, Writer, Written};
use zhen::source::{InputFile, InputFormat, Item, ReadOptions, Reader, Record, Unit};

use super::{CleanArgs, CompressArg, Setup, files, guarded, usage};

/// Everything needed to process one file.
struct Job<'a> {
    pipeline: &'a Pipeline,
    read: &'a ReadOptions,
    writer: &'a Writer,
    out_dir: Option<&'a Path>,
    compress: Option<CompressArg>,
    resume: bool,
    /// With `--resume`, the summary of the interrupted run into the same directory.
    resumed: RunSummary,
}

pub(super) fn run(args: &CleanArgs) -> ExitCode {
    let Setup {
        read,
        pipeline,
        files,
        walk_errors,
    } = match Setup::new(&args.input, &args.pipeline) {
        Ok(s) => s,
        Err(code) => return code,
    };
    // (`-o -`, as `-` for input, is standard output.)
    let out_dir = args.output.as_deref().filter(|o| *o != Path::new("-"));
    if args.resume && out_dir.is_none() {
        return usage(
            "--resume needs an output directory (-o OUT): standard output keeps no outputs to resume",
        );
    }
    if let Some(out) = out_dir {
        if let Some(input) = args.input.inputs.iter().find(|i| overlaps(i, out)) {
            return usage(format!(
                "refusing to write into the input: output {} and input {} overlap",
                out.display(),
                input.display()
            ));
        }
        // (Nor one reached through a symlink in an input directory: each run would read the
        // outputs of the one before.)
        if let Ok(real_out) = fs::canonicalize(out)
            && let Some(f) = files.iter().find(|f| {
                !files::is_stdin(f)
                    && fs::canonicalize(&f.path).is_ok_and(|p| p.starts_with(&real_out))
            })
        {
            return usage(format!(
                "refusing to write into the input: input {} lies in the output {}",
                f.path.display(),
                out.display()
            ));
        }
        if files.iter().any(files::is_stdin) && args.input.inputs.len() > 1 {
            return usage("standard input cannot be mixed with files when writing to -o");
        }
        if let Err(e) =
            files::unique_outputs(&files).and_then(|()| files::disjoint(&args.input.inputs))
        {
            return usage(e);
        }
    }
    if args.compress.is_some() && out_dir.is_none() {
        return usage("--compress needs -o");
    }
    // (Its documents and attributes go to two files; one stream of both is neither.)
    if args.format() == Format::Dolma && out_dir.is_none() {
        return usage("--format dolma needs -o");
    }
    if args.input.id_field == args.input.text_field {
        return usage(format!(
            "--text-field and --id-field both name `{}` (the id field is `id` unless \
             --id-field names another)",
            args.input.id_field
        ));
    }
    if args.input.text_field == "zhen" && args.format() == Format::Jsonl {
        return usage("--text-field zhen: the annotations are written under `zhen`");
    }
    let writer = Writer::new(args.format(), args.unit())
        .with_text_field(&args.input.text_field)
        .with_one_line(read.unit == Unit::Line);
    let job = Job {
        pipeline: &pipeline,
        read: &read,
        writer: &writer,
        out_dir,
        compress: args.compress,
        resume: args.resume,
        resumed: RunSummary::default(),
    };
    if let Some(dir) = job.out_dir
        && let Err(e) = outputs_apart(&job, &files, dir)
    {
        return usage(e);
    }
    let _lock = match job.out_dir.map(lock).transpose() {
        Ok(l) => l,
        Err(e) => return usage(e),
    };
    let previous = match job.out_dir {
        Some(dir) if job.resume => previous_run(dir),
        _ => None,
    };
    // (Outputs made with other options are not up to date, whatever their times say.)
    let options = args.output_options();
    if let Some(made_with) = previous.as_ref().and_then(|s| s.options.as_ref())
        && *made_with != options
    {
        let shown = |o: &str| {
            if o.is_empty() {
                "the defaults".to_owned()
            } else {
                format!("`{o}`")
            }
        };
        return usage(format!(
            "--resume: the outputs in {} were made with {}, not {}; rerun with those options, or without --resume to clean everything again",
            job.out_dir
                .map_or_else(String::new, |d| d.display().to_string()),
            shown(made_with),
            shown(&options)
        ));
    }
    // (A finished run's summary lists no files: it stands if nothing is cleaned again.)
    let finished_before = previous.as_ref().is_some_and(|s| !s.interrupted);
    let job = Job {
        resumed: previous.filter(|s| s.interrupted).unwrap_or_default(),
        ..job
    };
    if let Some(dir) = job.out_dir {
        let removed = remove_stale_temporaries(dir);
        if removed > 0 && !args.input.quiet {
            stderr!(
                "zhen: removed {removed} temporary files left in {} by a run that was killed",
                dir.display()
            );
        }
    }
    // Without a handler (another one is installed) Ctrl-C simply ends the process, which
    // still leaves no partial output under a final name. A second signal ends the run at
    // once: a read of standard input may block for as long as the input stays open. So
    // may the opening of a named pipe no writer opens, and a supervisor (`timeout`,
    // systemd) sends one signal: a run still going five seconds after it ends then.
    let _ = ctrlc::set_handler(|| {
        if INTERRUPTED.swap(true, Ordering::Relaxed) {
            std::process::exit(130);
        }
        std::thread::spawn(|| {
            std::thread::sleep(std::time::Duration::from_secs(5));
            stderr!(
                "zhen: interrupted, and still blocked 5 s later (reading input or opening a pipe)"
            );
            std::process::exit(130);
        });
    });
    let started = Instant::now();
    let mut summary = RunSummary::default();
    // Listed with the other failures at the end of the run.
    for e in &walk_errors {
        summary.add_failed_input(e);
    }
    let bar = files::progress(&files, args.input.quiet);
    match job.out_dir {
        Some(dir) => {
            let per_file = files::pool(args.input.jobs, files.len()).install(|| {
                files
                    .par_iter()
                    .map(|f| {
                        let s = to_dir(&job, f, dir);
                        bar.inc(files::size(&f.path));
                        s
                    })
                    .reduce(RunSummary::default, |mut a, b| {
                        a.merge(b);
                        a
                    })
            });
            summary.merge(per_file);
        }
        None => {
            let stdout = io::stdout();
            let mut out = BufWriter::with_capacity(OUTPUT_BUFFER, stdout.lock());
            let mut first = true;
            for f in &files {
                if interrupted() {
                    break;
                }
                match to_stream(&job, f, &mut out, &mut first) {
                    Ok(s) => summary.merge(s),
                    // A closed pipe (`zhen clean | head`) is a normal end.
                    Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return ExitCode::SUCCESS,
                    Err(e) => {
                        stderr!("zhen: writing output: {e}");
                        return ExitCode::FAILURE;
                    }
                }
                bar.inc(files::size(&f.path));
            }
            if let Err(e) = out.flush()
                && e.kind() != io::ErrorKind::BrokenPipe
            {
                stderr!("zhen: writing output: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    bar.finish_and_clear();
    summary.interrupted = interrupted();
    // Only an interrupted run's summary lists its files: `--resume` reads them. Interrupted
    // again, it lists (and counts) those of the run it resumed that it did not reach too.
    if !summary.interrupted {
        summary.completed.clear();
    } else {
        let unreached: Vec<String> = job
            .resumed
            .completed
            .keys()
            .filter(|id| !summary.completed.contains_key(*id))
            .cloned()
            .collect();
        for id in unreached {
            if let Some(counts) = job.resumed.resumed(&id) {
                summary.merge(counts);
            }
        }
    }
    summary.finish(started.elapsed().as_secs_f64());
    summary.options = Some(options);
    super::report_errors(&summary);
    // Resumed after a run that finished, with every output up to date: that run's summary
    // stands (this one would count every file skipped, and nothing cleaned).
    let nothing_resumed = finished_before
        && !summary.interrupted
        && summary.failed_files == 0
        && summary.skipped_files == summary.files;
    if let Some(dir) = job.out_dir.filter(|_| !nothing_resumed) {
        if let Err(e) = write_summary(dir, &summary) {
            stderr!("zhen: {e}");
            return ExitCode::FAILURE;
        }
        if !args.input.quiet {
            stderr!(
                "zhen: {} files ({} failed, {} skipped), {} documents, {:.1} MB in {:.2} s ({:.1} MB/s); summary in {}",
                summary.files,
                summary.failed_files,
                summary.skipped_files,
                summary.documents,
                summary.bytes_in as f64 / 1e6,
                summary.elapsed_s,
                summary.mb_per_s,
                dir.join(SUMMARY).display()
            );
        }
    }
    // To standard output there is no summary file: what was lost is counted here, even
    // when quiet.
    if job.out_dir.is_none() && summary.skipped_records + summary.replaced_chars > 0 {
        stderr!(
            "zhen: {} documents, {} records skipped, {} invalid characters replaced",
            summary.documents,
            summary.skipped_records,
            summary.replaced_chars
        );
    }
    if nothing_resumed && !args.input.quiet {
        stderr!(
            "zhen: nothing to resume: every output is up to date, and the summary of the run that made them stands"
        );
    }
    if interrupted() {
        if out_dir.is_some() {
            stderr!("zhen: interrupted; rerun with --resume to finish");
        } else {
            stderr!("zhen: interrupted");
        }
        return ExitCode::from(130);
    }
    if summary.failed_files > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

pub(super) const SUMMARY: &str = "zhen-summary.json";

/// The buffer that outputs are written through (`zhen bench` times JSON into one alike).
pub(super) const OUTPUT_BUFFER: usize = 1 << 16;

/// Set by Ctrl-C or SIGTERM: files stop between documents, unfinished outputs are dropped,
/// and the summary records what completed, so `--resume` finishes the rest.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::Relaxed)
}

/// Locks `OUT` for the run: two runs writing into one directory would overwrite each
/// other's outputs and summary. On Unix the directory itself is locked, so nothing is left
/// in it; elsewhere `OUT/.zhen.lock` is. The OS releases the lock when the process ends.
fn lock(dir: &Path) -> Result<File, String> {
    fs::create_dir_all(dir).map_err(|e| match fs::metadata(dir) {
        Ok(m) if !m.is_dir() => format!("output {} is not a directory", dir.display()),
        // (A symlink loop: "File exists" would hide it.)
        Err(m) if m.kind() != io::ErrorKind::NotFound => format!("{}: {m}", dir.display()),
        // (A link to nothing: "File exists" would name the link, not what is missing.)
        Err(_) if fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink()) => {
            format!(
                "output {} is a symbolic link to {}, which does not exist",
                dir.display(),
                fs::read_link(dir).map_or_else(|_| "?".into(), |t| t.display().to_string())
            )
        }
        _ => format!("{}: {e}", dir.display()),
    })?;
    #[cfg(unix)]
    let (path, file) = (dir.to_path_buf(), File::open(dir));
    #[cfg(not(unix))]
    let (path, file) = {
        let path = dir.join(".zhen.lock");
        let file = File::create(&path);
        (path, file)
    };
    let file = file.map_err(|e| format!("{}: {e}", path.display()))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(fs::TryLockError::WouldBlock) => Err(format!(
            "another zhen run is writing into {}",
            dir.display()
        )),
        Err(fs::TryLockError::Error(e)) => Err(format!("{}: {e}", path.display())),
    }
}

/// The summary an interrupted run left in `dir` (empty if there is none, or the run
/// was not interrupted).
/// A summary that is not a regular file of a sane size (a FIFO, a link to a device) is
/// not read; one that does not parse is reported and its files count as skipped.
fn previous_run(dir: &Path) -> Option<RunSummary> {
    const MAX_SUMMARY: u64 = 1 << 30;
    let path = dir.join(SUMMARY);
    let regular = fs::metadata(&path).is_ok_and(|m| m.is_file() && m.len() <= MAX_SUMMARY);
    let json = regular.then(|| fs::read(&path).ok()).flatten()?;
    let json = json.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&json);
    match serde_json::from_slice::<RunSummary>(json) {
        Ok(s) => Some(s),
        Err(e) => {
            stderr!(
                "zhen: warning: {}: not a summary zhen can read ({e}); the files it lists count as skipped",
                path.display()
            );
            None
        }
    }
}

fn write_summary(dir: &Path, summary: &RunSummary) -> Result<(), zhen::Error> {
    let path = dir.join(SUMMARY);
    let json = serde_json::to_vec_pretty(summary).map_err(|e| zhen::Error::io(&path, e.into()))?;
    fs::create_dir_all(dir).map_err(|e| zhen::Error::io(dir, e))?;
    atomic_write(&path, |w| w.write_all(&json)).map_err(|e| zhen::Error::io(&path, e))
}

/// Processes one file into `out` (standard output), a document at a time; `first` until
/// a document has been written there.
fn to_stream(
    job: &Job,
    f: &InputFile,
    out: &mut impl Write,
    first: &mut bool,
) -> io::Result<RunSummary> {
    let mut summary = RunSummary {
        files: 1,
        ..RunSummary::default()
    };
    let reader = match Reader::new(&f.path, &label(f), job.read) {
        Ok(r) => r,
        Err(e) if is_binary(&e) => {
            stderr!("zhen: warning: {e}");
            summary.skipped_files += 1;
            return Ok(summary);
        }
        Err(e) => {
            fail(&mut summary, f, &e);
            return Ok(summary);
        }
    };
    let flush_each = files::is_stdin(f);
    let mut reader = reader;
    let mut between = Between::default();
    let mut complete = true;
    while let Some(item) = reader.next() {
        // Stop between documents, not only between files: one file can be huge or endless.
        if interrupted() {
            complete = false;
            break;
        }
        match item {
            Ok(Item::Document(record)) => {
                // Dolma's attributes line follows its document line.
                let mut attributes = Vec::new();
                let dolma = job.writer.format() == Format::Dolma;
                let written = guarded(f, &reader, &record, || {
                    document(
                        job,
                        &reader,
                        &record,
                        std::mem::take(first),
                        (&mut *out, &mut between),
                        dolma.then_some(&mut attributes as &mut dyn Write),
                    )
                });
                let written = match written {
                    // A long record stopped by an interruption: its line is cut.
                    Ok(Err(_)) if interrupted() => {
                        stderr!(
                            "zhen: {}: interrupted in a long record, whose line the output cuts",
                            f.path.display()
                        );
                        complete = false;
                        break;
                    }
                    Ok(w) => w?,
                    Err(e) => {
                        fail(&mut summary, f, &e);
                        complete = false;
                        break;
                    }
                };
                out.write_all(&attributes)?;
                summary.add(&written);
                if flush_each {
                    out.flush()?;
                }
            }
            Ok(Item::Skipped(e)) => skipped(&mut summary, f, &e),
            Err(e) => {
                fail(&mut summary, f, &e);
                complete = false;
                break;
            }
        }
    }
    if between.held {
        out.write_all(b"\n")?;
    }
    // (Not after an interruption or a failure: the lines read then were not written.)
    if complete {
        out.write_all(&between.blank_lines(job, &reader, reader.lines_seen() + 1))?;
    }
    summary.replaced_chars += reader.replaced as u64;
    summary.bytes_in += reader.bytes_read();
    Ok(summary)
}

/// What plain text output carries from one document of a file to the next.
#[derive(Default)]
struct Between {
    /// The line break that ends a document cut at the size limit, held back (see
    /// [`document`]).
    held: bool,
    /// With `--unit line`, the input lines written so far: the blank lines between
    /// documents, which are none, are written as empty lines, one line out for each line in.
    lines: u64,
}

impl Between {
    /// The empty lines that stand for the blank lines before line `line` (1-based).
    fn blank_lines(&mut self, job: &Job, reader: &Reader, line: u64) -> Vec<u8> {
        let one_per_line = job.read.unit == Unit::Line
            && reader.format() == InputFormat::Text
            && matches!(job.writer.format(), Format::Text | Format::Segmented);
        if !one_per_line {
            return Vec::new();
        }
        let gap = line.saturating_sub(self.lines + 1);
        self.lines = self.lines.max(line);
        vec![b'\n'; gap as usize]
    }
}

/// Writes one document read by `reader` to `out`, after what separates it from the one
/// before (see [`separator`]). In plain text the line break that ends a document cut at the
/// size limit is held back (`held`) until more is written: the next part goes on after the
/// whitespace of the cut instead, so that a long line stays one line.
fn document(
    job: &Job,
    reader: &Reader,
    record: &Record,
    first: bool,
    (out, between): (&mut dyn Write, &mut Between),
    attributes: Option<&mut dyn Write>,
) -> io::Result<Written> {
    let blank = between.blank_lines(job, reader, record.origin.line);
    let mut out = HeldBreak {
        out,
        held: between.held,
        holds: reader.is_cut() && matches!(job.writer.format(), Format::Text | Format::Segmented),
        written: 0,
    };
    match reader.seam() {
        Some(glue) if out.held => {
            out.held = false;
            out.out.write_all(glue.as_bytes())?;
        }
        _ => {
            out.write_all(&blank)?;
            out.write_all(separator(job, record, reader, first))?;
        }
    }
    let written = job.writer.record(
        job.pipeline,
        record,
        job.read.max_document,
        &mut out,
        attributes,
    );
    between.held = out.held;
    written
}

/// A writer that holds back a line break written last, until more is written; and that
/// fails once a long document's output has passed [`LONG_OUTPUT`] and the run is
/// interrupted, so that a record of hundreds of megabytes, cleaned in parts, stops between
/// them as a run stops between documents.
struct HeldBreak<'w> {
    out: &'w mut dyn Write,
    held: bool,
    /// Whether a line break is held at all (plain text cut at the size limit).
    holds: bool,
    /// Bytes written of this document.
    written: usize,
}

/// The output of a document past which an interruption stops it (a part's worth).
const LONG_OUTPUT: usize = 1 << 20;

impl Write for HeldBreak<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        self.written += buf.len();
        if self.written > LONG_OUTPUT && interrupted() {
            return Err(io::Error::other(INTERRUPTED_REASON));
        }
        if std::mem::take(&mut self.held) {
            self.out.write_all(b"\n")?;
        }
        match buf.split_last() {
            Some((b'\n', body)) if self.holds => {
                self.out.write_all(body)?;
                self.held = true;
            }
            _ => self.out.write_all(buf)?,
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// What goes before this document: a blank line where plain text read paragraph by
/// paragraph is written as text, so that its paragraphs stay apart (but not between the
/// parts of one paragraph cut at the size limit); otherwise nothing.
fn separator(job: &Job, record: &Record, reader: &Reader, first: bool) -> &'static [u8] {
    let paragraph = !first
        && job.read.unit == Unit::Paragraph
        && record.fields.is_none()
        && !reader.continues()
        && matches!(job.writer.format(), Format::Text | Format::Segmented);
    if paragraph { b"\n" } else { b"" }
}

fn label(f: &InputFile) -> String {
    f.id()
}

fn fail(summary: &mut RunSummary, f: &InputFile, e: &zhen::Error) {
    summary.add_failure(f.path.display().to_string(), e.to_string());
}

fn skipped(summary: &mut RunSummary, f: &InputFile, e: &zhen::Error) {
    summary.skipped_records += 1;
    summary.add_error(f.path.display().to_string(), e.to_string());
}

/// The output paths of one input: the main output, and the attributes file for dolma.
fn targets(job: &Job, f: &InputFile, dir: &Path) -> Vec<PathBuf> {
    outputs_in(job.writer.format(), job.compress, f, dir)
}

/// The outputs of `f` under `dir` in `format`, compressed or not.
fn outputs_in(
    format: Format,
    compress: Option<CompressArg>,
    f: &InputFile,
    dir: &Path,
) -> Vec<PathBuf> {
    let ext = match compress {
        None => format.extension().to_string(),
        Some(CompressArg::Gz) => format!("{}.gz", format.extension()),
        Some(CompressArg::Zst) => format!("{}.zst", format.extension()),
    };
    let relative = &f.relative;
    let with_ext = |base: PathBuf| {
        let mut s = base.into_os_string();
        s.push(".");
        s.push(&ext);
        PathBuf::from(s)
    };
    match format {
        Format::Dolma => vec![
            with_ext(dir.join("documents").join(relative)),
            with_ext(dir.join("attributes").join("zhen").join(relative)),
        ],
        _ => vec![with_ext(dir.join(relative))],
    }
}

/// Refuses outputs of which one would be the directory of another, or of the summary
/// (`x` → `x.jsonl`, and `x.jsonl/y` → `x.jsonl/y.jsonl`; a directory named
/// `zhen-summary.json`): one of them could not be written.
fn outputs_apart(job: &Job, files: &[InputFile], dir: &Path) -> Result<(), String> {
    let outputs: std::collections::HashSet<PathBuf> =
        files.iter().flat_map(|f| targets(job, f, dir)).collect();
    let summary = dir.join(SUMMARY);
    for out in &outputs {
        for above in out.ancestors().skip(1).take_while(|a| *a != dir) {
            if outputs.contains(above) || *above == summary {
                return Err(format!(
                    "two outputs clash: {} would be a directory holding {}; rename the input",
                    above.display(),
                    out.display()
                ));
            }
        }
    }
    Ok(())
}

/// True when every output exists and is newer than the input.
fn up_to_date(input: &Path, outputs: &[PathBuf]) -> bool {
    let modified = |p: &Path| fs::metadata(p).and_then(|m| m.modified()).ok();
    // (Only a regular file's time says what it holds: a pipe's next writer sends new text.)
    let Some(input_time) = fs::metadata(input)
        .ok()
        .filter(fs::Metadata::is_file)
        .and_then(|m| m.modified().ok())
    else {
        return false;
    };
    outputs
        .iter()
        .all(|o| modified(o).is_some_and(|t| t >= input_time))
}

/// Processes one file into its mirrored output(s) under `dir`.
fn to_dir(job: &Job, f: &InputFile, dir: &Path) -> RunSummary {
    let mut summary = RunSummary {
        files: 1,
        ..RunSummary::default()
    };
    let targets = targets(job, f, dir);
    if interrupted() {
        return RunSummary::default();
    }
    if job.resume && !files::is_stdin(f) && up_to_date(&f.path, &targets) {
        // Counted as the interrupted run counted it, if it did.
        return job.resumed.resumed(&label(f)).unwrap_or_else(|| {
            summary.skipped_files += 1;
            summary
        });
    }
    let result = (|| -> Result<(), zhen::Error> {
        let mut reader = Reader::new(&f.path, &label(f), job.read)?;
        let mut outs = targets
            .iter()
            .map(|t| Output::create(t, job.compress))
            .collect::<Result<Vec<_>, _>>()?;
        let mut failure = None;
        let (mut first, mut between) = (true, Between::default());
        while let Some(item) = reader.next() {
            if interrupted() {
                failure = Some(interruption(f));
                break;
            }
            match item {
                Ok(Item::Document(record)) => {
                    let (main, rest) = outs.split_at_mut(1);
                    let written = guarded(f, &reader, &record, || {
                        document(
                            job,
                            &reader,
                            &record,
                            std::mem::take(&mut first),
                            (&mut main[0], &mut between),
                            rest.first_mut().map(|a| a as &mut dyn Write),
                        )
                    });
                    match written {
                        Ok(Ok(w)) => summary.add(&w),
                        // (Stopped in a long record by an interruption.)
                        Ok(Err(_)) if interrupted() => {
                            failure = Some(interruption(f));
                            break;
                        }
                        Ok(Err(e)) => {
                            failure = Some(zhen::Error::io(&targets[0], e));
                            break;
                        }
                        Err(e) => {
                            failure = Some(e);
                            break;
                        }
                    }
                }
                Ok(Item::Skipped(e)) => skipped(&mut summary, f, &e),
                Err(e) => {
                    failure = Some(e);
                    break;
                }
            }
        }
        summary.replaced_chars += reader.replaced as u64;
        summary.bytes_in += reader.bytes_read();
        if let Some(e) = failure {
            for o in outs {
                o.discard();
            }
            return Err(e);
        }
        let mut end = if between.held {
            vec![b'\n']
        } else {
            Vec::new()
        };
        end.extend(between.blank_lines(job, &reader, reader.lines_seen() + 1));
        outs[0]
            .write_all(&end)
            .map_err(|e| zhen::Error::io(&targets[0], e))?;
        for o in outs {
            summary.bytes_out += o.commit()?;
        }
        Ok(())
    })();
    match result {
        Ok(()) => summary.complete(label(f)),
        // An interrupted file is neither done nor failed: `--resume` redoes it.
        Err(zhen::Error::Input { reason, .. }) if reason == INTERRUPTED_REASON => {
            summary = RunSummary::default();
        }
        // An earlier run's output of the file no longer says what it holds: it goes, in
        // whatever format and compression that run wrote it.
        Err(e) if is_binary(&e) => {
            stderr!("zhen: warning: {e}");
            summary.skipped_files += 1;
            remove_outputs(&earlier_outputs(f, dir));
        }
        Err(e) => {
            remove_outputs(&earlier_outputs(f, dir));
            // Its output was dropped: none of its documents count.
            summary = RunSummary {
                files: 1,
                bytes_in: summary.bytes_in,
                skipped_records: summary.skipped_records,
                errors: summary.errors,
                errors_omitted: summary.errors_omitted,
                ..RunSummary::default()
            };
            fail(&mut summary, f, &e);
        }
    }
    summary
}

const INTERRUPTED_REASON: &str = "interrupted";

/// The error that ends an interrupted file: neither done nor failed.
fn interruption(f: &InputFile) -> zhen::Error {
    zhen::Error::Input {
        location: zhen::Location {
            path: f.path.clone(),
            line: None,
            byte: None,
        },
        reason: INTERRUPTED_REASON.into(),
    }
}

/// Removes the outputs of a file that failed or was skipped, left by an earlier run.
/// (A directory in the way is no output, nor is a name too long to be one: the failure
/// it caused is reported already.)
/// The outputs that any run into `dir` writes for `f`: in every format, compressed or not.
fn earlier_outputs(f: &InputFile, dir: &Path) -> Vec<PathBuf> {
    let formats = [
        Format::Jsonl,
        Format::Text,
        Format::Segmented,
        Format::Spans,
        Format::Dolma,
    ];
    let compressions = [None, Some(CompressArg::Gz), Some(CompressArg::Zst)];
    formats
        .into_iter()
        .flat_map(|format| compressions.map(|c| outputs_in(format, c, f, dir)))
        .flatten()
        .collect()
}

fn remove_outputs(targets: &[PathBuf]) {
    for t in targets {
        if let Err(e) = fs::remove_file(t)
            && !matches!(
                e.kind(),
                io::ErrorKind::NotFound
                    | io::ErrorKind::IsADirectory
                    | io::ErrorKind::InvalidFilename
            )
        {
            stderr!("zhen: warning: {}: {e}", t.display());
        }
    }
}

fn is_binary(e: &zhen::Error) -> bool {
    matches!(e, zhen::Error::Binary { .. })
}

/// An output file being written: a temporary file beside the target, renamed into place
/// when complete, so an interrupted run never leaves a partial output under the final name.
struct Output {
    target: PathBuf,
    tmp: PathBuf,
    sink: Sink,
}

enum Sink {
    Plain(BufWriter<File>),
    Gz(flate2::write::GzEncoder<BufWriter<File>>),
    Zst(zstd::Encoder<'static, BufWriter<File>>),
}

impl Output {
    fn create(target: &Path, compress: Option<CompressArg>) -> Result<Output, zhen::Error> {
        let err = |e| zhen::Error::io(target, e);
        let parent = target.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(parent).map_err(err)?;
        let tmp = temporary_path(target);
        let file = BufWriter::with_capacity(OUTPUT_BUFFER, File::create(&tmp).map_err(err)?);
        let sink = match compress {
            None => Sink::Plain(file),
            Some(CompressArg::Gz) => Sink::Gz(flate2::write::GzEncoder::new(
                file,
                flate2::Compression::default(),
            )),
            Some(CompressArg::Zst) => Sink::Zst(zstd::Encoder::new(file, 3).map_err(err)?),
        };
        Ok(Output {
            target: target.to_path_buf(),
            tmp,
            sink,
        })
    }

    /// Finishes the file and renames it into place; returns its size. On an error (a full
    /// disk found only when the last buffer is flushed) the temporary file is removed.
    fn commit(self) -> Result<u64, zhen::Error> {
        let Output { target, tmp, sink } = self;
        let committed = (|| -> io::Result<u64> {
            let buffered = match sink {
                Sink::Plain(w) => w,
                Sink::Gz(w) => w.finish()?,
                Sink::Zst(w) => w.finish()?,
            };
            let file = buffered.into_inner().map_err(|e| e.into_error())?;
            file.sync_all()?;
            let size = file.metadata().map(|m| m.len()).unwrap_or(0);
            fs::rename(&tmp, &target)?;
            Ok(size)
        })();
        committed.map_err(|e| {
            let _ = fs::remove_file(&tmp);
            zhen::Error::io(&target, e)
        })
    }

    fn discard(self) {
        drop(self.sink);
        let _ = fs::remove_file(&self.tmp);
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.sink {
            Sink::Plain(w) => w.write(buf),
            Sink::Gz(w) => w.write(buf),
            Sink::Zst(w) => w.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.sink {
            Sink::Plain(w) => w.flush(),
            Sink::Gz(w) => w.flush(),
            Sink::Zst(w) => w.flush(),
        }
    }
}

/// Marks the temporary files of outputs: `<output>.zhen-tmp-<pid>-<n>`.
const TEMPORARY: &str = ".zhen-tmp-";

/// Where an output is written before it is complete: beside it, named after it and this
/// process, unique per process and output so that no two writers ever share a file.
/// (The output's name is shortened to keep the whole within the 255 bytes a file name
/// may have: an output whose name is near that length can still be written.)
fn temporary_path(target: &Path) -> PathBuf {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let suffix = format!("{TEMPORARY}{}-{n}", std::process::id());
    let name = target.file_name().unwrap_or_default();
    #[cfg(unix)]
    let name = {
        use std::os::unix::ffi::OsStrExt;
        let b = name.as_bytes();
        // (Cut before a character, not inside one: the name stays UTF-8 if it was.)
        let mut end = b.len().min(255 - suffix.len());
        while end > 1 && end < b.len() && b[end] & 0xC0 == 0x80 {
            end -= 1;
        }
        std::ffi::OsStr::from_bytes(&b[..end])
    };
    let mut name = name.to_os_string();
    name.push(suffix);
    target.with_file_name(name)
}

/// The pid in the name of a temporary output (`<output>.zhen-tmp-<pid>-<n>`), or `None`
/// when the name is not one.
fn temporary_pid(name: &std::ffi::OsStr) -> Option<u32> {
    let bytes = name.as_encoded_bytes();
    let marker = TEMPORARY.as_bytes();
    // After an output's name, which is never empty.
    let at = bytes
        .windows(marker.len())
        .rposition(|w| w == marker)
        .filter(|&at| at > 0)?;
    let rest = std::str::from_utf8(&bytes[at + marker.len()..]).ok()?;
    let (pid, n) = rest.split_once('-')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(pid) || !digits(n) {
        return None;
    }
    pid.parse().ok()
}

/// True when the process that wrote a temporary file with `pid` in its name is gone, as far
/// as can be told: on Linux, `/proc/<pid>` does not exist (a live process keeps its files);
/// this process has written none yet when it asks. Elsewhere, or without `/proc`, a file is
/// never known to be stale.
fn writer_is_gone(pid: u32) -> bool {
    if pid == std::process::id() {
        // A killed run may have had this pid (in a container, every run may get the same
        // one); this run asks before it creates any output.
        return true;
    }
    cfg!(target_os = "linux")
        && Path::new("/proc/self").exists()
        && !Path::new("/proc").join(pid.to_string()).exists()
}

/// Removes the temporary outputs that killed runs left under `dir` (SIGKILL or a power cut
/// gives a run no chance to remove them); returns how many. Only files named like
/// [`temporary_path`] whose writer is gone: with `dir`'s lock held no other run writes into
/// `dir`, but one writing into a directory below it, under its own lock, may be alive.
/// Symbolic links are not followed; what cannot be read or removed is left.
fn remove_stale_temporaries(dir: &Path) -> usize {
    let mut removed = 0;
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(d) = dirs.pop() {
        let Ok(entries) = fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                dirs.push(entry.path());
            } else if kind.is_file()
                && temporary_pid(&entry.file_name()).is_some_and(writer_is_gone)
                && fs::remove_file(entry.path()).is_ok()
            {
                removed += 1;
            }
        }
    }
    removed
}

/// Writes a small file atomically; on an error, removes its temporary file.
fn atomic_write(
    path: &Path,
    f: impl FnOnce(&mut BufWriter<File>) -> io::Result<()>,
) -> io::Result<()> {
    let tmp = temporary_path(path);
    let mut w = BufWriter::new(File::create(&tmp)?);
    let written = f(&mut w)
        .and_then(|()| w.into_inner().map_err(|e| e.into_error()))
        .and_then(|file| file.sync_all())
        .and_then(|()| fs::rename(&tmp, path));
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    written
}

/// True when one path contains the other (after resolving what exists of them).
fn overlaps(input: &Path, out_dir: &Path) -> bool {
    if input.as_os_str() == "-" {
        return false;
    }
    let resolve = |p: &Path| -> PathBuf {
        // The output directory may not exist yet: resolve its nearest existing ancestor.
        let mut existing = p.to_path_buf();
        let mut rest = Vec::new();
        while !existing.exists() {
            // (A `..` after a directory not made yet is taken back once it is: `nx/../in`
            // is `in`.)
            let last = existing.components().next_back();
            match (existing.parent(), last) {
                (Some(parent), Some(c @ (Component::Normal(_) | Component::ParentDir))) => {
                    rest.push(c.as_os_str().to_os_string());
                    existing = if parent.as_os_str().is_empty() {
                        PathBuf::from(".")
                    } else {
                        parent.to_path_buf()
                    };
                }
                _ => break,
            }
        }
        let mut full = fs::canonicalize(&existing).unwrap_or(existing);
        for name in rest.iter().rev() {
            if name == ".." {
                full.pop();
            } else {
                full.push(name);
            }
        }
        full
    };
    let (i, o) = (resolve(input), resolve(out_dir));
    o.starts_with(&i) || i.starts_with(&o)
}
