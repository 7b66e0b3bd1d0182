//! The calendar's pages.
pub mod event;
pub mod my_calendar;
pub mod programme;
pub mod screen;
pub mod views;
