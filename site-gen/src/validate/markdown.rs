//! Markdown pages (`pages/*.md`, a commune's `index.md` and `news/*.md`): a file name that
//! can be a web address, a date on news, and no unsafe HTML.

use super::{is_slug, Checker};
use crate::diag::Diagnostic;
use crate::load::MarkdownFile;
use crate::markdown;

impl Checker<'_> {
    pub(super) fn markdown(&mut self, page: &MarkdownFile, needs_date: bool) {
        if !is_slug(&page.slug) {
            let d = self
                .err(
                    &page.meta,
                    "",
                    format!("the file name `{}.md` cannot be a web address", page.slug),
                )
                .expected(
                    "lowercase letters without marks, digits and hyphens, e.g. lich-tiep-dan.md",
                );
            self.report(d);
        }
        if needs_date && page.meta.value.date.is_none() {
            let d = self
                .err(&page.meta, "", "news needs a date")
                .expected("date = 2026-11-20 in the front matter");
            self.report(d);
        }
        let text = &self.sources.get(page.file()).text[page.body.clone()];
        for problem in markdown::unsafe_html(text) {
            let span = problem.span.start + page.body.start..problem.span.end + page.body.start;
            let d = Diagnostic::error(problem.message())
                .at(self.sources, page.file(), Some(span))
                .label("not allowed")
                .help(problem.help());
            self.report(d);
        }
    }
}
