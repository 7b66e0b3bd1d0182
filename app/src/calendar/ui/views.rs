//! The interactive calendar: month, week, day and list views with filters. The
//! URL holds the whole state, so every view is a link that can be shared, works
//! without JavaScript and, with it, changes without a page load.
use crate::calendar::api::{CalendarData, CalendarEvent, DayNote, FilterChoices, calendar_view};
use crate::calendar::query::{Audience, CalendarQuery, LANGUAGES, View, encode};
use crate::calendar::rules::{Exposure, Price};
use crate::i18n::{
    Locale, Msg, format_clock, format_date, format_euros, format_month, format_time_range,
    machine_date, machine_date_time, weekday_name,
};
use crate::series::rules::WEEK;
use crate::ui::providers::{t, use_locale};
use chrono::{Datelike, NaiveDate};
use leptos::either::{Either, EitherOf4};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;
use std::collections::BTreeMap;

/// How many entries a month cell lists before it links to the day.
const MONTH_CELL_ENTRIES: usize = 3;

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

#[component]
pub fn CalendarPage() -> impl IntoView {
    let query = use_calendar_query();
    let data = Resource::new(
        move || query.get(),
        |query| async move { calendar_view(query.clone()).await.map(|data| (query, data)) },
    );
    view! {
        <Title text=t(Msg::CalendarHeading) />
        <h1>{t(Msg::CalendarHeading)}</h1>
        <Transition fallback=|| view! { <p class="loading" role="status">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((query, data)) => Either::Left(view! { <CalendarBody query data /> }),
                    Err(err) => Either::Right(view! { <p class="form-alert" role="alert">{t(err.summary())}</p> }),
                }
            })}
        </Transition>
    }
}

#[component]
fn CalendarBody(query: CalendarQuery, mut data: CalendarData) -> impl IntoView {
    let locale = use_locale();
    let count = data.events.len();
    let filtered = !query.filter.is_empty();
    let feed_query = feed_query_string(&query);
    let feed_path = format!("/feeds/calendar.ics{feed_query}");
    let webcal = format!(
        "webcal://{}{feed_path}",
        data.site_url
            .trim_start_matches("https://")
            .trim_start_matches("http://")
    );
    // Each part takes what it shows; the dates move into the view once, uncopied.
    let period = Period {
        today: data.today,
        first: data.first,
        last: data.last,
    };
    let choices = std::mem::take(&mut data.choices);
    let body = match query.view {
        View::Month => EitherOf4::A(view! { <MonthGrid query=query.clone() data /> }),
        View::Week => EitherOf4::B(view! { <DayColumns query=query.clone() data /> }),
        View::Day => EitherOf4::C(view! { <DayColumns query=query.clone() data /> }),
        View::Agenda => EitherOf4::D(view! { <AgendaList data /> }),
    };
    view! {
        <div class="calendar" data-view=query.view.code()>
            <Toolbar query=query.clone() period />
            <Filters query=query.clone() choices />
            <p class="calendar__count" role="status">
                {count_text(locale, count, filtered)}
                {filtered
                    .then(|| {
                        view! {
                            " "
                            <a href=href(&query.without_filter())>{t(Msg::ClearFilters)}</a>
                        }
                    })}
            </p>
            {if count == 0 {
                Either::Left(view! {
                    <div class="empty-state">
                        <p>{t(if filtered { Msg::NoMatches } else { Msg::NoEventsInRange })}</p>
                        {filtered
                            .then(|| view! { <p><a class="button button--secondary" href=href(&query.without_filter())>{t(Msg::ClearFilters)}</a></p> })}
                    </div>
                })
            } else {
                Either::Right(body)
            }}
            <aside class="calendar__subscribe" aria-labelledby="subscribe-heading">
                <h2 id="subscribe-heading">{t(Msg::SubscribeHeading)}</h2>
                <p>{t(Msg::SubscribeIntro)}</p>
                <p class="calendar__subscribe-links">
                    <a class="button button--secondary" href=webcal>{t(Msg::SubscribeWebcal)}</a>
                    " "
                    <a href=feed_path.clone() download="treffpunkt.ics">{t(Msg::DownloadIcs)}</a>
                    " · "
                    <a href=format!("/print/week{}", query.with_view(View::Week).to_query_string())>{t(Msg::PrintWeek)}</a>
                </p>
            </aside>
        </div>
    }
}

/// The filter part of the query, for the feed link ("subscribe to what I see").
fn feed_query_string(query: &CalendarQuery) -> String {
    let pairs: Vec<String> = query
        .filter
        .pairs()
        .into_iter()
        .map(|(k, v)| format!("{k}={}", encode(&v)))
        .collect();
    if pairs.is_empty() {
        String::new()
    } else {
        format!("?{}", pairs.join("&"))
    }
}

fn count_text(locale: Locale, count: usize, filtered: bool) -> String {
    let msg = if filtered {
        Msg::DatesMatching
    } else {
        Msg::DatesCount
    };
    msg.count(locale, count as u64, &[])
}

/// The days a view shows, and today.
#[derive(Clone, Copy)]
struct Period {
    today: NaiveDate,
    first: NaiveDate,
    last: NaiveDate,
}

/// Previous, today, next, the period's name, the view switch and a date picker.
#[component]
fn Toolbar(query: CalendarQuery, period: Period) -> impl IntoView {
    let locale = use_locale();
    let today = period.today;
    let prev = href(&query.with_date(query.step(today, false)));
    let next = href(&query.with_date(query.step(today, true)));
    let to_today = href(&CalendarQuery {
        date: None,
        ..query.clone()
    });
    let title = period_title(locale, &query, period);
    let views = View::ALL.map(|view| {
        let current = view == query.view;
        view! {
            <li>
                <a href=href(&query.with_view(view)) aria-current=current.then_some("page")>
                    {t(view_label(view))}
                </a>
            </li>
        }
    });
    let date_value = machine_date(query.date.unwrap_or(today));
    let hidden = hidden_fields(&query, false);
    view! {
        <div class="calendar__toolbar">
            <h2 class="calendar__period" id="calendar-period">{title}</h2>
            <nav class="calendar__steps" aria-label=t(Msg::CalendarNavigation)>
                <a class="button button--secondary" href=prev rel="prev">
                    <span aria-hidden="true">"‹ "</span>
                    {t(Msg::Previous)}
                </a>
                <a class="button button--secondary" href=to_today>{t(Msg::Today)}</a>
                <a class="button button--secondary" href=next rel="next">
                    {t(Msg::Next)}
                    <span aria-hidden="true">" ›"</span>
                </a>
            </nav>
            <nav aria-label=t(Msg::ViewSwitch)>
                <ul class="calendar__views">{views}</ul>
            </nav>
            <Form method="GET" action="/calendar" attr:class="calendar__jump">
                {hidden}
                <label for="calendar-date">{t(Msg::GoToDate)}</label>
                <input id="calendar-date" class="field__control" type="date" name="date" value=date_value min="2000-01-01" max="2100-12-31" />
                <button class="button button--secondary" type="submit">{t(Msg::Show)}</button>
            </Form>
        </div>
    }
}

/// The query's state as hidden inputs, so a GET form keeps what it does not ask.
fn hidden_fields(query: &CalendarQuery, keep_date: bool) -> impl IntoView + use<> {
    let mut pairs: Vec<(&'static str, String)> = Vec::new();
    if query.view != View::default() {
        pairs.push(("view", query.view.code().to_owned()));
    }
    if keep_date && let Some(date) = query.date {
        pairs.push(("date", machine_date(date)));
    }
    if !keep_date {
        pairs.extend(query.filter.pairs());
    }
    pairs
        .into_iter()
        .map(|(name, value)| view! { <input type="hidden" name=name value=value /> })
        .collect_view()
}

fn view_label(view: View) -> Msg {
    match view {
        View::Month => Msg::ViewMonth,
        View::Week => Msg::ViewWeek,
        View::Day => Msg::ViewDay,
        View::Agenda => Msg::ViewList,
    }
}

fn period_title(locale: Locale, query: &CalendarQuery, data: Period) -> String {
    let date = query.date.unwrap_or(data.today);
    match query.view {
        View::Month => format_month(locale, date),
        View::Day => format_date(locale, date),
        View::Week | View::Agenda => format!(
            "{} – {}",
            format_date(locale, data.first),
            format_date(locale, data.last)
        ),
    }
}

#[component]
fn Filters(query: CalendarQuery, choices: FilterChoices) -> impl IntoView {
    let locale = use_locale();
    let f = query.filter.clone();
    let categories = choices
        .categories
        .into_iter()
        .map(|c| (c.slug, c.label))
        .collect::<Vec<_>>();
    let audiences = Audience::ALL
        .iter()
        .map(|a| (a.code().to_owned(), t(audience_label(*a)).to_owned()))
        .collect::<Vec<_>>();
    let rooms = choices
        .rooms
        .into_iter()
        .map(|r| (r.id.to_string(), r.label))
        .collect::<Vec<_>>();
    let groups = choices
        .groups
        .into_iter()
        .map(|g| (g.id.to_string(), g.label))
        .collect::<Vec<_>>();
    let languages = LANGUAGES
        .iter()
        .map(|l| ((*l).to_owned(), language_name(locale, l).to_owned()))
        .collect::<Vec<_>>();
    let open = !f.is_empty();
    let text = f.text.clone();
    let category = f.category.clone();
    let audience = f.audience.map(|a| a.code().to_owned());
    let room = f.room.map(|r| r.to_string());
    let group = f.group.map(|g| g.to_string());
    let language = f.language.clone();
    let (free, step_free) = (f.free, f.step_free);
    view! {
        <details class="filters" open=open>
            <summary>{t(Msg::FiltersHeading)}</summary>
            <Form method="GET" action="/calendar" attr:class="filters__form">
                {hidden_fields(&query, true)}
                <div class="filters__grid">
                    <div class="field filters__search">
                        <label for="filter-q">{t(Msg::FilterSearch)}</label>
                        <input id="filter-q" class="field__control" type="search" name="q" value=text maxlength="100" />
                    </div>
                    <FilterSelect name="category" label=Msg::FieldCategory choices=categories selected=category />
                    <FilterSelect name="audience" label=Msg::FilterAudience choices=audiences selected=audience />
                    <FilterSelect name="room" label=Msg::FieldRoom choices=rooms selected=room />
                    <FilterSelect name="group" label=Msg::FilterGroup choices=groups selected=group />
                    <FilterSelect name="language" label=Msg::FilterLanguage choices=languages selected=language />
                    <div class="filters__checks">
                        <label class="check">
                            <input type="checkbox" name="free" value="1" checked=free />
                            {t(Msg::FilterFree)}
                        </label>
                        <label class="check">
                            <input type="checkbox" name="step_free" value="1" checked=step_free />
                            {t(Msg::FilterStepFree)}
                        </label>
                    </div>
                </div>
                <p class="filters__actions">
                    <button class="button" type="submit">{t(Msg::ApplyFilters)}</button>
                    " "
                    <a href=href(&query.without_filter())>{t(Msg::ClearFilters)}</a>
                </p>
            </Form>
        </details>
    }
}

#[component]
fn FilterSelect(
    name: &'static str,
    label: Msg,
    choices: Vec<(String, String)>,
    selected: Option<String>,
) -> impl IntoView {
    let id = format!("filter-{name}");
    view! {
        <div class="field">
            <label for=id.clone()>{t(label)}</label>
            <select id=id class="field__control" name=name>
                <option value="">{t(Msg::FilterAll)}</option>
                {choices
                    .into_iter()
                    .map(|(value, label)| {
                        let is_selected = selected.as_deref() == Some(value.as_str());
                        view! { <option value=value selected=is_selected>{label}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

pub fn audience_label(audience: Audience) -> Msg {
    match audience {
        Audience::Children => Msg::AudienceChildren,
        Audience::Youth => Msg::AudienceYouth,
        Audience::Families => Msg::AudienceFamilies,
        Audience::Seniors => Msg::AudienceSeniors,
        Audience::Everyone => Msg::AudienceEveryone,
    }
}

pub fn language_name(locale: Locale, code: &str) -> &'static str {
    if LANGUAGES.contains(&code) {
        language_msg(code).text(locale)
    } else {
        ""
    }
}

/// The name of one of `LANGUAGES`.
pub fn language_msg(code: &str) -> Msg {
    match code {
        "en" => Msg::LanguageEnglish,
        "tr" => Msg::LanguageTurkish,
        "ar" => Msg::LanguageArabic,
        "uk" => Msg::LanguageUkrainian,
        "ru" => Msg::LanguageRussian,
        _ => Msg::LanguageGerman,
    }
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

/// Moves the focus between the month's day links with the arrow keys.
fn on_grid_key(ev: leptos::ev::KeyboardEvent) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        // Right to left, the week runs from the right: the left arrow is the next day.
        let forward = if document().dir() == "rtl" { -1 } else { 1 };
        let step: i64 = match ev.key().as_str() {
            "ArrowLeft" => -forward,
            "ArrowRight" => forward,
            "ArrowUp" => -7,
            "ArrowDown" => 7,
            _ => return,
        };
        let Some(index) = event_target::<leptos::web_sys::Element>(&ev)
            .get_attribute("data-day")
            .and_then(|i| i.parse::<i64>().ok())
        else {
            return;
        };
        let selector = format!("a[data-day=\"{}\"]", index + step);
        if let Ok(Some(next)) = document().query_selector(&selector)
            && let Ok(next) = next.dyn_into::<leptos::web_sys::HtmlElement>()
        {
            ev.prevent_default();
            let _ = next.focus();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = ev;
}

#[component]
fn MonthGrid(query: CalendarQuery, mut data: CalendarData) -> impl IntoView {
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
        <table class="month" aria-labelledby="calendar-period" on:keydown=on_grid_key>
            <thead>
                <tr>{header}</tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// The week (seven days) or one day, each day with its full list.
#[component]
fn DayColumns(query: CalendarQuery, mut data: CalendarData) -> impl IntoView {
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
fn AgendaList(mut data: CalendarData) -> impl IntoView {
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

pub fn price_text(locale: Locale, price: Price) -> String {
    match price {
        Price::Free => Msg::PriceFree.text(locale).to_owned(),
        Price::Donation => Msg::PriceDonation.text(locale).to_owned(),
        Price::Amount(cents) => format_euros(locale, i64::from(cents)),
    }
}
