//! Houses, rooms, categories and events as the calendar reads and writes them.
use super::{Backend, Db, StoreResult, instant, on_db};
use crate::domain::calendar::{NewEvent, Price, RoomBuffers, SeriesDetails, TimeSlot, Visibility};
use crate::domain::calendar_query::Audience;
use crate::domain::recurrence::{Occurrence, Rule, Series, horizon};
use crate::domain::series_edit::{collides_with, overlaps_itself};
use crate::domain::time::HOUSE_ZONE;
use crate::error::{AppError, FieldError};
use crate::i18n::{Msg, machine_date, machine_date_time};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use std::collections::BTreeSet;

/// Uses of a room that block it: scheduled dates of series that are not cancelled,
/// overlapping `[$3, $2)`.
pub(crate) const OCCUPIED_SQL: &str = "select o.starts_at, o.ends_at from occurrence o
     join event_series s on s.series_id = o.series_id
     where o.room_id = $1 and o.status = 'scheduled' and s.status <> 'cancelled'
       and o.starts_at < $2 and o.ends_at > $3";

/// Reads a room's house and buffers, and on PostgreSQL locks its row until commit.
pub(crate) fn lock_room_sql(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => {
            "select house_id, buffer_before_minutes, buffer_after_minutes from room where room_id = $1"
        }
        Backend::Postgres => {
            "select house_id, buffer_before_minutes, buffer_after_minutes from room where room_id = $1 for update"
        }
    }
}

/// The uses of a room that could block `$slots` (buffers included), read in the
/// open transaction with `$sql`: `OCCUPIED_SQL`, perhaps narrowed by `$exclude` binds.
macro_rules! room_uses {
    ($tx:expr, $sql:expr, $room_id:expr, $buffers:expr, $slots:expr $(, $exclude:expr)*) => {{
        use $crate::domain::calendar::{TimeSlot, collision_bounds};
        let slots: &[TimeSlot] = $slots;
        match (slots.iter().map(|s| s.starts_at).min(), slots.iter().map(|s| s.ends_at).max()) {
            (Some(starts_at), Some(ends_at)) => {
                let bounds = collision_bounds(TimeSlot { starts_at, ends_at }, $buffers);
                let rows: Vec<(chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>)> =
                    sqlx::query_as($sql)
                        .bind($room_id)
                        .bind($crate::store::instant(bounds.ends_at))
                        .bind($crate::store::instant(bounds.starts_at))
                        $(.bind($exclude))*
                        .fetch_all(&mut *$tx)
                        .await?;
                rows.into_iter()
                    .map(|(starts_at, ends_at)| TimeSlot { starts_at, ends_at })
                    .collect::<Vec<TimeSlot>>()
            }
            _ => Vec::new(),
        }
    }};
}
pub(crate) use room_uses;

/// A house's closure days, read with `$executor` (a pool or an open transaction).
macro_rules! house_closures {
    ($executor:expr, $house_id:expr) => {{
        let dates: Vec<String> =
            sqlx::query_scalar("select local_date from closure where house_id = $1")
                .bind($house_id)
                .fetch_all($executor)
                .await?;
        $crate::store::calendar::parse_dates(&dates)
    }};
}
pub(crate) use house_closures;

/// A series' exception and restored dates, as `(local date, kind)`.
macro_rules! series_marks_of {
    ($executor:expr, $series_id:expr) => {{
        let marks: Vec<(String, String)> =
            sqlx::query_as("select local_date, kind from series_date where series_id = $1")
                .bind($series_id)
                .fetch_all($executor)
                .await?;
        marks
    }};
}
pub(crate) use series_marks_of;

/// How a series is defined, by its id.
macro_rules! series_definition_select {
    () => {
        "select house_id, room_id, starts_local, duration_minutes, rrule, skip_public_holidays,
                skip_school_holidays, materialised_until
         from event_series where series_id = $1"
    };
}

/// Reads a series' definition, and on PostgreSQL locks its row until commit.
pub(crate) fn lock_series_sql(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => series_definition_select!(),
        Backend::Postgres => concat!(series_definition_select!(), " for update"),
    }
}

pub(crate) const SERIES_DEFINITION_SQL: &str = series_definition_select!();

pub(crate) const SERIES_DETAILS_SQL: &str =
    "select title, description, category_id, group_id, room_id, audience, languages,
        price_kind, price_cents, accessibility, contact, seats, visibility, privacy
     from event_series where series_id = $1";

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
    pub occurrence_status: String,
    pub local_date: Option<String>,
    pub title: String,
    pub description: String,
    pub series_status: String,
    pub visibility: String,
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

/// One series with its dates in a window packed as
/// `id,starts_epoch,ends_epoch,status,local_date,room_id` joined by `;`.
#[derive(sqlx::FromRow)]
struct FeedSeriesDatesRow {
    series_id: i64,
    title: String,
    description: String,
    series_status: String,
    visibility: String,
    privacy: String,
    audience: String,
    languages: String,
    price_kind: String,
    price_cents: Option<i32>,
    accessibility: String,
    contact: String,
    seats: Option<i32>,
    rrule: Option<String>,
    category_slug: String,
    category_de: String,
    category_en: String,
    group_id: Option<i64>,
    group_name: Option<String>,
    dates: String,
}

fn feed_dates_sql(backend: Backend) -> String {
    let (epoch_start, epoch_end, aggregate) = match backend {
        Backend::Sqlite => (
            "strftime('%s', o.starts_at)",
            "strftime('%s', o.ends_at)",
            "group_concat",
        ),
        Backend::Postgres => (
            "cast(extract(epoch from o.starts_at) as bigint)",
            "cast(extract(epoch from o.ends_at) as bigint)",
            "string_agg",
        ),
    };
    format!(
        "select s.series_id, s.title, s.description, s.status as series_status, s.visibility, s.privacy,
                s.audience, s.languages, s.price_kind, s.price_cents, s.accessibility, s.contact, s.seats, s.rrule,
                c.slug as category_slug, c.name_de as category_de, c.name_en as category_en,
                s.group_id, g.name as group_name,
                {aggregate}(cast(o.occurrence_id as text) || ',' || {epoch_start} || ',' || {epoch_end} || ',' || o.status
                            || ',' || coalesce(o.local_date, '') || ',' || coalesce(cast(o.room_id as text), ''), ';') as dates
         from occurrence o
         join event_series s on s.series_id = o.series_id
         join category c on c.category_id = s.category_id
         left join community_group g on g.group_id = s.group_id
         where s.visibility in ('public', 'private') and s.status in ('published', 'cancelled')
           and o.starts_at < $2 and o.ends_at > $1
         group by s.series_id, c.category_id, g.group_id"
    )
}

/// Unpacks [`FeedSeriesDatesRow`]s into calendar rows (without registration
/// counts), soonest first like [`Db::calendar_rows`].
fn unpack_feed_rows(
    series: Vec<FeedSeriesDatesRow>,
    rooms: &[(i64, String, String)],
) -> Vec<CalendarRow> {
    let mut rows = Vec::new();
    for s in series {
        for date in s.dates.split(';') {
            let mut fields = date.split(',');
            let mut next = || fields.next().unwrap_or_default();
            let (id, starts, ends, status, local_date, room) =
                (next(), next(), next(), next(), next(), next());
            let instant = |epoch: &str| {
                epoch
                    .parse()
                    .ok()
                    .and_then(|e| DateTime::from_timestamp(e, 0))
            };
            let (Ok(occurrence_id), Some(starts_at), Some(ends_at)) =
                (id.parse(), instant(starts), instant(ends))
            else {
                tracing::error!(series_id = s.series_id, date, "unreadable packed date");
                continue;
            };
            let room_id = room.parse::<i64>().ok();
            let room = room_id.and_then(|id| rooms.iter().find(|r| r.0 == id));
            rows.push(CalendarRow {
                occurrence_id,
                series_id: s.series_id,
                starts_at,
                ends_at,
                occurrence_status: status.to_owned(),
                local_date: (!local_date.is_empty()).then(|| local_date.to_owned()),
                title: s.title.clone(),
                description: s.description.clone(),
                series_status: s.series_status.clone(),
                visibility: s.visibility.clone(),
                privacy: s.privacy.clone(),
                audience: s.audience.clone(),
                languages: s.languages.clone(),
                price_kind: s.price_kind.clone(),
                price_cents: s.price_cents,
                accessibility: s.accessibility.clone(),
                contact: s.contact.clone(),
                seats: s.seats,
                rrule: s.rrule.clone(),
                room_id,
                room_name: room.map(|r| r.1.clone()),
                room_features: room.map(|r| r.2.clone()),
                category_slug: s.category_slug.clone(),
                category_de: s.category_de.clone(),
                category_en: s.category_en.clone(),
                group_id: s.group_id,
                group_name: s.group_name.clone(),
                confirmed: 0,
            });
        }
    }
    rows.sort_by_key(|r| (r.starts_at, r.occurrence_id));
    rows
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SeriesDateRow {
    pub occurrence_id: i64,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub status: String,
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

pub struct CreatedSeries {
    pub series_id: i64,
    pub first_occurrence_id: i64,
    pub dates: usize,
}

pub fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

pub(crate) fn parse_dates(texts: &[String]) -> BTreeSet<NaiveDate> {
    texts.iter().filter_map(|t| parse_date(t)).collect()
}

/// Binds a series' audience, languages, price kind, price in cents, accessibility
/// notes and contact, in this order: the columns creating and changing a series write.
macro_rules! bind_detail_columns {
    ($query:expr, $details:expr) => {{
        let details: &$crate::domain::calendar::SeriesDetails = $details;
        let audience: Vec<&str> = details.audience.iter().map(|a| a.code()).collect();
        $query
            .bind(audience.join(","))
            .bind(details.languages.join(","))
            .bind(details.price.kind_code())
            .bind(details.price.cents())
            .bind(details.accessibility.clone())
            .bind(details.contact.clone())
    }};
}
pub(crate) use bind_detail_columns;

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

/// What a new room needs; ids and timestamps come from the database.
pub struct NewRoom<'a> {
    pub name: &'a str,
    pub capacity: i32,
    pub features: &'a [&'a str],
    pub resident_bookable: bool,
    pub buffers: RoomBuffers,
    pub colour: &'a str,
}

impl Db {
    /// Public, published, not cancelled occurrences that have not ended yet, soonest first.
    pub async fn upcoming_events(
        &self,
        from: DateTime<Utc>,
        limit: i64,
    ) -> StoreResult<Vec<UpcomingRow>> {
        on_db!(self, pool => {
            Ok(sqlx::query_as::<_, UpcomingRow>(
                "select o.occurrence_id, s.title, s.description, o.starts_at, o.ends_at,
                        r.name as room_name, c.name_de as category_de, c.name_en as category_en
                 from occurrence o
                 join event_series s on s.series_id = o.series_id
                 join category c on c.category_id = s.category_id
                 left join room r on r.room_id = o.room_id
                 where s.visibility = 'public' and s.status = 'published' and o.status = 'scheduled'
                   and o.ends_at > $1
                 order by o.starts_at, o.occurrence_id
                 limit $2",
            )
            .bind(instant(from))
            .bind(limit)
            .fetch_all(pool)
            .await?)
        })
    }

    pub async fn rooms(&self) -> StoreResult<Vec<RoomRow>> {
        on_db!(self, pool => {
            Ok(sqlx::query_as::<_, RoomRow>(
                "select room_id, house_id, name, capacity, features, resident_bookable,
                        buffer_before_minutes, buffer_after_minutes, colour
                 from room order by name",
            )
            .fetch_all(pool)
            .await?)
        })
    }

    pub async fn categories(&self) -> StoreResult<Vec<CategoryRow>> {
        on_db!(self, pool => {
            Ok(sqlx::query_as::<_, CategoryRow>("select category_id, slug, name_de, name_en from category order by name_de")
                .fetch_all(pool)
                .await?)
        })
    }

    pub async fn create_house(&self, name: &str, address: &str) -> StoreResult<i64> {
        on_db!(self, pool => {
            Ok(sqlx::query_scalar("insert into house (name, address) values ($1, $2) returning house_id")
                .bind(name)
                .bind(address)
                .fetch_one(pool)
                .await?)
        })
    }

    pub async fn create_room(&self, house_id: i64, room: &NewRoom<'_>) -> StoreResult<i64> {
        on_db!(self, pool => {
            Ok(sqlx::query_scalar(
                "insert into room (house_id, name, capacity, features, resident_bookable,
                                   buffer_before_minutes, buffer_after_minutes, colour)
                 values ($1, $2, $3, $4, $5, $6, $7, $8) returning room_id",
            )
            .bind(house_id)
            .bind(room.name)
            .bind(room.capacity)
            .bind(room.features.join(","))
            .bind(room.resident_bookable)
            .bind(room.buffers.before_minutes)
            .bind(room.buffers.after_minutes)
            .bind(room.colour)
            .fetch_one(pool)
            .await?)
        })
    }

    pub async fn create_category(
        &self,
        slug: &str,
        name_de: &str,
        name_en: &str,
    ) -> StoreResult<i64> {
        on_db!(self, pool => {
            Ok(sqlx::query_scalar("insert into category (slug, name_de, name_en) values ($1, $2, $3) returning category_id")
                .bind(slug)
                .bind(name_de)
                .bind(name_en)
                .fetch_one(pool)
                .await?)
        })
    }

    pub async fn create_group(
        &self,
        house_id: i64,
        name: &str,
        description: &str,
    ) -> StoreResult<i64> {
        on_db!(self, pool => {
            Ok(sqlx::query_scalar(
                "insert into community_group (house_id, name, description) values ($1, $2, $3) returning group_id",
            )
            .bind(house_id)
            .bind(name)
            .bind(description)
            .fetch_one(pool)
            .await?)
        })
    }

    pub async fn add_group_member(&self, group_id: i64, account_id: i64) -> StoreResult<()> {
        on_db!(self, pool => {
            sqlx::query("insert into group_member (group_id, account_id) values ($1, $2) on conflict do nothing")
                .bind(group_id)
                .bind(account_id)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    /// Creates a single-date event, as a series of one date.
    pub async fn create_event(
        &self,
        event: &NewEvent,
        created_by: Option<i64>,
    ) -> StoreResult<i64> {
        let details = SeriesDetails::simple(
            &event.title,
            &event.description,
            event.category_id,
            event.room_id,
        );
        let series = Series {
            first_start: event.starts_local,
            duration_minutes: (event.slot.ends_at - event.slot.starts_at).num_minutes(),
            rule: None,
            exceptions: BTreeSet::new(),
            restored: BTreeSet::new(),
            skip_public_holidays: false,
            skip_school_holidays: false,
        };
        let created = self
            .create_series(&details, &series, created_by, event.starts_local.date())
            .await?;
        Ok(created.first_occurrence_id)
    }

    /// Creates a series and stores its occurrences up to the horizon, or refuses
    /// it at the field: an unknown room, category or group, a rule without dates,
    /// or a room already taken at one of its dates (buffers included). The room's
    /// row is locked first, so concurrent requests for one room, on one server or
    /// many, are decided one after the other.
    pub async fn create_series(
        &self,
        details: &SeriesDetails,
        series: &Series,
        created_by: Option<i64>,
        today: NaiveDate,
    ) -> StoreResult<CreatedSeries> {
        let series = &series.anchored();
        let until = horizon(today.max(series.first_start.date()));
        let begin = self.begin_write_sql();
        on_db!(self, pool, backend => {
            let mut tx = pool.begin_with(begin).await?;
            let room: Option<(i64, i32, i32)> = match details.room_id {
                Some(room_id) => sqlx::query_as(lock_room_sql(backend))
                    .bind(room_id)
                    .fetch_optional(&mut *tx)
                    .await?,
                None => None,
            };
            let category: Option<i64> = sqlx::query_scalar("select category_id from category where category_id = $1")
                .bind(details.category_id)
                .fetch_optional(&mut *tx)
                .await?;
            let group_house: Option<i64> = match details.group_id {
                Some(group_id) => sqlx::query_scalar("select house_id from community_group where group_id = $1")
                    .bind(group_id)
                    .fetch_optional(&mut *tx)
                    .await?,
                None => None,
            };
            let mut errors = Vec::new();
            if details.room_id.is_some() && room.is_none() {
                errors.push(FieldError::new("room_id", Msg::RoomUnknown));
            }
            if category.is_none() {
                errors.push(FieldError::new("category_id", Msg::CategoryUnknown));
            }
            if details.group_id.is_some() && group_house.is_none() {
                errors.push(FieldError::new("group_id", Msg::GroupUnknown));
            }
            if !errors.is_empty() {
                return Err(AppError::Invalid(errors).into());
            }
            let house_id: i64 = match room.map(|r| r.0).or(group_house) {
                Some(id) => id,
                None => sqlx::query_scalar("select house_id from house order by house_id limit 1")
                    .fetch_optional(&mut *tx)
                    .await?
                    .ok_or(AppError::invalid("room_id", Msg::RoomRequired))?,
            };
            let closures = house_closures!(&mut *tx, house_id);
            let occurrences: Vec<Occurrence> = series
                .expand(series.first_start.date(), until, &closures)
                .into_iter()
                .filter(|o| o.skipped.is_none())
                .collect();
            if occurrences.is_empty() {
                return Err(AppError::invalid("repeat", Msg::RecurrenceNoDates).into());
            }
            if let Some((room_id, before_minutes, after_minutes)) = details.room_id.zip(room).map(|(id, r)| (id, r.1, r.2)) {
                let buffers = RoomBuffers { before_minutes, after_minutes };
                let slots: Vec<TimeSlot> = occurrences.iter().map(|o| TimeSlot { starts_at: o.starts_at, ends_at: o.ends_at }).collect();
                if overlaps_itself(&slots, buffers) {
                    return Err(AppError::invalid("ends_at", Msg::SeriesOverlapsItself).into());
                }
                let taken = room_uses!(tx, OCCUPIED_SQL, room_id, buffers, &slots);
                let collides = collides_with(slots, &taken, buffers);
                if collides {
                    return Err(AppError::invalid("room_id", Msg::RoomTaken).into());
                }
            }
            let rrule = series.rule.as_ref().map(|r| r.to_rrule(HOUSE_ZONE));
            let insert = sqlx::query_scalar(
                "insert into event_series (house_id, title, description, category_id, group_id, visibility,
                     created_by, audience, languages, price_kind, price_cents, accessibility, contact, seats,
                     privacy, starts_local, duration_minutes, rrule, skip_public_holidays, skip_school_holidays,
                     materialised_until, room_id)
                 values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)
                 returning series_id",
            )
            .bind(house_id)
            .bind(&details.title)
            .bind(&details.description)
            .bind(details.category_id)
            .bind(details.group_id)
            .bind(details.visibility.code())
            .bind(created_by);
            let series_id: i64 = bind_detail_columns!(insert, details)
                .bind(details.seats)
                .bind(if details.counselling { "counselling" } else { "open" })
                .bind(machine_date_time(series.first_start))
                .bind(i32::try_from(series.duration_minutes).unwrap_or(i32::MAX))
                .bind(rrule)
                .bind(series.skip_public_holidays)
                .bind(series.skip_school_holidays)
                .bind(machine_date(until))
                .bind(details.room_id)
                .fetch_one(&mut *tx)
                .await?;
            for date in &series.exceptions {
                sqlx::query("insert into series_date (series_id, local_date, kind) values ($1, $2, 'exception')")
                    .bind(series_id)
                    .bind(machine_date(*date))
                    .execute(&mut *tx)
                    .await?;
            }
            let mut first_occurrence_id = 0;
            for o in &occurrences {
                let id: i64 = sqlx::query_scalar(
                    "insert into occurrence (series_id, room_id, starts_at, ends_at, local_date)
                     values ($1, $2, $3, $4, $5) returning occurrence_id",
                )
                .bind(series_id)
                .bind(details.room_id)
                .bind(instant(o.starts_at))
                .bind(instant(o.ends_at))
                .bind(machine_date(o.date))
                .fetch_one(&mut *tx)
                .await?;
                if first_occurrence_id == 0 {
                    first_occurrence_id = id;
                }
            }
            sqlx::query("insert into audit_log (account_id, action, subject) values ($1, $2, $3)")
                .bind(created_by)
                .bind("series.create")
                .bind(format!("series:{series_id}"))
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(CreatedSeries { series_id, first_occurrence_id, dates: occurrences.len() })
        })
    }

    /// Stores the occurrences of every open-ended or long series up to the
    /// horizon from `today`. A new date whose room is taken by then is stored
    /// without a room, waiting in the planner's tray, so rule 1 still holds.
    pub async fn extend_horizons(&self, today: NaiveDate) -> StoreResult<usize> {
        let until = horizon(today);
        let due: Vec<i64> = on_db!(self, pool => {
            sqlx::query_scalar(
                "select series_id from event_series
                 where rrule is not null and status <> 'cancelled' and materialised_until < $1
                 order by series_id",
            )
            .bind(machine_date(until))
            .fetch_all(pool)
            .await?
        });
        let mut added = 0;
        for series_id in due {
            added += self.extend_series(series_id, until).await?;
        }
        Ok(added)
    }

    async fn extend_series(&self, series_id: i64, until: NaiveDate) -> StoreResult<usize> {
        let begin = self.begin_write_sql();
        on_db!(self, pool, backend => {
            let mut tx = pool.begin_with(begin).await?;
            let Some(row) = sqlx::query_as::<_, SeriesDefinitionRow>(lock_series_sql(backend))
                .bind(series_id)
                .fetch_optional(&mut *tx)
                .await?
            else {
                return Ok(0);
            };
            let room = match row.room_id {
                Some(room_id) => sqlx::query_as::<_, (i64, i32, i32)>(lock_room_sql(backend))
                    .bind(room_id)
                    .fetch_optional(&mut *tx)
                    .await?,
                None => None,
            };
            let marked = series_marks_of!(&mut *tx, series_id);
            let closures = house_closures!(&mut *tx, row.house_id);
            let (Some(series), Some(done)) = (row.series(&marked), row.materialised_until.as_deref().and_then(parse_date)) else {
                return Ok(0);
            };
            let from = done.succ_opt().unwrap_or(done);
            let occurrences: Vec<Occurrence> = series
                .expand(from, until, &closures)
                .into_iter()
                .filter(|o| o.skipped.is_none())
                .collect();
            let buffers = room.map(|r| RoomBuffers { before_minutes: r.1, after_minutes: r.2 }).unwrap_or_default();
            let slots: Vec<TimeSlot> = occurrences.iter().map(|o| TimeSlot { starts_at: o.starts_at, ends_at: o.ends_at }).collect();
            let taken = match row.room_id.filter(|_| room.is_some()) {
                Some(room_id) => room_uses!(tx, OCCUPIED_SQL, room_id, buffers, &slots),
                None => Vec::new(),
            };
            for (o, slot) in occurrences.iter().zip(&slots) {
                let free = !collides_with([*slot], &taken, buffers);
                let room_id = row.room_id.filter(|_| room.is_some() && free);
                sqlx::query(
                    "insert into occurrence (series_id, room_id, starts_at, ends_at, local_date)
                     values ($1, $2, $3, $4, $5) on conflict do nothing",
                )
                .bind(series_id)
                .bind(room_id)
                .bind(instant(o.starts_at))
                .bind(instant(o.ends_at))
                .bind(machine_date(o.date))
                .execute(&mut *tx)
                .await?;
            }
            sqlx::query("update event_series set materialised_until = $1 where series_id = $2")
                .bind(machine_date(until))
                .bind(series_id)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(occurrences.len())
        })
    }

    /// Marks the house closed on a local date.
    pub async fn add_closure(
        &self,
        house_id: i64,
        date: NaiveDate,
        reason: &str,
    ) -> StoreResult<()> {
        on_db!(self, pool => {
            sqlx::query("insert into closure (house_id, local_date, reason) values ($1, $2, $3) on conflict do nothing")
                .bind(house_id)
                .bind(machine_date(date))
                .bind(reason)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    pub async fn closures(&self) -> StoreResult<Vec<(NaiveDate, String)>> {
        on_db!(self, pool => {
            let rows: Vec<(String, String)> = sqlx::query_as("select local_date, reason from closure order by local_date")
                .fetch_all(pool)
                .await?;
            Ok(rows.into_iter().filter_map(|(d, r)| parse_date(&d).map(|d| (d, r))).collect())
        })
    }

    /// Occurrences the public may know of (public and private series, published
    /// or cancelled) that overlap `[from, to)`, soonest first.
    pub async fn calendar_rows(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> StoreResult<Vec<CalendarRow>> {
        on_db!(self, pool => {
            Ok(sqlx::query_as::<_, CalendarRow>(&format!(
                "{CALENDAR_SELECT} where s.visibility in ('public', 'private') and s.status in ('published', 'cancelled')
                   and o.starts_at < $2 and o.ends_at > $1
                 order by o.starts_at, o.occurrence_id"
            ))
            .bind(instant(from))
            .bind(instant(to))
            .fetch_all(pool)
            .await?)
        })
    }

    /// The same rows as [`Db::calendar_rows`] without registration counts, read as
    /// one row per series with its dates packed into a text. The feeds read a year
    /// and more of dates: row by row, SQLite's hand-over of each row to the async
    /// side cost more than everything else the feed does.
    pub async fn feed_rows(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> StoreResult<Vec<CalendarRow>> {
        on_db!(self, pool, backend => {
            let rooms: Vec<(i64, String, String)> = sqlx::query_as("select room_id, name, features from room")
                .fetch_all(pool)
                .await?;
            let series: Vec<FeedSeriesDatesRow> = sqlx::query_as(&feed_dates_sql(backend))
                .bind(instant(from))
                .bind(instant(to))
                .fetch_all(pool)
                .await?;
            Ok(unpack_feed_rows(series, &rooms))
        })
    }

    /// One occurrence as the calendar shows it, whatever its visibility: the
    /// caller decides what the visitor may see.
    pub async fn calendar_row(&self, occurrence_id: i64) -> StoreResult<Option<CalendarRow>> {
        on_db!(self, pool => {
            Ok(sqlx::query_as::<_, CalendarRow>(&format!(
                "{CALENDAR_SELECT} where o.occurrence_id = $1 and s.status in ('published', 'cancelled')"
            ))
            .bind(occurrence_id)
            .fetch_optional(pool)
            .await?)
        })
    }

    /// The next dates of a series from `from` on (cancelled ones included).
    pub async fn series_dates(
        &self,
        series_id: i64,
        from: DateTime<Utc>,
        limit: i64,
    ) -> StoreResult<Vec<SeriesDateRow>> {
        on_db!(self, pool => {
            Ok(sqlx::query_as::<_, SeriesDateRow>(
                "select occurrence_id, starts_at, ends_at, status from occurrence
                 where series_id = $1 and ends_at > $2 order by starts_at limit $3",
            )
            .bind(series_id)
            .bind(instant(from))
            .bind(limit)
            .fetch_all(pool)
            .await?)
        })
    }

    /// Public and private series with their occurrences in `[from, to)`, for the
    /// iCalendar feeds: each series once, with its rule and every stored date.
    pub async fn feed_series(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> StoreResult<Vec<FeedSeriesRow>> {
        on_db!(self, pool => {
            Ok(sqlx::query_as::<_, FeedSeriesRow>(
                "select s.series_id, s.starts_local, s.duration_minutes, s.rrule, s.skip_public_holidays,
                        s.skip_school_holidays, s.house_id, s.materialised_until
                 from event_series s
                 where s.visibility in ('public', 'private') and s.status in ('published', 'cancelled')
                   and exists (select 1 from occurrence o where o.series_id = s.series_id
                               and o.starts_at < $2 and o.ends_at > $1)
                 order by s.series_id",
            )
            .bind(instant(from))
            .bind(instant(to))
            .fetch_all(pool)
            .await?)
        })
    }

    /// Every exception and restored date of the given series.
    pub async fn series_marks(&self) -> StoreResult<Vec<(i64, String, String)>> {
        on_db!(self, pool => {
            Ok(sqlx::query_as("select series_id, local_date, kind from series_date order by series_id, local_date")
                .fetch_all(pool)
                .await?)
        })
    }

    pub async fn groups(&self) -> StoreResult<Vec<(i64, String)>> {
        on_db!(self, pool => {
            Ok(sqlx::query_as("select group_id, name from community_group order by name")
                .fetch_all(pool)
                .await?)
        })
    }

    /// Whether the database holds neither a house nor an account: the only state
    /// in which demo data (with its known passwords) may be seeded.
    pub async fn is_empty(&self) -> StoreResult<bool> {
        on_db!(self, pool => {
            let rows: i64 = sqlx::query_scalar("select (select count(*) from house) + (select count(*) from account)")
                .fetch_one(pool)
                .await?;
            Ok(rows == 0)
        })
    }
}
