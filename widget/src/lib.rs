//! motcua's search widget. Pages work fully without it; it adds instant lookup of procedures,
//! the answer panel with a printable checklist, and the due-date calculator. Everything it
//! knows comes from the commune's search index, in the format `catalog::index` defines.

mod app;
mod panel;
mod web;

use wasm_bindgen::prelude::*;

/// Mounts the widget into `root`, replacing the page's plain search box. Called by
/// `loader.js` for each element with a `data-mc-index` attribute, once the visitor uses it.
#[wasm_bindgen]
pub fn mount(root: web_sys::Element) {
    let attr = |name: &str| root.get_attribute(name).unwrap_or_default();
    // The page's own search box woke the widget: carry over what was typed, and the focus.
    let typed = root
        .query_selector("input")
        .ok()
        .flatten()
        .and_then(|i| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(i).ok());
    let focused = typed.is_some() && web::active_element().is_some_and(|a| a.id() == "mc-q");
    let props = app::Props {
        index_url: attr("data-mc-index").into(),
        label: attr("data-mc-label").into(),
        placeholder: attr("data-mc-placeholder").into(),
        typed: typed.map(|i| i.value()).unwrap_or_default().into(),
        focus: focused,
    };
    root.set_inner_html("");
    yew::Renderer::<app::App>::with_root_and_props(root, props).render();
}

/// The time of each query (one per line) over the index in `bytes`, in milliseconds, averaged
/// over `rounds` runs (browsers coarsen their clock to 0.1 ms), for tests/browser/bench.mjs.
#[wasm_bindgen]
pub fn bench(bytes: &[u8], queries: &str, rounds: u32) -> Result<Vec<f64>, JsError> {
    let index = catalog::index::Index::decode(bytes).map_err(|e| JsError::new(e.0))?;
    let searcher = catalog::search::Searcher::new(&index.entries);
    let perf = web::performance();
    let now = || perf.as_ref().map_or(0.0, web_sys::Performance::now);
    let rounds = rounds.max(1);
    let mut times = Vec::new();
    for q in queries.lines().filter(|q| !q.is_empty()) {
        let start = now();
        for _ in 0..rounds {
            std::hint::black_box(searcher.search(q, 8));
        }
        times.push((now() - start) / f64::from(rounds));
    }
    Ok(times)
}
