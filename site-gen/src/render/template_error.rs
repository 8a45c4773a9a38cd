//! Template errors named by the theme file they are in (a site's own override under
//! `content/theme/templates/`, or the built-in theme), with line:col where Tera gives one.

use crate::diag::Diagnostic;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The theme's templates as written (before interface strings are filled in), by name.
#[derive(Default)]
pub(super) struct Templates(BTreeMap<String, (PathBuf, String)>);

const HELP: &str =
    "the theme's templates are Tera (https://keats.github.io/tera/); check the named template";

impl Templates {
    pub fn add(&mut self, name: &str, origin: PathBuf, text: &str) {
        self.0.insert(name.to_string(), (origin, text.to_string()));
    }

    /// The templates as written, to parse again when the localized ones fail: then the
    /// line and column are those of the file.
    pub fn raw(&self) -> Vec<(String, String)> {
        self.0
            .iter()
            .map(|(n, (_, t))| (n.clone(), t.clone()))
            .collect()
    }

    /// A diagnostic for `e`, which happened in (or while rendering) `rendering`.
    pub fn error(&self, e: &tera::Error, rendering: Option<&str>) -> Diagnostic {
        let msg = chain(e);
        let d = Diagnostic::error(format!("template error: {}", summary(&msg))).help(HELP);
        // Tera names the template at fault in quotes: 'parent' in "(error happened in
        // 'parent')", else the one it was parsing or rendering.
        let named = quoted_after(&msg, "error happened in ")
            .or_else(|| quoted_after(&msg, "Failed to parse "))
            .or_else(|| quoted_after(&msg, "Failed to render "))
            .or(rendering);
        let Some((origin, text)) = named.and_then(|n| self.0.get(n)) else {
            return d;
        };
        let span = line_col(&msg)
            .and_then(|(l, c)| offset(text, l, c))
            .or_else(|| {
                // A rendering error names the variable or filter in backticks: point at
                // its first use in the template.
                let what = msg.split('`').nth(1)?;
                text.find(what).map(|i| i..i + what.len())
            });
        match span {
            Some(span) => d.at_text(origin, text, span),
            None => d.in_file(origin),
        }
    }
}

/// The message and its causes, one after the other.
fn chain(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg
}

/// The message without the parser's own drawing of the line (ours shows it).
fn summary(msg: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for line in msg.lines() {
        let t = line.trim();
        if t.starts_with("-->")
            || t.starts_with('|')
            || t.split(" |")
                .next()
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        {
            continue;
        }
        if !t.is_empty() {
            out.push(t.trim_start_matches("= "));
        }
    }
    out.join(" ")
}

fn quoted_after<'m>(msg: &'m str, prefix: &str) -> Option<&'m str> {
    let rest = &msg[msg.find(prefix)? + prefix.len()..];
    let q = rest.chars().next().filter(|c| *c == '\'' || *c == '"')?;
    let rest = &rest[1..];
    rest.find(q).map(|end| &rest[..end])
}

/// `--> 3:5` in a parse error.
fn line_col(msg: &str) -> Option<(usize, usize)> {
    let rest = &msg[msg.find("--> ")? + 4..];
    let token = rest.split_whitespace().next()?;
    let (l, c) = token.split_once(':')?;
    Some((l.parse().ok()?, c.parse().ok()?))
}

/// The byte range of the character at 1-based `line`, `col` (in characters) of `text`.
fn offset(text: &str, line: usize, col: usize) -> Option<std::ops::Range<usize>> {
    let start = text
        .split_inclusive('\n')
        .take(line.checked_sub(1)?)
        .map(str::len)
        .sum::<usize>();
    let line_text = text[start..].split('\n').next()?;
    let at = line_text
        .char_indices()
        .nth(col.saturating_sub(1))
        .map_or(line_text.len(), |(i, _)| i);
    Some(start + at..start + at + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn templates(text: &str) -> Templates {
        let mut t = Templates::default();
        t.add(
            "page.html",
            "content/theme/templates/page.html".into(),
            text,
        );
        t
    }

    #[test]
    fn a_syntax_error_points_into_the_override() {
        let text = "<p>\n{% if %}\n</p>\n";
        let t = templates(text);
        let e = tera::Tera::default()
            .add_raw_templates(t.raw())
            .unwrap_err();
        let d = t.error(&e, None);
        assert_eq!(
            d.location().as_deref(),
            Some("content/theme/templates/page.html:2:7"),
            "{d}"
        );
    }

    #[test]
    fn a_rendering_error_points_at_the_variable() {
        let text = "<p>\n{{ nothing.here }}\n</p>\n";
        let t = templates(text);
        let mut tera = tera::Tera::default();
        tera.add_raw_templates(t.raw()).unwrap();
        let e = tera.render("page.html", &tera::Context::new()).unwrap_err();
        let d = t.error(&e, Some("page.html"));
        assert_eq!(
            d.location().as_deref(),
            Some("content/theme/templates/page.html:2:4"),
            "{d}"
        );
    }
}
