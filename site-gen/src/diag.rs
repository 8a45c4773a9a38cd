//! Diagnostics in the style of rustc: what is wrong, where (file, line, column, the offending
//! text), what was expected, and how to fix it. Errors are values, collected, never panics.

use std::borrow::Cow;
use std::fmt::{self, Write as _};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A file read by `load`, kept whole so that any later stage can point into it.
#[derive(Debug)]
pub struct Source {
    /// The path as the user would type it (content dir joined with the relative path).
    pub path: PathBuf,
    pub text: String,
    /// Byte offset of each line's start, made on the first error in the file: thousands of
    /// errors in one file then cost a binary search each, not a scan from the top.
    line_starts: OnceLock<Vec<usize>>,
    /// Characters before every [`MARK`]th byte, made on the first error: a column on a line
    /// of a megabyte is then counted from the nearest mark, not from the line's start.
    char_marks: OnceLock<Vec<usize>>,
}

impl Source {
    fn index(&self) -> Index<'_> {
        Index {
            text: &self.text,
            line_starts: self.line_starts.get_or_init(|| line_starts(&self.text)),
            char_marks: self.char_marks.get_or_init(|| char_marks(&self.text)),
        }
    }
}

/// A text with what finding a line and a column in it needs.
struct Index<'a> {
    text: &'a str,
    line_starts: &'a [usize],
    char_marks: &'a [usize],
}

/// Bytes between two entries of [`Source::char_marks`].
const MARK: usize = 4096;

fn char_marks(text: &str) -> Vec<usize> {
    let mut marks = Vec::with_capacity(text.len() / MARK + 1);
    let mut chars = 0;
    for block in text.as_bytes().chunks(MARK) {
        marks.push(chars);
        chars += block.iter().filter(|&&b| !is_continuation(b)).count();
    }
    marks.push(chars);
    marks
}

/// A byte that continues a UTF-8 character (every character has exactly one other byte).
fn is_continuation(b: u8) -> bool {
    (0x80..0xc0).contains(&b)
}

impl Index<'_> {
    /// Characters in `text[..at]`.
    fn chars_before(&self, at: usize) -> usize {
        let mark = at / MARK;
        let from = mark * MARK;
        self.char_marks[mark]
            + self.text.as_bytes()[from..at]
                .iter()
                .filter(|&&b| !is_continuation(b))
                .count()
    }
}

fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
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
        self.files.push(Source {
            path,
            text,
            line_starts: OnceLock::new(),
            char_marks: OnceLock::new(),
        });
        FileId(self.files.len() - 1)
    }

    /// Every file, with its id.
    pub fn iter(&self) -> impl Iterator<Item = (FileId, &Source)> {
        self.files.iter().enumerate().map(|(i, s)| (FileId(i), s))
    }

    pub fn get(&self, id: FileId) -> &Source {
        &self.files[id.0]
    }

    pub fn path(&self, id: FileId) -> &Path {
        &self.files[id.0].path
    }
}

/// Where a diagnostic points in a file's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// 1-based line number.
    pub number: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// How many characters the span covers (at least 1).
    pub width: usize,
    /// The line as shown under the message: whole, or for a long line a window of it around
    /// the column, cut with "…" (a 500 KB line is no help on a terminal, and thousands of
    /// errors in it would each keep a copy).
    pub shown: String,
    /// Characters of `shown` before the caret.
    pub caret: usize,
}

/// The longest part of a line a diagnostic shows, in characters.
const SHOWN_CHARS: usize = 160;
/// How much of it comes before the column, when the line is cut.
const SHOWN_BEFORE: usize = 60;

/// Boxed so that `Result<T, Diagnostic>` stays small on the success path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic(Box<Details>);

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Details {
    pub message: String,
    /// Where: a file, and a byte range in it when known.
    pub file: Option<PathBuf>,
    pub line: Option<Line>,
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
        self.0.line = Some(locate(&src.index(), span));
        self
    }

    /// Points at `span` of `text`, the readable part of a file that is not kept in
    /// [`Sources`] (one that is not valid UTF-8, shown up to where it stops being so).
    pub fn at_text(mut self, path: &Path, text: &str, span: Range<usize>) -> Self {
        self.0.file = Some(path.to_path_buf());
        let index = Index {
            text,
            line_starts: &line_starts(text),
            char_marks: &char_marks(text),
        };
        self.0.line = Some(locate(&index, span));
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
        let file = self.file.as_ref()?.display().to_string();
        let file = printable(&file);
        Some(match &self.line {
            Some(l) => format!("{file}:{}:{}", l.number, l.column),
            None => file.to_string(),
        })
    }
}

/// A file that is not UTF-8, pointed at where it stops being so: usually a letter with a
/// mark saved in an older encoding (Windows-1258, TCVN3, Latin-1).
pub fn not_utf8(path: &Path, bytes: &[u8]) -> Diagnostic {
    let (at, len) = match std::str::from_utf8(bytes) {
        Ok(_) => (bytes.len(), 0),
        Err(e) => (
            e.valid_up_to(),
            e.error_len().unwrap_or(bytes.len() - e.valid_up_to()),
        ),
    };
    let shown: String = bytes[at..at + len]
        .iter()
        .map(|b| format!("\\x{b:02X}"))
        .collect();
    // The valid prefix is the same bytes in the lossy text, so `at` points at the same place;
    // the bad bytes show as one "�".
    let text = String::from_utf8_lossy(bytes);
    Diagnostic::error("this file is not UTF-8 text")
        .at_text(path, &text, at..at + 1)
        .label(format!("the bytes {shown} are not UTF-8"))
        .help("save it as UTF-8 (most editors offer \"UTF-8\" in Save As)")
}

/// The line and column of `span.start`, and that line (or a window of it) to show. Costs a
/// few kilobytes of reading whatever the length of the line, so thousands of errors on one
/// long line stay linear.
fn locate(index: &Index, span: Range<usize>) -> Line {
    let text = index.text;
    let starts = index.line_starts;
    let start = floor_char_boundary(text, span.start.min(text.len()));
    // The last line starting at or before `start`; `starts[0]` is 0.
    let line_no = starts.partition_point(|&s| s <= start).max(1);
    let line_start = starts[line_no - 1];
    let line_end = starts.get(line_no).map_or(text.len(), |&next| next - 1);
    let line_end = if text[..line_end].ends_with('\r') && line_end > start {
        line_end - 1
    } else {
        line_end
    };
    let column = index.chars_before(start) - index.chars_before(line_start) + 1;
    let end = floor_char_boundary(text, span.end.clamp(start, line_end));
    let width = text[start..end].chars().take(SHOWN_CHARS).count().max(1);
    let line = &text[line_start..line_end];
    // A line of at most SHOWN_CHARS bytes has at most that many characters; a longer one
    // is counted only that far.
    if line.len() <= SHOWN_CHARS || line.chars().nth(SHOWN_CHARS).is_none() {
        return Line {
            number: line_no,
            column,
            width,
            shown: line.to_string(),
            caret: column - 1,
        };
    }
    // The window: up to SHOWN_BEFORE characters before the column, SHOWN_CHARS in all.
    let before = text[line_start..start]
        .char_indices()
        .rev()
        .take(SHOWN_BEFORE)
        .last()
        .map_or(start, |(i, _)| line_start + i);
    let skipped = before > line_start;
    let mut rest = text[before..line_end].chars();
    let mut shown = String::from(if skipped { "…" } else { "" });
    shown.extend(rest.by_ref().take(SHOWN_CHARS));
    if rest.next().is_some() {
        shown.push('…');
    }
    Line {
        number: line_no,
        column,
        width,
        shown,
        caret: text[before..start].chars().count() + usize::from(skipped),
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// `text` made safe to print on a terminal: a control character in a file (ESC, NUL…) or a
/// bidirectional override would otherwise be obeyed by the terminal, not shown. C0 controls
/// become their visible symbols (␛, ␀: one character each, so a caret under the line still
/// points at the right column); C1 controls, DEL and bidirectional controls become `\u{…}`.
/// Newlines are kept: messages and advice may span lines.
pub fn printable(text: &str) -> Cow<'_, str> {
    let unsafe_char = |c: char| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.contains(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            c if !unsafe_char(c) => out.push(c),
            '\u{0}'..='\u{1f}' => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('?')),
            '\u{7f}' => out.push('\u{2421}'),
            _ => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
        }
    }
    Cow::Owned(out)
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}: {}", self.severity(), printable(&self.message))?;
        let expected = self.expected.as_deref().map(printable);
        let help = self.help.as_deref().map(printable);
        if let Some(loc) = self.location() {
            let (gutter, snippet) = match &self.line {
                Some(line) => {
                    let num = line.number.to_string();
                    let pad = " ".repeat(num.len());
                    let mut s = String::new();
                    let _ = writeln!(s, "{pad} |");
                    let _ = writeln!(s, "{num} | {}", printable(&line.shown));
                    let room = line.shown.chars().count().saturating_sub(line.caret);
                    let marker =
                        " ".repeat(line.caret) + &"^".repeat(line.width.clamp(1, room.max(1)));
                    let label = printable(self.label.as_deref().unwrap_or(""));
                    let _ = writeln!(s, "{}", format!("{pad} | {marker} {label}").trim_end());
                    (pad, s)
                }
                None => (" ".to_string(), String::new()),
            };
            writeln!(f, "{gutter}--> {loc}")?;
            f.write_str(&snippet)?;
            if let Some(e) = &expected {
                writeln!(f, "{gutter} = expected: {e}")?;
            }
            if let Some(h) = &help {
                writeln!(f, "{gutter} = help: {h}")?;
            }
        } else {
            if let Some(e) = &expected {
                writeln!(f, "  = expected: {e}")?;
            }
            if let Some(h) = &help {
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
            self.0.sort_by_cached_key(|d| {
                (
                    d.file.clone(),
                    d.line.as_ref().map(|l| (l.number, l.column)),
                    d.message.clone(),
                )
            });
            // One defect seen by many jobs (a template error, on every page that uses the
            // template) is reported once.
            self.0.dedup();
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

    #[test]
    fn control_characters_are_shown_not_obeyed() {
        let mut sources = Sources::default();
        let id = sources.add(
            "content/site.toml".into(),
            "name = \"A\u{1b}[2J\tB\u{9b}\u{202e}\"\n".into(),
        );
        let d = Diagnostic::error("bad `\u{1b}[31m`\u{0}")
            .at(&sources, id, Some(9..10))
            .label("\u{7}")
            .help("x\ny");
        let text = d.to_string();
        assert!(
            !text.contains(|c: char| c.is_control() && c != '\n'),
            "{text:?}"
        );
        assert!(text.contains("bad `␛[31m`␀"), "{text}");
        assert!(
            text.contains("1 | name = \"A␛[2J␉B\\u{9b}\\u{202e}\""),
            "{text}"
        );
        // One character per control keeps the caret under the right column.
        assert!(text.contains("  |          ^ ␇"), "{text}");
        assert!(text.contains("help: x\ny"), "{text}");
    }

    #[test]
    fn lines_are_found_in_a_long_file() {
        let text: String = (1..=5000).map(|i| format!("a{i} = 1\n")).collect();
        let mut sources = Sources::default();
        let id = sources.add("x.toml".into(), text.clone());
        let at = text.find("a4321 ").unwrap();
        let d = Diagnostic::error("x").at(&sources, id, Some(at + 2..at + 3));
        assert_eq!(d.location().unwrap(), "x.toml:4321:3");
        let d = Diagnostic::error("x").at(&sources, id, Some(text.len()..text.len()));
        assert_eq!(d.location().unwrap(), "x.toml:5001:1");
    }

    #[test]
    fn a_long_line_is_shown_around_the_column() {
        let line = format!(
            "{}[x](javascript:alert(1)){}",
            "ả".repeat(5000),
            "b".repeat(5000)
        );
        let mut sources = Sources::default();
        let id = sources.add("x.md".into(), line.clone());
        let at = line.find('[').unwrap();
        let d = Diagnostic::error("x")
            .at(&sources, id, Some(at..at + 25))
            .label("here");
        assert_eq!(d.location().unwrap(), "x.md:1:5001");
        let shown = &d.line.as_ref().unwrap().shown;
        assert_eq!(shown.chars().count(), SHOWN_CHARS + 2, "{shown}");
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        let text = d.to_string();
        // The caret still stands under the `[`.
        let lines: Vec<&str> = text.lines().collect();
        let src = lines.iter().find(|l| l.starts_with("1 |")).unwrap();
        let caret = lines.iter().find(|l| l.contains("^ here")).unwrap();
        let col = |s: &str, c: char| s.chars().position(|x| x == c).unwrap();
        assert_eq!(col(src, '['), col(caret, '^'), "{text}");
        assert!(text.len() < 1000, "{text}");
    }

    #[test]
    fn the_same_error_from_many_jobs_is_reported_once() {
        let mut all = Diagnostics::default();
        for _ in 0..140 {
            all.push(Diagnostic::error(
                "template error: Failed to render 'procedure.html'",
            ));
        }
        all.push(Diagnostic::error("another"));
        let all = all.into_result(()).unwrap_err();
        assert_eq!(all.len(), 2, "{all}");
    }
}
