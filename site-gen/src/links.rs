//! Which addresses content may link to, in one place for every field (`base_url`,
//! `portal_url`, a commune's `website`, form and fee-document `url`s) and for Markdown links
//! and raw HTML: the web (`https:`, `http:`), email (`mailto:`), telephone (`tel:`) and the
//! site itself (a relative address). Anything else (`javascript:`, `data:`, `vbscript:`,
//! `file:`…) could run code in the citizen's browser or take them somewhere unsafe.

use std::fmt;

/// What an address is, once allowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Link {
    Web,
    Mail,
    Phone,
    /// An address on this site (`/trang/lien-he/`, `lich-tiep-dan/`, `#gio-lam-viec`).
    Relative,
}

/// Why an address was refused, in words for the officer who wrote it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refused {
    pub why: String,
    pub help: &'static str,
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.why)
    }
}

fn refused(why: impl Into<String>, help: &'static str) -> Refused {
    Refused {
        why: why.into(),
        help,
    }
}

const KINDS: &str = "write an address that starts with https://, http://, mailto: or tel:, \
     or one on this site such as /trang/lien-he/";

/// The scheme of `url` (lowercase), as a browser reads it: letters, digits, `+ - .`
/// from a letter up to the first `:`. `None` for an address without one (relative).
fn scheme(url: &str) -> Option<String> {
    let end = url.find(':')?;
    let s = &url[..end];
    let mut chars = s.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then(|| s.to_ascii_lowercase())
}

/// Checks an address from content. Browsers drop spaces, tabs and newlines from addresses
/// (`java\tscript:` is `javascript:`), so none are allowed, nor any other control character.
pub fn check(url: &str) -> Result<Link, Refused> {
    if let Some(c) = url.chars().find(|c| c.is_whitespace() || c.is_control()) {
        return Err(refused(
            format!(
                "an address cannot hold {}",
                if c == ' ' {
                    "spaces".to_string()
                } else {
                    format!("the character U+{:04X}", c as u32)
                }
            ),
            "remove it; write a space inside an address as %20",
        ));
    }
    let Some(scheme) = scheme(url) else {
        // `//host/…` and `\\host` (which browsers read as `//`) leave the site.
        let lead: String = url.chars().take(2).collect();
        if lead.chars().count() == 2 && lead.chars().all(|c| c == '/' || c == '\\') {
            return Err(refused(
                format!("`{lead}…` leads to another site without saying how"),
                "write the whole address, starting with https://",
            ));
        }
        return Ok(Link::Relative);
    };
    let rest = &url[scheme.len() + 1..];
    match scheme.as_str() {
        "http" | "https" => web(url).map(|()| Link::Web),
        "mailto" if !rest.is_empty() => Ok(Link::Mail),
        "tel" if !rest.is_empty() => Ok(Link::Phone),
        "mailto" | "tel" => Err(refused(
            format!("`{scheme}:` without an address"),
            "write the address after it, e.g. mailto:motcua@example.vn or tel:+842283000000",
        )),
        "javascript" | "vbscript" | "data" => Err(refused(
            format!("`{scheme}:` addresses run code or hold hidden content"),
            KINDS,
        )),
        _ => Err(refused(
            format!("`{scheme}:` addresses are not allowed"),
            KINDS,
        )),
    }
}

/// A web address (`http:` or `https:`) with a host, as the URL standard parses it, without
/// a user name or password (`https://dichvucong.gov.vn@evil.example/` is not the portal).
pub fn web(url: &str) -> Result<(), Refused> {
    const HELP: &str = "write the whole address, e.g. https://dichvucong.gov.vn";
    if url.contains(|c: char| c.is_whitespace() || c.is_control()) {
        return check(url).map(|_| ());
    }
    let Some(scheme) = scheme(url).filter(|s| s == "http" || s == "https") else {
        return Err(refused("not a web address", HELP));
    };
    // Browsers forgive `https:/x.vn` and `https:///x.vn`; an officer meant `https://x.vn`.
    let after = &url[scheme.len() + 1..];
    if !after.starts_with("//") || after[2..].starts_with(['/', '\\']) {
        return Err(refused(
            format!("`{scheme}:` must be followed by // and the host name"),
            HELP,
        ));
    }
    let parsed =
        url::Url::parse(url).map_err(|e| refused(format!("not a web address: {e}"), HELP))?;
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(refused("a web address without a host name", HELP));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(refused(
            "a web address with a user name or password before `@`",
            "remove everything between // and @: browsers go to the host after the @",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_web_mail_phone_and_the_site() {
        for (url, kind) in [
            ("https://dichvucong.gov.vn", Link::Web),
            ("http://xa.example.vn/a?b=1&c=2#d", Link::Web),
            ("HTTPS://X.VN/", Link::Web),
            ("mailto:motcua@example.vn", Link::Mail),
            ("tel:+84-228-3000-000", Link::Phone),
            ("/trang/lien-he/", Link::Relative),
            ("lich-tiep-dan/", Link::Relative),
            ("#gio", Link::Relative),
            ("", Link::Relative),
            ("1.001193:x", Link::Relative),
        ] {
            assert_eq!(check(url), Ok(kind), "{url}");
        }
    }

    #[test]
    fn refuses_code_other_schemes_and_hidden_characters() {
        for url in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "java\tscript:alert(1)",
            " javascript:alert(1)",
            "javascript\n:alert(1)",
            "\u{0}javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:x",
            "file:///etc/passwd",
            "ftp://x.vn/",
            "C:\\Windows",
            "//evil.example/",
            "/\\evil.example/",
            "https://",
            "https:///x",
            "https://dichvucong.gov.vn@evil.example/",
            "https://x.vn/a b",
            "mailto:",
        ] {
            assert!(check(url).is_err(), "{url:?}");
        }
    }
}
