//! Stage 1: read every content file, with source spans. Nothing here judges the data beyond
//! "is it TOML of the right shape"; rules belong to `validate`.

mod statistics;
pub mod toml_file;

use crate::config::{PageMeta, SiteConfig};
use crate::confined::{self, Refusal};
use crate::diag::{Diagnostic, Diagnostics, FileId, Sources};
use catalog::{ChangeLog, Commune, FeeDocument, Procedure, RawFee, YearCalendar};
use std::collections::HashMap;
use std::fs;
use std::ops::Range;
use std::path::{Path, PathBuf};
pub use toml_file::Parsed;

/// Everything read from a content folder. `F` is how fees are held: as written (`RawFee`)
/// here, checked (`catalog::Fee`) once validated (see `validate::Validated`).
#[derive(Debug)]
pub struct Content<F = RawFee> {
    pub root: PathBuf,
    pub sources: Sources,
    pub site: Parsed<SiteConfig>,
    pub calendars: Vec<Parsed<YearCalendar>>,
    pub procedures: Vec<Parsed<Procedure<F>>>,
    pub fee_documents: Vec<Parsed<FeeDocument<F>>>,
    /// `changes/<date>.toml`: what imports changed in the catalogue.
    pub changes: Vec<Parsed<ChangeLog>>,
    pub communes: Vec<CommuneFiles<F>>,
    pub pages: Vec<MarkdownFile>,
    /// Files under `forms/`, to publish as downloads: read here, with the other content, so
    /// that render reads no file.
    pub forms: Vec<FormFile>,
    /// `statistics/<period>/*.toml`, by folder then file name.
    pub statistics: Vec<Parsed<catalog::stats::StatsFile>>,
    /// The portal units named by communes that a partial build (`--communes`, `--province`)
    /// leaves out: their figures are still named, not stray.
    pub units_left_out: Vec<String>,
}

/// A form to publish (a PDF or a document to fill in).
#[derive(Debug)]
pub struct FormFile {
    /// Its path relative to `content/forms/`, as a catalogue file names it.
    pub path: PathBuf,
    /// The same with `/` separators: its place under the output's `forms/`.
    pub name: String,
    pub bytes: Vec<u8>,
}

#[derive(Debug)]
pub struct CommuneFiles<F = RawFee> {
    /// The folder name, which is also the commune's URL segment.
    pub slug: String,
    pub commune: Parsed<Commune<F>>,
    pub intro: Option<MarkdownFile>,
    pub news: Vec<MarkdownFile>,
}

#[derive(Debug)]
pub struct MarkdownFile {
    pub slug: String,
    pub meta: Parsed<PageMeta>,
    /// The Markdown after the front matter, as a byte range of the file.
    pub body: Range<usize>,
}

impl MarkdownFile {
    pub fn file(&self) -> FileId {
        self.meta.file
    }
}

struct Loader {
    root: PathBuf,
    display_root: PathBuf,
    sources: Sources,
    errors: Diagnostics,
    /// Parsed files of the previous load, and those of this one.
    old: ParsedFiles,
    new: ParsedFiles,
    /// Content folders (relative) and where they really are.
    real_dirs: HashMap<PathBuf, PathBuf>,
}

/// Catalogue and commune files parsed by the previous load, by path and text hash. `serve`
/// keeps one between rebuilds, so that only edited files are parsed again; a file whose text
/// changed in any way is parsed anew.
#[derive(Default)]
pub struct ParsedFiles {
    procedures: HashMap<PathBuf, (u128, Procedure<RawFee>)>,
    communes: HashMap<PathBuf, (u128, Commune<RawFee>)>,
}

/// The types worth caching: a province has a thousand procedures and a hundred communes.
trait Cached: Clone + Send + serde::de::DeserializeOwned {
    fn slot(cache: &mut ParsedFiles) -> &mut HashMap<PathBuf, (u128, Self)>;
}

impl Cached for Procedure<RawFee> {
    fn slot(cache: &mut ParsedFiles) -> &mut HashMap<PathBuf, (u128, Self)> {
        &mut cache.procedures
    }
}

impl Cached for Commune<RawFee> {
    fn slot(cache: &mut ParsedFiles) -> &mut HashMap<PathBuf, (u128, Self)> {
        &mut cache.communes
    }
}

pub fn load(content_dir: &Path) -> Result<Content, Diagnostics> {
    load_cached(content_dir, &mut ParsedFiles::default())
}

/// Like [`load`], reusing and refreshing `cache`.
pub fn load_cached(content_dir: &Path, cache: &mut ParsedFiles) -> Result<Content, Diagnostics> {
    let root = fs::canonicalize(content_dir).map_err(|e| {
        Diagnostic::error(format!("cannot open the content folder: {e}"))
            .in_file(content_dir)
            .help("pass the folder that holds site.toml with --content DIR")
    })?;
    let mut l = Loader {
        root,
        display_root: content_dir.to_path_buf(),
        sources: Sources::default(),
        errors: Diagnostics::default(),
        old: std::mem::take(cache),
        new: ParsedFiles::default(),
        real_dirs: HashMap::new(),
    };
    let site = l.toml::<SiteConfig>(Path::new("site.toml"));
    let calendars = l.toml_dir("calendar");
    let procedures = l.toml_tree("catalogue");
    let fee_documents = l.toml_dir("fees");
    let changes = l.toml_dir("changes");
    let communes = l.communes();
    let pages = l.markdown_dir(Path::new("pages"));
    let forms = l.forms(Path::new("forms"));
    let statistics = l.statistics();
    *cache = l.new;
    let (root, sources, errors) = (l.root, l.sources, l.errors);
    match site {
        Some(site) if errors.is_empty() => Ok(Content {
            root,
            sources,
            site,
            calendars,
            procedures,
            fee_documents,
            changes,
            communes,
            pages,
            forms,
            statistics,
            units_left_out: Vec::new(),
        }),
        _ => Err(errors),
    }
}

impl Loader {
    /// Reads `rel` (relative to the content root) if it is a regular file inside the content
    /// folder, of at most [`confined::MAX_TEXT_BYTES`].
    fn read(&mut self, rel: &Path) -> Option<FileId> {
        let shown = self.display_root.join(rel);
        let full = self.root.join(rel);
        let bytes = match self.real_path(rel, &full).and_then(|real| {
            if real.starts_with(&self.root) {
                confined::read_file(&real, confined::MAX_TEXT_BYTES)
            } else {
                Err(Refusal::Outside(real))
            }
        }) {
            Ok(b) => b,
            Err(r) => {
                self.errors.push(r.diagnostic(&shown, "content"));
                return None;
            }
        };
        match String::from_utf8(bytes) {
            Ok(text) => Some(self.sources.add(shown, nfc(text))),
            Err(e) => {
                // Kept (with the bad bytes replaced) only to point at the first of them.
                let at = e.utf8_error().valid_up_to();
                let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
                let id = self.sources.add(shown, lossy);
                self.errors.push(
                    Diagnostic::error("this file is not UTF-8 text")
                        .at(&self.sources, id, Some(at..at + 1))
                        .label(format!("byte 0x{:02x} is not UTF-8", e.as_bytes()[at]))
                        .help("save it as UTF-8 (most editors offer \"UTF-8\" in Save As)"),
                );
                None
            }
        }
    }

    /// Where `full` really is, links resolved. Each folder is resolved once: a file that is
    /// not itself a link then needs one `lstat`, not a `readlink` per path component.
    fn real_path(&mut self, rel: &Path, full: &Path) -> Result<PathBuf, Refusal> {
        let (Some(dir), Some(name)) = (rel.parent(), rel.file_name()) else {
            return Ok(fs::canonicalize(full)?);
        };
        if fs::symlink_metadata(full)?.file_type().is_symlink() {
            return Ok(fs::canonicalize(full)?);
        }
        if let Some(real) = self.real_dirs.get(dir) {
            return Ok(real.join(name));
        }
        let real = fs::canonicalize(self.root.join(dir))?;
        let file = real.join(name);
        self.real_dirs.insert(dir.to_path_buf(), real);
        Ok(file)
    }

    fn toml<T: serde::de::DeserializeOwned + Send>(&mut self, rel: &Path) -> Option<Parsed<T>> {
        let id = self.read(rel)?;
        self.parse_all(vec![id]).pop()
    }

    /// Parses files already read, over all cores: a catalogue has a thousand of them.
    fn parse_all<T: serde::de::DeserializeOwned + Send>(
        &mut self,
        ids: Vec<FileId>,
    ) -> Vec<Parsed<T>> {
        use rayon::prelude::*;
        let sources = &self.sources;
        let results: Vec<Result<Parsed<T>, Diagnostic>> = ids
            .par_iter()
            .map(|&id| toml_file::parse(sources, id, &sources.get(id).text, 0))
            .collect();
        let mut out = Vec::with_capacity(results.len());
        for r in results {
            match r {
                Ok(p) => out.push(p),
                Err(d) => self.errors.push(d),
            }
        }
        out
    }

    /// The entries of a folder (name, is a folder), sorted so that output never depends on
    /// the file system.
    fn entries(&mut self, rel: &Path) -> Vec<(String, bool)> {
        confined::list(
            &self.root.join(rel),
            &self.display_root.join(rel),
            &mut self.errors.0,
        )
        .into_iter()
        .map(|e| (e.name, e.is_dir))
        .collect()
    }

    /// Reads the `.toml` files of a folder, in name order.
    fn read_dir_toml(&mut self, rel: &Path) -> Vec<FileId> {
        let names: Vec<String> = self
            .entries(rel)
            .into_iter()
            .filter(|(n, d)| !d && n.ends_with(".toml"))
            .map(|(n, _)| n)
            .collect();
        names
            .into_iter()
            .filter_map(|n| self.read(&rel.join(n)))
            .collect()
    }

    fn toml_dir<T: serde::de::DeserializeOwned + Send>(&mut self, rel: &str) -> Vec<Parsed<T>> {
        let ids = self.read_dir_toml(Path::new(rel));
        self.parse_all(ids)
    }

    /// `catalogue/<field>/<code>.toml`, one level of field folders.
    fn toml_tree<T: Cached>(&mut self, rel: &str) -> Vec<Parsed<T>> {
        let mut ids = self.read_dir_toml(Path::new(rel));
        for (name, is_dir) in self.entries(Path::new(rel)) {
            if is_dir {
                ids.extend(self.read_dir_toml(&Path::new(rel).join(name)));
            }
        }
        self.parse_cached(ids)
    }

    /// [`Loader::parse_all`], taking from the previous load's cache every file whose text
    /// is the same, and recording this load's results for the next.
    fn parse_cached<T: Cached>(&mut self, ids: Vec<FileId>) -> Vec<Parsed<T>> {
        use xxhash_rust::xxh3::xxh3_128;
        let mut out = Vec::with_capacity(ids.len());
        let mut todo = Vec::new();
        for id in ids {
            let src = self.sources.get(id);
            let hash = xxh3_128(src.text.as_bytes());
            match T::slot(&mut self.old).remove(&src.path) {
                Some((h, value)) if h == hash => {
                    T::slot(&mut self.new).insert(src.path.clone(), (hash, value.clone()));
                    out.push(Parsed::cached(id, value, src.text.len()));
                }
                _ => todo.push((id, hash)),
            }
        }
        let parsed = self.parse_all::<T>(todo.iter().map(|(id, _)| *id).collect());
        for p in parsed {
            if let Some((_, hash)) = todo.iter().find(|(id, _)| *id == p.file) {
                let path = self.sources.path(p.file).to_path_buf();
                T::slot(&mut self.new).insert(path, (*hash, p.value.clone()));
            }
            out.push(p);
        }
        // Keep the order files were read in, whatever came from the cache.
        out.sort_by_key(|p| p.file);
        out
    }

    fn communes(&mut self) -> Vec<CommuneFiles> {
        let base = Path::new("communes");
        let mut found = Vec::new();
        for (slug, is_dir) in self.entries(base) {
            if !is_dir {
                continue;
            }
            let dir = base.join(&slug);
            let Some(id) = self.read(&dir.join("commune.toml")) else {
                continue;
            };
            let intro = if self.root.join(dir.join("index.md")).exists() {
                self.markdown(&dir.join("index.md"), "index")
            } else {
                None
            };
            let news = self.markdown_dir(&dir.join("news"));
            found.push((slug, id, intro, news));
        }
        let ids: Vec<FileId> = found.iter().map(|f| f.1).collect();
        let mut parsed: std::collections::BTreeMap<FileId, Parsed<Commune<RawFee>>> = self
            .parse_cached::<Commune<RawFee>>(ids)
            .into_iter()
            .map(|p| (p.file, p))
            .collect();
        found
            .into_iter()
            .filter_map(|(slug, id, intro, news)| {
                Some(CommuneFiles {
                    slug,
                    commune: parsed.remove(&id)?,
                    intro,
                    news,
                })
            })
            .collect()
    }

    fn markdown_dir(&mut self, rel: &Path) -> Vec<MarkdownFile> {
        let names: Vec<String> = self
            .entries(rel)
            .into_iter()
            .filter(|(n, d)| !d && n.ends_with(".md"))
            .map(|(n, _)| n)
            .collect();
        names
            .into_iter()
            .filter_map(|n| {
                let slug = n.trim_end_matches(".md").to_string();
                self.markdown(&rel.join(&n), &slug)
            })
            .collect()
    }

    fn markdown(&mut self, rel: &Path, slug: &str) -> Option<MarkdownFile> {
        let id = self.read(rel)?;
        let text = self.sources.get(id).text.clone();
        let Some((front, body)) = split_front_matter(&text) else {
            self.errors.push(
                Diagnostic::error("this page has no front matter")
                    .at(&self.sources, id, Some(0..0))
                    .expected("the page to start with a `+++` line, TOML such as `title = \"…\"`, and another `+++` line")
                    .help("add at the top:\n+++\ntitle = \"Tên trang\"\n+++"),
            );
            return None;
        };
        match toml_file::parse(&self.sources, id, &text[front.clone()], front.start) {
            Ok(meta) => Some(MarkdownFile {
                slug: slug.to_string(),
                meta,
                body,
            }),
            Err(d) => {
                self.errors.push(d);
                None
            }
        }
    }

    /// The files under `rel` to publish as they are: regular files inside the content
    /// folder, of at most [`confined::MAX_FILE_BYTES`], found without following a link loop.
    /// The forms, read: links and sizes checked by [`confined`] as for every other file.
    fn forms(&mut self, rel: &Path) -> Vec<FormFile> {
        let found = confined::walk(
            (&self.root, "content"),
            (&self.root.join(rel), &self.display_root.join(rel)),
            confined::MAX_FILE_BYTES,
            &mut self.errors.0,
        );
        let mut forms = Vec::with_capacity(found.len());
        for (name, real) in found {
            match confined::read_file(&real, confined::MAX_FILE_BYTES) {
                Ok(bytes) => forms.push(FormFile {
                    path: PathBuf::from(&name),
                    name,
                    bytes,
                }),
                Err(r) => self
                    .errors
                    .push(r.diagnostic(&self.display_root.join(rel).join(&name), "content")),
            }
        }
        forms
    }
}

/// Text in NFC, whatever form it was typed in: search, copy-paste and screen readers treat the
/// two forms of "ế" differently. Done once per input, so every output is NFC too (the theme's
/// text goes through here as well).
pub fn nfc(text: String) -> String {
    use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => text,
        _ => text.nfc().collect(),
    }
}

/// Splits `+++\n<toml>\n+++\n<body>` into the byte ranges of the TOML and of the body.
fn split_front_matter(text: &str) -> Option<(Range<usize>, Range<usize>)> {
    let text_start = text.strip_prefix('\u{feff}').map_or(0, |_| 3);
    let rest = &text[text_start..];
    let first = rest.strip_prefix("+++")?;
    let first = first
        .strip_prefix("\r\n")
        .or_else(|| first.strip_prefix('\n'))?;
    let front_start = text.len() - first.len();
    let mut pos = front_start;
    for line in first.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            let body_start = pos + line.len();
            return Some((front_start..pos, body_start..text.len()));
        }
        pos += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::split_front_matter;

    #[test]
    fn splits_front_matter() {
        let t = "+++\ntitle = \"a\"\n+++\n# Body\n";
        let (f, b) = split_front_matter(t).unwrap();
        assert_eq!(&t[f], "title = \"a\"\n");
        assert_eq!(&t[b], "# Body\n");
        assert!(split_front_matter("# no front matter").is_none());
        assert!(split_front_matter("+++\ntitle = 1\n").is_none());
    }
}
