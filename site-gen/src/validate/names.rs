//! Names that must not be empty: a page, a link or a heading with no text is useless to a
//! citizen and fails accessibility checks.

use super::Checker;
use crate::load::{Content, Parsed};

impl Checker<'_> {
    pub(super) fn names(&mut self, content: &Content) {
        self.named(
            &content.site,
            "name",
            &content.site.value.name,
            "the site's name",
        );
        for files in &content.communes {
            let c = &files.commune;
            self.named(c, "name", &c.value.name, "the commune's name");
        }
        let commune_pages = content
            .communes
            .iter()
            .flat_map(|f| f.intro.iter().chain(&f.news));
        for page in content.pages.iter().chain(commune_pages) {
            let title = &page.meta.value.title;
            self.named(&page.meta, "title", title, "the page's title");
        }
        for p in &content.procedures {
            for (g, group) in p.value.dossier.iter().enumerate() {
                for (i, item) in group.items.iter().enumerate() {
                    let path = format!("dossier[{g}].item[{i}]");
                    if let Some(doc) = &item.document {
                        self.named(p, &format!("{path}.document"), doc, "the document's name");
                    }
                    for (f, form) in item.forms.iter().enumerate() {
                        let at = format!("{path}.forms[{f}].title");
                        self.named(p, &at, &form.title, "the form's title");
                    }
                }
            }
        }
        for doc in &content.fee_documents {
            self.named(doc, "code", &doc.value.code, "the document's number");
            self.named(doc, "title", &doc.value.title, "the document's title");
        }
    }

    fn named<T>(&mut self, p: &Parsed<T>, path: &str, text: &str, what: &str) {
        if text.trim().is_empty() {
            let d = self
                .err(p, path, format!("{what} is empty"))
                .help("write it out: it is shown to citizens and read by screen readers");
            self.report(d);
        }
    }
}
