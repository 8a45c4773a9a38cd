//! The search widget: its behaviour in real headless Chromium, and its download size.
//! `tests/run` builds the release widget (widget/build.sh) before these run.

mod common;

use common::needs::{self, Tool, BROWSER};
use common::*;
use std::path::Path;
use std::process::Command;

/// The gzip budget for the widget's wasm and JS together.
const BUDGET_GZIP: u64 = 120 * 1024;

/// The gzip budget for what a procedure page transfers before any interaction.
const FIRST_VIEW_GZIP: u64 = 20 * 1024;

/// Serves the sample site and runs `tests/browser/<name>.mjs` against it; the script prints
/// one line per check and "all <name> checks passed" at the end.
fn browser_checks(test: &str, name: &str) {
    if !needs::have(test, BROWSER) {
        return;
    }
    let server = serve(&repo().join("content"), &scratch(name).join("public"));
    let o = Command::new(needs::node())
        .arg(repo().join(format!("tests/browser/{name}.mjs")))
        .arg(&server.url)
        .output()
        .expect("node runs");
    let report =
        String::from_utf8_lossy(&o.stdout).to_string() + &String::from_utf8_lossy(&o.stderr);
    println!("{report}");
    assert!(o.status.success(), "{name} checks failed:\n{report}");
    assert!(report.contains(&format!("all {name} checks passed")));
}

#[test]
fn widget_works_in_chromium() {
    browser_checks("widget_works_in_chromium", "widget");
}

/// At 360 × 740: the answer first, the document order, nothing of the widget before use, the
/// one-page printed checklist.
#[test]
fn citizen_pages_in_chromium() {
    browser_checks("citizen_pages_in_chromium", "citizen");
}

fn sizes(files: &[&Path]) -> Vec<(String, u64, u64, u64)> {
    let o = Command::new(needs::node())
        .arg(repo().join("tests/browser/size.mjs"))
        .args(files)
        .output()
        .expect("node runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("json");
            let n = |k: &str| v[k].as_u64().expect("size");
            (
                v["file"].as_str().unwrap_or_default().to_string(),
                n("raw"),
                n("gzip"),
                n("brotli"),
            )
        })
        .collect()
}

#[test]
fn widget_size_budget() {
    // Node's zlib and brotli measure the sizes, as a browser's would receive them.
    if !needs::have("widget_size_budget", &[Tool::Node]) {
        return;
    }
    let dist = repo().join("widget/dist");
    // The measured files must be the build of the current sources.
    let hash = Command::new("bash")
        .arg(repo().join("widget/source-hash.sh"))
        .output()
        .expect("bash runs");
    let current = String::from_utf8_lossy(&hash.stdout).trim().to_string();
    let built = read(&dist.join("SOURCE_HASH")).trim().to_string();
    assert_eq!(
        built, current,
        "widget/dist/ is not the build of the current widget and catalog sources: run `bash widget/build.sh`"
    );
    let wasm = dist.join("motcua-widget_bg.wasm");
    let js = dist.join("motcua-widget.js");
    let loader = repo().join("widget/loader.js");
    let index = sample().join("search/phuong-dinh.bin");
    let all = sizes(&[&wasm, &js, &loader, &index]);
    println!("{:<28} {:>9} {:>9} {:>9}", "file", "raw", "gzip", "brotli");
    for (file, raw, gz, br) in &all {
        let name = Path::new(file)
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        println!("{name:<28} {raw:>9} {gz:>9} {br:>9}");
    }
    let code: u64 = all[..3].iter().map(|s| s.2).sum();
    println!("widget code (wasm + JS + loader), gzip: {code} bytes; budget {BUDGET_GZIP}");
    assert!(
        code <= BUDGET_GZIP,
        "the widget is {code} bytes gzip, over the {BUDGET_GZIP} budget"
    );
    // What a procedure page costs before any interaction: its HTML, the stylesheet and the
    // loader (the widget itself waits for the search box to be used).
    let page = sample().join("phuong-dinh/thu-tuc/1.001193/index.html");
    let css = std::fs::read_dir(sample().join("assets"))
        .expect("assets")
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("style."))
        })
        .expect("the stylesheet");
    let first = sizes(&[&page, &css, &loader]);
    let first_view: u64 = first.iter().map(|s| s.2).sum();
    println!(
        "procedure page 1.001193 before interaction (HTML + CSS + loader), gzip: {first_view} bytes; budget {FIRST_VIEW_GZIP}"
    );
    assert!(
        first_view <= FIRST_VIEW_GZIP,
        "a procedure page transfers {first_view} bytes gzip before any interaction, over the {FIRST_VIEW_GZIP} budget"
    );
}
