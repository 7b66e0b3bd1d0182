//! The rows the calendar reads, and how they turn into domain values.
use crate::calendar::query::Audience;
use crate::calendar::rules::{Price, SeriesDetails, Visibility};
use crate::calendar::status::{DateStatus, SeriesStatus};
use crate::kernel::time::HOUSE_ZONE;
use crate::series::recurrence::{Rule, Series};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use std::collections::BTreeSet;

/// Everything about a series except its dates, as stored.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SeriesDetailsRow {
    pub title: String,
    pub description: String,
    pub category_id: i64,
    pub group_id: Option<i64>,
    pub room_id: Option<i64>,
    pub audience: String,
    pub languages: String,
    pub price_kind: String,
    pub price_cents: Option<i32>,
    pub accessibility: String,
    pub contact: String,
    pub seats: Option<i32>,
    pub visibility: String,
    pub privacy: String,
}

impl SeriesDetailsRow {
    pub fn details(self) -> SeriesDetails {
        SeriesDetails {
            title: self.title,
            description: self.description,
            category_id: self.category_id,
            group_id: self.group_id,
            room_id: self.room_id,
            audience: Audience::parse_list(&self.audience),
            languages: self
                .languages
                .split(',')
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect(),
            price: Price::from_stored(&self.price_kind, self.price_cents),
            accessibility: self.accessibility,
            contact: self.contact,
            seats: self.seats,
            visibility: Visibility::from_code(&self.visibility),
            counselling: self.privacy == "counselling",
        }
    }
}

pub(crate) const CALENDAR_SELECT: &str = "select o.occurrence_id, o.series_id, o.starts_at, o.ends_at, o.status as occurrence_status,
        o.local_date, s.title, s.description, s.status as series_status, s.visibility, s.privacy,
        s.audience, s.languages, s.price_kind, s.price_cents, s.accessibility, s.contact, s.seats, s.rrule,
        o.room_id, r.name as room_name, r.features as room_features,
        c.slug as category_slug, c.name_de as category_de, c.name_en as category_en,
        s.group_id, g.name as group_name,
        (select count(*) from registration x where x.occurrence_id = o.occurrence_id and x.status = 'confirmed') as confirmed
     from occurrence o
     join event_series s on s.series_id = o.series_id
     join category c on c.category_id = s.category_id
     left join room r on r.room_id = o.room_id
     left join community_group g on g.group_id = s.group_id";

/// One occurrence with everything the calendar, the event page and the feeds show.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CalendarRow {
    pub occurrence_id: i64,
    pub series_id: i64,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    #[sqlx(try_from = "String")]
    pub occurrence_status: DateStatus,
    pub local_date: Option<String>,
    pub title: String,
    pub description: String,
    #[sqlx(try_from = "String")]
    pub series_status: SeriesStatus,
    #[sqlx(try_from = "String")]
    pub visibility: Visibility,
    pub privacy: String,
    pub audience: String,
    pub languages: String,
    pub price_kind: String,
    pub price_cents: Option<i32>,
    pub accessibility: String,
    pub contact: String,
    pub seats: Option<i32>,
    pub rrule: Option<String>,
    pub room_id: Option<i64>,
    pub room_name: Option<String>,
    pub room_features: Option<String>,
    pub category_slug: String,
    pub category_de: String,
    pub category_en: String,
    pub group_id: Option<i64>,
    pub group_name: Option<String>,
    pub confirmed: i64,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SeriesDateRow {
    pub occurrence_id: i64,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    #[sqlx(try_from = "String")]
    pub status: DateStatus,
}

/// How a series is defined, as stored.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SeriesDefinitionRow {
    pub house_id: i64,
    pub room_id: Option<i64>,
    pub starts_local: Option<String>,
    pub duration_minutes: Option<i32>,
    pub rrule: Option<String>,
    pub skip_public_holidays: bool,
    pub skip_school_holidays: bool,
    pub materialised_until: Option<String>,
}

impl SeriesDefinitionRow {
    /// The series in domain terms; `None` for an event stored before series existed.
    pub fn series(&self, marked: &[(String, String)]) -> Option<Series> {
        let first_start =
            NaiveDateTime::parse_from_str(self.starts_local.as_deref()?, "%Y-%m-%dT%H:%M").ok()?;
        let rule = match &self.rrule {
            Some(text) => Some(Rule::parse_rrule(text, HOUSE_ZONE).ok()?),
            None => None,
        };
        let dates_of = |kind: &str| {
            marked
                .iter()
                .filter(|(_, k)| k == kind)
                .filter_map(|(d, _)| parse_date(d))
                .collect::<BTreeSet<_>>()
        };
        Some(Series {
            first_start,
            duration_minutes: i64::from(self.duration_minutes?),
            rule,
            exceptions: dates_of("exception"),
            restored: dates_of("restored"),
            skip_public_holidays: self.skip_public_holidays,
            skip_school_holidays: self.skip_school_holidays,
        })
    }
}

/// A series as the feeds publish it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct FeedSeriesRow {
    pub series_id: i64,
    pub starts_local: Option<String>,
    pub duration_minutes: Option<i32>,
    pub rrule: Option<String>,
    pub skip_public_holidays: bool,
    pub skip_school_holidays: bool,
    pub house_id: i64,
    pub materialised_until: Option<String>,
}

impl FeedSeriesRow {
    pub fn definition(&self) -> SeriesDefinitionRow {
        SeriesDefinitionRow {
            house_id: self.house_id,
            room_id: None,
            starts_local: self.starts_local.clone(),
            duration_minutes: self.duration_minutes,
            rrule: self.rrule.clone(),
            skip_public_holidays: self.skip_public_holidays,
            skip_school_holidays: self.skip_school_holidays,
            materialised_until: self.materialised_until.clone(),
        }
    }
}

pub fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

pub(crate) fn parse_dates(texts: &[String]) -> BTreeSet<NaiveDate> {
    texts.iter().filter_map(|t| parse_date(t)).collect()
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct UpcomingRow {
    pub occurrence_id: i64,
    pub title: String,
    pub description: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub room_name: Option<String>,
    pub category_de: String,
    pub category_en: String,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct RoomRow {
    pub room_id: i64,
    pub house_id: i64,
    pub name: String,
    pub capacity: i32,
    pub features: String,
    pub resident_bookable: bool,
    pub buffer_before_minutes: i32,
    pub buffer_after_minutes: i32,
    pub colour: String,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CategoryRow {
    pub category_id: i64,
    pub slug: String,
    pub name_de: String,
    pub name_en: String,
}
