//! The mail to the person behind a request, in their language.
use crate::args;
use crate::bookings::mail;
use crate::db::{StoreResult, Tx};
use crate::i18n::Locale;
use chrono::{DateTime, Utc};

/// Where a request's mail goes and what it is about: the booked date as it
/// stands now (an organiser may have moved it in the planner), else as asked.
#[derive(sqlx::FromRow)]
struct Recipient {
    email: String,
    language: String,
    room: String,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
}

impl Tx {
    /// Writes the request's person a mail in their language (none once they
    /// deleted their account).
    pub(crate) async fn mail_requester(
        &mut self,
        request_id: i64,
        kind: mail::Kind,
        text: &str,
        site: &str,
    ) -> StoreResult<()> {
        let row: Option<Recipient> = self
            .optional(
                "select a.email, a.language, m.name as room,
                    coalesce(o.starts_at, r.starts_at) as starts_at,
                    coalesce(o.ends_at, r.ends_at) as ends_at
                 from room_request r
                 join account a on a.account_id = r.account_id
                 left join occurrence o on o.series_id = r.series_id and o.status = 'scheduled'
                 join room m on m.room_id = coalesce(o.room_id, r.room_id)
                 where r.request_id = $1",
                args![request_id],
            )
            .await?;
        if let Some(to) = row {
            let locale = Locale::from_code(&to.language).unwrap_or_default();
            let when = mail::when(locale, &to.room, to.starts_at, to.ends_at);
            let (subject, body) = mail::compose(locale, kind, &when, text, &mail::link(site));
            self.queue_mail(&to.email, locale, &subject, &body).await?;
        }
        Ok(())
    }
}
