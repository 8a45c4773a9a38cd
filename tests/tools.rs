//! The officer's and webmaster's tools, run as the real binary: `init`, `calendar project`,
//! and `check`'s warnings and machine formats.

mod common;

use common::*;
use std::fs;

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn init_builds_and_checks_at_once() {
    let dir = scratch("init");
    let site = dir.join("site");
    let o = site_gen().arg("init").arg(&site).output().expect("init");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("next steps"), "{}", stdout(&o));
    for f in [
        "site.toml",
        "communes/phuong-dinh/commune.toml",
        "catalogue/ho-tich/1.001193.toml",
        "pages/huong-dan-nop-truc-tuyen.md",
        ".taplo.toml",
        "schemas/procedure.schema.json",
    ] {
        assert!(site.join(f).is_file(), "init did not write {f}");
    }
    // The current and the next year's calendars (init takes the year from the clock).
    let years: Vec<String> = fs::read_dir(site.join("calendar"))
        .expect("calendar folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(years.len(), 2, "{years:?}");

    let c = check(&site, &[]);
    assert!(c.status.success(), "{}", stderr(&c));
    let out = dir.join("public");
    let b = build(&site, &out, &[]);
    assert!(b.status.success(), "{}", stderr(&b));
    assert!(out
        .join("phuong-dinh/thu-tuc/1.001193/index.html")
        .is_file());
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let dir = scratch("init-full");
    fs::write(dir.join("notes.txt"), "mine").expect("write");
    let o = site_gen().arg("init").arg(&dir).output().expect("init");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("not empty"), "{}", stderr(&o));
    assert_eq!(
        fs::read_dir(&dir).expect("dir").count(),
        1,
        "init wrote files"
    );
    assert_eq!(read(&dir.join("notes.txt")), "mine");
}

#[test]
fn calendar_project_writes_a_projected_year_and_never_replaces_one() {
    let dir = scratch("project");
    let content = dir.join("content");
    copy_tree(&repo().join("content"), &content);
    let run = |year: &str| {
        site_gen()
            .args(["calendar", "project", year, "--content"])
            .arg(&content)
            .output()
            .expect("calendar project")
    };
    let o = run("2028");
    assert!(o.status.success(), "{}", stderr(&o));
    let text = read(&content.join("calendar/2028.toml"));
    assert!(text.contains("projected = true"), "{text}");
    // Tết 2028 is 26 January; Hùng Kings' day 4 April.
    assert!(text.contains("26/01/2028"), "{text}");
    assert!(text.contains("from = 2028-04-04"), "{text}");
    // The sample still checks with the new year in it.
    let c = check(&content, &[]);
    assert!(c.status.success(), "{}", stderr(&c));

    let before = read(&content.join("calendar/2027.toml"));
    let o = run("2027");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("already exists"), "{}", stderr(&o));
    assert_eq!(read(&content.join("calendar/2027.toml")), before);

    // Never outside a content folder.
    let elsewhere = dir.join("not-content");
    let o = site_gen()
        .args(["calendar", "project", "2028", "--content"])
        .arg(&elsewhere)
        .output()
        .expect("calendar project");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("holds no site.toml"), "{}", stderr(&o));
    assert!(!elsewhere.exists());
}

/// The sample's hand-projected 2027 agrees with the lunar calendar; moving Tết makes `check`
/// warn (without failing), in every format.
#[test]
fn check_warns_about_projected_lunar_dates_and_missing_years() {
    let sample = repo().join("content");
    let c = check(&sample, &["--format", "json"]);
    assert!(c.status.success(), "{}", stderr(&c));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&c)).expect("JSON");
    assert_eq!(doc["warnings"], 0, "{doc}");

    let dir = scratch("lunar-warning");
    let content = dir.join("content");
    copy_tree(&sample, &content);
    let cal = content.join("calendar/2027.toml");
    fs::write(
        &cal,
        read(&cal).replace(
            "from = 2027-02-05\nto = 2027-02-11",
            "from = 2027-02-12\nto = 2027-02-18",
        ),
    )
    .expect("write");
    let c = check(&content, &["--format", "json"]);
    assert!(
        c.status.success(),
        "warnings must not fail check: {}",
        stderr(&c)
    );
    let doc: serde_json::Value = serde_json::from_str(&stdout(&c)).expect("JSON");
    assert_eq!(doc["warnings"], 1, "{doc}");
    let w = &doc["diagnostics"][0];
    assert_eq!(w["severity"], "warning");
    assert!(
        w["message"].as_str().unwrap_or("").contains("2027-02-06"),
        "{w}"
    );
    assert!(
        w["file"]
            .as_str()
            .unwrap_or("")
            .ends_with("calendar/2027.toml"),
        "{w}"
    );

    let human = check(&content, &[]);
    assert!(
        stderr(&human).contains("warning: projected year 2027"),
        "{}",
        stderr(&human)
    );

    // Late in 2027, due dates reach 2028, which has no calendar.
    let c = check(&sample, &["--format", "github", "--as-of", "2027-12-28"]);
    assert!(c.status.success());
    assert!(
        stdout(&c).starts_with("::warning title=no calendar for 2028"),
        "{}",
        stdout(&c)
    );
}

#[test]
fn check_formats_report_the_same_errors() {
    let dir = scratch("formats");
    let content = dir.join("content");
    copy_tree(&repo().join("content"), &content);
    let file = content.join("catalogue/chung-thuc/2.000815.toml");
    fs::write(
        &file,
        read(&file).replacen("price = 2000", "ammount = 2000", 1),
    )
    .expect("write");

    let human = check(&content, &[]);
    assert_eq!(human.status.code(), Some(1));
    let shown = file.display().to_string();
    assert!(
        stderr(&human).contains(&format!("--> {shown}:23:1")),
        "{}",
        stderr(&human)
    );

    let json = check(&content, &["--format", "json"]);
    assert_eq!(json.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&json)).expect("JSON");
    assert_eq!(
        (doc["ok"].clone(), doc["errors"].clone()),
        (false.into(), 1.into())
    );
    let d = &doc["diagnostics"][0];
    assert_eq!(d["file"], shown.as_str());
    assert_eq!(
        (d["line"].clone(), d["column"].clone()),
        (23.into(), 1.into())
    );
    assert!(
        d["message"].as_str().unwrap_or("").contains("ammount"),
        "{d}"
    );

    let gh = check(&content, &["--format", "github"]);
    assert_eq!(gh.status.code(), Some(1));
    let line = stdout(&gh);
    assert!(
        line.starts_with(&format!("::error file={shown},line=23,col=1,")),
        "{line}"
    );
    assert!(line.contains("ammount"), "{line}");
}

#[test]
fn building_one_province_keeps_the_portal_and_indexes_to_it() {
    let dir = scratch("province");
    let out = dir.join("public");
    let o = build(&repo().join("content"), &out, &["--province", "hai phong"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(out.join("vinh-bao/index.html").is_file());
    assert!(!out.join("phuong-dinh").exists());
    let home = read(&out.join("index.html"));
    assert!(
        home.contains("Vĩnh Bảo") && !home.contains("Phương Định"),
        "{home}"
    );
    let index = String::from_utf8_lossy(&fs::read(out.join("search/_all.bin")).expect("index"))
        .into_owned();
    assert!(index.contains("Vĩnh Bảo") && !index.contains("Phương Định"));
    let sitemap = read(&out.join("sitemap.xml"));
    assert!(!sitemap.contains("phuong-dinh"), "{sitemap}");
    let data: serde_json::Value =
        serde_json::from_str(&read(&out.join("du-lieu/thu-tuc.json"))).expect("JSON");
    let slugs: Vec<&str> = data["communes"]
        .as_array()
        .expect("communes")
        .iter()
        .filter_map(|c| c["slug"].as_str())
        .collect();
    assert_eq!(slugs, ["vinh-bao"]);

    let two = dir.join("two");
    let o = build(
        &repo().join("content"),
        &two,
        &["--communes", "viet-hung,trung-dong"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("for 2 communes"), "{}", stdout(&o));
    assert!(two.join("viet-hung").is_dir() && two.join("trung-dong").is_dir());
    assert!(!two.join("vinh-bao").exists());
}

#[test]
fn an_unknown_commune_or_province_is_an_error_that_lists_them() {
    let out = scratch("select-bad").join("public");
    let o = build(
        &repo().join("content"),
        &out,
        &["--communes", "viet-hung,nowhere"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("there is no commune `nowhere`"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("phuong-dinh"), "{}", stderr(&o));
    let o = build(&repo().join("content"), &out, &["--province", "Atlantis"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no commune of the content folder is in `Atlantis`"));
    assert!(!out.exists(), "nothing written");
}

/// With stderr not a terminal (a CI log), progress is plain lines or nothing: never a bar's
/// escape sequences, and never on stdout, which carries the report.
#[test]
fn progress_in_a_log_is_plain_lines() {
    let out = scratch("progress").join("public");
    let o = build(&repo().join("content"), &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(!err.contains('\u{1b}') && !err.contains('\r'), "{err:?}");
    assert!(err.lines().all(|l| l.starts_with("site-gen: ")), "{err}");
    assert!(stdout(&o).starts_with("built "), "{}", stdout(&o));
}
