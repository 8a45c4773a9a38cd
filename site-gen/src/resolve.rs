//! Stage 3: national catalogue + fee documents + commune overrides, as of one date, give one
//! view per commune. Borrowed from the validated content: nothing is cloned per page.

use crate::config::{PageMeta, SiteConfig};
use crate::diag::Sources;
use crate::load::MarkdownFile;
use crate::validate::Validated;
use catalog::fold::fold;
use catalog::{
    Calendar, Change, Channel, Commune, Date, Fee, FeeDocument, FeeRule, Procedure, ProcessingTime,
    Status, YearCalendar,
};
use std::collections::HashMap;
use std::path::Path;

pub struct Site<'a> {
    pub config: &'a SiteConfig,
    pub as_of: Date,
    pub calendar: Calendar,
    pub years: Vec<&'a YearCalendar>,
    pub communes: Vec<CommuneView<'a>>,
    pub pages: Vec<Page<'a>>,
    pub fee_documents: Vec<&'a FeeDocument>,
    /// The change log up to the as-of date, newest first.
    pub changes: Vec<(Date, &'a Change)>,
    pub root: &'a Path,
    pub forms: &'a [crate::load::FormFile],
    /// Service-quality figures of the periods begun by the as-of date.
    pub statistics: crate::statistics::Statistics<'a>,
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
    /// A provincial decision in force whose fees the commune's override contradicts.
    pub contradicted: Option<&'a FeeDocument>,
}

/// The fee rules that name one procedure: (index of their document in `Site::fee_documents`,
/// rule), in document order, then rule order.
type RulesFor<'a> = Vec<(usize, &'a FeeRule)>;

pub fn resolve(v: &Validated, as_of: Date) -> Site<'_> {
    let c = v.content();
    let years: Vec<&YearCalendar> = c.calendars.iter().map(|file| &file.value).collect();
    let mut fee_documents: Vec<&FeeDocument> =
        c.fee_documents.iter().map(|file| &file.value).collect();
    // National documents first, then by date: a later, more local decision wins.
    fee_documents.sort_by_key(|d| (d.province.is_some(), d.effective_from, d.code.clone()));
    let mut rules: HashMap<&str, RulesFor> = HashMap::new();
    for (d, doc) in fee_documents.iter().enumerate() {
        for rule in &doc.rules {
            for code in &rule.procedures {
                rules.entry(code.as_str()).or_default().push((d, rule));
            }
        }
    }
    // Each procedure with its field folded once, for sorting: a province resolves 30,000.
    let by_code: HashMap<&str, (&Procedure, String)> = c
        .procedures
        .iter()
        .map(|file| {
            let p = &file.value;
            (p.code.as_str(), (p, fold(&p.field)))
        })
        .collect();
    let communes = c
        .communes
        .iter()
        .map(|files| {
            let commune = &files.commune.value;
            let province = fold(&commune.province);
            let applies: Vec<bool> = fee_documents
                .iter()
                .map(|d| {
                    d.province
                        .as_deref()
                        .is_none_or(|name| fold(name) == province)
                })
                .collect();
            let mut procedures: Vec<(&str, Resolved)> = commune
                .procedures
                .iter()
                .filter_map(|code| by_code.get(code.as_str()))
                .map(|(procedure, field)| {
                    let code = procedure.code.as_str();
                    let rules = rules.get(code).map_or(&[][..], Vec::as_slice);
                    let r = resolve_procedure(
                        procedure,
                        commune,
                        &fee_documents,
                        rules,
                        &applies,
                        as_of,
                    );
                    (field.as_str(), r)
                })
                .filter(|(_, r)| !matches!(r.status, Status::Repealed(_)))
                .collect();
            procedures
                .sort_by(|(fa, a), (fb, b)| (fa, &a.procedure.code).cmp(&(fb, &b.procedure.code)));
            let mut news: Vec<Page> = files.news.iter().map(|f| page(&c.sources, f)).collect();
            news.sort_by(|a, b| (b.meta.date, b.slug).cmp(&(a.meta.date, a.slug)));
            CommuneView {
                slug: &files.slug,
                commune,
                intro: files.intro.as_ref().map(|f| page(&c.sources, f)),
                news,
                procedures: procedures.into_iter().map(|(_, r)| r).collect(),
            }
        })
        .collect();
    let mut pages: Vec<Page> = c.pages.iter().map(|f| page(&c.sources, f)).collect();
    pages.sort_by(|a, b| {
        (a.meta.weight.unwrap_or(i32::MAX), &a.meta.title)
            .cmp(&(b.meta.weight.unwrap_or(i32::MAX), &b.meta.title))
    });
    let mut changes: Vec<(Date, &Change)> = c
        .changes
        .iter()
        .filter(|l| l.value.date <= as_of)
        .flat_map(|l| l.value.changes.iter().map(|ch| (l.value.date, ch)))
        .collect();
    // Newest day first; within a day, the order the import wrote.
    changes.sort_by_key(|(d, _)| std::cmp::Reverse(*d));
    Site {
        config: &c.site.value,
        changes,
        as_of,
        calendar: Calendar::new(years.iter().copied()),
        years,
        communes,
        pages,
        fee_documents,
        root: &c.root,
        forms: &c.forms,
        statistics: crate::statistics::assemble(c, as_of),
    }
}

fn page<'a>(sources: &'a Sources, f: &'a MarkdownFile) -> Page<'a> {
    Page {
        slug: &f.slug,
        meta: &f.meta.value,
        markdown: &sources.get(f.file()).text[f.body.clone()],
    }
}

/// The fees of one channel as of `date`: the catalogue's, replaced by each decision in force
/// that names the channel (in precedence order), then by the commune's own override; and the
/// decision that set them, if one did.
fn fees_as_of<'a>(
    ch: &'a Channel,
    overrides: &[&'a catalog::Override],
    docs: &[&'a FeeDocument],
    rules: &[(usize, &'a FeeRule)],
    applies: &[bool],
    date: Date,
) -> (&'a [Fee], Option<&'a FeeDocument>) {
    let mut fees: &[Fee] = &ch.fees;
    let mut fee_document = None;
    let mut last = None;
    for &(d, rule) in rules {
        // A document's first rule for this procedure and channel is the one it sets.
        if !applies[d] || last == Some(d) || rule.channel.is_some_and(|k| k != ch.kind) {
            continue;
        }
        last = Some(d);
        if docs[d].effective_from <= date {
            fees = &rule.fee;
            fee_document = Some(docs[d]);
        }
    }
    // The commune's own decision comes last: it is the most local.
    for o in overrides
        .iter()
        .filter(|o| o.channel.is_none_or(|k| k == ch.kind))
    {
        if let Some(f) = &o.fee {
            fees = f;
            fee_document = None;
        }
    }
    (fees, fee_document)
}

fn resolve_procedure<'a>(
    procedure: &'a Procedure,
    commune: &'a Commune,
    docs: &[&'a FeeDocument],
    rules: &[(usize, &'a FeeRule)],
    applies: &[bool],
    as_of: Date,
) -> Resolved<'a> {
    let overrides: Vec<_> = commune
        .overrides
        .iter()
        .filter(|o| o.procedure == procedure.code)
        .collect();
    let channels = procedure
        .channels
        .iter()
        .map(|ch| {
            let mut time = &ch.time;
            for o in overrides
                .iter()
                .filter(|o| o.channel.is_none_or(|k| k == ch.kind))
            {
                if let Some(t) = &o.time {
                    time = t;
                }
            }
            let (fees, fee_document) = fees_as_of(ch, &overrides, docs, rules, applies, as_of);
            // A coming decision is announced only if the page built on its date would show
            // it: resolved as of that date with the same precedence (a commune override
            // still wins, a later decision of the same day too).
            let mut upcoming: Vec<(&FeeDocument, &[Fee])> = Vec::new();
            for &(d, _) in rules {
                let doc = docs[d];
                let on = doc.effective_from;
                if on <= as_of
                    || !applies[d]
                    || upcoming.iter().any(|(u, _)| u.effective_from == on)
                {
                    continue;
                }
                let (then, by) = fees_as_of(ch, &overrides, docs, rules, applies, on);
                if by.is_some_and(|b| b.effective_from == on) && then != fees {
                    upcoming.push((by.unwrap_or(doc), then));
                }
            }
            upcoming.sort_by_key(|(d, _)| d.effective_from);
            let (decided, by) = fees_as_of(ch, &[], docs, rules, applies, as_of);
            let contradicted =
                by.filter(|d| d.province.is_some() && fee_document.is_none() && decided != fees);
            ResolvedChannel {
                channel: ch,
                time,
                fees,
                fee_document,
                upcoming,
                contradicted,
            }
        })
        .collect();
    Resolved {
        procedure,
        status: procedure.lifecycle.status(as_of),
        channels,
        local_notes: overrides.iter().filter_map(|o| o.note.as_deref()).collect(),
    }
}

/// Commune overrides that replace the fee of a provincial decision in force: allowed (the
/// override is the most local), but usually an override the decision made obsolete.
pub fn contradictions(site: &Site) -> Vec<(std::path::PathBuf, String)> {
    let mut out = Vec::new();
    for c in &site.communes {
        for r in &c.procedures {
            for ch in &r.channels {
                if let Some(doc) = ch.contradicted {
                    let file = std::path::Path::new("communes")
                        .join(c.slug)
                        .join("commune.toml");
                    out.push((file, format!(
                        "the override of {} ({} channel) sets a fee other than {}, in force since {}; remove the override if the decision replaces it",
                        r.procedure.code,
                        ch.channel.kind.key(),
                        doc.code,
                        doc.effective_from
                    )));
                }
            }
        }
    }
    out
}
