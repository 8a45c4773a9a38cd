//! `calendar/<year>.toml`: each day off and make-up working day in its own year, in a file
//! named after the year.

use super::{file_stem, Checker};
use crate::load::Content;
use std::collections::BTreeSet;

impl Checker<'_> {
    pub(super) fn calendars(&mut self, content: &Content) {
        for cal in &content.calendars {
            let y = &cal.value;
            let stem = file_stem(self.sources.path(cal.file));
            if stem != y.year.to_string() {
                let d = self
                    .err(
                        cal,
                        "year",
                        format!("year {} is in a file named {stem}.toml", y.year),
                    )
                    .help(format!("name the file calendar/{}.toml", y.year));
                self.report(d);
            }
            let mut off = BTreeSet::new();
            for (i, day) in y.days_off.iter().enumerate() {
                let last = day.last();
                if last < day.from {
                    let d = self
                        .err(
                            cal,
                            &format!("day_off[{i}].to"),
                            "this break ends before it starts",
                        )
                        .expected(format!("a date on or after {}", day.from));
                    self.report(d);
                }
                for (field, date) in [("from", day.from), ("to", last)] {
                    if date.year() != y.year {
                        let d = self
                            .err(cal, &format!("day_off[{i}].{field}"), format!("{date} is not in {}", y.year))
                            .help("a day off belongs in the file of its own year; split a break that crosses the new year");
                        self.report(d);
                    }
                }
                off.extend(day.from.through(last.max(day.from)));
            }
            for (i, wd) in y.working_days.iter().enumerate() {
                if !wd.date.weekday().is_weekend() {
                    let d = self
                        .err(
                            cal,
                            &format!("working_day[{i}].date"),
                            format!(
                                "{} is a {:?}, already a working day",
                                wd.date,
                                wd.date.weekday()
                            ),
                        )
                        .expected("a Saturday or Sunday that was made a working day");
                    self.report(d);
                }
                if off.contains(&wd.date) || wd.date.year() != y.year {
                    let d = self.err(
                        cal,
                        &format!("working_day[{i}].date"),
                        format!(
                            "{} is listed as a day off, or is not in {}",
                            wd.date, y.year
                        ),
                    );
                    self.report(d);
                }
            }
        }
    }
}
