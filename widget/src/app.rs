//! The search box and its results (the ARIA combobox pattern), and the state of the widget.

use crate::panel::Panel;
use crate::web;
use catalog::index::Index;
use catalog::search::{Hit, Searcher};
use catalog::Calendar;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

const MAX_RESULTS: usize = 8;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub index_url: AttrValue,
    pub label: AttrValue,
    pub placeholder: AttrValue,
}

/// The index, ready to search: read once, on first focus or keystroke.
pub struct Loaded {
    pub index: Index,
    pub searcher: Searcher,
    pub calendar: Calendar,
}

impl Loaded {
    pub fn t<'a>(&'a self, key: &'a str) -> &'a str {
        self.index.string(key)
    }
}

pub enum Msg {
    Wake,
    Loaded(Result<Rc<Loaded>, String>),
    Input(String),
    Key(KeyboardEvent),
    Open(usize),
    Close,
    UrlChanged,
}

pub struct App {
    loaded: Option<Rc<Loaded>>,
    loading: bool,
    error: Option<String>,
    query: String,
    hits: Vec<Hit>,
    active: Option<usize>,
    /// The entry whose panel is open.
    open: Option<usize>,
    /// The procedure to open once the index arrives (from the address).
    pending_open: String,
    _popstate: Option<Closure<dyn Fn()>>,
}

impl App {
    fn search(&mut self) {
        self.active = None;
        self.hits = match &self.loaded {
            Some(l) => l.searcher.search(&self.query, MAX_RESULTS),
            None => Vec::new(),
        };
    }

    fn start_loading(&mut self, ctx: &Context<Self>) {
        if self.loaded.is_some() || self.loading {
            return;
        }
        self.loading = true;
        let url = ctx.props().index_url.to_string();
        ctx.link().send_future(async move {
            let result = web::fetch_bytes(&url).await.and_then(|bytes| {
                let index = Index::decode(&bytes).map_err(|e| e.0.to_string())?;
                let searcher = Searcher::new(&index.entries);
                let calendar = Calendar::new(&index.calendar);
                Ok(Rc::new(Loaded {
                    index,
                    searcher,
                    calendar,
                }))
            });
            Msg::Loaded(result)
        });
    }

    fn open_code(&mut self, code: &str) {
        if let Some(l) = &self.loaded {
            self.open = l.index.entries.iter().position(|e| e.code == code);
        }
    }

    fn code_of(&self, entry: Option<usize>) -> String {
        match (&self.loaded, entry) {
            (Some(l), Some(i)) => l.index.entries[i].code.clone(),
            _ => String::new(),
        }
    }
}

impl Component for App {
    type Message = Msg;
    type Properties = Props;

    fn create(ctx: &Context<Self>) -> Self {
        let (query, open) = web::url_state();
        let mut app = App {
            loaded: None,
            loading: false,
            error: None,
            query,
            hits: Vec::new(),
            active: None,
            open: None,
            pending_open: open,
            _popstate: None,
        };
        // Arriving with a query in the address (Back, a shared link): answer it at once.
        if !app.query.is_empty() || !app.pending_open.is_empty() {
            app.start_loading(ctx);
        }
        let link = ctx.link().clone();
        let on_pop = Closure::<dyn Fn()>::new(move || link.send_message(Msg::UrlChanged));
        if let Some(w) = web_sys::window() {
            let _ = w.add_event_listener_with_callback("popstate", on_pop.as_ref().unchecked_ref());
        }
        app._popstate = Some(on_pop);
        app
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        match msg {
            Msg::Wake => {
                self.start_loading(ctx);
                false
            }
            Msg::Loaded(Ok(loaded)) => {
                self.loading = false;
                self.loaded = Some(loaded);
                self.search();
                let code = std::mem::take(&mut self.pending_open);
                if !code.is_empty() {
                    self.open_code(&code);
                }
                true
            }
            Msg::Loaded(Err(e)) => {
                self.loading = false;
                self.error = Some(e);
                true
            }
            Msg::Input(q) => {
                self.query = q;
                self.open = None;
                self.start_loading(ctx);
                self.search();
                web::set_url_state(&self.query, "", false);
                true
            }
            Msg::Key(e) => {
                let n = self.hits.len();
                match e.key().as_str() {
                    "ArrowDown" if n > 0 => {
                        e.prevent_default();
                        self.active = Some(self.active.map_or(0, |a| (a + 1) % n));
                    }
                    "ArrowUp" if n > 0 => {
                        e.prevent_default();
                        self.active = Some(self.active.map_or(n - 1, |a| (a + n - 1) % n));
                    }
                    "Enter" if n > 0 => {
                        e.prevent_default();
                        let hit = self.active.unwrap_or(0);
                        ctx.link().send_message(Msg::Open(self.hits[hit].entry));
                    }
                    "Escape" => {
                        if self.open.is_some() {
                            ctx.link().send_message(Msg::Close);
                        } else {
                            self.query.clear();
                            self.hits.clear();
                            self.active = None;
                            web::set_url_state("", "", false);
                        }
                    }
                    _ => return false,
                }
                true
            }
            Msg::Open(entry) => {
                if let Some(l) = self.loaded.as_ref().filter(|l| l.index.link_only) {
                    web::go_to(&l.index.entries[entry].url);
                    return false;
                }
                self.open = Some(entry);
                web::set_url_state(&self.query, &self.code_of(Some(entry)), true);
                true
            }
            Msg::Close => {
                self.open = None;
                web::set_url_state(&self.query, "", false);
                true
            }
            Msg::UrlChanged => {
                let (q, open) = web::url_state();
                if q != self.query {
                    self.query = q;
                    self.search();
                }
                self.open = None;
                if !open.is_empty() {
                    self.open_code(&open);
                }
                true
            }
        }
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let p = ctx.props();
        let link = ctx.link();
        let loaded = self.loaded.as_deref();
        let t = |key: &'static str| -> String {
            loaded.map_or(String::new(), |l| l.t(key).to_string())
        };
        let expanded = !self.hits.is_empty() && self.open.is_none();
        let status = if let Some(e) = &self.error {
            format!("{} ({e})", t("error"))
        } else if self.loading {
            p.placeholder.to_string()
        } else if self.query.trim().is_empty() || loaded.is_none() {
            String::new()
        } else if self.hits.is_empty() {
            t("no_results")
        } else {
            t("results").replace("{n}", &self.hits.len().to_string())
        };
        let active_id = self.active.map(|a| format!("mc-opt-{a}"));
        let options = self.hits.iter().enumerate().map(|(n, hit)| {
            let Some(l) = loaded else { return html! {} };
            let e = &l.index.entries[hit.entry];
            let entry = hit.entry;
            let main = e.channels.first();
            html! {
                <li id={format!("mc-opt-{n}")} role="option" class="mc-option"
                    aria-selected={(self.active == Some(n)).to_string()}
                    onclick={link.callback(move |_| Msg::Open(entry))}>
                    <span class="mc-name" lang="vi">{ highlighted(&e.name, &hit.highlights) }</span>
                    <span class="mc-meta">
                        <span class="mc-code">{ &e.code }</span>
                        if !e.place.is_empty() { {" · "}<span lang="vi">{ &e.place }</span> }
                        if let Some(c) = main { {" · "}{ &c.time_text } }
                        if !e.status.is_empty() { {" · "}<span class="mc-upcoming">{ &e.status }</span> }
                    </span>
                </li>
            }
        });
        html! {
            <div class="mc-widget">
                <label for="mc-q" class="mc-label">{ &p.label }</label>
                <input id="mc-q" type="search" class="mc-input" role="combobox"
                    aria-autocomplete="list" aria-expanded={expanded.to_string()}
                    aria-controls="mc-results" aria-activedescendant={active_id}
                    aria-describedby="mc-status"
                    autocomplete="off" spellcheck="false" placeholder={p.placeholder.clone()}
                    value={self.query.clone()}
                    onfocus={link.callback(|_| Msg::Wake)}
                    oninput={link.callback(|e: InputEvent| Msg::Input(e.target_unchecked_into::<HtmlInputElement>().value()))}
                    onkeydown={link.callback(Msg::Key)} />
                <p id="mc-status" class="mc-status" role="status" aria-live="polite">{ status }</p>
                <ul id="mc-results" class="mc-results" role="listbox" aria-label={p.label.clone()} hidden={!expanded}>
                    { for options }
                </ul>
                if let (Some(l), Some(entry)) = (&self.loaded, self.open) {
                    <Panel loaded={l.clone()} entry={entry} on_close={link.callback(|_| Msg::Close)} />
                }
            </div>
        }
    }
}

/// The name with matched words in `<mark>`.
fn highlighted(name: &str, ranges: &[(usize, usize)]) -> Html {
    let mut parts = Vec::new();
    let mut at = 0;
    for &(s, e) in ranges {
        if s < at || e > name.len() {
            continue;
        }
        parts.push(html! { { &name[at..s] } });
        parts.push(html! { <mark>{ &name[s..e] }</mark> });
        at = e;
    }
    parts.push(html! { { &name[at..] } });
    parts.into_iter().collect::<Html>()
}

impl PartialEq for Loaded {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}
