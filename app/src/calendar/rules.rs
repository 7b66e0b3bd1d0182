//! Events of the house's calendar: what a new single-date event must satisfy.
use crate::i18n::Msg;
use crate::kernel::error::FieldError;
use crate::kernel::time::{local_to_utc, parse_local};
use crate::series::fields as series_fields;
use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use chrono_tz::Tz;

pub const TITLE_MAX_CHARS: usize = 120;
pub const DESCRIPTION_MAX_CHARS: usize = 5000;
pub const ACCESSIBILITY_MAX_CHARS: usize = 1000;
pub const CONTACT_MAX_CHARS: usize = 200;
/// The highest fixed price, in euro cents (a course for a whole term stays below it).
pub const PRICE_MAX_CENTS: i32 = 100_000;
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

/// Whether a one-line text (a title, a contact) holds a line break or another
/// control character. Such texts reach mail subjects, calendar files, log lines
/// and headers, where a line break starts something new; nobody types them on purpose.
pub fn breaks_line(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}'))
}

/// Whether a text of several lines (a description) holds a control character
/// other than a line break or a tab.
pub fn has_stray_controls(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
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

/// What taking part costs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Price {
    Free,
    Donation,
    /// In euro cents.
    Amount(i32),
}

impl Price {
    pub fn from_stored(kind: &str, cents: Option<i32>) -> Self {
        match (kind, cents) {
            ("amount", Some(cents)) => Price::Amount(cents),
            ("donation", _) => Price::Donation,
            _ => Price::Free,
        }
    }

    pub fn kind_code(self) -> &'static str {
        match self {
            Price::Free => "free",
            Price::Donation => "donation",
            Price::Amount(_) => "amount",
        }
    }

    pub fn cents(self) -> Option<i32> {
        match self {
            Price::Amount(cents) => Some(cents),
            _ => None,
        }
    }

    /// Free of charge: free or pay-what-you-like.
    pub fn is_free(self) -> bool {
        !matches!(self, Price::Amount(c) if c > 0)
    }
}

/// What the series form says besides title, room and time: who it is for, its
/// languages, its price, accessibility notes and a contact. Whatever the form did
/// not send (an empty list, `None`) keeps what is stored.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DetailsInput {
    pub audience: Vec<crate::calendar::query::Audience>,
    pub languages: Vec<String>,
    pub price: Option<Price>,
    pub accessibility: Option<String>,
    pub contact: Option<String>,
}

impl DetailsInput {
    /// Checks the texts of the form, each problem at its field: `price_kind` and
    /// `price_amount` (euros, "3,50" or "3.50"), `accessibility` and `contact`.
    pub fn parse(
        audience: Vec<crate::calendar::query::Audience>,
        languages: Vec<String>,
        price: Option<(&str, &str)>,
        accessibility: Option<&str>,
        contact: Option<&str>,
    ) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let price = match price {
            None => None,
            Some(("free", _)) => Some(Price::Free),
            Some(("donation", _)) => Some(Price::Donation),
            Some(("amount", amount)) => match parse_cents(amount) {
                Some(cents) if (1..=PRICE_MAX_CENTS).contains(&cents) => Some(Price::Amount(cents)),
                _ => {
                    errors.push(FieldError::new(
                        series_fields::PRICE_AMOUNT,
                        Msg::PriceInvalid,
                    ));
                    None
                }
            },
            Some(_) => {
                errors.push(FieldError::new(
                    series_fields::PRICE_KIND,
                    Msg::PriceInvalid,
                ));
                None
            }
        };
        let mut text = |field: &'static str,
                        value: Option<&str>,
                        max: usize,
                        too_long: Msg,
                        one_line: bool| {
            let value = value.map(str::trim)?;
            if value.chars().count() > max {
                errors.push(FieldError::new(field, too_long));
            } else if one_line && breaks_line(value) {
                errors.push(FieldError::new(field, Msg::OneLineOnly));
            } else if has_stray_controls(value) {
                errors.push(FieldError::new(field, Msg::ControlCharacters));
            }
            Some(value.to_owned())
        };
        let accessibility = text(
            "accessibility",
            accessibility,
            ACCESSIBILITY_MAX_CHARS,
            Msg::AccessibilityTooLong,
            false,
        );
        let contact = text(
            "contact",
            contact,
            CONTACT_MAX_CHARS,
            Msg::ContactTooLong,
            true,
        );
        if errors.is_empty() {
            Ok(Self {
                audience,
                languages,
                price,
                accessibility,
                contact,
            })
        } else {
            Err(errors)
        }
    }

    /// Whether applying these fields would leave `stored` as it is (lists in any order).
    pub fn keeps(&self, stored: &SeriesDetails) -> bool {
        fn sorted<T: Ord + Clone>(list: &[T]) -> Vec<T> {
            let mut list = list.to_vec();
            list.sort();
            list
        }
        let mut applied = stored.clone();
        self.apply_to(&mut applied);
        sorted(&applied.audience) == sorted(&stored.audience)
            && sorted(&applied.languages) == sorted(&stored.languages)
            && applied.price == stored.price
            && applied.accessibility == stored.accessibility
            && applied.contact == stored.contact
    }

    pub fn apply_to(&self, details: &mut SeriesDetails) {
        if !self.audience.is_empty() {
            details.audience = self.audience.clone();
        }
        if !self.languages.is_empty() {
            details.languages = self.languages.clone();
        }
        if let Some(price) = self.price {
            details.price = price;
        }
        if let Some(accessibility) = &self.accessibility {
            details.accessibility = accessibility.clone();
        }
        if let Some(contact) = &self.contact {
            details.contact = contact.clone();
        }
    }
}

/// Euros as typed ("3", "3,5", "3,50", "3.50") in cents.
pub fn parse_cents(text: &str) -> Option<i32> {
    let text = text.trim().trim_end_matches('€').trim_end();
    let (euros, cents) = match text.split_once([',', '.']) {
        Some((euros, cents)) => (euros, cents),
        None => (text, ""),
    };
    let digits = |s: &str| !s.is_empty() && s.len() <= 6 && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(euros) || !(cents.is_empty() || (cents.len() <= 2 && digits(cents))) {
        return None;
    }
    let cents = match cents.len() {
        0 => 0,
        1 => cents.parse::<i32>().ok()? * 10,
        _ => cents.parse::<i32>().ok()?,
    };
    euros
        .parse::<i32>()
        .ok()?
        .checked_mul(100)?
        .checked_add(cents)
}

/// The price as the form shows it: its kind, and an amount in euros ("3,50").
pub fn price_form_values(price: Price) -> (&'static str, String) {
    match price {
        Price::Amount(cents) => ("amount", format!("{},{:02}", cents / 100, cents % 100)),
        other => (other.kind_code(), String::new()),
    }
}

/// Who may see a series at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Visibility {
    Public,
    /// Only organisers see it (meetings, set-up).
    Internal,
    /// A resident's room booking: publicly only "occupied".
    Private,
}

impl Visibility {
    pub fn code(self) -> &'static str {
        match self {
            Visibility::Public => "public",
            Visibility::Internal => "internal",
            Visibility::Private => "private",
        }
    }

    pub fn from_code(code: &str) -> Self {
        match code {
            "public" => Visibility::Public,
            "private" => Visibility::Private,
            _ => Visibility::Internal,
        }
    }
}

/// How much of an event the public sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Exposure {
    /// Everything.
    Full,
    /// A counselling offer: a neutral label, time and room; never names or topics.
    Counselling,
    /// A private booking: the room is occupied, nothing more.
    Occupied,
}

impl Exposure {
    /// `None` when the public must not see the series at all.
    pub fn of(visibility: Visibility, counselling: bool) -> Option<Self> {
        match (visibility, counselling) {
            (Visibility::Internal, _) => None,
            (Visibility::Private, _) => Some(Exposure::Occupied),
            (Visibility::Public, true) => Some(Exposure::Counselling),
            (Visibility::Public, false) => Some(Exposure::Full),
        }
    }
}

/// Everything about a series except its dates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeriesDetails {
    pub title: String,
    pub description: String,
    pub category_id: i64,
    pub group_id: Option<i64>,
    pub room_id: Option<i64>,
    pub audience: Vec<crate::calendar::query::Audience>,
    pub languages: Vec<String>,
    pub price: Price,
    pub accessibility: String,
    pub contact: String,
    pub seats: Option<i32>,
    pub visibility: Visibility,
    pub counselling: bool,
}

impl SeriesDetails {
    /// A public event with defaults for everything the single-date form does not ask.
    pub fn simple(title: &str, description: &str, category_id: i64, room_id: i64) -> Self {
        Self {
            title: title.to_owned(),
            description: description.to_owned(),
            category_id,
            group_id: None,
            room_id: Some(room_id),
            audience: vec![crate::calendar::query::Audience::Everyone],
            languages: vec!["de".to_owned()],
            price: Price::Free,
            accessibility: String::new(),
            contact: String::new(),
            seats: None,
            visibility: Visibility::Public,
            counselling: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_read_as_typed_and_bad_ones_are_refused_at_their_field() {
        assert_eq!(parse_cents("3"), Some(300));
        assert_eq!(parse_cents("3,5"), Some(350));
        assert_eq!(parse_cents("3,"), Some(300));
        assert_eq!(parse_cents(" 12.05 € "), Some(1205));
        for bad in ["", "3,505", "-3", "3,-5", "drei", "1e3", ",50", "9999999"] {
            assert_eq!(parse_cents(bad), None, "{bad}");
        }
        let parsed = DetailsInput::parse(
            vec![],
            vec![],
            Some(("amount", "4,50")),
            None,
            Some(" Ada "),
        )
        .expect("valid");
        assert_eq!(parsed.price, Some(Price::Amount(450)));
        assert_eq!(parsed.contact.as_deref(), Some("Ada"));
        let errors = DetailsInput::parse(
            vec![],
            vec![],
            Some(("amount", "0")),
            Some(&"x".repeat(ACCESSIBILITY_MAX_CHARS + 1)),
            Some(&"y".repeat(CONTACT_MAX_CHARS + 1)),
        )
        .expect_err("invalid");
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["price_amount", "accessibility", "contact"]);
        assert_eq!(
            price_form_values(Price::Amount(450)),
            ("amount", "4,50".to_owned())
        );
    }

    #[test]
    fn details_the_form_did_not_send_keep_what_is_stored() {
        let mut details = SeriesDetails::simple("Kurs", "", 1, 1);
        details.contact = "alt@example.org".to_owned();
        DetailsInput::default().apply_to(&mut details);
        assert_eq!(details, {
            let mut kept = SeriesDetails::simple("Kurs", "", 1, 1);
            kept.contact = "alt@example.org".to_owned();
            kept
        });
        DetailsInput {
            audience: vec![crate::calendar::query::Audience::Seniors],
            languages: vec!["tr".to_owned()],
            price: Some(Price::Donation),
            accessibility: Some(String::new()),
            contact: Some("neu@example.org".to_owned()),
        }
        .apply_to(&mut details);
        let reordered = DetailsInput {
            audience: vec![crate::calendar::query::Audience::Seniors],
            languages: vec!["tr".to_owned()],
            ..DetailsInput::default()
        };
        assert!(reordered.keeps(&details));
        assert!(
            !DetailsInput {
                price: Some(Price::Free),
                ..reordered
            }
            .keeps(&details)
        );
        assert_eq!(details.languages, ["tr"]);
        assert_eq!(details.price, Price::Donation);
        assert_eq!(details.contact, "neu@example.org");
    }
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
