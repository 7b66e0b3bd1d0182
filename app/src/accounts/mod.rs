//! Accounts, roles and permissions, sessions, sign-up and log-in, rate limits,
//! and a person's own data (download, delete).
pub mod api;
pub mod fields;
#[cfg(feature = "ssr")]
pub mod limits;
pub mod own_data;
#[cfg(feature = "ssr")]
mod own_data_store;
pub mod own_data_ui;
pub mod permissions;
pub mod rules;
#[cfg(feature = "ssr")]
pub mod store;
pub mod ui;
