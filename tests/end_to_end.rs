//! End-to-end: build the real sample site with the real binary and check what citizens get.

mod common;

use common::*;
use std::fs;

fn page(rel: &str) -> String {
    read(&sample().join(rel).join("index.html"))
}

#[test]
fn writes_every_kind_of_page() {
    let out = sample();
    for rel in [
        "index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "trang/huong-dan-nop-truc-tuyen/index.html",
        "trang/tro-nang-tiep-can/index.html",
        "en/index.html",
        "en/404.html",
        "forms/don-yeu-cau-hoa-giai.txt",
    ] {
        assert!(out.join(rel).is_file(), "missing {rel}");
    }
    for commune in [
        "phuong-dinh",
        "viet-hung",
        "trung-dong",
        "truc-my",
        "cat-thanh",
        "vinh-bao",
    ] {
        for rel in [
            format!("{commune}/index.html"),
            format!("{commune}/phi-le-phi/index.html"),
            format!("{commune}/phi-le-phi/phi-le-phi.csv"),
            format!("{commune}/thu-tuc/1.001193/index.html"),
            format!("{commune}/tin-tuc/lich-nghi-tet-2026/index.html"),
            format!("en/{commune}/thu-tuc/2.000815/index.html"),
        ] {
            assert!(out.join(&rel).is_file(), "missing {rel}");
        }
    }
    let assets: Vec<_> = fs::read_dir(out.join("assets"))
        .expect("assets folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        assets
            .iter()
            .any(|a| a.starts_with("style.") && a.len() > "style..css".len() + 8),
        "the stylesheet has a content hash in its name: {assets:?}"
    );
}

#[test]
fn certified_copy_shows_tiers_cap_and_the_1500_rule() {
    let vi = page("phuong-dinh/thu-tuc/2.000815");
    let fee = text(section(&vi, "fee-h"));
    assert!(fee.contains("2.000 đ/trang"), "{fee}");
    assert!(fee.contains("từ trang thứ 3: 1.000 đ/trang"), "{fee}");
    assert!(fee.contains("tối đa 200.000 đ/bản"), "{fee}");
    let time = text(section(&vi, "time-h"));
    assert!(
        time.contains(
            "Trong ngày; nếu nhận hồ sơ sau 15:00 thì trả kết quả trong ngày làm việc tiếp theo"
        ),
        "{time}"
    );
    let en = page("en/phuong-dinh/thu-tuc/2.000815");
    let fee = text(section(&en, "fee-h"));
    assert!(fee.contains("2,000 VND per page"), "{fee}");
    assert!(fee.contains("from page 3: 1,000 VND per page"), "{fee}");
    assert!(fee.contains("at most 200,000 VND per copy"), "{fee}");
    assert!(text(section(&en, "time-h")).contains("if received after 15:00, the next working day"));
}

/// The items of the dossier group whose heading has class `dossier-<kind>`.
fn group<'a>(html: &'a str, kind: &str) -> &'a str {
    let start = html
        .find(&format!("class=\"dossier-{kind}\""))
        .unwrap_or_else(|| panic!("no {kind} group"));
    let end = start + html[start..].find("</ul>").expect("group list ends");
    &html[start..end]
}

#[test]
fn birth_registration_lists_what_everyone_brings_first() {
    let html = page("phuong-dinh/thu-tuc/1.001193");
    let submit = group(&html, "submit");
    let other = group(&html, "other");
    let show = group(&html, "show");
    let conditional = group(&html, "conditional");
    assert!(text(submit).contains("Giấy tờ phải nộp (1)"), "{submit}");
    assert!(text(submit).contains("Giấy chứng sinh"));
    // The portal's untitled group holds the declaration form: titled for what it is.
    assert!(
        text(other).contains("nguồn không ghi rõ phải nộp hay xuất trình) (2)"),
        "{other}"
    );
    assert!(text(other).contains("Tờ khai đăng ký khai sinh"));
    assert!(text(show).contains("Giấy tờ phải xuất trình (1)"));
    assert!(text(show).contains("Hộ chiếu/Thẻ căn cước công dân"));
    // Documents for special cases come after, each under its condition, text kept.
    assert_eq!(
        conditional.matches("class=\"doc\"").count(),
        4,
        "{conditional}"
    );
    assert!(text(conditional)
        .contains("Chỉ khi trẻ em bị bỏ rơi: Trường hợp trẻ em bị bỏ rơi thì phải có biên bản"));
    let order = |needle: &str| html.find(needle).expect(needle);
    assert!(order("class=\"dossier-show\"") < order("class=\"dossier-conditional\""));
    // Copy counts next to each document; every dossier entry of the record is on the page.
    assert_eq!(submit.matches("1 bản chính").count(), 1, "{submit}");
    let all = section(&html, "docs-h");
    assert_eq!(
        all.matches("class=\"doc\"").count() + all.matches("class=\"note\"").count(),
        23,
        "every dossier entry of the record is on the page"
    );
}

#[test]
fn set_by_province_never_reads_as_free() {
    // 1.004873's only fee is "set by the province".
    let html = page("phuong-dinh/thu-tuc/1.004873");
    let fee = text(section(&html, "fee-h"));
    assert!(
        fee.contains("Theo mức do Hội đồng nhân dân tỉnh quy định"),
        "{fee}"
    );
    assert!(!fee.contains("Miễn phí"), "{fee}");
    let catalogue = page("phuong-dinh");
    let row_start = catalogue.find("1.004873").expect("listed");
    let row = &catalogue[row_start..row_start + catalogue[row_start..].find("</tr>").expect("row")];
    assert!(!text(row).contains("Miễn phí"), "{row}");
    assert!(
        text(row).contains("Theo mức do Hội đồng nhân dân tỉnh quy định"),
        "{row}"
    );
    // Late birth registration: free on time, provincial rate when late; both cases shown.
    let fee = text(section(&page("phuong-dinh/thu-tuc/1.001193"), "fee-h"));
    assert!(
        fee.contains("Đăng ký khai sinh quá hạn: Theo mức do Hội đồng nhân dân tỉnh quy định"),
        "{fee}"
    );
}

#[test]
fn repealed_procedures_are_gone_and_future_ones_say_when() {
    let out = sample();
    assert!(!out.join("phuong-dinh/thu-tuc/1.000593").exists());
    let catalogue = page("phuong-dinh");
    assert!(!catalogue.contains("1.000593"));
    let row_start = catalogue.find("1.004884").expect("listed");
    let row = &catalogue[row_start..row_start + catalogue[row_start..].find("</tr>").expect("row")];
    assert!(
        text(row).contains("Có hiệu lực từ ngày 01/01/2027"),
        "{row}"
    );
    let html = page("phuong-dinh/thu-tuc/1.004884");
    assert!(text(&html).contains("Có hiệu lực từ ngày 01/01/2027"));
    assert!(!read(&out.join("sitemap.xml")).contains("1.000593"));
}

#[test]
fn province_fee_decisions_apply_from_their_date_and_only_in_their_province() {
    // Hải Phòng's 23/2026/NQ-HĐND: free online from 8 Aug 2026.
    let vb = text(section(&page("vinh-bao/thu-tuc/1.001193"), "fee-h"));
    assert!(vb.contains("23/2026/NQ-HĐND"), "{vb}");
    assert!(
        vb.contains("Không thu lệ phí khi nộp hồ sơ trực tuyến"),
        "{vb}"
    );
    let pd = text(section(&page("phuong-dinh/thu-tuc/1.001193"), "fee-h"));
    assert!(
        !pd.contains("23/2026/NQ-HĐND"),
        "Nam Định is not bound by Hải Phòng: {pd}"
    );
    // Before its date the decision is announced, not applied.
    let out = scratch("before-waiver").join("public");
    let o = build(&repo().join("content"), &out, &["--as-of", "2026-08-01"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let html = read(&out.join("vinh-bao/thu-tuc/1.001193/index.html"));
    let fee = text(section(&html, "fee-h"));
    assert!(fee.contains("Từ ngày 08/08/2026: Miễn phí"), "{fee}");
    assert!(fee.contains("Đăng ký khai sinh quá hạn: Theo mức"), "{fee}");
}

#[test]
fn commune_page_has_desk_and_catalogue_by_field() {
    let html = page("phuong-dinh");
    let t = text(&html);
    for want in [
        "Bộ phận Một cửa",
        "Thứ Hai – Thứ Sáu: 07:30 – 11:30",
        "Thứ Bảy: 07:30 – 11:00",
        "0228 3000 101",
        "motcua.phuong-dinh@example.vn",
        "Xem vị trí trên bản đồ OpenStreetMap",
    ] {
        assert!(t.contains(want), "missing {want}");
    }
    assert_eq!(html.matches("<caption id=\"linh-vuc-").count(), 5);
    for field in [
        "Hộ tịch",
        "Chứng thực",
        "Bảo trợ xã hội",
        "Thi đua - khen thưởng",
        "Đất đai",
    ] {
        let heading = format!(" {field} Thủ tục Thời hạn giải quyết");
        assert!(t.contains(&heading), "missing field {field}");
    }
    assert!(t.contains("Lịch nghỉ Tết Nguyên đán Bính Ngọ 2026"));
}

#[test]
fn procedure_page_follows_the_citizens_order() {
    let html = page("phuong-dinh/thu-tuc/1.001193");
    let ids = [
        "who-h", "result-h", "time-h", "fee-h", "docs-h", "apply-h", "steps-h", "help-h", "legal-h",
    ];
    let positions: Vec<usize> = ids
        .iter()
        .map(|id| {
            html.find(&format!("id=\"{id}\""))
                .unwrap_or_else(|| panic!("no {id}"))
        })
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "sections out of order: {positions:?}"
    );
    assert!(html.contains(
        "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/019d2bfd-3fe0-70ac-b9d6-5e9e20d6eef7"
    ));
    let legal = text(section(&html, "legal-h"));
    assert!(legal.contains("60/2014/QH13"));
    assert!(legal.contains("Dữ liệu được kiểm tra ngày 24/11/2026"));
    assert!(html.contains("\"@type\":\"GovernmentService\""));
}

#[test]
fn fee_schedule_page_and_csv_agree() {
    let html = page("phuong-dinh/phi-le-phi");
    assert!(html.contains("<caption>Biểu phí, lệ phí — Xã Phương Định</caption>"));
    let csv = read(&sample().join("phuong-dinh/phi-le-phi/phi-le-phi.csv"));
    assert!(csv.starts_with('\u{feff}'), "BOM for spreadsheet programs");
    let row = csv
        .lines()
        .find(|l| l.starts_with("2.000815,"))
        .expect("2.000815 in the CSV");
    assert!(row.contains(",per-unit,"), "{row}");
    assert!(row.contains(",2000,trang,3:1000,200000,VND,"), "{row}");
    assert!(
        !csv.contains("1.000593"),
        "repealed procedures are not in the schedule"
    );
    let late = csv
        .lines()
        .find(|l| l.starts_with("1.001193,") && l.contains("quá hạn"))
        .expect("late birth registration");
    assert!(late.contains(",set-by-province,"), "{late}");
}

#[test]
fn no_inline_scripts_styles_or_handlers() {
    for rel in html_files(sample()) {
        let html = read(&sample().join(&rel));
        for (i, _) in html.match_indices("<script") {
            let tag = &html[i..i + html[i..].find('>').expect("tag ends")];
            let data = tag == "<script type=\"application/ld+json\"";
            let external =
                tag.contains(" src=\"") && html[i..].starts_with(&format!("{tag}></script>"));
            assert!(
                data || external,
                "{}: an executable inline script: {tag}",
                rel.display()
            );
        }
        assert!(!html.contains(" style="), "{}: inline style", rel.display());
        assert!(!html.contains("<style"), "{}: style element", rel.display());
        assert!(
            !html.contains(" onclick="),
            "{}: event handler",
            rel.display()
        );
    }
}

#[test]
fn languages_and_translations() {
    assert!(page("").starts_with("<!DOCTYPE html>\n<html lang=\"vi\">"));
    assert!(page("en").starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    let en = text(&page("en/phuong-dinh"));
    assert!(en.contains("One-stop desk"));
    assert!(en.contains("Monday – Friday: 07:30 – 11:30"));
    // Every interface string exists in both languages: tests/translations.rs. No translation
    // key leaked into a page (a key missing from both shows as itself).
    for rel in html_files(sample()) {
        let t = text(&read(&sample().join(&rel)));
        for key in [
            "fee_", "time_", "channel_", "weekday_", "dossier_", "status_",
        ] {
            assert!(
                !t.split(' ').any(|w| w.starts_with(key)),
                "{}: raw translation key {key}…",
                rel.display()
            );
        }
    }
}

#[test]
fn sitemap_and_robots() {
    let sitemap = read(&sample().join("sitemap.xml"));
    assert!(sitemap.contains("<loc>https://motcua.example.vn/phuong-dinh/thu-tuc/2.000815/</loc>"));
    assert!(sitemap.contains("<loc>https://motcua.example.vn/en/</loc>"));
    assert!(!sitemap.contains("404"));
    let pages = html_files(sample()).len() - 2; // both 404 pages
                                                // And the open data: JSON and JSON-LD of the site and of each of the six communes.
    let data = 2 * (1 + 6);
    assert_eq!(sitemap.matches("/du-lieu/thu-tuc.json").count(), data);
    assert_eq!(sitemap.matches("<loc>").count(), pages + data);
    assert!(read(&sample().join("robots.txt"))
        .contains("Sitemap: https://motcua.example.vn/sitemap.xml"));
}

#[test]
fn building_twice_gives_identical_output() {
    let a = scratch("twice-a").join("public");
    let b = scratch("twice-b").join("public");
    for out in [&a, &b] {
        let o = build(&repo().join("content"), out, &[]);
        assert!(o.status.success());
    }
    let (sa, sb) = (snapshot(&a), snapshot(&b));
    assert!(sa.len() > 150);
    assert!(sa == sb, "two builds of the same content differ");
    // Rebuilding in place also works and gives the same bytes.
    let o = build(&repo().join("content"), &a, &[]);
    assert!(o.status.success());
    assert!(snapshot(&a) == sb);
}

#[test]
fn output_is_nfc_even_when_content_is_not() {
    let content = scratch("nfd").join("content");
    copy_tree(&repo().join("content"), &content);
    let news = content.join("communes/phuong-dinh/news/lich-nghi-tet-2026.md");
    // "Tết" typed with a combining acute over "ê" (NFD).
    let nfd = read(&news).replace("Tết", "Tê\u{0301}t");
    assert!(nfd.contains('\u{0301}'));
    fs::write(&news, nfd).expect("write");
    let out = content.with_file_name("public");
    let o = build(&content, &out, &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let html = read(&out.join("phuong-dinh/tin-tuc/lich-nghi-tet-2026/index.html"));
    assert!(!html.contains('\u{0301}'));
    assert!(html.contains("Tết"));
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_write() {
    let out = scratch("foreign");
    fs::write(out.join("precious.txt"), "keep me").expect("write");
    let o = build(&repo().join("content"), &out, &[]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("holds files site-gen did not write"));
    assert_eq!(read(&out.join("precious.txt")), "keep me");
}

#[test]
fn check_validates_without_writing() {
    let out = scratch("check").join("public");
    let o = site_gen()
        .args(["check", "--themes"])
        .arg(repo().join("themes"))
        .arg("--content")
        .arg(repo().join("content"))
        .arg("--out")
        .arg(&out)
        .output()
        .expect("runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("ok: 6 communes, 14 procedures"));
    assert!(!out.exists());
}

#[test]
fn the_built_in_theme_matches_the_theme_folder() {
    // Without --themes and without a themes/ folder beside the content, the theme embedded in
    // the binary is used; its output must equal the repository's theme output.
    let dir = scratch("embedded");
    copy_tree(&repo().join("content"), &dir.join("content"));
    let out = dir.join("public");
    let o = site_gen()
        .args(["build", "--as-of", AS_OF, "--content"])
        .arg(dir.join("content"))
        .arg("--out")
        .arg(&out)
        .output()
        .expect("runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(snapshot(&out) == snapshot(sample()));
}

/// A coming fee change is announced only if the page built on its date shows it: a commune
/// override on the same channel outranks the decision, so no change is announced; `check`
/// warns about the contradiction once the decision is in force.
#[test]
fn announced_fee_changes_are_what_applies_on_their_date() {
    let dir = scratch("announce");
    let content = dir.join("content");
    copy_tree(&repo().join("content"), &content);
    let online_fee = |content: &std::path::Path, as_of: &str| {
        let out = content.with_file_name(format!("public-{as_of}"));
        let o = build(content, &out, &["--as-of", as_of]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let html = read(&out.join("vinh-bao/thu-tuc/1.001193/index.html"));
        let fees = section(&html, "fee-h");
        // The online channel's row.
        let row = fees
            .split("<tr>")
            .find(|r| r.contains("Trực tuyến"))
            .expect("an online row");
        text(row)
    };
    let before = online_fee(&content, "2026-08-01");
    assert!(before.contains("Từ ngày 08/08/2026: Miễn phí"), "{before}");
    let after = online_fee(&content, "2026-08-10");
    assert!(!after.contains("Từ ngày"), "{after}");
    assert!(after.contains("23/2026/NQ-HĐND"), "{after}");
    // The commune keeps its own online fee.
    let commune = content.join("communes/vinh-bao/commune.toml");
    let mut text_of = read(&commune);
    text_of.push_str(
        "\n[[override]]\nprocedure = \"1.001193\"\nchannel = \"online\"\nfee = [{ kind = \"flat\", amount = 5000 }]\n",
    );
    fs::write(&commune, text_of).expect("write");
    let before = online_fee(&content, "2026-08-01");
    assert!(
        !before.contains("Từ ngày 08/08/2026"),
        "the override still applies on 08/08: nothing to announce: {before}"
    );
    assert!(before.contains("5.000 đ"), "{before}");
    let after = online_fee(&content, "2026-08-10");
    assert!(
        after.contains("5.000 đ") && !after.contains("Từ ngày"),
        "{after}"
    );
    // check: a warning once the decision is in force, none before.
    let check = |as_of: &str| {
        let o = site_gen()
            .args(["check", "--as-of", as_of, "--themes"])
            .arg(repo().join("themes"))
            .arg("--content")
            .arg(&content)
            .output()
            .expect("runs");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stderr).into_owned()
    };
    assert!(!check("2026-08-01").contains("warning:"));
    let warned = check("2026-08-10");
    assert!(
        warned.contains("warning: the override of 1.001193 (online channel)")
            && warned.contains("communes/vinh-bao/commune.toml")
            && warned.contains("23/2026/NQ-HĐND"),
        "{warned}"
    );
}

/// Reference pages: the whole HTML of one procedure page per language (birth registration
/// 1.001193 in Phương Định, as of [`AS_OF`]), snapshotted in tests/snapshots/. These pages
/// must stay byte-identical through refactors: a diff here is a change citizens see, to be
/// made on purpose and accepted with `INSTA_UPDATE=always cargo test -p site-gen --test
/// end_to_end reference_pages`, then read in `git diff tests/snapshots/`. Only the content hashes
/// in the widget's file names are masked: they follow the wasm toolchain that builds
/// widget/dist (checked by the widget's own tests), not the generator.
#[test]
fn reference_pages() {
    for (name, rel) in [
        ("procedure-1.001193-vi", "phuong-dinh/thu-tuc/1.001193"),
        ("procedure-1.001193-en", "en/phuong-dinh/thu-tuc/1.001193"),
    ] {
        let html = page(rel);
        let mut masked = String::with_capacity(html.len());
        let mut rest = html.as_str();
        while let Some(at) = rest.find("/assets/motcua-widget") {
            let name_end = at + rest[at..].find('.').expect("a hashed name") + 1;
            let hash_end = name_end + rest[name_end..].find('.').expect("an extension");
            masked.push_str(&rest[..name_end]);
            masked.push_str("[hash]");
            rest = &rest[hash_end..];
        }
        masked.push_str(rest);
        snap::assert_snapshot(
            "end_to_end",
            name,
            &masked,
            "cargo test -p site-gen --test end_to_end reference_pages",
        );
    }
}
