//! `site-gen serve`: build, serve the output on loopback, rebuild when a content or theme file
//! changes. Responses carry the strict Content-Security-Policy production should use, so an
//! author sees at once anything that would break under it.

use crate::{build_cached, Cache, Options};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/// Serves until the process is stopped. `port` 0 picks a free port; the address is printed.
pub fn serve(mut opts: Options, port: u16) -> std::io::Result<()> {
    let server = tiny_http::Server::http(("127.0.0.1", port))
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    let addr = server
        .server_addr()
        .to_ip()
        .ok_or_else(|| std::io::Error::other("no IP address"))?;
    opts.base_url = Some(format!("http://{addr}/"));
    // Taken before the first build, so that an edit made while it runs, or just after the
    // address is printed, is seen as a change.
    let roots = watched(&opts);
    let first = fingerprint(&roots);
    let mut cache = Cache::default();
    rebuild(&opts, &mut cache);
    println!(
        "serving {} on http://{addr}/ (Ctrl-C to stop)",
        opts.out.display()
    );
    let stop = Arc::new(AtomicBool::new(false));
    let watcher = {
        let opts = opts.clone();
        let stop = stop.clone();
        std::thread::spawn(move || watch(&opts, &stop, cache, &roots, first))
    };
    for request in server.incoming_requests() {
        let response = respond(&opts.out, request.url());
        let _ = request.respond(response);
    }
    stop.store(true, Ordering::Relaxed);
    let _ = watcher.join();
    Ok(())
}

fn rebuild(opts: &Options, cache: &mut Cache) {
    match build_cached(opts, cache) {
        Ok(r) => println!(
            "built {} pages in {:.2} s ({} rendered, {} written, {} removed)",
            r.pages,
            r.elapsed.as_secs_f64(),
            r.rendered,
            r.written,
            r.removed
        ),
        Err(e) => eprintln!("{e}"),
    }
}

/// The content folder and the themes folder: what `serve` watches.
fn watched(opts: &Options) -> Vec<PathBuf> {
    vec![
        opts.content.clone(),
        opts.themes.clone().unwrap_or_else(|| {
            opts.content
                .parent()
                .unwrap_or(Path::new("."))
                .join("themes")
        }),
    ]
}

type Fingerprint = Vec<(PathBuf, Option<SystemTime>, u64)>;

/// Polls modification times: simpler and more portable than OS file events, and cheap at
/// the size of a content folder.
fn watch(
    opts: &Options,
    stop: &AtomicBool,
    mut cache: Cache,
    roots: &[PathBuf],
    first: Fingerprint,
) {
    let mut last = first;
    while !stop.load(Ordering::Relaxed) {
        std::thread::sleep(Duration::from_millis(400));
        let now = fingerprint(roots);
        if now != last {
            last = now;
            rebuild(opts, &mut cache);
        }
    }
}

fn fingerprint(roots: &[PathBuf]) -> Fingerprint {
    let mut out = Vec::new();
    let mut stack: Vec<PathBuf> = roots.to_vec();
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.filter_map(Result::ok) {
            let path = e.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(meta) = e.metadata() {
                out.push((path, meta.modified().ok(), meta.len()));
            }
        }
    }
    out.sort();
    out
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("xml") => "application/xml; charset=utf-8",
        Some("csv") => "text/csv; charset=utf-8",
        Some("txt") => "text/plain; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("pdf") => "application/pdf",
        Some("bin") => "application/octet-stream",
        _ => "application/octet-stream",
    }
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The file for a URL path, never outside `root`.
fn resolve_path(root: &Path, url: &str) -> Option<PathBuf> {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let decoded = percent_decode(path)?;
    let rel = Path::new(decoded.trim_start_matches('/'));
    if !rel.components().all(|c| matches!(c, Component::Normal(_))) {
        return None;
    }
    let full = root.join(rel);
    if full.is_dir() {
        Some(full.join("index.html"))
    } else {
        Some(full)
    }
}

fn respond(root: &Path, url: &str) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let header = |k: &str, v: &str| {
        tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()).expect("static header is valid")
    };
    let (status, path) = match resolve_path(root, url).filter(|p| p.is_file()) {
        Some(p) => (200, p),
        None => (404, root.join("404.html")),
    };
    let body = std::fs::read(&path).unwrap_or_else(|_| b"404".to_vec());
    tiny_http::Response::from_data(body)
        .with_status_code(status)
        .with_header(header("Content-Type", content_type(&path)))
        .with_header(header("Content-Security-Policy", CSP))
        .with_header(header("X-Content-Type-Options", "nosniff"))
        .with_header(header("Cache-Control", "no-cache"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_serves_outside_the_root() {
        let root = Path::new("/srv/site");
        assert!(resolve_path(root, "/../etc/passwd").is_none());
        assert!(resolve_path(root, "/%2e%2e/etc/passwd").is_none());
        assert_eq!(
            resolve_path(root, "/a/b.css?x=1"),
            Some(PathBuf::from("/srv/site/a/b.css"))
        );
    }
}
