//! The conversation about a waiting room request: the person and the house
//! write; each message mails the other side in the same transaction. Closed
//! once the request is decided or withdrawn.
use crate::args;
use crate::bookings::mail;
use crate::db::{Db, StoreResult, Tx, instant, now};
use crate::i18n::{Locale, Msg};
use crate::kernel::error::AppError;
use crate::offers::api::OfferMessage;

impl Db {
    /// Adds a message to a waiting request's thread: as its person, or (a
    /// `moderator`) as the house. Anybody else's request is as good as none.
    pub async fn post_request_message(
        &self,
        sender: i64,
        moderator: bool,
        request_id: i64,
        body: &str,
        site: &str,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let row: Option<(Option<i64>, String)> = tx
            .optional(
                "select account_id, status from room_request where request_id = $1",
                args![request_id],
            )
            .await?;
        let Some((requester, status)) = row else {
            return Err(AppError::NotFound.into());
        };
        let from_house = match requester == Some(sender) {
            true => false,
            false if moderator => true,
            false => return Err(AppError::NotFound.into()),
        };
        if status != "pending" {
            return Err(AppError::Conflict(Msg::RequestClosed).into());
        }
        tx.execute(
            "insert into room_request_message (request_id, account_id, from_house, body, created_at)
             values ($1, $2, $3, $4, $5)",
            args![request_id, sender, from_house, body, instant(now())],
        )
        .await?;
        if from_house {
            tx.mail_requester(request_id, mail::Kind::HouseWrote, body, site)
                .await?;
        } else {
            tx.mail_organisers(request_id, body, site).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The messages of the requests `ids`, oldest first, each with its request.
    pub async fn request_messages(&self, ids: &[i64]) -> StoreResult<Vec<(i64, OfferMessage)>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        // Ids are numbers the store gave out: listing them is no injection.
        let list: Vec<String> = ids.iter().map(i64::to_string).collect();
        let rows: Vec<RequestMessageRow> = self
            .all(
                &format!(
                    "select m.request_id, m.message_id, m.from_house, a.display_name as author_name,
                        m.body, m.created_at
                     from room_request_message m left join account a on a.account_id = m.account_id
                     where m.request_id in ({}) order by m.message_id",
                    list.join(", ")
                ),
                args![],
            )
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| {
                (
                    r.request_id,
                    OfferMessage {
                        message_id: r.message_id,
                        from_house: r.from_house,
                        author_name: r.author_name,
                        body: r.body,
                        created_at: r.created_at,
                    },
                )
            })
            .collect())
    }
}

#[derive(sqlx::FromRow)]
struct RequestMessageRow {
    request_id: i64,
    message_id: i64,
    from_house: bool,
    author_name: Option<String>,
    body: String,
    created_at: chrono::DateTime<chrono::Utc>,
}

impl Tx {
    /// Writes the house's organisers that the person wrote about their request.
    async fn mail_organisers(
        &mut self,
        request_id: i64,
        text: &str,
        site: &str,
    ) -> StoreResult<()> {
        let (room, starts_at, ends_at): (
            String,
            chrono::DateTime<chrono::Utc>,
            chrono::DateTime<chrono::Utc>,
        ) = self
            .one(
                "select m.name, r.starts_at, r.ends_at from room_request r
                 join room m on m.room_id = r.room_id where r.request_id = $1",
                args![request_id],
            )
            .await?;
        for (email, language) in self.organiser_addresses().await? {
            let locale = Locale::from_code(&language).unwrap_or_default();
            let when = mail::when(locale, &room, starts_at, ends_at);
            let (subject, body) = mail::compose(
                locale,
                mail::Kind::RequesterWrote,
                &when,
                text,
                &format!("{site}/moderation/requests"),
            );
            self.queue_mail(&email, locale, &subject, &body).await?;
        }
        Ok(())
    }
}
