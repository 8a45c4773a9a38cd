//! schema.org `GovernmentService` for each procedure page, as JSON-LD.

use super::present as p;
use super::Cx;
use crate::resolve::{CommuneView, Resolved};
use catalog::ChannelKind;
use serde_json::{json, Value};

pub fn government_service(cx: &Cx, c: &CommuneView, r: &Resolved) -> String {
    let proc_ = r.procedure;
    let commune = c.commune;
    let provider = json!({
        "@type": "GovernmentOrganization",
        "name": format!("UBND {} {}", cx.commune_kind(c), commune.name),
        "address": commune.address,
        "telephone": commune.phones.first().map(|ph| ph.number.clone()),
        "email": commune.email,
    });
    let hours: Vec<Value> = commune
        .desk
        .hours
        .iter()
        .map(|h| {
            json!({
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": h.days.iter().map(|d| format!("https://schema.org/{}", d.schema_org())).collect::<Vec<_>>(),
                "opens": h.open.to_string(),
                "closes": h.close.to_string(),
            })
        })
        .collect();
    let channels: Vec<Value> = r
        .channels
        .iter()
        .map(|ch| {
            let mut v = json!({
                "@type": "ServiceChannel",
                "name": p::channel_label(ch.channel, &cx.i),
                "processingTime": p::iso_duration(ch.time),
            });
            match ch.channel.kind {
                ChannelKind::Online => v["serviceUrl"] = json!(cx.site.config.portal_url),
                ChannelKind::Desk => {
                    v["serviceLocation"] = json!({
                        "@type": "Place",
                        "address": commune.desk.address,
                        "openingHoursSpecification": hours,
                    })
                }
                ChannelKind::Post => {}
            }
            v
        })
        .collect();
    let doc = json!({
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "identifier": proc_.code,
        "name": proc_.name,
        "serviceType": proc_.field,
        "provider": provider,
        "areaServed": { "@type": "AdministrativeArea", "name": format!("{} {}, {}", cx.commune_kind(c), commune.name, commune.province) },
        "audience": proc_.subjects.iter().map(|s| json!({ "@type": "Audience", "audienceType": s })).collect::<Vec<_>>(),
        "serviceOutput": proc_.results.iter().map(|s| json!({ "@type": "Thing", "name": s })).collect::<Vec<_>>(),
        "availableChannel": channels,
    });
    // Inside <script type="application/ld+json"> only `</` could end the element early.
    doc.to_string().replace("</", "<\\/")
}
