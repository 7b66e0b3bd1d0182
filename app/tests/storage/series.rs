use crate::support::{at, day, event, residents, rows_of, series, small_house};
use app::calendar::rules::SeriesDetails;
use app::db::StoreError;
use app::i18n::Msg;
use app::kernel::error::AppError;
use app::kernel::time::HOUSE_ZONE;
use app::series::edit_store::DateChange;
use app::series::recurrence::Series;
use std::collections::BTreeSet;

on_both_backends!(
    a_series_is_stored_at_local_time_without_holidays_and_exceptions,
    |db| {
        let (room, category) = small_house(&db).await;
        let mut homework = series(
            "2026-12-21T15:00",
            120,
            Some("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH;UNTIL=20270409T215959Z"),
        );
        homework.skip_school_holidays = true;
        homework.skip_public_holidays = true;
        homework.exceptions.insert(day("2027-01-12"));
        let details = SeriesDetails::simple("Hausaufgabenhilfe", "", category, room);
        let created = db
            .create_series(&details, &homework, None, day("2026-11-25"))
            .await
            .expect("series");
        let rows = rows_of(&db, created.series_id).await;
        assert_eq!(rows.len(), created.dates);
        let dates: Vec<String> = rows.iter().filter_map(|r| r.local_date.clone()).collect();
        assert_eq!(&dates[..3], ["2026-12-21", "2026-12-22", "2027-01-07"]);
        assert!(!dates.contains(&"2027-01-12".to_owned()), "exception");
        assert!(
            !dates
                .iter()
                .any(|d| ("2027-03-22"..="2027-04-03").contains(&d.as_str())),
            "Easter holidays: {dates:?}"
        );
        assert!(dates.contains(&"2027-04-05".to_owned()));
        for row in &rows {
            let local = app::kernel::time::utc_to_local(row.starts_at, HOUSE_ZONE);
            assert_eq!(local.format("%H:%M").to_string(), "15:00", "{row:?}");
        }
        assert!(
            rows.iter()
                .any(|r| r.starts_at.format("%H").to_string() == "14")
        );
        assert!(
            rows.iter()
                .any(|r| r.starts_at.format("%H").to_string() == "13")
        );
    }
);

on_both_backends!(the_feed_reads_the_same_dates_as_the_calendar, |db| {
    let (room, category) = small_house(&db).await;
    let created = db
        .create_series(
            &SeriesDetails::simple(
                "Chor, \"offen\"; für alle",
                "Zeile 1\nZeile 2",
                category,
                room,
            ),
            &series("2027-03-01T19:00", 90, Some("FREQ=WEEKLY;COUNT=8")),
            None,
            day("2026-11-25"),
        )
        .await
        .expect("series");
    db.create_event(
        &event(
            "Konzert",
            room,
            category,
            "2027-03-03T20:00",
            "2027-03-03T22:00",
        ),
        None,
    )
    .await
    .expect("single");
    let person = residents(&db, 1).await[0];
    let dates = rows_of(&db, created.series_id).await;
    db.change_date(
        dates[2].occurrence_id,
        DateChange {
            cancelled: Some(true),
            ..DateChange::default()
        },
        person,
    )
    .await
    .expect("cancelled");
    let (from, to) = (at("2027-01-01T00:00"), at("2027-12-31T00:00"));
    let shown = |rows: Vec<app::calendar::store::CalendarRow>| -> Vec<String> {
        rows.into_iter()
            .map(|row| {
                format!(
                    "{:?}",
                    app::calendar::store::CalendarRow {
                        confirmed: 0,
                        ..row
                    }
                )
            })
            .collect()
    };
    let calendar = shown(db.calendar_rows(from, to).await.expect("calendar"));
    let feed = shown(db.feed_rows(from, to).await.expect("feed"));
    assert_eq!(calendar.len(), 9, "8 dates and the concert");
    assert!(
        calendar
            .iter()
            .any(|r| r.contains("occurrence_status: Cancelled"))
    );
    assert_eq!(feed, calendar);
    assert!(
        db.feed_rows(at("2030-01-01T00:00"), at("2030-02-01T00:00"))
            .await
            .expect("empty")
            .is_empty()
    );
});

on_both_backends!(a_series_colliding_on_one_date_is_refused_whole, |db| {
    let (room, category) = small_house(&db).await;
    db.create_event(
        &event(
            "Konzert",
            room,
            category,
            "2027-01-19T17:00",
            "2027-01-19T19:00",
        ),
        None,
    )
    .await
    .expect("concert");
    let yoga = series("2026-12-01T19:00", 90, Some("FREQ=WEEKLY;COUNT=10"));
    let details = SeriesDetails::simple("Yoga", "", category, room);
    match db
        .create_series(&details, &yoga, None, day("2026-11-25"))
        .await
    {
        Err(StoreError::App(AppError::Invalid(errors))) => {
            assert_eq!(
                (errors[0].field.as_str(), errors[0].msg),
                ("room_id", Msg::RoomTaken)
            )
        }
        other => panic!("expected a refusal, got {:?}", other.map(|c| c.series_id)),
    }
    let all = db
        .calendar_rows(at("2026-11-01T00:00"), at("2027-12-31T00:00"))
        .await
        .expect("rows");
    assert_eq!(all.len(), 1, "nothing of the refused series is stored");
    let none = series(
        "2026-12-01T19:00",
        90,
        Some("FREQ=MONTHLY;BYMONTHDAY=31;COUNT=1"),
    );
    let nothing = Series {
        exceptions: BTreeSet::from([day("2026-12-31")]),
        ..none
    };
    match db
        .create_series(&details, &nothing, None, day("2026-11-25"))
        .await
    {
        Err(StoreError::App(AppError::Invalid(errors))) => {
            assert_eq!(errors[0].msg, Msg::RecurrenceNoDates)
        }
        other => panic!("expected a refusal, got {:?}", other.map(|c| c.series_id)),
    }
});

on_both_backends!(the_horizon_moves_forward_and_never_double_books, |db| {
    let (room, category) = small_house(&db).await;
    let cafe = series("2026-12-05T14:00", 180, Some("FREQ=MONTHLY;BYDAY=1SA"));
    let details = SeriesDetails::simple("Repair-Café", "", category, room);
    let created = db
        .create_series(&details, &cafe, None, day("2026-11-25"))
        .await
        .expect("series");
    assert_eq!(
        created.dates, 19,
        "18 months from the first date: December 2026 to June 2028"
    );
    // A festival takes the room on a first Saturday beyond the stored dates.
    db.create_event(
        &event(
            "Fest",
            room,
            category,
            "2028-07-01T12:00",
            "2028-07-01T22:00",
        ),
        None,
    )
    .await
    .expect("festival");
    let added = db.extend_horizons(day("2027-03-01")).await.expect("extend");
    assert_eq!(added, 2, "July and August 2028");
    assert_eq!(
        db.extend_horizons(day("2027-03-01")).await.expect("again"),
        0
    );
    let rows = rows_of(&db, created.series_id).await;
    assert_eq!(rows.len(), 21);
    let july = rows
        .iter()
        .find(|r| r.local_date.as_deref() == Some("2028-07-01"))
        .expect("the July date exists");
    assert_eq!(
        july.room_id, None,
        "stored without a room, waiting in the tray"
    );
    assert!(rows.iter().filter(|r| r.room_id.is_some()).count() == 20);
});
