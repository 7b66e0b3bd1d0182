//! One module per area.
pub mod accounts;
pub mod calendar;
pub mod not_found;
