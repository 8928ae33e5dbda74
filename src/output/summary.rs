//! The summary of a run: what was read, written, found and what failed.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize, Serializer};

use super::Written;
use crate::document::{Document, Summary};

/// A file that failed, and why.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct FileError {
    /// The input file.
    pub file: String,
    /// What went wrong, with the position where known.
    pub reason: String,
    /// The whole file failed (not one record skipped): always listed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub failed: bool,
}

/// Counts over a run, merged from per-file counts; written as `zhen-summary.json`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RunSummary {
    /// Input files seen.
    pub files: u64,
    /// Files that failed (see `errors`).
    pub failed_files: u64,
    /// Files skipped (binary, or up to date with `--resume`).
    pub skipped_files: u64,
    /// Documents processed.
    pub documents: u64,
    /// Records skipped inside files (malformed JSON lines).
    pub skipped_records: u64,
    /// Bytes read (after decompression).
    pub bytes_in: u64,
    /// Bytes written.
    pub bytes_out: u64,
    /// Letters per language over all documents.
    pub letters: BTreeMap<String, u64>,
    /// Share of letters per language.
    pub shares: BTreeMap<String, f64>,
    /// Documents with a span foreign to their dominant language.
    pub mixed_documents: u64,
    /// Spans foreign to their document's dominant language.
    pub foreign_spans: u64,
    /// Invalid byte sequences replaced by U+FFFD (`--lossy`).
    pub replaced_chars: u64,
    /// Failures and skipped records, with file and reason: the first [`MAX_ERRORS`].
    pub errors: Vec<FileError>,
    /// Errors past the first [`MAX_ERRORS`], counted and not listed.
    #[serde(skip_serializing_if = "is_zero")]
    pub errors_omitted: u64,
    /// The run was interrupted (Ctrl-C, SIGTERM): the counts cover the files completed.
    pub interrupted: bool,
    /// The options that shaped the outputs, as flags (`--unit line --nfkc`; empty for the
    /// defaults): `--resume` refuses to finish a run with others.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub options: Option<String>,
    /// Wall-clock seconds.
    pub elapsed_s: f64,
    /// Input megabytes (10^6 bytes) per second.
    pub mb_per_s: f64,
    /// Each completed file's counts, by its id: written when the run was interrupted, so
    /// that `--resume` counts the files it does not clean again.
    #[serde(
        skip_serializing_if = "BTreeMap::is_empty",
        serialize_with = "per_file"
    )]
    pub completed: BTreeMap<String, RunSummary>,
}

/// The most errors a summary lists; past them it only counts them (`errors_omitted`), so
/// that a file of millions of broken records keeps memory and the summary small.
pub const MAX_ERRORS: usize = 1000;

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// A completed file's counts, as `completed` lists them.
#[derive(Serialize)]
struct FileCounts<'a> {
    documents: u64,
    skipped_records: u64,
    bytes_in: u64,
    bytes_out: u64,
    letters: &'a BTreeMap<String, u64>,
    mixed_documents: u64,
    foreign_spans: u64,
    replaced_chars: u64,
    #[serde(skip_serializing_if = "<[FileError]>::is_empty")]
    errors: &'a [FileError],
    #[serde(skip_serializing_if = "is_zero")]
    errors_omitted: u64,
}

fn per_file<S: Serializer>(
    completed: &BTreeMap<String, RunSummary>,
    s: S,
) -> Result<S::Ok, S::Error> {
    s.collect_map(completed.iter().map(|(id, f)| {
        let counts = FileCounts {
            documents: f.documents,
            skipped_records: f.skipped_records,
            bytes_in: f.bytes_in,
            bytes_out: f.bytes_out,
            letters: &f.letters,
            mixed_documents: f.mixed_documents,
            foreign_spans: f.foreign_spans,
            replaced_chars: f.replaced_chars,
            errors: &f.errors,
            errors_omitted: f.errors_omitted,
        };
        (id, counts)
    }))
}

impl RunSummary {
    /// Lists a skipped record's error, or counts it past the first [`MAX_ERRORS`].
    pub fn add_error(&mut self, file: String, reason: String) {
        self.push_error(FileError {
            file,
            reason,
            failed: false,
        });
    }

    /// Counts a file that failed, and lists it whatever the errors listed before it: the
    /// cap bounds the records of a noisy file, and the files that failed are few.
    pub fn add_failure(&mut self, file: String, reason: String) {
        self.failed_files += 1;
        self.push_error(FileError {
            file,
            reason,
            failed: true,
        });
    }

    fn push_error(&mut self, e: FileError) {
        if e.failed || self.errors.len() < MAX_ERRORS {
            self.errors.push(e);
        } else {
            self.errors_omitted += 1;
        }
    }

    /// Counts an input that failed before it was read (not found, a directory that cannot
    /// be listed): a file, failed, named in the error where the error names it.
    pub fn add_failed_input(&mut self, e: &crate::Error) {
        self.files += 1;
        let file = match e {
            crate::Error::Io { path, .. } => path.display().to_string(),
            _ => String::new(),
        };
        self.add_failure(file, e.to_string());
    }

    /// Counts one processed document.
    pub fn add_document(&mut self, doc: &Document) {
        self.documents += 1;
        self.mixed_documents += u64::from(doc.summary().mixed);
        self.add_letters(
            doc.summary(),
            doc.spans().iter().filter(|s| s.foreign).count(),
        );
    }

    /// Counts one document cleaned in parts (a long JSON record), as they come: each part
    /// is handed to `each`. The document is mixed when one of its parts is.
    pub fn add_parts<'s>(
        &mut self,
        parts: impl IntoIterator<Item = Document<'s>>,
        mut each: impl FnMut(&Document),
    ) {
        self.documents += 1;
        let mut mixed = false;
        for doc in parts {
            mixed |= doc.summary().mixed;
            self.add_letters(
                doc.summary(),
                doc.spans().iter().filter(|s| s.foreign).count(),
            );
            each(&doc);
        }
        self.mixed_documents += u64::from(mixed);
    }

    /// Counts a record as written (one record, however many parts it was cleaned in).
    pub fn add(&mut self, written: &Written) {
        self.documents += 1;
        self.mixed_documents += u64::from(written.summary.mixed);
        self.add_letters(&written.summary, written.foreign_spans);
    }

    /// Adds the letters of `summary` and its foreign spans.
    fn add_letters(&mut self, summary: &Summary, foreign_spans: usize) {
        for (lang, n) in summary.counts() {
            *self.letters.entry(lang.code().to_string()).or_default() += n as u64;
        }
        self.foreign_spans += foreign_spans as u64;
    }

    /// Adds another summary's counts (from another file or thread).
    pub fn merge(&mut self, other: RunSummary) {
        self.files += other.files;
        self.failed_files += other.failed_files;
        self.skipped_files += other.skipped_files;
        self.documents += other.documents;
        self.skipped_records += other.skipped_records;
        self.bytes_in += other.bytes_in;
        self.bytes_out += other.bytes_out;
        for (k, v) in other.letters {
            *self.letters.entry(k).or_default() += v;
        }
        self.mixed_documents += other.mixed_documents;
        self.foreign_spans += other.foreign_spans;
        self.replaced_chars += other.replaced_chars;
        self.errors_omitted += other.errors_omitted;
        for e in other.errors {
            self.push_error(e);
        }
        self.completed.extend(other.completed);
    }

    /// Records this summary, the counts of one file cleaned completely, as `id`'s in
    /// `completed`.
    pub fn complete(&mut self, id: String) {
        let counts = RunSummary {
            completed: BTreeMap::new(),
            ..self.clone()
        };
        self.completed.insert(id, counts);
    }

    /// The counts of a file that an interrupted run completed, as a summary of it.
    pub fn resumed(&self, id: &str) -> Option<RunSummary> {
        let counts = self.completed.get(id)?;
        let mut summary = RunSummary {
            files: 1,
            ..counts.clone()
        };
        summary.complete(id.to_string());
        Some(summary)
    }

    /// Computes shares and speed at the end of a run.
    pub fn finish(&mut self, elapsed_s: f64) {
        let total: u64 = self.letters.values().sum();
        self.shares = self
            .letters
            .iter()
            .map(|(k, &v)| {
                (
                    k.clone(),
                    if total == 0 {
                        0.0
                    } else {
                        (v as f64 / total as f64 * 1e4).round() / 1e4
                    },
                )
            })
            .collect();
        self.elapsed_s = (elapsed_s * 1e3).round() / 1e3;
        self.mb_per_s = if elapsed_s > 0.0 {
            (self.bytes_in as f64 / 1e6 / elapsed_s * 100.0).round() / 100.0
        } else {
            0.0
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A completed file's counts, as an interrupted run writes them, read back by `--resume`
    /// whole: its omitted errors too.
    #[test]
    fn completed_counts_round_trip() {
        let mut file = RunSummary {
            files: 1,
            documents: 3,
            skipped_records: 1002,
            ..RunSummary::default()
        };
        for k in 0..1002 {
            file.add_error("a.jsonl".into(), format!("line {k}"));
        }
        file.add_failure("b.txt".into(), "invalid UTF-8".into());
        assert_eq!((file.errors.len(), file.errors_omitted), (1001, 2));
        file.complete("a.jsonl".into());
        let json = serde_json::to_string(&file).unwrap();
        let back: RunSummary = serde_json::from_str(&json).unwrap();
        let resumed = back.resumed("a.jsonl").unwrap();
        assert_eq!(resumed.errors_omitted, 2);
        assert_eq!(resumed.errors, file.errors);
        assert_eq!(resumed.errors.iter().filter(|e| e.failed).count(), 1);
        assert_eq!(resumed.skipped_records, 1002);
    }
}
