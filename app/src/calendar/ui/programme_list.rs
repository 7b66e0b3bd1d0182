//! The programme's upcoming dates, grouped by day: rendered on the server only,
//! once for every visitor of a language (see `ui::server_html`).
use crate::calendar::api::EventSummary;
use crate::i18n::{Msg, format_date, format_time_range, machine_date, machine_date_time};
use crate::ui::providers::{t, use_locale};
use chrono::NaiveDate;
use leptos::either::Either;
use leptos::prelude::*;
use leptos::tachys::view::RenderHtml;

/// The list as HTML, for the programme page's `inner_html` container.
pub fn render(events: Vec<EventSummary>) -> String {
    view! { <EventList events /> }.to_html()
}

/// Upcoming dates grouped by day.
#[component]
fn EventList(events: Vec<EventSummary>) -> impl IntoView {
    let locale = use_locale();
    if events.is_empty() {
        return Either::Left(view! { <p class="empty-state">{t(Msg::NoUpcoming)}</p> });
    }
    let mut days: Vec<(NaiveDate, Vec<EventSummary>)> = Vec::new();
    for event in events {
        let day = event.starts_local.date();
        match days.last_mut() {
            Some((last, list)) if *last == day => list.push(event),
            _ => days.push((day, vec![event])),
        }
    }
    Either::Right(view! {
        <ol class="programme__days">
            {days
                .into_iter()
                .map(|(day, events)| {
                    view! {
                        <li class="programme__day">
                            <h3 class="programme__date">
                                <time datetime=machine_date(day)>{format_date(locale, day)}</time>
                            </h3>
                            <ul class="programme__events">
                                {events
                                    .into_iter()
                                    .map(|event| view! { <EventCard event /> })
                                    .collect_view()}
                            </ul>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    })
}

#[component]
fn EventCard(event: EventSummary) -> impl IntoView {
    let locale = use_locale();
    let time = format_time_range(locale, event.starts_local, event.ends_local);
    let room = event
        .room_name
        .unwrap_or_else(|| t(Msg::RoomToBeAnnounced).to_owned());
    view! {
        <li class="event-card">
            <article aria-labelledby=format!("event-{}", event.occurrence_id)>
                <p class="event-card__time">
                    <time datetime=machine_date_time(event.starts_local)>{time}</time>
                </p>
                <h4 class="event-card__title" id=format!("event-{}", event.occurrence_id)>{event.title}</h4>
                <p class="event-card__meta">
                    <span class="event-card__category">{event.category}</span>
                    " · "
                    <span class="event-card__room">{room}</span>
                </p>
                {(!event.description.is_empty())
                    .then(|| view! { <p class="event-card__description">{event.description}</p> })}
            </article>
        </li>
    }
}
