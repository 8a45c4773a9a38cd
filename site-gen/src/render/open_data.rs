//! Open data: the catalogue as JSON (motcua's own format, versioned; its procedure records have
//! the shape of the content files, described by `schemas/procedure.schema.json`) and as
//! JSON-LD in the EU's CPSV-AP 3 vocabulary, per commune (what applies at that desk on the
//! as-of date) and for the site (the catalogue as defined, and which desk receives what).
//!
//! Facts the vocabulary has no term for (original and copy counts, submit or show, working or
//! calendar days, the 15:00 cutoff, an amount the province sets) use motcua's own terms under
//! the `motcua:` prefix. An amount that is not known is never written as 0.

use super::RenderContext;
use crate::resolve::{CommuneView, Resolved, ResolvedChannel};
use crate::routes::{DataFormat, Route};
use catalog::{DossierKind, Fee, FeeAmount, Procedure, ProcessingTime, Status, TimeKind};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// Version of the JSON format; bumped when a field changes meaning or goes away.
pub const VERSION: u32 = 1;

fn header(cx: &RenderContext, scope: &str) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("format".into(), json!("motcua-catalogue"));
    m.insert("version".into(), json!(VERSION));
    m.insert("scope".into(), json!(scope));
    m.insert("as_of".into(), json!(cx.site.as_of.to_string()));
    m.insert(
        "site".into(),
        json!({ "name": cx.site.config.name, "url": cx.absolute(Route::Home) }),
    );
    m
}

fn to_value<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

fn status(s: Status) -> Value {
    match s {
        Status::InForce => json!({ "status": "in-force" }),
        Status::Upcoming(d) => json!({ "status": "upcoming", "from": d.to_string() }),
        Status::Repealed(d) => json!({ "status": "repealed", "from": d.to_string() }),
    }
}

fn procedure_url(cx: &RenderContext, c: &CommuneView, code: &str) -> String {
    cx.absolute(Route::Procedure(c.slug, code))
}

fn data_urls(cx: &RenderContext, slug: Option<&str>) -> Value {
    json!({
        "json": cx.absolute(Route::Data(slug, DataFormat::Json)),
        "jsonld": cx.absolute(Route::Data(slug, DataFormat::JsonLd)),
    })
}

/// One channel as it applies at the desk: the content file's shape, with the fee decision
/// that set the fees and those decided but not yet in force.
fn channel_json(ch: &ResolvedChannel) -> Value {
    let mut v = to_value(ch.channel);
    v["time"] = to_value(ch.time);
    v["fee"] = to_value(&ch.fees);
    if let Some(d) = ch.fee_document {
        v["fee_decision"] = json!(d.code);
    }
    if !ch.upcoming.is_empty() {
        v["upcoming_fees"] = ch
            .upcoming
            .iter()
            .map(|(d, fees)| json!({ "decision": d.code, "from": d.effective_from.to_string(), "fee": to_value(fees) }))
            .collect();
    }
    v
}

/// `<commune>/du-lieu/thu-tuc.json`.
pub fn commune_json(cx: &RenderContext, c: &CommuneView) -> Vec<u8> {
    let procedures: Vec<Value> = c
        .procedures
        .iter()
        .map(|r| {
            let mut v = to_value(r.procedure);
            v["url"] = json!(procedure_url(cx, c, r.procedure.code.as_str()));
            v["lifecycle_on_as_of"] = status(r.status);
            v["channel"] = r.channels.iter().map(channel_json).collect();
            if !r.local_notes.is_empty() {
                v["local_notes"] = json!(r.local_notes);
            }
            v
        })
        .collect();
    let mut doc = header(cx, "commune");
    let commune = c.commune;
    doc.insert(
        "commune".into(),
        json!({
            "slug": c.slug,
            "name": commune.name,
            "kind": to_value(&commune.kind),
            "province": commune.province,
            "address": commune.address,
            "phone": to_value(&commune.phones),
            "email": commune.email,
            "website": commune.website,
            "desk": to_value(&commune.desk),
            "url": cx.absolute(Route::Commune(c.slug)),
            "data": data_urls(cx, Some(c.slug)),
        }),
    );
    doc.insert("procedures".into(), Value::Array(procedures));
    compact(&Value::Object(doc))
}

/// Every procedure some desk of the site receives, once, by code.
fn catalogue<'s>(cx: &RenderContext<'_, 's>) -> BTreeMap<&'s str, &'s Procedure> {
    cx.site
        .communes
        .iter()
        .flat_map(|c| c.procedures.iter())
        .map(|r| (r.procedure.code.as_str(), r.procedure))
        .collect()
}

/// `du-lieu/thu-tuc.json`: the catalogue as defined (before fee decisions and local
/// changes), and each commune with the codes it receives and its own files.
pub fn site_json(cx: &RenderContext) -> Vec<u8> {
    let mut doc = header(cx, "site");
    let communes: Vec<Value> = cx
        .site
        .communes
        .iter()
        .map(|c| {
            json!({
                "slug": c.slug,
                "name": c.commune.name,
                "kind": to_value(&c.commune.kind),
                "province": c.commune.province,
                "url": cx.absolute(Route::Commune(c.slug)),
                "procedures": c.procedures.iter().map(|r| r.procedure.code.as_str()).collect::<Vec<_>>(),
                "data": data_urls(cx, Some(c.slug)),
            })
        })
        .collect();
    doc.insert("communes".into(), Value::Array(communes));
    doc.insert(
        "procedures".into(),
        catalogue(cx).values().map(|p| to_value(*p)).collect(),
    );
    compact(&Value::Object(doc))
}

/// Compact, one line: a national site has thousands of these files.
fn compact(v: &Value) -> Vec<u8> {
    let mut out = serde_json::to_vec(v).unwrap_or_default();
    out.push(b'\n');
    out
}

// CPSV-AP 3 ---------------------------------------------------------------------------------

fn context(cx: &RenderContext) -> Value {
    json!({
        "cpsv": "http://purl.org/vocab/cpsv#",
        "cv": "http://data.europa.eu/m8g/",
        "dct": "http://purl.org/dc/terms/",
        "eli": "http://data.europa.eu/eli/ontology#",
        "skos": "http://www.w3.org/2004/02/skos/core#",
        "xsd": "http://www.w3.org/2001/XMLSchema#",
        "motcua": cx.absolute_at(Route::Vocabulary, ""),
        "cv:processingTime": { "@type": "xsd:duration" },
        "cv:value": { "@type": "xsd:decimal" },
    })
}

fn merge(into: &mut Value, extra: Value) {
    if let (Some(o), Value::Object(e)) = (into.as_object_mut(), extra) {
        o.extend(e);
    }
}

fn vi(text: &str) -> Value {
    json!({ "@value": text, "@language": "vi" })
}

/// A processing time: `cv:processingTime` as an xsd:duration in days, and what the days are.
fn time_ld(t: &ProcessingTime) -> Value {
    let mut v = json!({ "cv:processingTime": super::present::iso_duration(t) });
    let kind = match t.kind {
        TimeKind::SameDay => "same-day",
        TimeKind::WorkingDays => "working-days",
        TimeKind::CalendarDays => "calendar-days",
        TimeKind::Hours => "hours",
        TimeKind::Months => "months",
        TimeKind::Years => "years",
        TimeKind::Text => "text",
    };
    v["motcua:dayKind"] = json!(kind);
    // A time the source gives only in words: its words, never a number.
    if let (TimeKind::Text, Some(note)) = (t.kind, &t.note) {
        v["motcua:processingTimeText"] = vi(note);
    }
    if let Some(c) = t.cutoff {
        v["motcua:cutoff"] = json!(c.to_string());
    }
    if let Some(e) = &t.extension {
        v["motcua:extensionWorkingDays"] = json!(e.working_days);
        v["motcua:extensionWhen"] = vi(&e.when);
    }
    v
}

/// One `cv:Cost`; `channel` is the `@id` of the channel it applies to.
fn cost_ld(id: String, fee: &Fee, channel: Option<&str>) -> Value {
    let mut v = json!({
        "@id": id,
        "@type": "cv:Cost",
        "cv:currency": fee.currency.code(),
        "motcua:feeKind": to_value(&fee.kind()),
    });
    match &fee.amount {
        FeeAmount::Free => v["cv:value"] = json!(0),
        FeeAmount::Flat { amount } => v["cv:value"] = json!(amount.get()),
        FeeAmount::PerUnit(p) => {
            v["motcua:pricePerUnit"] = json!(p.price());
            v["motcua:unit"] = json!(p.unit());
            if !p.tiers().is_empty() {
                v["motcua:tiers"] = p
                    .tiers()
                    .iter()
                    .map(|t| json!({ "motcua:fromUnit": t.from, "motcua:pricePerUnit": t.price }))
                    .collect();
            }
            if let Some(cap) = p.cap() {
                v["motcua:cap"] = json!(cap.amount);
                v["motcua:capPer"] = to_value(&cap.per);
            }
        }
        // Not known here: no value at all, never 0.
        FeeAmount::SetByProvince => v["motcua:setByProvince"] = json!(true),
        // The source gives no amount: none is written, and the state says so.
        FeeAmount::NotStated => v["motcua:notStated"] = json!(true),
    }
    if let Some(w) = &fee.when {
        v["dct:description"] = vi(w);
    }
    if !fee.exemptions.is_empty() {
        v["motcua:exemptions"] = fee.exemptions.iter().map(|e| vi(e)).collect();
    }
    if let Some(b) = &fee.basis {
        v["motcua:basis"] = json!(b);
    }
    if let Some(ch) = channel {
        v["cv:ifAccessedThrough"] = json!({ "@id": ch });
    }
    v
}

/// One `cpsv:PublicService`: `id` is its address; `channels` are (kind, place, time, fees).
fn service_ld(
    id: &str,
    p: &Procedure,
    channels: &[(&catalog::Channel, &ProcessingTime, &[Fee])],
) -> Value {
    let mut costs = Vec::new();
    let channel_nodes: Vec<Value> = channels
        .iter()
        .enumerate()
        .map(|(n, (ch, time, fees))| {
            let ch_id = format!("{id}#kenh-{}", n + 1);
            for (k, fee) in fees.iter().enumerate() {
                costs.push(cost_ld(format!("{ch_id}-phi-{}", k + 1), fee, Some(&ch_id)));
            }
            let mut v = json!({
                "@id": ch_id,
                "@type": "cv:Channel",
                "dct:type": to_value(&ch.kind),
            });
            if let Some(level) = ch.online_level {
                v["motcua:onlineLevel"] = to_value(&level);
            }
            if let Some(place) = &ch.place {
                v["dct:description"] = vi(place);
            }
            merge(&mut v, time_ld(time));
            v
        })
        .collect();
    let evidence: Vec<Value> = p
        .dossier
        .iter()
        .flat_map(|g| {
            // A group the source does not call submit or show says neither.
            let role = match g.kind {
                DossierKind::Submit => "submit",
                DossierKind::Show => "show",
                DossierKind::Other => "not-stated",
                DossierKind::Notes => return None,
            };
            Some(g.items.iter().filter_map(move |item| {
                let doc = item.document.as_deref()?;
                let mut e = json!({
                    "@type": "cv:Evidence",
                    "dct:title": vi(doc),
                    "motcua:role": role,
                    "motcua:originals": item.originals,
                    "motcua:copies": item.copies,
                });
                if let Some(code) = &item.code {
                    e["dct:identifier"] = json!(code);
                }
                Some(e)
            }))
        })
        .flatten()
        .collect();
    let mut v = json!({
        "@id": id,
        "@type": "cpsv:PublicService",
        "dct:identifier": p.code,
        "dct:title": vi(&p.name),
        "cv:sector": vi(&p.field),
        "cv:hasChannel": channel_nodes,
        "cv:hasCost": costs,
        "cpsv:hasInput": evidence,
        "cpsv:produces": p.results.iter().map(|r| json!({ "@type": "cv:Output", "dct:title": vi(r) })).collect::<Vec<_>>(),
        "cv:hasLegalResource": p.legal_basis.iter().map(|l| json!({ "@type": "eli:LegalResource", "dct:identifier": l.code, "dct:title": vi(&l.title) })).collect::<Vec<_>>(),
        "cv:hasCompetentAuthority": p.agencies.iter().map(|a| json!({ "@type": "cv:PublicOrganisation", "skos:prefLabel": vi(a) })).collect::<Vec<_>>(),
    });
    if let Some(cond) = &p.conditions {
        v["cv:holdsRequirement"] =
            json!([{ "@type": "cv:Requirement", "dct:description": vi(cond) }]);
    }
    // The service's own processing time only when every channel agrees on it.
    if let Some((_, first, _)) = channels.first() {
        if channels.iter().all(|(_, t, _)| t == first) {
            merge(&mut v, time_ld(first));
        }
    }
    v
}

fn resolved_ld(cx: &RenderContext, c: &CommuneView, r: &Resolved) -> Value {
    let channels: Vec<_> = r
        .channels
        .iter()
        .map(|ch| (ch.channel, ch.time, ch.fees))
        .collect();
    service_ld(
        &procedure_url(cx, c, r.procedure.code.as_str()),
        r.procedure,
        &channels,
    )
}

fn jsonld(cx: &RenderContext, graph: Vec<Value>) -> Vec<u8> {
    compact(&json!({ "@context": context(cx), "@graph": graph }))
}

/// `<commune>/du-lieu/thu-tuc.jsonld`.
pub fn commune_jsonld(cx: &RenderContext, c: &CommuneView) -> Vec<u8> {
    jsonld(
        cx,
        c.procedures.iter().map(|r| resolved_ld(cx, c, r)).collect(),
    )
}

/// `du-lieu/thu-tuc.jsonld`: the catalogue's services as defined, named by a fragment of this
/// file (`…/du-lieu/thu-tuc.jsonld#<code>`); each commune's file has what applies at its desk.
pub fn site_jsonld(cx: &RenderContext) -> Vec<u8> {
    let file = cx.absolute(Route::Data(None, DataFormat::JsonLd));
    let graph = catalogue(cx)
        .values()
        .map(|p| {
            let channels: Vec<_> = p
                .channels
                .iter()
                .map(|ch| (ch, &ch.time, ch.fees.as_slice()))
                .collect();
            service_ld(&format!("{file}#{}", p.code), p, &channels)
        })
        .collect();
    jsonld(cx, graph)
}
