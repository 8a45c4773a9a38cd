//! The statistics as open data: one row per period and unit, every figure as stored (scores
//! as published), numbers in machine notation (`19.78`), an empty cell for "not stated".
//! The same rows as CSV (for spreadsheets) and JSON (for programs).

use crate::routes::Route;
use crate::statistics::{Statistics, Unit};
use catalog::stats::{Group, UnitLevel};
use serde_json::{json, Map, Value};

/// The columns, in order; the README documents each.
const COLUMNS: [&str; 22] = [
    "period",
    "province",
    "unit_code",
    "unit_name",
    "level",
    "commune_page",
    "example",
    "sources",
    "received",
    "on_time",
    "overdue",
    "avg_days",
    "online",
    "post",
    "desk",
    "payable",
    "paid_online",
    "fee_procedures",
    "fee_procedures_paid_online",
    "fee_procedures_on_portal",
    "total",
    "scores",
];

fn level(l: UnitLevel) -> &'static str {
    match l {
        UnitLevel::Province => "province",
        UnitLevel::Agency => "agency",
        UnitLevel::Commune => "commune",
    }
}

/// One row as (column, value); `commune_page` is the page's path under the site's root.
fn row(st: &Statistics, period: String, u: &Unit) -> Vec<(&'static str, Value)> {
    let f = &u.figures;
    let n = |v: Option<u64>| v.map_or(Value::Null, |v| json!(v));
    let x = |v: Option<f64>| v.map_or(Value::Null, |v| json!(v));
    let mut scores = Map::new();
    for g in Group::ALL {
        if let Some(v) = f.scores.get(&g) {
            scores.insert(g.code().to_string(), json!(v));
        }
    }
    let sources: Vec<&str> = u.sources.iter().map(|s| s.name()).collect();
    vec![
        ("period", json!(period)),
        ("province", json!(u.province())),
        ("unit_code", json!(u.code)),
        ("unit_name", json!(f.name)),
        ("level", json!(level(u.level()))),
        (
            "commune_page",
            st.communes
                .get(u.code)
                .map_or(Value::Null, |s| json!(Route::Commune(s).address())),
        ),
        ("example", json!(u.example)),
        ("sources", json!(sources)),
        ("received", n(f.received)),
        ("on_time", n(f.on_time)),
        ("overdue", n(f.overdue)),
        ("avg_days", x(f.avg_days)),
        ("online", n(f.online)),
        ("post", n(f.post)),
        ("desk", n(f.desk)),
        ("payable", n(f.payable)),
        ("paid_online", n(f.paid_online)),
        ("fee_procedures", n(f.fee_procedures)),
        (
            "fee_procedures_paid_online",
            n(f.fee_procedures_paid_online),
        ),
        ("fee_procedures_on_portal", n(f.fee_procedures_on_portal)),
        ("total", x(f.total)),
        ("scores", Value::Object(scores)),
    ]
}

fn rows<'s>(st: &'s Statistics<'s>) -> impl Iterator<Item = Vec<(&'static str, Value)>> + 's {
    st.periods.iter().flat_map(move |p| {
        p.units
            .values()
            .map(move |u| row(st, p.period.to_string(), u))
    })
}

pub fn json(st: &Statistics) -> String {
    let rows: Vec<Value> = rows(st)
        .map(|r| Value::Object(r.into_iter().map(|(k, v)| (k.to_string(), v)).collect()))
        .collect();
    let doc = json!({
        "description": "Service-quality figures (Decision 766/QĐ-TTg). Scores as published by the national public-service portal; null = not stated.",
        "columns": COLUMNS,
        "rows": rows,
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

/// CSV with a byte-order mark (spreadsheets need it for Vietnamese). Group scores get one
/// column each (`score_TDGQ`…); text cells that a spreadsheet would run as a formula are
/// prefixed with `'`.
pub fn csv(st: &Statistics) -> String {
    let mut out = String::from("\u{feff}");
    let mut header: Vec<String> = COLUMNS[..COLUMNS.len() - 1]
        .iter()
        .map(|s| s.to_string())
        .collect();
    header.extend(Group::ALL.iter().map(|g| format!("score_{}", g.code())));
    push(&mut out, header);
    for r in rows(st) {
        let mut cells: Vec<String> = Vec::new();
        for (k, v) in r {
            match (k, v) {
                ("scores", Value::Object(m)) => {
                    for g in Group::ALL {
                        cells.push(m.get(g.code()).map(|v| v.to_string()).unwrap_or_default());
                    }
                }
                (_, Value::Null) => cells.push(String::new()),
                (_, Value::String(s)) => cells.push(s),
                (_, Value::Array(a)) => cells.push(
                    a.iter()
                        .filter_map(Value::as_str)
                        .collect::<Vec<_>>()
                        .join(" "),
                ),
                (_, v) => cells.push(v.to_string()),
            }
        }
        push(&mut out, cells);
    }
    out
}

fn push(out: &mut String, cells: Vec<String>) {
    let line: Vec<String> = cells
        .into_iter()
        .map(|c| {
            let c = if c.starts_with(['=', '+', '-', '@']) && c.parse::<f64>().is_err() {
                format!("'{c}")
            } else {
                c
            };
            if c.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", c.replace('"', "\"\""))
            } else {
                c
            }
        })
        .collect();
    out.push_str(&line.join(","));
    out.push_str("\r\n");
}
