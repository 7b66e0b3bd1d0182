//! Changing a series after it was made: the repeat fields of the form, the three
//! scopes of a change, and how stored dates follow a changed rule.
use crate::i18n::Msg;
use chrono::{Days, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

mod plan;
mod repeat;

pub use plan::{DatePlan, StoredDate, plan_dates};
pub use repeat::{RepeatInput, WEEK, nth_of_month};

/// Which dates a change to a series applies to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EditScope {
    ThisDate,
    ThisAndFollowing,
    All,
}

impl EditScope {
    pub const ALL: [EditScope; 3] = [Self::ThisDate, Self::ThisAndFollowing, Self::All];

    pub fn code(self) -> &'static str {
        match self {
            Self::ThisDate => "date",
            Self::ThisAndFollowing => "following",
            Self::All => "all",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            Self::ThisDate => Msg::ScopeThisDate,
            Self::ThisAndFollowing => Msg::ScopeThisAndFollowing,
            Self::All => Msg::ScopeAll,
        }
    }
}

/// For a change to all dates: the series' first start moves by as many days as
/// the organiser moved the date they opened, and takes the new time of day.
pub fn shifted_first_start(
    old_first: NaiveDate,
    opened: NaiveDate,
    new_start: NaiveDateTime,
) -> NaiveDateTime {
    let shift = new_start.date().signed_duration_since(opened).num_days();
    let date = if shift >= 0 {
        old_first.checked_add_days(Days::new(shift.unsigned_abs()))
    } else {
        old_first.checked_sub_days(Days::new(shift.unsigned_abs()))
    };
    date.unwrap_or(old_first).and_time(new_start.time())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A local date written `YYYY-MM-DD`, for the tests of every part.
    pub(super) fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("valid date")
    }

    #[test]
    fn moving_all_dates_keeps_the_shift_and_takes_the_new_time() {
        let new_start =
            NaiveDateTime::parse_from_str("2027-01-13T18:30", "%Y-%m-%dT%H:%M").expect("valid");
        assert_eq!(
            shifted_first_start(date("2026-12-02"), date("2027-01-12"), new_start),
            NaiveDateTime::parse_from_str("2026-12-03T18:30", "%Y-%m-%dT%H:%M").expect("valid")
        );
        let same_day =
            NaiveDateTime::parse_from_str("2027-01-12T09:00", "%Y-%m-%dT%H:%M").expect("valid");
        assert_eq!(
            shifted_first_start(date("2026-12-02"), date("2027-01-12"), same_day).date(),
            date("2026-12-02")
        );
    }
}
