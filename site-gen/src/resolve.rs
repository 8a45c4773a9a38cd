//! Stage 3: national catalogue + fee documents + commune overrides, as of one date, give one
//! view per commune. Borrowed from the validated content: nothing is cloned per page.

use crate::config::{PageMeta, SiteConfig};
use crate::diag::Sources;
use crate::load::MarkdownFile;
use crate::validate::Validated;
use catalog::fold::fold;
use catalog::{
    Calendar, Channel, Commune, Date, Fee, FeeDocument, Procedure, ProcessingTime, Status,
    YearCalendar,
};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub struct Site<'a> {
    pub config: &'a SiteConfig,
    pub as_of: Date,
    pub calendar: Calendar,
    pub years: Vec<&'a YearCalendar>,
    pub communes: Vec<CommuneView<'a>>,
    pub pages: Vec<Page<'a>>,
    pub fee_documents: Vec<&'a FeeDocument>,
    pub root: &'a Path,
    pub forms: &'a [PathBuf],
}

pub struct CommuneView<'a> {
    pub slug: &'a str,
    pub commune: &'a Commune,
    pub intro: Option<Page<'a>>,
    /// Newest first.
    pub news: Vec<Page<'a>>,
    /// In force or not yet in force (never repealed), by field then code.
    pub procedures: Vec<Resolved<'a>>,
}

pub struct Page<'a> {
    pub slug: &'a str,
    pub meta: &'a PageMeta,
    pub markdown: &'a str,
}

/// A procedure as it applies at one desk on the as-of date.
pub struct Resolved<'a> {
    pub procedure: &'a Procedure,
    pub status: Status,
    pub channels: Vec<ResolvedChannel<'a>>,
    pub local_notes: Vec<&'a str>,
}

pub struct ResolvedChannel<'a> {
    pub channel: &'a Channel,
    pub time: &'a ProcessingTime,
    pub fees: &'a [Fee],
    /// The document whose rule set `fees`, when one did.
    pub fee_document: Option<&'a FeeDocument>,
    /// Rules decided but not yet in force: from their date, these fees apply.
    pub upcoming: Vec<(&'a FeeDocument, &'a [Fee])>,
}

pub fn resolve(v: &Validated, as_of: Date) -> Site<'_> {
    let c = &v.0;
    let years: Vec<&YearCalendar> = c.calendars.iter().map(|p| &p.value).collect();
    let by_code: BTreeMap<&str, &Procedure> = c
        .procedures
        .iter()
        .map(|p| (p.value.code.as_str(), &p.value))
        .collect();
    let mut fee_documents: Vec<&FeeDocument> = c.fee_documents.iter().map(|p| &p.value).collect();
    // National documents first, then by date: a later, more local decision wins.
    fee_documents.sort_by_key(|d| (d.province.is_some(), d.effective_from, d.code.clone()));
    let communes = c
        .communes
        .iter()
        .map(|files| {
            let commune = &files.commune.value;
            let province = fold(&commune.province);
            let docs: Vec<&FeeDocument> = fee_documents
                .iter()
                .copied()
                .filter(|d| d.province.as_deref().is_none_or(|p| fold(p) == province))
                .collect();
            let mut procedures: Vec<Resolved> = commune
                .procedures
                .iter()
                .filter_map(|code| by_code.get(code.as_str()))
                .map(|p| resolve_procedure(p, commune, &docs, as_of))
                .filter(|r| !matches!(r.status, Status::Repealed(_)))
                .collect();
            procedures.sort_by_cached_key(|r| (fold(&r.procedure.field), r.procedure.code.clone()));
            let mut news: Vec<Page> = files.news.iter().map(|f| page(&c.sources, f)).collect();
            news.sort_by(|a, b| (b.meta.date, b.slug).cmp(&(a.meta.date, a.slug)));
            CommuneView {
                slug: &files.slug,
                commune,
                intro: files.intro.as_ref().map(|f| page(&c.sources, f)),
                news,
                procedures,
            }
        })
        .collect();
    let mut pages: Vec<Page> = c.pages.iter().map(|f| page(&c.sources, f)).collect();
    pages.sort_by(|a, b| {
        (a.meta.weight.unwrap_or(i32::MAX), &a.meta.title)
            .cmp(&(b.meta.weight.unwrap_or(i32::MAX), &b.meta.title))
    });
    Site {
        config: &c.site.value,
        as_of,
        calendar: Calendar::new(years.iter().copied()),
        years,
        communes,
        pages,
        fee_documents,
        root: &c.root,
        forms: &c.forms,
    }
}

fn page<'a>(sources: &'a Sources, f: &'a MarkdownFile) -> Page<'a> {
    Page {
        slug: &f.slug,
        meta: &f.meta.value,
        markdown: &sources.get(f.file()).text[f.body.clone()],
    }
}

fn resolve_procedure<'a>(
    p: &'a Procedure,
    commune: &'a Commune,
    docs: &[&'a FeeDocument],
    as_of: Date,
) -> Resolved<'a> {
    let overrides: Vec<_> = commune
        .overrides
        .iter()
        .filter(|o| o.procedure == p.code)
        .collect();
    let channels = p
        .channels
        .iter()
        .map(|ch| {
            let mut time = &ch.time;
            let mut fees: &[Fee] = &ch.fees;
            let mut fee_document = None;
            let mut upcoming = Vec::new();
            for doc in docs {
                let applies = doc.rules.iter().find(|r| {
                    r.procedures.iter().any(|c| c == &p.code)
                        && r.channel.is_none_or(|k| k == ch.kind)
                });
                if let Some(rule) = applies {
                    if doc.effective_from <= as_of {
                        fees = &rule.fee;
                        fee_document = Some(*doc);
                        upcoming.clear();
                    } else {
                        upcoming.push((*doc, rule.fee.as_slice()));
                    }
                }
            }
            // The commune's own decision comes last: it is the most local.
            for o in overrides
                .iter()
                .filter(|o| o.channel.is_none_or(|k| k == ch.kind))
            {
                if let Some(t) = &o.time {
                    time = t;
                }
                if let Some(f) = &o.fee {
                    fees = f;
                    fee_document = None;
                }
            }
            ResolvedChannel {
                channel: ch,
                time,
                fees,
                fee_document,
                upcoming,
            }
        })
        .collect();
    Resolved {
        procedure: p,
        status: p.lifecycle.status(as_of),
        channels,
        local_notes: overrides.iter().filter_map(|o| o.note.as_deref()).collect(),
    }
}
