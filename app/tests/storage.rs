//! The storage test-suite: every test runs on a fresh SQLite file and on a fresh
//! PostgreSQL database.
use app::domain::accounts::{DisplayName, Email, Role};
use app::domain::calendar::{NewEvent, RoomBuffers, TimeSlot};
use app::domain::time::{HOUSE_ZONE, local_to_utc, parse_local};
use app::error::AppError;
use app::i18n::Msg;
use app::store::calendar::NewRoom;
use app::store::testing::TestDb;
use app::store::{Db, StoreError};
use chrono::{Duration, NaiveDate, Utc};

macro_rules! on_both_backends {
    ($name:ident, |$db:ident| $body:block) => {
        mod $name {
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let test = TestDb::sqlite().await;
                {
                    let $db = test.db.clone();
                    $body
                }
                test.cleanup().await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
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
        app::store::demo::seed(&db, "not-a-real-hash", today)
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
        for (address, _, roles) in app::store::demo::DEMO_ACCOUNTS {
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
    let since = Utc::now() - Duration::minutes(15);
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
        db.rate_limit_hits("login:a@example.org", Utc::now() + Duration::minutes(1))
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
            let admin = app::store::testing::postgres_admin_url();
            let base = admin
                .rsplit_once('/')
                .map_or(admin.as_str(), |(base, _)| base)
                .to_owned();
            format!("{base}/{name}")
        }
    }
}
