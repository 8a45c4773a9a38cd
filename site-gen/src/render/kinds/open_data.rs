//! Open data: each commune's catalogue and the site's, as JSON and as JSON-LD (CPSV-AP).

use super::{From, Input, PageKind, Subject};
use crate::diag::Diagnostic;
use crate::render::{open_data, RenderContext};
use crate::resolve::CommuneView;
use crate::routes::{DataFormat, Route};

/// `<commune>/du-lieu/thu-tuc.json(ld)`, then (`None`) the site's.
pub struct Data;

impl PageKind for Data {
    type Item<'s> = (Option<&'s CommuneView<'s>>, DataFormat);
    const NAME: &'static str = "open-data";
    const PER_LANGUAGE: bool = false;
    const PAGE: bool = false;
    /// Catalogues of datasets look for them.
    const LISTED: bool = true;
    /// A commune's file is what applies at its desk; the site's is the catalogue as defined,
    /// with each desk's codes (no fee decisions).
    const INPUTS: &'static [Input] = &[
        Input::Global,
        Input::CommuneFile,
        Input::CommuneProcedures,
        Input::FeeDecisions,
        Input::AllCommunes,
        Input::AllProcedures,
    ];

    fn items<'s>(from: &From<'s>) -> Vec<Self::Item<'s>> {
        from.site
            .communes
            .iter()
            .map(Some)
            .chain([None])
            .flat_map(|c| [(c, DataFormat::Json), (c, DataFormat::JsonLd)])
            .collect()
    }
    fn subject<'a>((c, _): &'a Self::Item<'_>) -> Subject<'a> {
        c.map_or(Subject::site(), Subject::commune)
    }
    fn route<'a>((c, f): &'a Self::Item<'_>) -> Route<'a> {
        Route::Data(c.map(|c| c.slug), *f)
    }
    fn render(cx: &RenderContext, item: &Self::Item<'_>) -> Result<Vec<u8>, Diagnostic> {
        Ok(match item {
            (Some(c), DataFormat::Json) => open_data::commune_json(cx, c),
            (Some(c), DataFormat::JsonLd) => open_data::commune_jsonld(cx, c),
            (None, DataFormat::Json) => open_data::site_json(cx),
            (None, DataFormat::JsonLd) => open_data::site_jsonld(cx),
        })
    }
}
