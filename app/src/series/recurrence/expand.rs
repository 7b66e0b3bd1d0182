//! A series expanded to dated occurrences in the house's zone: the instants of
//! each date, and why a date is skipped.
use super::{Occurrence, Series, Skip};
use crate::calendar::holidays::{is_public_holiday_nrw, is_school_holiday_nrw};
use crate::kernel::time::HOUSE_ZONE;
use chrono::{DateTime, Duration, LocalResult, Months, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use std::collections::BTreeSet;

/// A local time to an instant. A time skipped by the spring clock change moves
/// forward by the gap (02:30 becomes 03:30), as RFC 5545 expands it; a time that
/// happens twice in autumn means the first.
pub fn resolve_local(local: NaiveDateTime, zone: Tz) -> DateTime<Utc> {
    match zone.from_local_datetime(&local) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(first, _) => first.with_timezone(&Utc),
        LocalResult::None => resolve_local(local + Duration::hours(1), zone),
    }
}

impl Series {
    /// Occurrences with a start date in `[from, to]`, skipped ones included and marked.
    pub fn expand(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        closures: &BTreeSet<NaiveDate>,
    ) -> Vec<Occurrence> {
        let first = self.first_start.date();
        let dates = match &self.rule {
            None => vec![first],
            Some(rule) => rule.dates(first, to),
        };
        dates
            .into_iter()
            .filter(|d| *d >= from && *d <= to)
            .map(|date| {
                let starts_at = resolve_local(date.and_time(self.first_start.time()), HOUSE_ZONE);
                Occurrence {
                    date,
                    starts_at,
                    ends_at: starts_at + Duration::minutes(self.duration_minutes),
                    skipped: self.skip_reason(date, closures),
                }
            })
            .collect()
    }

    /// The series with its first start moved to the first date the rule gives
    /// (RFC 5545 counts the start itself as a date, so it must match the rule).
    pub fn anchored(&self) -> Self {
        let first = self.first_start.date();
        let Some(rule) = &self.rule else {
            return self.clone();
        };
        let probe = first.checked_add_months(Months::new(14)).unwrap_or(first);
        match rule.dates(first, probe).first() {
            Some(date) if *date != first => Self {
                first_start: date.and_time(self.first_start.time()),
                ..self.clone()
            },
            _ => self.clone(),
        }
    }

    fn skip_reason(&self, date: NaiveDate, closures: &BTreeSet<NaiveDate>) -> Option<Skip> {
        if self.exceptions.contains(&date) {
            return Some(Skip::Exception);
        }
        if self.restored.contains(&date) {
            return None;
        }
        if closures.contains(&date) {
            Some(Skip::Closure)
        } else if self.skip_public_holidays && is_public_holiday_nrw(date).is_some() {
            Some(Skip::PublicHoliday)
        } else if self.skip_school_holidays && is_school_holiday_nrw(date) {
            Some(Skip::SchoolHoliday)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::series::recurrence::Rule;
    use crate::series::recurrence::tests::date;

    fn local(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").expect("valid local time")
    }

    fn series(first: &str, rule: &str) -> Series {
        Series {
            first_start: local(first),
            duration_minutes: 120,
            rule: Some(Rule::parse_rrule(rule, HOUSE_ZONE).expect("valid rule")),
            exceptions: BTreeSet::new(),
            restored: BTreeSet::new(),
            skip_public_holidays: false,
            skip_school_holidays: false,
        }
    }

    fn starts(s: &Series, from: &str, to: &str) -> Vec<String> {
        s.expand(date(from), date(to), &BTreeSet::new())
            .into_iter()
            .filter(|o| o.skipped.is_none())
            .map(|o| o.starts_at.to_rfc3339())
            .collect()
    }

    #[test]
    fn a_weekly_evening_stays_at_six_across_both_clock_changes() {
        let s = series("2026-10-20T18:00", "FREQ=WEEKLY;BYDAY=TU");
        assert_eq!(
            starts(&s, "2026-10-20", "2026-10-27"),
            ["2026-10-20T16:00:00+00:00", "2026-10-27T17:00:00+00:00"]
        );
        assert_eq!(
            starts(&s, "2027-03-23", "2027-03-30"),
            ["2027-03-23T17:00:00+00:00", "2027-03-30T16:00:00+00:00"]
        );
        for o in s.expand(date("2026-10-01"), date("2027-12-31"), &BTreeSet::new()) {
            assert_eq!(
                o.starts_at
                    .with_timezone(&HOUSE_ZONE)
                    .format("%H:%M")
                    .to_string(),
                "18:00"
            );
            assert_eq!(o.ends_at - o.starts_at, Duration::minutes(120));
        }
    }

    #[test]
    fn a_time_skipped_in_spring_moves_forward_by_the_gap() {
        let s = series("2027-03-21T02:30", "FREQ=WEEKLY");
        assert_eq!(
            starts(&s, "2027-03-28", "2027-03-28"),
            ["2027-03-28T01:30:00+00:00"]
        );
    }

    #[test]
    fn the_repair_cafe_is_every_first_saturday() {
        let s = series("2026-12-05T14:00", "FREQ=MONTHLY;BYDAY=1SA;COUNT=4");
        let dates: Vec<NaiveDate> = s
            .expand(date("2026-01-01"), date("2030-01-01"), &BTreeSet::new())
            .into_iter()
            .map(|o| o.date)
            .collect();
        assert_eq!(
            dates,
            [
                date("2026-12-05"),
                date("2027-01-02"),
                date("2027-02-06"),
                date("2027-03-06")
            ]
        );
    }

    #[test]
    fn exceptions_and_holidays_are_skipped_and_restored_dates_come_back() {
        let mut s = series("2026-12-21T15:00", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH");
        s.skip_school_holidays = true;
        s.skip_public_holidays = true;
        s.exceptions.insert(date("2027-01-11"));
        s.restored.insert(date("2027-01-05"));
        let closures = BTreeSet::from([date("2027-01-13")]);
        let got: Vec<(NaiveDate, Option<Skip>)> = s
            .expand(date("2026-12-21"), date("2027-01-14"), &closures)
            .into_iter()
            .map(|o| (o.date, o.skipped))
            .collect();
        let skipped_for_school = Some(Skip::SchoolHoliday);
        assert_eq!(
            got,
            [
                (date("2026-12-21"), None),
                (date("2026-12-22"), None),
                (date("2026-12-23"), skipped_for_school),
                (date("2026-12-24"), skipped_for_school),
                (date("2026-12-28"), skipped_for_school),
                (date("2026-12-29"), skipped_for_school),
                (date("2026-12-30"), skipped_for_school),
                (date("2026-12-31"), skipped_for_school),
                (date("2027-01-04"), skipped_for_school),
                (date("2027-01-05"), None),
                (date("2027-01-06"), skipped_for_school),
                (date("2027-01-07"), None),
                (date("2027-01-11"), Some(Skip::Exception)),
                (date("2027-01-12"), None),
                (date("2027-01-13"), Some(Skip::Closure)),
                (date("2027-01-14"), None),
            ]
        );
    }

    #[test]
    fn a_public_holiday_is_skipped_when_asked() {
        let mut s = series("2026-12-18T10:00", "FREQ=WEEKLY;BYDAY=FR");
        assert_eq!(starts(&s, "2026-12-25", "2026-12-25").len(), 1);
        s.skip_public_holidays = true;
        assert!(starts(&s, "2026-12-25", "2026-12-25").is_empty());
    }

    #[test]
    fn a_start_off_the_rule_moves_to_the_first_date_of_the_rule() {
        let s = series("2026-11-25T14:00", "FREQ=MONTHLY;BYDAY=1SA");
        assert_eq!(s.anchored().first_start, local("2026-12-05T14:00"));
        let on_rule = series("2026-12-05T14:00", "FREQ=MONTHLY;BYDAY=1SA");
        assert_eq!(on_rule.anchored(), on_rule);
    }

    #[test]
    fn a_single_date_series_has_one_occurrence() {
        let s = Series {
            first_start: local("2026-12-01T18:00"),
            duration_minutes: 90,
            rule: None,
            exceptions: BTreeSet::new(),
            restored: BTreeSet::new(),
            skip_public_holidays: false,
            skip_school_holidays: false,
        };
        let all = s.expand(date("2026-01-01"), date("2027-01-01"), &BTreeSet::new());
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].ends_at.to_rfc3339(), "2026-12-01T18:30:00+00:00");
    }
}
