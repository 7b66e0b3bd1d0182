//! Organisers make and change series: create one, change one date, this and
//! the following dates, or all; cancel or reinstate one date; restore a date a
//! holiday or closure skipped.
use crate::calendar::api::Choice;
use crate::calendar::query::{Audience, LANGUAGES};
use crate::calendar::rules::Price;
use crate::series::recurrence::Skip;
use crate::series::rules::RepeatInput;
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

mod change;
mod create;
mod editor;
#[cfg(feature = "ssr")]
pub mod ssr;

// Whole modules, so that what `#[server]` makes of each function (its argument
// struct, e.g. `CreateEvent`) stays at this path too.
pub use change::*;
pub use create::*;
pub use editor::*;

/// One stored date in the editor's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditorDate {
    pub occurrence_id: i64,
    pub starts_local: NaiveDateTime,
    pub ends_local: NaiveDateTime,
    pub cancelled: bool,
    /// Changed on its own, so series changes leave it alone.
    pub changed: bool,
    pub room_name: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedDate {
    pub date: NaiveDate,
    pub reason: Skip,
}

/// Everything the series editor shows and pre-fills, for the date it was opened on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeriesEditorData {
    pub occurrence_id: i64,
    pub series_id: i64,
    pub title: String,
    pub description: String,
    pub category_id: i64,
    pub room_id: Option<i64>,
    pub seats: Option<i32>,
    pub starts_local: NaiveDateTime,
    pub ends_local: NaiveDateTime,
    pub cancelled: bool,
    pub repeating: bool,
    pub repeat: RepeatInput,
    pub skip_public_holidays: bool,
    pub skip_school_holidays: bool,
    /// The last day school holidays are known, when this series skips them and
    /// has dates after it (`recurrence::school_holidays_unchecked_after`).
    pub school_holidays_unchecked_after: Option<NaiveDate>,
    pub audience: Vec<Audience>,
    pub languages: Vec<String>,
    pub price: Price,
    pub accessibility: String,
    pub contact: String,
    pub dates: Vec<EditorDate>,
    pub skipped: Vec<SkippedDate>,
    pub rooms: Vec<Choice>,
    pub categories: Vec<Choice>,
}

/// The series form as a browser sends it: text, and a checkbox per weekday and
/// per skip rule (present when ticked). The create form and the editor share it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeriesFormFields {
    pub title: String,
    pub description: String,
    pub room_id: String,
    pub category_id: String,
    pub starts_at: String,
    pub ends_at: String,
    pub seats: Option<String>,
    pub repeat: Option<String>,
    pub interval: Option<String>,
    pub nth: Option<String>,
    pub ends: Option<String>,
    pub count: Option<String>,
    pub until: Option<String>,
    pub weekday_mo: Option<String>,
    pub weekday_tu: Option<String>,
    pub weekday_we: Option<String>,
    pub weekday_th: Option<String>,
    pub weekday_fr: Option<String>,
    pub weekday_sa: Option<String>,
    pub weekday_su: Option<String>,
    pub skip_public_holidays: Option<String>,
    pub skip_school_holidays: Option<String>,
    pub audience_everyone: Option<String>,
    pub audience_children: Option<String>,
    pub audience_youth: Option<String>,
    pub audience_families: Option<String>,
    pub audience_seniors: Option<String>,
    pub language_de: Option<String>,
    pub language_en: Option<String>,
    pub language_tr: Option<String>,
    pub language_ar: Option<String>,
    pub language_uk: Option<String>,
    pub language_ru: Option<String>,
    pub price_kind: Option<String>,
    pub price_amount: Option<String>,
    pub accessibility: Option<String>,
    pub contact: Option<String>,
}

impl SeriesFormFields {
    /// The ticked audiences, in the calendar's order.
    pub fn audience(&self) -> Vec<Audience> {
        [
            (Audience::Everyone, &self.audience_everyone),
            (Audience::Children, &self.audience_children),
            (Audience::Youth, &self.audience_youth),
            (Audience::Families, &self.audience_families),
            (Audience::Seniors, &self.audience_seniors),
        ]
        .into_iter()
        .filter(|(_, ticked)| ticked.is_some())
        .map(|(audience, _)| audience)
        .collect()
    }

    /// The ticked languages, as codes in the order of `LANGUAGES`.
    pub fn languages(&self) -> Vec<String> {
        [
            &self.language_de,
            &self.language_en,
            &self.language_tr,
            &self.language_ar,
            &self.language_uk,
            &self.language_ru,
        ]
        .into_iter()
        .zip(LANGUAGES)
        .filter(|(ticked, _)| ticked.is_some())
        .map(|(_, code)| code.to_owned())
        .collect()
    }

    /// The repeat fields, with the ticked weekdays as codes.
    pub fn repeat_input(&self) -> RepeatInput {
        let ticked = [
            ("MO", &self.weekday_mo),
            ("TU", &self.weekday_tu),
            ("WE", &self.weekday_we),
            ("TH", &self.weekday_th),
            ("FR", &self.weekday_fr),
            ("SA", &self.weekday_sa),
            ("SU", &self.weekday_su),
        ];
        let text = |field: &Option<String>| field.clone().unwrap_or_default();
        RepeatInput {
            repeat: text(&self.repeat),
            interval: text(&self.interval),
            weekdays: ticked
                .into_iter()
                .filter(|(_, ticked)| ticked.is_some())
                .map(|(code, _)| code.to_owned())
                .collect(),
            nth: text(&self.nth),
            ends: text(&self.ends),
            count: text(&self.count),
            until: text(&self.until),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::SeriesFormFields;
    use crate::series::fields;

    /// The names the page, the rules and the server function use are the
    /// names the form is sent with.
    #[test]
    fn the_field_names_are_the_form_s_own() {
        let sent = serde_json::to_value(SeriesFormFields::default()).expect("serialises");
        let sent = sent.as_object().expect("an object");
        for name in [
            fields::TITLE,
            fields::DESCRIPTION,
            fields::ROOM_ID,
            fields::CATEGORY_ID,
            fields::STARTS_AT,
            fields::ENDS_AT,
            fields::SEATS,
            fields::REPEAT,
            fields::INTERVAL,
            fields::NTH,
            fields::ENDS,
            fields::COUNT,
            fields::UNTIL,
            fields::SKIP_PUBLIC_HOLIDAYS,
            fields::SKIP_SCHOOL_HOLIDAYS,
            fields::PRICE_KIND,
            fields::PRICE_AMOUNT,
            fields::ACCESSIBILITY,
            fields::CONTACT,
        ] {
            assert!(sent.contains_key(name), "the form sends no {name}");
        }
    }
}
