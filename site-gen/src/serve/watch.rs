//! Noticing edits: OS file events through `notify` (inotify, FSEvents, ReadDirectoryChangesW),
//! so a rebuild starts as soon as a file is saved; where those are unavailable (inotify
//! limits, some network file systems) notify's polling watcher takes over.

use notify::{Event, EventKind, RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

/// How often the polling fallback looks at modification times.
const POLL: Duration = Duration::from_millis(300);
/// Editors save in several steps (write a temporary file, rename it, set attributes): the
/// rebuild waits until events have stopped for this long.
const SETTLE: Duration = Duration::from_millis(40);

pub struct Changes {
    rx: mpsc::Receiver<()>,
    /// Kept alive: dropping it stops the events.
    _watcher: Option<Box<dyn Watcher + Send>>,
}

/// `path` made absolute without requiring it to exist, so that event paths compare.
fn absolute(path: &Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) if !parent.as_os_str().is_empty() => absolute(parent).join(name),
        _ => std::env::current_dir().unwrap_or_default().join(path),
    }
}

/// Starts watching `roots`. Events about the output folder and site-gen's own files beside
/// it (`.<out>.staging`) are ignored: the output may sit inside a watched folder.
pub fn start(roots: &[PathBuf], out: &Path) -> Changes {
    let out = absolute(out);
    let own_prefix = out.file_name().map(|n| {
        let mut prefix = std::ffi::OsString::from(".");
        prefix.push(n);
        prefix.push(".");
        out.with_file_name(prefix)
    });
    let (tx, rx) = mpsc::channel();
    let handler = move |event: notify::Result<Event>| {
        let Ok(event) = event else {
            let _ = tx.send(());
            return;
        };
        if matches!(event.kind, EventKind::Access(_)) {
            return;
        }
        let ours = |p: &PathBuf| {
            p.starts_with(&out)
                || own_prefix.as_ref().is_some_and(|o| {
                    p.as_os_str()
                        .as_encoded_bytes()
                        .starts_with(o.as_os_str().as_encoded_bytes())
                })
        };
        if event.paths.is_empty() || !event.paths.iter().all(ours) {
            let _ = tx.send(());
        }
    };
    let roots: Vec<PathBuf> = roots
        .iter()
        .filter(|r| r.exists())
        .map(|r| absolute(r))
        .collect();
    let watcher = native(&roots, handler.clone()).or_else(|e| {
        eprintln!(
            "note: file events unavailable ({e}); checking for changes every {} ms",
            POLL.as_millis()
        );
        polling(&roots, handler)
    });
    let watcher = watcher
        .map_err(|e| eprintln!("warning: cannot watch the content for changes: {e}"))
        .ok();
    Changes {
        rx,
        _watcher: watcher,
    }
}

fn native(
    roots: &[PathBuf],
    handler: impl notify::EventHandler,
) -> notify::Result<Box<dyn Watcher + Send>> {
    let mut w = notify::recommended_watcher(handler)?;
    for r in roots {
        w.watch(r, RecursiveMode::Recursive)?;
    }
    Ok(Box::new(w))
}

fn polling(
    roots: &[PathBuf],
    handler: impl notify::EventHandler,
) -> notify::Result<Box<dyn Watcher + Send>> {
    let config = notify::Config::default().with_poll_interval(POLL);
    let mut w = notify::PollWatcher::new(handler, config)?;
    for r in roots {
        w.watch(r, RecursiveMode::Recursive)?;
    }
    Ok(Box::new(w))
}

impl Changes {
    /// Waits for the next change, then for the edits to settle. False when watching stopped.
    pub fn next(&self) -> bool {
        if self.rx.recv().is_err() {
            return false;
        }
        while self.rx.recv_timeout(SETTLE).is_ok() {}
        true
    }
}
