//! A procedure's page at a commune: the answer first, then the detail.

use super::{From, Input, PageKind, Subject};
use crate::diag::Diagnostic;
use crate::render::{views, Cx};
use crate::resolve::{CommuneView, Resolved};
use crate::routes::Route;

pub struct Procedure;

impl PageKind for Procedure {
    type Item<'s> = (&'s CommuneView<'s>, &'s Resolved<'s>);
    const NAME: &'static str = "procedure";
    const INPUTS: &'static [Input] = &[
        Input::Global,
        Input::Menu,
        Input::Language,
        Input::CommuneFile,
        Input::ProcedureFile,
        Input::FeeDecisions,
    ];

    fn items<'s>(from: &From<'s>) -> Vec<Self::Item<'s>> {
        from.site
            .communes
            .iter()
            .flat_map(|c| c.procedures.iter().map(move |r| (c, r)))
            .collect()
    }
    fn subject<'a>((c, r): &'a Self::Item<'_>) -> Subject<'a> {
        Subject {
            procedure: Some(&r.procedure.code),
            ..Subject::commune(c)
        }
    }
    fn route<'a>((c, r): &'a Self::Item<'_>) -> Route<'a> {
        Route::Procedure(c.slug, &r.procedure.code)
    }
    fn render(cx: &Cx, (c, r): &Self::Item<'_>) -> Result<Vec<u8>, Diagnostic> {
        cx.html("procedure.html", &views::procedure(cx, c, r))
    }
}
