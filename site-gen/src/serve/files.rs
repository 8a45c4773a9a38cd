//! Which file answers a URL, in which encoding, with which caching headers. No I/O beyond
//! looking at the output folder, so that the rules can be tested on their own.

use std::path::{Component, Path, PathBuf};

pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/// Hashed assets never change under their name; everything else is checked with its ETag.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
pub const REVALIDATE: &str = "no-cache";

pub fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("xml") => "application/xml; charset=utf-8",
        Some("json") => "application/json",
        Some("csv") => "text/csv; charset=utf-8",
        Some("txt") => "text/plain; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("pdf") => "application/pdf",
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

/// The file for a URL path, never outside `root` and never a dot-file: the manifest
/// (`.site-gen-output`), its temporary copy and any staging folder are site-gen's own.
pub fn resolve_path(root: &Path, url_path: &str) -> Option<PathBuf> {
    let path = url_path.split(['?', '#']).next().unwrap_or("/");
    let decoded = percent_decode(path)?;
    let rel = Path::new(decoded.trim_start_matches('/'));
    let allowed = |c: Component| match c {
        Component::Normal(name) => !name.as_encoded_bytes().starts_with(b"."),
        _ => false,
    };
    if !rel.components().all(allowed) {
        return None;
    }
    let full = root.join(rel);
    if full.is_dir() {
        Some(full.join(crate::routes::INDEX_FILE))
    } else {
        Some(full)
    }
}

/// Whether a request's `Accept-Encoding` accepts `coding` (a `q=0` refuses it).
pub fn accepts(accept_encoding: &str, coding: &str) -> bool {
    accept_encoding.split(',').any(|item| {
        let mut parts = item.split(';').map(str::trim);
        let name = parts.next().unwrap_or("");
        let refused = parts.any(|p| {
            p.strip_prefix("q=")
                .and_then(|q| q.trim().parse::<f32>().ok())
                .is_some_and(|q| q <= 0.0)
        });
        (name.eq_ignore_ascii_case(coding) || name == "*") && !refused
    })
}

/// `assets/<name>.<hash>.<ext>`: the build names theme and widget files by a hash of their
/// content, so a changed file gets a new name and the old one may be cached for ever.
pub fn is_hashed_asset(rel: &str) -> bool {
    let Some(name) = crate::routes::asset_name(rel) else {
        return false;
    };
    let mut parts = name.rsplit('.');
    let _ext = parts.next();
    parts.next().is_some_and(|h| {
        h.len() >= 8 && h.bytes().all(|b| b.is_ascii_hexdigit()) && parts.next().is_some()
    })
}

/// A strong validator of the bytes sent: each encoding has its own.
pub fn etag(bytes: &[u8]) -> String {
    format!("\"{:032x}\"", xxhash_rust::xxh3::xxh3_128(bytes))
}

/// `If-None-Match` names `etag` (or `*`); weak comparison, as RFC 9110 asks for GET.
pub fn matches(if_none_match: &str, etag: &str) -> bool {
    if_none_match.split(',').map(str::trim).any(|t| {
        let t = t.strip_prefix("W/").unwrap_or(t);
        t == "*" || t == etag
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_serves_outside_the_root_nor_dot_files() {
        let root = Path::new("/srv/site");
        assert!(resolve_path(root, "/../etc/passwd").is_none());
        assert!(resolve_path(root, "/%2e%2e/etc/passwd").is_none());
        assert!(resolve_path(root, "/.site-gen-output").is_none());
        assert!(resolve_path(root, "/%2Esite-gen-output").is_none());
        assert!(resolve_path(root, "/.public.staging/index.html").is_none());
        assert_eq!(
            resolve_path(root, "/a/b.css?x=1"),
            Some(PathBuf::from("/srv/site/a/b.css"))
        );
    }

    #[test]
    fn accept_encoding_is_read_as_written() {
        assert!(accepts("gzip, deflate, br, zstd", "br"));
        assert!(accepts("gzip;q=0.8, br;q=1", "gzip"));
        assert!(!accepts("gzip;q=0, br", "gzip"));
        assert!(!accepts("identity", "br"));
        assert!(!accepts("", "gzip"));
    }

    #[test]
    fn only_hashed_assets_are_immutable() {
        assert!(is_hashed_asset("assets/style.3f2a9c1b0d4e5f67.css"));
        assert!(!is_hashed_asset("assets/style.css"));
        assert!(!is_hashed_asset("phuong-dinh/index.html"));
        assert!(!is_hashed_asset("assets/abcdef0123.css"));
    }

    #[test]
    fn etags_compare() {
        let e = etag(b"x");
        assert!(matches(&e, &e));
        assert!(matches(&format!("\"other\", W/{e}"), &e));
        assert!(!matches("\"other\"", &e));
    }
}
