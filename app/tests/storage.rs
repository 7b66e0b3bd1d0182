//! The storage test-suite: every test runs on a fresh SQLite file and on a fresh
//! PostgreSQL database.
use app::accounts::rules::{DisplayName, Email, Role};
use app::calendar::house::NewRoom;
use app::calendar::rules::{NewEvent, SeriesDetails, TimeSlot};
use app::db::testing::TestDb;
use app::db::{Db, StoreError};
use app::i18n::Msg;
use app::kernel::error::AppError;
use app::kernel::time::{HOUSE_ZONE, local_to_utc, parse_local};
use app::registrations::rules::RegistrationStatus;
use app::registrations::store::Place;
use app::rooms::rules::RoomBuffers;
use app::series::change::SeriesChange;
use app::series::edit_store::DateChange;
use app::series::recurrence::{Rule, Series};
use chrono::{Duration, NaiveDate, Utc};
use std::collections::BTreeSet;

macro_rules! on_both_backends {
    ($name:ident, |$db:ident| $body:block) => {
        mod $name {
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                pin_clock();
                let test = TestDb::sqlite().await;
                {
                    let $db = test.db.clone();
                    $body
                }
                test.cleanup().await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                pin_clock();
                let Some(test) = TestDb::postgres().await else {
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
fn pin_clock() {
    let morning = chrono::DateTime::parse_from_rfc3339("2026-11-25T09:00:00Z")
        .expect("an instant")
        .with_timezone(&Utc);
    app::kernel::clock::set(morning);
}

fn email(s: &str) -> Email {
    Email::parse(s).expect("valid e-mail")
}

fn name(s: &str) -> DisplayName {
    DisplayName::parse(s).expect("valid name")
}

fn at(local: &str) -> chrono::DateTime<Utc> {
    local_to_utc(parse_local(local).expect("valid local time"), HOUSE_ZONE)
        .expect("existing local time")
}

/// A house with one room (15 minutes buffer either side) and one category.
async fn small_house(db: &Db) -> (i64, i64) {
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

fn event(title: &str, room_id: i64, category_id: i64, from: &str, to: &str) -> NewEvent {
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

fn field_error(result: Result<i64, StoreError>) -> (String, Msg) {
    match result {
        Err(StoreError::App(AppError::Invalid(errors))) => {
            let first = errors.into_iter().next().expect("one field error");
            (first.field, first.msg)
        }
        other => panic!("expected a field error, got {other:?}"),
    }
}

on_both_backends!(
    a_fresh_database_is_empty_and_the_demo_house_fills_it,
    |db| {
        assert!(db.is_empty().await.expect("query"));
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).expect("valid");
        app::demo::seed(&db, "not-a-real-hash", today)
            .await
            .expect("seed");
        assert!(!db.is_empty().await.expect("query"));
        let rooms = db.rooms().await.expect("rooms");
        assert!((5..=7).contains(&rooms.len()), "{} rooms", rooms.len());
        assert!(db.categories().await.expect("categories").len() >= 15);
        let from = at("2026-11-25T00:00");
        let upcoming = db.upcoming_events(from, 100).await.expect("events");
        assert!(upcoming.len() >= 15, "{} demo events", upcoming.len());
        assert!(
            upcoming
                .windows(2)
                .all(|w| w[0].starts_at <= w[1].starts_at),
            "soonest first"
        );
        for (address, _, roles) in app::demo::DEMO_ACCOUNTS {
            let id = db
                .account_id_by_email(&email(address))
                .await
                .expect("query")
                .expect("demo account");
            let account = db.account(id).await.expect("query").expect("account");
            assert_eq!(account.roles.len(), roles.len());
        }
    }
);

on_both_backends!(one_email_address_has_one_account, |db| {
    let id = db
        .create_account(
            &email("ayse@example.org"),
            &name("Ayşe"),
            "hash",
            &[Role::Resident],
        )
        .await
        .expect("first account");
    let again = db
        .create_account(
            &email("AYSE@example.org"),
            &name("Other"),
            "hash",
            &[Role::Resident],
        )
        .await;
    assert!(
        matches!(
            again,
            Err(StoreError::App(AppError::Conflict(Msg::EmailTaken)))
        ),
        "{again:?}"
    );
    let account = db.account(id).await.expect("query").expect("exists");
    assert_eq!(account.display_name, "Ayşe");
    assert_eq!(account.roles, vec![Role::Resident]);
    db.grant_role(id, Role::Admin).await.expect("grant");
    db.grant_role(id, Role::Admin)
        .await
        .expect("granting twice is harmless");
    let account = db.account(id).await.expect("query").expect("exists");
    assert_eq!(account.roles, vec![Role::Resident, Role::Admin]);
});

on_both_backends!(
    sessions_live_in_the_database_until_they_expire_or_end,
    |db| {
        let id = db
            .create_account(
                &email("s@example.org"),
                &name("S"),
                "hash",
                &[Role::Organiser],
            )
            .await
            .expect("account");
        db.create_session(id, "live-token-hash", Duration::days(1))
            .await
            .expect("session");
        db.create_session(id, "expired-token-hash", Duration::seconds(-1))
            .await
            .expect("session");
        let found = db
            .session_account("live-token-hash")
            .await
            .expect("query")
            .expect("live session");
        assert_eq!(found.account_id, id);
        assert_eq!(found.roles, vec![Role::Organiser]);
        assert!(
            db.session_account("expired-token-hash")
                .await
                .expect("query")
                .is_none()
        );
        assert!(
            db.session_account("unknown")
                .await
                .expect("query")
                .is_none()
        );
        assert_eq!(
            db.purge_expired_sessions().await.expect("purge"),
            1,
            "only the expired session goes"
        );
        assert!(
            db.session_account("live-token-hash")
                .await
                .expect("query")
                .is_some()
        );
        db.delete_session("live-token-hash").await.expect("delete");
        assert!(
            db.session_account("live-token-hash")
                .await
                .expect("query")
                .is_none()
        );
    }
);

on_both_backends!(rate_limit_hits_are_counted_per_bucket_and_window, |db| {
    let since = app::kernel::clock::now() - Duration::minutes(15);
    for _ in 0..3 {
        db.record_rate_limit_hit("login:a@example.org")
            .await
            .expect("hit");
    }
    db.record_rate_limit_hit("login:b@example.org")
        .await
        .expect("hit");
    assert_eq!(
        db.rate_limit_hits("login:a@example.org", since)
            .await
            .expect("count"),
        3
    );
    assert_eq!(
        db.rate_limit_hits("login:b@example.org", since)
            .await
            .expect("count"),
        1
    );
    assert_eq!(
        db.rate_limit_hits(
            "login:a@example.org",
            app::kernel::clock::now() + Duration::minutes(1)
        )
        .await
        .expect("count"),
        0
    );
});

on_both_backends!(
    an_event_is_stored_in_utc_and_listed_with_its_room_and_category,
    |db| {
        let (room, category) = small_house(&db).await;
        let summer = event(
            "Sommerkonzert",
            room,
            category,
            "2027-07-01T18:00",
            "2027-07-01T20:00",
        );
        let winter = event(
            "Winterkonzert",
            room,
            category,
            "2027-01-07T18:00",
            "2027-01-07T20:00",
        );
        db.create_event(&summer, None).await.expect("summer");
        db.create_event(&winter, None).await.expect("winter");
        let listed = db
            .upcoming_events(at("2027-01-01T00:00"), 10)
            .await
            .expect("list");
        let titles: Vec<&str> = listed.iter().map(|e| e.title.as_str()).collect();
        assert_eq!(titles, ["Winterkonzert", "Sommerkonzert"]);
        assert_eq!(
            listed[0].starts_at.to_rfc3339(),
            "2027-01-07T17:00:00+00:00"
        );
        assert_eq!(
            listed[1].starts_at.to_rfc3339(),
            "2027-07-01T16:00:00+00:00"
        );
        assert_eq!(listed[0].room_name.as_deref(), Some("Saal"));
        assert_eq!(
            (
                listed[0].category_de.as_str(),
                listed[0].category_en.as_str()
            ),
            ("Konzert", "Concert")
        );
        let later = db
            .upcoming_events(at("2027-01-07T20:00"), 10)
            .await
            .expect("list");
        assert_eq!(
            later.len(),
            1,
            "an event that has ended is no longer upcoming"
        );
    }
);

on_both_backends!(
    unknown_rooms_and_categories_are_refused_and_nothing_is_saved,
    |db| {
        let (room, category) = small_house(&db).await;
        let forged_room = event(
            "X",
            room + 1000,
            category,
            "2027-03-01T10:00",
            "2027-03-01T11:00",
        );
        assert_eq!(
            field_error(db.create_event(&forged_room, None).await),
            ("room_id".into(), Msg::RoomUnknown)
        );
        let forged_category = event(
            "X",
            room,
            category + 1000,
            "2027-03-01T10:00",
            "2027-03-01T11:00",
        );
        assert_eq!(
            field_error(db.create_event(&forged_category, None).await),
            ("category_id".into(), Msg::CategoryUnknown)
        );
        assert!(
            db.upcoming_events(at("2027-01-01T00:00"), 10)
                .await
                .expect("list")
                .is_empty()
        );
    }
);

on_both_backends!(a_room_is_never_double_booked_including_its_buffers, |db| {
    let (room, category) = small_house(&db).await;
    db.create_event(
        &event("A", room, category, "2027-03-01T10:00", "2027-03-01T12:00"),
        None,
    )
    .await
    .expect("first");
    for (from, to) in [
        ("2027-03-01T11:00", "2027-03-01T13:00"),
        ("2027-03-01T09:00", "2027-03-01T10:30"),
        ("2027-03-01T12:00", "2027-03-01T13:00"),
        ("2027-03-01T12:29", "2027-03-01T13:00"),
        ("2027-03-01T09:00", "2027-03-01T09:31"),
    ] {
        let result = db
            .create_event(&event("B", room, category, from, to), None)
            .await;
        assert_eq!(
            field_error(result),
            ("room_id".into(), Msg::RoomTaken),
            "{from}–{to}"
        );
    }
    db.create_event(
        &event("C", room, category, "2027-03-01T12:30", "2027-03-01T13:00"),
        None,
    )
    .await
    .expect("after the clear-up time the room is free");
    db.create_event(
        &event("D", room, category, "2027-03-01T09:00", "2027-03-01T09:30"),
        None,
    )
    .await
    .expect("before the set-up time the room is free");
});

on_both_backends!(
    concurrent_requests_for_one_room_and_time_book_it_once,
    |db| {
        let (room, category) = small_house(&db).await;
        let attempts = (0..16).map(|i| {
            let db = db.clone();
            let offset = i % 4;
            tokio::spawn(async move {
                let from = format!("2027-04-01T10:{:02}", offset * 10);
                let to = format!("2027-04-01T11:{:02}", offset * 10);
                db.create_event(
                    &event(&format!("Parallel {i}"), room, category, &from, &to),
                    None,
                )
                .await
            })
        });
        let results = futures::future::join_all(attempts).await;
        let mut booked = 0;
        for result in results {
            match result.expect("task") {
                Ok(_) => booked += 1,
                Err(StoreError::App(AppError::Invalid(errors))) => {
                    assert_eq!(errors[0].msg, Msg::RoomTaken)
                }
                Err(other) => panic!("unexpected failure: {other:?}"),
            }
        }
        assert_eq!(booked, 1, "exactly one of the overlapping requests wins");
        assert_eq!(
            db.upcoming_events(at("2027-01-01T00:00"), 100)
                .await
                .expect("list")
                .len(),
            1
        );
    }
);

on_both_backends!(two_pools_on_one_database_still_book_a_room_once, |db| {
    let (room, category) = small_house(&db).await;
    let url = db_url(&db).await;
    // A second pool stands for a second server process on the same database.
    let other = Db::connect(&url).await.expect("second pool");
    let tasks = (0..12).map(|i| {
        let db = if i % 2 == 0 {
            db.clone()
        } else {
            other.clone()
        };
        tokio::spawn(async move {
            db.create_event(
                &event(
                    "Zwei Server",
                    room,
                    category,
                    "2027-05-01T18:00",
                    "2027-05-01T20:00",
                ),
                None,
            )
            .await
        })
    });
    let booked = futures::future::join_all(tasks)
        .await
        .into_iter()
        .filter(|r| matches!(r, Ok(Ok(_))))
        .count();
    assert_eq!(booked, 1);
    other.close().await;
});

/// The URL of the database a pool is connected to, read back from the database itself.
async fn db_url(db: &Db) -> String {
    match db {
        Db::Sqlite(pool) => {
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

fn series(first: &str, minutes: i64, rule: Option<&str>) -> Series {
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

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("valid date")
}

async fn rows_of(db: &Db, series_id: i64) -> Vec<app::calendar::store::CalendarRow> {
    db.calendar_rows(at("2026-01-01T00:00"), at("2029-12-31T00:00"))
        .await
        .expect("rows")
        .into_iter()
        .filter(|r| r.series_id == series_id)
        .collect()
}

on_both_backends!(
    a_series_is_stored_at_local_time_without_holidays_and_exceptions,
    |db| {
        let (room, category) = small_house(&db).await;
        let mut homework = series(
            "2026-12-21T15:00",
            120,
            Some("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH;UNTIL=20270409T215959Z"),
        );
        homework.skip_school_holidays = true;
        homework.skip_public_holidays = true;
        homework.exceptions.insert(day("2027-01-12"));
        let details = SeriesDetails::simple("Hausaufgabenhilfe", "", category, room);
        let created = db
            .create_series(&details, &homework, None, day("2026-11-25"))
            .await
            .expect("series");
        let rows = rows_of(&db, created.series_id).await;
        assert_eq!(rows.len(), created.dates);
        let dates: Vec<String> = rows.iter().filter_map(|r| r.local_date.clone()).collect();
        assert_eq!(&dates[..3], ["2026-12-21", "2026-12-22", "2027-01-07"]);
        assert!(!dates.contains(&"2027-01-12".to_owned()), "exception");
        assert!(
            !dates
                .iter()
                .any(|d| ("2027-03-22"..="2027-04-03").contains(&d.as_str())),
            "Easter holidays: {dates:?}"
        );
        assert!(dates.contains(&"2027-04-05".to_owned()));
        for row in &rows {
            let local = app::kernel::time::utc_to_local(row.starts_at, HOUSE_ZONE);
            assert_eq!(local.format("%H:%M").to_string(), "15:00", "{row:?}");
        }
        assert!(
            rows.iter()
                .any(|r| r.starts_at.format("%H").to_string() == "14")
        );
        assert!(
            rows.iter()
                .any(|r| r.starts_at.format("%H").to_string() == "13")
        );
    }
);

on_both_backends!(the_feed_reads_the_same_dates_as_the_calendar, |db| {
    let (room, category) = small_house(&db).await;
    let created = db
        .create_series(
            &SeriesDetails::simple(
                "Chor, \"offen\"; für alle",
                "Zeile 1\nZeile 2",
                category,
                room,
            ),
            &series("2027-03-01T19:00", 90, Some("FREQ=WEEKLY;COUNT=8")),
            None,
            day("2026-11-25"),
        )
        .await
        .expect("series");
    db.create_event(
        &event(
            "Konzert",
            room,
            category,
            "2027-03-03T20:00",
            "2027-03-03T22:00",
        ),
        None,
    )
    .await
    .expect("single");
    let person = residents(&db, 1).await[0];
    let dates = rows_of(&db, created.series_id).await;
    db.change_date(
        dates[2].occurrence_id,
        DateChange {
            cancelled: Some(true),
            ..DateChange::default()
        },
        person,
    )
    .await
    .expect("cancelled");
    let (from, to) = (at("2027-01-01T00:00"), at("2027-12-31T00:00"));
    let shown = |rows: Vec<app::calendar::store::CalendarRow>| -> Vec<String> {
        rows.into_iter()
            .map(|row| {
                format!(
                    "{:?}",
                    app::calendar::store::CalendarRow {
                        confirmed: 0,
                        ..row
                    }
                )
            })
            .collect()
    };
    let calendar = shown(db.calendar_rows(from, to).await.expect("calendar"));
    let feed = shown(db.feed_rows(from, to).await.expect("feed"));
    assert_eq!(calendar.len(), 9, "8 dates and the concert");
    assert!(calendar.iter().any(|r| r.contains("\"cancelled\"")));
    assert_eq!(feed, calendar);
    assert!(
        db.feed_rows(at("2030-01-01T00:00"), at("2030-02-01T00:00"))
            .await
            .expect("empty")
            .is_empty()
    );
});

on_both_backends!(a_series_colliding_on_one_date_is_refused_whole, |db| {
    let (room, category) = small_house(&db).await;
    db.create_event(
        &event(
            "Konzert",
            room,
            category,
            "2027-01-19T17:00",
            "2027-01-19T19:00",
        ),
        None,
    )
    .await
    .expect("concert");
    let yoga = series("2026-12-01T19:00", 90, Some("FREQ=WEEKLY;COUNT=10"));
    let details = SeriesDetails::simple("Yoga", "", category, room);
    match db
        .create_series(&details, &yoga, None, day("2026-11-25"))
        .await
    {
        Err(StoreError::App(AppError::Invalid(errors))) => {
            assert_eq!(
                (errors[0].field.as_str(), errors[0].msg),
                ("room_id", Msg::RoomTaken)
            )
        }
        other => panic!("expected a refusal, got {:?}", other.map(|c| c.series_id)),
    }
    let all = db
        .calendar_rows(at("2026-11-01T00:00"), at("2027-12-31T00:00"))
        .await
        .expect("rows");
    assert_eq!(all.len(), 1, "nothing of the refused series is stored");
    let none = series(
        "2026-12-01T19:00",
        90,
        Some("FREQ=MONTHLY;BYMONTHDAY=31;COUNT=1"),
    );
    let nothing = Series {
        exceptions: BTreeSet::from([day("2026-12-31")]),
        ..none
    };
    match db
        .create_series(&details, &nothing, None, day("2026-11-25"))
        .await
    {
        Err(StoreError::App(AppError::Invalid(errors))) => {
            assert_eq!(errors[0].msg, Msg::RecurrenceNoDates)
        }
        other => panic!("expected a refusal, got {:?}", other.map(|c| c.series_id)),
    }
});

on_both_backends!(the_horizon_moves_forward_and_never_double_books, |db| {
    let (room, category) = small_house(&db).await;
    let cafe = series("2026-12-05T14:00", 180, Some("FREQ=MONTHLY;BYDAY=1SA"));
    let details = SeriesDetails::simple("Repair-Café", "", category, room);
    let created = db
        .create_series(&details, &cafe, None, day("2026-11-25"))
        .await
        .expect("series");
    assert_eq!(
        created.dates, 19,
        "18 months from the first date: December 2026 to June 2028"
    );
    // A festival takes the room on a first Saturday beyond the stored dates.
    db.create_event(
        &event(
            "Fest",
            room,
            category,
            "2028-07-01T12:00",
            "2028-07-01T22:00",
        ),
        None,
    )
    .await
    .expect("festival");
    let added = db.extend_horizons(day("2027-03-01")).await.expect("extend");
    assert_eq!(added, 2, "July and August 2028");
    assert_eq!(
        db.extend_horizons(day("2027-03-01")).await.expect("again"),
        0
    );
    let rows = rows_of(&db, created.series_id).await;
    assert_eq!(rows.len(), 21);
    let july = rows
        .iter()
        .find(|r| r.local_date.as_deref() == Some("2028-07-01"))
        .expect("the July date exists");
    assert_eq!(
        july.room_id, None,
        "stored without a room, waiting in the tray"
    );
    assert!(rows.iter().filter(|r| r.room_id.is_some()).count() == 20);
});

async fn residents(db: &Db, n: usize) -> Vec<i64> {
    accounts(db, "person", n).await
}

/// `n` residents whose addresses begin with `prefix`, so a test can add more later.
async fn accounts(db: &Db, prefix: &str, n: usize) -> Vec<i64> {
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

async fn course(db: &Db, seats: i32) -> i64 {
    let (room, category) = small_house(db).await;
    let mut details = SeriesDetails::simple("Eltern-Kind-Turnen", "", category, room);
    details.seats = Some(seats);
    let start = (app::kernel::clock::now() + Duration::days(7))
        .with_timezone(&HOUSE_ZONE)
        .format("%Y-%m-%dT10:00")
        .to_string();
    db.create_series(&details, &series(&start, 60, None), None, day("2026-11-25"))
        .await
        .expect("course")
        .first_occurrence_id
}

on_both_backends!(concurrent_registrations_never_overfill_the_seats, |db| {
    let date = course(&db, 3).await;
    let people = residents(&db, 20).await;
    let tasks = people.iter().map(|&person| {
        let db = db.clone();
        tokio::spawn(async move { db.register(date, person).await })
    });
    let places: Vec<Place> = futures::future::join_all(tasks)
        .await
        .into_iter()
        .map(|r| r.expect("task").expect("registered"))
        .collect();
    let confirmed = places
        .iter()
        .filter(|p| p.status == RegistrationStatus::Confirmed)
        .count();
    assert_eq!(confirmed, 3);
    assert_eq!(db.registration_counts(date).await.expect("counts"), (3, 17));
    // Registrations commit one after the other: each person is told, as theirs
    // commits, the place they joined at, and keeps exactly that place.
    let mut told: Vec<i64> = places
        .iter()
        .filter(|p| p.status == RegistrationStatus::Waitlisted)
        .map(|p| p.position)
        .collect();
    told.sort_unstable();
    assert_eq!(
        told,
        (1..=17).collect::<Vec<i64>>(),
        "told places: {places:?}"
    );
    let mut positions = Vec::new();
    for (&person, joined) in people.iter().zip(&places) {
        let place = db
            .place(date, person)
            .await
            .expect("place")
            .expect("registered");
        assert_eq!(
            place, *joined,
            "person {person} keeps the place they joined at"
        );
        if place.status == RegistrationStatus::Waitlisted {
            positions.push(place.position);
        }
    }
    positions.sort_unstable();
    assert_eq!(positions, (1..=17).collect::<Vec<i64>>());
    // Late-comers, one after the other, queue behind everyone in that order.
    let late = accounts(&db, "late", 3).await;
    for &person in &late {
        db.register(date, person).await.expect("register");
    }
    let mut late_positions = Vec::new();
    for &person in &late {
        late_positions.push(
            db.place(date, person)
                .await
                .expect("q")
                .expect("registered"),
        );
    }
    assert_eq!(
        late_positions,
        (18..=20)
            .map(|position| Place {
                status: RegistrationStatus::Waitlisted,
                position,
            })
            .collect::<Vec<_>>()
    );
});

on_both_backends!(the_waitlist_moves_up_in_order_and_writes_a_mail, |db| {
    let date = course(&db, 1).await;
    let people = residents(&db, 3).await;
    for &person in &people {
        db.register(date, person).await.expect("register");
    }
    let again = db.register(date, people[1]).await.expect("twice");
    assert_eq!(
        (again.status, again.position),
        (RegistrationStatus::Waitlisted, 1)
    );
    db.cancel_registration(date, people[0])
        .await
        .expect("cancel");
    let first = db
        .place(date, people[1])
        .await
        .expect("q")
        .expect("registered");
    let second = db
        .place(date, people[2])
        .await
        .expect("q")
        .expect("registered");
    assert_eq!(first.status, RegistrationStatus::Confirmed);
    assert_eq!(
        (second.status, second.position),
        (RegistrationStatus::Waitlisted, 1)
    );
    assert_eq!(db.place(date, people[0]).await.expect("q"), None);
    let mails = db.unsent_mails().await.expect("outbox");
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].recipient, "person1@example.org");
    assert!(
        mails[0].subject.contains("Eltern-Kind-Turnen"),
        "{}",
        mails[0].subject
    );
    assert!(matches!(
        db.cancel_registration(date, people[0]).await,
        Err(StoreError::App(AppError::NotFound))
    ));
    let claimed = db.claim_mails(10).await.expect("claim");
    assert_eq!(claimed.len(), 1);
    assert!(
        db.claim_mails(10).await.expect("claim").is_empty(),
        "claimed once"
    );
    db.mark_mail_sent(claimed[0].outbox_id).await.expect("sent");
    assert!(db.unsent_mails().await.expect("outbox").is_empty());

    // Several senders, on two pools (two servers), claim at the same time: each
    // mail goes to exactly one of them.
    for &person in &accounts(&db, "later", 20).await {
        db.register(date, person).await.expect("register");
    }
    db.change_date(
        date,
        DateChange {
            cancelled: Some(true),
            ..DateChange::default()
        },
        people[1],
    )
    .await
    .expect("cancelled");
    let mut waiting: Vec<i64> = db
        .unsent_mails()
        .await
        .expect("outbox")
        .iter()
        .map(|m| m.outbox_id)
        .collect();
    assert_eq!(waiting.len(), 22, "one mail to each of the 22 registered");
    let other = Db::connect(&db_url(&db).await).await.expect("second pool");
    let claims = (0..8).map(|i| {
        let db = if i % 2 == 0 {
            db.clone()
        } else {
            other.clone()
        };
        tokio::spawn(async move { db.claim_mails(100).await })
    });
    let mut taken: Vec<i64> = futures::future::join_all(claims)
        .await
        .into_iter()
        .flat_map(|r| r.expect("task").expect("claim"))
        .map(|m| m.outbox_id)
        .collect();
    taken.sort_unstable();
    waiting.sort_unstable();
    assert_eq!(taken, waiting, "every mail claimed exactly once");
    assert!(db.claim_mails(100).await.expect("claim").is_empty());
    other.close().await;
});

on_both_backends!(a_new_feed_token_revokes_the_old_one, |db| {
    let person = residents(&db, 1).await[0];
    db.replace_feed_token(person, "hash-one")
        .await
        .expect("token");
    assert_eq!(
        db.account_by_feed_token("hash-one").await.expect("q"),
        Some(person)
    );
    db.replace_feed_token(person, "hash-two")
        .await
        .expect("token");
    assert_eq!(db.account_by_feed_token("hash-one").await.expect("q"), None);
    assert_eq!(
        db.account_by_feed_token("hash-two").await.expect("q"),
        Some(person)
    );
    db.revoke_feed_token(person).await.expect("revoke");
    assert_eq!(db.account_by_feed_token("hash-two").await.expect("q"), None);
});

/// The stored dates of a series: local date, local start time and status.
async fn dates_of(db: &Db, series_id: i64) -> Vec<(String, String, String)> {
    rows_of(db, series_id)
        .await
        .into_iter()
        .map(|r| {
            (
                r.local_date.clone().unwrap_or_default(),
                app::kernel::time::utc_to_local(r.starts_at, HOUSE_ZONE)
                    .format("%H:%M")
                    .to_string(),
                r.occurrence_status.clone(),
            )
        })
        .collect()
}

fn change(
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

fn refusal<T: std::fmt::Debug>(result: Result<T, StoreError>) -> (String, Msg) {
    match result {
        Err(StoreError::App(AppError::Invalid(errors))) => (errors[0].field.clone(), errors[0].msg),
        Err(StoreError::App(AppError::Conflict(msg))) => (String::new(), msg),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

on_both_backends!(
    this_and_following_splits_the_series_and_keeps_registrations,
    |db| {
        let (room, category) = small_house(&db).await;
        let mut details = SeriesDetails::simple("Yoga", "", category, room);
        details.seats = Some(5);
        let yoga = series("2027-01-05T10:00", 60, Some("FREQ=WEEKLY;COUNT=10"));
        let created = db
            .create_series(&details, &yoga, None, day("2026-11-25"))
            .await
            .expect("series");
        let rows = rows_of(&db, created.series_id).await;
        let fourth = rows[3].occurrence_id;
        let person = residents(&db, 1).await[0];
        db.register(fourth, person).await.expect("register");

        let renamed = SeriesDetails {
            title: "Yoga am Abend".to_owned(),
            ..details.clone()
        };
        let shown = db
            .change_series(
                &change(fourth, true, renamed, "2027-01-26T18:00"),
                person,
                day("2026-11-25"),
            )
            .await
            .expect("changed");
        assert_eq!(shown, Some(fourth), "the opened date keeps its id");

        let before: Vec<_> = dates_of(&db, created.series_id).await;
        assert_eq!(
            before,
            vec![
                ("2027-01-05".into(), "10:00".into(), "scheduled".into()),
                ("2027-01-12".into(), "10:00".into(), "scheduled".into()),
                ("2027-01-19".into(), "10:00".into(), "scheduled".into()),
            ]
        );
        let moved = db.calendar_row(fourth).await.expect("q").expect("row");
        assert_ne!(moved.series_id, created.series_id, "a series of its own");
        assert_eq!(moved.title, "Yoga am Abend");
        let after = dates_of(&db, moved.series_id).await;
        assert_eq!(after.len(), 7, "the count goes on: 3 + 7 = 10 dates");
        assert!(
            after.iter().all(|(_, time, _)| time == "18:00"),
            "{after:?}"
        );
        assert_eq!(after[0].0, "2027-01-26");
        assert_eq!(
            db.place(fourth, person).await.expect("q").map(|p| p.status),
            Some(RegistrationStatus::Confirmed),
            "the registration stays with its date"
        );
        let mails = db.unsent_mails().await.expect("outbox");
        assert_eq!(
            mails.len(),
            1,
            "the registered person hears of the new time"
        );
        assert!(mails[0].body.contains("18:00"), "{}", mails[0].body);
    }
);

on_both_backends!(
    changing_all_dates_refuses_a_collision_and_changes_nothing,
    |db| {
        let (room, category) = small_house(&db).await;
        let details = SeriesDetails::simple("Chor", "", category, room);
        let choir = series("2027-01-05T10:00", 60, Some("FREQ=WEEKLY;COUNT=10"));
        let created = db
            .create_series(&details, &choir, None, day("2026-11-25"))
            .await
            .expect("series");
        db.create_event(
            &event(
                "Konzert",
                room,
                category,
                "2027-02-09T17:00",
                "2027-02-09T20:00",
            ),
            None,
        )
        .await
        .expect("concert");
        let person = residents(&db, 1).await[0];
        let first = rows_of(&db, created.series_id).await[0].occurrence_id;
        let evening = change(first, false, details.clone(), "2027-01-05T18:30");
        assert_eq!(
            refusal(db.change_series(&evening, person, day("2026-11-25")).await),
            ("room_id".to_owned(), Msg::RoomTaken)
        );
        assert!(
            dates_of(&db, created.series_id)
                .await
                .iter()
                .all(|(_, time, _)| time == "10:00"),
            "nothing changed"
        );
        let too_long = SeriesChange {
            duration_minutes: 8 * 24 * 60,
            ..change(first, false, details.clone(), "2027-01-05T12:00")
        };
        assert_eq!(
            refusal(db.change_series(&too_long, person, day("2026-11-25")).await),
            ("ends_at".to_owned(), Msg::SeriesOverlapsItself)
        );
        let noon = change(first, false, details, "2027-01-05T12:00");
        db.change_series(&noon, person, day("2026-11-25"))
            .await
            .expect("changed");
        let dates = dates_of(&db, created.series_id).await;
        assert_eq!(dates.len(), 10);
        assert!(
            dates.iter().all(|(_, time, _)| time == "12:00"),
            "{dates:?}"
        );
    }
);

on_both_backends!(one_date_changes_alone_and_keeps_its_change, |db| {
    let (room, category) = small_house(&db).await;
    let mut details = SeriesDetails::simple("Nähkurs", "", category, room);
    details.seats = Some(4);
    let course = series("2027-01-05T10:00", 60, Some("FREQ=WEEKLY;COUNT=10"));
    let created = db
        .create_series(&details, &course, None, day("2026-11-25"))
        .await
        .expect("series");
    let rows = rows_of(&db, created.series_id).await;
    let (second, third) = (rows[1].occurrence_id, rows[2].occurrence_id);
    let person = residents(&db, 1).await[0];
    db.register(third, person).await.expect("register");
    db.change_date(
        second,
        DateChange {
            slot: Some(TimeSlot {
                starts_at: at("2027-01-12T14:00"),
                ends_at: at("2027-01-12T15:00"),
            }),
            ..DateChange::default()
        },
        person,
    )
    .await
    .expect("moved");
    db.change_date(
        third,
        DateChange {
            cancelled: Some(true),
            ..DateChange::default()
        },
        person,
    )
    .await
    .expect("cancelled");
    let mails = db.unsent_mails().await.expect("outbox");
    assert_eq!(mails.len(), 1);
    assert!(
        mails[0].subject.starts_with("Termin fällt aus"),
        "{}",
        mails[0].subject
    );
    // A later change to all dates leaves the two dates changed on their own alone.
    db.change_series(
        &change(
            rows[0].occurrence_id,
            false,
            details.clone(),
            "2027-01-05T11:00",
        ),
        person,
        day("2026-11-25"),
    )
    .await
    .expect("changed");
    let dates = dates_of(&db, created.series_id).await;
    assert_eq!(dates[0].1, "11:00");
    assert_eq!(dates[1].1, "14:00");
    assert_eq!(
        (dates[2].1.as_str(), dates[2].2.as_str()),
        ("10:00", "cancelled")
    );
    assert!(dates[3..].iter().all(|(_, time, _)| time == "11:00"));
    // The cancelled date frees the room; letting it take place again needs it free.
    db.create_event(
        &event(
            "Lesung",
            room,
            category,
            "2027-01-19T10:30",
            "2027-01-19T12:00",
        ),
        None,
    )
    .await
    .expect("the freed room can be booked");
    assert_eq!(
        refusal(
            db.change_date(
                third,
                DateChange {
                    cancelled: Some(false),
                    ..DateChange::default()
                },
                person,
            )
            .await
        ),
        ("room_id".to_owned(), Msg::RoomTaken)
    );
    assert!(matches!(
        db.change_date(999_999, DateChange::default(), person).await,
        Err(StoreError::App(AppError::NotFound))
    ));
});

on_both_backends!(a_date_skipped_for_a_holiday_can_be_restored, |db| {
    let (room, category) = small_house(&db).await;
    let details = SeriesDetails::simple("Gymnastik 60+", "", category, room);
    let mut mondays = series("2027-03-01T10:00", 60, Some("FREQ=WEEKLY;BYDAY=MO;COUNT=8"));
    mondays.skip_public_holidays = true;
    let created = db
        .create_series(&details, &mondays, None, day("2026-11-25"))
        .await
        .expect("series");
    let first = rows_of(&db, created.series_id).await[0].occurrence_id;
    let editor = db
        .series_editor(first, day("2026-11-25"))
        .await
        .expect("q")
        .expect("editor");
    use app::series::recurrence::Skip;
    assert_eq!(
        editor.skipped,
        vec![(day("2027-03-29"), Skip::PublicHoliday)]
    );
    assert!(
        matches!(
            db.restore_date(created.series_id, day("2027-03-30"), 0)
                .await,
            Err(StoreError::App(AppError::NotFound))
        ),
        "a date the rule does not give"
    );
    let person = residents(&db, 1).await[0];
    let restored = db
        .restore_date(created.series_id, day("2027-03-29"), person)
        .await
        .expect("restored");
    assert!(restored.is_some());
    let dates = dates_of(&db, created.series_id).await;
    assert!(
        dates
            .iter()
            .any(|(d, time, _)| d == "2027-03-29" && time == "10:00")
    );
    let editor = db
        .series_editor(first, day("2026-11-25"))
        .await
        .expect("q")
        .expect("editor");
    assert!(editor.skipped.is_empty());
    // The extension of the horizon keeps the restored date and adds no second one.
    db.extend_horizons(day("2027-06-01")).await.expect("extend");
    let again = dates_of(&db, created.series_id).await;
    assert_eq!(
        again.iter().filter(|(d, _, _)| d == "2027-03-29").count(),
        1
    );
});

on_both_backends!(
    a_series_change_counts_dates_kept_alone_and_never_overfills,
    |db| {
        let (room, category) = small_house(&db).await;
        let mut details = SeriesDetails::simple("Tanzkurs", "", category, room);
        details.seats = Some(2);
        let course = series("2027-01-05T10:00", 60, Some("FREQ=WEEKLY;COUNT=10"));
        let created = db
            .create_series(&details, &course, None, day("2026-11-25"))
            .await
            .expect("series");
        let rows = rows_of(&db, created.series_id).await;
        let people = residents(&db, 3).await;
        // The second date moves alone to the Wednesday.
        db.change_date(
            rows[1].occurrence_id,
            DateChange {
                slot: Some(TimeSlot {
                    starts_at: at("2027-01-13T10:00"),
                    ends_at: at("2027-01-13T11:00"),
                }),
                ..DateChange::default()
            },
            people[0],
        )
        .await
        .expect("moved");
        // Tuesdays and Wednesdays from now on would put a new Wednesday on the moved date.
        let both = SeriesChange {
            rule: Some(
                Rule::parse_rrule("FREQ=WEEKLY;BYDAY=TU,WE;COUNT=10", HOUSE_ZONE).expect("rule"),
            ),
            keeps_rule: false,
            ..change(
                rows[0].occurrence_id,
                false,
                details.clone(),
                "2027-01-05T10:00",
            )
        };
        assert_eq!(
            refusal(db.change_series(&both, people[0], day("2026-11-25")).await),
            ("room_id".to_owned(), Msg::RoomTaken)
        );
        // The opened date must be one the rule gives.
        let wednesday = SeriesChange {
            rule: Some(
                Rule::parse_rrule("FREQ=WEEKLY;BYDAY=TU;COUNT=10", HOUSE_ZONE).expect("rule"),
            ),
            keeps_rule: false,
            ..change(
                rows[0].occurrence_id,
                false,
                details.clone(),
                "2027-01-06T10:00",
            )
        };
        assert_eq!(
            refusal(
                db.change_series(&wednesday, people[0], day("2026-11-25"))
                    .await
            ),
            ("starts_at".to_owned(), Msg::StartNotInRule)
        );
        let earlier = change(
            rows[3].occurrence_id,
            true,
            details.clone(),
            "2027-01-19T10:00",
        );
        assert_eq!(
            refusal(
                db.change_series(&earlier, people[0], day("2026-11-25"))
                    .await
            ),
            ("starts_at".to_owned(), Msg::SplitStartsBefore)
        );
        // Rule 2: two confirmed places and one waiting on the third date.
        let third = rows[2].occurrence_id;
        for &person in &people {
            db.register(third, person).await.expect("register");
        }
        let fewer = SeriesDetails {
            seats: Some(1),
            ..details.clone()
        };
        assert_eq!(
            refusal(
                db.change_series(
                    &change(rows[0].occurrence_id, false, fewer, "2027-01-05T10:00"),
                    people[0],
                    day("2026-11-25")
                )
                .await
            ),
            ("seats".to_owned(), Msg::SeatsBelowRegistered)
        );
        let more = SeriesDetails {
            seats: Some(3),
            ..details.clone()
        };
        db.change_series(
            &change(rows[0].occurrence_id, false, more, "2027-01-05T10:00"),
            people[0],
            day("2026-11-25"),
        )
        .await
        .expect("more seats");
        assert_eq!(db.registration_counts(third).await.expect("counts"), (3, 0));
        let mails = db.unsent_mails().await.expect("outbox");
        assert_eq!(mails.len(), 1, "the person who moved up hears of it");
        assert_eq!(mails[0].recipient, "person2@example.org");
    }
);
