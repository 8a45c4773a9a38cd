//! The data of the statistics pages: a commune's results (on its page and its own page), the
//! rankings of each province, and the national overview. Scores are printed as published;
//! rates are computed from their numerators and denominators and say so.

use super::charts::{bars, Bar};
use super::RenderContext;
use crate::resolve::{CommuneView, Site};
use crate::routes::Route;
use crate::statistics::{RankKey, Unit};
use catalog::stats::{decimal, Group, Period, UnitLevel};
use serde_json::{json, Value};

/// Whether a commune has figures, so a page of its own and a link to it.
pub fn has_statistics(site: &Site, c: &CommuneView) -> bool {
    c.commune
        .portal_unit
        .as_deref()
        .is_some_and(|u| !site.statistics.history(u).is_empty())
}

fn vi(cx: &RenderContext) -> bool {
    cx.i.lang == "vi"
}

fn count(cx: &RenderContext, n: Option<u64>) -> Value {
    n.map_or(Value::Null, |n| json!(decimal(n as f64, 0, vi(cx))))
}

/// A score as the portal published it (up to two decimals): `19,78`.
pub fn score(cx: &RenderContext, v: f64) -> String {
    decimal(v, 2, vi(cx))
}

/// A computed rate with one decimal: `98,9 %`.
pub fn percent(cx: &RenderContext, v: f64) -> String {
    let n = decimal(v, 1, vi(cx));
    if vi(cx) {
        format!("{n} %")
    } else {
        format!("{n}%")
    }
}

pub fn period(cx: &RenderContext, p: Period) -> String {
    match p {
        Period::Year(y) => cx.i.f("period_year", &[("year", &y.to_string())]),
        Period::Quarter(y, q) => cx.i.f(
            "period_quarter",
            &[("year", &y.to_string()), ("quarter", &q.to_string())],
        ),
        Period::Month(y, m) => cx.i.f(
            "period_month",
            &[("year", &y.to_string()), ("month", &format!("{m:02}"))],
        ),
    }
}

pub fn key_name(cx: &RenderContext, key: RankKey) -> String {
    match key {
        RankKey::Total => cx.i.t("st_total").to_string(),
        RankKey::Group(g) => group_name(cx, g),
    }
}

fn group_name(cx: &RenderContext, g: Group) -> String {
    format!(
        "{} ({})",
        cx.i.t(&format!("group_{}", g.code().to_lowercase())),
        g.code()
    )
}

/// Every figure of one unit in one period, formatted, "not stated" as null.
fn figures(cx: &RenderContext, u: &Unit) -> Value {
    let f = &u.figures;
    json!({
        "received": count(cx, f.received),
        "on_time": count(cx, f.on_time),
        "overdue": count(cx, f.overdue),
        "on_time_rate": f.on_time_rate().map(|r| percent(cx, r)),
        "avg_days": f.avg_days.map(|d| score(cx, d)),
        "online_rate": f.online_rate().map(|r| percent(cx, r)),
        "paid_online": count(cx, f.paid_online),
        "payable": count(cx, f.payable),
        "paid_online_rate": f.paid_online_rate().map(|r| percent(cx, r)),
        "total": f.total.map(|t| score(cx, t)),
        "example": u.example,
    })
}

fn groups(u: &Unit) -> Vec<(Group, f64)> {
    Group::ALL
        .into_iter()
        .filter_map(|g| Some((g, *u.figures.scores.get(&g)?)))
        .collect()
}

/// The results section of a commune's page: its latest period in brief.
pub fn commune_summary(cx: &RenderContext, c: &CommuneView) -> Value {
    let Some(code) = c.commune.portal_unit.as_deref() else {
        return Value::Null;
    };
    let history = cx.site.statistics.history(code);
    let Some((p, u)) = history.last() else {
        return Value::Null;
    };
    json!({
        "period": period(cx, *p),
        "figures": figures(cx, u),
        "url": cx.url(Route::CommuneStatistics(c.slug)),
    })
}

/// A commune's own statistics page: the latest period, its group scores, and the trend.
pub fn commune_page(cx: &RenderContext, c: &CommuneView) -> Value {
    let code = c.commune.portal_unit.as_deref().unwrap_or_default();
    let history = cx.site.statistics.history(code);
    let Some((latest_period, latest)) = history.last() else {
        return Value::Null;
    };
    let group_rows: Vec<Value> = groups(latest)
        .into_iter()
        .map(|(g, v)| {
            json!({
                "name": group_name(cx, g),
                "score": score(cx, v),
                "max": score(cx, g.max()),
            })
        })
        .collect();
    let group_chart = (!group_rows.is_empty()).then(|| {
        bars(
            "chart-groups",
            cx.i.t("st_groups"),
            &groups(latest)
                .into_iter()
                .map(|(g, v)| Bar {
                    label: g.code().replace('_', " "),
                    value: v,
                    max: g.max(),
                    text: format!("{} / {}", score(cx, v), score(cx, g.max())),
                })
                .collect::<Vec<_>>(),
        )
    });
    let trend: Vec<Value> = history
        .iter()
        .map(|(p, u)| json!({ "period": period(cx, *p), "figures": figures(cx, u) }))
        .collect();
    let rates: Vec<Bar> = history
        .iter()
        .filter_map(|(p, u)| {
            let r = u.figures.on_time_rate()?;
            Some(Bar {
                label: period(cx, *p),
                value: r,
                max: 100.0,
                text: percent(cx, r),
            })
        })
        .collect();
    let trend_chart =
        (!rates.is_empty()).then(|| bars("chart-trend", cx.i.t("st_trend_chart"), &rates));
    json!({
        "title": format!("{} — {} {}", cx.i.t("stats_title"), cx.commune_kind(c), c.commune.name),
        "commune": super::views::commune_head(cx, c),
        "unit": { "code": code, "name": latest.figures.name },
        "period": period(cx, *latest_period),
        "figures_caption": format!("{}: {}", cx.i.t("st_latest"), period(cx, *latest_period)),
        "figures": figures(cx, latest),
        "example": history.iter().any(|(_, u)| u.example),
        "groups": group_rows,
        "group_chart": group_chart,
        "trend": trend,
        "trend_chart": trend_chart,
        // The province's rankings, one click away; linking each ranking from here would
        // make every commune's page depend on every unit's figures.
        "rankings_url": cx.url_at(Route::Statistics, &format!("p-{}", latest.province())),
        "open_data": open_data_links(cx),
    })
}

fn open_data_links(cx: &RenderContext) -> Value {
    json!({
        "csv": cx.url(Route::StatisticsCsv),
        "json": cx.url(Route::StatisticsJson),
    })
}

/// The ranking of one province's communes or agencies by one key, in the latest period.
pub fn ranking(cx: &RenderContext, province: &str, level: UnitLevel, key: RankKey) -> Value {
    let st = &cx.site.statistics;
    let Some(pi) = st.latest_of(province) else {
        return Value::Null;
    };
    let previous = st.previous(pi, province, level, key);
    let rows: Vec<Value> = st
        .ranking(pi, province, level, key)
        .into_iter()
        .map(|r| {
            let change = r.change.map(|c| match c {
                0 => json!({ "sign": "=", "text": cx.i.t("st_same") }),
                c if c > 0 => json!({ "sign": format!("▲ {c}"), "text": cx.i.f("st_up", &[("n", &c.to_string())]) }),
                c => json!({ "sign": format!("▼ {}", -c), "text": cx.i.f("st_down", &[("n", &(-c).to_string())]) }),
            });
            let url = st
                .communes
                .get(r.unit.code)
                .map(|slug| cx.url(Route::Commune(slug)));
            json!({
                "rank": r.rank,
                "change": change,
                "code": r.unit.code,
                "name": r.unit.figures.name,
                "url": url,
                "score": score(cx, r.score),
                "figures": figures(cx, r.unit),
            })
        })
        .collect();
    let level_name = cx.i.t(match level {
        UnitLevel::Agency => "st_agencies",
        _ => "st_communes",
    });
    let province_name = st.provinces.get(province).copied().unwrap_or(province);
    let others: Vec<Value> = [UnitLevel::Commune, UnitLevel::Agency]
        .into_iter()
        .flat_map(|l| {
            st.keys(pi, province, l).into_iter().map(move |k| (l, k))
        })
        .map(|(l, k)| {
            json!({
                "name": format!("{} — {}", cx.i.t(if l == UnitLevel::Agency { "st_agencies" } else { "st_communes" }), key_name(cx, k)),
                "url": cx.url(Route::Ranking(province, l, k)),
                "current": l == level && k == key,
            })
        })
        .collect();
    json!({
        "title": format!("{} {}: {} — {}", cx.i.t("st_ranking"), province_name, level_name, key_name(cx, key)),
        "period": period(cx, st.periods[pi].period),
        "previous": previous.map(|p| period(cx, st.periods[p].period)),
        "max": score(cx, key.max()),
        "key": key.slug(),
        "ontime": key == RankKey::Group(Group::OnTime),
        "payment": key == RankKey::Group(Group::OnlinePayment),
        "rows": rows,
        "count": rows.len(),
        "others": others,
        "example": st.periods[pi].units.values().any(|u| u.province() == province && u.example),
        "stats_url": cx.url(Route::Statistics),
        "open_data": open_data_links(cx),
    })
}

/// The pages of rankings, for the job list: (province, level, key) in the latest period.
pub fn rankings<'s>(st: &'s crate::statistics::Statistics) -> Vec<(&'s str, UnitLevel, RankKey)> {
    let mut out = Vec::new();
    for &province in st.provinces.keys() {
        if let Some(pi) = st.latest_of(province) {
            for level in [UnitLevel::Commune, UnitLevel::Agency] {
                for key in st.keys(pi, province, level) {
                    out.push((province, level, key));
                }
            }
        }
    }
    out
}

/// The national overview: each province's latest period, its own scores, its rankings.
pub fn home(cx: &RenderContext) -> Value {
    let st = &cx.site.statistics;
    let provinces: Vec<Value> = st
        .provinces
        .iter()
        .filter_map(|(&code, &name)| {
            let pi = st.latest_of(code)?;
            let own = st.periods[pi].units.get(code);
            let links: Vec<Value> = [UnitLevel::Commune, UnitLevel::Agency]
                .into_iter()
                .flat_map(|l| st.keys(pi, code, l).into_iter().map(move |k| (l, k)))
                .map(|(l, k)| {
                    json!({
                        "name": format!("{} — {}", cx.i.t(if l == UnitLevel::Agency { "st_agencies" } else { "st_communes" }), key_name(cx, k)),
                        "url": cx.url(Route::Ranking(code, l, k)),
                    })
                })
                .collect();
            let scores: Vec<Value> = own
                .map(|u| {
                    u.figures
                        .total
                        .map(|t| (RankKey::Total, t))
                        .into_iter()
                        .chain(groups(u).into_iter().map(|(g, v)| (RankKey::Group(g), v)))
                        .map(|(k, v)| json!({ "name": key_name(cx, k), "score": score(cx, v), "max": score(cx, k.max()) }))
                        .collect()
                })
                .unwrap_or_default();
            Some(json!({
                "code": code,
                "name": name,
                "period": period(cx, st.periods[pi].period),
                "scores": scores,
                "figures": own.map(|u| figures(cx, u)),
                "links": links,
                "example": st.periods[pi].units.values().any(|u| u.province() == code && u.example),
            }))
        })
        .collect();
    json!({
        "title": cx.i.t("st_national"),
        "provinces": provinces,
        "open_data": open_data_links(cx),
    })
}
