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
pub mod ssr {
    use super::{
        CalendarData, CalendarQuery, Choice, DayNote, EventFormChoices, EventPageData,
        EventSummary, FilterChoices, MyPlace, SeriesDate, SlugChoice, UPCOMING_LIMIT, public,
    };
    use crate::calendar::holidays::{PublicHoliday, is_public_holiday_nrw};
    use crate::calendar::rules::Exposure;
    use crate::calendar::status::DateStatus;
    use crate::i18n::{Locale, Msg, category_label, sort_key};
    use crate::kernel::cache::{TtlMap, Writes};
    use crate::kernel::error::AppError;
    use crate::kernel::request::{app_context, db, request_locale, site_url};
    use crate::kernel::time::{HOUSE_ZONE, utc_to_local};
    use crate::series::recurrence::resolve_local;
    use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

    /// Rooms and categories for the create form, labelled in the visitor's language.
    pub async fn form_choices() -> Result<EventFormChoices, AppError> {
        let db = db()?;
        let locale = request_locale();
        let mut rooms: Vec<Choice> = db
            .rooms()
            .await?
            .into_iter()
            .map(|r| Choice {
                id: r.room_id,
                label: Msg::RoomWithCapacity.count(
                    locale,
                    u64::try_from(r.capacity).unwrap_or(0),
                    &[("room", &r.name)],
                ),
            })
            .collect();
        rooms.sort_by_cached_key(|c| sort_key(&c.label));
        let mut categories: Vec<Choice> = db
            .categories()
            .await?
            .into_iter()
            .map(|c| Choice {
                id: c.category_id,
                label: category_label(locale, &c.slug, &c.name_de),
            })
            .collect();
        categories.sort_by_cached_key(|c| sort_key(&c.label));
        Ok(EventFormChoices { rooms, categories })
    }

    /// Rooms, categories and groups for the calendar's filters.
    pub async fn filter_choices() -> Result<FilterChoices, AppError> {
        let db = db()?;
        let locale = request_locale();
        let mut categories: Vec<SlugChoice> = db
            .categories()
            .await?
            .into_iter()
            .filter(|c| c.slug != "private-use")
            .map(|c| SlugChoice {
                label: category_label(locale, &c.slug, &c.name_de),
                slug: c.slug,
            })
            .collect();
        categories.sort_by_cached_key(|c| sort_key(&c.label));
        let rooms = db
            .rooms()
            .await?
            .into_iter()
            .map(|r| Choice {
                id: r.room_id,
                label: r.name,
            })
            .collect();
        let groups = db
            .groups()
            .await?
            .into_iter()
            .map(|(id, label)| Choice { id, label })
            .collect();
        Ok(FilterChoices {
            categories,
            rooms,
            groups,
        })
    }

    pub fn today() -> NaiveDate {
        crate::kernel::clock::today()
    }

    /// The instants that bound the local days `first..=last`.
    pub fn day_bounds(first: NaiveDate, last: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
        let start = resolve_local(first.and_time(NaiveTime::MIN), HOUSE_ZONE);
        let end = resolve_local(
            last.succ_opt().unwrap_or(last).and_time(NaiveTime::MIN),
            HOUSE_ZONE,
        );
        (start, end)
    }

    /// What is the same for every visitor, kept as long as the page cache keeps
    /// pages (see `kernel::cache`): signed-in visitors get their pages rendered
    /// afresh, but not the public data in them read afresh.
    #[derive(Debug)]
    pub struct PublicData {
        calendar: TtlMap<CalendarData>,
        upcoming: TtlMap<Vec<EventSummary>>,
        writes: Writes,
    }

    impl PublicData {
        pub fn new(ttl: std::time::Duration) -> Self {
            let writes = Writes::default();
            Self {
                calendar: TtlMap::new(ttl, writes.clone()),
                upcoming: TtlMap::new(ttl, writes.clone()),
                writes,
            }
        }

        /// The count of writes that make these copies stale.
        pub fn writes(&self) -> Writes {
            self.writes.clone()
        }
    }

    /// The programme's next dates in the visitor's language.
    pub async fn upcoming(locale: Locale) -> Result<Vec<EventSummary>, AppError> {
        let public = app_context()?.public;
        let key = locale.code().to_owned();
        let events = public
            .upcoming
            .get_or_load(key, || load_upcoming(locale))
            .await?;
        Ok(events.as_ref().clone())
    }

    async fn load_upcoming(locale: Locale) -> Result<Vec<EventSummary>, AppError> {
        let db = db()?;
        let now = crate::db::now();
        // The store's list only says how far the next dates reach: its rows
        // lack what the redaction needs, so the dates themselves are read as
        // calendar rows over that window and pass `public::event` like every
        // other public listing.
        let Some(last) = db.upcoming_events(now, UPCOMING_LIMIT).await?.pop() else {
            return Ok(Vec::new());
        };
        let until = last.starts_at + chrono::Duration::seconds(1);
        Ok(db
            .calendar_rows(now, until)
            .await?
            .into_iter()
            .filter_map(|row| public::event(row, locale))
            .filter(|e| e.exposure != Exposure::Occupied && !e.cancelled)
            .take(usize::try_from(UPCOMING_LIMIT).unwrap_or(usize::MAX))
            .map(EventSummary::from)
            .collect())
    }

    pub async fn calendar_data(query: &CalendarQuery) -> Result<CalendarData, AppError> {
        let locale = request_locale();
        let today = today();
        let key = format!("{}|{today}|{}", locale.code(), query.to_query_string());
        let public = app_context()?.public;
        let data = public
            .calendar
            .get_or_load(key, || load_calendar_data(query, locale, today))
            .await?;
        Ok(data.as_ref().clone())
    }

    async fn load_calendar_data(
        query: &CalendarQuery,
        locale: Locale,
        today: NaiveDate,
    ) -> Result<CalendarData, AppError> {
        let (first, last) = query.range(today);
        let (from, to) = day_bounds(first, last);
        let db = db()?;
        let rows = db.calendar_rows(from, to).await?;
        let month = query.view == crate::calendar::query::View::Month;
        let events = rows
            .into_iter()
            .filter_map(|row| public::event(row, locale))
            .filter(|e| public::passes(&query.filter, e))
            .map(|e| if month { e.headline() } else { e })
            .collect();
        let mut notes: Vec<DayNote> = db
            .closures()
            .await?
            .into_iter()
            .filter(|(d, _)| (first..=last).contains(d))
            .map(|(date, _)| DayNote {
                date,
                label: Msg::HouseClosed.text(locale).to_owned(),
                closed: true,
            })
            .collect();
        for date in first.iter_days().take_while(|d| *d <= last) {
            if let Some(holiday) = is_public_holiday_nrw(date) {
                notes.push(DayNote {
                    date,
                    label: holiday_name(holiday).text(locale).to_owned(),
                    closed: false,
                });
            }
        }
        notes.sort_by_key(|n| n.date);
        Ok(CalendarData {
            today,
            first,
            last,
            events,
            choices: filter_choices().await?,
            notes,
            site_url: site_url(),
        })
    }

    pub async fn event_page_data(occurrence_id: i64) -> Result<EventPageData, AppError> {
        let locale = request_locale();
        let db = db()?;
        let row = db
            .calendar_row(occurrence_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let event = public::event(row, locale)
            .filter(|e| e.exposure != Exposure::Occupied)
            .ok_or(AppError::NotFound)?;
        let next_dates = db
            .series_dates(event.series_id, crate::db::now(), 8)
            .await?
            .into_iter()
            .map(|d| SeriesDate {
                occurrence_id: d.occurrence_id,
                starts_local: utc_to_local(d.starts_at, HOUSE_ZONE),
                ends_local: utc_to_local(d.ends_at, HOUSE_ZONE),
                cancelled: d.status != DateStatus::Scheduled,
            })
            .collect();
        let account = crate::accounts::api::ssr::signed_in().await?;
        let my_place = match &account {
            Some(account) => db
                .place(occurrence_id, account.account_id)
                .await?
                .map(|p| MyPlace {
                    status: p.status,
                    position: p.position,
                }),
            None => None,
        };
        let (_, waiting) = db.registration_counts(occurrence_id).await?;
        // The editor's own rule, so an organiser of another group sees no link
        // that would end in a refusal.
        let can_edit = match &account {
            Some(a) if crate::accounts::permissions::can_create_event(&a.roles) => {
                use crate::series::api::ssr::{Target, may_change};
                may_change(a, Target::Date(occurrence_id)).await.is_ok()
            }
            _ => false,
        };
        Ok(EventPageData {
            event,
            next_dates,
            signed_in: account.is_some(),
            can_edit,
            my_place,
            waiting,
            public_url: site_url(),
        })
    }

    pub fn holiday_name(holiday: PublicHoliday) -> Msg {
        match holiday {
            PublicHoliday::NewYear => Msg::HolidayNewYear,
            PublicHoliday::GoodFriday => Msg::HolidayGoodFriday,
            PublicHoliday::EasterMonday => Msg::HolidayEasterMonday,
            PublicHoliday::LabourDay => Msg::HolidayLabourDay,
            PublicHoliday::Ascension => Msg::HolidayAscension,
            PublicHoliday::WhitMonday => Msg::HolidayWhitMonday,
            PublicHoliday::CorpusChristi => Msg::HolidayCorpusChristi,
            PublicHoliday::GermanUnity => Msg::HolidayGermanUnity,
            PublicHoliday::AllSaints => Msg::HolidayAllSaints,
            PublicHoliday::ChristmasDay => Msg::HolidayChristmasDay,
            PublicHoliday::BoxingDay => Msg::HolidayBoxingDay,
        }
    }
}

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
pub mod public {
    //! The public face of stored rows: what anyone may see of an event. Used by
    //! the pages, the feeds and the JSON API alike.
    use super::CalendarEvent;
    use crate::calendar::query::{Audience, Facts, Filter};
    use crate::calendar::rules::{Exposure, Price};
    use crate::calendar::status::{DateStatus, SeriesStatus};
    use crate::calendar::store::CalendarRow;
    use crate::i18n::{Locale, Msg, category_label};
    use crate::kernel::time::{HOUSE_ZONE, utc_to_local};

    /// The row as the public may see it, or `None` if it must stay hidden.
    pub fn event(row: CalendarRow, locale: Locale) -> Option<CalendarEvent> {
        let exposure = Exposure::of(row.visibility, row.privacy == "counselling")?;
        let full = exposure == Exposure::Full;
        let (title, category_slug, category) = match exposure {
            Exposure::Full => {
                let category = category_label(locale, &row.category_slug, &row.category_de);
                (row.title, row.category_slug, category)
            }
            Exposure::Counselling => (
                Msg::CounsellingLabel.text(locale).to_owned(),
                String::new(),
                Msg::CounsellingLabel.text(locale).to_owned(),
            ),
            Exposure::Occupied => (
                Msg::OccupiedLabel.text(locale).to_owned(),
                String::new(),
                Msg::OccupiedLabel.text(locale).to_owned(),
            ),
        };
        let step_free = row
            .room_features
            .as_deref()
            .is_some_and(|f| f.split(',').any(|x| x == "step_free"));
        let seats_left = row
            .seats
            .map(|s| (i64::from(s) - row.confirmed).max(0))
            .filter(|_| full);
        Some(CalendarEvent {
            occurrence_id: row.occurrence_id,
            series_id: row.series_id,
            title,
            description: if full { row.description } else { String::new() },
            starts_local: utc_to_local(row.starts_at, HOUSE_ZONE),
            ends_local: utc_to_local(row.ends_at, HOUSE_ZONE),
            room_id: row.room_id,
            room_name: row.room_name,
            category_slug,
            category,
            group_id: row.group_id.filter(|_| full),
            group_name: row.group_name.filter(|_| full),
            exposure,
            cancelled: row.occurrence_status != DateStatus::Scheduled
                || row.series_status == SeriesStatus::Cancelled,
            recurring: row.rrule.is_some(),
            audience: if full {
                Audience::parse_list(&row.audience)
            } else {
                Vec::new()
            },
            languages: if full {
                row.languages
                    .split(',')
                    .filter(|l| !l.is_empty())
                    .map(str::to_owned)
                    .collect()
            } else {
                Vec::new()
            },
            price: if full {
                Price::from_stored(&row.price_kind, row.price_cents)
            } else {
                Price::Free
            },
            step_free,
            accessibility: if full {
                row.accessibility
            } else {
                String::new()
            },
            contact: if full { row.contact } else { String::new() },
            seats: row.seats.filter(|_| full),
            seats_left,
        })
    }

    /// Whether the public event passes the filter (judged on what the public sees).
    pub fn passes(filter: &Filter, event: &CalendarEvent) -> bool {
        filter.matches(&Facts {
            category_slug: &event.category_slug,
            audience: &event.audience,
            room_id: event.room_id,
            group_id: event.group_id,
            languages: &event.languages,
            free: event.price.is_free(),
            step_free: event.step_free,
            title: &event.title,
            description: &event.description,
        })
    }
}

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
