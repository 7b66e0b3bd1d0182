//! Organisers' changes to series after they were made: one date, this and the
//! following dates, or all dates; skipped dates restored.
use crate::args;
use crate::calendar::status::DateStatus;
use crate::db::{StoreResult, Tx};
use crate::i18n::Locale;
use crate::registrations::store::date_changed_mail;
use chrono::{DateTime, Utc};

mod date_change;
mod editor;
mod series_change;

pub use date_change::DateChange;
pub use editor::{EditorDateRow, SeriesEditorRows};

#[derive(sqlx::FromRow)]
struct OpenedDate {
    series_id: i64,
    local_date: Option<String>,
    is_override: bool,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    room_id: Option<i64>,
    #[sqlx(try_from = "String")]
    status: DateStatus,
}

/// Someone registered for a date, with what their mail about it says.
#[derive(sqlx::FromRow)]
struct RegisteredPerson {
    email: String,
    language: String,
    title: String,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
}

const OPENED_SQL: &str =
    "select series_id, local_date, is_override, starts_at, ends_at, room_id, status
     from occurrence where occurrence_id = $1";

impl Tx {
    async fn opened_date(&mut self, occurrence_id: i64) -> StoreResult<Option<OpenedDate>> {
        self.optional(OPENED_SQL, args![occurrence_id]).await
    }

    /// Writes a mail to everyone registered for a date that was moved or
    /// cancelled, in this transaction.
    pub(crate) async fn queue_date_mails(
        &mut self,
        occurrence_id: i64,
        cancelled: bool,
    ) -> StoreResult<()> {
        let people: Vec<RegisteredPerson> = self
            .all(
                "select a.email, a.language, s.title, o.starts_at, o.ends_at from registration r
                 join account a on a.account_id = r.account_id
                 join occurrence o on o.occurrence_id = r.occurrence_id
                 join event_series s on s.series_id = o.series_id
                 where r.occurrence_id = $1 and r.status in ('confirmed', 'waitlisted')
                 order by r.registration_id",
                args![occurrence_id],
            )
            .await?;
        for p in people {
            let locale = Locale::from_code(&p.language).unwrap_or_default();
            let (subject, body) =
                date_changed_mail(locale, cancelled, &p.title, p.starts_at, p.ends_at);
            self.queue_mail(&p.email, locale, &subject, &body).await?;
        }
        Ok(())
    }
}
