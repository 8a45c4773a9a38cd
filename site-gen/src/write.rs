//! Stage 5: write. Files are streamed as they are rendered, so memory stays flat however large
//! the site. The output folder keeps a manifest (`.site-gen-output`) of each file's content
//! hash and of the hash of the inputs it was made from, so that:
//! - a page whose inputs did not change is neither rendered nor written;
//! - a page rendered to the same bytes is not written (hashes of content, never timestamps);
//! - changed files go to a patch folder beside the output and are moved in only when every
//!   page rendered without error: a failed build leaves the previous output as it was.

use crate::diag::Diagnostic;
use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;
use xxhash_rust::xxh3::xxh3_128;

/// The manifest; its presence also marks a folder as site-gen's output, so that replacing it
/// can never delete anything else.
pub const MANIFEST: &str = ".site-gen-output";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Entry {
    inputs: u128,
    content: u128,
}

#[derive(Debug, Default, Clone, Copy)]
pub struct WriteReport {
    /// Files in the output.
    pub files: usize,
    /// Files written by this build (new or changed).
    pub written: usize,
    /// Files whose inputs had not changed: neither rendered nor written.
    pub reused: usize,
    pub removed: usize,
    pub bytes_written: u64,
}

pub struct Writer {
    out: PathBuf,
    patch: PathBuf,
    previous: BTreeMap<String, Entry>,
    /// No usable previous output: the patch folder becomes the output.
    fresh: bool,
    /// (job index, entry) of every file of this build; paths come from the caller at commit,
    /// so two million pages do not keep a second copy of their paths here.
    produced: Mutex<Vec<(u32, Entry)>>,
    written: AtomicUsize,
    reused: AtomicUsize,
    bytes: AtomicU64,
}

fn sibling(out: &Path, suffix: &str) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    out.with_file_name(format!(".{name}.{suffix}"))
}

fn io_error(what: &str, path: &Path, e: io::Error) -> Diagnostic {
    Diagnostic::error(format!("{what}: {e}"))
        .in_file(path)
        .help("check that the output folder and its parent are writable")
}

fn read_manifest(text: &str) -> BTreeMap<String, Entry> {
    text.lines()
        .filter_map(|line| {
            let mut parts = line.splitn(3, ' ');
            let inputs = u128::from_str_radix(parts.next()?, 16).ok()?;
            let content = u128::from_str_radix(parts.next()?, 16).ok()?;
            Some((parts.next()?.to_string(), Entry { inputs, content }))
        })
        .collect()
}

impl Writer {
    pub fn open(out: &Path) -> Result<Writer, Diagnostic> {
        let manifest = fs::read_to_string(out.join(MANIFEST)).ok();
        let non_empty = fs::read_dir(out).is_ok_and(|mut d| d.next().is_some());
        if manifest.is_none() && non_empty {
            return Err(
                Diagnostic::error("the output folder holds files site-gen did not write")
                    .in_file(out)
                    .help("choose an empty or new folder with --out; site-gen manages its output folder whole"),
            );
        }
        if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent)
                .map_err(|e| io_error("cannot create the output's parent", parent, e))?;
        }
        let patch = sibling(out, "staging");
        if patch.exists() {
            fs::remove_dir_all(&patch)
                .map_err(|e| io_error("cannot clear an old staging folder", &patch, e))?;
        }
        fs::create_dir_all(&patch)
            .map_err(|e| io_error("cannot create the staging folder", &patch, e))?;
        Ok(Writer {
            out: out.to_path_buf(),
            patch,
            previous: manifest.as_deref().map(read_manifest).unwrap_or_default(),
            fresh: manifest.is_none(),
            produced: Mutex::new(Vec::new()),
            written: AtomicUsize::new(0),
            reused: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
        })
    }

    fn record(&self, job: usize, entry: Entry) {
        if let Ok(mut p) = self.produced.lock() {
            p.push((job as u32, entry));
        }
    }

    /// True (and the file is kept as it is) when `path` was made from the same inputs last
    /// time and is still there: then it need not be rendered at all.
    pub fn reuse(&self, job: usize, path: &str, inputs: u128) -> bool {
        match self.previous.get(path) {
            Some(e) if !self.fresh && e.inputs == inputs && self.out.join(path).is_file() => {
                self.record(job, *e);
                self.reused.fetch_add(1, Ordering::Relaxed);
                true
            }
            _ => false,
        }
    }

    /// Takes the rendered bytes of `path`; writes them only if they differ from the output's.
    pub fn put(&self, job: usize, path: &str, inputs: u128, bytes: &[u8]) -> io::Result<()> {
        let content = xxh3_128(bytes);
        let same = !self.fresh
            && self
                .previous
                .get(path)
                .is_some_and(|e| e.content == content)
            && self.out.join(path).is_file();
        if !same {
            let target = self.patch.join(path);
            if let Some(dir) = target.parent() {
                // Most pages have a folder of their own whose parent exists: one call, and
                // no memory of folders made (a national site has a million).
                match fs::create_dir(dir) {
                    Ok(()) => {}
                    Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
                    Err(_) => fs::create_dir_all(dir)?,
                }
            }
            fs::write(&target, bytes)?;
            self.written.fetch_add(1, Ordering::Relaxed);
            self.bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        }
        self.record(job, Entry { inputs, content });
        Ok(())
    }

    /// Drops everything this build staged; the output stays as it was.
    pub fn abort(self) {
        let _ = fs::remove_dir_all(&self.patch);
    }

    /// Moves the staged files into the output, removes files no longer produced, and saves
    /// the manifest. `paths` are the jobs' paths, by job index. Nothing is touched when
    /// nothing changed.
    pub fn commit(self, paths: &[&str]) -> Result<WriteReport, Diagnostic> {
        let mut produced: Vec<(&str, Entry)> = self
            .produced
            .into_inner()
            .unwrap_or_default()
            .into_iter()
            .map(|(job, e)| (paths[job as usize], e))
            .collect();
        produced.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let mut report = WriteReport {
            files: produced.len(),
            written: self.written.load(Ordering::Relaxed),
            reused: self.reused.load(Ordering::Relaxed),
            removed: 0,
            bytes_written: self.bytes.load(Ordering::Relaxed),
        };
        let fail = |what: &str, path: &Path, e: io::Error| io_error(what, path, e);
        if self.fresh {
            write_manifest(&self.patch.join(MANIFEST), &produced)
                .map_err(|e| fail("cannot write the manifest", &self.patch, e))?;
            if self.out.exists() {
                // An empty folder the user pointed at.
                fs::remove_dir(&self.out)
                    .map_err(|e| fail("cannot replace the output", &self.out, e))?;
            }
            fs::rename(&self.patch, &self.out)
                .map_err(|e| fail("cannot move the new site into place", &self.out, e))?;
            return Ok(report);
        }
        // Both lists are sorted by path: one walk finds what is gone and whether anything
        // differs from the last build.
        let mut gone = Vec::new();
        let mut same = produced.len() == self.previous.len();
        let mut next = produced.iter().peekable();
        for (path, old) in &self.previous {
            while next.peek().is_some_and(|(p, _)| *p < path.as_str()) {
                next.next();
            }
            match next.peek() {
                Some((p, e)) if *p == path.as_str() => {
                    same &= e == old;
                    next.next();
                }
                _ => gone.push(path.as_str()),
            }
        }
        same &= gone.is_empty();
        if report.written > 0 || !same {
            move_tree(&self.patch, &self.out, &self.patch)
                .map_err(|e| fail("cannot move the changed files into place", &self.out, e))?;
            for path in gone {
                let full = self.out.join(path);
                if fs::remove_file(&full).is_ok() {
                    report.removed += 1;
                }
                remove_empty_parents(&full, &self.out);
            }
            let tmp = self.out.join(format!("{MANIFEST}.tmp"));
            write_manifest(&tmp, &produced)
                .map_err(|e| fail("cannot write the manifest", &tmp, e))?;
            fs::rename(&tmp, self.out.join(MANIFEST))
                .map_err(|e| fail("cannot write the manifest", &self.out, e))?;
        }
        let _ = fs::remove_dir_all(&self.patch);
        Ok(report)
    }
}

/// Streamed: a national site's manifest has two million lines.
fn write_manifest(path: &Path, entries: &[(&str, Entry)]) -> io::Result<()> {
    use io::Write as _;
    let mut w = io::BufWriter::new(fs::File::create(path)?);
    for (p, e) in entries {
        writeln!(w, "{:032x} {:032x} {p}", e.inputs, e.content)?;
    }
    w.flush()
}

/// Renames every file under `dir` (relative to `root`) to the same place under `out`.
fn move_tree(dir: &Path, out: &Path, root: &Path) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            move_tree(&path, out, root)?;
        } else {
            let rel = path.strip_prefix(root).map_err(io::Error::other)?;
            let target = out.join(rel);
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::rename(&path, &target)?;
        }
    }
    Ok(())
}

fn remove_empty_parents(file: &Path, root: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == root || fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}
