//! The site's home page: every commune, what changed recently, the search box.

use super::{From, Input, PageKind, Subject};
use crate::diag::Diagnostic;
use crate::render::{views, Cx};
use crate::routes::Route;

pub struct Home;

impl PageKind for Home {
    type Item<'s> = ();
    const NAME: &'static str = "home";
    const INPUTS: &'static [Input] = &[
        Input::Global,
        Input::Menu,
        Input::Language,
        Input::AllCommunes,
        Input::AllProcedures,
        Input::FeeDecisions,
        Input::AllNews,
        Input::Statistics,
    ];

    fn items<'s>(_: &From<'s>) -> Vec<()> {
        vec![()]
    }
    fn subject<'a>(_: &'a ()) -> Subject<'a> {
        Subject::site()
    }
    fn route<'a>(_: &'a ()) -> Route<'a> {
        Route::Home
    }
    fn render(cx: &Cx, _: &()) -> Result<Vec<u8>, Diagnostic> {
        cx.html("home.html", &views::home(cx))
    }
}
