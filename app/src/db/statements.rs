//! The only place that knows which backend runs a statement: each method
//! dispatches once, on the pool ([`Db`]) or on an open transaction ([`Tx`]).
use super::{Args, Backend, Db, StoreResult};
use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;
use sqlx::{FromRow, Postgres, Sqlite};

/// A row type both backends can decode (`#[derive(sqlx::FromRow)]` or a tuple).
pub trait Row: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin {}
impl<T> Row for T where T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin
{}

/// A single column both backends can decode.
pub trait Value:
    for<'r> sqlx::Decode<'r, Sqlite>
    + sqlx::Type<Sqlite>
    + for<'r> sqlx::Decode<'r, Postgres>
    + sqlx::Type<Postgres>
    + Send
    + Unpin
{
}
impl<T> Value for T where
    T: for<'r> sqlx::Decode<'r, Sqlite>
        + sqlx::Type<Sqlite>
        + for<'r> sqlx::Decode<'r, Postgres>
        + sqlx::Type<Postgres>
        + Send
        + Unpin
{
}

/// An open transaction on either backend. It rolls back when dropped without
/// [`Tx::commit`], so every early `return Err(…)` leaves nothing half-saved.
pub enum Tx {
    /// A writing transaction holds its turn (`Db::Sqlite`) until it ends; the
    /// transaction comes first, so it is rolled back before the turn passes on.
    Sqlite(
        sqlx::Transaction<'static, Sqlite>,
        Option<tokio::sync::OwnedMutexGuard<()>>,
    ),
    Postgres(sqlx::Transaction<'static, Postgres>),
}

impl Tx {
    pub fn backend(&self) -> Backend {
        match self {
            Tx::Sqlite(..) => Backend::Sqlite,
            Tx::Postgres(_) => Backend::Postgres,
        }
    }

    pub async fn commit(self) -> StoreResult<()> {
        match self {
            Tx::Sqlite(tx, _turn) => tx.commit().await?,
            Tx::Postgres(tx) => tx.commit().await?,
        }
        Ok(())
    }
}

/// The statement methods, the same for a pool and a transaction; `$conn`
/// names the variant's inner value and `$exec` makes an executor of it.
macro_rules! statement_methods {
    ($owner:ident, $receiver:ty, |$conn:ident| $exec:expr) => {
        impl $owner {
            /// Every row of a query.
            pub async fn all<T: Row>(
                self: $receiver,
                sql: &str,
                args: Args,
            ) -> StoreResult<Vec<T>> {
                Ok(match self {
                    $owner::Sqlite($conn, ..) => {
                        sqlx::query_as_with(sql, args.sqlite()?)
                            .fetch_all($exec)
                            .await?
                    }
                    $owner::Postgres($conn) => {
                        sqlx::query_as_with(sql, args.postgres()?)
                            .fetch_all($exec)
                            .await?
                    }
                })
            }

            /// The first row of a query, if there is one.
            pub async fn optional<T: Row>(
                self: $receiver,
                sql: &str,
                args: Args,
            ) -> StoreResult<Option<T>> {
                Ok(match self {
                    $owner::Sqlite($conn, ..) => {
                        sqlx::query_as_with(sql, args.sqlite()?)
                            .fetch_optional($exec)
                            .await?
                    }
                    $owner::Postgres($conn) => {
                        sqlx::query_as_with(sql, args.postgres()?)
                            .fetch_optional($exec)
                            .await?
                    }
                })
            }

            /// The one row a query must return.
            pub async fn one<T: Row>(self: $receiver, sql: &str, args: Args) -> StoreResult<T> {
                Ok(match self {
                    $owner::Sqlite($conn, ..) => {
                        sqlx::query_as_with(sql, args.sqlite()?)
                            .fetch_one($exec)
                            .await?
                    }
                    $owner::Postgres($conn) => {
                        sqlx::query_as_with(sql, args.postgres()?)
                            .fetch_one($exec)
                            .await?
                    }
                })
            }

            /// The first column of every row.
            pub async fn column<T: Value>(
                self: $receiver,
                sql: &str,
                args: Args,
            ) -> StoreResult<Vec<T>> {
                Ok(match self {
                    $owner::Sqlite($conn, ..) => {
                        sqlx::query_scalar_with(sql, args.sqlite()?)
                            .fetch_all($exec)
                            .await?
                    }
                    $owner::Postgres($conn) => {
                        sqlx::query_scalar_with(sql, args.postgres()?)
                            .fetch_all($exec)
                            .await?
                    }
                })
            }

            /// The first column of the one row a query must return.
            pub async fn value<T: Value>(self: $receiver, sql: &str, args: Args) -> StoreResult<T> {
                Ok(match self {
                    $owner::Sqlite($conn, ..) => {
                        sqlx::query_scalar_with(sql, args.sqlite()?)
                            .fetch_one($exec)
                            .await?
                    }
                    $owner::Postgres($conn) => {
                        sqlx::query_scalar_with(sql, args.postgres()?)
                            .fetch_one($exec)
                            .await?
                    }
                })
            }

            /// The first column of the first row, if there is one.
            pub async fn value_optional<T: Value>(
                self: $receiver,
                sql: &str,
                args: Args,
            ) -> StoreResult<Option<T>> {
                Ok(match self {
                    $owner::Sqlite($conn, ..) => {
                        sqlx::query_scalar_with(sql, args.sqlite()?)
                            .fetch_optional($exec)
                            .await?
                    }
                    $owner::Postgres($conn) => {
                        sqlx::query_scalar_with(sql, args.postgres()?)
                            .fetch_optional($exec)
                            .await?
                    }
                })
            }

            /// Runs a statement; returns how many rows it changed.
            pub async fn execute(self: $receiver, sql: &str, args: Args) -> StoreResult<u64> {
                Ok(match self {
                    $owner::Sqlite($conn, ..) => sqlx::query_with(sql, args.sqlite()?)
                        .execute($exec)
                        .await?
                        .rows_affected(),
                    $owner::Postgres($conn) => sqlx::query_with(sql, args.postgres()?)
                        .execute($exec)
                        .await?
                        .rows_affected(),
                })
            }
        }
    };
}

statement_methods!(Db, &Db, |pool| pool);
statement_methods!(Tx, &mut Tx, |tx| &mut **tx);
