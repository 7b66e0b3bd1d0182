//! Fresh databases for tests: a SQLite file in a new temporary directory, or a
//! new database on the PostgreSQL server named by `TREFFPUNKT_TEST_POSTGRES_URL`
//! (default `postgres://postgres@127.0.0.1:5432/postgres`). Without a reachable
//! PostgreSQL its tests are skipped with a message, except when `CI=true` or
//! `TREFFPUNKT_REQUIRE_POSTGRES=1`, where they fail.
use super::Db;
use rand::RngCore;
use sqlx::Connection;
use std::path::PathBuf;

pub const POSTGRES_URL_VAR: &str = "TREFFPUNKT_TEST_POSTGRES_URL";

pub fn postgres_admin_url() -> String {
    std::env::var(POSTGRES_URL_VAR)
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

pub fn postgres_required() -> bool {
    std::env::var("CI").as_deref() == Ok("true")
        || std::env::var("TREFFPUNKT_REQUIRE_POSTGRES").as_deref() == Ok("1")
}

fn random_suffix() -> String {
    let mut bytes = [0u8; 8];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

enum Place {
    SqliteDir(PathBuf),
    Postgres { admin_url: String, name: String },
}

/// A database that exists for one test. `cleanup` removes it; a test that panics
/// before that still leaves nothing behind, because dropping it removes it too.
pub struct TestDb {
    pub db: Db,
    pub url: String,
    place: Option<Place>,
}

impl TestDb {
    pub async fn sqlite() -> Self {
        let dir = std::env::temp_dir().join(format!("treffpunkt-test-{}", random_suffix()));
        std::fs::create_dir_all(&dir).expect("create a temporary directory");
        let url = format!("sqlite://{}/treffpunkt.sqlite3", dir.display());
        let db = Db::connect(&url)
            .await
            .expect("open a fresh SQLite database");
        Self {
            db,
            url,
            place: Some(Place::SqliteDir(dir)),
        }
    }

    /// A fresh PostgreSQL database, or `None` (with a message) when no server is
    /// reachable and PostgreSQL is not required.
    pub async fn postgres() -> Option<Self> {
        let admin_url = postgres_admin_url();
        let mut admin = match sqlx::PgConnection::connect(&admin_url).await {
            Ok(conn) => conn,
            Err(err) if !postgres_required() => {
                eprintln!(
                    "SKIPPED: no PostgreSQL at {admin_url} ({err}); set CI=true to require it"
                );
                return None;
            }
            Err(err) => {
                panic!("PostgreSQL is required (CI=true) but {admin_url} is not reachable: {err}")
            }
        };
        let name = format!("treffpunkt_test_{}", random_suffix());
        sqlx::query(&format!("create database {name}"))
            .execute(&mut admin)
            .await
            .expect("create a test database");
        drop(admin.close().await);
        let base = admin_url
            .rsplit_once('/')
            .map_or(admin_url.as_str(), |(base, _)| base);
        let url = format!("{base}/{name}");
        let db = Db::connect(&url)
            .await
            .expect("open the fresh PostgreSQL database");
        Some(Self {
            db,
            url,
            place: Some(Place::Postgres { admin_url, name }),
        })
    }

    /// Closes the pool and removes the database.
    pub async fn cleanup(mut self) {
        self.db.close().await;
        if let Some(place) = self.place.take() {
            place.remove().await;
        }
    }
}

impl Place {
    async fn remove(self) {
        match self {
            Place::SqliteDir(dir) => drop(std::fs::remove_dir_all(dir)),
            Place::Postgres { admin_url, name } => {
                if let Ok(mut admin) = sqlx::PgConnection::connect(&admin_url).await {
                    drop(
                        sqlx::query(&format!("drop database if exists {name} with (force)"))
                            .execute(&mut admin)
                            .await,
                    );
                    drop(admin.close().await);
                }
            }
        }
    }
}

impl Drop for TestDb {
    /// Removes a database whose test ended without `cleanup` (a panic, an early
    /// return), on a thread of its own: the test's runtime may be the one unwinding.
    fn drop(&mut self) {
        let Some(place) = self.place.take() else {
            return;
        };
        let removing = std::thread::spawn(move || {
            if let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                runtime.block_on(place.remove());
            }
        });
        drop(removing.join());
    }
}
