//! The month view: a grid of weeks, each day with its first few entries.
use super::body::{by_day, count_text, href, notes_on};
use crate::calendar::api::{CalendarData, CalendarEvent};
use crate::calendar::query::{CalendarQuery, View};
use crate::calendar::rules::Exposure;
use crate::i18n::{Msg, format_clock, format_date, weekday_name};
use crate::series::rules::WEEK;
use crate::ui::providers::{t, use_locale};
use chrono::{Datelike, NaiveDate};
use leptos::either::Either;
use leptos::prelude::*;

/// How many entries a month cell lists before it links to the day.
const MONTH_CELL_ENTRIES: usize = 3;

#[component]
pub(super) fn MonthGrid(query: CalendarQuery, mut data: CalendarData) -> impl IntoView {
    let locale = use_locale();
    let mut events_by_day = by_day(std::mem::take(&mut data.events));
    let month = query.date.unwrap_or(data.today).month();
    let days: Vec<NaiveDate> = data
        .first
        .iter_days()
        .take_while(|d| *d <= data.last)
        .collect();
    let weeks: Vec<Vec<NaiveDate>> = days.chunks(7).map(<[NaiveDate]>::to_vec).collect();
    let header = WEEK.map(|d| {
        let (short, long) = weekday_name(locale, d);
        view! { <th scope="col"><abbr title=long>{short}</abbr></th> }
    });
    let rows = weeks
        .into_iter()
        .enumerate()
        .map(|(w, week)| {
            let cells = week
                .into_iter()
                .enumerate()
                .map(|(d, date)| {
                    let events = events_by_day.remove(&date).unwrap_or_default();
                    let notes = notes_on(&data, date);
                    let more = events.len().saturating_sub(MONTH_CELL_ENTRIES);
                    let day_link = href(&query.with_view(View::Day).with_date(date));
                    let class = format!(
                        "month__cell{}{}",
                        if date.month() == month { "" } else { " month__cell--other" },
                        if date == data.today { " month__cell--today" } else { "" }
                    );
                    let label = format!(
                        "{}, {}",
                        format_date(locale, date),
                        count_text(locale, events.len(), false)
                    );
                    view! {
                        <td class=class>
                            <a
                                class="month__day"
                                href=day_link.clone()
                                data-day=(w * 7 + d).to_string()
                                aria-label=label
                                aria-current=(date == data.today).then_some("date")
                            >
                                {date.day()}
                            </a>
                            {notes
                                .into_iter()
                                .map(|n| view! { <span class="day-note" class:day-note--closed=n.closed>{n.label}</span> })
                                .collect_view()}
                            <ul class="month__entries">
                                {events
                                    .into_iter()
                                    .take(MONTH_CELL_ENTRIES)
                                    .map(|e| {
                                        let cancelled = e.cancelled;
                                        view! {
                                            <li class="month__entry" class:is-cancelled=cancelled>
                                                {entry_link(e)}
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                            {(more > 0)
                                .then(|| {
                                    view! {
                                        <a class="month__more" href=day_link>
                                            {Msg::MoreEntries.count(locale, more as u64, &[])}
                                        </a>
                                    }
                                })}
                        </td>
                    }
                })
                .collect_view();
            view! { <tr>{cells}</tr> }
        })
        .collect_view();
    view! {
        <table class="month" aria-labelledby="calendar-period">
            <thead>
                <tr>{header}</tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// The title as a link to the event page (private bookings have no page). A
/// plain function, not a component: a month has a hundred of them, and each
/// component is a type-erased view of its own.
fn entry_link(event: CalendarEvent) -> impl IntoView {
    let time = format_clock(event.starts_local);
    let title = event.title.clone();
    let cancelled = event.cancelled.then(
        || view! { <span class="visually-hidden">{format!(" ({})", t(Msg::Cancelled))}</span> },
    );
    let inner = view! {
        <span class="entry__time">{time}</span>
        " "
        <span class="entry__title" dir="auto">{title}</span>
        {cancelled}
    };
    if event.exposure == Exposure::Occupied {
        Either::Left(view! { <span class="entry entry--occupied">{inner}</span> })
    } else {
        Either::Right(
            view! { <a class="entry" href=format!("/events/{}", event.occurrence_id)>{inner}</a> },
        )
    }
}
