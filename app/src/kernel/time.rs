//! Instants are stored in UTC; people think in the house's local wall-clock time.
use crate::i18n::Msg;
use chrono::{DateTime, LocalResult, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

/// The default zone of a house.
pub const HOUSE_ZONE: Tz = chrono_tz::Europe::Berlin;

/// Reads the value of an `<input type="datetime-local">` ("2026-12-01T18:00").
pub fn parse_local(value: &str) -> Result<NaiveDateTime, Msg> {
    let value = value.trim();
    let parsed = NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M:%S"))
        .map_err(|_| Msg::DateTimeInvalid)?;
    if !(2000..=2100).contains(&chrono::Datelike::year(&parsed)) {
        return Err(Msg::DateTimeOutOfRange);
    }
    Ok(parsed)
}

/// Local wall-clock time to an instant. A time skipped by the spring clock change
/// does not exist and is refused; an autumn time that happens twice means the first.
pub fn local_to_utc(local: NaiveDateTime, zone: Tz) -> Result<DateTime<Utc>, Msg> {
    match zone.from_local_datetime(&local) {
        LocalResult::Single(t) => Ok(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(first, _) => Ok(first.with_timezone(&Utc)),
        LocalResult::None => Err(Msg::TimeSkippedByDst),
    }
}

pub fn utc_to_local(instant: DateTime<Utc>, zone: Tz) -> NaiveDateTime {
    instant.with_timezone(&zone).naive_local()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local(s: &str) -> NaiveDateTime {
        parse_local(s).expect("valid local time")
    }

    #[test]
    fn winter_and_summer_evenings_map_to_different_utc_hours() {
        let winter = local_to_utc(local("2026-12-01T18:00"), HOUSE_ZONE).expect("exists");
        let summer = local_to_utc(local("2026-07-01T18:00"), HOUSE_ZONE).expect("exists");
        assert_eq!(winter.to_rfc3339(), "2026-12-01T17:00:00+00:00");
        assert_eq!(summer.to_rfc3339(), "2026-07-01T16:00:00+00:00");
        assert_eq!(utc_to_local(winter, HOUSE_ZONE), local("2026-12-01T18:00"));
    }

    #[test]
    fn a_time_skipped_by_the_spring_clock_change_is_refused() {
        assert_eq!(
            local_to_utc(local("2026-03-29T02:30"), HOUSE_ZONE),
            Err(Msg::TimeSkippedByDst)
        );
    }

    #[test]
    fn an_autumn_time_that_happens_twice_means_the_first() {
        let t = local_to_utc(local("2026-10-25T02:30"), HOUSE_ZONE).expect("exists");
        assert_eq!(t.to_rfc3339(), "2026-10-25T00:30:00+00:00");
    }

    #[test]
    fn malformed_and_absurd_values_are_refused() {
        for bad in [
            "",
            "morgen",
            "2026-13-01T10:00",
            "2026-02-30T10:00",
            "2026-12-01",
        ] {
            assert_eq!(parse_local(bad), Err(Msg::DateTimeInvalid), "{bad}");
        }
        assert_eq!(
            parse_local("9999-01-01T10:00"),
            Err(Msg::DateTimeOutOfRange)
        );
    }
}
