//! Creating a single date, or a series with the repeat fields.
use super::SeriesFormFields;
use crate::kernel::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::ssr;

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
