//! A commune and its one-stop desk (bộ phận một cửa).

use crate::code::ProcedureCode;
use crate::date::{TimeOfDay, Weekday};
use crate::fee::{all, Fee};
use crate::procedure::ChannelKind;
use crate::time::ProcessingTime;
use serde::{Deserialize, Serialize};

/// One `communes/<slug>/commune.toml`.
// `F` is how its fees are held: as written (`RawFee`) until validated, then checked (`Fee`).
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "Commune"))]
#[serde(deny_unknown_fields)]
// An empty list needs no `F: Default` (which serde assumes for a defaulted field).
#[serde(bound(deserialize = "F: Deserialize<'de>"))]
pub struct Commune<F = Fee> {
    pub name: String,
    pub kind: CommuneKind,
    pub province: String,
    pub address: String,
    #[serde(default, rename = "phone", skip_serializing_if = "Vec::is_empty")]
    pub phones: Vec<Phone>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub map: Option<MapPosition>,
    /// The commune's unit code on the national public-service portal (`H44.116`), which
    /// links it to its service-quality figures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub portal_unit: Option<String>,
    pub desk: Desk,
    /// Codes of the procedures this desk receives.
    pub procedures: Vec<ProcedureCode>,
    #[serde(default, rename = "override", skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<Override<F>>,
}

impl<F> Commune<F> {
    /// The same commune with each fee of its overrides turned by `f`, as
    /// [`crate::Procedure::try_map_fees`] does (`override[0].fee[1]`).
    pub fn try_map_fees<G>(self, f: &mut impl FnMut(&str, F) -> Option<G>) -> Option<Commune<G>> {
        let overrides = all(self.overrides.into_iter().enumerate().map(|(i, o)| {
            let fee = match o.fee {
                None => None,
                Some(fees) => Some(all(fees
                    .into_iter()
                    .enumerate()
                    .map(|(j, fee)| f(&format!("override[{i}].fee[{j}]"), fee)))?),
            };
            Some(Override {
                procedure: o.procedure,
                channel: o.channel,
                time: o.time,
                fee,
                note: o.note,
            })
        }))?;
        Some(Commune {
            name: self.name,
            kind: self.kind,
            province: self.province,
            address: self.address,
            phones: self.phones,
            email: self.email,
            website: self.website,
            map: self.map,
            portal_unit: self.portal_unit,
            desk: self.desk,
            procedures: self.procedures,
            overrides,
        })
    }
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum CommuneKind {
    #[serde(rename = "xã")]
    Xa,
    #[serde(rename = "phường")]
    Phuong,
    #[serde(rename = "đặc khu")]
    DacKhu,
    /// Town: a unit of the pre-2025 three-level system, still named in older documents.
    #[serde(rename = "thị trấn")]
    ThiTran,
}

impl CommuneKind {
    pub fn key(self) -> &'static str {
        match self {
            CommuneKind::Xa => "xa",
            CommuneKind::Phuong => "phuong",
            CommuneKind::DacKhu => "dac_khu",
            CommuneKind::ThiTran => "thi_tran",
        }
    }
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Phone {
    pub label: String,
    pub number: String,
}

#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct MapPosition {
    pub lat: f64,
    pub lon: f64,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Desk {
    pub address: String,
    pub hours: Vec<Hours>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Reception hours on some weekdays, e.g. Monday to Friday 07:30 to 11:30.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Hours {
    pub days: Vec<Weekday>,
    pub open: TimeOfDay,
    pub close: TimeOfDay,
}

/// A local change to a catalogue procedure at this desk.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "Override"))]
#[serde(deny_unknown_fields)]
// An empty list needs no `F: Default` (which serde assumes for a defaulted field).
#[serde(bound(deserialize = "F: Deserialize<'de>"))]
pub struct Override<F = Fee> {
    pub procedure: ProcedureCode,
    /// The channel kind it changes; all channels when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<ChannelKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<ProcessingTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee: Option<Vec<F>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}
