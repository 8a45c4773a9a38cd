//! `site-gen calendar project YEAR`: a projected calendar file, for a year whose days off the
//! government has not announced, from `catalog::holidays` (the Labour Code's rules and the
//! Vietnamese lunar calendar). The officer edits it when the announcement comes.

use catalog::{holidays, YearCalendar};
use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

/// The projected calendar of `year` as a `calendar/<year>.toml` file, commented for the officer.
pub fn projected_toml(year: i32) -> String {
    to_toml(&holidays::project(year))
}

/// Writes a calendar as TOML with date literals (as officers write them), and a header that
/// says how it was made.
fn to_toml(cal: &YearCalendar) -> String {
    let mut out = format!(
        "# Lịch DỰ KIẾN năm {y}, tính bằng `site-gen calendar project {y}` theo Điều 112 Bộ luật\n\
         # Lao động 2019 và âm lịch Việt Nam (UTC+7). Tết theo cách nghỉ của cán bộ, công chức các\n\
         # năm trước: sửa theo thông báo chính thức, rồi đặt projected = false.\n\
         year = {y}\nprojected = {p}\n",
        y = cal.year,
        p = cal.projected
    );
    if let Some(note) = &cal.note {
        let _ = writeln!(out, "note = {}", quoted(note));
    }
    for off in &cal.days_off {
        let _ = write!(
            out,
            "\n[[day_off]]\nname = {}\nfrom = {}\n",
            quoted(&off.name),
            off.from
        );
        if let Some(to) = off.to {
            let _ = writeln!(out, "to = {to}");
        }
    }
    out
}

/// A TOML basic string.
fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// Writes `calendar/<year>.toml` in the content folder (which must exist: nothing is written
/// outside a content folder); never replaces an existing file.
pub fn write(content: &Path, year: i32) -> io::Result<PathBuf> {
    if !content.join("site.toml").is_file() {
        return Err(io::Error::new(
            io::ErrorKind::NotFound,
            format!(
                "{} holds no site.toml: pass the content folder with --content DIR",
                content.display()
            ),
        ));
    }
    let dir = content.join("calendar");
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(format!("{year}.toml"));
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)?;
    io::Write::write_all(&mut file, projected_toml(year).as_bytes())?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_the_loader_type() {
        let text = projected_toml(2028);
        let back: YearCalendar = toml::from_str(&text).expect("valid calendar TOML");
        assert_eq!(back, holidays::project(2028));
        // Tết 2028 is Wednesday 26 January: the break runs from Saturday 22 to Sunday 30.
        assert!(
            text.contains("from = 2028-01-22\nto = 2028-01-30\n"),
            "{text}"
        );
    }
}
