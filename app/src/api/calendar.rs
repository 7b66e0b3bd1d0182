//! The house's programme: upcoming events and creating a single-date event.
use crate::error::AppError;
use chrono::NaiveDateTime;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One upcoming date as the programme lists it, in the house's local time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventSummary {
    pub occurrence_id: i64,
    pub title: String,
    pub description: String,
    pub starts_local: NaiveDateTime,
    pub ends_local: NaiveDateTime,
    pub room_name: Option<String>,
    pub category: String,
}

/// One entry of a select field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub id: i64,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventFormChoices {
    pub rooms: Vec<Choice>,
    pub categories: Vec<Choice>,
}

/// How many dates the programme page lists.
pub const UPCOMING_LIMIT: i64 = 100;

#[server(endpoint = "calendar/upcoming_events")]
pub async fn upcoming_events() -> Result<Vec<EventSummary>, AppError> {
    use crate::api::ssr::{db, request_locale, respond};
    use crate::domain::time::{HOUSE_ZONE, utc_to_local};
    use crate::i18n::Locale;

    let locale = request_locale();
    respond(
        async {
            let rows = db()?
                .upcoming_events(crate::store::now(), UPCOMING_LIMIT)
                .await?;
            Ok(rows
                .into_iter()
                .map(|row| EventSummary {
                    occurrence_id: row.occurrence_id,
                    title: row.title,
                    description: row.description,
                    starts_local: utc_to_local(row.starts_at, HOUSE_ZONE),
                    ends_local: utc_to_local(row.ends_at, HOUSE_ZONE),
                    room_name: row.room_name,
                    category: match locale {
                        Locale::De => row.category_de,
                        Locale::En => row.category_en,
                    },
                })
                .collect())
        }
        .await,
    )
}

/// The create form's rooms and categories, or `None` when the visitor may not
/// create events (the page then shows no form).
#[server(endpoint = "calendar/create_form_choices")]
pub async fn create_form_choices() -> Result<Option<EventFormChoices>, AppError> {
    use crate::api::ssr::respond;
    use crate::domain::permissions::can_create_event;

    respond(
        async {
            match crate::api::accounts::ssr::signed_in().await? {
                Some(account) if can_create_event(&account.roles) => {
                    Ok(Some(ssr::form_choices().await?))
                }
                _ => Ok(None),
            }
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::{Choice, EventFormChoices};
    use crate::api::ssr::{db, request_locale};
    use crate::error::AppError;
    use crate::i18n::{Locale, Msg, sort_key};

    /// Rooms and categories for the create form, labelled in the visitor's language.
    pub async fn form_choices() -> Result<EventFormChoices, AppError> {
        let db = db()?;
        let locale = request_locale();
        let seats = Msg::Seats.text(locale);
        let mut rooms: Vec<Choice> = db
            .rooms()
            .await?
            .into_iter()
            .map(|r| Choice {
                id: r.room_id,
                label: format!("{} ({} {seats})", r.name, r.capacity),
            })
            .collect();
        rooms.sort_by_cached_key(|c| sort_key(&c.label));
        let mut categories: Vec<Choice> = db
            .categories()
            .await?
            .into_iter()
            .map(|c| Choice {
                id: c.category_id,
                label: match locale {
                    Locale::De => c.name_de,
                    Locale::En => c.name_en,
                },
            })
            .collect();
        categories.sort_by_cached_key(|c| sort_key(&c.label));
        Ok(EventFormChoices { rooms, categories })
    }
}

#[server(endpoint = "calendar/create_event")]
pub async fn create_event(
    title: String,
    description: String,
    room_id: String,
    category_id: String,
    starts_at: String,
    ends_at: String,
) -> Result<i64, AppError> {
    use crate::api::ssr::{db, respond};
    use crate::domain::calendar::{EventInput, NewEvent};
    use crate::domain::permissions::can_create_event;
    use crate::domain::time::HOUSE_ZONE;

    respond(
        async {
            let account = crate::api::accounts::ssr::require(can_create_event).await?;
            let input = EventInput {
                title,
                description,
                room_id,
                category_id,
                starts_at,
                ends_at,
            };
            let event = NewEvent::parse(&input, HOUSE_ZONE).map_err(AppError::Invalid)?;
            Ok(db()?.create_event(&event, Some(account.account_id)).await?)
        }
        .await,
    )
}
