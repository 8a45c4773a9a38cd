//! A commune's home page: its desk, its procedures by field, its news and results.

use super::{From, Input, PageKind, Subject};
use crate::diag::Diagnostic;
use crate::render::{views, Cx};
use crate::resolve::CommuneView;
use crate::routes::Route;

pub struct Commune;

impl PageKind for Commune {
    type Item<'s> = &'s CommuneView<'s>;
    const NAME: &'static str = "commune";
    const INPUTS: &'static [Input] = &[
        Input::Global,
        Input::Menu,
        Input::Language,
        Input::CommuneFile,
        Input::CommuneIntro,
        Input::CommuneNews,
        Input::CommuneProcedures,
        Input::FeeDecisions,
        Input::CommuneStatistics,
    ];

    fn items<'s>(from: &From<'s>) -> Vec<Self::Item<'s>> {
        from.site.communes.iter().collect()
    }
    fn subject<'a>(c: &'a &CommuneView) -> Subject<'a> {
        Subject::commune(c)
    }
    fn route<'a>(c: &'a &CommuneView) -> Route<'a> {
        Route::Commune(c.slug)
    }
    fn render(cx: &Cx, c: &&CommuneView) -> Result<Vec<u8>, Diagnostic> {
        cx.html("commune.html", &views::commune(cx, c))
    }
}
