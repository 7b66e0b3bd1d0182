//! The legally quiet days of NRW ("stille Feiertage", Feiertagsgesetz NW), on
//! which loud events are restricted. The planner only warns: the law's finer
//! hours and exemptions are for the organiser to weigh, so the whole local day
//! counts.
use crate::calendar::holidays::{PublicHoliday, is_public_holiday_nrw};
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// A quiet day, by a stable key that the UI translates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum QuietDay {
    /// Karfreitag.
    GoodFriday,
    /// Allerheiligen, 1 November.
    AllSaints,
    /// Volkstrauertag: the Sunday two weeks before the first Sunday of Advent.
    NationalDayOfMourning,
    /// Totensonntag: the Sunday before the first Sunday of Advent.
    SundayOfTheDead,
}

/// The first Sunday of Advent: the fourth Sunday before Christmas Day, which
/// always falls between 27 November and 3 December.
pub fn first_advent_sunday(year: i32) -> Option<NaiveDate> {
    let earliest = NaiveDate::from_ymd_opt(year, 11, 27)?;
    let days_to_sunday = (7 - earliest.weekday().num_days_from_sunday()) % 7;
    Some(earliest + Duration::days(i64::from(days_to_sunday)))
}

/// Which quiet day `date` is, if any.
pub fn quiet_day_nrw(date: NaiveDate) -> Option<QuietDay> {
    // Both are public holidays too; the holiday table already knows their dates.
    match is_public_holiday_nrw(date) {
        Some(PublicHoliday::GoodFriday) => return Some(QuietDay::GoodFriday),
        Some(PublicHoliday::AllSaints) => return Some(QuietDay::AllSaints),
        _ => {}
    }
    if date.weekday() != Weekday::Sun {
        return None;
    }
    let advent = first_advent_sunday(date.year())?;
    match advent.signed_duration_since(date).num_days() {
        14 => Some(QuietDay::NationalDayOfMourning),
        7 => Some(QuietDay::SundayOfTheDead),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("valid date")
    }

    #[test]
    fn advent_begins_on_the_fourth_sunday_before_christmas() {
        assert_eq!(first_advent_sunday(2026), Some(date("2026-11-29")));
        assert_eq!(first_advent_sunday(2027), Some(date("2027-11-28")));
        // Christmas Eve 2028 is the fourth Sunday of Advent itself.
        assert_eq!(first_advent_sunday(2028), Some(date("2028-12-03")));
    }

    #[test]
    fn the_four_quiet_days_of_2027_are_found() {
        assert_eq!(
            quiet_day_nrw(date("2027-03-26")),
            Some(QuietDay::GoodFriday)
        );
        assert_eq!(quiet_day_nrw(date("2027-11-01")), Some(QuietDay::AllSaints));
        assert_eq!(
            quiet_day_nrw(date("2027-11-14")),
            Some(QuietDay::NationalDayOfMourning)
        );
        assert_eq!(
            quiet_day_nrw(date("2027-11-21")),
            Some(QuietDay::SundayOfTheDead)
        );
    }

    #[test]
    fn the_four_quiet_days_of_2028_are_found() {
        // Easter Sunday 2028 is 16 April; Advent begins on 3 December.
        assert_eq!(
            quiet_day_nrw(date("2028-04-14")),
            Some(QuietDay::GoodFriday)
        );
        assert_eq!(quiet_day_nrw(date("2028-11-01")), Some(QuietDay::AllSaints));
        assert_eq!(
            quiet_day_nrw(date("2028-11-19")),
            Some(QuietDay::NationalDayOfMourning)
        );
        assert_eq!(
            quiet_day_nrw(date("2028-11-26")),
            Some(QuietDay::SundayOfTheDead)
        );
    }

    #[test]
    fn other_holidays_and_the_sundays_around_are_not_quiet() {
        for day in [
            "2027-03-28", // Easter Sunday
            "2027-03-29", // Easter Monday
            "2027-12-25",
            "2027-11-07",
            "2027-11-28", // first Sunday of Advent
            "2028-11-12",
            "2028-12-03",
        ] {
            assert_eq!(quiet_day_nrw(date(day)), None, "{day}");
        }
    }
}
