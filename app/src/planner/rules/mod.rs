//! The planner's rule set: whether one placement of a use (a room, a start and
//! an end) fits among the house's other uses, rooms, hours and days. Conflicts
//! block the drop; warnings ask the organiser to confirm. Plain data in, plain
//! data out, so the server can send a verdict to the browser.
mod house;
mod quiet_days;
mod suggest;
mod time;

pub use crate::rooms::combined::{RoomInfo, buffers_between, conflicting_rooms};
pub use house::{DayHours, OpeningHours};
pub use quiet_days::{QuietDay, first_advent_sunday, quiet_day_nrw};
pub use suggest::{SUGGESTIONS, local_start, suggest};
pub use time::{
    FINE_SNAP_MINUTES, MAX_DURATION_HOURS, SNAP_MINUTES, series_date_slot, snap, snap_minutes,
};

use crate::calendar::rules::TimeSlot;
use crate::kernel::time::{HOUSE_ZONE, utc_to_local};
use crate::rooms::rules::slots_collide;
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The placement being judged: where an organiser dropped (or is dragging) a use.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    /// The date being moved; `None` for a new one. Its current placement is
    /// not counted against it.
    pub occurrence_id: Option<i64>,
    pub room_id: i64,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub expected_attendance: Option<u32>,
    /// Feature slugs the use needs ("step_free", "kitchen", …).
    pub required_features: Vec<String>,
    /// Music, a party: restricted on the legally quiet days.
    pub loud: bool,
}

impl Candidate {
    pub fn slot(&self) -> TimeSlot {
        TimeSlot {
            starts_at: self.starts_at,
            ends_at: self.ends_at,
        }
    }
}

/// An existing scheduled use of a room.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomUse {
    pub occurrence_id: i64,
    pub room_id: i64,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

impl RoomUse {
    pub fn slot(&self) -> TimeSlot {
        TimeSlot {
            starts_at: self.starts_at,
            ends_at: self.ends_at,
        }
    }
}

/// What a placement is judged against. The uses need only cover the
/// candidate's time and the rooms that share floor space with its room.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannerContext {
    pub rooms: Vec<RoomInfo>,
    pub uses: Vec<RoomUse>,
    pub opening_hours: OpeningHours,
    /// Local dates on which the house is closed.
    pub closures: Vec<NaiveDate>,
}

impl PlannerContext {
    pub fn room(&self, room_id: i64) -> Option<&RoomInfo> {
        self.rooms.iter().find(|r| r.room_id == room_id)
    }
}

/// Why a placement cannot be made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Conflict {
    EndNotAfterStart,
    TooLong {
        max_hours: i64,
    },
    UnknownRoom {
        room_id: i64,
    },
    /// Another use of this room, or of a room sharing its floor space, is too
    /// close once buffers are counted.
    RoomTaken {
        occurrence_id: i64,
        room_id: i64,
    },
    HouseClosedOnWeekday {
        weekday: Weekday,
    },
    OutsideOpeningHours {
        weekday: Weekday,
        opens: NaiveTime,
        closes: NaiveTime,
    },
    ClosureDay {
        date: NaiveDate,
    },
}

/// What the organiser should confirm before the placement is made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Warning {
    OverCapacity { capacity: u32, attendance: u32 },
    MissingFeature { feature: String },
    LoudOnQuietDay { date: NaiveDate, day: QuietDay },
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    pub conflicts: Vec<Conflict>,
    pub warnings: Vec<Warning>,
}

impl Verdict {
    /// The placement may be made (perhaps after confirmation).
    pub fn fits(&self) -> bool {
        self.conflicts.is_empty()
    }

    /// The placement may be made, but only once the organiser confirms the
    /// warnings; a placement that does not fit has nothing to confirm.
    pub fn needs_confirmation(&self) -> bool {
        self.fits() && !self.warnings.is_empty()
    }
}

/// Judges one placement against the house's state, in the house's zone.
pub fn judge(candidate: &Candidate, context: &PlannerContext) -> Verdict {
    let mut verdict = Verdict::default();
    if candidate.ends_at <= candidate.starts_at {
        // Nothing else can be judged of a span that does not run forward.
        verdict.conflicts.push(Conflict::EndNotAfterStart);
        return verdict;
    }
    if candidate.ends_at - candidate.starts_at > Duration::hours(MAX_DURATION_HOURS) {
        verdict.conflicts.push(Conflict::TooLong {
            max_hours: MAX_DURATION_HOURS,
        });
    }
    match context.room(candidate.room_id) {
        None => verdict.conflicts.push(Conflict::UnknownRoom {
            room_id: candidate.room_id,
        }),
        Some(room) => {
            verdict
                .conflicts
                .extend(collisions(candidate, room, context));
            verdict.warnings.extend(room_warnings(candidate, room));
        }
    }
    let start = utc_to_local(candidate.starts_at, HOUSE_ZONE);
    let end = utc_to_local(candidate.ends_at, HOUSE_ZONE);
    // Outside the opening hours is a conflict, not a warning: nobody is there
    // to open the door, and the house's insurance and duty of care cover its
    // opening hours. A special late event changes the hours on purpose, once,
    // rather than being clicked through one drop at a time.
    if !context.opening_hours.contain(start, end) {
        let weekday = start.weekday();
        verdict
            .conflicts
            .push(match context.opening_hours.on(weekday) {
                None => Conflict::HouseClosedOnWeekday { weekday },
                Some(hours) => Conflict::OutsideOpeningHours {
                    weekday,
                    opens: hours.opens,
                    closes: hours.closes,
                },
            });
    }
    let dates = local_dates(start, end);
    verdict.conflicts.extend(
        dates
            .iter()
            .filter(|date| context.closures.contains(date))
            .map(|&date| Conflict::ClosureDay { date }),
    );
    if candidate.loud {
        verdict.warnings.extend(dates.iter().filter_map(|&date| {
            quiet_day_nrw(date).map(|day| Warning::LoudOnQuietDay { date, day })
        }));
    }
    verdict
}

/// The uses that block the candidate in its room or a room sharing its floor space.
fn collisions(candidate: &Candidate, room: &RoomInfo, context: &PlannerContext) -> Vec<Conflict> {
    let blocking = conflicting_rooms(room.room_id, &context.rooms);
    context
        .uses
        .iter()
        .filter(|u| Some(u.occurrence_id) != candidate.occurrence_id)
        .filter(|u| blocking.contains(&u.room_id))
        .filter(|u| {
            let other = context.room(u.room_id).unwrap_or(room);
            slots_collide(candidate.slot(), u.slot(), buffers_between(room, other))
        })
        .map(|u| Conflict::RoomTaken {
            occurrence_id: u.occurrence_id,
            room_id: u.room_id,
        })
        .collect()
}

fn room_warnings(candidate: &Candidate, room: &RoomInfo) -> Vec<Warning> {
    let mut warnings = Vec::new();
    if let Some(attendance) = candidate.expected_attendance
        && attendance > room.capacity
    {
        warnings.push(Warning::OverCapacity {
            capacity: room.capacity,
            attendance,
        });
    }
    let required: BTreeSet<&str> = candidate
        .required_features
        .iter()
        .map(String::as_str)
        .collect();
    warnings.extend(
        required
            .into_iter()
            .filter(|feature| !room.has_feature(feature))
            .map(|feature| Warning::MissingFeature {
                feature: feature.to_owned(),
            }),
    );
    warnings
}

/// The local dates a use touches; one ending at midnight does not touch the next day.
fn local_dates(start: NaiveDateTime, end: NaiveDateTime) -> Vec<NaiveDate> {
    let last = if end.time() == NaiveTime::MIN && end.date() > start.date() {
        end.date().pred_opt().unwrap_or(start.date())
    } else {
        end.date()
    };
    start
        .date()
        .iter_days()
        .take_while(|date| *date <= last)
        .collect()
}

#[cfg(test)]
#[path = "judge_tests.rs"]
mod tests;
