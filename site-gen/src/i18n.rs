//! Interface strings from the theme's `i18n/<lang>.toml`, with fallback to Vietnamese.

use crate::diag::{Diagnostic, Diagnostics, Sources};
use crate::theme::Theme;
use std::collections::BTreeMap;

pub struct Translations {
    /// Language code -> flattened key (`units.trang`) -> text.
    langs: BTreeMap<String, BTreeMap<String, String>>,
}

/// The strings of one language, Vietnamese filling any gap.
#[derive(Clone, Copy)]
pub struct I18n<'a> {
    pub lang: &'a str,
    strings: &'a BTreeMap<String, String>,
    fallback: &'a BTreeMap<String, String>,
}

const DEFAULT: &str = "vi";

impl Translations {
    pub fn load(theme: &Theme, sources: &mut Sources) -> Result<Translations, Diagnostics> {
        let mut langs = BTreeMap::new();
        let mut errors = Diagnostics::default();
        let names: Vec<String> = theme
            .under("i18n")
            .filter(|(n, _)| n.ends_with(".toml"))
            .map(|(n, _)| n.to_string())
            .collect();
        for name in names {
            let (text, id) = match theme.text(&format!("i18n/{name}"), sources) {
                Ok(t) => t,
                Err(d) => {
                    errors.push(d);
                    continue;
                }
            };
            match text.parse::<toml::Table>() {
                Ok(table) => {
                    let mut flat = BTreeMap::new();
                    flatten("", &table, &mut flat);
                    langs.insert(name.trim_end_matches(".toml").to_string(), flat);
                }
                Err(e) => errors.push(Diagnostic::error(e.message().to_string()).at(
                    sources,
                    id,
                    e.span(),
                )),
            }
        }
        if !langs.contains_key(DEFAULT) {
            errors.push(
                Diagnostic::error("the theme has no i18n/vi.toml").help(
                    "Vietnamese is the default language and the fallback for every other one",
                ),
            );
        }
        errors.into_result(Translations { langs })
    }

    pub fn languages(&self) -> Vec<String> {
        self.langs.keys().cloned().collect()
    }

    pub fn get<'a>(&'a self, lang: &'a str) -> I18n<'a> {
        let fallback = &self.langs[DEFAULT];
        I18n {
            lang,
            strings: self.langs.get(lang).unwrap_or(fallback),
            fallback,
        }
    }
}

fn flatten(prefix: &str, table: &toml::Table, out: &mut BTreeMap<String, String>) {
    for (k, v) in table {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            toml::Value::Table(t) => flatten(&key, t, out),
            toml::Value::String(s) => {
                out.insert(key, s.clone());
            }
            other => {
                out.insert(key, other.to_string());
            }
        }
    }
}

impl<'a> I18n<'a> {
    /// The string for `key`; the key itself when no language has it, so a gap is visible
    /// on the page (and caught by the tests that compare the vi and en files) rather than blank.
    pub fn text<'k>(&self, key: &'k str) -> &'k str
    where
        'a: 'k,
    {
        self.strings
            .get(key)
            .or_else(|| self.fallback.get(key))
            .map_or(key, String::as_str)
    }

    /// `text(key)` with `{name}` placeholders filled.
    pub fn format(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut s = self.text(key).to_string();
        for (name, value) in args {
            s = s.replace(&format!("{{{name}}}"), value);
        }
        s
    }

    /// A unit or other content word in this language (`units.trang` → "page"), or as written.
    pub fn word<'w>(&self, group: &str, word: &'w str) -> std::borrow::Cow<'w, str>
    where
        'a: 'w,
    {
        match self.strings.get(&format!("{group}.{word}")) {
            Some(s) => std::borrow::Cow::Borrowed(s.as_str()),
            None => std::borrow::Cow::Borrowed(word),
        }
    }

    /// Every string, merged over the fallback, for templates (`t.key`).
    pub fn all(&self) -> BTreeMap<&'a str, &'a str> {
        let mut m: BTreeMap<&str, &str> = self
            .fallback
            .iter()
            .filter(|(k, _)| !k.contains('.'))
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        for (k, v) in self.strings.iter().filter(|(k, _)| !k.contains('.')) {
            m.insert(k, v);
        }
        m
    }
}
