//! Content as written -> content as checked: each fee through `catalog::Fee::try_from`, which
//! holds the rules of which fields go with which kind, its refusal reported at the field.
//! What comes out is the only `Content<Fee>`, the one a [`super::Validated`] holds.

use super::Checker;
use crate::diag::Diagnostics;
use crate::load::{CommuneFiles, Content, Parsed};
use catalog::fee::all;
use catalog::{Fee, RawFee};
use std::collections::BTreeSet;

/// The content with its fees checked, or `None` if one was refused (reported in the
/// diagnostics returned, after `errors`).
pub(super) fn fees(
    mut content: Content,
    errors: Diagnostics,
) -> (Option<Content<Fee>>, Diagnostics) {
    let procedures = std::mem::take(&mut content.procedures);
    let fee_documents = std::mem::take(&mut content.fee_documents);
    let communes = std::mem::take(&mut content.communes);
    let mut c = Checker {
        sources: &content.sources,
        forms: BTreeSet::new(),
        errors,
    };
    let procedures = all(procedures.into_iter().map(|p| {
        let (value, place) = p.split();
        let value = value.try_map_fees(&mut |path, raw| c.fee(&place, path, raw))?;
        Some(place.with(value))
    }));
    let fee_documents = all(fee_documents.into_iter().map(|p| {
        let (value, place) = p.split();
        let value = value.try_map_fees(&mut |path, raw| c.fee(&place, path, raw))?;
        Some(place.with(value))
    }));
    let communes = all(communes.into_iter().map(|files| {
        let (value, place) = files.commune.split();
        let value = value.try_map_fees(&mut |path, raw| c.fee(&place, path, raw))?;
        Some(CommuneFiles {
            slug: files.slug,
            commune: place.with(value),
            intro: files.intro,
            news: files.news,
        })
    }));
    let errors = c.errors;
    let (Some(procedures), Some(fee_documents), Some(communes)) =
        (procedures, fee_documents, communes)
    else {
        return (None, errors);
    };
    // Every other part as it was: only the type of the fees changes.
    let checked = Content {
        procedures,
        fee_documents,
        communes,
        root: content.root,
        sources: content.sources,
        site: content.site,
        calendars: content.calendars,
        changes: content.changes,
        pages: content.pages,
        forms: content.forms,
        statistics: content.statistics,
        units_left_out: content.units_left_out,
    };
    (Some(checked), errors)
}

impl Checker<'_> {
    /// `raw` as a fee, or `None` with the reason reported at `path` (`channel[0].fee[1]`)
    /// and the field.
    fn fee(&mut self, place: &Parsed<()>, path: &str, raw: RawFee) -> Option<Fee> {
        let refusal = match Fee::try_from(raw) {
            Ok(fee) => return Some(fee),
            Err(e) => e,
        };
        let at = match &refusal.field {
            Some(field) => format!("{path}.{field}"),
            None => path.to_string(),
        };
        let mut d = self.err(place, &at, refusal.message);
        if let Some(expected) = refusal.expected {
            d = d.expected(expected);
        }
        if let Some(help) = refusal.help {
            d = d.help(help);
        }
        self.report(d);
        None
    }
}
