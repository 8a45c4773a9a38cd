//! motcua's domain: what an administrative procedure is, what it costs, how long it takes and
//! on which days the desk works. No I/O, so that the generator (natively) and the widget (in
//! wasm32) share one definition of every rule.

pub mod calendar;
pub mod commune;
pub mod date;
pub mod fee;
pub mod fold;
pub mod index;
pub mod procedure;
pub mod search;
pub mod stats;
pub mod time;

pub use calendar::{Calendar, Due, DueDates, YearCalendar};
pub use commune::{Commune, CommuneKind, Desk, Hours, MapPosition, Override, Phone};
pub use date::{Date, TimeOfDay, Weekday};
pub use fee::{Currency, Fee, FeeDocument, FeeKind, FeeRule, Tier};
pub use procedure::{
    Channel, ChannelKind, DossierGroup, DossierItem, DossierKind, Form, LegalRef, Level, Lifecycle,
    OnlineLevel, Procedure, Status, SubCase,
};
pub use time::{Extension, ProcessingTime, TimeKind};
