//! Organisers' changes to series after they were made: one date, this and the
//! following dates, or all dates; skipped dates restored.
use crate::args;
use crate::calendar::rules::{SeriesDetails, TimeSlot};
use crate::calendar::status::DateStatus;
use crate::calendar::store::{SeriesDefinitionRow, parse_date};
use crate::db::{Backend, Db, StoreResult, Tx, instant, now};
use crate::i18n::{Locale, Msg, machine_date};
use crate::kernel::error::AppError;
use crate::kernel::time::HOUSE_ZONE;
use crate::registrations::rules::seats_cover_confirmed;
use crate::registrations::store::{DateForMail, date_changed_mail};
use crate::series::change::{SeriesChange, plan_series_change};
use crate::series::fields as series_fields;
use crate::series::recurrence::{Occurrence, Series, Skip, horizon};
use crate::series::rules::{StoredDate, plan_dates};
use crate::series::store::{definition_columns, detail_columns};
use chrono::{DateTime, NaiveDate, Utc};

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
    #[sqlx(try_from = "String")]
    pub status: DateStatus,
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
    #[sqlx(try_from = "String")]
    status: DateStatus,
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

/// The stored dates of a series from a local date on.
const STORED_DATES_SQL: &str = "select o.occurrence_id, o.local_date, o.is_override,
        exists (select 1 from registration r where r.occurrence_id = o.occurrence_id
                and r.status in ('confirmed', 'waitlisted')) as has_registrations,
        o.starts_at, o.ends_at
     from occurrence o where o.series_id = $1 and o.local_date >= $2";

/// Someone registered for a date, with what their mail about it says.
#[derive(sqlx::FromRow)]
struct RegisteredPerson {
    email: String,
    language: String,
    title: String,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
}

const OPENED_SQL: &str =
    "select series_id, local_date, is_override, starts_at, ends_at, room_id, status
     from occurrence where occurrence_id = $1";

impl Tx {
    async fn opened_date(&mut self, occurrence_id: i64) -> StoreResult<Option<OpenedDate>> {
        self.optional(OPENED_SQL, args![occurrence_id]).await
    }

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

    /// Writes a mail to everyone registered for a date that was moved or
    /// cancelled, in this transaction.
    async fn queue_date_mails(&mut self, occurrence_id: i64, cancelled: bool) -> StoreResult<()> {
        let people: Vec<RegisteredPerson> = self
            .all(
                "select a.email, a.language, s.title, o.starts_at, o.ends_at from registration r
                 join account a on a.account_id = r.account_id
                 join occurrence o on o.occurrence_id = r.occurrence_id
                 join event_series s on s.series_id = o.series_id
                 where r.occurrence_id = $1 and r.status in ('confirmed', 'waitlisted')
                 order by r.registration_id",
                args![occurrence_id],
            )
            .await?;
        for p in people {
            let locale = Locale::from_code(&p.language).unwrap_or_default();
            let (subject, body) =
                date_changed_mail(locale, cancelled, &p.title, p.starts_at, p.ends_at);
            self.queue_mail(&p.email, &subject, &body).await?;
        }
        Ok(())
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
    /// What the series editor shows for the date `occurrence_id`: the series,
    /// its dates from `today` on, and the dates holidays or closures skip.
    pub async fn series_editor(
        &self,
        occurrence_id: i64,
        today: NaiveDate,
    ) -> StoreResult<Option<SeriesEditorRows>> {
        let mut tx = self.begin_read().await?;
        let Some(opened) = tx.opened_date(occurrence_id).await? else {
            return Ok(None);
        };
        let Some(definition) = tx.series_definition(opened.series_id).await? else {
            return Ok(None);
        };
        let marked = tx.series_marks_of(opened.series_id).await?;
        let Some(series) = definition.series(&marked) else {
            return Ok(None);
        };
        let Some(details) = tx.series_details(opened.series_id).await? else {
            return Ok(None);
        };
        let dates: Vec<EditorDateRow> = tx
            .all(
                "select o.occurrence_id, o.starts_at, o.ends_at, o.status, o.is_override, r.name as room_name
                 from occurrence o left join room r on r.room_id = o.room_id
                 where o.series_id = $1 and o.local_date >= $2
                 order by o.starts_at limit 60",
                args![opened.series_id, machine_date(today)],
            )
            .await?;
        let closures = tx.house_closures(definition.house_id).await?;
        tx.commit().await?;
        let until = definition
            .materialised_until
            .as_deref()
            .and_then(parse_date)
            .unwrap_or(today);
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
        let mut tx = self.begin_write().await?;
        let Some(date) = tx.opened_date(occurrence_id).await? else {
            return Err(AppError::NotFound.into());
        };
        let slot = change.slot.unwrap_or(TimeSlot {
            starts_at: date.starts_at,
            ends_at: date.ends_at,
        });
        let room_id = change.room_id.or(date.room_id);
        let was_cancelled = date.status == DateStatus::Cancelled;
        let cancelled = change.cancelled.unwrap_or(was_cancelled);
        let room = tx.lock_named_room(room_id).await?;
        if let (false, Some(room)) = (cancelled, &room) {
            tx.ensure_free(room, &[slot], &[occurrence_id]).await?;
        }
        tx.execute(
            "update occurrence set starts_at = $1, ends_at = $2, room_id = $3, status = $4, is_override = $5,
                 updated_at = $6
             where occurrence_id = $7",
            args![
                instant(slot.starts_at),
                instant(slot.ends_at),
                room_id,
                DateStatus::of(cancelled).code(),
                true,
                instant(now()),
                occurrence_id
            ],
        )
        .await?;
        let moved = slot.starts_at != date.starts_at || slot.ends_at != date.ends_at;
        if cancelled != was_cancelled || (moved && !cancelled) {
            tx.queue_date_mails(occurrence_id, cancelled).await?;
        }
        let action = match (was_cancelled, cancelled) {
            (false, true) => "date.cancel",
            (true, false) => "date.reinstate",
            _ => "date.change",
        };
        tx.audit(Some(by), action, &format!("occurrence:{occurrence_id}"))
            .await?;
        tx.commit().await?;
        Ok(())
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
        let mut tx = self.begin_write().await?;
        let Some(row) = tx.lock_series(series_id).await? else {
            return Err(AppError::NotFound.into());
        };
        let marked = tx.series_marks_of(series_id).await?;
        let Some(series) = row.series(&marked) else {
            return Err(AppError::NotFound.into());
        };
        let closures = tx.house_closures(row.house_id).await?;
        let skipped = series
            .expand(date, date, &closures)
            .into_iter()
            .find(|o| o.skipped.is_some());
        let Some(occurrence) = skipped else {
            return Err(AppError::NotFound.into());
        };
        tx.execute(
            "delete from series_date where series_id = $1 and local_date = $2",
            args![series_id, machine_date(date)],
        )
        .await?;
        if occurrence.skipped != Some(Skip::Exception) {
            tx.execute(
                "insert into series_date (series_id, local_date, kind) values ($1, $2, 'restored')",
                args![series_id, machine_date(date)],
            )
            .await?;
        }
        let within = row
            .materialised_until
            .as_deref()
            .and_then(parse_date)
            .is_some_and(|until| date <= until);
        let mut restored = None;
        if within {
            let room = tx.lock_named_room(row.room_id).await?;
            let slot = TimeSlot {
                starts_at: occurrence.starts_at,
                ends_at: occurrence.ends_at,
            };
            if let Some(room) = &room
                && !tx.room_is_free(room, &[slot], &[]).await?
            {
                return Err(AppError::Conflict(Msg::RoomTaken).into());
            }
            restored = tx
                .value_optional(
                    "insert into occurrence (series_id, room_id, starts_at, ends_at, local_date)
                     values ($1, $2, $3, $4, $5) on conflict do nothing returning occurrence_id",
                    args![
                        series_id,
                        row.room_id,
                        instant(slot.starts_at),
                        instant(slot.ends_at),
                        machine_date(date)
                    ],
                )
                .await?;
        }
        let subject = format!("series:{series_id}:{}", machine_date(date));
        tx.audit(Some(by), "series.restore_date", &subject).await?;
        tx.commit().await?;
        Ok(restored)
    }
}
