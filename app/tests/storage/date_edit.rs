use crate::support::{
    at, change, dates_of, day, event, refusal, residents, rows_of, series, small_house,
};
use app::calendar::rules::{SeriesDetails, TimeSlot};
use app::db::StoreError;
use app::i18n::Msg;
use app::kernel::error::AppError;
use app::series::edit_store::DateChange;

on_both_backends!(one_date_changes_alone_and_keeps_its_change, |db| {
    let (room, category) = small_house(&db).await;
    let mut details = SeriesDetails::simple("Nähkurs", "", category, room);
    details.seats = Some(4);
    let course = series("2027-01-05T10:00", 60, Some("FREQ=WEEKLY;COUNT=10"));
    let created = db
        .create_series(&details, &course, None, day("2026-11-25"))
        .await
        .expect("series");
    let rows = rows_of(&db, created.series_id).await;
    let (second, third) = (rows[1].occurrence_id, rows[2].occurrence_id);
    let person = residents(&db, 1).await[0];
    db.register(third, person).await.expect("register");
    db.change_date(
        second,
        DateChange {
            slot: Some(TimeSlot {
                starts_at: at("2027-01-12T14:00"),
                ends_at: at("2027-01-12T15:00"),
            }),
            ..DateChange::default()
        },
        person,
    )
    .await
    .expect("moved");
    db.change_date(
        third,
        DateChange {
            cancelled: Some(true),
            ..DateChange::default()
        },
        person,
    )
    .await
    .expect("cancelled");
    let mails = db.unsent_mails().await.expect("outbox");
    assert_eq!(mails.len(), 1);
    assert!(
        mails[0].subject.starts_with("Termin fällt aus"),
        "{}",
        mails[0].subject
    );
    // A later change to all dates leaves the two dates changed on their own alone.
    db.change_series(
        &change(
            rows[0].occurrence_id,
            false,
            details.clone(),
            "2027-01-05T11:00",
        ),
        person,
        day("2026-11-25"),
    )
    .await
    .expect("changed");
    let dates = dates_of(&db, created.series_id).await;
    assert_eq!(dates[0].1, "11:00");
    assert_eq!(dates[1].1, "14:00");
    assert_eq!(
        (dates[2].1.as_str(), dates[2].2.as_str()),
        ("10:00", "cancelled")
    );
    assert!(dates[3..].iter().all(|(_, time, _)| time == "11:00"));
    // The cancelled date frees the room; letting it take place again needs it free.
    db.create_event(
        &event(
            "Lesung",
            room,
            category,
            "2027-01-19T10:30",
            "2027-01-19T12:00",
        ),
        None,
    )
    .await
    .expect("the freed room can be booked");
    assert_eq!(
        refusal(
            db.change_date(
                third,
                DateChange {
                    cancelled: Some(false),
                    ..DateChange::default()
                },
                person,
            )
            .await
        ),
        ("room_id".to_owned(), Msg::RoomTaken)
    );
    assert!(matches!(
        db.change_date(999_999, DateChange::default(), person).await,
        Err(StoreError::App(AppError::NotFound))
    ));
});

on_both_backends!(a_date_skipped_for_a_holiday_can_be_restored, |db| {
    let (room, category) = small_house(&db).await;
    let details = SeriesDetails::simple("Gymnastik 60+", "", category, room);
    let mut mondays = series("2027-03-01T10:00", 60, Some("FREQ=WEEKLY;BYDAY=MO;COUNT=8"));
    mondays.skip_public_holidays = true;
    let created = db
        .create_series(&details, &mondays, None, day("2026-11-25"))
        .await
        .expect("series");
    let first = rows_of(&db, created.series_id).await[0].occurrence_id;
    let editor = db
        .series_editor(first, day("2026-11-25"))
        .await
        .expect("q")
        .expect("editor");
    use app::series::recurrence::Skip;
    assert_eq!(
        editor.skipped,
        vec![(day("2027-03-29"), Skip::PublicHoliday)]
    );
    assert!(
        matches!(
            db.restore_date(created.series_id, day("2027-03-30"), 0)
                .await,
            Err(StoreError::App(AppError::NotFound))
        ),
        "a date the rule does not give"
    );
    let person = residents(&db, 1).await[0];
    let restored = db
        .restore_date(created.series_id, day("2027-03-29"), person)
        .await
        .expect("restored");
    assert!(restored.is_some());
    let dates = dates_of(&db, created.series_id).await;
    assert!(
        dates
            .iter()
            .any(|(d, time, _)| d == "2027-03-29" && time == "10:00")
    );
    let editor = db
        .series_editor(first, day("2026-11-25"))
        .await
        .expect("q")
        .expect("editor");
    assert!(editor.skipped.is_empty());
    // The extension of the horizon keeps the restored date and adds no second one.
    db.extend_horizons(day("2027-06-01")).await.expect("extend");
    let again = dates_of(&db, created.series_id).await;
    assert_eq!(
        again.iter().filter(|(d, _, _)| d == "2027-03-29").count(),
        1
    );
});
