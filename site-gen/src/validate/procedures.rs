//! `catalogue/<field>/<code>.toml`: one procedure per file, named after its code, with its
//! channels, dossier and legal basis.

use super::{file_stem, is_uuid, Checker};
use crate::load::{Content, Parsed};
use catalog::{ChannelKind, DossierItem, Form, ProcedureCode};
use std::collections::BTreeMap;
use std::path::{Component, Path};

impl Checker<'_> {
    pub(super) fn procedures(
        &mut self,
        content: &Content,
    ) -> BTreeMap<ProcedureCode, Vec<ChannelKind>> {
        let mut seen: BTreeMap<&ProcedureCode, &Parsed<catalog::Procedure<catalog::RawFee>>> =
            BTreeMap::new();
        for p in &content.procedures {
            let procedure = &p.value;
            let stem = file_stem(self.sources.path(p.file));
            if stem != procedure.code.as_str() {
                let d = self
                    .err(
                        p,
                        "code",
                        format!(
                            "procedure {} is in a file named {stem}.toml",
                            procedure.code
                        ),
                    )
                    .help(format!(
                        "name the file {}.toml so it can be found by its code",
                        procedure.code
                    ));
                self.report(d);
            }
            if let Some(first) = seen.get(&procedure.code) {
                let other = self.sources.path(first.file).display().to_string();
                let d = self
                    .err(
                        p,
                        "code",
                        format!("procedure {} is defined twice", procedure.code),
                    )
                    .label(format!("also defined in {other}"))
                    .help("keep one file per procedure; delete or renumber the other");
                self.report(d);
            } else {
                seen.insert(&procedure.code, p);
            }
            for (field, text) in [("name", &procedure.name), ("field", &procedure.field)] {
                if text.trim().is_empty() {
                    let d = self.err(p, field, format!("`{field}` is empty"));
                    self.report(d);
                }
            }
            if let Some(id) = &procedure.portal_id {
                if !is_uuid(id) {
                    let d = self
                        .err(p, "portal_id", "portal_id is not the portal's formalityId")
                        .expected("a UUID such as \"019d2bfd-3fe0-70ac-b9d6-5e9e20d6eef7\"");
                    self.report(d);
                }
            }
            let lc = &procedure.lifecycle;
            if let (Some(from), Some(to)) = (lc.effective_from, lc.repealed_on) {
                if to <= from {
                    let d = self
                        .err(p, "lifecycle.repealed_on", "repealed before it took effect")
                        .expected(format!("a date after effective_from ({from})"));
                    self.report(d);
                }
            }
            if procedure.channels.is_empty() {
                let d = self
                    .err(p, "", "this procedure has no channel")
                    .help("add a [[channel]] with kind = \"desk\", its time and its fee");
                self.report(d);
            }
            for (i, ch) in procedure.channels.iter().enumerate() {
                self.channel(p, &format!("channel[{i}]"), ch);
            }
            for (g, group) in procedure.dossier.iter().enumerate() {
                for (i, item) in group.items.iter().enumerate() {
                    self.dossier_item(p, &format!("dossier[{g}].item[{i}]"), item);
                }
            }
            for (i, case) in procedure.cases.iter().enumerate() {
                if let Some(t) = &case.time {
                    self.time(p, &format!("case[{i}].time"), t);
                }
            }
            for (i, law) in procedure.legal_basis.iter().enumerate() {
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
            .map(|(code, p)| {
                (
                    code.clone(),
                    p.value.channels.iter().map(|c| c.kind).collect(),
                )
            })
            .collect()
    }

    pub(super) fn dossier_item<T>(&mut self, p: &Parsed<T>, path: &str, item: &DossierItem) {
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

    pub(super) fn form<T>(&mut self, p: &Parsed<T>, path: &str, form: &Form) {
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
}
