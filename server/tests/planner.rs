//! The room planner over HTTP: only organisers plan, bad moves are refused with
//! a clear status and change nothing, and 500 concurrent moves into one slot
//! place exactly one date, on SQLite, on PostgreSQL and through two processes.
mod common;

use app::calendar::rules::SeriesDetails;
use app::db::{Db, testing::TestDb};
use app::series::recurrence::Series;
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use common::{ORGANISER, RESIDENT, ServerProcess, TestApp, client_for, run, signed_in, today};
use reqwest::StatusCode;
use std::collections::BTreeSet;

/// A Monday at least three weeks ahead on which the demo house is open.
fn open_monday() -> NaiveDate {
    let mut day = today() + Duration::days(21);
    while day.weekday() != Weekday::Mon || app::demo::next_open_day(day) != day {
        day += Duration::days(1);
    }
    day
}

async fn room_id(db: &Db, name: &str) -> i64 {
    db.value("select room_id from room where name = $1", app::args![name])
        .await
        .expect("a demo room")
}

/// `count` dates without a room on `day`, straight into the store.
async fn tray_dates(db: &Db, count: usize, day: NaiveDate) -> Vec<(i64, i64)> {
    let category = db.categories().await.expect("categories")[0].category_id;
    let mut dates = Vec::new();
    for i in 0..count {
        let mut details = SeriesDetails::simple(&format!("Wartet {i}"), "", category, 0);
        details.room_id = None;
        let start = day.and_hms_opt(8, 0, 0).expect("time");
        let series = Series {
            first_start: start,
            duration_minutes: 30,
            rule: None,
            exceptions: BTreeSet::new(),
            restored: BTreeSet::new(),
            skip_public_holidays: false,
            skip_school_holidays: false,
        };
        let created = db
            .create_series(&details, &series, None, today())
            .await
            .expect("a date without a room");
        dates.push((created.first_occurrence_id, 1));
    }
    dates
}

/// A form as reqwest sends it: name–value pairs.
type Form = Vec<(String, String)>;

fn move_form(id: i64, version: i64, room: i64, from: &str, until: &str) -> Vec<(String, String)> {
    vec![
        ("occurrence_id".into(), id.to_string()),
        ("version".into(), version.to_string()),
        ("room_id".into(), room.to_string()),
        ("starts_at".into(), from.to_owned()),
        ("ends_at".into(), until.to_owned()),
    ]
}

async fn post(
    client: &reqwest::Client,
    base: &str,
    form: &[(String, String)],
) -> (StatusCode, String) {
    let response = client
        .post(format!("{base}/api/planner/move"))
        .form(form)
        .send()
        .await
        .expect("request");
    let status = response.status();
    (status, response.text().await.unwrap_or_default())
}

#[test]
fn the_planner_is_for_organisers_and_admins_only() {
    run(async {
        let app = TestApp::spawn().await;
        let page = |client: reqwest::Client| {
            let url = app.url("/planner?view=week");
            async move {
                let response = client.get(url).send().await.expect("page");
                (response.status(), response.text().await.unwrap_or_default())
            }
        };
        assert_eq!(
            page(client_for(&app.base)).await.0,
            StatusCode::UNAUTHORIZED
        );
        let resident = signed_in(&app.base, RESIDENT).await;
        assert_eq!(page(resident.clone()).await.0, StatusCode::FORBIDDEN);
        let (status, body) = page(signed_in(&app.base, ORGANISER).await).await;
        assert_eq!(status, StatusCode::OK);
        for shown in [
            "<table class=\"planner-week\"",
            "Saal A",
            "Ukrainisches Gesprächscafé",
            "data-tray",
        ] {
            assert!(body.contains(shown), "the organiser's plan shows {shown}");
        }
        let admin = signed_in(&app.base, "admin@example.org").await;
        assert_eq!(page(admin).await.0, StatusCode::OK);
        let db = &app.test_db.db;
        let day = open_monday();
        let (id, version) = tray_dates(db, 1, day).await[0];
        let form = move_form(
            id,
            version,
            room_id(db, "Seminarraum").await,
            &format!("{day}T10:00"),
            &format!("{day}T11:00"),
        );
        assert_eq!(
            post(&client_for(&app.base), &app.base, &form).await.0,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            post(&resident, &app.base, &form).await.0,
            StatusCode::FORBIDDEN
        );
        let versions: i64 = db
            .value("select count(*) from planner_change", app::args![])
            .await
            .expect("count");
        assert_eq!(versions, 0, "nothing changed");
        app.test_db.cleanup().await;
    });
}

#[test]
fn bad_moves_are_refused_with_a_clear_status_and_change_nothing() {
    run(async {
        let app = TestApp::spawn().await;
        let db = &app.test_db.db;
        let organiser = signed_in(&app.base, ORGANISER).await;
        let day = open_monday();
        let (id, _) = tray_dates(db, 1, day).await[0];
        let seminar = room_id(db, "Seminarraum").await;
        let elsewhere = db.create_house("Anderes Haus", "").await.expect("house");
        let foreign = db
            .create_room(
                elsewhere,
                &app::calendar::house::NewRoom {
                    name: "Fremd",
                    capacity: 10,
                    features: &[],
                    resident_bookable: false,
                    buffers: Default::default(),
                    colour: "#000000",
                },
            )
            .await
            .expect("room");
        let at = |h: &str| format!("{day}T{h}");
        let next_day = format!("{}T16:00", day + Duration::days(1));
        let spring = {
            // The night the clocks go forward in the year after the day.
            let year = day.year() + 1;
            let march_end = NaiveDate::from_ymd_opt(year, 3, 31).expect("date");
            let sunday =
                march_end - Duration::days(i64::from(march_end.weekday().num_days_from_sunday()));
            format!("{sunday}T02:30")
        };
        let cases: Vec<(&str, Form, StatusCode)> = vec![
            (
                "a forged id",
                move_form(id + 100_000, 1, seminar, &at("10:00"), &at("11:00")),
                StatusCode::NOT_FOUND,
            ),
            (
                "an id that is no number",
                {
                    let mut f = move_form(id, 1, seminar, &at("10:00"), &at("11:00"));
                    f[0].1 = "x'; drop".into();
                    f
                },
                StatusCode::NOT_FOUND,
            ),
            (
                "a room of another house",
                move_form(id, 1, foreign, &at("10:00"), &at("11:00")),
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            (
                "an unknown room",
                move_form(id, 1, 9_999_999, &at("10:00"), &at("11:00")),
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            (
                "an end before the start",
                move_form(id, 1, seminar, &at("11:00"), &at("10:00")),
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            (
                "no duration",
                move_form(id, 1, seminar, &at("10:00"), &at("10:00")),
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            (
                "30 hours",
                move_form(id, 1, seminar, &at("10:00"), &next_day),
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            (
                "a time skipped by the clock change",
                move_form(id, 1, seminar, &spring, &at("11:00")),
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            (
                "a time that is no time",
                move_form(id, 1, seminar, "morgen", &at("11:00")),
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            (
                "a missing version",
                {
                    let mut f = move_form(id, 1, seminar, &at("10:00"), &at("11:00"));
                    f[1].1 = String::new();
                    f
                },
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            (
                "a stale version",
                move_form(id, 0, seminar, &at("10:00"), &at("11:00")),
                StatusCode::CONFLICT,
            ),
            (
                "the house closed (Christmas Eve)",
                move_form(
                    id,
                    1,
                    seminar,
                    &format!("{}-12-24T10:00", day.year()),
                    &format!("{}-12-24T11:00", day.year()),
                ),
                StatusCode::CONFLICT,
            ),
            (
                "outside the opening hours",
                move_form(id, 1, seminar, &at("22:00"), &at("23:00")),
                StatusCode::CONFLICT,
            ),
        ];
        for (what, form, expected) in cases {
            let (status, body) = post(&organiser, &app.base, &form).await;
            assert_eq!(status, expected, "{what}: {body}");
            assert!(!body.is_empty(), "{what}: a message says why");
        }
        let huge = vec![(
            "occurrence_id".to_owned(),
            "1".repeat(server::router::BODY_LIMIT_BYTES + 1),
        )];
        let (status, _) = post(&organiser, &app.base, &huge).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "an oversized body");
        let row: (Option<i64>, i64) = db
            .optional(
                "select room_id, cast(version as bigint) from occurrence where occurrence_id = $1",
                app::args![id],
            )
            .await
            .expect("query")
            .expect("the date");
        let changes: i64 = db
            .value("select count(*) from planner_change", app::args![])
            .await
            .expect("count");
        assert_eq!((row, changes), ((None, 1), 0), "nothing changed");
        let (status, body) = post(
            &organiser,
            &app.base,
            &move_form(id, 1, seminar, &at("10:00"), &at("11:00")),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "a good move still works: {body}");
        app.test_db.cleanup().await;
    });
}

const RACERS: usize = 500;

/// 500 moves of 100 dates (five requests each) into one slot, half into the
/// great hall and half into its part A, spread over `bases`: exactly one is
/// saved, every other request is a 409, and one row shows it.
async fn race(db: &Db, bases: &[String]) {
    let day = open_monday();
    let hall = room_id(db, "Großer Saal").await;
    let part = room_id(db, "Saal A").await;
    let dates = tray_dates(db, RACERS / 5, day).await;
    let mut clients = Vec::new();
    for base in bases {
        clients.push((base.clone(), signed_in(base, ORGANISER).await));
    }
    let (from, until) = (format!("{day}T10:00"), format!("{day}T11:00"));
    let requests = (0..RACERS).map(|i| {
        let (id, version) = dates[i % dates.len()];
        let room = if i % 2 == 0 { hall } else { part };
        let (base, client) = clients[i % clients.len()].clone();
        let form = move_form(id, version, room, &from, &until);
        tokio::spawn(async move { post(&client, &base, &form).await })
    });
    let answers = futures::future::join_all(requests).await;
    let mut won = 0;
    for answer in answers {
        let (status, body) = answer.expect("task");
        match status {
            StatusCode::OK => won += 1,
            StatusCode::CONFLICT => assert!(
                body.contains("RoomTaken") || body.contains("PlannerChangedMeanwhile"),
                "a clear conflict: {body}"
            ),
            other => panic!("every request is decided: {other} {body}"),
        }
    }
    assert_eq!(won, 1, "exactly one move wins the slot");
    let (start, _) = app::calendar::api::ssr::day_bounds(day, day);
    let placed: i64 = db
        .value(
            "select count(*) from occurrence where room_id in ($1, $2) and starts_at >= $3 and starts_at < $4",
            app::args![hall, part, start, start + Duration::days(1)],
        )
        .await
        .expect("count");
    let recorded: i64 = db
        .value("select count(*) from planner_change", app::args![])
        .await
        .expect("count");
    assert_eq!((placed, recorded), (1, 1), "nothing half-saved");
}

#[test]
fn five_hundred_moves_into_one_slot_place_one_on_sqlite() {
    run(async {
        let app = TestApp::spawn().await;
        race(&app.test_db.db, std::slice::from_ref(&app.base)).await;
        app.test_db.cleanup().await;
    });
}

#[test]
fn five_hundred_moves_into_one_slot_place_one_on_postgres() {
    run(async {
        let Some(test_db) = TestDb::postgres().await else {
            return;
        };
        let app = TestApp::spawn_on(test_db, true).await;
        race(&app.test_db.db, std::slice::from_ref(&app.base)).await;
        app.test_db.cleanup().await;
    });
}

#[test]
fn five_hundred_moves_into_one_slot_through_two_processes_on_postgres() {
    run(async {
        let Some(test_db) = TestDb::postgres().await else {
            return;
        };
        let first = ServerProcess::start(&test_db.url).await;
        let second = ServerProcess::start(&test_db.url).await;
        race(&test_db.db, &[first.base.clone(), second.base.clone()]).await;
        drop(first);
        drop(second);
        test_db.cleanup().await;
    });
}
