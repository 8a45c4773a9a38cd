//! The generator's own files: `site.toml` and Markdown front matter. (Procedures, fees,
//! calendars and communes are domain data and live in `catalog`.)

use catalog::Date;
use serde::Deserialize;

/// `content/site.toml`.
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    pub base_url: String,
    /// Interface languages; the first is the default and is served at the root.
    #[serde(default = "default_languages")]
    pub languages: Vec<String>,
    #[serde(default = "default_theme")]
    pub theme: String,
    /// The national public-service portal, for "apply online" links.
    #[serde(default = "default_portal")]
    pub portal_url: String,
    /// Shows a banner on every page saying the site holds example data.
    #[serde(default)]
    pub demo: bool,
    /// Who runs the site, for the footer and the help contact.
    #[serde(default)]
    pub publisher: Option<String>,
}

fn default_languages() -> Vec<String> {
    vec!["vi".into(), "en".into()]
}

fn default_theme() -> String {
    "default".into()
}

fn default_portal() -> String {
    "https://dichvucong.gov.vn".into()
}

/// TOML front matter of a Markdown page, between `+++` lines.
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PageMeta {
    pub title: String,
    #[serde(default)]
    pub date: Option<Date>,
    #[serde(default)]
    pub summary: Option<String>,
    /// Order in menus (smaller first); pages without it sort by title.
    #[serde(default)]
    pub weight: Option<i32>,
}
