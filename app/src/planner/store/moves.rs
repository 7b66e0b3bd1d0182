//! One move in the planner: place a date in a room, move or resize it, or take
//! it out of the plan. Decided under the house's lock with the rule set, based
//! on the version the organiser saw, and recorded.
use super::super::live::{self, PlanChanged};
use super::super::plan::PlanItem;
use super::super::refusal::refusal;
use super::super::rules::judge;
use crate::args;
use crate::calendar::rules::TimeSlot;
use crate::db::{Backend, Db, StoreResult, instant, now};
use crate::i18n::Msg;
use crate::kernel::error::AppError;
use chrono::{DateTime, Utc};

/// Where the organiser put a date: a room (`None`: back to the tray) and a time,
/// based on the version of the date they saw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanMove {
    pub occurrence_id: i64,
    pub version: i64,
    pub room_id: Option<i64>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// The organiser confirmed the warnings (too small, a feature missing, a quiet day).
    pub confirmed: bool,
}

/// The saved date and what the move was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MoveOutcome {
    pub item: PlanItem,
    pub action: &'static str,
}

fn action_of(from: &PlanItem, to: &PlanMove) -> &'static str {
    match (from.room_id, to.room_id) {
        (_, None) => "unschedule",
        (None, Some(_)) => "place",
        (Some(a), Some(b))
            if a == b && (from.starts_at == to.starts_at || from.ends_at == to.ends_at) =>
        {
            "resize"
        }
        _ => "move",
    }
}

impl Db {
    /// Makes one planner move by `by`, or refuses it with the reason and
    /// leaves everything as it was. Permission is the caller's to check.
    pub async fn move_plan_item(&self, by: i64, change: &PlanMove) -> StoreResult<MoveOutcome> {
        let mut tx = self.begin_write().await?;
        let Some(before) = tx.plan_item(change.occurrence_id).await? else {
            return Err(AppError::NotFound.into());
        };
        let house_id: i64 = tx
            .value(
                "select house_id from event_series where series_id = $1",
                args![before.series_id],
            )
            .await?;
        tx.lock_house(house_id).await?;
        // Read again under the lock: the version decides.
        let Some(before) = tx.plan_item(change.occurrence_id).await? else {
            return Err(AppError::NotFound.into());
        };
        if before.version != change.version {
            return Err(AppError::Conflict(Msg::PlannerChangedMeanwhile).into());
        }
        let slot = TimeSlot {
            starts_at: change.starts_at,
            ends_at: change.ends_at,
        };
        let candidate_room = change.room_id.unwrap_or(-1);
        let context = tx.planner_context(house_id, slot).await?;
        let mut verdict = judge(
            &before.candidate(candidate_room, slot.starts_at, slot.ends_at),
            &context,
        );
        if change.room_id.is_none() {
            // In the tray a date only needs a time that runs forward.
            verdict.conflicts.retain(|c| {
                matches!(
                    c,
                    super::super::rules::Conflict::EndNotAfterStart
                        | super::super::rules::Conflict::TooLong { .. }
                )
            });
            verdict.warnings.clear();
        }
        if let Some(err) = refusal(&verdict, change.confirmed) {
            return Err(err.into());
        }
        let action = action_of(&before, change);
        let updated = tx
            .execute(
                "update occurrence set room_id = $1, starts_at = $2, ends_at = $3,
                     version = version + 1, is_override = $4, updated_at = $5
                 where occurrence_id = $6 and version = $7",
                args![
                    change.room_id,
                    instant(slot.starts_at),
                    instant(slot.ends_at),
                    true,
                    instant(now()),
                    change.occurrence_id,
                    change.version
                ],
            )
            .await?;
        if updated != 1 {
            return Err(AppError::Conflict(Msg::PlannerChangedMeanwhile).into());
        }
        let change_id: i64 = tx
            .value(
                "insert into planner_change (occurrence_id, account_id, action, from_room_id,
                 from_starts_at, from_ends_at, to_room_id, to_starts_at, to_ends_at, created_at)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning change_id",
                args![
                    change.occurrence_id,
                    by,
                    action,
                    before.room_id,
                    instant(before.starts_at),
                    instant(before.ends_at),
                    change.room_id,
                    instant(slot.starts_at),
                    instant(slot.ends_at),
                    instant(now())
                ],
            )
            .await?;
        if before.starts_at != slot.starts_at || before.ends_at != slot.ends_at {
            tx.queue_date_mails(change.occurrence_id, false).await?;
        }
        tx.audit(
            Some(by),
            &format!("planner.{action}"),
            &format!("occurrence:{}", change.occurrence_id),
        )
        .await?;
        let item = tx
            .plan_item(change.occurrence_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let changed = PlanChanged {
            change_id,
            occurrence_id: item.occurrence_id,
            version: item.version,
        };
        // On PostgreSQL every server hears it at commit, this one included.
        if tx.backend() == Backend::Postgres {
            tx.execute(
                "select pg_notify($1, $2)",
                args![live::CHANNEL, changed.payload()],
            )
            .await?;
        }
        tx.commit().await?;
        if self.backend() == Backend::Sqlite {
            live::publish(changed);
        }
        Ok(MoveOutcome { item, action })
    }
}
