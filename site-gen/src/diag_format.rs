//! `check --format`: the same diagnostics as the human format, for machines: JSON (one
//! document, versioned) and GitHub Actions workflow commands, which annotate the file and line
//! of each error in a pull request.

use crate::diag::Diagnostic;
use serde_json::json;
use std::fmt::Write as _;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// rustc-style messages with the offending line (the default).
    Human,
    /// One JSON document on standard output.
    Json,
    /// GitHub Actions annotations (`::error file=…,line=…::…`) on standard output.
    Github,
}

/// The JSON document's version: bumped when a field changes meaning or goes away.
pub const JSON_VERSION: u32 = 1;

/// `(line, column, end column)` of a diagnostic, 1-based, when it points into a file's text.
fn position(d: &Diagnostic) -> Option<(usize, usize, usize)> {
    d.line
        .as_ref()
        .map(|l| (l.number, l.column, l.column + l.width))
}

/// The JSON document for a check that found `diagnostics` (errors and warnings).
pub fn json(diagnostics: &[Diagnostic], communes: usize, procedures: usize) -> String {
    let items: Vec<serde_json::Value> = diagnostics
        .iter()
        .map(|d| {
            let pos = position(d);
            json!({
                "severity": d.severity(),
                "message": d.message,
                "file": d.file.as_ref().map(|f| f.display().to_string()),
                "line": pos.map(|p| p.0),
                "column": pos.map(|p| p.1),
                "end_column": pos.map(|p| p.2),
                "source_line": d.line.as_ref().map(|l| l.shown.clone()),
                "label": d.label,
                "expected": d.expected,
                "help": d.help,
            })
        })
        .collect();
    let errors = diagnostics.iter().filter(|d| !d.warning).count();
    let doc = json!({
        "version": JSON_VERSION,
        "ok": errors == 0,
        "errors": errors,
        "warnings": diagnostics.len() - errors,
        "communes": communes,
        "procedures": procedures,
        "diagnostics": items,
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

/// Escapes the message part of a workflow command.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value of a workflow command.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// One `::error …::…` or `::warning …::…` line per diagnostic.
pub fn github(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let mut props = Vec::new();
        if let Some(file) = &d.file {
            props.push(format!(
                "file={}",
                escape_property(&file.display().to_string())
            ));
        }
        if let Some((line, col, end)) = position(d) {
            props.push(format!("line={line},col={col},endColumn={end}"));
        }
        props.push(format!("title={}", escape_property(&d.message)));
        let mut text = d.message.clone();
        if let Some(l) = &d.label {
            let _ = write!(text, "\n{l}");
        }
        if let Some(e) = &d.expected {
            let _ = write!(text, "\nexpected: {e}");
        }
        if let Some(h) = &d.help {
            let _ = write!(text, "\nhelp: {h}");
        }
        let _ = writeln!(
            out,
            "::{} {}::{}",
            d.severity(),
            props.join(","),
            escape_data(&text)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Sources;

    fn sample() -> Diagnostic {
        let mut sources = Sources::default();
        let id = sources.add(
            "content/catalogue/a.toml".into(),
            "code = \"1\"\nammount = 2, 3\n".into(),
        );
        Diagnostic::error("unknown field `ammount`, expected one of `amount`, `price`")
            .at(&sources, id, Some(11..18))
            .help("did you mean `amount`?\n(50% of typos)")
    }

    #[test]
    fn github_annotations_point_at_the_line_and_escape() {
        let text = github(&[sample()]);
        assert!(
            text.starts_with(
                "::error file=content/catalogue/a.toml,line=2,col=1,endColumn=8,title=unknown field `ammount`%2C expected"
            ),
            "{text}"
        );
        assert!(
            text.contains("%0Ahelp: did you mean `amount`?%0A(50%25 of typos)\n"),
            "{text}"
        );
        assert_eq!(text.lines().count(), 1);
    }

    #[test]
    fn json_has_the_same_facts() {
        let doc: serde_json::Value =
            serde_json::from_str(&json(&[sample(), sample().warning()], 1, 2)).expect("JSON");
        assert_eq!(doc["version"], JSON_VERSION);
        assert_eq!(doc["ok"], false);
        assert_eq!(doc["warnings"], 1);
        let d = &doc["diagnostics"][0];
        assert_eq!(d["severity"], "error");
        assert_eq!(d["file"], "content/catalogue/a.toml");
        assert_eq!(
            (d["line"].clone(), d["column"].clone()),
            (2.into(), 1.into())
        );
        assert_eq!(d["source_line"], "ammount = 2, 3");
        assert_eq!(doc["diagnostics"][1]["severity"], "warning");
    }
}
