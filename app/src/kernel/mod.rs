//! The small shared kernel every area stands on: time and the one clock, the
//! error type, and (on the server) the request context and a short-lived cache.
#[cfg(feature = "ssr")]
pub mod cache;
pub mod clock;
pub mod error;
#[cfg(feature = "ssr")]
pub mod markdown;
#[cfg(feature = "ssr")]
pub mod request;
pub mod text;
pub mod time;
