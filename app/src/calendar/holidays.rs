//! Public holidays and school holidays of North Rhine-Westphalia, the house's state.
use chrono::{Datelike, NaiveDate};

/// The public holidays of NRW, by a stable key that the UI translates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PublicHoliday {
    NewYear,
    GoodFriday,
    EasterMonday,
    LabourDay,
    Ascension,
    WhitMonday,
    CorpusChristi,
    GermanUnity,
    AllSaints,
    ChristmasDay,
    BoxingDay,
}

/// Easter Sunday of the Gregorian calendar (the anonymous Gregorian algorithm).
pub fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32)
}

pub fn is_public_holiday_nrw(date: NaiveDate) -> Option<PublicHoliday> {
    let fixed = match (date.month(), date.day()) {
        (1, 1) => Some(PublicHoliday::NewYear),
        (5, 1) => Some(PublicHoliday::LabourDay),
        (10, 3) => Some(PublicHoliday::GermanUnity),
        (11, 1) => Some(PublicHoliday::AllSaints),
        (12, 25) => Some(PublicHoliday::ChristmasDay),
        (12, 26) => Some(PublicHoliday::BoxingDay),
        _ => None,
    };
    if fixed.is_some() {
        return fixed;
    }
    let easter = easter_sunday(date.year())?;
    let offset = date.signed_duration_since(easter).num_days();
    match offset {
        -2 => Some(PublicHoliday::GoodFriday),
        1 => Some(PublicHoliday::EasterMonday),
        39 => Some(PublicHoliday::Ascension),
        50 => Some(PublicHoliday::WhitMonday),
        60 => Some(PublicHoliday::CorpusChristi),
        _ => None,
    }
}

/// NRW school holidays, first and last day, as the state's school ministry
/// publishes them (Ferienordnung to 2029/30; summer 2030 from the conference of
/// education ministers' summer plan). Extend the table when the ministry publishes
/// a new school year; after its last day nothing is treated as a school holiday,
/// and the series editor says so (`school_holidays_known_until`).
const SCHOOL_HOLIDAYS_NRW: &[(&str, &str)] = &[
    ("2025-04-14", "2025-04-26"),
    ("2025-06-10", "2025-06-10"),
    ("2025-07-14", "2025-08-26"),
    ("2025-10-13", "2025-10-25"),
    ("2025-12-22", "2026-01-06"),
    ("2026-03-30", "2026-04-11"),
    ("2026-05-26", "2026-05-26"),
    ("2026-07-20", "2026-09-01"),
    ("2026-10-17", "2026-10-31"),
    ("2026-12-23", "2027-01-06"),
    ("2027-03-22", "2027-04-03"),
    ("2027-05-18", "2027-05-18"),
    ("2027-07-19", "2027-08-31"),
    ("2027-10-23", "2027-11-06"),
    ("2027-12-24", "2028-01-08"),
    ("2028-04-10", "2028-04-22"),
    ("2028-07-10", "2028-08-22"),
    ("2028-10-23", "2028-11-04"),
    ("2028-12-21", "2029-01-05"),
    ("2029-03-26", "2029-04-07"),
    ("2029-05-22", "2029-05-22"),
    ("2029-07-02", "2029-08-14"),
    ("2029-10-15", "2029-10-27"),
    ("2029-12-20", "2030-01-04"),
    ("2030-04-15", "2030-04-27"),
    ("2030-06-24", "2030-08-06"),
];

/// The last day the school-holiday table knows: a series that skips school
/// holidays and runs past it has dates the table cannot check.
pub fn school_holidays_known_until() -> NaiveDate {
    SCHOOL_HOLIDAYS_NRW
        .last()
        .and_then(|(_, last)| NaiveDate::parse_from_str(last, "%Y-%m-%d").ok())
        .unwrap_or(NaiveDate::MIN)
}

pub fn is_school_holiday_nrw(date: NaiveDate) -> bool {
    let key = crate::i18n::machine_date(date);
    SCHOOL_HOLIDAYS_NRW
        .iter()
        .any(|(first, last)| *first <= key.as_str() && key.as_str() <= *last)
}

/// The public holidays of a year in date order (for the calendar's day cells).
pub fn public_holidays_nrw(year: i32) -> Vec<(NaiveDate, PublicHoliday)> {
    let Some(start) = NaiveDate::from_ymd_opt(year, 1, 1) else {
        return Vec::new();
    };
    start
        .iter_days()
        .take_while(|d| d.year() == year)
        .filter_map(|d| is_public_holiday_nrw(d).map(|h| (d, h)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("valid date")
    }

    #[test]
    fn easter_falls_on_the_known_sundays() {
        assert_eq!(easter_sunday(2026), Some(date("2026-04-05")));
        assert_eq!(easter_sunday(2027), Some(date("2027-03-28")));
        assert_eq!(easter_sunday(2038), Some(date("2038-04-25")));
    }

    #[test]
    fn nrw_has_eleven_public_holidays_including_corpus_christi() {
        let days: Vec<NaiveDate> = public_holidays_nrw(2026)
            .into_iter()
            .map(|(d, _)| d)
            .collect();
        assert_eq!(
            days,
            [
                date("2026-01-01"),
                date("2026-04-03"),
                date("2026-04-06"),
                date("2026-05-01"),
                date("2026-05-14"),
                date("2026-05-25"),
                date("2026-06-04"),
                date("2026-10-03"),
                date("2026-11-01"),
                date("2026-12-25"),
                date("2026-12-26"),
            ]
        );
        assert_eq!(is_public_holiday_nrw(date("2026-11-25")), None);
    }

    #[test]
    fn school_holidays_include_their_first_and_last_day() {
        assert!(!is_school_holiday_nrw(date("2026-12-22")));
        assert!(is_school_holiday_nrw(date("2026-12-23")));
        assert!(is_school_holiday_nrw(date("2027-01-06")));
        assert!(!is_school_holiday_nrw(date("2027-01-07")));
        assert!(is_school_holiday_nrw(date("2027-07-19")));
    }

    #[test]
    fn school_holidays_are_known_through_the_2029_30_school_year() {
        // Easter 2028, which homework help once ran through, and the last Ferienordnung year.
        assert!(is_school_holiday_nrw(date("2028-04-10")));
        assert!(is_school_holiday_nrw(date("2028-04-22")));
        assert!(!is_school_holiday_nrw(date("2028-04-24")));
        assert!(is_school_holiday_nrw(date("2030-04-15")));
        assert!(is_school_holiday_nrw(date("2030-08-06")));
        assert_eq!(school_holidays_known_until(), date("2030-08-06"));
    }

    #[test]
    fn the_school_holiday_table_is_ordered_and_every_period_is_well_formed() {
        let periods: Vec<(NaiveDate, NaiveDate)> = SCHOOL_HOLIDAYS_NRW
            .iter()
            .map(|(first, last)| (date(first), date(last)))
            .collect();
        for (first, last) in &periods {
            assert!(first <= last, "{first} after {last}");
        }
        for pair in periods.windows(2) {
            assert!(
                pair[0].1 < pair[1].0,
                "{:?} overlaps {:?}",
                pair[0],
                pair[1]
            );
        }
    }
}
