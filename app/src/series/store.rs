//! Creating events and series, and storing the dates of open-ended series as
//! the horizon moves on.
use crate::args;
use crate::calendar::rules::{NewEvent, SeriesDetails, TimeSlot};
use crate::calendar::store::parse_date;
use crate::db::{Columns, Db, StoreResult, Tx, instant};
use crate::i18n::{Msg, machine_date, machine_date_time};
use crate::kernel::error::{AppError, FieldError};
use crate::kernel::time::HOUSE_ZONE;
use crate::rooms::rules::collides_with;
use crate::series::fields as series_fields;
use crate::series::recurrence::{Occurrence, Series, horizon};
use chrono::NaiveDate;
use std::collections::BTreeSet;

/// Whether a new series shows in the calendar at once or waits as a draft.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SeriesState {
    Published,
    Draft,
}

impl SeriesState {
    fn code(self) -> &'static str {
        match self {
            Self::Published => "published",
            Self::Draft => "draft",
        }
    }
}

pub struct CreatedSeries {
    pub series_id: i64,
    pub first_occurrence_id: i64,
    pub dates: usize,
}

/// The columns of a series the organiser's form fills in.
pub(crate) fn detail_columns(details: &SeriesDetails) -> Columns {
    let audience: Vec<&str> = details.audience.iter().map(|a| a.code()).collect();
    Columns::new()
        .set("title", &details.title)
        .set("description", &details.description)
        .set("category_id", details.category_id)
        .set("group_id", details.group_id)
        .set("room_id", details.room_id)
        .set("seats", details.seats)
        .set("audience", audience.join(","))
        .set("languages", details.languages.join(","))
        .set("price_kind", details.price.kind_code())
        .set("price_cents", details.price.cents())
        .set("accessibility", &details.accessibility)
        .set("contact", &details.contact)
}

/// The columns that say when a series' dates fall, stored up to `until`.
pub(crate) fn definition_columns(series: &Series, until: NaiveDate) -> Columns {
    Columns::new()
        .set("starts_local", machine_date_time(series.first_start))
        .set(
            "duration_minutes",
            i32::try_from(series.duration_minutes).unwrap_or(i32::MAX),
        )
        .set(
            "rrule",
            series.rule.as_ref().map(|r| r.to_rrule(HOUSE_ZONE)),
        )
        .set("skip_public_holidays", series.skip_public_holidays)
        .set("skip_school_holidays", series.skip_school_holidays)
        .set("materialised_until", machine_date(until))
}

fn slots_of(occurrences: &[Occurrence]) -> Vec<TimeSlot> {
    occurrences
        .iter()
        .map(|o| TimeSlot {
            starts_at: o.starts_at,
            ends_at: o.ends_at,
        })
        .collect()
}

impl Db {
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
        let mut tx = self.begin_write().await?;
        let created = tx
            .insert_series(details, series, created_by, today, SeriesState::Published)
            .await?;
        tx.commit().await?;
        Ok(created)
    }
}

impl Tx {
    /// [`Db::create_series`] inside a transaction the caller commits, so that
    /// another change (an accepted offer) and the series stand or fall together.
    pub(crate) async fn insert_series(
        &mut self,
        details: &SeriesDetails,
        series: &Series,
        created_by: Option<i64>,
        today: NaiveDate,
        state: SeriesState,
    ) -> StoreResult<CreatedSeries> {
        let series = &series.anchored();
        let until = horizon(today.max(series.first_start.date()));
        let tx = self;
        let room = match details.room_id {
            Some(room_id) => tx.lock_room(room_id).await?,
            None => None,
        };
        let category: Option<i64> = tx
            .value_optional(
                "select category_id from category where category_id = $1",
                args![details.category_id],
            )
            .await?;
        let group_house: Option<i64> = match details.group_id {
            Some(group_id) => {
                tx.value_optional(
                    "select house_id from community_group where group_id = $1",
                    args![group_id],
                )
                .await?
            }
            None => None,
        };
        let mut errors = Vec::new();
        if details.room_id.is_some() && room.is_none() {
            errors.push(FieldError::new(series_fields::ROOM_ID, Msg::RoomUnknown));
        }
        if category.is_none() {
            errors.push(FieldError::new(
                series_fields::CATEGORY_ID,
                Msg::CategoryUnknown,
            ));
        }
        if details.group_id.is_some() && group_house.is_none() {
            errors.push(FieldError::new(series_fields::GROUP_ID, Msg::GroupUnknown));
        }
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors).into());
        }
        let house_id: i64 = match room.map(|r| r.house_id).or(group_house) {
            Some(id) => id,
            None => tx
                .value_optional(
                    "select house_id from house order by house_id limit 1",
                    args![],
                )
                .await?
                .ok_or(AppError::invalid(series_fields::ROOM_ID, Msg::RoomRequired))?,
        };
        let closures = tx.house_closures(house_id).await?;
        let occurrences: Vec<Occurrence> = series
            .expand(series.first_start.date(), until, &closures)
            .into_iter()
            .filter(|o| o.skipped.is_none())
            .collect();
        if occurrences.is_empty() {
            return Err(AppError::invalid(series_fields::REPEAT, Msg::RecurrenceNoDates).into());
        }
        if let Some(room) = &room {
            tx.ensure_free(room, &slots_of(&occurrences), &[]).await?;
        }
        let (sql, args) = Columns::new()
            .set("house_id", house_id)
            .set("visibility", details.visibility.code())
            .set("status", state.code())
            .set("created_by", created_by)
            .set(
                "privacy",
                if details.counselling {
                    "counselling"
                } else {
                    "open"
                },
            )
            .extend(detail_columns(details))
            .extend(definition_columns(series, until))
            .insert("event_series", "returning series_id");
        let series_id: i64 = tx.value(&sql, args).await?;
        for date in &series.exceptions {
            tx.execute(
                "insert into series_date (series_id, local_date, kind) values ($1, $2, 'exception')",
                args![series_id, machine_date(*date)],
            )
            .await?;
        }
        let mut first_occurrence_id = 0;
        for o in &occurrences {
            let id: i64 = tx
                .value(
                    "insert into occurrence (series_id, room_id, starts_at, ends_at, local_date)
                     values ($1, $2, $3, $4, $5) returning occurrence_id",
                    args![
                        series_id,
                        details.room_id,
                        instant(o.starts_at),
                        instant(o.ends_at),
                        machine_date(o.date)
                    ],
                )
                .await?;
            if first_occurrence_id == 0 {
                first_occurrence_id = id;
            }
        }
        tx.audit(created_by, "series.create", &format!("series:{series_id}"))
            .await?;
        Ok(CreatedSeries {
            series_id,
            first_occurrence_id,
            dates: occurrences.len(),
        })
    }
}

impl Db {
    /// Stores the occurrences of every open-ended or long series up to the
    /// horizon from `today`. A new date whose room is taken by then is stored
    /// without a room, waiting in the planner's tray, so rule 1 still holds.
    pub async fn extend_horizons(&self, today: NaiveDate) -> StoreResult<usize> {
        let until = horizon(today);
        let due: Vec<i64> = self
            .column(
                "select series_id from event_series
                 where rrule is not null and status <> 'cancelled' and materialised_until < $1
                 order by series_id",
                args![machine_date(until)],
            )
            .await?;
        let mut added = 0;
        for series_id in due {
            added += self.extend_series(series_id, until).await?;
        }
        Ok(added)
    }

    async fn extend_series(&self, series_id: i64, until: NaiveDate) -> StoreResult<usize> {
        let mut tx = self.begin_write().await?;
        let Some(row) = tx.lock_series(series_id).await? else {
            return Ok(0);
        };
        let room = match row.room_id {
            Some(room_id) => tx.lock_room(room_id).await?,
            None => None,
        };
        let marked = tx.series_marks_of(series_id).await?;
        let closures = tx.house_closures(row.house_id).await?;
        let done = row.materialised_until.as_deref().and_then(parse_date);
        let (Some(series), Some(done)) = (row.series(&marked), done) else {
            return Ok(0);
        };
        let from = done.succ_opt().unwrap_or(done);
        let occurrences: Vec<Occurrence> = series
            .expand(from, until, &closures)
            .into_iter()
            .filter(|o| o.skipped.is_none())
            .collect();
        let slots = slots_of(&occurrences);
        let taken: Vec<TimeSlot> = match &room {
            Some(room) => tx
                .room_uses(room, &slots)
                .await?
                .into_iter()
                .map(|(_, slot)| slot)
                .collect(),
            None => Vec::new(),
        };
        for (o, slot) in occurrences.iter().zip(&slots) {
            let room_id = room
                .filter(|room| !collides_with([*slot], &taken, room.buffers))
                .map(|room| room.room_id);
            tx.execute(
                "insert into occurrence (series_id, room_id, starts_at, ends_at, local_date)
                 values ($1, $2, $3, $4, $5) on conflict do nothing",
                args![
                    series_id,
                    room_id,
                    instant(o.starts_at),
                    instant(o.ends_at),
                    machine_date(o.date)
                ],
            )
            .await?;
        }
        tx.execute(
            "update event_series set materialised_until = $1 where series_id = $2",
            args![machine_date(until), series_id],
        )
        .await?;
        tx.commit().await?;
        Ok(occurrences.len())
    }
}
