//! A commune's fee schedule, as a page and as CSV.

use super::{From, Input, PageKind, Subject};
use crate::diag::Diagnostic;
use crate::render::{csv, views, Cx};
use crate::resolve::CommuneView;
use crate::routes::Route;

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
    fn render(cx: &Cx, c: &&CommuneView) -> Result<Vec<u8>, Diagnostic> {
        cx.html("fees.html", &views::fees(cx, c))
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
    fn render(cx: &Cx, c: &&CommuneView) -> Result<Vec<u8>, Diagnostic> {
        Ok(csv::fee_schedule(c, &cx.i).into_bytes())
    }
}
