use crate::support::{at, event, field_error, small_house};
use app::i18n::Msg;

on_both_backends!(
    an_event_is_stored_in_utc_and_listed_with_its_room_and_category,
    |db| {
        let (room, category) = small_house(&db).await;
        let summer = event(
            "Sommerkonzert",
            room,
            category,
            "2027-07-01T18:00",
            "2027-07-01T20:00",
        );
        let winter = event(
            "Winterkonzert",
            room,
            category,
            "2027-01-07T18:00",
            "2027-01-07T20:00",
        );
        db.create_event(&summer, None).await.expect("summer");
        db.create_event(&winter, None).await.expect("winter");
        let listed = db
            .upcoming_events(at("2027-01-01T00:00"), 10)
            .await
            .expect("list");
        let titles: Vec<&str> = listed.iter().map(|e| e.title.as_str()).collect();
        assert_eq!(titles, ["Winterkonzert", "Sommerkonzert"]);
        assert_eq!(
            listed[0].starts_at.to_rfc3339(),
            "2027-01-07T17:00:00+00:00"
        );
        assert_eq!(
            listed[1].starts_at.to_rfc3339(),
            "2027-07-01T16:00:00+00:00"
        );
        assert_eq!(listed[0].room_name.as_deref(), Some("Saal"));
        assert_eq!(
            (
                listed[0].category_de.as_str(),
                listed[0].category_en.as_str()
            ),
            ("Konzert", "Concert")
        );
        let later = db
            .upcoming_events(at("2027-01-07T20:00"), 10)
            .await
            .expect("list");
        assert_eq!(
            later.len(),
            1,
            "an event that has ended is no longer upcoming"
        );
    }
);

on_both_backends!(
    unknown_rooms_and_categories_are_refused_and_nothing_is_saved,
    |db| {
        let (room, category) = small_house(&db).await;
        let forged_room = event(
            "X",
            room + 1000,
            category,
            "2027-03-01T10:00",
            "2027-03-01T11:00",
        );
        assert_eq!(
            field_error(db.create_event(&forged_room, None).await),
            ("room_id".into(), Msg::RoomUnknown)
        );
        let forged_category = event(
            "X",
            room,
            category + 1000,
            "2027-03-01T10:00",
            "2027-03-01T11:00",
        );
        assert_eq!(
            field_error(db.create_event(&forged_category, None).await),
            ("category_id".into(), Msg::CategoryUnknown)
        );
        assert!(
            db.upcoming_events(at("2027-01-01T00:00"), 10)
                .await
                .expect("list")
                .is_empty()
        );
    }
);
