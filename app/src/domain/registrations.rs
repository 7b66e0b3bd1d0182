//! Registrations for dates with limited seats: never more confirmed people than
//! seats, and a waitlist that moves up in the order people joined it.
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RegistrationStatus {
    Confirmed,
    Waitlisted,
    Cancelled,
}

impl RegistrationStatus {
    pub fn code(self) -> &'static str {
        match self {
            Self::Confirmed => "confirmed",
            Self::Waitlisted => "waitlisted",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [Self::Confirmed, Self::Waitlisted, Self::Cancelled]
            .into_iter()
            .find(|s| s.code() == code)
    }
}

/// Where a new registration goes, given the seats and how many are confirmed.
pub fn place_for_newcomer(seats: i64, confirmed: i64) -> RegistrationStatus {
    if confirmed < seats {
        RegistrationStatus::Confirmed
    } else {
        RegistrationStatus::Waitlisted
    }
}

/// How many people from the head of the waitlist move up to fill free seats.
pub fn moving_up(seats: i64, confirmed: i64, waiting: i64) -> i64 {
    (seats - confirmed).clamp(0, waiting.max(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newcomers_are_confirmed_until_the_seats_are_taken() {
        assert_eq!(place_for_newcomer(2, 0), RegistrationStatus::Confirmed);
        assert_eq!(place_for_newcomer(2, 1), RegistrationStatus::Confirmed);
        assert_eq!(place_for_newcomer(2, 2), RegistrationStatus::Waitlisted);
        assert_eq!(place_for_newcomer(2, 5), RegistrationStatus::Waitlisted);
    }

    #[test]
    fn the_waitlist_fills_free_seats_and_never_more() {
        assert_eq!(moving_up(3, 2, 5), 1);
        assert_eq!(moving_up(3, 0, 1), 1);
        assert_eq!(moving_up(3, 3, 5), 0);
        assert_eq!(moving_up(3, 4, 5), 0, "an over-full date promotes nobody");
    }

    #[test]
    fn statuses_round_trip_through_their_codes() {
        for s in [
            RegistrationStatus::Confirmed,
            RegistrationStatus::Waitlisted,
            RegistrationStatus::Cancelled,
        ] {
            assert_eq!(RegistrationStatus::from_code(s.code()), Some(s));
        }
    }
}
