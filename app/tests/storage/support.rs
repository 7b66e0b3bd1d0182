//! The helpers the storage tests share: the macro that runs a test on both
//! backends, and the house, people, events and series they are written against.
use app::accounts::rules::{DisplayName, Email, Role};
use app::calendar::house::NewRoom;
use app::calendar::rules::{NewEvent, SeriesDetails, TimeSlot};
use app::db::{Db, StoreError};
use app::i18n::Msg;
use app::kernel::error::AppError;
use app::kernel::time::{HOUSE_ZONE, local_to_utc, parse_local};
use app::rooms::rules::RoomBuffers;
use app::series::change::SeriesChange;
use app::series::recurrence::{Rule, Series};
use chrono::{NaiveDate, Utc};
use std::collections::BTreeSet;

macro_rules! on_both_backends {
    ($name:ident, |$db:ident| $body:block) => {
        mod $name {
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                $crate::support::pin_clock();
                let test = ::app::db::testing::TestDb::sqlite().await;
                {
                    let $db = test.db.clone();
                    $body
                }
                test.cleanup().await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                $crate::support::pin_clock();
                let Some(test) = ::app::db::testing::TestDb::postgres().await else {
                    return;
                };
                {
                    let $db = test.db.clone();
                    $body
                }
                test.cleanup().await;
            }
        }
    };
}

/// The storage tests plan as of 25 November 2026 (the `today` they pass to the
/// store): the one clock is set to that morning for the whole test binary, so
/// that "past" and "upcoming" mean the same whatever day the tests run.
pub(crate) fn pin_clock() {
    let morning = chrono::DateTime::parse_from_rfc3339("2026-11-25T09:00:00Z")
        .expect("an instant")
        .with_timezone(&Utc);
    app::kernel::clock::set(morning);
}

pub(crate) fn email(s: &str) -> Email {
    Email::parse(s).expect("valid e-mail")
}

pub(crate) fn name(s: &str) -> DisplayName {
    DisplayName::parse(s).expect("valid name")
}

pub(crate) fn at(local: &str) -> chrono::DateTime<Utc> {
    local_to_utc(parse_local(local).expect("valid local time"), HOUSE_ZONE)
        .expect("existing local time")
}

/// A house with one room (15 minutes buffer either side) and one category.
pub(crate) async fn small_house(db: &Db) -> (i64, i64) {
    let house = db
        .create_house("Testhaus", "Teststraße 1")
        .await
        .expect("house");
    let room = db
        .create_room(
            house,
            &NewRoom {
                name: "Saal",
                capacity: 80,
                features: &["step_free"],
                resident_bookable: true,
                buffers: RoomBuffers {
                    before_minutes: 15,
                    after_minutes: 15,
                },
                colour: "#123456",
            },
        )
        .await
        .expect("room");
    let category = db
        .create_category("concert", "Konzert", "Concert")
        .await
        .expect("category");
    (room, category)
}

pub(crate) fn event(title: &str, room_id: i64, category_id: i64, from: &str, to: &str) -> NewEvent {
    NewEvent {
        title: title.to_owned(),
        description: String::new(),
        room_id,
        category_id,
        slot: TimeSlot {
            starts_at: at(from),
            ends_at: at(to),
        },
        starts_local: parse_local(from).expect("valid"),
    }
}

pub(crate) fn field_error(result: Result<i64, StoreError>) -> (String, Msg) {
    match result {
        Err(StoreError::App(AppError::Invalid(errors))) => {
            let first = errors.into_iter().next().expect("one field error");
            (first.field, first.msg)
        }
        other => panic!("expected a field error, got {other:?}"),
    }
}

/// The URL of the database a pool is connected to, read back from the database itself.
pub(crate) async fn db_url(db: &Db) -> String {
    match db {
        Db::Sqlite(pool, _) => {
            let file: String =
                sqlx::query_scalar("select file from pragma_database_list where name = 'main'")
                    .fetch_one(pool)
                    .await
                    .expect("database file");
            format!("sqlite://{file}")
        }
        Db::Postgres(pool) => {
            let name: String = sqlx::query_scalar("select current_database()")
                .fetch_one(pool)
                .await
                .expect("name");
            let admin = app::db::testing::postgres_admin_url();
            let base = admin
                .rsplit_once('/')
                .map_or(admin.as_str(), |(base, _)| base)
                .to_owned();
            format!("{base}/{name}")
        }
    }
}

pub(crate) fn series(first: &str, minutes: i64, rule: Option<&str>) -> Series {
    Series {
        first_start: parse_local(first).expect("valid local time"),
        duration_minutes: minutes,
        rule: rule.map(|r| Rule::parse_rrule(r, HOUSE_ZONE).expect("valid rule")),
        exceptions: BTreeSet::new(),
        restored: BTreeSet::new(),
        skip_public_holidays: false,
        skip_school_holidays: false,
    }
}

pub(crate) fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("valid date")
}

pub(crate) async fn rows_of(db: &Db, series_id: i64) -> Vec<app::calendar::store::CalendarRow> {
    db.calendar_rows(at("2026-01-01T00:00"), at("2029-12-31T00:00"))
        .await
        .expect("rows")
        .into_iter()
        .filter(|r| r.series_id == series_id)
        .collect()
}

pub(crate) async fn residents(db: &Db, n: usize) -> Vec<i64> {
    accounts(db, "person", n).await
}

/// `n` residents whose addresses begin with `prefix`, so a test can add more later.
pub(crate) async fn accounts(db: &Db, prefix: &str, n: usize) -> Vec<i64> {
    let mut ids = Vec::new();
    for i in 0..n {
        ids.push(
            db.create_account(
                &email(&format!("{prefix}{i}@example.org")),
                &name(&format!("Person {i}")),
                "not-a-real-hash",
                &[Role::Resident],
            )
            .await
            .expect("account"),
        );
    }
    ids
}

/// The stored dates of a series: local date, local start time and status.
pub(crate) async fn dates_of(db: &Db, series_id: i64) -> Vec<(String, String, String)> {
    rows_of(db, series_id)
        .await
        .into_iter()
        .map(|r| {
            (
                r.local_date.clone().unwrap_or_default(),
                app::kernel::time::utc_to_local(r.starts_at, HOUSE_ZONE)
                    .format("%H:%M")
                    .to_string(),
                r.occurrence_status.code().to_owned(),
            )
        })
        .collect()
}

pub(crate) fn change(
    occurrence_id: i64,
    following: bool,
    details: SeriesDetails,
    start: &str,
) -> SeriesChange {
    SeriesChange {
        occurrence_id,
        following,
        details,
        start: parse_local(start).expect("valid local time"),
        duration_minutes: 60,
        rule: Some(Rule::parse_rrule("FREQ=WEEKLY;COUNT=10", HOUSE_ZONE).expect("rule")),
        keeps_rule: true,
        skip_public_holidays: false,
        skip_school_holidays: false,
    }
}

pub(crate) fn refusal<T: std::fmt::Debug>(result: Result<T, StoreError>) -> (String, Msg) {
    match result {
        Err(StoreError::App(AppError::Invalid(errors))) => (errors[0].field.clone(), errors[0].msg),
        Err(StoreError::App(AppError::Conflict(msg))) => (String::new(), msg),
        other => panic!("expected a refusal, got {other:?}"),
    }
}
