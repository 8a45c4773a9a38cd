//! One administrative procedure, as the national catalogue defines it: the fields of a record
//! of the national public-service portal (code, name, field, level, channels with their time
//! and fees, dossier, subjects, agencies, results, conditions, steps, legal basis, lifecycle).

use crate::code::ProcedureCode;
use crate::date::Date;
use crate::fee::{all, Fee};
use crate::time::ProcessingTime;
use serde::{Deserialize, Serialize};

// `F` is how its fees are held: as written (`RawFee`) until validated, then checked (`Fee`).
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "Procedure"))]
#[serde(deny_unknown_fields)]
pub struct Procedure<F = Fee> {
    /// Mã thủ tục, e.g. `1.001193`.
    pub code: ProcedureCode,
    /// The national portal's formalityId (a UUID): links to its public page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub portal_id: Option<String>,
    pub name: String,
    /// Lĩnh vực, e.g. "Hộ tịch", and its code, e.g. `G15-TP07`.
    pub field: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field_code: Option<String>,
    pub level: Level,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub agencies: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subjects: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub results: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conditions: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<String>,
    /// Words citizens search by that are not in the name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    /// The day someone last checked this record against its source.
    pub checked_on: Date,
    #[serde(default, skip_serializing_if = "Lifecycle::is_empty")]
    pub lifecycle: Lifecycle,
    #[serde(rename = "channel")]
    pub channels: Vec<Channel<F>>,
    #[serde(default, rename = "dossier", skip_serializing_if = "Vec::is_empty")]
    pub dossier: Vec<DossierGroup>,
    #[serde(default, rename = "case", skip_serializing_if = "Vec::is_empty")]
    pub cases: Vec<SubCase>,
    #[serde(default, rename = "legal", skip_serializing_if = "Vec::is_empty")]
    pub legal_basis: Vec<LegalRef>,
}

impl<F> Procedure<F> {
    /// The same procedure with each fee turned by `f`, which is given the fee's place in the
    /// file (`channel[0].fee[1]`); `None` if `f` refused one. Every fee is offered, so that
    /// every refusal is reported.
    pub fn try_map_fees<G>(self, f: &mut impl FnMut(&str, F) -> Option<G>) -> Option<Procedure<G>> {
        let channels = all(self.channels.into_iter().enumerate().map(|(i, ch)| {
            let at = format!("channel[{i}]");
            all(ch
                .fees
                .into_iter()
                .enumerate()
                .map(|(j, fee)| f(&format!("{at}.fee[{j}]"), fee)))
            .map(|fees| Channel {
                kind: ch.kind,
                online_level: ch.online_level,
                place: ch.place,
                time: ch.time,
                fees,
                note: ch.note,
            })
        }))?;
        Some(Procedure {
            code: self.code,
            portal_id: self.portal_id,
            name: self.name,
            field: self.field,
            field_code: self.field_code,
            level: self.level,
            agencies: self.agencies,
            subjects: self.subjects,
            results: self.results,
            conditions: self.conditions,
            steps: self.steps,
            keywords: self.keywords,
            checked_on: self.checked_on,
            lifecycle: self.lifecycle,
            channels,
            dossier: self.dossier,
            cases: self.cases,
            legal_basis: self.legal_basis,
        })
    }
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    /// Decided by the commune.
    Commune,
    /// Decided by the province, received at the commune desk.
    Province,
    Ministry,
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum ChannelKind {
    /// At the one-stop desk (trực tiếp).
    Desk,
    /// Through the national public-service portal or VNeID (trực tuyến).
    Online,
    /// By post (bưu chính công ích).
    Post,
}

impl ChannelKind {
    pub const ALL: [ChannelKind; 3] = [ChannelKind::Desk, ChannelKind::Online, ChannelKind::Post];

    pub fn key(self) -> &'static str {
        match self {
            ChannelKind::Desk => "desk",
            ChannelKind::Online => "online",
            ChannelKind::Post => "post",
        }
    }
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum OnlineLevel {
    /// Dịch vụ công trực tuyến toàn trình: everything online, result included.
    Full,
    /// Một phần: filed online, some step at the desk.
    Partial,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "Channel"))]
#[serde(deny_unknown_fields)]
pub struct Channel<F = Fee> {
    pub kind: ChannelKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub online_level: Option<OnlineLevel>,
    /// Where, when several channels of one kind differ (e.g. "Cơ quan đại diện ở nước ngoài").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    pub time: ProcessingTime,
    #[serde(rename = "fee")]
    pub fees: Vec<F>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum DossierKind {
    /// Giấy tờ phải nộp.
    Submit,
    /// Giấy tờ phải xuất trình.
    Show,
    /// Lưu ý.
    Notes,
    /// A group the source gives without saying which.
    Other,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DossierGroup {
    pub kind: DossierKind,
    /// The source's own heading, when it differs from the kind's usual one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, rename = "item")]
    pub items: Vec<DossierItem>,
}

/// A document to bring, or a note between them: exactly one of `document` and `note`.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DossierItem {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub originals: u32,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub copies: u32,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub forms: Vec<Form>,
    /// The portal's component code, e.g. `000.00.00.G15-KQ003208`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// A form to fill in: a link, or a file shipped with the site under `content/forms/`.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Form {
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}

/// A sub-case the portal numbers separately (`1.001193.01`), with its own processing days.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SubCase {
    pub code: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<ProcessingTime>,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct LegalRef {
    pub code: String,
    pub title: String,
}

/// When a procedure applies, and which decision says so.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Lifecycle {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective_from: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repealed_on: Option<Date>,
    /// The deciding document, e.g. `3523/QĐ-UBND`, and the day it was signed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_on: Option<Date>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    InForce,
    /// Not yet in force: applies from the date.
    Upcoming(Date),
    Repealed(Date),
}

impl Lifecycle {
    pub fn is_empty(&self) -> bool {
        *self == Lifecycle::default()
    }

    pub fn status(&self, as_of: Date) -> Status {
        match (self.effective_from, self.repealed_on) {
            (_, Some(end)) if end <= as_of => Status::Repealed(end),
            (Some(start), _) if start > as_of => Status::Upcoming(start),
            _ => Status::InForce,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifecycle_status() {
        let d = |s| Date::parse(s).unwrap();
        let lc = Lifecycle {
            effective_from: Some(d("2027-01-01")),
            repealed_on: None,
            decided_by: None,
            decided_on: None,
        };
        assert_eq!(
            lc.status(d("2026-11-24")),
            Status::Upcoming(d("2027-01-01"))
        );
        assert_eq!(lc.status(d("2027-01-01")), Status::InForce);
        let gone = Lifecycle {
            repealed_on: Some(d("2026-07-01")),
            ..Lifecycle::default()
        };
        assert_eq!(
            gone.status(d("2026-07-01")),
            Status::Repealed(d("2026-07-01"))
        );
        assert_eq!(gone.status(d("2026-06-30")), Status::InForce);
    }

    /// Content as written turns into checked content only if every fee passes, and every
    /// fee is offered with its place, so that each refusal can be reported in one pass.
    #[test]
    fn every_fee_is_offered_with_its_place() {
        let text = r#"
code = "1.001193"
name = "Đăng ký khai sinh"
field = "Hộ tịch"
level = "commune"
checked_on = 2026-11-24
[[channel]]
kind = "desk"
time = { kind = "same-day" }
fee = [{ kind = "flat", amount = 0 }, { kind = "free" }]
[[channel]]
kind = "online"
time = { kind = "same-day" }
fee = [{ kind = "free", price = 5 }]
"#;
        let raw: Procedure<crate::RawFee> = toml::from_str(text).expect("as written");
        let mut refused = Vec::new();
        let checked = raw.clone().try_map_fees(&mut |path, fee| {
            Fee::try_from(fee)
                .map_err(|e| refused.push(format!("{path}: {e}")))
                .ok()
        });
        assert!(checked.is_none());
        assert_eq!(
            refused,
            [
                "channel[0].fee[0]: a flat fee of 0",
                "channel[1].fee[0]: `price` does not go with kind = \"free\""
            ]
        );
        let free = raw.try_map_fees(&mut |_, _| Some(Fee::of(crate::FeeAmount::Free)));
        let kinds: Vec<usize> = free
            .expect("all kept")
            .channels
            .iter()
            .map(|c| c.fees.len())
            .collect();
        assert_eq!(kinds, [2, 1]);
    }
}
