//! A commune's home page: its desk, its procedures by field, its news and results.

use super::{From, Input, PageKind, Subject};
use crate::diag::Diagnostic;
use crate::markdown;
use crate::render::present;
use crate::render::stats_views::{self, Results};
use crate::render::summary::main_channel;
use crate::render::views::{self, CommuneHead, Search, StatusView};
use crate::render::RenderContext;
use crate::resolve::CommuneView;
use crate::routes::Route;
use catalog::ChannelKind;
use serde::Serialize;

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
    fn render(cx: &RenderContext, c: &&CommuneView) -> Result<Vec<u8>, Diagnostic> {
        cx.html("commune.html", &view(cx, c))
    }
}

#[derive(Serialize)]
struct CommunePage<'a> {
    description: String,
    title: String,
    commune: CommuneHead<'a>,
    intro_html: Option<String>,
    search: Search,
    fields: Vec<Field<'a>>,
    count: usize,
    news: Vec<NewsItem<'a>>,
    /// The desk's latest service-quality figures, when the site has them.
    results: Option<Results>,
}

/// The procedures of one field (lĩnh vực), in the catalogue's order.
#[derive(Serialize)]
struct Field<'a> {
    name: &'a str,
    /// The field's anchor on the page.
    id: String,
    procedures: Vec<Row<'a>>,
}

/// A procedure in the commune's list: what a citizen scans for.
#[derive(Serialize)]
struct Row<'a> {
    code: &'a str,
    name: &'a str,
    url: String,
    time: Option<String>,
    fee: Option<String>,
    online: bool,
    status: StatusView,
}

#[derive(Serialize)]
struct NewsItem<'a> {
    title: &'a str,
    summary: &'a Option<String>,
    date: Option<String>,
    iso: Option<String>,
    url: String,
}

fn view<'a>(cx: &RenderContext, c: &'a CommuneView) -> CommunePage<'a> {
    let mut fields: Vec<Field> = Vec::new();
    for r in &c.procedures {
        let main = main_channel(r);
        let row = Row {
            code: r.procedure.code.as_str(),
            name: &r.procedure.name,
            url: cx.url(Route::Procedure(c.slug, r.procedure.code.as_str())),
            time: main.map(|m| present::time_short(m.time, &cx.i)),
            fee: main.map(|m| present::fees_short(m.fees, &cx.i)),
            online: r
                .channels
                .iter()
                .any(|ch| ch.channel.kind == ChannelKind::Online),
            status: views::status(cx, r),
        };
        match fields.last_mut() {
            Some(f) if f.name == r.procedure.field => f.procedures.push(row),
            _ => fields.push(Field {
                name: &r.procedure.field,
                id: format!("linh-vuc-{}", fields.len() + 1),
                procedures: vec![row],
            }),
        }
    }
    let name = format!("{} {}", cx.commune_kind(c), c.commune.name);
    CommunePage {
        description: cx.i.format(
            "commune_description",
            &[
                ("commune", &name),
                ("province", &c.commune.province),
                ("n", &c.procedures.len().to_string()),
            ],
        ),
        title: name,
        commune: views::commune_head(cx, c),
        intro_html: c.intro.as_ref().map(|p| markdown::to_html(p.markdown)),
        search: views::search(cx, Some(c)),
        fields,
        count: c.procedures.len(),
        news: c
            .news
            .iter()
            .map(|n| NewsItem {
                title: &n.meta.title,
                summary: &n.meta.summary,
                date: n.meta.date.map(|d| present::date(d, &cx.i)),
                iso: n.meta.date.map(|d| d.to_string()),
                url: cx.url(Route::News(c.slug, n.slug)),
            })
            .collect(),
        results: stats_views::commune_summary(cx, c),
    }
}
