//! Control characters (NUL, ESC, the C1 range…) in content: invisible in an editor, they
//! reach pages, spreadsheets and terminals, where they break the page or are obeyed.
//! Tab, newline and carriage return are text.

use super::Checker;
use crate::diag::Diagnostic;
use crate::load::{Content, Parsed};
use toml_edit::{Item, Value};

pub(crate) fn forbidden(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

pub(crate) fn name(c: char) -> String {
    let known = match c {
        '\0' => " (NUL)",
        '\u{1b}' => " (ESC)",
        '\u{7f}' => " (DEL)",
        '\u{8}' => " (backspace)",
        '\u{c}' => " (form feed)",
        _ => "",
    };
    format!("U+{:04X}{known}", c as u32)
}

pub(crate) const HELP: &str =
    "delete it and retype the text around it: it is invisible in most editors, \
    but breaks pages, spreadsheets and terminals";

impl Checker<'_> {
    pub(super) fn control_characters(&mut self, content: &Content) {
        // As typed: the first in each file, with how many more.
        for (id, src) in content.sources.iter() {
            let mut found = src.text.char_indices().filter(|&(_, c)| forbidden(c));
            if let Some((at, c)) = found.next() {
                let more = found.count();
                let also = match more {
                    0 => String::new(),
                    n => format!(" (and {n} more in this file)"),
                };
                let d = Diagnostic::error(format!(
                    "a control character, {}, in the text{also}",
                    name(c)
                ))
                .at(self.sources, id, Some(at..at + c.len_utf8()))
                .label("here")
                .help(HELP);
                self.report(d);
            }
        }
        // Escaped in TOML (`"\u001b"`), which the parser turns into the character itself.
        self.escaped(&content.site);
        content.calendars.iter().for_each(|p| self.escaped(p));
        content.procedures.iter().for_each(|p| self.escaped(p));
        content.fee_documents.iter().for_each(|p| self.escaped(p));
        for files in &content.communes {
            self.escaped(&files.commune);
            files.intro.iter().for_each(|m| self.escaped(&m.meta));
            files.news.iter().for_each(|m| self.escaped(&m.meta));
        }
        content.pages.iter().for_each(|m| self.escaped(&m.meta));
    }

    fn escaped<T>(&mut self, p: &Parsed<T>) {
        let text = &self.sources.get(p.file).text[p.base()..];
        // Only these escapes make control characters; most files have none, and are not
        // parsed a second time.
        if !["\\u", "\\U", "\\b", "\\f"]
            .iter()
            .any(|e| text.contains(e))
        {
            return;
        }
        let Some(doc) = p.doc(self.sources) else {
            return;
        };
        let mut spans = Vec::new();
        walk(doc.as_item(), &mut spans);
        for (span, c) in spans {
            let span = span.start + p.base()..span.end + p.base();
            let d = Diagnostic::error(format!("a control character, {}, in this text", name(c)))
                .at(self.sources, p.file, Some(span))
                .label(format!("written as an escape, \\u{:04X}", c as u32))
                .help(HELP);
            self.report(d);
        }
    }
}

/// Every string value holding a forbidden character: its span and the first such character.
fn walk(item: &Item, out: &mut Vec<(std::ops::Range<usize>, char)>) {
    match item {
        Item::Value(v) => walk_value(v, out),
        Item::Table(t) => t.iter().for_each(|(_, i)| walk(i, out)),
        Item::ArrayOfTables(a) => a
            .iter()
            .for_each(|t| t.iter().for_each(|(_, i)| walk(i, out))),
        Item::None => {}
    }
}

fn walk_value(v: &Value, out: &mut Vec<(std::ops::Range<usize>, char)>) {
    match v {
        Value::String(s) => {
            if let (Some(c), Some(span)) = (s.value().chars().find(|&c| forbidden(c)), s.span()) {
                out.push((span, c));
            }
        }
        Value::Array(a) => a.iter().for_each(|v| walk_value(v, out)),
        Value::InlineTable(t) => t.iter().for_each(|(_, v)| walk_value(v, out)),
        _ => {}
    }
}
