//! Registrations for dates with limited seats: never more confirmed people than
//! seats, and a waitlist that moves up in the order people joined it.
use crate::calendar::rules::Visibility;
use crate::calendar::status::{DateStatus, SeriesStatus};
use crate::i18n::Msg;
use crate::kernel::error::{AppError, FieldError};
use crate::series::fields as series_fields;
use chrono::{DateTime, Utc};
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

/// What the registration rule needs to know about a date, as stored.
pub struct DateFacts {
    pub visibility: Visibility,
    pub counselling: bool,
    pub series_status: SeriesStatus,
    pub occurrence_status: DateStatus,
    pub seats: Option<i32>,
    pub starts_at: DateTime<Utc>,
}

/// Whether a resident may register for the date at `now`: its seats, or why not.
/// Dates the public must not know of are not found; counselling is confidential,
/// so the house keeps no list of who comes and it takes no registrations.
pub fn registration_open(date: &DateFacts, now: DateTime<Utc>) -> Result<i64, AppError> {
    if date.visibility != Visibility::Public || date.series_status == SeriesStatus::Draft {
        return Err(AppError::NotFound);
    }
    let seats = match date.seats {
        Some(seats) if !date.counselling => i64::from(seats),
        _ => return Err(AppError::Conflict(Msg::RegistrationNotNeeded)),
    };
    if date.occurrence_status != DateStatus::Scheduled
        || date.series_status == SeriesStatus::Cancelled
    {
        return Err(AppError::Conflict(Msg::RegistrationCancelledDate));
    }
    if date.starts_at <= now {
        return Err(AppError::Conflict(Msg::RegistrationClosed));
    }
    Ok(seats)
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

/// Rule 2 for a change of seats: they never drop below the places already
/// confirmed on any of the dates changed (`most_confirmed`), and a date people
/// registered for keeps taking registrations (no seats means none).
pub fn seats_cover_confirmed(seats: Option<i32>, most_confirmed: i64) -> Result<(), FieldError> {
    if most_confirmed > 0 && seats.is_none_or(|seats| i64::from(seats) < most_confirmed) {
        return Err(FieldError::new(
            series_fields::SEATS,
            Msg::SeatsBelowRegistered,
        ));
    }
    Ok(())
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
    fn only_scheduled_public_dates_with_seats_ahead_take_registrations() {
        let now = DateTime::parse_from_rfc3339("2026-12-01T10:00:00Z")
            .expect("instant")
            .with_timezone(&Utc);
        let open = || DateFacts {
            visibility: Visibility::Public,
            counselling: false,
            series_status: SeriesStatus::Published,
            occurrence_status: DateStatus::Scheduled,
            seats: Some(8),
            starts_at: now + chrono::Duration::hours(1),
        };
        assert_eq!(registration_open(&open(), now), Ok(8));
        let refused = |date: DateFacts| registration_open(&date, now).err();
        let not_needed = Some(AppError::Conflict(Msg::RegistrationNotNeeded));
        for visibility in [Visibility::Private, Visibility::Internal] {
            assert_eq!(
                refused(DateFacts {
                    visibility,
                    ..open()
                }),
                Some(AppError::NotFound)
            );
        }
        assert_eq!(
            refused(DateFacts {
                series_status: SeriesStatus::Draft,
                ..open()
            }),
            Some(AppError::NotFound)
        );
        assert_eq!(
            refused(DateFacts {
                counselling: true,
                ..open()
            }),
            not_needed
        );
        assert_eq!(
            refused(DateFacts {
                seats: None,
                ..open()
            }),
            not_needed
        );
        assert_eq!(
            refused(DateFacts {
                occurrence_status: DateStatus::Cancelled,
                ..open()
            }),
            Some(AppError::Conflict(Msg::RegistrationCancelledDate))
        );
        assert_eq!(
            refused(DateFacts {
                starts_at: now,
                ..open()
            }),
            Some(AppError::Conflict(Msg::RegistrationClosed))
        );
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

    #[test]
    fn seats_never_drop_below_the_confirmed_places() {
        assert_eq!(seats_cover_confirmed(Some(5), 5), Ok(()));
        assert_eq!(seats_cover_confirmed(None, 0), Ok(()));
        let refused = Err(FieldError::new("seats", Msg::SeatsBelowRegistered));
        assert_eq!(seats_cover_confirmed(Some(4), 5), refused);
        assert_eq!(seats_cover_confirmed(None, 1), refused);
    }
}
