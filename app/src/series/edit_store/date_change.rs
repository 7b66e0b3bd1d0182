//! Changing one date on its own, and giving a series back a date it skipped.
use crate::args;
use crate::calendar::rules::TimeSlot;
use crate::calendar::status::DateStatus;
use crate::calendar::store::parse_date;
use crate::db::{Db, StoreResult, instant, now};
use crate::i18n::{Msg, machine_date};
use crate::kernel::error::AppError;
use crate::series::recurrence::Skip;
use chrono::NaiveDate;

/// A change to one date on its own; `None` keeps what it has.
#[derive(Clone, Copy, Debug, Default)]
pub struct DateChange {
    pub slot: Option<TimeSlot>,
    pub room_id: Option<i64>,
    pub cancelled: Option<bool>,
}

impl Db {
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
