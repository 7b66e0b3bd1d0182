use crate::support::{at, db_url, event, field_error, small_house};
use app::db::{Db, StoreError};
use app::i18n::Msg;
use app::kernel::error::AppError;

on_both_backends!(a_room_is_never_double_booked_including_its_buffers, |db| {
    let (room, category) = small_house(&db).await;
    db.create_event(
        &event("A", room, category, "2027-03-01T10:00", "2027-03-01T12:00"),
        None,
    )
    .await
    .expect("first");
    for (from, to) in [
        ("2027-03-01T11:00", "2027-03-01T13:00"),
        ("2027-03-01T09:00", "2027-03-01T10:30"),
        ("2027-03-01T12:00", "2027-03-01T13:00"),
        ("2027-03-01T12:29", "2027-03-01T13:00"),
        ("2027-03-01T09:00", "2027-03-01T09:31"),
    ] {
        let result = db
            .create_event(&event("B", room, category, from, to), None)
            .await;
        assert_eq!(
            field_error(result),
            ("room_id".into(), Msg::RoomTaken),
            "{from}–{to}"
        );
    }
    db.create_event(
        &event("C", room, category, "2027-03-01T12:30", "2027-03-01T13:00"),
        None,
    )
    .await
    .expect("after the clear-up time the room is free");
    db.create_event(
        &event("D", room, category, "2027-03-01T09:00", "2027-03-01T09:30"),
        None,
    )
    .await
    .expect("before the set-up time the room is free");
});

on_both_backends!(
    concurrent_requests_for_one_room_and_time_book_it_once,
    |db| {
        let (room, category) = small_house(&db).await;
        let attempts = (0..16).map(|i| {
            let db = db.clone();
            let offset = i % 4;
            tokio::spawn(async move {
                let from = format!("2027-04-01T10:{:02}", offset * 10);
                let to = format!("2027-04-01T11:{:02}", offset * 10);
                db.create_event(
                    &event(&format!("Parallel {i}"), room, category, &from, &to),
                    None,
                )
                .await
            })
        });
        let results = futures::future::join_all(attempts).await;
        let mut booked = 0;
        for result in results {
            match result.expect("task") {
                Ok(_) => booked += 1,
                Err(StoreError::App(AppError::Invalid(errors))) => {
                    assert_eq!(errors[0].msg, Msg::RoomTaken)
                }
                Err(other) => panic!("unexpected failure: {other:?}"),
            }
        }
        assert_eq!(booked, 1, "exactly one of the overlapping requests wins");
        assert_eq!(
            db.upcoming_events(at("2027-01-01T00:00"), 100)
                .await
                .expect("list")
                .len(),
            1
        );
    }
);

on_both_backends!(two_pools_on_one_database_still_book_a_room_once, |db| {
    let (room, category) = small_house(&db).await;
    let url = db_url(&db).await;
    // A second pool stands for a second server process on the same database.
    let other = Db::connect(&url).await.expect("second pool");
    let tasks = (0..12).map(|i| {
        let db = if i % 2 == 0 {
            db.clone()
        } else {
            other.clone()
        };
        tokio::spawn(async move {
            db.create_event(
                &event(
                    "Zwei Server",
                    room,
                    category,
                    "2027-05-01T18:00",
                    "2027-05-01T20:00",
                ),
                None,
            )
            .await
        })
    });
    let booked = futures::future::join_all(tasks)
        .await
        .into_iter()
        .filter(|r| matches!(r, Ok(Ok(_))))
        .count();
    assert_eq!(booked, 1);
    other.close().await;
});
