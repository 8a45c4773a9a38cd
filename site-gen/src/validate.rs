//! Stage 2: every rule the data must satisfy, in one place. All errors are collected so that an
//! officer fixes a file in one pass, not one error per build.

use crate::diag::{Diagnostic, Diagnostics, Sources};
use crate::load::{Content, MarkdownFile, Parsed};
use crate::markdown;
use catalog::{Channel, ChannelKind, DossierItem, Fee, FeeKind, Form, ProcessingTime, TimeKind};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path};

pub(crate) mod control;
mod names;
mod urls;

/// Content that passed every rule; the only input `resolve` accepts.
#[derive(Debug)]
pub struct Validated(pub Content);

pub fn validate(content: Content, languages: &[String]) -> Result<Validated, Diagnostics> {
    let mut c = Checker {
        sources: &content.sources,
        forms: content.forms.iter().map(|f| f.path.as_path()).collect(),
        errors: Diagnostics::default(),
    };
    c.site(&content, languages);
    c.urls(&content);
    c.names(&content);
    c.control_characters(&content);
    c.calendars(&content);
    let codes = c.procedures(&content);
    c.fee_documents(&content, &codes);
    c.communes(&content, &codes);
    crate::stats_rules::check(&content, &mut c.errors);
    for files in &content.communes {
        let mut all = languages.to_vec();
        all.extend(content.site.value.languages.iter().cloned());
        if let Some(why) = crate::output_names::commune_clash(&files.slug, &all) {
            let d = c.err(&files.commune, "", why).help(
                "rename the folder, e.g. after the commune: content/communes/<name-without-marks>/",
            );
            c.report(d);
        }
    }
    for page in &content.pages {
        c.markdown(page, false);
    }
    let errors = c.errors;
    errors.into_result(Validated(content))
}

struct Checker<'a> {
    sources: &'a Sources,
    forms: BTreeSet<&'a Path>,
    errors: Diagnostics,
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// `1.001193`, `1.001193.01`, `2.000815.000.00.00.H55`.
pub fn is_procedure_code(code: &str) -> bool {
    let mut parts = code.split('.');
    let first = parts.next().unwrap_or("");
    let second = parts.next().unwrap_or("");
    !first.is_empty()
        && first.bytes().all(|b| b.is_ascii_digit())
        && second.len() == 6
        && second.bytes().all(|b| b.is_ascii_digit())
        && parts.all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

fn is_uuid(s: &str) -> bool {
    let lens: Vec<usize> = s.split('-').map(str::len).collect();
    lens == [8, 4, 4, 4, 12] && s.bytes().all(|b| b == b'-' || b.is_ascii_hexdigit())
}

impl Checker<'_> {
    fn report(&mut self, d: Diagnostic) {
        self.errors.push(d);
    }

    fn err<T>(&mut self, p: &Parsed<T>, path: &str, message: impl Into<String>) -> Diagnostic {
        p.error(self.sources, path, message)
    }

    fn site(&mut self, content: &Content, languages: &[String]) {
        let site = &content.site;
        let cfg = &site.value;
        if cfg.languages.first().map(String::as_str) != Some("vi") {
            let d = self
                .err(site, "languages", "the first language must be Vietnamese")
                .expected("languages = [\"vi\", \"en\"]")
                .help("the first language is served at the site's root; citizens read Vietnamese");
            self.report(d);
        }
        let mut listed = BTreeSet::new();
        for (i, lang) in cfg.languages.iter().enumerate() {
            if !listed.insert(lang) {
                let d = self
                    .err(
                        site,
                        &format!("languages[{i}]"),
                        format!("`{lang}` is listed twice"),
                    )
                    .help("list each language once: each has one set of pages");
                self.report(d);
            } else if !languages.contains(lang) {
                let d = self
                    .err(
                        site,
                        &format!("languages[{i}]"),
                        format!("the theme has no translation for `{lang}`"),
                    )
                    .expected(format!("one of: {}", languages.join(", ")))
                    .help("add i18n/<language>.toml to the theme, or remove the language");
                self.report(d);
            }
        }
    }

    fn calendars(&mut self, content: &Content) {
        for cal in &content.calendars {
            let y = &cal.value;
            let stem = file_stem(self.sources.path(cal.file));
            if stem != y.year.to_string() {
                let d = self
                    .err(
                        cal,
                        "year",
                        format!("year {} is in a file named {stem}.toml", y.year),
                    )
                    .help(format!("name the file calendar/{}.toml", y.year));
                self.report(d);
            }
            let mut off = BTreeSet::new();
            for (i, day) in y.days_off.iter().enumerate() {
                let last = day.last();
                if last < day.from {
                    let d = self
                        .err(
                            cal,
                            &format!("day_off[{i}].to"),
                            "this break ends before it starts",
                        )
                        .expected(format!("a date on or after {}", day.from));
                    self.report(d);
                }
                for (field, date) in [("from", day.from), ("to", last)] {
                    if date.year() != y.year {
                        let d = self
                            .err(cal, &format!("day_off[{i}].{field}"), format!("{date} is not in {}", y.year))
                            .help("a day off belongs in the file of its own year; split a break that crosses the new year");
                        self.report(d);
                    }
                }
                off.extend(day.from.through(last.max(day.from)));
            }
            for (i, wd) in y.working_days.iter().enumerate() {
                if !wd.date.weekday().is_weekend() {
                    let d = self
                        .err(
                            cal,
                            &format!("working_day[{i}].date"),
                            format!(
                                "{} is a {:?}, already a working day",
                                wd.date,
                                wd.date.weekday()
                            ),
                        )
                        .expected("a Saturday or Sunday that was made a working day");
                    self.report(d);
                }
                if off.contains(&wd.date) || wd.date.year() != y.year {
                    let d = self.err(
                        cal,
                        &format!("working_day[{i}].date"),
                        format!(
                            "{} is listed as a day off, or is not in {}",
                            wd.date, y.year
                        ),
                    );
                    self.report(d);
                }
            }
        }
    }

    /// Checks every procedure; returns the set of valid-looking codes for references.
    fn procedures(&mut self, content: &Content) -> BTreeMap<String, Vec<ChannelKind>> {
        let mut seen: BTreeMap<String, &Parsed<catalog::Procedure>> = BTreeMap::new();
        for p in &content.procedures {
            let proc_ = &p.value;
            if !is_procedure_code(&proc_.code) {
                let d = self
                    .err(p, "code", format!("`{}` is not a procedure code", proc_.code))
                    .expected("the national catalogue's code, e.g. \"1.001193\" or \"2.000815.000.00.00.H55\"");
                self.report(d);
            }
            let stem = file_stem(self.sources.path(p.file));
            if stem != proc_.code {
                let d = self
                    .err(
                        p,
                        "code",
                        format!("procedure {} is in a file named {stem}.toml", proc_.code),
                    )
                    .help(format!(
                        "name the file {}.toml so it can be found by its code",
                        proc_.code
                    ));
                self.report(d);
            }
            if let Some(first) = seen.get(&proc_.code) {
                let other = self.sources.path(first.file).display().to_string();
                let d = self
                    .err(
                        p,
                        "code",
                        format!("procedure {} is defined twice", proc_.code),
                    )
                    .label(format!("also defined in {other}"))
                    .help("keep one file per procedure; delete or renumber the other");
                self.report(d);
            } else {
                seen.insert(proc_.code.clone(), p);
            }
            for (field, text) in [("name", &proc_.name), ("field", &proc_.field)] {
                if text.trim().is_empty() {
                    let d = self.err(p, field, format!("`{field}` is empty"));
                    self.report(d);
                }
            }
            if let Some(id) = &proc_.portal_id {
                if !is_uuid(id) {
                    let d = self
                        .err(p, "portal_id", "portal_id is not the portal's formalityId")
                        .expected("a UUID such as \"019d2bfd-3fe0-70ac-b9d6-5e9e20d6eef7\"");
                    self.report(d);
                }
            }
            let lc = &proc_.lifecycle;
            if let (Some(from), Some(to)) = (lc.effective_from, lc.repealed_on) {
                if to <= from {
                    let d = self
                        .err(p, "lifecycle.repealed_on", "repealed before it took effect")
                        .expected(format!("a date after effective_from ({from})"));
                    self.report(d);
                }
            }
            if proc_.channels.is_empty() {
                let d = self
                    .err(p, "", "this procedure has no channel")
                    .help("add a [[channel]] with kind = \"desk\", its time and its fee");
                self.report(d);
            }
            for (i, ch) in proc_.channels.iter().enumerate() {
                self.channel(p, &format!("channel[{i}]"), ch);
            }
            for (g, group) in proc_.dossier.iter().enumerate() {
                for (i, item) in group.items.iter().enumerate() {
                    self.dossier_item(p, &format!("dossier[{g}].item[{i}]"), item);
                }
            }
            for (i, case) in proc_.cases.iter().enumerate() {
                if let Some(t) = &case.time {
                    self.time(p, &format!("case[{i}].time"), t);
                }
            }
            for (i, law) in proc_.legal_basis.iter().enumerate() {
                if law.code.trim().is_empty() {
                    let d = self.err(
                        p,
                        &format!("legal[{i}].code"),
                        "a legal basis without its document code",
                    );
                    self.report(d);
                }
            }
        }
        seen.into_iter()
            .map(|(code, p)| (code, p.value.channels.iter().map(|c| c.kind).collect()))
            .collect()
    }

    fn channel<T>(&mut self, p: &Parsed<T>, path: &str, ch: &Channel) {
        if ch.online_level.is_some() && ch.kind != ChannelKind::Online {
            let d = self
                .err(
                    p,
                    &format!("{path}.online_level"),
                    "online_level on a channel that is not online",
                )
                .help("remove online_level, or set kind = \"online\"");
            self.report(d);
        }
        self.time(p, &format!("{path}.time"), &ch.time);
        self.fees(p, &format!("{path}.fee"), &ch.fees);
    }

    fn time<T>(&mut self, p: &Parsed<T>, path: &str, t: &ProcessingTime) {
        match t.kind {
            TimeKind::SameDay if t.days.is_some() => {
                let d = self
                    .err(
                        p,
                        &format!("{path}.days"),
                        "a same-day time has no number of days",
                    )
                    .help("remove `days`, or use kind = \"working-days\"");
                self.report(d);
            }
            TimeKind::WorkingDays | TimeKind::CalendarDays
                if t.days.is_some() && t.amount.is_some() =>
            {
                let d = self
                    .err(
                        p,
                        &format!("{path}.amount"),
                        "both days and amount are given",
                    )
                    .help(
                        "write whole days as `days = N`, a fraction as `amount = 12.5`, not both",
                    );
                self.report(d);
            }
            TimeKind::WorkingDays | TimeKind::CalendarDays
                if t.days.is_none() && t.amount.is_some_and(|a| a > 0.0 && a.is_finite()) => {}
            TimeKind::Hours | TimeKind::Months | TimeKind::Years
                if t.days.is_some() || !t.amount.is_some_and(|a| a > 0.0 && a.is_finite()) =>
            {
                let d = self
                    .err(
                        p,
                        &format!("{path}.amount"),
                        "how many hours, months or years?",
                    )
                    .expected("amount = N with N above 0, and no `days`");
                self.report(d);
            }
            TimeKind::Text
                if t.days.is_some()
                    || t.amount.is_some()
                    || t.note.as_deref().is_none_or(|n| n.trim().is_empty()) =>
            {
                let d = self
                    .err(
                        p,
                        &format!("{path}.note"),
                        "a time given in words needs the words, and no number",
                    )
                    .expected("note = \"…the source's text…\", without days or amount");
                self.report(d);
            }
            TimeKind::SameDay if t.amount.is_some() => {
                let d = self
                    .err(
                        p,
                        &format!("{path}.amount"),
                        "a same-day time has no amount",
                    )
                    .help("remove `amount`");
                self.report(d);
            }
            TimeKind::WorkingDays | TimeKind::CalendarDays if t.days.unwrap_or(0) == 0 => {
                let d = self
                    .err(p, &format!("{path}.days"), "how many days?")
                    .expected("days = N with N at least 1")
                    .help(
                        "for results the same day, use kind = \"same-day\" with cutoff = \"15:00\"",
                    );
                self.report(d);
            }
            _ if t.kind != TimeKind::SameDay && t.cutoff.is_some() => {
                let d = self
                    .err(
                        p,
                        &format!("{path}.cutoff"),
                        "a cutoff hour applies only to same-day procedures",
                    )
                    .help("remove `cutoff`");
                self.report(d);
            }
            _ => {}
        }
        if t.extension.as_ref().is_some_and(|e| e.working_days == 0) {
            let d = self
                .err(
                    p,
                    &format!("{path}.extension.working_days"),
                    "an extension of 0 days",
                )
                .help("remove the extension, or give the extra working days");
            self.report(d);
        }
    }

    fn fees<T>(&mut self, p: &Parsed<T>, path: &str, fees: &[Fee]) {
        if fees.is_empty() {
            let d = self
                .err(p, path, "no fee is given")
                .help("when the amount is not known, write { kind = \"set-by-province\" }: never leave it out, never write 0");
            self.report(d);
        }
        for (i, fee) in fees.iter().enumerate() {
            self.fee(p, &format!("{path}[{i}]"), fee);
        }
    }

    fn fee<T>(&mut self, p: &Parsed<T>, path: &str, fee: &Fee) {
        let at = |field: &str| format!("{path}.{field}");
        let mut unexpected = Vec::new();
        let has_unit_fields = fee.price.is_some() || !fee.tiers.is_empty() || fee.cap.is_some();
        match fee.kind {
            FeeKind::Free | FeeKind::SetByProvince | FeeKind::NotStated => {
                if fee.amount.is_some() {
                    unexpected.push("amount");
                }
                if has_unit_fields {
                    unexpected.push("price");
                }
            }
            FeeKind::Flat => {
                match fee.amount {
                    None => {
                        let d = self
                            .err(p, path, "a flat fee without its amount")
                            .expected("amount = 8000 (in đồng, without dots)");
                        self.report(d);
                    }
                    Some(0) => {
                        let d = self
                            .err(p, &at("amount"), "a flat fee of 0")
                            .help("write kind = \"free\" if the data says free, or kind = \"set-by-province\" if the amount is not known");
                        self.report(d);
                    }
                    Some(_) => {}
                }
                if has_unit_fields {
                    unexpected.push("price");
                }
            }
            FeeKind::PerUnit => {
                if fee.amount.is_some() {
                    unexpected.push("amount");
                }
                match (fee.price, &fee.unit) {
                    (Some(price), Some(_)) => {
                        if let Some(cap) = fee.cap {
                            if cap < price {
                                let d = self
                                    .err(p, &at("cap"), format!("the cap ({cap}) is below the unit price ({price})"))
                                    .help("the cap is the most charged for the whole request or copy; check both numbers");
                                self.report(d);
                            }
                        }
                        let mut last = 1;
                        for (i, tier) in fee.tiers.iter().enumerate() {
                            if tier.from <= last {
                                let d = self
                                    .err(
                                        p,
                                        &at(&format!("tiers[{i}].from")),
                                        "tiers must start after unit 1 and go up",
                                    )
                                    .expected(format!("from = a number above {last}"));
                                self.report(d);
                            }
                            last = tier.from;
                        }
                    }
                    _ => {
                        let d = self
                            .err(p, path, "a per-unit fee needs its price and its unit")
                            .expected("price = 2000, unit = \"trang\"");
                        self.report(d);
                    }
                }
            }
        }
        if fee.cap_per.is_some() && fee.cap.is_none() {
            unexpected.push("cap_per");
        }
        for field in unexpected {
            let d = self
                .err(
                    p,
                    &at(field),
                    format!(
                        "`{field}` does not go with kind = \"{}\"",
                        kind_name(fee.kind)
                    ),
                )
                .help("remove it, or change the kind");
            self.report(d);
        }
    }

    fn dossier_item<T>(&mut self, p: &Parsed<T>, path: &str, item: &DossierItem) {
        match (&item.document, &item.note) {
            (Some(_), None) => {}
            (None, Some(_)) if item.originals + item.copies == 0 && item.forms.is_empty() => {}
            (None, Some(_)) => {
                let d = self
                    .err(p, path, "a note with copy counts or forms")
                    .help("write it as `document = \"…\"` if it is something to bring");
                self.report(d);
            }
            _ => {
                let d = self
                    .err(
                        p,
                        path,
                        "a dossier item must be either a document or a note",
                    )
                    .expected("exactly one of `document = \"…\"` and `note = \"…\"`");
                self.report(d);
            }
        }
        for (i, form) in item.forms.iter().enumerate() {
            self.form(p, &format!("{path}.forms[{i}]"), form);
        }
    }

    fn form<T>(&mut self, p: &Parsed<T>, path: &str, form: &Form) {
        match (&form.url, &form.file) {
            (Some(url), None) => {
                self.web_address(p, &format!("{path}.url"), url);
            }
            (None, Some(file)) => {
                let rel = Path::new(file);
                let stays = rel.components().all(|c| matches!(c, Component::Normal(_)));
                if !stays {
                    let d = self
                        .err(
                            p,
                            &format!("{path}.file"),
                            format!("`{file}` leaves the forms folder"),
                        )
                        .expected("a path inside content/forms/, such as \"to-khai-khai-sinh.pdf\"")
                        .help(
                            "copy the form into content/forms/ and name it relative to that folder",
                        );
                    self.report(d);
                } else if !self.forms.contains(rel) {
                    let d = self
                        .err(
                            p,
                            &format!("{path}.file"),
                            format!("content/forms/{file} does not exist"),
                        )
                        .help("add the file under content/forms/, or link to it with `url`");
                    self.report(d);
                }
            }
            _ => {
                let d = self
                    .err(p, path, "a form needs either `url` or `file`")
                    .expected("exactly one of url = \"https://…\" and file = \"name.pdf\"");
                self.report(d);
            }
        }
    }

    fn fee_documents(&mut self, content: &Content, codes: &BTreeMap<String, Vec<ChannelKind>>) {
        for doc in &content.fee_documents {
            for (r, rule) in doc.value.rules.iter().enumerate() {
                for (i, code) in rule.procedures.iter().enumerate() {
                    if !codes.contains_key(code) {
                        let d = self
                            .err(
                                doc,
                                &format!("rule[{r}].procedures[{i}]"),
                                format!("unknown procedure `{code}`"),
                            )
                            .help("add it to the catalogue, or check the code");
                        self.report(d);
                    }
                }
                self.fees(doc, &format!("rule[{r}].fee"), &rule.fee);
            }
        }
    }

    fn communes(&mut self, content: &Content, codes: &BTreeMap<String, Vec<ChannelKind>>) {
        for files in &content.communes {
            let c = &files.commune;
            let commune = &c.value;
            if !is_slug(&files.slug) {
                let d = self
                    .err(
                        c,
                        "",
                        format!("the folder name `{}` cannot be a web address", files.slug),
                    )
                    .expected(
                        "lowercase letters without marks, digits and hyphens, e.g. phuong-dinh",
                    );
                self.report(d);
            }
            let mut received = BTreeSet::new();
            for (i, code) in commune.procedures.iter().enumerate() {
                if !codes.contains_key(code) {
                    let d = self
                        .err(c, &format!("procedures[{i}]"), format!("unknown procedure `{code}`"))
                        .label("not in the catalogue")
                        .help(format!("add content/catalogue/<field>/{code}.toml, or remove it from `procedures`"));
                    self.report(d);
                }
                if !received.insert(code) {
                    let d = self
                        .err(
                            c,
                            &format!("procedures[{i}]"),
                            format!("`{code}` is listed twice"),
                        )
                        .help("remove one of them");
                    self.report(d);
                }
            }
            for (i, o) in commune.overrides.iter().enumerate() {
                let path = format!("override[{i}]");
                if !received.contains(&o.procedure) {
                    let d = self
                        .err(
                            c,
                            &format!("{path}.procedure"),
                            format!(
                                "override of `{}`, which this desk does not receive",
                                o.procedure
                            ),
                        )
                        .help("add the code to `procedures`, or remove the override");
                    self.report(d);
                } else if let (Some(kind), Some(kinds)) = (o.channel, codes.get(&o.procedure)) {
                    if !kinds.contains(&kind) {
                        let d = self
                            .err(
                                c,
                                &format!("{path}.channel"),
                                format!(
                                    "procedure {} has no `{}` channel",
                                    o.procedure,
                                    kind.key()
                                ),
                            )
                            .expected(format!(
                                "one of: {}",
                                kinds.iter().map(|k| k.key()).collect::<Vec<_>>().join(", ")
                            ));
                        self.report(d);
                    }
                }
                if let Some(t) = &o.time {
                    self.time(c, &format!("{path}.time"), t);
                }
                if let Some(f) = &o.fee {
                    self.fees(c, &format!("{path}.fee"), f);
                }
            }
            if commune.desk.hours.is_empty() {
                let d = self
                    .err(c, "desk", "the desk has no reception hours")
                    .help("add hours = [{ days = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"], open = \"07:30\", close = \"11:30\" }]");
                self.report(d);
            }
            for (i, h) in commune.desk.hours.iter().enumerate() {
                if h.close <= h.open {
                    let d = self
                        .err(
                            c,
                            &format!("desk.hours[{i}].close"),
                            format!("closes at {} but opens at {}", h.close, h.open),
                        )
                        .expected("a closing time after the opening time, on a 24-hour clock");
                    self.report(d);
                }
                if h.days.is_empty() {
                    let d = self.err(c, &format!("desk.hours[{i}].days"), "no days given");
                    self.report(d);
                }
            }
            if let Some(m) = commune.map {
                if !(-90.0..=90.0).contains(&m.lat) || !(-180.0..=180.0).contains(&m.lon) {
                    let d = self
                        .err(c, "map", "the map position is not on Earth")
                        .expected("lat between -90 and 90, lon between -180 and 180 (Việt Nam: lat 8–24, lon 102–110)");
                    self.report(d);
                }
            }
            if let Some(email) = &commune.email {
                if !email.contains('@') || email.contains(' ') {
                    let d = self
                        .err(c, "email", format!("`{email}` is not an email address"))
                        .expected(
                            "an address such as \"motcua.phuongdinh@example.vn\", without spaces",
                        );
                    self.report(d);
                }
            }
            if let Some(intro) = &files.intro {
                self.markdown(intro, false);
            }
            for news in &files.news {
                self.markdown(news, true);
            }
        }
    }

    fn markdown(&mut self, page: &MarkdownFile, needs_date: bool) {
        if !is_slug(&page.slug) {
            let d = self
                .err(
                    &page.meta,
                    "",
                    format!("the file name `{}.md` cannot be a web address", page.slug),
                )
                .expected(
                    "lowercase letters without marks, digits and hyphens, e.g. lich-tiep-dan.md",
                );
            self.report(d);
        }
        if needs_date && page.meta.value.date.is_none() {
            let d = self
                .err(&page.meta, "", "news needs a date")
                .expected("date = 2026-11-20 in the front matter");
            self.report(d);
        }
        let text = &self.sources.get(page.file()).text[page.body.clone()];
        for problem in markdown::unsafe_html(text) {
            let span = problem.span.start + page.body.start..problem.span.end + page.body.start;
            let d = Diagnostic::error(problem.message())
                .at(self.sources, page.file(), Some(span))
                .label("not allowed")
                .help(problem.help());
            self.report(d);
        }
    }
}

fn kind_name(kind: FeeKind) -> &'static str {
    match kind {
        FeeKind::Free => "free",
        FeeKind::Flat => "flat",
        FeeKind::PerUnit => "per-unit",
        FeeKind::SetByProvince => "set-by-province",
        FeeKind::NotStated => "not-stated",
    }
}

fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn procedure_codes() {
        for ok in [
            "1.001193",
            "1.001193.01",
            "2.000815.000.00.00.H55",
            "3.000123",
        ] {
            assert!(is_procedure_code(ok), "{ok}");
        }
        for bad in ["", "1.00119", "x.001193", "1.001193.", "1-001193"] {
            assert!(!is_procedure_code(bad), "{bad}");
        }
    }

    #[test]
    fn uuids() {
        assert!(is_uuid("019d2bfd-3fe0-70ac-b9d6-5e9e20d6eef7"));
        assert!(!is_uuid("019d2bfd3fe070acb9d65e9e20d6eef7"));
    }
}
