//! TOML files with their source spans, so that `validate` can point at the exact value it
//! rejects, not just the file.

use crate::diag::{Diagnostic, FileId, Sources};
use crate::validate::control;
use serde::de::DeserializeOwned;
use std::ops::Range;
use std::sync::OnceLock;
use toml_edit::{ImDocument, Item, Value};

/// A deserialized value and where its TOML is, so that `validate` can point into it.
#[derive(Debug)]
pub struct Parsed<T> {
    pub file: FileId,
    pub value: T,
    /// Where the TOML is in the file (front matter sits between `+++` lines).
    base: usize,
    len: usize,
    /// The span tree, parsed on the first error and kept: a file with thousands of errors
    /// (a list pasted twice) must not be parsed again for each one.
    doc: OnceLock<Option<ImDocument<String>>>,
}

impl<T> Parsed<T> {
    /// A value parsed by an earlier load from the same text (see `load::ParsedFiles`).
    pub fn cached(file: FileId, value: T, len: usize) -> Parsed<T> {
        Parsed {
            file,
            value,
            base: 0,
            len,
            doc: OnceLock::new(),
        }
    }

    /// The file's TOML as a span tree (`None` if it does not parse, which `parse` would have
    /// reported). Parsed once, on first use.
    pub fn doc(&self, sources: &Sources) -> Option<&ImDocument<String>> {
        self.doc
            .get_or_init(|| {
                let text = &sources.get(self.file).text[self.base..self.base + self.len];
                ImDocument::parse(text.to_string()).ok()
            })
            .as_ref()
    }

    /// The value, and its place in the file without it: to report errors while the value is
    /// turned into another type, then to hold that one (`Parsed::with`).
    pub fn split(self) -> (T, Parsed<()>) {
        let place = Parsed {
            file: self.file,
            value: (),
            base: self.base,
            len: self.len,
            doc: self.doc,
        };
        (self.value, place)
    }

    /// Where the TOML starts in the file (after a Markdown page's `+++` line).
    pub fn base(&self) -> usize {
        self.base
    }

    /// The span of the value at `path` (`channel[1].fee[0].cap`), or of the nearest parent
    /// that exists, so a missing field still points at its table. The span tree is parsed
    /// only here, when there is an error to report: a build without errors parses once.
    pub fn span(&self, sources: &Sources, path: &str) -> Option<Range<usize>> {
        let doc = self.doc(sources)?;
        let mut node = Node::Item(doc.as_item());
        let mut best = None;
        for seg in segments(path) {
            match node.child(&seg) {
                Some(next) => {
                    best = next.span().or(best);
                    node = next;
                }
                None => break,
            }
        }
        // The root table has no span of its own: point at where the TOML starts.
        let r = best.unwrap_or(0..0);
        Some(r.start + self.base..r.end + self.base)
    }

    /// A diagnostic pointing at `path` in this file.
    pub fn error(&self, sources: &Sources, path: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(message).at(sources, self.file, self.span(sources, path))
    }
}

impl Parsed<()> {
    /// `value` at this place (see [`Parsed::split`]).
    pub fn with<U>(self, value: U) -> Parsed<U> {
        Parsed {
            file: self.file,
            value,
            base: self.base,
            len: self.len,
            doc: self.doc,
        }
    }
}

enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

fn segments(path: &str) -> Vec<Seg<'_>> {
    let mut out = Vec::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (key, rest) = part.split_once('[').unwrap_or((part, ""));
        if !key.is_empty() {
            out.push(Seg::Key(key));
        }
        for idx in rest.split('[') {
            if let Ok(i) = idx.trim_end_matches(']').parse() {
                out.push(Seg::Index(i));
            }
        }
    }
    out
}

#[derive(Clone, Copy)]
enum Node<'a> {
    Item(&'a Item),
    Value(&'a Value),
    Table(&'a toml_edit::Table),
}

impl<'a> Node<'a> {
    fn child(self, seg: &Seg<'_>) -> Option<Node<'a>> {
        match (self, seg) {
            (Node::Item(Item::Value(v)), _) => Node::Value(v).child(seg),
            (Node::Item(Item::Table(t)), _) => Node::Table(t).child(seg),
            (Node::Item(Item::ArrayOfTables(a)), Seg::Index(i)) => a.get(*i).map(Node::Table),
            (Node::Table(t), Seg::Key(k)) => t.get(k).map(Node::Item),
            (Node::Value(Value::InlineTable(t)), Seg::Key(k)) => t.get(k).map(Node::Value),
            (Node::Value(Value::Array(a)), Seg::Index(i)) => a.get(*i).map(Node::Value),
            _ => None,
        }
    }

    fn span(self) -> Option<Range<usize>> {
        match self {
            Node::Item(i) => i.span(),
            Node::Value(v) => v.span(),
            Node::Table(t) => t.span(),
        }
    }
}

/// Parses `text` (which starts at byte `base` of `file`) into `T`.
pub fn parse<T: DeserializeOwned>(
    sources: &Sources,
    file: FileId,
    text: &str,
    base: usize,
) -> Result<Parsed<T>, Diagnostic> {
    let fail = |message: &str, span: Option<Range<usize>>| {
        let span = span.map(|r| refused_item(text, r, message));
        let mut message = message.trim().to_string();
        if let Some(why) = span.clone().and_then(|r| impossible_date(text, r.start)) {
            message = format!("{message}: {why}");
        }
        // The parser refuses a control character (ESC, NUL…) without naming it, sometimes
        // with no message at all.
        let control = span
            .as_ref()
            .and_then(|r| text.get(r.start..)?.chars().next())
            .filter(|&c| control::forbidden(c));
        if let Some(c) = control {
            message = format!("a control character, {}, in the text", control::name(c));
        } else if message.is_empty() {
            message = "TOML syntax error".into();
        }
        let span = span.map(|r| r.start + base..r.end + base);
        let d = Diagnostic::error(message.clone()).at(sources, file, span);
        match (control, hint(&message)) {
            (Some(_), _) => d.help(control::HELP),
            (None, Some(h)) => d.help(h),
            (None, None) => d,
        }
    };
    let value = toml::from_str::<T>(text).map_err(|e| fail(e.message(), e.span()))?;
    Ok(Parsed {
        file,
        value,
        base,
        len: text.len(),
        doc: OnceLock::new(),
    })
}

/// A value refused inside a list (a procedure code in `procedures = [ … ]`) is reported at
/// the list; the message names the value (`` `2.00088` is not … ``): point at the value, as
/// a refusal elsewhere is.
fn refused_item(text: &str, list: Range<usize>, message: &str) -> Range<usize> {
    let Some(value) = message
        .strip_prefix('`')
        .and_then(|m| m.split_once('`'))
        .map(|(v, _)| v)
    else {
        return list;
    };
    let quoted = format!("\"{value}\"");
    match text.get(list.clone()).and_then(|t| t.find(&quoted)) {
        Some(at) if text[list.clone()].starts_with('[') => {
            list.start + at..list.start + at + quoted.len()
        }
        _ => list,
    }
}

/// The parser rejects `2026-02-30` as an "invalid date-time" without saying why; find the
/// date-like token around `at` and let our own date type explain.
fn impossible_date(text: &str, at: usize) -> Option<String> {
    let is_date_char = |c: char| c.is_ascii_digit() || c == '-';
    // The parser's span may start inside a multi-byte character (an unclosed quote after
    // "tử"): step back to the character's first byte.
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    // Just after the last character that is not part of a date, which may be multi-byte.
    let start = text[..at]
        .char_indices()
        .rev()
        .find(|&(_, c)| !is_date_char(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let end = text[start..]
        .find(|c: char| !is_date_char(c))
        .map_or(text.len(), |i| start + i);
    let token = &text[start..end];
    if token.len() < 8 || !token.contains('-') {
        return None;
    }
    catalog::Date::parse(token).err().map(|e| e.0)
}

/// Advice for the messages serde and toml give, in words an officer who edits TOML can use.
fn hint(message: &str) -> Option<&'static str> {
    let m = message.trim();
    if m.starts_with("unknown field") {
        Some("check the spelling: this table takes only the fields listed above")
    } else if m.starts_with("missing field") {
        Some("add the field to this table (see the README's guide to content files)")
    } else if m.contains("invalid type: string") && m.contains("integer") {
        Some("write numbers without quotes, e.g. `days = 5`")
    } else if m.contains("invalid type: integer") && m.contains("string") {
        Some("put text in double quotes, e.g. `name = \"Hộ tịch\"`")
    } else if m.starts_with("unknown variant") {
        Some("use one of the values listed above, spelled exactly")
    } else if m.contains("duplicate key") {
        Some("each key may appear once per table: remove or rename one of them")
    } else if m.contains("is not a procedure code") {
        Some("copy the code from the national catalogue (dichvucong.gov.vn), in double quotes")
    } else if m.contains("does not exist") {
        Some("check the day and month: the date must exist in the calendar")
    } else if m.contains("invalid") || m.contains("expected") {
        Some("TOML syntax: text in double quotes, numbers bare, lists in [ ], see the README")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct Doc {
        channel: Vec<Ch>,
    }
    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct Ch {
        fee: Vec<toml::Value>,
    }

    #[test]
    fn finds_spans_by_path() {
        let text = "[[channel]]\nfee = [{ kind = \"free\" }]\n[[channel]]\nfee = [{ kind = \"flat\", amount = 5 }]\n";
        let mut sources = Sources::default();
        let id = sources.add("x.toml".into(), text.into());
        let p: Parsed<Doc> = parse(&sources, id, text, 0).unwrap();
        let span = p.span(&sources, "channel[1].fee[0].amount").unwrap();
        assert_eq!(&text[span], "5");
        // A missing key falls back to its parent.
        let span = p.span(&sources, "channel[1].fee[0].cap").unwrap();
        assert!(text[span].contains("flat"));
    }

    #[test]
    fn type_errors_point_at_the_value() {
        let text = "[[channel]]\nfee = 5\n";
        let mut sources = Sources::default();
        let id = sources.add("x.toml".into(), text.into());
        let e = parse::<Doc>(&sources, id, text, 0).unwrap_err();
        assert_eq!(e.line.as_ref().map(|l| l.number), Some(2), "{e}");
    }

    #[test]
    fn unclosed_quote_after_a_vietnamese_letter_is_an_error_not_a_panic() {
        #[derive(Deserialize, Debug)]
        #[allow(dead_code)]
        struct Named {
            name: String,
        }
        for text in [
            "name = \"Thủ tục đăng ký khai tử\n",
            "name = \"Thủ tục đăng ký khai tử",
            "name = \"ử\nx = 2026-02-3ử\n",
        ] {
            let mut sources = Sources::default();
            let id = sources.add("x.toml".into(), text.into());
            let e = parse::<Named>(&sources, id, text, 0).unwrap_err();
            assert_eq!(e.line.as_ref().map(|l| l.number), Some(1), "{e}");
        }
    }

    #[test]
    fn a_refused_code_in_a_list_is_shown_at_the_code() {
        #[derive(Deserialize, Debug)]
        #[allow(dead_code)]
        struct Desk {
            procedures: Vec<catalog::ProcedureCode>,
        }
        let text = "procedures = [\n  \"1.001193\",\n  \"2.00088\",\n]\n";
        let mut sources = Sources::default();
        let id = sources.add("x.toml".into(), text.into());
        let e = parse::<Desk>(&sources, id, text, 0).unwrap_err();
        let at = e.line.as_ref().map(|l| (l.number, l.column));
        assert_eq!(at, Some((3, 3)), "{e}");
        assert!(
            e.message.contains("`2.00088` is not a procedure code"),
            "{e}"
        );
        assert!(e.help.is_some(), "{e}");
    }
}
