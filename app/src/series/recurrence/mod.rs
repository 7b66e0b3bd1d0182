//! Recurring series: a local wall-clock start, a duration and a subset of the
//! iCalendar RRULE (RFC 5545), expanded to dated occurrences in the house's zone.
//!
//! The rule is kept in RFC 5545 syntax so that the feeds can publish it as it is
//! and any calendar program expands it to the same dates as the page.
use crate::calendar::holidays::school_holidays_known_until;
use crate::i18n::Msg;
use chrono::{DateTime, Datelike, Months, NaiveDate, NaiveDateTime, Utc, Weekday};
use std::collections::BTreeSet;

mod dates;
mod expand;
mod rrule;

pub use dates::nth_weekday;
pub use expand::resolve_local;
pub use rrule::{parse_weekday, weekday_code};

/// Limits that keep a rule meaningful for a neighbourhood house.
pub const MAX_INTERVAL: u32 = 52;
pub const MAX_COUNT: u32 = 520;
pub const MAX_UNTIL_YEARS: i32 = 5;
/// How far ahead occurrences are stored.
pub const HORIZON_MONTHS: u32 = 18;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Frequency {
    Daily,
    /// On these weekdays; empty means the weekday of the first date.
    Weekly(Vec<Weekday>),
    /// On this day of the month; months without it are left out.
    MonthlyOnDay(u32),
    /// On the first (1) … fourth (4) or last (-1) such weekday of the month.
    MonthlyOnWeekday(i8, Weekday),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    Never,
    After(u32),
    /// The last local date that may have an occurrence.
    On(NaiveDate),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    pub frequency: Frequency,
    pub interval: u32,
    pub ending: Ending,
}

/// Why a date the rule produces has no occurrence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Skip {
    /// Taken out by an organiser ("cancel only this date" or a deleted date).
    Exception,
    PublicHoliday,
    SchoolHoliday,
    Closure,
}

/// A series as organisers define it, in local time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Series {
    pub first_start: NaiveDateTime,
    pub duration_minutes: i64,
    pub rule: Option<Rule>,
    pub exceptions: BTreeSet<NaiveDate>,
    /// Dates an organiser restored although a holiday or closure would skip them.
    pub restored: BTreeSet<NaiveDate>,
    pub skip_public_holidays: bool,
    pub skip_school_holidays: bool,
}

/// One date the rule produced, with its instants, or why it is skipped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Occurrence {
    pub date: NaiveDate,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub skipped: Option<Skip>,
}

impl Rule {
    /// Checks the limits: an absurd or empty rule is refused with a clear message.
    pub fn validate(&self, first: NaiveDate) -> Result<(), Msg> {
        if self.interval == 0 || self.interval > MAX_INTERVAL {
            return Err(Msg::RecurrenceIntervalInvalid);
        }
        match &self.frequency {
            Frequency::MonthlyOnDay(day) if !(1..=31).contains(day) => {
                return Err(Msg::RecurrenceInvalid);
            }
            Frequency::MonthlyOnWeekday(nth, _) if !matches!(nth, -1 | 1..=4) => {
                return Err(Msg::RecurrenceInvalid);
            }
            _ => {}
        }
        match self.ending {
            Ending::After(n) if n == 0 || n > MAX_COUNT => Err(Msg::RecurrenceCountInvalid),
            Ending::On(until) if until < first => Err(Msg::RecurrenceUntilBeforeStart),
            Ending::On(until) if until.year() - first.year() > MAX_UNTIL_YEARS => {
                Err(Msg::RecurrenceUntilTooFar)
            }
            _ => Ok(()),
        }
    }
}

/// The last day school holidays are known, when a series that skips them has a
/// date after it: those dates could not be checked, and the editor says so.
pub fn school_holidays_unchecked_after(
    skip_school_holidays: bool,
    dates: impl IntoIterator<Item = NaiveDate>,
) -> Option<NaiveDate> {
    let known_until = school_holidays_known_until();
    (skip_school_holidays && dates.into_iter().any(|date| date > known_until))
        .then_some(known_until)
}

/// The date from which occurrences are stored, and the last stored date.
pub fn horizon(today: NaiveDate) -> NaiveDate {
    today
        .checked_add_months(Months::new(HORIZON_MONTHS))
        .unwrap_or(today)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::time::HOUSE_ZONE;

    /// A local date written `YYYY-MM-DD`, for the tests of every part.
    pub(super) fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("valid date")
    }

    #[test]
    fn only_a_series_skipping_school_holidays_past_the_table_is_unchecked() {
        let known = school_holidays_known_until();
        let after = known + chrono::Duration::days(1);
        assert_eq!(
            school_holidays_unchecked_after(true, [known, after]),
            Some(known)
        );
        assert_eq!(school_holidays_unchecked_after(true, [known]), None);
        assert_eq!(school_holidays_unchecked_after(false, [after]), None);
    }

    #[test]
    fn absurd_and_unsupported_rules_are_refused() {
        assert_eq!(
            Rule::parse_rrule("FREQ=MINUTELY", HOUSE_ZONE),
            Err(Msg::RecurrenceUnsupported)
        );
        assert_eq!(
            Rule::parse_rrule("FREQ=WEEKLY;BYDAY=XX", HOUSE_ZONE),
            Err(Msg::RecurrenceInvalid)
        );
        assert_eq!(
            Rule::parse_rrule("nonsense", HOUSE_ZONE),
            Err(Msg::RecurrenceInvalid)
        );
        let first = date("2026-12-01");
        let rule = |interval, ending| Rule {
            frequency: Frequency::Daily,
            interval,
            ending,
        };
        assert_eq!(
            rule(0, Ending::Never).validate(first),
            Err(Msg::RecurrenceIntervalInvalid)
        );
        assert_eq!(
            rule(1, Ending::After(100_000)).validate(first),
            Err(Msg::RecurrenceCountInvalid)
        );
        assert_eq!(
            rule(1, Ending::On(date("2040-01-01"))).validate(first),
            Err(Msg::RecurrenceUntilTooFar)
        );
        assert_eq!(
            rule(1, Ending::On(date("2026-11-01"))).validate(first),
            Err(Msg::RecurrenceUntilBeforeStart)
        );
        assert_eq!(rule(1, Ending::After(10)).validate(first), Ok(()));
    }
}
