//! What a change to a series from one opened date does: whether the series
//! splits ("this and the following dates") or changes as a whole, how the
//! changed part is defined, and from which day its dates are replaced. The
//! store applies the plan; the decisions are made here.
use crate::calendar::rules::SeriesDetails;
use crate::i18n::Msg;
use crate::kernel::error::FieldError;
use crate::series::fields as series_fields;
use crate::series::recurrence::{Rule, Series};
use crate::series::rules::shifted_first_start;
use chrono::{NaiveDate, NaiveDateTime};

/// A change to a series from the date an organiser opened.
#[derive(Clone, Debug)]
pub struct SeriesChange {
    /// The date the organiser opened to make the change.
    pub occurrence_id: i64,
    /// `true`: this and the following dates become a series of their own;
    /// `false`: the whole series changes (dates already past stay as they were).
    pub following: bool,
    pub details: SeriesDetails,
    /// The new start of the opened date.
    pub start: NaiveDateTime,
    pub duration_minutes: i64,
    pub rule: Option<Rule>,
    /// The organiser left the repeat fields as they were: a split series goes on
    /// with what is left of the rule (a count continues, it does not restart).
    pub keeps_rule: bool,
    pub skip_public_holidays: bool,
    pub skip_school_holidays: bool,
}

/// How a change is carried out.
#[derive(Clone, Debug, PartialEq)]
pub struct ChangePlan {
    /// `Some(day)`: the dates from `day` on split off as a series of their own,
    /// and the old series keeps `ended_rule`, which stops before `day`.
    pub split_at: Option<NaiveDate>,
    pub ended_rule: Option<Rule>,
    /// The changed series (the split-off part, or the whole series).
    pub new: Series,
    /// Stored dates from this day on are replaced by the new rule's.
    pub from: NaiveDate,
    /// The new rule's dates from this day on are wanted.
    pub wanted_from: NaiveDate,
}

/// Plans `change` to the series `old`, opened at the date `opened`. "This and
/// the following" from the first date is a change to all of them; a split part
/// cannot begin before the day it splits at.
pub fn plan_series_change(
    old: &Series,
    opened: NaiveDate,
    change: &SeriesChange,
    today: NaiveDate,
) -> Result<ChangePlan, FieldError> {
    let old_first = old.first_start.date();
    let split_at = (change.following && old.rule.is_some() && opened > old_first).then_some(opened);
    let Some(at) = split_at else {
        let new = Series {
            first_start: shifted_first_start(old_first, opened, change.start),
            duration_minutes: change.duration_minutes,
            rule: change.rule.clone(),
            skip_public_holidays: change.skip_public_holidays,
            skip_school_holidays: change.skip_school_holidays,
            ..old.clone()
        };
        return Ok(ChangePlan {
            split_at: None,
            ended_rule: None,
            new: new.anchored(),
            from: today,
            wanted_from: today,
        });
    };
    if change.start.date() < at {
        return Err(FieldError::new(
            series_fields::STARTS_AT,
            Msg::SplitStartsBefore,
        ));
    }
    let (ended_rule, continued) = old.rule.as_ref().map(|r| r.split(old_first, at)).unzip();
    let rule = if change.keeps_rule {
        continued
    } else {
        change.rule.clone()
    };
    let new = Series {
        first_start: change.start,
        duration_minutes: change.duration_minutes,
        rule,
        exceptions: old
            .exceptions
            .iter()
            .copied()
            .filter(|d| *d >= at)
            .collect(),
        restored: old.restored.iter().copied().filter(|d| *d >= at).collect(),
        skip_public_holidays: change.skip_public_holidays,
        skip_school_holidays: change.skip_school_holidays,
    }
    .anchored();
    let wanted_from = at.min(new.first_start.date());
    Ok(ChangePlan {
        split_at,
        ended_rule,
        new,
        from: at,
        wanted_from,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::series::recurrence::{Ending, Frequency};
    use chrono::Weekday;
    use std::collections::BTreeSet;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a date")
    }

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").expect("a time")
    }

    fn weekly(count: Option<u32>) -> Rule {
        Rule {
            frequency: Frequency::Weekly(vec![Weekday::Mon]),
            interval: 1,
            ending: count.map_or(Ending::Never, Ending::After),
        }
    }

    fn mondays(count: Option<u32>) -> Series {
        Series {
            first_start: at("2027-01-04T18:00"),
            duration_minutes: 90,
            rule: Some(weekly(count)),
            exceptions: BTreeSet::from([day("2027-01-11"), day("2027-02-01")]),
            restored: BTreeSet::new(),
            skip_public_holidays: false,
            skip_school_holidays: false,
        }
    }

    fn change(following: bool, start: &str, keeps_rule: bool) -> SeriesChange {
        SeriesChange {
            occurrence_id: 1,
            following,
            details: SeriesDetails::simple("Yoga", "", 1, 1),
            start: at(start),
            duration_minutes: 60,
            rule: Some(weekly(None)),
            keeps_rule,
            skip_public_holidays: true,
            skip_school_holidays: false,
        }
    }

    #[test]
    fn following_splits_at_the_opened_date_and_keeps_what_lies_after_it() {
        let old = mondays(Some(10));
        let today = day("2027-01-01");
        let plan = plan_series_change(
            &old,
            day("2027-01-25"),
            &change(true, "2027-01-25T19:00", true),
            today,
        )
        .expect("a plan");
        assert_eq!(plan.split_at, Some(day("2027-01-25")));
        assert_eq!(plan.from, day("2027-01-25"));
        assert_eq!(plan.wanted_from, day("2027-01-25"));
        assert_eq!(plan.new.first_start, at("2027-01-25T19:00"));
        assert_eq!(plan.new.duration_minutes, 60);
        // Only the exception after the split moves with the new part.
        assert_eq!(plan.new.exceptions, BTreeSet::from([day("2027-02-01")]));
        // The count is shared: three of the rule's ten dates lie before the split.
        assert_eq!(plan.ended_rule.map(|r| r.ending), Some(Ending::After(3)));
        assert_eq!(plan.new.rule.map(|r| r.ending), Some(Ending::After(7)));
    }

    #[test]
    fn following_from_the_first_date_changes_every_date() {
        let old = mondays(None);
        let today = day("2027-01-01");
        let plan = plan_series_change(
            &old,
            day("2027-01-04"),
            &change(true, "2027-01-11T10:00", false),
            today,
        )
        .expect("a plan");
        assert_eq!(plan.split_at, None);
        assert_eq!(plan.ended_rule, None);
        assert_eq!((plan.from, plan.wanted_from), (today, today));
        // The opened date moved a week on, so the series' first start does too.
        assert_eq!(plan.new.first_start, at("2027-01-11T10:00"));
        assert_eq!(plan.new.exceptions, old.exceptions);
    }

    #[test]
    fn a_split_part_cannot_start_before_the_split() {
        let refused = plan_series_change(
            &mondays(None),
            day("2027-01-25"),
            &change(true, "2027-01-24T10:00", false),
            day("2027-01-01"),
        );
        assert_eq!(
            refused,
            Err(FieldError::new("starts_at", Msg::SplitStartsBefore))
        );
    }
}
