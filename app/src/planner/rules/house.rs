//! When the house is open: opening hours per weekday in local wall-clock time.
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use serde::{Deserialize, Serialize};

/// One weekday's opening hours. A closing time at or before the opening time
/// means after midnight (10:00–00:00 is open until midnight, 18:00–01:00
/// until one in the night).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayHours {
    pub opens: NaiveTime,
    pub closes: NaiveTime,
}

impl DayHours {
    /// How long the house is open on such a day.
    pub fn minutes(self) -> i64 {
        let (opens, closes) = self.window(NaiveDate::MIN);
        (closes - opens).num_minutes()
    }

    /// The hour after the last one the house is open, 24 when it is open past
    /// midnight.
    pub fn last_hour(self) -> u32 {
        use chrono::Timelike;
        if self.closes <= self.opens {
            24
        } else {
            self.closes.hour() + u32::from(self.closes.minute() > 0)
        }
    }

    /// The local times between which a use on `date` may lie.
    fn window(self, date: NaiveDate) -> (NaiveDateTime, NaiveDateTime) {
        let closing_day = if self.closes <= self.opens {
            date + Duration::days(1)
        } else {
            date
        };
        (date.and_time(self.opens), closing_day.and_time(self.closes))
    }
}

/// The house's week, Monday first; `None` is a weekday the house is closed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpeningHours {
    pub week: [Option<DayHours>; 7],
}

impl OpeningHours {
    /// The same hours on every day of the week.
    pub fn every_day(hours: DayHours) -> Self {
        Self {
            week: [Some(hours); 7],
        }
    }

    pub fn on(&self, weekday: Weekday) -> Option<DayHours> {
        self.week[weekday.num_days_from_monday() as usize]
    }

    /// Whether a use from `start` to `end` (local) lies within the opening
    /// hours: openings that meet (a house open around the clock) count as one.
    pub fn contain(&self, start: NaiveDateTime, end: NaiveDateTime) -> bool {
        // The previous day's opening may run past midnight into the start day.
        let first_day = start.date().pred_opt().unwrap_or(start.date());
        let mut openings: Vec<_> = first_day
            .iter_days()
            .take_while(|date| *date <= end.date())
            .filter_map(|date| self.on(date.weekday()).map(|hours| hours.window(date)))
            .collect();
        openings.sort();
        let mut open_until = None;
        for (opens, closes) in openings {
            let reached = open_until.unwrap_or(start);
            if opens <= reached && reached < closes {
                open_until = Some(closes);
            }
        }
        open_until.is_some_and(|until| end <= until)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::time::parse_local;

    fn time(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).expect("valid time")
    }

    fn local(s: &str) -> NaiveDateTime {
        parse_local(s).expect("valid local time")
    }

    #[test]
    fn a_use_must_lie_within_its_days_hours() {
        let hours = OpeningHours::every_day(DayHours {
            opens: time(9, 0),
            closes: time(22, 0),
        });
        assert!(hours.contain(local("2027-03-10T09:00"), local("2027-03-10T22:00")));
        assert!(!hours.contain(local("2027-03-10T08:45"), local("2027-03-10T10:00")));
        assert!(!hours.contain(local("2027-03-10T21:00"), local("2027-03-10T22:15")));
    }

    #[test]
    fn hours_closing_after_midnight_hold_a_late_use_into_the_next_day() {
        let hours = OpeningHours::every_day(DayHours {
            opens: time(18, 0),
            closes: time(1, 0),
        });
        assert!(hours.contain(local("2027-03-10T23:00"), local("2027-03-11T01:00")));
        assert!(hours.contain(local("2027-03-11T00:15"), local("2027-03-11T00:45")));
        assert!(!hours.contain(local("2027-03-11T00:30"), local("2027-03-11T01:30")));
    }

    #[test]
    fn a_closed_weekday_holds_nothing() {
        let mut hours = OpeningHours::every_day(DayHours {
            opens: time(9, 0),
            closes: time(22, 0),
        });
        hours.week[6] = None;
        assert_eq!(hours.on(Weekday::Sun), None);
        // 2027-03-14 is a Sunday.
        assert!(!hours.contain(local("2027-03-14T10:00"), local("2027-03-14T11:00")));
    }

    #[test]
    fn a_house_open_around_the_clock_holds_a_use_over_midnight() {
        let midnight = time(0, 0);
        let hours = OpeningHours::every_day(DayHours {
            opens: midnight,
            closes: midnight,
        });
        assert!(hours.contain(local("2027-03-10T22:00"), local("2027-03-11T02:00")));
        let evenings = OpeningHours::every_day(DayHours {
            opens: time(9, 0),
            closes: time(22, 0),
        });
        assert!(!evenings.contain(local("2027-03-10T21:00"), local("2027-03-11T10:00")));
    }
}
