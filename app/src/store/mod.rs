//! Storage of each area, on the shared [`crate::db`].
pub mod accounts;
pub mod calendar;
pub mod demo;
pub mod house;
pub mod registrations;
pub mod series;
pub mod series_edit;
