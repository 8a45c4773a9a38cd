//! Service-quality statistics: `site-gen import service-index` on the real portal responses in
//! ../shared/data/service-index, the pages built from them (figures exactly as published,
//! Vietnamese number format, rankings in the published score order, charts with their
//! tables), and bad input, which gives a precise error and writes nothing.

mod common;

use common::stats_site::{data, import, out_err, real_site};
use common::*;
use serde_json::Value;
use std::fs;
use std::path::Path;

fn json(path: &Path) -> Value {
    serde_json::from_str(&read(path)).expect("the shared response is JSON")
}

/// `88.08` -> `88,1 %`: the portal's ratio, rounded as the page rounds its computed rate.
fn vi_percent(v: f64) -> String {
    let s = format!("{v:.1}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    format!("{} %", s.replace('.', ","))
}

fn vi_number(v: &Value) -> String {
    let f = v.as_f64().expect("a number");
    let s = format!("{f:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.').to_string();
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let mut grouped = String::new();
    for (n, c) in int.chars().enumerate() {
        if n > 0 && (int.len() - n) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(c);
    }
    if frac.is_empty() {
        grouped
    } else {
        format!("{grouped},{frac}")
    }
}

/// The rows of a ranking page: (rank, unit code, score as printed, the row's text).
fn ranking_rows(html: &str) -> Vec<(usize, String, String, String)> {
    let body = &html[html.find("<tbody>").expect("a table")..];
    body.split("<tr>")
        .skip(1)
        .map(|row| {
            let cells = text(row);
            let rank = row["<td>".len()..row.find("</td>").expect("rank")]
                .parse()
                .expect("a rank");
            let code_at = row.find("<span class=\"code\">").expect("a code") + 19;
            let code = row[code_at..code_at + row[code_at..].find('<').expect("end")].to_string();
            let after = &row[row.find("</th><td>").expect("score") + 9..];
            let score = after[..after.find('<').expect("end")].to_string();
            (rank, code, score, cells)
        })
        .collect()
}

#[test]
fn imported_figures_are_shown_exactly_as_published() {
    let Some(data) = data("imported_figures_are_shown_exactly_as_published") else {
        return;
    };
    let (_, out) = real_site("stats-real", &data);
    let progress = json(&data.join("phu-tho-2026-08/dvc-progress-tree.json"));
    let children = progress["data"]["children"].as_array().expect("children");
    let unit = |code: &str| {
        children
            .iter()
            .find(|c| c["departmentCode"] == code)
            .expect("unit in the data")
    };

    // The commune linked to Bình Phú: its page and its statistics page.
    let b = unit("H44.116");
    let page = read(&out.join("phuong-dinh/thong-ke/index.html"));
    let figures = text(section(&page, "latest-h"));
    for (label, field) in [
        ("Hồ sơ tiếp nhận", "totalReceived"),
        ("Giải quyết đúng hạn", "totalOnTime"),
        ("Giải quyết quá hạn", "totalOverdue"),
    ] {
        let want = format!("{label} {}", vi_number(&b[field]));
        assert!(figures.contains(&want), "{want} in {figures}");
    }
    let rate = vi_percent(b["ratio"].as_f64().expect("ratio"));
    assert_eq!(rate, "88,1 %");
    assert!(figures.contains(&rate), "{figures}");
    assert!(
        figures.contains("2,78"),
        "average days as published: {figures}"
    );
    let groups = text(section(&page, "groups-h"));
    assert!(
        groups.contains("Tiến độ giải quyết (TDGQ) 17,62 20"),
        "{groups}"
    );
    assert!(
        groups.contains("Thanh toán trực tuyến (TTTT) 6,55 10"),
        "{groups}"
    );
    assert!(
        page.contains("513 / 613") && page.contains("83,7 %"),
        "paid online"
    );
    let commune = read(&out.join("phuong-dinh/index.html"));
    let results = text(section(&commune, "results-h"));
    assert!(results.contains("Hồ sơ tiếp nhận 797"), "{results}");
    assert!(results.contains("Tỷ lệ đúng hạn 88,1 %"), "{results}");
    assert!(
        !page.contains("Số liệu ví dụ"),
        "real figures are not examples"
    );

    // Every commune of Phú Thọ, in the published TDGQ score order, each row with its
    // published counts; ties share a rank and are listed by unit code.
    let ranking = read(&out.join("thong-ke/h44/xa/tdgq/index.html"));
    let rows = ranking_rows(&ranking);
    let mut communes: Vec<&Value> = children
        .iter()
        .filter(|c| c["level"] == "COMMUNE")
        .collect();
    assert_eq!(communes.len(), 148);
    communes.sort_by(|a, b| {
        let key = |c: &Value| {
            let code = c["departmentCode"].as_str().unwrap_or_default().to_string();
            let n: u64 = code
                .rsplit('.')
                .next()
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            n
        };
        b["score"]
            .as_f64()
            .unwrap_or(0.0)
            .total_cmp(&a["score"].as_f64().unwrap_or(0.0))
            .then(key(a).cmp(&key(b)))
    });
    assert_eq!(rows.len(), 148);
    let mut last_score = f64::MAX;
    for (n, ((rank, code, score, cells), c)) in rows.iter().zip(&communes).enumerate() {
        assert_eq!(code, c["departmentCode"].as_str().unwrap_or_default());
        assert_eq!(*score, vi_number(&c["score"]), "{code}");
        let s = c["score"].as_f64().unwrap_or(0.0);
        if s < last_score {
            assert_eq!(*rank, n + 1, "{code}");
        }
        last_score = s;
        for f in ["totalReceived", "totalOnTime", "totalOverdue"] {
            assert!(cells.contains(&vi_number(&c[f])), "{code} {f}: {cells}");
        }
    }
    // A tie in the data: 18,32 three times, one rank.
    let tied: Vec<usize> = rows
        .iter()
        .filter(|r| r.2 == "18,32")
        .map(|r| r.0)
        .collect();
    assert_eq!(tied.len(), 3);
    assert!(tied.iter().all(|r| *r == tied[0]));
    assert!(
        ranking.contains("href=\"/phuong-dinh/\""),
        "links to the commune's page"
    );
    // Agencies are ranked on their own page.
    let agencies = ranking_rows(&read(&out.join("thong-ke/h44/co-quan/tdgq/index.html")));
    assert_eq!(agencies.len(), 15);

    // Gia Lai: overall scores, communes and agencies apart, in the published order.
    let results = json(&data.join("gia-lai-2026-03/service-results.json"));
    let evaluation = results["data"]["evaluation"]
        .as_array()
        .expect("evaluation");
    for (group, slug) in [("COMMUNE", "xa"), ("AGENCY", "co-quan")] {
        let want: Vec<String> = evaluation
            .iter()
            .filter(|e| e["childGroup"] == group)
            .map(|e| vi_number(&e["totalScore"]))
            .collect();
        let page = read(&out.join(format!("thong-ke/h21/{slug}/tong-diem/index.html")));
        let got: Vec<String> = ranking_rows(&page).into_iter().map(|r| r.2).collect();
        assert_eq!(got, want, "{group}");
    }
    let tay_son = read(&out.join("viet-hung/thong-ke/index.html"));
    assert!(text(&tay_son).contains("Tổng điểm 60,25 / 100"));
    let national = text(&read(&out.join("thong-ke/index.html")));
    assert!(national.contains("Tổng điểm 33,36 100"), "{national}");
    assert!(
        national.contains("Dịch vụ trực tuyến (ONLINE_SERVICE) 9,1 22"),
        "{national}"
    );

    // Open data: the same figures, machine notation.
    let csv = read(&out.join("thong-ke/thong-ke.csv"));
    let row = csv
        .lines()
        .find(|l| l.starts_with("2026-08,H44,H44.116,"))
        .expect("Bình Phú in the CSV");
    assert!(row.contains(",797,702,95,2.78,"), "{row}");
    let open: Value =
        serde_json::from_str(&read(&out.join("thong-ke/thong-ke.json"))).expect("JSON");
    let rows = open["rows"].as_array().expect("rows");
    let bp: Vec<&Value> = rows
        .iter()
        .filter(|r| r["unit_code"] == "H44.116")
        .collect();
    assert_eq!(bp.len(), 1);
    assert_eq!(bp[0]["scores"]["TDGQ"], 17.62);
    assert_eq!(bp[0]["scores"]["CLGQ"], 6.32);
    assert_eq!(bp[0]["commune_page"], "phuong-dinh/");
    assert_eq!(bp[0]["total"], Value::Null, "not stated stays not stated");
}

/// Each chart has a title and a description, and the table beside it holds every figure the
/// chart draws.
#[test]
fn every_chart_has_a_text_alternative_and_a_table_with_its_figures() {
    let mut checked = 0;
    for page in html_files(sample()) {
        let html = read(&sample().join(&page));
        for (n, _) in html.match_indices("<svg class=\"chart\"") {
            let svg = &html[n..n + html[n..].find("</svg>").expect("closed")];
            let id = &svg[svg.find("aria-labelledby=\"").expect("labelled") + 17..];
            let id = &id[..id.find(' ').expect("two ids")];
            assert!(svg.contains(&format!("<title id=\"{id}\">")), "{svg}");
            assert!(svg.contains("<desc id="), "{svg}");
            let after = &html[n..];
            let table = &after[after.find("<table").expect("a table follows")
                ..after.find("</table>").expect("closed")];
            assert!(table.contains("<caption") && table.contains("scope=\"col\""));
            let cells = text(table);
            for value in svg.split("<text class=\"chart-value\"").skip(1) {
                let v = &value[value.find('>').expect("text") + 1..value.find('<').expect("end")];
                // "17,62 / 20" is drawn; the table has the score and the maximum.
                for part in v.split(" / ") {
                    assert!(
                        cells.contains(part),
                        "{}: {part} not in {cells}",
                        page.display()
                    );
                }
            }
            checked += 1;
        }
    }
    assert!(
        checked >= 10,
        "charts on the sample's statistics pages: {checked}"
    );
}

#[test]
fn sample_statistics_are_marked_as_examples() {
    let page = read(&sample().join("phuong-dinh/thong-ke/index.html"));
    assert!(text(&page).contains("Số liệu ví dụ:"));
    let ranking = read(&sample().join("thong-ke/vd/xa/tdgq/index.html"));
    assert!(text(&ranking).contains("Số liệu ví dụ:"));
    // Rank change since the previous month: Việt Hùng rose one place.
    assert!(
        text(&ranking).contains("▲ 1 tăng 1 bậc UBND xã Việt Hùng (ví dụ)"),
        "{}",
        text(&ranking)
    );
    let commune = read(&sample().join("phuong-dinh/index.html"));
    assert!(text(section(&commune, "results-h")).contains("Số liệu ví dụ:"));
}

#[test]
fn reimport_replaces_the_period_and_lists_what_changed() {
    let Some(data) = data("reimport_replaces_the_period_and_lists_what_changed") else {
        return;
    };
    let dir = scratch("stats-reimport");
    let content = dir.join("content");
    fs::create_dir_all(&content).expect("dir");
    let file = data.join("phu-tho-2026-08/dvc-progress-tree.json");
    assert!(import(&content, "2026-08", &[&file]).status.success());
    let o = import(&content, "2026-08", &[&file]);
    assert!(out_err(&o).0.contains("unchanged"), "{}", out_err(&o).0);
    let changed = dir.join("changed.json");
    fs::write(
        &changed,
        read(&file).replacen(
            "\"totalReceived\":797,\"totalOnTime\":702",
            "\"totalReceived\":798,\"totalOnTime\":703",
            1,
        ),
    )
    .expect("write");
    assert_ne!(read(&changed), read(&file), "the edit applied");
    let o = import(&content, "2026-08", &[&changed]);
    let (so, se) = out_err(&o);
    assert!(o.status.success(), "{se}");
    assert!(
        so.contains(
            "~ H44.116 UBND xã Bình Phú - Tỉnh Phú Thọ: on_time: 702 -> 703, received: 797 -> 798"
        ),
        "{so}"
    );
    let toml = read(&content.join("statistics/2026-08/h44-dvc-progress-tree.toml"));
    assert!(toml.contains("received = 798"));
}

#[test]
fn bad_responses_give_a_precise_error_and_write_nothing() {
    let Some(data) = data("bad_responses_give_a_precise_error_and_write_nothing") else {
        return;
    };
    let dir = scratch("stats-bad");
    let content = dir.join("content");
    fs::create_dir_all(&content).expect("dir");
    let good = data.join("phu-tho-2026-08/provide-online-tree.json");
    let cases: [(&str, String, &str, &str); 3] = [
        (
            "unknown.json",
            r#"{"code":"OK","data":{"rows":[{"departmentCode":"H44"}]}}"#.into(),
            "2026-08",
            "$.data: an unknown shape",
        ),
        (
            "above.json",
            read(&data.join("phu-tho-2026-08/dvc-progress-tree.json")).replacen(
                "\"totalReceived\":797,\"totalOnTime\":702",
                "\"totalReceived\":797,\"totalOnTime\":900",
                1,
            ),
            "2026-08",
            "unit H44.116 (UBND xã Bình Phú - Tỉnh Phú Thọ): on_time (900) is more than received (797)",
        ),
        (
            "period.json",
            read(&good),
            "2026-13",
            "--period: `2026-13` is not a period",
        ),
    ];
    for (name, body, period, want) in cases {
        let bad = dir.join(name);
        fs::write(&bad, body).expect("write");
        // The good file first: nothing of it may be written either.
        let o = import(&content, period, &[&good, &bad]);
        let (_, se) = out_err(&o);
        assert!(!o.status.success(), "{name} accepted");
        assert!(se.contains(want), "{name}: {se}");
        if period == "2026-08" {
            assert!(se.contains(name), "the error names the file: {se}");
        }
        assert!(
            !content.join("statistics").exists(),
            "{name}: something was written"
        );
    }
}

/// Hand-entered figures are checked like every other file, with file, line and column.
#[test]
fn bad_hand_entered_figures_are_errors_with_their_place() {
    let dir = scratch("stats-manual");
    let content = dir.join("content");
    copy_tree(&repo().join("content"), &content);
    let file = content.join("statistics/2026-10/vd-vi-du.toml");
    let good = read(&file);
    let cases = [
        (
            "on_time = 452",
            "on_time = 456",
            "on_time (456) is more than received (455)",
        ),
        (
            "overdue = 3\n",
            "overdue = 4\n",
            "on time (452) + overdue (4) = 456 is not received (455)",
        ),
        (
            "paid_online = 128",
            "paid_online = 141",
            "paid_online (141) is more than payable (140)",
        ),
        (
            "TDGQ = 19.87",
            "TDGQ = 21",
            "the score 21 is outside 0 to 20",
        ),
        (
            "[unit.\"VD.101\"]",
            "[unit.\"VD.109\"]",
            "no commune and no imported report names unit VD.109",
        ),
        (
            "period = \"2026-10\"",
            "period = \"2026-10-01\"",
            "is not a period",
        ),
        (
            "period = \"2026-10\"",
            "period = \"2026-09\"",
            "period 2026-09 is in the folder 2026-10",
        ),
    ];
    for (from, to, want) in cases {
        assert!(good.contains(from), "{from}");
        // A unit's code is in its table and in its scores' table.
        let edited = if from.starts_with("[unit") {
            good.replace("unit.\"VD.101\"", "unit.\"VD.109\"")
        } else {
            good.replacen(from, to, 1)
        };
        fs::write(&file, edited).expect("write");
        let out = dir.join("public");
        let o = build(&content, &out, &[]);
        let (_, se) = out_err(&o);
        assert!(!o.status.success(), "{to} accepted");
        assert!(se.contains(want), "{to}: {se}");
        assert!(
            se.contains("statistics/2026-10/vd-vi-du.toml:"),
            "file and line: {se}"
        );
        assert!(!out.exists(), "nothing written");
    }
    fs::write(&file, &good).expect("write");
    let commune = content.join("communes/truc-my/commune.toml");
    fs::write(&commune, read(&commune).replace("VD.104", "VD.101")).expect("write");
    let o = build(&content, &dir.join("public"), &[]);
    assert!(
        out_err(&o)
            .1
            .contains("another commune already names unit VD.101"),
        "{}",
        out_err(&o).1
    );
}

/// The statistics pages on a 360 px phone and in print, in Chromium: the page never scrolls
/// sideways (wide tables scroll in their own box) and every chart fits the screen.
#[test]
fn statistics_pages_fit_a_360_px_phone() {
    if !common::needs::have(
        "statistics_pages_fit_a_360_px_phone",
        common::needs::BROWSER,
    ) {
        return;
    }
    let out = scratch("stats-phone").join("public");
    let server = serve(&repo().join("content"), &out);
    let paths = [
        "phuong-dinh/",
        "phuong-dinh/thong-ke/",
        "thong-ke/",
        "thong-ke/vd/xa/tdgq/",
        "en/phuong-dinh/thong-ke/",
    ];
    let o = std::process::Command::new(common::needs::node())
        .arg(repo().join("tests/browser/phone.mjs"))
        .arg(&server.url)
        .args(paths)
        .output()
        .expect("node runs");
    let (so, se) = out_err(&o);
    assert!(
        o.status.success() && so.contains("5 pages checked at 360 px, 0 problems"),
        "{so}{se}"
    );
}
