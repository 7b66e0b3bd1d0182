use super::*;
use crate::calendar::query::Audience;

fn input() -> OfferInput {
    OfferInput {
        title: "  Repair-Café  ".to_owned(),
        description: "Jeden ersten Samstag **reparieren** wir.".to_owned(),
        category_id: "3".to_owned(),
        frequency: "jeden ersten Samstag".to_owned(),
        expected_participants: "25".to_owned(),
        needs_features: vec![
            "workbench".to_owned(),
            "teleporter".to_owned(),
            "step_free".to_owned(),
        ],
        languages: vec!["uk".to_owned(), "de".to_owned(), "xx".to_owned()],
        ..OfferInput::default()
    }
}

#[test]
fn a_good_offer_is_trimmed_and_keeps_known_choices_only_in_their_order() {
    let draft = input().parse().expect("valid");
    assert_eq!(draft.title, "Repair-Café");
    assert_eq!(draft.category_id, 3);
    assert_eq!(draft.expected_participants, Some(25));
    assert_eq!(draft.needs_features, ["step_free", "workbench"]);
    assert_eq!(draft.languages, ["de", "uk"]);
    assert_eq!(
        draft.audience,
        [Audience::Everyone],
        "everyone unless narrowed"
    );
    assert_eq!(draft.group_id, None);
}

#[test]
fn every_bad_field_is_reported_at_once_at_its_field() {
    let bad = OfferInput {
        title: " ".to_owned(),
        description: "x".repeat(DESCRIPTION_MAX_CHARS + 1),
        category_id: "-1".to_owned(),
        group_id: "abc".to_owned(),
        expected_participants: (PARTICIPANTS_MAX + 1).to_string(),
        frequency: "y".repeat(SHORT_TEXT_MAX_CHARS + 1),
        contact: "z".repeat(SHORT_TEXT_MAX_CHARS + 1),
        ..OfferInput::default()
    };
    let errors = bad.parse().expect_err("invalid");
    let at: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    for field in [
        fields::TITLE,
        fields::DESCRIPTION,
        fields::CATEGORY_ID,
        fields::GROUP_ID,
        fields::EXPECTED_PARTICIPANTS,
        fields::FREQUENCY,
        fields::CONTACT,
    ] {
        assert!(at.contains(&field), "no error at {field}: {at:?}");
    }
    let long_title = OfferInput {
        title: "t".repeat(TITLE_MAX_CHARS + 1),
        ..input()
    };
    assert_eq!(
        long_title.parse().expect_err("too long")[0].msg,
        Msg::TitleTooLong
    );
    for participants in ["0", "-3", "viele", "2.5"] {
        let n = OfferInput {
            expected_participants: participants.to_owned(),
            ..input()
        };
        assert!(n.parse().is_err(), "{participants}");
    }
}

#[test]
fn the_author_edits_before_a_decision_and_withdraws_until_one() {
    use OfferStatus::*;
    let editable: Vec<_> = OfferStatus::ALL
        .into_iter()
        .filter(|s| s.editable())
        .collect();
    assert_eq!(editable, [Draft, NeedsChanges]);
    let withdrawable: Vec<_> = OfferStatus::ALL
        .into_iter()
        .filter(|s| s.withdrawable())
        .collect();
    assert_eq!(withdrawable, [Draft, Submitted, NeedsChanges]);
    assert!(!Draft.visible_to_house(), "a draft is its author's alone");
    assert!(Submitted.visible_to_house() && Declined.visible_to_house());
    for status in OfferStatus::ALL {
        assert_eq!(OfferStatus::from_code(status.code()), Some(status));
    }
    assert_eq!(OfferStatus::from_code("accepted; drop table"), None);
}

#[test]
fn a_decision_is_taken_once_from_an_open_state() {
    use OfferStatus::*;
    assert_eq!(Decision::AskChanges.from_states(), [Submitted]);
    for decision in [Decision::Accept, Decision::Decline] {
        assert_eq!(decision.from_states(), [Submitted, NeedsChanges]);
    }
    for decision in [Decision::AskChanges, Decision::Accept, Decision::Decline] {
        assert!(
            !decision.from_states().contains(&decision.outcome()),
            "{decision:?} cannot be taken twice"
        );
        for closed in [Draft, Accepted, Declined, Withdrawn] {
            assert!(!decision.from_states().contains(&closed));
        }
    }
    assert_eq!(Decision::from_code("accept"), Some(Decision::Accept));
    assert_eq!(Decision::from_code("publish"), None);
}

#[test]
fn a_no_needs_a_reason_a_yes_does_not() {
    assert!(
        parse_reason(Decision::Accept, "  ")
            .expect("fine")
            .is_empty()
    );
    assert_eq!(
        parse_reason(Decision::Decline, " ")
            .expect_err("needed")
            .msg,
        Msg::MessageRequired
    );
    assert!(parse_reason(Decision::AskChanges, "Bitte die Uhrzeit nennen").is_ok());
    assert_eq!(
        parse_message(fields::BODY, &"m".repeat(MESSAGE_MAX_CHARS + 1))
            .expect_err("too long")
            .msg,
        Msg::TextTooLong
    );
    assert_eq!(
        parse_message(fields::BODY, "  Danke!  ").expect("ok"),
        "Danke!"
    );
}
