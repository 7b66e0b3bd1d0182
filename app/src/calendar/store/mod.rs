//! Houses, rooms, categories and events as the calendar reads and writes them.
mod feed_rows;
mod reads;
mod rows;

pub(crate) use rows::{CALENDAR_SELECT, parse_dates};
pub use rows::{
    CalendarRow, CategoryRow, FeedSeriesRow, RoomRow, SeriesDateRow, SeriesDefinitionRow,
    SeriesDetailsRow, UpcomingRow, parse_date,
};
