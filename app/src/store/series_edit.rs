//! Organisers' changes to series after they were made: one date, this and the
//! following dates, or all dates; skipped dates restored.
use super::calendar::{
    OCCUPIED_SQL, SERIES_DEFINITION_SQL, SERIES_DETAILS_SQL, SeriesDefinitionRow, SeriesDetailsRow,
    bind_detail_columns, house_closures, lock_room_sql, lock_series_sql, parse_date, room_uses,
    series_marks_of,
};
use super::registrations::date_changed_mail;
use super::registrations::promote_waitlist;
use super::{Backend, Db, StoreResult, instant, now, on_db};
use crate::domain::calendar::{RoomBuffers, SeriesDetails, TimeSlot, collision_bounds};
use crate::domain::recurrence::{Occurrence, Rule, Series, Skip, horizon};
use crate::domain::series_edit::{
    StoredDate, collides_with, overlaps_itself, plan_dates, shifted_first_start,
};
use crate::domain::time::HOUSE_ZONE;
use crate::error::AppError;
use crate::i18n::{Locale, Msg, machine_date, machine_date_time};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

/// A change to a series from the date an organiser opened.
#[derive(Clone, Debug)]
pub struct SeriesChange {
    /// The date the organiser opened to make the change.
    pub occurrence_id: i64,
    /// `true`: this and the following dates become a series of their own;
    /// `false`: the whole series changes (dates already past stay as they were).
    pub following: bool,
    pub details: SeriesDetails,
    /// The new start of the opened date.
    pub start: NaiveDateTime,
    pub duration_minutes: i64,
    pub rule: Option<Rule>,
    /// The organiser left the repeat fields as they were: a split series goes on
    /// with what is left of the rule (a count continues, it does not restart).
    pub keeps_rule: bool,
    pub skip_public_holidays: bool,
    pub skip_school_holidays: bool,
}

/// A change to one date on its own; `None` keeps what it has.
#[derive(Clone, Copy, Debug, Default)]
pub struct DateChange {
    pub slot: Option<TimeSlot>,
    pub room_id: Option<i64>,
    pub cancelled: Option<bool>,
}

/// What an organiser's series editor shows.
#[derive(Clone, Debug)]
pub struct SeriesEditorRows {
    pub series_id: i64,
    pub opened_date: NaiveDate,
    pub opened_is_override: bool,
    pub definition: SeriesDefinitionRow,
    pub series: Series,
    pub details: SeriesDetails,
    pub dates: Vec<EditorDateRow>,
    pub skipped: Vec<(NaiveDate, Skip)>,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct EditorDateRow {
    pub occurrence_id: i64,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub status: String,
    pub is_override: bool,
    pub room_name: Option<String>,
}

#[derive(sqlx::FromRow)]
struct OpenedDate {
    series_id: i64,
    local_date: Option<String>,
    is_override: bool,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    room_id: Option<i64>,
    status: String,
}

/// A stored date of the series being changed, as read.
#[derive(sqlx::FromRow)]
struct StoredRow {
    occurrence_id: i64,
    local_date: String,
    is_override: bool,
    has_registrations: bool,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
}

macro_rules! stored_dates_select {
    () => {
        "select o.occurrence_id, o.local_date, o.is_override,
                exists (select 1 from registration r where r.occurrence_id = o.occurrence_id
                        and r.status in ('confirmed', 'waitlisted')) as has_registrations,
                o.starts_at, o.ends_at
         from occurrence o where o.series_id = $1 and o.local_date >= $2"
    };
}

/// The stored dates of a series from a local date on.
const STORED_DATES_SQL: &str = stored_dates_select!();

/// The uses of a room that could block `$slots`, with their occurrence ids, so a
/// change can leave out the dates it replaces and count every other one.
macro_rules! room_uses_with_ids {
    ($tx:expr, $room_id:expr, $buffers:expr, $slots:expr) => {{
        let slots: &[TimeSlot] = $slots;
        match (
            slots.iter().map(|s| s.starts_at).min(),
            slots.iter().map(|s| s.ends_at).max(),
        ) {
            (Some(starts_at), Some(ends_at)) => {
                let bounds = collision_bounds(TimeSlot { starts_at, ends_at }, $buffers);
                let rows: Vec<(i64, DateTime<Utc>, DateTime<Utc>)> = sqlx::query_as(
                    "select o.occurrence_id, o.starts_at, o.ends_at from occurrence o
                     join event_series s on s.series_id = o.series_id
                     where o.room_id = $1 and o.status = 'scheduled' and s.status <> 'cancelled'
                       and o.starts_at < $2 and o.ends_at > $3",
                )
                .bind($room_id)
                .bind(instant(bounds.ends_at))
                .bind(instant(bounds.starts_at))
                .fetch_all(&mut *$tx)
                .await?;
                rows.into_iter()
                    .map(|(id, starts_at, ends_at)| (id, TimeSlot { starts_at, ends_at }))
                    .collect::<Vec<(i64, TimeSlot)>>()
            }
            _ => Vec::new(),
        }
    }};
}

const OPENED_SQL: &str =
    "select series_id, local_date, is_override, starts_at, ends_at, room_id, status
     from occurrence where occurrence_id = $1";

/// Writes a mail to everyone registered for a date that was moved or
/// cancelled, in the open transaction.
macro_rules! queue_date_mails {
    ($tx:expr, $occurrence_id:expr, $cancelled:expr) => {{
        let people: Vec<(String, String, String, DateTime<Utc>, DateTime<Utc>)> = sqlx::query_as(
            "select a.email, a.language, s.title, o.starts_at, o.ends_at from registration r
             join account a on a.account_id = r.account_id
             join occurrence o on o.occurrence_id = r.occurrence_id
             join event_series s on s.series_id = o.series_id
             where r.occurrence_id = $1 and r.status in ('confirmed', 'waitlisted')
             order by r.registration_id",
        )
        .bind($occurrence_id)
        .fetch_all(&mut *$tx)
        .await?;
        for (email, language, title, starts_at, ends_at) in people {
            let locale = Locale::from_code(&language).unwrap_or_default();
            let (subject, body) = date_changed_mail(locale, $cancelled, &title, starts_at, ends_at);
            sqlx::query(
                "insert into outbox (recipient, subject, body, created_at) values ($1, $2, $3, $4)",
            )
            .bind(email)
            .bind(subject)
            .bind(body)
            .bind(instant(now()))
            .execute(&mut *$tx)
            .await?;
        }
    }};
}

/// Reads a room for a change and locks it; refuses an unknown room at its field.
macro_rules! locked_room {
    ($tx:expr, $backend:expr, $room_id:expr) => {{
        match $room_id {
            Some(room_id) => {
                let room: Option<(i64, i32, i32)> = sqlx::query_as(lock_room_sql($backend))
                    .bind(room_id)
                    .fetch_optional(&mut *$tx)
                    .await?;
                let Some((_, before_minutes, after_minutes)) = room else {
                    return Err(AppError::invalid("room_id", Msg::RoomUnknown).into());
                };
                Some((
                    room_id,
                    RoomBuffers {
                        before_minutes,
                        after_minutes,
                    },
                ))
            }
            None => None,
        }
    }};
}

fn audit_sql() -> &'static str {
    "insert into audit_log (account_id, action, subject) values ($1, $2, $3)"
}

impl Db {
    /// What the series editor shows for the date `occurrence_id`: the series,
    /// its dates from `today` on, and the dates holidays or closures skip.
    pub async fn series_editor(
        &self,
        occurrence_id: i64,
        today: NaiveDate,
    ) -> StoreResult<Option<SeriesEditorRows>> {
        on_db!(self, pool => {
            let Some(opened) = sqlx::query_as::<_, OpenedDate>(OPENED_SQL)
                .bind(occurrence_id)
                .fetch_optional(pool)
                .await?
            else {
                return Ok(None);
            };
            let definition: SeriesDefinitionRow = sqlx::query_as(SERIES_DEFINITION_SQL)
                .bind(opened.series_id)
                .fetch_one(pool)
                .await?;
            let marked = series_marks_of!(pool, opened.series_id);
            let Some(series) = definition.series(&marked) else {
                return Ok(None);
            };
            let details: Option<SeriesDetailsRow> = sqlx::query_as(SERIES_DETAILS_SQL)
                .bind(opened.series_id)
                .fetch_optional(pool)
                .await?;
            let Some(details) = details.map(|d| d.details()) else {
                return Ok(None);
            };
            let dates: Vec<EditorDateRow> = sqlx::query_as(
                "select o.occurrence_id, o.starts_at, o.ends_at, o.status, o.is_override, r.name as room_name
                 from occurrence o left join room r on r.room_id = o.room_id
                 where o.series_id = $1 and o.local_date >= $2
                 order by o.starts_at limit 60",
            )
            .bind(opened.series_id)
            .bind(machine_date(today))
            .fetch_all(pool)
            .await?;
            let closures = house_closures!(pool, definition.house_id);
            let until = definition.materialised_until.as_deref().and_then(parse_date).unwrap_or(today);
            let skipped = series
                .expand(today, until, &closures)
                .into_iter()
                .filter_map(|o| o.skipped.map(|why| (o.date, why)))
                .take(60)
                .collect();
            let opened_date = opened
                .local_date
                .as_deref()
                .and_then(parse_date)
                .unwrap_or(series.first_start.date());
            Ok(Some(SeriesEditorRows {
                series_id: opened.series_id,
                opened_date,
                opened_is_override: opened.is_override,
                definition,
                series,
                details,
                dates,
                skipped,
            }))
        })
    }

    /// Changes a series from the opened date on: its details, time, rule and
    /// room. Stored dates follow the new rule; dates changed one by one keep
    /// their time and room while the rule still gives them; dates the rule no
    /// longer gives are removed, or cancelled with a mail when people registered.
    /// The room is locked, and a collision at any new date refuses the whole
    /// change, so rule 1 holds. Returns the opened date's id, or the first date
    /// of the changed part when the opened one is gone.
    pub async fn change_series(
        &self,
        change: &SeriesChange,
        by: i64,
        today: NaiveDate,
    ) -> StoreResult<Option<i64>> {
        let begin = self.begin_write_sql();
        let details = &change.details;
        on_db!(self, pool, backend => {
            let mut tx = pool.begin_with(begin).await?;
            let Some(opened) = sqlx::query_as::<_, OpenedDate>(OPENED_SQL)
                .bind(change.occurrence_id)
                .fetch_optional(&mut *tx)
                .await?
            else {
                return Err(AppError::NotFound.into());
            };
            let series_id = opened.series_id;
            let row: SeriesDefinitionRow = sqlx::query_as(lock_series_sql(backend))
                .bind(series_id)
                .fetch_one(&mut *tx)
                .await?;
            let marked = series_marks_of!(&mut *tx, series_id);
            let Some(old) = row.series(&marked) else {
                return Err(AppError::NotFound.into());
            };
            let old_seats: Option<i32> = sqlx::query_scalar("select seats from event_series where series_id = $1")
                .bind(series_id)
                .fetch_one(&mut *tx)
                .await?;
            let room = locked_room!(tx, backend, details.room_id);
            let category: Option<i64> = sqlx::query_scalar("select category_id from category where category_id = $1")
                .bind(details.category_id)
                .fetch_optional(&mut *tx)
                .await?;
            if category.is_none() {
                return Err(AppError::invalid("category_id", Msg::CategoryUnknown).into());
            }
            if let Some(group_id) = details.group_id {
                let group: Option<i64> = sqlx::query_scalar("select group_id from community_group where group_id = $1")
                    .bind(group_id)
                    .fetch_optional(&mut *tx)
                    .await?;
                if group.is_none() {
                    return Err(AppError::invalid("group_id", Msg::GroupUnknown).into());
                }
            }
            let old_first = old.first_start.date();
            let opened_date = opened.local_date.as_deref().and_then(parse_date).unwrap_or(old_first);
            // "This and following" from the first date is a change to all of them.
            let split_at = (change.following && old.rule.is_some() && opened_date > old_first).then_some(opened_date);
            let (new, from, wanted_from) = match split_at {
                Some(at) => {
                    let (_, continued) = old.rule.as_ref().map(|r| r.split(old_first, at)).unzip();
                    let rule = if change.keeps_rule { continued } else { change.rule.clone() };
                    let new = Series {
                        first_start: change.start,
                        duration_minutes: change.duration_minutes,
                        rule,
                        exceptions: old.exceptions.iter().copied().filter(|d| *d >= at).collect(),
                        restored: old.restored.iter().copied().filter(|d| *d >= at).collect(),
                        skip_public_holidays: change.skip_public_holidays,
                        skip_school_holidays: change.skip_school_holidays,
                    };
                    let new = new.anchored();
                    let wanted_from = at.min(new.first_start.date());
                    (new, at, wanted_from)
                }
                None => {
                    let new = Series {
                        first_start: shifted_first_start(old_first, opened_date, change.start),
                        duration_minutes: change.duration_minutes,
                        rule: change.rule.clone(),
                        skip_public_holidays: change.skip_public_holidays,
                        skip_school_holidays: change.skip_school_holidays,
                        ..old.clone()
                    };
                    (new.anchored(), today, today)
                }
            };
            if split_at.is_some_and(|at| change.start.date() < at) {
                return Err(AppError::invalid("starts_at", Msg::SplitStartsBefore).into());
            }
            let stored_until = row.materialised_until.as_deref().and_then(parse_date).unwrap_or(today);
            let until = stored_until.max(horizon(today));
            let closures = house_closures!(&mut *tx, row.house_id);
            // The opened date, where the organiser put it, must be a date of the new rule.
            let start_date = change.start.date();
            if new.expand(start_date, start_date, &closures).is_empty() {
                return Err(AppError::invalid("starts_at", Msg::StartNotInRule).into());
            }
            let all_dates = new.expand(new.first_start.date(), until, &closures);
            if all_dates.iter().all(|o| o.skipped.is_some()) {
                return Err(AppError::invalid("repeat", Msg::RecurrenceNoDates).into());
            }
            let wanted: Vec<Occurrence> = all_dates
                .into_iter()
                .filter(|o| o.skipped.is_none() && o.date >= wanted_from)
                .collect();
            // Locked on PostgreSQL, so that a registration cannot slip in between.
            let stored: Vec<StoredRow> = sqlx::query_as(match backend {
                Backend::Sqlite => STORED_DATES_SQL,
                Backend::Postgres => concat!(stored_dates_select!(), " for update of o"),
            })
            .bind(series_id)
            .bind(machine_date(from))
            .fetch_all(&mut *tx)
            .await?;
            // The times of dates people registered for, to tell them when one moves.
            let times: Vec<(i64, DateTime<Utc>, DateTime<Utc>)> = stored
                .iter()
                .filter(|s| s.has_registrations)
                .map(|s| (s.occurrence_id, s.starts_at, s.ends_at))
                .collect();
            let stored: Vec<StoredDate> = stored
                .into_iter()
                .filter_map(|s| {
                    Some(StoredDate {
                        occurrence_id: s.occurrence_id,
                        date: parse_date(&s.local_date)?,
                        is_override: s.is_override,
                        has_registrations: s.has_registrations,
                    })
                })
                .collect();
            if wanted.is_empty() && !stored.is_empty() {
                return Err(AppError::invalid("repeat", Msg::RecurrenceNoDates).into());
            }
            let plan = plan_dates(&wanted, &stored);
            // Seats never drop below the places already confirmed on a date (rule 2).
            let most_confirmed: Option<i64> = sqlx::query_scalar(
                "select max(n) from (select count(*) as n from registration r
                     join occurrence o on o.occurrence_id = r.occurrence_id
                     where o.series_id = $1 and o.local_date >= $2 and r.status = 'confirmed'
                     group by r.occurrence_id) as counts",
            )
            .bind(series_id)
            .bind(machine_date(from))
            .fetch_one(&mut *tx)
            .await?;
            let most_confirmed = most_confirmed.unwrap_or(0);
            if most_confirmed > 0 && details.seats.is_none_or(|seats| i64::from(seats) < most_confirmed) {
                return Err(AppError::invalid("seats", Msg::SeatsBelowRegistered).into());
            }
            if let Some((room_id, buffers)) = room {
                let slots: Vec<TimeSlot> = plan.scheduled_slots().collect();
                if overlaps_itself(&slots, buffers) {
                    return Err(AppError::invalid("ends_at", Msg::SeriesOverlapsItself).into());
                }
                // Every other use of the room counts, the series' own dates that stay included.
                let replaced: Vec<i64> = plan
                    .update
                    .iter()
                    .map(|(id, _)| *id)
                    .chain(plan.delete.iter().copied())
                    .chain(plan.cancel.iter().copied())
                    .collect();
                let taken: Vec<TimeSlot> = room_uses_with_ids!(tx, room_id, buffers, &slots)
                    .into_iter()
                    .filter(|(id, _)| !replaced.contains(id))
                    .map(|(_, slot)| slot)
                    .collect();
                if collides_with(slots, &taken, buffers) {
                    return Err(AppError::invalid("room_id", Msg::RoomTaken).into());
                }
            }
            let rrule = new.rule.as_ref().map(|r| r.to_rrule(HOUSE_ZONE));
            let target = match split_at {
                Some(at) => {
                    let (ended, _) = old.rule.as_ref().map(|r| r.split(old_first, at)).unzip();
                    let new_id: i64 = sqlx::query_scalar(
                        "insert into event_series (house_id, title, description, category_id, group_id, visibility, status,
                             created_by, audience, languages, price_kind, price_cents, accessibility, contact, seats, privacy,
                             starts_local, duration_minutes, rrule, skip_public_holidays, skip_school_holidays,
                             materialised_until, room_id)
                         select house_id, title, description, category_id, group_id, visibility, status,
                             created_by, audience, languages, price_kind, price_cents, accessibility, contact, seats, privacy,
                             starts_local, duration_minutes, rrule, skip_public_holidays, skip_school_holidays,
                             materialised_until, room_id
                         from event_series where series_id = $1
                         returning series_id",
                    )
                    .bind(series_id)
                    .fetch_one(&mut *tx)
                    .await?;
                    sqlx::query("update event_series set rrule = $1 where series_id = $2")
                        .bind(ended.map(|r| r.to_rrule(HOUSE_ZONE)))
                        .bind(series_id)
                        .execute(&mut *tx)
                        .await?;
                    sqlx::query("update occurrence set series_id = $1 where series_id = $2 and local_date >= $3")
                        .bind(new_id)
                        .bind(series_id)
                        .bind(machine_date(at))
                        .execute(&mut *tx)
                        .await?;
                    sqlx::query("update series_date set series_id = $1 where series_id = $2 and local_date >= $3")
                        .bind(new_id)
                        .bind(series_id)
                        .bind(machine_date(at))
                        .execute(&mut *tx)
                        .await?;
                    new_id
                }
                None => series_id,
            };
            let update = sqlx::query(
                "update event_series set title = $1, description = $2, category_id = $3, group_id = $4, seats = $5,
                     starts_local = $6, duration_minutes = $7, rrule = $8, skip_public_holidays = $9,
                     skip_school_holidays = $10, materialised_until = $11, room_id = $12, updated_at = $13,
                     audience = $15, languages = $16, price_kind = $17, price_cents = $18, accessibility = $19,
                     contact = $20
                 where series_id = $14",
            )
            .bind(&details.title)
            .bind(&details.description)
            .bind(details.category_id)
            .bind(details.group_id)
            .bind(details.seats)
            .bind(machine_date_time(new.first_start))
            .bind(i32::try_from(new.duration_minutes).unwrap_or(i32::MAX))
            .bind(rrule)
            .bind(new.skip_public_holidays)
            .bind(new.skip_school_holidays)
            .bind(machine_date(until))
            .bind(details.room_id)
            .bind(instant(now()))
            .bind(target);
            bind_detail_columns!(update, &details)
                .execute(&mut *tx)
                .await?;
            for (occurrence_id, o) in &plan.update {
                sqlx::query(
                    "update occurrence set starts_at = $1, ends_at = $2, room_id = $3, updated_at = $4
                     where occurrence_id = $5",
                )
                .bind(instant(o.starts_at))
                .bind(instant(o.ends_at))
                .bind(details.room_id)
                .bind(instant(now()))
                .bind(occurrence_id)
                .execute(&mut *tx)
                .await?;
                let moved = times.iter().any(|(id, starts_at, ends_at)| {
                    id == occurrence_id && (*starts_at != instant(o.starts_at) || *ends_at != instant(o.ends_at))
                });
                if moved {
                    queue_date_mails!(tx, *occurrence_id, false);
                }
            }
            for o in &plan.insert {
                sqlx::query(
                    "insert into occurrence (series_id, room_id, starts_at, ends_at, local_date)
                     values ($1, $2, $3, $4, $5)",
                )
                .bind(target)
                .bind(details.room_id)
                .bind(instant(o.starts_at))
                .bind(instant(o.ends_at))
                .bind(machine_date(o.date))
                .execute(&mut *tx)
                .await?;
            }
            for occurrence_id in &plan.delete {
                sqlx::query("delete from occurrence where occurrence_id = $1")
                    .bind(occurrence_id)
                    .execute(&mut *tx)
                    .await?;
            }
            for occurrence_id in &plan.cancel {
                sqlx::query("update occurrence set status = 'cancelled', is_override = $2, updated_at = $3 where occurrence_id = $1")
                    .bind(occurrence_id)
                    .bind(true)
                    .bind(instant(now()))
                    .execute(&mut *tx)
                    .await?;
                queue_date_mails!(tx, *occurrence_id, true);
            }
            if let Some(seats) = details.seats.filter(|seats| old_seats.is_some_and(|old| *seats > old)) {
                for occurrence_id in times.iter().map(|(id, _, _)| *id).filter(|id| !plan.cancel.contains(id)) {
                    let (starts_at, ends_at): (DateTime<Utc>, DateTime<Utc>) =
                        sqlx::query_as("select starts_at, ends_at from occurrence where occurrence_id = $1")
                            .bind(occurrence_id)
                            .fetch_one(&mut *tx)
                            .await?;
                    promote_waitlist!(tx, occurrence_id, i64::from(seats), &details.title, starts_at, ends_at);
                }
            }
            sqlx::query(audit_sql())
                .bind(by)
                .bind(if split_at.is_some() { "series.change_following" } else { "series.change_all" })
                .bind(format!("series:{target}"))
                .execute(&mut *tx)
                .await?;
            let gone = plan.delete.contains(&change.occurrence_id);
            let shown: Option<i64> = if gone {
                sqlx::query_scalar(
                    "select occurrence_id from occurrence where series_id = $1 and local_date >= $2
                     order by starts_at limit 1",
                )
                .bind(target)
                .bind(machine_date(from))
                .fetch_optional(&mut *tx)
                .await?
            } else {
                Some(change.occurrence_id)
            };
            tx.commit().await?;
            Ok(shown)
        })
    }

    /// Changes one date on its own: its time, its room, or whether it takes
    /// place. The date is marked as changed, so later changes to the series
    /// leave it alone. Moving it, or letting it take place again, checks its
    /// room under the room's lock (rule 1); people registered get a mail.
    pub async fn change_date(
        &self,
        occurrence_id: i64,
        change: DateChange,
        by: i64,
    ) -> StoreResult<()> {
        let begin = self.begin_write_sql();
        on_db!(self, pool, backend => {
            let mut tx = pool.begin_with(begin).await?;
            let Some(date) = sqlx::query_as::<_, OpenedDate>(OPENED_SQL)
                .bind(occurrence_id)
                .fetch_optional(&mut *tx)
                .await?
            else {
                return Err(AppError::NotFound.into());
            };
            let slot = change.slot.unwrap_or(TimeSlot { starts_at: date.starts_at, ends_at: date.ends_at });
            let room_id = change.room_id.or(date.room_id);
            let was_cancelled = date.status == "cancelled";
            let cancelled = change.cancelled.unwrap_or(was_cancelled);
            let room = locked_room!(tx, backend, room_id);
            if let (false, Some((room_id, buffers))) = (cancelled, room) {
                let others = format!("{OCCUPIED_SQL} and o.occurrence_id <> $4");
                let taken = room_uses!(tx, &others, room_id, buffers, &[slot], occurrence_id);
                if collides_with([slot], &taken, buffers) {
                    return Err(AppError::invalid("room_id", Msg::RoomTaken).into());
                }
            }
            sqlx::query(
                "update occurrence set starts_at = $1, ends_at = $2, room_id = $3, status = $4, is_override = $5,
                     updated_at = $6
                 where occurrence_id = $7",
            )
            .bind(instant(slot.starts_at))
            .bind(instant(slot.ends_at))
            .bind(room_id)
            .bind(if cancelled { "cancelled" } else { "scheduled" })
            .bind(true)
            .bind(instant(now()))
            .bind(occurrence_id)
            .execute(&mut *tx)
            .await?;
            let moved = slot.starts_at != date.starts_at || slot.ends_at != date.ends_at;
            if cancelled != was_cancelled || (moved && !cancelled) {
                queue_date_mails!(tx, occurrence_id, cancelled);
            }
            let action = match (was_cancelled, cancelled) {
                (false, true) => "date.cancel",
                (true, false) => "date.reinstate",
                _ => "date.change",
            };
            sqlx::query(audit_sql())
                .bind(by)
                .bind(action)
                .bind(format!("occurrence:{occurrence_id}"))
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// Gives a series back a date that a holiday, a closure or an exception
    /// skipped, if the series' room is free then. Returns the restored date's id
    /// when it lies within the stored horizon.
    pub async fn restore_date(
        &self,
        series_id: i64,
        date: NaiveDate,
        by: i64,
    ) -> StoreResult<Option<i64>> {
        let begin = self.begin_write_sql();
        on_db!(self, pool, backend => {
            let mut tx = pool.begin_with(begin).await?;
            let Some(row) = sqlx::query_as::<_, SeriesDefinitionRow>(lock_series_sql(backend))
                .bind(series_id)
                .fetch_optional(&mut *tx)
                .await?
            else {
                return Err(AppError::NotFound.into());
            };
            let marked = series_marks_of!(&mut *tx, series_id);
            let Some(mut series) = row.series(&marked) else {
                return Err(AppError::NotFound.into());
            };
            let closures = house_closures!(&mut *tx, row.house_id);
            let Some(occurrence) = series.expand(date, date, &closures).into_iter().find(|o| o.skipped.is_some()) else {
                return Err(AppError::NotFound.into());
            };
            series.exceptions.remove(&date);
            series.restored.insert(date);
            sqlx::query("delete from series_date where series_id = $1 and local_date = $2")
                .bind(series_id)
                .bind(machine_date(date))
                .execute(&mut *tx)
                .await?;
            if occurrence.skipped != Some(Skip::Exception) {
                sqlx::query("insert into series_date (series_id, local_date, kind) values ($1, $2, 'restored')")
                    .bind(series_id)
                    .bind(machine_date(date))
                    .execute(&mut *tx)
                    .await?;
            }
            let within = row.materialised_until.as_deref().and_then(parse_date).is_some_and(|until| date <= until);
            let mut restored = None;
            if within {
                let room = locked_room!(tx, backend, row.room_id);
                let slot = TimeSlot { starts_at: occurrence.starts_at, ends_at: occurrence.ends_at };
                if let Some((room_id, buffers)) = room {
                    let taken = room_uses!(tx, OCCUPIED_SQL, room_id, buffers, &[slot]);
                    if collides_with([slot], &taken, buffers) {
                        return Err(AppError::Conflict(Msg::RoomTaken).into());
                    }
                }
                restored = sqlx::query_scalar(
                    "insert into occurrence (series_id, room_id, starts_at, ends_at, local_date)
                     values ($1, $2, $3, $4, $5) on conflict do nothing returning occurrence_id",
                )
                .bind(series_id)
                .bind(row.room_id)
                .bind(instant(slot.starts_at))
                .bind(instant(slot.ends_at))
                .bind(machine_date(date))
                .fetch_optional(&mut *tx)
                .await?;
            }
            sqlx::query(audit_sql())
                .bind(by)
                .bind("series.restore_date")
                .bind(format!("series:{series_id}:{}", machine_date(date)))
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(restored)
        })
    }
}
