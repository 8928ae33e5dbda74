//! Helpers shared by the tests that run the `zhen` binary on temporary directories.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// Writes `bytes` to `dir/rel`, creating parent directories.
pub fn put(dir: &Path, rel: impl AsRef<Path>, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(&p, bytes).unwrap();
    p
}

/// Every line of a JSON-lines text, parsed.
#[track_caller]
pub fn parse_lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l:?}")))
        .collect()
}

/// Every line of a JSON-lines file, parsed.
#[track_caller]
pub fn read_jsonl(path: &Path) -> Vec<Value> {
    let text =
        fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    parse_lines(&text)
}

/// `OUT/zhen-summary.json`, parsed.
#[track_caller]
pub fn summary(out: &Path) -> Value {
    let p = out.join("zhen-summary.json");
    let text =
        fs::read_to_string(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()));
    serde_json::from_str(&text).unwrap()
}
