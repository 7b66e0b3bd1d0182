//! The house's administration. So far: mails that could not be delivered, with
//! a button to send each again.
pub mod api;
pub mod ui;
