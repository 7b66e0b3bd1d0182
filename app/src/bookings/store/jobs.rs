//! The daily work about room requests: a reminder the day before an approved
//! booking, and forgetting the person behind old requests (retention).
use crate::args;
use crate::bookings::mail;
use crate::db::{Db, StoreResult, Tx, instant, now};
use crate::kernel::time::{HOUSE_ZONE, local_to_utc};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

/// The private date an anonymised booking leaves in the plan is called this.
const ANONYMOUS_TITLE: &str = "—";

impl Db {
    /// Mails everyone whose approved booking is on the day after `today`, once:
    /// only the first run of the day, on any server, sends; the others get `None`.
    pub async fn send_booking_reminders(
        &self,
        today: NaiveDate,
        site: &str,
    ) -> StoreResult<Option<u64>> {
        let mut tx = self.begin_write().await?;
        if !tx.claim_daily_job("booking_reminders", today).await? {
            return Ok(None);
        }
        let midnight = |days: u64| {
            today
                .checked_add_days(chrono::Days::new(days))
                .and_then(|d| local_to_utc(d.and_time(NaiveTime::MIN), HOUSE_ZONE).ok())
        };
        let (Some(from), Some(to)) = (midnight(1), midnight(2)) else {
            return Ok(Some(0));
        };
        let due: Vec<i64> = tx
            .column(
                "select r.request_id from room_request r
                 join occurrence o on o.series_id = r.series_id
                 where r.status = 'approved' and r.reminded_at is null and o.status = 'scheduled'
                   and o.starts_at >= $1 and o.starts_at < $2
                 order by r.request_id",
                args![instant(from), instant(to)],
            )
            .await?;
        for request_id in &due {
            tx.mail_requester(*request_id, mail::Kind::Reminder, "", site)
                .await?;
            tx.execute(
                "update room_request set reminded_at = $2 where request_id = $1",
                args![*request_id, instant(now())],
            )
            .await?;
        }
        tx.commit().await?;
        Ok(Some(due.len() as u64))
    }
}

impl Tx {
    /// Forgets the person behind requests closed before `cutoff` (declined,
    /// withdrawn, or approved and over): the link to their account, their
    /// purpose and contact, and the private date's texts. Room, time, guest
    /// count and state stay for the house's counts.
    pub(crate) async fn forget_room_requests(&mut self, cutoff: DateTime<Utc>) -> StoreResult<u64> {
        let due = "anonymised_at is null and (
                (status in ('declined', 'withdrawn') and updated_at < $1)
                or (status = 'approved' and ends_at < $1))";
        self.execute(
            &format!(
                "update event_series set title = $2, description = '', contact = ''
                 where series_id in (select series_id from room_request where {due})"
            ),
            args![instant(cutoff), ANONYMOUS_TITLE],
        )
        .await?;
        self.execute(
            &format!(
                "delete from room_request_message
                 where request_id in (select request_id from room_request where {due})"
            ),
            args![instant(cutoff)],
        )
        .await?;
        self.execute(
            &format!(
                "update room_request set account_id = null, purpose = '', contact = '',
                    decision_reason = '', anonymised_at = $2
                 where {due}"
            ),
            args![instant(cutoff), instant(now())],
        )
        .await
    }
}
