//! Accounts, roles, group membership, sessions and rate limits.
use super::{Backend, Db, StoreResult, instant, now, on_db, unique_as};
use crate::domain::accounts::{DisplayName, Email, Role};
use crate::i18n::Msg;
use chrono::{DateTime, Duration, Utc};

/// The signed-in person as every page and server function sees them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountRow {
    pub account_id: i64,
    pub email: String,
    pub display_name: String,
    pub roles: Vec<Role>,
}

pub struct LoginRow {
    pub account_id: i64,
    pub password_hash: String,
}

/// The group a series belongs to (`None`: the house's own) and whether the
/// asking account is one of the group's members; what `permissions::can_change_series` needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct SeriesGroup {
    pub group_id: Option<i64>,
    pub member: bool,
}

/// The hits a bucket had within a window: how many, the oldest and the latest.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RecentHits {
    pub count: i64,
    pub first: Option<DateTime<Utc>>,
    pub latest: Option<DateTime<Utc>>,
}

/// One bucket to count, with the start of its window.
pub struct Window<'a> {
    pub bucket: &'a str,
    pub since: DateTime<Utc>,
}

const SERIES_GROUP_SQL: &str = "select s.group_id,
        exists (select 1 from group_member m where m.group_id = s.group_id and m.account_id = $2) as member
     from event_series s where s.series_id = $1";
const DATE_GROUP_SQL: &str = "select s.group_id,
        exists (select 1 from group_member m where m.group_id = s.group_id and m.account_id = $2) as member
     from occurrence o join event_series s on s.series_id = o.series_id where o.occurrence_id = $1";

impl Db {
    /// Creates an account with the given roles; an e-mail already in use is a conflict.
    pub async fn create_account(
        &self,
        email: &Email,
        name: &DisplayName,
        password_hash: &str,
        roles: &[Role],
    ) -> StoreResult<i64> {
        on_db!(self, pool => {
            let mut tx = pool.begin().await?;
            let account_id: i64 = sqlx::query_scalar(
                "insert into account (email, display_name, password_hash) values ($1, $2, $3) returning account_id",
            )
            .bind(email.as_str())
            .bind(name.as_str())
            .bind(password_hash)
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| unique_as(e, Msg::EmailTaken))?;
            for role in roles {
                sqlx::query("insert into account_role (account_id, role) values ($1, $2)")
                    .bind(account_id)
                    .bind(role.as_str())
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
            Ok(account_id)
        })
    }

    /// Adds a role (idempotent), e.g. when the admin command promotes an account.
    pub async fn grant_role(&self, account_id: i64, role: Role) -> StoreResult<()> {
        on_db!(self, pool => {
            sqlx::query("insert into account_role (account_id, role) values ($1, $2) on conflict do nothing")
                .bind(account_id)
                .bind(role.as_str())
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    /// The group of series `series_id` as `account_id` stands to it; `None` when
    /// there is no such series.
    pub async fn series_group(
        &self,
        series_id: i64,
        account_id: i64,
    ) -> StoreResult<Option<SeriesGroup>> {
        on_db!(self, pool => {
            Ok(sqlx::query_as(SERIES_GROUP_SQL).bind(series_id).bind(account_id).fetch_optional(pool).await?)
        })
    }

    /// The group of the series that date `occurrence_id` belongs to, as
    /// `account_id` stands to it; `None` when there is no such date.
    pub async fn date_series_group(
        &self,
        occurrence_id: i64,
        account_id: i64,
    ) -> StoreResult<Option<SeriesGroup>> {
        on_db!(self, pool => {
            Ok(sqlx::query_as(DATE_GROUP_SQL).bind(occurrence_id).bind(account_id).fetch_optional(pool).await?)
        })
    }

    pub async fn account_id_by_email(&self, email: &Email) -> StoreResult<Option<i64>> {
        on_db!(self, pool => {
            Ok(sqlx::query_scalar("select account_id from account where email = $1")
                .bind(email.as_str())
                .fetch_optional(pool)
                .await?)
        })
    }

    pub async fn login_row(&self, email: &Email) -> StoreResult<Option<LoginRow>> {
        on_db!(self, pool => {
            let row: Option<(i64, String)> =
                sqlx::query_as("select account_id, password_hash from account where email = $1")
                    .bind(email.as_str())
                    .fetch_optional(pool)
                    .await?;
            Ok(row.map(|(account_id, password_hash)| LoginRow { account_id, password_hash }))
        })
    }

    pub async fn account(&self, account_id: i64) -> StoreResult<Option<AccountRow>> {
        on_db!(self, pool => {
            let row: Option<(i64, String, String)> =
                sqlx::query_as("select account_id, email, display_name from account where account_id = $1")
                    .bind(account_id)
                    .fetch_optional(pool)
                    .await?;
            let Some((account_id, email, display_name)) = row else { return Ok(None) };
            let names: Vec<String> =
                sqlx::query_scalar("select role from account_role where account_id = $1 order by role")
                    .bind(account_id)
                    .fetch_all(pool)
                    .await?;
            let mut roles: Vec<Role> = names.iter().filter_map(|n| Role::parse(n)).collect();
            roles.sort();
            Ok(Some(AccountRow { account_id, email, display_name, roles }))
        })
    }

    pub async fn create_session(
        &self,
        account_id: i64,
        token_hash: &str,
        lifetime: Duration,
    ) -> StoreResult<()> {
        let created_at = now();
        on_db!(self, pool => {
            sqlx::query("insert into session (token_hash, account_id, created_at, expires_at) values ($1, $2, $3, $4)")
                .bind(token_hash)
                .bind(account_id)
                .bind(created_at)
                .bind(created_at + lifetime)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    /// The account behind an unexpired session, with its roles, in one query:
    /// every signed-in page asks, so it is one round trip, not three.
    pub async fn session_account(&self, token_hash: &str) -> StoreResult<Option<AccountRow>> {
        let rows: Vec<(i64, String, String, Option<String>)> = on_db!(self, pool => {
            sqlx::query_as(
                "select a.account_id, a.email, a.display_name, r.role
                 from session s
                 join account a on a.account_id = s.account_id
                 left join account_role r on r.account_id = a.account_id
                 where s.token_hash = $1 and s.expires_at > $2",
            )
            .bind(token_hash)
            .bind(now())
            .fetch_all(pool)
            .await?
        });
        let Some((account_id, email, display_name, _)) = rows.first().cloned() else {
            return Ok(None);
        };
        let mut roles: Vec<Role> = rows
            .iter()
            .filter_map(|(_, _, _, role)| role.as_deref().and_then(Role::parse))
            .collect();
        roles.sort();
        Ok(Some(AccountRow {
            account_id,
            email,
            display_name,
            roles,
        }))
    }

    /// Remembers the language a session's account chose, for the mails it gets.
    pub async fn set_session_language(&self, token_hash: &str, code: &str) -> StoreResult<()> {
        on_db!(self, pool => {
            sqlx::query(
                "update account set language = $1
                 where account_id = (select account_id from session where token_hash = $2 and expires_at > $3)",
            )
            .bind(code)
            .bind(token_hash)
            .bind(now())
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    /// Sets an account's language, for the mails it gets.
    pub async fn set_account_language(&self, account_id: i64, code: &str) -> StoreResult<()> {
        on_db!(self, pool => {
            sqlx::query("update account set language = $1 where account_id = $2")
                .bind(code)
                .bind(account_id)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    pub async fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
        on_db!(self, pool => {
            sqlx::query("delete from session where token_hash = $1 or expires_at <= $2")
                .bind(token_hash)
                .bind(now())
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    /// Forgets sessions that have expired; called whenever a session starts, so the
    /// table holds no personal data longer than the sessions live.
    pub async fn purge_expired_sessions(&self) -> StoreResult<u64> {
        on_db!(self, pool => {
            let done = sqlx::query("delete from session where expires_at <= $1").bind(now()).execute(pool).await?;
            Ok(done.rows_affected())
        })
    }

    /// How many times `bucket` was hit since `since`.
    pub async fn rate_limit_hits(&self, bucket: &str, since: DateTime<Utc>) -> StoreResult<i64> {
        on_db!(self, pool => {
            Ok(sqlx::query_scalar("select count(*) from rate_limit_hit where bucket = $1 and created_at > $2")
                .bind(bucket)
                .bind(instant(since))
                .fetch_one(pool)
                .await?)
        })
    }

    pub async fn clear_rate_limit(&self, bucket: &str) -> StoreResult<()> {
        on_db!(self, pool => {
            sqlx::query("delete from rate_limit_hit where bucket = $1").bind(bucket).execute(pool).await?;
            Ok(())
        })
    }

    /// Counts each window's hits and, unless `refuse` says how long to wait
    /// instead, records one hit in every bucket. Counting and recording happen in
    /// one write transaction (on PostgreSQL under a lock per bucket), so parallel
    /// requests are judged one after another: a burst cannot slip under a limit.
    /// A refused request records nothing, so waiting out a delay is enough.
    pub async fn record_hits_unless(
        &self,
        windows: &[Window<'_>],
        refuse: impl FnOnce(&[RecentHits]) -> Option<Duration>,
    ) -> StoreResult<Option<Duration>> {
        let at = now();
        let begin = self.begin_write_sql();
        on_db!(self, pool, backend => {
            let mut tx = pool.begin_with(begin).await?;
            let mut counted = Vec::with_capacity(windows.len());
            for window in windows {
                if backend == Backend::Postgres {
                    sqlx::query("select pg_advisory_xact_lock(hashtext($1))")
                        .bind(window.bucket)
                        .execute(&mut *tx)
                        .await?;
                }
                let (count, first, latest): (i64, Option<DateTime<Utc>>, Option<DateTime<Utc>>) = sqlx::query_as(
                    "select count(*), min(created_at), max(created_at) from rate_limit_hit where bucket = $1 and created_at > $2",
                )
                .bind(window.bucket)
                .bind(instant(window.since))
                .fetch_one(&mut *tx)
                .await?;
                counted.push(RecentHits { count, first, latest });
            }
            if let Some(wait) = refuse(&counted) {
                return Ok(Some(wait));
            }
            for window in windows {
                sqlx::query("insert into rate_limit_hit (bucket, created_at) values ($1, $2)")
                    .bind(window.bucket)
                    .bind(at)
                    .execute(&mut *tx)
                    .await?;
            }
            sqlx::query("delete from rate_limit_hit where created_at < $1")
                .bind(at - Duration::days(1))
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(None)
        })
    }

    /// Forgets the latest hit of `bucket`: an attempt that turned out to be no
    /// failure (a successful login) does not count against its client.
    pub async fn forget_latest_hit(&self, bucket: &str) -> StoreResult<()> {
        on_db!(self, pool, backend => {
            let row = match backend {
                Backend::Sqlite => "rowid",
                Backend::Postgres => "ctid",
            };
            sqlx::query(&format!(
                "delete from rate_limit_hit where {row} in
                 (select {row} from rate_limit_hit where bucket = $1 order by created_at desc limit 1)"
            ))
            .bind(bucket)
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    /// Records one hit and forgets hits older than a day.
    pub async fn record_rate_limit_hit(&self, bucket: &str) -> StoreResult<()> {
        let at = now();
        on_db!(self, pool => {
            sqlx::query("insert into rate_limit_hit (bucket, created_at) values ($1, $2)")
                .bind(bucket)
                .bind(at)
                .execute(pool)
                .await?;
            sqlx::query("delete from rate_limit_hit where created_at < $1")
                .bind(at - Duration::days(1))
                .execute(pool)
                .await?;
            Ok(())
        })
    }
}
