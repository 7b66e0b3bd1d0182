//! Reading and deleting one account's personal data.
use super::own_data::{MailData, PersonalData, RegistrationData, SessionData};
use crate::accounts::rules::{DisplayName, Email};
use crate::args;
use crate::db::{Db, StoreResult, instant, now, unique_as};
use crate::i18n::Msg;
use crate::kernel::error::AppError;
use chrono::{DateTime, Utc};

impl Db {
    /// Everything stored about an account, for its owner.
    pub async fn personal_data(&self, account_id: i64) -> StoreResult<PersonalData> {
        let mut tx = self.begin_read().await?;
        let (email, display_name, language, created_at): (String, String, String, DateTime<Utc>) =
            tx.optional(
                "select email, display_name, language, created_at from account where account_id = $1",
                args![account_id],
            )
            .await?
            .ok_or(AppError::NotFound)?;
        let roles = tx
            .column(
                "select role from account_role where account_id = $1 order by role",
                args![account_id],
            )
            .await?;
        let groups = tx
            .column(
                "select g.name from group_member m join community_group g on g.group_id = m.group_id
                 where m.account_id = $1 order by g.name",
                args![account_id],
            )
            .await?;
        let registrations: Vec<RegistrationData> = tx
            .all(
                "select s.title, o.starts_at, o.ends_at, r.status, r.queued_at as registered_at
                 from registration r
                 join occurrence o on o.occurrence_id = r.occurrence_id
                 join event_series s on s.series_id = o.series_id
                 where r.account_id = $1 order by o.starts_at, r.registration_id",
                args![account_id],
            )
            .await?;
        let private_feed_since = tx
            .value_optional(
                "select created_at from feed_token where account_id = $1",
                args![account_id],
            )
            .await?;
        let sessions: Vec<SessionData> = tx
            .all(
                "select created_at, expires_at from session where account_id = $1 order by created_at",
                args![account_id],
            )
            .await?;
        let mails: Vec<MailData> = tx
            .all(
                "select subject, created_at, sent_at from outbox where recipient = $1 order by outbox_id",
                args![&email],
            )
            .await?;
        let offers = tx
            .all(
                "select offer_id, title, description, status, contact, created_at, updated_at
                 from offer where account_id = $1 order by offer_id",
                args![account_id],
            )
            .await?;
        let offer_messages = tx
            .all(
                "select offer_id, body, created_at from offer_message
                 where account_id = $1 order by message_id",
                args![account_id],
            )
            .await?;
        let room_requests = tx
            .all(
                "select r.request_id, m.name as room, r.starts_at, r.ends_at, r.purpose, r.guests,
                    r.contact, r.status, r.created_at
                 from room_request r join room m on m.room_id = r.room_id
                 where r.account_id = $1 order by r.request_id",
                args![account_id],
            )
            .await?;
        let room_request_messages = tx
            .all(
                "select request_id, body, created_at from room_request_message
                 where account_id = $1 order by message_id",
                args![account_id],
            )
            .await?;
        Ok(PersonalData {
            room_requests,
            room_request_messages,
            offers,
            offer_messages,
            email,
            display_name,
            language,
            created_at: Some(created_at),
            roles,
            groups,
            registrations,
            private_feed_since,
            sessions,
            mails,
        })
    }

    /// Changes the name others see and the e-mail address; an address another
    /// account uses is a conflict.
    pub async fn update_profile(
        &self,
        account_id: i64,
        name: &DisplayName,
        email: &Email,
    ) -> StoreResult<()> {
        let changed = self
            .execute(
                "update account set display_name = $2, email = $3, updated_at = $4 where account_id = $1",
                args![account_id, name.as_str(), email.as_str(), instant(now())],
            )
            .await
            .map_err(|e| unique_as(e, Msg::EmailTaken))?;
        if changed == 0 {
            return Err(AppError::NotFound.into());
        }
        Ok(())
    }

    /// Stores a new password hash and ends every other session of the account,
    /// so a device someone else may hold is signed out.
    pub async fn change_password(
        &self,
        account_id: i64,
        password_hash: &str,
        keep_session_hash: &str,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        tx.execute(
            "update account set password_hash = $2, updated_at = $3 where account_id = $1",
            args![account_id, password_hash, instant(now())],
        )
        .await?;
        tx.execute(
            "delete from session where account_id = $1 and token_hash <> $2",
            args![account_id, keep_session_hash],
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Deletes an account in one transaction: its registrations for dates not
    /// yet begun are cancelled first, so their waitlists move up (with mails);
    /// the outbox forgets every mail to its address; the rest goes with the account row
    /// (roles, groups, sessions, feed token, registrations), and audit lines
    /// keep what was done without naming who.
    pub async fn delete_account(&self, account_id: i64) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let email: String = tx
            .value_optional(
                "select email from account where account_id = $1",
                args![account_id],
            )
            .await?
            .ok_or(AppError::NotFound)?;
        // The house keeps someone who can run it. On PostgreSQL the admins' rows
        // are locked, so two admins leaving at once are counted one after the other.
        if tx.backend() == crate::db::Backend::Postgres {
            tx.execute(
                "select account_id from account_role where role = 'admin' for update",
                args![],
            )
            .await?;
        }
        let (admin, other_admins): (i64, i64) = tx
            .one(
                "select
                    (select count(*) from account_role where role = 'admin' and account_id = $1),
                    (select count(*) from account_role where role = 'admin' and account_id <> $1)",
                args![account_id],
            )
            .await?;
        if admin > 0 && other_admins == 0 {
            return Err(AppError::Conflict(Msg::LastAdminStays).into());
        }
        // In date order, as every registration locks its date: no deadlock.
        let coming: Vec<i64> = tx
            .column(
                "select r.occurrence_id from registration r
                 join occurrence o on o.occurrence_id = r.occurrence_id
                 where r.account_id = $1 and r.status <> 'cancelled' and o.starts_at > $2
                 order by r.occurrence_id",
                args![account_id, instant(now())],
            )
            .await?;
        for occurrence_id in coming {
            tx.cancel_registration(occurrence_id, account_id).await?;
        }
        tx.execute("delete from outbox where recipient = $1", args![&email])
            .await?;
        // The offers stay with the house, anonymised: the account's row goes,
        // and with it the link (`on delete set null`); the contact is theirs.
        tx.execute(
            "update offer set contact = '' where account_id = $1",
            args![account_id],
        )
        .await?;
        // A waiting room request has nobody to answer any more; the contact
        // given with any request (and copied to its private date) is theirs.
        tx.execute(
            "update event_series set contact = '' where series_id in
                 (select series_id from room_request where account_id = $1)",
            args![account_id],
        )
        .await?;
        tx.execute(
            "update room_request set contact = '',
                 status = case when status = 'pending' then 'withdrawn' else status end
             where account_id = $1",
            args![account_id],
        )
        .await?;
        tx.execute(
            "delete from account where account_id = $1",
            args![account_id],
        )
        .await?;
        tx.audit(None, "account.deleted", &format!("account:{account_id}"))
            .await?;
        tx.commit().await?;
        Ok(())
    }
}
