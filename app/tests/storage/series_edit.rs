use crate::support::{
    at, change, dates_of, day, event, refusal, residents, rows_of, series, small_house,
};
use app::calendar::rules::{SeriesDetails, TimeSlot};
use app::i18n::Msg;
use app::kernel::time::HOUSE_ZONE;
use app::registrations::rules::RegistrationStatus;
use app::series::change::SeriesChange;
use app::series::edit_store::DateChange;
use app::series::recurrence::Rule;

on_both_backends!(
    this_and_following_splits_the_series_and_keeps_registrations,
    |db| {
        let (room, category) = small_house(&db).await;
        let mut details = SeriesDetails::simple("Yoga", "", category, room);
        details.seats = Some(5);
        let yoga = series("2027-01-05T10:00", 60, Some("FREQ=WEEKLY;COUNT=10"));
        let created = db
            .create_series(&details, &yoga, None, day("2026-11-25"))
            .await
            .expect("series");
        let rows = rows_of(&db, created.series_id).await;
        let fourth = rows[3].occurrence_id;
        let person = residents(&db, 1).await[0];
        db.register(fourth, person).await.expect("register");

        let renamed = SeriesDetails {
            title: "Yoga am Abend".to_owned(),
            ..details.clone()
        };
        let shown = db
            .change_series(
                &change(fourth, true, renamed, "2027-01-26T18:00"),
                person,
                day("2026-11-25"),
            )
            .await
            .expect("changed");
        assert_eq!(shown, Some(fourth), "the opened date keeps its id");

        let before: Vec<_> = dates_of(&db, created.series_id).await;
        assert_eq!(
            before,
            vec![
                ("2027-01-05".into(), "10:00".into(), "scheduled".into()),
                ("2027-01-12".into(), "10:00".into(), "scheduled".into()),
                ("2027-01-19".into(), "10:00".into(), "scheduled".into()),
            ]
        );
        let moved = db.calendar_row(fourth).await.expect("q").expect("row");
        assert_ne!(moved.series_id, created.series_id, "a series of its own");
        assert_eq!(moved.title, "Yoga am Abend");
        let after = dates_of(&db, moved.series_id).await;
        assert_eq!(after.len(), 7, "the count goes on: 3 + 7 = 10 dates");
        assert!(
            after.iter().all(|(_, time, _)| time == "18:00"),
            "{after:?}"
        );
        assert_eq!(after[0].0, "2027-01-26");
        assert_eq!(
            db.place(fourth, person).await.expect("q").map(|p| p.status),
            Some(RegistrationStatus::Confirmed),
            "the registration stays with its date"
        );
        let mails = db.unsent_mails().await.expect("outbox");
        assert_eq!(
            mails.len(),
            1,
            "the registered person hears of the new time"
        );
        assert!(mails[0].body.contains("18:00"), "{}", mails[0].body);
    }
);

on_both_backends!(
    changing_all_dates_refuses_a_collision_and_changes_nothing,
    |db| {
        let (room, category) = small_house(&db).await;
        let details = SeriesDetails::simple("Chor", "", category, room);
        let choir = series("2027-01-05T10:00", 60, Some("FREQ=WEEKLY;COUNT=10"));
        let created = db
            .create_series(&details, &choir, None, day("2026-11-25"))
            .await
            .expect("series");
        db.create_event(
            &event(
                "Konzert",
                room,
                category,
                "2027-02-09T17:00",
                "2027-02-09T20:00",
            ),
            None,
        )
        .await
        .expect("concert");
        let person = residents(&db, 1).await[0];
        let first = rows_of(&db, created.series_id).await[0].occurrence_id;
        let evening = change(first, false, details.clone(), "2027-01-05T18:30");
        assert_eq!(
            refusal(db.change_series(&evening, person, day("2026-11-25")).await),
            ("room_id".to_owned(), Msg::RoomTaken)
        );
        assert!(
            dates_of(&db, created.series_id)
                .await
                .iter()
                .all(|(_, time, _)| time == "10:00"),
            "nothing changed"
        );
        let too_long = SeriesChange {
            duration_minutes: 8 * 24 * 60,
            ..change(first, false, details.clone(), "2027-01-05T12:00")
        };
        assert_eq!(
            refusal(db.change_series(&too_long, person, day("2026-11-25")).await),
            ("ends_at".to_owned(), Msg::SeriesOverlapsItself)
        );
        let noon = change(first, false, details, "2027-01-05T12:00");
        db.change_series(&noon, person, day("2026-11-25"))
            .await
            .expect("changed");
        let dates = dates_of(&db, created.series_id).await;
        assert_eq!(dates.len(), 10);
        assert!(
            dates.iter().all(|(_, time, _)| time == "12:00"),
            "{dates:?}"
        );
    }
);

on_both_backends!(
    a_series_change_counts_dates_kept_alone_and_never_overfills,
    |db| {
        let (room, category) = small_house(&db).await;
        let mut details = SeriesDetails::simple("Tanzkurs", "", category, room);
        details.seats = Some(2);
        let course = series("2027-01-05T10:00", 60, Some("FREQ=WEEKLY;COUNT=10"));
        let created = db
            .create_series(&details, &course, None, day("2026-11-25"))
            .await
            .expect("series");
        let rows = rows_of(&db, created.series_id).await;
        let people = residents(&db, 3).await;
        // The second date moves alone to the Wednesday.
        db.change_date(
            rows[1].occurrence_id,
            DateChange {
                slot: Some(TimeSlot {
                    starts_at: at("2027-01-13T10:00"),
                    ends_at: at("2027-01-13T11:00"),
                }),
                ..DateChange::default()
            },
            people[0],
        )
        .await
        .expect("moved");
        // Tuesdays and Wednesdays from now on would put a new Wednesday on the moved date.
        let both = SeriesChange {
            rule: Some(
                Rule::parse_rrule("FREQ=WEEKLY;BYDAY=TU,WE;COUNT=10", HOUSE_ZONE).expect("rule"),
            ),
            keeps_rule: false,
            ..change(
                rows[0].occurrence_id,
                false,
                details.clone(),
                "2027-01-05T10:00",
            )
        };
        assert_eq!(
            refusal(db.change_series(&both, people[0], day("2026-11-25")).await),
            ("room_id".to_owned(), Msg::RoomTaken)
        );
        // The opened date must be one the rule gives.
        let wednesday = SeriesChange {
            rule: Some(
                Rule::parse_rrule("FREQ=WEEKLY;BYDAY=TU;COUNT=10", HOUSE_ZONE).expect("rule"),
            ),
            keeps_rule: false,
            ..change(
                rows[0].occurrence_id,
                false,
                details.clone(),
                "2027-01-06T10:00",
            )
        };
        assert_eq!(
            refusal(
                db.change_series(&wednesday, people[0], day("2026-11-25"))
                    .await
            ),
            ("starts_at".to_owned(), Msg::StartNotInRule)
        );
        let earlier = change(
            rows[3].occurrence_id,
            true,
            details.clone(),
            "2027-01-19T10:00",
        );
        assert_eq!(
            refusal(
                db.change_series(&earlier, people[0], day("2026-11-25"))
                    .await
            ),
            ("starts_at".to_owned(), Msg::SplitStartsBefore)
        );
        // Rule 2: two confirmed places and one waiting on the third date.
        let third = rows[2].occurrence_id;
        for &person in &people {
            db.register(third, person).await.expect("register");
        }
        let fewer = SeriesDetails {
            seats: Some(1),
            ..details.clone()
        };
        assert_eq!(
            refusal(
                db.change_series(
                    &change(rows[0].occurrence_id, false, fewer, "2027-01-05T10:00"),
                    people[0],
                    day("2026-11-25")
                )
                .await
            ),
            ("seats".to_owned(), Msg::SeatsBelowRegistered)
        );
        let more = SeriesDetails {
            seats: Some(3),
            ..details.clone()
        };
        db.change_series(
            &change(rows[0].occurrence_id, false, more, "2027-01-05T10:00"),
            people[0],
            day("2026-11-25"),
        )
        .await
        .expect("more seats");
        assert_eq!(db.registration_counts(third).await.expect("counts"), (3, 0));
        let mails = db.unsent_mails().await.expect("outbox");
        assert_eq!(mails.len(), 1, "the person who moved up hears of it");
        assert_eq!(mails[0].recipient, "person2@example.org");
    }
);
