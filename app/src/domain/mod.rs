//! Pure domain rules: no Leptos, no sqlx, so they run on the server and in the
//! browser alike and are unit-tested directly.
pub mod accounts;
pub mod calendar;
pub mod calendar_query;
pub mod holidays;
pub mod permissions;
pub mod recurrence;
pub mod registrations;
pub mod series_change;
pub mod series_edit;
pub mod time;
