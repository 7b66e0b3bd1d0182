//! The room rule set: how uses of one room must lie apart (set-up and
//! clear-up buffers). Pure, so the browser and the server judge alike.
use crate::calendar::rules::TimeSlot;
use chrono::Duration;

/// Set-up and clear-up minutes a room needs around every use.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RoomBuffers {
    pub before_minutes: i32,
    pub after_minutes: i32,
}

impl RoomBuffers {
    /// Two uses of one room must lie at least this far apart: the first one's
    /// clear-up and the second one's set-up.
    pub fn gap(self) -> Duration {
        Duration::minutes(
            i64::from(self.before_minutes.max(0)) + i64::from(self.after_minutes.max(0)),
        )
    }
}

/// Whether two uses of the same room collide once its buffers are counted.
pub fn slots_collide(a: TimeSlot, b: TimeSlot, buffers: RoomBuffers) -> bool {
    let gap = buffers.gap();
    a.starts_at < b.ends_at + gap && b.starts_at < a.ends_at + gap
}

/// The window in which an existing use's start must lie to collide with `slot`:
/// it collides when `existing.starts_at < bound.ends_at` and `existing.ends_at > bound.starts_at`.
pub fn collision_bounds(slot: TimeSlot, buffers: RoomBuffers) -> TimeSlot {
    TimeSlot {
        starts_at: slot.starts_at - buffers.gap(),
        ends_at: slot.ends_at + buffers.gap(),
    }
}

/// Whether two dates of one series would use its room at once (a daily series
/// longer than a day, or buffers that reach into the next date).
pub fn overlaps_itself(slots: &[TimeSlot], buffers: RoomBuffers) -> bool {
    let mut sorted = slots.to_vec();
    sorted.sort_by_key(|s| s.starts_at);
    sorted
        .windows(2)
        .any(|pair| slots_collide(pair[0], pair[1], buffers))
}

/// Whether any of `slots` collides with a use of the room in `taken`.
pub fn collides_with(
    slots: impl IntoIterator<Item = TimeSlot>,
    taken: &[TimeSlot],
    buffers: RoomBuffers,
) -> bool {
    slots
        .into_iter()
        .any(|slot| taken.iter().any(|t| slots_collide(slot, *t, buffers)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, TimeZone, Utc};

    fn slot(from_h: u32, from_m: u32, to_h: u32, to_m: u32) -> TimeSlot {
        let at = |h, m| {
            Utc.with_ymd_and_hms(2026, 12, 5, h, m, 0)
                .single()
                .expect("valid")
        };
        TimeSlot {
            starts_at: at(from_h, from_m),
            ends_at: at(to_h, to_m),
        }
    }

    fn collides_by_bounds(existing: TimeSlot, new: TimeSlot, buffers: RoomBuffers) -> bool {
        let bound = collision_bounds(new, buffers);
        existing.starts_at < bound.ends_at && existing.ends_at > bound.starts_at
    }

    #[test]
    fn back_to_back_uses_fit_without_buffers_but_not_with_them() {
        let first = slot(10, 0, 12, 0);
        let second = slot(12, 0, 14, 0);
        assert!(!slots_collide(first, second, RoomBuffers::default()));
        let buffers = RoomBuffers {
            before_minutes: 15,
            after_minutes: 15,
        };
        assert!(slots_collide(first, second, buffers));
        assert!(!slots_collide(first, slot(12, 30, 14, 0), buffers));
        assert!(slots_collide(first, slot(12, 29, 14, 0), buffers));
    }

    #[test]
    fn the_sql_bounds_agree_with_the_rule_in_both_orders() {
        let buffers = RoomBuffers {
            before_minutes: 10,
            after_minutes: 20,
        };
        let cases = [
            slot(9, 0, 10, 0),
            slot(10, 0, 11, 0),
            slot(11, 25, 12, 0),
            slot(11, 30, 12, 0),
            slot(8, 0, 13, 0),
        ];
        for a in cases {
            for b in cases {
                assert_eq!(
                    slots_collide(a, b, buffers),
                    collides_by_bounds(a, b, buffers),
                    "{a:?} {b:?}"
                );
                assert_eq!(slots_collide(a, b, buffers), slots_collide(b, a, buffers));
            }
        }
    }

    #[test]
    fn a_series_that_overlaps_itself_is_found() {
        let at = DateTime::parse_from_rfc3339("2027-03-27T12:00:00Z")
            .expect("an instant")
            .with_timezone(&Utc);
        let slot = |h: i64, len: i64| TimeSlot {
            starts_at: at + Duration::hours(h),
            ends_at: at + Duration::hours(h + len),
        };
        let none = RoomBuffers::default();
        assert!(!overlaps_itself(
            &[slot(0, 2), slot(24, 2), slot(48, 2)],
            none
        ));
        assert!(overlaps_itself(
            &[slot(48, 2), slot(0, 25), slot(24, 25)],
            none
        ));
        let wide = RoomBuffers {
            before_minutes: 0,
            after_minutes: 120,
        };
        assert!(overlaps_itself(&[slot(0, 2), slot(3, 1)], wide));
        assert!(collides_with([slot(1, 1)], &[slot(0, 2)], none));
        assert!(!collides_with([slot(5, 1)], &[slot(0, 2)], none));
    }
}
