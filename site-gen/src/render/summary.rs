//! The answer first: what the top of a procedure page says before the detail (time, fee,
//! what to bring, where and how to apply), and the documents in the order of `checklist`.

use super::checklist::{self, Checklist, Doc};
use super::present;
use super::{Link, RenderContext};
use crate::i18n::I18n;
use crate::resolve::{CommuneView, Resolved, ResolvedChannel};
use catalog::{ChannelKind, DossierKind, Fee, FeeAmount};
use serde::Serialize;

/// How many always-needed documents the summary names; the rest are counted.
const NAMED_DOCUMENTS: usize = 4;

/// The channel citizens think of first: the desk, else the first listed.
pub fn main_channel<'a>(r: &'a Resolved<'a>) -> Option<&'a ResolvedChannel<'a>> {
    r.channels
        .iter()
        .find(|c| c.channel.kind == ChannelKind::Desk)
        .or_else(|| r.channels.first())
}

/// The fee in one line (the common case), and whether it varies by case, so the summary
/// says "see below".
fn fee(fees: &[Fee], i: &I18n) -> (String, bool) {
    match fees {
        [] => (i.text("not_stated").to_string(), false),
        [one] => (present::fee_line(one, i), false),
        [..] if fees.iter().all(|f| f.amount == FeeAmount::Free) => {
            (i.text("fee_free").to_string(), false)
        }
        [first, ..] => (present::fee_line(first, i), true),
    }
}

/// The top of a procedure page.
#[derive(Serialize)]
pub struct Summary<'a> {
    /// The page's description for search engines and link previews, in one sentence.
    pub description: String,
    time: Option<String>,
    /// The time differs by channel or case: "see below".
    time_varies: bool,
    fee: String,
    fee_varies: bool,
    /// The first always-needed documents, named short.
    documents: Vec<String>,
    documents_count: usize,
    documents_more: usize,
    conditional_count: usize,
    address: &'a str,
    hours: Vec<String>,
}

pub fn view<'a>(
    cx: &RenderContext,
    c: &'a CommuneView,
    r: &Resolved,
    list: &Checklist,
) -> Summary<'a> {
    let i = &cx.i;
    let main = main_channel(r);
    let time = main.map(|m| present::time_short(m.time, i));
    let time_varies = r
        .channels
        .iter()
        .any(|ch| main.is_some_and(|m| m.time != ch.time))
        || r.procedure.cases.iter().any(|k| k.time.is_some());
    let (fee_text, mut fee_varies) = main.map_or((i.text("not_stated").to_string(), false), |m| {
        fee(m.fees, i)
    });
    fee_varies |= r
        .channels
        .iter()
        .any(|ch| main.is_some_and(|m| m.fees != ch.fees) || !ch.upcoming.is_empty());
    let named: Vec<String> = list
        .always
        .iter()
        .take(NAMED_DOCUMENTS)
        .map(|d| checklist::short_name(d.text))
        .collect();
    let hours = present::hours_text(&c.commune.desk.hours, i);
    let description = format!(
        "{} — {}: {}. {}: {}.",
        r.procedure.name,
        i.text("summary_time"),
        time.as_deref().unwrap_or(i.text("not_stated")),
        i.text("summary_fee"),
        fee_text
    );
    Summary {
        description,
        time,
        time_varies,
        fee: fee_text,
        fee_varies,
        documents: named,
        documents_count: list.always.len(),
        documents_more: list.always.len().saturating_sub(NAMED_DOCUMENTS),
        conditional_count: list.conditional.len(),
        address: &c.commune.desk.address,
        hours,
    }
}

/// A document to bring, with its forms.
#[derive(Serialize)]
struct DocView<'a> {
    id: &'a str,
    document: &'a str,
    condition: &'a Option<String>,
    /// Out of its group, a conditional document keeps the group's heading beside it.
    group: Option<&'a str>,
    kind: &'static str,
    counts: String,
    forms: Vec<Link<'a>>,
}

/// The documents section of a procedure page.
#[derive(Serialize)]
pub struct Documents<'a> {
    always: Vec<DocGroup<'a>>,
    conditional: Vec<DocView<'a>>,
    notes: &'a [&'a str],
}

/// Always-needed documents of one kind under one heading.
#[derive(Serialize)]
struct DocGroup<'a> {
    kind: &'static str,
    heading: String,
    items: Vec<DocView<'a>>,
}

fn doc<'a>(cx: &RenderContext, d: &'a Doc) -> DocView<'a> {
    DocView {
        id: &d.id,
        document: d.text,
        condition: &d.condition,
        group: d.group_title.filter(|_| d.condition.is_some()),
        kind: kind_key(d.kind).trim_start_matches("dossier_"),
        counts: present::copies_text(d.item.originals, d.item.copies, &cx.i),
        forms: d
            .item
            .forms
            .iter()
            .map(|f| Link {
                title: &f.title,
                url: cx.form_url(f),
            })
            .collect(),
    }
}

fn kind_key(kind: DossierKind) -> &'static str {
    match kind {
        DossierKind::Submit => "dossier_submit",
        DossierKind::Show => "dossier_show",
        DossierKind::Notes => "dossier_notes",
        DossierKind::Other => "dossier_other",
    }
}

/// The documents section: groups of always-needed documents by kind, then the conditional
/// ones, then the notes.
pub fn documents<'a>(cx: &RenderContext, list: &'a Checklist) -> Documents<'a> {
    // Consecutive documents of one kind and one source group heading share a heading; the
    // source's own heading is kept, since it may be all that says when they are needed.
    type Group<'a> = (DossierKind, Option<&'a str>, Vec<DocView<'a>>);
    let mut groups: Vec<Group> = Vec::new();
    for d in &list.always {
        match groups.last_mut() {
            Some((kind, t, items)) if *kind == d.kind && *t == d.group_title => {
                items.push(doc(cx, d))
            }
            _ => groups.push((d.kind, d.group_title, vec![doc(cx, d)])),
        }
    }
    let always: Vec<DocGroup> = groups
        .into_iter()
        .map(|(kind, title, items)| {
            let heading = match (kind, title) {
                (DossierKind::Other, Some(title)) => title.to_string(),
                // The source did not say whether these are submitted or shown.
                (DossierKind::Other, None) => cx.i.text("dossier_other_untitled").to_string(),
                (k, Some(title)) => format!("{}: {title}", cx.i.text(kind_key(k))),
                (k, None) => cx.i.text(kind_key(k)).to_string(),
            };
            DocGroup {
                kind: kind_key(kind).trim_start_matches("dossier_"),
                heading,
                items,
            }
        })
        .collect();
    Documents {
        always,
        conditional: list.conditional.iter().map(|d| doc(cx, d)).collect(),
        notes: &list.notes,
    }
}
