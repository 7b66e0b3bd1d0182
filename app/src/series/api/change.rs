//! Changes to a series: the saved editor, one date cancelled or reinstated,
//! and a skipped date given back.
use super::SeriesFormFields;
use crate::kernel::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::ssr;
#[cfg(feature = "ssr")]
use crate::series::rules::RepeatInput;
#[cfg(feature = "ssr")]
use chrono::NaiveDate;

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
