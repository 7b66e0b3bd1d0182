//! The interactive calendar: month, week, day and list views with filters. The
//! URL holds the whole state, so every view is a link that can be shared, works
//! without JavaScript and, with it, changes without a page load. The views are
//! rendered on the server only (`body`); the browser shows their HTML.
#[cfg(feature = "ssr")]
pub mod body;
#[cfg(feature = "ssr")]
mod days;
mod entry;
#[cfg(feature = "ssr")]
mod filters;
mod labels;
#[cfg(feature = "ssr")]
mod month;
mod page;

// A component's props and their (hidden) builder are public items as well.
pub use entry::{EntryCard, EntryCardProps, EntryCardPropsBuilder, badges};
pub use labels::{audience_label, language_msg, language_name, price_text};
pub use page::{CalendarPage, CalendarPageProps, CalendarPagePropsBuilder};

use crate::calendar::query::CalendarQuery;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The calendar's state as the current URL holds it.
pub fn use_calendar_query() -> Memo<CalendarQuery> {
    let query_map = use_query_map();
    Memo::new(move |_| {
        query_map.with(|map| {
            let pairs: Vec<(&str, &str)> = map.into_iter().map(|(k, v)| (k.as_ref(), v)).collect();
            CalendarQuery::from_pairs(pairs.iter().copied())
        })
    })
}
