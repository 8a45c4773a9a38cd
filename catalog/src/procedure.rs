//! One administrative procedure, as the national catalogue defines it: the fields of a record
//! of the national public-service portal (code, name, field, level, channels with their time
//! and fees, dossier, subjects, agencies, results, conditions, steps, legal basis, lifecycle).

use crate::date::Date;
use crate::fee::Fee;
use crate::time::ProcessingTime;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Procedure {
    /// Mã thủ tục, e.g. `1.001193`.
    pub code: String,
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
    pub channels: Vec<Channel>,
    #[serde(default, rename = "dossier", skip_serializing_if = "Vec::is_empty")]
    pub dossier: Vec<DossierGroup>,
    #[serde(default, rename = "case", skip_serializing_if = "Vec::is_empty")]
    pub cases: Vec<SubCase>,
    #[serde(default, rename = "legal", skip_serializing_if = "Vec::is_empty")]
    pub legal_basis: Vec<LegalRef>,
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
#[serde(deny_unknown_fields)]
pub struct Channel {
    pub kind: ChannelKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub online_level: Option<OnlineLevel>,
    /// Where, when several channels of one kind differ (e.g. "Cơ quan đại diện ở nước ngoài").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    pub time: ProcessingTime,
    #[serde(rename = "fee")]
    pub fees: Vec<Fee>,
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
}
