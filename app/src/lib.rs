//! Treffpunkt: the components, server functions and domain rules shared by the
//! server (feature `ssr`) and the browser (feature `hydrate`).
#![recursion_limit = "256"]

pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod kernel;
pub mod rooms;
#[cfg(feature = "ssr")]
pub mod store;
pub mod ui;

pub use ui::{App, shell};
