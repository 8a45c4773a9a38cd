//! The answer first: what the top of a procedure page says before the detail (time, fee,
//! what to bring, where and how to apply), and the documents in the order of `checklist`.

use super::checklist::{self, Checklist, Doc};
use super::present;
use super::RenderContext;
use crate::i18n::I18n;
use crate::resolve::{CommuneView, Resolved, ResolvedChannel};
use catalog::{ChannelKind, DossierKind, Fee, FeeKind};
use serde_json::{json, Value};

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
        [] => (i.t("not_stated").to_string(), false),
        [one] => (present::fee_line(one, i), false),
        [..] if fees.iter().all(|f| f.kind == FeeKind::Free) => {
            (i.t("fee_free").to_string(), false)
        }
        [first, ..] => (present::fee_line(first, i), true),
    }
}

pub fn view(cx: &RenderContext, c: &CommuneView, r: &Resolved, list: &Checklist) -> Value {
    let i = &cx.i;
    let main = main_channel(r);
    let time = main.map(|m| present::time_short(m.time, i));
    let time_varies = r
        .channels
        .iter()
        .any(|ch| main.is_some_and(|m| m.time != ch.time))
        || r.procedure.cases.iter().any(|k| k.time.is_some());
    let (fee_text, mut fee_varies) =
        main.map_or((i.t("not_stated").to_string(), false), |m| fee(m.fees, i));
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
        i.t("summary_time"),
        time.as_deref().unwrap_or(i.t("not_stated")),
        i.t("summary_fee"),
        fee_text
    );
    json!({
        "description": description,
        "time": time,
        "time_varies": time_varies,
        "fee": fee_text,
        "fee_varies": fee_varies,
        "documents": named,
        "documents_count": list.always.len(),
        "documents_more": list.always.len().saturating_sub(NAMED_DOCUMENTS),
        "conditional_count": list.conditional.len(),
        "address": c.commune.desk.address,
        "hours": hours,
    })
}

fn doc(cx: &RenderContext, d: &Doc) -> Value {
    let forms: Vec<Value> = d
        .item
        .forms
        .iter()
        .map(|f| json!({ "title": f.title, "url": cx.form_url(f) }))
        .collect();
    json!({
        "id": d.id,
        "document": d.text,
        "condition": d.condition,
        // Out of its group, a conditional document keeps the group's heading beside it.
        "group": d.group_title.filter(|_| d.condition.is_some()),
        "kind": kind_key(d.kind).trim_start_matches("dossier_"),
        "counts": present::copies_text(d.item.originals, d.item.copies, &cx.i),
        "forms": forms,
    })
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
pub fn documents(cx: &RenderContext, list: &Checklist) -> Value {
    // Consecutive documents of one kind and one source group heading share a heading; the
    // source's own heading is kept, since it may be all that says when they are needed.
    type Group<'a> = (DossierKind, Option<&'a str>, Vec<Value>);
    let mut groups: Vec<Group> = Vec::new();
    for d in &list.always {
        match groups.last_mut() {
            Some((kind, t, items)) if *kind == d.kind && *t == d.group_title => {
                items.push(doc(cx, d))
            }
            _ => groups.push((d.kind, d.group_title, vec![doc(cx, d)])),
        }
    }
    let groups: Vec<Value> = groups
        .into_iter()
        .map(|(kind, title, items)| {
            let heading = match (kind, title) {
                (DossierKind::Other, Some(title)) => title.to_string(),
                // The source did not say whether these are submitted or shown.
                (DossierKind::Other, None) => cx.i.t("dossier_other_untitled").to_string(),
                (k, Some(title)) => format!("{}: {title}", cx.i.t(kind_key(k))),
                (k, None) => cx.i.t(kind_key(k)).to_string(),
            };
            json!({
                "kind": kind_key(kind).trim_start_matches("dossier_"),
                "heading": heading,
                "items": items,
            })
        })
        .collect();
    json!({
        "always": groups,
        "conditional": list.conditional.iter().map(|d| doc(cx, d)).collect::<Vec<_>>(),
        "notes": list.notes,
    })
}
