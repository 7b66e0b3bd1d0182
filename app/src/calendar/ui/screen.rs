//! The entrance screen (today in the house, by room, for the TV in the foyer) and
//! the printable weekly programme.
use crate::calendar::api::{CalendarData, CalendarEvent, calendar_view};
use crate::calendar::query::{CalendarQuery, View};
use crate::calendar::rules::Exposure;
use crate::calendar::ui::views::{EntryCard, use_calendar_query};
use crate::i18n::{Msg, format_clock, format_date, machine_date_time};
use crate::ui::providers::{t, use_locale};
use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// How often the entrance screen fetches today's dates again, in seconds, unless
/// `?refresh=` says otherwise (5 to 3600).
const SCREEN_REFRESH_SECONDS: u64 = 120;

#[component]
pub fn EntranceScreen() -> impl IntoView {
    let query = use_query_map();
    let every = query.with_untracked(|q| {
        q.get("refresh")
            .and_then(|s| s.parse::<u64>().ok())
            .map_or(SCREEN_REFRESH_SECONDS, |s| s.clamp(5, 3600))
    });
    // Fetches again in place (no page reload, which would flash and, as a
    // meta refresh, take the timing out of the viewer's hands).
    let tick = RwSignal::new(0u64);
    Effect::new(move || {
        let _ = set_interval_with_handle(
            move || tick.update(|t| *t += 1),
            std::time::Duration::from_secs(every),
        );
    });
    let data = Resource::new(
        move || tick.get(),
        |_| {
            calendar_view(CalendarQuery {
                view: View::Day,
                ..Default::default()
            })
        },
    );
    view! {
        <Title text=t(Msg::ScreenHeading) />
        <div class="screen" data-refresh-seconds=every.to_string()>
            <Transition fallback=|| view! { <p role="status">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(data) => Either::Left(view! { <ScreenBody data /> }),
                        Err(err) => Either::Right(view! { <p role="alert">{t(err.summary())}</p> }),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn ScreenBody(data: CalendarData) -> impl IntoView {
    let locale = use_locale();
    let mut rooms: Vec<(String, Vec<CalendarEvent>)> = Vec::new();
    for event in data
        .events
        .iter()
        .filter(|e| e.exposure != Exposure::Occupied || e.room_name.is_some())
    {
        let room = event
            .room_name
            .clone()
            .unwrap_or_else(|| t(Msg::RoomToBeAnnounced).to_owned());
        match rooms.iter_mut().find(|(name, _)| *name == room) {
            Some((_, list)) => list.push(event.clone()),
            None => rooms.push((room, vec![event.clone()])),
        }
    }
    rooms.sort_by(|a, b| a.0.cmp(&b.0));
    let empty = rooms.is_empty();
    view! {
        <h1>
            <span>{t(Msg::ScreenHeading)}</span>
            <span>{format_date(locale, data.today)}</span>
        </h1>
        {if empty {
            Either::Left(view! { <p class="screen__empty">{t(Msg::ScreenNothingToday)}</p> })
        } else {
            Either::Right(view! {
                <ul class="screen__rooms">
                    {rooms
                        .into_iter()
                        .map(|(room, events)| {
                            view! {
                                <li class="screen__room">
                                    <h2>{room}</h2>
                                    <ul>
                                        {events
                                            .into_iter()
                                            .map(|e| {
                                                view! {
                                                    <li>
                                                        <time class="screen__time" datetime=machine_date_time(e.starts_local)>
                                                            {format!("{}–{}", format_clock(e.starts_local), format_clock(e.ends_local))}
                                                        </time>
                                                        {e.title}
                                                        {e.cancelled.then(|| view! { " " <span class="screen__cancelled">{t(Msg::Cancelled)}</span> })}
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ul>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            })
        }}
    }
}

/// The week as a printable programme: the week view without controls.
#[component]
pub fn PrintWeek() -> impl IntoView {
    let query = use_calendar_query();
    let data = Resource::new(
        move || CalendarQuery {
            view: View::Week,
            ..query.get()
        },
        calendar_view,
    );
    view! {
        <Title text=t(Msg::PrintWeek) />
        <Transition fallback=|| view! { <p class="loading" role="status">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(data) => Either::Left(view! { <PrintBody data /> }),
                    Err(err) => Either::Right(view! { <p class="form-alert" role="alert">{t(err.summary())}</p> }),
                }
            })}
        </Transition>
    }
}

#[component]
fn PrintBody(data: CalendarData) -> impl IntoView {
    let locale = use_locale();
    let title = format!(
        "{}: {} – {}",
        t(Msg::WeeklyProgramme),
        format_date(locale, data.first),
        format_date(locale, data.last)
    );
    let days = data
        .first
        .iter_days()
        .take_while(|d| *d <= data.last)
        .map(|date| {
            let events: Vec<CalendarEvent> = data
                .events
                .iter()
                .filter(|e| e.starts_local.date() == date && e.exposure != Exposure::Occupied)
                .cloned()
                .collect();
            view! {
                <li class="days__day">
                    <h2 class="days__date">{format_date(locale, date)}</h2>
                    <ul class="days__events">
                        {events.into_iter().map(|event| view! { <EntryCard event /> }).collect_view()}
                    </ul>
                </li>
            }
        })
        .collect_view();
    view! {
        <h1>{title}</h1>
        <p class="print-hide">
            <button class="button" type="button" on:click=|_| print_page()>{t(Msg::PrintNow)}</button>
            " "
            {t(Msg::PrintHint)}
        </p>
        <ol class="days days--week">{days}</ol>
    }
}

fn print_page() {
    #[cfg(feature = "hydrate")]
    {
        let _ = window().print();
    }
}
