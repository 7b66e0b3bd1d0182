//! One module per area.
pub mod accounts;
pub mod calendar;
pub mod calendar_views;
pub mod event;
pub mod my_calendar;
pub mod not_found;
pub mod screen;
pub mod series_edit;
