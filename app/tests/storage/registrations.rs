use crate::support::{accounts, day, residents, series, small_house};
use app::calendar::rules::SeriesDetails;
use app::db::{Db, StoreError};
use app::kernel::error::AppError;
use app::kernel::time::HOUSE_ZONE;
use app::registrations::rules::RegistrationStatus;
use app::registrations::store::Place;
use app::series::edit_store::DateChange;
use chrono::Duration;

async fn course(db: &Db, seats: i32) -> i64 {
    let (room, category) = small_house(db).await;
    let mut details = SeriesDetails::simple("Eltern-Kind-Turnen", "", category, room);
    details.seats = Some(seats);
    let start = (app::kernel::clock::now() + Duration::days(7))
        .with_timezone(&HOUSE_ZONE)
        .format("%Y-%m-%dT10:00")
        .to_string();
    db.create_series(&details, &series(&start, 60, None), None, day("2026-11-25"))
        .await
        .expect("course")
        .first_occurrence_id
}

on_both_backends!(concurrent_registrations_never_overfill_the_seats, |db| {
    let date = course(&db, 3).await;
    let people = residents(&db, 20).await;
    let tasks = people.iter().map(|&person| {
        let db = db.clone();
        tokio::spawn(async move { db.register(date, person).await })
    });
    let places: Vec<Place> = futures::future::join_all(tasks)
        .await
        .into_iter()
        .map(|r| r.expect("task").expect("registered"))
        .collect();
    let confirmed = places
        .iter()
        .filter(|p| p.status == RegistrationStatus::Confirmed)
        .count();
    assert_eq!(confirmed, 3);
    assert_eq!(db.registration_counts(date).await.expect("counts"), (3, 17));
    // Registrations commit one after the other: each person is told, as theirs
    // commits, the place they joined at, and keeps exactly that place.
    let mut told: Vec<i64> = places
        .iter()
        .filter(|p| p.status == RegistrationStatus::Waitlisted)
        .map(|p| p.position)
        .collect();
    told.sort_unstable();
    assert_eq!(
        told,
        (1..=17).collect::<Vec<i64>>(),
        "told places: {places:?}"
    );
    let mut positions = Vec::new();
    for (&person, joined) in people.iter().zip(&places) {
        let place = db
            .place(date, person)
            .await
            .expect("place")
            .expect("registered");
        assert_eq!(
            place, *joined,
            "person {person} keeps the place they joined at"
        );
        if place.status == RegistrationStatus::Waitlisted {
            positions.push(place.position);
        }
    }
    positions.sort_unstable();
    assert_eq!(positions, (1..=17).collect::<Vec<i64>>());
    // Late-comers, one after the other, queue behind everyone in that order.
    let late = accounts(&db, "late", 3).await;
    for &person in &late {
        db.register(date, person).await.expect("register");
    }
    let mut late_positions = Vec::new();
    for &person in &late {
        late_positions.push(
            db.place(date, person)
                .await
                .expect("q")
                .expect("registered"),
        );
    }
    assert_eq!(
        late_positions,
        (18..=20)
            .map(|position| Place {
                status: RegistrationStatus::Waitlisted,
                position,
            })
            .collect::<Vec<_>>()
    );
});

on_both_backends!(the_waitlist_moves_up_in_order_and_writes_a_mail, |db| {
    let date = course(&db, 1).await;
    let people = residents(&db, 3).await;
    for &person in &people {
        db.register(date, person).await.expect("register");
    }
    let again = db.register(date, people[1]).await.expect("twice");
    assert_eq!(
        (again.status, again.position),
        (RegistrationStatus::Waitlisted, 1)
    );
    db.cancel_registration(date, people[0])
        .await
        .expect("cancel");
    let first = db
        .place(date, people[1])
        .await
        .expect("q")
        .expect("registered");
    let second = db
        .place(date, people[2])
        .await
        .expect("q")
        .expect("registered");
    assert_eq!(first.status, RegistrationStatus::Confirmed);
    assert_eq!(
        (second.status, second.position),
        (RegistrationStatus::Waitlisted, 1)
    );
    assert_eq!(db.place(date, people[0]).await.expect("q"), None);
    let mails = db.unsent_mails().await.expect("outbox");
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].recipient, "person1@example.org");
    assert!(
        mails[0].subject.contains("Eltern-Kind-Turnen"),
        "{}",
        mails[0].subject
    );
    assert!(matches!(
        db.cancel_registration(date, people[0]).await,
        Err(StoreError::App(AppError::NotFound))
    ));
    let now = app::kernel::clock::now();
    let claimed = db.claim_next_mail(now).await.expect("claim").expect("due");
    assert!(
        db.claim_next_mail(now).await.expect("claim").is_none(),
        "claimed once"
    );
    db.mark_mail_sent(claimed.outbox_id, now)
        .await
        .expect("sent");
    assert!(db.unsent_mails().await.expect("outbox").is_empty());

    // A cancelled date: a mail to every person registered (`outbox.rs` tests
    // how several servers share them).
    for &person in &accounts(&db, "later", 20).await {
        db.register(date, person).await.expect("register");
    }
    db.change_date(
        date,
        DateChange {
            cancelled: Some(true),
            ..DateChange::default()
        },
        people[1],
    )
    .await
    .expect("cancelled");
    let waiting = db.unsent_mails().await.expect("outbox");
    assert_eq!(waiting.len(), 22, "one mail to each of the 22 registered");
});
