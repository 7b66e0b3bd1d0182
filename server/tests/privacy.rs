//! The privacy walk: every surface an anonymous visitor can reach (pages, feeds,
//! the JSON API, the text search and the server functions) on dates that hold
//! counselling offers and private bookings, proving that none of their titles,
//! descriptions, contacts or notes shows anywhere, on SQLite and PostgreSQL.
//! Each surface must also show the date in its neutral form, so a page that
//! lost the dates altogether fails too.
mod common;

use app::calendar::api::ssr::day_bounds;
use app::calendar::rules::{SeriesDetails, Visibility};
use app::db::testing::TestDb;
use app::series::recurrence::Series;
use chrono::{Duration, NaiveDate};
use common::{TestApp, run, today};
use reqwest::StatusCode;
use std::collections::BTreeSet;

/// What the public sees of a counselling date, and of a private booking.
const COUNSELLING_LABEL: &str = "Beratung (vertraulich)";
const OCCUPIED_LABEL: &str = "Belegt";

/// Every text of the counselling and private series that must stay hidden: the
/// demo's, and those of the two dates `plant` adds with a contact and notes.
const HIDDEN: [&str; 17] = [
    "Beratung für Geflüchtete",
    "Geflüchtete",
    "Sprechstunde der Flüchtlingssozialarbeit",
    "Flüchtlingssozialarbeit",
    "Mieterberatung",
    "Offene Sprechstunde des Mietervereins",
    "Mieterverein",
    "Sozialberatung",
    "Sonnenschein",
    "Regenbogen",
    "regenwolke@example.org",
    "Nebelweg",
    "Familienfeier",
    "Private Feier",
    "Private Nutzung",
    "Kaiserling",
    "kaiserling@example.org",
];

/// Whether the month view's cell of `date` is full and links its "more" to the
/// day: a date beyond the cell's first entries is shown in the day view (which
/// the walk checks too). Which day is that crowded depends on the day the demo
/// was seeded.
fn cell_is_full(html: &str, date: NaiveDate) -> bool {
    let link = format!("date={date}\" class=\"month__more\"");
    html.contains(&link)
}

/// A counselling date or a private booking, found in the store.
#[derive(Clone, Copy, Debug)]
struct Hidden {
    id: i64,
    date: NaiveDate,
    private: bool,
}

#[test]
fn no_public_surface_shows_counselling_or_private_details_on_sqlite() {
    run(async {
        let app = TestApp::spawn().await;
        privacy_walk(&app).await;
        app.test_db.cleanup().await;
    });
}

#[test]
fn no_public_surface_shows_counselling_or_private_details_on_postgres() {
    run(async {
        let Some(test_db) = TestDb::postgres().await else {
            return;
        };
        let app = TestApp::spawn_on(test_db, true).await;
        privacy_walk(&app).await;
        app.test_db.cleanup().await;
    });
}

/// A counselling date with a contact and notes, and a private booking, both
/// today (restored, so a closure day does not skip them) for the entrance
/// screen, which shows only today. Made before any page is cached.
async fn plant(app: &TestApp) -> Vec<Hidden> {
    let db = &app.test_db.db;
    let rooms = db.rooms().await.expect("rooms");
    let room = |name: &str| {
        rooms
            .iter()
            .find(|r| r.name == name)
            .map(|r| r.room_id)
            .unwrap_or_else(|| panic!("the demo room {name}"))
    };
    let categories = db.categories().await.expect("categories");
    let category = |slug: &str| {
        categories
            .iter()
            .find(|c| c.slug == slug)
            .map(|c| c.category_id)
            .unwrap_or_else(|| panic!("the demo category {slug}"))
    };
    let mut counselling = SeriesDetails::simple(
        "Schuldnerberatung Sonnenschein",
        "Akte Regenbogen, bitte vertraulich.",
        category("social-counselling"),
        room("Beratungszimmer"),
    );
    counselling.counselling = true;
    counselling.contact = "regenwolke@example.org".to_owned();
    counselling.accessibility = "Hintereingang am Nebelweg".to_owned();
    let mut private = SeriesDetails::simple(
        "Geburtstag Kaiserling",
        "Feier der Familie Kaiserling mit 40 Gästen.",
        category("private-use"),
        room("Seminarraum"),
    );
    private.visibility = Visibility::Private;
    private.contact = "kaiserling@example.org".to_owned();
    private.accessibility = "Rollstuhlplatz für Oma Kaiserling".to_owned();
    let day = today();
    let series = Series {
        first_start: day.and_hms_opt(6, 0, 0).expect("time"),
        duration_minutes: 30,
        rule: None,
        exceptions: BTreeSet::new(),
        restored: BTreeSet::from([day]),
        skip_public_holidays: false,
        skip_school_holidays: false,
    };
    let mut planted = Vec::new();
    for details in [counselling, private] {
        let created = db
            .create_series(&details, &series, None, day)
            .await
            .expect("a date today");
        planted.push(Hidden {
            id: created.first_occurrence_id,
            date: day,
            private: details.visibility == Visibility::Private,
        });
    }
    planted
}

/// The demo's counselling dates and private booking, and the planted ones, as
/// the store holds them: each must really be what the walk thinks it is.
async fn hidden_dates(app: &TestApp) -> Vec<Hidden> {
    let mut found = plant(app).await;
    let (from, to) = day_bounds(today(), today() + Duration::days(60));
    let rows = app
        .test_db
        .db
        .calendar_rows(from, to)
        .await
        .expect("calendar rows");
    for (title, counselling, visibility) in [
        ("Beratung für Geflüchtete", true, "public"),
        ("Mieterberatung", true, "public"),
        ("Familienfeier", false, "private"),
    ] {
        let row = rows
            .iter()
            .find(|r| r.title == title)
            .unwrap_or_else(|| panic!("the demo house has {title}"));
        assert_eq!(row.privacy == "counselling", counselling, "{title}");
        assert_eq!(row.visibility.code(), visibility, "{title}");
        found.push(Hidden {
            id: row.occurrence_id,
            date: row
                .starts_at
                .with_timezone(&app::kernel::time::HOUSE_ZONE)
                .date_naive(),
            private: visibility == "private",
        });
    }
    for planted in &found[..2] {
        let row = rows
            .iter()
            .find(|r| r.occurrence_id == planted.id)
            .expect("the planted date is stored");
        assert_eq!(row.privacy == "counselling", !planted.private);
        assert_eq!(row.visibility.code() == "private", planted.private);
        assert!(row.contact.ends_with("@example.org"), "it has a contact");
    }
    found
}

/// Category names are public words: the calendar's filter lists every category
/// but private use, and its list is the only place one may name them.
fn without_filter_labels(body: &str) -> String {
    let mut body = body.to_owned();
    for (slug, label) in [
        ("tenant-counselling", "Mieterberatung"),
        ("refugee-work", "Flüchtlingssozialarbeit"),
        ("social-counselling", "Sozialberatung"),
    ] {
        for form in [
            format!("<option value=\"{slug}\">{label}</option>"),
            format!("\"slug\":\"{slug}\",\"label\":\"{label}\""),
            format!("\\\"slug\\\":\\\"{slug}\\\",\\\"label\\\":\\\"{label}\\\""),
        ] {
            body = body.replace(&form, "");
        }
    }
    body
}

/// `%XX` and `+` decoded, for texts hidden in links (mailto, share links).
fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b'+', _) => {
                out.push(b' ');
                i += 1;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Fails when any hidden text shows in `body`, as it is, percent-decoded, or
/// unfolded (iCalendar lines). `echo` is the visitor's own search, which the
/// page repeats in its search box and links.
fn assert_hidden(surface: &str, body: &str, echo: Option<&str>) {
    let body = without_filter_labels(&body.replace("\r\n ", ""));
    let decoded = percent_decoded(&body);
    for text in [body, decoded] {
        let text = echo.map_or_else(|| text.clone(), |echo| text.replace(echo, ""));
        for hidden in HIDDEN {
            assert!(!text.contains(hidden), "{surface} shows {hidden:?}");
        }
    }
}

async fn get(app: &TestApp, path: &str) -> (StatusCode, String) {
    let response = app
        .client
        .get(app.url(path))
        .timeout(std::time::Duration::from_secs(20))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{path}: {e}"));
    let status = response.status();
    (status, response.text().await.expect("body"))
}

async fn post(app: &TestApp, function: &str, form: &[(&str, String)]) -> (StatusCode, String) {
    let response = app
        .client
        .post(app.url(&format!("/api/{function}")))
        .form(form)
        .timeout(std::time::Duration::from_secs(20))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{function}: {e}"));
    let status = response.status();
    (status, response.text().await.expect("body"))
}

/// `calendar/view`'s argument as a form (serde_qs nesting, as the browser sends it).
fn view_form(view: &str, date: NaiveDate, text: &str) -> Vec<(&'static str, String)> {
    vec![
        ("query[view]", view.to_owned()),
        ("query[date]", date.to_string()),
        ("query[filter][free]", "false".to_owned()),
        ("query[filter][step_free]", "false".to_owned()),
        ("query[filter][text]", text.to_owned()),
    ]
}

/// The HTML a server function sends as a JSON string, read as the browser reads it.
fn html_of(json: &str) -> String {
    serde_json::from_str(json).unwrap_or_else(|e| panic!("not a JSON string ({e}): {json}"))
}

async fn privacy_walk(app: &TestApp) {
    let dates = hidden_dates(app).await;
    let label = |h: &Hidden| {
        if h.private {
            OCCUPIED_LABEL
        } else {
            COUNSELLING_LABEL
        }
    };

    let (status, home) = get(app, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        home.contains(COUNSELLING_LABEL),
        "the programme lists counselling neutrally"
    );
    assert_hidden("the programme page", &home, None);
    let (status, upcoming) = post(app, "calendar/upcoming_events", &[]).await;
    assert_eq!(status, StatusCode::OK, "{upcoming}");
    assert!(upcoming.contains(COUNSELLING_LABEL));
    assert_hidden("calendar/upcoming_events", &upcoming, None);
    let (status, json) = post(app, "calendar/programme_html", &[]).await;
    assert_eq!(status, StatusCode::OK, "{json}");
    let programme = html_of(&json);
    assert!(programme.contains(COUNSELLING_LABEL));
    assert_hidden("calendar/programme_html", &programme, None);

    for hidden in &dates {
        for view in ["month", "week", "day", "list"] {
            let path = format!("/calendar?view={view}&date={}", hidden.date);
            let (status, page) = get(app, &path).await;
            assert_eq!(status, StatusCode::OK, "{path}");
            let summarised = view == "month" && cell_is_full(&page, hidden.date);
            assert!(
                page.contains(label(hidden)) || summarised,
                "{path} shows the date neutrally"
            );
            if !hidden.private && !summarised {
                assert!(
                    page.contains(&format!("/events/{}\"", hidden.id)),
                    "{path} links the date"
                );
            }
            assert_hidden(&path, &page, None);
        }
        for view in ["Month", "Week", "Day", "Agenda"] {
            let (status, data) =
                post(app, "calendar/view", &view_form(view, hidden.date, "")).await;
            assert_eq!(status, StatusCode::OK, "calendar/view {view}: {data}");
            assert!(
                data.contains(&format!("\"occurrence_id\":{},", hidden.id)),
                "calendar/view {view} has the date"
            );
            assert!(data.contains(label(hidden)), "calendar/view {view}");
            assert_hidden(
                &format!("calendar/view {view} {}", hidden.date),
                &data,
                None,
            );
            // The same views as HTML, for the browser navigating between them.
            let (status, json) =
                post(app, "calendar/html", &view_form(view, hidden.date, "")).await;
            assert_eq!(status, StatusCode::OK, "calendar/html {view}: {json}");
            let html = html_of(&json);
            assert!(
                html.contains(label(hidden))
                    || (view == "Month" && cell_is_full(&html, hidden.date)),
                "calendar/html {view}"
            );
            assert_hidden(
                &format!("calendar/html {view} {}", hidden.date),
                &html,
                None,
            );
        }
        let path = format!("/print/week?date={}", hidden.date);
        let (status, page) = get(app, &path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        if !hidden.private {
            assert!(
                page.contains(COUNSELLING_LABEL),
                "{path} lists counselling neutrally"
            );
        }
        assert_hidden(&path, &page, None);

        let event = format!("/events/{}", hidden.id);
        let ics = format!("/events/{}/ics", hidden.id);
        let (page_status, page) = get(app, &event).await;
        let (ics_status, file) = get(app, &ics).await;
        let form = [("occurrence_id", hidden.id.to_string())];
        let (data_status, data) = post(app, "calendar/event", &form).await;
        let (editor_status, editor) = post(app, "calendar/series_editor", &form).await;
        if hidden.private {
            assert_eq!(
                page_status,
                StatusCode::NOT_FOUND,
                "a private booking has no page"
            );
            assert_eq!(ics_status, StatusCode::NOT_FOUND, "nor a calendar file");
            assert_eq!(data_status, StatusCode::NOT_FOUND, "nor data");
        } else {
            assert_eq!(page_status, StatusCode::OK, "{event}");
            assert!(
                page.contains(&format!("<h1 dir=\"auto\">{COUNSELLING_LABEL}</h1>")),
                "{event}"
            );
            assert_eq!(ics_status, StatusCode::OK, "{ics}");
            assert!(
                file.contains(&format!("SUMMARY:{COUNSELLING_LABEL}")),
                "{ics}"
            );
            assert_eq!(data_status, StatusCode::OK, "calendar/event: {data}");
            assert!(data.contains(COUNSELLING_LABEL), "calendar/event");
        }
        assert_eq!(
            editor_status,
            StatusCode::UNAUTHORIZED,
            "the editor needs a login"
        );
        assert_hidden(&event, &page, None);
        assert_hidden(&ics, &file, None);
        assert_hidden("calendar/event", &data, None);
        assert_hidden("calendar/series_editor", &editor, None);
    }

    let (status, screen) = get(app, "/screen").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        screen.contains(COUNSELLING_LABEL) && screen.contains(OCCUPIED_LABEL),
        "the entrance screen shows today's planted dates neutrally"
    );
    assert_hidden("/screen", &screen, None);

    let (status, feed) = get(app, "/feeds/calendar.ics").await;
    assert_eq!(status, StatusCode::OK);
    assert!(feed.contains(&format!("SUMMARY:{COUNSELLING_LABEL}")));
    assert!(feed.contains(&format!("SUMMARY:{OCCUPIED_LABEL}")));
    assert_hidden("/feeds/calendar.ics", &feed, None);

    let api_path = format!(
        "/api/v1/events?from={}&to={}",
        today(),
        today() + Duration::days(60)
    );
    let (status, api) = get(app, &api_path).await;
    assert_eq!(status, StatusCode::OK);
    let json: serde_json::Value = serde_json::from_str(&api).expect("json");
    let events = json["events"].as_array().expect("events");
    for hidden in &dates {
        let event = events
            .iter()
            .find(|e| e["id"] == hidden.id)
            .unwrap_or_else(|| panic!("the API lists {hidden:?}"));
        let kind = if hidden.private {
            "occupied"
        } else {
            "counselling"
        };
        assert_eq!(event["kind"], kind, "{hidden:?}");
        assert_eq!(event["title"], label(hidden), "{hidden:?}");
    }
    assert_hidden(&api_path, &api, None);

    search_walk(app, &dates).await;
}

/// The text search looks at what the public sees: the label finds counselling
/// dates, their real titles and a private booking's find nothing.
async fn search_walk(app: &TestApp, dates: &[Hidden]) {
    let day = dates[0].date;
    let path = format!("/calendar?view=list&date={day}&q=Beratung");
    let (status, page) = get(app, &path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(COUNSELLING_LABEL), "{path} finds the label");
    assert_hidden(&path, &page, Some("Beratung"));
    for q in ["Familienfeier", "Geflüchtete", "Kaiserling", "regenwolke"] {
        let path = format!("/calendar?view=list&date={day}&q={q}");
        let (status, page) = get(app, &path).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            page.contains("class=\"empty-state\"")
                && !page.contains(COUNSELLING_LABEL)
                && !page.contains(&format!(">{OCCUPIED_LABEL}<")),
            "{path} finds nothing"
        );
        assert_hidden(&path, &page, Some(q));
        let (status, data) = post(app, "calendar/view", &view_form("Agenda", day, q)).await;
        assert_eq!(status, StatusCode::OK, "{data}");
        assert!(
            data.contains("\"events\":[]"),
            "calendar/view q={q} finds nothing: {data}"
        );
        assert_hidden(&format!("calendar/view q={q}"), &data, Some(q));
        let (status, json) = post(app, "calendar/html", &view_form("Agenda", day, q)).await;
        assert_eq!(status, StatusCode::OK, "{json}");
        let html = html_of(&json);
        assert!(
            html.contains("empty-state"),
            "calendar/html q={q} finds nothing: {html}"
        );
        assert_hidden(&format!("calendar/html q={q}"), &html, Some(q));
    }
}
