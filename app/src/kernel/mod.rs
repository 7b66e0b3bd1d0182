//! The small shared kernel every area stands on.
#[cfg(feature = "ssr")]
pub mod cache;
pub mod clock;
