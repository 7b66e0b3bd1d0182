//! The local dates a rule produces, period by period from the first date on,
//! and a rule split in two for "this and following".
use super::{Ending, Frequency, Rule};
use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

impl Rule {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::time::HOUSE_ZONE;
    use crate::series::recurrence::tests::date;

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
}
