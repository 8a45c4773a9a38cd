//! What some tests need from outside the repository, and the line they print when it is absent.
//!
//! Real data: `../shared/data` beside the repository (never copied into it) holds real records
//! of the national portal and real service-quality responses; a clone of the project alone has
//! no such folder, and the tests that read it say so and return. CI has it.
//!
//! Programs outside Rust that some tests drive: Node.js with the npm packages pinned in
//! `tests/browser/` (axe-core, playwright-core, vnu-jar), Debian's Chromium, and a Java runtime
//! for the Nu HTML Checker. `bash tests/run` installs them all; a plain `cargo test` on a fresh
//! clone has none of them, and each test that needs one prints a line saying what is missing
//! and returns. `tests/run` sets `MOTCUA_REQUIRE_TOOLS=1`, which turns that line into a
//! failure, so that a failed install can never pass for a green run.
//!
//! `NODE`, `JAVA` and `CHROMIUM` name the programs (default: `node` and `java` on the PATH,
//! `/usr/bin/chromium`, as the scripts in tests/browser/ use); pointing one at a missing file
//! shows the skip on a machine that has them all.

use super::repo;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// The Node.js program.
pub fn node() -> String {
    std::env::var("NODE").unwrap_or_else(|_| "node".into())
}

/// The Java program.
pub fn java() -> String {
    std::env::var("JAVA").unwrap_or_else(|_| "java".into())
}

fn chromium() -> PathBuf {
    std::env::var_os("CHROMIUM").map_or_else(|| "/usr/bin/chromium".into(), PathBuf::from)
}

fn runs(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// What is missing of `needs`, in words, or `None` when everything is there.
fn missing(needs: &[Tool]) -> Option<String> {
    let gaps: Vec<&str> = needs
        .iter()
        .filter(|t| match t {
            Tool::Node => !runs(&node(), "--version"),
            Tool::Java => !runs(&java(), "-version"),
            Tool::Chromium => !chromium().is_file(),
            Tool::NpmPackages => !packages().is_dir(),
        })
        .map(|t| match t {
            Tool::Node => "Node.js (`node`)",
            Tool::Java => "a Java runtime (`java`)",
            Tool::Chromium => "Chromium (/usr/bin/chromium or $CHROMIUM)",
            Tool::NpmPackages => {
                "the npm packages of tests/browser (`npm ci --prefix tests/browser`)"
            }
        })
        .collect();
    (!gaps.is_empty()).then(|| gaps.join(", "))
}

#[derive(Clone, Copy)]
pub enum Tool {
    Node,
    Java,
    Chromium,
    NpmPackages,
}

/// The folder of the npm packages of tests/browser.
pub fn packages() -> PathBuf {
    repo().join("tests/browser/node_modules")
}

/// Whether `test` can run: true when every tool of `needs` is there. Otherwise prints one
/// line, `skipped: <test> needs …; bash tests/run installs what is missing`, and returns
/// false; under `MOTCUA_REQUIRE_TOOLS` it fails instead.
pub fn have(test: &str, needs: &[Tool]) -> bool {
    let Some(gaps) = missing(needs) else {
        return true;
    };
    let required = std::env::var("MOTCUA_REQUIRE_TOOLS").is_ok_and(|v| !v.is_empty() && v != "0");
    assert!(
        !required,
        "{test} needs {gaps}, which tests/run should have installed (MOTCUA_REQUIRE_TOOLS is set)"
    );
    skip(&format!(
        "skipped: {test} needs {gaps}; `bash tests/run` installs what is missing"
    ));
    false
}

/// Prints a skip line on the real standard error: libtest hides what a passing test prints
/// with `println!`, and a skip must be seen in a plain `cargo test`.
pub fn skip(line: &str) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

/// `../shared/data/<rel>` beside the repository, or `None` after printing that `test` skips.
pub fn shared_data(test: &str, rel: &str) -> Option<PathBuf> {
    let path = repo().join("../shared/data").join(rel);
    if path.exists() {
        return Some(path);
    }
    skip(&format!(
        "skipped: {test} reads the real data in ../shared/data/{rel}, absent beside this clone"
    ));
    None
}

/// Node, its npm packages and Chromium: what the scripts of tests/browser/ need.
pub const BROWSER: &[Tool] = &[Tool::Node, Tool::NpmPackages, Tool::Chromium];

/// Java and vnu-jar (an npm package): the Nu HTML Checker.
pub const VNU: &[Tool] = &[Tool::Java, Tool::NpmPackages];

/// The Nu HTML Checker and the browser together.
pub const VNU_AND_BROWSER: &[Tool] = &[Tool::Java, Tool::Node, Tool::NpmPackages, Tool::Chromium];
