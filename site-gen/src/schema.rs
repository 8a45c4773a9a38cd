//! JSON Schema of every kind of content file, generated from the same Rust types that load
//! them (so the two cannot drift), and the taplo / Even Better TOML configuration that tells
//! an editor which schema each file follows: an officer sees `ammount` underlined as they type.

use crate::config::{PageMeta, SiteConfig};
use catalog::{Commune, FeeDocument, Procedure, YearCalendar};
use schemars::generate::SchemaSettings;
use schemars::JsonSchema;
use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

/// One kind of content file: its schema's name, the files it applies to (globs relative to
/// the content folder; empty when an editor cannot apply it, as for Markdown front matter), and
/// the type the loader reads it into. Adding a kind of file is one line here.
pub struct Kind {
    pub name: &'static str,
    pub globs: &'static [&'static str],
    pub schema: fn() -> serde_json::Value,
}

pub const KINDS: &[Kind] = &[
    kind::<SiteConfig>("site", &["site.toml"]),
    kind::<YearCalendar>("calendar", &["calendar/*.toml"]),
    kind::<Procedure>("procedure", &["catalogue/*.toml", "catalogue/*/*.toml"]),
    kind::<FeeDocument>("fee-decision", &["fees/*.toml"]),
    kind::<Commune>("commune", &["communes/*/commune.toml"]),
    kind::<catalog::ChangeLog>("changes", &["changes/*.toml"]),
    kind::<catalog::stats::StatsFile>("statistics", &["statistics/*/*.toml"]),
    // The TOML between `+++` lines of pages and news: editors validate whole files only.
    kind::<PageMeta>("page-front-matter", &[]),
];

const fn kind<T: JsonSchema>(name: &'static str, globs: &'static [&'static str]) -> Kind {
    Kind {
        name,
        globs,
        schema: schema_of::<T>,
    }
}

/// Draft 7: the newest draft that taplo and the editors built on it understand.
fn schema_of<T: JsonSchema>() -> serde_json::Value {
    let schema = SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<T>();
    schema.to_value()
}

/// The folder, inside the content folder, that holds the schemas.
pub const DIR: &str = "schemas";

impl Kind {
    pub fn file_name(&self) -> String {
        format!("{}.schema.json", self.name)
    }

    /// The schema as written to disk: pretty JSON, ending with a newline.
    pub fn text(&self) -> String {
        let mut text = serde_json::to_string_pretty(&(self.schema)()).unwrap_or_default();
        text.push('\n');
        text
    }
}

/// `.taplo.toml`: each folder of the content mapped to its schema.
pub fn taplo_config() -> String {
    let mut out = String::from(
        "# Written by `site-gen schema`: tells taplo and the editors built on it (VS Code's\n\
         # Even Better TOML, Helix, Neovim) which schema each content file follows.\n\
         include = [\"**/*.toml\"]\n",
    );
    for k in KINDS.iter().filter(|k| !k.globs.is_empty()) {
        let globs: Vec<String> = k.globs.iter().map(|g| format!("{g:?}")).collect();
        let _ = write!(
            out,
            "\n[[rule]]\ninclude = [{}]\n[rule.schema]\npath = \"./{DIR}/{}\"\n",
            globs.join(", "),
            k.file_name()
        );
    }
    out
}

/// Every file `site-gen schema` writes, relative to the content folder, with its text.
pub fn files() -> Vec<(PathBuf, String)> {
    let mut out: Vec<(PathBuf, String)> = KINDS
        .iter()
        .map(|k| (Path::new(DIR).join(k.file_name()), k.text()))
        .collect();
    out.push((PathBuf::from(".taplo.toml"), taplo_config()));
    out
}

/// Writes the schemas and the taplo configuration into `dir`, replacing older versions.
pub fn write(dir: &Path) -> io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir.join(DIR))?;
    let mut written = Vec::new();
    for (rel, text) in files() {
        let path = dir.join(rel);
        std::fs::write(&path, text)?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_fields_are_denied_where_the_loader_denies_them() {
        let fee = &(KINDS[2].schema)()["definitions"]["Fee"];
        assert_eq!(fee["additionalProperties"], false, "{fee}");
        assert!(fee["properties"]["amount"].is_object());
    }

    #[test]
    fn taplo_maps_every_folder() {
        let cfg = taplo_config();
        for k in KINDS.iter().filter(|k| !k.globs.is_empty()) {
            assert!(cfg.contains(&k.file_name()), "{cfg}");
        }
        assert!(toml::from_str::<toml::Value>(&cfg).is_ok(), "{cfg}");
    }
}
