//! The organisers' room planner. Its rule set is pure: the browser runs it while
//! an organiser drags an event (instant feedback), the server runs the same code
//! inside the transaction that decides, so both judge a placement alike.
pub mod api;
pub mod fields;
#[cfg(feature = "ssr")]
pub mod live;
pub mod plan;
pub mod refusal;
pub mod rules;
#[cfg(feature = "ssr")]
pub mod store;
pub mod ui;

pub use rules::{
    Candidate, Conflict, DayHours, FINE_SNAP_MINUTES, MAX_DURATION_HOURS, OpeningHours,
    PlannerContext, QuietDay, RoomInfo, RoomUse, SNAP_MINUTES, Verdict, Warning, buffers_between,
    conflicting_rooms, first_advent_sunday, judge, quiet_day_nrw, series_date_slot, snap,
    snap_minutes,
};
