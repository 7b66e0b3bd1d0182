//! One date as a card: time, title, room and badges with what to know before coming.
use super::labels::price_text;
use crate::calendar::api::CalendarEvent;
use crate::calendar::rules::Exposure;
use crate::i18n::{Locale, Msg, format_time_range, machine_date_time};
use crate::ui::providers::{t, use_locale};
use leptos::either::Either;
use leptos::prelude::*;

/// A date with time, title, room and what to know before coming.
#[component]
pub fn EntryCard(
    event: CalendarEvent,
    /// A line about the visitor's own relation to the date, e.g. their registration.
    #[prop(optional)]
    note: Option<String>,
) -> impl IntoView {
    let locale = use_locale();
    let time = format_time_range(locale, event.starts_local, event.ends_local);
    let room = event
        .room_name
        .clone()
        .unwrap_or_else(|| t(Msg::RoomToBeAnnounced).to_owned());
    let heading_id = format!("entry-{}", event.occurrence_id);
    let labelled_by = heading_id.clone();
    let badges = badges(locale, &event);
    let link = if event.exposure == Exposure::Occupied {
        Either::Left(view! { <span>{event.title.clone()}</span> })
    } else {
        Either::Right(
            view! { <a href=format!("/events/{}", event.occurrence_id)>{event.title.clone()}</a> },
        )
    };
    view! {
        <li class="event-card" class:is-cancelled=event.cancelled>
            <article aria-labelledby=labelled_by>
                <p class="event-card__time">
                    <time datetime=machine_date_time(event.starts_local)>{time}</time>
                </p>
                <h4 class="event-card__title" id=heading_id dir="auto">{link}</h4>
                <p class="event-card__meta">
                    <span class="event-card__category">{event.category.clone()}</span>
                    " · "
                    <span class="event-card__room">{room}</span>
                </p>
                {note.map(|note| view! { <p class="event-card__note">{note}</p> })}
                {(!badges.is_empty())
                    .then(|| {
                        view! {
                            <ul class="badges">
                                {badges
                                    .into_iter()
                                    .map(|(text, strong)| view! { <li class="badge" class:badge--alert=strong>{text}</li> })
                                    .collect_view()}
                            </ul>
                        }
                    })}
            </article>
        </li>
    }
}

/// Short facts worth a glance: cancelled, seats, price, access.
pub fn badges(locale: Locale, event: &CalendarEvent) -> Vec<(String, bool)> {
    let mut badges = Vec::new();
    if event.cancelled {
        badges.push((Msg::Cancelled.text(locale).to_owned(), true));
    }
    if event.exposure != Exposure::Full {
        return badges;
    }
    match event.seats_left {
        Some(0) => badges.push((Msg::FullyBooked.text(locale).to_owned(), true)),
        Some(left) => badges.push((
            Msg::SeatsLeftCount.count(locale, u64::try_from(left).unwrap_or(0), &[]),
            false,
        )),
        None => {}
    }
    badges.push((price_text(locale, event.price), false));
    if event.step_free {
        badges.push((Msg::FilterStepFree.text(locale).to_owned(), false));
    }
    badges
}
