//! Fees and charges (phí, lệ phí).
//!
//! The one rule that matters most: an unknown amount is `SetByProvince`, never zero. The
//! national portal writes `0` both for "free" and for "set by the provincial council", and a
//! citizen told "free" who is then charged has been misinformed by us.

use crate::code::ProcedureCode;
use crate::date::Date;
use serde::{Deserialize, Serialize};
use std::num::NonZeroU64;

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

impl FeeKind {
    /// The word written in TOML (`kind = "per-unit"`).
    pub fn key(self) -> &'static str {
        match self {
            FeeKind::Free => "free",
            FeeKind::Flat => "flat",
            FeeKind::PerUnit => "per-unit",
            FeeKind::SetByProvince => "set-by-province",
            FeeKind::NotStated => "not-stated",
        }
    }
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

/// One fee case of a channel: what it costs ([`FeeAmount`]) and what the source says around
/// it. Read from TOML through [`RawFee`] and [`Fee::try_from`], so a fee whose fields do not
/// fit its kind (a flat fee without its amount, a price on a free one) cannot exist; written
/// back in the same shape.
#[derive(Clone, Debug, PartialEq)]
pub struct Fee {
    pub amount: FeeAmount,
    /// Phí, lệ phí or giá, when the source says which.
    pub category: Option<FeeCategory>,
    /// When this case applies, e.g. "Đăng ký quá hạn" (late registration).
    pub when: Option<String>,
    pub currency: Currency,
    /// Who pays nothing.
    pub exemptions: Vec<String>,
    /// The document that sets the amount, e.g. `226/2016/TT-BTC`.
    pub basis: Option<String>,
    pub note: Option<String>,
}

/// What a fee is. "Not known" comes in two kinds that are never free: set by the province,
/// and not stated by the source.
#[derive(Clone, Debug, PartialEq)]
pub enum FeeAmount {
    Free,
    /// The amount is decided by the provincial council and not known to this site.
    SetByProvince,
    /// The source gives no amount (no fee entry, or an empty value).
    NotStated,
    /// One amount for the whole request; never 0, which is `Free` (or not known).
    Flat {
        amount: NonZeroU64,
    },
    PerUnit(PerUnit),
}

/// A price per unit (page, copy), optionally cheaper from some unit on and capped. Private
/// fields: [`PerUnit::new`] keeps its tiers in order and its cap above the price.
#[derive(Clone, Debug, PartialEq)]
pub struct PerUnit {
    price: u64,
    unit: String,
    tiers: Vec<Tier>,
    cap: Option<Cap>,
}

/// The most charged, at least the unit price, and what it counts ("bản" = per copy).
#[derive(Clone, Debug, PartialEq)]
pub struct Cap {
    pub amount: u64,
    pub per: Option<String>,
}

// A fee as written in a content file: the kind and every field any kind may take, each
// optional. Only `Fee::try_from` reads it; the JSON Schema of the content files describes this
// shape, and its doc comment is what an editor shows an officer.
/// One fee case of a channel. `kind` says which amount fields it takes: `amount` for
/// "flat"; `price` and `unit`, and optionally `tiers`, `cap` and `cap_per`, for "per-unit";
/// none for "free", "set-by-province" and "not-stated".
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "Fee"))]
#[serde(deny_unknown_fields)]
pub struct RawFee {
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

/// Why a [`RawFee`] is not a fee, and where in its table.
#[derive(Clone, Debug, PartialEq)]
pub struct FeeError {
    /// The field at fault, relative to the fee's table (`amount`, `tiers[1].from`); `None`
    /// for the table as a whole (a field is missing).
    pub field: Option<String>,
    pub message: String,
    pub expected: Option<String>,
    pub help: Option<&'static str>,
}

impl std::fmt::Display for FeeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FeeError {}

impl FeeError {
    fn at(field: impl Into<String>, message: impl Into<String>) -> FeeError {
        FeeError {
            field: Some(field.into()),
            message: message.into(),
            expected: None,
            help: None,
        }
    }

    fn whole(message: &str, expected: &str) -> FeeError {
        FeeError {
            field: None,
            message: message.into(),
            expected: Some(expected.into()),
            help: None,
        }
    }

    fn not_with(field: &str, kind: FeeKind) -> FeeError {
        FeeError {
            help: Some("remove it, or change the kind"),
            ..FeeError::at(
                field,
                format!("`{field}` does not go with kind = \"{}\"", kind.key()),
            )
        }
    }
}

impl TryFrom<RawFee> for Fee {
    type Error = FeeError;

    fn try_from(raw: RawFee) -> Result<Fee, FeeError> {
        let kind = raw.kind;
        // Fields that only a per-unit fee takes, in the order they are usually written.
        let unit_fields = [
            ("price", raw.price.is_some()),
            ("unit", raw.unit.is_some()),
            ("tiers", !raw.tiers.is_empty()),
            ("cap", raw.cap.is_some()),
            ("cap_per", raw.cap_per.is_some()),
        ];
        let unit_field = unit_fields
            .iter()
            .find(|(_, given)| *given)
            .map(|(f, _)| *f);
        let amount = match kind {
            FeeKind::Free | FeeKind::SetByProvince | FeeKind::NotStated | FeeKind::Flat
                if unit_field.is_some() =>
            {
                return Err(FeeError::not_with(unit_field.unwrap_or("price"), kind));
            }
            FeeKind::Free | FeeKind::SetByProvince | FeeKind::NotStated if raw.amount.is_some() => {
                return Err(FeeError::not_with("amount", kind));
            }
            FeeKind::Free => FeeAmount::Free,
            FeeKind::SetByProvince => FeeAmount::SetByProvince,
            FeeKind::NotStated => FeeAmount::NotStated,
            FeeKind::Flat => match raw.amount {
                None => {
                    return Err(FeeError::whole(
                        "a flat fee without its amount",
                        "amount = 8000 (in đồng, without dots)",
                    ))
                }
                Some(amount) => match NonZeroU64::new(amount) {
                    Some(amount) => FeeAmount::Flat { amount },
                    None => return Err(FeeError {
                        help: Some("write kind = \"free\" if the data says free, or kind = \"set-by-province\" if the amount is not known"),
                        ..FeeError::at("amount", "a flat fee of 0")
                    }),
                },
            },
            FeeKind::PerUnit => FeeAmount::PerUnit(per_unit(raw.amount, raw.price, raw.unit, raw.tiers, raw.cap, raw.cap_per)?),
        };
        Ok(Fee {
            amount,
            category: raw.category,
            when: raw.when,
            currency: raw.currency,
            exemptions: raw.exemptions,
            basis: raw.basis,
            note: raw.note,
        })
    }
}

fn per_unit(
    amount: Option<u64>,
    price: Option<u64>,
    unit: Option<String>,
    tiers: Vec<Tier>,
    cap: Option<u64>,
    cap_per: Option<String>,
) -> Result<PerUnit, FeeError> {
    if amount.is_some() {
        return Err(FeeError::not_with("amount", FeeKind::PerUnit));
    }
    let (Some(price), Some(unit)) = (price, unit) else {
        return Err(FeeError::whole(
            "a per-unit fee needs its price and its unit",
            "price = 2000, unit = \"trang\"",
        ));
    };
    let cap = match (cap, cap_per) {
        (None, None) => None,
        (None, Some(_)) => return Err(FeeError::not_with("cap_per", FeeKind::PerUnit)),
        (Some(amount), per) => Some(Cap { amount, per }),
    };
    PerUnit::new(price, unit, tiers, cap)
}

impl PerUnit {
    /// A per-unit price, refused if its tiers do not start after unit 1 and go up, or if its
    /// cap is below the unit price.
    pub fn new(
        price: u64,
        unit: String,
        tiers: Vec<Tier>,
        cap: Option<Cap>,
    ) -> Result<PerUnit, FeeError> {
        let mut last = 1;
        for (i, tier) in tiers.iter().enumerate() {
            if tier.from <= last {
                return Err(FeeError {
                    expected: Some(format!("from = a number above {last}")),
                    ..FeeError::at(
                        format!("tiers[{i}].from"),
                        "tiers must start after unit 1 and go up",
                    )
                });
            }
            last = tier.from;
        }
        if let Some(cap) = cap.as_ref().filter(|c| c.amount < price) {
            return Err(FeeError {
                help: Some(
                    "the cap is the most charged for the whole request or copy; check both numbers",
                ),
                ..FeeError::at(
                    "cap",
                    format!("the cap ({}) is below the unit price ({price})", cap.amount),
                )
            });
        }
        Ok(PerUnit {
            price,
            unit,
            tiers,
            cap,
        })
    }

    pub fn price(&self) -> u64 {
        self.price
    }

    /// What is counted ("trang", "bản").
    pub fn unit(&self) -> &str {
        &self.unit
    }

    /// Lower prices from a unit on, in rising order of `from`, each above 1.
    pub fn tiers(&self) -> &[Tier] {
        &self.tiers
    }

    pub fn cap(&self) -> Option<&Cap> {
        self.cap.as_ref()
    }
}

/// The file's shape again, for writing (import) and for the open-data JSON.
impl From<&Fee> for RawFee {
    fn from(fee: &Fee) -> RawFee {
        let mut raw = RawFee {
            kind: fee.kind(),
            category: fee.category,
            when: fee.when.clone(),
            amount: None,
            price: None,
            unit: None,
            tiers: Vec::new(),
            cap: None,
            cap_per: None,
            currency: fee.currency,
            exemptions: fee.exemptions.clone(),
            basis: fee.basis.clone(),
            note: fee.note.clone(),
        };
        match &fee.amount {
            FeeAmount::Flat { amount } => raw.amount = Some(amount.get()),
            FeeAmount::PerUnit(p) => {
                raw.price = Some(p.price);
                raw.unit = Some(p.unit.clone());
                raw.tiers = p.tiers.clone();
                raw.cap = p.cap.as_ref().map(|c| c.amount);
                raw.cap_per = p.cap.as_ref().and_then(|c| c.per.clone());
            }
            FeeAmount::Free | FeeAmount::SetByProvince | FeeAmount::NotStated => {}
        }
        raw
    }
}

impl Serialize for Fee {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        RawFee::from(self).serialize(s)
    }
}

impl<'de> Deserialize<'de> for Fee {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Fee, D::Error> {
        Fee::try_from(RawFee::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

impl Fee {
    /// A fee of `amount` with nothing else said about it.
    pub fn of(amount: FeeAmount) -> Fee {
        Fee {
            amount,
            category: None,
            when: None,
            currency: Currency::VND,
            exemptions: Vec::new(),
            basis: None,
            note: None,
        }
    }

    pub fn kind(&self) -> FeeKind {
        match self.amount {
            FeeAmount::Free => FeeKind::Free,
            FeeAmount::SetByProvince => FeeKind::SetByProvince,
            FeeAmount::NotStated => FeeKind::NotStated,
            FeeAmount::Flat { .. } => FeeKind::Flat,
            FeeAmount::PerUnit(_) => FeeKind::PerUnit,
        }
    }

    /// What `units` units cost, or `None` when the amount is not known (set by the province).
    pub fn total(&self, units: u32) -> Option<u64> {
        match &self.amount {
            FeeAmount::Free => Some(0),
            FeeAmount::Flat { amount } => Some(amount.get()),
            FeeAmount::SetByProvince | FeeAmount::NotStated => None,
            FeeAmount::PerUnit(p) => {
                let sum: u64 = (1..=units).map(|n| p.price_of_unit(n)).sum();
                Some(p.cap.as_ref().map_or(sum, |cap| sum.min(cap.amount)))
            }
        }
    }
}

impl PerUnit {
    fn price_of_unit(&self, n: u32) -> u64 {
        self.tiers
            .iter()
            .filter(|t| t.from <= n)
            .max_by_key(|t| t.from)
            .map_or(self.price, |t| t.price)
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
        match &self.amount {
            FeeAmount::Free => f.write_str("free")?,
            FeeAmount::SetByProvince => f.write_str("set by the province")?,
            FeeAmount::NotStated => f.write_str("not stated by the source")?,
            FeeAmount::Flat { amount } => write!(f, "{amount} {cur}")?,
            FeeAmount::PerUnit(p) => {
                write!(f, "{} {cur}/{}", p.price, p.unit)?;
                for t in &p.tiers {
                    write!(f, ", from {}: {}", t.from, t.price)?;
                }
                if let Some(cap) = &p.cap {
                    write!(f, ", cap {}", cap.amount)?;
                    if let Some(per) = &cap.per {
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
// `F` is how its fees are held: as written (`RawFee`) until validated, then checked (`Fee`).
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "FeeDocument"))]
#[serde(deny_unknown_fields)]
pub struct FeeDocument<F = Fee> {
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
    pub rules: Vec<FeeRule<F>>,
}

impl<F> FeeDocument<F> {
    /// The same document with each fee turned by `f`, as [`crate::Procedure::try_map_fees`]
    /// does (`rule[0].fee[1]`).
    pub fn try_map_fees<G>(
        self,
        f: &mut impl FnMut(&str, F) -> Option<G>,
    ) -> Option<FeeDocument<G>> {
        let rules = all(self.rules.into_iter().enumerate().map(|(i, rule)| {
            all(rule
                .fee
                .into_iter()
                .enumerate()
                .map(|(j, fee)| f(&format!("rule[{i}].fee[{j}]"), fee)))
            .map(|fee| FeeRule {
                procedures: rule.procedures,
                channel: rule.channel,
                fee,
            })
        }))?;
        Some(FeeDocument {
            code: self.code,
            title: self.title,
            issuer: self.issuer,
            effective_from: self.effective_from,
            province: self.province,
            url: self.url,
            rules,
        })
    }
}

/// Every item, or `None` if any is `None`; unlike `collect`, it looks at every item first,
/// so that a function that reports what it refuses reports every refusal.
pub fn all<T>(items: impl Iterator<Item = Option<T>>) -> Option<Vec<T>> {
    let items: Vec<Option<T>> = items.collect();
    items.into_iter().collect()
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "FeeRule"))]
#[serde(deny_unknown_fields)]
pub struct FeeRule<F = Fee> {
    pub procedures: Vec<ProcedureCode>,
    /// The channel kind it applies to; every channel when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<crate::procedure::ChannelKind>,
    pub fee: Vec<F>,
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
        let tiers = vec![Tier {
            from: 3,
            price: 1_000,
        }];
        let cap = Cap {
            amount: 200_000,
            per: Some("bản".into()),
        };
        let per_unit = PerUnit::new(2_000, "trang".into(), tiers, Some(cap));
        Fee::of(FeeAmount::PerUnit(per_unit.expect("a valid fee")))
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
        assert_eq!(Fee::of(FeeAmount::SetByProvince).total(1), None);
        assert_eq!(Fee::of(FeeAmount::NotStated).total(1), None);
        assert_eq!(Fee::of(FeeAmount::Free).total(1), Some(0));
    }

    #[test]
    fn displays_compactly() {
        assert_eq!(
            certification().to_string(),
            "2000 VND/trang, from 3: 1000, cap 200000/bản"
        );
        let late = Fee {
            when: Some("quá hạn".into()),
            ..Fee::of(FeeAmount::SetByProvince)
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

    fn parse(toml_fee: &str) -> Result<Fee, String> {
        #[derive(Deserialize)]
        struct One {
            fee: Fee,
        }
        toml::from_str::<One>(&format!("fee = {toml_fee}"))
            .map(|o| o.fee)
            .map_err(|e| e.message().to_string())
    }

    fn refused(raw: &str) -> FeeError {
        let raw: RawFee = toml::from_str(raw).expect("a raw fee");
        Fee::try_from(raw).expect_err("refused")
    }

    #[test]
    fn reads_each_kind_and_writes_it_back_the_same() {
        for text in [
            "{ kind = \"free\" }",
            "{ kind = \"set-by-province\", when = \"quá hạn\" }",
            "{ kind = \"not-stated\" }",
            "{ kind = \"flat\", amount = 8000, basis = \"85/2019/TT-BTC\" }",
            "{ kind = \"per-unit\", price = 2000, unit = \"trang\", tiers = [{ from = 3, price = 1000 }], cap = 200000, cap_per = \"bản\" }",
        ] {
            let fee = parse(text).expect(text);
            #[derive(Deserialize)]
            struct One {
                fee: RawFee,
            }
            let raw = toml::from_str::<One>(&format!("fee = {text}")).expect(text).fee;
            assert_eq!(RawFee::from(&fee), raw, "{text}");
        }
        assert_eq!(
            parse("{ kind = \"flat\", amount = 5 }").unwrap().total(1),
            Some(5)
        );
    }

    #[test]
    fn a_fee_that_does_not_fit_its_kind_is_refused_at_its_field() {
        let e = refused("kind = \"flat\"\namount = 0");
        assert_eq!(
            (e.field.as_deref(), e.message.as_str()),
            (Some("amount"), "a flat fee of 0")
        );
        let e = refused("kind = \"flat\"");
        assert_eq!(
            (e.field, e.message.as_str()),
            (None, "a flat fee without its amount")
        );
        let e = refused("kind = \"free\"\nunit = \"trang\"");
        assert_eq!(e.message, "`unit` does not go with kind = \"free\"");
        let e = refused("kind = \"set-by-province\"\namount = 5");
        assert_eq!(e.field.as_deref(), Some("amount"));
        let e = refused("kind = \"per-unit\"\nprice = 2000");
        assert_eq!(e.message, "a per-unit fee needs its price and its unit");
        let e = refused("kind = \"per-unit\"\nprice = 2000\nunit = \"trang\"\ncap = 1500");
        assert_eq!(e.message, "the cap (1500) is below the unit price (2000)");
        let e = refused("kind = \"per-unit\"\nprice = 2000\nunit = \"trang\"\ncap_per = \"bản\"");
        assert_eq!(e.field.as_deref(), Some("cap_per"));
        let e = refused(
            "kind = \"per-unit\"\nprice = 2\nunit = \"trang\"\ntiers = [{ from = 3, price = 1 }, { from = 3, price = 1 }]",
        );
        assert_eq!(e.field.as_deref(), Some("tiers[1].from"));
        assert_eq!(
            parse("{ kind = \"flat\", amount = 0 }").unwrap_err(),
            "a flat fee of 0"
        );
    }
}
