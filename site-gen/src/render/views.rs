//! The data each template receives. Strings are formatted here, once, in the page's language.

use super::present as p;
use super::summary::main_channel;
use super::{checklist, jsonld, summary, Cx};
use crate::markdown;
use crate::resolve::{CommuneView, Page, Resolved, ResolvedChannel};
use crate::routes::{self, DataFormat, Route};
use catalog::{ChannelKind, Date, Status};
use serde_json::{json, Value};

pub fn home(cx: &Cx) -> Value {
    let communes: Vec<Value> = cx
        .site
        .communes
        .iter()
        .map(|c| {
            json!({
                "name": c.commune.name,
                "kind": cx.commune_kind(c),
                "province": c.commune.province,
                "url": cx.url(Route::Commune(c.slug)),
                "count": c.procedures.len(),
            })
        })
        .collect();
    json!({
        "title": cx.site.config.name,
        "search": { "index": cx.url(Route::SearchIndex(None)) },
        "communes": communes,
        "changes": changes(cx),
        "changes_url": cx.url(Route::Changes(None)),
        "data": { "json": cx.url(Route::Data(None, DataFormat::Json)), "jsonld": cx.url(Route::Data(None, DataFormat::JsonLd)) },
        "stats_url": (!cx.site.statistics.periods.is_empty())
            .then(|| cx.url(Route::Statistics)),
    })
}

/// What changed recently, or will change soon: procedures coming into force, fee decisions,
/// news. Newest first.
fn changes(cx: &Cx) -> Vec<Value> {
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
                    cx.i.t(key).to_string(),
                    cx.url(Route::Procedure(c.slug, &r.procedure.code)),
                ));
            }
        }
        for n in &c.news {
            if let Some(d) = n.meta.date.filter(|d| recent(*d)) {
                events.push((
                    d,
                    format!("{} — {}", n.meta.title, c.commune.name),
                    cx.i.t("change_news").to_string(),
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
                cx.i.t("change_fee").to_string(),
                String::new(),
            ));
        }
    }
    events.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    events.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
    events
        .into_iter()
        .take(12)
        .map(|(d, text, kind, url)| {
            json!({
                "date": p::date(d, &cx.i),
                "iso": d.to_string(),
                "text": text,
                "kind": kind,
                "url": url,
                "upcoming": d > as_of,
            })
        })
        .collect()
}

fn desk(cx: &Cx, c: &CommuneView) -> Value {
    let hours: Vec<Value> = c
        .commune
        .desk
        .hours
        .iter()
        .map(|h| {
            let (days, time) = p::hours_line(h, &cx.i);
            json!({ "days": days, "time": time })
        })
        .collect();
    let map_url = c.commune.map.map(|m| routes::map(m.lat, m.lon));
    json!({
        "address": c.commune.desk.address,
        "hours": hours,
        "note": c.commune.desk.note,
        "phones": c.commune.phones,
        "email": c.commune.email,
        "website": c.commune.website,
        "map_url": map_url,
    })
}

pub(super) fn commune_head(cx: &Cx, c: &CommuneView) -> Value {
    json!({
        "name": c.commune.name,
        "kind": cx.commune_kind(c),
        "province": c.commune.province,
        "address": c.commune.address,
        "url": cx.url(Route::Commune(c.slug)),
        "fees_url": cx.url(Route::Fees(c.slug)),
        "changes_url": cx.url(Route::Changes(Some(c.slug))),
        "csv_url": cx.url(Route::FeesCsv(c.slug)),
        "data_json_url": cx.url(Route::Data(Some(c.slug), DataFormat::Json)),
        "data_jsonld_url": cx.url(Route::Data(Some(c.slug), DataFormat::JsonLd)),
        "desk": desk(cx, c),
    })
}

fn status(cx: &Cx, r: &Resolved) -> Value {
    match r.status {
        Status::Upcoming(d) => json!({
            "upcoming": true,
            "text": cx.i.f("status_upcoming", &[("date", &p::date(d, &cx.i))]),
        }),
        _ => json!({ "upcoming": false }),
    }
}

pub fn commune(cx: &Cx, c: &CommuneView) -> Value {
    let mut fields: Vec<(String, Vec<Value>)> = Vec::new();
    for r in &c.procedures {
        let main = main_channel(r);
        let row = json!({
            "code": r.procedure.code,
            "name": r.procedure.name,
            "url": cx.url(Route::Procedure(c.slug, &r.procedure.code)),
            "time": main.map(|m| p::time_short(m.time, &cx.i)),
            "fee": main.map(|m| p::fees_short(m.fees, &cx.i)),
            "online": r.channels.iter().any(|ch| ch.channel.kind == ChannelKind::Online),
            "status": status(cx, r),
        });
        match fields.last_mut() {
            Some((name, rows)) if *name == r.procedure.field => rows.push(row),
            _ => fields.push((r.procedure.field.clone(), vec![row])),
        }
    }
    let fields: Vec<Value> = fields
        .into_iter()
        .enumerate()
        .map(|(n, (name, rows))| json!({ "name": name, "id": format!("linh-vuc-{}", n + 1), "procedures": rows }))
        .collect();
    let name = format!("{} {}", cx.commune_kind(c), c.commune.name);
    json!({
        "description": cx.i.f("commune_description", &[
            ("commune", &name),
            ("province", &c.commune.province),
            ("n", &c.procedures.len().to_string()),
        ]),
        "title": name,
        "commune": commune_head(cx, c),
        "intro_html": c.intro.as_ref().map(|p| markdown::to_html(p.markdown)),
        "search": search(cx, c),
        "fields": fields,
        "count": c.procedures.len(),
        "news": news_list(cx, c),
        "results": super::stats_views::commune_summary(cx, c),
    })
}

fn news_list(cx: &Cx, c: &CommuneView) -> Vec<Value> {
    c.news
        .iter()
        .map(|n| {
            json!({
                "title": n.meta.title,
                "summary": n.meta.summary,
                "date": n.meta.date.map(|d| p::date(d, &cx.i)),
                "iso": n.meta.date.map(|d| d.to_string()),
                "url": cx.url(Route::News(c.slug, n.slug)),
            })
        })
        .collect()
}

fn fee_lines(cx: &Cx, ch: &ResolvedChannel) -> Value {
    let lines: Vec<Value> = ch
        .fees
        .iter()
        .map(|f| {
            json!({
                "text": p::fee_line(f, &cx.i),
                "exemptions": f.exemptions,
                "basis": f.basis,
                "note": f.note,
                "unknown": p::fee_unknown(f),
            })
        })
        .collect();
    let upcoming: Vec<Value> = ch
        .upcoming
        .iter()
        .map(|(doc, fees)| {
            json!({
                "text": cx.i.f("fee_from", &[
                    ("date", &p::date(doc.effective_from, &cx.i)),
                    ("fees", &p::fees_short(fees, &cx.i)),
                ]),
                "document": format!("{} — {}", doc.code, doc.title),
            })
        })
        .collect();
    json!({
        "lines": lines,
        "upcoming": upcoming,
        "document": ch.fee_document.map(|d| json!({
            "code": d.code, "title": d.title, "issuer": d.issuer,
            "from": p::date(d.effective_from, &cx.i), "url": d.url,
        })),
    })
}

pub fn fees(cx: &Cx, c: &CommuneView) -> Value {
    let rows: Vec<Value> = c
        .procedures
        .iter()
        .map(|r| {
            let channels: Vec<Value> = r
                .channels
                .iter()
                .map(|ch| {
                    json!({
                        "label": p::channel_label(ch.channel, &cx.i),
                        "fees": fee_lines(cx, ch),
                    })
                })
                .collect();
            json!({
                "code": r.procedure.code,
                "name": r.procedure.name,
                "url": cx.url(Route::Procedure(c.slug, &r.procedure.code)),
                "status": status(cx, r),
                "channels": channels,
                "rows": channels.len(),
            })
        })
        .collect();
    json!({
        "title": cx.i.f("fees_title", &[("commune", &format!("{} {}", cx.commune_kind(c), c.commune.name))]),
        "commune": commune_head(cx, c),
        "procedures": rows,
    })
}

pub fn procedure(cx: &Cx, c: &CommuneView, r: &Resolved) -> Value {
    let proc_ = r.procedure;
    let channels: Vec<Value> = r
        .channels
        .iter()
        .map(|ch| {
            json!({
                "kind": ch.channel.kind.key(),
                "label": p::channel_label(ch.channel, &cx.i),
                "time": p::time_text(ch.time, &cx.i),
                "extension": p::extension_text(ch.time, &cx.i),
                "time_note": ch.time.note.as_deref().filter(|_| ch.time.kind != catalog::TimeKind::Text).and_then(p::without_portal_notation),
                "fees": fee_lines(cx, ch),
                "note": ch.channel.note,
            })
        })
        .collect();
    let list = checklist::order(proc_);
    let at_a_glance = summary::view(cx, c, r, &list);
    let portal = &cx.site.config.portal_url;
    let online_url = r
        .channels
        .iter()
        .any(|ch| ch.channel.kind == ChannelKind::Online)
        .then(|| routes::portal_procedure(portal, proc_.portal_id.as_deref()));
    let cases: Vec<Value> = proc_
        .cases
        .iter()
        .map(|k| json!({ "code": k.code, "name": k.name, "time": k.time.as_ref().map(|t| p::time_text(t, &cx.i)) }))
        .collect();
    let lc = &proc_.lifecycle;
    json!({
        "title": proc_.name,
        "commune": commune_head(cx, c),
        "status": status(cx, r),
        "p": {
            "code": proc_.code,
            "name": proc_.name,
            "field": proc_.field,
            "level": cx.i.t(&format!("level_{}", match proc_.level {
                catalog::Level::Commune => "commune",
                catalog::Level::Province => "province",
                catalog::Level::Ministry => "ministry",
            })),
            "agencies": proc_.agencies,
            "subjects": proc_.subjects,
            "conditions": proc_.conditions.as_deref().map(paragraphs),
            "results": proc_.results,
            "steps": proc_.steps,
            "legal": proc_.legal_basis,
            "cases": cases,
            "decided_by": lc.decided_by,
            "decided_on": lc.decided_on.map(|d| p::date(d, &cx.i)),
            "effective_from": lc.effective_from.map(|d| p::date(d, &cx.i)),
            "checked_on": p::date(proc_.checked_on, &cx.i),
            "checked_iso": proc_.checked_on.to_string(),
        },
        "time_rows": same_rows(&channels, &["time", "extension", "time_note", "note"]),
        "fee_rows": same_rows(&channels, &["fees"]),
        "channels": channels,
        "description": at_a_glance["description"],
        "summary": at_a_glance,
        "docs": summary::documents(cx, &list),
        "has_documents": proc_.dossier.iter().any(|g| g.items.iter().any(|i| i.document.is_some())),
        "online_url": online_url,
        "local_notes": r.local_notes,
        "jsonld": jsonld::government_service(cx, c, r),
        "search": search(cx, c),
    })
}

/// Channels that say the same thing (`keys`) share one table row, labelled with all their
/// names: three identical rows tell a citizen nothing the first did not.
fn same_rows(channels: &[Value], keys: &[&str]) -> Vec<Value> {
    let mut rows: Vec<Value> = Vec::new();
    for ch in channels {
        let same = |row: &Value| keys.iter().all(|k| row[*k] == ch[*k]);
        match rows.iter_mut().find(|row| same(row)) {
            Some(row) => {
                let label = format!(
                    "{}; {}",
                    row["label"].as_str().unwrap_or_default(),
                    ch["label"].as_str().unwrap_or_default()
                );
                row["label"] = Value::String(label);
            }
            None => rows.push(ch.clone()),
        }
    }
    rows
}

/// Where the widget on a commune's pages finds its index.
fn search(cx: &Cx, c: &CommuneView) -> Value {
    json!({ "index": cx.url(Route::SearchIndex(Some(c.slug))) })
}

/// Free text from the catalogue keeps its line breaks as paragraphs.
fn paragraphs(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
}

pub fn page(cx: &Cx, page: &Page, commune: Option<&CommuneView>) -> Value {
    json!({
        "title": page.meta.title,
        "summary": page.meta.summary,
        "date": page.meta.date.map(|d| p::date(d, &cx.i)),
        "iso": page.meta.date.map(|d| d.to_string()),
        "html": markdown::to_html(page.markdown),
        "commune": commune.map(|c| commune_head(cx, c)),
    })
}
