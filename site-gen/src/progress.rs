//! Progress of a `site-gen build` that takes more than a moment: a bar (indicatif) while
//! stderr is a terminal, plain lines when it is a log (CI), nothing for quick builds. Never on
//! stdout, which carries the build's report.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// How long a build runs before it shows progress at all.
const MOMENT: Duration = Duration::from_secs(2);

pub struct Progress {
    start: Instant,
    /// None when progress is off (tests, `serve`).
    bar: Option<ProgressBar>,
    terminal: bool,
    shown: AtomicBool,
    /// The last quarter reported as a plain line.
    quarter: AtomicU64,
}

impl Progress {
    /// Off: for builds whose caller shows its own messages.
    pub fn off() -> Progress {
        Progress {
            start: Instant::now(),
            bar: None,
            terminal: false,
            shown: AtomicBool::new(false),
            quarter: AtomicU64::new(0),
        }
    }

    /// On stderr: a bar on a terminal, plain lines otherwise.
    pub fn stderr() -> Progress {
        let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::hidden());
        bar.set_style(
            ProgressStyle::with_template("{msg:>9} [{bar:30}] {pos}/{len} files, {eta} left")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        Progress {
            bar: Some(bar),
            terminal: std::io::stderr().is_terminal(),
            ..Progress::off()
        }
    }

    fn late(&self) -> bool {
        self.start.elapsed() >= MOMENT
    }

    /// A new stage of the build, e.g. "rendering" with the number of files to produce.
    pub fn stage(&self, name: &str, files: u64) {
        let Some(bar) = &self.bar else { return };
        bar.set_message(name.to_string());
        bar.set_length(files);
        bar.set_position(0);
        if self.late() && !self.terminal {
            eprintln!("site-gen: {name}, {files} files");
        }
    }

    /// One file done.
    pub fn tick(&self) {
        let Some(bar) = &self.bar else { return };
        bar.inc(1);
        if !self.late() {
            return;
        }
        if self.terminal {
            if !self.shown.swap(true, Ordering::Relaxed) {
                bar.set_draw_target(ProgressDrawTarget::stderr());
            }
        } else {
            let len = bar.length().unwrap_or(0).max(1);
            let q = bar.position() * 4 / len;
            if q > self.quarter.fetch_max(q, Ordering::Relaxed) && q < 4 {
                eprintln!("site-gen: {} of {len} files", bar.position());
            }
        }
    }

    /// Clears the bar; the caller prints the result.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
