//! The database: SQLite (the embedded default) or PostgreSQL, chosen by the URL.
//!
//! Every query is written once with `$1` placeholders, which both backends
//! accept, and its values are collected in [`Args`]; only the few methods in
//! `statements.rs` know which backend runs it. A transaction is a [`Tx`], so a
//! step shared by several writes ("lock the room", "queue a mail") is an
//! ordinary `async fn` on it; see `docs/architecture.md`.
use crate::i18n::Msg;
use crate::kernel::error::AppError;
use chrono::{DateTime, SubsecRound, Utc};
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

mod args;
mod columns;
mod statements;
#[cfg(feature = "test-support")]
pub mod testing;
mod writers;

pub use args::{Arg, Args};
pub use columns::Columns;
pub use statements::{Row, Tx, Value};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone, Debug)]
pub enum Db {
    /// SQLite has one writer at a time. Writers of this process wait for their
    /// turn here, in order, and not in SQLite's busy handler, whose growing
    /// sleeps (up to 100 ms each) left the last of 20 concurrent writers
    /// waiting more than half a second.
    Sqlite(SqlitePool, Arc<tokio::sync::Mutex<()>>),
    Postgres(PgPool),
}

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
            // The room backstop on PostgreSQL (`room_claim`): a use that the
            // locked check let through is still a room taken, not a failure.
            StoreError::Sqlx(sqlx::Error::Database(db))
                if db.code().as_deref() == Some("23P01") =>
            {
                AppError::Conflict(Msg::RoomTaken)
            }
            other => {
                tracing::error!(error = %other, "storage failed");
                AppError::Internal
            }
        }
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

/// Maps a unique violation to a translated conflict; other errors pass through.
pub(crate) fn unique_as(err: StoreError, msg: Msg) -> StoreError {
    match &err {
        StoreError::Sqlx(sqlx::Error::Database(db)) if db.is_unique_violation() => {
            AppError::Conflict(msg).into()
        }
        _ => err,
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
            Db::Sqlite(pool, Arc::default())
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
        match self {
            Db::Sqlite(..) => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    async fn migrate(&self) -> StoreResult<()> {
        match self {
            Db::Sqlite(pool, _) => sqlx::migrate!("./migrations/sqlite").run(pool).await?,
            Db::Postgres(pool) => sqlx::migrate!("./migrations/postgres").run(pool).await?,
        }
        Ok(())
    }

    /// Opens a writing transaction. SQLite takes its write lock up front, or a
    /// read-then-write transaction can fail under contention; the transaction
    /// holds this process's writer turn until it ends.
    pub async fn begin_write(&self) -> StoreResult<Tx> {
        Ok(match self {
            Db::Sqlite(pool, writer) => {
                let turn = Arc::clone(writer).lock_owned().await;
                Tx::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await?, Some(turn))
            }
            Db::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        })
    }

    /// Opens a reading transaction: one consistent view for several reads.
    pub async fn begin_read(&self) -> StoreResult<Tx> {
        Ok(match self {
            Db::Sqlite(pool, _) => Tx::Sqlite(pool.begin().await?, None),
            Db::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        })
    }

    pub async fn close(&self) {
        match self {
            Db::Sqlite(pool, _) => pool.close().await,
            Db::Postgres(pool) => pool.close().await,
        }
    }

    /// A round trip to the database, for the health check.
    pub async fn ping(&self) -> StoreResult<()> {
        self.execute("select 1", Args::default()).await.map(|_| ())
    }
}
