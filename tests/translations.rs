//! The interface strings of the default theme (themes/default/i18n/vi.toml and en.toml): the
//! two files hold the same keys at every depth, with values of the same type and the same
//! `{placeholders}`, and every key the code and the templates ask for exists in both. A key
//! missing from English falls back to Vietnamese, and one missing from both shows as the raw
//! key on the page (`I18n::t`): neither is caught by a build.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn strings(lang: &str) -> toml::Table {
    let path = repo().join(format!("themes/default/i18n/{lang}.toml"));
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.parse()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every leaf of `table` as (dotted key, value), at any depth.
fn leaves(prefix: &str, table: &toml::Table, out: &mut BTreeMap<String, toml::Value>) {
    for (k, v) in table {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            toml::Value::Table(t) => leaves(&key, t, out),
            _ => {
                out.insert(key, v.clone());
            }
        }
    }
}

/// `units` is the English of content words (`units.trang` = "page"): Vietnamese shows the
/// word as written, so only the other languages have this table (`I18n::word`).
const TRANSLATED_WORDS: &str = "units";

fn interface(lang: &str) -> BTreeMap<String, toml::Value> {
    let mut out = BTreeMap::new();
    leaves("", &strings(lang), &mut out);
    out.retain(|k, _| !k.starts_with(&format!("{TRANSLATED_WORDS}.")));
    out
}

/// The `{name}` placeholders of a string.
fn placeholders(s: &str) -> BTreeSet<&str> {
    s.split('{')
        .skip(1)
        .filter_map(|part| part.split_once('}').map(|(name, _)| name))
        .filter(|name| {
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
        .collect()
}

#[test]
fn vi_and_en_have_the_same_keys_types_and_placeholders() {
    let (vi, en) = (interface("vi"), interface("en"));
    let (vi_keys, en_keys): (BTreeSet<_>, BTreeSet<_>) = (vi.keys().collect(), en.keys().collect());
    let only_vi: Vec<_> = vi_keys.difference(&en_keys).collect();
    let only_en: Vec<_> = en_keys.difference(&vi_keys).collect();
    assert!(
        only_vi.is_empty() && only_en.is_empty(),
        "keys only in vi.toml: {only_vi:?}\nkeys only in en.toml: {only_en:?}"
    );
    let mut problems = Vec::new();
    for (key, v) in &vi {
        let e = &en[key];
        if v.type_str() != e.type_str() {
            problems.push(format!(
                "{key}: {} in vi, {} in en",
                v.type_str(),
                e.type_str()
            ));
        } else if let (Some(v), Some(e)) = (v.as_str(), e.as_str()) {
            let (pv, pe) = (placeholders(v), placeholders(e));
            if pv != pe {
                problems.push(format!("{key}: placeholders {pv:?} in vi, {pe:?} in en"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(vi.len() > 200, "only {} keys", vi.len());
    assert!(
        !strings("vi").contains_key(TRANSLATED_WORDS)
            && strings("en").contains_key(TRANSLATED_WORDS),
        "`{TRANSLATED_WORDS}` translates Vietnamese words: en.toml only"
    );
}

fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            files(&path, ext, out);
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
}

/// The string literal at the start of `s` (after its opening quote), if it is a key.
fn literal_key(s: &str) -> Option<&str> {
    let key = &s[..s.find('"')?];
    (!key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'))
    .then_some(key)
}

/// Keys the generator asks for by a literal: `.text("key")`, `.format("key", …)`, and every literal of
/// the small `fn …_key(…) -> &'static str` helpers that map a kind to its key. Keys built at run
/// time (`format!("weekday_{}", …)`, `format!("widget.{k}")`, a `match` inside the call) are not
/// seen here; the pages' text is checked for leaked keys by end_to_end's
/// `languages_and_translations`.
fn keys_in_code(text: &str, out: &mut BTreeSet<String>) {
    for call in [".text(\"", ".format(\""] {
        for (at, _) in text.match_indices(call) {
            if let Some(key) = literal_key(&text[at + call.len()..]) {
                out.insert(key.to_string());
            }
        }
    }
    for (at, _) in text.match_indices("_key(") {
        let head = &text[..at];
        let Some(fn_at) = head.rfind("fn ") else {
            continue;
        };
        if head[fn_at + 3..].contains(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
            continue; // a call, not the helper's definition
        }
        let body = &text[at..];
        let body = &body[..body.find("\n}\n").unwrap_or(body.len())];
        if !body.contains("-> &'static str") {
            continue;
        }
        for part in body.split('"').skip(1).step_by(2) {
            if let Some(key) = literal_key(&format!("{part}\"")) {
                out.insert(key.to_string());
            }
        }
    }
}

/// Groups of `.word("group", …)`: tables the other languages must have.
fn word_groups(text: &str, out: &mut BTreeSet<String>) {
    for (at, _) in text.match_indices(".word(\"") {
        if let Some(group) = literal_key(&text[at + 7..]) {
            out.insert(group.to_string());
        }
    }
}

/// Keys of `t.key` in a template (the templates get the top-level strings as `t`).
fn keys_in_template(text: &str, out: &mut BTreeSet<String>) {
    for (at, _) in text.match_indices("t.") {
        let before = text[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
            continue;
        }
        let key: String = text[at + 2..]
            .chars()
            .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
            .collect();
        if !key.is_empty() {
            out.insert(key);
        }
    }
}

#[test]
fn every_key_the_code_and_templates_use_exists_in_both_languages() {
    let mut code = Vec::new();
    files(&repo().join("site-gen/src"), "rs", &mut code);
    let mut templates = Vec::new();
    files(
        &repo().join("themes/default/templates"),
        "html",
        &mut templates,
    );
    let (mut used, mut groups) = (BTreeSet::new(), BTreeSet::new());
    for f in &code {
        let text = fs::read_to_string(f).expect("read source");
        keys_in_code(&text, &mut used);
        word_groups(&text, &mut groups);
    }
    let from_code = used.len();
    for f in &templates {
        keys_in_template(&fs::read_to_string(f).expect("read template"), &mut used);
    }
    println!(
        "{from_code} keys used by the code, {} with the templates'",
        used.len()
    );
    assert!(
        from_code > 40 && used.len() > 150,
        "the scan found too little"
    );
    let mut missing = Vec::new();
    for lang in ["vi", "en"] {
        let table = strings(lang);
        for key in &used {
            if !table.get(key.as_str()).is_some_and(toml::Value::is_str) {
                missing.push(format!("{lang}.toml: {key}"));
            }
        }
        for group in &groups {
            if lang != "vi" && !table.get(group.as_str()).is_some_and(toml::Value::is_table) {
                missing.push(format!("{lang}.toml: [{group}]"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "missing strings:\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_scan_sees_each_way_a_key_is_written() {
    let mut keys = BTreeSet::new();
    keys_in_code(
        "let a = cx.i.text(\"fee_free\");\nlet b = i.format(\"status_upcoming\", &[]);\nlet c = i.text(&format!(\"level_{x}\"));\n\
         fn kind_key(k: Kind) -> &'static str {\n    match k {\n        Kind::A => \"change_new\",\n    }\n}\n\
         kind_key(k);\n",
        &mut keys,
    );
    keys_in_template(
        "<p>{{ t.no_changes }}</p>{% if x %}{{ t.home | upper }}{% endif %}{{ cont.x }}",
        &mut keys,
    );
    let want = [
        "change_new",
        "fee_free",
        "home",
        "no_changes",
        "status_upcoming",
    ];
    assert_eq!(keys.iter().map(String::as_str).collect::<Vec<_>>(), want);
}
