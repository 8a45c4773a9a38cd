//! What a channel says, in the catalogue and in a commune's override: its processing time
//! and that it has fees (which fields go with which kind of fee is checked by `checked`).

use super::Checker;
use crate::load::Parsed;
use catalog::{Channel, ChannelKind, ProcessingTime, RawFee, TimeKind};

impl Checker<'_> {
    pub(super) fn channel<T>(&mut self, p: &Parsed<T>, path: &str, ch: &Channel<RawFee>) {
        if ch.online_level.is_some() && ch.kind != ChannelKind::Online {
            let d = self
                .err(
                    p,
                    &format!("{path}.online_level"),
                    "online_level on a channel that is not online",
                )
                .help("remove online_level, or set kind = \"online\"");
            self.report(d);
        }
        self.time(p, &format!("{path}.time"), &ch.time);
        self.fees(p, &format!("{path}.fee"), &ch.fees);
    }

    pub(super) fn time<T>(&mut self, p: &Parsed<T>, path: &str, t: &ProcessingTime) {
        match t.kind {
            TimeKind::SameDay if t.days.is_some() => {
                let d = self
                    .err(
                        p,
                        &format!("{path}.days"),
                        "a same-day time has no number of days",
                    )
                    .help("remove `days`, or use kind = \"working-days\"");
                self.report(d);
            }
            TimeKind::WorkingDays | TimeKind::CalendarDays
                if t.days.is_some() && t.amount.is_some() =>
            {
                let d = self
                    .err(
                        p,
                        &format!("{path}.amount"),
                        "both days and amount are given",
                    )
                    .help(
                        "write whole days as `days = N`, a fraction as `amount = 12.5`, not both",
                    );
                self.report(d);
            }
            TimeKind::WorkingDays | TimeKind::CalendarDays
                if t.days.is_none() && t.amount.is_some_and(|a| a > 0.0 && a.is_finite()) => {}
            TimeKind::Hours | TimeKind::Months | TimeKind::Years
                if t.days.is_some() || !t.amount.is_some_and(|a| a > 0.0 && a.is_finite()) =>
            {
                let d = self
                    .err(
                        p,
                        &format!("{path}.amount"),
                        "how many hours, months or years?",
                    )
                    .expected("amount = N with N above 0, and no `days`");
                self.report(d);
            }
            TimeKind::Text
                if t.days.is_some()
                    || t.amount.is_some()
                    || t.note.as_deref().is_none_or(|n| n.trim().is_empty()) =>
            {
                let d = self
                    .err(
                        p,
                        &format!("{path}.note"),
                        "a time given in words needs the words, and no number",
                    )
                    .expected("note = \"…the source's text…\", without days or amount");
                self.report(d);
            }
            TimeKind::SameDay if t.amount.is_some() => {
                let d = self
                    .err(
                        p,
                        &format!("{path}.amount"),
                        "a same-day time has no amount",
                    )
                    .help("remove `amount`");
                self.report(d);
            }
            TimeKind::WorkingDays | TimeKind::CalendarDays if t.days.unwrap_or(0) == 0 => {
                let d = self
                    .err(p, &format!("{path}.days"), "how many days?")
                    .expected("days = N with N at least 1")
                    .help(
                        "for results the same day, use kind = \"same-day\" with cutoff = \"15:00\"",
                    );
                self.report(d);
            }
            _ if t.kind != TimeKind::SameDay && t.cutoff.is_some() => {
                let d = self
                    .err(
                        p,
                        &format!("{path}.cutoff"),
                        "a cutoff hour applies only to same-day procedures",
                    )
                    .help("remove `cutoff`");
                self.report(d);
            }
            _ => {}
        }
        if t.extension.as_ref().is_some_and(|e| e.working_days == 0) {
            let d = self
                .err(
                    p,
                    &format!("{path}.extension.working_days"),
                    "an extension of 0 days",
                )
                .help("remove the extension, or give the extra working days");
            self.report(d);
        }
    }

    pub(super) fn fees<T>(&mut self, p: &Parsed<T>, path: &str, fees: &[RawFee]) {
        if fees.is_empty() {
            let d = self
                .err(p, path, "no fee is given")
                .help("when the amount is not known, write { kind = \"set-by-province\" }: never leave it out, never write 0");
            self.report(d);
        }
    }
}
