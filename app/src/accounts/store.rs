//! Accounts, roles, group membership, sessions and rate limits.
use crate::accounts::rules::{DisplayName, Email, Role};
use crate::args;
use crate::db::{Backend, Db, StoreResult, instant, now, unique_as};
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
        let mut tx = self.begin_write().await?;
        let account_id: i64 = tx
            .value(
                "insert into account (email, display_name, password_hash) values ($1, $2, $3) returning account_id",
                args![email.as_str(), name.as_str(), password_hash],
            )
            .await
            .map_err(|e| unique_as(e, Msg::EmailTaken))?;
        for role in roles {
            tx.execute(
                "insert into account_role (account_id, role) values ($1, $2)",
                args![account_id, role.as_str()],
            )
            .await?;
        }
        tx.commit().await?;
        Ok(account_id)
    }

    /// Adds a role (idempotent), e.g. when the admin command promotes an account.
    pub async fn grant_role(&self, account_id: i64, role: Role) -> StoreResult<()> {
        self.execute(
            "insert into account_role (account_id, role) values ($1, $2) on conflict do nothing",
            args![account_id, role.as_str()],
        )
        .await?;
        Ok(())
    }

    /// The group of series `series_id` as `account_id` stands to it; `None` when
    /// there is no such series.
    pub async fn series_group(
        &self,
        series_id: i64,
        account_id: i64,
    ) -> StoreResult<Option<SeriesGroup>> {
        self.optional(SERIES_GROUP_SQL, args![series_id, account_id])
            .await
    }

    /// The group of the series that date `occurrence_id` belongs to, as
    /// `account_id` stands to it; `None` when there is no such date.
    pub async fn date_series_group(
        &self,
        occurrence_id: i64,
        account_id: i64,
    ) -> StoreResult<Option<SeriesGroup>> {
        self.optional(DATE_GROUP_SQL, args![occurrence_id, account_id])
            .await
    }

    pub async fn account_id_by_email(&self, email: &Email) -> StoreResult<Option<i64>> {
        self.value_optional(
            "select account_id from account where email = $1",
            args![email.as_str()],
        )
        .await
    }

    pub async fn login_row(&self, email: &Email) -> StoreResult<Option<LoginRow>> {
        let row: Option<(i64, String)> = self
            .optional(
                "select account_id, password_hash from account where email = $1",
                args![email.as_str()],
            )
            .await?;
        Ok(row.map(|(account_id, password_hash)| LoginRow {
            account_id,
            password_hash,
        }))
    }

    pub async fn account(&self, account_id: i64) -> StoreResult<Option<AccountRow>> {
        let row: Option<(i64, String, String)> = self
            .optional(
                "select account_id, email, display_name from account where account_id = $1",
                args![account_id],
            )
            .await?;
        let Some((account_id, email, display_name)) = row else {
            return Ok(None);
        };
        let names: Vec<String> = self
            .column(
                "select role from account_role where account_id = $1 order by role",
                args![account_id],
            )
            .await?;
        let mut roles: Vec<Role> = names.iter().filter_map(|n| Role::parse(n)).collect();
        roles.sort();
        Ok(Some(AccountRow {
            account_id,
            email,
            display_name,
            roles,
        }))
    }

    pub async fn create_session(
        &self,
        account_id: i64,
        token_hash: &str,
        lifetime: Duration,
    ) -> StoreResult<()> {
        let created_at = now();
        self.execute(
            "insert into session (token_hash, account_id, created_at, expires_at) values ($1, $2, $3, $4)",
            args![token_hash, account_id, created_at, created_at + lifetime],
        )
        .await?;
        Ok(())
    }

    /// The account behind an unexpired session, with its roles, in one query:
    /// every signed-in page asks, so it is one round trip, not three.
    pub async fn session_account(&self, token_hash: &str) -> StoreResult<Option<AccountRow>> {
        let rows: Vec<(i64, String, String, Option<String>)> = self
            .all(
                "select a.account_id, a.email, a.display_name, r.role
                 from session s
                 join account a on a.account_id = s.account_id
                 left join account_role r on r.account_id = a.account_id
                 where s.token_hash = $1 and s.expires_at > $2",
                args![token_hash, now()],
            )
            .await?;
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
        self.execute(
            "update account set language = $1
             where account_id = (select account_id from session where token_hash = $2 and expires_at > $3)",
            args![code, token_hash, now()],
        )
        .await?;
        Ok(())
    }

    /// Sets an account's language, for the mails it gets.
    pub async fn set_account_language(&self, account_id: i64, code: &str) -> StoreResult<()> {
        self.execute(
            "update account set language = $1 where account_id = $2",
            args![code, account_id],
        )
        .await?;
        Ok(())
    }

    pub async fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
        self.execute(
            "delete from session where token_hash = $1 or expires_at <= $2",
            args![token_hash, now()],
        )
        .await?;
        Ok(())
    }

    /// Forgets sessions that have expired; called whenever a session starts, so the
    /// table holds no personal data longer than the sessions live.
    pub async fn purge_expired_sessions(&self) -> StoreResult<u64> {
        self.execute("delete from session where expires_at <= $1", args![now()])
            .await
    }

    /// How many times `bucket` was hit since `since`.
    pub async fn rate_limit_hits(&self, bucket: &str, since: DateTime<Utc>) -> StoreResult<i64> {
        self.value(
            "select count(*) from rate_limit_hit where bucket = $1 and created_at > $2",
            args![bucket, instant(since)],
        )
        .await
    }

    pub async fn clear_rate_limit(&self, bucket: &str) -> StoreResult<()> {
        self.execute(
            "delete from rate_limit_hit where bucket = $1",
            args![bucket],
        )
        .await?;
        Ok(())
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
        let mut tx = self.begin_write().await?;
        let mut counted = Vec::with_capacity(windows.len());
        for window in windows {
            if tx.backend() == Backend::Postgres {
                tx.execute(
                    "select pg_advisory_xact_lock(hashtext($1))",
                    args![window.bucket],
                )
                .await?;
            }
            let (count, first, latest): (i64, Option<DateTime<Utc>>, Option<DateTime<Utc>>) = tx
                .one(
                    "select count(*), min(created_at), max(created_at) from rate_limit_hit
                     where bucket = $1 and created_at > $2",
                    args![window.bucket, instant(window.since)],
                )
                .await?;
            counted.push(RecentHits {
                count,
                first,
                latest,
            });
        }
        if let Some(wait) = refuse(&counted) {
            return Ok(Some(wait));
        }
        for window in windows {
            tx.execute(
                "insert into rate_limit_hit (bucket, created_at) values ($1, $2)",
                args![window.bucket, at],
            )
            .await?;
        }
        tx.execute(
            "delete from rate_limit_hit where created_at < $1",
            args![at - Duration::days(1)],
        )
        .await?;
        tx.commit().await?;
        Ok(None)
    }

    /// Forgets the latest hit of `bucket`: an attempt that turned out to be no
    /// failure (a successful login) does not count against its client.
    pub async fn forget_latest_hit(&self, bucket: &str) -> StoreResult<()> {
        let row = match self.backend() {
            Backend::Sqlite => "rowid",
            Backend::Postgres => "ctid",
        };
        let sql = format!(
            "delete from rate_limit_hit where {row} in
             (select {row} from rate_limit_hit where bucket = $1 order by created_at desc limit 1)"
        );
        self.execute(&sql, args![bucket]).await?;
        Ok(())
    }

    /// Records one hit and forgets hits older than a day.
    pub async fn record_rate_limit_hit(&self, bucket: &str) -> StoreResult<()> {
        let at = now();
        self.execute(
            "insert into rate_limit_hit (bucket, created_at) values ($1, $2)",
            args![bucket, at],
        )
        .await?;
        self.execute(
            "delete from rate_limit_hit where created_at < $1",
            args![at - Duration::days(1)],
        )
        .await?;
        Ok(())
    }
}
