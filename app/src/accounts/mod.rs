//! Accounts, roles and permissions, sessions, sign-up and log-in, rate limits.
pub mod api;
pub mod fields;
#[cfg(feature = "ssr")]
pub mod limits;
pub mod permissions;
pub mod rules;
#[cfg(feature = "ssr")]
pub mod store;
pub mod ui;
