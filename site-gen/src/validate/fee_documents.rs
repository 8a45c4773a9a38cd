//! `fees/<document>.toml`: a province's or ministry's fee decision, naming procedures of the
//! catalogue.

use super::Checker;
use crate::load::Content;
use catalog::{ChannelKind, ProcedureCode};
use std::collections::BTreeMap;

impl Checker<'_> {
    pub(super) fn fee_documents(
        &mut self,
        content: &Content,
        codes: &BTreeMap<ProcedureCode, Vec<ChannelKind>>,
    ) {
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
}
