//! The calendar over HTTP: views with bad URLs, the feeds and JSON API, privacy,
//! registrations, and the page cache. `interop.rs` has the checks by other programs.
mod common;

use app::db::testing::TestDb;
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
            // Hostile filter values: unknown ones are dropped, none comes back raw.
            "/calendar?view=month&category=%3Cscript%3Ealert(1)%3C%2Fscript%3E&room=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E",
            "/calendar?view=week&language=%3Cscript%3Ealert(1)%3C%2Fscript%3E&audience=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
            "/screen",
            "/print/week",
        ] {
            let response = get(&app, path).await;
            assert_eq!(response.status(), StatusCode::OK, "{path}");
            let html = response.text().await.expect("html");
            assert!(!html.contains("<script>alert"), "{path}");
        }
        // The search is echoed into its field: as text, never as markup.
        for view in ["list", "month", "week"] {
            let path = format!("/calendar?view={view}&q=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
            let response = get(&app, &path).await;
            assert_eq!(response.status(), StatusCode::OK, "{path}");
            let html = response.text().await.expect("html");
            assert!(
                html.contains("value=\"&lt;script&gt;alert(1)&lt;/script&gt;\""),
                "{path}: the search field shows the escaped text"
            );
            assert!(!html.contains("<script>alert"), "{path}: echoed raw");
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
        // Not just the search field's echo: dates are listed, each one matches, and
        // the same period unfiltered lists others too.
        let found = event_cards(&search);
        assert!(!found.is_empty(), "the search finds the concert");
        assert!(
            found
                .iter()
                .all(|card| card.contains("Konzert: Klezmer im Saal</a>")),
            "{found:?}"
        );
        let all = get(&app, "/calendar?view=list")
            .await
            .text()
            .await
            .expect("html");
        let all = event_cards(&all);
        assert!(
            all.len() > found.len() && all.iter().any(|card| !card.contains("Klezmer")),
            "the search left other dates out"
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
        // Four months from today: a monthly series has dates there whatever the day.
        let range = format!("from={}&to={}", today(), today() + Duration::days(120));
        let ok: Value = get(
            &app,
            &format!("/api/v1/events?category=repair-cafe&{range}"),
        )
        .await
        .json()
        .await
        .expect("json");
        assert_eq!(ok["version"], 1);
        let events = ok["events"].as_array().expect("events");
        assert!(!events.is_empty(), "the Repair-Café has dates: {ok}");
        assert!(
            events
                .iter()
                .all(|e| e["category"]["slug"] == "repair-cafe")
        );
        let all: Value = get(&app, &format!("/api/v1/events?{range}"))
            .await
            .json()
            .await
            .expect("json");
        assert!(
            all["events"]
                .as_array()
                .expect("events")
                .iter()
                .any(|e| e["kind"] == "event" && e["category"]["slug"] != "repair-cafe"),
            "the filter left other dates out"
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

        // A resident's private feed lists their date until they revoke it.
        let date = course(&app, 2).await;
        assert_eq!(
            app.login(RESIDENT, app::demo::DEMO_PASSWORD).await,
            StatusCode::OK
        );
        assert_eq!(
            call(&app, &app.client, "register", date).await.status(),
            StatusCode::OK
        );
        let new_feed = || async {
            let response = app.call("calendar/new_private_feed", &[]).await;
            assert_eq!(response.status(), StatusCode::OK);
            let url: String = response.json().await.expect("the feed's address");
            url.strip_prefix(&app.base)
                .unwrap_or_else(|| panic!("{url} is on this site"))
                .to_owned()
        };
        let old = new_feed().await;
        let feed = get(&app, &old).await;
        assert_eq!(feed.status(), StatusCode::OK, "{old}");
        let text = feed.text().await.expect("ics");
        assert!(text.contains("SUMMARY:Kochkurs"), "{text}");
        // A new address revokes the old one.
        let current = new_feed().await;
        assert_ne!(current, old);
        assert_eq!(
            get(&app, &old).await.status(),
            StatusCode::NOT_FOUND,
            "{old}"
        );
        let feed = get(&app, &current).await;
        assert_eq!(feed.status(), StatusCode::OK, "{current}");
        assert!(feed.text().await.expect("ics").contains("SUMMARY:Kochkurs"));
        let revoked = app.call("calendar/revoke_private_feed", &[]).await;
        assert_eq!(revoked.status(), StatusCode::OK);
        assert_eq!(
            get(&app, &current).await.status(),
            StatusCode::NOT_FOUND,
            "a revoked feed is refused"
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
            app.login(RESIDENT, app::demo::DEMO_PASSWORD)
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
        let list = app.url("/calendar?view=list&category=yoga");
        anonymous.get(&list).send().await.expect("page");
        let page = anonymous.get(&list).send().await.expect("page");
        assert!(hit(&page));
        let page = page.text().await.expect("html");
        // The next yoga date, shown and not cancelled yet.
        let api: Value = get(&app, "/api/v1/events?category=yoga")
            .await
            .json()
            .await
            .expect("json");
        let date = api["events"]
            .as_array()
            .expect("events")
            .iter()
            .find(|e| e["status"] != "cancelled" && card_class(&page, &e["id"]).is_some())
            .unwrap_or_else(|| panic!("a yoga date on the list: {api}"))["id"]
            .clone();
        assert!(
            !card_class(&page, &date)
                .expect("card")
                .contains("is-cancelled")
        );
        let cancelled_before = fresh.matches("STATUS:CANCELLED").count();

        assert_eq!(
            app.login(ORGANISER, app::demo::DEMO_PASSWORD).await,
            StatusCode::OK
        );
        let cancel = app
            .call(
                "calendar/set_date_cancelled",
                &[("occurrence_id", &date.to_string()), ("cancelled", "true")],
            )
            .await;
        assert_eq!(cancel.status(), StatusCode::OK);

        let after = anonymous.get(&feed).send().await.expect("feed");
        assert!(!hit(&after), "the cancellation emptied the cache");
        let after = after.text().await.expect("ics");
        assert_eq!(
            after.matches("STATUS:CANCELLED").count(),
            cancelled_before + 1,
            "the feed shows the cancelled date: {after}"
        );
        let page = anonymous.get(&list).send().await.expect("page");
        assert!(!hit(&page), "the cancellation emptied the cache");
        let page = page.text().await.expect("html");
        assert!(
            card_class(&page, &date)
                .expect("card")
                .contains("is-cancelled"),
            "the list shows the date cancelled"
        );
    });
}

/// The list view's date cards (`<li class="event-card …">…</li>`).
fn event_cards(html: &str) -> Vec<&str> {
    html.split("<li class=\"event-card")
        .skip(1)
        .map(|card| card.split("</li>").next().unwrap_or(card))
        .collect()
}

/// The class attribute of the list card that links to date `id`, if it is listed.
fn card_class(html: &str, id: &Value) -> Option<String> {
    let link = html.find(&format!("href=\"/events/{id}\""))?;
    let start = html[..link].rfind("<li class=\"event-card")?;
    let tag = &html[start..link];
    let class = tag.split('"').nth(1)?;
    Some(class.to_owned())
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
        .form(&[("email", RESIDENT), ("password", app::demo::DEMO_PASSWORD)])
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
        app.login(ORGANISER, app::demo::DEMO_PASSWORD)
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
