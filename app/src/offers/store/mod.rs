//! Offers' storage: the author's drafts and submissions, the thread, and the
//! house's decisions. Each change and the mail it causes share one transaction;
//! a decision is one conditional update, so of two at once exactly one wins.
use super::api::{OfferMessage, OfferRecord, OfferSummary, QueuePage};
use super::rules::{OfferDraft, OfferStatus};
use super::{fields, mail};

mod retention;
mod thread;
use crate::args;
use crate::db::{Db, StoreResult, instant, now};
use crate::i18n::Msg;
use crate::kernel::error::{AppError, FieldError};
use crate::series::recurrence::Series;
use chrono::NaiveDate;

/// Offers on one page of the house's queue.
pub const QUEUE_PAGE: i64 = 50;

const SUMMARY_SELECT: &str = "select o.offer_id, o.title, o.status, a.display_name as author_name,
        o.submitted_at, o.updated_at,
        (select count(*) from offer_message m where m.offer_id = o.offer_id) as messages
     from offer o left join account a on a.account_id = o.account_id";

const RECORD_COLUMNS: &str = "offer_id, account_id, group_id, title, description, category_id,
     audience, languages, frequency, preferred_times, expected_participants, needs_features,
     volunteers_needed, contact, status, decision_reason, series_id, created_at, updated_at, submitted_at";

/// Where an accepted offer's dates go: a draft series from `series`, placed in
/// `room_id` when it is free at every date, else waiting in the planner's tray.
pub struct AcceptPlan {
    pub series: Series,
    pub room_id: Option<i64>,
    pub today: NaiveDate,
}

fn in_list(states: &[OfferStatus]) -> String {
    let codes: Vec<String> = states.iter().map(|s| format!("'{}'", s.code())).collect();
    codes.join(", ")
}

impl Db {
    /// Creates (no `offer_id`) or changes its author's offer, and with `submit`
    /// sends it to the house. Only a draft or an offer the house asked to change
    /// can be changed; an unknown category or a group the author is not in is
    /// refused at its field.
    pub async fn save_offer(
        &self,
        author: i64,
        offer_id: Option<i64>,
        draft: &OfferDraft,
        submit: bool,
        site: &str,
    ) -> StoreResult<i64> {
        let mut tx = self.begin_write().await?;
        let mut errors = Vec::new();
        let category: Option<i64> = tx
            .value_optional(
                "select category_id from category where category_id = $1",
                args![draft.category_id],
            )
            .await?;
        if category.is_none() {
            errors.push(FieldError::new(fields::CATEGORY_ID, Msg::CategoryUnknown));
        }
        let group_house: Option<i64> = match draft.group_id {
            Some(group_id) => {
                let house = tx
                    .value_optional(
                        "select g.house_id from community_group g
                         join group_member m on m.group_id = g.group_id
                         where g.group_id = $1 and m.account_id = $2",
                        args![group_id, author],
                    )
                    .await?;
                if house.is_none() {
                    errors.push(FieldError::new(fields::GROUP_ID, Msg::GroupUnknown));
                }
                house
            }
            None => None,
        };
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors).into());
        }
        let at = instant(now());
        let status = if submit {
            OfferStatus::Submitted
        } else {
            OfferStatus::Draft
        };
        let features = draft.needs_features.join(",");
        let audience: Vec<&str> = draft.audience.iter().map(|a| a.code()).collect();
        let offer_id = match offer_id {
            Some(offer_id) => {
                let current: Option<String> = tx
                    .value_optional(
                        "select status from offer where offer_id = $1 and account_id = $2",
                        args![offer_id, author],
                    )
                    .await?;
                let current = current
                    .and_then(|code| OfferStatus::from_code(&code))
                    .ok_or(AppError::NotFound)?;
                if !current.editable() {
                    return Err(AppError::Conflict(Msg::OfferNotEditable).into());
                }
                // Once sent, a "keep as draft" keeps it where it is: with the house.
                let status = if current == OfferStatus::NeedsChanges && !submit {
                    current
                } else {
                    status
                };
                let changed = tx
                    .execute(
                        &format!(
                            "update offer set title = $3, description = $4, category_id = $5, group_id = $6,
                                audience = $7, languages = $8, frequency = $9, preferred_times = $10,
                                expected_participants = $11, needs_features = $12, volunteers_needed = $13,
                                contact = $14, status = $15, updated_at = $16,
                                submitted_at = case when $15 = 'submitted' then $16 else submitted_at end
                             where offer_id = $1 and account_id = $2 and status in ({})",
                            in_list(&[OfferStatus::Draft, OfferStatus::NeedsChanges])
                        ),
                        args![
                            offer_id,
                            author,
                            &draft.title,
                            &draft.description,
                            draft.category_id,
                            draft.group_id,
                            audience.join(","),
                            draft.languages.join(","),
                            &draft.frequency,
                            &draft.preferred_times,
                            draft.expected_participants,
                            &features,
                            draft.volunteers_needed,
                            &draft.contact,
                            status.code(),
                            at
                        ],
                    )
                    .await?;
                if changed == 0 {
                    return Err(AppError::Conflict(Msg::OfferNotEditable).into());
                }
                offer_id
            }
            None => {
                let house_id: i64 = match group_house {
                    Some(house) => house,
                    None => {
                        tx.value(
                            "select house_id from house order by house_id limit 1",
                            args![],
                        )
                        .await?
                    }
                };
                tx.value(
                    "insert into offer (house_id, account_id, group_id, title, description, category_id,
                        audience, languages, frequency, preferred_times, expected_participants,
                        needs_features, volunteers_needed, contact, status, created_at, updated_at, submitted_at)
                     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16, $17)
                     returning offer_id",
                    args![
                        house_id,
                        author,
                        draft.group_id,
                        &draft.title,
                        &draft.description,
                        draft.category_id,
                        audience.join(","),
                        draft.languages.join(","),
                        &draft.frequency,
                        &draft.preferred_times,
                        draft.expected_participants,
                        &features,
                        draft.volunteers_needed,
                        &draft.contact,
                        status.code(),
                        at,
                        submit.then_some(at)
                    ],
                )
                .await?
            }
        };
        if submit {
            tx.mail_author(offer_id, mail::Kind::Received, "", site)
                .await?;
            tx.audit(Some(author), "offer.submit", &format!("offer:{offer_id}"))
                .await?;
        }
        tx.commit().await?;
        Ok(offer_id)
    }

    /// Takes the author's offer back before a decision.
    pub async fn withdraw_offer(&self, author: i64, offer_id: i64) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let changed = tx
            .execute(
                &format!(
                    "update offer set status = 'withdrawn', updated_at = $3
                     where offer_id = $1 and account_id = $2 and status in ({})",
                    in_list(&[
                        OfferStatus::Draft,
                        OfferStatus::Submitted,
                        OfferStatus::NeedsChanges
                    ])
                ),
                args![offer_id, author, instant(now())],
            )
            .await?;
        if changed == 0 {
            return Err(tx.offer_refusal(offer_id, Some(author)).await?.into());
        }
        tx.audit(Some(author), "offer.withdraw", &format!("offer:{offer_id}"))
            .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn offer(&self, offer_id: i64) -> StoreResult<Option<OfferRecord>> {
        self.optional(
            &format!("select {RECORD_COLUMNS} from offer where offer_id = $1"),
            args![offer_id],
        )
        .await
    }

    pub async fn offer_messages(&self, offer_id: i64) -> StoreResult<Vec<OfferMessage>> {
        self.all(
            "select m.message_id, m.from_house, a.display_name as author_name, m.body, m.created_at
             from offer_message m left join account a on a.account_id = m.account_id
             where m.offer_id = $1 order by m.message_id",
            args![offer_id],
        )
        .await
    }

    /// The author's offers, the newest change first.
    pub async fn my_offers(&self, account_id: i64) -> StoreResult<Vec<OfferSummary>> {
        self.all(
            &format!("{SUMMARY_SELECT} where o.account_id = $1 order by o.updated_at desc, o.offer_id desc"),
            args![account_id],
        )
        .await
    }

    /// One page of the house's queue: what waits for the house (longest waiting
    /// first), then what waits for its author, [`QUEUE_PAGE`] at a time; the
    /// first page ends with the last 20 decided.
    pub async fn offer_queue(&self, page: i64) -> StoreResult<QueuePage> {
        let page = page.max(0);
        let mut items: Vec<OfferSummary> = self
            .all(
                &format!("{SUMMARY_SELECT} where o.status in ('submitted', 'needs_changes')
                          order by case when o.status = 'submitted' then 0 else 1 end, o.submitted_at, o.offer_id
                          limit $1 offset $2"),
                args![QUEUE_PAGE + 1, page * QUEUE_PAGE],
            )
            .await?;
        let more = items.len() as i64 > QUEUE_PAGE;
        items.truncate(QUEUE_PAGE as usize);
        if page == 0 {
            let decided: Vec<OfferSummary> = self
                .all(
                    &format!(
                        "{SUMMARY_SELECT} where o.status in ('accepted', 'declined', 'withdrawn')
                              and o.submitted_at is not null
                              order by o.updated_at desc, o.offer_id desc limit 20"
                    ),
                    args![],
                )
                .await?;
            items.extend(decided);
        }
        Ok(QueuePage {
            items,
            waiting: self.open_offer_count().await?,
            next_page: more.then_some(page + 1),
        })
    }

    /// Offers waiting for the house, for the count in the navigation.
    pub async fn open_offer_count(&self) -> StoreResult<i64> {
        self.value(
            "select count(*) from offer where status = 'submitted'",
            args![],
        )
        .await
    }
}

impl Db {
    /// The groups an account belongs to, for the offer form's "for a group".
    pub async fn member_groups(&self, account_id: i64) -> StoreResult<Vec<(i64, String)>> {
        self.all(
            "select g.group_id, g.name from community_group g
             join group_member m on m.group_id = g.group_id
             where m.account_id = $1 order by g.name",
            args![account_id],
        )
        .await
    }
}
