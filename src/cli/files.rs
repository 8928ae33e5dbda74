//! Input files for every subcommand: walking, filtering, parallelism and progress.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use indicatif::{ProgressBar, ProgressStyle};
use zhen::source::{self, InputFile};

use super::InputArgs;

/// Standard input as an input file.
pub(super) fn stdin() -> InputFile {
    InputFile {
        path: PathBuf::from("-"),
        relative: PathBuf::from("stdin"),
    }
}

pub(super) fn is_stdin(f: &InputFile) -> bool {
    f.path.as_os_str() == "-"
}

fn globs(patterns: &[String]) -> Result<Option<GlobSet>, String> {
    if patterns.is_empty() {
        return Ok(None);
    }
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        // A pattern without a slash matches a name at any depth, as in ripgrep; `*` and
        // `?` match within a name, not across `/` (`d*` is not `docs/guide.txt`). A
        // trailing slash names a directory, which the pattern matches without it.
        let p = p.strip_suffix('/').unwrap_or(p);
        let p = if p.contains('/') {
            p.to_owned()
        } else {
            format!("**/{p}")
        };
        // (`dir/**` names the directory too: excluded, it is not entered.)
        let dir = p
            .strip_suffix("/**")
            .filter(|d| !d.is_empty() && !d.ends_with("**"));
        for p in std::iter::once(p.as_str()).chain(dir) {
            let glob = GlobBuilder::new(p)
                .literal_separator(true)
                .build()
                .map_err(|e| format!("bad glob `{p}`: {e}"))?;
            b.add(glob);
        }
    }
    b.build().map(Some).map_err(|e| e.to_string())
}

/// The input files (stdin when there are no inputs), and the walk errors met on the way.
pub(super) fn collect(args: &InputArgs) -> Result<(Vec<InputFile>, Vec<zhen::Error>), String> {
    let include = globs(&args.glob)?;
    let exclude = globs(&args.exclude)?;
    let inputs: Vec<PathBuf> = if args.inputs.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.inputs.clone()
    };
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let output = stdout_file();
    for input in &inputs {
        if input.as_os_str() == "-" {
            files.push((input, stdin()));
            continue;
        }
        // A file named on the command line is read whatever the globs say, as in ripgrep:
        // they filter what a directory walk finds.
        let named = !input.is_dir();
        let keep = |relative: &Path| {
            named
                || (include.as_ref().is_none_or(|g| g.is_match(relative))
                    && !exclude.as_ref().is_some_and(|g| g.is_match(relative)))
        };
        // A directory that `--exclude` names is left out whole, and not walked.
        let pruned = |relative: &Path| exclude.as_ref().is_some_and(|g| g.is_match(relative));
        for f in source::walk_pruned(input, pruned) {
            match f {
                Ok(f) => {
                    // (Nor zhen's own summary, in an output cleaned again.)
                    if !keep(&f.relative) || (!named && is_summary(&f.path, &f.relative)) {
                        continue;
                    }
                    // (Read, the output redirected into an input would grow as it is read,
                    // without end: `zhen clean dir > dir/out.jsonl`.)
                    if output.as_ref().is_some_and(|o| o.is(&f.path)) {
                        stderr!(
                            "zhen: skipping {}: it is the standard output",
                            f.path.display()
                        );
                        continue;
                    }
                    files.push((input, f));
                }
                // What `--exclude` leaves out is not read, so its errors are no one's: a
                // dangling link or a loop excluded by name. (Not one that `--glob` does
                // not name: it may be a directory that holds files it names.)
                Err(zhen::Error::Io { path, .. })
                    if !named
                        && path
                            .strip_prefix(input)
                            .is_ok_and(|r| exclude.as_ref().is_some_and(|g| g.is_match(r))) => {}
                Err(e) => errors.push(e),
            }
        }
    }
    // A run that reads nothing is likely a mistake: a glob that matches nothing, a wrong
    // directory. (Said, not failed: an empty directory is no error.)
    if files.is_empty() && errors.is_empty() && !args.inputs.is_empty() {
        let why = if include.is_some() || exclude.is_some() {
            "--glob and --exclude leave none"
        } else {
            "hidden files and special files are skipped"
        };
        stderr!("zhen: no input files to read ({why})");
    }
    // Two inputs may hold the same relative path (`a/x.txt` and `b/x.txt`): those keep
    // their input's path too, so that their outputs do not overwrite each other.
    let mut seen = std::collections::HashMap::new();
    for (_, f) in &files {
        *seen.entry(f.relative.clone()).or_insert(0) += 1;
    }
    let files: Vec<InputFile> = files
        .into_iter()
        .map(|(input, mut f)| {
            if seen[&f.relative] > 1 && !is_stdin(&f) {
                let mut relative = portable(input);
                if input.is_dir() {
                    relative.push(&f.relative);
                }
                f.relative = relative;
            }
            f
        })
        .collect();
    Ok((files, errors))
}

/// The file that standard output writes to, when it is a regular file. (Compared by
/// `stat`, not by opening each input as same-file's handles do: opening a named pipe
/// would wait for its writer.)
struct Output {
    #[cfg(unix)]
    id: (u64, u64),
}

impl Output {
    /// Whether `path` is that file.
    fn is(&self, path: &Path) -> bool {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            std::fs::metadata(path).is_ok_and(|m| (m.dev(), m.ino()) == self.id)
        }
        #[cfg(not(unix))]
        {
            let _ = path;
            false
        }
    }
}

fn stdout_file() -> Option<Output> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        use std::os::unix::fs::MetadataExt;
        let fd = std::io::stdout().as_fd().try_clone_to_owned().ok()?;
        let m = std::fs::File::from(fd).metadata().ok()?;
        m.is_file().then(|| Output {
            id: (m.dev(), m.ino()),
        })
    }
    #[cfg(not(unix))]
    None
}

/// Refuses inputs of which one holds another (a directory and a directory or file in it,
/// under any name, through a link too): their files would be written twice into the
/// output tree, duplicates in the corpus. (To standard output they are written twice, as
/// `cat` would.) (Inputs that cannot be resolved are left to the walk to report.)
pub(super) fn disjoint(inputs: &[PathBuf]) -> Result<(), String> {
    let mut real: Vec<(PathBuf, &PathBuf)> = inputs
        .iter()
        .filter(|i| i.as_os_str() != "-")
        .filter_map(|i| Some((std::fs::canonicalize(i).ok()?, i)))
        .collect();
    // (Sorted by components, a path comes right before those in it, or before others in it.)
    real.sort();
    let mut outer: Option<&(PathBuf, &PathBuf)> = None;
    for r in &real {
        match outer {
            Some((root, named)) if r.0.starts_with(root) => {
                return Err(format!(
                    "inputs overlap: {} is {} {}, whose files would be written twice",
                    r.1.display(),
                    if r.0 == *root {
                        "the same as"
                    } else {
                        "inside"
                    },
                    named.display()
                ));
            }
            _ => outer = Some(r),
        }
    }
    Ok(())
}

/// Refuses inputs that would write the same output file (a file named twice, or under two
/// names that keep one relative path): the second would overwrite the first.
pub(super) fn unique_outputs(files: &[InputFile]) -> Result<(), String> {
    let mut unique = std::collections::HashSet::new();
    match files.iter().find(|f| !unique.insert(&f.relative)) {
        Some(f) => Err(format!(
            "two inputs would write the same output ({}): name them so that their paths differ",
            f.relative.display()
        )),
        None => Ok(()),
    }
}

/// A path made relative and safe to join under an output directory: no root, and a `..`
/// taking back the name before it (`in/d/../x.txt` is `in/x.txt`, not `in/d/x.txt`, another
/// file), or dropped where none is left (`../x.txt` is `x.txt`).
fn portable(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::Normal(n) => out.push(n),
            Component::ParentDir => {
                out.pop();
            }
            _ => {}
        }
    }
    out
}

/// A thread pool with `jobs` threads (all cores by default), no more than there are
/// `tasks` to share out nor than four for each core (at least 64): a thread more has
/// nothing to do, and a `-j` in the thousands would only spend memory on stacks.
pub(super) fn pool(jobs: Option<usize>, tasks: usize) -> rayon::ThreadPool {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = jobs
        .unwrap_or(cores)
        .min(tasks)
        .min((4 * cores).max(64))
        .max(1);
    let b = rayon::ThreadPoolBuilder::new().num_threads(threads);
    // Building a pool only fails when threads cannot be spawned: fall back to one thread.
    b.build().unwrap_or_else(|_| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap_or_else(|e| panic!("cannot start a thread: {e}"))
    })
}

/// A progress bar on stderr when it is a terminal and not `--quiet`: files, MB, MB/s, ETA.
pub(super) fn progress(files: &[InputFile], quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let total: u64 = files
        .iter()
        .filter_map(|f| std::fs::metadata(&f.path).ok())
        .map(|m| m.len())
        .sum();
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} {bytes_per_sec} ETA {eta} {msg}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.set_message(format!("{} files", files.len()));
    bar
}

/// Size of a file, for progress.
pub(super) fn size(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

/// Whether a file a walk found is the summary of a zhen run: named so, and begun as zhen
/// writes one (a dataset's file of that name is read).
fn is_summary(path: &Path, relative: &Path) -> bool {
    use std::io::Read;
    const HEAD: &[u8] = b"{\n  \"files\": ";
    if relative.file_name() != Some(super::clean::SUMMARY.as_ref()) {
        return false;
    }
    let mut head = [0; HEAD.len()];
    std::fs::File::open(path).is_ok_and(|f| f.take(HEAD.len() as u64).read_exact(&mut head).is_ok())
        && head == HEAD
}
