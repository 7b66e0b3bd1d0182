//! The feeds' read: one row per series with its dates packed into a text, and the unpacking.
use super::CalendarRow;
use crate::args;
use crate::calendar::rules::Visibility;
use crate::calendar::status::{DateStatus, SeriesStatus};
use crate::db::{Backend, Db, StoreResult, instant};
use chrono::{DateTime, Utc};

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

impl Db {
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
}
