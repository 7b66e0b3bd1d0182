//! Organisers make and change series: create one, change one date, this and
//! the following dates, or all; cancel or reinstate one date; restore a date a
//! holiday or closure skipped.
use crate::calendar::api::Choice;
use crate::calendar::query::{Audience, LANGUAGES};
use crate::calendar::rules::Price;
use crate::kernel::error::AppError;
use crate::series::recurrence::Skip;
use crate::series::rules::RepeatInput;
use chrono::{NaiveDate, NaiveDateTime};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

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

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::SeriesFormFields;
    use crate::accounts::permissions::can_change_series;
    use crate::accounts::store::AccountRow;
    use crate::calendar::rules::{DetailsInput, EventInput, NewEvent, SeriesDetails};
    use crate::i18n::Msg;
    use crate::kernel::error::{AppError, FieldError};
    use crate::kernel::time::HOUSE_ZONE;
    use crate::series::recurrence::Rule;

    pub const SEATS_MAX: i32 = 500;

    /// A series form that passed every rule that needs no database.
    pub struct SeriesForm {
        pub event: NewEvent,
        pub seats: Option<i32>,
        pub rule: Option<Rule>,
        pub more: DetailsInput,
    }

    /// Checks the series form (the create form and the editor share it) and
    /// reports every problem at once, each at its field.
    pub fn parse_series_form(fields: &SeriesFormFields) -> Result<SeriesForm, AppError> {
        let input = EventInput {
            title: fields.title.clone(),
            description: fields.description.clone(),
            room_id: fields.room_id.clone(),
            category_id: fields.category_id.clone(),
            starts_at: fields.starts_at.clone(),
            ends_at: fields.ends_at.clone(),
        };
        let mut errors = Vec::new();
        let event = NewEvent::parse(&input, HOUSE_ZONE).map_err(|e| errors.extend(e));
        let seats = match fields.seats.as_deref().unwrap_or("").trim() {
            "" => Ok(None),
            text => text
                .parse::<i32>()
                .ok()
                .filter(|n| (1..=SEATS_MAX).contains(n))
                .map(Some)
                .ok_or_else(|| {
                    errors.push(FieldError::new(
                        crate::series::fields::SEATS,
                        Msg::SeatsInvalid,
                    ))
                }),
        };
        // The rule is checked even when other fields failed, so every message shows at once.
        let rule = match crate::kernel::time::parse_local(&input.starts_at) {
            Ok(start) => fields
                .repeat_input()
                .parse(start.date())
                .map_err(|e| errors.push(e)),
            Err(_) => Ok(None),
        };
        let more = DetailsInput::parse(
            fields.audience(),
            fields.languages(),
            fields
                .price_kind
                .as_deref()
                .map(|kind| (kind, fields.price_amount.as_deref().unwrap_or_default())),
            fields.accessibility.as_deref(),
            fields.contact.as_deref(),
        )
        .map_err(|e| errors.extend(e));
        match (event, seats, rule, more) {
            (Ok(event), Ok(seats), Ok(rule), Ok(more)) if errors.is_empty() => Ok(SeriesForm {
                event,
                seats,
                rule,
                more,
            }),
            _ => Err(AppError::Invalid(errors)),
        }
    }

    impl SeriesForm {
        /// The details, keeping what the form does not ask from `stored`.
        pub fn details(&self, stored: Option<&SeriesDetails>) -> SeriesDetails {
            let base = stored.cloned().unwrap_or_else(|| {
                SeriesDetails::simple(
                    &self.event.title,
                    &self.event.description,
                    self.event.category_id,
                    self.event.room_id,
                )
            });
            let mut details = SeriesDetails {
                title: self.event.title.clone(),
                description: self.event.description.clone(),
                category_id: self.event.category_id,
                room_id: Some(self.event.room_id),
                seats: self.seats,
                ..base
            };
            self.more.apply_to(&mut details);
            details
        }

        pub fn duration_minutes(&self) -> i64 {
            (self.event.slot.ends_at - self.event.slot.starts_at).num_minutes()
        }
    }

    /// An id from a URL or form; a forged or malformed one is a 404, never a 500.
    pub fn parse_id(text: &str) -> Result<i64, AppError> {
        text.trim()
            .parse::<i64>()
            .ok()
            .filter(|id| *id > 0)
            .ok_or(AppError::NotFound)
    }

    /// What a change names: one date, or a whole series.
    pub enum Target {
        Date(i64),
        Series(i64),
    }

    /// Whether `account` may change the series of `target`
    /// (`permissions::can_change_series`): 404 when there is no such date or
    /// series, 403 when it belongs to a group the organiser is not a member of.
    pub async fn may_change(account: &AccountRow, target: Target) -> Result<(), AppError> {
        let db = crate::kernel::request::db()?;
        let group = match target {
            Target::Date(id) => db.date_series_group(id, account.account_id).await?,
            Target::Series(id) => db.series_group(id, account.account_id).await?,
        }
        .ok_or(AppError::NotFound)?;
        if can_change_series(&account.roles, group.group_id, group.member) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }
}

/// Creates a single date or, with the repeat fields, a series. Returns its first date.
#[server(endpoint = "calendar/create_event")]
pub async fn create_event(#[server(flatten)] fields: SeriesFormFields) -> Result<i64, AppError> {
    use crate::accounts::permissions::can_create_event;
    use crate::calendar::api::ssr::today;
    use crate::kernel::request::{db, respond};
    use crate::series::recurrence::Series;

    respond(
        async {
            let account = crate::accounts::api::ssr::require(can_create_event).await?;
            crate::accounts::api::ssr::limit_submissions(account.account_id).await?;
            let form = ssr::parse_series_form(&fields)?;
            let series = Series {
                first_start: form.event.starts_local,
                duration_minutes: form.duration_minutes(),
                rule: form.rule.clone(),
                exceptions: Default::default(),
                restored: Default::default(),
                skip_public_holidays: fields.skip_public_holidays.is_some(),
                skip_school_holidays: fields.skip_school_holidays.is_some(),
            };
            let created = db()?
                .create_series(
                    &form.details(None),
                    &series,
                    Some(account.account_id),
                    today(),
                )
                .await?;
            Ok(created.first_occurrence_id)
        }
        .await,
    )
}

/// The series editor for one date, for organisers.
#[server(endpoint = "calendar/series_editor")]
pub async fn series_editor(occurrence_id: String) -> Result<SeriesEditorData, AppError> {
    use crate::accounts::permissions::can_create_event;
    use crate::calendar::api::ssr::{form_choices, today};
    use crate::calendar::status::DateStatus;
    use crate::kernel::request::{db, respond};
    use crate::kernel::time::{HOUSE_ZONE, utc_to_local};
    use crate::series::recurrence::school_holidays_unchecked_after;

    respond(
        async {
            let account = crate::accounts::api::ssr::require(can_create_event).await?;
            let id = ssr::parse_id(&occurrence_id)?;
            ssr::may_change(&account, ssr::Target::Date(id)).await?;
            let db = db()?;
            let rows = db
                .series_editor(id, today())
                .await?
                .ok_or(AppError::NotFound)?;
            let opened = db.calendar_row(id).await?.ok_or(AppError::NotFound)?;
            let choices = form_choices().await?;
            let starts_local = utc_to_local(opened.starts_at, HOUSE_ZONE);
            Ok(SeriesEditorData {
                occurrence_id: id,
                series_id: rows.series_id,
                title: rows.details.title.clone(),
                description: rows.details.description.clone(),
                category_id: rows.details.category_id,
                room_id: opened.room_id.or(rows.details.room_id),
                seats: rows.details.seats,
                audience: rows.details.audience.clone(),
                languages: rows.details.languages.clone(),
                price: rows.details.price,
                accessibility: rows.details.accessibility.clone(),
                contact: rows.details.contact.clone(),
                starts_local,
                ends_local: utc_to_local(opened.ends_at, HOUSE_ZONE),
                cancelled: opened.occurrence_status != DateStatus::Scheduled,
                repeating: rows.series.rule.is_some(),
                repeat: RepeatInput::of(rows.series.rule.as_ref(), rows.opened_date),
                skip_public_holidays: rows.series.skip_public_holidays,
                skip_school_holidays: rows.series.skip_school_holidays,
                school_holidays_unchecked_after: school_holidays_unchecked_after(
                    rows.series.skip_school_holidays,
                    rows.dates
                        .iter()
                        .map(|d| utc_to_local(d.starts_at, HOUSE_ZONE).date()),
                ),
                dates: rows
                    .dates
                    .into_iter()
                    .map(|d| EditorDate {
                        occurrence_id: d.occurrence_id,
                        starts_local: utc_to_local(d.starts_at, HOUSE_ZONE),
                        ends_local: utc_to_local(d.ends_at, HOUSE_ZONE),
                        cancelled: d.status != DateStatus::Scheduled,
                        changed: d.is_override,
                        room_name: d.room_name,
                    })
                    .collect(),
                skipped: rows
                    .skipped
                    .into_iter()
                    .map(|(date, reason)| SkippedDate { date, reason })
                    .collect(),
                rooms: choices.rooms,
                categories: choices.categories,
            })
        }
        .await,
    )
}

/// Saves the series editor. `scope` says which dates the change is for:
/// `date` (time and room of this date only), `following` or `all`. Returns the
/// date to show next: the same one, or the first of the changed part when the
/// new rule no longer gives it.
#[server(endpoint = "calendar/change_series")]
pub async fn change_series(
    occurrence_id: String,
    scope: Option<String>,
    #[server(flatten)] fields: SeriesFormFields,
) -> Result<i64, AppError> {
    use crate::accounts::permissions::can_create_event;
    use crate::calendar::api::ssr::today;
    use crate::i18n::Msg;
    use crate::kernel::request::{db, respond};
    use crate::series::change::SeriesChange;
    use crate::series::edit_store::DateChange;
    use crate::series::rules::EditScope;

    respond(
        async {
            let account = crate::accounts::api::ssr::require(can_create_event).await?;
            crate::accounts::api::ssr::limit_submissions(account.account_id).await?;
            let id = ssr::parse_id(&occurrence_id)?;
            ssr::may_change(&account, ssr::Target::Date(id)).await?;
            let scope = scope.as_deref().and_then(EditScope::from_code);
            let repeat = fields.repeat_input();
            let skip_public_holidays = fields.skip_public_holidays.is_some();
            let skip_school_holidays = fields.skip_school_holidays.is_some();
            let form = ssr::parse_series_form(&fields);
            let Some(scope) = scope else {
                let mut errors = match form {
                    Err(AppError::Invalid(errors)) => errors,
                    _ => Vec::new(),
                };
                errors.push(crate::kernel::error::FieldError::new(
                    crate::series::fields::SCOPE,
                    Msg::ScopeRequired,
                ));
                return Err(AppError::Invalid(errors));
            };
            let form = form?;
            let db = db()?;
            let today = today();
            let stored = db
                .series_editor(id, today)
                .await?
                .ok_or(AppError::NotFound)?;
            let keeps_rule = repeat.same_as(&RepeatInput::of(
                stored.series.rule.as_ref(),
                stored.opened_date,
            ));
            if scope == EditScope::ThisDate {
                // One date has its own time and room; everything else belongs to the series.
                let series_fields_kept = form.event.title == stored.details.title
                    && form.event.description == stored.details.description
                    && form.event.category_id == stored.details.category_id
                    && form.seats == stored.details.seats
                    && form.more.keeps(&stored.details)
                    && keeps_rule
                    && skip_public_holidays == stored.series.skip_public_holidays
                    && skip_school_holidays == stored.series.skip_school_holidays;
                if !series_fields_kept {
                    return Err(AppError::invalid(
                        crate::series::fields::SCOPE,
                        Msg::ScopeThisDateOnlyTime,
                    ));
                }
                db.change_date(
                    id,
                    DateChange {
                        slot: Some(form.event.slot),
                        room_id: Some(form.event.room_id),
                        cancelled: None,
                    },
                    account.account_id,
                )
                .await?;
                return Ok(id);
            }
            let mut details = form.details(Some(&stored.details));
            let mut start = form.event.starts_local;
            let mut duration_minutes = form.duration_minutes();
            // A date changed on its own shows its own time and room in the form. Left as
            // they were, they are not meant for the series: it keeps its own.
            let opened = db.calendar_row(id).await?.ok_or(AppError::NotFound)?;
            if stored.opened_is_override
                && form.event.slot.starts_at == opened.starts_at
                && form.event.slot.ends_at == opened.ends_at
                && Some(form.event.room_id) == opened.room_id
            {
                start = stored
                    .opened_date
                    .and_time(stored.series.first_start.time());
                duration_minutes = stored.series.duration_minutes;
                details.room_id = stored.details.room_id;
            }
            let change = SeriesChange {
                occurrence_id: id,
                following: scope == EditScope::ThisAndFollowing,
                details,
                start,
                duration_minutes,
                rule: if keeps_rule {
                    stored.series.rule.clone()
                } else {
                    form.rule.clone()
                },
                keeps_rule,
                skip_public_holidays,
                skip_school_holidays,
            };
            db.change_series(&change, account.account_id, today)
                .await?
                .ok_or(AppError::NotFound)
        }
        .await,
    )
}

/// Cancels one date only ("cancel only this date"), or lets it take place again.
#[server(endpoint = "calendar/set_date_cancelled")]
pub async fn set_date_cancelled(occurrence_id: String, cancelled: String) -> Result<(), AppError> {
    use crate::accounts::permissions::can_create_event;
    use crate::kernel::request::{db, respond};
    use crate::series::edit_store::DateChange;

    respond(
        async {
            let account = crate::accounts::api::ssr::require(can_create_event).await?;
            crate::accounts::api::ssr::limit_submissions(account.account_id).await?;
            let id = ssr::parse_id(&occurrence_id)?;
            ssr::may_change(&account, ssr::Target::Date(id)).await?;
            let change = DateChange {
                cancelled: Some(cancelled == "true"),
                ..DateChange::default()
            };
            Ok(db()?.change_date(id, change, account.account_id).await?)
        }
        .await,
    )
}

/// Gives a series back a date that a holiday, a closure or an exception skipped.
#[server(endpoint = "calendar/restore_date")]
pub async fn restore_date(series_id: String, date: String) -> Result<(), AppError> {
    use crate::accounts::permissions::can_create_event;
    use crate::kernel::request::{db, respond};

    respond(
        async {
            let account = crate::accounts::api::ssr::require(can_create_event).await?;
            crate::accounts::api::ssr::limit_submissions(account.account_id).await?;
            let series_id = ssr::parse_id(&series_id)?;
            ssr::may_change(&account, ssr::Target::Series(series_id)).await?;
            // Only dates still to come can be given back.
            let date = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d")
                .ok()
                .filter(|date| *date >= crate::calendar::api::ssr::today())
                .ok_or(AppError::NotFound)?;
            db()?
                .restore_date(series_id, date, account.account_id)
                .await?;
            Ok(())
        }
        .await,
    )
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
