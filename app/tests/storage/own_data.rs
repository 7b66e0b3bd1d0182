//! A person's own data: all of it in the download, and deleting the account
//! frees its seats for the waitlist in the same transaction.
use crate::support::{day, email, name, refusal, residents, series, small_house};
use app::accounts::rules::Role;
use app::calendar::rules::SeriesDetails;
use app::db::{Db, StoreError};
use app::i18n::Msg;
use app::kernel::error::AppError;
use app::kernel::time::HOUSE_ZONE;
use app::registrations::rules::RegistrationStatus;
use chrono::Duration;

async fn course(db: &Db, seats: i32, title: &str) -> i64 {
    let (room, category) = small_house(db).await;
    let mut details = SeriesDetails::simple(title, "", category, room);
    details.seats = Some(seats);
    let start = (app::kernel::clock::now() + Duration::days(9))
        .with_timezone(&HOUSE_ZONE)
        .format("%Y-%m-%dT17:00")
        .to_string();
    db.create_series(&details, &series(&start, 90, None), None, day("2026-11-25"))
        .await
        .expect("course")
        .first_occurrence_id
}

on_both_backends!(
    the_download_holds_what_is_stored_and_deleting_frees_the_seat,
    |db| {
        let date = course(&db, 1, "Nähcafé").await;
        let people = residents(&db, 3).await;
        for &person in &people {
            db.register(date, person).await.expect("register");
        }
        let mine = db.personal_data(people[0]).await.expect("data");
        assert_eq!(mine.email, "person0@example.org");
        assert_eq!(mine.display_name, "Person 0");
        assert_eq!(mine.roles, ["resident"]);
        assert_eq!(mine.registrations.len(), 1);
        assert_eq!(mine.registrations[0].title, "Nähcafé");
        assert_eq!(mine.registrations[0].status, "confirmed");
        assert!(mine.sessions.is_empty() && mine.mails.is_empty());
        let theirs = db.personal_data(people[1]).await.expect("data");
        assert_eq!(
            theirs.registrations[0].status, "waitlisted",
            "only their own"
        );

        db.delete_account(people[0]).await.expect("deleted");
        assert_eq!(
            db.account_id_by_email(&email("person0@example.org"))
                .await
                .expect("query"),
            None
        );
        assert!(matches!(
            db.personal_data(people[0]).await,
            Err(StoreError::App(AppError::NotFound))
        ));
        let moved = db
            .place(date, people[1])
            .await
            .expect("place")
            .expect("registered");
        assert_eq!(
            moved.status,
            RegistrationStatus::Confirmed,
            "the first waiting moved up"
        );
        let still = db
            .place(date, people[2])
            .await
            .expect("place")
            .expect("registered");
        assert_eq!(
            (still.status, still.position),
            (RegistrationStatus::Waitlisted, 1)
        );
        let mails = db.unsent_mails().await.expect("outbox");
        assert_eq!(
            mails
                .iter()
                .map(|m| m.recipient.as_str())
                .collect::<Vec<_>>(),
            ["person1@example.org"],
            "a mail to the one who moved up, none to the deleted"
        );
        assert_eq!(db.registration_counts(date).await.expect("counts"), (1, 1));
        assert!(matches!(
            db.delete_account(people[0]).await,
            Err(StoreError::App(AppError::NotFound))
        ));
    }
);

on_both_backends!(deleting_an_account_forgets_the_mails_to_it, |db| {
    let date = course(&db, 1, "Kochkurs").await;
    let people = residents(&db, 2).await;
    for &person in &people {
        db.register(date, person).await.expect("register");
    }
    db.cancel_registration(date, people[0])
        .await
        .expect("cancel");
    assert_eq!(
        db.personal_data(people[1]).await.expect("data").mails.len(),
        1
    );
    db.delete_account(people[1]).await.expect("deleted");
    assert!(db.unsent_mails().await.expect("outbox").is_empty());
    assert_eq!(db.registration_counts(date).await.expect("counts"), (0, 0));
});

on_both_backends!(the_last_admin_cannot_delete_their_account, |db| {
    let admin = |address: &'static str| {
        let db = db.clone();
        async move {
            db.create_account(
                &email(address),
                &name("Verwaltung"),
                "not-a-real-hash",
                &[Role::Admin],
            )
            .await
            .expect("admin")
        }
    };
    let first = admin("erste@example.org").await;
    assert_eq!(
        refusal(db.delete_account(first).await.map(|_| 0)).1,
        Msg::LastAdminStays
    );
    let second = admin("zweite@example.org").await;
    // Both at once: one may go, the other stays.
    let (a, b) = tokio::join!(db.delete_account(first), db.delete_account(second));
    assert!(
        a.is_ok() != b.is_ok(),
        "exactly one admin leaves: {a:?} {b:?}"
    );
    let admins: i64 = db
        .value(
            "select count(*) from account_role where role = 'admin'",
            app::args![],
        )
        .await
        .expect("count");
    assert_eq!(admins, 1);
});
