//! Time on the planner's grid: where a dragged time lands, and the dates of a
//! series moved by whole days in local wall-clock time.
use crate::calendar::rules::TimeSlot;
use crate::i18n::Msg;
use crate::kernel::time::local_to_utc;
use chrono::{Duration, NaiveDateTime, NaiveTime, Timelike};
use chrono_tz::Tz;

/// The longest a single use of a room may last. Longer stays are several uses.
pub const MAX_DURATION_HOURS: i64 = 24;

/// The grid a dragged time snaps to, and the finer one while a modifier key is held.
pub const SNAP_MINUTES: u32 = 15;
pub const FINE_SNAP_MINUTES: u32 = 5;

/// Minutes since midnight rounded to the nearest multiple of `step` (half-way
/// rounds up). May give 1440, the next midnight; a step of 0 leaves it as is.
pub fn snap_minutes(minutes: u32, step: u32) -> u32 {
    if step == 0 {
        return minutes;
    }
    minutes.saturating_add(step / 2) / step * step
}

/// A local time rounded to the nearest multiple of `step` minutes after its
/// midnight; seconds count for the rounding and are then dropped. Late
/// evening times may round to the next midnight.
pub fn snap(local: NaiveDateTime, step: u32) -> NaiveDateTime {
    if step == 0 {
        return local;
    }
    let step_seconds = step * 60;
    let seconds = local.time().num_seconds_from_midnight();
    let snapped = (seconds + step_seconds / 2) / step_seconds * step_seconds;
    local.date().and_time(NaiveTime::MIN) + Duration::seconds(i64::from(snapped))
}

/// The instants of a series date `days_later` days after its first start, at
/// the same local wall-clock time (a weekly 18:00 stays 18:00 across the clock
/// change), lasting `duration`. Unlike the series expansion, which moves a
/// skipped time forward, the planner refuses a local time that the spring
/// clock change skips: the organiser placed it by hand and should choose.
pub fn series_date_slot(
    first_start: NaiveDateTime,
    duration: Duration,
    days_later: i64,
    zone: Tz,
) -> Result<TimeSlot, Msg> {
    let local = Duration::try_days(days_later)
        .and_then(|days| first_start.checked_add_signed(days))
        .ok_or(Msg::DateTimeOutOfRange)?;
    let starts_at = local_to_utc(local, zone)?;
    let ends_at = starts_at
        .checked_add_signed(duration)
        .ok_or(Msg::DateTimeOutOfRange)?;
    Ok(TimeSlot { starts_at, ends_at })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::time::{HOUSE_ZONE, parse_local};

    fn local(s: &str) -> NaiveDateTime {
        parse_local(s).expect("valid local time")
    }

    #[test]
    fn minutes_snap_to_the_nearest_step() {
        assert_eq!(snap_minutes(7, SNAP_MINUTES), 0);
        assert_eq!(snap_minutes(8, SNAP_MINUTES), 15);
        assert_eq!(snap_minutes(18 * 60 + 22, SNAP_MINUTES), 18 * 60 + 15);
        assert_eq!(snap_minutes(18 * 60 + 22, FINE_SNAP_MINUTES), 18 * 60 + 20);
        assert_eq!(snap_minutes(18 * 60 + 23, FINE_SNAP_MINUTES), 18 * 60 + 25);
        assert_eq!(snap_minutes(42, 0), 42);
    }

    #[test]
    fn a_dragged_time_snaps_to_the_quarter_hour_or_with_the_modifier_to_five_minutes() {
        assert_eq!(
            snap(local("2027-03-10T18:07:29"), SNAP_MINUTES),
            local("2027-03-10T18:00")
        );
        assert_eq!(
            snap(local("2027-03-10T18:07:30"), SNAP_MINUTES),
            local("2027-03-10T18:15")
        );
        assert_eq!(
            snap(local("2027-03-10T18:07:29"), FINE_SNAP_MINUTES),
            local("2027-03-10T18:05")
        );
    }

    #[test]
    fn a_time_just_before_midnight_snaps_to_the_next_day() {
        assert_eq!(
            snap(local("2027-03-10T23:55"), SNAP_MINUTES),
            local("2027-03-11T00:00")
        );
    }

    #[test]
    fn a_weekly_evening_keeps_its_local_time_across_both_clock_changes() {
        let first = local("2027-03-23T18:00");
        let two_hours = Duration::hours(2);
        let before = series_date_slot(first, two_hours, 0, HOUSE_ZONE).expect("exists");
        assert_eq!(before.starts_at.to_rfc3339(), "2027-03-23T17:00:00+00:00");
        // The last Sunday of March 2027 is the 28th; a week later it is summer time.
        let after = series_date_slot(first, two_hours, 7, HOUSE_ZONE).expect("exists");
        assert_eq!(after.starts_at.to_rfc3339(), "2027-03-30T16:00:00+00:00");
        assert_eq!(after.ends_at - after.starts_at, two_hours);
        // And back to winter time after the last Sunday of October (the 31st).
        let autumn = series_date_slot(first, two_hours, 7 * 32, HOUSE_ZONE).expect("exists");
        assert_eq!(autumn.starts_at.to_rfc3339(), "2027-11-02T17:00:00+00:00");
    }

    #[test]
    fn a_series_date_in_the_hour_skipped_by_the_clock_change_is_refused() {
        let first = local("2027-03-21T02:30");
        assert_eq!(
            series_date_slot(first, Duration::hours(1), 7, HOUSE_ZONE),
            Err(Msg::TimeSkippedByDst)
        );
        assert!(series_date_slot(first, Duration::hours(1), 14, HOUSE_ZONE).is_ok());
    }

    #[test]
    fn an_absurd_number_of_days_is_refused_rather_than_overflowing() {
        let first = local("2027-03-21T18:00");
        assert_eq!(
            series_date_slot(first, Duration::hours(1), i64::MAX, HOUSE_ZONE),
            Err(Msg::DateTimeOutOfRange)
        );
    }
}
