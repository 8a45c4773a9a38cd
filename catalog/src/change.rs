//! The catalogue's change log: what each import changed, kept in the content as
//! `changes/<date>.toml` so the site can publish it ("Thay đổi gần đây" and its feed).

use crate::date::Date;
use serde::{Deserialize, Serialize};

/// One day's changes, in the order they were made.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ChangeLog {
    pub date: Date,
    #[serde(default, rename = "change", skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<Change>,
}

#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    New,
    Amended,
    Repealed,
}

#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Change {
    /// The procedure's code.
    pub code: crate::ProcedureCode,
    pub name: String,
    pub kind: ChangeKind,
    /// For an amendment: which parts changed (`fee`, `time`, `dossier`, `legal`…).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<String>,
    /// The deciding document, where the source gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_by: Option<String>,
}
