//! Series of dates: repeat rules, creating a series, and the organisers'
//! editor for one date, this and the following dates, or all of them.
pub mod api;
pub mod change;
#[cfg(feature = "ssr")]
pub mod edit_store;
pub mod fields;
pub mod recurrence;
pub mod rules;
#[cfg(feature = "ssr")]
pub mod store;
pub mod ui;
