//! The few browser services the widget uses: fetch, the URL, printing, the clock.

use js_sys::Uint8Array;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

pub fn performance() -> Option<web_sys::Performance> {
    window()?.performance()
}

fn js_error(e: JsValue) -> String {
    e.as_string()
        .or_else(|| {
            e.dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
        })
        .unwrap_or_else(|| "network error".into())
}

pub async fn fetch_bytes(url: &str) -> Result<Vec<u8>, String> {
    let w = window().ok_or("no window")?;
    let resp = JsFuture::from(w.fetch_with_str(url))
        .await
        .map_err(js_error)?;
    let resp: web_sys::Response = resp.dyn_into().map_err(js_error)?;
    if !resp.ok() {
        return Err(format!("HTTP {}", resp.status()));
    }
    let buf = JsFuture::from(resp.array_buffer().map_err(js_error)?)
        .await
        .map_err(js_error)?;
    Ok(Uint8Array::new(&buf).to_vec())
}

/// `?q=…&thu-tuc=…` of the current address.
pub fn url_state() -> (String, String) {
    let search = window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok();
    let get = |k: &str| params.as_ref().and_then(|p| p.get(k)).unwrap_or_default();
    (get("q"), get("thu-tuc"))
}

/// Keeps the query (and the open procedure) in the address, so Back and reload work.
/// `push` adds a history entry (opening a procedure); otherwise the entry is replaced.
pub fn set_url_state(query: &str, open: &str, push: bool) {
    let Some(w) = window() else { return };
    let Ok(params) = web_sys::UrlSearchParams::new() else {
        return;
    };
    if !query.is_empty() {
        params.append("q", query);
    }
    if !open.is_empty() {
        params.append("thu-tuc", open);
    }
    let qs = String::from(params.to_string());
    let path = w.location().pathname().unwrap_or_default();
    let hash = w.location().hash().unwrap_or_default();
    let url = if qs.is_empty() {
        format!("{path}{hash}")
    } else {
        format!("{path}?{qs}{hash}")
    };
    if let Ok(h) = w.history() {
        let _ = if push {
            h.push_state_with_url(&JsValue::NULL, "", Some(&url))
        } else {
            h.replace_state_with_url(&JsValue::NULL, "", Some(&url))
        };
    }
}

/// Follows a link (a whole-site result opens its commune's page).
pub fn go_to(url: &str) {
    if let Some(w) = window() {
        let _ = w.location().set_href(url);
    }
}

/// Prints only the checklist: the theme's print style shows nothing else while the root
/// element has the `mc-print` class, which goes away once printing is done.
pub fn print_checklist() {
    let Some(w) = window() else { return };
    let Some(root) = w.document().and_then(|d| d.document_element()) else {
        return;
    };
    let _ = root.class_list().add_1("mc-print");
    let done = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = root.class_list().remove_1("mc-print");
    });
    let options = web_sys::AddEventListenerOptions::new();
    options.set_once(true);
    let _ = w.add_event_listener_with_callback_and_add_event_listener_options(
        "afterprint",
        done.unchecked_ref(),
        &options,
    );
    let _ = w.print();
}

/// The element that has the focus.
pub fn active_element() -> Option<web_sys::Element> {
    window()?.document()?.active_element()
}

/// The path of the page the visitor came from, when it is on this site.
pub fn referrer_path() -> Option<String> {
    let w = window()?;
    let referrer = w.document()?.referrer();
    let origin = w.location().origin().ok()?;
    referrer
        .strip_prefix(&origin)
        .filter(|p| p.starts_with('/'))
        .map(str::to_string)
}

/// Today's date and the time now, on the device's clock, as `YYYY-MM-DD` and `HH:MM`.
pub fn now() -> (String, String) {
    let d = js_sys::Date::new_0();
    (
        format!(
            "{:04}-{:02}-{:02}",
            d.get_full_year(),
            d.get_month() + 1,
            d.get_date()
        ),
        format!("{:02}:{:02}", d.get_hours(), d.get_minutes()),
    )
}
