//! A person's own data over HTTP: the download is theirs alone, and deleting the
//! account needs its password, ends the session and frees the seat it held.
mod common;

use common::{TestApp, call, course, run, signed_up};
use reqwest::StatusCode;
use serde_json::Value;

const PASSWORD: &str = "ein-langes-passwort";

async fn delete(app: &TestApp, client: &reqwest::Client, password: &str) -> StatusCode {
    client
        .post(app.url("/api/accounts/delete_account"))
        .form(&[("password", password)])
        .send()
        .await
        .expect("request")
        .status()
}

async fn my_data(app: &TestApp, client: &reqwest::Client) -> reqwest::Response {
    client
        .get(app.url("/api/accounts/my_data"))
        .send()
        .await
        .expect("request")
}

#[test]
fn a_person_downloads_their_data_and_deletes_their_account() {
    run(async {
        let app = TestApp::spawn().await;
        let anonymous = common::client_for(&app.base);
        assert_eq!(
            my_data(&app, &anonymous).await.status(),
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            delete(&app, &anonymous, PASSWORD).await,
            StatusCode::UNAUTHORIZED
        );
        let page = anonymous
            .get(app.url("/account"))
            .send()
            .await
            .expect("page");
        assert_eq!(page.status(), StatusCode::UNAUTHORIZED);

        let date = course(&app, 1).await;
        let leaving = signed_up(&app, "geht@example.org").await;
        let staying = signed_up(&app, "bleibt@example.org").await;
        for client in [&leaving, &staying] {
            assert_eq!(
                call(&app, client, "register", date).await.status(),
                StatusCode::OK
            );
        }
        let data: Value = my_data(&app, &leaving).await.json().await.expect("json");
        assert_eq!(data["email"], "geht@example.org");
        assert_eq!(data["display_name"], "Test Person");
        assert_eq!(data["registrations"].as_array().map(Vec::len), Some(1));
        assert_eq!(data["registrations"][0]["status"], "confirmed");
        assert_eq!(data["sessions"].as_array().map(Vec::len), Some(1));
        let text = serde_json::to_string(&data).expect("text");
        assert!(!text.contains("bleibt@example.org"), "nobody else's data");
        assert!(!text.contains("argon2"), "no password hash");
        let page = leaving.get(app.url("/account")).send().await.expect("page");
        assert_eq!(page.status(), StatusCode::OK);
        assert!(
            page.text()
                .await
                .expect("html")
                .contains("geht@example.org")
        );

        for wrong in ["falsch-falsch-falsch", "", &"x".repeat(10_000)] {
            assert_eq!(
                delete(&app, &leaving, wrong).await,
                StatusCode::UNPROCESSABLE_ENTITY
            );
        }
        assert_eq!(
            my_data(&app, &leaving).await.status(),
            StatusCode::OK,
            "still there"
        );
        assert_eq!(delete(&app, &leaving, PASSWORD).await, StatusCode::OK);

        assert_eq!(
            my_data(&app, &leaving).await.status(),
            StatusCode::UNAUTHORIZED,
            "session ended"
        );
        let login = anonymous
            .post(app.url("/api/accounts/login"))
            .form(&[("email", "geht@example.org"), ("password", PASSWORD)])
            .send()
            .await
            .expect("login");
        assert_eq!(
            login.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "the account is gone"
        );
        let data: Value = my_data(&app, &staying).await.json().await.expect("json");
        assert_eq!(data["registrations"][0]["status"], "confirmed", "moved up");
        app.test_db.cleanup().await;
    });
}
