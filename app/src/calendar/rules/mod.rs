//! Events of the house's calendar: what a new single-date event must satisfy.
mod details;
mod event;
mod price;
mod text;
mod visibility;

pub use details::{ACCESSIBILITY_MAX_CHARS, CONTACT_MAX_CHARS, DetailsInput, SeriesDetails};
pub use event::{
    DESCRIPTION_MAX_CHARS, EventInput, MAX_DURATION_DAYS, NewEvent, TITLE_MAX_CHARS, TimeSlot,
};
pub use price::{PRICE_MAX_CENTS, Price, parse_cents, price_form_values};
pub use text::{breaks_line, has_stray_controls};
pub use visibility::{Exposure, Visibility};
