//! The series editor for one date, as an organiser opens it.
use super::SeriesEditorData;
use crate::kernel::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::{EditorDate, SkippedDate, ssr};
#[cfg(feature = "ssr")]
use crate::series::rules::RepeatInput;

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
