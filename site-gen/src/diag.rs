//! Diagnostics in the style of rustc: what is wrong, where (file, line, column, the offending
//! text), what was expected, and how to fix it. Errors are values, collected, never panics.

use std::fmt::{self, Write as _};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// A file read by `load`, kept whole so that any later stage can point into it.
#[derive(Debug)]
pub struct Source {
    /// The path as the user would type it (content dir joined with the relative path).
    pub path: PathBuf,
    pub text: String,
}

/// Index of a file in [`Sources`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub usize);

#[derive(Debug, Default)]
pub struct Sources {
    files: Vec<Source>,
}

impl Sources {
    pub fn add(&mut self, path: PathBuf, text: String) -> FileId {
        self.files.push(Source { path, text });
        FileId(self.files.len() - 1)
    }

    pub fn get(&self, id: FileId) -> &Source {
        &self.files[id.0]
    }

    pub fn path(&self, id: FileId) -> &Path {
        &self.files[id.0].path
    }
}

/// Boxed so that `Result<T, Diagnostic>` stays small on the success path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic(Box<Details>);

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Details {
    pub message: String,
    /// Where: a file, and a byte range in it when known.
    pub file: Option<PathBuf>,
    pub line: Option<(usize, usize, String, usize)>,
    pub label: Option<String>,
    pub expected: Option<String>,
    pub help: Option<String>,
    /// A warning does not stop a build; `check` reports it.
    pub warning: bool,
}

impl std::ops::Deref for Diagnostic {
    type Target = Details;
    fn deref(&self) -> &Details {
        &self.0
    }
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Diagnostic {
        Diagnostic(Box::new(Details {
            message: message.into(),
            file: None,
            line: None,
            label: None,
            expected: None,
            help: None,
            warning: false,
        }))
    }

    /// Points at `span` of `file`; a missing span points at the file's first line.
    pub fn at(mut self, sources: &Sources, file: FileId, span: Option<Range<usize>>) -> Self {
        let src = sources.get(file);
        self.0.file = Some(src.path.clone());
        let span = span.unwrap_or(0..0);
        self.0.line = Some(locate(&src.text, span));
        self
    }

    /// Points at a file that could not be read, so has no text.
    pub fn in_file(mut self, path: &Path) -> Self {
        self.0.file = Some(path.to_path_buf());
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.0.label = Some(label.into());
        self
    }

    pub fn expected(mut self, expected: impl Into<String>) -> Self {
        self.0.expected = Some(expected.into());
        self
    }

    pub fn warning(mut self) -> Self {
        self.0.warning = true;
        self
    }

    pub fn severity(&self) -> &'static str {
        if self.warning {
            "warning"
        } else {
            "error"
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.0.help = Some(help.into());
        self
    }

    /// `path:line:col`, the part a terminal or editor can jump to.
    pub fn location(&self) -> Option<String> {
        let file = self.file.as_ref()?.display();
        Some(match &self.line {
            Some((line, col, _, _)) => format!("{file}:{line}:{col}"),
            None => file.to_string(),
        })
    }
}

/// 1-based line and column (in characters) of `span.start`, the line's text, and how many
/// characters of that line the span covers.
fn locate(text: &str, span: Range<usize>) -> (usize, usize, String, usize) {
    let start = floor_char_boundary(text, span.start.min(text.len()));
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line_no = text[..start].matches('\n').count() + 1;
    let col = text[line_start..start].chars().count() + 1;
    let end = floor_char_boundary(text, span.end.clamp(start, line_end));
    let width = text[start..end].chars().count().max(1);
    let line = text[line_start..line_end]
        .trim_end_matches('\r')
        .to_string();
    (line_no, col, line, width)
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}: {}", self.severity(), self.message)?;
        if let Some(loc) = self.location() {
            let (gutter, snippet) = match &self.line {
                Some((line_no, col, line, width)) => {
                    let num = line_no.to_string();
                    let pad = " ".repeat(num.len());
                    let mut s = String::new();
                    let _ = writeln!(s, "{pad} |");
                    let _ = writeln!(s, "{num} | {line}");
                    let marker = " ".repeat(col - 1) + &"^".repeat(*width);
                    let label = self.label.as_deref().unwrap_or("");
                    let _ = writeln!(s, "{}", format!("{pad} | {marker} {label}").trim_end());
                    (pad, s)
                }
                None => (" ".to_string(), String::new()),
            };
            writeln!(f, "{gutter}--> {loc}")?;
            f.write_str(&snippet)?;
            if let Some(e) = &self.expected {
                writeln!(f, "{gutter} = expected: {e}")?;
            }
            if let Some(h) = &self.help {
                writeln!(f, "{gutter} = help: {h}")?;
            }
        } else {
            if let Some(e) = &self.expected {
                writeln!(f, "  = expected: {e}")?;
            }
            if let Some(h) = &self.help {
                writeln!(f, "  = help: {h}")?;
            }
        }
        Ok(())
    }
}

/// Everything that went wrong in one stage, in file order.
#[derive(Debug, Default)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// `Ok(value)` when nothing was reported.
    pub fn into_result<T>(mut self, value: T) -> Result<T, Diagnostics> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            self.0.sort_by(|a, b| {
                let key = |d: &Diagnostic| (d.file.clone(), d.line.as_ref().map(|l| (l.0, l.1)));
                key(a).cmp(&key(b))
            });
            Err(self)
        }
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Diagnostics {
        Diagnostics(vec![d])
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        let n = self.0.len();
        write!(
            f,
            "error: stopped by {n} error{}; nothing was written, the previous output is as it was",
            if n == 1 { "" } else { "s" }
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_like_rustc() {
        let mut sources = Sources::default();
        let id = sources.add(
            "content/site.toml".into(),
            "name = \"x\"\nbase_url = \"ftp://đây\"\n".into(),
        );
        let d = Diagnostic::error("base_url is not a web address")
            .at(&sources, id, Some(22..35))
            .label("not http(s)")
            .help("write the address citizens visit, e.g. https://motcua.example.vn/");
        let text = d.to_string();
        assert!(text.contains("--> content/site.toml:2:12"), "{text}");
        assert!(text.contains("2 | base_url = \"ftp://đây\""), "{text}");
        assert!(text.contains("^^^^^^^^^^^ not http(s)"), "{text}");
        assert!(text.contains("= help: write"), "{text}");
    }
}
