//! What a re-import changes, field by field, in words an officer can check against the
//! portal: a fee, a document added or removed, the legal basis.

use catalog::{Channel, DossierGroup, Fee, Procedure};
use std::collections::BTreeSet;

pub fn diff(old: &Procedure, new: &Procedure) -> Vec<String> {
    let mut out = Vec::new();
    let mut scalar = |name: &str, a: String, b: String| {
        if a != b {
            out.push(format!("~ {name}: {a:?} -> {b:?}"));
        }
    };
    scalar("name", old.name.clone(), new.name.clone());
    scalar("field", old.field.clone(), new.field.clone());
    scalar(
        "field_code",
        old.field_code.clone().unwrap_or_default(),
        new.field_code.clone().unwrap_or_default(),
    );
    scalar(
        "level",
        format!("{:?}", old.level),
        format!("{:?}", new.level),
    );
    scalar(
        "portal_id",
        old.portal_id.clone().unwrap_or_default(),
        new.portal_id.clone().unwrap_or_default(),
    );
    scalar(
        "conditions",
        old.conditions.clone().unwrap_or_default(),
        new.conditions.clone().unwrap_or_default(),
    );
    scalar(
        "decided_by",
        old.lifecycle.decided_by.clone().unwrap_or_default(),
        new.lifecycle.decided_by.clone().unwrap_or_default(),
    );
    list(&mut out, "agency", &old.agencies, &new.agencies);
    list(&mut out, "subject", &old.subjects, &new.subjects);
    list(&mut out, "result", &old.results, &new.results);
    list(&mut out, "step", &old.steps, &new.steps);
    // Code and title: a document renamed on the portal is a change too.
    let codes = |p: &Procedure| {
        p.legal_basis
            .iter()
            .map(|l| match l.title.is_empty() {
                true => l.code.clone(),
                false => format!("{} ({})", l.code, l.title),
            })
            .collect::<Vec<_>>()
    };
    list(&mut out, "legal basis", &codes(old), &codes(new));
    channels(&mut out, &old.channels, &new.channels);
    dossier(&mut out, &old.dossier, &new.dossier);
    let cases = |p: &Procedure| p.cases.iter().map(|c| c.code.clone()).collect::<Vec<_>>();
    list(&mut out, "sub-case", &cases(old), &cases(new));
    out
}

fn fee_summary(fees: &[Fee]) -> String {
    fees.iter()
        .map(Fee::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

fn list(out: &mut Vec<String>, what: &str, old: &[String], new: &[String]) {
    let (a, b): (BTreeSet<&String>, BTreeSet<&String>) =
        (old.iter().collect(), new.iter().collect());
    for gone in a.difference(&b) {
        out.push(format!("- {what}: {gone}"));
    }
    for added in b.difference(&a) {
        out.push(format!("+ {what}: {added}"));
    }
}

/// Channels keyed by kind and occurrence (the second `desk` channel is `desk#2`), so that the
/// portal listing channels in another order is not reported as a change.
fn keyed(channels: &[Channel]) -> Vec<(String, &Channel)> {
    let mut seen = std::collections::BTreeMap::new();
    channels
        .iter()
        .map(|c| {
            let n = seen.entry(c.kind).or_insert(0);
            *n += 1;
            let key = if *n == 1 {
                c.kind.key().to_string()
            } else {
                format!("{}#{n}", c.kind.key())
            };
            (key, c)
        })
        .collect()
}

fn channels(out: &mut Vec<String>, old: &[Channel], new: &[Channel]) {
    let (old, new) = (keyed(old), keyed(new));
    for (key, a) in &old {
        let Some((_, b)) = new.iter().find(|(k, _)| k == key) else {
            out.push(format!("- channel {key}"));
            continue;
        };
        if a.time != b.time {
            let show = |t: &catalog::ProcessingTime| match &t.note {
                Some(n) => format!("{t} ({n})"),
                None => t.to_string(),
            };
            out.push(format!(
                "~ channel {key} time: {} -> {}",
                show(&a.time),
                show(&b.time)
            ));
        }
        let (fa, fb) = (fee_summary(&a.fees), fee_summary(&b.fees));
        if fa != fb {
            out.push(format!("~ channel {key} fee: {fa} -> {fb}"));
        }
        if a.note != b.note || a.online_level != b.online_level || a.place != b.place {
            out.push(format!(
                "~ channel {key}: note, place or online level changed"
            ));
        }
    }
    for (key, c) in &new {
        if !old.iter().any(|(k, _)| k == key) {
            out.push(format!(
                "+ channel {key} (time: {}; fee: {})",
                c.time,
                fee_summary(&c.fees)
            ));
        }
    }
}

fn dossier(out: &mut Vec<String>, old: &[DossierGroup], new: &[DossierGroup]) {
    let entries = |groups: &[DossierGroup], notes: bool| -> Vec<String> {
        groups
            .iter()
            .flat_map(|g| {
                g.items.iter().filter_map(move |i| {
                    let kind = format!("{:?}", g.kind).to_lowercase();
                    if notes {
                        i.note.as_ref().map(|n| format!("[{kind}] {n}"))
                    } else {
                        i.document.as_ref().map(|d| {
                            format!(
                                "[{kind}] {d} ({} original, {} copies)",
                                i.originals, i.copies
                            )
                        })
                    }
                })
            })
            .collect()
    };
    list(out, "document", &entries(old, false), &entries(new, false));
    list(
        out,
        "dossier note",
        &entries(old, true),
        &entries(new, true),
    );
}
