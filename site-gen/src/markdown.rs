//! Markdown for pages, news and introductions: CommonMark through pulldown-cmark, raw HTML
//! sanitized by ammonia. What a strict Content-Security-Policy would block (scripts, styles,
//! frames, event handlers) is an error, not silently dropped, so the author learns of it.

use pulldown_cmark::{html, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::ops::Range;

pub struct Problem {
    pub span: Range<usize>,
    pub what: String,
}

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES
}

const FORBIDDEN_TAGS: [&str; 10] = [
    "script", "style", "iframe", "object", "embed", "form", "link", "meta", "base", "frame",
];

/// Raw HTML or links in `text` that would run code or need inline styles.
pub fn unsafe_html(text: &str) -> Vec<Problem> {
    let mut out = Vec::new();
    for (event, span) in Parser::new_ext(text, options()).into_offset_iter() {
        match event {
            Event::Html(html) | Event::InlineHtml(html) => {
                if let Some(what) = html_problem(&html) {
                    out.push(Problem { span, what });
                }
            }
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => {
                let url = dest_url.trim().to_ascii_lowercase();
                if ["javascript:", "vbscript:", "data:"]
                    .iter()
                    .any(|s| url.starts_with(s))
                {
                    out.push(Problem {
                        span,
                        what: format!("a link to `{}`", dest_url.trim()),
                    });
                }
            }
            _ => {}
        }
    }
    out
}

fn html_problem(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    for tag in FORBIDDEN_TAGS {
        let open = format!("<{tag}");
        if let Some(i) = lower.find(&open) {
            let next = lower[i + open.len()..].chars().next();
            if next.is_none_or(|c| c.is_whitespace() || c == '>' || c == '/') {
                return Some(format!("a <{tag}> element"));
            }
        }
    }
    if lower.contains("javascript:") {
        return Some("a javascript: address".into());
    }
    let bytes = lower.as_bytes();
    for (i, _) in lower.match_indices("on") {
        let after_space = i > 0 && (bytes[i - 1] as char).is_whitespace();
        let name_end = lower[i..]
            .find(|c: char| !c.is_ascii_alphabetic())
            .map(|n| i + n);
        if let Some(end) = name_end {
            let rest = lower[end..].trim_start();
            if after_space && end - i > 2 && rest.starts_with('=') {
                return Some(format!("an event handler `{}`", &lower[i..end]));
            }
        }
    }
    if lower.contains(" style=") || lower.contains("\tstyle=") || lower.contains("\nstyle=") {
        return Some("an inline style attribute".into());
    }
    None
}

/// Renders Markdown to sanitized HTML. Headings move down one level, because the page
/// template already gives the page its one `<h1>`.
pub fn to_html(text: &str) -> String {
    let demote = |level: HeadingLevel| match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    };
    let events = Parser::new_ext(text, options()).map(|e| match e {
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: demote(level),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(demote(level))),
        other => other,
    });
    let mut raw = String::with_capacity(text.len() * 3 / 2);
    html::push_html(&mut raw, events);
    ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer"))
        .clean(&raw)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_scripts_handlers_and_javascript_links() {
        let text = "Hello\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1))\n";
        let found: Vec<String> = unsafe_html(text).into_iter().map(|p| p.what).collect();
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(found[0].contains("script"));
        assert!(found[1].contains("onerror"));
    }

    #[test]
    fn allows_plain_html_and_words_with_on() {
        assert!(unsafe_html("<abbr title=\"Ủy ban nhân dân\">UBND</abbr> bonjour = 1").is_empty());
        assert!(unsafe_html("<span class=\"x\">congestion</span>").is_empty());
    }

    #[test]
    fn renders_sanitized_with_demoted_headings() {
        let html = to_html("# Tiêu đề\n\nVăn bản <b onclick=\"x()\">đậm</b>\n");
        assert!(html.contains("<h2>Tiêu đề</h2>"), "{html}");
        assert!(!html.contains("onclick"), "{html}");
    }
}
