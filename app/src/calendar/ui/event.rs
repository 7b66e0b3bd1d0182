//! One date of an event: everything a resident needs, registration, calendar file
//! and share link, with schema.org JSON-LD and OpenGraph tags for search and sharing.
use crate::calendar::api::{
    CalendarEvent, CancelRegistration, EventPageData, MyPlace, Register, event_page,
};
use crate::calendar::rules::Exposure;
use crate::calendar::ui::views::{audience_label, badges, language_name, price_text};
use crate::i18n::{Locale, Msg, format_date, format_time_range, machine_date_time};
use crate::kernel::error::AppError;
use crate::registrations::rules::RegistrationStatus;
use crate::ui::form::FormAlert;
use crate::ui::not_found::NotFoundPage;
use crate::ui::providers::{t, use_locale};
use leptos::either::EitherOf3;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

#[component]
pub fn EventPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params.with(|p| {
            p.get("id")
                .and_then(|id| id.parse::<i64>().ok())
                .filter(|id| *id > 0)
        })
    });
    let register = ServerAction::<Register>::new();
    let cancel = ServerAction::<CancelRegistration>::new();
    let data = Resource::new(
        move || (id.get(), register.version().get(), cancel.version().get()),
        |(id, _, _)| async move {
            match id {
                Some(id) => event_page(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Transition fallback=|| view! { <p class="loading" role="status">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(data) => EitherOf3::A(view! { <EventDetails data register cancel /> }),
                    Err(AppError::NotFound) => EitherOf3::B(view! { <NotFoundPage /> }),
                    Err(err) => EitherOf3::C(view! { <p class="form-alert" role="alert">{t(err.summary())}</p> }),
                }
            })}
        </Transition>
    }
}

#[component]
fn EventDetails(
    data: EventPageData,
    register: ServerAction<Register>,
    cancel: ServerAction<CancelRegistration>,
) -> impl IntoView {
    let locale = use_locale();
    let event = data.event.clone();
    let url = format!("{}/events/{}", data.public_url, event.occurrence_id);
    let when = format!(
        "{}, {}",
        format_date(locale, event.starts_local.date()),
        format_time_range(locale, event.starts_local, event.ends_local)
    );
    let room = event
        .room_name
        .clone()
        .unwrap_or_else(|| t(Msg::RoomToBeAnnounced).to_owned());
    let full = event.exposure == Exposure::Full;
    let facts = facts(locale, &event);
    let badge_list = badges(locale, &event);
    let json_ld = json_ld(&event, &url, &room);
    let description = event.description.clone();
    let og_description = if description.is_empty() {
        when.clone()
    } else {
        description.chars().take(200).collect()
    };
    let share = format!(
        "mailto:?subject={}&body={}",
        crate::calendar::query::encode(&event.title),
        crate::calendar::query::encode(&format!("{when}\n{url}"))
    );
    let dates = data.next_dates.clone();
    let current = event.occurrence_id;
    view! {
        <Title text=event.title.clone() />
        <Meta property="og:type" content="website" />
        <Meta property="og:title" content=event.title.clone() />
        <Meta property="og:description" content=og_description.clone() />
        <Meta property="og:url" content=url.clone() />
        <Meta name="description" content=og_description />
        <article class="event-page" class:is-cancelled=event.cancelled>
            {event
                .cancelled
                .then(|| view! { <p class="banner banner--alert" role="alert">{t(Msg::EventCancelledBanner)}</p> })}
            <p class="event-page__category">{event.category.clone()}</p>
            <h1 dir="auto">{event.title.clone()}</h1>
            {data
                .can_edit
                .then(|| {
                    view! {
                        <p class="event-page__organise">
                            <a class="button button--secondary" href=format!("/events/{}/edit", event.occurrence_id)>
                                {t(Msg::EditThisEvent)}
                            </a>
                        </p>
                    }
                })}
            <p class="event-page__when">
                <time datetime=machine_date_time(event.starts_local)>{when.clone()}</time>
            </p>
            <ul class="badges">
                {badge_list
                    .into_iter()
                    .map(|(text, strong)| view! { <li class="badge" class:badge--alert=strong>{text}</li> })
                    .collect_view()}
            </ul>
            {(!description.is_empty()).then(|| view! { <p class="event-page__description">{description.clone()}</p> })}
            <dl class="facts">
                <dt>{t(Msg::FieldRoom)}</dt>
                <dd>{room.clone()}</dd>
                {facts
                    .into_iter()
                    .map(|(label, value)| view! { <dt>{label}</dt> <dd>{value}</dd> })
                    .collect_view()}
            </dl>
            {(full && event.seats.is_some())
                .then(|| view! { <Registration data=data.clone() register cancel /> })}
            <section class="event-page__actions" aria-labelledby="event-actions-heading">
                <h2 id="event-actions-heading" class="visually-hidden">{t(Msg::EventActions)}</h2>
                <p>
                    <a class="button button--secondary" href=format!("/events/{}/ics", event.occurrence_id) download="termin.ics">
                        {t(Msg::AddToCalendar)}
                    </a>
                    " "
                    <a class="button button--secondary" href=share>{t(Msg::ShareByMail)}</a>
                </p>
                <p class="field">
                    <label for="share-link">{t(Msg::ShareLink)}</label>
                    <input id="share-link" class="field__control" type="url" readonly=true value=url />
                </p>
            </section>
            {(dates.len() > 1)
                .then(|| {
                    view! {
                        <section aria-labelledby="next-dates-heading">
                            <h2 id="next-dates-heading">{t(Msg::NextDates)}</h2>
                            <ul class="next-dates">
                                {dates
                                    .into_iter()
                                    .map(|d| {
                                        let text = format!(
                                            "{}, {}",
                                            format_date(locale, d.starts_local.date()),
                                            format_time_range(locale, d.starts_local, d.ends_local)
                                        );
                                        let is_current = d.occurrence_id == current;
                                        view! {
                                            <li class:is-cancelled=d.cancelled>
                                                <a href=format!("/events/{}", d.occurrence_id) aria-current=is_current.then_some("page")>
                                                    {text}
                                                </a>
                                                {d.cancelled.then(|| view! { " " <span class="badge badge--alert">{t(Msg::Cancelled)}</span> })}
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        </section>
                    }
                })}
            <p>
                <a href="/calendar">{t(Msg::BackToCalendar)}</a>
            </p>
            <script type="application/ld+json" inner_html=json_ld></script>
        </article>
    }
}

/// Label and value of every further fact the event has.
fn facts(locale: Locale, event: &CalendarEvent) -> Vec<(&'static str, String)> {
    let mut facts = Vec::new();
    if event.exposure != Exposure::Full {
        return facts;
    }
    if !event.audience.is_empty() {
        let list: Vec<&str> = event
            .audience
            .iter()
            .map(|a| audience_label(*a).text(locale))
            .collect();
        facts.push((Msg::FilterAudience.text(locale), list.join(", ")));
    }
    if !event.languages.is_empty() {
        let list: Vec<&str> = event
            .languages
            .iter()
            .map(|l| language_name(locale, l))
            .filter(|l| !l.is_empty())
            .collect();
        facts.push((Msg::FilterLanguage.text(locale), list.join(", ")));
    }
    facts.push((
        Msg::FieldPrice.text(locale),
        price_text(locale, event.price),
    ));
    let access = match (event.step_free, event.accessibility.is_empty()) {
        (true, true) => Msg::FilterStepFree.text(locale).to_owned(),
        (true, false) => format!(
            "{}. {}",
            Msg::FilterStepFree.text(locale),
            event.accessibility
        ),
        (false, true) => Msg::AccessAskUs.text(locale).to_owned(),
        (false, false) => event.accessibility.clone(),
    };
    facts.push((Msg::FieldAccessibility.text(locale), access));
    if let Some(group) = &event.group_name {
        facts.push((Msg::FieldOrganiser.text(locale), group.clone()));
    }
    if !event.contact.is_empty() {
        facts.push((Msg::FieldContact.text(locale), event.contact.clone()));
    }
    facts
}

/// schema.org `Event` as JSON-LD, written into `<script>` raw (`inner_html`).
/// `<`, `>` and `&` become `\u003c`, `\u003e` and `\u0026`: JSON reads them the
/// same, and no text can end the script (`</script>`) or open a comment in it.
/// Outside its strings JSON has none of these characters, so replacing them in
/// the whole text changes only the strings.
fn json_ld(event: &CalendarEvent, url: &str, room: &str) -> String {
    let status = if event.cancelled {
        "https://schema.org/EventCancelled"
    } else {
        "https://schema.org/EventScheduled"
    };
    let offer_price = match event.price {
        crate::calendar::rules::Price::Amount(cents) => {
            format!("{}.{:02}", cents / 100, cents % 100)
        }
        _ => "0".to_owned(),
    };
    let value = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.description,
        "startDate": zoned(event.starts_local),
        "endDate": zoned(event.ends_local),
        "eventStatus": status,
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "url": url,
        "inLanguage": event.languages,
        "location": {
            "@type": "Place",
            "name": format!("Alte Körne Haus, {room}"),
            "address": {
                "@type": "PostalAddress",
                "addressLocality": "Dortmund",
                "addressCountry": "DE"
            }
        },
        "isAccessibleForFree": event.price.is_free(),
        "offers": {
            "@type": "Offer",
            "price": offer_price,
            "priceCurrency": "EUR",
            "url": url
        }
    });
    script_safe_json(&value.to_string())
}

fn script_safe_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            c => out.push(c),
        }
    }
    out
}

/// A local time with its Berlin offset, as schema.org expects ("2026-12-05T14:00:00+01:00").
fn zoned(local: chrono::NaiveDateTime) -> String {
    use chrono::TimeZone;
    match crate::kernel::time::HOUSE_ZONE
        .from_local_datetime(&local)
        .earliest()
    {
        Some(t) => t.to_rfc3339(),
        None => local.format("%Y-%m-%dT%H:%M:%S").to_string(),
    }
}

#[component]
fn Registration(
    data: EventPageData,
    register: ServerAction<Register>,
    cancel: ServerAction<CancelRegistration>,
) -> impl IntoView {
    let locale = use_locale();
    let event = data.event;
    let seats_left = event.seats_left.unwrap_or(0);
    let availability = if seats_left > 0 {
        Msg::SeatsAvailable.count(
            locale,
            u64::try_from(seats_left).unwrap_or(0),
            &[("seats", &event.seats.unwrap_or(0))],
        )
    } else {
        Msg::FullyBookedWaiting.count(locale, u64::try_from(data.waiting).unwrap_or(0), &[])
    };
    let id = event.occurrence_id.to_string();
    let register_value = register.value();
    let cancel_value = cancel.value();
    let open = !event.cancelled;
    let body = match (data.signed_in, data.my_place) {
        (false, _) => EitherOf3::A(view! {
            <p>
                {t(Msg::RegisterNeedsLogin)} " "
                <a href="/login">{t(Msg::NavLogin)}</a>
                " · "
                <a href="/signup">{t(Msg::NavSignup)}</a>
            </p>
        }),
        (true, Some(place)) => EitherOf3::B(view! {
            <p class="form-success" role="status">{place_text(locale, place)}</p>
            <ActionForm action=cancel attr:class="form form--inline">
                <input type="hidden" name="occurrence_id" value=id.clone() />
                <button class="button button--secondary" type="submit" disabled=move || cancel.pending().get()>
                    {t(Msg::CancelRegistration)}
                </button>
                <FormAlert value=cancel_value />
            </ActionForm>
        }),
        (true, None) => EitherOf3::C(view! {
            {move || {
                matches!(cancel_value.get(), Some(Ok(())))
                    .then(|| view! { <p class="form-success" role="status">{t(Msg::RegistrationCancelled)}</p> })
            }}
            {open
                .then(|| {
                    view! {
                        <ActionForm action=register attr:class="form form--inline">
                            <input type="hidden" name="occurrence_id" value=id.clone() />
                            <button class="button" type="submit" disabled=move || register.pending().get()>
                                {t(if seats_left > 0 { Msg::RegisterNow } else { Msg::JoinWaitlist })}
                            </button>
                            <FormAlert value=register_value />
                        </ActionForm>
                    }
                })}
        }),
    };
    view! {
        <section class="card registration" aria-labelledby="registration-heading">
            <h2 id="registration-heading">{t(Msg::RegistrationHeading)}</h2>
            <p>{availability}</p>
            {body}
        </section>
    }
}

fn place_text(locale: Locale, place: MyPlace) -> String {
    match place.status {
        RegistrationStatus::Confirmed => Msg::YouAreRegistered.text(locale).to_owned(),
        _ => Msg::YouAreWaiting.fill(locale, &[("position", &place.position)]),
    }
}
