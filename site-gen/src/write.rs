//! Stage 5: write the site to a staging folder beside the output, then swap it in whole. A
//! build that fails, at any stage, leaves the previous output exactly as it was.

use crate::diag::Diagnostic;
use crate::render::Output;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use unicode_normalization::UnicodeNormalization;

/// Marks a folder as site-gen's output, so that replacing it can never delete anything else.
pub const MARKER: &str = ".site-gen-output";

#[derive(Debug, Default, Clone, Copy)]
pub struct WriteReport {
    pub files: usize,
    pub bytes: u64,
}

fn sibling(out: &Path, suffix: &str) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    out.with_file_name(format!(".{name}.{suffix}"))
}

/// Text goes out in NFC, whatever form the content was typed in: search, copy-paste and screen
/// readers treat the two forms of "ế" differently.
fn normalized(o: &Output) -> std::borrow::Cow<'_, [u8]> {
    let text_like = [".html", ".xml", ".csv", ".txt"]
        .iter()
        .any(|e| o.path.ends_with(e));
    match std::str::from_utf8(&o.bytes) {
        Ok(s) if text_like => std::borrow::Cow::Owned(s.nfc().collect::<String>().into_bytes()),
        _ => std::borrow::Cow::Borrowed(&o.bytes),
    }
}

pub fn write(out: &Path, files: &[Output]) -> Result<WriteReport, Diagnostic> {
    let fail = |what: &str, path: &Path, e: io::Error| {
        Diagnostic::error(format!("{what}: {e}"))
            .in_file(path)
            .help("check that the output folder's parent exists and is writable")
    };
    if out.exists()
        && !out.join(MARKER).exists()
        && fs::read_dir(out).is_ok_and(|mut d| d.next().is_some())
    {
        return Err(Diagnostic::error("the output folder holds files site-gen did not write")
            .in_file(out)
            .help("choose an empty or new folder with --out; site-gen replaces its output folder whole"));
    }
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent)
            .map_err(|e| fail("cannot create the output's parent", parent, e))?;
    }
    let staging = sibling(out, "staging");
    if staging.exists() {
        fs::remove_dir_all(&staging)
            .map_err(|e| fail("cannot clear an old staging folder", &staging, e))?;
    }
    let mut report = WriteReport::default();
    let result = (|| {
        fs::create_dir_all(&staging)?;
        fs::write(staging.join(MARKER), b"")?;
        for o in files {
            let path = staging.join(&o.path);
            if let Some(dir) = path.parent() {
                fs::create_dir_all(dir)?;
            }
            let bytes = normalized(o);
            fs::write(&path, &bytes)?;
            report.files += 1;
            report.bytes += bytes.len() as u64;
        }
        Ok(())
    })();
    if let Err(e) = result {
        let _ = fs::remove_dir_all(&staging);
        return Err(fail("cannot write the new site", &staging, e));
    }
    swap_in(&staging, out).map_err(|e| fail("cannot move the new site into place", out, e))?;
    Ok(report)
}

/// Replaces `out` by `staging` with two renames; the old folder is deleted only once the new
/// one is in place, and put back if the second rename fails.
fn swap_in(staging: &Path, out: &Path) -> io::Result<()> {
    let old = sibling(out, "old");
    if old.exists() {
        fs::remove_dir_all(&old)?;
    }
    let had_old = out.exists();
    if had_old {
        fs::rename(out, &old)?;
    }
    if let Err(e) = fs::rename(staging, out) {
        if had_old {
            let _ = fs::rename(&old, out);
        }
        return Err(e);
    }
    if had_old {
        fs::remove_dir_all(&old)?;
    }
    Ok(())
}
