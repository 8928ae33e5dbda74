//! Input paths to input files: files as given, directories walked recursively (walkdir),
//! in a stable order, hidden entries and special files (FIFOs, sockets, devices) skipped,
//! symlink loops reported rather than followed.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::error::Error;

/// One input file and its path relative to the input it was found under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    /// The path to read.
    pub path: PathBuf,
    /// Relative to the directory given as input (the file name for a file given directly):
    /// where its output goes under the output directory.
    pub relative: PathBuf,
}

impl InputFile {
    /// The relative path as a document id: its UTF-8 as it is, any other byte as `\xNN`, so
    /// that names which differ in such bytes keep ids of their own.
    ///
    /// ```
    /// let f = zhen::source::InputFile { path: "in/a.txt".into(), relative: "a.txt".into() };
    /// assert_eq!(f.id(), "a.txt");
    /// ```
    pub fn id(&self) -> String {
        let mut id = String::new();
        for chunk in self.relative.as_os_str().as_encoded_bytes().utf8_chunks() {
            id.push_str(chunk.valid());
            for b in chunk.invalid() {
                id.push_str(&format!("\\x{b:02X}"));
            }
        }
        id
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
}

/// The files under `root` (or `root` itself when it is a file), sorted by path.
///
/// ```no_run
/// for file in zhen::source::walk(std::path::Path::new("corpus")) {
///     println!("{}", file?.relative.display());
/// }
/// # Ok::<(), zhen::Error>(())
/// ```
pub fn walk(root: &Path) -> impl Iterator<Item = Result<InputFile, Error>> + '_ {
    walk_pruned(root, |_| false)
}

/// [`walk`], not entering the directories whose path relative to `root` `prune` names (as
/// ripgrep leaves out a directory that an ignore pattern matches, and all it holds).
pub fn walk_pruned<'a>(
    root: &'a Path,
    prune: impl Fn(&Path) -> bool + 'a,
) -> impl Iterator<Item = Result<InputFile, Error>> + 'a {
    WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(move |e| {
            e.depth() == 0
                || !(is_hidden(e.file_name())
                    || (e.file_type().is_dir()
                        && prune(e.path().strip_prefix(root).unwrap_or(e.path()))))
        })
        .filter_map(move |entry| match entry {
            Ok(e) if e.file_type().is_dir() => None,
            // A FIFO, socket or device found in a directory is no document, and opening a
            // FIFO would wait for a writer forever (as in ripgrep, only one given by name,
            // `<(cmd)`, is read).
            Ok(e) if e.depth() > 0 && !e.file_type().is_file() => None,
            Ok(e) => {
                let relative = if e.depth() == 0 {
                    PathBuf::from(e.file_name())
                } else {
                    e.path()
                        .strip_prefix(root)
                        .unwrap_or(e.path())
                        .to_path_buf()
                };
                Some(Ok(InputFile {
                    path: e.into_path(),
                    relative,
                }))
            }
            Err(err) => {
                let path = err.path().unwrap_or(root).to_path_buf();
                let source = err
                    .into_io_error()
                    .unwrap_or_else(|| std::io::Error::other("symlink loop"));
                Some(Err(Error::io(path, source)))
            }
        })
}
