//! The house's programme: upcoming events and creating a single-date event.
use crate::calendar::query::{Audience, CalendarQuery};
use crate::calendar::rules::{Exposure, Price};
use crate::kernel::error::AppError;
use crate::registrations::rules::RegistrationStatus;
use chrono::{NaiveDate, NaiveDateTime};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One upcoming date as the programme lists it, in the house's local time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventSummary {
    pub occurrence_id: i64,
    pub title: String,
    pub description: String,
    pub starts_local: NaiveDateTime,
    pub ends_local: NaiveDateTime,
    pub room_name: Option<String>,
    pub category: String,
}

/// One entry of a select field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub id: i64,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventFormChoices {
    pub rooms: Vec<Choice>,
    pub categories: Vec<Choice>,
}

/// How many dates the programme page lists.
pub const UPCOMING_LIMIT: i64 = 100;

impl From<CalendarEvent> for EventSummary {
    /// The programme's card of a date, from what the public may see of it.
    fn from(event: CalendarEvent) -> Self {
        Self {
            occurrence_id: event.occurrence_id,
            title: event.title,
            description: event.description,
            starts_local: event.starts_local,
            ends_local: event.ends_local,
            room_name: event.room_name,
            category: event.category,
        }
    }
}

/// The next dates of the programme, through the same public redaction as the
/// calendar, the feeds and the API: counselling shows only its neutral label,
/// private bookings and cancelled dates are left out.
#[server(endpoint = "calendar/upcoming_events")]
pub async fn upcoming_events() -> Result<Vec<EventSummary>, AppError> {
    use crate::kernel::request::{request_locale, respond};
    respond(ssr::upcoming(request_locale()).await)
}

/// The programme's next dates as HTML (the browser after creating a date).
#[server(endpoint = "calendar/programme_html")]
pub async fn programme_html() -> Result<crate::ui::server_html::ServerHtml, AppError> {
    use crate::kernel::request::{request_locale, respond};
    use crate::ui::server_html::ServerHtml;
    respond(
        ssr::programme_html(request_locale())
            .await
            .map(ServerHtml::to_send),
    )
}

/// The create form's rooms and categories, or `None` when the visitor may not
/// create events (the page then shows no form).
#[server(endpoint = "calendar/create_form_choices")]
pub async fn create_form_choices() -> Result<Option<EventFormChoices>, AppError> {
    use crate::accounts::permissions::can_create_event;
    use crate::kernel::request::respond;

    respond(
        async {
            match crate::accounts::api::ssr::signed_in().await? {
                Some(account) if can_create_event(&account.roles) => {
                    Ok(Some(ssr::form_choices().await?))
                }
                _ => Ok(None),
            }
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
pub mod ssr;

/// One date as the public calendar shows it, after privacy redaction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarEvent {
    pub occurrence_id: i64,
    pub series_id: i64,
    pub title: String,
    pub description: String,
    pub starts_local: NaiveDateTime,
    pub ends_local: NaiveDateTime,
    pub room_id: Option<i64>,
    pub room_name: Option<String>,
    pub category_slug: String,
    pub category: String,
    pub group_id: Option<i64>,
    pub group_name: Option<String>,
    pub exposure: Exposure,
    pub cancelled: bool,
    pub recurring: bool,
    pub audience: Vec<Audience>,
    pub languages: Vec<String>,
    pub price: Price,
    pub step_free: bool,
    pub accessibility: String,
    pub contact: String,
    pub seats: Option<i32>,
    pub seats_left: Option<i64>,
}

impl CalendarEvent {
    /// Only what a month cell shows (time, title, whether cancelled or only
    /// occupied, the link): the month view's data travels in every page as its
    /// hydration state, and its texts were the larger part of it.
    pub fn headline(self) -> Self {
        Self {
            description: String::new(),
            room_name: None,
            category_slug: String::new(),
            category: String::new(),
            group_name: None,
            audience: Vec::new(),
            languages: Vec::new(),
            accessibility: String::new(),
            contact: String::new(),
            ..self
        }
    }
}

/// A filter choice identified by a slug (categories).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlugChoice {
    pub slug: String,
    pub label: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilterChoices {
    pub categories: Vec<SlugChoice>,
    pub rooms: Vec<Choice>,
    pub groups: Vec<Choice>,
}

/// A day the house is closed or a public holiday, with its label.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayNote {
    pub date: NaiveDate,
    pub label: String,
    pub closed: bool,
}

/// Everything one calendar view shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarData {
    pub today: NaiveDate,
    pub first: NaiveDate,
    pub last: NaiveDate,
    pub events: Vec<CalendarEvent>,
    pub choices: FilterChoices,
    pub notes: Vec<DayNote>,
    /// The site's address, for the webcal subscription link.
    pub site_url: String,
}

#[server(endpoint = "calendar/view")]
pub async fn calendar_view(query: CalendarQuery) -> Result<CalendarData, AppError> {
    use crate::kernel::request::respond;
    respond(ssr::calendar_data(&query).await)
}

/// The calendar page's views for `query`, rendered on the server (the browser
/// navigating from one calendar address to the next).
#[server(endpoint = "calendar/html")]
pub async fn calendar_html(
    query: CalendarQuery,
) -> Result<crate::ui::server_html::ServerHtml, AppError> {
    use crate::kernel::request::respond;
    use crate::ui::server_html::ServerHtml;
    respond(ssr::calendar_html(&query).await.map(ServerHtml::to_send))
}

/// One date of a series, as the event page lists them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeriesDate {
    pub occurrence_id: i64,
    pub starts_local: NaiveDateTime,
    pub ends_local: NaiveDateTime,
    pub cancelled: bool,
}

/// The visitor's registration for a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyPlace {
    pub status: RegistrationStatus,
    pub position: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventPageData {
    pub event: CalendarEvent,
    pub next_dates: Vec<SeriesDate>,
    pub signed_in: bool,
    /// Whether the visitor may change the series (organisers and admins).
    pub can_edit: bool,
    pub my_place: Option<MyPlace>,
    pub waiting: i64,
    /// The site's public address, for the share link and OpenGraph tags.
    pub public_url: String,
}

#[server(endpoint = "calendar/event")]
pub async fn event_page(occurrence_id: i64) -> Result<EventPageData, AppError> {
    use crate::kernel::request::respond;
    respond(ssr::event_page_data(occurrence_id).await)
}

/// The signed-in account (401 without one, counted against the submission
/// limit) and the date it names; a forged or malformed id is a 404, never a 500.
#[cfg(feature = "ssr")]
async fn submitter_and_date(occurrence_id: &str) -> Result<(i64, i64), AppError> {
    let account = crate::accounts::api::ssr::signed_in()
        .await?
        .ok_or(AppError::Unauthorized)?;
    crate::accounts::api::ssr::limit_submissions(account.account_id).await?;
    let id = occurrence_id
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or(AppError::NotFound)?;
    Ok((account.account_id, id))
}

#[server(endpoint = "calendar/register")]
pub async fn register(occurrence_id: String) -> Result<MyPlace, AppError> {
    use crate::kernel::request::{db, respond};
    respond(
        async {
            let (account_id, occurrence_id) = submitter_and_date(&occurrence_id).await?;
            let place = db()?.register(occurrence_id, account_id).await?;
            Ok(MyPlace {
                status: place.status,
                position: place.position,
            })
        }
        .await,
    )
}

#[server(endpoint = "calendar/cancel_registration")]
pub async fn cancel_registration(occurrence_id: String) -> Result<(), AppError> {
    use crate::kernel::request::{db, respond};
    respond(
        async {
            let (account_id, occurrence_id) = submitter_and_date(&occurrence_id).await?;
            Ok(db()?.cancel_registration(occurrence_id, account_id).await?)
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
pub mod public;

/// The signed-in person's registrations and whether a private feed link exists.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyDatesData {
    pub dates: Vec<(CalendarEvent, MyPlace)>,
    pub has_feed: bool,
}

#[server(endpoint = "calendar/my")]
pub async fn my_calendar() -> Result<MyDatesData, AppError> {
    use crate::kernel::request::{db, request_locale, respond};
    respond(
        async {
            let account = crate::accounts::api::ssr::signed_in()
                .await?
                .ok_or(AppError::Unauthorized)?;
            let db = db()?;
            let locale = request_locale();
            let mut dates = Vec::new();
            for row in db.registered_rows(account.account_id).await? {
                let id = row.occurrence_id;
                let Some(event) = public::event(row, locale) else {
                    continue;
                };
                if let Some(place) = db.place(id, account.account_id).await? {
                    dates.push((
                        event,
                        MyPlace {
                            status: place.status,
                            position: place.position,
                        },
                    ));
                }
            }
            Ok(MyDatesData {
                dates,
                has_feed: db.has_feed_token(account.account_id).await?,
            })
        }
        .await,
    )
}

/// Makes a new private feed address (the old one stops working) and returns it once.
#[server(endpoint = "calendar/new_private_feed")]
pub async fn new_private_feed() -> Result<String, AppError> {
    use crate::accounts::api::ssr::{new_token, signed_in, token_hash};
    use crate::kernel::request::{db, respond, site_url};
    respond(
        async {
            let account = signed_in().await?.ok_or(AppError::Unauthorized)?;
            crate::accounts::api::ssr::limit_submissions(account.account_id).await?;
            let token = new_token();
            db()?
                .replace_feed_token(account.account_id, &token_hash(&token))
                .await?;
            Ok(format!("{}/feeds/private/{token}.ics", site_url()))
        }
        .await,
    )
}

#[server(endpoint = "calendar/revoke_private_feed")]
pub async fn revoke_private_feed() -> Result<(), AppError> {
    use crate::kernel::request::{db, respond};
    respond(
        async {
            let account = crate::accounts::api::ssr::signed_in()
                .await?
                .ok_or(AppError::Unauthorized)?;
            crate::accounts::api::ssr::limit_submissions(account.account_id).await?;
            Ok(db()?.revoke_feed_token(account.account_id).await?)
        }
        .await,
    )
}
