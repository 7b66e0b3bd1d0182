//! Registrations for dates with limited seats, and the waitlist.
pub mod rules;
#[cfg(feature = "ssr")]
pub mod store;
