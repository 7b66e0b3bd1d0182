//! The calendar over HTTP: views with bad URLs, the feeds and JSON API, privacy,
//! registrations, and the page cache. `interop.rs` has the checks by other programs.
mod common;

use chrono::Duration;
use common::{RESIDENT, TestApp, call, course, today};
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_view_renders_on_the_server_and_bad_urls_never_fail() {
    let app = TestApp::spawn().await;
    let month = get(&app, "/calendar?view=month").await;
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
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn private_bookings_and_counselling_show_only_occupied_or_a_neutral_label() {
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
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_json_api_answers_bad_ranges_with_a_clear_400() {
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
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_single_date_file_and_a_revoked_private_feed() {
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
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registering_needs_an_account_and_forged_dates_are_not_found() {
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
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn anonymous_calendar_views_are_cached_by_their_query() {
    let app = TestApp::spawn().await;
    let anonymous = reqwest::Client::new();
    let hit = |r: &reqwest::Response| r.headers().get("x-treffpunkt-cache").is_some();
    let month = app.url("/calendar?view=month");
    anonymous.get(&month).send().await.expect("page");
    assert!(hit(&anonymous.get(&month).send().await.expect("page")));
    let week = anonymous
        .get(app.url("/calendar?view=week"))
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
}
