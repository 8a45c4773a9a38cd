//! The data of the statistics pages: a commune's results (on its page and its own page), the
//! rankings of each province, and the national overview. Scores are printed as published;
//! rates are computed from their numerators and denominators and say so.

use super::charts::{bars, Bar};
use super::views::{self, CommuneHead};
use super::RenderContext;
use crate::resolve::{CommuneView, Site};
use crate::routes::Route;
use crate::statistics::{RankKey, Unit};
use catalog::stats::{decimal, Group, Period, UnitLevel};
use serde::Serialize;

fn vi(cx: &RenderContext) -> bool {
    cx.i.lang == "vi"
}

fn count(cx: &RenderContext, n: Option<u64>) -> Option<String> {
    n.map(|n| decimal(n as f64, 0, vi(cx)))
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
        Period::Year(y) => cx.i.format("period_year", &[("year", &y.to_string())]),
        Period::Quarter(y, q) => cx.i.format(
            "period_quarter",
            &[("year", &y.to_string()), ("quarter", &q.to_string())],
        ),
        Period::Month(y, m) => cx.i.format(
            "period_month",
            &[("year", &y.to_string()), ("month", &format!("{m:02}"))],
        ),
    }
}

pub fn key_name(cx: &RenderContext, key: RankKey) -> String {
    match key {
        RankKey::Total => cx.i.text("st_total").to_string(),
        RankKey::Group(g) => group_name(cx, g),
    }
}

fn group_name(cx: &RenderContext, g: Group) -> String {
    format!(
        "{} ({})",
        cx.i.text(&format!("group_{}", g.code().to_lowercase())),
        g.code()
    )
}

/// Every figure of one unit in one period, formatted; "not stated" is `None`.
#[derive(Serialize)]
struct Figures {
    received: Option<String>,
    on_time: Option<String>,
    overdue: Option<String>,
    on_time_rate: Option<String>,
    avg_days: Option<String>,
    online_rate: Option<String>,
    paid_online: Option<String>,
    payable: Option<String>,
    paid_online_rate: Option<String>,
    total: Option<String>,
    example: bool,
}

fn figures(cx: &RenderContext, u: &Unit) -> Figures {
    let f = &u.figures;
    Figures {
        received: count(cx, f.received),
        on_time: count(cx, f.on_time),
        overdue: count(cx, f.overdue),
        on_time_rate: f.on_time_rate().map(|r| percent(cx, r)),
        avg_days: f.avg_days.map(|d| score(cx, d)),
        online_rate: f.online_rate().map(|r| percent(cx, r)),
        paid_online: count(cx, f.paid_online),
        payable: count(cx, f.payable),
        paid_online_rate: f.paid_online_rate().map(|r| percent(cx, r)),
        total: f.total.map(|t| score(cx, t)),
        example: u.example,
    }
}

fn groups(u: &Unit) -> Vec<(Group, f64)> {
    Group::ALL
        .into_iter()
        .filter_map(|g| Some((g, *u.figures.scores.get(&g)?)))
        .collect()
}

/// A unit's latest results in brief, on its commune's page.
#[derive(Serialize)]
pub struct Results {
    period: String,
    figures: Figures,
    url: String,
}

/// The results section of a commune's page: its latest period in brief, if it has figures.
pub fn commune_summary(cx: &RenderContext, c: &CommuneView) -> Option<Results> {
    let code = c.commune.portal_unit.as_deref()?;
    let history = cx.site.statistics.history(code);
    let (p, u) = history.last()?;
    Some(Results {
        period: period(cx, *p),
        figures: figures(cx, u),
        url: cx.url(Route::CommuneStatistics(c.slug)),
    })
}

/// A score out of its maximum.
#[derive(Serialize)]
struct Score {
    name: String,
    score: String,
    max: String,
}

/// One period's figures.
#[derive(Serialize)]
struct Trend {
    period: String,
    figures: Figures,
}

#[derive(Serialize)]
struct UnitName<'a> {
    code: &'a str,
    name: &'a str,
}

/// The open-data files of the figures.
#[derive(Serialize)]
struct OpenData {
    csv: String,
    json: String,
}

fn open_data_links(cx: &RenderContext) -> OpenData {
    OpenData {
        csv: cx.url(Route::StatisticsCsv),
        json: cx.url(Route::StatisticsJson),
    }
}

/// A commune's own statistics page.
#[derive(Serialize)]
pub struct CommunePage<'a> {
    title: String,
    commune: CommuneHead<'a>,
    unit: UnitName<'a>,
    period: String,
    figures_caption: String,
    figures: Figures,
    example: bool,
    groups: Vec<Score>,
    group_chart: Option<String>,
    trend: Vec<Trend>,
    trend_chart: Option<String>,
    rankings_url: String,
    open_data: OpenData,
}

/// What a commune's statistics page is made of: the commune, its unit code and the unit's
/// figures, oldest first (never empty: only communes with figures get the page).
pub struct UnitHistory<'s> {
    pub commune: &'s CommuneView<'s>,
    code: &'s str,
    history: Vec<(Period, &'s Unit<'s>)>,
    latest: (Period, &'s Unit<'s>),
}

impl<'s> UnitHistory<'s> {
    /// The commune's figures, if the site has any for its unit.
    pub fn of(site: &'s Site<'s>, commune: &'s CommuneView<'s>) -> Option<UnitHistory<'s>> {
        let code = commune.commune.portal_unit.as_deref()?;
        let history = site.statistics.history(code);
        let latest = *history.last()?;
        Some(UnitHistory {
            commune,
            code,
            history,
            latest,
        })
    }
}

/// A commune's own statistics page: the latest period, its group scores, and the trend.
pub fn commune_page<'a>(cx: &RenderContext, h: &'a UnitHistory) -> CommunePage<'a> {
    let c = h.commune;
    let (latest_period, latest) = h.latest;
    let group_rows: Vec<Score> = groups(latest)
        .into_iter()
        .map(|(g, v)| Score {
            name: group_name(cx, g),
            score: score(cx, v),
            max: score(cx, g.max()),
        })
        .collect();
    let group_chart = (!group_rows.is_empty()).then(|| {
        bars(
            "chart-groups",
            cx.i.text("st_groups"),
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
    let rates: Vec<Bar> = h
        .history
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
        (!rates.is_empty()).then(|| bars("chart-trend", cx.i.text("st_trend_chart"), &rates));
    CommunePage {
        title: format!(
            "{} — {} {}",
            cx.i.text("stats_title"),
            cx.commune_kind(c),
            c.commune.name
        ),
        commune: views::commune_head(cx, c),
        unit: UnitName {
            code: h.code,
            name: &latest.figures.name,
        },
        period: period(cx, latest_period),
        figures_caption: format!("{}: {}", cx.i.text("st_latest"), period(cx, latest_period)),
        figures: figures(cx, latest),
        example: h.history.iter().any(|(_, u)| u.example),
        groups: group_rows,
        group_chart,
        trend: h
            .history
            .iter()
            .map(|(p, u)| Trend {
                period: period(cx, *p),
                figures: figures(cx, u),
            })
            .collect(),
        trend_chart,
        // The province's rankings, one click away; linking each ranking from here would
        // make every commune's page depend on every unit's figures.
        rankings_url: cx.url_at(Route::Statistics, &format!("p-{}", latest.province())),
        open_data: open_data_links(cx),
    }
}

/// One ranking page.
#[derive(Serialize)]
pub struct RankingPage<'a> {
    title: String,
    period: String,
    previous: Option<String>,
    max: String,
    key: String,
    ontime: bool,
    payment: bool,
    rows: Vec<Row<'a>>,
    count: usize,
    others: Vec<OtherRanking>,
    example: bool,
    stats_url: String,
    open_data: OpenData,
}

/// A unit's place in a ranking.
#[derive(Serialize)]
struct Row<'a> {
    rank: usize,
    change: Option<Change>,
    code: &'a str,
    name: &'a str,
    url: Option<String>,
    score: String,
    figures: Figures,
}

/// How the rank moved since the previous period: a sign for the eye, words for a reader.
#[derive(Serialize)]
struct Change {
    sign: String,
    text: String,
}

/// A link to another ranking of the same province.
#[derive(Serialize)]
struct OtherRanking {
    name: String,
    url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    current: Option<bool>,
}

fn level_name<'a>(cx: &'a RenderContext, level: UnitLevel) -> &'a str {
    cx.i.text(match level {
        UnitLevel::Agency => "st_agencies",
        _ => "st_communes",
    })
}

/// Another ranking of `province`, by `l` and `k`.
fn other(cx: &RenderContext, province: &str, l: UnitLevel, k: RankKey) -> OtherRanking {
    OtherRanking {
        name: format!("{} — {}", level_name(cx, l), key_name(cx, k)),
        url: cx.url(Route::Ranking(province, l, k)),
        current: None,
    }
}

/// The ranking of one province's communes or agencies by one key, in period `pi` (the
/// province's latest: see [`rankings`]).
pub fn ranking<'a>(
    cx: &'a RenderContext,
    (province, pi, level, key): (&'a str, usize, UnitLevel, RankKey),
) -> RankingPage<'a> {
    let st = &cx.site.statistics;
    let previous = st.previous(pi, province, level, key);
    let rows: Vec<Row> = st
        .ranking(pi, province, level, key)
        .into_iter()
        .map(|r| Row {
            rank: r.rank,
            change: r.change.map(|c| match c {
                0 => Change {
                    sign: "=".into(),
                    text: cx.i.text("st_same").into(),
                },
                c if c > 0 => Change {
                    sign: format!("▲ {c}"),
                    text: cx.i.format("st_up", &[("n", &c.to_string())]),
                },
                c => Change {
                    sign: format!("▼ {}", -c),
                    text: cx.i.format("st_down", &[("n", &(-c).to_string())]),
                },
            }),
            code: r.unit.code,
            name: &r.unit.figures.name,
            url: st
                .communes
                .get(r.unit.code)
                .map(|slug| cx.url(Route::Commune(slug))),
            score: score(cx, r.score),
            figures: figures(cx, r.unit),
        })
        .collect();
    let province_name = st.provinces.get(province).copied().unwrap_or(province);
    let others: Vec<OtherRanking> = [UnitLevel::Commune, UnitLevel::Agency]
        .into_iter()
        .flat_map(|l| st.keys(pi, province, l).into_iter().map(move |k| (l, k)))
        .map(|(l, k)| OtherRanking {
            current: Some(l == level && k == key),
            ..other(cx, province, l, k)
        })
        .collect();
    RankingPage {
        title: format!(
            "{} {}: {} — {}",
            cx.i.text("st_ranking"),
            province_name,
            level_name(cx, level),
            key_name(cx, key)
        ),
        period: period(cx, st.periods[pi].period),
        previous: previous.map(|p| period(cx, st.periods[p].period)),
        max: score(cx, key.max()),
        key: key.slug(),
        ontime: key == RankKey::Group(Group::OnTime),
        payment: key == RankKey::Group(Group::OnlinePayment),
        count: rows.len(),
        rows,
        others,
        example: st.periods[pi]
            .units
            .values()
            .any(|u| u.province() == province && u.example),
        stats_url: cx.url(Route::Statistics),
        open_data: open_data_links(cx),
    }
}

/// The pages of rankings: (province, its latest period, level, key).
pub fn rankings<'s>(
    st: &'s crate::statistics::Statistics,
) -> Vec<(&'s str, usize, UnitLevel, RankKey)> {
    let mut out = Vec::new();
    for &province in st.provinces.keys() {
        if let Some(pi) = st.latest_of(province) {
            for level in [UnitLevel::Commune, UnitLevel::Agency] {
                for key in st.keys(pi, province, level) {
                    out.push((province, pi, level, key));
                }
            }
        }
    }
    out
}

/// The national overview.
#[derive(Serialize)]
pub struct Overview<'a> {
    title: &'a str,
    provinces: Vec<Province<'a>>,
    open_data: OpenData,
}

/// A province's latest period, its own scores and its rankings.
#[derive(Serialize)]
struct Province<'a> {
    code: &'a str,
    name: &'a str,
    period: String,
    scores: Vec<Score>,
    figures: Option<Figures>,
    links: Vec<OtherRanking>,
    example: bool,
}

/// The national overview: each province's latest period, its own scores, its rankings.
pub fn home<'a>(cx: &'a RenderContext) -> Overview<'a> {
    let st = &cx.site.statistics;
    let provinces: Vec<Province> = st
        .provinces
        .iter()
        .filter_map(|(&code, &name)| {
            let pi = st.latest_of(code)?;
            let own = st.periods[pi].units.get(code);
            let links: Vec<OtherRanking> = [UnitLevel::Commune, UnitLevel::Agency]
                .into_iter()
                .flat_map(|l| st.keys(pi, code, l).into_iter().map(move |k| (l, k)))
                .map(|(l, k)| other(cx, code, l, k))
                .collect();
            let scores: Vec<Score> = own
                .map(|u| {
                    u.figures
                        .total
                        .map(|t| (RankKey::Total, t))
                        .into_iter()
                        .chain(groups(u).into_iter().map(|(g, v)| (RankKey::Group(g), v)))
                        .map(|(k, v)| Score {
                            name: key_name(cx, k),
                            score: score(cx, v),
                            max: score(cx, k.max()),
                        })
                        .collect()
                })
                .unwrap_or_default();
            Some(Province {
                code,
                name,
                period: period(cx, st.periods[pi].period),
                scores,
                figures: own.map(|u| figures(cx, u)),
                links,
                example: st.periods[pi]
                    .units
                    .values()
                    .any(|u| u.province() == code && u.example),
            })
        })
        .collect();
    Overview {
        title: cx.i.text("st_national"),
        provinces,
        open_data: open_data_links(cx),
    }
}
