//! Recurring series: a local wall-clock start, a duration and a subset of the
//! iCalendar RRULE (RFC 5545), expanded to dated occurrences in the house's zone.
//!
//! The rule is kept in RFC 5545 syntax so that the feeds can publish it as it is
//! and any calendar program expands it to the same dates as the page.
use crate::calendar::holidays::{
    is_public_holiday_nrw, is_school_holiday_nrw, school_holidays_known_until,
};
use crate::i18n::Msg;
use crate::kernel::time::HOUSE_ZONE;
use chrono::{
    DateTime, Datelike, Days, Duration, LocalResult, Months, NaiveDate, NaiveDateTime, TimeZone,
    Utc, Weekday,
};
use chrono_tz::Tz;
use std::collections::BTreeSet;

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

    /// The rule in RFC 5545 syntax, as a feed publishes it: `FREQ=MONTHLY;BYDAY=1SA`.
    /// `UNTIL` is the end of the last local date, in UTC, as RFC 5545 requires
    /// when the start has a time zone.
    pub fn to_rrule(&self, zone: Tz) -> String {
        let mut parts = Vec::new();
        match &self.frequency {
            Frequency::Daily => parts.push("FREQ=DAILY".to_owned()),
            Frequency::Weekly(days) => {
                parts.push("FREQ=WEEKLY".to_owned());
                if !days.is_empty() {
                    let days: Vec<&str> = days.iter().map(|d| weekday_code(*d)).collect();
                    parts.push(format!("BYDAY={}", days.join(",")));
                }
            }
            Frequency::MonthlyOnDay(day) => {
                parts.push(format!("FREQ=MONTHLY;BYMONTHDAY={day}"));
            }
            Frequency::MonthlyOnWeekday(nth, day) => {
                parts.push(format!("FREQ=MONTHLY;BYDAY={nth}{}", weekday_code(*day)));
            }
        }
        if self.interval > 1 {
            parts.push(format!("INTERVAL={}", self.interval));
        }
        match self.ending {
            Ending::Never => {}
            Ending::After(n) => parts.push(format!("COUNT={n}")),
            Ending::On(until) => {
                let end_of_day = until.and_hms_opt(23, 59, 59).unwrap_or_default();
                let utc = resolve_local(end_of_day, zone);
                parts.push(format!("UNTIL={}", utc.format("%Y%m%dT%H%M%SZ")));
            }
        }
        parts.join(";")
    }

    /// Reads the subset this module writes. Anything else is refused.
    pub fn parse_rrule(text: &str, zone: Tz) -> Result<Self, Msg> {
        let mut frequency = None;
        let mut by_day: Option<String> = None;
        let mut by_month_day = None;
        let mut interval = 1;
        let mut ending = Ending::Never;
        for part in text.trim().trim_start_matches("RRULE:").split(';') {
            let (key, value) = part.split_once('=').ok_or(Msg::RecurrenceInvalid)?;
            match key {
                "FREQ" => frequency = Some(value.to_owned()),
                "BYDAY" => by_day = Some(value.to_owned()),
                "BYMONTHDAY" => {
                    by_month_day = Some(value.parse::<u32>().map_err(|_| Msg::RecurrenceInvalid)?)
                }
                "INTERVAL" => {
                    interval = value
                        .parse::<u32>()
                        .map_err(|_| Msg::RecurrenceIntervalInvalid)?
                }
                "COUNT" => {
                    ending = Ending::After(
                        value
                            .parse::<u32>()
                            .map_err(|_| Msg::RecurrenceCountInvalid)?,
                    )
                }
                "UNTIL" => {
                    let instant = chrono::NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%SZ")
                        .map_err(|_| Msg::RecurrenceInvalid)?;
                    let local = Utc.from_utc_datetime(&instant).with_timezone(&zone);
                    ending = Ending::On(local.date_naive());
                }
                "WKST" if value == "MO" => {}
                _ => return Err(Msg::RecurrenceUnsupported),
            }
        }
        let frequency = match (frequency.as_deref(), by_day, by_month_day) {
            (Some("DAILY"), None, None) => Frequency::Daily,
            (Some("WEEKLY"), days, None) => Frequency::Weekly(match days {
                None => Vec::new(),
                Some(days) => days
                    .split(',')
                    .map(parse_weekday)
                    .collect::<Option<Vec<_>>>()
                    .ok_or(Msg::RecurrenceInvalid)?,
            }),
            (Some("MONTHLY"), None, Some(day)) => Frequency::MonthlyOnDay(day),
            (Some("MONTHLY"), Some(day), None) => {
                let split = day.len().checked_sub(2).ok_or(Msg::RecurrenceInvalid)?;
                let nth = day[..split]
                    .parse::<i8>()
                    .map_err(|_| Msg::RecurrenceUnsupported)?;
                let weekday = parse_weekday(&day[split..]).ok_or(Msg::RecurrenceInvalid)?;
                Frequency::MonthlyOnWeekday(nth, weekday)
            }
            (Some("DAILY" | "WEEKLY" | "MONTHLY"), _, _) => return Err(Msg::RecurrenceInvalid),
            _ => return Err(Msg::RecurrenceUnsupported),
        };
        Ok(Self {
            frequency,
            interval,
            ending,
        })
    }

    /// Local dates the rule produces from `first` on, in order, up to `last`
    /// (inclusive) and within its own ending.
    pub fn dates(&self, first: NaiveDate, last: NaiveDate) -> Vec<NaiveDate> {
        let last = match self.ending {
            Ending::On(until) => last.min(until),
            _ => last,
        };
        let limit = match self.ending {
            Ending::After(n) => n as usize,
            _ => usize::MAX,
        };
        let mut dates = Vec::new();
        let step = self.interval.max(1);
        let mut period: u32 = 0;
        loop {
            let candidates = self.period_dates(first, period * step);
            let Some(period_start) = candidates.first_period_day else {
                break;
            };
            if period_start > last {
                break;
            }
            for date in candidates.dates {
                if date < first || date > last {
                    continue;
                }
                if dates.len() == limit {
                    return dates;
                }
                dates.push(date);
            }
            period += 1;
        }
        dates
    }

    fn period_dates(&self, first: NaiveDate, offset: u32) -> Period {
        match &self.frequency {
            Frequency::Daily => {
                let day = first.checked_add_days(Days::new(offset.into()));
                Period {
                    first_period_day: day,
                    dates: day.into_iter().collect(),
                }
            }
            Frequency::Weekly(days) => {
                let monday = first.week(Weekday::Mon).first_day();
                let Some(week) = monday.checked_add_days(Days::new(u64::from(offset) * 7)) else {
                    return Period::end();
                };
                let mut weekdays: Vec<Weekday> = if days.is_empty() {
                    vec![first.weekday()]
                } else {
                    days.clone()
                };
                weekdays.sort_by_key(|d| d.num_days_from_monday());
                weekdays.dedup();
                Period {
                    first_period_day: Some(week),
                    dates: weekdays
                        .into_iter()
                        .filter_map(|d| {
                            week.checked_add_days(Days::new(d.num_days_from_monday().into()))
                        })
                        .collect(),
                }
            }
            Frequency::MonthlyOnDay(_) | Frequency::MonthlyOnWeekday(..) => {
                let Some(month) = first
                    .with_day(1)
                    .and_then(|m| m.checked_add_months(Months::new(offset)))
                else {
                    return Period::end();
                };
                let date = match &self.frequency {
                    Frequency::MonthlyOnWeekday(nth, weekday) => nth_weekday(month, *nth, *weekday),
                    Frequency::MonthlyOnDay(day) => month.with_day(*day),
                    _ => None,
                };
                Period {
                    first_period_day: Some(month),
                    dates: date.into_iter().collect(),
                }
            }
        }
    }

    /// Splits the rule for "this and following": the old part ends the day before
    /// `at`, the new part begins at `at`. A count is shared between both parts.
    pub fn split(&self, first: NaiveDate, at: NaiveDate) -> (Rule, Rule) {
        let before = self
            .dates(first, at.pred_opt().unwrap_or(at))
            .into_iter()
            .filter(|d| *d < at)
            .count() as u32;
        let (old_ending, new_ending) = match self.ending {
            Ending::After(n) => (
                Ending::After(before.max(1)),
                Ending::After(n.saturating_sub(before).max(1)),
            ),
            other => (Ending::On(at.pred_opt().unwrap_or(at)), other),
        };
        let new_frequency = match &self.frequency {
            // The new part must keep its weekdays, whatever weekday it starts on.
            Frequency::Weekly(days) if days.is_empty() => Frequency::Weekly(vec![first.weekday()]),
            other => other.clone(),
        };
        (
            Rule {
                ending: old_ending,
                ..self.clone()
            },
            Rule {
                frequency: new_frequency,
                interval: self.interval,
                ending: new_ending,
            },
        )
    }
}

struct Period {
    first_period_day: Option<NaiveDate>,
    dates: Vec<NaiveDate>,
}

impl Period {
    fn end() -> Self {
        Self {
            first_period_day: None,
            dates: Vec::new(),
        }
    }
}

/// The first … fourth (1–4) or last (-1) `weekday` of the month that begins on `month`.
pub fn nth_weekday(month: NaiveDate, nth: i8, weekday: Weekday) -> Option<NaiveDate> {
    if nth == -1 {
        let next = month.checked_add_months(Months::new(1))?;
        let mut day = next.pred_opt()?;
        while day.weekday() != weekday {
            day = day.pred_opt()?;
        }
        return Some(day);
    }
    let first = NaiveDate::from_weekday_of_month_opt(month.year(), month.month(), weekday, 1)?;
    let date = first.checked_add_days(Days::new(7 * u64::try_from(nth - 1).ok()?))?;
    (date.month() == month.month()).then_some(date)
}

pub fn weekday_code(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "MO",
        Weekday::Tue => "TU",
        Weekday::Wed => "WE",
        Weekday::Thu => "TH",
        Weekday::Fri => "FR",
        Weekday::Sat => "SA",
        Weekday::Sun => "SU",
    }
}

pub fn parse_weekday(code: &str) -> Option<Weekday> {
    Some(match code {
        "MO" => Weekday::Mon,
        "TU" => Weekday::Tue,
        "WE" => Weekday::Wed,
        "TH" => Weekday::Thu,
        "FR" => Weekday::Fri,
        "SA" => Weekday::Sat,
        "SU" => Weekday::Sun,
        _ => return None,
    })
}

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

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("valid date")
    }

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
    fn the_last_friday_of_each_month() {
        let rule = Rule::parse_rrule("FREQ=MONTHLY;BYDAY=-1FR", HOUSE_ZONE).expect("valid");
        assert_eq!(
            rule.dates(date("2026-11-27"), date("2027-02-28")),
            [
                date("2026-11-27"),
                date("2026-12-25"),
                date("2027-01-29"),
                date("2027-02-26")
            ]
        );
    }

    #[test]
    fn monthly_on_the_31st_leaves_out_shorter_months() {
        let rule =
            Rule::parse_rrule("FREQ=MONTHLY;BYMONTHDAY=31;COUNT=3", HOUSE_ZONE).expect("valid");
        assert_eq!(
            rule.dates(date("2027-01-31"), date("2030-01-01")),
            [date("2027-01-31"), date("2027-03-31"), date("2027-05-31")]
        );
    }

    #[test]
    fn every_second_week_on_two_days_until_a_date() {
        let rule = Rule::parse_rrule(
            "FREQ=WEEKLY;BYDAY=MO,TH;INTERVAL=2;UNTIL=20261220T225959Z",
            HOUSE_ZONE,
        )
        .expect("valid");
        assert_eq!(rule.ending, Ending::On(date("2026-12-20")));
        assert_eq!(
            rule.dates(date("2026-11-26"), date("2030-01-01")),
            [date("2026-11-26"), date("2026-12-07"), date("2026-12-10"),]
        );
    }

    #[test]
    fn rules_round_trip_through_rfc_5545_text() {
        for text in [
            "FREQ=DAILY;COUNT=10",
            "FREQ=WEEKLY;BYDAY=MO,WE,FR;INTERVAL=2",
            "FREQ=MONTHLY;BYMONTHDAY=15",
            "FREQ=MONTHLY;BYDAY=1SA",
            "FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20271231T225959Z",
        ] {
            let rule = Rule::parse_rrule(text, HOUSE_ZONE).expect(text);
            assert_eq!(rule.to_rrule(HOUSE_ZONE), text);
        }
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
    fn this_and_following_splits_a_rule_into_two_parts_with_the_same_dates() {
        let first = date("2026-12-01");
        let rule = Rule::parse_rrule("FREQ=WEEKLY;BYDAY=TU;COUNT=10", HOUSE_ZONE).expect("valid");
        let all = rule.dates(first, date("2030-01-01"));
        let at = date("2026-12-29");
        let (old, new) = rule.split(first, at);
        assert_eq!(old.ending, Ending::After(4));
        assert_eq!(new.ending, Ending::After(6));
        let mut joined = old.dates(first, date("2030-01-01"));
        joined.extend(new.dates(at, date("2030-01-01")));
        assert_eq!(joined, all);

        let open = Rule::parse_rrule("FREQ=MONTHLY;BYDAY=1SA", HOUSE_ZONE).expect("valid");
        let (old, new) = open.split(date("2026-12-05"), date("2027-03-06"));
        assert_eq!(old.ending, Ending::On(date("2027-03-05")));
        assert_eq!(new.ending, Ending::Never);
        assert_eq!(old.dates(date("2026-12-05"), date("2030-01-01")).len(), 3);
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
