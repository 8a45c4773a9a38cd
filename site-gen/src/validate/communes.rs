//! `communes/<slug>/commune.toml`: the desk, the procedures it receives and its overrides; and
//! the commune's Markdown (intro and news, checked in `markdown`).

use super::{is_slug, Checker};
use crate::load::Content;
use catalog::{ChannelKind, ProcedureCode};
use std::collections::{BTreeMap, BTreeSet};

impl Checker<'_> {
    pub(super) fn communes(
        &mut self,
        content: &Content,
        codes: &BTreeMap<ProcedureCode, Vec<ChannelKind>>,
    ) {
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
}
