//! Server-side reads behind the calendar's functions, and the cached public data.
use super::{
    CalendarData, CalendarQuery, Choice, DayNote, EventFormChoices, EventPageData, EventSummary,
    FilterChoices, MyPlace, SeriesDate, SlugChoice, UPCOMING_LIMIT, public,
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
use std::sync::Arc;

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
    /// The calendar's views rendered from `calendar` (see `ui::server_html`).
    calendar_html: TtlMap<Arc<str>>,
    upcoming: TtlMap<Vec<EventSummary>>,
    /// The programme list rendered from `upcoming`.
    programme_html: TtlMap<Arc<str>>,
    writes: Writes,
}

impl PublicData {
    pub fn new(ttl: std::time::Duration) -> Self {
        let writes = Writes::default();
        Self {
            calendar: TtlMap::new(ttl, writes.clone()),
            calendar_html: TtlMap::new(ttl, writes.clone()),
            upcoming: TtlMap::new(ttl, writes.clone()),
            programme_html: TtlMap::new(ttl, writes.clone()),
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

/// The programme's next dates as HTML in the visitor's language, kept like them.
pub async fn programme_html(locale: Locale) -> Result<Arc<str>, AppError> {
    let public = app_context()?.public;
    let html = public
        .programme_html
        .get_or_load(locale.code().to_owned(), || async {
            let events = upcoming(locale).await?;
            let html = crate::calendar::ui::programme_list::render(events);
            Ok::<_, AppError>(Arc::<str>::from(html))
        })
        .await?;
    Ok(html.as_ref().clone())
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
    let data = kept_calendar_data(query, request_locale(), today()).await?;
    Ok(data.as_ref().clone())
}

/// What a calendar view shows depends on: the visitor's language, today and the query.
fn calendar_key(query: &CalendarQuery, locale: Locale, today: NaiveDate) -> String {
    format!("{}|{today}|{}", locale.code(), query.to_query_string())
}

async fn kept_calendar_data(
    query: &CalendarQuery,
    locale: Locale,
    today: NaiveDate,
) -> Result<Arc<CalendarData>, AppError> {
    let public = app_context()?.public;
    public
        .calendar
        .get_or_load(calendar_key(query, locale, today), || {
            load_calendar_data(query, locale, today)
        })
        .await
}

/// The calendar page's views for `query` as HTML, rendered once from the kept
/// public data and kept as long: a signed-in page renders only its own frame.
pub async fn calendar_html(query: &CalendarQuery) -> Result<Arc<str>, AppError> {
    let (locale, today) = (request_locale(), today());
    let public = app_context()?.public;
    let html = public
        .calendar_html
        .get_or_load(calendar_key(query, locale, today), || async {
            // The views and the data they show are read for one and the same day.
            let data = kept_calendar_data(query, locale, today).await?;
            let data = data.as_ref().clone();
            let html = crate::calendar::ui::views::body::render(query.clone(), data);
            Ok::<_, AppError>(Arc::<str>::from(html))
        })
        .await?;
    Ok(html.as_ref().clone())
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
