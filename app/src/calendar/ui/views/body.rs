//! The calendar's views as the server renders them: the toolbar (period, view
//! switch, date), the filters, the month, week, day or list, and the feed links.
//! They are the same for every visitor of one address and language, so they are
//! rendered once into HTML and kept with the public data (`ServerHtml`).
use super::days::{AgendaList, DayColumns};
use super::filters::Filters;
use super::month::MonthGrid;
use crate::calendar::api::{CalendarData, CalendarEvent, DayNote};
use crate::calendar::query::{CalendarQuery, View, encode};
use crate::i18n::{Locale, Msg, format_date, format_month, machine_date};
use crate::ui::providers::{t, use_locale};
use chrono::NaiveDate;
use leptos::either::{Either, EitherOf4};
use leptos::prelude::*;
use leptos::tachys::view::RenderHtml;
use std::collections::BTreeMap;

/// The views of `query` as HTML, for the page's `inner_html` container.
pub fn render(query: CalendarQuery, data: CalendarData) -> String {
    view! { <CalendarBody query data /> }.to_html()
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
            <form method="get" action="/calendar" class="calendar__jump">
                {hidden}
                <label for="calendar-date">{t(Msg::GoToDate)}</label>
                <input id="calendar-date" class="field__control" type="date" name="date" value=date_value min="2000-01-01" max="2100-12-31" />
                <button class="button button--secondary" type="submit">{t(Msg::Show)}</button>
            </form>
        </div>
    }
}

/// The query's state as hidden inputs, so a GET form keeps what it does not ask.
pub(super) fn hidden_fields(query: &CalendarQuery, keep_date: bool) -> impl IntoView + use<> {
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

pub(super) fn href(query: &CalendarQuery) -> String {
    format!("/calendar{}", query.to_query_string())
}

pub(super) fn count_text(locale: Locale, count: usize, filtered: bool) -> String {
    let msg = if filtered {
        Msg::DatesMatching
    } else {
        Msg::DatesCount
    };
    msg.count(locale, count as u64, &[])
}

/// The dates grouped by day, moved rather than copied (the month view's carry
/// only their headline, `CalendarEvent::headline`).
pub(super) fn by_day(events: Vec<CalendarEvent>) -> BTreeMap<NaiveDate, Vec<CalendarEvent>> {
    let mut days: BTreeMap<NaiveDate, Vec<CalendarEvent>> = BTreeMap::new();
    for event in events {
        days.entry(event.starts_local.date())
            .or_default()
            .push(event);
    }
    days
}

pub(super) fn notes_on(data: &CalendarData, date: NaiveDate) -> Vec<DayNote> {
    data.notes
        .iter()
        .filter(|n| n.date == date)
        .cloned()
        .collect()
}
