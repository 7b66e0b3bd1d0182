//! Small parts shared by several pages.
pub mod form;
pub mod series_form;
