//! Escaping by context: text that is valid content but means something in the output's own
//! language (HTML inside a script element, a spreadsheet formula, XML) reaches citizens as
//! text. One build of the sample with such text, then a check per output.

mod common;

use common::*;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const NAME: &str = "Thủ tục đăng ký khai tử <!--<script>";
const BASE: &str = "https://motcua.example.vn/a&b/";

fn site() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        let dir = scratch("escaping");
        let content = dir.join("content");
        copy_tree(&repo().join("content"), &content);
        let rewrite = |rel: &str, from: &str, to: &str| {
            let path = content.join(rel);
            let text = read(&path);
            assert!(text.contains(from), "{rel}: {from}");
            fs::write(&path, text.replace(from, to)).expect("write");
        };
        let death = "catalogue/ho-tich/1.000656.toml";
        rewrite(death, "name = \"Thủ tục đăng ký khai tử\"", &format!("name = \"{NAME}\""));
        rewrite(
            death,
            "when = \"Đăng ký quá hạn\"",
            "when = \"=HYPERLINK(\\\"https://evil.example\\\")\", exemptions = [\"@SUM(1+1)\", \"-1\"]",
        );
        rewrite("site.toml", "https://motcua.example.vn/", BASE);
        let out = dir.join("public");
        let o = build(&content, &out, &[]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        out
    })
}

#[test]
fn json_ld_cannot_end_or_hide_the_page() {
    let html = read(&site().join("phuong-dinh/thu-tuc/1.000656/index.html"));
    let open = "<script type=\"application/ld+json\">";
    let start = html.find(open).expect("JSON-LD") + open.len();
    let json = &html[start..start + html[start..].find("</script>").expect("end")];
    // With `<` written as \u003c, nothing inside can open a comment or a script: the HTML
    // parser reads the element as plain text up to its real end.
    assert!(!json.contains(['<', '>', '&']), "{json}");
    let value: serde_json::Value = serde_json::from_str(json).expect("valid JSON");
    assert_eq!(value["name"], NAME);
    // The rest of the page is still there after the script element.
    assert!(text(&html).contains("Trích lục khai tử"));
}

#[test]
fn csv_cells_are_never_formulas() {
    let csv = read(&site().join("phuong-dinh/phi-le-phi/phi-le-phi.csv"));
    assert!(
        csv.contains("\"'=HYPERLINK(\"\"https://evil.example\"\")\""),
        "{csv}"
    );
    assert!(csv.contains("\"'@SUM(1+1); -1\""), "{csv}");
    for line in csv.lines() {
        for cell in line.split(',') {
            assert!(!cell.starts_with(['=', '+', '-', '@']), "{cell} in {line}");
        }
    }
}

#[test]
fn sitemap_is_well_formed_xml_and_robots_has_three_lines() {
    let sitemap = read(&site().join("sitemap.xml"));
    assert!(
        sitemap.contains("<loc>https://motcua.example.vn/a&amp;b/</loc>"),
        "{sitemap}"
    );
    for (i, _) in sitemap.match_indices('&') {
        let entity = &sitemap[i..];
        assert!(
            ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"]
                .iter()
                .any(|e| entity.starts_with(e)),
            "a bare & at {i}"
        );
    }
    let robots = read(&site().join("robots.txt"));
    assert_eq!(
        robots,
        format!("User-agent: *\nAllow: /\nSitemap: {BASE}sitemap.xml\n")
    );
}
