//! schema.org `GovernmentService` for each procedure page, as JSON-LD.

use super::present;
use super::RenderContext;
use crate::resolve::{CommuneView, Resolved};
use crate::routes;
use catalog::ChannelKind;
use serde_json::{json, Value};

pub fn government_service(cx: &RenderContext, c: &CommuneView, r: &Resolved) -> String {
    let procedure = r.procedure;
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
                "name": present::channel_label(ch.channel, &cx.i),
                "processingTime": present::iso_duration(ch.time),
            });
            match ch.channel.kind {
                ChannelKind::Online => {
                    v["serviceUrl"] = json!(routes::portal_procedure(
                        &cx.site.config.portal_url,
                        procedure.portal_id.as_deref()
                    ))
                }
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
        "identifier": procedure.code,
        "name": procedure.name,
        "serviceType": procedure.field,
        "provider": provider,
        "areaServed": { "@type": "AdministrativeArea", "name": format!("{} {}, {}", cx.commune_kind(c), commune.name, commune.province) },
        "audience": procedure.subjects.iter().map(|s| json!({ "@type": "Audience", "audienceType": s })).collect::<Vec<_>>(),
        "serviceOutput": procedure.results.iter().map(|s| json!({ "@type": "Thing", "name": s })).collect::<Vec<_>>(),
        "availableChannel": channels,
    });
    script_safe(&doc.to_string())
}

/// JSON to put inside `<script type="application/ld+json">`. There, `</script` ends the
/// element and `<!--` followed by `<script` makes the parser swallow the rest of the page;
/// `<`, `>` and `&` can only stand inside JSON strings, so writing them as `\u003c`, `\u003e`
/// and `\u0026` keeps the same JSON and leaves nothing for the HTML parser to see.
fn script_safe(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::script_safe;

    #[test]
    fn nothing_in_a_name_can_end_or_hide_the_script_element() {
        let name = "Thủ tục <!--<script> & </script><b>";
        let json = serde_json::json!({ "name": name }).to_string();
        let safe = script_safe(&json);
        assert!(!safe.contains(['<', '>', '&']), "{safe}");
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back["name"], name);
    }
}
