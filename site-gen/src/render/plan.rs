//! The files of a site as jobs, each with the hash of the inputs it is made from, and their
//! parallel run: render (or reuse), then stream to the writer. Which files there are is the
//! page kinds' business ([`super::kinds`]); the plan only orders them, and lists the pages in
//! the sitemap, which is made last because it is the plan's own index.

use super::kinds::{Files, From, KINDS};
use super::{escape_html, RenderContext, Renderer};
use crate::deps::{combine, Hash, Inputs};
use crate::diag::{Diagnostic, Diagnostics};
use crate::progress::Progress;
use crate::resolve::Site;
use crate::routes::Route;
use crate::write::Writer;
use rayon::prelude::*;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use xxhash_rust::xxh3::xxh3_128;

/// The site's files, in a fixed order: each kind's, language by language, then the sitemap.
pub struct Plan<'s> {
    groups: Vec<Box<dyn Files<'s> + 's>>,
    /// The first job number of each group.
    starts: Vec<usize>,
    /// The sitemap's files (`None`: `sitemap.xml`), after the groups' jobs.
    sitemaps: Vec<(Option<usize>, Hash)>,
    /// The jobs that the sitemap lists, in job order.
    listed: Vec<u32>,
}

/// One job: a file of a group, or of the sitemap.
enum Job<'p, 's> {
    File(&'p dyn Files<'s>, usize),
    Sitemap(Option<usize>, Hash),
}

impl<'s> Plan<'s> {
    /// Every file of the site, each with the hash of the inputs it is made from.
    pub fn new(site: &'s Site<'s>, r: &'s Renderer, inputs: &Inputs) -> Plan<'s> {
        let from = From {
            site,
            assets: &r.asset_files,
        };
        let mut groups = Vec::new();
        for lang in 0..site.config.languages.len() {
            for kind in KINDS.iter().filter(|k| k.per_language()) {
                groups.push(kind.files(&from, inputs, lang));
            }
        }
        for kind in KINDS.iter().filter(|k| !k.per_language()) {
            groups.push(kind.files(&from, inputs, 0));
        }
        let mut starts = Vec::with_capacity(groups.len());
        let mut total = 0;
        for g in &groups {
            starts.push(total);
            total += g.count();
        }
        let mut plan = Plan {
            groups,
            starts,
            sitemaps: Vec::new(),
            listed: Vec::new(),
        };
        plan.listed = (0..total)
            .filter(|&n| matches!(plan.job(n), Job::File(g, i) if g.listed() && !is_not_found(g.route(i))))
            .map(|n| n as u32)
            .collect();
        let mut path = String::new();
        let chunks: Vec<Hash> = plan
            .listed
            .chunks(SITEMAP_LIMIT)
            .map(|c| {
                combine(c.iter().map(|&n| {
                    r.path(&plan, n as usize, &mut path);
                    xxh3_128(path.as_bytes())
                }))
            })
            .collect();
        if chunks.len() > 1 {
            for (n, h) in chunks.iter().enumerate() {
                plan.sitemaps.push((Some(n), combine([inputs.global, *h])));
            }
        }
        let all = combine([inputs.global, combine(chunks.iter().copied())]);
        plan.sitemaps.push((None, all));
        plan
    }

    /// How many files.
    pub fn len(&self) -> usize {
        self.starts
            .last()
            .map_or(0, |s| s + self.groups.last().map_or(0, |g| g.count()))
            + self.sitemaps.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many of them are HTML pages.
    pub fn pages(&self) -> usize {
        self.groups
            .iter()
            .filter(|g| g.page())
            .map(|g| g.count())
            .sum()
    }

    fn job(&self, n: usize) -> Job<'_, 's> {
        let files: usize = self.len() - self.sitemaps.len();
        if n >= files {
            let (part, hash) = self.sitemaps[n - files];
            return Job::Sitemap(part, hash);
        }
        let g = self.starts.partition_point(|&s| s <= n) - 1;
        Job::File(self.groups[g].as_ref(), n - self.starts[g])
    }

    fn inputs(&self, n: usize) -> Hash {
        match self.job(n) {
            Job::File(g, i) => g.inputs(i),
            Job::Sitemap(_, h) => h,
        }
    }
}

fn is_not_found(route: Route) -> bool {
    matches!(route, Route::NotFound)
}

impl Renderer<'_> {
    /// Writes the output path of job `n` (relative to the output folder, `/` separators)
    /// into `out`. Jobs keep no paths: a national site has two million.
    pub fn path(&self, plan: &Plan, n: usize, out: &mut String) {
        match plan.job(n) {
            Job::File(g, i) => self.urls.write_path(g.lang(), &g.route(i), out),
            Job::Sitemap(part, _) => self.urls.write_path(0, &Route::Sitemap(part), out),
        }
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
        (0..plan.len())
            .into_par_iter()
            .for_each_init(String::new, |path, n| {
                progress.tick();
                self.path(plan, n, path);
                let inputs = plan.inputs(n);
                if writer.reuse(n, path, inputs) {
                    return;
                }
                let start = Instant::now();
                let result = match plan.job(n) {
                    Job::File(g, i) => {
                        let route = g.route(i);
                        let cx = RenderContext {
                            r: self,
                            site,
                            i: self.translations.get(&site.config.languages[g.lang()]),
                            lang: g.lang(),
                            here: route,
                        };
                        if g.streamed() {
                            let r = writer.put_streamed(n, path, inputs, |w| g.stream(&cx, i, w));
                            render_ns
                                .fetch_add(start.elapsed().as_nanos() as u64, Ordering::Relaxed);
                            r
                        } else {
                            let bytes = match g.render(&cx, i) {
                                Ok(b) => b,
                                Err(d) => return push(d),
                            };
                            let rendered_at = Instant::now();
                            render_ns.fetch_add(
                                (rendered_at - start).as_nanos() as u64,
                                Ordering::Relaxed,
                            );
                            let r = writer.put(n, path, inputs, &bytes);
                            write_ns.fetch_add(
                                rendered_at.elapsed().as_nanos() as u64,
                                Ordering::Relaxed,
                            );
                            r
                        }
                    }
                    Job::Sitemap(part, _) => {
                        let bytes = self.sitemap(plan, part).into_bytes();
                        writer.put(n, path, inputs, &bytes)
                    }
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

    /// `sitemap.xml`, or for a larger site its part `chunk`, or (`None` with more than one
    /// part) the index of the parts.
    fn sitemap(&self, plan: &Plan, chunk: Option<usize>) -> String {
        let parts = plan.listed.len().div_ceil(SITEMAP_LIMIT).max(1);
        let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        if chunk.is_none() && parts > 1 {
            s.push_str("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
            for n in 0..parts {
                let loc = self.urls.absolute(0, &Route::Sitemap(Some(n)));
                s.push_str(&format!(
                    "  <sitemap><loc>{}</loc></sitemap>\n",
                    escape_html(&loc)
                ));
            }
            s.push_str("</sitemapindex>\n");
            return s;
        }
        let part = plan
            .listed
            .chunks(SITEMAP_LIMIT)
            .nth(chunk.unwrap_or(0))
            .unwrap_or(&[]);
        s.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        for &n in part {
            if let Job::File(g, i) = plan.job(n as usize) {
                let loc = self.urls.absolute(g.lang(), &g.route(i));
                s.push_str(&format!("  <url><loc>{}</loc></url>\n", escape_html(&loc)));
            }
        }
        s.push_str("</urlset>\n");
        s
    }
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
