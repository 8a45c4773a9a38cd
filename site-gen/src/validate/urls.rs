//! Addresses in content fields: web addresses only where a web page is meant, with the
//! reason when one is refused (the rule itself is `crate::links`).

use super::Checker;
use crate::links;
use crate::load::{Content, Parsed};

impl Checker<'_> {
    /// `base_url`, `portal_url`, each commune's `website` and each fee document's `url`.
    /// (Form addresses are checked with their form.)
    pub(super) fn urls(&mut self, content: &Content) {
        let site = &content.site;
        let cfg = &site.value;
        if self.web_address(site, "base_url", &cfg.base_url) {
            self.base_url(site, &cfg.base_url);
        }
        self.web_address(site, "portal_url", &cfg.portal_url);
        for files in &content.communes {
            if let Some(w) = &files.commune.value.website {
                self.web_address(&files.commune, "website", w);
            }
        }
        for doc in &content.fee_documents {
            if let Some(u) = &doc.value.url {
                self.web_address(doc, "url", u);
            }
        }
    }

    /// Reports `url` at `path` unless it is an `http(s)://` address; true if it is.
    pub(super) fn web_address<T>(&mut self, p: &Parsed<T>, path: &str, url: &str) -> bool {
        let Err(e) = links::web(url) else {
            return true;
        };
        let field = path.rsplit('.').next().unwrap_or(path);
        let d = self
            .err(p, path, format!("{field} is not a web address"))
            .label(e.why)
            .expected("an address starting with https://, e.g. \"https://dichvucong.gov.vn\"")
            .help(e.help);
        self.report(d);
        false
    }

    /// The site's own address is written into every page, the sitemap and robots.txt: it
    /// must be the address exactly as the URL standard writes it (what a browser shows),
    /// without a query or fragment, so nothing in it needs escaping there but `&`.
    fn base_url(&mut self, site: &Parsed<crate::config::SiteConfig>, base: &str) {
        let Ok(parsed) = url::Url::parse(base) else {
            return;
        };
        let problem = if parsed.query().is_some() || parsed.fragment().is_some() {
            Some("a site address cannot have a query (?) or a fragment (#)".to_string())
        } else {
            let canonical = parsed.as_str();
            (canonical != base && canonical != format!("{base}/"))
                .then(|| format!("the address is written `{canonical}` in standard form"))
        };
        if let Some(why) = problem {
            let mut canonical = parsed;
            canonical.set_query(None);
            canonical.set_fragment(None);
            let d = self
                .err(
                    site,
                    "base_url",
                    "base_url is not written as a browser writes it",
                )
                .label(why)
                .expected(format!("base_url = \"{canonical}\""))
                .help("copy the address from the browser's address bar");
            self.report(d);
        }
    }
}
