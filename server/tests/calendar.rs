//! The calendar over HTTP: views with bad URLs, the feeds and JSON API, privacy,
//! registrations, and the page cache. `interop.rs` has the checks by other programs.
mod common;

use app::store::testing::TestDb;
use chrono::Duration;
use common::{ORGANISER, RESIDENT, TestApp, call, client_for, course, open_day, run, today};
use reqwest::StatusCode;
use serde_json::Value;

async fn get(app: &TestApp, path: &str) -> reqwest::Response {
    app.client
        .get(app.url(path))
        .timeout(std::time::Duration::from_secs(20))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn every_view_renders_on_the_server_and_bad_urls_never_fail() {
    run(async {
        let app = TestApp::spawn().await;
        // The month two weeks ahead: it has demo dates whatever the day (the
        // current month's grid may end the day after, before any series starts).
        let month = get(&app, &format!("/calendar?view=month&date={}", open_day(14))).await;
        assert_eq!(month.status(), StatusCode::OK);
        let html = month.text().await.expect("html");
        assert!(html.contains("class=\"month\""), "a month grid");
        assert!(html.contains("Hausaufgabenhilfe"), "the demo series");
        for path in [
            "/calendar",
            "/calendar?view=week",
            "/calendar?view=day&date=2027-01-04",
            "/calendar?view=year&date=2026-02-30&room=abc&group=-1&category=%3Cscript%3E&audience=x&free=maybe",
            "/calendar?date=99999-01-01&view=month",
            "/calendar?q=%00%FF%FE",
            "/screen",
            "/print/week",
        ] {
            let response = get(&app, path).await;
            assert_eq!(response.status(), StatusCode::OK, "{path}");
            let html = response.text().await.expect("html");
            assert!(!html.contains("<script>alert"), "{path}");
        }
        for path in ["/events/abc", "/events/0", "/events/99999999", "/events/-3"] {
            assert_eq!(
                get(&app, path).await.status(),
                StatusCode::NOT_FOUND,
                "{path}"
            );
        }
        let search = get(&app, "/calendar?view=list&q=Klezmer")
            .await
            .text()
            .await
            .expect("html");
        assert!(search.contains("Klezmer"));
        assert!(
            !search.contains("Hausaufgabenhilfe</a>"),
            "the search filters"
        );
        let nothing = get(&app, "/calendar?view=list&q=gibtesnicht")
            .await
            .text()
            .await
            .expect("html");
        assert!(
            nothing.contains("Filter zurücksetzen"),
            "an empty result offers to clear"
        );
    });
}

#[test]
fn private_bookings_and_counselling_show_only_occupied_or_a_neutral_label() {
    run(async {
        let app = TestApp::spawn().await;
        let range = format!(
            "/api/v1/events?from={}&to={}",
            today(),
            today() + Duration::days(40)
        );
        let api: Value = get(&app, &range).await.json().await.expect("json");
        let body = api.to_string();
        assert!(!body.contains("Familienfeier"), "a private booking's title");
        assert!(
            !body.contains("Beratung für Geflüchtete"),
            "a counselling offer's title"
        );
        assert!(!body.contains("Flüchtlingssozialarbeit"), "its category");
        let kinds: Vec<&str> = api["events"]
            .as_array()
            .expect("events")
            .iter()
            .filter_map(|e| e["kind"].as_str())
            .collect();
        assert!(kinds.contains(&"occupied"));
        assert!(kinds.contains(&"counselling"));
        let feed = get(&app, "/feeds/calendar.ics")
            .await
            .text()
            .await
            .expect("ics");
        assert!(!feed.contains("Familienfeier") && !feed.contains("Geflüchtete"));
        assert!(feed.contains("SUMMARY:Belegt") && feed.contains("SUMMARY:Beratung (vertraulich)"));
        let html = get(&app, "/calendar?view=list")
            .await
            .text()
            .await
            .expect("html");
        assert!(!html.contains("Familienfeier") && !html.contains("Geflüchtete"));
        let counselling = api["events"]
            .as_array()
            .expect("events")
            .iter()
            .find(|e| e["kind"] == "counselling")
            .expect("a counselling date");
        let page = get(&app, &format!("/events/{}", counselling["id"])).await;
        assert_eq!(page.status(), StatusCode::OK);
        assert!(!page.text().await.expect("html").contains("Geflüchtete"));
        let occupied = api["events"]
            .as_array()
            .expect("events")
            .iter()
            .find(|e| e["kind"] == "occupied")
            .expect("an occupied date");
        let page = get(&app, &format!("/events/{}", occupied["id"])).await;
        assert_eq!(
            page.status(),
            StatusCode::NOT_FOUND,
            "a private booking has no page"
        );
    });
}

#[test]
fn the_json_api_answers_bad_ranges_with_a_clear_400() {
    run(async {
        let app = TestApp::spawn().await;
        for query in [
            "from=morgen",
            "from=2026-12-01&to=2026-11-01",
            "from=2026-01-01&to=2027-06-01",
            "to=2026-13-45",
        ] {
            let response = get(&app, &format!("/api/v1/events?{query}")).await;
            assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{query}");
            let body: Value = response.json().await.expect("json");
            assert!(
                body["error"].as_str().is_some_and(|e| !e.is_empty()),
                "{query}"
            );
        }
        let ok: Value = get(
            &app,
            "/api/v1/events?category=repair-cafe&from=2026-01-01&to=2026-12-31",
        )
        .await
        .json()
        .await
        .expect("json");
        assert_eq!(ok["version"], 1);
        assert!(
            ok["events"]
                .as_array()
                .expect("events")
                .iter()
                .all(|e| e["category"]["slug"] == "repair-cafe")
        );
    });
}

#[test]
fn a_single_date_file_and_a_revoked_private_feed() {
    run(async {
        let app = TestApp::spawn().await;
        let api: Value = get(&app, "/api/v1/events")
            .await
            .json()
            .await
            .expect("json");
        let id = api["events"]
            .as_array()
            .expect("events")
            .iter()
            .find(|e| e["kind"] == "event")
            .expect("a public date")["id"]
            .clone();
        let file = get(&app, &format!("/events/{id}/ics")).await;
        assert_eq!(file.status(), StatusCode::OK);
        let text = file.text().await.expect("ics");
        assert_eq!(text.matches("BEGIN:VEVENT").count(), 1);
        assert_eq!(
            get(&app, "/events/x/ics").await.status(),
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            get(&app, "/feeds/private/not-a-token.ics").await.status(),
            StatusCode::NOT_FOUND
        );
    });
}

#[test]
fn registering_needs_an_account_and_forged_dates_are_not_found() {
    run(async {
        let app = TestApp::spawn().await;
        let date = course(&app, 2).await;
        assert_eq!(
            call(&app, &app.client, "register", date).await.status(),
            StatusCode::UNAUTHORIZED
        );
        assert!(
            app.login(RESIDENT, app::store::demo::DEMO_PASSWORD)
                .await
                .is_success()
        );
        for forged in [date + 100_000, -1] {
            assert_eq!(
                call(&app, &app.client, "register", forged).await.status(),
                StatusCode::NOT_FOUND
            );
        }
        let place: Value = call(&app, &app.client, "register", date)
            .await
            .json()
            .await
            .expect("json");
        assert_eq!(place["status"], "Confirmed");
        let bad = app
            .client
            .post(app.url("/api/calendar/register"))
            .form(&[("occurrence_id", "1 or 1=1")])
            .send()
            .await
            .expect("request");
        assert!(bad.status().is_client_error(), "{}", bad.status());
    });
}

#[test]
fn anonymous_calendar_views_are_cached_by_their_query() {
    run(async {
        let app = TestApp::spawn().await;
        let anonymous = reqwest::Client::new();
        let hit = |r: &reqwest::Response| r.headers().get("x-treffpunkt-cache").is_some();
        let month = app.url("/calendar?view=month");
        anonymous.get(&month).send().await.expect("page");
        assert!(hit(&anonymous.get(&month).send().await.expect("page")));
        // A week with demo dates, whatever the day (the Christmas week has none).
        let week = anonymous
            .get(app.url(&format!("/calendar?view=week&date={}", open_day(14))))
            .send()
            .await
            .expect("page");
        assert!(!hit(&week), "another query is another page");
        assert!(week.text().await.expect("html").contains("days--week"));
        let long = app.url(&format!("/calendar?q={}", "a".repeat(400)));
        anonymous.get(&long).send().await.expect("page");
        assert!(!hit(&anonymous.get(&long).send().await.expect("page")));
        let other = app.url("/login?x=1");
        anonymous.get(&other).send().await.expect("page");
        assert!(!hit(&anonymous.get(&other).send().await.expect("page")));
        // The public feed is the same for everyone and is cached by its filters too;
        // a write empties the cache, so a cancelled date shows at once.
        let feed = app.url("/feeds/calendar.ics?category=yoga");
        let first = anonymous.get(&feed).send().await.expect("feed");
        assert!(!hit(&first));
        let fresh = first.text().await.expect("ics");
        let cached = anonymous.get(&feed).send().await.expect("feed");
        assert!(hit(&cached));
        assert_eq!(cached.text().await.expect("ics"), fresh);
        app.client
            .post(app.url("/language"))
            .form(&[("lang", "de")])
            .send()
            .await
            .expect("a write");
        assert!(!hit(&anonymous.get(&feed).send().await.expect("feed")));
    });
}

#[test]
fn series_changes_need_an_organiser_and_refuse_forged_and_bad_input_on_sqlite() {
    run(async { series_changes_are_checked(TestApp::spawn().await).await });
}

#[test]
fn series_changes_need_an_organiser_and_refuse_forged_and_bad_input_on_postgres() {
    run(async {
        let Some(test_db) = TestDb::postgres().await else {
            return;
        };
        series_changes_are_checked(TestApp::spawn_on(test_db, true).await).await;
    });
}

/// Rule 4 for the series editor: anonymous 401, residents 403, forged ids 404,
/// bad input 422 at its fields, and an organiser's real change.
async fn series_changes_are_checked(app: TestApp) {
    let date = course(&app, 2).await;
    let id = date.to_string();
    let day = open_day(9).format("%Y-%m-%d").to_string();
    let post = |client: &reqwest::Client, function: &str, form: Vec<(&str, String)>| {
        let request = client
            .post(app.url(&format!("/api/calendar/{function}")))
            .form(&form);
        async move {
            let response = request.send().await.expect("request");
            let status = response.status();
            (status, response.text().await.unwrap_or_default())
        }
    };
    let writes = |occurrence: String| {
        vec![
            ("series_editor", vec![("occurrence_id", occurrence.clone())]),
            (
                "set_date_cancelled",
                vec![
                    ("occurrence_id", occurrence.clone()),
                    ("cancelled", "true".to_owned()),
                ],
            ),
            (
                "restore_date",
                vec![
                    ("series_id", occurrence.clone()),
                    ("date", "2027-03-29".to_owned()),
                ],
            ),
        ]
    };
    for (function, form) in writes(id.clone()) {
        assert_eq!(
            post(&app.client, function, form).await.0,
            StatusCode::UNAUTHORIZED,
            "{function} anonymous"
        );
    }
    let resident = client_for(&app.base);
    let logged_in = resident
        .post(app.url("/api/accounts/login"))
        .form(&[
            ("email", RESIDENT),
            ("password", app::store::demo::DEMO_PASSWORD),
        ])
        .send()
        .await
        .expect("login");
    assert!(logged_in.status().is_success());
    for (function, form) in writes(id.clone()) {
        assert_eq!(
            post(&resident, function, form).await.0,
            StatusCode::FORBIDDEN,
            "{function} as a resident"
        );
    }
    assert!(
        app.login(ORGANISER, app::store::demo::DEMO_PASSWORD)
            .await
            .is_success()
    );
    let organiser = &app.client;
    for forged in [date + 100_000, -1] {
        for (function, form) in writes(forged.to_string()) {
            assert_eq!(
                post(organiser, function, form).await.0,
                StatusCode::NOT_FOUND,
                "{function} with a forged id"
            );
        }
    }
    let (room, category) = app.first_room_and_category().await;
    let form = |scope: &str, title: &str, extra: &[(&'static str, &str)]| {
        let mut form = vec![
            ("occurrence_id", id.clone()),
            ("scope", scope.to_owned()),
            ("title", title.to_owned()),
            ("description", String::new()),
            ("room_id", room.clone()),
            ("category_id", category.clone()),
            ("starts_at", format!("{day}T06:00")),
            ("ends_at", format!("{day}T07:00")),
            ("seats", "2".to_owned()),
        ];
        form.extend(extra.iter().map(|(k, v)| (*k, (*v).to_owned())));
        form
    };
    let (status, body) = post(organiser, "change_series", form("", "Kochkurs", &[])).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("ScopeRequired"), "{body}");
    let (status, body) = post(organiser, "change_series", form("date", "Backkurs", &[])).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("ScopeThisDateOnlyTime"), "{body}");
    let bad_rule = [
        ("repeat", "weekly"),
        ("weekday_xx", "on"),
        ("ends", "on"),
        ("until", "morgen"),
        ("interval", "99"),
        ("price_kind", "amount"),
        ("price_amount", "gratis"),
    ];
    let (status, body) = post(
        organiser,
        "change_series",
        form("all", &"x".repeat(500), &bad_rule),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("TitleTooLong"), "{body}");
    assert!(body.contains("\"until\""), "{body}");
    assert!(body.contains("\"price_amount\""), "{body}");
    let (status, _) = post(
        organiser,
        "change_series",
        form(
            "all",
            "Kochkurs für alle",
            &[
                ("repeat", "weekly"),
                ("ends", "after"),
                ("count", "3"),
                ("audience_seniors", "on"),
                ("language_tr", "on"),
                ("price_kind", "amount"),
                ("price_amount", "4,50"),
                ("contact", "kochen@example.org"),
            ],
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = post(
        organiser,
        "series_editor",
        vec![("occurrence_id", id.clone())],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let editor: Value = serde_json::from_str(&body).expect("json");
    assert_eq!(editor["title"], "Kochkurs für alle");
    assert_eq!(editor["repeating"], true);
    assert_eq!(editor["dates"].as_array().map(Vec::len), Some(3));
    assert_eq!(editor["audience"], serde_json::json!(["Seniors"]));
    assert_eq!(editor["languages"], serde_json::json!(["tr"]));
    assert_eq!(editor["price"], serde_json::json!({ "Amount": 450 }));
    assert_eq!(editor["contact"], "kochen@example.org");
    let (status, _) = post(
        organiser,
        "set_date_cancelled",
        vec![
            ("occurrence_id", id.clone()),
            ("cancelled", "true".to_owned()),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let page = app
        .client
        .get(app.url(&format!("/events/{date}")))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("text");
    assert!(
        page.contains("Dieser Termin fällt aus."),
        "the cancelled state is shown"
    );
    for shown in ["4,50 €", "kochen@example.org", "Türkisch"] {
        assert!(page.contains(shown), "the event page shows {shown}");
    }
    assert!(
        page.contains(&format!("/events/{date}/edit")),
        "organisers get the editor link"
    );
}
