//! The files of a site as jobs, each with the hash of the inputs it is made from, and their
//! parallel run: render (or reuse), then stream to the writer.

use super::open_data::{self, Format as DataFormat};
use super::{
    absolute_base, changes, csv, search_index, stats_data, stats_views, views, Cx, Renderer,
};
use crate::deps::{combine, CommuneInputs, Hash, Inputs};
use crate::diag::{Diagnostic, Diagnostics};
use crate::progress::Progress;
use crate::resolve::{CommuneView, Page, Resolved, Site};
use crate::write::Writer;
use rayon::prelude::*;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use xxhash_rust::xxh3::xxh3_128;

impl Renderer<'_> {
    /// Every file of the site, each with the hash of the inputs it is made from.
    pub fn jobs<'s>(&self, site: &'s Site<'s>, inputs: &Inputs) -> Plan<'s> {
        let mut jobs = Vec::new();
        let none = CommuneInputs {
            file: 0,
            listing: 0,
            intro: 0,
            news: Default::default(),
            news_meta: 0,
            procedures: 0,
        };
        for (li, lang) in site.config.languages.iter().enumerate() {
            let lang_hash = xxh3_128(lang.as_bytes());
            let base = combine([inputs.global, inputs.nav, lang_hash]);
            let mut push = |kind: Kind<'s>, inputs: Hash| {
                jobs.push(Job {
                    lang: li,
                    kind,
                    inputs,
                })
            };
            push(
                Kind::Home,
                combine([
                    base,
                    inputs.all_communes,
                    inputs.all_procedures,
                    inputs.fees,
                    inputs.all_news_meta,
                    inputs.statistics,
                ]),
            );
            push(Kind::NotFound, base);
            for page in &site.pages {
                let full = inputs.pages.get(page.slug).map_or(0, |m| m.full);
                push(Kind::Page(page), combine([base, full]));
            }
            for c in &site.communes {
                let ci = inputs.communes.get(c.slug).unwrap_or(&none);
                let own_stats = inputs.commune_statistics.get(c.slug).copied().unwrap_or(0);
                push(
                    Kind::Commune(c),
                    combine([
                        base,
                        ci.file,
                        ci.intro,
                        ci.news_meta,
                        ci.procedures,
                        inputs.fees,
                        own_stats,
                    ]),
                );
                if has_statistics(site, c) {
                    push(Kind::CommuneStats(c), combine([base, ci.file, own_stats]));
                }
                push(
                    Kind::Fees(c),
                    combine([base, ci.file, ci.procedures, inputs.fees]),
                );
                for r in &c.procedures {
                    let own = inputs
                        .procedures
                        .get(&r.procedure.code)
                        .copied()
                        .unwrap_or(0);
                    push(
                        Kind::Procedure(c, r),
                        combine([base, ci.file, own, inputs.fees]),
                    );
                }
                for n in &c.news {
                    let full = ci.news.get(n.slug).map_or(0, |m| m.full);
                    push(Kind::News(c, n), combine([base, ci.file, full]));
                }
                push(
                    Kind::Changes(Some(c)),
                    combine([base, ci.file, ci.procedures, inputs.changes]),
                );
            }
            push(Kind::Changes(None), combine([base, inputs.changes]));
            if !site.statistics.periods.is_empty() {
                let stats = combine([base, inputs.statistics]);
                push(Kind::StatsHome, stats);
                for (province, level, key) in stats_views::rankings(&site.statistics) {
                    push(Kind::Ranking(province, level, key), stats);
                }
            }
            for c in &site.communes {
                let ci = inputs.communes.get(c.slug).unwrap_or(&none);
                push(
                    Kind::CommuneIndex(c),
                    combine([
                        inputs.global,
                        lang_hash,
                        ci.listing,
                        ci.procedures,
                        inputs.fees,
                        inputs.calendar,
                    ]),
                );
            }
            push(
                Kind::SiteIndex,
                combine([
                    inputs.global,
                    lang_hash,
                    inputs.all_communes,
                    inputs.all_procedures,
                    inputs.fees,
                    inputs.calendar,
                ]),
            );
        }
        let mut push = |kind: Kind<'s>, inputs: Hash| {
            jobs.push(Job {
                lang: 0,
                kind,
                inputs,
            })
        };
        for c in &site.communes {
            let ci = inputs.communes.get(c.slug).unwrap_or(&none);
            push(
                Kind::Csv(c),
                combine([inputs.global, ci.file, ci.procedures, inputs.fees]),
            );
            for f in [DataFormat::Json, DataFormat::JsonLd] {
                push(
                    Kind::Data(Some(c), f),
                    combine([inputs.global, ci.file, ci.procedures, inputs.fees]),
                );
            }
        }
        for f in [DataFormat::Json, DataFormat::JsonLd] {
            // The catalogue as defined and each desk's codes: no fee decisions.
            let site = combine([inputs.global, inputs.all_communes, inputs.all_procedures]);
            push(Kind::Data(None, f), site);
        }
        for c in site.communes.iter().map(Some).chain([None]) {
            let file = c.map_or(0, |c| inputs.communes.get(c.slug).unwrap_or(&none).file);
            push(
                Kind::Feed(c),
                combine([inputs.global, inputs.nav, file, inputs.changes]),
            );
        }
        if !site.statistics.periods.is_empty() {
            let stats = combine([inputs.global, inputs.statistics]);
            push(Kind::StatsCsv, stats);
            push(Kind::StatsJson, stats);
        }
        for form in site.forms {
            // Always copied; the content hash decides whether it is written.
            push(Kind::Form(form), NEVER_REUSED);
        }
        for (n, asset) in self.asset_files.iter().enumerate() {
            push(Kind::Asset(n), xxh3_128(&asset.bytes));
        }
        let mut plan = Plan {
            prefixes: site
                .config
                .languages
                .iter()
                .enumerate()
                .map(|(li, l)| {
                    if li == 0 {
                        String::new()
                    } else {
                        format!("{l}/")
                    }
                })
                .collect(),
            pages: (0..jobs.len())
                .filter(|&n| jobs[n].in_sitemap())
                .map(|n| n as u32)
                .collect(),
            jobs,
        };
        let mut path = String::new();
        let chunks: Vec<Hash> = plan
            .pages
            .chunks(SITEMAP_LIMIT)
            .map(|c| {
                combine(c.iter().map(|&n| {
                    self.path(&plan, n as usize, &mut path);
                    xxh3_128(path.as_bytes())
                }))
            })
            .collect();
        let all = combine([inputs.global, combine(chunks.iter().copied())]);
        let mut push = |kind: Kind<'s>, inputs: Hash| {
            plan.jobs.push(Job {
                lang: 0,
                kind,
                inputs,
            })
        };
        if chunks.len() > 1 {
            for (n, h) in chunks.iter().enumerate() {
                push(Kind::Sitemap(Some(n)), combine([inputs.global, *h]));
            }
        }
        push(Kind::Sitemap(None), all);
        let robots = format!(
            "User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n",
            absolute_base(site)
        );
        push(Kind::Robots(robots.clone()), xxh3_128(robots.as_bytes()));
        plan
    }

    /// Writes the output path of job `n` (relative to the output folder, `/` separators)
    /// into `out`. Jobs keep no paths: a national site has two million.
    pub fn path(&self, plan: &Plan, n: usize, out: &mut String) {
        use std::fmt::Write as _;
        let job = &plan.jobs[n];
        out.clear();
        out.push_str(&plan.prefixes[job.lang]);
        // Writing to a String cannot fail.
        let _ = match &job.kind {
            Kind::Home => write!(out, "index.html"),
            Kind::NotFound => write!(out, "404.html"),
            Kind::Page(p) => write!(out, "trang/{}/index.html", p.slug),
            Kind::Commune(c) => write!(out, "{}/index.html", c.slug),
            Kind::Fees(c) => write!(out, "{}/phi-le-phi/index.html", c.slug),
            Kind::Procedure(c, r) => {
                write!(out, "{}/thu-tuc/{}/index.html", c.slug, r.procedure.code)
            }
            Kind::News(c, p) => write!(out, "{}/tin-tuc/{}/index.html", c.slug, p.slug),
            Kind::CommuneStats(c) => write!(out, "{}/{}/index.html", c.slug, stats_views::ROOT),
            Kind::StatsHome => write!(out, "{}/index.html", stats_views::ROOT),
            Kind::Ranking(p, l, k) => {
                write!(out, "{}index.html", stats_views::ranking_path(p, *l, *k))
            }
            Kind::StatsCsv => write!(out, "{}/thong-ke.csv", stats_views::ROOT),
            Kind::StatsJson => write!(out, "{}/thong-ke.json", stats_views::ROOT),
            Kind::CommuneIndex(c) => write!(out, "search/{}.bin", c.slug),
            Kind::SiteIndex => write!(out, "search/{}.bin", search_index::SITE),
            Kind::Csv(c) => write!(out, "{}/phi-le-phi/phi-le-phi.csv", c.slug),
            Kind::Data(Some(c), f) => write!(out, "{}/{}", c.slug, f.file()),
            Kind::Data(None, f) => write!(out, "{}", f.file()),
            Kind::Form(form) => write!(out, "forms/{}", form.to_string_lossy().replace('\\', "/")),
            Kind::Asset(a) => write!(out, "{}", self.asset_files[*a].path),
            Kind::Robots(_) => write!(out, "robots.txt"),
            Kind::Changes(Some(c)) => write!(out, "{}/thay-doi/index.html", c.slug),
            Kind::Changes(None) => write!(out, "thay-doi/index.html"),
            Kind::Feed(c) => write!(out, "{}", changes::feed_path(*c)),
            Kind::Sitemap(Some(part)) => write!(out, "sitemap-{}.xml", part + 1),
            Kind::Sitemap(None) => write!(out, "sitemap.xml"),
        };
    }

    /// Renders the jobs over all cores, streaming each file to `writer`. Jobs whose inputs
    /// did not change since the last build are skipped.
    pub fn run(
        &self,
        site: &Site,
        plan: &Plan,
        writer: &Writer,
        progress: &Progress,
    ) -> Result<RunStats, Diagnostics> {
        let errors = Mutex::new(Diagnostics::default());
        let render_ns = AtomicU64::new(0);
        let write_ns = AtomicU64::new(0);
        let rendered = AtomicU64::new(0);
        let push = |d: Diagnostic| {
            if let Ok(mut e) = errors.lock() {
                e.push(d);
            }
        };
        plan.jobs
            .par_iter()
            .enumerate()
            .for_each_init(String::new, |path, (n, job)| {
                progress.tick();
                self.path(plan, n, path);
                if writer.reuse(n, path, job.inputs) {
                    return;
                }
                let start = Instant::now();
                let prefix = &plan.prefixes[job.lang];
                let cx = Cx {
                    r: self,
                    site,
                    i: self.translations.get(&site.config.languages[job.lang]),
                    prefix,
                };
                let result = if let Kind::SiteIndex = job.kind {
                    // Streamed to the writer: the largest single file (national scale: every
                    // procedure once, with its thousands of communes, a few MB).
                    let r =
                        writer.put_streamed(n, path, job.inputs, |w| search_index::site(&cx, w));
                    render_ns.fetch_add(start.elapsed().as_nanos() as u64, Ordering::Relaxed);
                    r
                } else {
                    // The page's address relative to its language's root.
                    let rel = path.strip_prefix(prefix.as_str()).unwrap_or(path);
                    let rel = rel.strip_suffix("index.html").unwrap_or(rel);
                    let bytes = match self.produce(&cx, job, rel, plan) {
                        Ok(b) => b,
                        Err(d) => return push(d),
                    };
                    let rendered_at = Instant::now();
                    render_ns.fetch_add((rendered_at - start).as_nanos() as u64, Ordering::Relaxed);
                    let r = writer.put(n, path, job.inputs, &bytes);
                    write_ns.fetch_add(rendered_at.elapsed().as_nanos() as u64, Ordering::Relaxed);
                    r
                };
                rendered.fetch_add(1, Ordering::Relaxed);
                if let Err(e) = result {
                    push(
                        Diagnostic::error(format!("cannot write {path}: {e}")).help(
                            "check that the output folder's disk is not full and is writable",
                        ),
                    );
                }
            });
        let errors = errors.into_inner().unwrap_or_default();
        errors.into_result(RunStats {
            rendered: rendered.into_inner() as usize,
            render_cpu: Duration::from_nanos(render_ns.into_inner()),
            write_cpu: Duration::from_nanos(write_ns.into_inner()),
        })
    }

    /// The bytes of one file; `rel` is a page's address relative to its language's root.
    fn produce(&self, cx: &Cx, job: &Job, rel: &str, plan: &Plan) -> Result<Vec<u8>, Diagnostic> {
        let html = |template: &str, ctx: Value| cx.page(template, rel, ctx).map(String::into_bytes);
        match &job.kind {
            Kind::Home => html("home.html", views::home(cx)),
            Kind::NotFound => html("404.html", json!({ "title": cx.i.t("not_found_title") })),
            Kind::Page(p) => html("page.html", views::page(cx, p, None)),
            Kind::Commune(c) => html("commune.html", views::commune(cx, c)),
            Kind::Fees(c) => html("fees.html", views::fees(cx, c)),
            Kind::Procedure(c, r) => html("procedure.html", views::procedure(cx, c, r)),
            Kind::News(c, n) => html("page.html", views::page(cx, n, Some(c))),
            Kind::CommuneStats(c) => html("commune_stats.html", stats_views::commune_page(cx, c)),
            Kind::StatsHome => html("stats.html", stats_views::home(cx)),
            Kind::Ranking(p, l, k) => html("ranking.html", stats_views::ranking(cx, p, *l, *k)),
            Kind::StatsCsv => Ok(stats_data::csv(&cx.site.statistics).into_bytes()),
            Kind::StatsJson => Ok(stats_data::json(&cx.site.statistics).into_bytes()),
            Kind::CommuneIndex(c) => Ok(search_index::commune(cx, c).encode()),
            Kind::SiteIndex => {
                // `run` streams it to the output instead.
                let mut out = Vec::new();
                search_index::site(cx, &mut out)
                    .map(|()| out)
                    .map_err(|e| Diagnostic::error(format!("cannot encode the site index: {e}")))
            }
            Kind::Csv(c) => Ok(csv::fee_schedule(c, &cx.i).into_bytes()),
            Kind::Data(Some(c), DataFormat::Json) => Ok(open_data::commune_json(cx, c)),
            Kind::Data(Some(c), DataFormat::JsonLd) => Ok(open_data::commune_jsonld(cx, c)),
            Kind::Data(None, DataFormat::Json) => Ok(open_data::site_json(cx)),
            Kind::Data(None, DataFormat::JsonLd) => Ok(open_data::site_jsonld(cx)),
            // Checked by `load`; checked again, in case it changed since.
            Kind::Form(form) => {
                let rel = std::path::Path::new("forms").join(form);
                crate::confined::read_inside(cx.site.root, &rel, crate::confined::MAX_FILE_BYTES)
                    .map_err(|r| r.diagnostic(&cx.site.root.join(&rel), "content"))
            }
            Kind::Asset(n) => Ok(self.asset_files[*n].bytes.clone()),
            Kind::Robots(t) => Ok(t.clone().into_bytes()),
            Kind::Changes(c) => html("changes.html", changes::page(cx, *c)),
            Kind::Feed(c) => Ok(changes::feed(cx, *c).into_bytes()),
            Kind::Sitemap(chunk) => Ok(self.sitemap(cx.site, plan, *chunk).into_bytes()),
        }
    }
}

/// Whether a commune's page links to its own statistics page.
fn has_statistics(site: &Site, c: &CommuneView) -> bool {
    c.commune
        .portal_unit
        .as_deref()
        .is_some_and(|u| !site.statistics.history(u).is_empty())
}

/// An inputs hash that no build records, so the job always runs.
const NEVER_REUSED: Hash = 0;

/// The site's files, in a fixed order.
pub struct Plan<'s> {
    pub jobs: Vec<Job<'s>>,
    /// Each language's path prefix: none for the first, `en/` for English.
    prefixes: Vec<String>,
    /// The jobs that the sitemap lists, in job order.
    pages: Vec<u32>,
}

/// One file to produce.
pub struct Job<'s> {
    lang: usize,
    kind: Kind<'s>,
    pub inputs: Hash,
}

impl Job<'_> {
    pub fn is_html(&self) -> bool {
        matches!(
            self.kind,
            Kind::Home
                | Kind::NotFound
                | Kind::Page(_)
                | Kind::Commune(_)
                | Kind::Fees(_)
                | Kind::Procedure(..)
                | Kind::News(..)
                | Kind::Changes(_)
                | Kind::CommuneStats(_)
                | Kind::StatsHome
                | Kind::Ranking(..)
        )
    }

    /// The pages, and the open-data files that catalogues of datasets look for.
    fn in_sitemap(&self) -> bool {
        !matches!(self.kind, Kind::NotFound) && self.is_html()
            || matches!(self.kind, Kind::Data(..))
    }
}

enum Kind<'s> {
    Home,
    NotFound,
    Page(&'s Page<'s>),
    Commune(&'s CommuneView<'s>),
    Fees(&'s CommuneView<'s>),
    Procedure(&'s CommuneView<'s>, &'s Resolved<'s>),
    News(&'s CommuneView<'s>, &'s Page<'s>),
    /// A commune's service-quality figures, `<commune>/thong-ke/`.
    CommuneStats(&'s CommuneView<'s>),
    /// Every province's figures and rankings, `thong-ke/`.
    StatsHome,
    Ranking(
        &'s str,
        catalog::stats::UnitLevel,
        crate::statistics::RankKey,
    ),
    StatsCsv,
    StatsJson,
    CommuneIndex(&'s CommuneView<'s>),
    SiteIndex,
    Csv(&'s CommuneView<'s>),
    /// Open data: a commune's catalogue, or (`None`) the site's.
    Data(Option<&'s CommuneView<'s>>, DataFormat),
    Form(&'s std::path::Path),
    Asset(usize),
    Robots(String),
    /// "Thay đổi gần đây" of a commune, or of the whole site.
    Changes(Option<&'s CommuneView<'s>>),
    /// Its Atom feed.
    Feed(Option<&'s CommuneView<'s>>),
    /// `sitemap.xml` (`None`: the only one, or the index of the parts), or part N.
    Sitemap(Option<usize>),
}

/// What `run` did.
#[derive(Debug, Default, Clone, Copy)]
pub struct RunStats {
    pub rendered: usize,
    /// Time spent rendering and writing, summed over threads.
    pub render_cpu: Duration,
    pub write_cpu: Duration,
}

/// The sitemaps protocol allows 50,000 addresses per file.
const SITEMAP_LIMIT: usize = 50_000;

impl Renderer<'_> {
    /// `sitemap.xml`, or for a larger site its part `chunk`, or (`None` with more than one
    /// part) the index of the parts.
    fn sitemap(&self, site: &Site, plan: &Plan, chunk: Option<usize>) -> String {
        let base = xml_escape(&absolute_base(site));
        let parts = plan.pages.len().div_ceil(SITEMAP_LIMIT).max(1);
        let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        if chunk.is_none() && parts > 1 {
            s.push_str("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
            for n in 1..=parts {
                s.push_str(&format!(
                    "  <sitemap><loc>{base}sitemap-{n}.xml</loc></sitemap>\n"
                ));
            }
            s.push_str("</sitemapindex>\n");
            return s;
        }
        let part = plan
            .pages
            .chunks(SITEMAP_LIMIT)
            .nth(chunk.unwrap_or(0))
            .unwrap_or(&[]);
        s.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        let mut path = String::new();
        for &n in part {
            self.path(plan, n as usize, &mut path);
            let rel = path.trim_end_matches("index.html");
            s.push_str(&format!(
                "  <url><loc>{base}{}</loc></url>\n",
                xml_escape(rel)
            ));
        }
        s.push_str("</urlset>\n");
        s
    }
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}
