//! What an import prints: one line per procedure, then one line per kind of decision with its
//! count (thousands of records make thousands of notes), or every note with `--verbose`.

use super::convert::Decision;
use super::Report;
use std::collections::BTreeMap;

impl Report {
    pub fn print(&self, dry_run: bool, verbose: bool) {
        for line in &self.lines {
            println!("{line}");
        }
        if verbose {
            for (decision, note) in &self.notes {
                println!("note: {note}: {}", decision.describe());
            }
        }
        for (decision, n) in self.decisions() {
            println!("decided {n}x: {}", decision.describe());
        }
        let changed = self.lines.iter().filter(|l| !l.starts_with(' ')).count() - self.unchanged;
        if dry_run {
            println!(
                "dry run: {changed} file(s) would be written, {} unchanged; nothing written",
                self.unchanged
            );
        } else {
            println!(
                "imported: {} file(s) written, {} unchanged",
                self.written.len(),
                self.unchanged
            );
        }
    }

    /// How many times each kind of decision was taken.
    pub fn decisions(&self) -> BTreeMap<Decision, usize> {
        let mut out = BTreeMap::new();
        for (d, _) in &self.notes {
            *out.entry(*d).or_insert(0) += 1;
        }
        out
    }
}
