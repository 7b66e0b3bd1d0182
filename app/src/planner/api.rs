//! The planner's server functions: read the plan, and move one date. Only
//! organisers and admins plan; the server decides every move with the rule set.
use super::plan::{Plan, PlanChange, PlanItem, PlanQuery};
use crate::kernel::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The plan of one house for a day or week (organisers and admins only).
#[server(endpoint = "planner/plan")]
pub async fn planner_plan(#[server(flatten)] query: PlanQuery) -> Result<Plan, AppError> {
    use crate::accounts::permissions::can_create_event;
    use crate::kernel::request::{db, set_page_status};
    let result = async {
        crate::accounts::api::ssr::require(can_create_event).await?;
        let house = match query.house.trim() {
            "" => None,
            id => Some(id.parse::<i64>().map_err(|_| AppError::NotFound)?),
        };
        let date = query.date().unwrap_or_else(crate::kernel::clock::today);
        let plan = db()?
            .plan(
                house,
                query.view(),
                date,
                query.room_filter(),
                crate::kernel::clock::now(),
            )
            .await?;
        plan.ok_or(AppError::NotFound)
    }
    .await;
    // A page and a fetch alike: the planner is never a form's answer.
    if let Err(err) = &result {
        set_page_status(err);
    }
    result
}

/// The planner's record of one date (organisers who may change it).
#[server(endpoint = "planner/history")]
pub async fn planner_history(occurrence_id: String) -> Result<Vec<PlanChange>, AppError> {
    use crate::accounts::permissions::can_create_event;
    use crate::kernel::request::{db, respond};
    use crate::series::api::ssr::{Target, may_change, parse_id};
    respond(
        async {
            let account = crate::accounts::api::ssr::require(can_create_event).await?;
            let id = parse_id(&occurrence_id)?;
            may_change(&account, Target::Date(id)).await?;
            Ok(db()?.planner_history(id).await?)
        }
        .await,
    )
}

/// "Find a place": free room-and-time options for a date in the coming four
/// weeks that satisfy every rule, its own weekday and time first.
#[server(endpoint = "planner/suggest")]
pub async fn planner_suggest(occurrence_id: String) -> Result<Vec<PlanOption>, AppError> {
    use crate::accounts::permissions::can_create_event;
    use crate::kernel::request::{db, respond};
    use crate::series::api::ssr::{Target, may_change, parse_id};
    respond(
        async {
            let account = crate::accounts::api::ssr::require(can_create_event).await?;
            let id = parse_id(&occurrence_id)?;
            may_change(&account, Target::Date(id)).await?;
            let tomorrow = crate::kernel::clock::today() + chrono::Duration::days(1);
            Ok(db()?.suggest_places(id, tomorrow).await?)
        }
        .await,
    )
}

/// One suggested place: a room and a time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanOption {
    pub room_id: i64,
    pub starts_at: chrono::DateTime<chrono::Utc>,
    pub ends_at: chrono::DateTime<chrono::Utc>,
}

/// A move as the planner's page, its dialog and its form send it: a room
/// (empty: back to the tray), a start and end in the house's local time.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoveFields {
    pub occurrence_id: String,
    pub version: String,
    pub room_id: String,
    pub starts_at: String,
    pub ends_at: String,
    pub confirmed: Option<String>,
    /// For a date of a series: `date` (the default), `following` or `all`.
    pub scope: Option<String>,
}

/// What moving a series date with its following dates (or all) would meet.
#[server(endpoint = "planner/series_check")]
pub async fn planner_series_check(
    #[server(flatten)] fields: MoveFields,
) -> Result<super::plan::SeriesCheck, AppError> {
    use crate::accounts::permissions::can_create_event;
    use crate::kernel::request::{db, respond};
    use crate::series::api::ssr::{Target, may_change, parse_id};
    respond(
        async {
            let account = crate::accounts::api::ssr::require(can_create_event).await?;
            let occurrence_id = parse_id(&fields.occurrence_id)?;
            may_change(&account, Target::Date(occurrence_id)).await?;
            let change = ssr::parse_move(occurrence_id, &fields)?;
            let following = fields.scope.as_deref() != Some("all");
            let (_, check) = db()?
                .series_check(&change, following, crate::kernel::clock::now())
                .await?;
            Ok(check)
        }
        .await,
    )
}

/// Places, moves, resizes or unschedules one date; answers with the saved date.
#[server(endpoint = "planner/move")]
pub async fn planner_move(#[server(flatten)] fields: MoveFields) -> Result<PlanItem, AppError> {
    use crate::accounts::permissions::can_create_event;
    use crate::kernel::request::{db, respond};
    use crate::series::api::ssr::{Target, may_change, parse_id};
    respond(
        async {
            let account = crate::accounts::api::ssr::require(can_create_event).await?;
            let occurrence_id = parse_id(&fields.occurrence_id)?;
            may_change(&account, Target::Date(occurrence_id)).await?;
            let change = ssr::parse_move(occurrence_id, &fields)?;
            let db = db()?;
            let following = match fields.scope.as_deref().unwrap_or("date") {
                "date" => return Ok(db.move_plan_item(account.account_id, &change).await?.item),
                "following" => true,
                "all" => false,
                _ => {
                    return Err(AppError::invalid(
                        crate::series::fields::SCOPE,
                        crate::i18n::Msg::ScopeRequired,
                    ));
                }
            };
            let now = crate::kernel::clock::now();
            let shown = db
                .move_series_dates(account.account_id, &change, following, now)
                .await?;
            let mut tx = db.begin_read().await?;
            let item = tx.plan_item(shown).await?.ok_or(AppError::NotFound);
            tx.commit().await?;
            item
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::MoveFields;
    use crate::kernel::error::{AppError, FieldError};
    use crate::kernel::time::{HOUSE_ZONE, local_to_utc, parse_local};
    use crate::planner::fields;
    use crate::planner::store::PlanMove;

    /// Reads a move's fields, every bad one at its field.
    pub fn parse_move(occurrence_id: i64, f: &MoveFields) -> Result<PlanMove, AppError> {
        let mut errors = Vec::new();
        let version = f.version.trim().parse::<i64>().ok();
        if version.is_none() {
            errors.push(FieldError::new(
                fields::VERSION,
                crate::i18n::Msg::PlannerChangedMeanwhile,
            ));
        }
        let room_id = match f.room_id.trim() {
            "" => Ok(None),
            id => id
                .parse::<i64>()
                .map(Some)
                .map_err(|_| crate::i18n::Msg::RoomUnknown),
        };
        if let Err(msg) = room_id {
            errors.push(FieldError::new(fields::ROOM_ID, msg));
        }
        let mut instant = |name: &str, text: &str| match parse_local(text)
            .and_then(|local| local_to_utc(local, HOUSE_ZONE))
        {
            Ok(t) => Some(t),
            Err(msg) => {
                errors.push(FieldError::new(name, msg));
                None
            }
        };
        let starts_at = instant(fields::STARTS_AT, &f.starts_at);
        let ends_at = instant(fields::ENDS_AT, &f.ends_at);
        match (version, room_id, starts_at, ends_at) {
            (Some(version), Ok(room_id), Some(starts_at), Some(ends_at)) if errors.is_empty() => {
                Ok(PlanMove {
                    occurrence_id,
                    version,
                    room_id,
                    starts_at,
                    ends_at,
                    confirmed: f.confirmed.is_some(),
                })
            }
            _ => Err(AppError::Invalid(errors)),
        }
    }
}
