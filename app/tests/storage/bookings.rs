//! Room requests on both backends: a request is judged like a planner move and
//! refused at its field; an approval makes a private date in the room, or is
//! refused when the slot was taken meanwhile; of many approvals for one slot
//! at once exactly one is made; reminders go once; retention forgets the person.
use crate::support::*;
use app::accounts::rules::Role;
use app::bookings::fields;
use app::bookings::rules::RequestDraft;
use app::calendar::house::NewRoom;
use app::db::{Db, StoreError};
use app::i18n::Msg;
use app::kernel::error::AppError;
use app::rooms::rules::RoomBuffers;

const SITE: &str = "https://treffpunkt.example";

fn request(room_id: i64, from: &str, to: &str, guests: u32) -> RequestDraft {
    RequestDraft {
        room_id,
        starts_at: at(from),
        ends_at: at(to),
        purpose: "Geburtstag meiner Tochter".to_owned(),
        guests,
        contact: "0231 123456".to_owned(),
    }
}

async fn organiser(db: &Db) -> i64 {
    db.create_account(
        &email("orga@example.org"),
        &name("Orga"),
        "not-a-real-hash",
        &[Role::Organiser],
    )
    .await
    .expect("organiser")
}

fn refusal<T: std::fmt::Debug>(result: Result<T, StoreError>) -> AppError {
    match result {
        Err(StoreError::App(err)) => err,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

async fn subjects_to(db: &Db, address: &str) -> Vec<String> {
    db.unsent_mails()
        .await
        .expect("outbox")
        .into_iter()
        .filter(|m| m.recipient == address)
        .map(|m| m.subject)
        .collect()
}

/// The scheduled dates in `room_id` overlapping 5 December 2026, with their visibility.
async fn uses_on_the_5th(db: &Db, room_id: i64) -> Vec<String> {
    db.column(
        "select s.visibility from occurrence o join event_series s on s.series_id = o.series_id
         where o.room_id = $1 and o.status = 'scheduled' and o.starts_at < $2 and o.ends_at > $3",
        app::args![
            room_id,
            app::db::instant(at("2026-12-06T00:00")),
            app::db::instant(at("2026-12-05T00:00"))
        ],
    )
    .await
    .expect("uses")
}

on_both_backends!(
    a_request_is_refused_at_its_field_or_approved_into_a_private_date,
    |db| {
        let (room, category) = small_house(&db).await;
        let person = residents(&db, 1).await[0];
        let orga = organiser(&db).await;
        let house: i64 = db
            .value(
                "select house_id from room where room_id = $1",
                app::args![room],
            )
            .await
            .expect("house");
        let closed_room = db
            .create_room(
                house,
                &NewRoom {
                    name: "Büro",
                    capacity: 4,
                    features: &[],
                    resident_bookable: false,
                    buffers: RoomBuffers::default(),
                    colour: "#654321",
                },
            )
            .await
            .expect("room");
        db.create_event(
            &event(
                "Konzert",
                room,
                category,
                "2026-12-05T20:00",
                "2026-12-05T22:00",
            ),
            None,
        )
        .await
        .expect("concert");

        let too_many = db
            .request_room(
                person,
                &request(room, "2026-12-05T15:00", "2026-12-05T19:00", 81),
                SITE,
            )
            .await;
        assert_eq!(
            refusal(too_many).field(fields::GUESTS),
            Some(Msg::RequestOverCapacity)
        );
        let office = db
            .request_room(
                person,
                &request(closed_room, "2026-12-05T15:00", "2026-12-05T19:00", 3),
                SITE,
            )
            .await;
        assert_eq!(
            refusal(office).field(fields::ROOM_ID),
            Some(Msg::RoomNotRequestable)
        );
        // 19:45 leaves the concert's set-up (15 minutes) and the party's clear-up no room.
        let touching = db
            .request_room(
                person,
                &request(room, "2026-12-05T15:00", "2026-12-05T19:45", 30),
                SITE,
            )
            .await;
        assert_eq!(
            refusal(touching).field(fields::STARTS),
            Some(Msg::RequestSlotTaken)
        );
        assert!(
            subjects_to(&db, "person0@example.org").await.is_empty(),
            "nothing sent for a refusal"
        );
        assert_eq!(db.open_request_count().await.expect("count"), 0);

        let id = db
            .request_room(
                person,
                &request(room, "2026-12-05T15:00", "2026-12-05T19:30", 30),
                SITE,
            )
            .await
            .expect("a free slot");
        assert_eq!(db.open_request_count().await.expect("count"), 1);
        assert_eq!(
            db.my_requests(person).await.expect("mine")[0].status,
            "pending"
        );
        assert_eq!(db.request_queue().await.expect("queue").len(), 1);
        assert_eq!(
            subjects_to(&db, "person0@example.org").await.len(),
            1,
            "received"
        );

        let by_a_stranger = db.withdraw_request(orga, id).await;
        assert_eq!(refusal(by_a_stranger), AppError::NotFound);
        let own = db
            .decide_request(person, id, true, "", day("2026-11-25"), SITE)
            .await;
        assert_eq!(
            refusal(own),
            AppError::Forbidden,
            "nobody decides their own request"
        );

        db.decide_request(orga, id, true, "", day("2026-11-25"), SITE)
            .await
            .expect("approved");
        let mut uses = uses_on_the_5th(&db, room).await;
        uses.sort();
        assert_eq!(uses, vec!["private".to_owned(), "public".to_owned()]);
        assert_eq!(
            db.my_requests(person).await.expect("mine")[0].status,
            "approved"
        );
        assert_eq!(db.open_request_count().await.expect("count"), 0);
        assert_eq!(
            subjects_to(&db, "person0@example.org").await.len(),
            2,
            "approved"
        );

        let again = db
            .decide_request(orga, id, false, "Doch nicht", day("2026-11-25"), SITE)
            .await;
        assert_eq!(
            refusal(again),
            AppError::Conflict(Msg::RequestDecidedMeanwhile)
        );
        let late = db.withdraw_request(person, id).await;
        assert_eq!(
            refusal(late),
            AppError::Conflict(Msg::RequestDecidedMeanwhile)
        );
        let unknown = db
            .decide_request(orga, id + 1000, true, "", day("2026-11-25"), SITE)
            .await;
        assert_eq!(refusal(unknown), AppError::NotFound);
    }
);

on_both_backends!(a_second_request_for_a_slot_cannot_be_approved, |db| {
    let (room, _) = small_house(&db).await;
    let people = residents(&db, 2).await;
    let orga = organiser(&db).await;
    let slot = ("2026-12-05T15:00", "2026-12-05T19:00");
    let first = db
        .request_room(people[0], &request(room, slot.0, slot.1, 20), SITE)
        .await
        .expect("first");
    // Waiting requests do not hold the room: both may ask.
    let second = db
        .request_room(
            people[1],
            &request(room, "2026-12-05T18:00", "2026-12-05T22:00", 20),
            SITE,
        )
        .await
        .expect("second");
    db.decide_request(orga, first, true, "", day("2026-11-25"), SITE)
        .await
        .expect("first approved");
    let taken = db
        .decide_request(orga, second, true, "", day("2026-11-25"), SITE)
        .await;
    assert_eq!(
        refusal(taken),
        AppError::Conflict(Msg::RequestSlotTakenMeanwhile)
    );
    assert_eq!(
        uses_on_the_5th(&db, room).await.len(),
        1,
        "nothing half-saved"
    );
    assert_eq!(
        db.my_requests(people[1]).await.expect("mine")[0].status,
        "pending"
    );
    db.decide_request(
        orga,
        second,
        false,
        "Der Saal ist schon vergeben.",
        day("2026-11-25"),
        SITE,
    )
    .await
    .expect("declined");
    let mine = db.my_requests(people[1]).await.expect("mine");
    assert_eq!(
        (mine[0].status.as_str(), mine[0].decision_reason.as_str()),
        ("declined", "Der Saal ist schon vergeben.")
    );
    let third = db
        .request_room(people[1], &request(room, slot.0, slot.1, 20), SITE)
        .await;
    assert_eq!(
        refusal(third).field(fields::STARTS),
        Some(Msg::RequestSlotTaken)
    );
});

on_both_backends!(
    of_many_approvals_for_one_slot_at_once_exactly_one_is_made,
    |db| {
        let (room, _) = small_house(&db).await;
        let people = residents(&db, 12).await;
        let orga = organiser(&db).await;
        let mut ids = Vec::new();
        for person in &people {
            ids.push(
                db.request_room(
                    *person,
                    &request(room, "2026-12-05T15:00", "2026-12-05T19:00", 10),
                    SITE,
                )
                .await
                .expect("request"),
            );
        }
        let tasks: Vec<_> = ids
            .iter()
            .map(|id| {
                let (db, id) = (db.clone(), *id);
                tokio::spawn(async move {
                    db.decide_request(orga, id, true, "", day("2026-11-25"), SITE)
                        .await
                })
            })
            .collect();
        let outcomes = futures::future::join_all(tasks).await;
        let mut made = 0;
        for outcome in outcomes {
            match outcome.expect("task") {
                Ok(()) => made += 1,
                Err(StoreError::App(AppError::Conflict(Msg::RequestSlotTakenMeanwhile))) => {}
                Err(other) => panic!("unexpected {other:?}"),
            }
        }
        assert_eq!(made, 1);
        assert_eq!(uses_on_the_5th(&db, room).await, vec!["private".to_owned()]);
        assert_eq!(db.open_request_count().await.expect("count"), 11);
        let private_series: i64 = db
            .value(
                "select count(*) from event_series where visibility = 'private'",
                app::args![],
            )
            .await
            .expect("count");
        assert_eq!(private_series, 1, "no series without its date");
    }
);

on_both_backends!(
    a_booking_is_reminded_once_and_its_person_forgotten_later,
    |db| {
        let (room, _) = small_house(&db).await;
        let people = residents(&db, 2).await;
        let orga = organiser(&db).await;
        let tomorrow = db
            .request_room(
                people[0],
                &request(room, "2026-11-26T15:00", "2026-11-26T18:00", 10),
                SITE,
            )
            .await
            .expect("tomorrow");
        let later = db
            .request_room(
                people[1],
                &request(room, "2026-11-27T15:00", "2026-11-27T18:00", 10),
                SITE,
            )
            .await
            .expect("the day after");
        for id in [tomorrow, later] {
            db.decide_request(orga, id, true, "", day("2026-11-25"), SITE)
                .await
                .expect("approved");
        }
        let runs: Vec<_> = (0..4)
            .map(|_| {
                let db = db.clone();
                tokio::spawn(
                    async move { db.send_booking_reminders(day("2026-11-25"), SITE).await },
                )
            })
            .collect();
        let mut sent: Vec<Option<u64>> = futures::future::join_all(runs)
            .await
            .into_iter()
            .map(|r| r.expect("task").expect("run"))
            .collect();
        sent.sort();
        assert_eq!(
            sent,
            vec![None, None, None, Some(1)],
            "one run reminds, once"
        );
        assert_eq!(
            subjects_to(&db, "person0@example.org").await.len(),
            3,
            "received, approved, reminder"
        );
        assert_eq!(
            subjects_to(&db, "person1@example.org").await.len(),
            2,
            "not yet"
        );

        // A retention period that ends tomorrow evening: tomorrow's booking is over by then.
        db.run_daily_retention(day("2026-11-25"), chrono::Duration::hours(-36))
            .await
            .expect("retention");
        assert!(
            db.my_requests(people[0]).await.expect("mine").is_empty(),
            "the person is forgotten"
        );
        let kept: Vec<(String, i32, String)> = db
            .all(
                "select status, guests, purpose from room_request order by request_id",
                app::args![],
            )
            .await
            .expect("rows");
        assert_eq!(
            kept,
            vec![
                ("approved".to_owned(), 10, String::new()),
                (
                    "approved".to_owned(),
                    10,
                    "Geburtstag meiner Tochter".to_owned()
                )
            ],
            "counts stay; only the booking that is over loses its texts"
        );
        let titles: Vec<String> = db
            .column(
                "select title from event_series where visibility = 'private' order by series_id",
                app::args![],
            )
            .await
            .expect("titles");
        assert_eq!(
            titles,
            vec!["—".to_owned(), "Geburtstag meiner Tochter".to_owned()]
        );
    }
);

on_both_backends!(
    the_person_and_the_house_talk_about_a_waiting_request,
    |db| {
        let (room, _) = small_house(&db).await;
        let people = residents(&db, 2).await;
        let orga = organiser(&db).await;
        let id = db
            .request_room(
                people[0],
                &request(room, "2026-12-05T15:00", "2026-12-05T19:00", 20),
                SITE,
            )
            .await
            .expect("request");
        db.post_request_message(orga, true, id, "Brauchen Sie die Küche?", SITE)
            .await
            .expect("the house asks");
        db.post_request_message(people[0], false, id, "Ja, bitte.", SITE)
            .await
            .expect("the person answers");
        let stranger = db
            .post_request_message(people[1], false, id, "Hallo", SITE)
            .await;
        assert_eq!(
            refusal(stranger),
            AppError::NotFound,
            "someone else's request"
        );
        let thread: Vec<(i64, bool, String)> = db
            .request_messages(&[id])
            .await
            .expect("thread")
            .into_iter()
            .map(|(request, m)| (request, m.from_house, m.body))
            .collect();
        assert_eq!(
            thread,
            vec![
                (id, true, "Brauchen Sie die Küche?".to_owned()),
                (id, false, "Ja, bitte.".to_owned())
            ]
        );
        assert_eq!(
            subjects_to(&db, "person0@example.org").await.len(),
            2,
            "received, the house's question"
        );
        assert_eq!(
            subjects_to(&db, "orga@example.org").await.len(),
            1,
            "the answer"
        );
        db.decide_request(orga, id, true, "", day("2026-11-25"), SITE)
            .await
            .expect("approved");
        let closed = db
            .post_request_message(people[0], false, id, "Danke!", SITE)
            .await;
        assert_eq!(refusal(closed), AppError::Conflict(Msg::RequestClosed));
    }
);

on_both_backends!(a_request_whose_time_has_come_cannot_be_approved, |db| {
    let (room, _) = small_house(&db).await;
    let person = residents(&db, 1).await[0];
    let orga = organiser(&db).await;
    let id = db
        .request_room(
            person,
            &request(room, "2026-11-25T12:00", "2026-11-25T14:00", 5),
            SITE,
        )
        .await
        .expect("later today");
    // The clock is pinned at 10:00 in Berlin; move the request to the morning, as
    // if it had waited too long.
    db.execute(
        "update room_request set starts_at = $2 where request_id = $1",
        app::args![id, app::db::instant(at("2026-11-25T08:00"))],
    )
    .await
    .expect("moved");
    let late = db
        .decide_request(orga, id, true, "", day("2026-11-25"), SITE)
        .await;
    assert_eq!(refusal(late), AppError::Conflict(Msg::RequestInPast));
    db.decide_request(
        orga,
        id,
        false,
        "Leider zu spät gesehen.",
        day("2026-11-25"),
        SITE,
    )
    .await
    .expect("a decline is still possible");
});

on_both_backends!(
    the_reminder_names_the_time_the_planner_moved_the_booking_to,
    |db| {
        let (room, _) = small_house(&db).await;
        let person = residents(&db, 1).await[0];
        let orga = organiser(&db).await;
        let id = db
            .request_room(
                person,
                &request(room, "2026-11-26T15:00", "2026-11-26T18:00", 10),
                SITE,
            )
            .await
            .expect("tomorrow");
        db.decide_request(orga, id, true, "", day("2026-11-25"), SITE)
            .await
            .expect("approved");
        db.execute(
            "update occurrence set starts_at = $2, ends_at = $3
         where series_id = (select series_id from room_request where request_id = $1)",
            app::args![
                id,
                app::db::instant(at("2026-11-26T16:30")),
                app::db::instant(at("2026-11-26T19:30"))
            ],
        )
        .await
        .expect("moved in the planner");
        db.send_booking_reminders(day("2026-11-25"), SITE)
            .await
            .expect("reminders");
        let bodies: Vec<String> = db
            .unsent_mails()
            .await
            .expect("outbox")
            .into_iter()
            .filter(|m| m.recipient == "person0@example.org")
            .map(|m| m.body)
            .collect();
        let reminder = bodies.last().expect("a reminder");
        assert!(
            reminder.contains("16:30") && reminder.contains("19:30"),
            "{reminder}"
        );
    }
);
