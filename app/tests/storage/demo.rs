use crate::support::{at, email};
use chrono::NaiveDate;

on_both_backends!(
    a_fresh_database_is_empty_and_the_demo_house_fills_it,
    |db| {
        assert!(db.is_empty().await.expect("query"));
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).expect("valid");
        app::demo::seed(&db, "not-a-real-hash", today)
            .await
            .expect("seed");
        assert!(!db.is_empty().await.expect("query"));
        let rooms = db.rooms().await.expect("rooms");
        assert!((5..=8).contains(&rooms.len()), "{} rooms", rooms.len());
        assert!(db.categories().await.expect("categories").len() >= 15);
        let from = at("2026-11-25T00:00");
        let upcoming = db.upcoming_events(from, 100).await.expect("events");
        assert!(upcoming.len() >= 15, "{} demo events", upcoming.len());
        assert!(
            upcoming
                .windows(2)
                .all(|w| w[0].starts_at <= w[1].starts_at),
            "soonest first"
        );
        for (address, _, roles) in app::demo::DEMO_ACCOUNTS {
            let id = db
                .account_id_by_email(&email(address))
                .await
                .expect("query")
                .expect("demo account");
            let account = db.account(id).await.expect("query").expect("account");
            assert_eq!(account.roles.len(), roles.len());
        }
    }
);
