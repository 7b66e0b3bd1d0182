//! The rule as RFC 5545 RRULE text: written for the feeds, and read back.
use super::{Ending, Frequency, Rule, resolve_local};
use crate::i18n::Msg;
use chrono::{TimeZone, Utc, Weekday};
use chrono_tz::Tz;

impl Rule {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::time::HOUSE_ZONE;

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
}
