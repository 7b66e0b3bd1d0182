//! What a hostile or careless client can do over HTTP, and what it cannot: guess
//! passwords without end or lock out their owner, crash a server function with
//! malformed input, write without a limit, step outside the URL's clamps, change
//! another group's series, or have a private answer cached.
mod common;

use app::accounts::rules::{DisplayName, Email, Role};
use app::calendar::rules::SeriesDetails;
use app::db::testing::TestDb;
use app::demo::DEMO_PASSWORD;
use app::i18n::{Locale, Msg};
use app::kernel::error::AppError;
use app::series::recurrence::Series;
use common::{ORGANISER, RESIDENT, TestApp, open_day, run};
use reqwest::header::{CACHE_CONTROL, CONTENT_TYPE, HeaderMap, HeaderValue, ORIGIN, RETRY_AFTER};
use reqwest::{Client, Response, StatusCode};
use serde_json::Value;
use std::net::{IpAddr, Ipv4Addr};
use std::time::Duration;

const ADMIN: &str = "admin@example.org";
const WRONG: &str = "falsches-passwort";

/// A browser-like client whose connections come from `127.0.0.{last}`: another
/// address, so another client to the server.
fn client_at(app: &TestApp, last: u8) -> Client {
    let mut headers = HeaderMap::new();
    headers.insert(ORIGIN, HeaderValue::from_str(&app.base).expect("origin"));
    Client::builder()
        .cookie_store(true)
        .default_headers(headers)
        .redirect(reqwest::redirect::Policy::none())
        .local_address(IpAddr::V4(Ipv4Addr::new(127, 0, 0, last)))
        .build()
        .expect("client")
}

async fn post(app: &TestApp, client: &Client, function: &str, form: &[(&str, &str)]) -> Response {
    client
        .post(app.url(&format!("/api/{function}")))
        .form(form)
        .send()
        .await
        .expect("request")
}

async fn login(app: &TestApp, client: &Client, email: &str, password: &str) -> Response {
    post(
        app,
        client,
        "accounts/login",
        &[("email", email), ("password", password)],
    )
    .await
}

fn retry_after(response: &Response) -> i64 {
    response.headers()[RETRY_AFTER]
        .to_str()
        .ok()
        .and_then(|v| v.parse().ok())
        .expect("Retry-After in seconds")
}

/// Runs `body` on a fresh SQLite app and, when a server is there, a PostgreSQL one.
async fn on_both<F: std::future::Future<Output = ()>>(body: impl Fn(TestApp) -> F) {
    body(TestApp::spawn().await).await;
    if let Some(db) = TestDb::postgres().await {
        body(TestApp::spawn_on(db, true).await).await;
    }
}

#[test]
fn a_stranger_s_wrong_guesses_never_keep_the_owner_out() {
    run(on_both(|app| async move {
        let owner = client_at(&app, 2);
        // The stranger also names the owner's address in every forwarding header.
        let mut forged = HeaderMap::new();
        for name in ["x-forwarded-for", "x-real-ip", "x-client-ip"] {
            forged.insert(name, HeaderValue::from_static("127.0.0.2"));
        }
        forged.insert("forwarded", HeaderValue::from_static("for=127.0.0.2"));
        forged.insert(ORIGIN, HeaderValue::from_str(&app.base).expect("origin"));
        let stranger = Client::builder()
            .default_headers(forged)
            .local_address(IpAddr::V4(Ipv4Addr::new(127, 0, 0, 3)))
            .build()
            .expect("client");
        for _ in 0..app::accounts::limits::FREE_LOGIN_FAILURES {
            let response = login(&app, &stranger, ORGANISER, WRONG).await;
            assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        }
        let refused = login(&app, &stranger, ORGANISER, WRONG).await;
        assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!((1..=5).contains(&retry_after(&refused)));
        let right = login(&app, &stranger, ORGANISER, DEMO_PASSWORD).await;
        assert_eq!(
            right.status(),
            StatusCode::TOO_MANY_REQUESTS,
            "while it waits, the stranger learns nothing, not even from the right password"
        );
        let own = login(&app, &owner, ORGANISER, DEMO_PASSWORD).await;
        assert_eq!(own.status(), StatusCode::OK, "the owner is not kept out");
        app.test_db.cleanup().await;
    }));
}

/// A client as the reverse proxy on 127.0.0.1 forwards it: the proxy appends the
/// address it saw, after whatever the client wrote itself.
fn forwarded_for(app: &TestApp, written: &'static str) -> Client {
    let mut headers = HeaderMap::new();
    headers.insert(ORIGIN, HeaderValue::from_str(&app.base).expect("origin"));
    headers.insert("x-forwarded-for", HeaderValue::from_static(written));
    Client::builder()
        .default_headers(headers)
        .local_address(IpAddr::V4(Ipv4Addr::LOCALHOST))
        .build()
        .expect("client")
}

#[test]
fn behind_a_trusted_proxy_each_client_is_counted_on_its_own() {
    run(async {
        let app = TestApp::spawn_with(TestDb::sqlite().await, true, None, |config| {
            config.trusted_proxy = Some(IpAddr::V4(Ipv4Addr::LOCALHOST));
        })
        .await;
        // The stranger names the owner first; the proxy's own entry comes last.
        let stranger = forwarded_for(&app, "198.51.100.2, 198.51.100.3");
        for _ in 0..app::accounts::limits::FREE_LOGIN_FAILURES {
            let response = login(&app, &stranger, ORGANISER, WRONG).await;
            assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        }
        let refused = login(&app, &stranger, ORGANISER, WRONG).await;
        assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
        let owner = forwarded_for(&app, "198.51.100.2");
        let own = login(&app, &owner, ORGANISER, DEMO_PASSWORD).await;
        assert_eq!(
            own.status(),
            StatusCode::OK,
            "all behind one proxy, yet the owner is not kept out"
        );
        app.test_db.cleanup().await;
    });
}

#[test]
fn guessing_from_one_client_waits_longer_and_longer_but_is_never_locked() {
    run(async {
        let app = TestApp::spawn().await;
        let client = client_at(&app, 4);
        for _ in 0..app::accounts::limits::FREE_LOGIN_FAILURES {
            assert_eq!(
                login(&app, &client, ORGANISER, WRONG).await.status(),
                StatusCode::UNPROCESSABLE_ENTITY
            );
        }
        let first = login(&app, &client, ORGANISER, WRONG).await;
        assert_eq!(first.status(), StatusCode::TOO_MANY_REQUESTS);
        let first_wait = retry_after(&first);
        assert!((1..=5).contains(&first_wait), "{first_wait}");
        // Being refused costs no more waiting: a refused try is not counted.
        let again = login(&app, &client, ORGANISER, WRONG).await;
        assert!(retry_after(&again) <= first_wait);
        tokio::time::sleep(Duration::from_millis(5_500)).await;
        assert_eq!(
            login(&app, &client, ORGANISER, WRONG).await.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "after the wait it may try again"
        );
        let second = login(&app, &client, ORGANISER, WRONG).await;
        assert_eq!(second.status(), StatusCode::TOO_MANY_REQUESTS);
        let second_wait = retry_after(&second);
        assert!((6..=10).contains(&second_wait), "doubled: {second_wait}");
        assert_eq!(
            login(&app, &client, RESIDENT, DEMO_PASSWORD).await.status(),
            StatusCode::OK,
            "another address from the same client is not slowed down"
        );
        tokio::time::sleep(Duration::from_millis(10_500)).await;
        assert_eq!(
            login(&app, &client, ORGANISER, DEMO_PASSWORD)
                .await
                .status(),
            StatusCode::OK,
            "the right password works once the wait is over"
        );
        app.test_db.cleanup().await;
    });
}

#[test]
fn a_burst_of_parallel_guesses_is_judged_one_by_one() {
    run(on_both(|app| async move {
        let client = client_at(&app, 5);
        let guesses = (0..30).map(|_| login(&app, &client, ORGANISER, WRONG));
        let statuses: Vec<StatusCode> = futures::future::join_all(guesses)
            .await
            .iter()
            .map(Response::status)
            .collect();
        let checked = statuses
            .iter()
            .filter(|s| **s == StatusCode::UNPROCESSABLE_ENTITY)
            .count();
        let refused = statuses
            .iter()
            .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
            .count();
        assert_eq!((checked, refused), (10, 20), "{statuses:?}");
        app.test_db.cleanup().await;
    }));
}

#[test]
fn a_client_trying_many_addresses_is_stopped_and_others_are_not() {
    run(async {
        let app = TestApp::spawn().await;
        let sprayer = client_at(&app, 6);
        for n in 0..app::accounts::limits::LOGIN_FAILURES_PER_CLIENT {
            let email = format!("person{n}@example.org");
            let response = login(&app, &sprayer, &email, WRONG).await;
            assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{n}");
        }
        let refused = login(&app, &sprayer, "one-more@example.org", WRONG).await;
        assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(
            retry_after(&refused) > 3000,
            "until its first failure is an hour old"
        );
        let other = client_at(&app, 7);
        assert_eq!(
            login(&app, &other, ORGANISER, DEMO_PASSWORD).await.status(),
            StatusCode::OK
        );
        app.test_db.cleanup().await;
    });
}

/// Posts a raw body with a content type to a server function.
async fn raw(app: &TestApp, function: &str, content_type: &str, body: &[u8]) -> Response {
    app.client
        .post(app.url(&format!("/api/{function}")))
        .header(CONTENT_TYPE, content_type)
        .body(body.to_vec())
        .send()
        .await
        .expect("request")
}

#[test]
fn malformed_server_function_input_is_a_translated_400_never_a_500() {
    run(async {
        let app = TestApp::spawn().await;
        assert_eq!(app.login(ORGANISER, DEMO_PASSWORD).await, StatusCode::OK);
        let form = "application/x-www-form-urlencoded";
        let json = "application/json";
        let cases: [(&str, &str, &[u8]); 14] = [
            ("calendar/event", form, b"occurrence_id=abc"),
            ("calendar/event", form, b""),
            ("calendar/event", json, br#"{"occurrence_id": 5}"#),
            ("calendar/event", "text/plain", b"occurrence_id=1e99"),
            ("calendar/register", form, b""),
            ("calendar/register", json, br#"{"occurrence_id": "5"}"#),
            ("calendar/set_date_cancelled", form, b"occurrence_id=1"),
            ("calendar/set_date_cancelled", json, b"[1, true]"),
            ("accounts/login", form, b"%%%&&==&email"),
            ("accounts/login", form, b"email=\xff\xfe&password=\xc3"),
            (
                "accounts/login",
                json,
                br#"{"email":"a@example.org","password":"x"}"#,
            ),
            ("calendar/view", form, b"query=5"),
            ("calendar/view", form, b"query[view]=Year"),
            ("calendar/view", json, br#"{"query":{"view":"Month"}}"#),
        ];
        for (function, content_type, body) in cases {
            let response = raw(&app, function, content_type, body).await;
            let case = format!(
                "{function} {content_type} {:?}",
                String::from_utf8_lossy(body)
            );
            assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{case}");
            assert!(
                response.headers()[CONTENT_TYPE]
                    .to_str()
                    .is_ok_and(|v| v.starts_with("application/json")),
                "{case}"
            );
            let error: AppError = response.json().await.expect(&case);
            assert_eq!(error.summary(), Msg::ErrorBadRequest, "{case}");
        }
        for locale in Locale::ALL {
            assert!(!Msg::ErrorBadRequest.text(locale).is_empty());
        }
        // Well-formed but naming nothing stays what it was: not found.
        let forged = raw(&app, "calendar/register", form, b"occurrence_id=-5").await;
        assert_eq!(forged.status(), StatusCode::NOT_FOUND);
        app.test_db.cleanup().await;
    });
}

/// A date `days` ahead in the house, of a series of the given group (`None`:
/// the house's own), made directly in the store. Returns (series, date) ids.
async fn series_of(app: &TestApp, group_id: Option<i64>, hour: u32) -> (i64, i64) {
    let db = &app.test_db.db;
    let room = db.rooms().await.expect("rooms")[0].room_id;
    let category = db.categories().await.expect("categories")[0].category_id;
    let mut details = SeriesDetails::simple("Gruppentreffen", "", category, room);
    details.group_id = group_id;
    let series = Series {
        first_start: open_day(12).and_hms_opt(hour, 0, 0).expect("time"),
        duration_minutes: 30,
        rule: None,
        exceptions: Default::default(),
        restored: Default::default(),
        skip_public_holidays: false,
        skip_school_holidays: false,
    };
    let created = db
        .create_series(&details, &series, None, common::today())
        .await
        .expect("series");
    (created.series_id, created.first_occurrence_id)
}

/// What each series-changing server function answers `client` for one date.
async fn changes(app: &TestApp, client: &Client, series: i64, date: i64) -> Vec<StatusCode> {
    let (series, date) = (series.to_string(), date.to_string());
    let day = open_day(12).to_string();
    let empty_form = [
        ("occurrence_id", date.as_str()),
        ("scope", "all"),
        ("title", ""),
        ("description", ""),
        ("room_id", ""),
        ("category_id", ""),
        ("starts_at", ""),
        ("ends_at", ""),
    ];
    vec![
        post(
            app,
            client,
            "calendar/series_editor",
            &[("occurrence_id", &date)],
        )
        .await
        .status(),
        post(app, client, "calendar/change_series", &empty_form)
            .await
            .status(),
        post(
            app,
            client,
            "calendar/set_date_cancelled",
            &[("occurrence_id", &date), ("cancelled", "true")],
        )
        .await
        .status(),
        post(
            app,
            client,
            "calendar/restore_date",
            &[("series_id", &series), ("date", &day)],
        )
        .await
        .status(),
    ]
}

#[test]
fn organisers_change_only_the_house_s_series_and_their_groups_admins_any() {
    run(async {
        let app = TestApp::spawn().await;
        let db = &app.test_db.db;
        let hash = app::accounts::api::ssr::hash_password("ein-langes-passwort".to_owned())
            .await
            .expect("hash");
        let email = Email::parse("zweite@example.org").expect("email");
        let name = DisplayName::parse("Zweite Organisatorin").expect("name");
        let outsider = db
            .create_account(&email, &name, &hash, &[Role::Organiser])
            .await
            .expect("organiser");
        let house = db.rooms().await.expect("rooms")[0].house_id;
        let group = db.create_group(house, "Nähcafé", "").await.expect("group");
        let demo_organiser = db
            .account_id_by_email(&Email::parse(ORGANISER).expect("email"))
            .await
            .expect("lookup")
            .expect("the demo organiser");
        db.add_group_member(group, demo_organiser)
            .await
            .expect("member");
        let (group_series, group_date) = series_of(&app, Some(group), 4).await;
        let (house_series, house_date) = series_of(&app, None, 5).await;

        let other = client_at(&app, 8);
        assert_eq!(
            login(&app, &other, "zweite@example.org", "ein-langes-passwort")
                .await
                .status(),
            StatusCode::OK
        );
        let forbidden = vec![StatusCode::FORBIDDEN; 4];
        assert_eq!(
            changes(&app, &other, group_series, group_date).await,
            forbidden
        );
        let calendar_row = db
            .calendar_row(group_date)
            .await
            .expect("row")
            .expect("date");
        assert_eq!(
            calendar_row.occurrence_status.code(),
            "scheduled",
            "nothing changed"
        );
        for status in changes(&app, &other, house_series, house_date).await {
            assert_ne!(status, StatusCode::FORBIDDEN, "the house's own series");
        }
        let can_edit = |date: i64| {
            let other = other.clone();
            let url = app.url("/api/calendar/event");
            async move {
                let page: Value = other
                    .post(url)
                    .form(&[("occurrence_id", date.to_string())])
                    .send()
                    .await
                    .expect("request")
                    .json()
                    .await
                    .expect("json");
                page["can_edit"].as_bool().expect("a flag")
            }
        };
        assert!(
            !can_edit(group_date).await,
            "no edit link that ends in a refusal"
        );
        assert!(
            can_edit(house_date).await,
            "the house's own date can be edited"
        );

        for (who, last) in [(ORGANISER, 9), (ADMIN, 10)] {
            let client = client_at(&app, last);
            assert_eq!(
                login(&app, &client, who, DEMO_PASSWORD).await.status(),
                StatusCode::OK
            );
            for status in changes(&app, &client, group_series, group_date).await {
                assert_ne!(status, StatusCode::FORBIDDEN, "{who}");
            }
        }
        db.add_group_member(group, outsider).await.expect("member");
        for status in changes(&app, &other, group_series, group_date).await {
            assert_ne!(status, StatusCode::FORBIDDEN, "now a member");
        }
        app.test_db.cleanup().await;
    });
}

#[test]
fn every_write_counts_against_the_submission_limit() {
    run(async {
        let app = TestApp::spawn().await;
        let client = client_at(&app, 11);
        assert_eq!(
            login(&app, &client, ORGANISER, DEMO_PASSWORD)
                .await
                .status(),
            StatusCode::OK
        );
        let (series, date) = series_of(&app, None, 4).await;
        let (series, date) = (series.to_string(), date.to_string());
        for _ in 0..app::accounts::limits::SUBMISSIONS_PER_HOUR {
            let response = post(
                &app,
                &client,
                "calendar/register",
                &[("occurrence_id", "999999")],
            )
            .await;
            assert_eq!(response.status(), StatusCode::NOT_FOUND);
        }
        let db = &app.test_db.db;
        let room = db.rooms().await.expect("rooms")[0].room_id.to_string();
        let category = db.categories().await.expect("categories")[0]
            .category_id
            .to_string();
        let day = open_day(12).to_string();
        let (from, to) = (format!("{day}T20:00"), format!("{day}T21:00"));
        let event = [
            ("occurrence_id", date.as_str()),
            ("scope", "all"),
            ("title", "Noch eins"),
            ("description", ""),
            ("room_id", &room),
            ("category_id", &category),
            ("starts_at", &from),
            ("ends_at", &to),
        ];
        let writes: [(&str, &[(&str, &str)]); 8] = [
            ("calendar/create_event", &event[2..]),
            ("calendar/change_series", &event),
            (
                "calendar/set_date_cancelled",
                &[("occurrence_id", &date), ("cancelled", "true")],
            ),
            (
                "calendar/restore_date",
                &[("series_id", &series), ("date", &day)],
            ),
            ("calendar/register", &[("occurrence_id", &date)]),
            ("calendar/cancel_registration", &[("occurrence_id", &date)]),
            ("calendar/new_private_feed", &[]),
            ("calendar/revoke_private_feed", &[]),
        ];
        for (function, form) in writes {
            let response = post(&app, &client, function, form).await;
            assert_eq!(
                response.status(),
                StatusCode::TOO_MANY_REQUESTS,
                "{function}"
            );
        }
        // Sign-ups have no account yet and are counted per client.
        let newcomer = client_at(&app, 12);
        for n in 0..=10 {
            let email = format!("neu{n}@example.org");
            let form = [
                ("email", email.as_str()),
                ("display_name", "Neu"),
                ("password", "ein-langes-passwort"),
            ];
            let status = post(&app, &newcomer, "accounts/signup", &form)
                .await
                .status();
            let expected = if n < 10 {
                StatusCode::OK
            } else {
                StatusCode::TOO_MANY_REQUESTS
            };
            assert_eq!(status, expected, "sign-up {n}");
        }
        app.test_db.cleanup().await;
    });
}

async fn view(app: &TestApp, body: String) -> Value {
    let response = raw(
        app,
        "calendar/view",
        "application/x-www-form-urlencoded",
        body.as_bytes(),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.expect("json")
}

fn event_ids(data: &Value) -> Vec<i64> {
    data["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter_map(|e| e["occurrence_id"].as_i64())
        .collect()
}

#[test]
fn the_calendar_server_function_keeps_the_url_s_clamps() {
    run(async {
        let app = TestApp::spawn().await;
        let date = common::course(&app, 10).await;
        let row = app
            .test_db
            .db
            .calendar_row(date)
            .await
            .expect("row")
            .expect("date");
        let day =
            app::kernel::time::utc_to_local(row.starts_at, app::kernel::time::HOUSE_ZONE).date();
        let day_view = format!("query[view]=Day&query[date]={day}");
        let short = view(&app, format!("{day_view}&query[filter][text]=Kochkurs")).await;
        assert!(event_ids(&short).contains(&date));
        // Cut after 100 characters, as the URL's `q` is, the rest is never searched.
        let long = format!(
            "Kochkurs{}Unsinnswort{}",
            "+".repeat(92),
            "x".repeat(250_000)
        );
        let long = view(&app, format!("{day_view}&query[filter][text]={long}")).await;
        assert_eq!(event_ids(&long), event_ids(&short));

        for far in ["%2B262142-01-01", "1999-12-31", "2101-01-01"] {
            let data = view(&app, format!("query[view]=Day&query[date]={far}")).await;
            assert_eq!(data["first"], data["today"], "{far} means today");
            assert_eq!(data["last"], data["today"], "{far} means today");
        }
        app.test_db.cleanup().await;
    });
}

fn cache_control(response: &Response) -> Option<&str> {
    response
        .headers()
        .get(CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
}

#[test]
fn signed_in_pages_and_server_function_answers_are_never_stored() {
    run(async {
        let app = TestApp::spawn().await;
        let anonymous = client_at(&app, 13);
        let page = anonymous
            .get(app.url("/calendar"))
            .send()
            .await
            .expect("page");
        assert_eq!(page.status(), StatusCode::OK);
        assert!(
            cache_control(&page).is_none_or(|v| !v.contains("no-store")),
            "anonymous pages stay as they are"
        );
        let body = "query[view]=Month".to_owned();
        let answers = [
            raw(
                &app,
                "calendar/view",
                "application/x-www-form-urlencoded",
                body.as_bytes(),
            )
            .await,
            post(&app, &anonymous, "calendar/create_event", &[]).await,
            post(&app, &anonymous, "accounts/current_user", &[]).await,
            reqwest::Client::new()
                .post(app.url("/api/calendar/register"))
                .header(ORIGIN, "http://evil.example")
                .send()
                .await
                .expect("refused write"),
        ];
        for response in &answers {
            assert_eq!(
                cache_control(response),
                Some("private, no-store"),
                "{}",
                response.url()
            );
        }

        let signed_in = client_at(&app, 14);
        assert_eq!(
            login(&app, &signed_in, RESIDENT, DEMO_PASSWORD)
                .await
                .status(),
            StatusCode::OK
        );
        for path in ["/", "/calendar?view=month", "/my"] {
            let page = signed_in.get(app.url(path)).send().await.expect("page");
            assert_eq!(cache_control(&page), Some("private, no-store"), "{path}");
        }
        app.test_db.cleanup().await;
    });
}
