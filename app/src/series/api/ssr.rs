//! The server's side of the series form: checking it, reading ids, and whether
//! an organiser may change a date or a series.
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
