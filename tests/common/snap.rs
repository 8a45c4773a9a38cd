//! Snapshot tests (insta): a whole diagnostic or a whole page compared with its file in
//! `tests/snapshots/`, committed and reviewed like code. A change shows as a diff; to accept
//! an intended one, run the test with `INSTA_UPDATE=always` and read `git diff tests/snapshots/`
//! (or `cargo insta review`, if cargo-insta is installed). `tests/run` and CI never write them.

use super::repo;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

/// Compares `text` with `tests/snapshots/<binary>__<name>.snap`. `command` is the test command
/// printed in the failure message, e.g. `cargo test -p site-gen --test bad_input`.
pub fn assert_snapshot(binary: &str, name: &str, text: &str, command: &str) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(repo().join("tests/snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    let snapshot = format!("{binary}__{name}");
    let outcome = settings.bind(|| {
        catch_unwind(AssertUnwindSafe(|| {
            insta::assert_snapshot!(snapshot.as_str(), text);
        }))
    });
    if outcome.is_err() {
        panic!(
            "{name}: differs from tests/snapshots/{snapshot}.snap (diff above). If the change \
             is intended, review and accept it:\n    INSTA_UPDATE=always {command}\n    git diff \
             tests/snapshots/\n(or `cargo insta review`)"
        );
    }
}

/// `text` with the machine-dependent folders replaced by stable names, longest first so that
/// a folder inside another keeps its own name: `[content]`, `[scratch]` (the test's scratch
/// folder, whose name holds the process id), `[repo]`.
pub fn normalise(text: &str, folders: &[(&Path, &str)]) -> String {
    let mut folders: Vec<(String, &str)> = folders
        .iter()
        .map(|(p, name)| (p.display().to_string(), *name))
        .collect();
    folders.push((repo().display().to_string(), "[repo]"));
    folders.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
    let mut out = text.to_string();
    for (path, name) in folders {
        out = out.replace(&path, name);
    }
    out
}
