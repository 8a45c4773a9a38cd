//! What each output is made from. Every input (a file, or a part of one) gets a content hash;
//! each output's "inputs hash" combines the hashes of exactly the inputs it reads. An output
//! whose inputs hash is unchanged since the last build is not rendered again.
//!
//! The graph follows the pages' content: a procedure page reads its catalogue file, its
//! commune's file and the fee decisions; a commune page also reads its introduction and the
//! titles of its news; every page reads the menu (the titles of the site's pages) and the
//! "global" inputs (theme, site.toml, the as-of date).

use crate::load::{Content, MarkdownFile};
use catalog::{Date, ProcedureCode};
use std::collections::BTreeMap;
use xxhash_rust::xxh3::{xxh3_128, Xxh3};

pub type Hash = u128;

fn text_hash(s: &str) -> Hash {
    xxh3_128(s.as_bytes())
}

/// Combines hashes in order.
pub fn combine(parts: impl IntoIterator<Item = Hash>) -> Hash {
    let mut h = Xxh3::new();
    for p in parts {
        h.update(&p.to_le_bytes());
    }
    h.digest128()
}

pub struct MarkdownInputs {
    /// Title, date, summary, weight: what other pages show of it.
    pub meta: Hash,
    /// The whole file.
    pub full: Hash,
}

pub struct CommuneInputs {
    pub file: Hash,
    /// What lists of communes and the search indexes read: name, kind, province, the
    /// procedures received and their overrides (not the address, hours or phones).
    pub listing: Hash,
    pub intro: Hash,
    pub news: BTreeMap<String, MarkdownInputs>,
    /// The news titles and dates, as the commune page lists them.
    pub news_meta: Hash,
    /// The catalogue files of the procedures it receives, in its order.
    pub procedures: Hash,
}

pub struct Inputs {
    /// Theme, interface strings, site.toml, as-of date, base URL, generator version.
    pub global: Hash,
    /// The site's pages' titles and weights: every page's menu.
    pub nav: Hash,
    pub pages: BTreeMap<String, MarkdownInputs>,
    pub procedures: BTreeMap<ProcedureCode, Hash>,
    pub communes: BTreeMap<String, CommuneInputs>,
    pub fees: Hash,
    /// The change log (`changes/`).
    pub changes: Hash,
    pub calendar: Hash,
    /// Every commune's listing (see [`CommuneInputs::listing`]).
    pub all_communes: Hash,
    pub all_procedures: Hash,
    pub all_news_meta: Hash,
    /// The statistics files and which commune names which portal unit.
    pub statistics: Hash,
    /// Each commune's own figures (see [`crate::statistics::unit_inputs`]), by slug.
    pub commune_statistics: BTreeMap<String, Hash>,
}

fn markdown(c: &Content<catalog::Fee>, f: &MarkdownFile) -> MarkdownInputs {
    let text = &c.sources.get(f.file()).text;
    MarkdownInputs {
        meta: text_hash(&text[..f.body.start]),
        full: text_hash(text),
    }
}

impl Inputs {
    pub fn new(c: &Content<catalog::Fee>, theme: Hash, as_of: Date) -> Inputs {
        let file = |id| text_hash(&c.sources.get(id).text);
        let global = combine([
            theme,
            file(c.site.file),
            text_hash(&c.site.value.base_url),
            text_hash(&as_of.to_string()),
            text_hash(env!("CARGO_PKG_VERSION")),
        ]);
        let pages: BTreeMap<String, MarkdownInputs> = c
            .pages
            .iter()
            .map(|p| (p.slug.clone(), markdown(c, p)))
            .collect();
        let nav = combine(pages.values().map(|m| m.meta));
        let procedures: BTreeMap<ProcedureCode, Hash> = c
            .procedures
            .iter()
            .map(|p| (p.value.code.clone(), file(p.file)))
            .collect();
        let communes: BTreeMap<String, CommuneInputs> = c
            .communes
            .iter()
            .map(|files| {
                let news: BTreeMap<String, MarkdownInputs> = files
                    .news
                    .iter()
                    .map(|n| (n.slug.clone(), markdown(c, n)))
                    .collect();
                let commune = &files.commune.value;
                let listing = text_hash(&format!(
                    "{}\u{0}{:?}\u{0}{}\u{0}{:?}\u{0}{:?}",
                    commune.name,
                    commune.kind,
                    commune.province,
                    commune.procedures,
                    commune.overrides
                ));
                let inputs = CommuneInputs {
                    file: file(files.commune.file),
                    listing,
                    intro: files.intro.as_ref().map_or(0, |i| markdown(c, i).full),
                    news_meta: combine(news.values().map(|n| n.meta)),
                    news,
                    procedures: combine(
                        files
                            .commune
                            .value
                            .procedures
                            .iter()
                            .map(|code| procedures.get(code).copied().unwrap_or(0)),
                    ),
                };
                (files.slug.clone(), inputs)
            })
            .collect();
        Inputs {
            global,
            nav,
            fees: combine(c.fee_documents.iter().map(|d| file(d.file))),
            changes: combine(c.changes.iter().map(|d| file(d.file))),
            calendar: combine(c.calendars.iter().map(|y| file(y.file))),
            all_communes: combine(communes.values().map(|i| i.listing)),
            all_procedures: combine(procedures.values().copied()),
            all_news_meta: combine(communes.values().map(|i| i.news_meta)),
            commune_statistics: {
                let units = crate::statistics::unit_inputs(c);
                c.communes
                    .iter()
                    .filter_map(|f| {
                        let unit = f.commune.value.portal_unit.as_deref()?;
                        Some((f.slug.clone(), units.get(unit).copied().unwrap_or(0)))
                    })
                    .collect()
            },
            statistics: combine(c.statistics.iter().map(|s| file(s.file)).chain(
                c.communes.iter().map(|f| {
                    text_hash(&format!("{}\u{0}{:?}", f.slug, f.commune.value.portal_unit))
                }),
            )),
            pages,
            procedures,
            communes,
        }
    }
}
