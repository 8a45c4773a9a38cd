//! The files of a site as jobs, each with the hash of the inputs it is made from, and their
//! parallel run: render (or reuse), then stream to the writer.

use super::{absolute_base, csv, search_index, views, Cx, Renderer};
use crate::deps::{combine, CommuneInputs, Hash, Inputs};
use crate::diag::{Diagnostic, Diagnostics};
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
    pub fn jobs<'s>(&self, site: &'s Site<'s>, inputs: &Inputs) -> Vec<Job<'s>> {
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
            let prefix = if li == 0 {
                String::new()
            } else {
                format!("{lang}/")
            };
            let lang_hash = xxh3_128(lang.as_bytes());
            let base = combine([inputs.global, inputs.nav, lang_hash]);
            let mut html = |rel: &str, kind: Kind<'s>, deps: Hash| {
                let file = if rel.ends_with(".html") {
                    rel.to_string()
                } else {
                    format!("{rel}index.html")
                };
                jobs.push(Job {
                    lang: li,
                    path: format!("{prefix}{file}"),
                    kind,
                    inputs: deps,
                });
            };
            html(
                "",
                Kind::Home,
                combine([
                    base,
                    inputs.all_communes,
                    inputs.all_procedures,
                    inputs.fees,
                    inputs.all_news_meta,
                ]),
            );
            html("404.html", Kind::NotFound, base);
            for page in &site.pages {
                let full = inputs.pages.get(page.slug).map_or(0, |m| m.full);
                html(
                    &format!("trang/{}/", page.slug),
                    Kind::Page(page),
                    combine([base, full]),
                );
            }
            for c in &site.communes {
                let ci = inputs.communes.get(c.slug).unwrap_or(&none);
                html(
                    &format!("{}/", c.slug),
                    Kind::Commune(c),
                    combine([
                        base,
                        ci.file,
                        ci.intro,
                        ci.news_meta,
                        ci.procedures,
                        inputs.fees,
                    ]),
                );
                html(
                    &format!("{}/phi-le-phi/", c.slug),
                    Kind::Fees(c),
                    combine([base, ci.file, ci.procedures, inputs.fees]),
                );
                for r in &c.procedures {
                    let own = inputs
                        .procedures
                        .get(&r.procedure.code)
                        .copied()
                        .unwrap_or(0);
                    html(
                        &format!("{}/thu-tuc/{}/", c.slug, r.procedure.code),
                        Kind::Procedure(c, r),
                        combine([base, ci.file, own, inputs.fees]),
                    );
                }
                for n in &c.news {
                    let full = ci.news.get(n.slug).map_or(0, |m| m.full);
                    html(
                        &format!("{}/tin-tuc/{}/", c.slug, n.slug),
                        Kind::News(c, n),
                        combine([base, ci.file, full]),
                    );
                }
            }
            for c in &site.communes {
                let ci = inputs.communes.get(c.slug).unwrap_or(&none);
                jobs.push(Job {
                    lang: li,
                    path: format!("{prefix}search/{}.bin", c.slug),
                    kind: Kind::CommuneIndex(c),
                    inputs: combine([
                        inputs.global,
                        lang_hash,
                        ci.listing,
                        ci.procedures,
                        inputs.fees,
                        inputs.calendar,
                    ]),
                });
            }
            jobs.push(Job {
                lang: li,
                path: format!("{prefix}search/{}.bin", search_index::SITE),
                kind: Kind::SiteIndex,
                inputs: combine([
                    inputs.global,
                    lang_hash,
                    inputs.all_communes,
                    inputs.all_procedures,
                    inputs.fees,
                    inputs.calendar,
                ]),
            });
        }
        for c in &site.communes {
            let ci = inputs.communes.get(c.slug).unwrap_or(&none);
            jobs.push(Job {
                lang: 0,
                path: format!("{}/phi-le-phi/phi-le-phi.csv", c.slug),
                kind: Kind::Csv(c),
                inputs: combine([inputs.global, ci.file, ci.procedures, inputs.fees]),
            });
        }
        for form in site.forms {
            jobs.push(Job {
                lang: 0,
                path: format!("forms/{}", form.to_string_lossy().replace('\\', "/")),
                kind: Kind::Form(form),
                // Always copied; the content hash decides whether it is written.
                inputs: NEVER_REUSED,
            });
        }
        for (n, asset) in self.asset_files.iter().enumerate() {
            jobs.push(Job {
                lang: 0,
                path: asset.path.clone(),
                kind: Kind::Asset(n),
                inputs: xxh3_128(&asset.bytes),
            });
        }
        let pages = page_paths(&jobs);
        let chunks: Vec<Hash> = pages
            .chunks(SITEMAP_LIMIT)
            .map(|c| combine(c.iter().map(|p| xxh3_128(p.as_bytes()))))
            .collect();
        let all = combine([inputs.global, combine(chunks.iter().copied())]);
        if chunks.len() > 1 {
            for (n, h) in chunks.iter().enumerate() {
                jobs.push(Job {
                    lang: 0,
                    path: format!("sitemap-{}.xml", n + 1),
                    inputs: combine([inputs.global, *h]),
                    kind: Kind::Sitemap(Some(n)),
                });
            }
        }
        jobs.push(Job {
            lang: 0,
            path: "sitemap.xml".into(),
            inputs: all,
            kind: Kind::Sitemap(None),
        });
        let robots = format!(
            "User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n",
            absolute_base(site)
        );
        jobs.push(Job {
            lang: 0,
            path: "robots.txt".into(),
            inputs: xxh3_128(robots.as_bytes()),
            kind: Kind::Text(robots),
        });
        jobs
    }

    /// Renders the jobs over all cores, streaming each file to `writer`. Jobs whose inputs
    /// did not change since the last build are skipped.
    pub fn run(&self, site: &Site, jobs: &[Job], writer: &Writer) -> Result<RunStats, Diagnostics> {
        let errors = Mutex::new(Diagnostics::default());
        let render_ns = AtomicU64::new(0);
        let write_ns = AtomicU64::new(0);
        let rendered = AtomicU64::new(0);
        let pages = page_paths(jobs);
        let prefixes: Vec<String> = site
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
            .collect();
        let push = |d: Diagnostic| {
            if let Ok(mut e) = errors.lock() {
                e.push(d);
            }
        };
        jobs.par_iter().enumerate().for_each(|(n, job)| {
            if writer.reuse(n, &job.path, job.inputs) {
                return;
            }
            let start = Instant::now();
            let cx = Cx {
                r: self,
                site,
                i: self.translations.get(&site.config.languages[job.lang]),
                prefix: &prefixes[job.lang],
            };
            let result = if let Kind::SiteIndex = job.kind {
                // The one file too large to hold in memory: national scale, some 400 MB.
                let r =
                    writer.put_streamed(n, &job.path, job.inputs, |w| search_index::site(&cx, w));
                render_ns.fetch_add(start.elapsed().as_nanos() as u64, Ordering::Relaxed);
                r
            } else {
                let bytes = match self.produce(&cx, job, &pages) {
                    Ok(b) => b,
                    Err(d) => return push(d),
                };
                let rendered_at = Instant::now();
                render_ns.fetch_add((rendered_at - start).as_nanos() as u64, Ordering::Relaxed);
                let r = writer.put(n, &job.path, job.inputs, &bytes);
                write_ns.fetch_add(rendered_at.elapsed().as_nanos() as u64, Ordering::Relaxed);
                r
            };
            rendered.fetch_add(1, Ordering::Relaxed);
            if let Err(e) = result {
                push(
                    Diagnostic::error(format!("cannot write {}: {e}", job.path))
                        .help("check that the output folder's disk is not full and is writable"),
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

    fn produce(&self, cx: &Cx, job: &Job, pages: &[&str]) -> Result<Vec<u8>, Diagnostic> {
        // The page's address relative to its language's root.
        let rel = job.path.strip_prefix(cx.prefix).unwrap_or(&job.path);
        let rel = rel.strip_suffix("index.html").unwrap_or(rel);
        let html = |template: &str, ctx: Value| cx.page(template, rel, ctx).map(String::into_bytes);
        match &job.kind {
            Kind::Home => html("home.html", views::home(cx)),
            Kind::NotFound => html("404.html", json!({ "title": cx.i.t("not_found_title") })),
            Kind::Page(p) => html("page.html", views::page(cx, p, None)),
            Kind::Commune(c) => html("commune.html", views::commune(cx, c)),
            Kind::Fees(c) => html("fees.html", views::fees(cx, c)),
            Kind::Procedure(c, r) => html("procedure.html", views::procedure(cx, c, r)),
            Kind::News(c, n) => html("page.html", views::page(cx, n, Some(c))),
            Kind::CommuneIndex(c) => Ok(search_index::commune(cx, c).encode()),
            Kind::SiteIndex => {
                // `run` streams it to the output instead.
                let mut out = Vec::new();
                search_index::site(cx, &mut out)
                    .map(|()| out)
                    .map_err(|e| Diagnostic::error(format!("cannot encode the site index: {e}")))
            }
            Kind::Csv(c) => Ok(csv::fee_schedule(c, &cx.i).into_bytes()),
            Kind::Form(form) => std::fs::read(cx.site.root.join("forms").join(form)).map_err(|e| {
                Diagnostic::error(format!("cannot read this form: {e}"))
                    .in_file(&cx.site.root.join("forms").join(form))
            }),
            Kind::Asset(n) => Ok(self.asset_files[*n].bytes.clone()),
            Kind::Text(t) => Ok(t.clone().into_bytes()),
            Kind::Sitemap(chunk) => Ok(sitemap(cx.site, pages, *chunk).into_bytes()),
        }
    }
}

/// An inputs hash that no build records, so the job always runs.
const NEVER_REUSED: Hash = 0;

/// One file to produce.
pub struct Job<'s> {
    lang: usize,
    pub path: String,
    kind: Kind<'s>,
    pub inputs: Hash,
}

enum Kind<'s> {
    Home,
    NotFound,
    Page(&'s Page<'s>),
    Commune(&'s CommuneView<'s>),
    Fees(&'s CommuneView<'s>),
    Procedure(&'s CommuneView<'s>, &'s Resolved<'s>),
    News(&'s CommuneView<'s>, &'s Page<'s>),
    CommuneIndex(&'s CommuneView<'s>),
    SiteIndex,
    Csv(&'s CommuneView<'s>),
    Form(&'s std::path::Path),
    Asset(usize),
    Text(String),
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

/// The HTML pages among the jobs, sorted: what the sitemap lists.
fn page_paths<'j>(jobs: &'j [Job]) -> Vec<&'j str> {
    let mut pages: Vec<&str> = jobs
        .iter()
        .filter(|j| j.path.ends_with("index.html"))
        .map(|j| j.path.as_str())
        .collect();
    pages.sort_unstable();
    pages
}

/// The sitemaps protocol allows 50,000 addresses per file.
const SITEMAP_LIMIT: usize = 50_000;

/// `sitemap.xml`, or for a larger site its part `chunk`, or (`None` with more than one part)
/// the index of the parts.
fn sitemap(site: &Site, pages: &[&str], chunk: Option<usize>) -> String {
    let base = absolute_base(site);
    let parts = pages.len().div_ceil(SITEMAP_LIMIT).max(1);
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
    let part = pages
        .chunks(SITEMAP_LIMIT)
        .nth(chunk.unwrap_or(0))
        .unwrap_or(&[]);
    s.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for path in part {
        let rel = path.trim_end_matches("index.html");
        s.push_str(&format!(
            "  <url><loc>{base}{}</loc></url>\n",
            xml_escape(rel)
        ));
    }
    s.push_str("</urlset>\n");
    s
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
