//! Warnings about the working-day calendars, reported by `check`: a year that a due date can
//! reach without a calendar file (due dates there count only weekends), and a projected year
//! whose lunar holidays disagree with motcua's lunar calendar.

use crate::diag::{Diagnostic, Diagnostics};
use crate::load::Content;
use catalog::{lunar, Calendar, Date, ProcessingTime, TimeOfDay};
use std::collections::BTreeSet;

pub fn warnings(content: &Content<catalog::Fee>, as_of: Date) -> Diagnostics {
    let mut out = Diagnostics::default();
    missing_years(content, as_of, &mut out);
    for cal in &content.calendars {
        let y = &cal.value;
        if !y.projected {
            continue;
        }
        let off: BTreeSet<Date> = y
            .days_off
            .iter()
            .flat_map(|d| d.from.through(d.last()))
            .collect();
        let tet = lunar::tet(y.year);
        let hung = lunar::hung_kings_day(y.year);
        // On a weekend, Hùng Kings' day gives the next working day off instead.
        let mut hung_off = hung;
        while hung_off.weekday().is_weekend() {
            hung_off = hung_off.succ();
        }
        for (what, lunar_date, day) in [
            ("Tết (1/1 âm lịch)", tet, tet),
            ("Hùng Kings' day (10/3 âm lịch)", hung, hung_off),
        ] {
            if !off.contains(&day) {
                out.push(
                    cal.error(
                        &content.sources,
                        "day_off",
                        format!(
                            "projected year {}: {what} falls on {} by the Vietnamese lunar calendar, but {} is not a day off here",
                            y.year,
                            lunar_date,
                            day
                        ),
                    )
                    .warning()
                    .expected(format!("a [[day_off]] that includes {day}"))
                    .help(format!(
                        "compare with `site-gen calendar project {}` (written to a copy of the content), or set projected = false if these are the announced days",
                        y.year
                    )),
                );
            }
        }
    }
    out
}

/// Every processing time a procedure page or the widget computes a due date from.
fn times(content: &Content<catalog::Fee>) -> impl Iterator<Item = &ProcessingTime> {
    let procedures = content.procedures.iter().flat_map(|p| {
        let p = &p.value;
        p.channels
            .iter()
            .map(|c| &c.time)
            .chain(p.cases.iter().filter_map(|c| c.time.as_ref()))
    });
    let overrides = content.communes.iter().flat_map(|c| {
        c.commune
            .value
            .overrides
            .iter()
            .filter_map(|o| o.time.as_ref())
    });
    procedures.chain(overrides)
}

/// Years between `as_of` and the latest due date of a dossier received on `as_of` (after the
/// cutoff, with every extension) that have no calendar file.
fn missing_years(content: &Content<catalog::Fee>, as_of: Date, out: &mut Diagnostics) {
    let known: BTreeSet<i32> = content.calendars.iter().map(|c| c.value.year).collect();
    let calendar = Calendar::new(content.calendars.iter().map(|c| &c.value));
    let Some(late) = TimeOfDay::new(23, 59) else {
        return;
    };
    let last = times(content)
        // Times not counted in days (hours, months, words) reach no calendar year.
        .filter_map(|t| calendar.due_dates(as_of, late, t))
        .map(|d| d.extended.unwrap_or(d.due).date)
        .max()
        .unwrap_or(as_of);
    for year in as_of.year()..=last.year() {
        if !known.contains(&year) {
            out.push(
                Diagnostic::error(format!(
                    "no calendar for {year}: a dossier received on {as_of} can be due as late as {last}, and due dates in {year} count only weekends as days off"
                ))
                .warning()
                .expected(format!("a file calendar/{year}.toml"))
                .help(format!(
                    "run `site-gen calendar project {year}` for a projected calendar, and correct it when the days off are announced"
                )),
            );
        }
    }
}
