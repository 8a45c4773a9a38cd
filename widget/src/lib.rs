//! motcua's search widget. Pages work fully without it; it adds instant lookup of procedures,
//! the answer panel with a printable checklist, and the due-date calculator. Everything it
//! knows comes from the commune's search index, in the format `catalog::index` defines.

mod app;
mod panel;
mod web;

use wasm_bindgen::prelude::*;

/// Mounts the widget into `root`, replacing its no-JavaScript fallback. Called by `loader.js`
/// for each element with a `data-mc-index` attribute.
#[wasm_bindgen]
pub fn mount(root: web_sys::Element) {
    let attr = |name: &str| root.get_attribute(name).unwrap_or_default();
    let props = app::Props {
        index_url: attr("data-mc-index").into(),
        label: attr("data-mc-label").into(),
        placeholder: attr("data-mc-placeholder").into(),
    };
    root.set_inner_html("");
    yew::Renderer::<app::App>::with_root_and_props(root, props).render();
}

/// Times `rounds` passes of every query (one per line) over the index in `bytes`, in
/// milliseconds per query, for the benchmark in tests/browser/bench.mjs.
#[wasm_bindgen]
pub fn bench(bytes: &[u8], queries: &str, rounds: u32) -> Result<Vec<f64>, JsError> {
    let index = catalog::index::Index::decode(bytes).map_err(|e| JsError::new(e.0))?;
    let searcher = catalog::search::Searcher::new(&index.entries);
    let perf = web::performance();
    let mut times = Vec::new();
    for _ in 0..rounds {
        for q in queries.lines().filter(|q| !q.is_empty()) {
            let start = perf.as_ref().map_or(0.0, web_sys::Performance::now);
            let hits = searcher.search(q, 10);
            std::hint::black_box(hits);
            times.push(perf.as_ref().map_or(0.0, web_sys::Performance::now) - start);
        }
    }
    Ok(times)
}
