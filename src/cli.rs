//! Command-line interface: a thin front over the library.

use std::fs;
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand, ValueEnum};
use zhen::output::{self, Format};
use zhen::source::{self, InputFile};
use zhen::{Config, CutMode, Form, Hmm, OffsetUnit, Pipeline, Switch};

/// Clean mixed Chinese/English text: normalize, detect language spans, segment Chinese.
#[derive(Parser)]
#[command(name = "zhen", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Clean files, directories or standard input (one document per file).
    ///
    /// Examples:
    ///   zhen clean corpus/ -o out/          mirror corpus/ into out/ as JSON lines
    ///   zhen clean notes.txt --format text  print the cleaned text
    ///   cat a.txt | zhen clean              read standard input
    #[command(verbatim_doc_comment)]
    Clean(CleanArgs),
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
}

#[derive(Clone, Copy, ValueEnum)]
enum OffsetsArg {
    /// Unicode code points (Python str indices).
    Chars,
    /// UTF-8 bytes.
    Bytes,
}

#[derive(clap::Args)]
struct CleanArgs {
    /// Input files or directories (walked recursively); `-` or nothing for standard input.
    inputs: Vec<PathBuf>,
    /// Output directory: the input tree is mirrored there, one output per input file.
    /// Without it, everything goes to standard output.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Jsonl)]
    format: FormatArg,
    /// Offsets in JSON: Unicode code points (Python str indices) or UTF-8 bytes.
    #[arg(long, value_enum, default_value_t = OffsetsArg::Chars)]
    offsets: OffsetsArg,
    /// Use NFKC instead of NFC (also folds full-width punctuation, ligatures, circled digits).
    #[arg(long)]
    nfkc: bool,
    /// Do not add spaces between Han and Latin text.
    #[arg(long)]
    no_spacing: bool,
    /// Do not change punctuation width.
    #[arg(long)]
    no_punct: bool,
    /// Longest run of Latin words kept inside a Chinese span, e.g. --embed-words 5.
    #[arg(long, default_value_t = 3, value_name = "N")]
    embed_words: usize,
    /// User dictionary for jieba (`word [freq] [tag]` per line), e.g. --dict my_words.txt.
    #[arg(long, value_name = "FILE")]
    dict: Option<PathBuf>,
    /// Segment in jieba's search mode (short words inside long ones too).
    #[arg(long)]
    search: bool,
    /// Turn jieba's HMM for unknown words off.
    #[arg(long)]
    no_hmm: bool,
    /// Word tokens for English spans too.
    #[arg(long)]
    en_words: bool,
}

impl CleanArgs {
    fn config(&self) -> Config {
        let on = |b: bool| if b { Switch::On } else { Switch::Off };
        Config {
            normalization: if self.nfkc { Form::Nfkc } else { Form::Nfc },
            spacing: on(!self.no_spacing),
            punctuation: on(!self.no_punct),
            embed_words: self.embed_words,
            cut: if self.search {
                CutMode::Search
            } else {
                CutMode::Default
            },
            hmm: if self.no_hmm { Hmm::Off } else { Hmm::On },
            user_dict: self.dict.clone(),
            latin_words: on(self.en_words),
            ..Config::default()
        }
    }

    fn format(&self) -> Format {
        match self.format {
            FormatArg::Jsonl => Format::Jsonl,
            FormatArg::Text => Format::Text,
            FormatArg::Segmented => Format::Segmented,
            FormatArg::Spans => Format::Spans,
        }
    }

    fn unit(&self) -> OffsetUnit {
        match self.offsets {
            OffsetsArg::Chars => OffsetUnit::Chars,
            OffsetsArg::Bytes => OffsetUnit::Bytes,
        }
    }
}

pub(crate) fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Clean(args) => clean(&args),
    }
}

/// Counts for the end-of-run line.
#[derive(Default)]
struct Tally {
    files: usize,
    failed: usize,
    bytes_in: u64,
}

fn clean(args: &CleanArgs) -> ExitCode {
    let pipeline = match Pipeline::new(args.config()) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("zhen: {e}");
            return ExitCode::from(2);
        }
    };
    let inputs: Vec<PathBuf> = if args.inputs.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.inputs.clone()
    };
    if let Some(out_dir) = &args.output {
        if let Some(input) = inputs.iter().find(|i| overlaps(i, out_dir)) {
            eprintln!(
                "zhen: refusing to write into the input: output {} and input {} overlap",
                out_dir.display(),
                input.display()
            );
            return ExitCode::from(2);
        }
    }
    let started = Instant::now();
    let mut tally = Tally::default();
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for input in &inputs {
        let files: Box<dyn Iterator<Item = Result<InputFile, zhen::Error>>> =
            if input.as_os_str() == "-" {
                Box::new(std::iter::once(Ok(InputFile {
                    path: input.clone(),
                    relative: PathBuf::from("stdin"),
                })))
            } else {
                Box::new(source::walk(input))
            };
        for file in files {
            tally.files += 1;
            let result = file.and_then(|f| {
                let source = read(&f.path)?;
                tally.bytes_in += source.len() as u64;
                match &args.output {
                    Some(dir) => write_file(&pipeline, args, &f, &source, dir),
                    None => write_doc(&pipeline, args, &f, &source, &mut out)
                        .map_err(|e| zhen::Error::io("<stdout>", e)),
                }
            });
            if let Err(e) = result {
                if is_broken_pipe(&e) {
                    return ExitCode::SUCCESS;
                }
                eprintln!("zhen: {e}");
                tally.failed += 1;
            }
        }
    }
    if let Err(e) = out.flush() {
        if e.kind() != io::ErrorKind::BrokenPipe {
            eprintln!("zhen: writing output: {e}");
            return ExitCode::FAILURE;
        }
    }
    if args.output.is_some() {
        let secs = started.elapsed().as_secs_f64();
        eprintln!(
            "zhen: {} files ({} failed), {:.1} MB in {:.2} s ({:.1} MB/s)",
            tally.files,
            tally.failed,
            tally.bytes_in as f64 / 1e6,
            secs,
            tally.bytes_in as f64 / 1e6 / secs.max(1e-9)
        );
    }
    if tally.failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn is_broken_pipe(e: &zhen::Error) -> bool {
    matches!(e, zhen::Error::Io { source, .. } if source.kind() == io::ErrorKind::BrokenPipe)
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
            match (existing.parent(), existing.file_name()) {
                (Some(parent), Some(name)) => {
                    rest.push(name.to_os_string());
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
        full.extend(rest.iter().rev());
        full
    };
    let (i, o) = (resolve(input), resolve(out_dir));
    o.starts_with(&i) || (i.is_dir() && i.starts_with(&o))
}

fn write_doc<W: Write>(
    pipeline: &Pipeline,
    args: &CleanArgs,
    f: &InputFile,
    source: &str,
    out: W,
) -> io::Result<()> {
    let doc = pipeline.process(source);
    let id = serde_json::Value::String(f.relative.display().to_string());
    output::write(out, &doc, Some(&id), args.format(), args.unit())
}

/// Writes the output of one file under `dir`, through a temporary file renamed into place,
/// so an interrupted run never leaves a partial output under the final name.
fn write_file(
    pipeline: &Pipeline,
    args: &CleanArgs,
    f: &InputFile,
    source: &str,
    dir: &Path,
) -> Result<(), zhen::Error> {
    let mut target = dir.join(&f.relative).into_os_string();
    target.push(".");
    target.push(args.format().extension());
    let target = PathBuf::from(target);
    let parent = target.parent().unwrap_or(dir);
    fs::create_dir_all(parent).map_err(|e| zhen::Error::io(parent, e))?;
    let mut tmp_name = target.file_name().unwrap_or_default().to_os_string();
    tmp_name.push(".zhen-tmp");
    let tmp = parent.join(tmp_name);
    let result = (|| -> io::Result<()> {
        let mut w = BufWriter::new(fs::File::create(&tmp)?);
        write_doc(pipeline, args, f, source, &mut w)?;
        w.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        fs::rename(&tmp, &target)
    })();
    result.map_err(|e| {
        let _ = fs::remove_file(&tmp);
        zhen::Error::io(&target, e)
    })
}

/// Reads a whole file (or standard input for `-`) as UTF-8.
fn read(path: &Path) -> Result<String, zhen::Error> {
    let mut bytes = Vec::new();
    let result = if path.as_os_str() == "-" {
        io::stdin().read_to_end(&mut bytes)
    } else {
        fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes))
    };
    result.map_err(|e| zhen::Error::io(path, e))?;
    source::decode_utf8(bytes, path)
}
