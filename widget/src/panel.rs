//! The answer for one procedure: time and fees per channel, the due-date calculator, and the
//! document checklist with its Print button.

use crate::app::Loaded;
use crate::web;
use catalog::index::DocGroup;
use catalog::{Date, Due, TimeOfDay};
use std::rc::Rc;
use web_sys::{HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub loaded: Rc<Loaded>,
    pub entry: usize,
    pub on_close: Callback<()>,
}

pub enum Msg {
    Date(String),
    Time(String),
    Print,
}

pub struct Panel {
    date: String,
    time: String,
    heading: NodeRef,
}

/// "Thứ Hai, 23/02/2026".
fn format_due(l: &Loaded, due: Due) -> String {
    let d = due.date;
    let weekday = l.t(match d.weekday().key() {
        "mon" => "weekday_mon",
        "tue" => "weekday_tue",
        "wed" => "weekday_wed",
        "thu" => "weekday_thu",
        "fri" => "weekday_fri",
        "sat" => "weekday_sat",
        _ => "weekday_sun",
    });
    let mut s = format!("{weekday}, {}", d.vietnamese());
    if due.projected {
        s.push_str(&format!(" ({})", l.t("projected")));
    }
    s
}

impl Component for Panel {
    type Message = Msg;
    type Properties = Props;

    fn create(_ctx: &Context<Self>) -> Self {
        let (date, time) = web::now();
        Panel {
            date,
            time,
            heading: NodeRef::default(),
        }
    }

    /// Opening an answer moves the focus to its heading, so a screen reader reads its name
    /// and the keyboard continues from there.
    fn rendered(&mut self, _ctx: &Context<Self>, first_render: bool) {
        if first_render {
            if let Some(h) = self.heading.cast::<web_sys::HtmlElement>() {
                let _ = h.focus();
            }
        }
    }

    fn update(&mut self, _ctx: &Context<Self>, msg: Msg) -> bool {
        match msg {
            Msg::Date(d) => self.date = d,
            Msg::Time(t) => self.time = t,
            Msg::Print => {
                web::print_checklist();
                return false;
            }
        }
        true
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let p = ctx.props();
        let l = &*p.loaded;
        let e = &l.index.entries[p.entry];
        let link = ctx.link();
        let received = Date::parse(&self.date).ok();
        let at = TimeOfDay::parse(&self.time).ok();
        // One block per channel, stacked: a phone has no room for a three-column table.
        let channels = e.channels.iter().map(|c| {
            html! {
                <div class="mc-channel">
                    <dt>{ &c.label }</dt>
                    <dd><span class="mc-k">{ l.t("time") }{": "}</span>{ &c.time_text }</dd>
                    <dd lang="vi">
                        <span class="mc-k">{ l.t("fee") }{": "}</span>
                        <ul class="plain">
                            { for c.fees.iter().map(|f| html! {
                                <li class={classes!(f.unknown.then_some("unknown"))}>
                                    { &f.text }
                                    if !f.exemptions.is_empty() {
                                        <br /><span class="muted">{ l.t("exempt") }{" "}{ &f.exemptions }</span>
                                    }
                                </li>
                            }) }
                        </ul>
                    </dd>
                </div>
            }
        });
        let dues = e.channels.iter().map(|c| {
            let text = match (received, at) {
                (Some(d), Some(t)) => {
                    // A time in hours, months, years or words has no date to compute: its
                    // words are the answer.
                    let Some(dates) = l.calendar.due_dates(d, t, &c.time) else {
                        return html! { <li><span class="mc-due-channel">{ &c.label }{": "}</span><strong class="mc-due-date">{ &c.time_text }</strong></li> };
                    };
                    let mut s = format_due(l, dates.due);
                    if let Some(x) = dates.extended {
                        s.push_str(&format!("; {} {}", l.t("if_verification"), format_due(l, x)));
                    }
                    s
                }
                _ => l.t("enter_date").to_string(),
            };
            html! { <li><span class="mc-due-channel">{ &c.label }{": "}</span><strong class="mc-due-date">{ text }</strong></li> }
        });
        let item = |n: usize, d: &catalog::index::Document| {
            let id = format!("mc-doc-{n}");
            html! {
                <li class="doc">
                    <input type="checkbox" id={id.clone()} />
                    <label for={id} lang="vi">
                        if let Some(case) = d.when.as_deref().filter(|c| !c.is_empty()) {
                            <strong>{ l.t("only_if").replace("{case}", case) }</strong>{" "}
                        }
                        { &d.name }
                    </label>
                    if !d.counts.is_empty() { <span class="counts">{ &d.counts }</span> }
                    { for d.forms.iter().map(|(title, url)| html! {
                        <a class="form" href={url.clone()} lang="vi">{ l.t("form") }{" "}{ title }</a>
                    }) }
                </li>
            }
        };
        // Everyone's documents by group, in the index's order (the page's), then the ones
        // needed only in some cases.
        let group = |g: Option<DocGroup>, heading: &'static str| {
            let docs: Vec<_> = e
                .documents
                .iter()
                .enumerate()
                .filter(|(_, d)| match g {
                    Some(g) => d.group == g && d.when.is_none(),
                    None => d.when.is_some(),
                })
                .collect();
            if docs.is_empty() {
                return html! {};
            }
            html! {
                <>
                    <h5>{ l.t(heading) }{" ("}{ docs.len() }{")"}</h5>
                    <ul class="items">{ for docs.into_iter().map(|(n, d)| item(n, d)) }</ul>
                </>
            }
        };
        let place = l.index.places.first();
        let printed = Date::parse(&web::now().0)
            .map(|d| d.vietnamese())
            .unwrap_or_default();
        let fees: Vec<String> = e
            .channels
            .iter()
            .map(|c| {
                let f: Vec<&str> = c.fees.iter().map(|f| f.text.as_str()).collect();
                format!("{}: {}", c.label, f.join("; "))
            })
            .collect();
        let close = p.on_close.clone();
        let on_key = Callback::from(move |k: KeyboardEvent| {
            if k.key() == "Escape" {
                close.emit(());
            }
        });
        html! {
            <section class="mc-panel" aria-labelledby="mc-panel-h" onkeydown={on_key}>
                <h3 id="mc-panel-h" lang="vi" tabindex="-1" ref={self.heading.clone()}>{ &e.name }</h3>
                <p class="muted">
                    <span class="code">{ &e.code }</span>
                    {" · "}<span lang="vi">{ &e.field }</span>
                </p>
                if !e.status.is_empty() { <p class="notice">{ &e.status }</p> }
                <p class="mc-links">
                    <a href={e.url.clone()}>{ l.t("full_page") }</a>
                    if !e.online_url.is_empty() { {" "}<a class="button" href={e.online_url.clone()}>{ l.t("apply_online") }</a> }
                </p>
                <h4>{ l.t("time_and_fee") }</h4>
                <dl class="mc-channels">{ for channels }</dl>
                <div class="mc-due">
                    <h4>{ l.t("due_heading") }</h4>
                    <div class="mc-due-inputs">
                        <label>{ l.t("due_date") }{" "}
                            <input type="date" class="mc-date" value={self.date.clone()}
                                onchange={link.callback(|e: Event| Msg::Date(e.target_unchecked_into::<HtmlInputElement>().value()))} />
                        </label>
                        {" "}
                        <label>{ l.t("due_time") }{" "}
                            <input type="time" class="mc-time" value={self.time.clone()}
                                onchange={link.callback(|e: Event| Msg::Time(e.target_unchecked_into::<HtmlInputElement>().value()))} />
                        </label>
                    </div>
                    <p class="muted">{ l.t("due_rule") }</p>
                    <ul class="plain mc-due-result" aria-live="polite">{ for dues }</ul>
                </div>
                <div class="mc-checklist checklist">
                    // Printed only: what a checklist on paper must say by itself.
                    <div class="mc-print-head">
                        <p class="mc-print-name" lang="vi"><strong>{ &e.name }</strong>{" ("}{ &e.code }{")"}</p>
                        if let Some(pl) = place {
                            <p lang="vi">{ &pl.name }{" — "}{ &pl.address }</p>
                            <p>{ &pl.hours }</p>
                        }
                        <p lang="vi">{ l.t("fee") }{": "}{ fees.join(" · ") }</p>
                        <p>{ l.t("printed_on") }{" "}{ printed }</p>
                    </div>
                    <h4>{ l.t("documents") }</h4>
                    { group(Some(DocGroup::Submit), "submit") }
                    { group(Some(DocGroup::Other), "other") }
                    { group(Some(DocGroup::Show), "show") }
                    { group(None, "conditional") }
                    <button type="button" class="mc-print" onclick={link.callback(|_| Msg::Print)}>{ l.t("print") }</button>
                </div>
                <button type="button" class="mc-close" onclick={p.on_close.reform(|_| ())}>{ l.t("close") }</button>
            </section>
        }
    }
}
