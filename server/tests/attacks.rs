//! Attacks over HTTP, each on SQLite and on PostgreSQL: a script in the calendar's
//! search box, registering for dates that take no registration, changing a
//! series without the right, and a seat race of 500 residents through two
//! server processes on one PostgreSQL database.
mod common;

use app::accounts::rules::{DisplayName, Email, Role};
use app::calendar::rules::{SeriesDetails, Visibility};
use app::db::Db;
use app::db::testing::TestDb;
use app::demo::DEMO_PASSWORD;
use app::i18n::Msg;
use app::kernel::error::AppError;
use app::series::recurrence::Series;
use common::{ORGANISER, RESIDENT, ServerProcess, TestApp, client_for, open_day, run, today};
use reqwest::StatusCode;
use reqwest::header::{COOKIE, ORIGIN};
use serde_json::Value;
use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Instant;

// ---------------------------------------------------------------------------
// Helpers (copied in small, so that this file needs no change elsewhere).

/// An attribute value as a browser reads it (the entities escapers use).
fn decode_entities(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

/// A tag's attributes (the text after its name), read the way a browser would:
/// a value ends at its first raw `"`.
fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut rest = tag;
    while let Some((name, after)) = rest.split_once("=\"") {
        let Some((raw, tail)) = after.split_once('"') else {
            break;
        };
        let name = name.rsplit(' ').next().unwrap_or_default();
        found.push((name.to_owned(), decode_entities(raw)));
        rest = tail;
    }
    found
}

/// The raw text of the first tag holding `marker` (from its `<` to its `>`).
fn tag_with<'a>(html: &'a str, marker: &str) -> Option<&'a str> {
    let at = html.find(marker)?;
    let start = html[..=at].rfind('<')?;
    let end = at + html[at..].find('>')?;
    Some(&html[start..=end])
}

async fn page(client: &reqwest::Client, url: &str) -> (StatusCode, String) {
    let response = client.get(url).send().await.expect("page");
    (response.status(), response.text().await.expect("body"))
}

async fn signed_in(app: &TestApp, email: &str) -> reqwest::Client {
    let client = client_for(&app.base);
    let response = client
        .post(app.url("/api/accounts/login"))
        .form(&[("email", email), ("password", DEMO_PASSWORD)])
        .send()
        .await
        .expect("login");
    assert_eq!(response.status(), StatusCode::OK, "{email} signs in");
    client
}

/// One date of a new series, directly in the store (the store judges no
/// permissions; the server functions do). Returns (series, date) ids.
async fn date_in_store(
    db: &Db,
    title: &str,
    start: chrono::NaiveDateTime,
    room_index: usize,
    adjust: impl FnOnce(&mut SeriesDetails),
) -> (i64, i64) {
    // The rooms that stand alone: the hall's parts share its floor, so a date
    // in Saal A and one in the Großer Saal at once would collide.
    let rooms: Vec<_> = db
        .rooms()
        .await
        .expect("rooms")
        .into_iter()
        .filter(|r| !r.name.starts_with("Saal "))
        .collect();
    let room = rooms[room_index % rooms.len()].room_id;
    let category = db.categories().await.expect("categories")[0].category_id;
    let mut details = SeriesDetails::simple(title, "Beschreibung", category, room);
    details.seats = Some(5);
    adjust(&mut details);
    let series = Series {
        first_start: start,
        duration_minutes: 60,
        rule: None,
        exceptions: BTreeSet::new(),
        restored: BTreeSet::new(),
        skip_public_holidays: false,
        skip_school_holidays: false,
    };
    let created = db
        .create_series(&details, &series, None, today())
        .await
        .unwrap_or_else(|e| panic!("{title}: {e}"));
    (created.series_id, created.first_occurrence_id)
}

/// Rows of a query, read past the app straight from the database file or server
/// (`psql`, or Python's `sqlite3`), columns joined by `|`.
fn sql_rows(url: &str, sql: &str) -> Vec<String> {
    let output = if url.starts_with("postgres") {
        std::process::Command::new("psql")
            .args(["-X", "-q", "-A", "-t", "-F", "|", "-d", url, "-c", sql])
            .output()
            .expect("psql (postgresql-client) reads the test database")
    } else {
        let path = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
            .expect("a SQLite URL");
        let python = std::env::var("TREFFPUNKT_PYTHON").unwrap_or_else(|_| "python3".to_owned());
        std::process::Command::new(python)
            .args([
                "-c",
                "import sqlite3, sys\n\
                 db = sqlite3.connect(sys.argv[1])\n\
                 for row in db.execute(sys.argv[2]):\n    \
                 print('|'.join('' if v is None else str(v) for v in row))",
                path,
                sql,
            ])
            .output()
            .expect("python3 reads the SQLite test database")
    };
    assert!(
        output.status.success(),
        "{sql}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .expect("utf-8")
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Every registration row of a date, whatever its status.
fn stored_registrations(url: &str, occurrence_id: i64) -> usize {
    let rows = sql_rows(
        url,
        &format!("select count(*) from registration where occurrence_id = {occurrence_id}"),
    );
    rows[0].parse().expect("a count")
}

// ---------------------------------------------------------------------------
// 1. A script in the search box stays text.

/// Breaks out of the search box's `value="…"` and starts a script.
const SEARCH: &str = "\"><script>alert(1)</script>";

/// The text around byte `at`, for a failure message.
fn around(html: &str, at: usize) -> &str {
    let mut start = at.saturating_sub(120);
    while !html.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (at + 80).min(html.len());
    while !html.is_char_boundary(end) {
        end += 1;
    }
    &html[start..end]
}

fn assert_no_script(surface: &str, html: &str) {
    for raw in ["<script>alert(1)", "alert(1)</script>", "\"><script>alert"] {
        assert!(
            !html.contains(raw),
            "{surface} carries the raw {raw:?}: …{}…",
            html.find(raw)
                .map(|at| around(html, at))
                .unwrap_or_default()
        );
    }
}

async fn search_box_walk(app: &TestApp) {
    let anonymous = client_for(&app.base);
    // The real filter values, as the calendar offers them.
    let data: Value = anonymous
        .post(app.url("/api/calendar/view"))
        .form(&[("query[view]", "Agenda")])
        .send()
        .await
        .expect("view")
        .json()
        .await
        .expect("json");
    let category = data["choices"]["categories"][0]["slug"]
        .as_str()
        .expect("a category")
        .to_owned();
    let room = data["choices"]["rooms"][0]["id"]
        .as_i64()
        .expect("a room")
        .to_string();
    let group = data["choices"]["groups"][0]["id"]
        .as_i64()
        .expect("a group")
        .to_string();
    let day = open_day(9).to_string();
    for view in ["list", "month", "week", "day"] {
        let params = [
            ("view", view),
            ("date", &day),
            ("q", SEARCH),
            ("category", &category),
            ("audience", "everyone"),
            ("room", &room),
            ("group", &group),
            ("language", "de"),
            ("free", "1"),
            ("step_free", "1"),
        ];
        let url = reqwest::Url::parse_with_params(&app.url("/calendar"), params).expect("url");
        let surface = format!("the {view} view");
        let (status, html) = page(&anonymous, url.as_str()).await;
        assert_eq!(status, StatusCode::OK, "{url}");
        assert_no_script(&surface, &html);
        let input = tag_with(&html, "id=\"filter-q\"").expect("the search box");
        assert!(
            !input[1..].contains('<'),
            "{surface}: the search box holds a raw '<': {input}"
        );
        let value = attributes(input)
            .into_iter()
            .find(|(name, _)| name == "value")
            .map(|(_, value)| value);
        assert_eq!(
            value.as_deref(),
            Some(SEARCH),
            "{surface}: the search box shows the search, escaped: {input}"
        );
        // The other filters are echoed too, as the choices they are.
        for (name, wanted) in [
            ("category", category.as_str()),
            ("room", room.as_str()),
            ("group", group.as_str()),
            ("language", "de"),
            ("audience", "everyone"),
        ] {
            let select = &html[html
                .find(&format!("id=\"filter-{name}\""))
                .unwrap_or_else(|| panic!("{surface}: the {name} filter"))..];
            let select = &select[..select.find("</select>").expect("select")];
            let chosen: Vec<String> = select
                .match_indices("<option")
                .filter_map(|(at, _)| tag_with(&select[at..], "<option"))
                .filter(|tag| tag.contains(" selected"))
                .filter_map(|tag| {
                    attributes(tag)
                        .into_iter()
                        .find(|(n, _)| n == "value")
                        .map(|(_, v)| v)
                })
                .collect();
            assert_eq!(chosen, [wanted], "{surface}: the {name} filter");
        }
    }
    // The script in every parameter at once: all are dropped or kept as text.
    let hostile: Vec<(&str, &str)> = [
        "view",
        "date",
        "q",
        "category",
        "audience",
        "room",
        "group",
        "language",
        "free",
        "step_free",
    ]
    .into_iter()
    .map(|name| (name, SEARCH))
    .collect();
    let url = reqwest::Url::parse_with_params(&app.url("/calendar"), hostile).expect("url");
    let (status, html) = page(&anonymous, url.as_str()).await;
    assert_eq!(status, StatusCode::OK, "{url}");
    assert_no_script("the calendar with a script in every parameter", &html);
    // The same search from a signed-in resident (a page that is never cached).
    let resident = signed_in(app, RESIDENT).await;
    let url = reqwest::Url::parse_with_params(&app.url("/calendar"), [("q", SEARCH)]).expect("url");
    let (status, html) = page(&resident, url.as_str()).await;
    assert_eq!(status, StatusCode::OK);
    assert_no_script("the resident's calendar", &html);
}

#[test]
fn a_script_in_the_search_box_stays_text_on_sqlite() {
    run(async {
        let app = TestApp::spawn().await;
        search_box_walk(&app).await;
        app.test_db.cleanup().await;
    });
}

#[test]
fn a_script_in_the_search_box_stays_text_on_postgres() {
    run(async {
        let Some(test_db) = TestDb::postgres().await else {
            return;
        };
        let app = TestApp::spawn_on(test_db, true).await;
        search_box_walk(&app).await;
        app.test_db.cleanup().await;
    });
}

// ---------------------------------------------------------------------------
// 2. Dates that take no registration refuse one, and store nothing.

/// The first day at least two days back that the demo house was open, so a
/// date created there is not skipped.
fn past_open_day() -> chrono::NaiveDate {
    let mut day = today() - chrono::Duration::days(2);
    while app::demo::next_open_day(day) != day {
        day -= chrono::Duration::days(1);
    }
    day
}

/// How a registration must be refused.
#[derive(Debug)]
enum Refusal {
    /// 404, exactly as for a date that does not exist.
    Hidden,
    /// As [`Refusal::Hidden`], or a 409 that says why.
    HiddenOrConflict,
    /// 409 with this message.
    Conflict(Msg),
}

async fn unregistrable_walk(app: &TestApp) {
    let db = &app.test_db.db;
    let at_six = open_day(9).and_hms_opt(6, 0, 0).expect("time");
    let (_, private) = date_in_store(db, "Geburtstagsfeier", at_six, 0, |d| {
        d.visibility = Visibility::Private;
    })
    .await;
    let (_, internal) = date_in_store(db, "Teamsitzung", at_six, 1, |d| {
        d.visibility = Visibility::Internal;
    })
    .await;
    let (_, counselling) = date_in_store(db, "Schuldnerberatung", at_six, 2, |d| {
        d.counselling = true;
    })
    .await;
    let (_, cancelled) = date_in_store(db, "Abgesagter Kurs", at_six, 3, |_| {}).await;
    let past_start = past_open_day().and_hms_opt(6, 0, 0).expect("time");
    let (_, past) = date_in_store(db, "Vergangener Kurs", past_start, 4, |_| {}).await;
    let (_, open) = date_in_store(db, "Offener Kurs", at_six, 5, |_| {}).await;

    let organiser = signed_in(app, ORGANISER).await;
    let response = organiser
        .post(app.url("/api/calendar/set_date_cancelled"))
        .form(&[
            ("occurrence_id", cancelled.to_string().as_str()),
            ("cancelled", "true"),
        ])
        .send()
        .await
        .expect("cancel");
    assert_eq!(response.status(), StatusCode::OK, "the organiser cancels");

    let resident = signed_in(app, RESIDENT).await;
    let unknown = common::call(app, &resident, "register", 999_999_999).await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    let unknown = unknown.text().await.expect("body");

    // The resident registers for an open date: the refusals below are the dates'.
    let response = common::call(app, &resident, "register", open).await;
    assert_eq!(response.status(), StatusCode::OK);
    let place: Value = response.json().await.expect("json");
    assert_eq!(place["status"], "Confirmed", "{place}");
    assert_eq!(stored_registrations(&app.test_db.url, open), 1);

    let cases = [
        ("a private booking", private, Refusal::Hidden),
        ("an internal date", internal, Refusal::Hidden),
        // Counselling shows the public only a neutral label, time and room: it
        // takes no registration, and who goes to it is never recorded.
        ("a counselling date", counselling, Refusal::HiddenOrConflict),
        (
            "a cancelled date",
            cancelled,
            Refusal::Conflict(Msg::RegistrationCancelledDate),
        ),
        (
            "a past date",
            past,
            Refusal::Conflict(Msg::RegistrationClosed),
        ),
    ];
    // Every case is tried and every problem reported together.
    let mut problems = Vec::new();
    for (what, id, refusal) in cases {
        let response = common::call(app, &resident, "register", id).await;
        let status = response.status();
        let body = response.text().await.expect("body");
        let summary = serde_json::from_str::<AppError>(&body)
            .ok()
            .map(|e| e.summary());
        let refused = match refusal {
            // What the public must not know exists answers as a date that does not.
            Refusal::Hidden => status == StatusCode::NOT_FOUND && body == unknown,
            Refusal::HiddenOrConflict => {
                (status == StatusCode::NOT_FOUND && body == unknown)
                    || (status == StatusCode::CONFLICT && summary.is_some())
            }
            Refusal::Conflict(msg) => status == StatusCode::CONFLICT && summary == Some(msg),
        };
        if !refused {
            problems.push(format!(
                "{what} (date {id}): expected {refusal:?}, got {status} {body}"
            ));
        }
        let stored = stored_registrations(&app.test_db.url, id);
        if stored != 0 {
            problems.push(format!(
                "{what} (date {id}): {stored} registration(s) stored"
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "registrations that must be refused:\n{}",
        problems.join("\n")
    );
}

#[test]
fn dates_without_registration_refuse_one_and_store_nothing_on_sqlite() {
    run(async {
        let app = TestApp::spawn().await;
        unregistrable_walk(&app).await;
        app.test_db.cleanup().await;
    });
}

#[test]
fn dates_without_registration_refuse_one_and_store_nothing_on_postgres() {
    run(async {
        let Some(test_db) = TestDb::postgres().await else {
            return;
        };
        let app = TestApp::spawn_on(test_db, true).await;
        unregistrable_walk(&app).await;
        app.test_db.cleanup().await;
    });
}

// ---------------------------------------------------------------------------
// 3. Changing a series needs an organiser's right.

/// Everything the store holds of a date's series, to compare before and after.
async fn series_snapshot(db: &Db, occurrence_id: i64) -> String {
    let rows = db
        .series_editor(occurrence_id, today())
        .await
        .expect("editor")
        .expect("the series");
    let row = db
        .calendar_row(occurrence_id)
        .await
        .expect("row")
        .expect("the date");
    format!("{:?}", (rows.details, rows.series, rows.dates, row))
}

async fn change_series_walk(app: &TestApp) {
    let db = &app.test_db.db;
    let day = open_day(9);
    let (_, date) = date_in_store(
        db,
        "Sprachcafé",
        day.and_hms_opt(6, 0, 0).expect("time"),
        0,
        |_| {},
    )
    .await;
    let room = db.rooms().await.expect("rooms")[0].room_id.to_string();
    let category = db.categories().await.expect("categories")[0]
        .category_id
        .to_string();
    let date_id = date.to_string();
    let (from, to) = (format!("{day}T06:00"), format!("{day}T07:00"));
    // A complete, valid form: the organiser's save below shows it.
    let form = |scope: &'static str| {
        vec![
            ("occurrence_id", date_id.clone()),
            ("scope", scope.to_owned()),
            ("title", "Übernommen".to_owned()),
            ("description", "Von außen geändert".to_owned()),
            ("room_id", room.clone()),
            ("category_id", category.clone()),
            ("starts_at", from.clone()),
            ("ends_at", to.clone()),
            ("seats", "3".to_owned()),
            ("audience_everyone", "on".to_owned()),
            ("language_de", "on".to_owned()),
            ("price_kind", "free".to_owned()),
            ("accessibility", "Stufenlos".to_owned()),
            ("contact", "kontakt@example.org".to_owned()),
        ]
    };
    let before = series_snapshot(db, date).await;

    let anonymous = client_for(&app.base);
    let resident = signed_in(app, RESIDENT).await;
    for (who, client, expected) in [
        ("anonymous", &anonymous, StatusCode::UNAUTHORIZED),
        ("a resident", &resident, StatusCode::FORBIDDEN),
    ] {
        for scope in ["all", "following", "date"] {
            let response = client
                .post(app.url("/api/calendar/change_series"))
                .form(&form(scope))
                .send()
                .await
                .expect("request");
            let status = response.status();
            let body = response.text().await.expect("body");
            assert_eq!(status, expected, "{who}, scope {scope}: {body}");
            assert_eq!(
                series_snapshot(db, date).await,
                before,
                "{who}, scope {scope}: the series is unchanged"
            );
        }
    }

    let organiser = signed_in(app, ORGANISER).await;
    let response = organiser
        .post(app.url("/api/calendar/change_series"))
        .form(&form("all"))
        .send()
        .await
        .expect("request");
    let status = response.status();
    let body = response.text().await.expect("body");
    assert_eq!(
        status,
        StatusCode::OK,
        "the same form from an organiser: {body}"
    );
    let changed = db.calendar_row(date).await.expect("row").expect("the date");
    assert_eq!(changed.title, "Übernommen", "the form was valid");
    assert_eq!(changed.seats, Some(3));
}

#[test]
fn change_series_refuses_anonymous_and_residents_on_sqlite() {
    run(async {
        let app = TestApp::spawn().await;
        change_series_walk(&app).await;
        app.test_db.cleanup().await;
    });
}

#[test]
fn change_series_refuses_anonymous_and_residents_on_postgres() {
    run(async {
        let Some(test_db) = TestDb::postgres().await else {
            return;
        };
        let app = TestApp::spawn_on(test_db, true).await;
        change_series_walk(&app).await;
        app.test_db.cleanup().await;
    });
}

// ---------------------------------------------------------------------------
// 4. The seat race: one seat, 500 residents at once, over one or two servers.

const RACERS: usize = 500;

struct Racer {
    account_id: i64,
    cookie: String,
}

/// `n` residents with a session each, written to the store: one password hash
/// for all (argon2id per account would take minutes), no sign-up limit to meet.
async fn racers(db: &Db, n: usize) -> Vec<Racer> {
    use app::accounts::api::ssr::{SESSION_COOKIE, hash_password, new_token, token_hash};
    let hash = hash_password("ein-langes-passwort".to_owned())
        .await
        .expect("hash");
    let name = DisplayName::parse("Nachbarin").expect("name");
    let mut all = Vec::with_capacity(n);
    for chunk in (0..n).collect::<Vec<_>>().chunks(25) {
        let made = chunk.iter().map(|i| {
            let (hash, name) = (hash.clone(), name.clone());
            async move {
                let email = Email::parse(&format!("platz{i}@example.org")).expect("email");
                let account_id = db
                    .create_account(&email, &name, &hash, &[Role::Resident])
                    .await
                    .expect("account");
                let token = new_token();
                db.create_session(account_id, &token_hash(&token), chrono::Duration::hours(2))
                    .await
                    .expect("session");
                Racer {
                    account_id,
                    cookie: format!("{SESSION_COOKIE}={token}"),
                }
            }
        });
        all.extend(futures::future::join_all(made).await);
    }
    all
}

/// A course with one seat, a week ahead.
async fn one_seat(db: &Db) -> i64 {
    let start = open_day(9).and_hms_opt(6, 0, 0).expect("time");
    date_in_store(db, "Töpferkurs", start, 0, |d| d.seats = Some(1))
        .await
        .1
}

/// What one racer was told.
struct Told {
    account_id: i64,
    status: String,
    position: i64,
}

/// Every racer asks for the seat at once, spread over `bases` in turn. Each
/// has its own connection, opened beforehand, so that the requests arrive
/// together rather than one connection set-up after another.
async fn race(bases: &[String], date: i64, racers: &[Racer]) -> Vec<Told> {
    let gate = Arc::new(tokio::sync::Barrier::new(racers.len()));
    let tasks: Vec<_> = racers
        .iter()
        .enumerate()
        .map(|(i, racer)| {
            let base = bases[i % bases.len()].clone();
            let gate = gate.clone();
            let (cookie, account_id) = (racer.cookie.clone(), racer.account_id);
            tokio::spawn(async move {
                let client = reqwest::Client::builder()
                    .redirect(reqwest::redirect::Policy::none())
                    .timeout(std::time::Duration::from_secs(60))
                    .build()
                    .expect("client");
                let warm = client
                    .get(format!("{base}/healthz"))
                    .send()
                    .await
                    .expect("health");
                assert_eq!(warm.status(), StatusCode::OK);
                drop(warm.bytes().await);
                gate.wait().await;
                let response = client
                    .post(format!("{base}/api/calendar/register"))
                    .header(ORIGIN, &base)
                    .header(COOKIE, cookie)
                    .form(&[("occurrence_id", date.to_string())])
                    .send()
                    .await
                    .expect("request");
                let status = response.status();
                let body = response.text().await.expect("body");
                if status != StatusCode::OK {
                    return Err(format!("{base}: {status} {body}"));
                }
                let place: Value = serde_json::from_str(&body).expect("json");
                Ok(Told {
                    account_id,
                    status: place["status"].as_str().expect("a status").to_owned(),
                    position: place["position"].as_i64().expect("a position"),
                })
            })
        })
        .collect();
    let (told, failed): (Vec<_>, Vec<_>) = futures::future::join_all(tasks)
        .await
        .into_iter()
        .map(|t| t.expect("a racer's request"))
        .partition(Result::is_ok);
    let failed: Vec<String> = failed.into_iter().filter_map(Result::err).collect();
    assert!(
        failed.is_empty(),
        "{} of {} registrations failed, the first: {:?}",
        failed.len(),
        racers.len(),
        failed.first()
    );
    told.into_iter().filter_map(Result::ok).collect()
}

/// One confirmed, everyone else waiting at distinct, gap-free positions, in the
/// order the registrations were written; the store says what the racers were told.
async fn assert_fair(db: &Db, url: &str, date: i64, told: &[Told]) {
    let confirmed: Vec<&Told> = told.iter().filter(|t| t.status == "Confirmed").collect();
    assert_eq!(confirmed.len(), 1, "exactly one gets the seat");
    assert_eq!(confirmed[0].position, 0);
    let waiting: Vec<&Told> = told.iter().filter(|t| t.status == "Waitlisted").collect();
    assert_eq!(waiting.len(), RACERS - 1, "everyone else waits");
    let mut positions: Vec<i64> = waiting.iter().map(|t| t.position).collect();
    positions.sort_unstable();
    let expected: Vec<i64> = (1..RACERS as i64).collect();
    assert_eq!(positions, expected, "distinct, gap-free waitlist positions");
    assert_eq!(
        db.registration_counts(date).await.expect("counts"),
        (1, RACERS as i64 - 1)
    );

    // The rows in the order they were written: ids are drawn inside the date's
    // lock, so one after the other as the registrations commit.
    let rows = sql_rows(
        url,
        &format!(
            "select registration_id, account_id, status, queued_at from registration
             where occurrence_id = {date} order by registration_id"
        ),
    );
    assert_eq!(rows.len(), RACERS, "one row per racer");
    let told_by_account: std::collections::HashMap<i64, &Told> =
        told.iter().map(|t| (t.account_id, t)).collect();
    let mut last_queued = String::new();
    let mut next_position = 1;
    for (n, row) in rows.iter().enumerate() {
        let fields: Vec<&str> = row.split('|').collect();
        let account_id: i64 = fields[1].parse().expect("account id");
        let status = fields[2];
        let queued_at = fields[3].to_owned();
        // Comparable as text: both backends write whole seconds in one format.
        assert!(
            queued_at >= last_queued,
            "row {n} queued at {queued_at}, before the row written ahead of it ({last_queued})"
        );
        last_queued = queued_at;
        let told = told_by_account[&account_id];
        if n == 0 {
            assert_eq!(status, "confirmed", "the first written has the seat");
            assert_eq!(told.status, "Confirmed");
        } else {
            assert_eq!(status, "waitlisted", "row {n}");
            assert_eq!(
                told.position, next_position,
                "row {n} (account {account_id}) was told position {}, but {} registered before it",
                told.position, next_position
            );
            next_position += 1;
        }
    }
    // The store's own reckoning agrees with what each racer was told.
    for chunk in told.chunks(50) {
        let places = futures::future::join_all(
            chunk
                .iter()
                .map(|t| async move { (t, db.place(date, t.account_id).await.expect("place")) }),
        )
        .await;
        for (t, place) in places {
            let place = place.expect("registered");
            assert_eq!(
                (place.status.code(), place.position),
                (t.status.to_lowercase().as_str(), t.position),
                "account {}",
                t.account_id
            );
        }
    }
}

#[test]
fn five_hundred_residents_race_for_one_seat_on_sqlite() {
    run(async {
        let app = TestApp::spawn().await;
        let db = &app.test_db.db;
        let date = one_seat(db).await;
        let racers = racers(db, RACERS).await;
        let started = Instant::now();
        let told = race(std::slice::from_ref(&app.base), date, &racers).await;
        eprintln!("{RACERS} registrations on SQLite: {:?}", started.elapsed());
        assert_fair(db, &app.test_db.url, date, &told).await;
        app.test_db.cleanup().await;
    });
}

#[test]
fn five_hundred_residents_race_for_one_seat_through_two_server_processes_on_postgres() {
    run(async {
        let Some(test_db) = TestDb::postgres().await else {
            return;
        };
        let first = ServerProcess::start(&test_db.url).await;
        let second = ServerProcess::start(&test_db.url).await;
        let db = &test_db.db;
        let date = one_seat(db).await;
        let racers = racers(db, RACERS).await;
        let started = Instant::now();
        let bases = [first.base.clone(), second.base.clone()];
        let told = race(&bases, date, &racers).await;
        eprintln!(
            "{RACERS} registrations through two servers on PostgreSQL: {:?}",
            started.elapsed()
        );
        assert_fair(db, &test_db.url, date, &told).await;
        drop(first);
        drop(second);
        test_db.cleanup().await;
    });
}
