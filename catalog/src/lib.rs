//! motcua's domain: what an administrative procedure is, what it costs, how long it takes and
//! on which days the desk works. No I/O, so that the generator (natively) and the widget (in
//! wasm32) share one definition of every rule.

pub mod calendar;
pub mod change;
pub mod code;
pub mod commune;
pub mod date;
pub mod fee;
pub mod fold;
pub mod holidays;
pub mod index;
pub mod lunar;
pub mod procedure;
pub mod rank;
pub mod search;
pub mod stats;
pub mod time;

pub use calendar::{Calendar, Due, DueDates, YearCalendar};
pub use change::{Change, ChangeKind, ChangeLog};
pub use code::{NotACode, ProcedureCode};
pub use commune::{Commune, CommuneKind, Desk, Hours, MapPosition, Override, Phone};
pub use date::{Date, TimeOfDay, Weekday};
pub use fee::{
    Cap, Currency, Fee, FeeAmount, FeeCategory, FeeDocument, FeeError, FeeKind, FeeRule, PerUnit,
    RawFee, Tier,
};
pub use procedure::{
    Channel, ChannelKind, DossierGroup, DossierItem, DossierKind, Form, LegalRef, Level, Lifecycle,
    OnlineLevel, Procedure, Status, SubCase,
};
pub use time::{Extension, ProcessingTime, TimeKind};
#[cfg(feature = "schema")]
mod schema;
