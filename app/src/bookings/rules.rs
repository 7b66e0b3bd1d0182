//! The pure rules of room requests: their states, what a valid request is, how
//! the planner's verdict reads at the form's fields, and the busy times of a
//! room's week as the form shows them. No database, no HTTP: the browser runs
//! them too.
use crate::bookings::fields;
use crate::calendar::rules::{TimeSlot, breaks_line, has_stray_controls};
use crate::i18n::Msg;
use crate::kernel::error::FieldError;
use crate::kernel::time::{HOUSE_ZONE, local_to_utc, utc_to_local};
use crate::planner::rules::{Conflict, Verdict};
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

pub const PURPOSE_MAX_CHARS: usize = 500;
pub const CONTACT_MAX_CHARS: usize = 200;
pub const GUESTS_MAX: u32 = 1000;
pub const RULES_MAX_CHARS: usize = 20_000;
/// A room's fee in euros, at most.
pub const FEE_MAX_CENTS: i64 = 1_000_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RequestStatus {
    /// Waiting for the house.
    Pending,
    /// A private date in the room.
    Approved,
    Declined,
    /// Taken back by the person before a decision.
    Withdrawn,
}

impl RequestStatus {
    pub const ALL: [Self; 4] = [
        Self::Pending,
        Self::Approved,
        Self::Declined,
        Self::Withdrawn,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Approved => "approved",
            Self::Declined => "declined",
            Self::Withdrawn => "withdrawn",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            Self::Pending => Msg::RequestStatusPending,
            Self::Approved => Msg::RequestStatusApproved,
            Self::Declined => Msg::RequestStatusDeclined,
            Self::Withdrawn => Msg::RequestStatusWithdrawn,
        }
    }

    /// What the person can expect next.
    pub fn next_step(self) -> Msg {
        match self {
            Self::Pending => Msg::RequestNextPending,
            Self::Approved => Msg::RequestNextApproved,
            Self::Declined | Self::Withdrawn => Msg::RequestNextClosed,
        }
    }
}

/// The request form as typed: a room, a day, a start and an end in the house's
/// time, what for, how many guests, a contact, and the house rules accepted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RequestInput {
    pub room_id: String,
    pub date: String,
    pub starts: String,
    pub ends: String,
    pub purpose: String,
    pub guests: String,
    pub contact: String,
    pub rules_accepted: bool,
}

/// A request that passed every check of its own (the room's calendar, capacity
/// and hours are the store's to check, under the house's lock).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestDraft {
    pub room_id: i64,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub purpose: String,
    pub guests: u32,
    pub contact: String,
}

impl RequestDraft {
    pub fn slot(&self) -> TimeSlot {
        TimeSlot {
            starts_at: self.starts_at,
            ends_at: self.ends_at,
        }
    }
}

fn local_instant(
    date: Option<NaiveDate>,
    time: &str,
    field: &str,
    errors: &mut Vec<FieldError>,
) -> Option<DateTime<Utc>> {
    let Ok(time) = NaiveTime::parse_from_str(time.trim(), "%H:%M") else {
        errors.push(FieldError::new(field, Msg::TimeInvalid));
        return None;
    };
    let local = NaiveDateTime::new(date?, time);
    match local_to_utc(local, HOUSE_ZONE) {
        Ok(at) => Some(at),
        Err(msg) => {
            errors.push(FieldError::new(field, msg));
            None
        }
    }
}

impl RequestInput {
    /// Checks every field against `now` and reports every problem at once,
    /// each at its field.
    pub fn parse(&self, now: DateTime<Utc>) -> Result<RequestDraft, Vec<FieldError>> {
        let mut errors = Vec::new();
        let room_id = self.room_id.trim().parse::<i64>().ok().filter(|id| *id > 0);
        if room_id.is_none() {
            errors.push(FieldError::new(fields::ROOM_ID, Msg::RoomRequired));
        }
        let date = NaiveDate::parse_from_str(self.date.trim(), "%Y-%m-%d")
            .ok()
            .filter(|d| (2000..=2100).contains(&chrono::Datelike::year(d)));
        if date.is_none() {
            errors.push(FieldError::new(fields::DATE, Msg::DateInvalid));
        }
        let starts_at = local_instant(date, &self.starts, fields::STARTS, &mut errors);
        let ends_at = local_instant(date, &self.ends, fields::ENDS, &mut errors);
        if let (Some(starts_at), Some(ends_at)) = (starts_at, ends_at) {
            if ends_at <= starts_at {
                errors.push(FieldError::new(fields::ENDS, Msg::EndBeforeStart));
            }
            if starts_at <= now {
                errors.push(FieldError::new(fields::DATE, Msg::RequestInPast));
            }
        }
        let purpose = self.purpose.trim();
        if purpose.is_empty() {
            errors.push(FieldError::new(
                fields::PURPOSE,
                Msg::RequestPurposeRequired,
            ));
        } else if purpose.chars().count() > PURPOSE_MAX_CHARS {
            errors.push(FieldError::new(fields::PURPOSE, Msg::TextTooLong));
        } else if has_stray_controls(purpose) {
            errors.push(FieldError::new(fields::PURPOSE, Msg::ControlCharacters));
        }
        let guests = self
            .guests
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=GUESTS_MAX).contains(n));
        if guests.is_none() {
            errors.push(FieldError::new(fields::GUESTS, Msg::GuestsInvalid));
        }
        let contact = self.contact.trim();
        if contact.chars().count() > CONTACT_MAX_CHARS {
            errors.push(FieldError::new(fields::CONTACT, Msg::TextTooLong));
        } else if breaks_line(contact) {
            errors.push(FieldError::new(fields::CONTACT, Msg::OneLineOnly));
        }
        if !self.rules_accepted {
            errors.push(FieldError::new(
                fields::RULES_ACCEPTED,
                Msg::RequestRulesRequired,
            ));
        }
        match (room_id, starts_at, ends_at, guests) {
            (Some(room_id), Some(starts_at), Some(ends_at), Some(guests)) if errors.is_empty() => {
                Ok(RequestDraft {
                    room_id,
                    starts_at,
                    ends_at,
                    purpose: purpose.to_owned(),
                    guests,
                    contact: contact.to_owned(),
                })
            }
            _ => Err(errors),
        }
    }
}

/// The planner's verdict on a requested use, and the room's capacity, as
/// errors at the form's fields: a taken slot at the start, a closed day at the
/// date, too many guests at the guest count. Warnings (a feature missing, a
/// quiet day) do not concern a private use.
pub fn request_errors(verdict: &Verdict, capacity: u32, guests: u32) -> Vec<FieldError> {
    let mut errors: Vec<FieldError> = verdict
        .conflicts
        .iter()
        .map(|conflict| match conflict {
            Conflict::EndNotAfterStart => FieldError::new(fields::ENDS, Msg::EndBeforeStart),
            Conflict::TooLong { .. } => FieldError::new(fields::ENDS, Msg::PlannerTooLong),
            Conflict::UnknownRoom { .. } => FieldError::new(fields::ROOM_ID, Msg::RoomUnknown),
            Conflict::RoomTaken { .. } => FieldError::new(fields::STARTS, Msg::RequestSlotTaken),
            Conflict::HouseClosedOnWeekday { .. } => {
                FieldError::new(fields::DATE, Msg::PlannerClosedWeekday)
            }
            Conflict::OutsideOpeningHours { .. } => {
                FieldError::new(fields::STARTS, Msg::PlannerOutsideHours)
            }
            Conflict::ClosureDay { .. } => FieldError::new(fields::DATE, Msg::PlannerClosureDay),
        })
        .collect();
    // One message per field is enough.
    errors.dedup_by(|a, b| a.field == b.field);
    if guests > capacity {
        errors.push(FieldError::new(fields::GUESTS, Msg::RequestOverCapacity));
    }
    errors
}

/// One day of a room's week: the times it is busy (another use and its
/// set-up and clear-up time), as minutes since local midnight, merged.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusyDay {
    pub date: NaiveDate,
    pub spans: Vec<(u32, u32)>,
}

/// The busy times of the seven days from `monday`, from the room's uses
/// widened by `gap` on each side, cut at each local midnight.
pub fn week_busy(monday: NaiveDate, uses: &[TimeSlot], gap: Duration) -> Vec<BusyDay> {
    (0..7)
        .filter_map(|i| monday.checked_add_days(chrono::Days::new(i)))
        .map(|date| {
            let day_start = date.and_time(NaiveTime::MIN);
            let mut spans: Vec<(u32, u32)> = uses
                .iter()
                .filter_map(|slot| {
                    let from = utc_to_local(slot.starts_at - gap, HOUSE_ZONE);
                    let to = utc_to_local(slot.ends_at + gap, HOUSE_ZONE);
                    let minutes =
                        |t: NaiveDateTime| (t - day_start).num_minutes().clamp(0, 24 * 60) as u32;
                    let (from, to) = (minutes(from), minutes(to));
                    (from < to).then_some((from, to))
                })
                .collect();
            spans.sort_unstable();
            let mut merged: Vec<(u32, u32)> = Vec::new();
            for (from, to) in spans {
                match merged.last_mut() {
                    Some(last) if from <= last.1 => last.1 = last.1.max(to),
                    _ => merged.push((from, to)),
                }
            }
            BusyDay {
                date,
                spans: merged,
            }
        })
        .collect()
}

/// Minutes since midnight as "HH:MM" (midnight at the day's end is "24:00").
pub fn clock(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// A fee typed in euros ("25", "25,50", "25.5"); empty means none.
pub fn parse_fee(text: &str) -> Result<Option<i64>, Msg> {
    let text = text.trim().trim_end_matches('€').trim();
    if text.is_empty() {
        return Ok(None);
    }
    let normalised = text.replace(',', ".");
    let (euros, cents) = match normalised.split_once('.') {
        Some((euros, cents)) if (1..=2).contains(&cents.len()) => (euros, cents),
        Some(_) => return Err(Msg::FeeInvalid),
        None => (normalised.as_str(), "0"),
    };
    let euros: i64 = euros.parse().map_err(|_| Msg::FeeInvalid)?;
    let mut cents: i64 = cents.parse().map_err(|_| Msg::FeeInvalid)?;
    if normalised
        .split_once('.')
        .is_some_and(|(_, c)| c.len() == 1)
    {
        cents *= 10;
    }
    let total = euros
        .checked_mul(100)
        .and_then(|e| e.checked_add(cents))
        .filter(|t| (0..=FEE_MAX_CENTS).contains(t))
        .ok_or(Msg::FeeInvalid)?;
    Ok(Some(total))
}

#[cfg(test)]
#[path = "rules_tests.rs"]
mod tests;
