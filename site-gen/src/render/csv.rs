//! The fee schedule as CSV, for officers' spreadsheets and open data.

use super::present;
use crate::i18n::I18n;
use crate::resolve::CommuneView;
use catalog::RawFee;

const HEADER: [&str; 15] = [
    "ma_thu_tuc",
    "ten_thu_tuc",
    "linh_vuc",
    "cach_thuc",
    "truong_hop",
    "loai_phi",
    "muc_phi",
    "so_tien",
    "don_gia",
    "don_vi",
    "bac_gia",
    "muc_toi_da",
    "tien_te",
    "doi_tuong_mien",
    "can_cu",
];

/// One row per fee case of each channel. UTF-8 with a byte-order mark, which spreadsheet
/// programs need to read Vietnamese correctly.
pub fn fee_schedule(c: &CommuneView, i: &I18n) -> String {
    let mut out = String::from("\u{feff}");
    push_row(&mut out, HEADER.iter().map(|s| s.to_string()));
    for r in &c.procedures {
        for ch in &r.channels {
            for fee in ch.fees {
                // The columns are the content file's fields, empty where a kind has none.
                let raw = RawFee::from(fee);
                let num = |n: Option<u64>| n.map(|n| n.to_string()).unwrap_or_default();
                let tiers = raw
                    .tiers
                    .iter()
                    .map(|t| format!("{}:{}", t.from, t.price))
                    .collect::<Vec<_>>()
                    .join(" ");
                let basis = fee
                    .basis
                    .clone()
                    .or_else(|| ch.fee_document.map(|d| d.code.clone()))
                    .unwrap_or_default();
                push_row(
                    &mut out,
                    [
                        r.procedure.code.to_string(),
                        r.procedure.name.clone(),
                        r.procedure.field.clone(),
                        present::channel_label(ch.channel, i),
                        fee.when.clone().unwrap_or_default(),
                        raw.kind.key().to_string(),
                        present::fee_text(fee, i),
                        num(raw.amount),
                        num(raw.price),
                        raw.unit.unwrap_or_default(),
                        tiers,
                        num(raw.cap),
                        fee.currency.code().to_string(),
                        fee.exemptions.join("; "),
                        basis,
                    ]
                    .into_iter(),
                );
            }
        }
    }
    out
}

/// One CSV row; every CSV the site publishes is written through here. A cell that starts
/// with `=`, `+`, `-`, `@`, a tab or a carriage return would be run as a formula by a
/// spreadsheet (`=HYPERLINK(…)` in a procedure's name): as OWASP recommends, it gets a
/// leading apostrophe, which spreadsheets read as "text", and is quoted.
pub(crate) fn push_row(out: &mut String, fields: impl Iterator<Item = String>) {
    let mut first = true;
    for f in fields {
        if !first {
            out.push(',');
        }
        first = false;
        let formula = f.starts_with(['=', '+', '-', '@', '\t', '\r']);
        if formula || f.contains([',', '"', '\n', '\r']) {
            out.push('"');
            if formula {
                out.push('\'');
            }
            out.push_str(&f.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(&f);
        }
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::push_row;

    #[test]
    fn formulas_are_written_as_text() {
        let mut out = String::new();
        let cells = [
            "=1+1",
            "+84",
            "-2",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "a,b",
            "Miễn phí",
            "2.000815",
        ];
        push_row(&mut out, cells.iter().map(|s| s.to_string()));
        assert_eq!(
            out,
            "\"'=1+1\",\"'+84\",\"'-2\",\"'@SUM(A1)\",\"'\tx\",\"'\rx\",\"a,b\",Miễn phí,2.000815\r\n"
        );
    }
}
