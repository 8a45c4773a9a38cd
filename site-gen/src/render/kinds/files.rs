//! Files copied as they are: the forms, the theme's and the widget's files, `robots.txt`.

use super::{From, Input, PageKind, Subject};
use crate::diag::Diagnostic;
use crate::load::FormFile;
use crate::render::{Output, RenderContext};
use crate::routes::Route;

/// `forms/<path>`: the forms of `content/forms/`, read by `load`.
pub struct Form;

impl PageKind for Form {
    type Item<'s> = &'s FormFile;
    const NAME: &'static str = "form";
    const PER_LANGUAGE: bool = false;
    const PAGE: bool = false;
    const INPUTS: &'static [Input] = &[Input::OwnBytes];

    fn items<'s>(from: &From<'s>) -> Vec<Self::Item<'s>> {
        from.site.forms.iter().collect()
    }
    fn subject<'a>(f: &'a &FormFile) -> Subject<'a> {
        Subject {
            bytes: Some(&f.bytes),
            ..Subject::site()
        }
    }
    fn route<'a>(f: &'a &FormFile) -> Route<'a> {
        Route::Form(&f.name)
    }
    fn render(_: &RenderContext, f: &&FormFile) -> Result<Vec<u8>, Diagnostic> {
        Ok(f.bytes.clone())
    }
}

/// `assets/<name>.<hash>.<ext>`: the theme's static files and the widget.
pub struct Asset;

impl PageKind for Asset {
    type Item<'s> = &'s Output;
    const NAME: &'static str = "asset";
    const PER_LANGUAGE: bool = false;
    const PAGE: bool = false;
    const INPUTS: &'static [Input] = &[Input::OwnBytes];

    fn items<'s>(from: &From<'s>) -> Vec<Self::Item<'s>> {
        from.assets.iter().collect()
    }
    fn subject<'a>(a: &'a &Output) -> Subject<'a> {
        Subject {
            bytes: Some(&a.bytes),
            ..Subject::site()
        }
    }
    fn route<'a>(a: &'a &Output) -> Route<'a> {
        Route::Asset(&a.path)
    }
    fn render(_: &RenderContext, a: &&Output) -> Result<Vec<u8>, Diagnostic> {
        Ok(a.bytes.clone())
    }
}

/// `robots.txt`: everything may be crawled, and where the sitemap is.
pub struct Robots;

impl PageKind for Robots {
    type Item<'s> = ();
    const NAME: &'static str = "robots";
    const PER_LANGUAGE: bool = false;
    const PAGE: bool = false;
    const INPUTS: &'static [Input] = &[Input::Global];

    fn items<'s>(_: &From<'s>) -> Vec<()> {
        vec![()]
    }
    fn subject<'a>(_: &'a ()) -> Subject<'a> {
        Subject::site()
    }
    fn route<'a>(_: &'a ()) -> Route<'a> {
        Route::Robots
    }
    fn render(cx: &RenderContext, _: &()) -> Result<Vec<u8>, Diagnostic> {
        let sitemap = cx.absolute(Route::Sitemap(None));
        Ok(format!("User-agent: *\nAllow: /\nSitemap: {sitemap}\n").into_bytes())
    }
}
