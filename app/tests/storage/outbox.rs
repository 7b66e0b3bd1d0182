//! The outbox: each mail claimed by one server at a time, retried after growing
//! pauses, failed after its last attempt, and sent again when an admin asks.
use crate::support::db_url;
use app::db::{Db, StoreError};
use app::i18n::Locale;
use app::kernel::error::AppError;
use app::outbox::rules::{CLAIM_SECONDS, MAX_ATTEMPTS};
use chrono::{DateTime, Duration, Utc};

async fn queue(db: &Db, count: usize) -> Vec<i64> {
    let mut tx = db.begin_write().await.expect("begin");
    for i in 0..count {
        tx.queue_mail(
            &format!("person{i}@example.org"),
            Locale::En,
            &format!("Mail {i}"),
            "Hello,\n\nthis is a test.\n",
        )
        .await
        .expect("queue");
    }
    tx.commit().await.expect("commit");
    db.unsent_mails()
        .await
        .expect("outbox")
        .iter()
        .map(|m| m.outbox_id)
        .collect()
}

fn later(seconds: i64) -> DateTime<Utc> {
    app::kernel::clock::now() + Duration::seconds(seconds)
}

on_both_backends!(many_senders_on_two_servers_claim_each_mail_once, |db| {
    let mut waiting = queue(&db, 40).await;
    assert_eq!(waiting.len(), 40);
    let other = Db::connect(&db_url(&db).await).await.expect("second pool");
    let senders = (0..8).map(|i| {
        let db = if i % 2 == 0 {
            db.clone()
        } else {
            other.clone()
        };
        tokio::spawn(async move {
            let mut mine = Vec::new();
            while let Some(mail) = db.claim_next_mail(later(0)).await.expect("claim") {
                assert_eq!(mail.attempts, 1, "a first attempt");
                mine.push(mail.outbox_id);
            }
            mine
        })
    });
    let mut taken: Vec<i64> = futures::future::join_all(senders)
        .await
        .into_iter()
        .flat_map(|r| r.expect("task"))
        .collect();
    taken.sort_unstable();
    waiting.sort_unstable();
    assert_eq!(taken, waiting, "every mail claimed exactly once");
    other.close().await;
});

on_both_backends!(a_claim_holds_until_it_runs_out, |db| {
    let ids = queue(&db, 1).await;
    let first = db
        .claim_next_mail(later(0))
        .await
        .expect("claim")
        .expect("due");
    assert_eq!(first.outbox_id, ids[0]);
    assert!(
        db.claim_next_mail(later(CLAIM_SECONDS - 1))
            .await
            .expect("claim")
            .is_none()
    );
    // The first server died: once its claim ran out, another takes the mail over.
    let second = db
        .claim_next_mail(later(CLAIM_SECONDS + 1))
        .await
        .expect("claim")
        .expect("taken over");
    assert_eq!((second.outbox_id, second.attempts), (ids[0], 2));
    // The first server's late failure must not undo the second's claim.
    db.mark_mail_failed(&first, "timeout", false, later(CLAIM_SECONDS + 2))
        .await
        .expect("ignored");
    let held = db.unsent_mails().await.expect("outbox");
    assert_eq!(
        held[0].claimed_until, second.claimed_until,
        "still the second's"
    );
    assert!(
        db.claim_next_mail(later(CLAIM_SECONDS + 3))
            .await
            .expect("claim")
            .is_none()
    );
    db.mark_mail_sent(second.outbox_id, later(CLAIM_SECONDS + 4))
        .await
        .expect("sent");
    assert!(db.unsent_mails().await.expect("outbox").is_empty());
    db.mark_mail_failed(&second, "late", false, later(CLAIM_SECONDS + 5))
        .await
        .expect("ignored");
    assert!(
        db.unsent_mails().await.expect("outbox").is_empty(),
        "a sent mail stays sent"
    );
});

on_both_backends!(a_failing_mail_waits_longer_each_time_then_fails, |db| {
    let ids = queue(&db, 1).await;
    let mut at = later(0);
    for attempt in 1..=MAX_ATTEMPTS {
        let mail = db.claim_next_mail(at).await.expect("claim").expect("due");
        assert_eq!(mail.attempts, attempt);
        db.mark_mail_failed(&mail, &format!("refused {attempt}"), false, at)
            .await
            .expect("failed");
        if attempt == MAX_ATTEMPTS {
            break;
        }
        let pause = Duration::minutes(1 << (attempt - 1));
        assert!(
            db.claim_next_mail(at + pause - Duration::seconds(1))
                .await
                .expect("claim")
                .is_none(),
            "attempt {attempt}: waits {pause}"
        );
        at += pause;
    }
    assert!(
        db.claim_next_mail(at + Duration::days(30))
            .await
            .expect("claim")
            .is_none()
    );
    let failed = db.failed_mails().await.expect("failed");
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].outbox_id, ids[0]);
    assert_eq!(failed[0].attempts, MAX_ATTEMPTS);
    assert_eq!(failed[0].last_error.as_deref(), Some("refused 8"));

    assert_eq!(
        db.retry_failed_mail(ids[0]).await.expect("retry"),
        "person0@example.org"
    );
    assert!(db.failed_mails().await.expect("failed").is_empty());
    let again = db
        .claim_next_mail(at)
        .await
        .expect("claim")
        .expect("due again");
    assert_eq!(again.attempts, 1, "a fresh set of attempts");
    assert!(
        matches!(
            db.retry_failed_mail(ids[0]).await,
            Err(StoreError::App(AppError::NotFound))
        ),
        "only a failed mail can be retried"
    );
    assert!(matches!(
        db.retry_failed_mail(ids[0] + 1000).await,
        Err(StoreError::App(AppError::NotFound))
    ));
});

on_both_backends!(a_refused_recipient_fails_at_once, |db| {
    let ids = queue(&db, 2).await;
    let mail = db
        .claim_next_mail(later(0))
        .await
        .expect("claim")
        .expect("due");
    db.mark_mail_failed(&mail, "550 no such user", true, later(0))
        .await
        .expect("failed");
    let failed = db.failed_mails().await.expect("failed");
    assert_eq!(
        failed.iter().map(|m| m.outbox_id).collect::<Vec<_>>(),
        [ids[0]]
    );
    let next = db
        .claim_next_mail(later(1))
        .await
        .expect("claim")
        .expect("the other");
    assert_eq!(next.outbox_id, ids[1]);
    assert_eq!(
        next.locale(),
        Locale::En,
        "in the language it was written in"
    );
});
