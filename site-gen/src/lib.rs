//! site-gen: a commune's public-information site from TOML and Markdown.
//!
//! Data flows one way: [`load`] → [`validate`] → [`resolve`] → [`render`] → [`write`]. Each
//! stage takes the previous one's output; nothing later reaches back to read files.

pub mod config;
pub mod diag;
pub mod i18n;
pub mod import;
pub mod load;
pub mod markdown;
pub mod render;
pub mod resolve;
pub mod serve;
pub mod theme;
pub mod validate;
pub mod write;

use catalog::Date;
use diag::{Diagnostics, Sources};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[derive(Clone, Debug)]
pub struct Options {
    pub content: PathBuf,
    pub out: PathBuf,
    /// The day the site describes: which procedures and fees are in force.
    pub as_of: Date,
    /// Replaces site.toml's `base_url` (for previews and `serve`).
    pub base_url: Option<String>,
    /// Where themes live; by default `themes/` beside the content folder.
    pub themes: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy)]
pub struct Report {
    pub pages: usize,
    pub files: usize,
    pub bytes: u64,
    pub procedures: usize,
    pub communes: usize,
    pub elapsed: Duration,
}

/// Today in Việt Nam (UTC+7), the default as-of date.
pub fn today() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    Date::from_days(((secs + 7 * 3600) / 86_400) as i64)
}

fn themes_dir(opts: &Options) -> PathBuf {
    opts.themes.clone().unwrap_or_else(|| {
        let parent = opts.content.parent().unwrap_or(Path::new("."));
        parent.join("themes")
    })
}

struct Prepared {
    validated: validate::Validated,
    theme: theme::Theme,
    translations: i18n::Translations,
    theme_sources: Sources,
}

/// Load and validate: everything `check` does.
fn prepare(opts: &Options) -> Result<Prepared, Diagnostics> {
    let mut content = load::load(&opts.content)?;
    if let Some(url) = &opts.base_url {
        content.site.value.base_url = url.clone();
    }
    let theme = theme::Theme::load(&content.site.value.theme, &themes_dir(opts), &opts.content)?;
    let mut theme_sources = Sources::default();
    let translations = i18n::Translations::load(&theme, &mut theme_sources)?;
    let validated = validate::validate(content, &translations.languages())?;
    Ok(Prepared {
        validated,
        theme,
        translations,
        theme_sources,
    })
}

/// Validates the content without writing anything.
pub fn check(opts: &Options) -> Result<Report, Diagnostics> {
    let start = Instant::now();
    let p = prepare(opts)?;
    let site = resolve::resolve(&p.validated, opts.as_of);
    Ok(Report {
        pages: 0,
        files: 0,
        bytes: 0,
        procedures: p.validated.0.procedures.len(),
        communes: site.communes.len(),
        elapsed: start.elapsed(),
    })
}

/// Builds the site into `opts.out`, replacing it only when every stage succeeded.
pub fn build(opts: &Options) -> Result<Report, Diagnostics> {
    let start = Instant::now();
    let mut p = prepare(opts)?;
    let site = resolve::resolve(&p.validated, opts.as_of);
    let renderer = render::Renderer::new(
        &p.theme,
        &p.translations,
        &site.config.base_url,
        &mut p.theme_sources,
    )?;
    let files = renderer.render(&site)?;
    let pages = files.iter().filter(|f| f.path.ends_with(".html")).count();
    let written = write::write(&opts.out, &files)?;
    Ok(Report {
        pages,
        files: written.files,
        bytes: written.bytes,
        procedures: p.validated.0.procedures.len(),
        communes: site.communes.len(),
        elapsed: start.elapsed(),
    })
}
