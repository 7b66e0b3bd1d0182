//! The repeat fields of the series form: the rule they describe, the fields
//! that describe a rule, and whether two sets of fields say the same.
use crate::i18n::Msg;
use crate::kernel::error::FieldError;
use crate::series::fields as series_fields;
use crate::series::recurrence::{Ending, Frequency, Rule, parse_weekday, weekday_code};
use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// The weekdays in the order the form lists them.
pub const WEEK: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// The repeat fields of the series form, as typed (forms send text).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepeatInput {
    /// `none`, `daily`, `weekly`, `monthly_day` or `monthly_weekday`.
    pub repeat: String,
    pub interval: String,
    /// Weekday codes ticked for a weekly rule (`MO`, `WE`); none means the first date's.
    pub weekdays: Vec<String>,
    /// `1` to `4`, or `-1` for the last such weekday of the month.
    pub nth: String,
    /// `never`, `after` or `on`.
    pub ends: String,
    pub count: String,
    pub until: String,
}

/// Which of the first to fourth, or the last (-1), such weekday of its month `date` is;
/// the fifth counts as the last.
pub fn nth_of_month(date: NaiveDate) -> i8 {
    let nth = (date.day0() / 7 + 1) as i8;
    if nth > 4 { -1 } else { nth }
}

impl RepeatInput {
    /// The rule these fields describe for a series whose first date is `first`,
    /// or what is wrong, at its field. `None` means a single date.
    pub fn parse(&self, first: NaiveDate) -> Result<Option<Rule>, FieldError> {
        let invalid = |field: &str, msg: Msg| FieldError::new(field, msg);
        let interval = match self.interval.trim() {
            "" => 1,
            text => text
                .parse::<u32>()
                .map_err(|_| invalid(series_fields::INTERVAL, Msg::RecurrenceIntervalInvalid))?,
        };
        let frequency = match self.repeat.trim() {
            "" | "none" => return Ok(None),
            "daily" => Frequency::Daily,
            "weekly" => {
                let mut days = self
                    .weekdays
                    .iter()
                    .map(|code| parse_weekday(code.trim()))
                    .collect::<Option<Vec<_>>>()
                    .ok_or_else(|| invalid(series_fields::WEEKDAYS, Msg::RecurrenceInvalid))?;
                if days.is_empty() {
                    days.push(first.weekday());
                }
                days.sort_by_key(|d| d.num_days_from_monday());
                days.dedup();
                Frequency::Weekly(days)
            }
            "monthly_day" => Frequency::MonthlyOnDay(first.day()),
            "monthly_weekday" => {
                let nth = match self.nth.trim() {
                    "" => nth_of_month(first),
                    text => text
                        .parse::<i8>()
                        .ok()
                        .filter(|n| matches!(n, -1 | 1..=4))
                        .ok_or_else(|| invalid(series_fields::NTH, Msg::RecurrenceInvalid))?,
                };
                Frequency::MonthlyOnWeekday(nth, first.weekday())
            }
            _ => return Err(invalid(series_fields::REPEAT, Msg::RecurrenceUnsupported)),
        };
        let ending = match self.ends.trim() {
            "" | "never" => Ending::Never,
            "after" => Ending::After(
                self.count
                    .trim()
                    .parse::<u32>()
                    .map_err(|_| invalid(series_fields::COUNT, Msg::RecurrenceCountInvalid))?,
            ),
            "on" => Ending::On(
                NaiveDate::parse_from_str(self.until.trim(), "%Y-%m-%d")
                    .map_err(|_| invalid(series_fields::UNTIL, Msg::DateInvalid))?,
            ),
            _ => return Err(invalid(series_fields::ENDS, Msg::RecurrenceInvalid)),
        };
        let rule = Rule {
            frequency,
            interval,
            ending,
        };
        rule.validate(first).map_err(|msg| {
            let field = match msg {
                Msg::RecurrenceIntervalInvalid => "interval",
                Msg::RecurrenceCountInvalid => "count",
                Msg::RecurrenceUntilBeforeStart | Msg::RecurrenceUntilTooFar => "until",
                _ => "repeat",
            };
            invalid(field, msg)
        })?;
        Ok(Some(rule))
    }

    /// The fields that describe `rule` for a series whose first date is `first`.
    pub fn of(rule: Option<&Rule>, first: NaiveDate) -> Self {
        let Some(rule) = rule else {
            return Self {
                repeat: "none".to_owned(),
                interval: "1".to_owned(),
                nth: nth_of_month(first).to_string(),
                ends: "never".to_owned(),
                ..Self::default()
            };
        };
        let (repeat, weekdays, nth) = match &rule.frequency {
            Frequency::Daily => ("daily", Vec::new(), nth_of_month(first)),
            Frequency::Weekly(days) if days.is_empty() => (
                "weekly",
                vec![weekday_code(first.weekday()).to_owned()],
                nth_of_month(first),
            ),
            Frequency::Weekly(days) => (
                "weekly",
                days.iter().map(|d| weekday_code(*d).to_owned()).collect(),
                nth_of_month(first),
            ),
            Frequency::MonthlyOnDay(_) => ("monthly_day", Vec::new(), nth_of_month(first)),
            Frequency::MonthlyOnWeekday(nth, _) => ("monthly_weekday", Vec::new(), *nth),
        };
        let (ends, count, until) = match rule.ending {
            Ending::Never => ("never", String::new(), String::new()),
            Ending::After(n) => ("after", n.to_string(), String::new()),
            Ending::On(date) => ("on", String::new(), date.format("%Y-%m-%d").to_string()),
        };
        Self {
            repeat: repeat.to_owned(),
            interval: rule.interval.to_string(),
            weekdays,
            nth: nth.to_string(),
            ends: ends.to_owned(),
            count,
            until,
        }
    }
}

impl RepeatInput {
    /// Whether two sets of fields say the same, ignoring what their choices leave unused.
    pub fn same_as(&self, other: &Self) -> bool {
        self.normalised() == other.normalised()
    }

    fn normalised(&self) -> Self {
        let repeat = match self.repeat.trim() {
            "" => "none",
            other => other,
        };
        let ends = match self.ends.trim() {
            "" => "never",
            other => other,
        };
        let mut weekdays: Vec<String> = self.weekdays.iter().map(|d| d.trim().to_owned()).collect();
        weekdays.sort_by_key(|code| WEEK.iter().position(|d| weekday_code(*d) == code));
        weekdays.dedup();
        let used = |yes: bool, text: &str| {
            if yes {
                text.trim().to_owned()
            } else {
                String::new()
            }
        };
        Self {
            repeat: repeat.to_owned(),
            interval: used(
                repeat != "none",
                self.interval.trim().trim_start_matches('0'),
            ),
            weekdays: if repeat == "weekly" {
                weekdays
            } else {
                Vec::new()
            },
            nth: used(repeat == "monthly_weekday", &self.nth),
            ends: used(repeat != "none", ends),
            count: used(repeat != "none" && ends == "after", &self.count),
            until: used(repeat != "none" && ends == "on", &self.until),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::series::rules::tests::date;

    fn input(repeat: &str) -> RepeatInput {
        RepeatInput {
            repeat: repeat.to_owned(),
            ..RepeatInput::default()
        }
    }

    #[test]
    fn repeat_fields_give_the_rule_and_back() {
        let first = date("2026-12-05"); // the first Saturday of December
        let weekly = RepeatInput {
            weekdays: vec!["WE".into(), "MO".into(), "MO".into()],
            interval: "2".into(),
            ends: "after".into(),
            count: "10".into(),
            ..input("weekly")
        };
        let rule = weekly.parse(first).expect("valid").expect("a rule");
        assert_eq!(
            rule.frequency,
            Frequency::Weekly(vec![Weekday::Mon, Weekday::Wed])
        );
        assert_eq!(rule.interval, 2);
        assert_eq!(rule.ending, Ending::After(10));
        assert_eq!(
            RepeatInput::of(Some(&rule), first).parse(first),
            Ok(Some(rule))
        );

        let monthly = input("monthly_weekday").parse(first).expect("valid");
        assert_eq!(
            monthly.map(|r| r.frequency),
            Some(Frequency::MonthlyOnWeekday(1, Weekday::Sat))
        );
        let last = RepeatInput {
            nth: "-1".into(),
            ends: "on".into(),
            until: "2027-06-30".into(),
            ..input("monthly_weekday")
        };
        let rule = last.parse(first).expect("valid").expect("a rule");
        assert_eq!(
            rule.frequency,
            Frequency::MonthlyOnWeekday(-1, Weekday::Sat)
        );
        assert_eq!(rule.ending, Ending::On(date("2027-06-30")));
        assert_eq!(input("none").parse(first), Ok(None));
        assert_eq!(input("").parse(first), Ok(None));
        assert_eq!(RepeatInput::of(None, first).parse(first), Ok(None));
        assert_eq!(nth_of_month(date("2026-12-29")), -1);
    }

    #[test]
    fn fields_that_say_the_same_rule_are_the_same() {
        let first = date("2026-12-05");
        let stored = Rule {
            frequency: Frequency::Weekly(Vec::new()),
            interval: 1,
            ending: Ending::After(6),
        };
        let prefilled = RepeatInput::of(Some(&stored), first);
        assert_eq!(prefilled.weekdays, vec!["SA".to_owned()]);
        let typed = RepeatInput {
            interval: "01".into(),
            nth: "3".into(),
            until: "2027-01-01".into(),
            ..prefilled.clone()
        };
        assert!(typed.same_as(&prefilled));
        let more = RepeatInput {
            count: "7".into(),
            ..prefilled.clone()
        };
        assert!(!more.same_as(&prefilled));
        assert!(input("").same_as(&RepeatInput::of(None, first)));
    }

    #[test]
    fn bad_repeat_fields_are_refused_at_their_field() {
        let first = date("2026-12-05");
        let field_of = |i: RepeatInput| i.parse(first).expect_err("refused").field;
        assert_eq!(field_of(input("minutely")), "repeat");
        assert_eq!(
            field_of(RepeatInput {
                interval: "0".into(),
                ..input("daily")
            }),
            "interval"
        );
        assert_eq!(
            field_of(RepeatInput {
                interval: "x".into(),
                ..input("daily")
            }),
            "interval"
        );
        assert_eq!(
            field_of(RepeatInput {
                interval: "53".into(),
                ..input("daily")
            }),
            "interval"
        );
        assert_eq!(
            field_of(RepeatInput {
                weekdays: vec!["XX".into()],
                ..input("weekly")
            }),
            "weekdays"
        );
        assert_eq!(
            field_of(RepeatInput {
                nth: "5".into(),
                ..input("monthly_weekday")
            }),
            "nth"
        );
        assert_eq!(
            field_of(RepeatInput {
                ends: "after".into(),
                count: "10000".into(),
                ..input("daily")
            }),
            "count"
        );
        assert_eq!(
            field_of(RepeatInput {
                ends: "on".into(),
                until: "2026-12-01".into(),
                ..input("daily")
            }),
            "until"
        );
        assert_eq!(
            field_of(RepeatInput {
                ends: "on".into(),
                until: "12026-01-01".into(),
                ..input("daily")
            }),
            "until"
        );
        assert_eq!(
            field_of(RepeatInput {
                ends: "on".into(),
                until: "morgen".into(),
                ..input("daily")
            }),
            "until"
        );
    }
}
