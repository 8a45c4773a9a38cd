//! `--communes a,b` and `--province X`: build part of a national content folder, so that a
//! province's sites build as parallel CI jobs. The other communes are dropped right after
//! loading, so the portal, the indexes, the sitemap and the open data describe exactly what is
//! built; the catalogue, fee decisions, calendars and pages are shared and stay whole.

use crate::diag::{Diagnostic, Diagnostics};
use crate::load::{CommuneFiles, Content};
use catalog::fold::fold;

/// Which communes of the content folder to build.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Selection {
    #[default]
    All,
    /// Folder names (`phuong-dinh`).
    Communes(Vec<String>),
    /// A province, as written in `commune.toml`; accents and case do not matter.
    Province(String),
}

/// Keeps the selected communes of `content`; an unknown name or a selection that keeps
/// nothing is an error that lists what there is.
pub fn apply(content: &mut Content, selection: &Selection) -> Result<(), Diagnostics> {
    match selection {
        Selection::All => Ok(()),
        Selection::Communes(slugs) => {
            let mut errors = Diagnostics::default();
            for slug in slugs {
                if !content.communes.iter().any(|c| &c.slug == slug) {
                    errors.push(
                        Diagnostic::error(format!("--communes: there is no commune `{slug}`"))
                            .expected(format!("one of: {}", known(content)))
                            .help("give folder names under communes/, separated by commas"),
                    );
                }
            }
            errors.into_result(())?;
            keep(content, |c| slugs.contains(&c.slug));
            Ok(())
        }
        Selection::Province(name) => {
            let wanted = fold(name);
            keep(content, |c| fold(&c.commune.value.province) == wanted);
            if content.communes.is_empty() {
                return Err(Diagnostic::error(format!(
                    "--province: no commune of the content folder is in `{name}`"
                ))
                .expected("a province named in some commune.toml")
                .help("write the province as its communes do, e.g. --province \"Nam Định\" (marks and case do not matter)")
                .into());
            }
            Ok(())
        }
    }
}

/// Keeps the communes `wanted` says, remembering the portal units the others name.
fn keep(content: &mut Content, wanted: impl Fn(&CommuneFiles) -> bool) {
    let (kept, left): (Vec<_>, Vec<_>) = std::mem::take(&mut content.communes)
        .into_iter()
        .partition(|c| wanted(c));
    content.units_left_out = left
        .into_iter()
        .filter_map(|c| c.commune.value.portal_unit)
        .collect();
    content.communes = kept;
}

fn known(content: &Content) -> String {
    let names: Vec<&str> = content.communes.iter().map(|c| c.slug.as_str()).collect();
    names.join(", ")
}
