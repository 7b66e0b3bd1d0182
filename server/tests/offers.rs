//! Offers over HTTP: who may do what, hostile input refused at the door, script
//! in Markdown never reaching the page as markup, and of many approvals at once,
//! on one server or on two processes sharing PostgreSQL, exactly one decides.
mod common;

use app::db::testing::TestDb;
use common::{ORGANISER, RESIDENT, ServerProcess, TestApp, client_for, run, signed_in, signed_up};
use reqwest::StatusCode;

async fn post(
    client: &reqwest::Client,
    base: &str,
    function: &str,
    form: &[(&str, &str)],
) -> (StatusCode, String) {
    let response = client
        .post(format!("{base}/api/offers/{function}"))
        .form(form)
        .send()
        .await
        .expect("request");
    let status = response.status();
    (status, response.text().await.unwrap_or_default())
}

async fn category(app: &TestApp) -> String {
    let categories = app.test_db.db.categories().await.expect("categories");
    categories[0].category_id.to_string()
}

async fn get(client: &reqwest::Client, url: String) -> (StatusCode, String) {
    let response = client.get(url).send().await.expect("request");
    let status = response.status();
    (status, response.text().await.unwrap_or_default())
}

/// Submits an offer and returns its id.
async fn submit(app: &TestApp, client: &reqwest::Client, title: &str, description: &str) -> i64 {
    let category = category(app).await;
    let response = client
        .post(app.url("/api/offers/save"))
        .form(&[
            ("title", title),
            ("description", description),
            ("category_id", &category),
            ("intent", "submit"),
            ("website", ""),
        ])
        .send()
        .await
        .expect("submit");
    assert_eq!(response.status(), StatusCode::OK, "submitted");
    let body = response.text().await.expect("body");
    body.trim()
        .parse()
        .unwrap_or_else(|_| panic!("the new offer's id, not {body}"))
}

fn accept_form(id: &str) -> Vec<(&'static str, String)> {
    let day = common::open_day(14);
    vec![
        ("offer_id", id.to_owned()),
        ("decision", "accept".to_owned()),
        ("reason", String::new()),
        ("starts_at", format!("{day}T10:00")),
        ("ends_at", format!("{day}T12:00")),
        ("repeat", "weekly".to_owned()),
        ("count", "4".to_owned()),
        ("room_id", String::new()),
    ]
}

#[test]
fn offers_check_who_asks_and_refuse_hostile_input() {
    run(async {
        let app = TestApp::spawn().await;
        let category = category(&app).await;
        let anonymous = client_for(&app.base);
        let form = [
            ("title", "Idee"),
            ("description", ""),
            ("category_id", category.as_str()),
        ];
        assert_eq!(
            post(&anonymous, &app.base, "save", &form).await.0,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            get(&anonymous, app.url("/api/offers/queue?page=0")).await.0,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            get(&anonymous, app.url("/offers/new")).await.0,
            StatusCode::UNAUTHORIZED
        );

        let resident = signed_in(&app.base, RESIDENT).await;
        let bot = [
            ("title", "Billig"),
            ("description", ""),
            ("category_id", category.as_str()),
            ("website", "https://spam.example"),
        ];
        assert_eq!(
            post(&resident, &app.base, "save", &bot).await.0,
            StatusCode::BAD_REQUEST
        );
        let long = "x".repeat(121);
        let oversized = [
            ("title", long.as_str()),
            ("description", ""),
            ("category_id", category.as_str()),
        ];
        let (status, body) = post(&resident, &app.base, "save", &oversized).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("TitleTooLong"), "{body}");
        let huge = "y".repeat(2_000_000);
        let flood = [
            ("title", "Idee"),
            ("description", huge.as_str()),
            ("category_id", category.as_str()),
        ];
        assert!(
            post(&resident, &app.base, "save", &flood)
                .await
                .0
                .is_client_error()
        );

        let id = submit(
            &app,
            &resident,
            "<b>Repair</b>-Café",
            "**Toaster** <script>alert(1)</script> [x](javascript:alert(1))",
        )
        .await;
        let id_text = id.to_string();
        assert_eq!(
            get(&resident, app.url("/api/offers/queue?page=0")).await.0,
            StatusCode::FORBIDDEN
        );
        let (status, _) = post(
            &resident,
            &app.base,
            "decide",
            &[
                ("offer_id", id_text.as_str()),
                ("decision", "decline"),
                ("reason", "selbst entschieden"),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "a resident cannot decide");

        let stranger = signed_up(&app, "fremd@example.org").await;
        let page = format!("/api/offers/page?offer_id={id}");
        assert_eq!(
            get(&stranger, app.url(&page)).await.0,
            StatusCode::NOT_FOUND
        );
        let message = [("offer_id", id_text.as_str()), ("body", "Hallo")];
        assert_eq!(
            post(&stranger, &app.base, "message", &message).await.0,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            post(
                &stranger,
                &app.base,
                "withdraw",
                &[("offer_id", id_text.as_str())]
            )
            .await
            .0,
            StatusCode::NOT_FOUND
        );
        for forged in ["abc", "-1", "0", "99999999", "1 or 1=1"] {
            let (status, _) = post(&stranger, &app.base, "withdraw", &[("offer_id", forged)]).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{forged}");
        }

        let organiser = signed_in(&app.base, ORGANISER).await;
        let (status, html) = get(&organiser, app.url(&format!("/offers/{id}"))).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            html.contains("<strong>Toaster</strong>"),
            "Markdown is formatted"
        );
        let lower = html.to_lowercase();
        assert!(
            !lower.contains("<script>alert"),
            "no script from the description"
        );
        assert!(!lower.contains("href=\"javascript"), "no script link");
        assert!(!html.contains("<b>Repair</b>"), "the title is text");
        let (status, body) = post(
            &organiser,
            &app.base,
            "decide",
            &[
                ("offer_id", id_text.as_str()),
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
                ("offer_id", id_text.as_str()),
                ("decision", "publish"),
                ("reason", "x"),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let queue = get(&organiser, app.url("/api/offers/queue?page=0")).await;
        assert_eq!(queue.0, StatusCode::OK);
        assert!(
            queue.1.contains(&format!("\"offer_id\":{id}")),
            "{}",
            queue.1
        );
        app.test_db.cleanup().await;
    });
}

const APPROVALS: usize = 100;

/// `APPROVALS` organisers' accepts and declines of one offer at once, spread
/// over `bases`: one is taken, every other is a 409 "decided meanwhile", and
/// at most one series exists afterwards.
async fn race(app_base: &str, db: &app::db::Db, bases: &[String], id: i64) {
    let mut clients = Vec::new();
    for base in bases {
        clients.push((base.clone(), signed_in(base, ORGANISER).await));
    }
    let id_text = id.to_string();
    let requests = (0..APPROVALS).map(|i| {
        let (base, client) = clients[i % clients.len()].clone();
        let mut form = accept_form(&id_text);
        if i % 3 == 2 {
            form[1].1 = "decline".to_owned();
            form[2].1 = "Schon verplant.".to_owned();
        }
        tokio::spawn(async move {
            let response = client
                .post(format!("{base}/api/offers/decide"))
                .form(&form)
                .send()
                .await
                .expect("request");
            (response.status(), response.text().await.unwrap_or_default())
        })
    });
    let mut taken = 0;
    for answer in futures::future::join_all(requests).await {
        let (status, body) = answer.expect("task");
        match status {
            StatusCode::OK => taken += 1,
            StatusCode::CONFLICT => assert!(body.contains("OfferDecidedMeanwhile"), "{body}"),
            other => panic!("every request is decided: {other} {body}"),
        }
    }
    assert_eq!(taken, 1, "exactly one decision ({app_base})");
    let (status, series): (String, i64) = db
        .one(
            "select o.status, (select count(*) from event_series s where s.title = o.title)
             from offer o where o.offer_id = $1",
            app::args![id],
        )
        .await
        .expect("offer");
    match status.as_str() {
        "accepted" => assert_eq!(series, 1),
        "declined" => assert_eq!(series, 0),
        other => panic!("{other}"),
    }
}

#[test]
fn of_many_approvals_at_once_one_decides_on_sqlite() {
    run(async {
        let app = TestApp::spawn().await;
        let resident = signed_in(&app.base, RESIDENT).await;
        let id = submit(&app, &resident, "Ukrainisches Sprachcafé", "").await;
        race(
            &app.base,
            &app.test_db.db,
            std::slice::from_ref(&app.base),
            id,
        )
        .await;
        app.test_db.cleanup().await;
    });
}

#[test]
fn of_many_approvals_at_once_one_decides_through_two_processes_on_postgres() {
    run(async {
        let Some(test_db) = TestDb::postgres().await else {
            return;
        };
        let app = TestApp::spawn_on(test_db, true).await;
        let resident = signed_in(&app.base, RESIDENT).await;
        let id = submit(&app, &resident, "Ukrainisches Sprachcafé", "").await;
        let first = ServerProcess::start(&app.test_db.url).await;
        let second = ServerProcess::start(&app.test_db.url).await;
        let bases = [first.base.clone(), second.base.clone(), app.base.clone()];
        race(&app.base, &app.test_db.db, &bases, id).await;
        drop(first);
        drop(second);
        app.test_db.cleanup().await;
    });
}
