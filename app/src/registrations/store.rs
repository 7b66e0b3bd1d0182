//! Registrations for dates with limited seats, and private feed tokens.
use crate::args;
use crate::calendar::rules::Visibility;
use crate::calendar::status::{DateStatus, SeriesStatus};
use crate::calendar::store::{CALENDAR_SELECT, CalendarRow};
use crate::db::{Backend, Db, StoreResult, Tx, instant, now};
use crate::i18n::{Locale, Msg, format_date, format_time_range};
use crate::kernel::error::AppError;
use crate::kernel::time::{HOUSE_ZONE, utc_to_local};
use crate::registrations::rules::{
    DateFacts, RegistrationStatus, moving_up, place_for_newcomer, registration_open,
};
use chrono::{DateTime, Utc};

/// A person's place for one date: confirmed, or waiting at this position (1 = next).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    pub status: RegistrationStatus,
    pub position: i64,
}

#[derive(sqlx::FromRow)]
struct LockedDate {
    seats: Option<i32>,
    #[sqlx(try_from = "String")]
    occurrence_status: DateStatus,
    #[sqlx(try_from = "String")]
    series_status: SeriesStatus,
    #[sqlx(try_from = "String")]
    visibility: Visibility,
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

const CONFIRMED_SQL: &str =
    "select count(*) from registration where occurrence_id = $1 and status = 'confirmed'";

/// The date a registration is about, as it is judged.
pub(crate) struct DateForMail<'a> {
    pub title: &'a str,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

impl Tx {
    async fn lock_date(&mut self, occurrence_id: i64) -> StoreResult<LockedDate> {
        let sql = lock_date_sql(self.backend());
        self.optional(sql, args![occurrence_id])
            .await?
            .ok_or_else(|| AppError::NotFound.into())
    }

    /// Cancels a registration in this transaction and gives freed seats to the
    /// waitlist (see [`Db::cancel_registration`]); also a step of deleting an account.
    pub(crate) async fn cancel_registration(
        &mut self,
        occurrence_id: i64,
        account_id: i64,
    ) -> StoreResult<()> {
        let date = self.lock_date(occurrence_id).await?;
        let changed = self
            .execute(
                "update registration set status = 'cancelled', updated_at = $3
                 where occurrence_id = $1 and account_id = $2 and status <> 'cancelled'",
                args![occurrence_id, account_id, instant(now())],
            )
            .await?;
        if changed == 0 {
            return Err(AppError::NotFound.into());
        }
        let still_open = date.occurrence_status == DateStatus::Scheduled
            && date.series_status != SeriesStatus::Cancelled;
        let seats = if still_open {
            i64::from(date.seats.unwrap_or(0))
        } else {
            0
        };
        let mail = DateForMail {
            title: &date.title,
            starts_at: date.starts_at,
            ends_at: date.ends_at,
        };
        self.promote_waitlist(occurrence_id, seats, mail).await
    }

    /// Confirms the head of a date's waitlist for every free seat, in the order
    /// people joined, and writes each of them a mail, in this transaction.
    pub(crate) async fn promote_waitlist(
        &mut self,
        occurrence_id: i64,
        seats: i64,
        date: DateForMail<'_>,
    ) -> StoreResult<()> {
        let confirmed: i64 = self.value(CONFIRMED_SQL, args![occurrence_id]).await?;
        let waiting: Vec<(i64, String, String)> = self
            .all(
                "select r.registration_id, a.email, a.language from registration r
                 join account a on a.account_id = r.account_id
                 where r.occurrence_id = $1 and r.status = 'waitlisted'
                 order by r.queued_at, r.registration_id",
                args![occurrence_id],
            )
            .await?;
        let promote = moving_up(seats, confirmed, waiting.len() as i64) as usize;
        let at = instant(now());
        for (registration_id, email, language) in waiting.into_iter().take(promote) {
            self.execute(
                "update registration set status = 'confirmed', updated_at = $2 where registration_id = $1",
                args![registration_id, at],
            )
            .await?;
            let locale = Locale::from_code(&language).unwrap_or_default();
            let (subject, body) = moved_up_mail(locale, date.title, date.starts_at, date.ends_at);
            self.queue_mail(&email, locale, &subject, &body).await?;
        }
        Ok(())
    }
}

impl Db {
    /// Registers an account for a date: confirmed while seats are free, otherwise
    /// on the waitlist. Registering twice keeps the first place.
    pub async fn register(&self, occurrence_id: i64, account_id: i64) -> StoreResult<Place> {
        let mut tx = self.begin_write().await?;
        let date = tx.lock_date(occurrence_id).await?;
        let facts = DateFacts {
            visibility: date.visibility,
            counselling: date.privacy == "counselling",
            series_status: date.series_status,
            occurrence_status: date.occurrence_status,
            seats: date.seats,
            starts_at: date.starts_at,
        };
        let seats = registration_open(&facts, now())?;
        let existing: Option<String> = tx
            .value_optional(
                "select status from registration where occurrence_id = $1 and account_id = $2",
                args![occurrence_id, account_id],
            )
            .await?;
        let existing = existing.as_deref().and_then(RegistrationStatus::from_code);
        if existing.is_some_and(|s| s != RegistrationStatus::Cancelled) {
            tx.commit().await?;
            return self
                .place(occurrence_id, account_id)
                .await?
                .ok_or_else(|| AppError::Internal.into());
        }
        let confirmed: i64 = tx.value(CONFIRMED_SQL, args![occurrence_id]).await?;
        let status = place_for_newcomer(seats, confirmed);
        let at = instant(now());
        tx.execute(
            "insert into registration (occurrence_id, account_id, status, queued_at, updated_at)
             values ($1, $2, $3, $4, $4)
             on conflict (occurrence_id, account_id)
             do update set status = excluded.status, queued_at = excluded.queued_at, updated_at = excluded.updated_at",
            args![occurrence_id, account_id, status.code(), at],
        )
        .await?;
        tx.commit().await?;
        Ok(self
            .place(occurrence_id, account_id)
            .await?
            .unwrap_or(Place {
                status,
                position: 0,
            }))
    }

    /// Cancels an account's registration. Freed seats go to the head of the
    /// waitlist, in order, and each person who moved up gets an e-mail, written
    /// to the outbox in the same transaction.
    pub async fn cancel_registration(
        &self,
        occurrence_id: i64,
        account_id: i64,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        tx.cancel_registration(occurrence_id, account_id).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The account's place for a date, if it is registered.
    pub async fn place(&self, occurrence_id: i64, account_id: i64) -> StoreResult<Option<Place>> {
        let row: Option<(String, i64)> = self
            .optional(
                "select r.status,
                        (select count(*) from registration w
                         where w.occurrence_id = r.occurrence_id and w.status = 'waitlisted'
                           and (w.queued_at < r.queued_at
                                or (w.queued_at = r.queued_at and w.registration_id <= r.registration_id)))
                 from registration r where r.occurrence_id = $1 and r.account_id = $2 and r.status <> 'cancelled'",
                args![occurrence_id, account_id],
            )
            .await?;
        Ok(row.and_then(|(status, position)| {
            let status = RegistrationStatus::from_code(&status)?;
            Some(Place {
                status,
                position: if status == RegistrationStatus::Waitlisted {
                    position
                } else {
                    0
                },
            })
        }))
    }

    /// (confirmed, waitlisted) counts of a date.
    pub async fn registration_counts(&self, occurrence_id: i64) -> StoreResult<(i64, i64)> {
        self.one(
            "select (select count(*) from registration where occurrence_id = $1 and status = 'confirmed'),
                    (select count(*) from registration where occurrence_id = $1 and status = 'waitlisted')",
            args![occurrence_id],
        )
        .await
    }

    /// The dates an account is registered for (confirmed or waiting), for its private feed.
    pub async fn registered_rows(&self, account_id: i64) -> StoreResult<Vec<CalendarRow>> {
        let sql = format!(
            "{CALENDAR_SELECT} join registration m on m.occurrence_id = o.occurrence_id
             where m.account_id = $1 and m.status <> 'cancelled'
             order by o.starts_at, o.occurrence_id"
        );
        self.all(&sql, args![account_id]).await
    }

    /// Stores the hash of a new private feed token, replacing (and so revoking) the old one.
    pub async fn replace_feed_token(&self, account_id: i64, token_hash: &str) -> StoreResult<()> {
        self.execute(
            "insert into feed_token (account_id, token_hash, created_at) values ($1, $2, $3)
             on conflict (account_id) do update set token_hash = excluded.token_hash, created_at = excluded.created_at",
            args![account_id, token_hash, instant(now())],
        )
        .await?;
        Ok(())
    }

    pub async fn revoke_feed_token(&self, account_id: i64) -> StoreResult<()> {
        self.execute(
            "delete from feed_token where account_id = $1",
            args![account_id],
        )
        .await?;
        Ok(())
    }

    pub async fn has_feed_token(&self, account_id: i64) -> StoreResult<bool> {
        let n: i64 = self
            .value(
                "select count(*) from feed_token where account_id = $1",
                args![account_id],
            )
            .await?;
        Ok(n > 0)
    }

    pub async fn account_by_feed_token(&self, token_hash: &str) -> StoreResult<Option<i64>> {
        self.value_optional(
            "select account_id from feed_token where token_hash = $1",
            args![token_hash],
        )
        .await
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
