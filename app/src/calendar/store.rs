//! Houses, rooms, categories and events as the calendar reads and writes them.
use crate::args;
use crate::calendar::query::Audience;
use crate::calendar::rules::{Price, SeriesDetails, Visibility};
use crate::calendar::status::{DateStatus, SeriesStatus};
use crate::db::{Backend, Db, StoreResult, Tx, instant};
use crate::kernel::time::HOUSE_ZONE;
use crate::series::recurrence::{Rule, Series};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use std::collections::BTreeSet;

const SERIES_DEFINITION_SQL: &str =
    "select house_id, room_id, starts_local, duration_minutes, rrule,
        skip_public_holidays, skip_school_holidays, materialised_until
     from event_series where series_id = $1";

const SERIES_DETAILS_SQL: &str =
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

/// One series with its dates in a window packed as
/// `id,starts_epoch,ends_epoch,status,local_date,room_id` joined by `;`.
#[derive(sqlx::FromRow)]
struct FeedSeriesDatesRow {
    series_id: i64,
    title: String,
    description: String,
    #[sqlx(try_from = "String")]
    series_status: SeriesStatus,
    #[sqlx(try_from = "String")]
    visibility: Visibility,
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
                occurrence_status: DateStatus::from_code(status),
                local_date: (!local_date.is_empty()).then(|| local_date.to_owned()),
                title: s.title.clone(),
                description: s.description.clone(),
                series_status: s.series_status,
                visibility: s.visibility,
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

impl Tx {
    /// A house's closure days.
    pub(crate) async fn house_closures(
        &mut self,
        house_id: i64,
    ) -> StoreResult<BTreeSet<NaiveDate>> {
        let dates: Vec<String> = self
            .column(
                "select local_date from closure where house_id = $1",
                args![house_id],
            )
            .await?;
        Ok(parse_dates(&dates))
    }

    /// A series' exception and restored dates, as `(local date, kind)`.
    pub(crate) async fn series_marks_of(
        &mut self,
        series_id: i64,
    ) -> StoreResult<Vec<(String, String)>> {
        self.all(
            "select local_date, kind from series_date where series_id = $1",
            args![series_id],
        )
        .await
    }

    /// How a series is defined.
    pub(crate) async fn series_definition(
        &mut self,
        series_id: i64,
    ) -> StoreResult<Option<SeriesDefinitionRow>> {
        self.optional(SERIES_DEFINITION_SQL, args![series_id]).await
    }

    /// How a series is defined, its row locked on PostgreSQL until the
    /// transaction ends, so changes to one series are made one after the other.
    pub(crate) async fn lock_series(
        &mut self,
        series_id: i64,
    ) -> StoreResult<Option<SeriesDefinitionRow>> {
        let sql = match self.backend() {
            Backend::Sqlite => SERIES_DEFINITION_SQL.to_owned(),
            Backend::Postgres => format!("{SERIES_DEFINITION_SQL} for update"),
        };
        self.optional(&sql, args![series_id]).await
    }

    pub(crate) async fn series_details(
        &mut self,
        series_id: i64,
    ) -> StoreResult<Option<SeriesDetails>> {
        let row: Option<SeriesDetailsRow> =
            self.optional(SERIES_DETAILS_SQL, args![series_id]).await?;
        Ok(row.map(SeriesDetailsRow::details))
    }
}

impl Db {
    /// Public, published, not cancelled occurrences that have not ended yet, soonest first.
    pub async fn upcoming_events(
        &self,
        from: DateTime<Utc>,
        limit: i64,
    ) -> StoreResult<Vec<UpcomingRow>> {
        self.all(
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
            args![instant(from), limit],
        )
        .await
    }

    pub async fn rooms(&self) -> StoreResult<Vec<RoomRow>> {
        self.all(
            "select room_id, house_id, name, capacity, features, resident_bookable,
                    buffer_before_minutes, buffer_after_minutes, colour
             from room order by name",
            args![],
        )
        .await
    }

    pub async fn categories(&self) -> StoreResult<Vec<CategoryRow>> {
        self.all(
            "select category_id, slug, name_de, name_en from category order by name_de",
            args![],
        )
        .await
    }

    pub async fn closures(&self) -> StoreResult<Vec<(NaiveDate, String)>> {
        let rows: Vec<(String, String)> = self
            .all(
                "select local_date, reason from closure order by local_date",
                args![],
            )
            .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(d, r)| parse_date(&d).map(|d| (d, r)))
            .collect())
    }

    /// Occurrences the public may know of (public and private series, published
    /// or cancelled) that overlap `[from, to)`, soonest first.
    pub async fn calendar_rows(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> StoreResult<Vec<CalendarRow>> {
        let sql = format!(
            "{CALENDAR_SELECT} where s.visibility in ('public', 'private') and s.status in ('published', 'cancelled')
               and o.starts_at < $2 and o.ends_at > $1
             order by o.starts_at, o.occurrence_id"
        );
        self.all(&sql, args![instant(from), instant(to)]).await
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
        let rooms: Vec<(i64, String, String)> = self
            .all("select room_id, name, features from room", args![])
            .await?;
        let series: Vec<FeedSeriesDatesRow> = self
            .all(
                &feed_dates_sql(self.backend()),
                args![instant(from), instant(to)],
            )
            .await?;
        Ok(unpack_feed_rows(series, &rooms))
    }

    /// One occurrence as the calendar shows it, whatever its visibility: the
    /// caller decides what the visitor may see.
    pub async fn calendar_row(&self, occurrence_id: i64) -> StoreResult<Option<CalendarRow>> {
        let sql = format!(
            "{CALENDAR_SELECT} where o.occurrence_id = $1 and s.status in ('published', 'cancelled')"
        );
        self.optional(&sql, args![occurrence_id]).await
    }

    /// The next dates of a series from `from` on (cancelled ones included).
    pub async fn series_dates(
        &self,
        series_id: i64,
        from: DateTime<Utc>,
        limit: i64,
    ) -> StoreResult<Vec<SeriesDateRow>> {
        self.all(
            "select occurrence_id, starts_at, ends_at, status from occurrence
             where series_id = $1 and ends_at > $2 order by starts_at limit $3",
            args![series_id, instant(from), limit],
        )
        .await
    }

    /// Public and private series with their occurrences in `[from, to)`, for the
    /// iCalendar feeds: each series once, with its rule and every stored date.
    pub async fn feed_series(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> StoreResult<Vec<FeedSeriesRow>> {
        self.all(
            "select s.series_id, s.starts_local, s.duration_minutes, s.rrule, s.skip_public_holidays,
                    s.skip_school_holidays, s.house_id, s.materialised_until
             from event_series s
             where s.visibility in ('public', 'private') and s.status in ('published', 'cancelled')
               and exists (select 1 from occurrence o where o.series_id = s.series_id
                           and o.starts_at < $2 and o.ends_at > $1)
             order by s.series_id",
            args![instant(from), instant(to)],
        )
        .await
    }

    /// Every exception and restored date of the given series.
    pub async fn series_marks(&self) -> StoreResult<Vec<(i64, String, String)>> {
        self.all(
            "select series_id, local_date, kind from series_date order by series_id, local_date",
            args![],
        )
        .await
    }

    pub async fn groups(&self) -> StoreResult<Vec<(i64, String)>> {
        self.all(
            "select group_id, name from community_group order by name",
            args![],
        )
        .await
    }

    /// Whether the database holds neither a house nor an account: the only state
    /// in which demo data (with its known passwords) may be seeded.
    pub async fn is_empty(&self) -> StoreResult<bool> {
        let rows: i64 = self
            .value(
                "select (select count(*) from house) + (select count(*) from account)",
                args![],
            )
            .await?;
        Ok(rows == 0)
    }
}
