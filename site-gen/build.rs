//! Embeds the default theme and the search widget so that the `site-gen` binary works on its own: a webmaster
//! installs one file. A theme folder on disk, when present, takes precedence.

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let theme = manifest.join("../themes/default");
    println!("cargo:rerun-if-changed={}", theme.display());
    let mut files = Vec::new();
    walk(&theme, &mut files);
    let mut code = String::from("pub static DEFAULT_THEME: &[(&str, &[u8])] = &[\n");
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let rel = f.strip_prefix(&theme).expect("walked from theme");
        let rel = rel.to_string_lossy().replace('\\', "/");
        let _ = writeln!(
            code,
            "    ({rel:?}, include_bytes!({:?})),",
            f.display().to_string()
        );
    }
    code.push_str("];\n");
    // The widget, built by widget/build.sh and committed, so that building site-gen needs no
    // wasm toolchain.
    code.push_str("pub static WIDGET: &[(&str, &[u8])] = &[\n");
    for name in [
        "loader.js",
        "dist/motcua-widget.js",
        "dist/motcua-widget_bg.wasm",
    ] {
        let f = manifest.join("../widget").join(name);
        println!("cargo:rerun-if-changed={}", f.display());
        let file = name.trim_start_matches("dist/");
        let _ = writeln!(
            code,
            "    ({file:?}, include_bytes!({:?})),",
            f.display().to_string()
        );
    }
    code.push_str("];\n");
    let out = PathBuf::from(env::var("OUT_DIR").expect("set by cargo")).join("theme_files.rs");
    fs::write(out, code).expect("OUT_DIR is writable");
}
