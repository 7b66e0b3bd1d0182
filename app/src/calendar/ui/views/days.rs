//! The week and day views and the list view, each day with its full list of entries.
use super::body::{by_day, href, notes_on};
use super::entry::EntryCard;
use crate::calendar::api::CalendarData;
use crate::calendar::query::{CalendarQuery, View};
use crate::i18n::{Msg, format_date, machine_date};
use crate::ui::providers::{t, use_locale};
use leptos::either::Either;
use leptos::prelude::*;

/// The week (seven days) or one day, each day with its full list.
#[component]
pub(super) fn DayColumns(query: CalendarQuery, mut data: CalendarData) -> impl IntoView {
    let locale = use_locale();
    let mut events_by_day = by_day(std::mem::take(&mut data.events));
    let days = data
        .first
        .iter_days()
        .take_while(|d| *d <= data.last)
        .map(|date| {
            let events = events_by_day.remove(&date).unwrap_or_default();
            let notes = notes_on(&data, date);
            let is_today = date == data.today;
            let empty = events.is_empty();
            view! {
                <li class="days__day" class:days__day--today=is_today>
                    <h3 class="days__date">
                        <a href=href(&query.with_view(View::Day).with_date(date))>
                            <time datetime=machine_date(date)>{format_date(locale, date)}</time>
                        </a>
                        {is_today.then(|| view! { <span class="badge">{t(Msg::Today)}</span> })}
                    </h3>
                    {notes
                        .into_iter()
                        .map(|n| view! { <p class="day-note" class:day-note--closed=n.closed>{n.label}</p> })
                        .collect_view()}
                    {if empty {
                        Either::Left(view! { <p class="days__empty">{t(Msg::NothingThisDay)}</p> })
                    } else {
                        Either::Right(view! {
                            <ul class="days__events">
                                {events.into_iter().map(|event| view! { <EntryCard event /> }).collect_view()}
                            </ul>
                        })
                    }}
                </li>
            }
        })
        .collect_view();
    view! { <ol class="days" class:days--week=query.view == View::Week>{days}</ol> }
}

/// Only the days that have dates, for small screens and screen readers.
#[component]
pub(super) fn AgendaList(mut data: CalendarData) -> impl IntoView {
    let locale = use_locale();
    let days = by_day(std::mem::take(&mut data.events));
    view! {
        <ol class="days">
            {days
                .into_iter()
                .map(|(date, events)| {
                    let notes = notes_on(&data, date);
                    view! {
                        <li class="days__day">
                            <h3 class="days__date">
                                <time datetime=machine_date(date)>{format_date(locale, date)}</time>
                            </h3>
                            {notes
                                .into_iter()
                                .map(|n| view! { <p class="day-note" class:day-note--closed=n.closed>{n.label}</p> })
                                .collect_view()}
                            <ul class="days__events">
                                {events.into_iter().map(|event| view! { <EntryCard event /> }).collect_view()}
                            </ul>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}
