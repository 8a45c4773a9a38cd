//! `site.toml`: the site's languages (names and addresses are checked in `names` and `urls`).

use super::Checker;
use crate::load::Content;
use std::collections::BTreeSet;

impl Checker<'_> {
    pub(super) fn site(&mut self, content: &Content, languages: &[String]) {
        let site = &content.site;
        let cfg = &site.value;
        if cfg.languages.first().map(String::as_str) != Some("vi") {
            let d = self
                .err(site, "languages", "the first language must be Vietnamese")
                .expected("languages = [\"vi\", \"en\"]")
                .help("the first language is served at the site's root; citizens read Vietnamese");
            self.report(d);
        }
        let mut listed = BTreeSet::new();
        for (i, lang) in cfg.languages.iter().enumerate() {
            if !listed.insert(lang) {
                let d = self
                    .err(
                        site,
                        &format!("languages[{i}]"),
                        format!("`{lang}` is listed twice"),
                    )
                    .help("list each language once: each has one set of pages");
                self.report(d);
            } else if !languages.contains(lang) {
                let d = self
                    .err(
                        site,
                        &format!("languages[{i}]"),
                        format!("the theme has no translation for `{lang}`"),
                    )
                    .expected(format!("one of: {}", languages.join(", ")))
                    .help("add i18n/<language>.toml to the theme, or remove the language");
                self.report(d);
            }
        }
    }
}
