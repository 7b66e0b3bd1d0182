//! Storage over SQLite (the embedded default) or PostgreSQL, chosen by the URL.
//!
//! Every query is written once with `$1` placeholders, which both backends accept,
//! and compiled once per backend by [`on_db!`]; see `docs/architecture.md`.
use crate::error::AppError;
use crate::i18n::Msg;
use chrono::{DateTime, SubsecRound, Utc};
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use std::str::FromStr;
use std::time::Duration;

pub mod accounts;
pub mod calendar;
pub mod demo;
pub mod registrations;
pub mod series_edit;
pub mod testing;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Runs one body against whichever pool `db` holds. `$backend` names the
/// [`Backend`] for the rare statement whose syntax differs.
macro_rules! on_db {
    ($db:expr, $pool:ident, $backend:ident => $body:expr) => {
        match $db {
            $crate::store::Db::Sqlite($pool) => {
                #[allow(unused_variables)]
                let $backend = $crate::store::Backend::Sqlite;
                $body
            }
            $crate::store::Db::Postgres($pool) => {
                #[allow(unused_variables)]
                let $backend = $crate::store::Backend::Postgres;
                $body
            }
        }
    };
    ($db:expr, $pool:ident => $body:expr) => {
        on_db!($db, $pool, _backend => $body)
    };
}
pub(crate) use on_db;

/// A storage failure: either a rule the caller can act on, or an internal one.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    App(#[from] AppError),
    #[error(transparent)]
    Sqlx(#[from] sqlx::Error),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("{0}")]
    Setup(String),
}

impl From<StoreError> for AppError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::App(app) => app,
            other => {
                tracing::error!(error = %other, "storage failed");
                AppError::Internal
            }
        }
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

/// Maps a unique violation to a translated conflict; other errors pass through.
pub(crate) fn unique_as(err: sqlx::Error, msg: Msg) -> StoreError {
    match &err {
        sqlx::Error::Database(db) if db.is_unique_violation() => AppError::Conflict(msg).into(),
        _ => err.into(),
    }
}

/// Instants are written with whole seconds, so SQLite's text form sorts like time.
pub fn instant(t: DateTime<Utc>) -> DateTime<Utc> {
    t.trunc_subsecs(0)
}

/// The one clock's current instant (see `kernel::clock`).
pub fn now() -> DateTime<Utc> {
    crate::kernel::clock::now()
}

impl Db {
    /// Opens (and on SQLite creates) the database and applies pending migrations.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let db = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect(url)
                .await?;
            Db::Postgres(pool)
        } else if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10));
            let pool = SqlitePoolOptions::new()
                .max_connections(8)
                .connect_with(options)
                .await?;
            Db::Sqlite(pool)
        } else {
            return Err(StoreError::Setup(format!(
                "DATABASE_URL must start with sqlite: or postgres://, not {:?}",
                url.split(':').next().unwrap_or_default()
            )));
        };
        db.migrate().await?;
        Ok(db)
    }

    pub fn backend(&self) -> Backend {
        on_db!(self, _pool, backend => backend)
    }

    async fn migrate(&self) -> StoreResult<()> {
        match self {
            Db::Sqlite(pool) => sqlx::migrate!("./migrations/sqlite").run(pool).await?,
            Db::Postgres(pool) => sqlx::migrate!("./migrations/postgres").run(pool).await?,
        }
        Ok(())
    }

    /// The statement that opens a writing transaction. SQLite must take its write
    /// lock up front, or a read-then-write transaction can fail under contention.
    pub(crate) fn begin_write_sql(&self) -> &'static str {
        match self.backend() {
            Backend::Sqlite => "BEGIN IMMEDIATE",
            Backend::Postgres => "BEGIN",
        }
    }

    pub async fn close(&self) {
        on_db!(self, pool => pool.close().await)
    }
}

impl Db {
    /// A round trip to the database, for the health check.
    pub async fn ping(&self) -> StoreResult<()> {
        on_db!(self, pool => {
            sqlx::query("select 1").execute(pool).await?;
            Ok(())
        })
    }
}
