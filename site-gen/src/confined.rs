//! Reading files that must stay inside a folder (the content folder, a theme): every file
//! the build reads or publishes goes through here, so that a link, a named pipe, a device
//! or a huge file can neither leak what lies outside, nor hang or exhaust the build.

use crate::diag::Diagnostic;
use std::collections::HashSet;
use std::fs;
use std::io::{self, Read as _};
use std::path::{Path, PathBuf};

/// Largest text file read (TOML, Markdown, templates, translations): no real one comes near.
pub const MAX_TEXT_BYTES: u64 = 16 << 20;
/// Largest file published as it is (forms, theme static files).
pub const MAX_FILE_BYTES: u64 = 64 << 20;

/// Why a file was not read.
#[derive(Debug)]
pub enum Refusal {
    /// After resolving links, the file is elsewhere.
    Outside(PathBuf),
    /// A folder, pipe, device or socket where a file was expected.
    NotAFile(&'static str),
    TooLarge {
        size: u64,
        limit: u64,
    },
    Io(io::Error),
}

impl From<io::Error> for Refusal {
    fn from(e: io::Error) -> Refusal {
        Refusal::Io(e)
    }
}

impl Refusal {
    /// The error for `shown` (the path as the user wrote it); `folder` names the folder it
    /// had to stay in ("content", "theme").
    pub fn diagnostic(&self, shown: &Path, folder: &str) -> Diagnostic {
        match self {
            Refusal::Outside(real) => {
                Diagnostic::error(format!("this file leaves the {folder} folder"))
                    .in_file(shown)
                    .label(format!("it resolves to {}", real.display()))
                    .help(format!(
                        "copy the file into the {folder} folder instead of linking to it"
                    ))
            }
            Refusal::NotAFile(kind) => {
                Diagnostic::error(format!("this is a {kind}, not a regular file"))
                    .in_file(shown)
                    .help("only regular files are read; remove it or replace it with a file")
            }
            Refusal::TooLarge { size, limit } => Diagnostic::error(format!(
                "this file is too large: {size} bytes, the limit is {limit} bytes ({} MiB)",
                limit >> 20
            ))
            .in_file(shown)
            .help("split it, or publish it elsewhere and link to it"),
            Refusal::Io(e) => {
                let d = Diagnostic::error(format!("cannot read this file: {e}")).in_file(shown);
                if e.kind() == io::ErrorKind::NotFound {
                    d.help("create it; the README's guide lists the files a site needs")
                } else {
                    d
                }
            }
        }
    }
}

fn kind_of(t: &fs::FileType) -> Option<&'static str> {
    use std::os::unix::fs::FileTypeExt as _;
    if t.is_file() {
        None
    } else if t.is_dir() {
        Some("folder")
    } else if t.is_fifo() {
        Some("named pipe")
    } else if t.is_char_device() || t.is_block_device() {
        Some("device")
    } else if t.is_socket() {
        Some("socket")
    } else if t.is_symlink() {
        Some("link")
    } else {
        Some("special file")
    }
}

/// Checks, without opening it, that `real` (links already resolved) is a regular file no
/// larger than `limit`; returns its size.
pub fn check_file(real: &Path, limit: u64) -> Result<u64, Refusal> {
    let meta = fs::symlink_metadata(real)?;
    if let Some(kind) = kind_of(&meta.file_type()) {
        return Err(Refusal::NotAFile(kind));
    }
    if meta.len() > limit {
        return Err(Refusal::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    Ok(meta.len())
}

/// Reads `real` (links already resolved), a regular file of at most `limit` bytes. The type
/// is checked before opening (opening a pipe would block) and again on the open file, which
/// is opened non-blocking and without following a link, in case it was swapped meanwhile;
/// the read stops past `limit` in case the file grows.
pub fn read_file(real: &Path, limit: u64) -> Result<Vec<u8>, Refusal> {
    use std::os::unix::fs::OpenOptionsExt as _;
    check_file(real, limit)?;
    let file = fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW)
        .open(real)?;
    let meta = file.metadata()?;
    if let Some(kind) = kind_of(&meta.file_type()) {
        return Err(Refusal::NotAFile(kind));
    }
    let mut bytes = Vec::with_capacity(meta.len().min(limit) as usize);
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(Refusal::TooLarge {
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// Where `path` really is, if that is inside `root` (itself canonical).
pub fn resolve_inside(root: &Path, path: &Path) -> Result<PathBuf, Refusal> {
    let real = fs::canonicalize(path)?;
    if real.starts_with(root) {
        Ok(real)
    } else {
        Err(Refusal::Outside(real))
    }
}

/// Reads `root/rel` if it resolves to a regular file inside `root` (canonical).
pub fn read_inside(root: &Path, rel: &Path, limit: u64) -> Result<Vec<u8>, Refusal> {
    read_file(&resolve_inside(root, &root.join(rel))?, limit)
}

/// One entry of a folder, as [`list`] gives it.
pub struct Entry {
    pub name: String,
    /// A folder, after following links.
    pub is_dir: bool,
}

/// The entries of a folder, sorted so that output never depends on the file system, hidden
/// ones (`.name`) left out. A name that is not UTF-8 is reported, not skipped in silence:
/// it could not be given a web address. A missing folder has no entries.
pub fn list(dir: &Path, shown: &Path, errors: &mut Vec<Diagnostic>) -> Vec<Entry> {
    let read = match fs::read_dir(dir) {
        Ok(r) => r,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Vec::new(),
        Err(e) => {
            errors.push(Diagnostic::error(format!("cannot read this folder: {e}")).in_file(shown));
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for entry in read {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                errors.push(
                    Diagnostic::error(format!("cannot read this folder: {e}")).in_file(shown),
                );
                continue;
            }
        };
        let name = match entry.file_name().into_string() {
            Ok(n) => n,
            Err(raw) => {
                errors.push(
                    Diagnostic::error("this file name is not UTF-8 text")
                        .in_file(&shown.join(raw.to_string_lossy().as_ref()))
                        .help("rename it with UTF-8 characters (the name becomes part of a web address)"),
                );
                continue;
            }
        };
        if name.starts_with('.') {
            continue;
        }
        if name.chars().any(char::is_control) {
            errors.push(
                Diagnostic::error(format!(
                    "this file name holds a control character: {}",
                    name.escape_debug()
                ))
                .in_file(shown)
                .help("rename it without line breaks, tabs or other invisible characters"),
            );
            continue;
        }
        // Follows links: the reader checks where they lead.
        let is_dir = match entry.file_type() {
            Ok(t) if !t.is_symlink() => t.is_dir(),
            _ => entry.path().is_dir(),
        };
        out.push(Entry { name, is_dir });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// The real folders a tree walk has entered, so that a link back to one of them (a loop,
/// which would otherwise be walked until the path grows too long) is refused.
#[derive(Default)]
pub struct Visited(HashSet<PathBuf>);

impl Visited {
    /// Records folder `dir` (shown to the user as `shown`) on entering it; an error if it
    /// leaves `root` or was entered already.
    pub fn enter(
        &mut self,
        root: &Path,
        dir: &Path,
        shown: &Path,
        folder: &str,
    ) -> Result<(), Diagnostic> {
        let real = match resolve_inside(root, dir) {
            Ok(r) => r,
            Err(Refusal::Outside(real)) => {
                return Err(
                    Diagnostic::error(format!("this folder leaves the {folder} folder"))
                        .in_file(shown)
                        .label(format!("it resolves to {}", real.display()))
                        .help("copy the files instead of linking to the folder"),
                )
            }
            Err(e) => return Err(e.diagnostic(shown, folder)),
        };
        if self.0.insert(real.clone()) {
            Ok(())
        } else {
            Err(Diagnostic::error("this folder is a link to a folder already read")
                .in_file(shown)
                .label(format!("it resolves to {}", real.display()))
                .help("remove the link: links back to a folder make a loop, and its files would be published twice"))
        }
    }
}

/// Every regular file under `start` (recursively), as paths relative to `start` with `/`
/// separators, each resolved inside `root` (canonical, named `folder` in errors) and
/// checked against `limit`; with its real path. Errors name each refused file.
pub fn walk(
    (root, folder): (&Path, &str),
    (start, shown): (&Path, &Path),
    limit: u64,
    errors: &mut Vec<Diagnostic>,
) -> Vec<(String, PathBuf)> {
    let mut visited = Visited::default();
    let mut out = Vec::new();
    if !start.is_dir() {
        return out;
    }
    if let Err(d) = visited.enter(root, start, shown, folder) {
        errors.push(d);
        return out;
    }
    let mut stack = vec![String::new()];
    while let Some(sub) = stack.pop() {
        let (dir, shown_dir) = (start.join(&sub), shown.join(&sub));
        for e in list(&dir, &shown_dir, errors) {
            let rel = if sub.is_empty() {
                e.name.clone()
            } else {
                format!("{sub}/{}", e.name)
            };
            let (full, shown_file) = (dir.join(&e.name), shown_dir.join(&e.name));
            if e.is_dir {
                match visited.enter(root, &full, &shown_file, folder) {
                    Ok(()) => stack.push(rel),
                    Err(d) => errors.push(d),
                }
                continue;
            }
            match resolve_inside(root, &full).and_then(|real| {
                check_file(&real, limit)?;
                Ok(real)
            }) {
                Ok(real) => out.push((rel, real)),
                Err(r) => errors.push(r.diagnostic(&shown_file, folder)),
            }
        }
    }
    out.sort();
    out
}
