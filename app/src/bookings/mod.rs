//! Room requests: a resident asks for a room that residents may request, with
//! the room's week in view; an organiser approves (a private date in the room,
//! "occupied" for everyone else) or declines. Plus the admin's settings it
//! needs: the house rules per language, each room's fee and whether residents
//! may request it.
pub mod api;
pub mod fields;
pub mod mail;
pub mod rules;
#[cfg(feature = "ssr")]
pub mod store;
pub mod ui;
