//! Offers on both backends: a draft is its author's, a submission reaches the
//! house with a mail, the thread mails the other side, a decision is taken
//! exactly once, and an accepted offer waits as a draft series in the tray.
use crate::support::*;
use app::accounts::rules::Role;
use app::calendar::query::Audience;
use app::db::{Db, StoreError};
use app::i18n::Msg;
use app::kernel::error::AppError;
use app::offers::rules::{Decision, OfferDraft, OfferStatus};
use app::offers::store::AcceptPlan;

const SITE: &str = "https://treffpunkt.example";

fn draft(category_id: i64) -> OfferDraft {
    OfferDraft {
        title: "Repair-Café".to_owned(),
        description: "Wir **reparieren** Toaster.".to_owned(),
        category_id,
        group_id: None,
        audience: vec![Audience::Everyone],
        languages: vec!["de".to_owned(), "uk".to_owned()],
        frequency: "jeden ersten Samstag".to_owned(),
        preferred_times: "samstags 10–13 Uhr".to_owned(),
        expected_participants: Some(25),
        needs_features: vec!["workbench".to_owned()],
        volunteers_needed: true,
        contact: "repair@example.org".to_owned(),
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

async fn mails_to(db: &Db, address: &str) -> Vec<String> {
    db.unsent_mails()
        .await
        .expect("outbox")
        .into_iter()
        .filter(|m| m.recipient == address)
        .map(|m| m.subject)
        .collect()
}

fn status_of(offer: &app::offers::api::OfferRecord) -> OfferStatus {
    offer.state()
}

fn plan(rule: &str) -> AcceptPlan {
    AcceptPlan {
        series: series("2026-12-05T10:00", 180, Some(rule)),
        room_id: None,
        today: day("2026-11-25"),
    }
}

fn refusal_msg<T: std::fmt::Debug>(result: Result<T, StoreError>) -> AppError {
    match result {
        Err(StoreError::App(err)) => err,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

on_both_backends!(
    an_offer_goes_from_draft_to_a_draft_series_in_the_tray,
    |db| {
        let (_, category) = small_house(&db).await;
        let author = residents(&db, 1).await[0];
        let orga = organiser(&db).await;
        let id = db
            .save_offer(author, None, &draft(category), false, SITE)
            .await
            .expect("draft");
        assert!(
            db.offer_queue(0).await.expect("queue").items.is_empty(),
            "a draft is the author's alone"
        );
        assert!(mails_to(&db, "person0@example.org").await.is_empty());

        db.save_offer(author, Some(id), &draft(category), true, SITE)
            .await
            .expect("submitted");
        let queue = db.offer_queue(0).await.expect("queue");
        assert_eq!(queue.items.len(), 1);
        assert_eq!(queue.items[0].status, "submitted");
        assert_eq!((queue.waiting, queue.next_page), (1, None));
        assert_eq!(db.open_offer_count().await.expect("count"), 1);
        assert_eq!(
            mails_to(&db, "person0@example.org").await.len(),
            1,
            "received"
        );

        let edited = OfferDraft {
            title: "Repair-Café Eving".to_owned(),
            ..draft(category)
        };
        let locked = db.save_offer(author, Some(id), &edited, true, SITE).await;
        assert_eq!(
            refusal_msg(locked),
            AppError::Conflict(Msg::OfferNotEditable)
        );

        db.decide_offer(
            orga,
            id,
            Decision::AskChanges,
            "Welcher Samstag genau?",
            None,
            SITE,
        )
        .await
        .expect("changes asked");
        let offer = db.offer(id).await.expect("read").expect("offer");
        assert_eq!(status_of(&offer), OfferStatus::NeedsChanges);
        let thread = db.offer_messages(id).await.expect("thread");
        assert_eq!(thread.len(), 1);
        assert!(thread[0].from_house);
        assert_eq!(mails_to(&db, "person0@example.org").await.len(), 2);

        db.post_offer_message(author, false, id, "Der erste im Monat.", SITE)
            .await
            .expect("answer");
        assert_eq!(
            mails_to(&db, "orga@example.org").await.len(),
            1,
            "the house hears of it"
        );
        db.save_offer(author, Some(id), &edited, true, SITE)
            .await
            .expect("edited and sent again");
        assert_eq!(
            db.offer(id).await.expect("read").expect("offer").title,
            "Repair-Café Eving"
        );

        let series_id = db
            .decide_offer(
                orga,
                id,
                Decision::Accept,
                "",
                Some(plan("FREQ=WEEKLY;COUNT=10")),
                SITE,
            )
            .await
            .expect("accepted")
            .expect("a series");
        let offer = db.offer(id).await.expect("read").expect("offer");
        assert_eq!(status_of(&offer), OfferStatus::Accepted);
        assert_eq!(offer.series_id, Some(series_id));
        let (status, attendance, needs): (String, Option<i32>, String) = db
        .one(
            "select status, expected_attendance, needs_features from event_series where series_id = $1",
            app::args![series_id],
        )
        .await
        .expect("series");
        assert_eq!(
            (status.as_str(), attendance, needs.as_str()),
            ("draft", Some(25), "workbench")
        );
        let roomless: i64 = db
            .value(
                "select count(*) from occurrence where series_id = $1 and room_id is null",
                app::args![series_id],
            )
            .await
            .expect("dates");
        assert_eq!(roomless, 10, "ten dates wait in the tray");
        assert!(
            rows_of(&db, series_id).await.is_empty(),
            "a draft is not in the calendar"
        );
        let late = db
            .post_offer_message(author, false, id, "Danke!", SITE)
            .await;
        assert_eq!(refusal_msg(late), AppError::Conflict(Msg::OfferClosed));
        let withdraw = db.withdraw_offer(author, id).await;
        assert_eq!(
            refusal_msg(withdraw),
            AppError::Conflict(Msg::OfferDecidedMeanwhile)
        );
    }
);

on_both_backends!(only_the_author_and_the_house_touch_an_offer, |db| {
    let (_, category) = small_house(&db).await;
    let people = residents(&db, 2).await;
    let (author, stranger) = (people[0], people[1]);
    let id = db
        .save_offer(author, None, &draft(category), false, SITE)
        .await
        .expect("draft");
    let foreign = db
        .save_offer(stranger, Some(id), &draft(category), true, SITE)
        .await;
    assert_eq!(refusal_msg(foreign), AppError::NotFound);
    assert_eq!(
        refusal_msg(db.withdraw_offer(stranger, id).await),
        AppError::NotFound
    );
    let nosy = db
        .post_offer_message(stranger, false, id, "Hallo", SITE)
        .await;
    assert_eq!(refusal_msg(nosy), AppError::NotFound);
    // An organiser does not see a draft either.
    let orga = organiser(&db).await;
    let early = db.post_offer_message(orga, true, id, "Hallo", SITE).await;
    assert_eq!(refusal_msg(early), AppError::NotFound);
    let unknown_category = db
        .save_offer(author, None, &draft(category + 100), false, SITE)
        .await;
    assert_eq!(field_error(unknown_category).0, "category_id");
    let foreign_group = OfferDraft {
        group_id: Some(999),
        ..draft(category)
    };
    assert_eq!(
        field_error(
            db.save_offer(author, None, &foreign_group, false, SITE)
                .await
        )
        .0,
        "group_id"
    );
    // An organiser who submitted an offer does not decide about it.
    let own = db
        .save_offer(orga, None, &draft(category), true, SITE)
        .await
        .expect("own");
    let self_accept = db
        .decide_offer(orga, own, Decision::Decline, "Nein.", None, SITE)
        .await;
    assert_eq!(refusal_msg(self_accept), AppError::Forbidden);
    let unknown = db
        .decide_offer(orga, own + 100, Decision::Decline, "Nein.", None, SITE)
        .await;
    assert_eq!(refusal_msg(unknown), AppError::NotFound);
    db.withdraw_offer(author, id).await.expect("withdrawn");
    assert_eq!(
        status_of(&db.offer(id).await.expect("read").expect("offer")),
        OfferStatus::Withdrawn
    );
    assert_eq!(db.my_offers(stranger).await.expect("mine").len(), 0);
    assert_eq!(db.my_offers(author).await.expect("mine").len(), 1);
});

on_both_backends!(of_many_decisions_at_once_exactly_one_is_taken, |db| {
    let (_, category) = small_house(&db).await;
    let author = residents(&db, 1).await[0];
    let orga = organiser(&db).await;
    let id = db
        .save_offer(author, None, &draft(category), true, SITE)
        .await
        .expect("submitted");
    let mut tasks = Vec::new();
    for i in 0..16 {
        let db = db.clone();
        tasks.push(tokio::spawn(async move {
            let (decision, accept) = if i % 2 == 0 {
                (Decision::Accept, Some(plan("FREQ=WEEKLY;COUNT=3")))
            } else {
                (Decision::Decline, None)
            };
            db.decide_offer(orga, id, decision, "Passt nicht in den Plan.", accept, SITE)
                .await
        }));
    }
    let mut taken = 0;
    for task in tasks {
        match task.await.expect("task") {
            Ok(_) => taken += 1,
            Err(StoreError::App(AppError::Conflict(Msg::OfferDecidedMeanwhile))) => {}
            Err(other) => panic!("unexpected refusal: {other:?}"),
        }
    }
    assert_eq!(taken, 1);
    let series: i64 = db
        .value("select count(*) from event_series", app::args![])
        .await
        .expect("count");
    let offer = db.offer(id).await.expect("read").expect("offer");
    match status_of(&offer) {
        OfferStatus::Accepted => assert_eq!(series, 1),
        OfferStatus::Declined => assert_eq!(series, 0, "a decline leaves no series behind"),
        other => panic!("{other:?}"),
    }
    let decision_mails = mails_to(&db, "person0@example.org").await.len();
    assert_eq!(decision_mails, 2, "received, and one decision");
});

on_both_backends!(a_deleted_author_leaves_an_anonymous_offer, |db| {
    let (_, category) = small_house(&db).await;
    let author = residents(&db, 1).await[0];
    let id = db
        .save_offer(author, None, &draft(category), true, SITE)
        .await
        .expect("submitted");
    db.post_offer_message(author, false, id, "Noch eine Frage.", SITE)
        .await
        .expect("message");
    let data = db.personal_data(author).await.expect("data");
    assert_eq!(data.offers.len(), 1);
    assert_eq!(data.offer_messages.len(), 1);
    db.delete_account(author).await.expect("deleted");
    let offer = db
        .offer(id)
        .await
        .expect("read")
        .expect("the offer stays with the house");
    assert_eq!(offer.account_id, None);
    assert_eq!(offer.contact, "");
    let queue = db.offer_queue(0).await.expect("queue");
    assert_eq!(queue.items[0].author_name, None);
    let thread = db.offer_messages(id).await.expect("thread");
    assert_eq!(thread[0].author_name, None);
});

on_both_backends!(closed_offers_lose_their_personal_data_once_a_day, |db| {
    let (_, category) = small_house(&db).await;
    let author = residents(&db, 1).await[0];
    let orga = organiser(&db).await;
    let mut ids = Vec::new();
    for _ in 0..4 {
        let id = db
            .save_offer(author, None, &draft(category), true, SITE)
            .await
            .expect("submitted");
        db.post_offer_message(author, false, id, "Meine Telefonnummer: 0231 123456", SITE)
            .await
            .expect("message");
        ids.push(id);
    }
    let (old_declined, new_withdrawn, old_accepted, old_open) = (ids[0], ids[1], ids[2], ids[3]);
    db.decide_offer(
        orga,
        old_declined,
        Decision::Decline,
        "Passt nicht.",
        None,
        SITE,
    )
    .await
    .expect("declined");
    db.withdraw_offer(author, new_withdrawn)
        .await
        .expect("withdrawn");
    db.decide_offer(
        orga,
        old_accepted,
        Decision::Accept,
        "",
        Some(plan("FREQ=WEEKLY;COUNT=2")),
        SITE,
    )
    .await
    .expect("accepted");
    let long_ago = app::db::now() - chrono::Duration::days(200);
    for id in [old_declined, old_accepted, old_open] {
        db.execute(
            "update offer set updated_at = $2 where offer_id = $1",
            app::args![id, app::db::instant(long_ago)],
        )
        .await
        .expect("aged");
    }
    let keep = chrono::Duration::days(183);
    let runs = (0..6).map(|_| {
        let db = db.clone();
        tokio::spawn(async move { db.run_daily_retention(day("2026-11-25"), keep).await })
    });
    let outcomes: Vec<Option<u64>> = futures::future::join_all(runs)
        .await
        .into_iter()
        .map(|r| r.expect("task").expect("run"))
        .collect();
    let worked: Vec<u64> = outcomes.iter().flatten().copied().collect();
    assert_eq!(
        worked,
        [1],
        "one run of the day, anonymising one offer: {outcomes:?}"
    );

    let forgotten = db
        .offer(old_declined)
        .await
        .expect("read")
        .expect("kept for the counts");
    assert_eq!(forgotten.account_id, None);
    assert_eq!(
        (forgotten.description.as_str(), forgotten.contact.as_str()),
        ("", "")
    );
    assert_eq!(forgotten.status, "declined");
    assert!(
        db.offer_messages(old_declined)
            .await
            .expect("thread")
            .is_empty()
    );
    for kept in [new_withdrawn, old_accepted, old_open] {
        let offer = db.offer(kept).await.expect("read").expect("offer");
        assert_eq!(
            offer.account_id,
            Some(author),
            "offer {kept} keeps its author"
        );
        assert_eq!(db.offer_messages(kept).await.expect("thread").len(), 1);
    }
    assert_eq!(
        db.run_daily_retention(day("2026-11-25"), keep)
            .await
            .expect("again"),
        None
    );
    assert_eq!(
        db.run_daily_retention(day("2026-11-26"), keep)
            .await
            .expect("next day"),
        Some(0)
    );
});

on_both_backends!(
    the_queue_comes_a_page_at_a_time_longest_waiting_first,
    |db| {
        let (_, category) = small_house(&db).await;
        let author = residents(&db, 1).await[0];
        let mut submitted = Vec::new();
        for n in 0..60 {
            let offer = OfferDraft {
                title: format!("Idee {n}"),
                ..draft(category)
            };
            submitted.push(
                db.save_offer(author, None, &offer, true, SITE)
                    .await
                    .expect("submitted"),
            );
        }
        let first = db.offer_queue(0).await.expect("page 0");
        let second = db.offer_queue(1).await.expect("page 1");
        assert_eq!(
            (first.items.len(), first.next_page, first.waiting),
            (50, Some(1), 60)
        );
        assert_eq!((second.items.len(), second.next_page), (10, None));
        let listed: Vec<i64> = first
            .items
            .iter()
            .chain(&second.items)
            .map(|o| o.offer_id)
            .collect();
        assert_eq!(
            listed, submitted,
            "every offer once, the longest waiting first"
        );
    }
);
