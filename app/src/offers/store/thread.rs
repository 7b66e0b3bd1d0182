//! The conversation about an offer and the house's decision: each message
//! and each decision writes its mail in the same transaction, and a decision
//! is one conditional update, so of two at once exactly one is taken.
use super::{AcceptPlan, RECORD_COLUMNS, in_list};
use crate::args;
use crate::db::{Db, StoreResult, Tx, instant, now};
use crate::i18n::{Locale, Msg};
use crate::kernel::error::AppError;
use crate::offers::api::OfferRecord;
use crate::offers::mail;
use crate::offers::rules::{Decision, OfferStatus};
use crate::series::store::SeriesState;

impl Db {
    /// Adds a message to an offer's thread and mails the other side: the author
    /// when the house writes, the house's organisers when the author does. The
    /// author writes as the author; an organiser (`moderator`) as the house.
    pub async fn post_offer_message(
        &self,
        sender: i64,
        moderator: bool,
        offer_id: i64,
        body: &str,
        site: &str,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let row: Option<(Option<i64>, String)> = tx
            .optional(
                "select account_id, status from offer where offer_id = $1",
                args![offer_id],
            )
            .await?;
        let Some((author, status)) = row else {
            return Err(AppError::NotFound.into());
        };
        let status = OfferStatus::from_code(&status).ok_or(AppError::NotFound)?;
        let from_house = match author == Some(sender) {
            true => false,
            false if moderator && status.visible_to_house() => true,
            false => return Err(AppError::NotFound.into()),
        };
        if !status.open_for_messages() {
            return Err(AppError::Conflict(Msg::OfferClosed).into());
        }
        tx.execute(
            "insert into offer_message (offer_id, account_id, from_house, body, created_at)
             values ($1, $2, $3, $4, $5)",
            args![offer_id, sender, from_house, body, instant(now())],
        )
        .await?;
        if from_house {
            tx.mail_author(offer_id, mail::Kind::HouseWrote, body, site)
                .await?;
        } else {
            tx.mail_house(offer_id, body, site).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// An organiser's decision, taken only from a state it may be taken from
    /// (`Decision::from_states`); of two at once, the second finds the offer
    /// decided and is refused with "decided meanwhile". Accepting stores a
    /// draft series in the same transaction. Returns that series' id.
    pub async fn decide_offer(
        &self,
        by: i64,
        offer_id: i64,
        decision: Decision,
        reason: &str,
        accept: Option<AcceptPlan>,
        site: &str,
    ) -> StoreResult<Option<i64>> {
        let mut tx = self.begin_write().await?;
        // Nobody decides about their own offer, organiser or not.
        let author: Option<Option<i64>> = tx
            .value_optional(
                "select account_id from offer where offer_id = $1",
                args![offer_id],
            )
            .await?;
        match author {
            None => return Err(AppError::NotFound.into()),
            Some(Some(author)) if author == by => return Err(AppError::Forbidden.into()),
            Some(_) => {}
        }
        let at = instant(now());
        let changed = tx
            .execute(
                &format!(
                    "update offer set status = $2, decision_reason = $3, updated_at = $4
                     where offer_id = $1 and status in ({})",
                    in_list(decision.from_states())
                ),
                args![offer_id, decision.outcome().code(), reason, at],
            )
            .await?;
        if changed == 0 {
            return Err(tx.offer_refusal(offer_id, None).await?.into());
        }
        let series_id = match (decision, accept) {
            (Decision::Accept, Some(plan)) => Some(tx.series_of_offer(by, offer_id, plan).await?),
            _ => None,
        };
        if decision == Decision::AskChanges {
            tx.execute(
                "insert into offer_message (offer_id, account_id, from_house, body, created_at)
                 values ($1, $2, true, $3, $4)",
                args![offer_id, by, reason, at],
            )
            .await?;
        }
        let kind = match decision {
            Decision::AskChanges => mail::Kind::ChangesAsked,
            Decision::Accept => mail::Kind::Accepted,
            Decision::Decline => mail::Kind::Declined,
        };
        tx.mail_author(offer_id, kind, reason, site).await?;
        tx.audit(
            Some(by),
            &format!("offer.{}", decision.outcome().code()),
            &format!("offer:{offer_id}"),
        )
        .await?;
        tx.commit().await?;
        Ok(series_id)
    }
}

impl Tx {
    /// Why a change to an offer found nothing to change: it does not exist (or
    /// is not `author`'s), or its state moved on meanwhile.
    pub(super) async fn offer_refusal(
        &mut self,
        offer_id: i64,
        author: Option<i64>,
    ) -> StoreResult<AppError> {
        let exists: Option<i64> = self
            .value_optional(
                "select offer_id from offer where offer_id = $1 and ($2 is null or account_id = $2)",
                args![offer_id, author],
            )
            .await?;
        Ok(match exists {
            Some(_) => AppError::Conflict(Msg::OfferDecidedMeanwhile),
            None => AppError::NotFound,
        })
    }

    /// The draft series an accepted offer becomes, with its expected
    /// attendance and room needs for the planner's tray.
    async fn series_of_offer(
        &mut self,
        by: i64,
        offer_id: i64,
        plan: AcceptPlan,
    ) -> StoreResult<i64> {
        let offer: OfferRecord = self
            .one(
                &format!("select {RECORD_COLUMNS} from offer where offer_id = $1"),
                args![offer_id],
            )
            .await?;
        let mut details = offer.series_details();
        details.room_id = plan.room_id;
        let created = self
            .insert_series(
                &details,
                &plan.series,
                Some(by),
                plan.today,
                SeriesState::Draft,
            )
            .await?;
        self.execute(
            "update event_series set expected_attendance = $2, needs_features = $3 where series_id = $1",
            args![created.series_id, offer.expected_participants, &offer.needs_features],
        )
        .await?;
        self.execute(
            "update offer set series_id = $2 where offer_id = $1",
            args![offer_id, created.series_id],
        )
        .await?;
        Ok(created.series_id)
    }

    /// Writes the offer's author a mail in their language (none once the author
    /// deleted their account).
    pub(super) async fn mail_author(
        &mut self,
        offer_id: i64,
        kind: mail::Kind,
        text: &str,
        site: &str,
    ) -> StoreResult<()> {
        let row: Option<(String, String, String)> = self
            .optional(
                "select a.email, a.language, o.title from offer o
                 join account a on a.account_id = o.account_id where o.offer_id = $1",
                args![offer_id],
            )
            .await?;
        if let Some((email, language, title)) = row {
            let locale = Locale::from_code(&language).unwrap_or_default();
            let (subject, body) =
                mail::compose(locale, kind, &title, text, &mail::link(site, offer_id));
            self.queue_mail(&email, locale, &subject, &body).await?;
        }
        Ok(())
    }

    /// Writes the house's organisers that the author answered.
    async fn mail_house(&mut self, offer_id: i64, text: &str, site: &str) -> StoreResult<()> {
        let title: String = self
            .value(
                "select title from offer where offer_id = $1",
                args![offer_id],
            )
            .await?;
        for (email, language) in self.organiser_addresses().await? {
            let locale = Locale::from_code(&language).unwrap_or_default();
            let (subject, body) = mail::compose(
                locale,
                mail::Kind::AuthorWrote,
                &title,
                text,
                &mail::link(site, offer_id),
            );
            self.queue_mail(&email, locale, &subject, &body).await?;
        }
        Ok(())
    }
}

impl Tx {
    /// Every organiser's address and language: who hears from a person writing
    /// to the house (about an offer or a room request).
    pub(crate) async fn organiser_addresses(&mut self) -> StoreResult<Vec<(String, String)>> {
        self.all(
            "select a.email, a.language from account a
             join account_role r on r.account_id = a.account_id
             where r.role = 'organiser' order by a.account_id",
            args![],
        )
        .await
    }
}
