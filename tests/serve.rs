//! `site-gen serve` over real HTTP, and the precompressed files of `build`: methods, stuck
//! clients, rebuilds under load, compression, caching, what is never served, live reload.

mod common;

use common::http::{self, host_port, Reply};
use common::*;
use std::fs;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};

/// One request to the server at `url`.
fn request(url: &str, method: &str, path: &str, headers: &[(&str, &str)]) -> Reply {
    http::request(&host_port(url), method, path, headers)
}

fn unbrotli(b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::BrotliDecompress(&mut &b[..], &mut out).expect("valid brotli");
    out
}

fn ungzip(b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(b)
        .read_to_end(&mut out)
        .expect("valid gzip");
    out
}

/// A copy of the sample content, to edit.
fn content_copy(name: &str) -> std::path::PathBuf {
    let dir = scratch(name);
    copy_tree(&repo().join("content"), &dir.join("content"));
    dir
}

#[test]
fn methods_other_than_get_and_head_get_405() {
    let server = serve(&repo().join("content"), &scratch("methods").join("public"));
    for method in ["POST", "PUT", "DELETE", "TRACE", "PATCH", "OPTIONS"] {
        let r = request(&server.url, method, "/", &[("Content-Length", "0")]);
        assert_eq!(r.status, 405, "{method}");
        assert_eq!(r.header("Allow"), Some("GET, HEAD"), "{method}");
        assert!(
            !String::from_utf8_lossy(&r.body).contains("<html"),
            "{method}"
        );
    }
    let head = request(&server.url, "HEAD", "/", &[]);
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty(), "HEAD has no body");
    assert_eq!(request(&server.url, "GET", "/", &[]).status, 200);
}

#[test]
fn never_serves_the_manifest_nor_dot_files() {
    let out = scratch("manifest").join("public");
    let server = serve(&repo().join("content"), &out);
    assert!(out.join(".site-gen-output").is_file());
    for path in [
        "/.site-gen-output",
        "/%2esite-gen-output",
        "/.site-gen-output.tmp",
        "/../.public.staging/",
    ] {
        let r = request(&server.url, "GET", path, &[]);
        assert_eq!(r.status, 404, "{path}");
        assert!(!String::from_utf8_lossy(&r.body).contains("index.html"));
    }
}

#[test]
fn a_client_that_never_reads_does_not_delay_others() {
    let dir = content_copy("stuck");
    // Larger than what the kernel buffers on both ends of a loopback connection.
    let big: Vec<u8> = (0..24u32 << 20)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    fs::write(dir.join("content/forms/lon.pdf"), &big).unwrap();
    let server = serve(&dir.join("content"), &dir.join("public"));
    let mut stuck = Vec::new();
    for _ in 0..4 {
        let mut s = TcpStream::connect(host_port(&server.url)).unwrap();
        s.write_all(b"GET /forms/lon.pdf HTTP/1.1\r\nHost: x\r\n\r\n")
            .unwrap();
        stuck.push(s);
    }
    std::thread::sleep(Duration::from_millis(500));
    // Before, the first stuck response blocked the server: these never completed (`request`
    // gives up after 10 s).
    for _ in 0..5 {
        let started = Instant::now();
        let r = request(&server.url, "GET", "/phuong-dinh/", &[]);
        assert_eq!(r.status, 200);
        println!(
            "a page in {:?} while 4 clients were stuck",
            started.elapsed()
        );
    }
    drop(stuck);
}

#[test]
fn never_a_404_during_rebuilds() {
    let dir = content_copy("rebuilds");
    let site = dir.join("content/site.toml");
    let original = read(&site);
    let server = serve(&dir.join("content"), &dir.join("public"));
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let paths = [
        "/",
        "/phuong-dinh/",
        "/phuong-dinh/thu-tuc/2.000815/",
        "/trang/lien-he/",
    ];
    let hammers: Vec<_> = (0..3)
        .map(|_| {
            let (url, stop) = (server.url.clone(), stop.clone());
            std::thread::spawn(move || {
                let mut bad = Vec::new();
                let mut n = 0;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    for p in paths {
                        let r = request(&url, "GET", p, &[]);
                        n += 1;
                        if r.status != 200 {
                            bad.push(format!("{p}: {}", r.status));
                        }
                    }
                }
                (n, bad)
            })
        })
        .collect();
    // The site's name is on every page: each edit rewrites every page.
    for i in 0..12 {
        let edited = original.replacen("name = \"", &format!("name = \"Lần {i} "), 1);
        fs::write(&site, edited).unwrap();
        std::thread::sleep(Duration::from_millis(700));
    }
    // Debug builds on a busy machine: the last rebuild may still run.
    let rebuilt = (0..200).any(|_| {
        std::thread::sleep(Duration::from_millis(100));
        let r = request(&server.url, "GET", "/trang/lien-he/", &[]);
        String::from_utf8_lossy(&r.body).contains("Lần 11")
    });
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let mut total = 0;
    for h in hammers {
        let (n, bad) = h.join().unwrap();
        total += n;
        assert!(bad.is_empty(), "not found during a rebuild: {bad:?}");
    }
    assert!(rebuilt, "the edits were rebuilt");
    println!("{total} requests during 12 rebuilds, none failed");
}

/// Every text file and the wasm of the output, with its compressed copies.
fn compressed_files(out: &Path) -> Vec<std::path::PathBuf> {
    snapshot(out)
        .into_iter()
        .map(|(p, _)| p)
        .filter(|p| {
            let s = p.to_string_lossy();
            site_gen::compress::compressible(&s)
                && !s.starts_with('.')
                && fs::metadata(out.join(p)).unwrap().len() >= 1024
        })
        .collect()
}

#[test]
fn build_writes_precompressed_copies_and_removes_them_with_their_file() {
    let dir = content_copy("precompressed");
    let (content, out) = (dir.join("content"), dir.join("public"));
    let o = build(&content, &out, &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let files = compressed_files(&out);
    let kinds: std::collections::BTreeSet<_> = files
        .iter()
        .filter_map(|p| p.extension().map(|e| e.to_string_lossy().into_owned()))
        .collect();
    for kind in ["html", "css", "js", "wasm", "xml", "csv", "bin"] {
        assert!(kinds.contains(kind), "no .{kind} file in the output");
    }
    // Every compressible file has its gzip copy; hashed assets also a Brotli one (pages
    // have none: its cost per page is not worth the few per cent it saves over gzip).
    let check = |p: &Path| {
        let file = out.join(p);
        let bytes = fs::read(&file).unwrap();
        let gz = fs::read(format!("{}.gz", file.display()))
            .unwrap_or_else(|_| panic!("{} has no .gz", p.display()));
        assert_eq!(ungzip(&gz), bytes, "{}.gz", p.display());
        assert!(gz.len() < bytes.len());
        let br = fs::read(format!("{}.br", file.display()));
        if p.starts_with("assets") {
            let br = br.unwrap_or_else(|_| panic!("{} has no .br", p.display()));
            assert_eq!(unbrotli(&br), bytes, "{}.br", p.display());
            assert!(br.len() < bytes.len());
        } else {
            assert!(br.is_err(), "{} has a .br", p.display());
        }
    };
    for p in &files {
        check(p);
    }
    // An edited page gets new copies; a removed page loses them.
    let page = content.join("pages/lien-he.md");
    fs::write(&page, read(&page) + "\nĐã sửa lần hai.\n").unwrap();
    let news = content.join("communes/phuong-dinh/news/lich-nghi-tet-2026.md");
    fs::remove_file(&news).unwrap();
    let o = build(&content, &out, &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let page_out = Path::new("trang/lien-he/index.html");
    check(page_out);
    assert!(read(&out.join(page_out)).contains("Đã sửa lần hai"));
    let gone = out.join("phuong-dinh/tin-tuc/lich-nghi-tet-2026/index.html");
    assert!(!gone.exists());
    for suffix in ["br", "gz"] {
        assert!(
            !Path::new(&format!("{}.{suffix}", gone.display())).exists(),
            "the .{suffix} of a removed page is left behind"
        );
    }
    // Only what the build wrote was compressed again: the copies of an untouched hashed
    // asset keep their time.
    let asset = files
        .iter()
        .find(|p| p.starts_with("assets") && p.extension().is_some_and(|e| e == "css"))
        .expect("a css asset");
    let before = fs::metadata(format!("{}.br", out.join(asset).display()))
        .unwrap()
        .modified()
        .unwrap();
    std::thread::sleep(Duration::from_millis(20));
    fs::write(&page, read(&page).replace("lần hai", "lần ba")).unwrap();
    assert!(build(&content, &out, &[]).status.success());
    let after = fs::metadata(format!("{}.br", out.join(asset).display()))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(before, after, "an unchanged asset was compressed again");
    check(page_out);
}

#[test]
fn serve_sends_compressed_copies_caches_assets_and_answers_304() {
    let out = scratch("caching").join("public");
    let server = serve(&repo().join("content"), &out);
    let home = read(&out.join("index.html"));
    let css = home
        .split('"')
        .find(|s| s.starts_with("/assets/") && s.ends_with(".css"))
        .expect("the home page links its stylesheet");
    let raw_css = fs::read(out.join(css.trim_start_matches('/'))).unwrap();

    let br = request(&server.url, "GET", css, &[("Accept-Encoding", "gzip, br")]);
    assert_eq!(br.status, 200);
    assert_eq!(br.header("Content-Encoding"), Some("br"));
    assert_eq!(br.header("Vary"), Some("Accept-Encoding"));
    assert_eq!(unbrotli(&br.body), raw_css);
    assert_eq!(
        br.header("Cache-Control"),
        Some("public, max-age=31536000, immutable")
    );
    let gz = request(&server.url, "GET", css, &[("Accept-Encoding", "gzip")]);
    assert_eq!(gz.header("Content-Encoding"), Some("gzip"));
    assert_eq!(ungzip(&gz.body), raw_css);
    let plain = request(&server.url, "GET", css, &[]);
    assert_eq!(plain.header("Content-Encoding"), None);
    assert_eq!(plain.body, raw_css);
    assert_ne!(plain.header("ETag"), br.header("ETag"));

    let page = "/phuong-dinh/thu-tuc/2.000815/";
    let built = fs::read(out.join("phuong-dinh/thu-tuc/2.000815/index.html")).unwrap();
    // Pages have a gzip copy only: a browser that prefers Brotli gets that.
    for accept in ["br, gzip", "gzip"] {
        let r = request(&server.url, "GET", page, &[("Accept-Encoding", accept)]);
        assert_eq!(r.header("Content-Encoding"), Some("gzip"));
        assert_eq!(ungzip(&r.body), built, "the page as built");
    }
    let first = request(&server.url, "GET", page, &[]);
    assert_eq!(first.status, 200);
    assert_eq!(first.header("Cache-Control"), Some("no-cache"));
    let etag = first
        .header("ETag")
        .expect("pages have an ETag")
        .to_string();
    let again = request(&server.url, "GET", page, &[("If-None-Match", &etag)]);
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
    assert_eq!(again.header("ETag"), Some(etag.as_str()));
    let other = request(&server.url, "GET", page, &[("If-None-Match", "\"x\"")]);
    assert_eq!(other.status, 200);
}

#[test]
fn live_reload_only_in_serve() {
    let out = scratch("live-build").join("public");
    let o = build(&repo().join("content"), &out, &[]);
    assert!(o.status.success());
    for (p, bytes) in snapshot(&out) {
        assert!(
            !bytes.windows(10).any(|w| w == b"/_site-gen"),
            "{} refers to serve's live reload",
            p.display()
        );
    }
    let served = scratch("live-serve").join("public");
    let server = serve_with(&repo().join("content"), &served, &[]);
    let page = request(&server.url, "GET", "/", &[]);
    let html = String::from_utf8_lossy(&page.body).into_owned();
    assert!(html.contains("<script src=\"/_site-gen/live-reload.js\" defer></script></head>"));
    let script = request(&server.url, "GET", "/_site-gen/live-reload.js", &[]);
    assert_eq!(script.status, 200);
    assert!(script
        .header("Content-Type")
        .is_some_and(|t| t.starts_with("text/javascript")));
    assert!(String::from_utf8_lossy(&script.body).contains("EventSource"));
    // Without live reload, neither is there.
    let plain = serve(&repo().join("content"), &scratch("live-off").join("public"));
    let html = request(&plain.url, "GET", "/", &[]);
    assert!(!String::from_utf8_lossy(&html.body).contains("_site-gen"));
    assert_eq!(
        request(&plain.url, "GET", "/_site-gen/live-reload.js", &[]).status,
        404
    );
}

#[test]
fn live_reload_in_chromium() {
    if !common::needs::have("live_reload_in_chromium", common::needs::BROWSER) {
        return;
    }
    let dir = content_copy("live-chromium");
    let server = serve_with(&dir.join("content"), &dir.join("public"), &[]);
    let o = std::process::Command::new(common::needs::node())
        .arg(repo().join("tests/browser/live-reload.mjs"))
        .arg(&server.url)
        .arg(dir.join("content/pages/lien-he.md"))
        .output()
        .expect("node runs");
    let report =
        String::from_utf8_lossy(&o.stdout).to_string() + &String::from_utf8_lossy(&o.stderr);
    println!("{report}");
    assert!(o.status.success(), "live reload checks failed:\n{report}");
    assert!(report.contains("all live reload checks passed"));
}
