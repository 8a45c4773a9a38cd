//! The service-quality figures of the content, merged: for each period, each unit's figures
//! from every file that gives some (the portal's endpoints each give a part), and the
//! rankings they make. Built from validated content only, so merges never clash here.

use crate::deps::{combine, Hash};
use crate::load::Content;
use catalog::stats::{unit_code_key, Group, Period, Source, UnitFigures, UnitLevel};
use std::collections::{BTreeMap, HashMap};

pub struct Statistics<'a> {
    /// Oldest first.
    pub periods: Vec<PeriodFigures<'a>>,
    /// Province code -> its name, as the latest file gives it.
    pub provinces: BTreeMap<&'a str, &'a str>,
    /// Portal unit code -> the slug of the commune that names it.
    pub communes: HashMap<&'a str, &'a str>,
}

pub struct PeriodFigures<'a> {
    pub period: Period,
    /// By unit code.
    pub units: BTreeMap<&'a str, Unit<'a>>,
}

pub struct Unit<'a> {
    pub code: &'a str,
    pub figures: UnitFigures,
    /// Made-up figures of a demonstration site.
    pub example: bool,
    pub sources: Vec<Source>,
}

impl Unit<'_> {
    pub fn province(&self) -> &str {
        catalog::stats::province_of(self.code)
    }

    pub fn level(&self) -> UnitLevel {
        self.figures.level.unwrap_or(UnitLevel::Commune)
    }

    pub fn score(&self, key: RankKey) -> Option<f64> {
        match key {
            RankKey::Total => self.figures.total,
            RankKey::Group(g) => self.figures.scores.get(&g).copied(),
        }
    }
}

/// What a ranking orders by: the overall score or one group's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum RankKey {
    Total,
    Group(Group),
}

impl RankKey {
    /// The URL segment of its ranking page.
    pub fn slug(self) -> String {
        match self {
            RankKey::Total => "tong-diem".into(),
            RankKey::Group(g) => g.code().to_lowercase().replace('_', "-"),
        }
    }

    pub fn max(self) -> f64 {
        match self {
            RankKey::Total => catalog::stats::TOTAL_MAX,
            RankKey::Group(g) => g.max(),
        }
    }
}

/// One row of a ranking.
pub struct Ranked<'s, 'a> {
    pub unit: &'s Unit<'a>,
    pub score: f64,
    /// 1 for the highest score; equal scores share a rank (1, 2, 2, 4).
    pub rank: usize,
    /// Places gained since the previous period's ranking (negative: lost); none when the
    /// unit was not ranked then or there is no previous period.
    pub change: Option<i64>,
}

/// The figures of `c`; a period that begins after `as_of` does not exist yet on that date.
pub fn assemble(c: &Content<catalog::Fee>, as_of: catalog::Date) -> Statistics<'_> {
    let mut periods: BTreeMap<Period, BTreeMap<&str, Unit>> = BTreeMap::new();
    let mut provinces = BTreeMap::new();
    let mut latest: BTreeMap<&str, Period> = BTreeMap::new();
    for file in &c.statistics {
        let f = &file.value;
        let (y, m) = f.period.first_month();
        if (y, m, 1) > (as_of.year(), as_of.month(), 1) {
            continue;
        }
        if latest
            .get(f.province.as_str())
            .is_none_or(|p| *p <= f.period)
        {
            latest.insert(&f.province, f.period);
            provinces.insert(f.province.as_str(), f.province_name.as_str());
        }
        let units = periods.entry(f.period).or_default();
        for (code, figures) in &f.units {
            let unit = units.entry(code.as_str()).or_insert_with(|| Unit {
                code,
                figures: UnitFigures {
                    name: figures.name.clone(),
                    ..UnitFigures::default()
                },
                example: false,
                sources: Vec::new(),
            });
            // Validation refused clashing figures.
            unit.figures.merge(figures);
            unit.example |= f.example;
            unit.sources.push(f.source);
        }
    }
    let communes = c
        .communes
        .iter()
        .filter_map(|files| {
            let unit = files.commune.value.portal_unit.as_deref()?;
            Some((unit, files.slug.as_str()))
        })
        .collect();
    Statistics {
        periods: periods
            .into_iter()
            .map(|(period, units)| PeriodFigures { period, units })
            .collect(),
        provinces,
        communes,
    }
}

impl<'a> Statistics<'a> {
    /// A unit's figures in every period that has some, oldest first.
    pub fn history(&self, code: &str) -> Vec<(Period, &Unit<'a>)> {
        self.periods
            .iter()
            .filter_map(|p| Some((p.period, p.units.get(code)?)))
            .collect()
    }

    /// The index of the latest period with figures for the province.
    pub fn latest_of(&self, province: &str) -> Option<usize> {
        self.periods
            .iter()
            .rposition(|p| p.units.values().any(|u| u.province() == province))
    }

    /// The keys some unit of this province and level has a score for, overall first.
    pub fn keys(&self, period: usize, province: &str, level: UnitLevel) -> Vec<RankKey> {
        let mut keys: Vec<RankKey> = self.periods[period]
            .units
            .values()
            .filter(|u| u.province() == province && u.level() == level)
            .flat_map(|u| {
                u.figures
                    .total
                    .map(|_| RankKey::Total)
                    .into_iter()
                    .chain(u.figures.scores.keys().map(|g| RankKey::Group(*g)))
            })
            .collect();
        keys.sort();
        keys.dedup();
        keys
    }

    /// The units of a province and level with a score for `key`, highest first. Equal scores
    /// share a rank and are listed by unit code (`H44.9` before `H44.10`), so the order
    /// never depends on the input's.
    pub fn ranking(
        &self,
        period: usize,
        province: &str,
        level: UnitLevel,
        key: RankKey,
    ) -> Vec<Ranked<'_, 'a>> {
        let mut rows = self.ranked(period, province, level, key);
        let before = self.previous(period, province, level, key).map(|prev| {
            self.ranked(prev, province, level, key)
                .into_iter()
                .map(|r| (r.unit.code, r.rank))
                .collect::<HashMap<&str, usize>>()
        });
        if let Some(before) = before {
            for r in &mut rows {
                r.change = before.get(r.unit.code).map(|&b| b as i64 - r.rank as i64);
            }
        }
        rows
    }

    fn ranked(
        &self,
        period: usize,
        province: &str,
        level: UnitLevel,
        key: RankKey,
    ) -> Vec<Ranked<'_, 'a>> {
        let mut rows: Vec<Ranked> = self.periods[period]
            .units
            .values()
            .filter(|u| u.province() == province && u.level() == level)
            .filter_map(|u| {
                Some(Ranked {
                    unit: u,
                    score: u.score(key)?,
                    rank: 0,
                    change: None,
                })
            })
            .collect();
        rows.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| unit_code_key(a.unit.code).cmp(&unit_code_key(b.unit.code)))
        });
        for n in 0..rows.len() {
            rows[n].rank = if n > 0 && rows[n].score == rows[n - 1].score {
                rows[n - 1].rank
            } else {
                n + 1
            };
        }
        rows
    }

    /// The latest earlier period of the same kind (month before month) in which the
    /// province's units of this level were ranked by `key`.
    pub fn previous(
        &self,
        period: usize,
        province: &str,
        level: UnitLevel,
        key: RankKey,
    ) -> Option<usize> {
        let kind = self.periods[period].period;
        (0..period).rev().find(|&n| {
            self.periods[n].period.same_kind(kind)
                && self.periods[n].units.values().any(|u| {
                    u.province() == province && u.level() == level && u.score(key).is_some()
                })
        })
    }
}

/// What each unit's pages read of the statistics files: per unit code, the hash of its
/// figures in every file that gives some (with the file's period, source and example flag).
/// A commune's pages then change only when its own figures do, not with every file.
pub fn unit_inputs(c: &Content<catalog::Fee>) -> BTreeMap<&str, Hash> {
    let mut parts: BTreeMap<&str, Vec<Hash>> = BTreeMap::new();
    for file in &c.statistics {
        let f = &file.value;
        for (code, figures) in &f.units {
            let text = format!(
                "{}\u{0}{:?}\u{0}{}\u{0}{figures:?}",
                f.period, f.source, f.example
            );
            parts
                .entry(code)
                .or_default()
                .push(xxhash_rust::xxh3::xxh3_128(text.as_bytes()));
        }
    }
    parts.into_iter().map(|(k, v)| (k, combine(v))).collect()
}
