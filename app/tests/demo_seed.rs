//! The demo house seeds on any day: every day of a year that holds Christmas, New
//! Year, both clock changes and a 29 February, each into a fresh SQLite file.
use app::db::Db;
use app::db::testing::TestDb;
use app::demo;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use futures::StreamExt;

/// Any text does for the accounts' hash: nobody logs in here.
const HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA";

/// (title, first start, dates) of every seeded series.
async fn seeded(db: &Db) -> Vec<(String, DateTime<Utc>, i64)> {
    let Db::Sqlite(pool, _) = db else {
        panic!("the seed test runs on SQLite");
    };
    sqlx::query_as(
        "select s.title, min(o.starts_at), count(*) from event_series s
           join occurrence o on o.series_id = s.series_id
          group by s.series_id, s.title order by s.series_id",
    )
    .fetch_all(pool)
    .await
    .expect("read the seeded dates")
}

async fn seed_on(today: NaiveDate) -> Result<(), String> {
    let test = TestDb::sqlite().await;
    let result = demo::seed(&test.db, HASH, today).await;
    let outcome = match result {
        Err(err) => Err(format!("{today}: the seed failed: {err}")),
        Ok(()) => {
            let series = seeded(&test.db).await;
            let (_, end_of_today) = app::calendar::api::ssr::day_bounds(today, today);
            if series.len() != demo::SERIES_COUNT {
                Err(format!(
                    "{today}: {} of {} series have dates",
                    series.len(),
                    demo::SERIES_COUNT
                ))
            } else if let Some((title, first, _)) =
                series.iter().find(|(_, first, _)| *first < end_of_today)
            {
                Err(format!("{today}: {title} starts {first}, not after today"))
            } else {
                Ok(())
            }
        }
    };
    test.cleanup().await;
    outcome
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_house_seeds_on_every_day_of_a_year_with_every_date_upcoming() {
    let first = NaiveDate::from_ymd_opt(2027, 11, 1).expect("a date");
    let days: Vec<NaiveDate> = (0..366).map(|n| first + Duration::days(n)).collect();
    assert!(days.contains(&NaiveDate::from_ymd_opt(2028, 2, 29).expect("a leap day")));
    let failures: Vec<String> = futures::stream::iter(days)
        .map(seed_on)
        .buffer_unordered(4)
        .filter_map(|outcome| async move { outcome.err() })
        .collect()
        .await;
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_next_open_day_skips_the_christmas_closures_and_new_year() {
    let christmas_eve = NaiveDate::from_ymd_opt(2027, 12, 24).expect("a date");
    assert!(demo::is_closed(christmas_eve));
    assert_eq!(
        demo::next_open_day(christmas_eve),
        NaiveDate::from_ymd_opt(2027, 12, 27).expect("a date"),
        "24 to 26 December closed, the 27th open"
    );
    let new_year = NaiveDate::from_ymd_opt(2027, 12, 31).expect("a date");
    assert_eq!(
        demo::next_open_day(new_year),
        NaiveDate::from_ymd_opt(2028, 1, 2).expect("a date")
    );
}
