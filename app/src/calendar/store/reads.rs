//! The calendar's reads: series definitions within a transaction, and what the pages list.
use super::{
    CALENDAR_SELECT, CalendarRow, CategoryRow, FeedSeriesRow, RoomRow, SeriesDateRow,
    SeriesDefinitionRow, SeriesDetailsRow, UpcomingRow, parse_date, parse_dates,
};
use crate::args;
use crate::calendar::rules::SeriesDetails;
use crate::db::{Backend, Db, StoreResult, Tx, instant};
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::BTreeSet;

const SERIES_DEFINITION_SQL: &str =
    "select house_id, room_id, starts_local, duration_minutes, rrule,
        skip_public_holidays, skip_school_holidays, materialised_until
     from event_series where series_id = $1";

const SERIES_DETAILS_SQL: &str =
    "select title, description, category_id, group_id, room_id, audience, languages,
        price_kind, price_cents, accessibility, contact, seats, visibility, privacy
     from event_series where series_id = $1";

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
