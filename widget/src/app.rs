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
    /// What the visitor typed in the page's plain box before the widget took over.
    pub typed: AttrValue,
    /// Whether that box had the focus.
    pub focus: bool,
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
    /// The list was closed with Escape; typing or an arrow opens it again.
    collapsed: bool,
    /// A whole-site procedure whose communes are offered to choose from.
    choosing: Option<usize>,
    input: NodeRef,
    chooser: NodeRef,
    /// Focus to move after the next render: to the input, or to the chooser's heading.
    focus_input: bool,
    focus_chooser: bool,
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

    /// Opens a whole-site result: a commune's page, or the procedure's page in the commune
    /// the visitor came from or the only one that receives it; else asks which commune.
    fn open_link(&mut self, l: &Loaded, entry: usize) -> bool {
        let e = &l.index.entries[entry];
        let places: Vec<&catalog::index::Place> = e
            .places
            .iter()
            .filter_map(|p| l.index.places.get(*p as usize))
            .collect();
        let from = web::referrer_path().unwrap_or_default();
        let came_from = places.iter().find(|p| from.starts_with(p.url.as_str()));
        match (places.as_slice(), came_from) {
            ([], _) => web::go_to(&e.url),
            (_, Some(p)) | ([p], None) => web::go_to(&format!("{}{}", p.url, e.url)),
            _ => {
                self.choosing = Some(entry);
                self.focus_chooser = true;
                return true;
            }
        }
        false
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
        let (mut query, open) = web::url_state();
        if query.is_empty() {
            query = ctx.props().typed.to_string();
        }
        let mut app = App {
            loaded: None,
            loading: false,
            error: None,
            query,
            hits: Vec::new(),
            active: None,
            open: None,
            collapsed: false,
            choosing: None,
            input: NodeRef::default(),
            chooser: NodeRef::default(),
            focus_input: ctx.props().focus,
            focus_chooser: false,
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
                self.choosing = None;
                self.collapsed = false;
                self.start_loading(ctx);
                self.search();
                web::set_url_state(&self.query, "", false);
                true
            }
            Msg::Key(e) => {
                let n = self.hits.len();
                let listed = self.expanded();
                match e.key().as_str() {
                    "ArrowDown" if n > 0 => {
                        e.prevent_default();
                        self.collapsed = false;
                        self.active = Some(self.active.map_or(0, |a| (a + 1) % n));
                    }
                    "ArrowUp" if n > 0 => {
                        e.prevent_default();
                        self.collapsed = false;
                        self.active = Some(self.active.map_or(n - 1, |a| (a + n - 1) % n));
                    }
                    "Enter" if listed => {
                        e.prevent_default();
                        let hit = self.active.unwrap_or(0);
                        ctx.link().send_message(Msg::Open(self.hits[hit].entry));
                    }
                    // The combobox pattern: Escape first closes the list, keeping the query;
                    // only then does it clear the box.
                    "Escape" if listed => {
                        // A search box's own Escape would clear it.
                        e.prevent_default();
                        self.collapsed = true;
                        self.active = None;
                    }
                    "Escape" if self.open.is_some() || self.choosing.is_some() => {
                        ctx.link().send_message(Msg::Close);
                    }
                    "Escape" => {
                        self.query.clear();
                        self.hits.clear();
                        self.active = None;
                        web::set_url_state("", "", false);
                    }
                    _ => return false,
                }
                true
            }
            Msg::Open(entry) => {
                if let Some(l) = self.loaded.clone().filter(|l| l.index.link_only) {
                    return self.open_link(&l, entry);
                }
                self.open = Some(entry);
                web::set_url_state(&self.query, &self.code_of(Some(entry)), true);
                true
            }
            Msg::Close => {
                self.open = None;
                self.choosing = None;
                self.collapsed = true;
                self.focus_input = true;
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

    fn rendered(&mut self, _ctx: &Context<Self>, _first_render: bool) {
        let focus = |r: &NodeRef| {
            if let Some(el) = r.cast::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        };
        if std::mem::take(&mut self.focus_input) {
            focus(&self.input);
        }
        if std::mem::take(&mut self.focus_chooser) {
            focus(&self.chooser);
        }
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let p = ctx.props();
        let link = ctx.link();
        let loaded = self.loaded.as_deref();
        let t = |key: &'static str| -> String {
            loaded.map_or(String::new(), |l| l.t(key).to_string())
        };
        let expanded = self.expanded();
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
            let communes = (!e.places.is_empty()).then(|| {
                l.t("in_communes").replace("{n}", &e.places.len().to_string())
            });
            html! {
                <li id={format!("mc-opt-{n}")} role="option" class="mc-option"
                    aria-selected={(self.active == Some(n)).to_string()}
                    onclick={link.callback(move |_| Msg::Open(entry))}>
                    <span class="mc-name" lang="vi">{ highlighted(&e.name, &hit.highlights) }</span>
                    <span class="mc-meta">
                        if e.code.is_empty() { <span lang="vi">{ &e.field }</span> }
                        else { <span class="mc-code">{ &e.code }</span> }
                        if let Some(n) = communes { {" · "}{ n } }
                        if let Some(c) = main { {" · "}{ &c.time_text } }
                        if !e.status.is_empty() { {" · "}<span class="mc-upcoming">{ &e.status }</span> }
                    </span>
                </li>
            }
        });
        html! {
            <div class="mc-widget">
                <label for="mc-q" class="mc-label">{ &p.label }</label>
                <input id="mc-q" ref={self.input.clone()} type="search" class="mc-input" role="combobox"
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
                if let (Some(l), Some(entry)) = (loaded, self.choosing) {
                    { self.chooser_view(ctx, l, entry) }
                }
            </div>
        }
    }
}

impl App {
    fn expanded(&self) -> bool {
        !self.hits.is_empty() && self.open.is_none() && self.choosing.is_none() && !self.collapsed
    }

    /// Which commune? The communes that receive a procedure, each a link to its page there.
    fn chooser_view(&self, ctx: &Context<Self>, l: &Loaded, entry: usize) -> Html {
        let e = &l.index.entries[entry];
        let on_key = ctx
            .link()
            .batch_callback(|k: KeyboardEvent| (k.key() == "Escape").then_some(Msg::Close));
        html! {
            <section class="mc-panel mc-chooser" aria-labelledby="mc-chooser-h" onkeydown={on_key}>
                <h3 id="mc-chooser-h" tabindex="-1" ref={self.chooser.clone()} lang="vi">{ &e.name }</h3>
                <p>{ l.t("choose_commune") }</p>
                <ul class="mc-places">
                    { for e.places.iter().filter_map(|p| l.index.places.get(*p as usize)).map(|p| html! {
                        <li><a href={format!("{}{}", p.url, e.url)} lang="vi">{ &p.name }</a></li>
                    }) }
                </ul>
                <button type="button" class="mc-close" onclick={ctx.link().callback(|_| Msg::Close)}>{ l.t("close") }</button>
            </section>
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
