//! Stage 5: write. Files are streamed as they are rendered, so memory stays flat however large
//! the site. The output folder keeps a manifest (`.site-gen-output`) of each file's content
//! hash and of the hash of the inputs it was made from, so that:
//! - a page whose inputs did not change is neither rendered nor written;
//! - a page rendered to the same bytes is not written (hashes of content, never timestamps).
//!
//! Each build makes the whole new site in a staging folder beside the output, and only when
//! every page rendered without error is the staging folder swapped with the output in one
//! atomic rename, so a reader who looks up a path, a failed build or a crash at any moment
//! sees either the previous tree or the new one, never a mix. See `swap` for the fallback
//! where the file system cannot exchange two folders (the output is then missing for an
//! instant). The previous tree is not frozen: it becomes the staging folder, which the next
//! build changes in place.
//!
//! Double buffer: after a swap the previous site is kept as the next build's staging folder
//! (its own manifest says what it holds). The next build reuses it: first the previous
//! build's changes (files that differ from the output's are hard-linked from it, files the
//! output no longer has removed), then its own; work proportional to the edits, not to the
//! site. A marker beside the output (`.public.pending`) is written before the staging folder
//! is touched and removed only once it again matches a manifest (after the swap, or after
//! an abort undid the build's changes): a staging folder found with the marker is not
//! trusted and is made afresh, every unchanged file linked from the output.
//!
//! The two trees share the inodes of unchanged files, so a file is never written through
//! an existing name: it is unlinked first, then created (`replace`).
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
pub struct KnownOutput {
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
    /// The output folder, links resolved: the swap replaces the folder, not a link to it.
    out: PathBuf,
    /// Where the new site is made, beside the output.
    staging: PathBuf,
    previous: Entries,
    /// No usable previous output: nothing to link from.
    fresh: bool,
    /// `previous` comes from this process's last build, whose files are known to be there.
    trusted: bool,
    /// The marker that the staging folder is being changed (see the module comment).
    pending: PathBuf,
    /// The staging folder is reused: it holds a whole copy of the output (the previous site),
    /// which this build changes; otherwise it started empty and the unchanged files are
    /// linked in at commit.
    reusing: bool,
    /// When reusing: the paths this build wrote into the staging folder, so that an abort
    /// can put the output's files back and keep the staging folder.
    touched: Mutex<Vec<String>>,
    /// Every file of this build: path key, job index, entry. Paths come from the caller at
    /// commit, so two million pages keep no second copy of them.
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

/// A path that can only name a file inside the output: relative, `/`-separated, no empty,
/// `.` or `..` component, no backslash or control character, not the manifest itself.
pub fn is_inside_path(path: &str) -> bool {
    !path.is_empty()
        && path != MANIFEST
        && !path.chars().any(|c| c == '\\' || c.is_control())
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
}

/// Read line by line: a national site's manifest is some 200 MB of text. Any line that is
/// not an entry for a path inside the output makes the whole manifest untrusted (`Err` with
/// that line): it was not written by site-gen, so the folder is not known to be its output.
fn read_manifest(file: fs::File) -> Result<Entries, String> {
    let mut entries = Vec::new();
    each_entry(file, |path, e| {
        entries.push((key(path), e));
        Ok(())
    })?;
    Ok(Entries::new(entries))
}

/// Calls `f` with each entry of a manifest, checked as in [`read_manifest`].
fn each_entry(
    file: fs::File,
    mut f: impl FnMut(&str, Entry) -> io::Result<()>,
) -> Result<(), String> {
    for line in io::BufReader::new(file).lines() {
        let line = line.map_err(|e| format!("(unreadable: {e})"))?;
        match parse_line(&line) {
            Some((path, e)) if is_inside_path(path) => {
                f(path, e).map_err(|e| format!("(cannot apply {path}: {e})"))?
            }
            _ => return Err(line),
        }
    }
    Ok(())
}

struct Produced {
    key: PathKey,
    job: u32,
    /// Written to the staging folder; otherwise the output's copy is kept.
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
    /// left (see [`KnownOutput`]).
    pub fn open(out: &Path, known: Option<KnownOutput>) -> Result<Writer, Diagnostic> {
        let out = resolve_out(out)?;
        let out = out.as_path();
        recover(out)?;
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
                let previous = match manifest.map(read_manifest) {
                    None => Entries::default(),
                    Some(Ok(entries)) => entries,
                    Some(Err(line)) => {
                        return Err(Diagnostic::error(
                            "the output folder's manifest was not written by site-gen: site-gen will not replace or delete anything in this folder",
                        )
                        .in_file(&out.join(MANIFEST))
                        .label(format!("this line does not name a file inside the output: {}", line.escape_debug()))
                        .help("check what the folder holds and empty it by hand, or choose another folder with --out"));
                    }
                };
                (previous, false, fresh)
            }
        };
        if let Some(parent) = out.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| io_error("cannot create the output's parent", parent, e))?;
        }
        let staging = sibling(out, "staging");
        let pending = sibling(out, "pending");
        // Before the staging folder is touched: from here until it matches a manifest again,
        // a crash leaves it untrusted.
        fs::write(&pending, b"")
            .map_err(|e| io_error("cannot mark the staging folder", &pending, e))?;
        let reusing = !fresh && staging.is_dir() && catch_up(out, &staging, &previous).is_ok();
        if !reusing {
            remove_tree(&staging);
            fs::create_dir(&staging).map_err(|e| {
                let _ = fs::remove_file(&pending);
                io_error("cannot create the staging folder", &staging, e)
            })?;
        }
        Ok(Writer {
            out: out.to_path_buf(),
            staging,
            previous,
            fresh,
            trusted,
            pending,
            reusing,
            touched: Mutex::new(Vec::new()),
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
    /// the output. A file this process did not write itself must be a regular file: a link
    /// put in the output would otherwise be carried into the new site.
    fn previous(&self, k: PathKey, path: &str) -> Option<&Entry> {
        if self.fresh {
            return None;
        }
        let e = self.previous.get(&k)?;
        let there =
            || fs::symlink_metadata(self.out.join(path)).is_ok_and(|m| m.file_type().is_file());
        (self.trusted || there()).then_some(e)
    }

    /// True (and the output's file is kept) when `path` was made from the same inputs last
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

    /// Where `path` is staged, its folder made, and no file there any more: when reusing,
    /// the name may be a link to the output's file, which must not be written through.
    fn staged(&self, path: &str) -> io::Result<PathBuf> {
        let target = self.staging.join(path);
        if self.reusing {
            unlink_with_copies(&target)?;
            if let Ok(mut t) = self.touched.lock() {
                t.push(path.to_owned());
            }
        }
        make_parent(&target)?;
        Ok(target)
    }

    /// Takes the rendered bytes of `path`; writes them only if they differ from the output's.
    pub fn put(&self, job: usize, path: &str, inputs: u128, bytes: &[u8]) -> io::Result<()> {
        let (k, content) = (key(path), xxh3_128(bytes));
        let staged = self.previous(k, path).is_none_or(|e| e.content != content);
        if staged {
            let target = self.staged(path)?;
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
        let target = self.staged(path)?;
        let mut w = Hashing {
            inner: io::BufWriter::with_capacity(1 << 16, fs::File::create(&target)?),
            hasher: Xxh3::new(),
            len: 0,
        };
        fill(&mut w)?;
        w.flush()?;
        let (k, content) = (key(path), w.hasher.digest128());
        let staged = self.previous(k, path).is_none_or(|e| e.content != content);
        // When reusing, the name's old copies were unlinked with it: made again even for
        // bytes equal to the output's.
        if staged || self.reusing {
            crate::compress::write_siblings_of_file(&target, path)?;
        }
        if staged {
            self.written.fetch_add(1, Ordering::Relaxed);
            self.bytes.fetch_add(w.len, Ordering::Relaxed);
        } else if !self.reusing {
            // Linked from the output at commit. When reusing, the copy just made is kept:
            // it holds the output's bytes.
            fs::remove_file(&target)?;
        }
        self.record(k, job, staged, Entry { inputs, content });
        Ok(())
    }

    /// Drops everything this build staged; the output stays as it was, and so does what
    /// this process knew of it. A reused staging folder is kept, with the output's files
    /// put back where this build wrote its own.
    pub fn abort(self) -> Option<KnownOutput> {
        let touched = self.touched.into_inner().unwrap_or_default();
        let undone = self.reusing
            && touched.iter().all(|path| {
                if self.previous.get(&key(path)).is_some() {
                    link_from(&self.out, &self.staging, path).is_ok()
                } else {
                    remove_in(&self.staging, path).is_ok()
                }
            });
        if !undone {
            remove_tree(&self.staging);
        }
        let _ = fs::remove_file(&self.pending);
        self.trusted.then(|| KnownOutput {
            entries: self.previous,
            manifest: manifest_identity(&self.out),
        })
    }

    /// Writes the manifest into the new site and swaps it with the output, then deletes the
    /// previous site. `path` writes a job's path into a buffer. The output is not touched
    /// when nothing changed. With `keep`, returns what the next build of this process may
    /// trust. On error the output is as it was and nothing is left beside it.
    pub fn commit(
        self,
        path: impl Fn(usize, &mut String) + Sync,
        keep: bool,
    ) -> Result<(WriteReport, Option<KnownOutput>), Diagnostic> {
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
        let mut kept = 0;
        let mut same = !self.fresh;
        for p in &produced {
            match self.previous.get(&p.key).filter(|_| !self.fresh) {
                Some(old) => {
                    kept += 1;
                    same &= *old == p.entry;
                }
                None => same = false,
            }
        }
        report.removed = self.previous.len() - kept;
        if same && report.written == 0 && report.removed == 0 {
            // Nothing to swap. A reused staging folder now equals the output (its
            // manifest linked from it) and is kept; an empty one goes.
            if !self.reusing {
                remove_tree(&self.staging);
            }
        } else {
            let filled = if self.reusing {
                // Only the files this build removes go: the rest is there already.
                let mut keys: Vec<PathKey> = produced.iter().map(|p| p.key).collect();
                keys.sort_unstable();
                let gone = |p: &str| keys.binary_search(&key(p)).is_err();
                let result = if report.removed == 0 {
                    Ok(())
                } else {
                    fs::File::open(self.out.join(MANIFEST)).and_then(|f| {
                        each_entry(f, |p, _| {
                            if gone(p) {
                                remove_in(&self.staging, p)
                            } else {
                                Ok(())
                            }
                        })
                        .map_err(io::Error::other)
                    })
                };
                result.map_err(|e| {
                    io_error(
                        "cannot remove a deleted page from the new site",
                        &self.staging,
                        e,
                    )
                })
            } else {
                // Only now, when something changed, is the rest of the new site linked in:
                // a no-change rebuild costs no link.
                link_unchanged(&self.out, &self.staging, &produced, &path).map_err(|e| {
                    io_error(
                        "cannot link an unchanged file into the new site",
                        &self.staging,
                        e,
                    )
                })
            };
            let result = filled
                .and_then(|()| {
                    write_manifest(&self.staging.join(MANIFEST), &produced, &path)
                        .map_err(|e| io_error("cannot write the manifest", &self.staging, e))
                })
                .and_then(|()| {
                    swap(&self.staging, &self.out)
                        .map_err(|e| io_error("cannot move the new site into place", &self.out, e))
                });
            if result.is_err() {
                // The new site, never swapped in (if it cannot go, the next build removes it,
                // the marker being still there).
                remove_tree(&self.staging);
                if !self.staging.exists() {
                    let _ = fs::remove_file(&self.pending);
                }
            }
            // After a swap the staging folder holds the previous site, whole with its
            // manifest: the next build's starting point.
            result?;
        }
        let _ = fs::remove_file(&self.pending);
        let known = keep.then(|| KnownOutput {
            entries: Entries::new(produced.into_iter().map(|p| (p.key, p.entry)).collect()),
            manifest: manifest_identity(&self.out),
        });
        Ok((report, known))
    }
}

/// The output folder to write, as an absolute path with links resolved: a link to a folder
/// stands for that folder (which is then replaced, the link kept). Anything but a folder is
/// refused.
pub fn resolve_out(out: &Path) -> Result<PathBuf, Diagnostic> {
    match fs::symlink_metadata(out) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            // Made only once it is known to be a good place (see `check_apart`): the folders
            // that exist, links resolved, then the names still to make.
            let mut missing = Vec::new();
            let mut existing = out;
            while fs::symlink_metadata(existing).is_err() {
                match (existing.file_name(), existing.parent()) {
                    (Some(name), Some(parent)) => {
                        missing.push(name.to_owned());
                        existing = parent;
                    }
                    _ => break,
                }
            }
            let odd = missing.is_empty()
                || missing
                    .iter()
                    .any(|n| n.as_encoded_bytes().starts_with(b"."));
            if odd {
                return Err(Diagnostic::error("the output folder needs a plain name")
                    .in_file(out)
                    .help("pass a folder such as public with --out"));
            }
            let base = if existing.as_os_str().is_empty() {
                Path::new(".")
            } else {
                existing
            };
            let mut real = fs::canonicalize(base)
                .map_err(|e| io_error("cannot open the output's parent", base, e))?;
            real.extend(missing.iter().rev());
            Ok(real)
        }
        Err(e) => Err(io_error("cannot open the output folder", out, e)),
        Ok(m) if m.is_file() => Err(Diagnostic::error("the output is a file, not a folder")
            .in_file(out)
            .help("pass a folder (new or empty) with --out")),
        Ok(_) => {
            let real = fs::canonicalize(out)
                .map_err(|e| io_error("cannot open the output folder", out, e))?;
            if real.is_dir() && real.parent().is_some() {
                Ok(real)
            } else {
                Err(Diagnostic::error("the output is not a folder")
                    .in_file(out)
                    .label(format!("it resolves to {}", real.display()))
                    .help("pass a folder (new or empty) with --out"))
            }
        }
    }
}

/// Refuses an output folder (resolved by [`resolve_out`]) inside one of `inputs` (folder,
/// what it is) or holding one: the build would read its own output (a site under
/// content/forms grows on every build) or replace its own input.
pub fn check_apart(out: &Path, inputs: &[(&Path, &str)]) -> Result<(), Diagnostic> {
    for (dir, what) in inputs {
        let Ok(dir) = fs::canonicalize(dir) else {
            continue;
        };
        if out.starts_with(&dir) || dir.starts_with(out) {
            let inside = if out.starts_with(&dir) {
                format!("the output folder is inside the {what} folder")
            } else {
                format!("the output folder holds the {what} folder")
            };
            return Err(Diagnostic::error(inside)
                .in_file(out)
                .label(format!("the {what} folder is {}", dir.display()))
                .help("choose an output folder outside it with --out, e.g. public beside the content folder"));
        }
    }
    Ok(())
}

/// Mends what an interrupted build left beside `out`: a staging folder marked pending (a new
/// site never swapped in, or a reused one half changed) is removed, and so is anything but a folder
/// under its name; a previous site moved aside by the fallback swap, with no output in its
/// place, is moved back.
fn recover(out: &Path) -> Result<(), Diagnostic> {
    let aside = sibling(out, "previous");
    if aside.join(MANIFEST).is_file() && !out.exists() {
        fs::rename(&aside, out)
            .map_err(|e| io_error("cannot restore the previous output", &aside, e))?;
    }
    let (staging, pending) = (sibling(out, "staging"), sibling(out, "pending"));
    let untrusted = fs::symlink_metadata(&pending).is_ok();
    // The previous site aside is a leftover whenever the output is there; the staging folder
    // only when marked.
    for (leftover, gone) in [(aside, true), (staging, untrusted)] {
        let clear = |r: io::Result<()>| {
            r.map_err(|e| io_error("cannot clear what an interrupted build left", &leftover, e))
        };
        match fs::symlink_metadata(&leftover) {
            Err(_) => {}
            Ok(m) if m.is_dir() => {
                if gone {
                    clear(fs::remove_dir_all(&leftover))?
                }
            }
            Ok(_) => clear(fs::remove_file(&leftover))?,
        }
    }
    if untrusted {
        fs::remove_file(&pending)
            .map_err(|e| io_error("cannot clear what an interrupted build left", &pending, e))?;
    }
    Ok(())
}

/// Brings a staging folder left by the previous build (the site before it) up to the output:
/// the files whose bytes differ are linked from the output, those the output no longer has
/// removed, and the manifest linked. Reads both manifests; work proportional to the previous
/// build's changes. An error means the staging folder is not a known copy and is made afresh.
fn catch_up(out: &Path, staging: &Path, output: &Entries) -> io::Result<()> {
    let mut held = Vec::new();
    let mut removed = Vec::new();
    each_entry(fs::File::open(staging.join(MANIFEST))?, |path, e| {
        let k = key(path);
        if output.get(&k).is_none() {
            removed.push(path.to_owned());
        }
        held.push((k, e));
        Ok(())
    })
    .map_err(io::Error::other)?;
    let held = Entries::new(held);
    for path in &removed {
        remove_in(staging, path)?;
    }
    each_entry(fs::File::open(out.join(MANIFEST))?, |path, e| {
        match held.get(&key(path)) {
            Some(h) if h.content == e.content => Ok(()),
            _ => link_from(out, staging, path),
        }
    })
    .map_err(io::Error::other)?;
    link_from(out, staging, MANIFEST)
}

/// Removes a file, if there: a name to be written, or a page gone.
fn unlink(file: &Path) -> io::Result<()> {
    match fs::remove_file(file) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Removes a file and its precompressed copies (see [`crate::compress`]): they go together.
fn unlink_with_copies(file: &Path) -> io::Result<()> {
    unlink(file)?;
    crate::compress::siblings(file).try_for_each(|s| unlink(&s))
}

/// Hard-links `old` and whichever precompressed copies it has to `target` (copies where the
/// file system has no hard links).
fn link_with_copies(old: &Path, target: &Path) -> io::Result<()> {
    fs::hard_link(old, target).or_else(|_| fs::copy(old, target).map(drop))?;
    for (from, to) in crate::compress::siblings(old).zip(crate::compress::siblings(target)) {
        match fs::hard_link(&from, &to) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(_) if from.exists() => {
                fs::copy(&from, &to)?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// Puts the output's `path` into the staging folder, as a hard link (a copy where the file
/// system has none), in place of whatever file had that name.
fn link_from(out: &Path, staging: &Path, path: &str) -> io::Result<()> {
    let target = staging.join(path);
    unlink_with_copies(&target)?;
    make_parent(&target)?;
    link_with_copies(&out.join(path), &target)
}

/// Removes `path` from a site, and the folders it leaves empty: a clean build makes none.
fn remove_in(site: &Path, path: &str) -> io::Result<()> {
    let file = site.join(path);
    unlink_with_copies(&file)?;
    let mut dir = file.parent();
    while let Some(d) = dir.filter(|d| *d != site) {
        if fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
    Ok(())
}

/// Puts folder `new` in the place of `out`, in one step where the system can: after it,
/// `new` names the previous output (or nothing, if there was none).
fn swap(new: &Path, out: &Path) -> io::Result<()> {
    if !out.exists() {
        return fs::rename(new, out);
    }
    #[cfg(target_os = "linux")]
    {
        use std::ffi::CString;
        use std::os::unix::ffi::OsStrExt as _;
        let c = |p: &Path| {
            CString::new(p.as_os_str().as_bytes())
                .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))
        };
        let (a, b) = (c(new)?, c(out)?);
        // SAFETY: both paths are NUL-terminated strings that outlive the call.
        let r = unsafe {
            libc::renameat2(
                libc::AT_FDCWD,
                a.as_ptr(),
                libc::AT_FDCWD,
                b.as_ptr(),
                libc::RENAME_EXCHANGE,
            )
        };
        if r == 0 {
            return Ok(());
        }
        let e = io::Error::last_os_error();
        // Not supported by this file system or kernel: fall back below.
        if !matches!(
            e.raw_os_error(),
            Some(libc::EINVAL | libc::ENOSYS | libc::ENOTSUP)
        ) {
            return Err(e);
        }
    }
    // Two renames: a reader may find no output for an instant, and a crash between them
    // leaves the previous site aside, which `recover` moves back.
    let aside = sibling(out, "previous");
    fs::rename(out, &aside)?;
    if let Err(e) = fs::rename(new, out) {
        let _ = fs::rename(&aside, out);
        return Err(e);
    }
    fs::rename(&aside, new)
}

/// Hard-links every file of the output kept as it is into the new site, over all cores.
fn link_unchanged(
    out: &Path,
    staging: &Path,
    produced: &[Produced],
    path: &(impl Fn(usize, &mut String) + Sync),
) -> io::Result<()> {
    use rayon::prelude::*;
    produced
        .par_iter()
        .filter(|p| !p.staged)
        .try_for_each_init(String::new, |buf, p| {
            path(p.job as usize, buf);
            let target = staging.join(&*buf);
            make_parent(&target)?;
            link_with_copies(&out.join(&*buf), &target)
        })
}

/// Removes a whole site over all cores, a top-level folder (a commune, a language) each: a
/// province has 60,000 files to unlink.
fn remove_tree(dir: &Path) {
    use rayon::prelude::*;
    if let Ok(entries) = fs::read_dir(dir) {
        let entries: Vec<fs::DirEntry> = entries.filter_map(Result::ok).collect();
        entries.par_iter().for_each(|e| {
            let _ = match e.file_type() {
                Ok(t) if t.is_dir() => fs::remove_dir_all(e.path()),
                _ => fs::remove_file(e.path()),
            };
        });
    }
    let _ = fs::remove_dir_all(dir);
}

/// Makes the folder of `file`. Most pages have a folder of their own whose parent exists:
/// one call, and no memory of folders made (a national site has a million).
fn make_parent(file: &Path) -> io::Result<()> {
    let Some(dir) = file.parent() else {
        return Ok(());
    };
    match fs::create_dir(dir) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(_) => fs::create_dir_all(dir),
    }
}

/// Streamed: a national site's manifest has two million lines.
fn write_manifest(
    file: &Path,
    produced: &[Produced],
    path: impl Fn(usize, &mut String),
) -> io::Result<()> {
    // The staging folder's manifest may be a link to the output's.
    unlink(file)?;
    let mut w = io::BufWriter::new(fs::File::create(file)?);
    let mut buf = String::new();
    for p in produced {
        path(p.job as usize, &mut buf);
        writeln!(w, "{:032x} {:032x} {buf}", p.entry.inputs, p.entry.content)?;
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::is_inside_path;

    #[test]
    fn manifest_paths_stay_inside_the_output() {
        for ok in [
            "index.html",
            "en/trang/lien-he/index.html",
            "forms/mẫu đơn.pdf",
        ] {
            assert!(is_inside_path(ok), "{ok}");
        }
        for bad in [
            "",
            "../victim.txt",
            "/etc/passwd",
            "a/../../b",
            "a/./b",
            "a//b",
            "a/",
            "a\\..\\b",
            "a\nb",
            ".site-gen-output",
        ] {
            assert!(!is_inside_path(bad), "{bad:?}");
        }
    }
}
