//! The outbox's storage: queue a mail inside the transaction that causes it,
//! claim the next due mail (one at a time), and record how sending went.
use super::rules::{CLAIM_SECONDS, retry_delay};
use crate::args;
use crate::db::{Backend, Db, StoreResult, Tx, instant, now};
use crate::i18n::Locale;
use crate::kernel::error::AppError;
use chrono::{DateTime, Duration, Utc};

/// A mail as the worker sends it. `claimed_until` is this server's claim: a
/// failure is recorded only while the claim is still its own.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct OutboxMail {
    pub outbox_id: i64,
    pub recipient: String,
    pub language: String,
    pub subject: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
    pub attempts: i32,
    pub claimed_until: Option<DateTime<Utc>>,
}

impl OutboxMail {
    pub fn locale(&self) -> Locale {
        Locale::from_code(&self.language).unwrap_or_default()
    }
}

/// A mail that had all its attempts, as the admin page lists it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct FailedMail {
    pub outbox_id: i64,
    pub recipient: String,
    pub subject: String,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub failed_at: DateTime<Utc>,
}

const MAIL_COLUMNS: &str =
    "outbox_id, recipient, language, subject, body, created_at, attempts, claimed_until";

/// Due: not sent, not failed, its pause over and nobody's claim running.
const NEXT_DUE: &str = "select outbox_id from outbox
     where sent_at is null and failed_at is null
       and (next_attempt_at is null or next_attempt_at <= $1)
       and (claimed_until is null or claimed_until < $1)
     order by outbox_id limit 1";

impl Tx {
    /// Queues a mail in the recipient's language, in this transaction: it goes
    /// out only if the change that caused it is committed.
    pub async fn queue_mail(
        &mut self,
        recipient: &str,
        locale: Locale,
        subject: &str,
        body: &str,
    ) -> StoreResult<()> {
        self.execute(
            "insert into outbox (recipient, language, subject, body, created_at) values ($1, $2, $3, $4, $5)",
            args![recipient, locale.code(), subject, body, instant(now())],
        )
        .await?;
        Ok(())
    }
}

impl Db {
    /// Claims the oldest mail due `at` for [`CLAIM_SECONDS`], counting the
    /// attempt. PostgreSQL skips rows another server is claiming at this moment;
    /// SQLite runs the statement under its single write lock.
    pub async fn claim_next_mail(&self, at: DateTime<Utc>) -> StoreResult<Option<OutboxMail>> {
        let at = instant(at);
        let pick = match self.backend() {
            Backend::Sqlite => NEXT_DUE.to_owned(),
            Backend::Postgres => format!("{NEXT_DUE} for update skip locked"),
        };
        self.optional(
            &format!(
                "update outbox set claimed_until = $2, attempts = attempts + 1
                 where outbox_id = ({pick}) returning {MAIL_COLUMNS}"
            ),
            args![at, at + Duration::seconds(CLAIM_SECONDS)],
        )
        .await
    }

    /// The SMTP server accepted the mail. Recorded whoever holds the claim now:
    /// the mail is out, and nobody should send it again.
    pub async fn mark_mail_sent(&self, outbox_id: i64, at: DateTime<Utc>) -> StoreResult<()> {
        self.execute(
            "update outbox set sent_at = $2, claimed_until = null, last_error = null
             where outbox_id = $1 and sent_at is null",
            args![outbox_id, instant(at)],
        )
        .await?;
        Ok(())
    }

    /// Records a failed attempt: the mail waits for its next try, or after the
    /// last one (or an error no retry can mend) counts as failed. Ignored when
    /// the claim is no longer this server's (another one has taken it over).
    pub async fn mark_mail_failed(
        &self,
        mail: &OutboxMail,
        error: &str,
        permanent: bool,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let at = instant(at);
        let pause = if permanent {
            None
        } else {
            retry_delay(mail.attempts)
        };
        let (next_attempt_at, failed_at) = match pause {
            Some(pause) => (Some(at + pause), None),
            None => (None, Some(at)),
        };
        self.execute(
            "update outbox set claimed_until = null, last_error = $3, next_attempt_at = $4, failed_at = $5
             where outbox_id = $1 and claimed_until = $2 and sent_at is null",
            args![
                mail.outbox_id,
                mail.claimed_until,
                error,
                next_attempt_at,
                failed_at
            ],
        )
        .await?;
        Ok(())
    }

    /// Mails not sent yet (waiting or failed), oldest first.
    pub async fn unsent_mails(&self) -> StoreResult<Vec<OutboxMail>> {
        self.all(
            &format!("select {MAIL_COLUMNS} from outbox where sent_at is null order by outbox_id"),
            args![],
        )
        .await
    }

    /// Mails that had all their attempts, newest failure first.
    pub async fn failed_mails(&self) -> StoreResult<Vec<FailedMail>> {
        self.all(
            "select outbox_id, recipient, subject, attempts, last_error, failed_at from outbox
             where failed_at is not null and sent_at is null
             order by failed_at desc, outbox_id desc limit 200",
            args![],
        )
        .await
    }

    /// Gives a failed mail a fresh set of attempts, starting now; returns its
    /// recipient. Not found: no such mail, or it has not failed.
    pub async fn retry_failed_mail(&self, outbox_id: i64) -> StoreResult<String> {
        let recipient: Option<String> = self
            .value_optional(
                "update outbox set failed_at = null, attempts = 0, next_attempt_at = null, claimed_until = null
                 where outbox_id = $1 and failed_at is not null and sent_at is null
                 returning recipient",
                args![outbox_id],
            )
            .await?;
        Ok(recipient.ok_or(AppError::NotFound)?)
    }
}
