//! Markdown for pages, news and introductions: CommonMark through pulldown-cmark, raw HTML
//! sanitized by ammonia. What a strict Content-Security-Policy would block (scripts, styles,
//! frames, event handlers) is an error, not silently dropped, so the author learns of it.

use crate::links;
use pulldown_cmark::{html, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::cell::RefCell;
use std::ops::Range;

pub struct Problem {
    pub span: Range<usize>,
    pub what: String,
    /// Nesting too deep, rather than something unsafe.
    pub too_deep: bool,
}

impl Problem {
    pub fn message(&self) -> String {
        if self.too_deep {
            format!("Markdown too deeply nested: {}", self.what)
        } else {
            format!("unsafe HTML in Markdown: {}", self.what)
        }
    }

    pub fn help(&self) -> &'static str {
        if self.too_deep {
            "use headings or fewer levels of lists and quotes"
        } else {
            "pages must work under a strict Content-Security-Policy: remove scripts, styles, frames and event handlers; link only to https:, http:, mailto:, tel: or this site's pages; write the content in Markdown"
        }
    }
}

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES
}

/// Elements that run code, load other pages or style the page: blocked by the strict
/// Content-Security-Policy or removed by the sanitizer, so an error rather than a surprise.
const FORBIDDEN_TAGS: [&str; 12] = [
    "script", "style", "iframe", "object", "embed", "form", "link", "meta", "base", "frame", "svg",
    "math",
];

/// Attributes whose value is an address (`srcset` holds several).
const URL_ATTRIBUTES: [&str; 12] = [
    "href",
    "src",
    "srcset",
    "action",
    "formaction",
    "background",
    "cite",
    "data",
    "poster",
    "longdesc",
    "ping",
    "xlink:href",
];

/// How deeply block quotes and lists may be nested on one line. Real pages use two or three
/// levels; every level costs the Markdown parser and the sanitizer time on every build, and
/// tens of thousands of them took over 30 s.
pub const MAX_NESTING: usize = 20;

/// Raw HTML or links in `text` that would run code or need inline styles, and nesting too
/// deep to read.
pub fn unsafe_html(text: &str) -> Vec<Problem> {
    // Checked before the parser runs, which is what would take the time.
    if let Some(p) = too_deep(text) {
        return vec![p];
    }
    let mut out = Vec::new();
    // A block of HTML comes one line per event; a tag may span lines, so the block is read
    // whole: (its start, its text so far).
    let mut block: Option<(usize, String)> = None;
    let check_html = |start: usize, html: &str, out: &mut Vec<Problem>| {
        for (line, what) in html_problems(html) {
            // Point at the line of the tag inside a block of HTML.
            let at = html
                .match_indices('\n')
                .nth(line.saturating_sub(2))
                .filter(|_| line > 1)
                .map_or(start, |(i, _)| start + i + 1);
            out.push(Problem {
                span: at..start + html.len(),
                what,
                too_deep: false,
            });
        }
    };
    for (event, span) in Parser::new_ext(text, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::HtmlBlock) => block = Some((span.start, String::new())),
            Event::End(TagEnd::HtmlBlock) => {
                if let Some((start, html)) = block.take() {
                    check_html(start, &html, &mut out);
                }
            }
            Event::Html(html) if block.is_some() => {
                if let Some((_, b)) = &mut block {
                    b.push_str(&html);
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => check_html(span.start, &html, &mut out),
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => {
                if let Err(e) = links::check(&dest_url) {
                    out.push(Problem {
                        span,
                        what: format!("a link to `{dest_url}`: {e}"),
                        too_deep: false,
                    });
                }
            }
            _ => {}
        }
    }
    out
}

/// The first line whose block quotes and list items (`> > - 1. `) nest deeper than
/// [`MAX_NESTING`]. A line of only `-`, `*` or `_` is a horizontal rule, not lists.
fn too_deep(text: &str) -> Option<Problem> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let body = line.trim_end();
        let rule = body
            .trim_start()
            .chars()
            .next()
            .filter(|c| matches!(c, '-' | '*' | '_'));
        if let Some(r) = rule {
            if body.chars().all(|c| c == r || c == ' ' || c == '\t') {
                continue;
            }
        }
        let mut depth = 0;
        let mut rest = body.as_bytes();
        loop {
            while let [b' ' | b'\t', tail @ ..] = rest {
                rest = tail;
            }
            let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
            rest = match rest {
                [b'>', tail @ ..] => tail,
                [b'-' | b'*' | b'+', b' ' | b'\t', tail @ ..] => tail,
                [b'-' | b'*' | b'+'] => &[],
                _ if (1..=9).contains(&digits)
                    && matches!(rest.get(digits), Some(b'.' | b')'))
                    && matches!(rest.get(digits + 1), None | Some(b' ' | b'\t')) =>
                {
                    &rest[digits + 1..]
                }
                _ => break,
            };
            depth += 1;
            if depth > MAX_NESTING {
                return Some(Problem {
                    span: start..start + line.len(),
                    what: format!(
                        "block quotes and lists nested more than {MAX_NESTING} levels deep"
                    ),
                    too_deep: true,
                });
            }
            if rest.is_empty() {
                break;
            }
        }
    }
    None
}

/// Reads raw HTML as a browser does (html5ever's tokenizer: entities decoded, attributes
/// split where a browser splits them) and names what a strict CSP would block or the
/// sanitizer remove. Each problem with its line, 1-based, in `html`.
fn html_problems(html: &str) -> Vec<(usize, String)> {
    use html5ever::tendril::StrTendril;
    use html5ever::tokenizer::{BufferQueue, Tokenizer, TokenizerOpts};
    let sink = HtmlCheck(RefCell::new(Vec::new()));
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from(html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.0.into_inner()
}

struct HtmlCheck(RefCell<Vec<(usize, String)>>);

impl html5ever::tokenizer::TokenSink for HtmlCheck {
    type Handle = ();

    fn process_token(
        &self,
        token: html5ever::tokenizer::Token,
        line: u64,
    ) -> html5ever::tokenizer::TokenSinkResult<()> {
        use html5ever::tokenizer::{TagKind, Token};
        let Token::TagToken(tag) = token else {
            return html5ever::tokenizer::TokenSinkResult::Continue;
        };
        if tag.kind != TagKind::StartTag {
            return html5ever::tokenizer::TokenSinkResult::Continue;
        }
        let mut found = Vec::new();
        let name: &str = &tag.name;
        if FORBIDDEN_TAGS.contains(&name) {
            found.push(format!("a <{name}> element"));
        }
        for attr in &tag.attrs {
            let attr_name: &str = &attr.name.local;
            let value: &str = &attr.value;
            if attr_name.starts_with("on") && attr_name.len() > 2 {
                found.push(format!("an event handler `{attr_name}`"));
            } else if attr_name == "style" {
                found.push("an inline style attribute".into());
            } else if URL_ATTRIBUTES.contains(&attr_name) {
                let urls: Vec<&str> = if attr_name == "srcset" {
                    value
                        .split(',')
                        .filter_map(|c| c.split_whitespace().next())
                        .collect()
                } else {
                    vec![value.trim()]
                };
                for url in urls {
                    if let Err(e) = links::check(url) {
                        found.push(format!("`{attr_name}=\"{url}\"`: {e}"));
                    }
                }
            }
        }
        let line = usize::try_from(line).unwrap_or(1);
        self.0
            .borrow_mut()
            .extend(found.into_iter().map(|what| (line, what)));
        html5ever::tokenizer::TokenSinkResult::Continue
    }
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
        // The addresses `links::check` allows; validation has refused the others already.
        .url_schemes(["http", "https", "mailto", "tel"].into_iter().collect())
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

    #[test]
    fn reads_raw_html_as_a_browser_does() {
        for (html, what) in [
            (
                "<a href=\"&#106;avascript:alert(1)\">x</a>",
                "`javascript:`",
            ),
            ("<a href=\"java&#x09;script:alert(1)\">x</a>", "U+0009"),
            // Inside a block of HTML, where CommonMark passes them through as they are.
            ("<div>\n<svg/onload=alert(1)>\n</div>", "`onload`"),
            ("<div>\n<img/onerror=alert(1)/src=x>\n</div>", "`onerror`"),
            (
                "<img src=\"data:image/svg+xml,&lt;svg/onload=alert(1)&gt;\">",
                "`data:`",
            ),
            (
                "<img srcset=\"a.png 1x, javascript:alert(1) 2x\">",
                "`javascript:`",
            ),
            ("<div\nstyle=\"color:red\">x</div>", "inline style"),
            ("<SCRIPT SRC=x></SCRIPT>", "<script>"),
        ] {
            let found: Vec<String> = unsafe_html(&format!("Text\n\n{html}\n"))
                .into_iter()
                .map(|p| p.what)
                .collect();
            let found = found.join("; ");
            assert!(found.contains(what), "{html}: {found:?}");
        }
        // Not HTML to CommonMark (no space before the attribute): shown as text, harmless.
        for text in ["<svg/onload=alert(1)>", "<img src=x/onerror=alert(1)>"] {
            assert!(unsafe_html(text).is_empty(), "{text}");
            assert!(to_html(text).contains("&lt;"), "{}", to_html(text));
        }
        for link in [
            "[x](data:text/html,x)",
            "[x](//evil.example/)",
            "![x](file:///etc/passwd)",
        ] {
            assert_eq!(unsafe_html(link).len(), 1, "{link}");
        }
        for fine in [
            "[x](/trang/lien-he/) [y](https://x.vn/?a=1&b=2) [z](mailto:a@b.vn) [t](tel:+84228)",
            "<a href=\"https://dichvucong.gov.vn\" title=\"javascript: not code\">x</a>",
            "<img src=\"/assets/x.png\" srcset=\"/a.png 1x, /b.png 2x\" alt=\"\">",
        ] {
            let found: Vec<String> = unsafe_html(fine).into_iter().map(|p| p.what).collect();
            assert!(found.is_empty(), "{fine}: {found:?}");
        }
    }

    #[test]
    fn points_at_the_line_of_the_tag_in_a_block() {
        let text = "<div>\n<p>a</p>\n<p onclick=\"x()\">b</p>\n</div>\n";
        let p = unsafe_html(text);
        assert_eq!(p.len(), 1);
        assert!(
            text[p[0].span.start..].starts_with("<p onclick"),
            "{:?}",
            p[0].span
        );
    }

    #[test]
    fn deep_nesting_is_an_error_found_before_parsing() {
        let ok = "> > - 1. x\n\n- - - - - - - - - - - - - - - - - - - - - - - - -\n";
        assert!(unsafe_html(ok).is_empty());
        for deep in [
            ">".repeat(64_000),
            "- ".repeat(40_000) + "x",
            "> 1) ".repeat(30),
        ] {
            let text = format!("# Tiêu đề\n\n{deep}\n");
            let p = unsafe_html(&text);
            assert_eq!(p.len(), 1);
            assert!(p[0].what.contains("nested more than 20"), "{}", p[0].what);
            assert_eq!(p[0].span.start, text.find(&deep).unwrap());
        }
    }
}
