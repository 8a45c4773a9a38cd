//! The names the site takes at the root of its output, which a commune's folder name (its
//! URL segment) must not take too: a commune folder `en` would overwrite the English home.

/// Root folders of the output besides communes and languages (see [`crate::routes`]).
pub const RESERVED: &[&str] = crate::routes::ROOT_FOLDERS;

/// Why a commune folder may not be named `slug`, if it may not: `languages` are every
/// language the site or its theme has, each of which has a root folder of its own.
pub fn commune_clash(slug: &str, languages: &[String]) -> Option<String> {
    if languages.iter().any(|l| l == slug) {
        Some(format!(
            "the commune folder `{slug}` has the name of a language, whose pages live at /{slug}/"
        ))
    } else if RESERVED.contains(&slug) {
        Some(format!(
            "the commune folder `{slug}` has a name the site uses for its own files, at /{slug}/"
        ))
    } else {
        None
    }
}
