//! Stage 2: every rule the data must satisfy, in one place. All errors are collected so that an
//! officer fixes a file in one pass, not one error per build.
//!
//! One module per kind of content file (`site`, `calendars`, `procedures`, `fee_documents`,
//! `communes`, `markdown`), the rules shared by several kinds beside them (`channels`: times
//! and fees; `names`, `urls`, `control`), `checked`, which turns the content as written into
//! the checked types render needs (each fee a `catalog::Fee`), and here the `Checker` they
//! report to and [`validate`], the only way to a [`Validated`].

use crate::diag::{Diagnostic, Diagnostics, Sources};
use crate::load::{Content, Parsed};
use catalog::Fee;
use std::collections::BTreeSet;
use std::path::Path;

mod calendars;
mod channels;
mod checked;
mod communes;
pub(crate) mod control;
mod fee_documents;
mod markdown;
mod names;
mod procedures;
mod site;
mod urls;

/// Content that passed every rule, its fees checked; the only input `resolve` accepts. Its
/// field is private: [`validate`] is the one way to build it.
#[derive(Debug)]
pub struct Validated(Content<Fee>);

impl Validated {
    /// The content, as read and checked.
    pub fn content(&self) -> &Content<Fee> {
        &self.0
    }
}

pub fn validate(content: Content, languages: &[String]) -> Result<Validated, Diagnostics> {
    let errors = check(&content, languages);
    let (checked, errors) = checked::fees(content, errors);
    match checked {
        Some(content) => errors.into_result(Validated(content)),
        None => Err(errors),
    }
}

/// Every rule but the fees' own (see `checked`).
fn check(content: &Content, languages: &[String]) -> Diagnostics {
    let mut c = Checker {
        sources: &content.sources,
        forms: content.forms.iter().map(|f| f.path.as_path()).collect(),
        errors: Diagnostics::default(),
    };
    c.site(content, languages);
    c.urls(content);
    c.names(content);
    c.control_characters(content);
    c.calendars(content);
    let codes = c.procedures(content);
    c.fee_documents(content, &codes);
    c.communes(content, &codes);
    crate::stats_rules::check(content, &mut c.errors);
    for files in &content.communes {
        let mut all = languages.to_vec();
        all.extend(content.site.value.languages.iter().cloned());
        if let Some(why) = crate::output_names::commune_clash(&files.slug, &all) {
            let d = c.err(&files.commune, "", why).help(
                "rename the folder, e.g. after the commune: content/communes/<name-without-marks>/",
            );
            c.report(d);
        }
    }
    for page in &content.pages {
        c.markdown(page, false);
    }
    c.errors
}

struct Checker<'a> {
    sources: &'a Sources,
    forms: BTreeSet<&'a Path>,
    errors: Diagnostics,
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn is_uuid(s: &str) -> bool {
    let lens: Vec<usize> = s.split('-').map(str::len).collect();
    lens == [8, 4, 4, 4, 12] && s.bytes().all(|b| b == b'-' || b.is_ascii_hexdigit())
}

impl Checker<'_> {
    fn report(&mut self, d: Diagnostic) {
        self.errors.push(d);
    }

    fn err<T>(&mut self, p: &Parsed<T>, path: &str, message: impl Into<String>) -> Diagnostic {
        p.error(self.sources, path, message)
    }
}

fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids() {
        assert!(is_uuid("019d2bfd-3fe0-70ac-b9d6-5e9e20d6eef7"));
        assert!(!is_uuid("019d2bfd3fe070acb9d65e9e20d6eef7"));
    }
}
