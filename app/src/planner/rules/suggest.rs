//! "Find a place": the free room-and-time options for a date that satisfy
//! every rule (no conflict and no warning), the date's own weekday and time of
//! day first, then the soonest. Pure, like `judge`, whose verdict it asks.
use super::{Candidate, PlannerContext, judge};
use crate::kernel::time::{HOUSE_ZONE, local_to_utc, utc_to_local};
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime};

/// How many options are offered.
pub const SUGGESTIONS: usize = 8;
/// The times of day tried besides the date's own: every half hour.
const STEP_MINUTES: i64 = 30;

/// Up to [`SUGGESTIONS`] placements of `date` (its room ignored) in the `days`
/// days from `first_day`, each fitting without a warning. `preferred` is the
/// local start the date asks for: its weekday and time come first.
pub fn suggest(
    date: &Candidate,
    preferred: NaiveDateTime,
    context: &PlannerContext,
    first_day: NaiveDate,
    days: i64,
) -> Vec<Candidate> {
    let duration = date.ends_at - date.starts_at;
    if duration <= Duration::zero() {
        return Vec::new();
    }
    let mut options = Vec::new();
    let consider = |local: NaiveDateTime, found: &mut Vec<(u8, NaiveDateTime, Candidate)>| {
        let Ok(starts_at) = local_to_utc(local, HOUSE_ZONE) else {
            return;
        };
        for room in &context.rooms {
            let candidate = Candidate {
                room_id: room.room_id,
                starts_at,
                ends_at: starts_at + duration,
                ..date.clone()
            };
            let verdict = judge(&candidate, context);
            if verdict.conflicts.is_empty() && verdict.warnings.is_empty() {
                let rank = u8::from(local.weekday() != preferred.weekday())
                    + u8::from(local.time() != preferred.time());
                found.push((rank, local, candidate));
            }
        }
    };
    for day in first_day
        .iter_days()
        .take(usize::try_from(days).unwrap_or(0))
    {
        let mut minute = 0;
        while minute < 24 * 60 {
            let time = NaiveTime::MIN + Duration::minutes(minute);
            consider(day.and_time(time), &mut options);
            minute += STEP_MINUTES;
        }
        if preferred
            .time()
            .signed_duration_since(NaiveTime::MIN)
            .num_minutes()
            % STEP_MINUTES
            != 0
        {
            consider(day.and_time(preferred.time()), &mut options);
        }
    }
    options.sort_by_key(|(rank, local, candidate)| (*rank, *local, candidate.room_id));
    options
        .into_iter()
        .map(|(_, _, candidate)| candidate)
        .take(SUGGESTIONS)
        .collect()
}

/// The local start of a suggestion, for its label.
pub fn local_start(candidate: &Candidate) -> NaiveDateTime {
    utc_to_local(candidate.starts_at, HOUSE_ZONE)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::time::parse_local;
    use crate::planner::rules::{DayHours, OpeningHours, RoomInfo, RoomUse};

    fn at(local: &str) -> chrono::DateTime<chrono::Utc> {
        local_to_utc(parse_local(local).expect("time"), HOUSE_ZONE).expect("exists")
    }

    fn room(room_id: i64, capacity: u32) -> RoomInfo {
        RoomInfo {
            room_id,
            capacity,
            ..RoomInfo::default()
        }
    }

    #[test]
    fn the_preferred_weekday_and_time_come_first_and_every_option_fits() {
        let hours = DayHours {
            opens: NaiveTime::from_hms_opt(9, 0, 0).expect("time"),
            closes: NaiveTime::from_hms_opt(21, 0, 0).expect("time"),
        };
        let context = PlannerContext {
            rooms: vec![room(1, 10), room(2, 40)],
            // Room 2 is taken on Tuesday 8 December 2026 at 18:00.
            uses: vec![RoomUse {
                occurrence_id: 99,
                room_id: 2,
                starts_at: at("2026-12-08T17:30"),
                ends_at: at("2026-12-08T20:00"),
            }],
            opening_hours: OpeningHours::every_day(hours),
            closures: vec![NaiveDate::from_ymd_opt(2026, 12, 15).expect("date")],
        };
        let choir = Candidate {
            occurrence_id: Some(7),
            room_id: 0,
            starts_at: at("2026-12-01T18:00"),
            ends_at: at("2026-12-01T19:30"),
            expected_attendance: Some(25),
            ..Candidate::default()
        };
        let preferred = parse_local("2026-12-01T18:00").expect("time");
        let first = NaiveDate::from_ymd_opt(2026, 12, 7).expect("date");
        let found = suggest(&choir, preferred, &context, first, 21);
        assert_eq!(found.len(), SUGGESTIONS);
        let starts: Vec<NaiveDateTime> = found.iter().map(local_start).collect();
        // Tuesdays at 18:00 in room 2 (25 people do not fit room 1): the 8th is
        // taken, the 15th closed, so the 22nd is the only one; then other times.
        assert_eq!(starts[0], parse_local("2026-12-22T18:00").expect("time"));
        assert!(found.iter().all(|c| c.room_id == 2));
        assert!(
            found
                .iter()
                .all(|c| judge(c, &context).conflicts.is_empty())
        );
        assert!(
            starts
                .iter()
                .all(|s| s.date() != NaiveDate::from_ymd_opt(2026, 12, 15).expect("date"))
        );
    }
}
