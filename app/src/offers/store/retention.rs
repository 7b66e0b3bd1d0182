//! Retention: a declined or withdrawn offer keeps what the house counts (its
//! title, category, state and dates) and, once the retention period has passed,
//! loses everything about the person: the link to their account, their texts,
//! their contact and the thread. The same run forgets old room requests
//! (`bookings::store::jobs`).
use super::in_list;
use crate::args;
use crate::db::{Db, StoreResult, instant, now};
use crate::offers::rules::OfferStatus;
use chrono::{Duration, NaiveDate};

const CLOSED: [OfferStatus; 2] = [OfferStatus::Declined, OfferStatus::Withdrawn];

impl Db {
    /// The day's retention run: forgets the personal data of offers closed
    /// longer than `keep` ago. Only the first run of `day`, on any server, does
    /// the work and says how many offers it anonymised; the others get `None`.
    pub async fn run_daily_retention(
        &self,
        day: NaiveDate,
        keep: Duration,
    ) -> StoreResult<Option<u64>> {
        let mut tx = self.begin_write().await?;
        if !tx.claim_daily_job("retention", day).await? {
            return Ok(None);
        }
        let due = format!(
            "status in ({}) and anonymised_at is null and updated_at < $1",
            in_list(&CLOSED)
        );
        let cutoff = instant(now() - keep);
        tx.execute(
            &format!("delete from offer_message where offer_id in (select offer_id from offer where {due})"),
            args![cutoff],
        )
        .await?;
        let forgotten = tx
            .execute(
                &format!(
                    "update offer set account_id = null, description = '', frequency = '',
                        preferred_times = '', contact = '', decision_reason = '', anonymised_at = $2
                     where {due}"
                ),
                args![cutoff, instant(now())],
            )
            .await?;
        tx.audit(None, "retention.offers", &format!("offers:{forgotten}"))
            .await?;
        let requests = tx.forget_room_requests(now() - keep).await?;
        tx.audit(None, "retention.requests", &format!("requests:{requests}"))
            .await?;
        tx.commit().await?;
        Ok(Some(forgotten))
    }
}
