//! Relevance of the widget's search over real procedure records of the national portal
//! (../shared/data/national-portal/crawl-sample: 407 records of the crawler's shape
//! `{id, code, name, detail}`): accent-free queries a citizen types, each with the procedure
//! that must come first. Names and documents are read from the records, never copied here.

mod common;

use catalog::index::{DocGroup, Document, Entry};
use catalog::search::Searcher;
use std::path::{Path, PathBuf};

fn crawl_sample(test: &str) -> Option<PathBuf> {
    common::needs::shared_data(test, "national-portal/crawl-sample/procedures")
}

fn records(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(list) = std::fs::read_dir(dir) else {
        return;
    };
    let mut list: Vec<PathBuf> = list.flatten().map(|e| e.path()).collect();
    list.sort();
    for path in list {
        if path.is_dir() {
            records(&path, out);
        } else if path.file_name().is_some_and(|n| n == "raw_procedure.json") {
            out.push(path);
        }
    }
}

/// One entry per record received at the commune desk (`isWard`), as the commune index holds
/// it: name, field, documents.
fn entry(path: &Path) -> Option<Entry> {
    let text = std::fs::read_to_string(path).expect("readable record");
    let v: serde_json::Value = serde_json::from_str(&text).expect("JSON record");
    if v["detail"]["isWard"] != serde_json::Value::Bool(true) {
        return None;
    }
    let s = |v: &serde_json::Value| v.as_str().unwrap_or_default().trim().to_string();
    let detail = &v["detail"];
    let documents = detail["executionCases"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|c| c["profileComponents"].as_array().into_iter().flatten())
        .map(|d| Document {
            group: DocGroup::Submit,
            name: s(&d["name"]),
            counts: String::new(),
            when: None,
            forms: vec![],
        })
        .collect();
    Some(Entry {
        code: s(&v["code"]),
        name: s(&v["name"]),
        field: s(&detail["category"]["name"]),
        documents,
        ..Entry::default()
    })
}

/// (query, the code that must come first). Every query is accent-free, as typed on a phone
/// without a Vietnamese keyboard.
const EXPECTED: [(&str, &str); 34] = [
    ("khai sinh", "1.001193"),
    ("dang ky khai sinh", "1.001193"),
    ("thu tuc dang ky khai sinh", "1.001193"),
    ("khai tu", "1.000656"),
    ("dang ky khai tu", "1.000656"),
    ("ket hon", "1.000894"),
    ("dang ky ket hon", "1.000894"),
    ("chung thuc", "2.000815"),
    ("chung thuc ban sao", "2.000815"),
    ("ban sao tu ban chinh", "2.000815"),
    ("dang ky lai khai sinh", "1.004884"),
    ("dang ky lai khai tu", "1.005461"),
    ("dang ky lai ket hon", "1.004746"),
    ("khai sinh nuoc ngoai", "2.000528"),
    ("ket hon co yeu to nuoc ngoai", "2.000806"),
    ("khai tu nuoc ngoai", "1.001766"),
    ("khai sinh luu dong", "1.003583"),
    ("ket hon luu dong", "1.000593"),
    ("khai tu luu dong", "1.000419"),
    ("giam ho", "1.004837"),
    ("cham dut giam ho", "1.004845"),
    ("nhan cha me con", "1.001022"),
    ("xac nhan tinh trang hon nhan", "1.004873"),
    ("trich luc ho tich", "2.000635"),
    ("ban sao giay khai sinh", "2.000635"),
    ("chung thuc chu ky", "2.000884"),
    ("chung thuc di chuc", "2.001019"),
    ("chung thuc chu ky nguoi dich", "2.000992"),
    ("cai chinh ho tich", "1.004859"),
    ("ho kinh doanh", "1.001612"),
    ("thanh lap ho kinh doanh", "1.001612"),
    ("cham dut ho kinh doanh", "1.001266"),
    ("mai tang", "1.001731"),
    ("xac dinh muc do khuyet tat", "1.001699"),
];

#[test]
fn accent_free_queries_find_the_expected_procedure_first() {
    let Some(dir) = crawl_sample("accent_free_queries_find_the_expected_procedure_first") else {
        return;
    };
    let mut paths = Vec::new();
    records(&dir, &mut paths);
    assert!(paths.len() >= 400, "{} records found", paths.len());
    let entries: Vec<Entry> = paths.iter().filter_map(|p| entry(p)).collect();
    println!(
        "{} records, {} received at the commune desk",
        paths.len(),
        entries.len()
    );
    let searcher = Searcher::new(&entries);
    let mut failures = Vec::new();
    for (query, want) in EXPECTED {
        let hits = searcher.search(query, 5);
        let got: Vec<String> = hits
            .iter()
            .map(|h| format!("{} {}", entries[h.entry].code, entries[h.entry].name))
            .collect();
        let first = hits.first().map(|h| entries[h.entry].code.as_str());
        let ok = first == Some(want);
        println!(
            "{} {query:?} -> {}",
            if ok { "ok  " } else { "FAIL" },
            got.join(" | ")
        );
        if !ok {
            failures.push(format!("{query:?}: want {want}, got {first:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
