//! A procedure's page at a commune: the answer first, then the detail.

use super::{From, Input, PageKind, Subject};
use crate::diag::Diagnostic;
use crate::render::checklist::{self, Checklist};
use crate::render::present;
use crate::render::summary::{self, Documents, Summary};
use crate::render::views::{self, CommuneHead, FeeLines, Search, StatusView};
use crate::render::{jsonld, RenderContext};
use crate::resolve::{CommuneView, Resolved};
use crate::routes::{self, Route};
use catalog::{ChannelKind, LegalRef, Level, TimeKind};
use serde::Serialize;

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
            procedure: Some(r.procedure.code.as_str()),
            ..Subject::commune(c)
        }
    }
    fn route<'a>((c, r): &'a Self::Item<'_>) -> Route<'a> {
        Route::Procedure(c.slug, r.procedure.code.as_str())
    }
    fn render(cx: &RenderContext, (c, r): &Self::Item<'_>) -> Result<Vec<u8>, Diagnostic> {
        // The documents in their order, which the view borrows.
        let list = checklist::order(r.procedure);
        cx.html("procedure.html", &view(cx, c, r, &list))
    }
}

#[derive(Serialize)]
struct ProcedurePage<'a> {
    title: &'a str,
    commune: CommuneHead<'a>,
    status: StatusView,
    /// The procedure as the catalogue defines it.
    p: Facts<'a>,
    /// The channels whose times say the same, one row each.
    time_rows: Vec<ChannelRow<'a>>,
    /// The channels whose fees say the same, one row each.
    fee_rows: Vec<ChannelRow<'a>>,
    channels: Vec<ChannelRow<'a>>,
    description: String,
    /// The answer first: time, fee, documents, where.
    summary: Summary<'a>,
    docs: Documents<'a>,
    has_documents: bool,
    online_url: Option<String>,
    local_notes: &'a [&'a str],
    jsonld: String,
    search: Search,
}

#[derive(Serialize)]
struct Facts<'a> {
    code: &'a str,
    name: &'a str,
    field: &'a str,
    level: &'a str,
    agencies: &'a [String],
    subjects: &'a [String],
    conditions: Option<Vec<&'a str>>,
    results: &'a [String],
    steps: &'a [String],
    legal: &'a [LegalRef],
    cases: Vec<Case<'a>>,
    decided_by: &'a Option<String>,
    decided_on: Option<String>,
    effective_from: Option<String>,
    checked_on: String,
    checked_iso: String,
}

/// A case of the procedure with its own time.
#[derive(Serialize)]
struct Case<'a> {
    code: &'a str,
    name: &'a str,
    time: Option<String>,
}

/// How to apply one way (desk, online, post): time, fees.
#[derive(Serialize, Clone, PartialEq)]
struct ChannelRow<'a> {
    kind: &'a str,
    label: String,
    time: String,
    extension: Option<String>,
    time_note: Option<&'a str>,
    fees: FeeLines<'a>,
    note: &'a Option<String>,
}

fn view<'a>(
    cx: &'a RenderContext,
    c: &'a CommuneView,
    r: &'a Resolved,
    list: &'a Checklist,
) -> ProcedurePage<'a> {
    let procedure = r.procedure;
    let channels: Vec<ChannelRow> = r
        .channels
        .iter()
        .map(|ch| ChannelRow {
            kind: ch.channel.kind.key(),
            label: present::channel_label(ch.channel, &cx.i),
            time: present::time_text(ch.time, &cx.i),
            extension: present::extension_text(ch.time, &cx.i),
            time_note: ch
                .time
                .note
                .as_deref()
                .filter(|_| ch.time.kind != TimeKind::Text)
                .and_then(present::without_portal_notation),
            fees: views::fee_lines(cx, ch),
            note: &ch.channel.note,
        })
        .collect();
    let at_a_glance = summary::view(cx, c, r, list);
    let online_url = r
        .channels
        .iter()
        .any(|ch| ch.channel.kind == ChannelKind::Online)
        .then(|| {
            routes::portal_procedure(&cx.site.config.portal_url, procedure.portal_id.as_deref())
        });
    let lc = &procedure.lifecycle;
    let date = |d| present::date(d, &cx.i);
    ProcedurePage {
        title: &procedure.name,
        commune: views::commune_head(cx, c),
        status: views::status(cx, r),
        p: Facts {
            code: procedure.code.as_str(),
            name: &procedure.name,
            field: &procedure.field,
            level: cx.i.text(match procedure.level {
                Level::Commune => "level_commune",
                Level::Province => "level_province",
                Level::Ministry => "level_ministry",
            }),
            agencies: &procedure.agencies,
            subjects: &procedure.subjects,
            conditions: procedure.conditions.as_deref().map(paragraphs),
            results: &procedure.results,
            steps: &procedure.steps,
            legal: &procedure.legal_basis,
            cases: procedure
                .cases
                .iter()
                .map(|k| Case {
                    code: &k.code,
                    name: &k.name,
                    time: k.time.as_ref().map(|t| present::time_text(t, &cx.i)),
                })
                .collect(),
            decided_by: &lc.decided_by,
            decided_on: lc.decided_on.map(date),
            effective_from: lc.effective_from.map(date),
            checked_on: date(procedure.checked_on),
            checked_iso: procedure.checked_on.to_string(),
        },
        time_rows: same_rows(&channels, |a, b| {
            (&a.time, &a.extension, &a.time_note, &a.note)
                == (&b.time, &b.extension, &b.time_note, &b.note)
        }),
        fee_rows: same_rows(&channels, |a, b| a.fees == b.fees),
        channels,
        description: at_a_glance.description.clone(),
        summary: at_a_glance,
        docs: summary::documents(cx, list),
        has_documents: procedure
            .dossier
            .iter()
            .any(|g| g.items.iter().any(|i| i.document.is_some())),
        online_url,
        local_notes: &r.local_notes,
        jsonld: jsonld::government_service(cx, c, r),
        search: views::search(cx, Some(c)),
    }
}

/// Channels that say the same thing share one table row, labelled with all their names:
/// three identical rows tell a citizen nothing the first did not.
fn same_rows<'a>(
    channels: &[ChannelRow<'a>],
    same: impl Fn(&ChannelRow, &ChannelRow) -> bool,
) -> Vec<ChannelRow<'a>> {
    let mut rows: Vec<ChannelRow> = Vec::new();
    for ch in channels {
        match rows.iter_mut().find(|row| same(row, ch)) {
            Some(row) => row.label = format!("{}; {}", row.label, ch.label),
            None => rows.push(ch.clone()),
        }
    }
    rows
}

/// Free text from the catalogue keeps its line breaks as paragraphs.
fn paragraphs(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
}
