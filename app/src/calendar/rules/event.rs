//! A new single-date event: the form as typed, its time slot and the checks it must pass.
use super::text::{breaks_line, has_stray_controls};
use crate::i18n::Msg;
use crate::kernel::error::FieldError;
use crate::kernel::time::{local_to_utc, parse_local};
use crate::series::fields as series_fields;
use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use chrono_tz::Tz;

pub const TITLE_MAX_CHARS: usize = 120;
pub const DESCRIPTION_MAX_CHARS: usize = 5000;
pub const MAX_DURATION_DAYS: i64 = 14;

/// A half-open span of time `[starts_at, ends_at)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeSlot {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

/// The create-event form as the person typed it.
#[derive(Clone, Debug, Default)]
pub struct EventInput {
    pub title: String,
    pub description: String,
    pub room_id: String,
    pub category_id: String,
    pub starts_at: String,
    pub ends_at: String,
}

/// A single-date event that passed every rule that needs no database.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewEvent {
    pub title: String,
    pub description: String,
    pub room_id: i64,
    pub category_id: i64,
    pub slot: TimeSlot,
    pub starts_local: NaiveDateTime,
}

fn parse_id(value: &str, required: Msg, unknown: Msg) -> Result<i64, Msg> {
    let value = value.trim();
    if value.is_empty() {
        return Err(required);
    }
    value
        .parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or(unknown)
}

impl NewEvent {
    /// Checks every field and reports all problems at once, each at its field.
    pub fn parse(input: &EventInput, zone: Tz) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut check = |field: &str, result: Result<(), Msg>| {
            if let Err(msg) = result {
                errors.push(FieldError::new(field, msg));
            }
        };

        let title = input.title.trim().to_owned();
        check(
            series_fields::TITLE,
            if title.is_empty() {
                Err(Msg::TitleRequired)
            } else if title.chars().count() > TITLE_MAX_CHARS {
                Err(Msg::TitleTooLong)
            } else if breaks_line(&title) {
                Err(Msg::OneLineOnly)
            } else {
                Ok(())
            },
        );
        let description = input.description.trim().to_owned();
        check(
            series_fields::DESCRIPTION,
            if description.chars().count() > DESCRIPTION_MAX_CHARS {
                Err(Msg::DescriptionTooLong)
            } else if has_stray_controls(&description) {
                Err(Msg::ControlCharacters)
            } else {
                Ok(())
            },
        );
        let room_id = parse_id(&input.room_id, Msg::RoomRequired, Msg::RoomUnknown);
        check(series_fields::ROOM_ID, room_id.map(drop));
        let category_id = parse_id(
            &input.category_id,
            Msg::CategoryRequired,
            Msg::CategoryUnknown,
        );
        check(series_fields::CATEGORY_ID, category_id.map(drop));

        let local_start = parse_local(&input.starts_at);
        let starts_at = local_start.and_then(|t| local_to_utc(t, zone));
        check(series_fields::STARTS_AT, starts_at.map(drop));
        let ends_at = parse_local(&input.ends_at).and_then(|t| local_to_utc(t, zone));
        check(series_fields::ENDS_AT, ends_at.map(drop));
        if let (Ok(start), Ok(end)) = (starts_at, ends_at) {
            check(
                series_fields::ENDS_AT,
                if end <= start {
                    Err(Msg::EndBeforeStart)
                } else if end - start > Duration::days(MAX_DURATION_DAYS) {
                    Err(Msg::DurationTooLong)
                } else {
                    Ok(())
                },
            );
        }

        match (room_id, category_id, local_start, starts_at, ends_at) {
            (Ok(room_id), Ok(category_id), Ok(starts_local), Ok(starts_at), Ok(ends_at))
                if errors.is_empty() =>
            {
                Ok(Self {
                    title,
                    description,
                    room_id,
                    category_id,
                    slot: TimeSlot { starts_at, ends_at },
                    starts_local,
                })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::rules::DetailsInput;
    use crate::kernel::time::HOUSE_ZONE;

    fn valid() -> EventInput {
        EventInput {
            title: "  Repair-Café ".into(),
            description: "Kaputtes mitbringen.".into(),
            room_id: "3".into(),
            category_id: "1".into(),
            starts_at: "2026-12-05T14:00".into(),
            ends_at: "2026-12-05T17:00".into(),
        }
    }

    fn errors_of(input: EventInput) -> Vec<(String, Msg)> {
        NewEvent::parse(&input, HOUSE_ZONE)
            .expect_err("input must be refused")
            .into_iter()
            .map(|e| (e.field, e.msg))
            .collect()
    }

    #[test]
    fn a_complete_event_is_accepted_with_a_trimmed_title_and_utc_times() {
        let event = NewEvent::parse(&valid(), HOUSE_ZONE).expect("valid");
        assert_eq!(event.title, "Repair-Café");
        assert_eq!(
            event.slot.starts_at.to_rfc3339(),
            "2026-12-05T13:00:00+00:00"
        );
        assert_eq!(event.room_id, 3);
    }

    #[test]
    fn an_empty_title_is_refused_at_the_title() {
        let input = EventInput {
            title: "   ".into(),
            ..valid()
        };
        assert_eq!(errors_of(input), vec![("title".into(), Msg::TitleRequired)]);
    }

    #[test]
    fn over_long_text_is_refused_at_its_field() {
        let input = EventInput {
            title: "x".repeat(TITLE_MAX_CHARS + 1),
            description: "y".repeat(DESCRIPTION_MAX_CHARS + 1),
            ..valid()
        };
        assert_eq!(
            errors_of(input),
            vec![
                ("title".into(), Msg::TitleTooLong),
                ("description".into(), Msg::DescriptionTooLong)
            ]
        );
    }

    #[test]
    fn line_breaks_and_control_characters_are_refused_in_one_line_fields() {
        for title in [
            "Kurs\r\nBcc: x@example.org",
            "Kurs\nzwei",
            "Kurs\u{0}",
            "A\tB",
            "A\u{7f}",
            "A\u{2028}B",
        ] {
            let input = EventInput {
                title: title.into(),
                ..valid()
            };
            assert_eq!(
                errors_of(input),
                vec![("title".into(), Msg::OneLineOnly)],
                "{title:?}"
            );
        }
        let input = EventInput {
            description: "Erste Zeile\r\nzweite Zeile\n\tdritte".into(),
            ..valid()
        };
        assert!(
            NewEvent::parse(&input, HOUSE_ZONE).is_ok(),
            "descriptions keep line breaks"
        );
        let input = EventInput {
            description: "Text\u{1b}[31m".into(),
            ..valid()
        };
        assert_eq!(
            errors_of(input),
            vec![("description".into(), Msg::ControlCharacters)]
        );
        let errors = DetailsInput::parse(
            vec![],
            vec![],
            None,
            Some("Rampe\nam Eingang\u{0}"),
            Some("a@example.org\r\nX-Evil: 1"),
        )
        .expect_err("invalid");
        let found: Vec<(&str, Msg)> = errors.iter().map(|e| (e.field.as_str(), e.msg)).collect();
        assert_eq!(
            found,
            [
                ("accessibility", Msg::ControlCharacters),
                ("contact", Msg::OneLineOnly)
            ]
        );
        let fine = DetailsInput::parse(
            vec![],
            vec![],
            None,
            Some("Rampe\nam Eingang"),
            Some("a@example.org"),
        )
        .expect("valid");
        assert_eq!(fine.accessibility.as_deref(), Some("Rampe\nam Eingang"));
    }

    #[test]
    fn an_end_before_or_at_the_start_is_refused_at_the_end() {
        for end in ["2026-12-05T13:00", "2026-12-05T14:00"] {
            let input = EventInput {
                ends_at: end.into(),
                ..valid()
            };
            assert_eq!(
                errors_of(input),
                vec![("ends_at".into(), Msg::EndBeforeStart)]
            );
        }
    }

    #[test]
    fn an_event_longer_than_two_weeks_is_refused() {
        let input = EventInput {
            ends_at: "2026-12-25T14:00".into(),
            ..valid()
        };
        assert_eq!(
            errors_of(input),
            vec![("ends_at".into(), Msg::DurationTooLong)]
        );
    }

    #[test]
    fn forged_or_missing_ids_are_refused() {
        let input = EventInput {
            room_id: "1; drop table room".into(),
            category_id: String::new(),
            ..valid()
        };
        assert_eq!(
            errors_of(input),
            vec![
                ("room_id".into(), Msg::RoomUnknown),
                ("category_id".into(), Msg::CategoryRequired)
            ]
        );
        let input = EventInput {
            room_id: "-4".into(),
            ..valid()
        };
        assert_eq!(errors_of(input), vec![("room_id".into(), Msg::RoomUnknown)]);
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let input = EventInput {
            title: String::new(),
            description: String::new(),
            room_id: String::new(),
            category_id: String::new(),
            starts_at: "kaputt".into(),
            ends_at: String::new(),
        };
        assert_eq!(errors_of(input).len(), 5);
    }

    #[test]
    fn an_evening_event_across_the_autumn_clock_change_keeps_its_wall_clock_times() {
        let input = EventInput {
            starts_at: "2026-10-24T22:00".into(),
            ends_at: "2026-10-25T04:00".into(),
            ..valid()
        };
        let event = NewEvent::parse(&input, HOUSE_ZONE).expect("valid");
        assert_eq!(
            event.slot.ends_at - event.slot.starts_at,
            Duration::hours(7)
        );
    }
}
