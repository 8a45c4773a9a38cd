//! `site-gen import national-portal` on the real portal record in ../shared/data, and on
//! variations of it that exercise each trap and each kind of bad input.

mod common;

use common::needs;
use common::*;
use serde_json::{json, Value};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

fn record_path() -> PathBuf {
    repo().join("../shared/data/national-portal/1.001193.json")
}

/// Whether the real record is there; `test` prints that it skips when not (a clone alone).
fn have_record(test: &str) -> bool {
    needs::shared_data(test, "national-portal/1.001193.json").is_some()
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

/// A short record the project wrote in the portal's shape (tests/fixtures/national-portal/,
/// the facts of the Law on Civil Status): the importer runs end to end on a clone without
/// ../shared, where every other test of this file skips.
#[test]
fn a_record_in_the_portal_shape_imports_and_builds_without_the_shared_data() {
    let fixture = repo().join("tests/fixtures/national-portal/1.001193-short.json");
    let (content, html) = import_and_build("fixture", &[&fixture]);
    let toml = read(&content.join("catalogue/ho-tich/1.001193.toml"));
    // A 0 whose words say free is free; a channel with no fee entry is not stated, never free.
    let (desk, online) = toml.split_once("kind = \"online\"").expect("two channels");
    assert!(desk.contains("kind = \"free\""), "{toml}");
    assert!(online.contains("kind = \"not-stated\""), "{toml}");
    // Documents to submit and to show stay apart; a "- Trường hợp…" line is a note.
    let docs = section(&html, "docs-h");
    assert_eq!(docs.matches("class=\"doc\"").count(), 3, "{docs}");
    assert_eq!(docs.matches("class=\"note\"").count(), 1, "{docs}");
    let docs = text(docs);
    assert!(docs.contains("Giấy tờ phải nộp (2)") && docs.contains("Giấy tờ phải xuất trình (1)"));
    assert!(
        text(section(&html, "time-h")).contains("nếu nhận hồ sơ sau 15:00"),
        "the 15:00 rule read from the text"
    );
    // The national fee decision in content/fees/ applies over the imported fee.
    assert!(text(section(&html, "fee-h")).contains("Đăng ký khai sinh quá hạn"));
    assert_eq!(
        section(&html, "legal-h").matches("class=\"code\"").count(),
        2
    );
}

#[test]
fn the_real_record_arrives_complete() {
    if !have_record("the_real_record_arrives_complete") {
        return;
    }
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
    if !have_record("round_trip_every_text_reaches_the_page") {
        return;
    }
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
    if !have_record("traps_are_handled_as_data") {
        return;
    }
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
    let o = import(&content, &[&file], &["--verbose"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("1.001193: post channel: fee of 0 without description: recorded as set by the province, not free"),
        "{out}"
    );
    assert!(!out.contains("online channel: fee of 0"), "{out}");
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
    if !have_record("bad_inputs_name_the_file_and_json_path_and_write_nothing") {
        return;
    }
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
    if !have_record("accepts_bare_records_arrays_and_folders") {
        return;
    }
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
    if !have_record("reimport_prints_what_changed_and_never_touches_communes") {
        return;
    }
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
        "~ channel desk fee: [charge] set by the province -> [charge] 8000 VND",
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

// ---------------------------------------------------------------------------------------------
// The 407 real records of ../shared/data/national-portal/crawl-sample, in every shape.

fn crawl_sample(test: &str) -> Option<PathBuf> {
    needs::shared_data(test, "national-portal/crawl-sample/procedures")
}

/// Every crawler file as (path, the whole file, its `detail` record).
fn crawled(dir: &Path) -> Vec<(PathBuf, Value, Value)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d)
            .expect("folder")
            .map(|e| e.expect("entry").path())
        {
            if e.is_dir() {
                stack.push(e);
            } else if e.extension().is_some_and(|x| x == "json") {
                let v: Value = serde_json::from_str(&read(&e)).expect("json");
                let detail = v["detail"].clone();
                out.push((e, v, detail));
            }
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Every text of a record a citizen must find on its page: documents, notes, legal codes and
/// titles, results, subjects, agencies, fee descriptions, conditions, steps, times in words.
fn record_texts(d: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let lines = |v: &Value| -> Vec<String> {
        v.as_str()
            .unwrap_or_default()
            .lines()
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|l| !l.is_empty())
            .collect()
    };
    out.extend(
        lines(&d["name"])
            .into_iter()
            .map(|_| {
                d["name"]
                    .as_str()
                    .unwrap_or_default()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .take(1),
    );
    for step in d["executionSteps"].as_array().into_iter().flatten() {
        out.extend(lines(&step["name"]));
        out.extend(lines(&step["description"]));
    }
    let components = d["executionCases"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|c| {
            out_of(&c["profileComponents"])
                .into_iter()
                .chain(std::iter::once(c["name"].clone()))
        })
        .chain(out_of(&d["profileComponents"]));
    for c in components {
        let name = if c.is_string() {
            c.clone()
        } else {
            c["name"].clone()
        };
        // A group's heading that names its kind reads as the kind's own heading.
        let heading = {
            use unicode_normalization::UnicodeNormalization;
            name.as_str()
                .unwrap_or_default()
                .nfc()
                .collect::<String>()
                .to_lowercase()
        };
        if c.is_string()
            && ["phải nộp", "xuất trình", "lưu ý"]
                .iter()
                .any(|k| heading.contains(k))
        {
            continue;
        }
        out.extend(lines(&name).into_iter().map(|l| {
            l.trim_start_matches("- ")
                .trim_start_matches("+ ")
                .to_string()
        }));
    }
    for key in [
        "legalBasisesDetails",
        "resultsDetails",
        "subjectTypesDetails",
        "unitGroupsExecuting",
        "departmentsExecuting",
        "categoriesDetails",
        "cases",
    ] {
        for v in out_of(&d[key]) {
            out.extend(lines(&v["name"]).into_iter().take(1).map(|_| {
                v["name"]
                    .as_str()
                    .unwrap_or_default()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            }));
            if key == "legalBasisesDetails" || key == "cases" {
                out.extend(lines(&v["code"]));
            }
        }
    }
    out.extend(lines(&d["requirementsAndConditions"]));
    for m in out_of(&d["executionMethods"]) {
        out.extend(lines(&m["description"]));
        if m["processingTime"]
            .as_str()
            .is_some_and(|t| t.trim().parse::<f64>().is_err())
        {
            out.extend(lines(&m["processingTime"]));
        }
        for f in out_of(&m["fees"]) {
            out.extend(lines(&f["description"]));
        }
    }
    out.retain(|t| !t.is_empty());
    out
}

fn out_of(v: &Value) -> Vec<Value> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter(|x| !x.is_null())
        .cloned()
        .collect()
}

/// Imports `input` into a fresh content, makes Phương Định receive every imported procedure,
/// builds, and checks every record's texts on its page.
fn import_all_and_check(name: &str, input: &Path, records: &[(PathBuf, Value, Value)]) {
    let content = fresh_content(name);
    let o = import(&content, &[input], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains(&format!("imported: {} file(s) written", records.len())),
        "{}",
        out.lines().rev().take(12).collect::<Vec<_>>().join("\n")
    );
    let codes: Vec<String> = records
        .iter()
        .map(|(_, _, d)| d["code"].as_str().expect("code").trim().to_string())
        .collect();
    let commune = content.join("communes/phuong-dinh/commune.toml");
    let mut doc: toml::Table = toml::from_str(&read(&commune)).expect("commune");
    doc.insert(
        "procedures".into(),
        toml::Value::try_from(&codes).expect("codes"),
    );
    doc.remove("override");
    fs::write(&commune, toml::to_string(&doc).expect("toml")).expect("write");
    // The sample's fee decisions replace some records' fees (and their descriptions) on the
    // page; without them every record's own text must show.
    fs::remove_dir_all(content.join("fees")).expect("remove fees");
    // A procedure an officer marked repealed keeps that mark across imports: no page.
    let repealed: Vec<String> = fs::read_dir(content.join("catalogue"))
        .expect("catalogue")
        .flat_map(|d| fs::read_dir(d.expect("entry").path()).expect("field"))
        .map(|f| read(&f.expect("entry").path()))
        .filter_map(|t| {
            let p: toml::Value = toml::from_str(&t).expect("catalogue file");
            let v = p.get("lifecycle")?.get("repealed_on")?;
            let gone = v
                .as_str()
                .map(String::from)
                .or_else(|| v.as_datetime().map(|d| d.to_string()))?;
            (gone.as_str() <= AS_OF).then(|| p["code"].as_str().expect("code").to_string())
        })
        .collect();
    let public = content.with_file_name("public");
    let b = build(&content, &public, &[]);
    assert!(b.status.success(), "{}", stderr(&b));
    let check = site_gen()
        .args(["check", "--as-of", AS_OF, "--themes"])
        .arg(repo().join("themes"))
        .arg("--content")
        .arg(&content)
        .output()
        .expect("runs");
    assert!(check.status.success(), "{}", stderr(&check));
    // Pages are NFC; the portal's text is not always.
    let fold_ws = |t: &str| {
        use unicode_normalization::UnicodeNormalization;
        t.nfc()
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut missing = Vec::new();
    for ((path, _, d), code) in records.iter().zip(&codes) {
        if repealed.contains(code) {
            continue;
        }
        let page = public.join(format!("phuong-dinh/thu-tuc/{code}/index.html"));
        assert!(page.is_file(), "{code} ({}) has no page", path.display());
        let page = text(&read(&page));
        for t in record_texts(d) {
            // A leading "- ", "* " or "• " is the portal's list notation: the page shows the
            // item in a list instead.
            let t = t.trim_start_matches(|c: char| {
                matches!(c, '-' | '+' | '*' | '•') || c.is_whitespace()
            });
            if !page.contains(&fold_ws(t)) {
                missing.push(format!("{code}: {t}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "{} texts not on their page, e.g. {:#?}",
        missing.len(),
        &missing[..missing.len().min(20)]
    );
}

#[test]
fn all_real_records_import_whole_in_the_crawler_shape() {
    let Some(dir) = crawl_sample("all_real_records_import_whole_in_the_crawler_shape") else {
        return;
    };
    let records = crawled(&dir);
    assert_eq!(records.len(), 407);
    import_all_and_check("crawl-all", &dir, &records);
}

#[test]
fn all_real_records_import_whole_as_envelope_bare_and_array() {
    let Some(dir) = crawl_sample("all_real_records_import_whole_as_envelope_bare_and_array") else {
        return;
    };
    let records = crawled(&dir);
    let inputs = scratch("crawl-shapes");
    // A third each as the portal's envelope and as bare records, the rest in one array.
    let mut array = Vec::new();
    for (i, (_, _, d)) in records.iter().enumerate() {
        match i % 3 {
            0 => {
                write_json(
                    &inputs,
                    &format!("{i}.json"),
                    &json!({"code": "OK", "data": d, "message": "OK"}),
                );
            }
            1 => {
                write_json(&inputs, &format!("{i}.json"), d);
            }
            _ => array.push(d.clone()),
        }
    }
    write_json(&inputs, "array.json", &Value::Array(array));
    import_all_and_check("crawl-shapes-content", &inputs, &records);
}

/// Each kind of field, changed alone on the portal, is detected, written and logged: the
/// models are compared, not the printed diff.
#[test]
fn reimport_detects_a_change_in_every_field_kind() {
    if !have_record("reimport_detects_a_change_in_every_field_kind") {
        return;
    }
    let content = fresh_content("reimport-kinds");
    let original = record_path();
    let o = import(&content, &[&original], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let file = content.join("catalogue/ho-tich/1.001193.toml");
    type Edit = fn(&mut Value);
    let edits: [(&str, &str, Edit); 6] = [
        ("legal-basis title", "legal", |d| {
            d["legalBasisesDetails"][0]["name"] = json!("Luật Hộ tịch (sửa đổi)");
        }),
        ("field code", "field", |d| {
            d["categoriesDetails"][0]["code"] = json!("G15-TP99");
        }),
        ("document", "dossier", |d| {
            d["executionCases"][0]["profileComponents"][0]["copyQty"] = json!(3);
        }),
        ("fee", "fee", |d| {
            d["executionMethods"][0]["fees"][0]["currencyId"] = json!("USD");
        }),
        ("time", "time", |d| {
            d["executionMethods"][1]["processingTimeUnit"] = json!("WORKING_DAY");
            d["executionMethods"][1]["processingTime"] = json!(2.5);
        }),
        ("channel", "channels", |d| {
            d["executionMethods"][0]["description"] = json!("Nộp qua VNeID");
        }),
    ];
    let dir = scratch("reimport-kinds-in");
    for (what, part, edit) in edits {
        let before = read(&file);
        let mut r = record();
        edit(&mut r["data"]);
        let changed = write_json(&dir, "changed.json", &r);
        let o = import(&content, &[&changed], &[]);
        let out = stdout(&o);
        assert!(o.status.success(), "{what}: {}", stderr(&o));
        assert!(
            out.contains("~ 1.001193") && !out.contains("unchanged ("),
            "a changed {what} must be detected:\n{out}"
        );
        assert_ne!(read(&file), before, "a changed {what} must be written");
        let log: toml::Value =
            toml::from_str(&read(&content.join(format!("changes/{AS_OF}.toml"))))
                .expect("the change log parses");
        let last = log["change"]
            .as_array()
            .expect("changes")
            .last()
            .expect("one")
            .clone();
        assert_eq!(last["code"].as_str(), Some("1.001193"));
        assert!(
            last["fields"]
                .as_array()
                .is_some_and(|f| f.iter().any(|x| x.as_str() == Some(part))),
            "{what}: the change log names `{part}`: {last}"
        );
        // Back to the original for the next kind.
        let o = import(&content, &[&original], &[]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
}

/// The traps of the issue, each on the real record: every one fails if its handling goes.
#[test]
fn each_real_data_trap_is_handled() {
    if !have_record("each_real_data_trap_is_handled") {
        return;
    }
    let mut r = record();
    let d = &mut r["data"];
    d["code"] = json!("  1.001193 ");
    // A currency as the portal's UUID, with its name beside it.
    d["executionMethods"][2]["fees"][0]["value"] = json!(10);
    d["executionMethods"][2]["fees"][0]["currencyId"] =
        json!("019b3fb2-dee2-76ab-aa53-22d4d903a2bb");
    d["executionMethods"][2]["fees"][0]["currencyName"] = json!("USD");
    // A fee without a value, a channel without fees, a price level.
    d["executionMethods"][1]["fees"] = json!([]);
    d["executionMethods"][0]["fees"][0]["value"] = Value::Null;
    d["executionMethods"][0]["fees"][0]["description"] = Value::Null;
    d["executionMethods"][0]["fees"]
        .as_array_mut()
        .expect("fees")
        .push(json!({"type": "PRICE_LEVEL", "value": 25000, "description": "Giá dịch vụ in"}));
    // Times in hours, months, words and fractions.
    d["executionMethods"][0]["processingTimeUnit"] = json!("HOUR");
    d["executionMethods"][0]["processingTime"] = json!(4);
    d["executionMethods"][1]["processingTimeUnit"] = json!("OTHER");
    d["executionMethods"][1]["processingTime"] = json!("Không quá 20 ngày làm việc.\nTheo mô tả");
    d["executionMethods"][2]["processingTimeUnit"] = json!("MONTH");
    d["executionMethods"][2]["processingTime"] = json!(1.5);
    d["cases"] = json!([{"code": "1.001193.01", "name": "Trường hợp năm", "processingDay": {"qty": 1, "type": "YEAR"}}]);
    // null entries, duplicates, a name with a line break.
    d["unitGroupsExecuting"] = json!([null, {"name": "UBND cấp xã"}, {"name": "UBND cấp xã"}]);
    let first = d["legalBasisesDetails"][0].clone();
    d["legalBasisesDetails"]
        .as_array_mut()
        .expect("legal")
        .push(first);
    d["name"] = json!("Thủ tục đăng ký\nkhai sinh");
    let dir = scratch("each-trap");
    let file = write_json(&dir, "traps.json", &r);
    let content = fresh_content("each-trap-content");
    // Without the sample's decision on 1.001193's fees, the record's own fees show.
    fs::remove_file(content.join("fees/60-2014-QH13-luat-ho-tich.toml")).expect("remove");
    let o = import(&content, &[&file], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text_of = read(&content.join("catalogue/ho-tich/1.001193.toml"));
    assert!(
        text_of.starts_with("# 1.001193 — Thủ tục đăng ký khai sinh\n"),
        "{text_of}"
    );
    let p: toml::Value = toml::from_str(&text_of).expect("the written TOML parses");
    assert_eq!(p["code"].as_str(), Some("1.001193"), "code trimmed");
    let ch = p["channel"].as_array().expect("channels");
    assert_eq!(
        ch[0]["fee"][0]["kind"].as_str(),
        Some("not-stated"),
        "null value"
    );
    assert_eq!(ch[0]["fee"][1]["category"].as_str(), Some("price"));
    assert_eq!(
        ch[0]["fee"][0]["category"].as_str(),
        Some("charge"),
        "SERVICE_FEE is lệ phí"
    );
    assert_eq!(
        ch[1]["fee"][0]["kind"].as_str(),
        Some("not-stated"),
        "no fee entry"
    );
    assert_eq!(ch[2]["fee"][0]["currency"].as_str(), Some("USD"));
    assert_eq!(ch[0]["time"]["kind"].as_str(), Some("hours"));
    assert_eq!(ch[1]["time"]["kind"].as_str(), Some("text"));
    assert_eq!(ch[2]["time"]["kind"].as_str(), Some("months"));
    assert_eq!(ch[2]["time"]["amount"].as_float(), Some(1.5));
    assert_eq!(p["case"][0]["time"]["kind"].as_str(), Some("years"));
    assert_eq!(
        p["agencies"].as_array().map(Vec::len),
        Some(1),
        "null and duplicate agencies"
    );
    assert_eq!(
        p["legal"].as_array().map(Vec::len),
        record()["data"]["legalBasisesDetails"]
            .as_array()
            .map(Vec::len),
        "duplicate legal basis merged"
    );
    let public = content.with_file_name("public");
    let b = build(&content, &public, &[]);
    assert!(b.status.success(), "{}", stderr(&b));
    let html = read(&public.join("phuong-dinh/thu-tuc/1.001193/index.html"));
    let page = text(&html);
    for want in [
        "Nguồn không nêu mức thu",
        "Giá: 25.000 đ",
        "10 USD",
        "4 giờ",
        "1,5 tháng",
        "1 năm",
        "Không quá 20 ngày làm việc. Theo mô tả",
    ] {
        assert!(page.contains(want), "`{want}` not on the page");
    }
    let fees = text(section(&html, "fee-h"));
    // No fee of this record is the province's: a missing one must not read as such.
    assert!(!fees.contains("Hội đồng nhân dân"), "{fees}");
    assert_eq!(fees.matches("Nguồn không nêu mức thu").count(), 2, "{fees}");
    let en = text(&read(
        &public.join("en/phuong-dinh/thu-tuc/1.001193/index.html"),
    ));
    assert!(en.contains("Not stated by the source"));
    // An unknown currency stays an error naming the value.
    let mut bad = record();
    bad["data"]["executionMethods"][0]["fees"][0]["currencyId"] =
        json!("019b0000-0000-0000-0000-000000000000");
    import_fails(
        "unknown-currency",
        vec![("bad.json", bad.to_string())],
        &[
            "executionMethods[0].fees[0].currencyId",
            "019b0000-0000-0000-0000-000000000000",
        ],
    );
}

#[test]
fn import_outside_a_content_folder_is_an_error() {
    if !have_record("import_outside_a_content_folder_is_an_error") {
        return;
    }
    let dir = scratch("stray");
    let content = dir.join("content");
    let o = import(&content, &[&record_path()], &[]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("no site.toml in") && err.contains("content"),
        "{err}"
    );
    assert!(!content.exists(), "nothing written: no stray site");
}

#[test]
fn an_unknown_shape_is_an_error_not_a_half_import() {
    if !have_record("an_unknown_shape_is_an_error_not_a_half_import") {
        return;
    }
    let mut crawler = json!({"id": "x", "code": "1.001193", "name": "Thủ tục đăng ký khai sinh"});
    crawler["detail"] = record()["data"].clone();
    // The crawler's shape under another key for the record: must not be read as bare.
    let renamed = json!({"id": "x", "code": "1.001193", "name": "n", "payload": crawler["detail"]});
    import_fails(
        "unknown-shape",
        vec![("renamed.json", renamed.to_string())],
        &["not a procedure record of a known shape"],
    );
}

/// Each import that changes the catalogue appends to `changes/<date>.toml`; the site publishes
/// it as "Thay đổi gần đây" for the whole site and each commune, with Atom feeds whose ids
/// stay the same from build to build.
#[test]
fn the_change_log_is_published_with_a_stable_feed() {
    if !have_record("the_change_log_is_published_with_a_stable_feed") {
        return;
    }
    let content = fresh_content("changelog");
    let o = import(&content, &[&record_path()], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    // A week later the portal amends the fee and the legal basis.
    let mut r = record();
    r["data"]["executionMethods"][2]["fees"][0]["value"] = json!(8000);
    r["data"]["legalBasisesDetails"][0]["name"] = json!("Luật Hộ tịch (sửa đổi)");
    let newer = write_json(&scratch("changelog-in"), "newer.json", &r);
    let later = "2026-12-01";
    let o = site_gen()
        .args(["import", "national-portal", "--as-of", later, "--content"])
        .arg(&content)
        .arg(&newer)
        .output()
        .expect("runs");
    assert!(o.status.success(), "{}", stderr(&o));
    let log: toml::Value =
        toml::from_str(&read(&content.join(format!("changes/{later}.toml")))).expect("parses");
    let change = &log["change"][0];
    assert_eq!(change["kind"].as_str(), Some("amended"));
    let fields: Vec<&str> = change["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter_map(|f| f.as_str())
        .collect();
    assert_eq!(fields, ["fee", "legal"]);
    let feed_ids = |out: &Path| -> Vec<String> {
        let xml = read(&out.join("thay-doi/atom.xml"));
        let doc = roxmltree::Document::parse(&xml).expect("the Atom feed is XML");
        let root = doc.root_element();
        assert_eq!(
            root.tag_name().namespace(),
            Some("http://www.w3.org/2005/Atom")
        );
        for required in ["id", "title", "updated", "author"] {
            assert!(
                root.children().any(|n| n.has_tag_name(required)),
                "feed without <{required}>"
            );
        }
        root.children()
            .filter(|n| n.has_tag_name("entry"))
            .map(|e| {
                e.children()
                    .find(|n| n.has_tag_name("id"))
                    .and_then(|n| n.text())
                    .expect("entry id")
                    .to_string()
            })
            .collect()
    };
    let out = content.with_file_name("public");
    let b = build(&content, &out, &["--as-of", later]);
    assert!(b.status.success(), "{}", stderr(&b));
    let ids = feed_ids(&out);
    assert_eq!(ids.len(), 2, "{ids:?}");
    assert_eq!(
        ids,
        [
            format!("https://motcua.example.vn/thay-doi/#{later}-1.001193"),
            format!("https://motcua.example.vn/thay-doi/#{AS_OF}-1.001193"),
        ]
    );
    let site = text(&read(&out.join("thay-doi/index.html")));
    assert!(
        site.contains("Sửa đổi: phí, lệ phí; căn cứ pháp lý"),
        "{site}"
    );
    assert!(site.contains("Thủ tục mới"), "{site}");
    let commune = read(&out.join("phuong-dinh/thay-doi/index.html"));
    assert!(
        commune.contains("/phuong-dinh/thu-tuc/1.001193/"),
        "links to the page"
    );
    assert!(read(&out.join("phuong-dinh/index.html")).contains("/phuong-dinh/thay-doi/"));
    assert!(read(&out.join("en/thay-doi/index.html")).contains("Amended: fees; legal basis"));
    // As of the first day, the later change is not yet there; rebuilt, the ids are the same.
    let b = build(&content, &out, &["--as-of", AS_OF]);
    assert!(b.status.success(), "{}", stderr(&b));
    assert_eq!(feed_ids(&out), ids[1..]);
    let b = build(&content, &out, &["--as-of", later]);
    assert!(b.status.success(), "{}", stderr(&b));
    assert_eq!(feed_ids(&out), ids, "stable ids");
}
