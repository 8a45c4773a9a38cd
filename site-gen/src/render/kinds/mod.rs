//! Page kinds: every kind of file the site has, each declared once, in its own module, with
//! what it is made of (its items and the content they read), where it goes (its route) and how
//! it is made (its view and template). The planner (`render::plan`) knows none of them by
//! name: it asks each declaration in [`KINDS`] for its files.
//!
//! Adding a kind of page is one module here (a unit struct implementing [`PageKind`]), its
//! template, and one line in [`KINDS`].

use super::{Output, RenderContext};
use crate::deps::{combine, Hash, Inputs};
use crate::diag::Diagnostic;
use crate::resolve::{CommuneView, Page, Site};
use crate::routes::Route;
use xxhash_rust::xxh3::xxh3_128;

mod changes;
mod commune;
mod fees;
mod files;
mod home;
mod open_data;
mod pages;
mod procedure;
mod search;
mod statistics;

/// What the planner gives a kind to list its files from.
pub struct From<'s> {
    pub site: &'s Site<'s>,
    /// The theme's static files and the widget, hashed.
    pub assets: &'s [Output],
}

/// A kind of file.
pub trait PageKind: Sync {
    /// What one file of this kind is made from: a commune, a procedure at a commune, a page…
    type Item<'s>: Send + Sync;
    /// For messages and tests.
    const NAME: &'static str;
    /// Made once per language (pages, search indexes), or once for the site (data files).
    const PER_LANGUAGE: bool = true;
    /// An HTML page: counted as a page, and listed in the sitemap.
    const PAGE: bool = true;
    /// Listed in the sitemap although not a page (open data that catalogues look for).
    const LISTED: bool = false;
    /// Written while it is made (the portal's index, a few MB), not made in memory first.
    const STREAMED: bool = false;
    /// What each file reads: when none of it changed since the last build, the file is not
    /// made again. Exhaustive by construction: [`RenderContext`] gives a view nothing else.
    const INPUTS: &'static [Input];

    /// Every file of this kind.
    fn items<'s>(from: &From<'s>) -> Vec<Self::Item<'s>>;
    /// Which commune, procedure or page an item is, for its [`INPUTS`](PageKind::INPUTS).
    fn subject<'a>(item: &'a Self::Item<'_>) -> Subject<'a>;
    /// Where its file goes.
    fn route<'a>(item: &'a Self::Item<'_>) -> Route<'a>;
    /// Its bytes.
    fn render(cx: &RenderContext, item: &Self::Item<'_>) -> Result<Vec<u8>, Diagnostic>;
    /// Writes its bytes to `out` (for [`STREAMED`](PageKind::STREAMED) kinds).
    fn stream(
        cx: &RenderContext,
        item: &Self::Item<'_>,
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        let bytes = Self::render(cx, item).map_err(|d| std::io::Error::other(d.to_string()))?;
        out.write_all(&bytes)
    }
}

/// Every kind, in the order of the plan (and so of the sitemap).
pub const KINDS: &[&dyn Declaration] = &[
    &home::Home,
    &pages::NotFound,
    &pages::SitePage,
    &commune::Commune,
    &statistics::CommuneStatistics,
    &fees::Fees,
    &procedure::Procedure,
    &pages::News,
    &changes::Changes,
    &statistics::Statistics,
    &statistics::Ranking,
    &search::CommuneIndex,
    &search::SiteIndex,
    &fees::FeesCsv,
    &open_data::Data,
    &changes::Feed,
    &statistics::StatisticsData,
    &files::Form,
    &files::Asset,
    &files::Robots,
];

/// The content a file can read. Each kind declares its list; the planner turns it into the
/// file's inputs hash from [`Inputs`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Input {
    /// Theme, interface strings, `site.toml`, the as-of date, the generator's version.
    Global,
    /// The language of the page.
    Language,
    /// The titles of the site's pages: every page's menu.
    Menu,
    /// The subject page's Markdown file (a page of the site, or a commune's news).
    PageFile,
    /// The subject commune's `commune.toml`.
    CommuneFile,
    /// What lists of communes show of the subject commune (name, kind, procedures).
    CommuneListing,
    /// The subject commune's introduction (`intro.md`).
    CommuneIntro,
    /// The titles and dates of the subject commune's news.
    CommuneNews,
    /// The catalogue files of the subject commune's procedures.
    CommuneProcedures,
    /// The subject procedure's catalogue file.
    ProcedureFile,
    /// The subject commune's service-quality figures.
    CommuneStatistics,
    /// What lists of communes show of every commune.
    AllCommunes,
    /// Every catalogue file.
    AllProcedures,
    /// The titles and dates of every commune's news.
    AllNews,
    /// The fee decisions (`fees/`).
    FeeDecisions,
    /// The change log (`changes/`).
    ChangeLog,
    /// The calendars of working days (`calendar/`).
    Calendar,
    /// Every service-quality figure (`statistics/`), and which commune is which unit.
    Statistics,
    /// The file's own bytes (forms, assets): copied when they change.
    OwnBytes,
}

impl Input {
    /// Every input, for tests that edit each in turn.
    pub const ALL: &'static [Input] = &[
        Input::Global,
        Input::Language,
        Input::Menu,
        Input::PageFile,
        Input::CommuneFile,
        Input::CommuneListing,
        Input::CommuneIntro,
        Input::CommuneNews,
        Input::CommuneProcedures,
        Input::ProcedureFile,
        Input::CommuneStatistics,
        Input::AllCommunes,
        Input::AllProcedures,
        Input::AllNews,
        Input::FeeDecisions,
        Input::ChangeLog,
        Input::Calendar,
        Input::Statistics,
        Input::OwnBytes,
    ];
}

/// Which commune, procedure or page one file is about: what its [`Input`]s are read of.
#[derive(Clone, Copy, Default)]
pub struct Subject<'a> {
    pub commune: Option<&'a CommuneView<'a>>,
    pub procedure: Option<&'a str>,
    pub page: Option<&'a Page<'a>>,
    /// For [`Input::OwnBytes`].
    pub bytes: Option<&'a [u8]>,
}

impl<'a> Subject<'a> {
    pub fn site() -> Subject<'a> {
        Subject::default()
    }

    pub fn commune(c: &'a CommuneView<'a>) -> Subject<'a> {
        Subject {
            commune: Some(c),
            ..Subject::default()
        }
    }
}

/// The inputs hash of a file that reads `declared` of `subject`, in language `lang`.
pub fn inputs_hash(declared: &[Input], subject: &Subject, inputs: &Inputs, lang: &str) -> Hash {
    let commune = subject.commune.and_then(|c| inputs.communes.get(c.slug));
    combine(declared.iter().map(|input| {
        match input {
            Input::Global => inputs.global,
            Input::Language => xxh3_128(lang.as_bytes()),
            Input::Menu => inputs.nav,
            Input::PageFile => subject.page.map_or(0, |p| {
                let files = match subject.commune {
                    Some(_) => commune.map(|c| &c.news),
                    None => Some(&inputs.pages),
                };
                files.and_then(|f| f.get(p.slug)).map_or(0, |m| m.full)
            }),
            Input::CommuneFile => commune.map_or(0, |c| c.file),
            Input::CommuneListing => commune.map_or(0, |c| c.listing),
            Input::CommuneIntro => commune.map_or(0, |c| c.intro),
            Input::CommuneNews => commune.map_or(0, |c| c.news_meta),
            Input::CommuneProcedures => commune.map_or(0, |c| c.procedures),
            Input::ProcedureFile => subject
                .procedure
                .and_then(|code| inputs.procedures.get(code).copied())
                .unwrap_or(0),
            Input::CommuneStatistics => subject
                .commune
                .and_then(|c| inputs.commune_statistics.get(c.slug).copied())
                .unwrap_or(0),
            Input::AllCommunes => inputs.all_communes,
            Input::AllProcedures => inputs.all_procedures,
            Input::AllNews => inputs.all_news_meta,
            Input::FeeDecisions => inputs.fees,
            Input::ChangeLog => inputs.changes,
            Input::Calendar => inputs.calendar,
            Input::Statistics => inputs.statistics,
            Input::OwnBytes => subject.bytes.map_or(0, xxh3_128),
        }
    }))
}

/// A [`PageKind`] as [`KINDS`] lists it (kinds differ in their item types; this is what the
/// planner asks all of them): its name, what it reads, and its files in one language.
pub trait Declaration: Sync {
    fn name(&self) -> &'static str;
    fn per_language(&self) -> bool;
    fn inputs(&self) -> &'static [Input];
    /// Its files in language `lang` (index into the site's languages).
    fn files<'s>(&self, from: &From<'s>, inputs: &Inputs, lang: usize) -> Box<dyn Files<'s> + 's>;
}

/// One kind's files in one language.
pub trait Files<'s>: Sync {
    fn kind(&self) -> &'static str;
    fn lang(&self) -> usize;
    fn count(&self) -> usize;
    fn page(&self) -> bool;
    fn listed(&self) -> bool;
    fn streamed(&self) -> bool;
    fn inputs(&self, n: usize) -> Hash;
    fn route(&self, n: usize) -> Route<'_>;
    fn render(&self, cx: &RenderContext, n: usize) -> Result<Vec<u8>, Diagnostic>;
    fn stream(
        &self,
        cx: &RenderContext,
        n: usize,
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()>;
}

struct Planned<'s, K: PageKind> {
    lang: usize,
    items: Vec<(K::Item<'s>, Hash)>,
}

impl<K: PageKind + 'static> Declaration for K {
    fn name(&self) -> &'static str {
        K::NAME
    }

    fn per_language(&self) -> bool {
        K::PER_LANGUAGE
    }

    fn inputs(&self) -> &'static [Input] {
        K::INPUTS
    }

    fn files<'s>(&self, from: &From<'s>, inputs: &Inputs, lang: usize) -> Box<dyn Files<'s> + 's> {
        let name = from
            .site
            .config
            .languages
            .get(lang)
            .map_or("", String::as_str);
        let items = K::items(from)
            .into_iter()
            .map(|item| {
                let hash = inputs_hash(K::INPUTS, &K::subject(&item), inputs, name);
                (item, hash)
            })
            .collect();
        Box::new(Planned::<K> { lang, items })
    }
}

impl<'s, K: PageKind + 'static> Files<'s> for Planned<'s, K> {
    fn kind(&self) -> &'static str {
        K::NAME
    }
    fn lang(&self) -> usize {
        self.lang
    }
    fn count(&self) -> usize {
        self.items.len()
    }
    fn page(&self) -> bool {
        K::PAGE
    }
    fn listed(&self) -> bool {
        K::PAGE || K::LISTED
    }
    fn streamed(&self) -> bool {
        K::STREAMED
    }
    fn inputs(&self, n: usize) -> Hash {
        self.items[n].1
    }
    fn route(&self, n: usize) -> Route<'_> {
        K::route(&self.items[n].0)
    }
    fn render(&self, cx: &RenderContext, n: usize) -> Result<Vec<u8>, Diagnostic> {
        K::render(cx, &self.items[n].0)
    }
    fn stream(
        &self,
        cx: &RenderContext,
        n: usize,
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        K::stream(cx, &self.items[n].0, out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_inputs_are_listed() {
        // Exhaustive: a new input does not compile here until it is counted.
        let position = |i: Input| match i {
            Input::Global => 0,
            Input::Language => 1,
            Input::Menu => 2,
            Input::PageFile => 3,
            Input::CommuneFile => 4,
            Input::CommuneListing => 5,
            Input::CommuneIntro => 6,
            Input::CommuneNews => 7,
            Input::CommuneProcedures => 8,
            Input::ProcedureFile => 9,
            Input::CommuneStatistics => 10,
            Input::AllCommunes => 11,
            Input::AllProcedures => 12,
            Input::AllNews => 13,
            Input::FeeDecisions => 14,
            Input::ChangeLog => 15,
            Input::Calendar => 16,
            Input::Statistics => 17,
            Input::OwnBytes => 18,
        };
        for (n, i) in Input::ALL.iter().enumerate() {
            assert_eq!(position(*i), n, "{i:?}");
        }
        assert_eq!(Input::ALL.len(), 19);
    }

    #[test]
    fn every_kind_has_a_unique_name_and_reads_the_global_inputs() {
        let mut names: Vec<&str> = KINDS.iter().map(|k| k.name()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), KINDS.len());
        for k in KINDS {
            let inputs = k.inputs();
            assert!(
                inputs.contains(&Input::Global) || inputs == [Input::OwnBytes],
                "{} does not read the theme and site.toml",
                k.name()
            );
        }
    }
}
