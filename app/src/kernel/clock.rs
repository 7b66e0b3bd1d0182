//! The one clock. Every "now" and "today" of the server, the demo seed and the
//! workers comes from here, so nothing depends on the day it runs: tests and
//! demos set it (`TREFFPUNKT_CLOCK`, or [`set`]) and it runs on from there.
use crate::kernel::time::{HOUSE_ZONE, utc_to_local};
use chrono::{DateTime, NaiveDate, NaiveDateTime, SubsecRound, TimeZone, Utc};
use std::sync::Once;
use std::sync::atomic::{AtomicI64, Ordering};

/// The environment variable that sets the clock for a whole process.
pub const CLOCK_VAR: &str = "TREFFPUNKT_CLOCK";
/// The clock's exact distance from the real time, in milliseconds: what a process
/// hands to another it starts, so that both read the same time (a `CLOCK_VAR` start
/// would make each run on from its own start).
pub const OFFSET_VAR: &str = "TREFFPUNKT_CLOCK_OFFSET_MS";

/// Milliseconds between the real time and the clock's.
static OFFSET_MILLIS: AtomicI64 = AtomicI64::new(0);
static FROM_ENV: Once = Once::new();

/// The current instant, in whole seconds (SQLite's text form then sorts like time).
pub fn now() -> DateTime<Utc> {
    (Utc::now() + chrono::Duration::milliseconds(offset_ms())).trunc_subsecs(0)
}

/// The clock's distance from the real time, for a process this one starts.
pub fn offset_ms() -> i64 {
    FROM_ENV.call_once(|| {
        match std::env::var(OFFSET_VAR)
            .ok()
            .and_then(|v| v.trim().parse().ok())
        {
            Some(offset) => OFFSET_MILLIS.store(offset, Ordering::Relaxed),
            None => {
                if let Ok(Some(start)) = from_env() {
                    set_offset(start);
                }
            }
        }
    });
    OFFSET_MILLIS.load(Ordering::Relaxed)
}

/// Today's date in the house's time zone.
pub fn today() -> NaiveDate {
    utc_to_local(now(), HOUSE_ZONE).date()
}

/// Sets the clock to `instant`; it runs on from there.
pub fn set(instant: DateTime<Utc>) {
    FROM_ENV.call_once(|| {});
    set_offset(instant);
}

fn set_offset(instant: DateTime<Utc>) {
    OFFSET_MILLIS.store((instant - Utc::now()).num_milliseconds(), Ordering::Relaxed);
}

/// The start the environment asks for, checked: `None` when it is unset.
pub fn from_env() -> Result<Option<DateTime<Utc>>, String> {
    if let Ok(text) = std::env::var(OFFSET_VAR) {
        let offset: i64 = text
            .trim()
            .parse()
            .map_err(|_| format!("{OFFSET_VAR} must be milliseconds, not {text:?}"))?;
        return Ok(Some(Utc::now() + chrono::Duration::milliseconds(offset)));
    }
    match std::env::var(CLOCK_VAR) {
        Ok(text) if !text.trim().is_empty() => parse(&text).map(Some).ok_or_else(|| {
            format!(
                "{CLOCK_VAR} must be like 2026-12-24T10:00:00+01:00 or 2026-12-24, not {text:?}"
            )
        }),
        _ => Ok(None),
    }
}

/// An RFC 3339 instant, a local date and time (`2026-12-24T10:00`), or a local
/// date, which means 10:00 in the house.
pub fn parse(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if let Ok(instant) = DateTime::parse_from_rfc3339(text) {
        return Some(instant.with_timezone(&Utc));
    }
    let local = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S"))
        .ok()
        .or_else(|| {
            NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(10, 0, 0))
        })?;
    HOUSE_ZONE
        .from_local_datetime(&local)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_means_ten_in_the_morning_in_the_house() {
        let t = parse("2026-12-24").expect("a date");
        assert_eq!(t.to_rfc3339(), "2026-12-24T09:00:00+00:00");
        let summer = parse("2027-06-01T18:30").expect("a local time");
        assert_eq!(summer.to_rfc3339(), "2027-06-01T16:30:00+00:00");
        let exact = parse("2027-03-28T01:30:00Z").expect("an instant");
        assert_eq!(exact.to_rfc3339(), "2027-03-28T01:30:00+00:00");
        assert_eq!(parse("morgen"), None);
    }
}
