//! The small shared kernel every area stands on.
pub mod clock;
