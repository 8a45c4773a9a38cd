//! "Thay đổi gần đây": the change log of the site and of each commune, as pages and as Atom
//! feeds.

use super::{From, Input, PageKind, Subject};
use crate::diag::Diagnostic;
use crate::render::{changes, RenderContext};
use crate::resolve::CommuneView;
use crate::routes::Route;

/// Each commune's, then (`None`) the site's.
fn each<'s>(from: &From<'s>) -> Vec<Option<&'s CommuneView<'s>>> {
    from.site.communes.iter().map(Some).chain([None]).collect()
}

fn subject<'a>(c: &'a Option<&CommuneView>) -> Subject<'a> {
    c.map_or(Subject::site(), Subject::commune)
}

/// `<commune>/thay-doi/` and `thay-doi/`.
pub struct Changes;

impl PageKind for Changes {
    type Item<'s> = Option<&'s CommuneView<'s>>;
    const NAME: &'static str = "changes";
    const INPUTS: &'static [Input] = &[
        Input::Global,
        Input::Menu,
        Input::Language,
        Input::CommuneFile,
        Input::CommuneProcedures,
        Input::ChangeLog,
    ];

    fn items<'s>(from: &From<'s>) -> Vec<Self::Item<'s>> {
        each(from)
    }
    fn subject<'a>(c: &'a Self::Item<'_>) -> Subject<'a> {
        subject(c)
    }
    fn route<'a>(c: &'a Self::Item<'_>) -> Route<'a> {
        Route::Changes(c.map(|c| c.slug))
    }
    fn render(cx: &RenderContext, c: &Self::Item<'_>) -> Result<Vec<u8>, Diagnostic> {
        cx.html("changes.html", &changes::page(cx, *c))
    }
}

/// Their Atom feeds, in the first language.
pub struct Feed;

impl PageKind for Feed {
    type Item<'s> = Option<&'s CommuneView<'s>>;
    const NAME: &'static str = "feed";
    const PER_LANGUAGE: bool = false;
    const PAGE: bool = false;
    const INPUTS: &'static [Input] = &[Input::Global, Input::CommuneFile, Input::ChangeLog];

    fn items<'s>(from: &From<'s>) -> Vec<Self::Item<'s>> {
        each(from)
    }
    fn subject<'a>(c: &'a Self::Item<'_>) -> Subject<'a> {
        subject(c)
    }
    fn route<'a>(c: &'a Self::Item<'_>) -> Route<'a> {
        Route::Feed(c.map(|c| c.slug))
    }
    fn render(cx: &RenderContext, c: &Self::Item<'_>) -> Result<Vec<u8>, Diagnostic> {
        Ok(changes::feed(cx, *c).into_bytes())
    }
}
