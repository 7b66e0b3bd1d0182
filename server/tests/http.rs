//! HTTP tests: the real router on a real socket (port 0) over a fresh SQLite
//! file, driven by a cookie-keeping client; and two real server processes on one
//! PostgreSQL database.
mod common;

use app::db::testing::TestDb;
use app::demo::DEMO_PASSWORD;
use common::{ORGANISER, RESIDENT, ServerProcess, TestApp, client_for, open_day, run};
use reqwest::StatusCode;
use reqwest::header::{CONTENT_SECURITY_POLICY, ORIGIN, SET_COOKIE};
use serde_json::Value;

fn event_form<'a>(
    title: &'a str,
    room: &'a str,
    category: &'a str,
    from: &'a str,
    to: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("title", title),
        ("description", ""),
        ("room_id", room),
        ("category_id", category),
        ("starts_at", from),
        ("ends_at", to),
    ]
}

#[test]
fn an_anonymous_visitor_cannot_create_an_event() {
    run(async {
        let app = TestApp::spawn().await;
        let before = app.upcoming_titles().await;
        let response = app
            .call(
                "calendar/create_event",
                &event_form("Heimlich", "1", "1", "2030-01-10T10:00", "2030-01-10T11:00"),
            )
            .await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(app.upcoming_titles().await, before);
        app.test_db.cleanup().await;
    });
}

#[test]
fn a_resident_cannot_create_an_event_even_by_calling_the_server_function() {
    run(async {
        let app = TestApp::spawn().await;
        assert_eq!(app.login(RESIDENT, DEMO_PASSWORD).await, StatusCode::OK);
        let before = app.upcoming_titles().await;
        let response = app
            .call(
                "calendar/create_event",
                &event_form("Heimlich", "1", "1", "2030-01-10T10:00", "2030-01-10T11:00"),
            )
            .await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        assert_eq!(
            app.call("calendar/create_form_choices", &[])
                .await
                .json::<Value>()
                .await
                .expect("json"),
            Value::Null
        );
        assert_eq!(app.upcoming_titles().await, before);
        app.test_db.cleanup().await;
    });
}

#[test]
fn an_organiser_creates_an_event_that_the_programme_then_lists() {
    run(async {
        let app = TestApp::spawn().await;
        assert_eq!(app.login(ORGANISER, DEMO_PASSWORD).await, StatusCode::OK);
        let (room, category) = app.first_room_and_category().await;
        let response = app
            .call(
                "calendar/create_event",
                &event_form(
                    "Lesung im Saal",
                    &room,
                    &category,
                    "2030-01-10T19:00",
                    "2030-01-10T21:00",
                ),
            )
            .await;
        assert_eq!(response.status(), StatusCode::OK);
        assert!(
            app.upcoming_titles()
                .await
                .contains(&"Lesung im Saal".to_owned())
        );
        let page = reqwest::get(app.url("/calendar?view=day&date=2030-01-10"))
            .await
            .expect("page")
            .text()
            .await
            .expect("html");
        assert!(
            page.contains("Lesung im Saal"),
            "the server-rendered calendar lists the new event"
        );
        app.test_db.cleanup().await;
    });
}

#[test]
fn invalid_input_is_refused_at_each_field_and_nothing_is_saved() {
    run(async {
        let app = TestApp::spawn().await;
        assert_eq!(app.login(ORGANISER, DEMO_PASSWORD).await, StatusCode::OK);
        let (room, category) = app.first_room_and_category().await;
        let before = app.upcoming_titles().await;
        let long_title = "x".repeat(121);
        // (form, field, expected message key)
        type Case<'a> = (Vec<(&'a str, &'a str)>, &'a str, &'a str);
        let cases: Vec<Case> = vec![
            (
                event_form("", &room, &category, "2030-01-10T10:00", "2030-01-10T11:00"),
                "title",
                "TitleRequired",
            ),
            (
                event_form(
                    &long_title,
                    &room,
                    &category,
                    "2030-01-10T10:00",
                    "2030-01-10T11:00",
                ),
                "title",
                "TitleTooLong",
            ),
            (
                event_form(
                    "Zeitreise",
                    &room,
                    &category,
                    "2030-01-10T10:00",
                    "2030-01-10T09:00",
                ),
                "ends_at",
                "EndBeforeStart",
            ),
            (
                event_form(
                    "Kein Raum",
                    "999999",
                    &category,
                    "2030-01-10T10:00",
                    "2030-01-10T11:00",
                ),
                "room_id",
                "RoomUnknown",
            ),
            (
                event_form("Kaputt", "abc", &category, "gestern", "2030-01-10T11:00"),
                "starts_at",
                "DateTimeInvalid",
            ),
        ];
        for (form, field, message) in cases {
            let response = app.call("calendar/create_event", &form).await;
            assert_eq!(
                response.status(),
                StatusCode::UNPROCESSABLE_ENTITY,
                "{field}"
            );
            let body: Value = response.json().await.expect("json error");
            let errors = body["Invalid"].as_array().expect("field errors");
            assert!(
                errors
                    .iter()
                    .any(|e| e["field"] == field && e["msg"] == message),
                "expected {message} at {field}, got {body}"
            );
        }
        let mut oversized = event_form(
            "Zu lang",
            &room,
            &category,
            "2030-01-10T10:00",
            "2030-01-10T11:00",
        );
        let description = "y".repeat(5001);
        oversized[1] = ("description", &description);
        assert_eq!(
            app.call("calendar/create_event", &oversized).await.status(),
            StatusCode::UNPROCESSABLE_ENTITY
        );
        assert_eq!(app.upcoming_titles().await, before);
        app.test_db.cleanup().await;
    });
}

#[test]
fn a_form_posted_without_javascript_returns_to_its_page_whether_saved_or_refused() {
    run(async {
        let app = TestApp::spawn().await;
        assert_eq!(app.login(ORGANISER, DEMO_PASSWORD).await, StatusCode::OK);
        let (room, category) = app.first_room_and_category().await;
        let before = app.upcoming_titles().await;
        let post = |form: Vec<(&'static str, String)>| {
            app.client
                .post(app.url("/api/calendar/create_event"))
                .header(reqwest::header::ACCEPT, "text/html,application/xhtml+xml")
                .header(reqwest::header::REFERER, app.url("/"))
                .form(&form)
                .send()
        };
        let form = |title: &str| {
            vec![
                ("title", title.to_owned()),
                ("description", String::new()),
                ("room_id", room.clone()),
                ("category_id", category.clone()),
                ("starts_at", "2030-02-01T10:00".to_owned()),
                ("ends_at", "2030-02-01T11:00".to_owned()),
            ]
        };
        let refused = post(form("")).await.expect("request");
        assert_eq!(refused.status(), StatusCode::FOUND);
        let back = refused
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .expect("location")
            .to_owned();
        assert!(
            back.starts_with(&app.url("/?")) && back.contains("__err="),
            "{back}"
        );
        assert_eq!(app.upcoming_titles().await, before, "nothing saved");
        let page = app
            .client
            .get(&back)
            .send()
            .await
            .expect("page")
            .text()
            .await
            .expect("html");
        assert!(
            page.contains("Bitte geben Sie einen Titel ein."),
            "the message stands at the field without JavaScript"
        );
        let saved = post(form("Ohne JavaScript")).await.expect("request");
        assert_eq!(saved.status(), StatusCode::FOUND);
        assert!(
            app.upcoming_titles()
                .await
                .contains(&"Ohne JavaScript".to_owned())
        );
        app.test_db.cleanup().await;
    });
}

#[test]
fn a_request_body_over_the_limit_is_refused_before_it_is_read() {
    run(async {
        let app = TestApp::spawn().await;
        let huge = "z".repeat(server::router::BODY_LIMIT_BYTES + 1);
        let response = app
            .call(
                "accounts/login",
                &[("email", "a@example.org"), ("password", &huge)],
            )
            .await;
        assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
        app.test_db.cleanup().await;
    });
}

#[test]
fn writes_from_another_site_or_without_an_origin_are_refused() {
    run(async {
        let app = TestApp::spawn().await;
        let plain = reqwest::Client::new();
        let foreign = plain
            .post(app.url("/api/accounts/login"))
            .header(ORIGIN, "https://evil.example")
            .form(&[("email", ORGANISER), ("password", DEMO_PASSWORD)])
            .send()
            .await
            .expect("request");
        assert_eq!(foreign.status(), StatusCode::FORBIDDEN);
        assert!(foreign.headers().get(SET_COOKIE).is_none());
        let anonymous = plain
            .post(app.url("/api/accounts/login"))
            .form(&[("email", ORGANISER), ("password", DEMO_PASSWORD)])
            .send()
            .await
            .expect("request");
        assert_eq!(anonymous.status(), StatusCode::FORBIDDEN);
        app.test_db.cleanup().await;
    });
}

#[test]
fn a_wrong_password_and_an_unknown_address_get_the_same_answer() {
    run(async {
        let app = TestApp::spawn().await;
        let wrong = app
            .call(
                "accounts/login",
                &[("email", ORGANISER), ("password", "falsches-passwort")],
            )
            .await;
        let (wrong_status, wrong_body) = (wrong.status(), wrong.text().await.expect("body"));
        let unknown = app
            .call(
                "accounts/login",
                &[
                    ("email", "niemand@example.org"),
                    ("password", "falsches-passwort"),
                ],
            )
            .await;
        let (unknown_status, unknown_body) =
            (unknown.status(), unknown.text().await.expect("body"));
        assert_eq!(wrong_status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            (wrong_status, wrong_body.as_str()),
            (unknown_status, unknown_body.as_str())
        );
        assert!(wrong_body.contains("LoginFailed"));
        app.test_db.cleanup().await;
    });
}

#[test]
fn repeated_failed_logins_are_rate_limited_even_for_the_right_password() {
    run(async {
        let app = TestApp::spawn().await;
        for _ in 0..10 {
            assert_eq!(
                app.login(ORGANISER, "falsches-passwort").await,
                StatusCode::UNPROCESSABLE_ENTITY
            );
        }
        assert_eq!(
            app.login(ORGANISER, "falsches-passwort").await,
            StatusCode::TOO_MANY_REQUESTS
        );
        assert_eq!(
            app.login(ORGANISER, DEMO_PASSWORD).await,
            StatusCode::TOO_MANY_REQUESTS
        );
        assert_eq!(
            app.login(RESIDENT, DEMO_PASSWORD).await,
            StatusCode::OK,
            "other accounts are not locked out"
        );
        app.test_db.cleanup().await;
    });
}

#[test]
fn the_session_cookie_is_http_only_and_same_site_and_ends_on_logout() {
    run(async {
        let app = TestApp::spawn().await;
        let response = app
            .call(
                "accounts/login",
                &[("email", ORGANISER), ("password", DEMO_PASSWORD)],
            )
            .await;
        let cookie = response
            .headers()
            .get(SET_COOKIE)
            .and_then(|v| v.to_str().ok())
            .expect("a session cookie")
            .to_owned();
        assert!(cookie.starts_with("tp_session="), "{cookie}");
        assert!(
            cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
            "{cookie}"
        );
        assert!(
            !cookie.contains("Secure"),
            "plain HTTP on loopback gets no Secure flag"
        );
        assert!(
            app.call("calendar/create_form_choices", &[])
                .await
                .json::<Value>()
                .await
                .expect("json")
                .is_object()
        );

        // The old cookie must not work after logout, even when replayed.
        let token = cookie.split(';').next().expect("pair").to_owned();
        assert_eq!(
            app.call("accounts/logout", &[]).await.status(),
            StatusCode::OK
        );
        let replay = reqwest::Client::new()
            .post(app.url("/api/accounts/current_user"))
            .header(ORIGIN, &app.base)
            .header(reqwest::header::COOKIE, token)
            .send()
            .await
            .expect("request");
        assert_eq!(
            replay.json::<Value>().await.expect("json"),
            Value::Null,
            "the replayed session is gone"
        );
        app.test_db.cleanup().await;
    });
}

#[test]
fn signing_up_creates_a_resident_who_is_signed_in_and_may_not_plan() {
    run(async {
        let app = TestApp::spawn().await;
        let bad = app
            .call(
                "accounts/signup",
                &[
                    ("email", "kein-at"),
                    ("display_name", " "),
                    ("password", "kurz"),
                ],
            )
            .await;
        assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body = bad.text().await.expect("body");
        for key in ["EmailInvalid", "DisplayNameRequired", "PasswordTooShort"] {
            assert!(body.contains(key), "{key} in {body}");
        }
        let ok = app
            .call(
                "accounts/signup",
                &[
                    ("email", "neu@example.org"),
                    ("display_name", "Neu"),
                    ("password", "ein-gutes-passwort"),
                ],
            )
            .await;
        assert_eq!(ok.status(), StatusCode::OK);
        let user: Value = app
            .call("accounts/current_user", &[])
            .await
            .json()
            .await
            .expect("json");
        assert_eq!(user["display_name"], "Neu");
        assert_eq!(user["roles"], serde_json::json!(["Resident"]));
        assert_eq!(
            app.call("calendar/create_form_choices", &[])
                .await
                .json::<Value>()
                .await
                .expect("json"),
            Value::Null
        );
        let taken = app
            .call(
                "accounts/signup",
                &[
                    ("email", "NEU@example.org"),
                    ("display_name", "Doppelt"),
                    ("password", "ein-gutes-passwort"),
                ],
            )
            .await;
        assert!(taken.text().await.expect("body").contains("EmailTaken"));
        app.test_db.cleanup().await;
    });
}

#[test]
fn pages_carry_security_headers_and_a_nonce_policy_for_their_scripts() {
    run(async {
        let app = TestApp::spawn().await;
        let response = reqwest::get(app.url("/")).await.expect("page");
        assert_eq!(response.status(), StatusCode::OK);
        let headers = response.headers().clone();
        let csp = headers
            .get(CONTENT_SECURITY_POLICY)
            .and_then(|v| v.to_str().ok())
            .expect("CSP")
            .to_owned();
        assert!(
            csp.contains("frame-ancestors 'none'") && csp.contains("default-src 'self'"),
            "{csp}"
        );
        assert_eq!(
            headers.get("x-content-type-options").map(|v| v.as_bytes()),
            Some(&b"nosniff"[..])
        );
        assert!(headers.contains_key("referrer-policy"));
        let nonce = nonce_of(&response);
        let html = response.text().await.expect("html");
        assert!(
            html.contains(&format!("nonce=\"{nonce}\"")),
            "inline scripts carry the policy's nonce"
        );
        assert!(
            !html.contains("https://"),
            "no third-party requests from the page"
        );
        app.test_db.cleanup().await;
    });
}

#[test]
fn the_language_is_german_by_default_and_english_when_chosen() {
    run(async {
        let app = TestApp::spawn().await;
        let german = app
            .client
            .get(app.url("/"))
            .send()
            .await
            .expect("page")
            .text()
            .await
            .expect("html");
        assert!(german.contains("<html lang=\"de\""), "German first");
        assert!(german.contains("Die nächsten Veranstaltungen"));
        let switch = app
            .client
            .post(app.url("/language"))
            .form(&[("lang", "en"), ("back", "/login")])
            .send()
            .await
            .expect("switch");
        assert_eq!(switch.status(), StatusCode::SEE_OTHER);
        assert_eq!(
            switch.headers().get("location").map(|v| v.as_bytes()),
            Some(&b"/login"[..])
        );
        let english = app
            .client
            .get(app.url("/"))
            .send()
            .await
            .expect("page")
            .text()
            .await
            .expect("html");
        assert!(english.contains("<html lang=\"en\""));
        assert!(english.contains("Upcoming events"));
        for hostile in [
            "//evil.example",
            "/\t/evil.example",
            "/\\evil.example",
            "https://evil.example",
            "/ /evil.example",
        ] {
            let switch = app
                .client
                .post(app.url("/language"))
                .form(&[("lang", "de"), ("back", hostile)])
                .send()
                .await
                .expect("switch");
            assert_eq!(
                switch.headers().get("location").map(|v| v.as_bytes()),
                Some(&b"/"[..]),
                "{hostile:?}"
            );
        }
        app.test_db.cleanup().await;
    });
}

#[test]
fn the_health_check_answers_and_unknown_pages_are_404() {
    run(async {
        let app = TestApp::spawn().await;
        let health = reqwest::get(app.url("/healthz")).await.expect("health");
        assert_eq!(health.status(), StatusCode::OK);
        assert_eq!(health.json::<Value>().await.expect("json")["status"], "ok");
        let missing = reqwest::get(app.url("/gibt-es-nicht")).await.expect("page");
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);
        assert!(
            missing
                .text()
                .await
                .expect("html")
                .contains("Seite nicht gefunden")
        );
        app.test_db.cleanup().await;
    });
}

/// Two real server processes on one PostgreSQL database: a session made on one
/// is valid on the other, and concurrent bookings of one room through both
/// servers succeed exactly once.
#[test]
fn two_server_processes_on_one_postgres_share_sessions_and_never_double_book() {
    run(async {
        let Some(test_db) = TestDb::postgres().await else {
            return;
        };
        let first = ServerProcess::start(&test_db.url).await;
        let second = ServerProcess::start(&test_db.url).await;

        let a = client_for(&first.base);
        let login = a
            .post(format!("{}/api/accounts/login", first.base))
            .form(&[("email", ORGANISER), ("password", DEMO_PASSWORD)])
            .send()
            .await
            .expect("login");
        assert_eq!(login.status(), StatusCode::OK);
        let cookie = login
            .headers()
            .get(SET_COOKIE)
            .and_then(|v| v.to_str().ok())
            .and_then(|c| c.split(';').next())
            .expect("cookie")
            .to_owned();
        let options: Value = a
            .post(format!("{}/api/calendar/create_form_choices", first.base))
            .send()
            .await
            .expect("options")
            .json()
            .await
            .expect("json");
        let room = options["rooms"][0]["id"]
            .as_i64()
            .expect("room")
            .to_string();
        let category = options["categories"][0]["id"]
            .as_i64()
            .expect("category")
            .to_string();

        let requests = (0..10).map(|i| {
            let base = if i % 2 == 0 {
                first.base.clone()
            } else {
                second.base.clone()
            };
            let cookie = cookie.clone();
            let form: Vec<(String, String)> = event_form(
                "Doppelt gebucht?",
                &room,
                &category,
                "2031-02-03T18:00",
                "2031-02-03T20:00",
            )
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
            tokio::spawn(async move {
                reqwest::Client::new()
                    .post(format!("{base}/api/calendar/create_event"))
                    .header(ORIGIN, &base)
                    .header(reqwest::header::COOKIE, cookie)
                    .form(&form)
                    .send()
                    .await
                    .expect("request")
                    .status()
            })
        });
        let statuses: Vec<StatusCode> = futures::future::join_all(requests)
            .await
            .into_iter()
            .map(|r| r.expect("task"))
            .collect();
        assert_eq!(
            statuses.iter().filter(|s| **s == StatusCode::OK).count(),
            1,
            "{statuses:?}"
        );
        assert!(
            statuses
                .iter()
                .all(|s| *s == StatusCode::OK || *s == StatusCode::UNPROCESSABLE_ENTITY),
            "{statuses:?}"
        );
        drop(first);
        drop(second);
        test_db.cleanup().await;
    });
}

#[test]
fn production_mode_never_seeds_and_the_admin_command_creates_the_first_admin() {
    run(async {
        let app = TestApp::spawn_on(TestDb::sqlite().await, false).await;
        assert!(
            app.test_db.db.is_empty().await.expect("query"),
            "production mode seeds nothing"
        );
        assert!(app.upcoming_titles().await.is_empty());

        let create = |password: &str| {
            std::process::Command::new(env!("CARGO_BIN_EXE_treffpunkt"))
                .args([
                    "admin",
                    "create",
                    "--email",
                    "Chefin@Example.org",
                    "--name",
                    "Chefin",
                ])
                .env("DATABASE_URL", &app.test_db.url)
                .env("TREFFPUNKT_ADMIN_PASSWORD", password)
                .output()
                .expect("run the admin command")
        };
        let too_short = create("kurz");
        assert!(!too_short.status.success(), "a short password is refused");
        let created = create("ein-sicheres-passwort");
        assert!(
            created.status.success(),
            "{}",
            String::from_utf8_lossy(&created.stderr)
        );
        assert!(
            String::from_utf8_lossy(&created.stdout).contains("created admin chefin@example.org")
        );

        assert_eq!(
            app.login("chefin@example.org", "ein-sicheres-passwort")
                .await,
            StatusCode::OK
        );
        let user: Value = app
            .call("accounts/current_user", &[])
            .await
            .json()
            .await
            .expect("json");
        let roles = user["roles"].as_array().expect("roles");
        assert!(
            roles.contains(&Value::from("Admin")) && roles.contains(&Value::from("Organiser")),
            "{user}"
        );
        app.test_db.cleanup().await;
    });
}

#[test]
fn the_server_stops_cleanly_on_sigterm() {
    run(async {
        let test_db = TestDb::sqlite().await;
        let mut server = ServerProcess::start(&test_db.url).await;
        let pid = server.child.id().to_string();
        let killed = std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("send SIGTERM");
        assert!(killed.success());
        let mut status = None;
        for _ in 0..100 {
            if let Some(exit) = server.child.try_wait().expect("wait") {
                status = Some(exit);
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        let status = status.expect("the server exits within five seconds of SIGTERM");
        assert!(
            status.success(),
            "graceful shutdown exits with 0, got {status}"
        );
        test_db.cleanup().await;
    });
}

fn nonce_of(response: &reqwest::Response) -> String {
    let csp = response
        .headers()
        .get(CONTENT_SECURITY_POLICY)
        .and_then(|v| v.to_str().ok())
        .expect("CSP");
    csp.split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a nonce")
        .to_owned()
}

fn cache_hit(response: &reqwest::Response) -> bool {
    response.headers().get("x-treffpunkt-cache").is_some()
}

#[test]
fn anonymous_pages_come_from_the_cache_with_a_fresh_nonce_each_time() {
    run(async {
        let app = TestApp::spawn().await;
        let anonymous = reqwest::Client::new();
        let first = anonymous.get(app.url("/")).send().await.expect("page");
        assert!(!cache_hit(&first));
        let first_nonce = nonce_of(&first);
        let first_html = first.text().await.expect("html");
        let mut nonces = vec![first_nonce.clone()];
        for _ in 0..3 {
            let again = anonymous.get(app.url("/")).send().await.expect("page");
            assert!(
                cache_hit(&again),
                "the second request is served from the cache"
            );
            let nonce = nonce_of(&again);
            let html = again.text().await.expect("html");
            assert!(html.contains(&format!("nonce=\"{nonce}\"")));
            assert!(
                !html.contains(&first_nonce),
                "no copy reuses an earlier nonce"
            );
            assert_eq!(
                html.replace(&nonce, &first_nonce),
                first_html,
                "the same page apart from the nonce"
            );
            nonces.push(nonce);
        }
        nonces.sort();
        nonces.dedup();
        assert_eq!(nonces.len(), 4);
        app.test_db.cleanup().await;
    });
}

#[test]
fn a_write_makes_cached_pages_stale_and_signed_in_pages_are_never_cached() {
    run(async {
        let app = TestApp::spawn().await;
        let anonymous = reqwest::Client::new();
        anonymous.get(app.url("/")).send().await.expect("page");
        assert!(cache_hit(
            &anonymous.get(app.url("/")).send().await.expect("page")
        ));

        assert_eq!(app.login(ORGANISER, DEMO_PASSWORD).await, StatusCode::OK);
        let (room, category) = app.first_room_and_category().await;
        // Tomorrow at night, so that it is among the first dates the programme lists.
        let tomorrow = open_day(1);
        let (from, to) = (format!("{tomorrow}T03:00"), format!("{tomorrow}T04:00"));
        let created = app
            .call(
                "calendar/create_event",
                &event_form("Frisch im Programm", &room, &category, &from, &to),
            )
            .await;
        assert_eq!(created.status(), StatusCode::OK);

        let after = anonymous.get(app.url("/")).send().await.expect("page");
        assert!(!cache_hit(&after), "the write made the cached page stale");
        assert!(
            after
                .text()
                .await
                .expect("html")
                .contains("Frisch im Programm")
        );

        for _ in 0..2 {
            let signed_in = app.client.get(app.url("/")).send().await.expect("page");
            assert!(!cache_hit(&signed_in));
            assert!(
                signed_in
                    .text()
                    .await
                    .expect("html")
                    .contains("Veranstaltung anlegen")
            );
        }
        let english = anonymous
            .get(app.url("/"))
            .header(reqwest::header::COOKIE, "lang=en")
            .send()
            .await
            .expect("page");
        assert!(!cache_hit(&english), "each language has its own entry");
        assert!(
            english
                .text()
                .await
                .expect("html")
                .contains("Upcoming events")
        );
        app.test_db.cleanup().await;
    });
}
