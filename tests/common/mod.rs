//! Helpers shared by the end-to-end tests: run the real `site-gen` binary on the real sample
//! content, in scratch folders under cargo's target directory.
#![allow(dead_code)]

pub mod http;
pub mod needs;
pub mod snap;
pub mod stats_site;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

pub const AS_OF: &str = "2026-11-24";

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

pub fn site_gen() -> Command {
    Command::new(env!("CARGO_BIN_EXE_site-gen"))
}

/// A new empty folder for one test.
pub fn scratch(name: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "{name}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

pub fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create copy target");
    for entry in fs::read_dir(from).expect("read copy source") {
        let entry = entry.expect("dir entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// Runs `site-gen build` on `content` into `out`, with the themes of the repository.
pub fn build(content: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args: Vec<&std::ffi::OsStr> = vec!["--out".as_ref(), out.as_os_str()];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    run("build", content, &args)
}

/// Runs `site-gen check` on `content`, with the themes of the repository.
pub fn check(content: &Path, extra: &[&str]) -> Output {
    let args: Vec<&std::ffi::OsStr> = extra.iter().map(std::ffi::OsStr::new).collect();
    run("check", content, &args)
}

/// Runs a `site-gen` command on `content` as of [`AS_OF`] unless `extra` names a date.
fn run(command: &str, content: &Path, extra: &[&std::ffi::OsStr]) -> Output {
    let mut cmd = site_gen();
    cmd.arg(command);
    if !extra.iter().any(|a| *a == "--as-of") {
        cmd.args(["--as-of", AS_OF]);
    }
    cmd.arg("--themes")
        .arg(repo().join("themes"))
        .arg("--content")
        .arg(content)
        .args(extra)
        .output()
        .expect("site-gen runs")
}

/// The sample site, built once per test binary.
pub fn sample() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        let out = scratch("sample").join("public");
        let o = build(&repo().join("content"), &out, &[]);
        assert!(
            o.status.success(),
            "the sample site must build:\n{}",
            String::from_utf8_lossy(&o.stderr)
        );
        out
    })
}

pub fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The visible text of an HTML page: tags dropped, entities decoded, white space folded.
pub fn text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    let mut skip_until: Option<&str> = None;
    let mut i = 0;
    let bytes = html.as_bytes();
    while i < bytes.len() {
        if let Some(end) = skip_until {
            if bytes[i..].starts_with(end.as_bytes()) {
                skip_until = None;
                i += end.len();
            } else {
                i += 1;
            }
            continue;
        }
        let rest = &html[i..];
        if rest.starts_with("<script") {
            skip_until = Some("</script>");
            continue;
        }
        let c = rest.chars().next().expect("in bounds");
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
        i += c.len_utf8();
    }
    let decoded = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The HTML between the element with `id="…"` heading a section and the section's end.
pub fn section<'a>(html: &'a str, heading_id: &str) -> &'a str {
    let start = html
        .find(&format!("id=\"{heading_id}\""))
        .unwrap_or_else(|| panic!("no #{heading_id}"));
    let end = html[start..]
        .find("</section>")
        .map_or(html.len(), |e| start + e);
    &html[start..end]
}

/// Every file under `dir` with its bytes, for byte-for-byte comparisons.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).expect("read dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let bytes = fs::read(&p).expect("read file");
                out.push((p.strip_prefix(dir).expect("under dir").to_path_buf(), bytes));
            }
        }
    }
    out.sort();
    out
}

pub fn html_files(dir: &Path) -> Vec<PathBuf> {
    snapshot(dir)
        .into_iter()
        .map(|(p, _)| p)
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect()
}

/// `site-gen serve` of `content` into `out` on a free port, stopped when dropped.
pub struct Server {
    child: Child,
    pub url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Pages are served as built: without the live-reload script, whose event stream would keep
/// a request open on every page.
pub fn serve(content: &Path, out: &Path) -> Server {
    serve_with(content, out, &["--no-live-reload"])
}

pub fn serve_with(content: &Path, out: &Path, extra: &[&str]) -> Server {
    use std::io::{BufRead, BufReader};
    let mut child = site_gen()
        .args(["serve", "--port", "0", "--as-of", AS_OF])
        .args(extra)
        .arg("--themes")
        .arg(repo().join("themes"))
        .arg("--content")
        .arg(content)
        .arg("--out")
        .arg(out)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("site-gen serve starts");
    let stdout = child.stdout.take().expect("piped");
    let mut lines = BufReader::new(stdout).lines();
    let url = loop {
        let line = lines
            .next()
            .expect("serve prints its address")
            .expect("utf-8");
        if let Some(i) = line.find("http://") {
            break line[i..]
                .split_whitespace()
                .next()
                .expect("url")
                .to_string();
        }
    };
    // Keep draining stdout so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Server { child, url }
}
