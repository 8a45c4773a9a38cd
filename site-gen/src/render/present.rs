//! How amounts, fees, times, dates and hours read in each interface language. One place, so
//! that the procedure page, the catalogue, the fee schedule and the CSV never disagree.

use crate::i18n::I18n;
use catalog::fee::group_thousands;
use catalog::{
    Channel, ChannelKind, Currency, Date, Fee, FeeAmount, Hours, OnlineLevel, ProcessingTime,
    TimeKind, Weekday,
};

pub fn money(amount: u64, currency: Currency, i: &I18n) -> String {
    let sep = if i.lang == "vi" { '.' } else { ',' };
    let n = group_thousands(amount, sep);
    match (currency, i.lang) {
        (Currency::VND, "vi") => format!("{n} đ"),
        (Currency::VND, _) => format!("{n} VND"),
        (Currency::USD, _) => format!("{n} USD"),
    }
}

/// One fee case in words, e.g. "2.000 đ/trang; từ trang thứ 3: 1.000 đ/trang; tối đa
/// 200.000 đ/bản". Set-by-province reads as such and never as free.
pub fn fee_text(fee: &Fee, i: &I18n) -> String {
    let m = |a: u64| money(a, fee.currency, i);
    match &fee.amount {
        FeeAmount::Free => i.text("fee_free").to_string(),
        FeeAmount::SetByProvince => i.text("fee_set_by_province").to_string(),
        FeeAmount::NotStated => i.text("fee_not_stated").to_string(),
        FeeAmount::Flat { amount } => m(amount.get()),
        FeeAmount::PerUnit(p) => {
            let unit = i.word("units", p.unit());
            let mut parts =
                vec![i.format("fee_per_unit", &[("price", &m(p.price())), ("unit", &unit)])];
            for tier in p.tiers() {
                parts.push(i.format(
                    "fee_tier",
                    &[
                        ("from", &tier.from.to_string()),
                        ("unit", &unit),
                        ("price", &m(tier.price)),
                    ],
                ));
            }
            if let Some(cap) = p.cap() {
                parts.push(match &cap.per {
                    Some(per) => i.format(
                        "fee_cap_per",
                        &[("cap", &m(cap.amount)), ("per", &i.word("units", per))],
                    ),
                    None => i.format("fee_cap", &[("cap", &m(cap.amount))]),
                });
            }
            parts.join("; ")
        }
    }
}

/// A fee case with its condition and what the source calls it: "Lệ phí — Đăng ký quá hạn:
/// Theo mức do HĐND tỉnh quy định".
pub fn fee_line(fee: &Fee, i: &I18n) -> String {
    let text = match &fee.when {
        Some(when) => format!("{when}: {}", fee_text(fee, i)),
        None => fee_text(fee, i),
    };
    match fee.category {
        Some(c) => format!("{}: {text}", i.text(&format!("fee_category_{}", c.key()))),
        None => text,
    }
}

/// Whether a citizen cannot know the amount from the page: set by the province or not stated.
pub fn fee_unknown(fee: &Fee) -> bool {
    matches!(fee.amount, FeeAmount::SetByProvince | FeeAmount::NotStated)
}

/// A count as the source gives it, fractions with the language's decimal mark ("12,5").
fn count(t: &ProcessingTime, i: &I18n) -> String {
    let n = t.count();
    let text = if n.fract() == 0.0 {
        format!("{n:.0}")
    } else {
        format!("{n}")
    };
    if i.lang == "vi" {
        text.replace('.', ",")
    } else {
        text
    }
}

/// All cases of a channel in one line, for the catalogue's "at a glance" column.
pub fn fees_short(fees: &[Fee], i: &I18n) -> String {
    if !fees.is_empty() && fees.iter().all(|f| f.amount == FeeAmount::Free) {
        return i.text("fee_free").to_string();
    }
    fees.iter()
        .map(|f| fee_line(f, i))
        .collect::<Vec<_>>()
        .join(" · ")
}

pub fn time_text(t: &ProcessingTime, i: &I18n) -> String {
    match t.kind {
        TimeKind::SameDay => match t.cutoff {
            Some(cutoff) => i.format("time_same_day_cutoff", &[("cutoff", &cutoff.to_string())]),
            None => i.text("time_same_day").to_string(),
        },
        TimeKind::WorkingDays => i.format("time_working_days", &[("n", &count(t, i))]),
        TimeKind::CalendarDays => i.format("time_calendar_days", &[("n", &count(t, i))]),
        TimeKind::Hours => i.format("time_hours", &[("n", &count(t, i))]),
        TimeKind::Months => i.format("time_months", &[("n", &count(t, i))]),
        TimeKind::Years => i.format("time_years", &[("n", &count(t, i))]),
        // The source's words are the time; they are never turned into a number.
        TimeKind::Text => t.note.clone().unwrap_or_default(),
    }
}

/// The short form for tables: "Trong ngày (sau 15:00: ngày làm việc tiếp theo)".
pub fn time_short(t: &ProcessingTime, i: &I18n) -> String {
    let base = match (t.kind, t.cutoff) {
        (TimeKind::SameDay, Some(c)) => {
            i.format("time_same_day_cutoff_short", &[("cutoff", &c.to_string())])
        }
        _ => time_text(t, i),
    };
    match &t.extension {
        Some(ext) => format!(
            "{base}; {}",
            i.format(
                "time_extension_short",
                &[("n", &ext.working_days.to_string())]
            )
        ),
        None => base,
    }
}

pub fn extension_text(t: &ProcessingTime, i: &I18n) -> Option<String> {
    t.extension.as_ref().map(|ext| {
        i.format(
            "time_extension",
            &[("n", &ext.working_days.to_string()), ("when", &ext.when)],
        )
    })
}

pub fn channel_label(ch: &Channel, i: &I18n) -> String {
    let mut label = i.text(channel_key(ch.kind)).to_string();
    if let Some(level) = ch.online_level {
        label = format!(
            "{label} ({})",
            i.text(match level {
                OnlineLevel::Full => "online_full",
                OnlineLevel::Partial => "online_partial",
            })
        );
    }
    match &ch.place {
        Some(place) => format!("{label} — {place}"),
        None => label,
    }
}

pub fn channel_key(kind: ChannelKind) -> &'static str {
    match kind {
        ChannelKind::Desk => "channel_desk",
        ChannelKind::Online => "channel_online",
        ChannelKind::Post => "channel_post",
    }
}

const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

pub fn date(d: Date, i: &I18n) -> String {
    if i.lang == "vi" {
        d.vietnamese()
    } else {
        format!(
            "{} {} {}",
            d.day(),
            MONTHS_EN[usize::from(d.month()) - 1],
            d.year()
        )
    }
}

pub fn weekday(d: Weekday, i: &I18n) -> String {
    i.text(&format!("weekday_{}", d.key())).to_string()
}

/// "Thứ Hai – Thứ Sáu" for a run of days, else the days listed.
pub fn days_label(days: &[Weekday], i: &I18n) -> String {
    let mut sorted: Vec<Weekday> = days.to_vec();
    sorted.sort();
    sorted.dedup();
    let consecutive = sorted.windows(2).all(|w| w[1].index() == w[0].index() + 1);
    match (sorted.first(), sorted.last()) {
        (Some(first), Some(last)) if consecutive && sorted.len() > 2 => {
            format!("{} – {}", weekday(*first, i), weekday(*last, i))
        }
        _ => sorted
            .iter()
            .map(|d| weekday(*d, i))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

pub fn hours_line(h: &Hours, i: &I18n) -> (String, String) {
    (days_label(&h.days, i), format!("{} – {}", h.open, h.close))
}

/// Each line of reception hours in words: "Thứ Hai – Thứ Sáu: 07:30 – 11:30".
pub fn hours_text(hours: &[Hours], i: &I18n) -> Vec<String> {
    hours
        .iter()
        .map(|h| {
            let (days, time) = hours_line(h, i);
            format!("{days}: {time}")
        })
        .collect()
}

/// "1 bản chính, 2 bản sao" — what to bring of one document.
pub fn copies_text(originals: u32, copies: u32, i: &I18n) -> String {
    let mut parts = Vec::new();
    if originals > 0 {
        parts.push(i.format("count_originals", &[("n", &originals.to_string())]));
    }
    if copies > 0 {
        parts.push(i.format("count_copies", &[("n", &copies.to_string())]));
    }
    parts.join(", ")
}

/// A note without the importer's record of the portal's raw figure ("Theo Cổng Dịch vụ công
/// quốc gia: 1 (đơn vị khác)."), which means nothing to a citizen; `None` when nothing else
/// is left.
pub fn without_portal_notation(note: &str) -> Option<&str> {
    const PREFIX: &str = "Theo Cổng Dịch vụ công quốc gia:";
    let rest = match note.strip_prefix(PREFIX) {
        Some(rest) => rest.split_once(". ").map_or("", |(_, after)| after),
        None => note,
    };
    let rest = rest.trim();
    (!rest.is_empty()).then_some(rest)
}

/// An ISO 8601 duration for schema.org `processingTime`.
/// `None` for a time given only in words.
pub fn iso_duration(t: &ProcessingTime) -> Option<String> {
    let n = t.count();
    match t.kind {
        TimeKind::SameDay => Some("P0D".into()),
        TimeKind::WorkingDays | TimeKind::CalendarDays => Some(format!("P{n}D")),
        TimeKind::Hours => Some(format!("PT{n}H")),
        TimeKind::Months => Some(format!("P{n}M")),
        TimeKind::Years => Some(format!("P{n}Y")),
        TimeKind::Text => None,
    }
}

#[cfg(test)]
mod tests {
    use super::without_portal_notation;

    #[test]
    fn portal_notation_is_left_out_of_notes() {
        assert_eq!(
            without_portal_notation(
                "Theo Cổng Dịch vụ công quốc gia: 1 (đơn vị khác). Nếu tiếp nhận hồ sơ sau 15 giờ thì trả kết quả trong ngày làm việc tiếp theo."
            ),
            Some("Nếu tiếp nhận hồ sơ sau 15 giờ thì trả kết quả trong ngày làm việc tiếp theo.")
        );
        assert_eq!(
            without_portal_notation("Theo Cổng Dịch vụ công quốc gia: 0 (đơn vị khác)."),
            None
        );
        assert_eq!(
            without_portal_notation("Nếu cần xác minh"),
            Some("Nếu cần xác minh")
        );
    }
}
