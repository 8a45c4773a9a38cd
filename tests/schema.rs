//! The JSON Schemas of `site-gen schema` against the loader, through an independent validator
//! (the `jsonschema` crate): every sample and synthetic content file is valid, each bad input
//! that the loader rejects for its type or shape is invalid, and every content file is matched
//! by one rule of the taplo configuration.

mod common;

use common::*;
use jsonschema::Validator;
use site_gen::schema::{Kind, KINDS};
use std::path::{Path, PathBuf};

/// TOML as taplo hands it to a schema validator: dates and times become strings.
fn to_json(v: toml::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        toml::Value::String(s) => J::String(s),
        toml::Value::Integer(i) => J::from(i),
        toml::Value::Float(f) => J::from(f),
        toml::Value::Boolean(b) => J::Bool(b),
        toml::Value::Datetime(d) => J::String(d.to_string()),
        toml::Value::Array(a) => J::Array(a.into_iter().map(to_json).collect()),
        toml::Value::Table(t) => J::Object(t.into_iter().map(|(k, v)| (k, to_json(v))).collect()),
    }
}

fn kind(name: &str) -> &'static Kind {
    KINDS.iter().find(|k| k.name == name).expect("kind")
}

fn validator(k: &Kind) -> Validator {
    jsonschema::options()
        .should_validate_formats(true)
        .build(&(k.schema)())
        .expect("a valid schema")
}

/// Errors of `toml_text` against the schema of `k`, as text; empty when valid.
fn schema_errors(k: &Kind, toml_text: &str) -> Vec<String> {
    let value: toml::Value = toml::from_str(toml_text).expect("TOML syntax");
    let json = to_json(value);
    let v = validator(k);
    v.iter_errors(&json)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// Whether the loader's types accept the text.
fn loader_accepts(k: &Kind, text: &str) -> Result<(), String> {
    fn parse<T: serde::de::DeserializeOwned>(text: &str) -> Result<(), String> {
        toml::from_str::<T>(text)
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
    match k.name {
        "site" => parse::<site_gen::config::SiteConfig>(text),
        "calendar" => parse::<catalog::YearCalendar>(text),
        "procedure" => parse::<catalog::Procedure>(text),
        "fee-decision" => parse::<catalog::FeeDocument>(text),
        "commune" => parse::<catalog::Commune>(text),
        "changes" => parse::<catalog::ChangeLog>(text),
        "statistics" => parse::<catalog::stats::StatsFile>(text),
        "page-front-matter" => parse::<site_gen::config::PageMeta>(text),
        other => panic!("no loader type for kind {other}: add it here"),
    }
}

/// `pattern` is a taplo glob of `*` segments and `*.ext` names.
fn glob_matches(pattern: &str, rel: &str) -> bool {
    let p: Vec<&str> = pattern.split('/').collect();
    let r: Vec<&str> = rel.split('/').collect();
    p.len() == r.len()
        && p.iter().zip(&r).all(|(p, r)| match p.strip_prefix('*') {
            Some(suffix) => r.ends_with(suffix),
            None => p == r,
        })
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("read folder") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            files(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// The front matter of a Markdown file.
fn front_matter(text: &str) -> &str {
    let rest = text.strip_prefix("+++\n").expect("front matter");
    &rest[..rest.find("\n+++").expect("end of front matter") + 1]
}

/// Checks every TOML and Markdown file of a content folder; returns how many were checked.
fn check_content(root: &Path) -> usize {
    let mut all = Vec::new();
    files(root, &mut all);
    let mut checked = 0;
    for path in all {
        let rel = path
            .strip_prefix(root)
            .expect("inside")
            .to_string_lossy()
            .replace('\\', "/");
        if rel.split('/').any(|part| part.starts_with('.')) {
            continue; // the loader skips hidden files, such as .taplo.toml
        }
        let text = read(&path);
        let (k, text) = if rel.ends_with(".md") {
            (kind("page-front-matter"), front_matter(&text).to_string())
        } else if rel.ends_with(".toml") && !rel.starts_with("theme/") {
            let kinds: Vec<&Kind> = KINDS
                .iter()
                .filter(|k| k.globs.iter().any(|g| glob_matches(g, &rel)))
                .collect();
            assert_eq!(kinds.len(), 1, "{rel}: one taplo rule must match");
            (kinds[0], text)
        } else {
            continue;
        };
        loader_accepts(k, &text).unwrap_or_else(|e| panic!("{rel}: the loader rejects: {e}"));
        let errors = schema_errors(k, &text);
        assert!(errors.is_empty(), "{rel} against {}: {errors:#?}", k.name);
        checked += 1;
    }
    checked
}

#[test]
fn every_sample_file_is_valid() {
    let n = check_content(&repo().join("content"));
    assert!(n > 20, "only {n} files checked");
}

#[test]
fn every_synthetic_file_is_valid() {
    let dir = scratch("schema-synth");
    let scale = synth::Scale::named("small").expect("scale");
    synth::generate(&dir, scale, 2026).expect("synth");
    let n = check_content(&dir);
    assert!(n > 100, "only {n} files checked");
}

/// Bad input the loader rejects for its type or shape: the schema must reject it too.
#[test]
fn bad_input_is_rejected_by_both() {
    let content = repo().join("content");
    let copy = read(&content.join("catalogue/chung-thuc/2.000815.toml"));
    let commune = read(&content.join("communes/phuong-dinh/commune.toml"));
    let calendar = read(&content.join("calendar/2026.toml"));
    let site = read(&content.join("site.toml"));
    let fees = read(&content.join("fees/23-2026-NQ-HDND-hai-phong.toml"));
    let cases: Vec<(&str, &str, String)> = vec![
        (
            "misspelt field",
            "procedure",
            copy.replace("field_code =", "feild_code ="),
        ),
        (
            "misspelt fee field",
            "procedure",
            copy.replacen("price = 2000", "ammount = 2000", 1),
        ),
        (
            "missing field",
            "procedure",
            copy.replace("checked_on = 2026-11-24\n", ""),
        ),
        (
            "unknown channel",
            "procedure",
            copy.replacen("kind = \"desk\"", "kind = \"walk-in\"", 1),
        ),
        (
            "price as text",
            "procedure",
            copy.replacen("price = 2000", "price = \"2000\"", 1),
        ),
        (
            "negative price",
            "procedure",
            copy.replacen("price = 2000", "price = -2000", 1),
        ),
        (
            "checked_on not a date",
            "procedure",
            copy.replace("checked_on = 2026-11-24", "checked_on = \"hôm qua\""),
        ),
        (
            "closing time 25:00",
            "commune",
            commune.replace("close = \"11:00\"", "close = \"25:00\""),
        ),
        (
            "unknown commune kind",
            "commune",
            commune.replacen("kind = \"xã\"", "kind = \"huyện\"", 1),
        ),
        (
            "unknown weekday",
            "commune",
            commune.replacen("\"mon\"", "\"monday\"", 1),
        ),
        (
            "year as text",
            "calendar",
            calendar.replace("year = 2026", "year = \"2026\""),
        ),
        (
            "unknown calendar field",
            "calendar",
            calendar.replacen("from = ", "start = ", 1),
        ),
        (
            "unknown site field",
            "site",
            format!("{site}\ntitel = \"x\"\n"),
        ),
        (
            "demo as text",
            "site",
            site.replace("demo = true", "demo = \"yes\""),
        ),
        (
            "unknown fee kind",
            "fee-decision",
            fees.replacen("kind = \"free\"", "kind = \"gratis\"", 1),
        ),
        (
            "page weight as text",
            "page-front-matter",
            "title = \"a\"\nweight = \"1\"\n".into(),
        ),
        (
            "page without title",
            "page-front-matter",
            "summary = \"a\"\n".into(),
        ),
    ];
    for (name, kind_name, text) in &cases {
        let k = kind(kind_name);
        assert!(
            loader_accepts(k, text).is_err(),
            "{name}: the case must be one the loader rejects (did the mutation apply?)"
        );
        assert!(
            !schema_errors(k, text).is_empty(),
            "{name}: the loader rejects it but the {kind_name} schema accepts it"
        );
    }
}

/// `site-gen schema DIR` writes the same files as the sample ships.
#[test]
fn the_schema_command_writes_them() {
    let dir = scratch("schema-cmd");
    let o = site_gen().arg("schema").arg(&dir).output().expect("schema");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for (rel, _) in site_gen::schema::files() {
        assert_eq!(
            read(&dir.join(&rel)),
            read(&repo().join("content").join(&rel))
        );
    }
}

/// The schemas shipped in the sample content are the ones `site-gen schema` writes now.
#[test]
fn shipped_schemas_are_current() {
    let content = repo().join("content");
    for (rel, text) in site_gen::schema::files() {
        let path = content.join(&rel);
        assert!(
            path.exists() && read(&path) == text,
            "{} is missing or stale: run `site-gen schema content`",
            rel.display()
        );
    }
}
