//! The series form and the organisers' editor page.
pub mod editor;
pub mod form;
