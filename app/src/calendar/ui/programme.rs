//! The programme page: upcoming events, and for organisers the create-event form.
use crate::calendar::api::{EventFormChoices, EventSummary, create_form_choices, upcoming_events};
use crate::i18n::{Msg, format_date, format_time_range, machine_date, machine_date_time};
use crate::series::api::CreateEvent;
use crate::series::ui::form::{SeriesFields, SeriesPrefill};
use crate::ui::form::FormAlert;
use crate::ui::providers::{t, use_auth, use_locale};
use chrono::NaiveDate;
use leptos::either::Either;
use leptos::html;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ProgrammePage() -> impl IntoView {
    let auth = use_auth();
    let create = ServerAction::<CreateEvent>::new();
    // Resources are created here, outside any Suspense, so that server and browser
    // number them alike. The form's choices reload only on login or logout, so a
    // refused submission never re-renders the form and loses what was typed.
    let choices = Resource::new(
        move || (auth.login.version().get(), auth.logout.version().get()),
        |_| create_form_choices(),
    );
    let events = Resource::new(move || create.version().get(), |_| upcoming_events());

    view! {
        <Title text=t(Msg::NavProgramme) />
        <h1>{t(Msg::UpcomingHeading)}</h1>
        <p class="lead">{t(Msg::UpcomingIntro)}</p>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                choices.await.ok().flatten().map(|choices| view! { <CreateEventForm action=create choices /> })
            })}
        </Transition>
        <section class="programme" aria-labelledby="upcoming-list-heading">
            <h2 id="upcoming-list-heading" class="visually-hidden">{t(Msg::UpcomingHeading)}</h2>
            <Transition fallback=|| view! { <p class="loading" role="status">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match events.await {
                        Ok(list) => Either::Left(view! { <EventList events=list /> }),
                        Err(err) => Either::Right(view! { <p class="form-alert" role="alert">{t(err.summary())}</p> }),
                    }
                })}
            </Transition>
        </section>
    }
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

#[component]
fn CreateEventForm(action: ServerAction<CreateEvent>, choices: EventFormChoices) -> impl IntoView {
    let EventFormChoices { rooms, categories } = choices;
    let form = NodeRef::<html::Form>::new();
    let value = action.value();
    let created = move || matches!(value.get(), Some(Ok(_)));
    // A saved event empties the form for the next one; on an error everything typed stays.
    Effect::new(move || {
        if created()
            && let Some(form) = form.get()
        {
            form.reset();
        }
    });

    view! {
        <section class="card create-event" aria-labelledby="create-event-heading">
            <h2 id="create-event-heading">{t(Msg::CreateEventHeading)}</h2>
            <p class="card__intro">{t(Msg::CreateEventIntro)}</p>
            <ActionForm action node_ref=form attr:class="form" attr:novalidate=true>
                <SeriesFields prefill=SeriesPrefill::default() rooms categories value />
                <FormAlert value />
                <p class="form-success" role="status">
                    {move || {
                        value
                            .get()
                            .and_then(Result::ok)
                            .map(|id| {
                                view! {
                                    {t(Msg::EventCreated)}
                                    " "
                                    <a href=format!("/events/{id}")>{t(Msg::OpenCreatedEvent)}</a>
                                }
                            })
                    }}
                </p>
                <button class="button" type="submit" disabled=move || action.pending().get()>
                    {move || {
                        if action.pending().get() { t(Msg::Saving) } else { t(Msg::SubmitCreateEvent) }
                    }}
                </button>
            </ActionForm>
        </section>
    }
}
