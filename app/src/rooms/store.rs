//! The room steps of a writing transaction: lock the room, read its uses,
//! and refuse a use that does not fit (rule 1 of DESIGN.md). A use of a
//! combined room blocks its parts and the other way round.
use super::rules::{RoomBuffers, collides_with, collision_bounds, overlaps_itself};
use crate::args;
use crate::calendar::rules::TimeSlot;
use crate::db::{Backend, StoreResult, Tx, instant};
use crate::i18n::Msg;
use crate::kernel::error::AppError;
use crate::series::fields as series_fields;

/// A room read and, on PostgreSQL, its house row-locked until the transaction
/// ends, so every write that occupies a room of the house (the series forms,
/// the planner) is decided one after the other, on any server, including writes
/// to the rooms that share floor space with it. (SQLite's write transaction
/// already holds the database lock.)
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LockedRoom {
    pub room_id: i64,
    pub house_id: i64,
    pub buffers: RoomBuffers,
}

const ROOM_SQL: &str =
    "select house_id, buffer_before_minutes, buffer_after_minutes from room where room_id = $1";

/// The rooms sharing floor space with room `$1`: itself, its parts, the
/// combinations it is part of, and those sharing a part with it.
pub(crate) const SHARING_FLOOR_SQL: &str = "select $1
     union select part_room_id from room_part where whole_room_id = $1
     union select whole_room_id from room_part where part_room_id = $1
     union select w.whole_room_id from room_part w
         join room_part p on p.part_room_id = w.part_room_id where p.whole_room_id = $1";

/// The scheduled uses (dates of series not cancelled) of a room and of the
/// rooms sharing its floor space, overlapping `($3, $2)`.
fn room_uses_sql() -> String {
    format!(
        "select o.occurrence_id, o.starts_at, o.ends_at from occurrence o
         join event_series s on s.series_id = o.series_id
         where o.room_id in ({SHARING_FLOOR_SQL}) and o.status = 'scheduled'
           and s.status <> 'cancelled' and o.starts_at < $2 and o.ends_at > $3"
    )
}

impl Tx {
    /// Locks the house whose rooms a write occupies (on PostgreSQL; SQLite's
    /// write transaction holds the whole database). Whether the house exists.
    pub async fn lock_house(&mut self, house_id: i64) -> StoreResult<bool> {
        let sql = match self.backend() {
            Backend::Sqlite => "select house_id from house where house_id = $1",
            Backend::Postgres => "select house_id from house where house_id = $1 for update",
        };
        let found: Option<i64> = self.value_optional(sql, args![house_id]).await?;
        Ok(found.is_some())
    }

    /// Locks a room, by its house; `None` when there is no such room.
    pub async fn lock_room(&mut self, room_id: i64) -> StoreResult<Option<LockedRoom>> {
        let row: Option<(i64, i32, i32)> = self.optional(ROOM_SQL, args![room_id]).await?;
        let Some((house_id, before_minutes, after_minutes)) = row else {
            return Ok(None);
        };
        self.lock_house(house_id).await?;
        Ok(Some(LockedRoom {
            room_id,
            house_id,
            buffers: RoomBuffers {
                before_minutes,
                after_minutes,
            },
        }))
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
                &room_uses_sql(),
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
