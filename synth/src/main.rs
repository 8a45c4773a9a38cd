//! `cargo run -p synth -- <scale> <dir>`: writes synthetic content into `dir` (the widget's
//! benchmark builds a site from it).

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [scale, dir] = args.as_slice() else {
        eprintln!("usage: synth <small|province|province-vi|national> <dir>");
        return ExitCode::FAILURE;
    };
    let Some(s) = synth::Scale::named(scale) else {
        eprintln!("error: unknown scale `{scale}`: small, province, province-vi or national");
        return ExitCode::FAILURE;
    };
    match synth::generate(Path::new(dir), s, 2026) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot write {dir}: {e}");
            ExitCode::FAILURE
        }
    }
}
