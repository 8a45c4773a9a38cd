//! Pages written in Markdown: the site's own (`content/pages/`), the communes' news, and the
//! page for addresses that do not exist.

use super::{From, Input, PageKind, Subject};
use crate::diag::Diagnostic;
use crate::markdown;
use crate::render::present;
use crate::render::views::{self, CommuneHead};
use crate::render::RenderContext;
use crate::resolve::{CommuneView, Page};
use crate::routes::Route;
use serde::Serialize;

/// `trang/<slug>/`.
pub struct SitePage;

impl PageKind for SitePage {
    type Item<'s> = &'s Page<'s>;
    const NAME: &'static str = "page";
    const INPUTS: &'static [Input] =
        &[Input::Global, Input::Menu, Input::Language, Input::PageFile];

    fn items<'s>(from: &From<'s>) -> Vec<Self::Item<'s>> {
        from.site.pages.iter().collect()
    }
    fn subject<'a>(page: &'a &Page) -> Subject<'a> {
        Subject {
            page: Some(page),
            ..Subject::site()
        }
    }
    fn route<'a>(page: &'a &Page) -> Route<'a> {
        Route::Page(page.slug)
    }
    fn render(cx: &RenderContext, page: &&Page) -> Result<Vec<u8>, Diagnostic> {
        cx.html("page.html", &view(cx, page, None))
    }
}

/// A commune's news item, `<commune>/tin-tuc/<slug>/`.
pub struct News;

impl PageKind for News {
    type Item<'s> = (&'s CommuneView<'s>, &'s Page<'s>);
    const NAME: &'static str = "news";
    const INPUTS: &'static [Input] = &[
        Input::Global,
        Input::Menu,
        Input::Language,
        Input::CommuneFile,
        Input::PageFile,
    ];

    fn items<'s>(from: &From<'s>) -> Vec<Self::Item<'s>> {
        from.site
            .communes
            .iter()
            .flat_map(|c| c.news.iter().map(move |n| (c, n)))
            .collect()
    }
    fn subject<'a>((c, n): &'a Self::Item<'_>) -> Subject<'a> {
        Subject {
            page: Some(n),
            ..Subject::commune(c)
        }
    }
    fn route<'a>((c, n): &'a Self::Item<'_>) -> Route<'a> {
        Route::News(c.slug, n.slug)
    }
    fn render(cx: &RenderContext, (c, n): &Self::Item<'_>) -> Result<Vec<u8>, Diagnostic> {
        cx.html("page.html", &view(cx, n, Some(c)))
    }
}

/// A page of the site or a commune's news item.
#[derive(Serialize)]
struct MarkdownPage<'a> {
    title: &'a str,
    summary: &'a Option<String>,
    date: Option<String>,
    iso: Option<String>,
    html: String,
    commune: Option<CommuneHead<'a>>,
}

fn view<'a>(
    cx: &RenderContext,
    page: &'a Page,
    commune: Option<&'a CommuneView>,
) -> MarkdownPage<'a> {
    MarkdownPage {
        title: &page.meta.title,
        summary: &page.meta.summary,
        date: page.meta.date.map(|d| present::date(d, &cx.i)),
        iso: page.meta.date.map(|d| d.to_string()),
        html: markdown::to_html(page.markdown),
        commune: commune.map(|c| views::commune_head(cx, c)),
    }
}

/// `404.html`, which static hosts serve for any address that does not exist.
pub struct NotFound;

#[derive(serde::Serialize)]
struct NotFoundView<'a> {
    title: &'a str,
}

impl PageKind for NotFound {
    type Item<'s> = ();
    const NAME: &'static str = "not-found";
    const INPUTS: &'static [Input] = &[Input::Global, Input::Menu, Input::Language];

    fn items<'s>(_: &From<'s>) -> Vec<()> {
        vec![()]
    }
    fn subject<'a>(_: &'a ()) -> Subject<'a> {
        Subject::site()
    }
    fn route<'a>(_: &'a ()) -> Route<'a> {
        Route::NotFound
    }
    fn render(cx: &RenderContext, _: &()) -> Result<Vec<u8>, Diagnostic> {
        let title = cx.i.text("not_found_title");
        cx.html("404.html", &NotFoundView { title })
    }
}
