//! Themes: Tera templates, static files and translations. A site overrides any file of its
//! theme by putting one with the same name under `content/theme/`.

use crate::confined::{self, MAX_FILE_BYTES};
use crate::diag::{Diagnostic, Diagnostics, Sources};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/theme_files.rs"));
}

/// The search widget's files (loader, JS glue, wasm), built into the binary.
pub fn widget_files() -> &'static [(&'static str, &'static [u8])] {
    embedded::WIDGET
}

/// The files of a theme after overrides, by path relative to the theme (`templates/base.html`).
pub struct Theme {
    pub name: String,
    pub files: BTreeMap<String, ThemeFile>,
}

pub struct ThemeFile {
    /// Where it came from, for error messages.
    pub origin: PathBuf,
    pub bytes: Vec<u8>,
}

impl Theme {
    /// Loads theme `name` from `themes_dir/<name>`, or the embedded default theme when that
    /// folder does not exist, then applies `content/theme/` overrides.
    /// `name` must be a plain name (see [`check_name`]); every file read stays inside the
    /// theme's folder, and every override inside the content folder.
    pub fn load(name: &str, themes_dir: &Path, content: &Path) -> Result<Theme, Diagnostics> {
        let mut files = BTreeMap::new();
        let dir = themes_dir.join(name);
        if !is_theme_name(name) {
            // `check_name` reports it with its place in site.toml; this guards other callers.
            return Err(Diagnostic::error(format!("`{name}` is not a theme name"))
                .in_file(themes_dir)
                .into());
        }
        if dir.is_dir() {
            let themes = fs::canonicalize(themes_dir).map_err(|e| {
                Diagnostic::error(format!("cannot open the themes folder: {e}")).in_file(themes_dir)
            })?;
            read_tree((&themes, "themes"), &dir, &mut files)?;
        } else if name == "default" {
            for (rel, bytes) in embedded::DEFAULT_THEME {
                files.insert(
                    rel.to_string(),
                    ThemeFile {
                        origin: PathBuf::from(format!("<built-in theme>/{rel}")),
                        bytes: bytes.to_vec(),
                    },
                );
            }
        } else {
            return Err(Diagnostic::error(format!("theme `{name}` not found"))
                .in_file(&dir)
                .help("set theme = \"default\" in site.toml, or create the theme folder")
                .into());
        }
        let overrides = content.join("theme");
        if overrides.is_dir() {
            let root = fs::canonicalize(content).map_err(|e| {
                Diagnostic::error(format!("cannot open the content folder: {e}")).in_file(content)
            })?;
            read_tree((&root, "content"), &overrides, &mut files)?;
        }
        Ok(Theme {
            name: name.to_string(),
            files,
        })
    }

    /// One hash of every file of the theme and of the widget: when it changes, every page
    /// is rendered again.
    pub fn hash(&self) -> crate::deps::Hash {
        use xxhash_rust::xxh3::xxh3_128;
        let files = self
            .files
            .iter()
            .map(|(name, f)| crate::deps::combine([xxh3_128(name.as_bytes()), xxh3_128(&f.bytes)]));
        let widget = widget_files().iter().map(|(_, b)| xxh3_128(b));
        crate::deps::combine(files.chain(widget))
    }

    /// Files under `prefix/` (e.g. `templates`), with names relative to it.
    pub fn under<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = (&'a str, &'a ThemeFile)> {
        self.files.iter().filter_map(move |(k, v)| {
            k.strip_prefix(prefix)
                .and_then(|r| r.strip_prefix('/'))
                .map(|r| (r, v))
        })
    }

    /// Adds the theme's text files to `sources` so diagnostics can quote them.
    pub fn text(
        &self,
        rel: &str,
        sources: &mut Sources,
    ) -> Result<(String, crate::diag::FileId), Diagnostic> {
        let f = self
            .files
            .get(rel)
            .ok_or_else(|| Diagnostic::error(format!("the theme has no {rel}")))?;
        let text = String::from_utf8(f.bytes.clone())
            .map_err(|_| Diagnostic::error("this theme file is not UTF-8").in_file(&f.origin))?;
        let text = crate::load::nfc(text);
        let id = sources.add(f.origin.clone(), text.clone());
        Ok((text, id))
    }
}

/// A theme is named, not located: `theme = "../../etc"` must not pick a folder elsewhere.
pub fn is_theme_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && !name.starts_with('-')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Checks site.toml's `theme`, pointing at it.
pub fn check_name(
    site: &crate::load::Parsed<crate::config::SiteConfig>,
    sources: &Sources,
) -> Result<(), Diagnostic> {
    if is_theme_name(&site.value.theme) {
        return Ok(());
    }
    Err(site
        .error(sources, "theme", "`theme` is not a theme name")
        .expected("the name of a folder in the themes folder: letters, digits, `-` and `_`, e.g. \"default\"")
        .help("a theme is chosen by name; put it in themes/<name>/ and pass --themes DIR to use another themes folder"))
}

/// Reads every file under `dir` into `files`; each must resolve to a regular file inside
/// `root` (canonical, called `folder` in errors), of at most [`MAX_FILE_BYTES`].
fn read_tree(
    (root, folder): (&Path, &str),
    dir: &Path,
    files: &mut BTreeMap<String, ThemeFile>,
) -> Result<(), Diagnostics> {
    let mut errors = Vec::new();
    let found = confined::walk((root, folder), (dir, dir), MAX_FILE_BYTES, &mut errors);
    for (key, real) in found {
        let path = dir.join(&key);
        match confined::read_file(&real, MAX_FILE_BYTES) {
            Ok(bytes) => {
                files.insert(
                    key,
                    ThemeFile {
                        origin: path,
                        bytes,
                    },
                );
            }
            Err(r) => errors.push(r.diagnostic(&path, folder)),
        }
    }
    Diagnostics(errors).into_result(())
}
