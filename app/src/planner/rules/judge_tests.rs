//! Tests of `judge`: one placement against a small house.
use super::*;
use crate::kernel::time::{local_to_utc, parse_local};

const HALL: i64 = 1;
const HALL_A: i64 = 2;
const HALL_B: i64 = 3;
const CAFE: i64 = 4;

fn at(local: &str) -> DateTime<Utc> {
    let local = parse_local(local).expect("valid local time");
    local_to_utc(local, HOUSE_ZONE).expect("an existing local time")
}

fn time(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).expect("valid time")
}

fn room(room_id: i64, parts: &[i64]) -> RoomInfo {
    RoomInfo {
        room_id,
        parts: parts.to_vec(),
        capacity: 80,
        ..RoomInfo::default()
    }
}

/// The hall (1) is hall A (2) and hall B (3) together; the café (4) has
/// buffers, 20 seats, step-free access and a kitchen. Open 08:00–23:00 daily.
fn house() -> PlannerContext {
    let cafe = RoomInfo {
        capacity: 20,
        features: vec!["step_free".to_owned(), "kitchen".to_owned()],
        buffer_before_minutes: 15,
        buffer_after_minutes: 15,
        ..room(CAFE, &[])
    };
    PlannerContext {
        rooms: vec![
            room(HALL, &[HALL_A, HALL_B]),
            room(HALL_A, &[]),
            room(HALL_B, &[]),
            cafe,
        ],
        uses: Vec::new(),
        opening_hours: OpeningHours::every_day(DayHours {
            opens: time(8, 0),
            closes: time(23, 0),
        }),
        closures: Vec::new(),
    }
}

fn with_use(
    mut context: PlannerContext,
    occurrence_id: i64,
    room_id: i64,
    from: &str,
    to: &str,
) -> PlannerContext {
    context.uses.push(RoomUse {
        occurrence_id,
        room_id,
        starts_at: at(from),
        ends_at: at(to),
    });
    context
}

fn candidate(room_id: i64, from: &str, to: &str) -> Candidate {
    Candidate {
        room_id,
        starts_at: at(from),
        ends_at: at(to),
        ..Candidate::default()
    }
}

fn taken(occurrence_id: i64, room_id: i64) -> Conflict {
    Conflict::RoomTaken {
        occurrence_id,
        room_id,
    }
}

#[test]
fn a_use_within_the_buffers_of_another_is_taken() {
    let house = with_use(house(), 7, CAFE, "2027-03-10T10:00", "2027-03-10T12:00");
    let close = judge(
        &candidate(CAFE, "2027-03-10T12:15", "2027-03-10T13:00"),
        &house,
    );
    assert_eq!(close.conflicts, [taken(7, CAFE)]);
    assert!(!close.fits());
    let apart = judge(
        &candidate(CAFE, "2027-03-10T12:30", "2027-03-10T13:00"),
        &house,
    );
    assert!(apart.fits(), "{apart:?}");
}

#[test]
fn touching_uses_of_a_room_without_buffers_both_fit() {
    let house = with_use(house(), 7, HALL_A, "2027-03-10T10:00", "2027-03-10T12:00");
    let after = judge(
        &candidate(HALL_A, "2027-03-10T12:00", "2027-03-10T14:00"),
        &house,
    );
    let before = judge(
        &candidate(HALL_A, "2027-03-10T08:00", "2027-03-10T10:00"),
        &house,
    );
    assert_eq!(after, Verdict::default());
    assert_eq!(before, Verdict::default());
}

#[test]
fn a_moved_use_does_not_collide_with_its_own_current_placement() {
    let house = with_use(house(), 7, CAFE, "2027-03-10T10:00", "2027-03-10T12:00");
    let mut moved = candidate(CAFE, "2027-03-10T10:30", "2027-03-10T12:30");
    moved.occurrence_id = Some(7);
    assert!(judge(&moved, &house).fits());
    moved.occurrence_id = Some(8);
    assert_eq!(judge(&moved, &house).conflicts, [taken(7, CAFE)]);
}

#[test]
fn the_whole_hall_is_blocked_by_a_use_of_one_part() {
    let house = with_use(house(), 7, HALL_B, "2027-03-10T10:00", "2027-03-10T12:00");
    let whole = judge(
        &candidate(HALL, "2027-03-10T11:00", "2027-03-10T13:00"),
        &house,
    );
    assert_eq!(whole.conflicts, [taken(7, HALL_B)]);
}

#[test]
fn a_part_of_the_hall_is_blocked_by_a_use_of_the_whole() {
    let house = with_use(house(), 7, HALL, "2027-03-10T10:00", "2027-03-10T12:00");
    for part in [HALL_A, HALL_B] {
        let verdict = judge(
            &candidate(part, "2027-03-10T11:00", "2027-03-10T13:00"),
            &house,
        );
        assert_eq!(verdict.conflicts, [taken(7, HALL)], "part {part}");
    }
}

#[test]
fn the_two_parts_of_the_hall_and_other_rooms_do_not_block_each_other() {
    let house = with_use(house(), 7, HALL_A, "2027-03-10T10:00", "2027-03-10T12:00");
    let house = with_use(house, 8, CAFE, "2027-03-10T10:00", "2027-03-10T12:00");
    let other_part = judge(
        &candidate(HALL_B, "2027-03-10T10:00", "2027-03-10T12:00"),
        &house,
    );
    assert!(other_part.fits(), "{other_part:?}");
}

#[test]
fn a_use_before_opening_or_after_closing_conflicts() {
    let outside = Conflict::OutsideOpeningHours {
        weekday: Weekday::Wed,
        opens: time(8, 0),
        closes: time(23, 0),
    };
    let early = judge(
        &candidate(CAFE, "2027-03-10T07:30", "2027-03-10T09:00"),
        &house(),
    );
    let late = judge(
        &candidate(CAFE, "2027-03-10T22:00", "2027-03-10T23:15"),
        &house(),
    );
    assert_eq!(early.conflicts, std::slice::from_ref(&outside));
    assert_eq!(late.conflicts, [outside]);
}

#[test]
fn a_use_on_a_weekday_the_house_is_closed_conflicts() {
    let mut house = house();
    house.opening_hours.week[6] = None;
    let sunday = judge(
        &candidate(CAFE, "2027-03-14T10:00", "2027-03-14T12:00"),
        &house,
    );
    assert_eq!(
        sunday.conflicts,
        [Conflict::HouseClosedOnWeekday {
            weekday: Weekday::Sun
        }]
    );
}

#[test]
fn a_use_exactly_filling_the_opening_hours_fits() {
    let verdict = judge(
        &candidate(CAFE, "2027-03-10T08:00", "2027-03-10T23:00"),
        &house(),
    );
    assert_eq!(verdict, Verdict::default());
}

#[test]
fn a_use_on_a_closure_day_conflicts() {
    let mut house = house();
    house.closures = vec![NaiveDate::from_ymd_opt(2027, 3, 10).expect("valid date")];
    let closed = judge(
        &candidate(CAFE, "2027-03-10T10:00", "2027-03-10T12:00"),
        &house,
    );
    assert_eq!(
        closed.conflicts,
        [Conflict::ClosureDay {
            date: NaiveDate::from_ymd_opt(2027, 3, 10).expect("valid date")
        }]
    );
    let next_day = judge(
        &candidate(CAFE, "2027-03-11T10:00", "2027-03-11T12:00"),
        &house,
    );
    assert!(next_day.fits());
}

#[test]
fn more_people_than_seats_asks_for_confirmation() {
    let mut crowded = candidate(CAFE, "2027-03-10T10:00", "2027-03-10T12:00");
    crowded.expected_attendance = Some(25);
    let verdict = judge(&crowded, &house());
    assert_eq!(
        verdict.warnings,
        [Warning::OverCapacity {
            capacity: 20,
            attendance: 25
        }]
    );
    assert!(verdict.fits());
    assert!(verdict.needs_confirmation());
    crowded.expected_attendance = Some(20);
    assert!(!judge(&crowded, &house()).needs_confirmation());
}

#[test]
fn each_missing_feature_asks_for_confirmation_once() {
    let mut cooking = candidate(CAFE, "2027-03-10T10:00", "2027-03-10T12:00");
    cooking.required_features = ["kitchen", "piano", "step_free", "mats", "piano"]
        .map(str::to_owned)
        .to_vec();
    let missing = |feature: &str| Warning::MissingFeature {
        feature: feature.to_owned(),
    };
    assert_eq!(
        judge(&cooking, &house()).warnings,
        [missing("mats"), missing("piano")]
    );
}

#[test]
fn a_loud_event_on_each_quiet_day_of_2027_and_2028_asks_for_confirmation() {
    let days = [
        ("2027-03-26", QuietDay::GoodFriday),
        ("2027-11-01", QuietDay::AllSaints),
        ("2027-11-14", QuietDay::NationalDayOfMourning),
        ("2027-11-21", QuietDay::SundayOfTheDead),
        ("2028-04-14", QuietDay::GoodFriday),
        ("2028-11-01", QuietDay::AllSaints),
        ("2028-11-19", QuietDay::NationalDayOfMourning),
        ("2028-11-26", QuietDay::SundayOfTheDead),
    ];
    for (date, day) in days {
        let mut party = candidate(HALL, &format!("{date}T19:00"), &format!("{date}T22:00"));
        party.loud = true;
        let verdict = judge(&party, &house());
        let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").expect("valid date");
        assert_eq!(verdict.warnings, [Warning::LoudOnQuietDay { date, day }]);
        assert!(verdict.needs_confirmation());
    }
}

#[test]
fn a_quiet_event_on_a_quiet_day_has_no_warning() {
    let reading = candidate(HALL, "2027-11-21T19:00", "2027-11-21T21:00");
    assert_eq!(judge(&reading, &house()), Verdict::default());
}

#[test]
fn an_end_at_or_before_the_start_is_refused() {
    let backwards = judge(
        &candidate(CAFE, "2027-03-10T12:00", "2027-03-10T10:00"),
        &house(),
    );
    let empty = judge(
        &candidate(CAFE, "2027-03-10T12:00", "2027-03-10T12:00"),
        &house(),
    );
    assert_eq!(backwards.conflicts, [Conflict::EndNotAfterStart]);
    assert_eq!(empty.conflicts, [Conflict::EndNotAfterStart]);
}

#[test]
fn a_use_of_thirty_hours_is_refused_and_one_of_twenty_four_fits() {
    let mut house = house();
    house.opening_hours = OpeningHours::every_day(DayHours {
        opens: time(0, 0),
        closes: time(0, 0),
    });
    let long = judge(
        &candidate(CAFE, "2027-03-10T10:00", "2027-03-11T16:00"),
        &house,
    );
    assert_eq!(long.conflicts, [Conflict::TooLong { max_hours: 24 }]);
    let day = judge(
        &candidate(CAFE, "2027-03-10T10:00", "2027-03-11T10:00"),
        &house,
    );
    assert!(day.fits(), "{day:?}");
}

#[test]
fn an_unknown_room_is_refused() {
    let verdict = judge(
        &candidate(99, "2027-03-10T10:00", "2027-03-10T12:00"),
        &house(),
    );
    assert_eq!(verdict.conflicts, [Conflict::UnknownRoom { room_id: 99 }]);
}

#[test]
fn a_verdict_that_does_not_fit_needs_no_confirmation_and_survives_the_wire() {
    let house = with_use(house(), 7, CAFE, "2027-03-10T10:00", "2027-03-10T12:00");
    let mut loud = candidate(CAFE, "2027-03-10T11:00", "2027-03-10T12:00");
    loud.expected_attendance = Some(30);
    let verdict = judge(&loud, &house);
    assert!(!verdict.fits());
    assert!(!verdict.needs_confirmation());
    let json = serde_json::to_string(&verdict).expect("serialises");
    let back: Verdict = serde_json::from_str(&json).expect("deserialises");
    assert_eq!(back, verdict);
}
