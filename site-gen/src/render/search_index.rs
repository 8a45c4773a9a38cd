//! The widget's search indexes: one per commune and one for the whole site, per language, in
//! the format `catalog::index` defines. Display strings are formatted here by `present`, the
//! same code as the pages, so the widget and the pages never disagree.

use super::present;
use super::RenderContext;
use crate::resolve::{CommuneView, Resolved};
use crate::routes::{self, Route};
use catalog::index::{ChannelInfo, DocGroup, Document, Entry, FeeLine, Index, Place};
use catalog::{ChannelKind, DossierKind, Status};

/// The widget's interface strings, read from the theme's `[widget]` translations.
const STRINGS: [&str; 38] = [
    "results",
    "no_results",
    "error",
    "projected",
    "exempt",
    "if_verification",
    "enter_date",
    "form",
    "full_page",
    "apply_online",
    "time_and_fee",
    "channel",
    "time",
    "fee",
    "due_heading",
    "due_date",
    "due_time",
    "due_rule",
    "documents",
    "submit",
    "show",
    "other",
    "print",
    "close",
    "weekday_mon",
    "weekday_tue",
    "weekday_wed",
    "weekday_thu",
    "weekday_fri",
    "weekday_sat",
    "weekday_sun",
    "in_force_from",
    "search_label",
    "in_communes",
    "choose_commune",
    "printed_on",
    "only_if",
    "conditional",
];

fn index(cx: &RenderContext, entries: Vec<Entry>, link_only: bool) -> Index {
    Index {
        link_only,
        strings: STRINGS
            .iter()
            .map(|k| {
                let key = format!("widget.{k}");
                (k.to_string(), cx.i.text(&key).to_string())
            })
            .collect(),
        calendar: cx.site.years.iter().map(|y| (*y).clone()).collect(),
        places: Vec::new(),
        entries,
    }
}

pub fn commune(cx: &RenderContext, c: &CommuneView) -> Index {
    let mut index = index(
        cx,
        c.procedures.iter().map(|r| entry(cx, c, r)).collect(),
        false,
    );
    let hours = present::hours_text(&c.commune.desk.hours, &cx.i);
    index.places.push(Place {
        name: format!("{} {}", cx.commune_kind(c), c.commune.name),
        url: cx.url(Route::Commune(c.slug)),
        address: c.commune.desk.address.clone(),
        hours: hours.join("; "),
    });
    index
}

/// The whole site's index, for the portal: each procedure once, with the communes that
/// receive it (the visitor picks one), and each commune once, found by its name. Names,
/// codes and status only: times, fees and documents can differ from commune to commune
/// (local overrides), and each commune's own index holds them. A province's portal thus
/// holds about a thousand procedures and a hundred communes, not every procedure of every
/// commune (30,000 entries, 12 MB).
pub fn site(cx: &RenderContext, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut index = index(cx, Vec::new(), true);
    let mut by_code: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut procedures: Vec<Entry> = Vec::new();
    for (n, c) in cx.site.communes.iter().enumerate() {
        let place = format!("{} {}", cx.commune_kind(c), c.commune.name);
        index.places.push(Place {
            name: place.clone(),
            url: cx.url(Route::Commune(c.slug)),
            ..Place::default()
        });
        for r in &c.procedures {
            let code = r.procedure.code.as_str();
            let at = *by_code.entry(code).or_insert_with(|| {
                let mut e = entry(cx, c, r);
                e.url = Route::procedure_in_commune(code);
                e.documents.clear();
                e.notes.clear();
                e.online_url.clear();
                e.channels.clear();
                procedures.push(e);
                procedures.len() - 1
            });
            procedures[at].places.push(n as u32);
        }
    }
    index.entries = cx
        .site
        .communes
        .iter()
        .zip(&index.places)
        .map(|(c, p)| Entry {
            name: p.name.clone(),
            field: c.commune.province.clone(),
            url: p.url.clone(),
            ..Entry::default()
        })
        .chain(procedures)
        .collect();
    out.write_all(&index.encode())
}

fn entry(cx: &RenderContext, c: &CommuneView, r: &Resolved) -> Entry {
    let procedure = r.procedure;
    let i = &cx.i;
    let keywords = procedure
        .keywords
        .iter()
        .chain(&procedure.results)
        .chain(&procedure.subjects)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(" · ");
    let list = super::checklist::order(procedure);
    let documents = list
        .always
        .iter()
        .chain(&list.conditional)
        .map(|d| Document {
            group: match d.kind {
                DossierKind::Submit => DocGroup::Submit,
                DossierKind::Show => DocGroup::Show,
                DossierKind::Notes | DossierKind::Other => DocGroup::Other,
            },
            name: d.text.to_string(),
            counts: present::copies_text(d.item.originals, d.item.copies, i),
            when: d.condition.clone(),
            forms: d
                .item
                .forms
                .iter()
                .map(|f| (f.title.clone(), cx.form_url(f)))
                .collect(),
        })
        .collect();
    let online = r
        .channels
        .iter()
        .any(|ch| ch.channel.kind == ChannelKind::Online);
    Entry {
        code: procedure.code.to_string(),
        name: procedure.name.clone(),
        field: procedure.field.clone(),
        url: cx.url(Route::Procedure(c.slug, procedure.code.as_str())),
        online_url: if online {
            routes::portal_procedure(&cx.site.config.portal_url, procedure.portal_id.as_deref())
        } else {
            String::new()
        },
        status: match r.status {
            Status::Upcoming(d) => i.format("status_upcoming", &[("date", &present::date(d, i))]),
            _ => String::new(),
        },
        keywords,
        channels: r
            .channels
            .iter()
            .map(|ch| ChannelInfo {
                label: present::channel_label(ch.channel, i),
                time: ch.time.clone(),
                time_text: present::time_short(ch.time, i),
                fees: ch
                    .fees
                    .iter()
                    .map(|f| FeeLine {
                        text: present::fee_line(f, i),
                        unknown: present::fee_unknown(f),
                        exemptions: f.exemptions.join("; "),
                    })
                    .collect(),
            })
            .collect(),
        documents,
        notes: list.notes.join(" "),
        places: Vec::new(),
    }
}
