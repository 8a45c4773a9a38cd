//! Themes: Tera templates, static files and translations. A site overrides any file of its
//! theme by putting one with the same name under `content/theme/`.

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
    pub fn load(name: &str, themes_dir: &Path, content: &Path) -> Result<Theme, Diagnostics> {
        let mut files = BTreeMap::new();
        let dir = themes_dir.join(name);
        if dir.is_dir() {
            read_tree(&dir, &mut files)?;
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
            read_tree(&overrides, &mut files)?;
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

fn read_tree(dir: &Path, files: &mut BTreeMap<String, ThemeFile>) -> Result<(), Diagnostics> {
    let mut stack = vec![PathBuf::new()];
    while let Some(sub) = stack.pop() {
        let full = dir.join(&sub);
        let entries = fs::read_dir(&full).map_err(|e| {
            Diagnostic::error(format!("cannot read this theme folder: {e}")).in_file(&full)
        })?;
        for entry in entries.filter_map(Result::ok) {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            let rel = sub.join(&name);
            let path = entry.path();
            if path.is_dir() {
                stack.push(rel);
            } else {
                let bytes = fs::read(&path).map_err(|e| {
                    Diagnostic::error(format!("cannot read this theme file: {e}")).in_file(&path)
                })?;
                let key = rel.to_string_lossy().replace('\\', "/");
                files.insert(
                    key,
                    ThemeFile {
                        origin: path,
                        bytes,
                    },
                );
            }
        }
    }
    Ok(())
}
