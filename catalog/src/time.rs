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
    /// A number of hours, months or years (`amount`), as the source counts them.
    Hours,
    Months,
    Years,
    /// The source gives the time only in words (`note`): never turned into a number.
    Text,
}

impl TimeKind {
    /// Whether a due date can be computed from it on the working-day calendar.
    pub fn counts_days(self) -> bool {
        matches!(
            self,
            TimeKind::SameDay | TimeKind::WorkingDays | TimeKind::CalendarDays
        )
    }
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
    /// The count for hours, months and years, and for a fractional number of days (12.5
    /// working days), where `days` is left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<f64>,
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
            amount: None,
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

    /// The number of whole days the deadline reaches into: 12.5 working days end on the 13th.
    pub fn day_count(&self) -> u32 {
        self.days
            .unwrap_or_else(|| self.amount.map_or(0, |a| a.max(0.0).ceil() as u32))
    }

    /// The count as the source gives it: `days`, or the fractional `amount`.
    pub fn count(&self) -> f64 {
        self.days.map_or(self.amount.unwrap_or(0.0), f64::from)
    }
}

/// Language-neutral, for logs and import diffs ("same day, cutoff 15:00, +5 if …").
impl std::fmt::Display for ProcessingTime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.kind, self.cutoff) {
            (TimeKind::SameDay, Some(c)) => write!(f, "same day, cutoff {c}")?,
            (TimeKind::SameDay, None) => f.write_str("same day")?,
            (TimeKind::WorkingDays, _) => write!(f, "{} working days", self.count())?,
            (TimeKind::CalendarDays, _) => write!(f, "{} days", self.count())?,
            (TimeKind::Hours, _) => write!(f, "{} hours", self.count())?,
            (TimeKind::Months, _) => write!(f, "{} months", self.count())?,
            (TimeKind::Years, _) => write!(f, "{} years", self.count())?,
            (TimeKind::Text, _) => f.write_str("as stated in the note")?,
        }
        if let Some(ext) = &self.extension {
            write!(f, ", +{} working days if {}", ext.working_days, ext.when)?;
        }
        Ok(())
    }
}
