//! The desks' service-quality figures: each commune's page, every province's rankings, and
//! the figures as CSV and JSON.

use super::{From, Input, PageKind, Subject};
use crate::diag::Diagnostic;
use crate::render::stats_views::UnitHistory;
use crate::render::{stats_data, stats_views, RenderContext};
use crate::resolve::Site;
use crate::routes::Route;
use crate::statistics::RankKey;
use catalog::stats::UnitLevel;

/// Whether the site has figures at all.
fn any(site: &Site) -> bool {
    !site.statistics.periods.is_empty()
}

/// `<commune>/thong-ke/`, for a commune the figures name.
pub struct CommuneStatistics;

impl PageKind for CommuneStatistics {
    type Item<'s> = UnitHistory<'s>;
    const NAME: &'static str = "commune-statistics";
    const INPUTS: &'static [Input] = &[
        Input::Global,
        Input::Menu,
        Input::Language,
        Input::CommuneFile,
        Input::CommuneStatistics,
    ];

    fn items<'s>(from: &From<'s>) -> Vec<Self::Item<'s>> {
        from.site
            .communes
            .iter()
            .filter_map(|c| UnitHistory::of(from.site, c))
            .collect()
    }
    fn subject<'a>(h: &'a UnitHistory) -> Subject<'a> {
        Subject::commune(h.commune)
    }
    fn route<'a>(h: &'a UnitHistory) -> Route<'a> {
        Route::CommuneStatistics(h.commune.slug)
    }
    fn render(cx: &RenderContext, h: &UnitHistory) -> Result<Vec<u8>, Diagnostic> {
        cx.html("commune_stats.html", &stats_views::commune_page(cx, h))
    }
}

const ALL: &[Input] = &[
    Input::Global,
    Input::Menu,
    Input::Language,
    Input::Statistics,
];

/// `thong-ke/`: every province's figures.
pub struct Statistics;

impl PageKind for Statistics {
    type Item<'s> = ();
    const NAME: &'static str = "statistics";
    const INPUTS: &'static [Input] = ALL;

    fn items<'s>(from: &From<'s>) -> Vec<()> {
        if any(from.site) {
            vec![()]
        } else {
            vec![]
        }
    }
    fn subject<'a>(_: &'a ()) -> Subject<'a> {
        Subject::site()
    }
    fn route<'a>(_: &'a ()) -> Route<'a> {
        Route::Statistics
    }
    fn render(cx: &RenderContext, _: &()) -> Result<Vec<u8>, Diagnostic> {
        cx.html("stats.html", &stats_views::home(cx))
    }
}

/// `thong-ke/<province>/<level>/<measure>/`: one ranking.
pub struct Ranking;

impl PageKind for Ranking {
    /// Province, its latest period, level, measure.
    type Item<'s> = (&'s str, usize, UnitLevel, RankKey);
    const NAME: &'static str = "ranking";
    const INPUTS: &'static [Input] = ALL;

    fn items<'s>(from: &From<'s>) -> Vec<Self::Item<'s>> {
        if any(from.site) {
            stats_views::rankings(&from.site.statistics)
        } else {
            vec![]
        }
    }
    fn subject<'a>(_: &'a Self::Item<'_>) -> Subject<'a> {
        Subject::site()
    }
    fn route<'a>((province, _, level, key): &'a Self::Item<'_>) -> Route<'a> {
        Route::Ranking(province, *level, *key)
    }
    fn render(cx: &RenderContext, item: &Self::Item<'_>) -> Result<Vec<u8>, Diagnostic> {
        cx.html("ranking.html", &stats_views::ranking(cx, *item))
    }
}

/// The figures as open data.
#[derive(Clone, Copy)]
pub enum DataFile {
    Csv,
    Json,
}

/// `thong-ke/thong-ke.csv` and `thong-ke/thong-ke.json`.
pub struct StatisticsData;

impl PageKind for StatisticsData {
    type Item<'s> = DataFile;
    const NAME: &'static str = "statistics-data";
    const PER_LANGUAGE: bool = false;
    const PAGE: bool = false;
    const INPUTS: &'static [Input] = &[Input::Global, Input::Statistics];

    fn items<'s>(from: &From<'s>) -> Vec<DataFile> {
        if any(from.site) {
            vec![DataFile::Csv, DataFile::Json]
        } else {
            vec![]
        }
    }
    fn subject<'a>(_: &'a DataFile) -> Subject<'a> {
        Subject::site()
    }
    fn route<'a>(file: &'a DataFile) -> Route<'a> {
        match file {
            DataFile::Csv => Route::StatisticsCsv,
            DataFile::Json => Route::StatisticsJson,
        }
    }
    fn render(cx: &RenderContext, file: &DataFile) -> Result<Vec<u8>, Diagnostic> {
        let figures = &cx.site.statistics;
        Ok(match file {
            DataFile::Csv => stats_data::csv(figures),
            DataFile::Json => stats_data::json(figures),
        }
        .into_bytes())
    }
}
