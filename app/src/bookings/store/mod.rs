//! Room requests' storage. A request and an approval are judged by the
//! planner's rule set under the house's lock, so a request for a taken slot is
//! refused at its field and of two approvals for one slot exactly one is made;
//! each change writes its mail in the same transaction.
mod jobs;
mod notify;
mod settings;
mod thread;

use super::api::{RequestSummary, RequestableRoom};
use super::mail;
use super::rules::{RequestDraft, RequestStatus, request_errors};
use crate::args;
use crate::bookings::fields;
use crate::calendar::rules::{SeriesDetails, TimeSlot, Visibility};
use crate::db::{Db, StoreResult, Tx, instant, now};
use crate::i18n::Msg;
use crate::kernel::error::AppError;
use crate::kernel::time::{HOUSE_ZONE, utc_to_local};
use crate::planner::refusal::conflict_msg;
use crate::planner::rules::{Candidate, Conflict, judge};
use crate::rooms::rules::RoomBuffers;
use crate::rooms::store::LockedRoom;
use crate::series::recurrence::Series;
use crate::series::store::SeriesState;
use chrono::{DateTime, NaiveDate, Utc};

const SUMMARY_SELECT: &str = "select r.request_id, m.name as room_name, r.starts_at, r.ends_at,
        r.purpose, r.guests, r.contact, r.status, r.decision_reason,
        a.display_name as requester_name, r.created_at
     from room_request r join room m on m.room_id = r.room_id
     left join account a on a.account_id = r.account_id";

pub(super) const ROOM_SELECT: &str =
    "select room_id, name, capacity, fee_cents, resident_bookable from room";

/// A request as the store decides about it.
#[derive(sqlx::FromRow)]
struct RequestRow {
    account_id: Option<i64>,
    house_id: i64,
    room_id: i64,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    purpose: String,
    guests: i32,
    contact: String,
}

impl RequestRow {
    fn slot(&self) -> TimeSlot {
        TimeSlot {
            starts_at: self.starts_at,
            ends_at: self.ends_at,
        }
    }

    /// The private date an approval makes: publicly only "occupied".
    fn series_details(&self, category_id: i64) -> SeriesDetails {
        let first_line = self.purpose.lines().next().unwrap_or_default();
        let title: String = first_line
            .chars()
            .take(crate::calendar::rules::TITLE_MAX_CHARS)
            .collect();
        let mut details = SeriesDetails::simple(&title, &self.purpose, category_id, self.room_id);
        details.visibility = Visibility::Private;
        details.contact = self.contact.clone();
        details
    }
}

fn candidate(room_id: i64, slot: TimeSlot) -> Candidate {
    Candidate {
        occurrence_id: None,
        room_id,
        starts_at: slot.starts_at,
        ends_at: slot.ends_at,
        ..Candidate::default()
    }
}

impl Db {
    /// The rooms residents may request, by name.
    pub async fn requestable_rooms(&self) -> StoreResult<Vec<RequestableRoom>> {
        self.all(
            &format!("{ROOM_SELECT} where resident_bookable order by name"),
            args![],
        )
        .await
    }

    /// The uses of a room and of the rooms sharing its floor space in `window`,
    /// with the room's set-up and clear-up minutes; no details of any use.
    pub async fn room_busy(
        &self,
        room_id: i64,
        window: TimeSlot,
    ) -> StoreResult<(Vec<TimeSlot>, chrono::Duration)> {
        let mut tx = self.begin_read().await?;
        let row: Option<(i64, i32, i32)> = tx
            .optional(
                "select house_id, buffer_before_minutes, buffer_after_minutes from room where room_id = $1",
                args![room_id],
            )
            .await?;
        let Some((house_id, before_minutes, after_minutes)) = row else {
            return Ok((Vec::new(), chrono::Duration::zero()));
        };
        // Read without the house's lock: the form only shows the week.
        let room = LockedRoom {
            room_id,
            house_id,
            buffers: RoomBuffers {
                before_minutes,
                after_minutes,
            },
        };
        let uses = tx.room_uses(&room, &[window]).await?;
        Ok((
            uses.into_iter().map(|(_, slot)| slot).collect(),
            room.buffers.gap(),
        ))
    }

    /// Stores `by`'s request and mails them that the house has it; refused at
    /// its fields when the room is not one residents may request, the slot is
    /// taken, the house closed, or the guests too many for the room.
    pub async fn request_room(
        &self,
        by: i64,
        draft: &RequestDraft,
        site: &str,
    ) -> StoreResult<i64> {
        let mut tx = self.begin_write().await?;
        let room: Option<RequestableRoom> = tx
            .optional(
                &format!("{ROOM_SELECT} where room_id = $1 and resident_bookable"),
                args![draft.room_id],
            )
            .await?;
        let Some(room) = room else {
            return Err(AppError::invalid(fields::ROOM_ID, Msg::RoomNotRequestable).into());
        };
        let house_id: i64 = tx
            .value(
                "select house_id from room where room_id = $1",
                args![room.room_id],
            )
            .await?;
        tx.lock_house(house_id).await?;
        let context = tx.planner_context(house_id, draft.slot()).await?;
        let verdict = judge(&candidate(room.room_id, draft.slot()), &context);
        let capacity = u32::try_from(room.capacity).unwrap_or(0);
        let errors = request_errors(&verdict, capacity, draft.guests);
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors).into());
        }
        let at = instant(now());
        let request_id: i64 = tx
            .value(
                "insert into room_request (house_id, room_id, account_id, purpose, guests,
                    starts_at, ends_at, contact, created_at, updated_at)
                 values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) returning request_id",
                args![
                    house_id,
                    room.room_id,
                    by,
                    &draft.purpose,
                    i32::try_from(draft.guests).unwrap_or(i32::MAX),
                    instant(draft.starts_at),
                    instant(draft.ends_at),
                    &draft.contact,
                    at
                ],
            )
            .await?;
        tx.mail_requester(request_id, mail::Kind::Received, "", site)
            .await?;
        tx.audit(Some(by), "request.submit", &format!("request:{request_id}"))
            .await?;
        tx.commit().await?;
        Ok(request_id)
    }

    /// An organiser's decision. Approving judges the slot again under the
    /// house's lock and makes the private date; a slot taken meanwhile refuses
    /// it with 409 and leaves everything as it was. Of two decisions at once
    /// the second finds the request decided.
    pub async fn decide_request(
        &self,
        by: i64,
        request_id: i64,
        approve: bool,
        reason: &str,
        today: NaiveDate,
        site: &str,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let Some(request) = tx.request_row(request_id).await? else {
            return Err(AppError::NotFound.into());
        };
        if request.account_id == Some(by) {
            // Nobody decides about their own request, organiser or not.
            return Err(AppError::Forbidden.into());
        }
        tx.lock_house(request.house_id).await?;
        let status = if approve {
            RequestStatus::Approved
        } else {
            RequestStatus::Declined
        };
        let changed = tx
            .execute(
                "update room_request set status = $2, decision_reason = $3, updated_at = $4
                 where request_id = $1 and status = 'pending'",
                args![request_id, status.code(), reason, instant(now())],
            )
            .await?;
        if changed == 0 {
            return Err(AppError::Conflict(Msg::RequestDecidedMeanwhile).into());
        }
        if approve {
            tx.approve(by, request_id, &request, today).await?;
        }
        let kind = if approve {
            mail::Kind::Approved
        } else {
            mail::Kind::Declined
        };
        tx.mail_requester(request_id, kind, reason, site).await?;
        tx.audit(
            Some(by),
            &format!("request.{}", status.code()),
            &format!("request:{request_id}"),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Takes `by`'s own request back while it waits.
    pub async fn withdraw_request(&self, by: i64, request_id: i64) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let changed = tx
            .execute(
                "update room_request set status = 'withdrawn', updated_at = $3
                 where request_id = $1 and account_id = $2 and status = 'pending'",
                args![request_id, by, instant(now())],
            )
            .await?;
        if changed == 0 {
            let mine: Option<i64> = tx
                .value_optional(
                    "select request_id from room_request where request_id = $1 and account_id = $2",
                    args![request_id, by],
                )
                .await?;
            return Err(match mine {
                Some(_) => AppError::Conflict(Msg::RequestDecidedMeanwhile),
                None => AppError::NotFound,
            }
            .into());
        }
        tx.audit(
            Some(by),
            "request.withdraw",
            &format!("request:{request_id}"),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The person's requests, the newest first.
    pub async fn my_requests(&self, account_id: i64) -> StoreResult<Vec<RequestSummary>> {
        self.all(
            &format!("{SUMMARY_SELECT} where r.account_id = $1 order by r.created_at desc, r.request_id desc"),
            args![account_id],
        )
        .await
    }

    /// The waiting requests, the nearest date first (at most 200), then the
    /// last 20 decided.
    pub async fn request_queue(&self) -> StoreResult<Vec<RequestSummary>> {
        let mut waiting: Vec<RequestSummary> = self
            .all(
                &format!("{SUMMARY_SELECT} where r.status = 'pending' order by r.starts_at, r.request_id limit 200"),
                args![],
            )
            .await?;
        let decided: Vec<RequestSummary> = self
            .all(
                &format!("{SUMMARY_SELECT} where r.status <> 'pending' order by r.updated_at desc, r.request_id desc limit 20"),
                args![],
            )
            .await?;
        waiting.extend(decided);
        Ok(waiting)
    }

    /// Requests waiting for the house, for the count in the navigation.
    pub async fn open_request_count(&self) -> StoreResult<i64> {
        self.value(
            "select count(*) from room_request where status = 'pending'",
            args![],
        )
        .await
    }
}

impl Tx {
    async fn request_row(&mut self, request_id: i64) -> StoreResult<Option<RequestRow>> {
        self.optional(
            "select account_id, house_id, room_id, starts_at, ends_at, purpose, guests, contact
             from room_request where request_id = $1",
            args![request_id],
        )
        .await
    }

    /// The approved request's private date, if its slot is still free.
    async fn approve(
        &mut self,
        by: i64,
        request_id: i64,
        request: &RequestRow,
        today: NaiveDate,
    ) -> StoreResult<()> {
        if request.starts_at <= now() {
            // A date that has begun cannot be given any more.
            return Err(AppError::Conflict(Msg::RequestInPast).into());
        }
        let context = self
            .planner_context(request.house_id, request.slot())
            .await?;
        let verdict = judge(&candidate(request.room_id, request.slot()), &context);
        if let Some(conflict) = verdict.conflicts.first() {
            let msg = match conflict {
                Conflict::RoomTaken { .. } => Msg::RequestSlotTakenMeanwhile,
                other => conflict_msg(other),
            };
            return Err(AppError::Conflict(msg).into());
        }
        let category_id: i64 = self
            .value(
                "select category_id from category
                 order by case when slug = 'private-use' then 0 else 1 end, category_id limit 1",
                args![],
            )
            .await?;
        let series = Series {
            first_start: utc_to_local(request.starts_at, HOUSE_ZONE),
            duration_minutes: (request.ends_at - request.starts_at).num_minutes(),
            rule: None,
            exceptions: Default::default(),
            restored: Default::default(),
            skip_public_holidays: false,
            skip_school_holidays: false,
        };
        let created = self
            .insert_series(
                &request.series_details(category_id),
                &series,
                Some(by),
                today,
                SeriesState::Published,
            )
            .await?;
        self.execute(
            "update event_series set expected_attendance = $2 where series_id = $1",
            args![created.series_id, request.guests],
        )
        .await?;
        self.execute(
            "update room_request set series_id = $2 where request_id = $1",
            args![request_id, created.series_id],
        )
        .await?;
        Ok(())
    }
}
