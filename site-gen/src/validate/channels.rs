//! What a channel says, in the catalogue and in a commune's override: its processing time
//! and its fees.

use super::Checker;
use crate::load::Parsed;
use catalog::{Channel, ChannelKind, Fee, FeeKind, ProcessingTime, TimeKind};

impl Checker<'_> {
    pub(super) fn channel<T>(&mut self, p: &Parsed<T>, path: &str, ch: &Channel) {
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

    pub(super) fn fees<T>(&mut self, p: &Parsed<T>, path: &str, fees: &[Fee]) {
        if fees.is_empty() {
            let d = self
                .err(p, path, "no fee is given")
                .help("when the amount is not known, write { kind = \"set-by-province\" }: never leave it out, never write 0");
            self.report(d);
        }
        for (i, fee) in fees.iter().enumerate() {
            self.fee(p, &format!("{path}[{i}]"), fee);
        }
    }

    pub(super) fn fee<T>(&mut self, p: &Parsed<T>, path: &str, fee: &Fee) {
        let at = |field: &str| format!("{path}.{field}");
        let mut unexpected = Vec::new();
        let has_unit_fields = fee.price.is_some() || !fee.tiers.is_empty() || fee.cap.is_some();
        match fee.kind {
            FeeKind::Free | FeeKind::SetByProvince | FeeKind::NotStated => {
                if fee.amount.is_some() {
                    unexpected.push("amount");
                }
                if has_unit_fields {
                    unexpected.push("price");
                }
            }
            FeeKind::Flat => {
                match fee.amount {
                    None => {
                        let d = self
                            .err(p, path, "a flat fee without its amount")
                            .expected("amount = 8000 (in đồng, without dots)");
                        self.report(d);
                    }
                    Some(0) => {
                        let d = self
                            .err(p, &at("amount"), "a flat fee of 0")
                            .help("write kind = \"free\" if the data says free, or kind = \"set-by-province\" if the amount is not known");
                        self.report(d);
                    }
                    Some(_) => {}
                }
                if has_unit_fields {
                    unexpected.push("price");
                }
            }
            FeeKind::PerUnit => {
                if fee.amount.is_some() {
                    unexpected.push("amount");
                }
                match (fee.price, &fee.unit) {
                    (Some(price), Some(_)) => {
                        if let Some(cap) = fee.cap {
                            if cap < price {
                                let d = self
                                    .err(p, &at("cap"), format!("the cap ({cap}) is below the unit price ({price})"))
                                    .help("the cap is the most charged for the whole request or copy; check both numbers");
                                self.report(d);
                            }
                        }
                        let mut last = 1;
                        for (i, tier) in fee.tiers.iter().enumerate() {
                            if tier.from <= last {
                                let d = self
                                    .err(
                                        p,
                                        &at(&format!("tiers[{i}].from")),
                                        "tiers must start after unit 1 and go up",
                                    )
                                    .expected(format!("from = a number above {last}"));
                                self.report(d);
                            }
                            last = tier.from;
                        }
                    }
                    _ => {
                        let d = self
                            .err(p, path, "a per-unit fee needs its price and its unit")
                            .expected("price = 2000, unit = \"trang\"");
                        self.report(d);
                    }
                }
            }
        }
        if fee.cap_per.is_some() && fee.cap.is_none() {
            unexpected.push("cap_per");
        }
        for field in unexpected {
            let d = self
                .err(
                    p,
                    &at(field),
                    format!(
                        "`{field}` does not go with kind = \"{}\"",
                        kind_name(fee.kind)
                    ),
                )
                .help("remove it, or change the kind");
            self.report(d);
        }
    }
}

fn kind_name(kind: FeeKind) -> &'static str {
    match kind {
        FeeKind::Free => "free",
        FeeKind::Flat => "flat",
        FeeKind::PerUnit => "per-unit",
        FeeKind::SetByProvince => "set-by-province",
        FeeKind::NotStated => "not-stated",
    }
}
