//! What an organiser fills in to accept an offer: the first date's start and
//! end, and how often it repeats. Checked here, in the browser and on the server.
use crate::calendar::rules::MAX_DURATION_DAYS;
use crate::i18n::Msg;
use crate::kernel::error::FieldError;
use crate::kernel::time::{HOUSE_ZONE, local_to_utc, parse_local};
use crate::offers::fields;
use crate::series::rules::RepeatInput;
use chrono::{Duration, NaiveDateTime};

/// The repeat choices of the accept form, as `RepeatInput` names them.
pub const REPEATS: [(&str, Msg); 4] = [
    ("none", Msg::RepeatNone),
    ("weekly", Msg::RepeatWeekly),
    ("monthly_weekday", Msg::RepeatMonthlyWeekday),
    ("daily", Msg::RepeatDaily),
];

/// The accepted offer's dates, before the house's closures and holidays.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AcceptedDates {
    pub first_start: NaiveDateTime,
    pub duration_minutes: i64,
    pub rule: Option<crate::series::recurrence::Rule>,
}

/// Checks the accept form; every problem at its field.
pub fn parse_accept(
    starts_at: &str,
    ends_at: &str,
    repeat: &str,
    count: &str,
) -> Result<AcceptedDates, Vec<FieldError>> {
    let mut errors = Vec::new();
    let local = |field: &str, text: &str, errors: &mut Vec<FieldError>| {
        parse_local(text)
            .and_then(|t| local_to_utc(t, HOUSE_ZONE).map(|utc| (t, utc)))
            .map_err(|msg| errors.push(FieldError::new(field, msg)))
            .ok()
    };
    let start = local(fields::STARTS_AT, starts_at, &mut errors);
    let end = local(fields::ENDS_AT, ends_at, &mut errors);
    let mut duration_minutes = 0;
    if let (Some((_, start)), Some((_, end))) = (start, end) {
        if end <= start {
            errors.push(FieldError::new(fields::ENDS_AT, Msg::EndBeforeStart));
        } else if end - start > Duration::days(MAX_DURATION_DAYS) {
            errors.push(FieldError::new(fields::ENDS_AT, Msg::DurationTooLong));
        }
        duration_minutes = (end - start).num_minutes();
    }
    let rule = start.and_then(|(first, _)| {
        let once = matches!(repeat.trim(), "" | "none");
        RepeatInput {
            repeat: repeat.trim().to_owned(),
            interval: String::new(),
            weekdays: Vec::new(),
            nth: String::new(),
            ends: if once {
                String::new()
            } else {
                "after".to_owned()
            },
            count: count.trim().to_owned(),
            until: String::new(),
        }
        .parse(first.date())
        .map_err(|e| errors.push(e))
        .ok()
    });
    match (start, rule) {
        (Some((first_start, _)), Some(rule)) if errors.is_empty() => Ok(AcceptedDates {
            first_start,
            duration_minutes,
            rule,
        }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_weekly_dates_from_the_first_saturday() {
        let dates =
            parse_accept("2027-03-06T10:00", "2027-03-06T13:00", "weekly", "10").expect("valid");
        assert_eq!(dates.duration_minutes, 180);
        assert!(dates.rule.is_some());
        let once = parse_accept("2027-03-06T10:00", "2027-03-06T13:00", "none", "").expect("valid");
        assert_eq!(once.rule, None);
    }

    #[test]
    fn bad_times_and_counts_are_refused_at_their_fields() {
        let at = |errors: Vec<FieldError>| errors.into_iter().map(|e| e.field).collect::<Vec<_>>();
        let backwards = parse_accept("2027-03-06T10:00", "2027-03-06T09:00", "none", "");
        assert_eq!(at(backwards.expect_err("end first")), [fields::ENDS_AT]);
        // 28 March 2027, 02:30 does not exist in Berlin: the clocks jump from 2 to 3.
        let skipped = parse_accept("2027-03-28T02:30", "2027-03-28T04:00", "none", "");
        assert_eq!(at(skipped.expect_err("no such time")), [fields::STARTS_AT]);
        let too_long = parse_accept("2027-03-06T10:00", "2027-03-21T10:00", "none", "");
        assert_eq!(at(too_long.expect_err("too long")), [fields::ENDS_AT]);
        let count = parse_accept("2027-03-06T10:00", "2027-03-06T12:00", "weekly", "null");
        assert_eq!(at(count.expect_err("count")), [fields::COUNT]);
        assert!(parse_accept("", "", "none", "").is_err());
    }
}
