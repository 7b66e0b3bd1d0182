//! Small parts shared by several pages.
pub mod form;
