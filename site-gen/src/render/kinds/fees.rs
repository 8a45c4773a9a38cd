//! A commune's fee schedule, as a page and as CSV.

use super::{From, Input, PageKind, Subject};
use crate::diag::Diagnostic;
use crate::render::present;
use crate::render::views::{self, CommuneHead, FeeLines, StatusView};
use crate::render::{csv, RenderContext};
use crate::resolve::CommuneView;
use crate::routes::Route;
use serde::Serialize;

/// `<commune>/phi-le-phi/`.
pub struct Fees;

impl PageKind for Fees {
    type Item<'s> = &'s CommuneView<'s>;
    const NAME: &'static str = "fees";
    const INPUTS: &'static [Input] = &[
        Input::Global,
        Input::Menu,
        Input::Language,
        Input::CommuneFile,
        Input::CommuneProcedures,
        Input::FeeDecisions,
    ];

    fn items<'s>(from: &From<'s>) -> Vec<Self::Item<'s>> {
        from.site.communes.iter().collect()
    }
    fn subject<'a>(c: &'a &CommuneView) -> Subject<'a> {
        Subject::commune(c)
    }
    fn route<'a>(c: &'a &CommuneView) -> Route<'a> {
        Route::Fees(c.slug)
    }
    fn render(cx: &RenderContext, c: &&CommuneView) -> Result<Vec<u8>, Diagnostic> {
        cx.html("fees.html", &view(cx, c))
    }
}

#[derive(Serialize)]
struct FeesPage<'a> {
    title: String,
    commune: CommuneHead<'a>,
    procedures: Vec<FeeRow<'a>>,
}

/// A procedure's fees, channel by channel.
#[derive(Serialize)]
struct FeeRow<'a> {
    code: &'a str,
    name: &'a str,
    url: String,
    status: StatusView,
    channels: Vec<ChannelFees<'a>>,
    /// How many table rows it takes.
    rows: usize,
}

#[derive(Serialize)]
struct ChannelFees<'a> {
    label: String,
    fees: FeeLines<'a>,
}

fn view<'a>(cx: &RenderContext, c: &'a CommuneView) -> FeesPage<'a> {
    let commune = format!("{} {}", cx.commune_kind(c), c.commune.name);
    FeesPage {
        title: cx.i.format("fees_title", &[("commune", &commune)]),
        commune: views::commune_head(cx, c),
        procedures: c
            .procedures
            .iter()
            .map(|r| {
                let channels: Vec<ChannelFees> = r
                    .channels
                    .iter()
                    .map(|ch| ChannelFees {
                        label: present::channel_label(ch.channel, &cx.i),
                        fees: views::fee_lines(cx, ch),
                    })
                    .collect();
                FeeRow {
                    code: r.procedure.code.as_str(),
                    name: &r.procedure.name,
                    url: cx.url(Route::Procedure(c.slug, r.procedure.code.as_str())),
                    status: views::status(cx, r),
                    rows: channels.len(),
                    channels,
                }
            })
            .collect(),
    }
}

/// `<commune>/phi-le-phi/phi-le-phi.csv`, in the first language.
pub struct FeesCsv;

impl PageKind for FeesCsv {
    type Item<'s> = &'s CommuneView<'s>;
    const NAME: &'static str = "fees-csv";
    const PER_LANGUAGE: bool = false;
    const PAGE: bool = false;
    const INPUTS: &'static [Input] = &[
        Input::Global,
        Input::CommuneFile,
        Input::CommuneProcedures,
        Input::FeeDecisions,
    ];

    fn items<'s>(from: &From<'s>) -> Vec<Self::Item<'s>> {
        from.site.communes.iter().collect()
    }
    fn subject<'a>(c: &'a &CommuneView) -> Subject<'a> {
        Subject::commune(c)
    }
    fn route<'a>(c: &'a &CommuneView) -> Route<'a> {
        Route::FeesCsv(c.slug)
    }
    fn render(cx: &RenderContext, c: &&CommuneView) -> Result<Vec<u8>, Diagnostic> {
        Ok(csv::fee_schedule(c, &cx.i).into_bytes())
    }
}
