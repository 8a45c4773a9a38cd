//! Stage 5: write. Files are streamed as they are rendered, so memory stays flat however large
//! the site. The output folder keeps a manifest (`.site-gen-output`) of each file's content
//! hash and of the hash of the inputs it was made from, so that:
//! - a page whose inputs did not change is neither rendered nor written;
//! - a page rendered to the same bytes is not written (hashes of content, never timestamps);
//! - changed files go to a patch folder beside the output and are moved in only when every
//!   page rendered without error: a failed build leaves the previous output as it was.

use crate::diag::Diagnostic;
use std::fs;
use std::io::{self, BufRead as _, Write as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::SystemTime;
use xxhash_rust::xxh3::{xxh3_128, Xxh3};

/// The manifest; its presence also marks a folder as site-gen's output, so that replacing it
/// can never delete anything else.
pub const MANIFEST: &str = ".site-gen-output";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Entry {
    inputs: u128,
    content: u128,
}

/// Files are found by the hash of their path: a national site has two million, and the
/// hash costs less memory and less time to look up than the path itself.
type PathKey = u128;

fn key(path: &str) -> PathKey {
    xxh3_128(path.as_bytes())
}

/// Sorted by key, for binary search: at two million entries, half the memory of a hash map.
#[derive(Default)]
struct Entries(Vec<(PathKey, Entry)>);

impl Entries {
    fn new(mut v: Vec<(PathKey, Entry)>) -> Entries {
        v.sort_unstable_by_key(|(k, _)| *k);
        Entries(v)
    }
    fn get(&self, k: &PathKey) -> Option<&Entry> {
        let i = self.0.binary_search_by_key(k, |(k, _)| *k).ok()?;
        Some(&self.0[i].1)
    }
    fn len(&self) -> usize {
        self.0.len()
    }
}

/// The output as this process last left it. `serve` keeps it between rebuilds, so that a
/// rebuild neither reads the manifest again nor checks that each unchanged file is still
/// there. It is trusted only while the manifest on disk is the one it describes.
#[derive(Default)]
pub struct Known {
    entries: Entries,
    manifest: Option<(u64, SystemTime)>,
}

fn manifest_identity(out: &Path) -> Option<(u64, SystemTime)> {
    let m = fs::metadata(out.join(MANIFEST)).ok()?;
    Some((m.len(), m.modified().ok()?))
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
    previous: Entries,
    /// No usable previous output: the patch folder becomes the output.
    fresh: bool,
    /// `previous` comes from this process's last build, whose files are known to be there.
    trusted: bool,
    /// Every file of this build: path key, job index, whether it was staged, entry. Paths
    /// come from the caller at commit, so two million pages keep no second copy of them.
    produced: Mutex<Vec<Produced>>,
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

/// One manifest line: inputs hash, content hash, path.
fn parse_line(line: &str) -> Option<(&str, Entry)> {
    let mut parts = line.splitn(3, ' ');
    let inputs = u128::from_str_radix(parts.next()?, 16).ok()?;
    let content = u128::from_str_radix(parts.next()?, 16).ok()?;
    Some((parts.next()?, Entry { inputs, content }))
}

/// Read line by line: a national site's manifest is some 200 MB of text.
fn read_manifest(file: fs::File) -> Entries {
    Entries::new(
        io::BufReader::new(file)
            .lines()
            .map_while(Result::ok)
            .filter_map(|line| parse_line(&line).map(|(path, e)| (key(path), e)))
            .collect(),
    )
}

struct Produced {
    key: PathKey,
    job: u32,
    staged: bool,
    entry: Entry,
}

/// Counts bytes and hashes them on their way to a file.
struct Hashing<W> {
    inner: W,
    hasher: Xxh3,
    len: u64,
}

impl<W: io::Write> io::Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.len += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl Writer {
    /// Opens the output folder `out`. `known` is what the previous build of this process
    /// left (see [`Known`]).
    pub fn open(out: &Path, known: Option<Known>) -> Result<Writer, Diagnostic> {
        let identity = manifest_identity(out);
        let (previous, trusted, fresh) = match known {
            Some(k) if k.manifest.is_some() && k.manifest == identity => (k.entries, true, false),
            _ => {
                let manifest = fs::File::open(out.join(MANIFEST)).ok();
                let non_empty = fs::read_dir(out).is_ok_and(|mut d| d.next().is_some());
                if manifest.is_none() && non_empty {
                    return Err(Diagnostic::error(
                        "the output folder holds files site-gen did not write",
                    )
                    .in_file(out)
                    .help("choose an empty or new folder with --out; site-gen manages its output folder whole"));
                }
                let fresh = manifest.is_none();
                (
                    manifest.map(read_manifest).unwrap_or_default(),
                    false,
                    fresh,
                )
            }
        };
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
            previous,
            fresh,
            trusted,
            produced: Mutex::new(Vec::new()),
            written: AtomicUsize::new(0),
            reused: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
        })
    }

    fn record(&self, key: PathKey, job: usize, staged: bool, entry: Entry) {
        if let Ok(mut p) = self.produced.lock() {
            p.push(Produced {
                key,
                job: job as u32,
                staged,
                entry,
            });
        }
    }

    /// The previous build's entry for `path` (whose key is `k`), if that file is still in
    /// the output.
    fn previous(&self, k: PathKey, path: &str) -> Option<&Entry> {
        if self.fresh {
            return None;
        }
        let e = self.previous.get(&k)?;
        (self.trusted || self.out.join(path).is_file()).then_some(e)
    }

    /// True (and the file is kept as it is) when `path` was made from the same inputs last
    /// time and is still there: then it need not be rendered at all.
    pub fn reuse(&self, job: usize, path: &str, inputs: u128) -> bool {
        let k = key(path);
        match self.previous(k, path) {
            Some(e) if e.inputs == inputs => {
                self.record(k, job, false, *e);
                self.reused.fetch_add(1, Ordering::Relaxed);
                true
            }
            _ => false,
        }
    }

    /// Where job `job`, output file `path`, is staged. A new output is staged as its own
    /// tree, which then becomes the output. A patch is staged flat, named by job: no folders
    /// to make and remove again, which on a slow disk cost more than the pages themselves.
    fn staged(&self, job: usize, path: &str) -> io::Result<PathBuf> {
        if !self.fresh {
            return Ok(self.patch.join(job.to_string()));
        }
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
        Ok(target)
    }

    /// Takes the rendered bytes of `path`; writes them only if they differ from the output's.
    pub fn put(&self, job: usize, path: &str, inputs: u128, bytes: &[u8]) -> io::Result<()> {
        let (k, content) = (key(path), xxh3_128(bytes));
        let staged = self.previous(k, path).is_none_or(|e| e.content != content);
        if staged {
            let target = self.staged(job, path)?;
            fs::write(&target, bytes)?;
            crate::compress::write_siblings(&target, path, bytes)?;
            self.written.fetch_add(1, Ordering::Relaxed);
            self.bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        }
        self.record(k, job, staged, Entry { inputs, content });
        Ok(())
    }

    /// Like [`Writer::put`] for a file too large to hold in memory: `fill` writes it
    /// straight to the staging folder, and the copy is dropped if it equals the output's.
    pub fn put_streamed(
        &self,
        job: usize,
        path: &str,
        inputs: u128,
        fill: impl FnOnce(&mut dyn io::Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let target = self.staged(job, path)?;
        let mut w = Hashing {
            inner: io::BufWriter::with_capacity(1 << 16, fs::File::create(&target)?),
            hasher: Xxh3::new(),
            len: 0,
        };
        fill(&mut w)?;
        w.flush()?;
        let (k, content) = (key(path), w.hasher.digest128());
        let staged = self.previous(k, path).is_none_or(|e| e.content != content);
        if staged {
            crate::compress::write_siblings_of_file(&target, path)?;
            self.written.fetch_add(1, Ordering::Relaxed);
            self.bytes.fetch_add(w.len, Ordering::Relaxed);
        } else {
            fs::remove_file(&target)?;
        }
        self.record(k, job, staged, Entry { inputs, content });
        Ok(())
    }

    /// Drops everything this build staged; the output stays as it was, and so does what
    /// this process knew of it.
    pub fn abort(self) -> Option<Known> {
        let _ = fs::remove_dir_all(&self.patch);
        self.trusted.then(|| Known {
            entries: self.previous,
            manifest: manifest_identity(&self.out),
        })
    }

    /// Moves the staged files into the output, removes files no longer produced, and saves
    /// the manifest. `path` writes a job's path into a buffer. Nothing is touched when
    /// nothing changed. With `keep`, returns what the next build of this process may trust.
    pub fn commit(
        self,
        path: impl Fn(usize, &mut String),
        keep: bool,
    ) -> Result<(WriteReport, Option<Known>), Diagnostic> {
        let mut produced = self.produced.into_inner().unwrap_or_default();
        // In job order, so that the manifest is the same from build to build.
        produced.sort_unstable_by_key(|p| p.job);
        let mut report = WriteReport {
            files: produced.len(),
            written: self.written.load(Ordering::Relaxed),
            reused: self.reused.load(Ordering::Relaxed),
            removed: 0,
            bytes_written: self.bytes.load(Ordering::Relaxed),
        };
        let fail = |what: &str, path: &Path, e: io::Error| io_error(what, path, e);
        if self.fresh {
            write_manifest(&self.patch.join(MANIFEST), &produced, &path)
                .map_err(|e| fail("cannot write the manifest", &self.patch, e))?;
            if self.out.exists() {
                // An empty folder the user pointed at.
                fs::remove_dir(&self.out)
                    .map_err(|e| fail("cannot replace the output", &self.out, e))?;
            }
            fs::rename(&self.patch, &self.out)
                .map_err(|e| fail("cannot move the new site into place", &self.out, e))?;
        } else {
            let mut kept = 0;
            let mut same = true;
            for p in &produced {
                match self.previous.get(&p.key) {
                    Some(old) => {
                        kept += 1;
                        same &= *old == p.entry;
                    }
                    None => same = false,
                }
            }
            let any_gone = kept < self.previous.len();
            if report.written > 0 || !same || any_gone {
                let mut buf = String::new();
                for p in produced.iter().filter(|p| p.staged) {
                    path(p.job as usize, &mut buf);
                    let staged = self.patch.join(p.job.to_string());
                    move_into_place(&staged, &self.out.join(&buf)).map_err(|e| {
                        fail("cannot move the changed files into place", &self.out, e)
                    })?;
                }
                if any_gone {
                    report.removed = remove_gone(&self.out, &produced)
                        .map_err(|e| fail("cannot remove old files", &self.out, e))?;
                }
                let tmp = self.out.join(format!("{MANIFEST}.tmp"));
                write_manifest(&tmp, &produced, &path)
                    .map_err(|e| fail("cannot write the manifest", &tmp, e))?;
                fs::rename(&tmp, self.out.join(MANIFEST))
                    .map_err(|e| fail("cannot write the manifest", &self.out, e))?;
            }
            let _ = fs::remove_dir_all(&self.patch);
        }
        let known = keep.then(|| Known {
            entries: Entries::new(produced.into_iter().map(|p| (p.key, p.entry)).collect()),
            manifest: manifest_identity(&self.out),
        });
        Ok((report, known))
    }
}

/// Deletes the files of the last build that this one did not produce: the manifest on disk
/// still names them. Returns how many.
fn remove_gone(out: &Path, produced: &[Produced]) -> io::Result<usize> {
    let mut sorted: Vec<PathKey> = produced.iter().map(|p| p.key).collect();
    sorted.sort_unstable();
    let mut removed = 0;
    let manifest = io::BufReader::new(fs::File::open(out.join(MANIFEST))?);
    for line in manifest.lines() {
        let line = line?;
        let Some((path, _)) = parse_line(&line) else {
            continue;
        };
        if sorted.binary_search(&key(path)).is_ok() {
            continue;
        }
        let full = out.join(path);
        if fs::remove_file(&full).is_ok() {
            removed += 1;
        }
        crate::compress::remove_siblings(&full);
        remove_empty_parents(&full, out);
    }
    Ok(removed)
}

/// Streamed: a national site's manifest has two million lines.
fn write_manifest(
    file: &Path,
    produced: &[Produced],
    path: impl Fn(usize, &mut String),
) -> io::Result<()> {
    let mut w = io::BufWriter::new(fs::File::create(file)?);
    let mut buf = String::new();
    for p in produced {
        path(p.job as usize, &mut buf);
        writeln!(w, "{:032x} {:032x} {buf}", p.entry.inputs, p.entry.content)?;
    }
    w.flush()
}

/// Renames a staged file to its place in the output.
fn move_into_place(staged: &Path, target: &Path) -> io::Result<()> {
    // ext4 flushes a file to disk when a rename replaces another (auto_da_alloc): 300 pages
    // took 60 ms that way. Unlinking the old one first avoids that wait.
    match fs::remove_file(target) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent)?;
            }
        }
        Err(e) => return Err(e),
    }
    fs::rename(staged, target)?;
    crate::compress::move_siblings(staged, target)
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
