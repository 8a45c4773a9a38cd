//! The site's home page: every commune, what changed recently, the search box.

use super::{From, Input, PageKind, Subject};
use crate::diag::Diagnostic;
use crate::render::present;
use crate::render::views::{self, Search};
use crate::render::RenderContext;
use crate::routes::{DataFormat, Route};
use catalog::Date;
use serde::Serialize;

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
    fn render(cx: &RenderContext, _: &()) -> Result<Vec<u8>, Diagnostic> {
        cx.html("home.html", &view(cx))
    }
}

#[derive(Serialize)]
struct HomeView<'a> {
    title: &'a str,
    search: Search,
    communes: Vec<CommuneItem<'a>>,
    changes: Vec<Event>,
    changes_url: String,
    data: DataLinks,
    stats_url: Option<String>,
}

#[derive(Serialize)]
struct CommuneItem<'a> {
    name: &'a str,
    kind: String,
    province: &'a str,
    url: String,
    count: usize,
}

/// The site's open-data files.
#[derive(Serialize)]
struct DataLinks {
    json: String,
    jsonld: String,
}

/// Something that changed recently, or will change soon.
#[derive(Serialize)]
struct Event {
    date: String,
    iso: String,
    text: String,
    kind: String,
    url: String,
    upcoming: bool,
}

fn view<'a>(cx: &'a RenderContext) -> HomeView<'a> {
    let site = cx.site;
    HomeView {
        title: &site.config.name,
        search: views::search(cx, None),
        communes: site
            .communes
            .iter()
            .map(|c| CommuneItem {
                name: &c.commune.name,
                kind: cx.commune_kind(c),
                province: &c.commune.province,
                url: cx.url(Route::Commune(c.slug)),
                count: c.procedures.len(),
            })
            .collect(),
        changes: changes(cx),
        changes_url: cx.url(Route::Changes(None)),
        data: DataLinks {
            json: cx.url(Route::Data(None, DataFormat::Json)),
            jsonld: cx.url(Route::Data(None, DataFormat::JsonLd)),
        },
        stats_url: (!site.statistics.periods.is_empty()).then(|| cx.url(Route::Statistics)),
    }
}

/// What changed recently, or will change soon: procedures coming into force, fee decisions,
/// news. Newest first.
fn changes(cx: &RenderContext) -> Vec<Event> {
    let as_of = cx.site.as_of;
    let recent = |d: Date| d.to_days() >= as_of.to_days() - 365;
    let mut events: Vec<(Date, String, String, String)> = Vec::new();
    for c in &cx.site.communes {
        for r in &c.procedures {
            if let Some(from) = r.procedure.lifecycle.effective_from.filter(|d| recent(*d)) {
                let key = if from > as_of {
                    "change_upcoming"
                } else {
                    "change_in_force"
                };
                events.push((
                    from,
                    format!("{} — {}", r.procedure.name, c.commune.name),
                    cx.i.text(key).to_string(),
                    cx.url(Route::Procedure(c.slug, r.procedure.code.as_str())),
                ));
            }
        }
        for n in &c.news {
            if let Some(d) = n.meta.date.filter(|d| recent(*d)) {
                events.push((
                    d,
                    format!("{} — {}", n.meta.title, c.commune.name),
                    cx.i.text("change_news").to_string(),
                    cx.url(Route::News(c.slug, n.slug)),
                ));
            }
        }
    }
    for doc in &cx.site.fee_documents {
        if recent(doc.effective_from) {
            events.push((
                doc.effective_from,
                format!("{} {}", doc.code, doc.title),
                cx.i.text("change_fee").to_string(),
                String::new(),
            ));
        }
    }
    events.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    events.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
    events
        .into_iter()
        .take(12)
        .map(|(d, text, kind, url)| Event {
            date: present::date(d, &cx.i),
            iso: d.to_string(),
            text,
            kind,
            url,
            upcoming: d > as_of,
        })
        .collect()
}
