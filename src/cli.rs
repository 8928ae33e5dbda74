//! Command-line interface: `zhen clean [FILE ...]`.

use std::io::{self, BufWriter, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use zhen::{Config, CutMode, Form, Hmm, JsonDocument, OffsetUnit, Pipeline, Switch};

/// Clean mixed Chinese/English text: normalize, detect language spans, segment Chinese.
#[derive(Parser)]
#[command(name = "zhen", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Clean files (one document per file) or standard input, and print the result.
    ///
    /// Example: zhen clean corpus/*.txt --format text
    Clean(CleanArgs),
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// One JSON object per document: text, language spans, words, offsets.
    Jsonl,
    /// The cleaned text only.
    Text,
}

#[derive(clap::Args)]
struct CleanArgs {
    /// Input files; standard input when none (or `-`).
    files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    format: Format,
    /// Offsets in JSON: Unicode code points (Python str indices) or UTF-8 bytes.
    #[arg(long, value_enum, default_value_t = Offsets::Chars)]
    offsets: Offsets,
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
    #[arg(long, default_value_t = 3)]
    embed_words: usize,
    /// User dictionary for jieba (`word [freq] [tag]` per line), e.g. --dict my_words.txt.
    #[arg(long)]
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

#[derive(Clone, Copy, ValueEnum)]
enum Offsets {
    /// Unicode code points.
    Chars,
    /// UTF-8 bytes.
    Bytes,
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
}

pub(crate) fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Clean(args) => clean(&args),
    }
}

fn clean(args: &CleanArgs) -> ExitCode {
    let pipeline = match Pipeline::new(args.config()) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("zhen: {e}");
            return ExitCode::from(2);
        }
    };
    let unit = match args.offsets {
        Offsets::Chars => OffsetUnit::Chars,
        Offsets::Bytes => OffsetUnit::Bytes,
    };
    let inputs: Vec<PathBuf> = if args.files.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.files.clone()
    };
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut failed = false;
    for path in &inputs {
        let source = match read(path) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("zhen: {e}");
                failed = true;
                continue;
            }
        };
        let doc = pipeline.process(&source);
        let id = serde_json::Value::String(path.display().to_string());
        let written = match args.format {
            Format::Jsonl => JsonDocument::new(&doc, Some(&id), unit).write_line(&mut out),
            Format::Text => out
                .write_all(doc.text().as_bytes())
                .and_then(|()| out.write_all(b"\n")),
        };
        if let Err(e) = written.and_then(|()| out.flush()) {
            // A closed pipe (`zhen clean | head`) is a normal end, not an error.
            if e.kind() == io::ErrorKind::BrokenPipe {
                return ExitCode::SUCCESS;
            }
            eprintln!("zhen: writing output: {e}");
            return ExitCode::FAILURE;
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Reads a whole file (or stdin for `-`) as UTF-8; invalid bytes are an error that names
/// the file and the byte offset.
fn read(path: &PathBuf) -> Result<String, zhen::Error> {
    let mut bytes = Vec::new();
    let result = if path.as_os_str() == "-" {
        io::stdin().read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes))
    };
    result.map_err(|e| zhen::Error::io(path, e))?;
    String::from_utf8(bytes).map_err(|e| zhen::Error::Input {
        location: zhen::Location {
            path: path.clone(),
            line: None,
            byte: Some(e.utf8_error().valid_up_to() as u64),
        },
        reason: "invalid UTF-8".to_string(),
    })
}
