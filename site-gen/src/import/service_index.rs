//! `site-gen import service-index`: the national portal's service-quality responses
//! (Decision 766) into `statistics/<period>/<province>-<endpoint>.toml`. The response does not
//! say which period it answers, so the officer names it (`--period`). Each endpoint's shape
//! is recognised from its fields; every input is read and checked before anything is
//! written, so one bad input writes nothing.

use crate::diag::{Diagnostic, Diagnostics};
use catalog::stats::{Group, Period, Source, StatsFile, UnitFigures, UnitLevel};
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;

/// What an import of the portal's service-quality figures is asked to do: which files, for
/// which period, into which content folder, and whether to write.
pub struct FiguresImport {
    pub content: PathBuf,
    pub inputs: Vec<PathBuf>,
    /// `YYYY`, `YYYY-Qn` or `YYYY-MM`, as typed.
    pub period: String,
    pub dry_run: bool,
}

/// The portal's reporting endpoints, each recognised by fields only it has.
fn recognise(data: &Value) -> Option<Source> {
    let has = |v: &Value, key: &str| v.get(key).is_some();
    let parent = data.get("parent").unwrap_or(&Value::Null);
    if has(data, "overview") && has(data, "evaluation") {
        Some(Source::ServiceResults)
    } else if has(parent, "channelOnlineSum") {
        Some(Source::ProvideOnlineTree)
    } else if has(parent, "totalDossierFinancialObligation") {
        Some(Source::FormalityOnlinePaymentTree)
    } else if has(parent, "totalOnTime") {
        Some(Source::DvcProgressTree)
    } else {
        None
    }
}

pub fn service_index(opts: &FiguresImport) -> Result<super::Report, Diagnostics> {
    let mut errors = Diagnostics::default();
    let period = match Period::parse(&opts.period) {
        Ok(p) => p,
        Err(e) => {
            return Err(Diagnostic::error(format!("--period: {e}"))
                .help("the portal's response does not say its period: give the one you asked it for, e.g. --period 2026-08")
                .into())
        }
    };
    let mut planned: BTreeMap<PathBuf, (StatsFile, String)> = BTreeMap::new();
    for file in super::expand(&opts.inputs, &mut errors) {
        let Some(text) = super::read_input(&file, &mut errors) else {
            continue;
        };
        let stats = match convert(&text, period) {
            Ok(s) => s,
            Err((path, message)) => {
                errors.push(
                    Diagnostic::error(format!("{path}: {message}"))
                        .in_file(&file)
                        .expected("a response of dvc-progress-tree, provide-online-tree, formality-online-payment-tree or service-results: {\"code\":\"OK\",\"data\":{…}}")
                        .help("save the portal's response unchanged; if the portal changed its shape, motcua must learn it before importing"),
                );
                continue;
            }
        };
        for (code, unit) in &stats.units {
            for p in unit.problems() {
                errors.push(
                    Diagnostic::error(format!("unit {code} ({}): {}", unit.name, p.message))
                        .in_file(&file)
                        .expected(p.expected)
                        .help(
                            "the response contradicts itself; import a fresh copy from the portal",
                        ),
                );
            }
        }
        let target = opts
            .content
            .join("statistics")
            .join(period.to_string())
            .join(format!(
                "{}-{}.toml",
                stats.province.to_lowercase(),
                stats.source.name()
            ));
        let shown = file.display().to_string();
        if let Some((_, first)) = planned.get(&target) {
            errors.push(
                Diagnostic::error(format!(
                    "{} of {} for {period} was already given by {first}",
                    stats.source.name(),
                    stats.province
                ))
                .in_file(&file)
                .help("import one response per endpoint, province and period"),
            );
            continue;
        }
        planned.insert(target, (stats, shown));
    }
    let mut report = super::Report::default();
    if !errors.is_empty() {
        return errors.into_result(report);
    }
    let mut writes = Vec::new();
    for (target, (stats, _)) in planned {
        let old = fs::read_to_string(&target)
            .ok()
            .and_then(|t| toml::from_str::<StatsFile>(&t).ok());
        let shown = target.display();
        match &old {
            None => report.lines.push(format!(
                "+ {} {} {period}: {} units (new: {shown})",
                stats.province,
                stats.source.name(),
                stats.units.len()
            )),
            Some(old) => {
                let changes = diff(old, &stats);
                if changes.is_empty() {
                    report.unchanged += 1;
                    report.lines.push(format!("= {shown} unchanged"));
                    continue;
                }
                report.lines.push(format!(
                    "~ {} {} {period} ({shown})",
                    stats.province,
                    stats.source.name()
                ));
                report
                    .lines
                    .extend(changes.into_iter().map(|c| format!("    {c}")));
            }
        }
        writes.push((target, stats_toml(&stats)));
    }
    if opts.dry_run {
        return Ok(report);
    }
    super::write_all(writes, "statistics", report)
}

type Failure = (String, String);

/// One response into one statistics file; on failure, the JSON path and what is wrong.
fn convert(text: &str, period: Period) -> Result<StatsFile, Failure> {
    let json: Value =
        serde_json::from_str(text).map_err(|e| ("$".to_string(), format!("not JSON: {e}")))?;
    match json.get("code").and_then(Value::as_str) {
        Some("OK") => {}
        Some(code) => {
            return Err((
                "$.code".into(),
                format!(
                    "the portal answered {code} ({})",
                    json.get("message")
                        .and_then(Value::as_str)
                        .unwrap_or("no message")
                ),
            ))
        }
        None => {
            return Err((
                "$".into(),
                "not the portal's envelope (no \"code\": \"OK\")".into(),
            ))
        }
    }
    let data = json
        .get("data")
        .filter(|d| d.is_object())
        .ok_or(("$.data".to_string(), "missing or not an object".to_string()))?;
    let source = recognise(data).ok_or((
        "$.data".to_string(),
        "an unknown shape: none of the reporting endpoints motcua knows".to_string(),
    ))?;
    let (province, units) = match source {
        Source::DvcProgressTree => tree::<Progress>(typed(data, "$.data")?)?,
        Source::ProvideOnlineTree => tree::<Provision>(typed(data, "$.data")?)?,
        Source::FormalityOnlinePaymentTree => tree::<Payment>(typed(data, "$.data")?)?,
        Source::ServiceResults | Source::Manual => results(typed(data, "$.data")?)?,
    };
    Ok(StatsFile {
        period,
        source,
        province: province.code,
        province_name: province.name,
        example: false,
        units,
    })
}

struct Province {
    code: String,
    name: String,
}

/// `v` (at JSON path `at`) as a `T`; on failure, the path of the value that does not fit.
fn typed<T: serde::de::DeserializeOwned>(v: &Value, at: &str) -> Result<T, Failure> {
    serde_path_to_error::deserialize(v).map_err(|e| {
        let inner = e.path().to_string();
        let path = if inner == "." {
            at.to_string()
        } else {
            format!("{at}.{inner}")
        };
        (path, e.inner().to_string())
    })
}

/// What every unit of a tree response carries besides its endpoint's figures.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Head {
    department_code: String,
    department_name: String,
    #[serde(default)]
    level: Option<String>,
}

/// Read as values first: each unit is then read twice (head, figures), each time with the
/// full JSON path of a value that does not fit (`serde(flatten)` would lose it).
#[derive(Deserialize)]
struct Tree {
    parent: Value,
    children: Vec<Value>,
}

/// An endpoint's own figures, as [`UnitFigures`].
trait Figures {
    fn figures(&self) -> UnitFigures;
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Progress {
    total_received: u64,
    total_on_time: u64,
    /// Children only; the province gives `totalCompleted`, which is another figure.
    #[serde(default)]
    total_overdue: Option<u64>,
    #[serde(default)]
    avg_processing_days: Option<f64>,
    /// `score` on children, `totalScore` on the province.
    #[serde(alias = "totalScore")]
    score: f64,
}

impl Figures for Progress {
    fn figures(&self) -> UnitFigures {
        UnitFigures {
            received: Some(self.total_received),
            on_time: Some(self.total_on_time),
            overdue: self.total_overdue,
            avg_days: self.avg_processing_days,
            scores: [(Group::OnTime, self.score)].into(),
            ..UnitFigures::default()
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Provision {
    total_score: f64,
    /// The province only: dossiers by channel.
    #[serde(default)]
    channel_online_sum: Option<u64>,
    #[serde(default)]
    channel_postal_sum: Option<u64>,
    #[serde(default)]
    channel_direct_sum: Option<u64>,
}

impl Figures for Provision {
    fn figures(&self) -> UnitFigures {
        UnitFigures {
            online: self.channel_online_sum,
            post: self.channel_postal_sum,
            desk: self.channel_direct_sum,
            scores: [(Group::OnlineService, self.total_score)].into(),
            ..UnitFigures::default()
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Payment {
    total_score: f64,
    total_dossier_online_payment_success: u64,
    total_dossier_financial_obligation: u64,
    total_dossier_online_formality_payment_success: u64,
    total_fee_dossier_formality: u64,
    total_fee_formality: u64,
}

impl Figures for Payment {
    fn figures(&self) -> UnitFigures {
        UnitFigures {
            paid_online: Some(self.total_dossier_online_payment_success),
            payable: Some(self.total_dossier_financial_obligation),
            fee_procedures_paid_online: Some(self.total_dossier_online_formality_payment_success),
            fee_procedures_on_portal: Some(self.total_fee_dossier_formality),
            fee_procedures: Some(self.total_fee_formality),
            scores: [(Group::OnlinePayment, self.total_score)].into(),
            ..UnitFigures::default()
        }
    }
}

fn level(path: &str, level: Option<&str>) -> Result<UnitLevel, Failure> {
    match level {
        Some("PROVINCE") | Some("AGENCY") => Ok(UnitLevel::Agency),
        Some("COMMUNE") => Ok(UnitLevel::Commune),
        other => Err((
            path.to_string(),
            format!(
                "unknown unit level {}",
                other.map_or("(none)".into(), |l| format!("`{l}`"))
            ),
        )),
    }
}

fn unit_code(path: &str, code: &str) -> Result<(), Failure> {
    if catalog::stats::is_unit_code(code) {
        Ok(())
    } else {
        Err((
            path.to_string(),
            format!("`{code}` is not a unit code such as H44.116"),
        ))
    }
}

fn tree<T: Figures + serde::de::DeserializeOwned>(
    t: Tree,
) -> Result<(Province, BTreeMap<String, UnitFigures>), Failure> {
    let parent: Head = typed(&t.parent, "$.data.parent")?;
    let figures: T = typed(&t.parent, "$.data.parent")?;
    unit_code("$.data.parent.departmentCode", &parent.department_code)?;
    let province = Province {
        code: parent.department_code.clone(),
        name: parent.department_name.clone(),
    };
    let mut units = BTreeMap::new();
    units.insert(
        province.code.clone(),
        UnitFigures {
            name: parent.department_name,
            level: Some(UnitLevel::Province),
            ..figures.figures()
        },
    );
    for (i, child) in t.children.iter().enumerate() {
        let at = format!("$.data.children[{i}]");
        let c: Head = typed(child, &at)?;
        let figures: T = typed(child, &at)?;
        unit_code(&format!("{at}.departmentCode"), &c.department_code)?;
        in_province(&at, &c.department_code, &province.code)?;
        let unit = UnitFigures {
            name: c.department_name.clone(),
            level: Some(level(&format!("{at}.level"), c.level.as_deref())?),
            ..figures.figures()
        };
        if units.insert(c.department_code.clone(), unit).is_some() {
            return Err((
                format!("{at}.departmentCode"),
                format!("unit {} appears twice", c.department_code),
            ));
        }
    }
    Ok((province, units))
}

fn in_province(at: &str, code: &str, province: &str) -> Result<(), Failure> {
    if catalog::stats::province_of(code) == province && code != province {
        Ok(())
    } else {
        Err((
            format!("{at}.departmentCode"),
            format!("unit {code} is not under the province {province}"),
        ))
    }
}

#[derive(Deserialize)]
struct Results {
    overview: Overview,
    radar: Vec<Radar>,
    evaluation: Vec<Evaluated>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Overview {
    department_code: String,
    department_name: String,
    total_score: f64,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Radar {
    code: String,
    score: f64,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Evaluated {
    department_code: String,
    department_name: String,
    total_score: f64,
    child_group: String,
}

fn results(r: Results) -> Result<(Province, BTreeMap<String, UnitFigures>), Failure> {
    unit_code(
        "$.data.overview.departmentCode",
        &r.overview.department_code,
    )?;
    let mut scores = BTreeMap::new();
    for (i, g) in r.radar.iter().enumerate() {
        let group = Group::from_code(&g.code).ok_or((
            format!("$.data.radar[{i}].code"),
            format!("unknown index group `{}`", g.code),
        ))?;
        scores.insert(group, g.score);
    }
    let province = Province {
        code: r.overview.department_code.clone(),
        name: r.overview.department_name.clone(),
    };
    let mut units = BTreeMap::new();
    units.insert(
        province.code.clone(),
        UnitFigures {
            name: province.name.clone(),
            level: Some(UnitLevel::Province),
            total: Some(r.overview.total_score),
            scores,
            ..UnitFigures::default()
        },
    );
    for (i, e) in r.evaluation.iter().enumerate() {
        let at = format!("$.data.evaluation[{i}]");
        unit_code(&format!("{at}.departmentCode"), &e.department_code)?;
        in_province(&at, &e.department_code, &province.code)?;
        let unit = UnitFigures {
            name: e.department_name.clone(),
            level: Some(level(
                &format!("{at}.childGroup"),
                Some(e.child_group.as_str()),
            )?),
            total: Some(e.total_score),
            ..UnitFigures::default()
        };
        if units.insert(e.department_code.clone(), unit).is_some() {
            return Err((
                format!("{at}.departmentCode"),
                format!("unit {} appears twice", e.department_code),
            ));
        }
    }
    Ok((province, units))
}

/// What changed between the file on disk and the new import, unit by unit.
fn diff(old: &StatsFile, new: &StatsFile) -> Vec<String> {
    let mut out = Vec::new();
    for (code, n) in &new.units {
        match old.units.get(code) {
            None => out.push(format!("+ {code} {}", n.name)),
            Some(o) if o != n => {
                let (a, b) = (flat(o), flat(n));
                let fields: Vec<String> = b
                    .iter()
                    .filter(|(k, v)| a.get(*k) != Some(*v))
                    .map(|(k, v)| format!("{k}: {} -> {v}", a.get(k).map_or("-", String::as_str)))
                    .chain(
                        a.keys()
                            .filter(|k| !b.contains_key(*k))
                            .map(|k| format!("{k}: {} -> -", a[k])),
                    )
                    .collect();
                out.push(format!("~ {code} {}: {}", n.name, fields.join(", ")));
            }
            Some(_) => {}
        }
    }
    for (code, o) in &old.units {
        if !new.units.contains_key(code) {
            out.push(format!("- {code} {}", o.name));
        }
    }
    out
}

/// A unit's figures as `field -> value` text, for the change list.
fn flat(u: &UnitFigures) -> BTreeMap<String, String> {
    match toml::Value::try_from(u) {
        Ok(toml::Value::Table(t)) => t
            .into_iter()
            .flat_map(|(k, v)| match v {
                toml::Value::Table(inner) => inner
                    .into_iter()
                    .map(|(ik, iv)| (format!("{k}.{ik}"), iv.to_string()))
                    .collect::<Vec<_>>(),
                v => vec![(k, v.to_string())],
            })
            .collect(),
        _ => BTreeMap::new(),
    }
}

fn stats_toml(s: &StatsFile) -> String {
    let body = toml::to_string_pretty(s).unwrap_or_default();
    format!(
        "# {} — {} — {}\n# Nhập từ Cổng Dịch vụ công quốc gia (báo cáo `{}`) bằng `site-gen import service-index`.\n# Điểm số giữ nguyên như Cổng công bố. Nhập lại cùng kỳ sẽ ghi đè tệp này.\n\n{body}",
        s.province_name,
        s.source.name(),
        s.period,
        s.source.name()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_shapes_are_named_by_path() {
        let p = Period::Month(2026, 8);
        let e = convert(r#"{"code":"OK","data":{"rows":[]}}"#, p).unwrap_err();
        assert_eq!(e.0, "$.data");
        let e = convert(
            r#"{"code":"OK","data":{"parent":{"departmentCode":"H44","departmentName":"x","totalOnTime":1,"totalReceived":"many","totalScore":1},"children":[]}}"#,
            p,
        )
        .unwrap_err();
        assert_eq!(e.0, "$.data.parent.totalReceived");
        let e = convert(
        r#"{"code":"OK","data":{"parent":{"departmentCode":"H44","departmentName":"x","totalOnTime":1,"totalReceived":1,"totalScore":1},"children":[{"departmentCode":"H44.1","departmentName":"y","level":"COMMUNE","totalReceived":1,"totalOnTime":1,"score":"high"}]}}"#,
        p,
    )
    .unwrap_err();
        assert_eq!(e.0, "$.data.children[0].score");
        let e = convert(r#"{"code":"ERROR","message":"denied"}"#, p).unwrap_err();
        assert!(e.1.contains("denied"));
    }
}
