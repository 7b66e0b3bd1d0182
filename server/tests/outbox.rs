//! E-mail exactly once, through a real SMTP server (aiosmtpd): several senders on
//! two database pools deliver every mail once, each with the `Message-ID` its
//! outbox row gives it and a plain-text and an HTML part; a refused recipient
//! ends on the admin page, which only admins can see and use.
mod common;

use app::db::Db;
use app::db::testing::TestDb;
use app::i18n::Locale;
use app::outbox::rules::message_id;
use common::{ORGANISER, TestApp, run, smtp_sink};
use reqwest::StatusCode;
use std::collections::BTreeSet;

async fn queue(db: &Db, recipients: &[String]) {
    let mut tx = db.begin_write().await.expect("begin");
    for (i, recipient) in recipients.iter().enumerate() {
        tx.queue_mail(
            recipient,
            Locale::De,
            &format!("Nachricht {i}"),
            "Guten Tag,\n\n<b>Test</b> & mehr.\n",
        )
        .await
        .expect("queue");
    }
    tx.commit().await.expect("commit");
}

/// The `Message-ID` header of each stored mail.
fn message_ids(inbox: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(inbox)
        .expect("inbox")
        .flatten()
        .map(|entry| {
            let text = std::fs::read_to_string(entry.path()).expect("mail");
            text.lines()
                .find_map(|line| {
                    let (name, value) = line.split_once(':')?;
                    name.eq_ignore_ascii_case("message-id")
                        .then(|| value.trim().to_owned())
                })
                .expect("a Message-ID")
        })
        .collect()
}

async fn exactly_once(test: TestDb) {
    let Some((_sink, inbox, url)) = smtp_sink().await else {
        return;
    };
    let mailer = server::mail::Mailer::smtp(&url, "Treffpunkt <haus@example.org>").expect("mailer");
    let recipients: Vec<String> = (0..30).map(|i| format!("person{i}@example.org")).collect();
    queue(&test.db, &recipients).await;
    let expected: BTreeSet<String> = test
        .db
        .unsent_mails()
        .await
        .expect("outbox")
        .iter()
        .map(|m| message_id(m.outbox_id, m.created_at, "example.org"))
        .collect();
    assert_eq!(expected.len(), 30);
    let other = Db::connect(&test.url).await.expect("second pool");
    let senders = (0..6).map(|i| {
        let db = if i % 2 == 0 {
            test.db.clone()
        } else {
            other.clone()
        };
        let mailer = mailer.clone();
        tokio::spawn(async move { server::mail::deliver_due(&db, &mailer).await })
    });
    let sent: usize = futures::future::join_all(senders)
        .await
        .into_iter()
        .map(|r| r.expect("task"))
        .sum();
    assert_eq!(sent, 30, "each mail counted as sent once");
    assert!(test.db.unsent_mails().await.expect("outbox").is_empty());
    let ids = message_ids(inbox.path());
    assert_eq!(ids.len(), 30, "30 mails arrived, no more");
    let arrived: BTreeSet<String> = ids.into_iter().collect();
    assert_eq!(arrived, expected, "each with its row's Message-ID");
    other.close().await;
    test.cleanup().await;
}

#[test]
fn senders_on_two_pools_deliver_each_mail_once_on_sqlite() {
    run(async { exactly_once(TestDb::sqlite().await).await });
}

#[test]
fn senders_on_two_pools_deliver_each_mail_once_on_postgres() {
    run(async {
        if let Some(test) = TestDb::postgres().await {
            exactly_once(test).await;
        }
    });
}

#[test]
fn a_refused_mail_waits_on_the_admin_page_until_an_admin_sends_it_again() {
    run(async {
        let Some((_sink, _inbox, url)) = smtp_sink().await else {
            return;
        };
        let app = TestApp::spawn_with_mail(TestDb::sqlite().await, true, Some(url)).await;
        let db = app.test_db.db.clone();
        queue(&db, &["unbekannt@example.org".to_owned()]).await;
        let mut failed = Vec::new();
        for _ in 0..100 {
            failed = db.failed_mails().await.expect("failed");
            if !failed.is_empty() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(failed.len(), 1, "a 550 is not retried");
        assert_eq!(failed[0].attempts, 1);
        assert!(
            failed[0]
                .last_error
                .as_deref()
                .unwrap_or_default()
                .contains("550"),
            "{:?}",
            failed[0].last_error
        );
        let id = failed[0].outbox_id.to_string();

        let retry = |client: reqwest::Client, id: String| {
            let url = app.url("/api/admin/retry_mail");
            async move {
                client
                    .post(url)
                    .form(&[("outbox_id", id)])
                    .send()
                    .await
                    .expect("request")
            }
        };
        let anonymous = common::client_for(&app.base);
        assert_eq!(
            retry(anonymous.clone(), id.clone()).await.status(),
            StatusCode::UNAUTHORIZED
        );
        let page = anonymous
            .get(app.url("/admin/mail"))
            .send()
            .await
            .expect("page");
        assert_eq!(page.status(), StatusCode::UNAUTHORIZED);
        assert!(
            !page
                .text()
                .await
                .expect("text")
                .contains("unbekannt@example.org")
        );

        assert_eq!(
            app.login(ORGANISER, app::demo::DEMO_PASSWORD).await,
            StatusCode::OK
        );
        assert_eq!(
            retry(app.client.clone(), id.clone()).await.status(),
            StatusCode::FORBIDDEN
        );
        let page = app
            .client
            .get(app.url("/admin/mail"))
            .send()
            .await
            .expect("page");
        assert_eq!(page.status(), StatusCode::FORBIDDEN);

        let admin = common::client_for(&app.base);
        let login = admin
            .post(app.url("/api/accounts/login"))
            .form(&[
                ("email", "admin@example.org"),
                ("password", app::demo::DEMO_PASSWORD),
            ])
            .send()
            .await
            .expect("login");
        assert_eq!(login.status(), StatusCode::OK);
        let page = admin
            .get(app.url("/admin/mail"))
            .send()
            .await
            .expect("page");
        assert_eq!(page.status(), StatusCode::OK);
        let html = page.text().await.expect("text");
        assert!(html.contains("unbekannt@example.org"), "{html}");
        assert!(html.contains("Erneut senden"), "{html}");
        assert!(html.contains("550"), "the error, for the admin to judge");

        for forged in ["abc", "-1", "0", "999999", &"9".repeat(400)] {
            let status = retry(admin.clone(), forged.to_owned()).await.status();
            assert_eq!(status, StatusCode::NOT_FOUND, "{forged}");
        }
        assert_eq!(
            db.failed_mails().await.expect("failed").len(),
            1,
            "unchanged"
        );
        let answer = retry(admin.clone(), id.clone()).await;
        assert_eq!(answer.status(), StatusCode::OK);
        assert_eq!(
            answer.json::<String>().await.expect("json"),
            "unbekannt@example.org"
        );
        // Sent again at once, refused again, and back on the page.
        let mut attempts_after_retry = 0;
        for _ in 0..100 {
            if let Some(mail) = db.failed_mails().await.expect("failed").first() {
                attempts_after_retry = mail.attempts;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(
            attempts_after_retry, 1,
            "a fresh set of attempts, tried again"
        );
        app.test_db.cleanup().await;
    });
}
