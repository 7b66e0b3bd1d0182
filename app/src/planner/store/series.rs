//! Moving a date of a recurring series "with the following dates" or "with all":
//! every affected date is judged first, and the clashes are listed before
//! anything is saved; then the series changes as the series editor changes it
//! (its time, length and room from that date on), in one transaction.
use super::super::live::{self, PlanChanged};
use super::super::plan::{PlanItem, SeriesCheck, SeriesClash};
use super::super::rules::{Candidate, Conflict, judge};
use super::PlanMove;
use crate::args;
use crate::calendar::rules::TimeSlot;
use crate::db::{Backend, Db, StoreResult};
use crate::i18n::Msg;
use crate::kernel::error::AppError;
use crate::kernel::time::{HOUSE_ZONE, local_to_utc, utc_to_local};
use crate::planner::fields;
use crate::series::change::SeriesChange;
use chrono::{DateTime, Utc};

impl Db {
    /// Judges every date a series move touches: from the opened date on
    /// (`following`) or every date not yet over. The series keeps its days; the
    /// move changes the time of day, the length and the room.
    pub async fn series_check(
        &self,
        change: &PlanMove,
        following: bool,
        now: DateTime<Utc>,
    ) -> StoreResult<(PlanItem, SeriesCheck)> {
        let mut tx = self.begin_read().await?;
        let Some(opened) = tx.plan_item(change.occurrence_id).await? else {
            return Err(AppError::NotFound.into());
        };
        let Some(room_id) = change.room_id else {
            return Err(AppError::invalid(fields::ROOM_ID, Msg::RoomRequired).into());
        };
        let new_start = utc_to_local(change.starts_at, HOUSE_ZONE);
        if new_start.date() != opened.starts_local().date() {
            return Err(AppError::invalid(fields::STARTS_AT, Msg::PlannerSeriesSameDay).into());
        }
        let length = change.ends_at - change.starts_at;
        let from = if following { opened.starts_at } else { now };
        let dates: Vec<(i64, DateTime<Utc>)> = tx
            .all(
                "select occurrence_id, starts_at from occurrence
                 where series_id = $1 and status = 'scheduled' and starts_at >= $2
                 order by starts_at",
                args![opened.series_id, crate::db::instant(from)],
            )
            .await?;
        let house_id: i64 = tx
            .value(
                "select house_id from event_series where series_id = $1",
                args![opened.series_id],
            )
            .await?;
        let moved: Vec<(i64, DateTime<Utc>, Option<TimeSlot>)> = dates
            .iter()
            .map(|(id, starts_at)| {
                let day = utc_to_local(*starts_at, HOUSE_ZONE).date();
                let slot = local_to_utc(day.and_time(new_start.time()), HOUSE_ZONE)
                    .ok()
                    .map(|s| TimeSlot {
                        starts_at: s,
                        ends_at: s + length,
                    });
                (*id, *starts_at, slot)
            })
            .collect();
        let (Some(first), Some(last)) = (
            moved.iter().filter_map(|m| m.2).map(|s| s.starts_at).min(),
            moved.iter().filter_map(|m| m.2).map(|s| s.ends_at).max(),
        ) else {
            return Ok((opened, SeriesCheck::default()));
        };
        let mut context = tx
            .planner_context(
                house_id,
                TimeSlot {
                    starts_at: first,
                    ends_at: last,
                },
            )
            .await?;
        tx.commit().await?;
        // The series' own dates move too: they do not block each other.
        let own: Vec<i64> = moved.iter().map(|m| m.0).collect();
        context.uses.retain(|u| !own.contains(&u.occurrence_id));
        let mut check = SeriesCheck::default();
        for (occurrence_id, starts_at, slot) in moved {
            let Some(slot) = slot else {
                check.clashes.push(SeriesClash {
                    occurrence_id,
                    starts_at,
                    conflicts: Vec::new(),
                    taken_by: Vec::new(),
                    skipped_hour: true,
                });
                continue;
            };
            let candidate = Candidate {
                occurrence_id: Some(occurrence_id),
                room_id,
                starts_at: slot.starts_at,
                ends_at: slot.ends_at,
                ..opened.candidate(room_id, slot.starts_at, slot.ends_at)
            };
            let verdict = judge(&candidate, &context);
            if !verdict.conflicts.is_empty() {
                check.clashes.push(SeriesClash {
                    occurrence_id,
                    starts_at,
                    conflicts: verdict.conflicts,
                    taken_by: Vec::new(),
                    skipped_hour: false,
                });
            }
            for warning in verdict.warnings {
                if !check.warnings.contains(&warning) {
                    check.warnings.push(warning);
                }
            }
        }
        for clash in &mut check.clashes {
            for conflict in &clash.conflicts {
                if let Conflict::RoomTaken { occurrence_id, .. } = conflict {
                    let title: Option<String> = self
                        .value_optional(
                            "select s.title from occurrence o
                             join event_series s on s.series_id = o.series_id
                             where o.occurrence_id = $1",
                            args![*occurrence_id],
                        )
                        .await?;
                    clash.taken_by.extend(title);
                }
            }
        }
        Ok((opened, check))
    }

    /// Moves a date with its following dates, or with all: refused with the
    /// first reason when any date clashes or warnings are not confirmed; else the
    /// series changes as in its editor. Returns the date to show next.
    pub async fn move_series_dates(
        &self,
        by: i64,
        change: &PlanMove,
        following: bool,
        now: DateTime<Utc>,
    ) -> StoreResult<i64> {
        let (opened, check) = self.series_check(change, following, now).await?;
        if opened.version != change.version {
            return Err(AppError::Conflict(Msg::PlannerChangedMeanwhile).into());
        }
        if !check.clashes.is_empty() {
            return Err(AppError::Conflict(Msg::PlannerSeriesConflicts).into());
        }
        if !check.warnings.is_empty() && !change.confirmed {
            return Err(AppError::Conflict(Msg::PlannerConfirmWarnings).into());
        }
        let today = utc_to_local(now, HOUSE_ZONE).date();
        let stored = self
            .series_editor(change.occurrence_id, today)
            .await?
            .ok_or(AppError::NotFound)?;
        let mut details = stored.details.clone();
        details.room_id = change.room_id;
        let series_change = SeriesChange {
            occurrence_id: change.occurrence_id,
            following,
            details,
            start: utc_to_local(change.starts_at, HOUSE_ZONE),
            duration_minutes: (change.ends_at - change.starts_at).num_minutes(),
            rule: stored.series.rule.clone(),
            keeps_rule: true,
            skip_public_holidays: stored.series.skip_public_holidays,
            skip_school_holidays: stored.series.skip_school_holidays,
        };
        let shown = self
            .change_series(&series_change, by, today)
            .await?
            .unwrap_or(change.occurrence_id);
        let changed = PlanChanged {
            change_id: 0,
            occurrence_id: shown,
            version: 0,
        };
        match self.backend() {
            Backend::Sqlite => live::publish(changed),
            Backend::Postgres => {
                self.execute(
                    "select pg_notify($1, $2)",
                    args![live::CHANNEL, changed.payload()],
                )
                .await?;
            }
        }
        Ok(shown)
    }
}
