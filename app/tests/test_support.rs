//! The test databases clean up after themselves, even after a panic.
use app::db::testing::{TestDb, postgres_admin_url};
use sqlx::Connection;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

/// Makes a test database with `make`, then panics with it still alive; returns its URL.
fn url_of_a_database_whose_test_panicked(
    make: fn(&tokio::runtime::Runtime) -> Option<TestDb>,
) -> Option<String> {
    let (sender, receiver) = std::sync::mpsc::channel();
    let test = std::thread::spawn(move || {
        let runtime = runtime();
        let test_db = make(&runtime);
        let _ = sender.send(test_db.as_ref().map(|t| t.url.clone()));
        assert!(
            test_db.is_none(),
            "the test fails while its database is open"
        );
    });
    assert!(test.join().is_err(), "the test panicked");
    receiver.recv().expect("the test said its database")
}

#[test]
fn a_sqlite_test_database_is_removed_even_when_its_test_panics() {
    let url = url_of_a_database_whose_test_panicked(|rt| Some(rt.block_on(TestDb::sqlite())))
        .expect("a SQLite database");
    let file = url.trim_start_matches("sqlite://");
    let dir = std::path::Path::new(file).parent().expect("its directory");
    assert!(!dir.exists(), "{} is left behind", dir.display());
}

#[test]
fn a_postgres_test_database_is_dropped_even_when_its_test_panics() {
    let Some(url) = url_of_a_database_whose_test_panicked(|rt| rt.block_on(TestDb::postgres()))
    else {
        return;
    };
    let name = url.rsplit('/').next().expect("a database name").to_owned();
    let left: i64 = runtime().block_on(async {
        let mut admin = sqlx::PgConnection::connect(&postgres_admin_url())
            .await
            .expect("admin connection");
        sqlx::query_scalar("select count(*) from pg_database where datname = $1")
            .bind(&name)
            .fetch_one(&mut admin)
            .await
            .expect("count")
    });
    assert_eq!(left, 0, "the database {name} is left behind");
}
