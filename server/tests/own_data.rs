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

async fn post(
    app: &TestApp,
    client: &reqwest::Client,
    function: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    client
        .post(app.url(&format!("/api/accounts/{function}")))
        .form(form)
        .send()
        .await
        .expect("request")
}

#[test]
fn a_person_changes_their_name_address_and_password() {
    run(async {
        let app = TestApp::spawn().await;
        let phone = signed_up(&app, "alt@example.org").await;
        let _other = signed_up(&app, "anders@example.org").await;
        let laptop = common::client_for(&app.base);
        let login = |client: reqwest::Client, password: &'static str| {
            let url = app.url("/api/accounts/login");
            async move {
                client
                    .post(url)
                    .form(&[("email", "neu@example.org"), ("password", password)])
                    .send()
                    .await
                    .expect("login")
                    .status()
            }
        };
        let anonymous = common::client_for(&app.base);
        let profile = [("display_name", "Kim"), ("email", "neu@example.org")];
        assert_eq!(
            post(&app, &anonymous, "update_profile", &profile)
                .await
                .status(),
            StatusCode::UNAUTHORIZED
        );
        let long_name = "K".repeat(81);
        for bad in [
            [("display_name", "Kim"), ("email", "kein-at-zeichen")],
            [("display_name", "Kim"), ("email", "anders@example.org")],
            [
                ("display_name", long_name.as_str()),
                ("email", "neu@example.org"),
            ],
            [("display_name", " "), ("email", "neu@example.org")],
        ] {
            let answer = post(&app, &phone, "update_profile", &bad).await;
            assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad:?}");
        }
        let data: Value = my_data(&app, &phone).await.json().await.expect("json");
        assert_eq!(data["email"], "alt@example.org", "nothing changed");
        let answer = post(&app, &phone, "update_profile", &profile).await;
        assert_eq!(answer.status(), StatusCode::OK);
        let data: Value = my_data(&app, &phone).await.json().await.expect("json");
        assert_eq!(
            (data["display_name"].as_str(), data["email"].as_str()),
            (Some("Kim"), Some("neu@example.org"))
        );

        assert_eq!(
            login(laptop.clone(), PASSWORD).await,
            StatusCode::OK,
            "a second device"
        );
        for (current, new) in [
            ("falsch-falsch-falsch", "ein-neues-passwort"),
            (PASSWORD, "kurz"),
            (PASSWORD, &"x".repeat(300)),
        ] {
            let answer = post(
                &app,
                &phone,
                "change_password",
                &[("current_password", current), ("new_password", new)],
            )
            .await;
            assert_eq!(
                answer.status(),
                StatusCode::UNPROCESSABLE_ENTITY,
                "{current} {new}"
            );
        }
        assert_eq!(
            my_data(&app, &laptop).await.status(),
            StatusCode::OK,
            "nothing changed"
        );
        let answer = post(
            &app,
            &phone,
            "change_password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "ein-neues-passwort"),
            ],
        )
        .await;
        assert_eq!(answer.status(), StatusCode::OK);
        assert_eq!(
            my_data(&app, &phone).await.status(),
            StatusCode::OK,
            "this device stays"
        );
        assert_eq!(
            my_data(&app, &laptop).await.status(),
            StatusCode::UNAUTHORIZED,
            "the other is out"
        );
        let fresh = common::client_for(&app.base);
        assert_eq!(
            login(fresh.clone(), PASSWORD).await,
            StatusCode::UNPROCESSABLE_ENTITY
        );
        assert_eq!(login(fresh, "ein-neues-passwort").await, StatusCode::OK);
        app.test_db.cleanup().await;
    });
}
