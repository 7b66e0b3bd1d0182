//! Offers from residents and groups: an idea for the house's programme,
//! submitted, discussed in a thread, and accepted (a draft series waiting in the
//! planner's tray) or declined by an organiser.
pub mod api;
pub mod fields;
pub mod mail;
pub mod rules;
#[cfg(feature = "ssr")]
pub mod store;
pub mod ui;
