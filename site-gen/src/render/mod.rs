//! Stage 4: the resolved site, through the theme's Tera templates, into output files in memory.
//! Templates receive ready-to-print strings; every formatting rule lives in `present`.

mod changes;
mod charts;
mod checklist;
mod csv;
mod jobs;
mod jsonld;
mod open_data;
pub mod present;
mod search_index;
mod stats_data;
mod stats_views;
mod summary;
mod template_error;

pub use jobs::{Job, Plan, RunStats};
mod views;

use crate::diag::{Diagnostic, Diagnostics, Sources};
use crate::i18n::{I18n, Translations};
use crate::resolve::{CommuneView, Site};
use crate::theme::Theme;
use serde_json::{json, Value};
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
    base_path: String,
    /// The theme's templates as written, to name the file of a template error.
    templates: template_error::Templates,
}

/// The URL prefix of the site, from `base_url` (`https://x.vn/motcua/` -> `/motcua/`).
fn base_path(base_url: &str) -> String {
    let after_scheme = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
    if path.ends_with('/') {
        path.to_string()
    } else {
        format!("{path}/")
    }
}

/// Tera's default escaper also escapes `/`, which makes every URL and fee ("đ/trang") in the
/// output unreadable to people and to grep; these five are all HTML needs.
fn escape_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + input.len() / 8);
    for c in input.chars() {
        match c {
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
                out.push_str(&escape_html(i.t(&after[..end])));
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
        let base_path = base_path(base_url);
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
            assets.insert(name.clone(), format!("{base_path}assets/{hashed}"));
            asset_files.push(Output {
                path: format!("assets/{hashed}"),
                bytes: bytes.to_vec(),
            });
        }
        errors.into_result(Renderer {
            teras,
            needs_t,
            translations,
            assets,
            asset_files,
            base_path,
            templates: written,
        })
    }
}

fn absolute_base(site: &Site) -> String {
    let b = &site.config.base_url;
    if b.ends_with('/') {
        b.clone()
    } else {
        format!("{b}/")
    }
}

/// What every view needs: the site, the language and URL helpers.
pub struct Cx<'r, 's> {
    r: &'r Renderer<'r>,
    pub site: &'s Site<'s>,
    pub i: I18n<'r>,
    pub prefix: &'r str,
}

impl Cx<'_, '_> {
    /// The URL of `rel` (relative to a language's root) in the current language.
    pub fn url(&self, rel: &str) -> String {
        format!("{}{}{rel}", self.r.base_path, self.prefix)
    }

    /// The URL of a file shared by all languages (forms, CSV).
    pub fn shared_url(&self, rel: &str) -> String {
        format!("{}{rel}", self.r.base_path)
    }

    /// Where a form is downloaded from: its link, or its copy under `forms/`.
    pub fn form_url(&self, f: &catalog::Form) -> String {
        match (&f.url, &f.file) {
            (Some(u), _) => u.clone(),
            (None, Some(file)) => self.shared_url(&format!("forms/{file}")),
            (None, None) => String::new(),
        }
    }

    pub fn commune_kind(&self, c: &CommuneView) -> String {
        self.i
            .t(&format!("kind_{}", c.commune.kind.key()))
            .to_string()
    }

    fn page(&self, template: &str, rel: &str, mut ctx: Value) -> Result<String, Diagnostic> {
        let site = self.site;
        let langs = &site.config.languages;
        let alternates: Vec<Value> = langs
            .iter()
            .enumerate()
            .map(|(li, lang)| {
                let prefix = if li == 0 {
                    String::new()
                } else {
                    format!("{lang}/")
                };
                json!({
                    "lang": lang,
                    "name": self.r.translations.get(lang).t("language_name"),
                    "url": format!("{}{prefix}{rel}", self.r.base_path),
                    // hreflang links must be absolute.
                    "absolute": format!("{}{prefix}{rel}", absolute_base(site)),
                    "current": lang == self.i.lang,
                })
            })
            .collect();
        let nav: Vec<Value> = site
            .pages
            .iter()
            .map(|p| json!({ "title": p.meta.title, "url": self.url(&format!("trang/{}/", p.slug)) }))
            .collect();
        let base = json!({
            "lang": self.i.lang,
            "t": if self.r.needs_t { json!(self.i.all()) } else { Value::Null },
            "site": {
                "name": site.config.name,
                "description": site.config.description,
                "demo": site.config.demo,
                "publisher": site.config.publisher,
            },
            "home_url": self.url(""),
            "assets": self.r.assets,
            "alternates": alternates,
            "nav": nav,
            "canonical": format!("{}{}{rel}", absolute_base(site), self.prefix),
            "as_of": present::date(site.as_of, &self.i),
        });
        if let (Value::Object(ctx), Value::Object(base)) = (&mut ctx, base) {
            for (k, v) in base {
                ctx.entry(k).or_insert(v);
            }
        }
        let context = tera::Context::from_value(ctx)
            .map_err(|e| self.r.templates.error(&e, Some(template)))?;
        let tera = self.r.teras.get(self.i.lang).ok_or_else(|| {
            Diagnostic::error(format!("no templates for language {}", self.i.lang))
        })?;
        tera.render(template, &context)
            .map_err(|e| self.r.templates.error(&e, Some(template)))
    }
}
