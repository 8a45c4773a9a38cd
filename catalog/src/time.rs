//! Processing times (thời hạn giải quyết).

use crate::date::TimeOfDay;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum TimeKind {
    /// Result the same day; with a cutoff, dossiers received at or after it are due the next
    /// working day (the "15:00 rule").
    SameDay,
    WorkingDays,
    CalendarDays,
}

/// Kept flat rather than as an enum with data so that an officer's typo gets serde's "unknown
/// field, expected one of …" message; `validate` checks which fields go with which kind.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ProcessingTime {
    pub kind: TimeKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cutoff: Option<TimeOfDay>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension: Option<Extension>,
    /// The rule in the source's own words when numbers cannot say it all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Extra working days allowed when the dossier needs verification.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Extension {
    pub working_days: u32,
    pub when: String,
}

impl ProcessingTime {
    pub fn same_day(cutoff: Option<TimeOfDay>) -> ProcessingTime {
        ProcessingTime {
            kind: TimeKind::SameDay,
            days: None,
            cutoff,
            extension: None,
            note: None,
        }
    }

    pub fn working_days(days: u32) -> ProcessingTime {
        ProcessingTime {
            kind: TimeKind::WorkingDays,
            days: Some(days),
            ..ProcessingTime::same_day(None)
        }
    }
}

/// Language-neutral, for logs and import diffs ("same day, cutoff 15:00, +5 if …").
impl std::fmt::Display for ProcessingTime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.kind, self.cutoff) {
            (TimeKind::SameDay, Some(c)) => write!(f, "same day, cutoff {c}")?,
            (TimeKind::SameDay, None) => f.write_str("same day")?,
            (TimeKind::WorkingDays, _) => write!(f, "{} working days", self.days.unwrap_or(0))?,
            (TimeKind::CalendarDays, _) => write!(f, "{} days", self.days.unwrap_or(0))?,
        }
        if let Some(ext) = &self.extension {
            write!(f, ", +{} working days if {}", ext.working_days, ext.when)?;
        }
        Ok(())
    }
}
