//! Incremental builds must give exactly what a clean build gives. Each test edits a copy of
//! the sample content, rebuilds over the previous output, and compares every byte (manifest
//! included) with a clean build of the edited content.

mod common;

use common::*;
use site_gen::render::kinds::Input;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

struct Case {
    content: PathBuf,
    out: PathBuf,
}

fn case(name: &str) -> Case {
    let dir = scratch(name);
    let content = dir.join("content");
    copy_tree(&repo().join("content"), &content);
    let out = dir.join("public");
    let o = build(&content, &out, &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    Case { content, out }
}

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Rebuilds incrementally, then compares with a clean build; returns the incremental report.
fn rebuild_matches_clean(c: &Case) -> String {
    let o = build(&c.content, &c.out, &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let clean = c.out.with_file_name("clean");
    let _ = fs::remove_dir_all(&clean);
    let f = build(&c.content, &clean, &[]);
    assert!(f.status.success(), "{}", String::from_utf8_lossy(&f.stderr));
    let (inc, full) = (snapshot(&c.out), snapshot(&clean));
    let paths = |s: &[(PathBuf, Vec<u8>)]| s.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(paths(&inc), paths(&full), "the same files");
    for ((p, a), (_, b)) in inc.iter().zip(&full) {
        assert!(a == b, "{} differs from a clean build", p.display());
    }
    stdout(&o)
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = read(path);
    assert!(text.contains(from), "{}: no {from:?}", path.display());
    fs::write(path, text.replacen(from, to, 1)).expect("write");
}

fn counts(report: &str) -> (usize, usize) {
    let num = |key: &str| -> usize {
        let at = report
            .find(key)
            .unwrap_or_else(|| panic!("no `{key}` in {report}"));
        report[..at]
            .split(|c: char| !c.is_ascii_digit())
            .rfind(|s| !s.is_empty())
            .and_then(|n| n.parse().ok())
            .expect("a number")
    };
    (num(" rendered"), num(" written"))
}

#[test]
fn editing_a_commune_rebuilds_its_pages_only() {
    let c = case("inc-commune");
    edit(
        &c.content.join("communes/viet-hung/commune.toml"),
        "0228 3000 102",
        "0228 3000 112",
    );
    let report = rebuild_matches_clean(&c);
    let (rendered, written) = counts(&report);
    // Its pages in two languages, its index, its CSV, the portal, the site index: not the
    // other five communes' pages.
    assert!(rendered < 70, "{report}");
    assert!(written > 20, "{report}");
    assert!(read(&c.out.join("viet-hung/index.html")).contains("0228 3000 112"));
}

#[test]
fn renaming_a_commune_and_its_overrides_reach_the_portal_and_the_indexes() {
    let c = case("inc-rename");
    let file = c.content.join("communes/trung-dong/commune.toml");
    edit(&file, "name = \"Trung Đông\"", "name = \"Trung Đông Mới\"");
    edit(&file, "days = 10 }", "days = 9 }");
    rebuild_matches_clean(&c);
    assert!(read(&c.out.join("index.html")).contains("Trung Đông Mới"));
    let index = fs::read(c.out.join("search/_all.bin")).expect("site index");
    assert!(String::from_utf8_lossy(&index).contains("Trung Đông Mới"));
}

#[test]
fn editing_a_procedure_rebuilds_every_commune_that_receives_it() {
    let c = case("inc-procedure");
    edit(
        &c.content.join("catalogue/chung-thuc/2.000884.toml"),
        "Thủ tục chứng thực chữ ký",
        "Thủ tục chứng thực chữ ký (đã sửa)",
    );
    let report = rebuild_matches_clean(&c);
    for commune in ["phuong-dinh", "vinh-bao"] {
        assert!(
            read(&c.out.join(format!("{commune}/thu-tuc/2.000884/index.html")))
                .contains("(đã sửa)")
        );
    }
    let (rendered, _) = counts(&report);
    assert!(rendered < 120, "{report}");
}

#[test]
fn editing_a_markdown_body_rebuilds_that_page_only() {
    let c = case("inc-markdown");
    edit(
        &c.content.join("pages/lien-he.md"),
        "Mỗi xã có địa chỉ",
        "Mỗi xã, phường có địa chỉ",
    );
    let report = rebuild_matches_clean(&c);
    assert_eq!(counts(&report), (2, 2), "{report}");
}

#[test]
fn editing_a_page_title_rebuilds_every_menu() {
    let c = case("inc-title");
    edit(
        &c.content.join("pages/lien-he.md"),
        "title = \"Liên hệ\"",
        "title = \"Liên hệ, góp ý\"",
    );
    let report = rebuild_matches_clean(&c);
    assert!(read(&c.out.join("phuong-dinh/thu-tuc/2.000815/index.html")).contains("Liên hệ, góp ý"));
    assert!(counts(&report).0 > 150, "{report}");
}

#[test]
fn news_fee_decisions_and_calendars_propagate() {
    let c = case("inc-various");
    edit(
        &c.content
            .join("communes/truc-my/news/lich-nghi-tet-2026.md"),
        "title = \"Lịch nghỉ Tết",
        "title = \"Thông báo lịch nghỉ Tết",
    );
    edit(
        &c.content.join("fees/23-2026-NQ-HDND-hai-phong.toml"),
        "Không thu lệ phí",
        "Miễn lệ phí",
    );
    edit(
        &c.content.join("calendar/2027.toml"),
        "from = 2027-04-16",
        "from = 2027-04-15",
    );
    rebuild_matches_clean(&c);
}

#[test]
fn deleting_a_procedure_removes_its_pages() {
    let c = case("inc-delete");
    fs::remove_file(c.content.join("catalogue/chung-thuc/2.001035.toml")).expect("remove");
    for commune in ["phuong-dinh", "trung-dong", "truc-my", "cat-thanh"] {
        edit(
            &c.content.join(format!("communes/{commune}/commune.toml")),
            "  \"2.001035\",\n",
            "",
        );
    }
    rebuild_matches_clean(&c);
    assert!(
        !c.out.join("phuong-dinh/thu-tuc/2.001035").exists(),
        "its folder is gone too"
    );
    assert!(!read(&c.out.join("sitemap.xml")).contains("2.001035"));
}

#[test]
fn a_no_change_rebuild_writes_nothing() {
    let c = case("inc-nothing");
    let mtimes = |dir: &Path| -> Vec<(PathBuf, SystemTime)> {
        snapshot(dir)
            .into_iter()
            .map(|(p, _)| {
                let t = fs::metadata(dir.join(&p))
                    .and_then(|m| m.modified())
                    .expect("mtime");
                (p, t)
            })
            .collect()
    };
    let before = mtimes(&c.out);
    let o = build(&c.content, &c.out, &[]);
    assert!(o.status.success());
    assert_eq!(counts(&stdout(&o)), (0, 0), "{}", stdout(&o));
    assert_eq!(
        mtimes(&c.out),
        before,
        "no file touched, the manifest included"
    );
}

#[test]
fn a_render_error_midway_leaves_the_previous_output() {
    let c = case("inc-render-error");
    let before = snapshot(&c.out);
    // A template that fails only while rendering procedure pages (an undefined variable).
    let templates = c.content.join("theme/templates");
    fs::create_dir_all(&templates).expect("mkdir");
    let original = read(&repo().join("themes/default/templates/procedure.html"));
    let procedure = original.replace(
        "{{ p.code }}</span></span>",
        "{{ p.code }}</span></span>{{ khong_co.truong }}",
    );
    assert_ne!(procedure, original);
    fs::write(templates.join("procedure.html"), procedure).expect("write");
    let o = build(&c.content, &c.out, &[]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("procedure.html"));
    assert!(
        snapshot(&c.out) == before,
        "the previous output must be untouched"
    );
    assert!(!c.out.with_file_name(".public.staging").exists());
}

/// Options to build a case inside this process, as `serve` does.
fn in_process(c: &Case) -> site_gen::Options {
    site_gen::Options {
        content: c.content.clone(),
        out: c.out.clone(),
        as_of: catalog::Date::parse(AS_OF).expect("date"),
        base_url: None,
        themes: Some(repo().join("themes")),
        select: Default::default(),
    }
}

#[test]
fn warm_rebuilds_as_serve_does_match_clean_builds() {
    // `serve` keeps parsed files between rebuilds; edited files must be parsed again.
    let c = case("inc-warm");
    let opts = in_process(&c);
    let mut cache = site_gen::Cache::default();
    let first = site_gen::build_cached(&opts, &mut cache).expect("builds");
    assert_eq!(first.rendered, 0, "nothing changed since the case's build");
    edit(
        &c.content.join("catalogue/chung-thuc/2.000884.toml"),
        "Thủ tục chứng thực chữ ký",
        "Thủ tục chứng thực chữ ký (ấm)",
    );
    edit(
        &c.content.join("communes/phuong-dinh/commune.toml"),
        "0228 3000 101",
        "0228 3000 199",
    );
    let warm = site_gen::build_cached(&opts, &mut cache).expect("builds");
    assert!(warm.rendered > 0);
    let clean = c.out.with_file_name("clean");
    let f = build(&c.content, &clean, &[]);
    assert!(f.status.success());
    assert!(
        snapshot(&c.out) == snapshot(&clean),
        "a warm rebuild must equal a clean build"
    );
    // And a bad edit is still reported, with its line, from a warm cache.
    edit(
        &c.content.join("catalogue/chung-thuc/2.000815.toml"),
        "cap = 200000",
        "cap = 1500",
    );
    let err = site_gen::build_cached(&opts, &mut cache).expect_err("cap below price");
    assert!(err.to_string().contains("2.000815.toml:26:"), "{err}");
    // Once mended, the warm rebuild again equals a clean build.
    edit(
        &c.content.join("catalogue/chung-thuc/2.000815.toml"),
        "cap = 1500",
        "cap = 200000",
    );
    let mended = site_gen::build_cached(&opts, &mut cache).expect("builds");
    assert_eq!(
        mended.rendered, 0,
        "the mended content is what was built last"
    );
    let _ = fs::remove_dir_all(&clean);
    let f = build(&c.content, &clean, &[]);
    assert!(f.status.success());
    assert!(
        snapshot(&c.out) == snapshot(&clean),
        "a warm rebuild after an error must equal a clean build"
    );
}

#[test]
fn a_warm_rebuild_notices_an_output_changed_behind_its_back() {
    // `serve` trusts its record of the output only while the manifest on disk is the one it
    // wrote: after the output is deleted, or rebuilt by another process, it looks again.
    let c = case("inc-warm-output");
    let opts = in_process(&c);
    let mut cache = site_gen::Cache::default();
    site_gen::build_cached(&opts, &mut cache).expect("builds");
    let clean = snapshot(&c.out);
    fs::remove_dir_all(&c.out).expect("delete the output");
    let again = site_gen::build_cached(&opts, &mut cache).expect("builds");
    assert_eq!(again.written, again.files, "everything is written again");
    assert!(snapshot(&c.out) == clean, "the output is restored whole");

    // Another process rebuilds with a different commune phone number, then the warm
    // process's content goes back: every page the other build changed must be redone.
    let commune = c.content.join("communes/phuong-dinh/commune.toml");
    edit(&commune, "0228 3000 101", "0228 3000 199");
    let o = build(&c.content, &c.out, &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    edit(&commune, "0228 3000 199", "0228 3000 101");
    let back = site_gen::build_cached(&opts, &mut cache).expect("builds");
    assert!(back.written > 0);
    assert!(snapshot(&c.out) == clean, "equal to the first build");
}

#[test]
fn statistics_files_are_inputs_of_the_pages_that_show_them() {
    let c = case("inc-stats");
    // A figure of Phương Định in the latest month: its page, its statistics page, the
    // ranking, the overview and the open data change; no procedure page is rendered.
    edit(
        &c.content.join("statistics/2026-10/vd-vi-du.toml"),
        "received = 455\non_time = 452",
        "received = 456\non_time = 453",
    );
    let report = rebuild_matches_clean(&c);
    let (rendered, _) = counts(&report);
    // Its page and statistics page, the ranking, the portal and the overview (two languages
    // each), the CSV and the JSON: not the other communes' pages.
    assert_eq!(rendered, 12, "{report}");
    assert!(read(&c.out.join("phuong-dinh/index.html")).contains("<dd>456</dd>"));
    assert!(read(&c.out.join("thong-ke/thong-ke.csv")).contains(",456,453,3,"));
    // A new period appears; linking a commune to another unit moves its figures.
    let sep = c.content.join("statistics/2026-09/vd-vi-du.toml");
    let nov = c.content.join("statistics/2026-11");
    fs::create_dir_all(&nov).expect("dir");
    fs::write(
        nov.join("vd-vi-du.toml"),
        read(&sep).replace("2026-09", "2026-11"),
    )
    .expect("write");
    edit(
        &c.content.join("communes/truc-my/commune.toml"),
        "portal_unit = \"VD.104\"",
        "portal_unit = \"VD.105\"",
    );
    edit(
        &c.content.join("communes/cat-thanh/commune.toml"),
        "portal_unit = \"VD.105\"",
        "portal_unit = \"VD.104\"",
    );
    rebuild_matches_clean(&c);
    assert!(read(&c.out.join("truc-my/thong-ke/index.html")).contains("VD.105"));
    // Removing every statistics file removes their pages.
    fs::remove_dir_all(c.content.join("statistics")).expect("remove");
    rebuild_matches_clean(&c);
    assert!(!c.out.join("thong-ke").exists());
    assert!(!c.out.join("phuong-dinh/thong-ke").exists());
}

/// A change to a content folder.
type Edit = fn(&Path);

/// An edit of the content that changes what `input` names (in a way some page shows): the
/// group it shares with other inputs (one file can be several inputs) and the edit, or `None`
/// for an input that is no content file. Exhaustive on purpose: a new kind of input does not
/// compile here until it has an edit.
fn edit_of(input: Input) -> Option<(&'static str, Edit)> {
    Some(match input {
        // The theme and the generator's version are global too; the test edits site.toml.
        Input::Global => ("site", |c| {
            edit(
                &c.join("site.toml"),
                "Danh mục thủ tục hành chính,",
                "Danh mục các thủ tục hành chính,",
            )
        }),
        // The language a page is in: fixed by the build, not a file.
        Input::Language => return None,
        Input::Menu => ("menu", |c| {
            edit(
                &c.join("pages/lien-he.md"),
                "title = \"Liên hệ\"",
                "title = \"Liên hệ với chúng tôi\"",
            )
        }),
        Input::PageFile => ("page", |c| {
            edit(
                &c.join("pages/lien-he.md"),
                "*Trang mẫu:",
                "*Trang mẫu (ví dụ):",
            );
            edit(
                &c.join("communes/phuong-dinh/news/lich-nghi-tet-2026.md"),
                "Cán bộ, công chức nghỉ",
                "Cán bộ và công chức nghỉ",
            );
        }),
        Input::CommuneFile => ("commune", |c| {
            edit(
                &c.join("communes/phuong-dinh/commune.toml"),
                "# mã đơn vị",
                "# (ví dụ) mã đơn vị",
            )
        }),
        Input::CommuneListing | Input::AllCommunes => ("listing", |c| {
            edit(
                &c.join("communes/phuong-dinh/commune.toml"),
                "name = \"Phương Định\"",
                "name = \"Phương Định Mới\"",
            )
        }),
        Input::CommuneIntro => ("intro", |c| {
            edit(
                &c.join("communes/phuong-dinh/index.md"),
                "tiếp nhận và trả kết quả",
                "tiếp nhận, trả kết quả",
            )
        }),
        Input::CommuneNews | Input::AllNews => ("news", |c| {
            edit(
                &c.join("communes/phuong-dinh/news/lich-nghi-tet-2026.md"),
                "date = 2026-01-20",
                "date = 2026-01-21",
            )
        }),
        Input::CommuneProcedures | Input::ProcedureFile | Input::AllProcedures => {
            ("procedure", |c| {
                edit(
                    &c.join("catalogue/ho-tich/1.001193.toml"),
                    "name = \"Thủ tục đăng ký khai sinh\"",
                    "name = \"Thủ tục đăng ký khai sinh (đã sửa)\"",
                )
            })
        }
        Input::CommuneStatistics | Input::Statistics => ("statistics", |c| {
            edit(
                &c.join("statistics/2026-10/vd-vi-du.toml"),
                "received = 455\non_time = 452",
                "received = 456\non_time = 453",
            )
        }),
        Input::FeeDecisions => ("fees", |c| {
            edit(
                &c.join("fees/23-2026-NQ-HDND-hai-phong.toml"),
                "Không thu lệ phí",
                "Miễn lệ phí",
            )
        }),
        Input::ChangeLog => ("changes", |c| {
            edit(
                &c.join("changes/2026-11-24.toml"),
                "kind = \"amended\"",
                "kind = \"new\"",
            )
        }),
        Input::Calendar => ("calendar", |c| {
            edit(
                &c.join("calendar/2027.toml"),
                "from = 2027-04-16",
                "from = 2027-04-15",
            )
        }),
        // A form added, then changed.
        Input::OwnBytes => ("form", |c| {
            let form = c.join("forms/to-khai-vi-du.txt");
            fs::write(&form, "Mẫu tờ khai (ví dụ).\n").expect("form");
            rebuild_matches_clean_at(c);
            fs::write(&form, "Mẫu tờ khai (ví dụ), bản 2.\n").expect("form");
        }),
    })
}

/// Every kind of input the page kinds declare from, edited in turn: after each edit, the
/// incremental build equals a clean one. A page kind that reads an input it does not declare
/// keeps its old file and fails here.
#[test]
fn every_kind_of_input_rebuilds_exactly_what_a_clean_build_gives() {
    let c = case("inc-declared");
    let mut done: Vec<&str> = Vec::new();
    for &input in Input::ALL {
        let Some((group, apply)) = edit_of(input) else {
            continue;
        };
        if !done.contains(&group) {
            done.push(group);
            apply(&c.content);
            rebuild_matches_clean(&c);
        }
    }
    println!("edited: {}", done.join(", "));
}

/// [`rebuild_matches_clean`] for the case whose content folder is `content`.
fn rebuild_matches_clean_at(content: &Path) {
    let dir = content.parent().expect("case folder");
    rebuild_matches_clean(&Case {
        content: content.to_path_buf(),
        out: dir.join("public"),
    });
}
