//! `site-gen import national-portal` on the real portal record in ../shared/data, and on
//! variations of it that exercise each trap and each kind of bad input.

mod common;

use common::*;
use serde_json::{json, Value};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

fn record_path() -> PathBuf {
    repo().join("../shared/data/national-portal/1.001193.json")
}

fn record() -> Value {
    serde_json::from_str(&read(&record_path())).expect("the shared record is JSON")
}

/// A copy of the sample content without 1.001193, so the import creates it.
fn fresh_content(name: &str) -> PathBuf {
    let content = scratch(name).join("content");
    copy_tree(&repo().join("content"), &content);
    fs::remove_file(content.join("catalogue/ho-tich/1.001193.toml")).expect("remove");
    content
}

fn import(content: &Path, inputs: &[&Path], extra: &[&str]) -> Output {
    site_gen()
        .args(["import", "national-portal", "--as-of", AS_OF, "--content"])
        .arg(content)
        .args(extra)
        .args(inputs)
        .output()
        .expect("site-gen runs")
}

fn write_json(dir: &Path, name: &str, v: &Value) -> PathBuf {
    let p = dir.join(name);
    fs::write(&p, serde_json::to_string_pretty(v).expect("json")).expect("write");
    p
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Imports `inputs` into a fresh content copy, builds, and returns the page of 1.001193.
fn import_and_build(name: &str, inputs: &[&Path]) -> (PathBuf, String) {
    let content = fresh_content(name);
    let o = import(&content, inputs, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = content.with_file_name("public");
    let b = build(&content, &out, &[]);
    assert!(
        b.status.success(),
        "the imported TOML must build:\n{}",
        stderr(&b)
    );
    let html = read(&out.join("phuong-dinh/thu-tuc/1.001193/index.html"));
    (content, html)
}

#[test]
fn the_real_record_arrives_complete() {
    let (content, html) = import_and_build("complete", &[&record_path()]);
    assert!(content.join("catalogue/ho-tich/1.001193.toml").is_file());
    let docs = section(&html, "docs-h");
    let entries = docs.matches("class=\"doc\"").count() + docs.matches("class=\"note\"").count();
    assert_eq!(entries, 23, "all 23 dossier entries");
    let legal = section(&html, "legal-h");
    assert_eq!(
        legal.matches("class=\"code\"").count(),
        15,
        "the 15 legal-basis codes"
    );
    assert!(text(section(&html, "result-h")).contains("Giấy khai sinh"));
    let who = text(section(&html, "who-h"));
    assert!(
        who.contains("Công dân Việt Nam") && who.contains("Người Việt Nam định cư ở nước ngoài")
    );
    let time = section(&html, "time-h");
    // Three channels with the same time share one row, named after all three.
    assert_eq!(
        time.matches("<tr><th scope=\"row\">").count(),
        1,
        "one row for three channels"
    );
    assert!(text(time).contains(
        "Trực tuyến (một phần); Qua dịch vụ bưu chính công ích; Trực tiếp tại Bộ phận Một cửa"
    ));
    assert!(
        text(time).contains("nếu nhận hồ sơ sau 15:00"),
        "15:00 rule read from the steps"
    );
    // The portal's own number is kept in the catalogue file, and left out of the page, where
    // it would mean nothing to a citizen.
    assert!(read(&content.join("catalogue/ho-tich/1.001193.toml"))
        .contains("Theo Cổng Dịch vụ công quốc gia: 1 (đơn vị khác)"));
    assert!(
        !text(time).contains("(đơn vị khác)"),
        "no raw portal notation on the page"
    );
    assert!(html.contains(
        "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/019d2bfd-3fe0-70ac-b9d6-5e9e20d6eef7"
    ));
    // The check command agrees.
    let o = site_gen()
        .args(["check", "--themes"])
        .arg(repo().join("themes"))
        .arg("--content")
        .arg(&content)
        .output()
        .expect("runs");
    assert!(o.status.success(), "{}", stderr(&o));
}

/// Every human-readable text of the record, as a citizen would read it on the page.
fn texts(data: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let s = |v: &Value| v.as_str().unwrap_or_default().trim().to_string();
    out.push(s(&data["name"]));
    for step in data["executionSteps"].as_array().into_iter().flatten() {
        out.extend(
            step["description"]
                .as_str()
                .unwrap_or_default()
                .lines()
                .map(|l| l.trim().to_string()),
        );
    }
    for case in data["executionCases"].as_array().into_iter().flatten() {
        for c in case["profileComponents"].as_array().into_iter().flatten() {
            let name = s(&c["name"]);
            // The leading "- " is list formatting, dropped for documents.
            out.push(name.trim_start_matches("- ").to_string());
        }
    }
    for key in [
        "legalBasisesDetails",
        "resultsDetails",
        "subjectTypesDetails",
        "unitGroupsExecuting",
        "categoriesDetails",
        "cases",
    ] {
        for v in data[key].as_array().into_iter().flatten() {
            out.push(s(&v["name"]));
            if key == "legalBasisesDetails" || key == "cases" {
                out.push(s(&v["code"]));
            }
        }
    }
    out.push(s(&data["procedureProposal"]["proposalNumber"]));
    out.retain(|t| !t.is_empty());
    out
}

#[test]
fn round_trip_every_text_reaches_the_page() {
    let (_, html) = import_and_build("round-trip", &[&record_path()]);
    let page = text(&html);
    let fold_ws = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    let all = texts(&record()["data"]);
    assert!(all.len() > 60, "{}", all.len());
    let missing: Vec<&String> = all.iter().filter(|t| !page.contains(&fold_ws(t))).collect();
    assert!(
        missing.is_empty(),
        "texts of the record not on the page: {missing:#?}"
    );
}

#[test]
fn traps_are_handled_as_data() {
    let mut r = record();
    let d = &mut r["data"];
    // A fee of 0 that the description says is waived is free; a real amount is kept.
    d["executionMethods"][0]["fees"][0]["description"] = json!("Miễn lệ phí");
    d["executionMethods"][2]["fees"][0]["value"] = json!(5000);
    // Two desk channels, in VND and USD, stay two channels.
    let mut embassy = d["executionMethods"][2].clone();
    embassy["description"] = json!("Tại cơ quan đại diện ở nước ngoài");
    embassy["fees"][0]["value"] = json!(5);
    embassy["fees"][0]["currencyId"] = json!("USD");
    d["executionMethods"]
        .as_array_mut()
        .expect("array")
        .push(embassy);
    // Without the 15:00 rule in the steps, OTHER keeps only the portal's number.
    let steps = d["executionSteps"][0]["description"]
        .as_str()
        .expect("text")
        .replace("sau 15 giờ", "sau giờ làm việc");
    d["executionSteps"][0]["description"] = json!(steps);
    let dir = scratch("traps");
    let file = write_json(&dir, "traps.json", &r);
    let content = fresh_content("traps-content");
    let o = import(&content, &[&file], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("post channel: a fee of 0 without description means \"set by the province\""),
        "{out}"
    );
    assert!(!out.contains("online channel: a fee of 0"), "{out}");
    let toml_text = read(&content.join("catalogue/ho-tich/1.001193.toml"));
    let p: toml::Value = toml::from_str(&toml_text).expect("toml");
    let channels = p["channel"].as_array().expect("channels");
    assert_eq!(channels.len(), 4);
    let fee = |i: usize| channels[i]["fee"][0].clone();
    assert_eq!(fee(0)["kind"].as_str(), Some("free"));
    assert_eq!(fee(1)["kind"].as_str(), Some("set-by-province"));
    assert_eq!(fee(2)["kind"].as_str(), Some("flat"));
    assert_eq!(fee(2)["amount"].as_integer(), Some(5000));
    assert_eq!(fee(3)["currency"].as_str(), Some("USD"));
    assert_eq!(channels[3]["kind"].as_str(), Some("desk"));
    assert_eq!(
        channels[3]["note"].as_str(),
        Some("Tại cơ quan đại diện ở nước ngoài")
    );
    assert!(
        channels[0]["time"].get("cutoff").is_none(),
        "no 15:00 rule without the text"
    );
    assert!(channels[0]["time"]["note"]
        .as_str()
        .expect("note")
        .contains("1 (đơn vị khác)"));
    // Notes stay notes: quantity 0 entries have no tick box.
    let dossier = p["dossier"].as_array().expect("dossier");
    let submit = dossier[0]["item"].as_array().expect("items");
    let note = &submit[2];
    assert!(note["note"]
        .as_str()
        .expect("a note")
        .starts_with("Trường hợp người yêu cầu đã nộp bản điện tử"));
    assert!(note.get("document").is_none());
    assert_eq!(
        submit[4]["document"]
            .as_str()
            .map(|s| s.starts_with("Giấy chứng sinh")),
        Some(true)
    );
    assert_eq!(dossier[1]["kind"].as_str(), Some("show"));
    assert_eq!(dossier[2]["kind"].as_str(), Some("notes"));
    assert_eq!(dossier[3]["kind"].as_str(), Some("other"));
    // And it builds.
    let b = build(&content, &content.with_file_name("public"), &[]);
    assert!(b.status.success(), "{}", stderr(&b));
}

/// Runs a failing import and checks that nothing was written.
fn import_fails(name: &str, inputs: Vec<(&str, String)>, wants: &[&str]) {
    let dir = scratch(name);
    let content = fresh_content(&format!("{name}-content"));
    let before = snapshot(&content);
    let files: Vec<PathBuf> = inputs
        .into_iter()
        .map(|(file, text)| {
            let p = dir.join(file);
            fs::write(&p, text).expect("write");
            p
        })
        .collect();
    let refs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let o = import(&content, &refs, &[]);
    let err = stderr(&o);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{name}: should fail:\n{}",
        stdout(&o)
    );
    for w in wants {
        assert!(err.contains(w), "{name}: expected `{w}` in:\n{err}");
    }
    assert!(
        snapshot(&content) == before,
        "{name}: nothing may be written"
    );
}

#[test]
fn bad_inputs_name_the_file_and_json_path_and_write_nothing() {
    let good = read(&record_path());
    let mut r = record();
    r["data"]["executionMethods"][1]["submissionMethod"] = json!("FAX");
    import_fails(
        "unknown-enum",
        vec![("good.json", good.clone()), ("fax.json", r.to_string())],
        &[
            "fax.json",
            "$.data.executionMethods[1].submissionMethod",
            "unknown variant `FAX`",
        ],
    );
    import_fails(
        "not-json",
        vec![
            ("good.json", good.clone()),
            ("broken.json", "{\"code\": \"OK\",\n \"data\": {\n".into()),
        ],
        &["broken.json:3:", "not JSON"],
    );
    import_fails(
        "envelope",
        vec![(
            "error.json",
            json!({"code": "NOT_FOUND", "data": null, "message": "Không tìm thấy"}).to_string(),
        )],
        &[
            "error.json",
            "$.code",
            "the portal answered NOT_FOUND (Không tìm thấy)",
        ],
    );
    let mut r = record();
    r["data"].as_object_mut().expect("object").remove("code");
    import_fails(
        "missing-code",
        vec![("nocode.json", r.to_string())],
        &["nocode.json", "$.data", "missing field `code`"],
    );
    let mut r = record();
    r["data"]["code"] = json!("   ");
    import_fails(
        "empty-code",
        vec![("empty.json", r.to_string())],
        &["$.data.code", "no procedure code"],
    );
    import_fails(
        "twice",
        vec![("a.json", good.clone()), ("b.json", good.clone())],
        &[
            "b.json",
            "procedure 1.001193 was already imported from",
            "a.json",
        ],
    );
    let mut r = record();
    r["data"]["executionMethods"][0]["fees"][0]["currencyId"] = json!("EUR");
    import_fails(
        "currency",
        vec![("eur.json", r.to_string())],
        &[
            "$.data.executionMethods[0].fees[0].currencyId",
            "unknown currency `EUR`",
        ],
    );
    import_fails(
        "not-a-record",
        vec![("list.json", "[1, 2]".into())],
        &["$[0]", "not a procedure record"],
    );
}

#[test]
fn accepts_bare_records_arrays_and_folders() {
    let dir = scratch("shapes");
    let data = record()["data"].clone();
    let mut other = data.clone();
    other["code"] = json!("1.001193.01");
    other["name"] = json!("Thủ tục đăng ký khai sinh (trường hợp riêng)");
    write_json(
        &dir,
        "array.json",
        &json!([data, {"code": "OK", "data": other}]),
    );
    let content = fresh_content("shapes-content");
    let o = import(&content, &[&dir], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(content.join("catalogue/ho-tich/1.001193.toml").is_file());
    assert!(content.join("catalogue/ho-tich/1.001193.01.toml").is_file());
    assert!(stdout(&o).contains("imported: 2 file(s) written"));
}

#[test]
fn reimport_prints_what_changed_and_never_touches_communes() {
    let content = fresh_content("reimport");
    let o = import(&content, &[&record_path()], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let communes = snapshot(&content.join("communes"));
    // Same record again: nothing to do.
    let again = import(&content, &[&record_path()], &[]);
    assert!(
        stdout(&again).contains("= 1.001193 unchanged"),
        "{}",
        stdout(&again)
    );
    // A newer record: one fee, one document, one legal basis.
    let mut r = record();
    let d = &mut r["data"];
    d["executionMethods"][2]["fees"][0]["value"] = json!(8000);
    let removed = d["executionCases"][1]["profileComponents"][5]["name"]
        .as_str()
        .expect("name")
        .to_string();
    d["executionCases"][1]["profileComponents"]
        .as_array_mut()
        .expect("array")
        .remove(5);
    d["executionCases"][0]["profileComponents"].as_array_mut().expect("array").push(json!({
        "name": "Giấy xác nhận của cơ sở y tế", "originalQty": 1, "copyQty": 1, "attachments": []
    }));
    d["legalBasisesDetails"]
        .as_array_mut()
        .expect("array")
        .push(json!({"name": "Nghị định mới", "code": "99/2026/NĐ-CP"}));
    let dir = scratch("newer");
    let newer = write_json(&dir, "newer.json", &r);
    let file = content.join("catalogue/ho-tich/1.001193.toml");
    let before = read(&file);
    let dry = import(&content, &[&newer], &["--dry-run"]);
    assert!(dry.status.success(), "{}", stderr(&dry));
    assert_eq!(read(&file), before, "--dry-run writes nothing");
    let o = import(&content, &[&newer], &[]);
    let out = stdout(&o);
    assert!(o.status.success(), "{}", stderr(&o));
    for want in [
        "~ 1.001193 Thủ tục đăng ký khai sinh",
        "~ channel desk fee: set by the province -> 8000 VND",
        "+ document: [submit] Giấy xác nhận của cơ sở y tế (1 original, 1 copies)",
        &format!(
            "- document: [show] {}",
            removed.trim().trim_start_matches("- ")
        ),
        "+ legal basis: 99/2026/NĐ-CP",
        "imported: 1 file(s) written",
    ] {
        assert!(out.contains(want), "missing `{want}` in:\n{out}");
    }
    assert_eq!(
        stdout(&dry)
            .lines()
            .filter(|l| l.starts_with("    "))
            .count(),
        out.lines().filter(|l| l.starts_with("    ")).count()
    );
    assert!(
        snapshot(&content.join("communes")) == communes,
        "commune files untouched"
    );
    assert!(read(&file).contains("99/2026/NĐ-CP"));
}
