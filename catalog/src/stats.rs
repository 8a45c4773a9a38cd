//! Service-quality figures (Decision 766/QĐ-TTg): what the national portal publishes each
//! period for a province, its agencies and its communes, and what an officer may enter by
//! hand. The scores are the portal's and are kept as published; only rates are computed here,
//! from their numerators and denominators.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// A reporting period: a year, a quarter or a month.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Period {
    Year(i32),
    Quarter(i32, u8),
    Month(i32, u8),
}

impl Period {
    /// `2026`, `2026-Q3` or `2026-08`.
    pub fn parse(s: &str) -> Result<Period, String> {
        let bad = || {
            format!("`{s}` is not a period: write a year (2026), a quarter (2026-Q3) or a month (2026-08)")
        };
        let (year, rest) = match s.split_once('-') {
            Some((y, r)) => (y, Some(r)),
            None => (s, None),
        };
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let y: i32 = year.parse().map_err(|_| bad())?;
        if !(2000..=2999).contains(&y) {
            return Err(bad());
        }
        match rest {
            None => Ok(Period::Year(y)),
            Some(q) if q.starts_with(['Q', 'q']) => match q[1..].parse::<u8>() {
                Ok(n @ 1..=4) if q.len() == 2 => Ok(Period::Quarter(y, n)),
                _ => Err(format!("{}; a quarter is Q1 to Q4", bad())),
            },
            Some(m) => match m.parse::<u8>() {
                Ok(n @ 1..=12) if m.len() == 2 => Ok(Period::Month(y, n)),
                _ => Err(format!("{}; a month is 01 to 12", bad())),
            },
        }
    }

    pub fn year(self) -> i32 {
        match self {
            Period::Year(y) | Period::Quarter(y, _) | Period::Month(y, _) => y,
        }
    }

    /// The first and the day after the last month of the period, as (year × 12 + month − 1),
    /// for ordering periods of different kinds.
    fn months(self) -> (i32, i32) {
        let base = |y: i32| y * 12;
        match self {
            Period::Year(y) => (base(y), base(y) + 12),
            Period::Quarter(y, q) => {
                let s = base(y) + (i32::from(q) - 1) * 3;
                (s, s + 3)
            }
            Period::Month(y, m) => {
                let s = base(y) + i32::from(m) - 1;
                (s, s + 1)
            }
        }
    }

    /// Whether both are months, both quarters or both years.
    pub fn same_kind(self, other: Period) -> bool {
        std::mem::discriminant(&self) == std::mem::discriminant(&other)
    }

    /// The first month of the period, as (year, month).
    pub fn first_month(self) -> (i32, u8) {
        let (start, _) = self.months();
        (start.div_euclid(12), (start.rem_euclid(12) + 1) as u8)
    }

    /// The last day of the period, as (year, month, day).
    pub fn last_day(self) -> (i32, u8, u8) {
        let (_, end) = self.months();
        let last = end - 1;
        let (y, m) = (last.div_euclid(12), (last.rem_euclid(12) + 1) as u8);
        (y, m, crate::date::days_in_month(y, m))
    }
}

impl Ord for Period {
    /// By end, then by start: a month sorts before the quarter and the year it closes.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let (a, b) = (self.months(), other.months());
        (a.1, std::cmp::Reverse(a.0)).cmp(&(b.1, std::cmp::Reverse(b.0)))
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Year(y) => write!(f, "{y}"),
            Period::Quarter(y, q) => write!(f, "{y}-Q{q}"),
            Period::Month(y, m) => write!(f, "{y}-{m:02}"),
        }
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Period::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// The index's groups. The portal's own overview shows CLGQ and TTTT together as
/// `ONLINE_SERVICE`; that display group is kept as published, never summed here.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Group {
    /// Công khai, minh bạch.
    #[serde(rename = "CKMB")]
    Transparency,
    /// Tiến độ giải quyết.
    #[serde(rename = "TDGQ")]
    OnTime,
    /// Dịch vụ công trực tuyến.
    #[serde(rename = "CLGQ")]
    OnlineService,
    /// Thanh toán trực tuyến.
    #[serde(rename = "TTTT")]
    OnlinePayment,
    /// CLGQ and TTTT as the portal's overview shows them.
    #[serde(rename = "ONLINE_SERVICE")]
    Online,
    /// Mức độ hài lòng.
    #[serde(rename = "MDHL")]
    Satisfaction,
    /// Số hóa hồ sơ.
    #[serde(rename = "MDSH")]
    Digitisation,
}

impl Group {
    pub const ALL: [Group; 7] = [
        Group::Transparency,
        Group::OnTime,
        Group::OnlineService,
        Group::OnlinePayment,
        Group::Online,
        Group::Satisfaction,
        Group::Digitisation,
    ];

    /// The most points the group gives (Decision 766's index, 100 in all).
    pub fn max(self) -> f64 {
        match self {
            Group::Transparency => 18.0,
            Group::OnTime => 20.0,
            Group::OnlineService => 12.0,
            Group::OnlinePayment => 10.0,
            Group::Online => 22.0,
            Group::Satisfaction => 18.0,
            Group::Digitisation => 22.0,
        }
    }

    /// The portal's code, e.g. `TDGQ`.
    pub fn code(self) -> &'static str {
        match self {
            Group::Transparency => "CKMB",
            Group::OnTime => "TDGQ",
            Group::OnlineService => "CLGQ",
            Group::OnlinePayment => "TTTT",
            Group::Online => "ONLINE_SERVICE",
            Group::Satisfaction => "MDHL",
            Group::Digitisation => "MDSH",
        }
    }

    pub fn from_code(code: &str) -> Option<Group> {
        Group::ALL.into_iter().find(|g| g.code() == code)
    }
}

/// The whole index's maximum.
pub const TOTAL_MAX: f64 = 100.0;

/// Where a file's figures come from: one of the portal's reporting endpoints, or typed in.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    DvcProgressTree,
    ProvideOnlineTree,
    FormalityOnlinePaymentTree,
    ServiceResults,
    /// Figures entered by an officer.
    Manual,
}

impl Source {
    pub fn name(self) -> &'static str {
        match self {
            Source::DvcProgressTree => "dvc-progress-tree",
            Source::ProvideOnlineTree => "provide-online-tree",
            Source::FormalityOnlinePaymentTree => "formality-online-payment-tree",
            Source::ServiceResults => "service-results",
            Source::Manual => "manual",
        }
    }
}

#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UnitLevel {
    Province,
    Agency,
    Commune,
}

/// One `statistics/<period>/<name>.toml`.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct StatsFile {
    /// `YYYY`, `YYYY-Qn` or `YYYY-MM`.
    #[cfg_attr(
        feature = "schema",
        schemars(
            with = "String",
            regex(pattern = r"^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$")
        )
    )]
    pub period: Period,
    pub source: Source,
    /// The province's unit code, e.g. `H44`.
    pub province: String,
    /// The province's name as the portal gives it ("UBND tỉnh Phú Thọ").
    pub province_name: String,
    /// Figures made up for a demonstration site: every page that shows them says so.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub example: bool,
    /// By the portal's unit code (`H44.116`).
    #[serde(default, rename = "unit")]
    pub units: BTreeMap<String, UnitFigures>,
}

/// What one source gives for one unit in one period. Every figure is optional: a figure the
/// source does not give is "not stated", never 0.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct UnitFigures {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<UnitLevel>,
    /// Dossiers received, processed on time, processed late.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_time: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overdue: Option<u64>,
    /// Average processing time in days, as published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avg_days: Option<f64>,
    /// Dossiers by channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub online: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desk: Option<u64>,
    /// Dossiers with a financial obligation, and those of them paid online.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payable: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paid_online: Option<u64>,
    /// Fee-bearing procedures; of them, those paid online at least once, and those offered
    /// on the portal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee_procedures: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee_procedures_paid_online: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee_procedures_on_portal: Option<u64>,
    /// The overall score out of 100, as published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<f64>,
    /// Group scores as published.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub scores: BTreeMap<Group, f64>,
}

/// A count's figures that must not exceed another's: (numerator, denominator) field names.
pub const BOUNDS: [(&str, &str); 6] = [
    ("on_time", "received"),
    ("overdue", "received"),
    ("paid_online", "payable"),
    ("fee_procedures_paid_online", "fee_procedures"),
    ("fee_procedures_on_portal", "fee_procedures"),
    ("online", "received"),
];

impl UnitFigures {
    /// A count by its field name (see [`BOUNDS`]).
    pub fn count(&self, field: &str) -> Option<u64> {
        match field {
            "received" => self.received,
            "on_time" => self.on_time,
            "overdue" => self.overdue,
            "online" => self.online,
            "post" => self.post,
            "desk" => self.desk,
            "payable" => self.payable,
            "paid_online" => self.paid_online,
            "fee_procedures" => self.fee_procedures,
            "fee_procedures_paid_online" => self.fee_procedures_paid_online,
            "fee_procedures_on_portal" => self.fee_procedures_on_portal,
            _ => None,
        }
    }

    /// Dossiers of every channel, when all three are stated.
    pub fn channel_total(&self) -> Option<u64> {
        Some(self.online? + self.post? + self.desk?)
    }

    /// On-time share of received dossiers, in per cent; none when nothing was received.
    pub fn on_time_rate(&self) -> Option<f64> {
        rate(self.on_time?, self.received?)
    }

    pub fn online_rate(&self) -> Option<f64> {
        rate(self.online?, self.channel_total()?)
    }

    pub fn paid_online_rate(&self) -> Option<f64> {
        rate(self.paid_online?, self.payable?)
    }

    /// Takes every figure `other` states and `self` does not; returns the names of fields
    /// both state (with different values), which the caller reports.
    pub fn merge(&mut self, other: &UnitFigures) -> Vec<&'static str> {
        let mut clash = Vec::new();
        macro_rules! take {
            ($($f:ident),*) => {$(
                match (&self.$f, &other.$f) {
                    (Some(a), Some(b)) if a != b => clash.push(stringify!($f)),
                    (None, Some(b)) => self.$f = Some(*b),
                    _ => {}
                }
            )*};
        }
        take!(
            level,
            received,
            on_time,
            overdue,
            avg_days,
            online,
            post,
            desk,
            payable,
            paid_online,
            fee_procedures,
            fee_procedures_paid_online,
            fee_procedures_on_portal,
            total
        );
        for (g, v) in &other.scores {
            match self.scores.get(g) {
                Some(a) if a != v => clash.push("scores"),
                Some(_) => {}
                None => {
                    self.scores.insert(*g, *v);
                }
            }
        }
        clash
    }
}

/// A rule one unit's figures break: the field to point at, what is wrong, what was expected.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub field: String,
    pub message: String,
    pub expected: String,
}

impl UnitFigures {
    /// Every rule these figures break: numerators above their denominators, on time and
    /// overdue that do not add up to received, scores outside 0 to their group's maximum.
    pub fn problems(&self) -> Vec<Problem> {
        let mut out = Vec::new();
        for (part, whole) in BOUNDS {
            if let (Some(p), Some(w)) = (self.count(part), self.count(whole)) {
                if p > w {
                    out.push(Problem {
                        field: part.to_string(),
                        message: format!("{part} ({p}) is more than {whole} ({w})"),
                        expected: format!("at most {w}, the {whole}"),
                    });
                }
            }
        }
        if let (Some(r), Some(t), Some(o)) = (self.received, self.on_time, self.overdue) {
            if t + o != r {
                out.push(Problem {
                    field: "received".into(),
                    message: format!(
                        "on time ({t}) + overdue ({o}) = {} is not received ({r})",
                        t + o
                    ),
                    expected: "received = on_time + overdue".into(),
                });
            }
        }
        let mut score = |field: String, v: f64, max: f64| {
            if !(0.0..=max).contains(&v) {
                out.push(Problem {
                    field,
                    message: format!("the score {v} is outside 0 to {max}"),
                    expected: format!("a score from 0 to {max}, as the portal published it"),
                });
            }
        };
        if let Some(t) = self.total {
            score("total".into(), t, TOTAL_MAX);
        }
        for (g, v) in &self.scores {
            score(format!("scores.{}", g.code()), *v, Group::max(*g));
        }
        if let Some(d) = self.avg_days.filter(|d| !(d.is_finite() && *d >= 0.0)) {
            out.push(Problem {
                field: "avg_days".into(),
                message: format!("an average of {d} days"),
                expected: "a number of days, 0 or more".into(),
            });
        }
        out
    }
}

/// `part / whole` in per cent; none for an empty whole (a rate of nothing is not 0 %).
pub fn rate(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 * 100.0 / whole as f64)
}

/// The province part of a unit code: `H44` of `H44.116`.
pub fn province_of(code: &str) -> &str {
    code.split('.').next().unwrap_or(code)
}

/// `H44`, `H44.116`: capital letters and digits, parts separated by dots.
pub fn is_unit_code(code: &str) -> bool {
    let mut parts = code.split('.');
    let first = parts.next().unwrap_or("");
    first.len() >= 2
        && first.starts_with(|c: char| c.is_ascii_uppercase())
        && first
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        && parts.all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

/// Orders unit codes as people do: `H44.9` before `H44.10`.
pub fn unit_code_key(code: &str) -> Vec<(u64, &str)> {
    code.split('.')
        .map(|p| (p.parse().unwrap_or(u64::MAX), p))
        .collect()
}

/// A number in Vietnamese or English notation with at most `decimals` decimals, as many as
/// it has: `19,78`, `17`, `2,5`. Scores are printed this way, exactly as published.
pub fn decimal(value: f64, decimals: usize, lang_vi: bool) -> String {
    let s = format!("{value:.decimals$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let (neg, digits) = int.strip_prefix('-').map_or((false, int), |d| (true, d));
    let mut grouped = String::new();
    for (n, c) in digits.chars().enumerate() {
        if n > 0 && (digits.len() - n) % 3 == 0 {
            grouped.push(if lang_vi { '.' } else { ',' });
        }
        grouped.push(c);
    }
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    out.push_str(&grouped);
    if !frac.is_empty() {
        out.push(if lang_vi { ',' } else { '.' });
        out.push_str(frac);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_parse_and_order() {
        assert_eq!(Period::parse("2026-08"), Ok(Period::Month(2026, 8)));
        assert_eq!(Period::parse("2026-Q3"), Ok(Period::Quarter(2026, 3)));
        assert_eq!(Period::parse("2026"), Ok(Period::Year(2026)));
        for bad in [
            "2026-13", "2026-Q5", "26-08", "2026-8", "2026-00", "x", "2026-Q",
        ] {
            assert!(Period::parse(bad).is_err(), "{bad}");
        }
        let mut v = [
            Period::Year(2026),
            Period::Month(2026, 12),
            Period::Quarter(2026, 4),
            Period::Month(2026, 1),
        ];
        v.sort();
        assert_eq!(
            v.iter().map(|p| p.to_string()).collect::<Vec<_>>(),
            ["2026-01", "2026-12", "2026-Q4", "2026"]
        );
        assert_eq!(Period::Month(2026, 2).last_day(), (2026, 2, 28));
        assert_eq!(Period::Quarter(2026, 3).last_day(), (2026, 9, 30));
    }

    #[test]
    fn numbers_read_as_published() {
        assert_eq!(decimal(19.78, 2, true), "19,78");
        assert_eq!(decimal(17.0, 2, true), "17");
        assert_eq!(decimal(98.876, 1, true), "98,9");
        assert_eq!(decimal(184513.0, 0, true), "184.513");
        assert_eq!(decimal(184513.0, 0, false), "184,513");
        assert_eq!(decimal(2.5, 2, false), "2.5");
    }

    #[test]
    fn rates_need_a_whole() {
        let f = UnitFigures {
            received: Some(797),
            on_time: Some(702),
            ..UnitFigures::default()
        };
        assert_eq!(decimal(f.on_time_rate().unwrap(), 2, true), "88,08");
        assert_eq!(rate(0, 0), None);
        let bad = UnitFigures {
            received: Some(10),
            on_time: Some(11),
            overdue: Some(0),
            ..UnitFigures::default()
        };
        let fields: Vec<String> = bad.problems().into_iter().map(|p| p.field).collect();
        assert_eq!(fields, ["on_time", "received"]);
        assert!(is_unit_code("H44.116") && is_unit_code("H44") && !is_unit_code("h44"));
        let mut codes = vec!["H44.10", "H44.9", "H44.100"];
        codes.sort_by_key(|c| unit_code_key(c));
        assert_eq!(codes, ["H44.9", "H44.10", "H44.100"]);
    }
}
