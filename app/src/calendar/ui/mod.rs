//! The calendar's pages.
pub mod event;
pub mod my_calendar;
pub mod programme;
#[cfg(feature = "ssr")]
pub mod programme_list;
pub mod screen;
pub mod views;
