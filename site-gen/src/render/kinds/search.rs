//! The widget's search indexes: each commune's, and the portal's.

use super::{From, Input, PageKind, Subject};
use crate::diag::Diagnostic;
use crate::render::{search_index, RenderContext};
use crate::resolve::CommuneView;
use crate::routes::Route;

/// `search/<commune>.bin`: every procedure of the commune, whole.
pub struct CommuneIndex;

impl PageKind for CommuneIndex {
    type Item<'s> = &'s CommuneView<'s>;
    const NAME: &'static str = "commune-index";
    const PAGE: bool = false;
    const INPUTS: &'static [Input] = &[
        Input::Global,
        Input::Language,
        Input::CommuneListing,
        Input::CommuneProcedures,
        Input::FeeDecisions,
        Input::Calendar,
    ];

    fn items<'s>(from: &From<'s>) -> Vec<Self::Item<'s>> {
        from.site.communes.iter().collect()
    }
    fn subject<'a>(c: &'a &CommuneView) -> Subject<'a> {
        Subject::commune(c)
    }
    fn route<'a>(c: &'a &CommuneView) -> Route<'a> {
        Route::SearchIndex(Some(c.slug))
    }
    fn render(cx: &RenderContext, c: &&CommuneView) -> Result<Vec<u8>, Diagnostic> {
        Ok(search_index::commune(cx, c).encode())
    }
}

/// `search/_all.bin`: the portal's, each procedure once with the communes that receive it.
pub struct SiteIndex;

impl PageKind for SiteIndex {
    type Item<'s> = ();
    const NAME: &'static str = "site-index";
    const PAGE: bool = false;
    const STREAMED: bool = true;
    const INPUTS: &'static [Input] = &[
        Input::Global,
        Input::Language,
        Input::AllCommunes,
        Input::AllProcedures,
        Input::FeeDecisions,
        Input::Calendar,
    ];

    fn items<'s>(_: &From<'s>) -> Vec<()> {
        vec![()]
    }
    fn subject<'a>(_: &'a ()) -> Subject<'a> {
        Subject::site()
    }
    fn route<'a>(_: &'a ()) -> Route<'a> {
        Route::SearchIndex(None)
    }
    fn render(cx: &RenderContext, _: &()) -> Result<Vec<u8>, Diagnostic> {
        let mut out = Vec::new();
        search_index::site(cx, &mut out)
            .map(|()| out)
            .map_err(|e| Diagnostic::error(format!("cannot encode the site index: {e}")))
    }
    fn stream(cx: &RenderContext, _: &(), out: &mut dyn std::io::Write) -> std::io::Result<()> {
        // The largest single file (national scale: every procedure once, with its thousands
        // of communes, a few MB), written as it is made.
        search_index::site(cx, out)
    }
}
