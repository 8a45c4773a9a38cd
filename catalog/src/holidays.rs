//! A projected year of days off, from the rules of the Labour Code 2019 (art. 112), for a year
//! the government has not announced yet. The result is data the officer edits: the exact days
//! are decided every year, and new holidays can appear.

use crate::calendar::{DaysOff, YearCalendar};
use crate::date::{Date, Weekday};
use crate::lunar;

/// The projected days off of `year`.
///
/// Tết follows the pattern of civil servants' breaks (2021 to 2026): the statutory five days
/// (New Year's Eve and the first four days), plus one working day for each of them that falls
/// on a weekend (one before and one after when there are two, on the side away from the
/// weekend when there is one), stretched to the weekends that touch the break. Every other
/// holiday on a weekend gives the next working day off.
pub fn project(year: i32) -> YearCalendar {
    let day = |m, d| Date::new(year, m, d).unwrap_or_else(|_| Date::from_days(0));
    let mut taken: Vec<Date> = Vec::new();
    let mut days_off = Vec::new();

    let tet = lunar::tet(year);
    let (from, to) = tet_break(tet);
    days_off.push(entry(
        format!(
            "Tết Nguyên đán (mùng 1 Tết: {}; dự kiến theo lịch nghỉ của cán bộ, công chức)",
            tet.vietnamese()
        ),
        from,
        to,
    ));
    taken.extend(from.through(to));

    let hung = lunar::hung_kings_day(year);
    let named = [
        ("Tết Dương lịch".to_string(), vec![day(1, 1)]),
        (
            format!("Giỗ Tổ Hùng Vương (10/3 âm lịch: {})", hung.vietnamese()),
            vec![hung],
        ),
        (
            "Ngày Chiến thắng 30/4 và Quốc tế Lao động 1/5".to_string(),
            vec![day(4, 30), day(5, 1)],
        ),
        (
            "Quốc khánh 2/9 và một ngày liền kề".to_string(),
            national_day(year),
        ),
    ];
    for (name, statutory) in named {
        let (from, to) = with_weekend_rule(&statutory, &taken);
        taken.extend(from.through(to));
        days_off.push(entry(name, from, to));
    }
    days_off.sort_by_key(|d| d.from);
    YearCalendar {
        year,
        projected: true,
        note: Some(
            "Dự kiến theo Điều 112 Bộ luật Lao động 2019 và âm lịch Việt Nam (UTC+7); \
             sửa theo thông báo chính thức khi có."
                .into(),
        ),
        days_off,
        working_days: Vec::new(),
    }
}

fn entry(name: String, from: Date, to: Date) -> DaysOff {
    DaysOff {
        name,
        from,
        to: (to != from).then_some(to),
        document: None,
    }
}

/// 2 September and the day beside it that makes the longer break: 1 September when the 2nd
/// is a Tuesday (as in 2025), otherwise 3 September.
fn national_day(year: i32) -> Vec<Date> {
    let sep = |d| Date::new(year, 9, d).unwrap_or_else(|_| Date::from_days(0));
    if sep(2).weekday() == Weekday::Tuesday {
        vec![sep(1), sep(2)]
    } else {
        vec![sep(2), sep(3)]
    }
}

fn is_weekend(d: Date) -> bool {
    d.weekday().is_weekend()
}

/// The run of days off for consecutive statutory days: each one on a weekend (or on a day
/// already off) adds the next working day after the run.
fn with_weekend_rule(statutory: &[Date], taken: &[Date]) -> (Date, Date) {
    let from = statutory[0];
    let mut to = statutory[statutory.len() - 1];
    let owed = statutory
        .iter()
        .filter(|d| is_weekend(**d) || taken.contains(d))
        .count();
    for _ in 0..owed {
        to = to.succ();
        while is_weekend(to) || taken.contains(&to) {
            to = to.succ();
        }
    }
    (from, to)
}

/// The civil servants' Tết break around `tet` (see [`project`]).
fn tet_break(tet: Date) -> (Date, Date) {
    let mut from = tet.add_days(-1);
    let mut to = tet.add_days(3);
    let weekend: Vec<Date> = from.through(to).filter(|d| is_weekend(*d)).collect();
    let before = match weekend.as_slice() {
        [] => 0,
        // The weekend day is at one end: the extra day goes to the other.
        [w] if *w == to => 1,
        [_] => 0,
        _ => 1,
    };
    let after = weekend.len() - before;
    for _ in 0..before {
        from = from.add_days(-1);
    }
    for _ in 0..after {
        to = to.succ();
    }
    while is_weekend(from.add_days(-1)) {
        from = from.add_days(-1);
    }
    while is_weekend(to.succ()) {
        to = to.succ();
    }
    (from, to)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn runs(year: i32) -> Vec<(String, String)> {
        project(year)
            .days_off
            .iter()
            .map(|o| (o.from.to_string(), o.last().to_string()))
            .collect()
    }

    /// The announced civil-service Tết breaks of 2021 to 2026 follow the pattern.
    #[test]
    fn tet_breaks_match_the_announced_ones() {
        for (tet, from, to) in [
            ("2021-02-12", "2021-02-10", "2021-02-16"),
            ("2022-02-01", "2022-01-29", "2022-02-06"),
            ("2023-01-22", "2023-01-20", "2023-01-26"),
            ("2024-02-10", "2024-02-08", "2024-02-14"),
            ("2025-01-29", "2025-01-25", "2025-02-02"),
            ("2026-02-17", "2026-02-14", "2026-02-22"),
        ] {
            assert_eq!(tet_break(d(tet)), (d(from), d(to)), "Tết {tet}");
        }
    }

    /// Hùng Kings' day 2026 (10/3 lunar) is Sunday 26 April: Monday 27 April is off (Labour Code
    /// 2019, art. 112: a holiday on a weekend gives the next working day off).
    #[test]
    fn weekend_holiday_moves_to_the_next_working_day() {
        let r = runs(2026);
        assert!(
            r.contains(&("2026-04-26".into(), "2026-04-27".into())),
            "{r:?}"
        );
        // 1 May 2027 is a Saturday: the break runs to Monday 3 May.
        let r = runs(2027);
        assert!(
            r.contains(&("2027-04-30".into(), "2027-05-03".into())),
            "{r:?}"
        );
        // 1 January 2028 is a Saturday: Monday 3 January is off.
        assert!(runs(2028).contains(&("2028-01-01".into(), "2028-01-03".into())));
    }

    #[test]
    fn projected_2027() {
        let cal = project(2027);
        assert!(cal.projected);
        assert_eq!(
            runs(2027),
            [
                ("2027-01-01", "2027-01-01"),
                ("2027-02-04", "2027-02-10"),
                ("2027-04-16", "2027-04-16"),
                ("2027-04-30", "2027-05-03"),
                ("2027-09-02", "2027-09-03"),
            ]
            .map(|(a, b)| (a.to_string(), b.to_string()))
        );
    }

    #[test]
    fn national_day_and_the_adjacent_day() {
        // 2025: Tuesday 2 September, with Monday 1 September (as announced).
        assert!(runs(2025).contains(&("2025-09-01".into(), "2025-09-02".into())));
        // 2029: Sunday 2 September and Monday 3: Sunday's day off moves to Tuesday 4.
        assert!(runs(2029).contains(&("2029-09-02".into(), "2029-09-04".into())));
    }
}
