//! Registrations for dates with limited seats, the e-mail outbox and private feed tokens.
use super::calendar::{CALENDAR_SELECT, CalendarRow};
use super::{Backend, Db, StoreResult, instant, now, on_db};
use crate::domain::registrations::{
    DateFacts, RegistrationStatus, place_for_newcomer, registration_open,
};
use crate::domain::time::{HOUSE_ZONE, utc_to_local};
use crate::error::AppError;
use crate::i18n::{Locale, Msg, format_date, format_time_range};
use chrono::{DateTime, Duration, Utc};

/// A person's place for one date: confirmed, or waiting at this position (1 = next).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    pub status: RegistrationStatus,
    pub position: i64,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct OutboxMail {
    pub outbox_id: i64,
    pub recipient: String,
    pub subject: String,
    pub body: String,
}

#[derive(sqlx::FromRow)]
struct LockedDate {
    seats: Option<i32>,
    occurrence_status: String,
    series_status: String,
    visibility: String,
    privacy: String,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    title: String,
}

/// Reads the date a registration is for, and on PostgreSQL locks its row, so
/// that registrations for one date are decided one after the other.
fn lock_date_sql(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => {
            "select s.seats, o.status as occurrence_status, s.status as series_status, s.visibility,
                    s.privacy, o.starts_at, o.ends_at, s.title
             from occurrence o join event_series s on s.series_id = o.series_id
             where o.occurrence_id = $1"
        }
        Backend::Postgres => {
            "select s.seats, o.status as occurrence_status, s.status as series_status, s.visibility,
                    s.privacy, o.starts_at, o.ends_at, s.title
             from occurrence o join event_series s on s.series_id = o.series_id
             where o.occurrence_id = $1 for update of o"
        }
    }
}

pub(crate) const CONFIRMED_SQL: &str =
    "select count(*) from registration where occurrence_id = $1 and status = 'confirmed'";

/// Confirms the head of a date's waitlist for every free seat, in the order people
/// joined, and writes each of them a mail, in the open transaction.
macro_rules! promote_waitlist {
    ($tx:expr, $occurrence_id:expr, $seats:expr, $title:expr, $starts_at:expr, $ends_at:expr) => {{
        let confirmed: i64 = sqlx::query_scalar($crate::store::registrations::CONFIRMED_SQL)
            .bind($occurrence_id)
            .fetch_one(&mut *$tx)
            .await?;
        let waiting: Vec<(i64, String, String)> = sqlx::query_as(
            "select r.registration_id, a.email, a.language from registration r
             join account a on a.account_id = r.account_id
             where r.occurrence_id = $1 and r.status = 'waitlisted'
             order by r.queued_at, r.registration_id",
        )
        .bind($occurrence_id)
        .fetch_all(&mut *$tx)
        .await?;
        let promote =
            $crate::domain::registrations::moving_up($seats, confirmed, waiting.len() as i64) as usize;
        let at = $crate::store::instant($crate::store::now());
        for (registration_id, email, language) in waiting.into_iter().take(promote) {
            sqlx::query("update registration set status = 'confirmed', updated_at = $2 where registration_id = $1")
                .bind(registration_id)
                .bind(at)
                .execute(&mut *$tx)
                .await?;
            let locale = $crate::i18n::Locale::from_code(&language).unwrap_or_default();
            let (subject, body) =
                $crate::store::registrations::moved_up_mail(locale, $title, $starts_at, $ends_at);
            sqlx::query("insert into outbox (recipient, subject, body, created_at) values ($1, $2, $3, $4)")
                .bind(email)
                .bind(subject)
                .bind(body)
                .bind(at)
                .execute(&mut *$tx)
                .await?;
        }
    }};
}
pub(crate) use promote_waitlist;

impl Db {
    /// Registers an account for a date: confirmed while seats are free, otherwise
    /// on the waitlist. Registering twice keeps the first place.
    pub async fn register(&self, occurrence_id: i64, account_id: i64) -> StoreResult<Place> {
        let begin = self.begin_write_sql();
        on_db!(self, pool, backend => {
            let mut tx = pool.begin_with(begin).await?;
            let date: Option<LockedDate> = sqlx::query_as(lock_date_sql(backend))
                .bind(occurrence_id)
                .fetch_optional(&mut *tx)
                .await?;
            let Some(date) = date else {
                return Err(AppError::NotFound.into());
            };
            let facts = DateFacts {
                visibility: &date.visibility,
                counselling: date.privacy == "counselling",
                series_status: &date.series_status,
                occurrence_status: &date.occurrence_status,
                seats: date.seats,
                starts_at: date.starts_at,
            };
            let seats = registration_open(&facts, now())?;
            let existing: Option<String> = sqlx::query_scalar(
                "select status from registration where occurrence_id = $1 and account_id = $2",
            )
            .bind(occurrence_id)
            .bind(account_id)
            .fetch_optional(&mut *tx)
            .await?;
            if existing.as_deref().is_some_and(|s| s != "cancelled") {
                tx.commit().await?;
                return self.place(occurrence_id, account_id).await?.ok_or_else(|| AppError::Internal.into());
            }
            let confirmed: i64 = sqlx::query_scalar(CONFIRMED_SQL).bind(occurrence_id).fetch_one(&mut *tx).await?;
            let status = place_for_newcomer(seats, confirmed);
            let at = instant(now());
            sqlx::query(
                "insert into registration (occurrence_id, account_id, status, queued_at, updated_at)
                 values ($1, $2, $3, $4, $4)
                 on conflict (occurrence_id, account_id)
                 do update set status = excluded.status, queued_at = excluded.queued_at, updated_at = excluded.updated_at",
            )
            .bind(occurrence_id)
            .bind(account_id)
            .bind(status.code())
            .bind(at)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(self.place(occurrence_id, account_id).await?.unwrap_or(Place { status, position: 0 }))
        })
    }

    /// Cancels an account's registration. Freed seats go to the head of the
    /// waitlist, in order, and each person who moved up gets an e-mail, written
    /// to the outbox in the same transaction.
    pub async fn cancel_registration(
        &self,
        occurrence_id: i64,
        account_id: i64,
    ) -> StoreResult<()> {
        let begin = self.begin_write_sql();
        on_db!(self, pool, backend => {
            let mut tx = pool.begin_with(begin).await?;
            let date: Option<LockedDate> = sqlx::query_as(lock_date_sql(backend))
                .bind(occurrence_id)
                .fetch_optional(&mut *tx)
                .await?;
            let Some(date) = date else {
                return Err(AppError::NotFound.into());
            };
            let at = instant(now());
            let changed = sqlx::query(
                "update registration set status = 'cancelled', updated_at = $3
                 where occurrence_id = $1 and account_id = $2 and status <> 'cancelled'",
            )
            .bind(occurrence_id)
            .bind(account_id)
            .bind(at)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed == 0 {
                return Err(AppError::NotFound.into());
            }
            let still_open = date.occurrence_status == "scheduled" && date.series_status != "cancelled";
            let seats = if still_open { i64::from(date.seats.unwrap_or(0)) } else { 0 };
            promote_waitlist!(tx, occurrence_id, seats, &date.title, date.starts_at, date.ends_at);
            tx.commit().await?;
            Ok(())
        })
    }

    /// The account's place for a date, if it is registered.
    pub async fn place(&self, occurrence_id: i64, account_id: i64) -> StoreResult<Option<Place>> {
        on_db!(self, pool => {
            let row: Option<(String, i64)> = sqlx::query_as(
                "select r.status,
                        (select count(*) from registration w
                         where w.occurrence_id = r.occurrence_id and w.status = 'waitlisted'
                           and (w.queued_at < r.queued_at
                                or (w.queued_at = r.queued_at and w.registration_id <= r.registration_id)))
                 from registration r where r.occurrence_id = $1 and r.account_id = $2 and r.status <> 'cancelled'",
            )
            .bind(occurrence_id)
            .bind(account_id)
            .fetch_optional(pool)
            .await?;
            Ok(row.and_then(|(status, position)| {
                let status = RegistrationStatus::from_code(&status)?;
                Some(Place {
                    status,
                    position: if status == RegistrationStatus::Waitlisted { position } else { 0 },
                })
            }))
        })
    }

    /// (confirmed, waitlisted) counts of a date.
    pub async fn registration_counts(&self, occurrence_id: i64) -> StoreResult<(i64, i64)> {
        on_db!(self, pool => {
            Ok(sqlx::query_as(
                "select (select count(*) from registration where occurrence_id = $1 and status = 'confirmed'),
                        (select count(*) from registration where occurrence_id = $1 and status = 'waitlisted')",
            )
            .bind(occurrence_id)
            .fetch_one(pool)
            .await?)
        })
    }

    /// The dates an account is registered for (confirmed or waiting), for its private feed.
    pub async fn registered_rows(&self, account_id: i64) -> StoreResult<Vec<CalendarRow>> {
        on_db!(self, pool => {
            Ok(sqlx::query_as::<_, CalendarRow>(&format!(
                "{CALENDAR_SELECT} join registration m on m.occurrence_id = o.occurrence_id
                 where m.account_id = $1 and m.status <> 'cancelled'
                 order by o.starts_at, o.occurrence_id"
            ))
            .bind(account_id)
            .fetch_all(pool)
            .await?)
        })
    }

    /// Takes up to `limit` unsent mails for this server for a minute; another
    /// server skips them meanwhile, and takes them over if this one dies.
    pub async fn claim_mails(&self, limit: i64) -> StoreResult<Vec<OutboxMail>> {
        let at = now();
        let candidates: Vec<i64> = on_db!(self, pool => {
            sqlx::query_scalar(
                "select outbox_id from outbox where sent_at is null and attempts < 10
                   and (claimed_until is null or claimed_until < $1)
                 order by outbox_id limit $2",
            )
            .bind(instant(at))
            .bind(limit)
            .fetch_all(pool)
            .await?
        });
        let mut claimed = Vec::new();
        for outbox_id in candidates {
            let mail: Option<OutboxMail> = on_db!(self, pool => {
                sqlx::query_as(
                    "update outbox set claimed_until = $2, attempts = attempts + 1
                     where outbox_id = $1 and sent_at is null and (claimed_until is null or claimed_until < $3)
                     returning outbox_id, recipient, subject, body",
                )
                .bind(outbox_id)
                .bind(instant(at + Duration::seconds(60)))
                .bind(instant(at))
                .fetch_optional(pool)
                .await?
            });
            claimed.extend(mail);
        }
        Ok(claimed)
    }

    pub async fn mark_mail_sent(&self, outbox_id: i64) -> StoreResult<()> {
        on_db!(self, pool => {
            sqlx::query("update outbox set sent_at = $2, last_error = null where outbox_id = $1")
                .bind(outbox_id)
                .bind(instant(now()))
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    /// Records a failed attempt; the mail is tried again once its claim runs out.
    pub async fn mark_mail_failed(&self, outbox_id: i64, error: &str) -> StoreResult<()> {
        on_db!(self, pool => {
            sqlx::query("update outbox set last_error = $2 where outbox_id = $1")
                .bind(outbox_id)
                .bind(error)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    /// Mails not sent yet, oldest first (for tests and the admin view).
    pub async fn unsent_mails(&self) -> StoreResult<Vec<OutboxMail>> {
        on_db!(self, pool => {
            Ok(sqlx::query_as("select outbox_id, recipient, subject, body from outbox where sent_at is null order by outbox_id")
                .fetch_all(pool)
                .await?)
        })
    }

    /// Stores the hash of a new private feed token, replacing (and so revoking) the old one.
    pub async fn replace_feed_token(&self, account_id: i64, token_hash: &str) -> StoreResult<()> {
        on_db!(self, pool => {
            sqlx::query(
                "insert into feed_token (account_id, token_hash, created_at) values ($1, $2, $3)
                 on conflict (account_id) do update set token_hash = excluded.token_hash, created_at = excluded.created_at",
            )
            .bind(account_id)
            .bind(token_hash)
            .bind(instant(now()))
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    pub async fn revoke_feed_token(&self, account_id: i64) -> StoreResult<()> {
        on_db!(self, pool => {
            sqlx::query("delete from feed_token where account_id = $1")
                .bind(account_id)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    pub async fn has_feed_token(&self, account_id: i64) -> StoreResult<bool> {
        on_db!(self, pool => {
            let n: i64 = sqlx::query_scalar("select count(*) from feed_token where account_id = $1")
                .bind(account_id)
                .fetch_one(pool)
                .await?;
            Ok(n > 0)
        })
    }

    pub async fn account_by_feed_token(&self, token_hash: &str) -> StoreResult<Option<i64>> {
        on_db!(self, pool => {
            Ok(sqlx::query_scalar("select account_id from feed_token where token_hash = $1")
                .bind(token_hash)
                .fetch_optional(pool)
                .await?)
        })
    }
}

/// When a date takes place, as a mail writes it.
fn mail_when(locale: Locale, starts_at: DateTime<Utc>, ends_at: DateTime<Utc>) -> String {
    let start = utc_to_local(starts_at, HOUSE_ZONE);
    let end = utc_to_local(ends_at, HOUSE_ZONE);
    format!(
        "{}, {}",
        format_date(locale, start.date()),
        format_time_range(locale, start, end)
    )
}

/// The e-mail to a person who moved up from the waitlist.
pub fn moved_up_mail(
    locale: Locale,
    title: &str,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
) -> (String, String) {
    let when = mail_when(locale, starts_at, ends_at);
    let subject = format!("{}: {title}", Msg::MailMovedUpSubject.text(locale));
    let body = format!(
        "{}\n\n{title}\n{when}\n\n{}\n",
        Msg::MailMovedUpBody.text(locale),
        Msg::MailMovedUpCancelHint.text(locale)
    );
    (subject, body)
}

/// The mail to people registered for a date an organiser moved or cancelled.
pub fn date_changed_mail(
    locale: Locale,
    cancelled: bool,
    title: &str,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
) -> (String, String) {
    let when = mail_when(locale, starts_at, ends_at);
    let (subject, intro) = if cancelled {
        (Msg::MailDateCancelledSubject, Msg::MailDateCancelledBody)
    } else {
        (Msg::MailDateChangedSubject, Msg::MailDateChangedBody)
    };
    let subject = format!("{}: {title}", subject.text(locale));
    let body = format!(
        "{}\n\n{title}\n{when}\n\n{}\n",
        intro.text(locale),
        Msg::MailSignature.text(locale)
    );
    (subject, body)
}
