//! The parts of a view that several page kinds share: a commune's heading and desk, a
//! procedure's status, a channel's fees. Strings are formatted here, once, in the page's
//! language; each page kind's own view lives beside it in [`super::kinds`].

use super::present;
use super::RenderContext;
use crate::resolve::{CommuneView, Resolved, ResolvedChannel};
use crate::routes::{self, DataFormat, Route};
use catalog::commune::Phone;
use catalog::Status;
use serde::Serialize;

/// A commune as every page about it names it, with its desk and its files.
#[derive(Serialize)]
pub struct CommuneHead<'a> {
    pub name: &'a str,
    pub kind: String,
    pub province: &'a str,
    pub address: &'a str,
    pub url: String,
    pub fees_url: String,
    pub changes_url: String,
    pub csv_url: String,
    pub data_json_url: String,
    pub data_jsonld_url: String,
    pub desk: Desk<'a>,
}

#[derive(Serialize)]
pub struct Desk<'a> {
    pub address: &'a str,
    pub hours: Vec<Hours>,
    pub note: &'a Option<String>,
    pub phones: &'a [Phone],
    pub email: &'a Option<String>,
    pub website: &'a Option<String>,
    pub map_url: Option<String>,
}

/// One line of opening hours: "Thứ Hai – Thứ Sáu", "7:30 – 11:30, 13:30 – 17:00".
#[derive(Serialize)]
pub struct Hours {
    pub days: String,
    pub time: String,
}

pub fn commune_head<'a>(cx: &RenderContext, c: &'a CommuneView) -> CommuneHead<'a> {
    let commune = c.commune;
    CommuneHead {
        name: &commune.name,
        kind: cx.commune_kind(c),
        province: &commune.province,
        address: &commune.address,
        url: cx.url(Route::Commune(c.slug)),
        fees_url: cx.url(Route::Fees(c.slug)),
        changes_url: cx.url(Route::Changes(Some(c.slug))),
        csv_url: cx.url(Route::FeesCsv(c.slug)),
        data_json_url: cx.url(Route::Data(Some(c.slug), DataFormat::Json)),
        data_jsonld_url: cx.url(Route::Data(Some(c.slug), DataFormat::JsonLd)),
        desk: Desk {
            address: &commune.desk.address,
            hours: commune
                .desk
                .hours
                .iter()
                .map(|h| {
                    let (days, time) = present::hours_line(h, &cx.i);
                    Hours { days, time }
                })
                .collect(),
            note: &commune.desk.note,
            phones: &commune.phones,
            email: &commune.email,
            website: &commune.website,
            map_url: commune.map.map(|m| routes::map(m.lat, m.lon)),
        },
    }
}

/// Whether a procedure is not yet in force, and from when.
#[derive(Serialize)]
pub struct StatusView {
    pub upcoming: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

pub fn status(cx: &RenderContext, r: &Resolved) -> StatusView {
    match r.status {
        Status::Upcoming(d) => StatusView {
            upcoming: true,
            text: Some(cx.i.format("status_upcoming", &[("date", &present::date(d, &cx.i))])),
        },
        _ => StatusView {
            upcoming: false,
            text: None,
        },
    }
}

/// A channel's fees: each case, the decisions to come, and the decision in force.
#[derive(Serialize, Clone, PartialEq)]
pub struct FeeLines<'a> {
    pub lines: Vec<FeeLine<'a>>,
    pub upcoming: Vec<UpcomingFee>,
    pub document: Option<FeeDecision<'a>>,
}

#[derive(Serialize, Clone, PartialEq)]
pub struct FeeLine<'a> {
    pub text: String,
    pub exemptions: &'a [String],
    pub basis: &'a Option<String>,
    pub note: &'a Option<String>,
    /// The amount is not on the page (set by the province, or not stated).
    pub unknown: bool,
}

#[derive(Serialize, Clone, PartialEq)]
pub struct UpcomingFee {
    pub text: String,
    pub document: String,
}

#[derive(Serialize, Clone, PartialEq)]
pub struct FeeDecision<'a> {
    pub code: &'a str,
    pub title: &'a str,
    pub issuer: &'a str,
    pub from: String,
    pub url: &'a Option<String>,
}

pub fn fee_lines<'a>(cx: &RenderContext, ch: &'a ResolvedChannel) -> FeeLines<'a> {
    FeeLines {
        lines: ch
            .fees
            .iter()
            .map(|f| FeeLine {
                text: present::fee_line(f, &cx.i),
                exemptions: &f.exemptions,
                basis: &f.basis,
                note: &f.note,
                unknown: present::fee_unknown(f),
            })
            .collect(),
        upcoming: ch
            .upcoming
            .iter()
            .map(|(doc, fees)| UpcomingFee {
                text: cx.i.format(
                    "fee_from",
                    &[
                        ("date", &present::date(doc.effective_from, &cx.i)),
                        ("fees", &present::fees_short(fees, &cx.i)),
                    ],
                ),
                document: format!("{} — {}", doc.code, doc.title),
            })
            .collect(),
        document: ch.fee_document.map(|d| FeeDecision {
            code: &d.code,
            title: &d.title,
            issuer: &d.issuer,
            from: present::date(d.effective_from, &cx.i),
            url: &d.url,
        }),
    }
}

/// Where the widget on a page finds its index.
#[derive(Serialize)]
pub struct Search {
    pub index: String,
}

/// A commune's index on its pages, the portal's on the site's.
pub fn search(cx: &RenderContext, c: Option<&CommuneView>) -> Search {
    Search {
        index: cx.url(Route::SearchIndex(c.map(|c| c.slug))),
    }
}
