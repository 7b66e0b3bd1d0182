//! Treffpunkt: the components, server functions and rules shared by the
//! server (feature `ssr`) and the browser (feature `hydrate`). One folder per
//! area (rules, store, server functions, UI), on the shared `kernel` and `db`.
#![recursion_limit = "256"]

pub mod accounts;
pub mod admin;
pub mod bookings;
pub mod calendar;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod demo;
pub mod i18n;
pub mod kernel;
pub mod offers;
pub mod outbox;
pub mod planner;
pub mod registrations;
pub mod rooms;
pub mod series;
pub mod ui;

pub use ui::{App, shell};
