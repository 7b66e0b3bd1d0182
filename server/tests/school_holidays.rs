//! A series that skips school holidays and runs past the last day the holiday
//! table knows: the editor tells organisers so, on both backends.
mod common;

use app::calendar::holidays::school_holidays_known_until;
use app::db::testing::TestDb;
use app::i18n::{Locale, Msg, format_date};
use chrono::{Datelike, Duration, NaiveDate};
use common::{ORGANISER, TestApp, open_day, run};
use reqwest::StatusCode;
use serde_json::Value;

/// The start of the warning, whatever the date in it.
const WARNING: &str = "Diese Reihe lässt Schulferien aus, hat aber Termine nach dem";

#[test]
fn the_editor_warns_when_school_holidays_run_out_on_sqlite() {
    run(async { warns_when_school_holidays_run_out(TestApp::spawn().await).await });
}

#[test]
fn the_editor_warns_when_school_holidays_run_out_on_postgres() {
    run(async {
        let Some(test_db) = TestDb::postgres().await else {
            return;
        };
        warns_when_school_holidays_run_out(TestApp::spawn_on(test_db, true).await).await;
    });
}

/// The Monday on or after `day`.
fn monday_from(day: NaiveDate) -> NaiveDate {
    let ahead = (7 - day.weekday().num_days_from_monday()) % 7;
    day + Duration::days(i64::from(ahead))
}

async fn warns_when_school_holidays_run_out(app: TestApp) {
    assert!(
        app.login(ORGANISER, app::demo::DEMO_PASSWORD)
            .await
            .is_success()
    );
    let (room, category) = app.first_room_and_category().await;
    let known_until = school_holidays_known_until();
    // Whatever day the tests run: ten weeks before the table ends (or a week ahead,
    // once that day has passed), so the stored dates reach past its last day.
    let late = monday_from((known_until - Duration::weeks(10)).max(open_day(7)));
    let soon = monday_from(open_day(7));
    let create = |title: &str, first: NaiveDate, hour: u32, weeks: &str, skip: bool| {
        let mut form = vec![
            ("title", title.to_owned()),
            ("description", String::new()),
            ("room_id", room.clone()),
            ("category_id", category.clone()),
            ("starts_at", format!("{first}T{hour:02}:00")),
            ("ends_at", format!("{first}T{hour:02}:45")),
            ("repeat", "weekly".to_owned()),
            ("weekday_mo", "on".to_owned()),
            ("ends", "after".to_owned()),
            ("count", weeks.to_owned()),
        ];
        if skip {
            form.push(("skip_school_holidays", "on".to_owned()));
        }
        let request = app
            .client
            .post(app.url("/api/calendar/create_event"))
            .form(&form);
        async move {
            let response = request.send().await.expect("request");
            assert_eq!(response.status(), StatusCode::OK);
            let body = response.text().await.expect("body");
            body.trim().parse::<i64>().expect("the new date's id")
        }
    };
    let past_the_table = create("Hausaufgabenhilfe spät", late, 7, "20", true).await;
    let within_the_table = create("Hausaufgabenhilfe bald", soon, 8, "3", true).await;
    let not_skipping = create("Lauftreff spät", late, 9, "20", false).await;

    for (id, warned) in [
        (past_the_table, true),
        (within_the_table, false),
        (not_skipping, false),
    ] {
        let response = app
            .client
            .post(app.url("/api/calendar/series_editor"))
            .header("Accept", "application/json")
            .form(&[("occurrence_id", id.to_string())])
            .send()
            .await
            .expect("editor data");
        assert_eq!(response.status(), StatusCode::OK);
        let editor: Value = response.json().await.expect("json");
        let expected = warned.then(|| known_until.to_string());
        assert_eq!(
            editor["school_holidays_unchecked_after"].as_str(),
            expected.as_deref(),
            "series of date {id}"
        );
        if warned {
            let dates: Vec<&str> = editor["dates"]
                .as_array()
                .expect("dates")
                .iter()
                .filter_map(|d| d["starts_local"].as_str())
                .collect();
            assert!(
                dates.iter().any(|d| *d > known_until.to_string().as_str()),
                "the series has a date after {known_until}: {dates:?}"
            );
        }

        let page = app
            .client
            .get(app.url(&format!("/events/{id}/edit")))
            .send()
            .await
            .expect("editor page");
        assert_eq!(page.status(), StatusCode::OK);
        let html = page.text().await.expect("html");
        assert_eq!(html.contains(WARNING), warned, "the warning on date {id}");
        if warned {
            let sentence = Msg::SchoolHolidaysUnknownAfter.fill(
                Locale::De,
                &[("date", &format_date(Locale::De, known_until))],
            );
            assert!(
                html.contains(&sentence),
                "the warning names the last known day: {sentence}"
            );
        }
    }
}
