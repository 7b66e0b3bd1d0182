//! The room steps of a writing transaction: lock the room, read its uses,
//! and refuse a use that does not fit (rule 1 of DESIGN.md).
use super::rules::{RoomBuffers, collides_with, collision_bounds, overlaps_itself};
use crate::args;
use crate::calendar::rules::TimeSlot;
use crate::db::{Backend, StoreResult, Tx, instant};
use crate::i18n::Msg;
use crate::kernel::error::AppError;
use crate::series::fields as series_fields;

/// A room read and, on PostgreSQL, row-locked until the transaction ends, so
/// writes that occupy it are decided one after the other, on any server.
/// (SQLite's write transaction already holds the database lock.)
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LockedRoom {
    pub room_id: i64,
    pub house_id: i64,
    pub buffers: RoomBuffers,
}

fn lock_room_sql(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => {
            "select house_id, buffer_before_minutes, buffer_after_minutes from room where room_id = $1"
        }
        Backend::Postgres => {
            "select house_id, buffer_before_minutes, buffer_after_minutes from room where room_id = $1 for update"
        }
    }
}

/// The scheduled uses of a room (dates of series not cancelled) overlapping `($3, $2)`.
const ROOM_USES_SQL: &str = "select o.occurrence_id, o.starts_at, o.ends_at from occurrence o
     join event_series s on s.series_id = o.series_id
     where o.room_id = $1 and o.status = 'scheduled' and s.status <> 'cancelled'
       and o.starts_at < $2 and o.ends_at > $3";

impl Tx {
    /// Locks a room; `None` when there is no such room.
    pub async fn lock_room(&mut self, room_id: i64) -> StoreResult<Option<LockedRoom>> {
        let row: Option<(i64, i32, i32)> = self
            .optional(lock_room_sql(self.backend()), args![room_id])
            .await?;
        Ok(
            row.map(|(house_id, before_minutes, after_minutes)| LockedRoom {
                room_id,
                house_id,
                buffers: RoomBuffers {
                    before_minutes,
                    after_minutes,
                },
            }),
        )
    }

    /// Locks the room a write names, refusing an unknown one at its field.
    pub async fn lock_named_room(
        &mut self,
        room_id: Option<i64>,
    ) -> StoreResult<Option<LockedRoom>> {
        let Some(room_id) = room_id else {
            return Ok(None);
        };
        match self.lock_room(room_id).await? {
            Some(room) => Ok(Some(room)),
            None => Err(AppError::invalid(series_fields::ROOM_ID, Msg::RoomUnknown).into()),
        }
    }

    /// The uses of a room that could block `slots` (buffers counted), with their
    /// date ids.
    pub async fn room_uses(
        &mut self,
        room: &LockedRoom,
        slots: &[TimeSlot],
    ) -> StoreResult<Vec<(i64, TimeSlot)>> {
        let starts_at = slots.iter().map(|s| s.starts_at).min();
        let ends_at = slots.iter().map(|s| s.ends_at).max();
        let (Some(starts_at), Some(ends_at)) = (starts_at, ends_at) else {
            return Ok(Vec::new());
        };
        let bounds = collision_bounds(TimeSlot { starts_at, ends_at }, room.buffers);
        let rows: Vec<(
            i64,
            chrono::DateTime<chrono::Utc>,
            chrono::DateTime<chrono::Utc>,
        )> = self
            .all(
                ROOM_USES_SQL,
                args![
                    room.room_id,
                    instant(bounds.ends_at),
                    instant(bounds.starts_at)
                ],
            )
            .await?;
        Ok(rows
            .into_iter()
            .map(|(id, starts_at, ends_at)| (id, TimeSlot { starts_at, ends_at }))
            .collect())
    }

    /// Whether `slots` fit in the room beside every other use of it; the dates
    /// in `replaced` are the ones this write moves or removes, so they do not count.
    pub async fn room_is_free(
        &mut self,
        room: &LockedRoom,
        slots: &[TimeSlot],
        replaced: &[i64],
    ) -> StoreResult<bool> {
        let taken: Vec<TimeSlot> = self
            .room_uses(room, slots)
            .await?
            .into_iter()
            .filter(|(id, _)| !replaced.contains(id))
            .map(|(_, slot)| slot)
            .collect();
        Ok(!collides_with(slots.iter().copied(), &taken, room.buffers))
    }

    /// Refuses, at the field that can fix it, dates that would use the room at
    /// once with each other or with another use of it. Every write that puts a
    /// date into a room runs this, under the room's lock.
    pub async fn ensure_free(
        &mut self,
        room: &LockedRoom,
        slots: &[TimeSlot],
        replaced: &[i64],
    ) -> StoreResult<()> {
        if overlaps_itself(slots, room.buffers) {
            return Err(
                AppError::invalid(series_fields::ENDS_AT, Msg::SeriesOverlapsItself).into(),
            );
        }
        if !self.room_is_free(room, slots, replaced).await? {
            return Err(AppError::invalid(series_fields::ROOM_ID, Msg::RoomTaken).into());
        }
        Ok(())
    }
}
