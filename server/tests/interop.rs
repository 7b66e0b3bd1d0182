//! The calendar checked by independent programs over real sockets: the feeds by
//! Python's iCalendar parser and expander, the waitlist mail by a real SMTP server
//! (aiosmtpd). Kept apart from the other HTTP tests because they spawn processes.
mod common;

use app::i18n::{Locale, Msg};

use chrono::Duration;
use common::{
    TestApp, call, course, course_titled, interop, python, run, signed_up, smtp_sink, today,
};
use reqwest::StatusCode;
use serde_json::Value;
use std::path::PathBuf;

#[test]
fn the_feed_parses_and_expands_to_the_same_dates_as_the_api() {
    run(async {
        let Some(python) = python() else {
            return;
        };
        let app = TestApp::spawn().await;
        let response = app
            .client
            .get(app.url("/feeds/calendar.ics"))
            .send()
            .await
            .expect("feed");
        assert_eq!(
            response.headers()["content-type"],
            "text/calendar; charset=utf-8"
        );
        let feed = response.text().await.expect("ics");
        assert!(
            feed.contains("RRULE:FREQ=MONTHLY;BYDAY=1SA"),
            "the Repair-Café rule"
        );
        assert!(
            feed.contains("EXDATE;TZID=Europe/Berlin:"),
            "school holidays as exception dates"
        );
        assert!(feed.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin"));
        let first = today().to_string();
        let last = (today() + Duration::days(300)).to_string();
        let mut unfiltered = None;
        for query in [
            "",
            "category=homework-help",
            "audience=seniors&free=1",
            "room=3",
        ] {
            let output = tokio::process::Command::new(&python)
                .arg(interop("ical_check.py"))
                .args([app.base.as_str(), first.as_str(), last.as_str(), query])
                .output()
                .await
                .expect("run the checker");
            let stdout = String::from_utf8_lossy(&output.stdout);
            assert!(
                output.status.success(),
                "{query}: {stdout}{}",
                String::from_utf8_lossy(&output.stderr)
            );
            // Two empty lists agree too: each query must have dates to compare,
            // and a filter must leave some out.
            let agreed: usize = stdout
                .trim()
                .strip_prefix("ok: ")
                .and_then(|rest| rest.strip_suffix(" dates agree"))
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("{query}: the checker said {stdout:?}"));
            let api: Value = app
                .client
                .get(app.url(&format!("/api/v1/events?from={first}&to={last}&{query}")))
                .send()
                .await
                .expect("api")
                .json()
                .await
                .expect("json");
            let listed = api["events"].as_array().map_or(0, Vec::len);
            assert!(
                agreed > 0 && listed > 0,
                "{query}: {agreed} dates agree, the API lists {listed}"
            );
            match unfiltered {
                None => unfiltered = Some(agreed),
                Some(all) => assert!(agreed < all, "{query}: {agreed} of {all} dates"),
            }
        }
    });
}

#[test]
fn the_person_who_moves_up_gets_a_mail_through_a_real_smtp_server() {
    run(async {
        let Some(python) = python() else {
            return;
        };
        let (_sink, inbox, app) = mailing_app(&python).await;
        let date = course(&app, 1).await;
        let first = signed_up(&app, "erste@example.org").await;
        let second = signed_up(&app, "zweite@example.org").await;
        let place: Value = call(&app, &first, "register", date)
            .await
            .json()
            .await
            .expect("json");
        assert_eq!(place["status"], "Confirmed");
        let place: Value = call(&app, &second, "register", date)
            .await
            .json()
            .await
            .expect("json");
        assert_eq!(
            (place["status"].as_str(), place["position"].as_i64()),
            (Some("Waitlisted"), Some(1))
        );
        assert_eq!(
            call(&app, &first, "cancel_registration", date)
                .await
                .status(),
            StatusCode::OK
        );

        let mail = std::fs::read_to_string(first_mail(&inbox).await).expect("mail");
        assert!(mail.contains("X-Envelope-To: zweite@example.org"), "{mail}");
        assert!(mail.contains("Kochkurs"), "{mail}");
        assert!(
            mail.contains("From: Treffpunkt <haus@example.org>"),
            "{mail}"
        );
        let mut unsent = usize::MAX;
        for _ in 0..50 {
            unsent = app.test_db.db.unsent_mails().await.expect("outbox").len();
            if unsent == 0 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(unsent, 0, "marked as sent once the SMTP server accepted it");
        let moved: Value = app
            .test_db
            .db
            .place(date, account_id(&app, "zweite@example.org").await)
            .await
            .expect("place")
            .map(|p| serde_json::json!(format!("{:?}", p.status)))
            .unwrap_or_default();
        assert_eq!(moved, "Confirmed");
    });
}

/// A demo server that sends its mail to a real SMTP server (aiosmtpd), which
/// stores each mail it accepts in the returned directory; the SMTP server stops
/// when the child is dropped.
async fn mailing_app(_python: &PathBuf) -> (tokio::process::Child, tempfile::TempDir, TestApp) {
    let (sink, inbox, url) = smtp_sink().await.expect("the SMTP server");
    let app =
        TestApp::spawn_with_mail(app::db::testing::TestDb::sqlite().await, true, Some(url)).await;
    (sink, inbox, app)
}

/// The file of the first mail the sink stored, waiting up to ten seconds for it.
async fn first_mail(inbox: &tempfile::TempDir) -> PathBuf {
    for _ in 0..100 {
        if let Some(entry) = std::fs::read_dir(inbox.path())
            .expect("inbox")
            .flatten()
            .next()
        {
            return entry.path();
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("no mail arrived");
}

/// Markup, quotes and separators in a title reach the mail as text: one Subject
/// header that a mail program decodes to the title as saved, a plain-text part,
/// and an HTML part where the markup is escaped text. Line breaks never get that
/// far: one-line fields refuse them (`server/tests/hostile.rs`).
#[test]
fn a_hostile_title_reaches_the_mail_as_text() {
    run(async {
        let Some(python) = python() else {
            return;
        };
        let (_sink, inbox, app) = mailing_app(&python).await;
        let title = "Kochkurs </title><script>alert(1)</script> \"Bcc: alle\"; a, b & <b>fett</b>";
        let date = course_titled(&app, title).await;
        let person = signed_up(&app, "gast@example.org").await;
        assert_eq!(
            call(&app, &person, "register", date).await.status(),
            StatusCode::OK
        );
        assert_eq!(
            app.login(common::ORGANISER, app::demo::DEMO_PASSWORD).await,
            StatusCode::OK
        );
        let cancelled = app
            .call(
                "calendar/set_date_cancelled",
                &[("occurrence_id", &date.to_string()), ("cancelled", "true")],
            )
            .await;
        assert_eq!(cancelled.status(), StatusCode::OK);

        let file = first_mail(&inbox).await;
        let output = tokio::process::Command::new(&python)
            .arg(interop("mail_fields.py"))
            .arg(&file)
            .output()
            .await
            .expect("read the mail");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let mail: Value = serde_json::from_slice(&output.stdout).expect("json");
        let headers: Vec<&str> = mail["headers"]
            .as_array()
            .expect("headers")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert_eq!(
            headers
                .iter()
                .filter(|h| h.eq_ignore_ascii_case("subject"))
                .count(),
            1
        );
        assert!(
            !headers.iter().any(|h| h.eq_ignore_ascii_case("bcc")),
            "{headers:?}"
        );
        let subject = mail["subject"].as_str().expect("subject");
        assert!(subject.contains(title), "{subject}");
        assert_eq!(mail["content_type"], "multipart/alternative", "{mail}");
        assert_eq!(
            mail["parts"],
            serde_json::json!(["multipart/alternative", "text/plain", "text/html"])
        );
        assert!(
            mail["text"].as_str().expect("text").contains(title),
            "{mail}"
        );
        let html = mail["html"].as_str().expect("html");
        assert!(
            html.contains("Kochkurs &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; &quot;Bcc: alle&quot;; a, b &amp; &lt;b&gt;fett&lt;/b&gt;"),
            "{html}"
        );
        assert!(
            !html.contains("<script>") && !html.contains("<b>"),
            "{html}"
        );
        assert!(html.contains("<html lang=\"de\""), "{html}");
        app.test_db.cleanup().await;
    });
}

/// A mail is written in the language its recipient chose, on the page or at sign-up.
#[test]
fn a_mail_comes_in_the_language_its_recipient_chose() {
    run(async {
        let Some(python) = python() else {
            return;
        };
        let (_sink, inbox, app) = mailing_app(&python).await;
        let date = course_titled(&app, "Kochkurs").await;
        let person = signed_up(&app, "gast@example.org").await;
        let switched = person
            .post(app.url("/language"))
            .form(&[("lang", "uk"), ("back", "/")])
            .send()
            .await
            .expect("language");
        assert!(switched.status().is_redirection() || switched.status().is_success());
        assert_eq!(
            call(&app, &person, "register", date).await.status(),
            StatusCode::OK
        );
        assert_eq!(
            app.login(common::ORGANISER, app::demo::DEMO_PASSWORD).await,
            StatusCode::OK
        );
        let cancelled = app
            .call(
                "calendar/set_date_cancelled",
                &[("occurrence_id", &date.to_string()), ("cancelled", "true")],
            )
            .await;
        assert_eq!(cancelled.status(), StatusCode::OK);
        let file = first_mail(&inbox).await;
        let output = tokio::process::Command::new(&python)
            .arg(interop("mail_fields.py"))
            .arg(&file)
            .output()
            .await
            .expect("read the mail");
        let mail: Value = serde_json::from_slice(&output.stdout).expect("json");
        let subject = mail["subject"].as_str().expect("subject");
        let expected = Msg::MailDateCancelledSubject.text(Locale::Uk);
        assert!(subject.contains(expected), "{subject} in Ukrainian");
        app.test_db.cleanup().await;
    });
}

async fn account_id(app: &TestApp, email: &str) -> i64 {
    app.test_db
        .db
        .account_id_by_email(&app::accounts::rules::Email::parse(email).expect("email"))
        .await
        .expect("query")
        .expect("account")
}
