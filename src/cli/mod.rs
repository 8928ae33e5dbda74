//! Command-line interface: a thin front over the library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::builder::NonEmptyStringValueParser;
use clap::{Args, Parser, Subcommand, ValueEnum};
use zhen::output::Format;
use zhen::source::{Charset, InputFile, InputFormat, OnInvalid, ReadOptions, Reader, Record, Unit};
use zhen::{Config, CutMode, Form, Hmm, OffsetUnit, Switch};

/// `eprintln!` that never panics: a diagnostic that cannot be written (standard error
/// closed, or on a full disk) is dropped, and the run goes on to its summary and exit code.
macro_rules! stderr {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

mod bench;
mod clean;
mod files;
mod spans;
mod stats;

/// Clean mixed Chinese/English text: normalize, detect language spans, segment Chinese.
#[derive(Parser)]
#[command(name = "zhen", version, about, long_about = None, after_help = EXIT_CODES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

const EXIT_CODES: &str = "Exit codes: 0 success; 1 some inputs or outputs failed (each named on \
stderr, and in zhen-summary.json under -o); 2 usage error; 130 interrupted.";
/// [`EXIT_CODES`] for the commands that write no files.
const EXIT_CODES_NO_OUTPUT: &str = "Exit codes: 0 success; 1 some inputs failed (each named on \
stderr); 2 usage error; 130 interrupted.";

#[derive(Subcommand)]
enum Command {
    /// Clean files, directories or standard input.
    ///
    /// Examples:
    ///   zhen clean corpus/ -o out/                 mirror corpus/ into out/ as JSON lines
    ///   zhen clean notes.txt --format text         print the cleaned text
    ///   zhen clean data.jsonl.gz -o out/ --compress zst
    ///   cat a.txt | zhen clean --unit line         one document per line from stdin
    #[command(verbatim_doc_comment, after_help = EXIT_CODES)]
    Clean(CleanArgs),
    /// Show each document with its foreign spans highlighted, and a summary per file.
    ///
    /// Example: zhen spans corpus/ --only-mixed
    #[command(verbatim_doc_comment, after_help = EXIT_CODES_NO_OUTPUT)]
    Spans(SpansArgs),
    /// Profile a corpus without writing outputs: documents, language shares, foreign spans.
    ///
    /// Example: zhen stats corpus/ --json
    #[command(verbatim_doc_comment, after_help = EXIT_CODES_NO_OUTPUT)]
    Stats(StatsArgs),
    /// Measure throughput per stage and end to end, against jieba-rs `cut` alone.
    ///
    /// Each line is a document unless --unit says otherwise; corpus/ when no input is given.
    /// Examples:
    ///   zhen bench ../shared/benchdata/zh_pure.txt --jobs 1
    ///   zhen bench corpus/ --runs 10 --json
    #[command(verbatim_doc_comment, after_help = EXIT_CODES_NO_OUTPUT)]
    Bench(BenchArgs),
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    /// One JSON object per document: text, language spans, words, offsets.
    Jsonl,
    /// The cleaned text only.
    Text,
    /// Cleaned text with Chinese words separated by single spaces.
    Segmented,
    /// One tab-separated line per span: id, lang, start, end, foreign, text.
    Spans,
    /// Dolma documents plus span attribute files (with -o: OUT/documents, OUT/attributes/zhen).
    Dolma,
}

#[derive(Clone, Copy, ValueEnum)]
enum OffsetsArg {
    /// Unicode code points (Python str indices).
    Chars,
    /// UTF-8 bytes.
    Bytes,
}

#[derive(Clone, Copy, ValueEnum)]
enum UnitArg {
    /// The whole file is one document (a file over 4 MiB is cut into documents of 4 MiB).
    File,
    /// Text between blank lines (one over 512 KiB is cut into documents, `id#1`, `id#2`…).
    Paragraph,
    /// Each non-blank line (one over 512 KiB is cut into documents, `id#1`, `id#2`…).
    Line,
}

#[derive(Clone, Copy, ValueEnum)]
enum InputFormatArg {
    /// Plain text.
    Text,
    /// One JSON object per line (or one JSON array of objects).
    Jsonl,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum CompressArg {
    /// gzip (.gz).
    Gz,
    /// Zstandard (.zst).
    Zst,
}

/// Where inputs come from and how they are read (shared by all subcommands).
#[derive(Args, Clone)]
struct InputArgs {
    /// Input files or directories (walked recursively); `-` or nothing for standard input.
    inputs: Vec<PathBuf>,
    /// Only files found in directories whose path matches this glob (repeatable),
    /// e.g. --glob '*.txt'; a file named as an input is always read.
    #[arg(long, value_name = "GLOB", value_parser = NonEmptyStringValueParser::new())]
    glob: Vec<String>,
    /// Skip files found in directories whose path matches this glob (repeatable),
    /// e.g. --exclude '*.bak'.
    #[arg(long, value_name = "GLOB", value_parser = NonEmptyStringValueParser::new())]
    exclude: Vec<String>,
    /// Input structure (default: by extension, .jsonl/.ndjson/.json are JSON lines or a JSON array).
    #[arg(long, value_enum)]
    input_format: Option<InputFormatArg>,
    /// What one document is in plain text, e.g. --unit paragraph [default: file; line for bench].
    #[arg(long, value_enum)]
    unit: Option<UnitArg>,
    /// JSON field with the text to clean.
    #[arg(long, default_value = "text", value_name = "FIELD", value_parser = NonEmptyStringValueParser::new())]
    text_field: String,
    /// JSON field with the document id (when absent: the line number, or the place in a JSON array).
    #[arg(long, default_value = "id", value_name = "FIELD", value_parser = NonEmptyStringValueParser::new())]
    id_field: String,
    /// Input encoding: utf-8, auto (GB18030/GBK, Big5, UTF-16, ... detected per file), or a
    /// name such as gb18030, big5, shift_jis.
    #[arg(long, default_value = "utf-8", value_name = "NAME")]
    encoding: String,
    /// Replace invalid bytes with U+FFFD (counted in the summary) instead of failing the file.
    #[arg(long)]
    lossy: bool,
    /// Files processed in parallel (default: all cores; at most one thread a file).
    #[arg(short, long, value_name = "N",
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    jobs: Option<usize>,
    /// No progress bar, nor the closing line of a run into a directory (errors, and what a
    /// run to standard output lost, are still reported).
    #[arg(short, long)]
    quiet: bool,
}

/// Cleaning options (shared by all subcommands).
#[derive(Args, Clone)]
struct PipelineArgs {
    /// Use NFKC instead of NFC (also folds full-width punctuation, ligatures, circled digits).
    #[arg(long)]
    nfkc: bool,
    /// Do not add spaces between Han and Latin text.
    #[arg(long)]
    no_spacing: bool,
    /// Do not change punctuation width.
    #[arg(long)]
    no_punct: bool,
    /// Longest run of Latin words kept inside a Chinese span (twice that for capitalized names), e.g. --embed-words 5.
    #[arg(long, default_value_t = 3, value_name = "N")]
    embed_words: usize,
    /// User dictionary for jieba (`word [freq] [tag]` per line), e.g. --dict my_words.txt.
    #[arg(long, value_name = "FILE")]
    dict: Option<PathBuf>,
    /// Segment in jieba's search mode (short words inside long ones too).
    #[arg(long, conflicts_with = "cut_all")]
    search: bool,
    /// Segment in jieba's full mode: every dictionary word in the text, overlapping
    /// (`中华人民共和国` gives 中华, 中华人民, 中华人民共和国, 华人, 人民, 共和, 共和国 ...).
    #[arg(long)]
    cut_all: bool,
    /// Turn jieba's HMM for unknown words off.
    #[arg(long)]
    no_hmm: bool,
    /// Word tokens for English spans too.
    #[arg(long)]
    en_words: bool,
}

#[derive(Args)]
struct CleanArgs {
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    pipeline: PipelineArgs,
    /// Output directory: the input tree is mirrored there (OUT/<path>.<ext>) with
    /// OUT/zhen-summary.json. Without it (or with `-o -`), everything goes to standard output.
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Jsonl)]
    format: FormatArg,
    /// Offsets in JSON: Unicode code points (Python str indices) or UTF-8 bytes.
    #[arg(long, value_enum, default_value_t = OffsetsArg::Chars)]
    offsets: OffsetsArg,
    /// Compress outputs under -o, e.g. --compress zst.
    #[arg(long, value_enum)]
    compress: Option<CompressArg>,
    /// Skip inputs whose output exists and is newer than the input (with -o OUT).
    #[arg(long, requires = "output")]
    resume: bool,
}

#[derive(Args)]
struct SpansArgs {
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    pipeline: PipelineArgs,
    /// Only files that contain foreign spans.
    #[arg(long)]
    only_mixed: bool,
}

#[derive(Args)]
#[command(mut_arg("jobs", |a| a.help(
    "Also measure with N threads, and the scaling against one (default: one thread only)"
)))]
struct BenchArgs {
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    pipeline: PipelineArgs,
    /// Timed runs after one warm-up run; the median and the range are reported.
    #[arg(long, default_value_t = 5, value_name = "N",
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=10_000))]
    runs: usize,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
struct StatsArgs {
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    pipeline: PipelineArgs,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    json: bool,
    /// How many of the most frequent foreign spans to list.
    #[arg(long, default_value_t = 20, value_name = "N")]
    top: usize,
}

impl PipelineArgs {
    fn config(&self) -> Config {
        let on = |b: bool| if b { Switch::On } else { Switch::Off };
        Config {
            normalization: if self.nfkc { Form::Nfkc } else { Form::Nfc },
            spacing: on(!self.no_spacing),
            punctuation: on(!self.no_punct),
            embed_words: self.embed_words,
            cut: if self.search {
                CutMode::Search
            } else if self.cut_all {
                CutMode::All
            } else {
                CutMode::Default
            },
            hmm: if self.no_hmm { Hmm::Off } else { Hmm::On },
            user_dict: self.dict.clone(),
            latin_words: on(self.en_words),
            ..Config::default()
        }
    }
}

impl InputArgs {
    fn read_options(&self) -> Result<ReadOptions, String> {
        self.read_options_with(Unit::File)
    }

    fn read_options_with(&self, default_unit: Unit) -> Result<ReadOptions, String> {
        let charset = Charset::parse(&self.encoding)
            .ok_or_else(|| format!("unknown or unsupported encoding `{}`", self.encoding))?;
        Ok(ReadOptions {
            format: self.input_format.map(|f| match f {
                InputFormatArg::Text => InputFormat::Text,
                InputFormatArg::Jsonl => InputFormat::Jsonl,
            }),
            unit: match self.unit {
                None => default_unit,
                Some(UnitArg::File) => Unit::File,
                Some(UnitArg::Paragraph) => Unit::Paragraph,
                Some(UnitArg::Line) => Unit::Line,
            },
            charset,
            on_invalid: if self.lossy {
                OnInvalid::Replace
            } else {
                OnInvalid::Error
            },
            text_field: self.text_field.clone(),
            id_field: self.id_field.clone(),
            ..ReadOptions::default()
        })
    }
}

impl CleanArgs {
    fn format(&self) -> Format {
        match self.format {
            FormatArg::Jsonl => Format::Jsonl,
            FormatArg::Text => Format::Text,
            FormatArg::Segmented => Format::Segmented,
            FormatArg::Spans => Format::Spans,
            FormatArg::Dolma => Format::Dolma,
        }
    }

    fn unit(&self) -> OffsetUnit {
        match self.offsets {
            OffsetsArg::Chars => OffsetUnit::Chars,
            OffsetsArg::Bytes => OffsetUnit::Bytes,
        }
    }

    /// The options that shape the outputs, as flags in a fixed order (those left at their
    /// defaults omitted): `--resume` finishes a run only with the options it was made with.
    fn output_options(&self) -> String {
        fn name(v: impl ValueEnum) -> String {
            v.to_possible_value()
                .map_or_else(String::new, |p| p.get_name().to_owned())
        }
        let (i, p) = (&self.input, &self.pipeline);
        let flags = [
            (i.input_format.map(name), "--input-format"),
            (i.unit.map(name).filter(|u| u != "file"), "--unit"),
            (
                (i.text_field != "text").then(|| i.text_field.clone()),
                "--text-field",
            ),
            (
                (i.id_field != "id").then(|| i.id_field.clone()),
                "--id-field",
            ),
            // (By the encoding a label names, not its spelling: `GB18030` is `gb18030`,
            // `UTF8` the default.)
            (
                match Charset::parse(&i.encoding) {
                    Some(Charset::Utf8) => None,
                    Some(Charset::Auto) => Some("auto".into()),
                    Some(Charset::Named(e)) => Some(e.name().to_ascii_lowercase()),
                    None => Some(i.encoding.clone()),
                },
                "--encoding",
            ),
            (i.lossy.then(String::new), "--lossy"),
            (p.nfkc.then(String::new), "--nfkc"),
            (p.no_spacing.then(String::new), "--no-spacing"),
            (p.no_punct.then(String::new), "--no-punct"),
            (
                (p.embed_words != 3).then(|| p.embed_words.to_string()),
                "--embed-words",
            ),
            (p.dict.as_deref().map(dictionary), "--dict"),
            (p.search.then(String::new), "--search"),
            (p.cut_all.then(String::new), "--cut-all"),
            (p.no_hmm.then(String::new), "--no-hmm"),
            (p.en_words.then(String::new), "--en-words"),
            (Some(name(self.format)).filter(|f| f != "jsonl"), "--format"),
            (
                Some(name(self.offsets)).filter(|o| o != "chars"),
                "--offsets",
            ),
            (self.compress.map(name), "--compress"),
        ];
        let set = flags.into_iter().filter_map(|(value, flag)| {
            value.map(|v| {
                if v.is_empty() {
                    flag.to_owned()
                } else {
                    format!("{flag} {v}")
                }
            })
        });
        set.collect::<Vec<_>>().join(" ")
    }
}

/// A user dictionary as the options of a run name it: its file name and a checksum of what
/// it holds (`my_words.txt crc32:0b7a1e4c`), so that `--resume` refuses a dictionary
/// changed since, and not the same file named another way (`./my_words.txt`).
fn dictionary(path: &std::path::Path) -> String {
    let name = path
        .file_name()
        .unwrap_or(path.as_os_str())
        .to_string_lossy();
    match std::fs::read(path) {
        Ok(bytes) => {
            let mut crc = flate2::Crc::new();
            crc.update(&bytes);
            format!("{name} crc32:{:08x}", crc.sum())
        }
        // (A dictionary that cannot be read fails the run before this counts.)
        Err(_) => name.into_owned(),
    }
}

/// What every subcommand starts from: read options, the pipeline, and the input files.
struct Setup {
    read: ReadOptions,
    pipeline: zhen::Pipeline,
    files: Vec<zhen::source::InputFile>,
    walk_errors: Vec<zhen::Error>,
}

impl Setup {
    fn new(input: &InputArgs, pipeline: &PipelineArgs) -> Result<Setup, ExitCode> {
        let read = input.read_options().map_err(usage)?;
        let pipeline = zhen::Pipeline::new(pipeline.config()).map_err(usage)?;
        let (files, walk_errors) = files::collect(input).map_err(usage)?;
        Ok(Setup {
            read,
            pipeline,
            files,
            walk_errors,
        })
    }
}

/// Writes a report to standard output: a closed pipe (`| head`) ends it quietly, any other
/// write error (`> /dev/full`) is reported. Whether the report was written or cut short.
pub(crate) fn report(
    write: impl FnOnce(&mut std::io::StdoutLock<'static>) -> std::io::Result<()>,
) -> bool {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match write(&mut out).and_then(|()| out.flush()) {
        Ok(()) => true,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => true,
        Err(e) => {
            stderr!("zhen: standard output: {e}");
            false
        }
    }
}

/// Runs `work` on one document of `f`, a panic in it (a bug: no input should cause one)
/// made the file's error, naming where the document is, so that it fails that file alone
/// and the run goes on, as any other bad file does.
pub(crate) fn guarded<T>(
    f: &InputFile,
    reader: &Reader,
    record: &Record,
    work: impl FnOnce() -> T,
) -> Result<T, zhen::Error> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        // (A test's fault: a panic where a document holds the text it names, in a debug build.)
        #[cfg(debug_assertions)]
        if let Some(fault) = std::env::var_os("ZHEN_TEST_PANIC_ON") {
            assert!(
                !fault.to_str().is_some_and(|f| record.text.contains(f)),
                "fault injected by ZHEN_TEST_PANIC_ON"
            );
        }
        work()
    }))
    .map_err(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        zhen::Error::Input {
            location: zhen::Location {
                path: f.path.clone(),
                // (A JSON record's origin is its text field's: its line is the one read.)
                line: Some(match record.origin.line {
                    0 => reader.lines_read(),
                    l => l,
                }),
                byte: None,
            },
            reason: format!("internal error in this document, please report it: {what}"),
        }
    })
}

/// A usage error: printed, exit code 2.
fn usage(message: impl std::fmt::Display) -> ExitCode {
    stderr!("zhen: {message}");
    ExitCode::from(2)
}

/// The skipped records of a run that reports them as it meets them (`zhen spans`,
/// `zhen bench`): the first [`zhen::output::MAX_ERRORS`] printed, the rest counted, as a
/// summary lists them.
#[derive(Default)]
struct Skips(std::cell::Cell<u64>);

impl Skips {
    fn report(&self, e: &zhen::Error) {
        let n = self.0.get();
        self.0.set(n + 1);
        if n < zhen::output::MAX_ERRORS as u64 {
            stderr!("zhen: {e}");
        }
    }

    /// Says how many were met and not printed.
    fn finish(&self) {
        let omitted = self.0.get().saturating_sub(zhen::output::MAX_ERRORS as u64);
        if omitted > 0 {
            stderr!("zhen: … and {omitted} more errors (not listed)");
        }
    }
}

/// Prints the errors a run's summary lists, and how many more it counted.
fn report_errors(summary: &zhen::output::RunSummary) {
    for e in &summary.errors {
        stderr!("zhen: {}", e.reason);
    }
    if summary.errors_omitted > 0 {
        stderr!(
            "zhen: … and {} more errors (not listed)",
            summary.errors_omitted
        );
    }
}

pub(crate) fn main() -> ExitCode {
    // An output grown past the file size limit (`ulimit -f`) is that file's write error,
    // `File too large`, not a signal that ends the run before its summary is written.
    // (A handler that only sets a flag no one reads: the write then fails with `EFBIG`.)
    #[cfg(unix)]
    let _ = signal_hook::flag::register(
        signal_hook::consts::SIGXFSZ,
        std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false)),
    );
    let cli = Cli::parse();
    if !matches!(cli.command, Command::Clean(_)) {
        // The reports write no files: an interrupt ends them at once, with the exit code
        // `--help` promises (`clean` stops between documents and writes its summary). (Set
        // whether SIGINT was ignored or not: a job started with `&` is interrupted too.)
        let _ = ctrlc::set_handler(|| {
            stderr!("zhen: interrupted");
            std::process::exit(130);
        });
    }
    match cli.command {
        Command::Clean(args) => clean::run(&args),
        Command::Spans(args) => spans::run(&args),
        Command::Stats(args) => stats::run(&args),
        Command::Bench(args) => bench::run(&args),
    }
}
