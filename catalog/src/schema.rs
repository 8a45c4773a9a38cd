//! JSON Schema of the hand-written serde types (dates, times of day, weekdays), so that the
//! derived schemas of the content files describe them as the loader reads them. Only with the
//! `schema` feature: the widget never needs it.

use crate::date::{Date, TimeOfDay, Weekday};
use crate::fee::{Fee, RawFee};
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use std::borrow::Cow;

impl JsonSchema for Date {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        // A TOML date literal reaches a validator as this string too (taplo does so).
        json_schema!({
            "description": "A date, YYYY-MM-DD (e.g. 2026-02-17), written without quotes.",
            "type": "string",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
            "format": "date"
        })
    }
}

impl JsonSchema for TimeOfDay {
    fn schema_name() -> Cow<'static, str> {
        "TimeOfDay".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A time of day on a 24-hour clock, HH:MM (e.g. \"15:00\").",
            "type": "string",
            "pattern": "^([01]?[0-9]|2[0-3]):[0-5][0-9]$"
        })
    }
}

impl JsonSchema for Weekday {
    fn schema_name() -> Cow<'static, str> {
        "Weekday".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let keys: Vec<&str> = Weekday::ALL.iter().map(|d| d.key()).collect();
        json_schema!({
            "description": "A day of the week.",
            "type": "string",
            "enum": keys
        })
    }
}

/// A fee is read through [`RawFee`] (see `Fee::try_from`): the file's shape is the raw one.
impl JsonSchema for Fee {
    fn schema_name() -> Cow<'static, str> {
        RawFee::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        RawFee::schema_id()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        RawFee::json_schema(generator)
    }
}
