//! The Vietnamese lunar calendar, by Hồ Ngọc Đức's published astronomical method: new moons and
//! the sun's longitude from Meeus-style series, evaluated at local midnight in Việt Nam (UTC+7).
//!
//! Written here rather than taken from a crate: the crates that convert lunar dates follow the
//! Chinese calendar (UTC+8, Beijing), which differs from Việt Nam's in some years (Tết 1985 and
//! 2030), and only the Vietnamese one decides Vietnamese holidays. It is small, and pinned by
//! the tests below: Tết and Hùng Kings' day 2024 to 2030 (those of 2024 to 2026 as the government
//! announced them), and 1985 and 2030, where China's calendar differs.

use crate::date::Date;
use std::f64::consts::PI;

/// Việt Nam's time zone, hours east of UTC.
pub const VIETNAM_UTC_OFFSET: f64 = 7.0;

/// Julian day number of 1970-01-01.
const JDN_UNIX_EPOCH: i64 = 2_440_588;

fn jdn(d: Date) -> i64 {
    d.to_days() + JDN_UNIX_EPOCH
}

fn from_jdn(jd: i64) -> Date {
    Date::from_days(jd - JDN_UNIX_EPOCH)
}

/// Julian date (TT, close enough) of the `k`th new moon after 1900-01-01.
fn new_moon(k: f64) -> f64 {
    let t = k / 1236.85; // Julian centuries from 1900-01-00.5
    let t2 = t * t;
    let t3 = t2 * t;
    let dr = PI / 180.0;
    let mut jd1 = 2_415_020.759_33 + 29.530_588_68 * k + 0.000_117_8 * t2 - 0.000_000_155 * t3;
    jd1 += 0.000_33 * ((166.56 + 132.87 * t - 0.009_173 * t2) * dr).sin();
    let m = 359.2242 + 29.105_356_08 * k - 0.000_033_3 * t2 - 0.000_003_47 * t3; // sun's anomaly
    let mpr = 306.0253 + 385.816_918_06 * k + 0.010_730_6 * t2 + 0.000_012_36 * t3; // moon's
    let f = 21.2964 + 390.670_506_46 * k - 0.001_652_8 * t2 - 0.000_002_39 * t3; // latitude arg
    let mut c1 = (0.1734 - 0.000_393 * t) * (m * dr).sin() + 0.0021 * (2.0 * dr * m).sin();
    c1 = c1 - 0.4068 * (mpr * dr).sin() + 0.0161 * (dr * 2.0 * mpr).sin();
    c1 -= 0.0004 * (dr * 3.0 * mpr).sin();
    c1 = c1 + 0.0104 * (dr * 2.0 * f).sin() - 0.0051 * (dr * (m + mpr)).sin();
    c1 = c1 - 0.0074 * (dr * (m - mpr)).sin() + 0.0004 * (dr * (2.0 * f + m)).sin();
    c1 = c1 - 0.0004 * (dr * (2.0 * f - m)).sin() - 0.0006 * (dr * (2.0 * f + mpr)).sin();
    c1 = c1 + 0.0010 * (dr * (2.0 * f - mpr)).sin() + 0.0005 * (dr * (2.0 * mpr + m)).sin();
    let delta_t = if t < -11.0 {
        0.001 + 0.000_839 * t + 0.000_226_1 * t2 - 0.000_008_45 * t3 - 0.000_000_081 * t * t3
    } else {
        -0.000_278 + 0.000_265 * t + 0.000_262 * t2
    };
    jd1 + c1 - delta_t
}

/// The sun's apparent longitude, in radians in [0, 2π), at Julian date `jd`.
fn sun_longitude(jd: f64) -> f64 {
    let t = (jd - 2_451_545.0) / 36_525.0; // Julian centuries from 2000-01-01 12:00 UT
    let t2 = t * t;
    let dr = PI / 180.0;
    let m = 357.529_10 + 35_999.050_30 * t - 0.000_155_9 * t2 - 0.000_000_48 * t * t2;
    let l0 = 280.466_45 + 36_000.769_83 * t + 0.000_303_2 * t2;
    let mut dl = (1.914_600 - 0.004_817 * t - 0.000_014 * t2) * (dr * m).sin();
    dl += (0.019_993 - 0.000_101 * t) * (dr * 2.0 * m).sin() + 0.000_290 * (dr * 3.0 * m).sin();
    let l = (l0 + dl) * dr;
    l - 2.0 * PI * (l / (2.0 * PI)).floor()
}

/// Which of the twelve 30° sectors the sun is in at the start of day `day` (local midnight).
fn sun_sector(day: i64, tz: f64) -> i64 {
    (sun_longitude(day as f64 - 0.5 - tz / 24.0) / PI * 6.0).floor() as i64
}

/// The local day on which the `k`th new moon falls.
fn new_moon_day(k: i64, tz: f64) -> i64 {
    (new_moon(k as f64) + 0.5 + tz / 24.0).floor() as i64
}

/// The first day of the 11th lunar month (the one holding the winter solstice) of `year`.
fn month_11(year: i32, tz: f64) -> i64 {
    let dec31 = Date::new(year, 12, 31).map_or(0, jdn);
    let k = ((dec31 - 2_415_021) as f64 / 29.530_588_853).floor() as i64;
    let nm = new_moon_day(k, tz);
    if sun_sector(nm, tz) >= 9 {
        new_moon_day(k - 1, tz)
    } else {
        nm
    }
}

/// How many months after month 11 the leap month comes (the first without a major solar term).
fn leap_month_offset(a11: i64, tz: f64) -> i64 {
    let k = ((a11 as f64 - 2_415_021.076_998_695) / 29.530_588_853 + 0.5).floor() as i64;
    let mut i = 1;
    let mut arc = sun_sector(new_moon_day(k + i, tz), tz);
    loop {
        let last = arc;
        i += 1;
        arc = sun_sector(new_moon_day(k + i, tz), tz);
        if arc == last || i >= 14 {
            break;
        }
    }
    i - 1
}

/// The civil date of lunar `day`/`month` of lunar `year` (the year that starts at Tết of
/// civil `year`), not in a leap month, in time zone `tz` hours east of UTC.
pub fn to_solar(day: u8, month: u8, year: i32, tz: f64) -> Date {
    let month = i64::from(month.clamp(1, 12));
    let (a11, b11) = if month < 11 {
        (month_11(year - 1, tz), month_11(year, tz))
    } else {
        (month_11(year, tz), month_11(year + 1, tz))
    };
    let k = (0.5 + (a11 as f64 - 2_415_021.076_998_695) / 29.530_588_853).floor() as i64;
    let mut off = (month - 11).rem_euclid(12);
    if b11 - a11 > 365 && off >= leap_month_offset(a11, tz) {
        off += 1;
    }
    from_jdn(new_moon_day(k + off, tz) + i64::from(day) - 1)
}

/// Tết Nguyên đán (1st day of the 1st lunar month) of civil `year`, in Việt Nam.
pub fn tet(year: i32) -> Date {
    to_solar(1, 1, year, VIETNAM_UTC_OFFSET)
}

/// Hùng Kings' Commemoration Day (10th day of the 3rd lunar month) of civil `year`, in Việt Nam.
pub fn hung_kings_day(year: i32) -> Date {
    to_solar(10, 3, year, VIETNAM_UTC_OFFSET)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    /// Tết and Hùng Kings' day (10/3 lunar) by Hồ Ngọc Đức's method; 2024 to 2026 are the days
    /// the government announced.
    #[test]
    fn tet_and_hung_kings_day_2024_to_2030() {
        let golden = [
            (2024, "2024-02-10", "2024-04-18"),
            (2025, "2025-01-29", "2025-04-07"),
            (2026, "2026-02-17", "2026-04-26"),
            (2027, "2027-02-06", "2027-04-16"),
            (2028, "2028-01-26", "2028-04-04"),
            (2030, "2030-02-02", "2030-04-12"),
        ];
        for (year, tet_day, hung) in golden {
            assert_eq!(tet(year), d(tet_day), "Tết {year}");
            assert_eq!(hung_kings_day(year), d(hung), "Hùng Kings' day {year}");
        }
    }

    /// Where Việt Nam's calendar (UTC+7) and China's (UTC+8) differ: the time zone matters.
    #[test]
    fn vietnam_differs_from_china() {
        assert_eq!(tet(1985), d("1985-01-21"));
        assert_eq!(to_solar(1, 1, 1985, 8.0), d("1985-02-20"));
        assert_eq!(to_solar(1, 1, 2030, 8.0), d("2030-02-03"));
    }

    /// A year with a leap month (2025 had a leap 6th month): months after it shift by one.
    #[test]
    fn months_after_a_leap_month() {
        // Mid-autumn 2025 (15/8 lunar) was 6 October; 2023's leap 2nd month moves Hùng Kings'
        // day to 29 April 2023.
        assert_eq!(to_solar(15, 8, 2025, VIETNAM_UTC_OFFSET), d("2025-10-06"));
        assert_eq!(hung_kings_day(2023), d("2023-04-29"));
    }
}
