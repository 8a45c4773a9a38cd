//! `site-gen init DIR`: a minimal new site for one commune that builds and passes `check` at
//! once. Its files are built into the binary: the commune and site templates from
//! `site-gen/init/`, and real procedures, announced calendars and a guide page taken from the
//! sample content (one copy of each fact in the repository). Years without an announced
//! calendar get a projected one.

use crate::calendar_project;
use crate::schema;
use std::io;
use std::path::{Path, PathBuf};

/// Files copied as they are: (path in the new site, text).
const FILES: &[(&str, &str)] = &[
    ("site.toml", include_str!("../init/site.toml")),
    (
        "communes/phuong-dinh/commune.toml",
        include_str!("../init/communes/phuong-dinh/commune.toml"),
    ),
    (
        "communes/phuong-dinh/index.md",
        include_str!("../init/communes/phuong-dinh/index.md"),
    ),
    (
        "pages/huong-dan-nop-truc-tuyen.md",
        include_str!("../../content/pages/huong-dan-nop-truc-tuyen.md"),
    ),
    // Real procedures: times and fees from the national public-service portal's records and the
    // documents they cite (Luật Hộ tịch 60/2014/QH13, Thông tư 226/2016/TT-BTC); 1.001193 is
    // imported from the portal's record itself.
    (
        "catalogue/ho-tich/1.001193.toml",
        include_str!("../../content/catalogue/ho-tich/1.001193.toml"),
    ),
    (
        "catalogue/ho-tich/1.000894.toml",
        include_str!("../../content/catalogue/ho-tich/1.000894.toml"),
    ),
    (
        "catalogue/ho-tich/1.000656.toml",
        include_str!("../../content/catalogue/ho-tich/1.000656.toml"),
    ),
    (
        "catalogue/ho-tich/2.000635.toml",
        include_str!("../../content/catalogue/ho-tich/2.000635.toml"),
    ),
    (
        "catalogue/chung-thuc/2.000815.toml",
        include_str!("../../content/catalogue/chung-thuc/2.000815.toml"),
    ),
    (
        "fees/60-2014-QH13-luat-ho-tich.toml",
        include_str!("../../content/fees/60-2014-QH13-luat-ho-tich.toml"),
    ),
];

/// Calendars the government announced, by year; any other year is projected.
const ANNOUNCED: &[(i32, &str)] = &[
    (2025, include_str!("../../content/calendar/2025.toml")),
    (2026, include_str!("../../content/calendar/2026.toml")),
];

/// What `init` wrote, for the message that follows.
pub struct Created {
    pub files: Vec<PathBuf>,
    /// Years whose calendar is projected, not announced.
    pub projected: Vec<i32>,
}

/// Writes a new site into `dir` (created if missing), with the calendars of `year` and the
/// year after. Refuses a folder that already holds anything.
pub fn init(dir: &Path, year: i32) -> io::Result<Created> {
    if dir.exists() && std::fs::read_dir(dir)?.next().is_some() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "the folder is not empty; init writes only into a new or empty folder, so that \
             nothing of yours is replaced",
        ));
    }
    let mut files: Vec<(PathBuf, String)> = FILES
        .iter()
        .map(|(rel, text)| (PathBuf::from(rel), (*text).to_string()))
        .collect();
    let mut projected = Vec::new();
    for y in [year, year + 1] {
        let text = match ANNOUNCED.iter().find(|(a, _)| *a == y) {
            Some((_, text)) => (*text).to_string(),
            None => {
                projected.push(y);
                calendar_project::projected_toml(y)
            }
        };
        files.push((PathBuf::from(format!("calendar/{y}.toml")), text));
    }
    files.extend(schema::files());
    let mut written = Vec::new();
    for (rel, text) in files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, text)?;
        written.push(path);
    }
    Ok(Created {
        files: written,
        projected,
    })
}

/// What to do next, printed after `init`.
pub fn next_steps(dir: &Path, created: &Created) -> String {
    let d = dir.display();
    let mut s = format!(
        "created a site for one commune in {d} ({} files)\n\nnext steps:\n\
         1. edit {d}/site.toml (name, base_url, publisher) and {d}/communes/phuong-dinh/commune.toml\n   \
            (rename the folder to your commune's name without marks, e.g. xa-an-binh); the\n   \
            addresses, phones and hours there are examples\n\
         2. add the procedures your desk receives: `site-gen import national-portal RECORDS --content {d}`\n   \
            and list their codes in commune.toml\n\
         3. open {d} in an editor with Even Better TOML (VS Code) or taplo: .taplo.toml and\n   \
            schemas/ check every file as you type\n\
         4. `site-gen serve --content {d}` to see the site, `site-gen check --content {d}` before publishing\n\
         5. when every page holds your commune's data, set demo = false in site.toml\n",
        created.files.len()
    );
    for y in &created.projected {
        s.push_str(&format!(
            "note: calendar/{y}.toml is projected from the Labour Code and the lunar calendar; \
             correct it when the government announces {y}'s days off\n"
        ));
    }
    s
}
