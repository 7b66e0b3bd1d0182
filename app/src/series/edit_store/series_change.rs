//! Changing a series from the opened date on: this and the following dates,
//! or all of them.
use crate::args;
use crate::calendar::rules::{SeriesDetails, TimeSlot};
use crate::calendar::store::parse_date;
use crate::db::{Backend, Db, StoreResult, Tx, instant, now};
use crate::i18n::{Msg, machine_date};
use crate::kernel::error::AppError;
use crate::kernel::time::HOUSE_ZONE;
use crate::registrations::rules::seats_cover_confirmed;
use crate::registrations::store::DateForMail;
use crate::series::change::{SeriesChange, plan_series_change};
use crate::series::fields as series_fields;
use crate::series::recurrence::{Occurrence, horizon};
use crate::series::rules::{StoredDate, plan_dates};
use crate::series::store::{definition_columns, detail_columns};
use chrono::{DateTime, NaiveDate, Utc};

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

/// The stored dates of a series from a local date on.
const STORED_DATES_SQL: &str = "select o.occurrence_id, o.local_date, o.is_override,
        exists (select 1 from registration r where r.occurrence_id = o.occurrence_id
                and r.status in ('confirmed', 'waitlisted')) as has_registrations,
        o.starts_at, o.ends_at
     from occurrence o where o.series_id = $1 and o.local_date >= $2";

impl Tx {
    /// The stored dates of a series from `from` on, locked on PostgreSQL so
    /// that a registration cannot slip in while they are replaced.
    async fn lock_stored_dates(
        &mut self,
        series_id: i64,
        from: NaiveDate,
    ) -> StoreResult<Vec<StoredRow>> {
        let sql = match self.backend() {
            Backend::Sqlite => STORED_DATES_SQL.to_owned(),
            Backend::Postgres => format!("{STORED_DATES_SQL} for update of o"),
        };
        self.all(&sql, args![series_id, machine_date(from)]).await
    }

    /// Refuses a category or group that does not exist, at its field.
    async fn ensure_known(&mut self, details: &SeriesDetails) -> StoreResult<()> {
        let category: Option<i64> = self
            .value_optional(
                "select category_id from category where category_id = $1",
                args![details.category_id],
            )
            .await?;
        if category.is_none() {
            return Err(AppError::invalid(series_fields::CATEGORY_ID, Msg::CategoryUnknown).into());
        }
        if let Some(group_id) = details.group_id {
            let group: Option<i64> = self
                .value_optional(
                    "select group_id from community_group where group_id = $1",
                    args![group_id],
                )
                .await?;
            if group.is_none() {
                return Err(AppError::invalid(series_fields::GROUP_ID, Msg::GroupUnknown).into());
            }
        }
        Ok(())
    }

    /// Copies a series; the copy takes the dates and marks from `at` on.
    async fn split_series(&mut self, series_id: i64, at: NaiveDate) -> StoreResult<i64> {
        const COPIED: &str = "house_id, title, description, category_id, group_id, visibility, status,
             created_by, audience, languages, price_kind, price_cents, accessibility, contact, seats, privacy,
             starts_local, duration_minutes, rrule, skip_public_holidays, skip_school_holidays,
             materialised_until, room_id";
        let copy = format!(
            "insert into event_series ({COPIED}) select {COPIED} from event_series where series_id = $1
             returning series_id"
        );
        let new_id: i64 = self.value(&copy, args![series_id]).await?;
        for table in ["occurrence", "series_date"] {
            let sql = format!(
                "update {table} set series_id = $1 where series_id = $2 and local_date >= $3"
            );
            self.execute(&sql, args![new_id, series_id, machine_date(at)])
                .await?;
        }
        Ok(new_id)
    }
}

impl Db {
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
        let details = &change.details;
        let mut tx = self.begin_write().await?;
        let Some(opened) = tx.opened_date(change.occurrence_id).await? else {
            return Err(AppError::NotFound.into());
        };
        let series_id = opened.series_id;
        let Some(row) = tx.lock_series(series_id).await? else {
            return Err(AppError::NotFound.into());
        };
        let marked = tx.series_marks_of(series_id).await?;
        let Some(old) = row.series(&marked) else {
            return Err(AppError::NotFound.into());
        };
        let old_seats: Option<i32> = tx
            .value(
                "select seats from event_series where series_id = $1",
                args![series_id],
            )
            .await?;
        let room = tx.lock_named_room(details.room_id).await?;
        tx.ensure_known(details).await?;
        let opened_date = opened
            .local_date
            .as_deref()
            .and_then(parse_date)
            .unwrap_or(old.first_start.date());
        let plan = plan_series_change(&old, opened_date, change, today)
            .map_err(|e| AppError::Invalid(vec![e]))?;
        let new = &plan.new;
        let stored_until = row
            .materialised_until
            .as_deref()
            .and_then(parse_date)
            .unwrap_or(today);
        let until = stored_until.max(horizon(today));
        let closures = tx.house_closures(row.house_id).await?;
        // The opened date, where the organiser put it, must be a date of the new rule.
        let start_date = change.start.date();
        if new.expand(start_date, start_date, &closures).is_empty() {
            return Err(AppError::invalid(series_fields::STARTS_AT, Msg::StartNotInRule).into());
        }
        let all_dates = new.expand(new.first_start.date(), until, &closures);
        if all_dates.iter().all(|o| o.skipped.is_some()) {
            return Err(AppError::invalid(series_fields::REPEAT, Msg::RecurrenceNoDates).into());
        }
        let wanted: Vec<Occurrence> = all_dates
            .into_iter()
            .filter(|o| o.skipped.is_none() && o.date >= plan.wanted_from)
            .collect();
        let stored = tx.lock_stored_dates(series_id, plan.from).await?;
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
            return Err(AppError::invalid(series_fields::REPEAT, Msg::RecurrenceNoDates).into());
        }
        let dates = plan_dates(&wanted, &stored);
        let most_confirmed: Option<i64> = tx
            .value(
                "select max(n) from (select count(*) as n from registration r
                     join occurrence o on o.occurrence_id = r.occurrence_id
                     where o.series_id = $1 and o.local_date >= $2 and r.status = 'confirmed'
                     group by r.occurrence_id) as counts",
                args![series_id, machine_date(plan.from)],
            )
            .await?;
        seats_cover_confirmed(details.seats, most_confirmed.unwrap_or(0))
            .map_err(|e| AppError::Invalid(vec![e]))?;
        if let Some(room) = &room {
            let slots: Vec<TimeSlot> = dates.scheduled_slots().collect();
            // Every other use of the room counts, the series' own dates that stay included.
            let replaced: Vec<i64> = dates
                .update
                .iter()
                .map(|(id, _)| *id)
                .chain(dates.delete.iter().copied())
                .chain(dates.cancel.iter().copied())
                .collect();
            tx.ensure_free(room, &slots, &replaced).await?;
        }
        let target = match plan.split_at {
            Some(at) => {
                let new_id = tx.split_series(series_id, at).await?;
                tx.execute(
                    "update event_series set rrule = $1 where series_id = $2",
                    args![
                        plan.ended_rule.as_ref().map(|r| r.to_rrule(HOUSE_ZONE)),
                        series_id
                    ],
                )
                .await?;
                new_id
            }
            None => series_id,
        };
        let (sql, args) = detail_columns(details)
            .extend(definition_columns(new, until))
            .set("updated_at", instant(now()))
            .update("event_series", "series_id", target);
        tx.execute(&sql, args).await?;
        for (occurrence_id, o) in &dates.update {
            tx.execute(
                "update occurrence set starts_at = $1, ends_at = $2, room_id = $3, updated_at = $4
                 where occurrence_id = $5",
                args![
                    instant(o.starts_at),
                    instant(o.ends_at),
                    details.room_id,
                    instant(now()),
                    *occurrence_id
                ],
            )
            .await?;
            let moved = times.iter().any(|(id, starts_at, ends_at)| {
                id == occurrence_id
                    && (*starts_at != instant(o.starts_at) || *ends_at != instant(o.ends_at))
            });
            if moved {
                tx.queue_date_mails(*occurrence_id, false).await?;
            }
        }
        for o in &dates.insert {
            tx.execute(
                "insert into occurrence (series_id, room_id, starts_at, ends_at, local_date)
                 values ($1, $2, $3, $4, $5)",
                args![
                    target,
                    details.room_id,
                    instant(o.starts_at),
                    instant(o.ends_at),
                    machine_date(o.date)
                ],
            )
            .await?;
        }
        for occurrence_id in &dates.delete {
            tx.execute(
                "delete from occurrence where occurrence_id = $1",
                args![*occurrence_id],
            )
            .await?;
        }
        for occurrence_id in &dates.cancel {
            tx.execute(
                "update occurrence set status = 'cancelled', is_override = $2, updated_at = $3
                 where occurrence_id = $1",
                args![*occurrence_id, true, instant(now())],
            )
            .await?;
            tx.queue_date_mails(*occurrence_id, true).await?;
        }
        if let Some(seats) = details
            .seats
            .filter(|seats| old_seats.is_some_and(|old| *seats > old))
        {
            let kept = times
                .iter()
                .map(|(id, _, _)| *id)
                .filter(|id| !dates.cancel.contains(id));
            for occurrence_id in kept {
                let (starts_at, ends_at): (DateTime<Utc>, DateTime<Utc>) = tx
                    .one(
                        "select starts_at, ends_at from occurrence where occurrence_id = $1",
                        args![occurrence_id],
                    )
                    .await?;
                let mail = DateForMail {
                    title: &details.title,
                    starts_at,
                    ends_at,
                };
                tx.promote_waitlist(occurrence_id, i64::from(seats), mail)
                    .await?;
            }
        }
        let action = if plan.split_at.is_some() {
            "series.change_following"
        } else {
            "series.change_all"
        };
        tx.audit(Some(by), action, &format!("series:{target}"))
            .await?;
        let shown: Option<i64> = if dates.delete.contains(&change.occurrence_id) {
            tx.value_optional(
                "select occurrence_id from occurrence where series_id = $1 and local_date >= $2
                 order by starts_at limit 1",
                args![target, machine_date(plan.from)],
            )
            .await?
        } else {
            Some(change.occurrence_id)
        };
        tx.commit().await?;
        Ok(shown)
    }
}
