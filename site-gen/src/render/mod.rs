//! Stage 4: the resolved site, through the theme's Tera templates, into output files in memory.
//! Templates receive ready-to-print strings; every formatting rule lives in `present`.

mod csv;
mod jsonld;
pub mod present;
mod search_index;
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
    tera: Tera,
    translations: &'a Translations,
    /// Theme static file name -> URL of its hashed copy.
    assets: BTreeMap<String, String>,
    asset_files: Vec<Output>,
    base_path: String,
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

fn short_hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest[..5].iter().map(|b| format!("{b:02x}")).collect()
}

impl<'a> Renderer<'a> {
    pub fn new(
        theme: &Theme,
        translations: &'a Translations,
        base_url: &str,
        sources: &mut Sources,
    ) -> Result<Renderer<'a>, Diagnostics> {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(escape_html);
        let mut templates = Vec::new();
        let names: Vec<String> = theme
            .under("templates")
            .map(|(n, _)| n.to_string())
            .collect();
        let mut errors = Diagnostics::default();
        for name in names {
            match theme.text(&format!("templates/{name}"), sources) {
                Ok((text, _)) => templates.push((name, text)),
                Err(d) => errors.push(d),
            }
        }
        if let Err(e) = tera.add_raw_templates(templates) {
            errors.push(template_error(&e));
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
            tera,
            translations,
            assets,
            asset_files,
            base_path,
        })
    }

    /// Every file of the site, in a deterministic order.
    pub fn render(self, site: &Site) -> Result<Vec<Output>, Diagnostics> {
        let mut out = Vec::new();
        let mut indexes = Vec::new();
        let mut errors = Diagnostics::default();
        let langs = &site.config.languages;
        for (li, lang) in langs.iter().enumerate() {
            let i = self.translations.get(lang);
            let prefix = if li == 0 {
                String::new()
            } else {
                format!("{lang}/")
            };
            let cx = Cx {
                r: &self,
                site,
                i,
                prefix: &prefix,
            };
            let mut emit = |rel: &str, template: &str, ctx: Value| {
                let path = if rel.ends_with(".html") {
                    format!("{prefix}{rel}")
                } else {
                    format!("{prefix}{rel}index.html")
                };
                match cx.page(template, rel, ctx) {
                    Ok(html) => out.push(Output {
                        path,
                        bytes: html.into_bytes(),
                    }),
                    Err(d) => errors.push(d),
                }
            };
            emit("", "home.html", views::home(&cx));
            indexes.push(Output {
                path: format!("{prefix}search/{}.bin", search_index::SITE),
                bytes: search_index::site(&cx).encode(),
            });
            emit(
                "404.html",
                "404.html",
                json!({ "title": i.t("not_found_title") }),
            );
            for page in &site.pages {
                let rel = format!("trang/{}/", page.slug);
                emit(&rel, "page.html", views::page(&cx, page, None));
            }
            for c in &site.communes {
                emit(
                    &format!("{}/", c.slug),
                    "commune.html",
                    views::commune(&cx, c),
                );
                indexes.push(Output {
                    path: format!("{prefix}search/{}.bin", c.slug),
                    bytes: search_index::commune(&cx, c).encode(),
                });
                emit(
                    &format!("{}/phi-le-phi/", c.slug),
                    "fees.html",
                    views::fees(&cx, c),
                );
                for p in &c.procedures {
                    let rel = format!("{}/thu-tuc/{}/", c.slug, p.procedure.code);
                    emit(&rel, "procedure.html", views::procedure(&cx, c, p));
                }
                for n in &c.news {
                    let rel = format!("{}/tin-tuc/{}/", c.slug, n.slug);
                    emit(&rel, "page.html", views::page(&cx, n, Some(c)));
                }
            }
        }
        out.extend(indexes);
        let i = self.translations.get(&langs[0]);
        for c in &site.communes {
            out.push(Output {
                path: format!("{}/phi-le-phi/phi-le-phi.csv", c.slug),
                bytes: csv::fee_schedule(c, &i).into_bytes(),
            });
        }
        for form in site.forms {
            match std::fs::read(site.root.join("forms").join(form)) {
                Ok(bytes) => out.push(Output {
                    path: format!("forms/{}", form.to_string_lossy().replace('\\', "/")),
                    bytes,
                }),
                Err(e) => errors.push(Diagnostic::error(format!("cannot read this form: {e}"))),
            }
        }
        out.push(Output {
            path: "sitemap.xml".into(),
            bytes: sitemap(site, &out).into_bytes(),
        });
        out.push(Output {
            path: "robots.txt".into(),
            bytes: format!(
                "User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n",
                absolute_base(site)
            )
            .into_bytes(),
        });
        out.extend(self.asset_files);
        out.sort_by(|a, b| a.path.cmp(&b.path));
        errors.into_result(out)
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

fn sitemap(site: &Site, out: &[Output]) -> String {
    let base = absolute_base(site);
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for o in out.iter().filter(|o| o.path.ends_with("index.html")) {
        let rel = o.path.trim_end_matches("index.html");
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

fn template_error(e: &tera::Error) -> Diagnostic {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    Diagnostic::error(format!("template error: {msg}")).help(
        "the theme's templates are Tera (https://keats.github.io/tera/); check the named template",
    )
}

/// What every view needs: the site, the language and URL helpers.
pub struct Cx<'r, 's> {
    r: &'r Renderer<'r>,
    pub site: &'s Site<'s>,
    pub i: I18n<'r>,
    prefix: &'r str,
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
            "t": self.i.all(),
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
        let context = tera::Context::from_value(ctx).map_err(|e| template_error(&e))?;
        self.r
            .tera
            .render(template, &context)
            .map_err(|e| template_error(&e).label(template.to_string()))
    }
}
