//! The rules service-quality files must satisfy, imported or typed in: the period of the
//! folder, unit codes of the file's province, numerators within their denominators, on time
//! plus overdue equal to received, scores within their group's maximum, no two files giving
//! one figure differently, and hand-entered units that a commune or the portal's data names.

use crate::diag::{Diagnostic, Diagnostics, Sources};
use crate::load::{Content, Parsed};
use catalog::stats::{is_unit_code, province_of, Period, Source, StatsFile};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use toml_edit::{ImDocument, Item};

/// Where `unit."<code>".<field>` (or the nearest table that exists) is in a statistics file.
fn span(sources: &Sources, file: &Parsed<StatsFile>, keys: &[&str]) -> Option<Range<usize>> {
    let doc = ImDocument::parse(sources.get(file.file).text.as_str()).ok()?;
    let mut item: &Item = doc.as_item();
    let mut best = None;
    for key in keys {
        match item.get(key) {
            Some(next) => {
                best = next.span().or(best);
                item = next;
            }
            None => break,
        }
    }
    Some(best.unwrap_or(0..0))
}

fn at(
    sources: &Sources,
    file: &Parsed<StatsFile>,
    keys: &[&str],
    message: impl Into<String>,
) -> Diagnostic {
    Diagnostic::error(message).at(sources, file.file, span(sources, file, keys))
}

pub fn check(content: &Content, errors: &mut Diagnostics) {
    let sources = &content.sources;
    let mut communes: BTreeSet<&str> = BTreeSet::new();
    for files in &content.communes {
        let Some(unit) = files.commune.value.portal_unit.as_deref() else {
            continue;
        };
        if !is_unit_code(unit) || !unit.contains('.') {
            errors.push(
                files
                    .commune
                    .error(
                        sources,
                        "portal_unit",
                        format!("`{unit}` is not a commune's unit code"),
                    )
                    .expected("the portal's code of the commune, e.g. \"H44.116\"")
                    .help("the code is in the portal's reports (departmentCode)"),
            );
        } else if !communes.insert(unit) {
            errors.push(
                files
                    .commune
                    .error(
                        sources,
                        "portal_unit",
                        format!("another commune already names unit {unit}"),
                    )
                    .help("each commune has its own unit code on the portal"),
            );
        }
    }
    // Units named by the portal's data, in any period.
    let imported: BTreeSet<&str> = content
        .statistics
        .iter()
        .filter(|f| f.value.source != Source::Manual)
        .flat_map(|f| f.value.units.keys().map(String::as_str))
        .collect();
    // (period, unit) -> the file that first gave it, and its figures so far.
    let mut seen: BTreeMap<(Period, &str), (&Parsed<StatsFile>, catalog::stats::UnitFigures)> =
        BTreeMap::new();
    for file in &content.statistics {
        let f = &file.value;
        let path = sources.path(file.file);
        let folder = path
            .parent()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        if folder != f.period.to_string() {
            errors.push(
                at(
                    sources,
                    file,
                    &["period"],
                    format!("period {} is in the folder {folder}", f.period),
                )
                .expected(format!("the file in statistics/{}/", f.period))
                .help("one folder per period: move the file, or correct the period"),
            );
        }
        if !is_unit_code(&f.province) || f.province.contains('.') {
            errors.push(
                at(
                    sources,
                    file,
                    &["province"],
                    format!("`{}` is not a province's unit code", f.province),
                )
                .expected("the portal's code of the province, e.g. \"H44\""),
            );
        }
        for (code, unit) in &f.units {
            let keys = ["unit", code.as_str()];
            if !is_unit_code(code) || province_of(code) != f.province {
                errors.push(
                    at(
                        sources,
                        file,
                        &keys,
                        format!("`{code}` is not a unit code of province {}", f.province),
                    )
                    .expected(format!("a code such as {}.116", f.province)),
                );
                continue;
            }
            if unit.level.is_none() {
                errors.push(
                    at(
                        sources,
                        file,
                        &keys,
                        format!("unit {code} does not say its level"),
                    )
                    .expected("level = \"commune\", \"agency\" or \"province\""),
                );
            }
            if f.source == Source::Manual
                && !communes.contains(code.as_str())
                && !content.units_left_out.contains(code)
                && !imported.contains(code.as_str())
            {
                errors.push(
                    at(sources, file, &keys, format!("no commune and no imported report names unit {code}"))
                        .help("write the code in the commune's commune.toml (portal_unit = \"…\"), or correct it"),
                );
            }
            for p in unit.problems() {
                let mut path: Vec<&str> = keys.to_vec();
                path.extend(p.field.split('.'));
                errors.push(
                    at(sources, file, &path, format!("unit {code}: {}", p.message))
                        .expected(p.expected)
                        .help("check the figures against the report they come from"),
                );
            }
            match seen.get_mut(&(f.period, code.as_str())) {
                None => {
                    seen.insert((f.period, code), (file, unit.clone()));
                }
                Some((first, merged)) => {
                    for field in merged.merge(unit) {
                        let mut path: Vec<&str> = keys.to_vec();
                        path.push(field);
                        errors.push(
                            at(sources, file, &path, format!("unit {code}'s {field} for {} differs from the one in {}", f.period, sources.path(first.file).display()))
                                .help("one figure has one value in a period: remove it from one of the two files"),
                        );
                    }
                }
            }
        }
    }
}
