//! Everything about a series except its dates, and the series form's fields for it.
use super::price::{PRICE_MAX_CENTS, Price, parse_cents};
use super::text::{breaks_line, has_stray_controls};
use super::visibility::Visibility;
use crate::i18n::Msg;
use crate::kernel::error::FieldError;
use crate::series::fields as series_fields;

pub const ACCESSIBILITY_MAX_CHARS: usize = 1000;
pub const CONTACT_MAX_CHARS: usize = 200;

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
    use crate::calendar::rules::price_form_values;

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
}
