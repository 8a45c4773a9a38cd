//! Stage 4: the resolved site, through the theme's Tera templates, into output files.
//!
//! What files there are is declared in [`kinds`] (one module per kind of page or file: its
//! items, the content it reads, its route, its typed view); `plan` lists them and runs them
//! over all cores, streaming each to the writer; their paths and URLs come from
//! [`crate::routes`]. Templates receive ready-to-print strings: every formatting rule lives in
//! [`present`], the parts several views share in `views`. Render reads no file.

mod changes;
mod charts;
mod checklist;
mod csv;
mod jsonld;
pub mod kinds;
mod open_data;
mod plan;
pub mod present;
mod search_index;
mod stats_data;
mod stats_views;
mod summary;
mod template_error;
mod views;

pub use plan::{Plan, RunStats};

use crate::diag::{Diagnostic, Diagnostics, Sources};
use crate::i18n::{I18n, Translations};
use crate::resolve::{CommuneView, Site};
use crate::routes::{Route, Urls};
use crate::theme::Theme;
use serde::Serialize;

use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use tera::Tera;

/// One file of the built site, `path` relative to the output folder with `/` separators.
pub struct Output {
    pub path: String,
    pub bytes: Vec<u8>,
}

pub struct Renderer<'a> {
    /// The templates of each language, with its interface strings already written in: a
    /// page's context then carries only its data.
    teras: BTreeMap<String, Tera>,
    /// Some template reads `t` other than as `{{ t.key }}`: pass the strings in the context.
    needs_t: bool,
    translations: &'a Translations,
    /// Theme static file name -> URL of its hashed copy.
    assets: BTreeMap<String, String>,
    asset_files: Vec<Output>,
    urls: Urls,
    /// The theme's templates as written, to name the file of a template error.
    templates: template_error::Templates,
}

/// Text and attribute values in HTML, SVG and XML (the feeds, the sitemap): the five
/// characters markup needs escaped, and no control character (XML 1.0 has no way to write
/// one; validation refuses them in content, this keeps any other source out too). Tera's
/// default escaper also escapes `/`, which makes every URL and fee ("đ/trang") in the output
/// unreadable to people and to grep.
pub(crate) fn escape_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + input.len() / 8);
    for c in input.chars() {
        match c {
            c if c.is_control() && c != '\n' && c != '\t' => {}
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Writes each `{{ t.key }}` of a template as the (escaped) string of that language.
fn substitute_strings(template: &str, i: &I18n) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(at) = rest.find("{{ t.") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 5..];
        match after.find(" }}") {
            Some(end)
                if after[..end]
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_') =>
            {
                out.push_str(&escape_html(i.text(&after[..end])));
                rest = &after[end + 3..];
            }
            _ => {
                out.push_str("{{ t.");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn short_hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest[..5].iter().map(|b| format!("{b:02x}")).collect()
}

impl<'a> Renderer<'a> {
    pub fn new(
        theme: &Theme,
        translations: &'a Translations,
        languages: &[String],
        base_url: &str,
        sources: &mut Sources,
    ) -> Result<Renderer<'a>, Diagnostics> {
        let mut templates = Vec::new();
        let names: Vec<String> = theme
            .under("templates")
            .map(|(n, _)| n.to_string())
            .collect();
        let mut errors = Diagnostics::default();
        let mut written = template_error::Templates::default();
        for name in names {
            match theme.text(&format!("templates/{name}"), sources) {
                Ok((text, id)) => {
                    written.add(&name, sources.path(id).to_path_buf(), &text);
                    templates.push((name, text));
                }
                Err(d) => errors.push(d),
            }
        }
        let mut teras = BTreeMap::new();
        let mut needs_t = false;
        for lang in languages {
            let i = translations.get(lang);
            let mut tera = Tera::default();
            tera.autoescape_on(vec![".html", ".xml"]);
            tera.set_escape_fn(escape_html);
            let localized: Vec<(String, String)> = templates
                .iter()
                .map(|(name, text)| (name.clone(), substitute_strings(text, &i)))
                .collect();
            needs_t |= localized
                .iter()
                .any(|(_, t)| t.contains(" t.") || t.contains("(t."));
            if let Err(e) = tera.add_raw_templates(localized) {
                // Parsed again as written, for the line and column in the file.
                let e = Tera::default()
                    .add_raw_templates(written.raw())
                    .err()
                    .unwrap_or(e);
                errors.push(written.error(&e, None));
                break;
            }
            teras.insert(lang.clone(), tera);
        }
        let urls = Urls::new(base_url, languages);
        let mut assets = BTreeMap::new();
        let mut asset_files = Vec::new();
        let widget = crate::theme::widget_files()
            .iter()
            .map(|(name, bytes)| (format!("widget/{name}"), *bytes));
        let statics = theme
            .under("static")
            .map(|(name, f)| (name.to_string(), f.bytes.as_slice()));
        for (name, bytes) in statics.chain(widget) {
            let file = name.rsplit('/').next().unwrap_or(&name);
            let hashed = match file.rsplit_once('.') {
                Some((stem, ext)) => format!("{stem}.{}.{ext}", short_hash(bytes)),
                None => format!("{file}.{}", short_hash(bytes)),
            };
            assets.insert(name.clone(), urls.url(0, &Route::Asset(&hashed)));
            asset_files.push(Output {
                path: hashed,
                bytes: bytes.to_vec(),
            });
        }
        errors.into_result(Renderer {
            teras,
            needs_t,
            translations,
            assets,
            asset_files,
            urls,
            templates: written,
        })
    }
}

/// What every view needs: the site, the language, the file being made, and URLs.
pub struct RenderContext<'r, 's> {
    r: &'r Renderer<'r>,
    pub site: &'s Site<'s>,
    pub i: I18n<'r>,
    /// The language's index in the site's languages.
    lang: usize,
    /// The file being made.
    here: Route<'r>,
}

impl RenderContext<'_, '_> {
    /// The site-relative URL of `route` in the current language (or the shared file).
    pub fn url(&self, route: Route) -> String {
        self.r.urls.url(self.lang, &route)
    }

    /// [`RenderContext::url`] with a `#fragment`.
    pub fn url_at(&self, route: Route, fragment: &str) -> String {
        self.r.urls.url_at(self.lang, &route, fragment)
    }

    /// The absolute URL of `route` in the current language.
    pub fn absolute(&self, route: Route) -> String {
        self.r.urls.absolute(self.lang, &route)
    }

    /// [`RenderContext::absolute`] with a `#fragment`.
    pub fn absolute_at(&self, route: Route, fragment: &str) -> String {
        self.r.urls.absolute_at(self.lang, &route, fragment)
    }

    /// Where a form is downloaded from: its link, or its copy under `forms/`.
    pub fn form_url(&self, f: &catalog::Form) -> String {
        match (&f.url, &f.file) {
            (Some(u), _) => u.clone(),
            (None, Some(file)) => self.url(Route::Form(file)),
            (None, None) => String::new(),
        }
    }

    pub fn commune_kind(&self, c: &CommuneView) -> String {
        self.i
            .text(&format!("kind_{}", c.commune.kind.key()))
            .to_string()
    }

    /// The page being made, through `template`, with `view` as its context beside what every
    /// page shows (the site, the menu, the languages).
    fn html(&self, template: &str, view: &impl Serialize) -> Result<Vec<u8>, Diagnostic> {
        let site = self.site;
        let urls = &self.r.urls;
        let alternates: Vec<Alternate> = site
            .config
            .languages
            .iter()
            .enumerate()
            .map(|(li, lang)| Alternate {
                lang,
                name: self.r.translations.get(lang).text("language_name"),
                url: urls.url(li, &self.here),
                // hreflang links must be absolute.
                absolute: urls.absolute(li, &self.here),
                current: lang == self.i.lang,
            })
            .collect();
        let nav: Vec<Link> = site
            .pages
            .iter()
            .map(|p| Link {
                title: &p.meta.title,
                url: self.url(Route::Page(p.slug)),
            })
            .collect();
        let context = PageContext {
            lang: self.i.lang,
            t: self.r.needs_t.then(|| self.i.all()),
            site: SiteHead {
                name: &site.config.name,
                description: &site.config.description,
                demo: site.config.demo,
                publisher: &site.config.publisher,
            },
            home_url: self.url(Route::Home),
            assets: &self.r.assets,
            alternates,
            nav,
            canonical: self.absolute(self.here),
            as_of: present::date(site.as_of, &self.i),
            page: view,
        };
        let context = tera::Context::from_serialize(&context)
            .map_err(|e| self.r.templates.error(&e, Some(template)))?;
        let tera = self.r.teras.get(self.i.lang).ok_or_else(|| {
            Diagnostic::error(format!("no templates for language {}", self.i.lang))
        })?;
        tera.render(template, &context)
            .map(String::into_bytes)
            .map_err(|e| self.r.templates.error(&e, Some(template)))
    }
}

/// What every page's template receives, beside its own view (whose fields win on a clash).
#[derive(Serialize)]
struct PageContext<'a, V: Serialize> {
    lang: &'a str,
    t: Option<BTreeMap<&'a str, &'a str>>,
    site: SiteHead<'a>,
    home_url: String,
    assets: &'a BTreeMap<String, String>,
    alternates: Vec<Alternate<'a>>,
    nav: Vec<Link<'a>>,
    canonical: String,
    as_of: String,
    #[serde(flatten)]
    page: &'a V,
}

#[derive(Serialize)]
struct SiteHead<'a> {
    name: &'a str,
    description: &'a Option<String>,
    demo: bool,
    publisher: &'a Option<String>,
}

/// The same page in one of the site's languages.
#[derive(Serialize)]
struct Alternate<'a> {
    lang: &'a str,
    name: &'a str,
    url: String,
    absolute: String,
    current: bool,
}

/// A titled link.
#[derive(Serialize)]
pub(crate) struct Link<'a> {
    pub title: &'a str,
    pub url: String,
}
