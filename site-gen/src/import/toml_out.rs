//! The catalogue file the importer writes. The header comment carries the procedure's name,
//! which on the portal may hold line breaks: every text that goes into a comment is folded
//! onto one line, and the whole file is read back before it is written, so an import never
//! leaves a file the next build cannot read.

use catalog::{Date, Procedure};

pub fn procedure_toml(p: &Procedure, today: Date) -> Result<String, String> {
    let body = toml::to_string_pretty(p).map_err(|e| e.to_string())?;
    let text = format!(
        "# {} — {}\n# Nhập từ Cổng Dịch vụ công quốc gia ngày {today} bằng `site-gen import national-portal`.\n# Nhập lại sẽ ghi đè tệp này: thay đổi riêng của xã hãy ghi trong commune.toml ([[override]]).\n\n{body}",
        comment(p.code.as_str()),
        comment(&p.name)
    );
    match toml::from_str::<Procedure>(&text) {
        Ok(back) if back == *p => Ok(text),
        Ok(_) => Err("the file reads back as a different procedure".into()),
        Err(e) => Err(e.message().to_string()),
    }
}

/// Text safe inside a `#` comment: TOML ends a comment at a line break and forbids control
/// characters in it.
fn comment(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_with_line_breaks_stays_in_the_comment() {
        let p: Procedure = toml::from_str(
            r#"
code = "1.001193"
name = "Thủ tục\nđăng ký\r\nkhai sinh\u0007"
field = "Hộ tịch"
level = "commune"
checked_on = 2026-11-24
[[channel]]
kind = "desk"
time = { kind = "same-day" }
fee = [{ kind = "not-stated" }]
"#,
        )
        .expect("parses");
        let text = procedure_toml(&p, Date::parse("2026-11-24").expect("date")).expect("renders");
        assert!(
            text.starts_with("# 1.001193 — Thủ tục đăng ký khai sinh \n")
                || text.starts_with("# 1.001193 — Thủ tục đăng ký khai sinh\n")
        );
        let back: Procedure = toml::from_str(&text).expect("reads back");
        assert_eq!(back, p);
    }
}
