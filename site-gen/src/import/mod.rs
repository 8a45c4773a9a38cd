//! `site-gen import national-portal`: procedure records from the national public-service
//! portal into catalogue files. All inputs are read and converted before anything is written,
//! so one bad input writes nothing. Commune files are never touched: local changes live in
//! `commune.toml` overrides, which survive every re-import.

mod changes;
mod convert;
mod diff;
mod portal;
pub mod service_index;
mod summary;
mod toml_out;

pub use convert::Decision;

use crate::diag::{Diagnostic, Diagnostics, Sources};
use catalog::fold::fold;
use catalog::{Date, Procedure, ProcedureCode};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// What `site-gen import national-portal` is asked to do: which records, into which content
/// folder, and whether to write.
pub struct PortalImport {
    pub content: PathBuf,
    pub inputs: Vec<PathBuf>,
    pub dry_run: bool,
    /// Recorded as `checked_on`.
    pub today: Date,
}

/// What an import did or, with `--dry-run`, would do.
#[derive(Debug, Default)]
pub struct Report {
    /// Human-readable lines: one per procedure, then its changes.
    pub lines: Vec<String>,
    /// Decisions the officer should know about (traps handled), by kind.
    pub notes: Vec<(convert::Decision, String)>,
    pub written: Vec<PathBuf>,
    pub unchanged: usize,
    /// The change record appended to, when the catalogue changed.
    pub change_log: Option<PathBuf>,
}

struct Planned {
    procedure: Procedure,
    source: String,
    target: PathBuf,
    old: Option<Procedure>,
}

pub fn national_portal(opts: &PortalImport) -> Result<Report, Diagnostics> {
    let mut errors = Diagnostics::default();
    let mut sources = Sources::default();
    let mut report = Report::default();
    // Without site.toml this is not a content folder: writing there would make a stray site.
    if !opts.content.join("site.toml").is_file() {
        return Err(Diagnostic::error(format!(
            "no site.toml in {}: this is not a content folder",
            opts.content.display()
        ))
        .in_file(&opts.content.join("site.toml"))
        .help("run from the folder that holds content/site.toml, or give --content DIR")
        .into());
    }
    let mut existing = existing_catalogue(&opts.content, &mut errors);
    let mut planned: BTreeMap<ProcedureCode, Planned> = BTreeMap::new();
    for file in expand(&opts.inputs, &mut errors) {
        let shown = file.display().to_string();
        let Some(text) = read_input(&file, &mut errors) else {
            continue;
        };
        let json: Value = match serde_json::from_str(&text) {
            Ok(v) => v,
            Err(e) => {
                let offset = offset_of(&text, e.line(), e.column());
                // Kept only to show where: thousands of good records are not held in memory.
                let id = sources.add(file.clone(), text);
                errors.push(
                    Diagnostic::error(format!("not JSON: {e}"))
                        .at(&sources, id, Some(offset..offset + 1))
                        .help("pass the portal's response saved as a .json file"),
                );
                continue;
            }
        };
        for (path, record) in records(&json) {
            let record = match record {
                Ok(r) => r,
                Err(message) => {
                    errors.push(
                        Diagnostic::error(format!("{path}: {message}"))
                            .in_file(&file)
                            .expected("{\"code\":\"OK\",\"data\":{…}}, {\"id\",\"code\",\"name\",\"detail\":{…}}, a bare record, or an array of them"),
                    );
                    continue;
                }
            };
            let parsed: portal::Record = match serde_path_to_error::deserialize(record) {
                Ok(r) => r,
                Err(e) => {
                    let at = join_path(&path, &e.path().to_string());
                    errors.push(
                        Diagnostic::error(format!("{at}: {}", e.inner()))
                            .in_file(&file)
                            .help("the record does not have the portal's shape; if the portal added a new value, motcua must learn it before importing"),
                    );
                    continue;
                }
            };
            let mut notes = Vec::new();
            let procedure = match convert::convert(&parsed, opts.today, &mut notes) {
                Ok(p) => p,
                Err(inv) => {
                    errors.push(
                        Diagnostic::error(format!(
                            "{}: {}",
                            join_path(&path, &inv.path),
                            inv.message
                        ))
                        .in_file(&file),
                    );
                    continue;
                }
            };
            if let Some(first) = planned.get(&procedure.code) {
                errors.push(
                    Diagnostic::error(format!(
                        "{}: procedure {} was already imported from {}",
                        join_path(&path, "code"),
                        procedure.code,
                        first.source
                    ))
                    .in_file(&file)
                    .help("import each procedure once; remove one of the two records"),
                );
                continue;
            }
            report.notes.extend(notes);
            let (target, old) = match existing.remove(&procedure.code) {
                Some((path, old)) => (path, Some(old)),
                None => (
                    opts.content
                        .join("catalogue")
                        .join(slug(&procedure.field))
                        .join(format!("{}.toml", procedure.code)),
                    None,
                ),
            };
            planned.insert(
                procedure.code.clone(),
                Planned {
                    procedure: keep_local(procedure, old.as_ref()),
                    source: format!("{shown} ({path})"),
                    target,
                    old,
                },
            );
        }
    }
    if !errors.is_empty() {
        return errors.into_result(report);
    }
    let mut writes = Vec::new();
    let mut log = changes::Log::new(opts.today);
    for plan in planned.values() {
        let target = plan.target.display();
        match &plan.old {
            None => report.lines.push(format!(
                "+ {} {} (new: {target})",
                plan.procedure.code, plan.procedure.name
            )),
            Some(old) => {
                // The models decide; the diff only says it in words.
                if same_record(old, &plan.procedure) {
                    report.unchanged += 1;
                    report
                        .lines
                        .push(format!("= {} unchanged ({target})", plan.procedure.code));
                    continue;
                }
                report.lines.push(format!(
                    "~ {} {} ({target})",
                    plan.procedure.code, plan.procedure.name
                ));
                let mut changes = diff::diff(old, &plan.procedure);
                if changes.is_empty() {
                    changes.push("~ other fields changed".into());
                }
                report
                    .lines
                    .extend(changes.into_iter().map(|c| format!("    {c}")));
            }
        }
        log.record(&plan.procedure, plan.old.as_ref());
        match toml_out::procedure_toml(&plan.procedure, opts.today) {
            Ok(text) => writes.push((plan.target.clone(), text)),
            Err(e) => {
                return Err(Diagnostic::error(format!(
                    "{}: the importer made a catalogue file it cannot read back: {e}",
                    plan.procedure.code
                ))
                .in_file(&plan.target)
                .help("this is a bug in site-gen import: please report it with the record")
                .into())
            }
        }
    }
    if opts.dry_run {
        return Ok(report);
    }
    let change_log = log.file(&opts.content);
    let mut report = write_all(writes, "catalogue", report)?;
    // Last: the record of what changed, once the catalogue says so.
    if let Some((path, text)) = change_log {
        if let Err(e) = write_atomically(&path, &text) {
            return Err(
                Diagnostic::error(format!("cannot write the change log: {e}"))
                    .in_file(&path)
                    .into(),
            );
        }
        report.change_log = Some(path);
    }
    Ok(report)
}

/// Writes each planned file, recording it in the report; stops at the first failure.
fn write_all(
    writes: Vec<(PathBuf, String)>,
    what: &str,
    mut report: Report,
) -> Result<Report, Diagnostics> {
    for (path, text) in writes {
        if let Err(e) = write_atomically(&path, &text) {
            return Err(
                Diagnostic::error(format!("cannot write the {what} file: {e}"))
                    .in_file(&path)
                    .into(),
            );
        }
        report.written.push(path);
    }
    Ok(report)
}

/// The text of one input file; a file that cannot be read is an error naming it.
fn read_input(file: &Path, errors: &mut Diagnostics) -> Option<String> {
    fs::read_to_string(file)
        .map_err(|e| {
            errors.push(Diagnostic::error(format!("cannot read this file: {e}")).in_file(file))
        })
        .ok()
}

/// Files and folders given on the command line; a folder means its `.json` files.
fn expand(inputs: &[PathBuf], errors: &mut Diagnostics) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for input in inputs {
        if input.is_dir() {
            // Folders nest: the crawler saves `procedures/<group>/<code>/raw_procedure.json`.
            let mut files = Vec::new();
            let mut stack = vec![input.clone()];
            while let Some(dir) = stack.pop() {
                match fs::read_dir(&dir) {
                    Ok(entries) => {
                        for found in entries.filter_map(Result::ok).map(|e| e.path()) {
                            if found.is_dir() {
                                stack.push(found);
                            } else if found.extension().is_some_and(|e| e == "json") {
                                files.push(found);
                            }
                        }
                    }
                    Err(e) => errors.push(
                        Diagnostic::error(format!("cannot read this folder: {e}")).in_file(&dir),
                    ),
                }
            }
            files.sort();
            out.extend(files);
        } else {
            out.push(input.clone());
        }
    }
    out
}

/// The records of a response, each with its JSON path: an envelope, the crawler's
/// `{id, code, name, detail}`, a bare record, or an array of these. Any other shape is an
/// error: a half-read record would silently lose its fields.
fn records(json: &Value) -> Vec<(String, Result<Value, String>)> {
    fn one(path: String, v: &Value) -> (String, Result<Value, String>) {
        match v {
            Value::Object(map) if map.contains_key("data") && map.contains_key("code") => {
                let data_path = format!("{path}.data");
                match (map.get("code").and_then(Value::as_str), map.get("data")) {
                    (Some("OK"), Some(data @ Value::Object(_))) => (data_path, Ok(data.clone())),
                    (Some("OK"), _) => {
                        (data_path, Err("the envelope's data is not a record".into()))
                    }
                    (code, _) => (
                        format!("{path}.code"),
                        Err(format!(
                            "the portal answered {} ({}), not a record",
                            code.unwrap_or("?"),
                            map.get("message")
                                .and_then(Value::as_str)
                                .unwrap_or("no message")
                        )),
                    ),
                }
            }
            Value::Object(map) if map.contains_key("detail") => match map.get("detail") {
                Some(detail @ Value::Object(_)) => one(format!("{path}.detail"), detail),
                _ => (
                    format!("{path}.detail"),
                    Err("the crawler's detail is not a record".into()),
                ),
            },
            Value::Object(map) if map.contains_key("executionMethods") => (path, Ok(v.clone())),
            Value::Object(_) => (
                path,
                Err(
                    "not a procedure record of a known shape (no executionMethods, data or detail)"
                        .into(),
                ),
            ),
            _ => (path, Err("not a procedure record".into())),
        }
    }
    match json {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| one(format!("$[{i}]"), v))
            .collect(),
        v => vec![one("$".into(), v)],
    }
}

fn join_path(base: &str, rest: &str) -> String {
    if rest.is_empty() || rest == "." {
        base.to_string()
    } else if rest.starts_with('[') {
        format!("{base}{rest}")
    } else {
        format!("{base}.{rest}")
    }
}

fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (start + column.saturating_sub(1)).min(text.len())
}

/// Every catalogue file by code, so a re-import updates the file where it is.
fn existing_catalogue(
    content: &Path,
    errors: &mut Diagnostics,
) -> BTreeMap<ProcedureCode, (PathBuf, Procedure)> {
    let mut out = BTreeMap::new();
    let root = content.join("catalogue");
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.filter_map(Result::ok) {
            let file = e.path();
            if file.is_dir() {
                stack.push(file);
            } else if file.extension().is_some_and(|x| x == "toml") {
                let text = fs::read_to_string(&file).unwrap_or_default();
                match toml::from_str::<Procedure>(&text) {
                    Ok(procedure) => {
                        out.insert(procedure.code.clone(), (file, procedure));
                    }
                    Err(e) => errors.push(
                        Diagnostic::error(format!(
                            "an existing catalogue file does not parse: {}",
                            e.message()
                        ))
                        .in_file(&file)
                        .help("fix it (site-gen check shows where) or delete it before importing"),
                    ),
                }
            }
        }
    }
    out
}

/// What the portal does not know and an officer added keeps its value: search keywords and
/// the local lifecycle dates.
fn keep_local(mut new: Procedure, old: Option<&Procedure>) -> Procedure {
    if let Some(old) = old {
        for k in &old.keywords {
            if !new.keywords.contains(k) {
                new.keywords.push(k.clone());
            }
        }
        new.lifecycle.effective_from = new
            .lifecycle
            .effective_from
            .or(old.lifecycle.effective_from);
        new.lifecycle.repealed_on = new.lifecycle.repealed_on.or(old.lifecycle.repealed_on);
    }
    new
}

/// `Hộ tịch` -> `ho-tich`.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in fold(text).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "khac".into()
    } else {
        out
    }
}

/// Whether a re-import leaves the record as it is: every field compared, except the day it
/// was checked.
fn same_record(old: &Procedure, new: &Procedure) -> bool {
    old == &Procedure {
        checked_on: old.checked_on,
        ..new.clone()
    }
}

fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension("toml.tmp");
    fs::write(&tmp, text)?;
    fs::rename(&tmp, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slug("Hộ tịch"), "ho-tich");
        assert_eq!(slug("Thi đua - khen thưởng"), "thi-dua-khen-thuong");
        assert_eq!(slug("  "), "khac");
    }

    #[test]
    fn finds_records_in_every_shape() {
        let env: Value = serde_json::json!({"code": "OK", "data": {"name": "x"}});
        assert_eq!(records(&env)[0].0, "$.data");
        let arr = serde_json::json!([{"name": "a", "executionMethods": []}, {"code": "OK", "data": {"name": "b"}}]);
        let paths: Vec<String> = records(&arr).into_iter().map(|(p, _)| p).collect();
        assert_eq!(paths, vec!["$[0]", "$[1].data"]);
        let crawler = serde_json::json!({"id": "x", "code": "1.001193", "name": "n", "detail": {"name": "n"}});
        assert_eq!(records(&crawler)[0].0, "$.detail");
        // The crawler's shape once read as a bare record and lost all of `detail`.
        let unknown = serde_json::json!({"code": "1.001193", "name": "n", "payload": {}});
        assert!(records(&unknown)[0].1.is_err());
        let bad = serde_json::json!({"code": "ERROR", "data": null, "message": "not found"});
        assert!(records(&bad)[0]
            .1
            .as_ref()
            .unwrap_err()
            .contains("not found"));
    }
}
