//! The README's deploy snippets, taken from the README as written, run in real nginx and
//! Caddy against a built sample site: CSP, caching, precompressed copies, ETag and 304, and
//! the manifest never served. Skipped (with a message) where a server is not installed;
//! `NGINX_BIN` and `CADDY_BIN` name the binaries, `NGINX_MODULES` the folder of nginx's modules.

mod common;

use common::http::{self, Reply};
use common::needs;
use common::*;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The first fenced block of `lang` in the README.
fn readme_block(lang: &str) -> String {
    let readme = read(&repo().join("README.md"));
    let fence = format!("```{lang}\n");
    let start = readme
        .find(&fence)
        .unwrap_or_else(|| panic!("the README has no {lang} block"))
        + fence.len();
    let end = start + readme[start..].find("```").expect("closed block");
    readme[start..end].to_string()
}

fn binary(env: &str, candidates: &[&str]) -> Option<PathBuf> {
    if let Ok(p) = std::env::var(env) {
        return Some(PathBuf::from(p));
    }
    candidates.iter().map(PathBuf::from).find(|p| p.is_file())
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start(mut cmd: Command, port: u16) -> Running {
    let child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the server starts");
    let running = Running(child);
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "the server does not listen");
        std::thread::sleep(Duration::from_millis(50));
    }
    running
}

fn get(port: u16, path: &str, headers: &[(&str, &str)]) -> Reply {
    http::request(&format!("127.0.0.1:{port}"), "GET", path, headers)
}

/// What every host must send, checked the same way for each server.
fn check_headers(port: u16, out: &Path, brotli: bool) {
    let home = read(&out.join("index.html"));
    let css = home
        .split('"')
        .find(|s| s.starts_with("/assets/") && s.ends_with(".css"))
        .expect("a stylesheet");
    let page = get(port, "/phuong-dinh/thu-tuc/2.000815/", &[]);
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("Content-Security-Policy"),
        Some(site_gen::serve::CSP)
    );
    assert_eq!(page.header("X-Content-Type-Options"), Some("nosniff"));
    assert_eq!(page.header("Cache-Control"), Some("no-cache"));
    let etag = page.header("ETag").expect("pages have an ETag");
    let again = get(
        port,
        "/phuong-dinh/thu-tuc/2.000815/",
        &[("If-None-Match", etag)],
    );
    assert_eq!(again.status, 304);

    let asset = get(port, css, &[("Accept-Encoding", "gzip")]);
    assert_eq!(asset.status, 200);
    assert_eq!(
        asset.header("Cache-Control"),
        Some("public, max-age=31536000, immutable")
    );
    assert_eq!(asset.header("Content-Encoding"), Some("gzip"));
    assert!(asset
        .header("Vary")
        .is_some_and(|v| v.contains("Accept-Encoding")));
    let gz = std::fs::read(out.join(format!("{}.gz", css.trim_start_matches('/')))).unwrap();
    assert!(asset.body == gz, "the precompressed copy is sent as it is");
    if brotli {
        let br = get(port, css, &[("Accept-Encoding", "gzip, br")]);
        assert_eq!(br.header("Content-Encoding"), Some("br"));
        let file = out.join(format!("{}.br", css.trim_start_matches('/')));
        assert!(br.body == std::fs::read(file).unwrap());
    }
    let plain = get(port, css, &[]);
    assert_eq!(plain.header("Content-Encoding"), None);
    let manifest = get(port, "/.site-gen-output", &[]);
    assert_eq!(manifest.status, 404);
    assert!(!String::from_utf8_lossy(&manifest.body).contains("index.html"));
    let missing = get(port, "/khong-co/", &[]);
    assert_eq!(missing.status, 404);
    assert!(String::from_utf8_lossy(&missing.body).contains("<html"));
}

#[test]
fn nginx_with_the_readme_snippet() {
    let Some(nginx) = binary("NGINX_BIN", &["/usr/sbin/nginx"]) else {
        needs::skip("skipped: nginx_with_the_readme_snippet needs nginx (Debian: nginx libnginx-mod-http-brotli-static; `bash tests/run` unpacks them)");
        return;
    };
    let dir = scratch("nginx");
    let out = sample();
    let port = free_port();
    let modules = std::env::var("NGINX_MODULES").unwrap_or("/usr/lib/nginx/modules".into());
    let brotli_module = Path::new(&modules).join("ngx_http_brotli_static_module.so");
    let brotli = brotli_module.is_file();
    let mut snippet = readme_block("nginx")
        .replace("listen 80;", &format!("listen 127.0.0.1:{port};"))
        .replace("/srv/motcua/public", &out.display().to_string());
    if !brotli {
        println!("nginx's brotli_static module is not installed: checking gzip only");
        snippet = snippet.replace("brotli_static on;", "");
    }
    let types = if Path::new("/etc/nginx/mime.types").is_file() {
        "include /etc/nginx/mime.types;".to_string()
    } else {
        // nginx-common's table, for the types the site uses.
        "types { text/html html; text/css css; application/javascript js; application/wasm wasm; \
         application/xml xml; text/plain txt; application/octet-stream bin; }"
            .to_string()
    };
    let load = if brotli {
        format!("load_module {};", brotli_module.display())
    } else {
        String::new()
    };
    let d = dir.display();
    let conf = format!(
        "{load}\ndaemon off;\nmaster_process off;\npid {d}/nginx.pid;\nerror_log {d}/error.log;\n\
         events {{}}\nhttp {{\n{types}\naccess_log off;\nclient_body_temp_path {d}/body;\n\
         proxy_temp_path {d}/proxy;\nfastcgi_temp_path {d}/fastcgi;\nuwsgi_temp_path {d}/uwsgi;\n\
         scgi_temp_path {d}/scgi;\n{snippet}\n}}\n"
    );
    let conf_file = dir.join("nginx.conf");
    std::fs::write(&conf_file, conf).unwrap();
    let mut cmd = Command::new(nginx);
    cmd.arg("-p")
        .arg(&dir)
        .arg("-c")
        .arg(&conf_file)
        .env_remove("NGINX");
    let _server = start(cmd, port);
    check_headers(port, out, brotli);
}

#[test]
fn caddy_with_the_readme_snippet() {
    let Some(caddy) = binary("CADDY_BIN", &["/usr/bin/caddy"]) else {
        needs::skip("skipped: caddy_with_the_readme_snippet needs Caddy (Debian: caddy; `bash tests/run` unpacks it)");
        return;
    };
    let dir = scratch("caddy");
    let out = sample();
    let port = free_port();
    let site = readme_block("caddy")
        .replace("motcua.example.vn", &format!("http://127.0.0.1:{port}"))
        .replace("/srv/motcua/public", &out.display().to_string());
    let caddyfile = dir.join("Caddyfile");
    std::fs::write(&caddyfile, format!("{{\n\tadmin off\n}}\n{site}")).unwrap();
    let mut cmd = Command::new(caddy);
    cmd.args(["run", "--adapter", "caddyfile", "--config"])
        .arg(&caddyfile)
        .env("HOME", &dir)
        .env("XDG_DATA_HOME", dir.join("data"))
        .env("XDG_CONFIG_HOME", dir.join("config"));
    let _server = start(cmd, port);
    check_headers(port, out, true);
}
