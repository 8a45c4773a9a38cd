//! Real validators on every generated page: the Nu HTML Checker (vnu-jar) and axe-core in
//! Debian's headless Chromium, against the sample site served by `site-gen serve`.
//! The tools are installed by `tests/run` (npm packages in tests/browser, Debian chromium, a
//! Java runtime); without them each test prints what it needs and returns (common::needs).

mod common;

use common::needs::{self, BROWSER, VNU};
use common::*;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

fn vnu_jar() -> PathBuf {
    needs::packages().join("vnu-jar/build/dist/vnu.jar")
}

#[test]
fn every_page_passes_the_nu_html_checker() {
    if !needs::have("every_page_passes_the_nu_html_checker", VNU) {
        return;
    }
    let o = Command::new(needs::java())
        .args(["-jar"])
        .arg(vnu_jar())
        .args(["--errors-only", "--skip-non-html", "--format", "json"])
        .arg(sample())
        .output()
        .expect("java runs (install a JRE)");
    let json: serde_json::Value =
        serde_json::from_slice(&o.stderr).expect("vnu prints its JSON report on stderr");
    let messages = json["messages"].as_array().expect("a message list");
    let pages = html_files(sample()).len();
    println!("vnu checked {pages} pages: {} errors", messages.len());
    assert!(pages > 150);
    assert!(
        messages.is_empty() && o.status.success(),
        "vnu found errors:\n{}",
        serde_json::to_string_pretty(messages).unwrap_or_default()
    );
}

fn get(url: &str) -> (String, String) {
    let rest = url.trim_start_matches("http://");
    let (host, path) = rest
        .split_once('/')
        .map_or((rest, "/".to_string()), |(h, p)| (h, format!("/{p}")));
    let mut s = TcpStream::connect(host).expect("connect");
    write!(s, "GET {path} HTTP/1.0\r\nHost: {host}\r\n\r\n").expect("send");
    let mut raw = String::new();
    s.read_to_string(&mut raw).expect("read");
    let (head, body) = raw.split_once("\r\n\r\n").expect("http response");
    (head.to_string(), body.to_string())
}

#[test]
fn every_page_passes_axe_in_chromium() {
    if !needs::have("every_page_passes_axe_in_chromium", BROWSER) {
        return;
    }
    let out = scratch("axe").join("public");
    let server = serve(&repo().join("content"), &out);
    let paths: Vec<String> = html_files(&out)
        .iter()
        .map(|p| p.to_string_lossy().replace("index.html", ""))
        .collect();
    axe(&server.url, &paths);
}

/// Runs axe-core in Chromium on `paths` of the site served at `url`; fails on any finding.
fn axe(url: &str, paths: &[String]) {
    let o = Command::new(needs::node())
        .arg(repo().join("tests/browser/axe.mjs"))
        .arg(url)
        .args(paths)
        .output()
        .expect("node runs");
    let report =
        String::from_utf8_lossy(&o.stdout).to_string() + &String::from_utf8_lossy(&o.stderr);
    println!("{}", report.lines().last().unwrap_or_default());
    assert!(
        o.status.success(),
        "axe-core or the console reported problems:\n{report}"
    );
    assert!(
        report.contains(&format!("{} pages checked, 0 problems", paths.len())),
        "{report}"
    );
}

#[test]
fn serve_sends_a_strict_csp_and_rebuilds_on_change() {
    let dir = scratch("serve");
    let content = dir.join("content");
    copy_tree(&repo().join("content"), &content);
    let server = serve(&content, &dir.join("public"));
    let (head, body) = get(&format!("{}phuong-dinh/", server.url));
    assert!(
        head.starts_with("HTTP/1.1 200") || head.starts_with("HTTP/1.0 200"),
        "{head}"
    );
    assert!(
        head.contains("script-src 'self' 'wasm-unsafe-eval'"),
        "{head}"
    );
    assert!(body.contains("Xã Phương Định"));
    let (head, _) = get(&format!("{}khong-co/", server.url));
    assert!(head.contains(" 404"), "{head}");
    let (head, _) = get(&format!("{}../../etc/passwd", server.url));
    assert!(head.contains(" 404"), "{head}");
    // Edit the commune's name; the page changes without restarting.
    let file = content.join("communes/phuong-dinh/commune.toml");
    let text = read(&file).replace("name = \"Phương Định\"", "name = \"Phương Định Mới\"");
    std::fs::write(&file, text).expect("write");
    let start = Instant::now();
    loop {
        let (_, body) = get(&format!("{}phuong-dinh/", server.url));
        if body.contains("Phương Định Mới") {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "no rebuild after an edit"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// The statistics page kinds (a commune's figures, the national overview, rankings of
/// communes and agencies by overall score and by group) built from the real portal data:
/// the 148-row rankings and the real names are checked, not only the sample's example.
#[test]
fn statistics_pages_from_real_data_pass_vnu_and_axe() {
    let test = "statistics_pages_from_real_data_pass_vnu_and_axe";
    let Some(data) = common::stats_site::data(test) else {
        return;
    };
    if !needs::have(test, needs::VNU_AND_BROWSER) {
        return;
    }
    let (content, out) = common::stats_site::real_site("validators-stats", &data);
    let pages: Vec<String> = html_files(&out)
        .iter()
        .map(|p| p.to_string_lossy().to_string())
        .filter(|p| p.contains("thong-ke/") || p == "phuong-dinh/index.html")
        .collect();
    for kind in [
        "phuong-dinh/thong-ke/index.html",
        "thong-ke/index.html",
        "thong-ke/h44/xa/tdgq/index.html",
        "thong-ke/h44/co-quan/tttt/index.html",
        "thong-ke/h21/xa/tong-diem/index.html",
        "en/thong-ke/h44/xa/clgq/index.html",
    ] {
        assert!(pages.iter().any(|p| p == kind), "{kind} is built");
    }
    let o = Command::new(needs::java())
        .arg("-jar")
        .arg(vnu_jar())
        .args(["--errors-only", "--format", "json"])
        .args(pages.iter().map(|p| out.join(p)))
        .output()
        .expect("java runs (install a JRE)");
    let json: serde_json::Value =
        serde_json::from_slice(&o.stderr).expect("vnu prints its JSON report on stderr");
    let messages = json["messages"].as_array().expect("a message list");
    assert!(
        messages.is_empty() && o.status.success(),
        "vnu found errors:\n{}",
        serde_json::to_string_pretty(messages).unwrap_or_default()
    );
    let served = scratch("axe-stats").join("public");
    let server = serve(&content, &served);
    let paths: Vec<String> = pages.iter().map(|p| p.replace("index.html", "")).collect();
    axe(&server.url, &paths);
}
