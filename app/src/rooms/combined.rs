//! Rooms as the planner sees them, and which rooms share floor space: a room
//! may be the combination of others (hall = hall A + hall B).
use crate::rooms::rules::RoomBuffers;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// A room of the house, as plain data.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomInfo {
    pub room_id: i64,
    /// The rooms this one combines; empty for a room that is not divisible.
    pub parts: Vec<i64>,
    pub capacity: u32,
    /// Slugs such as "step_free", "kitchen", "projector", "piano", "mats".
    pub features: Vec<String>,
    pub buffer_before_minutes: i32,
    pub buffer_after_minutes: i32,
}

impl RoomInfo {
    pub fn buffers(&self) -> RoomBuffers {
        RoomBuffers {
            before_minutes: self.buffer_before_minutes,
            after_minutes: self.buffer_after_minutes,
        }
    }

    pub fn has_feature(&self, slug: &str) -> bool {
        self.features.iter().any(|f| f == slug)
    }
}

/// The undivided rooms `room_id` is made of (itself when it has no parts).
/// Nested combinations are followed; a cycle in the data is not followed twice
/// and leaves the room standing for itself.
fn floor_space(room_id: i64, rooms: &[RoomInfo]) -> BTreeSet<i64> {
    let mut space = BTreeSet::new();
    let mut seen = BTreeSet::new();
    let mut pending = vec![room_id];
    while let Some(id) = pending.pop() {
        if !seen.insert(id) {
            continue;
        }
        match rooms.iter().find(|r| r.room_id == id) {
            Some(room) if !room.parts.is_empty() => pending.extend(&room.parts),
            _ => {
                space.insert(id);
            }
        }
    }
    if space.is_empty() {
        space.insert(room_id);
    }
    space
}

/// The rooms whose use blocks `room_id`: itself, the rooms it combines and
/// the combinations it is part of. Two rooms block each other exactly when
/// they share floor space, so two parts of one whole do not.
pub fn conflicting_rooms(room_id: i64, rooms: &[RoomInfo]) -> BTreeSet<i64> {
    let space = floor_space(room_id, rooms);
    let mut blocking: BTreeSet<i64> = rooms
        .iter()
        .filter(|other| !floor_space(other.room_id, rooms).is_disjoint(&space))
        .map(|other| other.room_id)
        .collect();
    blocking.insert(room_id);
    blocking
}

/// The buffers that count between uses of two rooms that share floor space:
/// the stricter of both, so neither room's set-up or clear-up is cut short.
/// For one room this is its own buffers.
pub fn buffers_between(a: &RoomInfo, b: &RoomInfo) -> RoomBuffers {
    RoomBuffers {
        before_minutes: a.buffer_before_minutes.max(b.buffer_before_minutes),
        after_minutes: a.buffer_after_minutes.max(b.buffer_after_minutes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn room(room_id: i64, parts: &[i64]) -> RoomInfo {
        RoomInfo {
            room_id,
            parts: parts.to_vec(),
            ..RoomInfo::default()
        }
    }

    /// Hall 1 = hall A (2) + hall B (3); the café (4) stands alone.
    fn house() -> Vec<RoomInfo> {
        vec![room(1, &[2, 3]), room(2, &[]), room(3, &[]), room(4, &[])]
    }

    fn ids(list: &[i64]) -> BTreeSet<i64> {
        list.iter().copied().collect()
    }

    #[test]
    fn the_whole_hall_is_blocked_by_both_its_parts() {
        assert_eq!(conflicting_rooms(1, &house()), ids(&[1, 2, 3]));
    }

    #[test]
    fn a_part_is_blocked_by_the_whole_but_not_by_the_other_part() {
        assert_eq!(conflicting_rooms(2, &house()), ids(&[1, 2]));
        assert_eq!(conflicting_rooms(3, &house()), ids(&[1, 3]));
    }

    #[test]
    fn a_room_that_is_not_divisible_is_blocked_only_by_itself() {
        assert_eq!(conflicting_rooms(4, &house()), ids(&[4]));
        assert_eq!(conflicting_rooms(99, &house()), ids(&[99]));
    }

    #[test]
    fn nested_and_overlapping_combinations_share_their_floor_space() {
        // 10 = 11 + 12, 11 = 13 + 14; 15 = 12 + 16 overlaps 10 in 12.
        let rooms = vec![
            room(10, &[11, 12]),
            room(11, &[13, 14]),
            room(12, &[]),
            room(13, &[]),
            room(14, &[]),
            room(15, &[12, 16]),
            room(16, &[]),
        ];
        assert_eq!(conflicting_rooms(13, &rooms), ids(&[10, 11, 13]));
        assert_eq!(conflicting_rooms(15, &rooms), ids(&[10, 12, 15, 16]));
    }

    #[test]
    fn a_cycle_in_the_parts_does_not_loop_forever() {
        let rooms = vec![room(1, &[2]), room(2, &[1])];
        assert_eq!(conflicting_rooms(1, &rooms), ids(&[1]));
    }

    #[test]
    fn between_two_rooms_the_stricter_buffers_count() {
        let a = RoomInfo {
            buffer_before_minutes: 30,
            buffer_after_minutes: 5,
            ..room(1, &[])
        };
        let b = RoomInfo {
            buffer_before_minutes: 10,
            buffer_after_minutes: 15,
            ..room(2, &[])
        };
        let both = buffers_between(&a, &b);
        assert_eq!((both.before_minutes, both.after_minutes), (30, 15));
        assert_eq!(buffers_between(&a, &a), a.buffers());
    }
}
