//! A site with the real service-quality responses of ../shared/data/service-index imported:
//! the sample content without its example figures, Phương Định linked to Bình Phú (Phú Thọ,
//! H44.116) and Việt Hùng to Tây Sơn (Gia Lai, H21.217).

use super::*;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

/// The real responses, or `None` after printing that `test` skips.
pub fn data(test: &str) -> Option<PathBuf> {
    super::needs::shared_data(test, "service-index")
}

pub fn import(content: &Path, period: &str, inputs: &[&Path]) -> Output {
    site_gen()
        .args(["import", "service-index", "--period", period, "--content"])
        .arg(content)
        .args(inputs)
        .output()
        .expect("site-gen runs")
}

pub fn out_err(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// The sample content without its example figures, Phương Định linked to Bình Phú (Phú Thọ)
/// and Việt Hùng to Tây Sơn (Gia Lai), and the four shared responses imported.
pub fn real_site(name: &str, data: &Path) -> (PathBuf, PathBuf) {
    let content = scratch(name).join("content");
    copy_tree(&repo().join("content"), &content);
    fs::remove_dir_all(content.join("statistics")).expect("remove the example figures");
    for (slug, from, to) in [
        ("phuong-dinh", "VD.101", "H44.116"),
        ("viet-hung", "VD.102", "H21.217"),
    ] {
        let f = content.join(format!("communes/{slug}/commune.toml"));
        fs::write(&f, read(&f).replace(from, to)).expect("write");
    }
    let o = import(&content, "2026-08", &[&data.join("phu-tho-2026-08")]);
    let (so, se) = out_err(&o);
    assert!(o.status.success(), "{se}");
    assert!(
        so.contains("+ H44 dvc-progress-tree 2026-08: 164 units"),
        "{so}"
    );
    let o = import(
        &content,
        "2026-03",
        &[&data.join("gia-lai-2026-03/service-results.json")],
    );
    assert!(o.status.success(), "{}", out_err(&o).1);
    let out = content.with_file_name("public");
    let b = build(&content, &out, &[]);
    assert!(b.status.success(), "{}", out_err(&b).1);
    (content, out)
}
