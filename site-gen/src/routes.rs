//! Every output path and every URL of a site, in one place: the page kinds, the search
//! indexes, JSON-LD, the open-data files, the feeds and the sitemap all ask here, so an address
//! cannot be spelled two ways, and a new folder at the output's root cannot clash with a
//! commune's folder without [`ROOT_FOLDERS`] saying so.
//!
//! A [`Route`] names one file. Pages are folders with an `index.html` (their address ends with
//! `/`); the first language sits at the root, each other language under `<lang>/`. Files that
//! are the same in every language (forms, assets, open data, feeds, the sitemap) exist once.

use crate::statistics::RankKey;
use catalog::stats::UnitLevel;
use std::fmt::Write as _;

/// The folders this module puts at the output's root, beside the communes' folders (a commune
/// cannot be called after one of them: see [`crate::output_names`]).
pub const ROOT_FOLDERS: &[&str] = &[
    ASSETS, DATA, FORMS, SEARCH, CHANGES, STATISTICS, PAGES, WIDGET,
];

const ASSETS: &str = "assets";
const DATA: &str = "du-lieu";
const FORMS: &str = "forms";
const SEARCH: &str = "search";
const CHANGES: &str = "thay-doi";
const STATISTICS: &str = "thong-ke";
const PAGES: &str = "trang";
/// The widget's files are hashed into `assets/`; the name stays reserved for old links.
const WIDGET: &str = "widget";

/// The file a page's folder holds (hosts serve it for the folder's address).
pub const INDEX_FILE: &str = "index.html";

/// The name of a theme or widget file in the output, if `rel` (relative to the output) is
/// one: `assets/style.3f2a9c1b0d.css` → `style.3f2a9c1b0d.css`.
pub fn asset_name(rel: &str) -> Option<&str> {
    rel.strip_prefix(ASSETS)?.strip_prefix('/')
}

/// The file name of the portal's search index (a commune's is named after its slug).
const SITE_INDEX: &str = "_all";

/// One file of the site.
#[derive(Clone, Copy, Debug)]
pub enum Route<'a> {
    Home,
    NotFound,
    /// A page of `content/pages/`, by slug.
    Page(&'a str),
    /// A commune's home, by slug.
    Commune(&'a str),
    /// A commune's fee schedule.
    Fees(&'a str),
    /// Its fee schedule as CSV.
    FeesCsv(&'a str),
    /// A procedure's page at a commune: commune slug, procedure code.
    Procedure(&'a str, &'a str),
    /// A commune's news item: commune slug, news slug.
    News(&'a str, &'a str),
    /// "Thay đổi gần đây" of a commune, or (`None`) of the site.
    Changes(Option<&'a str>),
    /// Its Atom feed.
    Feed(Option<&'a str>),
    /// A commune's service-quality figures.
    CommuneStatistics(&'a str),
    /// Every province's figures and rankings.
    Statistics,
    /// One ranking: province code, level, measure.
    Ranking(&'a str, UnitLevel, RankKey),
    StatisticsCsv,
    StatisticsJson,
    /// A commune's search index, or (`None`) the portal's.
    SearchIndex(Option<&'a str>),
    /// Open data: a commune's catalogue or (`None`) the site's, as JSON or as JSON-LD.
    Data(Option<&'a str>, DataFormat),
    /// A form, by its path under `content/forms/`.
    Form(&'a str),
    /// A theme or widget file, by its hashed name.
    Asset(&'a str),
    Robots,
    /// The namespace of motcua's own terms in JSON-LD (`motcua:`): an address, not a file.
    Vocabulary,
    /// `sitemap.xml` (`None`), or its part N (from 0) when the site has more than one.
    Sitemap(Option<usize>),
}

/// The two open-data formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DataFormat {
    /// The project's own JSON.
    Json,
    /// JSON-LD (CPSV-AP and schema.org).
    JsonLd,
}

impl Route<'_> {
    /// Whether the file exists once per language, under the language's prefix.
    pub fn per_language(&self) -> bool {
        !matches!(
            self,
            Route::FeesCsv(_)
                | Route::Feed(_)
                | Route::StatisticsCsv
                | Route::StatisticsJson
                | Route::Data(..)
                | Route::Form(_)
                | Route::Asset(_)
                | Route::Robots
                | Route::Vocabulary
                | Route::Sitemap(_)
        )
    }

    /// Appends the file's path relative to its language's root (`/`-separated).
    pub fn write_file(&self, out: &mut String) {
        let start = out.len();
        self.write_address(out);
        if out.len() == start || out.ends_with('/') {
            out.push_str(INDEX_FILE);
        }
    }

    /// Appends the file's address relative to its language's root: a page's folder (ending
    /// with `/`, empty for the home page), or the file.
    pub fn write_address(&self, out: &mut String) {
        // Writing to a String cannot fail.
        let _ = match self {
            Route::Home => Ok(()),
            Route::NotFound => write!(out, "404.html"),
            Route::Page(slug) => write!(out, "{PAGES}/{slug}/"),
            Route::Commune(c) => write!(out, "{c}/"),
            Route::Fees(c) => write!(out, "{c}/phi-le-phi/"),
            Route::FeesCsv(c) => write!(out, "{c}/phi-le-phi/phi-le-phi.csv"),
            Route::Procedure(c, code) => write!(out, "{c}/thu-tuc/{code}/"),
            Route::News(c, slug) => write!(out, "{c}/tin-tuc/{slug}/"),
            Route::Changes(c) => write!(out, "{}{CHANGES}/", in_commune(*c)),
            Route::Feed(c) => write!(out, "{}{CHANGES}/atom.xml", in_commune(*c)),
            Route::CommuneStatistics(c) => write!(out, "{c}/{STATISTICS}/"),
            Route::Statistics => write!(out, "{STATISTICS}/"),
            Route::Ranking(province, level, key) => write!(
                out,
                "{STATISTICS}/{}/{}/{}/",
                province.to_lowercase(),
                level_slug(*level),
                key.slug()
            ),
            Route::StatisticsCsv => write!(out, "{STATISTICS}/thong-ke.csv"),
            Route::StatisticsJson => write!(out, "{STATISTICS}/thong-ke.json"),
            Route::SearchIndex(c) => write!(out, "{SEARCH}/{}.bin", c.unwrap_or(SITE_INDEX)),
            Route::Data(c, DataFormat::Json) => {
                write!(out, "{}{DATA}/thu-tuc.json", in_commune(*c))
            }
            Route::Data(c, DataFormat::JsonLd) => {
                write!(out, "{}{DATA}/thu-tuc.jsonld", in_commune(*c))
            }
            Route::Form(path) => write!(out, "{FORMS}/{path}"),
            Route::Asset(name) => write!(out, "{ASSETS}/{name}"),
            Route::Robots => write!(out, "robots.txt"),
            Route::Vocabulary => write!(out, "{DATA}/tu-vung"),
            Route::Sitemap(None) => write!(out, "sitemap.xml"),
            Route::Sitemap(Some(part)) => write!(out, "sitemap-{}.xml", part + 1),
        };
    }

    /// The address relative to a language's root, as a new string.
    pub fn address(&self) -> String {
        let mut s = String::new();
        self.write_address(&mut s);
        s
    }

    /// A procedure's page relative to its commune's page: the portal's index names each
    /// procedure once and the widget puts the commune a visitor picks in front.
    pub fn procedure_in_commune(code: &str) -> String {
        let mut s = Route::Procedure("", code).address();
        s.remove(0);
        s
    }
}

fn in_commune(c: Option<&str>) -> String {
    c.map_or(String::new(), |c| format!("{c}/"))
}

/// The level's part of a ranking's address.
pub fn level_slug(level: UnitLevel) -> &'static str {
    match level {
        UnitLevel::Commune => "xa",
        UnitLevel::Agency => "co-quan",
        UnitLevel::Province => "tinh",
    }
}

/// How the site's addresses begin: its path on the host (from `base_url`), the absolute
/// `base_url`, and each language's prefix (none for the first, `en/` for English).
#[derive(Clone, Debug)]
pub struct Urls {
    base_path: String,
    absolute: String,
    prefixes: Vec<String>,
}

impl Urls {
    pub fn new(base_url: &str, languages: &[String]) -> Urls {
        let absolute = if base_url.ends_with('/') {
            base_url.to_string()
        } else {
            format!("{base_url}/")
        };
        let after_scheme = absolute.split_once("://").map_or(&*absolute, |(_, r)| r);
        let base_path = after_scheme
            .find('/')
            .map_or("/".to_string(), |i| after_scheme[i..].to_string());
        let prefixes = languages
            .iter()
            .enumerate()
            .map(|(n, l)| {
                if n == 0 {
                    String::new()
                } else {
                    format!("{l}/")
                }
            })
            .collect();
        Urls {
            base_path,
            absolute,
            prefixes,
        }
    }

    /// `lang`'s prefix for files that exist per language; none for shared files.
    fn prefix(&self, lang: usize, route: &Route) -> &str {
        if route.per_language() {
            self.prefixes.get(lang).map_or("", String::as_str)
        } else {
            ""
        }
    }

    /// Writes the output path of `route` in language `lang` (relative to the output folder).
    pub fn write_path(&self, lang: usize, route: &Route, out: &mut String) {
        out.clear();
        out.push_str(self.prefix(lang, route));
        route.write_file(out);
    }

    /// The site-relative URL (`/motcua/en/xa-a/`) of `route` in language `lang`.
    pub fn url(&self, lang: usize, route: &Route) -> String {
        let mut s = format!("{}{}", self.base_path, self.prefix(lang, route));
        route.write_address(&mut s);
        s
    }

    /// [`Urls::url`] with a `#fragment`.
    pub fn url_at(&self, lang: usize, route: &Route, fragment: &str) -> String {
        format!("{}#{fragment}", self.url(lang, route))
    }

    /// The absolute URL (`https://x.vn/motcua/en/xa-a/`): canonical links, hreflang, feeds,
    /// the sitemap, open data.
    pub fn absolute(&self, lang: usize, route: &Route) -> String {
        let mut s = format!("{}{}", self.absolute, self.prefix(lang, route));
        route.write_address(&mut s);
        s
    }

    /// [`Urls::absolute`] with a `#fragment`.
    pub fn absolute_at(&self, lang: usize, route: &Route, fragment: &str) -> String {
        format!("{}#{fragment}", self.absolute(lang, route))
    }

    /// The site's absolute root (`base_url` ending with `/`).
    pub fn root(&self) -> &str {
        &self.absolute
    }
}

/// A procedure on the national portal: its page when the record gives its portal id, else
/// the portal's home.
pub fn portal_procedure(portal_url: &str, portal_id: Option<&str>) -> String {
    match portal_id {
        Some(id) => format!(
            "{}/thu-tuc-hanh-chinh/{id}",
            portal_url.trim_end_matches('/')
        ),
        None => portal_url.trim_end_matches('/').to_string(),
    }
}

/// A point on OpenStreetMap.
pub fn map(lat: f64, lon: f64) -> String {
    format!("https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_folders_and_languages_are_prefixes() {
        let urls = Urls::new("https://x.vn/motcua", &["vi".into(), "en".into()]);
        let mut p = String::new();
        urls.write_path(1, &Route::Procedure("xa-a", "1.001193"), &mut p);
        assert_eq!(p, "en/xa-a/thu-tuc/1.001193/index.html");
        urls.write_path(1, &Route::FeesCsv("xa-a"), &mut p);
        assert_eq!(p, "xa-a/phi-le-phi/phi-le-phi.csv");
        urls.write_path(0, &Route::Home, &mut p);
        assert_eq!(p, "index.html");
        assert_eq!(urls.url(1, &Route::Home), "/motcua/en/");
        assert_eq!(
            urls.absolute(0, &Route::Changes(None)),
            "https://x.vn/motcua/thay-doi/"
        );
        assert_eq!(Route::procedure_in_commune("1.001193"), "thu-tuc/1.001193/");
    }

    #[test]
    fn the_portal_link_has_one_form() {
        let portal = "https://dichvucong.gov.vn/";
        assert_eq!(
            portal_procedure(portal, Some("123")),
            "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/123"
        );
        assert_eq!(portal_procedure(portal, None), "https://dichvucong.gov.vn");
    }

    /// No output path or URL is spelled outside this module: every source file of the crate
    /// is read, and a string literal naming one of the site's folders or files outside a
    /// comment or a test module is an error. (Content paths in messages start `content/`.)
    #[test]
    fn no_output_path_is_spelled_outside_routes() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let spelled = [
            "thu-tuc/",
            "phi-le-phi",
            "tin-tuc/",
            "thay-doi",
            "thong-ke/",
            "thong-ke.",
            "search/",
            "forms/",
            "assets/",
            "index.html",
            "du-lieu",
            "sitemap.xml",
            "sitemap-",
            ".bin\"",
            "trang/",
            "atom.xml",
            "robots.txt",
            "thu-tuc-hanh-chinh",
            "openstreetmap",
        ];
        let mut found = Vec::new();
        let mut stack = vec![src.clone()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).expect("src") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                if path.ends_with("routes.rs") || path.extension().is_none_or(|e| e != "rs") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).expect("source");
                let code = text.split("#[cfg(test)]").next().unwrap_or("");
                for (n, line) in code.lines().enumerate() {
                    if line.trim_start().starts_with("//") {
                        continue;
                    }
                    let literals = line.split('"').skip(1).step_by(2);
                    for lit in literals {
                        let lit = format!("{lit}\"");
                        if !lit.starts_with("content/")
                            && !lit.contains("content/")
                            && spelled.iter().any(|s| lit.contains(s))
                        {
                            found.push(format!("{}:{}: {lit}", path.display(), n + 1));
                        }
                    }
                }
            }
        }
        assert!(found.is_empty(), "use crate::routes:\n{}", found.join("\n"));
    }
}
