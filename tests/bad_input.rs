//! Bad input: each case breaks one thing in a copy of the sample content. The build must fail
//! with a message naming the file and line (and column), exit non-zero, and leave the previous
//! output byte-for-byte as it was.

mod common;

use common::*;
use std::fs;
use std::path::Path;
use std::sync::OnceLock;

/// A good build, made once, that each case copies in as its "previous output".
fn previous() -> &'static Path {
    static OUT: OnceLock<std::path::PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        let out = scratch("previous").join("public");
        let o = build(&repo().join("content"), &out, &[]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        out
    })
}

fn edit(content: &Path, rel: &str, f: impl FnOnce(String) -> String) {
    let path = content.join(rel);
    let before = read(&path);
    let after = f(before.clone());
    assert_ne!(before, after, "the case must change {rel}");
    fs::write(path, after).expect("write");
}

/// Applies `mutate` to a copy of the content, builds, and checks the failure. `location` is
/// what the message must point at: `file:line` (a column follows).
fn fails(name: &str, mutate: impl FnOnce(&Path), location: &str, message: &str) {
    let dir = scratch(name);
    let content = dir.join("content");
    copy_tree(&repo().join("content"), &content);
    mutate(&content);
    let out = dir.join("public");
    copy_tree(previous(), &out);
    let before = snapshot(&out);
    let o = build(&content, &out, &[]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success(), "{name}: the build should fail");
    assert_eq!(o.status.code(), Some(1), "{name}: exit code");
    let shown = content.join(location).display().to_string();
    assert!(
        stderr.contains(&format!("--> {shown}")),
        "{name}: the message should point at {shown}:\n{stderr}"
    );
    assert!(
        stderr.contains(message),
        "{name}: the message should say `{message}`:\n{stderr}"
    );
    assert!(
        stderr.contains("help:") || stderr.contains("expected:"),
        "{name}: no advice:\n{stderr}"
    );
    assert!(
        snapshot(&out) == before,
        "{name}: the previous output changed"
    );
    assert!(
        !dir.join(".public.staging").exists(),
        "{name}: a staging folder was left behind"
    );
}

const BIRTH: &str = "catalogue/ho-tich/1.001193.toml";
const COPY: &str = "catalogue/chung-thuc/2.000815.toml";
const COMMUNE: &str = "communes/phuong-dinh/commune.toml";

#[test]
fn broken_toml() {
    fails(
        "broken-toml",
        |c| {
            edit(c, "site.toml", |s| {
                s.replace("name = \"Thủ tục", "name = Thủ tục")
            })
        },
        "site.toml:3:",
        "invalid string",
    );
}

#[test]
fn wrong_type() {
    fails(
        "wrong-type",
        |c| {
            edit(c, "catalogue/chung-thuc/2.001035.toml", |s| {
                s.replace("days = 2 }", "days = \"2\" }")
            })
        },
        "catalogue/chung-thuc/2.001035.toml:16:",
        "invalid type: string \"2\"",
    );
}

#[test]
fn unknown_field() {
    fails(
        "unknown-field",
        |c| edit(c, COPY, |s| s.replace("field_code =", "feild_code =")),
        "catalogue/chung-thuc/2.000815.toml:5:",
        "unknown field `feild_code`",
    );
}

#[test]
fn missing_field() {
    fails(
        "missing-field",
        |c| edit(c, COPY, |s| s.replace("checked_on = 2026-11-24\n", "")),
        "catalogue/chung-thuc/2.000815.toml:1:",
        "missing field `checked_on`",
    );
}

#[test]
fn duplicate_code() {
    fails(
        "duplicate-code",
        |c| {
            let text = read(&c.join("catalogue/ho-tich/1.000894.toml"));
            fs::create_dir_all(c.join("catalogue/khac")).expect("mkdir");
            fs::write(c.join("catalogue/khac/1.000894.toml"), text).expect("write");
        },
        "catalogue/khac/1.000894.toml:2:",
        "procedure 1.000894 is defined twice",
    );
}

#[test]
fn unknown_procedure_in_commune() {
    fails(
        "unknown-procedure",
        |c| {
            edit(c, COMMUNE, |s| {
                s.replace("  \"2.000884\",", "  \"2.999999\",")
            })
        },
        "communes/phuong-dinh/commune.toml:22:",
        "unknown procedure `2.999999`",
    );
}

#[test]
fn date_that_does_not_exist() {
    fails(
        "no-such-date",
        |c| {
            edit(c, COPY, |s| {
                s.replace("checked_on = 2026-11-24", "checked_on = 2026-02-30")
            })
        },
        "catalogue/chung-thuc/2.000815.toml:11:",
        "month 2 of 2026 has 28 days",
    );
}

#[test]
fn cap_below_unit_price() {
    fails(
        "cap-below-price",
        |c| edit(c, COPY, |s| s.replace("cap = 200000", "cap = 1500")),
        "catalogue/chung-thuc/2.000815.toml:",
        "the cap (1500) is below the unit price (2000)",
    );
}

#[test]
fn form_path_leaving_the_content_folder() {
    fails(
        "form-escape",
        |c| {
            edit(c, "catalogue/dat-dai/1.003554.toml", |s| {
                s.replace(
                    "file = \"don-yeu-cau-hoa-giai.txt\"",
                    "file = \"../../../etc/passwd\"",
                )
            })
        },
        "catalogue/dat-dai/1.003554.toml:27:",
        "leaves the forms folder",
    );
}

#[test]
fn script_tag_in_markdown() {
    fails(
        "script-tag",
        |c| {
            edit(c, "communes/viet-hung/index.md", |s| {
                s + "\n<script>alert('x')</script>\n"
            })
        },
        "communes/viet-hung/index.md:12:",
        "unsafe HTML in Markdown: a <script> element",
    );
}

#[test]
fn event_handler_in_markdown() {
    fails(
        "event-handler",
        |c| {
            edit(c, "pages/lien-he.md", |s| {
                s + "\n<img src=\"x.png\" onerror=\"steal()\">\n"
            })
        },
        "pages/lien-he.md:12:",
        "an event handler `onerror`",
    );
}

#[test]
fn javascript_link_in_markdown() {
    fails(
        "javascript-link",
        |c| {
            edit(c, "pages/lien-he.md", |s| {
                s + "\n[Bấm vào đây](javascript:alert(1))\n"
            })
        },
        "pages/lien-he.md:12:",
        "a link to `javascript:alert(1)`",
    );
}

#[test]
fn unknown_enum_value() {
    fails(
        "unknown-variant",
        |c| {
            edit(c, COPY, |s| {
                s.replacen("kind = \"desk\"", "kind = \"walk-in\"", 1)
            })
        },
        "catalogue/chung-thuc/2.000815.toml:19:",
        "unknown variant `walk-in`",
    );
}

#[test]
fn flat_fee_of_zero() {
    fails(
        "flat-zero",
        |c| {
            edit(c, "catalogue/chung-thuc/2.000884.toml", |s| {
                s.replace("amount = 10000", "amount = 0")
            })
        },
        "catalogue/chung-thuc/2.000884.toml:19:",
        "a flat fee of 0",
    );
}

#[test]
fn same_day_with_days() {
    fails(
        "same-day-days",
        |c| {
            edit(c, "catalogue/chung-thuc/2.000884.toml", |s| {
                s.replace(
                    "time = { kind = \"same-day\", cutoff = \"15:00\" }",
                    "time = { kind = \"same-day\", days = 3 }",
                )
            })
        },
        "catalogue/chung-thuc/2.000884.toml:16:",
        "a same-day time has no number of days",
    );
}

#[test]
fn working_days_without_a_number() {
    fails(
        "no-days",
        |c| {
            edit(c, "catalogue/thi-dua-khen-thuong/2.000346.toml", |s| {
                s.replace(", days = 20", "")
            })
        },
        "catalogue/thi-dua-khen-thuong/2.000346.toml:14:",
        "how many days?",
    );
}

#[test]
fn override_of_a_procedure_not_received() {
    fails(
        "override-not-received",
        |c| {
            edit(c, COMMUNE, |s| {
                s.replace("procedure = \"2.000815\"", "procedure = \"1.000593x\"")
            })
        },
        "communes/phuong-dinh/commune.toml:40:",
        "which this desk does not receive",
    );
}

#[test]
fn desk_closing_before_opening() {
    fails(
        "hours",
        |c| {
            edit(c, COMMUNE, |s| {
                s.replace("close = \"11:00\"", "close = \"06:00\"")
            })
        },
        "communes/phuong-dinh/commune.toml:35:",
        "closes at 06:00 but opens at 07:30",
    );
}

#[test]
fn time_of_day_that_does_not_exist() {
    fails(
        "bad-time",
        |c| {
            edit(c, COMMUNE, |s| {
                s.replace("close = \"11:00\"", "close = \"25:00\"")
            })
        },
        "communes/phuong-dinh/commune.toml:35:",
        "`25:00` is not a time of day",
    );
}

#[test]
fn bad_email() {
    fails(
        "email",
        |c| {
            edit(c, COMMUNE, |s| {
                s.replace("motcua.phuong-dinh@example.vn", "motcua phuong-dinh")
            })
        },
        "communes/phuong-dinh/commune.toml:7:",
        "is not an email address",
    );
}

#[test]
fn news_without_a_date() {
    fails(
        "news-date",
        |c| {
            edit(c, "communes/truc-my/news/lich-nghi-tet-2026.md", |s| {
                s.replace("date = 2026-01-20\n", "")
            })
        },
        "communes/truc-my/news/lich-nghi-tet-2026.md:2:",
        "news needs a date",
    );
}

#[test]
fn page_without_front_matter() {
    fails(
        "front-matter",
        |c| fs::write(c.join("pages/moi.md"), "# Trang mới\n").expect("write"),
        "pages/moi.md:1:",
        "this page has no front matter",
    );
}

#[test]
fn base_url_that_is_not_a_web_address() {
    fails(
        "base-url",
        |c| {
            edit(c, "site.toml", |s| {
                s.replace("https://motcua.example.vn/", "motcua.example.vn")
            })
        },
        "site.toml:5:",
        "base_url is not a web address",
    );
}

#[test]
fn file_name_that_differs_from_the_code() {
    fails(
        "file-name",
        |c| {
            fs::rename(
                c.join(COPY),
                c.join("catalogue/chung-thuc/chung-thuc-ban-sao.toml"),
            )
            .expect("rename")
        },
        "catalogue/chung-thuc/chung-thuc-ban-sao.toml:2:",
        "is in a file named chung-thuc-ban-sao.toml",
    );
}

#[test]
fn make_up_day_on_a_weekday() {
    fails(
        "make-up-weekday",
        |c| {
            edit(c, "calendar/2025.toml", |s| {
                s.replace("date = 2025-04-26", "date = 2025-04-25")
            })
        },
        "calendar/2025.toml:28:",
        "already a working day",
    );
}

#[test]
fn day_off_outside_its_year() {
    fails(
        "wrong-year",
        |c| {
            edit(c, "calendar/2026.toml", |s| {
                s.replace("from = 2026-01-01", "from = 2025-12-31")
            })
        },
        "calendar/2026.toml:7:",
        "2025-12-31 is not in 2026",
    );
}

#[test]
fn fee_document_naming_an_unknown_procedure() {
    fails(
        "fee-doc",
        |c| {
            edit(c, "fees/23-2026-NQ-HDND-hai-phong.toml", |s| {
                s.replace("\"1.000656\"", "\"1.000657\"")
            })
        },
        "fees/23-2026-NQ-HDND-hai-phong.toml:10:",
        "unknown procedure `1.000657`",
    );
}

#[test]
fn dossier_item_both_document_and_note() {
    fails(
        "item-both",
        |c| {
            edit(c, "catalogue/bao-tro-xa-hoi/2.000286.toml", |s| {
                s.replace(
                    "document = \"Giấy báo tử hoặc trích lục khai tử\"",
                    "document = \"Giấy báo tử hoặc trích lục khai tử\"\nnote = \"Trường hợp …\"",
                )
            })
        },
        "catalogue/bao-tro-xa-hoi/2.000286.toml:",
        "must be either a document or a note",
    );
}

#[test]
fn duplicate_key() {
    fails(
        "duplicate-key",
        |c| {
            edit(c, BIRTH, |s| {
                s.replacen(
                    "level = \"commune\"",
                    "level = \"commune\"\nlevel = \"province\"",
                    1,
                )
            })
        },
        "catalogue/ho-tich/1.001193.toml:11:",
        "duplicate key",
    );
}

#[test]
fn file_that_is_not_utf8() {
    fails(
        "latin1",
        |c| {
            fs::write(
                c.join("pages/cu.md"),
                b"+++\ntitle = \"Li\xean h\xe9\"\n+++\n",
            )
            .expect("write")
        },
        "pages/cu.md",
        "this file is not UTF-8 text",
    );
}

#[cfg(unix)]
#[test]
fn link_leaving_the_content_folder() {
    fails(
        "symlink",
        |c| {
            let outside = c.with_file_name("outside.md");
            fs::write(&outside, "+++\ntitle = \"Ngoài\"\n+++\n").expect("write");
            std::os::unix::fs::symlink(&outside, c.join("pages/ngoai.md")).expect("symlink");
        },
        "pages/ngoai.md",
        "this file leaves the content folder",
    );
}

#[cfg(unix)]
#[test]
fn linked_folder_leaving_the_content_folder() {
    // Folders are resolved once each, files then by name: a linked folder must still be
    // followed to where it really is.
    fails(
        "symlink-dir",
        |c| {
            let outside = c.with_file_name("outside-news");
            fs::create_dir_all(&outside).expect("mkdir");
            fs::write(
                outside.join("tin.md"),
                "+++\ntitle = \"Ngoài\"\ndate = 2026-11-01\n+++\n",
            )
            .expect("write");
            let news = c.join("communes/viet-hung/news");
            let _ = fs::remove_dir_all(&news);
            std::os::unix::fs::symlink(&outside, &news).expect("symlink");
        },
        "communes/viet-hung/news/tin.md",
        "this file leaves the content folder",
    );
}

#[test]
fn every_error_is_reported_at_once() {
    let dir = scratch("many");
    let content = dir.join("content");
    copy_tree(&repo().join("content"), &content);
    edit(&content, COPY, |s| s.replace("cap = 200000", "cap = 1500"));
    edit(&content, COMMUNE, |s| {
        s.replace("  \"2.000884\",", "  \"2.999999\",")
    });
    edit(&content, "communes/viet-hung/index.md", |s| {
        s + "\n<script>x</script>\n"
    });
    let o = build(&content, &dir.join("public"), &[]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("stopped by 3 errors"), "{stderr}");
    assert!(!dir.join("public").exists(), "nothing written");
}

#[test]
fn time_in_hours_without_an_amount() {
    fails(
        "hours-without-amount",
        |c| {
            edit(c, COPY, |s| {
                s.replace(
                    "time = { kind = \"same-day\", cutoff = \"15:00\",",
                    "time = { kind = \"hours\",",
                )
            })
        },
        "catalogue/chung-thuc/2.000815.toml:20:",
        "how many hours, months or years?",
    );
}

#[test]
fn time_in_words_without_the_words() {
    fails(
        "text-without-words",
        |c| {
            edit(c, COPY, |s| {
                s.replace(
                    "time = { kind = \"same-day\", cutoff = \"15:00\",",
                    "time = { kind = \"text\", days = 3,",
                )
            })
        },
        "catalogue/chung-thuc/2.000815.toml:20:",
        "a time given in words needs the words, and no number",
    );
}
