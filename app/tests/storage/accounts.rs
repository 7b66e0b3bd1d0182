use crate::support::{email, name, residents};
use app::accounts::rules::Role;
use app::db::StoreError;
use app::i18n::Msg;
use app::kernel::error::AppError;
use chrono::Duration;

on_both_backends!(one_email_address_has_one_account, |db| {
    let id = db
        .create_account(
            &email("ayse@example.org"),
            &name("Ayşe"),
            "hash",
            &[Role::Resident],
        )
        .await
        .expect("first account");
    let again = db
        .create_account(
            &email("AYSE@example.org"),
            &name("Other"),
            "hash",
            &[Role::Resident],
        )
        .await;
    assert!(
        matches!(
            again,
            Err(StoreError::App(AppError::Conflict(Msg::EmailTaken)))
        ),
        "{again:?}"
    );
    let account = db.account(id).await.expect("query").expect("exists");
    assert_eq!(account.display_name, "Ayşe");
    assert_eq!(account.roles, vec![Role::Resident]);
    db.grant_role(id, Role::Admin).await.expect("grant");
    db.grant_role(id, Role::Admin)
        .await
        .expect("granting twice is harmless");
    let account = db.account(id).await.expect("query").expect("exists");
    assert_eq!(account.roles, vec![Role::Resident, Role::Admin]);
});

on_both_backends!(
    sessions_live_in_the_database_until_they_expire_or_end,
    |db| {
        let id = db
            .create_account(
                &email("s@example.org"),
                &name("S"),
                "hash",
                &[Role::Organiser],
            )
            .await
            .expect("account");
        db.create_session(id, "live-token-hash", Duration::days(1))
            .await
            .expect("session");
        db.create_session(id, "expired-token-hash", Duration::seconds(-1))
            .await
            .expect("session");
        let found = db
            .session_account("live-token-hash")
            .await
            .expect("query")
            .expect("live session");
        assert_eq!(found.account_id, id);
        assert_eq!(found.roles, vec![Role::Organiser]);
        assert!(
            db.session_account("expired-token-hash")
                .await
                .expect("query")
                .is_none()
        );
        assert!(
            db.session_account("unknown")
                .await
                .expect("query")
                .is_none()
        );
        assert_eq!(
            db.purge_expired_sessions().await.expect("purge"),
            1,
            "only the expired session goes"
        );
        assert!(
            db.session_account("live-token-hash")
                .await
                .expect("query")
                .is_some()
        );
        db.delete_session("live-token-hash").await.expect("delete");
        assert!(
            db.session_account("live-token-hash")
                .await
                .expect("query")
                .is_none()
        );
    }
);

on_both_backends!(rate_limit_hits_are_counted_per_bucket_and_window, |db| {
    let since = app::kernel::clock::now() - Duration::minutes(15);
    for _ in 0..3 {
        db.record_rate_limit_hit("login:a@example.org")
            .await
            .expect("hit");
    }
    db.record_rate_limit_hit("login:b@example.org")
        .await
        .expect("hit");
    assert_eq!(
        db.rate_limit_hits("login:a@example.org", since)
            .await
            .expect("count"),
        3
    );
    assert_eq!(
        db.rate_limit_hits("login:b@example.org", since)
            .await
            .expect("count"),
        1
    );
    assert_eq!(
        db.rate_limit_hits(
            "login:a@example.org",
            app::kernel::clock::now() + Duration::minutes(1)
        )
        .await
        .expect("count"),
        0
    );
});

on_both_backends!(a_new_feed_token_revokes_the_old_one, |db| {
    let person = residents(&db, 1).await[0];
    db.replace_feed_token(person, "hash-one")
        .await
        .expect("token");
    assert_eq!(
        db.account_by_feed_token("hash-one").await.expect("q"),
        Some(person)
    );
    db.replace_feed_token(person, "hash-two")
        .await
        .expect("token");
    assert_eq!(db.account_by_feed_token("hash-one").await.expect("q"), None);
    assert_eq!(
        db.account_by_feed_token("hash-two").await.expect("q"),
        Some(person)
    );
    db.revoke_feed_token(person).await.expect("revoke");
    assert_eq!(db.account_by_feed_token("hash-two").await.expect("q"), None);
});
