//! site-gen: a commune's public-information site from TOML and Markdown.
//!
//! Data flows one way: [`load`] → [`validate`] → [`resolve`] → [`render`] → [`write`](mod@write). Each
//! stage takes the previous one's output; nothing later reaches back to read files.

pub mod calendar_check;
pub mod calendar_project;
pub mod compress;
pub mod config;
pub mod confined;
pub mod deps;
pub mod diag;
pub mod diag_format;
pub mod i18n;
pub mod import;
pub mod init;
pub mod links;
pub mod load;
pub mod markdown;
pub mod output_names;
pub mod progress;
pub mod render;
pub mod resolve;
pub mod routes;
pub mod schema;
pub mod select;
pub mod serve;
pub mod statistics;
pub mod stats_rules;
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
    /// Which communes to build (`--communes`, `--province`); all by default.
    pub select: select::Selection,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Report {
    /// HTML pages in the output.
    pub pages: usize,
    /// Files in the output.
    pub files: usize,
    /// Files rendered by this build (the others' inputs had not changed).
    pub rendered: usize,
    /// Files written by this build (rendered to new bytes).
    pub written: usize,
    pub removed: usize,
    pub bytes_written: u64,
    pub procedures: usize,
    pub communes: usize,
    pub elapsed: Duration,
    pub phases: Phases,
}

/// Wall time of each stage; `render` and `write` also as time summed over threads, since
/// they run in parallel and interleave.
#[derive(Debug, Clone, Copy, Default)]
pub struct Phases {
    pub load: Duration,
    pub validate: Duration,
    pub resolve: Duration,
    /// Rendering and streaming to the staging folder, wall time.
    pub render: Duration,
    pub render_cpu: Duration,
    pub write_cpu: Duration,
    /// Moving changed files into place.
    pub commit: Duration,
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
    load: Duration,
    validate: Duration,
}

/// Load and validate: everything `check` does.
fn prepare(opts: &Options, cache: &mut load::ParsedFiles) -> Result<Prepared, Diagnostics> {
    let start = Instant::now();
    let mut content = load::load_cached(&opts.content, cache)?;
    if let Some(url) = &opts.base_url {
        content.site.value.base_url = url.clone();
    }
    select::apply(&mut content, &opts.select)?;
    theme::check_name(&content.site, &content.sources)?;
    let theme = theme::Theme::load(&content.site.value.theme, &themes_dir(opts), &opts.content)
        .map_err(|e| theme_errors_at_site_toml(e, &content, opts))?;
    let mut theme_sources = Sources::default();
    let translations = i18n::Translations::load(&theme, &mut theme_sources)?;
    let load = start.elapsed();
    let validated = validate::validate(content, &translations.languages())?;
    Ok(Prepared {
        validated,
        theme,
        translations,
        theme_sources,
        load,
        validate: start.elapsed() - load,
    })
}

/// An error about the theme folder itself (not found, not readable) comes from the `theme`
/// line of site.toml: point there, so that it has a line and column like every other.
fn theme_errors_at_site_toml(
    mut errors: Diagnostics,
    content: &load::Content,
    opts: &Options,
) -> Diagnostics {
    let folder = themes_dir(opts).join(&content.site.value.theme);
    for d in &mut errors.0 {
        if d.line.is_none() && d.file.as_deref() == Some(folder.as_path()) {
            let span = content.site.span(&content.sources, "theme");
            *d = d
                .clone()
                .at(&content.sources, content.site.file, span)
                .label(format!("looked for {}", folder.display()));
        }
    }
    errors
}

/// Validates the content without writing anything.
pub fn check(opts: &Options) -> Result<Report, Diagnostics> {
    check_with_warnings(opts).map(|(report, _)| report)
}

/// [`check`], with the warnings that do not stop a build (see [`calendar_check`]).
pub fn check_with_warnings(opts: &Options) -> Result<(Report, Diagnostics), Diagnostics> {
    let start = Instant::now();
    let p = prepare(opts, &mut load::ParsedFiles::default())?;
    let mut warnings = calendar_check::warnings(p.validated.content(), opts.as_of);
    let site = resolve::resolve(&p.validated, opts.as_of);
    for (file, message) in resolve::contradictions(&site) {
        warnings.push(
            diag::Diagnostic::error(message)
                .in_file(&opts.content.join(file))
                .warning(),
        );
    }
    let report = Report {
        procedures: p.validated.content().procedures.len(),
        communes: site.communes.len(),
        elapsed: start.elapsed(),
        ..Report::default()
    };
    Ok((report, warnings))
}

/// What a process that builds again and again (`serve`) keeps between builds: the parsed
/// content files, and what it knows of the output it wrote.
#[derive(Default)]
pub struct Cache {
    parsed: load::ParsedFiles,
    output: Option<write::KnownOutput>,
}

/// Builds the site into `opts.out`. Only pages whose inputs changed since the last build are
/// rendered, and only changed files are written; the output changes only if every stage
/// succeeded.
pub fn build(opts: &Options) -> Result<Report, Diagnostics> {
    build_with(
        opts,
        &mut load::ParsedFiles::default(),
        None,
        &progress::Progress::off(),
    )
}

/// [`build`], showing progress on stderr when it takes more than a moment (the command line).
pub fn build_showing_progress(opts: &Options) -> Result<Report, Diagnostics> {
    let progress = progress::Progress::stderr();
    let report = build_with(opts, &mut load::ParsedFiles::default(), None, &progress);
    progress.finish();
    report
}

/// [`build`], parsing only the files that changed since the build that filled `cache`, and
/// trusting that build's record of the output while its manifest is unchanged.
pub fn build_cached(opts: &Options, cache: &mut Cache) -> Result<Report, Diagnostics> {
    let off = progress::Progress::off();
    let report = build_with(opts, &mut cache.parsed, Some(&mut cache.output), &off);
    release_freed_memory();
    report
}

/// Gives the memory a build freed back to the system. glibc keeps it otherwise, and a
/// process that rebuilds (`serve`) lives long: after a national build, a gigabyte.
pub fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free heap pages to the system.
    unsafe {
        libc::malloc_trim(0);
    }
}

fn build_with(
    opts: &Options,
    parsed: &mut load::ParsedFiles,
    mut output: Option<&mut Option<write::KnownOutput>>,
    progress: &progress::Progress,
) -> Result<Report, Diagnostics> {
    let start = Instant::now();
    let mut p = prepare(opts, parsed)?;
    let t = Instant::now();
    let site = resolve::resolve(&p.validated, opts.as_of);
    let resolve = t.elapsed();
    let t = Instant::now();
    let renderer = render::Renderer::new(
        &p.theme,
        &p.translations,
        &site.config.languages,
        &site.config.base_url,
        &mut p.theme_sources,
    )?;
    let inputs = deps::Inputs::new(p.validated.content(), p.theme.hash(), opts.as_of);
    let plan = render::Plan::new(&site, &renderer, &inputs);
    // Taken here: if writing fails, the next build reads the output afresh.
    let keep = output.is_some();
    let out = write::resolve_out(&opts.out)?;
    let themes = themes_dir(opts);
    let apart = [
        (p.validated.content().root.as_path(), "content"),
        (&themes, "themes"),
    ];
    write::check_apart(&out, &apart)?;
    let writer = write::Writer::open(&opts.out, output.as_mut().and_then(|o| o.take()))?;
    progress.stage("rendering", plan.len() as u64);
    let stats = match renderer.run(&site, &plan, &writer, progress) {
        Ok(stats) => stats,
        Err(e) => {
            // Nothing was written: what this process knew of the output still holds.
            let known = writer.abort();
            if let Some(o) = output {
                *o = known;
            }
            return Err(e);
        }
    };
    let render = t.elapsed();
    let t = Instant::now();
    let (written, known) = writer.commit(|n, buf| renderer.path(&plan, n, buf), keep)?;
    if let Some(o) = output {
        *o = known;
    }
    Ok(Report {
        pages: plan.pages(),
        files: written.files,
        rendered: stats.rendered,
        written: written.written,
        removed: written.removed,
        bytes_written: written.bytes_written,
        procedures: p.validated.content().procedures.len(),
        communes: site.communes.len(),
        elapsed: start.elapsed(),
        phases: Phases {
            load: p.load,
            validate: p.validate,
            resolve,
            render,
            render_cpu: stats.render_cpu,
            write_cpu: stats.write_cpu,
            commit: t.elapsed(),
        },
    })
}
