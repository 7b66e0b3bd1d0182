//! The interactive calendar: month, week, day and list views with filters. The
//! URL holds the whole state, so every view is a link that can be shared, works
//! without JavaScript and, with it, changes without a page load.
mod days;
mod entry;
mod filters;
mod labels;
mod month;
mod page;

// A component's props and their (hidden) builder are public items as well.
pub use entry::{EntryCard, EntryCardProps, EntryCardPropsBuilder, badges};
pub use labels::{audience_label, language_msg, language_name, price_text};
pub use page::{CalendarPage, CalendarPageProps, CalendarPagePropsBuilder};

use crate::calendar::api::{CalendarData, CalendarEvent, DayNote};
use crate::calendar::query::CalendarQuery;
use crate::i18n::{Locale, Msg};
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use std::collections::BTreeMap;

pub fn href(query: &CalendarQuery) -> String {
    format!("/calendar{}", query.to_query_string())
}

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

fn count_text(locale: Locale, count: usize, filtered: bool) -> String {
    let msg = if filtered {
        Msg::DatesMatching
    } else {
        Msg::DatesCount
    };
    msg.count(locale, count as u64, &[])
}

/// The dates grouped by day, moved rather than copied (the month view's carry
/// only their headline, `CalendarEvent::headline`).
fn by_day(events: Vec<CalendarEvent>) -> BTreeMap<NaiveDate, Vec<CalendarEvent>> {
    let mut days: BTreeMap<NaiveDate, Vec<CalendarEvent>> = BTreeMap::new();
    for event in events {
        days.entry(event.starts_local.date())
            .or_default()
            .push(event);
    }
    days
}

fn notes_on(data: &CalendarData, date: NaiveDate) -> Vec<DayNote> {
    data.notes
        .iter()
        .filter(|n| n.date == date)
        .cloned()
        .collect()
}
