//! The calendar residents browse: events and their dates, filters, holidays,
//! the public feeds' data, the programme, the event page and the entrance screen.
pub mod api;
pub mod holidays;
#[cfg(feature = "ssr")]
pub mod house;
pub mod query;
pub mod rules;
pub mod status;
#[cfg(feature = "ssr")]
pub mod store;
pub mod ui;
