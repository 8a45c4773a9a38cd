//! The widget's search indexes: one per commune and one for the whole site, per language, in
//! the format `catalog::index` defines. Display strings are formatted here by `present`, the
//! same code as the pages, so the widget and the pages never disagree.

use super::present as p;
use super::Cx;
use crate::resolve::{CommuneView, Resolved};
use catalog::index::{encode_entry, ChannelInfo, DocGroup, Document, Entry, FeeLine, Index};
use catalog::{ChannelKind, DossierKind, Status};

/// The file name of the whole-site index; commune slugs cannot start with `_`.
pub const SITE: &str = "_all";

/// The widget's interface strings, read from the theme's `[widget]` translations.
const STRINGS: [&str; 33] = [
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
];

fn index(cx: &Cx, entries: Vec<Entry>, link_only: bool) -> Index {
    Index {
        link_only,
        strings: STRINGS
            .iter()
            .map(|k| {
                let key = format!("widget.{k}");
                (k.to_string(), cx.i.t(&key).to_string())
            })
            .collect(),
        calendar: cx.site.years.iter().map(|y| (*y).clone()).collect(),
        entries,
    }
}

pub fn commune(cx: &Cx, c: &CommuneView) -> Index {
    index(
        cx,
        c.procedures
            .iter()
            .map(|r| entry(cx, c, r, false))
            .collect(),
        false,
    )
}

/// Every commune's procedures, each linking to its commune's page: names, codes, places and
/// times only, so that a province's portal stays light (its communes' own indexes hold the
/// documents and fees). Streamed entry by entry: a province has 30,000, the whole country a
/// million (some 400 MB).
pub fn site(cx: &Cx, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let pairs = || {
        cx.site
            .communes
            .iter()
            .flat_map(|c| c.procedures.iter().map(move |r| (c, r)))
    };
    let mut buf = Vec::with_capacity(1 << 16);
    index(cx, Vec::new(), true).encode_header(&mut buf, pairs().count());
    for (c, r) in pairs() {
        let mut e = entry(cx, c, r, true);
        e.documents.clear();
        e.notes.clear();
        e.online_url.clear();
        e.channels.truncate(1);
        for ch in &mut e.channels {
            ch.fees.clear();
        }
        encode_entry(&mut buf, &e);
        if buf.len() >= 1 << 16 {
            out.write_all(&buf)?;
            buf.clear();
        }
    }
    out.write_all(&buf)
}

fn entry(cx: &Cx, c: &CommuneView, r: &Resolved, with_place: bool) -> Entry {
    let proc_ = r.procedure;
    let i = &cx.i;
    let keywords = proc_
        .keywords
        .iter()
        .chain(&proc_.results)
        .chain(&proc_.subjects)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(" · ");
    let mut documents = Vec::new();
    let mut notes = Vec::new();
    for g in &proc_.dossier {
        let group = match g.kind {
            DossierKind::Submit => DocGroup::Submit,
            DossierKind::Show => DocGroup::Show,
            DossierKind::Notes | DossierKind::Other => DocGroup::Other,
        };
        for item in &g.items {
            if let Some(name) = &item.document {
                documents.push(Document {
                    group,
                    name: name.clone(),
                    counts: p::copies_text(item.originals, item.copies, i),
                    forms: item
                        .forms
                        .iter()
                        .map(|f| (f.title.clone(), cx.form_url(f)))
                        .collect(),
                });
            }
            notes.extend(item.note.iter().cloned());
        }
    }
    let online = r
        .channels
        .iter()
        .any(|ch| ch.channel.kind == ChannelKind::Online);
    let portal = cx.site.config.portal_url.trim_end_matches('/');
    Entry {
        code: proc_.code.clone(),
        name: proc_.name.clone(),
        place: if with_place {
            format!("{} {}", cx.commune_kind(c), c.commune.name)
        } else {
            String::new()
        },
        field: proc_.field.clone(),
        url: cx.url(&format!("{}/thu-tuc/{}/", c.slug, proc_.code)),
        online_url: match (&proc_.portal_id, online) {
            (Some(id), true) => format!("{portal}/thu-tuc-hanh-chinh/{id}"),
            (None, true) => portal.to_string(),
            _ => String::new(),
        },
        status: match r.status {
            Status::Upcoming(d) => i.f("status_upcoming", &[("date", &p::date(d, i))]),
            _ => String::new(),
        },
        keywords,
        channels: r
            .channels
            .iter()
            .map(|ch| ChannelInfo {
                label: p::channel_label(ch.channel, i),
                time: ch.time.clone(),
                time_text: p::time_short(ch.time, i),
                fees: ch
                    .fees
                    .iter()
                    .map(|f| FeeLine {
                        text: p::fee_line(f, i),
                        unknown: p::fee_unknown(f),
                        exemptions: f.exemptions.join("; "),
                    })
                    .collect(),
            })
            .collect(),
        documents,
        notes: notes.join(" "),
    }
}
