//! The working-day calendar and due dates.
//!
//! Which days are off is data (one file per year, each day off with the document that announced
//! it), never code: the government announces make-up working days and new holidays every year.
//! The counting rules (Civil Code 2015, art. 147–148) are code: the clock starts the day after a
//! complete dossier is received, and a deadline that falls on a day off moves to the next
//! working day.

use crate::date::{Date, TimeOfDay};
use crate::time::{ProcessingTime, TimeKind};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// One `calendar/<year>.toml` file.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct YearCalendar {
    pub year: i32,
    /// True while the government has not announced the year's days off: the days below were
    /// computed from the Labour Code's rules and may change.
    #[serde(default)]
    pub projected: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, rename = "day_off")]
    pub days_off: Vec<DaysOff>,
    #[serde(default, rename = "working_day")]
    pub working_days: Vec<MakeUpDay>,
}

/// A run of days off (a single day when `to` is absent).
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DaysOff {
    pub name: String,
    pub from: Date,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
}

impl DaysOff {
    pub fn last(&self) -> Date {
        self.to.unwrap_or(self.from)
    }
}

/// A weekend day made a working day, to make up for a bridge day taken off.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct MakeUpDay {
    pub date: Date,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
}

/// The calendar of every year the site knows, ready for lookups.
#[derive(Clone, Debug, Default)]
pub struct Calendar {
    years: BTreeMap<i32, bool>,
    off: BTreeSet<Date>,
    make_up: BTreeSet<Date>,
}

/// A computed due date, and whether any day counted lies in a year whose calendar is only
/// projected (or not known at all), so that pages can say the date may still move.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Due {
    pub date: Date,
    pub projected: bool,
}

/// The due dates of one procedure for one receipt: the normal one and, when the procedure may be
/// extended for verification, the latest one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DueDates {
    pub due: Due,
    pub extended: Option<Due>,
}

impl Calendar {
    pub fn new<'a>(years: impl IntoIterator<Item = &'a YearCalendar>) -> Calendar {
        let mut cal = Calendar::default();
        for y in years {
            cal.years.insert(y.year, y.projected);
            for off in &y.days_off {
                cal.off.extend(off.from.through(off.last()));
            }
            cal.make_up.extend(y.working_days.iter().map(|m| m.date));
        }
        cal
    }

    pub fn is_working_day(&self, d: Date) -> bool {
        if self.make_up.contains(&d) {
            return true;
        }
        !d.weekday().is_weekend() && !self.off.contains(&d)
    }

    fn next_working_day_after(&self, d: Date) -> Date {
        let mut day = d.succ();
        while !self.is_working_day(day) {
            day = day.succ();
        }
        day
    }

    fn working_day_from(&self, d: Date) -> Date {
        if self.is_working_day(d) {
            d
        } else {
            self.next_working_day_after(d)
        }
    }

    /// The `n`th working day after `start` (the day after is day one).
    pub fn add_working_days(&self, start: Date, n: u32) -> Date {
        (0..n).fold(start, |d, _| self.next_working_day_after(d))
    }

    /// When the result of a complete dossier received on `date` at `at` is due; `None` for a
    /// time not counted in days (hours, months, years, words), which no calendar can answer.
    pub fn due_dates(&self, date: Date, at: TimeOfDay, time: &ProcessingTime) -> Option<DueDates> {
        // A dossier handed in on a day off (online, by post) is received on the next working day.
        let received = self.working_day_from(date);
        let late = received == date && time.cutoff.is_some_and(|cutoff| at >= cutoff);
        let due = match time.kind {
            TimeKind::SameDay if late => self.next_working_day_after(received),
            TimeKind::SameDay => received,
            TimeKind::WorkingDays => self.add_working_days(received, time.day_count()),
            TimeKind::CalendarDays => {
                let end = received.add_days(i64::from(time.day_count()));
                self.working_day_from(end)
            }
            TimeKind::Hours | TimeKind::Months | TimeKind::Years | TimeKind::Text => return None,
        };
        let extended = time
            .extension
            .as_ref()
            .map(|ext| self.add_working_days(due, ext.working_days));
        Some(DueDates {
            due: self.due(date, due),
            extended: extended.map(|end| self.due(date, end)),
        })
    }

    fn due(&self, from: Date, to: Date) -> Due {
        let projected = (from.year()..=to.year()).any(|y| self.years.get(&y) != Some(&false));
        Due {
            date: to,
            projected,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::Extension;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn off(name: &str, from: &str, to: Option<&str>) -> DaysOff {
        DaysOff {
            name: name.into(),
            from: d(from),
            to: to.map(d),
            document: None,
        }
    }

    /// The days off the government announced for civil servants in 2025 (Tết 25 January to
    /// 2 February, Hùng Kings' day 7 April, 30 April to 4 May with Saturday 26 April worked in
    /// exchange for Friday 2 May, 30 August to 2 September) and 2026's Tết (14 to 22 February)
    /// and Hùng Kings' day (Monday 27 April, for Sunday 26 April).
    fn calendar() -> Calendar {
        let y2025 = YearCalendar {
            year: 2025,
            projected: false,
            note: None,
            days_off: vec![
                off("Tết Dương lịch", "2025-01-01", None),
                off("Tết Nguyên đán", "2025-01-25", Some("2025-02-02")),
                off("Giỗ Tổ Hùng Vương", "2025-04-07", None),
                off("30/4 và 1/5", "2025-04-30", Some("2025-05-04")),
                off("Quốc khánh", "2025-08-30", Some("2025-09-02")),
            ],
            working_days: vec![MakeUpDay {
                date: d("2025-04-26"),
                name: "Làm bù cho thứ Sáu 02/5".into(),
                document: None,
            }],
        };
        let y2026 = YearCalendar {
            year: 2026,
            projected: false,
            note: None,
            days_off: vec![
                off("Tết Nguyên đán", "2026-02-14", Some("2026-02-22")),
                off("Giỗ Tổ Hùng Vương (nghỉ bù)", "2026-04-27", None),
            ],
            working_days: vec![],
        };
        Calendar::new([&y2025, &y2026])
    }

    fn same_day() -> ProcessingTime {
        ProcessingTime::same_day(TimeOfDay::new(15, 0))
    }

    fn at(h: u8) -> TimeOfDay {
        TimeOfDay::new(h, 0).unwrap()
    }

    #[test]
    fn make_up_saturday_is_a_working_day_and_bridge_friday_is_not() {
        let cal = calendar();
        assert!(cal.is_working_day(d("2025-04-26")));
        assert!(!cal.is_working_day(d("2025-05-02")));
        assert!(!cal.is_working_day(d("2025-04-27")));
    }

    #[test]
    fn same_day_after_cutoff_crosses_tet_2026() {
        let cal = calendar();
        let due = cal
            .due_dates(d("2026-02-13"), at(16), &same_day())
            .expect("counted in days")
            .due;
        assert_eq!(due.date, d("2026-02-23"));
        assert!(!due.projected);
        let before = cal
            .due_dates(d("2026-02-13"), at(14), &same_day())
            .expect("counted in days")
            .due;
        assert_eq!(before.date, d("2026-02-13"));
    }

    #[test]
    fn cutoff_is_inclusive_at_fifteen_hundred() {
        let cal = calendar();
        let due = cal
            .due_dates(d("2026-03-03"), at(15), &same_day())
            .expect("counted in days")
            .due;
        assert_eq!(due.date, d("2026-03-04"));
    }

    #[test]
    fn working_days_start_the_day_after_and_skip_tet_2025() {
        let cal = calendar();
        // Friday 24 Jan 2025 + 5 working days: Tết runs 25 Jan to 2 Feb, so 3 to 7 Feb.
        let t = ProcessingTime::working_days(5);
        assert_eq!(
            cal.due_dates(d("2025-01-24"), at(9), &t)
                .expect("counted in days")
                .due
                .date,
            d("2025-02-07")
        );
    }

    #[test]
    fn make_up_saturday_counts_as_a_day() {
        let cal = calendar();
        // Friday 25 Apr 2025 + 1 working day = the make-up Saturday 26 Apr.
        let t = ProcessingTime::working_days(1);
        assert_eq!(
            cal.due_dates(d("2025-04-25"), at(9), &t)
                .expect("counted in days")
                .due
                .date,
            d("2025-04-26")
        );
        // Tuesday 29 Apr + 1: 30 Apr to 4 May off, so Monday 5 May.
        assert_eq!(
            cal.due_dates(d("2025-04-29"), at(9), &t)
                .expect("counted in days")
                .due
                .date,
            d("2025-05-05")
        );
    }

    #[test]
    fn hung_kings_day_2026_on_sunday_gives_monday_off() {
        let cal = calendar();
        let t = ProcessingTime::working_days(1);
        assert_eq!(
            cal.due_dates(d("2026-04-24"), at(9), &t)
                .expect("counted in days")
                .due
                .date,
            d("2026-04-28")
        );
    }

    #[test]
    fn received_on_a_day_off_counts_from_the_next_working_day() {
        let cal = calendar();
        // Filed online on Sunday 1 Sep 2025 (National Day break): received Wednesday 3 Sep.
        let due = cal
            .due_dates(d("2025-09-01"), at(20), &same_day())
            .expect("counted in days")
            .due;
        assert_eq!(due.date, d("2025-09-03"));
    }

    #[test]
    fn calendar_days_landing_on_a_day_off_move_forward() {
        let cal = calendar();
        let t = ProcessingTime {
            kind: TimeKind::CalendarDays,
            days: Some(10),
            ..ProcessingTime::same_day(None)
        };
        // 20 Jan 2025 + 10 days = 30 Jan, inside Tết: moves to Monday 3 Feb.
        assert_eq!(
            cal.due_dates(d("2025-01-20"), at(9), &t)
                .expect("counted in days")
                .due
                .date,
            d("2025-02-03")
        );
    }

    #[test]
    fn extension_adds_working_days_after_the_due_date() {
        let cal = calendar();
        let t = ProcessingTime {
            extension: Some(Extension {
                working_days: 5,
                when: "cần xác minh".into(),
            }),
            ..same_day()
        };
        let dates = cal
            .due_dates(d("2026-02-12"), at(9), &t)
            .expect("counted in days");
        assert_eq!(dates.due.date, d("2026-02-12"));
        // 13 Feb, then Tết to 22 Feb, then 23, 24, 25, 26.
        assert_eq!(dates.extended.unwrap().date, d("2026-02-26"));
    }

    #[test]
    fn fractions_reach_into_the_next_day_and_words_have_no_date() {
        let cal = calendar();
        let half = ProcessingTime {
            kind: TimeKind::WorkingDays,
            amount: Some(1.5),
            ..ProcessingTime::same_day(None)
        };
        // Monday 2 Mar 2026 + 1.5 working days ends during Wednesday 4 Mar.
        assert_eq!(
            cal.due_dates(d("2026-03-02"), at(9), &half)
                .expect("counted in days")
                .due
                .date,
            d("2026-03-04")
        );
        for kind in [
            TimeKind::Hours,
            TimeKind::Months,
            TimeKind::Years,
            TimeKind::Text,
        ] {
            let t = ProcessingTime {
                kind,
                amount: Some(2.0),
                ..ProcessingTime::same_day(None)
            };
            assert!(
                cal.due_dates(d("2026-03-02"), at(9), &t).is_none(),
                "{kind:?}"
            );
        }
    }

    #[test]
    fn unknown_years_are_projected() {
        let cal = calendar();
        let t = ProcessingTime::working_days(3);
        let due = cal
            .due_dates(d("2026-12-30"), at(9), &t)
            .expect("counted in days")
            .due;
        assert_eq!(due.date, d("2027-01-04"));
        assert!(due.projected);
    }
}
