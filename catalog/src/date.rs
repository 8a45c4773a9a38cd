//! Civil dates and times of day, without time zones: every date in motcua is a date in Vietnam.
//!
//! Our own small type instead of `chrono`/`time` keeps the wasm widget small and lets the
//! deserializer accept both TOML date literals and quoted strings, with a clear message for a
//! date that does not exist.

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Weekday {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl Weekday {
    pub const ALL: [Weekday; 7] = [
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
        Weekday::Saturday,
        Weekday::Sunday,
    ];

    /// Monday = 0.
    pub fn index(self) -> usize {
        self as usize
    }

    pub fn is_weekend(self) -> bool {
        matches!(self, Weekday::Saturday | Weekday::Sunday)
    }

    /// The short English key used in data files and translation keys (`mon`, `tue`, …).
    pub fn key(self) -> &'static str {
        ["mon", "tue", "wed", "thu", "fri", "sat", "sun"][self.index()]
    }

    /// schema.org day names (`https://schema.org/Monday`).
    pub fn schema_org(self) -> &'static str {
        [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ][self.index()]
    }

    pub fn from_key(key: &str) -> Option<Weekday> {
        Weekday::ALL.into_iter().find(|d| d.key() == key)
    }
}

pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateError(pub String);

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Date {
    pub fn new(year: i32, month: u8, day: u8) -> Result<Date, DateError> {
        if !(1..=12).contains(&month) {
            return Err(DateError(format!(
                "month {month} does not exist (expected 1 to 12)"
            )));
        }
        let last = days_in_month(year, month);
        if day == 0 || day > last {
            return Err(DateError(format!(
                "{year:04}-{month:02}-{day:02} does not exist: month {month} of {year} has {last} days"
            )));
        }
        Ok(Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Result<Date, DateError> {
        let bad = || {
            DateError(format!(
                "`{text}` is not a date: expected YYYY-MM-DD, e.g. 2026-02-17"
            ))
        };
        let mut parts = text.trim().splitn(3, '-');
        let (y, m, d) = (
            parts.next().ok_or_else(bad)?,
            parts.next().ok_or_else(bad)?,
            parts.next().ok_or_else(bad)?,
        );
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(bad());
        }
        let year = y.parse().map_err(|_| bad())?;
        let month = m.parse().map_err(|_| bad())?;
        let day = d.parse().map_err(|_| bad())?;
        Date::new(year, month, day)
    }

    pub fn year(self) -> i32 {
        self.year
    }
    pub fn month(self) -> u8 {
        self.month
    }
    pub fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    pub fn to_days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    pub fn add_days(self, n: i64) -> Date {
        Date::from_days(self.to_days() + n)
    }

    pub fn succ(self) -> Date {
        self.add_days(1)
    }

    pub fn weekday(self) -> Weekday {
        // 1970-01-01 was a Thursday.
        Weekday::ALL[(self.to_days() + 3).rem_euclid(7) as usize]
    }

    /// Inclusive iteration from `self` to `last`.
    pub fn through(self, last: Date) -> impl Iterator<Item = Date> {
        (self.to_days()..=last.to_days()).map(Date::from_days)
    }

    /// `dd/mm/yyyy`, the way Vietnamese documents write dates.
    pub fn vietnamese(self) -> String {
        format!("{:02}/{:02}/{:04}", self.day, self.month, self.year)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl std::str::FromStr for Date {
    type Err = DateError;
    fn from_str(s: &str) -> Result<Date, DateError> {
        Date::parse(s)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// The key under which the `toml` crate passes a date literal through serde.
const TOML_DATETIME_KEY: &str = "$__toml_private_datetime";

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        struct DateVisitor;
        impl<'de> Visitor<'de> for DateVisitor {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date written YYYY-MM-DD")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Date, E> {
                Date::parse(v).map_err(E::custom)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Date, A::Error> {
                // A TOML date literal (`2026-02-17` without quotes).
                match map.next_key::<String>()? {
                    Some(k) if k == TOML_DATETIME_KEY => {
                        let text: String = map.next_value()?;
                        if text.len() != 10 {
                            return Err(de::Error::custom(format!(
                                "`{text}` has a time or offset: write only the date, YYYY-MM-DD"
                            )));
                        }
                        Date::parse(&text).map_err(de::Error::custom)
                    }
                    _ => Err(de::Error::custom("expected a date written YYYY-MM-DD")),
                }
            }
        }
        d.deserialize_any(DateVisitor)
    }
}

/// A time of day, minute precision, as printed on desk hours and cutoffs (`15:00`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeOfDay {
    minutes: u16,
}

impl TimeOfDay {
    pub fn new(hour: u8, minute: u8) -> Option<TimeOfDay> {
        (hour < 24 && minute < 60).then_some(TimeOfDay {
            minutes: u16::from(hour) * 60 + u16::from(minute),
        })
    }

    pub fn parse(text: &str) -> Result<TimeOfDay, DateError> {
        let bad = || {
            DateError(format!(
                "`{text}` is not a time of day: expected HH:MM on a 24-hour clock, e.g. 15:00"
            ))
        };
        let (h, m) = text.trim().split_once(':').ok_or_else(bad)?;
        if h.is_empty() || h.len() > 2 || m.len() != 2 {
            return Err(bad());
        }
        TimeOfDay::new(h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?).ok_or_else(bad)
    }

    pub fn hour(self) -> u8 {
        (self.minutes / 60) as u8
    }
    pub fn minute(self) -> u8 {
        (self.minutes % 60) as u8
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour(), self.minute())
    }
}

impl Serialize for Weekday {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.key())
    }
}

impl<'de> Deserialize<'de> for Weekday {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Weekday, D::Error> {
        let text = String::deserialize(d)?;
        Weekday::from_key(&text).ok_or_else(|| {
            de::Error::custom(format!(
                "`{text}` is not a weekday: expected one of mon, tue, wed, thu, fri, sat, sun"
            ))
        })
    }
}

impl Serialize for TimeOfDay {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TimeOfDay {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<TimeOfDay, D::Error> {
        let text = String::deserialize(d)?;
        TimeOfDay::parse(&text).map_err(de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_days() {
        for days in [-800_000, -1, 0, 1, 19_000, 20_500, 2_000_000] {
            assert_eq!(Date::from_days(days).to_days(), days);
        }
        assert_eq!(Date::parse("1970-01-01").unwrap().to_days(), 0);
    }

    #[test]
    fn weekdays() {
        assert_eq!(
            Date::parse("2026-02-13").unwrap().weekday(),
            Weekday::Friday
        );
        assert_eq!(
            Date::parse("2026-04-26").unwrap().weekday(),
            Weekday::Sunday
        );
        assert_eq!(
            Date::parse("2025-04-26").unwrap().weekday(),
            Weekday::Saturday
        );
    }

    #[test]
    fn rejects_dates_that_do_not_exist() {
        assert!(Date::parse("2026-02-29").is_err());
        assert!(Date::parse("2024-02-29").is_ok());
        assert!(Date::parse("2026-13-01").is_err());
        assert!(Date::parse("2026-4-1").is_err());
        let msg = Date::parse("2026-02-30").unwrap_err().0;
        assert!(msg.contains("has 28 days"), "{msg}");
    }

    #[test]
    fn deserializes_literals_and_strings() {
        #[derive(Deserialize)]
        struct T {
            a: Date,
            b: Date,
        }
        let t: T = toml::from_str("a = 2026-02-17\nb = \"2025-01-29\"").unwrap();
        assert_eq!(t.a.to_string(), "2026-02-17");
        assert_eq!(t.b.vietnamese(), "29/01/2025");
        assert!(toml::from_str::<T>("a = 2026-02-30\nb = 2025-01-01").is_err());
    }

    #[test]
    fn times_of_day() {
        assert_eq!(TimeOfDay::parse("15:00").unwrap().to_string(), "15:00");
        assert_eq!(TimeOfDay::parse("7:30").unwrap().to_string(), "07:30");
        assert!(TimeOfDay::parse("25:00").is_err());
        assert!(TimeOfDay::parse("15h").is_err());
    }
}
