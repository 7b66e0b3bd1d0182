//! The record of one date's changes in the planner, newest first.
use crate::args;
use crate::db::{Db, StoreResult};
use crate::planner::plan::PlanChange;
use chrono::{DateTime, Utc};

#[derive(sqlx::FromRow)]
struct ChangeRow {
    created_at: DateTime<Utc>,
    who: Option<String>,
    action: String,
    from_room: Option<String>,
    from_starts_at: DateTime<Utc>,
    from_ends_at: DateTime<Utc>,
    to_room: Option<String>,
    to_starts_at: DateTime<Utc>,
    to_ends_at: DateTime<Utc>,
}

impl Db {
    pub async fn planner_history(&self, occurrence_id: i64) -> StoreResult<Vec<PlanChange>> {
        let rows: Vec<ChangeRow> = self
            .all(
                "select c.created_at, a.display_name as who, c.action,
                        fr.name as from_room, c.from_starts_at, c.from_ends_at,
                        tr.name as to_room, c.to_starts_at, c.to_ends_at
                 from planner_change c
                 left join account a on a.account_id = c.account_id
                 left join room fr on fr.room_id = c.from_room_id
                 left join room tr on tr.room_id = c.to_room_id
                 where c.occurrence_id = $1 order by c.change_id desc limit 50",
                args![occurrence_id],
            )
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| PlanChange {
                at: r.created_at,
                who: r.who,
                action: r.action,
                from_room: r.from_room,
                from: (r.from_starts_at, r.from_ends_at),
                to_room: r.to_room,
                to: (r.to_starts_at, r.to_ends_at),
            })
            .collect())
    }
}

impl Db {
    /// The free places for a date over the four weeks from `first_day`.
    pub async fn suggest_places(
        &self,
        occurrence_id: i64,
        first_day: chrono::NaiveDate,
    ) -> StoreResult<Vec<crate::planner::api::PlanOption>> {
        use crate::calendar::rules::TimeSlot;
        use crate::kernel::time::{HOUSE_ZONE, local_to_utc};
        use crate::planner::rules::suggest;
        const DAYS: i64 = 28;
        let mut tx = self.begin_read().await?;
        let Some(item) = tx.plan_item(occurrence_id).await? else {
            return Err(crate::kernel::error::AppError::NotFound.into());
        };
        let house_id: i64 = tx
            .value(
                "select house_id from event_series where series_id = $1",
                args![item.series_id],
            )
            .await?;
        let start = |d: chrono::NaiveDate| {
            local_to_utc(d.and_time(chrono::NaiveTime::MIN), HOUSE_ZONE)
                .unwrap_or_else(|_| d.and_time(chrono::NaiveTime::MIN).and_utc())
        };
        let window = TimeSlot {
            starts_at: start(first_day),
            ends_at: start(first_day + chrono::Duration::days(DAYS)),
        };
        let context = tx.planner_context(house_id, window).await?;
        tx.commit().await?;
        let candidate = item.candidate(0, item.starts_at, item.ends_at);
        Ok(
            suggest(&candidate, item.starts_local(), &context, first_day, DAYS)
                .into_iter()
                .map(|c| crate::planner::api::PlanOption {
                    room_id: c.room_id,
                    starts_at: c.starts_at,
                    ends_at: c.ends_at,
                })
                .collect(),
        )
    }
}
