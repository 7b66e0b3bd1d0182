//! Room requests over HTTP: who may do what, hostile input refused at its field
//! or at the door, an approved request only "occupied" in public, the admin's
//! settings, and of many approvals for one slot at once, on one server or on
//! two processes sharing PostgreSQL, exactly one is made.
mod common;

use app::accounts::rules::{DisplayName, Email, Role};
use app::bookings::rules::RequestDraft;
use app::db::testing::TestDb;
use chrono::{Datelike, Duration, NaiveDate, NaiveTime};
use common::{ORGANISER, RESIDENT, ServerProcess, TestApp, client_for, run, signed_in, signed_up};
use reqwest::StatusCode;

const ADMIN: &str = "admin@example.org";

async fn post(
    client: &reqwest::Client,
    base: &str,
    function: &str,
    form: &[(&str, &str)],
) -> (StatusCode, String) {
    let response = client
        .post(format!("{base}/api/bookings/{function}"))
        .form(form)
        .send()
        .await
        .expect("request");
    let status = response.status();
    (status, response.text().await.unwrap_or_default())
}

async fn get(client: &reqwest::Client, url: String) -> (StatusCode, String) {
    let response = client.get(url).send().await.expect("request");
    let status = response.status();
    (status, response.text().await.unwrap_or_default())
}

/// A room residents may request (the demo's café, 40 people) and one they may not.
async fn rooms(app: &TestApp) -> (i64, i64) {
    let db = &app.test_db.db;
    let open: i64 = db
        .value(
            "select room_id from room where name = 'Nachbarschaftscafé'",
            app::args![],
        )
        .await
        .expect("café");
    let closed: i64 = db
        .value(
            "select room_id from room where not resident_bookable order by room_id limit 1",
            app::args![],
        )
        .await
        .expect("a room residents cannot request");
    (open, closed)
}

/// A weekday some weeks ahead on which the demo house is open from 8 to 22;
/// its café is free in the evening.
fn free_day() -> NaiveDate {
    let mut day = common::open_day(35);
    while day.weekday().number_from_monday() > 5 {
        day = common::open_day((day - common::today()).num_days() + 1);
    }
    day
}

fn form<'a>(
    room: &'a str,
    date: &'a str,
    starts: &'a str,
    ends: &'a str,
    guests: &'a str,
    purpose: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("room_id", room),
        ("date", date),
        ("starts", starts),
        ("ends", ends),
        ("guests", guests),
        ("purpose", purpose),
        ("contact", "0231 123456"),
        ("rules_accepted", "on"),
        ("website", ""),
    ]
}

/// The last Sunday of March next year: its 02:30 does not exist in Berlin.
fn spring_forward() -> NaiveDate {
    let year = common::today().year() + 1;
    let end = NaiveDate::from_ymd_opt(year, 3, 31).expect("date");
    end - Duration::days(i64::from(end.weekday().num_days_from_sunday()))
}

#[test]
fn room_requests_check_who_asks_and_refuse_hostile_input() {
    run(async {
        let app = TestApp::spawn().await;
        let (cafe, office) = rooms(&app).await;
        let (cafe, office) = (cafe.to_string(), office.to_string());
        let day = free_day().to_string();
        let anonymous = client_for(&app.base);
        let valid = form(
            &cafe,
            &day,
            "19:00",
            "20:30",
            "12",
            "Geburtstag <script>alert(1)</script>",
        );
        assert_eq!(
            post(&anonymous, &app.base, "request", &valid).await.0,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            get(&anonymous, app.url("/api/bookings/queue")).await.0,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            get(&anonymous, app.url("/rooms/request")).await.0,
            StatusCode::UNAUTHORIZED
        );

        let resident = signed_in(&app.base, RESIDENT).await;
        let mut bot = valid.clone();
        bot[8].1 = "https://spam.example";
        assert_eq!(
            post(&resident, &app.base, "request", &bot).await.0,
            StatusCode::BAD_REQUEST
        );
        let yesterday = (common::today() - Duration::days(1)).to_string();
        let skipped = spring_forward().to_string();
        let long = "x".repeat(501);
        let refused: [(Vec<(&str, &str)>, &str); 7] = [
            (
                form(&cafe, &day, "19:00", "20:30", "41", "Feier"),
                "RequestOverCapacity",
            ),
            (
                form(&cafe, &yesterday, "19:00", "20:30", "5", "Feier"),
                "RequestInPast",
            ),
            (
                form(&cafe, &day, "25:99", "07:30", "5", "Feier"),
                "TimeInvalid",
            ),
            (
                form(&cafe, &skipped, "02:30", "04:00", "5", "Feier"),
                "TimeSkippedByDst",
            ),
            (
                form(&cafe, &day, "19:00", "20:30", "5", &long),
                "TextTooLong",
            ),
            (
                form(&office, &day, "19:00", "20:30", "2", "Feier"),
                "RoomNotRequestable",
            ),
            (
                form("99999999", &day, "19:00", "20:30", "2", "Feier"),
                "RoomNotRequestable",
            ),
        ];
        for (fields, expected) in refused {
            let (status, body) = post(&resident, &app.base, "request", &fields).await;
            assert_eq!(
                status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{expected}: {body}"
            );
            assert!(body.contains(expected), "{expected}: {body}");
        }
        let mut unruly = valid.clone();
        unruly.retain(|(name, _)| *name != "rules_accepted");
        let (status, body) = post(&resident, &app.base, "request", &unruly).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("RequestRulesRequired"), "{body}");
        let huge = "y".repeat(2_000_000);
        let flood = form(&cafe, &day, "19:00", "20:30", "5", &huge);
        assert!(
            post(&resident, &app.base, "request", &flood)
                .await
                .0
                .is_client_error()
        );

        // The house closes at five on that weekday: an evening request is refused at its field.
        let db = &app.test_db.db;
        let house: i64 = db
            .value(
                "select house_id from house order by house_id limit 1",
                app::args![],
            )
            .await
            .expect("house");
        let weekday = free_day().weekday();
        let nine = NaiveTime::from_hms_opt(9, 0, 0).expect("time");
        let five = NaiveTime::from_hms_opt(17, 0, 0).expect("time");
        db.set_opening_hours(house, weekday, Some((nine, five)))
            .await
            .expect("hours");
        let (status, body) = post(&resident, &app.base, "request", &valid).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("PlannerOutsideHours"), "{body}");
        let eight = NaiveTime::from_hms_opt(8, 0, 0).expect("time");
        let ten = NaiveTime::from_hms_opt(22, 0, 0).expect("time");
        db.set_opening_hours(house, weekday, Some((eight, ten)))
            .await
            .expect("the demo's hours again");

        let (status, body) = post(&resident, &app.base, "request", &valid).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let id: i64 = body
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("an id, not {body}"));
        let id_text = id.to_string();
        let (status, body) = post(&resident, &app.base, "request", &valid).await;
        assert_eq!(
            status,
            StatusCode::OK,
            "a waiting request holds nothing: {body}"
        );
        let second: i64 = body.trim().parse().expect("an id");

        let decide = |id: &str, decision: &'static str, reason: &'static str| {
            vec![
                ("request_id", id.to_owned()),
                ("decision", decision.to_owned()),
                ("reason", reason.to_owned()),
            ]
        };
        let as_resident = resident
            .post(app.url("/api/bookings/decide"))
            .form(&decide(&id_text, "approve", ""))
            .send()
            .await
            .expect("request");
        assert_eq!(as_resident.status(), StatusCode::FORBIDDEN);
        assert_eq!(
            get(&resident, app.url("/api/bookings/queue")).await.0,
            StatusCode::FORBIDDEN
        );
        let stranger = signed_up(&app, "fremd@example.org").await;
        assert_eq!(
            post(
                &stranger,
                &app.base,
                "withdraw",
                &[("request_id", id_text.as_str())]
            )
            .await
            .0,
            StatusCode::NOT_FOUND
        );
        for forged in ["abc", "-1", "0", "99999999", "1 or 1=1"] {
            assert_eq!(
                post(&stranger, &app.base, "withdraw", &[("request_id", forged)])
                    .await
                    .0,
                StatusCode::NOT_FOUND,
                "{forged}"
            );
        }
        let message = [("request_id", id_text.as_str()), ("body", "Hallo")];
        assert_eq!(
            post(&stranger, &app.base, "message", &message).await.0,
            StatusCode::NOT_FOUND
        );
        let empty = [("request_id", id_text.as_str()), ("body", " ")];
        let (status, body) = post(&resident, &app.base, "message", &empty).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("MessageRequired"), "{body}");
        assert_eq!(
            post(&resident, &app.base, "message", &message).await.0,
            StatusCode::OK
        );
        let (status, mine) = get(&stranger, app.url("/api/bookings/mine")).await;
        assert_eq!(
            (status, mine.as_str()),
            (StatusCode::OK, "[]"),
            "nobody else's requests"
        );

        let organiser = signed_in(&app.base, ORGANISER).await;
        let (status, html) = get(&organiser, app.url("/moderation/requests")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            html.contains("Geburtstag &lt;script&gt;"),
            "the purpose is text"
        );
        assert!(
            !html.to_lowercase().contains("<script>alert"),
            "no script from the purpose"
        );
        let (status, body) = post(
            &organiser,
            &app.base,
            "decide",
            &[
                ("request_id", &id_text),
                ("decision", "decline"),
                ("reason", ""),
            ],
        )
        .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "a no needs a reason"
        );
        assert!(body.contains("MessageRequired"), "{body}");
        let (status, _) = post(
            &organiser,
            &app.base,
            "decide",
            &[
                ("request_id", &id_text),
                ("decision", "publish"),
                ("reason", ""),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let (status, body) = post(
            &organiser,
            &app.base,
            "decide",
            &[
                ("request_id", &id_text),
                ("decision", "approve"),
                ("reason", ""),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (status, body) = post(
            &organiser,
            &app.base,
            "decide",
            &[
                ("request_id", &second.to_string()),
                ("decision", "approve"),
                ("reason", ""),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT, "the slot is taken now");
        assert!(body.contains("RequestSlotTakenMeanwhile"), "{body}");

        // The public sees the approved date as "occupied", nothing of its purpose.
        let api = format!("/api/v1/events?from={day}&to={day}");
        let (status, json) = get(&anonymous, app.url(&api)).await;
        assert_eq!(status, StatusCode::OK);
        let json: serde_json::Value = serde_json::from_str(&json).expect("json");
        let events = json["events"].as_array().expect("events");
        let booked: Vec<&serde_json::Value> =
            events.iter().filter(|e| e["kind"] == "occupied").collect();
        assert_eq!(booked.len(), 1, "{events:?}");
        assert!(
            !json.to_string().contains("Geburtstag"),
            "no purpose in public"
        );
        app.test_db.cleanup().await;
    });
}

#[test]
fn only_admins_change_rooms_and_house_rules_and_visitors_read_them_in_their_language() {
    run(async {
        let app = TestApp::spawn().await;
        let (cafe, office) = rooms(&app).await;
        let (cafe, office) = (cafe.to_string(), office.to_string());
        let organiser = signed_in(&app.base, ORGANISER).await;
        let save_room = [
            ("room_id", office.as_str()),
            ("fee", "25"),
            ("bookable", "on"),
        ];
        assert_eq!(
            post(&organiser, &app.base, "save_room", &save_room).await.0,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            get(&organiser, app.url("/api/bookings/settings")).await.0,
            StatusCode::FORBIDDEN
        );
        let admin = signed_in(&app.base, ADMIN).await;
        let (status, body) = post(
            &admin,
            &app.base,
            "save_room",
            &[
                ("room_id", cafe.as_str()),
                ("fee", "zwölf"),
                ("bookable", "on"),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("FeeInvalid"), "{body}");
        assert_eq!(
            post(
                &admin,
                &app.base,
                "save_room",
                &[("room_id", "99999999"), ("fee", "")]
            )
            .await
            .0,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            post(&admin, &app.base, "save_room", &save_room).await.0,
            StatusCode::OK
        );
        let fee: Option<i32> = app
            .test_db
            .db
            .value(
                "select fee_cents from room where room_id = $1",
                app::args![office.parse::<i64>().expect("id")],
            )
            .await
            .expect("fee");
        assert_eq!(fee, Some(2500));

        let rules_de = [
            ("language", "de"),
            ("body", "Bitte um 22 Uhr die Musik leiser. <b>Danke</b>"),
        ];
        assert_eq!(
            post(&organiser, &app.base, "save_rules", &rules_de).await.0,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            post(
                &admin,
                &app.base,
                "save_rules",
                &[("language", "xx"), ("body", "x")]
            )
            .await
            .0,
            StatusCode::BAD_REQUEST
        );
        let long = "r".repeat(20_001);
        assert_eq!(
            post(
                &admin,
                &app.base,
                "save_rules",
                &[("language", "de"), ("body", &long)]
            )
            .await
            .0,
            StatusCode::UNPROCESSABLE_ENTITY
        );
        assert_eq!(
            post(&admin, &app.base, "save_rules", &rules_de).await.0,
            StatusCode::OK
        );
        assert_eq!(
            post(
                &admin,
                &app.base,
                "save_rules",
                &[("language", "en"), ("body", "Quiet after 10 pm.")]
            )
            .await
            .0,
            StatusCode::OK
        );

        let resident = signed_in(&app.base, RESIDENT).await;
        let (status, html) =
            get(&resident, app.url(&format!("/rooms/request?room={office}"))).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            html.contains("Bitte um 22 Uhr die Musik leiser. &lt;b&gt;Danke&lt;/b&gt;"),
            "German rules, as text"
        );
        assert!(html.contains("25,00 €"), "the fee");
        resident
            .post(app.url("/language"))
            .form(&[("lang", "en"), ("back", "/rooms/request")])
            .send()
            .await
            .expect("switch");
        let (_, english) = get(&resident, app.url("/rooms/request")).await;
        assert!(
            english.contains("Quiet after 10 pm."),
            "English rules in English"
        );
        app.test_db.cleanup().await;
    });
}

const APPROVALS: usize = 100;
const REQUESTS: usize = 25;

/// `REQUESTS` requests for one slot, and `APPROVALS` approvals of them at once
/// spread over `bases`: one is made, every other is a 409, and the room holds
/// one date there afterwards.
async fn race(db: &app::db::Db, bases: &[String]) {
    let room: i64 = db
        .value(
            "select room_id from room where name = 'Nachbarschaftscafé'",
            app::args![],
        )
        .await
        .expect("café");
    let day = free_day();
    let at = |h| {
        app::kernel::time::local_to_utc(
            day.and_hms_opt(h, 0, 0).expect("time"),
            app::kernel::time::HOUSE_ZONE,
        )
        .expect("instant")
    };
    let mut ids = Vec::new();
    for i in 0..REQUESTS {
        let person = db
            .create_account(
                &Email::parse(&format!("gast{i}@example.org")).expect("email"),
                &DisplayName::parse(&format!("Gast {i}")).expect("name"),
                "not-a-real-hash",
                &[Role::Resident],
            )
            .await
            .expect("account");
        let draft = RequestDraft {
            room_id: room,
            starts_at: at(19),
            ends_at: at(21),
            purpose: format!("Feier {i}"),
            guests: 10,
            contact: String::new(),
        };
        ids.push(
            db.request_room(person, &draft, "https://treffpunkt.example")
                .await
                .expect("request"),
        );
    }
    let mut clients = Vec::new();
    for base in bases {
        clients.push((base.clone(), signed_in(base, ORGANISER).await));
    }
    let approvals = (0..APPROVALS).map(|i| {
        let (base, client) = clients[i % clients.len()].clone();
        let id = ids[i % ids.len()].to_string();
        tokio::spawn(async move {
            let response = client
                .post(format!("{base}/api/bookings/decide"))
                .form(&[
                    ("request_id", id.as_str()),
                    ("decision", "approve"),
                    ("reason", ""),
                ])
                .send()
                .await
                .expect("request");
            (response.status(), response.text().await.unwrap_or_default())
        })
    });
    let mut made = 0;
    for answer in futures::future::join_all(approvals).await {
        let (status, body) = answer.expect("task");
        match status {
            StatusCode::OK => made += 1,
            StatusCode::CONFLICT => assert!(
                body.contains("RequestSlotTakenMeanwhile")
                    || body.contains("RequestDecidedMeanwhile"),
                "{body}"
            ),
            other => panic!("every approval is answered: {other} {body}"),
        }
    }
    assert_eq!(made, 1, "exactly one approval");
    let (approved, dates): (i64, i64) = db
        .one(
            "select (select count(*) from room_request where status = 'approved'),
                    (select count(*) from occurrence where room_id = $1 and starts_at < $2 and ends_at > $3)",
            app::args![room, app::db::instant(at(21)), app::db::instant(at(19))],
        )
        .await
        .expect("counts");
    assert_eq!(
        (approved, dates),
        (1, 1),
        "one approval, one date, nothing half-saved"
    );
}

#[test]
fn of_many_approvals_for_one_slot_exactly_one_is_made_on_sqlite() {
    run(async {
        let app = TestApp::spawn().await;
        race(&app.test_db.db, std::slice::from_ref(&app.base)).await;
        app.test_db.cleanup().await;
    });
}

#[test]
fn of_many_approvals_for_one_slot_exactly_one_is_made_through_two_processes_on_postgres() {
    run(async {
        let Some(test_db) = TestDb::postgres().await else {
            return;
        };
        let app = TestApp::spawn_on(test_db, true).await;
        let first = ServerProcess::start(&app.test_db.url).await;
        let second = ServerProcess::start(&app.test_db.url).await;
        let bases = [first.base.clone(), second.base.clone(), app.base.clone()];
        race(&app.test_db.db, &bases).await;
        drop(first);
        drop(second);
        app.test_db.cleanup().await;
    });
}
