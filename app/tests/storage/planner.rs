use crate::support::{at, event, small_house};
use app::calendar::house::NewRoom;
use app::db::{Db, StoreError};
use app::i18n::Msg;
use app::kernel::error::AppError;
use app::planner::plan::PlanView;
use app::planner::store::PlanMove;
use app::rooms::rules::RoomBuffers;
use chrono::{NaiveDate, NaiveTime, Weekday};

struct House {
    house: i64,
    /// The hall (whole) and its parts A and B; the small house's room.
    hall: i64,
    part_a: i64,
    part_b: i64,
    saal: i64,
    category: i64,
}

async fn room(db: &Db, house: i64, name: &'static str, capacity: i32) -> i64 {
    db.create_room(
        house,
        &NewRoom {
            name,
            capacity,
            features: &["step_free"],
            resident_bookable: false,
            buffers: RoomBuffers {
                before_minutes: 15,
                after_minutes: 15,
            },
            colour: "#345678",
        },
    )
    .await
    .expect("room")
}

/// The small house with a divisible hall (hall = A + B) beside its room.
async fn house(db: &Db) -> House {
    let (saal, category) = small_house(db).await;
    let house: i64 = db
        .value(
            "select house_id from room where room_id = $1",
            app::args![saal],
        )
        .await
        .expect("house");
    let hall = room(db, house, "Halle", 100).await;
    let part_a = room(db, house, "Halle A", 50).await;
    let part_b = room(db, house, "Halle B", 50).await;
    db.add_room_part(hall, part_a).await.expect("part");
    db.add_room_part(hall, part_b).await.expect("part");
    House {
        house,
        hall,
        part_a,
        part_b,
        saal,
        category,
    }
}

async fn organiser(db: &Db) -> i64 {
    db.create_account(
        &crate::support::email("planung@example.org"),
        &crate::support::name("Petra Planung"),
        "not a hash",
        &[app::accounts::rules::Role::Organiser],
    )
    .await
    .expect("organiser")
}

fn to(occurrence_id: i64, version: i64, room_id: Option<i64>, from: &str, until: &str) -> PlanMove {
    PlanMove {
        occurrence_id,
        version,
        room_id,
        starts_at: at(from),
        ends_at: at(until),
        confirmed: false,
    }
}

fn refusal<T: std::fmt::Debug>(result: Result<T, StoreError>) -> AppError {
    match result {
        Err(StoreError::App(err)) => err,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

async fn changes(db: &Db, occurrence_id: i64) -> Vec<String> {
    db.column(
        "select action from planner_change where occurrence_id = $1 order by change_id",
        app::args![occurrence_id],
    )
    .await
    .expect("changes")
}

on_both_backends!(
    a_combined_room_blocks_its_parts_and_the_other_way_round,
    |db| {
        let h = house(&db).await;
        db.create_event(
            &event(
                "Ganze Halle",
                h.hall,
                h.category,
                "2027-03-01T10:00",
                "2027-03-01T12:00",
            ),
            None,
        )
        .await
        .expect("the whole hall");
        for part in [h.part_a, h.part_b] {
            let taken = db
                .create_event(
                    &event(
                        "Teil",
                        part,
                        h.category,
                        "2027-03-01T11:00",
                        "2027-03-01T13:00",
                    ),
                    None,
                )
                .await;
            assert!(
                matches!(taken, Err(StoreError::App(AppError::Invalid(_)))),
                "{taken:?}"
            );
        }
        db.create_event(
            &event(
                "A",
                h.part_a,
                h.category,
                "2027-03-02T10:00",
                "2027-03-02T12:00",
            ),
            None,
        )
        .await
        .expect("part A on another day");
        db.create_event(
            &event(
                "B",
                h.part_b,
                h.category,
                "2027-03-02T10:00",
                "2027-03-02T12:00",
            ),
            None,
        )
        .await
        .expect("the two parts at once");
        let whole = db
            .create_event(
                &event(
                    "Ganze Halle",
                    h.hall,
                    h.category,
                    "2027-03-02T11:00",
                    "2027-03-02T13:00",
                ),
                None,
            )
            .await;
        assert!(whole.is_err(), "a part in use blocks the whole");
    }
);

on_both_backends!(a_planner_move_is_judged_versioned_and_recorded, |db| {
    let h = house(&db).await;
    let hall_use = db
        .create_event(
            &event(
                "Konzert",
                h.hall,
                h.category,
                "2027-03-01T10:00",
                "2027-03-01T12:00",
            ),
            None,
        )
        .await
        .expect("hall");
    let talk = db
        .create_event(
            &event(
                "Vortrag",
                h.part_b,
                h.category,
                "2027-03-01T14:00",
                "2027-03-01T15:00",
            ),
            None,
        )
        .await
        .expect("talk");
    let by = organiser(&db).await;
    let into_a = to(
        talk,
        1,
        Some(h.part_a),
        "2027-03-01T11:00",
        "2027-03-01T12:00",
    );
    assert_eq!(
        refusal(db.move_plan_item(by, &into_a).await),
        AppError::Conflict(Msg::RoomTaken),
        "the whole hall blocks its part"
    );
    let stale = to(
        talk,
        7,
        Some(h.part_a),
        "2027-03-01T13:00",
        "2027-03-01T14:00",
    );
    assert_eq!(
        refusal(db.move_plan_item(by, &stale).await),
        AppError::Conflict(Msg::PlannerChangedMeanwhile)
    );
    let moved = db
        .move_plan_item(
            by,
            &to(
                talk,
                1,
                Some(h.part_a),
                "2027-03-01T13:00",
                "2027-03-01T14:00",
            ),
        )
        .await
        .expect("a free time in part A");
    assert_eq!((moved.action, moved.item.version), ("move", 2));
    assert_eq!(moved.item.room_id, Some(h.part_a));
    let again = to(
        talk,
        1,
        Some(h.part_b),
        "2027-03-01T16:00",
        "2027-03-01T17:00",
    );
    assert_eq!(
        refusal(db.move_plan_item(by, &again).await),
        AppError::Conflict(Msg::PlannerChangedMeanwhile),
        "a move based on the old version never overwrites"
    );
    let resized = db
        .move_plan_item(
            by,
            &to(
                talk,
                2,
                Some(h.part_a),
                "2027-03-01T13:00",
                "2027-03-01T14:30",
            ),
        )
        .await
        .expect("longer");
    assert_eq!(resized.action, "resize");
    let out = db
        .move_plan_item(
            by,
            &to(talk, 3, None, "2027-03-01T13:00", "2027-03-01T14:30"),
        )
        .await
        .expect("back to the tray");
    assert_eq!(out.action, "unschedule");
    let day = NaiveDate::from_ymd_opt(2027, 3, 1).expect("date");
    let plan = db
        .plan(
            Some(h.house),
            PlanView::Day,
            day,
            vec![],
            at("2027-02-01T09:00"),
        )
        .await
        .expect("plan")
        .expect("the house");
    assert!(plan.tray.iter().any(|i| i.occurrence_id == talk));
    assert!(plan.items.iter().any(|i| i.occurrence_id == hall_use));
    assert!(!plan.items.iter().any(|i| i.occurrence_id == talk));
    let placed = db
        .move_plan_item(
            by,
            &to(
                talk,
                4,
                Some(h.saal),
                "2027-03-01T10:00",
                "2027-03-01T11:00",
            ),
        )
        .await
        .expect("placed");
    assert_eq!(placed.action, "place");
    assert_eq!(
        changes(&db, talk).await,
        ["move", "resize", "unschedule", "place"],
        "every change is recorded, and no refused one"
    );
});

on_both_backends!(
    the_planner_refuses_closures_hours_foreign_rooms_and_warns,
    |db| {
        let h = house(&db).await;
        let talk = db
            .create_event(
                &event(
                    "Vortrag",
                    h.saal,
                    h.category,
                    "2027-03-01T14:00",
                    "2027-03-01T15:00",
                ),
                None,
            )
            .await
            .expect("talk");
        let by = organiser(&db).await;
        let monday = NaiveDate::from_ymd_opt(2027, 3, 8).expect("date");
        db.add_closure(h.house, monday, "Putztag")
            .await
            .expect("closure");
        let hours = |h: u32| NaiveTime::from_hms_opt(h, 0, 0).expect("time");
        for day in [Weekday::Mon, Weekday::Tue] {
            db.set_opening_hours(h.house, day, Some((hours(8), hours(22))))
                .await
                .expect("hours");
        }
        let refused = [
            (
                to(
                    talk,
                    1,
                    Some(h.saal),
                    "2027-03-08T10:00",
                    "2027-03-08T11:00",
                ),
                AppError::Conflict(Msg::PlannerClosureDay),
            ),
            (
                to(
                    talk,
                    1,
                    Some(h.saal),
                    "2027-03-02T21:30",
                    "2027-03-02T22:30",
                ),
                AppError::Conflict(Msg::PlannerOutsideHours),
            ),
            (
                to(
                    talk,
                    1,
                    Some(h.saal),
                    "2027-03-03T10:00",
                    "2027-03-03T11:00",
                ),
                AppError::Conflict(Msg::PlannerClosedWeekday),
            ),
            (
                to(
                    talk,
                    1,
                    Some(h.saal),
                    "2027-03-02T10:00",
                    "2027-03-02T09:00",
                ),
                AppError::invalid("ends_at", Msg::EndBeforeStart),
            ),
            (
                to(
                    talk,
                    1,
                    Some(h.saal),
                    "2027-03-02T00:00",
                    "2027-03-03T06:00",
                ),
                AppError::invalid("ends_at", Msg::PlannerTooLong),
            ),
        ];
        for (change, expected) in refused {
            assert_eq!(
                refusal(db.move_plan_item(by, &change).await),
                expected,
                "{change:?}"
            );
        }
        let elsewhere = db.create_house("Anderes Haus", "").await.expect("house");
        let foreign = room(&db, elsewhere, "Fremder Raum", 20).await;
        assert_eq!(
            refusal(
                db.move_plan_item(
                    by,
                    &to(
                        talk,
                        1,
                        Some(foreign),
                        "2027-03-02T10:00",
                        "2027-03-02T11:00"
                    )
                )
                .await
            ),
            AppError::invalid("room_id", Msg::RoomUnknown),
            "a room of another house"
        );
        let series: i64 = db
            .value(
                "select series_id from occurrence where occurrence_id = $1",
                app::args![talk],
            )
            .await
            .expect("series");
        db.set_planning_needs(series, Some(120), &["kitchen"], false)
            .await
            .expect("needs");
        let warned = to(
            talk,
            1,
            Some(h.saal),
            "2027-03-02T10:00",
            "2027-03-02T11:00",
        );
        assert_eq!(
            refusal(db.move_plan_item(by, &warned).await),
            AppError::Conflict(Msg::PlannerConfirmWarnings),
            "too small and no kitchen: the organiser must confirm"
        );
        let confirmed = PlanMove {
            confirmed: true,
            ..warned
        };
        db.move_plan_item(by, &confirmed).await.expect("confirmed");
        assert_eq!(
            changes(&db, talk).await,
            ["move"],
            "refusals leave nothing behind"
        );
    }
);

on_both_backends!(
    concurrent_planner_moves_into_one_slot_place_exactly_one,
    |db| {
        let h = house(&db).await;
        let mut dates = Vec::new();
        for i in 0..12 {
            let from = format!("2027-03-{:02}T10:00", i + 1);
            let until = format!("2027-03-{:02}T11:00", i + 1);
            dates.push(
                db.create_event(
                    &event(&format!("Kurs {i}"), h.part_b, h.category, &from, &until),
                    None,
                )
                .await
                .expect("date"),
            );
        }
        let by = organiser(&db).await;
        let attempts = dates.iter().enumerate().map(|(i, id)| {
            let db = db.clone();
            // Half into the whole hall, half into part A: each blocks the other.
            let room = if i % 2 == 0 { h.hall } else { h.part_a };
            let change = to(*id, 1, Some(room), "2027-04-01T10:00", "2027-04-01T11:00");
            tokio::spawn(async move { db.move_plan_item(by, &change).await })
        });
        let results = futures::future::join_all(attempts).await;
        let mut won = 0;
        for result in results {
            match result.expect("task") {
                Ok(_) => won += 1,
                Err(StoreError::App(AppError::Conflict(Msg::RoomTaken))) => {}
                Err(other) => panic!("a clear conflict, not {other:?}"),
            }
        }
        assert_eq!(won, 1, "exactly one move wins the slot");
        let placed: i64 = db
            .value(
                "select count(*) from occurrence where starts_at = $1",
                app::args![at("2027-04-01T10:00")],
            )
            .await
            .expect("count");
        let recorded: i64 = db
            .value("select count(*) from planner_change", app::args![])
            .await
            .expect("count");
        assert_eq!((placed, recorded), (1, 1), "nothing half-saved");
    }
);

/// The backstop on PostgreSQL: a write that skips the locked check is still refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_refuses_a_double_booking_that_skips_the_check() {
    crate::support::pin_clock();
    let Some(test) = app::db::testing::TestDb::postgres().await else {
        return;
    };
    let db = test.db.clone();
    let h = house(&db).await;
    db.create_event(
        &event(
            "Ganze Halle",
            h.hall,
            h.category,
            "2027-03-01T10:00",
            "2027-03-01T12:00",
        ),
        None,
    )
    .await
    .expect("hall");
    let part = db
        .create_event(
            &event(
                "Teil A",
                h.part_a,
                h.category,
                "2027-03-05T10:00",
                "2027-03-05T12:00",
            ),
            None,
        )
        .await
        .expect("part A another day");
    for (start, end) in [
        ("2027-03-01T11:00", "2027-03-01T11:30"),
        // Inside the hall's clear-up time (15 minutes each side).
        ("2027-03-01T12:20", "2027-03-01T13:00"),
    ] {
        let slipped = db
            .execute(
                "update occurrence set starts_at = $1, ends_at = $2 where occurrence_id = $3",
                app::args![at(start), at(end), part],
            )
            .await;
        let err = AppError::from(slipped.expect_err("the database refuses it"));
        assert_eq!(err, AppError::Conflict(Msg::RoomTaken), "{start}");
    }
    db.execute(
        "update occurrence set starts_at = $1, ends_at = $2 where occurrence_id = $3",
        app::args![at("2027-03-01T12:30"), at("2027-03-01T13:00"), part],
    )
    .await
    .expect("after the buffers the part is free");
    test.cleanup().await;
}

on_both_backends!(
    a_series_move_lists_every_clash_first_and_saves_all_or_nothing,
    |db| {
        use app::series::recurrence::{Rule, Series};
        let h = house(&db).await;
        let by = organiser(&db).await;
        let details = app::calendar::rules::SeriesDetails::simple("Yoga", "", h.category, h.saal);
        let series = Series {
            first_start: app::kernel::time::parse_local("2027-03-01T10:00").expect("time"),
            duration_minutes: 60,
            rule: Some(
                Rule::parse_rrule(
                    "FREQ=WEEKLY;BYDAY=MO;COUNT=4",
                    app::kernel::time::HOUSE_ZONE,
                )
                .expect("rule"),
            ),
            exceptions: Default::default(),
            restored: Default::default(),
            skip_public_holidays: false,
            skip_school_holidays: false,
        };
        let first = db
            .create_series(
                &details,
                &series,
                None,
                NaiveDate::from_ymd_opt(2027, 2, 1).expect("date"),
            )
            .await
            .expect("series")
            .first_occurrence_id;
        db.create_event(
            &event(
                "Blocker",
                h.hall,
                h.category,
                "2027-03-15T12:00",
                "2027-03-15T13:00",
            ),
            None,
        )
        .await
        .expect("the whole hall on the third Monday");
        let now = at("2027-02-01T09:00");
        let into_part = to(
            first,
            1,
            Some(h.part_a),
            "2027-03-01T12:00",
            "2027-03-01T13:00",
        );
        let (_, check) = db.series_check(&into_part, true, now).await.expect("check");
        let clashing: Vec<_> = check.clashes.iter().map(|c| c.starts_at).collect();
        assert_eq!(
            clashing,
            [at("2027-03-15T10:00")],
            "the one date the hall blocks, and only it"
        );
        assert_eq!(
            refusal(db.move_series_dates(by, &into_part, true, now).await),
            AppError::Conflict(Msg::PlannerSeriesConflicts)
        );
        let starts: Vec<chrono::DateTime<chrono::Utc>> = db
        .column(
            "select o.starts_at from occurrence o join event_series s on s.series_id = o.series_id
             where s.title = 'Yoga' and o.room_id = $1 order by o.starts_at",
            app::args![h.saal],
        )
        .await
        .expect("dates");
        assert_eq!(starts.len(), 4, "nothing half-applied");
        let other_day = to(
            first,
            1,
            Some(h.part_a),
            "2027-03-02T14:00",
            "2027-03-02T15:00",
        );
        assert_eq!(
            refusal(db.move_series_dates(by, &other_day, true, now).await),
            AppError::invalid("starts_at", Msg::PlannerSeriesSameDay)
        );
        let later = to(
            first,
            1,
            Some(h.part_a),
            "2027-03-01T14:00",
            "2027-03-01T15:30",
        );
        db.move_series_dates(by, &later, true, now)
            .await
            .expect("every date fits at 14:00");
        let moved: Vec<chrono::DateTime<chrono::Utc>> = db
        .column(
            "select o.starts_at from occurrence o join event_series s on s.series_id = o.series_id
             where s.title = 'Yoga' and o.room_id = $1 and o.status = 'scheduled' order by o.starts_at",
            app::args![h.part_a],
        )
        .await
        .expect("dates");
        assert_eq!(
            moved,
            [
                "2027-03-01T14:00",
                "2027-03-08T14:00",
                "2027-03-15T14:00",
                "2027-03-22T14:00"
            ]
            .map(at),
            "the whole series moved"
        );
    }
);
