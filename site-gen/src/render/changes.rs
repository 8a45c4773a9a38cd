//! "Thay đổi gần đây": the catalogue's change log (`changes/`, written by `site-gen import`) as
//! a page for the whole site and for each commune, and as Atom feeds, so that citizens and
//! journalists can follow what changed.

use super::present;
use super::views::{self, CommuneHead};
use super::{escape_html, RenderContext};
use crate::resolve::{CommuneView, Site};
use crate::routes::Route;
use catalog::{Change, ChangeKind, Date};
use serde::Serialize;

/// At most this many changes on a page or in a feed: the newest.
const SHOWN: usize = 200;

/// The changes a commune's citizens see: those of the procedures its desk receives.
fn of<'s>(
    site: &'s Site,
    c: Option<&'s CommuneView>,
) -> impl Iterator<Item = &'s (Date, &'s Change)> {
    let codes = c.map(|c| &c.commune.procedures);
    site.changes
        .iter()
        .filter(move |(_, ch)| codes.is_none_or(|codes| codes.contains(&ch.code)))
        .take(SHOWN)
}

fn kind_key(k: ChangeKind) -> &'static str {
    match k {
        ChangeKind::New => "change_new",
        ChangeKind::Amended => "change_amended",
        ChangeKind::Repealed => "change_repealed",
    }
}

/// What changed in words: "Sửa đổi: phí, lệ phí; thời hạn".
fn summary(cx: &RenderContext, ch: &Change) -> String {
    let kind = cx.i.text(kind_key(ch.kind)).to_string();
    let mut out = if ch.fields.is_empty() {
        kind
    } else {
        let parts: Vec<String> = ch
            .fields
            .iter()
            .map(|f| cx.i.text(&format!("change_part_{f}")).to_string())
            .collect();
        format!("{kind}: {}", parts.join("; "))
    };
    if let Some(d) = &ch.decided_by {
        out.push_str(&format!(" ({} {d})", cx.i.text("change_decided_by")));
    }
    out
}

/// The anchor of one change, also the last part of its feed id: stable across builds.
fn anchor(date: Date, ch: &Change) -> String {
    format!("{date}-{}", ch.code)
}

/// The procedure's page in the commune, while it has one.
fn procedure_page<'a>(c: Option<&'a CommuneView>, code: &'a str) -> Option<Route<'a>> {
    let c = c?;
    c.procedures
        .iter()
        .any(|r| r.procedure.code == code)
        .then_some(Route::Procedure(c.slug, code))
}

/// "Thay đổi gần đây — Xã …"; for the whole site, the site's name when the title stands
/// alone (a feed reader shows no site around it).
fn title(cx: &RenderContext, c: Option<&CommuneView>, standalone: bool) -> String {
    let heading = cx.i.text("changes_heading");
    match c {
        Some(c) => format!("{heading} — {} {}", cx.commune_kind(c), c.commune.name),
        None if standalone => format!("{heading} — {}", cx.site.config.name),
        None => heading.to_string(),
    }
}

/// "Thay đổi gần đây" of a commune or of the site.
#[derive(Serialize)]
pub struct ChangesPage<'a> {
    title: String,
    commune: Option<CommuneHead<'a>>,
    entries: Vec<Entry<'a>>,
    feed_url: String,
}

/// One change of one procedure.
#[derive(Serialize)]
struct Entry<'a> {
    /// Its anchor on the page, and its id in the feed.
    id: String,
    date: String,
    iso: String,
    code: &'a str,
    name: &'a str,
    kind: &'a str,
    summary: String,
    /// The procedure's page at the commune, while the commune receives it.
    url: Option<String>,
}

pub fn page<'a>(cx: &'a RenderContext, c: Option<&'a CommuneView>) -> ChangesPage<'a> {
    ChangesPage {
        title: title(cx, c, false),
        commune: c.map(|c| views::commune_head(cx, c)),
        entries: of(cx.site, c)
            .map(|(date, ch)| Entry {
                id: anchor(*date, ch),
                date: present::date(*date, &cx.i),
                iso: date.to_string(),
                code: ch.code.as_str(),
                name: &ch.name,
                kind: cx.i.text(kind_key(ch.kind)),
                summary: summary(cx, ch),
                url: procedure_page(c, ch.code.as_str()).map(|u| cx.url(u)),
            })
            .collect(),
        feed_url: cx.url(Route::Feed(c.map(|c| c.slug))),
    }
}

/// The Atom feed (RFC 4287). Ids are the change's address on the site's page of changes:
/// stable for as long as the change is in the log, whatever else is rebuilt.
pub fn feed(cx: &RenderContext, c: Option<&CommuneView>) -> String {
    let slug = c.map(|c| c.slug);
    let page = cx.absolute(Route::Changes(slug));
    let site_page = cx.absolute(Route::Changes(None));
    let stamp = |d: Date| format!("{d}T00:00:00+07:00");
    let entries: Vec<&(Date, &Change)> = of(cx.site, c).collect();
    let updated = entries.first().map_or(cx.site.as_of, |(d, _)| *d);
    let title = title(cx, c, true);
    let author = cx
        .site
        .config
        .publisher
        .clone()
        .unwrap_or_else(|| cx.site.config.name.clone());
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"vi\">\n");
    s.push_str(&format!(
        "<id>{}</id>\n<title>{}</title>\n<updated>{}</updated>\n<author><name>{}</name></author>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<link rel=\"self\" href=\"{}\"/>\n",
        escape_html(&page),
        escape_html(&title),
        stamp(updated),
        escape_html(&author),
        escape_html(&page),
        escape_html(&cx.absolute(Route::Feed(slug)))
    ));
    for (date, ch) in entries {
        let link = procedure_page(c, ch.code.as_str())
            .map(|u| cx.absolute(u))
            .unwrap_or_else(|| format!("{page}#{}", anchor(*date, ch)));
        s.push_str(&format!(
            "<entry>\n<id>{}#{}</id>\n<title>{} {}</title>\n<updated>{}</updated>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<summary>{}</summary>\n</entry>\n",
            escape_html(&site_page),
            escape_html(&anchor(*date, ch)),
            escape_html(ch.code.as_str()),
            escape_html(&ch.name),
            stamp(*date),
            escape_html(&link),
            escape_html(&summary(cx, ch))
        ));
    }
    s.push_str("</feed>\n");
    s
}
