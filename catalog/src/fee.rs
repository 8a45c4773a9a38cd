//! Fees and charges (phí, lệ phí).
//!
//! The one rule that matters most: an unknown amount is `SetByProvince`, never zero. The
//! national portal writes `0` both for "free" and for "set by the provincial council", and a
//! citizen told "free" who is then charged has been misinformed by us.

use crate::date::Date;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Currency {
    #[default]
    VND,
    USD,
}

impl Currency {
    pub fn is_vnd(&self) -> bool {
        *self == Currency::VND
    }

    pub fn code(self) -> &'static str {
        match self {
            Currency::VND => "VND",
            Currency::USD => "USD",
        }
    }
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum FeeKind {
    Free,
    /// One amount for the whole request.
    Flat,
    /// A price per unit (page, copy), optionally cheaper from some unit on and capped.
    PerUnit,
    /// The amount is decided by the provincial council and not known to this site.
    SetByProvince,
    /// The source gives no amount (no fee entry, or an empty value): neither free nor set by
    /// the province, and shown as exactly that.
    NotStated,
}

/// What the source calls the payment: phí (a fee for a service), lệ phí (a state charge) or
/// giá (a price). The national portal's `FEE`, `SERVICE_FEE` and `PRICE_LEVEL`, kept apart
/// because the law treats them differently.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum FeeCategory {
    /// Phí.
    Fee,
    /// Lệ phí.
    Charge,
    /// Giá (mức giá).
    Price,
}

impl FeeCategory {
    pub fn key(self) -> &'static str {
        match self {
            FeeCategory::Fee => "fee",
            FeeCategory::Charge => "charge",
            FeeCategory::Price => "price",
        }
    }
}

/// A lower price from unit `from` on (e.g. from page 3: 1,000 đ).
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Tier {
    pub from: u32,
    pub price: u64,
}

/// One fee case of a channel. Flat rather than an enum with data for the same reason as
/// [`crate::time::ProcessingTime`]; `validate` enforces which fields go with which kind.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Fee {
    pub kind: FeeKind,
    /// Phí, lệ phí or giá, when the source says which.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<FeeCategory>,
    /// When this case applies, e.g. "Đăng ký quá hạn" (late registration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<String>,
    /// Flat amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<u64>,
    /// Per-unit price, and the unit it is counted in ("trang", "bản").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tiers: Vec<Tier>,
    /// The most charged, and what the cap counts ("bản" = per copy).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap_per: Option<String>,
    #[serde(default, skip_serializing_if = "Currency::is_vnd")]
    pub currency: Currency,
    /// Who pays nothing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exemptions: Vec<String>,
    /// The document that sets the amount, e.g. `226/2016/TT-BTC`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Fee {
    pub fn of_kind(kind: FeeKind) -> Fee {
        Fee {
            kind,
            category: None,
            when: None,
            amount: None,
            price: None,
            unit: None,
            tiers: Vec::new(),
            cap: None,
            cap_per: None,
            currency: Currency::VND,
            exemptions: Vec::new(),
            basis: None,
            note: None,
        }
    }

    /// What `units` units cost, or `None` when the amount is not known (set by the province).
    pub fn total(&self, units: u32) -> Option<u64> {
        match self.kind {
            FeeKind::Free => Some(0),
            FeeKind::Flat => self.amount,
            FeeKind::SetByProvince | FeeKind::NotStated => None,
            FeeKind::PerUnit => {
                let base = self.price?;
                let sum: u64 = (1..=units).map(|n| self.price_of_unit(n, base)).sum();
                Some(self.cap.map_or(sum, |cap| sum.min(cap)))
            }
        }
    }

    fn price_of_unit(&self, n: u32, base: u64) -> u64 {
        self.tiers
            .iter()
            .filter(|t| t.from <= n)
            .max_by_key(|t| t.from)
            .map_or(base, |t| t.price)
    }
}

/// A compact, language-neutral form for logs and import diffs ("per-unit 2000 VND/trang,
/// from 3: 1000, cap 200000/bản"); pages use the theme's translated wording instead.
impl std::fmt::Display for Fee {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(when) = &self.when {
            write!(f, "{when}: ")?;
        }
        if let Some(c) = self.category {
            write!(f, "[{}] ", c.key())?;
        }
        let cur = self.currency.code();
        match self.kind {
            FeeKind::Free => f.write_str("free")?,
            FeeKind::SetByProvince => f.write_str("set by the province")?,
            FeeKind::NotStated => f.write_str("not stated by the source")?,
            FeeKind::Flat => write!(f, "{} {cur}", self.amount.unwrap_or(0))?,
            FeeKind::PerUnit => {
                write!(
                    f,
                    "{} {cur}/{}",
                    self.price.unwrap_or(0),
                    self.unit.as_deref().unwrap_or("")
                )?;
                for t in &self.tiers {
                    write!(f, ", from {}: {}", t.from, t.price)?;
                }
                if let Some(cap) = self.cap {
                    write!(f, ", cap {cap}")?;
                    if let Some(per) = &self.cap_per {
                        write!(f, "/{per}")?;
                    }
                }
            }
        }
        if !self.exemptions.is_empty() {
            write!(f, " (exempt: {})", self.exemptions.join(", "))?;
        }
        if let Some(note) = &self.note {
            write!(f, " ({note})")?;
        }
        Ok(())
    }
}

/// A fee decision by a province or ministry that replaces channel fees from a date on, e.g.
/// Hải Phòng's 23/2026/NQ-HĐND: 0 đ when filed online, from 8 August 2026.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FeeDocument {
    pub code: String,
    pub title: String,
    pub issuer: String,
    pub effective_from: Date,
    /// The province it applies in; absent for a national document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub province: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(rename = "rule")]
    pub rules: Vec<FeeRule>,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FeeRule {
    pub procedures: Vec<String>,
    /// The channel kind it applies to; every channel when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<crate::procedure::ChannelKind>,
    pub fee: Vec<Fee>,
}

/// `12.345.678` — Vietnamese groups thousands with dots.
pub fn group_thousands(amount: u64, separator: char) -> String {
    let digits = amount.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(separator);
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Certified copy, Circular 226/2016/TT-BTC: 2,000 đ/page, from page 3 1,000 đ/page, at most
    /// 200,000 đ per copy.
    fn certification() -> Fee {
        Fee {
            price: Some(2_000),
            unit: Some("trang".into()),
            tiers: vec![Tier {
                from: 3,
                price: 1_000,
            }],
            cap: Some(200_000),
            cap_per: Some("bản".into()),
            ..Fee::of_kind(FeeKind::PerUnit)
        }
    }

    #[test]
    fn certification_tiers_and_cap() {
        let fee = certification();
        assert_eq!(fee.total(1), Some(2_000));
        assert_eq!(fee.total(2), Some(4_000));
        assert_eq!(fee.total(3), Some(5_000));
        assert_eq!(fee.total(10), Some(12_000));
        assert_eq!(fee.total(198), Some(200_000));
        assert_eq!(fee.total(500), Some(200_000));
    }

    #[test]
    fn set_by_province_has_no_amount() {
        assert_eq!(Fee::of_kind(FeeKind::SetByProvince).total(1), None);
        assert_eq!(Fee::of_kind(FeeKind::NotStated).total(1), None);
        assert_eq!(Fee::of_kind(FeeKind::Free).total(1), Some(0));
    }

    #[test]
    fn displays_compactly() {
        assert_eq!(
            certification().to_string(),
            "2000 VND/trang, from 3: 1000, cap 200000/bản"
        );
        let late = Fee {
            when: Some("quá hạn".into()),
            ..Fee::of_kind(FeeKind::SetByProvince)
        };
        assert_eq!(late.to_string(), "quá hạn: set by the province");
    }

    #[test]
    fn groups_thousands() {
        assert_eq!(group_thousands(0, '.'), "0");
        assert_eq!(group_thousands(8_000, '.'), "8.000");
        assert_eq!(group_thousands(200_000, '.'), "200.000");
        assert_eq!(group_thousands(1_234_567, ','), "1,234,567");
    }
}
