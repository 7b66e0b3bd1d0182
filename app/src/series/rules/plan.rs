//! How the stored dates follow a changed rule: which take the new time, which
//! are added, and which are removed or cancelled.
use crate::calendar::rules::TimeSlot;
use crate::series::recurrence::Occurrence;
use chrono::NaiveDate;
use std::collections::HashMap;

/// A stored date of the series being changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StoredDate {
    pub occurrence_id: i64,
    pub date: NaiveDate,
    /// Changed by an organiser on its own ("this date"): it keeps its time and room.
    pub is_override: bool,
    /// Someone registered for it: it is cancelled rather than removed, so they learn of it.
    pub has_registrations: bool,
}

/// What happens to the stored dates when a series changes from some date on.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DatePlan {
    /// Stored dates that take the new time (and room).
    pub update: Vec<(i64, Occurrence)>,
    pub insert: Vec<Occurrence>,
    /// Stored dates the new rule no longer gives and nobody registered for.
    pub delete: Vec<i64>,
    /// Stored dates the new rule no longer gives, with registrations.
    pub cancel: Vec<i64>,
}

impl DatePlan {
    /// The slots the plan schedules, which must find the room free.
    pub fn scheduled_slots(&self) -> impl Iterator<Item = TimeSlot> + '_ {
        self.update
            .iter()
            .map(|(_, o)| o)
            .chain(&self.insert)
            .map(|o| TimeSlot {
                starts_at: o.starts_at,
                ends_at: o.ends_at,
            })
    }
}

/// Matches the dates the new rule gives (skipped ones already left out) with
/// the stored ones, by their rule date. Dates changed one by one stay as they are
/// while the rule still gives them.
pub fn plan_dates(wanted: &[Occurrence], stored: &[StoredDate]) -> DatePlan {
    let by_date: HashMap<NaiveDate, &StoredDate> = stored.iter().map(|s| (s.date, s)).collect();
    let mut plan = DatePlan::default();
    for occurrence in wanted {
        match by_date.get(&occurrence.date) {
            Some(s) if s.is_override => {}
            Some(s) => plan.update.push((s.occurrence_id, *occurrence)),
            None => plan.insert.push(*occurrence),
        }
    }
    for s in stored {
        if !wanted.iter().any(|o| o.date == s.date) {
            if s.has_registrations {
                plan.cancel.push(s.occurrence_id);
            } else {
                plan.delete.push(s.occurrence_id);
            }
        }
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::series::recurrence::{Ending, Frequency, Rule, Series};
    use crate::series::rules::tests::date;
    use chrono::NaiveDateTime;
    use std::collections::BTreeSet;

    fn weekly_series(start: &str) -> Series {
        Series {
            first_start: NaiveDateTime::parse_from_str(start, "%Y-%m-%dT%H:%M").expect("valid"),
            duration_minutes: 90,
            rule: Some(Rule {
                frequency: Frequency::Weekly(Vec::new()),
                interval: 1,
                ending: Ending::Never,
            }),
            exceptions: BTreeSet::new(),
            restored: BTreeSet::new(),
            skip_public_holidays: false,
            skip_school_holidays: false,
        }
    }

    #[test]
    fn stored_dates_follow_the_new_rule_and_keep_their_own_changes() {
        let old = weekly_series("2026-12-01T10:00");
        let stored: Vec<StoredDate> = old
            .expand(date("2026-12-01"), date("2026-12-31"), &BTreeSet::new())
            .iter()
            .enumerate()
            .map(|(i, o)| StoredDate {
                occurrence_id: i as i64 + 1,
                date: o.date,
                is_override: i == 1,
                has_registrations: i == 3,
            })
            .collect();
        assert_eq!(stored.len(), 5);
        // From now on every second week, an hour later.
        let mut new = weekly_series("2026-12-01T11:00");
        new.rule = Some(Rule {
            interval: 2,
            ..new.rule.clone().expect("a rule")
        });
        let wanted = new.expand(date("2026-12-01"), date("2026-12-31"), &BTreeSet::new());
        let plan = plan_dates(&wanted, &stored);
        let updated: Vec<i64> = plan.update.iter().map(|(id, _)| *id).collect();
        assert_eq!(updated, vec![1, 3, 5]);
        assert!(plan.update.iter().all(|(_, o)| {
            o.starts_at
                .with_timezone(&crate::kernel::time::HOUSE_ZONE)
                .format("%H:%M")
                .to_string()
                == "11:00"
        }));
        assert!(plan.insert.is_empty());
        // The date changed on its own is gone from the rule, like the unregistered one.
        assert_eq!(plan.delete, vec![2]);
        assert_eq!(plan.cancel, vec![4]);
        assert_eq!(plan.scheduled_slots().count(), 3);
    }
}
