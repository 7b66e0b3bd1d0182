use super::*;
use chrono::TimeZone;

fn input(date: &str, starts: &str, ends: &str, guests: &str) -> RequestInput {
    RequestInput {
        room_id: "3".into(),
        date: date.into(),
        starts: starts.into(),
        ends: ends.into(),
        purpose: "Geburtstag meiner Tochter".into(),
        guests: guests.into(),
        contact: "0231 123456".into(),
        rules_accepted: true,
    }
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 3, 1, 9, 0, 0)
        .single()
        .expect("valid")
}

fn fields_of(errors: &[FieldError]) -> Vec<(&str, Msg)> {
    errors.iter().map(|e| (e.field.as_str(), e.msg)).collect()
}

#[test]
fn a_request_in_house_time_becomes_an_instant() {
    let draft = input("2027-03-20", "15:00", "19:30", "25")
        .parse(now())
        .expect("valid");
    // Berlin is an hour ahead of UTC in March before the clock change.
    assert_eq!(
        draft.starts_at,
        Utc.with_ymd_and_hms(2027, 3, 20, 14, 0, 0)
            .single()
            .expect("valid")
    );
    assert_eq!(draft.ends_at - draft.starts_at, Duration::minutes(270));
    assert_eq!(draft.guests, 25);
}

#[test]
fn every_bad_field_is_named_at_once() {
    let mut bad = input("2027-02-30", "25:00", "", "0");
    bad.purpose = "  ".into();
    bad.rules_accepted = false;
    bad.room_id = "x".into();
    let errors = bad.parse(now()).expect_err("invalid");
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    for field in [
        fields::ROOM_ID,
        fields::DATE,
        fields::STARTS,
        fields::ENDS,
        fields::PURPOSE,
        fields::GUESTS,
        fields::RULES_ACCEPTED,
    ] {
        assert!(fields.contains(&field), "{field} missing in {fields:?}");
    }
}

#[test]
fn the_past_a_backwards_span_and_a_skipped_hour_are_refused_at_their_field() {
    let past = input("2027-02-28", "15:00", "16:00", "5").parse(now());
    assert_eq!(
        fields_of(&past.expect_err("past")),
        vec![(fields::DATE, Msg::RequestInPast)]
    );
    let backwards = input("2027-03-20", "16:00", "15:00", "5").parse(now());
    assert_eq!(
        fields_of(&backwards.expect_err("backwards")),
        vec![(fields::ENDS, Msg::EndBeforeStart)]
    );
    // 28 March 2027: Berlin's clocks jump from 02:00 to 03:00.
    let skipped = input("2027-03-28", "02:30", "04:00", "5").parse(now());
    assert_eq!(
        fields_of(&skipped.expect_err("skipped")),
        vec![(fields::STARTS, Msg::TimeSkippedByDst)]
    );
}

#[test]
fn guests_and_texts_have_limits() {
    let many = input("2027-03-20", "15:00", "16:00", "1001").parse(now());
    assert_eq!(
        fields_of(&many.expect_err("too many")),
        vec![(fields::GUESTS, Msg::GuestsInvalid)]
    );
    let mut long = input("2027-03-20", "15:00", "16:00", "5");
    long.purpose = "x".repeat(PURPOSE_MAX_CHARS + 1);
    long.contact = "a\u{0}b".into();
    let errors = long.parse(now()).expect_err("too long");
    assert_eq!(
        fields_of(&errors),
        vec![
            (fields::PURPOSE, Msg::TextTooLong),
            (fields::CONTACT, Msg::OneLineOnly)
        ]
    );
}

#[test]
fn the_verdict_reads_at_the_fields_and_capacity_at_the_guests() {
    let verdict = Verdict {
        conflicts: vec![
            Conflict::RoomTaken {
                occurrence_id: 1,
                room_id: 3,
            },
            Conflict::RoomTaken {
                occurrence_id: 2,
                room_id: 3,
            },
            Conflict::ClosureDay {
                date: NaiveDate::from_ymd_opt(2027, 3, 20).expect("valid"),
            },
        ],
        warnings: vec![],
    };
    assert_eq!(
        fields_of(&request_errors(&verdict, 20, 21)),
        vec![
            (fields::STARTS, Msg::RequestSlotTaken),
            (fields::DATE, Msg::PlannerClosureDay),
            (fields::GUESTS, Msg::RequestOverCapacity)
        ]
    );
    assert!(request_errors(&Verdict::default(), 20, 20).is_empty());
}

fn at(d: u32, h: u32, m: u32) -> DateTime<Utc> {
    HOUSE_ZONE
        .with_ymd_and_hms(2027, 3, d, h, m, 0)
        .single()
        .expect("valid")
        .with_timezone(&Utc)
}

#[test]
fn the_week_shows_merged_busy_times_with_buffers_cut_at_midnight() {
    let monday = NaiveDate::from_ymd_opt(2027, 3, 22).expect("valid");
    let uses = [
        TimeSlot {
            starts_at: at(22, 10, 0),
            ends_at: at(22, 12, 0),
        },
        TimeSlot {
            starts_at: at(22, 12, 15),
            ends_at: at(22, 13, 0),
        },
        // Across midnight into Tuesday.
        TimeSlot {
            starts_at: at(23, 22, 0),
            ends_at: at(24, 1, 0),
        },
    ];
    let week = week_busy(monday, &uses, Duration::minutes(15));
    assert_eq!(week.len(), 7);
    assert_eq!(week[0].spans, vec![(9 * 60 + 45, 13 * 60 + 15)]);
    assert_eq!(week[1].spans, vec![(21 * 60 + 45, 24 * 60)]);
    assert_eq!(week[2].spans, vec![(0, 60 + 15)]);
    assert!(week[3].spans.is_empty());
    assert_eq!(clock(24 * 60), "24:00");
}

#[test]
fn the_day_of_the_clock_change_shows_wall_clock_times() {
    // Sunday 28 March 2027 has 23 hours: a use from 01:00 to 04:00 lasts two
    // hours, and the door shows 01:00 to 04:00.
    let monday = NaiveDate::from_ymd_opt(2027, 3, 22).expect("valid");
    let uses = [TimeSlot {
        starts_at: at(28, 1, 0),
        ends_at: at(28, 4, 0),
    }];
    let week = week_busy(monday, &uses, Duration::zero());
    assert_eq!(uses[0].ends_at - uses[0].starts_at, Duration::hours(2));
    assert_eq!(week[6].spans, vec![(60, 4 * 60)]);
}

#[test]
fn fees_are_read_in_euros_and_cents() {
    assert_eq!(parse_fee(""), Ok(None));
    assert_eq!(parse_fee("25"), Ok(Some(2500)));
    assert_eq!(parse_fee("25,5"), Ok(Some(2550)));
    assert_eq!(parse_fee("25.50 €"), Ok(Some(2550)));
    assert_eq!(parse_fee("-3"), Err(Msg::FeeInvalid));
    assert_eq!(parse_fee("1,234"), Err(Msg::FeeInvalid));
    assert_eq!(parse_fee("99999999"), Err(Msg::FeeInvalid));
}
