//! Rooms: the rule set every use of a room obeys, and the one check every
//! write that occupies a room runs inside its transaction.
pub mod combined;
pub mod rules;
#[cfg(feature = "ssr")]
pub mod store;
